/*
 * pa_bench.h — fictional PA payroll data in bulk, for bench/payroll and for trying pay runs by
 * hand. Not for real councils: rows go straight in with prepared INSERTs (the record functions'
 * checks would dominate the set-up time), so the data is built to pass those checks by
 * construction: real dates of birth, hourly rates above the minimum wage for every age, valid tax
 * codes and PAYE references, timesheets already approved by the employer's login.
 *
 * Shape: n PAs across employers of one to three PAs each (a budget holder employing a small team);
 * pay frequencies mixed as PA payrolls are (monthly and four-weekly most, some weekly and
 * fortnightly); each contract gets one approved, unpaid timesheet covering the pay period that
 * contains pay_date for its frequency, so a run for that date has everyone to pay.
 */
#ifndef SELFDIRECT_STORE_PA_BENCH_H
#define SELFDIRECT_STORE_PA_BENCH_H

#include <stdint.h>

#include "base/date.h"

struct err;
struct store_conn;

struct pa_bench_counts {
    int64_t employers, pas, contracts, timesheets;
    int64_t by_frequency[4]; /* contracts at each pay frequency (date.h order) */
};

/* Fills council_id (which must exist) with n PAs. Runs in one transaction of its own. seed makes
 * the data repeatable. */
int pa_bench_seed(struct store_conn *c, int64_t council_id, int n, day_t pay_date, uint32_t seed,
                  int64_t now, struct pa_bench_counts *out, struct err *e);

#endif
