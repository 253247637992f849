/* paye.c — PAYE by HMRC's tax table method; see paye.h for the method and its sources. */
#include "domain/payroll/paye.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

/* Tax table figures are held in ten-thousandths of a pound ("4 decimal places", as HMRC's routines
 * truncate them): 1 pound = 10000 units, 1 penny = 100 units. */
#define UNITS_PER_POUND 10000
#define UNITS_PER_PENNY 100

#define CODE_NUMBER_MAX 99999

/* "20%", "13.8%", "1.85%": a rate as people write it. */
static void fmt_rate(int32_t bp, char *out, size_t outsz)
{
    if (bp % 100 == 0)
        payroll_label_format(out, outsz, "%d%%", bp / 100);
    else if (bp % 10 == 0)
        payroll_label_format(out, outsz, "%d.%d%%", bp / 100, (bp % 100) / 10);
    else
        payroll_label_format(out, outsz, "%d.%02d%%", bp / 100, bp % 100);
}

/* "Higher rate" from the band name "higher". */
static void fmt_band(const char *name, char *out, size_t outsz)
{
    payroll_label_format(out, outsz, "%s rate", name);
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

const char *paye_regime_name(enum tax_regime regime)
{
    switch (regime) {
    case TAX_REGIME_SCOTLAND:
        return "Scotland";
    case TAX_REGIME_WALES:
        return "Wales";
    case TAX_REGIME_RUK:
    case TAX_REGIME_COUNT:
    default:
        return "England and Northern Ireland";
    }
}

static const char *regime_prefix(enum tax_regime regime)
{
    return regime == TAX_REGIME_SCOTLAND ? "S" : regime == TAX_REGIME_WALES ? "C" : "";
}

/* ---- tax codes ----------------------------------------------------------------------------- */

int paye_tax_code_parse(const char *code, struct tax_code *out, struct err *e)
{
    char s[32];
    size_t n = 0, i = 0;
    int64_t number;

    memset(out, 0, sizeof *out);
    if (!code)
        code = "";
    /* Upper-case, drop spaces and '/' so "1257L W1/M1", "1257l w1m1" and "1257LX" all read alike. */
    for (const char *p = code; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '/')
            continue;
        if (c < 0x21 || c > 0x7e || n + 1 >= sizeof s)
            return err_set_field(e, ERR_INVALID, "tax_code",
                                 "the tax code \"%.30s\" is not one HMRC issues: codes look like "
                                 "1257L, S1257L, C1257L, K475, BR, D0, NT or 0T",
                                 code);
        s[n++] = (char)toupper(c);
    }
    s[n] = '\0';
    if (n == 0)
        return err_set_field(e, ERR_INVALID, "tax_code",
                             "the tax code is empty: use the code on the P45, P6 or P9 (the "
                             "emergency code is 1257L W1/M1)");

    /* The week 1 / month 1 marker at the end. */
    if (n > 4 && strcmp(s + n - 4, "W1M1") == 0) {
        out->non_cumulative = true;
        n -= 4;
    } else if (n > 2 && (strcmp(s + n - 2, "W1") == 0 || strcmp(s + n - 2, "M1") == 0)) {
        out->non_cumulative = true;
        n -= 2;
    } else if (n > 1 && s[n - 1] == 'X') {
        out->non_cumulative = true;
        n -= 1;
    }
    s[n] = '\0';

    out->regime = TAX_REGIME_RUK;
    if (n > 1 && (s[0] == 'S' || s[0] == 'C')) {
        out->regime = s[0] == 'S' ? TAX_REGIME_SCOTLAND : TAX_REGIME_WALES;
        i = 1;
    }

    const char *rest = s + i;
    size_t rn = n - i;
    if (strcmp(rest, "BR") == 0) {
        out->kind = TAX_CODE_BR;
    } else if (strcmp(rest, "NT") == 0) {
        out->kind = TAX_CODE_NT;
    } else if (rn == 2 && rest[0] == 'D' && rest[1] >= '0' && rest[1] <= '9') {
        out->kind = TAX_CODE_D;
        out->number = rest[1] - '0';
    } else if (rn >= 2 && rest[0] == 'K') {
        out->kind = TAX_CODE_K;
        if (str_to_i64(rest + 1, rn - 1, 1, CODE_NUMBER_MAX, &number) != 0 || rest[1] == '-')
            return err_set_field(e, ERR_INVALID, "tax_code",
                                 "the tax code \"%s\" is not valid: a K code is K followed by a "
                                 "number, like K475",
                                 s);
        out->number = (int)number;
    } else if (rn >= 2 && strchr("LMNT", rest[rn - 1])) {
        out->kind = TAX_CODE_ALLOWANCE;
        out->suffix = rest[rn - 1];
        if (str_to_i64(rest, rn - 1, 0, CODE_NUMBER_MAX, &number) != 0 || rest[0] == '-')
            return err_set_field(e, ERR_INVALID, "tax_code",
                                 "the tax code \"%s\" is not valid: it should be a number "
                                 "followed by L, M, N or T, like 1257L",
                                 s);
        out->number = (int)number;
    } else {
        return err_set_field(e, ERR_INVALID, "tax_code",
                             "the tax code \"%s\" is not one HMRC issues: codes look like 1257L, "
                             "S1257L, C1257L, K475, BR, D0, NT or 0T (add W1 or M1 for week 1 / "
                             "month 1)",
                             s);
    }

    payroll_label_format(out->text, sizeof out->text, "%s%s%s", regime_prefix(out->regime), rest,
             out->non_cumulative ? " W1/M1" : "");
    return 0;
}

