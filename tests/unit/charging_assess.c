/* Financial assessment (charging for care at home): cases worked out by hand from the Care and
 * Support (Charging and Assessment of Resources) Regulations 2014 (SI 2014/2672), the statutory
 * guidance Annex C and the rates in data/rates/charging-*.json. Each case says the rule it tests and
 * the arithmetic, so a failure shows which rule moved.
 *
 * Most cases go in as the JSON a finance officer would pipe to `selfdirect charging`, because that
 * reads like the case itself; the arithmetic under test is charging_assess. */
#include "../check.h"

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/charging/charging.h"
#include "io/charging_json.h"
#include "io/charging_rates.h"

static struct arena arena;
static struct charging_result last;
static char answer[600];

/* Runs one assessment; returns the weekly contribution ("87.50"), or "ERR <message>". */
static const char *assess(const char *json)
{
    struct charging_input in;
    struct charging_rates rates;
    struct err e = {0};
    arena_release(&arena);
    arena_init(&arena, 0);
    memset(&last, 0, sizeof last);
    if (charging_json_parse(json, strlen(json), &arena, &in, &e) != 0 ||
        charging_rates_load(in.tax_year, &rates, &e) != 0 ||
        charging_assess(&rates, &in, &arena, &last, &e) != 0) {
        snprintf(answer, sizeof answer, "ERR %s", e.msg);
        return answer;
    }
    money_format(last.weekly_contribution, MONEY_FMT_PLAIN, answer, sizeof answer);
    return answer;
}

/* The amount of the first line of the last result whose label contains `part`, or "none". */
static const char *line(const char *part)
{
    static char s[MONEY_FMT_SIZE];
    for (size_t i = 0; i < last.nlines; i++)
        if (strstr(last.lines[i].label, part)) {
            money_format(last.lines[i].weekly, MONEY_FMT_PLAIN, s, sizeof s);
            return s;
        }
    return "none";
}

static int warned(const char *part)
{
    for (size_t i = 0; i < last.nwarnings; i++)
        if (strstr(last.warnings[i], part))
            return 1;
    return 0;
}

/* A person aged 45 in 2025-26 on £200.00 a week of ESA, care costing £500.00 a week: the MIG is the
 * single 25-to-pension-credit-age amount £112.50, so without capital they pay 200.00 - 112.50 =
 * £87.50. The capital cases change only the capital. */
#define BASE_2025(capital)                                                                     \
    "{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": \"500.00\", "          \
    "\"capital\": \"" capital "\", \"income\": [{\"kind\": \"esa\", \"weekly\": \"200.00\"}]}"

/* ---- the issue's own example ---------------------------------------------------------------- */

/* ESA 140.55 + PIP daily living enhanced 110.40 less (110.40 - 73.90) night-care disregard = 73.90
 * + PIP mobility disregarded + tariff on £16,100: (16,100 - 14,250) / 250 = 7.4 -> 8 = 222.45;
 * less MIG 185.00 given, council tax 7.50, DRE 9.20 = 20.75. */
TEST(charging_issue_example)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"320.00\", \"capital\": \"16100.00\", \"income\": [{\"kind\": \"esa\", "
                     "\"weekly\": \"140.55\"}, {\"kind\": \"pip_daily_living_enhanced\", "
                     "\"weekly\": \"110.40\"}, {\"kind\": \"pip_mobility_standard\", \"weekly\": "
                     "\"29.20\"}], \"housing_costs\": [{\"kind\": \"council_tax\", \"weekly\": "
                     "\"7.50\"}], \"disability_related_expenditure\": [{\"kind\": "
                     "\"extra_heating\", \"weekly\": \"9.20\"}], \"receives_night_care\": false, "
                     "\"policy\": {\"disregard_night_care_element\": true}, \"mig_weekly\": "
                     "\"185.00\"}"),
              "20.75");
    CHECK_STR(line("Tariff income from capital of £16,100.00 (£1 for every £250 or part of £250 "
                   "above £14,250)"),
              "8.00");
    CHECK_STR(line("PIP daily living"), "73.90");
    CHECK_STR(line("PIP mobility"), "0.00");
    CHECK_STR(line("Total income counted"), "222.45");
    CHECK_STR(line("Minimum Income Guarantee, as given"), "-185.00");
    CHECK_STR(line("Housing cost: council tax"), "-7.50");
    CHECK_STR(line("Disability-related expenditure: extra heating"), "-9.20");
    CHECK_STR(line("Weekly contribution"), "20.75");
    CHECK_INT(last.nwarnings, 0);
}

/* ---- capital: limits and tariff income (reg 12, Part 5; brief 3.1) ------------------------------- */

