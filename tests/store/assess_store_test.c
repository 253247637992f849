/* assess_store_test.c — assessments, eligibility decisions, RAS configurations and calculations,
 * overrides, charging settings, financial assessments and the net budget, on both backends. The
 * figures are the hand-worked ones of docs/ras.md (the demo "moderate" case: £287.00 a week) and
 * docs/charging.md (the example: £20.75 a week). */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/err.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "store/assess_store.h"
#include "store/records.h"
#include "store/store.h"

#include "../check.h"
#include "fixtures.h"

#define DEMO_RAS "data/ras/demo-council-ras-v1.json"

static const struct assess_actor WORKER = {"staff:1", "Sam Worker"};
static const struct assess_actor PERSON = {"account:7", "Linda Linked"};

static day_t day_of(const char *iso)
{
    day_t d = 0;
    CHECK_INT(date_parse_iso(iso, strlen(iso), &d, "d", NULL), 0);
    return d;
}

/* The demo configuration with another council code (and optionally another version and dates). */
static char *demo_config(const char *code, const char *version, const char *from)
{
    const struct asset *as = asset_find(DEMO_RAS);
    json_t *doc;
    char *text;
    CHECK(as != NULL);
    if (!as)
        return NULL;
    doc = json_loadb((const char *)as->data, as->len, 0, NULL);
    CHECK(doc != NULL);
    json_object_set_new(doc, "council_code", json_string(code));
    if (version)
        json_object_set_new(doc, "version", json_string(version));
    if (from)
        json_object_set_new(doc, "effective_from", json_string(from));
    text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return text;
}

static int64_t load_demo(struct store_conn *c, int64_t council_id, const char *code,
                         const char *version, const char *from)
{
    char *text = demo_config(code, version, from);
    struct assess_ras_config_row row;
    struct arena a;
    struct err e = {0};
    int64_t id = 0;
    arena_init(&a, 0);
    CHECK_INT(store_begin(c, &e), 0);
    if (assess_ras_config_load(c, council_id, ASSESS_NEEDS, text, strlen(text), &WORKER, FX_NOW,
                               &a, &row, &e) != 0)
        check_fail(__FILE__, __LINE__, "load: %s", e.msg);
    else
        id = row.id;
    CHECK_INT(store_commit(c, &e), 0);
    free(text);
    arena_release(&a);
    return id;
}

/* The answers of tests/data/ras/demo-moderate-answers.json. */
static const char *const MODERATE[][2] = {
    {"eating_drinking.meals", "some_help"},    {"eating_drinking.eating", "independent"},
    {"personal_care.washing", "daily_help"},   {"personal_care.grooming", "some_help"},
    {"toileting.toilet", "occasional"},        {"toileting.continence", "manages_own"},
    {"dressing.dressing", "some_help"},        {"home_safety.mobility", "aids"},
    {"home_safety.risk", "some"},              {"keeping_home.housework", "most_help"},
    {"keeping_home.shopping_bills", "some_help"}, {"relationships.contact", "some_help"},
    {"work_learning.activity", "not_wanted"},  {"community.getting_out", "some_help"},
    {"community.frequency", "weekly"},         {"caring_for_child.parenting", "not_applicable"},
    {"health_behaviour.health", "medication"}, {"health_behaviour.behaviour", "none"},
    {"night_time.night", "none"},
};

/* Fills a needs assessment with the moderate answers, the carer and rural adjustment of the worked
 * example, and eligibility answers that meet all three conditions. */
