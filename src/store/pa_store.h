/*
 * pa_store.h — the records of personal assistants (PAs) and their employment: the register kept by
 * a support organisation (PAs, DBS and right-to-work checks, training and skills, references,
 * areas and availability, accreditation), PA concerns with tracked responses, employers,
 * contracts, sickness, timesheets, and pay runs with their payslips. docs/pa.md is the long
 * version.
 *
 * The same rules as records.h: every function takes council_id, and a record of another council
 * behaves exactly as one that does not exist (ERR_NOT_FOUND); composite foreign keys make a link
 * across councils impossible. Records with a `version` are updated optimistically (ERR_CONFLICT
 * when stale). Strings are fixed-size fields; a value that does not fit is refused. Dates are
 * day_t; stamps are made from the `now` the caller passes. Rules come from the pure domain
 * (src/domain/pa_register.h, src/domain/payrun.h); these functions load what the rule needs, call
 * it, and store the result, so the rule is enforced whatever calls them (web, CLI, tests).
 *
 * Split by file: pa_register.c (organisations, settings, PAs, checks, finder, reminders,
 * accreditation), pa_concern.c, pa_employment.c (employers, contracts, sickness, timesheets),
 * pa_payrun.c (pay runs, payslips, documents' data).
 */
#ifndef SELFDIRECT_STORE_PA_STORE_H
#define SELFDIRECT_STORE_PA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/pa_register.h"
#include "domain/payrun.h"
#include "store/store.h"

struct arena;
struct err;

/* ---- support organisations ------------------------------------------------------------------- */

struct support_org {
    int64_t id;
    int64_t council_id;
    char name[201];
    bool runs_pa_register;
    bool payroll_bureau;
    char contact_name[121];   /* the named contact a PA's concern reaches */
    char contact_email[255];
    char contact_phone[31];
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int support_org_create(struct store_conn *c, int64_t council_id, struct support_org *o, int64_t now,
                       struct err *e);
int support_org_get(struct store_conn *c, int64_t council_id, int64_t id, struct support_org *out,
                    struct err *e);
int support_org_update(struct store_conn *c, int64_t council_id, struct support_org *o, int64_t now,
                       struct err *e);
int support_org_list(struct store_conn *c, int64_t council_id, struct arena *a,
                     struct support_org **items, size_t *n, struct err *e);

/* ---- the council's PA settings ---------------------------------------------------------------- */

struct pa_settings {
    int64_t council_id;
    struct pa_policy policy;
    char concern_contact_name[121];
    char concern_contact_email[255];
    int concern_response_days;
    char updated_at[STORE_TIME_SIZE];
    int64_t version;          /* 0: never saved (the defaults) */
};

/* The council's settings, or the defaults (version 0) when it has saved none. */
int pa_settings_get(struct store_conn *c, int64_t council_id, struct pa_settings *out,
                    struct err *e);
/* Saves them: version 0 creates the row, otherwise the usual version rule. */
int pa_settings_save(struct store_conn *c, int64_t council_id, struct pa_settings *s, int64_t now,
                     struct err *e);

/* ---- PAs ------------------------------------------------------------------------------------------ */

struct pa_record {
    int64_t id;
    int64_t council_id;
    int64_t organisation_id;  /* the support organisation running the register entry; 0 none */
    int64_t account_id;       /* the PA's own login (web_accounts); 0 none */
    char title[36];
    char given_name[401];
    char family_name[401];
    day_t date_of_birth;
    char gender;              /* 'F', 'M' as HMRC holds it, or 0 when not given */
    char ni_number[10];       /* "QQ123456C" once validated, or "" */
    char address_line1[121];
    char address_line2[121];
    char town[61];
    char postcode[9];
    char phone[31];
    char email[255];
    char about[2001];         /* what the PA says about themselves, for the finder */
    bool listed;              /* the PA agrees to appear in the finder */
    enum pa_accreditation accreditation; /* set only by pa_accreditation_set */
    day_t accreditation_on;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* Checks and normalises p (trimmed names, upper-case NI number and postcode). */
int pa_validate(struct pa_record *p, day_t today, struct err *e);
/* A National Insurance number as HMRC issues them: two prefix letters (not D, F, I, Q, U or V;
 * O never second; not BG, GB, KN, NK, NT, TN or ZZ), six digits, a suffix A to D. Spaces are
 * dropped and letters upper-cased in place. "" is allowed (not known yet). */
int pa_ni_number_normalise(char *ni, struct err *e);

/* Creates a PA as registered (accreditation_on = today). */
int pa_create(struct store_conn *c, int64_t council_id, struct pa_record *p, day_t today,
              int64_t now, struct err *e);
int pa_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_record *out,
           struct err *e);
/* The PA signed in with this login (ERR_NOT_FOUND when the login is not a PA's). */
int pa_find_account(struct store_conn *c, int64_t council_id, int64_t account_id,
                    struct pa_record *out, struct err *e);
/* Changes everything except the accreditation, which only pa_accreditation_set changes. */
int pa_update(struct store_conn *c, int64_t council_id, struct pa_record *p, day_t today,
              int64_t now, struct err *e);

/* ---- checks, training, references, areas, availability --------------------------------------- */

struct pa_dbs_record {
    int64_t id;
    int64_t council_id;
    int64_t pa_id;
    struct dbs_check check;
    char certificate_number[20]; /* 12 digits once stored (typed with spaces is accepted) */
    char seen_by[121];
    day_t seen_on;
    char created_at[STORE_TIME_SIZE];
};

int pa_dbs_add(struct store_conn *c, int64_t council_id, struct pa_dbs_record *d, day_t today,
               int64_t now, struct err *e);
/* Records an online Update Service status check of a certificate on `on`. */
int pa_dbs_update_checked(struct store_conn *c, int64_t council_id, int64_t id, day_t on,
                          struct err *e);
int pa_dbs_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                struct pa_dbs_record **items, size_t *n, struct err *e);
/* The PA's DBS status today under the council's policy. */
int pa_dbs_status_of(struct store_conn *c, int64_t council_id, int64_t pa_id,
                     const struct pa_policy *policy, day_t today, struct pa_check_result *out,
                     struct err *e);