/* At the lower limit exactly: tariff income is only on capital *above* £14,250. */
TEST(charging_capital_at_lower_limit)
{
    CHECK_STR(assess(BASE_2025("14250.00")), "87.50");
    CHECK_STR(line("Capital of £14,250.00 is not above the lower limit of £14,250"), "0.00");
}

/* One penny above: a part of £250 counts as a whole £250, so £1 -> 88.50. */
TEST(charging_capital_one_penny_above_lower)
{
    CHECK_STR(assess(BASE_2025("14250.01")), "88.50");
    CHECK_STR(line("Tariff income"), "1.00");
}

/* £14,500.00 is exactly one £250 step above: £1 -> 88.50. */
TEST(charging_capital_one_whole_step)
{
    CHECK_STR(assess(BASE_2025("14500.00")), "88.50");
    CHECK_STR(line("Tariff income"), "1.00");
}

/* £14,500.01 starts a second step: £2 -> 89.50. */
TEST(charging_capital_into_second_step)
{
    CHECK_STR(assess(BASE_2025("14500.01")), "89.50");
    CHECK_STR(line("Tariff income"), "2.00");
}

/* The brief's table: £14,900 -> 650/250 = 2.6 -> £3; £15,750 -> 1,500/250 = £6. */
TEST(charging_capital_brief_table)
{
    CHECK_STR(assess(BASE_2025("14900.00")), "90.50");
    CHECK_STR(assess(BASE_2025("15000.00")), "90.50");
    CHECK_STR(assess(BASE_2025("15750.00")), "93.50");
}

/* At the upper limit exactly the person is still assessed: 9,000/250 = £36 -> 87.50 + 36 = 123.50. */
TEST(charging_capital_at_upper_limit)
{
    CHECK_STR(assess(BASE_2025("23250.00")), "123.50");
    CHECK_STR(line("Tariff income"), "36.00");
    CHECK(!last.full_cost);
}

/* One penny above the upper limit: the full weekly cost of care, with no income test. */
TEST(charging_capital_above_upper_limit_pays_full_cost)
{
    CHECK_STR(assess(BASE_2025("23250.01")), "500.00");
    CHECK(last.full_cost);
    CHECK_STR(line("is above the upper limit of £23,250"), "500.00");
    CHECK_STR(line("Minimum Income Guarantee"), "none");
}

/* Joint capital (brief 3.1, joint benefits and capital): £10,000 own + half of £10,000 joint =
 * £15,000 -> £3 -> 90.50. */
TEST(charging_capital_joint_half_counts)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"10000.00\", \"joint_capital\": \"10000.00\", "
                     "\"income\": [{\"kind\": \"esa\", \"weekly\": \"200.00\"}]}"),
              "90.50");
    CHECK_STR(line("(£10,000.00 of your own and half of £10,000.00 held jointly)"), "3.00");
}

/* Half of an odd penny goes to the person (reg 11): £20,000 + half of £6,500.03 = £23,250.01 after
 * rounding the half-penny down -> still £23,250.01 > £23,250: full cost. £6,500.01 -> 3,250.00 ->
 * £23,250.00 -> tariff £36. */
TEST(charging_capital_joint_rounding)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"20000.00\", \"joint_capital\": \"6500.03\", "
                     "\"income\": [{\"kind\": \"esa\", \"weekly\": \"200.00\"}]}"),
              "500.00");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"20000.00\", \"joint_capital\": \"6500.01\", "
                     "\"income\": [{\"kind\": \"esa\", \"weekly\": \"200.00\"}]}"),
              "123.50");
}

/* Higher local limits for care at home (council setting): lower £20,000, upper £30,000. £23,250.01
 * is no longer above the upper limit; tariff = ceil(3,250.01 / 250) = 14 -> 87.50 + 14 = 101.50. */
TEST(charging_capital_local_higher_limits)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"23250.01\", \"income\": [{\"kind\": \"esa\", "
                     "\"weekly\": \"200.00\"}], \"policy\": {\"capital_lower_limit\": "
                     "\"20000.00\", \"capital_upper_limit\": \"30000.00\"}}"),
              "101.50");
    CHECK_STR(line("above £20,000)"), "14.00");
}

/* A council may only raise the limits, never lower them. */
TEST(charging_capital_local_limit_below_statutory_refused)
{
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                          "\"500.00\", \"capital\": \"0\", \"income\": [], \"policy\": "
                          "{\"capital_lower_limit\": \"10000.00\"}}"),
                   "policy.capital_lower_limit: £10,000 is below the statutory lower limit");
}

/* ---- the Minimum Income Guarantee by year and age band (reg 7 as amended; brief 3.1 table) ------- */

