/* plan_choice.c — stored records of the ways to take a budget being offered; see plan_records.h. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/plan_records.h"
#include "store/record_util.h"
#include "store/store.h"

#define FK_MSG "There is no such person, or no such member of staff, in this council"

/* Columns read back, with the person's reference and the staff member's name joined in. */
#define OFFER_COLS                                                                               \
    "o.id, o.person_id, o.offered_by, o.offered_on, o.format, o.format_other, o.present, "       \
    "o.dp_offered, o.dp_unavailable, o.dp_unavailable_text, o.cm_offered, o.cm_unavailable, "   \
    "o.cm_unavailable_text, o.isf_offered, o.isf_unavailable, o.isf_unavailable_text, "         \
    "o.chosen, o.amount_dp, o.amount_cm, o.amount_isf, o.isf_provider, o.reasons, "             \
    "o.created_at, p.reference, s.name "
#define OFFER_FROM                                                                               \
    "FROM choice_offers o "                                                                      \
    "JOIN people p ON p.council_id = o.council_id AND p.id = o.person_id "                       \
    "JOIN staff s ON s.council_id = o.council_id AND s.id = o.offered_by "

static int joined_present(const struct choice_record *rec, struct buf *b, struct err *e)
{
    for (size_t i = 0; i < rec->npresent; i++) {
        if (strchr(rec->present[i], '\n') || strchr(rec->present[i], '\r'))
            return err_set_field(e, ERR_INVALID, "present",
                                 "A name in 'who was present' has a line break in it.");
        if ((i && buf_addc(b, '\n') != 0) || buf_adds(b, rec->present[i]) != 0)
            return err_set_field(e, ERR_INVALID, "present",
                                 "The list of who was present is too long.");
    }
    return 0;
}

int plan_choice_save(struct store_conn *c, int64_t council_id, int64_t person_id, int64_t offered_by,
                     const struct choice_record *rec, int64_t now, int64_t *id_out, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct buf present;
    char date[DATE_ISO_SIZE], stamp[STORE_TIME_SIZE];
    int rc, i = 1;

    if ((rc = choice_validate(rec, e)) != 0)
        return rc;
    /* The table's CHECKs repeat the domain's invariants (statutory reasons only for the direct
     * payment, never offered and unavailable at once), so other code cannot write a wrong row. */
    buf_init(&present, 2000);
    if ((rc = joined_present(rec, &present, e)) != 0)
        goto done;
    date_format_iso(rec->offered_on, date);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO choice_offers (council_id, person_id, offered_by, "
                            "offered_on, format, format_other, present, dp_offered, dp_unavailable, "
                            "dp_unavailable_text, cm_offered, cm_unavailable, cm_unavailable_text, "
                            "isf_offered, isf_unavailable, isf_unavailable_text, chosen, amount_dp, "
                            "amount_cm, amount_isf, isf_provider, reasons, created_at) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, person_id);
    store_bind_i64(s, i++, offered_by);
    store_bind_text(s, i++, date);
    store_bind_text(s, i++, choice_format_id(rec->format));
    store_bind_text(s, i++, rec->format == CHOICE_FORMAT_OTHER && rec->format_other ? rec->format_other : "");
    store_bind_text(s, i++, present.data);
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        const struct choice_offer *of = &rec->offers[o];
        store_bind_i64(s, i++, of->offered ? 1 : 0);
        store_bind_text(s, i++, choice_unavailable_id(of->unavailable));
        store_bind_text(s, i++, of->unavailable != CHOICE_AVAILABLE && of->unavailable_text
                                    ? of->unavailable_text
                                    : "");
    }
    store_bind_i64(s, i++, rec->chosen ? 1 : 0);
    store_bind_i64(s, i++, rec->amounts[CHOICE_DIRECT_PAYMENT]);
    store_bind_i64(s, i++, rec->amounts[CHOICE_COUNCIL_MANAGED]);
    store_bind_i64(s, i++, rec->amounts[CHOICE_ISF]);
    store_bind_text(s, i++, rec->amounts[CHOICE_ISF] > 0 && rec->isf_provider ? rec->isf_provider : "");
    store_bind_text(s, i++, rec->reasons ? rec->reasons : "");
    store_bind_text(s, i, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        if (id_out)
            *id_out = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        rc = rec_write_error(rc, &le, NULL, NULL, "person_id", FK_MSG, e);
done:
    buf_release(&present);
    return rc;
}

static const char *dup(struct arena *a, struct store_stmt *s, int col, bool *nomem)
{
    const char *t = store_col_text(s, col);
    char *d = arena_strdup(a, t ? t : "");
    if (!d)
        *nomem = true;
    return d;
}

static int read_row(struct store_stmt *s, struct arena *a, struct plan_choice_row *out,
                    struct err *e)
{
    struct choice_record *r = &out->rec;
    bool nomem = false;
    const char *present;
    size_t n = 1;
    int col = 7;

    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->offered_by = store_col_i64(s, 2);
    if (date_parse_iso(store_col_text(s, 3), 10, &r->offered_on, "offered_on", e) != 0)
        return ERR_IO; /* the table's CHECK keeps this from happening */
    if (choice_format_parse(store_col_text(s, 4), &r->format) != 0)
        return err_set(e, ERR_IO, "Unknown format in a stored offer.");
    r->format_other = dup(a, s, 5, &nomem);
    present = dup(a, s, 6, &nomem);
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        struct choice_offer *of = &r->offers[o];
        of->offered = store_col_i64(s, col++) != 0;
        if (choice_unavailable_parse(store_col_text(s, col++), &of->unavailable) != 0)
            return err_set(e, ERR_IO, "Unknown reason in a stored offer.");
        of->unavailable_text = dup(a, s, col++, &nomem);
    }
    r->chosen = store_col_i64(s, col++) != 0;
    r->amounts[CHOICE_DIRECT_PAYMENT] = store_col_i64(s, col++);
    r->amounts[CHOICE_COUNCIL_MANAGED] = store_col_i64(s, col++);
    r->amounts[CHOICE_ISF] = store_col_i64(s, col++);
    r->isf_provider = dup(a, s, col++, &nomem);
    r->reasons = dup(a, s, col++, &nomem);
    store_col_copy(s, col++, out->created_at, sizeof out->created_at);
    r->person_ref = dup(a, s, col++, &nomem);
    r->offered_by_name = dup(a, s, col++, &nomem);
    r->offered_by = arena_printf(a, "%" PRId64, out->offered_by);
    if (nomem || !r->offered_by)
        return err_set(e, ERR_NOMEM, "Out of memory.");

    /* The names present, one a line. */
    for (const char *p = present; *p; p++)
        n += *p == '\n';
    {
        const char **names = arena_array(a, n, sizeof *names);
        char *copy = arena_strdup(a, present), *line = copy;
        size_t k = 0;
        if (!names || !copy)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        while (line && k < n) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            names[k++] = line;
            line = nl ? nl + 1 : NULL;
        }
        r->present = names;
        r->npresent = k;
    }
    return 0;
}

