/*
 * pa_register.h — the rules of the personal assistant (PA) register, as pure functions: what a
 * PA's DBS checks add up to on a given day, when a re-check is due, which accreditation moves the
 * support organisation running the register may make, which PAs a budget holder's finder shows,
 * where a PA's concern goes, and who may submit or decide a timesheet.
 *
 * Council settings are inputs (struct pa_policy), never constants here:
 *   - how long a DBS certificate is taken to be valid (a council policy, not law: Wigan uses 3
 *     years). The Update Service keeps a certificate current: for a subscriber the validity runs
 *     from the last online status check, so the reminder is "check online" rather than "apply";
 *   - how many days before expiry reminders start;
 *   - whether a check is mandatory when a child under 16 lives in the home.
 * Personal care is regulated activity, so the check a PA needs is the enhanced check with the
 * adults' barred list; any lower level is shown as "not the right level" (it may still be on
 * record, and the budget holder may accept it, but the register never calls it "checked").
 *
 * Accreditation (after Portsmouth's register): registered -> checked (a current enhanced DBS with
 * the adults' barred list, right to work seen, two satisfactory references) -> accredited (and at
 * least one current training course with its certificate seen). Moves are one step up at a time,
 * any step down (with a reason, e.g. a check lapsed), and only by the organisation that runs the
 * PA's register entry.
 *
 * Pure: no I/O, no clock (today is passed in), no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PA_REGISTER_H
#define SELFDIRECT_DOMAIN_PA_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;

/* ---- DBS checks ------------------------------------------------------------------------------ */

enum dbs_level {
    DBS_BASIC = 0,
    DBS_STANDARD,
    DBS_ENHANCED,
    DBS_ENHANCED_ADULTS_BARRED, /* enhanced with the adults' barred list: what PA work needs */
    DBS_LEVEL_COUNT
};

const char *dbs_level_name(enum dbs_level l);  /* "enhanced_adults_barred": stored, in the API */
const char *dbs_level_label(enum dbs_level l); /* "Enhanced with adults' barred list" */
int dbs_level_parse(const char *s, enum dbs_level *out); /* ERR_INVALID if unknown */

struct dbs_check {
    int64_t id;
    enum dbs_level level;
    day_t issued_on;
    bool update_service;        /* the PA subscribes to the DBS Update Service */
    bool has_update_checked;
    day_t update_checked_on;    /* when the certificate's status was last checked online */
    bool information_disclosed; /* the certificate shows something: needs a risk assessment */
};

/* The council's settings (pa_settings). */
struct pa_policy {
    int dbs_valid_years;            /* 1..10 */
    int dbs_remind_days;            /* reminders start this many days before expiry */
    bool dbs_mandatory_child_under_16;
};

/* The policy a council has before it changes anything (3 years, 60 days, mandatory). */
void pa_policy_default(struct pa_policy *p);

enum pa_check_status {
    PA_CHECK_NONE = 0,     /* no DBS certificate on record */
    PA_CHECK_WRONG_LEVEL,  /* certificates, but none enhanced with the adults' barred list */
    PA_CHECK_EXPIRED,      /* the right level, but older than the council's validity */
    PA_CHECK_DUE_SOON,     /* valid today; the re-check falls within the reminder window */
    PA_CHECK_VALID,
};

const char *pa_check_status_name(enum pa_check_status s); /* "valid", "due_soon", ... */

struct pa_check_result {
    enum pa_check_status status;
    int best;                 /* index of the certificate the status rests on; -1 when none */
    day_t valid_until;        /* last day it counts as valid (when best >= 0) */
    int days_left;            /* valid_until - today (negative once expired) */
    bool via_update_service;  /* validity runs from an online status check */
    bool needs_risk_assessment; /* the certificate relied on disclosed information */
    char summary[200];        /* "Enhanced with adults' barred list, valid until 3 May 2027" */
};

/* What a PA's certificates add up to on `today` under the council's policy. The certificate that
 * counts is the right-level one valid the longest. n may be 0. */
int pa_dbs_status(const struct dbs_check *checks, size_t n, const struct pa_policy *policy,
                  day_t today, struct pa_check_result *out, struct err *e);

/* Whether a PA may start work for an employer: when the council makes a check mandatory for a
 * home with a child under 16, the PA must have a valid (or due soon) right-level check. Returns 0,
 * or ERR_FORBIDDEN with a message saying why and what to do. */
int pa_dbs_required(const struct pa_policy *policy, bool child_under_16_in_home,
                    const struct pa_check_result *dbs, struct err *e);

/* ---- right to work, insurance: dated things that run out -------------------------------------- */

struct pa_right_to_work {
    day_t checked_on;
    bool has_expiry;  /* time-limited permission */
    day_t expires_on;
};

/* true when some right-to-work check covers today (no expiry, or an expiry not yet passed). */
bool pa_right_to_work_ok(const struct pa_right_to_work *checks, size_t n, day_t today);

/* ---- reminders --------------------------------------------------------------------------------- */

enum pa_reminder_kind {
    PA_REMIND_DBS_MISSING = 0,     /* no right-level check at all */
    PA_REMIND_DBS_EXPIRED,
    PA_REMIND_DBS_DUE,
    PA_REMIND_DBS_MANDATORY,       /* works in a home with a child under 16 without a valid check */
    PA_REMIND_RIGHT_TO_WORK,       /* time-limited permission ending, or ended */
    PA_REMIND_INSURANCE,           /* employer's liability insurance ending, or ended */
    PA_REMIND_KIND_COUNT
};

