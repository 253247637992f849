/*
 * plan_diff.h — what changed between two saves of a plan, in words the person reads. When someone
 * saves a step of the planner after another person saved the same plan (plan_check_editable's
 * conflict), the page shows what the other person changed, field by field, and keeps what this
 * person typed so they can make their change again on top: nobody's edit silently overwrites
 * another's, and nobody loses their own.
 *
 * Outcomes and lines are matched by id (so a reordered list is not a change of every item); a
 * line's change is shown as its description in words before and after (plan_line_words).
 *
 * Pure: no store, no clock. Results live in the caller's arena and may point into both plans.
 */
#ifndef SELFDIRECT_DOMAIN_PLAN_DIFF_H
#define SELFDIRECT_DOMAIN_PLAN_DIFF_H

#include <stddef.h>

#include "domain/plan.h"

struct arena;
struct err;

struct plan_change {
    const char *what;   /* "About me", "Outcome 2", "Line: Gym membership", "Who led the planning" */
    const char *before; /* "" when added */
    const char *after;  /* "" when removed */
};

/* The changes from `before` to `after`, in plan order: dates, sections, who planned and who
 * helped, outcomes, lines. *n is 0 when nothing changed. */
int plan_diff(const struct plan *before, const struct plan *after, struct arena *a,
              struct plan_change **out, size_t *n, struct err *e);

/* One line of a plan in words: "PA hours: Personal assistant (Jo), 20 hours every week at £12.21
 * an hour, direct payment; meets: Get up and out each morning". Outcome texts are looked up in p. */
const char *plan_line_words(const struct plan *p, const struct plan_line *l, struct arena *a);

#endif
