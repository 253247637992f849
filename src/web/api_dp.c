/* api_dp.c — the API of one person's direct payment (see api_dp.h): the money in plain terms, the
 * schedule and remittances, setting it up and changing it from a date, statements sent in, matches,
 * payees and rules, monitoring flags and recovery decisions. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/str.h"
#include "io/camt053.h"
#include "io/statement_csv.h"
#include "store/dp_store.h"
#include "store/store.h"
#include "web/api_dp.h"
#include "web/app.h"
#include "web/json_in.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/problem.h"

#define SCHEDULE_DAYS 120 /* the schedule shown: about four months ahead */

static int route_dp(struct request *req, struct store_conn *c, struct dp_row *d, struct err *e)
{
    return dp_of_person(c, req->who->council_id, dp_web_param_id(req, "id"), dp_web_today(req),
                        &req->arena, d, e);
}

/* Reads a JSON body by the table (415 for another content type), inside a change. */
static int read_json(struct request *req, const struct json_in_field *f, size_t n, struct err *e)
{
    return json_in_request(req, f, n, e);
}

static json_t *schedule_json(const struct dp_schedule *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < s->npayments; i++) {
        const struct dp_payment *p = &s->payments[i];
        json_t *lines = json_array();
        for (size_t k = 0; k < p->nlines; k++) {
            const struct dp_line *l = &p->lines[k];
            json_array_append_new(
                lines, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "kind", dp_line_kind_name(l->kind),
                                 "from", dp_json_date(l->period_from), "to",
                                 dp_json_date(l->period_to), "amount", dp_json_money(l->amount),
                                 "contribution", dp_json_money(l->contribution), "explanation",
                                 dp_json_str(l->explanation)));
        }
        json_array_append_new(arr, json_pack("{s:o, s:o, s:o}", "due", dp_json_date(p->due),
                                             "amount", dp_json_money(p->amount), "lines", lines));
    }
    return arr;
}

static json_t *flag_json(const struct dp_flag_row *f)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:I}", "id",
                     (json_int_t)f->id, "rule", monitor_rule_name(f->rule), "severity",
                     monitor_severity_name(f->severity), "amount", dp_json_money(f->amount),
                     "about", dp_json_date(f->about), "raised_on", dp_json_date(f->raised_on),
                     "reason", dp_json_str(f->reason), "next_step", dp_json_str(f->next_step),
                     "status", f->resolved ? "resolved" : "open", "resolution_note",
                     dp_json_str(f->resolution_note), "recovery_id",
                     f->recovery_id ? json_integer(f->recovery_id) : json_null(), "version",
                     (json_int_t)f->version);
}

