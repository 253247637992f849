/* council.c — councils, the tenants; see records.h. Councils are the root of tenancy, so their
 * own functions are the only ones that take no council_id. */
#include <ctype.h>
#include <string.h>

#include "base/err.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define COUNCIL_COLS "id, code, name, created_at, updated_at, version"

static int council_validate(struct council *co, struct err *e)
{
    int rc = rec_text(co->code, 2, 16, REC_ONE_LINE, "code", "Council code", e);
    if (rc != 0)
        return rc;
    for (char *p = co->code; *p; p++) {
        *p = (char)toupper((unsigned char)*p);
        if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
            return err_set_field(e, ERR_INVALID, "code",
                                 "Council code must use only letters A to Z and digits, like DEMO");
    }
    return rec_text(co->name, 1, 200, REC_ONE_LINE, "name", "Council name", e);
}

static void read_row(struct store_stmt *s, struct council *out)
{
    out->id = store_col_i64(s, 0);
    store_col_copy(s, 1, out->code, sizeof out->code);
    store_col_copy(s, 2, out->name, sizeof out->name);
    store_col_copy(s, 3, out->created_at, sizeof out->created_at);
    store_col_copy(s, 4, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 5);
}

int council_create(struct store_conn *c, struct council *co, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = council_validate(co, e);
    if (rc != 0)
        return rc;
    store_time_format(now, co->created_at);
    memcpy(co->updated_at, co->created_at, sizeof co->updated_at);
    if ((rc = store_prepare(c, "INSERT INTO councils (code, name, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, co->code);
    store_bind_text(s, 2, co->name);
    store_bind_text(s, 3, co->created_at);
    store_bind_text(s, 4, co->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        co->id = store_col_i64(s, 0);
        co->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "code", "There is already a council with this code",
                               NULL, NULL, e);
    return 0;
}

static int get_by(struct store_conn *c, const char *sql, int64_t id, const char *code,
                  struct council *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    if (code)
        store_bind_text(s, 1, code);
    else
        store_bind_i64(s, 1, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        read_row(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = code ? err_set(e, ERR_NOT_FOUND, "There is no council with the code %s", code)
                  : err_set(e, ERR_NOT_FOUND, "There is no council with id %lld", (long long)id);
    }
    store_finish(s);
    return rc;
}

int council_get(struct store_conn *c, int64_t id, struct council *out, struct err *e)
{
    return get_by(c, "SELECT " COUNCIL_COLS " FROM councils WHERE id = ?", id, NULL, out, e);
}

int council_find_code(struct store_conn *c, const char *code, struct council *out, struct err *e)
{
    char up[17];
    size_t n = strlen(code);
    if (n == 0 || n >= sizeof up)
        return err_set(e, ERR_NOT_FOUND, "There is no council with the code %s", code);
    for (size_t i = 0; i <= n; i++)
        up[i] = (char)toupper((unsigned char)code[i]);
    return get_by(c, "SELECT " COUNCIL_COLS " FROM councils WHERE code = ?", 0, up, out, e);
}

int council_update(struct store_conn *c, struct council *co, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc = rec_text(co->name, 1, 200, REC_ONE_LINE, "name", "Council name", e);
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE councils SET name = ?, updated_at = ?, "
                               "version = version + 1 WHERE id = ? AND version = ? "
                               "RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, co->name);
    store_bind_text(s, 2, stamp);
    store_bind_i64(s, 3, co->id);
    store_bind_i64(s, 4, co->version);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        co->version = store_col_i64(s, 0);
        memcpy(co->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE) {
        struct council cur;
        struct err ignored = {0};
        if (council_get(c, co->id, &cur, &ignored) != 0)
            return err_set(e, ERR_NOT_FOUND, "There is no council with id %lld",
                           (long long)co->id);
        return err_set(e, ERR_CONFLICT,
                       "Someone else changed this council since you opened it, so your change "
                       "was not saved. Reload it to see their change, then make yours again");
    }
    return rc < 0 ? rc : 0;
}