const char *pa_reminder_kind_name(enum pa_reminder_kind k); /* "dbs_due", ... */

struct pa_reminder {
    enum pa_reminder_kind kind;
    int64_t subject_id;   /* the PA (DBS, right to work) or the employer (insurance) */
    day_t due;            /* when it runs out (or ran out); 0 when there is nothing to date */
    int days_left;
    char message[300];    /* a sentence for the person who must act */
};

/* The DBS reminder for one PA, if any (returns true and fills *out). employs_child_home: the PA
 * works for an employer whose home has a child under 16. name is the PA's name for the message. */
bool pa_dbs_reminder(const struct pa_check_result *dbs, const struct pa_policy *policy,
                     bool employs_child_home, int64_t pa_id, const char *name, day_t today,
                     struct pa_reminder *out);

/* A reminder for a date something runs out (insurance, time-limited right to work), when it is
 * within remind_days of today or past. what: "Employer's liability insurance for Mary Smith". */
bool pa_expiry_reminder(enum pa_reminder_kind kind, int64_t subject_id, const char *what,
                        day_t expires_on, int remind_days, day_t today, struct pa_reminder *out);

/* ---- accreditation ----------------------------------------------------------------------------- */

enum pa_accreditation {
    PA_REGISTERED = 0,
    PA_CHECKED,
    PA_ACCREDITED,
    PA_ACCREDITATION_COUNT
};

const char *pa_accreditation_name(enum pa_accreditation a);  /* "registered", ... */
const char *pa_accreditation_label(enum pa_accreditation a); /* "Registered", ... */
int pa_accreditation_parse(const char *s, enum pa_accreditation *out);

/* What the register has on file for a PA, on the day of the decision. */
struct pa_evidence {
    struct pa_check_result dbs;
    bool right_to_work;          /* pa_right_to_work_ok today */
    int references_satisfactory;
    int training_current;        /* completed, not expired, certificate seen */
};

/* May the organisation `actor_org_id` move a PA whose register entry is run by `register_org_id`
 * from `from` to `to`? 0 when it may; ERR_FORBIDDEN when the actor is not the register's
 * organisation (or the PA has none); ERR_CONFLICT for no change or a skipped step; ERR_INVALID
 * listing everything missing for a step up. A step down needs a reason (reason_given). */
int pa_accreditation_check(enum pa_accreditation from, enum pa_accreditation to,
                           const struct pa_evidence *ev, int64_t actor_org_id,
                           int64_t register_org_id, bool reason_given, struct err *e);

/* ---- the PA finder ------------------------------------------------------------------------------ */

/* Whether the finder shows a PA: only checked (or accredited) PAs whose check is still valid,
 * unless the budget holder chose to see everyone (include_unchecked). Check status is always shown
 * beside each PA (pa_finder_status_text). */
bool pa_finder_shows(enum pa_accreditation a, const struct pa_check_result *dbs,
                     bool include_unchecked);
/* One line for the finder: "Accredited. Enhanced DBS with adults' barred list, valid until ...". */
void pa_finder_status_text(enum pa_accreditation a, const struct pa_check_result *dbs, char *out,
                           size_t outsz);

/* ---- concerns ---------------------------------------------------------------------------------- */

enum pa_concern_about { CONCERN_PAY = 0, CONCERN_SAFETY, CONCERN_EMPLOYER, CONCERN_OTHER,
                        CONCERN_ABOUT_COUNT };
const char *pa_concern_about_name(enum pa_concern_about a);
int pa_concern_about_parse(const char *s, enum pa_concern_about *out);

struct pa_concern_route {
    bool to_organisation;
    int64_t organisation_id;     /* when to_organisation */
    char contact_name[121];
    char contact_email[255];
    day_t respond_by;
};

/* Routes a concern raised on `raised_on`: to the support organisation running the PA's register
 * entry when it has a named contact, else to the council's named contact; if the council has not
 * named one, to "Adult social care" so that the concern is never lost (and shows as routed to a
 * team with no named person). The response is due response_days later. */
void pa_concern_route(int64_t org_id, const char *org_contact, const char *org_email,
                      const char *council_contact, const char *council_email, int response_days,
                      day_t raised_on, struct pa_concern_route *out);

/* An open concern past its respond-by date. */
bool pa_concern_overdue(bool open, day_t respond_by, day_t today);

/* ---- timesheets: who may do what --------------------------------------------------------------- */

/* The logins around one timesheet (0 = none). */
struct timesheet_parties {
    int64_t pa_account_id;        /* the PA's own login */
    int64_t employer_account_id;  /* the employer's login */
    int64_t bureau_account_id;    /* a payroll bureau's login acting for the employer */
};

/* A timesheet is submitted by the PA: account_id must be the PA's login. */
int timesheet_may_submit(const struct timesheet_parties *p, int64_t account_id, struct err *e);
/* A timesheet is approved or rejected by the employer (or their bureau), never by the PA, even
 * when a record links the PA's login to the employer too. */
int timesheet_may_decide(const struct timesheet_parties *p, int64_t account_id, struct err *e);

/* Checks a timesheet's own figures: the period is at most 31 days, and the minutes worked plus on
 * holiday fit in it. */
int timesheet_validate(day_t period_start, day_t period_end, int64_t worked_minutes,
                       int64_t holiday_minutes, struct err *e);

#endif
