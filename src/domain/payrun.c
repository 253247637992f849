/* payrun.c — one PA's pay for a period, and an employer's pay run totals; see payrun.h. */
#include "domain/payrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/payroll/holiday.h"
#include "domain/payroll/nic.h"
#include "domain/payroll/nlw.h"
#include "domain/payroll/paye.h"
#include "domain/payroll/pension.h"

const struct payroll_rates *payrun_tables_year(const struct payrun_tables *t, int tax_year,
                                               struct err *e)
{
    char y[8];
    for (size_t i = 0; i < t->nyears; i++)
        if (t->years[i].year == tax_year)
            return &t->years[i];
    taxyear_format(tax_year, y);
    err_set_field(e, ERR_UNSUPPORTED, "tax_year", "There are no payroll rates for the tax year %s",
                  y);
    return NULL;
}

int payrun_period_make(enum pay_frequency f, int tax_year, int period, bool has_pay_date,
                       day_t pay_date, struct payrun_period *out, struct err *e)
{
    char y[8], a[48], b[48];
    memset(out, 0, sizeof *out);
    taxyear_format(tax_year, y);
    if ((unsigned)f >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "Choose weekly, fortnightly, four-weekly or monthly");
    if (pay_period_bounds(f, tax_year, period, &out->first, &out->last) != 0)
        return err_set_field(e, ERR_INVALID, "period", "There is no %s period %d in %s",
                             pay_frequency_name(f), period, y);
    out->frequency = f;
    out->tax_year = tax_year;
    out->period = period;
    out->pay_date = has_pay_date ? pay_date : out->last;
    if (out->pay_date < out->first || out->pay_date > out->last) {
        date_format_long(out->first, a, sizeof a);
        date_format_long(out->last, b, sizeof b);
        return err_set_field(e, ERR_INVALID, "pay_date",
                             "The pay date must fall in %s period %d of %s (%s to %s): HMRC "
                             "numbers a payment by the period its date is in",
                             pay_frequency_name(f), period, y, a, b);
    }
    return 0;
}

/* ---- names -------------------------------------------------------------------------------------- */

static const char *const holiday_names[HOLIDAY_BASIS_COUNT] = {"weeks", "accrual"};
static const char *const pension_status_names[PENSION_STATUS_COUNT] = {"assess", "opted_out",
                                                                        "opted_in"};
static const char *const relief_names[PENSION_RELIEF_COUNT] = {"relief_at_source", "net_pay"};

