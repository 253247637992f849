/* pa_register.c — the PA register's rules; see pa_register.h. */
#include "domain/pa_register.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"

static const struct {
    const char *name, *label;
} dbs_levels[DBS_LEVEL_COUNT] = {
    [DBS_BASIC] = {"basic", "Basic"},
    [DBS_STANDARD] = {"standard", "Standard"},
    [DBS_ENHANCED] = {"enhanced", "Enhanced"},
    [DBS_ENHANCED_ADULTS_BARRED] = {"enhanced_adults_barred", "Enhanced with adults' barred list"},
};

const char *dbs_level_name(enum dbs_level l)
{
    return (unsigned)l < DBS_LEVEL_COUNT ? dbs_levels[l].name : "basic";
}

const char *dbs_level_label(enum dbs_level l)
{
    return (unsigned)l < DBS_LEVEL_COUNT ? dbs_levels[l].label : "Unknown";
}

int dbs_level_parse(const char *s, enum dbs_level *out)
{
    for (int i = 0; i < DBS_LEVEL_COUNT; i++)
        if (s && strcmp(s, dbs_levels[i].name) == 0) {
            *out = (enum dbs_level)i;
            return 0;
        }
    return ERR_INVALID;
}

void pa_policy_default(struct pa_policy *p)
{
    p->dbs_valid_years = 3;
    p->dbs_remind_days = 60;
    p->dbs_mandatory_child_under_16 = true;
}

const char *pa_check_status_name(enum pa_check_status s)
{
    switch (s) {
    case PA_CHECK_NONE: return "none";
    case PA_CHECK_WRONG_LEVEL: return "wrong_level";
    case PA_CHECK_EXPIRED: return "expired";
    case PA_CHECK_DUE_SOON: return "due_soon";
    case PA_CHECK_VALID: return "valid";
    }
    return "none";
}

/* The last day a certificate counts as valid: `years` after its start, less a day. A start of
 * 29 February runs to 28 February (date_add_months clamps). */
static day_t valid_until(day_t from, int years)
{
    return date_add_months(from, years * 12) - 1;
}

int pa_dbs_status(const struct dbs_check *checks, size_t n, const struct pa_policy *policy,
                  day_t today, struct pa_check_result *out, struct err *e)
{
    char d[48];
    bool any = false;
    memset(out, 0, sizeof *out);
    out->best = -1;
    if (policy->dbs_valid_years < 1 || policy->dbs_valid_years > 10)
        return err_set_field(e, ERR_INVALID, "dbs_valid_years",
                             "A DBS check's validity must be 1 to 10 years");
    for (size_t i = 0; i < n; i++) {
        const struct dbs_check *c = &checks[i];
        day_t from = c->issued_on, until;
        bool online = false;
        any = true;
        if (c->level != DBS_ENHANCED_ADULTS_BARRED)
            continue;
        /* On the Update Service, the online status check renews the certificate's currency. */
        if (c->update_service && c->has_update_checked && c->update_checked_on > from) {
            from = c->update_checked_on;
            online = true;
        }
        until = valid_until(from, policy->dbs_valid_years);
        if (out->best < 0 || until > out->valid_until) {
            out->best = (int)i;
            out->valid_until = until;
            out->via_update_service = online;
            out->needs_risk_assessment = c->information_disclosed;
        }
    }
    if (out->best < 0) {
        out->status = any ? PA_CHECK_WRONG_LEVEL : PA_CHECK_NONE;
        snprintf(out->summary, sizeof out->summary, "%s",
                 any ? "DBS check on record is not the enhanced check with the adults' barred list"
                     : "No DBS check on record");
        return 0;
    }
    out->days_left = out->valid_until - today;
    if (out->days_left < 0)
        out->status = PA_CHECK_EXPIRED;
    else if (out->days_left <= policy->dbs_remind_days)
        out->status = PA_CHECK_DUE_SOON;
    else
        out->status = PA_CHECK_VALID;
    date_format_long(out->valid_until, d, sizeof d);
    snprintf(out->summary, sizeof out->summary, "Enhanced DBS with adults' barred list, %s %s%s",
             out->status == PA_CHECK_EXPIRED ? "expired after" : "valid until", d,
             out->via_update_service ? " (Update Service)" : "");
    return 0;
}

