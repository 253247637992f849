/* pa_payrun_test.c — one PA's payslip figures and an employer's totals (src/domain/payrun.h),
 * with every expected figure worked out by hand from the 2025-26 rates:
 *   1257L month 1: free pay £1,048.26; basic rate 20%.
 *   NI monthly: PT £1,048, ST £417; employee 8%, employer 15%.
 *   Automatic enrolment monthly: lower £520, trigger £833, upper £4,189.
 *   Minimum wage from 1 April 2025: £12.21 (21 and over), £10.00 (18-20), £7.55 (under 18).
 *   SSP 2025-26: £118.75 a week, 3 waiting days, LEL £125 a week. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "domain/payrun.h"
#include "io/payroll_rates.h"

static day_t D(const char *iso)
{
    day_t d = 0;
    if (date_parse_iso(iso, strlen(iso), &d, "date", NULL) != 0)
        check_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

static const struct payrun_tables *tables(void)
{
    static struct payrun_tables *t;
    if (!t) {
        struct err e = {0};
        t = calloc(1, sizeof *t);
        if (!t || payroll_rates_load_tables(t, &e) != 0)
            check_fail(__FILE__, __LINE__, "rates: %s", e.msg);
    }
    return t;
}

static struct payrun_contract contract(const char *born, int64_t hourly, enum pay_frequency f)
{
    struct payrun_contract k;
    memset(&k, 0, sizeof k);
    k.contract_id = 1;
    k.pa_id = 1;
    k.born = D(born);
    k.starts_on = D("2024-09-01");
    k.hourly_rate = hourly;
    k.hours_week_minutes = 30 * 60;
    k.frequency = f;
    k.qualifying_days = SSP_MON_FRI;
    k.has_pension_scheme = true;
    k.pension = PENSION_ASSESS;
    k.pension_employer_bp = 300;
    k.pension_employee_bp = 500;
    k.relief = RELIEF_AT_SOURCE;
    memcpy(k.tax_code, "1257L", 6);
    k.ni_category = 'A';
    return k;
}

/* Month 1 of 2025-26, paid on 5 May 2025. */
static struct payrun_period month1(void)
{
    struct payrun_period p;
    struct err e = {0};
    if (payrun_period_make(PAY_MONTHLY, 2025, 1, true, D("2025-05-05"), &p, &e) != 0)
        check_fail(__FILE__, __LINE__, "period: %s", e.msg);
    return p;
}

static int run(const struct payrun_contract *k, const struct payrun_period *p, int64_t minutes,
               int64_t holiday, struct payslip_calc *out, struct err *e)
{
    struct payrun_pa_input in;
    memset(&in, 0, sizeof in);
    in.tables = tables();
    in.contract = k;
    in.period = p;
    in.worked_minutes = minutes;
    in.holiday_minutes = holiday;
    in.ntimesheets = 1;
    return payrun_pa(&in, out, e);
}

static bool explained(const struct payroll_explain *x, const char *needle)
{
    for (int i = 0; i < x->n; i++)
        if (strstr(x->lines[i].label, needle))
            return true;
    return false;
}

TEST(payrun_monthly_tax_ni_pension_and_net_by_hand)
{
    struct payrun_contract k = contract("1995-03-01", 2000, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct err e = {0};
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, &e), 0); /* 100 hours at £20.00 = £2,000.00 */
    CHECK_INT(s->basic_pay, 200000);
    CHECK_INT(s->gross, 200000);
    CHECK_INT(s->tax, 19020);          /* (2000 − 1048.26 → £951) × 20% */
    CHECK_INT(s->employee_ni, 7616);   /* (2000 − 1048) × 8% */
    CHECK_INT(s->employer_ni, 23745);  /* (2000 − 417) × 15% */
    CHECK_STR(s->pension_category, "eligible jobholder");
    CHECK_INT(s->employer_pension, 4440);          /* 3% of (2000 − 520) */
    CHECK_INT(s->employee_pension, 7400);          /* 5% of £1,480 */
    CHECK_INT(s->employee_pension_deducted, 5920); /* 80% under relief at source */
    CHECK_INT(s->net_pay, 200000 - 19020 - 7616 - 5920);
    CHECK_INT(s->ytd.tax, 19020);
    CHECK_INT(s->ytd.pt_to_uel, s->pt_to_uel);
    CHECK(explained(&s->explain[SLIP_TAX], "Free pay"));
    CHECK(explained(&s->explain[SLIP_PAY], "Take-home pay"));
    CHECK(explained(&s->explain[SLIP_PENSION], "relief at source"));
    free(s);
}

