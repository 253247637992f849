/* Class 1 NI beyond HMRC's test data: the rounding rule, the 6 January 2024 rate change, the
 * categories that exist each year, employer NI below the LEL, per-frequency thresholds. The 1,376
 * HMRC NI cases run through `payroll conformance`. */
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "../check.h"
#include "domain/payroll/nic.h"
#include "io/payroll_rates.h"

static const struct nic_rates *ni_rates(int year)
{
    static struct payroll_rates r[8];
    static bool loaded[8];
    int i = year - 2023;
    if (i < 0 || i >= 8)
        return NULL;
    if (!loaded[i]) {
        struct err e = {0};
        if (payroll_rates_load(year, &r[i], &e) != 0) {
            check_fail(__FILE__, __LINE__, "rates %d: %s", year, e.msg);
            return NULL;
        }
        loaded[i] = true;
    }
    return &r[i].nic;
}

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    if (date_from_ymd(y, m, d, &out) != 0)
        check_fail(__FILE__, __LINE__, "bad date %d-%d-%d", y, m, d);
    return out;
}

static struct nic_result ni(int year, char cat, enum pay_frequency f, int64_t gross, day_t date)
{
    struct nic_result r;
    struct err e = {0};
    if (nic_period(ni_rates(year), cat, f, gross, date, &r, &e) != 0)
        check_fail(__FILE__, __LINE__, "nic %c: %s", cat, e.msg);
    return r;
}

TEST(nic_round_half_penny_or_less_goes_down)
{
    /* 7p at 8% = 0.56p: truncated to 0.5p, which rounds down. */
    CHECK_INT(nic_round(7, 800), 0);
    /* 8p at 8% = 0.64p → 0.6p rounds up. */
    CHECK_INT(nic_round(8, 800), 1);
    /* 32p at 8% = 2.56p → 2p; 33p → 2.64p → 3p. */
    CHECK_INT(nic_round(32, 800), 2);
    CHECK_INT(nic_round(33, 800), 3);
    /* Exactly a half: 25p at 2% = 0.5p → 0. */
    CHECK_INT(nic_round(25, 200), 0);
    /* 79,250p at 13.8% = 10,936.5p → 10,936p. */
    CHECK_INT(nic_round(79250, 1380), 10936);
    CHECK_INT(nic_round(0, 1500), 0);
}

TEST(nic_category_a_weekly_2025_26)
{
    struct nic_result r = ni(2025, 'A', PAY_WEEKLY, 48103, D(2025, 4, 12));
    CHECK_INT(r.employee, 1912);   /* (481.03 − 242) × 8% */
    CHECK_INT(r.employer, 5775);   /* (481.03 − 96) × 15% = 57.7545 */
    CHECK_INT(r.earnings_at_lel, 12500);
    CHECK_INT(r.earnings_lel_to_pt, 11700);
    CHECK_INT(r.earnings_pt_to_uel, 23903);
}

TEST(nic_2023_24_main_rate_falls_to_10_percent_on_6_january_2024)
{
    struct nic_result before = ni(2023, 'A', PAY_WEEKLY, 50000, D(2024, 1, 5));
    struct nic_result after = ni(2023, 'A', PAY_WEEKLY, 50000, D(2024, 1, 6));
    CHECK_INT(before.employee, 3096); /* 258 × 12% */
    CHECK_INT(after.employee, 2580);  /* 258 × 10% */
    CHECK_INT(before.employer, after.employer);
    struct nic_result b = ni(2023, 'B', PAY_MONTHLY, 200000, D(2024, 2, 5));
    CHECK_INT(b.employee, nic_round(200000 - 104800, 385)); /* 3.85% from January */
}

TEST(nic_employer_pays_above_st_even_below_lel)
{
    /* 2025-26: ST £96 a week is below the LEL of £125. */
    struct nic_result r = ni(2025, 'A', PAY_WEEKLY, 11000, D(2025, 5, 1));
    CHECK_INT(r.employee, 0);
    CHECK_INT(r.employer, 210); /* (110 − 96) × 15% */
    CHECK_INT(r.earnings_at_lel, 0);
}

TEST(nic_uses_each_frequencys_published_threshold)
{
    /* Four-weekly ST 2025-26 is £385, not 4 × £96 = £384: £385.04 gives 0.6p → 1p. */
    struct nic_result r = ni(2025, 'A', PAY_FOUR_WEEKLY, 38504, D(2025, 5, 1));
    CHECK_INT(r.employer, 1);
    r = ni(2025, 'A', PAY_FOUR_WEEKLY, 38500, D(2025, 5, 1));
    CHECK_INT(r.employer, 0);
    /* Fortnightly ST is £193 (not 2 × £96). */
    r = ni(2025, 'A', PAY_FORTNIGHTLY, 19300, D(2025, 5, 1));
    CHECK_INT(r.employer, 0);
    /* Monthly PT is £1,048, UEL £4,189. */
    r = ni(2025, 'A', PAY_MONTHLY, 500000, D(2025, 5, 1));
    CHECK_INT(r.employee, nic_round(418900 - 104800, 800) + nic_round(500000 - 418900, 200));
}

