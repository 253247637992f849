/*
 * plan_store.h — storage for the rest of issue 5: support plans and their versions (0042), who may
 * help write them (0043), the agreed budget and the council's planning settings (0044), sign-off
 * requests and decisions (0045), sign-off limits and the panel (0046), direct payment agreements
 * (0047) and the arrangements set up to deliver a budget (0048). Offers and challenges are in
 * plan_records.h.
 *
 * Same rules as records.h: every function takes council_id and a record of another council is
 * ERR_NOT_FOUND; input is checked (by the domain's own validators where there is one) before
 * anything is written, ERR_INVALID naming the field; stamps come from the `now` the caller passes,
 * dates ("today", "on") too; strings read back live in the caller's arena.
 *
 * Concurrency. A plan version counts its saves in `revision`: plan_store_save names the revision the
 * writer started from and is refused (ERR_CONFLICT, with plan_check_editable's message) when someone
 * saved since, or when the version is locked (signed off). Other records carry `version` as
 * records.h's do. Functions that write more than one statement refuse to run outside a transaction,
 * so the caller can put its audit entry in the same one.
 *
 * Actors are "staff:N" / "account:N" with a name, as in the audit log.
 */
#ifndef SELFDIRECT_STORE_PLAN_STORE_H
#define SELFDIRECT_STORE_PLAN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/choice.h"
#include "domain/dp_agreement.h"
#include "domain/plan.h"
#include "domain/plan_budget.h"
#include "domain/plan_contrib.h"
#include "domain/signoff.h"
#include "store/store.h"

struct arena;
struct err;

struct plan_actor {
    const char *id;   /* "staff:12", "account:5", "system" */
    const char *name; /* "Sam Worker" */
};

/* ---- plans and their versions ------------------------------------------------------------------ */

struct plan_row {
    int64_t id;        /* this version's row */
    int64_t person_id;
    struct plan plan;  /* id "<reference>-plan" (the same for every version), person_ref, version,
                          revision, status and the whole content */
    char submitted_hash[SIGNOFF_HASH_HEX]; /* "" while a draft */
    char signed_off_hash[SIGNOFF_HASH_HEX];
    day_t signed_off_on;                   /* 0 until signed off */
    const char *created_by, *updated_by, *updated_by_name;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
};

/* The plan's id as the domain and its hash know it: "<reference>-plan". */
const char *plan_store_plan_id(struct arena *a, const char *person_reference);

/* Starts a person's plan: version 1 when they have none, else (from a signed-off version) the next
 * version, made with plan_new_version so it records the hash of the one it replaces. row->plan holds
 * the content (person_ref, id, version and previous_hash are set here). ERR_CONFLICT when the
 * person's latest version is still a draft or waiting for sign-off (change that one instead). In a
 * transaction; writes revision 0's snapshot. Fills row->id and the plan's version and revision. */
int plan_store_create(struct store_conn *c, int64_t council_id, int64_t person_id,
                      struct plan_row *row, const struct plan_actor *by, const char *step,
                      int64_t now, struct arena *a, struct err *e);
/* The person's latest version (highest version number); ERR_NOT_FOUND when they have no plan. */
int plan_store_current(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_row *out, struct err *e);
/* One version of the person's plan. */
int plan_store_version(struct store_conn *c, int64_t council_id, int64_t person_id, int version,
                       struct arena *a, struct plan_row *out, struct err *e);
/* By row id. */
int plan_store_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                   struct plan_row *out, struct err *e);
/* Every version of the person's plan, newest first (with content). */
int plan_store_versions(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct plan_row **items, size_t *n, struct err *e);

/* Saves row->plan's content over the stored version, if it is still at base_revision and not
 * locked; then row->plan.revision is the new revision. A submitted plan that is changed goes back
 * to draft (its sign-off request no longer matches and must be asked again). step names the part of
 * the planner saved ("about-me", "budget", "api" ...). In a transaction. */
int plan_store_save(struct store_conn *c, int64_t council_id, struct plan_row *row,
                    int base_revision, const struct plan_actor *by, const char *step, int64_t now,
                    struct err *e);
/* Marks the version submitted with its content hash, if still at row->plan.revision. */
int plan_store_mark_submitted(struct store_conn *c, int64_t council_id, struct plan_row *row,
                              const char *hash, int64_t now, struct err *e);
/* Signs the version off: only when it is submitted with exactly `hash`. Older signed-off versions
 * of the person become superseded. In a transaction. */
int plan_store_mark_signed_off(struct store_conn *c, int64_t council_id, int64_t plan_id,
                               const char *hash, day_t on, int64_t now, struct err *e);
/* After a refusal: a submitted version with `hash` goes back to draft. */
int plan_store_mark_draft(struct store_conn *c, int64_t council_id, int64_t plan_id,
                          const char *hash, int64_t now, struct err *e);

