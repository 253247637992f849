/* plan_challenge.c — stored challenges to budgets and decisions; see plan_records.h. */
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

#define CH_COLS                                                                                  \
    "c.id, c.person_id, c.raised_by, c.raised_by_name, c.subject, c.subject_ref, "              \
    "c.subject_hash, c.original_decider, c.amount_challenged, c.amount_sought, c.reasons, "     \
    "c.evidence, c.status, c.outcome, c.raised_on, c.acknowledged_on, c.review_started_on, "    \
    "c.decided_on, c.closed_on, c.decided_by, c.decision_reasons, c.revised_amount, "           \
    "c.created_at, c.updated_at, c.version, p.reference "
#define CH_FROM                                                                                  \
    "FROM budget_challenges c JOIN people p ON p.council_id = c.council_id AND p.id = c.person_id "

static int parse_id(const char *s, const char *(*name)(int), int count)
{
    for (int i = 0; s && i < count; i++)
        if (strcmp(s, name(i)) == 0)
            return i;
    return -1;
}

static const char *status_name(int i) { return challenge_status_id((enum challenge_status)i); }
static const char *outcome_name(int i) { return challenge_outcome_id((enum challenge_outcome)i); }
static const char *by_name(int i) { return challenge_by_id((enum challenge_by)i); }
static const char *subject_name(int i) { return challenge_subject_id((enum challenge_subject)i); }

/* A step's date, or NULL for a step not taken (the domain leaves those dates 0). */
static void bind_date(struct store_stmt *s, int i, day_t d, char buf[DATE_ISO_SIZE])
{
    if (d == 0) {
        store_bind_null(s, i);
        return;
    }
    date_format_iso(d, buf);
    store_bind_text(s, i, buf);
}

/* The state part of a challenge, bound from index i; returns the next index. */
static int bind_state(struct store_stmt *s, int i, const struct challenge *ch,
                      char dates[4][DATE_ISO_SIZE])
{
    store_bind_text(s, i++, challenge_status_id(ch->status));
    store_bind_text(s, i++, challenge_outcome_id(ch->outcome));
    bind_date(s, i++, ch->acknowledged_on, dates[0]);
    bind_date(s, i++, ch->review_started_on, dates[1]);
    bind_date(s, i++, ch->decided_on, dates[2]);
    bind_date(s, i++, ch->closed_on, dates[3]);
    store_bind_text(s, i++, ch->decided_by ? ch->decided_by : "");
    store_bind_text(s, i++, ch->decision_reasons ? ch->decision_reasons : "");
    store_bind_i64(s, i++, ch->revised_amount);
    return i;
}

static int evidence_text(const struct challenge *ch, struct buf *b, struct err *e)
{
    for (size_t i = 0; i < ch->nevidence; i++) {
        if (strchr(ch->evidence[i], '\n'))
            return err_set_field(e, ERR_INVALID, "evidence",
                                 "Describe each piece of evidence on one line.");
        if ((i && buf_addc(b, '\n') != 0) || buf_adds(b, ch->evidence[i]) != 0)
            return err_set_field(e, ERR_INVALID, "evidence", "The evidence list is too long.");
    }
    return 0;
}

