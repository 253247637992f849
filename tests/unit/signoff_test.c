/* Delegated sign-off: limits, escalation, nobody approves their own request, version binding. */
#include "base/arena.h"
#include "base/err.h"
#include "domain/signoff.h"
#include "../check.h"

/* A team: two social workers and a team manager under a head of service; a panel. Limits follow
 * the Doncaster example: team manager £49,000 a year. */
static const struct signoff_worker staff[] = {
    {"sw1", "Sam Jones", "social worker", "tm1", 3500000, false},
    {"sw2", "Alex Reid", "social work assistant", "tm1", 0, false},
    {"tm1", "Priya Shah", "team manager", "hos", 4900000, false},
    {"hos", "Morgan Lee", "head of service", NULL, 10000000, false},
    {"pan1", "Chris Bell", "panel chair", "hos", 0, true},
    {"pan2", "Jordan Fox", "panel member", "hos", 0, true},
};

static struct signoff_org org(void)
{
    struct signoff_org o = {staff, sizeof staff / sizeof staff[0], "the funding panel"};
    return o;
}

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
static struct signoff_request request(const char *raised_by, const char *worker, int64_t value)
{
    struct signoff_request r = {.id = "req-1", .subject = SIGNOFF_PLAN, .subject_ref = "plan-1",
                                .subject_version = 1, .annual_value = value,
                                .raised_by = raised_by, .worker_id = worker, .raised_on = 20000};
    signoff_hash("plan v1", 7, r.hash);
    return r;
}

TEST(signoff_within_limit_worker_approves)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_route route;
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 1);
    CHECK_INT(route.steps[0].kind, SIGNOFF_STEP_WORKER);
    CHECK(route.steps[0].decides);
    CHECK_CONTAINS(route.steps[0].why, "£20,000.00 a year is within Sam Jones's sign-off limit of £35,000.00 a year");
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(st.status, SIGNOFF_PENDING);
    CHECK_STR(st.holder_id, "sw1");
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), 0);
    CHECK_INT(st.status, SIGNOFF_APPROVED);
    CHECK_INT(st.ndecisions, 1);
    CHECK_STR(st.decisions[0].by, "sw1");
    CHECK_INT(st.decisions[0].limit, 3500000);
    CHECK_STR(st.decisions[0].hash, r.hash);
    CHECK_CONTAINS(st.where, "Approved by Sam Jones (social worker)");
    arena_release(&a);
}

/* Exactly at the limit is within it. */
TEST(signoff_limit_is_inclusive)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 3500000);
    struct signoff_route route;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 1);
    r.annual_value = 3500001;
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 2);
    CHECK_STR(route.steps[1].who->id, "tm1");
    arena_release(&a);
}

/* £52,000 a year: above Sam's £35,000 and Priya's £49,000, within the head of service's £100,000. */
TEST(signoff_over_limit_escalates_up_the_chain)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 5200000);
    struct signoff_route route;
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 3);
    CHECK(!route.steps[0].decides && !route.steps[1].decides && route.steps[2].decides);
    CHECK_CONTAINS(route.steps[0].why, "£52,000.00 a year is above Sam Jones's sign-off limit of £35,000.00 a year, so it goes to their manager, Priya Shah (team manager).");
    CHECK_CONTAINS(route.steps[1].why, "above Priya Shah's sign-off limit of £49,000.00");
    CHECK_INT(route.steps[2].kind, SIGNOFF_STEP_MANAGER);
    CHECK_STR(route.steps[2].who->id, "hos");
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_STR(st.holder_id, "hos");
    /* The person can read where it is and why. */
    CHECK_CONTAINS(st.where, "above Sam Jones's sign-off limit");
    CHECK_CONTAINS(st.where, "Morgan Lee (head of service) decides it");
    /* Sam, within nobody's authority for this, cannot approve it; nor can Priya. */
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "is with Morgan Lee");
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "tm1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "hos", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), 0);
    CHECK_INT(st.status, SIGNOFF_APPROVED);
    arena_release(&a);
}

/* Above everyone's limit: the panel. Only panel members decide there. */
TEST(signoff_above_top_goes_to_panel)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 12000000);
    struct signoff_route route;
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 4);
    CHECK_INT(route.steps[3].kind, SIGNOFF_STEP_PANEL);
    CHECK(route.steps[3].who == NULL);
    CHECK_CONTAINS(route.steps[2].why, "so it goes to the funding panel.");
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(st.holder_kind, SIGNOFF_STEP_PANEL);
    CHECK(st.holder_id == NULL);
    CHECK_INT(signoff_decide(&o, &r, &st, "hos", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "only a panel member");
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "pan1", SIGNOFF_APPROVE, "Unique needs; cheaper than residential care.", r.hash, 20010, &a, &e), 0);
    CHECK_INT(st.decisions[0].limit, -1);
    CHECK_INT(st.decisions[0].as, SIGNOFF_STEP_PANEL);
    arena_release(&a);
}

