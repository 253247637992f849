/* Ledger: journal checks at posting, reversals, duplicate imports, batches, tamper detection by
 * ledger_verify, and a seeded random simulation checking every invariant after every step. */
#include <stdint.h>
#include <string.h>

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

static int verify_count(const struct ledger *l, struct ledger_breaches *b)
{
    struct err e = {0};
    ledger_breaches_init(b, 50);
    return ledger_verify(l, b, &e);
}

static bool has_breach(const struct ledger_breaches *b, enum ledger_breach_kind k)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->items[i].kind == k)
            return true;
    return false;
}

/* A two-line journal between two accounts, built by hand so tests can get it wrong on purpose. */
static struct ledger_journal two_line(int64_t council, int64_t dp, enum ledger_journal_kind k,
                                      int64_t dr, int64_t cr, int64_t amount)
{
    struct ledger_journal j;
    memset(&j, 0, sizeof j);
    j.council_id = council;
    j.dp_id = dp;
    j.kind = k;
    j.date = D(2025, 4, 7);
    j.nlines = 2;
    j.lines[0] = (struct ledger_line){dr, amount};
    j.lines[1] = (struct ledger_line){cr, -amount};
    return j;
}

/* A released batch of `n` lines of `amount` each for dp 1 of council 1, recorded in l. */
static void release_batch(struct ledger *l, struct batch *b, int64_t id, size_t n, int64_t amount)
{
    struct batch_actor officer = {10, 1, BATCH_ROLE_OFFICER};
    struct batch_actor approver = {20, 1, BATCH_ROLE_APPROVER};
    struct err e = {0};
    CHECK_INT(batch_create(b, id, 1, D(2025, 4, 10), &officer, 1000, &e), 0);
    for (size_t i = 0; i < n; i++) {
        struct batch_line ln;
        memset(&ln, 0, sizeof ln);
        ln.dp_id = 1;
        ln.schedule_ref = (int64_t)i + 1;
        snprintf(ln.payee_name, sizeof ln.payee_name, "A PERSON");
        snprintf(ln.sort_code, sizeof ln.sort_code, "200000");
        snprintf(ln.account, sizeof ln.account, "12345678");
        snprintf(ln.reference, sizeof ln.reference, "DP%06lld", (long long)i);
        ln.amount = amount;
        CHECK_INT(batch_add_line(b, &ln, &officer, &e), 0);
    }
    CHECK_INT(batch_submit(b, &officer, 1001, &e), 0);
    CHECK_INT(batch_approve(b, &approver, 1002, &e), 0);
    CHECK_INT(batch_release_payments(b, &officer, 1003, &e), 0);
    (void)l;
}

TEST(ledger_account_kinds_round_trip)
{
    for (int k = 1; k < LEDGER_ACCOUNT_KIND_END; k++) {
        enum ledger_account_kind back;
        CHECK(ledger_account_kind_name((enum ledger_account_kind)k) != NULL);
        CHECK_INT(ledger_account_kind_parse(ledger_account_kind_name((enum ledger_account_kind)k),
                                            &back),
                  0);
        CHECK_INT(back, k);
    }
    for (int k = 1; k < LEDGER_JOURNAL_KIND_END; k++) {
        enum ledger_journal_kind back;
        CHECK_INT(ledger_journal_kind_parse(ledger_journal_kind_name((enum ledger_journal_kind)k),
                                            &back),
                  0);
        CHECK_INT(back, k);
    }
}