int plan_challenge_create(struct store_conn *c, int64_t council_id, struct plan_challenge_row *row,
                          int64_t now, struct err *e)
{
    struct challenge *ch = &row->ch;
    struct store_stmt *s;
    struct err le = {0};
    struct buf ev;
    char raised[DATE_ISO_SIZE], dates[4][DATE_ISO_SIZE];
    int rc, i = 1;

    if (ch->status != CHALLENGE_RAISED)
        return err_set(e, ERR_INVALID, "A new challenge starts as raised.");
    if (ch->subject_hash && *ch->subject_hash && strlen(ch->subject_hash) != 64)
        return err_set_field(e, ERR_INVALID, "subject_hash", "The version reference is not valid.");
    buf_init(&ev, 8000);
    if ((rc = evidence_text(ch, &ev, e)) != 0)
        goto done;
    store_time_format(now, row->created_at);
    memcpy(row->updated_at, row->created_at, sizeof row->updated_at);
    date_format_iso(ch->raised_on, raised);
    if ((rc = store_prepare(c,
                            "INSERT INTO budget_challenges (council_id, person_id, raised_by, "
                            "raised_by_name, subject, subject_ref, subject_hash, original_decider, "
                            "amount_challenged, amount_sought, reasons, evidence, raised_on, "
                            "status, outcome, acknowledged_on, review_started_on, decided_on, "
                            "closed_on, decided_by, decision_reasons, revised_amount, created_at, "
                            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, row->person_id);
    store_bind_text(s, i++, challenge_by_id(ch->by));
    store_bind_text(s, i++, ch->by_name ? ch->by_name : "");
    store_bind_text(s, i++, challenge_subject_id(ch->subject));
    store_bind_text(s, i++, ch->subject_ref);
    store_bind_text(s, i++, ch->subject_hash ? ch->subject_hash : "");
    store_bind_text(s, i++, ch->original_decider ? ch->original_decider : "");
    store_bind_i64(s, i++, ch->amount_challenged);
    store_bind_i64(s, i++, ch->amount_sought);
    store_bind_text(s, i++, ch->reasons);
    store_bind_text(s, i++, ev.data);
    store_bind_text(s, i++, raised);
    i = bind_state(s, i, ch, dates);
    store_bind_text(s, i++, row->created_at);
    store_bind_text(s, i, row->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0) {
        rc = rec_write_error(rc, &le, NULL, NULL, "person_id",
                             "There is no such person in this council", e);
        goto done;
    }
done:
    buf_release(&ev);
    return rc;
}

static bool date_or_zero(struct store_stmt *s, int col, day_t *out)
{
    const char *t = store_col_text(s, col);
    *out = 0;
    if (!t)
        return true;
    return date_parse_iso(t, strlen(t), out, "date", NULL) == 0;
}

static int read_row(struct store_stmt *s, struct arena *a, struct plan_challenge_row *out,
                    struct err *e)
{
    struct challenge *ch = &out->ch;
    bool nomem = false, ok = true;
    int v;
    const char *ev;
    memset(out, 0, sizeof *out);
#define DUP(col) (nomem |= !(tmp = arena_strdup(a, store_col_text(s, col) ? store_col_text(s, col) : "")), tmp)
    char *tmp;
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    ok &= (v = parse_id(store_col_text(s, 2), by_name, CHALLENGE_BY_COUNT)) >= 0;
    ch->by = (enum challenge_by)(v < 0 ? 0 : v);
    ch->by_name = DUP(3);
    ok &= (v = parse_id(store_col_text(s, 4), subject_name, CHALLENGE_SUBJECT_COUNT)) >= 0;
    ch->subject = (enum challenge_subject)(v < 0 ? 0 : v);
    ch->subject_ref = DUP(5);
    ch->subject_hash = DUP(6);
    ch->original_decider = DUP(7);
    ch->amount_challenged = store_col_i64(s, 8);
    ch->amount_sought = store_col_i64(s, 9);
    ch->reasons = DUP(10);
    ev = DUP(11);
    ok &= (v = parse_id(store_col_text(s, 12), status_name, CHALLENGE_STATUS_COUNT)) >= 0;
    ch->status = (enum challenge_status)(v < 0 ? 0 : v);
    ok &= (v = parse_id(store_col_text(s, 13), outcome_name, CHALLENGE_OUTCOME_COUNT)) >= 0;
    ch->outcome = (enum challenge_outcome)(v < 0 ? 0 : v);
    ok &= date_or_zero(s, 14, &ch->raised_on);
    ok &= date_or_zero(s, 15, &ch->acknowledged_on);
    ok &= date_or_zero(s, 16, &ch->review_started_on);
    ok &= date_or_zero(s, 17, &ch->decided_on);
    ok &= date_or_zero(s, 18, &ch->closed_on);
    ch->decided_by = DUP(19);
    ch->decision_reasons = DUP(20);
    ch->revised_amount = store_col_i64(s, 21);
    store_col_copy(s, 22, out->created_at, sizeof out->created_at);
    store_col_copy(s, 23, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 24);
    ch->person_ref = DUP(25);
    ch->id = arena_printf(a, "%" PRId64, out->id);
#undef DUP
    if (nomem || !ch->id)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored challenge (id %" PRId64 ") could not be read.", out->id);
    /* Evidence: one description a line. */
    if (*ev) {
        size_t n = 1, k = 0;
        for (const char *p = ev; *p; p++)
            n += *p == '\n';
        const char **items = arena_array(a, n, sizeof *items);
        char *copy = arena_strdup(a, ev), *line = copy;
        if (!items || !copy)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        while (line && k < n) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            items[k++] = line;
            line = nl ? nl + 1 : NULL;
        }
        ch->evidence = items;
        ch->nevidence = k;
    }
    return 0;
}

int plan_challenge_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                       struct plan_challenge_row *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " CH_COLS CH_FROM "WHERE c.council_id = ? AND c.id = ?", &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_row(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = rec_not_found("challenge", id, e);
    store_finish(s);
    return rc;
}

int plan_challenge_update(struct store_conn *c, int64_t council_id, struct plan_challenge_row *row,
                          int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], dates[4][DATE_ISO_SIZE];
    int rc, i;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE budget_challenges SET status = ?, outcome = ?, "
                            "acknowledged_on = ?, review_started_on = ?, decided_on = ?, "
                            "closed_on = ?, decided_by = ?, decision_reasons = ?, "
                            "revised_amount = ?, updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    i = bind_state(s, 1, &row->ch, dates);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, row->id);
    store_bind_i64(s, i, row->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->version = store_col_i64(s, 0);
        memcpy(row->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    /* STORE_DONE is 0: test for "no row came back" before turning success into 0. */
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "budget_challenges", "challenge", council_id, row->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    return 0;
}

int plan_challenge_list(struct store_conn *c, int64_t council_id, int64_t person_id, day_t from,
                        day_t to, struct arena *a, struct plan_challenge_row **items, size_t *n,
                        struct err *e)
{
    struct store_stmt *s;
    size_t cap = 8, count = 0;
    struct plan_challenge_row *v = arena_array(a, cap, sizeof *v);
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    int rc;
    *items = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    date_format_iso(from, df);
    date_format_iso(to, dt);
    rc = store_prepare(c,
                       person_id > 0
                           ? "SELECT " CH_COLS CH_FROM "WHERE c.council_id = ? AND c.raised_on >= ? "
                             "AND c.raised_on <= ? AND c.person_id = ? ORDER BY c.raised_on, c.id"
                           : "SELECT " CH_COLS CH_FROM "WHERE c.council_id = ? AND c.raised_on >= ? "
                             "AND c.raised_on <= ? ORDER BY c.raised_on, c.id",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, df);
    store_bind_text(s, 3, dt);
    if (person_id > 0)
        store_bind_i64(s, 4, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (count == cap) {
            struct plan_challenge_row *nv = arena_array(a, cap * 2, sizeof *nv);
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
