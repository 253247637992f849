/* api_finance.c — finance's API (see api_dp.h): payment batches under the four-eyes rule and their
 * BACS files, the worklist of direct payments needing attention, the council's monitoring run,
 * payment and monitoring settings, and the council's own statement layouts. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/money.h"
#include "base/str.h"
#include "store/dp_store.h"
#include "store/ledger_store.h"
#include "store/store.h"
#include "web/api_dp.h"
#include "web/app.h"
#include "web/json_in.h"
#include "web/people.h"
#include "web/problem.h"

static json_t *batch_json(const struct batch *b)
{
    unsigned char h[BATCH_HASH_SIZE];
    char now_hex[2 * BATCH_HASH_SIZE + 1], approved_hex[2 * BATCH_HASH_SIZE + 1];
    bool approved = b->state == BATCH_APPROVED || b->state == BATCH_RELEASED;
    json_t *lines = json_array(), *doc;
    batch_hash(b, h);
    batch_hash_hex(h, now_hex);
    batch_hash_hex(b->approved_hash, approved_hex);
    for (size_t i = 0; i < b->nlines; i++) {
        const struct batch_line *l = &b->lines[i];
        json_array_append_new(
            lines, json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "line", (json_int_t)i + 1,
                             "dp_id", (json_int_t)l->dp_id, "payee_name",
                             dp_json_str(l->payee_name), "sort_code", dp_json_str(l->sort_code),
                             "account_ending",
                             dp_json_str(strlen(l->account) > 4 ? l->account + 4 : l->account),
                             "reference", dp_json_str(l->reference), "amount",
                             dp_json_money(l->amount), "remittance", dp_json_str(l->remittance)));
    }
    doc = json_pack("{s:I, s:s, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:o, s:I}", "id",
                    (json_int_t)b->id, "state", batch_state_name(b->state), "pay_date",
                    dp_json_date(b->pay_date), "total", dp_json_money(batch_total(b)), "count",
                    (json_int_t)b->nlines, "created_by", json_integer(b->created_by),
                    "submitted_by", b->submitted_by ? json_integer(b->submitted_by) : json_null(),
                    "approved_by", b->approved_by ? json_integer(b->approved_by) : json_null(),
                    "released_by", b->released_by ? json_integer(b->released_by) : json_null(),
                    "content_hash", now_hex, "approved_hash",
                    approved ? json_string(approved_hex) : json_null(), "approval_valid",
                    batch_approval_valid(b), "note", dp_json_str(b->note), "version",
                    (json_int_t)b->version);
    if (doc)
        json_object_set_new(doc, "lines", lines);
    else
        json_decref(lines);
    return doc;
}

static int batch_doc(struct request *req, struct store_conn *c, int64_t id, json_t **doc,
                     struct err *e)
{
    struct batch b;
    int rc = payment_batch_load(c, req->who->council_id, id, &b, e);
    if (rc == 0) {
        *doc = batch_json(&b);
        if (!*doc)
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
    }
    batch_release(&b);
    return rc;
}

/* ---- the worklist -------------------------------------------------------------------------- */

void api_finance_worklist(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_flag_row *items = NULL;
    size_t n = 0;
    struct err e = {0};
    json_t *arr;
    int64_t worker = 0, team = 0;
    int rc;
    /* Finance sees the council; a worker their own people; a manager their team's. */
    if (req->who->role == USER_SOCIAL_WORKER)
        worker = req->who->staff_id ? req->who->staff_id : -1;
    else if (req->who->role == USER_TEAM_MANAGER)
        team = req->who->team_id ? req->who->team_id : -1;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_worklist(c, req->who->council_id, worker, team, 200, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                           (json_int_t)items[i].id, "dp_id", (json_int_t)items[i].dp_id,
                           "person_id", (json_int_t)items[i].person_id, "person",
                           dp_json_str(items[i].person_name), "reference",
                           dp_json_str(items[i].person_ref), "rule",
                           monitor_rule_name(items[i].rule), "severity",
                           monitor_severity_name(items[i].severity), "amount",
                           dp_json_money(items[i].amount), "about", dp_json_date(items[i].about),
                           "raised_on", dp_json_date(items[i].raised_on), "reason",
                           dp_json_str(items[i].reason), "next_step",
                           dp_json_str(items[i].next_step)));
    json_send(req, 200, json_pack("{s:o, s:I}", "items", arr, "count", (json_int_t)n));
}