TEST(ledger_open_account_rules)
{
    struct ledger l;
    struct err e = {0};
    int64_t id = 0, id2 = 0;
    ledger_init(&l);
    CHECK_INT(ledger_account_open(&l, 1, 0, LEDGER_COUNCIL_DP_BUDGET, &id, &e), 0);
    CHECK(id > 0);
    err_clear(&e);
    CHECK_INT(ledger_account_open(&l, 1, 0, LEDGER_COUNCIL_DP_BUDGET, &id2, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already open");
    err_clear(&e);
    CHECK_INT(ledger_account_open(&l, 1, 5, LEDGER_COUNCIL_DP_BUDGET, &id2, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "once per council");
    err_clear(&e);
    CHECK_INT(ledger_account_open(&l, 1, 0, LEDGER_PERSON_DP_ACCOUNT, &id2, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "per person");
    CHECK_INT(ledger_account_ensure(&l, 1, 0, LEDGER_COUNCIL_DP_BUDGET, &id2, &e), 0);
    CHECK_INT(id2, id);
    ledger_release(&l);
}

TEST(ledger_spend_moves_balances_and_verifies)
{
    struct ledger l;
    struct err e = {0};
    struct ledger_breaches b;
    ledger_init(&l);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_FUNDS_IN, 1, 7, D(2025, 4, 7), 5000, 0, 0, "fp-1",
                                 "contribution", NULL, &e),
              0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 1, 7, D(2025, 4, 8), 1234, 0, 0, "fp-2",
                                 "PA wages", NULL, &e),
              0);
    CHECK_INT(ledger_balance(&l, 1, 7, LEDGER_PERSON_DP_ACCOUNT), 3766);
    CHECK_INT(ledger_balance(&l, 1, 7, LEDGER_PERSON_SPEND), 1234);
    CHECK_INT(ledger_balance(&l, 1, 7, LEDGER_PERSON_FUNDS), -5000);
    CHECK_INT(verify_count(&l, &b), 0);
    ledger_breaches_release(&b);
    ledger_release(&l);
}

TEST(ledger_refuses_unbalanced_zero_and_short_journals)
{
    struct ledger l;
    struct err e = {0};
    int64_t a1, a2;
    struct ledger_journal j;
    ledger_init(&l);
    ledger_account_open(&l, 1, 7, LEDGER_PERSON_SPEND, &a1, &e);
    ledger_account_open(&l, 1, 7, LEDGER_PERSON_DP_ACCOUNT, &a2, &e);
    j = two_line(1, 7, LEDGER_J_SPEND, a1, a2, 100);
    j.lines[1].amount = -99;
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "does not balance");
    err_clear(&e);
    j = two_line(1, 7, LEDGER_J_SPEND, a1, a2, 0);
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "0p");
    err_clear(&e);
    j = two_line(1, 7, LEDGER_J_SPEND, a1, a2, 100);
    j.nlines = 1;
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "between 2");
    CHECK_INT(l.njournals, 0);
    CHECK_INT(ledger_balance(&l, 1, 7, LEDGER_PERSON_SPEND), 0);
    ledger_release(&l);
}

TEST(ledger_refuses_wrong_owner_and_shape)
{
    struct ledger l;
    struct err e = {0};
    int64_t spend7, acct7, acct8, spend_c2;
    struct ledger_journal j;
    ledger_init(&l);
    ledger_account_open(&l, 1, 7, LEDGER_PERSON_SPEND, &spend7, &e);
    ledger_account_open(&l, 1, 7, LEDGER_PERSON_DP_ACCOUNT, &acct7, &e);
    ledger_account_open(&l, 1, 8, LEDGER_PERSON_DP_ACCOUNT, &acct8, &e);
    ledger_account_open(&l, 2, 7, LEDGER_PERSON_SPEND, &spend_c2, &e);
    j = two_line(1, 7, LEDGER_J_SPEND, spend7, acct8, 100); /* another person's account */
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "direct payment 8");
    err_clear(&e);
    j = two_line(1, 7, LEDGER_J_SPEND, spend_c2, acct7, 100); /* another council's account */
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "council 2");
    err_clear(&e);
    j = two_line(1, 7, LEDGER_J_SPEND, acct7, spend7, 100); /* the wrong way round */
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "a spend journal debits the person_spend account");
    err_clear(&e);
    j = two_line(1, 7, LEDGER_J_SPEND, 999, acct7, 100);
    CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "does not exist");
    ledger_release(&l);
}

