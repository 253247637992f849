/*
 * plan.h — a support plan the person writes (alone or with the help they choose), its costing
 * against the budget, its warnings, and its versions (Care Act 2014 s.24-25; brief §2.7, §7.1,
 * §7.5).
 *
 * A plan has the sections a self-written plan needs (about me; what matters to me; outcomes; how
 * I will use my budget; who will help; how I will manage my money; what happens if things go wrong;
 * risks), a list of outcomes in the person's words, and plan lines. A line can be anything lawful
 * that meets an outcome: PA hours, agency hours, a day opportunity, an activity or membership (a
 * gym, a class), equipment or a one-off purchase, transport, respite, a community group at no cost,
 * or something else. Each line links to the outcomes it serves and says how it is managed (direct
 * payment, council-managed or ISF) so the plan can be checked against the person's chosen split.
 *
 * Costing (plan_cost), with rounding stated once here and nowhere else:
 *   - one occurrence of a line: hours lines (PA, agency) quantity is minutes and unit_cost pence an
 *     hour: cost = unit_cost x minutes / 60, nearest penny, halves up; other lines: unit_cost x
 *     quantity (exact);
 *   - PA lines are costed at the true employer cost (pa_cost.h) from the hours a year; the
 *     employer-wide Employment Allowance is used up line by line in plan order, and the liability
 *     insurance premium is carried once, by the first PA line;
 *   - a line's year: occurrence x 52 (weekly), 13 (every 4 weeks), 12 (monthly) or 1 (yearly),
 *     exact; one-off lines are not part of the year's running cost but a separate one-off total;
 *   - plan totals: the running annual total is the exact sum of the lines' years; weekly = annual
 *     / 52 and four-weekly = annual / 13, nearest penny, halves up (each line's weekly and
 *     four-weekly are worked out the same way for display, so they may not add up to the total by
 *     a penny or two; the annual figure is the one that counts);
 *   - against the budget: one-offs are met first from the one-off allowance (set-up money agreed
 *     separately), any excess from the annual budget: spend = running annual + excess one-offs.
 *
 * Warnings never stop a plan being saved; they are shown to whoever is writing it: over budget;
 * a line that meets no outcome; an outcome no line meets; PA pay below the legal minimum for the
 * PA's age on the date (payroll's minimum wage tables; the NLW when the age is not known; under
 * 16s have no minimum); a plan made only of agency hours or
 * other traditional services; more planned on one way of managing the money than the person chose
 * for it; no contingency written.
 *
 * "Traditional" (for reports: the Essex study found plans written as hours of traditional care):
 * agency (home care) hours, and day opportunities that are day-centre places (line.day_centre).
 *
 * Versions and locking: a plan is one version of the person's plan. Drafts are saved as
 * revisions; a save names the revision it was based on, and a save based on an older revision is
 * refused (nobody's edit silently overwrites another's). Once signed off (against an approval of
 * its exact content hash, plan_hash) a version is locked: changes make a new version
 * (plan_new_version), and the signed-off one stays in the history.
 *
 * Pure functions: no store, no clock (dates come in), no files. Results live in the caller's arena
 * and point into the plan, which must outlive them.
 */
#ifndef SELFDIRECT_DOMAIN_PLAN_H
#define SELFDIRECT_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/choice.h"
#include "domain/pa_cost.h"
#include "domain/signoff.h"

struct arena;
struct err;
struct buf;
struct nmw_rates;

enum plan_section {
    PLAN_SEC_ABOUT_ME = 0,
    PLAN_SEC_WHAT_MATTERS,
    PLAN_SEC_OUTCOMES,
    PLAN_SEC_BUDGET_USE,
    PLAN_SEC_WHO_HELPS,
    PLAN_SEC_MANAGING_MONEY,
    PLAN_SEC_CONTINGENCY,
    PLAN_SEC_RISKS,
    PLAN_SECTION_COUNT
};

enum plan_line_kind {
    PLAN_LINE_PA_HOURS = 0,
    PLAN_LINE_AGENCY_HOURS,
    PLAN_LINE_DAY_OPPORTUNITY,
    PLAN_LINE_ACTIVITY,       /* activity or membership: a gym, a personal trainer, a class */
    PLAN_LINE_EQUIPMENT,      /* equipment or a one-off purchase */
    PLAN_LINE_TRANSPORT,
    PLAN_LINE_RESPITE,
    PLAN_LINE_COMMUNITY_FREE, /* a community group at no cost */
    PLAN_LINE_OTHER,
    PLAN_LINE_KIND_COUNT
};

enum plan_frequency {
    PLAN_FREQ_WEEKLY = 0,
    PLAN_FREQ_FOUR_WEEKLY,
    PLAN_FREQ_MONTHLY,
    PLAN_FREQ_YEARLY,
    PLAN_FREQ_ONE_OFF,
    PLAN_FREQUENCY_COUNT
};

