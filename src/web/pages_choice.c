/* pages_choice.c — the ways to take a budget explained (plain English or easy read, a link to
 * switch, no JavaScript), the record that every way was offered, the person's own choice, and
 * setting up an arrangement behind the choice gate. See plan_web.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "io/choice_content.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/plan_ui.h"
#include "web/plan_web.h"
#include "web/router.h"

static const char *qparam(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_query(req, name, &v, &e) != 0)
        return NULL;
    return v;
}

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

/* ---- the options explained --------------------------------------------------------------------- */

static void lines(struct html *h, const struct choice_content_lines *l, bool easy)
{
    if (easy) {
        /* Easy read: one short sentence a line, large text, no bullets to decode. */
        for (size_t i = 0; i < l->n; i++)
            html_f(h, "<p class=\"govuk-body-l\">%t</p>", l->lines[i]);
        return;
    }
    if (l->n == 1) {
        html_f(h, "<p class=\"govuk-body\">%t</p>", l->lines[0]);
        return;
    }
    html_lit(h, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t i = 0; i < l->n; i++)
        html_f(h, "<li>%t</li>", l->lines[i]);
    html_lit(h, "</ul>");
}

void page_options(struct request *req)
{
    struct choice_content c;
    struct err e = {0};
    struct html h;
    const char *fmt = qparam(req, "format");
    bool easy = fmt && (strcmp(fmt, "easy-read") == 0 || strcmp(fmt, "easy_read") == 0);
    if (choice_content_load(easy ? CHOICE_CONTENT_EASY_READ : CHOICE_CONTENT_STANDARD, &req->arena,
                            &c, &e) != 0) {
        router_refuse(req, 500, "Sorry, there is a problem with the service", "Try again later.");
        return;
    }
    layout_begin(req, &h, &(struct page){.title = c.title,
                                         .nav = req->who->role == USER_NONE ? NULL
                                                : role_is_staff(req->who->role) ? "people"
                                                                                 : "my-support"});
    if (easy)
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/options\">Read the "
                     "standard version</a></p>\n");
    else
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                     "href=\"/options?format=easy-read\">Read this in easy read</a></p>\n");
    lines(&h, &c.intro, easy);
    for (int i = 0; i < CHOICE_CONTENT_OPTIONS; i++) {
        const struct choice_content_option *o = &c.options[i];
        html_f(&h, "<h2 class=\"govuk-heading-l\" id=\"%a\">%t</h2>\n", o->id, o->title);
        lines(&h, &o->summary, easy);
        html_f(&h, "<h3 class=\"govuk-heading-m\">%t</h3>", easy ? "What you do" : "What you would do");
        lines(&h, &o->what_you_do, easy);
        html_f(&h, "<h3 class=\"govuk-heading-m\">%t</h3>", "Good to know");
        lines(&h, &o->good_to_know, easy);
        html_f(&h, "<h3 class=\"govuk-heading-m\">%t</h3>", easy ? "Help" : "Where to get help");
        lines(&h, &o->help, easy);
    }
    layout_end(req, &h);
}

/* ---- what was offered -------------------------------------------------------------------------- */

static const char *offer_words(struct request *req, const struct choice_offer *o)
{
    if (o->offered)
        return "Offered";
    if (o->unavailable == CHOICE_AVAILABLE)
        return "Not offered, and no reason recorded";
    return arena_printf(&req->arena, "Not available: %s%s%s", choice_unavailable_text(o->unavailable),
                        o->unavailable_text && *o->unavailable_text ? ". " : "",
                        o->unavailable_text ? o->unavailable_text : "");
}

