/* charging_settings_text.c — see charging_settings_text.h. */
#include "io/charging_settings_text.h"

#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "base/money.h"

static bool given(const char *s)
{
    return s && *s;
}

/* A percentage with up to two decimals, as basis points ("12.5" -> 1250), 0 to 100%. Read as
 * money because the strict money reader already refuses a third decimal, letters and signs. */
static int percent_bp(const char *s, const char *field, int64_t *bp, struct err *e)
{
    struct err le = {0};
    if (money_parse(s, strlen(s), 0, bp, field, &le) != 0 || *bp > 10000)
        return err_set_field(e, ERR_INVALID, field,
                             "%s is a percentage from 0 to 100, like \"10\" or \"12.5\".", field);
    return 0;
}

int charging_choices_apply(struct charging_settings *s, const struct charging_choices_text *t,
                           struct err *e)
{
    int64_t bp;
    if (!given(t->night_care_rule) ||
        charging_night_care_rule_parse(t->night_care_rule, &s->night_care) != 0)
        return err_set_field(e, ERR_INVALID, "night_care_rule",
                             "night_care_rule must be none, higher_minus_lower_if_no_night_care "
                             "or whole_enhanced.");
    if (given(t->mig_uplift_percent) && t->has_mig_uplift_weekly)
        return err_set_field(e, ERR_INVALID, "mig_uplift_weekly",
                             "Give mig_uplift_percent or mig_uplift_weekly, not both.");
    if (given(t->mig_uplift_percent)) {
        if (percent_bp(t->mig_uplift_percent, "mig_uplift_percent", &bp, e) != 0)
            return e->code;
        s->uplift_kind = bp ? CHARGING_UPLIFT_PERCENT : CHARGING_UPLIFT_NONE;
        s->mig_uplift = bp;
    } else if (t->has_mig_uplift_weekly) {
        s->uplift_kind = t->mig_uplift_weekly ? CHARGING_UPLIFT_FLAT : CHARGING_UPLIFT_NONE;
        s->mig_uplift = t->mig_uplift_weekly;
    }
    if (given(t->percent_of_disposable_income)) {
        if (percent_bp(t->percent_of_disposable_income, "percent_of_disposable_income", &bp, e) !=
            0)
            return e->code;
        s->share_of_disposable_bp = bp;
    }
    if (given(t->monthly_to_weekly_rounding)) {
        if (strcmp(t->monthly_to_weekly_rounding, "nearest_penny") == 0)
            s->monthly_nearest_penny = true;
        else if (strcmp(t->monthly_to_weekly_rounding, "in_persons_favour") == 0)
            s->monthly_nearest_penny = false;
        else
            return err_set_field(e, ERR_INVALID, "monthly_to_weekly_rounding",
                                 "monthly_to_weekly_rounding must be in_persons_favour or "
                                 "nearest_penny.");
    }
    return 0;
}

/* An optional amount in pounds: empty leaves *out alone. */
static int amount(const char *s, const char *field, int64_t *out, struct err *e)
{
    if (!given(s))
        return 0;
    return money_parse(s, strlen(s), 0, out, field, e);
}

int charging_settings_from_form(const struct charging_settings_form *f,
                                struct charging_settings *s, struct err *e)
{
    struct charging_choices_text t = {
        .night_care_rule = f->night_care_rule,
        .mig_uplift_percent = f->mig_uplift_percent,
        .percent_of_disposable_income = f->percent_of_disposable_income,
        .monthly_to_weekly_rounding = f->monthly_to_weekly_rounding,
    };
    int rc;
    if (!given(f->effective_from))
        return err_set_field(e, ERR_INVALID, "effective_from",
                             "Enter the date these settings start, like 2026-04-06.");
    if (date_parse_iso(f->effective_from, strlen(f->effective_from), &s->effective_from,
                       "effective_from", e) != 0)
        return e->code;
    s->has_end = given(f->effective_to);
    if (s->has_end && date_parse_iso(f->effective_to, strlen(f->effective_to), &s->effective_to,
                                     "effective_to", e) != 0)
        return e->code;
    if (s->has_end && s->effective_to < s->effective_from)
        return err_set_field(e, ERR_INVALID, "effective_to",
                             "The end date must not be before the start date.");
    if (given(f->mig_uplift_weekly)) {
        t.has_mig_uplift_weekly = true;
        if ((rc = amount(f->mig_uplift_weekly, "mig_uplift_weekly", &t.mig_uplift_weekly, e)) != 0)
            return rc;
    }
    if ((rc = amount(f->minimum_charge, "minimum_charge", &s->minimum_charge, e)) != 0 ||
        (rc = amount(f->capital_lower_limit, "capital_lower_limit", &s->capital_lower, e)) != 0 ||
        (rc = amount(f->capital_upper_limit, "capital_upper_limit", &s->capital_upper, e)) != 0 ||
        (rc = amount(f->dre_standard_allowance, "dre_standard_allowance",
                     &s->dre_standard_allowance, e)) != 0)
        return rc;
    return charging_choices_apply(s, &t, e);
}
