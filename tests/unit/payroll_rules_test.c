/* Payroll rules beyond HMRC's test data, one named case per rule: the minimum wage by age and
 * date, automatic enrolment at and around each threshold, holiday entitlement and accrual,
 * Statutory Sick Pay (qualifying days, waiting days, linking, the 2026 reform), and the
 * Employment Allowance across a tax year. Figures come from the built-in rates files. */
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "../check.h"
#include "domain/payroll/holiday.h"
#include "domain/payroll/nic.h"
#include "domain/payroll/nlw.h"
#include "domain/payroll/pension.h"
#include "domain/payroll/ssp.h"
#include "io/payroll_rates.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    if (date_from_ymd(y, m, d, &out) != 0)
        check_fail(__FILE__, __LINE__, "bad date %d-%d-%d", y, m, d);
    return out;
}

static const struct payroll_rates *rates(int year)
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
    return &r[i];
}

/* ---- minimum wage ------------------------------------------------------------------------- */

static struct nmw_rates nmw_tables[16];
static size_t nmw_n;

static void load_nmw(void)
{
    struct err e = {0};
    if (nmw_n == 0 && payroll_rates_load_nmw_all(nmw_tables, 16, &nmw_n, &e) != 0)
        check_fail(__FILE__, __LINE__, "nmw: %s", e.msg);
}

/* The minimum hourly rate (pence) for someone born `born` on `on`; -1 on error. */
static int64_t minimum(day_t born, day_t on)
{
    struct nmw_worker w = {.born = born};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    if (nmw_rate_for(nmw_tables, nmw_n, &w, on, &r, &e) != 0) {
        check_fail(__FILE__, __LINE__, "nmw: %s", e.msg);
        return -1;
    }
    return r.hourly;
}

TEST(nlw_2023_national_living_wage_is_for_23_and_over)
{
    CHECK_INT(minimum(D(2000, 1, 1), D(2023, 6, 1)), 1042);
}

TEST(nlw_2023_age_22_gets_the_21_to_22_rate)
{
    CHECK_INT(minimum(D(2001, 1, 1), D(2023, 6, 1)), 1018);
}

TEST(nlw_2023_age_21_gets_the_21_to_22_rate)
{
    CHECK_INT(minimum(D(2002, 1, 1), D(2023, 6, 1)), 1018);
}

TEST(nlw_2024_national_living_wage_is_for_21_and_over)
{
    CHECK_INT(minimum(D(2003, 1, 1), D(2024, 6, 1)), 1144); /* 21 */
    CHECK_INT(minimum(D(2002, 1, 1), D(2024, 6, 1)), 1144); /* 22 */
}

TEST(nlw_rates_change_on_1_april_not_6_april)
{
    /* 3 April 2024 is still tax year 2023-24, but the 2024 minimum wage applies. */
    CHECK_INT(minimum(D(1990, 1, 1), D(2024, 3, 31)), 1042);
    CHECK_INT(minimum(D(1990, 1, 1), D(2024, 4, 1)), 1144);
    CHECK_INT(minimum(D(1990, 1, 1), D(2024, 4, 3)), 1144);
}

TEST(nlw_2025_age_20_gets_the_18_to_20_rate)
{
    CHECK_INT(minimum(D(2005, 1, 1), D(2025, 6, 1)), 1000);
}

TEST(nlw_2026_age_17_gets_the_16_to_17_rate)
{
    CHECK_INT(minimum(D(2009, 1, 1), D(2026, 6, 1)), 800);
}

TEST(nlw_2026_national_living_wage_is_12_71)
{
    CHECK_INT(minimum(D(1980, 5, 5), D(2026, 4, 1)), 1271);
}

TEST(nlw_birthday_on_the_date_counts)
{
    CHECK_INT(minimum(D(2004, 5, 1), D(2025, 4, 30)), 1000); /* still 20 */
    CHECK_INT(minimum(D(2004, 5, 1), D(2025, 5, 1)), 1221);  /* 21 today */
}

TEST(nlw_under_16_is_not_entitled)
{
    struct nmw_worker w = {.born = D(2010, 9, 1)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2025, 6, 1), &r, &e), 0);
    CHECK(!r.entitled);
    CHECK_INT(r.hourly, 0);
}

TEST(nlw_apprentice_under_19_gets_the_apprentice_rate)
{
    struct nmw_worker w = {.born = D(2007, 3, 1), .apprentice = true,
                           .apprenticeship_start = D(2023, 9, 1)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2025, 6, 1), &r, &e), 0);
    CHECK(r.apprentice_rate);
    CHECK_INT(r.hourly, 755);
}

TEST(nlw_apprentice_19_or_over_in_first_year_gets_the_apprentice_rate)
{
    struct nmw_worker w = {.born = D(2000, 3, 1), .apprentice = true,
                           .apprenticeship_start = D(2025, 1, 6)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2025, 6, 1), &r, &e), 0);
    CHECK(r.apprentice_rate);
    CHECK_INT(r.hourly, 755);
}

