/*
 * date.h — calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), UK tax years
 * and pay periods, and ages. No time zones: a date here is a civil date in England.
 *
 * Tax years run 6 April to 5 April and are named by the calendar year they start in: tax year 2025
 * is "2025-26". Tax week 1 is 6-12 April; week 53 is the one or two days left at the end of the
 * year (HMRC). Tax month 1 is 6 April to 5 May. Pay periods count from the start of the tax year:
 * weekly 1..53, fortnightly 1..27, four-weekly 1..14, monthly 1..12, in HMRC's numbering (period n
 * of a k-weekly frequency contains tax week (n-1)*k+1).
 */
#ifndef SELFDIRECT_BASE_DATE_H
#define SELFDIRECT_BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

typedef int32_t day_t;

#define DATE_ISO_SIZE 11 /* "YYYY-MM-DD" + NUL */

bool date_valid_ymd(int y, int m, int d);
int date_from_ymd(int y, int m, int d, day_t *out); /* ERR_INVALID for 2023-02-29 etc. */
void date_to_ymd(day_t day, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD" (years 1900-2199); anything else is refused with a message. */
int date_parse_iso(const char *s, size_t n, day_t *out, const char *field, struct err *e);
void date_format_iso(day_t day, char out[DATE_ISO_SIZE]);
/* "6 April 2025": for people. */
size_t date_format_long(day_t day, char *out, size_t outsz);
int date_weekday(day_t day); /* 0 = Monday .. 6 = Sunday */
bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);
/* Adds months, clamping the day to the month's length (31 Jan + 1 month = 28/29 Feb). */
day_t date_add_months(day_t day, int months);

/* Completed years of age on `on`. Someone born on 29 February reaches each birthday on 1 March in
 * a common year (the common-law rule used in England and Wales). */
int date_age_on(day_t born, day_t on);

/* The tax year a date falls in, by its starting calendar year (2025 for 2025-06-01). */
int taxyear_of(day_t day);
day_t taxyear_start(int year); /* 6 April of year */
day_t taxyear_end(int year);   /* 5 April of year+1 */
/* "2025-26" <-> 2025. Parse accepts exactly YYYY-YY with consecutive years. */
int taxyear_parse(const char *s, int *year, struct err *e);
void taxyear_format(int year, char out[8]);

int tax_week(day_t day);  /* 1..53 */
int tax_month(day_t day); /* 1..12 */

enum pay_frequency {
    PAY_WEEKLY = 0,
    PAY_FORTNIGHTLY,
    PAY_FOUR_WEEKLY,
    PAY_MONTHLY,
    PAY_FREQUENCY_COUNT
};
const char *pay_frequency_name(enum pay_frequency f); /* "weekly", "fortnightly", ... */
int pay_frequency_parse(const char *s, enum pay_frequency *f);
int pay_periods_in_year(enum pay_frequency f); /* 52, 26, 13, 12 (ignoring week 53 etc.) */
/* Weeks in one period for weekly-based frequencies (1, 2, 4); 0 for monthly. */
int pay_frequency_weeks(enum pay_frequency f);
/* The period number a pay date falls in (HMRC numbering, see above). */
int pay_period_of(enum pay_frequency f, day_t pay_date);
/* First and last day of period n of tax year `year`. ERR_RANGE when n is outside the year. */
int pay_period_bounds(enum pay_frequency f, int year, int n, day_t *first, day_t *last);

#endif
