/*
 * pages_assess.h — the assessment, eligibility, indicative budget and financial assessment
 * screens and API (issue 4; docs/assessment.md), and what they share.
 *
 * Every route is named by the person ({id}) and guarded by the router with one of the actions
 * ACT_ASSESSMENT_READ, ACT_SELF_ASSESS, ACT_ASSESSMENT_COMPLETE, ACT_FINANCIAL_ASSESS (person
 * actions) or ACT_RAS_ADMIN (the council's own configuration); handlers never decide access,
 * they only choose which links to show with assess_web_may.
 *
 * The self-assessment is a list of steps, one question a page (GOV.UK "one thing per page"),
 * worked out from the kind of assessment and the council's RAS configuration: what matters to the
 * person, each eligibility outcome, the conditions, the RAS questions, and the carer's help.
 * Each answer is stored the moment it is given, so the person can stop and come back: with no
 * step named, the first required step not yet answered is shown.
 */
#ifndef SELFDIRECT_WEB_PAGES_ASSESS_H
#define SELFDIRECT_WEB_PAGES_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "store/assess_store.h"
#include "web/request.h"

struct ras_config;
struct ras_flag;

/* ---- the steps of a self-assessment --------------------------------------------------------- */

enum astep_kind {
    ASTEP_WHAT_MATTERS = 0, /* the person's own words */
    ASTEP_CONDITION1,       /* needs: impairment or illness; carer: necessary care */
    ASTEP_HEALTH,           /* carer: health deteriorating or at risk */
    ASTEP_OUTCOME,          /* one eligibility outcome, with its reasons */
    ASTEP_IMPACT,           /* condition 3, as the person sees it */
    ASTEP_WELLBEING,        /* the wellbeing areas affected (when there is an impact) */
    ASTEP_RAS,              /* one RAS question */
    ASTEP_CARER_HELPS,      /* does an unpaid carer help, willing and able to carry on */
    ASTEP_CARER_DOMAIN,     /* how much of the help in one RAS domain the carer gives */
};

struct astep {
    enum astep_kind kind;
    const char *id;      /* stable, for ?step=: "what_matters", "outcome:nutrition",
                            "ras:personal_care.washing", "carer:personal_care" */
    int outcome;         /* ASTEP_OUTCOME: index into the kind's outcomes */
    size_t domain, question; /* ASTEP_RAS / ASTEP_CARER_DOMAIN: indices into the configuration */
    bool required;
    const char *section; /* heading the step belongs to on the check-your-answers page */
};

/* The steps for this assessment, in order; cfg may be NULL (no RAS configuration in force: no
 * budget questions). Steps that depend on an earlier answer (wellbeing areas, carer domains) are
 * included only when that answer calls for them. */
int assess_steps(const struct assessment *as, const struct ras_config *cfg, struct arena *a,
                 struct astep **steps, size_t *n);
bool assess_step_answered(const struct assessment *as, const struct ras_config *cfg,
                          const struct astep *s);
/* Index of the step with this id, or -1. */
int assess_step_find(const struct astep *steps, size_t n, const char *id);
/* The first required step not answered, or n when all are. */
size_t assess_step_resume(const struct assessment *as, const struct ras_config *cfg,
                          const struct astep *steps, size_t n);
/* The question of a step, in plain words, always to the person ("Can you prepare and eat meals
 * and drinks?"); someone answering for them is told to answer as the person would. *hint gets
 * the hint under it, or NULL. */
const char *assess_step_question(struct arena *a, const struct assessment *as,
                                 const struct ras_config *cfg, const struct astep *s,
                                 const char **hint);
/* The answer given, in words, for check-your-answers ("" when not answered). */
const char *assess_step_answer_text(struct arena *a, const struct assessment *as,
                                    const struct ras_config *cfg, const struct astep *s);

/* ---- what a handler loads -------------------------------------------------------------------- */