static int query(struct store_conn *c, int64_t council_id, int64_t person_id, bool only_latest,
                 struct arena *a, struct plan_choice_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 4, count = 0;
    struct plan_choice_row *v = arena_array(a, cap, sizeof *v);
    int rc;
    *items = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    rc = store_prepare(c,
                       only_latest ? "SELECT " OFFER_COLS OFFER_FROM
                                     "WHERE o.council_id = ? AND o.person_id = ? "
                                     "ORDER BY o.offered_on DESC, o.id DESC LIMIT 1"
                                   : "SELECT " OFFER_COLS OFFER_FROM
                                     "WHERE o.council_id = ? AND o.person_id = ? "
                                     "ORDER BY o.offered_on DESC, o.id DESC",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (count == cap) {
            struct plan_choice_row *nv = arena_array(a, cap * 2, sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "Out of memory.");
                break;
            }
            memcpy(nv, v, count * sizeof *v);
            v = nv;
            cap *= 2;
        }
        if ((rc = read_row(s, a, &v[count], e)) != 0)
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

int plan_choice_latest(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_choice_row *out, struct err *e)
{
    struct plan_choice_row *items;
    size_t n;
    int rc = query(c, council_id, person_id, true, a, &items, &n, e);
    if (rc != 0)
        return rc;
    if (n == 0)
        return err_set(e, ERR_NOT_FOUND,
                       "There is no record that this person was offered the ways of taking their "
                       "budget.");
    *out = items[0];
    return 0;
}

int plan_choice_latest_for_budgets(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                                   struct arena *a, struct plan_choice_row **items, size_t *n,
                                   struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0, count = 0;
    struct plan_choice_row *v = NULL;
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    int rc;
    *items = NULL;
    *n = 0;
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the period is before its start.");
    date_format_iso(from, df);
    date_format_iso(to, dt);
    /* One statement for the whole period: the offer that counts is the one no later offer of the
     * same person beats (by offered_on, then id), the same order plan_choice_latest uses. Written
     * as NOT EXISTS rather than a window function so SQLite and PostgreSQL plan it the same way,
     * each probe an index seek on choice_offers_by_person. */
    rc = store_prepare(c,
                       "SELECT " OFFER_COLS OFFER_FROM
                       "WHERE o.council_id = ? AND o.person_id IN (SELECT b.person_id FROM "
                       "plan_budgets b WHERE b.council_id = ? AND b.agreed_on >= ? AND "
                       "b.agreed_on <= ?) AND NOT EXISTS (SELECT 1 FROM choice_offers o2 WHERE "
                       "o2.council_id = o.council_id AND o2.person_id = o.person_id AND "
                       "(o2.offered_on > o.offered_on OR (o2.offered_on = o.offered_on AND o2.id > "
                       "o.id))) ORDER BY o.person_id",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, council_id);
    store_bind_text(s, 3, df);
    store_bind_text(s, 4, dt);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct plan_choice_row *nv = arena_array(a, ncap, sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "Out of memory.");
                break;
            }
            if (count)
                memcpy(nv, v, count * sizeof *v);
            v = nv;
            cap = ncap;
        }
        if ((rc = read_row(s, a, &v[count], e)) != 0)
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

int plan_choice_history(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct plan_choice_row **items, size_t *n, struct err *e)
{
    return query(c, council_id, person_id, false, a, items, n, e);
}
