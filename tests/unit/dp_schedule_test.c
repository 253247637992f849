/* Direct-payment schedules, every figure worked out by hand in the comment beside it. The cycle is
 * four-weekly from Monday 7 April 2025 unless a test says otherwise. */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "domain/dp_schedule.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static struct dp_schedule_input base(const struct dp_rate *rates, size_t nrates)
{
    struct dp_schedule_input in;
    memset(&in, 0, sizeof in);
    in.settings.frequency = DP_FOUR_WEEKLY;
    in.settings.basis = DP_NET;
    in.settings.cycle_anchor = D(2025, 4, 7);
    in.start = D(2025, 4, 7);
    in.rates = rates;
    in.nrates = nrates;
    in.today = D(2025, 4, 1);
    in.until = D(2025, 5, 5);
    return in;
}

static int build(const struct dp_schedule_input *in, struct arena *a, struct dp_schedule *s,
                 struct err *e)
{
    arena_init(a, 0);
    return dp_schedule_build(in, a, s, e);
}

TEST(dp_day_rate_rule)
{
    int64_t v;
    CHECK_INT(dp_day_rate_amount(25000, 25, &v), 0);
    CHECK_INT(v, 89286); /* 250 x 25 / 7 = 892.857 -> £892.86 */
    dp_day_rate_amount(10000, 1, &v);
    CHECK_INT(v, 1429); /* 14.2857 -> £14.29 */
    dp_day_rate_amount(3, 1, &v);
    CHECK_INT(v, 0); /* 0.43p -> 0p */
    dp_day_rate_amount(4, 1, &v);
    CHECK_INT(v, 1); /* 0.57p -> 1p */
    dp_day_rate_amount(35, 1, &v);
    CHECK_INT(v, 5);
    dp_day_rate_amount(-25000, 25, &v);
    CHECK_INT(v, -89286); /* reductions round the same size as increases */
    dp_full_period_amount(DP_MONTHLY, 25000, &v);
    CHECK_INT(v, 108333); /* 250 x 52 / 12 = 1083.333 */
    dp_full_period_amount(DP_FOUR_WEEKLY, 25000, &v);
    CHECK_INT(v, 100000);
    dp_full_period_amount(DP_WEEKLY, 25000, &v);
    CHECK_INT(v, 25000);
}

TEST(dp_period_of_cycles)
{
    struct dp_schedule_settings s = {DP_FOUR_WEEKLY, DP_NET, D(2025, 4, 7), 0};
    day_t f, l;
    dp_period_of(&s, D(2025, 4, 10), &f, &l);
    CHECK_INT(f, D(2025, 4, 7));
    CHECK_INT(l, D(2025, 5, 4));
    dp_period_of(&s, D(2025, 4, 6), &f, &l); /* before the anchor */
    CHECK_INT(f, D(2025, 3, 10));
    CHECK_INT(l, D(2025, 4, 6));
    s.frequency = DP_WEEKLY;
    dp_period_of(&s, D(2025, 4, 16), &f, &l);
    CHECK_INT(f, D(2025, 4, 14));
    CHECK_INT(l, D(2025, 4, 20));
    s.frequency = DP_MONTHLY;
    s.month_day = 15;
    dp_period_of(&s, D(2025, 4, 10), &f, &l);
    CHECK_INT(f, D(2025, 3, 15));
    CHECK_INT(l, D(2025, 4, 14));
}

TEST(dp_pro_rata_first_payment)
{
    struct dp_rate r[] = {{D(2025, 4, 10), 25000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.start = D(2025, 4, 10); /* a Thursday, 3 days into the period */
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 2);
    /* 10 April to 4 May is 25 days: £250 x 25 / 7 = £892.857 -> £892.86, due on the start day */
    CHECK_INT(s.payments[0].due, D(2025, 4, 10));
    CHECK_INT(s.payments[0].amount, 89286);
    CHECK_INT(s.payments[0].lines[0].period_from, D(2025, 4, 10));
    CHECK_INT(s.payments[0].lines[0].period_to, D(2025, 5, 4));
    CHECK_CONTAINS(s.payments[0].lines[0].explanation, "(25 days) at £250.00 a week: £250.00 x 25 / 7 = £892.86");
    /* then whole periods: 4 x £250 */
    CHECK_INT(s.payments[1].due, D(2025, 5, 5));
    CHECK_INT(s.payments[1].amount, 100000);
    CHECK_CONTAINS(s.payments[1].lines[0].explanation, "4 weeks, 5 May 2025 to 1 June 2025");
    arena_release(&a);
}

TEST(dp_start_on_cycle_day_is_a_whole_period)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.payments[0].amount, 100000);
    CHECK_INT(s.payments[0].due, D(2025, 4, 7));
    CHECK_INT(s.recovery, 0);
    arena_release(&a);
}