/* ---- batches ------------------------------------------------------------------------------- */

void api_finance_batches(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_batch_summary *items = NULL;
    size_t n = 0;
    struct err e = {0};
    json_t *arr;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_batch_list(c, req->who->council_id, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:I, s:o}", "id",
                                             (json_int_t)items[i].id, "state",
                                             batch_state_name(items[i].state), "pay_date",
                                             dp_json_date(items[i].pay_date), "count",
                                             (json_int_t)items[i].nlines, "total",
                                             dp_json_money(items[i].total)));
    json_send(req, 200, json_pack("{s:o}", "items", arr));
}

static int create_batch(struct request *req, struct store_conn *c, void *ctx, int *status,
                        json_t **doc, struct err *e)
{
    struct batch_actor by;
    struct batch b;
    day_t pay = 0;
    char detail[80];
    struct json_in_field f[] = {
        {.name = "pay_date", .type = JIN_DATE, .required = true, .out = &pay},
    };
    int rc;
    (void)ctx;
    if ((rc = json_in_request(req, f, 1, e)) != 0 ||
        (rc = dp_web_batch_actor(req, c, &by, e)) != 0)
        return rc;
    if (pay < dp_web_today(req))
        return err_set_field(e, ERR_INVALID, "pay_date",
                             "The pay date is the day the money arrives: today or later.");
    if ((rc = payment_batch_create(c, req->who->council_id, pay, &by, req->now, &b, e)) != 0)
        return rc;
    *doc = batch_json(&b);
    snprintf(detail, sizeof detail, "{\"pay_date\":%d}", (int)pay);
    rc = dp_web_audit(req, c, "payment-batch.create", "payment_batch", b.id, detail, e);
    batch_release(&b);
    *status = 201;
    if (rc == 0 && !*doc)
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
    return rc;
}

void api_finance_batches_post(struct request *req)
{
    dp_web_change(req, false, create_batch, NULL);
}

void api_finance_batch(struct request *req)
{
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *doc = NULL;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = batch_doc(req, c, dp_web_param_id(req, "batch"), &doc, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    json_send(req, 200, doc);
}

static int add_lines(struct request *req, struct store_conn *c, void *ctx, int *status,
                     json_t **doc, struct err *e)
{
    struct batch_actor by;
    int64_t dp = 0, id = dp_web_param_id(req, "batch");
    size_t added = 0;
    char detail[80];
    struct json_in_field f[] = {
        {.name = "dp_id", .type = JIN_INT, .out = &dp, .min = 1, .max = INT64_MAX},
    };
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = json_in_request(req, f, 1, e)) != 0 ||
        (rc = dp_web_batch_actor(req, c, &by, e)) != 0 ||
        (rc = dp_batch_add_due(c, req->who->council_id, id, &by, dp, dp_web_today(req), req->now,
                               &added, e)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"added\":%zu}", added);
    if ((rc = dp_web_audit(req, c, "payment-batch.add", "payment_batch", id, detail, e)) != 0 ||
        (rc = batch_doc(req, c, id, doc, e)) != 0)
        return rc;
    json_object_set_new(*doc, "added", json_integer((json_int_t)added));
    return 0;
}

void api_finance_batch_lines_post(struct request *req)
{
    dp_web_change(req, false, add_lines, NULL);
}

