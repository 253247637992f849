/* plan_service.c — what the plan pages and the plan API both do (see plan_web.h): load a person's
 * planning, cost a plan, and make each change in one transaction with its audit entry. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/payroll/rates.h"
#include "domain/plan_contrib.h"
#include "io/payroll_rates.h"
#include "store/audit.h"
#include "store/dp_store.h"
#include "store/notify.h"
#include "store/records.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/plan_web.h"

day_t plan_web_today(struct request *req)
{
    return guard_today(req->now);
}

void plan_web_actor(struct request *req, struct plan_actor *out)
{
    out->id = principal_actor(req);
    out->name = req->who->display_name ? req->who->display_name : "";
}

const char *plan_web_signoff_id(struct request *req)
{
    if (req->who->staff_id)
        return arena_printf(&req->arena, "%" PRId64, req->who->staff_id);
    return principal_actor(req);
}

bool plan_web_may(struct request *req, enum access_action a, int64_t person_id)
{
    struct access_decision d;
    struct err e = {0};
    if (!access_action_needs_person(a))
        return access_decide(&(struct access_subject){req->who->role, req->who->council_id}, a, NULL,
                             0, req->now)
                   .outcome == ACCESS_ALLOW;
    if (guard_person(req->app, req, a, person_id, &d, &e) != 0)
        return false;
    return d.outcome == ACCESS_ALLOW;
}

/* ---- loading ----------------------------------------------------------------------------------- */

/* Has a plan been sent for sign-off for this budget? A plan signed off before the budget was
 * agreed is an earlier plan: the person plans again against the new budget. */
static bool plan_sent(const struct plan_view *v)
{
    if (!v->has_plan || v->plan.plan.status == PLAN_DRAFT)
        return false;
    if (v->plan.plan.status == PLAN_SUBMITTED)
        return true;
    return !v->has_budget || v->plan.signed_off_on >= v->budget.agreed_on;
}

int plan_view_load(struct request *req, int64_t person_id, unsigned parts, struct plan_view *v,
                   struct err *e)
{
    struct store_conn *c = NULL;
    struct arena *a = &req->arena;
    int64_t council = req->who->council_id;
    day_t today = plan_web_today(req);
    struct err ne = {0};
    int rc;

    memset(v, 0, sizeof *v);
    v->person_id = person_id;
    if (parts & PV_COSTING)
        parts |= PV_PLAN | PV_CHOICE;
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if ((rc = web_person_get(c, council, person_id, a, &v->person, e)) != 0)
        goto done;
    v->name = arena_printf(a, "%s %s", v->person.given_name, v->person.family_name);
    v->is_self = req->who->person_id == person_id;
    if ((rc = plan_settings_get(c, council, &v->settings, e)) != 0)
        goto done;
    if (plan_settings_period(&v->settings, &v->rules, &ne) != 0) {
        /* A stored setting that no longer reads is shown with the defaults' reminders. */
        err_clear(&ne);
        (void)plan_period_parse_reminders("14,7,1", &v->rules, &ne);
    }
    v->rules.planning_period_days = v->settings.planning_period_days;
    if ((rc = assess_net_budget(c, council, person_id, today, &v->net, e)) != 0)
        goto done;
    v->has_net = v->net.has_budget;

    rc = plan_budget_latest(c, council, person_id, a, &v->latest_budget, &ne);
    if (rc == 0)
        v->has_latest_budget = true;
    else if (rc != ERR_NOT_FOUND)
        goto store_err;
    err_clear(&ne);
    rc = plan_budget_agreed(c, council, person_id, a, &v->budget, &ne);
    if (rc == 0)
        v->has_budget = true;
    else if (rc != ERR_NOT_FOUND)
        goto store_err;
    err_clear(&ne);
    rc = plan_store_current(c, council, person_id, a, &v->plan, &ne);
    if (rc == 0)
        v->has_plan = true;
    else if (rc != ERR_NOT_FOUND)
        goto store_err;
    err_clear(&ne);
    if (parts & PV_CHOICE) {
        rc = plan_choice_latest(c, council, person_id, a, &v->choice, &ne);
        if (rc == 0)
            v->has_choice = true;
        else if (rc != ERR_NOT_FOUND)
            goto store_err;
        err_clear(&ne);
    }
    if ((parts & PV_REQUESTS) &&
        (rc = plan_signoff_for_person(c, council, person_id, a, &v->requests, &v->nrequests, e)) != 0)
        goto done;
    if ((parts & PV_CONTRIB) &&
        (rc = plan_contributor_list(c, council, person_id, a, &v->contributors,
                                    &v->ncontributors, e)) != 0)
        goto done;
    if (parts & PV_AGREEMENT) {
        rc = plan_agreement_current(c, council, person_id, a, &v->agreement, &ne);
        if (rc == 0)
            v->has_agreement = true;
        else if (rc != ERR_NOT_FOUND)
            goto store_err;
        err_clear(&ne);
    }
    rc = 0;
    store_release(c);
    c = NULL;
    if (v->has_budget &&
        plan_period_status(&v->rules, v->budget.agreed_on, plan_sent(v), today, a, &v->period,
                           &ne) == 0)
        v->has_period = true;
    err_clear(&ne);
    if ((parts & PV_COSTING) && v->has_plan) {
        if (plan_view_cost(req, v, &v->plan.plan, &v->costing, &ne) == 0)
            v->has_costing = true;
        else
            v->costing_error = arena_strdup(a, ne.msg);
    }
    return 0;
store_err:
    *e = ne;
done:
    store_release(c);
    return rc;
}

int plan_view_cost(struct request *req, const struct plan_view *v, const struct plan *p,
                   struct plan_costing *out, struct err *e)
{
    struct arena *a = &req->arena;
    struct payroll_rates *pr = arena_alloc(a, sizeof *pr);
    struct pa_cost_rates rates;
    struct nmw_rates *nmw = arena_array(a, 16, sizeof *nmw);
    struct plan_costing_input in;
    size_t nnmw = 0;
    day_t on = p->start_date;
    int year = taxyear_of(on), rc;
    struct err ne = {0};
    bool has_pa = false;

