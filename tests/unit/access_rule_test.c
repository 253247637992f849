/* The access rule (src/domain/access.h): role x relationship x council, with the refusal codes
 * that matter (404 for other councils and for citizens, 403 for staff), relationships that have
 * ended or lack their evidence, and break-glass. */
#include "check.h"
#include "base/err.h"
#include "domain/access.h"

#define TODAY 20000
#define NOW ((int64_t)TODAY * 86400 + 3600)

static struct access_decision decide(enum role role, enum access_action act, bool has_person,
                                     int64_t person_council, const struct relationship *rels,
                                     size_t n, int64_t bg)
{
    struct access_subject s = {role, 1};
    struct access_target t = {has_person, person_council, rels, n, bg};
    return access_decide(&s, act, &t, TODAY, NOW);
}

static struct relationship rel(enum relationship_kind k)
{
    return (struct relationship){k, TODAY - 10, REL_OPEN_END, true, true, true};
}

TEST(access_anonymous_is_401)
{
    for (int a = 0; a < ACT_COUNT; a++)
        CHECK_INT(decide(USER_NONE, (enum access_action)a, true, 1, NULL, 0, 0).outcome,
                  ACCESS_DENY_401);
}

TEST(access_other_council_is_404_for_everyone)
{
    for (int r = 1; r < USER_ROLE_COUNT; r++) {
        struct relationship all[] = {rel(REL_ALLOCATED_WORKER), rel(REL_TEAM), rel(REL_SELF),
                                     rel(REL_REPRESENTATIVE), rel(REL_SUPPORT_ORG),
                                     rel(REL_ADVOCACY)};
        CHECK_INT(decide((enum role)r, ACT_PERSON_SUMMARY, true, 2, all, 6, NOW + 100).outcome,
                  ACCESS_DENY_404);
        CHECK_INT(decide((enum role)r, ACT_PERSON_SUMMARY, false, 1, NULL, 0, 0).outcome,
                  ACCESS_DENY_404);
    }
}

