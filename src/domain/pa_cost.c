/* pa_cost.c — the true employer cost of a personal assistant (see pa_cost.h for the rule). */
#include "domain/pa_cost.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/payroll/rates.h"

#define MAX_MINUTES_PER_YEAR (INT64_C(366) * 24 * 60) /* more than every minute of a year is a typo */

static const char *pounds(struct arena *a, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(a, b);
}

/* "12.07%" from basis points, without trailing zeros ("15%", "3%"). */
static const char *percent(struct arena *a, int64_t bp)
{
    int64_t whole = bp / 100, frac = bp % 100;
    if (frac < 0)
        frac = -frac;
    if (frac == 0)
        return arena_printf(a, "%" PRId64 "%%", whole);
    if (frac % 10 == 0)
        return arena_printf(a, "%" PRId64 ".%" PRId64 "%%", whole, frac / 10);
    return arena_printf(a, "%" PRId64 ".%02" PRId64 "%%", whole, frac);
}

size_t pa_cost_format_minutes(int64_t minutes, char *out, size_t outsz)
{
    int64_t h = minutes / 60, m = minutes % 60;
    int n;
    if (minutes < 0) {
        h = -h;
        m = -m;
    }
    if (h > 0 && m > 0)
        n = snprintf(out, outsz, "%" PRId64 " hour%s %" PRId64 " minute%s", h, h == 1 ? "" : "s",
                     m, m == 1 ? "" : "s");
    else if (h > 0)
        n = snprintf(out, outsz, "%" PRId64 " hour%s", h, h == 1 ? "" : "s");
    else
        n = snprintf(out, outsz, "%" PRId64 " minute%s", m, m == 1 ? "" : "s");
    if (n < 0)
        return 0;
    return (size_t)n < outsz ? (size_t)n : (outsz ? outsz - 1 : 0);
}

static const char *hours_text(struct arena *a, int64_t minutes)
{
    char b[64];
    pa_cost_format_minutes(minutes, b, sizeof b);
    return arena_strdup(a, b);
}

