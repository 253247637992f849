/*
 * assess_store.h — storage for issue 4: needs and carers' assessments (with supported
 * self-assessment saved step by step), the eligibility decision made on them, each council's RAS
 * configurations and every indicative budget calculated from them (with workers' overrides), each
 * council's charging settings, financial assessments, and the net personal budget that planning
 * and payments use. Tables: data/migrations/0020-0026. docs/assessment.md is the long version.
 *
 * The rules are the pure domains (src/domain/eligibility.h, ras.h, charging/charging.h): this layer
 * loads what they need, calls them and keeps what they said, so a figure shown to a person can
 * always be traced to its inputs, the configuration version, the time and who asked.
 *
 * Same rules as records.h:
 *   - every function takes council_id, and a record of another council is ERR_NOT_FOUND;
 *   - an assessment carries `version`; each change names the version the caller saw and is
 *     refused with ERR_CONFLICT if it has moved on (a representative and the person answering at
 *     once cannot overwrite each other unseen); on success the struct's version is refreshed;
 *   - input is checked before anything is written, ERR_INVALID naming the field;
 *   - stamps come from the `now` the caller passes; dates ("today") too;
 *   - functions that write more than one statement must run inside the caller's transaction
 *     (they refuse otherwise), so the caller can append its audit entry to the same one.
 *
 * Versioning: an assessment is a row; a reassessment is a new row that supersedes the last, and
 * the old one, its decision and its calculations stay as they were. Calculations, decisions,
 * settings and financial assessments are only ever added.
 *
 * Strings in records read back live in the arena the caller passes.
 */
#ifndef SELFDIRECT_STORE_ASSESS_STORE_H
#define SELFDIRECT_STORE_ASSESS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/charging/charging.h"
#include "domain/eligibility.h"
#include "store/store.h"

struct arena;
struct err;
struct ras_config;
struct ras_answers;
struct ras_result;

/* Who did something: the audit actor ("staff:12", "account:5", "cli:jo", "system") and the name
 * shown to people ("Sam Worker"). */
struct assess_actor {
    const char *id;
    const char *name;
};

/* ---- assessments ---------------------------------------------------------------------------- */

enum assess_kind {
    ASSESS_NEEDS = 0, /* an adult's needs assessment (Care Act s.9) */
    ASSESS_CARER,     /* a carer's assessment (s.10) */
    ASSESS_KIND_COUNT
};
const char *assess_kind_name(enum assess_kind k);  /* "needs", "carer": stored and in the API */
const char *assess_kind_label(enum assess_kind k); /* "needs assessment", "carer's assessment" */
int assess_kind_parse(const char *s, enum assess_kind *out);

enum assess_status {
    ASSESS_DRAFT = 0,  /* being filled in; saved as it goes */
    ASSESS_SUBMITTED,  /* sent by the person (or someone helping them) for a worker to check */
    ASSESS_COMPLETED,  /* completed or verified by a worker: final */
    ASSESS_STATUS_COUNT
};
const char *assess_status_name(enum assess_status s); /* "draft", "submitted", "completed" */
int assess_status_parse(const char *s, enum assess_status *out);

/* Stored answers. Keys are the domains' stable ids. */
struct assess_outcome {
    const char *outcome;       /* elig outcome key: "nutrition" */
    enum elig_status status;
    unsigned reasons;          /* enum elig_reason bits */
    const char *notes;         /* the person's own words about it, "" for none */
};
struct assess_ras_answer {
    const char *question;      /* "domain.question" */
    const char *answer;        /* an answer id of the configuration */
};
struct assess_carer_support {
    const char *domain;        /* a RAS domain id */
    const char *level;         /* a carer level id, or "none" */
};

#define ASSESS_WHAT_MATTERS_MAX 4000 /* characters */
#define ASSESS_NOTES_MAX 4000
#define ASSESS_CARER_NONE "none"

