/* pages_people.c — staff screens: your people and search, a person's summary, its history,
 * emergency (break-glass) access and its report. */
#include <inttypes.h>
#include <string.h>

#include "base/date.h"
#include "base/str.h"
#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/router.h"

static const char *person_name(struct request *req, const struct web_person *p)
{
    return arena_printf(&req->arena, "%s %s", p->given_name, p->family_name);
}

static const char *dob_long(struct request *req, const char *iso)
{
    day_t d;
    char out[40];
    if (!iso || date_parse_iso(iso, strlen(iso), &d, "date_of_birth", NULL) != 0)
        return iso ? iso : "";
    date_format_long(d, out, sizeof out);
    return arena_strdup(&req->arena, out);
}

static bool may(struct request *req, enum access_action a, int64_t person_id)
{
    struct access_decision d;
    struct err e = {0};
    if (!access_action_needs_person(a))
        return access_decide(&(struct access_subject){req->who->role, req->who->council_id}, a,
                             NULL, 0, req->now)
                   .outcome == ACCESS_ALLOW;
    if (guard_person(req->app, req, a, person_id, &d, &e) != 0)
        return false;
    return d.outcome == ACCESS_ALLOW || d.outcome == ACCESS_ALLOW_BREAK_GLASS;
}

static const char *page_link(struct request *req, const struct people_params *p, int64_t page)
{
    struct buf b;
    const char *out;
    buf_init(&b, 1024);
    (void)buf_addf(&b, "/people?page=%" PRId64, page);
    if (p->mine)
        (void)buf_adds(&b, "&mine=true");
    /* q and dob are user text: percent-encode them for the URL. */
    for (int f = 0; f < 2; f++) {
        const char *v = f == 0 ? p->q : p->dob;
        if (!v || !*v)
            continue;
        (void)buf_adds(&b, f == 0 ? "&q=" : "&dob=");
        for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
            if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                *c == '-' || *c == '.' || *c == '_')
                (void)buf_addc(&b, (char)*c);
            else
                (void)buf_addf(&b, "%%%02X", *c);
        }
    }
    out = arena_strdup(&req->arena, b.data);
    buf_release(&b);
    return out ? out : "/people";
}

