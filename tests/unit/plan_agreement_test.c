/* The direct payment agreement: generated from the plan, gated on the choice, accepted against the
 * exact plan version. */
#include "base/arena.h"
#include "base/err.h"
#include "domain/dp_agreement.h"
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

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

static const struct plan_outcome outs[] = {{"o1", "Get up and out each morning"},
                                           {"o2", "Be fitter and stronger"}};
static const char *const o1[] = {"o1"};
static const char *const o2[] = {"o2"};
static const char *const present[] = {"Ann Smith"};

struct world {
    struct plan_line lines[3];
    struct plan plan;
    struct pa_cost_rates rates;
    struct plan_costing costing;
    struct choice_record choice;
    struct dp_agreement_parties parties;
    struct dp_agreement_settings settings;
};

/* PA 20 h/week at £12.21 (1,591,688 a year) and a gym (36,000) on the direct payment; two hours of
 * home care a week at £24 (249,600) council-managed. Budget £20,000: £17,000 DP, £3,000 council. */
static void setup(struct world *w, struct arena *a)
{
    struct err e = {0};
    struct plan_costing_input in;
    memset(w, 0, sizeof *w);
    w->lines[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS,
                                     .description = "Personal assistant", .frequency = PLAN_FREQ_WEEKLY,
                                     .quantity = 1200, .unit_cost = 1221, .outcomes = o1, .noutcomes = 1,
                                     .managed_by = CHOICE_DIRECT_PAYMENT, .pa_name = "Jo",
                                     .pa_born_known = true, .pa_born = ymd(1995, 3, 1)};
    w->lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY, .description = "Gym membership",
                                     .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 3000,
                                     .outcomes = o2, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT};
    w->lines[2] = (struct plan_line){.id = "l3", .kind = PLAN_LINE_AGENCY_HOURS, .description = "Home care",
                                     .frequency = PLAN_FREQ_WEEKLY, .quantity = 120, .unit_cost = 2400,
                                     .outcomes = o1, .noutcomes = 1, .managed_by = CHOICE_COUNCIL_MANAGED};
    w->plan = (struct plan){.id = "plan-1", .person_ref = "P001", .version = 1, .status = PLAN_SUBMITTED,
                            .start_date = ymd(2025, 6, 2), .planned_by = PLAN_BY_SELF,
                            .outcomes = outs, .noutcomes = 2, .lines = w->lines, .nlines = 3};
    w->plan.sections[PLAN_SEC_CONTINGENCY] = "My sister Bea covers if Jo is ill.";
    w->rates = rates_2025();
    in = (struct plan_costing_input){.on = ymd(2025, 6, 2), .budget_annual = 2000000, .pa_rates = &w->rates};
    CHECK_INT(plan_cost(&w->plan, &in, a, &w->costing, &e), 0);
    w->choice = (struct choice_record){.person_ref = "P001", .offered_by = "sw1", .offered_on = ymd(2025, 5, 20),
                                       .format = CHOICE_FORMAT_STANDARD, .present = present, .npresent = 1,
                                       .chosen = true, .reasons = "I know Jo already."};
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        w->choice.offers[o].offered = true;
    w->choice.amounts[CHOICE_DIRECT_PAYMENT] = 1700000;
    w->choice.amounts[CHOICE_COUNCIL_MANAGED] = 300000;
    w->parties = (struct dp_agreement_parties){.person_name = "Ann Smith", .recipient = DP_RECIPIENT_PERSON,
                                               .account = DP_ACCOUNT_BANK, .start_date = ymd(2025, 6, 2)};
    w->settings = (struct dp_agreement_settings){
        .council_name = "Northshire Council", .dp_team_contact = "01234 567890",
        .out_of_hours_phone = "0300 123 4567", .support_service = "Northshire Centre for Independent Living",
        .payment_interval_weeks = 4, .net = true, .contribution_weekly = 2000, .first_review_months = 6,
        .review_interval_months = 12, .surplus_weeks = 8, .contingency = 50000, .records_years = 6,
        .response_days = 28};
}

static const struct dp_agreement_section *section(const struct dp_agreement *ag, const char *heading)
{
    for (size_t i = 0; i < ag->nsections; i++)
        if (strcmp(ag->sections[i].heading, heading) == 0)
            return &ag->sections[i];
    return NULL;
}

static bool section_says(const struct dp_agreement *ag, const char *heading, const char *needle)
{
    const struct dp_agreement_section *s = section(ag, heading);
    for (size_t i = 0; s && i < s->nparagraphs; i++)
        if (strstr(s->paragraphs[i], needle))
            return true;
    return false;
}

