/* api_dp_common.c — what the direct payment pages and API share: the four-eyes actor, audit
 * entries, and changes under an Idempotency-Key (see api_dp.h). */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/money.h"
#include "base/str.h"
#include "store/audit.h"
#include "store/dp_store.h"
#include "store/records.h"
#include "store/store.h"
#include "web/api_dp.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/problem.h"

day_t dp_web_today(const struct request *req)
{
    return guard_today(req->now);
}

int64_t dp_web_param_id(const struct request *req, const char *name)
{
    const char *s = request_param(req, name);
    int64_t id = 0;
    if (!s || str_to_i64(s, strlen(s), 1, INT64_MAX, &id) != 0)
        return 0;
    return id;
}

int dp_web_batch_actor(struct request *req, struct store_conn *c, struct batch_actor *out,
                       struct err *e)
{
    struct staff s;
    int rc;
    memset(out, 0, sizeof *out);
    out->council_id = req->who->council_id;
    out->user_id = req->who->staff_id;
    if (!req->who->staff_id)
        return 0;
    if ((rc = staff_get(c, req->who->council_id, req->who->staff_id, &s, e)) != 0)
        return rc;
    if (!s.active)
        return 0;
    if (s.role == ROLE_FINANCE_OFFICER)
        out->roles = BATCH_ROLE_OFFICER;
    else if (s.role == ROLE_FINANCE_APPROVER)
        out->roles = BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER;
    return 0;
}

int dp_web_audit(struct request *req, struct store_conn *c, const char *action,
                 const char *subject_type, int64_t subject_id, const char *detail, struct err *e)
{
    struct audit_new an = {0};
    an.at = req->now;
    an.council_id = req->who->council_id;
    an.actor = principal_actor(req);
    an.actor_role = role_name(req->who->role);
    an.action = action;
    an.subject_type = subject_type;
    an.subject_id = subject_id;
    an.remote_addr = req->remote_addr;
    an.detail = detail;
    return audit_append(c, &an, e);
}

void dp_web_problem(struct request *req, const struct err *e)
{
    if (e->code == ERR_UNSUPPORTED && strstr(e->msg, "JSON"))
        problem_send(req, 415, NULL, "Send JSON", e->msg, NULL);
    else if (e->code == ERR_IO || e->code == ERR_NOMEM || e->code == 0)
        problem_send(req, 503, NULL, "Unavailable", "Try again later. Nothing was changed.", NULL);
    else
        problem_from_err(req, e);
}

json_t *dp_json_money(int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_PLAIN, b, sizeof b);
    return json_string(b);
}

json_t *dp_json_date(day_t d)
{
    char b[DATE_ISO_SIZE];
    if (!d)
        return json_null();
    date_format_iso(d, b);
    return json_string(b);
}

json_t *dp_json_str(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

/* SHA-256 of what makes a request the same request: method, path and the exact body. */
void dp_web_request_hash(const struct request *req, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    const char *m = http_method_name(req->method);
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)m, strlen(m));
    crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)req->raw_path, strlen(req->raw_path));
    crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
    if (req->body.len)
        crypto_hash_sha256_update(&st, (const unsigned char *)req->body.data, req->body.len);
    crypto_hash_sha256_final(&st, h);
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void replay(struct request *req, const struct dp_idem *id)
{
    if (!id->same_request) {
        problem_send(req, 422, "idempotency-key-reused", "This Idempotency-Key was used for "
                                                         "another request",
                     "The same Idempotency-Key was sent before with a different request (another "
                     "address or body). Nothing was done. Use a new key for a new request.",
                     "Idempotency-Key");
        return;
    }
    if (id->status == 102) {
        problem_send(req, 409, "idempotency-key-in-progress", "Still being done",
                     "A request with this Idempotency-Key is still being done. Ask again in a "
                     "moment for its answer.",
                     NULL);
        return;
    }
    response_start(req, id->status, *id->content_type ? id->content_type : NULL);
    if (*id->response && buf_adds(&req->res.body, id->response) != 0) {
        problem_send(req, 500, NULL, "Internal error", "The stored answer is too large.", NULL);
        return;
    }
    (void)response_header(req, "Idempotent-Replayed", "true");
}