TEST(nlw_apprentice_19_or_over_after_first_year_gets_the_age_rate)
{
    struct nmw_worker w = {.born = D(2000, 3, 1), .apprentice = true,
                           .apprenticeship_start = D(2024, 1, 6)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2025, 6, 1), &r, &e), 0);
    CHECK(!r.apprentice_rate);
    CHECK_INT(r.hourly, 1221);
}

TEST(nlw_hourly_rate_below_the_legal_minimum_is_flagged)
{
    struct nmw_worker w = {.born = D(1990, 1, 1)};
    struct nmw_check c;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_check_hourly(nmw_tables, nmw_n, &w, D(2024, 6, 1), 1050, &c, &e), 0);
    CHECK(c.below);
    CHECK_INT(c.shortfall_per_hour, 94);
    CHECK_CONTAINS(c.message, "below the legal minimum of £11.44");
    CHECK_CONTAINS(c.message, "£0.94 an hour short");
}

TEST(nlw_hourly_rate_at_the_minimum_is_not_below)
{
    struct nmw_worker w = {.born = D(1990, 1, 1)};
    struct nmw_check c;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_check_hourly(nmw_tables, nmw_n, &w, D(2025, 6, 1), 1221, &c, &e), 0);
    CHECK(!c.below);
    CHECK_INT(c.shortfall_per_hour, 0);
    CHECK_CONTAINS(c.message, "meets the legal minimum");
}

TEST(nlw_median_pa_pay_2023_was_below_the_2024_minimum)
{
    /* £10.50 (Skills for Care, Feb 2023) is above the 2023 NLW but below April 2024's. */
    struct nmw_worker w = {.born = D(1985, 1, 1)};
    struct nmw_check c;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_check_hourly(nmw_tables, nmw_n, &w, D(2023, 6, 1), 1050, &c, &e), 0);
    CHECK(!c.below);
    CHECK_INT(nmw_check_hourly(nmw_tables, nmw_n, &w, D(2024, 6, 1), 1050, &c, &e), 0);
    CHECK(c.below);
}

TEST(nlw_no_table_before_april_2023)
{
    struct nmw_worker w = {.born = D(1990, 1, 1)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2023, 3, 1), &r, &e), ERR_UNSUPPORTED);
}

TEST(nlw_date_of_birth_after_the_date_is_refused)
{
    struct nmw_worker w = {.born = D(2030, 1, 1)};
    struct nmw_result r;
    struct err e = {0};
    load_nmw();
    CHECK_INT(nmw_rate_for(nmw_tables, nmw_n, &w, D(2025, 6, 1), &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "date_of_birth");
}

/* ---- automatic enrolment ------------------------------------------------------------------- */

static struct ae_result ae(enum pay_frequency f, int age, int spa, int64_t earnings)
{
    struct ae_result r;
    struct err e = {0};
    if (ae_assess(&rates(2025)->ae, f, age, spa, earnings, &r, &e) != 0)
        check_fail(__FILE__, __LINE__, "ae: %s", e.msg);
    return r;
}

TEST(ae_weekly_earnings_equal_to_the_trigger_are_not_eligible)
{
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 19200);
    CHECK_INT(r.category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK(!r.must_enrol);
    CHECK(r.may_opt_in);
}

TEST(ae_weekly_one_penny_above_the_trigger_is_eligible)
{
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 19201);
    CHECK_INT(r.category, AE_ELIGIBLE_JOBHOLDER);
    CHECK(r.must_enrol);
}

TEST(ae_weekly_earnings_equal_to_the_lower_level_make_an_entitled_worker)
{
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 12000);
    CHECK_INT(r.category, AE_ENTITLED_WORKER);
    CHECK(r.may_join);
    CHECK_INT(r.employer_minimum, 0);
}

TEST(ae_weekly_one_penny_above_the_lower_level_is_non_eligible)
{
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 12001);
    CHECK_INT(r.category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK_INT(r.qualifying_earnings, 1);
}

TEST(ae_monthly_trigger_is_833)
{
    CHECK_INT(ae(PAY_MONTHLY, 40, 67, 83300).category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_MONTHLY, 40, 67, 83301).category, AE_ELIGIBLE_JOBHOLDER);
}

TEST(ae_monthly_lower_level_is_520)
{
    CHECK_INT(ae(PAY_MONTHLY, 40, 67, 52000).category, AE_ENTITLED_WORKER);
    CHECK_INT(ae(PAY_MONTHLY, 40, 67, 52001).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_fortnightly_trigger_is_384)
{
    CHECK_INT(ae(PAY_FORTNIGHTLY, 40, 67, 38400).category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_FORTNIGHTLY, 40, 67, 38401).category, AE_ELIGIBLE_JOBHOLDER);
}

TEST(ae_four_weekly_trigger_is_768)
{
    CHECK_INT(ae(PAY_FOUR_WEEKLY, 40, 67, 76800).category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_FOUR_WEEKLY, 40, 67, 76801).category, AE_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_FOUR_WEEKLY, 40, 67, 48000).category, AE_ENTITLED_WORKER);
}

