/* router.c — route matching and the one path every request takes (see router.h). */
#include "web/router.h"

#include <inttypes.h>

#include "base/arena.h"
#include "base/str.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/csrf.h"
#include "web/guard.h"
#include "web/pages.h"
#include "web/problem.h"
#include "web/session.h"

const struct principal principal_anonymous = {
    .role = USER_NONE,
    .username = "",
    .display_name = "",
    .council_name = "",
};

void web_config_defaults(struct web_config *c)
{
    memset(c, 0, sizeof *c);
    c->public_origin = NULL;
    c->session_idle_seconds = 30 * 60;
    c->session_absolute_seconds = 12 * 60 * 60;
    c->login_max_failures = 5;
    c->lockout_seconds = 15 * 60;
    c->page_size = 25;
}

/* Matches one pattern against a path, capturing {name} segments into req (when given). */
static bool match(const char *pat, const char *path, struct request *req)
{
    size_t nparams = 0;
    const char *p = pat, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *seg_end;
            bool rest = p[1] == '*';
            if (!close)
                return false;
            seg_end = rest ? s + strlen(s) : strchr(s, '/');
            if (!seg_end)
                seg_end = s + strlen(s);
            if (seg_end == s)
                return false; /* {name} needs a non-empty segment */
            if (req) {
                if (nparams == REQUEST_MAX_PARAMS)
                    return false;
                req->params[nparams].name =
                    arena_strndup(&req->arena, p + 1 + rest, (size_t)(close - p - 1 - rest));
                req->params[nparams].value = arena_strndup(&req->arena, s, (size_t)(seg_end - s));
                if (!req->params[nparams].name || !req->params[nparams].value)
                    return false;
                nparams++;
            }
            p = close + 1;
            s = seg_end;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    if (req)
        req->nparams = nparams;
    return true;
}

bool router_pattern_matches(const char *pattern, const char *path)
{
    return match(pattern, path, NULL);
}

const struct route *router_match(const struct route *table, size_t n, enum http_method method,
                                 const char *path, struct request *req, int *status,
                                 char allow[ROUTER_ALLOW_SIZE])
{
    bool path_found = false;
    enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
    allow[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!match(table[i].pattern, path, NULL))
            continue;
        if (table[i].method == want) {
            if (req && !match(table[i].pattern, path, req))
                break; /* out of memory capturing: answer as not found */
            *status = 200;
            return &table[i];
        }
        /* Collect the methods this path does answer to, for the Allow header of a 405. */
        if (!strstr(allow, http_method_name(table[i].method))) {
            size_t len = strlen(allow);
            snprintf(allow + len, ROUTER_ALLOW_SIZE - len, "%s%s", len ? ", " : "",
                     http_method_name(table[i].method));
            if (table[i].method == HTTP_GET && !strstr(allow, "HEAD")) {
                len = strlen(allow);
                snprintf(allow + len, ROUTER_ALLOW_SIZE - len, ", HEAD");
            }
        }
        path_found = true;
    }
    *status = path_found ? 405 : 404;
    return NULL;
}

void router_refuse(struct request *req, int status, const char *title, const char *detail)
{
    bool api = req->route ? req->route->kind == ROUTE_API : str_has_prefix(req->path, "/api/");
    if (api)
        problem_send(req, status, NULL, title, detail, NULL);
    else
        page_refusal(req, status, title, detail);
}

/* Parses the route's {id} as a positive record id. */
static int person_id_of(struct request *req, int64_t *id)
{
    const char *s = request_param(req, "id");
    if (!s)
        return ERR_INVALID;
    return str_to_i64(s, strlen(s), 1, INT64_MAX, id);
}

static void refuse_access(struct request *req, const struct access_decision *d)
{
    int status = access_outcome_status(d->outcome);
    if (status == 401 && req->route->kind == ROUTE_PAGE) {
        /* People are sent to sign in and brought back; only GETs can be brought back safely. */
        const char *back = req->method == HTTP_GET ? req->raw_path : "/";
        const char *to = arena_printf(&req->arena, "/sign-in?%snext=%s",
                                      req->session_expired ? "timeout=1&" : "", back);
        response_redirect(req, to && strlen(to) < 1024 ? to : "/sign-in");
        return;
    }
    switch (status) {
    case 401:
        router_refuse(req, 401, "You need to sign in",
                      "Sign in first, then try again. Signed-in sessions end after 30 minutes "
                      "without use.");
        break;
    case 404:
        router_refuse(req, 404, "Page not found",
                      "There is no such record, or it is not yours to see. Check the address.");
        break;
    default:
        router_refuse(req, 403, "You cannot see this", d->reason);
        break;
    }
}

/* What a read of a person's record was, for the audit trail: the part of the route after the
 * person ("/people/{id}/plan/view" -> "plan-view", "/api/v1/people/{id}/budget" -> "budget"), or
 * the route's action where the route is the record itself ("person-summary"). */
