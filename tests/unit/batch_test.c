/* Payment batches: the four-eyes rule and every refusal (self-approval, editing after approval,
 * approving twice, releasing twice, releasing unapproved, another council's batch), the approval
 * hash, and the outputs (ledger payments, BACS file, remittance advice). */
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "domain/batch.h"
#include "domain/ledger.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static const struct batch_actor officer = {10, 1, BATCH_ROLE_OFFICER};
static const struct batch_actor officer2 = {11, 1, BATCH_ROLE_OFFICER};
static const struct batch_actor approver = {20, 1, BATCH_ROLE_APPROVER};
static const struct batch_actor both = {30, 1, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER};
static const struct batch_actor other_council = {40, 2, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER};

static struct batch_line line(int64_t dp, int64_t ref, int64_t amount)
{
    struct batch_line ln;
    memset(&ln, 0, sizeof ln);
    ln.dp_id = dp;
    ln.schedule_ref = ref;
    snprintf(ln.payee_name, sizeof ln.payee_name, "Jane Smith");
    snprintf(ln.sort_code, sizeof ln.sort_code, "20-00-00");
    snprintf(ln.account, sizeof ln.account, "5577991");
    snprintf(ln.reference, sizeof ln.reference, "dp%lld apr", (long long)dp);
    snprintf(ln.remittance, sizeof ln.remittance, "Four weeks from 7 April 2025");
    ln.amount = amount;
    return ln;
}

/* A batch by `officer` with two lines, submitted. */
static void submitted(struct batch *b)
{
    struct err e = {0};
    struct batch_line l1 = line(1, 1, 100000), l2 = line(2, 1, 89286);
    CHECK_INT(batch_create(b, 7, 1, D(2025, 4, 10), &officer, 100, &e), 0);
    CHECK_INT(batch_add_line(b, &l1, &officer, &e), 0);
    CHECK_INT(batch_add_line(b, &l2, &officer, &e), 0);
    CHECK_INT(batch_submit(b, &officer, 101, &e), 0);
}