TEST(ae_age_21_above_the_trigger_is_non_eligible)
{
    CHECK_INT(ae(PAY_MONTHLY, 21, 67, 200000).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_age_22_above_the_trigger_is_eligible)
{
    CHECK_INT(ae(PAY_MONTHLY, 22, 67, 200000).category, AE_ELIGIBLE_JOBHOLDER);
}

TEST(ae_at_state_pension_age_above_the_trigger_is_non_eligible)
{
    CHECK_INT(ae(PAY_MONTHLY, 67, 67, 200000).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_one_year_below_state_pension_age_is_eligible)
{
    CHECK_INT(ae(PAY_MONTHLY, 66, 67, 200000).category, AE_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_MONTHLY, 65, 66, 200000).category, AE_ELIGIBLE_JOBHOLDER);
    CHECK_INT(ae(PAY_MONTHLY, 66, 66, 200000).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_age_75_is_outside_the_duties)
{
    CHECK_INT(ae(PAY_MONTHLY, 75, 67, 200000).category, AE_OUTSIDE);
    CHECK_INT(ae(PAY_MONTHLY, 74, 67, 200000).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_age_15_is_outside_the_duties)
{
    CHECK_INT(ae(PAY_MONTHLY, 15, 67, 200000).category, AE_OUTSIDE);
    CHECK_INT(ae(PAY_MONTHLY, 16, 67, 200000).category, AE_NON_ELIGIBLE_JOBHOLDER);
}

TEST(ae_qualifying_earnings_stop_at_the_upper_level)
{
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 100000);
    CHECK_INT(r.qualifying_earnings, 96700 - 12000);
    r = ae(PAY_MONTHLY, 30, 67, 500000);
    CHECK_INT(r.qualifying_earnings, 418900 - 52000);
}

TEST(ae_minimum_contributions_are_3_percent_employer_and_5_percent_worker)
{
    struct ae_result r = ae(PAY_MONTHLY, 30, 67, 200000);
    CHECK_INT(r.qualifying_earnings, 148000);
    CHECK_INT(r.employer_minimum, 4440);
    CHECK_INT(r.employee_minimum, 7400);
}

TEST(ae_minimum_contributions_round_up_to_the_penny)
{
    /* Qualifying earnings £80.01: 3% = £2.4003 → £2.41; 5% = £4.0005 → £4.01. */
    struct ae_result r = ae(PAY_WEEKLY, 30, 67, 20001);
    CHECK_INT(r.qualifying_earnings, 8001);
    CHECK_INT(r.employer_minimum, 241);
    CHECK_INT(r.employee_minimum, 401);
}

TEST(ae_non_eligible_jobholder_gets_contribution_figures_for_opting_in)
{
    struct ae_result r = ae(PAY_WEEKLY, 19, 67, 30000);
    CHECK_INT(r.category, AE_NON_ELIGIBLE_JOBHOLDER);
    CHECK_INT(r.qualifying_earnings, 18000);
    CHECK_INT(r.employer_minimum, 540);
}

TEST(ae_refuses_an_impossible_state_pension_age)
{
    struct ae_result r;
    struct err e = {0};
    CHECK_INT(ae_assess(&rates(2025)->ae, PAY_WEEKLY, 30, 40, 10000, &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "state_pension_age");
}

TEST(ae_2026_27_thresholds_are_unchanged)
{
    CHECK_INT(rates(2026)->ae.trigger[PAY_MONTHLY], 83300);
    CHECK_INT(rates(2026)->ae.lower[NIC_ANNUAL], 624000);
    CHECK_INT(rates(2026)->ae.upper[PAY_WEEKLY], 96700);
}

/* ---- holiday ------------------------------------------------------------------------------- */

static struct holiday_entitlement holiday(int32_t dpw, int64_t hours_min, int employed, int year)
{
    struct holiday_entitlement h;
    struct err e = {0};
    if (holiday_entitlement(&rates(2025)->holiday, dpw, hours_min, employed, year, &h, &e) != 0)
        check_fail(__FILE__, __LINE__, "holiday: %s", e.msg);
    return h;
}

TEST(holiday_five_days_a_week_is_28_days)
{
    struct holiday_entitlement h = holiday(500, 0, 365, 365);
    CHECK_INT(h.days_hundredths, 2800);
    CHECK(!h.capped);
}

TEST(holiday_six_days_a_week_is_capped_at_28_days)
{
    struct holiday_entitlement h = holiday(600, 0, 365, 365);
    CHECK_INT(h.days_hundredths, 2800);
    CHECK(h.capped);
}

TEST(holiday_three_days_a_week_is_16_8_days)
{
    CHECK_INT(holiday(300, 0, 365, 365).days_hundredths, 1680);
}

TEST(holiday_two_and_a_half_days_a_week_is_14_days)
{
    CHECK_INT(holiday(250, 0, 366, 366).days_hundredths, 1400);
}

TEST(holiday_part_year_is_pro_rata_rounded_up)
{
    /* 28 × 182 / 365 = 13.9616 days → 13.97. */
    CHECK_INT(holiday(500, 0, 182, 365).days_hundredths, 1397);
}

TEST(holiday_40_hours_over_5_days_is_224_hours)
{
    CHECK_INT(holiday(500, 40 * 60, 365, 365).hours_minutes, 224 * 60);
}

TEST(holiday_48_hours_over_6_days_is_capped_at_224_hours)
{
    /* 5.6 × 48 = 268.8 hours, but 28 days of 8 hours is 224. */
    CHECK_INT(holiday(600, 48 * 60, 365, 365).hours_minutes, 224 * 60);
}

TEST(holiday_20_hours_over_3_days_is_112_hours)
{
    CHECK_INT(holiday(300, 20 * 60, 365, 365).hours_minutes, 112 * 60);
}

TEST(holiday_irregular_hours_accrue_12_07_percent_of_hours_worked)
{
    struct holiday_accrual a;
    struct err e = {0};
    /* 10 hours = 600 minutes: 72.42 minutes → 73 (never rounded down). */
    CHECK_INT(holiday_irregular_accrual(&rates(2025)->holiday, D(2025, 4, 1), 600, &a, &e), 0);
    CHECK_INT(a.minutes, 73);
    /* 100 hours: 724.2 minutes → 725. */
    CHECK_INT(holiday_irregular_accrual(&rates(2025)->holiday, D(2025, 4, 1), 6000, &a, &e), 0);
    CHECK_INT(a.minutes, 725);
}

TEST(holiday_irregular_accrual_applies_from_leave_years_starting_1_april_2024)
{
    struct holiday_accrual a;
    struct err e = {0};
    CHECK_INT(holiday_irregular_accrual(&rates(2024)->holiday, D(2024, 4, 1), 600, &a, &e), 0);
    CHECK_INT(holiday_irregular_accrual(&rates(2024)->holiday, D(2024, 1, 1), 600, &a, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "1 April 2024");
}

TEST(holiday_rolled_up_pay_is_12_07_percent_of_pay)
{
    int64_t p;
    struct err e = {0};
    CHECK_INT(holiday_rolled_up_pay(&rates(2025)->holiday, D(2025, 4, 1), 10000, &p, &e), 0);
    CHECK_INT(p, 1207);
}

TEST(holiday_rolled_up_pay_rounds_up_to_the_penny)
{
    int64_t p;
    struct err e = {0};
    CHECK_INT(holiday_rolled_up_pay(&rates(2025)->holiday, D(2025, 4, 1), 100, &p, &e), 0);
    CHECK_INT(p, 13); /* 12.07p → 13p */
    CHECK_INT(holiday_rolled_up_pay(&rates(2025)->holiday, D(2023, 4, 1), 100, &p, &e),
              ERR_INVALID);
}

TEST(holiday_refuses_impossible_working_weeks)
{
    struct holiday_entitlement h;
    struct err e = {0};
    CHECK_INT(holiday_entitlement(&rates(2025)->holiday, 0, 0, 365, 365, &h, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(holiday_entitlement(&rates(2025)->holiday, 800, 0, 365, 365, &h, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(holiday_entitlement(&rates(2025)->holiday, 500, 0, 400, 365, &h, &e), ERR_INVALID);
}

/* ---- Statutory Sick Pay -------------------------------------------------------------------- */

static struct ssp_rates ssp_sets[4];

static void load_ssp(void)
{
    for (int y = 2023; y <= 2026; y++)
        ssp_sets[y - 2023] = rates(y)->ssp;
}

static struct ssp_result ssp(unsigned qds, int64_t awe, const struct ssp_spell *spells, size_t n,
                             day_t from, day_t to)
{
    struct ssp_input in = {.qualifying_days = qds, .average_weekly_earnings = awe,
                           .spells = spells, .nspells = n, .from = from, .to = to};
    struct ssp_result r;
    struct err e = {0};
    load_ssp();
    if (ssp_period(ssp_sets, 4, &in, &r, &e) != 0)
        check_fail(__FILE__, __LINE__, "ssp: %s", e.msg);
    return r;
}

TEST(ssp_three_days_sick_is_not_a_period_of_incapacity)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 4)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.sick_days, 3);
    CHECK_INT(r.piw_days, 0);
    CHECK_INT(r.amount, 0);
}

TEST(ssp_first_three_qualifying_days_are_waiting_days_before_2026)
{
    /* Monday to Thursday: Mon-Wed waiting, Thursday paid at £118.75 ÷ 5. */
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 5)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.qualifying_days, 4);
    CHECK_INT(r.waiting_days, 3);
    CHECK_INT(r.paid_days, 1);
    CHECK_INT(r.amount, 2375);
}

TEST(ssp_non_working_days_count_towards_the_four_days)
{
    /* Friday to Monday is a PIW; only Friday and Monday are qualifying days (both waiting). */
    struct ssp_spell s[] = {{D(2025, 6, 6), D(2025, 6, 9)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.piw_days, 4);
    CHECK_INT(r.qualifying_days, 2);
    CHECK_INT(r.waiting_days, 2);
    CHECK_INT(r.amount, 0);
}

TEST(ssp_spells_that_touch_make_one_period_of_incapacity)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 3)}, {D(2025, 6, 4), D(2025, 6, 5)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 2, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.piw_days, 4);
    CHECK_INT(r.paid_days, 1);
}

TEST(ssp_linked_periods_do_not_serve_waiting_days_again)
{
    /* PIW 2-5 June, then 7-10 July (31 days apart): linked, so all of July's QDs are paid. */
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 5)}, {D(2025, 7, 7), D(2025, 7, 10)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 2, D(2025, 7, 1), D(2025, 7, 31));
    CHECK_INT(r.waiting_days, 0);
    CHECK_INT(r.paid_days, 4);
    CHECK_INT(r.amount, 9500);
}

