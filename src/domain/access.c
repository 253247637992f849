/* access.c — the access rule (see access.h for what it decides and why). */
#include "domain/access.h"

#include <string.h>

#include "base/err.h"

static const struct {
    const char *name, *label;
    bool staff;
} roles[USER_ROLE_COUNT] = {
    [USER_NONE] = {"anonymous", "Not signed in", false},
    [USER_BUDGET_HOLDER] = {"budget-holder", "Budget holder", false},
    [USER_REPRESENTATIVE] = {"representative", "Representative or family member", false},
    [USER_PERSONAL_ASSISTANT] = {"personal-assistant", "Personal assistant", false},
    [USER_SUPPORT_ORG_WORKER] = {"support-organisation-worker", "Support organisation worker",
                                 false},
    [USER_ADVOCATE] = {"advocate", "Advocate", false},
    [USER_SOCIAL_WORKER] = {"social-worker", "Social worker", true},
    [USER_TEAM_MANAGER] = {"team-manager", "Team manager", true},
    [USER_FINANCE_OFFICER] = {"finance-officer", "Finance officer", true},
    [USER_COMMISSIONER] = {"commissioner", "Commissioner", true},
    [USER_COUNCIL_ADMIN] = {"council-administrator", "Council administrator", true},
    [USER_AUDITOR] = {"auditor", "Auditor", true},
};

const char *role_name(enum role r)
{
    return (unsigned)r < USER_ROLE_COUNT ? roles[r].name : "unknown";
}

const char *role_label(enum role r)
{
    return (unsigned)r < USER_ROLE_COUNT ? roles[r].label : "Unknown";
}

int role_parse(const char *name, enum role *out)
{
    for (int i = 1; i < USER_ROLE_COUNT; i++)
        if (name && strcmp(name, roles[i].name) == 0) {
            *out = (enum role)i;
            return 0;
        }
    return ERR_INVALID;
}

bool role_is_staff(enum role r)
{
    return (unsigned)r < USER_ROLE_COUNT && roles[r].staff;
}

static const char *const rel_names[REL_KIND_COUNT] = {
    [REL_ALLOCATED_WORKER] = "allocated-worker", [REL_TEAM] = "team",
    [REL_SELF] = "self",                         [REL_REPRESENTATIVE] = "representative",
    [REL_SUPPORT_ORG] = "support-organisation",  [REL_ADVOCACY] = "advocacy",
    [REL_PA] = "personal-assistant",             [REL_PANEL_REQUEST] = "panel-request",
};

const char *relationship_kind_name(enum relationship_kind k)
{
    return (unsigned)k < REL_KIND_COUNT ? rel_names[k] : "unknown";
}

int relationship_kind_parse(const char *name, enum relationship_kind *out)
{
    for (int i = 0; i < REL_KIND_COUNT; i++)
        if (name && strcmp(name, rel_names[i]) == 0) {
            *out = (enum relationship_kind)i;
            return 0;
        }
    return ERR_INVALID;
}

bool relationship_live(const struct relationship *r, day_t today)
{
    if (today < r->starts || today > r->ends)
        return false;
    switch (r->kind) {
    case REL_REPRESENTATIVE:
        return r->authority_recorded;
    case REL_SUPPORT_ORG:
    case REL_ADVOCACY:
        return r->referral_accepted && r->consent_given;
    case REL_ALLOCATED_WORKER:
    case REL_TEAM:
    case REL_SELF:
    case REL_PA:
    case REL_PANEL_REQUEST:
    case REL_KIND_COUNT:
        break;
    }
    return true;
}