/* £300.00 a week of State Pension / ESA, care £500: the contribution is 300 - MIG. */
#define MIG_CASE(year, age, kind)                                                              \
    "{\"tax_year\": \"" year "\", \"age\": " #age ", \"weekly_cost_of_care\": \"500.00\", "     \
    "\"capital\": \"0\", \"income\": [{\"kind\": \"" kind "\", \"weekly\": \"300.00\"}]}"

/* 2025-26: 18-24 £89.15 (300 - 89.15 = 210.85), 25 to pension credit age £112.50 (187.50),
 * pension credit age (66) £232.60 (67.40, a figure the brief marks unverified, so warned). */
TEST(charging_mig_2025_26_bands)
{
    CHECK_STR(assess(MIG_CASE("2025-26", 18, "esa")), "210.85");
    CHECK_STR(line("single person aged 18 to 24 (2025-26)"), "-89.15");
    CHECK_STR(assess(MIG_CASE("2025-26", 24, "esa")), "210.85");
    CHECK_STR(assess(MIG_CASE("2025-26", 25, "esa")), "187.50");
    CHECK_STR(assess(MIG_CASE("2025-26", 65, "esa")), "187.50");
    CHECK_INT(last.nwarnings, 0);
    CHECK_STR(assess(MIG_CASE("2025-26", 66, "state_pension")), "67.40");
    CHECK_STR(line("single person of pension credit age"), "-232.60");
    CHECK(warned("not confirmed"));
}

/* 2023-24 (SI 2023/277): £82.15 / £103.65 / £214.35. */
TEST(charging_mig_2023_24_bands)
{
    CHECK_STR(assess(MIG_CASE("2023-24", 20, "esa")), "217.85");
    CHECK_STR(assess(MIG_CASE("2023-24", 30, "esa")), "196.35");
    CHECK_STR(assess(MIG_CASE("2023-24", 70, "state_pension")), "85.65");
    CHECK_INT(last.nwarnings, 0);
}

/* 2024-25 ([D] in the brief: 2023-24 x 1.067): £87.65 / £110.60 / £228.70, each warned as derived. */
TEST(charging_mig_2024_25_bands)
{
    CHECK_STR(assess(MIG_CASE("2024-25", 22, "esa")), "212.35");
    CHECK(warned("derived from other published figures"));
    CHECK_STR(assess(MIG_CASE("2024-25", 40, "esa")), "189.40");
    CHECK_STR(assess(MIG_CASE("2024-25", 67, "state_pension")), "71.30");
}

/* 2026-27 (news report, unverified): £95.40 / about £120.40 / £241.45. */
TEST(charging_mig_2026_27_bands)
{
    CHECK_STR(assess(MIG_CASE("2026-27", 19, "esa")), "204.60");
    CHECK(warned("2026-27"));
    CHECK_STR(assess(MIG_CASE("2026-27", 50, "esa")), "179.60");
    CHECK_STR(assess(MIG_CASE("2026-27", 70, "state_pension")), "58.55");
}

/* From April 2026 State Pension age (so pension credit age) rises from 66 for people born on or
 * after 6 April 1960: at 66 the input must say; at 67 everyone has reached it. */
TEST(charging_mig_2026_27_pension_credit_age_at_66)
{
    CHECK_CONTAINS(assess(MIG_CASE("2026-27", 66, "state_pension")),
                   "pension_credit_age_reached: in 2026-27 pension credit qualifying age depends "
                   "on the date of birth");
    CHECK_STR(assess("{\"tax_year\": \"2026-27\", \"age\": 66, \"pension_credit_age_reached\": "
                     "true, \"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", \"income\": "
                     "[{\"kind\": \"state_pension\", \"weekly\": \"300.00\"}]}"),
              "58.55");
    CHECK_STR(assess("{\"tax_year\": \"2026-27\", \"age\": 66, \"pension_credit_age_reached\": "
                     "false, \"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", \"income\": "
                     "[{\"kind\": \"esa\", \"weekly\": \"300.00\"}]}"),
              "179.60");
    CHECK_STR(assess(MIG_CASE("2026-27", 67, "state_pension")), "58.55");
    /* Saying false at 70 contradicts the age. */
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 70, "
                          "\"pension_credit_age_reached\": false, \"weekly_cost_of_care\": "
                          "\"500.00\", \"capital\": \"0\", \"income\": []}"),
                   "false does not fit age 70");
}

/* Premiums (reg 7(5)): 2025-26 single £112.50 + disability £49.65 + enhanced disability £24.25 =
 * £186.40 -> 300 - 186.40 = 113.60. */
