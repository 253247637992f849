/* The planning part of the demo (plan_demo_seed), after the demo council, its sign-ins and its
 * assessments: people at every stage, made through the product's own rules, on both backends. */
#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/choice_report.h"
#include "fixtures.h"
#include "store/assess_store.h"
#include "store/demo_records.h"
#include "store/plan_records.h"
#include "store/plan_store.h"
#include "store/web_demo.h"

STORE_TEST(plan_demo_seed_makes_every_stage_of_the_journey)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct demo_summary sum;
    struct demo_options o = {.seed = 7, .people = 60, .now = FX_NOW, .password = "demo-password"};
    struct web_demo_login logins[16];
    size_t nlogins = 0;
    int assessed = 0, planned = 0;
    int64_t holder = 0, n = 0;
    struct plan_row plan;
    struct choice_report_row *rows;
    size_t nrows = 0;
    struct choice_report rep;
    day_t today = (day_t)(FX_NOW / 86400);
    arena_init(&a, 0);
    CHECK_INT(demo_populate(c, &o, &sum, &e), 0);
    CHECK_INT(web_demo_seed(c, sum.council_id, FX_NOW, "$argon2id$demo", logins, 16, &nlogins, &e), 0);
    CHECK_INT(assess_demo_seed(c, sum.council_id, FX_NOW + 1, 20, &assessed, &e), 0);
    if (plan_demo_seed(c, sum.council_id, FX_NOW + 2, 12, &planned, &e) != 0)
        check_fail(__FILE__, __LINE__, "plan_demo_seed: %s", e.msg);
    CHECK_INT(planned, 12);
    CHECK_INT(fx_count(c, "plan_budgets"), 12);
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM plan_budgets WHERE status = 'agreed'", 0, NULL, &n, &e), 0);
    CHECK_INT(n, 12);
    CHECK(fx_count(c, "choice_offers") >= 8);
    CHECK(fx_count(c, "plans") >= 6);
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM plans WHERE status = 'signed_off'", 0, NULL, &n, &e), 0);
    CHECK(n >= 2);
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM plans WHERE status = 'submitted'", 0, NULL, &n, &e), 0);
    CHECK(n >= 2);
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM dp_agreements WHERE status = 'accepted'", 0, NULL, &n, &e), 0);
    CHECK(n >= 2);
    CHECK(fx_count(c, "support_arrangements") >= 2);
    CHECK(fx_count(c, "budget_challenges") >= 2);
    CHECK(fx_count(c, "signoff_decisions") >= 12);
    /* The demo budget holder has a draft plan of their own to carry on with. */
    {
        int64_t p[1] = {sum.council_id};
        CHECK_INT(store_query_i64(c, "SELECT person_id FROM web_accounts WHERE council_id = ? AND "
                                     "role = 'budget-holder'",
                                  1, p, &holder, &e),
                  0);
    }
    CHECK_INT(plan_store_current(c, sum.council_id, holder, &a, &plan, &e), 0);
    CHECK_INT(plan.plan.status, PLAN_DRAFT);
    CHECK(plan.plan.sections[PLAN_SEC_CONTINGENCY] == NULL);
    /* The managers' report sees them all, with a pattern to show: some with no offer recorded. */
    CHECK_INT(plan_report_choice_rows(c, sum.council_id, today - 90, today, &a, &rows, &nrows, &e), 0);
    CHECK_INT(nrows, 12);
    CHECK_INT(choice_report_build(rows, nrows, today - 90, today, 0, &a, &rep, &e), 0);
    CHECK(rep.total.cells[CR_NO_RECORD].count >= 2);
    CHECK(rep.total.cells[CR_NOT_AVAILABLE].count >= 2);
    CHECK(rep.total.cells[CR_CHOSE_MIX].count >= 3);
    arena_release(&a);
    store_release(c);
}