TEST(ssp_periods_56_days_apart_link)
{
    /* Last sick day 5 June; next PIW from Friday 1 August: 56 days between. */
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 5)}, {D(2025, 8, 1), D(2025, 8, 4)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 2, D(2025, 8, 1), D(2025, 8, 31));
    CHECK_INT(r.waiting_days, 0);
    CHECK_INT(r.paid_days, 2);
    CHECK_INT(r.amount, 2375 + 2375); /* Friday and Monday fall in different SSP weeks */
}

TEST(ssp_periods_57_days_apart_do_not_link)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 5)}, {D(2025, 8, 2), D(2025, 8, 5)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 2, D(2025, 8, 1), D(2025, 8, 31));
    CHECK_INT(r.waiting_days, 2);
    CHECK_INT(r.paid_days, 0);
}

TEST(ssp_earnings_below_the_lower_earnings_limit_get_no_ssp_before_2026)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 13)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 12499, s, 1, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.amount, 0);
    CHECK_INT(r.not_eligible_days, 10);
}

TEST(ssp_earnings_at_the_lower_earnings_limit_qualify)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 13)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 12500, s, 1, D(2025, 6, 1), D(2025, 6, 30));
    CHECK_INT(r.waiting_days, 3);
    CHECK_INT(r.paid_days, 7);
    /* Week of 1 June: Thu, Fri = 2 × 23.75; week of 8 June: 5 days = 118.75. */
    CHECK_INT(r.amount, 4750 + 11875);
}

