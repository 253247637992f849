/*
 * charging.h — the financial assessment for care and support at home (the Care and Support
 * (Charging and Assessment of Resources) Regulations 2014, SI 2014/2672, and Annex C of the Care and
 * Support Statutory Guidance): how much a person pays each week towards the care the council
 * arranges for them, and why, line by line.
 *
 * The rule, in the order charging_assess applies it (docs/charging.md has every source):
 *   1. Capital above the upper limit (£23,250, or a higher local limit): the person pays the full
 *      weekly cost of care, and nothing else is assessed.
 *   2. Tariff income: £1 a week for every £250, or part of £250, of capital above the lower limit
 *      (£14,250, or a higher local limit). Half of capital held jointly counts.
 *   3. Income: each item counted in full, except earnings and the mobility components of DLA and PIP
 *      (disregarded), and the higher rate of AA / DLA care / PIP daily living when the council's
 *      night-care rule disregards the difference from the lower rate. A jointly received item
 *      counts half. Monthly amounts become weekly as x 12 / 52 (rounded as below).
 *   4. Deductions: the Minimum Income Guarantee (by tax year, category, age band, children and
 *      premiums, plus any council uplift, or a figure given outright), housing costs and
 *      disability-related expenditure (itemised, or the council's standard allowance).
 *   5. Disposable income = income + tariff - deductions; the council takes its share (100% unless
 *      set lower), floored at 0, capped at the weekly cost of care; a charge below the council's
 *      minimum charge becomes 0.
 *
 * Roundings: every fraction of a penny goes in the person's favour (reg 11, "Rounding of
 * fractions"): income converted from monthly and half of a joint item round down, deductions
 * converted from monthly and a percentage uplift of the MIG round up, the council's share of
 * disposable income rounds down. A council that converts monthly amounts to the nearest penny
 * instead (the convention the brief records from one council) sets monthly_nearest_penny.
 *
 * Pure: no I/O, no clock, no globals. Rates come in as a struct (src/io/charging_rates.h loads the
 * data files); council choices come in as struct charging_settings. Every figure the calculation
 * needs and the rates do not have is refused with a message naming what is missing, never guessed.
 * All strings in a result are allocated from the arena the caller passes; they live until it is
 * released.
 */
#ifndef SELFDIRECT_DOMAIN_CHARGING_H
#define SELFDIRECT_DOMAIN_CHARGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

/* ---- income kinds ------------------------------------------------------------------------------
 * A fixed list, because the disregards depend on the kind. Names are the JSON spellings. */
enum charging_income_kind {
    CHARGING_INCOME_UNIVERSAL_CREDIT,
    CHARGING_INCOME_ESA,
    CHARGING_INCOME_STATE_PENSION,
    CHARGING_INCOME_PENSION_CREDIT,
    CHARGING_INCOME_PRIVATE_PENSION,
    CHARGING_INCOME_PIP_DAILY_LIVING_STANDARD,
    CHARGING_INCOME_PIP_DAILY_LIVING_ENHANCED,
    CHARGING_INCOME_PIP_MOBILITY_STANDARD,
    CHARGING_INCOME_PIP_MOBILITY_ENHANCED,
    CHARGING_INCOME_AA_LOWER,
    CHARGING_INCOME_AA_HIGHER,
    CHARGING_INCOME_DLA_CARE_HIGHEST,
    CHARGING_INCOME_DLA_CARE_MIDDLE,
    CHARGING_INCOME_DLA_CARE_LOWEST,
    CHARGING_INCOME_DLA_MOBILITY_HIGHER,
    CHARGING_INCOME_DLA_MOBILITY_LOWER,
    CHARGING_INCOME_OTHER,
    CHARGING_INCOME_EARNINGS,
    CHARGING_INCOME_KIND_COUNT
};

const char *charging_income_kind_name(enum charging_income_kind k);  /* "pip_mobility_standard" */
const char *charging_income_kind_label(enum charging_income_kind k); /* for people */
/* 0, or ERR_NOT_FOUND when s is not one of the names. */
int charging_income_kind_parse(const char *s, enum charging_income_kind *out);
/* The names joined with ", " (for error messages that list what is allowed). */
const char *charging_income_kind_list(void);

