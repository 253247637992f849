/*
 * router.h — the route table and the one path every request takes through it.
 *
 * The route table (src/web/routes.c) is data: method, path pattern, handler, access policy, body
 * limit, and the words the OpenAPI document and the docs use. Adding a feature means adding rows;
 * the security checks come with the row, not with the handler's memory:
 *
 *   router_dispatch(req):
 *     1. match (404 / 405 with Allow) — the server adapter already matched, to size the body cap
 *     2. who is asking: the session cookie, checked for idle and absolute expiry
 *     3. CSRF for every unsafe method: Origin / Sec-Fetch-Site, then the form or header token
 *     4. the access policy: public, or an action decided by access_decide (src/domain/access.h)
 *        with the person named by the route's {id} (404 for other councils, 403/401 otherwise)
 *     5. the handler; for person reads, an audit entry (who, what, when, from where) afterwards
 *
 * Pattern syntax: literal segments and {name} segments ("/people/{id}"); a {name} matches one
 * non-empty segment. No wildcards except a final "{*path}" for static assets.
 */
#ifndef SELFDIRECT_WEB_ROUTER_H
#define SELFDIRECT_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/access.h"
#include "web/request.h"

typedef void (*route_handler)(struct request *req);

enum route_kind {
    ROUTE_PAGE = 0, /* HTML for people: refusals are pages, signed-out people are sent to sign in */
    ROUTE_API,      /* JSON: refusals are problem+json */
    ROUTE_ASSET,    /* public static files */
};

struct route {
    enum http_method method;
    const char *pattern;
    route_handler handler;
    enum route_kind kind;
    bool public_route;          /* true: anyone; the action below is ignored */
    enum access_action action;  /* what the access rule is asked (person actions use {id}) */
    size_t body_limit;          /* bytes; 0 means no body is accepted */
    const char *summary;        /* one line for the OpenAPI document and docs/api.md */
};

/* The application's table (routes.c). */
extern const struct route web_routes[];
extern const size_t web_nroutes;

#define ROUTER_ALLOW_SIZE 64

/* Finds the route for method + path. On a match fills req->params (when req is not NULL) and
 * returns the route. Otherwise returns NULL with *status 404 (no such path) or 405 (the path
 * exists for other methods, listed in allow as "GET, POST"). HEAD matches GET routes. */
const struct route *router_match(const struct route *table, size_t n, enum http_method method,
                                 const char *path, struct request *req, int *status,
                                 char allow[ROUTER_ALLOW_SIZE]);

/* Does a pattern match a path (no captures)? Exposed for tests and the OpenAPI check. */
bool router_pattern_matches(const char *pattern, const char *path);

/* Runs everything after matching (steps 2-5 above). req->route must be set (or NULL with the
 * status to answer, from router_match). Always leaves a complete response in req->res. */
void router_dispatch(struct web_app *app, struct request *req, int match_status,
                     const char *allow);

/* After the handler: security headers every response carries, whatever produced it. */
void router_finish(struct web_app *app, struct request *req);

/* The security headers every response carries (the adapter adds them to each one it sends). */
const struct http_pair *web_fixed_headers(size_t *n);
/* The Cache-Control value for a cache policy. */
const char *web_cache_control(enum cache_policy c);

/* Answers a refusal in the route's kind (page or problem+json). */
void router_refuse(struct request *req, int status, const char *title, const char *detail);

#endif
