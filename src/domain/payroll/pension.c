/* pension.c — automatic enrolment assessment and minimum contributions; see pension.h. */
#include "domain/payroll/pension.h"

#include <string.h>

#include "base/err.h"
#include "base/money.h"

const char *ae_category_name(enum ae_category c)
{
    switch (c) {
    case AE_ELIGIBLE_JOBHOLDER:
        return "eligible jobholder";
    case AE_NON_ELIGIBLE_JOBHOLDER:
        return "non-eligible jobholder";
    case AE_ENTITLED_WORKER:
        return "entitled worker";
    case AE_OUTSIDE:
    default:
        return "outside automatic enrolment (under 16 or 75 and over)";
    }
}

int64_t ae_qualifying_earnings(const struct ae_rates *r, enum pay_frequency f, int64_t earnings)
{
    int64_t top = earnings < r->upper[f] ? earnings : r->upper[f];
    return top > r->lower[f] ? top - r->lower[f] : 0;
}

int ae_assess(const struct ae_rates *r, enum pay_frequency f, int age, int state_pension_age,
              int64_t earnings, struct ae_result *out, struct err *e)
{
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
    int64_t total = 0;

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if ((int)f < 0 || f >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency", "the pay frequency is not one we know");
    if (age < 0 || age > 130)
        return err_set_field(e, ERR_INVALID, "age", "the age %d is not possible", age);
    if (state_pension_age < 60 || state_pension_age > 75)
        return err_set_field(e, ERR_INVALID, "state_pension_age",
                             "State Pension age %d is outside 60 to 75: check it",
                             state_pension_age);
    if (earnings < 0 || earnings > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "earnings", "earnings must be £0 or more");

    payroll_money_text(r->trigger[f], a, sizeof a);
    payroll_money_text(r->lower[f], b, sizeof b);
    payroll_explain_money(&out->explain, earnings, "Earnings this %s pay reference period",
                          pay_frequency_name(f));

    if (age < r->min_age_worker || age > r->max_age_worker) {
        out->category = AE_OUTSIDE;
        payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, age,
                            "Age: under %d or over %d, so no automatic enrolment duties",
                            r->min_age_worker, r->max_age_worker);
        return 0;
    }
    if (age >= r->min_age_eligible && age < state_pension_age && earnings > r->trigger[f]) {
        out->category = AE_ELIGIBLE_JOBHOLDER;
        out->must_enrol = true;
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "Eligible jobholder: aged %d to State Pension age (%d) and earning "
                            "more than the trigger of %s: must be enrolled",
                            r->min_age_eligible, state_pension_age, a);
    } else if (earnings > r->lower[f]) {
        out->category = AE_NON_ELIGIBLE_JOBHOLDER;
        out->may_opt_in = true;
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "Non-eligible jobholder: earning more than the lower level of %s but "
                            "not eligible (age %d, trigger %s): may opt in, and the employer "
                            "then contributes",
                            b, age, a);
    } else {
        out->category = AE_ENTITLED_WORKER;
        out->may_join = true;
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "Entitled worker: earning no more than the lower level of %s: may ask "
                            "to join a scheme; the employer need not contribute",
                            b);
        return 0;
    }
    out->qualifying_earnings = ae_qualifying_earnings(r, f, earnings);
    payroll_money_text(r->upper[f], a, sizeof a);
    payroll_explain_money(&out->explain, out->qualifying_earnings,
                          "Qualifying earnings (between %s and %s)", b, a);
    /* Minimums rounded UP: a contribution rounded down would fall short of the legal minimum. */
    if (money_muldiv(out->qualifying_earnings, r->employer_min_bp, 10000, ROUND_UP,
                     &out->employer_minimum) != 0 ||
        money_muldiv(out->qualifying_earnings, r->total_min_bp - r->employer_min_bp, 10000,
                     ROUND_UP, &out->employee_minimum) != 0)
        return err_set(e, ERR_RANGE, "earnings too large to work out contributions");
    total = out->employer_minimum + out->employee_minimum;
    payroll_explain_money(&out->explain, out->employer_minimum,
                          "Employer minimum contribution (%d%% of qualifying earnings)",
                          r->employer_min_bp / 100);
    payroll_explain_money(&out->explain, out->employee_minimum,
                          "Worker minimum contribution (the rest of %d%%)", r->total_min_bp / 100);
    payroll_explain_money(&out->explain, total, "Minimum total contribution");
    return 0;
}