static bool check_counts(const struct pa_check_result *dbs)
{
    return dbs->status == PA_CHECK_VALID || dbs->status == PA_CHECK_DUE_SOON;
}

int pa_dbs_required(const struct pa_policy *policy, bool child_under_16_in_home,
                    const struct pa_check_result *dbs, struct err *e)
{
    if (!policy->dbs_mandatory_child_under_16 || !child_under_16_in_home || check_counts(dbs))
        return 0;
    return err_set_field(e, ERR_FORBIDDEN, "pa_id",
                         "A child under 16 lives in this home, so the council requires a current "
                         "enhanced DBS check with the adults' barred list before this PA starts "
                         "(%s). Ask the PA to apply through the DP support service.",
                         dbs->summary);
}

bool pa_right_to_work_ok(const struct pa_right_to_work *checks, size_t n, day_t today)
{
    for (size_t i = 0; i < n; i++)
        if (checks[i].checked_on <= today && (!checks[i].has_expiry || checks[i].expires_on >= today))
            return true;
    return false;
}

const char *pa_reminder_kind_name(enum pa_reminder_kind k)
{
    switch (k) {
    case PA_REMIND_DBS_MISSING: return "dbs_missing";
    case PA_REMIND_DBS_EXPIRED: return "dbs_expired";
    case PA_REMIND_DBS_DUE: return "dbs_due";
    case PA_REMIND_DBS_MANDATORY: return "dbs_mandatory";
    case PA_REMIND_RIGHT_TO_WORK: return "right_to_work";
    case PA_REMIND_INSURANCE: return "insurance";
    case PA_REMIND_KIND_COUNT: break;
    }
    return "unknown";
}

bool pa_dbs_reminder(const struct pa_check_result *dbs, const struct pa_policy *policy,
                     bool employs_child_home, int64_t pa_id, const char *name, day_t today,
                     struct pa_reminder *out)
{
    char d[48];
    memset(out, 0, sizeof *out);
    out->subject_id = pa_id;
    if (!name)
        name = "this PA";
    if (dbs->best >= 0) {
        out->due = dbs->valid_until;
        out->days_left = dbs->valid_until - today;
        date_format_long(dbs->valid_until, d, sizeof d);
    }
    if (!check_counts(dbs) && employs_child_home && policy->dbs_mandatory_child_under_16) {
        out->kind = PA_REMIND_DBS_MANDATORY;
        snprintf(out->message, sizeof out->message,
                 "%s works in a home where a child under 16 lives and has no current enhanced "
                 "DBS check with the adults' barred list: the council requires one now.",
                 name);
        return true;
    }
    switch (dbs->status) {
    case PA_CHECK_NONE:
    case PA_CHECK_WRONG_LEVEL:
        out->kind = PA_REMIND_DBS_MISSING;
        snprintf(out->message, sizeof out->message,
                 "%s has no enhanced DBS check with the adults' barred list on record. Ask them "
                 "to apply through the DP support service.",
                 name);
        return true;
    case PA_CHECK_EXPIRED:
        out->kind = PA_REMIND_DBS_EXPIRED;
        snprintf(out->message, sizeof out->message,
                 "%s's DBS check is older than the council's %d years (expired after %s). %s",
                 name, policy->dbs_valid_years, d,
                 dbs->via_update_service ? "Check its status online with the Update Service."
                                         : "A new check is needed.");
        return true;
    case PA_CHECK_DUE_SOON:
        out->kind = PA_REMIND_DBS_DUE;
        snprintf(out->message, sizeof out->message, "%s's DBS check needs renewing by %s (%d "
                 "day%s). %s",
                 name, d, out->days_left, out->days_left == 1 ? "" : "s",
                 dbs->via_update_service ? "Check its status online with the Update Service."
                                         : "Apply for a new check now.");
        return true;
    case PA_CHECK_VALID:
        break;
    }
    return false;
}

bool pa_expiry_reminder(enum pa_reminder_kind kind, int64_t subject_id, const char *what,
                        day_t expires_on, int remind_days, day_t today, struct pa_reminder *out)
{
    char d[48];
    int left = expires_on - today;
    memset(out, 0, sizeof *out);
    if (left > remind_days)
        return false;
    out->kind = kind;
    out->subject_id = subject_id;
    out->due = expires_on;
    out->days_left = left;
    date_format_long(expires_on, d, sizeof d);
    if (left < 0)
        snprintf(out->message, sizeof out->message, "%s ended on %s: renew it now.", what, d);
    else
        snprintf(out->message, sizeof out->message, "%s ends on %s (%d day%s): renew it before then.",
                 what, d, left, left == 1 ? "" : "s");
    return true;
}

