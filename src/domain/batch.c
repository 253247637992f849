/* batch.c — payment batches under the four-eyes rule; see batch.h for the states and refusals. */
#include "domain/batch.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/ledger.h"

static const char *const state_names[BATCH_STATE_END] = {
    [BATCH_DRAFT] = "draft",         [BATCH_SUBMITTED] = "submitted",
    [BATCH_APPROVED] = "approved",   [BATCH_RELEASED] = "released",
    [BATCH_CANCELLED] = "cancelled",
};

const char *batch_state_name(enum batch_state s)
{
    return (s > 0 && s < BATCH_STATE_END) ? state_names[s] : "unknown";
}

int batch_state_parse(const char *s, enum batch_state *out)
{
    for (int k = 1; k < BATCH_STATE_END; k++)
        if (s && strcmp(s, state_names[k]) == 0) {
            *out = (enum batch_state)k;
            return 0;
        }
    return ERR_INVALID;
}

void batch_init(struct batch *b) { memset(b, 0, sizeof *b); }

void batch_release(struct batch *b)
{
    free(b->lines);
    batch_init(b);
}

/* --- who may do what ------------------------------------------------------------------------- */

static int check_council(const struct batch *b, const struct batch_actor *by, struct err *e)
{
    if (by->council_id != b->council_id)
        return err_set(e, ERR_FORBIDDEN,
                       "Batch %lld belongs to another council; you can act only on your own "
                       "council's batches.",
                       (long long)b->id);
    return 0;
}

static int need_role(const struct batch_actor *by, unsigned roles, const char *doing,
                     struct err *e)
{
    if (!(by->roles & roles))
        return err_set(e, ERR_FORBIDDEN, "Only a %s can %s.",
                       roles == BATCH_ROLE_APPROVER  ? "finance approver"
                       : roles == BATCH_ROLE_OFFICER ? "finance officer"
                                                     : "finance officer or approver",
                       doing);
    return 0;
}

/* The refusal for changing lines in any state but draft. */
static int need_draft_to_edit(const struct batch *b, struct err *e)
{
    switch (b->state) {
    case BATCH_DRAFT: return 0;
    case BATCH_SUBMITTED:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has been submitted for approval and cannot be changed; ask the "
                       "approver to return it to draft first.",
                       (long long)b->id);
    case BATCH_APPROVED:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has been approved and cannot be changed: the approval covers "
                       "exactly what was approved. Cancel it and make a new batch instead.",
                       (long long)b->id);
    case BATCH_RELEASED:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has been released to the bank and cannot be changed; correct a "
                       "payment with a reversal or a new batch.",
                       (long long)b->id);
    default:
        return err_set(e, ERR_CONFLICT, "Batch %lld has been cancelled and cannot be changed.",
                       (long long)b->id);
    }
}

/* --- transitions ----------------------------------------------------------------------------- */

int batch_create(struct batch *b, int64_t id, int64_t council_id, day_t pay_date,
                 const struct batch_actor *by, int64_t now, struct err *e)
{
    int rc;
    batch_init(b);
    if (id <= 0 || council_id <= 0)
        return err_set(e, ERR_INVALID, "A batch needs an id and a council.");
    b->id = id;
    b->council_id = council_id;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER, "create a payment batch", e)) != 0) {
        batch_init(b);
        return rc;
    }
    b->state = BATCH_DRAFT;
    b->pay_date = pay_date;
    b->created_by = by->user_id;
    b->created_at = now;
    return 0;
}

int batch_add_line(struct batch *b, const struct batch_line *line, const struct batch_actor *by,
                   struct err *e)
{
    struct batch_line ln;
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER, "add payments to a batch", e)) != 0 ||
        (rc = need_draft_to_edit(b, e)) != 0)
        return rc;
    memset(&ln, 0, sizeof ln);
    if (line->dp_id <= 0)
        return err_set_field(e, ERR_INVALID, "dp_id", "Each payment must name its direct payment.");
    ln.dp_id = line->dp_id;
    ln.schedule_ref = line->schedule_ref;
    if ((rc = bacs18_sort_code(line->sort_code, ln.sort_code, "sort_code", e)) != 0 ||
        (rc = bacs18_account(line->account, ln.account, "account", e)) != 0 ||
        (rc = bacs18_text(line->payee_name, ln.payee_name, "payee_name", e)) != 0 ||
        (rc = bacs18_text(line->reference, ln.reference, "reference", e)) != 0 ||
        (rc = bacs18_amount(line->amount, "amount", e)) != 0)
        return rc;
    ln.amount = line->amount;
    (void)str_copy(ln.remittance, sizeof ln.remittance, line->remittance);
    ln.added_by = by->user_id;
    for (size_t i = 0; i < b->nlines; i++)
        if (line->schedule_ref && b->lines[i].dp_id == ln.dp_id &&
            b->lines[i].schedule_ref == ln.schedule_ref)
            return err_set(e, ERR_CONFLICT,
                           "Scheduled payment %lld of direct payment %lld is already in this batch "
                           "(line %zu); it is paid once.",
                           (long long)ln.schedule_ref, (long long)ln.dp_id, i + 1);
    if (batch_total(b) + ln.amount > BACS18_MAX_AMOUNT)
        return err_set(e, ERR_RANGE,
                       "This payment would take the batch past the most one BACS file can carry; "
                       "start another batch.");
    if (b->nlines == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 16;
        struct batch_line *nl = realloc(b->lines, ncap * sizeof *nl);
        if (!nl)
            return err_set(e, ERR_NOMEM, "Out of memory adding a payment.");
        b->lines = nl;
        b->cap = ncap;
    }
    b->lines[b->nlines++] = ln;
    return 0;
}