static const char *const action_names[ACT_COUNT] = {
    [ACT_SIGNED_IN] = "signed-in",
    [ACT_PERSON_SUMMARY] = "person-summary",
    [ACT_PERSON_HISTORY] = "person-history",
    [ACT_PERSON_CHANGE] = "person-change",
    [ACT_PEOPLE_SEARCH] = "people-search",
    [ACT_WORKLIST] = "worklist",
    [ACT_MY_SUPPORT] = "my-support",
    [ACT_BREAK_GLASS] = "break-glass",
    [ACT_BREAK_GLASS_REPORT] = "break-glass-report",
    [ACT_ACCOUNTS_ADMIN] = "accounts-admin",
    [ACT_ASSESSMENT_READ] = "assessment-read",
    [ACT_SELF_ASSESS] = "self-assess",
    [ACT_ASSESSMENT_COMPLETE] = "assessment-complete",
    [ACT_FINANCIAL_ASSESS] = "financial-assess",
    [ACT_RAS_ADMIN] = "ras-admin",
    [ACT_PLAN_READ] = "plan-read",
    [ACT_PLAN_EDIT] = "plan-edit",
    [ACT_PLAN_CASEWORK] = "plan-casework",
    [ACT_SIGNOFF_DECIDE] = "signoff-decide",
    [ACT_CHALLENGE_RAISE] = "challenge-raise",
    [ACT_PERSON_DECIDE] = "person-decide",
    [ACT_SIGNOFF_LIMITS] = "signoff-limits",
    [ACT_PLAN_REPORTS] = "plan-reports",
    [ACT_PLAN_SETTINGS] = "plan-settings",
    [ACT_DP_READ] = "dp-read",
    [ACT_DP_STATEMENT] = "dp-statement",
    [ACT_DP_MANAGE] = "dp-manage",
    [ACT_DP_WORKLIST] = "dp-worklist",
    [ACT_FINANCE] = "finance",
    [ACT_PA_WORK] = "pa-work",
    [ACT_PA_EMPLOY] = "pa-employ",
    [ACT_PA_FIND] = "pa-find",
    [ACT_PA_CONCERNS] = "pa-concerns",
    [ACT_DP_RECOVERY] = "dp-recovery",
};

const char *access_action_name(enum access_action a)
{
    return (unsigned)a < ACT_COUNT ? action_names[a] : "unknown";
}

bool access_action_needs_person(enum access_action a)
{
    return a == ACT_PERSON_SUMMARY || a == ACT_PERSON_HISTORY || a == ACT_PERSON_CHANGE ||
           a == ACT_BREAK_GLASS || a == ACT_ASSESSMENT_READ || a == ACT_SELF_ASSESS ||
           a == ACT_ASSESSMENT_COMPLETE || a == ACT_FINANCIAL_ASSESS ||
           (a >= ACT_PLAN_READ && a <= ACT_PERSON_DECIDE) || (a >= ACT_DP_READ && a <= ACT_DP_MANAGE) ||
           a == ACT_DP_RECOVERY;
}