TEST(ledger_payment_needs_released_approved_batch)
{
    struct ledger l;
    struct err e = {0};
    struct batch b;
    struct ledger_batch_info info;
    ledger_init(&l);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 5000, 0, 0, NULL,
                                 NULL, NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "approved payment batch");
    err_clear(&e);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 5000, 77, 1, NULL,
                                 NULL, NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Batch 77 has not been approved");
    err_clear(&e);
    /* recorded, approved, but not released */
    memset(&info, 0, sizeof info);
    info.batch_id = 78;
    info.council_id = 1;
    info.approved = info.approval_valid = true;
    info.total = 5000;
    info.nlines = 1;
    CHECK_INT(ledger_record_batch(&l, &info, &e), 0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 5000, 78, 1, NULL,
                                 NULL, NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "not been released");
    err_clear(&e);
    /* released but the approval no longer matches */
    info.released = true;
    info.approval_valid = false;
    ledger_record_batch(&l, &info, &e);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 5000, 78, 1, NULL,
                                 NULL, NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "changed after it was approved");
    err_clear(&e);
    /* the real thing */
    batch_init(&b);
    release_batch(&l, &b, 90, 2, 40000);
    CHECK_INT(batch_post_payments(&b, &l, D(2025, 4, 8), &e), 0);
    CHECK_INT(ledger_balance(&l, 1, 1, LEDGER_BANK_CLEARING), 80000);
    CHECK_INT(ledger_balance(&l, 1, 0, LEDGER_COUNCIL_DP_BUDGET), -80000);
    /* each line once, and never past the approved total */
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 40000, 90, 1, NULL,
                                 NULL, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been paid");
    err_clear(&e);
    CHECK_INT(batch_post_payments(&b, &l, D(2025, 4, 8), &e), ERR_CONFLICT);
    err_clear(&e);
    {
        struct ledger_breaches br;
        CHECK_INT(verify_count(&l, &br), 0);
        ledger_breaches_release(&br);
    }
    batch_release(&b);
    ledger_release(&l);
}

TEST(ledger_payment_of_another_councils_batch_refused)
{
    struct ledger l;
    struct err e = {0};
    struct ledger_batch_info info = {0};
    ledger_init(&l);
    info.batch_id = 5;
    info.council_id = 2;
    info.approved = info.approval_valid = info.released = true;
    info.total = 100;
    info.nlines = 1;
    ledger_record_batch(&l, &info, &e);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, 1, 1, D(2025, 4, 10), 100, 5, 1, NULL, NULL,
                                 NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "another council");
    ledger_release(&l);
}