int batch_remove_line(struct batch *b, size_t index, const struct batch_actor *by, struct err *e)
{
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER, "remove payments from a batch", e)) != 0 ||
        (rc = need_draft_to_edit(b, e)) != 0)
        return rc;
    if (index >= b->nlines)
        return err_set(e, ERR_NOT_FOUND, "Batch %lld has no line %zu.", (long long)b->id, index + 1);
    memmove(&b->lines[index], &b->lines[index + 1], (b->nlines - index - 1) * sizeof *b->lines);
    b->nlines--;
    return 0;
}

int batch_submit(struct batch *b, const struct batch_actor *by, int64_t now, struct err *e)
{
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER, "submit a batch for approval", e)) != 0)
        return rc;
    if (b->state != BATCH_DRAFT)
        return err_set(e, ERR_CONFLICT, "Batch %lld is %s, not a draft, so it cannot be submitted.",
                       (long long)b->id, batch_state_name(b->state));
    if (b->nlines == 0)
        return err_set(e, ERR_INVALID, "Batch %lld has no payments in it.", (long long)b->id);
    b->state = BATCH_SUBMITTED;
    b->submitted_by = by->user_id;
    b->submitted_at = now;
    return 0;
}

int batch_return(struct batch *b, const struct batch_actor *by, const char *why, int64_t now,
                 struct err *e)
{
    int rc;
    (void)now;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_APPROVER, "return a batch to draft", e)) != 0)
        return rc;
    if (b->state != BATCH_SUBMITTED)
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld is %s; only a submitted batch can be returned to draft.",
                       (long long)b->id, batch_state_name(b->state));
    if (!why || !*why)
        return err_set_field(e, ERR_INVALID, "note",
                             "Say why the batch is being returned, so the officer can fix it.");
    b->state = BATCH_DRAFT;
    b->submitted_by = 0;
    b->submitted_at = 0;
    (void)str_copy(b->note, sizeof b->note, why);
    return 0;
}

/* True if user took part in making the batch: created it, submitted it or added a line. */
static bool made_by(const struct batch *b, int64_t user)
{
    if (b->created_by == user || b->submitted_by == user)
        return true;
    for (size_t i = 0; i < b->nlines; i++)
        if (b->lines[i].added_by == user)
            return true;
    return false;
}

int batch_approve(struct batch *b, const struct batch_actor *by, int64_t now, struct err *e)
{
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_APPROVER, "approve a payment batch", e)) != 0)
        return rc;
    switch (b->state) {
    case BATCH_SUBMITTED: break;
    case BATCH_DRAFT:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld is still a draft; the officer must submit it before it can be "
                       "approved.",
                       (long long)b->id);
    case BATCH_APPROVED:
        return err_set(e, ERR_CONFLICT, "Batch %lld has already been approved (by user %lld).",
                       (long long)b->id, (long long)b->approved_by);
    case BATCH_RELEASED:
        return err_set(e, ERR_CONFLICT, "Batch %lld has already been approved and released.",
                       (long long)b->id);
    default:
        return err_set(e, ERR_CONFLICT, "Batch %lld has been cancelled.", (long long)b->id);
    }
    if (made_by(b, by->user_id))
        return err_set(e, ERR_FORBIDDEN,
                       "You made or changed batch %lld, so you cannot approve it: a different "
                       "finance approver must check it (the four-eyes rule).",
                       (long long)b->id);
    if (batch_hash(b, b->approved_hash) != 0)
        return err_set(e, ERR_IO, "The batch could not be fingerprinted for approval.");
    b->state = BATCH_APPROVED;
    b->approved_by = by->user_id;
    b->approved_at = now;
    return 0;
}