static void fill_moderate(struct store_conn *c, int64_t council_id, struct assessment *as)
{
    struct err e = {0};
    CHECK_INT(store_begin(c, &e), 0);
    for (size_t i = 0; i < sizeof MODERATE / sizeof MODERATE[0]; i++)
        if (assess_set_ras_answer(c, council_id, as, MODERATE[i][0], MODERATE[i][1], FX_NOW,
                                  &e) != 0)
            check_fail(__FILE__, __LINE__, "answer %s: %s", MODERATE[i][0], e.msg);
    CHECK_INT(assess_set_carer_support(c, council_id, as, "personal_care", "some", FX_NOW, &e), 0);
    CHECK_INT(assess_set_carer_support(c, council_id, as, "keeping_home", "most", FX_NOW, &e), 0);
    CHECK_INT(assess_set_carer_support(c, council_id, as, "toileting", "none", FX_NOW, &e), 0);
    for (int i = 0; i < ELIG_ADULT_OUTCOMES; i++) {
        const struct elig_outcome_info *o = elig_adult_outcome(i);
        enum elig_status st = i < 3 ? ELIG_NOT_ACHIEVED
                              : o->may_be_not_applicable ? ELIG_NOT_APPLICABLE
                                                         : ELIG_ACHIEVED;
        unsigned why = i == 0 ? ELIG_REASON_NEEDS_HELP
                       : i == 1 ? ELIG_REASON_PAIN
                       : i == 2 ? ELIG_REASON_TAKES_LONGER
                                : 0;
        if (assess_set_outcome(c, council_id, as, o->key, st, why, i == 0 ? "I forget to eat" : NULL,
                               FX_NOW, &e) != 0)
            check_fail(__FILE__, __LINE__, "outcome %s: %s", o->key, e.msg);
    }
    as->what_matters = "Seeing my grandchildren and staying in my own home.";
    as->condition1 = ELIG_YES;
    as->significant_impact = ELIG_YES;
    as->wellbeing = ELIG_WB_DIGNITY | ELIG_WB_HEALTH;
    as->carer_helps = ELIG_YES;
    as->adjustments = "rural";
    CHECK_INT(assess_update_facts(c, council_id, as, FX_NOW, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    if (e.code)
        check_fail(__FILE__, __LINE__, "fill: %s", e.msg);
}

STORE_TEST(assess_self_assessment_saved_step_by_step_then_budget_and_decision)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as, again, other;
    struct assess_calc calc;
    struct assess_decision d;
    const struct ras_result *r = NULL;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Linda", "Linked", "1950-03-31", NULL);
    int64_t cfg = load_demo(c, council, "DEMO", NULL, NULL);
    day_t today = day_of("2026-05-12");
    arena_init(&a, 0);

    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, cfg, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(as.seq, 1);
    CHECK_INT(as.status, ASSESS_DRAFT);
    CHECK_INT(as.version, 1);
    CHECK_STR(as.started_by_name, "Linda Linked");

    /* A second one cannot start while this is in progress. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_CARER, 0, &PERSON, FX_NOW, &a, &other, &e),
              ERR_CONFLICT);
    store_rollback(c);
    err_clear(&e);

    fill_moderate(c, council, &as);
    /* Each step saved: coming back finds every answer. */
    CHECK_INT(assess_current(c, council, person, &a, &again, &e), 0);
    CHECK_INT(again.nanswers, 19);
    CHECK_INT(again.noutcomes, 10);
    CHECK_INT(again.ncarer, 3);
    CHECK_STR(assess_find_answer(&again, "personal_care.washing"), "daily_help");
    CHECK_STR(assess_find_carer(&again, "keeping_home"), "most");
    CHECK_STR(assess_find_outcome(&again, "nutrition")->notes, "I forget to eat");
    CHECK_INT(assess_find_outcome(&again, "toilet_needs")->reasons, ELIG_REASON_TAKES_LONGER);
    CHECK_INT(again.wellbeing, ELIG_WB_DIGNITY | ELIG_WB_HEALTH);
    CHECK_STR(again.what_matters, "Seeing my grandchildren and staying in my own home.");
    CHECK(assess_has_adjustment(&again, "rural"));
    CHECK(!assess_has_adjustment(&again, "rura"));
    CHECK_INT(again.version, as.version);

    /* Someone still holding the old version is refused, and nothing changes. */
    {
        struct assessment stale = again;
        stale.version = 1;
        CHECK_INT(store_begin(c, &e), 0);
        CHECK_INT(assess_set_ras_answer(c, council, &stale, "night_time.night", "waking", FX_NOW,
                                        &e),
                  ERR_CONFLICT);
        store_rollback(c);
        err_clear(&e);
    }

    /* Submitted by the person: the budget is worked out at once, as in docs/ras.md. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_submit(c, council, &again, &PERSON, today, FX_NOW, &e), 0);
    CHECK_INT(assess_budget_calculate(c, council, &again, &PERSON, today, FX_NOW, &a, &calc, &r, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(calc.status, ASSESS_CALC_CALCULATED);
    CHECK_INT(calc.weekly, 28700);
    CHECK_INT(calc.annual, 28700 * 52);
    CHECK_STR(calc.config_version, "1.0");
    CHECK_STR(calc.asked_by, "account:7");
    CHECK_INT(calc.ras_config_id, cfg);
    CHECK_CONTAINS(calc.result_json, "\"weekly\": \"287.00\"");
    CHECK_CONTAINS(calc.inputs_json, "\"personal_care\": \"some\"");
    CHECK(r != NULL && r->points_total == 63);

    /* The stored inputs give the same figure again through the answers reader. */
    {
        struct ras_answers ans;
        struct assess_ras_config_row row;
        struct ras_config *rc = NULL;
        struct ras_result *r2 = NULL;
        CHECK_INT(ras_answers_parse(calc.inputs_json, strlen(calc.inputs_json), &a, &ans, &e), 0);
        CHECK_INT(assess_ras_config_get(c, council, cfg, &a, &row, &e), 0);
        CHECK_INT(assess_ras_config_parse(&row, &a, &rc, &e), 0);
        CHECK_INT(ras_calculate(rc, &ans, &a, &r2, &e), 0);
        CHECK(r2 && r2->weekly == 28700);
    }

    /* Submitted twice: refused. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_submit(c, council, &again, &PERSON, today, FX_NOW, &e), ERR_CONFLICT);
    store_rollback(c);
    err_clear(&e);

    /* The worker completes it and the decision is made and kept. */
    again.ordinary_residence = "confirmed";
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_update_facts(c, council, &again, FX_NOW + 60, &e), 0);
    CHECK_INT(assess_mark_completed(c, council, &again, &WORKER, today + 2, FX_NOW + 60, &e), 0);
    CHECK_INT(assess_decide(c, council, &again, &WORKER, today + 2, FX_NOW + 60, &a, &d, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK(d.eligible);
    CHECK_INT(d.unable_count, 3);
    CHECK_CONTAINS(d.decision_text, "All three conditions are met");
    CHECK_CONTAINS(d.decision_text, "\n\n");
    CHECK_CONTAINS(d.inputs_json, "\"takes_longer\"");
    {
        struct assess_decision back;
        CHECK_INT(assess_decision_get(c, council, again.id, &a, &back, &e), 0);
        CHECK_STR(back.decision_text, d.decision_text);
        CHECK_STR(back.decided_by_name, "Sam Worker");
        CHECK_INT(back.decided_on, today + 2);
        CHECK_STR(back.ordinary_residence, "confirmed");
    }
    /* The assessment date stays the date it was sent. */
    CHECK_INT(assess_get(c, council, again.id, &a, &as, &e), 0);
    CHECK_INT(as.status, ASSESS_COMPLETED);
    CHECK_INT(as.assessment_date, today);
    CHECK_STR(as.completed_by, "staff:1");

    /* Completed is final: answers cannot change, a second decision is refused. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "night_time.night", "waking", FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "reassessment");
    store_rollback(c);
    err_clear(&e);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_decide(c, council, &as, &WORKER, today, FX_NOW, &a, &d, &e), ERR_CONFLICT);
    store_rollback(c);
    err_clear(&e);

    /* A reassessment is a new row; the old one and its decision stay. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, cfg, &WORKER, FX_NOW + 120, &a, &other,
                           &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(other.seq, 2);
    CHECK_INT(other.supersedes_id, as.id);
    CHECK_INT(other.nanswers, 0);
    {
        struct assessment *items;
        size_t n;
        struct assess_decision old;
        CHECK_INT(assess_list(c, council, person, &a, &items, &n, &e), 0);
        CHECK_INT(n, 2);
        CHECK_INT(items[0].id, other.id);
        CHECK_INT(items[1].status, ASSESS_COMPLETED);
        CHECK_INT(assess_decision_get(c, council, as.id, &a, &old, &e), 0);
        CHECK_INT(assess_latest_completed(c, council, person, &a, &again, &e), 0);
        CHECK_INT(again.id, as.id);
    }
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_answers_are_checked_before_they_are_stored)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as, carer;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Ann", "Other", "1960-01-02", NULL);
    int64_t person2 = fx_person(c, council, "Cara", "Carer", "1970-01-02", NULL);
    arena_init(&a, 0);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(assess_start(c, council, person2, ASSESS_CARER, 0, &PERSON, FX_NOW, &a, &carer, &e),
              0);

    CHECK_INT(assess_set_outcome(c, council, &as, "nutrition", ELIG_NOT_ACHIEVED, 0, NULL, FX_NOW,
                                 &e),
              ERR_INVALID);
    CHECK_STR(e.field, "outcomes.nutrition");
    CHECK_CONTAINS(e.msg, "at least one reason");
    err_clear(&e);
    CHECK_INT(assess_set_outcome(c, council, &as, "nutrition", ELIG_ACHIEVED,
                                 ELIG_REASON_NEEDS_HELP, NULL, FX_NOW, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(assess_set_outcome(c, council, &as, "nutrition", ELIG_NOT_APPLICABLE, 0, NULL, FX_NOW,
                                 &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "applies to everyone");
    err_clear(&e);
    CHECK_INT(assess_set_outcome(c, council, &as, "recreation", ELIG_ACHIEVED, 0, NULL, FX_NOW, &e),
              ERR_INVALID); /* a carer's outcome, not an adult's */
    err_clear(&e);
    CHECK_INT(assess_set_outcome(c, council, &as, "child_care", ELIG_NOT_APPLICABLE, 0, NULL, FX_NOW,
                                 &e),
              0);
    /* "Takes significantly longer" is not a carer's reason (reg 3(3)). */
    CHECK_INT(assess_set_outcome(c, council, &carer, "recreation", ELIG_NOT_ACHIEVED,
                                 ELIG_REASON_TAKES_LONGER, NULL, FX_NOW, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "reg 3(3)");
    err_clear(&e);
    CHECK_INT(assess_set_outcome(c, council, &carer, "recreation", ELIG_NOT_ACHIEVED,
                                 ELIG_REASON_PAIN, "I never get a break", FX_NOW, &e),
              0);
    /* Health at risk is a carer's question only. */
    as.health_at_risk = ELIG_YES;
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), ERR_INVALID);
    CHECK_STR(e.field, "health_at_risk");
    err_clear(&e);
    as.health_at_risk = ELIG_UNANSWERED;
    /* Free text: control characters refused, too long refused. */
    as.what_matters = "bad\001text";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), ERR_INVALID);
    CHECK_STR(e.field, "what_matters");
    err_clear(&e);
    {
        char *big = arena_alloc(&a, 5000);
        memset(big, 'x', 4999);
        big[4999] = '\0';
        as.what_matters = big;
        CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), ERR_INVALID);
        err_clear(&e);
    }
    as.what_matters = "  Staying independent.  ";
    as.adjustments = "rural,Bad Id";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), ERR_INVALID);
    CHECK_STR(e.field, "adjustments");
    err_clear(&e);
    as.adjustments = "";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), 0);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "no_dot", "x", FX_NOW, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "a.b", "Not An Id", FX_NOW, &e), ERR_INVALID);
    err_clear(&e);
    /* Cleared answers disappear. */
    CHECK_INT(assess_set_ras_answer(c, council, &as, "a.b", "c", FX_NOW, &e), 0);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "a.b", NULL, FX_NOW, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(assess_get(c, council, as.id, &a, &as, &e), 0);
    CHECK(assess_find_answer(&as, "a.b") == NULL);
    CHECK_STR(as.what_matters, "Staying independent.");
    CHECK_INT(as.noutcomes, 1);

    /* Changes outside a transaction are refused. */
    CHECK_INT(assess_set_ras_answer(c, council, &as, "a.b", "c", FX_NOW, &e), ERR_INVALID);
    err_clear(&e);

    /* A decision on an incomplete assessment is refused by the domain, naming the outcome. */
    as.ordinary_residence = "confirmed";
    CHECK_INT(store_begin(c, &e), 0);
    {
        struct assess_decision d;
        CHECK_INT(assess_decide(c, council, &as, &WORKER, FX_NOW / 86400, FX_NOW, &a, &d, &e),
                  ERR_INVALID);
        CHECK(e.field[0] != 0);
    }
    store_rollback(c);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_ras_configurations_are_versioned_by_council_and_date)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assess_ras_config_row row, *items;
    size_t n;
    int64_t demo = fx_council(c, "DEMO");
    int64_t other = fx_council(c, "OTHER");
    int64_t v1 = load_demo(c, demo, "DEMO", "1.0", "2025-04-01");
    int64_t v2 = load_demo(c, demo, "DEMO", "2.0", "2026-04-01");
    char *text;
    arena_init(&a, 0);

    CHECK_INT(assess_ras_config_in_force(c, demo, ASSESS_NEEDS, day_of("2025-04-01"), &a, &row, &e),
              0);
    CHECK_INT(row.id, v1);
    CHECK_INT(assess_ras_config_in_force(c, demo, ASSESS_NEEDS, day_of("2026-03-31"), &a, &row, &e),
              0);
    CHECK_INT(row.id, v1);
    CHECK_INT(assess_ras_config_in_force(c, demo, ASSESS_NEEDS, day_of("2026-04-01"), &a, &row, &e),
              0);
    CHECK_INT(row.id, v2);
    CHECK_STR(row.version, "2.0");
    CHECK_INT(strlen(row.sha256), 64);
    CHECK_STR(row.loaded_by_name, "Sam Worker");
    CHECK_INT(assess_ras_config_in_force(c, demo, ASSESS_NEEDS, day_of("2025-03-31"), &a, &row, &e),
              ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_ras_config_in_force(c, demo, ASSESS_CARER, day_of("2026-05-01"), &a, &row, &e),
              ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "carer's assessment");
    err_clear(&e);
    CHECK_INT(assess_ras_config_list(c, demo, &a, &items, &n, &e), 0);
    CHECK_INT(n, 2);
    CHECK_INT(items[0].id, v2);

    /* Tenancy: another council sees none of them and cannot load DEMO's file. */
    CHECK_INT(assess_ras_config_get(c, other, v1, &a, &row, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_ras_config_in_force(c, other, ASSESS_NEEDS, day_of("2026-05-01"), &a, &row, &e),
              ERR_NOT_FOUND);
    err_clear(&e);
    text = demo_config("DEMO", "3.0", NULL);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_ras_config_load(c, other, ASSESS_NEEDS, text, strlen(text), &WORKER, FX_NOW,
                                     &a, &row, &e),
              ERR_INVALID);
    CHECK_STR(e.field, "council_code");
    CHECK_CONTAINS(e.msg, "for council DEMO, not OTHER");
    store_rollback(c);
    err_clear(&e);
    free(text);

    /* The same version twice: refused, naming it. */
    text = demo_config("DEMO", "2.0", "2027-04-01");
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_ras_config_load(c, demo, ASSESS_NEEDS, text, strlen(text), &WORKER, FX_NOW, &a,
                                     &row, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "Version 2.0");
    store_rollback(c);
    err_clear(&e);
    free(text);

    /* A configuration the reader refuses is not stored; the message names the path. */
    {
        static const char bad[] = "{\"format\": \"selfdirect-ras/1\", \"council_code\": \"DEMO\", "
                                  "\"max_point\": 3}";
        CHECK_INT(store_begin(c, &e), 0);
        CHECK_INT(assess_ras_config_load(c, demo, ASSESS_NEEDS, bad, strlen(bad), &WORKER, FX_NOW,
                                         &a, &row, &e),
                  ERR_INVALID);
        CHECK_CONTAINS(e.msg, "max_point");
        store_rollback(c);
        err_clear(&e);
    }
    CHECK_INT(fx_count(c, "ras_configs"), 2);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_flagged_answers_are_stored_as_a_refusal_and_overrides_keep_both_figures)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as;
    struct assess_calc calc, ov, standing, *hist;
    size_t n;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Bob", "Brown", "1955-05-05", NULL);
    day_t today = day_of("2026-05-12");
    arena_init(&a, 0);
    (void)load_demo(c, council, "DEMO", NULL, NULL);

    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "personal_care.washing", "independent", FX_NOW,
                                    &e),
              0);
    CHECK_INT(assess_set_ras_answer(c, council, &as, "toileting.toilet", "help_every_time", FX_NOW,
                                    &e),
              0);
    CHECK_INT(assess_budget_calculate(c, council, &as, &PERSON, today, FX_NOW, &a, &calc, NULL, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(calc.status, ASSESS_CALC_REFUSED);
    CHECK_INT(calc.weekly, -1);
    CHECK_CONTAINS(calc.result_json, "\"refused\"");
    CHECK_CONTAINS(calc.result_json, "required_question_unanswered");
    CHECK_CONTAINS(calc.result_json, "inconsistent_answers");
    CHECK_INT(assess_budget_standing(c, council, as.id, &a, &standing, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_budget_latest(c, council, as.id, &a, &standing, &e), 0);
    CHECK_INT(standing.id, calc.id);

    /* Fixed answers, completed, calculated; then an override with a reason. */
    fill_moderate(c, council, &as);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_budget_override(c, council, &as, 31000, "More help at night", &WORKER, FX_NOW,
                                     &a, &ov, &e),
              ERR_CONFLICT); /* not completed yet */
    err_clear(&e);
    CHECK_INT(assess_mark_completed(c, council, &as, &WORKER, today, FX_NOW, &e), 0);
    CHECK_INT(assess_budget_override(c, council, &as, 31000, "More help at night", &WORKER, FX_NOW,
                                     &a, &ov, &e),
              ERR_CONFLICT); /* nothing calculated to override */
    err_clear(&e);
    CHECK_INT(assess_budget_calculate(c, council, &as, &WORKER, today, FX_NOW, &a, &calc, NULL, &e),
              0);
    CHECK_INT(calc.weekly, 28700);
    CHECK_INT(assess_budget_override(c, council, &as, 31000, "   ", &WORKER, FX_NOW, &a, &ov, &e),
              ERR_INVALID);
    CHECK_STR(e.field, "reason");
    err_clear(&e);
    CHECK_INT(assess_budget_override(c, council, &as, -1, "x", &WORKER, FX_NOW, &a, &ov, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(assess_budget_override(c, council, &as, 31000,
                                     "Two visits a night are needed after the fall in March.",
                                     &WORKER, FX_NOW + 5, &a, &ov, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(ov.status, ASSESS_CALC_OVERRIDDEN);
    CHECK_INT(ov.base_id, calc.id);
    CHECK_INT(ov.weekly, 31000);
    CHECK_INT(ov.annual, 31000 * 52);
    CHECK_INT(ov.weekly_calculated, 28700);
    CHECK_CONTAINS(ov.result_json, "\"overridden\"");
    CHECK_CONTAINS(ov.result_json, "Two visits a night");
    CHECK_CONTAINS(ov.result_json, "Sam Worker");
    CHECK_INT(assess_budget_standing(c, council, as.id, &a, &standing, &e), 0);
    CHECK_INT(standing.id, ov.id);
    CHECK_STR(standing.override_reason, "Two visits a night are needed after the fall in March.");
    CHECK_INT(assess_budget_history(c, council, as.id, &a, &hist, &n, &e), 0);
    CHECK_INT(n, 3);
    CHECK_INT(hist[0].status, ASSESS_CALC_OVERRIDDEN);
    CHECK_INT(hist[2].status, ASSESS_CALC_REFUSED);

    /* A second override replaces the first, always from the calculated figure. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_budget_override(c, council, &as, 30000, "Agreed at review", &WORKER, FX_NOW + 9,
                                     &a, &ov, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(ov.base_id, calc.id);
    CHECK_INT(ov.weekly_calculated, 28700);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_no_configuration_in_force_is_said_plainly)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as;
    struct assess_calc calc;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Cy", "Nobudget", "1955-05-05", NULL);
    arena_init(&a, 0);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(assess_budget_calculate(c, council, &as, &PERSON, day_of("2026-01-01"), FX_NOW, &a,
                                      &calc, NULL, &e),
              ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "no resource allocation system");
    store_rollback(c);
    CHECK_INT(fx_count(c, "ras_calculations"), 0);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_tenancy_other_councils_see_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as, seen;
    struct assess_decision d;
    struct assess_calc calc;
    struct assess_net_budget nb;
    int64_t demo = fx_council(c, "DEMO");
    int64_t other = fx_council(c, "OTHER");
    int64_t person = fx_person(c, demo, "Dee", "Demo", "1955-05-05", NULL);
    arena_init(&a, 0);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, demo, person, ASSESS_NEEDS, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(assess_get(c, other, as.id, &a, &seen, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_current(c, other, person, &a, &seen, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_decision_get(c, other, as.id, &a, &d, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_budget_latest(c, other, as.id, &a, &calc, &e), ERR_NOT_FOUND);
    err_clear(&e);
    /* Another council cannot start one for this person, nor change this one. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, other, person, ASSESS_NEEDS, 0, &WORKER, FX_NOW, &a, &seen, &e),
              ERR_NOT_FOUND);
    store_rollback(c);
    err_clear(&e);
    as.council_id = other;
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_set_ras_answer(c, other, &as, "a.b", "c", FX_NOW, &e), ERR_NOT_FOUND);
    store_rollback(c);
    err_clear(&e);
    CHECK_INT(assess_net_budget(c, other, person, FX_NOW / 86400, &nb, &e), 0);
    CHECK(!nb.has_budget && !nb.has_contribution);
    arena_release(&a);
    store_release(c);
}

/* The charging example, without its policy: the council's settings supply it. */
static const char FIN_INPUT[] =
    "{\"weekly_cost_of_care\": \"320.00\", \"capital\": \"16100.00\", \"income\": ["
    "{\"kind\": \"esa\", \"weekly\": \"140.55\"}, {\"kind\": \"pip_daily_living_enhanced\", "
    "\"weekly\": \"110.40\"}, {\"kind\": \"pip_mobility_standard\", \"weekly\": \"29.20\"}], "
    "\"housing_costs\": [{\"kind\": \"council_tax\", \"weekly\": \"7.50\"}], "
    "\"disability_related_expenditure\": [{\"kind\": \"extra_heating\", \"weekly\": \"9.20\"}], "
    "\"receives_night_care\": false, \"mig_weekly\": \"185.00\"}";

STORE_TEST(assess_financial_assessment_uses_the_council_settings_in_force)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assess_charging_settings set = {0}, got, *items;
    struct assess_finance fin, back, *list;
    size_t n;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Linda", "Linked", "1980-03-31", NULL);
    day_t eff = day_of("2025-06-01");
    arena_init(&a, 0);

    /* Statutory first (no settings): the night-care element is counted in full. */
    CHECK_INT(store_begin(c, &e), 0);
    if (assess_finance_run(c, council, person, eff, FIN_INPUT, strlen(FIN_INPUT), &WORKER, FX_NOW,
                           &a, &fin, &e) != 0) {
        check_fail(__FILE__, __LINE__, "finance: %s", e.msg);
        store_rollback(c);
        arena_release(&a);
        store_release(c);
        return;
    }
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(fin.settings_id, 0);
    CHECK_INT(fin.weekly_contribution, 2075 + 3650); /* 36.50 more income counted */
    CHECK_INT(fin.tax_year, 2025);
    CHECK_CONTAINS(fin.inputs_json, "\"age\": 45");
    CHECK_CONTAINS(fin.inputs_json, "\"tax_year\": \"2025-26\"");

    /* The council disregards the night-care element from 1 April 2025. */
    charging_settings_init(&set.s);
    set.s.effective_from = day_of("2025-04-01");
    set.s.night_care = CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE;
    CHECK_INT(assess_charging_settings_add(c, council, &set, &WORKER, FX_NOW, &e), 0);
    CHECK(set.id > 0);
    CHECK_INT(assess_charging_settings_in_force(c, council, eff, &a, &got, &e), 0);
    CHECK_INT(got.id, set.id);
    CHECK_INT(got.s.night_care, CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE);
    CHECK_INT(got.s.share_of_disposable_bp, 10000);
    CHECK_INT(assess_charging_settings_in_force(c, council, day_of("2025-03-31"), &a, &got, &e),
              ERR_NOT_FOUND);
    err_clear(&e);

    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_finance_run(c, council, person, eff + 1, FIN_INPUT, strlen(FIN_INPUT), &WORKER,
                                 FX_NOW + 60, &a, &fin, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(fin.weekly_contribution, 2075); /* the issue's £20.75 */
    CHECK_INT(fin.weekly_cost_of_care, 32000);
    CHECK_INT(fin.settings_id, set.id);
    CHECK_CONTAINS(fin.inputs_json, "higher_minus_lower_if_no_night_care");
    CHECK_CONTAINS(fin.result_json, "\"weekly_contribution\": \"20.75\"");
    CHECK_CONTAINS(fin.result_json, "Tariff income");

    CHECK_INT(assess_finance_in_force(c, council, person, eff, &a, &back, &e), 0);
    CHECK_INT(back.weekly_contribution, 5725); /* the first one, still in force on its own day */
    CHECK_INT(assess_finance_in_force(c, council, person, eff + 30, &a, &back, &e), 0);
    CHECK_INT(back.id, fin.id);
    CHECK_INT(assess_finance_in_force(c, council, person, eff - 1, &a, &back, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_finance_list(c, council, person, &a, &list, &n, &e), 0);
    CHECK_INT(n, 2);

    /* Refusals: a policy in the input, an age that disagrees with the date of birth, a bad field. */
    CHECK_INT(store_begin(c, &e), 0);
    {
        static const char pol[] = "{\"policy\": {}, \"weekly_cost_of_care\": \"1\"}";
        static const char age[] = "{\"age\": 50, \"weekly_cost_of_care\": \"1\", \"capital\": "
                                  "\"0\", \"income\": []}";
        static const char bad[] = "{\"weekly_cost_of_care\": \"1.001\", \"capital\": \"0\", "
                                  "\"income\": []}";
        CHECK_INT(assess_finance_run(c, council, person, eff, pol, strlen(pol), &WORKER, FX_NOW, &a,
                                     &fin, &e),
                  ERR_INVALID);
        CHECK_STR(e.field, "policy");
        err_clear(&e);
        CHECK_INT(assess_finance_run(c, council, person, eff, age, strlen(age), &WORKER, FX_NOW, &a,
                                     &fin, &e),
                  ERR_INVALID);
        CHECK_STR(e.field, "age");
        err_clear(&e);
        CHECK_INT(assess_finance_run(c, council, person, eff, bad, strlen(bad), &WORKER, FX_NOW, &a,
                                     &fin, &e),
                  ERR_INVALID);
        CHECK_CONTAINS(e.msg, "weekly_cost_of_care");
        err_clear(&e);
    }
    store_rollback(c);
    CHECK_INT(assess_charging_settings_list(c, council, &a, &items, &n, &e), 0);
    CHECK_INT(n, 1);
    /* Settings that cannot be right are refused. */
    set.s.share_of_disposable_bp = 12000;
    CHECK_INT(assess_charging_settings_add(c, council, &set, &WORKER, FX_NOW, &e), ERR_INVALID);
    err_clear(&e);
    set.s.share_of_disposable_bp = 10000;
    set.s.has_end = true;
    set.s.effective_to = set.s.effective_from - 1;
    CHECK_INT(assess_charging_settings_add(c, council, &set, &WORKER, FX_NOW, &e), ERR_INVALID);
    CHECK_STR(e.field, "effective_to");
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_net_budget_is_the_budget_less_the_contribution)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as;
    struct assess_calc calc;
    struct assess_finance fin;
    struct assess_net_budget nb;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Nia", "Net", "1980-03-31", NULL);
    day_t today = day_of("2025-06-10");
    arena_init(&a, 0);
    (void)load_demo(c, council, "DEMO", NULL, NULL);

    CHECK_INT(assess_net_budget(c, council, person, today, &nb, &e), 0);
    CHECK(!nb.has_budget);
    CHECK_INT(nb.net_weekly, 0);

    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    fill_moderate(c, council, &as);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_submit(c, council, &as, &PERSON, today, FX_NOW, &e), 0);
    CHECK_INT(assess_budget_calculate(c, council, &as, &PERSON, today, FX_NOW, &a, &calc, NULL, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    /* Submitted but not completed: not yet a budget for planning. */
    CHECK_INT(assess_net_budget(c, council, person, today, &nb, &e), 0);
    CHECK(!nb.has_budget);

    CHECK_INT(store_begin(c, &e), 0);
    as.ordinary_residence = "confirmed";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), 0);
    CHECK_INT(assess_mark_completed(c, council, &as, &WORKER, today, FX_NOW, &e), 0);
    CHECK_INT(assess_budget_calculate(c, council, &as, &WORKER, today, FX_NOW, &a, &calc, NULL, &e),
              0);
    CHECK_INT(assess_finance_run(c, council, person, today, FIN_INPUT, strlen(FIN_INPUT), &WORKER,
                                 FX_NOW, &a, &fin, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    /* Completed, but eligibility not decided yet: no budget for planning. */
    CHECK_INT(assess_net_budget(c, council, person, today, &nb, &e), 0);
    CHECK(!nb.has_budget);
    CHECK_INT(store_begin(c, &e), 0);
    {
        struct assess_decision d;
        CHECK_INT(assess_decide(c, council, &as, &WORKER, today, FX_NOW, &a, &d, &e), 0);
        CHECK(d.eligible);
    }
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(assess_net_budget(c, council, person, today, &nb, &e), 0);
    CHECK(nb.has_budget && nb.has_contribution);
    CHECK_INT(nb.budget_weekly, 28700);
    CHECK_INT(nb.contribution_weekly, fin.weekly_contribution);
    CHECK_INT(nb.net_weekly, 28700 - fin.weekly_contribution);
    CHECK_INT(nb.net_annual, (28700 - fin.weekly_contribution) * 52);
    CHECK_INT(nb.calculation_id, calc.id);
    CHECK_INT(nb.financial_assessment_id, fin.id);
    /* Before the financial assessment's date, no contribution is in force. */
    CHECK_INT(assess_net_budget(c, council, person, today - 1, &nb, &e), 0);
    CHECK(!nb.has_contribution);
    CHECK_INT(nb.net_weekly, 28700);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_not_eligible_means_no_budget_for_planning)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as;
    struct assess_calc calc;
    struct assess_decision d;
    struct assess_net_budget nb;
    int64_t council = fx_council(c, "DEMO");
    int64_t person = fx_person(c, council, "Una", "Eligible", "1970-01-01", NULL);
    day_t today = day_of("2025-06-10");
    arena_init(&a, 0);
    (void)load_demo(c, council, "DEMO", NULL, NULL);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, person, ASSESS_NEEDS, 0, &WORKER, FX_NOW, &a, &as, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    fill_moderate(c, council, &as);
    CHECK_INT(store_begin(c, &e), 0);
    /* Only one outcome not achieved: condition 2 (two or more) is not met. */
    CHECK_INT(assess_set_outcome(c, council, &as, "personal_hygiene", ELIG_ACHIEVED, 0, NULL, FX_NOW,
                                 &e),
              0);
    CHECK_INT(assess_set_outcome(c, council, &as, "toilet_needs", ELIG_ACHIEVED, 0, NULL, FX_NOW, &e),
              0);
    as.ordinary_residence = "confirmed";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), 0);
    CHECK_INT(assess_mark_completed(c, council, &as, &WORKER, today, FX_NOW, &e), 0);
    CHECK_INT(assess_decide(c, council, &as, &WORKER, today, FX_NOW, &a, &d, &e), 0);
    CHECK_INT(assess_budget_calculate(c, council, &as, &WORKER, today, FX_NOW, &a, &calc, NULL, &e),
              0);
    CHECK_INT(store_commit(c, &e), 0);
    CHECK(!d.eligible);
    CHECK(!d.condition[1]);
    CHECK_CONTAINS(d.decision_text, "Condition 2 is not met");
    CHECK_INT(assess_net_budget(c, council, person, today, &nb, &e), 0);
    CHECK(!nb.has_budget);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_demo_seed_gives_people_assessments_and_budgets)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assess_net_budget nb;
    struct assessment as;
    struct assess_calc calc;
    int64_t council = fx_council(c, "DEMO");
    int64_t team = fx_team(c, council, "North");
    int64_t worker = fx_staff(c, council, team, "sam.worker@demo.example", ROLE_SOCIAL_WORKER);
    int64_t people[4];
    int seeded = -1;
    arena_init(&a, 0);
    for (int i = 0; i < 4; i++) {
        struct person p;
        fx_person_init(&p, i == 0 ? "Amy" : i == 1 ? "Ben" : i == 2 ? "Cal" : "Dot", "Demo",
                       "1950-03-31");
        p.allocated_worker_id = i < 3 ? worker : 0;
        CHECK_INT(store_begin(c, &e), 0);
        CHECK_INT(person_create(c, council, &p, FX_NOW, &e), 0);
        CHECK_INT(store_commit(c, &e), 0);
        people[i] = p.id;
    }
    if (assess_demo_seed(c, council, FX_NOW, 5, &seeded, &e) != 0)
        check_fail(__FILE__, __LINE__, "seed: %s", e.msg);
    CHECK_INT(seeded, 3);
    /* The adults' and the carers' configurations, each loaded once. */
    CHECK_INT(fx_count(c, "ras_configs"), 2);
    CHECK_INT(fx_count(c, "charging_settings"), 1);
    {
        struct assess_ras_config_row row;
        CHECK_INT(assess_ras_config_in_force(c, council, ASSESS_CARER, FX_NOW / 86400, &a, &row,
                                             &e),
                  0);
    }
    /* Completed, moderate, with the financial assessment: £287.00 less £20.75. */
    CHECK_INT(assess_net_budget(c, council, people[0], FX_NOW / 86400, &nb, &e), 0);
    CHECK_INT(nb.budget_weekly, 28700);
    CHECK_INT(nb.contribution_weekly, 2075);
    CHECK_INT(nb.net_weekly, 28700 - 2075);
    /* Completed, high, capped then overridden with the panel's reason. */
    CHECK_INT(assess_current(c, council, people[1], &a, &as, &e), 0);
    CHECK_INT(assess_budget_standing(c, council, as.id, &a, &calc, &e), 0);
    CHECK_INT(calc.status, ASSESS_CALC_OVERRIDDEN);
    CHECK_INT(calc.weekly_calculated, 120000);
    CHECK_INT(calc.weekly, 135500);
    /* Sent by the person, waiting for the worker, with its indicative budget. */
    CHECK_INT(assess_current(c, council, people[2], &a, &as, &e), 0);
    CHECK_INT(as.status, ASSESS_SUBMITTED);
    CHECK_INT(assess_budget_standing(c, council, as.id, &a, &calc, &e), 0);
    CHECK_INT(calc.weekly, 27300);
    /* Not allocated: left alone. Seeding again finds nobody new. */
    CHECK_INT(assess_current(c, council, people[3], &a, &as, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(assess_demo_seed(c, council, FX_NOW, 5, &seeded, &e), 0);
    CHECK_INT(seeded, 0);
    CHECK_INT(fx_count(c, "ras_configs"), 2);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(assess_carers_assessment_decided_by_the_carers_rules)
{
    struct store_conn *c = fx_conn(st);
    struct arena a;
    struct err e = {0};
    struct assessment as;
    struct assess_decision d;
    struct assess_calc calc;
    int64_t council = fx_council(c, "DEMO");
    int64_t carer = fx_person(c, council, "Cara", "Carer", "1965-07-01", NULL);
    day_t today = day_of("2025-06-10");
    arena_init(&a, 0);
    (void)load_demo(c, council, "DEMO", NULL, NULL); /* a needs RAS only: no carer's budget */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(assess_start(c, council, carer, ASSESS_CARER, 0, &PERSON, FX_NOW, &a, &as, &e), 0);
    /* Every outcome achieved (or not applicable), but health at risk: condition 2 is met by the
     * carers' OR-rule (reg 3(1)(b)). */
    for (int i = 0; i < ELIG_CARER_OUTCOMES; i++) {
        const struct elig_outcome_info *o = elig_carer_outcome(i);
        CHECK_INT(assess_set_outcome(c, council, &as, o->key,
                                     o->may_be_not_applicable ? ELIG_NOT_APPLICABLE : ELIG_ACHIEVED,
                                     0, NULL, FX_NOW, &e),
                  0);
    }
    as.what_matters = "A break once a week.";
    as.condition1 = ELIG_YES;
    as.health_at_risk = ELIG_YES;
    as.significant_impact = ELIG_YES;
    as.wellbeing = ELIG_WB_HEALTH;
    as.ordinary_residence = "confirmed";
    CHECK_INT(assess_update_facts(c, council, &as, FX_NOW, &e), 0);
    CHECK_INT(assess_mark_completed(c, council, &as, &WORKER, today, FX_NOW, &e), 0);
    CHECK_INT(assess_decide(c, council, &as, &WORKER, today, FX_NOW, &a, &d, &e), 0);
    CHECK(d.eligible);
    CHECK_INT(d.kind, ASSESS_CARER);
    CHECK_INT(d.unable_count, 0);
    CHECK_CONTAINS(d.inputs_json, "\"health_at_risk\":\"yes\"");
    CHECK_CONTAINS(d.inputs_json, "\"necessary_care\":\"yes\"");
    /* No carers' RAS is loaded: said plainly, nothing stored. */
    CHECK_INT(assess_budget_calculate(c, council, &as, &WORKER, today, FX_NOW, &a, &calc, NULL, &e),
              ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "carer's assessment");
    CHECK_INT(store_commit(c, &e), 0);
    CHECK_INT(fx_count(c, "ras_calculations"), 0);
    arena_release(&a);
    store_release(c);
}