TEST(batch_lines_are_put_in_bacs_form)
{
    struct batch b;
    struct err e = {0};
    struct batch_line bad;
    submitted(&b);
    CHECK_STR(b.lines[0].sort_code, "200000");
    CHECK_STR(b.lines[0].account, "05577991");
    CHECK_STR(b.lines[0].payee_name, "JANE SMITH");
    CHECK_STR(b.lines[0].reference, "DP1 APR");
    CHECK_INT(batch_total(&b), 189286);
    batch_release(&b);
    batch_create(&b, 8, 1, D(2025, 4, 10), &officer, 100, &e);
    bad = line(1, 1, 100);
    snprintf(bad.sort_code, sizeof bad.sort_code, "20-00");
    CHECK_INT(batch_add_line(&b, &bad, &officer, &e), ERR_INVALID);
    CHECK_STR(e.field, "sort_code");
    err_clear(&e);
    bad = line(1, 1, 100);
    snprintf(bad.payee_name, sizeof bad.payee_name, "Zoë");
    CHECK_INT(batch_add_line(&b, &bad, &officer, &e), ERR_INVALID);
    CHECK_STR(e.field, "payee_name");
    err_clear(&e);
    bad = line(1, 1, 0);
    CHECK_INT(batch_add_line(&b, &bad, &officer, &e), ERR_INVALID);
    err_clear(&e);
    bad = line(1, 1, 100);
    CHECK_INT(batch_add_line(&b, &bad, &officer, &e), 0);
    CHECK_INT(batch_add_line(&b, &bad, &officer, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "paid once");
    CHECK_INT(b.nlines, 1);
    batch_release(&b);
}

TEST(batch_roles_and_council_for_making)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l1 = line(1, 1, 100);
    CHECK_INT(batch_create(&b, 7, 1, D(2025, 4, 10), &approver, 100, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "finance officer");
    err_clear(&e);
    CHECK_INT(batch_create(&b, 7, 1, D(2025, 4, 10), &other_council, 100, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "another council");
    err_clear(&e);
    CHECK_INT(batch_create(&b, 7, 1, D(2025, 4, 10), &officer, 100, &e), 0);
    CHECK_INT(batch_add_line(&b, &l1, &other_council, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(batch_submit(&b, &officer, 100, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "no payments");
    batch_release(&b);
}

TEST(batch_self_approval_refused)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l1 = line(1, 1, 100);
    CHECK_INT(batch_create(&b, 7, 1, D(2025, 4, 10), &both, 100, &e), 0);
    CHECK_INT(batch_add_line(&b, &l1, &both, &e), 0);
    CHECK_INT(batch_submit(&b, &both, 101, &e), 0);
    CHECK_INT(batch_approve(&b, &both, 102, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "four-eyes");
    CHECK_INT(b.state, BATCH_SUBMITTED);
    batch_release(&b);
}

TEST(batch_approval_refused_to_anyone_who_added_a_line)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l1 = line(1, 1, 100), l2 = line(2, 1, 100);
    struct batch_actor helper = {30, 1, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER};
    CHECK_INT(batch_create(&b, 7, 1, D(2025, 4, 10), &officer, 100, &e), 0);
    CHECK_INT(batch_add_line(&b, &l1, &officer, &e), 0);
    CHECK_INT(batch_add_line(&b, &l2, &helper, &e), 0);
    CHECK_INT(batch_submit(&b, &officer, 101, &e), 0);
    CHECK_INT(batch_approve(&b, &helper, 102, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(batch_approve(&b, &officer2, 102, &e), ERR_FORBIDDEN); /* not an approver */
    CHECK_CONTAINS(e.msg, "finance approver");
    err_clear(&e);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    batch_release(&b);
}

TEST(batch_approve_another_councils_batch_refused)
{
    struct batch b;
    struct err e = {0};
    submitted(&b);
    CHECK_INT(batch_approve(&b, &other_council, 102, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "belongs to another council");
    CHECK_INT(b.state, BATCH_SUBMITTED);
    err_clear(&e);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    CHECK_INT(batch_release_payments(&b, &other_council, 103, &e), ERR_FORBIDDEN);
    CHECK_INT(b.state, BATCH_APPROVED);
    batch_release(&b);
}

TEST(batch_draft_cannot_be_approved_or_released)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l1 = line(1, 1, 100);
    batch_create(&b, 7, 1, D(2025, 4, 10), &officer, 100, &e);
    batch_add_line(&b, &l1, &officer, &e);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "still a draft");
    err_clear(&e);
    CHECK_INT(batch_release_payments(&b, &officer, 103, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "has not been approved");
    batch_release(&b);
}

TEST(batch_release_unapproved_refused)
{
    struct batch b;
    struct err e = {0};
    submitted(&b);
    CHECK_INT(batch_release_payments(&b, &approver, 103, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "has not been approved");
    CHECK_INT(b.state, BATCH_SUBMITTED);
    batch_release(&b);
}

TEST(batch_approving_twice_refused)
{
    struct batch b;
    struct err e = {0};
    struct batch_actor approver2 = {21, 1, BATCH_ROLE_APPROVER};
    submitted(&b);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    CHECK_INT(batch_approve(&b, &approver2, 103, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been approved (by user 20)");
    CHECK_INT(b.approved_by, 20);
    batch_release(&b);
}

TEST(batch_editing_after_approval_refused)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l3 = line(3, 1, 5000);
    unsigned char h[BATCH_HASH_SIZE];
    submitted(&b);
    CHECK_INT(batch_add_line(&b, &l3, &officer, &e), ERR_CONFLICT); /* submitted */
    CHECK_CONTAINS(e.msg, "return it to draft");
    err_clear(&e);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    memcpy(h, b.approved_hash, sizeof h);
    CHECK_INT(batch_add_line(&b, &l3, &officer, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "has been approved and cannot be changed");
    err_clear(&e);
    CHECK_INT(batch_remove_line(&b, 0, &officer, &e), ERR_CONFLICT);
    CHECK_INT(b.nlines, 2);
    CHECK(memcmp(h, b.approved_hash, sizeof h) == 0);
    CHECK(batch_approval_valid(&b));
    batch_release(&b);
}

TEST(batch_change_behind_the_apis_back_invalidates_approval)
{
    struct batch b;
    struct err e = {0};
    submitted(&b);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    b.lines[1].amount += 1; /* as if the stored row were edited */
    CHECK(!batch_approval_valid(&b));
    CHECK_INT(batch_release_payments(&b, &officer, 103, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "changed since it was approved");
    CHECK_INT(b.state, BATCH_APPROVED);
    b.lines[1].amount -= 1;
    CHECK(batch_approval_valid(&b));
    snprintf(b.lines[0].account, sizeof b.lines[0].account, "99999999"); /* diverted */
    CHECK(!batch_approval_valid(&b));
    batch_release(&b);
}

TEST(batch_hash_covers_every_field)
{
    struct batch b;
    unsigned char h0[BATCH_HASH_SIZE], h1[BATCH_HASH_SIZE];
    char hex[2 * BATCH_HASH_SIZE + 1];
    submitted(&b);
    CHECK_INT(batch_hash(&b, h0), 0);
    CHECK_INT(batch_hash(&b, h1), 0);
    CHECK(memcmp(h0, h1, sizeof h0) == 0);
    batch_hash_hex(h0, hex);
    CHECK_INT(strlen(hex), 64);
#define CHANGED(stmt, undo)                                                                   \
    do {                                                                                      \
        stmt;                                                                                 \
        batch_hash(&b, h1);                                                                   \
        CHECK(memcmp(h0, h1, sizeof h0) != 0);                                                \
        undo;                                                                                 \
    } while (0)
    CHANGED(b.lines[0].amount++, b.lines[0].amount--);
    CHANGED(b.lines[0].dp_id++, b.lines[0].dp_id--);
    CHANGED(b.lines[0].schedule_ref++, b.lines[0].schedule_ref--);
    CHANGED(b.lines[0].reference[0] = 'X', b.lines[0].reference[0] = 'D');
    CHANGED(b.lines[0].payee_name[0] = 'X', b.lines[0].payee_name[0] = 'J');
    CHANGED(b.lines[0].sort_code[0] = '9', b.lines[0].sort_code[0] = '2');
    CHANGED(b.lines[0].remittance[0] = 'X', b.lines[0].remittance[0] = 'F');
    CHANGED(b.pay_date++, b.pay_date--);
    CHANGED(b.nlines--, b.nlines++);
#undef CHANGED
    batch_hash(&b, h1);
    CHECK(memcmp(h0, h1, sizeof h0) == 0);
    batch_release(&b);
}

TEST(batch_releasing_twice_refused)
{
    struct batch b;
    struct err e = {0};
    submitted(&b);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    CHECK_INT(batch_release_payments(&b, &officer, 103, &e), 0);
    CHECK_INT(b.state, BATCH_RELEASED);
    CHECK_INT(batch_release_payments(&b, &approver, 104, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "pay everyone twice");
    err_clear(&e);
    CHECK_INT(batch_cancel(&b, &officer, "oops", 105, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "reversals");
    batch_release(&b);
}

TEST(batch_return_to_draft_needs_a_reason)
{
    struct batch b;
    struct err e = {0};
    struct batch_line l3 = line(3, 1, 5000);
    submitted(&b);
    CHECK_INT(batch_return(&b, &approver, "", 102, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(batch_return(&b, &officer, "no", 102, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(batch_return(&b, &approver, "line 2 amount looks wrong", 102, &e), 0);
    CHECK_INT(b.state, BATCH_DRAFT);
    CHECK_STR(b.note, "line 2 amount looks wrong");
    CHECK_INT(batch_add_line(&b, &l3, &officer, &e), 0);
    CHECK_INT(batch_submit(&b, &officer2, 103, &e), 0);
    CHECK_INT(batch_approve(&b, &approver, 104, &e), 0);
    batch_release(&b);
}

TEST(batch_cancel_before_release)
{
    struct batch b;
    struct err e = {0};
    submitted(&b);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    CHECK_INT(batch_cancel(&b, &approver, "", 103, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(batch_cancel(&b, &approver, "bank details changed", 103, &e), 0);
    CHECK_INT(batch_release_payments(&b, &officer, 104, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "cancelled");
    err_clear(&e);
    CHECK_INT(batch_cancel(&b, &approver, "again", 105, &e), ERR_CONFLICT);
    batch_release(&b);
}

TEST(batch_outputs_only_after_release)
{
    struct batch b;
    struct err e = {0};
    struct ledger l;
    struct buf out;
    struct bacs18_params p;
    ledger_init(&l);
    buf_init(&out, 1 << 16);
    memset(&p, 0, sizeof p);
    memcpy(p.orig.sun, "123456", 7);
    memcpy(p.orig.sort_code, "401234", 7);
    memcpy(p.orig.account, "12345678", 9);
    memcpy(p.orig.name, "DEMO COUNCIL DP", 16);
    memcpy(p.serial, "B00007", 7);
    p.file_number = 1;
    p.created = D(2025, 4, 7);
    submitted(&b);
    CHECK_INT(batch_approve(&b, &approver, 102, &e), 0);
    CHECK_INT(batch_post_payments(&b, &l, D(2025, 4, 8), &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(batch_write_bacs(&b, &p, &out, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(batch_release_payments(&b, &officer, 103, &e), 0);
    CHECK_INT(batch_post_payments(&b, &l, D(2025, 4, 8), &e), 0);
    CHECK_INT(l.njournals, 2);
    CHECK_INT(ledger_balance(&l, 1, 2, LEDGER_BANK_CLEARING), 89286);
    /* Pay date Thursday 10 April: BACS day 1 is Tuesday 8 April (" 25098"). */
    CHECK_INT(batch_write_bacs(&b, &p, &out, &e), 0);
    CHECK_CONTAINS(out.data, "UHL1 25098999999");
    CHECK_CONTAINS(out.data, "00000189286DIRECT PAYMENTS   CONTRA");
    buf_reset(&out);
    CHECK_INT(batch_remittance(&b, 1, &out, &e), 0);
    CHECK_CONTAINS(out.data, "Direct payment of £892.86");
    CHECK_CONTAINS(out.data, "account ending 7991 on 10 April 2025");
    CHECK_CONTAINS(out.data, "Four weeks from 7 April 2025");
    buf_release(&out);
    batch_release(&b);
    ledger_release(&l);
}

TEST(batch_bacs_day_skips_the_weekend)
{
    struct batch b;
    struct err e = {0};
    struct buf out;
    struct bacs18_params p;
    struct batch_line l1 = line(1, 1, 100);
    buf_init(&out, 1 << 16);
    memset(&p, 0, sizeof p);
    memcpy(p.orig.sun, "123456", 7);
    memcpy(p.orig.sort_code, "401234", 7);
    memcpy(p.orig.account, "12345678", 9);
    memcpy(p.orig.name, "DEMO COUNCIL DP", 16);
    memcpy(p.serial, "B00008", 7);
    p.file_number = 2;
    p.created = D(2025, 4, 9);
    /* Pay date Monday 14 April: day 1 is Thursday 10 April (" 25100"). */
    batch_create(&b, 9, 1, D(2025, 4, 14), &officer, 1, &e);
    batch_add_line(&b, &l1, &officer, &e);
    batch_submit(&b, &officer, 2, &e);
    batch_approve(&b, &approver, 3, &e);
    CHECK_INT(batch_release_payments(&b, &officer, 4, &e), 0);
    CHECK_INT(batch_write_bacs(&b, &p, &out, &e), 0);
    CHECK_CONTAINS(out.data, "UHL1 25100");
    buf_release(&out);
    batch_release(&b);
}