TEST(payrun_net_pay_arrangement_reduces_taxable_pay)
{
    struct payrun_contract k = contract("1995-03-01", 2000, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    k.relief = RELIEF_NET_PAY;
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->taxable_pay, 200000 - 7400);
    CHECK_INT(s->tax, 17540);                 /* (1926 − 1048.26 → £877) × 20% */
    CHECK_INT(s->employee_ni, 7616);          /* NI is on gross pay */
    CHECK_INT(s->employee_pension_deducted, 7400);
    CHECK_INT(s->net_pay, 200000 - 17540 - 7616 - 7400);
    free(s);
}

TEST(payrun_cumulative_with_year_to_date_and_p45)
{
    struct payrun_contract k = contract("1995-03-01", 2000, PAY_MONTHLY);
    struct payrun_period p;
    struct payrun_pa_input in;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct err e = {0};
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 2, false, 0, &p, &e), 0);
    memset(&in, 0, sizeof in);
    in.tables = tables();
    in.contract = &k;
    in.period = &p;
    in.worked_minutes = 100 * 60;
    in.ytd.taxable = 200000; /* month 1 here */
    in.ytd.tax = 19020;
    CHECK_INT(payrun_pa(&in, s, &e), 0);
    CHECK_INT(s->tax, 19040); /* (4000 − 2096.52 → £1,903) × 20% = 380.60, less 190.20 */
    CHECK_INT(s->ytd.taxable, 400000);
    /* A P45 from this year: £3,000 pay, £400 tax before. */
    k.previous_pay = 300000;
    k.previous_tax = 40000;
    k.previous_tax_year = 2025;
    CHECK_INT(payrun_pa(&in, s, &e), 0);
    /* (7000 − 2096.52 → £4,903) × 20% = 980.60, less 190.20 + 400 = 390.40 */
    CHECK_INT(s->tax, 39040);
    CHECK_INT(s->ytd.taxable, 400000); /* this employment only, as the FPS reports it */
    free(s);
}

TEST(payrun_nlw_checked_for_age_on_the_pay_date)
{
    struct payrun_period p;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct err e = {0};
    /* £11.00 an hour: fine at 20 (£10.00), below the £12.21 National Living Wage at 21. */
    struct payrun_contract k20 = contract("2004-07-01", 1100, PAY_MONTHLY);
    struct payrun_contract k21 = contract("2004-06-30", 1100, PAY_MONTHLY);
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 3, true, D("2025-06-30"), &p, &e), 0);
    CHECK_INT(run(&k20, &p, 60 * 60, 0, s, &e), 0);
    CHECK_INT(s->age, 20);
    CHECK_INT(s->minimum_hourly, 1000);
    CHECK_INT(run(&k21, &p, 60 * 60, 0, s, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "below the legal minimum of £12.21");
    CHECK_CONTAINS(e.msg, "aged 21");
    free(s);
}

TEST(payrun_nlw_follows_the_april_change)
{
    /* £12.00 meets £11.44 (from 1 April 2024) but not £12.21 (from 1 April 2025). */
    struct payrun_contract k = contract("1980-01-01", 1200, PAY_WEEKLY);
    struct payrun_period p;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct err e = {0};
    CHECK_INT(payrun_period_make(PAY_WEEKLY, 2024, 51, false, 0, &p, &e), 0); /* to 28 March 2025 */
    CHECK_INT(run(&k, &p, 20 * 60, 0, s, &e), 0);
    CHECK_INT(s->minimum_hourly, 1144);
    CHECK_INT(payrun_period_make(PAY_WEEKLY, 2025, 1, false, 0, &p, &e), 0);
    CHECK_INT(run(&k, &p, 20 * 60, 0, s, NULL), ERR_INVALID);
    free(s);
}