static int parse_name(const char *const *names, int n, const char *s, int *out)
{
    for (int i = 0; i < n; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    return ERR_INVALID;
}

const char *holiday_basis_name(enum holiday_basis b)
{
    return (unsigned)b < HOLIDAY_BASIS_COUNT ? holiday_names[b] : "weeks";
}

int holiday_basis_parse(const char *s, enum holiday_basis *out)
{
    int v, rc = parse_name(holiday_names, HOLIDAY_BASIS_COUNT, s, &v);
    if (rc == 0)
        *out = (enum holiday_basis)v;
    return rc;
}

const char *pension_status_name(enum pension_status s)
{
    return (unsigned)s < PENSION_STATUS_COUNT ? pension_status_names[s] : "assess";
}

int pension_status_parse(const char *s, enum pension_status *out)
{
    int v, rc = parse_name(pension_status_names, PENSION_STATUS_COUNT, s, &v);
    if (rc == 0)
        *out = (enum pension_status)v;
    return rc;
}

const char *pension_relief_name(enum pension_relief r)
{
    return (unsigned)r < PENSION_RELIEF_COUNT ? relief_names[r] : "relief_at_source";
}

int pension_relief_parse(const char *s, enum pension_relief *out)
{
    int v, rc = parse_name(relief_names, PENSION_RELIEF_COUNT, s, &v);
    if (rc == 0)
        *out = (enum pension_relief)v;
    return rc;
}

const char *payslip_section_title(enum payslip_section s)
{
    switch (s) {
    case SLIP_PAY: return "Your pay";
    case SLIP_TAX: return "Income tax";
    case SLIP_NI: return "National Insurance";
    case SLIP_PENSION: return "Workplace pension";
    case SLIP_NOTES: return "Notes";
    case SLIP_SECTION_COUNT: break;
    }
    return "";
}

/* ---- ages and letters ----------------------------------------------------------------------------- */

day_t payrun_state_pension_date(day_t born)
{
    day_t a, b;
    int y, m, d;
    date_to_ymd(born, &y, &m, &d);
    date_from_ymd(1960, 4, 6, &a);
    date_from_ymd(1961, 3, 6, &b);
    if (born < a)
        return date_add_months(born, 66 * 12);
    if (born < b) {
        /* Pensions Act 2014 s.26: born 6 April to 5 May 1960 is 66 and 1 month, each later month
         * of birth one month more, up to 66 and 11 months for 6 February to 5 March 1961. */
        int months = (y - 1960) * 12 + (m - 4) + (d >= 6 ? 1 : 0);
        return date_add_months(born, 66 * 12 + months);
    }
    date_from_ymd(1977, 4, 6, &a);
    date_from_ymd(1978, 4, 6, &b);
    if (born < a)
        return date_add_months(born, 67 * 12);
    if (born < b) {
        int months = (y - 1977) * 12 + (m - 4) + (d >= 6 ? 1 : 0);
        return date_add_months(born, 67 * 12 + months);
    }
    return date_add_months(born, 68 * 12);
}

char payrun_ni_category(char letter, int age, bool over_state_pension_age)
{
    if (letter != 'A' && letter != 'M')
        return letter;
    if (over_state_pension_age)
        return 'C';
    return age < 21 ? 'M' : 'A';
}

int payrun_starter_code(char statement, const char *emergency_code, char *code, size_t codesz,
                        bool *week1_month1, struct err *e)
{
    switch (statement) {
    case 'A':
        *week1_month1 = false;
        return str_copy(code, codesz, emergency_code);
    case 'B':
        *week1_month1 = true;
        return str_copy(code, codesz, emergency_code);
    case 'C':
        *week1_month1 = false;
        return str_copy(code, codesz, "BR");
    default:
        return err_set_field(e, ERR_INVALID, "starter_declaration",
                             "The starter checklist statement is A, B or C");
    }
}

/* ---- one PA --------------------------------------------------------------------------------------- */

static void explain_append(struct payroll_explain *dst, const struct payroll_explain *src)
{
    for (int i = 0; i < src->n; i++) {
        if (dst->n >= PAYROLL_EXPLAIN_MAX) {
            dst->truncated = true;
            return;
        }
        dst->lines[dst->n++] = src->lines[i];
    }
    if (src->truncated)
        dst->truncated = true;
}

static void hours_text(int64_t minutes, char *out, size_t outsz)
{
    payroll_label_format(out, outsz, "%lld.%02lld", (long long)(minutes / 60),
             (long long)((minutes % 60) * 100 / 60));
}

/* Minutes × pence an hour, to the nearest penny, halves up: what a person is paid for time. */
static int time_pay(int64_t minutes, int64_t hourly, int64_t *out)
{
    return money_muldiv(minutes, hourly, 60, ROUND_HALF_UP, out);
}

/* The leave year a day falls in, when it starts on the anniversary of the start of employment
 * (the Working Time Regulations' default when no other date is agreed). */
static day_t leave_year_start(day_t starts_on, day_t on)
{
    int years = 0;
    while (date_add_months(starts_on, (years + 1) * 12) <= on && years < 200)
        years++;
    return date_add_months(starts_on, years * 12);
}

static int add(int64_t *acc, int64_t v, struct err *e)
{
    if (money_add(*acc, v, acc) != 0)
        return err_set(e, ERR_RANGE, "An amount is too large to add up");
    return 0;
}

static int gross_pay(const struct payrun_pa_input *in, const struct payroll_rates *r,
                     struct payslip_calc *out, struct err *e)
{
    const struct payrun_contract *k = in->contract;
    const struct payrun_period *p = in->period;
    struct payroll_explain *x = &out->explain[SLIP_PAY];
    char h[32], rate[MONEY_FMT_SIZE];
    int rc;

    payroll_money_text(k->hourly_rate, rate, sizeof rate);
    if (time_pay(in->worked_minutes, k->hourly_rate, &out->basic_pay) != 0)
        return err_set(e, ERR_RANGE, "The hours worked are too many to pay");
    hours_text(in->worked_minutes, h, sizeof h);
    payroll_explain_money(x, out->basic_pay, "Hours worked: %s hours at %s an hour (%d "
                          "timesheet%s)", h, rate, in->ntimesheets, in->ntimesheets == 1 ? "" : "s");

    if (k->holiday == HOLIDAY_WEEKS) {
        if (in->holiday_minutes > 0) {
            if (time_pay(in->holiday_minutes, k->hourly_rate, &out->holiday_pay) != 0)
                return err_set(e, ERR_RANGE, "The holiday hours are too many to pay");
            hours_text(in->holiday_minutes, h, sizeof h);
            payroll_explain_money(x, out->holiday_pay, "Holiday taken: %s hours at %s an hour", h,
                                  rate);
        }
        out->ytd.holiday_balance_minutes = in->ytd.holiday_balance_minutes;
    } else {
        day_t ly = leave_year_start(k->starts_on, p->first);
        if (k->rolled_up) {
            if ((rc = holiday_rolled_up_pay(&r->holiday, ly, out->basic_pay,
                                            &out->rolled_up_holiday, e)) != 0)
                return rc;
            payroll_explain_money(x, out->rolled_up_holiday,
                                  "Rolled-up holiday pay: %d.%02d%% of pay for hours worked",
                                  r->holiday.irregular_accrual_bp / 100,
                                  r->holiday.irregular_accrual_bp % 100);
            if (in->holiday_minutes > 0) {
                hours_text(in->holiday_minutes, h, sizeof h);
                payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_NONE, 0,
                                    "Holiday taken (%s hours) is unpaid now: it was paid as "
                                    "rolled-up holiday pay with the hours worked", h);
            }
            out->ytd.holiday_balance_minutes = in->ytd.holiday_balance_minutes;
        } else {
            struct holiday_accrual acc;
            if ((rc = holiday_irregular_accrual(&r->holiday, ly, in->worked_minutes, &acc, e)) != 0)
                return rc;
            out->holiday_accrued_minutes = acc.minutes;
            if (in->holiday_minutes > 0) {
                if (time_pay(in->holiday_minutes, k->hourly_rate, &out->holiday_pay) != 0)
                    return err_set(e, ERR_RANGE, "The holiday hours are too many to pay");
                hours_text(in->holiday_minutes, h, sizeof h);
                payroll_explain_money(x, out->holiday_pay,
                                      "Holiday taken: %s hours at %s an hour, from holiday built "
                                      "up", h, rate);
            }
            out->ytd.holiday_balance_minutes =
                in->ytd.holiday_balance_minutes + acc.minutes - in->holiday_minutes;
            hours_text(acc.minutes, h, sizeof h);
            payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_HUNDREDTHS,
                                acc.minutes * 100 / 60,
                                "Holiday built up this period: %d.%02d%% of hours worked (hours)",
                                r->holiday.irregular_accrual_bp / 100,
                                r->holiday.irregular_accrual_bp % 100);
            if (out->ytd.holiday_balance_minutes < 0) {
                out->warnings++;
                payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_HUNDREDTHS,
                                    out->ytd.holiday_balance_minutes * 100 / 60,
                                    "Check: more holiday taken than built up (balance, hours)");
            } else {
                payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_HUNDREDTHS,
                                    out->ytd.holiday_balance_minutes * 100 / 60,
                                    "Holiday built up and not yet taken (hours)");
            }
        }
    }

    if (in->nspells > 0) {
        struct ssp_input si;
        struct ssp_result sr;
        int64_t awe = in->awe;
        if (awe <= 0 &&
            money_muldiv(k->hours_week_minutes, k->hourly_rate, 60, ROUND_HALF_UP, &awe) != 0)
            return err_set(e, ERR_RANGE, "The contract's weekly pay is too large");
        memset(&si, 0, sizeof si);
        si.qualifying_days = k->qualifying_days;
        si.average_weekly_earnings = awe;
        si.spells = in->spells;
        si.nspells = in->nspells;
        si.from = p->first;
        si.to = p->last;
        if ((rc = ssp_period(in->tables->ssp, in->tables->nssp, &si, &sr, e)) != 0)
            return rc;
        if (sr.sick_days > 0) {
            out->ssp = sr.amount;
            if (in->awe > 0 && in->awe_explain)
                explain_append(x, in->awe_explain);
            explain_append(x, &sr.explain);
        }
    }

    out->gross = 0;
    if ((rc = add(&out->gross, out->basic_pay, e)) || (rc = add(&out->gross, out->holiday_pay, e)) ||
        (rc = add(&out->gross, out->rolled_up_holiday, e)) || (rc = add(&out->gross, out->ssp, e)))
        return rc;
    payroll_explain_money(x, out->gross, "Gross pay");
    return 0;
}

