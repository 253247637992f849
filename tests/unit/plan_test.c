/* Support plans: costing against the budget, warnings, validation, hashing, versions and locks. */
#include "base/arena.h"
#include "base/err.h"
#include "domain/payroll/rates.h"
#include "domain/plan.h"
#include "domain/signoff.h"
#include "../check.h"

static struct pa_cost_rates rates_2025(void)
{
    struct pa_cost_rates r = {
        .frequency = PAY_WEEKLY, .holiday_bp = 1207, .employer_ni_bp = 1500,
        .ni_secondary_threshold = 9600, .employment_allowance = 1050000,
        .pension_employer_bp = 300, .ae_lower = 12000, .ae_trigger = 19200, .ae_upper = 96700,
        .ae_min_age = 22, .state_pension_age = 66, .liability_insurance = 6000,
    };
    return r;
}

/* From 1 April 2025: 21 and over £12.21, 18-20 £10.00, under 18 £7.55 (highest band first, as
 * payroll's tables are). */
static const struct nmw_rates nmw_2025[] = {{
    .from = 20179, /* 2025-04-01 */
    .nbands = 3,
    .bands = {{21, 1221, "National Living Wage (21 and over)"}, {18, 1000, "18 to 20"}, {0, 755, "Under 18"}},
    .apprentice_hourly = 755,
}};

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

static const struct plan_outcome outcomes[] = {
    {"o1", "Get up and out each morning"},
    {"o2", "Be fitter and stronger"},
    {"o3", "Meet people who like painting"},
};
static const char *const o1[] = {"o1"};
static const char *const o2[] = {"o2"};
static const char *const o3[] = {"o3"};
static const char *const o12[] = {"o1", "o2"};

static struct plan_line pa_line(const char *id, const char *name, int64_t hours, int64_t rate)
{
    struct plan_line l = {
        .id = id, .kind = PLAN_LINE_PA_HOURS, .description = "Personal assistant",
        .frequency = PLAN_FREQ_WEEKLY, .quantity = hours * 60, .unit_cost = rate,
        .outcomes = o1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT, .pa_name = name,
        .pa_born_known = true, .pa_born = ymd(1995, 3, 1), .pa_pension = PA_PENSION_ASSESS,
    };
    return l;
}

static struct plan_line simple_line(const char *id, enum plan_line_kind kind, const char *desc,
                                    enum plan_frequency f, int64_t qty, int64_t cost,
                                    const char *const *outs, size_t nouts)
{
    struct plan_line l = {
        .id = id, .kind = kind, .description = desc, .frequency = f, .quantity = qty,
        .unit_cost = cost, .outcomes = outs, .noutcomes = nouts,
        .managed_by = CHOICE_DIRECT_PAYMENT,
    };
    return l;
}

static struct plan base_plan(const struct plan_line *lines, size_t n)
{
    struct plan p = {
        .id = "plan-1", .person_ref = "P001", .version = 1, .status = PLAN_DRAFT,
        .start_date = ymd(2025, 6, 2), .planned_by = PLAN_BY_SELF,
        .outcomes = outcomes, .noutcomes = 3, .lines = lines, .nlines = n,
    };
    p.sections[PLAN_SEC_ABOUT_ME] = "I like painting and my dog.";
    p.sections[PLAN_SEC_CONTINGENCY] = "My sister covers if my PA is ill.";
    return p;
}

static struct plan_costing_input input(int64_t budget, const struct pa_cost_rates *r,
                                       const struct nmw_rates *nmw)
{
    struct plan_costing_input in = {
        .on = ymd(2025, 6, 2), .budget_annual = budget, .pa_rates = r, .nmw = nmw, .nnmw = nmw ? 1 : 0,
    };
    return in;
}

static bool has_warning(const struct plan_costing *c, enum plan_warning_kind k)
{
    for (size_t i = 0; i < c->nwarnings; i++)
        if (c->warnings[i].kind == k)
            return true;
    return false;
}

/* The first warning of kind k; a stand-in saying so when there is none (never NULL, so a missing
 * warning fails the check that reads it rather than crashing the run). */
static const struct plan_warning *warning(const struct plan_costing *c, enum plan_warning_kind k)
{
    static const struct plan_warning none = {0, -1, -1, "(no warning of this kind)"};
    for (size_t i = 0; i < c->nwarnings; i++)
        if (c->warnings[i].kind == k)
            return &c->warnings[i];
    return &none;
}