struct pa_rtw_record {
    int64_t id;
    int64_t council_id;
    int64_t pa_id;
    char document[32];        /* uk_passport, birth_certificate_and_ni, share_code,
                                 biometric_residence_permit, other */
    struct pa_right_to_work check;
    char checked_by[121];
    char notes[501];
    char created_at[STORE_TIME_SIZE];
};

int pa_rtw_add(struct store_conn *c, int64_t council_id, struct pa_rtw_record *r, day_t today,
               int64_t now, struct err *e);
int pa_rtw_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                struct pa_rtw_record **items, size_t *n, struct err *e);

struct pa_training_record {
    int64_t id;
    int64_t council_id;
    int64_t pa_id;
    bool is_skill;            /* a skill the PA has, rather than a course */
    char name[121];
    bool has_completed;
    day_t completed_on;
    bool has_expiry;
    day_t expires_on;
    bool evidence_seen;
    char created_at[STORE_TIME_SIZE];
};

int pa_training_add(struct store_conn *c, int64_t council_id, struct pa_training_record *t,
                    int64_t now, struct err *e);
int pa_training_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                     struct pa_training_record **items, size_t *n, struct err *e);

enum pa_reference_outcome { REF_REQUESTED = 0, REF_SATISFACTORY, REF_UNSATISFACTORY,
                            REF_OUTCOME_COUNT };

