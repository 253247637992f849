/* web_people.c — the reads of people that the web screens need: search and worklists with
 * server-side paging, one person's summary, an account's links, a person's contacts
 * (see web_store.h). Every query names the council. */
#include <ctype.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "store/records.h"
#include "store/store.h"
#include "store/web_store.h"

static const char *dup(struct arena *a, const char *s)
{
    const char *c = arena_strdup(a, s ? s : "");
    return c ? c : "";
}

/* Query parameters collected while the WHERE clause is written, bound in the same order. */
struct param {
    bool text;
    int64_t i;
    const char *s;
};

struct params {
    int n;
    struct param v[16];
};

static void p_int(struct params *p, int64_t i)
{
    if (p->n < 16)
        p->v[p->n++] = (struct param){false, i, NULL};
}

static void p_text(struct params *p, const char *s)
{
    if (p->n < 16)
        p->v[p->n++] = (struct param){true, 0, s};
}

static void p_bind(struct store_stmt *s, const struct params *p)
{
    for (int i = 0; i < p->n; i++) {
        if (p->v[i].text)
            store_bind_text(s, i + 1, p->v[i].s);
        else
            store_bind_i64(s, i + 1, p->v[i].i);
    }
}

/* Names are searched by their keys (person_name_key: lower-case ASCII letters and digits), by
 * prefix, as index range scans: key >= 'smi' AND key < 'smi~' ('~' sorts after every character a
 * key holds). */
static char *fold(struct arena *a, const char *s, size_t n)
{
    char *word = arena_strndup(a, s, n);
    char *out = arena_alloc(a, n + 1);
    if (!word || !out)
        return NULL;
    person_name_key(word, out, n + 1);
    return out;
}

static bool looks_like_reference(const char *t)
{
    for (const char *p = t; *p; p++)
        if (isdigit((unsigned char)*p))
            return true;
    return false;
}

static int where_clause(struct buf *sql, struct params *p, const struct web_people_query *q,
                        struct arena *a)
{
    int rc = buf_adds(sql, " WHERE p.council_id = ?");
    p_int(p, q->council_id);
    if (q->worker_id) {
        rc |= buf_adds(sql, " AND p.allocated_worker_id = ?");
        p_int(p, q->worker_id);
    }
    if (q->team_of || q->manager_id) {
        rc |= buf_adds(sql, " AND p.allocated_worker_id IN (SELECT w.id FROM staff w WHERE "
                            "w.council_id = ? AND (w.team_id = ? OR w.manager_id = ?))");
        p_int(p, q->council_id);
        p_int(p, q->team_of ? q->team_of : -1);
        p_int(p, q->manager_id ? q->manager_id : -1);
    }
    if (q->dob && *q->dob) {
        rc |= buf_adds(sql, " AND p.date_of_birth = ?");
        p_text(p, q->dob);
    }
    if (q->text && *q->text) {
        const char *t = q->text;
        if (looks_like_reference(t)) {
            char *up = arena_strdup(a, t);
            if (!up)
                return ERR_NOMEM;
            for (char *c = up; *c; c++)
                *c = (char)toupper((unsigned char)*c);
            rc |= buf_adds(sql, " AND (p.reference = ? OR p.nhs_number = ?)");
            p_text(p, up);
            p_text(p, t);
        } else {
            const char *space = strchr(t, ' ');
            if (space) {
                /* "given family": both prefixes. */
                char *g = fold(a, t, (size_t)(space - t));
                const char *rest = space;
                char *f;
                while (*rest == ' ')
                    rest++;
                f = fold(a, rest, strlen(rest));
                if (!g || !f)
                    return ERR_NOMEM;
                rc |= buf_adds(sql, " AND p.given_key >= ? AND p.given_key < ? AND "
                                    "p.family_key >= ? AND p.family_key < ?");
                p_text(p, g);
                p_text(p, arena_printf(a, "%s~", g));
                p_text(p, f);
                p_text(p, arena_printf(a, "%s~", f));
            } else {
                char *k = fold(a, t, strlen(t));
                if (!k)
                    return ERR_NOMEM;
                /* Family or given name. Written as a union of two index range scans, not an
                 * OR, so neither backend's planner can fall back to scanning the council. */
                rc |= buf_adds(sql, " AND p.id IN (SELECT f.id FROM people f WHERE f.council_id = ? "
                                    "AND f.family_key >= ? AND f.family_key < ? UNION SELECT g.id "
                                    "FROM people g WHERE g.council_id = ? AND g.given_key >= ? AND "
                                    "g.given_key < ?)");
                p_int(p, q->council_id);
                p_text(p, k);
                p_text(p, arena_printf(a, "%s~", k));
                p_int(p, q->council_id);
                p_text(p, k);
                p_text(p, arena_printf(a, "%s~", k));
            }
        }
    }
    return rc ? ERR_NOMEM : 0;
}