TEST(ledger_reversal_mirrors_and_only_once)
{
    struct ledger l;
    struct err e = {0};
    int64_t id = 0, rid = 0, rid2 = 0;
    const struct ledger_journal *r;
    struct ledger_breaches b;
    ledger_init(&l);
    ledger_post_simple(&l, LEDGER_J_FUNDS_IN, 1, 3, D(2025, 4, 1), 10000, 0, 0, "in-1", NULL, NULL,
                       &e);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 1, 3, D(2025, 4, 2), 2500, 0, 0, "sp-1",
                                 "wrong amount", &id, &e),
              0);
    CHECK_INT(ledger_reverse(&l, id, D(2025, 4, 3), "keyed wrongly", &rid, &e), 0);
    r = ledger_journal_get(&l, rid);
    CHECK(r != NULL);
    CHECK_INT(r->kind, LEDGER_J_REVERSAL);
    CHECK_INT(r->reverses, id);
    CHECK_INT(r->lines[0].amount, -2500);
    CHECK_INT(r->lines[1].amount, 2500);
    CHECK_INT(ledger_balance(&l, 1, 3, LEDGER_PERSON_DP_ACCOUNT), 10000);
    CHECK_INT(ledger_reversed_by(&l, id), rid);
    CHECK_INT(ledger_reverse(&l, id, D(2025, 4, 4), NULL, &rid2, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been reversed by journal");
    err_clear(&e);
    CHECK_INT(ledger_reverse(&l, rid, D(2025, 4, 4), NULL, &rid2, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "itself a reversal");
    err_clear(&e);
    CHECK_INT(ledger_reverse(&l, 4242, D(2025, 4, 4), NULL, &rid2, &e), ERR_NOT_FOUND);
    CHECK_INT(verify_count(&l, &b), 0);
    ledger_breaches_release(&b);
    ledger_release(&l);
}

TEST(ledger_same_source_ref_added_once)
{
    struct ledger l;
    struct err e = {0};
    ledger_init(&l);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 1, 3, D(2025, 4, 2), 2500, 0, 0, "abc123",
                                 NULL, NULL, &e),
              0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 1, 3, D(2025, 4, 2), 2500, 0, 0, "abc123",
                                 NULL, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been recorded");
    err_clear(&e);
    /* the same reference in another council is another council's business */
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 2, 3, D(2025, 4, 2), 2500, 0, 0, "abc123",
                                 NULL, NULL, &e),
              0);
    CHECK_INT(l.njournals, 2);
    ledger_release(&l);
}

TEST(ledger_dp_summary_in_plain_terms)
{
    struct ledger l;
    struct err e = {0};
    struct batch b;
    struct ledger_dp_summary s;
    int64_t pid = 0;
    ledger_init(&l);
    batch_init(&b);
    release_batch(&l, &b, 91, 1, 100000);
    CHECK_INT(batch_post_payments(&b, &l, D(2025, 4, 8), &e), 0);
    ledger_post_simple(&l, LEDGER_J_RECEIPT, 1, 1, D(2025, 4, 10), 100000, 0, 0, "r1", NULL, NULL,
                       &e);
    ledger_post_simple(&l, LEDGER_J_FUNDS_IN, 1, 1, D(2025, 4, 10), 5000, 0, 0, "f1", NULL, NULL,
                       &e);
    ledger_post_simple(&l, LEDGER_J_SPEND, 1, 1, D(2025, 4, 12), 30000, 0, 0, "s1", NULL, &pid,
                       &e);
    ledger_post_simple(&l, LEDGER_J_RECOVERY_RAISED, 1, 1, D(2025, 5, 1), 20000, 0, 0, NULL, NULL,
                       NULL, &e);
    ledger_dp_summary(&l, 1, 1, &s);
    CHECK_INT(s.paid_by_council, 100000);
    CHECK_INT(s.received, 100000);
    CHECK_INT(s.in_transit, 0);
    CHECK_INT(s.own_money_in, 5000);
    CHECK_INT(s.spent, 30000);
    CHECK_INT(s.owed_back, 20000);
    CHECK_INT(s.held, 100000 + 5000 - 30000 - 20000);
    ledger_reverse(&l, pid, D(2025, 5, 2), "refunded", NULL, &e);
    ledger_dp_summary(&l, 1, 1, &s);
    CHECK_INT(s.spent, 0);
    batch_release(&b);
    ledger_release(&l);
}

/* --- tampering: what verify-ledger must catch in stored data --------------------------------- */

/* Builds a small clean ledger, then copies it into `t` through the load functions (as the store
 * does), so each test can damage the copy. */
static void clean_ledger(struct ledger *l, struct batch *b)
{
    struct err e = {0};
    ledger_init(l);
    batch_init(b);
    release_batch(l, b, 50, 2, 30000);
    CHECK_INT(batch_post_payments(b, l, D(2025, 4, 8), &e), 0);
    CHECK_INT(ledger_post_simple(l, LEDGER_J_RECEIPT, 1, 1, D(2025, 4, 10), 30000, 0, 0, "rc-1",
                                 NULL, NULL, &e),
              0);
    CHECK_INT(ledger_post_simple(l, LEDGER_J_SPEND, 1, 1, D(2025, 4, 11), 1000, 0, 0, "sp-1", NULL,
                                 NULL, &e),
              0);
    CHECK_INT(ledger_reverse(l, 4, D(2025, 4, 12), NULL, NULL, &e), 0);
}

