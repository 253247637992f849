/* nic.c — Class 1 NI by the exact percentage method; see nic.h. */
#include "domain/payroll/nic.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"

int64_t nic_round(int64_t amount, int32_t rate_bp)
{
    /* amount × rate / 10000 pence = amount × rate / 1000 tenths of a penny. */
    __int128 tenths = (__int128)amount * rate_bp / 1000;
    int64_t pence = (int64_t)(tenths / 10);
    if (tenths % 10 >= 6)
        pence += 1;
    return pence;
}

const struct nic_category *nic_category_on(const struct nic_rates *r, char category, day_t on)
{
    const struct nic_rate_set *set = NULL;
    for (int i = 0; i < r->nsets; i++)
        if (r->sets[i].from <= on)
            set = &r->sets[i];
    if (!set)
        return NULL;
    for (int i = 0; i < set->ncategories; i++)
        if (set->categories[i].letter == category)
            return &set->categories[i];
    return NULL;
}

static enum nic_threshold relief_threshold(enum nic_relief relief)
{
    switch (relief) {
    case NIC_RELIEF_UST:
        return NIC_UST;
    case NIC_RELIEF_AUST:
        return NIC_AUST;
    case NIC_RELIEF_VUST:
        return NIC_VUST;
    case NIC_RELIEF_FUST:
        return NIC_FUST;
    case NIC_RELIEF_IZUST:
        return NIC_IZUST;
    case NIC_RELIEF_NONE:
    default:
        return NIC_THRESHOLD_COUNT;
    }
}

static const char *relief_name(enum nic_relief relief)
{
    switch (relief) {
    case NIC_RELIEF_UST:
        return "upper secondary threshold (under 21)";
    case NIC_RELIEF_AUST:
        return "apprentice upper secondary threshold";
    case NIC_RELIEF_VUST:
        return "veterans' upper secondary threshold";
    case NIC_RELIEF_FUST:
        return "freeport upper secondary threshold";
    case NIC_RELIEF_IZUST:
        return "investment zone upper secondary threshold";
    case NIC_RELIEF_NONE:
    default:
        return "";
    }
}