/* The journey: a PA, a gym membership and a class.
 *   PA 20 h/week at £12.21, aged 30: 1,591,688 a year (pa_cost_test, with insurance)
 *   gym £30 a month: 3000 x 12 = 36,000;  class £8 a week: 800 x 52 = 41,600
 *   running annual 1,669,288; weekly /52 = 32101.69 -> 32102; 4-weekly /13 = 128406.77 -> 128407
 *   riser chair £450 one-off, no allowance: spend 1,714,288 against 1,700,000: over by 14,288. */
TEST(plan_cost_pa_gym_class)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[5];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(1700000, &r, nmw_2025);

    lines[0] = pa_line("l1", "Jo", 20, 1221);
    lines[1] = simple_line("l2", PLAN_LINE_ACTIVITY, "Gym membership", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    lines[2] = simple_line("l3", PLAN_LINE_ACTIVITY, "Painting class", PLAN_FREQ_WEEKLY, 1, 800, o3, 1);
    lines[3] = simple_line("l4", PLAN_LINE_EQUIPMENT, "Riser chair", PLAN_FREQ_ONE_OFF, 1, 45000, o1, 1);
    lines[4] = simple_line("l5", PLAN_LINE_COMMUNITY_FREE, "Walking group", PLAN_FREQ_WEEKLY, 1, 0, o12, 2);
    p = base_plan(lines, 5);
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(c.lines[0].annual, 1591688);
    CHECK(c.lines[0].pa != NULL);
    CHECK_INT(c.lines[0].min_wage, 1221);
    CHECK_INT(c.lines[1].annual, 36000);
    CHECK_INT(c.lines[1].weekly, 692);  /* 36000 / 52 = 692.3 */
    CHECK_INT(c.lines[2].annual, 41600);
    CHECK_INT(c.lines[3].annual, 0);
    CHECK_INT(c.lines[3].one_off, 45000);
    CHECK_INT(c.lines[4].annual, 0);
    CHECK_INT(c.annual, 1669288);
    CHECK_INT(c.weekly, 32102);
    CHECK_INT(c.four_weekly, 128407);
    CHECK_INT(c.one_off, 45000);
    CHECK_INT(c.one_off_from_budget, 45000);
    CHECK_INT(c.spend, 1714288);
    CHECK_INT(c.headroom, -14288);
    CHECK(c.over_budget);
    CHECK(has_warning(&c, PLAN_WARN_OVER_BUDGET));
    CHECK_CONTAINS(warning(&c, PLAN_WARN_OVER_BUDGET)->message, "£142.88 more than the budget");
    CHECK(!has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    CHECK(!has_warning(&c, PLAN_WARN_ONLY_TRADITIONAL));
    CHECK(!has_warning(&c, PLAN_WARN_NO_OUTCOME));
    CHECK(!has_warning(&c, PLAN_WARN_OUTCOME_UNMET));
    CHECK_INT(c.traditional, 0);
    CHECK_INT(c.traditional_bp, 0);
    CHECK_INT(c.by_option[CHOICE_DIRECT_PAYMENT], 1669288 + 45000);
    CHECK_CONTAINS(c.explanation[1], "Gym membership: 1 x £30.00 every month = £30.00 every month, £360.00 a year.");
    CHECK_CONTAINS(c.explanation[3], "one-off");
    CHECK_CONTAINS(c.explanation[4], "no cost");
    arena_release(&a);
}

/* A £450 riser chair with a £300 one-off allowance: £150 comes from the budget. */
TEST(plan_cost_one_off_allowance)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[2];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(1700000, &r, NULL);
    lines[0] = pa_line("l1", "Jo", 20, 1221);
    lines[1] = simple_line("l2", PLAN_LINE_EQUIPMENT, "Riser chair", PLAN_FREQ_ONE_OFF, 1, 45000, o1, 1);
    p = base_plan(lines, 2);
    p.noutcomes = 1;
    in.one_off_allowance = 30000;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.one_off_from_budget, 15000);
    CHECK_INT(c.spend, 1591688 + 15000);
    CHECK(!c.over_budget);
    CHECK_INT(c.headroom, 1700000 - 1606688);
    in.one_off_allowance = 45000;
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.one_off_from_budget, 0);
    CHECK_INT(c.spend, 1591688);
    arena_release(&a);
}