/* Everything about the person's direct payment; staff also see flags, recoveries and payees. */
static int dp_doc(struct request *req, struct store_conn *c, const struct dp_row *d, json_t **out,
                  struct err *e)
{
    struct dp_money m;
    struct dp_schedule sch;
    struct dp_remittance *rem = NULL;
    size_t nrem = 0, nwords = 0;
    const char **words;
    day_t today = dp_web_today(req);
    json_t *doc, *arr;
    int rc;
    if ((rc = dp_money_summary(c, req->who->council_id, d->id, today, &req->arena, &m, e)) != 0 ||
        (rc = dp_schedule_for(c, req->who->council_id, d->id, today, today + SCHEDULE_DAYS,
                              &req->arena, &sch, e)) != 0 ||
        (rc = dp_remittances(c, req->who->council_id, d->id, &req->arena, &rem, &nrem, e)) != 0)
        return rc;
    words = dp_web_plain_words(req, d, &m, &nwords);
    arr = json_array();
    for (size_t i = 0; i < nwords; i++)
        json_array_append_new(arr, dp_json_str(words[i]));
    doc = json_pack(
        "{s:I, s:I, s:s, s:o, s:o, s:s, s:o, s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:o, s:I}",
        "id", (json_int_t)d->id, "person_id", (json_int_t)d->person_id, "status",
        d->ended ? "ended" : "active", "start", dp_json_date(d->start), "end",
        dp_json_date(d->end), "account_kind", dp_account_kind_name(d->account_kind), "provider",
        dp_json_str(d->provider), "paid_to", "name", dp_json_str(d->payee_name), "sort_code",
        dp_json_str(d->sort_code), "account_ending", dp_json_str(d->account_number + 4),
        "reference", dp_json_str(d->bacs_reference), "weekly_amount",
        dp_json_money(d->weekly_amount), "weekly_contribution",
        dp_json_money(d->weekly_contribution), "contingency", dp_json_money(d->contingency),
        "plain_words", arr, "version", (json_int_t)d->version);
    if (!doc)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    json_object_set_new(
        doc, "money",
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "paid_by_council",
                  dp_json_money(m.ledger.paid_by_council), "in_transit",
                  dp_json_money(m.ledger.in_transit), "received", dp_json_money(m.ledger.received),
                  "own_money_in", dp_json_money(m.ledger.own_money_in), "spent",
                  dp_json_money(m.ledger.spent), "held", dp_json_money(m.ledger.held),
                  "committed", dp_json_money(m.committed), "left", dp_json_money(m.left),
                  "owed_back", dp_json_money(m.ledger.owed_back), "contribution_owed",
                  dp_json_money(m.ledger.contribution_owed), "next_payment",
                  m.next_due ? json_pack("{s:o, s:o}", "due", dp_json_date(m.next_due), "amount",
                                         dp_json_money(m.next_amount))
                             : json_null(),
                  "statement",
                  m.has_statement
                      ? json_pack("{s:o, s:o}", "date", dp_json_date(m.statement_date), "balance",
                                  m.has_statement_balance ? dp_json_money(m.statement_balance)
                                                          : json_null())
                      : json_null()));
    json_object_set_new(doc, "schedule", schedule_json(&sch));
    arr = json_array();
    for (size_t i = 0; i < nrem; i++)
        json_array_append_new(arr, json_pack("{s:I, s:o, s:o, s:o, s:o}", "batch_id",
                                             (json_int_t)rem[i].batch_id, "pay_date",
                                             dp_json_date(rem[i].pay_date), "amount",
                                             dp_json_money(rem[i].amount), "reference",
                                             dp_json_str(rem[i].reference), "text",
                                             dp_json_str(rem[i].text)));
    json_object_set_new(doc, "remittances", arr);
    if (role_is_staff(req->who->role)) {
        struct dp_flag_row *flags = NULL;
        struct dp_recovery_row *recs = NULL;
        struct match_book book;
        size_t nf = 0, nr = 0;
        if ((rc = dp_flags_list(c, req->who->council_id, d->id, false, &req->arena, &flags, &nf,
                                e)) != 0 ||
            (rc = dp_recoveries_list(c, req->who->council_id, d->id, &req->arena, &recs, &nr, e)) !=
                0 ||
            (rc = dp_book_load(c, req->who->council_id, d->id, &req->arena, &book, e)) != 0) {
            json_decref(doc);
            return rc;
        }
        arr = json_array();
        for (size_t i = 0; i < nf; i++)
            json_array_append_new(arr, flag_json(&flags[i]));
        json_object_set_new(doc, "flags", arr);
        arr = json_array();
        for (size_t i = 0; i < nr; i++)
            json_array_append_new(
                arr, json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, "
                               "s:o}",
                               "id", (json_int_t)recs[i].id, "flag_id",
                               (json_int_t)recs[i].flag_id, "proposed",
                               dp_json_money(recs[i].proposed), "status",
                               dp_recovery_status_name(recs[i].status), "amount",
                               dp_json_money(recs[i].amount), "note", dp_json_str(recs[i].note),
                               "person_told_on", dp_json_date(recs[i].person_told_on), "told_how",
                               dp_json_str(recs[i].told_how), "version",
                               (json_int_t)recs[i].version, "received",
                               dp_json_money(recs[i].settle.received), "kept_back",
                               dp_json_money(recs[i].settle.kept_back), "waiting",
                               dp_json_money(recs[i].settle.waiting), "outstanding",
                               dp_json_money(dp_recovery_outstanding(&recs[i].settle))));
        json_object_set_new(doc, "recoveries", arr);
        arr = json_array();
        for (size_t i = 0; i < book.nlines; i++)
            json_array_append_new(arr, json_pack("{s:I, s:o}", "id", (json_int_t)book.lines[i].id,
                                                 "name", dp_json_str(book.lines[i].name)));
        json_object_set_new(doc, "plan_lines", arr);
        arr = json_array();
        for (size_t i = 0; i < book.npayees; i++)
            json_array_append_new(
                arr, json_pack("{s:I, s:o, s:o, s:o, s:b, s:b, s:b, s:b, s:b}", "id",
                               (json_int_t)book.payees[i].id, "name",
                               dp_json_str(book.payees[i].name), "aliases",
                               dp_json_str(book.payees[i].aliases), "plan_line_id",
                               book.payees[i].plan_line_id ? json_integer(book.payees[i].plan_line_id)
                                                           : json_null(),
                               "personal_assistant", (book.payees[i].flags & PAYEE_PA) != 0,
                               "agency", (book.payees[i].flags & PAYEE_AGENCY) != 0, "hmrc",
                               (book.payees[i].flags & PAYEE_HMRC) != 0, "family_same_household",
                               (book.payees[i].flags & PAYEE_FAMILY_SAME_HOUSEHOLD) != 0,
                               "authorised", (book.payees[i].flags & PAYEE_AUTHORISED) != 0));
        json_object_set_new(doc, "payees", arr);
    }
    *out = doc;
    return 0;
}

