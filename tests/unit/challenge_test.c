/* Challenges to budgets and decisions: states, dates, who may decide, and the report. */
#include "base/err.h"
#include "domain/challenge.h"
#include "../check.h"

static const char *const evidence[] = {"OT report, 3 May", "Carer's diary of night-time help"};

/* Day numbers: 20000 is 2024-10-04. */
static int raise_budget(struct challenge *c, const char *id, enum challenge_by by, day_t on,
                        int64_t sought, struct err *e)
{
    return challenge_raise(c, id, "P001", by, by == CHALLENGE_BY_PERSON ? NULL : "Pat Advocate",
                           CHALLENGE_BUDGET_AMOUNT, "budget-7", NULL, "sw1", 1500000, sought,
                           "The budget leaves no help at night.", evidence, 2, on, e);
}

TEST(challenge_full_lifecycle)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_PERSON, 20000, 1900000, &e), 0);
    CHECK_INT(c.status, CHALLENGE_RAISED);
    CHECK(challenge_is_open(&c));
    CHECK_INT(challenge_days_to_resolve(&c), -1);
    CHECK_INT(challenge_days_open(&c, 20010), 10);
    CHECK_INT(challenge_acknowledge(&c, 20002, &e), 0);
    CHECK_INT(challenge_start_review(&c, 20005, &e), 0);
    CHECK_INT(challenge_decide(&c, 20021, "tm1", CHALLENGE_PARTLY_UPHELD,
                               "Night help agreed two nights a week.", 1700000, &e), 0);
    CHECK_INT(c.status, CHALLENGE_DECIDED);
    CHECK_INT(c.outcome, CHALLENGE_PARTLY_UPHELD);
    CHECK_INT(c.revised_amount, 1700000);
    CHECK(!challenge_is_open(&c));
    CHECK_INT(challenge_days_to_resolve(&c), 21);
    CHECK_INT(challenge_days_open(&c, 20100), 21);
    CHECK_INT(challenge_close(&c, 20030, &e), 0);
    CHECK_INT(c.status, CHALLENGE_CLOSED);
    CHECK_STR(challenge_outcome_id(c.outcome), "partly_upheld");
}

TEST(challenge_steps_in_order_only)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_PERSON, 20000, -1, &e), 0);
    CHECK_INT(challenge_decide(&c, 20001, "tm1", CHALLENGE_NOT_UPHELD, "No.", -1, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "is raised, so it cannot be decided now");
    err_clear(&e);
    CHECK_INT(challenge_start_review(&c, 20001, &e), ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(challenge_close(&c, 20001, &e), ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), 0);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), ERR_CONFLICT);
}

TEST(challenge_dates_never_go_backwards)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_PERSON, 20000, -1, &e), 0);
    CHECK_INT(challenge_acknowledge(&c, 19999, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "before the challenge's last step");
    err_clear(&e);
    CHECK_INT(challenge_acknowledge(&c, 20000, &e), 0); /* the same day is fine */
    CHECK_INT(challenge_start_review(&c, 20003, &e), 0);
    CHECK_INT(challenge_decide(&c, 20002, "tm1", CHALLENGE_NOT_UPHELD, "No.", -1, &e), ERR_INVALID);
}

/* Whoever made the decision challenged does not decide the challenge. */
TEST(challenge_original_decider_cannot_decide)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_ADVOCATE, 20000, -1, &e), 0);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), 0);
    CHECK_INT(challenge_start_review(&c, 20002, &e), 0);
    CHECK_INT(challenge_decide(&c, 20003, "sw1", CHALLENGE_NOT_UPHELD, "It is enough.", -1, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "someone else must review it");
    CHECK_INT(c.status, CHALLENGE_UNDER_REVIEW);
}