TEST(payrun_under_18_and_apprentice_rates)
{
    struct payrun_contract k = contract("2009-01-01", 800, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    CHECK_INT(run(&k, &p, 20 * 60, 0, s, NULL), 0); /* 16: £7.55 */
    CHECK_INT(s->minimum_hourly, 755);
    k = contract("1990-01-01", 800, PAY_MONTHLY);
    k.apprentice = true;
    k.apprenticeship_start = D("2025-01-01"); /* first year: the apprentice rate */
    CHECK_INT(run(&k, &p, 20 * 60, 0, s, NULL), 0);
    k.apprenticeship_start = D("2023-01-01"); /* past the first year and 19+: the NLW */
    CHECK_INT(run(&k, &p, 20 * 60, 0, s, NULL), ERR_INVALID);
    free(s);
}

TEST(payrun_holiday_taken_on_the_weeks_basis)
{
    struct payrun_contract k = contract("1990-01-01", 1250, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    CHECK_INT(run(&k, &p, 100 * 60, 7 * 60 + 30, s, NULL), 0);
    CHECK_INT(s->basic_pay, 125000);
    CHECK_INT(s->holiday_pay, 9375); /* 7.5 hours × £12.50 */
    CHECK_INT(s->gross, 134375);
    free(s);
}

TEST(payrun_irregular_hours_accrue_12_07_percent)
{
    struct payrun_contract k = contract("1990-01-01", 1250, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payrun_pa_input in;
    struct payslip_calc *s = calloc(1, sizeof *s);
    k.holiday = HOLIDAY_ACCRUAL;
    memset(&in, 0, sizeof in);
    in.tables = tables();
    in.contract = &k;
    in.period = &p;
    in.worked_minutes = 100 * 60;
    in.holiday_minutes = 60;
    in.ytd.holiday_balance_minutes = 300;
    CHECK_INT(payrun_pa(&in, s, NULL), 0);
    CHECK_INT(s->holiday_accrued_minutes, 725); /* 12.07% of 6,000 minutes = 724.2, rounded up */
    CHECK_INT(s->holiday_pay, 1250);            /* the hour taken, at £12.50 */
    CHECK_INT(s->ytd.holiday_balance_minutes, 300 + 725 - 60);
    CHECK_INT(s->warnings, 0);
    /* Taking more than was built up is paid, and flagged for the employer. */
    in.holiday_minutes = 2000;
    in.ytd.holiday_balance_minutes = 0;
    CHECK_INT(payrun_pa(&in, s, NULL), 0);
    CHECK_INT(s->warnings, 1);
    CHECK(explained(&s->explain[SLIP_NOTES], "more holiday taken than built up"));
    free(s);
}

TEST(payrun_rolled_up_holiday_pay_line)
{
    struct payrun_contract k = contract("1990-01-01", 1250, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    k.holiday = HOLIDAY_ACCRUAL;
    k.rolled_up = true;
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->rolled_up_holiday, 15088); /* 12.07% of £1,250 = £150.875, rounded up */
    CHECK_INT(s->gross, 125000 + 15088);
    CHECK_INT(s->holiday_accrued_minutes, 0);
    free(s);
}

TEST(payrun_ssp_waiting_days_in_the_period)
{
    struct payrun_contract k = contract("1990-01-01", 1500, PAY_MONTHLY);
    struct payrun_period p;
    struct payrun_pa_input in;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct ssp_spell spell = {D("2025-06-09"), D("2025-06-13")}; /* Monday to Friday */
    struct err e = {0};
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 3, false, 0, &p, &e), 0);
    memset(&in, 0, sizeof in);
    in.tables = tables();
    in.contract = &k;
    in.period = &p;
    in.worked_minutes = 80 * 60;
    in.spells = &spell;
    in.nspells = 1;
    CHECK_INT(payrun_pa(&in, s, &e), 0);
    /* 5 qualifying days, the first 3 waiting: 2 days at £118.75 / 5 = £47.50 */
    CHECK_INT(s->ssp, 4750);
    CHECK_INT(s->gross, 80 * 1500 + 4750);
    CHECK_INT(s->ytd.ssp, 4750);
    free(s);
}

TEST(payrun_pension_thresholds_and_choices)
{
    struct payrun_contract k = contract("1990-01-01", 1250, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    /* £833.00 is the trigger: not more than it, so a non-eligible jobholder. */
    CHECK_INT(run(&k, &p, 6664, 0, s, NULL), 0); /* 111h 4m at £12.50 = £1,388.33 */
    CHECK_STR(s->pension_category, "eligible jobholder");
    k.hourly_rate = 1250;
    CHECK_INT(run(&k, &p, 3998, 0, s, NULL), 0); /* £832.92 */
    CHECK_STR(s->pension_category, "non-eligible jobholder");
    CHECK_INT(s->employer_pension, 0);
    k.pension = PENSION_OPTED_IN;
    CHECK_INT(run(&k, &p, 3998, 0, s, NULL), 0);
    CHECK_INT(s->employer_pension, 939);  /* 3% of (832.92 − 520) = 9.3876, rounded up */
    CHECK_INT(s->employee_pension, 1565); /* 5% = 15.646, rounded up */
    k.pension = PENSION_OPTED_OUT;
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->employer_pension + s->employee_pension, 0);
    k.pension = PENSION_ASSESS;
    k.has_pension_scheme = false; /* must enrol, but no scheme: paid, and flagged */
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->warnings, 1);
    CHECK(explained(&s->explain[SLIP_NOTES], "names no scheme"));
    free(s);
}

