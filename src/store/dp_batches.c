/* dp_batches.c — direct payments in payment batches: what is due goes into a draft, release
 * bills gross contributions, the BACS file and the person's remittance advice; see dp_store.h. The
 * four-eyes rules themselves are domain/batch.c's, applied by store/payment_batch.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/ledger_store.h"
#include "store/record_util.h"

/* The payments of a schedule to put in a batch paying on pay_date: those due by then, less any at
 * the end whose negative total is carried to a payment after it (that amount is not settled yet,
 * so the lines stay unpaid and come back next time). */
static size_t payments_due(const struct dp_schedule *sch, day_t pay_date)
{
    size_t n = 0;
    while (n < sch->npayments && sch->payments[n].due <= pay_date)
        n++;
    while (n > 0) {
        const struct dp_payment *p = &sch->payments[n - 1];
        bool carries_on = false;
        for (size_t i = 0; i < p->nlines; i++)
            if (p->lines[i].kind == DP_LINE_CARRIED && p->lines[i].amount > 0)
                carries_on = true;
        if (!carries_on)
            break;
        n--;
    }
    return n;
}

/* A short description for the batch line (the full lines are kept in dp_payment_lines). */
static void remittance_text(const struct dp_schedule *sch, size_t n, char *out, size_t outsz)
{
    day_t from = 0, to = 0;
    size_t periods = 0, oneoffs = 0, adjustments = 0;
    char a[40], b[40];
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < sch->payments[k].nlines; i++) {
            const struct dp_line *l = &sch->payments[k].lines[i];
            if (l->kind == DP_LINE_PERIOD) {
                if (!from || l->period_from < from)
                    from = l->period_from;
                if (l->period_to > to)
                    to = l->period_to;
                periods++;
            } else if (l->kind == DP_LINE_ONE_OFF) {
                oneoffs++;
            } else if (l->kind == DP_LINE_ADJUSTMENT) {
                adjustments++;
            }
        }
    if (periods) {
        date_format_long(from, a, sizeof a);
        date_format_long(to, b, sizeof b);
        snprintf(out, outsz, "Your direct payment for %s to %s%s%s.", a, b,
                 oneoffs ? ", with a one-off payment" : "",
                 adjustments ? ", with a correction for an earlier period" : "");
    } else if (oneoffs) {
        snprintf(out, outsz, "A one-off payment agreed in your plan%s.",
                 adjustments ? ", with a correction for an earlier period" : "");
    } else {
        snprintf(out, outsz, "A correction for an earlier period of your direct payment.");
    }
}