static int remove_line(struct request *req, struct store_conn *c, void *ctx, int *status,
                       json_t **doc, struct err *e)
{
    struct batch_actor by;
    int64_t id = dp_web_param_id(req, "batch"), line = dp_web_param_id(req, "line");
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = dp_web_batch_actor(req, c, &by, e)) != 0 ||
        (rc = dp_batch_remove_line(c, req->who->council_id, id, (size_t)line, &by, e)) != 0 ||
        (rc = dp_web_audit(req, c, "payment-batch.remove", "payment_batch", id, NULL, e)) != 0)
        return rc;
    return batch_doc(req, c, id, doc, e);
}

void api_finance_batch_line_delete(struct request *req)
{
    dp_web_change(req, false, remove_line, NULL);
}

/* The last segment of the path names the transition. */
static const char *action_of(const struct request *req)
{
    const char *slash = strrchr(req->path, '/');
    return slash ? slash + 1 : "";
}

static int transition(struct request *req, struct store_conn *c, void *ctx, int *status,
                      json_t **doc, struct err *e)
{
    const char *action = action_of(req), *hash = NULL, *reason = NULL;
    int64_t id = dp_web_param_id(req, "batch");
    day_t date = 0;
    struct batch_actor by;
    struct batch b;
    char audit_action[48];
    struct json_in_field f[] = {
        {.name = "hash", .type = JIN_STRING, .out = &hash, .max_len = 64},
        {.name = "reason", .type = JIN_STRING, .out = &reason, .max_len = 190},
        {.name = "date", .type = JIN_DATE, .out = &date},
    };
    int rc;
    (void)ctx;
    (void)status;
    /* An empty body is allowed for the transitions that need nothing. */
    if (req->body.len && (rc = json_in_request(req, f, 3, e)) != 0)
        return rc;
    if ((rc = dp_web_batch_actor(req, c, &by, e)) != 0)
        return rc;
    if (strcmp(action, "release") == 0) {
        if ((rc = dp_batch_release(c, req->who->council_id, id, &by,
                                   date ? date : dp_web_today(req), req->now, e)) != 0)
            return rc;
    } else {
        if ((rc = payment_batch_load(c, req->who->council_id, id, &b, e)) != 0) {
            batch_release(&b);
            return rc;
        }
        if (strcmp(action, "submit") == 0) {
            rc = batch_submit(&b, &by, req->now, e);
        } else if (strcmp(action, "approve") == 0) {
            /* The approval is bound to exactly what the approver reviewed. */
            unsigned char h[BATCH_HASH_SIZE];
            char hex[2 * BATCH_HASH_SIZE + 1];
            batch_hash(&b, h);
            batch_hash_hex(h, hex);
            if (!hash || !*hash)
                rc = err_set_field(e, ERR_INVALID, "hash",
                                   "Send the content_hash of the batch you reviewed: the approval "
                                   "is bound to exactly those contents.");
            else if (strcmp(hash, hex) != 0)
                rc = err_set_field(e, ERR_CONFLICT, "hash",
                                   "The batch is not what you reviewed: its contents have "
                                   "changed. Look at it again before approving.");
            else
                rc = batch_approve(&b, &by, req->now, e);
        } else if (strcmp(action, "return") == 0) {
            rc = batch_return(&b, &by, reason ? reason : "", req->now, e);
        } else if (strcmp(action, "cancel") == 0) {
            rc = batch_cancel(&b, &by, reason ? reason : "", req->now, e);
        } else {
            rc = err_set(e, ERR_NOT_FOUND, "There is no such action on a batch.");
        }
        if (rc == 0)
            rc = payment_batch_save(c, &b, e);
        batch_release(&b);
        if (rc != 0)
            return rc;
    }
    snprintf(audit_action, sizeof audit_action, "payment-batch.%s", action);
    if ((rc = dp_web_audit(req, c, audit_action, "payment_batch", id, NULL, e)) != 0)
        return rc;
    return batch_doc(req, c, id, doc, e);
}

