/* plan_contributors.c — who may help write a person's plan, with their permission (see
 * plan_store.h, migration 0043). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/record_util.h"
#include "store/store.h"

#define PC_COLS                                                                                  \
    "id, person_id, staff_id, account_id, name, kind, granted_by, granted_by_name, how, "        \
    "granted_on, revoked_on, revoked_by, created_at, updated_at, version "

static int read_row(struct store_stmt *s, struct arena *a, struct plan_contributor_row *out,
                    struct err *e)
{
    bool nomem = false, ok = true;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->staff_id = store_col_i64(s, 2);
    out->account_id = store_col_i64(s, 3);
    out->c.actor = out->staff_id ? arena_printf(a, "staff:%" PRId64, out->staff_id)
                                 : arena_printf(a, "account:%" PRId64, out->account_id);
    out->c.name = pu_text(a, s, 4, &nomem);
    ok &= plan_helper_kind_parse(store_col_text(s, 5), &out->c.kind) == 0;
    out->granted_by = pu_text(a, s, 6, &nomem);
    out->granted_by_name = pu_text(a, s, 7, &nomem);
    out->how = pu_text(a, s, 8, &nomem);
    ok &= pu_date(s, 9, &out->c.granted_on);
    out->c.revoked = !store_col_is_null(s, 10);
    ok &= pu_date(s, 10, &out->c.revoked_on);
    out->revoked_by = pu_text(a, s, 11, &nomem);
    store_col_copy(s, 12, out->created_at, sizeof out->created_at);
    store_col_copy(s, 13, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 14);
    if (nomem || !out->c.actor)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored permission (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

int plan_contributor_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                          struct arena *a, struct plan_contributor_row **items, size_t *n,
                          struct err *e)
{
    struct store_stmt *s;
    struct plan_contributor_row *v = NULL;
    size_t cap = 0, count = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " PC_COLS "FROM plan_contributors WHERE council_id = ? AND "
                                                 "person_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0 ||
            (rc = read_row(s, a, &v[count], e)) != 0)
            break;
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}

int plan_contributor_add(struct store_conn *c, int64_t council_id, struct plan_contributor_row *row,
                         int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], on[DATE_ISO_SIZE];
    int64_t live = 0;
    int rc;

    if ((row->staff_id > 0) == (row->account_id > 0))
        return err_set_field(e, ERR_INVALID, "who", "Choose one person to give permission to.");
    if (!row->c.name || !*row->c.name || strlen(row->c.name) > 200)
        return err_set_field(e, ERR_INVALID, "name", "Give the helper's name.");
    if (row->c.kind == PLAN_BY_SELF || (unsigned)row->c.kind >= PLAN_HELPER_KIND_COUNT ||
        (row->c.kind == PLAN_BY_WORKER) != (row->staff_id > 0))
        return err_set_field(e, ERR_INVALID, "kind",
                             "Say what kind of help this is: family, a user-led organisation, "
                             "another organisation, or a worker.");
    if (!row->granted_by || !*row->granted_by || strlen(row->granted_by) > 40)
        return err_set_field(e, ERR_INVALID, "granted_by", "Say who recorded the permission.");
    if (row->how && strlen(row->how) > 1000)
        return err_set_field(e, ERR_INVALID, "how", "Keep this to 1,000 characters or fewer.");
    {
        int64_t params[4] = {council_id, row->person_id,
                             row->staff_id > 0 ? row->staff_id : row->account_id, 0};
        if ((rc = store_query_i64(c,
                                  row->staff_id > 0
                                      ? "SELECT count(*) FROM plan_contributors WHERE council_id = ? "
                                        "AND person_id = ? AND staff_id = ? AND revoked_on IS NULL"
                                      : "SELECT count(*) FROM plan_contributors WHERE council_id = ? "
                                        "AND person_id = ? AND account_id = ? AND revoked_on IS NULL",
                                  3, params, &live, e)) != 0)
            return rc;
    }
    if (live)
        return err_set(e, ERR_CONFLICT, "%s can already help write this plan.", row->c.name);
    store_time_format(now, stamp);
    date_format_iso(row->c.granted_on, on);
    if ((rc = store_prepare(c,
                            "INSERT INTO plan_contributors (council_id, person_id, staff_id, "
                            "account_id, name, kind, granted_by, granted_by_name, how, granted_on, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->person_id);
    store_bind_id_or_null(s, 3, row->staff_id);
    store_bind_id_or_null(s, 4, row->account_id);
    store_bind_text(s, 5, row->c.name);
    store_bind_text(s, 6, plan_helper_kind_id(row->c.kind));
    store_bind_text(s, 7, row->granted_by);
    store_bind_text(s, 8, row->granted_by_name ? row->granted_by_name : "");
    store_bind_text(s, 9, row->how ? row->how : "");
    store_bind_text(s, 10, on);
    store_bind_text(s, 11, stamp);
    store_bind_text(s, 12, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "who",
                               "There is no such person or login in this council.", e);
    memcpy(row->created_at, stamp, sizeof stamp);
    memcpy(row->updated_at, stamp, sizeof stamp);
    return 0;
}

int plan_contributor_revoke(struct store_conn *c, int64_t council_id, int64_t id, int64_t version,
                            const char *by, day_t on, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], day[DATE_ISO_SIZE];
    int rc;
    store_time_format(now, stamp);
    date_format_iso(on, day);
    if ((rc = store_prepare(c,
                            "UPDATE plan_contributors SET revoked_on = ?, revoked_by = ?, "
                            "updated_at = ?, version = version + 1 WHERE council_id = ? AND id = ? "
                            "AND version = ? AND revoked_on IS NULL AND granted_on <= ? RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, day);
    store_bind_text(s, 2, by ? by : "");
    store_bind_text(s, 3, stamp);
    store_bind_i64(s, 4, council_id);
    store_bind_i64(s, 5, id);
    store_bind_i64(s, 6, version);
    store_bind_text(s, 7, day);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "plan_contributors", "permission", council_id, id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    return 0;
}

int plan_contributor_candidates(struct store_conn *c, int64_t council_id, int64_t person_id,
                                day_t today, struct arena *a, struct plan_candidate **items,
                                size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct plan_candidate *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false;
    char day[DATE_ISO_SIZE];
    int rc;
    *items = NULL;
    *n = 0;
    /* The allocated worker. */
    if ((rc = store_prepare(c, "SELECT s.id, s.name, s.role FROM people p JOIN staff s ON "
                               "s.council_id = p.council_id AND s.id = p.allocated_worker_id WHERE "
                               "p.council_id = ? AND p.id = ? AND s.active = 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *role = store_col_text(s, 2);
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        memset(&v[count], 0, sizeof v[count]);
        v[count].staff_id = store_col_i64(s, 0);
        v[count].actor = arena_printf(a, "staff:%" PRId64, v[count].staff_id);
        v[count].name = pu_text(a, s, 1, &nomem);
        v[count].role = role && strcmp(role, "team_manager") == 0 ? "team-manager" : "social-worker";
        v[count].organisation = "";
        if (!v[count].actor)
            nomem = true;
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    /* Accounts with a live link as representative or support organisation. */
    date_format_iso(today, day);
    if ((rc = store_prepare(c,
                            "SELECT DISTINCT a.id, a.display_name, a.role, a.organisation FROM "
                            "web_relationships r JOIN web_accounts a ON a.council_id = r.council_id "
                            "AND a.id = r.account_id WHERE r.council_id = ? AND r.person_id = ? AND "
                            "r.kind IN ('representative', 'support-organisation') AND r.starts <= ? "
                            "AND (r.ends IS NULL OR r.ends >= ?) AND a.active = 1 ORDER BY a.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    store_bind_text(s, 3, day);
    store_bind_text(s, 4, day);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        memset(&v[count], 0, sizeof v[count]);
        v[count].account_id = store_col_i64(s, 0);
        v[count].actor = arena_printf(a, "account:%" PRId64, v[count].account_id);
        v[count].name = pu_text(a, s, 1, &nomem);
        v[count].role = pu_text(a, s, 2, &nomem);
        v[count].organisation = pu_text(a, s, 3, &nomem);
        if (!v[count].actor)
            nomem = true;
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    *items = v;
    *n = count;
    return 0;
}