/* Each frequency's year: weekly x52, four-weekly x13, monthly x12, yearly x1. */
TEST(plan_cost_frequencies)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[4];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(10000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_TRANSPORT, "Taxi", PLAN_FREQ_WEEKLY, 2, 1250, o1, 1);
    lines[1] = simple_line("b", PLAN_LINE_RESPITE, "Short break", PLAN_FREQ_FOUR_WEEKLY, 1, 10000, o1, 1);
    lines[2] = simple_line("c", PLAN_LINE_ACTIVITY, "Swimming", PLAN_FREQ_MONTHLY, 4, 550, o2, 1);
    lines[3] = simple_line("d", PLAN_LINE_OTHER, "Art club membership", PLAN_FREQ_YEARLY, 1, 25000, o3, 1);
    p = base_plan(lines, 4);
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].occurrence, 2500);
    CHECK_INT(c.lines[0].annual, 130000);
    CHECK_INT(c.lines[1].annual, 130000);
    CHECK_INT(c.lines[1].four_weekly, 10000);
    CHECK_INT(c.lines[2].annual, 26400);
    CHECK_INT(c.lines[3].annual, 25000);
    CHECK_INT(c.lines[3].weekly, 481); /* 25000 / 52 = 480.77 */
    CHECK_INT(c.annual, 311400);
    CHECK_INT(c.weekly, 5988);         /* 311400 / 52 = 5988.46 */
    CHECK_INT(c.four_weekly, 23954);   /* 311400 / 13 = 23953.85 */
    CHECK_INT(c.budget_weekly, 192308); /* 10,000,000 / 52 = 192307.69 */
    arena_release(&a);
}

/* Agency minutes at an hourly rate, to the penny, halves up, each visit:
 * 45 min at £19.99 = 1499.25 -> 1499; 50 min = 1665.83 -> 1666; 30 min = 999.5 -> 1000. */
TEST(plan_cost_agency_minutes_rounding)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[3];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(10000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_AGENCY_HOURS, "Morning call", PLAN_FREQ_WEEKLY, 45, 1999, o1, 1);
    lines[1] = simple_line("b", PLAN_LINE_AGENCY_HOURS, "Evening call", PLAN_FREQ_WEEKLY, 50, 1999, o1, 1);
    lines[2] = simple_line("c", PLAN_LINE_AGENCY_HOURS, "Lunch call", PLAN_FREQ_WEEKLY, 30, 1999, o1, 1);
    p = base_plan(lines, 3);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].occurrence, 1499);
    CHECK_INT(c.lines[1].occurrence, 1666);
    CHECK_INT(c.lines[2].occurrence, 1000);
    CHECK_INT(c.annual, (1499 + 1666 + 1000) * 52);
    CHECK_CONTAINS(c.explanation[0], "45 minutes every week at £19.99 an hour = £14.99 every week");
    arena_release(&a);
}

/* Seven hours of agency care and two day-centre days: all traditional, so flagged. */
TEST(plan_warns_only_traditional)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[2];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(2000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_AGENCY_HOURS, "Home care", PLAN_FREQ_WEEKLY, 7 * 60, 2400, o1, 1);
    lines[1] = simple_line("b", PLAN_LINE_DAY_OPPORTUNITY, "Day centre", PLAN_FREQ_WEEKLY, 2, 4500, o3, 1);
    lines[1].day_centre = true;
    p = base_plan(lines, 2);
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].annual, 873600);
    CHECK_INT(c.lines[1].annual, 468000);
    CHECK(c.lines[0].traditional && c.lines[1].traditional);
    CHECK_INT(c.traditional, 1341600);
    CHECK_INT(c.other, 0);
    CHECK_INT(c.traditional_bp, 10000);
    CHECK(has_warning(&c, PLAN_WARN_ONLY_TRADITIONAL));
    CHECK_CONTAINS(warning(&c, PLAN_WARN_ONLY_TRADITIONAL)->message, "anything lawful");
    /* The outcome nobody serves ("Be fitter") is flagged too. */
    CHECK(has_warning(&c, PLAN_WARN_OUTCOME_UNMET));
    CHECK_INT(warning(&c, PLAN_WARN_OUTCOME_UNMET)->outcome, 1);
    arena_release(&a);
}