TEST(dp_net_of_contribution)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 30000, 5000}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* net: (£300 - £50) x 4 = £1,000 */
    CHECK_INT(s.payments[0].amount, 100000);
    CHECK_INT(s.payments[0].lines[0].contribution, 0);
    CHECK_CONTAINS(s.payments[0].lines[0].explanation,
                   "£300.00 a week less your assessed contribution of £50.00 a week");
    arena_release(&a);
}

TEST(dp_gross_bills_contribution_separately)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 30000, 5000}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.settings.basis = DP_GROSS;
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* gross: £300 x 4 = £1,200 paid; £50 x 4 = £200 billed */
    CHECK_INT(s.payments[0].amount, 120000);
    CHECK_INT(s.payments[0].lines[0].contribution, 20000);
    CHECK_CONTAINS(s.payments[0].lines[0].explanation, "billed separately");
    arena_release(&a);
}

TEST(dp_contribution_covering_the_cost_pays_nothing)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 5000, 9000}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 0);
    in.settings.basis = DP_GROSS; /* gross: the bill is capped at the cost, £50 x 4 */
    arena_release(&a);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.payments[0].amount, 20000);
    CHECK_INT(s.payments[0].lines[0].contribution, 20000);
    arena_release(&a);
}

TEST(dp_weekly_and_monthly_frequencies)
{
    struct dp_rate r[] = {{D(2025, 4, 1), 25000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.settings.frequency = DP_WEEKLY;
    in.start = D(2025, 4, 7);
    in.until = D(2025, 4, 27);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 3); /* 7, 14, 21 April */
    CHECK_INT(s.payments[2].due, D(2025, 4, 21));
    CHECK_INT(s.payments[2].amount, 25000);
    arena_release(&a);
    in.settings.frequency = DP_MONTHLY;
    in.settings.month_day = 1;
    in.start = D(2025, 4, 15);
    in.until = D(2025, 5, 1);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 2);
    /* 15-30 April, 16 days: £250 x 16 / 7 = £571.428 -> £571.43; then May: £250 x 52 / 12 */
    CHECK_INT(s.payments[0].amount, 57143);
    CHECK_INT(s.payments[1].amount, 108333);
    CHECK_CONTAINS(s.payments[1].lines[0].explanation, "x 52 / 12 = £1,083.33");
    arena_release(&a);
}

TEST(dp_change_mid_period_not_yet_paid)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 20000, 0}, {D(2025, 4, 14), 25000, 0}};
    struct dp_schedule_input in = base(r, 2);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* 4 x £200 = £800, plus (£250 - £200) x 21 / 7 = £150 for 14 April to 4 May: £950 */
    CHECK_INT(s.payments[0].amount, 95000);
    CHECK_CONTAINS(s.payments[0].lines[0].explanation, "(£250.00 - £200.00) x 21 / 7 = £150.00");
    CHECK_INT(s.payments[1].amount, 100000);
    arena_release(&a);
}

TEST(dp_change_mid_period_already_paid)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 20000, 0}, {D(2025, 4, 14), 25000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 80000, 0}};
    struct dp_schedule_input in = base(r, 2);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 1;
    in.today = D(2025, 4, 20);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 1);
    /* next payment, 5 May: the new period £1,000 + £150 for the period paid at the old rate */
    CHECK_INT(s.payments[0].due, D(2025, 5, 5));
    CHECK_INT(s.payments[0].amount, 115000);
    CHECK_INT(s.payments[0].nlines, 2);
    CHECK_INT(s.payments[0].lines[1].kind, DP_LINE_ADJUSTMENT);
    CHECK_INT(s.payments[0].lines[1].amount, 15000);
    CHECK_CONTAINS(s.payments[0].lines[1].explanation, "which was paid £800.00 in advance");
    CHECK_CONTAINS(s.payments[0].lines[1].explanation, "so £150.00 more is paid now");
    arena_release(&a);
}

