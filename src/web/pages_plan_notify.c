/* pages_plan_notify.c — the person (or their representative) chooses whether to get reminders by
 * e-mail (src/store/notify.h). The route's policy is the person's own choices (ACT_PERSON_DECIDE):
 * it is their choice, not their worker's. */
#include <string.h>

#include "base/arena.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/people.h"
#include "web/plan_ui.h"
#include "web/plan_web.h"
#include "web/router.h"

static void reminders_refuse(struct request *req, const struct err *e)
{
    (void)e;
    router_refuse(req, 503, "Sorry, there is a problem with the service",
                  "Try again later. Nothing you chose has been changed.");
}

void page_reminders(struct request *req)
{
    struct err e = {0};
    struct html h;
    int64_t person = people_route_id(req);
    bool out = false;
    const char *url = pui_person_url(req, person, "/reminders");
    if (plan_web_reminders_get(req, person, &out, &e) != 0) {
        reminders_refuse(req, &e);
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "Reminders by e-mail", .nav = "my-support",
                                         .back_href = pui_person_url(req, person, "/plan")});
    html_lit(&h, "<p class=\"govuk-body\">We can send you an e-mail when your support plan is "
                 "nearly due. We send it to the e-mail address on your record.</p>\n");
    html_f(&h, "<p class=\"govuk-body\"><strong>%t</strong></p>\n",
           out ? "At the moment we do not send you reminders." : "At the moment we send you "
                                                                 "reminders.");
    ui_form_begin(req, &h, url);
    html_lit(&h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
                 "class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">Do you want "
                 "reminders by e-mail?</legend><div class=\"govuk-radios\" "
                 "data-module=\"govuk-radios\">");
    /* The current choice is the one checked. */
    html_lit(&h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                 "id=\"reminders\" name=\"reminders\" type=\"radio\" value=\"send\"");
    if (out)
        html_lit(&h, ">");
    else
        html_lit(&h, " checked>");
    html_lit(&h, "<label class=\"govuk-label govuk-radios__label\" for=\"reminders\">Yes, send "
                 "me reminders</label></div><div class=\"govuk-radios__item\"><input "
                 "class=\"govuk-radios__input\" id=\"reminders-stop\" name=\"reminders\" "
                 "type=\"radio\" value=\"stop\"");
    if (out)
        html_lit(&h, " checked>");
    else
        html_lit(&h, ">");
    html_lit(&h, "<label class=\"govuk-label govuk-radios__label\" for=\"reminders-stop\">No, do "
                 "not send me reminders</label></div>");
    html_lit(&h, "</div></fieldset></div>");
    ui_button(&h, "Save");
    ui_form_end(&h);
    html_lit(&h, "<p class=\"govuk-body\">Your worker may still get a reminder about your plan. "
                 "That is part of their work.</p>\n");
    layout_end(req, &h);
}

void page_reminders_post(struct request *req)
{
    struct err e = {0};
    const char *v = NULL;
    int64_t person = people_route_id(req);
    if (request_form(req, "reminders", &v, &e) != 0 || !v ||
        (strcmp(v, "send") != 0 && strcmp(v, "stop") != 0)) {
        router_refuse(req, 400, "The form could not be read",
                      "Choose whether you want reminders, then save.");
        return;
    }
    if (plan_web_reminders_set(req, person, strcmp(v, "stop") == 0, &e) != 0) {
        reminders_refuse(req, &e);
        return;
    }
    response_redirect(req, pui_person_url(req, person, "/reminders"));
}