/* A worker's own request passes over them even within their limit. */
TEST(signoff_own_request_goes_to_manager)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("sw1", "sw1", 1000000);
    struct signoff_route route;
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 2);
    CHECK_CONTAINS(route.steps[0].why, "Sam Jones asked for this, and nobody signs off their own request");
    CHECK_STR(route.steps[1].who->id, "tm1");
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Nobody can decide their own request");
    err_clear(&e);
    CHECK_INT(st.status, SIGNOFF_PENDING);
    CHECK_INT(signoff_decide(&o, &r, &st, "tm1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), 0);
    arena_release(&a);
}

/* Even a manager holding the request cannot approve their own; nor can a panel member. */
TEST(signoff_self_approval_refused_everywhere)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("tm1", "sw1", 4000000);
    struct signoff_state st;
    arena_init(&a, 0);
    /* Raised by the team manager for a person allocated to Sam: above Sam's limit, it would go to
     * Priya, who raised it, so on to the head of service. */
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_STR(st.holder_id, "hos");
    CHECK_INT(signoff_decide(&o, &r, &st, "tm1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    err_clear(&e);
    r = request("pan1", "sw1", 12000000);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(st.holder_kind, SIGNOFF_STEP_PANEL);
    CHECK_INT(signoff_decide(&o, &r, &st, "pan1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "pan2", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), 0);
    arena_release(&a);
}

/* A worker with no authority passes everything up, and says so. */
TEST(signoff_zero_limit_passes_up)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P002", "sw2", 100);
    struct signoff_route route;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), 0);
    CHECK_INT(route.nsteps, 2);
    CHECK_CONTAINS(route.steps[0].why, "Alex Reid does not have authority to sign off");
    arena_release(&a);
}

/* The plan changed after sign-off was asked for: deciding on it is refused. */
TEST(signoff_stale_version_refused)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_state st;
    char changed[SIGNOFF_HASH_HEX];
    signoff_hash("plan v1 with a change", 21, changed);
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, changed, 20001, &a, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "has changed since sign-off was asked for");
    CHECK_INT(st.status, SIGNOFF_PENDING);
    CHECK_INT(st.ndecisions, 0);
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, NULL, 20001, &a, &e), ERR_CONFLICT);
    arena_release(&a);
}

/* An approval covers exactly the content approved. */
TEST(signoff_approval_bound_to_hash)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_state st;
    char changed[SIGNOFF_HASH_HEX];
    signoff_hash("plan v1 changed", 15, changed);
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_check_current(&st, r.hash, &e), ERR_FORBIDDEN); /* not yet approved */
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, r.hash, 20001, &a, &e), 0);
    CHECK_INT(signoff_check_current(&st, r.hash, &e), 0);
    CHECK_INT(signoff_check_current(&st, changed, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "a new approval is needed");
    arena_release(&a);
}

TEST(signoff_refuse_needs_reasons_and_shows_them)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_REFUSE, "  ", r.hash, 20001, &a, &e), ERR_INVALID);
    CHECK_STR(e.field, "reasons");
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_REFUSE, "The plan does not say who covers nights.", r.hash, 20001, &a, &e), 0);
    CHECK_INT(st.status, SIGNOFF_REFUSED);
    CHECK_CONTAINS(st.where, "who covers nights");
    /* Decided once: not again. */
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_APPROVE, NULL, r.hash, 20002, &a, &e), ERR_CONFLICT);
    arena_release(&a);
}

/* Within limit, the worker may still refer up with a reason; the manager then decides. */
TEST(signoff_refer_up)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_REFER_UP, NULL, r.hash, 20001, &a, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(signoff_decide(&o, &r, &st, "sw1", SIGNOFF_REFER_UP, "First-party top-up involved.", r.hash, 20001, &a, &e), 0);
    CHECK_INT(st.status, SIGNOFF_PENDING);
    CHECK_STR(st.holder_id, "tm1");
    CHECK_CONTAINS(st.where, "First-party top-up involved.");
    CHECK_INT(st.ndecisions, 1);
    CHECK_INT(st.decisions[0].action, SIGNOFF_REFER_UP);
    CHECK_INT(signoff_decide(&o, &r, &st, "tm1", SIGNOFF_APPROVE, NULL, r.hash, 20002, &a, &e), 0);
    CHECK_INT(st.ndecisions, 2);
    arena_release(&a);
}

