/* api_pa.c — the JSON API of personal assistants and their employers (issue 6): the same things
 * the pages do (pages_pa*.c), scoped to the signed-in login the same way: a PA sees only their own
 * record; an employer only the employers their login acts for. The router has checked the role. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "io/payroll_rates.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/json_in.h"
#include "web/pages_pa.h"
#include "web/problem.h"
#include "web/router.h"

static void send_json(struct request *req, int status, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    response_start(req, status, "application/json");
    (void)buf_adds(&req->res.body, text);
    free(text);
}

static void send_err(struct request *req, const struct err *e)
{
    if (e->code == ERR_UNSUPPORTED && strstr(e->msg, "JSON"))
        problem_send(req, 415, NULL, "Send JSON", e->msg, NULL);
    else if (e->code == ERR_IO || e->code == ERR_NOMEM)
        problem_send(req, 503, NULL, "Unavailable", "Try again later. Nothing was changed.", NULL);
    else
        problem_from_err(req, e);
}

static json_t *jday(day_t d)
{
    char b[DATE_ISO_SIZE];
    date_format_iso(d, b);
    return json_string(b);
}

static json_t *jmoney(int64_t pence)
{
    /* Money as a string of pounds and pence ("1234.50"): never a JSON number. */
    char b[32];
    snprintf(b, sizeof b, "%s%" PRId64 ".%02" PRId64, pence < 0 ? "-" : "",
             (pence < 0 ? -pence : pence) / 100, (pence < 0 ? -pence : pence) % 100);
    return json_string(b);
}

static int acquire(struct request *req, struct store_conn **c)
{
    struct err e = {0};
    if (store_acquire(req->app->store, c, &e) != 0) {
        send_err(req, &e);
        return -1;
    }
    return 0;
}

static int load_pa(struct request *req, struct store_conn **c, struct pa_record *pa)
{
    struct err e = {0};
    if (acquire(req, c) != 0)
        return -1;
    if (pa_find_account(*c, req->who->council_id, req->who->account_id, pa, &e) != 0) {
        store_release(*c);
        *c = NULL;
        if (e.code == ERR_NOT_FOUND)
            problem_send(req, 404, NULL, "Not found",
                         "Your sign-in is not linked to a personal assistant's record.", NULL);
        else
            send_err(req, &e);
        return -1;
    }
    return 0;
}

static json_t *timesheet_json(const struct pa_timesheet *t)
{
    json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:I, s:I, s:s, s:s}", "id", (json_int_t)t->id,
                          "contract_id", (json_int_t)t->contract_id, "period_start",
                          jday(t->period_start), "period_end", jday(t->period_end),
                          "worked_minutes", (json_int_t)t->worked_minutes, "holiday_minutes",
                          (json_int_t)t->holiday_minutes, "notes", t->notes, "status",
                          pa_timesheet_status_name(t->status));
    if (o && t->status == TIMESHEET_REJECTED)
        json_object_set_new(o, "reject_reason", json_string(t->reject_reason));
    if (o && t->pay_run_id)
        json_object_set_new(o, "paid_by_run", json_integer(t->pay_run_id));
    return o;
}

static json_t *payslip_json(const struct pa_payslip *p)
{
    const struct payslip_calc *k = &p->calc;
    return json_pack("{s:I, s:I, s:I, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id",
                     (json_int_t)p->id, "pay_run_id", (json_int_t)p->pay_run_id, "contract_id",
                     (json_int_t)p->contract_id, "tax_year", p->tax_year, "period", p->period,
                     "pay_date", jday(p->pay_date), "gross", jmoney(k->gross), "tax",
                     jmoney(k->tax), "employee_ni", jmoney(k->employee_ni), "pension",
                     jmoney(k->employee_pension_deducted), "net_pay", jmoney(k->net_pay),
                     "hourly_rate", jmoney(k->hourly_rate), "tax_code", k->tax_code);
}