TEST(dp_agreement_refused_without_recorded_offer)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    arena_init(&a, 0);
    setup(&w, &a);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, NULL, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "no record that the person was offered every way");
    CHECK(ag == NULL);
    err_clear(&e);
    w.choice.offers[CHOICE_ISF].offered = false;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_FORBIDDEN);
    arena_release(&a);
}

/* Payment every 4 weeks: 1,700,000 x 4 / 52 = 130,769.23 -> 130,769, less the contribution of
 * £20 x 4 = 8,000 (net): 122,769. Eight weeks' payments: 1,700,000 x 8 / 52 = 261,538. */
TEST(dp_agreement_text_from_plan)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    char h[PLAN_HASH_HEX];
    arena_init(&a, 0);
    setup(&w, &a);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(ag->title, "Direct payment agreement: Ann Smith");
    CHECK_INT(ag->dp_annual, 1700000);
    CHECK_INT(ag->payment, 122769);
    CHECK_INT(ag->first_review, ymd(2025, 12, 2));
    CHECK_INT(ag->next_review, ymd(2026, 12, 2));
    CHECK_INT(strlen(ag->hash), 64);
    CHECK_INT(plan_hash(&w.plan, h, &e), 0);
    CHECK_STR(ag->plan_hash, h);
    CHECK(section_says(ag, "What the money is for", "- Personal assistant: £15,916.88 a year (for \"Get up and out each morning\")."));
    CHECK(section_says(ag, "What the money is for", "- Gym membership: £360.00 a year"));
    CHECK(!section_says(ag, "What the money is for", "Home care")); /* council-managed */
    CHECK(section_says(ag, "How much is paid, and when", "The council pays £1,227.69 every 4 weeks, in advance"));
    CHECK(section_says(ag, "How much is paid, and when", "contribution of £20.00 a week (£80.00 every 4 weeks)"));
    CHECK(section_says(ag, "The account", "separate bank account"));
    CHECK(section_says(ag, "Records to keep", "for 6 years"));
    CHECK(section_says(ag, "Records to keep", "timesheets and payslips"));
    CHECK(section_says(ag, "If you employ personal assistants", "1 personal assistant. You are their employer"));
    CHECK(section_says(ag, "If you employ personal assistants", "Northshire Centre for Independent Living can help"));
    CHECK(section_says(ag, "Reviews", "by 2 December 2025"));
    CHECK(section_says(ag, "Money left over", "8 weeks' direct payment (£2,615.38) plus the agreed contingency of £500.00"));
    CHECK(section_says(ag, "If things go wrong", "phone 0300 123 4567"));
    CHECK(section_says(ag, "If things go wrong", "My sister Bea covers if Jo is ill."));
    CHECK(section(ag, "Your responsibilities") != NULL);
    CHECK(section_says(ag, "The council's responsibilities", "01234 567890"));
    CHECK(section(ag, "Ending the agreement") != NULL);
    arena_release(&a);
}

TEST(dp_agreement_gross_and_no_pa)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    arena_init(&a, 0);
    setup(&w, &a);
    w.settings.net = false;
    w.lines[0].managed_by = CHOICE_ISF; /* the PA is employed through the ISF provider instead */
    w.choice.amounts[CHOICE_ISF] = 0;
    CHECK_INT(plan_cost(&w.plan, &(struct plan_costing_input){.on = ymd(2025, 6, 2), .budget_annual = 2000000, .pa_rates = &w.rates}, &a, &w.costing, &e), 0);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), 0);
    CHECK_INT(ag->payment, 130769);
    CHECK(section_says(ag, "How much is paid, and when", "gross payment"));
    CHECK(section(ag, "If you employ personal assistants") == NULL);
    arena_release(&a);
}

TEST(dp_agreement_refuses_inconsistent_plan)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    arena_init(&a, 0);
    setup(&w, &a);
    /* More planned on the DP than the person chose for it. */
    w.choice.amounts[CHOICE_DIRECT_PAYMENT] = 1600000;
    w.choice.amounts[CHOICE_COUNCIL_MANAGED] = 400000;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "puts £16,276.88 a year on the direct payment, but the person chose £16,000.00");
    err_clear(&e);
    /* Nothing on the DP at all. */
    setup(&w, &a);
    w.lines[0].managed_by = w.lines[1].managed_by = CHOICE_COUNCIL_MANAGED;
    CHECK_INT(plan_cost(&w.plan, &(struct plan_costing_input){.on = ymd(2025, 6, 2), .budget_annual = 2000000, .pa_rates = &w.rates}, &a, &w.costing, &e), 0);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "nothing for the agreement to cover");
    arena_release(&a);
}

