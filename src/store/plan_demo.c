/* plan_demo.c — the planning part of `selfdirect demo` (plan_demo_seed in plan_store.h): people at
 * every stage of issue 5's journey, made through the same store functions and domain rules the
 * product uses, so the demo shows what the product does:
 *   - the demo budget holder: budget agreed, every option offered, a mix chosen, a draft plan;
 *   - every 4th person from the first: a signed-off plan with an accepted DP agreement and the
 *     direct payment set up as an arrangement;
 *   - the next: options offered, still deciding, no plan yet (a reminder shows);
 *   - the next: a direct payment not open to them (no suitable person to manage it), a council-
 *     managed budget chosen, a plan waiting for sign-off;
 *   - the next: a budget agreed weeks ago with no record of any offer (the choice report shows it)
 *     and a challenge to the budget, acknowledged.
 * The budget comes from the assessment's indicative budget when there is one. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/challenge.h"
#include "domain/dp_agreement.h"
#include "domain/payroll/rates.h"
#include "io/payroll_rates.h"
#include "store/assess_store.h"
#include "store/plan_records.h"
#include "store/plan_store.h"
#include "store/records.h"
#include "store/store.h"

static const struct plan_actor DEMO = {"system:demo", "Demo set-up"};

struct demo_ctx {
    struct store_conn *c;
    int64_t council;
    int64_t now;
    day_t today;
    struct arena *a;
    struct signoff_org org;
    struct plan_settings settings;
    const char *council_name;
};

/* The holder decides (approves) a request opened on the org, as long as it takes. */
static int approve_all_the_way(struct demo_ctx *d, struct plan_signoff_row *r, const char *hash,
                               day_t on, struct err *e)
{
    for (int guard = 0; guard < 8 && r->st.status == SIGNOFF_PENDING; guard++) {
        const char *actor = r->st.holder_id;
        if (!actor) /* with the panel: its first member decides */
            for (size_t i = 0; i < d->org.nworkers && !actor; i++)
                if (d->org.workers[i].panel_member)
                    actor = d->org.workers[i].id;
        if (!actor)
            return err_set(e, ERR_CONFLICT, "The demo has no panel member to decide a request.");
        if (signoff_decide(&d->org, &r->req, &r->st, actor, SIGNOFF_APPROVE, NULL, hash, on, d->a,
                           e) != 0)
            return e->code;
    }
    return plan_signoff_update(d->c, d->council, r, d->now, e);
}

static int open_request(struct demo_ctx *d, int64_t person, int64_t worker, enum signoff_subject subj,
                        int64_t subject_id, int version, const char *hash, int64_t value,
                        const char *raised_by, const char *raised_by_name, day_t on,
                        struct plan_signoff_row *r, struct err *e)
{
    memset(r, 0, sizeof *r);
    r->person_id = person;
    r->subject_id = subject_id;
    r->worker_id = worker;
    r->raised_by_name = raised_by_name;
    r->req.subject = subj;
    r->req.subject_ref = arena_printf(d->a, "%" PRId64, subject_id);
    r->req.subject_version = version;
    snprintf(r->req.hash, sizeof r->req.hash, "%s", hash);
    r->req.annual_value = value;
    r->req.raised_by = raised_by;
    r->req.worker_id = arena_printf(d->a, "%" PRId64, worker);
    r->req.raised_on = on;
    if (signoff_open(&d->org, &r->req, d->a, &r->st, e) != 0)
        return e->code;
    return plan_signoff_create(d->c, d->council, r, d->now, e);
}

static int agree_budget(struct demo_ctx *d, int64_t person, int64_t worker, int64_t annual,
                        day_t on, struct plan_budget_row *b, struct err *e)
{
    struct plan_signoff_row r;
    struct plan_period_rules rules;
    int rc;
    memset(b, 0, sizeof *b);
    b->person_id = person;
    b->annual = annual;
    b->one_off_allowance = 30000;
    b->reasons = "The indicative budget from the assessment.";
    b->proposed_by = worker;
    b->proposed_on = on;
    if ((rc = plan_budget_propose(d->c, d->council, b, d->now, e)) != 0 ||
        (rc = open_request(d, person, worker, SIGNOFF_BUDGET, b->id, 1, b->hash, annual + 30000,
                           arena_printf(d->a, "person:%" PRId64, person), "", on, &r, e)) != 0 ||
        (rc = approve_all_the_way(d, &r, b->hash, on, e)) != 0)
        return rc;
    if (plan_settings_period(&d->settings, &rules, e) != 0)
        return e->code;
    return plan_budget_agree(d->c, d->council, b, worker, on, plan_period_due(&rules, on), d->now,
                             e);
}