/* A day opportunity that is not a day centre is not traditional; adding a gym breaks the "only"
 * and the share is 873,600 / 909,600 = 96.04%. */
TEST(plan_traditional_share)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[3];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(2000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_AGENCY_HOURS, "Home care", PLAN_FREQ_WEEKLY, 7 * 60, 2400, o1, 1);
    lines[1] = simple_line("b", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    lines[2] = simple_line("c", PLAN_LINE_DAY_OPPORTUNITY, "Allotment project", PLAN_FREQ_WEEKLY, 1, 0, o3, 1);
    p = base_plan(lines, 3);
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(!c.lines[2].traditional);
    CHECK_INT(c.traditional, 873600);
    CHECK_INT(c.other, 36000);
    CHECK_INT(c.traditional_bp, 9604);
    CHECK(!has_warning(&c, PLAN_WARN_ONLY_TRADITIONAL));
    CHECK_CONTAINS(c.explanation[c.nexplanation - 1], "96.04% of spending");
    arena_release(&a);
}

TEST(plan_warns_line_without_outcome)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[2];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(2000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o12, 2);
    lines[1] = simple_line("b", PLAN_LINE_TRANSPORT, "Bus pass top-up", PLAN_FREQ_MONTHLY, 1, 2000, NULL, 0);
    p = base_plan(lines, 2);
    p.noutcomes = 2;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(has_warning(&c, PLAN_WARN_NO_OUTCOME));
    CHECK_INT(warning(&c, PLAN_WARN_NO_OUTCOME)->line, 1);
    CHECK_CONTAINS(warning(&c, PLAN_WARN_NO_OUTCOME)->message, "Bus pass top-up does not say which outcome");
    CHECK(!has_warning(&c, PLAN_WARN_OUTCOME_UNMET));
    arena_release(&a);
}

/* A PA aged 30 at £11.00 is under the £12.21 NLW. */
TEST(plan_warns_pa_below_nlw)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(3000000, &r, nmw_2025);
    lines[0] = pa_line("l1", "Jo", 20, 1100);
    p = base_plan(lines, 1);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    CHECK_CONTAINS(warning(&c, PLAN_WARN_BELOW_MIN_WAGE)->message,
                   "£11.00 an hour is below the legal minimum of £12.21 an hour for a PA aged 30");
    arena_release(&a);
}

/* The minimum depends on the PA's age on the costing date: at 19, £10.00 applies, so £11.00 is
 * lawful; the day they turn 21 it is not. */
TEST(plan_min_wage_follows_age_on_date)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(3000000, &r, nmw_2025);
    lines[0] = pa_line("l1", "Sam", 20, 1100);
    lines[0].pa_born = ymd(2006, 1, 10); /* 19 on 2 June 2025 */
    p = base_plan(lines, 1);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].min_wage, 1000);
    CHECK(!has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    lines[0].pa_born = ymd(2004, 6, 2); /* 21 that very day */
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].min_wage, 1221);
    CHECK(has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    arena_release(&a);
}

/* Age not known: checked against the NLW (the top band), and the message says so. */
TEST(plan_min_wage_unknown_age_uses_nlw)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(3000000, &r, nmw_2025);
    lines[0] = pa_line("l1", NULL, 20, 1200);
    lines[0].pa_born_known = false;
    p = base_plan(lines, 1);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    CHECK_CONTAINS(warning(&c, PLAN_WARN_BELOW_MIN_WAGE)->message, "National Living Wage of £12.21");
    arena_release(&a);
}

TEST(plan_min_wage_unchecked_without_table)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(3000000, &r, NULL);
    lines[0] = pa_line("l1", "Jo", 20, 1000);
    p = base_plan(lines, 1);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(has_warning(&c, PLAN_WARN_MIN_WAGE_UNCHECKED));
    CHECK(!has_warning(&c, PLAN_WARN_BELOW_MIN_WAGE));
    CHECK_INT(c.lines[0].min_wage, -1);
    arena_release(&a);
}

/* Two PAs share one Employment Allowance (here £1,500 to make it run out) and one insurance
 * policy: the first PA's NI 138,580 uses 138,580; the second gets the 11,420 left. */