TEST(dp_decrease_mid_period_already_paid)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}, {D(2025, 4, 14), 25000, 5000}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}};
    struct dp_schedule_input in = base(r, 2);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 1;
    in.today = D(2025, 4, 20);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* a new contribution of £50 from day 8: (£200 - £250) x 21 / 7 = -£150; next period
     * 4 x £200 = £800, less £150 = £650 */
    CHECK_INT(s.payments[0].amount, 65000);
    CHECK_INT(s.payments[0].lines[1].amount, -15000);
    CHECK_CONTAINS(s.payments[0].lines[1].explanation, "so £150.00 less is due");
    arena_release(&a);
}

TEST(dp_suspension_in_paid_period)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_suspension sus[] = {{D(2025, 4, 14), D(2025, 4, 20)}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.suspensions = sus;
    in.nsuspensions = 1;
    in.paid = paid;
    in.npaid = 1;
    in.today = D(2025, 4, 22);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* suspended for 7 days (a hospital stay): -£250 x 7 / 7 = -£250, taken from the next
     * payment: £1,000 - £250 = £750 */
    CHECK_INT(s.payments[0].amount, 75000);
    CHECK_CONTAINS(s.payments[0].lines[1].explanation, "suspended 14 April 2025 to 20 April 2025");
    arena_release(&a);
}

TEST(dp_open_suspension_pays_nothing)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_suspension sus[] = {{D(2025, 5, 5), 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.suspensions = sus;
    in.nsuspensions = 1;
    in.until = D(2025, 6, 2);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 1); /* only the period before the suspension */
    CHECK_INT(s.payments[0].amount, 100000);
    arena_release(&a);
}

TEST(dp_ending_in_a_paid_period_is_a_recovery)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 1;
    in.end = D(2025, 4, 20);
    in.today = D(2025, 4, 21);
    in.until = D(2025, 6, 2);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* 7-20 April is 14 days: £250 x 14 / 7 = £500 due, £1,000 paid: £500 to recover */
    CHECK_INT(s.npayments, 0);
    CHECK_INT(s.recovery, 50000);
    CHECK_CONTAINS(s.recovery_explanation, "£500.00 was paid in advance");
    CHECK_CONTAINS(s.recovery_explanation, "the direct payment ends on 20 April 2025");
    arena_release(&a);
}

TEST(dp_ending_in_an_unpaid_period_is_paid_pro_rata)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 1;
    in.end = D(2025, 5, 14);
    in.today = D(2025, 4, 21);
    in.until = D(2025, 6, 30);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* final period 5-14 May, 10 days: £250 x 10 / 7 = £357.142 -> £357.14 */
    CHECK_INT(s.npayments, 1);
    CHECK_INT(s.payments[0].due, D(2025, 5, 5));
    CHECK_INT(s.payments[0].amount, 35714);
    CHECK_INT(s.payments[0].lines[0].period_to, D(2025, 5, 14));
    CHECK_INT(s.recovery, 0);
    arena_release(&a);
}

TEST(dp_paid_after_the_end_is_recovered_too)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}, {D(2025, 5, 5), 100000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 2;
    in.end = D(2025, 4, 30);
    in.today = D(2025, 5, 6);
    in.until = D(2025, 6, 30);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* 7-30 April, 24 days: £250 x 24 / 7 = £857.14 due of £1,000 (-£142.86), and the £1,000
     * paid for the period from 5 May: £1,142.86 to recover */
    CHECK_INT(s.npayments, 0);
    CHECK_INT(s.recovery, 114286);
    CHECK_CONTAINS(s.recovery_explanation, "after the direct payment ended");
    arena_release(&a);
}

