/* pages_dp.c — a person's direct payment page: the light-touch view of their money in plain words
 * (money in, money out, what is left, what is already spoken for), the next payments and the
 * remittance advice of those made, recent spending against the plan; for the officer, the
 * monitoring flags with why each was raised, resolved here with a note. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "store/dp_store.h"
#include "store/records.h"
#include "store/store.h"
#include "web/api_dp.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

struct dp_page {
    bool has_dp;
    struct dp_row d;
    struct dp_money m;
    struct dp_schedule sch;
    struct dp_remittance *rem;
    size_t nrem;
    struct dp_txn_row *txns;
    size_t ntxns;
    struct dp_flag_row *flags;
    size_t nflags;
    struct dp_recovery_row *recs;
    size_t nrecs;
    struct dp_settlement_row *sets;
    size_t nsets;
    const char *person_name;
};

static bool may_act(struct request *req, enum access_action act, int64_t person_id)
{
    struct access_decision d;
    struct err e = {0};
    if (guard_person(req->app, req, act, person_id, &d, &e) != 0)
        return false;
    return d.outcome == ACCESS_ALLOW;
}

static bool may_manage(struct request *req, int64_t person_id)
{
    return may_act(req, ACT_DP_MANAGE, person_id);
}

static int load(struct request *req, int64_t person_id, struct dp_page *p, struct err *e)
{
    struct store_conn *c = NULL;
    day_t today = dp_web_today(req);
    int rc;
    memset(p, 0, sizeof *p);
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = dp_of_person(c, req->who->council_id, person_id, today, &req->arena, &p->d, e);
    if (rc == ERR_NOT_FOUND) {
        struct person per;
        err_clear(e);
        rc = person_get(c, req->who->council_id, person_id, &per, e);
        if (rc == 0)
            p->person_name = arena_printf(&req->arena, "%s %s", per.given_name, per.family_name);
        goto out;
    }
    if (rc != 0)
        goto out;
    p->has_dp = true;
    p->person_name = p->d.person_name;
    if ((rc = dp_money_summary(c, req->who->council_id, p->d.id, today, &req->arena, &p->m, e)) !=
            0 ||
        (rc = dp_schedule_for(c, req->who->council_id, p->d.id, today, today + 90, &req->arena,
                              &p->sch, e)) != 0 ||
        (rc = dp_remittances(c, req->who->council_id, p->d.id, &req->arena, &p->rem, &p->nrem,
                             e)) != 0 ||
        (rc = dp_txns_list(c, req->who->council_id, p->d.id, 0, today, 20, &req->arena, &p->txns,
                           &p->ntxns, e)) != 0)
        goto out;
    if (role_is_staff(req->who->role) &&
        ((rc = dp_flags_list(c, req->who->council_id, p->d.id, true, &req->arena, &p->flags,
                             &p->nflags, e)) != 0 ||
         (rc = dp_recoveries_list(c, req->who->council_id, p->d.id, &req->arena, &p->recs,
                                  &p->nrecs, e)) != 0 ||
         (rc = dp_settlements_list(c, req->who->council_id, p->d.id, &req->arena, &p->sets,
                                   &p->nsets, e)) != 0))
        goto out;
out:
    store_release(c);
    return rc;
}

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

static const char *rule_words(enum monitor_rule r)
{
    switch (r) {
    case MON_SURPLUS: return "Money building up";
    case MON_CASH: return "Cash taken out";
    case MON_UNKNOWN_PAYEE: return "Payments to someone not in the plan";
    case MON_FAMILY_PAYEE: return "Payments to a relative at home";
    case MON_NO_HMRC: return "No payment to HMRC this quarter";
    case MON_NO_SPENDING: return "Nothing spent for a while";
    case MON_RULE_END: break;
    }
    return "Flag";
}

static void money_section(struct request *req, struct html *h, const struct dp_page *p, bool own)
{
    size_t n = 0;
    const char **words = dp_web_plain_words(req, &p->d, &p->m, &n);
    html_f(h, "<h2 class=\"govuk-heading-m\" id=\"money\">%t</h2>\n",
           own ? "Your money" : "Their money");
    for (size_t i = 0; words && i < n; i++)
        html_f(h, "<p class=\"govuk-body\">%t</p>\n", words[i]);
    html_lit(h, "<dl class=\"govuk-summary-list\">");
    html_f(h,
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Money in"
           "</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Money out"
           "</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">In the "
           "account</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Already "
           "spoken for</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Left"
           "</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>",
           p->m.ledger.received + p->m.ledger.own_money_in, p->m.ledger.spent, p->m.ledger.held,
           p->m.committed, p->m.left);
    html_lit(h, "</dl>\n");
}

static void payments_section(struct request *req, struct html *h, const struct dp_page *p)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"payments\">Payments from the council</h2>\n");
    if (p->sch.npayments) {
        html_lit(h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                    "govuk-table__caption--s\">Next payments</caption><thead "
                    "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
                    "class=\"govuk-table__header\">Due</th><th scope=\"col\" "
                    "class=\"govuk-table__header govuk-table__header--numeric\">Amount</th><th "
                    "scope=\"col\" class=\"govuk-table__header\">How it is worked out</th></tr>"
                    "</thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < p->sch.npayments && i < 3; i++) {
            const struct dp_payment *pay = &p->sch.payments[i];
            html_f(h,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td><td "
                   "class=\"govuk-table__cell govuk-table__cell--numeric\">%m</td><td "
                   "class=\"govuk-table__cell\">",
                   pay->due, pay->amount);
            for (size_t k = 0; k < pay->nlines; k++)
                html_f(h, "<p class=\"govuk-body-s\">%t</p>", pay->lines[k].explanation);
            html_lit(h, "</td></tr>");
        }
        html_lit(h, "</tbody></table>\n");
    } else {
        html_lit(h, "<p class=\"govuk-body\">No more payments are due.</p>\n");
    }
    if (!p->nrem) {
        html_lit(h, "<p class=\"govuk-body\">No payments have been sent yet.</p>\n");
        return;
    }
    html_lit(h, "<h3 class=\"govuk-heading-s\">Payments sent (remittance advice)</h3>\n");
    for (size_t i = 0; i < p->nrem; i++) {
        const char *t = p->rem[i].text, *nl;
        html_f(h,
               "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
               "class=\"govuk-details__summary-text\">%m paid on %D</span></summary><div "
               "class=\"govuk-details__text\">",
               p->rem[i].amount, p->rem[i].pay_date);
        /* One paragraph a line of the advice. */
        while (t && *t) {
            nl = strchr(t, '\n');
            html_f(h, "<p class=\"govuk-body\">%t</p>",
                   nl ? arena_strndup(&req->arena, t, (size_t)(nl - t)) : t);
            t = nl ? nl + 1 : NULL;
        }
        html_lit(h, "</div></details>\n");
    }
}

