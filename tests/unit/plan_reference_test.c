/* A plan line's reference (issue 7, migration 0060): read and written by the plan's JSON, part of
 * the content hash only when set (so plans signed off before it existed keep their hash), named in
 * the line's words. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "check.h"
#include "domain/plan.h"
#include "domain/plan_diff.h"
#include "io/plan_json.h"

static void one_line_plan(struct plan *p, struct plan_line *l, const char *reference)
{
    static const struct plan_outcome outs[] = {{"o1", "Keep fit"}};
    static const char *const o1[] = {"o1"};
    memset(p, 0, sizeof *p);
    *l = (struct plan_line){.id = "l1", .kind = PLAN_LINE_ACTIVITY, .description = "Gym",
                            .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 2500,
                            .outcomes = o1, .noutcomes = 1,
                            .managed_by = CHOICE_DIRECT_PAYMENT, .provider = "Leisure Centre",
                            .reference = reference};
    p->id = "plan-1";
    p->person_ref = "P-1";
    p->version = 1;
    p->planned_by = PLAN_BY_SELF;
    p->outcomes = outs;
    p->noutcomes = 1;
    p->lines = l;
    p->nlines = 1;
}

TEST(plan_line_reference_in_the_hash_only_when_set)
{
    struct plan p;
    struct plan_line l;
    char none[PLAN_HASH_HEX], empty[PLAN_HASH_HEX], set[PLAN_HASH_HEX];
    struct err e = {0};
    one_line_plan(&p, &l, NULL);
    CHECK_INT(plan_hash(&p, none, &e), 0);
    one_line_plan(&p, &l, "");
    CHECK_INT(plan_hash(&p, empty, &e), 0);
    one_line_plan(&p, &l, "GYM-7788");
    CHECK_INT(plan_hash(&p, set, &e), 0);
    CHECK_STR(none, empty);
    CHECK(strcmp(none, set) != 0);
}

TEST(plan_line_reference_round_trips_through_json)
{
    struct plan p, back;
    struct plan_line l;
    struct arena a;
    struct err e = {0};
    char *text;
    arena_init(&a, 0);
    memset(&back, 0, sizeof back);
    one_line_plan(&p, &l, "GYM-7788");
    text = plan_json_encode_text(&p, 0, &a);
    CHECK(text != NULL);
    CHECK_CONTAINS(text ? text : "", "\"reference\":");
    CHECK_INT(plan_json_decode_text(text, strlen(text), 0, &a, &back, &e), 0);
    CHECK_INT(back.nlines, 1);
    CHECK_STR(back.lines[0].reference ? back.lines[0].reference : "", "GYM-7788");
    CHECK_CONTAINS(plan_line_words(&back, &back.lines[0], &a), "(reference GYM-7788)");
    /* No reference: not written at all, and read back as none. */
    one_line_plan(&p, &l, NULL);
    text = plan_json_encode_text(&p, 0, &a);
    CHECK(text && !strstr(text, "\"reference\""));
    memset(&back, 0, sizeof back);
    CHECK_INT(plan_json_decode_text(text, strlen(text), 0, &a, &back, &e), 0);
    CHECK(back.lines[0].reference == NULL);
    arena_release(&a);
}