/* The role table: for each action, which roles may do it at all (bit per role). */
#define R(x) (1u << (x))
static const unsigned role_may[ACT_COUNT] = {
    [ACT_SIGNED_IN] = ~R(USER_NONE),
    [ACT_PERSON_SUMMARY] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) |
                           R(USER_SUPPORT_ORG_WORKER) | R(USER_ADVOCATE) | R(USER_SOCIAL_WORKER) |
                           R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER) | R(USER_AUDITOR),
    /* The person themself may see who looked at their record; so may the staff responsible. */
    [ACT_PERSON_HISTORY] = R(USER_BUDGET_HOLDER) | R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) |
                           R(USER_AUDITOR),
    [ACT_PERSON_CHANGE] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_PEOPLE_SEARCH] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER) |
                          R(USER_AUDITOR),
    [ACT_WORKLIST] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_MY_SUPPORT] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_PERSONAL_ASSISTANT) |
                       R(USER_SUPPORT_ORG_WORKER) | R(USER_ADVOCATE),
    [ACT_BREAK_GLASS] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_BREAK_GLASS_REPORT] = R(USER_TEAM_MANAGER) | R(USER_AUDITOR),
    [ACT_ACCOUNTS_ADMIN] = R(USER_COUNCIL_ADMIN),
    /* Assessments: the person and those helping them (a representative with authority, an
     * advocate, Care Act s.67) read them; the person or their representative fill one in; the
     * allocated worker (or manager) completes it; finance does the financial assessment. */
    [ACT_ASSESSMENT_READ] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_ADVOCATE) |
                            R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) |
                            R(USER_FINANCE_OFFICER) | R(USER_AUDITOR),
    [ACT_SELF_ASSESS] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SOCIAL_WORKER) |
                        R(USER_TEAM_MANAGER),
    [ACT_ASSESSMENT_COMPLETE] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_FINANCIAL_ASSESS] = R(USER_FINANCE_OFFICER) | R(USER_SOCIAL_WORKER) |
                             R(USER_TEAM_MANAGER),
    [ACT_RAS_ADMIN] = R(USER_COUNCIL_ADMIN),
    /* Plans (issue 5): the person and those they chose read and write their plan (writing also needs
     * the person's permission, plan_contrib.h); workers do the casework and decide within their
     * limits; the person, their representative or advocate challenge; managers see the counts. */
    [ACT_PLAN_READ] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER) |
                      R(USER_ADVOCATE) | R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) |
                      R(USER_FINANCE_OFFICER) | R(USER_AUDITOR),
    [ACT_PLAN_EDIT] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER) |
                      R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_PLAN_CASEWORK] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_SIGNOFF_DECIDE] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER),
    [ACT_CHALLENGE_RAISE] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_ADVOCATE),
    [ACT_PERSON_DECIDE] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE),
    [ACT_SIGNOFF_LIMITS] = R(USER_TEAM_MANAGER) | R(USER_COUNCIL_ADMIN),
    [ACT_PLAN_REPORTS] = R(USER_TEAM_MANAGER) | R(USER_COMMISSIONER) | R(USER_AUDITOR),
    [ACT_PLAN_SETTINGS] = R(USER_COUNCIL_ADMIN),
    /* Direct payments (issue 7): the person and those acting for them see the money and send in
     * statements; the allocated worker and finance manage it; finance alone pays (batches). */
    [ACT_DP_READ] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER) |
                    R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER) | R(USER_AUDITOR),
    [ACT_DP_STATEMENT] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER) |
                         R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER),
    [ACT_DP_MANAGE] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER),
    [ACT_DP_WORKLIST] = R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) | R(USER_FINANCE_OFFICER),
    [ACT_FINANCE] = R(USER_FINANCE_OFFICER),
    /* Personal assistants (issue 6): the PA's own pages; employers (the budget holder or their
     * representative, or a payroll bureau) approve and pay; the store scopes each to the login. */
    [ACT_PA_WORK] = R(USER_PERSONAL_ASSISTANT),
    [ACT_PA_EMPLOY] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER),
    [ACT_PA_FIND] = R(USER_BUDGET_HOLDER) | R(USER_REPRESENTATIVE) | R(USER_SUPPORT_ORG_WORKER),
    /* A PA's concern goes to a named contact: a support organisation's worker or council staff;
     * which concerns each login answers is the store's (pa_concern_scope_get). */
    [ACT_PA_CONCERNS] = R(USER_SUPPORT_ORG_WORKER) | R(USER_SOCIAL_WORKER) | R(USER_TEAM_MANAGER) |
                        R(USER_COUNCIL_ADMIN),
    /* Money coming back to the council (issue 7): finance records it, for the whole council. */
    [ACT_DP_RECOVERY] = R(USER_FINANCE_OFFICER),
};

/* A panel member reaches a person only through a request waiting at the panel, and only to read
 * the plan and budget it is about and decide it: not the rest of the record. */
static bool panel_grants(enum relationship_kind kind, enum access_action action)
{
    return kind == REL_PANEL_REQUEST && (action == ACT_PLAN_READ || action == ACT_SIGNOFF_DECIDE);
}

/* Which live relationships open a person's record to a role for an action. */
static bool relationship_grants(enum role role, enum access_action action,
                                enum relationship_kind kind)
{
    switch (role) {
    case USER_BUDGET_HOLDER:
        return kind == REL_SELF;
    case USER_REPRESENTATIVE:
        return kind == REL_REPRESENTATIVE &&
               (action == ACT_PERSON_SUMMARY || action == ACT_ASSESSMENT_READ ||
                action == ACT_SELF_ASSESS || action == ACT_PLAN_READ || action == ACT_PLAN_EDIT ||
                action == ACT_CHALLENGE_RAISE || action == ACT_PERSON_DECIDE || action == ACT_DP_READ || action == ACT_DP_STATEMENT);
    case USER_SUPPORT_ORG_WORKER:
        return kind == REL_SUPPORT_ORG && (action == ACT_PERSON_SUMMARY || action == ACT_DP_READ || action == ACT_DP_STATEMENT ||
                                           action == ACT_PLAN_READ || action == ACT_PLAN_EDIT);
    case USER_ADVOCATE:
        return kind == REL_ADVOCACY &&
               (action == ACT_PERSON_SUMMARY || action == ACT_ASSESSMENT_READ ||
                action == ACT_PLAN_READ || action == ACT_CHALLENGE_RAISE);
    case USER_SOCIAL_WORKER:
        return kind == REL_ALLOCATED_WORKER || panel_grants(kind, action);
    case USER_TEAM_MANAGER:
        return kind == REL_ALLOCATED_WORKER || kind == REL_TEAM || panel_grants(kind, action);
    case USER_NONE:
    case USER_PERSONAL_ASSISTANT:
    case USER_FINANCE_OFFICER:
    case USER_COMMISSIONER:
    case USER_COUNCIL_ADMIN:
    case USER_AUDITOR:
    case USER_ROLE_COUNT:
        break;
    }
    return false;
}

