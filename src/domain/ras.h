/*
 * ras.h — the resource allocation system: from a person's assessment answers to an indicative
 * personal budget, with every step written down so the person can see how it was worked out
 * (Care and Support Statutory Guidance 11.24: transparent, timely, sufficient; R (KM) v
 * Cambridgeshire [2012] UKSC 23: a RAS is only a starting point and the council must explain its
 * figure). Pure functions: no store, no clock, no files. A configuration comes from
 * io/ras_config.h (or from a store that keeps its text), answers from io/ras_answers.h or a page.
 *
 * The calculation, in this order (docs/ras.md says the same for councils):
 *   1. Each answer scores the points the configuration gives it. Unanswered optional questions
 *      score 0. A domain's points are the sum of its answers, capped at its max_points if it has
 *      one.
 *   2. Carer adjustment: in a domain marked carer_adjustable, where a carer who is willing and able
 *      to keep helping gives support at a configured level, the domain's points are reduced by the
 *      level's percentage. The reduction is rounded DOWN to a whole point (so rounding never takes
 *      a point off the person).
 *   3. Points adjustments (fixed points for risk or complexity) are added: total points.
 *   4. Pricing: price_per_point × total points (exact, in pence), or the weekly amount of the band
 *      the total falls in.
 *   5. Percentage adjustments are each worked out on the step-4 amount (they do not compound),
 *      rounded to the nearest penny, halves up; weekly-amount adjustments are added as they are.
 *   6. Contingency: contingency_percent of the step-5 amount, nearest penny, halves up.
 *   7. Rounding of the weekly figure as configured: to the penny (nothing to do), up to the whole
 *      pound, or to the nearest whole pound (halves up).
 *   8. Limits: a figure below weekly_minimum is raised to it; above weekly_maximum it is capped
 *      (and the warning says needs above the limit go to the council's exceptional-needs route).
 *      A negative figure (possible only with negative adjustments) is raised to the minimum.
 *   9. Annual = weekly × 52 (RAS_ANNUAL_WEEKS). Both are shown. 52 rather than 52.14 because a
 *      budget is paid and planned in whole weeks; the 53rd pay week of some years is met by the
 *      plan, not the indicative figure.
 * Money is int64 pence throughout, points are whole numbers, percentages are hundredths of a
 * percent ("basis points": 250 = 2.5%); no floating point anywhere.
 *
 * Before anything is calculated the answers are checked against the configuration and every
 * problem is listed as a flag (unknown questions, answers not in the configuration, required
 * questions left unanswered, the configuration's consistency rules, carer and adjustment choices
 * that do not fit). A result with flags is refused: it carries the flags and no figures.
 *
 * A worker override (ras_override) is a new result that keeps the calculated figure beside the
 * overriding one, with the reason, so both can be shown to the person.
 *
 * Memory: results and their strings live in the arena the caller passes; they point into the
 * configuration, which must outlive them.
 */
#ifndef SELFDIRECT_DOMAIN_RAS_H
#define SELFDIRECT_DOMAIN_RAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

#define RAS_ANNUAL_WEEKS 52
#define RAS_ID_MAX 40 /* ids are [a-z0-9_], 1..40 characters */

enum ras_pricing {
    RAS_PRICE_PER_POINT = 1,
    RAS_PRICE_BANDS,
};

enum ras_adj_kind {
    RAS_ADJ_POINTS = 1, /* value is whole points, added before pricing */
    RAS_ADJ_PERCENT,    /* value is basis points of the priced weekly amount */
    RAS_ADJ_WEEKLY,     /* value is pence a week */
};

enum ras_adj_category {
    RAS_CAT_RISK = 1,
    RAS_CAT_COMPLEXITY,
    RAS_CAT_OTHER,
};

enum ras_rounding {
    RAS_ROUND_PENNY = 0,
    RAS_ROUND_POUND_UP,
    RAS_ROUND_POUND_NEAREST,
};

enum ras_rule_kind {
    RAS_RULE_THEN_NOT = 1, /* if A is one of X, B must not be one of Y */
    RAS_RULE_THEN_ONLY,    /* if A is one of X, B (when answered) must be one of Y */
};

struct ras_option {
    const char *id;
    const char *text;
    int64_t points; /* 0..1000 */
};

struct ras_question {
    const char *id;
    const char *text;
    const char *help; /* NULL when none */
    bool required;
    struct ras_option *options;
    size_t noptions;
};

