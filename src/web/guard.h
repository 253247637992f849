/*
 * guard.h — the glue between the router and the access rule for person-scoped routes: loads what
 * the rule needs from the store (is the person in my council, my relationships to them, a live
 * break-glass grant) and asks access_decide (src/domain/access.h). Only the router calls it.
 */
#ifndef SELFDIRECT_WEB_GUARD_H
#define SELFDIRECT_WEB_GUARD_H

#include <stdint.h>

#include "base/err.h"
#include "domain/access.h"

struct request;
struct web_app;
struct web_person;
struct web_contact;

/* A person's summary read by the guard together with the access facts (guard_person_read). */
struct person_read {
    int64_t council_id;
    struct web_person *person;
    struct web_contact *contacts;
    size_t ncontacts;
};

/* Fills *d. Returns non-zero only when the store failed (the router answers 503). */
int guard_person(struct web_app *app, struct request *req, enum access_action action,
                 int64_t person_id, struct access_decision *d, struct err *e);
/* The same for a read of a person's summary, loading the facts and the summary in one statement
 * (the most-read answer: one store round trip and read transaction instead of two). When the
 * person is in the caller's council, req->person_read holds the summary for the handler
 * (people_get uses it); it is only shown if *d allows. */
int guard_person_read(struct web_app *app, struct request *req, enum access_action action,
                      int64_t person_id, struct access_decision *d, struct err *e);
/* Today's date for the access rule, from the request's clock. */
day_t guard_today(int64_t now);

#endif