int pa_cost_rates_check(const struct pa_cost_rates *r, struct err *e)
{
    if (!r)
        return err_set(e, ERR_INVALID, "No PA employment rates were given, so PA hours cannot be "
                                       "costed. Load the payroll rates for the year first.");
    if ((int)r->frequency < 0 || r->frequency >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency", "The pay frequency is not one we know.");
    if (r->holiday_bp < 0 || r->employer_ni_bp < 0 || r->pension_employer_bp < 0 ||
        r->holiday_bp > PA_COST_BP || r->employer_ni_bp > PA_COST_BP ||
        r->pension_employer_bp > PA_COST_BP)
        return err_set(e, ERR_INVALID, "A PA employment rate (holiday, employer NI or pension) is "
                                       "outside 0%% to 100%%.");
    if (r->ni_secondary_threshold < 0 || r->employment_allowance < 0 || r->ae_lower < 0 ||
        r->liability_insurance < 0)
        return err_set(e, ERR_INVALID, "A PA employment threshold or amount is negative.");
    if (r->ae_lower > r->ae_trigger || r->ae_trigger > r->ae_upper)
        return err_set(e, ERR_INVALID, "The pension thresholds are out of order: the lower level "
                                       "must not exceed the trigger, nor the trigger the upper level.");
    if (r->ae_min_age < 0 || r->state_pension_age <= r->ae_min_age)
        return err_set(e, ERR_INVALID, "The pension ages are out of order.");
    return 0;
}

bool pa_cost_eligible_jobholder(const struct pa_cost_rates *r, int age, int64_t gross_period)
{
    if (age >= 0 && (age < r->ae_min_age || age >= r->state_pension_age))
        return false;
    return gross_period > r->ae_trigger;
}

static const char *period_word(enum pay_frequency f)
{
    switch (f) {
    case PAY_WEEKLY: return "week";
    case PAY_FORTNIGHTLY: return "fortnight";
    case PAY_FOUR_WEEKLY: return "4 weeks";
    case PAY_MONTHLY: return "month";
    case PAY_FREQUENCY_COUNT: break;
    }
    return "period";
}

static int add_line(struct pa_cost_result *out, enum pa_cost_component c, int64_t per_period,
                    int64_t annual, const char *text)
{
    if (!text)
        return ERR_NOMEM;
    out->lines[out->nlines++] = (struct pa_cost_line){c, per_period, annual, text};
    return 0;
}

int pa_cost_calculate(const struct pa_cost_rates *r, const struct pa_cost_input *in,
                      struct arena *a, struct pa_cost_result *out, struct err *e)
{
    int rc;
    int64_t n, pay_base, t, ea_left;
    const char *pw;

    memset(out, 0, sizeof *out);
    if ((rc = pa_cost_rates_check(r, e)) != 0)
        return rc;
    if (in->hourly_rate < 0)
        return err_set_field(e, ERR_INVALID, "hourly_rate", "The PA's hourly rate cannot be negative.");
    if (in->minutes_per_year < 0 || in->minutes_per_year > MAX_MINUTES_PER_YEAR)
        return err_set_field(e, ERR_INVALID, "hours",
                             "The PA's hours must be between none and every hour of the year.");
    if (in->employment_allowance_used < 0)
        return err_set(e, ERR_INVALID, "The Employment Allowance already used cannot be negative.");

    n = pay_periods_in_year(r->frequency);
    out->periods = (int)n;
    pw = period_word(r->frequency);

    /* 1. Wages a period: rate x minutes-a-year / (60 x periods), to the penny, halves up. Worked
     * from the year so monthly pay (52/12 weeks) comes out of the same formula as weekly. */
    if ((rc = money_muldiv(in->hourly_rate, in->minutes_per_year, 60 * n, ROUND_HALF_UP,
                           &out->wages_period)) != 0)
        goto overflow;
    /* 2. Holiday pay accrued on those wages. */
    if ((rc = money_muldiv(out->wages_period, r->holiday_bp, PA_COST_BP, ROUND_HALF_UP,
                           &out->holiday_period)) != 0)
        goto overflow;
    if ((rc = money_add(out->wages_period, out->holiday_period, &out->gross_period)) != 0)
        goto overflow;

    /* 3. Employer NI above the secondary threshold, per period (HMRC: 0.5p or less rounds down). */
    pay_base = out->gross_period - r->ni_secondary_threshold;
    if (pay_base > 0 &&
        (rc = money_muldiv(pay_base, r->employer_ni_bp, PA_COST_BP, ROUND_HALF_DOWN,
                           &out->ni_period)) != 0)
        goto overflow;

    /* 4. Pension on qualifying earnings. */
    switch (in->pension) {
    case PA_PENSION_ENROLLED: out->pension_enrolled = true; break;
    case PA_PENSION_NOT_ENROLLED: out->pension_enrolled = false; break;
    case PA_PENSION_ASSESS:
    default:
        out->pension_enrolled = pa_cost_eligible_jobholder(r, in->age, out->gross_period);
        break;
    }
    if (out->pension_enrolled) {
        int64_t qe = (out->gross_period < r->ae_upper ? out->gross_period : r->ae_upper) - r->ae_lower;
        if (qe > 0 &&
            (rc = money_muldiv(qe, r->pension_employer_bp, PA_COST_BP, ROUND_UP,
                               &out->pension_period)) != 0)
            goto overflow;
    }

    /* The year. */
    if ((rc = money_mul(out->wages_period, n, &out->wages)) != 0 ||
        (rc = money_mul(out->holiday_period, n, &out->holiday)) != 0 ||
        (rc = money_mul(out->ni_period, n, &out->employer_ni)) != 0 ||
        (rc = money_mul(out->pension_period, n, &out->pension)) != 0)
        goto overflow;
    if (r->employment_allowance_claimed) {
        ea_left = r->employment_allowance - in->employment_allowance_used;
        if (ea_left < 0)
            ea_left = 0;
        out->employment_allowance = out->employer_ni < ea_left ? out->employer_ni : ea_left;
    }
    out->insurance = in->include_liability_insurance ? r->liability_insurance : 0;

    t = out->wages;
    if ((rc = money_add(t, out->holiday, &t)) != 0 ||
        (rc = money_add(t, out->employer_ni - out->employment_allowance, &t)) != 0 ||
        (rc = money_add(t, out->pension, &t)) != 0 || (rc = money_add(t, out->insurance, &t)) != 0)
        goto overflow;
    out->total = t;
    if ((rc = money_muldiv(t, 1, 52, ROUND_HALF_UP, &out->weekly)) != 0 ||
        (rc = money_muldiv(t, 1, 13, ROUND_HALF_UP, &out->four_weekly)) != 0)
        goto overflow;
    if (in->minutes_per_year > 0 &&
        (rc = money_muldiv(t, 60, in->minutes_per_year, ROUND_HALF_UP, &out->per_hour)) != 0)
        goto overflow;
    if (out->wages > 0 &&
        (rc = money_muldiv(t - out->wages, PA_COST_BP, out->wages, ROUND_HALF_UP, &out->oncost_bp)) != 0)
        goto overflow;

    /* The explanation, one line a component. */
    if ((rc = add_line(out, PA_COST_WAGES, out->wages_period, out->wages,
            arena_printf(a, "Wages: %s at %s an hour: %s a %s, %s a year (%" PRId64
                            " pay periods).",
                         in->minutes_per_year % 52 == 0
                             ? arena_printf(a, "%s a week (%s a year)",
                                            hours_text(a, in->minutes_per_year / 52),
                                            hours_text(a, in->minutes_per_year))
                             : arena_printf(a, "%s a year", hours_text(a, in->minutes_per_year)),
                         pounds(a, in->hourly_rate),
                         pounds(a, out->wages_period), pw, pounds(a, out->wages), n))) != 0)
        goto nomem;
    if (r->holiday_bp > 0 &&
        (rc = add_line(out, PA_COST_HOLIDAY, out->holiday_period, out->holiday,
            arena_printf(a, "Holiday pay: %s of wages (5.6 weeks' paid leave for every 46.4 weeks "
                            "worked, so support continues while the PA is on leave): %s a %s, %s a "
                            "year.",
                         percent(a, r->holiday_bp), pounds(a, out->holiday_period), pw,
                         pounds(a, out->holiday)))) != 0)
        goto nomem;
    if ((rc = add_line(out, PA_COST_EMPLOYER_NI, out->ni_period, out->employer_ni,
            pay_base > 0
                ? arena_printf(a, "Employer National Insurance: %s of pay above %s a %s: (%s - %s) "
                                  "x %s = %s a %s, %s a year.",
                               percent(a, r->employer_ni_bp), pounds(a, r->ni_secondary_threshold),
                               pw, pounds(a, out->gross_period), pounds(a, r->ni_secondary_threshold),
                               percent(a, r->employer_ni_bp), pounds(a, out->ni_period), pw,
                               pounds(a, out->employer_ni))
                : arena_printf(a, "Employer National Insurance: none, because pay of %s a %s is "
                                  "not above the threshold of %s.",
                               pounds(a, out->gross_period), pw,
                               pounds(a, r->ni_secondary_threshold)))) != 0)
        goto nomem;
    if (r->employment_allowance_claimed && out->employer_ni > 0 &&
        (rc = add_line(out, PA_COST_EMPLOYMENT_ALLOWANCE, 0, -out->employment_allowance,
            arena_printf(a, "Employment Allowance: the employer claims it (up to %s a year for "
                            "all their employees; %s already used by other PAs), so %s of employer "
                            "National Insurance is not paid.",
                         pounds(a, r->employment_allowance),
                         pounds(a, in->employment_allowance_used),
                         pounds(a, out->employment_allowance)))) != 0)
        goto nomem;
    if (out->pension_enrolled) {
        const char *why = in->pension == PA_PENSION_ENROLLED
                              ? "the PA is in the workplace pension"
                              : arena_printf(a, "the PA is enrolled automatically (aged %d to %d and "
                                                "paid more than %s a %s)",
                                             r->ae_min_age, r->state_pension_age - 1,
                                             pounds(a, r->ae_trigger), pw);
        if ((rc = add_line(out, PA_COST_PENSION, out->pension_period, out->pension,
                arena_printf(a, "Employer pension: %s of pay between %s and %s a %s, because %s: "
                                "%s a %s, %s a year.",
                             percent(a, r->pension_employer_bp), pounds(a, r->ae_lower),
                             pounds(a, r->ae_upper), pw, why ? why : "",
                             pounds(a, out->pension_period), pw, pounds(a, out->pension)))) != 0)
            goto nomem;
    } else if ((rc = add_line(out, PA_COST_PENSION, 0, 0,
                   in->pension == PA_PENSION_NOT_ENROLLED
                       ? arena_printf(a, "Employer pension: none, the PA is not in a workplace "
                                         "pension.")
                       : arena_printf(a, "Employer pension: none, the PA is not enrolled "
                                         "automatically (aged under %d or %d and over, or paid "
                                         "%s a %s or less); they may opt in, and the employer then "
                                         "pays %s of pay between %s and %s.",
                                      r->ae_min_age, r->state_pension_age,
                                      pounds(a, r->ae_trigger), pw,
                                      percent(a, r->pension_employer_bp), pounds(a, r->ae_lower),
                                      pounds(a, r->ae_upper)))) != 0)
        goto nomem;
    if (in->include_liability_insurance &&
        (rc = add_line(out, PA_COST_INSURANCE, 0, out->insurance,
            arena_printf(a, "Employer's liability insurance: %s a year (the law requires it; one "
                            "policy covers all the employer's PAs).",
                         pounds(a, out->insurance)))) != 0)
        goto nomem;
    out->summary = arena_printf(a, "Total employer cost: %s a year; on average %s a week, %s every "
                                   "4 weeks, %s for each hour of support.",
                                pounds(a, out->total), pounds(a, out->weekly),
                                pounds(a, out->four_weekly), pounds(a, out->per_hour));
    if (!out->summary)
        goto nomem;
    return 0;

nomem:
    return err_set(e, ERR_NOMEM, "Out of memory while explaining a PA's cost.");
overflow:
    if (rc == ERR_NOMEM)
        goto nomem;
    return err_set(e, ERR_RANGE, "The PA's cost is too large to work out: check the hourly rate "
                                 "and hours.");
}

int pa_cost_rates_from_payroll(const struct payroll_rates *pr, enum pay_frequency f, day_t on,
                               bool employment_allowance_claimed, int64_t liability_insurance,
                               int state_pension_age, struct pa_cost_rates *out, struct err *e)
{
    const struct nic_rate_set *set = NULL;
    const struct nic_category *a = NULL;
    memset(out, 0, sizeof *out);
    if ((unsigned)f >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency", "The pay frequency is not one we know.");
    for (int i = 0; i < pr->nic.nsets; i++)
        if (pr->nic.sets[i].from <= on)
            set = &pr->nic.sets[i];
    if (!set)
        set = &pr->nic.sets[0]; /* before the year starts: its first rates */
    for (int i = 0; i < set->ncategories; i++)
        if (set->categories[i].letter == 'A')
            a = &set->categories[i];
    if (!a)
        return err_set(e, ERR_UNSUPPORTED, "The payroll rates have no NI category A.");
    out->frequency = f;
    out->holiday_bp = pr->holiday.irregular_accrual_bp;
    out->employer_ni_bp = a->employer_bp;
    out->ni_secondary_threshold = pr->nic.thresholds[f][NIC_ST];
    out->employment_allowance_claimed = employment_allowance_claimed;
    out->employment_allowance = pr->employment_allowance;
    out->pension_employer_bp = pr->ae.employer_min_bp;
    out->ae_lower = pr->ae.lower[f];
    out->ae_trigger = pr->ae.trigger[f];
    out->ae_upper = pr->ae.upper[f];
    out->ae_min_age = pr->ae.min_age_eligible;
    out->state_pension_age = state_pension_age;
    out->liability_insurance = liability_insurance;
    return pa_cost_rates_check(out, e);
}
