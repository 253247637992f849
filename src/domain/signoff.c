/* signoff.c — delegated sign-off: routing by limit, decisions bound to a content hash. */
#include "domain/signoff.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

/* ---- content hashes: SHA-256 from libsodium, written as lowercase hex -------------------------- */

void signoff_hasher_init(struct signoff_hasher *s) { crypto_hash_sha256_init(&s->st); }

void signoff_hasher_add(struct signoff_hasher *s, const void *data, size_t len)
{
    crypto_hash_sha256_update(&s->st, data, len);
}

void signoff_hasher_finish(struct signoff_hasher *s, char out[SIGNOFF_HASH_HEX])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&s->st, digest);
    sodium_bin2hex(out, SIGNOFF_HASH_HEX, digest, sizeof digest);
}

void signoff_hash(const void *data, size_t len, char out[SIGNOFF_HASH_HEX])
{
    struct signoff_hasher s;
    signoff_hasher_init(&s);
    signoff_hasher_add(&s, data, len);
    signoff_hasher_finish(&s, out);
}

/* ---- the organisation ------------------------------------------------------------------------ */

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

const struct signoff_worker *signoff_find(const struct signoff_org *org, const char *id)
{
    if (!org || !id)
        return NULL;
    for (size_t i = 0; i < org->nworkers; i++)
        if (same(org->workers[i].id, id))
            return &org->workers[i];
    return NULL;
}

static const char *panel_name(const struct signoff_org *org)
{
    return org->panel_name && *org->panel_name ? org->panel_name : "the funding panel";
}

static const char *nm(const struct signoff_worker *w)
{
    return w->name && *w->name ? w->name : w->id;
}

static const char *pounds(struct arena *a, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(a, b);
}

int signoff_org_validate(const struct signoff_org *org, struct err *e)
{
    for (size_t i = 0; i < org->nworkers; i++) {
        const struct signoff_worker *w = &org->workers[i], *m = w;
        if (blank(w->id))
            return err_set(e, ERR_INVALID, "A worker has no id.");
        for (size_t j = 0; j < i; j++)
            if (same(org->workers[j].id, w->id))
                return err_set(e, ERR_INVALID, "Two workers have the id '%s'.", w->id);
        if (w->annual_limit < 0)
            return err_set(e, ERR_INVALID, "%s's sign-off limit is negative.", nm(w));
        for (size_t steps = 0; m->manager_id; steps++) {
            const struct signoff_worker *next = signoff_find(org, m->manager_id);
            if (!next)
                return err_set(e, ERR_INVALID, "%s's manager '%s' is not a known worker.", nm(m),
                               m->manager_id);
            if (steps > org->nworkers)
                return err_set(e, ERR_INVALID, "The management chain above %s goes round in a "
                                               "loop.", nm(w));
            m = next;
        }
        if (w->manager_id) {
            const struct signoff_worker *mg = signoff_find(org, w->manager_id);
            if (mg->manager_id && w->annual_limit > mg->annual_limit)
                return err_set(e, ERR_INVALID,
                               "%s's sign-off limit is above their manager %s's: nobody can be "
                               "given more authority than the person who set it.",
                               nm(w), nm(mg));
        }
    }
    return 0;
}

int signoff_check_set_limit(const struct signoff_org *org, const char *setter_id,
                            const char *worker_id, int64_t new_limit, struct err *e)
{
    const struct signoff_worker *s = signoff_find(org, setter_id), *w = signoff_find(org, worker_id);
    if (!w)
        return err_set(e, ERR_NOT_FOUND, "No such worker.");
    if (new_limit < 0 || new_limit > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "annual_limit",
                             "A sign-off limit is an amount a year, not negative.");
    if (!s || !same(w->manager_id, s->id))
        return err_set(e, ERR_FORBIDDEN, "Only %s's manager can set their sign-off limit.", nm(w));
    if (s->manager_id && new_limit > s->annual_limit) {
        char a[MONEY_FMT_SIZE];
        money_format(s->annual_limit, MONEY_FMT_POUND, a, sizeof a);
        return err_set_field(e, ERR_FORBIDDEN, "annual_limit",
                             "You cannot give %s a sign-off limit above your own (%s a year).",
                             nm(w), a);
    }
    return 0;
}

/* ---- routing ----------------------------------------------------------------------------------- */

