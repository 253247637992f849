/* The access rule's plan actions: who reaches a person's plan, who writes in it (still subject to
 * the person's permission, plan_contrib.h), who does the casework, who decides, who challenges,
 * who makes the person's own choices, and the council-wide actions. */
#include "../check.h"
#include "domain/access.h"

#define TODAY 20000
#define NOW ((int64_t)TODAY * 86400 + 3600)

static enum access_outcome decide(enum role role, enum access_action act, enum relationship_kind k,
                                  bool related)
{
    struct relationship r = {k, TODAY - 10, REL_OPEN_END, true, true, true};
    struct access_subject s = {role, 1};
    struct access_target t = {true, 1, related ? &r : NULL, related ? 1 : 0, 0};
    return access_decide(&s, act, &t, TODAY, NOW).outcome;
}

TEST(plan_access_people_close_to_the_person)
{
    /* The person: read, write, challenge, choose; not casework or deciding. */
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PLAN_READ, REL_SELF, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PLAN_EDIT, REL_SELF, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_CHALLENGE_RAISE, REL_SELF, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PERSON_DECIDE, REL_SELF, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PLAN_CASEWORK, REL_SELF, true), ACCESS_DENY_404);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_SIGNOFF_DECIDE, REL_SELF, true), ACCESS_DENY_404);
    /* A representative with authority: the same as the person. */
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PLAN_EDIT, REL_REPRESENTATIVE, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PERSON_DECIDE, REL_REPRESENTATIVE, true), ACCESS_ALLOW);
    /* A support organisation helps write; it does not choose or challenge for the person. */
    CHECK_INT(decide(USER_SUPPORT_ORG_WORKER, ACT_PLAN_EDIT, REL_SUPPORT_ORG, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_SUPPORT_ORG_WORKER, ACT_PERSON_DECIDE, REL_SUPPORT_ORG, true), ACCESS_DENY_404);
    CHECK_INT(decide(USER_SUPPORT_ORG_WORKER, ACT_CHALLENGE_RAISE, REL_SUPPORT_ORG, true), ACCESS_DENY_404);
    /* An advocate reads and challenges, and stays out of the plan itself. */
    CHECK_INT(decide(USER_ADVOCATE, ACT_PLAN_READ, REL_ADVOCACY, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_ADVOCATE, ACT_CHALLENGE_RAISE, REL_ADVOCACY, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_ADVOCATE, ACT_PLAN_EDIT, REL_ADVOCACY, true), ACCESS_DENY_404);
    /* A PA sees none of it. Without a relationship, citizens get 404. */
    CHECK_INT(decide(USER_PERSONAL_ASSISTANT, ACT_PLAN_READ, REL_PA, true), ACCESS_DENY_404);
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PLAN_READ, REL_REPRESENTATIVE, false), ACCESS_DENY_404);
}

TEST(plan_access_staff)
{
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PLAN_CASEWORK, REL_ALLOCATED_WORKER, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_SIGNOFF_DECIDE, REL_ALLOCATED_WORKER, true), ACCESS_ALLOW);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_DECIDE, REL_ALLOCATED_WORKER, true), ACCESS_DENY_403);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PLAN_READ, REL_ALLOCATED_WORKER, false), ACCESS_DENY_403);
    CHECK_INT(decide(USER_TEAM_MANAGER, ACT_SIGNOFF_DECIDE, REL_TEAM, true), ACCESS_ALLOW);
    /* Finance and auditors read every plan in the council by duty, and change nothing. */
    CHECK_INT(decide(USER_FINANCE_OFFICER, ACT_PLAN_READ, REL_SELF, false), ACCESS_ALLOW);
    CHECK_INT(decide(USER_AUDITOR, ACT_PLAN_READ, REL_SELF, false), ACCESS_ALLOW);
    CHECK_INT(decide(USER_FINANCE_OFFICER, ACT_PLAN_EDIT, REL_SELF, false), ACCESS_DENY_403);
    /* Commissioners see reports, never a person's plan. */
    CHECK_INT(decide(USER_COMMISSIONER, ACT_PLAN_READ, REL_SELF, false), ACCESS_DENY_403);
    {
        struct access_subject s = {USER_COMMISSIONER, 1};
        CHECK_INT(access_decide(&s, ACT_PLAN_REPORTS, NULL, TODAY, NOW).outcome, ACCESS_ALLOW);
        s.role = USER_SOCIAL_WORKER;
        CHECK_INT(access_decide(&s, ACT_PLAN_REPORTS, NULL, TODAY, NOW).outcome, ACCESS_DENY_403);
        CHECK_INT(access_decide(&s, ACT_SIGNOFF_LIMITS, NULL, TODAY, NOW).outcome, ACCESS_DENY_403);
        s.role = USER_TEAM_MANAGER;
        CHECK_INT(access_decide(&s, ACT_SIGNOFF_LIMITS, NULL, TODAY, NOW).outcome, ACCESS_ALLOW);
        s.role = USER_COUNCIL_ADMIN;
        CHECK_INT(access_decide(&s, ACT_PLAN_SETTINGS, NULL, TODAY, NOW).outcome, ACCESS_ALLOW);
        CHECK_INT(access_decide(&s, ACT_SIGNOFF_LIMITS, NULL, TODAY, NOW).outcome, ACCESS_ALLOW);
    }
    /* The person actions are person actions; the others are not. */
    CHECK(access_action_needs_person(ACT_PLAN_READ));
    CHECK(access_action_needs_person(ACT_PERSON_DECIDE));
    CHECK(!access_action_needs_person(ACT_SIGNOFF_LIMITS));
    CHECK(!access_action_needs_person(ACT_PLAN_REPORTS));
    CHECK_STR(access_action_name(ACT_PLAN_EDIT), "plan-edit");
}
