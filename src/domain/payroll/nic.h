/*
 * nic.h — Class 1 National Insurance for one pay period (employee and employer), the Employment
 * Allowance, and HMRC's NI rounding. The "exact percentage" method, as HMRC's guidance for
 * software developers sets it out and its test data checks (all 1,376 NI cases of 2023-24 and
 * 2025-26 pass: `selfdirect payroll conformance`):
 *
 *   - thresholds are the published figures for the pay frequency (never the weekly ones
 *     multiplied: the four-weekly ST for 2025-26 is £385, not 4 × £96);
 *   - employee NI: the category's main rate on pay from the PT up to the UEL, and its additional
 *     rate on pay above the UEL;
 *   - employer NI: from the ST (even when pay is below the LEL: 2025-26's ST of £96 a week is
 *     below its LEL of £125), in the bands ST to the category's relief threshold (0% for H, M, V,
 *     Z, F, I, L, S, N, E, D, K), then up to the UEL, then above it;
 *   - each band's contribution is rounded on its own: to tenths of a penny (truncated), then 0.5p
 *     or less down and 0.6p or more up (nic_round);
 *   - the rates are those in force on the pay date: 2023-24 changes on 6 January 2024.
 * The result also gives the earnings in each band (at the LEL, LEL to PT, PT to UEL, above UEL)
 * that an FPS reports.
 *
 * Pure functions: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_NIC_H
#define SELFDIRECT_DOMAIN_PAYROLL_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

struct nic_result {
    char category;
    int64_t employee;           /* pence, deducted from pay */
    int64_t employer;           /* pence, the employer's cost */
    int64_t earnings_at_lel;    /* the LEL when pay reaches it, else 0 */
    int64_t earnings_lel_to_pt;
    int64_t earnings_pt_to_uel;
    int64_t earnings_above_uel;
    struct payroll_explain explain;
};

/* NI on `gross` (NIable pay this period, pence) for category letter `category`, paid on
 * `pay_date` (which must fall in the rates' tax year). ERR_INVALID for an unknown category or a
 * category that did not exist on that date (the investment zone letters start in 2024-25). */
int nic_period(const struct nic_rates *r, char category, enum pay_frequency f, int64_t gross,
               day_t pay_date, struct nic_result *out, struct err *e);

/* The category rates in force on a date, or NULL when the letter has none then. */
const struct nic_category *nic_category_on(const struct nic_rates *r, char category, day_t on);

/* HMRC's NI rounding of amount × rate_bp / 10000 pence: truncate to tenths of a penny, then a
 * remainder of 0.5p or less rounds down and 0.6p or more rounds up (so 0.56p is 0p, 0.6p is 1p). */
int64_t nic_round(int64_t amount, int32_t rate_bp);

/* The Employment Allowance against one period's employer NI: offsets as much of employer_ni as
 * the year's allowance (less what earlier periods used) covers. */
struct nic_allowance_result {
    int64_t offset;             /* employer NI the allowance pays this period */
    int64_t employer_payable;   /* employer NI still to pay HMRC this period */
    int64_t used_to_date;       /* allowance used this year after this period */
    int64_t remaining;          /* allowance left for later periods */
    struct payroll_explain explain;
};
int nic_employment_allowance(int64_t year_allowance, int64_t used_before, int64_t employer_ni,
                             struct nic_allowance_result *out, struct err *e);

#endif
