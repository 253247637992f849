/*
 * nlw.h — the National Living Wage and National Minimum Wage: which hourly rate applies to a
 * worker of a given age on a given date, and whether a contract's hourly rate is below it.
 *
 * Rules (National Minimum Wage Act 1998 and the annual regulations; rates in rates.h):
 *   - the rates change on 1 April, not 6 April, so a lookup takes every year's table
 *     (payroll_rates_load_nmw_all) and uses the latest one in force on the date;
 *   - the age bands change too: the National Living Wage was for 23 and over until 31 March 2024
 *     and is for 21 and over from 1 April 2024 (the 21-22 band was merged into it);
 *   - the age is the worker's age on the date (the start of the pay reference period is the date
 *     to use: new rates apply from the first pay reference period starting on or after 1 April);
 *   - the apprentice rate applies to apprentices under 19, or in the first year of their
 *     apprenticeship; older apprentices past their first year get their age rate;
 *   - under 16s (below school leaving age) are not entitled to the minimum wage.
 *
 * Pure functions: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_NLW_H
#define SELFDIRECT_DOMAIN_PAYROLL_NLW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

struct nmw_worker {
    day_t born;
    bool apprentice;
    day_t apprenticeship_start;  /* when apprentice: the day the apprenticeship started */
};

struct nmw_result {
    bool entitled;           /* false for under 16s: no minimum applies */
    int age;                 /* on the date */
    int64_t hourly;          /* the minimum, pence an hour (0 when not entitled) */
    bool apprentice_rate;
    char rate_name[48];      /* "National Living Wage (21 and over)", "Apprentice rate" */
    day_t rates_from;        /* the 1 April the rates are from */
    struct payroll_explain explain;
};

/* The table in force on `on`: the latest whose `from` is on or before it; NULL if none is. */
const struct nmw_rates *nmw_rates_on(const struct nmw_rates *tables, size_t n, day_t on);

/* The minimum hourly rate for this worker on `on`. ERR_UNSUPPORTED when there is no table for
 * that date; ERR_INVALID when the worker is not born yet on it. */
int nmw_rate_for(const struct nmw_rates *tables, size_t n, const struct nmw_worker *w, day_t on,
                 struct nmw_result *out, struct err *e);

struct nmw_check {
    struct nmw_result minimum;
    bool below;                 /* the hourly rate is below the legal minimum */
    int64_t shortfall_per_hour; /* pence an hour short, 0 when not below */
    char message[512];          /* a sentence for the employer either way */
};

/* Is `hourly` (pence) below the legal minimum for this worker on `on`? */
int nmw_check_hourly(const struct nmw_rates *tables, size_t n, const struct nmw_worker *w,
                     day_t on, int64_t hourly, struct nmw_check *out, struct err *e);

#endif