/* "8%", "13.8%", "1.85%" */
static void fmt_rate(int32_t bp, char *out, size_t outsz)
{
    if (bp % 100 == 0)
        payroll_label_format(out, outsz, "%d%%", bp / 100);
    else if (bp % 10 == 0)
        payroll_label_format(out, outsz, "%d.%d%%", bp / 100, (bp % 100) / 10);
    else
        payroll_label_format(out, outsz, "%d.%02d%%", bp / 100, bp % 100);
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Pay between lo and hi (hi < 0: no top). */
static int64_t in_band(int64_t gross, int64_t lo, int64_t hi)
{
    int64_t top = hi < 0 ? gross : min64(gross, hi);
    return max64(0, top - lo);
}

/* One band's contribution, rounded on its own, with its explanation line. */
static int64_t band(struct payroll_explain *x, const char *who, int64_t gross, int64_t lo,
                    int64_t hi, int32_t rate_bp, const char *what)
{
    int64_t amount = in_band(gross, lo, hi);
    int64_t c;
    char a[MONEY_FMT_SIZE], r[16];
    if (amount == 0)
        return 0;
    c = nic_round(amount, rate_bp);
    payroll_money_text(amount, a, sizeof a);
    fmt_rate(rate_bp, r, sizeof r);
    payroll_explain_money(x, c, "%s: %s on %s %s", who, r, a, what);
    return c;
}

int nic_period(const struct nic_rates *r, char category, enum pay_frequency f, int64_t gross,
               day_t pay_date, struct nic_result *out, struct err *e)
{
    const struct nic_category *cat;
    const int64_t *th;
    int64_t lel, pt, st, uel, relief_top;
    enum nic_threshold rt;

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if ((int)f < 0 || f >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency", "the pay frequency is not one we know");
    if (gross < 0 || gross > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "gross", "pay for NI must be £0 or more");
    if (taxyear_of(pay_date) != r->year) {
        char d[DATE_ISO_SIZE];
        date_format_iso(pay_date, d);
        return err_set_field(e, ERR_INVALID, "pay_date",
                             "the pay date %s is not in tax year %d-%02d, whose NI rates these "
                             "are",
                             d, r->year, (r->year + 1) % 100);
    }
    if (category >= 'a' && category <= 'z')
        category = (char)(category - 'a' + 'A');
    cat = nic_category_on(r, category, pay_date);
    if (!cat)
        return err_set_field(e, ERR_INVALID, "category",
                             "there is no NI category letter '%c' in %d-%02d on that date: use the "
                             "letter HMRC's guidance gives for the employee (A for most)",
                             category >= 0x21 && category <= 0x7e ? category : '?', r->year,
                             (r->year + 1) % 100);
    out->category = category;
    th = r->thresholds[f];
    lel = th[NIC_LEL];
    pt = th[NIC_PT];
    st = th[NIC_ST];
    uel = th[NIC_UEL];

    /* Earnings bands, as an FPS reports them. */
    if (gross >= lel) {
        out->earnings_at_lel = lel;
        out->earnings_lel_to_pt = in_band(gross, lel, pt);
    }
    out->earnings_pt_to_uel = in_band(gross, pt, uel);
    out->earnings_above_uel = in_band(gross, uel, -1);

    payroll_explain_money(&out->explain, gross, "Pay for NI this %s period, category %c",
                          pay_frequency_name(f), category);

    /* Employee (primary) contributions. */
    out->employee += band(&out->explain, "Employee", gross, pt, uel, cat->employee_bp,
                          "between the primary threshold and the upper earnings limit");
    out->employee += band(&out->explain, "Employee", gross, uel, -1, cat->employee_above_bp,
                          "above the upper earnings limit");

    /* Employer (secondary) contributions: from the ST, with the category's zero-rate band. */
    rt = relief_threshold(cat->relief);
    relief_top = st;
    if (rt != NIC_THRESHOLD_COUNT && th[rt] > st) {
        relief_top = th[rt];
        if (in_band(gross, st, relief_top) > 0) {
            char a[MONEY_FMT_SIZE];
            payroll_money_text(in_band(gross, st, relief_top), a, sizeof a);
            payroll_explain_money(&out->explain, 0,
                                  "Employer: 0%% on %s up to the %s (category %c relief)", a,
                                  relief_name(cat->relief), category);
        }
    }
    if (relief_top < uel) {
        out->employer += band(&out->explain, "Employer", gross, relief_top, uel, cat->employer_bp,
                              relief_top == st ? "above the secondary threshold"
                                               : "above the relief threshold");
        out->employer += band(&out->explain, "Employer", gross, uel, -1, cat->employer_bp,
                              "above the upper earnings limit");
    } else {
        out->employer += band(&out->explain, "Employer", gross, relief_top, -1, cat->employer_bp,
                              "above the relief threshold");
    }
    payroll_explain_money(&out->explain, out->employee, "Employee NI this period");
    payroll_explain_money(&out->explain, out->employer, "Employer NI this period");
    return 0;
}

int nic_employment_allowance(int64_t year_allowance, int64_t used_before, int64_t employer_ni,
                             struct nic_allowance_result *out, struct err *e)
{
    int64_t left;
    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if (year_allowance < 0 || used_before < 0 || employer_ni < 0)
        return err_set(e, ERR_INVALID,
                       "the Employment Allowance, the amount used and employer NI must be £0 or "
                       "more");
    if (used_before > year_allowance)
        return err_set_field(e, ERR_INVALID, "used_before",
                             "more Employment Allowance has been used than the year allows");
    left = year_allowance - used_before;
    out->offset = employer_ni < left ? employer_ni : left;
    out->employer_payable = employer_ni - out->offset;
    out->used_to_date = used_before + out->offset;
    out->remaining = year_allowance - out->used_to_date;
    payroll_explain_money(&out->explain, employer_ni, "Employer NI this period");
    payroll_explain_money(&out->explain, left, "Employment Allowance left before this period");
    payroll_explain_money(&out->explain, out->offset, "Paid by the Employment Allowance");
    payroll_explain_money(&out->explain, out->employer_payable, "Employer NI to pay HMRC");
    payroll_explain_money(&out->explain, out->remaining, "Employment Allowance left this year");
    return 0;
}