/* ---- rates (one tax year) ----------------------------------------------------------------------- */

/* How sure the data file is of a figure. The brief marks derived figures [D] and unconfirmed ones
 * with a warning; a result that used one says so in its warnings. */
enum charging_figure_status {
    CHARGING_FIGURE_PUBLISHED,
    CHARGING_FIGURE_DERIVED,            /* [D]: worked out from published figures */
    CHARGING_FIGURE_UNVERIFIED,         /* from a news report or memory: confirm before relying */
    CHARGING_FIGURE_DERIVED_UNVERIFIED, /* both */
};

struct charging_figure {
    bool known; /* false: no published figure was found; a calculation that needs it refuses */
    int64_t pence;
    enum charging_figure_status status;
};

enum charging_category {
    CHARGING_SINGLE,
    CHARGING_LONE_PARENT,
    CHARGING_COUPLE, /* a member of a couple: the MIG amounts are per member */
    CHARGING_CATEGORY_COUNT
};
const char *charging_category_name(enum charging_category c);
int charging_category_parse(const char *s, enum charging_category *out);

enum charging_premium {
    CHARGING_PREMIUM_DISABILITY,
    CHARGING_PREMIUM_ENHANCED_DISABILITY,
    CHARGING_PREMIUM_CARER,
    CHARGING_PREMIUM_DISABLED_CHILD,
    CHARGING_PREMIUM_COUNT
};
const char *charging_premium_name(enum charging_premium p); /* "enhanced_disability" */
int charging_premium_parse(const char *s, enum charging_premium *out);

struct charging_rates {
    int tax_year; /* 2025 for 2025-26 */
    struct charging_figure capital_lower;   /* £14,250 */
    struct charging_figure capital_upper;   /* £23,250 */
    struct charging_figure tariff_step;     /* £250: each step or part of one above the lower limit */
    struct charging_figure tariff_per_step; /* £1 a week */
    /* Pension credit qualifying age in whole years during this tax year. Below min: not reached;
     * at or above max: reached; between (while the age rises from 66 to 67) the input must say.
     * 0 when the data file does not give it. */
    int pension_credit_age_min, pension_credit_age_max;
    struct charging_figure mig_single_18_24;
    struct charging_figure mig_single_25_to_pc_age;
    struct charging_figure mig_single_pc_age;
    struct charging_figure mig_lone_parent_18_plus;     /* under pension credit age */
    struct charging_figure mig_couple_18_plus_each;     /* under pension credit age */
    struct charging_figure mig_couple_pc_age_each;
    struct charging_figure per_child;                   /* each dependent child in the household */
    struct charging_figure premium_single[CHARGING_PREMIUM_COUNT]; /* single and lone parent */
    struct charging_figure premium_couple[CHARGING_PREMIUM_COUNT];
    /* Published weekly rate of each disability benefit, by income kind (others unknown). The
     * night-care rule needs the higher and the lower rate of AA, DLA care and PIP daily living. */
    struct charging_figure benefit[CHARGING_INCOME_KIND_COUNT];
};

/* All figures unknown, tax_year set. */
void charging_rates_init(struct charging_rates *r, int tax_year);

/* ---- council settings --------------------------------------------------------------------------- */

/* For the higher rate of AA, the highest rate of DLA care and the enhanced rate of PIP daily living,
 * what the council disregards (brief 3.1, "Night-care rule"). */
enum charging_night_care_rule {
    CHARGING_NIGHT_CARE_NONE,                  /* counted in full */
    CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE,
    CHARGING_NIGHT_CARE_WHOLE_ENHANCED,        /* the higher-minus-lower element, always (Lincolnshire) */
};
const char *charging_night_care_rule_name(enum charging_night_care_rule r);
int charging_night_care_rule_parse(const char *s, enum charging_night_care_rule *out);

enum charging_mig_uplift {
    CHARGING_UPLIFT_NONE,
    CHARGING_UPLIFT_PERCENT, /* mig_uplift in basis points: 1000 = 10% */
    CHARGING_UPLIFT_FLAT,    /* mig_uplift in pence a week */
};

/* One council's charging choices, in force from effective_from to effective_to (inclusive; no end
 * when has_end is false). A council keeps a list of these; charging_settings_in_force picks one. */