    if (!pr || !nmw)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    memset(&in, 0, sizeof in);
    in.on = on;
    in.budget_annual = v->has_budget ? v->budget.annual : 0;
    in.one_off_allowance = v->has_budget ? v->budget.one_off_allowance : 0;
    for (size_t i = 0; i < p->nlines; i++)
        has_pa |= p->lines[i].kind == PLAN_LINE_PA_HOURS;
    if (has_pa) {
        /* The rates of the plan's tax year; a year not loaded yet is costed at the latest year we
         * have (and says so in the working). */
        if (payroll_rates_load(year, pr, &ne) != 0) {
            int years[32];
            size_t ny = payroll_rates_years(years, 32);
            err_clear(&ne);
            if (ny == 0)
                return err_set(e, ERR_UNSUPPORTED, "There are no payroll rates to cost PA hours with.");
            year = years[ny - 1] < year ? years[ny - 1] : years[0];
            on = on < taxyear_start(year) ? taxyear_start(year) : taxyear_end(year);
            if ((rc = payroll_rates_load(year, pr, e)) != 0)
                return rc;
        }
        if ((rc = pa_cost_rates_from_payroll(pr, PAY_WEEKLY, on,
                                             v->settings.employment_allowance_claimed,
                                             v->settings.pa_insurance_annual, 66, &rates, e)) != 0)
            return rc;
        in.pa_rates = &rates;
    }
    if (payroll_rates_load_nmw_all(nmw, 16, &nnmw, &ne) == 0) {
        in.nmw = nmw;
        in.nnmw = nnmw;
    }
    if (v->has_choice && v->choice.rec.chosen) {
        in.has_split = true;
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
            in.split[o] = v->choice.rec.amounts[o];
    }
    return plan_cost(p, &in, a, out, e);
}

const struct plan_signoff_row *plan_view_plan_request(const struct plan_view *v)
{
    for (size_t i = 0; v->has_plan && i < v->nrequests; i++)
        if (v->requests[i].req.subject == SIGNOFF_PLAN && v->requests[i].subject_id == v->plan.id)
            return &v->requests[i];
    return NULL;
}

const struct plan_signoff_row *plan_view_budget_request(const struct plan_view *v, int64_t budget_id)
{
    for (size_t i = 0; i < v->nrequests; i++)
        if (v->requests[i].req.subject == SIGNOFF_BUDGET && v->requests[i].subject_id == budget_id)
            return &v->requests[i];
    return NULL;
}

int plan_web_may_write(struct request *req, const struct plan_view *v, struct err *e)
{
    struct plan_contributor *list;
    struct plan_contributor_row *rows = v->contributors;
    size_t n = v->ncontributors;
    if (v->is_self)
        return 0;
    if (!rows) {
        struct store_conn *c = NULL;
        int rc = store_acquire(req->app->store, &c, e);
        if (rc == 0)
            rc = plan_contributor_list(c, req->who->council_id, v->person_id, &req->arena, &rows,
                                       &n, e);
        store_release(c);
        if (rc != 0)
            return rc;
    }
    list = arena_array(&req->arena, n ? n : 1, sizeof *list);
    if (!list)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    for (size_t i = 0; i < n; i++)
        list[i] = rows[i].c;
    return plan_contrib_may_edit(list, n, principal_actor(req), false, v->person.given_name,
                                 plan_web_today(req), e);
}

/* ---- writing ----------------------------------------------------------------------------------- */

/* One change: a connection, a transaction, the change, its audit entry, commit. */
struct tx {
    struct store_conn *c;
    struct request *req;
};

static int tx_begin(struct request *req, struct tx *t, struct err *e)
{
    int rc;
    t->req = req;
    t->c = NULL;
    if ((rc = store_acquire(req->app->store, &t->c, e)) != 0)
        return rc;
    if ((rc = store_begin(t->c, e)) != 0) {
        store_release(t->c);
        t->c = NULL;
    }
    return rc;
}

/* Appends the audit entry (detail: a JSON object the caller built, consumed) and commits. */
static int tx_commit(struct tx *t, const char *action, int64_t person_id, json_t *detail,
                     struct err *e)
{
    struct audit_new an = {0};
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;
    json_decref(detail);
    an.at = t->req->now;
    an.council_id = t->req->who->council_id;
    an.actor = principal_actor(t->req);
    an.actor_role = role_name(t->req->who->role);
    an.action = action;
    an.subject_type = "person";
    an.subject_id = person_id;
    an.remote_addr = t->req->remote_addr;
    an.detail = text ? text : "";
    rc = audit_append(t->c, &an, e);
    free(text);
    if (rc == 0)
        rc = store_commit(t->c, e);
    if (rc != 0)
        store_rollback(t->c);
    store_release(t->c);
    t->c = NULL;
    return rc;
}

static int tx_fail(struct tx *t, int rc)
{
    store_rollback(t->c);
    store_release(t->c);
    t->c = NULL;
    return rc;
}

