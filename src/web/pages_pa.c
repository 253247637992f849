/* pages_pa.c — a personal assistant's own pages, made for a phone: their employers and
 * contracts, submitting a timesheet, their payslips (each opens as a PDF), and raising a concern
 * about pay, safety or an employer that reaches the named contact, with the response shown. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "io/payslip_pdf.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages_pa.h"
#include "web/router.h"

#define UNAVAILABLE "Sorry, there is a problem with the service"

int pa_web_id(const char *s, int64_t *out)
{
    return s ? str_to_i64(s, strlen(s), 1, INT64_MAX, out) : ERR_INVALID;
}
#define to_id pa_web_id

int pa_web_hours_parse(const char *s, int64_t *minutes)
{
    int64_t h = 0, m = 0;
    const char *p = s;
    if (!s || !*s)
        return ERR_INVALID;
    while (*p >= '0' && *p <= '9' && h < 10000)
        h = h * 10 + (*p++ - '0');
    if (p == s)
        return ERR_INVALID;
    if (*p == ':') {
        p++;
        if (!(p[0] >= '0' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' && p[2] == '\0'))
            return ERR_INVALID;
        m = (p[0] - '0') * 10 + (p[1] - '0');
    } else if (*p == '.') {
        /* Decimal hours to the nearest minute: "7.25" is 7 h 15 min. Up to two decimals. */
        int64_t frac = 0, scale = 1;
        p++;
        while (*p >= '0' && *p <= '9' && scale < 100) {
            frac = frac * 10 + (*p++ - '0');
            scale *= 10;
        }
        if (*p != '\0' || scale == 1)
            return ERR_INVALID;
        m = (frac * 60 + scale / 2) / scale;
    } else if (*p != '\0') {
        return ERR_INVALID;
    }
    if (h > 744)
        return ERR_INVALID; /* more than 31 days of hours cannot be one timesheet */
    *minutes = h * 60 + m;
    return 0;
}

static const char *hours_text(struct arena *a, int64_t minutes)
{
    if (minutes % 60 == 0)
        return arena_printf(a, "%" PRId64 " hours", minutes / 60);
    return arena_printf(a, "%" PRId64 " hours %" PRId64 " minutes", minutes / 60, minutes % 60);
}

static const char *timesheet_words(const struct pa_timesheet *t)
{
    if (t->pay_run_id)
        return "Paid";
    switch (t->status) {
    case TIMESHEET_SUBMITTED: return "Waiting for your employer to approve it";
    case TIMESHEET_APPROVED: return "Approved, to be paid in the next pay run";
    case TIMESHEET_REJECTED: return "Not approved";
    case TIMESHEET_STATUS_COUNT: break;
    }
    return "";
}

static const char *about_words(enum pa_concern_about a)
{
    switch (a) {
    case CONCERN_PAY: return "Pay";
    case CONCERN_SAFETY: return "Safety";
    case CONCERN_EMPLOYER: return "My employer";
    case CONCERN_OTHER:
    case CONCERN_ABOUT_COUNT: break;
    }
    return "Something else";
}