struct plan_revision_row {
    int revision;
    const char *step;
    const char *saved_by, *saved_by_name;
    char saved_at[STORE_TIME_SIZE];
};
/* Every save of a version, newest first. */
int plan_store_revisions(struct store_conn *c, int64_t council_id, int64_t plan_id,
                         struct arena *a, struct plan_revision_row **items, size_t *n,
                         struct err *e);
/* A version as it was after one save (from its snapshot), with who saved it. *out's id,
 * person_ref and previous_hash are copied from `current` (the snapshot holds content only). */
int plan_store_revision_plan(struct store_conn *c, int64_t council_id, int64_t plan_id,
                             int revision, const struct plan *current, struct arena *a,
                             struct plan *out, struct plan_revision_row *who, struct err *e);

/* ---- who may help write the plan --------------------------------------------------------------- */

struct plan_contributor_row {
    int64_t id;
    int64_t person_id;
    int64_t staff_id;   /* a worker, or 0 */
    int64_t account_id; /* a citizen-side account, or 0 */
    struct plan_contributor c; /* actor "staff:N" / "account:N" */
    const char *granted_by, *granted_by_name, *how, *revoked_by;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};
/* Records a permission (row->person_id, staff_id or account_id, c.name, c.kind, c.granted_on,
 * granted_by(_name), how). ERR_CONFLICT when the same login already has a live permission. */
int plan_contributor_add(struct store_conn *c, int64_t council_id, struct plan_contributor_row *row,
                         int64_t now, struct err *e);
/* Ends a permission from `on`. */
int plan_contributor_revoke(struct store_conn *c, int64_t council_id, int64_t id, int64_t version,
                            const char *by, day_t on, int64_t now, struct err *e);
/* Every permission recorded for the person, live or ended, oldest first. */
int plan_contributor_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                          struct arena *a, struct plan_contributor_row **items, size_t *n,
                          struct err *e);

/* People who could be asked to help: the allocated worker, and accounts with a live link to the
 * person as representative or support organisation (web_relationships). */
struct plan_candidate {
    int64_t staff_id, account_id;
    const char *actor; /* "staff:N" / "account:N" */
    const char *name;
    const char *role;  /* access role name: "social-worker", "representative", ... */
    const char *organisation;
};
int plan_contributor_candidates(struct store_conn *c, int64_t council_id, int64_t person_id,
                                day_t today, struct arena *a, struct plan_candidate **items,
                                size_t *n, struct err *e);

/* ---- the council's planning settings ----------------------------------------------------------- */

struct plan_settings {
    int planning_period_days;
    char reminder_days[41];    /* "14,7,1" */
    char dp_team_contact[201];
    char out_of_hours_phone[61];
    char support_service[201];
    int payment_interval_weeks;
    bool net_payments;
    int first_review_months;
    int review_interval_months;
    int surplus_weeks;
    int64_t contingency;
    int records_years;
    int response_days;
    int64_t pa_insurance_annual;
    bool employment_allowance_claimed;
    int suppress_below;
    bool stored;               /* false: no row yet, these are the defaults */
    int64_t version;           /* 0 when not stored */
};
/* The council's settings, or the defaults (stored false). */
int plan_settings_get(struct store_conn *c, int64_t council_id, struct plan_settings *out,
                      struct err *e);
/* Checks and stores them (insert, or update at s->version); s->version is refreshed. */
int plan_settings_put(struct store_conn *c, int64_t council_id, struct plan_settings *s,
                      const char *by, int64_t now, struct err *e);
/* The reminder rules from the settings. */
int plan_settings_period(const struct plan_settings *s, struct plan_period_rules *out,
                         struct err *e);

/* ---- the budget -------------------------------------------------------------------------------- */

enum plan_budget_status {
    PLAN_BUDGET_PROPOSED = 0,
    PLAN_BUDGET_AGREED,
    PLAN_BUDGET_REFUSED,
    PLAN_BUDGET_REPLACED,
    PLAN_BUDGET_STATUS_COUNT
};
const char *plan_budget_status_id(enum plan_budget_status s); /* "proposed", ... */

struct plan_budget_row {
    int64_t id;
    int64_t person_id;
    int64_t annual, one_off_allowance; /* pence */
    const char *reasons;
    enum plan_budget_status status;
    char hash[SIGNOFF_HASH_HEX];
    int64_t proposed_by;               /* staff id */
    const char *proposed_by_name;
    day_t proposed_on;
    int64_t agreed_by;                 /* staff id, 0 until agreed */
    day_t agreed_on, plan_due_on;      /* 0 until agreed */
    const char *person_ref;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};
