/* pages_misc.c — the home redirect, refusals as pages, the accessibility statement and privacy
 * notice, and /healthz. */
#include <jansson.h>

#include "web/app.h"
#include "web/audit_queue.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/problem.h"

void page_refusal(struct request *req, int status, const char *title, const char *detail)
{
    struct html h;
    struct page p = {.title = title};
    layout_begin(req, &h, &p);
    html_f(&h, "<p class=\"govuk-body\">%t</p>\n", detail ? detail : "");
    if (status == 401 || (req->who && req->who->role == USER_NONE && status == 403))
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/sign-in\">Sign "
                     "in</a></p>\n");
    else
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to your "
                     "start page</a></p>\n");
    layout_end(req, &h);
    if (req->res.status == 200)
        req->res.status = status;
}

void page_home(struct request *req)
{
    if (req->who->role == USER_NONE)
        response_redirect(req, "/sign-in");
    else if (role_is_staff(req->who->role) &&
             access_decide(&(struct access_subject){req->who->role, req->who->council_id},
                           ACT_PEOPLE_SEARCH, NULL, 0, req->now)
                     .outcome == ACCESS_ALLOW)
        response_redirect(req, "/people");
    else if (role_is_staff(req->who->role))
        response_redirect(req, "/account/password");
    else
        response_redirect(req, "/my-support");
}

void page_accessibility(struct request *req)
{
    struct html h;
    struct page p = {.title = "Accessibility statement"};
    layout_begin(req, &h, &p);
    html_lit(&h,
             "<p class=\"govuk-body\">We want as many people as possible to be able to use this "
             "service. You should be able to change colours, contrast levels and fonts, zoom in "
             "up to 400% without the text spilling off the screen, get from the start of the "
             "service to the end using just a keyboard or speech recognition software, and "
             "listen to most of the service using a screen reader.</p>\n"
             "<p class=\"govuk-body\">Every page works without JavaScript. Each page is checked "
             "automatically against the Web Content Accessibility Guidelines (WCAG) 2.2 at AA "
             "level before each release.</p>\n"
             "<h2 class=\"govuk-heading-m\">If you need the service in a different format</h2>\n"
             "<p class=\"govuk-body\">Contact your council's adult social care team. Tell them "
             "which page and what you need, for example easy read or large print.</p>\n");
    layout_end(req, &h);
}

void page_privacy(struct request *req)
{
    struct html h;
    struct page p = {.title = "Privacy notice"};
    layout_begin(req, &h, &p);
    html_lit(&h,
             "<p class=\"govuk-body\">Your council holds your information to meet its duties "
             "under the Care Act 2014. Only the people who support you can see your record: your "
             "social worker and their manager, people you have asked to act for you, and "
             "organisations you have agreed to work with.</p>\n"
             "<p class=\"govuk-body\">Every time someone opens or changes your record it is "
             "written down: who, when and from where. You can see this list yourself on your "
             "record's history page.</p>\n");
    layout_end(req, &h);
}

void api_healthz(struct request *req)
{
    response_start(req, 200, "application/json");
    (void)buf_adds(&req->res.body, "{\"status\":\"ok\"}");
}