TEST(ssp_2024_25_weekly_rate_is_116_75)
{
    struct ssp_spell s[] = {{D(2024, 6, 3), D(2024, 6, 14)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2024, 6, 9), D(2024, 6, 15));
    CHECK_INT(r.amount, 11675);
}

TEST(ssp_from_6_april_2026_there_are_no_waiting_days)
{
    struct ssp_spell s[] = {{D(2026, 6, 1), D(2026, 6, 4)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2026, 6, 1), D(2026, 6, 30));
    CHECK_INT(r.waiting_days, 0);
    CHECK_INT(r.paid_days, 4);
    CHECK_INT(r.amount, 9860); /* 4 × £123.25 ÷ 5 */
}

TEST(ssp_from_6_april_2026_low_earners_get_80_percent_of_earnings)
{
    struct ssp_spell s[] = {{D(2026, 6, 1), D(2026, 6, 5)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 10000, s, 1, D(2026, 6, 1), D(2026, 6, 30));
    CHECK_INT(r.amount, 8000); /* no lower earnings limit; 80% of £100 */
}

TEST(ssp_from_6_april_2026_the_flat_rate_caps_80_percent_of_earnings)
{
    struct ssp_spell s[] = {{D(2026, 6, 1), D(2026, 6, 5)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2026, 6, 1), D(2026, 6, 30));
    CHECK_INT(r.amount, 12325);
}

TEST(ssp_period_running_over_6_april_2026_is_paid_from_then)
{
    /* Sick from Wednesday 1 April 2026: Wed, Thu, Fri are waiting days under the old rules;
     * from Monday 6 April every qualifying day is paid at the 2026-27 rate. */
    struct ssp_spell s[] = {{D(2026, 4, 1), D(2026, 4, 10)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2026, 4, 1), D(2026, 4, 30));
    CHECK_INT(r.waiting_days, 3);
    CHECK_INT(r.paid_days, 5);
    CHECK_INT(r.amount, 12325);
}

TEST(ssp_week_pay_is_rounded_up_to_the_penny)
{
    /* Three QDs a week: £118.75 × 2 ÷ 3 = £79.1667 → £79.17. Sick Sat-Fri: Mon, Wed waiting
     * days plus Fri waiting; the next week Mon and Wed are paid. */
    struct ssp_spell s[] = {{D(2025, 6, 7), D(2025, 6, 18)}};
    struct ssp_result r = ssp(SSP_MON | SSP_WED | SSP_FRI, 50000, s, 1, D(2025, 6, 1),
                              D(2025, 6, 30));
    CHECK_INT(r.waiting_days, 3);
    CHECK_INT(r.paid_days, 2);
    CHECK_INT(r.amount, 7917);
}

TEST(ssp_only_days_in_the_pay_period_are_paid)
{
    /* Sick 23 June to 4 July; pay period July: Tue 1 to Fri 4 July paid (waiting days were in
     * June). */
    struct ssp_spell s[] = {{D(2025, 6, 23), D(2025, 7, 4)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 7, 1), D(2025, 7, 31));
    CHECK_INT(r.sick_days, 4);
    CHECK_INT(r.waiting_days, 0);
    CHECK_INT(r.paid_days, 4);
    CHECK_INT(r.amount, 9500);
}

TEST(ssp_stops_after_28_weeks_in_a_linked_period)
{
    /* Sick from Monday 7 April 2025 for 30 weeks, Mon-Fri: 3 waiting days, then 140 paid days
     * (28 weeks) from Thursday 10 April run out on Wednesday 22 October; later days pay nothing. */
    struct ssp_spell s[] = {{D(2025, 4, 7), D(2025, 11, 2)}};
    struct ssp_result r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 10, 27), D(2025, 11, 2));
    CHECK_INT(r.paid_days, 0);
    CHECK_INT(r.not_eligible_days, 5);
    r = ssp(SSP_MON_FRI, 50000, s, 1, D(2025, 10, 20), D(2025, 10, 26));
    CHECK_INT(r.paid_days, 3); /* Mon-Wed: the last of the 140 days */
}