/* Records a proposed budget (person_id, annual, one_off_allowance, reasons, proposed_by,
 * proposed_on) and its content hash (plan_budget_hash, with the new id); any earlier proposal still
 * waiting is marked replaced. In a transaction. */
int plan_budget_propose(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                        int64_t now, struct err *e);
int plan_budget_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                    struct plan_budget_row *out, struct err *e);
/* The person's newest budget row of any status; ERR_NOT_FOUND when none. */
int plan_budget_latest(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_budget_row *out, struct err *e);
/* The person's budget that stands (the newest agreed); ERR_NOT_FOUND when none is agreed. */
int plan_budget_agreed(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_budget_row *out, struct err *e);
/* A proposed budget becomes agreed (by, on, the plan's target date); an earlier agreed budget of
 * the person is marked replaced. In a transaction. */
int plan_budget_agree(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                      int64_t agreed_by, day_t on, day_t plan_due, int64_t now, struct err *e);
/* A proposed budget is refused (a new figure can be proposed). */
int plan_budget_refuse(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                       int64_t now, struct err *e);

/* ---- sign-off ---------------------------------------------------------------------------------- */

struct plan_signoff_row {
    int64_t id;
    int64_t person_id;
    int64_t subject_id;        /* the plan version's or the budget's row id */
    int64_t worker_id;         /* staff id of the worker responsible (first stop) */
    struct signoff_request req; /* id and subject_ref are the row ids in decimal; worker_id and
                                   raised_by as the domain compares them (staff ids in decimal,
                                   "account:N" for a citizen) */
    struct signoff_state st;   /* with every decision, oldest first */
    size_t stored_decisions;   /* how many of st.decisions are already in the table */
    const char *raised_by_name; /* as people read it: "Linda Linked", "Sam Worker" */
    const char *person_name, *person_ref;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};
/* Stores a request opened with signoff_open (row->person_id, subject_id, worker_id, req, st). */
int plan_signoff_create(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                        int64_t now, struct err *e);
int plan_signoff_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                     struct plan_signoff_row *out, struct err *e);
/* Stores the state after signoff_decide / signoff_withdraw: status, holder, where, and the
 * decisions not stored yet, if the row is still at row->version. In a transaction. */
int plan_signoff_update(struct store_conn *c, int64_t council_id, struct plan_signoff_row *row,
                        int64_t now, struct err *e);
/* The person's requests, newest first. */
int plan_signoff_for_person(struct store_conn *c, int64_t council_id, int64_t person_id,
                            struct arena *a, struct plan_signoff_row **items, size_t *n,
                            struct err *e);
/* Pending requests held by this member of staff (and, for panel members, those with the panel),
 * oldest first. */
int plan_signoff_waiting(struct store_conn *c, int64_t council_id, int64_t staff_id,
                         struct arena *a, struct plan_signoff_row **items, size_t *n,
                         struct err *e);
/* The pending request for a subject; ERR_NOT_FOUND when none. */
int plan_signoff_pending(struct store_conn *c, int64_t council_id, enum signoff_subject subject,
                         int64_t subject_id, struct arena *a, struct plan_signoff_row *out,
                         struct err *e);

/* The council's staff as the sign-off rules see them: ids in decimal, names, roles in words, the
 * manager each reports to, their limits and panel membership. */
int plan_signoff_org(struct store_conn *c, int64_t council_id, struct arena *a,
                     struct signoff_org *out, struct err *e);
/* Sets a worker's annual limit. set_by must be the worker's own manager, within their own limit
 * unless at the top of the chain (signoff_check_set_limit); as_admin lets a council administrator
 * set the limit of someone with no manager. Keeps the change in signoff_limit_changes. In a
 * transaction. */
int plan_signoff_set_limit(struct store_conn *c, int64_t council_id, int64_t staff_id,
                           int64_t new_limit, int64_t set_by, bool as_admin, const char *reasons,
                           int64_t now, struct err *e);
struct plan_limit_change {
    int64_t id, staff_id, old_limit, new_limit, set_by;
    const char *staff_name, *set_by_name, *reasons;
    char set_at[STORE_TIME_SIZE];
};
/* Changes to limits, newest first (staff_id 0: everyone's). */
int plan_signoff_limit_history(struct store_conn *c, int64_t council_id, int64_t staff_id,
                               struct arena *a, struct plan_limit_change **items, size_t *n,
                               struct err *e);
/* Adds (member true) or removes someone from the funding panel. */
int plan_signoff_panel_set(struct store_conn *c, int64_t council_id, int64_t staff_id, bool member,
                           int64_t by, int64_t now, struct err *e);

/* ---- direct payment agreements ----------------------------------------------------------------- */

