/* payment_batch.c — payment batches in the store; the four-eyes rules are domain/batch.c's, applied
 * here to what was loaded, and release writes the batch and its payment journals together; see
 * ledger_store.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "store/ledger_store.h"
#include "store/record_util.h"
#include "store/store.h"

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

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int payment_batch_create(struct store_conn *c, int64_t council_id, day_t pay_date,
                         const struct batch_actor *by, int64_t now, struct batch *b,
                         struct err *e)
{
    struct store_stmt *s;
    char day[DATE_ISO_SIZE];
    int64_t id = 0;
    int rc;
    /* The domain decides who may start a batch; the id is the store's. */
    if ((rc = batch_create(b, INT64_MAX, council_id, pay_date, by, now, e)) != 0)
        return rc;
    date_format_iso(pay_date, day);
    if ((rc = store_prepare(c, "INSERT INTO payment_batches (council_id, state, pay_date, "
                               "created_by, created_at) VALUES (?, 'draft', ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        goto fail;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, day);
    store_bind_i64(s, 3, by->user_id);
    store_bind_i64(s, 4, now);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW) {
        rc = rc < 0 ? rc : err_set(e, ERR_IO, "The batch was not created.");
        goto fail;
    }
    b->id = id;
    b->version = 1;
    return 0;
fail:
    batch_release(b);
    return rc;
}

int payment_batch_load(struct store_conn *c, int64_t council_id, int64_t id, struct batch *b,
                       struct err *e)
{
    struct store_stmt *s;
    int rc;
    batch_init(b);
    if ((rc = store_prepare(c, "SELECT state, pay_date, created_by, submitted_by, approved_by, "
                               "released_by, cancelled_by, created_at, submitted_at, approved_at, "
                               "released_at, cancelled_at, approved_hash, note, version FROM "
                               "payment_batches WHERE council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        const char *day = store_col_text(s, 1), *hash = store_col_text(s, 12);
        b->id = id;
        b->council_id = council_id;
        if (batch_state_parse(store_col_text(s, 0), &b->state) != 0)
            b->state = (enum batch_state)0;
        if (!day || date_parse_iso(day, strlen(day), &b->pay_date, NULL, NULL) != 0)
            b->pay_date = 0;
        b->created_by = store_col_i64(s, 2);
        b->submitted_by = store_col_i64(s, 3);
        b->approved_by = store_col_i64(s, 4);
        b->released_by = store_col_i64(s, 5);
        b->cancelled_by = store_col_i64(s, 6);
        b->created_at = store_col_i64(s, 7);
        b->submitted_at = store_col_i64(s, 8);
        b->approved_at = store_col_i64(s, 9);
        b->released_at = store_col_i64(s, 10);
        b->cancelled_at = store_col_i64(s, 11);
        if (hash && strlen(hash) == 2 * BATCH_HASH_SIZE)
            for (size_t i = 0; i < BATCH_HASH_SIZE; i++) {
                int hi = hexval(hash[2 * i]), lo = hexval(hash[2 * i + 1]);
                b->approved_hash[i] = (unsigned char)((hi < 0 || lo < 0) ? 0 : hi * 16 + lo);
            }
        (void)store_col_copy(s, 13, b->note, sizeof b->note);
        b->version = store_col_i64(s, 14);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return rec_not_found("payment batch", id, e);
    if ((rc = store_prepare(c, "SELECT dp_id, schedule_ref, payee_name, sort_code, account, "
                               "reference, amount, remittance, added_by FROM payment_batch_lines "
                               "WHERE batch_id = ? ORDER BY line_no",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct batch_line *ln;
        if (b->nlines == b->cap) {
            size_t ncap = b->cap ? b->cap * 2 : 16;
            struct batch_line *nl = realloc(b->lines, ncap * sizeof *nl);
            if (!nl) {
                rc = err_set(e, ERR_NOMEM, "Out of memory loading a batch.");
                break;
            }
            b->lines = nl;
            b->cap = ncap;
        }
        /* As stored, not re-normalised: the approval hash must see exactly what is there. */
        ln = &b->lines[b->nlines++];
        memset(ln, 0, sizeof *ln);
        ln->dp_id = store_col_i64(s, 0);
        ln->schedule_ref = store_col_i64(s, 1);
        (void)store_col_copy(s, 2, ln->payee_name, sizeof ln->payee_name);
        (void)store_col_copy(s, 3, ln->sort_code, sizeof ln->sort_code);
        (void)store_col_copy(s, 4, ln->account, sizeof ln->account);
        (void)store_col_copy(s, 5, ln->reference, sizeof ln->reference);
        ln->amount = store_col_i64(s, 6);
        (void)store_col_copy(s, 7, ln->remittance, sizeof ln->remittance);
        ln->added_by = store_col_i64(s, 8);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int write_lines(struct store_conn *c, const struct batch *b, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "DELETE FROM payment_batch_lines WHERE batch_id = ?", &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, b->id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < b->nlines; i++) {
        const struct batch_line *ln = &b->lines[i];
        if ((rc = store_prepare(c, "INSERT INTO payment_batch_lines (batch_id, line_no, dp_id, "
                                   "schedule_ref, payee_name, sort_code, account, reference, amount, "
                                   "remittance, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, b->id);
        store_bind_i64(s, 2, (int64_t)i + 1);
        store_bind_i64(s, 3, ln->dp_id);
        store_bind_i64(s, 4, ln->schedule_ref);
        store_bind_text(s, 5, ln->payee_name);
        store_bind_text(s, 6, ln->sort_code);
        store_bind_text(s, 7, ln->account);
        store_bind_text(s, 8, ln->reference);
        store_bind_i64(s, 9, ln->amount);
        store_bind_text(s, 10, ln->remittance);
        store_bind_i64(s, 11, ln->added_by);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int save_locked(struct store_conn *c, struct batch *b, struct err *e)
{
    struct store_stmt *s;
    char day[DATE_ISO_SIZE], hex[2 * BATCH_HASH_SIZE + 1];
    bool approved = b->state == BATCH_APPROVED || b->state == BATCH_RELEASED ||
                    (b->state == BATCH_CANCELLED && b->approved_by);
    char stored_state[16] = "";
    int rc, i = 1;

    /* Lines are written only while the stored batch is still a draft. */
    if ((rc = store_prepare(c, "SELECT state FROM payment_batches WHERE council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, b->council_id);
    store_bind_i64(s, 2, b->id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        (void)store_col_copy(s, 0, stored_state, sizeof stored_state);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return rec_not_found("payment batch", b->id, e);

    date_format_iso(b->pay_date, day);
    batch_hash_hex(b->approved_hash, hex);
    if ((rc = store_prepare(c, "UPDATE payment_batches SET state = ?, pay_date = ?, submitted_by = "
                               "?, approved_by = ?, released_by = ?, cancelled_by = ?, submitted_at "
                               "= ?, approved_at = ?, released_at = ?, cancelled_at = ?, "
                               "approved_hash = ?, note = ?, version = version + 1 WHERE "
                               "council_id = ? AND id = ? AND version = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, i++, batch_state_name(b->state));
    store_bind_text(s, i++, day);
    store_bind_id_or_null(s, i++, b->submitted_by);
    store_bind_id_or_null(s, i++, b->approved_by);
    store_bind_id_or_null(s, i++, b->released_by);
    store_bind_id_or_null(s, i++, b->cancelled_by);
    store_bind_id_or_null(s, i++, b->submitted_at);
    store_bind_id_or_null(s, i++, b->approved_at);
    store_bind_id_or_null(s, i++, b->released_at);
    store_bind_id_or_null(s, i++, b->cancelled_at);
    store_bind_text(s, i++, approved ? hex : NULL);
    store_bind_text(s, i++, b->note);
    store_bind_i64(s, i++, b->council_id);
    store_bind_i64(s, i++, b->id);
    store_bind_i64(s, i, b->version);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) == 0)
        rc = 1;
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return rec_stale_or_missing(c, "payment_batches", "payment batch", b->council_id, b->id, e);
    if (strcmp(stored_state, "draft") == 0 && (rc = write_lines(c, b, e)) != 0)
        return rc;
    b->version++;
    return 0;
}

int payment_batch_save(struct store_conn *c, struct batch *b, struct err *e)
{
    bool own;
    int rc;
    if ((rc = tx_begin(c, &own, e)) != 0)
        return rc;
    rc = save_locked(c, b, e);
    return tx_end(c, own, rc, e);
}

int payment_batch_release(struct store_conn *c, int64_t council_id, int64_t id,
                          const struct batch_actor *by, day_t date, int64_t now, struct err *e)
{
    struct batch b;
    char actor[32];
    bool own;
    int rc;
    if ((rc = tx_begin(c, &own, e)) != 0)
        return rc;
    if ((rc = payment_batch_load(c, council_id, id, &b, e)) != 0 ||
        (rc = batch_release_payments(&b, by, now, e)) != 0 || (rc = save_locked(c, &b, e)) != 0)
        goto done;
    snprintf(actor, sizeof actor, "user %lld", (long long)by->user_id);
    for (size_t i = 0; i < b.nlines && rc == 0; i++) {
        char memo[LEDGER_MEMO_SIZE];
        snprintf(memo, sizeof memo, "Direct payment, batch %lld line %zu, ref %s", (long long)b.id,
                 i + 1, b.lines[i].reference);
        rc = ledger_store_post(c, LEDGER_J_PAYMENT, council_id, b.lines[i].dp_id, date,
                               b.lines[i].amount, b.id, (int64_t)i + 1, NULL, memo, actor, now,
                               NULL, e);
    }
done:
    batch_release(&b);
    return tx_end(c, own, rc, e);
}

int payment_batch_ids(struct store_conn *c, int64_t council_id, int64_t **ids, int64_t **councils,
                      size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *councils = NULL;
    *n = 0;
    if ((rc = store_prepare(c, council_id ? "SELECT id, council_id FROM payment_batches WHERE "
                                            "council_id = ? ORDER BY id"
                                          : "SELECT id, council_id FROM payment_batches ORDER BY id",
                            &s, e)) != 0)
        return rc;
    if (council_id)
        store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *ni = realloc(*ids, ncap * sizeof *ni), *nc;
            if (ni)
                *ids = ni;
            nc = ni ? realloc(*councils, ncap * sizeof *nc) : NULL;
            if (!ni || !nc) {
                rc = err_set(e, ERR_NOMEM, "Out of memory listing batches.");
                break;
            }
            *councils = nc;
            cap = ncap;
        }
        (*ids)[*n] = store_col_i64(s, 0);
        (*councils)[*n] = store_col_i64(s, 1);
        (*n)++;
    }
    store_finish(s);
    if (rc < 0) {
        free(*ids);
        free(*councils);
        *ids = NULL;
        *councils = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}