static void offer_summary(struct request *req, struct html *h, const struct plan_choice_row *r)
{
    const struct choice_record *c = &r->rec;
    const char *present = "";
    for (size_t i = 0; i < c->npresent; i++)
        present = arena_printf(&req->arena, "%s%s%s", present, i ? ", " : "", c->present[i]);
    html_lit(h, "<dl class=\"govuk-summary-list\">\n");
    ui_summary_row(h, "Explained by", c->offered_by_name);
    ui_summary_row(h, "On", pui_date(req, c->offered_on));
    ui_summary_row(h, "Information given as",
                   c->format == CHOICE_FORMAT_OTHER && c->format_other && *c->format_other
                       ? c->format_other
                       : choice_format_title(c->format));
    ui_summary_row(h, "Who was there", present);
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        ui_summary_row(h, choice_option_title((enum choice_option)o), offer_words(req, &c->offers[o]));
    if (c->chosen) {
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
            if (c->amounts[o] > 0)
                ui_summary_row(h, arena_printf(&req->arena, "Chosen: %s", choice_option_title((enum choice_option)o)),
                               arena_printf(&req->arena, "%s a year%s%s", pui_money(req, c->amounts[o]),
                                            o == CHOICE_ISF && c->isf_provider && *c->isf_provider ? ", with " : "",
                                            o == CHOICE_ISF && c->isf_provider ? c->isf_provider : ""));
        ui_summary_row(h, "Reasons, in their words", c->reasons && *c->reasons ? c->reasons : "None given");
    } else {
        ui_summary_row(h, "Choice", "Not made yet");
    }
    html_lit(h, "</dl>\n");
}

void page_choice(struct request *req)
{
    struct plan_view v;
    struct plan_choice_row *hist = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0;
    int rc;
    if (!load_view(req, PV_CHOICE, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_choice_history(c, req->who->council_id, v.person_id, &req->arena, &hist, &n, &e);
    store_release(c);
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    pui_person_begin(req, &h, &v, "Ways to take the budget: what was offered", NULL,
                     pui_person_url(req, v.person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">Every way of taking a personal budget must be explained, "
                 "and if one is not open, the specific reason written down. <a class=\"govuk-link\" "
                 "href=\"/options\">Read about the ways</a> (<a class=\"govuk-link\" "
                 "href=\"/options?format=easy-read\">easy read</a>).</p>\n");
    if (n == 0) {
        html_lit(&h, "<p class=\"govuk-body\">Nothing has been recorded yet.</p>\n");
    } else {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">The record that counts now</h2>\n");
        offer_summary(req, &h, &hist[0]);
        if (!choice_all_accounted(&hist[0].rec))
            html_lit(&h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                         "<span class=\"govuk-visually-hidden\">Warning</span>Not every way is "
                         "accounted for, so no arrangement can be set up.</strong></div>\n");
        if (n > 1) {
            html_lit(&h, "<h2 class=\"govuk-heading-m\">Earlier records</h2>\n");
            for (size_t i = 1; i < n; i++) {
                html_f(&h, "<h3 class=\"govuk-heading-s\">Recorded on %t</h3>",
                       pui_date(req, hist[i].rec.offered_on));
                offer_summary(req, &h, &hist[i]);
            }
        }
    }
    if (plan_web_may(req, ACT_PLAN_CASEWORK, v.person_id))
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Record that the "
                   "options were offered</a></p>\n",
               pui_person_url(req, v.person_id, "/choice/record"));
    if (plan_web_may(req, ACT_PERSON_DECIDE, v.person_id) && n)
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Choose how to take "
                   "the budget</a></p>\n",
               pui_person_url(req, v.person_id, "/choice/decide"));
    layout_end(req, &h);
}

/* ---- the worker records the offer -------------------------------------------------------------- */

static const struct pui_option FORMAT_OPTS[] = {
    {"standard", "Standard written information", NULL}, {"easy_read", "Easy read", NULL},
    {"large_print", "Large print", NULL},                {"audio", "Audio", NULL},
    {"interpreter", "Through an interpreter", NULL},     {"other", "Another way", NULL},
};

static const struct pui_option DP_REASONS[] = {
    {"lacks_capacity_no_suitable_person",
     "Lacks capacity to ask for one, and nobody suitable can manage it for them", NULL},
    {"criminal_justice_order", "Under a criminal-justice drug or alcohol order", NULL},
    {"in_prison", "In prison", NULL},
    {"other", "Another reason (say what)", NULL},
};

struct offer_form {
    const char *offered_on, *format, *format_other, *present, *chosen, *amount[3], *isf_provider,
        *reasons;
    const char *status[3], *reason[3], *reason_text[3];
};

static const char *const OPT_KEYS[3] = {"dp", "cm", "isf"};