TEST(ssp_refuses_overlapping_spells)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 6)}, {D(2025, 6, 5), D(2025, 6, 9)}};
    struct ssp_input in = {.qualifying_days = SSP_MON_FRI, .average_weekly_earnings = 50000,
                           .spells = s, .nspells = 2, .from = D(2025, 6, 1), .to = D(2025, 6, 30)};
    struct ssp_result r;
    struct err e = {0};
    load_ssp();
    CHECK_INT(ssp_period(ssp_sets, 4, &in, &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "spells");
}

TEST(ssp_refuses_no_qualifying_days)
{
    struct ssp_spell s[] = {{D(2025, 6, 2), D(2025, 6, 6)}};
    struct ssp_input in = {.qualifying_days = 0, .average_weekly_earnings = 50000, .spells = s,
                           .nspells = 1, .from = D(2025, 6, 1), .to = D(2025, 6, 30)};
    struct ssp_result r;
    struct err e = {0};
    load_ssp();
    CHECK_INT(ssp_period(ssp_sets, 4, &in, &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "qualifying_days");
}

/* ---- Employment Allowance ------------------------------------------------------------------ */

TEST(ea_offsets_employer_ni_until_the_years_amount_is_used)
{
    /* 2025-26: £10,500 against £3,000 of employer NI a month. */
    int64_t allowance = rates(2025)->employment_allowance, used = 0;
    int64_t payable[5];
    CHECK_INT(allowance, 1050000);
    for (int m = 0; m < 5; m++) {
        struct nic_allowance_result r;
        struct err e = {0};
        CHECK_INT(nic_employment_allowance(allowance, used, 300000, &r, &e), 0);
        used = r.used_to_date;
        payable[m] = r.employer_payable;
    }
    CHECK_INT(payable[0], 0);
    CHECK_INT(payable[1], 0);
    CHECK_INT(payable[2], 0);
    CHECK_INT(payable[3], 150000); /* £1,500 of the allowance was left */
    CHECK_INT(payable[4], 300000);
    CHECK_INT(used, 1050000);
}

TEST(ea_2023_24_and_2024_25_allowance_is_5000)
{
    CHECK_INT(rates(2023)->employment_allowance, 500000);
    CHECK_INT(rates(2024)->employment_allowance, 500000);
    CHECK_INT(rates(2026)->employment_allowance, 1050000);
}

TEST(ea_most_pa_employers_pay_no_net_employer_ni)
{
    /* A PA on £1,500 a month in 2025-26: employer NI (1500 − 417) × 15% = £162.45 a month,
     * £1,949.40 a year: all of it within the allowance. */
    int64_t used = 0, paid = 0;
    for (int m = 0; m < 12; m++) {
        struct nic_allowance_result r;
        struct err e = {0};
        CHECK_INT(nic_employment_allowance(rates(2025)->employment_allowance, used, 16245, &r, &e),
                  0);
        used = r.used_to_date;
        paid += r.employer_payable;
    }
    CHECK_INT(paid, 0);
    CHECK_INT(used, 12 * 16245);
}

TEST(ea_refuses_more_used_than_allowed)
{
    struct nic_allowance_result r;
    struct err e = {0};
    CHECK_INT(nic_employment_allowance(500000, 500001, 100, &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "used_before");
}

/* The explanation's own money text must be byte for byte money_format's (MONEY_FMT_POUND): every
 * stored explanation and payslip depends on it. Edges, every comma boundary, and a spread of
 * values from a fixed linear congruential sequence; also cut short like snprintf. */
#include "base/money.h"
TEST(payroll_money_text_is_money_format)
{
    static const int64_t fixed[] = {0,         1,          -1,          9,          10,
                                    99,        100,        -100,        999,        1000,
                                    99999,     100000,     -100000,     123456789,  -123456789,
                                    99999999,  100000000,  1000000000,  INT64_MAX,  INT64_MIN,
                                    INT64_MIN + 1};
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
    uint64_t x = 88172645463325252u;
    int mismatches = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        money_format(fixed[i], MONEY_FMT_POUND, a, sizeof a);
        payroll_money_text(fixed[i], b, sizeof b);
        CHECK_STR(b, a);
    }
    for (int i = 0; i < 20000; i++) {
        int64_t v;
        x = x * 6364136223846793005u + 1442695040888963407u;
        v = (int64_t)(x >> (i % 60)); /* every magnitude */
        if (i & 1)
            v = -v;
        money_format(v, MONEY_FMT_POUND, a, sizeof a);
        payroll_money_text(v, b, sizeof b);
        mismatches += strcmp(a, b) != 0;
    }
    CHECK_INT(mismatches, 0);
    for (size_t n = 0; n < 14; n++) {
        char c[16] = "unchanged", d[16] = "unchanged";
        money_format(-123456789, MONEY_FMT_POUND, c, n);
        payroll_money_text(-123456789, d, n);
        CHECK_STR(d, c);
    }
}

/* Labels are formatted without stdio for the conversions they use; the bytes must be snprintf's,
 * including a label cut at its size. */
#include <stdarg.h>
#include <stdio.h>
__attribute__((format(printf, 3, 4))) static void ref_format(char *out, size_t cap,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, cap, fmt, ap);
    va_end(ap);
}