TEST(plan_two_pas_share_allowance_and_insurance)
{
    struct arena a;
    struct err e = {0};
    struct pa_cost_rates r = rates_2025();
    struct plan_line lines[2];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(5000000, &r, NULL);
    r.employment_allowance_claimed = true;
    r.employment_allowance = 150000;
    lines[0] = pa_line("l1", "Jo", 20, 1221);
    lines[1] = pa_line("l2", "Kim", 20, 1221);
    p = base_plan(lines, 2);
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.lines[0].pa->employment_allowance, 138580);
    CHECK_INT(c.lines[1].pa->employment_allowance, 11420);
    CHECK_INT(c.lines[0].pa->insurance, 6000);
    CHECK_INT(c.lines[1].pa->insurance, 0);
    CHECK_INT(c.lines[0].annual, 1591688 - 138580);
    CHECK_INT(c.lines[1].annual, 1591688 - 6000 - 11420);
    arena_release(&a);
}

TEST(plan_warns_over_chosen_split_and_no_contingency)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[2];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(2000000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    lines[1] = simple_line("b", PLAN_LINE_AGENCY_HOURS, "Home care", PLAN_FREQ_WEEKLY, 600, 2400, o1, 1);
    lines[1].managed_by = CHOICE_COUNCIL_MANAGED;
    p = base_plan(lines, 2);
    p.noutcomes = 2;
    p.sections[PLAN_SEC_CONTINGENCY] = "  ";
    in.has_split = true;
    in.split[CHOICE_DIRECT_PAYMENT] = 100000;
    in.split[CHOICE_COUNCIL_MANAGED] = 1000000; /* home care costs 1,248,000 */
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK_INT(c.by_option[CHOICE_COUNCIL_MANAGED], 1248000);
    CHECK_INT(c.by_option[CHOICE_DIRECT_PAYMENT], 36000);
    CHECK(has_warning(&c, PLAN_WARN_OVER_SPLIT));
    CHECK_CONTAINS(warning(&c, PLAN_WARN_OVER_SPLIT)->message, "council-managed budget");
    CHECK(has_warning(&c, PLAN_WARN_NO_CONTINGENCY));
    arena_release(&a);
}

TEST(plan_cost_within_budget_explained)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(100000, NULL, NULL);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    p = base_plan(lines, 1);
    p.outcomes = &outcomes[1];
    p.noutcomes = 1;
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    CHECK(!c.over_budget);
    CHECK_INT(c.headroom, 64000);
    CHECK_INT(c.nwarnings, 0);
    CHECK_CONTAINS(c.explanation[2], "Budget: £1,000.00 a year (£19.23 a week). The plan comes to £360.00, leaving £640.00.");
    arena_release(&a);
}

TEST(plan_pa_lines_need_rates)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[1];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = input(2000000, NULL, NULL);
    lines[0] = pa_line("l1", "Jo", 20, 1221);
    p = base_plan(lines, 1);
    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "no PA employment rates");
    arena_release(&a);
}

TEST(plan_validate_refuses_bad_lines)
{
    struct err e = {0};
    static const char *const unknown[] = {"o9"};
    struct plan_line lines[2];
    struct plan p;

    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, unknown, 1);
    p = base_plan(lines, 1);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "lines[0].outcomes");
    CHECK_CONTAINS(e.msg, "not in the plan");

    err_clear(&e);
    lines[0] = simple_line("a", PLAN_LINE_COMMUNITY_FREE, "Choir", PLAN_FREQ_WEEKLY, 1, 300, o3, 1);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "activity or membership");

    err_clear(&e);
    lines[0] = pa_line("a", "Jo", 20, 1221);
    lines[0].frequency = PLAN_FREQ_ONE_OFF;
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "lines[0].frequency");

    err_clear(&e);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, -1, 3000, o2, 1);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "lines[0].quantity");

    err_clear(&e);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, -3000, o2, 1);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "lines[0].unit_cost");

    err_clear(&e);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "lines[0].description");

    err_clear(&e);
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    lines[1] = simple_line("a", PLAN_LINE_ACTIVITY, "Class", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    p.nlines = 2;
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Two lines have the id 'a'");

    err_clear(&e);
    lines[0] = pa_line("a", "Jo", 20, 1221);
    lines[1] = pa_line("b", "Jo", 5, 1221);
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "same PA (Jo)");
}