int plan_web_save(struct request *req, struct plan_view *v, struct plan *content, int base_revision,
                  const char *step, struct plan_change **changes, size_t *nchanges, struct err *e)
{
    struct plan_actor by;
    struct plan_row row;
    struct tx t;
    struct err ce = {0};
    int rc;
    *changes = NULL;
    *nchanges = 0;
    if ((rc = plan_web_may_write(req, v, e)) != 0)
        return rc;
    plan_web_actor(req, &by);
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if (!v->has_plan) {
        memset(&row, 0, sizeof row);
        row.plan = *content;
        rc = plan_store_create(t.c, req->who->council_id, v->person_id, &row, &by, step, req->now,
                               &req->arena, &ce);
    } else {
        row = v->plan;
        row.plan.start_date = content->start_date;
        row.plan.has_review_date = content->has_review_date;
        row.plan.review_date = content->review_date;
        memcpy(row.plan.sections, content->sections, sizeof row.plan.sections);
        row.plan.planned_by = content->planned_by;
        row.plan.helpers = content->helpers;
        row.plan.nhelpers = content->nhelpers;
        row.plan.outcomes = content->outcomes;
        row.plan.noutcomes = content->noutcomes;
        row.plan.lines = content->lines;
        row.plan.nlines = content->nlines;
        rc = plan_store_save(t.c, req->who->council_id, &row, base_revision, &by, step, req->now,
                             &ce);
    }
    if (rc != 0) {
        tx_fail(&t, rc);
        *e = ce;
        if (rc == ERR_CONFLICT) {
            /* Show what the other person changed: the save this writer started from, to now. */
            struct store_conn *c = NULL;
            struct plan_row now_row;
            struct plan base;
            struct err ne = {0};
            if (store_acquire(req->app->store, &c, &ne) == 0 &&
                plan_store_current(c, req->who->council_id, v->person_id, &req->arena, &now_row,
                                   &ne) == 0) {
                if (now_row.plan.status == PLAN_DRAFT || now_row.plan.status == PLAN_SUBMITTED) {
                    memset(&base, 0, sizeof base);
                    if (v->has_plan && now_row.id == v->plan.id &&
                        plan_store_revision_plan(c, req->who->council_id, now_row.id,
                                                 base_revision, &now_row.plan, &req->arena, &base,
                                                 NULL, &ne) == 0)
                        (void)plan_diff(&base, &now_row.plan, &req->arena, changes, nchanges, &ne);
                    else if (!v->has_plan) {
                        base = now_row.plan;
                        base.sections[0] = NULL;
                        memset(base.sections, 0, sizeof base.sections);
                        base.noutcomes = base.nlines = base.nhelpers = 0;
                        (void)plan_diff(&base, &now_row.plan, &req->arena, changes, nchanges, &ne);
                    }
                }
                v->plan = now_row;
                v->has_plan = true;
            }
            store_release(c);
        }
        return rc;
    }
    rc = tx_commit(&t, "plan.save", v->person_id,
                   json_pack("{s:I, s:i, s:i, s:s}", "plan", (json_int_t)row.id, "version",
                             row.plan.version, "revision", row.plan.revision, "step",
                             step ? step : ""),
                   e);
    if (rc == 0) {
        v->plan = row;
        v->has_plan = true;
    }
    return rc;
}

static const char *worker_of(struct request *req, const struct plan_view *v)
{
    if (!v->person.allocated_worker_id)
        return NULL;
    return arena_printf(&req->arena, "%" PRId64, v->person.allocated_worker_id);
}

/* A pending request for the same subject is closed: a newer one replaces it. */
static int close_pending(struct request *req, struct store_conn *c, enum signoff_subject subject,
                         int64_t subject_id, struct err *e)
{
    struct plan_signoff_row old;
    struct err ne = {0};
    int rc = plan_signoff_pending(c, req->who->council_id, subject, subject_id, &req->arena, &old,
                                  &ne);
    if (rc == ERR_NOT_FOUND)
        return 0;
    if (rc != 0) {
        *e = ne;
        return rc;
    }
    old.st.status = SIGNOFF_WITHDRAWN;
    old.st.withdrawn_on = plan_web_today(req);
    old.st.where = "Replaced by a newer request for sign-off.";
    return plan_signoff_update(c, req->who->council_id, &old, req->now, e);
}

int plan_web_submit(struct request *req, struct plan_view *v, int base_revision,
                    const char *reasons, struct plan_signoff_row *out, struct err *e)
{
    struct signoff_org org;
    struct plan_costing costing;
    struct plan copy;
    struct tx t;
    const char *worker;
    char hash[PLAN_HASH_HEX];
    int rc;

    if ((rc = plan_web_may_write(req, v, e)) != 0)
        return rc;
    if (!v->has_plan)
        return err_set(e, ERR_NOT_FOUND, "There is no plan to send yet: start with 'About me'.");
    if ((rc = plan_check_editable(&v->plan.plan, base_revision, e)) != 0)
        return rc;
    if (!v->has_budget)
        return err_set(e, ERR_CONFLICT, "The budget has to be agreed before the plan is sent for "
                                        "sign-off. Your worker is arranging this.");
    if (reasons && strlen(reasons) > 4000)
        return err_set_field(e, ERR_INVALID, "reasons", "Keep this to 4,000 characters or fewer.");
    if (!(worker = worker_of(req, v)))
        return err_set(e, ERR_CONFLICT, "No worker is allocated to %s, so nobody can sign the plan "
                                        "off yet. The council's team will allocate one.",
                       v->name);
    if ((rc = plan_view_cost(req, v, &v->plan.plan, &costing, e)) != 0)
        return rc;
    copy = v->plan.plan;
    if ((rc = plan_submit(&copy, hash, e)) != 0)
        return rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_signoff_org(t.c, req->who->council_id, &req->arena, &org, e)) != 0 ||
        (rc = plan_store_mark_submitted(t.c, req->who->council_id, &v->plan, hash, req->now, e)) != 0 ||
        (rc = close_pending(req, t.c, SIGNOFF_PLAN, v->plan.id, e)) != 0)
        return tx_fail(&t, rc);
    memset(out, 0, sizeof *out);
    out->person_id = v->person_id;
    out->subject_id = v->plan.id;
    out->worker_id = v->person.allocated_worker_id;
    out->raised_by_name = req->who->display_name;
    out->req.subject = SIGNOFF_PLAN;
    out->req.subject_ref = arena_printf(&req->arena, "%" PRId64, v->plan.id);
    out->req.subject_version = v->plan.plan.version;
    memcpy(out->req.hash, hash, sizeof hash);
    out->req.annual_value = costing.spend;
    out->req.raised_by = plan_web_signoff_id(req);
    out->req.worker_id = worker;
    out->req.raised_on = plan_web_today(req);
    out->req.reasons = reasons && *reasons ? reasons : NULL;
    if ((rc = signoff_open(&org, &out->req, &req->arena, &out->st, e)) != 0 ||
        (rc = plan_signoff_create(t.c, req->who->council_id, out, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "plan.submit", v->person_id,
                     json_pack("{s:I, s:i, s:s, s:I, s:I}", "plan", (json_int_t)v->plan.id,
                               "version", v->plan.plan.version, "hash", hash, "request",
                               (json_int_t)out->id, "annual_value",
                               (json_int_t)costing.spend),
                     e);
}

int plan_web_new_version(struct request *req, struct plan_view *v, struct err *e)
{
    struct plan_actor by;
    struct plan_row row;
    struct tx t;
    int rc;
    if ((rc = plan_web_may_write(req, v, e)) != 0)
        return rc;
    if (!v->has_plan)
        return err_set(e, ERR_NOT_FOUND, "There is no plan yet.");
    plan_web_actor(req, &by);
    memset(&row, 0, sizeof row);
    row.plan = v->plan.plan;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_store_create(t.c, req->who->council_id, v->person_id, &row, &by, "new-version",
                                req->now, &req->arena, e)) != 0)
        return tx_fail(&t, rc);
    rc = tx_commit(&t, "plan.new-version", v->person_id,
                   json_pack("{s:I, s:i}", "plan", (json_int_t)row.id, "version", row.plan.version),
                   e);
    if (rc == 0)
        v->plan = row;
    return rc;
}