/* The signed-in PA, or an answer already made (not a PA: 404; store trouble: 503). */
static int load_pa(struct request *req, struct store_conn **c, struct pa_record *pa)
{
    struct err e = {0};
    if (store_acquire(req->app->store, c, &e) != 0) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    if (pa_find_account(*c, req->who->council_id, req->who->account_id, pa, &e) != 0) {
        store_release(*c);
        *c = NULL;
        if (e.code == ERR_NOT_FOUND)
            router_refuse(req, 404, "Page not found",
                          "Your sign-in is not linked to a personal assistant's record yet. Ask "
                          "the organisation that keeps the register of personal assistants.");
        else
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    return 0;
}

static void notice(struct html *h, const char *title, const char *text)
{
    html_f(h,
           "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
           "role=\"alert\" aria-labelledby=\"notice-title\"><div "
           "class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
           "id=\"notice-title\">%t</h2></div><div class=\"govuk-notification-banner__content\"><p "
           "class=\"govuk-notification-banner__heading\">%t</p></div></div>\n",
           title, text);
}

void page_pa_home(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record *pa = arena_alloc(&req->arena, sizeof *pa);
    struct pa_contract *ks = NULL;
    struct pa_payslip *slips = NULL;
    struct pa_concern *cns = NULL;
    size_t nk = 0, nslips = 0, ncn = 0;
    struct err e = {0};
    struct html h;
    const char *done = NULL;
    day_t today = guard_today(req->now);
    (void)request_query(req, "done", &done, &e);
    e = (struct err){0};
    if (!pa) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_pa(req, &c, pa) != 0)
        return;
    if (pa_contract_list(c, req->who->council_id, 0, pa->id, &req->arena, &ks, &nk, &e) != 0 ||
        pa_payslip_list_pa(c, req->who->council_id, pa->id, &req->arena, &slips, &nslips, &e) != 0 ||
        pa_concern_list(c, req->who->council_id, pa->id, false, today, &req->arena, &cns, &ncn,
                        &e) != 0) {
        store_release(c);
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "Your work as a personal assistant",
                                         .nav = "pa"});
    if (done && strcmp(done, "timesheet") == 0)
        notice(&h, "Success", "Your timesheet has been sent to your employer to approve.");
    else if (done && strcmp(done, "concern") == 0)
        notice(&h, "Success", "Your concern has been sent to the named contact.");
    html_f(&h, "<p class=\"govuk-body-l\">Hello, %t.</p>\n", pa->given_name);
    html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"/pa/timesheet\">Send a "
                 "timesheet</a></p>\n");

    html_lit(&h, "<h2 class=\"govuk-heading-m\" id=\"employers\">Your employers and contracts</h2>\n");
    if (nk == 0)
        html_lit(&h, "<p class=\"govuk-body\">You have no contracts recorded yet.</p>\n");
    for (size_t i = 0; i < nk; i++) {
        struct pa_employer m;
        struct pa_timesheet *ts = NULL;
        size_t nts = 0;
        if (pa_employer_get(c, req->who->council_id, ks[i].employer_id, &m, &e) != 0 ||
            pa_timesheet_list(c, req->who->council_id, ks[i].id, &req->arena, &ts, &nts, &e) != 0)
            break;
        html_f(&h, "<h3 class=\"govuk-heading-s\">%t: %t</h3><dl class=\"govuk-summary-list\">",
               m.name, ks[i].job_title[0] ? ks[i].job_title : "Personal assistant");
        ui_summary_row(&h, "Hours a week", hours_text(&req->arena, ks[i].hours_week_minutes));
        html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Hourly rate</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>",
               ks[i].hourly_rate);
        ui_summary_row(&h, "Paid", pay_frequency_name(ks[i].frequency));
        html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Started</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>",
               ks[i].starts_on);
        if (ks[i].has_end)
            html_f(&h, "<div class=\"govuk-summary-list__row\"><dt "
                       "class=\"govuk-summary-list__key\">Ends</dt><dd "
                       "class=\"govuk-summary-list__value\">%D</dd></div>",
                   ks[i].ends_on);
        ui_summary_row(&h, "Holiday", ks[i].holiday == HOLIDAY_ACCRUAL
                                          ? "12.07% of the hours you work"
                                          : "5.6 weeks a year, paid when you take it");
        ui_summary_row(&h, "Workplace pension",
                       ks[i].pension_scheme[0] ? ks[i].pension_scheme : "No scheme chosen yet");
        html_lit(&h, "</dl>\n");
        if (nts) {
            html_lit(&h, "<ul class=\"govuk-list govuk-list--bullet\">");
            for (size_t j = 0; j < nts; j++) {
                html_f(&h, "<li>%D to %D: %t worked. <strong>%t</strong>", ts[j].period_start,
                       ts[j].period_end, hours_text(&req->arena, ts[j].worked_minutes),
                       timesheet_words(&ts[j]));
                if (ts[j].status == TIMESHEET_REJECTED && ts[j].reject_reason[0])
                    html_f(&h, ". Your employer said: %t", ts[j].reject_reason);
                html_lit(&h, "</li>");
            }
            html_lit(&h, "</ul>\n");
        }
    }

    html_lit(&h, "<h2 class=\"govuk-heading-m\" id=\"payslips\">Your payslips</h2>\n");
    if (nslips == 0)
        html_lit(&h, "<p class=\"govuk-body\">No payslips yet. A payslip appears here when your "
                     "employer runs the pay for a period.</p>\n");
    else
        html_lit(&h, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < nslips; i++)
        html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Payslip for %D (PDF)</a>: take-home "
                   "pay %m from %m before tax</li>",
               arena_printf(&req->arena, "/pa/payslips/%" PRId64 "/pdf", slips[i].id),
               slips[i].pay_date, slips[i].calc.net_pay, slips[i].calc.gross);
    if (nslips)
        html_lit(&h, "</ul>\n");

    html_lit(&h, "<h2 class=\"govuk-heading-m\" id=\"concerns\">Concerns you have raised</h2>\n");
    if (ncn == 0)
        html_lit(&h, "<p class=\"govuk-body\">None.</p>\n");
    for (size_t i = 0; i < ncn; i++) {
        html_f(&h, "<h3 class=\"govuk-heading-s\">%t, raised %D</h3><p class=\"govuk-body\">%t</p>",
               about_words(cns[i].about), cns[i].raised_on, cns[i].summary);
        html_f(&h, "<p class=\"govuk-body\">Sent to %t. They must respond by %D.</p>",
               cns[i].route.contact_name, cns[i].route.respond_by);
        if (cns[i].has_responded)
            html_f(&h, "<div class=\"govuk-inset-text\">Response from %t on %D: %t</div>\n",
                   cns[i].responded_by, cns[i].responded_on, cns[i].response);
        else if (pa_concern_overdue(true, cns[i].route.respond_by, today))
            html_lit(&h, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--red\">"
                         "Overdue</strong> No response yet, and the date has passed. You can "
                         "raise it again, or contact the council.</p>\n");
        else
            html_lit(&h, "<p class=\"govuk-body\"><strong>No response yet.</strong></p>\n");
        if (cns[i].status == CONCERN_CLOSED)
            html_f(&h, "<p class=\"govuk-body\">Closed on %D. Outcome: %t.</p>\n",
                   cns[i].closed_on, pa_web_outcome_words(cns[i].outcome));
    }
    html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pa/concern\">Raise a "
                 "concern about pay, safety or an employer</a></p>\n");
    store_release(c);
    layout_end(req, &h);
}

