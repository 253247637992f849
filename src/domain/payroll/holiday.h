/*
 * holiday.h — statutory holiday (Working Time Regulations 1998 as amended in 2023):
 *   - regular hours: 5.6 weeks a year, capped at 28 days, pro rata for part of a leave year;
 *   - irregular-hours and part-year workers, for leave years starting on or after 1 April 2024:
 *     holiday accrues at 12.07% of the hours worked in each pay period, and may be paid as
 *     rolled-up holiday pay (12.07% of pay, on its own payslip line) instead of when taken.
 * Rates (5.6, 28, 12.07%, 1 April 2024) come from rates.h.
 *
 * Rounding: an entitlement is never rounded down (that would take leave away): days are worked
 * out in hundredths of a day and hours in minutes, rounded UP; rolled-up pay is rounded UP to the
 * penny.
 *
 * Pure functions: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_HOLIDAY_H
#define SELFDIRECT_DOMAIN_PAYROLL_HOLIDAY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

struct holiday_entitlement {
    int32_t days_hundredths;     /* statutory days for the (part) year, hundredths of a day */
    int32_t full_year_hundredths;/* before pro-rating */
    bool capped;                 /* the 28-day cap applied */
    int64_t hours_minutes;       /* the same in minutes, when hours a week were given (else 0) */
    struct payroll_explain explain;
};

/* Entitlement for a worker on `days_per_week_hundredths` days a week (500 = 5 days), employed
 * for `days_employed` of the `days_in_leave_year` days of the leave year (pro rata; give equal
 * numbers for a whole year). When hours_per_week_minutes > 0 it is also given in hours (5.6 ×
 * weekly hours, capped at 28 days of average day length). */
int holiday_entitlement(const struct holiday_rates *r, int32_t days_per_week_hundredths,
                        int64_t hours_per_week_minutes, int days_employed, int days_in_leave_year,
                        struct holiday_entitlement *out, struct err *e);

struct holiday_accrual {
    int64_t minutes;             /* holiday accrued this pay period, minutes (rounded up) */
    struct payroll_explain explain;
};

/* Irregular-hours accrual: 12.07% of `minutes_worked` in the pay period, for a leave year
 * starting on `leave_year_start`. ERR_INVALID for a leave year starting before 1 April 2024,
 * when the accrual method does not apply (use the 5.6 weeks entitlement). */
int holiday_irregular_accrual(const struct holiday_rates *r, day_t leave_year_start,
                              int64_t minutes_worked, struct holiday_accrual *out, struct err *e);

/* Rolled-up holiday pay for an irregular-hours or part-year worker: 12.07% of `pay` (pence)
 * for the pay period, rounded up; same leave-year rule as the accrual. */
int holiday_rolled_up_pay(const struct holiday_rates *r, day_t leave_year_start, int64_t pay,
                          int64_t *out, struct err *e);

#endif