static void render_record(struct request *req, const struct plan_view *v,
                          const struct offer_form *f, const struct form_errors *fe, int status)
{
    struct html h;
    pui_person_begin(req, &h, v, "Record that the options were offered", fe,
                     pui_person_url(req, v->person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">Record the conversation: who explained the ways of taking "
                 "the budget, how, who was there, and for each way whether it was offered or the "
                 "specific reason it is not open. The person's choice can be recorded now or "
                 "later (they can also choose themselves, in the system).</p>\n");
    if (v->has_budget)
        html_f(&h, "<p class=\"govuk-body\">The agreed budget is <strong>%m a year</strong>.</p>\n",
               v->budget.annual);
    ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/choice/record"));
    ui_input(&h, fe, &(struct field){.id = "offered_on", .label = "When were the options explained?",
                                     .value = f->offered_on, .type = "date"});
    pui_radios(&h, fe, "format", "How was the information given?", NULL, FORMAT_OPTS, 6,
               f->format, false);
    ui_input(&h, fe, &(struct field){.id = "format_other", .label = "If another way, what?",
                                     .value = f->format_other});
    pui_textarea(&h, fe, "present", "Who was there", "One name a line, including the person or "
                 "their representative.", f->present, 3, false);
    for (int o = 0; o < 3; o++) {
        const char *sid = arena_printf(&req->arena, "%s_status", OPT_KEYS[o]);
        const char *rid = arena_printf(&req->arena, "%s_reason", OPT_KEYS[o]);
        const char *tid = arena_printf(&req->arena, "%s_reason_text", OPT_KEYS[o]);
        html_f(&h, "<h2 class=\"govuk-heading-m\">%t</h2>", choice_option_title((enum choice_option)o));
        pui_radios(&h, fe, sid, arena_printf(&req->arena, "Was a %s offered?",
                                             o == 0 ? "direct payment" : o == 1 ? "council-managed budget"
                                                                                : "individual service fund"),
                   NULL,
                   (const struct pui_option[]){{"offered", "Yes, it was explained and offered", NULL},
                                               {"unavailable", "No: it is not open to the person", NULL}},
                   2, f->status[o], false);
        if (o == 0)
            pui_select(&h, fe, rid, "If not open, why?", NULL, DP_REASONS, 4, f->reason[o]);
        else
            pui_hidden(&h, rid, "other");
        ui_input(&h, fe, &(struct field){.id = tid, .label = "The specific reason, in words",
                                         .value = f->reason_text[o],
                                         .hint = "Required for 'another reason'."});
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">The person's choice</h2>\n");
    pui_radios(&h, fe, "chosen", "Has the person chosen?", NULL,
               (const struct pui_option[]){{"no", "Not yet: they are deciding", NULL},
                                           {"yes", "Yes", NULL}},
               2, f->chosen, false);
    for (int o = 0; o < 3; o++)
        ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]),
                                         .label = arena_printf(&req->arena, "%s: pounds a year",
                                                               choice_option_title((enum choice_option)o)),
                                         .value = f->amount[o], .width_class = "govuk-input--width-10"});
    ui_input(&h, fe, &(struct field){.id = "isf_provider", .label = "The ISF provider they chose",
                                     .value = f->isf_provider});
    pui_textarea(&h, fe, "reasons", "Their reasons, in their words", NULL, f->reasons, 3, false);
    ui_button(&h, "Save the record");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_choice_record(struct request *req)
{
    struct plan_view v;
    struct offer_form f;
    if (!load_view(req, PV_CHOICE, &v))
        return;
    memset(&f, 0, sizeof f);
    f.offered_on = pui_iso(req, plan_web_today(req));
    f.format = v.person.easy_read ? "easy_read" : "standard";
    f.present = v.name;
    f.chosen = "no";
    for (int o = 0; o < 3; o++) {
        f.status[o] = "offered";
        f.reason[o] = "other";
    }
    render_record(req, &v, &f, NULL, 0);
}