/* ---- timesheet --------------------------------------------------------------------------------- */

struct ts_form {
    const char *contract, *start, *end, *worked, *holiday, *notes;
};

static void contract_select(struct request *req, struct html *h, const struct form_errors *fe,
                            struct store_conn *c, const struct pa_contract *ks, size_t nk,
                            const char *chosen)
{
    const char *msg = form_errors_for(fe, "contract");
    html_f(h, "<div class=\"%a\"><label class=\"govuk-label\" for=\"contract\">Which job is this "
              "timesheet for?</label>",
           msg ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (msg)
        html_f(h, "<p id=\"contract-error\" class=\"govuk-error-message\"><span "
                  "class=\"govuk-visually-hidden\">Error:</span> %t</p>", msg);
    html_lit(h, "<select class=\"govuk-select\" id=\"contract\" name=\"contract\">");
    for (size_t i = 0; i < nk; i++) {
        struct pa_employer m;
        struct err e = {0};
        const char *id = arena_printf(&req->arena, "%" PRId64, ks[i].id);
        if (pa_employer_get(c, req->who->council_id, ks[i].employer_id, &m, &e) != 0)
            continue;
        if (chosen && strcmp(chosen, id) == 0)
            html_f(h, "<option value=\"%a\" selected>%t (%t)</option>", id, m.name,
                   pay_frequency_name(ks[i].frequency));
        else
            html_f(h, "<option value=\"%a\">%t (%t)</option>", id, m.name,
                   pay_frequency_name(ks[i].frequency));
    }
    html_lit(h, "</select></div>\n");
}

static void timesheet_form(struct request *req, struct store_conn *c, const struct pa_contract *ks,
                           size_t nk, const struct ts_form *v, const struct form_errors *fe)
{
    struct html h;
    layout_begin(req, &h, &(struct page){.title = "Send a timesheet", .errors = fe,
                                         .back_href = "/pa", .nav = "pa"});
    if (nk == 0) {
        html_lit(&h, "<p class=\"govuk-body\">You have no contracts recorded, so there is nothing "
                     "to send a timesheet for yet.</p>\n");
        layout_end(req, &h);
        return;
    }
    html_lit(&h, "<p class=\"govuk-body\">Your employer approves it; then it is paid in the next "
                 "pay run.</p>\n");
    ui_form_begin(req, &h, "/pa/timesheet");
    contract_select(req, &h, fe, c, ks, nk, v->contract);
    ui_input(&h, fe, &(struct field){.id = "start", .label = "First day worked", .value = v->start,
                                     .hint = "For example, 2025-06-02", .type = "date"});
    ui_input(&h, fe, &(struct field){.id = "end", .label = "Last day worked", .value = v->end,
                                     .hint = "At most 31 days after the first day",
                                     .type = "date"});
    ui_input(&h, fe, &(struct field){.id = "worked", .label = "Hours worked", .value = v->worked,
                                     .hint = "For example, 37.5 or 37:30", .type = "text",
                                     .width_class = "govuk-input--width-5"});
    ui_input(&h, fe, &(struct field){.id = "holiday", .label = "Hours of holiday taken (if any)",
                                     .value = v->holiday, .type = "text",
                                     .width_class = "govuk-input--width-5"});
    ui_input(&h, fe, &(struct field){.id = "notes", .label = "Notes for your employer (optional)",
                                     .value = v->notes, .type = "text"});
    ui_button(&h, "Send timesheet");
    ui_form_end(&h);
    layout_end(req, &h);
}

static int load_contracts(struct request *req, struct store_conn *c, int64_t pa_id,
                          struct pa_contract **ks, size_t *nk)
{
    struct err e = {0};
    if (pa_contract_list(c, req->who->council_id, 0, pa_id, &req->arena, ks, nk, &e) != 0) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    return 0;
}

void page_pa_timesheet(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_contract *ks = NULL;
    size_t nk = 0;
    struct form_errors fe = {0};
    if (load_pa(req, &c, &pa) != 0)
        return;
    if (load_contracts(req, c, pa.id, &ks, &nk) == 0)
        timesheet_form(req, c, ks, nk, &(struct ts_form){0}, &fe);
    store_release(c);
}

static const char *field_or_empty(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_form(req, name, &v, &e) != 0 || !v)
        return "";
    return v;
}