int plan_web_propose_budget(struct request *req, int64_t person_id, int64_t annual,
                            int64_t one_off, const char *reasons, struct plan_signoff_row *out,
                            struct err *e)
{
    struct plan_view v;
    struct plan_budget_row b;
    struct signoff_org org;
    struct tx t;
    const char *worker;
    int rc;
    if ((rc = plan_view_load(req, person_id, PV_BUDGET, &v, e)) != 0)
        return rc;
    if (!(worker = worker_of(req, &v)))
        return err_set(e, ERR_CONFLICT, "Allocate a worker to %s first: the worker responsible is "
                                        "the first to decide the budget.",
                       v.name);
    memset(&b, 0, sizeof b);
    b.person_id = person_id;
    b.annual = annual;
    b.one_off_allowance = one_off;
    b.reasons = reasons;
    b.proposed_by = req->who->staff_id;
    b.proposed_on = plan_web_today(req);
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_signoff_org(t.c, req->who->council_id, &req->arena, &org, e)) != 0 ||
        (rc = plan_budget_propose(t.c, req->who->council_id, &b, req->now, e)) != 0)
        return tx_fail(&t, rc);
    memset(out, 0, sizeof *out);
    out->person_id = person_id;
    out->subject_id = b.id;
    out->worker_id = v.person.allocated_worker_id;
    out->raised_by_name = v.name;
    out->req.subject = SIGNOFF_BUDGET;
    out->req.subject_ref = arena_printf(&req->arena, "%" PRId64, b.id);
    out->req.subject_version = 1;
    memcpy(out->req.hash, b.hash, sizeof b.hash);
    /* A one-off allowance is money the worker commits too: it counts against their limit. */
    out->req.annual_value = annual + one_off;
    /* The budget is the person's: its request is raised in their name, so the worker responsible
     * decides it within their limit (delegated authority), and above it the chain does. */
    out->req.raised_by = arena_printf(&req->arena, "person:%" PRId64, person_id);
    out->req.worker_id = worker;
    out->req.raised_on = plan_web_today(req);
    out->req.reasons = reasons && *reasons ? reasons : NULL;
    if ((rc = signoff_open(&org, &out->req, &req->arena, &out->st, e)) != 0 ||
        (rc = plan_signoff_create(t.c, req->who->council_id, out, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "budget.propose", person_id,
                     json_pack("{s:I, s:I, s:I, s:I}", "budget", (json_int_t)b.id, "annual",
                               (json_int_t)annual, "one_off_allowance", (json_int_t)one_off,
                               "request", (json_int_t)out->id),
                     e);
}

int plan_web_decide(struct request *req, int64_t person_id, int64_t request_id,
                    enum signoff_action act, const char *reasons, struct plan_signoff_row *out,
                    struct err *e)
{
    struct signoff_org org;
    struct plan_row plan;
    struct plan_budget_row budget;
    struct plan_settings settings;
    struct plan_period_rules rules;
    struct tx t;
    char current[SIGNOFF_HASH_HEX] = "";
    const char *actor;
    day_t today = plan_web_today(req);
    int64_t council = req->who->council_id;
    struct err ne = {0};
    int rc;

    if (!req->who->staff_id)
        return err_set(e, ERR_FORBIDDEN, "Only council staff decide sign-off requests.");
    if (reasons && strlen(reasons) > 4000)
        return err_set_field(e, ERR_INVALID, "reasons", "Keep the reasons to 4,000 characters.");
    actor = plan_web_signoff_id(req);
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_signoff_get(t.c, council, request_id, &req->arena, out, e)) != 0)
        return tx_fail(&t, rc);
    if (out->person_id != person_id)
        return tx_fail(&t, err_set(e, ERR_NOT_FOUND, "There is no such sign-off request for this "
                                                     "person."));
    if ((rc = plan_signoff_org(t.c, council, &req->arena, &org, e)) != 0 ||
        (rc = plan_settings_get(t.c, council, &settings, e)) != 0)
        return tx_fail(&t, rc);
    /* The content as it is now: a decision on anything else is refused by signoff_decide. */
    if (out->req.subject == SIGNOFF_PLAN) {
        if ((rc = plan_store_get(t.c, council, out->subject_id, &req->arena, &plan, e)) != 0 ||
            (rc = plan_hash(&plan.plan, current, e)) != 0)
            return tx_fail(&t, rc);
    } else {
        if ((rc = plan_budget_get(t.c, council, out->subject_id, &req->arena, &budget, e)) != 0)
            return tx_fail(&t, rc);
        if (budget.status == PLAN_BUDGET_PROPOSED)
            memcpy(current, budget.hash, sizeof current);
        else
            snprintf(current, sizeof current, "%s", "(replaced)");
    }
    if ((rc = signoff_decide(&org, &out->req, &out->st, actor, act, reasons && *reasons ? reasons : NULL,
                             current, today, &req->arena, e)) != 0)
        return tx_fail(&t, rc);
    if ((rc = plan_signoff_update(t.c, council, out, req->now, e)) != 0)
        return tx_fail(&t, rc);
    if (out->st.status == SIGNOFF_APPROVED) {
        if (out->req.subject == SIGNOFF_PLAN)
            rc = plan_store_mark_signed_off(t.c, council, plan.id, current, today, req->now, e);
        else {
            if (plan_settings_period(&settings, &rules, &ne) != 0)
                rules.planning_period_days = settings.planning_period_days;
            rules.planning_period_days = settings.planning_period_days;
            rc = plan_budget_agree(t.c, council, &budget, req->who->staff_id, today,
                                   plan_period_due(&rules, today), req->now, e);
        }
    } else if (out->st.status == SIGNOFF_REFUSED) {
        if (out->req.subject == SIGNOFF_PLAN)
            rc = plan_store_mark_draft(t.c, council, plan.id, current, req->now, e);
        else
            rc = plan_budget_refuse(t.c, council, &budget, req->now, e);
    }
    if (rc != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "signoff.decide", person_id,
                     json_pack("{s:I, s:s, s:s, s:s, s:s}", "request", (json_int_t)request_id,
                               "subject", out->req.subject == SIGNOFF_PLAN ? "plan" : "budget",
                               "action", signoff_action_name(act), "status",
                               signoff_status_name(out->st.status), "hash", current),
                     e);
}

