/* The access rule for the funding panel (issue 5): a panel member reaches a person only through a
 * sign-off request waiting at the panel, only to read the plan and decide, and only while it
 * waits (the store stops giving the relationship once the request is decided). */
#include "../check.h"
#include "domain/access.h"

static struct access_decision panel(enum role role, enum access_action action, day_t ends)
{
    struct relationship rel = {.kind = REL_PANEL_REQUEST, .starts = 0, .ends = ends};
    struct access_subject who = {.role = role, .council_id = 1};
    struct access_target t = {.has_person = true, .council_id = 1, .rels = &rel, .nrels = 1};
    return access_decide(&who, action, &t, 20000, 0);
}

TEST(access_panel_request_opens_reading_the_plan_and_deciding_only)
{
    for (int r = USER_SOCIAL_WORKER; r <= USER_TEAM_MANAGER; r++) {
        enum role role = (enum role)r;
        CHECK_INT(panel(role, ACT_PLAN_READ, REL_OPEN_END).outcome, ACCESS_ALLOW);
        CHECK_INT(panel(role, ACT_SIGNOFF_DECIDE, REL_OPEN_END).outcome, ACCESS_ALLOW);
        /* Not the rest of the record, nor the casework. */
        CHECK_INT(panel(role, ACT_PERSON_SUMMARY, REL_OPEN_END).outcome, ACCESS_DENY_403);
        CHECK_INT(panel(role, ACT_PERSON_CHANGE, REL_OPEN_END).outcome, ACCESS_DENY_403);
        CHECK_INT(panel(role, ACT_PLAN_EDIT, REL_OPEN_END).outcome, ACCESS_DENY_403);
        CHECK_INT(panel(role, ACT_PLAN_CASEWORK, REL_OPEN_END).outcome, ACCESS_DENY_403);
        CHECK_INT(panel(role, ACT_ASSESSMENT_READ, REL_OPEN_END).outcome, ACCESS_DENY_403);
        CHECK_INT(panel(role, ACT_DP_READ, REL_OPEN_END).outcome, ACCESS_DENY_403);
        /* A relationship that has ended opens nothing. */
        CHECK_INT(panel(role, ACT_SIGNOFF_DECIDE, 19999).outcome, ACCESS_DENY_403);
    }
    /* Other roles get nothing from it (citizen-side accounts see 404, as for any record). */
    CHECK_INT(panel(USER_BUDGET_HOLDER, ACT_PLAN_READ, REL_OPEN_END).outcome, ACCESS_DENY_404);
    CHECK_INT(panel(USER_ADVOCATE, ACT_PLAN_READ, REL_OPEN_END).outcome, ACCESS_DENY_404);
    CHECK_INT(panel(USER_COMMISSIONER, ACT_SIGNOFF_DECIDE, REL_OPEN_END).outcome, ACCESS_DENY_403);
    /* Another council's person: 404 whatever the relationship says. */
    {
        struct relationship rel = {.kind = REL_PANEL_REQUEST, .starts = 0, .ends = REL_OPEN_END};
        struct access_subject who = {.role = USER_TEAM_MANAGER, .council_id = 1};
        struct access_target t = {.has_person = true, .council_id = 2, .rels = &rel, .nrels = 1};
        CHECK_INT(access_decide(&who, ACT_SIGNOFF_DECIDE, &t, 20000, 0).outcome, ACCESS_DENY_404);
    }
}
