/*
 * plan_web.h — the screens and API of issue 5 (docs/planning.md): choosing how to take the budget,
 * the budget agreed first, the person's own support plan written step by step on a phone, sign-off
 * within delegated limits, the direct payment agreement, challenges, and the managers' reports.
 *
 * Every route is named by the person ({id}) where it concerns one, and the router decides access
 * from the route table with one of ACT_PLAN_READ, ACT_PLAN_EDIT, ACT_PLAN_CASEWORK,
 * ACT_SIGNOFF_DECIDE, ACT_CHALLENGE_RAISE, ACT_PERSON_DECIDE (person actions), or ACT_WORKLIST,
 * ACT_SIGNOFF_LIMITS, ACT_PLAN_REPORTS, ACT_PLAN_SETTINGS. Handlers never decide access; the rules
 * of the domain still apply inside (the person's permission to help write their plan,
 * plan_contrib.h; only the holder of a sign-off request decides it, and nobody their own,
 * signoff.h; the choice gate, choice.h), and their refusals are answered with the domain's words.
 *
 * The pages and the API do the same things through the functions below ("services"): each takes
 * the request, does its work in one transaction with its audit entry, and returns the domain's or
 * the store's error. Pages then render; the API answers JSON.
 */
#ifndef SELFDIRECT_WEB_PLAN_WEB_H
#define SELFDIRECT_WEB_PLAN_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"
#include "domain/plan_diff.h"
#include "store/assess_store.h"
#include "store/plan_records.h"
#include "store/plan_store.h"
#include "store/web_store.h"
#include "web/request.h"

/* ---- what the pages show about one person's planning -------------------------------------------- */

enum plan_view_parts {
    PV_BUDGET = 0,       /* always: the person, settings, agreed and latest budget, period */
    PV_CHOICE = 1 << 0,  /* the latest recorded offer */
    PV_PLAN = 1 << 1,    /* the current plan version */
    PV_COSTING = 1 << 2, /* ... costed (implies PV_PLAN and PV_CHOICE) */
    PV_REQUESTS = 1 << 3,/* sign-off requests about the person */
    PV_CONTRIB = 1 << 4, /* permissions to help write the plan */
    PV_AGREEMENT = 1 << 5,
    PV_ALL = 0x3f,
};

struct plan_view {
    int64_t person_id;
    struct web_person person;
    const char *name;            /* "Linda Linked" */
    bool is_self;                /* the viewer is the person */
    struct plan_settings settings;
    struct plan_period_rules rules;
    bool has_net;                /* the assessment's budget (store/assess_store.h) */
    struct assess_net_budget net;
    bool has_budget;             /* an agreed budget */
    struct plan_budget_row budget;
    bool has_latest_budget;      /* the newest budget row, whatever its state */
    struct plan_budget_row latest_budget;
    bool has_period;
    struct plan_period_status period;
    bool has_choice;
    struct plan_choice_row choice;
    bool has_plan;
    struct plan_row plan;
    bool has_costing;
    struct plan_costing costing;
    const char *costing_error;   /* why the plan could not be costed, for the person */
    struct plan_signoff_row *requests; /* newest first */
    size_t nrequests;
    struct plan_contributor_row *contributors;
    size_t ncontributors;
    bool has_agreement;
    struct plan_agreement_row agreement;
};

/* Loads what `parts` asks for. ERR_NOT_FOUND when there is no such person in the council. */
int plan_view_load(struct request *req, int64_t person_id, unsigned parts, struct plan_view *v,
                   struct err *e);
/* Costs plan content against the view's agreed budget, the person's chosen split and the payroll
 * rates of the plan's start date (a plan with no agreed budget is costed against £0). */
int plan_view_cost(struct request *req, const struct plan_view *v, const struct plan *p,
                   struct plan_costing *out, struct err *e);
/* The newest sign-off request about this plan version, or NULL. */
const struct plan_signoff_row *plan_view_plan_request(const struct plan_view *v);
/* The newest request about a budget row, or NULL. */
const struct plan_signoff_row *plan_view_budget_request(const struct plan_view *v, int64_t budget_id);

