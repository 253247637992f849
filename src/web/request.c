/* request.c — the library-independent request: headers, query, cookies, forms, response building.
 * See request.h. */
#include "web/request.h"

#include <ctype.h>
#include <strings.h>

#include "base/str.h"

const char *http_method_name(enum http_method m)
{
    switch (m) {
    case HTTP_GET: return "GET";
    case HTTP_HEAD: return "HEAD";
    case HTTP_POST: return "POST";
    case HTTP_PUT: return "PUT";
    case HTTP_PATCH: return "PATCH";
    case HTTP_DELETE: return "DELETE";
    case HTTP_OTHER: break;
    }
    return "OTHER";
}

enum http_method http_method_parse(const char *s)
{
    static const char *names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (s && strcmp(s, names[i]) == 0)
            return (enum http_method)i;
    return HTTP_OTHER;
}

bool http_method_is_safe(enum http_method m)
{
    return m == HTTP_GET || m == HTTP_HEAD;
}

const char *http_status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}

void request_init(struct request *req, size_t body_cap)
{
    memset(req, 0, sizeof *req);
    /* A request may allocate at most 64 MiB: far above any page, far below what hurts. */
    arena_init(&req->arena, (size_t)64 << 20);
    buf_init(&req->body, body_cap);
    buf_init(&req->res.body, RESPONSE_BODY_CAP);
    req->method = HTTP_GET;
    req->method_name = "GET";
    req->path = "/";
    req->raw_path = "/";
}

void request_release(struct request *req)
{
    buf_release(&req->body);
    buf_release(&req->res.body);
    arena_release(&req->arena);
}

static int pairs_add(struct arena *a, struct http_pair **pairs, size_t *n, size_t *cap,
                     const char *name, const char *value)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct http_pair *np;
        if (ncap > 4096)
            return ERR_RANGE; /* no legitimate request has thousands of headers or parameters */
        np = arena_array(a, ncap, sizeof *np);
        if (!np)
            return ERR_NOMEM;
        if (*n)
            memcpy(np, *pairs, *n * sizeof *np);
        *pairs = np;
        *cap = ncap;
    }
    (*pairs)[*n].name = arena_strdup(a, name);
    (*pairs)[*n].value = arena_strdup(a, value ? value : "");
    if (!(*pairs)[*n].name || !(*pairs)[*n].value)
        return ERR_NOMEM;
    (*n)++;
    return 0;
}

int request_add_header(struct request *req, const char *name, const char *value)
{
    return pairs_add(&req->arena, &req->headers, &req->nheaders, &req->capheaders, name, value);
}

int request_add_query(struct request *req, const char *name, const char *value)
{
    return pairs_add(&req->arena, &req->query, &req->nquery, &req->capquery, name, value);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int url_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, char **out)
{
    char *d = arena_alloc(a, n + 1);
    size_t j = 0;
    if (!d)
        return ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi, lo;
            if (i + 2 >= n)
                return ERR_INVALID;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return ERR_INVALID;
            c = (unsigned char)(hi * 16 + lo);
            if (c == 0)
                return ERR_INVALID;
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        } else if (c == 0) {
            return ERR_INVALID;
        }
        d[j++] = (char)c;
    }
    d[j] = '\0';
    *out = d;
    return 0;
}

int request_set_target(struct request *req, const char *raw)
{
    const char *q;
    size_t n;
    char *decoded;
    if (!raw || raw[0] != '/')
        return ERR_INVALID;
    q = strchr(raw, '?');
    n = q ? (size_t)(q - raw) : strlen(raw);
    /* An encoded slash would let "/people/1%2F..%2F2" mean something the route table did not. */
    for (size_t i = 0; i + 2 < n; i++)
        if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'f' || raw[i + 2] == 'F'))
            return ERR_INVALID;
    if (url_decode(&req->arena, raw, n, false, &decoded) != 0)
        return ERR_INVALID;
    req->path = decoded;
    req->raw_path = arena_strndup(&req->arena, raw, n);
    return req->raw_path ? 0 : ERR_NOMEM;
}

const char *request_header(const struct request *req, const char *name)
{
    for (size_t i = 0; i < req->nheaders; i++)
        if (strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

static int pairs_get(const struct http_pair *pairs, size_t n, const char *name, const char **value,
                     const char *what, struct err *e)
{
    const char *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(pairs[i].name, name) != 0)
            continue;
        if (found)
            return err_set_field(e, ERR_INVALID, name,
                                 "The %s '%s' was sent more than once. Send it once.", what, name);
        found = pairs[i].value;
    }
    *value = found;
    return 0;
}

