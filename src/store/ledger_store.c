/* ledger_store.c — journals and accounts in the store, checked by the pure ledger before they are
 * written; see ledger_store.h. */
#include "store/ledger_store.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "store/record_util.h"
#include "store/store.h"

#define ACTOR_DEFAULT "selfdirect"

/* Uses the caller's transaction if one is open, else starts one (*own says which). */
static int tx_begin(struct store_conn *c, bool *own, struct err *e)
{
    *own = !store_in_transaction(c);
    return *own ? store_begin(c, e) : 0;
}

static int tx_end(struct store_conn *c, bool own, int rc, struct err *e)
{
    if (!own)
        return rc;
    if (rc == 0)
        return store_commit(c, e);
    store_rollback(c);
    return rc;
}

/* Finds an account of this council, dp and kind (opening it when `open` is set and it does not
 * exist yet), and loads it with its stored balance into the working ledger. */
static int account_into(struct store_conn *c, struct ledger *l, int64_t council_id, int64_t dp_id,
                        enum ledger_account_kind kind, bool open, struct err *e)
{
    struct store_stmt *s;
    struct ledger_account a = {0};
    int rc;
    if (ledger_account_find(l, council_id, dp_id, kind))
        return 0;
    if ((rc = store_prepare(c, "SELECT id, balance FROM ledger_accounts WHERE council_id = ? AND "
                               "dp_id = ? AND kind = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, ledger_account_kind_name(kind));
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        a.id = store_col_i64(s, 0);
        a.balance = store_col_i64(s, 1);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE) {
        if (!open)
            return 0;
        if ((rc = store_prepare(c, "INSERT INTO ledger_accounts (council_id, dp_id, kind, balance) "
                                   "VALUES (?, ?, ?, 0) RETURNING id",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, dp_id);
        store_bind_text(s, 3, ledger_account_kind_name(kind));
        rc = store_step(s, e);
        if (rc == STORE_ROW)
            a.id = store_col_i64(s, 0);
        store_finish(s);
        if (rc != STORE_ROW)
            return rc < 0 ? rc : err_set(e, ERR_IO, "The ledger account was not created.");
    }
    a.council_id = council_id;
    a.dp_id = dp_id;
    a.kind = kind;
    return ledger_load_account(l, &a, e);
}

/* Loads an account by id (for the lines of a journal being reversed). */
static int account_by_id(struct store_conn *c, struct ledger *l, int64_t council_id, int64_t id,
                         struct err *e)
{
    struct store_stmt *s;
    struct ledger_account a = {0};
    int rc;
    if (ledger_account_get(l, id))
        return 0;
    if ((rc = store_prepare(c, "SELECT dp_id, kind, balance FROM ledger_accounts WHERE "
                               "council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        a.id = id;
        a.council_id = council_id;
        a.dp_id = store_col_i64(s, 0);
        if (ledger_account_kind_parse(store_col_text(s, 1), &a.kind) != 0)
            a.kind = (enum ledger_account_kind)0;
        a.balance = store_col_i64(s, 2);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return err_set(e, ERR_IO, "Ledger account %lld is missing; run selfdirect verify-ledger.",
                       (long long)id);
    return ledger_load_account(l, &a, e);
}

/* Writes the working ledger's newest journal (just accepted by ledger_post) to the store: the
 * journal, its lines, and each account's new balance. */
static int write_journal_at(struct store_conn *c, const struct ledger *l, size_t index,
                            bool balances, const char *actor, int64_t now, int64_t *id,
                            struct err *e)
{
    const struct ledger_journal *j = &l->journals[index];
    struct store_stmt *s;
    struct err le = {0};
    char day[DATE_ISO_SIZE], stamp[STORE_TIME_SIZE];
    int64_t jid = 0;
    int rc;

    date_format_iso(j->date, day);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO ledger_journals (council_id, dp_id, kind, posted_on, "
                               "reverses, batch_id, batch_line, source_ref, memo, actor, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, j->council_id);
    store_bind_i64(s, 2, j->dp_id);
    store_bind_text(s, 3, ledger_journal_kind_name(j->kind));
    store_bind_text(s, 4, day);
    store_bind_id_or_null(s, 5, j->reverses);
    store_bind_id_or_null(s, 6, j->batch_id);
    store_bind_id_or_null(s, 7, j->batch_line);
    store_bind_text(s, 8, j->source_ref[0] ? j->source_ref : NULL);
    store_bind_text(s, 9, j->memo);
    store_bind_text(s, 10, actor && *actor ? actor : ACTOR_DEFAULT);
    store_bind_text(s, 11, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        jid = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW)
        return rec_write_error(rc < 0 ? rc : ERR_IO, &le, "source_ref",
                               "This has just been recorded by someone else (the same statement "
                               "line, reversal or batch line), so it is not added again.",
                               NULL, NULL, e);
    for (size_t i = 0; i < j->nlines; i++) {
        if ((rc = store_prepare(c, "INSERT INTO ledger_lines (journal_id, line_no, account_id, "
                                   "amount) VALUES (?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, jid);
        store_bind_i64(s, 2, (int64_t)i + 1);
        store_bind_i64(s, 3, j->lines[i].account_id);
        store_bind_i64(s, 4, j->lines[i].amount);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
        if (!balances)
            continue;
        if ((rc = store_prepare(c, "UPDATE ledger_accounts SET balance = balance + ? WHERE "
                                   "council_id = ? AND id = ?",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, j->lines[i].amount);
        store_bind_i64(s, 2, j->council_id);
        store_bind_i64(s, 3, j->lines[i].account_id);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    if (id)
        *id = jid;
    return 0;
}

/* Writes the working ledger's newest journal with its balance changes. */
static int write_journal(struct store_conn *c, const struct ledger *l, const char *actor,
                         int64_t now, int64_t *id, struct err *e)
{
    return write_journal_at(c, l, l->njournals - 1, true, actor, now, id, e);
}

/* Loads the payments already made from a batch (line and amount), so the working ledger can refuse
 * a line paid twice or a total exceeded. */
static int batch_payments_into(struct store_conn *c, struct ledger *l, int64_t council_id,
                               int64_t batch_id, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "SELECT j.id, j.batch_line, l.amount FROM ledger_journals j JOIN "
                               "ledger_lines l ON l.journal_id = j.id WHERE j.council_id = ? AND "
                               "j.kind = 'payment' AND j.batch_id = ? AND l.amount > 0 ORDER BY j.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, batch_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct ledger_journal j;
        memset(&j, 0, sizeof j);
        j.id = store_col_i64(s, 0);
        j.council_id = council_id;
        j.kind = LEDGER_J_PAYMENT;
        j.batch_id = batch_id;
        j.batch_line = store_col_i64(s, 1);
        j.nlines = 2;
        j.lines[0].amount = store_col_i64(s, 2);
        j.lines[1].amount = -j.lines[0].amount;
        if ((rc = ledger_load_journal(l, &j, e)) != 0)
            break;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int source_used(struct store_conn *c, int64_t council_id, const char *ref, struct err *e)
{
    struct store_stmt *s;
    int64_t other = 0;
    int rc;
    if ((rc = store_prepare(c, "SELECT id FROM ledger_journals WHERE council_id = ? AND "
                               "source_ref = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, ref);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        other = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (other)
        return err_set(e, ERR_CONFLICT,
                       "This has already been recorded (journal %lld has the same source "
                       "reference), so it is not added again.",
                       (long long)other);
    return 0;
}

static int post_locked(struct store_conn *c, enum ledger_journal_kind k, int64_t council_id,
                       int64_t dp_id, day_t date, int64_t amount, int64_t batch_id,
                       int64_t batch_line, const char *ref, const char *memo, const char *actor,
                       int64_t now, int64_t *id, struct err *e)
{
    struct ledger l;
    int rc = 0;
    ledger_init(&l);
    if (ref && *ref && (rc = source_used(c, council_id, ref, e)) != 0)
        goto done;
    /* The two accounts the journal's shape names (council accounts have dp 0), opened if need
     * be; anything the domain will refuse (no dp, 0p, an unknown kind) opens nothing. */
    {
        enum ledger_account_kind dr, cr;
        bool open = dp_id > 0 && amount > 0;
        if (ledger_journal_shape(k, &dr, &cr) == 0 &&
            ((rc = account_into(c, &l, council_id, ledger_account_kind_is_council(dr) ? 0 : dp_id,
                                dr, open, e)) != 0 ||
             (rc = account_into(c, &l, council_id, ledger_account_kind_is_council(cr) ? 0 : dp_id,
                                cr, open, e)) != 0))
            goto done;
    }
    if (k == LEDGER_J_PAYMENT && batch_id > 0) {
        struct batch b;
        struct ledger_batch_info info;
        rc = payment_batch_load(c, council_id, batch_id, &b, e);
        if (rc == ERR_NOT_FOUND) {
            err_clear(e);
            rc = 0; /* the domain says why a payment needs a batch */
        } else if (rc == 0) {
            batch_ledger_info(&b, &info);
            rc = ledger_record_batch(&l, &info, e);
            if (rc == 0)
                rc = batch_payments_into(c, &l, council_id, batch_id, e);
        }
        batch_release(&b);
        if (rc != 0)
            goto done;
    }
    if ((rc = ledger_post_simple(&l, k, council_id, dp_id, date, amount, batch_id, batch_line, ref,
                                 memo, NULL, e)) != 0)
        goto done;
    rc = write_journal(c, &l, actor, now, id, e);
done:
    ledger_release(&l);
    return rc;
}

int ledger_store_post(struct store_conn *c, enum ledger_journal_kind k, int64_t council_id,
                      int64_t dp_id, day_t date, int64_t amount, int64_t batch_id,
                      int64_t batch_line, const char *source_ref, const char *memo,
                      const char *actor, int64_t now, int64_t *id, struct err *e)
{
    bool own;
    int rc;
    if ((rc = tx_begin(c, &own, e)) != 0)
        return rc;
    rc = post_locked(c, k, council_id, dp_id, date, amount, batch_id, batch_line, source_ref, memo,
                     actor, now, id, e);
    return tx_end(c, own, rc, e);
}

int ledger_store_post_batch(struct store_conn *c, int64_t council_id, int64_t dp_id,
                            struct ledger_post_req *reqs, size_t n, const char *actor,
                            int64_t now, struct err *e)
{
    struct ledger l;
    int64_t *before = NULL;
    size_t nacc;
    bool own;
    int rc;
    if ((rc = tx_begin(c, &own, e)) != 0)
        return rc;
    ledger_init(&l);
    for (size_t i = 0; i < n && rc == 0; i++) {
        enum ledger_account_kind dr, cr;
        if (reqs[i].kind == LEDGER_J_PAYMENT || reqs[i].kind == LEDGER_J_REVERSAL)
            rc = err_set(e, ERR_INVALID, "Payments and reversals are posted one at a time.");
        else if (ledger_journal_shape(reqs[i].kind, &dr, &cr) == 0 && dp_id > 0 &&
                 reqs[i].amount > 0)
            rc = account_into(c, &l, council_id, ledger_account_kind_is_council(dr) ? 0 : dp_id,
                              dr, true, e) != 0 ||
                         account_into(c, &l, council_id,
                                      ledger_account_kind_is_council(cr) ? 0 : dp_id, cr, true,
                                      e) != 0
                     ? (e->code ? e->code : ERR_IO)
                     : 0;
    }
    if (rc != 0)
        goto done;
    /* The balances as read, to write each account's net change once at the end. */
    nacc = l.naccounts;
    before = calloc(nacc ? nacc : 1, sizeof *before);
    if (!before) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    for (size_t i = 0; i < nacc; i++)
        before[i] = l.accounts[i].balance;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = ledger_post_simple(&l, reqs[i].kind, council_id, dp_id, reqs[i].date, reqs[i].amount,
                                0, 0, reqs[i].source_ref, reqs[i].memo, NULL, e);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = write_journal_at(c, &l, i, false, actor, now, &reqs[i].id, e);
    for (size_t i = 0; i < nacc && rc == 0; i++) {
        struct store_stmt *s;
        int64_t delta = l.accounts[i].balance - before[i];
        if (!delta)
            continue;
        if ((rc = store_prepare(c, "UPDATE ledger_accounts SET balance = balance + ? WHERE "
                                   "council_id = ? AND id = ?",
                                &s, e)) != 0)
            break;
        store_bind_i64(s, 1, delta);
        store_bind_i64(s, 2, council_id);
        store_bind_i64(s, 3, l.accounts[i].id);
        rc = store_step(s, e);
        store_finish(s);
        rc = rc < 0 ? rc : 0;
    }
done:
    free(before);
    ledger_release(&l);
    return tx_end(c, own, rc, e);
}

/* Loads one journal (with its lines) of the council into the working ledger; ERR_NOT_FOUND if
 * there is none. */
static int journal_into(struct store_conn *c, struct ledger *l, int64_t council_id, int64_t id,
                        struct err *e)
{
    struct store_stmt *s;
    struct ledger_journal j;
    int rc;
    memset(&j, 0, sizeof j);
    if ((rc = store_prepare(c, "SELECT dp_id, kind, posted_on, reverses, batch_id, batch_line, "
                               "source_ref FROM ledger_journals WHERE council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        const char *day = store_col_text(s, 2);
        j.id = id;
        j.council_id = council_id;
        j.dp_id = store_col_i64(s, 0);
        if (ledger_journal_kind_parse(store_col_text(s, 1), &j.kind) != 0)
            j.kind = (enum ledger_journal_kind)0;
        if (!day || date_parse_iso(day, strlen(day), &j.date, NULL, NULL) != 0)
            j.date = 0;
        j.reverses = store_col_i64(s, 3);
        j.batch_id = store_col_i64(s, 4);
        j.batch_line = store_col_i64(s, 5);
        store_col_copy(s, 6, j.source_ref, sizeof j.source_ref);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return err_set(e, ERR_NOT_FOUND, "There is no journal %lld to reverse.", (long long)id);
    if ((rc = store_prepare(c, "SELECT account_id, amount FROM ledger_lines WHERE journal_id = ? "
                               "ORDER BY line_no",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, id);
    while ((rc = store_step(s, e)) == STORE_ROW && j.nlines < LEDGER_MAX_LINES) {
        j.lines[j.nlines].account_id = store_col_i64(s, 0);
        j.lines[j.nlines].amount = store_col_i64(s, 1);
        j.nlines++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < j.nlines; i++)
        if ((rc = account_by_id(c, l, council_id, j.lines[i].account_id, e)) != 0)
            return rc;
    return ledger_load_journal(l, &j, e);
}

int ledger_store_reverse(struct store_conn *c, int64_t council_id, int64_t id, day_t date,
                         const char *memo, const char *actor, int64_t now, int64_t *new_id,
                         struct err *e)
{
    struct ledger l;
    bool own;
    int rc;
    int64_t by = 0;
    if ((rc = tx_begin(c, &own, e)) != 0)
        return rc;
    ledger_init(&l);
    if ((rc = journal_into(c, &l, council_id, id, e)) != 0)
        goto done;
    rc = store_query_i64(c, "SELECT id FROM ledger_journals WHERE council_id = ? AND reverses = ?",
                         2, (int64_t[]){council_id, id}, &by, e);
    if (rc == ERR_NOT_FOUND) {
        err_clear(e);
        rc = 0;
        by = 0;
    }
    if (rc != 0)
        goto done;
    if (by) {
        /* Enough of the existing reversal for the domain to refuse a second one. */
        struct ledger_journal r;
        memset(&r, 0, sizeof r);
        r.id = by;
        r.council_id = council_id;
        r.kind = LEDGER_J_REVERSAL;
        r.reverses = id;
        if ((rc = ledger_load_journal(&l, &r, e)) != 0)
            goto done;
    }
    if ((rc = ledger_reverse(&l, id, date, memo, NULL, e)) != 0)
        goto done;
    rc = write_journal(c, &l, actor, now, new_id, e);
done:
    ledger_release(&l);
    return tx_end(c, own, rc, e);
}

int ledger_store_balance(struct store_conn *c, int64_t council_id, int64_t dp_id,
                         enum ledger_account_kind kind, int64_t *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    *out = 0;
    if ((rc = store_prepare(c, "SELECT balance FROM ledger_accounts WHERE council_id = ? AND "
                               "dp_id = ? AND kind = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, ledger_account_kind_is_council(kind) ? 0 : dp_id);
    store_bind_text(s, 3, ledger_account_kind_name(kind));
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        *out = store_col_i64(s, 0);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- loading everything for verification ------------------------------------------------------ */

static int cmp_journal_id(const void *a, const void *b)
{
    int64_t x = ((const struct ledger_journal *)a)->id, y = ((const struct ledger_journal *)b)->id;
    return (x > y) - (x < y);
}

int ledger_store_load(struct store_conn *c, int64_t council_id, struct ledger *l, struct err *e)
{
    struct store_stmt *s;
    struct ledger_journal *js = NULL;
    size_t nj = 0, cap = 0;
    int64_t *bids = NULL, *bcouncils = NULL;
    size_t nb = 0;
    int rc;

    /* Accounts, with the balances as stored. */
    if ((rc = store_prepare(c, council_id
                                   ? "SELECT id, council_id, dp_id, kind, balance FROM "
                                     "ledger_accounts WHERE council_id = ? ORDER BY id"
                                   : "SELECT id, council_id, dp_id, kind, balance FROM "
                                     "ledger_accounts ORDER BY id",
                            &s, e)) != 0)
        return rc;
    if (council_id)
        store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct ledger_account a = {0};
        a.id = store_col_i64(s, 0);
        a.council_id = store_col_i64(s, 1);
        a.dp_id = store_col_i64(s, 2);
        if (ledger_account_kind_parse(store_col_text(s, 3), &a.kind) != 0)
            a.kind = (enum ledger_account_kind)0;
        a.balance = store_col_i64(s, 4);
        if ((rc = ledger_load_account(l, &a, e)) != 0)
            break;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Journals, then their lines attached by id. */
    if ((rc = store_prepare(c, council_id
                                   ? "SELECT id, council_id, dp_id, kind, posted_on, reverses, "
                                     "batch_id, batch_line, source_ref, memo FROM ledger_journals "
                                     "WHERE council_id = ? ORDER BY id"
                                   : "SELECT id, council_id, dp_id, kind, posted_on, reverses, "
                                     "batch_id, batch_line, source_ref, memo FROM ledger_journals "
                                     "ORDER BY id",
                            &s, e)) != 0)
        return rc;
    if (council_id)
        store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct ledger_journal *j;
        const char *day;
        if (nj == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            struct ledger_journal *nv = realloc(js, ncap * sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "Out of memory loading the ledger.");
                break;
            }
            js = nv;
            cap = ncap;
        }
        j = &js[nj++];
        memset(j, 0, sizeof *j);
        j->id = store_col_i64(s, 0);
        j->council_id = store_col_i64(s, 1);
        j->dp_id = store_col_i64(s, 2);
        if (ledger_journal_kind_parse(store_col_text(s, 3), &j->kind) != 0)
            j->kind = (enum ledger_journal_kind)0;
        day = store_col_text(s, 4);
        if (!day || date_parse_iso(day, strlen(day), &j->date, NULL, NULL) != 0)
            j->date = 0;
        j->reverses = store_col_i64(s, 5);
        j->batch_id = store_col_i64(s, 6);
        j->batch_line = store_col_i64(s, 7);
        (void)store_col_copy(s, 8, j->source_ref, sizeof j->source_ref);
        (void)store_col_copy(s, 9, j->memo, sizeof j->memo);
    }
    store_finish(s);
    if (rc < 0)
        goto done;
    if ((rc = store_prepare(c, council_id
                                   ? "SELECT l.journal_id, l.account_id, l.amount FROM ledger_lines "
                                     "l JOIN ledger_journals j ON j.id = l.journal_id WHERE "
                                     "j.council_id = ? ORDER BY l.journal_id, l.line_no"
                                   : "SELECT journal_id, account_id, amount FROM ledger_lines "
                                     "ORDER BY journal_id, line_no",
                            &s, e)) != 0)
        goto done;
    if (council_id)
        store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct ledger_journal key, *j;
        key.id = store_col_i64(s, 0);
        j = nj ? bsearch(&key, js, nj, sizeof *js, cmp_journal_id) : NULL;
        if (!j || j->nlines == LEDGER_MAX_LINES)
            continue; /* lines of no journal: they post to nothing verify can see */
        j->lines[j->nlines].account_id = store_col_i64(s, 1);
        j->lines[j->nlines].amount = store_col_i64(s, 2);
        j->nlines++;
    }
    store_finish(s);
    if (rc < 0)
        goto done;
    for (size_t i = 0; i < nj; i++)
        if ((rc = ledger_load_journal(l, &js[i], e)) != 0)
            goto done;

    /* Batches, with the approval checked against the lines as stored now. */
    if ((rc = payment_batch_ids(c, council_id, &bids, &bcouncils, &nb, e)) != 0)
        goto done;
    for (size_t i = 0; i < nb; i++) {
        struct batch b;
        struct ledger_batch_info info;
        if ((rc = payment_batch_load(c, bcouncils[i], bids[i], &b, e)) != 0) {
            batch_release(&b);
            goto done;
        }
        batch_ledger_info(&b, &info);
        batch_release(&b);
        if ((rc = ledger_record_batch(l, &info, e)) != 0)
            goto done;
    }
    rc = 0;
done:
    free(js);
    free(bids);
    free(bcouncils);
    return rc;
}