/* The viewer as the plan's records and the audit log name them. */
void plan_web_actor(struct request *req, struct plan_actor *out);
/* The viewer as the sign-off rules compare them: a staff id in decimal, or "account:N". */
const char *plan_web_signoff_id(struct request *req);
/* Today, from the request's clock. */
day_t plan_web_today(struct request *req);
/* Does the access rule allow this action on this person for the viewer (for showing links)? */
bool plan_web_may(struct request *req, enum access_action a, int64_t person_id);
/* May the viewer change the plan (the person's permission, plan_contrib.h)? */
int plan_web_may_write(struct request *req, const struct plan_view *v, struct err *e);

/* ---- services: one transaction each, audited --------------------------------------------------- */

/* Saves new content of the plan (creating version 1 when there is none), as the step named.
 * base_revision is the save the writer started from. On ERR_CONFLICT because someone saved since,
 * *changes lists what they changed (from base_revision's snapshot to now) and v->plan is reloaded. */
int plan_web_save(struct request *req, struct plan_view *v, struct plan *content, int base_revision,
                  const char *step, struct plan_change **changes, size_t *nchanges, struct err *e);
/* Sends the current version for sign-off (its hash fixed; its annual cost the request's value). */
int plan_web_submit(struct request *req, struct plan_view *v, int base_revision,
                    const char *reasons, struct plan_signoff_row *out, struct err *e);
/* A new draft version from the signed-off one. */
int plan_web_new_version(struct request *req, struct plan_view *v, struct err *e);
/* Proposes the person's budget and asks for it to be agreed. */
int plan_web_propose_budget(struct request *req, int64_t person_id, int64_t annual,
                            int64_t one_off, const char *reasons, struct plan_signoff_row *out,
                            struct err *e);
/* The holder decides a request (approve, refuse, refer up). Approving a plan signs it off;
 * approving a budget agrees it and starts the planning period. */
int plan_web_decide(struct request *req, int64_t person_id, int64_t request_id,
                    enum signoff_action act, const char *reasons, struct plan_signoff_row *out,
                    struct err *e);
/* The worker records that the options were offered (and the choice, when made). */
int plan_web_record_offer(struct request *req, int64_t person_id, struct choice_record *rec,
                          struct err *e);
/* The person (or their representative) records their choice on top of the latest offer. */
int plan_web_person_choice(struct request *req, struct plan_view *v,
                           const int64_t amounts[CHOICE_OPTION_COUNT], const char *isf_provider,
                           const char *reasons, struct err *e);
int plan_web_set_up(struct request *req, int64_t person_id, enum choice_option kind, day_t start,
                    struct plan_arrangement_row *out, struct err *e);
/* Permission for a login ("staff:N" / "account:N", one of the candidates) to help; how: how the
 * person asked (required when a worker records it). kind: family, ulo, other_org or worker. */
int plan_web_grant(struct request *req, struct plan_view *v, const char *who,
                   enum plan_helper_kind kind, const char *how, struct err *e);
int plan_web_revoke(struct request *req, struct plan_view *v, int64_t contributor_id,
                    struct err *e);
int plan_web_make_agreement(struct request *req, struct plan_view *v,
                            const struct dp_agreement_parties *parties, struct err *e);
int plan_web_accept_agreement(struct request *req, struct plan_view *v, const char *by_name,
                              enum dp_recipient capacity, struct err *e);
/* Challenges: raised by the person, their representative or advocate; moved on by staff. */
int plan_web_raise_challenge(struct request *req, struct plan_view *v,
                             enum challenge_subject subject, int64_t amount_sought,
                             const char *reasons, const char *const *evidence, size_t nevidence,
                             struct plan_challenge_row *out, struct err *e);
enum plan_challenge_step { PCS_ACKNOWLEDGE, PCS_REVIEW, PCS_DECIDE, PCS_CLOSE };
int plan_web_progress_challenge(struct request *req, int64_t person_id, int64_t challenge_id,
                                int64_t version, enum plan_challenge_step step,
                                enum challenge_outcome outcome, const char *reasons,
                                int64_t revised, struct err *e);
int plan_web_withdraw_challenge(struct request *req, int64_t person_id, int64_t challenge_id,
                                int64_t version, const char *reasons, struct err *e);
int plan_web_set_limit(struct request *req, int64_t staff_id, int64_t limit, const char *reasons,
                       struct err *e);
int plan_web_set_panel(struct request *req, int64_t staff_id, bool member, struct err *e);
int plan_web_save_settings(struct request *req, struct plan_settings *s, struct err *e);

