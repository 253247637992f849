/* pages_finance.c — the officer's worklist of direct payments needing attention (ordered by what
 * matters: severity, then money, then the oldest), and finance's payment batches: made by a finance
 * officer, approved by a different finance approver against exactly what they reviewed, released,
 * and the BACS file downloaded. */
#include <inttypes.h>
#include <string.h>

#include "store/dp_store.h"
#include "store/ledger_store.h"
#include "store/store.h"
#include "web/api_dp.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

static const char *severity_tag(enum monitor_severity s)
{
    return s == MON_HIGH     ? "govuk-tag govuk-tag--red"
           : s == MON_MEDIUM ? "govuk-tag govuk-tag--orange"
                             : "govuk-tag govuk-tag--grey";
}

static const char *severity_words(enum monitor_severity s)
{
    return s == MON_HIGH ? "High" : s == MON_MEDIUM ? "Medium" : "Low";
}

void page_finance_worklist(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_flag_row *items = NULL;
    size_t n = 0;
    struct err e = {0};
    struct html h;
    int64_t worker = 0, team = 0;
    int rc;
    if (req->who->role == USER_SOCIAL_WORKER)
        worker = req->who->staff_id ? req->who->staff_id : -1;
    else if (req->who->role == USER_TEAM_MANAGER)
        team = req->who->team_id ? req->who->team_id : -1;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_worklist(c, req->who->council_id, worker, team, 200, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    layout_begin(req, &h,
                 &(struct page){.title = "Direct payments to look at", .width = 1,
                                .nav = "direct-payments"});
    html_f(&h,
           "<p class=\"govuk-body\">%t Most important first: what could harm the person or break "
           "the rules, then where more money is involved, then what has waited longest. Nothing "
           "here is a finding of misuse.</p>\n",
           worker ? "Accounts of the people allocated to you that need attention."
           : team ? "Accounts of your team's people that need attention."
                  : "Accounts across the council that need attention.");
    if (req->who->role == USER_FINANCE_OFFICER)
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/finance/batches\">"
                     "Payment batches</a></p>\n");
    if (!n) {
        html_lit(&h, "<p class=\"govuk-body\">Nothing needs attention.</p>\n");
        layout_end(req, &h);
        return;
    }
    html_f(&h,
           "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
           "govuk-table__caption--m\">%l to look at</caption><thead class=\"govuk-table__head\">"
           "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
           "Priority</th><th scope=\"col\" class=\"govuk-table__header\">Person</th><th "
           "scope=\"col\" class=\"govuk-table__header\">Why it was raised</th><th scope=\"col\" "
           "class=\"govuk-table__header govuk-table__header--numeric\">Money</th><th scope=\"col\" "
           "class=\"govuk-table__header\">Raised</th></tr></thead><tbody "
           "class=\"govuk-table__body\">",
           (int64_t)n);
    for (size_t i = 0; i < n; i++) {
        const struct dp_flag_row *f = &items[i];
        html_f(&h,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><strong "
               "class=\"%a\">%t</strong></td><td class=\"govuk-table__cell\"><a "
               "class=\"govuk-link\" href=\"%u\">%t</a><br><span class=\"govuk-body-s\">%t</span>"
               "</td><td class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell "
               "govuk-table__cell--numeric\">%m</td><td class=\"govuk-table__cell\">%D</td></tr>",
               severity_tag(f->severity), severity_words(f->severity),
               arena_printf(&req->arena, "/people/%" PRId64 "/direct-payment#flags", f->person_id),
               f->person_name, f->person_ref, f->reason, f->amount, f->raised_on);
    }
    html_lit(&h, "</tbody></table>\n");
    layout_end(req, &h);
}

/* ---- batches ------------------------------------------------------------------------------- */

