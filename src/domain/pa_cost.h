/*
 * pa_cost.h — the true cost to a direct-payment holder of employing a personal assistant (PA),
 * so a support plan shows what PA hours really cost and a budget is not set on the wage alone.
 *
 * For one PA, from the hourly wage and the hours a year the plan needs, the cost is the sum of:
 *   1. wages:           hourly rate x hours, per pay period (rounded to the penny, halves up);
 *   2. holiday pay:     holiday_bp of the wages (12.07%: 5.6 weeks' leave for every 46.4 weeks
 *                       worked, ACAS), because the person needs support all year, including the
 *                       weeks the PA is on paid leave (someone covers, and both are paid);
 *   3. employer NI:     employer_ni_bp of pay (wages + holiday pay) above the secondary threshold
 *                       for the pay frequency, per period, rounded HMRC's way (0.5p or less down);
 *                       then, when the employer claims Employment Allowance, the allowance still
 *                       available is taken off the year's employer NI (never below zero);
 *   4. employer pension: pension_employer_bp (3%) of qualifying earnings (pay between the lower
 *                       and upper levels for the period) when the PA is in the pension scheme,
 *                       rounded UP to the penny as payroll does (src/domain/payroll/pension.h),
 *                       so the legal minimum is always met;
 *   5. employer's liability insurance: the yearly premium, once per employer.
 * Annual figures are the per-period figures x periods in the year (52, 26, 13 or 12: the 53rd
 * week some years have is left to payroll). Weekly and four-weekly equivalents are the annual
 * total / 52 and / 13, nearest penny, halves up. Every component is one line of the explanation.
 *
 * All rates come in a struct (pa_cost_rates) so payroll's rate tables (src/domain/payroll) can feed
 * it; nothing here knows a tax year. Pure functions: no store, no clock, no files.
 * Results live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_PA_COST_H
#define SELFDIRECT_DOMAIN_PA_COST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

#define PA_COST_BP 10000 /* basis points: 1207 = 12.07% */

struct pa_cost_rates {
    enum pay_frequency frequency;
    int64_t holiday_bp;                /* 1207 */
    int64_t employer_ni_bp;            /* 1500 in 2025-26, 1380 before */
    int64_t ni_secondary_threshold;    /* pence per pay period at `frequency` (2025-26 weekly: 9600) */
    bool employment_allowance_claimed; /* care and support employers may claim it (NIM06520) */
    int64_t employment_allowance;      /* pence a year (2025-26: 1050000) */
    int64_t pension_employer_bp;       /* 300 */
    int64_t ae_lower;                  /* qualifying earnings lower level, pence per period */
    int64_t ae_trigger;                /* auto-enrolment earnings trigger, pence per period */
    int64_t ae_upper;                  /* qualifying earnings upper level, pence per period */
    int ae_min_age;                    /* 22 */
    int state_pension_age;             /* 66: eligible jobholders are under it */
    int64_t liability_insurance;       /* employer's liability insurance, pence a year */
};

enum pa_pension {
    PA_PENSION_ASSESS = 0, /* enrol when the PA is an eligible jobholder (age and earnings) */
    PA_PENSION_ENROLLED,   /* in the scheme whatever the assessment (e.g. opted in) */
    PA_PENSION_NOT_ENROLLED,
};

struct pa_cost_input {
    int64_t hourly_rate;      /* pence an hour */
    int64_t minutes_per_year; /* the PA's hours over the year, in minutes (20 h a week: 62400) */
    int age;                  /* the PA's age on the costing date; -1 when not known */
    enum pa_pension pension;
    /* Employer-wide items, shared by all of one employer's PAs: the allowance already used by
     * other PAs costed before this one, and whether this PA carries the insurance premium. */
    int64_t employment_allowance_used;
    bool include_liability_insurance;
};

enum pa_cost_component {
    PA_COST_WAGES = 0,
    PA_COST_HOLIDAY,
    PA_COST_EMPLOYER_NI,
    PA_COST_EMPLOYMENT_ALLOWANCE, /* negative */
    PA_COST_PENSION,
    PA_COST_INSURANCE,
    PA_COST_COMPONENT_COUNT
};

struct pa_cost_line {
    enum pa_cost_component component;
    int64_t per_period; /* 0 for the yearly items (allowance, insurance) */
    int64_t annual;
    const char *text;   /* one plain sentence: how this figure was worked out */
};

struct pa_cost_result {
    int periods;             /* pay periods in the year */
    int64_t wages_period;
    int64_t holiday_period;
    int64_t gross_period;    /* wages + holiday pay: what NI and pension are worked out on */
    int64_t ni_period;       /* before the Employment Allowance */
    int64_t pension_period;
    bool pension_enrolled;

    int64_t wages;           /* the year */
    int64_t holiday;
    int64_t employer_ni;     /* before the allowance */
    int64_t employment_allowance; /* taken off employer NI (>= 0) */
    int64_t pension;
    int64_t insurance;
    int64_t total;           /* the year's employer cost */
    int64_t weekly;          /* total / 52 */
    int64_t four_weekly;     /* total / 13 */
    int64_t per_hour;        /* total / hours a year: the true cost of an hour of support */
    int64_t oncost_bp;       /* (total - wages) / wages, basis points */

    struct pa_cost_line lines[PA_COST_COMPONENT_COUNT];
    size_t nlines;           /* the components that apply, in the order above */
    const char *summary;     /* "Total employer cost: ..." */
};

/* Checks the rates are usable (non-negative, thresholds in order, a known frequency). */
int pa_cost_rates_check(const struct pa_cost_rates *r, struct err *e);

/* Would this PA be auto-enrolled? (aged ae_min_age..state_pension_age-1 and earning more than the
 * trigger in the period). age < 0 (unknown) counts as eligible, so costs are not understated. */
bool pa_cost_eligible_jobholder(const struct pa_cost_rates *r, int age, int64_t gross_period);

/* Costs one PA. ERR_INVALID for a negative rate or hours (field named), ERR_RANGE on overflow. */
int pa_cost_calculate(const struct pa_cost_rates *r, const struct pa_cost_input *in,
                      struct arena *a, struct pa_cost_result *out, struct err *e);

/* The rates for a tax year from payroll's tables (src/domain/payroll/rates.h, loaded by
 * src/io/payroll_rates.h): the secondary threshold and auto-enrolment levels for the pay frequency,
 * employer NI of category A in force on `on` (2023-24 changed rates mid-year), the Employment
 * Allowance, the 12.07% holiday accrual and the 3% employer pension minimum. What payroll does not
 * know comes in as arguments: whether the employer claims the allowance, the insurance premium and
 * the State Pension age to assume (66 for people born 1954-1960; 67 is being phased in). */
struct payroll_rates;
int pa_cost_rates_from_payroll(const struct payroll_rates *pr, enum pay_frequency f, day_t on,
                               bool employment_allowance_claimed, int64_t liability_insurance,
                               int state_pension_age, struct pa_cost_rates *out, struct err *e);

/* "20 hours", "7 hours 30 minutes", "45 minutes", "1 hour" (no trailing detail for zero). */
size_t pa_cost_format_minutes(int64_t minutes, char *out, size_t outsz);

#endif
