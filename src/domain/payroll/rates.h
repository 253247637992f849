/*
 * rates.h — the figures payroll rules run on, for one tax year, as plain structs. They are filled
 * by src/io/payroll_rates.c from data/rates/payroll-YYYY-YY.json (every figure in those files names
 * its source) and are read-only to the rules: nothing here is computed, and no rule holds a figure
 * of its own.
 *
 * Units, everywhere: money in pence (int64_t); percentages in basis points (int32_t, 1% = 100,
 * 13.8% = 1380, 12.07% = 1207); dates as day_t; ages in whole years. Income tax band limits are
 * whole pounds, as HMRC publishes them.
 *
 * Invariants the loader checks (a rule may rely on them):
 *   - tax bands are in increasing order of upper limit; the last band has upper_pounds 0 (no top);
 *     basic_band indexes the band whose rate BR uses, and the D codes are the bands above it;
 *   - NI rate sets are in date order, the first starting on 6 April of the year;
 *   - every NI threshold is given for every frequency (HMRC publishes each one: the four-weekly and
 *     monthly figures are not multiples of the weekly one, e.g. ST 2025-26: £96 a week, £385 four-
 *     weekly, £417 a month, £5,000 a year);
 *   - minimum wage bands are in decreasing order of minimum age, the last having min_age 0.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_RATES_H
#define SELFDIRECT_DOMAIN_PAYROLL_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

/* ---- income tax ---------------------------------------------------------------------------- */

/* The part of the UK whose income tax rates apply: from the tax code's prefix (S Scotland,
 * C Wales, none England and Northern Ireland). */
enum tax_regime {
    TAX_REGIME_RUK = 0, /* England and Northern Ireland ("rest of UK") */
    TAX_REGIME_SCOTLAND,
    TAX_REGIME_WALES,
    TAX_REGIME_COUNT
};

/* How the tax on the complete bands below the taxpayer's top band is built up for a period.
 * Both scale annual figures by n/52 or n/12 and truncate to 4 decimal places of a pound, as
 * HMRC's tax table routines do; they differ in what is scaled:
 *   CUMULATIVE:   the annual tax on all the lower bands together (England, NI and Wales);
 *   BAND_BY_BAND: the annual tax on each lower band separately, then added (Scotland's five and
 *                 six band tables). HMRC's Scottish test data needs this: month 1 of 2025-26 at
 *                 £3,125 taxable is £753.59, one penny less than the single scaling gives. */
enum tax_build_up { TAX_BUILD_CUMULATIVE = 0, TAX_BUILD_BAND_BY_BAND };

#define PAYE_MAX_BANDS 8

struct tax_band {
    char name[24];         /* "basic", "higher", "starter", ... for explanations */
    int64_t upper_pounds;  /* taxable income (above the allowance) the band runs up to; 0 = no top */
    int32_t rate_bp;
};

struct tax_regime_rates {
    int nbands;
    struct tax_band bands[PAYE_MAX_BANDS];
    int basic_band;        /* the band BR uses; D0 is basic_band+1, D1 basic_band+2, ... */
    enum tax_build_up build_up;
};

struct paye_rates {
    int year;                       /* tax year by its starting calendar year: 2025 = 2025-26 */
    int64_t personal_allowance;     /* pence: for explanations; codes carry the allowance */
    char emergency_code[16];        /* "1257L" */
    struct tax_regime_rates regime[TAX_REGIME_COUNT];
};

/* ---- Class 1 National Insurance ------------------------------------------------------------ */

enum nic_threshold {
    NIC_LEL = 0, /* lower earnings limit */
    NIC_PT,      /* primary threshold: employee NI starts */
    NIC_ST,      /* secondary threshold: employer NI starts */
    NIC_UEL,     /* upper earnings limit: employee rate falls to the additional rate */
    NIC_UST,     /* upper secondary threshold, under 21s (category M, Z) */
    NIC_AUST,    /* apprentice upper secondary threshold, apprentices under 25 (H) */
    NIC_VUST,    /* veterans' upper secondary threshold (V) */
    NIC_FUST,    /* freeport upper secondary threshold (F, I, L, S) */
    NIC_IZUST,   /* investment zone upper secondary threshold (N, E, D, K) */
    NIC_THRESHOLD_COUNT
};

/* Per-frequency tables: the pay frequencies of date.h, then the annual (directors') figures. */
#define NIC_ANNUAL PAY_FREQUENCY_COUNT
#define NIC_PERIOD_KINDS (PAY_FREQUENCY_COUNT + 1)