static void spending_section(struct html *h, const struct dp_page *p)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"spending\">Recent money in and out</h2>\n");
    if (!p->ntxns) {
        html_lit(h, "<p class=\"govuk-body\">No statements have been sent in yet.</p>\n");
        return;
    }
    html_lit(h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                "govuk-visually-hidden\">Recent money in and out</caption><thead "
                "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
                "class=\"govuk-table__header\">Date</th><th scope=\"col\" "
                "class=\"govuk-table__header\">Who or what</th><th scope=\"col\" "
                "class=\"govuk-table__header govuk-table__header--numeric\">Amount</th><th "
                "scope=\"col\" class=\"govuk-table__header\">Part of the plan</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < p->ntxns; i++) {
        const struct dp_txn_row *r = &p->txns[i];
        const char *who = *r->t.payee ? r->t.payee : r->t.description;
        html_f(h,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%D</td><td "
               "class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell "
               "govuk-table__cell--numeric\">%m</td><td class=\"govuk-table__cell\">%t</td></tr>",
               r->t.date, who, r->t.amount,
               r->t.amount > 0      ? "Money in"
               : *r->plan_line      ? r->plan_line
               : r->t.is_cash       ? "Cash"
                                    : "Not matched to the plan yet");
    }
    html_lit(h, "</tbody></table>\n");
}