#define PERSON_LIST                                                                        \
    "p.id, p.reference, p.given_name, p.family_name, p.preferred_name, "                  \
    "p.date_of_birth, p.nhs_number, p.address_line1, p.address_line2, p.town, p.postcode, " \
    "p.phone, p.email, p.client_group, p.communication_needs, coalesce(w.name, ''), "     \
    "coalesce(t.name, ''), p.allocated_worker_id, p.easy_read, p.version"
#define PERSON_NCOLS 20 /* the columns of PERSON_LIST, read by read_person */
#define PERSON_FROM                                                                        \
    " FROM people p LEFT JOIN staff w ON w.council_id = p.council_id AND w.id = "          \
    "p.allocated_worker_id LEFT JOIN teams t ON t.council_id = w.council_id AND t.id = "   \
    "w.team_id"
#define PERSON_COLS "SELECT " PERSON_LIST PERSON_FROM

static void read_person(struct store_stmt *s, struct arena *a, struct web_person *p)
{
    p->id = store_col_i64(s, 0);
    p->reference = dup(a, store_col_text(s, 1));
    p->given_name = dup(a, store_col_text(s, 2));
    p->family_name = dup(a, store_col_text(s, 3));
    p->preferred_name = dup(a, store_col_text(s, 4));
    p->date_of_birth = dup(a, store_col_text(s, 5));
    p->nhs_number = dup(a, store_col_text(s, 6));
    p->address_line1 = dup(a, store_col_text(s, 7));
    p->address_line2 = dup(a, store_col_text(s, 8));
    p->town = dup(a, store_col_text(s, 9));
    p->postcode = dup(a, store_col_text(s, 10));
    p->phone = dup(a, store_col_text(s, 11));
    p->email = dup(a, store_col_text(s, 12));
    p->client_group = dup(a, store_col_text(s, 13));
    p->communication_needs = dup(a, store_col_text(s, 14));
    p->allocated_worker_name = dup(a, store_col_text(s, 15));
    p->team_name = dup(a, store_col_text(s, 16));
    p->allocated_worker_id = store_col_i64(s, 17);
    p->easy_read = store_col_i64(s, 18) != 0;
    p->version = store_col_i64(s, 19);
}

int web_people_search(struct store_conn *c, const struct web_people_query *q, struct arena *a,
                      struct web_person **out, size_t *n, int64_t *total, struct err *e)
{
    struct buf sql;
    struct params p = {0};
    struct store_stmt *s = NULL;
    int rc;
    size_t cap = (size_t)(q->limit > 0 ? q->limit : 1);

    *n = 0;
    *total = 0;
    *out = arena_array(a, cap, sizeof **out);
    if (!*out)
        return err_set(e, ERR_NOMEM, "out of memory");
    buf_init(&sql, 4096);
    rc = buf_adds(&sql, "SELECT count(*) FROM people p");
    if (rc == 0)
        rc = where_clause(&sql, &p, q, a);
    if (rc != 0) {
        buf_release(&sql);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    if ((rc = store_prepare(c, sql.data, &s, e)) == 0) {
        p_bind(s, &p);
        rc = store_step(s, e);
        if (rc == STORE_ROW)
            *total = store_col_i64(s, 0);
        store_finish(s);
    }
    if (rc < 0 || *total == 0) {
        buf_release(&sql);
        return rc < 0 ? rc : 0;
    }

    buf_reset(&sql);
    memset(&p, 0, sizeof p);
    rc = buf_adds(&sql, PERSON_COLS);
    if (rc == 0)
        rc = where_clause(&sql, &p, q, a);
    if (rc == 0)
        rc = buf_adds(&sql, " ORDER BY p.family_key, p.given_key, p.id LIMIT ? OFFSET ?");
    if (rc != 0) {
        buf_release(&sql);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    p_int(&p, q->limit);
    p_int(&p, q->offset);
    if ((rc = store_prepare(c, sql.data, &s, e)) == 0) {
        p_bind(s, &p);
        while ((rc = store_step(s, e)) == STORE_ROW && *n < cap)
            read_person(s, a, &(*out)[(*n)++]);
        store_finish(s);
    }
    buf_release(&sql);
    return rc < 0 ? rc : 0;
}

int web_person_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                   struct web_person *out, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, PERSON_COLS " WHERE p.council_id = ? AND p.id = ?", &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        read_person(s, a, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_NOT_FOUND, "There is no such person.");
    }
    store_finish(s);
    return rc;
}

