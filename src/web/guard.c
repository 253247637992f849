/* guard.c — loads the facts the access rule needs and asks it (see guard.h). */
#include "web/guard.h"

#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/request.h"

day_t guard_today(int64_t now)
{
    /* Days since 1970-01-01 in UTC. Between 23:00 and midnight in British Summer Time this is
     * still "yesterday": a relationship that starts today opens an hour late, never early. */
    return (day_t)(now / 86400);
}

int guard_person(struct web_app *app, struct request *req, enum access_action action,
                 int64_t person_id, struct access_decision *d, struct err *e)
{
    struct web_access_facts facts = {0};
    struct access_subject subj = {req->who->role, req->who->council_id};
    struct access_target target = {0};
    struct store_conn *c = NULL;
    int rc = 0;

    if (app && app->store) {
        if ((rc = store_acquire(app->store, &c, e)) != 0)
            return rc;
        struct web_login who = {0};
        who.kind = (enum login_kind)req->who->login_kind;
        who.id = req->who->login_id;
        who.council_id = req->who->council_id;
        who.role = req->who->role;
        who.person_id = req->who->person_id;
        who.team_id = req->who->team_id;
        rc = web_access_facts_load(c, &who, person_id, req->now, &facts, e);
        store_release(c);
        if (rc != 0)
            return rc;
    }
    target.has_person = facts.has_person;
    target.council_id = req->who->council_id; /* the store only looks in the caller's council */
    target.rels = facts.rels;
    target.nrels = facts.nrels;
    target.break_glass_expires = facts.break_glass_expires;
    *d = access_decide(&subj, action, &target, guard_today(req->now), req->now);
    return 0;
}
