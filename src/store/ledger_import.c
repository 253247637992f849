/* ledger_import.c — statements into the store and the ledger, each transaction once; see
 * ledger_store.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "io/statement.h"
#include "store/ledger_store.h"
#include "store/record_util.h"
#include "store/store.h"

static int seen_before(struct store_conn *c, int64_t council_id, int64_t dp_id, const char *fp,
                       bool *seen, struct err *e)
{
    struct store_stmt *s;
    int rc;
    *seen = false;
    if ((rc = store_prepare(c, "SELECT id FROM statement_txns WHERE council_id = ? AND dp_id = ? "
                               "AND fingerprint = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, fp);
    rc = store_step(s, e);
    *seen = rc == STORE_ROW;
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int keep_txn(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t import_id,
                    const struct statement_txn *t, int64_t journal_id, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char day[DATE_ISO_SIZE];
    int rc, i = 1;
    date_format_iso(t->date, day);
    if ((rc = store_prepare(c, "INSERT INTO statement_txns (council_id, dp_id, import_id, "
                               "fingerprint, booked_on, amount, balance, description, reference, "
                               "payee, type, bank_ref, is_cash, is_reversal, journal_id) VALUES (?, "
                               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, dp_id);
    store_bind_i64(s, i++, import_id);
    store_bind_text(s, i++, t->fingerprint);
    store_bind_text(s, i++, day);
    store_bind_i64(s, i++, t->amount);
    if (t->has_balance)
        store_bind_i64(s, i++, t->balance);
    else
        store_bind_null(s, i++);
    store_bind_text(s, i++, t->description);
    store_bind_text(s, i++, t->reference);
    store_bind_text(s, i++, t->payee);
    store_bind_text(s, i++, t->type);
    store_bind_text(s, i++, t->bank_ref);
    store_bind_i64(s, i++, t->is_cash ? 1 : 0);
    store_bind_i64(s, i++, t->is_reversal ? 1 : 0);
    store_bind_id_or_null(s, i, journal_id);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "fingerprint",
                               "This statement is being imported by someone else at the same time; "
                               "import it again in a moment and nothing will be added twice.",
                               NULL, NULL, e);
    return 0;
}

static int import_locked(struct store_conn *c, int64_t council_id, int64_t dp_id,
                         const struct statement *st, const char *actor, int64_t now,
                         struct ledger_import_result *out, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int64_t in_transit = 0;
    int rc;

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

    for (size_t i = 0; i < st->n; i++) {
        const struct statement_txn *t = &st->txns[i];
        enum ledger_journal_kind k;
        char ref[LEDGER_REF_SIZE];
        int64_t jid = 0, amount = t->amount < 0 ? -t->amount : t->amount;
        bool seen;
        if ((rc = seen_before(c, council_id, dp_id, t->fingerprint, &seen, e)) != 0)
            return rc;
        if (seen) {
            out->already++;
            continue;
        }
        if (t->amount < 0)
            k = LEDGER_J_SPEND;
        else if (t->is_reversal)
            k = LEDGER_J_REFUND;
        else if (in_transit >= amount) {
            k = LEDGER_J_RECEIPT;
            in_transit -= amount;
        } else
            k = LEDGER_J_FUNDS_IN;
        /* Fingerprints are per account; the source reference is per council, so it names the
         * direct payment too (56 hex digits keep 224 bits, far beyond any collision). */
        snprintf(ref, sizeof ref, "st:%lld:%.56s", (long long)dp_id, t->fingerprint);
        if ((rc = ledger_store_post(c, k, council_id, dp_id, t->date, amount, 0, 0, ref,
                                    t->description, actor, now, &jid, e)) != 0 ||
            (rc = keep_txn(c, council_id, dp_id, out->import_id, t, jid, e)) != 0)
            return rc;
        out->added++;
    }
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

int ledger_store_import(struct store_conn *c, int64_t council_id, int64_t dp_id,
                        const struct statement *st, const char *actor, int64_t now,
                        struct ledger_import_result *out, struct err *e)
{
    bool own = !store_in_transaction(c);
    int rc;
    memset(out, 0, sizeof *out);
    if (dp_id <= 0)
        return err_set_field(e, ERR_INVALID, "dp_id", "Say which direct payment the statement is for.");
    if (own && (rc = store_begin(c, e)) != 0)
        return rc;
    rc = import_locked(c, council_id, dp_id, st, actor, now, out, e);
    if (!own)
        return rc;
    if (rc == 0)
        return store_commit(c, e);
    store_rollback(c);
    memset(out, 0, sizeof *out);
    return rc;
}