/* Reads "7.5" / "7:30" / "7" hours as minutes. ERR_INVALID otherwise. */
int plan_web_parse_hours(const char *s, int64_t *minutes);
/* "18500", "18,500.00", "£18,500" as pence; ERR_INVALID naming field. */
int plan_web_parse_money(const char *s, const char *field, const char *label, int64_t *out,
                         struct err *e);

/* ---- handlers (routes.c) ----------------------------------------------------------------------- */

/* pages_choice.c */
void page_options(struct request *req);
void page_choice(struct request *req);
void page_choice_record(struct request *req);
void page_choice_record_post(struct request *req);
void page_choice_decide(struct request *req);
void page_choice_decide_post(struct request *req);
void page_arrangements(struct request *req);
void page_arrangements_post(struct request *req);

/* pages_plan.c */
void page_plan(struct request *req);
void page_plan_edit(struct request *req);
void page_plan_edit_post(struct request *req);
void page_plan_submit_post(struct request *req);
void page_plan_new_version_post(struct request *req);
void page_plan_view(struct request *req);
void page_plan_history(struct request *req);
void page_plan_pdf(struct request *req);
void page_plan_helpers(struct request *req);
void page_plan_helpers_post(struct request *req);

/* pages_signoff.c */
void page_budget(struct request *req);
void page_budget_post(struct request *req);
void page_signoff_request(struct request *req);
void page_signoff_request_post(struct request *req);
void page_signoff_queue(struct request *req);
void page_signoff_limits(struct request *req);
void page_signoff_limits_post(struct request *req);
void page_plan_settings(struct request *req);
void page_plan_settings_post(struct request *req);

/* pages_plan_agreement.c */
void page_agreement(struct request *req);
void page_agreement_post(struct request *req);
void page_agreement_accept_post(struct request *req);
void page_agreement_pdf(struct request *req);

/* pages_challenge.c */
void page_challenges(struct request *req);
void page_challenges_post(struct request *req);
void page_challenge_progress_post(struct request *req);
void page_challenge_withdraw_post(struct request *req);
void page_report_choice(struct request *req);
void page_report_challenges(struct request *req);
/* pages_plan_notify.c: the person chooses whether to get reminders by e-mail. */
void page_reminders(struct request *req);
void page_reminders_post(struct request *req);
/* Whether the person opted out of reminders; set it (one transaction with its audit entry). */
int plan_web_reminders_get(struct request *req, int64_t person_id, bool *opted_out,
                           struct err *e);
int plan_web_reminders_set(struct request *req, int64_t person_id, bool opt_out, struct err *e);
/* pages_plan_mix.c: traditional and other support in signed-off plans (page, CSV, API). */
void page_report_traditional(struct request *req);
void page_report_traditional_csv(struct request *req);

/* api_plan.c */
void api_options(struct request *req);
void api_plan_get(struct request *req);
void api_plan_put(struct request *req);
void api_plan_costing(struct request *req);
void api_plan_submit(struct request *req);
void api_plan_new_version(struct request *req);
void api_plan_history(struct request *req);
void api_plan_contributors(struct request *req);
void api_plan_contributors_post(struct request *req);
void api_plan_contributors_revoke(struct request *req);
void api_choice_get(struct request *req);
void api_choice_post(struct request *req);
void api_choice_decision(struct request *req);
void api_arrangements_get(struct request *req);
void api_arrangements_post(struct request *req);
void api_budget_get(struct request *req);
void api_budget_post(struct request *req);
void api_signoff_person(struct request *req);
void api_signoff_decide(struct request *req);
void api_signoff_waiting(struct request *req);
void api_signoff_limits_get(struct request *req);
void api_signoff_limit(struct request *req);
void api_agreement_get(struct request *req);
void api_agreement_post(struct request *req);
void api_agreement_accept(struct request *req);
void api_challenges_get(struct request *req);
void api_challenges_post(struct request *req);
void api_challenge_progress(struct request *req);
void api_challenge_withdraw(struct request *req);
void api_report_choice(struct request *req);
void api_report_challenges(struct request *req);
void api_report_traditional(struct request *req);
void api_plan_settings_get(struct request *req);
void api_plan_settings_put(struct request *req);

#endif
