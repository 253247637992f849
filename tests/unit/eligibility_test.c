/*
 * The eligibility criteria (SI 2015/313): every condition failing alone, the two-outcome threshold
 * for adults (exactly 1 vs 2), each "unable" reason, the carers' OR-rule, the reasons carers do
 * not have, and every kind of inconsistent input.
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "../check.h"
#include "domain/eligibility.h"

/* An adult who meets all three conditions with exactly two outcomes not achieved: (a) nutrition
 * and (b) personal hygiene, both "cannot without help"; (j) is not applicable (no children). */
static struct elig_adult_input adult_base(void)
{
    struct elig_adult_input in = {0};
    in.impairment = ELIG_YES;
    for (int i = 0; i < ELIG_ADULT_OUTCOMES; i++)
        in.outcomes[i].status = ELIG_ACHIEVED;
    in.outcomes[0] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_NEEDS_HELP};
    in.outcomes[1] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_NEEDS_HELP};
    in.outcomes[9].status = ELIG_NOT_APPLICABLE;
    in.significant_impact = ELIG_YES;
    in.wellbeing = ELIG_WB_DIGNITY | ELIG_WB_HEALTH;
    return in;
}

/* A carer who meets all three conditions through one outcome, (viii) recreation, with health not
 * at risk; (i) not applicable. */
static struct elig_carer_input carer_base(void)
{
    struct elig_carer_input in = {0};
    in.necessary_care = ELIG_YES;
    in.health_at_risk = ELIG_NO;
    for (int i = 0; i < ELIG_CARER_OUTCOMES; i++)
        in.outcomes[i].status = ELIG_ACHIEVED;
    in.outcomes[0].status = ELIG_NOT_APPLICABLE;
    in.outcomes[7] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_PAIN};
    in.significant_impact = ELIG_YES;
    in.wellbeing = ELIG_WB_HEALTH;
    return in;
}

static char *adult_text(struct arena *a, const struct elig_adult_input *in, struct elig_decision *d)
{
    struct err e = {0};
    int rc = elig_adult_decide(in, a, d, &e);
    if (rc != 0) {
        check_fail(__FILE__, __LINE__, "adult decision refused: %s", e.msg);
        memset(d, 0, sizeof *d);
        return NULL;
    }
    return elig_decision_text(d, a);
}

static char *carer_text(struct arena *a, const struct elig_carer_input *in, struct elig_decision *d)
{
    struct err e = {0};
    int rc = elig_carer_decide(in, a, d, &e);
    if (rc != 0) {
        check_fail(__FILE__, __LINE__, "carer decision refused: %s", e.msg);
        memset(d, 0, sizeof *d);
        return NULL;
    }
    return elig_decision_text(d, a);
}

/* ---- adults: the conditions ------------------------------------------------------------ */

TEST(elig_adult_all_conditions_met)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK(d.condition[0] && d.condition[1] && d.condition[2]);
    CHECK_INT(d.unable_count, 2);
    CHECK_INT(d.unable_mask, 0x3);
    CHECK_INT(d.nsentences, 4);
    CHECK_CONTAINS(t, "You are unable to achieve 2 of the 10 outcomes in the regulations: "
                      "managing and maintaining nutrition (you cannot do this without help, "
                      "including prompting); maintaining personal hygiene (you cannot do this "
                      "without help, including prompting)");
    CHECK_CONTAINS(t, "Because of this there is, or is likely to be, a significant impact on your "
                      "wellbeing, in these areas: personal dignity; physical and mental health "
                      "and emotional wellbeing.");
    CHECK_CONTAINS(t, "you have eligible needs for care and support under the Care Act 2014");
    CHECK(strstr(t ? t : "", "preventative") == NULL);
    arena_release(&a);
}

TEST(elig_adult_condition1_fails_alone)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.impairment = ELIG_NO;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(!d.condition[0]);
    CHECK(d.condition[1] && d.condition[2]);
    CHECK_CONTAINS(t, "do not arise from, and are not related to, a physical or mental impairment");
    CHECK_CONTAINS(t, "Condition 1 is not met, so your needs are not eligible");
    CHECK_CONTAINS(t, "You are still entitled to information and advice");
    CHECK_CONTAINS(t, "preventative support");
    arena_release(&a);
}

