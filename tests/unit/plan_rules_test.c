/* The rules added around plans: the budget's hash, the planning period and its reminders, who may
 * help write a plan, what changed between two saves, and the plan's JSON both ways. */
#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/plan_budget.h"
#include "domain/plan_contrib.h"
#include "domain/plan_diff.h"
#include "io/plan_json.h"

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

TEST(plan_budget_hash_covers_every_term)
{
    struct plan_budget_terms t = {7, "DEMO-000001", 1850000, 50000, ymd(2025, 6, 1), "From the RAS"};
    struct plan_budget_terms u;
    char h[SIGNOFF_HASH_HEX], g[SIGNOFF_HASH_HEX];
    struct err e = {0};
    CHECK_INT(plan_budget_hash(&t, h, &e), 0);
    CHECK_INT(strlen(h), 64);
    u = t;
    CHECK_INT(plan_budget_hash(&u, g, &e), 0);
    CHECK_STR(g, h);
    u = t;
    u.annual += 1;
    CHECK_INT(plan_budget_hash(&u, g, &e), 0);
    CHECK(strcmp(g, h) != 0);
    u = t;
    u.one_off_allowance = 0;
    CHECK_INT(plan_budget_hash(&u, g, &e), 0);
    CHECK(strcmp(g, h) != 0);
    u = t;
    u.id = 8;
    CHECK_INT(plan_budget_hash(&u, g, &e), 0);
    CHECK(strcmp(g, h) != 0);
    u = t;
    u.reasons = "From the RAS.";
    CHECK_INT(plan_budget_hash(&u, g, &e), 0);
    CHECK(strcmp(g, h) != 0);
    u = t;
    u.annual = 0;
    CHECK_INT(plan_budget_hash(&u, g, &e), ERR_INVALID);
    CHECK_STR(e.field, "annual");
    err_clear(&e);
    u = t;
    u.one_off_allowance = -1;
    CHECK_INT(plan_budget_validate(&u, &e), ERR_INVALID);
    CHECK_STR(e.field, "one_off_allowance");
}

