/* person.c — the adults who receive care and support; see records.h. Besides the usual record
 * functions this holds the name keys that make search by name prefix an index range scan on both
 * backends, and the paginated search itself. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/nhs_number.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define PERSON_COLS                                                                         \
    "id, council_id, reference, given_name, family_name, preferred_name, date_of_birth, "   \
    "nhs_number, address_line1, address_line2, town, postcode, phone, email, client_group, " \
    "allocated_worker_id, communication_needs, easy_read, created_at, updated_at, version"
#define DUP_NHS "Another person in this council already has this NHS number"
#define FK_WORKER "The worker chosen is not a member of staff in this council"
#define NAME_KEY_SIZE 256
#define SEARCH_MAX_WORDS 3
#define SEARCH_MAX_LIMIT 200

static const struct {
    const char *name, *label;
} groups[CLIENT_GROUP_COUNT] = {
    [CLIENT_OLDER_PEOPLE] = {"older_people", "Older people"},
    [CLIENT_PHYSICAL_DISABILITY] = {"physical_disability", "Physical disability"},
    [CLIENT_SENSORY_IMPAIRMENT] = {"sensory_impairment", "Sensory impairment"},
    [CLIENT_LEARNING_DISABILITY] = {"learning_disability", "Learning disability"},
    [CLIENT_AUTISM] = {"autism", "Autism"},
    [CLIENT_MENTAL_HEALTH] = {"mental_health", "Mental health"},
    [CLIENT_OTHER] = {"other", "Other"},
};

const char *client_group_name(enum client_group g)
{
    return (unsigned)g < CLIENT_GROUP_COUNT ? groups[g].name : "other";
}

const char *client_group_label(enum client_group g)
{
    return (unsigned)g < CLIENT_GROUP_COUNT ? groups[g].label : "Other";
}

int client_group_parse(const char *s, enum client_group *out)
{
    for (int i = 0; i < CLIENT_GROUP_COUNT; i++)
        if (s && strcmp(s, groups[i].name) == 0) {
            *out = (enum client_group)i;
            return 0;
        }
    return ERR_INVALID;
}

/* ---- name keys ------------------------------------------------------------------------------ */

/* Latin letters with accents, folded to their base letters (Latin-1 Supplement and Latin
 * Extended-A: the names of Western and Central European languages). Other scripts are dropped
 * from the key, so such names are found by reference or date of birth instead. */