TEST(elig_adult_condition2_fails_alone_exactly_one)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[1] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(d.condition[0] && !d.condition[1] && d.condition[2]);
    CHECK_INT(d.unable_count, 1);
    CHECK_CONTAINS(t, "You are unable to achieve 1 of the 10 outcomes");
    CHECK_CONTAINS(t, "Condition 2 needs you to be unable to achieve two or more, so it is not met");
    CHECK_CONTAINS(t, "Condition 2 is not met, so your needs are not eligible");
    /* Condition 3 was recorded, but is not "because of" an unmet condition 2. */
    CHECK_CONTAINS(t, "Your assessment records that there is, or is likely to be, a significant "
                      "impact");
    arena_release(&a);
}

TEST(elig_adult_condition2_fails_with_none)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[0] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    in.outcomes[1] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(!d.condition[1]);
    CHECK_INT(d.unable_count, 0);
    CHECK_CONTAINS(t, "You are able to achieve all 10 of the outcomes");
    arena_release(&a);
}

TEST(elig_adult_exactly_two_is_enough)
{
    /* The boundary from the other side: 2 meets "two or more". */
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[0] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    in.outcomes[5] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_TAKES_LONGER};
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK_INT(d.unable_count, 2);
    CHECK_INT(d.unable_mask, (1u << 1) | (1u << 5));
    CHECK_CONTAINS(t, "Being unable to achieve two or more outcomes meets condition 2.");
    arena_release(&a);
}

TEST(elig_adult_condition3_fails_alone)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.significant_impact = ELIG_NO;
    in.wellbeing = 0;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(d.condition[0] && d.condition[1] && !d.condition[2]);
    CHECK_CONTAINS(t, "does not have, and is not likely to have, a significant impact on your "
                      "wellbeing. So condition 3 is not met.");
    CHECK_CONTAINS(t, "Condition 3 is not met, so your needs are not eligible");
    arena_release(&a);
}

TEST(elig_adult_condition3_no_with_areas_noted)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.significant_impact = ELIG_NO;
    in.wellbeing = ELIG_WB_RELATIONSHIPS;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK_CONTAINS(t, "(some effect was noted on domestic, family and personal relationships, but "
                      "it was not judged significant)");
    arena_release(&a);
}

TEST(elig_adult_two_conditions_fail)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[0] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    in.significant_impact = ELIG_NO;
    in.wellbeing = 0;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK_CONTAINS(t, "Conditions 2 and 3 are not met");
    arena_release(&a);
}

TEST(elig_adult_all_conditions_fail)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.impairment = ELIG_NO;
    in.outcomes[0] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    in.significant_impact = ELIG_NO;
    in.wellbeing = 0;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(!d.condition[0] && !d.condition[1] && !d.condition[2]);
    CHECK_CONTAINS(t, "Conditions 1, 2 and 3 are not met");
    CHECK_CONTAINS(t, "written record of this decision");
    arena_release(&a);
}

TEST(elig_adult_all_ten_outcomes)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    for (int i = 0; i < ELIG_ADULT_OUTCOMES; i++)
        in.outcomes[i] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_ENDANGERS};
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK_INT(d.unable_count, 10);
    CHECK_INT(d.unable_mask, 0x3FF);
    CHECK_CONTAINS(t, "unable to achieve 10 of the 10 outcomes");
    CHECK_CONTAINS(t, "carrying out any caring responsibilities you have for a child (doing it "
                      "puts your health or safety, or someone else's, at risk)");
    arena_release(&a);
}

/* ---- adults: each reason counts on its own --------------------------------------------- */

static void adult_reason_counts(unsigned reason, const char *words)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[0].reasons = reason;
    in.outcomes[1].reasons = reason;
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK_INT(d.unable_count, 2);
    CHECK_CONTAINS(t, words);
    arena_release(&a);
}

TEST(elig_adult_reason_needs_help)
{
    adult_reason_counts(ELIG_REASON_NEEDS_HELP, "you cannot do this without help, including prompting");
}