TEST(charging_mig_premiums)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 30, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"300.00\"}], \"premiums\": [\"disability\", \"enhanced_disability\"]}"),
              "113.60");
    CHECK_STR(line("Disability premium"), "-49.65");
    CHECK_STR(line("Enhanced disability premium"), "-24.25");
    CHECK_INT(last.mig, 18640);
}

/* No published carer premium is in the data: refused, never guessed. */
TEST(charging_mig_unknown_premium_refused)
{
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 30, \"weekly_cost_of_care\": "
                          "\"500.00\", \"capital\": \"0\", \"income\": [], \"premiums\": "
                          "[\"carer\"]}"),
                   "premiums[0]: the Carer premium (single) for 2025-26 is not in the rates data");
    CHECK_CONTAINS(answer, "mig_weekly");
}

/* The disability premiums follow income support and stop at pension credit age. */
TEST(charging_mig_disability_premium_at_pension_age_refused)
{
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 70, \"weekly_cost_of_care\": "
                          "\"500.00\", \"capital\": \"0\", \"income\": [], \"premiums\": "
                          "[\"disability\"]}"),
                   "premiums[0]: the disability premium is for people under pension credit age");
}

/* Dependent children (reg 7(1)(b)): 2024-25 £110.60 + 2 x £101.25 = £313.10; income £400 -> 86.90. */
TEST(charging_mig_children)
{
    CHECK_STR(assess("{\"tax_year\": \"2024-25\", \"age\": 40, \"category\": \"lone_parent\", "
                     "\"children\": 2, \"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", "
                     "\"income\": [{\"kind\": \"universal_credit\", \"weekly\": \"400.00\"}]}"),
              "86.90");
    CHECK_STR(line("dependent children: 2 x £101.25"), "-202.50");
    CHECK_STR(line("lone parent aged 18 or over"), "-110.60");
    /* 2025-26 has no published per-child amount in the data. */
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 40, \"children\": 1, "
                          "\"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", \"income\": "
                          "[]}"),
                   "children: the Minimum Income Guarantee amount for each child for 2025-26 is "
                   "not in the rates data");
}

/* Couples: no published per-member amount for these years, so the MIG must be given. */
TEST(charging_mig_couple)
{
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 40, \"category\": \"couple\", "
                          "\"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", \"income\": "
                          "[]}"),
                   "is not in the rates data");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 40, \"category\": \"couple\", "
                     "\"mig_weekly\": \"150.00\", \"weekly_cost_of_care\": \"500.00\", "
                     "\"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}]}"),
              "50.00");
}

/* Council MIG uplift (council setting): 10% of £112.50 = £11.25 -> MIG £123.75 -> 200 - 123.75 =
 * 76.25. 12.5% of £89.15 = £11.14375, rounded up in the person's favour to £11.15 -> MIG £100.30 ->
 * 300 - 100.30 = 199.70. A flat £5.00 -> £117.50 -> 82.50. */
TEST(charging_mig_council_uplift)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"policy\": {\"mig_uplift_percent\": \"10\"}}"),
              "76.25");
    CHECK_STR(line("Council's uplift of 10% on the Minimum Income Guarantee"), "-11.25");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 20, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"300.00\"}], \"policy\": {\"mig_uplift_percent\": 12.5}}"),
              "199.70");
    CHECK_STR(line("Council's uplift of 12.5%"), "-11.15");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"policy\": {\"mig_uplift_weekly\": \"5.00\"}}"),
              "82.50");
    /* An uplift on a MIG given outright would be applied twice: refused. */
    CHECK_CONTAINS(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"mig_weekly\": \"150.00\", "
                          "\"weekly_cost_of_care\": \"500.00\", \"capital\": \"0\", \"income\": "
                          "[], \"policy\": {\"mig_uplift_weekly\": \"5.00\"}}"),
                   "policy: a MIG uplift cannot be applied to a mig_weekly given outright");
}

/* ---- income disregards (Schedule 1) --------------------------------------------------------- */

/* Earnings are disregarded (reg 14): ESA 200 + earnings 150 -> still 87.50. */
TEST(charging_earnings_disregarded)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}, {\"kind\": \"earnings\", \"weekly\": \"150.00\"}]}"),
              "87.50");
    CHECK_STR(line("Earnings of £150.00: disregarded"), "0.00");
}

/* The mobility components of DLA and PIP are disregarded (Schedule 1 para 8): every one of the four
 * rates adds nothing. */