/* GET /api/v1/pa/me */
void api_pa_me(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_contract *ks = NULL;
    struct pa_payslip *slips = NULL;
    struct pa_concern *cns = NULL;
    size_t nk = 0, ns = 0, nc = 0;
    struct err e = {0};
    int64_t cid = req->who->council_id;
    json_t *doc, *contracts, *payslips, *concerns;
    if (load_pa(req, &c, &pa) != 0)
        return;
    if (pa_contract_list(c, cid, 0, pa.id, &req->arena, &ks, &nk, &e) != 0 ||
        pa_payslip_list_pa(c, cid, pa.id, &req->arena, &slips, &ns, &e) != 0 ||
        pa_concern_list(c, cid, pa.id, false, guard_today(req->now), &req->arena, &cns, &nc, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    contracts = json_array();
    payslips = json_array();
    concerns = json_array();
    for (size_t i = 0; i < nk; i++) {
        struct pa_employer m;
        struct pa_timesheet *ts = NULL;
        size_t nts = 0;
        json_t *tj = json_array();
        if (pa_employer_get(c, cid, ks[i].employer_id, &m, &e) != 0 ||
            pa_timesheet_list(c, cid, ks[i].id, &req->arena, &ts, &nts, &e) != 0) {
            json_decref(tj);
            continue;
        }
        for (size_t j = 0; j < nts; j++)
            json_array_append_new(tj, timesheet_json(&ts[j]));
        json_array_append_new(
            contracts,
            json_pack("{s:I, s:{s:I, s:s}, s:s, s:o, s:I, s:o, s:s, s:s, s:o}", "id",
                      (json_int_t)ks[i].id, "employer", "id", (json_int_t)m.id, "name", m.name,
                      "job_title", ks[i].job_title, "starts_on", jday(ks[i].starts_on),
                      "hours_week_minutes", (json_int_t)ks[i].hours_week_minutes, "hourly_rate",
                      jmoney(ks[i].hourly_rate), "frequency", pay_frequency_name(ks[i].frequency),
                      "pension_scheme", ks[i].pension_scheme, "timesheets", tj));
    }
    for (size_t i = 0; i < ns; i++) {
        json_t *p = payslip_json(&slips[i]);
        if (p)
            json_object_set_new(p, "pdf", json_string(arena_printf(
                                               &req->arena, "/pa/payslips/%" PRId64 "/pdf",
                                               slips[i].id)));
        json_array_append_new(payslips, p);
    }
    for (size_t i = 0; i < nc; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:s}", "id", (json_int_t)cns[i].id,
                              "about", pa_concern_about_name(cns[i].about), "summary",
                              cns[i].summary, "raised_on", jday(cns[i].raised_on), "contact",
                              cns[i].route.contact_name, "respond_by",
                              jday(cns[i].route.respond_by), "status",
                              pa_concern_status_name(cns[i].status));
        if (o && cns[i].has_responded) {
            json_object_set_new(o, "response", json_string(cns[i].response));
            json_object_set_new(o, "responded_by", json_string(cns[i].responded_by));
            json_object_set_new(o, "responded_on", jday(cns[i].responded_on));
        }
        if (o) {
            json_object_set_new(o, "overdue",
                                json_boolean(cns[i].status == CONCERN_OPEN &&
                                             pa_concern_overdue(true, cns[i].route.respond_by,
                                                                guard_today(req->now))));
            if (cns[i].has_closed) {
                json_object_set_new(o, "closed_on", jday(cns[i].closed_on));
                json_object_set_new(o, "outcome",
                                    json_string(pa_concern_outcome_name(cns[i].outcome)));
            }
        }
        json_array_append_new(concerns, o);
    }
    store_release(c);
    doc = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)pa.id, "given_name",
                    pa.given_name, "family_name", pa.family_name, "accreditation",
                    pa_accreditation_name(pa.accreditation), "contracts", contracts, "payslips",
                    payslips, "concerns", concerns);
    send_json(req, 200, doc);
}

