/*
 * challenge.h — a challenge to a budget amount or a decision, by the person, their representative
 * or their advocate (brief §2.13 and §7.2: the council must explain its figure, R (KM) v
 * Cambridgeshire; budget challenges go only through this record, kept apart from DP support).
 *
 * A challenge moves through fixed states, each with its date, never backwards:
 *
 *   raised -> acknowledged -> under review -> decided (upheld | partly upheld | not upheld) -> closed
 *      \____________\_______________\______ withdrawn by whoever raised it ______/ (closed, outcome
 *                                                                                    "withdrawn")
 *
 * Rules: each date is on or after the one before; a decision has reasons (shown to the person) and
 * is made by someone other than whoever made the decision being challenged; a budget challenge
 * upheld or partly upheld carries the revised amount, above the amount challenged (and, when the
 * person said what they sought: upheld means at least that, partly upheld means less). Time to
 * resolve is the days from raised to decided (or to withdrawn).
 *
 * challenge_report aggregates challenges raised in a date range: counts by state and outcome, by
 * who raised them and what about, and the days to resolve (mean rounded half up, median, longest).
 *
 * Pure functions: no store, no clock (dates come in). A challenge is tied to the version it
 * challenges by subject_hash (the budget's or plan's content hash).
 */
#ifndef SELFDIRECT_DOMAIN_CHALLENGE_H
#define SELFDIRECT_DOMAIN_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;

enum challenge_by {
    CHALLENGE_BY_PERSON = 0,
    CHALLENGE_BY_REPRESENTATIVE,
    CHALLENGE_BY_ADVOCATE,
    CHALLENGE_BY_COUNT
};

enum challenge_subject {
    CHALLENGE_BUDGET_AMOUNT = 0,
    CHALLENGE_DECISION,
    CHALLENGE_SUBJECT_COUNT
};

enum challenge_status {
    CHALLENGE_RAISED = 0,
    CHALLENGE_ACKNOWLEDGED,
    CHALLENGE_UNDER_REVIEW,
    CHALLENGE_DECIDED,
    CHALLENGE_CLOSED,
    CHALLENGE_STATUS_COUNT
};

enum challenge_outcome {
    CHALLENGE_NO_OUTCOME = 0,
    CHALLENGE_UPHELD,
    CHALLENGE_PARTLY_UPHELD,
    CHALLENGE_NOT_UPHELD,
    CHALLENGE_WITHDRAWN,
    CHALLENGE_OUTCOME_COUNT
};

struct challenge {
    const char *id;
    const char *person_ref;
    enum challenge_by by;
    const char *by_name;
    enum challenge_subject subject;
    const char *subject_ref;       /* the budget or decision challenged */
    const char *subject_hash;      /* its content hash at the time; may be NULL */
    const char *original_decider;  /* who made the decision challenged: may not decide this */
    int64_t amount_challenged;     /* budget amount (pence a year) challenged; -1 for decisions */
    int64_t amount_sought;         /* what the person says is needed; -1 when not said */
    const char *reasons;
    const char *const *evidence;   /* descriptions of evidence given */
    size_t nevidence;

    enum challenge_status status;
    day_t raised_on;
    day_t acknowledged_on;
    day_t review_started_on;
    day_t decided_on;
    day_t closed_on;
    const char *decided_by;
    enum challenge_outcome outcome;
    const char *decision_reasons;
    int64_t revised_amount;        /* upheld / partly upheld budget challenges; -1 otherwise */
};

const char *challenge_status_id(enum challenge_status s);   /* "raised", "acknowledged", ... */
const char *challenge_outcome_id(enum challenge_outcome o); /* "upheld", "partly_upheld", ... */
const char *challenge_by_id(enum challenge_by b);           /* "person", "representative", ... */
const char *challenge_subject_id(enum challenge_subject s); /* "budget_amount", "decision" */

/* Fills *c as a newly raised challenge (status raised, no outcome) after checking the fields; the
 * pointers are kept, not copied. ERR_INVALID naming the field at fault. */
int challenge_raise(struct challenge *c, const char *id, const char *person_ref,
                    enum challenge_by by, const char *by_name, enum challenge_subject subject,
                    const char *subject_ref, const char *subject_hash, const char *original_decider,
                    int64_t amount_challenged, int64_t amount_sought, const char *reasons,
                    const char *const *evidence, size_t nevidence, day_t on, struct err *e);

/* Transitions. ERR_CONFLICT when the challenge is not in the state the step follows; ERR_INVALID
 * for a date before the previous step, missing reasons, or amounts that do not fit the outcome;
 * ERR_FORBIDDEN when the decider made the decision challenged. */
int challenge_acknowledge(struct challenge *c, day_t on, struct err *e);
int challenge_start_review(struct challenge *c, day_t on, struct err *e);
int challenge_decide(struct challenge *c, day_t on, const char *by, enum challenge_outcome outcome,
                     const char *reasons, int64_t revised_amount, struct err *e);
int challenge_close(struct challenge *c, day_t on, struct err *e);
/* Whoever raised it withdraws it: from any state before decided; closes it. */
int challenge_withdraw(struct challenge *c, day_t on, const char *reasons, struct err *e);

bool challenge_is_open(const struct challenge *c); /* not yet decided or withdrawn */
/* Days from raised to decided (or withdrawn); -1 while open. */
int challenge_days_to_resolve(const struct challenge *c);
/* Days open so far at `today` (for the person's record and reminders); the resolve time once
 * resolved. */
int challenge_days_open(const struct challenge *c, day_t today);

struct challenge_report {
    day_t from, to;                   /* raised_on in [from, to] */
    size_t raised;
    size_t open;                      /* not decided or withdrawn (at the time of the data) */
    size_t by_status[CHALLENGE_STATUS_COUNT];
    size_t by_outcome[CHALLENGE_OUTCOME_COUNT];
    size_t by_who[CHALLENGE_BY_COUNT];
    size_t by_subject[CHALLENGE_SUBJECT_COUNT];
    size_t resolved;                  /* decided or withdrawn */
    int days_mean;                    /* over the resolved; rounded half up; -1 when none */
    int days_median;                  /* even count: mean of the middle two, half up; -1 */
    int days_max;                     /* -1 when none */
    size_t within_28_days;            /* resolved within 28 days of being raised */
    int64_t extra_awarded;            /* sum of (revised - challenged) for budget challenges upheld
                                         in whole or part, pence a year */
};

/* Aggregates the challenges raised in [from, to]. ERR_INVALID when to < from; ERR_NOMEM. */
int challenge_report(const struct challenge *const *cs, size_t n, day_t from, day_t to,
                     struct challenge_report *out, struct err *e);

#endif