int batch_release_payments(struct batch *b, const struct batch_actor *by, int64_t now,
                           struct err *e)
{
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER, "release a payment batch",
                        e)) != 0)
        return rc;
    switch (b->state) {
    case BATCH_APPROVED: break;
    case BATCH_DRAFT:
    case BATCH_SUBMITTED:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has not been approved; a finance approver other than the person "
                       "who made it must approve it before it can be released.",
                       (long long)b->id);
    case BATCH_RELEASED:
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has already been released; releasing it again would pay "
                       "everyone twice.",
                       (long long)b->id);
    default:
        return err_set(e, ERR_CONFLICT, "Batch %lld has been cancelled.", (long long)b->id);
    }
    if (!batch_approval_valid(b))
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has changed since it was approved, so the approval no longer "
                       "covers it. It cannot be released; cancel it and make a new batch.",
                       (long long)b->id);
    b->state = BATCH_RELEASED;
    b->released_by = by->user_id;
    b->released_at = now;
    return 0;
}

int batch_cancel(struct batch *b, const struct batch_actor *by, const char *why, int64_t now,
                 struct err *e)
{
    int rc;
    if ((rc = check_council(b, by, e)) != 0 ||
        (rc = need_role(by, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER, "cancel a payment batch",
                        e)) != 0)
        return rc;
    if (b->state == BATCH_RELEASED)
        return err_set(e, ERR_CONFLICT,
                       "Batch %lld has been released to the bank and cannot be cancelled; correct "
                       "its payments with reversals.",
                       (long long)b->id);
    if (b->state == BATCH_CANCELLED)
        return err_set(e, ERR_CONFLICT, "Batch %lld is already cancelled.", (long long)b->id);
    if (!why || !*why)
        return err_set_field(e, ERR_INVALID, "note", "Say why the batch is being cancelled.");
    b->state = BATCH_CANCELLED;
    b->cancelled_by = by->user_id;
    b->cancelled_at = now;
    (void)str_copy(b->note, sizeof b->note, why);
    return 0;
}

/* --- the approval hash ----------------------------------------------------------------------- */

static void hash_i64(crypto_hash_sha256_state *st, int64_t v)
{
    unsigned char le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (unsigned char)((uint64_t)v >> (8 * i));
    crypto_hash_sha256_update(st, le, sizeof le);
}

/* Strings are length-prefixed so that no two different contents hash the same text. */
static void hash_str(crypto_hash_sha256_state *st, const char *s, size_t maxlen)
{
    size_t n = strnlen(s, maxlen);
    hash_i64(st, (int64_t)n);
    crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

int batch_hash(const struct batch *b, unsigned char out[BATCH_HASH_SIZE])
{
    static const char tag[] = "selfdirect payment batch v1";
    crypto_hash_sha256_state st;
    if (sodium_init() < 0)
        return ERR_IO;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)tag, sizeof tag);
    hash_i64(&st, b->council_id);
    hash_i64(&st, b->id);
    hash_i64(&st, b->pay_date);
    hash_i64(&st, (int64_t)b->nlines);
    for (size_t i = 0; i < b->nlines; i++) {
        const struct batch_line *ln = &b->lines[i];
        hash_i64(&st, ln->dp_id);
        hash_i64(&st, ln->schedule_ref);
        hash_str(&st, ln->payee_name, sizeof ln->payee_name);
        hash_str(&st, ln->sort_code, sizeof ln->sort_code);
        hash_str(&st, ln->account, sizeof ln->account);
        hash_str(&st, ln->reference, sizeof ln->reference);
        hash_i64(&st, ln->amount);
        hash_str(&st, ln->remittance, sizeof ln->remittance);
    }
    crypto_hash_sha256_final(&st, out);
    return 0;
}

