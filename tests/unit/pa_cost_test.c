/* The true employer cost of a PA, against figures worked out by hand (shown in each test). */
#include "base/arena.h"
#include "base/err.h"
#include "domain/pa_cost.h"
#include "../check.h"

/* 2025-26, weekly pay (brief §3.3-3.4): ST £96/week, employer NI 15%, EA £10,500, AE lower £120,
 * trigger £192, upper £967 a week; insurance £60 a year (an example premium). */
static struct pa_cost_rates weekly_2025(void)
{
    struct pa_cost_rates r = {
        .frequency = PAY_WEEKLY,
        .holiday_bp = 1207,
        .employer_ni_bp = 1500,
        .ni_secondary_threshold = 9600,
        .employment_allowance_claimed = false,
        .employment_allowance = 1050000,
        .pension_employer_bp = 300,
        .ae_lower = 12000,
        .ae_trigger = 19200,
        .ae_upper = 96700,
        .ae_min_age = 22,
        .state_pension_age = 66,
        .liability_insurance = 6000,
    };
    return r;
}

static struct pa_cost_input hours_a_week(int64_t rate, int64_t hours, int age)
{
    struct pa_cost_input in = {
        .hourly_rate = rate,
        .minutes_per_year = hours * 60 * 52,
        .age = age,
        .pension = PA_PENSION_ASSESS,
        .include_liability_insurance = true,
    };
    return in;
}

/* 20 hours a week at £12.21, weekly, aged 30:
 *   wages    1221 x 20                   = 24420 a week; x 52 = 1,269,840
 *   holiday  24420 x 12.07% = 2947.494   ->  2947;        x 52 =   153,244
 *   gross    27367
 *   NI       (27367 - 9600) x 15% = 2665.05 -> 2665;      x 52 =   138,580
 *   pension  (27367 - 12000) x 3% = 461.01 -> 462 (up);   x 52 =    24,024
 *   insurance                                                        6,000
 *   total                                                        1,591,688
 *   weekly 1,591,688 / 52 = 30609.38 -> 30609; 4-weekly /13 = 122437.54 -> 122438
 *   per hour 1,591,688 / 1040 = 1530.47 -> 1530 */
TEST(pa_cost_weekly_hand_computed)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 20, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.periods, 52);
    CHECK_INT(out.wages_period, 24420);
    CHECK_INT(out.holiday_period, 2947);
    CHECK_INT(out.gross_period, 27367);
    CHECK_INT(out.ni_period, 2665);
    CHECK_INT(out.pension_period, 462);
    CHECK(out.pension_enrolled);
    CHECK_INT(out.wages, 1269840);
    CHECK_INT(out.holiday, 153244);
    CHECK_INT(out.employer_ni, 138580);
    CHECK_INT(out.employment_allowance, 0);
    CHECK_INT(out.pension, 24024);
    CHECK_INT(out.insurance, 6000);
    CHECK_INT(out.total, 1591688);
    CHECK_INT(out.weekly, 30609);
    CHECK_INT(out.four_weekly, 122438);
    CHECK_INT(out.per_hour, 1530);
    CHECK_INT(out.oncost_bp, 2535); /* 321,848 / 1,269,840 = 25.3456% */
    arena_release(&a);
}

TEST(pa_cost_explanation_has_every_component)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 20, 30);
    struct pa_cost_result out;
    r.employment_allowance_claimed = true;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.nlines, 6);
    CHECK_INT(out.lines[0].component, PA_COST_WAGES);
    CHECK_CONTAINS(out.lines[0].text, "20 hours");
    CHECK_CONTAINS(out.lines[0].text, "£12.21 an hour");
    CHECK_CONTAINS(out.lines[1].text, "12.07%");
    CHECK_CONTAINS(out.lines[2].text, "15% of pay above £96.00 a week");
    CHECK_CONTAINS(out.lines[2].text, "£26.65 a week");
    CHECK_INT(out.lines[3].component, PA_COST_EMPLOYMENT_ALLOWANCE);
    CHECK_INT(out.lines[3].annual, -138580);
    CHECK_CONTAINS(out.lines[4].text, "3% of pay between £120.00 and £967.00");
    CHECK_CONTAINS(out.lines[5].text, "£60.00 a year");
    CHECK_CONTAINS(out.summary, "£14,531.08 a year");
    arena_release(&a);
}

/* With the Employment Allowance claimed, the year's employer NI (138,580) is covered in full. */
TEST(pa_cost_employment_allowance_covers_ni)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 20, 30);
    struct pa_cost_result out;
    r.employment_allowance_claimed = true;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.employer_ni, 138580);
    CHECK_INT(out.employment_allowance, 138580);
    CHECK_INT(out.total, 1591688 - 138580);
    arena_release(&a);
}

/* Only what is left of the allowance after other PAs: 1,050,000 - 1,000,000 = 50,000. */
TEST(pa_cost_employment_allowance_partly_used)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 20, 30);
    struct pa_cost_result out;
    r.employment_allowance_claimed = true;
    in.employment_allowance_used = 1000000;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.employment_allowance, 50000);
    CHECK_INT(out.total, 1591688 - 50000);
    in.employment_allowance_used = 2000000; /* more than the allowance: nothing left, not negative */
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.employment_allowance, 0);
    arena_release(&a);
}

/* HMRC rounds NI with 0.5p or less down: pay £96.10 a week, 10p above the threshold, 15% = 1.5p
 * -> 1p (half up would give 2p). No holiday uplift, to hit the figure exactly. */
TEST(pa_cost_ni_rounds_half_down)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(961, 10, 30);
    struct pa_cost_result out;
    r.holiday_bp = 0;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.gross_period, 9610);
    CHECK_INT(out.ni_period, 1);
    arena_release(&a);
}