static void copy_ledger(const struct ledger *from, struct ledger *to)
{
    struct err e = {0};
    ledger_init(to);
    for (size_t i = 0; i < from->naccounts; i++)
        ledger_load_account(to, &from->accounts[i], &e);
    for (size_t i = 0; i < from->njournals; i++)
        ledger_load_journal(to, &from->journals[i], &e);
    for (size_t i = 0; i < from->nbatches; i++)
        ledger_record_batch(to, &from->batches[i], &e);
}

TEST(ledger_verify_clean_copy_has_no_breach)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    CHECK_INT(verify_count(&t, &br), 0);
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_a_changed_balance)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    t.accounts[2].balance += 1;
    CHECK_INT(verify_count(&t, &br), 1);
    CHECK(has_breach(&br, LEDGER_BREACH_BALANCE_MISMATCH));
    CHECK_CONTAINS(br.items[0].msg, "postings add up to");
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_an_unbalanced_journal)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    t.journals[2].lines[0].amount += 5; /* someone edited one side of the receipt */
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_UNBALANCED));
    CHECK(has_breach(&br, LEDGER_BREACH_BALANCE_MISMATCH));
    CHECK_CONTAINS(br.items[0].msg, "journal 3");
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_payment_without_approved_batch)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    t.batches[0].approval_valid = false; /* the batch was changed after approval */
    CHECK(verify_count(&t, &br) >= 2);
    CHECK(has_breach(&br, LEDGER_BREACH_PAYMENT_NOT_APPROVED));
    CHECK_CONTAINS(br.items[0].msg, "changed after it was approved");
    ledger_breaches_release(&br);
    t.nbatches = 0; /* or the batch is not on record at all */
    CHECK(verify_count(&t, &br) >= 2);
    CHECK(has_breach(&br, LEDGER_BREACH_PAYMENT_WITHOUT_BATCH));
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_batch_total_mismatch)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    t.batches[0].total = 50000;
    CHECK_INT(verify_count(&t, &br), 1);
    CHECK(has_breach(&br, LEDGER_BREACH_PAYMENT_BATCH_MISMATCH));
    CHECK_CONTAINS(br.items[0].msg, "approved for 2 payments totalling £500.00");
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_double_reversal_and_reversal_faults)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    struct ledger_journal r;
    struct err e = {0};
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    r = t.journals[4]; /* the reversal of journal 4 */
    r.id = 100;
    ledger_load_journal(&t, &r, &e);
    /* keep the balances in step, so that only the reversal itself shows */
    for (size_t i = 0; i < r.nlines; i++)
        for (size_t k = 0; k < t.naccounts; k++)
            if (t.accounts[k].id == r.lines[i].account_id)
                t.accounts[k].balance += r.lines[i].amount;
    CHECK_INT(verify_count(&t, &br), 1);
    CHECK(has_breach(&br, LEDGER_BREACH_DOUBLE_REVERSAL));
    CHECK_CONTAINS(br.items[0].msg, "reversed more than once");
    ledger_breaches_release(&br);
    ledger_release(&t);

    copy_ledger(&l, &t);
    t.journals[4].reverses = 999;
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_REVERSAL_MISSING));
    ledger_breaches_release(&br);
    ledger_release(&t);

    copy_ledger(&l, &t);
    t.journals[4].reverses = 3; /* says it reverses the receipt, but mirrors the spend */
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_REVERSAL_NOT_MIRROR));
    ledger_breaches_release(&br);
    ledger_release(&t);

    copy_ledger(&l, &t);
    r = t.journals[4];
    r.id = 101;
    r.reverses = 5; /* a reversal of the reversal */
    for (size_t i = 0; i < r.nlines; i++)
        r.lines[i].amount = -r.lines[i].amount;
    ledger_load_journal(&t, &r, &e);
    for (size_t i = 0; i < r.nlines; i++)
        for (size_t k = 0; k < t.naccounts; k++)
            if (t.accounts[k].id == r.lines[i].account_id)
                t.accounts[k].balance += r.lines[i].amount;
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_REVERSAL_OF_REVERSAL));
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

