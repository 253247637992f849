/*
 * csrf.h — defence against cross-site request forgery, in two layers, on every request that can
 * change something (any method but GET and HEAD), checked by the router before access and before
 * the handler:
 *
 *   1. Where the request came from. Browsers say so: Sec-Fetch-Site must be "same-origin" when
 *      sent; Origin, when sent, must be our own origin (the configured public origin, or else the
 *      scheme-less match of the request's Host). "null" origins are refused.
 *   2. A token the attacker cannot know. Signed in: the session's own random form token, stored
 *      with the session. Signed out (the sign-in form): the value of a random __Host- cookie set
 *      with the form (double submit; __Host- cookies cannot be planted by a sibling domain).
 *      Forms carry it as the field csrf_token; API clients send the X-CSRF-Token header (its
 *      value is returned by GET /api/v1/session).
 *
 * Tokens are compared in constant time.
 */
#ifndef SELFDIRECT_WEB_CSRF_H
#define SELFDIRECT_WEB_CSRF_H

#include <stdbool.h>

#include "base/err.h"

struct request;
struct web_app;

#define CSRF_FORM_COOKIE "__Host-sd_form"
#define CSRF_FIELD "csrf_token"
#define CSRF_HEADER "X-CSRF-Token"

/* Layer 1 alone (pure over the request's headers). */
int csrf_origin_ok(struct request *req, const char *public_origin, struct err *e);
/* Both layers. */
int csrf_check(struct web_app *app, struct request *req, struct err *e);
/* The token a form on this page must carry. For a signed-out visitor without the form cookie,
 * makes one and adds its Set-Cookie to the response. NULL only when out of memory. */
const char *csrf_form_token(struct request *req);
bool csrf_token_equal(const char *a, const char *b);

#endif