TEST(charging_mobility_components_disregarded)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}, {\"kind\": \"pip_mobility_enhanced\", \"weekly\": \"77.05\"}, "
                     "{\"kind\": \"pip_mobility_standard\", \"weekly\": \"29.20\"}, {\"kind\": "
                     "\"dla_mobility_higher\", \"weekly\": \"77.05\"}, {\"kind\": "
                     "\"dla_mobility_lower\", \"weekly\": \"29.20\"}]}"),
              "87.50");
    CHECK_INT(last.income_counted, 20000);
}

/* The lower / standard / middle / lowest care rates are counted in full: ESA 100 + PIP daily living
 * standard 73.90 + DLA care middle 73.90 + DLA care lowest 29.20 + AA lower 73.90 = 350.90 - 112.50
 * = 238.40 (the care rates are counted, so DRE must be allowed: see the DRE cases). */
TEST(charging_care_components_counted)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"100.00\"}, {\"kind\": \"pip_daily_living_standard\", \"weekly\": "
                     "\"73.90\"}, {\"kind\": \"dla_care_middle\", \"weekly\": \"73.90\"}, "
                     "{\"kind\": \"dla_care_lowest\", \"weekly\": \"29.20\"}, {\"kind\": "
                     "\"attendance_allowance_lower\", \"weekly\": \"73.90\"}]}"),
              "238.40");
}

/* Night-care rule "none": AA higher rate counted in full. Age 70, 2025-26: State Pension 230.25 +
 * AA 110.40 = 340.65 - 232.60 = 108.05. */
#define AA_CASE(policy, night)                                                                 \
    "{\"tax_year\": \"2025-26\", \"age\": 70, \"weekly_cost_of_care\": \"500.00\", "           \
    "\"capital\": \"0\", \"income\": [{\"kind\": \"state_pension\", \"weekly\": \"230.25\"}, "  \
    "{\"kind\": \"attendance_allowance_higher\", \"weekly\": \"110.40\"}]" policy night "}"

TEST(charging_night_care_none)
{
    CHECK_STR(assess(AA_CASE("", "")), "108.05");
    CHECK_STR(assess(AA_CASE(", \"policy\": {\"night_care_rule\": \"none\"}", "")), "108.05");
    CHECK_STR(line("Attendance Allowance, higher rate"), "110.40");
}

/* higher_minus_lower_if_no_night_care, no night care: 110.40 - (110.40 - 73.90) = 73.90 counted ->
 * 230.25 + 73.90 - 232.60 = 71.55. With night care: counted in full -> 108.05. */
TEST(charging_night_care_higher_minus_lower)
{
    CHECK_STR(assess(AA_CASE(", \"policy\": {\"disregard_night_care_element\": true}",
                             ", \"receives_night_care\": false")),
              "71.55");
    CHECK_STR(line("£36.50 disregarded (the higher rate £110.40 minus the lower rate £73.90, "
                   "because no night care is provided)"),
              "73.90");
    CHECK_STR(assess(AA_CASE(", \"policy\": {\"night_care_rule\": "
                             "\"higher_minus_lower_if_no_night_care\"}",
                             ", \"receives_night_care\": true")),
              "108.05");
    /* The rule needs to know: refused when not said. */
    CHECK_CONTAINS(assess(AA_CASE(", \"policy\": {\"disregard_night_care_element\": true}", "")),
                   "receives_night_care: say true or false");
    /* disregard_night_care_element false means no disregard. */
    CHECK_STR(assess(AA_CASE(", \"policy\": {\"disregard_night_care_element\": false}",
                             ", \"receives_night_care\": false")),
              "108.05");
}

/* whole_enhanced (Lincolnshire): the higher-rate element is disregarded even with night care. */
TEST(charging_night_care_whole_enhanced)
{
    CHECK_STR(assess(AA_CASE(", \"policy\": {\"night_care_rule\": \"whole_enhanced\"}",
                             ", \"receives_night_care\": true")),
              "71.55");
    CHECK_CONTAINS(last.lines[1].label, "the council disregards the higher-rate element");
}

/* DLA care highest against middle, 2024-25: 108.55 - 72.65 = 35.90 disregarded -> 72.65 counted;
 * ESA 100 + 72.65 = 172.65 - 110.60 = 62.05. */
TEST(charging_night_care_dla_2024_25)
{
    CHECK_STR(assess("{\"tax_year\": \"2024-25\", \"age\": 40, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"100.00\"}, {\"kind\": \"dla_care_highest\", \"weekly\": \"108.55\"}], "
                     "\"receives_night_care\": false, \"policy\": "
                     "{\"disregard_night_care_element\": true}}"),
              "62.05");
    CHECK_STR(line("DLA care component, highest rate"), "72.65");
}

/* PIP daily living enhanced, 2026-27 proposed rates: 114.60 - 76.70 = 37.90 disregarded. ESA 200 +
 * 76.70 = 276.70 - MIG given 150.00 = 126.70. */