struct assessment {
    int64_t id;
    int64_t council_id;
    int64_t person_id;
    enum assess_kind kind;
    int64_t seq;            /* 1 for the person's first assessment, 2 for the next ... */
    int64_t supersedes_id;  /* the assessment this one replaces, 0 for none */
    enum assess_status status;
    int64_t ras_config_id;  /* the configuration the questions were first shown from; 0 none */

    /* Facts, changed together by assess_update_facts. ELIG_UNANSWERED = not answered yet. */
    const char *what_matters;            /* the person's own words about what matters to them */
    enum elig_answer condition1;         /* needs: impairment or illness; carer: necessary care */
    enum elig_answer health_at_risk;     /* carers only */
    enum elig_answer significant_impact; /* condition 3 */
    unsigned wellbeing;                  /* enum elig_wellbeing bits */
    enum elig_answer carer_helps;        /* an unpaid carer helps, willing and able to carry on */
    const char *adjustments;             /* RAS adjustment ids chosen by the assessor, "a,b" */
    const char *ordinary_residence;      /* "", "confirmed", "not_confirmed" */

    bool has_assessment_date;            /* set when submitted (or completed from a draft) */
    day_t assessment_date;               /* the date the RAS calculation uses */
    const char *started_by, *started_by_name;
    const char *submitted_at, *submitted_by, *submitted_by_name; /* "" until submitted */
    const char *completed_at, *completed_by, *completed_by_name; /* "" until completed */
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;

    /* Filled by assess_get / assess_current (not by assess_list). */
    struct assess_outcome *outcomes;
    size_t noutcomes;
    struct assess_ras_answer *answers;
    size_t nanswers;
    struct assess_carer_support *carer;
    size_t ncarer;
};

/* The stored answer for an outcome / RAS question / carer domain, or NULL. */
const struct assess_outcome *assess_find_outcome(const struct assessment *as, const char *key);
const char *assess_find_answer(const struct assessment *as, const char *question);
const char *assess_find_carer(const struct assessment *as, const char *domain);
/* Is this id in the comma-separated adjustments list? */
bool assess_has_adjustment(const struct assessment *as, const char *id);

/* Starts a new assessment of the person (must run in a transaction). Refused with ERR_CONFLICT
 * while another is still in progress (draft or submitted): finish that one first. When the
 * person's latest assessment is completed, the new one is a reassessment that supersedes it.
 * ras_config_id may be 0. Fills *out (version 1, no answers). */
int assess_start(struct store_conn *c, int64_t council_id, int64_t person_id, enum assess_kind kind,
                 int64_t ras_config_id, const struct assess_actor *by, int64_t now,
                 struct arena *a, struct assessment *out, struct err *e);
/* One assessment with its answers. */
int assess_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
               struct assessment *out, struct err *e);
/* The person's latest assessment (highest seq) with its answers; ERR_NOT_FOUND when none. */
int assess_current(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                   struct assessment *out, struct err *e);
/* The person's latest COMPLETED assessment; ERR_NOT_FOUND when none. */
int assess_latest_completed(struct store_conn *c, int64_t council_id, int64_t person_id,
                            struct arena *a, struct assessment *out, struct err *e);
/* Every assessment of the person, newest first, without answers. */
int assess_list(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                struct assessment **items, size_t *n, struct err *e);

/* Changes. Each checks as->version and refuses a completed assessment (ERR_CONFLICT: "start a
 * reassessment"); on success as->version and updated_at are refreshed. Must run in a
 * transaction. */
int assess_update_facts(struct store_conn *c, int64_t council_id, struct assessment *as,
                        int64_t now, struct err *e);
/* Records an outcome: the key must be one of the kind's outcomes; not achieved needs at least one
 * reason, achieved and not applicable none; not applicable only where the regulations allow;
 * "takes significantly longer" is not a carer's reason (reg 3(3)). notes may be NULL. */
int assess_set_outcome(struct store_conn *c, int64_t council_id, struct assessment *as,
                       const char *outcome, enum elig_status status, unsigned reasons,
                       const char *notes, int64_t now, struct err *e);