struct pa_reference_record {
    int64_t id;
    int64_t council_id;
    int64_t pa_id;
    char referee_name[121];
    char relationship[121];
    char contact[255];
    enum pa_reference_outcome outcome;
    bool has_received;
    day_t received_on;
    char checked_by[121];
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int pa_reference_add(struct store_conn *c, int64_t council_id, struct pa_reference_record *r,
                     int64_t now, struct err *e);
/* Records the outcome (received_on and checked_by required unless still requested). */
int pa_reference_update(struct store_conn *c, int64_t council_id, struct pa_reference_record *r,
                        int64_t now, struct err *e);
int pa_reference_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                      struct pa_reference_record **items, size_t *n, struct err *e);

/* Replaces the PA's areas (towns or postcode districts; stored upper-case, duplicates dropped). */
int pa_areas_set(struct store_conn *c, int64_t council_id, int64_t pa_id,
                 const char *const *areas, size_t n, struct err *e);
int pa_areas_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                  char ***areas, size_t *n, struct err *e);

enum pa_day_part { PART_MORNING = 0, PART_AFTERNOON, PART_EVENING, PART_NIGHT, PA_DAY_PART_COUNT };
const char *pa_day_part_name(enum pa_day_part p);
int pa_day_part_parse(const char *s, enum pa_day_part *out);

struct pa_slot {
    int weekday;              /* 0 Monday .. 6 Sunday */
    enum pa_day_part part;
};

/* Replaces the PA's availability. */
int pa_availability_set(struct store_conn *c, int64_t council_id, int64_t pa_id,
                        const struct pa_slot *slots, size_t n, struct err *e);
int pa_availability_list(struct store_conn *c, int64_t council_id, int64_t pa_id,
                         struct arena *a, struct pa_slot **slots, size_t *n, struct err *e);

/* ---- accreditation, finder, reminders ------------------------------------------------------------ */

/* Everything on file for the accreditation rule, as of today. */
int pa_evidence_load(struct store_conn *c, int64_t council_id, int64_t pa_id,
                     const struct pa_policy *policy, day_t today, struct pa_evidence *out,
                     struct err *e);

/* Moves a PA's accreditation (pa_accreditation_check decides) and logs who and why. actor_org_id
 * is the support organisation of the person acting (by_name). Runs in the caller's transaction or
 * its own. On success *p is refreshed. */
int pa_accreditation_set(struct store_conn *c, int64_t council_id, struct pa_record *p,
                         enum pa_accreditation to, int64_t actor_org_id, const char *by_name,
                         const char *reason, day_t today, int64_t now, struct err *e);

struct pa_finder_query {
    const char *area;          /* exact area (any case); NULL = any */
    const char *skill;         /* a skill or training name word prefix (any case); NULL = any */
    int weekday;               /* 0..6, or -1 = any */
    int part;                  /* enum pa_day_part, or -1 = any */
    bool include_unchecked;    /* the budget holder chose to see PAs the register has not checked */
    int limit;                 /* 1..100; 0 means 25 */
    int offset;
};

struct pa_finder_item {
    struct pa_record pa;
    struct pa_check_result dbs;
    char status_text[400];     /* always shown beside the PA */
};

struct pa_finder_page {
    struct pa_finder_item *items;
    size_t n;
    int64_t total;             /* matches after the check filter */
    int64_t hidden_unchecked;  /* matches hidden because not checked (0 when include_unchecked) */
};

/* Listed PAs matching the query, by family and given name. */
int pa_finder(struct store_conn *c, int64_t council_id, const struct pa_finder_query *q,
              day_t today, struct arena *a, struct pa_finder_page *out, struct err *e);

/* Everything needing action today: DBS checks missing, expired or due (for PAs with a current
 * contract or listed in the finder), mandatory checks for homes with a child under 16, time-limited
 * right to work ending, employers' liability insurance ending. */
int pa_reminders(struct store_conn *c, int64_t council_id, day_t today, struct arena *a,
                 struct pa_reminder **items, size_t *n, struct err *e);

/* ---- concerns ------------------------------------------------------------------------------------- */