TEST(plan_period_reminders_parse)
{
    struct plan_period_rules r;
    struct err e = {0};
    char out[64];
    CHECK_INT(plan_period_parse_reminders("7, 14,1", &r, &e), 0);
    CHECK_INT(r.nreminders, 3);
    CHECK_INT(r.reminder_days[0], 14);
    CHECK_INT(r.reminder_days[2], 1);
    plan_period_format_reminders(&r, out, sizeof out);
    CHECK_STR(out, "14,7,1");
    CHECK_INT(plan_period_parse_reminders("", &r, &e), 0);
    CHECK_INT(r.nreminders, 0);
    CHECK_INT(plan_period_parse_reminders("7,7", &r, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "listed twice");
    err_clear(&e);
    CHECK_INT(plan_period_parse_reminders("7,,1", &r, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(plan_period_parse_reminders("seven", &r, &e), ERR_INVALID);
    CHECK_STR(e.field, "reminder_days");
    err_clear(&e);
    CHECK_INT(plan_period_parse_reminders("400", &r, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(plan_period_parse_reminders("1,2,3,4,5,6,7,8,9", &r, &e), ERR_INVALID);
}

/* Agreed 2 June with a 42-day period: due 14 July; reminders 30 June, 7 July, 13 July. */
TEST(plan_period_status_through_the_period)
{
    struct plan_period_rules r = {.planning_period_days = 42};
    struct plan_period_status s;
    struct arena a;
    struct err e = {0};
    day_t agreed = ymd(2025, 6, 2);
    arena_init(&a, 0);
    CHECK_INT(plan_period_parse_reminders("14,7,1", &r, &e), 0);
    CHECK_INT(plan_period_status(&r, agreed, false, ymd(2025, 6, 10), &a, &s, &e), 0);
    CHECK_INT(s.due, ymd(2025, 7, 14));
    CHECK_INT(s.state, PLAN_PERIOD_PLANNING);
    CHECK_INT(s.days_left, 34);
    CHECK_INT(s.nreminders, 3);
    CHECK_INT(s.reminders[0], ymd(2025, 6, 30));
    CHECK_INT(s.reminders[2], ymd(2025, 7, 13));
    CHECK_INT(s.next_reminder, ymd(2025, 6, 30));
    CHECK_INT(s.last_reminder, 0);
    CHECK_CONTAINS(s.message, "due by 14 July 2025 (in 34 days)");
    CHECK_CONTAINS(s.message, "30 June 2025");
    CHECK_INT(plan_period_status(&r, agreed, false, ymd(2025, 7, 7), &a, &s, &e), 0);
    CHECK_INT(s.state, PLAN_PERIOD_DUE_SOON);
    CHECK_INT(s.last_reminder, ymd(2025, 7, 7));
    CHECK_INT(s.next_reminder, ymd(2025, 7, 13));
    CHECK_INT(plan_period_status(&r, agreed, false, ymd(2025, 7, 14), &a, &s, &e), 0);
    CHECK_INT(s.state, PLAN_PERIOD_DUE_TODAY);
    CHECK_INT(plan_period_status(&r, agreed, false, ymd(2025, 7, 16), &a, &s, &e), 0);
    CHECK_INT(s.state, PLAN_PERIOD_OVERDUE);
    CHECK_INT(s.days_left, -2);
    CHECK_CONTAINS(s.message, "2 days ago");
    CHECK_CONTAINS(s.message, "the budget stays agreed");
    CHECK_INT(plan_period_status(&r, agreed, true, ymd(2025, 7, 16), &a, &s, &e), 0);
    CHECK_INT(s.state, PLAN_PERIOD_DONE);
    /* A reminder that would fall before the budget was agreed is dropped (short period). */
    r.planning_period_days = 10;
    CHECK_INT(plan_period_status(&r, agreed, false, agreed, &a, &s, &e), 0);
    CHECK_INT(s.nreminders, 2);
    arena_release(&a);
}

TEST(plan_contrib_permission_rules)
{
    struct plan_contributor list[2] = {
        {"account:5", "Rita", PLAN_BY_FAMILY, 100, false, 0},
        {"staff:3", "Sam", PLAN_BY_WORKER, 100, true, 120},
    };
    struct err e = {0};
    enum plan_helper_kind k;
    /* The person always may; others only with a live permission. */
    CHECK_INT(plan_contrib_may_edit(list, 2, "account:9", true, "Linda", 50, &e), 0);
    CHECK_INT(plan_contrib_may_edit(list, 2, "account:5", false, "Linda", 100, &e), 0);
    CHECK_INT(plan_contrib_may_edit(list, 2, "account:5", false, "Linda", 99, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(plan_contrib_may_edit(list, 2, "staff:3", false, "Linda", 119, &e), 0);
    CHECK_INT(plan_contrib_may_edit(list, 2, "staff:3", false, "Linda", 120, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Linda has not asked you to help write their plan");
    err_clear(&e);
    CHECK_INT(plan_contrib_may_edit(list, 2, "account:6", false, NULL, 110, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "The person has not asked you");
    err_clear(&e);
    /* Who may record a permission. */
    CHECK_INT(plan_contrib_may_grant(USER_BUDGET_HOLDER, NULL, &e), 0);
    CHECK_INT(plan_contrib_may_grant(USER_REPRESENTATIVE, NULL, &e), 0);
    CHECK_INT(plan_contrib_may_grant(USER_SOCIAL_WORKER, "", &e), ERR_INVALID);
    CHECK_STR(e.field, "how");
    err_clear(&e);
    CHECK_INT(plan_contrib_may_grant(USER_SOCIAL_WORKER, "Linda asked me at her review", &e), 0);
    CHECK_INT(plan_contrib_may_grant(USER_SUPPORT_ORG_WORKER, "I would like to", &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(plan_contrib_may_grant(USER_ADVOCATE, "x", &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(plan_contrib_kind_for(USER_REPRESENTATIVE, false, &k, &e), 0);
    CHECK_INT(k, PLAN_BY_FAMILY);
    CHECK_INT(plan_contrib_kind_for(USER_SUPPORT_ORG_WORKER, true, &k, &e), 0);
    CHECK_INT(k, PLAN_BY_ULO);
    CHECK_INT(plan_contrib_kind_for(USER_PERSONAL_ASSISTANT, false, &k, &e), ERR_INVALID);
}

static const struct plan_outcome OUTS[] = {{"o1", "See my friends"}, {"o2", "Be fitter"}};
static const char *const O1[] = {"o1"};
static const char *const O2[] = {"o2"};

static void two_plans(struct plan *a, struct plan *b, struct plan_line la[2], struct plan_line lb[2])
{
    la[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS, .description = "Personal assistant",
                               .frequency = PLAN_FREQ_WEEKLY, .quantity = 1200, .unit_cost = 1260,
                               .outcomes = O1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                               .pa_name = "Jo"};
    la[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY, .description = "Gym",
                               .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 2500,
                               .outcomes = O2, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT};
    lb[0] = la[0];
    lb[1] = la[1];
    *a = (struct plan){.id = "P-plan", .person_ref = "P", .version = 1, .start_date = ymd(2025, 7, 1),
                       .planned_by = PLAN_BY_SELF, .outcomes = OUTS, .noutcomes = 2, .lines = la,
                       .nlines = 2};
    *b = *a;
    b->lines = lb;
}

TEST(plan_diff_names_what_changed)
{
    struct plan a, b;
    struct plan_line la[2], lb[2];
    struct plan_change *ch;
    size_t n;
    struct arena ar;
    struct err e = {0};
    arena_init(&ar, 0);
    two_plans(&a, &b, la, lb);
    CHECK_INT(plan_diff(&a, &b, &ar, &ch, &n, &e), 0);
    CHECK_INT(n, 0);
    b.sections[PLAN_SEC_ABOUT_ME] = "I like gardening";
    lb[0].quantity = 900; /* 15 hours */
    b.planned_by = PLAN_BY_FAMILY;
    CHECK_INT(plan_diff(&a, &b, &ar, &ch, &n, &e), 0);
    CHECK_INT(n, 3);
    CHECK_STR(ch[0].what, "About me");
    CHECK_STR(ch[0].before, "");
    CHECK_STR(ch[0].after, "I like gardening");
    CHECK_STR(ch[1].what, "Who led the planning");
    CHECK_STR(ch[2].what, "Support changed: Personal assistant");
    CHECK_CONTAINS(ch[2].before, "20 hours every week at £12.60 an hour");
    CHECK_CONTAINS(ch[2].after, "15 hours every week");
    /* A line removed and one added are named as such. */
    two_plans(&a, &b, la, lb);
    lb[1].id = "l3";
    lb[1].description = "Pottery class";
    CHECK_INT(plan_diff(&a, &b, &ar, &ch, &n, &e), 0);
    CHECK_INT(n, 2);
    CHECK_STR(ch[0].what, "Support added: Pottery class");
    CHECK_STR(ch[1].what, "Support removed: Gym");
    CHECK_CONTAINS(ch[1].before, "meets: Be fitter");
    arena_release(&ar);
}

TEST(plan_json_round_trip_and_strictness)
{
    struct plan a, b, back;
    struct plan_line la[2], lb[2];
    struct arena ar;
    struct err e = {0};
    char h1[PLAN_HASH_HEX], h2[PLAN_HASH_HEX];
    const char *text;
    arena_init(&ar, 0);
    two_plans(&a, &b, la, lb);
    a.sections[PLAN_SEC_CONTINGENCY] = "My sister covers. \"Quotes\" and £ survive.";
    a.has_review_date = true;
    a.review_date = ymd(2026, 7, 1);
    la[0].pa_born_known = true;
    la[0].pa_born = ymd(1990, 1, 2);
    la[0].pa_pension = PA_PENSION_ENROLLED;
    text = plan_json_encode_text(&a, PLAN_JSON_META, &ar);
    CHECK(text != NULL);
    CHECK_CONTAINS(text, "\"unit_cost\":\"12.60\"");
    CHECK_CONTAINS(text, "\"pa_pension\":\"enrolled\"");
    memset(&back, 0, sizeof back);
    back.id = a.id;
    back.person_ref = a.person_ref;
    CHECK_INT(plan_json_decode_text(text, strlen(text), PLAN_JSON_META, &ar, &back, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(plan_hash(&a, h1, &e), 0);
    CHECK_INT(plan_hash(&back, h2, &e), 0);
    CHECK_STR(h1, h2);
    /* Without META, version/revision/status are unknown fields. */
    CHECK_INT(plan_json_decode_text(text, strlen(text), PLAN_JSON_CONTENT, &ar, &back, &e), ERR_INVALID);
    CHECK_STR(e.field, "version");
    err_clear(&e);
    {
        static const char *bad[][2] = {
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"self\",\"extra\":1}", "extra"},
            {"{\"start_date\":\"2025-02-30\",\"planned_by\":\"self\"}", "start_date"},
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"boss\"}", "planned_by"},
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"self\",\"lines\":[{\"id\":\"l1\",\"kind\":\"activity\","
             "\"description\":\"Gym\",\"frequency\":\"monthly\",\"quantity\":1,\"unit_cost\":25.5,"
             "\"managed_by\":\"direct_payment\"}]}", "lines[0].unit_cost"},
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"self\",\"lines\":[{\"id\":\"l1\",\"kind\":\"activity\","
             "\"description\":\"Gym\",\"frequency\":\"monthly\",\"quantity\":-1,\"unit_cost\":\"25.50\","
             "\"managed_by\":\"direct_payment\"}]}", "lines[0].quantity"},
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"self\",\"sections\":{\"about_you\":\"x\"}}", "sections.about_you"},
            {"{\"start_date\":\"2025-07-01\",\"planned_by\":\"self\",\"outcomes\":[{\"id\":\"o1\"}]}", "outcomes[0].text"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            struct plan p = {0};
            err_clear(&e);
            CHECK_INT(plan_json_decode_text(bad[i][0], strlen(bad[i][0]), PLAN_JSON_CONTENT, &ar, &p, &e), ERR_INVALID);
            CHECK_STR(e.field, bad[i][1]);
        }
    }
    arena_release(&ar);
}