void api_finance_batch_action_post(struct request *req)
{
    /* Release moves money: it needs an Idempotency-Key. */
    dp_web_change(req, strcmp(action_of(req), "release") == 0, transition, NULL);
}

void api_finance_batch_bacs(struct request *req)
{
    struct store_conn *c = NULL;
    struct err e = {0};
    struct buf out;
    int64_t id = dp_web_param_id(req, "batch");
    int rc;
    buf_init(&out, RESPONSE_BODY_CAP);
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_batch_bacs(c, req->who->council_id, id, dp_web_today(req), &out, &e);
    store_release(c);
    if (rc != 0) {
        buf_release(&out);
        dp_web_problem(req, &e);
        return;
    }
    response_start(req, 200, "text/plain; charset=us-ascii");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena, "attachment; filename=\"batch-%lld.bacs\"",
                                       (long long)id));
    if (buf_add(&req->res.body, out.data, out.len) != 0)
        problem_send(req, 500, NULL, "Internal error", "The file is too large.", NULL);
    buf_release(&out);
}

/* ---- monitoring, settings, layouts ----------------------------------------------------------- */

static int run_monitoring(struct request *req, struct store_conn *c, void *ctx, int *status,
                          json_t **doc, struct err *e)
{
    struct dp_monitor_result m;
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = dp_monitor_run(c, req->who->council_id, 0, dp_web_today(req), req->now, &m, e)) != 0)
        return rc;
    *doc = json_pack("{s:I, s:I, s:I, s:I}", "accounts", (json_int_t)m.accounts, "raised",
                     (json_int_t)m.raised, "repeated", (json_int_t)m.repeated, "recoveries",
                     (json_int_t)m.recoveries);
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_finance_monitoring_post(struct request *req)
{
    dp_web_change(req, false, run_monitoring, NULL);
}

static json_t *settings_json(const struct dp_settings *s)
{
    return json_pack(
        "{s:s, s:s, s:o, s:i, s:{s:s, s:s, s:s, s:s}, s:{s:b, s:i, s:b, s:b, s:o, s:b, s:o, s:b, "
        "s:b, s:b, s:i, s:i}, s:b, s:I}",
        "frequency", dp_frequency_name(s->sched.frequency), "basis", dp_basis_name(s->sched.basis),
        "cycle_anchor", dp_json_date(s->sched.cycle_anchor), "month_day", s->sched.month_day,
        "bacs", "sun", s->bacs_sun, "sort_code", s->bacs_sort_code, "account", s->bacs_account,
        "name", s->bacs_name, "monitoring", "surplus_on", s->mon.surplus_on, "surplus_weeks",
        s->mon.surplus_weeks, "cash_on", s->mon.cash_on, "cash_allowed", s->mon.cash_allowed,
        "cash_daily_limit", dp_json_money(s->mon.cash_daily_limit), "unknown_payee_on",
        s->mon.unknown_payee_on, "unknown_payee_min", dp_json_money(s->mon.unknown_payee_min),
        "family_on", s->mon.family_on, "hmrc_on", s->mon.hmrc_on, "no_spend_on",
        s->mon.no_spend_on, "no_spend_weeks", s->mon.no_spend_weeks, "monitor_weeks",
        s->monitor_weeks, "stored", s->stored, "version", (json_int_t)s->version);
}