TEST(elig_adult_reason_pain_distress_anxiety)
{
    adult_reason_counts(ELIG_REASON_PAIN, "doing it causes you significant pain, distress or anxiety");
}

TEST(elig_adult_reason_endangers)
{
    adult_reason_counts(ELIG_REASON_ENDANGERS, "doing it puts your health or safety, or someone "
                                               "else's, at risk");
}

TEST(elig_adult_reason_takes_longer)
{
    adult_reason_counts(ELIG_REASON_TAKES_LONGER,
                        "it takes you significantly longer than would normally be expected");
}

TEST(elig_adult_several_reasons_listed)
{
    adult_reason_counts(ELIG_REASON_PAIN | ELIG_REASON_TAKES_LONGER,
                        "maintaining personal hygiene (doing it causes you significant pain, "
                        "distress or anxiety, and it takes you significantly longer than would "
                        "normally be expected)");
}

/* ---- adults: inconsistent input refused ------------------------------------------------ */

static void adult_refused(const struct elig_adult_input *in, const char *field, const char *needle)
{
    struct arena a;
    struct elig_decision d;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(elig_adult_decide(in, &a, &d, &e), ERR_INVALID);
    CHECK_INT(e.code, ERR_INVALID);
    CHECK_STR(e.field, field);
    CHECK_CONTAINS(e.msg, needle);
    /* The check alone says the same. */
    struct err e2 = {0};
    CHECK_INT(elig_adult_check(in, &e2), ERR_INVALID);
    CHECK_STR(e2.msg, e.msg);
    arena_release(&a);
}

TEST(elig_adult_not_achieved_needs_a_reason)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[2] = (struct elig_outcome){ELIG_NOT_ACHIEVED, 0};
    adult_refused(&in, "outcomes.toilet_needs",
                  "Outcome (c), managing toilet needs, is marked not achieved but no reason is "
                  "given");
}

TEST(elig_adult_achieved_must_have_no_reason)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[3] = (struct elig_outcome){ELIG_ACHIEVED, ELIG_REASON_PAIN};
    adult_refused(&in, "outcomes.clothing",
                  "Outcome (d), being appropriately clothed, is marked achieved but also has "
                  "reasons");
}

TEST(elig_adult_not_applicable_only_where_it_can_be)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[4].status = ELIG_NOT_APPLICABLE;
    adult_refused(&in, "outcomes.home_safety", "cannot be marked not applicable");
}

TEST(elig_adult_not_applicable_with_reason_refused)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[9] = (struct elig_outcome){ELIG_NOT_APPLICABLE, ELIG_REASON_NEEDS_HELP};
    adult_refused(&in, "outcomes.child_care", "is marked not applicable but also has reasons");
}

TEST(elig_adult_unrecorded_outcome_refused)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[7].status = ELIG_UNRECORDED;
    adult_refused(&in, "outcomes.work_learning", "Outcome (h), accessing and engaging in work, "
                                                 "training, education or volunteering, has not "
                                                 "been recorded");
}

TEST(elig_adult_unknown_status_refused)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[6].status = (enum elig_status)9;
    adult_refused(&in, "outcomes.relationships", "has an unknown status");
}

TEST(elig_adult_unknown_reason_refused)
{
    struct elig_adult_input in = adult_base();
    in.outcomes[0].reasons = ELIG_REASON_NEEDS_HELP | 0x40;
    adult_refused(&in, "outcomes.nutrition", "has an unknown reason");
}

TEST(elig_adult_condition1_unrecorded_refused)
{
    struct elig_adult_input in = adult_base();
    in.impairment = ELIG_UNANSWERED;
    adult_refused(&in, "impairment", "physical or mental impairment or illness (condition 1)");
}

TEST(elig_adult_condition3_unrecorded_refused)
{
    struct elig_adult_input in = adult_base();
    in.significant_impact = ELIG_UNANSWERED;
    adult_refused(&in, "significant_impact", "significant impact on wellbeing (condition 3)");
}

