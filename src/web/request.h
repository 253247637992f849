/*
 * request.h — one HTTP request and the response being built for it, independent of the HTTP
 * library. The server adapter (server.c, the only file that knows libmicrohttpd) copies what
 * arrived into a struct request; the router and handlers read it and fill req->res; the adapter
 * sends req->res. Tests build requests by hand with request_init/request_add_header and call the
 * router directly, so everything above the adapter is tested without sockets.
 *
 * Memory: everything a request allocates comes from req->arena, released in one go by
 * request_release when the response has been sent. Strings in a request are NUL-terminated and
 * owned by the arena. The body is a capped buffer whose cap is the matched route's body limit.
 *
 * Input is treated as hostile: query parameters and form fields that appear twice are refused by
 * the lookup functions (request_query / form_get return ERR_INVALID naming the field), so a
 * handler cannot be confused about which of two values it was given.
 */
#ifndef SELFDIRECT_WEB_REQUEST_H
#define SELFDIRECT_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

enum http_method {
    HTTP_GET = 0,
    HTTP_HEAD,
    HTTP_POST,
    HTTP_PUT,
    HTTP_PATCH,
    HTTP_DELETE,
    HTTP_OTHER,
};

const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *s);
/* GET and HEAD (and OPTIONS, which we refuse) change nothing; everything else needs CSRF checks. */
bool http_method_is_safe(enum http_method m);
const char *http_status_text(int status); /* "Not Found" */

struct http_pair {
    const char *name;
    const char *value;
};

/* How a response may be cached. The default is NO_STORE: anything not explicitly public may hold
 * personal data, and a shared computer's browser cache must not keep it. */
enum cache_policy {
    CACHE_NO_STORE = 0,
    CACHE_IMMUTABLE,  /* hashed asset URL: a year, never revalidated */
    CACHE_REVALIDATE, /* public asset without its hash: cache but check the ETag each time */
};

#define RESPONSE_MAX_HEADERS 8
#define RESPONSE_BODY_CAP (8u << 20) /* the largest page or JSON document we render */

struct response {
    int status;               /* 0 until a handler or the router sets it */
    const char *content_type; /* NULL: no body */
    struct buf body;
    /* A body we do not own and must not copy (embedded assets). Used instead of body when set. */
    const unsigned char *static_body;
    size_t static_len;
    enum cache_policy cache;
    const char *etag;
    struct http_pair headers[RESPONSE_MAX_HEADERS]; /* Set-Cookie, Location, Allow, ... */
    size_t nheaders;
};

struct route;
struct principal;
struct web_app;

#define REQUEST_MAX_PARAMS 4 /* {placeholders} in one route pattern */

struct request {
    struct arena arena;
    enum http_method method;
    const char *method_name;  /* as sent, for logs */
    const char *path;         /* percent-decoded path, no query */
    const char *raw_path;     /* as sent, for the audit trail and problem "instance" */
    struct http_pair *headers;
    size_t nheaders, capheaders;
    struct http_pair *query;
    size_t nquery, capquery;
    struct buf body;          /* capped at the route's body limit */
    char remote_addr[64];
    int64_t now;              /* seconds since the epoch, read once by the shell */

    /* Filled by the router. */
    struct web_app *app;
    const struct route *route;
    struct http_pair params[REQUEST_MAX_PARAMS]; /* path {placeholders} */
    size_t nparams;
    const struct principal *who;  /* never NULL after routing: anonymous is a principal too */
    bool session_expired;         /* a session cookie came but its session had ended */
    struct person_read *person_read; /* a summary the guard read with the access facts */
    /* Form fields of an application/x-www-form-urlencoded body, parsed on first use. */
    struct http_pair *form;
    size_t nform;
    bool form_parsed;

    struct response res;
};

/* body_cap is the most bytes of body this request may carry (the route's limit). */
void request_init(struct request *req, size_t body_cap);
void request_release(struct request *req);

int request_add_header(struct request *req, const char *name, const char *value);
int request_add_query(struct request *req, const char *name, const char *value);
/* Sets path and raw_path from what came on the request line (percent-decoding path; a path with
 * an encoded NUL or slash, or bad %-escapes, is refused with ERR_INVALID). */
int request_set_target(struct request *req, const char *raw_path);

/* Case-insensitive header lookup; the first one when repeated, NULL when absent. */
const char *request_header(const struct request *req, const char *name);
/* The value of ?name=..., NULL when absent; ERR_INVALID (naming it) when it appears twice. */
int request_query(struct request *req, const char *name, const char **value, struct err *e);
/* The named {placeholder} of the matched route, or NULL. */
const char *request_param(const struct request *req, const char *name);
/* The named cookie's value (arena copy), or NULL. */
const char *request_cookie(struct request *req, const char *name);
/* Media type of the body without parameters, lower-cased ("application/json"), or "". */
const char *request_media_type(struct request *req);

/* Form fields (application/x-www-form-urlencoded bodies). A body of another media type is
 * refused with ERR_INVALID; a field sent twice is refused when looked up. */
int request_form(struct request *req, const char *name, const char **value, struct err *e);

/* Percent-decoding for query strings and forms ('+' is a space there). Refuses bad escapes
 * and NUL bytes. Writes into the arena. */
int url_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, char **out);
/* Parses "a=1&b=2" into pairs in the arena. */
int url_parse_pairs(struct arena *a, const char *s, size_t n, struct http_pair **pairs,
                    size_t *npairs, struct err *e);

/* --- building the response --- */
int response_header(struct request *req, const char *name, const char *value);
/* Sets status and content type and resets the body. */
void response_start(struct request *req, int status, const char *content_type);
/* A redirect after a POST (303) or to sign in (303). location must be a local path. */
void response_redirect(struct request *req, const char *location);
/* A small text/plain response, for the rare case where neither HTML nor JSON fits. */
void response_text(struct request *req, int status, const char *text);

#endif