struct plan_agreement_row {
    int64_t id;
    int64_t person_id;
    int64_t plan_id;
    int64_t created_by;
    struct dp_agreement ag;          /* title, sections, hashes, recipient, amounts, reviews */
    struct dp_agreement_parties parties;
    const char *status;              /* "offered", "accepted", "replaced" */
    bool accepted;
    struct dp_acceptance acceptance; /* when accepted */
    const char *accepted_by_actor;
    char created_at[STORE_TIME_SIZE];
    int64_t version;
};
/* Stores an agreement made by dp_agreement_build from plan version plan_id; earlier agreements of
 * the person not accepted become replaced. Fills row->id. In a transaction. */
int plan_agreement_create(struct store_conn *c, int64_t council_id, struct plan_agreement_row *row,
                          int64_t now, struct err *e);
/* The person's newest agreement; ERR_NOT_FOUND when none. */
int plan_agreement_current(struct store_conn *c, int64_t council_id, int64_t person_id,
                           struct arena *a, struct plan_agreement_row *out, struct err *e);
int plan_agreement_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                       struct plan_agreement_row *out, struct err *e);
/* Records an acceptance made by dp_agreement_accept, if the agreement is still offered at
 * row->version. In a transaction. */
int plan_agreement_accept(struct store_conn *c, int64_t council_id, struct plan_agreement_row *row,
                          const struct dp_acceptance *acc, const char *actor, int64_t now,
                          struct err *e);

/* ---- arrangements ------------------------------------------------------------------------------ */

struct plan_arrangement_row {
    int64_t id;
    int64_t person_id;
    enum choice_option kind;
    int64_t annual;
    const char *provider;
    day_t start_date;
    int64_t choice_offer_id, budget_id, set_up_by;
    const char *set_up_by_name;
    const char *status;
    char created_at[STORE_TIME_SIZE];
    int64_t version;
};
/* Sets up an arrangement of row->kind for row->person_id from row->start_date, on `today`. The
 * gate is here, so nothing can set one up without it: the person's agreed budget and their latest
 * recorded offer are loaded and choice_can_set_up_arrangement decides (ERR_FORBIDDEN with its
 * message: no record of the options being offered, an option not accounted for, no choice, amounts
 * that do not add up). No agreed budget is ERR_CONFLICT. The amount is what the person chose for
 * that way; an ISF names the provider they chose. Fills the row. In a transaction. */
int plan_arrangement_set_up(struct store_conn *c, int64_t council_id,
                            struct plan_arrangement_row *row, day_t today, int64_t now,
                            struct arena *a, struct err *e);
int plan_arrangement_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                          struct arena *a, struct plan_arrangement_row **items, size_t *n,
                          struct err *e);

/* ---- reports and worklists --------------------------------------------------------------------- */

struct choice_report_row;
/* The rows of the managers' choice report: every person whose budget was agreed in [from, to] (the
 * latest such agreement), with the worker responsible now, their team, the person's client group
 * (as people read it) and their latest recorded offer (NULL when none). */
int plan_report_choice_rows(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                            struct arena *a, struct choice_report_row **rows, size_t *n,
                            struct err *e);

struct plan_mix_row;
/* The rows of the traditional-support report (src/domain/plan_mix.h): every plan version signed off
 * in [from, to] (later superseded or not), with the person's reference and client group, the
 * worker responsible now and their team, and the version's traditional and other spending as
 * plan_cost gives it (the plan page's figures; PA lines at the true employer cost with the
 * council's settings, rates of the plan's start year). Two statements for the whole period. */
int plan_report_mix_rows(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                         struct arena *a, struct plan_mix_row **rows, size_t *n, struct err *e);

/* People with an agreed budget whose plan has not been sent for sign-off, for a worklist:
 * allocated to worker_id (0: anyone in the council), with the budget's agreed date and target. */
struct plan_due_row {
    int64_t person_id;
    const char *person_name, *reference;
    day_t agreed_on, plan_due_on;
    const char *plan_status; /* "none", "draft" */
};
int plan_report_due(struct store_conn *c, int64_t council_id, int64_t worker_id, int64_t team_of,
                    struct arena *a, struct plan_due_row **items, size_t *n, struct err *e);

/* ---- demo -------------------------------------------------------------------------------------- */

/* For `selfdirect demo` (after web_demo_seed and assess_demo_seed): the council's planning
 * settings; sign-off limits for its social workers and team managers and a funding panel; and for
 * up to max_people people with an allocated worker, an agreed budget (from their assessment's
 * indicative budget where there is one), a recorded offer of every option and their choice, and a
 * plan: some still drafts, some signed off with a direct payment agreement. Runs in its own
 * transaction; *seeded (may be NULL) says how many people. */
int plan_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, int max_people,
                   int *seeded, struct err *e);

#endif