TEST(payrun_ni_letter_follows_age)
{
    struct payrun_contract k = contract("2006-01-01", 1100, PAY_MONTHLY); /* 19 */
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->ni_category, 'M');
    CHECK_INT(s->employer_ni, 0); /* 0% up to the upper secondary threshold */
    CHECK(explained(&s->explain[SLIP_NI], "under 21"));
    k = contract("1955-01-01", 1500, PAY_MONTHLY); /* 70: over State Pension age */
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(s->ni_category, 'C');
    CHECK_INT(s->employee_ni, 0);
    CHECK(s->employer_ni > 0);
    CHECK_STR(s->pension_category, "non-eligible jobholder");
    CHECK_INT(payrun_ni_category('H', 19, false), 'H');
    CHECK_INT(payrun_ni_category('M', 21, false), 'A');
    free(s);
}

TEST(payrun_state_pension_dates)
{
    CHECK_INT(payrun_state_pension_date(D("1959-05-10")), D("2025-05-10"));
    CHECK_INT(payrun_state_pension_date(D("1960-04-06")), D("2026-05-06")); /* 66 and 1 month */
    CHECK_INT(payrun_state_pension_date(D("1960-05-10")), D("2026-07-10")); /* 66 and 2 months */
    CHECK_INT(payrun_state_pension_date(D("1961-03-05")), D("2028-02-05")); /* 66 and 11 months */
    CHECK_INT(payrun_state_pension_date(D("1961-03-06")), D("2028-03-06")); /* 67 */
    CHECK_INT(payrun_state_pension_date(D("1990-01-01")), D("2058-01-01")); /* 68 */
}

TEST(payrun_starter_checklist_codes)
{
    char code[24];
    bool w1 = true;
    CHECK_INT(payrun_starter_code('A', "1257L", code, sizeof code, &w1, NULL), 0);
    CHECK_STR(code, "1257L");
    CHECK(!w1);
    CHECK_INT(payrun_starter_code('B', "1257L", code, sizeof code, &w1, NULL), 0);
    CHECK(w1);
    CHECK_INT(payrun_starter_code('C', "1257L", code, sizeof code, &w1, NULL), 0);
    CHECK_STR(code, "BR");
    CHECK_INT(payrun_starter_code('D', "1257L", code, sizeof code, &w1, NULL), ERR_INVALID);
}

TEST(payrun_refuses_wrong_frequency_and_pay_date_outside_period)
{
    struct payrun_contract k = contract("1990-01-01", 1500, PAY_WEEKLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct err e = {0};
    CHECK_INT(run(&k, &p, 60, 0, s, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "paid weekly, not monthly");
    err_clear(&e);
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 1, true, D("2025-05-06"), &p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "must fall in monthly period 1");
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 13, false, 0, &p, NULL), ERR_INVALID);
    CHECK_INT(payrun_period_make(PAY_FORTNIGHTLY, 2025, 27, false, 0, &p, NULL), 0);
    CHECK_INT(p.first, D("2026-04-05"));
    free(s);
}