TEST(elig_adult_impact_needs_an_area)
{
    struct elig_adult_input in = adult_base();
    in.wellbeing = 0;
    adult_refused(&in, "wellbeing", "no wellbeing area is named");
}

TEST(elig_adult_unknown_wellbeing_area_refused)
{
    struct elig_adult_input in = adult_base();
    in.wellbeing |= 1u << 12;
    adult_refused(&in, "wellbeing", "unknown wellbeing area");
}

TEST(elig_adult_bad_answer_value_refused)
{
    struct elig_adult_input in = adult_base();
    in.impairment = (enum elig_answer)7;
    adult_refused(&in, "impairment", "must be yes or no");
}

/* ---- carers ---------------------------------------------------------------------------- */

TEST(elig_carer_one_outcome_is_enough)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK(d.condition[0] && d.condition[1] && d.condition[2]);
    CHECK_INT(d.unable_count, 1);
    CHECK_INT(d.unable_mask, 1u << 7);
    CHECK_CONTAINS(t, "you are unable to achieve 1 of the 8 outcomes for carers in the "
                      "regulations: engaging in recreational activities (doing it causes you "
                      "significant pain, distress or anxiety)");
    CHECK_CONTAINS(t, "Either of these is enough to meet condition 2, so it is met.");
    CHECK_CONTAINS(t, "eligible needs for support as a carer");
    arena_release(&a);
}

TEST(elig_carer_health_alone_is_enough)
{
    /* The OR-rule: health deteriorating or at risk, with every outcome achieved. */
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.health_at_risk = ELIG_YES;
    in.outcomes[7] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK(d.condition[1]);
    CHECK_INT(d.unable_count, 0);
    CHECK_CONTAINS(t, "Your physical or mental health is deteriorating, or is at risk of "
                      "deteriorating, and you are able to achieve all 8 of the outcomes");
    arena_release(&a);
}

TEST(elig_carer_health_and_outcomes)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.health_at_risk = ELIG_YES;
    in.outcomes[3] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_NEEDS_HELP |
                                                                  ELIG_REASON_ENDANGERS};
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(d.eligible);
    CHECK_INT(d.unable_count, 2);
    CHECK_CONTAINS(t, "managing and maintaining nutrition (you cannot do this without help, "
                      "including prompting, and doing it puts your health or safety");
    arena_release(&a);
}

TEST(elig_carer_condition2_fails_neither)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.outcomes[7] = (struct elig_outcome){ELIG_ACHIEVED, 0};
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(d.condition[0] && !d.condition[1] && d.condition[2]);
    CHECK_CONTAINS(t, "Condition 2 needs one or the other, so it is not met.");
    CHECK_CONTAINS(t, "your needs as a carer are not eligible");
    CHECK_CONTAINS(t, "The person you care for may have eligible needs of their own");
    arena_release(&a);
}

TEST(elig_carer_condition1_fails_alone)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.necessary_care = ELIG_NO;
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(!d.condition[0] && d.condition[1] && d.condition[2]);
    CHECK_CONTAINS(t, "do not arise from providing necessary care to an adult");
    CHECK_CONTAINS(t, "Condition 1 is not met");
    arena_release(&a);
}

TEST(elig_carer_condition3_fails_alone)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.significant_impact = ELIG_NO;
    in.wellbeing = 0;
    arena_init(&a, 0);
    char *t = carer_text(&a, &in, &d);
    CHECK(!d.eligible);
    CHECK(d.condition[0] && d.condition[1] && !d.condition[2]);
    CHECK_CONTAINS(t, "your caring role does not have, and is not likely to have, a significant "
                      "impact");
    CHECK_CONTAINS(t, "preventative support");
    arena_release(&a);
}

TEST(elig_carer_each_of_three_reasons_counts)
{
    static const unsigned reasons[] = {ELIG_REASON_NEEDS_HELP, ELIG_REASON_PAIN,
                                       ELIG_REASON_ENDANGERS};
    for (size_t i = 0; i < 3; i++) {
        struct arena a;
        struct elig_decision d;
        struct elig_carer_input in = carer_base();
        in.outcomes[7].reasons = reasons[i];
        arena_init(&a, 0);
        carer_text(&a, &in, &d);
        CHECK(d.eligible);
        arena_release(&a);
    }
}

