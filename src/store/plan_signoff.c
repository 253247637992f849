/* plan_signoff.c — stored sign-off requests and decisions, the council's sign-off chain, limits and
 * panel (see plan_store.h, migrations 0045 and 0046). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

static const char *step_id(enum signoff_step_kind k)
{
    switch (k) {
    case SIGNOFF_STEP_MANAGER: return "manager";
    case SIGNOFF_STEP_PANEL: return "panel";
    case SIGNOFF_STEP_WORKER: break;
    }
    return "worker";
}

static bool step_parse(const char *s, enum signoff_step_kind *k)
{
    if (!s)
        return false;
    if (strcmp(s, "worker") == 0)
        *k = SIGNOFF_STEP_WORKER;
    else if (strcmp(s, "manager") == 0)
        *k = SIGNOFF_STEP_MANAGER;
    else if (strcmp(s, "panel") == 0)
        *k = SIGNOFF_STEP_PANEL;
    else
        return false;
    return true;
}

static bool status_parse(const char *s, enum signoff_status *st)
{
    static const enum signoff_status all[] = {SIGNOFF_PENDING, SIGNOFF_APPROVED, SIGNOFF_REFUSED,
                                              SIGNOFF_WITHDRAWN};
    for (size_t i = 0; s && i < 4; i++)
        if (strcmp(s, signoff_status_name(all[i])) == 0) {
            *st = all[i];
            return true;
        }
    return false;
}

static bool action_parse(const char *s, enum signoff_action *a)
{
    static const enum signoff_action all[] = {SIGNOFF_APPROVE, SIGNOFF_REFUSE, SIGNOFF_REFER_UP};
    for (size_t i = 0; s && i < 3; i++)
        if (strcmp(s, signoff_action_name(all[i])) == 0) {
            *a = all[i];
            return true;
        }
    return false;
}

/* A staff id as the domain knows it: decimal text; "" for 0. */
static const char *sid(struct arena *a, int64_t id)
{
    return id ? arena_printf(a, "%" PRId64, id) : NULL;
}

static int64_t sid_parse(const char *s)
{
    int64_t v = 0;
    if (!s || str_to_i64(s, strlen(s), 1, INT64_MAX, &v) != 0)
        return 0;
    return v;
}

#define R_COLS                                                                                   \
    "r.id, r.person_id, r.subject, r.subject_id, r.subject_version, r.hash, r.annual_value, "    \
    "r.raised_by, r.raised_by_name, r.worker_id, r.raised_on, r.reasons, r.status, "             \
    "r.holder_kind, r.holder_id, r.where_text, r.withdrawn_on, r.created_at, r.updated_at, "     \
    "r.version, p.reference, p.given_name, p.family_name "
#define R_FROM                                                                                   \
    "FROM signoff_requests r JOIN people p ON p.council_id = r.council_id AND p.id = r.person_id "

