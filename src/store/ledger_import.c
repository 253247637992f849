/* ledger_import.c — statements into the store and the ledger, each transaction once, matched to
 * the plan as it is stored; see ledger_store.h and dp_store.h (dp_import).
 *
 * Built for volume (bench/monitoring imports 10 million transactions): the fingerprints already
 * stored for the direct payment over the statement's dates are read once into a hash set; each new
 * transaction is one INSERT; the ledger gets at most four journals per import (one per kind of
 * movement, naming the import), not one per transaction. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "io/statement.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/ledger_store.h"
#include "store/record_util.h"
#include "store/store.h"

/* The first 60 bits of a hex fingerprint: the UNIQUE key of dp_txns (0055). */
static int64_t fp_key_of(const char *fp)
{
    int64_t v = 0;
    for (int i = 0; i < 15; i++) {
        char ch = fp[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : 0;
        v = (v << 4) | d;
    }
    return v;
}

/* ---- the fingerprints already stored: open addressing on fp_key -------------------------------- */

struct seen {
    int64_t *keys;         /* 0 = empty (a key of 0 is kept in has_zero) */
    const char **fps;
    size_t cap, n;
    bool has_zero;
    const char *zero_fp;
};

static size_t slot_of(int64_t k, size_t cap)
{
    uint64_t h = (uint64_t)k * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 20) & (cap - 1);
}

static int seen_add(struct seen *s, struct arena *a, int64_t k, const char *fp, struct err *e)
{
    if (k == 0) {
        s->has_zero = true;
        s->zero_fp = fp;
        return 0;
    }
    if ((s->n + 1) * 2 > s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 256;
        int64_t *nk = arena_array(a, ncap, sizeof *nk);
        const char **nf = arena_array(a, ncap, sizeof *nf);
        if (!nk || !nf)
            return dp_nomem(e);
        for (size_t i = 0; i < s->cap; i++)
            if (s->keys[i]) {
                size_t j = slot_of(s->keys[i], ncap);
                while (nk[j])
                    j = (j + 1) & (ncap - 1);
                nk[j] = s->keys[i];
                nf[j] = s->fps[i];
            }
        s->keys = nk;
        s->fps = nf;
        s->cap = ncap;
    }
    {
        size_t j = slot_of(k, s->cap);
        while (s->keys[j] && s->keys[j] != k)
            j = (j + 1) & (s->cap - 1);
        if (!s->keys[j])
            s->n++;
        s->keys[j] = k;
        s->fps[j] = fp;
    }
    return 0;
}

/* The stored fingerprint with key k, or NULL. */
static const char *seen_get(const struct seen *s, int64_t k)
{
    if (k == 0)
        return s->has_zero ? s->zero_fp : NULL;
    if (!s->cap)
        return NULL;
    for (size_t j = slot_of(k, s->cap); s->keys[j]; j = (j + 1) & (s->cap - 1))
        if (s->keys[j] == k)
            return s->fps[j];
    return NULL;
}

