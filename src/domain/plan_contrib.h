/*
 * plan_contrib.h — who may write in a person's support plan, with the person's permission (brief
 * §7.1: the plan is made by the person, or with family, a support organisation they chose, or a
 * worker "only where the person wants that"; several people can contribute).
 *
 * Two layers decide. The access rule (access.h, ACT_PLAN_EDIT) says who can reach the plan at all
 * (the person, their representative, their support organisation, their worker). This file says
 * whether the person has asked them to help write it:
 *   - the person themself always may;
 *   - anyone else needs a permission recorded for their login that is live on the day (granted on
 *     or before it, not revoked on or before it);
 *   - a permission is recorded by the person themself, by their representative (who acts for them),
 *     or by a worker writing down what the person said, in which case how the person said it is
 *     required ("Linda asked me at the review on 3 June"), so the record shows it was their wish.
 *
 * Pure: no store, no clock. Actors are "staff:N" or "account:N" (principal_actor in web/app.h).
 */
#ifndef SELFDIRECT_DOMAIN_PLAN_CONTRIB_H
#define SELFDIRECT_DOMAIN_PLAN_CONTRIB_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "domain/access.h"
#include "domain/plan.h"

struct err;

struct plan_contributor {
    const char *actor;           /* "staff:12", "account:5" */
    const char *name;
    enum plan_helper_kind kind;  /* family, ulo, other_org, worker (never self) */
    day_t granted_on;
    bool revoked;
    day_t revoked_on;            /* when revoked: the permission ends on this day */
};

/* Is this permission live on `today`? */
bool plan_contrib_live(const struct plan_contributor *c, day_t today);

/* May `actor` save changes to the plan on `today`? is_person: the actor is the person themself.
 * 0 if so; ERR_FORBIDDEN with a message that says how to get permission otherwise. person_name is
 * used in the message. */
int plan_contrib_may_edit(const struct plan_contributor *list, size_t n, const char *actor,
                          bool is_person, const char *person_name, day_t today, struct err *e);

/* May someone in `role` record a permission? The person (budget holder) and their representative
 * may; a social worker or team manager may when `how` says how the person asked (10 characters or
 * more). ERR_FORBIDDEN / ERR_INVALID ("how") otherwise. */
int plan_contrib_may_grant(enum role role, const char *how, struct err *e);

/* The kind of help a login gives, from its role: a representative is family, a support
 * organisation worker a user-led or other organisation (ulo when is_ulo), staff a worker. ERR_INVALID
 * for roles that cannot help write a plan (PAs, finance, auditors, ...). */
int plan_contrib_kind_for(enum role role, bool is_ulo, enum plan_helper_kind *out, struct err *e);

#endif