static int push_step(struct arena *a, struct signoff_route *r, size_t *cap,
                     enum signoff_step_kind kind, const struct signoff_worker *who, bool decides,
                     const char *why)
{
    if (!why)
        return ERR_NOMEM;
    if (r->nsteps == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        struct signoff_step *s = arena_array(a, ncap, sizeof *s);
        if (!s)
            return ERR_NOMEM;
        if (r->nsteps)
            memcpy(s, r->steps, r->nsteps * sizeof *s);
        r->steps = s;
        *cap = ncap;
    }
    r->steps[r->nsteps++] = (struct signoff_step){kind, who, decides, why};
    return 0;
}

static const char *role_of(const struct signoff_worker *w, struct arena *a)
{
    return w->role && *w->role ? arena_printf(a, "%s (%s)", nm(w), w->role) : nm(w);
}

/* Walks up from `from` (exclusive when skip_first) to the first worker who may decide a request of
 * `value` raised by `raiser`, appending a step for each worker passed over. */
static int walk(const struct signoff_org *org, const struct signoff_request *req,
                const struct signoff_worker *cur, enum signoff_step_kind kind, struct arena *a,
                struct signoff_route *r, size_t *cap, struct err *e)
{
    const char *val = pounds(a, req->annual_value);
    for (size_t guard = 0;; guard++) {
        const struct signoff_worker *up;
        const char *dest, *why;
        bool own = same(cur->id, req->raised_by);
        if (guard > org->nworkers)
            return err_set(e, ERR_INVALID, "The management chain goes round in a loop; sign-off "
                                           "cannot be routed.");
        if (!own && req->annual_value <= cur->annual_limit)
            return push_step(a, r, cap, kind, cur, true,
                             arena_printf(a, "%s a year is within %s's sign-off limit of %s a year, "
                                             "so %s decides it.",
                                          val, nm(cur), pounds(a, cur->annual_limit),
                                          role_of(cur, a))) == 0
                       ? 0
                       : err_set(e, ERR_NOMEM, "Out of memory.");
        up = cur->manager_id ? signoff_find(org, cur->manager_id) : NULL;
        if (cur->manager_id && !up)
            return err_set(e, ERR_INVALID, "%s's manager '%s' is not a known worker.", nm(cur),
                           cur->manager_id);
        dest = up ? arena_printf(a, "their manager, %s", role_of(up, a)) : panel_name(org);
        if (own)
            why = arena_printf(a, "%s asked for this, and nobody signs off their own request, so it "
                                  "goes to %s.",
                               nm(cur), dest);
        else if (cur->annual_limit == 0)
            why = arena_printf(a, "%s does not have authority to sign off, so it goes to %s.",
                               nm(cur), dest);
        else
            why = arena_printf(a, "%s a year is above %s's sign-off limit of %s a year, so it goes "
                                  "to %s.",
                               val, nm(cur), pounds(a, cur->annual_limit), dest);
        if (push_step(a, r, cap, kind, cur, false, why) != 0)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        if (!up)
            return push_step(a, r, cap, SIGNOFF_STEP_PANEL, NULL, true,
                             arena_printf(a, "%s decides it.", panel_name(org))) == 0
                       ? 0
                       : err_set(e, ERR_NOMEM, "Out of memory.");
        cur = up;
        kind = SIGNOFF_STEP_MANAGER;
    }
}

static int check_request(const struct signoff_request *req, struct err *e)
{
    if (req->subject != SIGNOFF_BUDGET && req->subject != SIGNOFF_PLAN)
        return err_set(e, ERR_INVALID, "A sign-off request is for a budget or a plan.");
    if (req->annual_value < 0 || req->annual_value > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "annual_value", "The amount a year is not valid.");
    if (strlen(req->hash) != SIGNOFF_HASH_HEX - 1)
        return err_set(e, ERR_INVALID, "The request does not say which version is to be approved.");
    if (blank(req->raised_by))
        return err_set(e, ERR_INVALID, "The request does not say who asked for it.");
    return 0;
}

int signoff_route(const struct signoff_org *org, const struct signoff_request *req,
                  struct arena *a, struct signoff_route *out, struct err *e)
{
    const struct signoff_worker *w;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = check_request(req, e)) != 0)
        return rc;
    w = signoff_find(org, req->worker_id);
    if (!w)
        return err_set_field(e, ERR_INVALID, "worker", "The worker responsible for this person "
                                                       "('%s') is not a known worker.",
                             req->worker_id ? req->worker_id : "");
    return walk(org, req, w, SIGNOFF_STEP_WORKER, a, out, &cap, e);
}