static int record_offer(struct demo_ctx *d, int64_t person, int64_t worker, const char *ref,
                        const char *person_name, day_t on, bool dp_open, bool chosen,
                        int64_t budget, struct plan_choice_row *out, struct err *e)
{
    static const char *present[2];
    struct choice_record r;
    int64_t id = 0;
    int rc;
    memset(&r, 0, sizeof r);
    present[0] = person_name;
    present[1] = "Their daughter";
    r.person_ref = ref;
    r.offered_by = arena_printf(d->a, "%" PRId64, worker);
    r.offered_on = on;
    r.format = dp_open ? CHOICE_FORMAT_EASY_READ : CHOICE_FORMAT_STANDARD;
    r.present = present;
    r.npresent = 2;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        r.offers[o].offered = true;
    if (!dp_open) {
        r.offers[CHOICE_DIRECT_PAYMENT].offered = false;
        r.offers[CHOICE_DIRECT_PAYMENT].unavailable = CHOICE_NA_LACKS_CAPACITY_NO_SUITABLE_PERSON;
        r.offers[CHOICE_DIRECT_PAYMENT].unavailable_text =
            "Lacks capacity to decide about money; nobody in the family is able to manage it.";
    }
    r.chosen = chosen;
    if (chosen && dp_open) {
        r.amounts[CHOICE_DIRECT_PAYMENT] = budget - budget / 5;
        r.amounts[CHOICE_COUNCIL_MANAGED] = budget / 5;
        r.reasons = "I want to choose my own PA; the council arranges the rest.";
    } else if (chosen) {
        r.amounts[CHOICE_COUNCIL_MANAGED] = budget;
        r.reasons = "The council arranges it, with the family's help.";
    }
    if ((rc = plan_choice_save(d->c, d->council, person, worker, &r, d->now, &id, e)) != 0)
        return rc;
    return plan_choice_latest(d->c, d->council, person, d->a, out, e);
}

static const struct plan_outcome OUTS[] = {{"o1", "Get up and out each morning"},
                                           {"o2", "See my friends every week"},
                                           {"o3", "Be fitter and stronger"}};
static const char *const O1[] = {"o1"};
static const char *const O23[] = {"o2", "o3"};
static const char *const O3[] = {"o3"};

/* A plan to suit the choice: a PA on the direct payment (or agency hours council-managed), a gym
 * and a class. */
static void plan_content(struct plan *p, struct plan_line *lines, bool dp, day_t start)
{
    memset(p, 0, sizeof *p);
    lines[0] = (struct plan_line){.id = "l1", .kind = dp ? PLAN_LINE_PA_HOURS : PLAN_LINE_AGENCY_HOURS,
                                  .description = dp ? "Personal assistant for mornings" : "Home care for mornings",
                                  .frequency = PLAN_FREQ_WEEKLY, .quantity = 10 * 60,
                                  .unit_cost = dp ? 1260 : 2450, .outcomes = O1, .noutcomes = 1,
                                  .managed_by = dp ? CHOICE_DIRECT_PAYMENT : CHOICE_COUNCIL_MANAGED,
                                  .provider = dp ? NULL : "Demoford Home Care", .pa_name = dp ? "Jo" : NULL};
    lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY, .description = "Gym membership",
                                  .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 2500,
                                  .outcomes = O3, .noutcomes = 1,
                                  .managed_by = dp ? CHOICE_DIRECT_PAYMENT : CHOICE_COUNCIL_MANAGED,
                                  .provider = "Demoford Leisure Centre"};
    lines[2] = (struct plan_line){.id = "l3", .kind = PLAN_LINE_ACTIVITY, .description = "Pottery class",
                                  .frequency = PLAN_FREQ_WEEKLY, .quantity = 1, .unit_cost = 800,
                                  .outcomes = O23, .noutcomes = 2,
                                  .managed_by = dp ? CHOICE_DIRECT_PAYMENT : CHOICE_COUNCIL_MANAGED};
    p->start_date = start;
    p->planned_by = dp ? PLAN_BY_SELF : PLAN_BY_FAMILY;
    p->sections[PLAN_SEC_ABOUT_ME] = "I have lived in Demoford all my life. I love my garden.";
    p->sections[PLAN_SEC_WHAT_MATTERS] = "Getting out every day; my friends at the library.";
    p->sections[PLAN_SEC_WHO_HELPS] = "My daughter, my neighbours, and paid support in the mornings.";
    p->sections[PLAN_SEC_MANAGING_MONEY] = dp ? "A separate bank account; a payroll service pays my PA."
                                               : "The council arranges and pays for my support.";
    p->sections[PLAN_SEC_CONTINGENCY] = "My daughter covers if support does not come; the council's "
                                        "out-of-hours number if she cannot.";
    p->sections[PLAN_SEC_RISKS] = "I might fall: I have a pendant alarm.";
    p->outcomes = OUTS;
    p->noutcomes = 3;
    p->lines = lines;
    p->nlines = 3;
}