void page_pa_timesheet_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_contract *ks = NULL;
    size_t nk = 0;
    struct form_errors fe = {0};
    struct err e = {0};
    struct pa_timesheet t;
    struct ts_form v = {field_or_empty(req, "contract"), field_or_empty(req, "start"),
                        field_or_empty(req, "end"), field_or_empty(req, "worked"),
                        field_or_empty(req, "holiday"), field_or_empty(req, "notes")};
    int64_t kid = 0;
    bool mine = false;
    if (load_pa(req, &c, &pa) != 0)
        return;
    if (load_contracts(req, c, pa.id, &ks, &nk) != 0) {
        store_release(c);
        return;
    }
    memset(&t, 0, sizeof t);
    if (to_id(v.contract, &kid) == 0)
        for (size_t i = 0; i < nk; i++)
            mine = mine || ks[i].id == kid;
    if (!mine)
        form_errors_add(&fe, "contract", "Choose the job this timesheet is for");
    t.contract_id = kid;
    if (date_parse_iso(v.start, strlen(v.start), &t.period_start, "start", &e) != 0)
        form_errors_add(&fe, "start", "Enter the first day worked as a date, like 2025-06-02");
    e = (struct err){0};
    if (date_parse_iso(v.end, strlen(v.end), &t.period_end, "end", &e) != 0)
        form_errors_add(&fe, "end", "Enter the last day worked as a date, like 2025-06-08");
    e = (struct err){0};
    if (pa_web_hours_parse(v.worked, &t.worked_minutes) != 0)
        form_errors_add(&fe, "worked", "Enter the hours worked as a number, like 37.5 or 37:30");
    if (v.holiday[0] && pa_web_hours_parse(v.holiday, &t.holiday_minutes) != 0)
        form_errors_add(&fe, "holiday", "Enter the hours of holiday as a number, like 7.5, or "
                                        "leave it empty");
    if (strlen(v.notes) >= sizeof t.notes)
        form_errors_add(&fe, "notes", "Notes must be 1,000 characters or fewer");
    else
        str_copy(t.notes, sizeof t.notes, v.notes);
    if (fe.n == 0 && pa_timesheet_submit(c, req->who->council_id, &t, req->who->account_id,
                                         req->now, &e) != 0) {
        if (e.code == ERR_IO) {
            store_release(c);
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
            return;
        }
        /* The store's rule says what is wrong (too long, overlapping another, outside the
         * contract's dates); put it beside the field it names, else the first. */
        const char *f = e.field[0] ? arena_strdup(&req->arena, e.field) : "start";
        if (strcmp(f, "start") && strcmp(f, "end") && strcmp(f, "worked") &&
            strcmp(f, "holiday") && strcmp(f, "notes") && strcmp(f, "contract"))
            f = "start";
        form_errors_add(&fe, f, arena_strdup(&req->arena, e.msg));
    }
    if (fe.n) {
        timesheet_form(req, c, ks, nk, &v, &fe);
        req->res.status = 422;
        store_release(c);
        return;
    }
    store_release(c);
    response_redirect(req, "/pa?done=timesheet");
}

