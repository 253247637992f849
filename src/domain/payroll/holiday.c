/* holiday.c — statutory holiday entitlement and accrual; see holiday.h. */
#include "domain/payroll/holiday.h"

#include <string.h>

#include "base/err.h"
#include "base/money.h"

static int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

int holiday_entitlement(const struct holiday_rates *r, int32_t days_per_week_hundredths,
                        int64_t hours_per_week_minutes, int days_employed, int days_in_leave_year,
                        struct holiday_entitlement *out, struct err *e)
{
    int64_t full;

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if (days_per_week_hundredths <= 0 || days_per_week_hundredths > 700)
        return err_set_field(e, ERR_INVALID, "days_per_week",
                             "days worked a week must be more than 0 and at most 7");
    if (hours_per_week_minutes < 0 || hours_per_week_minutes > 7 * 24 * 60)
        return err_set_field(e, ERR_INVALID, "hours_per_week",
                             "hours a week must be from 0 to 168");
    if (days_in_leave_year < 365 || days_in_leave_year > 366)
        return err_set_field(e, ERR_INVALID, "days_in_leave_year",
                             "a leave year has 365 or 366 days");
    if (days_employed < 0 || days_employed > days_in_leave_year)
        return err_set_field(e, ERR_INVALID, "days_employed",
                             "days employed must be from 0 to the days in the leave year");

    /* 5.6 weeks of the working week, in hundredths of a day: 5.60 × 5.00 days = 28.00 days. */
    full = ceil_div((int64_t)r->weeks_hundredths * days_per_week_hundredths, 100);
    payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS, full,
                        "%d.%02d weeks of a %d.%02d-day week, in days", r->weeks_hundredths / 100,
                        r->weeks_hundredths % 100, days_per_week_hundredths / 100,
                        days_per_week_hundredths % 100);
    if (full > r->cap_days_hundredths) {
        full = r->cap_days_hundredths;
        out->capped = true;
        payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS, full,
                            "Capped at the statutory maximum of %d days",
                            r->cap_days_hundredths / 100);
    }
    out->full_year_hundredths = (int32_t)full;
    out->days_hundredths =
        (int32_t)ceil_div(full * days_employed, days_in_leave_year); /* pro rata, rounded up */
    if (days_employed != days_in_leave_year)
        payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS, out->days_hundredths,
                            "Pro rata for %d of %d days of the leave year (rounded up)",
                            days_employed, days_in_leave_year);
    if (hours_per_week_minutes > 0) {
        /* 5.6 × weekly hours, capped at 28 average days. */
        int64_t hours = ceil_div(hours_per_week_minutes * r->weeks_hundredths, 100);
        int64_t cap = ceil_div(hours_per_week_minutes * r->cap_days_hundredths,
                               days_per_week_hundredths);
        if (hours > cap)
            hours = cap;
        out->hours_minutes = ceil_div(hours * days_employed, days_in_leave_year);
        payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS,
                            ceil_div(out->hours_minutes * 100, 60), "The same in hours");
    }
    return 0;
}

static int irregular_applies(const struct holiday_rates *r, day_t leave_year_start, struct err *e)
{
    if (leave_year_start < r->irregular_from) {
        char d[48];
        date_format_long(r->irregular_from, d, sizeof d);
        return err_set_field(e, ERR_INVALID, "leave_year_start",
                             "the 12.07%% accrual (and rolled-up holiday pay) applies to leave "
                             "years starting on or after %s; for earlier leave years use the 5.6 "
                             "weeks entitlement",
                             d);
    }
    return 0;
}

int holiday_irregular_accrual(const struct holiday_rates *r, day_t leave_year_start,
                              int64_t minutes_worked, struct holiday_accrual *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if (minutes_worked < 0 || minutes_worked > 31 * 24 * 60)
        return err_set_field(e, ERR_INVALID, "hours_worked",
                             "hours worked in a pay period must be from 0 to a month's hours");
    if (irregular_applies(r, leave_year_start, e) != 0)
        return ERR_INVALID;
    out->minutes = ceil_div(minutes_worked * r->irregular_accrual_bp, 10000);
    payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS, ceil_div(minutes_worked * 100, 60),
                        "Hours worked this pay period");
    payroll_explain_add(&out->explain, PAYROLL_UNIT_HUNDREDTHS, ceil_div(out->minutes * 100, 60),
                        "Holiday accrued: %d.%02d%% of the hours worked (rounded up to the minute)",
                        r->irregular_accrual_bp / 100, r->irregular_accrual_bp % 100);
    return 0;
}

int holiday_rolled_up_pay(const struct holiday_rates *r, day_t leave_year_start, int64_t pay,
                          int64_t *out, struct err *e)
{
    *out = 0;
    if (pay < 0 || pay > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "pay", "pay must be £0 or more");
    if (irregular_applies(r, leave_year_start, e) != 0)
        return ERR_INVALID;
    return money_muldiv(pay, r->irregular_accrual_bp, 10000, ROUND_UP, out);
}