static int record_payment(struct store_conn *c, int64_t council_id, int64_t dp_id,
                          int64_t batch_id, const struct dp_schedule *sch, size_t n, int64_t total,
                          int64_t contribution, int64_t now, int64_t *payment_id, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int64_t line_no = 0;
    int rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_payments (council_id, dp_id, batch_id, due, amount, "
                               "contribution, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, batch_id);
    dp_bind_date(s, 4, sch->payments[n - 1].due);
    store_bind_i64(s, 5, total);
    store_bind_i64(s, 6, contribution);
    store_bind_text(s, 7, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        *payment_id = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW)
        return rec_write_error(rc < 0 ? rc : ERR_IO, &le, "dp_id",
                               "This direct payment is already in the batch.", NULL, NULL, e);
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < sch->payments[k].nlines; i++) {
            const struct dp_line *l = &sch->payments[k].lines[i];
            char expl[1001];
            snprintf(expl, sizeof expl, "%s", l->explanation ? l->explanation : "");
            if ((rc = store_prepare(c, "INSERT INTO dp_payment_lines (payment_id, line_no, kind, "
                                       "period_from, period_to, amount, contribution, oneoff_ref, "
                                       "explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    &s, e)) != 0)
                return rc;
            store_bind_i64(s, 1, *payment_id);
            store_bind_i64(s, 2, ++line_no);
            store_bind_text(s, 3, dp_line_kind_name(l->kind));
            dp_bind_date(s, 4, l->period_from);
            dp_bind_date(s, 5, l->period_to);
            store_bind_i64(s, 6, l->amount);
            store_bind_i64(s, 7, l->contribution);
            store_bind_i64(s, 8, l->oneoff_ref);
            store_bind_text(s, 9, expl);
            rc = store_step(s, e);
            store_finish(s);
            if (rc < 0)
                return rc;
        }
    return 0;
}

static int add_due_locked(struct store_conn *c, int64_t council_id, struct batch *b,
                          const struct batch_actor *by, int64_t dp_id, day_t today, int64_t now,
                          size_t *added, struct err *e)
{
    int64_t *ids = NULL;
    size_t nids = 0;
    int rc = 0;

    if (by->council_id != council_id)
        return rec_not_found("payment batch", b->id, e);
    if (!(by->roles & BATCH_ROLE_OFFICER))
        return err_set(e, ERR_FORBIDDEN, "Only a finance officer can add payments to a batch.");
    if (b->state != BATCH_DRAFT)
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld is %s: payments can be added only while it is a draft, so the "
                       "approval stays bound to what was approved.",
                       (long long)b->id, batch_state_name(b->state));
    if (dp_id > 0) {
        ids = malloc(sizeof *ids);
        if (!ids)
            return dp_nomem(e);
        ids[0] = dp_id;
        nids = 1;
    } else if ((rc = dp_active_ids(c, council_id, b->pay_date, &ids, &nids, e)) != 0) {
        return rc;
    }
    for (size_t k = 0; k < nids && rc == 0; k++) {
        struct arena a;
        struct dp_row d;
        struct dp_schedule sch;
        struct batch_line ln;
        size_t n;
        int64_t total = 0, contribution = 0, payment_id = 0, kept = 0;
        arena_init(&a, 0);
        if ((rc = dp_get(c, council_id, ids[k], today, &a, &d, e)) != 0 ||
            (rc = dp_schedule_for(c, council_id, ids[k], today, b->pay_date, &a, &sch, e)) != 0) {
            arena_release(&a);
            break;
        }
        n = payments_due(&sch, b->pay_date);
        for (size_t i = 0; i < n; i++) {
            total += sch.payments[i].amount;
            for (size_t j = 0; j < sch.payments[i].nlines; j++)
                contribution += sch.payments[i].lines[j].contribution;
        }
        if (n == 0 || total <= 0) {
            arena_release(&a);
            continue;
        }
        if (contribution < 0)
            contribution = 0;
        if ((rc = record_payment(c, council_id, ids[k], b->id, &sch, n, total, contribution, now,
                                 &payment_id, e)) != 0) {
            arena_release(&a);
            break;
        }
        /* Recoveries the officer agreed to keep back from this payment: the line pays that much
         * less (the schedule still counts the payment as made in full, since it was). */
        if ((rc = dp_offsets_attach(c, council_id, ids[k], payment_id, total, &kept, e)) != 0) {
            arena_release(&a);
            break;
        }
        memset(&ln, 0, sizeof ln);
        ln.dp_id = ids[k];
        ln.schedule_ref = payment_id;
        snprintf(ln.payee_name, sizeof ln.payee_name, "%s", d.payee_name);
        snprintf(ln.sort_code, sizeof ln.sort_code, "%s", d.sort_code);
        snprintf(ln.account, sizeof ln.account, "%s", d.account_number);
        snprintf(ln.reference, sizeof ln.reference, "%s", d.bacs_reference);
        ln.amount = total - kept;
        remittance_text(&sch, n, ln.remittance, sizeof ln.remittance);
        if (kept > 0) {
            char kb[MONEY_FMT_SIZE];
            size_t used = strlen(ln.remittance);
            money_format(kept, MONEY_FMT_POUND, kb, sizeof kb);
            snprintf(ln.remittance + used, sizeof ln.remittance - used,
                     " %s is kept back towards the money you agreed to pay back.", kb);
        }
        rc = batch_add_line(b, &ln, by, e);
        arena_release(&a);
        if (rc == 0)
            (*added)++;
    }
    free(ids);
    if (rc == 0 && *added)
        rc = payment_batch_save(c, b, e);
    return rc;
}

int dp_batch_add_due(struct store_conn *c, int64_t council_id, int64_t batch_id,
                     const struct batch_actor *by, int64_t dp_id, day_t today, int64_t now,
                     size_t *added, struct err *e)
{
    struct batch b;
    bool own;
    int rc;
    *added = 0;
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    rc = payment_batch_load(c, council_id, batch_id, &b, e);
    if (rc == 0)
        rc = add_due_locked(c, council_id, &b, by, dp_id, today, now, added, e);
    batch_release(&b);
    if (rc != 0)
        *added = 0;
    return dp_tx_end(c, own, rc, e);
}

int dp_batch_remove_line(struct store_conn *c, int64_t council_id, int64_t batch_id,
                         size_t line_no, const struct batch_actor *by, struct err *e)
{
    struct batch b;
    struct store_stmt *s;
    int64_t payment_id = 0;
    bool own;
    int rc;
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    if ((rc = payment_batch_load(c, council_id, batch_id, &b, e)) != 0)
        goto done;
    if (line_no < 1 || line_no > b.nlines) {
        rc = err_set_field(e, ERR_NOT_FOUND, "line", "Batch %lld has no line %zu.",
                           (long long)batch_id, line_no);
        goto done;
    }
    payment_id = b.lines[line_no - 1].schedule_ref;
    if ((rc = batch_remove_line(&b, line_no - 1, by, e)) != 0 ||
        (rc = payment_batch_save(c, &b, e)) != 0)
        goto done;
    /* What the line scheduled is unpaid again, and what it kept back waits for the next one. */
    if ((rc = dp_offsets_detach(c, council_id, payment_id, e)) != 0)
        goto done;
    if ((rc = store_prepare(c, "DELETE FROM dp_payment_lines WHERE payment_id = ? AND EXISTS "
                               "(SELECT 1 FROM dp_payments p WHERE p.id = ? AND p.council_id = ?)",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, payment_id);
    store_bind_i64(s, 2, payment_id);
    store_bind_i64(s, 3, council_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto done;
    if ((rc = store_prepare(c, "DELETE FROM dp_payments WHERE council_id = ? AND id = ? AND "
                               "batch_id = ?",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, payment_id);
    store_bind_i64(s, 3, batch_id);
    rc = store_step(s, e);
    store_finish(s);
    rc = rc < 0 ? rc : 0;
done:
    batch_release(&b);
    return dp_tx_end(c, own, rc, e);
}

int dp_batch_release(struct store_conn *c, int64_t council_id, int64_t batch_id,
                     const struct batch_actor *by, day_t date, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct {
        int64_t id, dp_id, contribution;
    } *due = NULL;
    size_t n = 0, cap = 0;
    char actor[32];
    bool own;
    int rc;
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    if ((rc = payment_batch_release(c, council_id, batch_id, by, date, now, e)) != 0)
        goto done;
    /* Gross payments: the contribution of each line is billed to the person. */
    if ((rc = store_prepare(c, "SELECT id, dp_id, contribution FROM dp_payments WHERE council_id = "
                               "? AND batch_id = ? AND contribution > 0 ORDER BY id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, batch_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *nv = realloc(due, ncap * sizeof *due);
            if (!nv) {
                rc = dp_nomem(e);
                break;
            }
            due = nv;
            cap = ncap;
        }
        due[n].id = store_col_i64(s, 0);
        due[n].dp_id = store_col_i64(s, 1);
        due[n].contribution = store_col_i64(s, 2);
        n++;
    }
    store_finish(s);
    if (rc < 0)
        goto done;
    rc = 0;
    snprintf(actor, sizeof actor, "staff:%lld", (long long)by->user_id);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char ref[LEDGER_REF_SIZE];
        snprintf(ref, sizeof ref, "contribution:%lld", (long long)due[i].id);
        rc = ledger_store_post(c, LEDGER_J_CONTRIBUTION_DUE, council_id, due[i].dp_id, date,
                               due[i].contribution, 0, 0, ref,
                               "Contribution billed with the gross direct payment", actor, now,
                               NULL, e);
    }
    /* Recoveries kept back from these payments are settled now the payments are made. */
    if (rc == 0)
        rc = dp_offsets_post(c, council_id, batch_id, date, actor, now, e);
done:
    free(due);
    return dp_tx_end(c, own, rc, e);
}

int dp_batch_bacs(struct store_conn *c, int64_t council_id, int64_t batch_id, day_t today,
                  struct buf *out, struct err *e)
{
    struct dp_settings set;
    struct bacs18_params p;
    struct batch b;
    int rc;
    if ((rc = dp_settings_get(c, council_id, &set, e)) != 0)
        return rc;
    if (!*set.bacs_sun || !*set.bacs_sort_code)
        return err_set(e, ERR_CONFLICT,
                       "The council's BACS details (service user number and account) are not set "
                       "yet, so no payment file can be made. A council administrator sets them in "
                       "the direct payment settings.");
    if ((rc = payment_batch_load(c, council_id, batch_id, &b, e)) != 0) {
        batch_release(&b);
        return rc;
    }
    memset(&p, 0, sizeof p);
    memcpy(p.orig.sun, set.bacs_sun, sizeof p.orig.sun);
    memcpy(p.orig.sort_code, set.bacs_sort_code, sizeof p.orig.sort_code);
    memcpy(p.orig.account, set.bacs_account, sizeof p.orig.account);
    memcpy(p.orig.name, set.bacs_name, sizeof p.orig.name);
    /* A serial unique for the service user number: the batch number, base 36. */
    {
        static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int64_t v = batch_id;
        p.serial[0] = 'B';
        for (int i = 5; i >= 1; i--) {
            p.serial[i] = digits[v % 36];
            v /= 36;
        }
        p.serial[6] = '\0';
    }
    p.file_number = (int)(batch_id % 999) + 1;
    p.created = today;
    rc = batch_write_bacs(&b, &p, out, e);
    batch_release(&b);
    return rc;
}

int dp_batch_list(struct store_conn *c, int64_t council_id, struct arena *a,
                  struct dp_batch_summary **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT b.id, b.state, b.pay_date, b.created_by, b.approved_by, "
                               "(SELECT count(*) FROM payment_batch_lines l WHERE l.batch_id = "
                               "b.id), (SELECT COALESCE(sum(l.amount), 0) FROM payment_batch_lines "
                               "l WHERE l.batch_id = b.id) FROM payment_batches b WHERE "
                               "b.council_id = ? ORDER BY b.id DESC LIMIT 200",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_batch_summary *x;
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0)
            break;
        x = &(*items)[(*n)++];
        x->id = store_col_i64(s, 0);
        if (batch_state_parse(store_col_text(s, 1), &x->state) != 0)
            x->state = BATCH_DRAFT;
        x->pay_date = dp_col_date(s, 2);
        x->created_by = store_col_i64(s, 3);
        x->approved_by = store_col_i64(s, 4);
        x->nlines = (size_t)store_col_i64(s, 5);
        x->total = store_col_i64(s, 6);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_remittances(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                   struct dp_remittance **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct {
        int64_t batch_id, line_no, schedule_ref;
    } *found = NULL;
    size_t nf = 0, cap = 0, rcap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT b.id, l.line_no, l.schedule_ref FROM payment_batch_lines l "
                               "JOIN payment_batches b ON b.id = l.batch_id WHERE b.council_id = ? "
                               "AND l.dp_id = ? AND b.state = 'released' ORDER BY b.pay_date DESC, "
                               "b.id DESC LIMIT 100",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = dp_grow(a, (void **)&found, &cap, nf, sizeof *found, e)) != 0)
            break;
        found[nf].batch_id = store_col_i64(s, 0);
        found[nf].line_no = store_col_i64(s, 1);
        found[nf].schedule_ref = store_col_i64(s, 2);
        nf++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < nf; i++) {
        struct batch b;
        struct buf text;
        struct dp_remittance *r;
        buf_init(&text, 16u << 10);
        if ((rc = payment_batch_load(c, council_id, found[i].batch_id, &b, e)) != 0 ||
            (rc = batch_remittance(&b, (size_t)found[i].line_no - 1, &text, e)) != 0) {
            batch_release(&b);
            buf_release(&text);
            return rc;
        }
        /* The schedule's own lines, each with its explanation. */
        if ((rc = store_prepare(c, "SELECT l.explanation FROM dp_payment_lines l JOIN dp_payments p "
                                   "ON p.id = l.payment_id WHERE p.council_id = ? AND p.id = ? "
                                   "ORDER BY l.line_no",
                                &s, e)) != 0) {
            batch_release(&b);
            buf_release(&text);
            return rc;
        }
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, found[i].schedule_ref);
        while ((rc = store_step(s, e)) == STORE_ROW) {
            const char *x = store_col_text(s, 0);
            if (x && *x)
                (void)buf_addf(&text, "- %s\n", x);
        }
        store_finish(s);
        /* What was kept back from it towards an agreed recovery, in the person's words. */
        if (rc >= 0 &&
            (rc = store_prepare(c, "SELECT amount FROM dp_recovery_settlements WHERE council_id = "
                                   "? AND payment_id = ? AND kind = 'offset' ORDER BY id",
                                &s, e)) == 0) {
            store_bind_i64(s, 1, council_id);
            store_bind_i64(s, 2, found[i].schedule_ref);
            while ((rc = store_step(s, e)) == STORE_ROW) {
                char kb[MONEY_FMT_SIZE];
                money_format(store_col_i64(s, 0), MONEY_FMT_POUND, kb, sizeof kb);
                (void)buf_addf(&text,
                               "- %s was kept back from this payment towards the money you "
                               "agreed to pay back.\n",
                               kb);
            }
            store_finish(s);
        }
        if (rc < 0 || (rc = dp_grow(a, (void **)items, &rcap, *n, sizeof **items, e)) != 0) {
            batch_release(&b);
            buf_release(&text);
            return rc;
        }
        r = &(*items)[(*n)++];
        r->batch_id = b.id;
        r->pay_date = b.pay_date;
        r->amount = b.lines[found[i].line_no - 1].amount;
        r->reference = arena_strdup(a, b.lines[found[i].line_no - 1].reference);
        r->text = arena_strdup(a, text.data ? text.data : "");
        batch_release(&b);
        buf_release(&text);
        if (!r->reference || !r->text)
            return dp_nomem(e);
    }
    return 0;
}