/* ---- payslip PDF --------------------------------------------------------------------------------- */

void pa_web_send_payslip_pdf(struct request *req, struct store_conn *c, int64_t payslip_id)
{
    struct pa_payslip *p = arena_alloc(&req->arena, sizeof *p);
    struct pa_contract *k = arena_alloc(&req->arena, sizeof *k);
    struct pa_record *pa = arena_alloc(&req->arena, sizeof *pa);
    struct pa_employer *m = arena_alloc(&req->arena, sizeof *m);
    struct pa_pay_run run;
    struct pa_doc_employer de;
    struct pa_doc_employee dw;
    struct payslip_doc doc;
    struct buf pdf;
    struct err e = {0};
    int pages = 0;
    int64_t cid = req->who->council_id;
    if (!p || !k || !pa || !m) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (pa_payslip_get(c, cid, payslip_id, p, &e) != 0 ||
        pa_payrun_get(c, cid, p->pay_run_id, &run, &e) != 0 ||
        pa_contract_get(c, cid, p->contract_id, k, &e) != 0 ||
        pa_get(c, cid, k->pa_id, pa, &e) != 0 || pa_employer_get(c, cid, k->employer_id, m, &e) != 0) {
        router_refuse(req, e.code == ERR_NOT_FOUND ? 404 : 503,
                      e.code == ERR_NOT_FOUND ? "Page not found" : UNAVAILABLE,
                      e.code == ERR_NOT_FOUND ? "There is no such payslip." : "Try again later.");
        return;
    }
    de = (struct pa_doc_employer){m->name, m->paye_office, m->paye_reference,
                                  m->accounts_office_ref};
    memset(&dw, 0, sizeof dw);
    dw.title = pa->title;
    dw.given_name = pa->given_name;
    dw.family_name = pa->family_name;
    dw.ni_number = pa->ni_number;
    dw.payroll_id = k->payroll_id;
    dw.address_line1 = pa->address_line1;
    dw.address_line2 = pa->address_line2;
    dw.town = pa->town;
    dw.postcode = pa->postcode;
    dw.date_of_birth = pa->date_of_birth;
    dw.gender = pa->gender;
    dw.starts_on = k->starts_on;
    dw.has_left = k->has_end;
    dw.left_on = k->ends_on;
    doc = (struct payslip_doc){&de, &dw, &run.period, &p->calc,
                               arena_printf(&req->arena, "Payslip %" PRId64, p->id)};
    buf_init(&pdf, 8u << 20);
    if (payslip_pdf(&doc, PAYSLIP_PDF_DEFAULT, &pdf, &pages, &e) != 0) {
        buf_release(&pdf);
        router_refuse(req, 500, UNAVAILABLE, "The payslip could not be made. Try again later.");
        return;
    }
    response_start(req, 200, "application/pdf");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena,
                                       "inline; filename=\"payslip-%" PRId64 ".pdf\"", p->id));
    if (buf_add(&req->res.body, pdf.data, pdf.len) != 0)
        router_refuse(req, 500, UNAVAILABLE, "The PDF is too large.");
    buf_release(&pdf);
}