void page_choice_record_post(struct request *req)
{
    struct plan_view v;
    struct offer_form f;
    struct form_errors fe = {0};
    struct choice_record rec;
    struct err e = {0};
    const char **present = NULL;
    size_t npresent = 0;
    bool bad = false;
    memset(&f, 0, sizeof f);
    f.offered_on = field(req, "offered_on", &bad);
    f.format = field(req, "format", &bad);
    f.format_other = field(req, "format_other", &bad);
    f.present = field(req, "present", &bad);
    f.chosen = field(req, "chosen", &bad);
    f.isf_provider = field(req, "isf_provider", &bad);
    f.reasons = field(req, "reasons", &bad);
    for (int o = 0; o < 3; o++) {
        f.status[o] = field(req, arena_printf(&req->arena, "%s_status", OPT_KEYS[o]), &bad);
        f.reason[o] = field(req, arena_printf(&req->arena, "%s_reason", OPT_KEYS[o]), &bad);
        f.reason_text[o] = field(req, arena_printf(&req->arena, "%s_reason_text", OPT_KEYS[o]), &bad);
        f.amount[o] = field(req, arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]), &bad);
    }
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_CHOICE, &v))
        return;
    memset(&rec, 0, sizeof rec);
    if (date_parse_iso(f.offered_on, strlen(f.offered_on), &rec.offered_on, "offered_on", NULL) != 0)
        form_errors_add(&fe, "offered_on", "Enter the date the options were explained, like 2025-06-14.");
    if (choice_format_parse(f.format, &rec.format) != 0)
        form_errors_add(&fe, "format", "Say how the information was given.");
    rec.format_other = trimmed(req, f.format_other);
    /* Who was there: one name a line. */
    {
        char *copy = arena_strdup(&req->arena, f.present), *line = copy;
        present = arena_array(&req->arena, 20, sizeof *present);
        while (line && present && npresent < 20) {
            char *nl = strpbrk(line, "\r\n");
            const char *name;
            if (nl)
                *nl = '\0';
            if ((name = trimmed(req, line)))
                present[npresent++] = name;
            line = nl ? nl + 1 : NULL;
        }
        rec.present = present;
        rec.npresent = npresent;
        if (npresent == 0)
            form_errors_add(&fe, "present", "Say who was there: at least the person or their "
                                            "representative.");
    }
    for (int o = 0; o < 3; o++) {
        struct choice_offer *of = &rec.offers[o];
        const char *sid = arena_printf(&req->arena, "%s_status", OPT_KEYS[o]);
        if (strcmp(f.status[o], "offered") == 0) {
            of->offered = true;
        } else if (strcmp(f.status[o], "unavailable") == 0) {
            if (choice_unavailable_parse(*f.reason[o] ? f.reason[o] : "other", &of->unavailable) != 0 ||
                of->unavailable == CHOICE_AVAILABLE)
                of->unavailable = CHOICE_NA_OTHER;
            of->unavailable_text = trimmed(req, f.reason_text[o]);
        } else {
            form_errors_add(&fe, sid, "Say whether this way was offered, or why it is not open.");
        }
    }
    rec.chosen = strcmp(f.chosen, "yes") == 0;
    if (rec.chosen)
        for (int o = 0; o < 3; o++) {
            const char *aid = arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]);
            struct slice s = slice_trim(slice_of(f.amount[o]));
            if (s.n == 0)
                continue;
            err_clear(&e);
            if (plan_web_parse_money(arena_strndup(&req->arena, s.p, s.n), aid, "the amount",
                                     &rec.amounts[o], &e) != 0)
                form_errors_add(&fe, aid, arena_strdup(&req->arena, e.msg));
        }
    rec.isf_provider = trimmed(req, f.isf_provider);
    rec.reasons = trimmed(req, f.reasons);
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_record_offer(req, v.person_id, &rec, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/choice"));
            return;
        }
        if (e.code != ERR_INVALID) {
            refuse_err(req, &e);
            return;
        }
        {
            /* The domain names fields like "offers[0].unavailable_text"; map them to the form. */
            const char *fld = e.field;
            if (strstr(fld, "offers[0]"))
                fld = strstr(fld, "text") ? "dp_reason_text" : "dp_status";
            else if (strstr(fld, "offers[1]"))
                fld = strstr(fld, "text") ? "cm_reason_text" : "cm_status";
            else if (strstr(fld, "offers[2]"))
                fld = strstr(fld, "text") ? "isf_reason_text" : "isf_status";
            else if (strstr(fld, "amount"))
                fld = strstr(fld, "isf") || strstr(fld, "[2]") ? "amount_isf" : "amount_dp";
            else if (strcmp(fld, "isf_provider") != 0 && strcmp(fld, "present") != 0 &&
                     strcmp(fld, "format_other") != 0 && strcmp(fld, "offered_on") != 0 &&
                     strcmp(fld, "reasons") != 0)
                fld = "offered_on";
            form_errors_add(&fe, fld, arena_strdup(&req->arena, e.msg));
        }
    }
    render_record(req, &v, &f, &fe, 422);
}

