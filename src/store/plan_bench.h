/*
 * plan_bench.h — fictional planning data in bulk: people with budgets agreed over a year, the
 * record of what they were offered, and signed-off plans with a mix of traditional and other
 * support. For the managers' reports' benchmark (selfdirect plan-report bench) and for the store
 * tests that prove the set-based report queries give the figures the per-person ones gave.
 *
 * Not for real councils: rows go straight in with prepared INSERTs (making 100,000 budgets through
 * sign-off one by one would take far longer than what is measured), built to pass the tables'
 * checks by construction. The shape is deliberately awkward for the queries: some people have two
 * budgets (one may fall outside the period), two offers on the same day (the later id counts), an
 * offer with an option not available, or no offer at all; some have no plan, or a newer draft
 * version beside the signed-off one.
 */
#ifndef SELFDIRECT_STORE_PLAN_BENCH_H
#define SELFDIRECT_STORE_PLAN_BENCH_H

#include <stdint.h>

#include "base/date.h"

struct err;
struct store_conn;

struct plan_bench_counts {
    int64_t people, budgets, offers, plans, lines;
};

/* Adds n people to council_id (which must exist), with four teams and a worker per 400 people
 * (at least 3), budgets agreed from `from` over the following 365 days, offers and plans. Runs in
 * transactions of its own (committed every 5,000 people). seed makes the data repeatable. */
int plan_bench_seed(struct store_conn *c, int64_t council_id, int n, day_t from, uint32_t seed,
                    int64_t now, struct plan_bench_counts *out, struct err *e);

#endif