struct charging_settings {
    day_t effective_from;
    day_t effective_to;
    bool has_end;
    enum charging_night_care_rule night_care;
    enum charging_mig_uplift uplift_kind;
    int64_t mig_uplift;
    int64_t minimum_charge;          /* pence; a charge below this becomes 0; 0 = no minimum */
    int64_t share_of_disposable_bp;  /* basis points of disposable income taken; 10000 = 100% */
    int64_t capital_lower;           /* pence; 0 = the statutory limit. Only higher is allowed. */
    int64_t capital_upper;           /* pence; 0 = the statutory limit. Only higher is allowed. */
    int64_t dre_standard_allowance;  /* pence a week used when no DRE is itemised; 0 = none */
    bool monthly_nearest_penny;      /* monthly x 12 / 52 to the nearest penny, not the person's way */
};

/* The statutory minimum: no local choices, 100% of disposable income, open-ended from 1970. */
void charging_settings_init(struct charging_settings *s);
/* The settings in force on `on` (the latest effective_from not after it whose end, if any, is not
 * before it), or NULL if none is. */
const struct charging_settings *charging_settings_in_force(const struct charging_settings *list,
                                                           size_t n, day_t on);

/* ---- one assessment ----------------------------------------------------------------------------- */

struct charging_income {
    enum charging_income_kind kind;
    int64_t amount;  /* pence, weekly unless monthly */
    bool monthly;
    bool joint;      /* received jointly with one other person: half counts */
    const char *description; /* optional words shown after the kind ("lodger's rent"), or NULL */
};

/* A housing cost or an item of disability-related expenditure: `kind` is a free label. */
struct charging_cost {
    const char *kind;
    int64_t amount;
    bool monthly;
};

enum charging_tristate { CHARGING_UNSAID = -1, CHARGING_NO = 0, CHARGING_YES = 1 };

struct charging_input {
    int tax_year;
    int age;
    enum charging_tristate pension_credit_age_reached; /* needed only when the age is ambiguous */
    enum charging_category category;
    int children;                   /* dependent children in the household */
    int64_t weekly_cost_of_care;
    int64_t capital;                /* the person's own capital, not disregarded */
    int64_t joint_capital;          /* capital held jointly with one other person: half counts */
    const struct charging_income *income;
    size_t nincome;
    const struct charging_cost *housing;
    size_t nhousing;
    const struct charging_cost *dre;
    size_t ndre;
    enum charging_tristate receives_night_care; /* needed only when the night-care rule asks */
    bool has_mig_weekly;            /* the MIG given outright: no rates, premiums or uplift used */
    int64_t mig_weekly;
    const enum charging_premium *premiums;
    size_t npremiums;
    struct charging_settings settings;
};

/* Zeroes *in, sets the tristates to UNSAID, category single and statutory settings. */
void charging_input_init(struct charging_input *in);

struct charging_line {
    const char *label;  /* plain English */
    int64_t weekly;     /* pence; deductions are negative */
};

struct charging_result {
    int64_t weekly_contribution;
    bool full_cost;            /* capital above the upper limit */
    int64_t capital_counted;
    int64_t tariff_income;
    int64_t income_counted;    /* assessable income including tariff income */
    int64_t mig;
    int64_t housing;
    int64_t dre;
    int64_t disposable_income; /* may be negative */
    struct charging_line *lines;
    size_t nlines;
    const char **warnings;     /* figures used that the data marks derived or unverified */
    size_t nwarnings;
};

/* Works out the weekly contribution. rates must be for in->tax_year. 0, or a negative ERR_* with e
 * naming the input field at fault (ERR_INVALID), a figure the rates lack (ERR_UNSUPPORTED), an
 * overflow (ERR_RANGE) or ERR_NOMEM. */
int charging_assess(const struct charging_rates *rates, const struct charging_input *in,
                    struct arena *a, struct charging_result *out, struct err *e);

/* Tariff income on counted capital: tariff_per_step for every tariff_step or part of one above
 * lower (0 at or below it). Exposed for tests and for the pages that explain it. */
int charging_tariff_income(int64_t capital, int64_t lower, int64_t step, int64_t per_step,
                           int64_t *out);

#endif
