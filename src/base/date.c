/* date.c — civil dates, UK tax years and pay periods; see date.h.
 * Day numbers use the days-from-civil algorithm (H. Hinnant), exact over the proleptic Gregorian
 * calendar, so date arithmetic is integer addition. */
#include "base/date.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};

bool date_is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap_year(y) ? 29 : days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

static day_t days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (day_t)(era * 146097 + doe - 719468);
}

int date_from_ymd(int y, int m, int d, day_t *out)
{
    if (!date_valid_ymd(y, m, d))
        return ERR_INVALID;
    *out = days_from_civil(y, m, d);
    return 0;
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

int date_parse_iso(const char *s, size_t n, day_t *out, const char *field, struct err *e)
{
    const char *f = field ? field : "date";
    int y = 0, m = 0, d = 0;

    if (!s || n != 10 || s[4] != '-' || s[7] != '-')
        goto shape;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            goto shape;
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2199)
        return err_set_field(e, ERR_INVALID, f, "%s: the year %d is outside 1900 to 2199", f, y);
    if (m < 1 || m > 12)
        return err_set_field(e, ERR_INVALID, f, "%s: there is no month %02d; months are 01 to 12", f, m);
    if (d < 1 || d > date_days_in_month(y, m)) {
        if (m == 2 && d == 29)
            return err_set_field(e, ERR_INVALID, f, "%s: %d is not a leap year, so February has no 29th", f, y);
        return err_set_field(e, ERR_INVALID, f, "%s: %s has %d days, so day %02d does not exist", f,
                             month_names[m - 1], date_days_in_month(y, m), d);
    }
    *out = days_from_civil(y, m, d);
    return 0;
shape:
    return err_set_field(e, ERR_INVALID, f, "%s must be a date written YYYY-MM-DD, for example 2025-04-06", f);
}

void date_format_iso(day_t day, char out[DATE_ISO_SIZE])
{
    int y, m, d;
    char tmp[48];
    date_to_ymd(day, &y, &m, &d);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, DATE_ISO_SIZE - 1);
    out[DATE_ISO_SIZE - 1] = '\0';
}

size_t date_format_long(day_t day, char *out, size_t outsz)
{
    int y, m, d, n;
    date_to_ymd(day, &y, &m, &d);
    n = snprintf(out, outsz, "%d %s %d", d, month_names[m - 1], y);
    return n < 0 ? 0 : (size_t)n;
}

int date_weekday(day_t day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day % 7 + 7) % 7);
    return (w + 3) % 7;
}

day_t date_add_months(day_t day, int months)
{
    int y, m, d, total, dim;
    date_to_ymd(day, &y, &m, &d);
    total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    dim = date_days_in_month(y, m);
    if (d > dim)
        d = dim;
    return days_from_civil(y, m, d);
}

int date_age_on(day_t born, day_t on)
{
    int by, bm, bd, oy, om, od, age;
    date_to_ymd(born, &by, &bm, &bd);
    date_to_ymd(on, &oy, &om, &od);
    if (bm == 2 && bd == 29 && !date_is_leap_year(oy)) {
        bm = 3; /* a leapling's birthday in a common year is 1 March */
        bd = 1;
    }
    age = oy - by;
    if (om < bm || (om == bm && od < bd))
        age--;
    return age;
}

int taxyear_of(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return (m > 4 || (m == 4 && d >= 6)) ? y : y - 1;
}

day_t taxyear_start(int year) { return days_from_civil(year, 4, 6); }
day_t taxyear_end(int year) { return days_from_civil(year + 1, 4, 5); }

int taxyear_parse(const char *s, int *year, struct err *e)
{
    int y;
    if (!s || strlen(s) != 7 || s[4] != '-')
        goto bad;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            goto bad;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if ((y + 1) % 100 != (s[5] - '0') * 10 + (s[6] - '0'))
        return err_set_field(e, ERR_INVALID, "tax_year", "tax year \"%s\": the second part must be the year after the first, for example 2025-26", s);
    *year = y;
    return 0;
bad:
    return err_set_field(e, ERR_INVALID, "tax_year", "tax year must be written like 2025-26 (6 April 2025 to 5 April 2026)");
}

void taxyear_format(int year, char out[8])
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d", year, (year + 1) % 100);
    memcpy(out, tmp, 7);
    out[7] = '\0';
}

int tax_week(day_t day) { return (int)((day - taxyear_start(taxyear_of(day))) / 7) + 1; }

int tax_month(day_t day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    /* Month 1 is 6 April to 5 May: a date before the 6th belongs to the previous month's period. */
    if (d < 6)
        m -= 1;
    return ((m - 4 + 12) % 12) + 1;
}

static const char *const freq_names[PAY_FREQUENCY_COUNT] = {"weekly", "fortnightly", "four-weekly",
                                                            "monthly"};

const char *pay_frequency_name(enum pay_frequency f)
{
    return (unsigned)f < PAY_FREQUENCY_COUNT ? freq_names[f] : "unknown";
}

int pay_frequency_parse(const char *s, enum pay_frequency *f)
{
    for (int i = 0; i < PAY_FREQUENCY_COUNT; i++) {
        if (strcmp(s, freq_names[i]) == 0) {
            *f = (enum pay_frequency)i;
            return 0;
        }
    }
    return ERR_INVALID;
}

int pay_periods_in_year(enum pay_frequency f)
{
    switch (f) {
    case PAY_WEEKLY: return 52;
    case PAY_FORTNIGHTLY: return 26;
    case PAY_FOUR_WEEKLY: return 13;
    case PAY_MONTHLY: return 12;
    default: return 0;
    }
}

int pay_frequency_weeks(enum pay_frequency f)
{
    switch (f) {
    case PAY_WEEKLY: return 1;
    case PAY_FORTNIGHTLY: return 2;
    case PAY_FOUR_WEEKLY: return 4;
    default: return 0;
    }
}

int pay_period_of(enum pay_frequency f, day_t pay_date)
{
    int k = pay_frequency_weeks(f);
    if (f == PAY_MONTHLY)
        return tax_month(pay_date);
    if (k == 0)
        return 0;
    return (tax_week(pay_date) - 1) / k + 1;
}

int pay_period_bounds(enum pay_frequency f, int year, int n, day_t *first, day_t *last)
{
    day_t start = taxyear_start(year), end = taxyear_end(year);
    if (f == PAY_MONTHLY) {
        if (n < 1 || n > 12)
            return ERR_RANGE;
        *first = date_add_months(start, n - 1);
        *last = date_add_months(start, n) - 1;
        return 0;
    }
    {
        int k = pay_frequency_weeks(f);
        day_t a, b;
        if (k == 0 || n < 1)
            return ERR_RANGE;
        a = start + (day_t)(7 * k * (n - 1));
        if (a > end)
            return ERR_RANGE;
        b = a + (day_t)(7 * k) - 1;
        *first = a;
        *last = b > end ? end : b;
    }
    return 0;
}
