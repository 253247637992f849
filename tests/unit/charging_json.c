/* The JSON input of `selfdirect charging` is strict: every refusal names the field at fault, so a
 * finance officer can find it. And the output shape is pinned. */
#include "../check.h"

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/charging/charging.h"
#include "io/charging_json.h"

static char msg[600];
static char field[64];

/* Parses json; returns "ok" or the error message (and leaves the field in `field`). */
static const char *parse(const char *json)
{
    struct arena a;
    struct charging_input in;
    struct err e = {0};
    arena_init(&a, 0);
    if (charging_json_parse(json, strlen(json), &a, &in, &e) == 0)
        snprintf(msg, sizeof msg, "ok");
    else
        snprintf(msg, sizeof msg, "%s", e.msg);
    snprintf(field, sizeof field, "%s", e.field);
    arena_release(&a);
    return msg;
}

#define HEAD "{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": \"320.00\", "
#define OK_INCOME "\"income\": [{\"kind\": \"esa\", \"weekly\": \"140.55\"}]"

TEST(charging_json_minimal_ok)
{
    CHECK_STR(parse(HEAD "\"capital\": \"0\", " OK_INCOME "}"), "ok");
    /* Optional members may be null. */
    CHECK_STR(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": null, \"mig_weekly\": "
                    "null}"),
              "ok");
}

TEST(charging_json_unknown_field)
{
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"colour\": \"blue\"}"),
                   "colour: unknown field; an assessment has tax_year, age");
    CHECK_STR(field, "colour");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"amount\": "
                         "\"1.00\"}]}"),
                   "income[0].amount: unknown field; an income item has kind, weekly, monthly");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": {\"night_care\": "
                         "true}}"),
                   "policy.night_care: unknown field");
}

TEST(charging_json_unknown_income_kind)
{
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                         "\"1.00\"}, {\"kind\": \"salary\", \"weekly\": \"1.00\"}]}"),
                   "income[1].kind: \"salary\" is not an income kind; the kinds are "
                   "universal_credit, esa,");
    CHECK_STR(field, "income[1].kind");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"premiums\": [\"severe\"]}"),
                   "premiums[0]: \"severe\" is not a premium");
}

TEST(charging_json_three_decimals)
{
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                         "\"1.00\"}, {\"kind\": \"esa\", \"weekly\": \"12.345\"}]}"),
                   "income[1].weekly: \"12.345\" has more than two decimal places");
    CHECK_STR(field, "income[1].weekly");
    /* The same number written as a JSON number is refused the same way, not rounded. */
    CHECK_CONTAINS(parse(HEAD "\"capital\": 12.345, " OK_INCOME "}"),
                   "capital: \"12.345\" has more than two decimal places");
}

TEST(charging_json_numbers_accepted_exactly)
{
    CHECK_STR(parse(HEAD "\"capital\": 16100, \"income\": [{\"kind\": \"esa\", \"weekly\": "
                    "140.55}]}"),
              "ok");
    /* 1e6 is exactly 1000000 ("%.15g"); 1e20 would need an exponent and is refused. */
    CHECK_STR(parse(HEAD "\"capital\": 1e6, " OK_INCOME "}"), "ok");
    CHECK_CONTAINS(parse(HEAD "\"capital\": 1e20, " OK_INCOME "}"), "capital: \"1e+20\"");
}

TEST(charging_json_missing_fields)
{
    CHECK_CONTAINS(parse("{\"tax_year\": \"2025-26\", \"age\": 45, \"capital\": \"0\", "
                         OK_INCOME "}"),
                   "weekly_cost_of_care: missing; give the weekly cost of the care");
    CHECK_STR(field, "weekly_cost_of_care");
    CHECK_CONTAINS(parse(HEAD "\"income\": []}"), "capital: missing");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\"}"), "income: missing");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\"}]}"),
                   "income[0].weekly: missing");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"weekly\": \"1.00\"}]}"),
                   "income[0].kind: missing");
    CHECK_CONTAINS(parse("{\"age\": 45}"), "tax_year: missing");
}

