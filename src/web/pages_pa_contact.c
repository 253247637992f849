/* pages_pa_contact.c — the named contact's pages for PAs' concerns (issue 6): the worklist of
 * concerns routed to them (overdue first), one concern with the PA's words, a response the PA
 * sees on their own page, and closing it with an outcome. The router lets in the roles that may
 * be a named contact (ACT_PA_CONCERNS); which concerns a login answers is the store's
 * (pa_concern_scope_get: a support organisation worker's account linked to the organisation, a
 * staff member linked as the council's contact). A concern outside the login's scope answers 404,
 * like one that does not exist. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/layout.h"
#include "web/pages_pa.h"
#include "web/router.h"

#define UNAVAILABLE "Sorry, there is a problem with the service"

const char *pa_web_outcome_words(enum pa_concern_outcome o)
{
    switch (o) {
    case CONCERN_RESOLVED: return "Resolved";
    case CONCERN_NOT_UPHELD: return "Looked into, and not upheld";
    case CONCERN_REFERRED: return "Passed on to the right body (for example safeguarding or HMRC)";
    case CONCERN_WITHDRAWN: return "Withdrawn by the personal assistant";
    case CONCERN_NO_OUTCOME:
    case CONCERN_OUTCOME_COUNT: break;
    }
    return "";
}

static const char *about_words(enum pa_concern_about a)
{
    switch (a) {
    case CONCERN_PAY: return "Pay";
    case CONCERN_SAFETY: return "Safety";
    case CONCERN_EMPLOYER: return "Their employer";
    case CONCERN_OTHER:
    case CONCERN_ABOUT_COUNT: break;
    }
    return "Something else";
}

static const char *status_words(const struct pa_concern *cn, day_t today)
{
    if (cn->status == CONCERN_CLOSED)
        return "Closed";
    if (cn->status == CONCERN_RESPONDED)
        return "Responded, not closed";
    return pa_concern_overdue(true, cn->route.respond_by, today) ? "Overdue: no response yet"
                                                                  : "Waiting for a response";
}

/* The store and the login's scope, or an answer already made (503). */
static int load_scope(struct request *req, struct store_conn **c, struct pa_concern_scope *sc)
{
    struct err e = {0};
    if (store_acquire(req->app->store, c, &e) != 0) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    if (pa_concern_scope_get(*c, req->who->council_id, req->who->staff_id, req->who->account_id,
                             sc, &e) != 0) {
        store_release(*c);
        *c = NULL;
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return -1;
    }
    return 0;
}

/* The concern named in the path, if the login answers for it; else 404 (answered, c released). */
static int load_concern(struct request *req, struct store_conn **c, struct pa_concern *cn)
{
    struct pa_concern_scope sc;
    struct err e = {0};
    int64_t id = 0;
    if (load_scope(req, c, &sc) != 0)
        return -1;
    if (pa_web_id(request_param(req, "concern"), &id) != 0 ||
        pa_concern_get(*c, req->who->council_id, id, cn, &e) != 0 ||
        !pa_concern_in_scope(&sc, cn)) {
        store_release(*c);
        *c = NULL;
        if (e.code == ERR_IO)
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        else
            router_refuse(req, 404, "Page not found", "There is no such concern for you to answer.");
        return -1;
    }
    return 0;
}

static const char *pa_name(struct request *req, struct store_conn *c, int64_t pa_id)
{
    struct pa_record *p = arena_alloc(&req->arena, sizeof *p);
    struct err e = {0};
    if (!p || pa_get(c, req->who->council_id, pa_id, p, &e) != 0)
        return "A personal assistant";
    return arena_printf(&req->arena, "%s %s", p->given_name, p->family_name);
}