/* ---- state ------------------------------------------------------------------------------------- */

static int set_where(struct signoff_state *st, const struct signoff_route *r, struct arena *a,
                     const char *prefix)
{
    const char *s = prefix ? prefix : "";
    for (size_t i = 0; i < r->nsteps; i++) {
        s = arena_printf(a, "%s%s%s", s, *s ? " " : "", r->steps[i].why);
        if (!s)
            return ERR_NOMEM;
    }
    st->where = s;
    return 0;
}

static void hold(struct signoff_state *st, const struct signoff_step *last)
{
    st->holder_kind = last->kind;
    st->holder_id = last->who ? last->who->id : NULL;
}

int signoff_open(const struct signoff_org *org, const struct signoff_request *req,
                 struct arena *a, struct signoff_state *st, struct err *e)
{
    struct signoff_route r;
    int rc;
    memset(st, 0, sizeof *st);
    if ((rc = signoff_route(org, req, a, &r, e)) != 0)
        return rc;
    st->status = SIGNOFF_PENDING;
    hold(st, &r.steps[r.nsteps - 1]);
    if (set_where(st, &r, a, "Waiting for a decision.") != 0)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

static int append(struct signoff_state *st, struct arena *a, const struct signoff_decision *d)
{
    struct signoff_decision *n = arena_array(a, st->ndecisions + 1, sizeof *n);
    if (!n)
        return ERR_NOMEM;
    if (st->ndecisions)
        memcpy(n, st->decisions, st->ndecisions * sizeof *n);
    n[st->ndecisions] = *d;
    st->decisions = n;
    st->ndecisions++;
    return 0;
}

const char *signoff_status_name(enum signoff_status s)
{
    switch (s) {
    case SIGNOFF_PENDING: return "pending";
    case SIGNOFF_APPROVED: return "approved";
    case SIGNOFF_REFUSED: return "refused";
    case SIGNOFF_WITHDRAWN: return "withdrawn";
    }
    return "unknown";
}

const char *signoff_action_name(enum signoff_action a)
{
    switch (a) {
    case SIGNOFF_APPROVE: return "approve";
    case SIGNOFF_REFUSE: return "refuse";
    case SIGNOFF_REFER_UP: return "refer_up";
    }
    return "unknown";
}

static const char *short_hash(struct arena *a, const char *h)
{
    /* arena_strndup copies exactly n bytes, so never ask for more than the string has. */
    return h ? arena_strndup(a, h, strnlen(h, 12)) : "(none)";
}

int signoff_decide(const struct signoff_org *org, const struct signoff_request *req,
                   struct signoff_state *st, const char *actor, enum signoff_action action,
                   const char *reasons, const char *current_hash, day_t on, struct arena *a,
                   struct err *e)
{
    const struct signoff_worker *w, *holder = NULL;
    struct signoff_decision d;
    int rc;

    if ((rc = check_request(req, e)) != 0)
        return rc;
    if (st->status != SIGNOFF_PENDING)
        return err_set(e, ERR_CONFLICT, "This request has already been %s; it cannot be decided "
                                        "again. Ask for sign-off afresh if something has changed.",
                       signoff_status_name(st->status));
    if (!current_hash || strcmp(current_hash, req->hash) != 0)
        return err_set(e, ERR_CONFLICT,
                       "The %s has changed since sign-off was asked for (asked for version %s..., "
                       "it is now %s...). Approval is for an exact version, so sign-off must be "
                       "asked for again for the current one.",
                       req->subject == SIGNOFF_PLAN ? "plan" : "budget", short_hash(a, req->hash),
                       short_hash(a, current_hash));
    if (same(actor, req->raised_by))
        return err_set(e, ERR_FORBIDDEN, "Nobody can decide their own request: this one was asked "
                                         "for by you, so it is with someone else to decide.");
    w = signoff_find(org, actor);
    if (!w)
        return err_set(e, ERR_FORBIDDEN, "Only a worker with sign-off authority can decide this.");
    if (st->holder_kind == SIGNOFF_STEP_PANEL) {
        if (!w->panel_member)
            return err_set(e, ERR_FORBIDDEN, "This request is with %s; only a panel member can "
                                             "decide it.",
                           panel_name(org));
    } else if (!same(st->holder_id, actor)) {
        holder = signoff_find(org, st->holder_id);
        return err_set(e, ERR_FORBIDDEN, "This request is with %s; only they can decide it now.",
                       holder ? nm(holder) : "someone else");
    }