TEST(plan_validate_refuses_bad_plan)
{
    struct err e = {0};
    struct plan_outcome dup[] = {{"o1", "One"}, {"o1", "Two"}};
    struct plan p = base_plan(NULL, 0);
    CHECK_INT(plan_validate(&p, &e), 0);
    p.person_ref = "";
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "person");
    err_clear(&e);
    p = base_plan(NULL, 0);
    p.outcomes = dup;
    p.noutcomes = 2;
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Two outcomes");
    err_clear(&e);
    p = base_plan(NULL, 0);
    p.has_review_date = true;
    p.review_date = p.start_date - 1;
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
    CHECK_STR(e.field, "review_date");
    err_clear(&e);
    p = base_plan(NULL, 0);
    p.version = 0;
    CHECK_INT(plan_validate(&p, &e), ERR_INVALID);
}

/* ---- hashing, versions, locks ----------------------------------------------------------------- */

TEST(sha256_known_vectors)
{
    char h[SIGNOFF_HASH_HEX];
    struct signoff_hasher s;
    signoff_hash("", 0, h);
    CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    signoff_hash("abc", 3, h);
    CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    signoff_hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
    CHECK_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* A million 'a's fed in uneven pieces. */
    signoff_hasher_init(&s);
    {
        char chunk[997];
        size_t left = 1000000;
        memset(chunk, 'a', sizeof chunk);
        while (left) {
            size_t n = left < sizeof chunk ? left : sizeof chunk;
            signoff_hasher_add(&s, chunk, n);
            left -= n;
        }
    }
    signoff_hasher_finish(&s, h);
    CHECK_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(plan_hash_tracks_content_only)
{
    struct err e = {0};
    char h1[PLAN_HASH_HEX], h2[PLAN_HASH_HEX];
    struct plan_line lines[1];
    struct plan p;
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    p = base_plan(lines, 1);
    CHECK_INT(plan_hash(&p, h1, &e), 0);
    p.revision = 7;
    p.status = PLAN_SUBMITTED;
    CHECK_INT(plan_hash(&p, h2, &e), 0);
    CHECK_STR(h1, h2);               /* status and revision are not content */
    lines[0].unit_cost = 3001;
    CHECK_INT(plan_hash(&p, h2, &e), 0);
    CHECK(strcmp(h1, h2) != 0);      /* a penny changes it */
    lines[0].unit_cost = 3000;
    p.sections[PLAN_SEC_RISKS] = "";
    CHECK_INT(plan_hash(&p, h2, &e), 0);
    CHECK(strcmp(h1, h2) != 0);      /* empty text is not the same as none */
    p.sections[PLAN_SEC_RISKS] = NULL;
    p.version = 2;
    CHECK_INT(plan_hash(&p, h2, &e), 0);
    CHECK(strcmp(h1, h2) != 0);      /* an approval of version 1 does not cover version 2 */
}

TEST(plan_edit_conflicts_and_locks)
{
    struct err e = {0};
    struct plan p = base_plan(NULL, 0);
    p.revision = 3;
    CHECK_INT(plan_check_editable(&p, 3, &e), 0);
    CHECK_INT(plan_check_editable(&p, 2, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "Someone else saved this plan");
    err_clear(&e);
    p.status = PLAN_SUBMITTED;
    CHECK_INT(plan_check_editable(&p, 3, &e), 0);
    p.status = PLAN_SIGNED_OFF;
    CHECK_INT(plan_check_editable(&p, 3, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "signed off and is locked");
    err_clear(&e);
    p.status = PLAN_SUPERSEDED;
    CHECK_INT(plan_check_editable(&p, 3, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "old version");
}

static const struct signoff_worker staff[] = {
    {"sw1", "Sam Jones", "social worker", "tm1", 3500000, false},
    {"tm1", "Priya Shah", "team manager", NULL, 4900000, false},
};

/* Submit, approve within limit, lock; then a change needs a new version and a new approval. */
TEST(plan_sign_off_locks_and_versions)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org org = {staff, 2, NULL};
    struct signoff_request req = {.id = "r1", .subject = SIGNOFF_PLAN, .subject_ref = "plan-1",
                                  .subject_version = 1, .annual_value = 1669236,
                                  .raised_by = "person-P001", .worker_id = "sw1"};
    struct signoff_state st;
    struct plan_line lines[1];
    struct plan p, *v2;
    char h[PLAN_HASH_HEX];
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    p = base_plan(lines, 1);
    arena_init(&a, 0);

    CHECK_INT(plan_sign_off(&p, NULL, &e), ERR_CONFLICT); /* a draft: not sent for sign-off */
    err_clear(&e);
    CHECK_INT(plan_submit(&p, req.hash, &e), 0);
    CHECK_INT(p.status, PLAN_SUBMITTED);
    CHECK_INT(signoff_open(&org, &req, &a, &st, &e), 0);
    CHECK_INT(plan_sign_off(&p, &st, &e), ERR_FORBIDDEN); /* pending: not approved */
    err_clear(&e);
    CHECK_INT(plan_hash(&p, h, &e), 0);
    CHECK_INT(signoff_decide(&org, &req, &st, "sw1", SIGNOFF_APPROVE, NULL, h, ymd(2025, 6, 3), &a, &e), 0);
    CHECK_INT(plan_sign_off(&p, &st, &e), 0);
    CHECK_INT(p.status, PLAN_SIGNED_OFF);
    CHECK_INT(plan_check_editable(&p, 0, &e), ERR_CONFLICT);
    err_clear(&e);

    CHECK_INT(plan_new_version(&p, &a, &v2, &e), 0);
    CHECK_INT(v2->version, 2);
    CHECK_INT(v2->status, PLAN_DRAFT);
    CHECK_STR(v2->previous_hash, h);
    CHECK_INT(p.status, PLAN_SIGNED_OFF); /* the signed-off version is untouched */
    CHECK_INT(plan_check_editable(v2, 0, &e), 0);
    /* The old approval does not cover version 2. */
    v2->status = PLAN_SUBMITTED;
    CHECK_INT(plan_sign_off(v2, &st, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "new approval");
    err_clear(&e);
    /* A new version is made from the signed-off plan only. */
    CHECK_INT(plan_new_version(v2, &a, &v2, &e), ERR_CONFLICT);
    arena_release(&a);
}

/* Changing a submitted plan after approval: the approval no longer applies. */
TEST(plan_changed_after_approval_needs_new_approval)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org org = {staff, 2, NULL};
    struct signoff_request req = {.id = "r1", .subject = SIGNOFF_PLAN, .subject_ref = "plan-1",
                                  .subject_version = 1, .annual_value = 36000,
                                  .raised_by = "person-P001", .worker_id = "sw1"};
    struct signoff_state st;
    struct plan_line lines[1];
    struct plan p;
    lines[0] = simple_line("a", PLAN_LINE_ACTIVITY, "Gym", PLAN_FREQ_MONTHLY, 1, 3000, o2, 1);
    p = base_plan(lines, 1);
    arena_init(&a, 0);
    CHECK_INT(plan_submit(&p, req.hash, &e), 0);
    CHECK_INT(signoff_open(&org, &req, &a, &st, &e), 0);
    CHECK_INT(signoff_decide(&org, &req, &st, "sw1", SIGNOFF_APPROVE, NULL, req.hash, ymd(2025, 6, 3), &a, &e), 0);
    lines[0].unit_cost = 4500; /* the gym puts its price up before the plan is locked */
    CHECK_INT(plan_sign_off(&p, &st, &e), ERR_CONFLICT);
    CHECK_INT(p.status, PLAN_SUBMITTED);
    arena_release(&a);
}

TEST(plan_names_round_trip)
{
    enum plan_line_kind k;
    enum plan_frequency f;
    enum plan_helper_kind h;
    for (int i = 0; i < PLAN_LINE_KIND_COUNT; i++) {
        CHECK_INT(plan_line_kind_parse(plan_line_kind_id((enum plan_line_kind)i), &k), 0);
        CHECK_INT(k, i);
    }
    for (int i = 0; i < PLAN_FREQUENCY_COUNT; i++) {
        CHECK_INT(plan_frequency_parse(plan_frequency_id((enum plan_frequency)i), &f), 0);
        CHECK_INT(f, i);
    }
    for (int i = 0; i < PLAN_HELPER_KIND_COUNT; i++) {
        CHECK_INT(plan_helper_kind_parse(plan_helper_kind_id((enum plan_helper_kind)i), &h), 0);
        CHECK_INT(h, i);
    }
    CHECK_INT(plan_line_kind_parse("hours", &k), ERR_INVALID);
    CHECK_STR(plan_section_title(PLAN_SEC_CONTINGENCY), "What happens if things go wrong");
    CHECK_STR(plan_helper_kind_id(PLAN_BY_ULO), "ulo");
}
