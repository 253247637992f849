/*
 * app.h — the web application's shared state and the signed-in principal.
 *
 * One struct web_app lives for the life of `selfdirect serve` (or of one test) and is shared by
 * every request thread: its fields are set before the server starts and only read afterwards,
 * except the parts that lock for themselves (rate limiters, the audit queue, the store's pool).
 *
 * A principal is who a request acts for. Anonymous requests have one too (role USER_NONE), so
 * the router and handlers never test for NULL.
 */
#ifndef SELFDIRECT_WEB_APP_H
#define SELFDIRECT_WEB_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"

struct store;
struct route;
struct ratelimit;
struct audit_queue;

struct web_config {
    /* Where people reach us, e.g. "https://care.example.gov.uk" or "http://localhost:8080":
     * unsafe requests must come from this origin. NULL: the request's own Host is trusted. */
    const char *public_origin;
    int session_idle_seconds;     /* signed out after this long without a request */
    int session_absolute_seconds; /* signed out this long after signing in, whatever happens */
    int login_max_failures;       /* wrong passwords in a row before the account locks */
    int lockout_seconds;          /* how long a locked account stays locked */
    int page_size;                /* rows per page in lists */
};

void web_config_defaults(struct web_config *c);

struct web_app {
    struct web_config cfg;
    struct store *store;           /* NULL only in tests of the frame itself */
    const struct route *routes;
    size_t nroutes;
    unsigned char secret[32];      /* per-process key for CSRF tokens of signed-out forms */
    struct ratelimit *login_limit; /* sign-in attempts per client address */
    struct audit_queue *audit;     /* read entries waiting to be group-committed */
    bool quiet;                    /* no access log (tests, benchmarks) */
};

struct principal {
    enum role role;            /* USER_NONE when nobody is signed in */
    int login_kind;            /* LOGIN_STAFF or LOGIN_ACCOUNT (store/web_store.h); 0 anonymous */
    int64_t login_id;          /* staff.id or web_accounts.id */
    int64_t council_id;
    int64_t staff_id;          /* council staff: their staff record, else 0 */
    int64_t account_id;        /* citizen-side account, else 0 */
    int64_t person_id;         /* budget holder: their own person record, else 0 */
    int64_t team_id;           /* staff: their team, else 0 */
    const char *username;
    const char *display_name;
    const char *council_name;
    const char *session_hash;  /* hex SHA-256 of the session token; NULL when anonymous */
    const char *csrf_token;    /* the token forms must carry */
    int64_t session_created;
};

extern const struct principal principal_anonymous;

struct request;
/* Who did it, for the audit trail: "staff:12", "account:5", "anonymous". Arena string. */
const char *principal_actor(struct request *req);

#endif