void page_pa_concerns(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern_scope sc;
    struct pa_concern *items = NULL;
    size_t n = 0, overdue = 0;
    struct err e = {0};
    struct html h;
    const char *all = NULL, *done = NULL;
    day_t today = guard_today(req->now);
    bool everything;
    (void)request_query(req, "all", &all, &e);
    (void)request_query(req, "done", &done, &e);
    e = (struct err){0};
    everything = all && strcmp(all, "yes") == 0;
    if (load_scope(req, &c, &sc) != 0)
        return;
    if (pa_concern_list_scope(c, req->who->council_id, &sc, !everything, &req->arena, &items, &n,
                              &e) != 0) {
        store_release(c);
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    for (size_t i = 0; i < n; i++)
        overdue += items[i].status == CONCERN_OPEN &&
                   pa_concern_overdue(true, items[i].route.respond_by, today);
    layout_begin(req, &h,
                 &(struct page){.title = "Concerns raised by personal assistants",
                                .nav = "pa-concerns"});
    if (done && strcmp(done, "responded") == 0)
        html_lit(&h, "<div class=\"govuk-inset-text\">Your response has been sent. The personal "
                     "assistant sees it on their own page.</div>\n");
    else if (done && strcmp(done, "closed") == 0)
        html_lit(&h, "<div class=\"govuk-inset-text\">The concern is closed.</div>\n");
    if (pa_concern_scope_empty(&sc)) {
        html_lit(&h, "<p class=\"govuk-body\">Your sign-in is not set up as a named contact for "
                     "personal assistants' concerns, so none come to you. The council's "
                     "administrator links the named contacts (selfdirect pa concern-contact).</p>\n");
        store_release(c);
        layout_end(req, &h);
        return;
    }
    html_f(&h, "<p class=\"govuk-body\">You are the named contact for %t. Each concern must have a "
               "response by its date; a personal assistant sees your response on their own "
               "page.</p>\n",
           sc.council && sc.norgs ? "the council and your organisation"
           : sc.council           ? "the council"
                                  : "your organisation");
    if (!everything)
        html_f(&h, "<p class=\"govuk-body\"><strong>%l open</strong>, of which <strong>%l "
                   "overdue</strong>. <a class=\"govuk-link\" href=\"/pa-concerns?all=yes\">Show "
                   "closed concerns too</a></p>\n",
               (int64_t)n, (int64_t)overdue);
    else
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/pa-concerns\">Show "
                     "only concerns still to answer</a></p>\n");
    if (n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No concerns.</p>\n");
    } else {
        html_lit(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                     "govuk-visually-hidden\">Concerns</caption><thead class=\"govuk-table__head\">"
                     "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                     "Personal assistant</th><th scope=\"col\" class=\"govuk-table__header\">About"
                     "</th><th scope=\"col\" class=\"govuk-table__header\">Raised</th><th "
                     "scope=\"col\" class=\"govuk-table__header\">Respond by</th><th scope=\"col\" "
                     "class=\"govuk-table__header\">Status</th></tr></thead><tbody "
                     "class=\"govuk-table__body\">");
        /* Overdue ones first: they are the contact's most urgent work. */
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < n; i++) {
                bool late = items[i].status == CONCERN_OPEN &&
                            pa_concern_overdue(true, items[i].route.respond_by, today);
                if (late != (pass == 0))
                    continue;
                html_f(&h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                           "class=\"govuk-link\" href=\"%u\">%t</a></td><td "
                           "class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell\">%D"
                           "</td><td class=\"govuk-table__cell\">%D</td><td "
                           "class=\"govuk-table__cell\">",
                       arena_printf(&req->arena, "/pa-concerns/%" PRId64, items[i].id),
                       pa_name(req, c, items[i].pa_id), about_words(items[i].about),
                       items[i].raised_on, items[i].route.respond_by);
                if (late)
                    html_lit(&h, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
                else
                    html_f(&h, "%t", status_words(&items[i], today));
                html_lit(&h, "</td></tr>");
            }
        html_lit(&h, "</tbody></table>\n");
    }
    store_release(c);
    layout_end(req, &h);
}

static void textarea(struct html *h, const struct form_errors *fe, const char *name,
                     const char *label, const char *value)
{
    const char *msg = form_errors_for(fe, name);
    html_f(h, "<div class=\"%a\"><label class=\"govuk-label govuk-label--s\" for=\"%a\">%t</label>",
           msg ? "govuk-form-group govuk-form-group--error" : "govuk-form-group", name, label);
    if (msg)
        html_f(h, "<p id=\"%a-error\" class=\"govuk-error-message\"><span "
                  "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
               name, msg);
    html_f(h, "<textarea class=\"govuk-textarea\" id=\"%a\" name=\"%a\" rows=\"6\">%t</textarea>"
              "</div>\n",
           name, name, value ? value : "");
}