enum pa_concern_status { CONCERN_OPEN = 0, CONCERN_RESPONDED, CONCERN_CLOSED, CONCERN_STATUS_COUNT };
const char *pa_concern_status_name(enum pa_concern_status s);
/* How a closed concern ended: dealt with; looked into and not upheld; passed on (safeguarding, HMRC,
 * the employer's insurer ...); withdrawn by the PA. */
enum pa_concern_outcome { CONCERN_NO_OUTCOME = 0, CONCERN_RESOLVED, CONCERN_NOT_UPHELD,
                          CONCERN_REFERRED, CONCERN_WITHDRAWN, CONCERN_OUTCOME_COUNT };
const char *pa_concern_outcome_name(enum pa_concern_outcome o); /* "not-upheld"; "" for none */
int pa_concern_outcome_parse(const char *s, enum pa_concern_outcome *out); /* not "" */

struct pa_concern {
    int64_t id;
    int64_t council_id;
    int64_t pa_id;
    enum pa_concern_about about;
    int64_t employer_id;        /* 0: not about one employer */
    char summary[4001];
    day_t raised_on;
    struct pa_concern_route route;
    enum pa_concern_status status;
    char response[4001];
    char responded_by[121];
    bool has_responded;
    day_t responded_on;
    bool has_closed;
    day_t closed_on;
    enum pa_concern_outcome outcome; /* CONCERN_NO_OUTCOME until closed */
    char closed_by[121];
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* Raises a concern: routes it (pa_concern_route) to the PA's register organisation's named contact
 * or the council's, with its respond-by date. The employer, when given, must employ the PA. */
int pa_concern_raise(struct store_conn *c, int64_t council_id, struct pa_concern *cn, day_t today,
                     int64_t now, struct err *e);
int pa_concern_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_concern *out,
                   struct err *e);
/* The named contact's response (who, what); the concern becomes "responded". */
int pa_concern_respond(struct store_conn *c, int64_t council_id, struct pa_concern *cn,
                       const char *by, const char *response, day_t today, int64_t now,
                       struct err *e);
/* Closes a responded concern with its outcome, by the named person. */
int pa_concern_close(struct store_conn *c, int64_t council_id, struct pa_concern *cn,
                     enum pa_concern_outcome outcome, const char *by, day_t today, int64_t now,
                     struct err *e);
/* pa_id 0 = all; overdue_only: open past respond_by on today. Oldest first. */
int pa_concern_list(struct store_conn *c, int64_t council_id, int64_t pa_id, bool overdue_only,
                    day_t today, struct arena *a, struct pa_concern **items, size_t *n,
                    struct err *e);

/* Who answers concerns (0038). A login answers for the council's named contact (a staff member,
 * organisation_id 0) or for a support organisation's (one of its workers' accounts). Adding the
 * same link twice is not an error. A staff login is refused for an organisation and an account
 * for the council; the account must be a support organisation worker's. */
int pa_concern_handler_add(struct store_conn *c, int64_t council_id, int64_t organisation_id,
                           int64_t staff_id, int64_t account_id, int64_t now, struct err *e);

#define PA_CONCERN_SCOPE_MAX 16
/* What one login answers for: the council's contact, and up to PA_CONCERN_SCOPE_MAX organisations. */
struct pa_concern_scope {
    bool council;
    int64_t orgs[PA_CONCERN_SCOPE_MAX];
    size_t norgs;
};
/* The scope of a staff member (staff_id > 0) or an account (account_id > 0); empty when none. */
int pa_concern_scope_get(struct store_conn *c, int64_t council_id, int64_t staff_id,
                         int64_t account_id, struct pa_concern_scope *out, struct err *e);
bool pa_concern_scope_empty(const struct pa_concern_scope *sc);
/* Is the concern routed to a contact the scope answers for? */
bool pa_concern_in_scope(const struct pa_concern_scope *sc, const struct pa_concern *cn);
/* The concerns the scope answers for: open_only lists open and responded (not closed) ones,
 * overdue first then by respond-by date; otherwise every one, newest first. */
