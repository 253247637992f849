/* pages_auth.c — the sign-in, sign-out and change-password pages. */
#include <stdio.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

/* Where to go after signing in: a local path we were sent from, else the start page. */
static const char *next_of(const char *next)
{
    if (next && next[0] == '/' && next[1] != '/' && next[1] != '\\' && strlen(next) < 1024 &&
        strncmp(next, "/sign-in", 8) != 0)
        return next;
    return "/";
}

static void sign_in_form(struct request *req, const struct form_errors *fe, const char *username,
                         const char *next, const char *notice)
{
    struct html h;
    struct page p = {.title = "Sign in", .errors = fe};
    struct field user = {.id = "username", .label = "Email address", .value = username,
                         .type = "email", .autocomplete = "username",
                         .width_class = "govuk-!-width-two-thirds"};
    struct field pw = {.id = "password", .label = "Password", .value = "", .type = "password",
                       .autocomplete = "current-password",
                       .width_class = "govuk-!-width-two-thirds"};
    layout_begin(req, &h, &p);
    if (notice)
        html_f(&h,
               "<div class=\"govuk-inset-text\">%t</div>\n", notice);
    html_lit(&h, "<p class=\"govuk-body\">Sign in with the email address and password your "
                 "council gave you.</p>\n");
    ui_form_begin(req, &h, "/sign-in");
    if (next)
        html_f(&h, "<input type=\"hidden\" name=\"next\" value=\"%a\">\n", next);
    ui_input(&h, fe, &user);
    ui_input(&h, fe, &pw);
    ui_button(&h, "Sign in");
    ui_form_end(&h);
    html_lit(&h, "<p class=\"govuk-body\">If you have forgotten your password, contact your "
                 "council's adult social care team.</p>\n");
    layout_end(req, &h);
}

void page_sign_in(struct request *req)
{
    const char *next = NULL;
    struct err e = {0};
    if (req->who->role != USER_NONE) {
        response_redirect(req, "/");
        return;
    }
    const char *timeout = NULL;
    (void)request_query(req, "next", &next, &e);
    (void)request_query(req, "timeout", &timeout, &e);
    sign_in_form(req, NULL, "", next,
                 req->session_expired || timeout ? "You were signed out because you had not used the "
                                        "service for a while. Sign in again."
                                      : NULL);
}

void page_sign_in_post(struct request *req)
{
    const char *username = NULL, *password = NULL, *next = NULL;
    struct form_errors fe = {0};
    struct err e = {0};
    int retry = 0;
    enum auth_result r;

    if (request_form(req, "username", &username, &e) != 0 ||
        request_form(req, "password", &password, &e) != 0 ||
        request_form(req, "next", &next, &e) != 0) {
        router_refuse(req, 400, "The form could not be read", e.msg);
        return;
    }
    if (!username || !*username)
        form_errors_add(&fe, "username", "Enter your email address");
    if (!password || !*password)
        form_errors_add(&fe, "password", "Enter your password");
    if (fe.n) {
        sign_in_form(req, &fe, username ? username : "", next, NULL);
        req->res.status = 422;
        return;
    }
    r = auth_sign_in(req, username, password, &retry, &e);
    switch (r) {
    case AUTH_OK:
        response_redirect(req, next_of(next));
        return;
    case AUTH_WRONG:
        form_errors_add(&fe, "username", "Enter a correct email address and password");
        break;
    case AUTH_LOCKED:
        form_errors_add(&fe, "username",
                        arena_printf(&req->arena,
                                     "You entered a wrong password too many times. Wait %d "
                                     "minutes, then try again",
                                     (retry + 59) / 60));
        break;
    case AUTH_RATE:
        form_errors_add(&fe, "username",
                        arena_printf(&req->arena,
                                     "There have been too many attempts to sign in from your "
                                     "network. Wait %d seconds, then try again",
                                     retry));
        break;
    case AUTH_BUSY:
        form_errors_add(&fe, "username", "The service is busy. Wait a moment, then try again");
        break;
    case AUTH_FAILED:
        router_refuse(req, 503, "Sorry, there is a problem with the service",
                      "Try again later.");
        return;
    }
    sign_in_form(req, &fe, username, next, NULL);
    req->res.status = r == AUTH_RATE ? 429 : r == AUTH_BUSY ? 503 : 422;
    if (retry > 0 && r == AUTH_RATE)
        (void)response_header(req, "Retry-After", arena_printf(&req->arena, "%d", retry));
}

void page_sign_out_post(struct request *req)
{
    struct err e = {0};
    if (auth_sign_out(req, &e) != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service",
                      "You may still be signed in. Try again, or close your browser.");
        return;
    }
    req->who = &principal_anonymous;
    response_redirect(req, "/sign-in?signed-out=1");
}

static void password_form(struct request *req, const struct form_errors *fe, bool done)
{
    struct html h;
    struct page p = {.title = "Change your password", .errors = fe, .nav = "account"};
    struct field cur = {.id = "current_password", .label = "Current password", .type = "password",
                        .autocomplete = "current-password",
                        .width_class = "govuk-!-width-two-thirds"};
    struct field next = {.id = "new_password", .label = "New password", .type = "password",
                         .autocomplete = "new-password",
                         .hint = "At least 10 characters. A few unrelated words are easy to "
                                 "remember and hard to guess.",
                         .width_class = "govuk-!-width-two-thirds"};
    layout_begin(req, &h, &p);
    if (done)
        html_lit(&h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                     "role=\"alert\" aria-labelledby=\"done-title\" "
                     "data-module=\"govuk-notification-banner\"><div "
                     "class=\"govuk-notification-banner__header\"><h2 "
                     "class=\"govuk-notification-banner__title\" id=\"done-title\">Success</h2>"
                     "</div><div class=\"govuk-notification-banner__content\"><p "
                     "class=\"govuk-notification-banner__heading\">Your password has been "
                     "changed. You have been signed out everywhere else.</p></div></div>\n");
    html_f(&h, "<p class=\"govuk-body\">You are signed in as %t.</p>\n", req->who->username);
    ui_form_begin(req, &h, "/account/password");
    ui_input(&h, fe, &cur);
    ui_input(&h, fe, &next);
    ui_button(&h, "Change password");
    ui_form_end(&h);
    layout_end(req, &h);
}

void page_password(struct request *req)
{
    const char *done = NULL;
    struct err e = {0};
    (void)request_query(req, "done", &done, &e);
    password_form(req, NULL, done != NULL);
}

void page_password_post(struct request *req)
{
    const char *cur = NULL, *next = NULL;
    struct form_errors fe = {0};
    struct err e = {0};
    if (request_form(req, "current_password", &cur, &e) != 0 ||
        request_form(req, "new_password", &next, &e) != 0) {
        router_refuse(req, 400, "The form could not be read", e.msg);
        return;
    }
    if (auth_change_password(req, cur, next ? next : "", &e) == 0) {
        response_redirect(req, "/account/password?done=1");
        return;
    }
    if (e.code == ERR_INVALID && e.field[0]) {
        form_errors_add(&fe, e.field[0] == 'c' ? "current_password" : "new_password",
                        arena_strdup(&req->arena, e.msg));
        password_form(req, &fe, false);
        req->res.status = 422;
        return;
    }
    router_refuse(req, 503, "Sorry, there is a problem with the service",
                  "Your password has not been changed. Try again later.");
}