static int cost(struct demo_ctx *d, const struct plan *p, int64_t budget,
                const struct choice_record *choice, struct plan_costing *out, struct err *e)
{
    struct payroll_rates *pr = arena_alloc(d->a, sizeof *pr);
    struct pa_cost_rates rates;
    struct plan_costing_input in;
    int years[32];
    size_t ny = payroll_rates_years(years, 32);
    int year = taxyear_of(p->start_date), rc;
    day_t on = p->start_date;
    if (!pr)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    memset(&in, 0, sizeof in);
    if (ny && years[ny - 1] < year) {
        year = years[ny - 1];
        on = taxyear_end(year);
    }
    if ((rc = payroll_rates_load(year, pr, e)) != 0 ||
        (rc = pa_cost_rates_from_payroll(pr, PAY_WEEKLY, on, d->settings.employment_allowance_claimed,
                                         d->settings.pa_insurance_annual, 66, &rates, e)) != 0)
        return rc;
    in.on = p->start_date;
    in.budget_annual = budget;
    in.one_off_allowance = 30000;
    in.pa_rates = &rates;
    if (choice && choice->chosen) {
        in.has_split = true;
        memcpy(in.split, choice->amounts, sizeof in.split);
    }
    return plan_cost(p, &in, d->a, out, e);
}

/* A plan sent for sign-off by the person's account (or in their name); approved when asked. */
static int plan_to_signoff(struct demo_ctx *d, int64_t person, int64_t worker, struct plan_row *row,
                           int64_t budget, const struct choice_record *choice, bool approve,
                           day_t on, struct err *e)
{
    struct plan_costing c;
    struct plan_signoff_row r;
    char hash[PLAN_HASH_HEX];
    struct plan copy = row->plan;
    int rc;
    if ((rc = cost(d, &row->plan, budget, choice, &c, e)) != 0 ||
        (rc = plan_submit(&copy, hash, e)) != 0 ||
        (rc = plan_store_mark_submitted(d->c, d->council, row, hash, d->now, e)) != 0 ||
        (rc = open_request(d, person, worker, SIGNOFF_PLAN, row->id, row->plan.version, hash,
                           c.spend, arena_printf(d->a, "person:%" PRId64, person), "", on, &r,
                           e)) != 0)
        return rc;
    if (!approve)
        return 0;
    if ((rc = approve_all_the_way(d, &r, hash, on, e)) != 0)
        return rc;
    return plan_store_mark_signed_off(d->c, d->council, row->id, hash, on, d->now, e);
}