TEST(charging_json_wrong_types)
{
    CHECK_CONTAINS(parse("{\"tax_year\": \"2025-26\", \"age\": \"45\", \"weekly_cost_of_care\": "
                         "\"1.00\", \"capital\": \"0\", \"income\": []}"),
                   "age: expected a whole number like 45, not text");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": {}}"),
                   "income: expected a list [...], not an object");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"receives_night_care\": "
                         "\"no\"}"),
                   "receives_night_care: expected true or false, not text");
    CHECK_CONTAINS(parse(HEAD "\"capital\": true, " OK_INCOME "}"),
                   "capital: expected an amount in quotes like \"320.00\", not true/false");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [\"esa\"]}"),
                   "income[0]: expected an object");
    CHECK_CONTAINS(parse("[1, 2]"), "expected an object {...} with the assessment, not a list");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [], \"housing_costs\": [{\"kind\": "
                         "7, \"weekly\": \"1.00\"}]}"),
                   "housing_costs[0].kind: expected text, not a whole number");
}

TEST(charging_json_negative_and_malformed_amounts)
{
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"-5.00\", " OK_INCOME "}"),
                   "capital: \"-5.00\" is negative");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                         "\"12,34\"}]}"),
                   "income[0].weekly: \"12,34\" has a comma in the wrong place");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"ten\", " OK_INCOME "}"), "capital: \"ten\"");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"\", " OK_INCOME "}"), "capital: is empty");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"children\": -1}"),
                   "children: -1 is outside 0 to 20");
    CHECK_CONTAINS(parse("{\"tax_year\": \"2025-26\", \"age\": 17, \"weekly_cost_of_care\": "
                         "\"1.00\", \"capital\": \"0\", \"income\": []}"),
                   "age: 17 is outside 18 to 130");
}

TEST(charging_json_structure_errors)
{
    CHECK_CONTAINS(parse("{\"tax_year\": \"2025-26\""), "the input is not valid JSON");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"capital\": \"1\", " OK_INCOME "}"),
                   "not valid JSON");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                         "\"1.00\", \"monthly\": \"4.33\"}]}"),
                   "income[0]: give weekly or monthly, not both");
    CHECK_CONTAINS(parse("{\"tax_year\": \"2025-2026\", \"age\": 45, \"weekly_cost_of_care\": "
                         "\"1.00\", \"capital\": \"0\", \"income\": []}"),
                   "tax_year: tax year must be written like 2025-26");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": "
                         "{\"percent_of_disposable_income\": \"110\"}}"),
                   "policy.percent_of_disposable_income: \"110\" is more than 100%");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": "
                         "{\"mig_uplift_percent\": \"10%\"}}"),
                   "policy.mig_uplift_percent: \"10%\" is not a percentage");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": "
                         "{\"night_care_rule\": \"sometimes\"}}"),
                   "policy.night_care_rule: must be \"none\"");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", " OK_INCOME ", \"policy\": "
                         "{\"night_care_rule\": \"none\", \"disregard_night_care_element\": "
                         "true}}"),
                   "not both");
    CHECK_CONTAINS(parse(HEAD "\"capital\": \"0\", \"income\": [], \"housing_costs\": [{\"kind\": "
                         "\"\", \"weekly\": \"1.00\"}]}"),
                   "housing_costs[0].kind: is empty");
}

TEST(charging_json_list_cap)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    CHECK_INT(buf_adds(&b, HEAD "\"capital\": \"0\", \"income\": ["), 0);
    for (int i = 0; i <= CHARGING_JSON_MAX_ITEMS; i++)
        CHECK_INT(buf_addf(&b, "%s{\"kind\": \"esa\", \"weekly\": \"1.00\"}", i ? ", " : ""), 0);
    CHECK_INT(buf_adds(&b, "]}"), 0);
    CHECK_CONTAINS(parse(b.data), "income: has 101 items; the most is 100");
    buf_release(&b);
}