/* Records (answer non-NULL) or clears (NULL) the answer to a RAS question. Ids are checked for
 * form only: whether they are in the configuration is for the calculation's flags to say. */
int assess_set_ras_answer(struct store_conn *c, int64_t council_id, struct assessment *as,
                          const char *question, const char *answer, int64_t now, struct err *e);
int assess_set_carer_support(struct store_conn *c, int64_t council_id, struct assessment *as,
                             const char *domain, const char *level, int64_t now, struct err *e);
/* draft -> submitted, with the assessment date `today`. ERR_CONFLICT unless a draft. */
int assess_submit(struct store_conn *c, int64_t council_id, struct assessment *as,
                  const struct assess_actor *by, day_t today, int64_t now, struct err *e);
/* draft or submitted -> completed. A draft gets the assessment date `today`. */
int assess_mark_completed(struct store_conn *c, int64_t council_id, struct assessment *as,
                          const struct assess_actor *by, day_t today, int64_t now, struct err *e);

/* The domain's input from a stored assessment (pure). Outcomes not recorded stay UNRECORDED,
 * which the domain refuses, naming them. */
void assess_elig_adult_input(const struct assessment *as, struct elig_adult_input *in);
void assess_elig_carer_input(const struct assessment *as, struct elig_carer_input *in);

/* ---- eligibility decisions ------------------------------------------------------------------ */

struct assess_decision {
    int64_t id;
    int64_t person_id;
    int64_t assessment_id;
    enum assess_kind kind;
    bool eligible;
    bool condition[3];
    int unable_count;
    const char *ordinary_residence; /* "confirmed" / "not_confirmed" */
    const char *inputs_json;
    const char *decision_text;      /* paragraphs separated by blank lines */
    day_t decided_on;
    const char *decided_by, *decided_by_name;
    char created_at[STORE_TIME_SIZE];
};

/* Decides eligibility on the assessment as stored (reloaded by as->id: the caller's copy may be
 * older) with src/domain/eligibility.c and keeps the decision with its written reasons. as->ordinary_residence must be recorded. The domain's
 * refusals (an outcome not recorded, condition 3 not answered ...) come back as ERR_INVALID with
 * the field. ERR_CONFLICT if this assessment already has a decision. In a transaction. */
int assess_decide(struct store_conn *c, int64_t council_id, const struct assessment *as,
                  const struct assess_actor *by, day_t today, int64_t now, struct arena *a,
                  struct assess_decision *out, struct err *e);
/* The decision on an assessment; ERR_NOT_FOUND when it has none yet. */
int assess_decision_get(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                        struct arena *a, struct assess_decision *out, struct err *e);

/* ---- RAS configurations --------------------------------------------------------------------- */

struct assess_ras_config_row {
    int64_t id;
    int64_t council_id;
    enum assess_kind kind;
    const char *version;
    const char *title;
    day_t effective_from;
    bool has_effective_to;
    day_t effective_to;
    const char *sha256;   /* of the JSON text, hex */
    const char *config_json;
    const char *loaded_at, *loaded_by, *loaded_by_name;
};

/* Reads the configuration strictly (src/io/ras_config.c: every error names the path), checks its
 * council_code is this council's, and stores it as a new version for `kind`. ERR_CONFLICT when the
 * version is already loaded (a changed configuration needs a new version). Fills *out (may be
 * NULL). */
int assess_ras_config_load(struct store_conn *c, int64_t council_id, enum assess_kind kind,
                           const char *text, size_t len, const struct assess_actor *by,
                           int64_t now, struct arena *a, struct assess_ras_config_row *out,
                           struct err *e);
int assess_ras_config_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                          struct assess_ras_config_row *out, struct err *e);
/* The version in force on `day` for `kind`: of those whose dates include the day, the one with
 * the latest effective_from (then the latest loaded). ERR_NOT_FOUND when none is. */
int assess_ras_config_in_force(struct store_conn *c, int64_t council_id, enum assess_kind kind,
                               day_t day, struct arena *a, struct assess_ras_config_row *out,
                               struct err *e);
