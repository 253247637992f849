/*
 * plan_mix.h — how much of planned spending is "traditional" (brief §7.1; the Essex study in
 * ../shared/seeds found support plans written as hours of home care and day-centre places whatever
 * the person wanted): the report for managers and commissioners, by worker, team and client group
 * and for the whole council, over the plans signed off in a date range.
 *
 * What counts (the same rule as the plan's own costing, plan.h, so every figure can be traced to
 * a plan page):
 *   - a line is traditional when plan_line_is_traditional says so: agency (home care) hours, or a
 *     day opportunity recorded as a day-centre place; everything else (PA hours, activities,
 *     memberships, equipment, transport, respite, community groups, other) is "other support";
 *   - a plan's amounts are plan_cost's traditional and other figures for the signed-off version:
 *     a year's running cost plus one-off costs, PA lines at the true employer cost;
 *   - a row is one plan version signed off in [from, to] (a person with two plans signed off in
 *     the range counts twice: the report is about plans as signed off);
 *   - counts: plans with any traditional line, plans made only of traditional lines, plans with
 *     none (no lines at all counts as none); shares are basis points of the group's plans, half
 *     up, no floating point;
 *   - money: the group's traditional and total planned spending and the traditional share of it
 *     (basis points, half up).
 *
 * Small numbers: the choice report's rule (choice_report.h, docs/planning.md): a count from 1 to
 * suppress_below-1, or whose complement is, is not shown; a group of fewer than suppress_below
 * plans shows only that, money included (a small group's spending could point at a person).
 *
 * Pure: no store, no clock. Keys point into the rows, which must outlive the report; arrays live
 * in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_PLAN_MIX_H
#define SELFDIRECT_DOMAIN_PLAN_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

struct plan_mix_row {
    int64_t plan_id;          /* the store's id of the version (for checks; not shown) */
    const char *person_ref;
    const char *worker;       /* the worker responsible for the person */
    const char *team;
    const char *client_group; /* "Learning disability", ... */
    day_t signed_off_on;
    int64_t traditional;      /* pence: plan_costing.traditional of the version signed off */
    int64_t other;            /* pence: plan_costing.other */
    int traditional_lines;    /* lines plan_line_is_traditional */
    int other_lines;
};

enum plan_mix_measure {
    PM_ANY_TRADITIONAL = 0, /* at least one traditional line */
    PM_ONLY_TRADITIONAL,    /* every line traditional (and at least one line) */
    PM_NO_TRADITIONAL,      /* no traditional line */
    PM_MEASURE_COUNT
};

struct plan_mix_cell {
    size_t count;     /* the true count: for the report code and tests only */
    bool suppressed;
    int64_t share_bp; /* count / plans; meaningless when suppressed */
};

struct plan_mix_group {
    const char *key;  /* worker, team, client group; "All" for the total */
    size_t plans;
    bool suppressed;  /* fewer than the threshold: only "fewer than N plans" is shown */
    struct plan_mix_cell cells[PM_MEASURE_COUNT];
    int64_t traditional;    /* pence */
    int64_t total;          /* pence: traditional + other */
    int64_t traditional_bp; /* traditional / total; 0 when total is 0 */
};

struct plan_mix_table {
    struct plan_mix_group *groups; /* sorted by key; blank keys as "Not recorded" */
    size_t ngroups;
};

struct plan_mix_report {
    day_t from, to;
    int suppress_below;
    struct plan_mix_group total;
    struct plan_mix_table by_worker, by_team, by_client_group;
};

const char *plan_mix_measure_id(enum plan_mix_measure m);    /* "any_traditional", ... */
const char *plan_mix_measure_title(enum plan_mix_measure m); /* "Plans with any traditional support" */

/* Builds the report over rows signed off in [from, to]. ERR_INVALID for to < from or a negative
 * threshold; ERR_RANGE if the money overflows. */
int plan_mix_build(const struct plan_mix_row *rows, size_t n, day_t from, day_t to,
                   int suppress_below, struct arena *a, struct plan_mix_report *out,
                   struct err *e);

/* A count as people read it: "12 (40%)", "fewer than 5", "more than 15", "fewer than 5 plans". */
size_t plan_mix_cell_format(const struct plan_mix_report *r, const struct plan_mix_group *g,
                            const struct plan_mix_cell *c, char *out, size_t outsz);
/* The group's money: "£12,345.00 of £56,789.00 (22%)", or "fewer than 5 plans". */
size_t plan_mix_money_format(const struct plan_mix_report *r, const struct plan_mix_group *g,
                             char *out, size_t outsz);

/* The report as CSV (RFC 4180, UTF-8, CRLF): a header row, then the council, each worker, team and
 * client group, one row each, with the same words as the page for suppressed figures (never the
 * hidden number). Text that a spreadsheet would run as a formula (starting = + - @) is given a
 * leading apostrophe. ERR_RANGE when out's cap is reached. */
struct buf;
int plan_mix_csv(const struct plan_mix_report *r, struct buf *out, struct err *e);

#endif