static int agreement(struct demo_ctx *d, int64_t person, int64_t worker, const char *name,
                     const struct plan_row *row, int64_t budget, const struct plan_choice_row *choice,
                     day_t on, struct err *e)
{
    struct plan_costing c;
    struct dp_agreement *ag;
    struct dp_agreement_parties parties = {name, DP_RECIPIENT_PERSON, NULL, DP_ACCOUNT_PREPAID_CARD,
                                           "Demoford Card Services", row->plan.start_date};
    struct dp_agreement_settings s = {0};
    struct plan_agreement_row ar;
    struct dp_acceptance acc;
    int rc;
    s.council_name = d->council_name;
    s.dp_team_contact = d->settings.dp_team_contact;
    s.out_of_hours_phone = d->settings.out_of_hours_phone;
    s.support_service = d->settings.support_service;
    s.payment_interval_weeks = d->settings.payment_interval_weeks;
    s.net = d->settings.net_payments;
    s.first_review_months = d->settings.first_review_months;
    s.review_interval_months = d->settings.review_interval_months;
    s.surplus_weeks = d->settings.surplus_weeks;
    s.contingency = d->settings.contingency;
    s.records_years = d->settings.records_years;
    s.response_days = d->settings.response_days;
    if ((rc = cost(d, &row->plan, budget, &choice->rec, &c, e)) != 0 ||
        (rc = dp_agreement_build(&row->plan, &c, &choice->rec, budget, &parties, &s, on, d->a, &ag,
                                 e)) != 0)
        return rc;
    memset(&ar, 0, sizeof ar);
    ar.person_id = person;
    ar.plan_id = row->id;
    ar.created_by = worker;
    ar.ag = *ag;
    ar.parties = parties;
    if ((rc = plan_agreement_create(d->c, d->council, &ar, d->now, e)) != 0 ||
        (rc = dp_agreement_accept(ag, &row->plan, name, DP_RECIPIENT_PERSON, on, &acc, e)) != 0)
        return rc;
    return plan_agreement_accept(d->c, d->council, &ar, &acc, "system:demo", d->now, e);
}

