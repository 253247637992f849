/*
 * pension.h — workplace pension automatic enrolment (Pensions Act 2008, Part 1): assessing a
 * worker in a pay reference period, and the minimum contributions on qualifying earnings.
 * People who employ their own carers are employers for these duties (brief §3.3).
 *
 * Assessment, on the earnings of the pay reference period against the Pensions Regulator's
 * thresholds for its length (rates.h: weekly, fortnightly, four-weekly, monthly):
 *   - eligible jobholder: aged at least 22 and under State Pension age, earning MORE than the
 *     earnings trigger (£192 a week, £833 a month): must be enrolled, employer contributes;
 *   - non-eligible jobholder: aged 16 to 74, earning more than the lower level of qualifying
 *     earnings (£120 a week, £520 a month) and not eligible (earning no more than the trigger, or
 *     aged 16-21 or State Pension age to 74 above it): may opt in, and then the employer must
 *     contribute;
 *   - entitled worker: aged 16 to 74, earning no more than the lower level: may ask to join a
 *     scheme; the employer need not contribute;
 *   - under 16 or 75 and over: none of these duties.
 * State Pension age is an input (it depends on the date of birth; the caller knows it).
 *
 * Qualifying earnings are earnings between the lower and upper levels for the period. Minimum
 * contributions on them: employer 3%, 8% in total (so the worker at least 5%), each rounded UP to
 * the penny so the legal minimum is always met.
 *
 * Pure functions: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_PENSION_H
#define SELFDIRECT_DOMAIN_PAYROLL_PENSION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

enum ae_category {
    AE_OUTSIDE = 0,            /* under 16, or 75 and over */
    AE_ELIGIBLE_JOBHOLDER,
    AE_NON_ELIGIBLE_JOBHOLDER,
    AE_ENTITLED_WORKER,
};

const char *ae_category_name(enum ae_category c); /* "eligible jobholder", ... */

struct ae_result {
    enum ae_category category;
    bool must_enrol;                 /* eligible jobholder */
    bool may_opt_in;                 /* non-eligible jobholder: employer contributes if they do */
    bool may_join;                   /* entitled worker: employer need not contribute */
    int64_t qualifying_earnings;     /* pence, this period */
    int64_t employer_minimum;        /* pence, 3% of qualifying earnings rounded up */
    int64_t employee_minimum;        /* pence, the rest of 8% rounded up */
    struct payroll_explain explain;
};

/* Assesses a worker aged `age` (on the pay date) with State Pension age `state_pension_age`,
 * earning `earnings` (pence, this pay reference period) paid `f`. Contributions are filled in for
 * jobholders (what is due if enrolled or opted in) and are 0 for others. */
int ae_assess(const struct ae_rates *r, enum pay_frequency f, int age, int state_pension_age,
              int64_t earnings, struct ae_result *out, struct err *e);

/* Qualifying earnings for the period: min(earnings, upper) − lower, never below 0. */
int64_t ae_qualifying_earnings(const struct ae_rates *r, enum pay_frequency f, int64_t earnings);

#endif
