/* The payroll rates loader and exact JSON numbers: every built-in year loads with the figures the
 * sources give, and a rates file with a typo, a missing source or an inexact amount is refused. */
#include <stdio.h>
#include <string.h>

#include "base/asset.h"
#include "base/err.h"
#include "../check.h"
#include "io/json_number.h"
#include "io/payroll_rates.h"

static int64_t hundredths_of(const char *json_text, unsigned flags, int *rc_out)
{
    json_error_t je;
    json_t *v = json_loads(json_text, JSON_DECODE_ANY, &je);
    int64_t out = -999;
    struct err e = {0};
    *rc_out = v ? json_number_hundredths(v, flags, &out, "x", &e) : -100;
    json_decref(v);
    return out;
}

TEST(json_number_reals_convert_exactly_to_pence)
{
    int rc;
    CHECK_INT(hundredths_of("1155.26", 0, &rc), 115526);
    CHECK_INT(rc, 0);
    CHECK_INT(hundredths_of("0.010000", 0, &rc), 1); /* HMRC's data writes 0.010000 */
    CHECK_INT(hundredths_of("21.4", 0, &rc), 2140);
    CHECK_INT(hundredths_of("203418.78", 0, &rc), 20341878);
    CHECK_INT(hundredths_of("0.29", 0, &rc), 29); /* 0.29 × 100 in doubles is 28.999999... */
    CHECK_INT(hundredths_of("50000", 0, &rc), 5000000);
    CHECK_INT(hundredths_of("-29405.55", JSON_NUMBER_ALLOW_NEGATIVE, &rc), -2940555);
    CHECK_INT(rc, 0);
}

TEST(json_number_refuses_what_is_not_exact_hundredths)
{
    int rc;
    hundredths_of("1.234", 0, &rc);
    CHECK_INT(rc, ERR_INVALID);
    hundredths_of("-1", 0, &rc);
    CHECK_INT(rc, ERR_INVALID);
    hundredths_of("-0.5", 0, &rc);
    CHECK_INT(rc, ERR_INVALID);
    hundredths_of("1e20", 0, &rc);
    CHECK(rc != 0);
    hundredths_of("\"12.50\"", 0, &rc);
    CHECK_INT(rc, ERR_INVALID); /* strings only when allowed */
    CHECK_INT(hundredths_of("\"12.50\"", JSON_NUMBER_ALLOW_STRING, &rc), 1250);
    CHECK_INT(rc, 0);
    hundredths_of("true", JSON_NUMBER_ALLOW_STRING, &rc);
    CHECK_INT(rc, ERR_INVALID);
}

TEST(payroll_rates_every_built_in_year_loads)
{
    int years[16];
    size_t n = payroll_rates_years(years, 16);
    CHECK_INT(n, 4);
    CHECK_INT(years[0], 2023);
    CHECK_INT(years[3], 2026);
    for (size_t i = 0; i < n && i < 16; i++) {
        static struct payroll_rates r;
        struct err e = {0};
        CHECK_INT(payroll_rates_load(years[i], &r, &e), 0);
        CHECK_INT(r.year, years[i]);
    }
}