/* From the top of the chain a referral goes to the panel; the panel cannot refer further. */
TEST(signoff_refer_up_from_top_reaches_panel)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 5200000);
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_STR(st.holder_id, "hos");
    CHECK_INT(signoff_decide(&o, &r, &st, "hos", SIGNOFF_REFER_UP, "Large and unusual package.", r.hash, 20001, &a, &e), 0);
    CHECK_INT(st.holder_kind, SIGNOFF_STEP_PANEL);
    CHECK_INT(signoff_decide(&o, &r, &st, "pan1", SIGNOFF_REFER_UP, "More.", r.hash, 20002, &a, &e), ERR_INVALID);
    arena_release(&a);
}

TEST(signoff_withdraw_only_by_raiser)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "sw1", 2000000);
    struct signoff_state st;
    arena_init(&a, 0);
    CHECK_INT(signoff_open(&o, &r, &a, &st, &e), 0);
    CHECK_INT(signoff_withdraw(&r, &st, "sw1", 20001, &a, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(signoff_withdraw(&r, &st, "person-P001", 20001, &a, &e), 0);
    CHECK_INT(st.status, SIGNOFF_WITHDRAWN);
    CHECK_INT(st.withdrawn_on, 20001);
    CHECK_INT(signoff_withdraw(&r, &st, "person-P001", 20002, &a, &e), ERR_CONFLICT);
    arena_release(&a);
}

/* Limits are set by the worker's own manager, and never above the setter's own. */
TEST(signoff_setting_limits)
{
    struct err e = {0};
    struct signoff_org o = org();
    CHECK_INT(signoff_check_set_limit(&o, "tm1", "sw1", 4000000, &e), 0);
    CHECK_INT(signoff_check_set_limit(&o, "tm1", "sw1", 6000000, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "above your own (£49,000.00 a year)");
    err_clear(&e);
    CHECK_INT(signoff_check_set_limit(&o, "sw2", "sw1", 100, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Only Sam Jones's manager");
    err_clear(&e);
    CHECK_INT(signoff_check_set_limit(&o, "sw1", "sw1", 9000000, &e), ERR_FORBIDDEN); /* own limit */
    err_clear(&e);
    CHECK_INT(signoff_check_set_limit(&o, "hos", "tm1", 20000000, &e), 0); /* the top of the chain */
    CHECK_INT(signoff_check_set_limit(&o, "hos", "tm1", -1, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(signoff_check_set_limit(&o, "hos", "nobody", 1, &e), ERR_NOT_FOUND);
}

TEST(signoff_org_validation)
{
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_worker loop[] = {{"a", "A", NULL, "b", 1, false}, {"b", "B", NULL, "a", 1, false}};
    struct signoff_worker unknown[] = {{"a", "A", NULL, "zz", 1, false}};
    struct signoff_worker above[] = {{"a", "A", NULL, "b", 500, false},
                                     {"b", "B", NULL, "c", 100, false},
                                     {"c", "C", NULL, NULL, 1000, false}};
    struct signoff_worker dup[] = {{"a", "A", NULL, NULL, 1, false}, {"a", "B", NULL, NULL, 1, false}};
    CHECK_INT(signoff_org_validate(&o, &e), 0);
    o = (struct signoff_org){loop, 2, NULL};
    CHECK_INT(signoff_org_validate(&o, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "loop");
    err_clear(&e);
    o = (struct signoff_org){unknown, 1, NULL};
    CHECK_INT(signoff_org_validate(&o, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "not a known worker");
    err_clear(&e);
    o = (struct signoff_org){above, 3, NULL};
    CHECK_INT(signoff_org_validate(&o, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "above their manager");
    err_clear(&e);
    o = (struct signoff_org){dup, 2, NULL};
    CHECK_INT(signoff_org_validate(&o, &e), ERR_INVALID);
}

TEST(signoff_route_refuses_unknown_worker_and_bad_request)
{
    struct arena a;
    struct err e = {0};
    struct signoff_org o = org();
    struct signoff_request r = request("person-P001", "nobody", 100);
    struct signoff_route route;
    arena_init(&a, 0);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), ERR_INVALID);
    CHECK_STR(e.field, "worker");
    err_clear(&e);
    r = request("person-P001", "sw1", -5);
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), ERR_INVALID);
    err_clear(&e);
    r = request("person-P001", "sw1", 5);
    r.hash[0] = '\0';
    CHECK_INT(signoff_route(&o, &r, &a, &route, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "which version");
    arena_release(&a);
}
