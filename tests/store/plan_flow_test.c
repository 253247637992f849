/* Stored plans and everything around them, on SQLite and PostgreSQL: versions and saves under a
 * revision (a stale save refused, the snapshot kept), submit and sign-off bound to the hash, a new
 * version after sign-off; permissions to help; the budget and its hash; sign-off requests and
 * decisions; limits set only by the manager; agreements and acceptance; the arrangement gate; the
 * report rows; tenancy. */
#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/choice_report.h"
#include "fixtures.h"
#include "store/plan_records.h"
#include "store/plan_store.h"

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

static const struct plan_actor SAM = {"staff:1", "Sam Worker"};
static const struct plan_actor ANN = {"account:7", "Ann Smith"};

static const struct plan_outcome OUTS[] = {{"o1", "Get out of the house every day"},
                                           {"o2", "Be fitter"}};
static const char *const O1[] = {"o1"};
static const char *const O2[] = {"o2"};
static const char *const O12[] = {"o1", "o2"};

struct world {
    struct store_conn *c;
    int64_t council, other_council, team, worker, manager, person, other_person;
    struct person p;
    struct plan_line lines[3];
};

static void setup(struct store *st, struct world *w)
{
    struct staff s;
    struct err e = {0};
    memset(w, 0, sizeof *w);
    w->c = fx_conn(st);
    w->council = fx_council(w->c, "PLANA");
    w->other_council = fx_council(w->c, "PLANB");
    w->team = fx_team(w->c, w->council, "North");
    w->manager = fx_staff(w->c, w->council, w->team, "tom@example.org", ROLE_TEAM_MANAGER);
    w->worker = fx_staff(w->c, w->council, w->team, "sam@example.org", ROLE_SOCIAL_WORKER);
    CHECK_INT(staff_get(w->c, w->council, w->worker, &s, &e), 0);
    s.manager_id = w->manager;
    CHECK_INT(staff_update(w->c, w->council, &s, FX_NOW, &e), 0);
    w->person = fx_person(w->c, w->council, "Ann", "Smith", "1960-02-03", &w->p);
    w->other_person = fx_person(w->c, w->other_council, "Olive", "Other", "1955-01-20", NULL);
    w->lines[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS, .description = "Personal assistant",
                                     .frequency = PLAN_FREQ_WEEKLY, .quantity = 600, .unit_cost = 1260,
                                     .outcomes = O1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                                     .pa_name = "Jo", .pa_born_known = true, .pa_born = ymd(1990, 5, 1)};
    w->lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY, .description = "Gym membership",
                                     .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 2500,
                                     .outcomes = O2, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                                     .provider = "Leisure Centre"};
    w->lines[2] = (struct plan_line){.id = "l3", .kind = PLAN_LINE_ACTIVITY, .description = "Pottery class",
                                     .frequency = PLAN_FREQ_WEEKLY, .quantity = 1, .unit_cost = 800,
                                     .outcomes = O12, .noutcomes = 2, .managed_by = CHOICE_DIRECT_PAYMENT};
}

static void plan_init(struct world *w, struct plan_row *row)
{
    memset(row, 0, sizeof *row);
    row->plan.start_date = ymd(2025, 7, 1);
    row->plan.planned_by = PLAN_BY_SELF;
    row->plan.sections[PLAN_SEC_ABOUT_ME] = "I like gardening and seeing my friends.";
    row->plan.outcomes = OUTS;
    row->plan.noutcomes = 2;
    row->plan.lines = w->lines;
    row->plan.nlines = 3;
}

static int tx(struct store_conn *c)
{
    struct err e = {0};
    return store_begin(c, &e);
}

static int commit(struct store_conn *c)
{
    struct err e = {0};
    int rc = store_commit(c, &e);
    if (rc)
        check_fail(__FILE__, __LINE__, "commit: %s", e.msg);
    return rc;
}