void api_dp_get(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_row d;
    struct err e = {0};
    json_t *doc = NULL;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = route_dp(req, c, &d, &e)) == 0)
        rc = dp_doc(req, c, &d, &doc, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    json_send(req, 200, doc);
}

/* ---- setting up ---------------------------------------------------------------------------- */

static int set_up(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                  struct err *e)
{
    struct dp_new in;
    const char *payee = NULL, *sort_code = NULL, *account = NULL, *ref = NULL, *layout = NULL;
    int64_t weekly = -1, contribution = 0, contingency = 0, id = 0;
    day_t start = 0;
    bool employs = false;
    struct dp_row d;
    struct json_in_field f[] = {
        {.name = "payee_name", .type = JIN_STRING, .required = true, .out = &payee, .max_len = 60},
        {.name = "sort_code", .type = JIN_STRING, .required = true, .out = &sort_code,
         .max_len = 20},
        {.name = "account_number", .type = JIN_STRING, .required = true, .out = &account,
         .max_len = 20},
        {.name = "reference", .type = JIN_STRING, .required = true, .out = &ref, .max_len = 60},
        {.name = "weekly_amount", .type = JIN_MONEY, .out = &weekly},
        {.name = "weekly_contribution", .type = JIN_MONEY, .out = &contribution},
        {.name = "contingency", .type = JIN_MONEY, .out = &contingency},
        {.name = "start", .type = JIN_DATE, .out = &start},
        {.name = "csv_layout", .type = JIN_STRING, .out = &layout, .max_len = 40},
        {.name = "employs_pas", .type = JIN_BOOL, .out = &employs},
    };
    int rc;
    (void)ctx;
    if ((rc = read_json(req, f, sizeof f / sizeof f[0], e)) != 0)
        return rc;
    memset(&in, 0, sizeof in);
    in.person_id = dp_web_param_id(req, "id");
    in.start = start;
    in.weekly_amount = weekly;
    in.weekly_contribution = contribution;
    in.payee_name = payee;
    in.sort_code = sort_code;
    in.account_number = account;
    in.bacs_reference = ref;
    in.contingency = contingency;
    in.csv_layout = layout;
    in.employs_pas = employs;
    if ((rc = dp_create(c, req->who->council_id, &in, principal_actor(req), dp_web_today(req),
                        req->now, &req->arena, &id, e)) != 0 ||
        (rc = dp_web_audit(req, c, "dp.set-up", "person", in.person_id, NULL, e)) != 0 ||
        (rc = dp_get(c, req->who->council_id, id, dp_web_today(req), &req->arena, &d, e)) != 0 ||
        (rc = dp_doc(req, c, &d, doc, e)) != 0)
        return rc;
    *status = 201;
    return 0;
}