int pa_concern_list_scope(struct store_conn *c, int64_t council_id,
                          const struct pa_concern_scope *sc, bool open_only, struct arena *a,
                          struct pa_concern **items, size_t *n, struct err *e);

/* ---- employers ------------------------------------------------------------------------------------ */

enum pa_employer_kind { EMPLOYER_BUDGET_HOLDER = 0, EMPLOYER_REPRESENTATIVE, PA_EMPLOYER_KIND_COUNT };

struct pa_employer {
    int64_t id;
    int64_t council_id;
    int64_t person_id;          /* the budget holder the PAs support */
    enum pa_employer_kind kind;
    int64_t contact_id;         /* the representative employing for them (kind representative) */
    int64_t bureau_id;          /* a payroll bureau acting for them; 0 none */
    char name[121];             /* the legal employer's name */
    int64_t account_id;         /* the employer's login; 0 none yet */
    int64_t bureau_account_id;  /* the bureau's login; 0 none */
    char paye_office[4];        /* "123" */
    char paye_reference[11];    /* "A45678" */
    char accounts_office_ref[14]; /* "123PA00045678" */
    char el_insurer[121];
    char el_policy[61];
    bool has_el_expiry;
    day_t el_expires_on;
    bool employment_allowance;  /* claimed */
    bool pay_hmrc_quarterly;    /* chosen (allowed while the average monthly liability < £1,500) */
    bool child_under_16_in_home;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int pa_employer_validate(struct pa_employer *m, struct err *e);
int pa_employer_create(struct store_conn *c, int64_t council_id, struct pa_employer *m,
                       int64_t now, struct err *e);
int pa_employer_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_employer *out,
                    struct err *e);
int pa_employer_update(struct store_conn *c, int64_t council_id, struct pa_employer *m,
                       int64_t now, struct err *e);
/* The employers for a budget holder (person_id > 0) or signed in with a login (account_id > 0). */
int pa_employer_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                     int64_t account_id, struct arena *a, struct pa_employer **items, size_t *n,
                     struct err *e);

/* ---- contracts ------------------------------------------------------------------------------------ */

struct pa_contract {
    int64_t id;
    int64_t council_id;
    int64_t employer_id;
    int64_t pa_id;
    char payroll_id[36];
    char job_title[121];
    day_t starts_on;
    bool has_end;
    day_t ends_on;              /* the leaving date */
    int64_t hours_week_minutes;
    int32_t days_week_hundredths;
    int64_t hourly_rate;        /* pence */
    enum pay_frequency frequency;
    enum holiday_basis holiday;
    bool rolled_up;
    unsigned qualifying_days;   /* SSP_* bits */
    char pension_scheme[121];   /* "" none chosen yet */
    enum pension_status pension;
    int32_t pension_employer_bp;
    int32_t pension_employee_bp;
    enum pension_relief relief;
    char tax_code[21];
    bool week1_month1;
    char ni_category;
    char starter_declaration;   /* 'A', 'B', 'C', or 0 (a P45 was given) */
    int64_t previous_pay;
    int64_t previous_tax;
    int previous_tax_year;      /* the tax year the P45 figures are for; 0 none */
    bool apprentice;
    day_t apprenticeship_starts_on;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* Sets the defaults a new contract starts from (5 days, Monday to Friday, 5.6 weeks, assess for
 * the pension at 3% / 5% relief at source, code 1257L, category A). */
void pa_contract_init(struct pa_contract *k);
/* Checks the contract's own fields: tax code, NI letter, rates, dates. */
int pa_contract_validate(struct pa_contract *k, struct err *e);
/* Creates a contract. Refused when the hourly rate is below the minimum wage for the PA's age on
 * the start date (tables: the minimum wage tables), or when the council requires a DBS check for
 * this home (a child under 16) and the PA has no current one. When starter_declaration is given
 * and tax_code is "", the code comes from the starter checklist (payrun_starter_code). */
int pa_contract_create(struct store_conn *c, int64_t council_id, struct pa_contract *k,
                       const struct payrun_tables *tables, day_t today, int64_t now,
                       struct err *e);
int pa_contract_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_contract *out,
                    struct err *e);