    memset(&d, 0, sizeof d);
    d.action = action;
    d.by = w->id;
    d.by_name = nm(w);
    d.as = st->holder_kind;
    d.limit = st->holder_kind == SIGNOFF_STEP_PANEL ? -1 : w->annual_limit;
    d.on = on;
    d.reasons = reasons;
    memcpy(d.hash, req->hash, SIGNOFF_HASH_HEX);

    switch (action) {
    case SIGNOFF_APPROVE:
        if (st->holder_kind != SIGNOFF_STEP_PANEL && req->annual_value > w->annual_limit)
            return err_set(e, ERR_FORBIDDEN, "%s a year is above your sign-off limit of %s a year; "
                                             "refer it up instead.",
                           pounds(a, req->annual_value), pounds(a, w->annual_limit));
        if (append(st, a, &d) != 0)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        st->status = SIGNOFF_APPROVED;
        st->where = arena_printf(a, "Approved by %s.", role_of(w, a));
        break;
    case SIGNOFF_REFUSE:
        if (blank(reasons))
            return err_set_field(e, ERR_INVALID, "reasons", "Give the reasons for refusing: the "
                                                            "person will see them.");
        if (append(st, a, &d) != 0)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        st->status = SIGNOFF_REFUSED;
        st->where = arena_printf(a, "Not approved by %s. Reasons: %s", role_of(w, a), reasons);
        break;
    case SIGNOFF_REFER_UP: {
        struct signoff_route r;
        size_t cap = 0;
        const struct signoff_worker *up;
        if (blank(reasons))
            return err_set_field(e, ERR_INVALID, "reasons", "Give the reason for referring this up: "
                                                            "the person will see it.");
        if (st->holder_kind == SIGNOFF_STEP_PANEL)
            return err_set(e, ERR_INVALID, "The panel is the last step; it cannot refer a request "
                                           "further up.");
        memset(&r, 0, sizeof r);
        up = w->manager_id ? signoff_find(org, w->manager_id) : NULL;
        if (up)
            rc = walk(org, req, up, SIGNOFF_STEP_MANAGER, a, &r, &cap, e);
        else
            rc = push_step(a, &r, &cap, SIGNOFF_STEP_PANEL, NULL, true,
                           arena_printf(a, "%s decides it.", panel_name(org))) == 0
                     ? 0
                     : err_set(e, ERR_NOMEM, "Out of memory.");
        if (rc != 0)
            return rc;
        if (append(st, a, &d) != 0)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        hold(st, &r.steps[r.nsteps - 1]);
        if (set_where(st, &r, a,
                      arena_printf(a, "Waiting for a decision. %s referred it up: %s",
                                   role_of(w, a), reasons)) != 0)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        break;
    }
    default:
        return err_set(e, ERR_INVALID, "Unknown sign-off action.");
    }
    if (!st->where)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

int signoff_withdraw(const struct signoff_request *req, struct signoff_state *st, const char *actor,
                     day_t on, struct arena *a, struct err *e)
{
    (void)a;
    if (st->status != SIGNOFF_PENDING)
        return err_set(e, ERR_CONFLICT, "Only a request waiting for a decision can be withdrawn; "
                                        "this one has been %s.",
                       signoff_status_name(st->status));
    if (!same(actor, req->raised_by))
        return err_set(e, ERR_FORBIDDEN, "Only the person who asked for sign-off can withdraw the "
                                         "request.");
    st->status = SIGNOFF_WITHDRAWN;
    st->withdrawn_on = on;
    st->where = "Withdrawn by the person who asked for it.";
    return 0;
}

int signoff_check_current(const struct signoff_state *st, const char *current_hash,
                          struct err *e)
{
    const struct signoff_decision *ap = NULL;
    if (!st || st->status != SIGNOFF_APPROVED)
        return err_set(e, ERR_FORBIDDEN, "This has not been signed off.");
    for (size_t i = st->ndecisions; i-- > 0;)
        if (st->decisions[i].action == SIGNOFF_APPROVE) {
            ap = &st->decisions[i];
            break;
        }
    if (!ap)
        return err_set(e, ERR_FORBIDDEN, "This has not been signed off.");
    if (!current_hash || strcmp(ap->hash, current_hash) != 0)
        return err_set(e, ERR_CONFLICT, "It has changed since it was signed off, so the sign-off no "
                                        "longer applies: a new approval is needed for the changed "
                                        "version.");
    return 0;
}
