/* pages_pa_employer.c — the pages of a PA's employer (the budget holder, their representative, or
 * a payroll bureau signed in for them): timesheets to approve or query (the store refuses a PA
 * deciding their own), running the pay for a period, each run's payslips, and the summary of what
 * to pay to whom and to HMRC by when. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/payroll_rates.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages_pa.h"
#include "web/router.h"

#define UNAVAILABLE "Sorry, there is a problem with the service"

struct employers {
    struct pa_employer *items;
    size_t n;
};

/* The employers this login acts for (as the employer or their bureau). */
static int load_employers(struct request *req, struct store_conn **c, struct employers *es)
{
    struct err e = {0};
    if (store_acquire(req->app->store, c, &e) != 0) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    if (pa_employer_list(*c, req->who->council_id, 0, req->who->account_id, &req->arena,
                         &es->items, &es->n, &e) != 0) {
        store_release(*c);
        *c = NULL;
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    return 0;
}

static const struct pa_employer *employer_of(const struct employers *es, int64_t id)
{
    for (size_t i = 0; i < es->n; i++)
        if (es->items[i].id == id)
            return &es->items[i];
    return NULL;
}

static void money_row(struct html *h, const char *key, int64_t pence)
{
    html_f(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%t</dt>"
              "<dd class=\"govuk-summary-list__value\">%m</dd></div>",
           key, pence);
}

static const char *pa_name(struct request *req, struct store_conn *c, int64_t contract_id)
{
    struct pa_contract k;
    struct pa_record *pa = arena_alloc(&req->arena, sizeof *pa);
    struct err e = {0};
    if (!pa || pa_contract_get(c, req->who->council_id, contract_id, &k, &e) != 0 ||
        pa_get(c, req->who->council_id, k.pa_id, pa, &e) != 0)
        return "A personal assistant";
    return arena_printf(&req->arena, "%s %s", pa->given_name, pa->family_name);
}

void page_pa_employer(struct request *req)
{
    struct store_conn *c = NULL;
    struct employers es = {0};
    struct err e = {0};
    struct html h;
    const char *done = NULL;
    day_t today = guard_today(req->now);
    char ymd[DATE_ISO_SIZE];
    (void)request_query(req, "done", &done, &e);
    e = (struct err){0};
    if (load_employers(req, &c, &es) != 0)
        return;
    layout_begin(req, &h, &(struct page){.title = "Your personal assistants", .nav = "pa-employer"});
    if (done && strcmp(done, "approved") == 0)
        html_lit(&h, "<div class=\"govuk-inset-text\" role=\"status\">Timesheet approved. It will "
                     "be paid in the next pay run.</div>\n");
    else if (done && strcmp(done, "queried") == 0)
        html_lit(&h, "<div class=\"govuk-inset-text\" role=\"status\">Timesheet sent back to your "
                     "personal assistant with your question.</div>\n");
    if (es.n == 0)
        html_lit(&h, "<p class=\"govuk-body\">You are not recorded as an employer of personal "
                     "assistants. The council or your support organisation records this when you "
                     "employ someone.</p>\n");
    html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pa-finder\">Find a "
                 "personal assistant</a></p>\n");
    date_format_iso(today, ymd);
    for (size_t i = 0; i < es.n; i++) {
        const struct pa_employer *m = &es.items[i];
        struct pa_timesheet *ts = NULL;
        struct pa_pay_run *runs = NULL;
        size_t nts = 0, nruns = 0;
        if (pa_timesheet_list_pending(c, req->who->council_id, m->id, &req->arena, &ts, &nts, &e) != 0 ||
            pa_payrun_list(c, req->who->council_id, m->id, taxyear_of(today), &req->arena, &runs,
                           &nruns, &e) != 0)
            break;
        if (es.n > 1)
            html_f(&h, "<h2 class=\"govuk-heading-l\">%t</h2>\n", m->name);
        html_f(&h, "<h2 class=\"govuk-heading-m\" id=\"%a\">Timesheets to approve</h2>\n",
               arena_printf(&req->arena, "approve-%" PRId64, m->id));
        if (nts == 0)
            html_lit(&h, "<p class=\"govuk-body\">None waiting.</p>\n");
        for (size_t j = 0; j < nts; j++) {
            const char *action =
                arena_printf(&req->arena, "/pa/employer/timesheets/%" PRId64, ts[j].id);
            const char *rid = arena_printf(&req->arena, "reason-%" PRId64, ts[j].id);
            html_f(&h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                       "<h3 class=\"govuk-summary-card__title\">%t</h3></div><div "
                       "class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%D to %D: %l "
                       "hours %l minutes worked",
                   pa_name(req, c, ts[j].contract_id), ts[j].period_start, ts[j].period_end,
                   ts[j].worked_minutes / 60, ts[j].worked_minutes % 60);
            if (ts[j].holiday_minutes)
                html_f(&h, ", %l hours %l minutes holiday", ts[j].holiday_minutes / 60,
                       ts[j].holiday_minutes % 60);
            html_lit(&h, ".</p>");
            if (ts[j].notes[0])
                html_f(&h, "<p class=\"govuk-body\">Notes: %t</p>", ts[j].notes);
            ui_form_begin(req, &h, action);
            html_lit(&h, "<input type=\"hidden\" name=\"decision\" value=\"approve\">");
            ui_button(&h, "Approve");
            ui_form_end(&h);
            ui_form_begin(req, &h, action);
            html_lit(&h, "<input type=\"hidden\" name=\"decision\" value=\"query\">");
            ui_input(&h, NULL, &(struct field){.id = rid, .label = "Or send it back with a question",
                                               .type = "text"});
            html_lit(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                         "data-module=\"govuk-button\">Send back</button>");
            ui_form_end(&h);
            html_lit(&h, "</div></div>\n");
        }

        html_lit(&h, "<h2 class=\"govuk-heading-m\">Run the pay</h2>\n<p class=\"govuk-body\">"
                     "Pays every approved timesheet that ends by the end of the pay period. Running "
                     "the same period again shows the run already made and pays nobody twice.</p>\n");
        ui_form_begin(req, &h, arena_printf(&req->arena, "/pa/employer/%" PRId64 "/payrun", m->id));
        ui_input(&h, NULL, &(struct field){.id = arena_printf(&req->arena, "pay-date-%" PRId64, m->id),
                                           .label = "Pay date", .value = ymd, .type = "date"});
        html_f(&h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">How "
                   "often they are paid</label><select class=\"govuk-select\" id=\"%a\" "
                   "name=\"frequency\"><option value=\"weekly\">Weekly</option><option "
                   "value=\"fortnightly\">Fortnightly</option><option value=\"four-weekly\">Every "
                   "four weeks</option><option value=\"monthly\" selected>Monthly</option></select></div>",
               arena_printf(&req->arena, "frequency-%" PRId64, m->id),
               arena_printf(&req->arena, "frequency-%" PRId64, m->id));
        ui_button(&h, "Run the pay");
        ui_form_end(&h);

        html_lit(&h, "<h2 class=\"govuk-heading-m\">Pay runs this tax year</h2>\n");
        if (nruns == 0)
            html_lit(&h, "<p class=\"govuk-body\">None yet.</p>\n");
        else
            html_lit(&h, "<ul class=\"govuk-list\">");
        for (size_t j = 0; j < nruns; j++)
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Paid %D</a>: %d payslip(s), costing "
                       "you %m</li>",
                   arena_printf(&req->arena, "/pa/employer/runs/%" PRId64, runs[j].id),
                   runs[j].period.pay_date, runs[j].totals.payslips, runs[j].totals.employer_cost);
        if (nruns)
            html_lit(&h, "</ul>\n");
    }
    store_release(c);
    layout_end(req, &h);
}

