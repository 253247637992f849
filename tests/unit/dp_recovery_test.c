/* Settling an agreed recovery (domain/dp_recovery.h): what may be received or kept back, which
 * waiting offsets a payment can bear, the person's words; and the ledger's side: nothing taken back
 * beyond what was asked back, at posting (refused) and in ledger_verify (over-recovered). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "domain/dp_recovery.h"
#include "domain/ledger.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static struct dp_recovery_state agreed(int64_t amount)
{
    struct dp_recovery_state s;
    memset(&s, 0, sizeof s);
    s.agreed = true;
    s.agreed_on = D(2025, 6, 1);
    s.amount = amount;
    return s;
}

TEST(dp_recovery_outstanding_counts_received_kept_back_and_waiting)
{
    struct dp_recovery_state s = agreed(100000);
    s.received = 20000;
    s.kept_back = 30000;
    s.waiting = 10000;
    CHECK_INT(dp_recovery_outstanding(&s), 40000);
    CHECK_INT(dp_recovery_owed(&s), 50000); /* the waiting part is not settled yet */
}

TEST(dp_recovery_receive_rules)
{
    struct dp_recovery_state s = agreed(100000);
    struct err e = {0};
    day_t today = D(2025, 6, 15);
    CHECK_INT(dp_recovery_check_receive(&s, 40000, D(2025, 6, 10), today, &e), 0);
    CHECK_INT(dp_recovery_check_receive(&s, 0, D(2025, 6, 10), today, &e), ERR_INVALID);
    CHECK_STR(e.field, "amount");
    err_clear(&e);
    CHECK_INT(dp_recovery_check_receive(&s, -5, D(2025, 6, 10), today, &e), ERR_INVALID);
    err_clear(&e);
    /* More than agreed: refused, naming what is left. */
    s.received = 60000;
    CHECK_INT(dp_recovery_check_receive(&s, 40001, D(2025, 6, 10), today, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "£400.00");
    err_clear(&e);
    CHECK_INT(dp_recovery_check_receive(&s, 40000, D(2025, 6, 10), today, &e), 0);
    /* Waiting offsets count against it too. */
    s.waiting = 1;
    CHECK_INT(dp_recovery_check_receive(&s, 40000, D(2025, 6, 10), today, &e), ERR_INVALID);
    err_clear(&e);
    s.waiting = 0;
    /* Dates: not in the future, not before it was agreed. */
    CHECK_INT(dp_recovery_check_receive(&s, 100, today + 1, today, &e), ERR_INVALID);
    CHECK_STR(e.field, "received_on");
    err_clear(&e);
    CHECK_INT(dp_recovery_check_receive(&s, 100, D(2025, 5, 31), today, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_recovery_check_receive(&s, 100, 0, today, &e), ERR_INVALID);
    err_clear(&e);
    /* Settled in full: nothing more. */
    s.received = 100000;
    CHECK_INT(dp_recovery_check_receive(&s, 1, today, today, &e), ERR_CONFLICT);
    err_clear(&e);
    /* Not agreed (proposed or declined): nothing can be recorded. */
    s = agreed(100000);
    s.agreed = false;
    CHECK_INT(dp_recovery_check_receive(&s, 1, today, today, &e), ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(dp_recovery_check_offset(&s, 1, &e), ERR_CONFLICT);
}

TEST(dp_recovery_offset_rules)
{
    struct dp_recovery_state s = agreed(50000);
    struct err e = {0};
    CHECK_INT(dp_recovery_check_offset(&s, 50000, &e), 0);
    CHECK_INT(dp_recovery_check_offset(&s, 50001, &e), ERR_INVALID);
    err_clear(&e);
    s.kept_back = 20000;
    s.waiting = 20000;
    CHECK_INT(dp_recovery_check_offset(&s, 10000, &e), 0);
    CHECK_INT(dp_recovery_check_offset(&s, 10001, &e), ERR_INVALID);
}

TEST(dp_recovery_offsets_kept_back_whole_and_never_the_whole_payment)
{
    int64_t offs[] = {30000, 50000, 10000};
    bool take[3];
    /* A payment of £920: £300 and £500 fit (leaving £120), then £100 fits (leaving £20). */
    CHECK_INT(dp_recovery_offsets_take(92000, offs, 3, take), 90000);
    CHECK(take[0] && take[1] && take[2]);
    /* A payment of £800: £300 fits, £500 would leave nothing (waits), £100 fits. */
    CHECK_INT(dp_recovery_offsets_take(80000, offs, 3, take), 40000);
    CHECK(take[0] && !take[1] && take[2]);
    /* A payment equal to the offset: it waits (a £0 BACS line cannot be sent). */
    CHECK_INT(dp_recovery_offsets_take(30000, offs, 1, take), 0);
    CHECK(!take[0]);
    CHECK_INT(dp_recovery_offsets_take(30001, offs, 1, take), 30000);
    CHECK(take[0]);
    CHECK_INT(dp_recovery_offsets_take(1000, offs, 0, take), 0);
}

TEST(dp_recovery_words_for_the_person)
{
    struct dp_recovery_state s = agreed(100000);
    char out[400];
    dp_recovery_words(&s, out, sizeof out);
    CHECK_STR(out, "You agreed to pay back £1,000.00. Nothing has been paid back yet.");
    s.received = 40000;
    s.waiting = 60000;
    dp_recovery_words(&s, out, sizeof out);
    CHECK_CONTAINS(out, "£400.00 has been paid back so far; £600.00 is still to pay.");
    CHECK_CONTAINS(out, "£600.00 of it will be kept back from your next payment");
    s.waiting = 0;
    s.kept_back = 60000;
    dp_recovery_words(&s, out, sizeof out);
    CHECK_CONTAINS(out, "it has all been paid back");
    s.agreed = false;
    dp_recovery_words(&s, out, sizeof out);
    CHECK_STR(out, "");
    /* A short buffer is cut, still terminated. */
    s = agreed(100000);
    dp_recovery_words(&s, out, 10);
    CHECK_INT((int64_t)strlen(out), 9);
}

TEST(ledger_refuses_taking_back_more_than_was_asked_back)
{
    struct ledger l;
    struct ledger_breaches br;
    struct err e = {0};
    int64_t raised = 0, received = 0;
    ledger_init(&l);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_FUNDS_IN, 1, 1, D(2025, 5, 1), 200000, 0, 0, "f1",
                                 NULL, NULL, &e),
              0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECOVERY_RAISED, 1, 1, D(2025, 6, 1), 50000, 0, 0,
                                 "recovery:1", NULL, &raised, &e),
              0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECOVERY_RECEIVED, 1, 1, D(2025, 6, 2), 30000, 0, 0,
                                 NULL, NULL, &received, &e),
              0);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECOVERY_OFFSET, 1, 1, D(2025, 6, 3), 20001, 0, 0,
                                 NULL, NULL, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "more money paid back or kept back than was asked back");
    err_clear(&e);
    CHECK_INT(ledger_post_simple(&l, LEDGER_J_RECOVERY_OFFSET, 1, 1, D(2025, 6, 3), 20000, 0, 0,
                                 NULL, NULL, NULL, &e),
              0);
    CHECK_INT(ledger_balance(&l, 1, 1, LEDGER_RECOVERY_RECEIVABLE), 0);
    /* The recovery cannot be reversed while its repayment stands; once that is reversed, it can. */
    CHECK_INT(ledger_reverse(&l, raised, D(2025, 6, 4), "raised in error", NULL, &e),
              ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(ledger_reverse(&l, received, D(2025, 6, 4), "bounced", NULL, &e), 0);
    CHECK_INT(ledger_balance(&l, 1, 1, LEDGER_RECOVERY_RECEIVABLE), 30000);
    ledger_breaches_init(&br, 10);
    CHECK_INT(ledger_verify(&l, &br, &e), 0);
    ledger_breaches_release(&br);
    ledger_release(&l);
}