int plan_web_record_offer(struct request *req, int64_t person_id, struct choice_record *rec,
                          struct err *e)
{
    struct plan_view v;
    struct tx t;
    int64_t id = 0;
    int rc;
    if ((rc = plan_view_load(req, person_id, PV_BUDGET, &v, e)) != 0)
        return rc;
    rec->person_ref = v.person.reference;
    rec->offered_by = plan_web_signoff_id(req);
    rec->offered_by_name = req->who->display_name;
    if (rec->offered_on > plan_web_today(req))
        return err_set_field(e, ERR_INVALID, "offered_on", "The date the options were offered "
                                                           "cannot be in the future.");
    if (rec->chosen && v.has_budget && choice_total(rec) != v.budget.annual) {
        char want[MONEY_FMT_SIZE], got[MONEY_FMT_SIZE];
        money_format(v.budget.annual, MONEY_FMT_POUND, want, sizeof want);
        money_format(choice_total(rec), MONEY_FMT_POUND, got, sizeof got);
        return err_set_field(e, ERR_INVALID, "amount_dp", "The amounts chosen add up to %s, but the "
                                                          "agreed budget is %s a year. They must "
                                                          "add up to the budget exactly.",
                             got, want);
    }
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_choice_save(t.c, req->who->council_id, person_id, req->who->staff_id, rec,
                               req->now, &id, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "choice.offer", person_id,
                     json_pack("{s:I, s:b, s:b}", "offer", (json_int_t)id, "all_offered",
                               choice_all_offered(rec), "chosen", rec->chosen),
                     e);
}

int plan_web_person_choice(struct request *req, struct plan_view *v,
                           const int64_t amounts[CHOICE_OPTION_COUNT], const char *isf_provider,
                           const char *reasons, struct err *e)
{
    struct choice_record rec;
    struct tx t;
    int64_t id = 0, total = 0;
    int rc;
    if (!v->has_choice)
        return err_set(e, ERR_CONFLICT, "Your worker has not yet recorded going through the ways to "
                                        "take your budget with you. Ask them to, then choose here.");
    if (!v->has_budget)
        return err_set(e, ERR_CONFLICT, "Your budget has not been agreed yet. You can choose once "
                                        "it is.");
    rec = v->choice.rec;
    rec.chosen = true;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        rec.amounts[o] = amounts[o];
        total += amounts[o];
    }
    rec.isf_provider = amounts[CHOICE_ISF] > 0 ? isf_provider : NULL;
    rec.reasons = reasons;
    if (total == 0)
        return err_set_field(e, ERR_INVALID, "amount_dp", "Put your budget on at least one way.");
    if (total != v->budget.annual) {
        char want[MONEY_FMT_SIZE], got[MONEY_FMT_SIZE], gap[MONEY_FMT_SIZE];
        money_format(v->budget.annual, MONEY_FMT_POUND, want, sizeof want);
        money_format(total, MONEY_FMT_POUND, got, sizeof got);
        money_format(total > v->budget.annual ? total - v->budget.annual : v->budget.annual - total,
                     MONEY_FMT_POUND, gap, sizeof gap);
        return err_set_field(e, ERR_INVALID, "amount_dp",
                             "Your amounts add up to %s, but your budget is %s a year: that is %s "
                             "%s. Change them so they add up to %s.",
                             got, want, gap, total > v->budget.annual ? "too much" : "short", want);
    }
    if (reasons && strlen(reasons) > 4000)
        return err_set_field(e, ERR_INVALID, "reasons", "Keep this to 4,000 characters or fewer.");
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_choice_save(t.c, req->who->council_id, v->person_id, v->choice.offered_by, &rec,
                               req->now, &id, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "choice.decide", v->person_id,
                     json_pack("{s:I, s:I, s:I, s:I, s:b}", "offer", (json_int_t)id,
                               "direct_payment", (json_int_t)amounts[CHOICE_DIRECT_PAYMENT],
                               "council_managed", (json_int_t)amounts[CHOICE_COUNCIL_MANAGED], "isf",
                               (json_int_t)amounts[CHOICE_ISF], "mix", choice_is_mix(&rec)),
                     e);
}