/* ---- the person chooses ------------------------------------------------------------------------ */

static void render_decide(struct request *req, const struct plan_view *v, const char *amount[3],
                          const char *provider, const char *reasons, const struct form_errors *fe,
                          int status)
{
    struct html h;
    const struct choice_record *r = &v->choice.rec;
    bool easy = v->person.easy_read;
    pui_person_begin(req, &h, v, v->is_self ? "Choose how to take your budget" : "Choose how to take the budget",
                     fe, pui_person_url(req, v->person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">Read about the ways: <a class=\"govuk-link\" "
                 "href=\"/options?format=easy-read\">easy read</a> or <a class=\"govuk-link\" "
                 "href=\"/options\">the standard version</a>.</p>\n");
    (void)easy;
    if (!v->has_choice) {
        html_lit(&h, "<p class=\"govuk-body\">Your worker has not yet recorded going through the ways "
                     "with you. Ask them to: then you can choose here.</p>\n");
        layout_end(req, &h);
        return;
    }
    if (!v->has_budget) {
        html_lit(&h, "<p class=\"govuk-body\">Your budget has not been agreed yet. You can choose "
                     "once it is.</p>\n");
        layout_end(req, &h);
        return;
    }
    html_f(&h, "<p class=\"govuk-body-l\">Your budget is %m a year.</p>\n<p class=\"govuk-body\">Put "
               "it on one way, or split it between them (a mix). The amounts must add up to "
               "%m.</p>\n",
           v->budget.annual, v->budget.annual);
    ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/choice/decide"));
    for (int o = 0; o < 3; o++) {
        const char *id = arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]);
        if (!r->offers[o].offered) {
            html_f(&h, "<p class=\"govuk-body\">%t is not open to you: %t</p>",
                   choice_option_title((enum choice_option)o),
                   r->offers[o].unavailable_text && *r->offers[o].unavailable_text
                       ? r->offers[o].unavailable_text
                       : choice_unavailable_text(r->offers[o].unavailable));
            pui_hidden(&h, id, "0");
            continue;
        }
        ui_input(&h, fe, &(struct field){.id = id,
                                         .label = arena_printf(&req->arena, "%s: pounds a year",
                                                               choice_option_title((enum choice_option)o)),
                                         .value = amount[o], .hint = "Leave blank or 0 for none.",
                                         .width_class = "govuk-input--width-10"});
        if (o == CHOICE_ISF)
            ui_input(&h, fe, &(struct field){.id = "isf_provider",
                                             .label = "Which provider will hold your individual "
                                                      "service fund?",
                                             .value = provider});
    }
    pui_textarea(&h, fe, "reasons", "Why have you chosen this? (optional)",
                 "In your own words.", reasons, 3, false);
    ui_button(&h, "Save my choice");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_choice_decide(struct request *req)
{
    struct plan_view v;
    const char *amount[3] = {"", "", ""};
    if (!load_view(req, PV_CHOICE, &v))
        return;
    if (v.has_choice && v.choice.rec.chosen)
        for (int o = 0; o < 3; o++)
            amount[o] = v.choice.rec.amounts[o] ? pui_money_plain(req, v.choice.rec.amounts[o]) : "";
    render_decide(req, &v, amount,
                  v.has_choice && v.choice.rec.isf_provider ? v.choice.rec.isf_provider : "",
                  v.has_choice && v.choice.rec.chosen && v.choice.rec.reasons ? v.choice.rec.reasons : "",
                  NULL, 0);
}

void page_choice_decide_post(struct request *req)
{
    struct plan_view v;
    struct form_errors fe = {0};
    struct err e = {0};
    const char *amount[3], *provider, *reasons;
    int64_t amounts[3] = {0, 0, 0};
    bool bad = false;
    for (int o = 0; o < 3; o++)
        amount[o] = field(req, arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]), &bad);
    provider = field(req, "isf_provider", &bad);
    reasons = field(req, "reasons", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_CHOICE, &v))
        return;
    for (int o = 0; o < 3; o++) {
        struct slice s = slice_trim(slice_of(amount[o]));
        const char *id = arena_printf(&req->arena, "amount_%s", OPT_KEYS[o]);
        if (s.n == 0)
            continue;
        err_clear(&e);
        if (plan_web_parse_money(arena_strndup(&req->arena, s.p, s.n), id, "an amount in pounds",
                                 &amounts[o], &e) != 0)
            form_errors_add(&fe, id, arena_strdup(&req->arena, e.msg));
    }
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_person_choice(req, &v, amounts, trimmed(req, provider), trimmed(req, reasons),
                                   &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/plan"));
            return;
        }
        if (e.code != ERR_INVALID) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, strcmp(e.field, "isf_provider") == 0 ? "isf_provider"
                             : strcmp(e.field, "reasons") == 0    ? "reasons"
                                                                  : "amount_dp",
                        arena_strdup(&req->arena, e.msg));
    }
    render_decide(req, &v, amount, provider, reasons, &fe, 422);
}