void page_pa_employer_decide_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct employers es = {0};
    struct pa_timesheet t;
    struct pa_contract k;
    struct err e = {0};
    int64_t id = 0;
    const char *decision = NULL, *reason = NULL;
    int rc;
    if (load_employers(req, &c, &es) != 0)
        return;
    if (pa_web_id(request_param(req, "timesheet"), &id) != 0 ||
        pa_timesheet_get(c, req->who->council_id, id, &t, &e) != 0 ||
        pa_contract_get(c, req->who->council_id, t.contract_id, &k, &e) != 0 ||
        !employer_of(&es, k.employer_id)) {
        store_release(c);
        router_refuse(req, 404, "Page not found", "There is no such timesheet.");
        return;
    }
    (void)request_form(req, "decision", &decision, &e);
    (void)request_form(req, arena_printf(&req->arena, "reason-%" PRId64, id), &reason, &e);
    e = (struct err){0};
    if (decision && strcmp(decision, "approve") == 0)
        rc = pa_timesheet_approve(c, req->who->council_id, &t, req->who->account_id, req->now, &e);
    else if (decision && strcmp(decision, "query") == 0)
        rc = pa_timesheet_reject(c, req->who->council_id, &t, req->who->account_id,
                                 reason && reason[0] ? reason : "Please check these hours with me.",
                                 req->now, &e);
    else
        rc = err_set(&e, ERR_INVALID, "Choose to approve the timesheet or send it back.");
    store_release(c);
    if (rc != 0) {
        router_refuse(req, e.code == ERR_IO ? 503 : e.code == ERR_FORBIDDEN ? 403 : 422,
                      e.code == ERR_IO ? UNAVAILABLE : "This timesheet could not be decided",
                      e.msg[0] ? e.msg : "Try again later.");
        return;
    }
    response_redirect(req, decision[0] == 'a' ? "/pa/employer?done=approved"
                                              : "/pa/employer?done=queried");
}