/* Changes terms (the employer and PA are fixed); the hourly rate is checked again as of today. */
int pa_contract_update(struct store_conn *c, int64_t council_id, struct pa_contract *k,
                       const struct payrun_tables *tables, day_t today, int64_t now,
                       struct err *e);
/* employer_id > 0 and/or pa_id > 0. */
int pa_contract_list(struct store_conn *c, int64_t council_id, int64_t employer_id, int64_t pa_id,
                     struct arena *a, struct pa_contract **items, size_t *n, struct err *e);

/* ---- sickness ------------------------------------------------------------------------------------- */

struct pa_sickness {
    int64_t id;
    int64_t council_id;
    int64_t contract_id;
    day_t first_day, last_day;
    int64_t awe;                /* pence; 0: use the contract's normal weekly pay */
    char created_at[STORE_TIME_SIZE];
};

/* Refuses a spell overlapping one already recorded for the contract. */
int pa_sickness_add(struct store_conn *c, int64_t council_id, struct pa_sickness *s, int64_t now,
                    struct err *e);
int pa_sickness_list(struct store_conn *c, int64_t council_id, int64_t contract_id,
                     struct arena *a, struct pa_sickness **items, size_t *n, struct err *e);

/* ---- timesheets ----------------------------------------------------------------------------------- */

enum pa_timesheet_status { TIMESHEET_SUBMITTED = 0, TIMESHEET_APPROVED, TIMESHEET_REJECTED,
                           TIMESHEET_STATUS_COUNT };
const char *pa_timesheet_status_name(enum pa_timesheet_status s);

