/* The charging settings form and the API's choices: what is accepted, what is refused, and that
 * each refusal names the field to put it beside. */
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "io/charging_settings_text.h"

static struct charging_settings_form form_ok(void)
{
    return (struct charging_settings_form){
        .effective_from = "2027-04-06",
        .night_care_rule = "higher_minus_lower_if_no_night_care",
    };
}

TEST(charging_form_minimal_keeps_the_statutory_position)
{
    struct charging_settings s;
    struct charging_settings_form f = form_ok();
    struct err e = {0};
    day_t d;
    charging_settings_init(&s);
    CHECK_INT(charging_settings_from_form(&f, &s, &e), 0);
    CHECK_INT(date_parse_iso("2027-04-06", 10, &d, "x", &e), 0);
    CHECK_INT(s.effective_from, d);
    CHECK(!s.has_end);
    CHECK_INT(s.night_care, CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE);
    CHECK_INT(s.share_of_disposable_bp, 10000);
    CHECK_INT(s.uplift_kind, CHARGING_UPLIFT_NONE);
    CHECK_INT(s.minimum_charge, 0);
    CHECK_INT(s.capital_lower, 0);
    CHECK(!s.monthly_nearest_penny);
}

TEST(charging_form_reads_every_field)
{
    struct charging_settings s;
    struct charging_settings_form f = {
        .effective_from = "2027-04-06", .effective_to = "2028-04-05",
        .night_care_rule = "whole_enhanced", .mig_uplift_percent = "12.5",
        .minimum_charge = "£2.50", .percent_of_disposable_income = "90",
        .capital_lower_limit = "£14,250", .capital_upper_limit = "23,250.00",
        .dre_standard_allowance = "20", .monthly_to_weekly_rounding = "nearest_penny",
    };
    struct err e = {0};
    charging_settings_init(&s);
    CHECK_INT(charging_settings_from_form(&f, &s, &e), 0);
    CHECK(s.has_end);
    CHECK_INT(s.effective_to - s.effective_from, 365);
    CHECK_INT(s.night_care, CHARGING_NIGHT_CARE_WHOLE_ENHANCED);
    CHECK_INT(s.uplift_kind, CHARGING_UPLIFT_PERCENT);
    CHECK_INT(s.mig_uplift, 1250);
    CHECK_INT(s.minimum_charge, 250);
    CHECK_INT(s.share_of_disposable_bp, 9000);
    CHECK_INT(s.capital_lower, 1425000);
    CHECK_INT(s.capital_upper, 2325000);
    CHECK_INT(s.dre_standard_allowance, 2000);
    CHECK(s.monthly_nearest_penny);
}

TEST(charging_form_weekly_uplift)
{
    struct charging_settings s;
    struct charging_settings_form f = form_ok();
    struct err e = {0};
    f.mig_uplift_weekly = "10.00";
    charging_settings_init(&s);
    CHECK_INT(charging_settings_from_form(&f, &s, &e), 0);
    CHECK_INT(s.uplift_kind, CHARGING_UPLIFT_FLAT);
    CHECK_INT(s.mig_uplift, 1000);
}

/* One bad field at a time: the refusal names that field. */
TEST(charging_form_refusals_name_their_field)
{
    static const struct {
        const char *field, *value, *says;
    } cases[] = {
        {"effective_from", "", "Enter the date"},
        {"effective_from", "6/4/2027", "effective_from"},
        {"effective_to", "2027-04-05", "must not be before"},
        {"night_care_rule", "sometimes", "night_care_rule must be"},
        {"night_care_rule", "", "night_care_rule must be"},
        {"mig_uplift_percent", "101", "percentage from 0 to 100"},
        {"mig_uplift_percent", "ten", "percentage from 0 to 100"},
        {"percent_of_disposable_income", "100.001", "percentage from 0 to 100"},
        {"minimum_charge", "-1", "minimum_charge"},
        {"capital_lower_limit", "14,250.5.0", "capital_lower_limit"},
        {"monthly_to_weekly_rounding", "up", "in_persons_favour or nearest_penny"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct charging_settings s;
        struct charging_settings_form f = form_ok();
        struct err e = {0};
        const char *field = cases[i].field;
        if (!strcmp(field, "effective_from")) f.effective_from = cases[i].value;
        if (!strcmp(field, "effective_to")) f.effective_to = cases[i].value;
        if (!strcmp(field, "night_care_rule")) f.night_care_rule = cases[i].value;
        if (!strcmp(field, "mig_uplift_percent")) f.mig_uplift_percent = cases[i].value;
        if (!strcmp(field, "percent_of_disposable_income"))
            f.percent_of_disposable_income = cases[i].value;
        if (!strcmp(field, "minimum_charge")) f.minimum_charge = cases[i].value;
        if (!strcmp(field, "capital_lower_limit")) f.capital_lower_limit = cases[i].value;
        if (!strcmp(field, "monthly_to_weekly_rounding"))
            f.monthly_to_weekly_rounding = cases[i].value;
        charging_settings_init(&s);
        CHECK_INT(charging_settings_from_form(&f, &s, &e), ERR_INVALID);
        CHECK_STR(e.field, field);
        CHECK_CONTAINS(e.msg, cases[i].says);
    }
}

TEST(charging_choices_uplift_percent_and_weekly_is_refused)
{
    struct charging_settings s;
    struct charging_choices_text t = {.night_care_rule = "none", .mig_uplift_percent = "5",
                                      .has_mig_uplift_weekly = true, .mig_uplift_weekly = 500};
    struct err e = {0};
    charging_settings_init(&s);
    CHECK_INT(charging_choices_apply(&s, &t, &e), ERR_INVALID);
    CHECK_STR(e.field, "mig_uplift_weekly");
    CHECK_CONTAINS(e.msg, "not both");
}