TEST(charging_night_care_pip_2026_27)
{
    CHECK_STR(assess("{\"tax_year\": \"2026-27\", \"age\": 40, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"mig_weekly\": \"150.00\", \"income\": "
                     "[{\"kind\": \"esa\", \"weekly\": \"200.00\"}, {\"kind\": "
                     "\"pip_daily_living_enhanced\", \"weekly\": \"114.60\"}], "
                     "\"receives_night_care\": false, \"policy\": "
                     "{\"disregard_night_care_element\": true}}"),
              "126.70");
}

/* ---- joint income, monthly amounts ----------------------------------------------------------- */

/* A jointly received item counts half (brief 3.1): private pension £100.00 joint -> £50.00; ESA 200
 * + 50 - 112.50 = 137.50. £100.01 joint -> £50.005 -> £50.00 (the half-penny to the person). */
TEST(charging_joint_income_half)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}, {\"kind\": \"private_pension\", \"weekly\": \"100.00\", "
                     "\"joint\": true}]}"),
              "137.50");
    CHECK_STR(line("(half of £100.00, as it is received jointly)"), "50.00");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}, {\"kind\": \"private_pension\", \"weekly\": \"100.01\", "
                     "\"joint\": true}]}"),
              "137.50");
}

/* Monthly to weekly, x 12 / 52: £500.00 a month = £115.3846...; as income rounded down to 115.38,
 * as a housing cost rounded up to 115.39 (reg 11). UC 500/month - 112.50 = 2.88; with rent of
 * £500/month: 115.38 - 112.50 - 115.39 < 0 -> 0. With nearest_penny both are 115.38. */
TEST(charging_monthly_amounts)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": "
                     "\"universal_credit\", \"monthly\": \"500.00\"}]}"),
              "2.88");
    CHECK_STR(line("Universal Credit (£500.00 a month x 12 / 52)"), "115.38");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"300.00\"}], \"housing_costs\": [{\"kind\": \"rent\", \"monthly\": "
                     "\"500.00\"}]}"),
              "72.11"); /* 300 - 112.50 - 115.39 */
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"300.00\"}], \"housing_costs\": [{\"kind\": \"rent\", \"monthly\": "
                     "\"500.00\"}], \"policy\": {\"monthly_to_weekly_rounding\": "
                     "\"nearest_penny\"}}"),
              "72.12");
}

/* ---- deductions: housing costs and DRE -------------------------------------------------------- */

/* Housing (rent 50.00, council tax 7.50) and itemised DRE (alarm 5.50, laundry 10.00):
 * 200 - 112.50 - 57.50 - 15.50 = 14.50. */
TEST(charging_housing_and_dre)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"housing_costs\": [{\"kind\": \"rent\", \"weekly\": "
                     "\"50.00\"}, {\"kind\": \"council_tax\", \"weekly\": \"7.50\"}], "
                     "\"disability_related_expenditure\": [{\"kind\": \"community_alarm\", "
                     "\"weekly\": \"5.50\"}, {\"kind\": \"extra_laundry\", \"weekly\": "
                     "\"10.00\"}]}"),
              "14.50");
    CHECK_INT(last.housing, 5750);
    CHECK_INT(last.dre, 1550);
    CHECK_STR(line("Disability-related expenditure: community alarm"), "-5.50");
}

/* The council's standard DRE allowance (Reading 2024-25: £10.85) applies when nothing is itemised:
 * 2024-25 age 45, ESA 200 - 110.60 - 10.85 = 78.55; itemised DRE of £5.00 replaces it: 84.40. */
TEST(charging_dre_standard_allowance)
{
    CHECK_STR(assess("{\"tax_year\": \"2024-25\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"policy\": {\"dre_standard_allowance\": \"10.85\"}}"),
              "78.55");
    CHECK_STR(line("the council's standard allowance"), "-10.85");
    CHECK_STR(assess("{\"tax_year\": \"2024-25\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"disability_related_expenditure\": [{\"kind\": \"diet\", "
                     "\"weekly\": \"5.00\"}], \"policy\": {\"dre_standard_allowance\": "
                     "\"10.85\"}}"),
              "84.40");
}

/* ---- floor, cap, share of disposable income, minimum charge ------------------------------------- */

/* Never more than the cost of care: disposable 1000 - 112.50 = 887.50 but care costs 100.00. */
TEST(charging_capped_at_cost_of_care)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"100.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"other\", "
                     "\"description\": \"trust income\", \"weekly\": \"1000.00\"}]}"),
              "100.00");
    CHECK_STR(line("Capped at the weekly cost of care of £100.00"), "100.00");
    CHECK_STR(line("Other income (trust income)"), "1000.00");
}