struct ras_domain {
    const char *id;
    const char *title;
    const char *help;
    bool carer_adjustable;
    int64_t max_points; /* 0 = no cap */
    struct ras_question *questions;
    size_t nquestions;
};

struct ras_band {
    int64_t from_points;
    int64_t to_points; /* -1 for the last band: "and above" */
    int64_t weekly;    /* pence */
};

struct ras_carer_level {
    const char *id;
    const char *text;
    int64_t reduction_percent; /* 0..100, whole percent */
};

/* A question and some of its answers, resolved to indices into the configuration. */
struct ras_answer_set {
    size_t domain;
    size_t question;
    size_t *options;
    size_t noptions;
};

struct ras_adjustment {
    const char *id;
    const char *title;
    const char *explanation; /* NULL when none */
    enum ras_adj_category category;
    enum ras_adj_kind kind;
    int64_t value;            /* points, basis points or pence, by kind */
    bool automatic;           /* applied when `when` matches; otherwise chosen by the assessor */
    struct ras_answer_set when;
};

struct ras_rule {
    const char *id;
    const char *message; /* what the person or worker should check, in plain words */
    struct ras_answer_set if_answers;
    enum ras_rule_kind kind;
    struct ras_answer_set then_answers;
};

struct ras_config {
    const char *council_code;
    const char *council_name;
    const char *version;
    const char *title; /* NULL when none */
    day_t effective_from;
    bool has_effective_to;
    day_t effective_to; /* inclusive */
    enum ras_pricing pricing;
    int64_t price_per_point; /* pence, RAS_PRICE_PER_POINT */
    struct ras_band *bands;  /* RAS_PRICE_BANDS: contiguous from 0, ascending */
    size_t nbands;
    int64_t weekly_minimum;
    int64_t weekly_maximum;
    int64_t contingency_bp;
    enum ras_rounding rounding;
    struct ras_carer_level *carer_levels;
    size_t ncarer_levels;
    struct ras_adjustment *adjustments;
    size_t nadjustments;
    struct ras_domain *domains;
    size_t ndomains;
    struct ras_rule *rules;
    size_t nrules;
};

/* ---- answers ----------------------------------------------------------------------------- */

struct ras_given {
    const char *question; /* "domain_id.question_id" */
    const char *answer;   /* an answer id */
};

struct ras_carer_given {
    const char *domain; /* a domain id */
    const char *level;  /* a carer level id */
};

struct ras_answers {
    const char *reference;    /* optional label (a test case, an assessment id); NULL when none */
    const char *council_code; /* optional; flagged when it is not the configuration's */
    day_t assessment_date;
    const struct ras_given *answers;
    size_t nanswers;
    bool carer_willing_and_able;
    const struct ras_carer_given *carer;
    size_t ncarer;
    const char *const *adjustments; /* ids of adjustments the assessor chose */
    size_t nadjustments;
};

enum ras_flag_kind {
    RAS_FLAG_UNKNOWN_QUESTION = 1,
    RAS_FLAG_UNKNOWN_ANSWER,
    RAS_FLAG_DUPLICATE,
    RAS_FLAG_UNANSWERED,
    RAS_FLAG_INCONSISTENT,
    RAS_FLAG_CARER_UNKNOWN_DOMAIN,
    RAS_FLAG_CARER_NOT_ADJUSTABLE,
    RAS_FLAG_CARER_UNKNOWN_LEVEL,
    RAS_FLAG_CARER_NOT_WILLING,
    RAS_FLAG_UNKNOWN_ADJUSTMENT,
    RAS_FLAG_AUTOMATIC_ADJUSTMENT,
    RAS_FLAG_COUNCIL_MISMATCH,
};

struct ras_flag {
    enum ras_flag_kind kind;
    const char *subject; /* the question key, domain, adjustment or rule id concerned */
    const char *message; /* plain English: what is wrong and what to check */
};

const char *ras_flag_kind_name(enum ras_flag_kind k); /* "unknown_question", ... */

/* ---- results ----------------------------------------------------------------------------- */

struct ras_answer_line {
    size_t domain, question;
    bool answered;
    size_t option;  /* valid when answered */
    int64_t points; /* 0 when unanswered */
};

struct ras_domain_line {
    size_t domain;
    int64_t points_answers;  /* sum of its answers */
    int64_t points_capped;   /* after max_points */
    const struct ras_carer_level *carer; /* NULL: no carer adjustment here */
    int64_t carer_reduction; /* points taken off for the carer's support */
    int64_t points;          /* what the domain contributes to the total */
};