struct assess_ctx {
    int64_t person_id;
    const char *person_name;        /* "Linda Linked" */
    const char *person_reference;   /* "TESTA-000001" */
    const char *council_code;
    bool self;                      /* the signed-in account is the person's own */
    bool has_assessment;
    struct assessment as;           /* the current (latest) assessment, or the one asked for */
    bool has_config;
    struct assess_ras_config_row cfg_row;
    struct ras_config *cfg;         /* the configuration the questions come from, or NULL */
};

/* Loads the person and their current assessment (or ?assessment=ID when want_param and it is the
 * person's) with the RAS configuration for its questions: the one it started with if still
 * readable, else the one in force today. ERR_NOT_FOUND for no such person. */
int assess_web_load(struct request *req, bool want_param, struct assess_ctx *ctx, struct err *e);
/* May the signed-in principal do `action` for this person (to choose which links to show)? */
bool assess_web_may(struct request *req, enum access_action action, int64_t person_id);
/* The actor for the store: "staff:12" and the display name. */
struct assess_actor assess_web_actor(struct request *req);
day_t assess_web_today(struct request *req);
/* Appends an audit entry for a change to this person, in c's open transaction. detail may be
 * NULL. */
int assess_web_audit(struct request *req, struct store_conn *c, int64_t person_id,
                     const char *action, const char *detail, struct err *e);

/* The flags the RAS would raise on the answers as they stand (none when no configuration). */
int assess_web_flags(struct request *req, const struct assess_ctx *ctx,
                     const struct ras_flag **flags, size_t *n, struct err *e);

/* The person (or someone helping) sends the assessment: in one transaction it is marked submitted,
 * the indicative budget is worked out with the configuration in force and stored, and both are
 * audited. Flagged answers refuse the whole send (ERR_CONFLICT, nothing stored) so the person can
 * fix them first. *calc_out (may be NULL) is the calculation; *calculated false when the council
 * has no RAS configuration in force (then only the send is stored). */
int assess_web_submit(struct request *req, struct assess_ctx *ctx, struct assess_calc *calc_out,
                      bool *calculated, struct err *e);
/* A worker completes or verifies it with their judgement (the facts in ctx->as, already set by
 * the caller): facts saved, marked completed, eligibility decided and stored, the budget worked
 * out and stored when the needs are eligible, all audited, in one transaction. Flagged answers or a domain refusal refuse it all
 * (ERR_CONFLICT / ERR_INVALID with the field). */
int assess_web_complete(struct request *req, struct assess_ctx *ctx, struct assess_decision *dec,
                        struct err *e);
/* Starts a new assessment (a reassessment when the last is completed), audited. */
int assess_web_start(struct request *req, int64_t person_id, enum assess_kind kind,
                     struct assessment *out, struct err *e);

/* ---- page components (pages_assess_ui.c), GOV.UK Design System markup ------------------------ */

struct html;
struct form_errors;

/* One radio or checkbox. The first item of a group gets the group's name as its id (so an error
 * summary link lands on it); the others name-2, name-3 ... (checkboxes: their own name). */
struct ui_choice {
    const char *value;
    const char *label;
    const char *hint;     /* or NULL */
    bool checked;
    bool divider_before;  /* an "or" divider above this item (radios) */
};

/* A fieldset whose legend is the page's question (already the <h1>, so the legend repeats it for
 * screen readers only) or a visible smaller heading (legend_visible). */
void assess_ui_fieldset_begin(struct html *h, const struct form_errors *fe, const char *name,
                              const char *legend, bool legend_visible, const char *hint);
void assess_ui_fieldset_end(struct html *h);
/* Radios; conditional_on (or -1) is the item whose conditional content the caller writes next,
 * between assess_ui_radios_conditional_begin/end, inside the radios block. */
void assess_ui_radios_begin(struct html *h, bool inline_);
void assess_ui_radio(struct html *h, const char *name, int i, const struct ui_choice *c,
                     bool has_conditional);