int plan_web_set_up(struct request *req, int64_t person_id, enum choice_option kind, day_t start,
                    struct plan_arrangement_row *out, struct err *e)
{
    struct tx t;
    int rc;
    memset(out, 0, sizeof *out);
    out->person_id = person_id;
    out->kind = kind;
    out->start_date = start;
    out->set_up_by = req->who->staff_id;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_arrangement_set_up(t.c, req->who->council_id, out, plan_web_today(req), req->now,
                                      &req->arena, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "arrangement.set-up", person_id,
                     json_pack("{s:I, s:s, s:I, s:I}", "arrangement", (json_int_t)out->id, "kind",
                               choice_option_id(kind), "annual", (json_int_t)out->annual, "offer",
                               (json_int_t)out->choice_offer_id),
                     e);
}

int plan_web_grant(struct request *req, struct plan_view *v, const char *who,
                   enum plan_helper_kind kind, const char *how, struct err *e)
{
    struct plan_candidate *cands = NULL;
    struct plan_contributor_row row;
    struct store_conn *c = NULL;
    const struct plan_candidate *found = NULL;
    struct tx t;
    size_t n = 0;
    int rc;
    if ((rc = plan_contrib_may_grant(req->who->role, how, e)) != 0)
        return rc;
    if (how && strlen(how) > 1000)
        return err_set_field(e, ERR_INVALID, "how", "Keep this to 1,000 characters or fewer.");
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = plan_contributor_candidates(c, req->who->council_id, v->person_id, plan_web_today(req),
                                     &req->arena, &cands, &n, e);
    store_release(c);
    if (rc != 0)
        return rc;
    for (size_t i = 0; who && i < n; i++)
        if (strcmp(cands[i].actor, who) == 0)
            found = &cands[i];
    if (!found)
        return err_set_field(e, ERR_INVALID, "who", "Choose someone from the list: the person's "
                                                    "worker, or someone linked to them.");
    memset(&row, 0, sizeof row);
    row.person_id = v->person_id;
    row.staff_id = found->staff_id;
    row.account_id = found->account_id;
    row.c.name = found->name;
    if (found->staff_id)
        row.c.kind = PLAN_BY_WORKER;
    else if (strcmp(found->role, "representative") == 0)
        row.c.kind = PLAN_BY_FAMILY;
    else
        row.c.kind = kind == PLAN_BY_ULO ? PLAN_BY_ULO : PLAN_BY_OTHER_ORG;
    row.c.granted_on = plan_web_today(req);
    row.granted_by = principal_actor(req);
    row.granted_by_name = req->who->display_name;
    row.how = how ? how : "";
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_contributor_add(t.c, req->who->council_id, &row, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "plan.helper-added", v->person_id,
                     json_pack("{s:s, s:s, s:s}", "who", who, "kind",
                               plan_helper_kind_id(row.c.kind), "how", row.how),
                     e);
}

int plan_web_revoke(struct request *req, struct plan_view *v, int64_t contributor_id,
                    struct err *e)
{
    const struct plan_contributor_row *found = NULL;
    struct tx t;
    int rc;
    if ((rc = plan_contrib_may_grant(req->who->role, "ending a permission", e)) != 0)
        return rc;
    for (size_t i = 0; i < v->ncontributors; i++)
        if (v->contributors[i].id == contributor_id)
            found = &v->contributors[i];
    if (!found)
        return err_set_field(e, ERR_NOT_FOUND, "contributor", "There is no such permission for this "
                                                               "person.");
    if (found->c.revoked)
        return err_set(e, ERR_CONFLICT, "That permission has already ended.");
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_contributor_revoke(t.c, req->who->council_id, contributor_id, found->version,
                                      principal_actor(req), plan_web_today(req), req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "plan.helper-removed", v->person_id,
                     json_pack("{s:s}", "who", found->c.actor), e);
}

int plan_web_make_agreement(struct request *req, struct plan_view *v,
                            const struct dp_agreement_parties *parties, struct err *e)
{
    struct dp_agreement_settings s;
    struct dp_agreement *ag;
    struct plan_agreement_row row;
    struct tx t;
    int rc;
    if (!v->has_plan || v->plan.plan.status != PLAN_SIGNED_OFF)
        return err_set(e, ERR_CONFLICT, "The agreement is made from the signed-off plan, and the "
                                        "current plan is not signed off.");
    if (!v->has_budget)
        return err_set(e, ERR_CONFLICT, "The budget has not been agreed.");
    if (!v->has_costing)
        return err_set(e, ERR_CONFLICT, "The plan could not be costed: %s",
                       v->costing_error ? v->costing_error : "unknown reason");
    memset(&s, 0, sizeof s);
    s.council_name = req->who->council_name;
    s.dp_team_contact = v->settings.dp_team_contact;
    s.out_of_hours_phone = v->settings.out_of_hours_phone;
    s.support_service = *v->settings.support_service ? v->settings.support_service : NULL;
    s.payment_interval_weeks = v->settings.payment_interval_weeks;
    s.net = v->settings.net_payments;
    s.contribution_weekly = v->net.has_contribution ? v->net.contribution_weekly : 0;
    s.first_review_months = v->settings.first_review_months;
    s.review_interval_months = v->settings.review_interval_months;
    s.surplus_weeks = v->settings.surplus_weeks;
    s.contingency = v->settings.contingency;
    s.records_years = v->settings.records_years;
    s.response_days = v->settings.response_days;
    /* How often and on what basis direct payments are paid, and the surplus rule, come from the
     * council's payment settings (dp_settings), which the payments and monitoring follow: the
     * agreement must say what they will do (docs/payments.md, "One source of truth"). */
    {
        struct store_conn *c = NULL;
        struct dp_settings ds;
        if ((rc = store_acquire(req->app->store, &c, e)) == 0)
            rc = dp_settings_get(c, req->who->council_id, &ds, e);
        store_release(c);
        if (rc != 0)
            return rc;
        s.monthly = ds.sched.frequency == DP_MONTHLY;
        s.payment_interval_weeks = ds.sched.frequency == DP_WEEKLY ? 1 : 4;
        s.net = ds.sched.basis == DP_NET;
        s.surplus_weeks = ds.mon.surplus_weeks;
    }
    if ((rc = dp_agreement_build(&v->plan.plan, &v->costing, v->has_choice ? &v->choice.rec : NULL,
                                 v->budget.annual, parties, &s, plan_web_today(req), &req->arena,
                                 &ag, e)) != 0)
        return rc;
    memset(&row, 0, sizeof row);
    row.person_id = v->person_id;
    row.plan_id = v->plan.id;
    row.created_by = req->who->staff_id;
    row.ag = *ag;
    row.parties = *parties;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_agreement_create(t.c, req->who->council_id, &row, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "agreement.make", v->person_id,
                     json_pack("{s:I, s:s, s:s}", "agreement", (json_int_t)row.id, "hash",
                               ag->hash, "plan_hash", ag->plan_hash),
                     e);
}