TEST(dp_agreement_needs_settings)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    arena_init(&a, 0);
    setup(&w, &a);
    w.settings.out_of_hours_phone = "";
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_INVALID);
    CHECK_STR(e.field, "out_of_hours_phone");
    err_clear(&e);
    setup(&w, &a);
    w.settings.first_review_months = 9;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "within 6 months");
    err_clear(&e);
    setup(&w, &a);
    w.parties.recipient = DP_RECIPIENT_AUTHORISED;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), ERR_INVALID);
    CHECK_STR(e.field, "recipient_name");
    arena_release(&a);
}

/* Any change to the words changes the agreement's hash. */
TEST(dp_agreement_hash_tracks_text)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag1, *ag2;
    arena_init(&a, 0);
    setup(&w, &a);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag1, &e), 0);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag2, &e), 0);
    CHECK_STR(ag1->hash, ag2->hash);
    w.settings.contribution_weekly = 2100;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag2, &e), 0);
    CHECK(strcmp(ag1->hash, ag2->hash) != 0);
    arena_release(&a);
}

TEST(dp_agreement_acceptance_rules)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    struct dp_acceptance acc;
    arena_init(&a, 0);
    setup(&w, &a);
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), 0);
    /* Not yet signed off. */
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Ann Smith", DP_RECIPIENT_PERSON, ymd(2025, 6, 2), &acc, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "must be signed off");
    err_clear(&e);
    w.plan.status = PLAN_SIGNED_OFF;
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "", DP_RECIPIENT_PERSON, ymd(2025, 6, 2), &acc, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Ann Smith", DP_RECIPIENT_AUTHORISED, ymd(2025, 6, 2), &acc, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Ann Smith", DP_RECIPIENT_PERSON, ymd(2025, 6, 2), &acc, &e), 0);
    CHECK_STR(acc.agreement_hash, ag->hash);
    CHECK_STR(acc.plan_hash, ag->plan_hash);
    CHECK_INT(acc.on, ymd(2025, 6, 2));
    /* The plan changed after the agreement was made from it. */
    w.lines[1].unit_cost = 3500;
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Ann Smith", DP_RECIPIENT_PERSON, ymd(2025, 6, 2), &acc, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "Make the agreement again");
    arena_release(&a);
}

/* Where an authorised person manages the DP, only they accept it. */
TEST(dp_agreement_authorised_person_accepts)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    struct dp_acceptance acc;
    arena_init(&a, 0);
    setup(&w, &a);
    w.parties.recipient = DP_RECIPIENT_AUTHORISED;
    w.parties.recipient_name = "Carol Smith";
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e), 0);
    CHECK(section_says(ag, "About this agreement", "Carol Smith, who manages the direct payment for Ann Smith as their authorised person"));
    w.plan.status = PLAN_SIGNED_OFF;
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Ann Smith", DP_RECIPIENT_PERSON, ymd(2025, 6, 2), &acc, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "authorised person");
    err_clear(&e);
    CHECK_INT(dp_agreement_accept(ag, &w.plan, "Carol Smith", DP_RECIPIENT_AUTHORISED, ymd(2025, 6, 2), &acc, &e), 0);
    arena_release(&a);
}

/* Paid monthly (the council's payment settings, dp_settings): a twelfth of the year's money less a
 * twelfth of 52 weeks' contribution, and the agreement says "every month". */
TEST(dp_agreement_paid_monthly)
{
    struct arena a;
    struct err e = {0};
    static struct world w;
    struct dp_agreement *ag;
    arena_init(&a, 0);
    setup(&w, &a);
    w.settings.monthly = true;
    w.settings.payment_interval_weeks = 0; /* not used when monthly */
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e),
              0);
    /* £17,000 / 12 = £1,416.67; contribution £20 x 52 / 12 = £86.67 a month. */
    CHECK_INT(ag->payment, 141667 - 8667);
    CHECK(section_says(ag, "How much is paid, and when", "every month, in advance"));
    CHECK(section_says(ag, "How much is paid, and when", "(£86.67 a month)"));
    /* Not monthly, the interval must be set. */
    w.settings.monthly = false;
    CHECK_INT(dp_agreement_build(&w.plan, &w.costing, &w.choice, 2000000, &w.parties, &w.settings,
                                 ymd(2025, 6, 1), &a, &ag, &e),
              ERR_INVALID);
    arena_release(&a);
}