TEST(challenge_decision_amounts_fit_outcome)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_REPRESENTATIVE, 20000, 1900000, &e), 0);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), 0);
    CHECK_INT(challenge_start_review(&c, 20002, &e), 0);
    /* Upheld needs a revised amount above the one challenged... */
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_UPHELD, "Agreed.", -1, &e), ERR_INVALID);
    CHECK_STR(e.field, "revised_amount");
    err_clear(&e);
    /* ...that meets what was sought; less than that is "partly upheld". */
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_UPHELD, "Agreed.", 1800000, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "partly upheld");
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_PARTLY_UPHELD, "Some.", 1900000, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "is 'upheld'");
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_NOT_UPHELD, "No.", 1600000, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_NOT_UPHELD, " ", -1, &e), ERR_INVALID);
    CHECK_STR(e.field, "reasons");
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_WITHDRAWN, "x", -1, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_UPHELD, "Agreed in full.", 1900000, &e), 0);
}

TEST(challenge_to_decision_has_no_amounts)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(challenge_raise(&c, "ch2", "P001", CHALLENGE_BY_PERSON, NULL, CHALLENGE_DECISION,
                              "decision-3", NULL, "sw1", 123, 456,
                              "I was told I could not pay my neighbour.", NULL, 0, 20000, &e), 0);
    CHECK_INT(c.amount_challenged, -1);
    CHECK_INT(c.amount_sought, -1);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), 0);
    CHECK_INT(challenge_start_review(&c, 20002, &e), 0);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_UPHELD, "Agreed.", 100, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(challenge_decide(&c, 20003, "tm1", CHALLENGE_UPHELD, "Agreed.", -1, &e), 0);
}

TEST(challenge_raise_validation)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(challenge_raise(&c, "ch1", "P001", CHALLENGE_BY_ADVOCATE, NULL, CHALLENGE_BUDGET_AMOUNT,
                              "budget-7", NULL, NULL, 100, -1, "Too low.", NULL, 0, 20000, &e), ERR_INVALID);
    CHECK_STR(e.field, "by_name");
    err_clear(&e);
    CHECK_INT(challenge_raise(&c, "ch1", "P001", CHALLENGE_BY_PERSON, NULL, CHALLENGE_BUDGET_AMOUNT,
                              "budget-7", NULL, NULL, 100, -1, "", NULL, 0, 20000, &e), ERR_INVALID);
    CHECK_STR(e.field, "reasons");
    err_clear(&e);
    CHECK_INT(challenge_raise(&c, "ch1", "P001", CHALLENGE_BY_PERSON, NULL, CHALLENGE_BUDGET_AMOUNT,
                              "budget-7", NULL, NULL, -1, -1, "Too low.", NULL, 0, 20000, &e), ERR_INVALID);
    CHECK_STR(e.field, "amount_challenged");
    err_clear(&e);
    CHECK_INT(challenge_raise(&c, "ch1", "P001", CHALLENGE_BY_PERSON, NULL, CHALLENGE_BUDGET_AMOUNT,
                              "", NULL, NULL, 100, -1, "Too low.", NULL, 0, 20000, &e), ERR_INVALID);
    CHECK_STR(e.field, "subject");
}

TEST(challenge_withdraw)
{
    struct err e = {0};
    struct challenge c;
    CHECK_INT(raise_budget(&c, "ch1", CHALLENGE_BY_PERSON, 20000, -1, &e), 0);
    CHECK_INT(challenge_acknowledge(&c, 20001, &e), 0);
    CHECK_INT(challenge_withdraw(&c, 20004, "Sorted out with my worker.", &e), 0);
    CHECK_INT(c.status, CHALLENGE_CLOSED);
    CHECK_INT(c.outcome, CHALLENGE_WITHDRAWN);
    CHECK_INT(challenge_days_to_resolve(&c), 4);
    CHECK_INT(challenge_withdraw(&c, 20005, "again", &e), ERR_CONFLICT);
}

/* Five challenges raised in October, one in November (outside the range):
 *   a: upheld after 10 days (+2,000 a year)   b: not upheld after 30 days
 *   c: partly upheld after 20 days (+1,000)   d: withdrawn after 4 days
 *   e: still under review
 * resolved days 4, 10, 20, 30: mean 16, median (10+20)/2 = 15, longest 30; within 28: 3. */