void api_dp_post(struct request *req)
{
    dp_web_change(req, false, set_up, NULL);
}

static int change(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                  struct err *e)
{
    const char *kind = NULL, *reason = "", *what = NULL;
    day_t from = 0, to = 0;
    int64_t weekly = 0, contribution = 0, amount = 0, oneoff = 0;
    bool has_weekly = false, has_contribution = false;
    struct dp_row d;
    struct dp_schedule sch;
    char detail[200];
    struct json_in_field f[] = {
        {.name = "kind", .type = JIN_STRING, .required = true, .out = &kind, .max_len = 20},
        {.name = "from", .type = JIN_DATE, .out = &from},
        {.name = "to", .type = JIN_DATE, .out = &to},
        {.name = "weekly_amount", .type = JIN_MONEY, .out = &weekly, .present = &has_weekly},
        {.name = "weekly_contribution", .type = JIN_MONEY, .out = &contribution,
         .present = &has_contribution},
        {.name = "amount", .type = JIN_MONEY, .out = &amount},
        {.name = "what", .type = JIN_STRING, .out = &what, .max_len = 200},
        {.name = "reason", .type = JIN_STRING, .out = &reason, .max_len = 500},
    };
    int rc;
    (void)ctx;
    if ((rc = read_json(req, f, sizeof f / sizeof f[0], e)) != 0 ||
        (rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    if (!from)
        return err_set_field(e, ERR_INVALID, "from", "Say the date the change takes effect from.");
    if (strcmp(kind, "rate") == 0) {
        if (!has_weekly)
            weekly = d.weekly_amount;
        if (!has_contribution)
            contribution = d.weekly_contribution;
        rc = dp_rate_add(c, req->who->council_id, d.id, from, weekly, contribution, reason,
                         principal_actor(req), req->now, e);
    } else if (strcmp(kind, "suspension") == 0) {
        rc = dp_suspend(c, req->who->council_id, d.id, from, to, reason, principal_actor(req),
                        req->now, e);
    } else if (strcmp(kind, "one-off") == 0) {
        rc = dp_oneoff_add(c, req->who->council_id, d.id, from, amount, what, principal_actor(req),
                           req->now, &oneoff, e);
    } else if (strcmp(kind, "end") == 0) {
        rc = dp_end(c, req->who->council_id, d.id, from, principal_actor(req), req->now, e);
    } else {
        return err_set_field(e, ERR_INVALID, "kind",
                             "kind is rate, suspension, one-off or end.");
    }
    if (rc != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"kind\":\"%s\",\"dp_id\":%lld}", kind, (long long)d.id);
    if ((rc = dp_web_audit(req, c, "dp.change", "person", d.person_id, detail, e)) != 0 ||
        (rc = dp_schedule_for(c, req->who->council_id, d.id, dp_web_today(req),
                              dp_web_today(req) + SCHEDULE_DAYS, &req->arena, &sch, e)) != 0)
        return rc;
    *doc = json_pack("{s:s, s:o, s:o}", "kind", kind, "one_off_id",
                     oneoff ? json_integer(oneoff) : json_null(), "schedule", schedule_json(&sch));
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_changes_post(struct request *req)
{
    dp_web_change(req, true, change, NULL);
}

/* ---- statements and matching --------------------------------------------------------------- */

static json_t *txn_json(const struct dp_txn_row *r)
{
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:o, s:o}", "id", (json_int_t)r->id,
        "date", dp_json_date(r->t.date), "amount", dp_json_money(r->t.amount), "description",
        dp_json_str(r->t.description), "payee", dp_json_str(r->t.payee), "reference",
        dp_json_str(r->t.reference), "balance",
        r->t.has_balance ? dp_json_money(r->t.balance) : json_null(), "cash", r->t.is_cash,
        "reversal", r->t.is_reversal, "matched_by",
        r->manual                          ? "hand"
        : r->method == MATCH_RULE          ? "rule"
        : r->method == MATCH_PAYEE         ? "payee"
        : r->method == MATCH_REFERENCE     ? "reference"
                                           : "none",
        "plan_line_id", r->plan_line_id ? json_integer(r->plan_line_id) : json_null(), "plan_line",
        dp_json_str(r->plan_line));
}

void api_dp_transactions(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_row d;
    struct dp_txn_row *rows = NULL;
    size_t n = 0;
    struct err e = {0};
    const char *from_s = NULL, *to_s = NULL;
    day_t from = 0, to = dp_web_today(req);
    json_t *items;
    int rc;
    if (request_query(req, "from", &from_s, &e) != 0 || request_query(req, "to", &to_s, &e) != 0 ||
        (from_s && date_parse_iso(from_s, strlen(from_s), &from, "from", &e) != 0) ||
        (to_s && date_parse_iso(to_s, strlen(to_s), &to, "to", &e) != 0)) {
        problem_from_err(req, &e);
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = route_dp(req, c, &d, &e)) == 0)
        rc = dp_txns_list(c, req->who->council_id, d.id, from, to, 500, &req->arena, &rows, &n,
                          &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, txn_json(&rows[i]));
    json_send(req, 200, json_pack("{s:o, s:I}", "items", items, "count", (json_int_t)n));
}