static int read_request(struct store_stmt *s, struct arena *a, struct plan_signoff_row *out,
                        struct err *e)
{
    struct signoff_request *rq = &out->req;
    struct signoff_state *st = &out->st;
    bool nomem = false, ok = true;
    const char *subject, *given, *family;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    subject = store_col_text(s, 2);
    rq->subject = subject && strcmp(subject, "budget") == 0 ? SIGNOFF_BUDGET : SIGNOFF_PLAN;
    out->subject_id = store_col_i64(s, 3);
    rq->subject_version = (int)store_col_i64(s, 4);
    store_col_copy(s, 5, rq->hash, sizeof rq->hash);
    rq->annual_value = store_col_i64(s, 6);
    rq->raised_by = pu_text(a, s, 7, &nomem);
    out->raised_by_name = pu_text(a, s, 8, &nomem);
    out->worker_id = store_col_i64(s, 9);
    ok &= pu_date(s, 10, &rq->raised_on);
    rq->reasons = pu_text(a, s, 11, &nomem);
    ok &= status_parse(store_col_text(s, 12), &st->status);
    ok &= step_parse(store_col_text(s, 13), &st->holder_kind);
    st->holder_id = sid(a, store_col_i64(s, 14));
    st->where = pu_text(a, s, 15, &nomem);
    ok &= pu_date(s, 16, &st->withdrawn_on);
    store_col_copy(s, 17, out->created_at, sizeof out->created_at);
    store_col_copy(s, 18, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 19);
    out->person_ref = pu_text(a, s, 20, &nomem);
    given = pu_text(a, s, 21, &nomem);
    family = pu_text(a, s, 22, &nomem);
    out->person_name = arena_printf(a, "%s %s", given, family);
    rq->id = sid(a, out->id);
    rq->subject_ref = sid(a, out->subject_id);
    rq->worker_id = sid(a, out->worker_id);
    if (nomem || !out->person_name || !rq->id || !rq->subject_ref || !rq->worker_id)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored sign-off request (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

static int load_decisions(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                          struct arena *a, struct err *e)
{
    struct store_stmt *s;
    struct signoff_decision *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false, ok = true;
    int rc;
    if ((rc = store_prepare(c, "SELECT action, by_id, by_name, as_kind, limit_pence, decided_on, "
                               "reasons, hash FROM signoff_decisions WHERE council_id = ? AND "
                               "request_id = ? ORDER BY ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct signoff_decision *d;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        d = &v[count++];
        memset(d, 0, sizeof *d);
        ok &= action_parse(store_col_text(s, 0), &d->action);
        d->by = sid(a, store_col_i64(s, 1));
        d->by_name = pu_text(a, s, 2, &nomem);
        ok &= step_parse(store_col_text(s, 3), &d->as);
        d->limit = store_col_i64(s, 4);
        ok &= pu_date(s, 5, &d->on);
        d->reasons = pu_text(a, s, 6, &nomem);
        store_col_copy(s, 7, d->hash, sizeof d->hash);
        if (!d->by)
            nomem = true;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored sign-off decision could not be read.");
    row->st.decisions = v;
    row->st.ndecisions = count;
    row->stored_decisions = count;
    return 0;
}

static int list(struct store_conn *c, int64_t council_id, const char *sql, int nparams,
                const int64_t *params, struct arena *a, struct plan_signoff_row **items, size_t *n,
                struct err *e)
{
    struct store_stmt *s;
    struct plan_signoff_row *v = NULL;
    size_t cap = 0, count = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    for (int i = 0; i < nparams; i++)
        store_bind_i64(s, i + 1, params[i]);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0 ||
            (rc = read_request(s, a, &v[count], e)) != 0)
            break;
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < count; i++)
        if ((rc = load_decisions(c, council_id, &v[i], a, e)) != 0)
            return rc;
    *items = v;
    *n = count;
    return 0;
}

int plan_signoff_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                     struct plan_signoff_row *out, struct err *e)
{
    struct plan_signoff_row *items;
    size_t n;
    int64_t params[2] = {council_id, id};
    int rc = list(c, council_id, "SELECT " R_COLS R_FROM "WHERE r.council_id = ? AND r.id = ?", 2,
                  params, a, &items, &n, e);
    if (rc != 0)
        return rc;
    if (n == 0)
        return err_set(e, ERR_NOT_FOUND, "There is no such sign-off request in this council.");
    *out = items[0];
    return 0;
}

int plan_signoff_for_person(struct store_conn *c, int64_t council_id, int64_t person_id,
                            struct arena *a, struct plan_signoff_row **items, size_t *n,
                            struct err *e)
{
    int64_t params[2] = {council_id, person_id};
    return list(c, council_id,
                "SELECT " R_COLS R_FROM "WHERE r.council_id = ? AND r.person_id = ? ORDER BY r.id DESC",
                2, params, a, items, n, e);
}

int plan_signoff_waiting(struct store_conn *c, int64_t council_id, int64_t staff_id,
                         struct arena *a, struct plan_signoff_row **items, size_t *n,
                         struct err *e)
{
    int64_t params[4] = {council_id, staff_id, council_id, staff_id};
    return list(c, council_id,
                "SELECT " R_COLS R_FROM "WHERE r.council_id = ? AND r.status = 'pending' AND "
                "(r.holder_id = ? OR (r.holder_kind = 'panel' AND EXISTS (SELECT 1 FROM "
                "signoff_panel sp WHERE sp.council_id = ? AND sp.staff_id = ?))) ORDER BY r.id",
                4, params, a, items, n, e);
}

int plan_signoff_pending(struct store_conn *c, int64_t council_id, enum signoff_subject subject,
                         int64_t subject_id, struct arena *a, struct plan_signoff_row *out,
                         struct err *e)
{
    struct plan_signoff_row *items;
    size_t n;
    int64_t params[2] = {council_id, subject_id};
    int rc = list(c, council_id,
                  subject == SIGNOFF_BUDGET
                      ? "SELECT " R_COLS R_FROM "WHERE r.council_id = ? AND r.subject = 'budget' AND "
                        "r.subject_id = ? AND r.status = 'pending' ORDER BY r.id DESC LIMIT 1"
                      : "SELECT " R_COLS R_FROM "WHERE r.council_id = ? AND r.subject = 'plan' AND "
                        "r.subject_id = ? AND r.status = 'pending' ORDER BY r.id DESC LIMIT 1",
                  2, params, a, &items, &n, e);
    if (rc != 0)
        return rc;
    if (n == 0)
        return err_set(e, ERR_NOT_FOUND, "Nothing is waiting for sign-off.");
    *out = items[0];
    return 0;
}

static int insert_decisions(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                            const char *stamp, struct err *e)
{
    for (size_t i = row->stored_decisions; i < row->st.ndecisions; i++) {
        const struct signoff_decision *d = &row->st.decisions[i];
        struct store_stmt *s;
        struct err le = {0};
        char on[DATE_ISO_SIZE];
        int rc;
        if (strlen(d->hash) != 64)
            return err_set(e, ERR_INVALID, "A decision is recorded with the hash decided on.");
        date_format_iso(d->on, on);
        if ((rc = store_prepare(c,
                                "INSERT INTO signoff_decisions (council_id, request_id, ord, action, "
                                "by_id, by_name, as_kind, limit_pence, decided_on, reasons, hash, "
                                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, row->id);
        store_bind_i64(s, 3, (int64_t)i);
        store_bind_text(s, 4, signoff_action_name(d->action));
        store_bind_i64(s, 5, sid_parse(d->by));
        store_bind_text(s, 6, d->by_name ? d->by_name : "");
        store_bind_text(s, 7, step_id(d->as));
        store_bind_i64(s, 8, d->limit < -1 ? -1 : d->limit);
        store_bind_text(s, 9, on);
        store_bind_text(s, 10, d->reasons ? d->reasons : "");
        store_bind_text(s, 11, d->hash);
        store_bind_text(s, 12, stamp);
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0)
            return rec_write_error(rc, &le, NULL, NULL, "by",
                                   "The person deciding is not a member of staff of this council.",
                                   e);
    }
    row->stored_decisions = row->st.ndecisions;
    return 0;
}

int plan_signoff_create(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                        int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], raised[DATE_ISO_SIZE];
    int rc, k = 1;
    if (strlen(row->req.hash) != 64)
        return err_set(e, ERR_INVALID, "A sign-off request carries the hash of what is asked.");
    if (row->req.reasons && strlen(row->req.reasons) > 4000)
        return err_set_field(e, ERR_INVALID, "reasons", "Keep the reasons to 4,000 characters.");
    store_time_format(now, stamp);
    date_format_iso(row->req.raised_on, raised);
    if ((rc = store_prepare(c,
                            "INSERT INTO signoff_requests (council_id, person_id, subject, "
                            "subject_id, subject_version, hash, annual_value, raised_by, "
                            "raised_by_name, worker_id, raised_on, reasons, status, holder_kind, "
                            "holder_id, where_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, k++, council_id);
    store_bind_i64(s, k++, row->person_id);
    store_bind_text(s, k++, row->req.subject == SIGNOFF_BUDGET ? "budget" : "plan");
    store_bind_i64(s, k++, row->subject_id);
    store_bind_i64(s, k++, row->req.subject_version);
    store_bind_text(s, k++, row->req.hash);
    store_bind_i64(s, k++, row->req.annual_value);
    store_bind_text(s, k++, row->req.raised_by ? row->req.raised_by : "");
    store_bind_text(s, k++, row->raised_by_name ? row->raised_by_name : "");
    store_bind_i64(s, k++, row->worker_id);
    store_bind_text(s, k++, raised);
    store_bind_text(s, k++, row->req.reasons ? row->req.reasons : "");
    store_bind_text(s, k++, signoff_status_name(row->st.status));
    store_bind_text(s, k++, step_id(row->st.holder_kind));
    store_bind_id_or_null(s, k++, sid_parse(row->st.holder_id));
    store_bind_text(s, k++, row->st.where ? row->st.where : "");
    store_bind_text(s, k++, stamp);
    store_bind_text(s, k, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "worker",
                               "There is no such person or member of staff in this council.", e);
    memcpy(row->created_at, stamp, sizeof stamp);
    memcpy(row->updated_at, stamp, sizeof stamp);
    row->stored_decisions = 0;
    return insert_decisions(c, council_id, row, stamp, e);
}

int plan_signoff_update(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                        int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], wd[DATE_ISO_SIZE];
    int rc;
    if ((rc = pu_need_tx(c, "Recording a sign-off decision", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE signoff_requests SET status = ?, holder_kind = ?, holder_id = "
                            "?, where_text = ?, withdrawn_on = ?, updated_at = ?, version = version "
                            "+ 1 WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, signoff_status_name(row->st.status));
    store_bind_text(s, 2, step_id(row->st.holder_kind));
    store_bind_id_or_null(s, 3, sid_parse(row->st.holder_id));
    store_bind_text(s, 4, row->st.where ? row->st.where : "");
    pu_bind_date(s, 5, row->st.status == SIGNOFF_WITHDRAWN ? row->st.withdrawn_on : 0, wd);
    store_bind_text(s, 6, stamp);
    store_bind_i64(s, 7, council_id);
    store_bind_i64(s, 8, row->id);
    store_bind_i64(s, 9, row->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        row->version = store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "signoff_requests", "sign-off request", council_id, row->id,
                                    e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    memcpy(row->updated_at, stamp, sizeof stamp);
    return insert_decisions(c, council_id, row, stamp, e);
}

/* ---- the chain, limits and the panel ----------------------------------------------------------- */

int plan_signoff_org(struct store_conn *c, int64_t council_id, struct arena *a,
                     struct signoff_org *out, struct err *e)
{
    struct store_stmt *s;
    struct signoff_worker *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c,
                            "SELECT s.id, s.name, s.role, s.manager_id, s.sign_off_limit_pence, "
                            "(SELECT count(*) FROM signoff_panel sp WHERE sp.council_id = "
                            "s.council_id AND sp.staff_id = s.id) FROM staff s WHERE s.council_id = "
                            "? ORDER BY s.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct signoff_worker *w;
        enum staff_role role = ROLE_SOCIAL_WORKER;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        w = &v[count++];
        memset(w, 0, sizeof *w);
        w->id = sid(a, store_col_i64(s, 0));
        w->name = pu_text(a, s, 1, &nomem);
        (void)staff_role_parse(store_col_text(s, 2), &role);
        w->role = arena_strdup(a, staff_role_label(role));
        w->manager_id = store_col_is_null(s, 3) ? NULL : sid(a, store_col_i64(s, 3));
        w->annual_limit = store_col_i64(s, 4);
        w->panel_member = store_col_i64(s, 5) > 0;
        if (!w->id || !w->role)
            nomem = true;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    /* Roles are shown lower-case in sentences ("a social worker"). */
    for (size_t i = 0; i < count; i++) {
        char *r = (char *)v[i].role;
        if (r[0] >= 'A' && r[0] <= 'Z')
            r[0] = (char)(r[0] - 'A' + 'a');
    }
    out->workers = v;
    out->nworkers = count;
    out->panel_name = "the funding panel";
    return 0;
}

int plan_signoff_set_limit(struct store_conn *c, int64_t council_id, int64_t staff_id,
                           int64_t new_limit, int64_t set_by, bool as_admin, const char *reasons,
                           int64_t now, struct err *e)
{
    struct arena a;
    struct signoff_org org;
    struct staff st;
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], who[24], setter[24];
    int64_t old;
    int rc;
    if ((rc = pu_need_tx(c, "Setting a sign-off limit", e)) != 0)
        return rc;
    if (new_limit < 0 || new_limit > INT64_C(100000000000))
        return err_set_field(e, ERR_INVALID, "limit", "Enter a limit from £0 to £1,000,000,000.");
    if (reasons && strlen(reasons) > 1000)
        return err_set_field(e, ERR_INVALID, "reasons", "Keep the reasons to 1,000 characters.");
    if ((rc = staff_get(c, council_id, staff_id, &st, e)) != 0)
        return rc;
    arena_init(&a, 0);
    if ((rc = plan_signoff_org(c, council_id, &a, &org, e)) != 0)
        goto done;
    snprintf(who, sizeof who, "%" PRId64, staff_id);
    snprintf(setter, sizeof setter, "%" PRId64, set_by);
    if (as_admin) {
        /* A council administrator sets limits only at the top of a chain, where nobody manages. */
        if (st.manager_id) {
            rc = err_set(e, ERR_FORBIDDEN, "%s has a manager, who sets their sign-off limit.",
                         st.name);
            goto done;
        }
    } else if ((rc = signoff_check_set_limit(&org, setter, who, new_limit, e)) != 0) {
        goto done;
    }
    old = st.sign_off_limit_pence;
    st.sign_off_limit_pence = new_limit;
    if ((rc = staff_update(c, council_id, &st, now, e)) != 0)
        goto done;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO signoff_limit_changes (council_id, staff_id, old_limit, "
                               "new_limit, set_by, reasons, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, staff_id);
    store_bind_i64(s, 3, old);
    store_bind_i64(s, 4, new_limit);
    store_bind_i64(s, 5, set_by);
    store_bind_text(s, 6, reasons ? reasons : "");
    store_bind_text(s, 7, stamp);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        rc = rec_write_error(rc, &le, NULL, NULL, "set_by",
                             "The person setting the limit is not staff of this council.", e);
    else
        rc = 0;
done:
    arena_release(&a);
    return rc;
}

int plan_signoff_limit_history(struct store_conn *c, int64_t council_id, int64_t staff_id,
                               struct arena *a, struct plan_limit_change **items, size_t *n,
                               struct err *e)
{
    struct store_stmt *s;
    struct plan_limit_change *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            staff_id > 0
                                ? "SELECT l.id, l.staff_id, l.old_limit, l.new_limit, l.set_by, "
                                  "s.name, b.name, l.reasons, l.set_at FROM signoff_limit_changes l "
                                  "JOIN staff s ON s.council_id = l.council_id AND s.id = l.staff_id "
                                  "JOIN staff b ON b.council_id = l.council_id AND b.id = l.set_by "
                                  "WHERE l.council_id = ? AND l.staff_id = ? ORDER BY l.id DESC"
                                : "SELECT l.id, l.staff_id, l.old_limit, l.new_limit, l.set_by, "
                                  "s.name, b.name, l.reasons, l.set_at FROM signoff_limit_changes l "
                                  "JOIN staff s ON s.council_id = l.council_id AND s.id = l.staff_id "
                                  "JOIN staff b ON b.council_id = l.council_id AND b.id = l.set_by "
                                  "WHERE l.council_id = ? ORDER BY l.id DESC LIMIT 200",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    if (staff_id > 0)
        store_bind_i64(s, 2, staff_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct plan_limit_change *l;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        l = &v[count++];
        l->id = store_col_i64(s, 0);
        l->staff_id = store_col_i64(s, 1);
        l->old_limit = store_col_i64(s, 2);
        l->new_limit = store_col_i64(s, 3);
        l->set_by = store_col_i64(s, 4);
        l->staff_name = pu_text(a, s, 5, &nomem);
        l->set_by_name = pu_text(a, s, 6, &nomem);
        l->reasons = pu_text(a, s, 7, &nomem);
        store_col_copy(s, 8, l->set_at, sizeof l->set_at);
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

int plan_signoff_panel_set(struct store_conn *c, int64_t council_id, int64_t staff_id, bool member,
                           int64_t by, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, stamp);
    if (member) {
        int64_t params[2] = {council_id, staff_id}, nrows = 0;
        if ((rc = store_query_i64(c, "SELECT count(*) FROM signoff_panel WHERE council_id = ? AND "
                                     "staff_id = ?",
                                  2, params, &nrows, e)) != 0)
            return rc;
        if (nrows)
            return 0;
        if ((rc = store_prepare(c, "INSERT INTO signoff_panel (council_id, staff_id, added_by, "
                                   "added_at) VALUES (?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, staff_id);
        store_bind_i64(s, 3, by);
        store_bind_text(s, 4, stamp);
    } else {
        if ((rc = store_prepare(c, "DELETE FROM signoff_panel WHERE council_id = ? AND staff_id = ?",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, staff_id);
    }
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "staff_id",
                               "There is no such member of staff in this council.", e);
    return 0;
}
