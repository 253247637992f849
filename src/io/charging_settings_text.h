/*
 * charging_settings_text.h — a council's charging choices as people type them (a form on the
 * council settings page, or the string members of the API's JSON), checked into a struct
 * charging_settings. One reader for both, so the page and the API accept and refuse exactly the
 * same things with the same words. Each error names its field (err.field) for the page to put
 * beside it and the API to return in problem+json.
 */
#ifndef SELFDIRECT_IO_CHARGING_SETTINGS_TEXT_H
#define SELFDIRECT_IO_CHARGING_SETTINGS_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/charging/charging.h"

struct err;

/* The choices that are words or percentages; NULL means not given (the default stays). The
 * uplift is either a percentage or a weekly amount in pence, never both. */
struct charging_choices_text {
    const char *night_care_rule;   /* none | higher_minus_lower_if_no_night_care | whole_enhanced */
    const char *mig_uplift_percent; /* "0" to "100", up to two decimals */
    bool has_mig_uplift_weekly;
    int64_t mig_uplift_weekly;
    const char *percent_of_disposable_income; /* "0" to "100", up to two decimals */
    const char *monthly_to_weekly_rounding;   /* in_persons_favour | nearest_penny */
};

/* Applies the choices to s (start from charging_settings_init). night_care_rule is required. */
int charging_choices_apply(struct charging_settings *s, const struct charging_choices_text *t,
                           struct err *e);

/* Every field as typed in a form: dates as YYYY-MM-DD, amounts as pounds ("£1,250.00", "20").
 * An empty string is the same as not given. */
struct charging_settings_form {
    const char *effective_from; /* required */
    const char *effective_to;
    const char *night_care_rule; /* required */
    const char *mig_uplift_percent;
    const char *mig_uplift_weekly;
    const char *minimum_charge;
    const char *percent_of_disposable_income;
    const char *capital_lower_limit;
    const char *capital_upper_limit;
    const char *dre_standard_allowance;
    const char *monthly_to_weekly_rounding;
};

/* Reads the whole form into s; the first problem found is returned, naming its field. */
int charging_settings_from_form(const struct charging_settings_form *f,
                                struct charging_settings *s, struct err *e);

#endif
