/* assess_steps_test.c — the questions of the self-assessment (src/web/pages_assess_steps.c): their
 * order, the questions that appear only when an earlier answer calls for them, a carer's
 * assessment's own questions, and where coming back resumes. */
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/err.h"
#include "domain/ras.h"
#include "io/ras_config.h"
#include "web/pages_assess.h"

#include "../check.h"

static struct ras_config *demo_config(struct arena *a)
{
    const struct asset *as = asset_find("data/ras/demo-council-ras-v1.json");
    struct ras_config *cfg = NULL;
    struct err e = {0};
    CHECK(as != NULL);
    if (!as || ras_config_parse((const char *)as->data, as->len, a, &cfg, &e) != 0)
        return NULL;
    return cfg;
}

static int count_kind(const struct astep *s, size_t n, enum astep_kind k)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += s[i].kind == k;
    return c;
}

TEST(assess_steps_needs_assessment_in_order)
{
    struct arena a;
    struct assessment as = {0};
    struct astep *s = NULL;
    size_t n = 0;
    struct ras_config *cfg;
    arena_init(&a, 0);
    cfg = demo_config(&a);
    as.kind = ASSESS_NEEDS;
    as.what_matters = "";
    as.adjustments = "";
    CHECK_INT(assess_steps(&as, cfg, &a, &s, &n), 0);
    /* what matters, condition 1, 10 outcomes, impact, 19 RAS questions, carer helps. */
    CHECK_INT(n, 1 + 1 + 10 + 1 + 19 + 1);
    CHECK_STR(s[0].id, "what_matters");
    CHECK_STR(s[1].id, "condition1");
    CHECK_STR(s[2].id, "outcome:nutrition");
    CHECK_STR(s[11].id, "outcome:child_care");
    CHECK_STR(s[12].id, "impact");
    CHECK_STR(s[13].id, "ras:eating_drinking.meals");
    CHECK_STR(s[13].section, "Eating and drinking");
    CHECK_STR(s[n - 1].id, "carer_helps");
    CHECK_INT(count_kind(s, n, ASTEP_WELLBEING), 0);
    CHECK_INT(count_kind(s, n, ASTEP_CARER_DOMAIN), 0);
    CHECK_INT(count_kind(s, n, ASTEP_HEALTH), 0);
    CHECK_INT(assess_step_find(s, n, "ras:personal_care.washing") > 0, 1);
    CHECK_INT(assess_step_find(s, n, "ras:nope.nope"), -1);
    arena_release(&a);
}

TEST(assess_steps_follow_earlier_answers)
{
    struct arena a;
    struct assessment as = {0};
    struct astep *s = NULL;
    size_t n = 0;
    struct ras_config *cfg;
    int adjustable = 0;
    arena_init(&a, 0);
    cfg = demo_config(&a);
    for (size_t d = 0; cfg && d < cfg->ndomains; d++)
        adjustable += cfg->domains[d].carer_adjustable;
    as.kind = ASSESS_NEEDS;
    as.significant_impact = ELIG_YES;
    as.carer_helps = ELIG_YES;
    CHECK_INT(assess_steps(&as, cfg, &a, &s, &n), 0);
    CHECK_INT(count_kind(s, n, ASTEP_WELLBEING), 1);
    CHECK_INT(count_kind(s, n, ASTEP_CARER_DOMAIN), adjustable);
    CHECK(adjustable > 0);
    CHECK_INT(assess_step_find(s, n, "wellbeing"), assess_step_find(s, n, "impact") + 1);
    CHECK_INT(assess_step_find(s, n, "carer:personal_care") > assess_step_find(s, n, "carer_helps"),
              1);
    /* No configuration in force: no budget questions, no carer questions. */
    CHECK_INT(assess_steps(&as, NULL, &a, &s, &n), 0);
    CHECK_INT(count_kind(s, n, ASTEP_RAS), 0);
    CHECK_INT(count_kind(s, n, ASTEP_CARER_HELPS), 0);
    arena_release(&a);
}

TEST(assess_steps_carers_assessment_has_its_own_questions)
{
    struct arena a;
    struct assessment as = {0};
    struct astep *s = NULL;
    size_t n = 0;
    const char *hint;
    arena_init(&a, 0);
    as.kind = ASSESS_CARER;
    as.carer_helps = ELIG_YES;
    CHECK_INT(assess_steps(&as, demo_config(&a), &a, &s, &n), 0);
    CHECK_INT(count_kind(s, n, ASTEP_HEALTH), 1);
    CHECK_INT(count_kind(s, n, ASTEP_OUTCOME), ELIG_CARER_OUTCOMES);
    /* The carer adjustment is about the person's own carer: never in a carer's assessment. */
    CHECK_INT(count_kind(s, n, ASTEP_CARER_HELPS), 0);
    CHECK_STR(s[assess_step_find(s, n, "outcome:recreation")].id, "outcome:recreation");
    CHECK_CONTAINS(assess_step_question(&a, &as, NULL, &s[1], &hint), "care for an adult");
    arena_release(&a);
}

TEST(assess_steps_resume_at_the_first_required_question_not_answered)
{
    struct arena a;
    struct assessment as = {0};
    struct astep *s = NULL;
    size_t n = 0, r;
    struct assess_outcome outcomes[10];
    struct assess_ras_answer answers[1] = {{"eating_drinking.meals", "some_help"}};
    struct ras_config *cfg;
    arena_init(&a, 0);
    cfg = demo_config(&a);
    as.kind = ASSESS_NEEDS;
    as.what_matters = "Home";
    as.condition1 = ELIG_YES;
    for (int i = 0; i < 10; i++)
        outcomes[i] = (struct assess_outcome){elig_adult_outcome(i)->key, ELIG_ACHIEVED, 0, ""};
    as.outcomes = outcomes;
    as.noutcomes = 4;
    CHECK_INT(assess_steps(&as, cfg, &a, &s, &n), 0);
    r = assess_step_resume(&as, cfg, s, n);
    CHECK_STR(s[r].id, "outcome:home_safety");
    as.noutcomes = 10;
    as.significant_impact = ELIG_NO;
    as.answers = answers;
    as.nanswers = 1;
    r = assess_step_resume(&as, cfg, s, n);
    CHECK_STR(s[r].id, "ras:eating_drinking.eating");
    CHECK(assess_step_answered(&as, cfg, &s[assess_step_find(s, n, "ras:eating_drinking.meals")]));
    CHECK_STR(assess_step_answer_text(&a, &as, cfg,
                                      &s[assess_step_find(s, n, "ras:eating_drinking.meals")]),
              "I need help to prepare some meals each day");
    CHECK_STR(assess_step_answer_text(&a, &as, cfg, &s[assess_step_find(s, n, "outcome:nutrition")]),
              "Yes, without difficulty");
    arena_release(&a);
}