void api_finance_settings(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_settings s;
    struct err e = {0};
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_settings_get(c, req->who->council_id, &s, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    json_send(req, 200, settings_json(&s));
}

static int put_settings(struct request *req, struct store_conn *c, void *ctx, int *status,
                        json_t **doc, struct err *e)
{
    struct dp_settings s;
    const char *freq = NULL, *basis = NULL, *sun = NULL, *sc = NULL, *acct = NULL, *name = NULL;
    int64_t version = 0, month_day = 0, surplus_weeks = 0, no_spend_weeks = 0, monitor_weeks = 0;
    bool has_md = false, has_sw = false, has_nw = false, has_mw = false;
    bool surplus_on, cash_on, cash_allowed, unknown_on, family_on, hmrc_on, no_spend_on;
    int64_t cash_limit, unknown_min;
    day_t anchor = 0;
    int rc;
    (void)ctx;
    (void)status;
    if ((rc = dp_settings_get(c, req->who->council_id, &s, e)) != 0)
        return rc;
    surplus_on = s.mon.surplus_on;
    cash_on = s.mon.cash_on;
    cash_allowed = s.mon.cash_allowed;
    unknown_on = s.mon.unknown_payee_on;
    family_on = s.mon.family_on;
    hmrc_on = s.mon.hmrc_on;
    no_spend_on = s.mon.no_spend_on;
    cash_limit = s.mon.cash_daily_limit;
    unknown_min = s.mon.unknown_payee_min;
    {
        struct json_in_field f[] = {
            {.name = "version", .type = JIN_INT, .required = true, .out = &version, .min = 0,
             .max = INT64_MAX},
            {.name = "frequency", .type = JIN_STRING, .out = &freq, .max_len = 20},
            {.name = "basis", .type = JIN_STRING, .out = &basis, .max_len = 10},
            {.name = "cycle_anchor", .type = JIN_DATE, .out = &anchor},
            {.name = "month_day", .type = JIN_INT, .out = &month_day, .present = &has_md, .min = 1,
             .max = 28},
            {.name = "bacs_sun", .type = JIN_STRING, .out = &sun, .max_len = 6},
            {.name = "bacs_sort_code", .type = JIN_STRING, .out = &sc, .max_len = 20},
            {.name = "bacs_account", .type = JIN_STRING, .out = &acct, .max_len = 20},
            {.name = "bacs_name", .type = JIN_STRING, .out = &name, .max_len = 18},
            {.name = "surplus_on", .type = JIN_BOOL, .out = &surplus_on},
            {.name = "surplus_weeks", .type = JIN_INT, .out = &surplus_weeks, .present = &has_sw,
             .min = 1, .max = 52},
            {.name = "cash_on", .type = JIN_BOOL, .out = &cash_on},
            {.name = "cash_allowed", .type = JIN_BOOL, .out = &cash_allowed},
            {.name = "cash_daily_limit", .type = JIN_MONEY, .out = &cash_limit},
            {.name = "unknown_payee_on", .type = JIN_BOOL, .out = &unknown_on},
            {.name = "unknown_payee_min", .type = JIN_MONEY, .out = &unknown_min},
            {.name = "family_on", .type = JIN_BOOL, .out = &family_on},
            {.name = "hmrc_on", .type = JIN_BOOL, .out = &hmrc_on},
            {.name = "no_spend_on", .type = JIN_BOOL, .out = &no_spend_on},
            {.name = "no_spend_weeks", .type = JIN_INT, .out = &no_spend_weeks, .present = &has_nw,
             .min = 1, .max = 52},
            {.name = "monitor_weeks", .type = JIN_INT, .out = &monitor_weeks, .present = &has_mw,
             .min = 1, .max = 104},
        };
        if ((rc = json_in_request(req, f, sizeof f / sizeof f[0], e)) != 0)
            return rc;
    }
    if (version != s.version)
        return err_set_field(e, ERR_CONFLICT, "version",
                             "The settings were changed since you read them (version %lld now); "
                             "read them again.",
                             (long long)s.version);
    if (freq && dp_frequency_parse(freq, &s.sched.frequency) != 0)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "frequency is weekly, four-weekly or monthly.");
    if (basis && dp_basis_parse(basis, &s.sched.basis) != 0)
        return err_set_field(e, ERR_INVALID, "basis", "basis is net or gross.");
    if (anchor)
        s.sched.cycle_anchor = anchor;
    if (has_md)
        s.sched.month_day = (int)month_day;
    if (sun)
        snprintf(s.bacs_sun, sizeof s.bacs_sun, "%s", sun);
    if (sc && str_copy(s.bacs_sort_code, sizeof s.bacs_sort_code, sc) != 0)
        return err_set_field(e, ERR_INVALID, "bacs_sort_code",
                             "Give the sort code as 6 digits, like 401122.");
    if (acct && str_copy(s.bacs_account, sizeof s.bacs_account, acct) != 0)
        return err_set_field(e, ERR_INVALID, "bacs_account",
                             "Give the account number as 8 digits.");
    if (name)
        snprintf(s.bacs_name, sizeof s.bacs_name, "%s", name);
    s.mon.surplus_on = surplus_on;
    if (has_sw)
        s.mon.surplus_weeks = (int)surplus_weeks;
    s.mon.cash_on = cash_on;
    s.mon.cash_allowed = cash_allowed;
    s.mon.cash_daily_limit = cash_limit;
    s.mon.unknown_payee_on = unknown_on;
    s.mon.unknown_payee_min = unknown_min;
    s.mon.family_on = family_on;
    s.mon.hmrc_on = hmrc_on;
    s.mon.no_spend_on = no_spend_on;
    if (has_nw)
        s.mon.no_spend_weeks = (int)no_spend_weeks;
    if (has_mw)
        s.monitor_weeks = (int)monitor_weeks;
    if ((rc = dp_settings_put(c, req->who->council_id, &s, principal_actor(req), req->now, e)) !=
            0 ||
        (rc = dp_web_audit(req, c, "dp.settings", "council", req->who->council_id, NULL, e)) != 0)
        return rc;
    *doc = settings_json(&s);
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_finance_settings_put(struct request *req)
{
    dp_web_change(req, false, put_settings, NULL);
}

static json_t *col_json(const struct statement_layout *l, const struct statement_col *c)
{
    if (l->has_header)
        return c->header ? json_string(c->header) : json_null();
    return c->index > 0 ? json_integer(c->index) : json_null();
}

static json_t *layout_json(const struct statement_layout *l, bool builtin)
{
    char delim[4];
    if (l->delimiter == '\t')
        snprintf(delim, sizeof delim, "tab");
    else
        snprintf(delim, sizeof delim, "%c", l->delimiter);
    return json_pack(
        "{s:o, s:o, s:b, s:s, s:b, s:s, s:s, s:b, s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o}}",
        "name", dp_json_str(l->name), "label", dp_json_str(l->label), "built_in", builtin,
        "delimiter", delim, "has_header", l->has_header, "date_format",
        l->date_format == STATEMENT_DATE_ISO ? "iso" : "dmy", "amount_style",
        l->amount_style == STATEMENT_AMOUNT_SIGNED  ? "signed"
        : l->amount_style == STATEMENT_AMOUNT_SPLIT ? "split"
                                                    : "out_positive",
        "check_balances", l->check_balances, "columns", "date", col_json(l, &l->date),
        "description", col_json(l, &l->description), "amount", col_json(l, &l->amount), "paid_in",
        col_json(l, &l->paid_in), "paid_out", col_json(l, &l->paid_out), "balance",
        col_json(l, &l->balance), "reference", col_json(l, &l->reference), "payee",
        col_json(l, &l->payee), "type", col_json(l, &l->type), "id", col_json(l, &l->id),
        "currency", col_json(l, &l->currency));
}

void api_finance_layouts(struct request *req)
{
    struct store_conn *c = NULL;
    struct statement_layout *own = NULL;
    const struct statement_layout *builtin;
    size_t n = 0, nb = 0;
    struct err e = {0};
    json_t *arr;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = dp_layout_list(c, req->who->council_id, &req->arena, &own, &n, &e);
    store_release(c);
    if (rc != 0) {
        dp_web_problem(req, &e);
        return;
    }
    arr = json_array();
    builtin = statement_csv_layouts(&nb);
    for (size_t i = 0; i < nb; i++)
        json_array_append_new(arr, layout_json(&builtin[i], true));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, layout_json(&own[i], false));
    json_send(req, 200, json_pack("{s:o}", "items", arr));
}

