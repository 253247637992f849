/* access_store.c — relationships, the facts the access rule needs, and break-glass grants
 * (see web_store.h and src/domain/access.h). */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"
#include "store/web_store.h"

int web_relationship_add(struct store_conn *c, const struct web_relationship_new *r, int64_t now,
                         int64_t *id, struct err *e)
{
    struct store_stmt *s = NULL;
    char at[STORE_TIME_SIZE], starts[DATE_ISO_SIZE], ends[DATE_ISO_SIZE];
    int rc;
    store_time_format(now, at);
    date_format_iso(r->starts, starts);
    if (r->ends != REL_OPEN_END)
        date_format_iso(r->ends, ends);
    rc = store_prepare(c,
                       "INSERT INTO web_relationships (council_id, person_id, staff_id, "
                       "account_id, kind, starts, ends, contact_id, referral_accepted, "
                       "consent_given, basis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, r->council_id);
    store_bind_i64(s, 2, r->person_id);
    store_bind_id_or_null(s, 3, r->staff_id);
    store_bind_id_or_null(s, 4, r->account_id);
    store_bind_text(s, 5, relationship_kind_name(r->kind));
    store_bind_text(s, 6, starts);
    store_bind_text(s, 7, r->ends == REL_OPEN_END ? NULL : ends);
    store_bind_id_or_null(s, 8, r->contact_id);
    store_bind_i64(s, 9, r->referral_accepted);
    store_bind_i64(s, 10, r->consent_given);
    store_bind_text(s, 11, r->basis ? r->basis : "");
    store_bind_text(s, 12, at);
    store_bind_text(s, 13, at);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        if (id)
            *id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static void add_rel(struct web_access_facts *f, enum relationship_kind kind, day_t starts,
                    day_t ends, bool authority, bool referral, bool consent)
{
    if (f->nrels == WEB_MAX_RELS)
        return;
    f->rels[f->nrels++] = (struct relationship){kind, starts, ends, authority, referral, consent};
}

static day_t parse_day(const char *s, day_t fallback)
{
    day_t d;
    if (!s || date_parse_iso(s, strlen(s), &d, "date", NULL) != 0)
        return fallback;
    return d;
}

/* Everything the access rule needs, in one indexed query (it runs before every read of a
 * person's record, so it is written to cost one statement): the person (in this council only),
 * their allocated worker's team and manager, for staff the latest live break-glass grant, and the
 * caller's dated relationships to the person, one row each (one row of NULLs when there are
 * none). A representative counts only with authority recorded on their contact row;
 * organisations and advocates only with referral accepted and consent (the rule decides that:
 * here we load the facts). The last column counts sign-off requests about the person waiting at
 * the funding panel when the caller (staff) sits on it: the panel-request relationship, which
 * ends when the request is decided. */
#define FACTS_SQL(who_col)                                                                   \
    "SELECT p.allocated_worker_id, w.team_id, w.manager_id, (SELECT max(b.expires_unix) FROM " \
    "web_break_glass b WHERE b.council_id = p.council_id AND b.staff_id = ? AND b.person_id = " \
    "p.id AND b.expires_unix > ?), r.kind, r.starts, r.ends, r.referral_accepted, "          \
    "r.consent_given, coalesce((SELECT pc.authority FROM person_contacts pc WHERE "           \
    "pc.council_id = r.council_id AND pc.id = r.contact_id), 'none'), (SELECT count(*) FROM "  \
    "signoff_requests sr WHERE sr.council_id = p.council_id AND sr.person_id = p.id AND "      \
    "sr.status = 'pending' AND sr.holder_kind = 'panel' AND EXISTS (SELECT 1 FROM "            \
    "signoff_panel sp WHERE sp.council_id = sr.council_id AND sp.staff_id = ?)) FROM people p " \
    "LEFT JOIN " \
    "staff w ON w.council_id = p.council_id AND w.id = p.allocated_worker_id LEFT JOIN "      \
    "web_relationships r ON r.council_id = p.council_id AND r.person_id = p.id AND "          \
    "r." who_col " = ? WHERE p.council_id = ? AND p.id = ? ORDER BY r.id LIMIT 12"

void web_access_facts_person(struct web_access_facts *out, const struct web_login *who,
                             int64_t person_id, int64_t worker, int64_t team, int64_t manager,
                             int64_t break_glass_expires)
{
    out->has_person = true;
    if (who->kind == LOGIN_STAFF) {
        out->break_glass_expires = break_glass_expires;
        if (worker && worker == who->id)
            add_rel(out, REL_ALLOCATED_WORKER, 0, REL_OPEN_END, false, false, false);
        if (worker && who->role == USER_TEAM_MANAGER &&
            ((who->team_id && team == who->team_id) || manager == who->id))
            add_rel(out, REL_TEAM, 0, REL_OPEN_END, false, false, false);
    } else if (who->role == USER_BUDGET_HOLDER && who->person_id == person_id) {
        add_rel(out, REL_SELF, 0, REL_OPEN_END, false, false, false);
    }
}

void web_access_facts_rel(struct web_access_facts *out, struct store_stmt *s, int col)
{
    enum relationship_kind k;
    const char *auth;
    if (store_col_is_null(s, col) || relationship_kind_parse(store_col_text(s, col), &k) != 0)
        return; /* no relationship row (a LEFT JOIN's NULLs), or a kind we do not know */
    auth = store_col_text(s, col + 5);
    add_rel(out, k, parse_day(store_col_text(s, col + 1), REL_OPEN_END),
            store_col_is_null(s, col + 2) ? REL_OPEN_END : parse_day(store_col_text(s, col + 2), 0),
            auth && strcmp(auth, "none") != 0, store_col_i64(s, col + 3) != 0,
            store_col_i64(s, col + 4) != 0);
}

int web_access_facts_load(struct store_conn *c, const struct web_login *who, int64_t person_id,
                          int64_t now, struct web_access_facts *out, struct err *e)
{
    struct store_stmt *s = NULL;
    bool staff = who->kind == LOGIN_STAFF, panel = false;
    int rc;
    memset(out, 0, sizeof *out);

    rc = store_prepare(c, staff ? FACTS_SQL("staff_id") : FACTS_SQL("account_id"), &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, staff ? who->id : 0);
    store_bind_i64(s, 2, now);
    store_bind_i64(s, 3, staff ? who->id : 0);
    store_bind_i64(s, 4, who->id);
    store_bind_i64(s, 5, who->council_id);
    store_bind_i64(s, 6, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (staff && !panel && store_col_i64(s, 10) > 0) {
            panel = true;
            add_rel(out, REL_PANEL_REQUEST, 0, REL_OPEN_END, false, false, false);
        }
        /* The person's own facts come on every row: read them from the first. */
        if (!out->has_person)
            web_access_facts_person(out, who, person_id, store_col_i64(s, 0),
                                    store_col_i64(s, 1), store_col_i64(s, 2),
                                    store_col_i64(s, 3));
        web_access_facts_rel(out, s, 4);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_break_glass_grant(struct store_conn *c, int64_t council_id, int64_t staff_id,
                          int64_t person_id, const char *reason, int64_t now, int64_t expires,
                          int64_t *id, struct err *e)
{
    struct store_stmt *s = NULL;
    char at[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, at);
    rc = store_prepare(c,
                       "INSERT INTO web_break_glass (council_id, staff_id, person_id, reason, "
                       "granted_unix, expires_unix, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, staff_id);
    store_bind_i64(s, 3, person_id);
    store_bind_text(s, 4, reason);
    store_bind_i64(s, 5, now);
    store_bind_i64(s, 6, expires);
    store_bind_text(s, 7, at);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        if (id)
            *id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static const char *dup(struct arena *a, const char *s)
{
    const char *c = arena_strdup(a, s ? s : "");
    return c ? c : "";
}

int web_break_glass_report(struct store_conn *c, int64_t council_id, int64_t since, int limit,
                           struct arena *a, struct web_break_glass_row **out, size_t *n,
                           struct err *e)
{
    struct store_stmt *s = NULL;
    int rc;
    *n = 0;
    *out = arena_array(a, (size_t)(limit > 0 ? limit : 1), sizeof **out);
    if (!*out)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = store_prepare(c,
                       "SELECT b.id, b.person_id, b.staff_id, b.granted_unix, b.expires_unix, "
                       "st.name, p.given_name || ' ' || p.family_name, p.reference, b.reason "
                       "FROM web_break_glass b JOIN staff st ON st.council_id = b.council_id AND "
                       "st.id = b.staff_id JOIN people p ON p.council_id = b.council_id AND p.id "
                       "= b.person_id WHERE b.council_id = ? AND b.granted_unix >= ? ORDER BY "
                       "b.granted_unix DESC, b.id DESC LIMIT ?",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, since);
    store_bind_i64(s, 3, limit);
    while ((rc = store_step(s, e)) == STORE_ROW && *n < (size_t)limit) {
        struct web_break_glass_row *r = &(*out)[(*n)++];
        r->id = store_col_i64(s, 0);
        r->person_id = store_col_i64(s, 1);
        r->staff_id = store_col_i64(s, 2);
        r->granted = store_col_i64(s, 3);
        r->expires = store_col_i64(s, 4);
        r->staff_name = dup(a, store_col_text(s, 5));
        r->person_name = dup(a, store_col_text(s, 6));
        r->person_reference = dup(a, store_col_text(s, 7));
        r->reason = dup(a, store_col_text(s, 8));
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