int web_links_of_account(struct store_conn *c, int64_t council_id, int64_t account_id,
                         int32_t today, struct arena *a, struct web_link **out, size_t *n,
                         struct err *e)
{
    struct store_stmt *s = NULL;
    size_t cap = 50;
    int rc;
    *n = 0;
    *out = arena_array(a, cap, sizeof **out);
    if (!*out)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = store_prepare(c,
                       "SELECT r.person_id, p.given_name || ' ' || p.family_name, p.reference, "
                       "r.kind, r.starts, r.ends, r.referral_accepted, r.consent_given, "
                       "coalesce(pc.authority, 'none'), r.basis FROM web_relationships r JOIN "
                       "people p ON p.council_id = r.council_id AND p.id = r.person_id LEFT JOIN "
                       "person_contacts pc ON pc.council_id = r.council_id AND pc.id = "
                       "r.contact_id WHERE r.council_id = ? AND r.account_id = ? ORDER BY "
                       "p.family_key, p.given_key, r.id LIMIT 50",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, account_id);
    while ((rc = store_step(s, e)) == STORE_ROW && *n < cap) {
        struct web_link *l = &(*out)[*n];
        struct relationship r = {0};
        const char *starts = store_col_text(s, 4), *ends = store_col_text(s, 5);
        const char *auth = store_col_text(s, 8);
        if (relationship_kind_parse(store_col_text(s, 3), &r.kind) != 0)
            continue;
        r.starts = REL_OPEN_END;
        r.ends = REL_OPEN_END;
        if (starts)
            (void)date_parse_iso(starts, strlen(starts), &r.starts, "starts", NULL);
        if (ends && date_parse_iso(ends, strlen(ends), &r.ends, "ends", NULL) != 0)
            r.ends = 0;
        r.referral_accepted = store_col_i64(s, 6) != 0;
        r.consent_given = store_col_i64(s, 7) != 0;
        r.authority_recorded = auth && strcmp(auth, "none") != 0;
        l->person_id = store_col_i64(s, 0);
        l->person_name = dup(a, store_col_text(s, 1));
        l->reference = dup(a, store_col_text(s, 2));
        l->kind = r.kind;
        l->live = relationship_live(&r, today);
        l->basis = dup(a, store_col_text(s, 9));
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_person_contacts(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct web_contact **out, size_t *n, struct err *e)
{
    struct store_stmt *s = NULL;
    size_t cap = 20;
    int rc;
    *n = 0;
    *out = arena_array(a, cap, sizeof **out);
    if (!*out)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = store_prepare(c,
                       "SELECT name, relationship, authority, authority_scope, "
                       "emergency_contact FROM person_contacts WHERE council_id = ? AND "
                       "person_id = ? ORDER BY id LIMIT 20",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW && *n < cap) {
        struct web_contact *w = &(*out)[(*n)++];
        w->name = dup(a, store_col_text(s, 0));
        w->relationship = dup(a, store_col_text(s, 1));
        w->authority = dup(a, store_col_text(s, 2));
        w->authority_scope = dup(a, store_col_text(s, 3));
        w->emergency = store_col_i64(s, 4) != 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_person_summary_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                           struct web_person *out, struct web_contact **contacts, size_t *n,
                           struct err *e)
{
    struct store_stmt *s = NULL;
    struct web_contact *w;
    size_t cap = 20;
    bool found = false;
    int rc;
    *n = 0;
    *contacts = arena_array(a, cap, sizeof **contacts);
    if (!*contacts)
        return err_set(e, ERR_NOMEM, "out of memory");
    /* One row per contact (the person's columns repeated), or one row with NULL contact columns
     * when they have none. */
    rc = store_prepare(c,
                       "SELECT " PERSON_LIST ", pc.name, pc.relationship, pc.authority, "
                       "pc.authority_scope, pc.emergency_contact" PERSON_FROM
                       " LEFT JOIN person_contacts pc ON pc.council_id = p.council_id AND "
                       "pc.person_id = p.id WHERE p.council_id = ? AND p.id = ? ORDER BY pc.id "
                       "LIMIT 20",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (!found) {
            read_person(s, a, out);
            found = true;
        }
        if (store_col_is_null(s, PERSON_NCOLS) || *n == cap)
            continue;
        w = &(*contacts)[(*n)++];
        w->name = dup(a, store_col_text(s, PERSON_NCOLS));
        w->relationship = dup(a, store_col_text(s, PERSON_NCOLS + 1));
        w->authority = dup(a, store_col_text(s, PERSON_NCOLS + 2));
        w->authority_scope = dup(a, store_col_text(s, PERSON_NCOLS + 3));
        w->emergency = store_col_i64(s, PERSON_NCOLS + 4) != 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    return found ? 0 : err_set(e, ERR_NOT_FOUND, "There is no such person.");
}

/* The access facts and the summary in one statement: the person with their worker's team and
 * manager and the latest live break-glass grant, joined to the caller's relationships to the
 * person and to the person's contacts: one row per (relationship, contact) pair, or NULLs on
 * the side that has none. Both joins are index lookups and SQLite meets the ORDER BY from the
 * indexes' rowid order without sorting (a UNION ALL of the two sides, tried first, cost more:
 * it was materialised and sorted). A caller has at most a handful of relationships to one
 * person, so the pairs stay few; LIMIT 400 bounds a record with absurdly many, and what it cuts
 * off can only hide a relationship (access refused), never add one. Columns: 0-19 PERSON_LIST,
 * 20 team, 21 manager, 22 break-glass expiry, 23 relationship id, 24-29 kind, starts, ends,
 * referral accepted, consent given, the contact's authority (the layout web_access_facts_rel
 * reads), 30 contact id, 31-35 name, relationship, authority, emergency, authority scope.
 * These are the facts FACTS_SQL in access_store.c reads; a relationship kind added there that
 * grants a summary read belongs here too (until then guard_person_read re-decides any refusal
 * from web_access_facts_load, so the answer is right but costs a second statement). */
#define READ_SQL(who_col)                                                                      \
    "SELECT " PERSON_LIST ", w.team_id, w.manager_id, (SELECT max(b.expires_unix) FROM "       \
    "web_break_glass b WHERE b.council_id = p.council_id AND b.staff_id = ? AND b.person_id = " \
    "p.id AND b.expires_unix > ?), r.id, r.kind, r.starts, r.ends, r.referral_accepted, "      \
    "r.consent_given, coalesce((SELECT rc.authority FROM person_contacts rc WHERE "            \
    "rc.council_id = r.council_id AND rc.id = r.contact_id), 'none'), pc.id, pc.name, "        \
    "pc.relationship, pc.authority, pc.emergency_contact, pc.authority_scope" PERSON_FROM      \
    " LEFT JOIN web_relationships r ON r.council_id = p.council_id AND r.person_id = p.id AND " \
    "r." who_col " = ? LEFT JOIN person_contacts pc ON pc.council_id = p.council_id AND "       \
    "pc.person_id = p.id WHERE p.council_id = ? AND p.id = ? ORDER BY r.id, pc.id LIMIT 400"

int web_person_read_load(struct store_conn *c, const struct web_login *who, int64_t person_id,
                         int64_t now, struct arena *a, struct web_access_facts *facts,
                         bool *found, struct web_person *out, struct web_contact **contacts,
                         size_t *n, struct err *e)
{
    struct store_stmt *s = NULL;
    bool staff = who->kind == LOGIN_STAFF;
    size_t cap = 20;
    int64_t first_rel = 0, last_rel = 0;
    int rc;
    memset(facts, 0, sizeof *facts);
    *found = false;
    *n = 0;
    *contacts = arena_array(a, cap, sizeof **contacts);
    if (!*contacts)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = store_prepare(c, staff ? READ_SQL("staff_id") : READ_SQL("account_id"), &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, staff ? who->id : 0);
    store_bind_i64(s, 2, now);
    store_bind_i64(s, 3, who->id);
    store_bind_i64(s, 4, who->council_id);
    store_bind_i64(s, 5, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t rel = store_col_is_null(s, 23) ? 0 : store_col_i64(s, 23);
        if (!*found) {
            /* The person's columns come on every row: read them from the first. */
            read_person(s, a, out);
            web_access_facts_person(facts, who, person_id, out->allocated_worker_id,
                                    store_col_i64(s, 20), store_col_i64(s, 21),
                                    store_col_i64(s, 22));
            first_rel = last_rel = rel;
            if (rel)
                web_access_facts_rel(facts, s, 24);
            *found = true;
        } else if (rel != last_rel) {
            web_access_facts_rel(facts, s, 24); /* each relationship once, on its first row */
            last_rel = rel;
        }
        /* Each contact comes once for every relationship: read them with the first. */
        if (rel == first_rel && !store_col_is_null(s, 30) && *n < cap) {
            struct web_contact *w = &(*contacts)[(*n)++];
            w->name = dup(a, store_col_text(s, 31));
            w->relationship = dup(a, store_col_text(s, 32));
            w->authority = dup(a, store_col_text(s, 33));
            w->emergency = store_col_i64(s, 34) != 0;
            w->authority_scope = dup(a, store_col_text(s, 35));
        }
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