TEST(challenge_report_aggregates)
{
    struct err e = {0};
    struct challenge cs[6];
    const struct challenge *ptrs[6];
    struct challenge_report r;
    day_t oct1 = 19997; /* 2024-10-01 */
    for (int i = 0; i < 6; i++)
        ptrs[i] = &cs[i];
    CHECK_INT(raise_budget(&cs[0], "a", CHALLENGE_BY_PERSON, oct1, 1700000, &e), 0);
    challenge_acknowledge(&cs[0], oct1 + 1, &e);
    challenge_start_review(&cs[0], oct1 + 2, &e);
    CHECK_INT(challenge_decide(&cs[0], oct1 + 10, "tm1", CHALLENGE_UPHELD, "Yes.", 1700000, &e), 0);
    CHECK_INT(raise_budget(&cs[1], "b", CHALLENGE_BY_ADVOCATE, oct1 + 1, -1, &e), 0);
    challenge_acknowledge(&cs[1], oct1 + 2, &e);
    challenge_start_review(&cs[1], oct1 + 3, &e);
    CHECK_INT(challenge_decide(&cs[1], oct1 + 31, "tm1", CHALLENGE_NOT_UPHELD, "No.", -1, &e), 0);
    CHECK_INT(challenge_close(&cs[1], oct1 + 40, &e), 0);
    CHECK_INT(raise_budget(&cs[2], "c", CHALLENGE_BY_REPRESENTATIVE, oct1 + 2, -1, &e), 0);
    challenge_acknowledge(&cs[2], oct1 + 3, &e);
    challenge_start_review(&cs[2], oct1 + 4, &e);
    CHECK_INT(challenge_decide(&cs[2], oct1 + 22, "tm1", CHALLENGE_PARTLY_UPHELD, "Some.", 1600000, &e), 0);
    CHECK_INT(raise_budget(&cs[3], "d", CHALLENGE_BY_PERSON, oct1 + 3, -1, &e), 0);
    CHECK_INT(challenge_withdraw(&cs[3], oct1 + 7, NULL, &e), 0);
    CHECK_INT(raise_budget(&cs[4], "e", CHALLENGE_BY_PERSON, oct1 + 4, -1, &e), 0);
    challenge_acknowledge(&cs[4], oct1 + 5, &e);
    challenge_start_review(&cs[4], oct1 + 6, &e);
    CHECK_INT(raise_budget(&cs[5], "f", CHALLENGE_BY_PERSON, oct1 + 31, -1, &e), 0);

    CHECK_INT(challenge_report(ptrs, 6, oct1, oct1 + 30, &r, &e), 0);
    CHECK_INT(r.raised, 5);
    CHECK_INT(r.open, 1);
    CHECK_INT(r.resolved, 4);
    CHECK_INT(r.by_outcome[CHALLENGE_UPHELD], 1);
    CHECK_INT(r.by_outcome[CHALLENGE_PARTLY_UPHELD], 1);
    CHECK_INT(r.by_outcome[CHALLENGE_NOT_UPHELD], 1);
    CHECK_INT(r.by_outcome[CHALLENGE_WITHDRAWN], 1);
    CHECK_INT(r.by_status[CHALLENGE_CLOSED], 2);
    CHECK_INT(r.by_status[CHALLENGE_UNDER_REVIEW], 1);
    CHECK_INT(r.by_who[CHALLENGE_BY_PERSON], 3);
    CHECK_INT(r.by_who[CHALLENGE_BY_ADVOCATE], 1);
    CHECK_INT(r.by_subject[CHALLENGE_BUDGET_AMOUNT], 5);
    CHECK_INT(r.days_mean, 16);
    CHECK_INT(r.days_median, 15);
    CHECK_INT(r.days_max, 30);
    CHECK_INT(r.within_28_days, 3);
    CHECK_INT(r.extra_awarded, 200000 + 100000);
    CHECK_INT(challenge_report(ptrs, 6, oct1 + 1, oct1, &r, &e), ERR_INVALID);
}

TEST(challenge_report_empty)
{
    struct err e = {0};
    struct challenge_report r;
    CHECK_INT(challenge_report(NULL, 0, 20000, 20030, &r, &e), 0);
    CHECK_INT(r.raised, 0);
    CHECK_INT(r.days_mean, -1);
    CHECK_INT(r.days_median, -1);
    CHECK_INT(r.days_max, -1);
}
