/* CSRF defence: the origin layer (Sec-Fetch-Site, Origin against Host or the configured origin)
 * and the token layer (session token signed in; double-submit cookie signed out). */
#include "check.h"
#include "web/app.h"
#include "web/csrf.h"
#include "web/request.h"

static void post(struct request *req, const char *site, const char *origin, const char *host)
{
    request_init(req, 4096);
    req->method = HTTP_POST;
    req->who = &principal_anonymous;
    if (site)
        request_add_header(req, "Sec-Fetch-Site", site);
    if (origin)
        request_add_header(req, "Origin", origin);
    if (host)
        request_add_header(req, "Host", host);
}

TEST(web_csrf_origin_layer)
{
    static const struct {
        const char *site, *origin, *host, *configured;
        bool ok;
    } cases[] = {
        {"same-origin", "http://localhost:8080", "localhost:8080", NULL, true},
        {"cross-site", NULL, "localhost:8080", NULL, false},
        {"same-site", NULL, "localhost:8080", NULL, false},
        {"none", NULL, "localhost:8080", NULL, false},
        {NULL, "http://evil.example", "localhost:8080", NULL, false},
        {NULL, "null", "localhost:8080", NULL, false},
        {NULL, "http://localhost:8080", "localhost:8080", NULL, true},
        {NULL, "https://LOCALHOST:8080", "localhost:8080", NULL, true},
        {NULL, "http://localhost:8081", "localhost:8080", NULL, false},
        {NULL, NULL, "localhost:8080", NULL, true}, /* no browser headers: token decides */
        {NULL, "https://care.example.gov.uk", "127.0.0.1:8080", "https://care.example.gov.uk",
         true},
        {NULL, "http://127.0.0.1:8080", "127.0.0.1:8080", "https://care.example.gov.uk", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct request req;
        struct err e = {0};
        post(&req, cases[i].site, cases[i].origin, cases[i].host);
        if (cases[i].ok)
            CHECK_INT(csrf_origin_ok(&req, cases[i].configured, &e), 0);
        else {
            CHECK_INT(csrf_origin_ok(&req, cases[i].configured, &e), ERR_FORBIDDEN);
            CHECK_CONTAINS(e.msg, "another website");
        }
        request_release(&req);
    }
}

TEST(web_csrf_token_layer_signed_in)
{
    struct web_app app = {0};
    struct principal who = principal_anonymous;
    struct request req;
    struct err e = {0};
    who.role = USER_SOCIAL_WORKER;
    who.csrf_token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    web_config_defaults(&app.cfg);

    /* Missing token. */
    post(&req, "same-origin", NULL, "localhost");
    req.who = &who;
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "a=1");
    CHECK_INT(csrf_check(&app, &req, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "missing");
    request_release(&req);

    /* Wrong token. */
    err_clear(&e);
    post(&req, "same-origin", NULL, "localhost");
    req.who = &who;
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "csrf_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB");
    CHECK_INT(csrf_check(&app, &req, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "expired");
    request_release(&req);

    /* Right token in the form, and in the header. */
    err_clear(&e);
    post(&req, "same-origin", NULL, "localhost");
    req.who = &who;
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "csrf_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CHECK_INT(csrf_check(&app, &req, &e), 0);
    request_release(&req);
    post(&req, NULL, NULL, "localhost");
    req.who = &who;
    request_add_header(&req, "X-CSRF-Token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CHECK_INT(csrf_check(&app, &req, &e), 0);
    request_release(&req);

    /* Right token but from another site. */
    err_clear(&e);
    post(&req, "cross-site", NULL, "localhost");
    req.who = &who;
    request_add_header(&req, "X-CSRF-Token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CHECK_INT(csrf_check(&app, &req, &e), ERR_FORBIDDEN);
    request_release(&req);
}

TEST(web_csrf_token_layer_signed_out)
{
    struct web_app app = {0};
    struct request req;
    struct err e = {0};
    const char *token;
    web_config_defaults(&app.cfg);

    /* A form shown to a signed-out visitor sets the cookie it will be checked against. */
    request_init(&req, 0);
    req.who = &principal_anonymous;
    token = csrf_form_token(&req);
    CHECK(token && strlen(token) == 43);
    CHECK_INT(req.res.nheaders, 1);
    CHECK_CONTAINS(req.res.headers[0].value, "__Host-sd_form=");
    CHECK_CONTAINS(req.res.headers[0].value, token);
    CHECK_CONTAINS(req.res.headers[0].value, "Secure");
    CHECK_CONTAINS(req.res.headers[0].value, "HttpOnly");
    request_release(&req);

    post(&req, "same-origin", NULL, "localhost");
    request_add_header(&req, "Cookie", "__Host-sd_form=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "csrf_token=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB&username=x");
    CHECK_INT(csrf_check(&app, &req, &e), 0);
    request_release(&req);

    /* No cookie: the form token alone proves nothing. */
    post(&req, "same-origin", NULL, "localhost");
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "csrf_token=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    CHECK_INT(csrf_check(&app, &req, &e), ERR_FORBIDDEN);
    request_release(&req);
}

TEST(web_csrf_token_equal)
{
    CHECK(csrf_token_equal("abc", "abc"));
    CHECK(!csrf_token_equal("abc", "abd"));
    CHECK(!csrf_token_equal("abc", "abcd"));
    CHECK(!csrf_token_equal("", ""));
    CHECK(!csrf_token_equal(NULL, "a"));
    CHECK(!csrf_token_equal("a", NULL));
}