TEST(payroll_label_format_is_snprintf)
{
    char a[128], b[128], small_a[8], small_b[8];
    static const int ints[] = {0, 7, -7, 10, 99, -100, 2147483647, -2147483647 - 1};
    static const char *const strs[] = {"", "x", "£1,234.56", "a label that is rather long, long enough"};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        for (size_t j = 0; j < sizeof strs / sizeof strs[0]; j++) {
            ref_format(a, sizeof a, "Age %d on %s: %02d%% (%c) %lld", ints[i], strs[j], ints[i],
                       'M', (long long)ints[i] * 1000000);
            payroll_label_format(b, sizeof b, "Age %d on %s: %02d%% (%c) %lld", ints[i], strs[j],
                                 ints[i], 'M', (long long)ints[i] * 1000000);
            CHECK_STR(b, a);
            ref_format(small_a, sizeof small_a, "%s and %d", strs[j], ints[i]);
            payroll_label_format(small_b, sizeof small_b, "%s and %d", strs[j], ints[i]);
            CHECK_STR(small_b, small_a);
        }
        ref_format(a, sizeof a, "%02lld.%04lld", (long long)ints[i] * 3, (long long)ints[i]);
        payroll_label_format(b, sizeof b, "%02lld.%04lld", (long long)ints[i] * 3,
                             (long long)ints[i]);
        CHECK_STR(b, a);
        ref_format(a, sizeof a, "[%01d][%03d][%05d][%09d]", ints[i], ints[i], ints[i], ints[i]);
        payroll_label_format(b, sizeof b, "[%01d][%03d][%05d][%09d]", ints[i], ints[i], ints[i],
                             ints[i]);
        CHECK_STR(b, a);
    }
    /* A conversion the fast path does not take still comes out right. */
    payroll_label_format(b, sizeof b, "%5.1s|%x", "abc", 255u);
    CHECK_STR(b, "    a|ff");
    memset(a, 'y', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    payroll_label_format(b, sizeof b, "%s%s", a, "tail");
    CHECK_INT((long long)strlen(b), 127);
}

/* ---- SSP average weekly earnings from pay paid (SSP (General) Regulations 1982 reg. 19; HMRC's
 * employer guide): the relevant period runs from the day after the last normal payday at least 8
 * weeks before the last normal payday before the PIW, to that payday. Figures worked by hand. */
static day_t ymd(int y, int m, int d)
{
    day_t out = 0;
    if (date_from_ymd(y, m, d, &out) != 0)
        check_fail(__FILE__, __LINE__, "bad date");
    return out;
}

TEST(ssp_awe_weekly_is_eight_weeks_pay_over_eight)
{
    /* Paid every Friday; the PIW starts Monday 2 June 2025. The last payday before it is Friday
     * 30 May; 56 days before that is Friday 4 April, itself a payday, so the period is 5 April -
     * 30 May (56 days) with 8 paydays: 7 × £200 + £280 = £1,680, ÷ 8 = £210.00. The payday of
     * 4 April (£999) is outside it. */
    struct ssp_payment p[12];
    struct ssp_awe w;
    size_t n = 0;
    for (day_t d = ymd(2025, 3, 14); d <= ymd(2025, 5, 30); d += 7) {
        p[n].pay_date = d;
        p[n].earnings = d == ymd(2025, 4, 4) ? 99900 : d == ymd(2025, 5, 16) ? 28000 : 20000;
        n++;
    }
    CHECK_INT(ssp_awe_from_pay(PAY_WEEKLY, p, n, ymd(2025, 6, 2), &w, NULL), 0);
    CHECK(w.known);
    CHECK_INT(w.last_payday, ymd(2025, 5, 30));
    CHECK_INT(w.earlier_payday, ymd(2025, 4, 4));
    CHECK_INT(w.days, 56);
    CHECK_INT(w.total, 168000);
    CHECK_INT(w.awe, 21000);
    /* A PIW starting on a payday: that payday is not "before" it, so the period ends a week
     * earlier: 29 March - 23 May, after the payday of 28 March, and the 4 April £999 is now
     * inside it. */
    CHECK_INT(ssp_awe_from_pay(PAY_WEEKLY, p, n, ymd(2025, 5, 30), &w, NULL), 0);
    CHECK_INT(w.last_payday, ymd(2025, 5, 23));
    CHECK_INT(w.earlier_payday, ymd(2025, 3, 28));
    CHECK_INT(w.total, 6 * 20000 + 99900 + 28000); /* 4, 11, 18, 25 Apr, 2, 9, 16, 23 May */
    CHECK_INT(w.awe, 30988); /* £2,479.00 ÷ 8 = £309.875: to the nearest penny, £309.88 */
}