void page_people(struct request *req)
{
    struct people_params p;
    struct people_page pg = {0};
    struct form_errors fe = {0};
    struct err e = {0};
    struct html h;
    bool can_worklist = may(req, ACT_WORKLIST, 0);
    bool searched;
    struct page pgmeta = {.title = "People", .nav = "people", .width = 1, .errors = &fe};

    if (people_params_read(req, &p, &e) != 0) {
        form_errors_add(&fe, e.field[0] == 'd' ? "dob" : "q", arena_strdup(&req->arena, e.msg));
        memset(&p, 0, sizeof p);
        p.page = 1;
        p.q = "";
        p.dob = "";
    }
    /* With no search, people who have a worklist see it; others see an empty search. */
    searched = *p.q || *p.dob;
    if (!searched && can_worklist)
        p.mine = true;
    if (!searched && !p.mine) {
        pg.n = 0;
        pg.total = 0;
    } else if (fe.n == 0 && people_search(req, &p, &pg, &e) != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }

    layout_begin(req, &h, &pgmeta);
    html_lit(&h, "<form method=\"get\" action=\"/people\" class=\"app-search\" role=\"search\" "
                 "novalidate><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    ui_input(&h, &fe,
             &(struct field){.id = "q", .label = "Name or reference", .value = p.q,
                             .type = "search",
                             .hint = "For example Smith, Jane Smith or DEMO-000123"});
    html_lit(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
    ui_input(&h, &fe,
             &(struct field){.id = "dob", .label = "Date of birth", .value = p.dob, .type = "text",
                             .hint = "For example 1950-03-31",
                             .width_class = "govuk-input--width-10"});
    html_lit(&h, "</div></div><button type=\"submit\" class=\"govuk-button "
                 "govuk-button--secondary\" data-module=\"govuk-button\">Search</button></form>\n");

    if (!searched && p.mine)
        html_f(&h, "<h2 class=\"govuk-heading-m\">%t</h2>\n",
               req->who->role == USER_TEAM_MANAGER ? "Your team's people" : "Your people");
    else if (searched)
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Search results</h2>\n");

    if ((searched || p.mine) && fe.n == 0) {
        if (pg.total == 0) {
            html_lit(&h, "<p class=\"govuk-body\">No people found. Check the spelling, or search "
                         "by reference or date of birth.</p>\n");
        } else {
            html_f(&h,
                   "<p class=\"govuk-body\">%l %t</p>\n<table class=\"govuk-table app-table--wrap\">"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">People</caption>"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Reference</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Date of birth</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Allocated worker</th>"
                   "</tr></thead><tbody class=\"govuk-table__body\">",
                   pg.total, pg.total == 1 ? "person" : "people");
            for (size_t i = 0; i < pg.n; i++) {
                const struct web_person *w = &pg.items[i];
                html_f(&h,
                       "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                       "<a class=\"govuk-link\" href=\"%u\">%t</a></td>"
                       "<td class=\"govuk-table__cell\">%t</td>"
                       "<td class=\"govuk-table__cell\">%t</td>"
                       "<td class=\"govuk-table__cell\">%t</td></tr>",
                       arena_printf(&req->arena, "/people/%" PRId64, w->id),
                       person_name(req, w), w->reference, dob_long(req, w->date_of_birth),
                       *w->allocated_worker_name ? w->allocated_worker_name : "Not allocated");
            }
            html_lit(&h, "</tbody></table>\n");
            if (pg.pages > 1) {
                html_lit(&h, "<nav class=\"govuk-pagination\" aria-label=\"Pages of results\">");
                if (pg.page > 1)
                    html_f(&h,
                           "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
                           "govuk-pagination__link\" href=\"%u\" rel=\"prev\"><span "
                           "class=\"govuk-pagination__link-title\">Previous<span "
                           "class=\"govuk-visually-hidden\"> page</span></span></a></div>",
                           page_link(req, &p, pg.page - 1));
                html_f(&h,
                       "<p class=\"govuk-body govuk-!-margin-bottom-0 app-pagination__status\">"
                       "Page %l of %l</p>",
                       pg.page, pg.pages);
                if (pg.page < pg.pages)
                    html_f(&h,
                           "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
                           "govuk-pagination__link\" href=\"%u\" rel=\"next\"><span "
                           "class=\"govuk-pagination__link-title\">Next<span "
                           "class=\"govuk-visually-hidden\"> page</span></span></a></div>",
                           page_link(req, &p, pg.page + 1));
                html_lit(&h, "</nav>\n");
            }
        }
    } else if (!searched && !p.mine) {
        html_lit(&h, "<p class=\"govuk-body\">Search by name, reference or date of birth.</p>\n");
    }
    if (may(req, ACT_BREAK_GLASS_REPORT, 0))
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                     "href=\"/reports/emergency-access\">Emergency access report</a></p>\n");
    layout_end(req, &h);
    if (fe.n)
        req->res.status = 400;
}