/* POST /api/v1/pa/timesheets */
void api_pa_timesheet_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_timesheet t;
    struct err e = {0};
    const char *notes = "";
    memset(&t, 0, sizeof t);
    struct json_in_field f[] = {
        {"contract_id", JIN_INT, true, &t.contract_id, NULL, 0, 1, INT64_MAX},
        {"period_start", JIN_DATE, true, &t.period_start, NULL, 0, 0, 0},
        {"period_end", JIN_DATE, true, &t.period_end, NULL, 0, 0, 0},
        {"worked_minutes", JIN_INT, true, &t.worked_minutes, NULL, 0, 0, 31 * 24 * 60},
        {"holiday_minutes", JIN_INT, false, &t.holiday_minutes, NULL, 0, 0, 31 * 24 * 60},
        {"notes", JIN_STRING, false, &notes, NULL, 1000, 0, 0},
    };
    if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
        send_err(req, &e);
        return;
    }
    str_copy(t.notes, sizeof t.notes, notes);
    if (load_pa(req, &c, &pa) != 0)
        return;
    /* The store refuses a contract that is not this PA's (the account must be the PA's own). */
    if (pa_timesheet_submit(c, req->who->council_id, &t, req->who->account_id, req->now, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    store_release(c);
    send_json(req, 201, timesheet_json(&t));
}

/* One explanation line: its words and its figure in the figure's own unit. */
static json_t *line_json(const struct payroll_line *l)
{
    json_t *amount;
    char b[32];
    switch (l->unit) {
    case PAYROLL_UNIT_PENCE: amount = jmoney(l->amount); break;
    case PAYROLL_UNIT_COUNT: amount = json_integer(l->amount); break;
    case PAYROLL_UNIT_HUNDREDTHS:
        snprintf(b, sizeof b, "%s%" PRId64 ".%02" PRId64, l->amount < 0 ? "-" : "",
                 (l->amount < 0 ? -l->amount : l->amount) / 100,
                 (l->amount < 0 ? -l->amount : l->amount) % 100);
        amount = json_string(b);
        break;
    case PAYROLL_UNIT_NONE:
    default: amount = json_null(); break;
    }
    return json_pack("{s:s, s:o}", "text", l->label, "amount", amount);
}

/* GET /api/v1/pa/payslips/{payslip} */
void api_pa_payslip(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_payslip *p = arena_alloc(&req->arena, sizeof *p);
    struct err e = {0};
    int64_t id = 0;
    json_t *doc, *explain;
    if (!p) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    if (load_pa(req, &c, &pa) != 0)
        return;
    if (pa_web_id(request_param(req, "payslip"), &id) != 0 ||
        pa_payslip_get(c, req->who->council_id, id, p, &e) != 0 || p->pa_id != pa.id) {
        store_release(c);
        problem_send(req, 404, NULL, "Not found", "There is no such payslip.", NULL);
        return;
    }
    store_release(c);
    doc = payslip_json(p);
    explain = json_array();
    for (int s = 0; s < SLIP_SECTION_COUNT; s++)
        for (int i = 0; i < p->calc.explain[s].n; i++)
            json_array_append_new(explain, line_json(&p->calc.explain[s].lines[i]));
    if (doc) {
        json_object_set_new(doc, "explanation", explain);
        json_object_set_new(doc, "pdf", json_string(arena_printf(&req->arena,
                                                                 "/pa/payslips/%" PRId64 "/pdf", id)));
    } else {
        json_decref(explain);
    }
    send_json(req, 200, doc);
}

/* POST /api/v1/pa/concerns */
void api_pa_concern_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct err e = {0};
    const char *about = NULL, *summary = NULL;
    int64_t employer = 0;
    if (!cn) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    memset(cn, 0, sizeof *cn);
    struct json_in_field f[] = {
        {"about", JIN_STRING, true, &about, NULL, 20, 0, 0},
        {"employer_id", JIN_INT, false, &employer, NULL, 0, 1, INT64_MAX},
        {"summary", JIN_STRING, true, &summary, NULL, 4000, 0, 0},
    };
    if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (pa_concern_about_parse(about, &cn->about) != 0) {
        problem_send(req, 422, NULL, "Check the concern",
                     "about must be one of pay, safety, employer, other.", "about");
        return;
    }
    if (load_pa(req, &c, &pa) != 0)
        return;
    cn->pa_id = pa.id;
    cn->employer_id = employer;
    str_copy(cn->summary, sizeof cn->summary, summary);
    if (pa_concern_raise(c, req->who->council_id, cn, guard_today(req->now), req->now, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    store_release(c);
    send_json(req, 201,
              json_pack("{s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)cn->id, "contact",
                        cn->route.contact_name, "contact_email", cn->route.contact_email,
                        "respond_by", jday(cn->route.respond_by), "status",
                        pa_concern_status_name(cn->status)));
}

/* ---- employers --------------------------------------------------------------------------------- */

static int load_employers(struct request *req, struct store_conn **c, struct pa_employer **ms,
                          size_t *n)
{
    struct err e = {0};
    if (acquire(req, c) != 0)
        return -1;
    if (pa_employer_list(*c, req->who->council_id, 0, req->who->account_id, &req->arena, ms, n,
                         &e) != 0) {
        store_release(*c);
        *c = NULL;
        send_err(req, &e);
        return -1;
    }
    return 0;
}

static bool acts_for(const struct pa_employer *ms, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ms[i].id == id)
            return true;
    return false;
}

static json_t *run_json(const struct pa_pay_run *r)
{
    const struct payrun_totals *t = &r->totals;
    return json_pack("{s:I, s:I, s:s, s:i, s:i, s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "id", (json_int_t)r->id, "employer_id", (json_int_t)r->employer_id,
                     "frequency", pay_frequency_name(r->period.frequency), "tax_year",
                     r->period.tax_year, "period", r->period.period, "first_day",
                     jday(r->period.first), "last_day", jday(r->period.last), "pay_date",
                     jday(r->period.pay_date), "payslips", t->payslips, "gross", jmoney(t->gross),
                     "net_to_pas", jmoney(t->net_pay), "to_pension_scheme", jmoney(t->pension_due),
                     "to_hmrc", jmoney(t->hmrc_due), "employment_allowance",
                     jmoney(t->allowance_offset), "employer_ni", jmoney(t->employer_ni),
                     "employer_cost", jmoney(t->employer_cost));
}

/* GET /api/v1/pa/employer */
void api_pa_employer(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_employer *ms = NULL;
    size_t n = 0;
    struct err e = {0};
    json_t *arr = json_array();
    day_t today = guard_today(req->now);
    if (load_employers(req, &c, &ms, &n) != 0) {
        json_decref(arr);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct pa_timesheet *ts = NULL;
        struct pa_pay_run *runs = NULL;
        size_t nts = 0, nr = 0;
        json_t *tj = json_array(), *rj = json_array();
        (void)pa_timesheet_list_pending(c, req->who->council_id, ms[i].id, &req->arena, &ts, &nts, &e);
        (void)pa_payrun_list(c, req->who->council_id, ms[i].id, taxyear_of(today), &req->arena,
                             &runs, &nr, &e);
        for (size_t j = 0; j < nts; j++)
            json_array_append_new(tj, timesheet_json(&ts[j]));
        for (size_t j = 0; j < nr; j++)
            json_array_append_new(rj, run_json(&runs[j]));
        json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)ms[i].id,
                                             "name", ms[i].name, "timesheets_to_decide", tj,
                                             "pay_runs_this_tax_year", rj));
    }
    store_release(c);
    send_json(req, 200, json_pack("{s:o}", "employers", arr));
}