STORE_TEST(plan_store_versions_saves_and_conflicts)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_row row, mine, theirs, back;
    struct plan old;
    struct plan_revision_row who, *revs;
    size_t n;
    char hash[PLAN_HASH_HEX];
    setup(st, &w);
    arena_init(&a, 0);
    plan_init(&w, &row);

    /* Saves outside a transaction are refused. */
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &row, &ANN, "about-me", FX_NOW, &a, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &row, &ANN, "about-me", FX_NOW, &a, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(row.plan.version, 1);
    CHECK_INT(row.plan.revision, 0);
    CHECK_STR(row.plan.id, arena_printf(&a, "%s-plan", w.p.reference));

    /* Read back whole: sections, outcomes, lines with their links and PA details. */
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &mine, &e), 0);
    CHECK_INT(mine.id, row.id);
    CHECK_INT(mine.plan.status, PLAN_DRAFT);
    CHECK_STR(mine.plan.sections[PLAN_SEC_ABOUT_ME], "I like gardening and seeing my friends.");
    CHECK(mine.plan.sections[PLAN_SEC_RISKS] == NULL);
    CHECK_INT(mine.plan.noutcomes, 2);
    CHECK_STR(mine.plan.outcomes[1].text, "Be fitter");
    CHECK_INT(mine.plan.nlines, 3);
    CHECK_STR(mine.plan.lines[0].pa_name, "Jo");
    CHECK(mine.plan.lines[0].pa_born_known);
    CHECK_INT(mine.plan.lines[0].pa_born, ymd(1990, 5, 1));
    CHECK_INT(mine.plan.lines[2].noutcomes, 2);
    CHECK_STR(mine.plan.lines[2].outcomes[1], "o2");
    CHECK_STR(mine.plan.lines[1].provider, "Leisure Centre");
    CHECK_STR(mine.updated_by, "account:7");
    /* The same content hashes the same after the round trip. */
    {
        char h1[PLAN_HASH_HEX], h2[PLAN_HASH_HEX];
        CHECK_INT(plan_hash(&row.plan, h1, &e), 0);
        CHECK_INT(plan_hash(&mine.plan, h2, &e), 0);
        CHECK_STR(h1, h2);
    }

    /* Two people open save 0. Sam saves first; Ann's save from save 0 is refused. */
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &theirs, &e), 0);
    theirs.plan.sections[PLAN_SEC_CONTINGENCY] = "My sister covers when Jo is away.";
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_save(w.c, w.council, &theirs, 0, &SAM, "contingency", FX_NOW + 60, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(theirs.plan.revision, 1);
    mine.plan.sections[PLAN_SEC_ABOUT_ME] = "I love gardening.";
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_save(w.c, w.council, &mine, 0, &ANN, "about-me", FX_NOW + 120, &e), ERR_CONFLICT);
    store_rollback(w.c);
    CHECK_CONTAINS(e.msg, "Someone else saved this plan");
    err_clear(&e);
    /* What Sam changed since save 0 is there to show: save 0's snapshot. */
    CHECK_INT(plan_store_revision_plan(w.c, w.council, row.id, 0, &mine.plan, &a, &old, &who, &e), 0);
    CHECK_STR(who.saved_by_name, "Ann Smith");
    CHECK(old.sections[PLAN_SEC_CONTINGENCY] == NULL);
    CHECK_INT(plan_store_revision_plan(w.c, w.council, row.id, 1, &mine.plan, &a, &old, &who, &e), 0);
    CHECK_STR(who.saved_by_name, "Sam Worker");
    CHECK_STR(who.step, "contingency");
    CHECK_STR(old.sections[PLAN_SEC_CONTINGENCY], "My sister covers when Jo is away.");
    /* Redoing on top of save 1 works and keeps Sam's change. */
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &mine, &e), 0);
    mine.plan.sections[PLAN_SEC_ABOUT_ME] = "I love gardening.";
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_save(w.c, w.council, &mine, 1, &ANN, "about-me", FX_NOW + 180, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &back, &e), 0);
    CHECK_INT(back.plan.revision, 2);
    CHECK_STR(back.plan.sections[PLAN_SEC_ABOUT_ME], "I love gardening.");
    CHECK_STR(back.plan.sections[PLAN_SEC_CONTINGENCY], "My sister covers when Jo is away.");
    CHECK_INT(plan_store_revisions(w.c, w.council, row.id, &a, &revs, &n, &e), 0);
    CHECK_INT(n, 3);
    CHECK_INT(revs[0].revision, 2);

    /* Submit binds the hash; a save afterwards sends it back to draft. */
    CHECK_INT(plan_hash(&back.plan, hash, &e), 0);
    CHECK_INT(plan_store_mark_submitted(w.c, w.council, &back, hash, FX_NOW + 200, &e), 0);
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &mine, &e), 0);
    CHECK_INT(mine.plan.status, PLAN_SUBMITTED);
    CHECK_STR(mine.submitted_hash, hash);
    /* Signing off a different hash is refused. */
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_mark_signed_off(w.c, w.council, mine.id, "0000000000000000000000000000000000000000000000000000000000000000",
                                         ymd(2025, 6, 20), FX_NOW + 300, &e), ERR_CONFLICT);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_mark_signed_off(w.c, w.council, mine.id, hash, ymd(2025, 6, 20), FX_NOW + 300, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &mine, &e), 0);
    CHECK_INT(mine.plan.status, PLAN_SIGNED_OFF);
    CHECK_STR(mine.signed_off_hash, hash);
    CHECK_INT(mine.signed_off_on, ymd(2025, 6, 20));

    /* Locked: a save is refused with the domain's words. */
    mine.plan.sections[PLAN_SEC_RISKS] = "None";
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_save(w.c, w.council, &mine, mine.plan.revision, &ANN, "risks", FX_NOW + 400, &e), ERR_CONFLICT);
    store_rollback(w.c);
    CHECK_CONTAINS(e.msg, "signed off and is locked");
    err_clear(&e);

    /* A new version records the hash it replaces; signing it off supersedes version 1. */
    plan_init(&w, &row);
    row.plan.sections[PLAN_SEC_RISKS] = "I might fall; I have a pendant alarm.";
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &row, &ANN, "new-version", FX_NOW + 500, &a, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(row.plan.version, 2);
    CHECK_STR(row.plan.previous_hash, hash);
    /* ... and a third cannot start while version 2 is a draft. */
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &back, &ANN, "new-version", FX_NOW + 500, &a, &e), ERR_CONFLICT);
    store_rollback(w.c);
    err_clear(&e);
    {
        char h2[PLAN_HASH_HEX];
        struct plan_row v2, v1, *vs;
        CHECK_INT(plan_store_current(w.c, w.council, w.person, &a, &v2, &e), 0);
        CHECK_INT(plan_hash(&v2.plan, h2, &e), 0);
        CHECK_INT(plan_store_mark_submitted(w.c, w.council, &v2, h2, FX_NOW + 600, &e), 0);
        CHECK_INT(tx(w.c), 0);
        CHECK_INT(plan_store_mark_signed_off(w.c, w.council, v2.id, h2, ymd(2025, 6, 25), FX_NOW + 700, &e), 0);
        CHECK_INT(commit(w.c), 0);
        CHECK_INT(plan_store_version(w.c, w.council, w.person, 1, &a, &v1, &e), 0);
        CHECK_INT(v1.plan.status, PLAN_SUPERSEDED);
        CHECK_INT(plan_store_versions(w.c, w.council, w.person, &a, &vs, &n, &e), 0);
        CHECK_INT(n, 2);
        CHECK_INT(vs[0].plan.version, 2);
    }

    /* Tenancy: the plan is invisible from another council. */
    CHECK_INT(plan_store_current(w.c, w.other_council, w.person, &a, &mine, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(plan_store_get(w.c, w.other_council, row.id, &a, &mine, &e), ERR_NOT_FOUND);
    err_clear(&e);
    plan_init(&w, &row);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.other_council, w.person, &row, &ANN, "x", FX_NOW, &a, &e), ERR_NOT_FOUND);
    store_rollback(w.c);
    arena_release(&a);
    store_release(w.c);
}