static int pension(const struct payrun_pa_input *in, const struct payroll_rates *r, int age,
                   bool at_spa, struct payslip_calc *out, struct err *e)
{
    const struct payrun_contract *k = in->contract;
    struct payroll_explain *x = &out->explain[SLIP_PENSION];
    struct ae_result ae;
    day_t spa_date = payrun_state_pension_date(k->born);
    int spa_years = date_age_on(k->born, spa_date), spa, rc;
    bool contribute = false;
    int64_t employer, employee;
    char a[MONEY_FMT_SIZE];

    /* ae_assess compares whole years with State Pension age. Passing the age itself once the PA
     * has reached it, and otherwise the SPA in years (or the next year, for someone between their
     * 66th birthday and a State Pension date some months later) gives the exact answer on the
     * pay date. */
    if (at_spa)
        spa = age < 60 ? 60 : age > 75 ? 75 : age;
    else
        spa = spa_years > age ? spa_years : age + 1;
    if (spa > 75)
        spa = 75;
    if ((rc = ae_assess(&r->ae, in->period->frequency, age, spa, out->gross, &ae, e)) != 0)
        return rc;
    str_copy(out->pension_category, sizeof out->pension_category, ae_category_name(ae.category));
    explain_append(x, &ae.explain);
    switch (k->pension) {
    case PENSION_ASSESS:
        contribute = ae.must_enrol;
        if (!ae.must_enrol && ae.may_opt_in)
            payroll_explain_add(x, PAYROLL_UNIT_NONE, 0,
                                "You may choose to join the pension scheme: tell your employer");
        break;
    case PENSION_OPTED_OUT:
        payroll_explain_add(x, PAYROLL_UNIT_NONE, 0,
                            "You opted out of the pension scheme, so nothing is paid into it");
        break;
    case PENSION_OPTED_IN:
        contribute = ae.category == AE_ELIGIBLE_JOBHOLDER ||
                     ae.category == AE_NON_ELIGIBLE_JOBHOLDER;
        if (contribute)
            payroll_explain_add(x, PAYROLL_UNIT_NONE, 0, "You chose to join the pension scheme");
        break;
    case PENSION_STATUS_COUNT:
        break;
    }
    if (!contribute)
        return 0;
    if (!k->has_pension_scheme) {
        out->warnings++;
        payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_NONE, 0,
                            "Employer: this PA must be in a workplace pension, but the contract "
                            "names no scheme. Choose one (NEST takes any employer) and add it");
        return 0;
    }
    /* Contract rates, rounded up like the minimums, and never below them. */
    if (money_muldiv(ae.qualifying_earnings, k->pension_employer_bp, 10000, ROUND_UP, &employer) ||
        money_muldiv(ae.qualifying_earnings, k->pension_employee_bp, 10000, ROUND_UP, &employee))
        return err_set(e, ERR_RANGE, "Pay is too large to work out pension contributions");
    if (employer < ae.employer_minimum)
        employer = ae.employer_minimum;
    if (employer + employee < ae.employer_minimum + ae.employee_minimum)
        employee = ae.employer_minimum + ae.employee_minimum - employer;
    out->employer_pension = employer;
    out->employee_pension = employee;
    payroll_explain_money(x, employer, "Your employer pays into the scheme");
    if (k->relief == RELIEF_AT_SOURCE) {
        /* Relief at source: the PA pays 80% and the scheme claims the basic-rate 20% from HMRC.
         * Rounded up, so the scheme never receives less than the contribution. */
        if (money_muldiv(employee, 8000, 10000, ROUND_UP, &out->employee_pension_deducted) != 0)
            return err_set(e, ERR_RANGE, "Pay is too large to work out pension contributions");
        payroll_money_text(employee - out->employee_pension_deducted, a, sizeof a);
        payroll_explain_money(x, employee, "Your contribution (%s of it is tax relief the scheme "
                              "claims from HMRC)", a);
        payroll_explain_money(x, out->employee_pension_deducted,
                              "Taken from your pay after tax (relief at source)");
    } else {
        out->employee_pension_deducted = employee;
        payroll_explain_money(x, employee,
                              "Your contribution, taken from your pay before tax (net pay "
                              "arrangement)");
    }
    return 0;
}

