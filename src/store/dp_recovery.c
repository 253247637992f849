/* dp_recovery.c — settling an agreed recovery: money paid back (posted at once) and money kept
 * back from the next payment (attached to it when a batch is drafted, posted when the batch is
 * released); see dp_store.h and domain/dp_recovery.h for the rules, migration 0059 for the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/ledger_store.h"
#include "store/record_util.h"

/* The settlements of one recovery (or of every recovery of a direct payment when recovery_id is
 * 0), with whether the payment an offset is kept back from is still in a live batch. */
#define SETTLEMENTS_SQL                                                                            \
    "SELECT s.id, s.recovery_id, s.kind, s.amount, s.on_date, s.note, s.recorded_by, "            \
    "COALESCE(s.payment_id, 0), COALESCE(b.state, ''), COALESCE(s.journal_id, 0), "               \
    "COALESCE(p.due, '') FROM dp_recovery_settlements s LEFT JOIN dp_payments p ON "              \
    "p.council_id = s.council_id AND p.id = s.payment_id LEFT JOIN payment_batches b ON "         \
    "b.council_id = p.council_id AND b.id = p.batch_id WHERE s.council_id = ? AND s.dp_id = ? "   \
    "AND (? = 0 OR s.recovery_id = ?) ORDER BY s.id"

/* An offset counts as kept back while its payment is in a batch that is not cancelled (or once it
 * is posted); otherwise it is waiting for the next payment. */
static bool offset_attached(int64_t payment_id, const char *batch_state, int64_t journal_id)
{
    if (journal_id)
        return true;
    return payment_id && batch_state && *batch_state && strcmp(batch_state, "cancelled") != 0;
}

/* An offset is kept back once its batch is released (posted); until then it is waiting, in a
 * draft or approved batch or for the next one. */
static void settle_add(struct dp_recovery_state *st, bool offset, int64_t amount, bool posted)
{
    if (!offset)
        st->received += amount;
    else if (posted)
        st->kept_back += amount;
    else
        st->waiting += amount;
}