/* ---- arrangements ------------------------------------------------------------------------------ */

static void render_arrangements(struct request *req, const struct plan_view *v,
                                const struct form_errors *fe, const char *kind, const char *start,
                                int status)
{
    struct plan_arrangement_row *rows = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0;
    if (store_acquire(req->app->store, &c, &e) == 0)
        (void)plan_arrangement_list(c, req->who->council_id, v->person_id, &req->arena, &rows, &n, &e);
    store_release(c);
    pui_person_begin(req, &h, v, "Arrangements", fe, pui_person_url(req, v->person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">An arrangement delivers part of the budget: a direct "
                 "payment, a council-managed budget or an individual service fund. One can only be "
                 "set up once every way of taking the budget has been offered, and the person has "
                 "chosen.</p>\n");
    if (n == 0)
        html_lit(&h, "<p class=\"govuk-body\">None set up yet.</p>\n");
    else {
        html_lit(&h, "<dl class=\"govuk-summary-list\">");
        for (size_t i = 0; i < n; i++)
            ui_summary_row(&h, choice_option_title(rows[i].kind),
                           arena_printf(&req->arena, "%s a year from %s%s%s; set up by %s (%s)",
                                        pui_money(req, rows[i].annual), pui_date(req, rows[i].start_date),
                                        *rows[i].provider ? ", with " : "", rows[i].provider,
                                        rows[i].set_up_by_name, rows[i].status));
        html_lit(&h, "</dl>\n");
    }
    if (plan_web_may(req, ACT_PLAN_CASEWORK, v->person_id)) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Set up an arrangement</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/arrangements"));
        pui_radios(&h, fe, "kind", "What kind?", NULL,
                   (const struct pui_option[]){{"direct_payment", "Direct payment", NULL},
                                               {"council_managed", "Council-managed budget", NULL},
                                               {"isf", "Individual service fund", NULL}},
                   3, kind, false);
        ui_input(&h, fe, &(struct field){.id = "start_date", .label = "Start date", .value = start,
                                         .type = "date"});
        ui_button(&h, "Set up the arrangement");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_arrangements(struct request *req)
{
    struct plan_view v;
    if (!load_view(req, PV_BUDGET, &v))
        return;
    render_arrangements(req, &v, NULL, "direct_payment", pui_iso(req, plan_web_today(req)), 0);
}

void page_arrangements_post(struct request *req)
{
    struct plan_view v;
    struct plan_arrangement_row row;
    struct form_errors fe = {0};
    struct err e = {0};
    enum choice_option kind;
    day_t start = 0;
    bool bad = false;
    const char *kind_s = field(req, "kind", &bad), *start_s = field(req, "start_date", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_BUDGET, &v))
        return;
    if (choice_option_parse(kind_s, &kind) != 0)
        form_errors_add(&fe, "kind", "Choose what kind of arrangement to set up.");
    if (*start_s && date_parse_iso(start_s, strlen(start_s), &start, "start_date", NULL) != 0)
        form_errors_add(&fe, "start_date", "Enter a real date, like 2025-07-01.");
    if (fe.n == 0) {
        if (plan_web_set_up(req, v.person_id, kind, start, &row, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/arrangements"));
            return;
        }
        if (e.code != ERR_FORBIDDEN && e.code != ERR_CONFLICT && e.code != ERR_INVALID) {
            refuse_err(req, &e);
            return;
        }
        /* The gate's refusal, in its own words, at the top of the form. */
        form_errors_add(&fe, "kind", arena_strdup(&req->arena, e.msg));
    }
    render_arrangements(req, &v, &fe, kind_s, start_s, 422);
}
