/* session_store.c — server-side sessions (table web_sessions; see web_store.h and
 * src/web/session.h). Only token hashes are stored. */
#include <string.h>

#include "base/err.h"
#include "store/store.h"
#include "store/web_store.h"

int web_session_create(struct store_conn *c, const char *hash, const struct web_login *who,
                       const char *csrf, const char *remote_addr, int64_t now, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           "INSERT INTO web_sessions (token_hash, council_id, staff_id, "
                           "account_id, csrf_token, created_unix, last_seen_unix, remote_addr) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, hash);
    store_bind_i64(s, 2, who->council_id);
    store_bind_id_or_null(s, 3, who->kind == LOGIN_STAFF ? who->id : 0);
    store_bind_id_or_null(s, 4, who->kind == LOGIN_ACCOUNT ? who->id : 0);
    store_bind_text(s, 5, csrf);
    store_bind_i64(s, 6, now);
    store_bind_i64(s, 7, now);
    store_bind_text(s, 8, remote_addr ? remote_addr : "");
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_session_load(struct store_conn *c, const char *hash, struct web_session_row *out,
                     struct err *e)
{
    struct store_stmt *s = NULL;
    int64_t council_id, staff_id, account_id;
    int rc = store_prepare(c,
                           "SELECT created_unix, last_seen_unix, csrf_token, council_id, "
                           "staff_id, account_id FROM web_sessions WHERE token_hash = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, hash);
    rc = store_step(s, e);
    if (rc != STORE_ROW) {
        store_finish(s);
        return rc == STORE_DONE ? ERR_NOT_FOUND : rc;
    }
    memset(out, 0, sizeof *out);
    out->created = store_col_i64(s, 0);
    out->last_seen = store_col_i64(s, 1);
    (void)store_col_copy(s, 2, out->csrf_token, sizeof out->csrf_token);
    council_id = store_col_i64(s, 3);
    staff_id = store_col_i64(s, 4);
    account_id = store_col_i64(s, 5);
    store_finish(s);
    return web_login_get(c, staff_id ? LOGIN_STAFF : LOGIN_ACCOUNT, council_id,
                         staff_id ? staff_id : account_id, &out->login, e);
}

int web_session_touch(struct store_conn *c, const char *hash, int64_t now, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, "UPDATE web_sessions SET last_seen_unix = ? WHERE token_hash = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, now);
    store_bind_text(s, 2, hash);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_session_delete(struct store_conn *c, const char *hash, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, "DELETE FROM web_sessions WHERE token_hash = ?", &s, e);
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, hash);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_session_delete_others(struct store_conn *c, enum login_kind kind, int64_t id,
                              const char *keep_hash, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           kind == LOGIN_STAFF
                               ? "DELETE FROM web_sessions WHERE staff_id = ? AND token_hash <> ?"
                               : "DELETE FROM web_sessions WHERE account_id = ? AND token_hash "
                                 "<> ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, id);
    store_bind_text(s, 2, keep_hash ? keep_hash : "");
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}