/* The summary; citizens see the same page for their own record (without staff links). */
void page_person(struct request *req)
{
    int64_t id = people_route_id(req);
    struct web_person p;
    struct web_contact *contacts = NULL;
    size_t ncontacts = 0;
    struct err e = {0};
    struct html h;
    struct access_decision d = {ACCESS_ALLOW, ""};
    int rc = people_get(req, id, &p, &contacts, &ncontacts, &e);
    const char *name;
    if (rc == ERR_NOT_FOUND) {
        router_refuse(req, 404, "Page not found", "There is no such record.");
        return;
    }
    if (rc != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    name = person_name(req, &p);
    layout_begin(req, &h,
                 &(struct page){.title = name, .caption = p.reference,
                                .nav = role_is_staff(req->who->role) ? "people" : "my-support",
                                .back_href = role_is_staff(req->who->role) ? "/people"
                                                                            : "/my-support"});
    (void)guard_person(req->app, req, ACT_PERSON_SUMMARY, id, &d, &e);
    if (d.outcome == ACCESS_ALLOW_BREAK_GLASS)
        html_lit(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                     "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                     "<span class=\"govuk-visually-hidden\">Warning</span>You are using emergency "
                     "access. Your reason and every page you open are recorded and reported to "
                     "your manager.</strong></div>\n");
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Personal details</h2>\n<dl "
                 "class=\"govuk-summary-list\">\n");
    ui_summary_row(&h, "Name", name);
    if (*p.preferred_name)
        ui_summary_row(&h, "Preferred name", p.preferred_name);
    ui_summary_row(&h, "Reference", p.reference);
    ui_summary_row(&h, "Date of birth", dob_long(req, p.date_of_birth));
    ui_summary_row(&h, "NHS number", *p.nhs_number ? p.nhs_number : "Not recorded");
    ui_summary_row(&h, "Address",
                   arena_printf(&req->arena, "%s%s%s%s%s%s%s", p.address_line1,
                                *p.address_line2 ? ", " : "", p.address_line2,
                                *p.town ? ", " : "", p.town, *p.postcode ? ", " : "",
                                p.postcode));
    ui_summary_row(&h, "Phone", *p.phone ? p.phone : "Not recorded");
    ui_summary_row(&h, "Email", *p.email ? p.email : "Not recorded");
    ui_summary_row(&h, "Main support reason", people_client_group_label(p.client_group));
    ui_summary_row(&h, "Communication needs",
                   *p.communication_needs ? p.communication_needs : "None recorded");
    ui_summary_row(&h, "Easy read documents", p.easy_read ? "Yes" : "No");
    ui_summary_row(&h, "Allocated worker",
                   *p.allocated_worker_name
                       ? arena_printf(&req->arena, "%s%s%s", p.allocated_worker_name,
                                      *p.team_name ? ", " : "", p.team_name)
                       : "Not allocated");
    html_lit(&h, "</dl>\n<h2 class=\"govuk-heading-m\">Family, representatives and contacts</h2>\n");
    if (ncontacts == 0) {
        html_lit(&h, "<p class=\"govuk-body\">None recorded.</p>\n");
    } else {
        html_lit(&h, "<dl class=\"govuk-summary-list\">\n");
        for (size_t i = 0; i < ncontacts; i++) {
            const char *auth = people_authority_label(req, contacts[i].authority,
                                                      contacts[i].authority_scope);
            ui_summary_row(&h, contacts[i].name,
                           arena_printf(&req->arena, "%s%s%s%s", contacts[i].relationship,
                                        *auth ? ". " : "", auth,
                                        contacts[i].emergency ? ". Emergency contact" : ""));
        }
        html_lit(&h, "</dl>\n");
    }
    if (may(req, ACT_ASSESSMENT_READ, id))
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Assessment, "
               "eligibility, budget and contribution</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/assessment", id));
    if (may(req, ACT_PLAN_READ, id))
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Budget, choice of how "
               "to take it, and support plan</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/plan", id));
    if (may(req, ACT_DP_READ, id))
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Direct payment: money "
               "in, money out and what is left</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/direct-payment", id));
    if (may(req, ACT_PERSON_HISTORY, id))
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Who has seen or "
               "changed this record</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/history", id));
    layout_end(req, &h);
}