/* Who planned, and who helped. */
enum plan_helper_kind {
    PLAN_BY_SELF = 0,
    PLAN_BY_FAMILY,
    PLAN_BY_ULO,        /* a user-led organisation */
    PLAN_BY_OTHER_ORG,
    PLAN_BY_WORKER,
    PLAN_HELPER_KIND_COUNT
};

enum plan_status {
    PLAN_DRAFT = 0,
    PLAN_SUBMITTED,   /* sign-off asked for; still editable, but an edit makes the request stale */
    PLAN_SIGNED_OFF,  /* locked */
    PLAN_SUPERSEDED,  /* a later version was signed off */
    PLAN_STATUS_COUNT
};

struct plan_outcome {
    const char *id;   /* stable within the plan: lines link to it */
    const char *text; /* in the person's words */
};

struct plan_line {
    const char *id;
    enum plan_line_kind kind;
    const char *description;
    enum plan_frequency frequency;
    int64_t quantity;   /* minutes for PA and agency hours; otherwise a count of units */
    int64_t unit_cost;  /* pence: an hour for hours lines, a unit otherwise */
    const char *const *outcomes; /* ids of the outcomes this line serves */
    size_t noutcomes;
    enum choice_option managed_by;
    const char *provider; /* agency, venue, supplier: may be NULL */
    const char *reference; /* what the provider puts on bank statements (matching): may be NULL */
    bool day_centre;      /* a day opportunity that is a day-centre place (traditional) */
    /* PA lines */
    const char *pa_name;  /* one line per PA: NI and pension are per employee */
    bool pa_born_known;
    day_t pa_born;
    enum pa_pension pa_pension;
};

struct plan_helper {
    enum plan_helper_kind kind;
    const char *name; /* "my sister Ann", "Disability Action North" */
};

struct plan {
    const char *id;
    const char *person_ref;
    int version;   /* 1, 2, ...: a signed-off version is locked; changes make the next */
    int revision;  /* saves of this version, for conflict detection */
    enum plan_status status;
    day_t start_date;
    bool has_review_date;
    day_t review_date;
    const char *sections[PLAN_SECTION_COUNT]; /* NULL or text */
    enum plan_helper_kind planned_by;         /* who led the planning */
    const struct plan_helper *helpers;        /* who helped, if anyone */
    size_t nhelpers;
    const struct plan_outcome *outcomes;
    size_t noutcomes;
    const struct plan_line *lines;
    size_t nlines;
    const char *previous_hash; /* the signed-off version this one replaces; NULL for the first */
};

const char *plan_section_id(enum plan_section s);         /* "about_me", ... */
const char *plan_section_title(enum plan_section s);      /* "About me", ... */
const char *plan_line_kind_id(enum plan_line_kind k);     /* "pa_hours", ... */
const char *plan_line_kind_title(enum plan_line_kind k);  /* "PA hours", ... */
int plan_line_kind_parse(const char *s, enum plan_line_kind *k);
const char *plan_frequency_id(enum plan_frequency f);     /* "weekly", "four_weekly", ... */
const char *plan_frequency_title(enum plan_frequency f);  /* "every week", ... */
int plan_frequency_parse(const char *s, enum plan_frequency *f);
const char *plan_helper_kind_id(enum plan_helper_kind k); /* "self", "family", "ulo", ... */
const char *plan_helper_kind_title(enum plan_helper_kind k);
int plan_helper_kind_parse(const char *s, enum plan_helper_kind *k);
const char *plan_status_id(enum plan_status s);           /* "draft", "submitted", ... */
bool plan_line_is_hours(enum plan_line_kind k);           /* PA and agency hours */
/* Is this line "traditional" (agency hours, or a day-centre place)? */
bool plan_line_is_traditional(const struct plan_line *l);
/* Occurrences a year (52, 13, 12, 1) or 0 for one-off. */
int plan_frequency_per_year(enum plan_frequency f);

/* Structural checks: ids present and unique, outcome links to outcomes in the plan, quantities and
 * costs not negative, a community group at no cost has no cost, PA lines recur and have one line
 * per PA. The first problem is reported with the field (e.g. "lines[2].unit_cost"). */
int plan_validate(const struct plan *p, struct err *e);

/* ---- costing ----------------------------------------------------------------------------------- */

struct plan_costing_input {
    day_t on;                             /* the date rates and ages are taken on */
    int64_t budget_annual;                /* pence a year */
    int64_t one_off_allowance;            /* pence agreed separately for one-off costs; may be 0 */
    const struct pa_cost_rates *pa_rates; /* required when the plan has PA lines */
    const struct nmw_rates *nmw;          /* payroll's minimum wage tables, every year loaded */
    size_t nnmw;                          /* (payroll_rates_load_nmw_all); 0: not checked (warned) */
    bool has_split;                       /* the person's chosen split (choice.h) */
    int64_t split[CHOICE_OPTION_COUNT];   /* pence a year by way of managing */
};