static int import(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                  struct err *e)
{
    struct dp_row d;
    struct statement st;
    struct dp_import_result r;
    const char *type = request_media_type(req), *layout_name = NULL;
    char detail[200];
    int rc;
    (void)ctx;
    if ((rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    if (!req->body.len)
        return err_set_field(e, ERR_INVALID, "file", "Send the statement file as the request body.");
    if (strcmp(type, "text/csv") == 0) {
        struct statement_layout layout;
        struct statement_csv_options o = {d.start - 31, dp_web_today(req)};
        if ((rc = request_query(req, "layout", &layout_name, e)) != 0 ||
            (rc = dp_layout_find(c, req->who->council_id, layout_name ? layout_name : d.csv_layout,
                                 &req->arena, &layout, e)) != 0)
            return rc;
        rc = statement_csv_parse(req->body.data, req->body.len, &layout, &o, &req->arena, &st, e);
    } else if (strcmp(type, "application/xml") == 0 || strcmp(type, "text/xml") == 0) {
        struct camt053_options o = {d.start - 31, dp_web_today(req)};
        rc = camt053_parse(req->body.data, req->body.len, &o, &req->arena, &st, e);
    } else {
        return err_set(e, ERR_UNSUPPORTED,
                       "Send a CSV statement as text/csv (with ?layout= naming its layout, or the "
                       "account's own) or a camt.053 statement as application/xml.");
    }
    if (rc != 0) {
        /* Refused whole, with the line and the reason: nothing is stored. */
        if (!e->field[0])
            snprintf(e->field, sizeof e->field, "file");
        return rc == ERR_NOMEM ? rc : ERR_INVALID;
    }
    if ((rc = dp_import(c, req->who->council_id, d.id, &st, principal_actor(req), req->now, &r,
                        e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"dp_id\":%lld,\"import_id\":%lld,\"added\":%zu}",
             (long long)d.id, (long long)r.import_id, r.added);
    if ((rc = dp_web_audit(req, c, "dp.statement.import", "person", d.person_id, detail, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "import_id",
                     (json_int_t)r.import_id, "format", st.format ? st.format : "",
                     "transactions", (json_int_t)st.n, "added", (json_int_t)r.added, "already",
                     (json_int_t)r.already, "matched", (json_int_t)r.matched, "money_in",
                     dp_json_money(r.money_in), "money_out", dp_json_money(r.money_out));
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_statements_post(struct request *req)
{
    dp_web_change(req, true, import, NULL);
}

static int match(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                 struct err *e)
{
    struct dp_row d;
    struct match_proposal p;
    bool has = false;
    int64_t line = 0;
    struct json_in_field f[] = {
        {.name = "plan_line_id", .type = JIN_INT, .required = true, .out = &line, .min = 1,
         .max = INT64_MAX},
    };
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = read_json(req, f, 1, e)) != 0 || (rc = route_dp(req, c, &d, e)) != 0 ||
        (rc = dp_txn_match(c, req->who->council_id, d.id, dp_web_param_id(req, "txn"), line,
                           principal_actor(req), &req->arena, &p, &has, e)) != 0 ||
        (rc = dp_web_audit(req, c, "dp.transaction.match", "person", d.person_id, NULL, e)) != 0)
        return rc;
    *doc = json_pack(
        "{s:b, s:o}", "matched", 1, "proposal",
        has ? json_pack("{s:s, s:s, s:o, s:I, s:o, s:o}", "field",
                        p.rule.field == MATCH_FIELD_PAYEE         ? "payee"
                        : p.rule.field == MATCH_FIELD_DESCRIPTION ? "description"
                        : p.rule.field == MATCH_FIELD_REFERENCE   ? "reference"
                                                                  : "any",
                        "op",
                        p.rule.op == MATCH_EQUALS        ? "equals"
                        : p.rule.op == MATCH_STARTS_WITH ? "starts_with"
                                                         : "contains",
                        "pattern", dp_json_str(p.rule.pattern), "plan_line_id",
                        (json_int_t)p.rule.plan_line_id, "conflicts_with",
                        p.conflicts_with ? json_integer(p.conflicts_with) : json_null(), "why",
                        dp_json_str(p.why))
            : json_null());
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_match_post(struct request *req)
{
    dp_web_change(req, false, match, NULL);
}

static int add_rule(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                    struct err *e)
{
    struct dp_row d;
    struct match_rule r;
    const char *field = NULL, *op = NULL, *pattern = NULL;
    int64_t line = 0, min = 0, max = 0, priority = 0, learned_from = 0, id = 0;
    size_t rematched = 0;
    struct json_in_field f[] = {
        {.name = "field", .type = JIN_STRING, .required = true, .out = &field, .max_len = 20},
        {.name = "op", .type = JIN_STRING, .required = true, .out = &op, .max_len = 20},
        {.name = "pattern", .type = JIN_STRING, .required = true, .out = &pattern, .max_len = 120},
        {.name = "plan_line_id", .type = JIN_INT, .required = true, .out = &line, .min = 1,
         .max = INT64_MAX},
        {.name = "min_amount", .type = JIN_MONEY, .out = &min},
        {.name = "max_amount", .type = JIN_MONEY, .out = &max},
        {.name = "priority", .type = JIN_INT, .out = &priority, .min = -1000, .max = 1000},
        {.name = "learned_from", .type = JIN_INT, .out = &learned_from, .min = 0,
         .max = INT64_MAX},
    };
    int rc;
    (void)ctx;
    if ((rc = read_json(req, f, sizeof f / sizeof f[0], e)) != 0 ||
        (rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    memset(&r, 0, sizeof r);
    r.field = strcmp(field, "payee") == 0         ? MATCH_FIELD_PAYEE
              : strcmp(field, "description") == 0 ? MATCH_FIELD_DESCRIPTION
              : strcmp(field, "reference") == 0   ? MATCH_FIELD_REFERENCE
              : strcmp(field, "any") == 0         ? MATCH_FIELD_ANY
                                                  : (enum match_field)0;
    r.op = strcmp(op, "equals") == 0        ? MATCH_EQUALS
           : strcmp(op, "starts_with") == 0 ? MATCH_STARTS_WITH
           : strcmp(op, "contains") == 0    ? MATCH_CONTAINS
                                            : (enum match_op)0;
    r.pattern = pattern;
    r.plan_line_id = line;
    r.min_amount = min;
    r.max_amount = max;
    r.priority = (int)priority;
    if ((rc = dp_rule_add(c, req->who->council_id, d.id, &r, learned_from, principal_actor(req),
                          req->now, &id, &rematched, e)) != 0 ||
        (rc = dp_web_audit(req, c, "dp.rule.add", "person", d.person_id, NULL, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:I}", "id", (json_int_t)id, "rematched", (json_int_t)rematched);
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_rules_post(struct request *req)
{
    dp_web_change(req, false, add_rule, NULL);
}

static int add_payee(struct request *req, struct store_conn *c, void *ctx, int *status,
                     json_t **doc, struct err *e)
{
    struct dp_row d;
    struct dp_payee_new p;
    const char *name = NULL, *aliases = NULL, *note = NULL;
    int64_t line = 0, id = 0;
    bool pa = false, agency = false, hmrc = false, family = false, authorised = false;
    struct json_in_field f[] = {
        {.name = "name", .type = JIN_STRING, .required = true, .out = &name, .max_len = 120},
        {.name = "aliases", .type = JIN_STRING, .out = &aliases, .max_len = 500},
        {.name = "plan_line_id", .type = JIN_INT, .out = &line, .min = 0, .max = INT64_MAX},
        {.name = "personal_assistant", .type = JIN_BOOL, .out = &pa},
        {.name = "agency", .type = JIN_BOOL, .out = &agency},
        {.name = "hmrc", .type = JIN_BOOL, .out = &hmrc},
        {.name = "family_same_household", .type = JIN_BOOL, .out = &family},
        {.name = "authorised", .type = JIN_BOOL, .out = &authorised},
        {.name = "authorised_note", .type = JIN_STRING, .out = &note, .max_len = 500},
    };
    int rc;
    (void)ctx;
    if ((rc = read_json(req, f, sizeof f / sizeof f[0], e)) != 0 ||
        (rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    if (authorised && family && (!note || strlen(note) < 5))
        return err_set_field(e, ERR_INVALID, "authorised_note",
                             "Record who decided that paying this relative is allowed, and why.");
    memset(&p, 0, sizeof p);
    p.name = name;
    p.aliases = aliases;
    p.plan_line_id = line;
    p.flags = (pa ? PAYEE_PA : 0u) | (agency ? PAYEE_AGENCY : 0u) | (hmrc ? PAYEE_HMRC : 0u) |
              (family ? PAYEE_FAMILY_SAME_HOUSEHOLD : 0u) | (authorised ? PAYEE_AUTHORISED : 0u);
    p.authorised_note = note;
    if ((rc = dp_payee_add(c, req->who->council_id, d.id, &p, principal_actor(req), req->now, &id,
                           e)) != 0 ||
        (rc = dp_web_audit(req, c, "dp.payee.add", "person", d.person_id, NULL, e)) != 0)
        return rc;
    *doc = json_pack("{s:I}", "id", (json_int_t)id);
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_payees_post(struct request *req)
{
    dp_web_change(req, false, add_payee, NULL);
}

/* ---- monitoring ------------------------------------------------------------------------------ */

static json_t *monitor_json(const struct dp_monitor_result *m)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "accounts", (json_int_t)m->accounts, "raised",
                     (json_int_t)m->raised, "repeated", (json_int_t)m->repeated, "recoveries",
                     (json_int_t)m->recoveries);
}

static int monitor(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                   struct err *e)
{
    struct dp_row d;
    struct dp_monitor_result m;
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = route_dp(req, c, &d, e)) != 0 ||
        (rc = dp_monitor_run(c, req->who->council_id, d.id, dp_web_today(req), req->now, &m, e)) !=
            0)
        return rc;
    *doc = monitor_json(&m);
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_monitoring_post(struct request *req)
{
    dp_web_change(req, false, monitor, NULL);
}

static int resolve(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                   struct err *e)
{
    struct dp_row d;
    const char *note = NULL;
    int64_t flag = dp_web_param_id(req, "flag");
    char detail[80];
    struct json_in_field f[] = {
        {.name = "note", .type = JIN_STRING, .required = true, .out = &note, .max_len = 2000},
    };
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = read_json(req, f, 1, e)) != 0 || (rc = route_dp(req, c, &d, e)) != 0 ||
        (rc = dp_flag_resolve(c, req->who->council_id, d.id, flag, note, principal_actor(req),
                              req->now, e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"flag_id\":%lld}", (long long)flag);
    if ((rc = dp_web_audit(req, c, "dp.flag.resolve", "person", d.person_id, detail, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:s}", "id", (json_int_t)flag, "status", "resolved");
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_flag_resolve_post(struct request *req)
{
    dp_web_change(req, false, resolve, NULL);
}

static int decide(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                  struct err *e)
{
    struct dp_row d;
    const char *decision = NULL, *note = NULL, *how = "";
    int64_t amount = 0, rec = dp_web_param_id(req, "recovery");
    day_t told = 0;
    char detail[120];
    struct json_in_field f[] = {
        {.name = "decision", .type = JIN_STRING, .required = true, .out = &decision,
         .max_len = 20},
        {.name = "amount", .type = JIN_MONEY, .out = &amount},
        {.name = "note", .type = JIN_STRING, .required = true, .out = &note, .max_len = 2000},
        {.name = "person_told_on", .type = JIN_DATE, .out = &told},
        {.name = "told_how", .type = JIN_STRING, .out = &how, .max_len = 200},
    };
    bool agree;
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = read_json(req, f, sizeof f / sizeof f[0], e)) != 0 ||
        (rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    if (strcmp(decision, "agree") != 0 && strcmp(decision, "decline") != 0)
        return err_set_field(e, ERR_INVALID, "decision", "decision is agree or decline.");
    agree = decision[0] == 'a';
    if ((rc = dp_recovery_decide(c, req->who->council_id, d.id, rec, agree, amount, note, told, how,
                                 principal_actor(req), dp_web_today(req), req->now, e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"recovery_id\":%lld,\"decision\":\"%s\"}", (long long)rec,
             agree ? "agree" : "decline");
    if ((rc = dp_web_audit(req, c, "dp.recovery.decide", "person", d.person_id, detail, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)rec, "status",
                     agree ? "agreed" : "declined", "amount", dp_json_money(agree ? amount : 0));
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_recovery_decision_post(struct request *req)
{
    dp_web_change(req, true, decide, NULL);
}

/* ---- settling an agreed recovery ------------------------------------------------------------- */

static int settle(struct request *req, struct store_conn *c, void *ctx, int *status, json_t **doc,
                  struct err *e)
{
    bool offset = ctx != NULL;
    struct dp_row d;
    const char *note = "";
    int64_t amount = 0, id = 0, rec = dp_web_param_id(req, "recovery");
    day_t on = 0;
    char detail[120];
    struct json_in_field f[] = {
        {.name = "amount", .type = JIN_MONEY, .required = true, .out = &amount},
        {.name = "note", .type = JIN_STRING, .out = &note, .max_len = 2000},
        {.name = "received_on", .type = JIN_DATE, .required = !offset, .out = &on},
    };
    int rc;
    /* An offset has no day received: the field is not accepted for it. */
    if ((rc = read_json(req, f, offset ? 2 : 3, e)) != 0 || (rc = route_dp(req, c, &d, e)) != 0)
        return rc;
    if (offset)
        rc = dp_recovery_offset(c, req->who->council_id, d.id, rec, amount, note,
                                principal_actor(req), req->now, &id, e);
    else
        rc = dp_recovery_receive(c, req->who->council_id, d.id, rec, amount, on, note,
                                 principal_actor(req), dp_web_today(req), req->now, &id, e);
    if (rc != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"recovery_id\":%lld,\"settlement_id\":%lld}", (long long)rec,
             (long long)id);
    if ((rc = dp_web_audit(req, c, offset ? "dp.recovery.offset" : "dp.recovery.receive",
                           "person", d.person_id, detail, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:I, s:s, s:o, s:s}", "id", (json_int_t)id, "recovery_id",
                     (json_int_t)rec, "kind", offset ? "offset" : "received", "amount",
                     dp_json_money(amount), "status",
                     offset ? "waiting for the next payment" : "posted");
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_dp_recovery_receipts_post(struct request *req)
{
    dp_web_change(req, true, settle, NULL);
}

void api_dp_recovery_offsets_post(struct request *req)
{
    static int offset = 1;
    dp_web_change(req, true, settle, &offset);
}