/* ---- pay adjustment (Tables A) --------------------------------------------------------------- */

int64_t paye_pay_adjustment_unit(int number, bool k_code, bool monthly)
{
    int64_t q, r, per, quotient_unit, rem_pence, total;
    if (number <= 0)
        return 0;
    /* Remainder 1..500 and quotient of 500s: 1000 is 1 × 500 + 500, not 2 × 500 + 0. */
    r = number % 500;
    q = number / 500;
    if (r == 0) {
        r = 500;
        q -= 1;
    }
    per = monthly ? 12 : 52;
    /* Both parts are rounded UP to the penny, as the printed tables are (HMRC spec, Tables A). */
    quotient_unit = (500 * 10 * 100 + per - 1) / per;         /* £96.16 a week, £416.67 a month */
    rem_pence = ((r * 10 + 9) * 100 + per - 1) / per;
    total = q * quotient_unit + rem_pence;
    return k_code ? -total : total;
}

/* ---- tax on taxable pay ---------------------------------------------------------------------- */

static void fmt_pounds_units(int64_t units, char *out, size_t outsz)
{
    /* Shown to the penny, rounded down: explanations only. */
    payroll_money_text(units / UNITS_PER_PENNY, out, outsz);
}

/* Tax on `taxable` whole pounds, scaled to n of `per` periods, in pence (truncated). */
static int64_t tax_on_bands(const struct tax_regime_rates *rr, int64_t taxable, int64_t n,
                            int64_t per, const char *period_label, struct payroll_explain *x)
{
    __int128 lo_units = 0;          /* the current band's bottom, scaled and truncated */
    __int128 annual_cum_tax = 0;    /* units: pounds × basis points = ten-thousandths of a pound */
    __int128 band_by_band = 0;      /* units, per period */
    int64_t prev_top = 0;
    __int128 t_units = (__int128)taxable * UNITS_PER_POUND;
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];

    for (int i = 0; i < rr->nbands; i++) {
        const struct tax_band *band = &rr->bands[i];
        bool top = band->upper_pounds == 0 || i == rr->nbands - 1;
        __int128 hi_units = 0;
        if (!top)
            hi_units = (__int128)band->upper_pounds * UNITS_PER_POUND * n / per;
        if (top || t_units <= hi_units) {
            __int128 below = rr->build_up == TAX_BUILD_BAND_BY_BAND
                                 ? band_by_band
                                 : annual_cum_tax * n / per; /* truncated to 4 dp */
            __int128 in_band_units = t_units - lo_units;
            /* numerator in units × 10000: below × 10000 + (pay in band) × rate */
            __int128 num = below * 10000 + in_band_units * band->rate_bp;
            int64_t pence = (int64_t)(num / ((__int128)10000 * UNITS_PER_PENNY));
            if (x && rr->build_up == TAX_BUILD_CUMULATIVE && i > 0) {
                fmt_pounds_units((int64_t)lo_units, a, sizeof a);
                payroll_explain_money(x, (int64_t)(below / UNITS_PER_PENNY),
                                      "Tax on the bands up to %s (%s figure)", a, period_label);
            }
            if (x) {
                int64_t in_band_pence = (int64_t)(in_band_units / UNITS_PER_PENNY);
                char rate[16], name[40];
                fmt_rate(band->rate_bp, rate, sizeof rate);
                fmt_band(band->name, name, sizeof name);
                payroll_money_text(in_band_pence, a, sizeof a);
                payroll_explain_money(x,
                                      (int64_t)(((__int128)in_band_units * band->rate_bp) /
                                                ((__int128)10000 * UNITS_PER_PENNY)),
                                      "%s %s on %s", name, rate, a);
            }
            return pence;
        }
        int64_t width = band->upper_pounds - prev_top;
        annual_cum_tax += (__int128)width * band->rate_bp;
        __int128 this_band = (__int128)width * band->rate_bp * n / per; /* truncated to 4 dp */
        band_by_band += this_band;
        if (x && rr->build_up == TAX_BUILD_BAND_BY_BAND) {
            char rate[16], name[40];
            fmt_rate(band->rate_bp, rate, sizeof rate);
            fmt_band(band->name, name, sizeof name);
            fmt_pounds_units((int64_t)(hi_units - lo_units), b, sizeof b);
            payroll_explain_money(x, (int64_t)(this_band / UNITS_PER_PENNY),
                                  "%s %s on the whole band of %s (%s figure)", name, rate, b,
                                  period_label);
        }
        lo_units = hi_units;
        prev_top = band->upper_pounds;
    }
    return 0; /* not reached: the last band has no top */
}

