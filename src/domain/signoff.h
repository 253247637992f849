/*
 * signoff.h — delegated authority to sign off budgets and support plans (brief §2.8; Care and
 * Support Statutory Guidance 10.85: panels add delay, so most decisions should be made by the
 * worker who knows the person, within a limit).
 *
 * The rules:
 *   - Each worker has an annual sign-off limit (pence a year), set by their manager. A manager can
 *     give nobody a limit above their own (unless they are at the top of the chain).
 *   - A request (a budget or a plan, at an annual value) goes first to the worker responsible for
 *     the person. Within their limit they decide it. Above it, it goes to their manager, and so on
 *     up the chain; above the limit of the top of the chain, to the funding panel.
 *   - Nobody decides their own request: a request raised by a worker passes over them to their
 *     manager even when it is within their limit. Panel members are bound by the same rule.
 *   - Every step of the route carries a plain-English reason the person can read ("£52,000.00 a
 *     year is above Sam's sign-off limit of £35,000.00, so it goes to their manager, Priya").
 *   - An approval is bound to the exact content approved: a SHA-256 hash of the plan or budget
 *     (plan_hash for plans). Deciding on a request whose content has changed since it was made is
 *     refused, and an approval covers only the hash it was given for (signoff_check_current), so
 *     any change after approval needs a new approval.
 *   - The worker holding a request may refer it up (to their manager, or to panel) with a reason
 *     even when it is within their limit; they may refuse it with reasons shown to the person.
 *
 * The state of a request (struct signoff_state) is plain data the store persists: the status, who
 * holds it now, and the history of decisions. Pure functions: no store, no clock (dates come in).
 * Results live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_SIGNOFF_H
#define SELFDIRECT_DOMAIN_SIGNOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "base/date.h"

struct arena;
struct err;

#define SIGNOFF_HASH_HEX 65 /* 64 lowercase hex digits of SHA-256 + NUL */

/* SHA-256 of data[0..len), as lowercase hex. The content hash approvals are bound to. */
void signoff_hash(const void *data, size_t len, char out[SIGNOFF_HASH_HEX]);

/* Incremental form, for hashing a document field by field. */
struct signoff_hasher {
    crypto_hash_sha256_state st; /* libsodium's SHA-256: pure computation, no I/O */
};
void signoff_hasher_init(struct signoff_hasher *s);
void signoff_hasher_add(struct signoff_hasher *s, const void *data, size_t len);
void signoff_hasher_finish(struct signoff_hasher *s, char out[SIGNOFF_HASH_HEX]);

struct signoff_worker {
    const char *id;
    const char *name;
    const char *role;         /* "social worker", "team manager", ... for people to read */
    const char *manager_id;   /* where requests above their limit go; NULL at the top */
    int64_t annual_limit;     /* pence a year they may approve; 0: may not approve */
    bool panel_member;        /* sits on the funding panel */
};

struct signoff_org {
    const struct signoff_worker *workers;
    size_t nworkers;
    const char *panel_name;   /* "the funding panel" when NULL */
};

/* Checks: ids unique and non-blank; managers exist; no loops; limits not negative; no worker's
 * limit above their manager's (except where the manager is at the top). */
int signoff_org_validate(const struct signoff_org *org, struct err *e);
const struct signoff_worker *signoff_find(const struct signoff_org *org, const char *id);

/* May `setter` give `worker` a limit of new_limit? Only the worker's own manager may, and not above
 * the setter's own limit unless the setter is at the top of the chain. ERR_FORBIDDEN otherwise. */
int signoff_check_set_limit(const struct signoff_org *org, const char *setter_id,
                            const char *worker_id, int64_t new_limit, struct err *e);

enum signoff_subject {
    SIGNOFF_BUDGET = 1,
    SIGNOFF_PLAN,
};