static void concern_page(struct request *req, struct store_conn *c, const struct pa_concern *cn,
                         const char *response, const struct form_errors *fe)
{
    struct html h;
    day_t today = guard_today(req->now);
    layout_begin(req, &h, &(struct page){.title = "A personal assistant's concern", .errors = fe,
                                         .back_href = "/pa-concerns", .nav = "pa-concerns"});
    html_lit(&h, "<dl class=\"govuk-summary-list\">");
    ui_summary_row(&h, "Raised by", pa_name(req, c, cn->pa_id));
    ui_summary_row(&h, "About", about_words(cn->about));
    if (cn->employer_id > 0) {
        struct pa_employer m;
        struct err e = {0};
        if (pa_employer_get(c, req->who->council_id, cn->employer_id, &m, &e) == 0)
            ui_summary_row(&h, "Employer it is about", m.name);
    }
    html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Raised"
               "</dt><dd class=\"govuk-summary-list__value\">%D</dd></div><div "
               "class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Respond by"
               "</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>",
           cn->raised_on, cn->route.respond_by);
    ui_summary_row(&h, "Status", status_words(cn, today));
    html_lit(&h, "</dl>\n<h2 class=\"govuk-heading-m\">What they told us</h2>");
    html_f(&h, "<p class=\"govuk-body\">%t</p>\n", cn->summary);
    if (cn->has_responded)
        html_f(&h, "<h2 class=\"govuk-heading-m\">Response</h2><div class=\"govuk-inset-text\">"
                   "%t, %D: %t</div>\n",
               cn->responded_by, cn->responded_on, cn->response);
    if (cn->status == CONCERN_CLOSED) {
        html_f(&h, "<p class=\"govuk-body\">Closed on %D by %t. Outcome: %t.</p>\n", cn->closed_on,
               cn->closed_by, pa_web_outcome_words(cn->outcome));
    } else {
        ui_form_begin(req, &h, arena_printf(&req->arena, "/pa-concerns/%" PRId64 "/respond",
                                            cn->id));
        textarea(&h, fe, "response",
                 cn->has_responded ? "Change your response (the personal assistant sees it)"
                                   : "Your response (the personal assistant sees it)",
                 response ? response : cn->response);
        ui_button(&h, "Send response");
        ui_form_end(&h);
    }
    if (cn->status == CONCERN_RESPONDED) {
        const char *msg = form_errors_for(fe, "outcome");
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Close the concern</h2>");
        ui_form_begin(req, &h, arena_printf(&req->arena, "/pa-concerns/%" PRId64 "/close", cn->id));
        html_f(&h, "<div class=\"%a\"><fieldset class=\"govuk-fieldset\"><legend "
                   "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">How did it end?"
                   "</legend>",
               msg ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
        if (msg)
            html_f(&h, "<p id=\"outcome-error\" class=\"govuk-error-message\"><span "
                       "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
                   msg);
        html_lit(&h, "<div class=\"govuk-radios\">");
        for (int o = CONCERN_RESOLVED; o < CONCERN_OUTCOME_COUNT; o++) {
            const char *id = o == CONCERN_RESOLVED ? "outcome"
                                                   : arena_printf(&req->arena, "outcome-%d", o);
            html_f(&h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                       "id=\"%a\" name=\"outcome\" type=\"radio\" value=\"%a\"><label "
                       "class=\"govuk-label govuk-radios__label\" for=\"%a\">%t</label></div>",
                   id, pa_concern_outcome_name((enum pa_concern_outcome)o), id,
                   pa_web_outcome_words((enum pa_concern_outcome)o));
        }
        html_lit(&h, "</div></fieldset></div>\n");
        ui_button(&h, "Close the concern");
        ui_form_end(&h);
    }
    layout_end(req, &h);
}

void page_pa_concern_view(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct form_errors fe = {0};
    if (!cn) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_concern(req, &c, cn) != 0)
        return;
    concern_page(req, c, cn, NULL, &fe);
    store_release(c);
}

static const char *form_field(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_form(req, name, &v, &e) != 0 || !v)
        return "";
    return v;
}

/* Who answered, as the PA will see it: the login's display name, cut to the stored 120 bytes. */
static const char *contact_name(struct request *req)
{
    return arena_printf(&req->arena, "%.120s",
                        req->who->display_name ? req->who->display_name : "The named contact");
}

void page_pa_concern_respond_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct form_errors fe = {0};
    struct err e = {0};
    const char *response = form_field(req, "response");
    if (!cn) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_concern(req, &c, cn) != 0)
        return;
    if (pa_concern_respond(c, req->who->council_id, cn, contact_name(req), response,
                           guard_today(req->now), req->now, &e) != 0) {
        if (e.code == ERR_IO || e.code == ERR_NOMEM) {
            store_release(c);
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
            return;
        }
        if (e.code == ERR_CONFLICT) {
            store_release(c);
            router_refuse(req, 409, "This concern could not be answered", e.msg);
            return;
        }
        form_errors_add(&fe, "response", arena_strdup(&req->arena, e.msg));
        concern_page(req, c, cn, response, &fe);
        req->res.status = 422;
        store_release(c);
        return;
    }
    store_release(c);
    response_redirect(req, "/pa-concerns?done=responded");
}

void page_pa_concern_close_post(struct request *req)
{
    struct store_conn *c = NULL;
    struct pa_concern *cn = arena_alloc(&req->arena, sizeof *cn);
    struct form_errors fe = {0};
    struct err e = {0};
    enum pa_concern_outcome outcome = CONCERN_NO_OUTCOME;
    if (!cn) {
        router_refuse(req, 503, UNAVAILABLE, "Try again later.");
        return;
    }
    if (load_concern(req, &c, cn) != 0)
        return;
    (void)pa_concern_outcome_parse(form_field(req, "outcome"), &outcome);
    if (pa_concern_close(c, req->who->council_id, cn, outcome, contact_name(req),
                         guard_today(req->now), req->now, &e) != 0) {
        if (e.code == ERR_IO || e.code == ERR_NOMEM) {
            store_release(c);
            router_refuse(req, 503, UNAVAILABLE, "Try again later.");
            return;
        }
        if (e.code == ERR_CONFLICT) {
            store_release(c);
            router_refuse(req, 409, "This concern could not be closed", e.msg);
            return;
        }
        form_errors_add(&fe, "outcome", arena_strdup(&req->arena, e.msg));
        concern_page(req, c, cn, NULL, &fe);
        req->res.status = 422;
        store_release(c);
        return;
    }
    store_release(c);
    response_redirect(req, "/pa-concerns?done=closed");
}