static void flags_section(struct request *req, struct html *h, const struct dp_page *p,
                          const struct form_errors *fe, int64_t person_id)
{
    bool manage = may_manage(req, person_id);
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"flags\">Things to look at</h2>\n");
    if (!p->nflags) {
        html_lit(h, "<p class=\"govuk-body\">Nothing needs looking at.</p>\n");
    }
    for (size_t i = 0; i < p->nflags; i++) {
        const struct dp_flag_row *f = &p->flags[i];
        const char *field = arena_printf(&req->arena, "note-%" PRId64, f->id);
        const char *err = form_errors_for(fe, field);
        html_f(h,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h3 class=\"govuk-summary-card__title\">%t <strong class=\"%a\">%t</strong></h3>"
               "</div><div class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%t</p>"
               "<p class=\"govuk-body\"><strong>What to do:</strong> %t</p>",
               rule_words(f->rule), severity_tag(f->severity), severity_words(f->severity),
               f->reason, f->next_step);
        if (f->recovery_id) {
            for (size_t k = 0; k < p->nrecs; k++)
                if (p->recs[k].id == f->recovery_id)
                    html_f(h,
                           "<p class=\"govuk-body\">A recovery of %m is proposed. Nothing is taken "
                           "back until an officer has talked it through with the person and "
                           "recorded the decision.</p>",
                           p->recs[k].proposed);
        } else if (manage) {
            ui_form_begin(req, h,
                          arena_printf(&req->arena,
                                       "/people/%" PRId64 "/direct-payment/flags/%" PRId64
                                       "/resolve",
                                       person_id, f->id));
            html_f(h, "<div class=\"%a\"><label class=\"govuk-label\" for=\"%a\">How it was "
                      "resolved</label>",
                   err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group", field);
            if (err)
                html_f(h,
                       "<p id=\"%a-error\" class=\"govuk-error-message\"><span "
                       "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
                       field, err);
            if (err)
                html_f(h,
                       "<textarea class=\"govuk-textarea govuk-textarea--error\" id=\"%a\" "
                       "name=\"note\" rows=\"3\" aria-describedby=\"%a-error\"></textarea></div>",
                       field, field);
            else
                html_f(h,
                       "<textarea class=\"govuk-textarea\" id=\"%a\" name=\"note\" "
                       "rows=\"3\"></textarea></div>",
                       field);
            ui_button(h, "Resolve with this note");
            ui_form_end(h);
        }
        html_lit(h, "</div></div>\n");
    }
}