static void carer_refused(const struct elig_carer_input *in, const char *field, const char *needle)
{
    struct arena a;
    struct elig_decision d;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(elig_carer_decide(in, &a, &d, &e), ERR_INVALID);
    CHECK_STR(e.field, field);
    CHECK_CONTAINS(e.msg, needle);
    arena_release(&a);
}

TEST(elig_carer_takes_longer_is_not_a_carer_reason)
{
    struct elig_carer_input in = carer_base();
    in.outcomes[7].reasons = ELIG_REASON_TAKES_LONGER;
    carer_refused(&in, "outcomes.recreation", "is not one of the reasons for carers in regulation "
                                              "3(3)");
}

TEST(elig_carer_not_achieved_needs_reason)
{
    struct elig_carer_input in = carer_base();
    in.outcomes[2] = (struct elig_outcome){ELIG_NOT_ACHIEVED, 0};
    carer_refused(&in, "outcomes.habitable_home", "Outcome (iii), maintaining a habitable home "
                                                  "environment in your home, is marked not "
                                                  "achieved but no reason is given");
}

TEST(elig_carer_reason_list_has_no_takes_longer)
{
    struct elig_carer_input in = carer_base();
    struct err e = {0};
    in.outcomes[2] = (struct elig_outcome){ELIG_NOT_ACHIEVED, 0};
    CHECK_INT(elig_carer_check(&in, &e), ERR_INVALID);
    CHECK(strstr(e.msg, "significantly longer") == NULL);
}

TEST(elig_carer_achieved_with_reason_refused)
{
    struct elig_carer_input in = carer_base();
    in.outcomes[4] = (struct elig_outcome){ELIG_ACHIEVED, ELIG_REASON_ENDANGERS};
    carer_refused(&in, "outcomes.relationships", "is marked achieved but also has reasons");
}

TEST(elig_carer_not_applicable_allowed_for_caring_for_others)
{
    struct arena a;
    struct elig_decision d;
    struct elig_carer_input in = carer_base();
    in.outcomes[1].status = ELIG_NOT_APPLICABLE;
    arena_init(&a, 0);
    carer_text(&a, &in, &d);
    CHECK(d.eligible);
    arena_release(&a);
}

TEST(elig_carer_not_applicable_refused_for_nutrition)
{
    struct elig_carer_input in = carer_base();
    in.outcomes[3].status = ELIG_NOT_APPLICABLE;
    carer_refused(&in, "outcomes.nutrition", "cannot be marked not applicable");
}

TEST(elig_carer_health_unrecorded_refused)
{
    struct elig_carer_input in = carer_base();
    in.health_at_risk = ELIG_UNANSWERED;
    carer_refused(&in, "health_at_risk", "deteriorating, or at risk of deteriorating (condition 2)");
}

TEST(elig_carer_necessary_care_unrecorded_refused)
{
    struct elig_carer_input in = carer_base();
    in.necessary_care = ELIG_UNANSWERED;
    carer_refused(&in, "necessary_care", "providing necessary care to an adult (condition 1)");
}

TEST(elig_carer_impact_needs_an_area)
{
    struct elig_carer_input in = carer_base();
    in.wellbeing = 0;
    carer_refused(&in, "wellbeing", "no wellbeing area is named");
}

/* ---- names and lookups ----------------------------------------------------------------- */

TEST(elig_outcome_lookups)
{
    CHECK_INT(elig_adult_outcome_find("toilet_needs"), 2);
    CHECK_INT(elig_adult_outcome_find("child_care"), 9);
    CHECK_INT(elig_adult_outcome_find("recreation"), -1);
    CHECK_INT(elig_carer_outcome_find("recreation"), 7);
    CHECK_INT(elig_carer_outcome_find("caring_for_others"), 1);
    CHECK_INT(elig_carer_outcome_find(NULL), -1);
    CHECK_STR(elig_adult_outcome(0)->letter, "(a)");
    CHECK_STR(elig_adult_outcome(9)->letter, "(j)");
    CHECK_STR(elig_carer_outcome(7)->letter, "(viii)");
    CHECK(elig_adult_outcome(10) == NULL);
    CHECK(elig_carer_outcome(-1) == NULL);
    CHECK(elig_adult_outcome(9)->may_be_not_applicable);
    CHECK(!elig_adult_outcome(0)->may_be_not_applicable);
}