TEST(ssp_awe_monthly_is_times_twelve_over_months_over_52)
{
    /* Paid on the last day of the month; the PIW starts 10 June 2025. Last payday before it: 31
     * May; 56 days earlier is 5 April, and the last payday on or before that is 31 March. The
     * period 1 April - 31 May has 2 monthly paydays: £1,000 + £1,100 = £2,100; × 12 ÷ 2 ÷ 52 =
     * £242.3077, so £242.31. */
    struct ssp_payment p[] = {{ymd(2025, 1, 31), 150000}, {ymd(2025, 2, 28), 150000},
                              {ymd(2025, 3, 31), 150000}, {ymd(2025, 4, 30), 100000},
                              {ymd(2025, 5, 31), 110000}};
    struct ssp_awe w;
    CHECK_INT(ssp_awe_from_pay(PAY_MONTHLY, p, 5, ymd(2025, 6, 10), &w, NULL), 0);
    CHECK(w.known);
    CHECK_INT(w.earlier_payday, ymd(2025, 3, 31));
    CHECK_INT(w.months, 2);
    CHECK_INT(w.total, 210000);
    CHECK_INT(w.awe, 24231);
    CHECK_CONTAINS(w.explain.lines[1].label, "2 months");
}

TEST(ssp_awe_fortnightly_and_two_payslips_on_one_day)
{
    /* Paid every other Friday from 7 March 2025; PIW from 20 May. Last payday before it: 16 May;
     * 56 days before is 21 March, a payday, so the period is 22 March - 16 May (56 days), paydays
     * 4 and 18 April, 2 and 16 May. Two payslips on 2 May (£50 back pay and £400) both count:
     * £400 + £400 + £450 + £400 = £1,650, × 7 ÷ 56 = £206.25. */
    struct ssp_payment p[] = {{ymd(2025, 3, 7), 40000},  {ymd(2025, 3, 21), 40000},
                              {ymd(2025, 4, 4), 40000},  {ymd(2025, 4, 18), 40000},
                              {ymd(2025, 5, 2), 5000},   {ymd(2025, 5, 2), 40000},
                              {ymd(2025, 5, 16), 40000}};
    struct ssp_awe w;
    CHECK_INT(ssp_awe_from_pay(PAY_FORTNIGHTLY, p, 7, ymd(2025, 5, 20), &w, NULL), 0);
    CHECK(w.known);
    CHECK_INT(w.days, 56);
    CHECK_INT(w.total, 165000);
    CHECK_INT(w.awe, 20625);
}

TEST(ssp_awe_unknown_without_eight_weeks_of_paydays)
{
    struct ssp_payment p[] = {{ymd(2025, 4, 30), 100000}, {ymd(2025, 5, 31), 110000}};
    struct ssp_payment bad[] = {{ymd(2025, 5, 31), 1}, {ymd(2025, 4, 30), 1}};
    struct ssp_awe w;
    /* Only one payday 8 weeks back is needed, and there is none. */
    CHECK_INT(ssp_awe_from_pay(PAY_MONTHLY, p, 2, ymd(2025, 6, 10), &w, NULL), 0);
    CHECK(!w.known);
    CHECK_CONTAINS(w.explain.lines[0].label, "less than 8 weeks");
    /* No payday before the PIW at all. */
    CHECK_INT(ssp_awe_from_pay(PAY_MONTHLY, p, 2, ymd(2025, 4, 30), &w, NULL), 0);
    CHECK(!w.known);
    CHECK_INT(ssp_awe_from_pay(PAY_MONTHLY, bad, 2, ymd(2025, 6, 10), &w, NULL), ERR_INVALID);
}

TEST(ssp_linked_piw_first_follows_the_56_day_link)
{
    /* 1-5 Jan is a PIW; 20-22 Feb (3 days) is not, and neither links nor breaks; 1-10 March
     * starts 54 days after 5 January (6 Jan - 28 Feb), so it links: the series began 1 January.
     * From 4 March instead the gap is 57 days: a new series. */
    struct ssp_spell linked[] = {{ymd(2025, 1, 1), ymd(2025, 1, 5)},
                                 {ymd(2025, 2, 20), ymd(2025, 2, 22)},
                                 {ymd(2025, 3, 1), ymd(2025, 3, 10)}};
    struct ssp_spell apart[] = {{ymd(2025, 1, 1), ymd(2025, 1, 5)},
                                {ymd(2025, 3, 4), ymd(2025, 3, 10)}};
    CHECK_INT(ssp_linked_piw_first(linked, 3, ymd(2025, 3, 5)), ymd(2025, 1, 1));
    CHECK_INT(ssp_linked_piw_first(apart, 2, ymd(2025, 3, 5)), ymd(2025, 3, 4));
    CHECK_INT(ssp_linked_piw_first(apart, 2, ymd(2025, 2, 1)), ymd(2025, 1, 1));
    CHECK_INT(ssp_linked_piw_first(apart, 2, ymd(2024, 12, 1)), 0);
}