TEST(charging_json_values_read)
{
    struct arena a;
    struct charging_input in;
    struct err e = {0};
    const char *j =
        "{\"tax_year\": \"2024-25\", \"age\": 70, \"weekly_cost_of_care\": \"£1,320.50\", "
        "\"capital\": \"16100\", \"joint_capital\": \"100.01\", \"category\": \"lone_parent\", "
        "\"children\": 2, \"income\": [{\"kind\": \"attendance_allowance_higher\", \"monthly\": "
        "\"400.00\", \"joint\": true}], \"housing_costs\": [{\"kind\": \"rent\", \"weekly\": "
        "\"90\"}], \"premiums\": [\"carer\"], \"receives_night_care\": true, "
        "\"pension_credit_age_reached\": true, \"policy\": {\"night_care_rule\": "
        "\"whole_enhanced\", \"mig_uplift_percent\": \"7.5\", \"minimum_charge\": \"1.25\", "
        "\"percent_of_disposable_income\": 90, \"dre_standard_allowance\": \"10.85\", "
        "\"monthly_to_weekly_rounding\": \"nearest_penny\"}}";
    arena_init(&a, 0);
    CHECK_INT(charging_json_parse(j, strlen(j), &a, &in, &e), 0);
    CHECK_INT(in.tax_year, 2024);
    CHECK_INT(in.age, 70);
    CHECK_INT(in.weekly_cost_of_care, 132050);
    CHECK_INT(in.capital, 1610000);
    CHECK_INT(in.joint_capital, 10001);
    CHECK_INT(in.category, CHARGING_LONE_PARENT);
    CHECK_INT(in.children, 2);
    CHECK_INT(in.nincome, 1);
    CHECK_INT(in.income[0].kind, CHARGING_INCOME_AA_HIGHER);
    CHECK_INT(in.income[0].amount, 40000);
    CHECK(in.income[0].monthly);
    CHECK(in.income[0].joint);
    CHECK_INT(in.nhousing, 1);
    CHECK_STR(in.housing[0].kind, "rent");
    CHECK_INT(in.housing[0].amount, 9000);
    CHECK_INT(in.npremiums, 1);
    CHECK_INT(in.premiums[0], CHARGING_PREMIUM_CARER);
    CHECK_INT(in.receives_night_care, CHARGING_YES);
    CHECK_INT(in.pension_credit_age_reached, CHARGING_YES);
    CHECK_INT(in.settings.night_care, CHARGING_NIGHT_CARE_WHOLE_ENHANCED);
    CHECK_INT(in.settings.uplift_kind, CHARGING_UPLIFT_PERCENT);
    CHECK_INT(in.settings.mig_uplift, 750);
    CHECK_INT(in.settings.minimum_charge, 125);
    CHECK_INT(in.settings.share_of_disposable_bp, 9000);
    CHECK_INT(in.settings.dre_standard_allowance, 1085);
    CHECK(in.settings.monthly_nearest_penny);
    CHECK(!in.has_mig_weekly);
    arena_release(&a);
}

TEST(charging_json_result_shape)
{
    struct charging_line lines[2] = {{"Employment and Support Allowance", 14055},
                                     {"Minimum Income Guarantee, as given", -18500}};
    const char *warnings[1] = {"check this"};
    struct charging_result r = {0};
    struct buf b;
    struct err e = {0};
    r.weekly_contribution = 2075;
    r.lines = lines;
    r.nlines = 2;
    buf_init(&b, 1 << 16);
    CHECK_INT(charging_json_result(&r, &b, &e), 0);
    CHECK_STR(b.data, "{\n  \"weekly_contribution\": \"20.75\",\n  \"lines\": [\n    {\n      "
                      "\"label\": \"Employment and Support Allowance\",\n      \"weekly\": "
                      "\"140.55\"\n    },\n    {\n      \"label\": \"Minimum Income Guarantee, as "
                      "given\",\n      \"weekly\": \"-185.00\"\n    }\n  ]\n}\n");
    buf_reset(&b);
    r.warnings = warnings;
    r.nwarnings = 1;
    CHECK_INT(charging_json_result(&r, &b, &e), 0);
    CHECK_CONTAINS(b.data, "\"warnings\": [\n    \"check this\"\n  ]");
    buf_release(&b);
}

TEST(charging_json_problem_shape)
{
    struct err e = {0};
    struct buf b;
    err_set_field(&e, ERR_INVALID, "income[1].weekly", "income[1].weekly: \"12.345\" has more "
                                                         "than two decimal places");
    buf_init(&b, 1 << 16);
    CHECK_INT(charging_json_problem(&e, &b), 0);
    CHECK_CONTAINS(b.data, "\"type\": \"invalid\"");
    CHECK_CONTAINS(b.data, "\"field\": \"income[1].weekly\"");
    CHECK_CONTAINS(b.data, "\"detail\": \"income[1].weekly: \\\"12.345\\\" has more than two");
    buf_release(&b);
}