static int load_state(struct store_conn *c, int64_t council_id, int64_t dp_id,
                      int64_t recovery_id, bool lock, struct dp_recovery_state *st, struct err *e)
{
    struct store_stmt *s;
    char status[16] = "";
    int rc;
    memset(st, 0, sizeof *st);
    /* A no-op write takes the row's lock (PostgreSQL) or the writer's lock (SQLite) before the
     * sums are read, so two officers recording at once are settled one after the other. */
    if (lock) {
        if ((rc = store_prepare(c, "UPDATE dp_recoveries SET status = status WHERE council_id = ? "
                                   "AND dp_id = ? AND id = ?",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, dp_id);
        store_bind_i64(s, 3, recovery_id);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    if ((rc = store_prepare(c, "SELECT r.status, r.amount, COALESCE(j.posted_on, '') FROM "
                               "dp_recoveries r LEFT JOIN ledger_journals j ON j.council_id = "
                               "r.council_id AND j.id = r.journal_id WHERE r.council_id = ? AND "
                               "r.dp_id = ? AND r.id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, recovery_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        (void)store_col_copy(s, 0, status, sizeof status);
        st->amount = store_col_i64(s, 1);
        st->agreed_on = dp_col_date(s, 2);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return rec_not_found("recovery", recovery_id, e);
    st->agreed = strcmp(status, "agreed") == 0;
    if ((rc = store_prepare(c, SETTLEMENTS_SQL, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, recovery_id);
    store_bind_i64(s, 4, recovery_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *kind = store_col_text(s, 2);
        bool offset = kind && strcmp(kind, "offset") == 0;
        settle_add(st, offset, store_col_i64(s, 3), store_col_i64(s, 9) != 0);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int insert_settlement(struct store_conn *c, int64_t council_id, int64_t dp_id,
                             int64_t recovery_id, bool offset, int64_t amount, day_t on,
                             const char *note, const char *actor, int64_t journal_id, int64_t now,
                             int64_t *id, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_recovery_settlements (council_id, dp_id, "
                               "recovery_id, kind, amount, on_date, note, recorded_by, journal_id, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, recovery_id);
    store_bind_text(s, 4, offset ? "offset" : "received");
    store_bind_i64(s, 5, amount);
    dp_bind_date(s, 6, on);
    store_bind_text(s, 7, note);
    store_bind_text(s, 8, actor && *actor ? actor : "system");
    store_bind_id_or_null(s, 9, journal_id);
    store_bind_text(s, 10, stamp);
    rc = store_step(s, e);
    if (rc == STORE_ROW && id)
        *id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    return rc == STORE_ROW ? 0 : err_set(e, ERR_IO, "The settlement was not stored.");
}

static int count_settlements(struct store_conn *c, int64_t council_id, int64_t recovery_id,
                             int64_t *n, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "SELECT count(*) FROM dp_recovery_settlements WHERE council_id = ? "
                               "AND recovery_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, recovery_id);
    rc = store_step(s, e);
    *n = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int receive_locked(struct store_conn *c, int64_t council_id, int64_t dp_id,
                          int64_t recovery_id, int64_t amount, day_t on, const char *note,
                          const char *actor, day_t today, int64_t now, int64_t *id,
                          struct err *e)
{
    struct dp_recovery_state st;
    char ref[LEDGER_REF_SIZE], memo[LEDGER_MEMO_SIZE];
    int64_t journal_id = 0, seen = 0;
    int rc;
    if ((rc = load_state(c, council_id, dp_id, recovery_id, true, &st, e)) != 0 ||
        (rc = dp_recovery_check_receive(&st, amount, on, today, e)) != 0 ||
        (rc = count_settlements(c, council_id, recovery_id, &seen, e)) != 0)
        return rc;
    /* The journal names the recovery and which of its settlements this is: unique under the
     * recovery's lock, so a retry that got past an idempotency key still cannot post twice. */
    snprintf(ref, sizeof ref, "recovery:%lld:settlement:%lld", (long long)recovery_id,
             (long long)(seen + 1));
    snprintf(memo, sizeof memo, "Money paid back towards recovery %lld", (long long)recovery_id);
    if ((rc = ledger_store_post(c, LEDGER_J_RECOVERY_RECEIVED, council_id, dp_id, on, amount, 0, 0,
                                ref, memo, actor, now, &journal_id, e)) != 0)
        return rc;
    return insert_settlement(c, council_id, dp_id, recovery_id, false, amount, on, note, actor,
                             journal_id, now, id, e);
}

int dp_recovery_receive(struct store_conn *c, int64_t council_id, int64_t dp_id,
                        int64_t recovery_id, int64_t amount, day_t received_on, const char *note,
                        const char *actor, day_t today, int64_t now, int64_t *id, struct err *e)
{
    struct arena a;
    const char *text = "";
    bool own;
    int rc;
    arena_init(&a, 0);
    rc = dp_text(&a, note ? note : "", 0, 2000, true, "note", "The note", &text, e);
    if (rc == 0 && (rc = dp_tx_begin(c, &own, e)) == 0) {
        rc = receive_locked(c, council_id, dp_id, recovery_id, amount, received_on, text, actor,
                            today, now, id, e);
        rc = dp_tx_end(c, own, rc, e);
    }
    arena_release(&a);
    return rc;
}

int dp_recovery_offset(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       int64_t recovery_id, int64_t amount, const char *note, const char *actor,
                       int64_t now, int64_t *id, struct err *e)
{
    struct arena a;
    struct dp_recovery_state st;
    const char *text = "";
    bool own;
    int rc;
    arena_init(&a, 0);
    rc = dp_text(&a, note ? note : "", 0, 2000, true, "note", "The note", &text, e);
    if (rc == 0 && (rc = dp_tx_begin(c, &own, e)) == 0) {
        if ((rc = load_state(c, council_id, dp_id, recovery_id, true, &st, e)) == 0 &&
            (rc = dp_recovery_check_offset(&st, amount, e)) == 0)
            rc = insert_settlement(c, council_id, dp_id, recovery_id, true, amount,
                                   (day_t)(now / 86400), text, actor, 0, now, id, e);
        rc = dp_tx_end(c, own, rc, e);
    }
    arena_release(&a);
    return rc;
}

int dp_settlements_list(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                        struct dp_settlement_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, SETTLEMENTS_SQL, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, 0);
    store_bind_i64(s, 4, 0);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_settlement_row *r;
        const char *kind = store_col_text(s, 2);
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0)
            break;
        r = &(*items)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = store_col_i64(s, 0);
        r->recovery_id = store_col_i64(s, 1);
        r->offset = kind && strcmp(kind, "offset") == 0;
        r->amount = store_col_i64(s, 3);
        r->on_date = dp_col_date(s, 4);
        r->note = dp_col_text(a, s, 5);
        r->recorded_by = dp_col_text(a, s, 6);
        r->posted = store_col_i64(s, 9) != 0;
        if (offset_attached(store_col_i64(s, 7), store_col_text(s, 8), store_col_i64(s, 9))) {
            r->payment_id = store_col_i64(s, 7);
            r->payment_due = dp_col_date(s, 10);
        }
        if (!r->note || !r->recorded_by) {
            rc = dp_nomem(e);
            break;
        }
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* Fills each agreed recovery's settle state from its settlements (dp_monitor.c's list). */
int dp_recoveries_settle_fill(struct store_conn *c, int64_t council_id, int64_t dp_id,
                              struct dp_recovery_row *rows, size_t n, struct err *e)
{
    struct store_stmt *s;
    int rc;
    for (size_t i = 0; i < n; i++) {
        memset(&rows[i].settle, 0, sizeof rows[i].settle);
        rows[i].settle.agreed = rows[i].status == DP_RECOVERY_AGREED;
        rows[i].settle.amount = rows[i].amount;
    }
    if ((rc = store_prepare(c, SETTLEMENTS_SQL, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, 0);
    store_bind_i64(s, 4, 0);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t rid = store_col_i64(s, 1);
        const char *kind = store_col_text(s, 2);
        bool offset = kind && strcmp(kind, "offset") == 0;
        for (size_t i = 0; i < n; i++)
            if (rows[i].id == rid)
                settle_add(&rows[i].settle, offset, store_col_i64(s, 3),
                           store_col_i64(s, 9) != 0);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_recovery_totals(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       struct dp_recovery_state *sum, struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(sum, 0, sizeof *sum);
    if ((rc = store_prepare(c, SETTLEMENTS_SQL, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, 0);
    store_bind_i64(s, 4, 0);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *kind = store_col_text(s, 2);
        bool offset = kind && strcmp(kind, "offset") == 0;
        settle_add(sum, offset, store_col_i64(s, 3), store_col_i64(s, 9) != 0);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- with payment batches ---------------------------------------------------------------------- */

int dp_offsets_attach(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t payment_id,
                      int64_t total, int64_t *kept, struct err *e)
{
    struct store_stmt *s;
    int64_t ids[64], amounts[64];
    bool take[64];
    size_t n = 0;
    int rc;
    *kept = 0;
    /* Waiting: not posted, and not in a live batch. At most 64 are looked at per payment (an
     * officer records one or two); the rest wait for the next payment. */
    if ((rc = store_prepare(c, "SELECT s.id, s.amount FROM dp_recovery_settlements s LEFT JOIN "
                               "dp_payments p ON p.council_id = s.council_id AND p.id = "
                               "s.payment_id LEFT JOIN payment_batches b ON b.council_id = "
                               "p.council_id AND b.id = p.batch_id WHERE s.council_id = ? AND "
                               "s.dp_id = ? AND s.kind = 'offset' AND s.journal_id IS NULL AND "
                               "(s.payment_id IS NULL OR b.state = 'cancelled') ORDER BY s.id "
                               "LIMIT 64",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW && n < 64) {
        ids[n] = store_col_i64(s, 0);
        amounts[n] = store_col_i64(s, 1);
        n++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (n == 0)
        return 0;
    *kept = dp_recovery_offsets_take(total, amounts, n, take);
    for (size_t i = 0; i < n; i++) {
        if (!take[i])
            continue;
        if ((rc = store_prepare(c, "UPDATE dp_recovery_settlements SET payment_id = ? WHERE "
                                   "council_id = ? AND id = ? AND journal_id IS NULL",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, payment_id);
        store_bind_i64(s, 2, council_id);
        store_bind_i64(s, 3, ids[i]);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int dp_offsets_detach(struct store_conn *c, int64_t council_id, int64_t payment_id, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "UPDATE dp_recovery_settlements SET payment_id = NULL WHERE "
                               "council_id = ? AND payment_id = ? AND journal_id IS NULL",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, payment_id);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_offsets_post(struct store_conn *c, int64_t council_id, int64_t batch_id, day_t date,
                    const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct offset {
        int64_t id, dp_id, recovery_id, amount;
    } *list = NULL;
    size_t n = 0, cap = 0;
    int rc;
    if ((rc = store_prepare(c, "SELECT s.id, s.dp_id, s.recovery_id, s.amount FROM "
                               "dp_recovery_settlements s JOIN dp_payments p ON p.council_id = "
                               "s.council_id AND p.id = s.payment_id WHERE s.council_id = ? AND "
                               "p.batch_id = ? AND s.kind = 'offset' AND s.journal_id IS NULL "
                               "ORDER BY s.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, batch_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *nv = realloc(list, ncap * sizeof *list);
            if (!nv) {
                rc = dp_nomem(e);
                break;
            }
            list = nv;
            cap = ncap;
        }
        list[n].id = store_col_i64(s, 0);
        list[n].dp_id = store_col_i64(s, 1);
        list[n].recovery_id = store_col_i64(s, 2);
        list[n].amount = store_col_i64(s, 3);
        n++;
    }
    store_finish(s);
    rc = rc < 0 ? rc : 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char ref[LEDGER_REF_SIZE], memo[LEDGER_MEMO_SIZE];
        int64_t journal_id = 0;
        snprintf(ref, sizeof ref, "recovery-offset:%lld", (long long)list[i].id);
        snprintf(memo, sizeof memo, "Kept back from the payment in batch %lld towards recovery %lld",
                 (long long)batch_id, (long long)list[i].recovery_id);
        if ((rc = ledger_store_post(c, LEDGER_J_RECOVERY_OFFSET, council_id, list[i].dp_id, date,
                                    list[i].amount, 0, 0, ref, memo, actor, now, &journal_id, e)) !=
            0)
            break;
        if ((rc = store_prepare(c, "UPDATE dp_recovery_settlements SET journal_id = ? WHERE "
                                   "council_id = ? AND id = ? AND journal_id IS NULL",
                                &s, e)) != 0)
            break;
        store_bind_i64(s, 1, journal_id);
        store_bind_i64(s, 2, council_id);
        store_bind_i64(s, 3, list[i].id);
        rc = store_step(s, e);
        store_finish(s);
        rc = rc < 0 ? rc : 0;
    }
    free(list);
    return rc;
}

/* ---- verify-ledger ----------------------------------------------------------------------------- */

static int add_msg(struct arena *a, const char ***msgs, size_t *n, size_t *cap, const char *m,
                   struct err *e)
{
    if (!m)
        return dp_nomem(e);
    if (dp_grow(a, (void **)msgs, cap, *n, sizeof **msgs, e) != 0)
        return ERR_NOMEM;
    (*msgs)[(*n)++] = m;
    return 0;
}

int dp_settlements_verify(struct store_conn *c, int64_t council_id, struct arena *a,
                          const char ***msgs, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc, mrc = 0;
    *msgs = NULL;
    *n = 0;
    /* Each posted settlement names a journal of its own kind, direct payment and amount. */
    if ((rc = store_prepare(c, "SELECT s.id, s.council_id, s.kind, s.amount, s.dp_id, "
                               "COALESCE(j.kind, ''), COALESCE(j.dp_id, 0), (SELECT "
                               "COALESCE(sum(l.amount), 0) FROM ledger_lines l WHERE l.journal_id "
                               "= j.id AND l.amount > 0), s.journal_id FROM dp_recovery_settlements "
                               "s LEFT JOIN ledger_journals j ON j.council_id = s.council_id AND "
                               "j.id = s.journal_id WHERE (? = 0 OR s.council_id = ?) AND "
                               "s.journal_id IS NOT NULL ORDER BY s.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, council_id);
    while (mrc == 0 && (rc = store_step(s, e)) == STORE_ROW) {
        const char *kind = store_col_text(s, 2), *jkind = store_col_text(s, 5);
        bool offset = kind && strcmp(kind, "offset") == 0;
        const char *want = offset ? "recovery_offset" : "recovery_received";
        long long id = (long long)store_col_i64(s, 0), jid = (long long)store_col_i64(s, 8);
        if (!jkind || !*jkind)
            mrc = add_msg(a, msgs, n, &cap,
                         arena_printf(a, "Recovery settlement %lld (council %lld) names journal "
                                         "%lld, which does not exist.",
                                      id, (long long)store_col_i64(s, 1), jid),
                         e);
        else if (strcmp(jkind, want) != 0 || store_col_i64(s, 6) != store_col_i64(s, 4) ||
                 store_col_i64(s, 7) != store_col_i64(s, 3))
            mrc = add_msg(a, msgs, n, &cap,
                         arena_printf(a, "Recovery settlement %lld (%s of %lld pence, direct "
                                         "payment %lld) does not match its journal %lld (%s of "
                                         "%lld pence, direct payment %lld).",
                                      id, kind ? kind : "?", (long long)store_col_i64(s, 3),
                                      (long long)store_col_i64(s, 4), jid, jkind,
                                      (long long)store_col_i64(s, 7),
                                      (long long)store_col_i64(s, 6)),
                         e);
    }
    store_finish(s);
    if (mrc != 0)
        return mrc;
    if (rc < 0)
        return rc;
    /* An offset is posted only with the payment it was kept back from, in a released batch. */
    if ((rc = store_prepare(c, "SELECT s.id, COALESCE(b.id, 0), COALESCE(b.state, '') FROM "
                               "dp_recovery_settlements s LEFT JOIN dp_payments p ON p.council_id "
                               "= s.council_id AND p.id = s.payment_id LEFT JOIN payment_batches b "
                               "ON b.council_id = p.council_id AND b.id = p.batch_id WHERE (? = 0 "
                               "OR s.council_id = ?) AND s.kind = 'offset' AND s.journal_id IS NOT "
                               "NULL AND (b.id IS NULL OR b.state <> 'released') ORDER BY s.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, council_id);
    rc = 0;
    while (mrc == 0 && (rc = store_step(s, e)) == STORE_ROW)
        mrc = add_msg(a, msgs, n, &cap,
                     arena_printf(a, "Recovery settlement %lld was posted as kept back from a "
                                     "payment, but %s.",
                                  (long long)store_col_i64(s, 0),
                                  store_col_i64(s, 1)
                                      ? arena_printf(a, "the payment's batch %lld is %s, not "
                                                        "released",
                                                     (long long)store_col_i64(s, 1),
                                                     store_col_text(s, 2))
                                      : "it names no payment"),
                     e);
    store_finish(s);
    if (mrc != 0)
        return mrc;
    if (rc < 0)
        return rc;
    /* Nothing settled on a recovery that was not agreed, and never more than was agreed. */
    if ((rc = store_prepare(c, "SELECT r.id, r.status, r.amount, sum(s.amount) FROM dp_recoveries "
                               "r JOIN dp_recovery_settlements s ON s.council_id = r.council_id "
                               "AND s.recovery_id = r.id WHERE (? = 0 OR r.council_id = ?) GROUP "
                               "BY r.id, r.status, r.amount HAVING r.status <> 'agreed' OR "
                               "sum(s.amount) > r.amount ORDER BY r.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, council_id);
    rc = 0;
    while (mrc == 0 && (rc = store_step(s, e)) == STORE_ROW)
        mrc = add_msg(a, msgs, n, &cap,
                     arena_printf(a, "Recovery %lld (%s, %lld pence agreed) has %lld pence "
                                     "recorded as paid back or kept back.",
                                  (long long)store_col_i64(s, 0), store_col_text(s, 1),
                                  (long long)store_col_i64(s, 2),
                                  (long long)store_col_i64(s, 3)),
                     e);
    store_finish(s);
    if (mrc != 0)
        return mrc;
    return rc < 0 ? rc : 0;
}
