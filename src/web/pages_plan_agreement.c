/* pages_plan_agreement.c — the direct payment agreement: made by the worker from the signed-off
 * plan, read and accepted by the person or their representative in the system, downloaded as a
 * PDF. See plan_web.h and src/domain/dp_agreement.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "io/pdf_doc.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/plan_ui.h"
#include "web/plan_web.h"
#include "web/router.h"

static const char *field(struct request *req, const char *name, bool *bad)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_form(req, name, &v, &e) != 0) {
        *bad = true;
        return "";
    }
    return v ? v : "";
}

static const char *trimmed(struct request *req, const char *s)
{
    struct slice t = slice_trim(slice_of(s));
    return t.n ? arena_strndup(&req->arena, t.p, t.n) : NULL;
}

static void refuse_err(struct request *req, const struct err *e)
{
    switch (e->code) {
    case ERR_NOT_FOUND: router_refuse(req, 404, "Page not found", e->msg); break;
    case ERR_FORBIDDEN: router_refuse(req, 403, "This cannot be done", e->msg); break;
    case ERR_CONFLICT: router_refuse(req, 409, "This cannot be done now", e->msg); break;
    case ERR_INVALID: router_refuse(req, 400, "The form could not be read", e->msg); break;
    default:
        router_refuse(req, 503, "Sorry, there is a problem with the service",
                      "Try again later. Nothing you entered has been changed.");
        break;
    }
}

static bool load_view(struct request *req, unsigned parts, struct plan_view *v)
{
    struct err e = {0};
    if (plan_view_load(req, people_route_id(req), parts, v, &e) != 0) {
        refuse_err(req, &e);
        return false;
    }
    return true;
}

static const char *capacity_words(enum dp_recipient r)
{
    switch (r) {
    case DP_RECIPIENT_NOMINATED: return "nominated person";
    case DP_RECIPIENT_AUTHORISED: return "authorised person";
    case DP_RECIPIENT_PERSON: break;
    }
    return "the person";
}

static void render(struct request *req, struct plan_view *v, const struct form_errors *fe, int status)
{
    struct html h;
    bool can_make = plan_web_may(req, ACT_PLAN_CASEWORK, v->person_id);
    bool can_accept = plan_web_may(req, ACT_PERSON_DECIDE, v->person_id);
    pui_person_begin(req, &h, v, "Direct payment agreement", fe,
                     pui_person_url(req, v->person_id, "/plan"));
    if (!v->has_agreement) {
        html_lit(&h, "<p class=\"govuk-body\">No agreement has been made yet. It is made from the "
                     "signed-off plan when some of the budget is taken as a direct payment.</p>\n");
    } else {
        const struct plan_agreement_row *a = &v->agreement;
        html_f(&h, "<p class=\"govuk-body\"><strong class=\"govuk-tag%a\">%t</strong></p>\n",
               strcmp(a->status, "accepted") == 0 ? " govuk-tag--green"
               : strcmp(a->status, "replaced") == 0 ? " govuk-tag--grey"
                                                    : " govuk-tag--blue",
               strcmp(a->status, "accepted") == 0   ? "Accepted"
               : strcmp(a->status, "replaced") == 0 ? "Replaced"
                                                    : "Waiting to be accepted");
        html_f(&h, "<h2 class=\"govuk-heading-m\">%t</h2>\n", a->ag.title);
        for (size_t i = 0; i < a->ag.nsections; i++) {
            const struct dp_agreement_section *s = &a->ag.sections[i];
            bool in_list = false;
            html_f(&h, "<h3 class=\"govuk-heading-s\">%t</h3>\n", s->heading);
            for (size_t k = 0; k < s->nparagraphs; k++) {
                const char *p = s->paragraphs[k];
                bool item = strncmp(p, "- ", 2) == 0;
                if (item && !in_list)
                    html_lit(&h, "<ul class=\"govuk-list govuk-list--bullet\">");
                if (!item && in_list)
                    html_lit(&h, "</ul>");
                in_list = item;
                if (item)
                    html_f(&h, "<li>%t</li>", p + 2);
                else
                    html_f(&h, "<p class=\"govuk-body\">%t</p>", p);
            }
            if (in_list)
                html_lit(&h, "</ul>");
        }
        html_f(&h, "<p class=\"govuk-body-s\">Agreement reference %t, made from the plan with "
                   "reference %t.</p>\n",
               arena_printf(&req->arena, "%.12s", a->ag.hash),
               arena_printf(&req->arena, "%.12s", a->ag.plan_hash));
        if (a->accepted)
            html_f(&h, "<div class=\"govuk-inset-text\">Accepted by %t (%t) on %t.</div>\n",
                   a->acceptance.by_name, capacity_words(a->acceptance.capacity),
                   pui_date(req, a->acceptance.on));
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Download the "
                   "agreement (PDF)</a></p>\n",
               pui_person_url(req, v->person_id, "/agreement/pdf"));
        if (can_accept && strcmp(a->status, "offered") == 0) {
            html_lit(&h, "<h2 class=\"govuk-heading-m\">Accept the agreement</h2>\n");
            ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/agreement/accept"));
            ui_input(&h, fe, &(struct field){.id = "name", .label = "Your full name",
                                             .value = req->who->display_name,
                                             .autocomplete = "name"});
            pui_radios(&h, fe, "capacity", "You are accepting as", NULL,
                       (const struct pui_option[]){
                           {"person", "The person the budget is for", NULL},
                           {"nominated", "Their nominated person", "Chosen by them to manage the "
                                                                   "direct payment"},
                           {"authorised", "Their authorised person", "Managing it for someone who "
                                                                     "cannot decide this"}},
                       3, req->who->role == USER_REPRESENTATIVE ? "nominated" : "person", false);
            ui_button(&h, "I accept this agreement");
            ui_form_end(&h);
        }
    }
    if (can_make && v->has_plan && v->plan.plan.status == PLAN_SIGNED_OFF) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Make the agreement from the signed-off plan</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/agreement"));
        pui_radios(&h, fe, "recipient", "Who will manage the direct payment?", NULL,
                   (const struct pui_option[]){{"person", "The person", NULL},
                                               {"nominated", "A nominated person", NULL},
                                               {"authorised", "An authorised person", NULL}},
                   3, "person", false);
        ui_input(&h, fe, &(struct field){.id = "recipient_name", .label = "Their name, if not the "
                                                                        "person",
                                         .value = ""});
        pui_radios(&h, fe, "account", "Where is the money paid?", NULL,
                   (const struct pui_option[]){{"bank", "A separate bank account", NULL},
                                               {"prepaid_card", "A prepaid card", NULL},
                                               {"managed", "A managed account", NULL}},
                   3, "bank", false);
        ui_input(&h, fe, &(struct field){.id = "account_provider", .label = "Card or managed-account "
                                                                          "provider (optional)",
                                         .value = ""});
        ui_input(&h, fe, &(struct field){.id = "start_date", .label = "Start date",
                                         .value = pui_iso(req, v->plan.plan.start_date), .type = "date"});
        ui_button(&h, "Make the agreement");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_agreement(struct request *req)
{
    struct plan_view v;
    if (!load_view(req, PV_AGREEMENT | PV_PLAN, &v))
        return;
    render(req, &v, NULL, 0);
}

static int parse_recipient(const char *s, enum dp_recipient *r)
{
    if (strcmp(s, "person") == 0)
        *r = DP_RECIPIENT_PERSON;
    else if (strcmp(s, "nominated") == 0)
        *r = DP_RECIPIENT_NOMINATED;
    else if (strcmp(s, "authorised") == 0)
        *r = DP_RECIPIENT_AUTHORISED;
    else
        return ERR_INVALID;
    return 0;
}

void page_agreement_post(struct request *req)
{
    struct plan_view v;
    struct dp_agreement_parties parties;
    struct form_errors fe = {0};
    struct err e = {0};
    bool bad = false;
    const char *recipient = field(req, "recipient", &bad), *name = field(req, "recipient_name", &bad),
               *account = field(req, "account", &bad), *provider = field(req, "account_provider", &bad),
               *start = field(req, "start_date", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_AGREEMENT | PV_COSTING, &v))
        return;
    memset(&parties, 0, sizeof parties);
    parties.person_name = v.name;
    if (parse_recipient(recipient, &parties.recipient) != 0)
        form_errors_add(&fe, "recipient", "Say who will manage the direct payment.");
    parties.recipient_name = parties.recipient == DP_RECIPIENT_PERSON ? NULL : trimmed(req, name);
    if (parties.recipient != DP_RECIPIENT_PERSON && !parties.recipient_name)
        form_errors_add(&fe, "recipient_name", "Give the name of the person who will manage it.");
    if (strcmp(account, "bank") == 0)
        parties.account = DP_ACCOUNT_BANK;
    else if (strcmp(account, "prepaid_card") == 0)
        parties.account = DP_ACCOUNT_PREPAID_CARD;
    else if (strcmp(account, "managed") == 0)
        parties.account = DP_ACCOUNT_MANAGED;
    else
        form_errors_add(&fe, "account", "Say where the money is paid.");
    parties.account_provider = trimmed(req, provider);
    if (date_parse_iso(start, strlen(start), &parties.start_date, "start_date", NULL) != 0)
        form_errors_add(&fe, "start_date", "Enter a real date, like 2025-07-01.");
    if (fe.n == 0) {
        if (plan_web_make_agreement(req, &v, &parties, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/agreement"));
            return;
        }
        if (e.code != ERR_INVALID && e.code != ERR_FORBIDDEN && e.code != ERR_CONFLICT) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, "recipient", arena_strdup(&req->arena, e.msg));
    }
    render(req, &v, &fe, 422);
}

void page_agreement_accept_post(struct request *req)
{
    struct plan_view v;
    struct form_errors fe = {0};
    struct err e = {0};
    enum dp_recipient cap = DP_RECIPIENT_PERSON;
    bool bad = false;
    const char *name = field(req, "name", &bad), *capacity = field(req, "capacity", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_AGREEMENT | PV_PLAN, &v))
        return;
    if (parse_recipient(capacity, &cap) != 0)
        form_errors_add(&fe, "capacity", "Say in what capacity you accept.");
    if (!trimmed(req, name))
        form_errors_add(&fe, "name", "Type your full name to accept.");
    if (fe.n == 0) {
        if (plan_web_accept_agreement(req, &v, trimmed(req, name), cap, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/agreement"));
            return;
        }
        if (e.code != ERR_INVALID && e.code != ERR_FORBIDDEN && e.code != ERR_CONFLICT) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, e.code == ERR_INVALID ? "name" : "capacity",
                        arena_strdup(&req->arena, e.msg));
    }
    render(req, &v, &fe, 422);
}

void page_agreement_pdf(struct request *req)
{
    struct plan_view v;
    struct buf out;
    struct err e = {0};
    int pages = 0;
    if (!load_view(req, PV_AGREEMENT, &v))
        return;
    if (!v.has_agreement) {
        router_refuse(req, 404, "Page not found", "No direct payment agreement has been made yet.");
        return;
    }
    buf_init(&out, 8u << 20);
    if (pdf_doc_agreement(&v.agreement.ag, PDF_DOC_DEFAULT, &out, &pages, &e) != 0) {
        buf_release(&out);
        router_refuse(req, 500, "Sorry, there is a problem with the service",
                      "The PDF could not be made. The agreement is on the page instead.");
        return;
    }
    response_start(req, 200, "application/pdf");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena, "attachment; filename=\"dp-agreement-%s.pdf\"",
                                       v.person.reference));
    if (buf_add(&req->res.body, out.data, out.len) != 0)
        router_refuse(req, 500, "Sorry, there is a problem with the service", "The PDF is too large.");
    buf_release(&out);
}
