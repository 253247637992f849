/* nlw.c — minimum wage by age and date; see nlw.h. */
#include "domain/payroll/nlw.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

/* The youngest age the minimum wage covers (school leaving age). */
#define NMW_MIN_AGE 16

const struct nmw_rates *nmw_rates_on(const struct nmw_rates *tables, size_t n, day_t on)
{
    const struct nmw_rates *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (tables[i].from <= on && (!best || tables[i].from > best->from))
            best = &tables[i];
    return best;
}

int nmw_rate_for(const struct nmw_rates *tables, size_t n, const struct nmw_worker *w, day_t on,
                 struct nmw_result *out, struct err *e)
{
    const struct nmw_rates *t;
    char d[DATE_ISO_SIZE];

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    date_format_iso(on, d);
    if (w->born > on)
        return err_set_field(e, ERR_INVALID, "date_of_birth",
                             "the date of birth is after %s: check it", d);
    t = nmw_rates_on(tables, n, on);
    if (!t || t->nbands < 1)
        return err_set_field(e, ERR_UNSUPPORTED, "date",
                             "there are no minimum wage rates for %s in this version", d);
    out->rates_from = t->from;
    out->age = date_age_on(w->born, on);
    payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->age, "Age on %s", d);
    if (out->age < NMW_MIN_AGE) {
        out->entitled = false;
        str_copy(out->rate_name, sizeof out->rate_name, "none (under 16)");
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "Under 16s are not entitled to the minimum wage");
        return 0;
    }
    out->entitled = true;
    if (w->apprentice &&
        (out->age < 19 || on < date_add_months(w->apprenticeship_start, 12))) {
        out->apprentice_rate = true;
        out->hourly = t->apprentice_hourly;
        str_copy(out->rate_name, sizeof out->rate_name, "Apprentice rate");
        payroll_explain_money(&out->explain, out->hourly,
                              "Apprentice rate (under 19, or in the first year of the "
                              "apprenticeship), an hour");
        return 0;
    }
    for (int i = 0; i < t->nbands; i++) {
        if (out->age >= t->bands[i].min_age) {
            out->hourly = t->bands[i].hourly;
            str_copy(out->rate_name, sizeof out->rate_name, t->bands[i].name);
            break;
        }
    }
    if (out->hourly == 0) {
        /* The table's youngest band starts above 16: there is no rate for this age in it. */
        return err_set_field(e, ERR_UNSUPPORTED, "date_of_birth",
                             "the minimum wage table from %s has no rate for age %d", d,
                             out->age);
    }
    payroll_explain_money(&out->explain, out->hourly, "%s, an hour", out->rate_name);
    return 0;
}

int nmw_check_hourly(const struct nmw_rates *tables, size_t n, const struct nmw_worker *w,
                     day_t on, int64_t hourly, struct nmw_check *out, struct err *e)
{
    char have[MONEY_FMT_SIZE], need[MONEY_FMT_SIZE], short_by[MONEY_FMT_SIZE], when[48];
    int rc;

    memset(out, 0, sizeof *out);
    if (hourly < 0)
        return err_set_field(e, ERR_INVALID, "hourly_rate", "the hourly rate must be £0 or more");
    rc = nmw_rate_for(tables, n, w, on, &out->minimum, e);
    if (rc != 0)
        return rc;
    date_format_long(on, when, sizeof when);
    payroll_money_text(hourly, have, sizeof have);
    if (!out->minimum.entitled) {
        payroll_label_format(out->message, sizeof out->message,
                 "No minimum wage applies on %s: the worker is under 16.", when);
        return 0;
    }
    payroll_money_text(out->minimum.hourly, need, sizeof need);
    if (hourly < out->minimum.hourly) {
        out->below = true;
        out->shortfall_per_hour = out->minimum.hourly - hourly;
        payroll_money_text(out->shortfall_per_hour, short_by, sizeof short_by);
        payroll_label_format(out->message, sizeof out->message,
                 "%s an hour is below the legal minimum of %s an hour (%s) for a worker aged %d "
                 "on %s: %s an hour short.",
                 have, need, out->minimum.rate_name, out->minimum.age, when, short_by);
    } else {
        payroll_label_format(out->message, sizeof out->message,
                 "%s an hour meets the legal minimum of %s an hour (%s) for a worker aged %d on "
                 "%s.",
                 have, need, out->minimum.rate_name, out->minimum.age, when);
    }
    return 0;
}
