/* PAYE beyond HMRC's test data: tax code parsing, Tables A, fortnightly and four-weekly periods
 * (HMRC's multiply-the-weekly-figures rule), week 53, the regulatory limit, D codes, refunds and
 * refusals. The 314 HMRC income tax cases run through `payroll conformance`. */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "../check.h"
#include "domain/payroll/paye.h"
#include "io/payroll_rates.h"

static const struct paye_rates *year_rates(int year)
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
    return &r[i].paye;
}

/* Runs one period; returns the result (static) or NULL with a recorded failure. */
static const struct paye_result *tax(int year, const char *code, enum pay_frequency f, int period,
                                     int64_t pay, int64_t pay_to_date, int64_t tax_to_date,
                                     bool week1)
{
    static struct paye_result res;
    struct paye_input in = {0};
    struct err e = {0};
    const struct paye_rates *r = year_rates(year);
    if (!r)
        return NULL;
    if (paye_tax_code_parse(code, &in.code, &e) != 0) {
        check_fail(__FILE__, __LINE__, "code %s: %s", code, e.msg);
        return NULL;
    }
    in.frequency = f;
    in.period = period;
    in.pay = pay;
    in.pay_to_date = pay_to_date;
    in.tax_to_date = tax_to_date;
    in.week1_month1 = week1;
    if (paye_period_tax(r, &in, &res, &e) != 0) {
        check_fail(__FILE__, __LINE__, "paye: %s", e.msg);
        return NULL;
    }
    return &res;
}