TEST(payroll_rates_2025_26_figures)
{
    static struct payroll_rates r;
    struct err e = {0};
    CHECK_INT(payroll_rates_load(2025, &r, &e), 0);
    CHECK_INT(r.paye.personal_allowance, 1257000);
    CHECK_INT(r.paye.regime[TAX_REGIME_RUK].nbands, 3);
    CHECK_INT(r.paye.regime[TAX_REGIME_RUK].bands[0].upper_pounds, 37700);
    CHECK_INT(r.paye.regime[TAX_REGIME_SCOTLAND].nbands, 6);
    CHECK_INT(r.paye.regime[TAX_REGIME_SCOTLAND].bands[0].upper_pounds, 2827);
    CHECK_INT(r.paye.regime[TAX_REGIME_SCOTLAND].basic_band, 1);
    CHECK_INT(r.paye.regime[TAX_REGIME_SCOTLAND].build_up, TAX_BUILD_BAND_BY_BAND);
    CHECK_INT(r.nic.thresholds[PAY_WEEKLY][NIC_ST], 9600);
    CHECK_INT(r.nic.thresholds[PAY_FOUR_WEEKLY][NIC_ST], 38500);
    CHECK_INT(r.nic.thresholds[PAY_MONTHLY][NIC_ST], 41700);
    CHECK_INT(r.nic.thresholds[NIC_ANNUAL][NIC_ST], 500000);
    CHECK_INT(r.nic.thresholds[PAY_MONTHLY][NIC_LEL], 54200);
    CHECK_INT(r.nic.sets[0].categories[0].employer_bp, 1500);
    CHECK_INT(r.ssp.weekly_rate, 11875);
    CHECK_INT(r.nmw.bands[0].hourly, 1221);
    CHECK_INT(r.holiday.irregular_accrual_bp, 1207);
}

TEST(payroll_rates_2023_24_has_the_january_rate_change)
{
    static struct payroll_rates r;
    struct err e = {0};
    CHECK_INT(payroll_rates_load(2023, &r, &e), 0);
    CHECK_INT(r.nic.nsets, 2);
    CHECK_INT(r.nic.sets[0].categories[0].employee_bp, 1200);
    CHECK_INT(r.nic.sets[1].categories[0].employee_bp, 1000);
    CHECK_INT(r.paye.regime[TAX_REGIME_SCOTLAND].bands[4].rate_bp, 4700);
}

TEST(payroll_rates_unknown_year_is_unsupported)
{
    static struct payroll_rates r;
    struct err e = {0};
    CHECK_INT(payroll_rates_load(2019, &r, &e), ERR_UNSUPPORTED);
    CHECK_CONTAINS(e.msg, "2019-20");
    CHECK_CONTAINS(e.msg, "2025-26");
}

/* The built-in 2025-26 file with one substitution applied. */
static int parse_modified(const char *from, const char *to, struct err *e)
{
    static struct payroll_rates r;
    static char text[64 * 1024];
    const struct asset *a = asset_find("data/rates/payroll-2025-26.json");
    const char *at;
    size_t pre;
    if (!a || a->len >= sizeof text)
        return -999;
    at = strstr((const char *)a->data, from);
    if (!at) {
        check_fail(__FILE__, __LINE__, "'%s' is not in the rates file", from);
        return -999;
    }
    pre = (size_t)(at - (const char *)a->data);
    snprintf(text, sizeof text, "%.*s%s%s", (int)pre, (const char *)a->data, to,
             at + strlen(from));
    return payroll_rates_parse(text, strlen(text), "test.json", &r, e);
}

TEST(payroll_rates_parser_refuses_a_typo_in_a_key)
{
    struct err e = {0};
    CHECK_INT(parse_modified("\"weekly_rate\"", "\"weekly_rat\"", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "weekly_rat");
}

TEST(payroll_rates_parser_refuses_a_section_naming_an_unlisted_source)
{
    struct err e = {0};
    CHECK_INT(parse_modified("\"sources\": [\n      \"gov-holiday\"", "\"sources\": [\n      \"nowhere\"",
                             &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "nowhere");
}

TEST(payroll_rates_parser_refuses_an_inexact_amount)
{
    struct err e = {0};
    CHECK_INT(parse_modified("\"weekly_rate\": 118.75", "\"weekly_rate\": 118.755", &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "statutory_sick_pay.weekly_rate");
}

TEST(payroll_rates_parser_refuses_bands_out_of_order)
{
    struct err e = {0};
    CHECK_INT(parse_modified("\"up_to\": 2827", "\"up_to\": 99999", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "above the band below");
}

TEST(payroll_rates_parser_refuses_a_missing_frequency)
{
    struct err e = {0};
    CHECK_INT(parse_modified("\"four_weekly\": 385,", "", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "four_weekly");
}