/* POST /api/v1/pa/employer/timesheets/{timesheet}/approve and /reject */
static void decide(struct request *req, bool approve)
{
    struct store_conn *c = NULL;
    struct pa_employer *ms = NULL;
    size_t n = 0;
    struct pa_timesheet t;
    struct pa_contract k;
    struct err e = {0};
    int64_t id = 0;
    const char *reason = "";
    struct json_in_field f[] = {{"reason", JIN_STRING, !approve, &reason, NULL, 500, 0, 0}};
    if (!approve && json_in_request(req, f, 1, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (load_employers(req, &c, &ms, &n) != 0)
        return;
    if (pa_web_id(request_param(req, "timesheet"), &id) != 0 ||
        pa_timesheet_get(c, req->who->council_id, id, &t, &e) != 0 ||
        pa_contract_get(c, req->who->council_id, t.contract_id, &k, &e) != 0 ||
        !acts_for(ms, n, k.employer_id)) {
        store_release(c);
        problem_send(req, 404, NULL, "Not found", "There is no such timesheet.", NULL);
        return;
    }
    e = (struct err){0};
    if ((approve ? pa_timesheet_approve(c, req->who->council_id, &t, req->who->account_id, req->now, &e)
                 : pa_timesheet_reject(c, req->who->council_id, &t, req->who->account_id, reason,
                                       req->now, &e)) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    store_release(c);
    send_json(req, 200, timesheet_json(&t));
}

void api_pa_timesheet_approve(struct request *req)
{
    decide(req, true);
}

void api_pa_timesheet_reject(struct request *req)
{
    decide(req, false);
}

/* POST /api/v1/pa/employer/{employer}/payruns */
void api_pa_payrun_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_employer *ms = NULL;
    size_t n = 0;
    struct err e = {0};
    int64_t id = 0;
    day_t pay_date = 0;
    const char *fq = NULL;
    enum pay_frequency f;
    struct pa_payrun_request rq = {0};
    struct pa_payrun_outcome *out = NULL;
    struct payrun_tables *tables = NULL;
    json_t *doc;
    struct json_in_field fs[] = {
        {"pay_date", JIN_DATE, true, &pay_date, NULL, 0, 0, 0},
        {"frequency", JIN_STRING, true, &fq, NULL, 20, 0, 0},
    };
    if (json_in_request(req, fs, 2, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (pay_frequency_parse(fq, &f) != 0) {
        problem_send(req, 422, NULL, "Check the pay run",
                     "frequency must be weekly, fortnightly, four-weekly or monthly.", "frequency");
        return;
    }
    if (load_employers(req, &c, &ms, &n) != 0)
        return;
    if (pa_web_id(request_param(req, "employer"), &id) != 0 || !acts_for(ms, n, id)) {
        store_release(c);
        problem_send(req, 404, NULL, "Not found", "There is no such employer.", NULL);
        return;
    }
    tables = malloc(sizeof *tables);
    out = malloc(sizeof *out);
    if (!tables || !out || payroll_rates_load_tables(tables, &e) != 0) {
        free(tables);
        free(out);
        store_release(c);
        problem_send(req, 500, NULL, "Internal error", "The payroll rates could not be loaded.", NULL);
        return;
    }
    rq.employer_id = id;
    rq.run_by = req->who->display_name;
    if (payrun_period_make(f, taxyear_of(pay_date), pay_period_of(f, pay_date), true, pay_date,
                           &rq.period, &e) != 0 ||
        pa_payrun_run(c, req->who->council_id, tables, &rq, req->now, out, &e) != 0) {
        store_release(c);
        free(tables);
        free(out);
        send_err(req, &e);
        return;
    }
    store_release(c);
    free(tables);
    if (out->run.id == 0) {
        free(out);
        problem_send(req, 422, "nothing-to-pay", "Nothing to pay",
                     "There are no approved timesheets ending by the end of this pay period for "
                     "personal assistants paid at this frequency.", NULL);
        return;
    }
    doc = run_json(&out->run);
    if (doc)
        json_object_set_new(doc, "already_run", json_boolean(out->already));
    send_json(req, out->already ? 200 : 201, doc);
    free(out);
}

/* GET /api/v1/pa/employer/runs/{run} */
void api_pa_run(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_employer *ms = NULL;
    size_t n = 0, ns = 0;
    struct err e = {0};
    struct pa_pay_run run;
    struct pa_payslip *slips = NULL;
    int64_t id = 0;
    json_t *doc, *arr;
    if (load_employers(req, &c, &ms, &n) != 0)
        return;
    if (pa_web_id(request_param(req, "run"), &id) != 0 ||
        pa_payrun_get(c, req->who->council_id, id, &run, &e) != 0 ||
        !acts_for(ms, n, run.employer_id) ||
        pa_payslip_list_run(c, req->who->council_id, id, &req->arena, &slips, &ns, &e) != 0) {
        store_release(c);
        problem_send(req, 404, NULL, "Not found", "There is no such pay run.", NULL);
        return;
    }
    store_release(c);
    doc = run_json(&run);
    arr = json_array();
    for (size_t i = 0; i < ns; i++) {
        json_t *p = payslip_json(&slips[i]);
        if (p)
            json_object_set_new(p, "pdf", json_string(arena_printf(
                                               &req->arena, "/pa/employer/payslips/%" PRId64 "/pdf",
                                               slips[i].id)));
        json_array_append_new(arr, p);
    }
    if (doc)
        json_object_set_new(doc, "payslip_list", arr);
    else
        json_decref(arr);
    send_json(req, 200, doc);
}

/* GET /api/v1/pa-finder */
void api_pa_finder(struct request *req)
{
    struct pa_finder_query q;
    struct pa_finder_page res = {0};
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *why = NULL;
    json_t *arr;
    if (!pa_web_finder_query(req, &q, &why)) {
        problem_send(req, 400, NULL, "Check the search", why, NULL);
        return;
    }
    if (acquire(req, &c) != 0)
        return;
    if (pa_finder(c, req->who->council_id, &q, guard_today(req->now), &req->arena, &res, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    store_release(c);
    arr = json_array();
    for (size_t i = 0; i < res.n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                             (json_int_t)res.items[i].pa.id, "given_name",
                                             res.items[i].pa.given_name, "family_name",
                                             res.items[i].pa.family_name, "town",
                                             res.items[i].pa.town, "about", res.items[i].pa.about,
                                             "accreditation",
                                             pa_accreditation_name(res.items[i].pa.accreditation),
                                             "check_status", res.items[i].status_text));
    send_json(req, 200, json_pack("{s:I, s:I, s:b, s:o}", "total", (json_int_t)res.total,
                                  "hidden_unchecked", (json_int_t)res.hidden_unchecked,
                                  "include_unchecked", q.include_unchecked, "items", arr));
}

/* ---- the named contact answers concerns ---------------------------------------------------------- */

static json_t *contact_concern_json(struct request *req, struct store_conn *c,
                                    const struct pa_concern *cn)
{
    struct pa_record *p = arena_alloc(&req->arena, sizeof *p);
    struct err e = {0};
    json_t *o;
    bool found = p && pa_get(c, req->who->council_id, cn->pa_id, p, &e) == 0;
    o = json_pack("{s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:o, s:s, s:o, s:b, s:s}", "id",
                  (json_int_t)cn->id, "pa", "id", (json_int_t)cn->pa_id, "given_name",
                  found ? p->given_name : "", "family_name", found ? p->family_name : "", "about",
                  pa_concern_about_name(cn->about), "summary", cn->summary, "raised_on",
                  jday(cn->raised_on), "routed_to",
                  cn->route.to_organisation ? "organisation" : "council", "respond_by",
                  jday(cn->route.respond_by), "overdue",
                  cn->status == CONCERN_OPEN &&
                      pa_concern_overdue(true, cn->route.respond_by, guard_today(req->now)),
                  "status", pa_concern_status_name(cn->status));
    if (!o)
        return NULL;
    if (cn->employer_id > 0)
        json_object_set_new(o, "employer_id", json_integer(cn->employer_id));
    if (cn->has_responded) {
        json_object_set_new(o, "response", json_string(cn->response));
        json_object_set_new(o, "responded_by", json_string(cn->responded_by));
        json_object_set_new(o, "responded_on", jday(cn->responded_on));
    }
    if (cn->has_closed) {
        json_object_set_new(o, "closed_on", jday(cn->closed_on));
        json_object_set_new(o, "closed_by", json_string(cn->closed_by));
        json_object_set_new(o, "outcome", json_string(pa_concern_outcome_name(cn->outcome)));
    }
    json_object_set_new(o, "version", json_integer(cn->version));
    return o;
}

static int load_scope(struct request *req, struct store_conn **c, struct pa_concern_scope *sc)
{
    struct err e = {0};
    if (acquire(req, c) != 0)
        return -1;
    if (pa_concern_scope_get(*c, req->who->council_id, req->who->staff_id, req->who->account_id,
                             sc, &e) != 0) {
        store_release(*c);
        *c = NULL;
        send_err(req, &e);
        return -1;
    }
    return 0;
}

/* The concern in the path, if this login answers for it; else 404 (answered, c released). */
static int load_contact_concern(struct request *req, struct store_conn **c, struct pa_concern *cn)
{
    struct pa_concern_scope sc;
    struct err e = {0};
    int64_t id = 0;
    if (load_scope(req, c, &sc) != 0)
        return -1;
    if (pa_web_id(request_param(req, "concern"), &id) != 0 ||
        pa_concern_get(*c, req->who->council_id, id, cn, &e) != 0 ||
        !pa_concern_in_scope(&sc, cn)) {
        store_release(*c);
        *c = NULL;
        if (e.code == ERR_IO)
            send_err(req, &e);
        else
            problem_send(req, 404, NULL, "Not found", "There is no such concern for you to answer.",
                         NULL);
        return -1;
    }
    return 0;
}

static const char *contact_name(struct request *req)
{
    return arena_printf(&req->arena, "%.120s",
                        req->who->display_name ? req->who->display_name : "The named contact");
}

/* GET /api/v1/pa-concerns[?all=yes] */
void api_pa_contact_concerns(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern_scope sc;
    struct pa_concern *items = NULL;
    size_t n = 0, overdue = 0;
    struct err e = {0};
    const char *all = NULL;
    json_t *arr;
    bool everything;
    (void)request_query(req, "all", &all, &e);
    e = (struct err){0};
    everything = all && strcmp(all, "yes") == 0;
    if (load_scope(req, &c, &sc) != 0)
        return;
    if (pa_concern_list_scope(c, req->who->council_id, &sc, !everything, &req->arena, &items, &n,
                              &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = contact_concern_json(req, c, &items[i]);
        if (o && json_is_true(json_object_get(o, "overdue")))
            overdue++;
        json_array_append_new(arr, o);
    }
    store_release(c);
    send_json(req, 200, json_pack("{s:b, s:b, s:I, s:I, s:o}", "named_contact",
                                  !pa_concern_scope_empty(&sc), "council", sc.council, "count",
                                  (json_int_t)n, "overdue", (json_int_t)overdue, "items", arr));
}

/* GET /api/v1/pa-concerns/{concern} */
void api_pa_contact_concern(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    json_t *o;
    if (!cn) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    if (load_contact_concern(req, &c, cn) != 0)
        return;
    o = contact_concern_json(req, c, cn);
    store_release(c);
    send_json(req, 200, o);
}

/* POST /api/v1/pa-concerns/{concern}/respond {"response": "..."} */
void api_pa_contact_respond(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct err e = {0};
    const char *response = NULL;
    json_t *o;
    struct json_in_field f[] = {
        {"response", JIN_STRING, true, &response, NULL, 4000, 0, 0},
    };
    if (!cn) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (load_contact_concern(req, &c, cn) != 0)
        return;
    if (pa_concern_respond(c, req->who->council_id, cn, contact_name(req), response,
                           guard_today(req->now), req->now, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    o = contact_concern_json(req, c, cn);
    store_release(c);
    send_json(req, 200, o);
}

/* POST /api/v1/pa-concerns/{concern}/close {"outcome": "resolved" | "not-upheld" | ...} */
void api_pa_contact_close(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct err e = {0};
    const char *outcome = NULL;
    enum pa_concern_outcome oc = CONCERN_NO_OUTCOME;
    json_t *o;
    struct json_in_field f[] = {
        {"outcome", JIN_STRING, true, &outcome, NULL, 20, 0, 0},
    };
    if (!cn) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (pa_concern_outcome_parse(outcome, &oc) != 0) {
        problem_send(req, 422, NULL, "Check the outcome",
                     "outcome must be one of resolved, not-upheld, referred, withdrawn.", "outcome");
        return;
    }
    if (load_contact_concern(req, &c, cn) != 0)
        return;
    if (pa_concern_close(c, req->who->council_id, cn, oc, contact_name(req),
                         guard_today(req->now), req->now, &e) != 0) {
        store_release(c);
        send_err(req, &e);
        return;
    }
    o = contact_concern_json(req, c, cn);
    store_release(c);
    send_json(req, 200, o);
}