/* A one-time key for a money-moving form: sending the same form twice records it once. */
static const char *form_key(struct request *req)
{
    unsigned char raw[16];
    char hex[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return arena_strdup(&req->arena, hex);
}

static void settle_form(struct request *req, struct html *h, const struct dp_recovery_row *r,
                        int64_t person_id, const struct form_errors *fe)
{
    const char *err = form_errors_for(fe, arena_printf(&req->arena, "settle-%" PRId64, r->id));
    const char *key = form_key(req);
    ui_form_begin(req, h,
                  arena_printf(&req->arena,
                               "/people/%" PRId64 "/direct-payment/recoveries/%" PRId64 "/settle",
                               person_id, r->id));
    html_f(h, "<input type=\"hidden\" name=\"form_key\" value=\"%a\">", key ? key : "");
    html_f(h, "<div class=\"%a\" id=\"settle-%l\">",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group", r->id);
    if (err)
        html_f(h,
               "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:"
               "</span> %t</p>",
               err);
    html_f(h,
           "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
           "govuk-fieldset__legend--s\">How is the money coming back?</legend>"
           "<div class=\"govuk-radios\" data-module=\"govuk-radios\">"
           "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
           "id=\"how-received-%l\" name=\"how\" type=\"radio\" value=\"received\" checked>"
           "<label class=\"govuk-label govuk-radios__label\" for=\"how-received-%l\">The "
           "person has paid it back</label></div>"
           "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
           "id=\"how-offset-%l\" name=\"how\" type=\"radio\" value=\"offset\">"
           "<label class=\"govuk-label govuk-radios__label\" for=\"how-offset-%l\">Keep it "
           "back from their next payment</label></div></div></fieldset>",
           r->id, r->id, r->id, r->id);
    html_f(h,
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"amount-%l\">"
           "Amount, in pounds</label><div class=\"govuk-hint\" id=\"amount-%l-hint\">No more "
           "than %m, what is left to settle</div><input class=\"govuk-input "
           "govuk-input--width-10\" id=\"amount-%l\" name=\"amount\" type=\"text\" "
           "inputmode=\"decimal\" aria-describedby=\"amount-%l-hint\"></div>",
           r->id, r->id, dp_recovery_outstanding(&r->settle), r->id, r->id);
    html_f(h,
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" "
           "for=\"received-on-%l\">Day the money arrived (only when it was paid back)</label>"
           "<input class=\"govuk-input govuk-input--width-10\" id=\"received-on-%l\" "
           "name=\"received_on\" type=\"date\"></div>"
           "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"settle-note-%l\">"
           "Note (optional)</label><textarea class=\"govuk-textarea\" id=\"settle-note-%l\" "
           "name=\"note\" rows=\"2\"></textarea></div></div>",
           r->id, r->id, r->id, r->id);
    ui_button(h, "Record it");
    ui_form_end(h);
}

/* Agreed recoveries: where each stands and, for finance, the forms to record the money. */
static void recoveries_section(struct request *req, struct html *h, const struct dp_page *p,
                               const struct form_errors *fe, int64_t person_id)
{
    bool settle = may_act(req, ACT_DP_RECOVERY, person_id), any = false;
    for (size_t i = 0; i < p->nrecs; i++)
        any = any || p->recs[i].status == DP_RECOVERY_AGREED;
    if (!any)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"recoveries\">Money to be paid back</h2>\n");
    for (size_t i = 0; i < p->nrecs; i++) {
        const struct dp_recovery_row *r = &p->recs[i];
        int64_t left = dp_recovery_outstanding(&r->settle);
        if (r->status != DP_RECOVERY_AGREED)
            continue;
        html_f(h,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h3 class=\"govuk-summary-card__title\">%m agreed (the person was told on %D)</h3>"
               "</div><div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Paid "
               "back</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Kept "
               "back from payments made</dt><dd class=\"govuk-summary-list__value\">%m</dd></div>"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">To "
               "keep back from the next payment</dt><dd class=\"govuk-summary-list__value\">%m</dd>"
               "</div><div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
               "Left to settle</dt><dd class=\"govuk-summary-list__value\">%m</dd></div></dl>",
               r->amount, r->person_told_on, r->settle.received, r->settle.kept_back,
               r->settle.waiting, left);
        for (size_t k = 0; k < p->nsets; k++) {
            const struct dp_settlement_row *st = &p->sets[k];
            if (st->recovery_id != r->id)
                continue;
            if (!st->offset)
                html_f(h, "<p class=\"govuk-body\">%m paid back, arrived %D (recorded by %t).</p>",
                       st->amount, st->on_date, st->recorded_by);
            else if (st->posted)
                html_f(h, "<p class=\"govuk-body\">%m kept back from the payment due %D.</p>",
                       st->amount, st->payment_due);
            else
                html_f(h,
                       "<p class=\"govuk-body\">%m to be kept back from the next payment "
                       "(recorded %D by %t).</p>",
                       st->amount, st->on_date, st->recorded_by);
        }
        if (settle && left > 0)
            settle_form(req, h, r, person_id, fe);
        html_lit(h, "</div></div>\n");
    }
}

static void render(struct request *req, int64_t person_id, const struct dp_page *p,
                   const struct form_errors *fe)
{
    struct html h;
    bool own = req->who->role == USER_BUDGET_HOLDER && req->who->person_id == person_id;
    struct page pg = {.title = own ? "Your direct payment" : "Direct payment",
                      .errors = fe,
                      .caption = own ? NULL : p->person_name,
                      .back_href = role_is_staff(req->who->role)
                                       ? arena_printf(&req->arena, "/people/%" PRId64, person_id)
                                       : "/my-support"};
    layout_begin(req, &h, &pg);
    if (!p->has_dp) {
        html_f(&h,
               "<p class=\"govuk-body\">No direct payment has been set up %t yet. It starts once "
               "the support plan is signed off and the direct payment agreement is accepted.</p>\n",
               own ? "for you" : "for this person");
        layout_end(req, &h);
        return;
    }
    if (p->d.ended)
        html_f(&h, "<div class=\"govuk-inset-text\">This direct payment ended on %D.</div>\n",
               p->d.end);
    money_section(req, &h, p, own);
    payments_section(req, &h, p);
    spending_section(&h, p);
    if (role_is_staff(req->who->role)) {
        flags_section(req, &h, p, fe, person_id);
        recoveries_section(req, &h, p, fe, person_id);
    }
    html_f(&h,
           "<h2 class=\"govuk-heading-m\">The account</h2><dl class=\"govuk-summary-list\">"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Paid into"
           "</dt><dd class=\"govuk-summary-list__value\">%t, account ending %t</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Shows on "
           "the statement as</dt><dd class=\"govuk-summary-list__value\">%t</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Started"
           "</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>"
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Weekly "
           "amount</dt><dd class=\"govuk-summary-list__value\">%m, less a contribution of %m</dd>"
           "</div></dl>\n",
           p->d.payee_name, p->d.account_number + 4, p->d.bacs_reference, p->d.start,
           p->d.weekly_amount, p->d.weekly_contribution);
    layout_end(req, &h);
}

void page_dp(struct request *req)
{
    int64_t person_id = dp_web_param_id(req, "id");
    struct dp_page p;
    struct err e = {0};
    if (load(req, person_id, &p, &e) != 0) {
        if (e.code == ERR_NOT_FOUND)
            router_refuse(req, 404, "Page not found", "There is no such record.");
        else
            router_refuse(req, 503, "Sorry, there is a problem with the service",
                          "Try again later.");
        return;
    }
    render(req, person_id, &p, NULL);
}

static int resolve(struct request *req, struct store_conn *c, void *ctx, int *status,
                   struct json_t **doc, struct err *e)
{
    const char *note = ctx;
    int64_t person_id = dp_web_param_id(req, "id"), flag = dp_web_param_id(req, "flag");
    struct dp_row d;
    int rc;
    (void)status;
    (void)doc;
    if ((rc = dp_of_person(c, req->who->council_id, person_id, dp_web_today(req), &req->arena, &d,
                           e)) != 0 ||
        (rc = dp_flag_resolve(c, req->who->council_id, d.id, flag, note, principal_actor(req),
                              req->now, e)) != 0)
        return rc;
    return dp_web_audit(req, c, "dp.flag.resolve", "person", person_id, NULL, e);
}

void page_dp_flag_resolve_post(struct request *req)
{
    int64_t person_id = dp_web_param_id(req, "id"), flag = dp_web_param_id(req, "flag");
    const char *note = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    int status = 200, rc;
    struct json_t *doc = NULL;
    if (request_form(req, "note", &note, &e) != 0)
        note = NULL;
    err_clear(&e);
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0) {
        rc = resolve(req, c, (void *)(note ? note : ""), &status, &doc, &e);
        if (rc == 0)
            rc = store_commit(c, &e);
        else
            store_rollback(c);
    }
    store_release(c);
    if (rc == 0) {
        response_redirect(req, arena_printf(&req->arena, "/people/%" PRId64 "/direct-payment#flags",
                                            person_id));
        return;
    }
    if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
        struct form_errors fe = {0};
        struct dp_page p;
        struct err le = {0};
        form_errors_add(&fe, arena_printf(&req->arena, "note-%" PRId64, flag),
                        arena_strdup(&req->arena, e.msg));
        if (load(req, person_id, &p, &le) == 0) {
            render(req, person_id, &p, &fe);
            req->res.status = e.code == ERR_INVALID ? 400 : 409;
            return;
        }
    }
    if (e.code == ERR_NOT_FOUND)
        router_refuse(req, 404, "Page not found", e.msg);
    else
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
}