/* Never below zero: income 50.00 < MIG 112.50. */
TEST(charging_floored_at_zero)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"100.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"50.00\"}]}"),
              "0.00");
    CHECK_INT(last.disposable_income, -6250);
    CHECK_STR(line("Nothing to pay from income"), "0.00");
}

/* A council taking 80% of disposable income: 87.50 x 0.8 = 70.00; 33.33%: 87.50 x 0.3333 =
 * 29.16375 -> 29.16 (down: the council takes no more than its share). */
TEST(charging_share_of_disposable_income)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"policy\": {\"percent_of_disposable_income\": \"80\"}}"),
              "70.00");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"200.00\"}], \"policy\": {\"percent_of_disposable_income\": \"33.33\"}}"),
              "29.16");
    CHECK_STR(line("The council takes 33.33% of disposable income"), "29.16");
}

/* Minimum charge (Reading £1.25): ESA 113.50 - 112.50 = 1.00 < 1.25 -> 0; 113.75 -> 1.25 is not
 * below the minimum, so it stands. */
TEST(charging_minimum_charge)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"113.50\"}], \"policy\": {\"minimum_charge\": \"1.25\"}}"),
              "0.00");
    CHECK_STR(line("Below the council's minimum charge of £1.25"), "0.00");
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"113.75\"}], \"policy\": {\"minimum_charge\": \"1.25\"}}"),
              "1.25");
}

/* ---- pure-function checks without JSON ------------------------------------------------------- */

/* reg 25: £1 per £250 or part, above the lower limit (pence throughout). */
TEST(charging_tariff_table)
{
    static const struct {
        int64_t capital, want;
    } t[] = {
        {0, 0},           {1425000, 0},     {1425001, 100},   {1450000, 100},
        {1450001, 200},   {1490000, 300},   {1500000, 300},   {1575000, 600},
        {2325000, 3600},  {1625000, 800},   {1610000, 800},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t got = -1;
        CHECK_INT(charging_tariff_income(t[i].capital, 1425000, 25000, 100, &got), 0);
        CHECK_INT(got, t[i].want);
    }
}

/* Council settings kept with effective dates: the one in force on a day is the latest that has
 * started and not ended. */
TEST(charging_settings_in_force)
{
    struct charging_settings s[3];
    day_t d2024, d2025, d2025b, d2026, d2023;
    for (int i = 0; i < 3; i++)
        charging_settings_init(&s[i]);
    CHECK_INT(date_from_ymd(2024, 4, 1, &d2024), 0);
    CHECK_INT(date_from_ymd(2025, 4, 1, &d2025), 0);
    CHECK_INT(date_from_ymd(2025, 9, 30, &d2025b), 0);
    CHECK_INT(date_from_ymd(2026, 4, 1, &d2026), 0);
    CHECK_INT(date_from_ymd(2023, 6, 1, &d2023), 0);
    s[0].effective_from = d2024;
    s[0].minimum_charge = 100;
    s[1].effective_from = d2025;
    s[1].effective_to = d2025b;
    s[1].has_end = true;
    s[1].minimum_charge = 125;
    s[2].effective_from = d2026;
    s[2].minimum_charge = 150;
    CHECK(charging_settings_in_force(s, 3, d2023) == NULL);
    CHECK(charging_settings_in_force(s, 3, d2024) == &s[0]);
    CHECK(charging_settings_in_force(s, 3, d2025) == &s[1]);
    CHECK(charging_settings_in_force(s, 3, d2025b) == &s[1]);
    CHECK(charging_settings_in_force(s, 3, d2025b + 1) == &s[0]); /* s[1] ended; s[0] open-ended */
    CHECK(charging_settings_in_force(s, 3, d2026 + 10) == &s[2]);
}

/* The domain refuses a figure the rates lack rather than guessing, even without JSON. */
TEST(charging_struct_unknown_rate_refused)
{
    struct charging_rates r;
    struct charging_input in;
    struct charging_result res;
    struct arena a;
    struct err e = {0};
    charging_rates_init(&r, 2030);
    charging_input_init(&in);
    in.tax_year = 2030;
    in.age = 40;
    in.weekly_cost_of_care = 10000;
    arena_init(&a, 0);
    CHECK_INT(charging_assess(&r, &in, &a, &res, &e), ERR_UNSUPPORTED);
    CHECK_CONTAINS(e.msg, "lower capital limit for 2030-31 is not in the rates data");
    arena_release(&a);
}