TEST(nic_under_21_and_apprentice_employer_zero_up_to_uel)
{
    struct nic_result m = ni(2025, 'M', PAY_WEEKLY, 90000, D(2025, 5, 1));
    CHECK_INT(m.employer, 0);
    CHECK_INT(m.employee, nic_round(90000 - 24200, 800));
    struct nic_result h = ni(2025, 'H', PAY_WEEKLY, 100000, D(2025, 5, 1));
    CHECK_INT(h.employer, nic_round(100000 - 96700, 1500));
    struct nic_result v = ni(2025, 'V', PAY_MONTHLY, 300000, D(2025, 5, 1));
    CHECK_INT(v.employer, 0);
}

TEST(nic_freeport_employer_zero_up_to_fust)
{
    struct nic_result f = ni(2025, 'F', PAY_WEEKLY, 50000, D(2025, 5, 1));
    CHECK_INT(f.employer, nic_round(50000 - 48100, 1500));
    CHECK_INT(f.employee, nic_round(50000 - 24200, 800));
}

TEST(nic_state_pension_age_category_c_no_employee_ni)
{
    struct nic_result c = ni(2025, 'C', PAY_WEEKLY, 50000, D(2025, 5, 1));
    CHECK_INT(c.employee, 0);
    CHECK_INT(c.employer, nic_round(50000 - 9600, 1500));
}

TEST(nic_category_x_pays_nothing)
{
    struct nic_result x = ni(2025, 'X', PAY_WEEKLY, 100000, D(2025, 5, 1));
    CHECK_INT(x.employee, 0);
    CHECK_INT(x.employer, 0);
}

TEST(nic_investment_zone_letters_start_in_2024_25)
{
    struct nic_result r;
    struct err e = {0};
    CHECK_INT(nic_period(ni_rates(2023), 'N', PAY_WEEKLY, 50000, D(2023, 5, 1), &r, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "no NI category letter 'N'");
    err_clear(&e);
    CHECK_INT(nic_period(ni_rates(2024), 'N', PAY_WEEKLY, 50000, D(2024, 5, 1), &r, &e), 0);
    CHECK_INT(r.employer, nic_round(50000 - 48100, 1380));
    CHECK_INT(nic_period(ni_rates(2024), 'K', PAY_WEEKLY, 50000, D(2024, 5, 1), &r, &e), 0);
    CHECK_INT(r.employee, 0);
}

TEST(nic_lower_case_letter_is_accepted)
{
    struct nic_result r = ni(2025, 'a', PAY_WEEKLY, 50000, D(2025, 5, 1));
    CHECK_INT(r.category, 'A');
}

TEST(nic_refuses_pay_date_outside_the_rates_year)
{
    struct nic_result r;
    struct err e = {0};
    CHECK_INT(nic_period(ni_rates(2025), 'A', PAY_WEEKLY, 50000, D(2025, 4, 5), &r, &e),
              ERR_INVALID);
    CHECK_STR(e.field, "pay_date");
    err_clear(&e);
    CHECK_INT(nic_period(ni_rates(2025), 'A', PAY_WEEKLY, -1, D(2025, 5, 1), &r, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(nic_period(ni_rates(2025), '?', PAY_WEEKLY, 100, D(2025, 5, 1), &r, &e),
              ERR_INVALID);
}

TEST(nic_2026_27_lel_is_129_a_week)
{
    struct nic_result r = ni(2026, 'A', PAY_WEEKLY, 12900, D(2026, 5, 1));
    CHECK_INT(r.earnings_at_lel, 12900);
    r = ni(2026, 'A', PAY_WEEKLY, 12899, D(2026, 5, 1));
    CHECK_INT(r.earnings_at_lel, 0);
}

TEST(nic_explanation_lists_each_band)
{
    struct nic_result r = ni(2023, 'A', PAY_WEEKLY, 96750, D(2023, 4, 12));
    bool above = false;
    for (int i = 0; i < r.explain.n; i++)
        if (strstr(r.explain.lines[i].label, "Employer: 13.8% on £0.50 above the upper"))
            above = true;
    CHECK(above);
    CHECK_INT(r.employer, 10937); /* 109.30 + 0.07: each band rounded on its own */
}