int plan_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, int max_people,
                   int *seeded, struct err *e)
{
    struct arena a;
    struct demo_ctx d;
    struct council co;
    struct store_stmt *s = NULL;
    int64_t ids[64], workers[64], holder = 0;
    char refs[64][33], names[64][200];
    int n = 0, done = 0, rc;

    if (seeded)
        *seeded = 0;
    if (max_people > 64)
        max_people = 64;
    arena_init(&a, 0);
    memset(&d, 0, sizeof d);
    d.c = c;
    d.council = council_id;
    d.now = now;
    d.today = (day_t)(now / 86400);
    d.a = &a;
    if ((rc = council_get(c, council_id, &co, e)) != 0 || (rc = store_begin(c, e)) != 0)
        goto out;
    d.council_name = co.name;

    /* The council's settings, as a council would set them. */
    if ((rc = plan_settings_get(c, council_id, &d.settings, e)) != 0)
        goto fail;
    if (!d.settings.stored) {
        str_copy(d.settings.dp_team_contact, sizeof d.settings.dp_team_contact,
                 "01632 960 100, directpayments@demo.example");
        str_copy(d.settings.out_of_hours_phone, sizeof d.settings.out_of_hours_phone, "01632 960 999");
        str_copy(d.settings.support_service, sizeof d.settings.support_service,
                 "Demoford Centre for Independent Living");
        d.settings.contingency = 50000;
        if ((rc = plan_settings_put(c, council_id, &d.settings, DEMO.id, now, e)) != 0)
            goto fail;
    }
    /* A funding panel of the first team manager, for requests above every manager's limit. */
    {
        int64_t tm = 0;
        int64_t p[1] = {council_id};
        if (store_query_i64(c, "SELECT min(id) FROM staff WHERE council_id = ? AND role = "
                               "'team_manager'",
                            1, p, &tm, e) == 0 &&
            tm && (rc = plan_signoff_panel_set(c, council_id, tm, true, tm, now, e)) != 0)
            goto fail;
        err_clear(e);
    }
    if ((rc = plan_signoff_org(c, council_id, &a, &d.org, e)) != 0)
        goto fail;
    {
        int64_t p[1] = {council_id};
        if (store_query_i64(c, "SELECT COALESCE(min(person_id), 0) FROM web_accounts WHERE "
                               "council_id = ? AND role = 'budget-holder'",
                            1, p, &holder, e) != 0)
            holder = 0;
        err_clear(e);
    }

    /* People with an allocated worker and no plan yet: the budget holder first. */
    if ((rc = store_prepare(c,
                            "SELECT p.id, p.allocated_worker_id, p.reference, p.given_name || ' ' || "
                            "p.family_name FROM people p WHERE p.council_id = ? AND "
                            "p.allocated_worker_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                            "plan_budgets b WHERE b.council_id = p.council_id AND b.person_id = "
                            "p.id) ORDER BY CASE WHEN p.id = ? THEN 0 ELSE 1 END, p.id LIMIT ?",
                            &s, e)) != 0)
        goto fail;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, holder);
    store_bind_i64(s, 3, max_people);
    while (n < max_people && (rc = store_step(s, e)) == STORE_ROW) {
        ids[n] = store_col_i64(s, 0);
        workers[n] = store_col_i64(s, 1);
        store_col_copy(s, 2, refs[n], sizeof refs[n]);
        store_col_copy(s, 3, names[n], sizeof names[n]);
        n++;
    }
    store_finish(s);
    if (rc < 0)
        goto fail;

    for (int i = 0; i < n; i++) {
        struct assess_net_budget net;
        struct plan_budget_row b;
        struct plan_choice_row choice;
        struct plan_row row;
        struct plan_line lines[3];
        int stage = ids[i] == holder ? -1 : i % 4;
        int64_t budget;
        day_t agreed = d.today - (day_t)(stage == 3 ? 50 : 5 + (i * 7) % 30);
        if ((rc = assess_net_budget(c, council_id, ids[i], d.today, &net, e)) != 0)
            goto fail;
        budget = net.has_budget && net.budget_annual > 0 ? net.budget_annual
                                                          : 1200000 + (int64_t)((i * 137) % 100) * 10000;
        if ((rc = agree_budget(&d, ids[i], workers[i], budget, agreed, &b, e)) != 0)
            goto fail;
        if (stage == 3) {
            /* No record that the options were offered, and a challenge to the amount. */
            struct plan_challenge_row ch;
            memset(&ch, 0, sizeof ch);
            ch.person_id = ids[i];
            if ((rc = challenge_raise(&ch.ch, "new", refs[i], CHALLENGE_BY_ADVOCATE,
                                      "Demoford Advocacy", CHALLENGE_BUDGET_AMOUNT,
                                      arena_printf(&a, "budget-%" PRId64, b.id), b.hash,
                                      arena_printf(&a, "%" PRId64, b.agreed_by), budget,
                                      budget + 300000,
                                      "The assessment did not count the night-time support needed.",
                                      NULL, 0, agreed + 3, e)) != 0 ||
                (rc = plan_challenge_create(c, council_id, &ch, now, e)) != 0 ||
                (rc = challenge_acknowledge(&ch.ch, agreed + 5, e)) != 0 ||
                (rc = plan_challenge_update(c, council_id, &ch, now, e)) != 0)
                goto fail;
            done++;
            continue;
        }
        if ((rc = record_offer(&d, ids[i], workers[i], refs[i], names[i], agreed + 1, stage != 2,
                               stage != 1, budget, &choice, e)) != 0)
            goto fail;
        if (stage == 1) {
            done++;
            continue;
        }
        memset(&row, 0, sizeof row);
        plan_content(&row.plan, lines, stage != 2, agreed + 14);
        if (stage == -1) {
            /* The demo budget holder's plan is a draft they are still writing. */
            row.plan.sections[PLAN_SEC_CONTINGENCY] = NULL;
            row.plan.sections[PLAN_SEC_RISKS] = NULL;
        }
        if ((rc = plan_store_create(c, council_id, ids[i], &row, &DEMO, "demo", now, &a, e)) != 0)
            goto fail;
        if (stage == 0 || stage == 2) {
            day_t on = agreed + 10 > d.today ? d.today : agreed + 10;
            if ((rc = plan_to_signoff(&d, ids[i], workers[i], &row, budget, &choice.rec, stage == 0,
                                      on, e)) != 0)
                goto fail;
        }
        if (stage == 0) {
            struct plan_arrangement_row arr;
            if ((rc = plan_store_get(c, council_id, row.id, &a, &row, e)) != 0 ||
                (rc = agreement(&d, ids[i], workers[i], names[i], &row, budget, &choice,
                                agreed + 12 > d.today ? d.today : agreed + 12, e)) != 0)
                goto fail;
            memset(&arr, 0, sizeof arr);
            arr.person_id = ids[i];
            arr.kind = CHOICE_DIRECT_PAYMENT;
            arr.start_date = row.plan.start_date;
            arr.set_up_by = workers[i];
            if ((rc = plan_arrangement_set_up(c, council_id, &arr, d.today, now, &a, e)) != 0)
                goto fail;
        }
        done++;
    }
    if ((rc = store_commit(c, e)) != 0)
        goto out;
    if (seeded)
        *seeded = done;
    goto out;
fail:
    store_rollback(c);
out:
    arena_release(&a);
    return rc;
}
