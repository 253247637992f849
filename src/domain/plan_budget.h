/*
 * plan_budget.h — the budget comes first, then the plan (brief §7.1; TLAP: people should have their
 * personal budget before any detailed support plan exists, with time to make the plan themselves).
 *
 * A worker proposes an annual budget (and any separately agreed one-off allowance); it is agreed
 * through delegated sign-off (signoff.h, SIGNOFF_BUDGET), bound to the content hash made here. Once
 * agreed, the person has a planning period set by the council (planning_period_days) and a target
 * date for their plan; reminders fall a council-set number of days before it ("14,7,1").
 *
 * Pure functions: no store, no clock (today comes in). Strings live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_PLAN_BUDGET_H
#define SELFDIRECT_DOMAIN_PLAN_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/signoff.h"

struct arena;
struct err;

/* The content a budget sign-off approves. id is the stored budget's id (so two proposals of the
 * same amount on the same day still differ). */
struct plan_budget_terms {
    int64_t id;
    const char *person_ref;
    int64_t annual;            /* pence a year, > 0 */
    int64_t one_off_allowance; /* pence, >= 0: set-up money agreed separately */
    day_t proposed_on;
    const char *reasons;       /* why this figure (e.g. how it differs from the indicative one) */
};

/* Checks the terms: an amount above zero and at most MONEY_MAX_PENCE, an allowance not negative,
 * reasons at most 4000 bytes. ERR_INVALID naming the field ("annual", "one_off_allowance"). */
int plan_budget_validate(const struct plan_budget_terms *t, struct err *e);

/* SHA-256 over the terms (every field, length-prefixed, in order). */
int plan_budget_hash(const struct plan_budget_terms *t, char out[SIGNOFF_HASH_HEX], struct err *e);

#define PLAN_MAX_REMINDERS 8

struct plan_period_rules {
    int planning_period_days;             /* 7..365 */
    int reminder_days[PLAN_MAX_REMINDERS]; /* days before the target date, largest first */
    size_t nreminders;
};

/* Reads "14,7,1" (whole days before the target date, each 0..365, no repeats, at most
 * PLAN_MAX_REMINDERS) into rules, largest first. "" means no reminders. ERR_INVALID naming
 * "reminder_days" otherwise. */
int plan_period_parse_reminders(const char *text, struct plan_period_rules *rules, struct err *e);
/* The same list written back ("14,7,1"), for the settings form. */
size_t plan_period_format_reminders(const struct plan_period_rules *rules, char *out, size_t outsz);

/* The target date for the plan: agreed_on + planning_period_days. */
day_t plan_period_due(const struct plan_period_rules *rules, day_t agreed_on);

enum plan_period_state {
    PLAN_PERIOD_PLANNING = 0, /* before the first reminder */
    PLAN_PERIOD_DUE_SOON,     /* on or after a reminder date, before the target date */
    PLAN_PERIOD_DUE_TODAY,
    PLAN_PERIOD_OVERDUE,
    PLAN_PERIOD_DONE,         /* a plan was sent for sign-off (or signed off) */
};

struct plan_period_status {
    enum plan_period_state state;
    day_t due;
    int days_left;          /* negative when overdue */
    day_t reminders[PLAN_MAX_REMINDERS]; /* the reminder dates, earliest first */
    size_t nreminders;
    day_t last_reminder;    /* the latest reminder date on or before today; 0 when none yet */
    day_t next_reminder;    /* the next reminder date after today; 0 when none left */
    const char *message;    /* plain English for the person: when the plan is due and what next */
};

/* Where the person is in their planning period on `today`. plan_sent is true once a plan has been
 * sent for sign-off. */
int plan_period_status(const struct plan_period_rules *rules, day_t agreed_on, bool plan_sent,
                       day_t today, struct arena *a, struct plan_period_status *out,
                       struct err *e);

#endif
