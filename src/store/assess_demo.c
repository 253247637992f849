/* assess_demo.c — the demo council's assessments and budgets (assess_demo_seed, for `selfdirect
 * demo`): its RAS configuration and charging settings, and a few people at each stage — one
 * completed with moderate needs, a carer's help, the rural adjustment and a financial assessment;
 * one completed with high needs (capped at the council's upper limit, then overridden with a
 * reason); one self-assessment sent and waiting for the worker. Everything goes through the same
 * store functions as the pages, in one transaction, with audit entries. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/err.h"
#include "store/assess_store.h"
#include "store/audit.h"
#include "store/records.h"
#include "store/store.h"

#define DEMO_RAS "data/ras/demo-council-ras-v1.json"
#define DEMO_CARERS_RAS "data/ras/demo-council-carers-ras-v1.json"

struct answer {
    const char *q, *a;
};

/* tests/data/ras/demo-moderate-answers.json: £287.00 a week with the carer and rural area. */
static const struct answer MODERATE[] = {
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

/* tests/data/ras/demo-high-answers.json: £1,355.00 before limits, capped at £1,200.00. */
static const struct answer HIGH[] = {
    {"eating_drinking.meals", "all_meals"},    {"eating_drinking.eating", "specialist"},
    {"personal_care.washing", "daily_help"},   {"personal_care.grooming", "full_help"},
    {"toileting.toilet", "help_every_time"},   {"toileting.continence", "needs_help"},
    {"dressing.dressing", "full_help"},        {"home_safety.mobility", "full_help"},
    {"home_safety.risk", "constant"},          {"keeping_home.housework", "all_help"},
    {"keeping_home.shopping_bills", "full_help"}, {"relationships.contact", "isolated"},
    {"work_learning.activity", "not_wanted"},  {"community.getting_out", "always_help"},
    {"community.frequency", "daily"},          {"caring_for_child.parenting", "not_applicable"},
    {"health_behaviour.health", "complex"},    {"health_behaviour.behaviour", "daily"},
    {"night_time.night", "waking"},
};

struct profile {
    const struct answer *answers;
    size_t nanswers;
    int not_achieved;             /* the first n outcomes are not achieved */
    const char *what_matters;
    bool carer;                   /* a carer gives some of the personal care, most of the home */
    const char *adjustments;
    bool complete;                /* else: sent by the person, waiting for the worker */
    int64_t override_weekly;      /* 0: none */
    const char *override_reason;
    const char *finance;          /* a `selfdirect charging` input without policy, or NULL */
};

static const struct profile PROFILES[] = {
    {MODERATE, sizeof MODERATE / sizeof MODERATE[0], 3,
     "Staying in my own home, getting to the allotment on Saturdays and seeing my grandchildren.",
     true, "rural", true, 0, NULL,
     "{\"weekly_cost_of_care\": \"287.00\", \"capital\": \"16100.00\", \"income\": ["
     "{\"kind\": \"esa\", \"weekly\": \"140.55\"}, {\"kind\": \"pip_daily_living_enhanced\", "
     "\"weekly\": \"110.40\"}, {\"kind\": \"pip_mobility_standard\", \"weekly\": \"29.20\"}], "
     "\"housing_costs\": [{\"kind\": \"council_tax\", \"weekly\": \"7.50\"}], "
     "\"disability_related_expenditure\": [{\"kind\": \"extra_heating\", \"weekly\": \"9.20\"}], "
     "\"receives_night_care\": false, \"mig_weekly\": \"185.00\"}"},
    {HIGH, sizeof HIGH / sizeof HIGH[0], 8,
     "Feeling safe at night, and people who know me and how I communicate.", false,
     "two_workers", true, 135500,
     "The funding panel agreed the full cost of two workers and waking nights above the usual "
     "upper limit, because a care home would not meet the needs in the support plan.",
     NULL},
    {MODERATE, sizeof MODERATE / sizeof MODERATE[0], 2,
     "Going back to work part-time and keeping my independence.", true, "", false, 0, NULL,
     NULL},
};

static int audit(struct store_conn *c, int64_t council_id, int64_t person_id, const char *action,
                 int64_t now, struct err *e)
{
    struct audit_new an = {0};
    an.at = now;
    an.council_id = council_id;
    an.actor = "system:demo";
    an.actor_role = "system";
    an.action = action;
    an.subject_type = "person";
    an.subject_id = person_id;
    an.remote_addr = "";
    an.detail = "{\"demo\":true}";
    return audit_append(c, &an, e);
}

/* A demo configuration of one kind with this council's code (the files are the DEMO council's). */
static int load_config(struct store_conn *c, int64_t council_id, const char *code,
                       enum assess_kind kind, const char *path, int64_t now, struct arena *a,
                       int64_t *id, struct err *e)
{
    const struct asset *as = asset_find(path);
    struct assess_ras_config_row row;
    struct err le = {0};
    json_t *doc;
    char *text;
    int rc;
    /* Seeded before: use the version in force (a failed insert would doom the transaction). */
    if (assess_ras_config_in_force(c, council_id, kind, (day_t)(now / 86400), a, &row, &le) ==
        0) {
        *id = row.id;
        return 0;
    }
    err_clear(&le);
    if (!as)
        return err_set(e, ERR_IO, "The demo RAS configuration is not built in.");
    if (!(doc = json_loadb((const char *)as->data, as->len, 0, NULL)))
        return err_set(e, ERR_IO, "The demo RAS configuration could not be read.");
    json_object_set_new(doc, "council_code", json_string(code));
    text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    rc = assess_ras_config_load(c, council_id, kind, text, strlen(text),
                                &(struct assess_actor){"system:demo", "Demo set-up"}, now, a, &row,
                                &le);
    free(text);
    if (rc != 0) {
        if (e)
            *e = le;
        return rc;
    }
    *id = row.id;
    return 0;
}

/* One person, taken through their profile. */
static int seed_person(struct store_conn *c, int64_t council_id, int64_t person_id,
                       int64_t worker_id, const char *worker_name, const struct profile *p,
                       int64_t cfg_id, int64_t now, struct arena *a, struct err *e)
{
    char actor[32];
    struct assess_actor worker = {actor, worker_name}, self = {"system:demo", "The person"};
    struct assessment as;
    struct assess_decision d;
    struct assess_calc calc;
    day_t today = (day_t)(now / 86400);
    int rc;

    snprintf(actor, sizeof actor, "staff:%" PRId64, worker_id);
    if ((rc = assess_start(c, council_id, person_id, ASSESS_NEEDS, cfg_id, p->complete ? &worker : &self,
                           now, a, &as, e)) != 0)
        return rc;
    for (size_t i = 0; i < p->nanswers; i++)
        if ((rc = assess_set_ras_answer(c, council_id, &as, p->answers[i].q, p->answers[i].a, now,
                                        e)) != 0)
            return rc;
    for (int i = 0; i < ELIG_ADULT_OUTCOMES; i++) {
        const struct elig_outcome_info *o = elig_adult_outcome(i);
        enum elig_status st = i < p->not_achieved       ? ELIG_NOT_ACHIEVED
                              : o->may_be_not_applicable ? ELIG_NOT_APPLICABLE
                                                         : ELIG_ACHIEVED;
        unsigned why = st != ELIG_NOT_ACHIEVED ? 0
                       : i % 3 == 0            ? ELIG_REASON_NEEDS_HELP
                       : i % 3 == 1            ? ELIG_REASON_NEEDS_HELP | ELIG_REASON_PAIN
                                               : ELIG_REASON_ENDANGERS;
        if ((rc = assess_set_outcome(c, council_id, &as, o->key, st, why, NULL, now, e)) != 0)
            return rc;
    }
    if (p->carer) {
        static const char *const adjustable[] = {"eating_drinking", "personal_care", "toileting",
                                                 "dressing", "keeping_home"};
        for (size_t i = 0; i < sizeof adjustable / sizeof adjustable[0]; i++) {
            const char *lvl = strcmp(adjustable[i], "personal_care") == 0  ? "some"
                              : strcmp(adjustable[i], "keeping_home") == 0 ? "most"
                                                                           : ASSESS_CARER_NONE;
            if ((rc = assess_set_carer_support(c, council_id, &as, adjustable[i], lvl, now, e)) !=
                0)
                return rc;
        }
    }
    as.what_matters = p->what_matters;
    as.condition1 = ELIG_YES;
    as.significant_impact = ELIG_YES;
    as.wellbeing = ELIG_WB_DIGNITY | ELIG_WB_HEALTH | ELIG_WB_CONTROL;
    as.carer_helps = p->carer ? ELIG_YES : ELIG_NO;
    as.adjustments = p->adjustments;
    as.ordinary_residence = p->complete ? "confirmed" : "";
    if ((rc = assess_update_facts(c, council_id, &as, now, e)) != 0)
        return rc;
    if (!p->complete) {
        /* Sent by the person: the indicative budget is worked out at once, as on the pages. */
        if ((rc = assess_submit(c, council_id, &as, &self, today, now, e)) != 0 ||
            (rc = assess_budget_calculate(c, council_id, &as, &self, today, now, a, &calc, NULL,
                                          e)) != 0)
            return rc;
        return audit(c, council_id, person_id, "assessment.submit", now, e);
    }
    if ((rc = assess_mark_completed(c, council_id, &as, &worker, today, now, e)) != 0 ||
        (rc = assess_decide(c, council_id, &as, &worker, today, now, a, &d, e)) != 0 ||
        (rc = assess_budget_calculate(c, council_id, &as, &worker, today, now, a, &calc, NULL,
                                      e)) != 0)
        return rc;
    if (p->override_weekly &&
        (rc = assess_budget_override(c, council_id, &as, p->override_weekly, p->override_reason,
                                     &worker, now, a, &calc, e)) != 0)
        return rc;
    if (p->finance) {
        struct assess_finance fin;
        if ((rc = assess_finance_run(c, council_id, person_id, today, p->finance,
                                     strlen(p->finance), &worker, now, a, &fin, e)) != 0)
            return rc;
    }
    return audit(c, council_id, person_id, "assessment.complete", now, e);
}

int assess_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, int max_people,
                     int *seeded, struct err *e)
{
    struct arena a;
    struct council co;
    struct assess_charging_settings set = {0};
    struct store_stmt *s = NULL;
    int64_t cfg_id = 0, ids[8], workers[8];
    char names[8][121];
    int n = 0, done = 0, rc;

    if (seeded)
        *seeded = 0;
    if (max_people > (int)(sizeof PROFILES / sizeof PROFILES[0]))
        max_people = (int)(sizeof PROFILES / sizeof PROFILES[0]);
    arena_init(&a, 0);
    if ((rc = council_get(c, council_id, &co, e)) != 0 || (rc = store_begin(c, e)) != 0)
        goto out;
    if ((rc = load_config(c, council_id, co.code, ASSESS_NEEDS, DEMO_RAS, now, &a, &cfg_id, e)) !=
        0)
        goto out;
    {
        /* Carers' assessments in the demo get an indicative carer's budget too. */
        int64_t carers_cfg_id;
        if ((rc = load_config(c, council_id, co.code, ASSESS_CARER, DEMO_CARERS_RAS, now, &a,
                              &carers_cfg_id, e)) != 0)
            goto out;
    }
    /* The council's charging choices: the night-care element disregarded when no night care is
     * funded, from the start of the 2025-26 tax year. */
    charging_settings_init(&set.s);
    set.s.effective_from = taxyear_start(2025);
    set.s.night_care = CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE;
    {
        struct assess_charging_settings have;
        struct err le = {0};
        if (assess_charging_settings_in_force(c, council_id, set.s.effective_from, &a, &have,
                                              &le) != 0 &&
            (rc = assess_charging_settings_add(c, council_id, &set,
                                               &(struct assess_actor){"system:demo", "Demo set-up"},
                                               now, e)) != 0)
            goto out;
    }

    /* People with an allocated worker, no account of their own (the demo budget holder does
     * their own assessment online) and no assessment yet. */
    if ((rc = store_prepare(c,
                            "SELECT p.id, p.allocated_worker_id, s.name FROM people p JOIN staff s "
                            "ON s.council_id = p.council_id AND s.id = p.allocated_worker_id "
                            "WHERE p.council_id = ? AND NOT EXISTS (SELECT 1 FROM web_accounts w "
                            "WHERE w.council_id = p.council_id AND w.person_id = p.id) AND NOT "
                            "EXISTS (SELECT 1 FROM assessments x WHERE x.council_id = p.council_id "
                            "AND x.person_id = p.id) ORDER BY p.id LIMIT ?",
                            &s, e)) != 0)
        goto out;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, max_people);
    while (n < max_people && (rc = store_step(s, e)) == STORE_ROW) {
        ids[n] = store_col_i64(s, 0);
        workers[n] = store_col_i64(s, 1);
        store_col_copy(s, 2, names[n], sizeof names[n]);
        n++;
    }
    store_finish(s);
    if (rc < 0)
        goto out;
    for (int i = 0; i < n; i++) {
        if ((rc = seed_person(c, council_id, ids[i], workers[i], names[i], &PROFILES[i], cfg_id,
                              now, &a, e)) != 0)
            goto out;
        done++;
    }
    rc = store_commit(c, e);
out:
    if (rc != 0) {
        store_rollback(c);
        done = 0;
    }
    if (seeded)
        *seeded = done;
    arena_release(&a);
    return rc;
}