static void batches_render(struct request *req, const struct form_errors *fe, const char *pay)
{
    struct store_conn *c = NULL;
    struct dp_batch_summary *items = NULL;
    size_t n = 0;
    struct err e = {0};
    struct html h;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_batch_list(c, req->who->council_id, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    layout_begin(req, &h,
                 &(struct page){.title = "Payment batches", .width = 1, .errors = fe,
                                .back_href = "/finance/direct-payments"});
    html_lit(&h, "<p class=\"govuk-body\">A finance officer makes a batch of what is due; a "
                 "different finance approver checks and approves exactly those payments; then it "
                 "is released and the BACS file goes to the bank.</p>\n");
    ui_form_begin(req, &h, "/finance/batches");
    ui_input(&h, fe,
             &(struct field){.id = "pay_date", .label = "Pay date",
                             .hint = "The day the money should arrive, for example 2025-06-30. "
                                     "BACS needs it two working days ahead.",
                             .value = pay ? pay : "", .type = "text",
                             .width_class = "govuk-input--width-10"});
    ui_button(&h, "Start a batch");
    ui_form_end(&h);
    if (n) {
        html_lit(&h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                     "govuk-table__caption--m\">Batches</caption><thead class=\"govuk-table__head\">"
                     "<tr class=\"govuk-table__row\"><th scope=\"col\" "
                     "class=\"govuk-table__header\">Batch</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Pay date</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">State</th><th scope=\"col\" "
                     "class=\"govuk-table__header govuk-table__header--numeric\">Payments</th><th "
                     "scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                     "Total</th></tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < n; i++)
            html_f(&h,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                   "class=\"govuk-link\" href=\"%u\">Batch %l</a></td><td "
                   "class=\"govuk-table__cell\">%D</td><td class=\"govuk-table__cell\">%t</td><td "
                   "class=\"govuk-table__cell govuk-table__cell--numeric\">%l</td><td "
                   "class=\"govuk-table__cell govuk-table__cell--numeric\">%m</td></tr>",
                   arena_printf(&req->arena, "/finance/batches/%" PRId64, items[i].id),
                   items[i].id, items[i].pay_date, batch_state_name(items[i].state),
                   (int64_t)items[i].nlines, items[i].total);
        html_lit(&h, "</tbody></table>\n");
    }
    layout_end(req, &h);
}

void page_finance_batches(struct request *req)
{
    batches_render(req, NULL, NULL);
}

void page_finance_batches_post(struct request *req)
{
    const char *pay_s = NULL;
    struct form_errors fe = {0};
    struct store_conn *c = NULL;
    struct batch_actor by;
    struct batch b;
    struct err e = {0};
    day_t pay = 0;
    int rc;
    if (request_form(req, "pay_date", &pay_s, &e) != 0 || !pay_s ||
        date_parse_iso(pay_s, strlen(pay_s), &pay, "pay_date", &e) != 0 ||
        pay < dp_web_today(req)) {
        form_errors_add(&fe, "pay_date", "Enter a pay date of today or later, like 2025-06-30.");
        batches_render(req, &fe, pay_s);
        req->res.status = 400;
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0) {
        if ((rc = dp_web_batch_actor(req, c, &by, &e)) == 0 &&
            (rc = payment_batch_create(c, req->who->council_id, pay, &by, req->now, &b, &e)) == 0) {
            rc = dp_web_audit(req, c, "payment-batch.create", "payment_batch", b.id, NULL, &e);
            batch_release(&b);
        }
        rc = rc == 0 ? store_commit(c, &e) : (store_rollback(c), rc);
    }
    store_release(c);
    if (rc == 0) {
        response_redirect(req, arena_printf(&req->arena, "/finance/batches/%" PRId64, b.id));
        return;
    }
    if (rc == ERR_FORBIDDEN) {
        form_errors_add(&fe, "pay_date", arena_strdup(&req->arena, e.msg));
        batches_render(req, &fe, pay_s);
        req->res.status = 403;
        return;
    }
    router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
}

static void action_button(struct request *req, struct html *h, int64_t id, const char *action,
                          const char *label, const char *hash, bool secondary)
{
    ui_form_begin(req, h, arena_printf(&req->arena, "/finance/batches/%" PRId64, id));
    html_f(h, "<input type=\"hidden\" name=\"action\" value=\"%a\">", action);
    if (hash)
        html_f(h, "<input type=\"hidden\" name=\"hash\" value=\"%a\">", hash);
    html_f(h,
           "<button type=\"submit\" class=\"%a\" data-module=\"govuk-button\">%t</button>",
           secondary ? "govuk-button govuk-button--secondary" : "govuk-button", label);
    ui_form_end(h);
}

static void batch_render(struct request *req, int64_t id, const struct form_errors *fe)
{
    struct store_conn *c = NULL;
    struct batch b;
    struct batch_actor by;
    struct err e = {0};
    struct html h;
    unsigned char hh[BATCH_HASH_SIZE];
    char hex[2 * BATCH_HASH_SIZE + 1];
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 &&
        (rc = dp_web_batch_actor(req, c, &by, &e)) == 0)
        rc = payment_batch_load(c, req->who->council_id, id, &b, &e);
    else
        batch_init(&b);
    store_release(c);
    if (rc != 0) {
        batch_release(&b);
        if (rc == ERR_NOT_FOUND)
            router_refuse(req, 404, "Page not found", "There is no such batch.");
        else
            router_refuse(req, 503, "Sorry, there is a problem with the service",
                          "Try again later.");
        return;
    }
    batch_hash(&b, hh);
    batch_hash_hex(hh, hex);
    layout_begin(req, &h,
                 &(struct page){.title = arena_printf(&req->arena, "Batch %" PRId64, id),
                                .width = 1, .errors = fe, .back_href = "/finance/batches"});
    html_f(&h,
           "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\"><dt "
           "class=\"govuk-summary-list__key\">State</dt><dd class=\"govuk-summary-list__value\">"
           "%t</dd></div><div class=\"govuk-summary-list__row\"><dt "
           "class=\"govuk-summary-list__key\">Pay date</dt><dd "
           "class=\"govuk-summary-list__value\">%D</dd></div><div "
           "class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Total</dt><dd "
           "class=\"govuk-summary-list__value\">%m in %l payments</dd></div><div "
           "class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Contents "
           "check</dt><dd class=\"govuk-summary-list__value\"><code>%t</code></dd></div></dl>\n",
           batch_state_name(b.state), b.pay_date, batch_total(&b), (int64_t)b.nlines, hex);
    if (b.note[0])
        html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", b.note);
    if (b.nlines) {
        html_lit(&h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                     "govuk-table__caption--m\">Payments</caption><thead class=\"govuk-table__head\">"
                     "<tr class=\"govuk-table__row\"><th scope=\"col\" "
                     "class=\"govuk-table__header\">Paid to</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Sort code and account</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Reference</th><th scope=\"col\" "
                     "class=\"govuk-table__header govuk-table__header--numeric\">Amount</th>"
                     "</tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < b.nlines; i++)
            html_f(&h,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%t</td><td "
                   "class=\"govuk-table__cell\">%t %t</td><td class=\"govuk-table__cell\">%t</td>"
                   "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%m</td></tr>",
                   b.lines[i].payee_name, b.lines[i].sort_code, b.lines[i].account,
                   b.lines[i].reference, b.lines[i].amount);
        html_lit(&h, "</tbody></table>\n");
    }
    html_lit(&h, "<div class=\"govuk-button-group\">");
    switch (b.state) {
    case BATCH_DRAFT:
        if (by.roles & BATCH_ROLE_OFFICER) {
            action_button(req, &h, id, "add-due", "Add everything due", NULL, true);
            if (b.nlines)
                action_button(req, &h, id, "submit", "Send for approval", NULL, false);
        }
        break;
    case BATCH_SUBMITTED:
        if (by.roles & BATCH_ROLE_APPROVER)
            action_button(req, &h, id, "approve", "Approve these payments", hex, false);
        break;
    case BATCH_APPROVED:
        if (by.roles)
            action_button(req, &h, id, "release", "Release the payments", NULL, false);
        break;
    case BATCH_RELEASED:
        html_f(&h, "<a class=\"govuk-button govuk-button--secondary\" href=\"%u\">Download the "
                   "BACS file</a>",
               arena_printf(&req->arena, "/api/v1/finance/batches/%" PRId64 "/bacs", id));
        break;
    case BATCH_CANCELLED:
    case BATCH_STATE_END:
        break;
    }
    html_lit(&h, "</div>\n");
    batch_release(&b);
    layout_end(req, &h);
}

void page_finance_batch(struct request *req)
{
    batch_render(req, dp_web_param_id(req, "batch"), NULL);
}

void page_finance_batch_post(struct request *req)
{
    int64_t id = dp_web_param_id(req, "batch");
    const char *action = NULL, *hash = NULL;
    struct store_conn *c = NULL;
    struct batch_actor by;
    struct batch b;
    struct err e = {0};
    size_t added = 0;
    int rc;
    if (request_form(req, "action", &action, &e) != 0 || !action ||
        request_form(req, "hash", &hash, &e) != 0) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    batch_init(&b);
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0) {
        if ((rc = dp_web_batch_actor(req, c, &by, &e)) != 0)
            goto end;
        if (strcmp(action, "add-due") == 0) {
            rc = dp_batch_add_due(c, req->who->council_id, id, &by, 0, dp_web_today(req),
                                  req->now, &added, &e);
        } else if (strcmp(action, "release") == 0) {
            rc = dp_batch_release(c, req->who->council_id, id, &by, dp_web_today(req), req->now,
                                  &e);
        } else if ((rc = payment_batch_load(c, req->who->council_id, id, &b, &e)) == 0) {
            if (strcmp(action, "submit") == 0) {
                rc = batch_submit(&b, &by, req->now, &e);
            } else if (strcmp(action, "approve") == 0) {
                unsigned char hh[BATCH_HASH_SIZE];
                char hex[2 * BATCH_HASH_SIZE + 1];
                batch_hash(&b, hh);
                batch_hash_hex(hh, hex);
                rc = !hash || strcmp(hash, hex) != 0
                         ? err_set(&e, ERR_CONFLICT,
                                   "The batch changed after you opened it; check it again.")
                         : batch_approve(&b, &by, req->now, &e);
            } else {
                rc = err_set(&e, ERR_INVALID, "That is not something a batch can do.");
            }
            if (rc == 0)
                rc = payment_batch_save(c, &b, &e);
        }
        if (rc == 0)
            rc = dp_web_audit(req, c, arena_printf(&req->arena, "payment-batch.%s", action),
                              "payment_batch", id, NULL, &e);
    end:
        rc = rc == 0 ? store_commit(c, &e) : (store_rollback(c), rc);
    }
    store_release(c);
    batch_release(&b);
    if (rc == 0) {
        response_redirect(req, arena_printf(&req->arena, "/finance/batches/%" PRId64, id));
        return;
    }
    if (rc == ERR_NOT_FOUND) {
        router_refuse(req, 404, "Page not found", "There is no such batch.");
    } else if (rc == ERR_FORBIDDEN || rc == ERR_CONFLICT || rc == ERR_INVALID) {
        struct form_errors fe = {0};
        form_errors_add(&fe, "action", arena_strdup(&req->arena, e.msg));
        batch_render(req, id, &fe);
        req->res.status = rc == ERR_FORBIDDEN ? 403 : rc == ERR_CONFLICT ? 409 : 400;
    } else {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
    }
}