int payrun_pa(const struct payrun_pa_input *in, struct payslip_calc *out, struct err *e)
{
    const struct payrun_contract *k = in->contract;
    const struct payrun_period *p = in->period;
    const struct payroll_rates *r;
    struct nmw_worker w;
    struct nmw_check nmw;
    struct tax_code code;
    struct paye_input pi;
    struct paye_result pr;
    struct nic_result nr;
    day_t spa_date;
    bool at_spa;
    char letter;
    int rc;

    /* Every figure cleared, but not the explanation's 17 KB of line slots: only their counts
     * (nothing reads a line past its section's n). Clearing the whole struct was 6% of a stored
     * pay run's instructions (callgrind). */
    memset(out, 0, offsetof(struct payslip_calc, explain));
    for (int s = 0; s < SLIP_SECTION_COUNT; s++)
        payroll_explain_init(&out->explain[s]);
    if (k->frequency != p->frequency)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "This contract is paid %s, not %s", pay_frequency_name(k->frequency),
                             pay_frequency_name(p->frequency));
    if (in->worked_minutes < 0 || in->holiday_minutes < 0)
        return err_set_field(e, ERR_INVALID, "worked_minutes", "Hours cannot be negative");
    if (!(r = payrun_tables_year(in->tables, p->tax_year, e)))
        return ERR_UNSUPPORTED;

    out->worked_minutes = in->worked_minutes;
    out->holiday_minutes = in->holiday_minutes;
    out->hourly_rate = k->hourly_rate;
    out->age = date_age_on(k->born, p->pay_date);
    if (out->age < 0 || k->born > p->pay_date)
        return err_set_field(e, ERR_INVALID, "date_of_birth", "The PA's date of birth is after "
                                                              "the pay date");

    /* 1. Minimum wage for the PA's age on the pay date. */
    memset(&w, 0, sizeof w);
    w.born = k->born;
    w.apprentice = k->apprentice;
    w.apprenticeship_start = k->apprenticeship_start;
    if ((rc = nmw_check_hourly(in->tables->nmw, in->tables->nnmw, &w, p->pay_date, k->hourly_rate,
                               &nmw, e)) != 0)
        return rc;
    if (nmw.below)
        return err_set_field(e, ERR_INVALID, "hourly_rate",
                             "%s Raise the contract's hourly rate before paying.", nmw.message);
    out->minimum_hourly = nmw.minimum.entitled ? nmw.minimum.hourly : 0;
    if (nmw.minimum.entitled)
        payroll_explain_money(&out->explain[SLIP_NOTES], out->minimum_hourly,
                              "Legal minimum an hour at age %d: %s (your rate meets it)",
                              out->age, nmw.minimum.rate_name);
    else
        payroll_explain_add(&out->explain[SLIP_NOTES], PAYROLL_UNIT_NONE, 0,
                            "No minimum wage applies under 16");

    /* 2. Gross pay. */
    if ((rc = gross_pay(in, r, out, e)) != 0)
        return rc;

    /* 3. Pension. */
    spa_date = payrun_state_pension_date(k->born);
    at_spa = p->pay_date >= spa_date;
    if ((rc = pension(in, r, out->age, at_spa, out, e)) != 0)
        return rc;

    /* 4. PAYE. */
    if ((rc = paye_tax_code_parse(k->tax_code, &code, e)) != 0)
        return rc;
    out->taxable_pay = out->gross;
    if (k->relief == RELIEF_NET_PAY)
        out->taxable_pay -= out->employee_pension_deducted;
    memset(&pi, 0, sizeof pi);
    pi.code = code;
    pi.frequency = p->frequency;
    pi.period = p->period;
    pi.week1_month1 = k->week1_month1 || code.non_cumulative;
    pi.pay = out->taxable_pay;
    pi.pay_to_date = in->ytd.taxable;
    pi.tax_to_date = in->ytd.tax;
    if (k->previous_tax_year == p->tax_year) {
        pi.pay_to_date += k->previous_pay;
        pi.tax_to_date += k->previous_tax;
    }
    if ((rc = paye_period_tax(&r->paye, &pi, &pr, e)) != 0)
        return rc;
    out->tax = pr.tax;
    out->week1_month1 = pr.non_cumulative;
    str_copy(out->tax_code, sizeof out->tax_code, code.text);
    {
        /* Stored as the code alone; the basis is week1_month1 (an FPS reports them apart). */
        char *sp = strchr(out->tax_code, ' ');
        if (sp)
            *sp = '\0';
    }
    if (k->previous_tax_year == p->tax_year && (k->previous_pay || k->previous_tax))
        payroll_explain_add(&out->explain[SLIP_TAX], PAYROLL_UNIT_NONE, 0,
                            "Pay and tax to date include your previous job's (from your P45)");
    explain_append(&out->explain[SLIP_TAX], &pr.explain);

    /* 5. National Insurance, with the letter the PA's age calls for. */
    letter = payrun_ni_category(k->ni_category, out->age, at_spa);
    if (letter != k->ni_category)
        payroll_explain_add(&out->explain[SLIP_NI], PAYROLL_UNIT_NONE, 0,
                            "Category %c used instead of %c: %s", letter, k->ni_category,
                            letter == 'C' ? "over State Pension age"
                            : letter == 'M' ? "under 21"
                                            : "21 or over");
    if ((rc = nic_period(&r->nic, letter, p->frequency, out->gross, p->pay_date, &nr, e)) != 0)
        return rc;
    out->ni_category = letter;
    out->employee_ni = nr.employee;
    out->employer_ni = nr.employer;
    out->at_lel = nr.earnings_at_lel;
    out->lel_to_pt = nr.earnings_lel_to_pt;
    out->pt_to_uel = nr.earnings_pt_to_uel;
    out->above_uel = nr.earnings_above_uel;
    explain_append(&out->explain[SLIP_NI], &nr.explain);

    /* 6. Net pay. */
    out->net_pay = out->gross - out->tax - out->employee_ni - out->employee_pension_deducted;
    if (out->net_pay < 0)
        return err_set(e, ERR_RANGE,
                       "The deductions come to more than the pay this period: check the tax code "
                       "and the hours");
    payroll_explain_money(&out->explain[SLIP_PAY], -out->tax, "Income tax");
    payroll_explain_money(&out->explain[SLIP_PAY], -out->employee_ni, "National Insurance");
    if (out->employee_pension_deducted)
        payroll_explain_money(&out->explain[SLIP_PAY], -out->employee_pension_deducted,
                              "Workplace pension");
    payroll_explain_money(&out->explain[SLIP_PAY], out->net_pay, "Take-home pay");

    /* Year to date after this period. */
    out->ytd.gross = in->ytd.gross + out->gross;
    out->ytd.taxable = in->ytd.taxable + out->taxable_pay;
    out->ytd.tax = in->ytd.tax + out->tax;
    out->ytd.niable = in->ytd.niable + out->gross;
    out->ytd.employee_ni = in->ytd.employee_ni + out->employee_ni;
    out->ytd.employer_ni = in->ytd.employer_ni + out->employer_ni;
    out->ytd.at_lel = in->ytd.at_lel + out->at_lel;
    out->ytd.lel_to_pt = in->ytd.lel_to_pt + out->lel_to_pt;
    out->ytd.pt_to_uel = in->ytd.pt_to_uel + out->pt_to_uel;
    out->ytd.employee_pension = in->ytd.employee_pension + out->employee_pension;
    out->ytd.employer_pension = in->ytd.employer_pension + out->employer_pension;
    out->ytd.ssp = in->ytd.ssp + out->ssp;
    for (int s = 0; s < SLIP_SECTION_COUNT; s++)
        if (out->explain[s].truncated)
            return err_set(e, ERR_RANGE, "internal error: the %s explanation has too many lines",
                           payslip_section_title((enum payslip_section)s));
    return 0;
}