int plan_web_accept_agreement(struct request *req, struct plan_view *v, const char *by_name,
                              enum dp_recipient capacity, struct err *e)
{
    struct plan_row plan;
    struct dp_acceptance acc;
    struct tx t;
    int rc;
    if (!v->has_agreement)
        return err_set(e, ERR_NOT_FOUND, "No direct payment agreement has been made yet.");
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_store_get(t.c, req->who->council_id, v->agreement.plan_id, &req->arena, &plan,
                             e)) != 0)
        return tx_fail(&t, rc);
    v->agreement.ag.recipient = v->agreement.parties.recipient;
    if ((rc = dp_agreement_accept(&v->agreement.ag, &plan.plan, by_name, capacity,
                                  plan_web_today(req), &acc, e)) != 0 ||
        (rc = plan_agreement_accept(t.c, req->who->council_id, &v->agreement, &acc,
                                    principal_actor(req), req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "agreement.accept", v->person_id,
                     json_pack("{s:I, s:s, s:s}", "agreement", (json_int_t)v->agreement.id,
                               "by", by_name, "agreement_hash", acc.agreement_hash),
                     e);
}

int plan_web_raise_challenge(struct request *req, struct plan_view *v,
                             enum challenge_subject subject, int64_t amount_sought,
                             const char *reasons, const char *const *evidence, size_t nevidence,
                             struct plan_challenge_row *out, struct err *e)
{
    enum challenge_by by;
    const char *ref, *hash = NULL, *decider = NULL;
    int64_t challenged = -1;
    struct tx t;
    int rc;
    switch (req->who->role) {
    case USER_BUDGET_HOLDER: by = CHALLENGE_BY_PERSON; break;
    case USER_REPRESENTATIVE: by = CHALLENGE_BY_REPRESENTATIVE; break;
    case USER_ADVOCATE: by = CHALLENGE_BY_ADVOCATE; break;
    default:
        return err_set(e, ERR_FORBIDDEN, "A challenge is raised by the person, their representative "
                                         "or their advocate.");
    }
    if (subject == CHALLENGE_BUDGET_AMOUNT) {
        if (!v->has_budget)
            return err_set(e, ERR_CONFLICT, "There is no agreed budget to challenge yet.");
        ref = arena_printf(&req->arena, "budget-%" PRId64, v->budget.id);
        hash = v->budget.hash;
        decider = arena_printf(&req->arena, "%" PRId64, v->budget.agreed_by);
        challenged = v->budget.annual;
    } else {
        /* A decision: the latest refusal of the plan or budget, when there is one. */
        ref = "decision";
        for (size_t i = 0; i < v->nrequests && !decider; i++) {
            const struct plan_signoff_row *r = &v->requests[i];
            if (r->st.status == SIGNOFF_REFUSED && r->st.ndecisions) {
                ref = arena_printf(&req->arena, "signoff-%" PRId64, r->id);
                decider = r->st.decisions[r->st.ndecisions - 1].by;
                hash = r->req.hash;
            }
        }
        amount_sought = -1;
    }
    memset(out, 0, sizeof *out);
    out->person_id = v->person_id;
    if ((rc = challenge_raise(&out->ch, "new", v->person.reference, by, req->who->display_name,
                              subject, ref, hash, decider, challenged, amount_sought, reasons,
                              evidence, nevidence, plan_web_today(req), e)) != 0)
        return rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_challenge_create(t.c, req->who->council_id, out, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "challenge.raise", v->person_id,
                     json_pack("{s:I, s:s, s:s}", "challenge", (json_int_t)out->id, "subject",
                               challenge_subject_id(subject), "by", challenge_by_id(by)),
                     e);
}

int plan_web_progress_challenge(struct request *req, int64_t person_id, int64_t challenge_id,
                                int64_t version, enum plan_challenge_step step,
                                enum challenge_outcome outcome, const char *reasons,
                                int64_t revised, struct err *e)
{
    struct plan_challenge_row row;
    struct tx t;
    day_t today = plan_web_today(req);
    int rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_challenge_get(t.c, req->who->council_id, challenge_id, &req->arena, &row, e)) != 0)
        return tx_fail(&t, rc);
    if (row.person_id != person_id)
        return tx_fail(&t, err_set(e, ERR_NOT_FOUND, "There is no such challenge for this person."));
    if (version > 0)
        row.version = version;
    switch (step) {
    case PCS_ACKNOWLEDGE: rc = challenge_acknowledge(&row.ch, today, e); break;
    case PCS_REVIEW: rc = challenge_start_review(&row.ch, today, e); break;
    case PCS_DECIDE:
        rc = challenge_decide(&row.ch, today, plan_web_signoff_id(req), outcome, reasons, revised, e);
        break;
    case PCS_CLOSE: rc = challenge_close(&row.ch, today, e); break;
    }
    if (rc != 0 || (rc = plan_challenge_update(t.c, req->who->council_id, &row, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "challenge.progress", person_id,
                     json_pack("{s:I, s:s, s:s}", "challenge", (json_int_t)challenge_id, "status",
                               challenge_status_id(row.ch.status), "outcome",
                               challenge_outcome_id(row.ch.outcome)),
                     e);
}

int plan_web_withdraw_challenge(struct request *req, int64_t person_id, int64_t challenge_id,
                                int64_t version, const char *reasons, struct err *e)
{
    struct plan_challenge_row row;
    struct tx t;
    int rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_challenge_get(t.c, req->who->council_id, challenge_id, &req->arena, &row, e)) != 0)
        return tx_fail(&t, rc);
    if (row.person_id != person_id)
        return tx_fail(&t, err_set(e, ERR_NOT_FOUND, "There is no such challenge for this person."));
    if (version > 0)
        row.version = version;
    if ((rc = challenge_withdraw(&row.ch, plan_web_today(req), reasons, e)) != 0 ||
        (rc = plan_challenge_update(t.c, req->who->council_id, &row, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "challenge.withdraw", person_id,
                     json_pack("{s:I}", "challenge", (json_int_t)challenge_id), e);
}

int plan_web_set_limit(struct request *req, int64_t staff_id, int64_t limit, const char *reasons,
                       struct err *e)
{
    struct tx t;
    int rc;
    if (!req->who->staff_id)
        return err_set(e, ERR_FORBIDDEN, "Only council staff set sign-off limits.");
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_signoff_set_limit(t.c, req->who->council_id, staff_id, limit, req->who->staff_id,
                                     req->who->role == USER_COUNCIL_ADMIN, reasons, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "signoff.limit", 0,
                     json_pack("{s:I, s:I}", "staff", (json_int_t)staff_id, "limit",
                               (json_int_t)limit),
                     e);
}

int plan_web_set_panel(struct request *req, int64_t staff_id, bool member, struct err *e)
{
    struct tx t;
    int rc;
    if (req->who->role != USER_COUNCIL_ADMIN)
        return err_set(e, ERR_FORBIDDEN, "Only a council administrator changes who sits on the "
                                         "funding panel.");
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_signoff_panel_set(t.c, req->who->council_id, staff_id, member,
                                     req->who->staff_id, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "signoff.panel", 0,
                     json_pack("{s:I, s:b}", "staff", (json_int_t)staff_id, "member", member), e);
}

int plan_web_save_settings(struct request *req, struct plan_settings *s, struct err *e)
{
    struct tx t;
    int rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = plan_settings_put(t.c, req->who->council_id, s, principal_actor(req), req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "plan.settings", 0,
                     json_pack("{s:i, s:s}", "planning_period_days", s->planning_period_days,
                               "reminder_days", s->reminder_days),
                     e);
}

int plan_web_reminders_get(struct request *req, int64_t person_id, bool *opted_out,
                           struct err *e)
{
    struct store_conn *c = NULL;
    int rc = store_acquire(req->app->store, &c, e);
    if (rc == 0)
        rc = notify_opted_out(c, req->who->council_id, person_id, opted_out, e);
    store_release(c);
    return rc;
}

int plan_web_reminders_set(struct request *req, int64_t person_id, bool opt_out, struct err *e)
{
    struct tx t;
    int rc;
    if ((rc = tx_begin(req, &t, e)) != 0)
        return rc;
    if ((rc = notify_opt_out_set(t.c, req->who->council_id, person_id, opt_out, req->now, e)) != 0)
        return tx_fail(&t, rc);
    return tx_commit(&t, "notify.reminders", person_id,
                     json_pack("{s:b}", "opted_out", opt_out), e);
}

/* ---- parsing what people type ------------------------------------------------------------------ */

int plan_web_parse_hours(const char *s, int64_t *minutes)
{
    const char *colon;
    int64_t h = 0, m = 0, hundredths = 0;
    size_t n;
    if (!s)
        return ERR_INVALID;
    while (*s == ' ')
        s++;
    n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > 12)
        return ERR_INVALID;
    if ((colon = memchr(s, ':', n))) {
        size_t hn = (size_t)(colon - s), mn = n - hn - 1;
        if (str_to_i64(s, hn, 0, 168 * 60, &h) != 0 || mn != 2 ||
            str_to_i64(colon + 1, mn, 0, 59, &m) != 0)
            return ERR_INVALID;
        *minutes = h * 60 + m;
        return 0;
    }
    /* "7.5" hours: read as hundredths of an hour, which must be whole minutes. */
    if (money_parse(s, n, 0, &hundredths, "hours", NULL) != 0 || hundredths > 10000 * 100 ||
        (hundredths * 60) % 100 != 0)
        return ERR_INVALID;
    *minutes = hundredths * 60 / 100;
    return 0;
}

int plan_web_parse_money(const char *s, const char *field, const char *label, int64_t *out,
                         struct err *e)
{
    if (!s || !*s)
        return err_set_field(e, ERR_INVALID, field, "Enter %s, like 1250.00.", label);
    if (money_parse(s, strlen(s), 0, out, field, NULL) != 0)
        return err_set_field(e, ERR_INVALID, field,
                             "Enter %s in pounds and pence, like 1250.00 (no more than 2 decimal "
                             "places).",
                             label);
    return 0;
}
