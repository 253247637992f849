/* dp_idem.c — idempotency keys for the calls that move money (migration 0054); see dp_store.h. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/dp_store.h"
#include "store/dp_util.h"

static int lookup(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                  const char *request_hash, struct arena *a, struct dp_idem *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c, "SELECT request_hash, status, content_type, response FROM "
                               "idempotency_keys WHERE council_id = ? AND actor = ? AND idem_key = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, actor);
    store_bind_text(s, 3, key);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        const char *h = store_col_text(s, 0);
        out->found = true;
        out->same_request = h && strcmp(h, request_hash) == 0;
        out->status = (int)store_col_i64(s, 1);
        out->content_type = dp_col_text(a, s, 2);
        out->response = dp_col_text(a, s, 3);
        if (!out->content_type || !out->response)
            rc = dp_nomem(e);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int check_key(const char *key, struct err *e)
{
    size_t n = key ? strlen(key) : 0;
    if (n < 1 || n > 200)
        return err_set_field(e, ERR_INVALID, "Idempotency-Key",
                             "An Idempotency-Key is 1 to 200 characters (a UUID is usual).");
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            return err_set_field(e, ERR_INVALID, "Idempotency-Key",
                                 "An Idempotency-Key uses printable ASCII characters without "
                                 "spaces.");
    return 0;
}

int dp_idem_claim(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                  const char *method, const char *path, const char *request_hash, int64_t now,
                  struct arena *a, struct dp_idem *out, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    if ((rc = check_key(key, e)) != 0)
        return rc;
    if (!store_in_transaction(c))
        return err_set(e, ERR_INVALID, "An idempotency key is claimed inside the request's "
                                       "transaction.");
    if ((rc = lookup(c, council_id, actor, key, request_hash, a, out, e)) != 0 || out->found)
        return rc;
    store_time_format(now, stamp);
    /* 102 (processing) until dp_idem_store writes the answer, before the same commit. */
    if ((rc = store_prepare(c, "INSERT INTO idempotency_keys (council_id, actor, idem_key, method, "
                               "path, request_hash, status, created_at) VALUES (?, ?, ?, ?, ?, ?, "
                               "102, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, actor);
    store_bind_text(s, 3, key);
    store_bind_text(s, 4, method);
    store_bind_text(s, 5, path);
    store_bind_text(s, 6, request_hash);
    store_bind_text(s, 7, stamp);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_idem_store(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                  int status, const char *content_type, const char *response, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "UPDATE idempotency_keys SET status = ?, content_type = ?, response "
                               "= ? WHERE council_id = ? AND actor = ? AND idem_key = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, status);
    store_bind_text(s, 2, content_type ? content_type : "");
    store_bind_text(s, 3, response ? response : "");
    store_bind_i64(s, 4, council_id);
    store_bind_text(s, 5, actor);
    store_bind_text(s, 6, key);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) != 1)
        rc = err_set(e, ERR_IO, "The idempotency key was not claimed first.");
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_idem_lookup(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                   const char *request_hash, struct arena *a, struct dp_idem *out, struct err *e)
{
    int rc = check_key(key, e);
    return rc ? rc : lookup(c, council_id, actor, key, request_hash, a, out, e);
}
