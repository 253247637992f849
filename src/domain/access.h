/*
 * access.h — who may see and do what: the one access rule of selfdirect, as a pure function.
 *
 * Every request that touches a person's record is decided here, by the router, from the policy
 * written in the route table (src/web/routes.c); handlers never decide access themselves. The
 * rule has three parts, all of which must hold:
 *
 *   1. the right ROLE for the action (a commissioner never opens an individual's record);
 *   2. a LIVE RELATIONSHIP to the person, on today's date: the allocated worker (or their team
 *      manager), the person themself, a representative whose authority is recorded, a support
 *      organisation or advocate with an accepted referral and the person's consent. Finance
 *      officers and auditors hold a council-wide duty instead of a per-person relationship; it is
 *      still limited to their council and to what the duty needs (no changes, no history for
 *      finance);
 *   3. the SAME COUNCIL as the person.
 *
 * Outcomes. Allowed; allowed by break-glass (a duty worker's typed-reason, time-limited grant,
 * which is audited and reported); or refused. How a refusal answers matters as much as whether:
 *   - a record in another council answers 404, exactly like a record that does not exist, so
 *     nobody learns what other councils hold;
 *   - a citizen-side account (budget holder, representative, PA, organisation worker, advocate)
 *     refused a record also gets 404: a member of the public must not learn whether a record
 *     exists;
 *   - council staff refused a record in their own council get 403, with the reason, because they
 *     may legitimately need to ask for access (or use break-glass);
 *   - nobody signed in: 401 (pages send the person to sign in).
 *
 * No clock, no store, no globals: the caller passes today's date, the current time, and the
 * relationships it loaded. tests/unit/access_*.c pin every cell of the table.
 */
#ifndef SELFDIRECT_DOMAIN_ACCESS_H
#define SELFDIRECT_DOMAIN_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

/* USER_*, not ROLE_*: store/records.h's enum staff_role (the staff table's own roles) has ROLE_*
 * names, and code that needs both must be able to include both headers. */
enum role {
    USER_NONE = 0, /* not signed in */
    USER_BUDGET_HOLDER,
    USER_REPRESENTATIVE,      /* family member or other representative acting for the person */
    USER_PERSONAL_ASSISTANT,
    USER_SUPPORT_ORG_WORKER,  /* DP support service: recruitment, payroll, managed account ... */
    USER_ADVOCATE,
    USER_SOCIAL_WORKER,
    USER_TEAM_MANAGER,
    USER_FINANCE_OFFICER,
    USER_COMMISSIONER,
    USER_COUNCIL_ADMIN,
    USER_AUDITOR,
    USER_ROLE_COUNT
};

const char *role_name(enum role r);  /* stable identifier: "social-worker" */
const char *role_label(enum role r); /* for people: "Social worker" */
int role_parse(const char *name, enum role *out); /* ERR_INVALID for unknown names */
/* Council staff (social worker .. auditor) as opposed to citizen-side accounts. */
bool role_is_staff(enum role r);

enum relationship_kind {
    REL_ALLOCATED_WORKER = 0, /* staff member allocated to the person */
    REL_TEAM,                 /* the person is allocated to the subject's team (managers) */
    REL_SELF,                 /* the account is the person's own */
    REL_REPRESENTATIVE,       /* acting for the person; counts only with authority recorded */
    REL_SUPPORT_ORG,          /* DP support organisation: accepted referral and consent */
    REL_ADVOCACY,             /* advocacy: accepted referral and consent (separate, brief §7.2) */
    REL_PA,                   /* employed as the person's personal assistant */
    REL_PANEL_REQUEST,        /* a member of the council's funding panel while a sign-off request
                                 about the person waits at the panel: reading the plan and deciding
                                 only, and it ends when the request is decided (never stored: the
                                 store derives it from signoff_requests and signoff_panel) */
    REL_KIND_COUNT
};

const char *relationship_kind_name(enum relationship_kind k); /* "allocated-worker" */
int relationship_kind_parse(const char *name, enum relationship_kind *out);

struct relationship {
    enum relationship_kind kind;
    day_t starts;            /* first day it holds */
    day_t ends;              /* last day it holds; REL_OPEN_END when open-ended */
    bool authority_recorded; /* representatives: LPA, deputyship, nominated/authorised person */
    bool referral_accepted;  /* organisations and advocates */
    bool consent_given;      /* organisations and advocates */
};

#define REL_OPEN_END INT32_MAX

