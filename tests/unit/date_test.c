/* Dates: strict ISO parsing, UK tax years, tax weeks and months, pay periods, ages. */
#include "base/date.h"
#include "base/err.h"
#include "check.h"

static day_t D(int y, int m, int d)
{
    day_t r = 0;
    if (date_from_ymd(y, m, d, &r) != 0)
        check_fail(__FILE__, __LINE__, "bad test date %d-%d-%d", y, m, d);
    return r;
}

struct parse_case {
    const char *in;
    const char *err; /* NULL = valid */
};

static const struct parse_case parse_cases[] = {
    {"2025-04-06", NULL},
    {"2025-04-05", NULL},
    {"2024-02-29", NULL},
    {"2000-02-29", NULL},
    {"1900-01-01", NULL},
    {"2199-12-31", NULL},
    {"2025-12-31", NULL},
    {"2025-01-01", NULL},
    {"2023-02-29", "not a leap year"},
    {"2100-02-29", "not a leap year"},
    {"1900-02-29", "not a leap year"},
    {"2025-13-01", "no month 13"},
    {"2025-00-10", "no month 00"},
    {"2025-04-31", "April has 30 days"},
    {"2025-02-30", "February has 28 days"},
    {"2024-02-30", "February has 29 days"},
    {"2025-01-00", "day 00"},
    {"2025-01-32", "day 32"},
    {"1899-12-31", "outside 1900 to 2199"},
    {"2200-01-01", "outside 1900 to 2199"},
    {"2025-4-6", "YYYY-MM-DD"},
    {"06/04/2025", "YYYY-MM-DD"},
    {"2025-04-06T00:00", "YYYY-MM-DD"},
    {"", "YYYY-MM-DD"},
    {" 2025-04-06", "YYYY-MM-DD"},
    {"2025-04-0a", "YYYY-MM-DD"},
    {"2025/04/06", "YYYY-MM-DD"},
    {"+025-04-06", "YYYY-MM-DD"},
    {"\xef\xbc\x92" "025-04-06", "YYYY-MM-DD"},
    {"20250406", "YYYY-MM-DD"},
};

TEST(date_parse_iso_cases)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        struct err e = {0};
        day_t d;
        int rc = date_parse_iso(parse_cases[i].in, strlen(parse_cases[i].in), &d, "start_date", &e);
        if (!parse_cases[i].err) {
            char back[DATE_ISO_SIZE];
            CHECK_INT(rc, 0);
            date_format_iso(d, back);
            CHECK_STR(back, parse_cases[i].in);
        } else {
            CHECK_INT(rc, ERR_INVALID);
            CHECK_CONTAINS(e.msg, parse_cases[i].err);
            CHECK_CONTAINS(e.msg, "start_date");
        }
    }
}