int request_query(struct request *req, const char *name, const char **value, struct err *e)
{
    return pairs_get(req->query, req->nquery, name, value, "query parameter", e);
}

const char *request_param(const struct request *req, const char *name)
{
    for (size_t i = 0; i < req->nparams; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

const char *request_cookie(struct request *req, const char *name)
{
    /* Cookie: a=1; b=2. Every Cookie header is searched (HTTP/2 proxies may split them). */
    size_t nlen = strlen(name);
    for (size_t h = 0; h < req->nheaders; h++) {
        const char *p;
        if (strcasecmp(req->headers[h].name, "Cookie") != 0)
            continue;
        p = req->headers[h].value;
        while (*p) {
            const char *end;
            while (*p == ' ' || *p == ';')
                p++;
            end = strchr(p, ';');
            if (!end)
                end = p + strlen(p);
            if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=')
                return arena_strndup(&req->arena, p + nlen + 1, (size_t)(end - p) - nlen - 1);
            p = end;
        }
    }
    return NULL;
}

const char *request_media_type(struct request *req)
{
    const char *ct = request_header(req, "Content-Type");
    char *out;
    size_t n = 0;
    if (!ct)
        return "";
    while (ct[n] && ct[n] != ';' && ct[n] != ' ')
        n++;
    out = arena_strndup(&req->arena, ct, n);
    if (!out)
        return "";
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

int url_parse_pairs(struct arena *a, const char *s, size_t n, struct http_pair **pairs,
                    size_t *npairs, struct err *e)
{
    size_t cap = 0, i = 0;
    *pairs = NULL;
    *npairs = 0;
    while (i < n) {
        size_t start = i, eq = (size_t)-1;
        char *name, *value;
        while (i < n && s[i] != '&') {
            if (s[i] == '=' && eq == (size_t)-1)
                eq = i;
            i++;
        }
        if (i > start) {
            size_t name_end = eq == (size_t)-1 ? i : eq;
            if (url_decode(a, s + start, name_end - start, true, &name) != 0 ||
                url_decode(a, eq == (size_t)-1 ? "" : s + eq + 1,
                           eq == (size_t)-1 ? 0 : i - eq - 1, true, &value) != 0)
                return err_set(e, ERR_INVALID,
                               "The form could not be read: it has a broken %%-escape. "
                               "Send it again from the page.");
            if (pairs_add(a, pairs, npairs, &cap, name, value) != 0)
                return err_set(e, ERR_INVALID, "The form has too many fields.");
        }
        i++;
    }
    return 0;
}

int request_form(struct request *req, const char *name, const char **value, struct err *e)
{
    if (!req->form_parsed) {
        if (strcmp(request_media_type(req), "application/x-www-form-urlencoded") != 0)
            return err_set(e, ERR_INVALID,
                           "This address takes a form (application/x-www-form-urlencoded).");
        if (url_parse_pairs(&req->arena, req->body.data, req->body.len, &req->form, &req->nform,
                            e) != 0)
            return ERR_INVALID;
        req->form_parsed = true;
    }
    return pairs_get(req->form, req->nform, name, value, "form field", e);
}

int response_header(struct request *req, const char *name, const char *value)
{
    struct response *r = &req->res;
    if (r->nheaders == RESPONSE_MAX_HEADERS)
        return ERR_RANGE;
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = arena_strdup(&req->arena, value);
    if (!r->headers[r->nheaders].value)
        return ERR_NOMEM;
    r->nheaders++;
    return 0;
}

void response_start(struct request *req, int status, const char *content_type)
{
    req->res.status = status;
    req->res.content_type = content_type;
    req->res.static_body = NULL;
    req->res.static_len = 0;
    buf_reset(&req->res.body);
}

void response_redirect(struct request *req, const char *location)
{
    /* Only local paths: an open redirect would let a phishing link borrow our address. */
    if (!location || location[0] != '/' || location[1] == '/' || location[1] == '\\')
        location = "/";
    response_start(req, 303, NULL);
    (void)response_header(req, "Location", location);
}

void response_text(struct request *req, int status, const char *text)
{
    response_start(req, status, "text/plain; charset=utf-8");
    (void)buf_adds(&req->res.body, text);
}