/* Every version loaded, newest first, without the JSON text. */
int assess_ras_config_list(struct store_conn *c, int64_t council_id, struct arena *a,
                           struct assess_ras_config_row **items, size_t *n, struct err *e);
/* Parses a stored row's JSON into a configuration (in arena a). */
int assess_ras_config_parse(const struct assess_ras_config_row *row, struct arena *a,
                            struct ras_config **out, struct err *e);

/* ---- indicative budgets --------------------------------------------------------------------- */

enum assess_calc_status {
    ASSESS_CALC_CALCULATED = 0,
    ASSESS_CALC_REFUSED,    /* flagged answers: flags in result_json, no figures */
    ASSESS_CALC_OVERRIDDEN, /* a worker's override of base_id */
};
const char *assess_calc_status_name(enum assess_calc_status s);

struct assess_calc {
    int64_t id;
    int64_t person_id;
    int64_t assessment_id;
    int64_t ras_config_id;
    const char *config_version;
    enum assess_calc_status status;
    int64_t base_id;           /* overrides: the calculation overridden */
    day_t assessment_date;
    const char *inputs_json;   /* selfdirect-ras-answers/1 */
    const char *result_json;   /* what `selfdirect ras calc` prints */
    int64_t weekly, annual;    /* pence: the figure that stands; -1 when refused */
    int64_t weekly_calculated; /* before any override; -1 when refused */
    const char *override_reason;
    const char *asked_by, *asked_by_name, *asked_at;
};

/* The RAS answers of an assessment (pure; strings point into as, arrays in a). */
int assess_ras_answers(const struct assessment *as, const char *council_code, day_t date,
                       struct arena *a, struct ras_answers *out, struct err *e);
/* Writes answers as a "selfdirect-ras-answers/1" document (arena string). */
int assess_ras_answers_json(const struct ras_answers *ans, struct arena *a, const char **out,
                            struct err *e);

/* Calculates the indicative budget of the assessment as stored (reloaded by as->id) with the
 * configuration in force on its assessment date (today when it has none yet) and stores the
 * calculation, refused or not. In a
 * transaction. Returns 0 with *out filled in both cases (out->status says which); ERR_NOT_FOUND
 * ("no configuration in force") when the council has none for the date; ERR_INVALID when the date
 * is outside the configuration's dates. *result (may be NULL) gets the domain's result, in a. */
int assess_budget_calculate(struct store_conn *c, int64_t council_id, const struct assessment *as,
                            const struct assess_actor *by, day_t today, int64_t now,
                            struct arena *a, struct assess_calc *out,
                            const struct ras_result **result, struct err *e);
/* A worker's override of the standing calculated figure: weekly pence and a reason (required,
 * shown to the person). The calculation is worked again from its stored inputs and configuration,
 * then ras_override keeps both figures. ERR_CONFLICT when the assessment is not completed or has
 * no calculated figure. In a transaction. */
int assess_budget_override(struct store_conn *c, int64_t council_id, const struct assessment *as,
                           int64_t weekly, const char *reason, const struct assess_actor *by,
                           int64_t now, struct arena *a, struct assess_calc *out, struct err *e);
/* The figure that stands for an assessment (its latest calculation that is not refused);
 * ERR_NOT_FOUND when none. */
int assess_budget_standing(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                           struct arena *a, struct assess_calc *out, struct err *e);
/* The latest calculation of any status (to show flags); ERR_NOT_FOUND when none. */
int assess_budget_latest(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                         struct arena *a, struct assess_calc *out, struct err *e);
/* Every calculation of an assessment, newest first, without the JSON texts. */
int assess_budget_history(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                          struct arena *a, struct assess_calc **items, size_t *n, struct err *e);

/* ---- charging settings and financial assessments -------------------------------------------- */

struct assess_charging_settings {
    int64_t id;
    struct charging_settings s;
    const char *created_by, *created_by_name;
    char created_at[STORE_TIME_SIZE];
};