TEST(dp_big_reduction_is_carried_forward)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}, {D(2025, 4, 14), 1000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 7), 100000, 0}};
    struct dp_schedule_input in = base(r, 2);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.paid = paid;
    in.npaid = 1;
    in.today = D(2025, 4, 20);
    in.until = D(2025, 6, 30);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    /* (£10 - £250) x 21 / 7 = -£720 against payments of 4 x £10 = £40 on 5 May, 2 June, 30 June:
     * each pays nothing, and -£720 + 3 x £40 = -£600 is still to come off later payments */
    CHECK_INT(s.npayments, 3);
    for (size_t i = 0; i < s.npayments; i++)
        CHECK_INT(s.payments[i].amount, 0);
    CHECK_INT(s.payments[0].lines[s.payments[0].nlines - 1].kind, DP_LINE_CARRIED);
    CHECK_INT(s.payments[1].lines[0].kind, DP_LINE_CARRIED);
    CHECK_INT(s.payments[1].lines[0].amount, -68000);
    CHECK_INT(s.recovery, 0);
    CHECK_INT(s.carried_beyond, 60000);
    arena_release(&a);
}

TEST(dp_one_off_payments)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_oneoff o[] = {{5, D(2025, 4, 20), 45000, "Hoist (plan item 4)"},
                            {6, D(2025, 5, 5), 12000, "Set-up costs"},
                            {7, D(2025, 4, 25), 9900, "Already paid"}};
    int64_t done[] = {7};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.oneoffs = o;
    in.noneoffs = 3;
    in.oneoffs_paid = done;
    in.noneoffs_paid = 1;
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 3);
    CHECK_INT(s.payments[1].due, D(2025, 4, 20));
    CHECK_INT(s.payments[1].amount, 45000);
    CHECK_CONTAINS(s.payments[1].lines[0].explanation, "Hoist (plan item 4), £450.00");
    /* the set-up one-off rides with the 5 May period payment */
    CHECK_INT(s.payments[2].amount, 112000);
    CHECK_INT(s.payments[2].nlines, 2);
    arena_release(&a);
}

TEST(dp_late_payment_is_due_today)
{
    struct dp_rate r[] = {{D(2025, 4, 7), 25000, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.today = D(2025, 4, 16);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.payments[0].due, D(2025, 4, 16));
    CHECK_CONTAINS(s.payments[0].lines[0].explanation, "This was due on 7 April 2025");
    arena_release(&a);
}

TEST(dp_schedule_refuses_bad_input)
{
    struct dp_rate r[] = {{D(2025, 4, 10), 25000, 0}};
    struct dp_rate unordered[] = {{D(2025, 4, 7), 25000, 0}, {D(2025, 4, 7), 1, 0}};
    struct dp_paid stray[] = {{D(2025, 4, 9), 100, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    CHECK_INT(build(&in, &a, &s, &e), ERR_INVALID); /* no amount in force on 7 April */
    CHECK_STR(e.field, "rates");
    arena_release(&a);
    err_clear(&e);
    in = base(unordered, 2);
    CHECK_INT(build(&in, &a, &s, &e), ERR_INVALID);
    arena_release(&a);
    err_clear(&e);
    in = base(r, 1);
    in.start = D(2025, 4, 10);
    in.end = D(2025, 4, 9);
    CHECK_INT(build(&in, &a, &s, &e), ERR_INVALID);
    CHECK_STR(e.field, "end");
    arena_release(&a);
    err_clear(&e);
    in = base(r, 1);
    in.start = D(2025, 4, 10);
    in.settings.frequency = DP_MONTHLY;
    in.settings.month_day = 29;
    CHECK_INT(build(&in, &a, &s, &e), ERR_INVALID);
    arena_release(&a);
    err_clear(&e);
    in = base(r, 1);
    in.start = D(2025, 4, 10);
    in.paid = stray;
    in.npaid = 1;
    CHECK_INT(build(&in, &a, &s, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "not a period of this schedule");
    CHECK_INT(s.npayments, 0);
    arena_release(&a);
}

TEST(dp_first_part_period_paid_is_recognised)
{
    struct dp_rate r[] = {{D(2025, 4, 10), 25000, 0}};
    struct dp_paid paid[] = {{D(2025, 4, 10), 89286, 0}};
    struct dp_schedule_input in = base(r, 1);
    struct dp_schedule s;
    struct arena a;
    struct err e = {0};
    in.start = D(2025, 4, 10);
    in.paid = paid;
    in.npaid = 1;
    in.today = D(2025, 4, 12);
    CHECK_INT(build(&in, &a, &s, &e), 0);
    CHECK_INT(s.npayments, 1); /* nothing more for the first period */
    CHECK_INT(s.payments[0].amount, 100000);
    arena_release(&a);
}