void page_pa_employer_payrun_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct employers es = {0};
    struct err e = {0};
    int64_t id = 0;
    const char *pd = NULL, *fq = NULL;
    day_t pay_date;
    enum pay_frequency f;
    struct pa_payrun_request rq = {0};
    struct pa_payrun_outcome *out = NULL;
    struct payrun_tables *tables = NULL;
    if (load_employers(req, &c, &es) != 0)
        return;
    if (pa_web_id(request_param(req, "employer"), &id) != 0 || !employer_of(&es, id)) {
        store_release(c);
        router_refuse(req, 404, "Page not found", "There is no such employer.");
        return;
    }
    (void)request_form(req, arena_printf(&req->arena, "pay-date-%" PRId64, id), &pd, &e);
    (void)request_form(req, "frequency", &fq, &e);
    e = (struct err){0};
    if (!pd || date_parse_iso(pd, strlen(pd), &pay_date, "pay-date", &e) != 0 ||
        pay_frequency_parse(fq, &f) != 0) {
        store_release(c);
        router_refuse(req, 422, "The pay could not be run",
                      "Enter the pay date as a date, like 2025-06-30, and choose how often.");
        return;
    }
    tables = malloc(sizeof *tables);
    out = malloc(sizeof *out);
    if (!tables || !out || payroll_rates_load_tables(tables, &e) != 0) {
        free(tables);
        free(out);
        store_release(c);
        router_refuse(req, 500, UNAVAILABLE, "The payroll rates could not be loaded.");
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
        router_refuse(req, e.code == ERR_IO ? 503 : 422,
                      e.code == ERR_IO ? UNAVAILABLE : "The pay could not be run", e.msg);
        return;
    }
    store_release(c);
    free(tables);
    id = out->run.id;
    free(out);
    if (id == 0) {
        router_refuse(req, 422, "Nothing to pay",
                      "There are no approved timesheets ending by the end of this pay period for "
                      "personal assistants paid at this frequency.");
        return;
    }
    response_redirect(req, arena_printf(&req->arena, "/pa/employer/runs/%" PRId64, id));
}