/* Every built-in rates file loads, and its key figures are the published ones. */
TEST(charging_rates_files_load)
{
    struct charging_rates r;
    struct err e = {0};
    for (int y = 2023; y <= 2026; y++) {
        err_clear(&e);
        CHECK_INT(charging_rates_load(y, &r, &e), 0);
        CHECK_INT(r.tax_year, y);
        CHECK_INT(r.capital_lower.pence, 1425000);
        CHECK_INT(r.capital_upper.pence, 2325000);
        CHECK_INT(r.tariff_step.pence, 25000);
        CHECK_INT(r.tariff_per_step.pence, 100);
        CHECK(!r.mig_couple_18_plus_each.known);
        CHECK(r.benefit[CHARGING_INCOME_AA_HIGHER].known);
    }
    CHECK_INT(charging_rates_load(2025, &r, &e), 0);
    CHECK_INT(r.mig_single_25_to_pc_age.pence, 11250);
    CHECK_INT(r.benefit[CHARGING_INCOME_PIP_DAILY_LIVING_ENHANCED].pence, 11040);
    CHECK_INT(r.benefit[CHARGING_INCOME_DLA_CARE_MIDDLE].pence, 7390);
    CHECK_INT(r.mig_single_pc_age.status, CHARGING_FIGURE_UNVERIFIED);
    CHECK_INT(charging_rates_load(2023, &r, &e), 0);
    CHECK_INT(r.benefit[CHARGING_INCOME_AA_LOWER].pence, 6810);
    CHECK_INT(charging_rates_load(2026, &r, &e), 0);
    CHECK_INT(r.pension_credit_age_max, 67);
    CHECK_INT(r.benefit[CHARGING_INCOME_DLA_MOBILITY_HIGHER].pence, 8000);
    err_clear(&e);
    CHECK_INT(charging_rates_load(2019, &r, &e), ERR_UNSUPPORTED);
    CHECK_CONTAINS(e.msg, "there are no charging rates for 2019-20; the years with rates are "
                          "2023-24, 2024-25, 2025-26, 2026-27");
}

/* A rates file with a typo or a figure without its source is refused, not half-read. */
TEST(charging_rates_parse_strict)
{
    struct charging_rates r;
    struct err e = {0};
    const char *typo = "{\"tax_year\": \"2025-26\", \"mig\": {\"single_18_to_24\": {\"amount\": "
                       "\"89.15\", \"source\": \"x\", \"status\": \"published\"}}}";
    const char *nosource = "{\"tax_year\": \"2025-26\", \"mig\": {\"single_18_24\": {\"amount\": "
                           "\"89.15\", \"status\": \"published\"}}}";
    const char *unknown = "{\"tax_year\": \"2025-26\", \"mig\": {\"single_18_24\": {\"amount\": "
                          "null, \"note\": \"not found\"}}}";
    CHECK_INT(charging_rates_parse(typo, strlen(typo), "t.json", &r, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "t.json: mig.single_18_to_24: unknown key");
    err_clear(&e);
    CHECK_INT(charging_rates_parse(nosource, strlen(nosource), "t.json", &r, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "every figure needs its source");
    err_clear(&e);
    CHECK_INT(charging_rates_parse(unknown, strlen(unknown), "t.json", &r, &e), 0);
    CHECK(!r.mig_single_18_24.known);
}

/* A disability benefit given at other than its published rate is counted as given, with a warning:
 * PIP daily living standard £70.00 in 2025-26 (published £73.90): ESA 100 + 70 - 112.50 = 57.50. */
TEST(charging_benefit_not_at_published_rate_warned)
{
    CHECK_STR(assess("{\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": "
                     "\"500.00\", \"capital\": \"0\", \"income\": [{\"kind\": \"esa\", \"weekly\": "
                     "\"100.00\"}, {\"kind\": \"pip_daily_living_standard\", \"weekly\": "
                     "\"70.00\"}]}"),
              "57.50");
    CHECK_INT(last.nwarnings, 1);
    CHECK(warned("income[1]: £70.00 is not the published 2025-26 weekly rate of PIP daily living "
                 "component, standard rate (£73.90)"));
}

/* The list in error messages names exactly the kinds that parse, in table order. */
TEST(charging_income_kind_list_matches_table)
{
    char want[1024] = "";
    size_t n = 0;
    for (int k = 0; k < CHARGING_INCOME_KIND_COUNT; k++) {
        enum charging_income_kind back;
        const char *name = charging_income_kind_name((enum charging_income_kind)k);
        n += (size_t)snprintf(want + n, sizeof want - n, "%s%s", k ? ", " : "", name);
        CHECK_INT(charging_income_kind_parse(name, &back), 0);
        CHECK_INT(back, k);
    }
    CHECK_STR(charging_income_kind_list(), want);
}