/* ---- stored explanations ---------------------------------------------------------------------------- */

/* Writes v in decimal at p; returns the length. (A pay run formats a quarter of a million of
 * these a second, so no printf.) */
static size_t put_i64(char *p, int64_t v)
{
    char tmp[24];
    size_t n = 0, len = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        p[len++] = '-';
    while (n)
        p[len++] = tmp[--n];
    return len;
}

int payslip_explain_format(const struct payroll_explain explain[SLIP_SECTION_COUNT], struct buf *out)
{
    for (int s = 0; s < SLIP_SECTION_COUNT; s++)
        for (int i = 0; i < explain[s].n; i++) {
            const struct payroll_line *l = &explain[s].lines[i];
            char line[PAYROLL_LABEL_MAX + 48];
            size_t n = 0, len = strnlen(l->label, PAYROLL_LABEL_MAX - 1);
            int rc;
            line[n++] = (char)('0' + s);
            line[n++] = '\t';
            line[n++] = (char)('0' + (int)l->unit);
            line[n++] = '\t';
            n += put_i64(line + n, l->amount);
            line[n++] = '\t';
            /* Copied whole, then only the rare tab or newline replaced: a character-by-character
             * copy took 18,000 instructions a payslip, this 4,000. */
            memcpy(line + n, l->label, len);
            line[n + len] = '\0'; /* strcspn's stop; the newline replaces it */
            for (char *c = line + n, *end = line + n + len;
                 (c += strcspn(c, "\t\n\r")) < end; c++)
                *c = ' ';
            n += len;
            line[n++] = '\n';
            if ((rc = buf_add(out, line, n)) != 0)
                return rc;
        }
    return 0;
}