TEST(payrun_explanation_stored_and_read_back)
{
    struct payrun_contract k = contract("1995-03-01", 2000, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s), *r = calloc(1, sizeof *r);
    struct buf b;
    buf_init(&b, 1 << 16);
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    CHECK_INT(payslip_explain_format(s->explain, &b), 0);
    CHECK_INT(payslip_explain_parse(b.data, r->explain, NULL), 0);
    for (int sec = 0; sec < SLIP_SECTION_COUNT; sec++) {
        CHECK_INT(r->explain[sec].n, s->explain[sec].n);
        for (int i = 0; i < s->explain[sec].n && i < r->explain[sec].n; i++) {
            CHECK_STR(r->explain[sec].lines[i].label, s->explain[sec].lines[i].label);
            CHECK_INT(r->explain[sec].lines[i].amount, s->explain[sec].lines[i].amount);
            CHECK_INT(r->explain[sec].lines[i].unit, s->explain[sec].lines[i].unit);
        }
    }
    CHECK_INT(payslip_explain_parse("9\t0\t1\tbad section\n", r->explain, NULL), ERR_INVALID);
    CHECK_INT(payslip_explain_parse("0\t0\tx\tbad amount\n", r->explain, NULL), ERR_INVALID);
    buf_release(&b);
    free(s);
    free(r);
}

TEST(payrun_totals_with_employment_allowance)
{
    struct payrun_contract k = contract("1995-03-01", 2000, PAY_MONTHLY);
    struct payrun_period p = month1();
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct payrun_totals t;
    CHECK_INT(run(&k, &p, 100 * 60, 0, s, NULL), 0);
    payrun_totals_init(&t);
    CHECK_INT(payrun_totals_add(&t, s, NULL), 0);
    CHECK_INT(payrun_totals_add(&t, s, NULL), 0);
    CHECK_INT(payrun_totals_finish(&t, true, 1050000, 0, NULL), 0);
    CHECK_INT(t.payslips, 2);
    CHECK_INT(t.employer_ni, 2 * 23745);
    CHECK_INT(t.allowance_offset, 2 * 23745);
    CHECK_INT(t.hmrc_due, 2 * (19020 + 7616));
    CHECK_INT(t.pension_due, 2 * (5920 + 4440));
    CHECK_INT(t.employer_cost, 2 * (200000 + 4440));
    /* The allowance nearly used up: only the rest offsets. */
    CHECK_INT(payrun_totals_finish(&t, true, 1050000, 1050000 - 1000, NULL), 0);
    CHECK_INT(t.allowance_offset, 1000);
    CHECK_INT(t.hmrc_due, 2 * (19020 + 7616 + 23745) - 1000);
    CHECK_INT(payrun_totals_finish(&t, false, 1050000, 0, NULL), 0);
    CHECK_INT(t.allowance_offset, 0);
    free(s);
}

TEST(payrun_hmrc_monthly_or_quarterly)
{
    struct hmrc_payment h;
    CHECK_INT(payrun_hmrc_payment(D("2025-06-30"), false, 100000, &h, NULL), 0);
    CHECK(!h.quarterly);
    CHECK_INT(h.tax_month, 3);
    CHECK_INT(h.period_end, D("2025-07-05"));
    CHECK_INT(h.due, D("2025-07-22"));
    CHECK_INT(payrun_hmrc_payment(D("2025-06-30"), true, 149999, &h, NULL), 0);
    CHECK(h.quarterly);
    CHECK_INT(h.quarter, 1);
    CHECK_INT(h.due, D("2025-07-22"));
    CHECK_CONTAINS(h.label, "quarter 1 (6 April 2025 to 5 July 2025)");
    CHECK_INT(payrun_hmrc_payment(D("2025-12-20"), true, 149999, &h, NULL), 0);
    CHECK_INT(h.quarter, 3);
    CHECK_INT(h.due, D("2026-01-22"));
    CHECK_INT(payrun_hmrc_payment(D("2025-06-30"), true, 150000, &h, NULL), 0);
    CHECK(!h.quarterly);
    CHECK(explained(&h.explain, "only allowed when the average monthly amount"));
}