TEST(ledger_verify_names_money_taken_back_beyond_what_was_asked)
{
    struct ledger l;
    struct ledger_breaches br;
    struct ledger_account a1 = {1, 1, 1, LEDGER_COUNCIL_DP_BUDGET, 0};
    struct ledger_account a2 = {2, 1, 1, LEDGER_RECOVERY_RECEIVABLE, 0};
    struct ledger_journal j;
    struct err e = {0};
    bool found = false;
    /* Stored rows changed behind the program's back: a repayment with nothing raised. */
    a1.dp_id = 0;
    a1.balance = 7000;
    a2.balance = -7000;
    memset(&j, 0, sizeof j);
    j.id = 1;
    j.council_id = 1;
    j.dp_id = 1;
    j.kind = LEDGER_J_RECOVERY_RECEIVED;
    j.date = D(2025, 6, 1);
    j.nlines = 2;
    j.lines[0] = (struct ledger_line){1, 7000};
    j.lines[1] = (struct ledger_line){2, -7000};
    ledger_init(&l);
    CHECK_INT(ledger_load_account(&l, &a1, &e), 0);
    CHECK_INT(ledger_load_account(&l, &a2, &e), 0);
    CHECK_INT(ledger_load_journal(&l, &j, &e), 0);
    ledger_breaches_init(&br, 10);
    CHECK_INT(ledger_verify(&l, &br, &e), 1);
    for (size_t i = 0; i < br.n; i++)
        if (br.items[i].kind == LEDGER_BREACH_OVER_RECOVERED) {
            found = true;
            CHECK_CONTAINS(br.items[i].msg, "£70.00 more has been received or kept back");
        }
    CHECK(found);
    CHECK_STR(ledger_breach_kind_name(LEDGER_BREACH_OVER_RECOVERED), "over-recovered");
    ledger_breaches_release(&br);
    ledger_release(&l);
}