/* Roles whose duty covers the whole council's records for this action, without a per-person
 * relationship: finance pays everyone's direct payments; auditors check everything. */
static bool council_duty(enum role role, enum access_action action)
{
    if (role == USER_FINANCE_OFFICER)
        return action == ACT_PERSON_SUMMARY || action == ACT_ASSESSMENT_READ ||
               action == ACT_FINANCIAL_ASSESS || action == ACT_PLAN_READ || (action >= ACT_DP_READ && action <= ACT_DP_MANAGE) ||
               action == ACT_DP_RECOVERY;
    if (role == USER_AUDITOR)
        return action == ACT_PERSON_SUMMARY || action == ACT_PERSON_HISTORY ||
               action == ACT_ASSESSMENT_READ || action == ACT_PLAN_READ || action == ACT_DP_READ;
    return false;
}

static struct access_decision decision(enum access_outcome o, const char *reason)
{
    return (struct access_decision){o, reason};
}

/* A refusal of a record: staff of the council get 403 with the reason; anyone else 404. */
static struct access_decision refuse_record(enum role role, const char *staff_reason)
{
    if (role_is_staff(role))
        return decision(ACCESS_DENY_403, staff_reason);
    return decision(ACCESS_DENY_404, "There is no such record, or it is not yours to see.");
}

struct access_decision access_decide(const struct access_subject *who, enum access_action action,
                                     const struct access_target *target, day_t today,
                                     int64_t now)
{
    bool role_ok;
    if ((unsigned)action >= ACT_COUNT || (unsigned)who->role >= USER_ROLE_COUNT)
        return decision(ACCESS_DENY_403, "This is not something selfdirect allows.");
    if (who->role == USER_NONE)
        return decision(ACCESS_DENY_401, "You need to sign in first.");
    role_ok = (role_may[action] & R(who->role)) != 0;

    if (!access_action_needs_person(action)) {
        if (role_ok)
            return decision(ACCESS_ALLOW, "");
        return decision(ACCESS_DENY_403, "Your role does not include this.");
    }

    /* Person actions. Another council's record, or no record, looks the same: 404. */
    if (!target || !target->has_person || target->council_id != who->council_id)
        return decision(ACCESS_DENY_404, "There is no such record, or it is not yours to see.");

    if (action == ACT_BREAK_GLASS) {
        /* Asking for emergency access needs only the duty role and the same council: the point
         * is that no relationship exists yet. The request itself is audited and reported. */
        if (role_ok)
            return decision(ACCESS_ALLOW, "");
        return refuse_record(who->role, "Your role cannot use emergency access.");
    }

    if (!role_ok)
        return refuse_record(who->role, "Your role does not include this part of a record.");

    if (council_duty(who->role, action))
        return decision(ACCESS_ALLOW, "");

    for (size_t i = 0; i < target->nrels; i++) {
        const struct relationship *r = &target->rels[i];
        if (relationship_grants(who->role, action, r->kind) && relationship_live(r, today))
            return decision(ACCESS_ALLOW, "");
    }

    /* Break-glass opens reading only, never changing, and only until it expires. */
    if ((action == ACT_PERSON_SUMMARY || action == ACT_PERSON_HISTORY) &&
        (role_may[ACT_BREAK_GLASS] & R(who->role)) && target->break_glass_expires > now)
        return decision(ACCESS_ALLOW_BREAK_GLASS, "");

    return refuse_record(who->role,
                         "This person is not allocated to you or your team. If you are on duty "
                         "and need to see the record now, use emergency access and give the reason.");
}

int access_outcome_status(enum access_outcome o)
{
    switch (o) {
    case ACCESS_ALLOW:
    case ACCESS_ALLOW_BREAK_GLASS:
        return 200;
    case ACCESS_DENY_401:
        return 401;
    case ACCESS_DENY_403:
        return 403;
    case ACCESS_DENY_404:
        return 404;
    }
    return 403;
}
