/* csrf.c — origin checks and form tokens (see csrf.h). */
#include "web/csrf.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "web/app.h"
#include "web/request.h"
#include "web/session.h"

bool csrf_token_equal(const char *a, const char *b)
{
    size_t n;
    if (!a || !b || !*a)
        return false;
    n = strlen(a);
    if (n != strlen(b))
        return false;
    return sodium_memcmp(a, b, n) == 0;
}

int csrf_origin_ok(struct request *req, const char *public_origin, struct err *e)
{
    const char *site = request_header(req, "Sec-Fetch-Site");
    const char *origin = request_header(req, "Origin");
    if (site && strcmp(site, "same-origin") != 0)
        return err_set(e, ERR_FORBIDDEN,
                       "This request came from another website (Sec-Fetch-Site: %.40s). Go back "
                       "to the service, reload the page and try again.",
                       site);
    if (!origin)
        return 0;
    if (public_origin && *public_origin) {
        if (strcmp(origin, public_origin) == 0)
            return 0;
    } else {
        /* No configured origin: the Origin's host must be the Host the request was sent to. */
        const char *host = request_header(req, "Host");
        const char *rest = NULL;
        if (strncmp(origin, "http://", 7) == 0)
            rest = origin + 7;
        else if (strncmp(origin, "https://", 8) == 0)
            rest = origin + 8;
        if (rest && host && strcasecmp(rest, host) == 0)
            return 0;
    }
    return err_set(e, ERR_FORBIDDEN,
                   "This request came from another website. Go back to the service, reload the "
                   "page and try again.");
}

static const char *sent_token(struct request *req)
{
    const char *t = request_header(req, CSRF_HEADER);
    const char *mt;
    struct err ignored = {0};
    if (t)
        return t;
    mt = request_media_type(req);
    if (strcmp(mt, "application/x-www-form-urlencoded") == 0 &&
        request_form(req, CSRF_FIELD, &t, &ignored) == 0)
        return t;
    return NULL;
}

int csrf_check(struct web_app *app, struct request *req, struct err *e)
{
    const char *expected, *sent;
    if (csrf_origin_ok(req, app ? app->cfg.public_origin : NULL, e) != 0)
        return ERR_FORBIDDEN;
    expected = req->who && req->who->role != USER_NONE ? req->who->csrf_token
                                                        : request_cookie(req, CSRF_FORM_COOKIE);
    sent = sent_token(req);
    if (!sent)
        return err_set(e, ERR_FORBIDDEN,
                       "The form token is missing. Reload the page and send the form again (API "
                       "clients: send the X-CSRF-Token header from GET /api/v1/session).");
    if (!csrf_token_equal(sent, expected))
        return err_set(e, ERR_FORBIDDEN,
                       "This form has expired, or your session ended since it was shown. Reload "
                       "the page and send the form again.");
    return 0;
}

const char *csrf_form_token(struct request *req)
{
    const char *have;
    char *token;
    if (req->who && req->who->role != USER_NONE)
        return req->who->csrf_token;
    have = request_cookie(req, CSRF_FORM_COOKIE);
    if (have && strlen(have) == SESSION_TOKEN_CHARS)
        return have;
    token = arena_alloc(&req->arena, SESSION_TOKEN_CHARS + 1);
    if (!token || session_token_new(token) != 0)
        return NULL;
    (void)response_header(req, "Set-Cookie",
                          arena_printf(&req->arena,
                                       CSRF_FORM_COOKIE "=%s; Path=/; Secure; HttpOnly; "
                                                        "SameSite=Strict; Max-Age=7200",
                                       token));
    return token;
}