static const struct {
    unsigned lo, hi;
    const char *base;
} fold_ranges[] = {
    {0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"},
    {0xCC, 0xCF, "i"}, {0xD0, 0xD0, "d"}, {0xD1, 0xD1, "n"}, {0xD2, 0xD6, "o"},
    {0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"}, {0xDD, 0xDD, "y"}, {0xDE, 0xDE, "th"},
    {0xDF, 0xDF, "ss"}, {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"}, {0xE7, 0xE7, "c"},
    {0xE8, 0xEB, "e"}, {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"}, {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"}, {0xF8, 0xF8, "o"}, {0xF9, 0xFC, "u"}, {0xFD, 0xFD, "y"},
    {0xFE, 0xFE, "th"}, {0xFF, 0xFF, "y"}, {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},
    {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},
    {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},
    {0x174, 0x175, "w"}, {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

void person_name_key(const char *name, char *out, size_t outsz)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    if (outsz == 0)
        return;
    while (*p) {
        unsigned cp = *p;
        size_t len = 1;
        const char *add = NULL;
        char one[2] = {0, 0};
        if (cp >= 0x80) {
            if ((cp & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
                cp = ((cp & 0x1f) << 6) | (p[1] & 0x3f);
                len = 2;
            } else {
                /* three- and four-byte characters are never folded: skip them whole */
                len = (cp & 0xf0) == 0xe0 ? 3 : (cp & 0xf8) == 0xf0 ? 4 : 1;
                for (size_t i = 1; i < len; i++)
                    if (!p[i]) {
                        len = i;
                        break;
                    }
                cp = 0;
            }
            for (size_t i = 0; cp && i < sizeof fold_ranges / sizeof fold_ranges[0]; i++)
                if (cp >= fold_ranges[i].lo && cp <= fold_ranges[i].hi)
                    add = fold_ranges[i].base;
        } else if (isalnum((int)cp)) {
            one[0] = (char)tolower((int)cp);
            add = one;
        }
        for (; add && *add && n + 1 < outsz; add++)
            out[n++] = *add;
        p += len;
    }
    out[n] = '\0';
}

/* ---- validation ----------------------------------------------------------------------------- */

int person_validate(struct person *p, day_t today, struct err *e)
{
    int rc;
    day_t earliest;
    if ((rc = rec_text(p->given_name, 1, 100, REC_ONE_LINE, "given_name", "Given name", e)) ||
        (rc = rec_text(p->family_name, 1, 100, REC_ONE_LINE, "family_name", "Family name", e)) ||
        (rc = rec_text(p->preferred_name, 0, 100, REC_ONE_LINE, "preferred_name",
                       "Preferred name", e)))
        return rc;
    if (date_from_ymd(1900, 1, 1, &earliest) != 0)
        return err_set(e, ERR_INVALID, "internal error: calendar");
    if (p->date_of_birth < earliest || p->date_of_birth > today)
        return err_set_field(e, ERR_INVALID, "date_of_birth",
                             "Date of birth must be a real date in the past, after 1 January 1900");
    if ((rc = rec_text(p->nhs_number, 0, 15, REC_ONE_LINE, "nhs_number", "NHS number", e)))
        return rc;
    if (p->nhs_number[0]) {
        char typed[sizeof p->nhs_number];
        memcpy(typed, p->nhs_number, sizeof typed);
        if ((rc = nhs_number_parse(typed, p->nhs_number, "nhs_number", e)) != 0)
            return rc;
    }
    if ((rc = rec_text(p->address_line1, 0, 120, REC_ONE_LINE, "address_line1",
                       "Address line 1", e)) ||
        (rc = rec_text(p->address_line2, 0, 120, REC_ONE_LINE, "address_line2",
                       "Address line 2", e)) ||
        (rc = rec_text(p->town, 0, 60, REC_ONE_LINE, "town", "Town or city", e)) ||
        (rc = rec_postcode(p->postcode, "postcode", e)) ||
        (rc = rec_phone(p->phone, "phone", e)) || (rc = rec_email(p->email, false, "email", e)))
        return rc;
    if ((unsigned)p->client_group >= CLIENT_GROUP_COUNT)
        return err_set_field(e, ERR_INVALID, "client_group", "Choose the person's client group");
    if (p->allocated_worker_id < 0)
        return err_set_field(e, ERR_INVALID, "allocated_worker_id", "Choose a worker");
    return rec_text(p->communication_needs, 0, 500, REC_MULTI_LINE, "communication_needs",
                    "Communication needs", e);
}

/* ---- reading -------------------------------------------------------------------------------- */

static void read_row(struct store_stmt *s, struct person *out)
{
    enum client_group g = CLIENT_OTHER;
    const char *dob = store_col_text(s, 6);
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->council_id = store_col_i64(s, 1);
    store_col_copy(s, 2, out->reference, sizeof out->reference);
    store_col_copy(s, 3, out->given_name, sizeof out->given_name);
    store_col_copy(s, 4, out->family_name, sizeof out->family_name);
    store_col_copy(s, 5, out->preferred_name, sizeof out->preferred_name);
    if (!dob || date_parse_iso(dob, strlen(dob), &out->date_of_birth, NULL, NULL) != 0)
        out->date_of_birth = 0;
    store_col_copy(s, 7, out->nhs_number, sizeof out->nhs_number);
    store_col_copy(s, 8, out->address_line1, sizeof out->address_line1);
    store_col_copy(s, 9, out->address_line2, sizeof out->address_line2);
    store_col_copy(s, 10, out->town, sizeof out->town);
    store_col_copy(s, 11, out->postcode, sizeof out->postcode);
    store_col_copy(s, 12, out->phone, sizeof out->phone);
    store_col_copy(s, 13, out->email, sizeof out->email);
    client_group_parse(store_col_text(s, 14), &g);
    out->client_group = g;
    out->allocated_worker_id = store_col_i64(s, 15);
    store_col_copy(s, 16, out->communication_needs, sizeof out->communication_needs);
    out->easy_read = store_col_i64(s, 17) != 0;
    store_col_copy(s, 18, out->created_at, sizeof out->created_at);
    store_col_copy(s, 19, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 20);
}

static int get_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t id,
                   const char *reference, struct person *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    if (reference)
        store_bind_text(s, 2, reference);
    else
        store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        read_row(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = reference ? err_set(e, ERR_NOT_FOUND,
                                 "There is no person with the reference %s in this council",
                                 reference)
                       : rec_not_found("person", id, e);
    }
    store_finish(s);
    return rc;
}

int person_get(struct store_conn *c, int64_t council_id, int64_t id, struct person *out,
               struct err *e)
{
    return get_one(c, "SELECT " PERSON_COLS " FROM people WHERE council_id = ? AND id = ?",
                   council_id, id, NULL, out, e);
}

int person_find_reference(struct store_conn *c, int64_t council_id, const char *reference,
                          struct person *out, struct err *e)
{
    char ref[33];
    size_t n = 0;
    for (const char *p = reference; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (n + 1 >= sizeof ref)
            return err_set(e, ERR_NOT_FOUND, "There is no person with that reference");
        ref[n++] = (char)toupper((unsigned char)*p);
    }
    ref[n] = '\0';
    return get_one(c, "SELECT " PERSON_COLS " FROM people WHERE council_id = ? AND reference = ?",
                   council_id, 0, ref, out, e);
}

/* ---- writing -------------------------------------------------------------------------------- */

static day_t day_of(int64_t now)
{
    int64_t d = now / 86400;
    if (now < 0 && now % 86400)
        d--;
    return (day_t)d;
}

/* Binds the person's editable columns from index i (12 values + 2 keys); returns the next index. */
static int bind_fields(struct store_stmt *s, int i, const struct person *p)
{
    char dob[DATE_ISO_SIZE], gk[NAME_KEY_SIZE], fk[NAME_KEY_SIZE];
    person_name_key(p->given_name, gk, sizeof gk);
    person_name_key(p->family_name, fk, sizeof fk);
    date_format_iso(p->date_of_birth, dob);
    store_bind_text(s, i++, p->given_name);
    store_bind_text(s, i++, p->family_name);
    store_bind_text(s, i++, p->preferred_name);
    store_bind_text(s, i++, gk);
    store_bind_text(s, i++, fk);
    store_bind_text(s, i++, dob);
    store_bind_text(s, i++, p->nhs_number[0] ? p->nhs_number : NULL);
    store_bind_text(s, i++, p->address_line1);
    store_bind_text(s, i++, p->address_line2);
    store_bind_text(s, i++, p->town);
    store_bind_text(s, i++, p->postcode);
    store_bind_text(s, i++, p->phone);
    store_bind_text(s, i++, p->email);
    store_bind_text(s, i++, client_group_name(p->client_group));
    store_bind_id_or_null(s, i++, p->allocated_worker_id);
    store_bind_text(s, i++, p->communication_needs);
    store_bind_i64(s, i++, p->easy_read ? 1 : 0);
    return i;
}

int person_create(struct store_conn *c, int64_t council_id, struct person *p, int64_t now,
                  struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc;

    if (!store_in_transaction(c))
        return err_set(e, ERR_INVALID, "internal error: person_create must run in a transaction");
    if ((rc = person_validate(p, day_of(now), e)) != 0)
        return rc;

    /* The next reference number; the row lock this takes also orders concurrent creates. */
    if ((rc = store_prepare(c, "UPDATE councils SET next_person_number = next_person_number + 1 "
                               "WHERE id = ? RETURNING next_person_number - 1, code",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        snprintf(p->reference, sizeof p->reference, "%s-%06lld", store_col_text(s, 1),
                 (long long)store_col_i64(s, 0));
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_NOT_FOUND, "There is no council with id %lld", (long long)council_id);
    }
    store_finish(s);
    if (rc != 0)
        return rc;

    p->council_id = council_id;
    store_time_format(now, p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO people (council_id, reference, given_name, family_name, "
                            "preferred_name, given_key, family_key, date_of_birth, nhs_number, "
                            "address_line1, address_line2, town, postcode, phone, email, "
                            "client_group, allocated_worker_id, communication_needs, easy_read, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, p->reference);
    int i = bind_fields(s, 3, p);
    store_bind_text(s, i++, p->created_at);
    store_bind_text(s, i, p->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        p->id = store_col_i64(s, 0);
        p->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "nhs_number", DUP_NHS, "allocated_worker_id", FK_WORKER,
                               e);
    return 0;
}

int person_update(struct store_conn *c, int64_t council_id, struct person *p, int64_t now,
                  struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc;
    if ((rc = person_validate(p, day_of(now), e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE people SET given_name = ?, family_name = ?, "
                            "preferred_name = ?, given_key = ?, family_key = ?, "
                            "date_of_birth = ?, nhs_number = ?, address_line1 = ?, "
                            "address_line2 = ?, town = ?, postcode = ?, phone = ?, email = ?, "
                            "client_group = ?, allocated_worker_id = ?, communication_needs = ?, "
                            "easy_read = ?, updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    int i = bind_fields(s, 1, p);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, p->id);
    store_bind_i64(s, i, p->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        p->version = store_col_i64(s, 0);
        p->council_id = council_id;
        memcpy(p->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "people", "person", council_id, p->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "nhs_number", DUP_NHS, "allocated_worker_id", FK_WORKER,
                               e);
    return 0;
}

/* ---- search --------------------------------------------------------------------------------- */

struct search_terms {
    char lo[SEARCH_MAX_WORDS][NAME_KEY_SIZE];
    char hi[SEARCH_MAX_WORDS][NAME_KEY_SIZE];
    int nwords;
    char reference[33];
    char dob[DATE_ISO_SIZE];
};

/* The WHERE clause for q, into w; the values in t. Returns ERR_NOT_FOUND when no person can
 * match (a word with nothing searchable in it). */
static int build_where(const struct person_query *q, struct search_terms *t, struct buf *w,
                       struct err *e)
{
    memset(t, 0, sizeof *t);
    buf_adds(w, " WHERE council_id = ?");
    if (q->name) {
        const char *p = q->name;
        while (*p) {
            while (*p && isspace((unsigned char)*p))
                p++;
            if (!*p)
                break;
            const char *start = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            if (t->nwords == SEARCH_MAX_WORDS)
                return err_set_field(e, ERR_INVALID, "name",
                                     "Search with at most %d words of the name",
                                     SEARCH_MAX_WORDS);
            char word[NAME_KEY_SIZE];
            snprintf(word, sizeof word, "%.*s", (int)(p - start), start);
            person_name_key(word, t->lo[t->nwords], NAME_KEY_SIZE);
            size_t n = strlen(t->lo[t->nwords]);
            if (n == 0)
                return ERR_NOT_FOUND;
            memcpy(t->hi[t->nwords], t->lo[t->nwords], n + 1);
            t->hi[t->nwords][n - 1]++; /* keys are [a-z0-9]: the next byte is still ASCII */
            t->nwords++;
            buf_adds(w, " AND ((family_key >= ? AND family_key < ?) OR "
                        "(given_key >= ? AND given_key < ?))");
        }
    }
    if (q->has_birth_date) {
        date_format_iso(q->date_of_birth, t->dob);
        buf_adds(w, " AND date_of_birth = ?");
    }
    if (q->reference && *q->reference) {
        size_t n = 0;
        for (const char *p = q->reference; *p && n + 1 < sizeof t->reference; p++)
            if (!isspace((unsigned char)*p))
                t->reference[n++] = (char)toupper((unsigned char)*p);
        t->reference[n] = '\0';
        buf_adds(w, " AND reference = ?");
    }
    if (q->allocated_worker_id > 0)
        buf_adds(w, " AND allocated_worker_id = ?");
    return 0;
}

static int bind_where(struct store_stmt *s, int64_t council_id, const struct person_query *q,
                      const struct search_terms *t)
{
    int i = 1;
    store_bind_i64(s, i++, council_id);
    for (int k = 0; k < t->nwords; k++) {
        store_bind_text(s, i++, t->lo[k]);
        store_bind_text(s, i++, t->hi[k]);
        store_bind_text(s, i++, t->lo[k]);
        store_bind_text(s, i++, t->hi[k]);
    }
    if (q->has_birth_date)
        store_bind_text(s, i++, t->dob);
    if (q->reference && *q->reference)
        store_bind_text(s, i++, t->reference);
    if (q->allocated_worker_id > 0)
        store_bind_i64(s, i++, q->allocated_worker_id);
    return i;
}

int person_search(struct store_conn *c, int64_t council_id, const struct person_query *q,
                  struct arena *a, struct person_page *out, struct err *e)
{
    struct search_terms t;
    struct buf where, sql;
    struct store_stmt *s = NULL;
    int64_t limit = q->limit ? q->limit : 25;
    int rc;

    memset(out, 0, sizeof *out);
    if (limit < 1 || limit > SEARCH_MAX_LIMIT)
        return err_set_field(e, ERR_INVALID, "limit", "Ask for between 1 and %d people a page",
                             SEARCH_MAX_LIMIT);
    if (q->offset < 0 || q->offset > 1000000000)
        return err_set_field(e, ERR_INVALID, "offset", "The page asked for does not exist");

    buf_init(&where, 4096);
    buf_init(&sql, 8192);
    rc = build_where(q, &t, &where, e);
    if (rc == ERR_NOT_FOUND) { /* nothing searchable: an empty page, not an error */
        rc = 0;
        goto out;
    }
    if (rc != 0)
        goto out;

    buf_addf(&sql, "SELECT count(*) FROM people%s", where.data);
    if ((rc = store_prepare(c, sql.data, &s, e)) != 0)
        goto out;
    bind_where(s, council_id, q, &t);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        out->total = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        goto out;
    rc = 0;
    if (out->total == 0 || q->offset >= out->total)
        goto out;

    buf_reset(&sql);
    buf_addf(&sql,
             "SELECT " PERSON_COLS " FROM people%s ORDER BY family_key, given_key, id "
             "LIMIT ? OFFSET ?",
             where.data);
    out->items = arena_array(a, (size_t)limit, sizeof *out->items);
    if (!out->items) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = store_prepare(c, sql.data, &s, e)) != 0)
        goto out;
    int i = bind_where(s, council_id, q, &t);
    store_bind_i64(s, i++, limit);
    store_bind_i64(s, i, q->offset);
    while ((rc = store_step(s, e)) == STORE_ROW && out->n < (size_t)limit)
        read_row(s, &out->items[out->n++]);
    store_finish(s);
    if (rc > 0)
        rc = 0;
out:
    buf_release(&where);
    buf_release(&sql);
    if (rc != 0)
        memset(out, 0, sizeof *out);
    return rc;
}

int64_t person_count(struct store_conn *c, int64_t council_id, struct err *e)
{
    int64_t n = 0;
    int rc = store_query_i64(c, "SELECT count(*) FROM people WHERE council_id = ?", 1,
                             &council_id, &n, e);
    return rc != 0 ? rc : n;
}