/* ---- settling an agreed recovery ------------------------------------------------------------- */

struct settle_in {
    const char *how, *amount, *received_on, *note, *key;
};

static int settle(struct request *req, struct store_conn *c, const struct settle_in *in,
                  bool *replayed, struct err *e)
{
    int64_t person_id = dp_web_param_id(req, "id"), rec = dp_web_param_id(req, "recovery");
    int64_t amount = 0, id = 0;
    day_t on = 0;
    bool offset;
    struct dp_row d;
    char detail[120];
    int rc;
    *replayed = false;
    if ((rc = dp_of_person(c, req->who->council_id, person_id, dp_web_today(req), &req->arena, &d,
                           e)) != 0)
        return rc;
    if (!in->how || (strcmp(in->how, "received") != 0 && strcmp(in->how, "offset") != 0))
        return err_set_field(e, ERR_INVALID, "how", "Choose how the money is coming back.");
    offset = in->how[0] == 'o';
    if (!in->amount || !*in->amount)
        return err_set_field(e, ERR_INVALID, "amount", "Enter the amount, like 150.00.");
    if ((rc = money_parse(in->amount, strlen(in->amount), 0, &amount, "amount", e)) != 0)
        return rc;
    if (!offset) {
        if (!in->received_on || !*in->received_on)
            return err_set_field(e, ERR_INVALID, "received_on",
                                 "Enter the day the money arrived.");
        if ((rc = date_parse_iso(in->received_on, strlen(in->received_on), &on, "received_on",
                                 e)) != 0)
            return rc;
    }
    /* The form's one-time key: a second send of the same form finds it and records nothing. */
    if (in->key && *in->key) {
        struct dp_idem idem;
        char hash[65];
        dp_web_request_hash(req, hash);
        rc = dp_idem_claim(c, req->who->council_id, principal_actor(req),
                           arena_printf(&req->arena, "form:%s", in->key), "POST", req->raw_path,
                           hash, req->now, &req->arena, &idem, e);
        if (rc == ERR_CONFLICT || (rc == 0 && idem.found)) {
            err_clear(e);
            *replayed = true;
            return 0;
        }
        if (rc != 0)
            return rc;
    }
    if (offset)
        rc = dp_recovery_offset(c, req->who->council_id, d.id, rec, amount, in->note,
                                principal_actor(req), req->now, &id, e);
    else
        rc = dp_recovery_receive(c, req->who->council_id, d.id, rec, amount, on, in->note,
                                 principal_actor(req), dp_web_today(req), req->now, &id, e);
    if (rc != 0)
        return rc;
    if (in->key && *in->key &&
        (rc = dp_idem_store(c, req->who->council_id, principal_actor(req),
                            arena_printf(&req->arena, "form:%s", in->key), 303, "", "", e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"recovery_id\":%lld,\"settlement_id\":%lld}", (long long)rec,
             (long long)id);
    return dp_web_audit(req, c, offset ? "dp.recovery.offset" : "dp.recovery.receive", "person",
                        person_id, detail, e);
}

void page_dp_recovery_settle_post(struct request *req)
{
    int64_t person_id = dp_web_param_id(req, "id"), rec = dp_web_param_id(req, "recovery");
    struct settle_in in = {0};
    struct store_conn *c = NULL;
    struct err e = {0};
    bool replayed = false;
    int rc;
    (void)request_form(req, "how", &in.how, &e);
    (void)request_form(req, "amount", &in.amount, &e);
    (void)request_form(req, "received_on", &in.received_on, &e);
    (void)request_form(req, "note", &in.note, &e);
    (void)request_form(req, "form_key", &in.key, &e);
    err_clear(&e);
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0) {
        rc = settle(req, c, &in, &replayed, &e);
        if (rc == 0 && !replayed)
            rc = store_commit(c, &e);
        else
            store_rollback(c);
    }
    store_release(c);
    if (rc == 0) {
        response_redirect(req, arena_printf(&req->arena,
                                            "/people/%" PRId64 "/direct-payment#recoveries",
                                            person_id));
        return;
    }
    if (e.code == ERR_INVALID || e.code == ERR_CONFLICT || e.code == ERR_RANGE) {
        struct form_errors fe = {0};
        struct dp_page p;
        struct err le = {0};
        form_errors_add(&fe, arena_printf(&req->arena, "settle-%" PRId64, rec),
                        arena_strdup(&req->arena, e.msg));
        if (load(req, person_id, &p, &le) == 0) {
            render(req, person_id, &p, &fe);
            req->res.status = e.code == ERR_CONFLICT ? 409 : 400;
            return;
        }
    }
    if (e.code == ERR_NOT_FOUND)
        router_refuse(req, 404, "Page not found", e.msg);
    else
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
}