/* Is this relationship one that counts today (dates, and the evidence its kind needs)? */
bool relationship_live(const struct relationship *r, day_t today);

enum access_action {
    ACT_SIGNED_IN = 0,       /* anything any signed-in account may do (sign out, password) */
    ACT_PERSON_SUMMARY,      /* read a person's summary */
    ACT_PERSON_HISTORY,      /* read a person's audit history */
    ACT_PERSON_CHANGE,       /* change a person's records */
    ACT_PEOPLE_SEARCH,       /* search the council's people (names, dates of birth, references) */
    ACT_WORKLIST,            /* my people / my team's people */
    ACT_MY_SUPPORT,          /* a citizen's own home page */
    ACT_BREAK_GLASS,         /* ask for emergency access to a person's record */
    ACT_BREAK_GLASS_REPORT,  /* see every break-glass use in the council */
    ACT_ACCOUNTS_ADMIN,      /* manage the council's accounts */
    ACT_ASSESSMENT_READ,     /* read a person's assessments, eligibility, budget, contribution */
    ACT_SELF_ASSESS,         /* fill in and send a person's (supported self-) assessment */
    ACT_ASSESSMENT_COMPLETE, /* complete or verify an assessment, decide, override the budget */
    ACT_FINANCIAL_ASSESS,    /* make a person's financial assessment */
    ACT_RAS_ADMIN,           /* load the council's RAS configurations and charging settings */
    ACT_PLAN_READ,           /* read a person's budget, choice, plan, sign-off, agreement, challenges */
    ACT_PLAN_EDIT,           /* write in a person's plan (with their permission: plan_contrib.h) */
    ACT_PLAN_CASEWORK,       /* record the offer of options, propose the budget, set up arrangements */
    ACT_SIGNOFF_DECIDE,      /* decide a sign-off request about a person (its holder: signoff.h) */
    ACT_CHALLENGE_RAISE,     /* challenge a budget or a decision, or withdraw one's own challenge */
    ACT_PERSON_DECIDE,       /* the person's choices: how to take the budget, the DP agreement */
    ACT_SIGNOFF_LIMITS,      /* set sign-off limits (one's own reports; admins: tops of chains) */
    ACT_PLAN_REPORTS,        /* the choice and challenge reports (counts, not records) */
    ACT_PLAN_SETTINGS,       /* the council's planning and direct payment agreement settings */
    ACT_DP_READ,             /* read a person's direct payment: money, schedule, remittances */
    ACT_DP_STATEMENT,        /* send in a statement of the person's direct-payment account */
    ACT_DP_MANAGE,           /* set up and change a direct payment, match spending, flags */
    ACT_DP_WORKLIST,         /* the worklist of direct payments needing attention */
    ACT_FINANCE,             /* payment batches, BACS files, payment and monitoring settings */
    ACT_PA_WORK,             /* a personal assistant's own employers, timesheets, payslips, concerns */
    ACT_PA_EMPLOY,           /* a PA's employer (or bureau): approve timesheets, pay runs, summaries */
    ACT_PA_FIND,             /* the PA finder: checked PAs by area, skills and availability */
    ACT_PA_CONCERNS,         /* answer PAs' concerns as a named contact (the store scopes them) */
    ACT_DP_RECOVERY,         /* record an agreed recovery paid back, or kept back from a payment */
    ACT_COUNT
};

const char *access_action_name(enum access_action a);
/* Does the action concern one person (so needs a target)? */
bool access_action_needs_person(enum access_action a);

enum access_outcome {
    ACCESS_ALLOW = 0,
    ACCESS_ALLOW_BREAK_GLASS,
    ACCESS_DENY_401, /* not signed in */
    ACCESS_DENY_403,
    ACCESS_DENY_404,
};

struct access_subject {
    enum role role;
    int64_t council_id;
};

/* What the store found about the person (for person actions). has_person false: no such person
 * in the subject's council (the store looks only there), which answers 404 like another council. */
struct access_target {
    bool has_person;
    int64_t council_id;
    const struct relationship *rels; /* the subject's relationships to this person */
    size_t nrels;
    int64_t break_glass_expires; /* seconds since the epoch; 0 when there is no grant */
};

struct access_decision {
    enum access_outcome outcome;
    const char *reason; /* plain English, safe to show the person refused */
};

struct access_decision access_decide(const struct access_subject *who, enum access_action action,
                                     const struct access_target *target, day_t today,
                                     int64_t now);

/* HTTP status for an outcome: 200 for allowed ones. */
int access_outcome_status(enum access_outcome o);

#endif