enum plan_warning_kind {
    PLAN_WARN_OVER_BUDGET = 1,
    PLAN_WARN_NO_OUTCOME,          /* a line meets no outcome */
    PLAN_WARN_OUTCOME_UNMET,       /* an outcome no line meets */
    PLAN_WARN_BELOW_MIN_WAGE,      /* PA pay below the legal minimum */
    PLAN_WARN_MIN_WAGE_UNCHECKED,  /* no minimum wage table for the date */
    PLAN_WARN_ONLY_TRADITIONAL,    /* only agency hours / day-centre places */
    PLAN_WARN_OVER_SPLIT,          /* more on one way of managing than chosen for it */
    PLAN_WARN_NO_CONTINGENCY,
};

struct plan_warning {
    enum plan_warning_kind kind;
    int line;          /* index into plan lines, or -1 */
    int outcome;       /* index into plan outcomes, or -1 */
    const char *message; /* plain English for the person writing the plan */
};

struct plan_line_cost {
    const struct plan_line *line;
    int64_t occurrence;  /* one week's / four weeks' / month's / year's / the one-off cost */
    int64_t annual;      /* 0 for one-off */
    int64_t weekly;      /* annual / 52 */
    int64_t four_weekly; /* annual / 13 */
    int64_t one_off;     /* one-off lines only */
    bool traditional;
    const struct pa_cost_result *pa; /* PA lines */
    int64_t min_wage;    /* PA lines: the legal minimum used, or -1 when unchecked */
    const char *explanation;
};

struct plan_costing {
    struct plan_line_cost *lines; /* one per plan line, same order */
    size_t nlines;
    int64_t annual;             /* running cost, the exact sum of lines' years */
    int64_t weekly;             /* annual / 52 */
    int64_t four_weekly;        /* annual / 13 */
    int64_t one_off;            /* sum of one-off lines */
    int64_t one_off_from_budget;/* the part of one-offs above the allowance */
    int64_t spend;              /* annual + one_off_from_budget: compared with the budget */
    int64_t budget_annual;
    int64_t budget_weekly;      /* budget / 52 for display */
    int64_t budget_four_weekly; /* budget / 13 */
    int64_t headroom;           /* budget - spend; negative when over */
    bool over_budget;
    int64_t by_option[CHOICE_OPTION_COUNT]; /* annual + one-offs, by way of managing */
    int64_t traditional;        /* annual + one-offs on traditional lines */
    int64_t other;              /* everything else */
    int64_t traditional_bp;     /* traditional share of all spending, basis points */
    struct plan_warning *warnings;
    size_t nwarnings;
    const char **explanation;   /* the working, line by line, in order */
    size_t nexplanation;
};

/* Costs the plan. Validates it first (plan_validate's errors). ERR_INVALID when PA lines exist and
 * no PA rates were given; ERR_RANGE on overflow. */
int plan_cost(const struct plan *p, const struct plan_costing_input *in, struct arena *a,
              struct plan_costing *out, struct err *e);

/* ---- versions, hashing and locking ------------------------------------------------------------- */

#define PLAN_HASH_HEX SIGNOFF_HASH_HEX

/* SHA-256 over the plan's canonical content: id, person, version, dates, sections, who planned,
 * helpers, outcomes and lines (every field, length-prefixed, in order). Status and revision are
 * not content. Any change to what was approved changes the hash. */
int plan_hash(const struct plan *p, char out[PLAN_HASH_HEX], struct err *e);

/* May this plan be saved now by someone who opened it at base_revision? 0 if so. ERR_CONFLICT
 * when it is signed off or superseded (locked: make a new version) or when someone else saved it
 * since base_revision. */
int plan_check_editable(const struct plan *p, int base_revision, struct err *e);

/* Submits for sign-off: status to PLAN_SUBMITTED and *hash_out set to the content hash that a
 * sign-off request must carry. Only a draft or submitted plan. */
int plan_submit(struct plan *p, char hash_out[PLAN_HASH_HEX], struct err *e);

/* Locks the plan as signed off: the sign-off must be approved for exactly this content
 * (signoff_check_current). */
int plan_sign_off(struct plan *p, const struct signoff_state *approval, struct err *e);

/* A new draft version from a signed-off plan: version + 1, revision 0, previous_hash set to the
 * signed-off version's hash. The content is shared (a shallow copy); the caller changes it by
 * pointing the new plan at new arrays. */
int plan_new_version(const struct plan *signed_off, struct arena *a, struct plan **out,
                     struct err *e);

#endif
