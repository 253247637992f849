/* The PA cost fed by payroll's own rate tables (data/rates/payroll-YYYY-YY.json), so a plan's PA
 * costs use the same figures the PA's payslips will. */
#include "base/arena.h"
#include "base/err.h"
#include "domain/pa_cost.h"
#include "domain/payroll/rates.h"
#include "domain/plan.h"
#include "io/payroll_rates.h"
#include "../check.h"

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

/* 2025-26 from the built-in file: the figures the hand-computed tests in pa_cost_test.c use. */
TEST(pa_cost_rates_from_payroll_2025)
{
    static struct payroll_rates pr;
    struct pa_cost_rates r;
    struct err e = {0};
    CHECK_INT(payroll_rates_load(2025, &pr, &e), 0);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_WEEKLY, ymd(2025, 6, 2), false, 6000, 66, &r, &e), 0);
    CHECK_INT(r.ni_secondary_threshold, 9600);
    CHECK_INT(r.employer_ni_bp, 1500);
    CHECK_INT(r.holiday_bp, 1207);
    CHECK_INT(r.employment_allowance, 1050000);
    CHECK_INT(r.pension_employer_bp, 300);
    CHECK_INT(r.ae_lower, 12000);
    CHECK_INT(r.ae_trigger, 19200);
    CHECK_INT(r.ae_upper, 96700);
    CHECK_INT(r.ae_min_age, 22);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_MONTHLY, ymd(2025, 6, 2), true, 0, 66, &r, &e), 0);
    CHECK_INT(r.ni_secondary_threshold, 41700);
    CHECK_INT(r.ae_lower, 52000);
    CHECK_INT(r.ae_trigger, 83300);
    CHECK_INT(r.ae_upper, 418900);
    CHECK(r.employment_allowance_claimed);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_FREQUENCY_COUNT, ymd(2025, 6, 2), true, 0, 66, &r, &e), ERR_INVALID);
}

/* The 20-hour PA of pa_cost_test.c, costed from the loaded rates: the same 1,591,688. */
TEST(pa_cost_from_payroll_matches_hand_figures)
{
    static struct payroll_rates pr;
    struct pa_cost_rates r;
    struct pa_cost_input in = {.hourly_rate = 1221, .minutes_per_year = 20 * 60 * 52, .age = 30,
                               .include_liability_insurance = true};
    struct pa_cost_result out;
    struct arena a;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(payroll_rates_load(2025, &pr, &e), 0);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_WEEKLY, ymd(2025, 6, 2), false, 6000, 66, &r, &e), 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.total, 1591688);
    /* 2024-25: employer NI 13.8% above £175 a week. (27367 - 17500) x 13.8% = 1361.646 -> 1362. */
    CHECK_INT(payroll_rates_load(2024, &pr, &e), 0);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_WEEKLY, ymd(2024, 6, 3), false, 6000, 66, &r, &e), 0);
    CHECK_INT(r.employer_ni_bp, 1380);
    CHECK_INT(r.ni_secondary_threshold, 17500);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.ni_period, 1362);
    arena_release(&a);
}

/* A plan checked against payroll's minimum wage tables for every year: the band that applies
 * depends on the PA's age on the date, and the rates change on 1 April. */
TEST(plan_min_wage_from_payroll_tables)
{
    static struct payroll_rates pr;
    static struct nmw_rates nmw[16];
    size_t nnmw = 0;
    struct pa_cost_rates r;
    static const struct plan_outcome outs[] = {{"o1", "Get out"}};
    static const char *const o1[] = {"o1"};
    struct plan_line line = {.id = "l1", .kind = PLAN_LINE_PA_HOURS, .description = "PA",
                             .frequency = PLAN_FREQ_WEEKLY, .quantity = 600, .unit_cost = 1221,
                             .outcomes = o1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                             .pa_name = "Jo", .pa_born_known = true, .pa_born = ymd(1990, 1, 1)};
    struct plan p = {.id = "p", .person_ref = "P", .version = 1, .start_date = ymd(2025, 1, 1),
                     .outcomes = outs, .noutcomes = 1, .lines = &line, .nlines = 1};
    struct plan_costing_input in;
    struct plan_costing c;
    struct arena a;
    struct err e = {0};
    bool below;
    arena_init(&a, 0);
    CHECK_INT(payroll_rates_load(2025, &pr, &e), 0);
    CHECK_INT(payroll_rates_load_nmw_all(nmw, 16, &nnmw, &e), 0);
    CHECK(nnmw >= 2);
    CHECK_INT(pa_cost_rates_from_payroll(&pr, PAY_WEEKLY, ymd(2025, 6, 2), true, 0, 66, &r, &e), 0);
    in = (struct plan_costing_input){.on = ymd(2025, 6, 2), .budget_annual = 5000000, .pa_rates = &r,
                                     .nmw = nmw, .nnmw = nnmw};
    /* £12.21 is the 2025 NLW: lawful on 2 June 2025... */
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].min_wage, 1221);
    below = false;
    for (size_t i = 0; i < c.nwarnings; i++)
        below |= c.warnings[i].kind == PLAN_WARN_BELOW_MIN_WAGE;
    CHECK(!below);
    /* ...and below the £12.71 NLW from 1 April 2026. */
    in.on = ymd(2026, 4, 1);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].min_wage, 1271);
    below = false;
    for (size_t i = 0; i < c.nwarnings; i++)
        below |= c.warnings[i].kind == PLAN_WARN_BELOW_MIN_WAGE;
    CHECK(below);
    /* A 15-year-old has no minimum: no warning, and the minimum shown is 0. */
    line.pa_born = ymd(2010, 1, 1);
    line.unit_cost = 500;
    in.on = ymd(2025, 6, 2);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].min_wage, 0);
    for (size_t i = 0; i < c.nwarnings; i++)
        CHECK(c.warnings[i].kind != PLAN_WARN_BELOW_MIN_WAGE);
    arena_release(&a);
}
