/* plan_contrib.c — permission to help write a person's plan (see plan_contrib.h). */
#include "domain/plan_contrib.h"

#include <string.h>

#include "base/err.h"

bool plan_contrib_live(const struct plan_contributor *c, day_t today)
{
    if (today < c->granted_on)
        return false;
    return !(c->revoked && c->revoked_on <= today);
}

int plan_contrib_may_edit(const struct plan_contributor *list, size_t n, const char *actor,
                          bool is_person, const char *person_name, day_t today, struct err *e)
{
    const char *who = person_name && *person_name ? person_name : "The person";
    if (is_person)
        return 0;
    for (size_t i = 0; actor && i < n; i++)
        if (list[i].actor && strcmp(list[i].actor, actor) == 0 && plan_contrib_live(&list[i], today))
            return 0;
    return err_set(e, ERR_FORBIDDEN,
                   "%s has not asked you to help write their plan. It is their plan: they can "
                   "give you permission on the plan's 'Who can help' page, or tell their worker, "
                   "who will record it. You can still read the plan.",
                   who);
}

int plan_contrib_may_grant(enum role role, const char *how, struct err *e)
{
    switch (role) {
    case USER_BUDGET_HOLDER:
    case USER_REPRESENTATIVE:
        return 0;
    case USER_SOCIAL_WORKER:
    case USER_TEAM_MANAGER:
        if (!how || strlen(how) < 10)
            return err_set_field(e, ERR_INVALID, "how",
                                 "Say how the person asked for this help (for example 'Asked me at "
                                 "the review on 3 June'), so the record shows it was their wish.");
        return 0;
    case USER_NONE:
    case USER_PERSONAL_ASSISTANT:
    case USER_SUPPORT_ORG_WORKER:
    case USER_ADVOCATE:
    case USER_FINANCE_OFFICER:
    case USER_COMMISSIONER:
    case USER_COUNCIL_ADMIN:
    case USER_AUDITOR:
    case USER_ROLE_COUNT:
        break;
    }
    return err_set(e, ERR_FORBIDDEN,
                   "Only the person, their representative, or their worker writing down what the "
                   "person asked, can say who may help write the plan.");
}

int plan_contrib_kind_for(enum role role, bool is_ulo, enum plan_helper_kind *out, struct err *e)
{
    switch (role) {
    case USER_REPRESENTATIVE:
        *out = PLAN_BY_FAMILY;
        return 0;
    case USER_SUPPORT_ORG_WORKER:
        *out = is_ulo ? PLAN_BY_ULO : PLAN_BY_OTHER_ORG;
        return 0;
    case USER_SOCIAL_WORKER:
    case USER_TEAM_MANAGER:
        *out = PLAN_BY_WORKER;
        return 0;
    case USER_NONE:
    case USER_BUDGET_HOLDER:
    case USER_PERSONAL_ASSISTANT:
    case USER_ADVOCATE:
    case USER_FINANCE_OFFICER:
    case USER_COMMISSIONER:
    case USER_COUNCIL_ADMIN:
    case USER_AUDITOR:
    case USER_ROLE_COUNT:
        break;
    }
    return err_set(e, ERR_INVALID, "This kind of account cannot be asked to help write a plan.");
}
