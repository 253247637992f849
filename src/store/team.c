/* team.c — teams within a council; see records.h. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define TEAM_COLS "id, council_id, name, created_at, updated_at, version"
#define DUP_NAME "This council already has a team with this name"

static void read_row(struct store_stmt *s, struct team *out)
{
    out->id = store_col_i64(s, 0);
    out->council_id = store_col_i64(s, 1);
    store_col_copy(s, 2, out->name, sizeof out->name);
    store_col_copy(s, 3, out->created_at, sizeof out->created_at);
    store_col_copy(s, 4, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 5);
}

int team_create(struct store_conn *c, int64_t council_id, struct team *t, int64_t now,
                struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = rec_text(t->name, 1, 120, REC_ONE_LINE, "name", "Team name", e);
    if (rc != 0)
        return rc;
    t->council_id = council_id;
    store_time_format(now, t->created_at);
    memcpy(t->updated_at, t->created_at, sizeof t->updated_at);
    if ((rc = store_prepare(c, "INSERT INTO teams (council_id, name, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, t->name);
    store_bind_text(s, 3, t->created_at);
    store_bind_text(s, 4, t->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        t->id = store_col_i64(s, 0);
        t->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "name", DUP_NAME, "council_id",
                               "There is no such council", e);
    return 0;
}

int team_get(struct store_conn *c, int64_t council_id, int64_t id, struct team *out,
             struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " TEAM_COLS " FROM teams WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        read_row(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("team", id, e);
    }
    store_finish(s);
    return rc;
}

int team_update(struct store_conn *c, int64_t council_id, struct team *t, int64_t now,
                struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = rec_text(t->name, 1, 120, REC_ONE_LINE, "name", "Team name", e);
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE teams SET name = ?, updated_at = ?, version = version + 1 "
                               "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, t->name);
    store_bind_text(s, 2, stamp);
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, t->id);
    store_bind_i64(s, 5, t->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        t->version = store_col_i64(s, 0);
        t->council_id = council_id;
        memcpy(t->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "teams", "team", council_id, t->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "name", DUP_NAME, NULL, NULL, e);
    return 0;
}

int team_list(struct store_conn *c, int64_t council_id, struct arena *a, struct team **items,
              size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 16, count = 0;
    struct team *v = arena_array(a, cap, sizeof *v);
    int rc;
    *items = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    if ((rc = store_prepare(c, "SELECT " TEAM_COLS " FROM teams WHERE council_id = ? "
                               "ORDER BY name, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (count == cap) {
            struct team *nv = arena_array(a, cap * 2, sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            memcpy(nv, v, count * sizeof *v);
            v = nv;
            cap *= 2;
        }
        read_row(s, &v[count++]);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}