void page_pa_employer_run(struct request *req)
{
    struct store_conn *c = NULL;
    struct employers es = {0};
    struct err e = {0};
    struct pa_pay_run run;
    struct pa_payslip *slips = NULL;
    size_t n = 0;
    int64_t id = 0;
    struct html h;
    char ty[8];
    const struct pa_employer *m;
    if (load_employers(req, &c, &es) != 0)
        return;
    if (pa_web_id(request_param(req, "run"), &id) != 0 ||
        pa_payrun_get(c, req->who->council_id, id, &run, &e) != 0 ||
        !(m = employer_of(&es, run.employer_id)) ||
        pa_payslip_list_run(c, req->who->council_id, id, &req->arena, &slips, &n, &e) != 0) {
        store_release(c);
        router_refuse(req, e.code == ERR_IO ? 503 : 404, "Page not found", "There is no such pay run.");
        return;
    }
    taxyear_format(run.period.tax_year, ty);
    layout_begin(req, &h, &(struct page){.title = "Pay run", .back_href = "/pa/employer",
                                         .nav = "pa-employer", .caption = m->name});
    html_f(&h, "<p class=\"govuk-body\">%t pay for period %d of tax year %t (%D to %D), paid on "
               "%D.</p>\n",
           pay_frequency_name(run.period.frequency), run.period.period, ty, run.period.first,
           run.period.last, run.period.pay_date);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">What to pay, and to whom</h2><dl "
                 "class=\"govuk-summary-list\">");
    for (size_t i = 0; i < n; i++)
        money_row(&h, arena_printf(&req->arena, "To %s (take-home pay)",
                                   pa_name(req, c, slips[i].contract_id)),
                  slips[i].calc.net_pay);
    if (run.totals.pension_due)
        money_row(&h, "To the pension scheme", run.totals.pension_due);
    money_row(&h, "To HMRC (tax and National Insurance)", run.totals.hmrc_due);
    money_row(&h, "What this pay run costs you", run.totals.employer_cost);
    html_lit(&h, "</dl>\n");
    {
        /* Quarterly is allowed only while the average monthly liability is under the limit:
         * the average is over the tax months this year with something due. */
        struct hmrc_payment *due = arena_alloc(&req->arena, sizeof *due);
        int64_t months[12], sum = 0, nm = 0;
        struct err e2 = {0};
        if (due && pa_payrun_hmrc_months(c, req->who->council_id, m->id, run.period.tax_year,
                                         months, &e2) == 0) {
            for (int i = 0; i < 12; i++)
                if (months[i]) {
                    sum += months[i];
                    nm++;
                }
            if (payrun_hmrc_payment(run.period.pay_date, m->pay_hmrc_quarterly,
                                    nm ? sum / nm : run.totals.hmrc_due, due, &e2) == 0)
                html_f(&h, "<p class=\"govuk-body\">Pay HMRC by <strong>%D</strong>, for %t.</p>\n",
                       due->due, due->label);
        }
    }
    if (run.totals.allowance_offset)
        html_f(&h, "<p class=\"govuk-body\">Employment Allowance takes %m off the employer's "
                   "National Insurance this time.</p>\n",
               run.totals.allowance_offset);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Payslips</h2><ul class=\"govuk-list\">");
    for (size_t i = 0; i < n; i++)
        html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Payslip for %t (PDF)</a>: %m before "
                   "tax, %m take-home</li>",
               arena_printf(&req->arena, "/pa/employer/payslips/%" PRId64 "/pdf", slips[i].id),
               pa_name(req, c, slips[i].contract_id), slips[i].calc.gross, slips[i].calc.net_pay);
    html_lit(&h, "</ul>\n");
    store_release(c);
    layout_end(req, &h);
}

void page_pa_employer_payslip_pdf(struct request *req)
{
    struct store_conn *c = NULL;
    struct employers es = {0};
    struct err e = {0};
    struct pa_payslip *p = arena_alloc(&req->arena, sizeof *p);
    struct pa_pay_run run;
    int64_t id = 0;
    if (!p) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_employers(req, &c, &es) != 0)
        return;
    if (pa_web_id(request_param(req, "payslip"), &id) != 0 ||
        pa_payslip_get(c, req->who->council_id, id, p, &e) != 0 ||
        pa_payrun_get(c, req->who->council_id, p->pay_run_id, &run, &e) != 0 ||
        !employer_of(&es, run.employer_id)) {
        store_release(c);
        router_refuse(req, 404, "Page not found", "There is no such payslip.");
        return;
    }
    pa_web_send_payslip_pdf(req, c, id);
    store_release(c);
}