/* What an audit action means, in plain words. */
static const char *action_words(const char *action)
{
    static const char *const map[][2] = {
        {"person-summary.read", "Opened the summary"},
        {"person-history.read", "Opened this history"},
        {"break-glass.grant", "Used emergency access"},
        {"person.change", "Changed the record"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(action, map[i][0]) == 0)
            return map[i][1];
    return action;
}

/* "2025-06-01T09:30:00Z" as "1 June 2025 09:30". */
static const char *when_words(struct request *req, const char *stamp)
{
    day_t d;
    char date[40];
    if (!stamp || strlen(stamp) < 16 || date_parse_iso(stamp, 10, &d, "at", NULL) != 0)
        return stamp ? stamp : "";
    date_format_long(d, date, sizeof date);
    return arena_printf(&req->arena, "%s %.5s", date, stamp + 11);
}

void page_person_history(struct request *req)
{
    int64_t id = people_route_id(req), page = 1;
    const char *pg = NULL;
    struct people_history hist;
    struct web_person p;
    struct err e = {0};
    struct html h;
    if (request_query(req, "page", &pg, &e) != 0 ||
        (pg && str_to_i64(pg, strlen(pg), 1, 100000, &page) != 0)) {
        router_refuse(req, 400, "Page not found", "page must be a whole number from 1.");
        return;
    }
    if (people_get(req, id, &p, NULL, NULL, &e) != 0 || people_history(req, id, page, &hist, &e) != 0) {
        router_refuse(req, e.code == ERR_NOT_FOUND ? 404 : 503,
                      e.code == ERR_NOT_FOUND ? "Page not found"
                                              : "Sorry, there is a problem with the service",
                      e.code == ERR_NOT_FOUND ? "There is no such record." : "Try again later.");
        return;
    }
    layout_begin(req, &h,
                 &(struct page){.title = "Who has seen or changed this record",
                                .caption = person_name(req, &p), .width = 1,
                                .back_href = arena_printf(&req->arena, "/people/%" PRId64, id)});
    html_f(&h,
           "<p class=\"govuk-body\">Every time someone opens or changes this record it is "
           "recorded here. %l %t, newest first.</p>\n",
           hist.total, hist.total == 1 ? "entry" : "entries");
    html_lit(&h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                 "govuk-visually-hidden\">History</caption><thead class=\"govuk-table__head\">"
                 "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                 "When (UTC)</th><th scope=\"col\" class=\"govuk-table__header\">Who</th><th "
                 "scope=\"col\" class=\"govuk-table__header\">What they did</th><th scope=\"col\" "
                 "class=\"govuk-table__header\">From</th></tr></thead><tbody "
                 "class=\"govuk-table__body\">");
    for (size_t i = 0; i < hist.n; i++) {
        const struct audit_entry *a = &hist.items[i];
        enum role r = USER_NONE;
        (void)role_parse(a->actor_role, &r);
        html_f(&h,
               "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%t</td><td "
               "class=\"govuk-table__cell\">%t (%t)</td><td class=\"govuk-table__cell\">%t%t</td>"
               "<td class=\"govuk-table__cell\">%t</td></tr>",
               when_words(req, a->at), hist.actor_names[i], role_label(r), action_words(a->action),
               strstr(a->detail, "break_glass") ? " (emergency access)" : "", a->remote_addr);
    }
    html_lit(&h, "</tbody></table>\n");
    if (hist.pages > 1) {
        html_lit(&h, "<nav class=\"govuk-pagination\" aria-label=\"Pages of history\">");
        if (page > 1)
            html_f(&h,
                   "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
                   "govuk-pagination__link\" href=\"%u\" rel=\"prev\">Previous<span "
                   "class=\"govuk-visually-hidden\"> page</span></a></div>",
                   arena_printf(&req->arena, "/people/%" PRId64 "/history?page=%" PRId64, id,
                                page - 1));
        if (page < hist.pages)
            html_f(&h,
                   "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
                   "govuk-pagination__link\" href=\"%u\" rel=\"next\">Next<span "
                   "class=\"govuk-visually-hidden\"> page</span></a></div>",
                   arena_printf(&req->arena, "/people/%" PRId64 "/history?page=%" PRId64, id,
                                page + 1));
        html_lit(&h, "</nav>\n");
    }
    layout_end(req, &h);
}

static void break_glass_form(struct request *req, int64_t id, const struct form_errors *fe,
                             const char *reason)
{
    struct html h;
    const char *action = arena_printf(&req->arena, "/people/%" PRId64 "/emergency-access", id);
    const char *err = form_errors_for(fe, "reason");
    layout_begin(req, &h,
                 &(struct page){.title = "Emergency access to a record", .errors = fe,
                                .nav = "people", .back_href = "/people"});
    html_lit(&h, "<p class=\"govuk-body\">This person is not allocated to you or your team. If "
                 "you are on duty and need to see their record now, give the reason. You will "
                 "be able to read the record for 4 hours.</p>\n<div class=\"govuk-warning-text\">"
                 "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong "
                 "class=\"govuk-warning-text__text\"><span "
                 "class=\"govuk-visually-hidden\">Warning</span>Your reason, and every page you "
                 "open, is recorded and reported to your manager and the council's "
                 "auditors.</strong></div>\n");
    ui_form_begin(req, &h, action);
    html_f(&h, "<div class=\"%a\"><label class=\"govuk-label\" for=\"reason\">Why do you need "
               "to see this record now?</label><div id=\"reason-hint\" class=\"govuk-hint\">For "
               "example: duty call from the person's daughter, care worker did not arrive this "
               "morning.</div>",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (err)
        html_f(&h,
               "<p id=\"reason-error\" class=\"govuk-error-message\"><span "
               "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
               err);
    html_f(&h,
           "<textarea class=\"%a\" id=\"reason\" name=\"reason\" rows=\"4\" "
           "aria-describedby=\"reason-hint%a\">%t</textarea></div>\n",
           err ? "govuk-textarea govuk-textarea--error" : "govuk-textarea",
           err ? " reason-error" : "", reason ? reason : "");
    ui_button(&h, "Open the record");
    ui_form_end(&h);
    layout_end(req, &h);
}

void page_break_glass(struct request *req)
{
    break_glass_form(req, people_route_id(req), NULL, "");
}

void page_break_glass_post(struct request *req)
{
    int64_t id = people_route_id(req), expires;
    const char *reason = NULL;
    struct err e = {0};
    struct form_errors fe = {0};
    if (request_form(req, "reason", &reason, &e) != 0) {
        router_refuse(req, 400, "The form could not be read", e.msg);
        return;
    }
    if (people_break_glass(req, id, reason ? reason : "", &expires, &e) == 0) {
        response_redirect(req, arena_printf(&req->arena, "/people/%" PRId64, id));
        return;
    }
    if (e.code == ERR_INVALID) {
        form_errors_add(&fe, "reason", arena_strdup(&req->arena, e.msg));
        break_glass_form(req, id, &fe, reason);
        req->res.status = 422;
        return;
    }
    router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
}

void page_break_glass_report(struct request *req)
{
    struct web_break_glass_row *rows = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = web_break_glass_report(c, req->who->council_id, req->now - 90 * 86400, 200,
                                    &req->arena, &rows, &n, &e);
    store_release(c);
    if (rc != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "Emergency access report", .width = 1,
                                         .nav = "people"});
    html_f(&h, "<p class=\"govuk-body\">Every use of emergency access in the last 90 days: %l.</p>\n",
           (int64_t)n);
    if (n) {
        html_lit(&h, "<table class=\"govuk-table app-table--wrap\"><caption class=\"govuk-table__caption "
                     "govuk-visually-hidden\">Emergency access</caption><thead "
                     "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
                     "class=\"govuk-table__header\">When (UTC)</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Who</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Whose record</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Reason</th></tr></thead><tbody "
                     "class=\"govuk-table__body\">");
        for (size_t i = 0; i < n; i++) {
            char at[STORE_TIME_SIZE];
            store_time_format(rows[i].granted, at);
            html_f(&h,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%t</td><td "
                   "class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell\">%t "
                   "(%t)</td><td class=\"govuk-table__cell\">%t</td></tr>",
                   at, rows[i].staff_name, rows[i].person_name, rows[i].person_reference,
                   rows[i].reason);
        }
        html_lit(&h, "</tbody></table>\n");
    }
    layout_end(req, &h);
}