TEST(access_linked_roles_see_the_summary)
{
    static const struct {
        enum role role;
        enum relationship_kind kind;
    } ok[] = {
        {USER_BUDGET_HOLDER, REL_SELF},
        {USER_REPRESENTATIVE, REL_REPRESENTATIVE},
        {USER_SUPPORT_ORG_WORKER, REL_SUPPORT_ORG},
        {USER_ADVOCATE, REL_ADVOCACY},
        {USER_SOCIAL_WORKER, REL_ALLOCATED_WORKER},
        {USER_TEAM_MANAGER, REL_TEAM},
        {USER_TEAM_MANAGER, REL_ALLOCATED_WORKER},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct relationship r = rel(ok[i].kind);
        CHECK_INT(decide(ok[i].role, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
                  ACCESS_ALLOW);
    }
}

TEST(access_the_wrong_relationship_does_not_count)
{
    struct relationship r = rel(REL_SELF);
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
    r = rel(REL_REPRESENTATIVE);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_403);
    r = rel(REL_TEAM);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_403);
    r = rel(REL_PA);
    CHECK_INT(decide(USER_PERSONAL_ASSISTANT, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
}

TEST(access_unlinked_same_council_staff_403_citizens_404)
{
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_TEAM_MANAGER, ACT_PERSON_HISTORY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_COMMISSIONER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_COUNCIL_ADMIN, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_404);
    CHECK_INT(decide(USER_ADVOCATE, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_404);
}

TEST(access_ended_or_unevidenced_relationships)
{
    struct relationship r = rel(REL_ALLOCATED_WORKER);
    r.ends = TODAY - 1;
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_403);
    r.ends = TODAY; /* the last day still counts */
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_ALLOW);
    r.starts = TODAY + 1; /* not started */
    r.ends = REL_OPEN_END;
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_403);
    r = rel(REL_REPRESENTATIVE);
    r.authority_recorded = false;
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
    r = rel(REL_SUPPORT_ORG);
    r.consent_given = false;
    CHECK_INT(decide(USER_SUPPORT_ORG_WORKER, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
    r = rel(REL_ADVOCACY);
    r.referral_accepted = false;
    CHECK_INT(decide(USER_ADVOCATE, ACT_PERSON_SUMMARY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
}

TEST(access_parts_of_a_record_by_role)
{
    struct relationship r = rel(REL_REPRESENTATIVE);
    /* Representatives see the summary, not the audit history; nobody citizen-side changes. */
    CHECK_INT(decide(USER_REPRESENTATIVE, ACT_PERSON_HISTORY, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
    r = rel(REL_SELF);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PERSON_HISTORY, true, 1, &r, 1, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PERSON_CHANGE, true, 1, &r, 1, 0).outcome,
              ACCESS_DENY_404);
    /* Council-wide duties: finance reads summaries, auditors read summaries and history. */
    CHECK_INT(decide(USER_FINANCE_OFFICER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_FINANCE_OFFICER, ACT_PERSON_HISTORY, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_AUDITOR, ACT_PERSON_HISTORY, true, 1, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_AUDITOR, ACT_PERSON_CHANGE, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
}

TEST(access_break_glass)
{
    /* A live grant opens reading for duty roles, never changing; an expired one nothing. */
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, NOW + 60).outcome,
              ACCESS_ALLOW_BREAK_GLASS);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_HISTORY, true, 1, NULL, 0, NOW + 60).outcome,
              ACCESS_ALLOW_BREAK_GLASS);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_CHANGE, true, 1, NULL, 0, NOW + 60).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, NOW).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_COMMISSIONER, ACT_PERSON_SUMMARY, true, 1, NULL, 0, NOW + 60).outcome,
              ACCESS_DENY_403);
    /* Asking for it: duty roles in the same council only. */
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_BREAK_GLASS, true, 1, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_BREAK_GLASS, true, 2, NULL, 0, 0).outcome,
              ACCESS_DENY_404);
    CHECK_INT(decide(USER_FINANCE_OFFICER, ACT_BREAK_GLASS, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_BREAK_GLASS, true, 1, NULL, 0, 0).outcome,
              ACCESS_DENY_404);
}

TEST(access_non_person_actions)
{
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_PEOPLE_SEARCH, false, 0, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_COMMISSIONER, ACT_PEOPLE_SEARCH, false, 0, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_PEOPLE_SEARCH, false, 0, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_BUDGET_HOLDER, ACT_MY_SUPPORT, false, 0, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_MY_SUPPORT, false, 0, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    CHECK_INT(decide(USER_AUDITOR, ACT_BREAK_GLASS_REPORT, false, 0, NULL, 0, 0).outcome,
              ACCESS_ALLOW);
    CHECK_INT(decide(USER_SOCIAL_WORKER, ACT_BREAK_GLASS_REPORT, false, 0, NULL, 0, 0).outcome,
              ACCESS_DENY_403);
    for (int r = 1; r < USER_ROLE_COUNT; r++)
        CHECK_INT(decide((enum role)r, ACT_SIGNED_IN, false, 0, NULL, 0, 0).outcome,
                  ACCESS_ALLOW);
}

TEST(access_names_round_trip)
{
    for (int r = 1; r < USER_ROLE_COUNT; r++) {
        enum role back;
        CHECK_INT(role_parse(role_name((enum role)r), &back), 0);
        CHECK_INT(back, r);
    }
    for (int k = 0; k < REL_KIND_COUNT; k++) {
        enum relationship_kind back;
        CHECK_INT(relationship_kind_parse(relationship_kind_name((enum relationship_kind)k),
                                          &back),
                  0);
        CHECK_INT(back, k);
    }
    {
        enum role back;
        CHECK_INT(role_parse("anonymous", &back), ERR_INVALID);
        CHECK_INT(role_parse("root", &back), ERR_INVALID);
    }
}