/* The employer's zero-rate relief of a category: 0% from the ST up to this threshold. */
enum nic_relief {
    NIC_RELIEF_NONE = 0,
    NIC_RELIEF_UST,
    NIC_RELIEF_AUST,
    NIC_RELIEF_VUST,
    NIC_RELIEF_FUST,
    NIC_RELIEF_IZUST,
};

struct nic_category {
    char letter;                 /* 'A' .. 'Z' */
    int32_t employee_bp;         /* PT to UEL */
    int32_t employee_above_bp;   /* above UEL */
    int32_t employer_bp;         /* above ST (above the relief threshold when there is one) */
    enum nic_relief relief;
};

#define NIC_MAX_CATEGORIES 26
#define NIC_MAX_RATE_SETS 4

/* The category rates in force from a date (2023-24 has two sets: 6 April 2023 and 6 January
 * 2024, when the main employee rate fell from 12% to 10%). */
struct nic_rate_set {
    day_t from;
    int ncategories;
    struct nic_category categories[NIC_MAX_CATEGORIES];
};

struct nic_rates {
    int year;
    int64_t thresholds[NIC_PERIOD_KINDS][NIC_THRESHOLD_COUNT]; /* pence */
    int nsets;
    struct nic_rate_set sets[NIC_MAX_RATE_SETS];
};

/* ---- National Living Wage / National Minimum Wage ------------------------------------------ */

#define NMW_MAX_BANDS 6

struct nmw_band {
    int min_age;          /* this rate applies from this age (up to the next band's) */
    int64_t hourly;       /* pence an hour */
    char name[40];        /* "National Living Wage (21 and over)" */
};

/* The rates in force from `from` (1 April each year: the minimum wage year is not the tax year). */
struct nmw_rates {
    day_t from;
    int nbands;
    struct nmw_band bands[NMW_MAX_BANDS]; /* highest min_age first; the last has min_age 0 */
    int64_t apprentice_hourly;            /* apprentices under 19, or in their first year */
};

/* ---- automatic enrolment ------------------------------------------------------------------- */

struct ae_rates {
    /* Per pay frequency (date.h order) and NIC_ANNUAL: the Pensions Regulator's table. */
    int64_t lower[NIC_PERIOD_KINDS];    /* lower level of qualifying earnings */
    int64_t trigger[NIC_PERIOD_KINDS];  /* earnings trigger for automatic enrolment */
    int64_t upper[NIC_PERIOD_KINDS];    /* upper level of qualifying earnings */
    int32_t employer_min_bp;            /* 300: 3% of qualifying earnings */
    int32_t total_min_bp;               /* 800: 8% in all, so the worker pays at least 5% */
    int min_age_eligible;               /* 22: eligible jobholders are 22 to State Pension age */
    int min_age_worker;                 /* 16 */
    int max_age_worker;                 /* 74: jobholders and entitled workers are under 75 */
};

/* ---- Statutory Sick Pay -------------------------------------------------------------------- */

struct ssp_rates {
    day_t from;                   /* 6 April */
    int64_t weekly_rate;          /* pence */
    int64_t lower_earnings_limit; /* average weekly earnings must reach this; 0 = no earnings test */
    int waiting_days;             /* unpaid qualifying days at the start of a linked PIW (3; 0 from
                                     6 April 2026) */
    int32_t awe_cap_bp;           /* 0 = none; 8000: pay the lower of the rate and 80% of AWE */
    int max_weeks;                /* 28 weeks of SSP in one linked period of incapacity */
    int piw_min_days;             /* 4 or more days in a row make a period of incapacity for work */
    int link_days;                /* PIWs separated by this many days or fewer link (56) */
};

/* ---- holiday ------------------------------------------------------------------------------- */

struct holiday_rates {
    int32_t weeks_hundredths;         /* 560: 5.6 weeks a year */
    int32_t cap_days_hundredths;      /* 2800: statutory entitlement capped at 28 days */
    int32_t irregular_accrual_bp;     /* 1207: 12.07% of hours worked */
    day_t irregular_from;             /* leave years starting on or after 1 April 2024 */
};

/* ---- one tax year -------------------------------------------------------------------------- */

struct payroll_rates {
    int year;
    struct paye_rates paye;
    struct nic_rates nic;
    int64_t employment_allowance;     /* pence a year */
    struct nmw_rates nmw;
    struct ae_rates ae;
    struct ssp_rates ssp;
    struct holiday_rates holiday;
};

#endif