int payslip_explain_parse(const char *text, struct payroll_explain explain[SLIP_SECTION_COUNT],
                          struct err *e)
{
    const char *p = text ? text : "";
    for (int s = 0; s < SLIP_SECTION_COUNT; s++)
        payroll_explain_init(&explain[s]);
    while (*p) {
        const char *end = strchr(p, '\n'), *t1, *t2, *t3;
        int64_t sec, unit, amount;
        struct payroll_explain *x;
        if (!end)
            end = p + strlen(p);
        t1 = memchr(p, '\t', (size_t)(end - p));
        t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
        t3 = t2 ? memchr(t2 + 1, '\t', (size_t)(end - t2 - 1)) : NULL;
        if (!t3 || str_to_i64(p, (size_t)(t1 - p), 0, SLIP_SECTION_COUNT - 1, &sec) != 0 ||
            str_to_i64(t1 + 1, (size_t)(t2 - t1 - 1), 0, PAYROLL_UNIT_HUNDREDTHS, &unit) != 0 ||
            str_to_i64(t2 + 1, (size_t)(t3 - t2 - 1), -MONEY_MAX_PENCE, MONEY_MAX_PENCE,
                       &amount) != 0)
            return err_set(e, ERR_INVALID, "A stored payslip explanation line is malformed");
        x = &explain[sec];
        if (x->n < PAYROLL_EXPLAIN_MAX) {
            struct payroll_line *l = &x->lines[x->n++];
            size_t n = (size_t)(end - t3 - 1);
            if (n >= sizeof l->label)
                n = sizeof l->label - 1;
            memcpy(l->label, t3 + 1, n);
            l->label[n] = '\0';
            l->amount = amount;
            l->unit = (enum payroll_unit)unit;
        } else {
            x->truncated = true;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* ---- the employer's run ---------------------------------------------------------------------------- */

void payrun_totals_init(struct payrun_totals *t)
{
    memset(t, 0, sizeof *t);
    payroll_explain_init(&t->explain);
}

int payrun_totals_add(struct payrun_totals *t, const struct payslip_calc *p, struct err *e)
{
    int rc;
    if ((rc = add(&t->gross, p->gross, e)) || (rc = add(&t->tax, p->tax, e)) ||
        (rc = add(&t->employee_ni, p->employee_ni, e)) ||
        (rc = add(&t->employer_ni, p->employer_ni, e)) ||
        (rc = add(&t->employee_pension, p->employee_pension, e)) ||
        (rc = add(&t->employee_pension_deducted, p->employee_pension_deducted, e)) ||
        (rc = add(&t->employer_pension, p->employer_pension, e)) ||
        (rc = add(&t->net_pay, p->net_pay, e)))
        return rc;
    t->payslips++;
    t->warnings += p->warnings;
    return 0;
}

int payrun_totals_finish(struct payrun_totals *t, bool allowance_claimed, int64_t year_allowance,
                         int64_t allowance_used_before, struct err *e)
{
    int rc;
    payroll_explain_init(&t->explain);
    payroll_explain_money(&t->explain, t->gross, "Gross pay of %d PA%s", t->payslips,
                          t->payslips == 1 ? "" : "s");
    payroll_explain_money(&t->explain, t->employer_ni, "Employer National Insurance");
    t->allowance_offset = 0;
    if (allowance_claimed) {
        struct nic_allowance_result ea;
        if ((rc = nic_employment_allowance(year_allowance, allowance_used_before, t->employer_ni,
                                           &ea, e)) != 0)
            return rc;
        t->allowance_offset = ea.offset;
        explain_append(&t->explain, &ea.explain);
    } else {
        payroll_explain_add(&t->explain, PAYROLL_UNIT_NONE, 0,
                            "Employment Allowance not claimed: employer NI is paid in full");
    }
    t->hmrc_due = t->tax + t->employee_ni + t->employer_ni - t->allowance_offset;
    t->pension_due = t->employee_pension_deducted + t->employer_pension;
    t->employer_cost = t->gross + t->employer_ni - t->allowance_offset + t->employer_pension;
    payroll_explain_money(&t->explain, t->net_pay, "To the PAs: take-home pay");
    payroll_explain_money(&t->explain, t->pension_due, "To the pension scheme");
    payroll_explain_money(&t->explain, t->hmrc_due,
                          "To HMRC: income tax, employee and employer NI, less the allowance");
    payroll_explain_money(&t->explain, t->employer_cost, "Cost to the employer this period");
    return 0;
}

int payrun_hmrc_payment(day_t pay_date, bool quarterly_chosen, int64_t average_monthly_liability,
                        struct hmrc_payment *out, struct err *e)
{
    int ty = taxyear_of(pay_date), m = tax_month(pay_date), y, mo, dd;
    day_t start, end;
    char a[48], b[48], lim[MONEY_FMT_SIZE];

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if (average_monthly_liability < 0)
        return err_set(e, ERR_INVALID, "The average monthly liability cannot be negative");
    out->tax_month = m;
    out->quarter = (m - 1) / 3 + 1;
    payroll_money_text(HMRC_QUARTERLY_LIMIT, lim, sizeof lim);
    out->quarterly = quarterly_chosen && average_monthly_liability < HMRC_QUARTERLY_LIMIT;
    if (quarterly_chosen && !out->quarterly)
        payroll_explain_money(&out->explain, average_monthly_liability,
                              "Quarterly payment is only allowed when the average monthly amount "
                              "due is under %s: pay monthly", lim);
    else if (out->quarterly)
        payroll_explain_money(&out->explain, average_monthly_liability,
                              "Average monthly amount due is under %s, so HMRC is paid quarterly",
                              lim);
    if (out->quarterly) {
        start = date_add_months(taxyear_start(ty), (out->quarter - 1) * 3);
        end = date_add_months(taxyear_start(ty), out->quarter * 3) - 1;
    } else {
        start = date_add_months(taxyear_start(ty), m - 1);
        end = date_add_months(taxyear_start(ty), m) - 1;
    }
    out->period_end = end;
    /* Due by the 22nd of the month the period ends in (it ends on the 5th), paid electronically. */
    date_to_ymd(end, &y, &mo, &dd);
    if (date_from_ymd(y, mo, 22, &out->due) != 0)
        return err_set(e, ERR_RANGE, "internal error: no due date");
    date_format_long(start, a, sizeof a);
    date_format_long(end, b, sizeof b);
    if (out->quarterly)
        payroll_label_format(out->label, sizeof out->label, "quarter %d (%s to %s)", out->quarter, a, b);
    else
        payroll_label_format(out->label, sizeof out->label, "tax month %d (%s to %s)", m, a, b);
    date_format_long(out->due, a, sizeof a);
    payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0, "Pay HMRC for %s by %s", out->label,
                        a);
    return 0;
}