static int add_layout(struct request *req, struct store_conn *c, void *ctx, int *status,
                      json_t **doc, struct err *e)
{
    struct statement_layout l;
    const char *name = NULL, *label = NULL, *delim = ",", *df = "dmy", *as = "signed";
    const char *cols[11] = {0};
    static const char *const col_names[11] = {"date",     "description", "amount", "paid_in",
                                              "paid_out", "balance",     "reference", "payee",
                                              "type",     "id",          "currency"};
    bool header = true, check = false;
    int64_t preamble = 0;
    struct json_in_field f[19] = {
        {.name = "name", .type = JIN_STRING, .required = true, .out = &name, .max_len = 40},
        {.name = "label", .type = JIN_STRING, .required = true, .out = &label, .max_len = 200},
        {.name = "delimiter", .type = JIN_STRING, .out = &delim, .max_len = 3},
        {.name = "has_header", .type = JIN_BOOL, .out = &header},
        {.name = "max_preamble_rows", .type = JIN_INT, .out = &preamble, .min = 0, .max = 20},
        {.name = "date_format", .type = JIN_STRING, .out = &df, .max_len = 3},
        {.name = "amount_style", .type = JIN_STRING, .out = &as, .max_len = 12},
        {.name = "check_balances", .type = JIN_BOOL, .out = &check},
    };
    struct statement_col *targets[11];
    int rc;
    (void)ctx;
    for (int k = 0; k < 11; k++)
        f[8 + k] = (struct json_in_field){.name = col_names[k], .type = JIN_STRING,
                                          .out = &cols[k], .max_len = 60};
    if ((rc = json_in_request(req, f, 19, e)) != 0)
        return rc;
    memset(&l, 0, sizeof l);
    targets[0] = &l.date;
    targets[1] = &l.description;
    targets[2] = &l.amount;
    targets[3] = &l.paid_in;
    targets[4] = &l.paid_out;
    targets[5] = &l.balance;
    targets[6] = &l.reference;
    targets[7] = &l.payee;
    targets[8] = &l.type;
    targets[9] = &l.id;
    targets[10] = &l.currency;
    l.name = name;
    l.label = label;
    l.delimiter = strcmp(delim, "tab") == 0 ? '\t' : delim[0];
    l.has_header = header;
    l.max_preamble_rows = (int)preamble;
    l.date_format = strcmp(df, "iso") == 0 ? STATEMENT_DATE_ISO : STATEMENT_DATE_DMY;
    l.amount_style = strcmp(as, "split") == 0          ? STATEMENT_AMOUNT_SPLIT
                     : strcmp(as, "out_positive") == 0 ? STATEMENT_AMOUNT_OUT_POSITIVE
                                                       : STATEMENT_AMOUNT_SIGNED;
    l.check_balances = check;
    for (int k = 0; k < 11; k++) {
        if (!cols[k] || !*cols[k])
            continue;
        if (header) {
            targets[k]->header = cols[k];
        } else {
            int64_t pos = 0;
            if (str_to_i64(cols[k], strlen(cols[k]), 1, 200, &pos) != 0)
                return err_set_field(e, ERR_INVALID, col_names[k],
                                     "Without a header row, columns are named by position "
                                     "(1, 2, 3 ...).");
            targets[k]->index = (int)pos;
        }
    }
    if ((rc = dp_layout_put(c, req->who->council_id, &l, principal_actor(req), req->now, e)) != 0 ||
        (rc = dp_web_audit(req, c, "dp.layout.add", "council", req->who->council_id, NULL, e)) != 0)
        return rc;
    *doc = layout_json(&l, false);
    *status = 201;
    return *doc ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

void api_finance_layouts_post(struct request *req)
{
    dp_web_change(req, false, add_layout, NULL);
}