/* ---- one period ------------------------------------------------------------------------------ */

static int max_period(enum pay_frequency f)
{
    switch (f) {
    case PAY_WEEKLY:
        return 53;
    case PAY_FORTNIGHTLY:
        return 27;
    case PAY_FOUR_WEEKLY:
        return 14;
    case PAY_MONTHLY:
        return 12;
    case PAY_FREQUENCY_COUNT:
    default:
        return 0;
    }
}

int paye_period_tax(const struct paye_rates *r, const struct paye_input *in,
                    struct paye_result *out, struct err *e)
{
    const struct tax_code *c = &in->code;
    const struct tax_regime_rates *rr;
    bool monthly, noncum;
    int weeks, per;
    int64_t n, pay_total, due = 0, tax, limit;
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE], label[40];

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);

    if ((int)in->frequency < 0 || in->frequency >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency", "the pay frequency is not one we know");
    if (in->period < 1 || in->period > max_period(in->frequency))
        return err_set_field(e, ERR_INVALID, "period",
                             "period %d is outside a %s tax year (1 to %d)", in->period,
                             pay_frequency_name(in->frequency), max_period(in->frequency));
    if (in->pay < 0 || in->pay > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "pay",
                             "taxable pay this period must be £0 or more (a negative adjustment "
                             "belongs in an earlier period's correction)");
    if (in->pay_to_date < 0 || in->pay_to_date > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "pay_to_date",
                             "taxable pay to date must be £0 or more");
    if (in->tax_to_date < -MONEY_MAX_PENCE || in->tax_to_date > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_RANGE, "tax_to_date", "tax to date is out of range");
    if ((int)c->regime < 0 || c->regime >= TAX_REGIME_COUNT)
        return err_set_field(e, ERR_INVALID, "tax_code", "the tax code's regime is not one we know");
    rr = &r->regime[c->regime];
    if (rr->nbands < 1)
        return err_set_field(e, ERR_UNSUPPORTED, "tax_code",
                             "there are no %s income tax rates for %d-%02d",
                             paye_regime_name(c->regime), r->year, (r->year + 1) % 100);

    monthly = in->frequency == PAY_MONTHLY;
    weeks = monthly ? 0 : pay_frequency_weeks(in->frequency);
    per = monthly ? 12 : 52;
    /* Week 53 (fortnightly 27, four-weekly 14) is always taxed on a week 1 basis. */
    noncum = c->non_cumulative || in->week1_month1 ||
             (!monthly && in->period == max_period(in->frequency));
    if (monthly)
        n = noncum ? 1 : in->period;
    else
        n = (int64_t)weeks * (noncum ? 1 : in->period);
    out->non_cumulative = noncum;
    out->periods_elapsed = (int)n;
    if (monthly)
        payroll_label_format(label, sizeof label, "month %lld", (long long)n);
    else
        payroll_label_format(label, sizeof label, "week %lld", (long long)n);

    pay_total = noncum ? in->pay : in->pay_to_date + in->pay;
    if (!noncum)
        payroll_explain_money(&out->explain, in->pay_to_date,
                              "Taxable pay in earlier periods this tax year");
    payroll_explain_money(&out->explain, in->pay, "Taxable pay this period");

    switch (c->kind) {
    case TAX_CODE_NT:
        due = 0;
        payroll_explain_money(&out->explain, 0, "Code NT: no tax is due");
        break;
    case TAX_CODE_BR:
    case TAX_CODE_D: {
        int idx = rr->basic_band + (c->kind == TAX_CODE_D ? 1 + c->number : 0);
        int64_t pounds = pay_total / 100;
        if (idx >= rr->nbands)
            return err_set_field(e, ERR_INVALID, "tax_code",
                                 "code %s does not exist for %s in %d-%02d: there are only %d "
                                 "rates above the basic rate",
                                 c->text, paye_regime_name(c->regime), r->year,
                                 (r->year + 1) % 100, rr->nbands - 1 - rr->basic_band);
        due = pounds * rr->bands[idx].rate_bp / 100; /* pounds × bp / 100 = pence, truncated */
        out->taxable_pounds = pounds * 100;
        payroll_money_text(pounds * 100, a, sizeof a);
        fmt_rate(rr->bands[idx].rate_bp, b, sizeof b);
        payroll_explain_money(&out->explain, due, "Code %s: %s (the %s rate) on %s%s", c->text, b,
                              rr->bands[idx].name, a,
                              noncum ? " (this period's pay in whole pounds)"
                                     : " (pay to date in whole pounds)");
        break;
    }
    case TAX_CODE_ALLOWANCE:
    case TAX_CODE_K: {
        bool k = c->kind == TAX_CODE_K;
        int64_t unit = paye_pay_adjustment_unit(c->number, k, monthly);
        int64_t adj = unit * n;
        int64_t taxable = pay_total - adj;
        int64_t pounds = taxable > 0 ? taxable / 100 : 0;
        out->pay_adjustment = adj;
        payroll_money_text(k ? -unit : unit, b, sizeof b);
        if (k)
            payroll_explain_money(&out->explain, -adj,
                                  "Additional pay from code %s, %s (%lld × %s)", c->text, label,
                                  (long long)n, b);
        else
            payroll_explain_money(&out->explain, adj, "Free pay from code %s, %s (%lld × %s)",
                                  c->text, label, (long long)n, b);
        payroll_explain_money(&out->explain, pounds * 100,
                              "Taxable pay%s, rounded down to whole pounds",
                              noncum ? "" : " to date");
        out->taxable_pounds = pounds * 100;
        due = tax_on_bands(rr, pounds, n, per, label, &out->explain);
        break;
    }
    }
    out->tax_due = due;

    if (noncum) {
        tax = due;
        payroll_explain_money(&out->explain, due, "Tax due this period (week 1 / month 1 basis)");
    } else {
        tax = due - in->tax_to_date;
        payroll_explain_money(&out->explain, due, "Tax due to date");
        payroll_explain_money(&out->explain, in->tax_to_date, "Tax deducted in earlier periods");
    }
    /* The regulatory limit: never deduct more than half of this period's pay. */
    limit = in->pay / 2;
    if (tax > limit) {
        out->not_deducted = tax - limit;
        payroll_money_text(out->not_deducted, a, sizeof a);
        payroll_explain_money(&out->explain, limit,
                              "Limited to 50%% of this period's pay (the regulatory limit): %s "
                              "not deducted now",
                              a);
        tax = limit;
    }
    out->tax = tax;
    out->tax_to_date = in->tax_to_date + tax;
    if (tax < 0)
        payroll_explain_money(&out->explain, -tax, "Tax refunded this period");
    else
        payroll_explain_money(&out->explain, tax, "Tax to deduct this period");
    return 0;
}