STORE_TEST(plan_store_refuses_invalid_plans)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_row row;
    static const char *const bad[] = {"nope"};
    setup(st, &w);
    arena_init(&a, 0);
    plan_init(&w, &row);
    w.lines[1].outcomes = bad; /* an outcome not in the plan */
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &row, &ANN, "budget", FX_NOW, &a, &e), ERR_INVALID);
    store_rollback(w.c);
    CHECK_STR(e.field, "lines[1].outcomes");
    CHECK_INT(fx_count(w.c, "plans"), 0);
    arena_release(&a);
    store_release(w.c);
}

STORE_TEST(plan_store_contributors)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_contributor_row r, *items;
    struct plan_contributor list[4];
    size_t n;
    setup(st, &w);
    arena_init(&a, 0);
    memset(&r, 0, sizeof r);
    r.person_id = w.person;
    r.staff_id = w.worker;
    r.c.name = "Sam Worker";
    r.c.kind = PLAN_BY_WORKER;
    r.c.granted_on = ymd(2025, 6, 1);
    r.granted_by = "staff:1";
    r.granted_by_name = "Sam Worker";
    r.how = "Ann asked me at her review on 1 June";
    CHECK_INT(plan_contributor_add(w.c, w.council, &r, FX_NOW, &e), 0);
    CHECK_STR(e.msg, "");
    /* The same worker twice while live: refused. */
    CHECK_INT(plan_contributor_add(w.c, w.council, &r, FX_NOW, &e), ERR_CONFLICT);
    err_clear(&e);
    /* A worker recorded as "family": refused. */
    r.c.kind = PLAN_BY_FAMILY;
    CHECK_INT(plan_contributor_add(w.c, w.council, &r, FX_NOW, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(plan_contributor_list(w.c, w.council, w.person, &a, &items, &n, &e), 0);
    CHECK_INT(n, 1);
    {
        char actor[32];
        snprintf(actor, sizeof actor, "staff:%lld", (long long)w.worker);
        CHECK_STR(items[0].c.actor, actor);
        list[0] = items[0].c;
        CHECK_INT(plan_contrib_may_edit(list, 1, actor, false, "Ann", ymd(2025, 6, 2), &e), 0);
        CHECK_INT(plan_contrib_may_edit(list, 1, actor, false, "Ann", ymd(2025, 5, 31), &e), ERR_FORBIDDEN);
        err_clear(&e);
        CHECK_INT(plan_contributor_revoke(w.c, w.council, items[0].id, items[0].version, "account:7",
                                          ymd(2025, 6, 10), FX_NOW, &e), 0);
        CHECK_INT(plan_contributor_list(w.c, w.council, w.person, &a, &items, &n, &e), 0);
        list[0] = items[0].c;
        CHECK(list[0].revoked);
        CHECK_INT(plan_contrib_may_edit(list, 1, actor, false, "Ann", ymd(2025, 6, 9), &e), 0);
        CHECK_INT(plan_contrib_may_edit(list, 1, actor, false, "Ann", ymd(2025, 6, 10), &e), ERR_FORBIDDEN);
        CHECK_CONTAINS(e.msg, "Ann has not asked you");
        err_clear(&e);
    }
    /* Another council cannot see or revoke it. */
    CHECK_INT(plan_contributor_list(w.c, w.other_council, w.person, &a, &items, &n, &e), 0);
    CHECK_INT(n, 0);
    arena_release(&a);
    store_release(w.c);
}

static void propose_and_agree(struct world *w, struct arena *a, int64_t annual, struct plan_budget_row *b)
{
    struct err e = {0};
    memset(b, 0, sizeof *b);
    b->person_id = w->person;
    b->annual = annual;
    b->one_off_allowance = 50000;
    b->reasons = "From the assessment";
    b->proposed_by = w->worker;
    b->proposed_on = ymd(2025, 6, 1);
    CHECK_INT(tx(w->c), 0);
    CHECK_INT(plan_budget_propose(w->c, w->council, b, FX_NOW, &e), 0);
    CHECK_INT(plan_budget_agree(w->c, w->council, b, w->manager, ymd(2025, 6, 2), ymd(2025, 7, 14), FX_NOW, &e), 0);
    CHECK_INT(commit(w->c), 0);
    CHECK_STR(e.msg, "");
    (void)a;
}

STORE_TEST(plan_store_budget_and_settings)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_budget_row b, got, b2;
    struct plan_settings s;
    struct plan_period_rules rules;
    struct plan_budget_terms t;
    char h[SIGNOFF_HASH_HEX];
    setup(st, &w);
    arena_init(&a, 0);

    CHECK_INT(plan_settings_get(w.c, w.council, &s, &e), 0);
    CHECK(!s.stored);
    CHECK_INT(s.planning_period_days, 42);
    CHECK_STR(s.reminder_days, "14,7,1");
    s.planning_period_days = 28;
    str_copy(s.reminder_days, sizeof s.reminder_days, "7, 30");
    CHECK_INT(plan_settings_put(w.c, w.council, &s, "staff:1", FX_NOW, &e), ERR_INVALID);
    CHECK_STR(e.field, "reminder_days"); /* 30 days is outside a 28-day period */
    err_clear(&e);
    str_copy(s.reminder_days, sizeof s.reminder_days, "3,10");
    CHECK_INT(plan_settings_put(w.c, w.council, &s, "staff:1", FX_NOW, &e), 0);
    CHECK_INT(plan_settings_get(w.c, w.council, &s, &e), 0);
    CHECK(s.stored);
    CHECK_INT(s.planning_period_days, 28);
    CHECK_INT(plan_settings_period(&s, &rules, &e), 0);
    CHECK_INT(rules.nreminders, 2);
    CHECK_INT(rules.reminder_days[0], 10);
    /* A stale version of the settings is refused. */
    s.version = 99;
    CHECK_INT(plan_settings_put(w.c, w.council, &s, "staff:1", FX_NOW, &e), ERR_CONFLICT);
    err_clear(&e);

    CHECK_INT(plan_budget_latest(w.c, w.council, w.person, &a, &got, &e), ERR_NOT_FOUND);
    err_clear(&e);
    memset(&b, 0, sizeof b);
    b.person_id = w.person;
    b.annual = 0;
    b.proposed_by = w.worker;
    b.proposed_on = ymd(2025, 6, 1);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_budget_propose(w.c, w.council, &b, FX_NOW, &e), ERR_INVALID);
    store_rollback(w.c);
    CHECK_STR(e.field, "annual");
    err_clear(&e);

    propose_and_agree(&w, &a, 1850000, &b);
    CHECK_INT(plan_budget_agreed(w.c, w.council, w.person, &a, &got, &e), 0);
    CHECK_INT(got.annual, 1850000);
    CHECK_INT(got.status, PLAN_BUDGET_AGREED);
    CHECK_INT(got.plan_due_on, ymd(2025, 7, 14));
    CHECK_STR(got.proposed_by_name, "Staff sam@example.org");
    /* The stored hash is the domain's hash of the terms with the row id. */
    t = (struct plan_budget_terms){got.id, w.p.reference, 1850000, 50000, ymd(2025, 6, 1), "From the assessment"};
    CHECK_INT(plan_budget_hash(&t, h, &e), 0);
    CHECK_STR(got.hash, h);

    /* A second agreed budget replaces the first. */
    propose_and_agree(&w, &a, 2000000, &b2);
    CHECK_INT(plan_budget_get(w.c, w.council, b.id, &a, &got, &e), 0);
    CHECK_INT(got.status, PLAN_BUDGET_REPLACED);
    CHECK_INT(plan_budget_agreed(w.c, w.council, w.person, &a, &got, &e), 0);
    CHECK_INT(got.annual, 2000000);
    /* Agreeing a replaced (not proposed) budget again is refused. */
    CHECK_INT(tx(w.c), 0);
    b.version = got.version;
    CHECK(plan_budget_agree(w.c, w.council, &b, w.manager, ymd(2025, 6, 3), ymd(2025, 7, 1), FX_NOW, &e) != 0);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(plan_budget_agreed(w.c, w.other_council, w.person, &a, &got, &e), ERR_NOT_FOUND);
    arena_release(&a);
    store_release(w.c);
}