/* ---- accreditation ----------------------------------------------------------------------------- */

static const struct {
    const char *name, *label;
} accreditations[PA_ACCREDITATION_COUNT] = {
    [PA_REGISTERED] = {"registered", "Registered"},
    [PA_CHECKED] = {"checked", "Checked"},
    [PA_ACCREDITED] = {"accredited", "Accredited"},
};

const char *pa_accreditation_name(enum pa_accreditation a)
{
    return (unsigned)a < PA_ACCREDITATION_COUNT ? accreditations[a].name : "registered";
}

const char *pa_accreditation_label(enum pa_accreditation a)
{
    return (unsigned)a < PA_ACCREDITATION_COUNT ? accreditations[a].label : "Unknown";
}

int pa_accreditation_parse(const char *s, enum pa_accreditation *out)
{
    for (int i = 0; i < PA_ACCREDITATION_COUNT; i++)
        if (s && strcmp(s, accreditations[i].name) == 0) {
            *out = (enum pa_accreditation)i;
            return 0;
        }
    return ERR_INVALID;
}

/* Appends "; what" (or "what" first) to a list of missing evidence. */
static void missing(char *list, size_t sz, const char *what)
{
    size_t n = strlen(list);
    snprintf(list + n, sz - n, "%s%s", n ? "; " : "", what);
}

int pa_accreditation_check(enum pa_accreditation from, enum pa_accreditation to,
                           const struct pa_evidence *ev, int64_t actor_org_id,
                           int64_t register_org_id, bool reason_given, struct err *e)
{
    char need[400] = "";
    if ((unsigned)from >= PA_ACCREDITATION_COUNT || (unsigned)to >= PA_ACCREDITATION_COUNT)
        return err_set_field(e, ERR_INVALID, "accreditation", "Choose registered, checked or "
                                                              "accredited");
    if (register_org_id <= 0)
        return err_set_field(e, ERR_FORBIDDEN, "organisation_id",
                             "This PA's register entry is not run by a support organisation, so "
                             "no one may set their accreditation yet");
    if (actor_org_id != register_org_id)
        return err_set_field(e, ERR_FORBIDDEN, "organisation_id",
                             "Only the support organisation that runs this PA's register entry "
                             "may change their accreditation");
    if (from == to)
        return err_set_field(e, ERR_CONFLICT, "accreditation", "The PA is already %s",
                             pa_accreditation_label(to));
    if (to < from) {
        if (!reason_given)
            return err_set_field(e, ERR_INVALID, "reason",
                                 "Say why the PA's accreditation goes back to %s",
                                 pa_accreditation_label(to));
        return 0;
    }
    if (to > from + 1)
        return err_set_field(e, ERR_CONFLICT, "accreditation",
                             "A PA is checked before they are accredited: mark them checked first");
    if (!check_counts(&ev->dbs))
        missing(need, sizeof need, "a current enhanced DBS check with the adults' barred list");
    if (!ev->right_to_work)
        missing(need, sizeof need, "a right to work check that covers today");
    if (ev->references_satisfactory < 2)
        missing(need, sizeof need, "two satisfactory references");
    if (to == PA_ACCREDITED && ev->training_current < 1)
        missing(need, sizeof need, "current training with its certificate seen");
    if (need[0])
        return err_set_field(e, ERR_INVALID, "accreditation", "To be %s the PA needs: %s",
                             to == PA_CHECKED ? "checked" : "accredited", need);
    return 0;
}

bool pa_finder_shows(enum pa_accreditation a, const struct pa_check_result *dbs,
                     bool include_unchecked)
{
    return include_unchecked || (a >= PA_CHECKED && check_counts(dbs));
}

void pa_finder_status_text(enum pa_accreditation a, const struct pa_check_result *dbs, char *out,
                           size_t outsz)
{
    const char *lead = pa_accreditation_label(a);
    if (a >= PA_CHECKED && !check_counts(dbs))
        lead = a == PA_ACCREDITED ? "Accredited, but the check has lapsed"
                                  : "Checked, but the check has lapsed";
    else if (a == PA_REGISTERED)
        lead = "Registered only, not checked by the register";
    snprintf(out, outsz, "%s. %s.", lead, dbs->summary);
}