void page_pa_payslip_pdf(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_payslip *p = arena_alloc(&req->arena, sizeof *p);
    struct err e = {0};
    int64_t id = 0;
    if (!p) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_pa(req, &c, &pa) != 0)
        return;
    /* Only the PA's own payslips: another PA's answers exactly as one that does not exist. */
    if (to_id(request_param(req, "payslip"), &id) != 0 ||
        pa_payslip_get(c, req->who->council_id, id, p, &e) != 0 || p->pa_id != pa.id) {
        store_release(c);
        router_refuse(req, 404, "Page not found", "There is no such payslip.");
        return;
    }
    pa_web_send_payslip_pdf(req, c, id);
    store_release(c);
}

/* ---- concerns ------------------------------------------------------------------------------------ */

static void concern_form(struct request *req, struct store_conn *c, int64_t pa_id,
                         const char *about, const char *employer, const char *summary,
                         const struct form_errors *fe)
{
    struct html h;
    struct pa_contract *ks = NULL;
    size_t nk = 0;
    struct err e = {0};
    static const char *const abouts[] = {"pay", "safety", "employer", "other"};
    static const char *const labels[] = {"My pay", "Safety (mine or the person I support)",
                                         "My employer", "Something else"};
    const char *msg = form_errors_for(fe, "about");
    (void)pa_contract_list(c, req->who->council_id, 0, pa_id, &req->arena, &ks, &nk, &e);
    layout_begin(req, &h, &(struct page){.title = "Raise a concern", .errors = fe,
                                         .back_href = "/pa", .nav = "pa"});
    html_lit(&h, "<p class=\"govuk-body\">Your concern goes to the named contact at the "
                 "organisation that keeps the register of personal assistants, or at the council. "
                 "They must respond by a date we show you. Your employer is not told unless the "
                 "contact needs to act.</p><p class=\"govuk-body\">If someone is in danger now, call "
                 "999.</p>\n");
    ui_form_begin(req, &h, "/pa/concern");
    html_f(&h, "<div class=\"%a\"><fieldset class=\"govuk-fieldset\"><legend "
               "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What is it about?</legend>",
           msg ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (msg)
        html_f(&h, "<p id=\"about-error\" class=\"govuk-error-message\"><span "
                   "class=\"govuk-visually-hidden\">Error:</span> %t</p>", msg);
    html_lit(&h, "<div class=\"govuk-radios\">");
    for (int i = 0; i < 4; i++) {
        const char *id = i == 0 ? "about" : arena_printf(&req->arena, "about-%d", i);
        if (about && strcmp(about, abouts[i]) == 0)
            html_f(&h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                       "id=\"%a\" name=\"about\" type=\"radio\" value=\"%a\" checked><label "
                       "class=\"govuk-label govuk-radios__label\" for=\"%a\">%t</label></div>",
                   id, abouts[i], id, labels[i]);
        else
            html_f(&h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                       "id=\"%a\" name=\"about\" type=\"radio\" value=\"%a\"><label "
                       "class=\"govuk-label govuk-radios__label\" for=\"%a\">%t</label></div>",
                   id, abouts[i], id, labels[i]);
    }
    html_lit(&h, "</div></fieldset></div>\n");
    if (nk) {
        html_lit(&h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" "
                     "for=\"employer\">Which employer is it about, if any?</label><select "
                     "class=\"govuk-select\" id=\"employer\" name=\"employer\"><option "
                     "value=\"\">Not about one employer</option>");
        for (size_t i = 0; i < nk; i++) {
            struct pa_employer m;
            const char *id = arena_printf(&req->arena, "%" PRId64, ks[i].employer_id);
            if (pa_employer_get(c, req->who->council_id, ks[i].employer_id, &m, &e) != 0)
                continue;
            if (employer && strcmp(employer, id) == 0)
                html_f(&h, "<option value=\"%a\" selected>%t</option>", id, m.name);
            else
                html_f(&h, "<option value=\"%a\">%t</option>", id, m.name);
        }
        html_lit(&h, "</select></div>\n");
    }
    msg = form_errors_for(fe, "summary");
    html_f(&h, "<div class=\"%a\"><label class=\"govuk-label\" for=\"summary\">Tell us what "
               "happened</label>",
           msg ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (msg)
        html_f(&h, "<p id=\"summary-error\" class=\"govuk-error-message\"><span "
                   "class=\"govuk-visually-hidden\">Error:</span> %t</p>", msg);
    html_f(&h, "<textarea class=\"govuk-textarea\" id=\"summary\" name=\"summary\" "
               "rows=\"6\">%t</textarea></div>\n",
           summary ? summary : "");
    ui_button(&h, "Send concern");
    ui_form_end(&h);
    layout_end(req, &h);
}

void page_pa_concern(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct form_errors fe = {0};
    if (load_pa(req, &c, &pa) != 0)
        return;
    concern_form(req, c, pa.id, NULL, NULL, NULL, &fe);
    store_release(c);
}

void page_pa_concern_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_record pa;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct form_errors fe = {0};
    struct err e = {0};
    const char *about = field_or_empty(req, "about"), *employer = field_or_empty(req, "employer"),
               *summary = field_or_empty(req, "summary");
    if (!cn) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_pa(req, &c, &pa) != 0)
        return;
    memset(cn, 0, sizeof *cn);
    cn->pa_id = pa.id;
    if (pa_concern_about_parse(about, &cn->about) != 0)
        form_errors_add(&fe, "about", "Choose what the concern is about");
    if (employer[0] && to_id(employer, &cn->employer_id) != 0)
        form_errors_add(&fe, "employer", "Choose an employer from the list");
    if (!summary[0])
        form_errors_add(&fe, "summary", "Tell us what happened");
    else if (strlen(summary) >= sizeof cn->summary)
        form_errors_add(&fe, "summary", "Keep it to 4,000 characters; the contact can ask for more");
    else
        str_copy(cn->summary, sizeof cn->summary, summary);
    if (fe.n == 0 &&
        pa_concern_raise(c, req->who->council_id, cn, guard_today(req->now), req->now, &e) != 0) {
        if (e.code == ERR_IO) {
            store_release(c);
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
            return;
        }
        form_errors_add(&fe, e.field[0] && strcmp(e.field, "employer") == 0 ? "employer" : "summary",
                        arena_strdup(&req->arena, e.msg));
    }
    if (fe.n) {
        concern_form(req, c, pa.id, about, employer, summary, &fe);
        req->res.status = 422;
        store_release(c);
        return;
    }
    store_release(c);
    response_redirect(req, "/pa?done=concern");
}