TEST(ledger_verify_names_duplicates_and_unknown_accounts)
{
    struct ledger l, t;
    struct batch b;
    struct ledger_breaches br;
    struct ledger_journal j;
    struct err e = {0};
    clean_ledger(&l, &b);
    copy_ledger(&l, &t);
    j = t.journals[2]; /* the receipt, imported twice under another id */
    j.id = 200;
    ledger_load_journal(&t, &j, &e);
    j = t.journals[2];
    ledger_load_journal(&t, &j, &e); /* and once more under its own id */
    CHECK(verify_count(&t, &br) >= 2);
    CHECK(has_breach(&br, LEDGER_BREACH_DUPLICATE_SOURCE));
    CHECK(has_breach(&br, LEDGER_BREACH_DUPLICATE_ID));
    ledger_breaches_release(&br);
    ledger_release(&t);

    copy_ledger(&l, &t);
    t.journals[2].lines[1].account_id = 12345;
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_UNKNOWN_ACCOUNT));
    ledger_breaches_release(&br);
    ledger_release(&t);

    copy_ledger(&l, &t);
    t.journals[2].kind = LEDGER_J_SPEND; /* a receipt relabelled as spending */
    CHECK(verify_count(&t, &br) >= 1);
    CHECK(has_breach(&br, LEDGER_BREACH_WRONG_SHAPE));
    ledger_breaches_release(&br);
    ledger_release(&t);
    ledger_release(&l);
    batch_release(&b);
}

/* --- the simulation -------------------------------------------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    /* xorshift64*: a fixed seed gives the same run every time */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