/* ---- concerns ---------------------------------------------------------------------------------- */

static const char *const concern_abouts[CONCERN_ABOUT_COUNT] = {
    [CONCERN_PAY] = "pay",
    [CONCERN_SAFETY] = "safety",
    [CONCERN_EMPLOYER] = "employer",
    [CONCERN_OTHER] = "other",
};

const char *pa_concern_about_name(enum pa_concern_about a)
{
    return (unsigned)a < CONCERN_ABOUT_COUNT ? concern_abouts[a] : "other";
}

int pa_concern_about_parse(const char *s, enum pa_concern_about *out)
{
    for (int i = 0; i < CONCERN_ABOUT_COUNT; i++)
        if (s && strcmp(s, concern_abouts[i]) == 0) {
            *out = (enum pa_concern_about)i;
            return 0;
        }
    return ERR_INVALID;
}

void pa_concern_route(int64_t org_id, const char *org_contact, const char *org_email,
                      const char *council_contact, const char *council_email, int response_days,
                      day_t raised_on, struct pa_concern_route *out)
{
    memset(out, 0, sizeof *out);
    if (org_id > 0 && org_contact && org_contact[0]) {
        out->to_organisation = true;
        out->organisation_id = org_id;
        str_copy(out->contact_name, sizeof out->contact_name, org_contact);
        str_copy(out->contact_email, sizeof out->contact_email, org_email ? org_email : "");
    } else if (council_contact && council_contact[0]) {
        str_copy(out->contact_name, sizeof out->contact_name, council_contact);
        str_copy(out->contact_email, sizeof out->contact_email, council_email ? council_email : "");
    } else {
        /* Never lose a concern because no one was named: it goes to the team, visibly unnamed. */
        str_copy(out->contact_name, sizeof out->contact_name,
                 "Adult social care (no named contact set)");
    }
    out->respond_by = raised_on + (response_days > 0 ? response_days : 10);
}

bool pa_concern_overdue(bool open, day_t respond_by, day_t today)
{
    return open && today > respond_by;
}

/* ---- timesheets -------------------------------------------------------------------------------- */

int timesheet_may_submit(const struct timesheet_parties *p, int64_t account_id, struct err *e)
{
    if (account_id <= 0 || p->pa_account_id <= 0 || account_id != p->pa_account_id)
        return err_set(e, ERR_FORBIDDEN,
                       "Only the PA who did the work can submit their timesheet, signed in as "
                       "themselves");
    return 0;
}

int timesheet_may_decide(const struct timesheet_parties *p, int64_t account_id, struct err *e)
{
    if (account_id <= 0)
        return err_set(e, ERR_FORBIDDEN,
                       "A timesheet is approved by the employer, signed in as themselves");
    /* Checked first, so a PA linked to the employer's record (a family member who also employs,
     * a mistaken link) still cannot approve their own hours. */
    if (account_id == p->pa_account_id)
        return err_set(e, ERR_FORBIDDEN,
                       "A PA cannot approve their own timesheet: the employer approves it");
    if (account_id == p->employer_account_id || account_id == p->bureau_account_id)
        return 0;
    return err_set(e, ERR_FORBIDDEN,
                   "Only the PA's employer (or the payroll bureau acting for them) can approve "
                   "this timesheet");
}

int timesheet_validate(day_t period_start, day_t period_end, int64_t worked_minutes,
                       int64_t holiday_minutes, struct err *e)
{
    int64_t days = (int64_t)period_end - period_start + 1;
    if (days < 1)
        return err_set_field(e, ERR_INVALID, "period_end",
                             "The timesheet's last day is before its first day");
    if (days > 31)
        return err_set_field(e, ERR_INVALID, "period_end",
                             "A timesheet covers at most 31 days: split it into weeks or months");
    if (worked_minutes < 0 || holiday_minutes < 0)
        return err_set_field(e, ERR_INVALID, "worked_minutes", "Hours cannot be negative");
    if (worked_minutes + holiday_minutes > days * 24 * 60)
        return err_set_field(e, ERR_INVALID, "worked_minutes",
                             "The hours worked and on holiday are more than the hours in %lld "
                             "day%s",
                             (long long)days, days == 1 ? "" : "s");
    return 0;
}