STORE_TEST(plan_store_signoff_requests_and_limits)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct signoff_org org;
    struct plan_signoff_row r, got, *items;
    size_t n;
    char wid[24], mid[24];
    struct plan_limit_change *changes;
    setup(st, &w);
    arena_init(&a, 0);
    snprintf(wid, sizeof wid, "%lld", (long long)w.worker);
    snprintf(mid, sizeof mid, "%lld", (long long)w.manager);

    /* Limits: the manager sets the worker's; the worker cannot set their own; nobody above the top
     * of the chain except a council administrator. */
    int64_t admin = fx_staff(w.c, w.council, 0, "ada@example.org", ROLE_COUNCIL_ADMIN);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_set_limit(w.c, w.council, w.manager, 5000000, admin, true, "Head of service", FX_NOW, &e), 0);
    CHECK_INT(plan_signoff_set_limit(w.c, w.council, w.worker, 2000000, w.manager, false, "Experienced", FX_NOW, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_set_limit(w.c, w.council, w.worker, 9000000, w.worker, false, "", FX_NOW, &e), ERR_FORBIDDEN);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_set_limit(w.c, w.council, w.worker, 9000000, admin, true, "", FX_NOW, &e), ERR_FORBIDDEN);
    store_rollback(w.c);
    CHECK_CONTAINS(e.msg, "has a manager");
    err_clear(&e);
    CHECK_INT(plan_signoff_limit_history(w.c, w.council, w.worker, &a, &changes, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n < 1)
        return;
    CHECK_INT(changes[0].old_limit, 0);
    CHECK_INT(changes[0].new_limit, 2000000);
    CHECK_STR(changes[0].reasons, "Experienced");

    CHECK_INT(plan_signoff_org(w.c, w.council, &a, &org, &e), 0);
    CHECK_INT(org.nworkers, 3);
    CHECK_INT(signoff_org_validate(&org, &e), 0);
    CHECK_INT(signoff_find(&org, wid)->annual_limit, 2000000);
    CHECK_STR(signoff_find(&org, wid)->manager_id, mid);
    CHECK_STR(signoff_find(&org, wid)->role, "social worker");

    /* A plan of £25,000 a year goes past Sam (limit £20,000) to Tom. */
    memset(&r, 0, sizeof r);
    r.person_id = w.person;
    r.subject_id = 1;
    r.worker_id = w.worker;
    r.req.subject = SIGNOFF_PLAN;
    r.req.subject_ref = "1";
    r.req.subject_version = 1;
    memset(r.req.hash, 'a', 64);
    r.req.annual_value = 2500000;
    r.req.raised_by = "account:7";
    r.raised_by_name = "Ann Smith";
    r.req.worker_id = wid;
    r.req.raised_on = ymd(2025, 6, 5);
    CHECK_INT(signoff_open(&org, &r.req, &a, &r.st, &e), 0);
    CHECK_STR(r.st.holder_id, mid);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_create(w.c, w.council, &r, FX_NOW, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(plan_signoff_waiting(w.c, w.council, w.manager, &a, &items, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(items[0].st.where, "above");
    CHECK_INT(plan_signoff_waiting(w.c, w.council, w.worker, &a, &items, &n, &e), 0);
    CHECK_INT(n, 0);
    CHECK_INT(plan_signoff_pending(w.c, w.council, SIGNOFF_PLAN, 1, &a, &got, &e), 0);
    CHECK_INT(got.id, r.id);
    CHECK_STR(got.raised_by_name, "Ann Smith");

    /* Tom approves: the decision is stored with his limit and the hash. */
    CHECK_INT(signoff_decide(&org, &got.req, &got.st, mid, SIGNOFF_APPROVE, NULL, got.req.hash, ymd(2025, 6, 6), &a, &e), 0);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_update(w.c, w.council, &got, FX_NOW + 10, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(plan_signoff_get(w.c, w.council, r.id, &a, &got, &e), 0);
    CHECK_INT(got.st.status, SIGNOFF_APPROVED);
    CHECK_INT(got.st.ndecisions, 1);
    CHECK_INT(got.st.decisions[0].limit, 5000000);
    CHECK_INT(got.st.decisions[0].as, SIGNOFF_STEP_MANAGER);
    CHECK_INT(signoff_check_current(&got.st, got.req.hash, &e), 0);
    /* A second writer with the old version is refused. */
    r.st = got.st;
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_signoff_update(w.c, w.council, &r, FX_NOW + 20, &e), ERR_CONFLICT);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(plan_signoff_for_person(w.c, w.council, w.person, &a, &items, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(plan_signoff_get(w.c, w.other_council, r.id, &a, &got, &e), ERR_NOT_FOUND);
    err_clear(&e);

    /* The panel: someone added is a panel member in the org. */
    CHECK_INT(plan_signoff_panel_set(w.c, w.council, w.manager, true, w.manager, FX_NOW, &e), 0);
    CHECK_INT(plan_signoff_org(w.c, w.council, &a, &org, &e), 0);
    CHECK(signoff_find(&org, mid)->panel_member);
    CHECK_INT(plan_signoff_panel_set(w.c, w.council, w.manager, false, w.manager, FX_NOW, &e), 0);
    CHECK_INT(plan_signoff_org(w.c, w.council, &a, &org, &e), 0);
    CHECK(!signoff_find(&org, mid)->panel_member);
    arena_release(&a);
    store_release(w.c);
}

static void record_offer(struct world *w, day_t on, bool all)
{
    static const char *const present[] = {"Ann Smith"};
    struct choice_record r = {.person_ref = "x", .offered_by = "sam", .offered_on = on,
                              .format = CHOICE_FORMAT_EASY_READ, .present = present, .npresent = 1,
                              .chosen = true, .reasons = "I want to choose my PA"};
    struct err e = {0};
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        r.offers[o].offered = true;
    if (!all) {
        r.offers[CHOICE_COUNCIL_MANAGED].offered = false;
        r.offers[CHOICE_COUNCIL_MANAGED].unavailable = CHOICE_NA_OTHER;
        r.offers[CHOICE_COUNCIL_MANAGED].unavailable_text = "No framework capacity";
    }
    r.amounts[CHOICE_DIRECT_PAYMENT] = 1500000;
    r.amounts[CHOICE_COUNCIL_MANAGED] = all ? 350000 : 0;
    r.amounts[CHOICE_ISF] = all ? 0 : 350000;
    r.isf_provider = all ? NULL : "Good Lives";
    CHECK_INT(plan_choice_save(w->c, w->council, w->person, w->worker, &r, FX_NOW, NULL, &e), 0);
    CHECK_STR(e.msg, "");
}

STORE_TEST(plan_store_arrangement_gate)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_budget_row b;
    struct plan_arrangement_row r, *items;
    size_t n;
    setup(st, &w);
    arena_init(&a, 0);

    memset(&r, 0, sizeof r);
    r.person_id = w.person;
    r.kind = CHOICE_DIRECT_PAYMENT;
    r.set_up_by = w.worker;
    /* No agreed budget: nothing to set up. */
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_arrangement_set_up(w.c, w.council, &r, ymd(2025, 6, 10), FX_NOW, &a, &e), ERR_CONFLICT);
    store_rollback(w.c);
    err_clear(&e);
    propose_and_agree(&w, &a, 1850000, &b);
    /* No recorded offer: refused by the gate, with its message; nothing written. */
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_arrangement_set_up(w.c, w.council, &r, ymd(2025, 6, 10), FX_NOW, &a, &e), ERR_FORBIDDEN);
    store_rollback(w.c);
    CHECK_CONTAINS(e.msg, "no record that the person was offered every way");
    CHECK_INT(fx_count(w.c, "support_arrangements"), 0);
    err_clear(&e);
    /* An offer of every option with a choice that adds up: set up at the chosen amount. */
    record_offer(&w, ymd(2025, 6, 3), true);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_arrangement_set_up(w.c, w.council, &r, ymd(2025, 6, 10), FX_NOW, &a, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(r.annual, 1500000);
    CHECK_INT(r.budget_id, b.id);
    /* Nothing chosen for an ISF: refused. */
    r.kind = CHOICE_ISF;
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_arrangement_set_up(w.c, w.council, &r, ymd(2025, 6, 10), FX_NOW, &a, &e), ERR_FORBIDDEN);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(plan_arrangement_list(w.c, w.council, w.person, &a, &items, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(items[0].kind, CHOICE_DIRECT_PAYMENT);
    CHECK_STR(items[0].set_up_by_name, "Staff sam@example.org");
    arena_release(&a);
    store_release(w.c);
}

STORE_TEST(plan_store_agreement_and_acceptance)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_agreement_row r, got;
    struct dp_agreement_section secs[2];
    const char *p1[] = {"- Personal assistant: £8,000.00 a year", "Paid every 4 weeks."};
    const char *p2[] = {"You keep records for 6 years."};
    struct dp_acceptance acc;
    struct plan_row plan;
    setup(st, &w);
    arena_init(&a, 0);
    plan_init(&w, &plan);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_store_create(w.c, w.council, w.person, &plan, &ANN, "x", FX_NOW, &a, &e), 0);
    CHECK_INT(commit(w.c), 0);

    memset(&r, 0, sizeof r);
    secs[0] = (struct dp_agreement_section){"What the money is for", p1, 2};
    secs[1] = (struct dp_agreement_section){"Records", p2, 1};
    r.person_id = w.person;
    r.plan_id = plan.id;
    r.created_by = w.worker;
    r.ag.title = "Direct payment agreement: Ann Smith";
    r.ag.sections = secs;
    r.ag.nsections = 2;
    memset(r.ag.plan_hash, 'b', 64);
    memset(r.ag.hash, 'c', 64);
    r.ag.dp_annual = 1500000;
    r.ag.payment = 115385;
    r.ag.first_review = ymd(2026, 1, 1);
    r.ag.next_review = ymd(2027, 1, 1);
    r.parties.recipient = DP_RECIPIENT_NOMINATED;
    r.parties.recipient_name = "Bill Smith";
    r.parties.account = DP_ACCOUNT_PREPAID_CARD;
    r.parties.start_date = ymd(2025, 7, 1);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_agreement_create(w.c, w.council, &r, FX_NOW, &e), 0);
    CHECK_INT(commit(w.c), 0);
    CHECK_INT(plan_agreement_current(w.c, w.council, w.person, &a, &got, &e), 0);
    CHECK_STR(got.status, "offered");
    CHECK_INT(got.ag.nsections, 2);
    CHECK_STR(got.ag.sections[0].paragraphs[0], "- Personal assistant: £8,000.00 a year");
    CHECK_STR(got.parties.recipient_name, "Bill Smith");
    CHECK_INT(got.parties.account, DP_ACCOUNT_PREPAID_CARD);
    CHECK_INT(got.ag.payment, 115385);
    CHECK(!got.accepted);

    memset(&acc, 0, sizeof acc);
    acc.by_name = "Bill Smith";
    acc.capacity = DP_RECIPIENT_NOMINATED;
    acc.on = ymd(2025, 6, 20);
    memcpy(acc.agreement_hash, got.ag.hash, sizeof acc.agreement_hash);
    memcpy(acc.plan_hash, got.ag.plan_hash, sizeof acc.plan_hash);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_agreement_accept(w.c, w.council, &got, &acc, "account:9", FX_NOW, &e), 0);
    CHECK_INT(commit(w.c), 0);
    /* Accepting twice: refused. */
    CHECK_INT(plan_agreement_get(w.c, w.council, r.id, &a, &got, &e), 0);
    CHECK(got.accepted);
    CHECK_STR(got.acceptance.by_name, "Bill Smith");
    CHECK_STR(got.accepted_by_actor, "account:9");
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(plan_agreement_accept(w.c, w.council, &got, &acc, "account:9", FX_NOW, &e), ERR_CONFLICT);
    store_rollback(w.c);
    err_clear(&e);
    CHECK_INT(plan_agreement_current(w.c, w.other_council, w.person, &a, &got, &e), ERR_NOT_FOUND);
    arena_release(&a);
    store_release(w.c);
}

