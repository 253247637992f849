/*
 * ssp.h — Statutory Sick Pay for a pay period (Social Security Contributions and Benefits Act
 * 1992 Part XI, as amended by the Employment Rights Act 2025 from 6 April 2026).
 *
 * The rules, each with its figure in rates.h (struct ssp_rates, one per tax year):
 *   - a period of incapacity for work (PIW) is 4 or more days of sickness in a row, counting
 *     days the employee would not have worked; shorter spells are not PIWs and get no SSP;
 *   - PIWs separated by 56 days or fewer link and count as one (the gap is the days between the
 *     last sick day of one and the first of the next);
 *   - SSP is paid for qualifying days (QDs): the days of the week the employee normally works;
 *   - before 6 April 2026 the first 3 QDs of a linked PIW are waiting days, unpaid (once per
 *     linked PIW); from 6 April 2026 there are none, and a PIW running over that date is paid
 *     from its first QD on or after it (each day is judged by the rates in force on it);
 *   - before 6 April 2026 the employee must have average weekly earnings (AWE) of at least the
 *     lower earnings limit; from then there is no earnings test, and the weekly rate is the lower
 *     of the flat rate and 80% of AWE (rounded up to the penny: an assumption, see
 *     docs/payroll.md);
 *   - at most 28 weeks of SSP in a linked PIW (28 × the QDs in a week);
 *   - the pay for a week (Sunday to Saturday) is the weekly rate × paid QDs in it ÷ QDs in a
 *     week, rounded UP to the penny, as in HMRC's SSP daily rates table.
 *
 * Pure functions: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_SSP_H
#define SELFDIRECT_DOMAIN_PAYROLL_SSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

/* Qualifying days: bit (1 << date_weekday(d)), Monday = bit 0 .. Sunday = bit 6. */
#define SSP_MON (1u << 0)
#define SSP_TUE (1u << 1)
#define SSP_WED (1u << 2)
#define SSP_THU (1u << 3)
#define SSP_FRI (1u << 4)
#define SSP_SAT (1u << 5)
#define SSP_SUN (1u << 6)
#define SSP_MON_FRI (SSP_MON | SSP_TUE | SSP_WED | SSP_THU | SSP_FRI)

/* A spell of sickness: every day from first to last, inclusive. */
struct ssp_spell {
    day_t first, last;
};

#define SSP_MAX_SPELLS 64

struct ssp_input {
    unsigned qualifying_days;        /* SSP_* bits */
    int64_t average_weekly_earnings; /* pence */
    /* Every spell that can link to the pay period: the pay period's own and those in the 56 days
     * (and linked PIWs) before it, in date order, not overlapping. */
    const struct ssp_spell *spells;
    size_t nspells;
    day_t from, to;                  /* the days to pay SSP for (the pay period) */
};

struct ssp_result {
    int sick_days;          /* days of sickness in [from, to] */
    int piw_days;           /* of those, days in a PIW */
    int qualifying_days;    /* QDs in a PIW in [from, to] */
    int waiting_days;       /* of those, waiting days (unpaid) */
    int paid_days;          /* of those, days SSP is paid for */
    int not_eligible_days;  /* QDs with no SSP: earnings below the LEL, or 28 weeks used */
    int64_t amount;         /* SSP for the period, pence */
    struct payroll_explain explain;
};

/* SSP for [in->from, in->to] using the rate sets `sets` (one per tax year, any order; each day
 * uses the latest set starting on or before it). ERR_INVALID for spells out of order or
 * overlapping, no qualifying days, or a period with no rates. */
int ssp_period(const struct ssp_rates *sets, size_t nsets, const struct ssp_input *in,
               struct ssp_result *out, struct err *e);

/* ---- average weekly earnings from pay already paid ---------------------------------------------
 *
 * The Statutory Sick Pay (General) Regulations 1982, reg. 19, and HMRC's employer guide
 * ("Statutory Sick Pay: employer guide", average weekly earnings): AWE are the earnings paid in
 * the RELEVANT PERIOD, which runs from the day after the last normal payday falling at least 8
 * weeks (56 days) before the last normal payday before the PIW, up to and including that last
 * normal payday before the PIW. For linked PIWs it is the first PIW of the series that counts.
 *   - paid weekly, fortnightly or four-weekly: the total ÷ the weeks in the period (days ÷ 7), so
 *     total × 7 ÷ days (8 weeks' pay ÷ 8 when the paydays are regular);
 *   - paid monthly: the total × 12 ÷ the months in the period (the monthly paydays in it) ÷ 52.
 * HMRC states no rounding; the result is taken to the nearest penny, halves up (docs/payroll.md).
 * Earnings are the gross pay of each payslip (SSP paid counts as earnings; so does holiday pay).
 * The paydays are the pay dates of the payslips this employment has paid.
 */
struct ssp_payment {
    day_t pay_date;
    int64_t earnings; /* pence */
};

struct ssp_awe {
    bool known;            /* false: no payday before the PIW, or none 8 weeks before that */
    int64_t awe;           /* pence a week, when known */
    day_t last_payday;     /* the last normal payday before the PIW */
    day_t earlier_payday;  /* the last normal payday at least 8 weeks before it (excluded) */
    int64_t total;         /* earnings paid in the relevant period */
    int days;              /* days in the relevant period */
    int months;            /* monthly pay: monthly paydays in it */
    struct payroll_explain explain;
};

/* AWE for a PIW starting on piw_first, from the payments (in pay date order; several on one date
 * add up). known false, with the reason in the explanation, when the history is too short: HMRC's
 * rule for someone employed less than 8 weeks (the pay due in the weeks worked) is not covered, and
 * the caller uses the contract's normal weekly pay. ERR_INVALID for payments out of order. */
int ssp_awe_from_pay(enum pay_frequency f, const struct ssp_payment *pays, size_t n,
                     day_t piw_first, struct ssp_awe *out, struct err *e);

/* The first day of the linked series of PIWs that the sickness on or before `day` belongs to
 * (spells in date order; spells under 4 days are not PIWs and neither link nor break a series);
 * 0 when no PIW starts on or before `day`. */
day_t ssp_linked_piw_first(const struct ssp_spell *spells, size_t n, day_t day);

#endif