void batch_hash_hex(const unsigned char h[BATCH_HASH_SIZE], char out[2 * BATCH_HASH_SIZE + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < BATCH_HASH_SIZE; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[2 * BATCH_HASH_SIZE] = '\0';
}

bool batch_approval_valid(const struct batch *b)
{
    unsigned char now[BATCH_HASH_SIZE];
    if (b->state != BATCH_APPROVED && b->state != BATCH_RELEASED)
        return false;
    if (b->approved_by == 0 || made_by(b, b->approved_by))
        return false;
    if (batch_hash(b, now) != 0)
        return false;
    return sodium_memcmp(now, b->approved_hash, BATCH_HASH_SIZE) == 0;
}

int64_t batch_total(const struct batch *b)
{
    int64_t t = 0;
    for (size_t i = 0; i < b->nlines; i++)
        t += b->lines[i].amount; /* each <= 11 digits, total checked on add */
    return t;
}

/* --- outputs --------------------------------------------------------------------------------- */

void batch_ledger_info(const struct batch *b, struct ledger_batch_info *out)
{
    memset(out, 0, sizeof *out);
    out->batch_id = b->id;
    out->council_id = b->council_id;
    out->approved = b->state == BATCH_APPROVED || b->state == BATCH_RELEASED;
    out->approval_valid = batch_approval_valid(b);
    out->released = b->state == BATCH_RELEASED;
    out->total = batch_total(b);
    out->nlines = b->nlines;
}

int batch_post_payments(const struct batch *b, struct ledger *l, day_t date, struct err *e)
{
    struct ledger_batch_info info;
    char memo[LEDGER_MEMO_SIZE];
    int rc;
    if (b->state != BATCH_RELEASED || !batch_approval_valid(b))
        return err_set(e, ERR_FORBIDDEN,
                       "Batch %lld is not released with a valid approval, so its payments cannot "
                       "be recorded as paid.",
                       (long long)b->id);
    batch_ledger_info(b, &info);
    if ((rc = ledger_record_batch(l, &info, e)) != 0)
        return rc;
    for (size_t i = 0; i < b->nlines; i++) {
        snprintf(memo, sizeof memo, "Direct payment, batch %lld line %zu, ref %s", (long long)b->id,
                 i + 1, b->lines[i].reference);
        if ((rc = ledger_post_simple(l, LEDGER_J_PAYMENT, b->council_id, b->lines[i].dp_id, date,
                                     b->lines[i].amount, b->id, (int64_t)(i + 1), NULL, memo, NULL,
                                     e)) != 0)
            return rc;
    }
    return 0;
}

/* BACS day 1 (processing) is two working days before day 3, when the money arrives. Weekends are
 * skipped; bank holidays are not known here, so a pay date after one needs the batch made a day
 * earlier (docs/payments.md). */
static day_t processing_day(day_t pay)
{
    day_t d = pay;
    for (int left = 2; left > 0;) {
        d--;
        if (date_weekday(d) < 5)
            left--;
    }
    return d;
}

int batch_write_bacs(const struct batch *b, const struct bacs18_params *p, struct buf *out,
                     struct err *e)
{
    struct bacs18_params q = *p;
    struct bacs18_payment *pays;
    int rc;
    if (b->state != BATCH_RELEASED || !batch_approval_valid(b))
        return err_set(e, ERR_FORBIDDEN,
                       "Batch %lld is not released with a valid approval, so no payment file can "
                       "be made for it.",
                       (long long)b->id);
    if (date_weekday(b->pay_date) >= 5)
        return err_set(e, ERR_INVALID, "The batch's pay date falls at a weekend, when BACS does "
                                       "not pay.");
    q.processing = processing_day(b->pay_date);
    pays = calloc(b->nlines ? b->nlines : 1, sizeof *pays);
    if (!pays)
        return err_set(e, ERR_NOMEM, "Out of memory making the payment file.");
    for (size_t i = 0; i < b->nlines; i++) {
        memcpy(pays[i].sort_code, b->lines[i].sort_code, sizeof pays[i].sort_code);
        memcpy(pays[i].account, b->lines[i].account, sizeof pays[i].account);
        memcpy(pays[i].name, b->lines[i].payee_name, sizeof pays[i].name);
        memcpy(pays[i].reference, b->lines[i].reference, sizeof pays[i].reference);
        pays[i].amount = b->lines[i].amount;
    }
    rc = bacs18_write(&q, pays, b->nlines, out, e);
    free(pays);
    return rc;
}

int batch_remittance(const struct batch *b, size_t index, struct buf *out, struct err *e)
{
    const struct batch_line *ln;
    char amt[MONEY_FMT_SIZE], when[40];
    int rc = 0;
    if (index >= b->nlines)
        return err_set(e, ERR_NOT_FOUND, "Batch %lld has no line %zu.", (long long)b->id, index + 1);
    ln = &b->lines[index];
    money_format(ln->amount, MONEY_FMT_POUND, amt, sizeof amt);
    date_format_long(b->pay_date, when, sizeof when);
    rc |= buf_addf(out, "Direct payment of %s\n", amt);
    rc |= buf_addf(out, "%s: it should be in the account ending %s on %s.\n",
                   b->state == BATCH_RELEASED ? "Sent" : "To be sent", ln->account + 4, when);
    rc |= buf_addf(out, "It shows on the statement as \"%s\".\n", ln->reference);
    if (ln->remittance[0])
        rc |= buf_addf(out, "What it is for: %s\n", ln->remittance);
    if (rc != 0)
        return err_set(e, ERR_RANGE, "The remittance advice does not fit.");
    return 0;
}