/* Adds a council's settings from s.effective_from (checked: limits only higher than statutory,
 * share 0-100%, an end not before the start). Fills row->id. */
int assess_charging_settings_add(struct store_conn *c, int64_t council_id,
                                 struct assess_charging_settings *row,
                                 const struct assess_actor *by, int64_t now, struct err *e);
/* Every row, newest effective date first. */
int assess_charging_settings_list(struct store_conn *c, int64_t council_id, struct arena *a,
                                  struct assess_charging_settings **items, size_t *n,
                                  struct err *e);
/* The row in force on `day`; ERR_NOT_FOUND when none (the statutory minimum then applies). */
int assess_charging_settings_in_force(struct store_conn *c, int64_t council_id, day_t day,
                                      struct arena *a, struct assess_charging_settings *out,
                                      struct err *e);
/* Settings as the "policy" object of the charging JSON input (docs/charging.md): a jansson
 * object the caller owns (NULL when out of memory). */
struct json_t *assess_charging_policy_json(const struct charging_settings *s);

struct assess_finance {
    int64_t id;
    int64_t person_id;
    day_t effective_from;
    int tax_year;
    int64_t settings_id;       /* 0: statutory settings */
    const char *inputs_json;   /* the complete `selfdirect charging` input, with "policy" */
    const char *result_json;   /* its output: weekly_contribution, lines, warnings */
    int64_t weekly_contribution;
    int64_t weekly_cost_of_care;
    bool full_cost;
    const char *assessed_by, *assessed_by_name;
    char created_at[STORE_TIME_SIZE];
};

/* Works out the person's weekly contribution from `input` (a JSON object in the `selfdirect
 * charging` format, docs/charging.md, WITHOUT "policy": the council's settings in force on
 * effective_from are applied; "tax_year" and "age" may be left out and are then taken from the
 * effective date and the person's date of birth, and if given must agree with them) and stores
 * it. Errors name the field ("income[1].weekly"). In a transaction. */
int assess_finance_run(struct store_conn *c, int64_t council_id, int64_t person_id,
                       day_t effective_from, const char *input, size_t len,
                       const struct assess_actor *by, int64_t now, struct arena *a,
                       struct assess_finance *out, struct err *e);
/* The financial assessment in force on `day`; ERR_NOT_FOUND when none. */
int assess_finance_in_force(struct store_conn *c, int64_t council_id, int64_t person_id, day_t day,
                            struct arena *a, struct assess_finance *out, struct err *e);
/* Every financial assessment of the person, newest first. */
int assess_finance_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct assess_finance **items, size_t *n, struct err *e);

/* ---- the net personal budget ---------------------------------------------------------------- */

/* For planning and payments: the personal budget of the person's latest COMPLETED assessment whose
 * needs were decided eligible (the figure that stands: an override when there is one) less the
 * weekly contribution in force on `day`, never below 0. Annual figures are weekly x 52, as the
 * RAS's. */
struct assess_net_budget {
    bool has_budget;
    int64_t assessment_id, calculation_id;
    int64_t budget_weekly, budget_annual;
    bool has_contribution;              /* false: no financial assessment yet (counted as 0) */
    int64_t financial_assessment_id;
    int64_t contribution_weekly;
    bool full_cost;                     /* capital above the upper limit */
    int64_t net_weekly, net_annual;
};
int assess_net_budget(struct store_conn *c, int64_t council_id, int64_t person_id, day_t day,
                      struct assess_net_budget *out, struct err *e);

/* ---- demo data ------------------------------------------------------------------------------ */

/* For `selfdirect demo`: loads the demo council's RAS configuration (data/ras/
 * demo-council-ras-v1.json, with the council's own code) and charging settings, and gives up to
 * `max_people` of the council's people who have an allocated worker and no account of their own a
 * completed needs assessment with an eligibility decision, an indicative budget and (for some) a
 * financial assessment. Runs in its own transaction; *seeded (may be NULL) says how many people. */
int assess_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, int max_people,
                     int *seeded, struct err *e);

#endif