void dp_web_change(struct request *req, bool key_required, dp_change_fn fn, void *ctx)
{
    const char *key = request_header(req, "Idempotency-Key");
    const char *actor = principal_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    struct dp_idem id;
    char hash[65];
    json_t *doc = NULL;
    char *text = NULL;
    int status = 200, rc;

    if (key_required && (!key || !*key)) {
        problem_send(req, 428, "idempotency-key-required", "Send an Idempotency-Key",
                     "This request moves money, so it needs an Idempotency-Key header (a new UUID "
                     "for each new request; the same one when you send the same request again).",
                     "Idempotency-Key");
        return;
    }
    dp_web_request_hash(req, hash);
    if ((rc = store_acquire(req->app->store, &c, &e)) != 0 || (rc = store_begin(c, &e)) != 0)
        goto fail;
    if (key) {
        rc = dp_idem_claim(c, req->who->council_id, actor, key, http_method_name(req->method),
                           req->raw_path, hash, req->now, &req->arena, &id, &e);
        if (rc == ERR_CONFLICT) {
            /* Another request with this key committed first (PostgreSQL's unique index made us
             * wait for it): answer what it answered. */
            store_rollback(c);
            err_clear(&e);
            if ((rc = dp_idem_lookup(c, req->who->council_id, actor, key, hash, &req->arena, &id,
                                     &e)) == 0 &&
                id.found) {
                store_release(c);
                replay(req, &id);
                return;
            }
            goto fail;
        }
        if (rc != 0)
            goto fail;
        if (id.found) {
            store_rollback(c);
            store_release(c);
            replay(req, &id);
            return;
        }
    }
    if ((rc = fn(req, c, ctx, &status, &doc, &e)) != 0)
        goto fail;
    text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    if (doc && !text) {
        rc = err_set(&e, ERR_NOMEM, "The answer could not be written.");
        goto fail;
    }
    if (key && (rc = dp_idem_store(c, req->who->council_id, actor, key, status,
                                   text ? "application/json" : "", text ? text : "", &e)) != 0)
        goto fail;
    if ((rc = store_commit(c, &e)) != 0)
        goto fail;
    store_release(c);
    json_decref(doc);
    response_start(req, status, text ? "application/json" : NULL);
    if (text && buf_adds(&req->res.body, text) != 0)
        problem_send(req, 500, NULL, "Internal error", "The answer is too large.", NULL);
    free(text);
    return;
fail:
    if (c) {
        store_rollback(c);
        store_release(c);
    }
    json_decref(doc);
    free(text);
    dp_web_problem(req, &e);
}

static const char *pounds(struct request *req, int64_t p)
{
    char b[MONEY_FMT_SIZE];
    money_format(p, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(&req->arena, b);
}

static const char *day_words(struct request *req, day_t d)
{
    char b[40];
    date_format_long(d, b, sizeof b);
    return arena_strdup(&req->arena, b);
}

const char **dp_web_plain_words(struct request *req, const struct dp_row *d,
                                const struct dp_money *m, size_t *n)
{
    const char **w = arena_array(&req->arena, 10, sizeof *w);
    struct arena *a = &req->arena;
    *n = 0;
    if (!w)
        return NULL;
    if (m->ledger.paid_by_council > 0)
        w[(*n)++] = arena_printf(a, "Since %s, the council has paid %s into your account%s.",
                                 day_words(req, d->start), pounds(req, m->ledger.paid_by_council),
                                 m->ledger.in_transit > 0
                                     ? arena_printf(a, " (%s of it is on its way to you)",
                                                    pounds(req, m->ledger.in_transit))
                                     : "");
    else
        w[(*n)++] = arena_printf(a, "The council has not paid anything into your account yet.");
    if (m->ledger.own_money_in > 0)
        w[(*n)++] = arena_printf(a, "You have paid in %s of your own money (your contribution).",
                                 pounds(req, m->ledger.own_money_in));
    w[(*n)++] = arena_printf(a, "You have spent %s on your support.", pounds(req, m->ledger.spent));
    w[(*n)++] = arena_printf(
        a, "There is %s in the account%s.", pounds(req, m->ledger.held),
        m->has_statement
            ? arena_printf(a, ", going by your statements up to %s", day_words(req, m->statement_date))
            : "");
    if (m->next_due && m->committed > 0)
        w[(*n)++] = arena_printf(a,
                                 "%s of that is already spoken for: your support until your next "
                                 "payment of %s on %s.",
                                 pounds(req, m->committed), pounds(req, m->next_amount),
                                 day_words(req, m->next_due));
    if (m->left >= 0)
        w[(*n)++] = arena_printf(a, "That leaves %s.", pounds(req, m->left));
    else
        w[(*n)++] = arena_printf(a,
                                 "That is %s less than your support until the next payment will "
                                 "cost. If you are worried about paying for it, talk to us.",
                                 pounds(req, -m->left));
    if (m->ledger.owed_back > 0)
        w[(*n)++] = arena_printf(
            a, "You have agreed to pay back %s to the council%s.", pounds(req, m->ledger.owed_back),
            m->recovered.waiting > 0
                ? arena_printf(a,
                               ". %s of it will be kept back from your next payment, so you do "
                               "not need to pay that part yourself",
                               pounds(req, m->recovered.waiting))
                : "");
    if (m->recovered.received + m->recovered.kept_back > 0)
        w[(*n)++] = arena_printf(a, "You have paid back %s so far%s.",
                                 pounds(req, m->recovered.received + m->recovered.kept_back),
                                 m->recovered.kept_back > 0
                                     ? arena_printf(a, " (%s of it kept back from your payments)",
                                                    pounds(req, m->recovered.kept_back))
                                     : "");
    if (m->ledger.contribution_owed > 0)
        w[(*n)++] = arena_printf(a, "Your contribution of %s is still to pay.",
                                 pounds(req, m->ledger.contribution_owed));
    for (size_t i = 0; i < *n; i++)
        if (!w[i])
            w[i] = "";
    return w;
}