void assess_ui_radios_conditional_begin(struct html *h, const char *name, int i, bool shown);
void assess_ui_radios_conditional_end(struct html *h);
void assess_ui_radios_end(struct html *h);
void assess_ui_checkboxes_begin(struct html *h);
void assess_ui_checkbox(struct html *h, const char *name, const struct ui_choice *c);
void assess_ui_checkboxes_end(struct html *h);
/* A labelled textarea (a group of its own). */
void assess_ui_textarea(struct html *h, const struct form_errors *fe, const char *name,
                        const char *label, bool label_is_page_heading, const char *hint,
                        const char *value, int rows);
/* The error message under a group's legend, if fe has one for name. */
void assess_ui_error(struct html *h, const struct form_errors *fe, const char *name);
void assess_ui_hidden(struct html *h, const char *name, const char *value);
/* Money in pounds for people: "£1,234.50". Arena string. */
const char *assess_ui_money(struct request *req, int64_t pence);
/* A stored amount string from JSON ("287.00") as "£287.00". */
const char *assess_ui_pounds(struct request *req, const char *plain);
/* "6 April 2026". */
const char *assess_ui_date(struct request *req, day_t d);
/* "2026-04-06T10:15:00Z" as "6 April 2026 at 10:15 (UTC)". */
const char *assess_ui_stamp(struct request *req, const char *stamp);

/* Shared page parts (pages_assess.c). */
/* The answers as a summary list by section, with "Change" links when change is true. */
void assess_web_render_answers(struct request *req, struct html *h, const struct assess_ctx *ctx,
                               bool change);
/* The RAS's flags on the answers, each linking to the question to change. */
void assess_web_render_flags(struct request *req, struct html *h, const struct assess_ctx *ctx,
                             const struct ras_flag *flags, size_t n);
/* "/people/12/assessment/question?step=..." */
const char *assess_web_step_url(struct request *req, int64_t person_id, const char *step,
                                bool back_to_check);

/* ---- handlers (routes.c) -------------------------------------------------------------------- */

/* pages_assess.c: the person's side */
void page_assess_hub(struct request *req);
void page_assess_start_post(struct request *req);
void page_assess_question(struct request *req);
void page_assess_question_post(struct request *req);
void page_assess_check(struct request *req);
void page_assess_submit_post(struct request *req);
void page_assess_budget(struct request *req);
void page_assess_eligibility(struct request *req);
void page_assess_contribution(struct request *req);
void page_assess_eligibility_pdf(struct request *req);

/* pages_assess_pdf.c: the decision as a PDF to keep (A4, 12 pt, "Page n of N"). */
int assess_pdf_decision(const struct assess_decision *dec, const char *person_name,
                        const char *reference, const char *council_name, struct buf *out,
                        int *pages, struct err *e);

/* pages_assess_worker.c: the worker's side */
void page_assess_review(struct request *req);
void page_assess_complete_post(struct request *req);
void page_assess_override(struct request *req);
void page_assess_override_post(struct request *req);
void page_assess_finance(struct request *req);
void page_assess_finance_post(struct request *req);

/* api_assess.c */
void api_assess_list(struct request *req);
void api_assess_start(struct request *req);
void api_assess_current(struct request *req);
void api_assess_answers(struct request *req);
void api_assess_submit(struct request *req);
void api_assess_complete(struct request *req);
void api_assess_eligibility(struct request *req);
void api_assess_budget(struct request *req);
void api_assess_budget_calculate(struct request *req);
void api_assess_budget_override(struct request *req);
void api_assess_contribution(struct request *req);
void api_assess_finance_post(struct request *req);
void api_assess_net_budget(struct request *req);
void api_ras_configs(struct request *req);
void api_ras_configs_post(struct request *req);
void api_charging_settings(struct request *req);
void api_charging_settings_post(struct request *req);

#endif