TEST(paye_code_parse_suffix_codes)
{
    struct tax_code c;
    struct err e = {0};
    CHECK_INT(paye_tax_code_parse("1257L", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_ALLOWANCE);
    CHECK_INT(c.number, 1257);
    CHECK_INT(c.suffix, 'L');
    CHECK_INT(c.regime, TAX_REGIME_RUK);
    CHECK(!c.non_cumulative);
    CHECK_STR(c.text, "1257L");
    CHECK_INT(paye_tax_code_parse(" s1257l ", &c, &e), 0);
    CHECK_INT(c.regime, TAX_REGIME_SCOTLAND);
    CHECK_STR(c.text, "S1257L");
    CHECK_INT(paye_tax_code_parse("C45L", &c, &e), 0);
    CHECK_INT(c.regime, TAX_REGIME_WALES);
    CHECK_INT(c.number, 45);
    CHECK_INT(paye_tax_code_parse("1100M", &c, &e), 0);
    CHECK_INT(c.suffix, 'M');
    CHECK_INT(paye_tax_code_parse("1383N", &c, &e), 0);
    CHECK_INT(c.suffix, 'N');
    CHECK_INT(paye_tax_code_parse("0T", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_ALLOWANCE);
    CHECK_INT(c.number, 0);
}

TEST(paye_code_parse_k_br_d_nt)
{
    struct tax_code c;
    struct err e = {0};
    CHECK_INT(paye_tax_code_parse("K475", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_K);
    CHECK_INT(c.number, 475);
    CHECK_INT(paye_tax_code_parse("SK630", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_K);
    CHECK_INT(c.regime, TAX_REGIME_SCOTLAND);
    CHECK_INT(paye_tax_code_parse("BR", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_BR);
    CHECK_INT(paye_tax_code_parse("CBR", &c, &e), 0);
    CHECK_INT(c.regime, TAX_REGIME_WALES);
    CHECK_INT(paye_tax_code_parse("D1", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_D);
    CHECK_INT(c.number, 1);
    CHECK_INT(paye_tax_code_parse("SD3", &c, &e), 0);
    CHECK_INT(c.number, 3);
    CHECK_INT(c.regime, TAX_REGIME_SCOTLAND);
    CHECK_INT(paye_tax_code_parse("nt", &c, &e), 0);
    CHECK_INT(c.kind, TAX_CODE_NT);
}

TEST(paye_code_parse_week1_month1_markers)
{
    static const char *const forms[] = {"1257L W1", "1257L M1", "1257L W1/M1", "1257LX",
                                        "1257l w1m1", "K475 M1", "BR W1", "SD0 M1"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct tax_code c;
        struct err e = {0};
        CHECK_INT(paye_tax_code_parse(forms[i], &c, &e), 0);
        CHECK(c.non_cumulative);
    }
    struct tax_code c;
    struct err e = {0};
    CHECK_INT(paye_tax_code_parse("1257L W1/M1", &c, &e), 0);
    CHECK_STR(c.text, "1257L W1/M1");
}

TEST(paye_code_parse_refuses_what_hmrc_does_not_issue)
{
    static const char *const bad[] = {"", "1257", "L", "K", "KL", "Q123", "12.5L", "1257L W2",
                                      "D", "DX1", "1257LL", "-5L", "K-5", "S", "X"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct tax_code c;
        struct err e = {0};
        CHECK_INT(paye_tax_code_parse(bad[i], &c, &e), ERR_INVALID);
        CHECK_STR(e.field, "tax_code");
    }
    struct tax_code c;
    struct err e = {0};
    paye_tax_code_parse("Q123", &c, &e);
    CHECK_CONTAINS(e.msg, "1257L");
}

TEST(paye_tables_a_pay_adjustment_weekly_and_monthly)
{
    /* 1257: 2 × 500 + 257; (2579 ÷ 52 = 49.596 → 49.60) + 2 × 96.16 = 241.92 a week. */
    CHECK_INT(paye_pay_adjustment_unit(1257, false, false), 24192);
    /* (2579 ÷ 12 = 214.917 → 214.92) + 2 × 416.67 = 1,048.26 a month. */
    CHECK_INT(paye_pay_adjustment_unit(1257, false, true), 104826);
    /* 1000 is 1 × 500 + 500, not 2 × 500 + 0: 5009 ÷ 52 → 96.33, + 96.16. */
    CHECK_INT(paye_pay_adjustment_unit(1000, false, false), 19249);
    /* 45L: 459 ÷ 12 = 38.25 exactly. */
    CHECK_INT(paye_pay_adjustment_unit(45, false, true), 3825);
    /* K codes give additional pay. */
    CHECK_INT(paye_pay_adjustment_unit(475, true, false), -9152);
    CHECK_INT(paye_pay_adjustment_unit(0, false, false), 0);
}

TEST(paye_fortnightly_period_uses_week_2n_figures)
{
    /* Fortnight 3 = week 6: free pay 6 × £241.92 = £1,451.52 against £3,000 paid to date;
     * £1,548 taxable, all within the week-6 basic rate band (£4,350): £309.60. */
    const struct paye_result *f = tax(2025, "1257L", PAY_FORTNIGHTLY, 3, 100000, 200000, 0, false);
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK_INT(f->periods_elapsed, 6);
    CHECK_INT(f->pay_adjustment, 145152);
    CHECK_INT(f->taxable_pounds, 154800);
    CHECK_INT(f->tax_due, 30960);
    int64_t fortnightly_due = f->tax_due;
    /* The same pay to date in week 6 of a weekly payroll gives the same tax due to date. */
    const struct paye_result *w = tax(2025, "1257L", PAY_WEEKLY, 6, 50000, 250000, 0, false);
    CHECK(w != NULL);
    if (w)
        CHECK_INT(w->tax_due, fortnightly_due);
}

TEST(paye_four_weekly_period_uses_week_4n_figures)
{
    /* Period 2 of a four-weekly payroll is week 8: free pay 8 × £241.92 = £1,935.36. */
    const struct paye_result *r = tax(2025, "1257L", PAY_FOUR_WEEKLY, 2, 200000, 200000, 0, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->periods_elapsed, 8);
    CHECK_INT(r->pay_adjustment, 193536);
    CHECK_INT(r->taxable_pounds, 206400);
    CHECK_INT(r->tax_due, 41280);
    CHECK_INT(r->tax, 41280);
}

TEST(paye_four_weekly_higher_rate_uses_week_4n_band)
{
    /* Four-weekly period 1 = week 4: basic rate band 37,700 × 4 / 52 = £2,900. £5,000 pay with
     * 1257L: free pay £967.68, taxable £4,032: £580 basic + 40% of £1,132 = £452.80. */
    const struct paye_result *r = tax(2025, "1257L", PAY_FOUR_WEEKLY, 1, 500000, 0, 0, false);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(r->tax, 58000 + 45280);
}

TEST(paye_four_weekly_week1_basis_uses_week_4_figures)
{
    const struct paye_result *r = tax(2025, "1257L W1", PAY_FOUR_WEEKLY, 5, 200000, 0, 0, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(r->non_cumulative);
    CHECK_INT(r->periods_elapsed, 4);
    CHECK_INT(r->tax, 20640); /* (2000 − 967.68 → 1,032) × 20% */
}

TEST(paye_fortnightly_week1_basis_uses_week_2_figures)
{
    const struct paye_result *r = tax(2025, "1257L", PAY_FORTNIGHTLY, 10, 100000, 0, 0, true);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->periods_elapsed, 2);
    CHECK_INT(r->tax, 10320); /* (1000 − 483.84 → 516) × 20% */
}

TEST(paye_week_53_is_taxed_on_a_week_1_basis)
{
    const struct paye_result *r = tax(2025, "1257L", PAY_WEEKLY, 53, 50000, 2600000, 500000, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(r->non_cumulative);
    CHECK_INT(r->periods_elapsed, 1);
    CHECK_INT(r->tax, 5160); /* (500 − 241.92 → 258) × 20% */
}

TEST(paye_regulatory_limit_holds_k_code_tax_to_half_of_pay)
{
    /* K1000 week 1 on £100: additional pay £192.49, taxable £292, tax £58.40, limited to £50. */
    const struct paye_result *r = tax(2025, "K1000", PAY_WEEKLY, 1, 10000, 0, 0, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->tax_due, 5840);
    CHECK_INT(r->tax, 5000);
    CHECK_INT(r->not_deducted, 840);
    CHECK_INT(r->tax_to_date, 5000);
}

TEST(paye_regulatory_limit_shortfall_is_collected_later_by_a_cumulative_code)
{
    /* Week 2 with £1,000 pay: taxable to date £1,100 + £384.98 → £1,484: £290 on the week-2
     * basic rate band of £1,450 and 40% of £34, £303.60 due; £50 deducted so far, and the rest
     * (£253.60) is within half of this week's £1,000. */
    const struct paye_result *r = tax(2025, "K1000", PAY_WEEKLY, 2, 100000, 10000, 5000, false);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(r->tax, 30360 - 5000);
}

TEST(paye_cumulative_refund_is_negative_tax)
{
    /* Week 2 with no pay after £1,000 in week 1 taxed at £151.60: refund down to tax on £516. */
    const struct paye_result *r = tax(2025, "1257L", PAY_WEEKLY, 2, 0, 100000, 15160, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->tax_due, 10320); /* (1000 − 483.84 → 516) × 20% */
    CHECK_INT(r->tax, 10320 - 15160);
}

TEST(paye_nt_cumulative_refunds_all_tax_deducted)
{
    const struct paye_result *r = tax(2025, "NT", PAY_MONTHLY, 4, 200000, 600000, 75000, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->tax, -75000);
    CHECK_INT(r->tax_to_date, 0);
}

TEST(paye_nt_week1_is_no_tax)
{
    const struct paye_result *r = tax(2025, "NT", PAY_WEEKLY, 9, 100000, 0, 0, true);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(r->tax, 0);
}

TEST(paye_br_cumulative_is_basic_rate_on_pay_to_date_in_whole_pounds)
{
    const struct paye_result *r = tax(2025, "BR", PAY_MONTHLY, 2, 150050, 100099, 20000, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->tax_due, 50020); /* £2,501.49 to date → £2,501 × 20% */
    CHECK_INT(r->tax, 50020 - 20000);
}

TEST(paye_d_codes_use_the_bands_above_basic)
{
    const struct paye_result *r = tax(2025, "D0", PAY_MONTHLY, 1, 100000, 0, 0, true);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(r->tax, 40000);
    r = tax(2025, "D1", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 45000);
    r = tax(2025, "SD0", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 21000);
    r = tax(2025, "SD1", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 42000);
    r = tax(2025, "SD2", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 45000);
    r = tax(2025, "SD3", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 48000);
    r = tax(2023, "SD2", PAY_MONTHLY, 1, 100000, 0, 0, true);
    if (r)
        CHECK_INT(r->tax, 47000); /* 2023-24: the top rate was 47% and there was no SD3 */
}

TEST(paye_d_code_that_does_not_exist_that_year_is_refused)
{
    struct paye_input in = {0};
    struct paye_result res;
    struct err e = {0};
    CHECK_INT(paye_tax_code_parse("SD3", &in.code, &e), 0);
    in.frequency = PAY_MONTHLY;
    in.period = 1;
    in.pay = 100000;
    CHECK_INT(paye_period_tax(year_rates(2023), &in, &res, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "SD3");
    CHECK_CONTAINS(e.msg, "2023-24");
    err_clear(&e);
    CHECK_INT(paye_tax_code_parse("D2", &in.code, &e), 0);
    CHECK_INT(paye_period_tax(year_rates(2025), &in, &res, &e), ERR_INVALID);
}

TEST(paye_scotland_builds_tax_band_by_band)
{
    /* HMRC 2025-26 Scottish case: S45L month 1 on £3,164.24 = £753.59 (one penny less than
     * scaling the tax on all the lower bands together would give). */
    const struct paye_result *r = tax(2025, "S45L", PAY_MONTHLY, 1, 316424, 0, 0, true);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->tax, 75359);
    bool found = false;
    for (int i = 0; i < r->explain.n; i++)
        if (strstr(r->explain.lines[i].label, "Starter rate 19% on the whole band"))
            found = true;
    CHECK(found);
}

TEST(paye_zero_t_has_no_free_pay)
{
    const struct paye_result *r = tax(2025, "0T", PAY_MONTHLY, 1, 100099, 0, 0, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->pay_adjustment, 0);
    CHECK_INT(r->tax, 20000); /* £1,000 × 20% */
}

TEST(paye_pay_below_free_pay_is_no_tax)
{
    const struct paye_result *r = tax(2025, "1257L", PAY_MONTHLY, 1, 50000, 0, 0, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK_INT(r->taxable_pounds, 0);
    CHECK_INT(r->tax, 0);
}

TEST(paye_explanation_says_how_the_tax_was_reached)
{
    const struct paye_result *r = tax(2025, "1257L", PAY_MONTHLY, 3, 311232, 231251, 4300, false);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(r->explain.n >= 6);
    CHECK_CONTAINS(r->explain.lines[2].label, "Free pay from code 1257L, month 3");
    CHECK_INT(r->explain.lines[2].amount, 3 * 104826);
    CHECK_CONTAINS(r->explain.lines[r->explain.n - 1].label, "Tax to deduct this period");
    CHECK_INT(r->explain.lines[r->explain.n - 1].amount, r->tax);
}

TEST(paye_refuses_bad_periods_and_pay)
{
    struct paye_input in = {0};
    struct paye_result res;
    struct err e = {0};
    CHECK_INT(paye_tax_code_parse("1257L", &in.code, &e), 0);
    in.frequency = PAY_MONTHLY;
    in.period = 13;
    CHECK_INT(paye_period_tax(year_rates(2025), &in, &res, &e), ERR_INVALID);
    CHECK_STR(e.field, "period");
    err_clear(&e);
    in.period = 0;
    CHECK_INT(paye_period_tax(year_rates(2025), &in, &res, &e), ERR_INVALID);
    err_clear(&e);
    in.frequency = PAY_FOUR_WEEKLY;
    in.period = 15;
    CHECK_INT(paye_period_tax(year_rates(2025), &in, &res, &e), ERR_INVALID);
    err_clear(&e);
    in.period = 1;
    in.pay = -1;
    CHECK_INT(paye_period_tax(year_rates(2025), &in, &res, &e), ERR_INVALID);
    CHECK_STR(e.field, "pay");
}

TEST(paye_2026_27_rates_load_and_tax)
{
    /* 2026-27: Scottish starter band to £3,967 (£330.5833 a month). S1257L month 1 on £1,300:
     * free pay £1,048.26, taxable £251, all at the 19% starter rate: £47.69. */
    const struct paye_result *r = tax(2026, "S1257L", PAY_MONTHLY, 1, 130000, 0, 0, false);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(r->tax, 4769);
}