STORE_TEST(plan_store_report_rows_and_due_list)
{
    struct world w;
    struct arena a;
    struct err e = {0};
    struct plan_budget_row b;
    struct choice_report_row *rows;
    struct plan_due_row *due;
    size_t n;
    int64_t second;
    setup(st, &w);
    arena_init(&a, 0);
    /* Ann: budget agreed 2 June with an offer; a second person agreed with no offer. */
    propose_and_agree(&w, &a, 1850000, &b);
    record_offer(&w, ymd(2025, 6, 3), false);
    {
        struct person p;
        fx_person_init(&p, "Bob", "Jones", "1970-01-01");
        p.client_group = CLIENT_LEARNING_DISABILITY;
        p.allocated_worker_id = w.worker;
        CHECK_INT(tx(w.c), 0);
        CHECK_INT(person_create(w.c, w.council, &p, FX_NOW, &e), 0);
        CHECK_INT(commit(w.c), 0);
        second = p.id;
    }
    w.person = second;
    propose_and_agree(&w, &a, 900000, &b);
    CHECK_INT(plan_report_choice_rows(w.c, w.council, ymd(2025, 6, 1), ymd(2025, 6, 30), &a, &rows, &n, &e), 0);
    CHECK_INT(n, 2);
    CHECK(rows[0].choice != NULL);
    CHECK(!choice_all_offered(rows[0].choice));
    CHECK(rows[1].choice == NULL);
    CHECK_STR(rows[1].client_group, "Learning disability");
    CHECK_STR(rows[1].worker, "Staff sam@example.org");
    CHECK_STR(rows[1].team, "North");
    CHECK_INT(plan_report_choice_rows(w.c, w.council, ymd(2025, 7, 1), ymd(2025, 7, 30), &a, &rows, &n, &e), 0);
    CHECK_INT(n, 0);
    CHECK_INT(plan_report_choice_rows(w.c, w.council, ymd(2025, 7, 1), ymd(2025, 6, 30), &a, &rows, &n, &e), ERR_INVALID);
    err_clear(&e);
    /* Both have agreed budgets and no plan sent: both due; Bob is Sam's. */
    CHECK_INT(plan_report_due(w.c, w.council, 0, 0, &a, &due, &n, &e), 0);
    CHECK_INT(n, 2);
    CHECK_INT(plan_report_due(w.c, w.council, w.worker, 0, &a, &due, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_STR(due[0].person_name, "Bob Jones");
    CHECK_STR(due[0].plan_status, "none");
    CHECK_INT(due[0].plan_due_on, ymd(2025, 7, 14));
    CHECK_INT(plan_report_due(w.c, w.other_council, 0, 0, &a, &due, &n, &e), 0);
    CHECK_INT(n, 0);
    arena_release(&a);
    store_release(w.c);
}