static int load_seen(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from,
                     day_t to, struct arena *a, struct seen *out, struct err *e)
{
    struct store_stmt *s;
    char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
    int rc;
    memset(out, 0, sizeof *out);
    date_format_iso(from, f);
    date_format_iso(to, t);
    if ((rc = store_prepare(c, "SELECT fp_key, fingerprint FROM dp_txns WHERE council_id = ? AND "
                               "dp_id = ? AND booked_on >= ? AND booked_on <= ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, f);
    store_bind_text(s, 4, t);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *fp = dp_col_text(a, s, 1);
        if (!fp) {
            rc = dp_nomem(e);
            break;
        }
        if ((rc = seen_add(out, a, store_col_i64(s, 0), fp, e)) != 0)
            break;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- importing ---------------------------------------------------------------------------------- */

enum { K_SPEND, K_REFUND, K_RECEIPT, K_FUNDS_IN, K_COUNT };

static const enum ledger_journal_kind kind_of[K_COUNT] = {LEDGER_J_SPEND, LEDGER_J_REFUND,
                                                          LEDGER_J_RECEIPT, LEDGER_J_FUNDS_IN};
static const char *const kind_words[K_COUNT][2] = {
    {"payment out", "payments out"},
    {"refund", "refunds"},
    {"council payment received", "council payments received"},
    {"payment of the person's own money", "payments of the person's own money"}};

struct pending {
    const struct statement_txn *t;
    int64_t fp_key;
    int kind;
    struct match_result m;
};

static const char *method_name(enum match_method m)
{
    switch (m) {
    case MATCH_RULE: return "rule";
    case MATCH_PAYEE: return "payee";
    case MATCH_REFERENCE: return "reference";
    case MATCH_NONE: break;
    }
    return "none";
}

/* "YYYY-MM-DD" without printf: this runs for every transaction of a bulk import. */
static void iso_date(day_t d, char out[DATE_ISO_SIZE])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    out[0] = (char)('0' + (y / 1000) % 10);
    out[1] = (char)('0' + (y / 100) % 10);
    out[2] = (char)('0' + (y / 10) % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

#define TXNS_PER_INSERT 32 /* rows per INSERT statement: 640 parameters */

/* Inserts the new transactions, up to TXNS_PER_INSERT to a statement (one statement per row
 * costs more in preparing, resetting and binding than in the row itself). */
static int insert_txns(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t import_id,
                       const struct pending *p, size_t n, const int64_t journals[], struct err *e)
{
    struct buf sql;
    int rc = 0;
    buf_init(&sql, 16u << 10);
    for (size_t done = 0; done < n && rc == 0;) {
        size_t k = n - done < TXNS_PER_INSERT ? n - done : TXNS_PER_INSERT;
        struct store_stmt *s;
        struct err le = {0};
        char days[TXNS_PER_INSERT][DATE_ISO_SIZE];
        int i = 1;
        buf_reset(&sql);
        rc |= buf_adds(&sql, "INSERT INTO dp_txns (council_id, dp_id, import_id, fp_key, "
                             "fingerprint, booked_on, amount, balance, description, reference, "
                             "payee, type, bank_ref, is_cash, is_reversal, journal_id, "
                             "match_method, plan_line_id, match_rule_id, match_payee_id) VALUES ");
        for (size_t r = 0; r < k; r++)
            rc |= buf_adds(&sql, r ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                   : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (rc != 0) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            break;
        }
        if ((rc = store_prepare(c, sql.data, &s, e)) != 0)
            break;
        for (size_t r = 0; r < k; r++) {
            const struct pending *x = &p[done + r];
            const struct statement_txn *t = x->t;
            iso_date(t->date, days[r]);
            store_bind_i64(s, i++, council_id);
            store_bind_i64(s, i++, dp_id);
            store_bind_i64(s, i++, import_id);
            store_bind_i64(s, i++, x->fp_key);
            store_bind_text(s, i++, t->fingerprint);
            store_bind_text(s, i++, days[r]);
            store_bind_i64(s, i++, t->amount);
            if (t->has_balance)
                store_bind_i64(s, i++, t->balance);
            else
                store_bind_null(s, i++);
            store_bind_text(s, i++, t->description ? t->description : "");
            store_bind_text(s, i++, t->reference ? t->reference : "");
            store_bind_text(s, i++, t->payee ? t->payee : "");
            store_bind_text(s, i++, t->type ? t->type : "");
            store_bind_text(s, i++, t->bank_ref ? t->bank_ref : "");
            store_bind_i64(s, i++, t->is_cash ? 1 : 0);
            store_bind_i64(s, i++, t->is_reversal ? 1 : 0);
            store_bind_id_or_null(s, i++, journals[x->kind]);
            store_bind_text(s, i++, method_name(x->m.method));
            store_bind_id_or_null(s, i++, x->m.plan_line_id);
            store_bind_id_or_null(s, i++, x->m.rule_id);
            store_bind_id_or_null(s, i++, x->m.payee_id);
        }
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0) {
            rc = rec_write_error(rc, &le, "fingerprint",
                                 "This statement is being imported by someone else at the same "
                                 "time; import it again in a moment and nothing will be added "
                                 "twice.",
                                 NULL, NULL, e);
            break;
        }
        rc = 0;
        done += k;
    }
    buf_release(&sql);
    return rc;
}

static int import_locked(struct store_conn *c, int64_t council_id, int64_t dp_id,
                         const struct statement *st, const char *actor, int64_t now,
                         struct arena *a, struct dp_import_result *out, struct err *e)
{
    struct store_stmt *s;
    struct match_book book;
    struct match_quick quick;
    struct seen seen;
    struct pending *pend = NULL;
    char stamp[STORE_TIME_SIZE];
    int64_t in_transit = 0, sums[K_COUNT] = {0}, journals[K_COUNT] = {0};
    size_t counts[K_COUNT] = {0}, npend = 0;
    day_t first = 0, last = 0, dates[K_COUNT] = {0};
    int rc;

    if ((rc = dp_book_load(c, council_id, dp_id, a, &book, e)) != 0 ||
        (rc = match_quick_prepare(&book, a, &quick, e)) != 0)
        return rc;
    for (size_t i = 0; i < st->n; i++) {
        if (!first || st->txns[i].date < first)
            first = st->txns[i].date;
        if (st->txns[i].date > last)
            last = st->txns[i].date;
    }
    if (st->n && (rc = load_seen(c, council_id, dp_id, first, last, a, &seen, e)) != 0)
        return rc;
    if (!st->n)
        memset(&seen, 0, sizeof seen);

    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO statement_imports (council_id, dp_id, format, account, "
                               "transactions, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                               "RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, st->format && *st->format ? st->format : "unknown");
    store_bind_text(s, 4, st->account ? st->account : "");
    store_bind_i64(s, 5, (int64_t)st->n);
    store_bind_text(s, 6, actor && *actor ? actor : "selfdirect");
    store_bind_text(s, 7, stamp);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        out->import_id = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW)
        return rc < 0 ? rc : err_set(e, ERR_IO, "The import was not recorded.");
    if ((rc = ledger_store_balance(c, council_id, dp_id, LEDGER_BANK_CLEARING, &in_transit, e)) != 0)
        return rc;

    pend = arena_array(a, st->n ? st->n : 1, sizeof *pend);
    if (!pend)
        return dp_nomem(e);
    for (size_t i = 0; i < st->n; i++) {
        const struct statement_txn *t = &st->txns[i];
        struct pending *p;
        int64_t key = fp_key_of(t->fingerprint), amount = t->amount < 0 ? -t->amount : t->amount;
        const char *had = seen_get(&seen, key);
        if (had) {
            if (strcmp(had, t->fingerprint) != 0) {
                rc = err_set(e, ERR_CONFLICT,
                             "Line %d's transaction cannot be told apart from one imported before "
                             "(their fingerprints share their first 60 bits). Nothing has been "
                             "imported; report this, it should never happen.",
                             t->line);
                break;
            }
            out->already++;
            continue;
        }
        if ((rc = seen_add(&seen, a, key, t->fingerprint, e)) != 0)
            break;
        p = &pend[npend++];
        p->t = t;
        p->fp_key = key;
        if (t->amount < 0)
            p->kind = K_SPEND;
        else if (t->is_reversal)
            p->kind = K_REFUND;
        else if (in_transit >= amount) {
            p->kind = K_RECEIPT;
            in_transit -= amount;
        } else
            p->kind = K_FUNDS_IN;
        sums[p->kind] += amount;
        counts[p->kind]++;
        if (t->date > dates[p->kind])
            dates[p->kind] = t->date;
        if (t->amount < 0)
            out->money_out += amount;
        else
            out->money_in += amount;
        /* The reason in words is worked out again when it is shown (match_txn). */
        match_txn_quick(t, &quick, &p->m);
        if (p->m.plan_line_id)
            out->matched++;
    }
    if (rc != 0)
        return rc;

    {
        struct ledger_post_req reqs[K_COUNT];
        char refs[K_COUNT][LEDGER_REF_SIZE], memos[K_COUNT][LEDGER_MEMO_SIZE];
        int which[K_COUNT];
        size_t nreq = 0;
        for (int k = 0; k < K_COUNT; k++) {
            if (!counts[k])
                continue;
            snprintf(refs[nreq], sizeof refs[nreq], "import:%lld:%s", (long long)out->import_id,
                     ledger_journal_kind_name(kind_of[k]));
            snprintf(memos[nreq], sizeof memos[nreq], "Statement import %lld: %zu %s",
                     (long long)out->import_id, counts[k], kind_words[k][counts[k] != 1]);
            reqs[nreq] = (struct ledger_post_req){kind_of[k], dates[k], sums[k], refs[nreq],
                                                  memos[nreq], 0};
            which[nreq++] = k;
        }
        if (nreq && (rc = ledger_store_post_batch(c, council_id, dp_id, reqs, nreq, actor, now,
                                                  e)) != 0)
            return rc;
        for (size_t i = 0; i < nreq; i++)
            journals[which[i]] = reqs[i].id;
    }
    if ((rc = insert_txns(c, council_id, dp_id, out->import_id, pend, npend, journals, e)) != 0)
        return rc;
    out->added = npend;

    if ((rc = store_prepare(c, "UPDATE statement_imports SET added = ?, already = ? WHERE "
                               "council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, (int64_t)out->added);
    store_bind_i64(s, 2, (int64_t)out->already);
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, out->import_id);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_import(struct store_conn *c, int64_t council_id, int64_t dp_id, const struct statement *st,
              const char *actor, int64_t now, struct dp_import_result *out, struct err *e)
{
    struct arena a;
    bool own;
    int rc;
    memset(out, 0, sizeof *out);
    if (dp_id <= 0)
        return err_set_field(e, ERR_INVALID, "dp_id",
                             "Say which direct payment the statement is for.");
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    arena_init(&a, 0);
    rc = import_locked(c, council_id, dp_id, st, actor, now, &a, out, e);
    arena_release(&a);
    if (rc != 0)
        memset(out, 0, sizeof *out);
    return dp_tx_end(c, own, rc, e);
}

int ledger_store_import(struct store_conn *c, int64_t council_id, int64_t dp_id,
                        const struct statement *st, const char *actor, int64_t now,
                        struct ledger_import_result *out, struct err *e)
{
    struct dp_import_result r;
    int rc = dp_import(c, council_id, dp_id, st, actor, now, &r, e);
    memset(out, 0, sizeof *out);
    if (rc == 0) {
        out->import_id = r.import_id;
        out->added = r.added;
        out->already = r.already;
    }
    return rc;
}