TEST(date_round_trip_every_day_1900_2199)
{
    day_t first = D(1900, 1, 1), last = D(2199, 12, 31);
    int bad = 0;
    for (day_t d = first; d <= last && bad < 5; d++) {
        int y, m, dd;
        day_t back = 0;
        char iso[DATE_ISO_SIZE];
        date_to_ymd(d, &y, &m, &dd);
        if (date_from_ymd(y, m, dd, &back) != 0 || back != d)
            bad++;
        date_format_iso(d, iso);
        if (date_parse_iso(iso, 10, &back, NULL, NULL) != 0 || back != d)
            bad++;
        if (d > first && date_weekday(d) != (date_weekday(d - 1) + 1) % 7)
            bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(D(1970, 1, 1), 0);
}

TEST(date_weekdays)
{
    CHECK_INT(date_weekday(D(1970, 1, 1)), 3);  /* Thursday */
    CHECK_INT(date_weekday(D(2025, 4, 6)), 6);  /* Sunday */
    CHECK_INT(date_weekday(D(2024, 2, 29)), 3); /* Thursday */
    CHECK_INT(date_weekday(D(2026, 11, 23)), 0); /* Monday */
}

TEST(tax_year_boundaries)
{
    CHECK_INT(taxyear_of(D(2025, 4, 5)), 2024);
    CHECK_INT(taxyear_of(D(2025, 4, 6)), 2025);
    CHECK_INT(taxyear_of(D(2026, 4, 5)), 2025);
    CHECK_INT(taxyear_of(D(2026, 4, 6)), 2026);
    CHECK_INT(taxyear_of(D(2025, 1, 1)), 2024);
    CHECK_INT(taxyear_of(D(2025, 12, 31)), 2025);
    CHECK_INT(taxyear_of(D(2024, 2, 29)), 2023);
    CHECK_INT(taxyear_start(2025), D(2025, 4, 6));
    CHECK_INT(taxyear_end(2025), D(2026, 4, 5));
}

TEST(tax_year_names)
{
    int y = 0;
    char out[8];
    struct err e = {0};
    CHECK_INT(taxyear_parse("2025-26", &y, NULL), 0);
    CHECK_INT(y, 2025);
    CHECK_INT(taxyear_parse("2099-00", &y, NULL), 0);
    CHECK_INT(y, 2099);
    CHECK_INT(taxyear_parse("2025-27", &y, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "year after");
    CHECK_INT(taxyear_parse("25-26", &y, NULL), ERR_INVALID);
    CHECK_INT(taxyear_parse("2025/26", &y, NULL), ERR_INVALID);
    CHECK_INT(taxyear_parse("2025-266", &y, NULL), ERR_INVALID);
    taxyear_format(2025, out);
    CHECK_STR(out, "2025-26");
    taxyear_format(2099, out);
    CHECK_STR(out, "2099-00");
}

TEST(tax_weeks)
{
    CHECK_INT(tax_week(D(2025, 4, 6)), 1);
    CHECK_INT(tax_week(D(2025, 4, 12)), 1);
    CHECK_INT(tax_week(D(2025, 4, 13)), 2);
    CHECK_INT(tax_week(D(2026, 4, 4)), 52);
    CHECK_INT(tax_week(D(2026, 4, 3)), 52);
    CHECK_INT(tax_week(D(2026, 4, 5)), 53);
    /* 2023-24 spans 29 February 2024: week 53 has two days, 4 and 5 April 2024. */
    CHECK_INT(tax_week(D(2024, 4, 3)), 52);
    CHECK_INT(tax_week(D(2024, 4, 4)), 53);
    CHECK_INT(tax_week(D(2024, 4, 5)), 53);
    CHECK_INT(tax_week(D(2024, 4, 6)), 1);
}

TEST(tax_months)
{
    CHECK_INT(tax_month(D(2025, 4, 6)), 1);
    CHECK_INT(tax_month(D(2025, 5, 5)), 1);
    CHECK_INT(tax_month(D(2025, 5, 6)), 2);
    CHECK_INT(tax_month(D(2025, 12, 31)), 9);
    CHECK_INT(tax_month(D(2026, 1, 5)), 9);
    CHECK_INT(tax_month(D(2026, 1, 6)), 10);
    CHECK_INT(tax_month(D(2026, 3, 5)), 11);
    CHECK_INT(tax_month(D(2026, 3, 6)), 12);
    CHECK_INT(tax_month(D(2026, 4, 5)), 12);
    CHECK_INT(tax_month(D(2026, 4, 6)), 1);
}

TEST(pay_periods)
{
    CHECK_INT(pay_period_of(PAY_WEEKLY, D(2025, 4, 6)), 1);
    CHECK_INT(pay_period_of(PAY_FORTNIGHTLY, D(2025, 4, 19)), 1);
    CHECK_INT(pay_period_of(PAY_FORTNIGHTLY, D(2025, 4, 20)), 2);
    CHECK_INT(pay_period_of(PAY_FOUR_WEEKLY, D(2025, 5, 3)), 1);
    CHECK_INT(pay_period_of(PAY_FOUR_WEEKLY, D(2025, 5, 4)), 2);
    CHECK_INT(pay_period_of(PAY_FORTNIGHTLY, D(2026, 4, 5)), 27);
    CHECK_INT(pay_period_of(PAY_FOUR_WEEKLY, D(2026, 4, 5)), 14);
    CHECK_INT(pay_period_of(PAY_MONTHLY, D(2026, 4, 5)), 12);
    CHECK_INT(pay_periods_in_year(PAY_WEEKLY), 52);
    CHECK_INT(pay_periods_in_year(PAY_FORTNIGHTLY), 26);
    CHECK_INT(pay_periods_in_year(PAY_FOUR_WEEKLY), 13);
    CHECK_INT(pay_periods_in_year(PAY_MONTHLY), 12);
}

TEST(pay_period_bounds_cases)
{
    day_t a, b;
    CHECK_INT(pay_period_bounds(PAY_MONTHLY, 2025, 1, &a, &b), 0);
    CHECK_INT(a, D(2025, 4, 6));
    CHECK_INT(b, D(2025, 5, 5));
    CHECK_INT(pay_period_bounds(PAY_MONTHLY, 2025, 12, &a, &b), 0);
    CHECK_INT(a, D(2026, 3, 6));
    CHECK_INT(b, D(2026, 4, 5));
    CHECK_INT(pay_period_bounds(PAY_MONTHLY, 2025, 13, &a, &b), ERR_RANGE);
    CHECK_INT(pay_period_bounds(PAY_WEEKLY, 2025, 53, &a, &b), 0);
    CHECK_INT(a, D(2026, 4, 5));
    CHECK_INT(b, D(2026, 4, 5));
    CHECK_INT(pay_period_bounds(PAY_WEEKLY, 2025, 54, &a, &b), ERR_RANGE);
    CHECK_INT(pay_period_bounds(PAY_WEEKLY, 2025, 0, &a, &b), ERR_RANGE);
    CHECK_INT(pay_period_bounds(PAY_FOUR_WEEKLY, 2025, 14, &a, &b), 0);
    CHECK_INT(a, D(2026, 4, 5));
    CHECK_INT(pay_period_bounds(PAY_FORTNIGHTLY, 2023, 27, &a, &b), 0);
    CHECK_INT(a, D(2024, 4, 4));
    CHECK_INT(b, D(2024, 4, 5));
    /* Every day of a tax year lies in exactly the period pay_period_of names. */
    for (int f = 0; f < PAY_FREQUENCY_COUNT; f++) {
        for (day_t d = taxyear_start(2023); d <= taxyear_end(2023); d++) {
            int n = pay_period_of((enum pay_frequency)f, d);
            if (pay_period_bounds((enum pay_frequency)f, 2023, n, &a, &b) != 0 || d < a || d > b) {
                check_fail(__FILE__, __LINE__, "frequency %d day %d not in period %d", f, (int)d, n);
                break;
            }
        }
    }
}

TEST(pay_frequency_names)
{
    enum pay_frequency f;
    CHECK_INT(pay_frequency_parse("four-weekly", &f), 0);
    CHECK_INT(f, PAY_FOUR_WEEKLY);
    CHECK_INT(pay_frequency_parse("Weekly", &f), ERR_INVALID);
    CHECK_STR(pay_frequency_name(PAY_MONTHLY), "monthly");
}

TEST(ages)
{
    day_t leapling = D(2000, 2, 29);
    CHECK_INT(date_age_on(leapling, D(2018, 2, 28)), 17);
    CHECK_INT(date_age_on(leapling, D(2018, 3, 1)), 18);
    CHECK_INT(date_age_on(leapling, D(2020, 2, 28)), 19);
    CHECK_INT(date_age_on(leapling, D(2020, 2, 29)), 20);
    CHECK_INT(date_age_on(D(1960, 4, 6), D(2025, 4, 5)), 64);
    CHECK_INT(date_age_on(D(1960, 4, 6), D(2025, 4, 6)), 65);
    CHECK_INT(date_age_on(D(2004, 12, 31), D(2025, 12, 30)), 20);
    CHECK_INT(date_age_on(D(2004, 12, 31), D(2025, 12, 31)), 21);
    CHECK_INT(date_age_on(D(2025, 1, 1), D(2025, 1, 1)), 0);
}

TEST(add_months_clamps)
{
    CHECK_INT(date_add_months(D(2025, 1, 31), 1), D(2025, 2, 28));
    CHECK_INT(date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29));
    CHECK_INT(date_add_months(D(2025, 12, 15), 1), D(2026, 1, 15));
    CHECK_INT(date_add_months(D(2025, 3, 31), -1), D(2025, 2, 28));
    CHECK_INT(date_add_months(D(2025, 4, 6), 12), D(2026, 4, 6));
}

TEST(long_format)
{
    char out[40];
    date_format_long(D(2025, 4, 6), out, sizeof out);
    CHECK_STR(out, "6 April 2025");
}