TEST(ledger_simulation_thousands_of_operations_keep_every_invariant)
{
    enum { STEPS = 4000, COUNCILS = 2, DPS = 4 };
    struct ledger l;
    struct err e;
    struct ledger_breaches br;
    int64_t batch_id = 1, expected_journals = 0;
    int64_t shadow_spend[COUNCILS + 1][DPS + 1] = {{0}};
    size_t refused = 0, verified = 0, breaches = 0;
    day_t day = D(2025, 4, 7);
    char ref[64];

    rng_state = 0x5e1fd12ec7ULL;
    ledger_init(&l);
    ledger_breaches_init(&br, 20);
    for (int step = 0; step < STEPS; step++) {
        int64_t council = rnd_in(1, COUNCILS), dp = rnd_in(1, DPS);
        int op = (int)rnd_in(0, 11);
        int64_t amount = rnd_in(1, 200000);
        int rc = 0;
        err_clear(&e);
        day += (day_t)rnd_in(0, 1);
        snprintf(ref, sizeof ref, "txn-%d", step);
        switch (op) {
        case 0: { /* a batch of payments through the four-eyes process */
            struct batch b;
            struct batch_actor off = {100 + council, council, BATCH_ROLE_OFFICER};
            struct batch_actor app = {200 + council, council, BATCH_ROLE_APPROVER};
            size_t n = (size_t)rnd_in(1, 3);
            batch_init(&b);
            rc |= batch_create(&b, batch_id++, council, day + 3, &off, step, &e);
            for (size_t i = 0; i < n && rc == 0; i++) {
                struct batch_line ln;
                memset(&ln, 0, sizeof ln);
                ln.dp_id = rnd_in(1, DPS);
                ln.schedule_ref = (int64_t)i + 1;
                snprintf(ln.payee_name, sizeof ln.payee_name, "PAYEE %d", (int)ln.dp_id);
                snprintf(ln.sort_code, sizeof ln.sort_code, "11-22-33");
                snprintf(ln.account, sizeof ln.account, "87654321");
                snprintf(ln.reference, sizeof ln.reference, "DP%d", step);
                ln.amount = rnd_in(1, 300000);
                rc |= batch_add_line(&b, &ln, &off, &e);
            }
            rc |= batch_submit(&b, &off, step, &e);
            rc |= batch_approve(&b, &app, step, &e);
            rc |= batch_release_payments(&b, &off, step, &e);
            CHECK_INT(rc, 0);
            CHECK_INT(batch_post_payments(&b, &l, day, &e), 0);
            expected_journals += (int64_t)b.nlines;
            batch_release(&b);
            break;
        }
        case 1: { /* money in transit seen arriving (a statement import) */
            int64_t transit = ledger_balance(&l, council, dp, LEDGER_BANK_CLEARING);
            if (transit <= 0)
                break;
            amount = rnd_in(1, transit);
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECEIPT, council, dp, day, amount, 0, 0, ref,
                                         NULL, NULL, &e),
                      0);
            expected_journals++;
            break;
        }
        case 2:
        case 3: /* spending */
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, council, dp, day, amount, 0, 0, ref,
                                         NULL, NULL, &e),
                      0);
            shadow_spend[council][dp] += amount;
            expected_journals++;
            break;
        case 4: /* the person's own money in */
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_FUNDS_IN, council, dp, day, amount, 0, 0, ref,
                                         NULL, NULL, &e),
                      0);
            expected_journals++;
            break;
        case 5: { /* a recovery raised, then repaid or kept back from a payment */
            int64_t rid = 0;
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECOVERY_RAISED, council, dp, day, amount, 0,
                                         0, NULL, NULL, &rid, &e),
                      0);
            expected_journals++;
            CHECK_INT(ledger_post_simple(&l, rnd() & 1 ? LEDGER_J_RECOVERY_RECEIVED
                                                       : LEDGER_J_RECOVERY_OFFSET,
                                         council, dp, day, amount, 0, 0, NULL, NULL, NULL, &e),
                      0);
            expected_journals++;
            break;
        }
        case 6: /* gross contribution billed and paid */
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_CONTRIBUTION_DUE, council, dp, day, amount, 0,
                                         0, NULL, NULL, NULL, &e),
                      0);
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_CONTRIBUTION_PAID, council, dp, day, amount,
                                         0, 0, NULL, NULL, NULL, &e),
                      0);
            expected_journals += 2;
            break;
        case 7:
        case 8: { /* a reversal of any journal: refused if it is a reversal or reversed already */
            int64_t target, by;
            bool over;
            struct ledger_journal jc; /* a copy: posting may move the journals */
            const struct ledger_journal *j = &jc;
            if (l.njournals == 0)
                break;
            target = l.journals[rnd() % l.njournals].id;
            jc = *ledger_journal_get(&l, target);
            by = ledger_reversed_by(&l, target);
            /* Reversing a recovery already repaid would make the council owed less than nothing:
             * refused until the repayment is reversed. */
            over = j->kind == LEDGER_J_RECOVERY_RAISED &&
                   ledger_balance(&l, j->council_id, j->dp_id, LEDGER_RECOVERY_RECEIVABLE) <
                       j->lines[0].amount;
            rc = ledger_reverse(&l, target, day, "simulation", NULL, &e);
            if (j->kind == LEDGER_J_REVERSAL || by != 0 || over) {
                CHECK_INT(rc, ERR_CONFLICT);
                refused++;
            } else {
                CHECK_INT(rc, 0);
                if (j->kind == LEDGER_J_SPEND)
                    shadow_spend[j->council_id][j->dp_id] -= j->lines[0].amount;
                expected_journals++;
            }
            break;
        }
        case 9: { /* the same statement imported again adds nothing */
            int64_t n0 = (int64_t)l.njournals;
            const struct ledger_journal *j;
            if (l.njournals == 0)
                break;
            j = &l.journals[rnd() % l.njournals];
            if (!j->source_ref[0])
                break;
            CHECK_INT(ledger_post_simple(&l, j->kind, j->council_id, j->dp_id, j->date,
                                         j->lines[0].amount, 0, 0, j->source_ref, NULL, NULL, &e),
                      ERR_CONFLICT);
            CHECK_INT((int64_t)l.njournals, n0);
            refused++;
            break;
        }
        case 10: /* a payment with no batch is always refused */
            CHECK_INT(ledger_post_simple(&l, LEDGER_J_PAYMENT, council, dp, day, amount,
                                         (rnd() & 1) ? 0 : 99999, 1, NULL, NULL, NULL, &e),
                      ERR_FORBIDDEN);
            refused++;
            break;
        default: { /* an unbalanced hand-made journal is always refused */
            struct ledger_journal j;
            int64_t a1 = 0, a2 = 0;
            ledger_account_ensure(&l, council, dp, LEDGER_PERSON_SPEND, &a1, &e);
            ledger_account_ensure(&l, council, dp, LEDGER_PERSON_DP_ACCOUNT, &a2, &e);
            j = two_line(council, dp, LEDGER_J_SPEND, a1, a2, amount);
            j.lines[1].amount -= rnd_in(1, 5);
            CHECK_INT(ledger_post(&l, &j, NULL, &e), ERR_INVALID);
            refused++;
            break;
        }
        }
        /* every invariant, after every step */
        {
            int nb = ledger_verify(&l, &br, &e);
            verified++;
            if (nb != 0) {
                breaches++;
                check_fail(__FILE__, __LINE__, "step %d: %s", step,
                           br.n ? br.items[0].msg : "breach");
                break;
            }
        }
        {
            /* conservation: every council's accounts sum to zero */
            for (int64_t c = 1; c <= COUNCILS; c++) {
                __int128 sum = 0;
                for (size_t i = 0; i < l.naccounts; i++)
                    if (l.accounts[i].council_id == c)
                        sum += l.accounts[i].balance;
                CHECK(sum == 0);
            }
        }
    }
    CHECK_INT((int64_t)l.njournals, expected_journals);
    for (int64_t c = 1; c <= COUNCILS; c++)
        for (int64_t dp = 1; dp <= DPS; dp++)
            CHECK_INT(ledger_balance(&l, c, dp, LEDGER_PERSON_SPEND), shadow_spend[c][dp]);
    CHECK_INT(verified, STEPS);
    CHECK_INT(breaches, 0);
    CHECK(refused > 100);
    ledger_breaches_release(&br);
    ledger_release(&l);
}

TEST(ledger_long_memo_cut_at_a_character)
{
    struct ledger l;
    struct err e = {0};
    char memo[400];
    int64_t id = 0;
    const struct ledger_journal *j;
    ledger_init(&l);
    memo[0] = memo[1] = 'x';
    memo[2] = '\0';
    for (size_t i = 2; i + 2 < sizeof memo; i += 2) {
        memo[i] = '\xc2'; /* "£" over and over, offset by one byte */
        memo[i + 1] = '\xa3';
        memo[i + 2] = '\0';
    }
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_SPEND, 1, 3, D(2025, 4, 2), 100, 0, 0, NULL, memo,
                                 &id, &e),
              0);
    j = ledger_journal_get(&l, id);
    CHECK_INT(strlen(j->memo), LEDGER_MEMO_SIZE - 2); /* 159 would split a "£" */
    CHECK((unsigned char)j->memo[strlen(j->memo) - 1] == 0xa3);
    ledger_release(&l);
}