struct signoff_request {
    const char *id;
    enum signoff_subject subject;
    const char *subject_ref;     /* the plan or budget id */
    int subject_version;
    char hash[SIGNOFF_HASH_HEX]; /* the content asked to be approved */
    int64_t annual_value;        /* pence a year */
    const char *raised_by;       /* who asked: a worker id, or the person's own user id */
    const char *worker_id;       /* the worker responsible for the person: first stop */
    day_t raised_on;
    const char *reasons;         /* e.g. why it differs from the indicative budget; may be NULL */
};

enum signoff_step_kind {
    SIGNOFF_STEP_WORKER = 1, /* the responsible worker */
    SIGNOFF_STEP_MANAGER,    /* someone up their management chain */
    SIGNOFF_STEP_PANEL,
};

struct signoff_step {
    enum signoff_step_kind kind;
    const struct signoff_worker *who; /* NULL for the panel */
    bool decides;                     /* the step that decides; earlier steps were passed over */
    const char *why;                  /* plain English, shown to the person */
};

struct signoff_route {
    struct signoff_step *steps;
    size_t nsteps; /* the last step is the one that decides */
};

/* Works out where a request goes, and why. ERR_INVALID for an unknown worker or a broken chain. */
int signoff_route(const struct signoff_org *org, const struct signoff_request *req,
                  struct arena *a, struct signoff_route *out, struct err *e);

enum signoff_status {
    SIGNOFF_PENDING = 1,
    SIGNOFF_APPROVED,
    SIGNOFF_REFUSED,
    SIGNOFF_WITHDRAWN,
};

enum signoff_action {
    SIGNOFF_APPROVE = 1,
    SIGNOFF_REFUSE,    /* reasons required: shown to the person */
    SIGNOFF_REFER_UP,  /* reasons required: to the holder's manager, or to panel from the top */
};

struct signoff_decision {
    enum signoff_action action;
    const char *by;              /* worker id */
    const char *by_name;
    enum signoff_step_kind as;   /* the capacity they acted in */
    int64_t limit;               /* their limit at the time (-1 for panel: no limit) */
    day_t on;
    const char *reasons;
    char hash[SIGNOFF_HASH_HEX]; /* the content decided on */
};

struct signoff_state {
    enum signoff_status status;
    enum signoff_step_kind holder_kind; /* where it is now */
    const char *holder_id;              /* NULL when with the panel */
    const char *where;                  /* plain English: where it is and why */
    struct signoff_decision *decisions; /* oldest first */
    size_t ndecisions;
    day_t withdrawn_on;                 /* SIGNOFF_WITHDRAWN: when */
};

/* A new request's state: routed, pending with the deciding step. */
int signoff_open(const struct signoff_org *org, const struct signoff_request *req,
                 struct arena *a, struct signoff_state *st, struct err *e);

/* `actor` acts on a pending request. current_hash is the hash of the plan or budget as it is now.
 * Refused:
 *   ERR_CONFLICT  the request is not pending; or the content changed since it was raised;
 *   ERR_FORBIDDEN the actor raised the request; or the request is not with them (for panel: they
 *                 are not a panel member); or (approve) the value is above their limit;
 *   ERR_INVALID   refusing or referring up without reasons; referring up from the panel.
 * On success *st is updated (decisions appended from arena a). */
int signoff_decide(const struct signoff_org *org, const struct signoff_request *req,
                   struct signoff_state *st, const char *actor, enum signoff_action action,
                   const char *reasons, const char *current_hash, day_t on, struct arena *a,
                   struct err *e);

/* The request's raiser withdraws it (e.g. to change the plan). Only a pending request. */
int signoff_withdraw(const struct signoff_request *req, struct signoff_state *st, const char *actor,
                     day_t on, struct arena *a, struct err *e);

/* Is there an approval that covers exactly current_hash? 0 if so; ERR_CONFLICT with a message
 * saying a new approval is needed when the content changed; ERR_FORBIDDEN when not approved. */
int signoff_check_current(const struct signoff_state *st, const char *current_hash,
                          struct err *e);

const char *signoff_status_name(enum signoff_status s); /* "pending", "approved", ... */
const char *signoff_action_name(enum signoff_action a); /* "approve", "refuse", "refer_up" */

#endif