TEST(elig_reason_and_wellbeing_names_round_trip)
{
    for (unsigned bit = 1; bit <= ELIG_REASON_TAKES_LONGER; bit <<= 1) {
        CHECK(elig_reason_key(bit) != NULL);
        CHECK(elig_reason_label(bit) != NULL);
        CHECK_INT(elig_reason_parse(elig_reason_key(bit)), bit);
    }
    CHECK_INT(elig_reason_parse("bored"), 0);
    int n = 0;
    for (unsigned bit = 1; bit & ELIG_WB_ALL; bit <<= 1, n++) {
        CHECK(elig_wellbeing_key(bit) != NULL);
        CHECK_INT(elig_wellbeing_parse(elig_wellbeing_key(bit)), bit);
    }
    CHECK_INT(n, ELIG_WELLBEING_AREAS);
    CHECK_STR(elig_wellbeing_label(ELIG_WB_CONTRIBUTION), "contribution to society");
    CHECK(elig_wellbeing_key(1u << 9) == NULL);
}

TEST(elig_status_names)
{
    enum elig_status s;
    CHECK_INT(elig_status_parse("not_achieved", &s), 0);
    CHECK_INT(s, ELIG_NOT_ACHIEVED);
    CHECK_INT(elig_status_parse("not_applicable", &s), 0);
    CHECK_INT(s, ELIG_NOT_APPLICABLE);
    CHECK_INT(elig_status_parse("unrecorded", &s), ERR_INVALID);
    CHECK_INT(elig_status_parse("maybe", &s), ERR_INVALID);
    CHECK_STR(elig_status_key(ELIG_ACHIEVED), "achieved");
}

TEST(elig_decision_text_joins_paragraphs)
{
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK(t != NULL);
    if (t && d.nsentences == 4) {
        CHECK(strncmp(t, d.sentences[0], strlen(d.sentences[0])) == 0);
        CHECK_CONTAINS(t, "So condition 1 is met.\n\nYou are unable");
        size_t expect = 0;
        for (size_t i = 0; i < d.nsentences; i++)
            expect += strlen(d.sentences[i]);
        CHECK_INT(strlen(t), expect + 2 * (d.nsentences - 1));
    }
    arena_release(&a);
}

TEST(elig_docs_example_is_what_the_code_writes)
{
    /* docs/eligibility.md quotes this decision word for word. */
    struct arena a;
    struct elig_decision d;
    struct elig_adult_input in = adult_base();
    in.outcomes[1].reasons = ELIG_REASON_PAIN;
    in.outcomes[2] = (struct elig_outcome){ELIG_NOT_ACHIEVED, ELIG_REASON_TAKES_LONGER};
    arena_init(&a, 0);
    char *t = adult_text(&a, &in, &d);
    CHECK_STR(t, "Your needs arise from, or are related to, a physical or mental impairment or "
                 "illness. So condition 1 is met.\n\n"
                 "You are unable to achieve 3 of the 10 outcomes in the regulations: managing and "
                 "maintaining nutrition (you cannot do this without help, including prompting); "
                 "maintaining personal hygiene (doing it causes you significant pain, distress or "
                 "anxiety); managing toilet needs (it takes you significantly longer than would "
                 "normally be expected). Being unable to achieve two or more outcomes meets "
                 "condition 2.\n\n"
                 "Because of this there is, or is likely to be, a significant impact on your "
                 "wellbeing, in these areas: personal dignity; physical and mental health and "
                 "emotional wellbeing. So condition 3 is met.\n\n"
                 "All three conditions are met, so you have eligible needs for care and support "
                 "under the Care Act 2014. The next step is to agree a care and support plan with "
                 "you, with a personal budget showing the money available to meet these needs.");
    arena_release(&a);
}
