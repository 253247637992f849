/*
 * choice_report.h — the manager report that makes gatekeeping visible (brief §7.1): of the people
 * whose budget was agreed in a date range, the share offered every option (direct payment,
 * council-managed budget, ISF) and the share choosing each (and a mix), by worker, by team and by
 * client group, plus the whole council.
 *
 * Counting:
 *   - a row is one person whose budget was agreed in [from, to] (inclusive), with the worker
 *     responsible, their team, the person's client group, and their choice record if there is one
 *     (NULL: no record of any offer: counted as not offered every option);
 *   - "offered every option" is choice_all_offered: all three actually offered. An option recorded
 *     as not available (even for a statutory reason) counts as not offered here, and is counted
 *     separately ("with an option not available"), so a pattern of "not available" shows;
 *   - "chose X" counts people with an amount on X; a mix counts for each option in it and in
 *     "chose a mix" as well, so the option shares can add up to more than 100%;
 *   - shares are basis points of the group's people (no floating point), rounded half up.
 *
 * Small numbers (the rule we chose, documented in docs/planning.md): the rule common in published
 * health and care statistics, counts from 1 to 4 suppressed (suppress_below = 5; the exact rule
 * varies between official publications, so the threshold is a parameter). A small count is shown
 * as "fewer than 5", without its share. Because every measure here splits a group in two (offered
 * / not offered, chose X / did not), the complement is
 * suppressed as well: a count is suppressed when it or (people - it) is from 1 to suppress_below-1,
 * so no suppressed figure can be recovered by subtraction (a count with a small complement is shown
 * as a bound, "more than 15"). Counts across groups are not cross-suppressed: a worker's small
 * count may in principle be recovered from a team total and the team's other workers; the report
 * is for managers inside the council, not publication, and says so. A group with fewer than suppress_below
 * people has every figure suppressed but its existence. suppress_below = 0 turns suppression off
 * (for a manager looking at their own team's casework, where the council permits it).
 *
 * Pure: no store, no clock. Group keys and texts point into the rows, which must outlive the
 * report; arrays live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_CHOICE_REPORT_H
#define SELFDIRECT_DOMAIN_CHOICE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/choice.h"

struct arena;
struct err;

struct choice_report_row {
    const char *person_ref;
    const char *worker;       /* worker id (or name) responsible */
    const char *team;
    const char *client_group; /* "learning disability", "older people", "mental health", ... */
    day_t budget_agreed_on;
    const struct choice_record *choice; /* NULL: no offer recorded */
};

enum choice_report_measure {
    CR_OFFERED_ALL = 0,
    CR_NOT_AVAILABLE,   /* at least one option recorded as not available */
    CR_NO_RECORD,       /* no offer recorded at all */
    CR_CHOSE_DP,
    CR_CHOSE_COUNCIL_MANAGED,
    CR_CHOSE_ISF,
    CR_CHOSE_MIX,
    CR_UNDECIDED,       /* offered, not yet chosen */
    CR_MEASURE_COUNT
};

struct choice_report_cell {
    size_t count;     /* the true count: only for use inside the report code and tests */
    bool suppressed;  /* show "fewer than 5" (or the threshold), not count or share */
    int64_t share_bp; /* count / people, basis points; meaningless when suppressed */
};

struct choice_report_group {
    const char *key;  /* the worker, team or client group; "All" for the total */
    size_t people;
    bool suppressed;  /* fewer than the threshold: nothing shown but "fewer than N people" */
    struct choice_report_cell cells[CR_MEASURE_COUNT];
};

struct choice_report_table {
    struct choice_report_group *groups; /* sorted by key (byte order); blank keys as "Not recorded" */
    size_t ngroups;
};

struct choice_report {
    day_t from, to;
    int suppress_below;
    struct choice_report_group total;
    struct choice_report_table by_worker, by_team, by_client_group;
};

const char *choice_report_measure_id(enum choice_report_measure m); /* "offered_all", ... */
const char *choice_report_measure_title(enum choice_report_measure m);

/* Builds the report over rows whose budget_agreed_on is in [from, to]. ERR_INVALID for to < from
 * or suppress_below < 0. */
int choice_report_build(const struct choice_report_row *rows, size_t n, day_t from, day_t to,
                        int suppress_below, struct arena *a, struct choice_report *out,
                        struct err *e);

/* A cell as people read it: "12 (40%)" (whole percent, halves up), "0 (0%)", "fewer than 5" (a
 * small count), "more than 15" (a count whose complement is small), "fewer than 5 people" (a small
 * group). */
size_t choice_report_cell_format(const struct choice_report *r, const struct choice_report_group *g,
                                 const struct choice_report_cell *c, char *out, size_t outsz);

#endif
