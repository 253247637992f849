/* guard.c — loads the facts the access rule needs and asks it (see guard.h). */
#include "web/guard.h"

#include "base/arena.h"

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

/* The login the store's loaders take, from the request's principal. */
static struct web_login login_of(const struct request *req)
{
    struct web_login who = {0};
    who.kind = (enum login_kind)req->who->login_kind;
    who.id = req->who->login_id;
    who.council_id = req->who->council_id;
    who.role = req->who->role;
    who.person_id = req->who->person_id;
    who.team_id = req->who->team_id;
    return who;
}

static void decide(struct request *req, enum access_action action,
                   const struct web_access_facts *facts, struct access_decision *d)
{
    struct access_subject subj = {req->who->role, req->who->council_id};
    struct access_target target = {0};
    target.has_person = facts->has_person;
    target.council_id = req->who->council_id; /* the store only looks in the caller's council */
    target.rels = facts->rels;
    target.nrels = facts->nrels;
    target.break_glass_expires = facts->break_glass_expires;
    *d = access_decide(&subj, action, &target, guard_today(req->now), req->now);
}

int guard_person(struct web_app *app, struct request *req, enum access_action action,
                 int64_t person_id, struct access_decision *d, struct err *e)
{
    struct web_access_facts facts = {0};
    struct store_conn *c = NULL;
    int rc = 0;

    if (app && app->store) {
        struct web_login who = login_of(req);
        if ((rc = store_acquire(app->store, &c, e)) != 0)
            return rc;
        rc = web_access_facts_load(c, &who, person_id, req->now, &facts, e);
        store_release(c);
        if (rc != 0)
            return rc;
    }
    decide(req, action, &facts, d);
    return 0;
}

int guard_person_read(struct web_app *app, struct request *req, enum access_action action,
                      int64_t person_id, struct access_decision *d, struct err *e)
{
    struct web_access_facts facts = {0};
    struct person_read *r;
    struct web_login who;
    struct store_conn *c = NULL;
    bool found = false;
    int rc;

    if (!app || !app->store)
        return guard_person(app, req, action, person_id, d, e);
    r = arena_zalloc(&req->arena, sizeof *r);
    if (r)
        r->person = arena_zalloc(&req->arena, sizeof *r->person);
    if (!r || !r->person)
        return err_set(e, ERR_NOMEM, "out of memory");
    who = login_of(req);
    if ((rc = store_acquire(app->store, &c, e)) != 0)
        return rc;
    rc = web_person_read_load(c, &who, person_id, req->now, &req->arena, &facts, &found,
                              r->person, &r->contacts, &r->ncontacts, e);
    store_release(c);
    if (rc != 0)
        return rc;
    decide(req, action, &facts, d);
    /* The rule only ever grants on a relationship, so facts that missed one could only refuse
     * (or fall back to emergency access) wrongly, never allow. A refusal or an emergency-access
     * allow, both rare, is decided again from web_access_facts_load, the one loader of record:
     * the answer is then always the same as on every other route, even if a relationship kind
     * added there is not yet read here. */
    if (d->outcome != ACCESS_ALLOW &&
        (rc = guard_person(app, req, action, person_id, d, e)) != 0)
        return rc;
    if (found) {
        r->council_id = req->who->council_id;
        req->person_read = r;
    }
    return 0;
}
