/* pages_citizen.c — a citizen's "my support" home page: the budget holder's own record, and for
 * representatives, personal assistants, organisations and advocates the people they support. */
#include <inttypes.h>

#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/router.h"

static const char *link_words(enum relationship_kind k)
{
    switch (k) {
    case REL_SELF: return "Your own record";
    case REL_REPRESENTATIVE: return "You act for them";
    case REL_SUPPORT_ORG: return "Your organisation supports them";
    case REL_ADVOCACY: return "You are their advocate";
    case REL_PA: return "You are their personal assistant";
    case REL_ALLOCATED_WORKER:
    case REL_TEAM:
    case REL_PANEL_REQUEST:
    case REL_KIND_COUNT: break;
    }
    return "Linked";
}


int my_support_load(struct request *req, struct web_link **links, size_t *n, struct err *e)
{
    struct store_conn *c = NULL;
    int rc = store_acquire(req->app->store, &c, e);
    if (rc != 0)
        return rc;
    rc = web_links_of_account(c, req->who->council_id, req->who->account_id,
                              guard_today(req->now), &req->arena, links, n, e);
    store_release(c);
    return rc;
}

void page_my_support(struct request *req)
{
    struct web_link *links = NULL;
    size_t n = 0;
    struct err e = {0};
    struct html h;
    if (my_support_load(req, &links, &n, &e) != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "My support", .nav = "my-support"});
    html_f(&h, "<p class=\"govuk-body-l\">Hello, %t.</p>\n", req->who->display_name);
    if (req->who->role == USER_BUDGET_HOLDER && req->who->person_id) {
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">Your record</h2><p class=\"govuk-body\">"
               "<a class=\"govuk-link\" href=\"%u\">See the details your council holds about "
               "you</a></p><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">See who has "
               "looked at your record</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64, req->who->person_id),
               arena_printf(&req->arena, "/people/%" PRId64 "/history", req->who->person_id));
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">Your assessment and budget</h2><p "
               "class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Fill in or continue your "
               "assessment, and see your budget and what you pay</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/assessment", req->who->person_id));
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">Your support plan</h2><p class=\"govuk-body\"><a "
               "class=\"govuk-link\" href=\"%u\">Your budget, how you take it, and your support "
               "plan</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/plan", req->who->person_id));
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">Your direct payment</h2><p class=\"govuk-body\"><a "
               "class=\"govuk-link\" href=\"%u\">Money in, money out, and what is left</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/direct-payment", req->who->person_id));
    }
    if (n) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">People you support</h2>\n<ul "
                     "class=\"govuk-list\">");
        for (size_t i = 0; i < n; i++) {
            struct access_decision d;
            bool open = false;
            if (links[i].live &&
                guard_person(req->app, req, ACT_PERSON_SUMMARY, links[i].person_id, &d, &e) == 0)
                open = d.outcome == ACCESS_ALLOW;
            if (open)
                html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a>. %t.</li>",
                       arena_printf(&req->arena, "/people/%" PRId64, links[i].person_id),
                       links[i].person_name, link_words(links[i].kind));
            else
                html_f(&h, "<li>%t. %t%t.</li>", links[i].person_name, link_words(links[i].kind),
                       links[i].live ? "" : " (this has ended, or is waiting for the council "
                                            "to record your authority or the person's consent)");
        }
        html_lit(&h, "</ul>\n");
    } else if (req->who->role != USER_BUDGET_HOLDER) {
        html_lit(&h, "<p class=\"govuk-body\">You are not linked to anyone yet. The council links "
                     "you once your authority, referral or consent is recorded.</p>\n");
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Need help?</h2><p class=\"govuk-body\">Contact "
                 "your council's adult social care team, or the person named as your allocated "
                 "worker.</p>\n");
    layout_end(req, &h);
}