static const char *read_what(struct request *req, const struct route *rt)
{
    const char *tail = strstr(rt->pattern, "{id}/");
    char *out, *p;
    if (!tail)
        return access_action_name(rt->action);
    out = arena_strdup(&req->arena, tail + 5);
    if (!out)
        return access_action_name(rt->action);
    for (p = out; *p; p++)
        if (*p == '/')
            *p = '-';
    return out;
}

void router_dispatch(struct web_app *app, struct request *req, int match_status, const char *allow)
{
    const struct route *rt = req->route;
    struct err e = {0};
    int64_t person_id = 0;
    struct access_decision d = {ACCESS_ALLOW, ""};

    req->app = app;
    req->who = &principal_anonymous;
    if (!rt) {
        if (match_status == 405) {
            (void)response_header(req, "Allow", allow);
            router_refuse(req, 405, "Method not allowed",
                          "This address does not accept that kind of request. The Allow header "
                          "lists the ones it does.");
        } else {
            router_refuse(req, 404, "Page not found",
                          "If you typed the web address, check it is correct. If you pasted it, "
                          "check you copied the entire address.");
        }
        return;
    }

    if (rt->kind != ROUTE_ASSET)
        session_resolve(app, req);

    /* Nobody signed in and the route needs someone: say so (sign in) before anything else; with
     * no session there is nothing a forged request could ride on. */
    if (!rt->public_route && req->who->role == USER_NONE) {
        d = access_decide(&(struct access_subject){USER_NONE, 0}, rt->action, NULL, 0, req->now);
        refuse_access(req, &d);
        return;
    }

    /* Public API routes (signing in) have no session to ride on and no form to carry a token:
     * the origin check alone stops a page elsewhere from signing a browser in. */
    if (!http_method_is_safe(req->method) &&
        ((rt->public_route && rt->kind == ROUTE_API)
             ? csrf_origin_ok(req, app ? app->cfg.public_origin : NULL, &e)
             : csrf_check(app, req, &e)) != 0) {
        router_refuse(req, 403, "This form has expired or did not come from this service",
                      e.msg);
        return;
    }

    if (!rt->public_route) {
        struct access_subject subj = {req->who->role, req->who->council_id};
        if (access_action_needs_person(rt->action) && req->who->role != USER_NONE) {
            if (person_id_of(req, &person_id) != 0) {
                router_refuse(req, 404, "Page not found",
                              "A person's record is named by its number, like /people/12.");
                return;
            }
            /* A summary read (the most common request) has its record read with the access
             * facts, in one statement; the handler then uses it (people_get). */
            if ((rt->action == ACT_PERSON_SUMMARY && http_method_is_safe(req->method)
                     ? guard_person_read(app, req, rt->action, person_id, &d, &e)
                     : guard_person(app, req, rt->action, person_id, &d, &e)) != 0) {
                router_refuse(req, 503, "Sorry, there is a problem with the service",
                              "Try again later. Nothing you entered has been lost or changed.");
                return;
            }
        } else {
            d = access_decide(&subj, rt->action, NULL, 0, req->now);
        }
        if (d.outcome != ACCESS_ALLOW && d.outcome != ACCESS_ALLOW_BREAK_GLASS) {
            refuse_access(req, &d);
            return;
        }
    }

    rt->handler(req);
    if (req->res.status == 0)
        router_refuse(req, 500, "Sorry, there is a problem with the service",
                      "The page did not answer. Try again later.");

    /* Every read of a person's record is audited here, for every route whose action names a
     * person, so no handler has to remember: who, what (the action), when, from where.
     * Group-committed in a few milliseconds by the audit queue; a change's entry is written in
     * the change's own transaction by the handler instead. */
    if (person_id && req->res.status == 200 && http_method_is_safe(req->method) &&
        access_action_needs_person(rt->action))
        audit_queue_read(app, req, person_id, read_what(req, rt),
                         d.outcome == ACCESS_ALLOW_BREAK_GLASS);
}

/* The headers every response carries. The content security policy allows nothing inline and
 * nothing from elsewhere: pages are plain server-rendered HTML with our own CSS and JS files. */
static const struct http_pair fixed_headers[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
     "base-uri 'none'; object-src 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
};

const struct http_pair *web_fixed_headers(size_t *n)
{
    *n = sizeof fixed_headers / sizeof fixed_headers[0];
    return fixed_headers;
}

const char *web_cache_control(enum cache_policy c)
{
    switch (c) {
    case CACHE_IMMUTABLE:
        return "public, max-age=31536000, immutable";
    case CACHE_REVALIDATE:
        return "public, max-age=0, must-revalidate";
    case CACHE_NO_STORE:
        break;
    }
    return "no-store";
}

void router_finish(struct web_app *app, struct request *req)
{
    (void)app;
    if (req->res.status == 0)
        response_text(req, 500, "Internal error\n");
    /* A HEAD answer is the GET answer without its body; the adapter sends no body for it. */
}