/* Monthly pay, 2026 NLW £12.71, 20 hours a week: ST £417, AE £520 / £833 / £4,189 a month.
 *   wages   1271 x 62400 / 720 = 110153.33 -> 110153;   x 12 = 1,321,836
 *   holiday 110153 x 12.07% = 13295.47 -> 13295;         x 12 =   159,540
 *   NI      (123448 - 41700) x 15% = 12262.2 -> 12262;   x 12 =   147,144
 *   pension (123448 - 52000) x 3% = 2143.44 -> 2144 (up); x 12 =    25,728
 *   total (no insurance)                                       1,654,248 */
TEST(pa_cost_monthly_hand_computed)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1271, 20, 40);
    struct pa_cost_result out;
    r.frequency = PAY_MONTHLY;
    r.ni_secondary_threshold = 41700;
    r.ae_lower = 52000;
    r.ae_trigger = 83300;
    r.ae_upper = 418900;
    in.include_liability_insurance = false;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.periods, 12);
    CHECK_INT(out.wages_period, 110153);
    CHECK_INT(out.holiday_period, 13295);
    CHECK_INT(out.ni_period, 12262);
    CHECK_INT(out.pension_period, 2144);
    CHECK_INT(out.total, 1654248);
    CHECK_INT(out.insurance, 0);
    CHECK_CONTAINS(out.lines[0].text, "a month");
    arena_release(&a);
}

/* 8 hours at £12.21: 9768 + 1179 holiday = 10947 a week, under the £192 trigger: not enrolled.
 * NI (10947 - 9600) x 15% = 202.05 -> 202. */
TEST(pa_cost_below_trigger_not_enrolled)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 8, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.gross_period, 10947);
    CHECK_INT(out.ni_period, 202);
    CHECK(!out.pension_enrolled);
    CHECK_INT(out.pension, 0);
    CHECK_CONTAINS(out.lines[3].text, "may opt in");
    arena_release(&a);
}

/* Pay under the NI threshold: no employer NI, and the line says why. 5 h x £12.21 = 6105 + 737. */
TEST(pa_cost_below_ni_threshold)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 5, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.gross_period, 6105 + 737);
    CHECK_INT(out.employer_ni, 0);
    CHECK_CONTAINS(out.lines[2].text, "not above the threshold");
    arena_release(&a);
}

TEST(pa_cost_auto_enrolment_ages)
{
    struct pa_cost_rates r = weekly_2025();
    CHECK(!pa_cost_eligible_jobholder(&r, 21, 27367));
    CHECK(pa_cost_eligible_jobholder(&r, 22, 27367));
    CHECK(pa_cost_eligible_jobholder(&r, 65, 27367));
    CHECK(!pa_cost_eligible_jobholder(&r, 66, 27367));
    CHECK(pa_cost_eligible_jobholder(&r, -1, 27367)); /* unknown: assume enrolled */
    CHECK(!pa_cost_eligible_jobholder(&r, 30, 19200)); /* at the trigger is not above it */
    CHECK(pa_cost_eligible_jobholder(&r, 30, 19201));
}

/* Opted in between the lower level and the trigger: 10 h x £12.21 = 12210 + 1474 = 13684;
 * (13684 - 12000) x 3% = 50.52 -> 51 (rounded up, so the legal minimum is met). */
TEST(pa_cost_opted_in_pension)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 10, 30);
    struct pa_cost_result out;
    in.pension = PA_PENSION_ENROLLED;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.gross_period, 13684);
    CHECK_INT(out.pension_period, 51);
    in.pension = PA_PENSION_NOT_ENROLLED;
    in.minutes_per_year = 20 * 60 * 52;
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.pension, 0);
    CHECK_CONTAINS(out.lines[3].text, "not in a workplace pension");
    arena_release(&a);
}

/* Qualifying earnings stop at the upper level: 80 h x £12.21 = 97680 + 11790 = 109470 > 96700;
 * (96700 - 12000) x 3% = 2541. */
TEST(pa_cost_pension_capped_at_upper_level)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(1221, 80, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), 0);
    CHECK_INT(out.gross_period, 109470);
    CHECK_INT(out.pension_period, 2541);
    arena_release(&a);
}

TEST(pa_cost_refuses_bad_input)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(-1, 20, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), ERR_INVALID);
    CHECK_STR(e.field, "hourly_rate");
    err_clear(&e);
    in = hours_a_week(1221, 20, 30);
    in.minutes_per_year = -5;
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), ERR_INVALID);
    CHECK_STR(e.field, "hours");
    err_clear(&e);
    in = hours_a_week(1221, 20, 30);
    r.ae_lower = 50000; /* above the trigger */
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "out of order");
    err_clear(&e);
    CHECK_INT(pa_cost_calculate(NULL, &in, &a, &out, &e), ERR_INVALID);
    arena_release(&a);
}

TEST(pa_cost_overflow_is_range_error)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = weekly_2025();
    struct pa_cost_input in = hours_a_week(INT64_C(9000000000000000000), 20, 30);
    struct pa_cost_result out;
    arena_init(&a, 0);
    CHECK_INT(pa_cost_calculate(&r, &in, &a, &out, &e), ERR_RANGE);
    arena_release(&a);
}

TEST(pa_cost_format_minutes)
{
    char b[64];
    pa_cost_format_minutes(1200, b, sizeof b);
    CHECK_STR(b, "20 hours");
    pa_cost_format_minutes(450, b, sizeof b);
    CHECK_STR(b, "7 hours 30 minutes");
    pa_cost_format_minutes(45, b, sizeof b);
    CHECK_STR(b, "45 minutes");
    pa_cost_format_minutes(61, b, sizeof b);
    CHECK_STR(b, "1 hour 1 minute");
}
