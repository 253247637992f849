/*
 * dp_schedule.h — the payment schedule of one direct payment: what the council pays, when, and
 * why, in words the person can check (Care Act 2014 s.31-33; brief §2.9: usually every four weeks
 * in advance, net of the assessed contribution).
 *
 * Council settings: the frequency (four-weekly by default, or weekly, or monthly), the cycle the
 * periods follow (a day any period starts on, or for monthly the day of the month), and net or
 * gross. Net: the council pays the weekly amount less the person's assessed weekly contribution,
 * which the person pays into the account themselves (never below 0). Gross: the council pays the
 * whole weekly amount and bills the contribution separately; each period line then also carries
 * the contribution for that period, worked out by the same rules.
 *
 * The rules, in this order (docs/payments.md says the same for councils):
 *   1. Periods follow the council's cycle. Each is paid in advance, due on its first day (or on
 *      the start date for the first, part period). A payment that is due before `today` and has
 *      not been made is due today.
 *   2. A period covered every day at one rate is paid the full-period amount: weekly amount x 1
 *      (weekly) or x 4 (four-weekly); for monthly, weekly amount x 52 / 12, to the penny (halves
 *      up).
 *   3. DAY-RATE RULE. The amount for some days is weekly amount x days / 7, rounded to the nearest
 *      penny, exact halves up (DP_DAY_RATE_ROUNDING). A period the direct payment covers only in
 *      part (it starts or ends within it) is paid by this rule for each stretch of covered days.
 *   4. A period covered every day but at more than one rate (a change of amount or contribution,
 *      or a suspension, within it) is paid the full-period amount at the rate of its first day,
 *      plus, for each later stretch at another rate, (that rate - first rate) x days / 7 by the
 *      day-rate rule. A suspended day has rate 0.
 *   5. Changes take effect from their date. A period not yet paid is paid by rules 2-4 with the
 *      change included. A period already paid in advance is not paid again: the difference
 *      between what rules 2-4 now give and what was paid for it becomes an adjustment line in the
 *      next payment (so a change from day 8 of a paid four-week period adds (new - old) x 21 / 7).
 *   6. Ending: nothing is due for days after the end date; the final period is paid pro rata by
 *      rule 3. If a period was paid beyond the end, the overpayment is an adjustment; what the
 *      remaining payments cannot absorb becomes a recovery for an officer to raise.
 *   7. A payment never goes below 0: a negative total is carried to the next payment, shown on
 *      both; what is still negative after the last payment is a recovery (if the direct payment
 *      has ended) or carried beyond the schedule's horizon (if it continues).
 *   8. One-off payments (for example equipment in the plan) are paid on their date (or today, if
 *      that has passed and they are unpaid), alongside any regular payment due that day.
 * Every line carries an explanation with the figures that produced it.
 *
 * Pure: no store, no clock (`today` is passed in). Everything the schedule returns lives in the
 * arena passed to dp_schedule_build.
 */
#ifndef SELFDIRECT_DOMAIN_DP_SCHEDULE_H
#define SELFDIRECT_DOMAIN_DP_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/money.h"

struct arena;
struct err;

#define DP_DAY_RATE_ROUNDING ROUND_HALF_UP
#define DP_MONTHLY_ROUNDING ROUND_HALF_UP

enum dp_frequency {
    DP_FOUR_WEEKLY = 1, /* the default */
    DP_WEEKLY,
    DP_MONTHLY,
};
const char *dp_frequency_name(enum dp_frequency f); /* "four-weekly", "weekly", "monthly" */
int dp_frequency_parse(const char *s, enum dp_frequency *out);

enum dp_basis {
    DP_NET = 1, /* the default: the council pays its share; the person pays in the contribution */
    DP_GROSS,   /* the council pays the whole amount and bills the contribution */
};
const char *dp_basis_name(enum dp_basis b); /* "net", "gross" */
int dp_basis_parse(const char *s, enum dp_basis *out);

struct dp_schedule_settings {
    enum dp_frequency frequency;
    enum dp_basis basis;
    day_t cycle_anchor; /* weekly and four-weekly: a day on which a period starts */
    int month_day;      /* monthly: the day of the month periods start on, 1..28 */
};

/* The amounts in force from `from` until the next rate's `from`. */
struct dp_rate {
    day_t from;
    int64_t weekly_amount;       /* the weekly cost of the plan's direct-payment part, pence */
    int64_t weekly_contribution; /* the person's assessed weekly contribution, pence */
};

struct dp_suspension {
    day_t from;
    day_t to; /* inclusive; 0 = until further notice */
};

struct dp_oneoff {
    int64_t ref; /* unique, > 0 */
    day_t due;
    int64_t amount;
    const char *what; /* "Hoist (plan item 4)" */
};

/* An amount already paid for the period starting period_from (regular payments and adjustments
 * alike: the schedule compares their sum with what the period is due). */
struct dp_paid {
    day_t period_from;
    int64_t amount;
    int64_t contribution; /* gross: the contribution billed for it; net: 0 */
};

struct dp_schedule_input {
    struct dp_schedule_settings settings;
    day_t start;                  /* the first day the direct payment covers */
    day_t end;                    /* the last day it covers, or 0 while it continues */
    const struct dp_rate *rates;  /* ascending by from; the first from on or before start */
    size_t nrates;
    const struct dp_suspension *suspensions;
    size_t nsuspensions;
    const struct dp_oneoff *oneoffs;
    size_t noneoffs;
    const struct dp_paid *paid;
    size_t npaid;
    const int64_t *oneoffs_paid;  /* refs of one-offs already paid */
    size_t noneoffs_paid;
    day_t today;
    day_t until;                  /* schedule periods that start up to this day */
};

enum dp_line_kind {
    DP_LINE_PERIOD = 1,   /* a period's amount, paid in advance */
    DP_LINE_ADJUSTMENT,   /* correction for a period already paid (may be negative) */
    DP_LINE_ONE_OFF,
    DP_LINE_CARRIED,      /* a negative total moved to the next payment (+ here, - there) */
};
const char *dp_line_kind_name(enum dp_line_kind k);

struct dp_line {
    enum dp_line_kind kind;
    day_t period_from, period_to; /* the period paid or adjusted (one-off: its due day twice) */
    int64_t amount;               /* pence; negative only for adjustments and carried amounts */
    int64_t contribution;         /* gross: the contribution billed for this period (or its
                                     adjustment); net: 0 */
    int64_t oneoff_ref;
    const char *explanation;      /* plain words with the figures */
};

struct dp_payment {
    day_t due;
    int64_t amount; /* >= 0: the sum of the lines */
    struct dp_line *lines;
    size_t nlines;
};

struct dp_schedule {
    struct dp_payment *payments; /* by due date */
    size_t npayments;
    int64_t recovery;            /* > 0: overpaid and to be recovered (the DP has ended) */
    const char *recovery_explanation;
    int64_t carried_beyond;      /* > 0: still to be taken from payments after `until` */
};

/* weekly x days / 7, to the penny by the day-rate rule (weekly may be negative for a reduction). */
int dp_day_rate_amount(int64_t weekly, int64_t days, int64_t *out);
/* The amount of a whole period at one weekly rate (rule 2). */
int dp_full_period_amount(enum dp_frequency f, int64_t weekly, int64_t *out);
/* The period of the cycle that contains `day`. */
int dp_period_of(const struct dp_schedule_settings *s, day_t day, day_t *first, day_t *last);

int dp_schedule_build(const struct dp_schedule_input *in, struct arena *a, struct dp_schedule *out,
                      struct err *e);

#endif