struct ras_adjustment_line {
    const struct ras_adjustment *adj;
    int64_t points; /* RAS_ADJ_POINTS: points added (may be negative) */
    int64_t weekly; /* RAS_ADJ_PERCENT / RAS_ADJ_WEEKLY: pence a week added (may be negative) */
};

enum ras_limit {
    RAS_LIMIT_NONE = 0,
    RAS_LIMIT_MINIMUM, /* raised to the floor */
    RAS_LIMIT_MAXIMUM, /* capped */
};

struct ras_result {
    const struct ras_config *config;
    day_t assessment_date;

    /* Refused: the flags, and nothing below is filled in. */
    bool refused;
    const struct ras_flag *flags;
    size_t nflags;

    const struct ras_answer_line *answers; /* every question, in configuration order */
    size_t nanswers;
    const struct ras_domain_line *domains; /* every domain, in configuration order */
    size_t ndomains;
    const struct ras_adjustment_line *adjustments; /* those applied, in configuration order */
    size_t nadjustments;

    int64_t points_answers;      /* step 1 before domain caps */
    int64_t points_capped;       /* points lost to domain caps (>= 0) */
    int64_t points_carer;        /* points taken off for carers (>= 0) */
    int64_t points_adjustments;  /* step 3 */
    int64_t points_total;

    const struct ras_band *band; /* RAS_PRICE_BANDS */
    int64_t weekly_priced;       /* step 4 */
    int64_t weekly_adjustments;  /* step 5 */
    int64_t contingency;         /* step 6 */
    int64_t rounding;            /* step 7: pence added by rounding (>= 0 except pound-nearest) */
    int64_t weekly_before_limits;
    enum ras_limit limit;
    int64_t weekly_calculated;   /* step 8 */
    int64_t annual_calculated;   /* step 9 */

    bool overridden;
    int64_t weekly_override;
    int64_t annual_override;
    const char *override_reason;
    const char *override_by;

    int64_t weekly; /* the figure that stands: the override when there is one */
    int64_t annual;

    /* The derivation in plain sentences for the person, in order; warnings for the worker (and
     * the person) that do not stop the calculation. */
    const char **derivation;
    size_t nderivation;
    const char **warnings;
    size_t nwarnings;
};

/* ---- functions --------------------------------------------------------------------------- */

bool ras_config_in_force(const struct ras_config *cfg, day_t day);
/* Index of the domain / question named "domain.question" / option, or -1. */
int ras_find_domain(const struct ras_config *cfg, const char *id);
int ras_find_question(const struct ras_config *cfg, const char *key, size_t *domain,
                      size_t *question);
int ras_find_option(const struct ras_question *q, const char *id);
int ras_find_carer_level(const struct ras_config *cfg, const char *id);
int ras_find_adjustment(const struct ras_config *cfg, const char *id);
/* The most points the answers can score (after domain caps, before adjustments). */
int64_t ras_max_points(const struct ras_config *cfg);
/* Weekly price of a points total before adjustments, contingency and limits. */
int ras_price_points(const struct ras_config *cfg, int64_t points, int64_t *weekly,
                     const struct ras_band **band, struct err *e);

/* Checks the answers against the configuration; every problem becomes a flag (arena a). Returns 0
 * whether or not there are flags; an error only for lack of memory. */
int ras_check_answers(const struct ras_config *cfg, const struct ras_answers *ans, struct arena *a,
                      const struct ras_flag **flags, size_t *nflags, struct err *e);

/* Calculates. Returns:
 *   0 with *out filled;
 *   ERR_INVALID with *out NULL when the assessment date is outside the configuration's dates
 *     (field "assessment_date");
 *   ERR_INVALID with *out a refused result carrying the flags, when the answers were flagged;
 *   ERR_RANGE when a figure overflows (a broken configuration), ERR_NOMEM. */
int ras_calculate(const struct ras_config *cfg, const struct ras_answers *ans, struct arena *a,
                  struct ras_result **out, struct err *e);

/* A worker's override of a calculated result: a new result with weekly_override (pence, >= 0)
 * and the reason (required, not blank) and who made it (may be NULL). The calculated figures
 * are kept. Overriding a refused result is refused. */
int ras_override(const struct ras_result *calc, int64_t weekly, const char *reason,
                 const char *by, struct arena *a, struct ras_result **out, struct err *e);

/* "5", "2.5", "12.75", "-10": basis points written as a percentage without trailing zeros. */
size_t ras_percent_format(int64_t bp, char *out, size_t outsz);

#endif
