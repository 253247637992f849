/* pages_pa_finder.c — the PA finder for budget holders, their representatives and support
 * organisations: listed PAs by area, skill and availability. Only PAs the register has checked
 * (with a check still valid) are shown unless the person chooses to see everyone; each result
 * carries its check status, the page says how many were hidden, and explains why checks matter
 * and how to ask for one (text kept as data: data/content/pa-checks-en.json). */
#include <inttypes.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/pa_content.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages_pa.h"
#include "web/router.h"

static const char *const weekdays[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
static const char *const parts[PA_DAY_PART_COUNT] = {"Mornings", "Afternoons", "Evenings",
                                                     "Nights"};

/* Reads the finder's query from ?area=&skill=&day=&part=&everyone=; false with *why when a value
 * is not one the form offers. */
bool pa_web_finder_query(struct request *req, struct pa_finder_query *q, const char **why)
{
    const char *area = NULL, *skill = NULL, *day = NULL, *part = NULL, *everyone = NULL,
               *page = NULL;
    struct err e = {0};
    int64_t v = 0;
    memset(q, 0, sizeof *q);
    q->weekday = -1;
    q->part = -1;
    *why = NULL;
    if (request_query(req, "area", &area, &e) != 0 || request_query(req, "skill", &skill, &e) != 0 ||
        request_query(req, "day", &day, &e) != 0 || request_query(req, "part", &part, &e) != 0 ||
        request_query(req, "everyone", &everyone, &e) != 0 ||
        request_query(req, "page", &page, &e) != 0) {
        *why = arena_strdup(&req->arena, e.msg);
        return false;
    }
    q->area = area && area[0] ? area : NULL;
    q->skill = skill && skill[0] ? skill : NULL;
    if (day && day[0]) {
        for (int i = 0; i < 7; i++)
            if (strcmp(day, weekdays[i]) == 0)
                q->weekday = i;
        if (q->weekday < 0) {
            *why = "Choose a day of the week from the list.";
            return false;
        }
    }
    if (part && part[0]) {
        enum pa_day_part p;
        if (pa_day_part_parse(part, &p) != 0) {
            *why = "Choose a time of day from the list.";
            return false;
        }
        q->part = (int)p;
    }
    q->include_unchecked = everyone && strcmp(everyone, "yes") == 0;
    q->limit = 25;
    if (page && page[0]) {
        if (pa_web_id(page, &v) != 0 || v > 1000) {
            *why = "The page number is not one we have.";
            return false;
        }
        q->offset = (int)(v - 1) * 25;
    }
    return true;
}

static void select_of(struct html *h, const char *id, const char *label, const char *const *values,
                      const char *const *labels, int n, const char *chosen)
{
    html_f(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%a\">%t</label>"
              "<select class=\"govuk-select\" id=\"%a\" name=\"%a\"><option value=\"\">Any</option>",
           id, label, id, id);
    for (int i = 0; i < n; i++) {
        if (chosen && strcmp(chosen, values[i]) == 0)
            html_f(h, "<option value=\"%a\" selected>%t</option>", values[i], labels[i]);
        else
            html_f(h, "<option value=\"%a\">%t</option>", values[i], labels[i]);
    }
    html_lit(h, "</select></div>");
}

void page_pa_finder(struct request *req)
{
    struct pa_finder_query q;
    struct pa_finder_page res = {0};
    struct pa_checks_content content;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    const char *why = NULL;
    static const char *const part_values[PA_DAY_PART_COUNT] = {"morning", "afternoon", "evening",
                                                               "night"};
    bool ok = pa_web_finder_query(req, &q, &why);
    if (pa_checks_content_load(&req->arena, &content, &e) != 0) {
        router_refuse(req, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    if (ok) {
        if (store_acquire(req->app->store, &c, &e) != 0) {
            router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
            return;
        }
        if (pa_finder(c, req->who->council_id, &q, guard_today(req->now), &req->arena, &res, &e) != 0) {
            store_release(c);
            if (e.code == ERR_IO) {
                router_refuse(req, 503, "Sorry, there is a problem with the service",
                              "Try again later.");
                return;
            }
            ok = false;
            why = arena_strdup(&req->arena, e.msg);
        } else {
            store_release(c);
        }
    }
    layout_begin(req, &h, &(struct page){.title = "Find a personal assistant", .nav = "pa-finder",
                                         .width = 1});
    html_lit(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
    html_lit(&h, "<form method=\"get\" action=\"/pa-finder\" novalidate>");
    ui_input(&h, NULL, &(struct field){.id = "area", .label = "Area",
                                       .hint = "A town, or the first part of a postcode",
                                       .value = q.area ? q.area : "", .type = "text"});
    ui_input(&h, NULL, &(struct field){.id = "skill", .label = "Skill or training",
                                       .hint = "For example, personal care or first aid",
                                       .value = q.skill ? q.skill : "", .type = "text"});
    select_of(&h, "day", "Day", weekdays, weekdays, 7, q.weekday >= 0 ? weekdays[q.weekday] : NULL);
    select_of(&h, "part", "Time of day", part_values, parts, PA_DAY_PART_COUNT,
              q.part >= 0 ? part_values[q.part] : NULL);
    if (q.include_unchecked)
        html_lit(&h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">"
                     "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                     "id=\"everyone\" name=\"everyone\" type=\"checkbox\" value=\"yes\" checked><label "
                     "class=\"govuk-label govuk-checkboxes__label\" for=\"everyone\">Also show "
                     "personal assistants the register has not checked</label></div></div></div>");
    else
        html_lit(&h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\">"
                     "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                     "id=\"everyone\" name=\"everyone\" type=\"checkbox\" value=\"yes\"><label "
                     "class=\"govuk-label govuk-checkboxes__label\" for=\"everyone\">Also show "
                     "personal assistants the register has not checked</label></div></div></div>");
    html_lit(&h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                 "Search</button></form></div><div class=\"govuk-grid-column-two-thirds\">");
    if (!ok) {
        html_f(&h, "<p class=\"govuk-error-message\">%t</p>", why ? why : "Check the search.");
    } else {
        html_f(&h, "<p class=\"govuk-body\" role=\"status\">%l personal assistant(s) found.", res.total);
        if (res.hidden_unchecked)
            html_f(&h, " %l more match but are not checked by the register, so are not shown.",
                   res.hidden_unchecked);
        html_lit(&h, "</p>\n");
        for (size_t i = 0; i < res.n; i++) {
            const struct pa_finder_item *it = &res.items[i];
            html_f(&h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                       "<h2 class=\"govuk-summary-card__title\">%t %t</h2></div><div "
                       "class=\"govuk-summary-card__content\"><p class=\"govuk-body\"><strong>Checks: "
                       "</strong>%t</p>",
                   it->pa.given_name, it->pa.family_name, it->status_text);
            if (it->pa.about[0])
                html_f(&h, "<p class=\"govuk-body\">%t</p>", it->pa.about);
            if (it->pa.town[0])
                html_f(&h, "<p class=\"govuk-body\">Based in %t</p>", it->pa.town);
            if (it->pa.email[0])
                html_f(&h, "<p class=\"govuk-body\">Contact: %t</p>", it->pa.email);
            html_lit(&h, "</div></div>\n");
        }
    }
    html_f(&h, "<h2 class=\"govuk-heading-m\" id=\"why-checks\">%t</h2>", content.title);
    for (size_t i = 0; i < content.nwhy; i++)
        html_f(&h, "<p class=\"govuk-body\">%t</p>", content.why[i]);
    html_lit(&h, "<h3 class=\"govuk-heading-s\">How to ask for a check</h3>");
    for (size_t i = 0; i < content.nhow; i++)
        html_f(&h, "<p class=\"govuk-body\">%t</p>", content.how_to_request[i]);
    if (content.nsources) {
        html_lit(&h, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < content.nsources; i++)
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a></li>", content.sources[i].url,
                   content.sources[i].title);
        html_lit(&h, "</ul>");
    }
    html_lit(&h, "</div></div>\n");
    layout_end(req, &h);
}