struct pa_timesheet {
    int64_t id;
    int64_t council_id;
    int64_t contract_id;
    day_t period_start, period_end;
    int64_t worked_minutes;
    int64_t holiday_minutes;
    char notes[1001];
    enum pa_timesheet_status status;
    int64_t submitted_by_account;
    char submitted_at[STORE_TIME_SIZE];
    int64_t decided_by_account;
    char decided_at[STORE_TIME_SIZE];   /* "" while submitted */
    char reject_reason[501];
    int64_t pay_run_id;                 /* 0 until paid */
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* The PA (account_id: their own login) submits a timesheet for one of their contracts. */
int pa_timesheet_submit(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                        int64_t account_id, int64_t now, struct err *e);
/* The employer (account_id: the employer's or their bureau's login, never the PA's) approves or
 * rejects a submitted timesheet. A decided timesheet cannot be decided again. */
int pa_timesheet_approve(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                         int64_t account_id, int64_t now, struct err *e);
int pa_timesheet_reject(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                        int64_t account_id, const char *reason, int64_t now, struct err *e);
int pa_timesheet_get(struct store_conn *c, int64_t council_id, int64_t id,
                     struct pa_timesheet *out, struct err *e);
/* A contract's timesheets, newest period first. */
int pa_timesheet_list(struct store_conn *c, int64_t council_id, int64_t contract_id,
                      struct arena *a, struct pa_timesheet **items, size_t *n, struct err *e);
/* An employer's timesheets waiting for their decision (status submitted), oldest first: the
 * employer's "to approve" list. */
int pa_timesheet_list_pending(struct store_conn *c, int64_t council_id, int64_t employer_id,
                              struct arena *a, struct pa_timesheet **items, size_t *n,
                              struct err *e);

/* ---- pay runs ------------------------------------------------------------------------------------- */

struct pa_pay_run {
    int64_t id;
    int64_t council_id;
    int64_t employer_id;
    struct payrun_period period;
    struct payrun_totals totals;  /* figures only: totals.explain is not stored */
    char run_by[121];
    char created_at[STORE_TIME_SIZE];
};

struct pa_payslip {
    int64_t id;
    int64_t council_id;
    int64_t pay_run_id;
    int64_t contract_id;
    int64_t pa_id;
    int tax_year;
    int period;
    day_t pay_date;
    struct payslip_calc calc;     /* every figure and the explanation, as stored */
    char created_at[STORE_TIME_SIZE];
};

struct pa_payrun_request {
    int64_t employer_id;          /* 0: every employer with PAs paid at this frequency */
    struct payrun_period period;  /* from payrun_period_make */
    const char *run_by;           /* who ran it, for the record */
    int chunk;                    /* employers per transaction when running all (0: 2,000) */
    bool dry_run;                 /* read and calculate everything, write nothing (benchmarks,
                                     previews): the outcome counts what would be paid */
};

#define PA_PAYRUN_MAX_FAILURES 20

struct pa_payrun_failure {
    int64_t employer_id;
    int64_t contract_id;          /* 0 when not one contract's */
    struct err err;
};

struct pa_payrun_outcome {
    int employers_paid;           /* pay runs made now */
    int employers_already;        /* pay runs found already made for this period: not re-paid */
    int employers_failed;         /* refused (first PA_PAYRUN_MAX_FAILURES in failures) */
    int employers_nothing;        /* with contracts at this frequency but nothing to pay */
    int64_t payslips;             /* payslips made now */
    int64_t warnings;
    struct pa_payrun_failure failures[PA_PAYRUN_MAX_FAILURES];
    int nfailures;
    struct pa_pay_run run;        /* single-employer requests: the run made or found */
    bool already;                 /* single-employer requests: it had been run before */
};

/* Runs the pay run for one employer (request.employer_id) or for every employer paying at the
 * period's frequency. For each employer: if a run for this employer, frequency, tax year and
 * period exists it is returned as stored and nothing is paid again (already); otherwise every
 * contract with approved, unpaid timesheets ending by the period's last day (or sickness in the
 * period) is paid, the timesheets are marked paid by this run, and the run and its payslips are
 * stored, all in one transaction. An employer whose payslips cannot be worked out (a rate below
 * the minimum wage, a bad tax code) is refused as a whole, with the reason, and the others go on.
 * For a single employer the refusal is returned as the error. Must be called outside a
 * transaction: it makes its own, chunk employers at a time. */
int pa_payrun_run(struct store_conn *c, int64_t council_id, const struct payrun_tables *tables,
                  const struct pa_payrun_request *rq, int64_t now, struct pa_payrun_outcome *out,
                  struct err *e);

int pa_payrun_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_pay_run *out,
                  struct err *e);
int pa_payrun_find(struct store_conn *c, int64_t council_id, int64_t employer_id,
                   enum pay_frequency f, int tax_year, int period, struct pa_pay_run *out,
                   struct err *e);
/* An employer's pay runs in a tax year, in pay date order. */
int pa_payrun_list(struct store_conn *c, int64_t council_id, int64_t employer_id, int tax_year,
                   struct arena *a, struct pa_pay_run **items, size_t *n, struct err *e);
/* What the employer owes HMRC for each tax month of a year (index 0 = tax month 1), from the
 * stored runs by pay date. */
int pa_payrun_hmrc_months(struct store_conn *c, int64_t council_id, int64_t employer_id,
                          int tax_year, int64_t due[12], struct err *e);

int pa_payslip_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_payslip *out,
                   struct err *e);
/* A run's payslips (by contract), allocated from a. */
int pa_payslip_list_run(struct store_conn *c, int64_t council_id, int64_t pay_run_id,
                        struct arena *a, struct pa_payslip **items, size_t *n, struct err *e);
/* A PA's own payslips, newest first (figures and explanation). */
int pa_payslip_list_pa(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                       struct pa_payslip **items, size_t *n, struct err *e);
/* The contract's last payslip in a tax year (for a P60 or P45). ERR_NOT_FOUND when none. */
int pa_payslip_latest(struct store_conn *c, int64_t council_id, int64_t contract_id, int tax_year,
                      struct pa_payslip *out, struct err *e);

#endif
