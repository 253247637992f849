/* pages_plan.c — the person's budget-and-plan page and the step-by-step planner (one part of the
 * plan a page, built for a phone, saved as it goes, no JavaScript needed), sending for sign-off,
 * a new version after sign-off, the whole plan, its history and PDF, and who may help write it.
 * See plan_web.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/plan_diff.h"
#include "io/pdf_doc.h"
#include "io/plan_json.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/plan_ui.h"
#include "web/plan_web.h"
#include "web/router.h"

/* ---- the steps --------------------------------------------------------------------------------- */

enum step_id {
    STEP_ABOUT_ME = 0,
    STEP_OUTCOMES,
    STEP_BUDGET,
    STEP_WHO_HELPS,
    STEP_MONEY,
    STEP_CONTINGENCY,
    STEP_RISKS,
    STEP_CHECK,
    STEP_COUNT
};

static const struct {
    const char *id, *title, *task;
} STEPS[STEP_COUNT] = {
    {"about-me", "About me and what matters to me", "About me"},
    {"outcomes", "The outcomes I want", "The outcomes I want"},
    {"budget", "How I will use my budget", "How I will use my budget"},
    {"who-helps", "Who will help me", "Who will help me"},
    {"money", "How I will manage my money", "How I will manage my money"},
    {"contingency", "What happens if things go wrong", "What happens if things go wrong"},
    {"risks", "Risks and how I will manage them", "Risks and how I will manage them"},
    {"check", "Check your plan and send it", "Check and send"},
};

static int step_parse(const char *s)
{
    for (int i = 0; s && i < STEP_COUNT; i++)
        if (strcmp(s, STEPS[i].id) == 0)
            return i;
    return -1;
}

static bool step_done(const struct plan *p, int s)
{
    switch (s) {
    case STEP_ABOUT_ME: return p->sections[PLAN_SEC_ABOUT_ME] != NULL;
    case STEP_OUTCOMES: return p->noutcomes > 0;
    case STEP_BUDGET: return p->nlines > 0;
    case STEP_WHO_HELPS: return p->sections[PLAN_SEC_WHO_HELPS] != NULL || p->nhelpers > 0;
    case STEP_MONEY: return p->sections[PLAN_SEC_MANAGING_MONEY] != NULL;
    case STEP_CONTINGENCY: return p->sections[PLAN_SEC_CONTINGENCY] != NULL;
    case STEP_RISKS: return p->sections[PLAN_SEC_RISKS] != NULL;
    default: return p->status != PLAN_DRAFT;
    }
}

static void refuse_err(struct request *req, const struct err *e)
{
    switch (e->code) {
    case ERR_NOT_FOUND: router_refuse(req, 404, "Page not found", e->msg); break;
    case ERR_FORBIDDEN: router_refuse(req, 403, "You cannot change this", e->msg); break;
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
    int64_t id = people_route_id(req);
    if (plan_view_load(req, id, parts, v, &e) != 0) {
        refuse_err(req, &e);
        return false;
    }
    return true;
}

static const char *text_or_null(struct request *req, const char *s)
{
    struct slice t = slice_trim(slice_of(s));
    return t.n ? arena_strndup(&req->arena, t.p, t.n) : NULL;
}

/* A form field, "" when absent; *bad set when it was sent twice or the form cannot be read. */
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

static const char *qparam(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_query(req, name, &v, &e) != 0)
        return NULL;
    return v;
}

/* ---- the hub ----------------------------------------------------------------------------------- */

static const char *amounts_words(struct request *req, const struct choice_record *r)
{
    const char *s = "";
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        if (r->amounts[o] > 0)
            s = arena_printf(&req->arena, "%s%s%s %s a year", s, *s ? "; " : "",
                             choice_option_title((enum choice_option)o), pui_money(req, r->amounts[o]));
    return s;
}

void page_plan(struct request *req)
{
    struct plan_view v;
    struct html h;
    struct err e = {0};
    const char *base;
    bool can_edit, can_case, can_decide_person;
    const struct plan_signoff_row *pr;
    if (!load_view(req, PV_ALL, &v))
        return;
    base = pui_person_url(req, v.person_id, "");
    can_edit = plan_web_may(req, ACT_PLAN_EDIT, v.person_id) && plan_web_may_write(req, &v, &e) == 0;
    can_case = plan_web_may(req, ACT_PLAN_CASEWORK, v.person_id);
    can_decide_person = plan_web_may(req, ACT_PERSON_DECIDE, v.person_id);
    pui_person_begin(req, &h, &v, v.is_self ? "Your budget and support plan" : "Budget and support plan",
                     NULL, role_is_staff(req->who->role) ? base : "/my-support");

    /* The budget first. */
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Budget</h2>\n");
    if (v.has_budget) {
        html_f(&h, "<p class=\"govuk-body-l\">%m a year <span class=\"govuk-body\">(%m a week)</span></p>",
               v.budget.annual, v.budget.annual / 52);
        if (v.budget.one_off_allowance)
            html_f(&h, "<p class=\"govuk-body\">Plus %m agreed for one-off costs.</p>",
                   v.budget.one_off_allowance);
        html_f(&h, "<p class=\"govuk-body\">Agreed on %t.</p>", pui_date(req, v.budget.agreed_on));
        if (v.has_period)
            html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", v.period.message);
        if (v.has_period && can_decide_person)
            html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Choose "
                       "whether we e-mail you reminders</a></p>\n",
                   pui_person_url(req, v.person_id, "/reminders"));
    } else if (v.has_latest_budget && v.latest_budget.status == PLAN_BUDGET_PROPOSED) {
        const struct plan_signoff_row *br = plan_view_budget_request(&v, v.latest_budget.id);
        html_f(&h, "<p class=\"govuk-body\">A budget of %m a year has been proposed and is waiting "
                   "to be agreed.</p>",
               v.latest_budget.annual);
        if (br)
            pui_signoff_state(req, &h, br, false);
    } else {
        html_lit(&h, "<p class=\"govuk-body\">The budget has not been agreed yet. It is agreed before "
                     "the plan is written, so you know how much you have to plan with.</p>\n");
    }
    if (can_case)
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Propose or see the "
                   "budget</a></p>\n",
               pui_person_url(req, v.person_id, "/agreed-budget"));

    /* How the budget is taken. */
    html_lit(&h, "<h2 class=\"govuk-heading-m\">How the budget is taken</h2>\n");
    if (v.has_choice && v.choice.rec.chosen)
        html_f(&h, "<p class=\"govuk-body\">%t%t.</p>\n", amounts_words(req, &v.choice.rec),
               choice_is_mix(&v.choice.rec) ? " (a mix)" : "");
    else if (v.has_choice)
        html_lit(&h, "<p class=\"govuk-body\">Every way has been explained. No choice has been made "
                     "yet.</p>\n");
    else
        html_lit(&h, "<p class=\"govuk-body\">The ways of taking the budget have not been gone "
                     "through and recorded yet.</p>\n");
    html_lit(&h, "<ul class=\"govuk-list\">");
    html_lit(&h, "<li><a class=\"govuk-link\" href=\"/options\">Read about the ways to take a "
                 "budget</a> (<a class=\"govuk-link\" href=\"/options?format=easy-read\">easy "
                 "read</a>)</li>");
    if (can_decide_person && v.has_choice)
        html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Choose how to take your budget</a></li>",
               pui_person_url(req, v.person_id, "/choice/decide"));
    html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">What was offered, and when</a></li>",
           pui_person_url(req, v.person_id, "/choice"));
    if (can_case)
        html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Record that the options were offered</a>"
                   "</li><li><a class=\"govuk-link\" href=\"%u\">Set up an arrangement</a></li>",
               pui_person_url(req, v.person_id, "/choice/record"),
               pui_person_url(req, v.person_id, "/arrangements"));
    html_lit(&h, "</ul>\n");

    /* The plan. */
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Support plan</h2>\n");
    if (!v.has_plan) {
        html_lit(&h, "<p class=\"govuk-body\">No plan has been started yet.</p>\n");
        if (can_edit)
            html_f(&h, "<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"%u\">Start "
                       "the plan</a>\n",
                   pui_person_url(req, v.person_id, "/plan/edit?step=about-me"));
        else if (plan_web_may(req, ACT_PLAN_EDIT, v.person_id))
            html_f(&h, "<p class=\"govuk-body\">%t</p>\n", e.msg);
    } else {
        const struct plan *p = &v.plan.plan;
        bool editable = can_edit && (p->status == PLAN_DRAFT || p->status == PLAN_SUBMITTED);
        html_f(&h, "<p class=\"govuk-body\">Version %d: ", p->version);
        pui_plan_status_tag(&h, p->status);
        html_f(&h, "</p><p class=\"govuk-body-s\">Last saved by %t.</p>\n", v.plan.updated_by_name);
        if ((pr = plan_view_plan_request(&v)))
            pui_signoff_state(req, &h, pr, role_is_staff(req->who->role));
        if (can_edit && !editable && p->status == PLAN_SIGNED_OFF)
            html_lit(&h, "<p class=\"govuk-body\">The plan is signed off and locked. To change it, "
                         "start a new version: this one stays in the history.</p>\n");
        html_lit(&h, "<ul class=\"govuk-task-list\">");
        for (int s = 0; s < STEP_COUNT; s++) {
            bool done = step_done(p, s);
            html_lit(&h, "<li class=\"govuk-task-list__item govuk-task-list__item--with-link\">"
                         "<div class=\"govuk-task-list__name-and-hint\">");
            if (editable)
                html_f(&h, "<a class=\"govuk-link govuk-task-list__link\" href=\"%u\">%t</a>",
                       arena_printf(&req->arena, "%s/plan/edit?step=%s", base, STEPS[s].id),
                       STEPS[s].task);
            else
                html_f(&h, "%t", STEPS[s].task);
            html_f(&h, "</div><div class=\"govuk-task-list__status\">%t</div></li>",
                   s == STEP_CHECK ? pui_plan_status_words(p->status)
                                   : done ? "Completed" : "Not started");
        }
        html_lit(&h, "</ul>\n");
        if (v.has_costing)
            pui_costing(req, &h, &v, &v.costing);
        else if (v.costing_error)
            html_f(&h, "<p class=\"govuk-body\">The plan cannot be costed yet: %t</p>\n",
                   v.costing_error);
        if (can_edit && p->status == PLAN_SIGNED_OFF) {
            ui_form_begin(req, &h, pui_person_url(req, v.person_id, "/plan/new-version"));
            ui_button(&h, "Change the plan (start a new version)");
            ui_form_end(&h);
        }
        html_f(&h,
               "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" href=\"%u\">See the whole "
               "plan</a></li><li><a class=\"govuk-link\" href=\"%u\">Download the plan (PDF)</a>"
               "</li><li><a class=\"govuk-link\" href=\"%u\">Versions and changes</a></li></ul>\n",
               pui_person_url(req, v.person_id, "/plan/view"),
               pui_person_url(req, v.person_id, "/plan/pdf"),
               pui_person_url(req, v.person_id, "/plan/history"));
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">More</h2><ul class=\"govuk-list\">");
    html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Who can help write the plan</a></li>",
           pui_person_url(req, v.person_id, "/plan/helpers"));
    html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Direct payment agreement</a></li>",
           pui_person_url(req, v.person_id, "/agreement"));
    html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">Challenge the budget or a decision</a></li>",
           pui_person_url(req, v.person_id, "/challenges"));
    html_lit(&h, "</ul>\n");
    layout_end(req, &h);
}

/* ---- building content from a step's form ------------------------------------------------------- */

/* What a line form sent, kept as typed so a mistake can be shown and put right. */
struct line_form {
    const char *id, *kind, *description, *frequency, *hours, *rate, *quantity, *cost, *managed_by,
        *provider, *reference, *pa_name, *pa_born, *pa_pension;
    bool day_centre;
    bool meets[PLAN_JSON_MAX_OUTCOMES];
};

static const struct pui_option KIND_OPTS[] = {
    {"pa_hours", "A personal assistant (PA)", "Someone you employ to support you"},
    {"agency_hours", "Hours from a care agency", NULL},
    {"day_opportunity", "A day opportunity", "A day service, a college course, a work placement"},
    {"activity", "An activity or membership", "A gym, a personal trainer, a class, a club"},
    {"equipment", "Equipment or something to buy", "Usually once"},
    {"transport", "Transport", NULL},
    {"respite", "A short break", NULL},
    {"community_free", "A community group at no cost", NULL},
    {"other", "Something else", NULL},
};

static const struct pui_option FREQ_OPTS[] = {
    {"weekly", "Every week", NULL},     {"four_weekly", "Every 4 weeks", NULL},
    {"monthly", "Every month", NULL},   {"yearly", "Every year", NULL},
    {"one_off", "Once", NULL},
};

static const struct pui_option MANAGED_OPTS[] = {
    {"direct_payment", "Direct payment", NULL},
    {"council_managed", "Council-managed", NULL},
    {"isf", "Individual service fund", NULL},
};

static const struct pui_option PENSION_OPTS[] = {
    {"assess", "Enrol them if the law says so (age and pay)", NULL},
    {"enrolled", "They are in the workplace pension", NULL},
    {"not_enrolled", "They are not in the workplace pension", NULL},
};

static const struct pui_option HELPER_OPTS[] = {
    {"", "Nobody (leave blank)", NULL}, {"family", "Family or a friend", NULL},
    {"ulo", "A user-led organisation", NULL}, {"other_org", "Another organisation", NULL},
    {"worker", "A worker from the council", NULL},
};

static const struct pui_option PLANNED_BY_OPTS[] = {
    {"self", "Me", NULL},
    {"family", "My family or a friend", NULL},
    {"ulo", "A user-led organisation", "An organisation run by disabled people"},
    {"other_org", "Another organisation", NULL},
    {"worker", "A worker from the council", NULL},
};

static void line_form_from(struct request *req, const struct plan *p, const struct plan_line *l,
                           struct line_form *f)
{
    memset(f, 0, sizeof *f);
    f->id = l->id;
    f->kind = plan_line_kind_id(l->kind);
    f->description = l->description;
    f->frequency = plan_frequency_id(l->frequency);
    if (plan_line_is_hours(l->kind)) {
        f->hours = arena_printf(&req->arena, "%" PRId64 ":%02" PRId64, l->quantity / 60, l->quantity % 60);
        f->rate = pui_money_plain(req, l->unit_cost);
    } else {
        f->quantity = arena_printf(&req->arena, "%" PRId64, l->quantity);
        f->cost = pui_money_plain(req, l->unit_cost);
    }
    f->managed_by = choice_option_id(l->managed_by);
    f->provider = l->provider;
    f->reference = l->reference;
    f->pa_name = l->pa_name;
    f->pa_born = l->pa_born_known ? pui_iso(req, l->pa_born) : "";
    f->pa_pension = plan_json_pension_id(l->pa_pension);
    f->day_centre = l->day_centre;
    for (size_t i = 0; i < p->noutcomes && i < PLAN_JSON_MAX_OUTCOMES; i++)
        for (size_t k = 0; k < l->noutcomes; k++)
            if (strcmp(p->outcomes[i].id, l->outcomes[k]) == 0)
                f->meets[i] = true;
}

static const char *next_id(struct request *req, const char *prefix, const char *const *ids, size_t n)
{
    int64_t max = 0;
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        if (ids[i] && strncmp(ids[i], prefix, pl) == 0 &&
            str_to_i64(ids[i] + pl, strlen(ids[i] + pl), 0, 1000000, &v) == 0 && v > max)
            max = v;
    }
    return arena_printf(&req->arena, "%s%" PRId64, prefix, max + 1);
}

/* Reads a line form into *l (and *f as typed). Errors go to fe. */
static void read_line_form(struct request *req, const struct plan *p, struct line_form *f,
                           struct plan_line *l, struct form_errors *fe, bool *bad)
{
    struct err e = {0};
    const char **outs;
    size_t nouts = 0;
    memset(f, 0, sizeof *f);
    memset(l, 0, sizeof *l);
    f->id = field(req, "line", bad);
    f->kind = field(req, "kind", bad);
    f->description = field(req, "description", bad);
    f->frequency = field(req, "frequency", bad);
    f->hours = field(req, "hours", bad);
    f->rate = field(req, "rate", bad);
    f->quantity = field(req, "quantity", bad);
    f->cost = field(req, "cost", bad);
    f->managed_by = field(req, "managed_by", bad);
    f->provider = field(req, "provider", bad);
    f->reference = field(req, "reference", bad);
    f->pa_name = field(req, "pa_name", bad);
    f->pa_born = field(req, "pa_born", bad);
    f->pa_pension = field(req, "pa_pension", bad);
    f->day_centre = *field(req, "day_centre", bad) != '\0';
    if (plan_line_kind_parse(f->kind, &l->kind) != 0) {
        form_errors_add(fe, "kind", "Choose what kind of support this is.");
        return;
    }
    l->description = text_or_null(req, f->description);
    if (!l->description)
        form_errors_add(fe, "description", "Say what it is, for example 'Gym membership'.");
    else if (strlen(l->description) > 300)
        form_errors_add(fe, "description", "Keep the description to 300 characters.");
    if (plan_frequency_parse(f->frequency, &l->frequency) != 0)
        form_errors_add(fe, "frequency", "Choose how often.");
    if (plan_line_is_hours(l->kind)) {
        if (plan_web_parse_hours(f->hours, &l->quantity) != 0 || l->quantity <= 0)
            form_errors_add(fe, "hours", "Enter the hours each time, like 10, 7.5 or 7:30.");
        if (plan_web_parse_money(f->rate, "rate", "the hourly rate", &l->unit_cost, &e) != 0)
            form_errors_add(fe, "rate", arena_strdup(&req->arena, e.msg));
    } else if (l->kind == PLAN_LINE_COMMUNITY_FREE) {
        l->quantity = 1;
        l->unit_cost = 0;
    } else {
        struct slice q = slice_trim(slice_of(f->quantity));
        if (q.n == 0)
            l->quantity = 1;
        else if (str_to_i64(q.p, q.n, 0, 100000, &l->quantity) != 0)
            form_errors_add(fe, "quantity", "Enter how many as a whole number, like 1.");
        err_clear(&e);
        if (plan_web_parse_money(f->cost, "cost", "the cost", &l->unit_cost, &e) != 0)
            form_errors_add(fe, "cost", arena_strdup(&req->arena, e.msg));
    }
    if (choice_option_parse(f->managed_by, &l->managed_by) != 0)
        form_errors_add(fe, "managed_by", "Choose how this part of the budget is managed.");
    l->provider = text_or_null(req, f->provider);
    if (l->provider && strlen(l->provider) > 200)
        form_errors_add(fe, "provider", "Keep the name to 200 characters.");
    l->reference = text_or_null(req, f->reference);
    if (l->reference && strlen(l->reference) > 60)
        form_errors_add(fe, "reference", "Keep the reference to 60 characters.");
    l->day_centre = l->kind == PLAN_LINE_DAY_OPPORTUNITY && f->day_centre;
    if (l->kind == PLAN_LINE_PA_HOURS) {
        l->pa_name = text_or_null(req, f->pa_name);
        if (l->pa_name && strlen(l->pa_name) > 120)
            form_errors_add(fe, "pa_name", "Keep the name to 120 characters.");
        if (*f->pa_born) {
            if (date_parse_iso(f->pa_born, strlen(f->pa_born), &l->pa_born, "pa_born", NULL) != 0)
                form_errors_add(fe, "pa_born", "Enter a real date of birth, like 1990-05-01, or "
                                               "leave it blank.");
            else
                l->pa_born_known = true;
        }
        if (plan_json_pension_parse(*f->pa_pension ? f->pa_pension : "assess", &l->pa_pension) != 0)
            form_errors_add(fe, "pa_pension", "Choose one.");
    }
    outs = arena_array(&req->arena, p->noutcomes ? p->noutcomes : 1, sizeof *outs);
    for (size_t i = 0; outs && i < p->noutcomes && i < PLAN_JSON_MAX_OUTCOMES; i++) {
        const char *name = arena_printf(&req->arena, "meets_%s", p->outcomes[i].id);
        if (name && *field(req, name, bad)) {
            f->meets[i] = true;
            outs[nouts++] = p->outcomes[i].id;
        }
    }
    l->outcomes = outs;
    l->noutcomes = nouts;
}

/* Applies the posted step to content (a copy of the current plan). Returns false when the form
 * itself could not be read. */
static bool apply_step(struct request *req, int step, const struct plan_view *v, struct plan *p,
                       struct form_errors *fe, const char **action, struct line_form *lf)
{
    bool bad = false;
    *action = field(req, "action", &bad);
    switch (step) {
    case STEP_ABOUT_ME: {
        const char *start = field(req, "start_date", &bad);
        p->sections[PLAN_SEC_ABOUT_ME] = text_or_null(req, field(req, "about_me", &bad));
        p->sections[PLAN_SEC_WHAT_MATTERS] = text_or_null(req, field(req, "what_matters", &bad));
        if (!*start)
            p->start_date = plan_web_today(req);
        else if (date_parse_iso(start, strlen(start), &p->start_date, "start_date", NULL) != 0)
            form_errors_add(fe, "start_date", "Enter a real date, like 2025-07-01.");
        if (!p->sections[PLAN_SEC_ABOUT_ME])
            form_errors_add(fe, "about_me", "Tell us a little about yourself: this is how the plan "
                                            "starts.");
        break;
    }
    case STEP_OUTCOMES: {
        size_t n = 0;
        struct plan_outcome *outs = arena_array(&req->arena, p->noutcomes + 3, sizeof *outs);
        const char **ids = arena_array(&req->arena, p->noutcomes + 3, sizeof *ids);
        if (!outs || !ids)
            return false;
        for (size_t i = 0; i < p->noutcomes; i++) {
            const char *t = text_or_null(
                req, field(req, arena_printf(&req->arena, "outcome_%s", p->outcomes[i].id), &bad));
            ids[i] = p->outcomes[i].id;
            if (t) {
                outs[n].id = p->outcomes[i].id;
                outs[n++].text = t;
            }
        }
        for (int k = 1; k <= 3; k++) {
            const char *t = text_or_null(
                req, field(req, arena_printf(&req->arena, "outcome_new_%d", k), &bad));
            if (t) {
                const char *id = next_id(req, "o", ids, p->noutcomes + (size_t)(k - 1));
                ids[p->noutcomes + (size_t)(k - 1)] = id;
                outs[n].id = id;
                outs[n++].text = t;
            } else {
                ids[p->noutcomes + (size_t)(k - 1)] = NULL;
            }
        }
        for (size_t i = 0; i < n; i++)
            if (strlen(outs[i].text) > 1000)
                form_errors_add(fe, "outcome_new_1", "Keep each outcome to 1,000 characters.");
        if (n == 0)
            form_errors_add(fe, "outcome_new_1", "Write at least one outcome: something you want "
                                                 "to achieve, in your own words.");
        /* Lines keep only their links to outcomes still in the plan. */
        if (p->nlines) {
            struct plan_line *ls = arena_array(&req->arena, p->nlines, sizeof *ls);
            if (!ls)
                return false;
            for (size_t i = 0; i < p->nlines; i++) {
                const char **keep = arena_array(&req->arena, p->lines[i].noutcomes + 1, sizeof *keep);
                size_t nk = 0;
                ls[i] = p->lines[i];
                for (size_t k = 0; keep && k < p->lines[i].noutcomes; k++)
                    for (size_t j = 0; j < n; j++)
                        if (strcmp(outs[j].id, p->lines[i].outcomes[k]) == 0)
                            keep[nk++] = p->lines[i].outcomes[k];
                ls[i].outcomes = keep;
                ls[i].noutcomes = nk;
            }
            p->lines = ls;
        }
        p->outcomes = outs;
        p->noutcomes = n;
        p->sections[PLAN_SEC_OUTCOMES] = text_or_null(req, field(req, "outcomes_text", &bad));
        break;
    }
    case STEP_BUDGET:
        if (strcmp(*action, "save_text") == 0) {
            p->sections[PLAN_SEC_BUDGET_USE] = text_or_null(req, field(req, "budget_use", &bad));
        } else if (strcmp(*action, "remove_line") == 0) {
            const char *id = field(req, "line", &bad);
            struct plan_line *ls = arena_array(&req->arena, p->nlines + 1, sizeof *ls);
            size_t n = 0;
            if (!ls)
                return false;
            for (size_t i = 0; i < p->nlines; i++)
                if (strcmp(p->lines[i].id, id) != 0)
                    ls[n++] = p->lines[i];
            if (n == p->nlines)
                form_errors_add(fe, "lines", "That support is no longer in the plan.");
            p->lines = ls;
            p->nlines = n;
        } else if (strcmp(*action, "save_line") == 0) {
            struct plan_line l;
            struct plan_line *ls = arena_array(&req->arena, p->nlines + 1, sizeof *ls);
            bool replaced = false;
            if (!ls)
                return false;
            read_line_form(req, p, lf, &l, fe, &bad);
            if (strcmp(lf->id, "new") == 0 || !*lf->id) {
                const char **ids = arena_array(&req->arena, p->nlines + 1, sizeof *ids);
                for (size_t i = 0; ids && i < p->nlines; i++)
                    ids[i] = p->lines[i].id;
                l.id = next_id(req, "l", ids, p->nlines);
            } else {
                l.id = lf->id;
            }
            for (size_t i = 0; i < p->nlines; i++) {
                ls[i] = p->lines[i];
                if (strcmp(p->lines[i].id, l.id) == 0) {
                    ls[i] = l;
                    replaced = true;
                }
            }
            if (!replaced) {
                if (strcmp(lf->id, "new") != 0 && *lf->id)
                    form_errors_add(fe, "description", "That support is no longer in the plan: "
                                                       "someone removed it. Add it again.");
                ls[p->nlines] = l;
            }
            p->lines = ls;
            p->nlines = replaced ? p->nlines : p->nlines + 1;
        } else {
            bad = true;
        }
        break;
    case STEP_WHO_HELPS: {
        struct plan_helper *hs = arena_array(&req->arena, 3, sizeof *hs);
        size_t n = 0;
        if (!hs)
            return false;
        if (plan_helper_kind_parse(field(req, "planned_by", &bad), &p->planned_by) != 0)
            form_errors_add(fe, "planned_by", "Say who led the planning.");
        for (int k = 1; k <= 3; k++) {
            const char *kind = field(req, arena_printf(&req->arena, "helper_kind_%d", k), &bad);
            const char *name = text_or_null(req, field(req, arena_printf(&req->arena, "helper_name_%d", k), &bad));
            if (!*kind && !name)
                continue;
            if (plan_helper_kind_parse(kind, &hs[n].kind) != 0) {
                form_errors_add(fe, arena_printf(&req->arena, "helper_kind_%d", k),
                                "Say what kind of help this was.");
                continue;
            }
            hs[n++].name = name;
        }
        p->helpers = hs;
        p->nhelpers = n;
        p->sections[PLAN_SEC_WHO_HELPS] = text_or_null(req, field(req, "who_helps", &bad));
        break;
    }
    case STEP_MONEY:
        p->sections[PLAN_SEC_MANAGING_MONEY] = text_or_null(req, field(req, "managing_money", &bad));
        break;
    case STEP_CONTINGENCY:
        p->sections[PLAN_SEC_CONTINGENCY] = text_or_null(req, field(req, "contingency", &bad));
        break;
    case STEP_RISKS: {
        const char *review = field(req, "review_date", &bad);
        p->sections[PLAN_SEC_RISKS] = text_or_null(req, field(req, "risks", &bad));
        p->has_review_date = false;
        if (*review) {
            if (date_parse_iso(review, strlen(review), &p->review_date, "review_date", NULL) != 0)
                form_errors_add(fe, "review_date", "Enter a real date, like 2026-07-01, or leave it "
                                                   "blank.");
            else
                p->has_review_date = true;
        }
        break;
    }
    default:
        bad = true;
    }
    (void)v;
    for (int s = 0; s < PLAN_SECTION_COUNT; s++)
        if (p->sections[s] && strlen(p->sections[s]) > 8000)
            form_errors_add(fe, plan_section_id((enum plan_section)s),
                            "Keep this to 8,000 characters or fewer.");
    return !bad;
}

/* ---- rendering a step -------------------------------------------------------------------------- */

static void conflict_banner(struct request *req, struct html *h, const struct plan_change *ch,
                            size_t n, const struct plan_row *now)
{
    html_lit(h, "<div class=\"govuk-notification-banner\" role=\"region\" "
                "aria-labelledby=\"conflict-title\" data-module=\"govuk-notification-banner\">"
                "<div class=\"govuk-notification-banner__header\"><h2 "
                "class=\"govuk-notification-banner__title\" id=\"conflict-title\">Important</h2>"
                "</div><div class=\"govuk-notification-banner__content\">");
    html_f(h, "<p class=\"govuk-notification-banner__heading\">%t saved this plan after you opened "
              "it. Your changes have not been saved yet.</p>",
           now->updated_by_name && *now->updated_by_name ? now->updated_by_name : "Someone else");
    if (n) {
        html_lit(h, "<p class=\"govuk-body\">What they changed:</p><ul class=\"govuk-list "
                    "govuk-list--bullet\">");
        for (size_t i = 0; i < n; i++) {
            html_f(h, "<li><strong>%t</strong>", ch[i].what);
            if (*ch[i].before)
                html_f(h, ": was &ldquo;%t&rdquo;", ch[i].before);
            if (*ch[i].after)
                html_f(h, "%t &ldquo;%t&rdquo;", *ch[i].before ? ", now" : ": now", ch[i].after);
            else
                html_lit(h, " (removed)");
            html_lit(h, "</li>");
        }
        html_lit(h, "</ul>");
    }
    html_lit(h, "<p class=\"govuk-body\">What you typed is still in the form below. Check it "
                "against their changes, then save again to put yours on top.</p></div></div>\n");
    (void)req;
}

static void step_buttons(struct html *h, int step)
{
    html_lit(h, "<div class=\"govuk-button-group\">");
    if (step < STEP_CHECK - 1)
        html_lit(h, "<button type=\"submit\" name=\"go\" value=\"next\" class=\"govuk-button\" "
                    "data-module=\"govuk-button\">Save and continue</button>");
    else
        html_lit(h, "<button type=\"submit\" name=\"go\" value=\"next\" class=\"govuk-button\" "
                    "data-module=\"govuk-button\">Save and check the plan</button>");
    html_lit(h, "<button type=\"submit\" name=\"go\" value=\"hub\" class=\"govuk-button "
                "govuk-button--secondary\" data-module=\"govuk-button\">Save and come back "
                "later</button></div>\n");
}

static void step_form_begin(struct request *req, struct html *h, const struct plan_view *v,
                            int step, int base_revision)
{
    ui_form_begin(req, h, pui_person_url(req, v->person_id, "/plan/edit"));
    pui_hidden(h, "step", STEPS[step].id);
    pui_hidden(h, "base_revision", arena_printf(&req->arena, "%d", base_revision));
}

static void render_line_form(struct request *req, struct html *h, const struct plan_view *v,
                             const struct plan *p, const struct line_form *f,
                             const struct form_errors *fe, int base_revision)
{
    enum plan_line_kind kind = PLAN_LINE_OTHER;
    (void)plan_line_kind_parse(f->kind, &kind);
    step_form_begin(req, h, v, STEP_BUDGET, base_revision);
    pui_hidden(h, "action", "save_line");
    pui_hidden(h, "line", f->id && *f->id ? f->id : "new");
    pui_hidden(h, "kind", plan_line_kind_id(kind));
    html_f(h, "<h2 class=\"govuk-heading-m\">%t</h2>\n", plan_line_kind_title(kind));
    ui_input(h, fe, &(struct field){.id = "description", .label = "What is it?",
                                    .value = f->description,
                                    .hint = kind == PLAN_LINE_PA_HOURS
                                                ? "For example: Personal assistant for mornings"
                                                : "For example: Gym membership, Pottery class"});
    pui_radios(h, fe, "frequency", "How often?", NULL, FREQ_OPTS,
               kind == PLAN_LINE_PA_HOURS ? 4 : 5, f->frequency && *f->frequency ? f->frequency : "weekly",
               false);
    if (plan_line_is_hours(kind)) {
        ui_input(h, fe, &(struct field){.id = "hours", .label = "How many hours each time?",
                                        .value = f->hours, .hint = "For example 10, 7.5 or 7:30",
                                        .width_class = "govuk-input--width-5"});
        ui_input(h, fe, &(struct field){.id = "rate", .label = "Pay an hour, in pounds",
                                        .value = f->rate,
                                        .hint = kind == PLAN_LINE_PA_HOURS
                                                    ? "What the PA is paid, for example 12.60. "
                                                      "The plan adds the employer's costs: "
                                                      "holiday pay, National Insurance, pension "
                                                      "and insurance."
                                                    : "What the agency charges, for example 24.00",
                                        .width_class = "govuk-input--width-5"});
    } else if (kind != PLAN_LINE_COMMUNITY_FREE) {
        ui_input(h, fe, &(struct field){.id = "quantity", .label = "How many each time?",
                                        .value = f->quantity && *f->quantity ? f->quantity : "1",
                                        .width_class = "govuk-input--width-3"});
        ui_input(h, fe, &(struct field){.id = "cost", .label = "Cost of each, in pounds",
                                        .value = f->cost, .hint = "For example 25.00",
                                        .width_class = "govuk-input--width-5"});
    }
    if (kind == PLAN_LINE_PA_HOURS) {
        ui_input(h, fe, &(struct field){.id = "pa_name", .label = "The PA's name (if you know it)",
                                        .value = f->pa_name});
        ui_input(h, fe, &(struct field){.id = "pa_born", .label = "The PA's date of birth (if you "
                                                                   "know it)",
                                        .value = f->pa_born, .type = "date",
                                        .hint = "Used to check the minimum wage for their age."});
        pui_select(h, fe, "pa_pension", "Workplace pension", NULL, PENSION_OPTS, 3,
                   f->pa_pension && *f->pa_pension ? f->pa_pension : "assess");
    }
    pui_radios(h, fe, "managed_by", "How is this part of the budget managed?", NULL, MANAGED_OPTS,
               3, f->managed_by && *f->managed_by ? f->managed_by : "direct_payment", false);
    ui_input(h, fe, &(struct field){.id = "provider", .label = "Who provides it (optional)",
                                    .value = f->provider,
                                    .hint = "The agency, gym, college or shop"});
    ui_input(h, fe, &(struct field){.id = "reference", .label = "Their reference (optional)",
                                    .value = f->reference,
                                    .hint = "What they put on the bank statement, like an invoice "
                                            "or customer number: it helps match spending to this "
                                            "part of the plan",
                                    .width_class = "govuk-input--width-20"});
    if (kind == PLAN_LINE_DAY_OPPORTUNITY)
        pui_checkbox(h, "day_centre", "This is a place at a day centre", NULL, f->day_centre);
    if (p->noutcomes) {
        html_lit(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
                    "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Which outcomes "
                    "does it help with?</legend><div class=\"govuk-checkboxes "
                    "govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
        for (size_t i = 0; i < p->noutcomes && i < PLAN_JSON_MAX_OUTCOMES; i++) {
            const char *id = arena_printf(&req->arena, "meets_%s", p->outcomes[i].id);
            html_f(h,
                   "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                   "id=\"%a\" name=\"%a\" type=\"checkbox\" value=\"1\"",
                   id, id);
            if (f->meets[i])
                html_lit(h, " checked");
            html_f(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%a\">%t</label>"
                      "</div>",
                   id, p->outcomes[i].text);
        }
        html_lit(h, "</div></fieldset></div>\n");
    }
    ui_button(h, "Save this support");
    ui_form_end(h);
}

static void render_step(struct request *req, const struct plan_view *v, int step,
                        const struct plan *p, const struct form_errors *fe, int base_revision,
                        const struct plan_change *changes, size_t nchanges,
                        const struct line_form *lf, int status)
{
    struct html h;
    const char *title = arena_printf(&req->arena, "%s", STEPS[step].title);
    pui_person_begin(req, &h, v, title, fe, pui_person_url(req, v->person_id, "/plan"));
    if (v->has_plan && nchanges != (size_t)-1 && (changes || status == 409))
        conflict_banner(req, &h, changes, nchanges, &v->plan);
    html_f(&h, "<p class=\"govuk-body-s\">Step %d of %d</p>\n", step + 1, STEP_COUNT);
    switch (step) {
    case STEP_ABOUT_ME:
        step_form_begin(req, &h, v, step, base_revision);
        pui_textarea(&h, fe, "about_me", "About me", "What would you like people to know about you? "
                     "What is a good day like?", p->sections[PLAN_SEC_ABOUT_ME], 6, false);
        pui_textarea(&h, fe, "what_matters", "What matters to me", "The people, places and things "
                     "that are important to you.", p->sections[PLAN_SEC_WHAT_MATTERS], 5, false);
        ui_input(&h, fe, &(struct field){.id = "start_date", .label = "When would you like your "
                                                                      "plan to start?",
                                         .value = pui_iso(req, p->start_date ? p->start_date
                                                                             : plan_web_today(req)),
                                         .type = "date"});
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    case STEP_OUTCOMES:
        step_form_begin(req, &h, v, step, base_revision);
        html_lit(&h, "<p class=\"govuk-body\">Outcomes are what you want your support to help "
                     "you do, in your own words. For example: \"Get out and see my friends every "
                     "week\" or \"Be fit enough to walk to the shops\".</p>\n");
        for (size_t i = 0; i < p->noutcomes; i++)
            ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "outcome_%s", p->outcomes[i].id),
                                             .label = arena_printf(&req->arena, "Outcome %zu", i + 1),
                                             .value = p->outcomes[i].text,
                                             .hint = "Clear the box to remove it."});
        for (int k = 1; k <= 3; k++)
            ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "outcome_new_%d", k),
                                             .label = arena_printf(&req->arena, "New outcome %d%s", k,
                                                                   p->noutcomes || k > 1 ? " (optional)" : ""),
                                             .value = ""});
        pui_textarea(&h, fe, "outcomes_text", "Anything else about what you want to achieve "
                     "(optional)", NULL, p->sections[PLAN_SEC_OUTCOMES], 3, false);
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    case STEP_BUDGET: {
        struct plan_costing c;
        struct err ce = {0};
        bool costed = plan_view_cost(req, v, p, &c, &ce) == 0;
        if (lf) {
            render_line_form(req, &h, v, p, lf, fe, base_revision);
            break;
        }
        html_lit(&h, "<p class=\"govuk-body\">Add anything lawful that helps you reach your "
                     "outcomes: a personal assistant, a gym, a class, equipment, transport, a "
                     "short break, a community group. Each is costed against your budget as you "
                     "go.</p>\n");
        if (costed)
            pui_costing(req, &h, v, &c);
        else
            html_f(&h, "<p class=\"govuk-body\">The plan cannot be costed yet: %t</p>", ce.msg);
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Your support</h2>\n");
        if (p->nlines == 0)
            html_lit(&h, "<p class=\"govuk-body\">Nothing added yet.</p>\n");
        for (size_t i = 0; i < p->nlines; i++) {
            const struct plan_line *l = &p->lines[i];
            html_f(&h,
                   "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-"
                   "wrapper\"><h3 class=\"govuk-summary-card__title\">%t</h3><ul "
                   "class=\"govuk-summary-card__actions\"><li "
                   "class=\"govuk-summary-card__action\"><a class=\"govuk-link\" href=\"%u\">Change"
                   "<span class=\"govuk-visually-hidden\"> %t</span></a></li></ul></div><div "
                   "class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%t</p>",
                   l->description,
                   arena_printf(&req->arena, "/people/%" PRId64 "/plan/edit?step=budget&line=%s",
                                v->person_id, l->id),
                   l->description, plan_line_words(p, l, &req->arena));
            if (costed && i < c.nlines)
                html_f(&h, "<p class=\"govuk-body\"><strong>%m %t</strong>%t</p>",
                       l->frequency == PLAN_FREQ_ONE_OFF ? c.lines[i].one_off : c.lines[i].annual,
                       l->frequency == PLAN_FREQ_ONE_OFF ? "once" : "a year",
                       l->kind == PLAN_LINE_PA_HOURS ? " (the true cost of employing them)" : "");
            step_form_begin(req, &h, v, STEP_BUDGET, base_revision);
            pui_hidden(&h, "action", "remove_line");
            pui_hidden(&h, "line", l->id);
            html_f(&h,
                   "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
                   "govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Remove<span "
                   "class=\"govuk-visually-hidden\"> %t</span></button>",
                   l->description);
            ui_form_end(&h);
            html_lit(&h, "</div></div>\n");
        }
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Add support</h2>\n<form method=\"get\" "
                     "novalidate>");
        pui_hidden(&h, "step", "budget");
        pui_hidden(&h, "line", "new");
        pui_radios(&h, fe, "kind", "What kind of support?", NULL, KIND_OPTS,
                   sizeof KIND_OPTS / sizeof KIND_OPTS[0], NULL, false);
        html_lit(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                     "data-module=\"govuk-button\">Add this support</button></form>\n");
        step_form_begin(req, &h, v, step, base_revision);
        pui_hidden(&h, "action", "save_text");
        pui_textarea(&h, fe, "budget_use", "Anything else about how you will use your budget "
                     "(optional)", NULL, p->sections[PLAN_SEC_BUDGET_USE], 3, false);
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    }
    case STEP_WHO_HELPS: {
        step_form_begin(req, &h, v, step, base_revision);
        pui_radios(&h, fe, "planned_by", "Who led the planning?", NULL, PLANNED_BY_OPTS, 5,
                   plan_helper_kind_id(p->planned_by), false);
        html_lit(&h, "<h2 class=\"govuk-heading-s\">Who helped you make this plan (optional)</h2>\n");
        for (int k = 1; k <= 3; k++) {
            const struct plan_helper *hp = (size_t)k <= p->nhelpers ? &p->helpers[k - 1] : NULL;
            pui_select(&h, fe, arena_printf(&req->arena, "helper_kind_%d", k),
                       arena_printf(&req->arena, "Helper %d", k), NULL, HELPER_OPTS, 5,
                       hp ? plan_helper_kind_id(hp->kind) : "");
            ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "helper_name_%d", k),
                                             .label = arena_printf(&req->arena, "Helper %d's name "
                                                                                "or organisation", k),
                                             .value = hp ? hp->name : ""});
        }
        pui_textarea(&h, fe, "who_helps", "Who will help me", "Family, friends, neighbours, "
                     "groups, and paid support: who does what.",
                     p->sections[PLAN_SEC_WHO_HELPS], 5, false);
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    }
    case STEP_MONEY:
        step_form_begin(req, &h, v, step, base_revision);
        pui_textarea(&h, fe, "managing_money", STEPS[step].title,
                     "For example: a separate bank account or a prepaid card for the direct "
                     "payment, a payroll service for my PA, who keeps the receipts.",
                     p->sections[PLAN_SEC_MANAGING_MONEY], 6, false);
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    case STEP_CONTINGENCY:
        step_form_begin(req, &h, v, step, base_revision);
        pui_textarea(&h, fe, "contingency", STEPS[step].title,
                     "For example: if my PA is ill or on holiday, who covers, and who to call.",
                     p->sections[PLAN_SEC_CONTINGENCY], 6, false);
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    case STEP_RISKS:
        step_form_begin(req, &h, v, step, base_revision);
        pui_textarea(&h, fe, "risks", STEPS[step].title,
                     "Anything that could go wrong, and what you will do about it.",
                     p->sections[PLAN_SEC_RISKS], 6, false);
        ui_input(&h, fe, &(struct field){.id = "review_date", .label = "When should the plan be "
                                                                       "reviewed? (optional)",
                                         .value = p->has_review_date ? pui_iso(req, p->review_date) : "",
                                         .type = "date"});
        step_buttons(&h, step);
        ui_form_end(&h);
        break;
    default:
        break;
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static void render_check(struct request *req, struct plan_view *v, const struct form_errors *fe,
                         int status)
{
    struct html h;
    const struct plan_signoff_row *pr = plan_view_plan_request(v);
    pui_person_begin(req, &h, v, STEPS[STEP_CHECK].title, fe,
                     pui_person_url(req, v->person_id, "/plan"));
    html_f(&h, "<p class=\"govuk-body-s\">Step %d of %d</p>\n", STEP_CHECK + 1, STEP_COUNT);
    if (v->has_costing)
        pui_costing(req, &h, v, &v->costing);
    else if (v->costing_error)
        html_f(&h, "<p class=\"govuk-body\">The plan cannot be costed yet: %t</p>\n", v->costing_error);
    pui_plan_readonly(req, &h, &v->plan.plan, v->has_costing ? &v->costing : NULL);
    if (pr && pr->st.status == SIGNOFF_PENDING && v->plan.plan.status == PLAN_SUBMITTED)
        pui_signoff_state(req, &h, pr, false);
    else if (v->plan.plan.status == PLAN_DRAFT || v->plan.plan.status == PLAN_SUBMITTED) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Send your plan for sign-off</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/plan/submit"));
        pui_hidden(&h, "base_revision", arena_printf(&req->arena, "%d", v->plan.plan.revision));
        pui_textarea(&h, fe, "reasons", "Anything the person signing it off should know (optional)",
                     "For example, why it costs more than the budget.", "", 3, false);
        ui_button(&h, "Send for sign-off");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static struct plan empty_plan(struct request *req)
{
    struct plan p;
    memset(&p, 0, sizeof p);
    p.start_date = plan_web_today(req);
    p.planned_by = PLAN_BY_SELF;
    return p;
}

void page_plan_edit(struct request *req)
{
    struct plan_view v;
    struct err e = {0};
    struct plan p;
    const char *step_s = qparam(req, "step"), *line = qparam(req, "line");
    int step = step_parse(step_s ? step_s : "about-me");
    if (step < 0) {
        router_refuse(req, 404, "Page not found", "There is no such part of the plan.");
        return;
    }
    if (!load_view(req, PV_COSTING | PV_REQUESTS | PV_CONTRIB, &v))
        return;
    if (plan_web_may_write(req, &v, &e) != 0) {
        refuse_err(req, &e);
        return;
    }
    if (v.has_plan && v.plan.plan.status != PLAN_DRAFT && v.plan.plan.status != PLAN_SUBMITTED &&
        step != STEP_CHECK) {
        router_refuse(req, 409, "The plan is locked",
                      "This plan has been signed off and is locked. Start a new version from the "
                      "plan page to change it.");
        return;
    }
    if (step == STEP_CHECK) {
        if (!v.has_plan) {
            router_refuse(req, 404, "Page not found", "There is no plan to check yet.");
            return;
        }
        render_check(req, &v, NULL, 0);
        return;
    }
    p = v.has_plan ? v.plan.plan : empty_plan(req);
    if (step == STEP_BUDGET && line) {
        struct line_form f;
        memset(&f, 0, sizeof f);
        if (strcmp(line, "new") == 0) {
            const char *kind = qparam(req, "kind");
            enum plan_line_kind k;
            if (!kind || plan_line_kind_parse(kind, &k) != 0) {
                struct form_errors fe = {0};
                form_errors_add(&fe, "kind", "Choose what kind of support to add.");
                render_step(req, &v, step, &p, &fe, v.has_plan ? p.revision : 0, NULL, (size_t)-1,
                            NULL, 400);
                return;
            }
            f.id = "new";
            f.kind = kind;
            f.managed_by = v.has_choice && v.choice.rec.chosen && v.choice.rec.amounts[0] == 0
                               ? (v.choice.rec.amounts[1] ? "council_managed" : "isf")
                               : "direct_payment";
        } else {
            bool found = false;
            for (size_t i = 0; i < p.nlines; i++)
                if (strcmp(p.lines[i].id, line) == 0) {
                    line_form_from(req, &p, &p.lines[i], &f);
                    found = true;
                }
            if (!found) {
                router_refuse(req, 404, "Page not found", "That support is not in the plan.");
                return;
            }
        }
        render_step(req, &v, step, &p, NULL, v.has_plan ? p.revision : 0, NULL, (size_t)-1, &f, 0);
        return;
    }
    render_step(req, &v, step, &p, NULL, v.has_plan ? p.revision : 0, NULL, (size_t)-1, NULL, 0);
}

void page_plan_edit_post(struct request *req)
{
    struct plan_view v;
    struct form_errors fe = {0};
    struct err e = {0};
    struct plan p;
    struct line_form lf;
    struct plan_change *changes = NULL;
    size_t nchanges = 0;
    const char *action = "", *go;
    bool bad = false;
    int64_t base = 0;
    const char *base_s = field(req, "base_revision", &bad);
    int step = step_parse(field(req, "step", &bad));
    int rc;
    go = field(req, "go", &bad);
    if (bad || step < 0 || step == STEP_CHECK ||
        str_to_i64(base_s, strlen(base_s), 0, 1000000000, &base) != 0) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back to the plan and try again. Nothing has been saved.");
        return;
    }
    if (!load_view(req, PV_CHOICE | PV_CONTRIB | PV_REQUESTS, &v))
        return;
    if (plan_web_may_write(req, &v, &e) != 0) {
        refuse_err(req, &e);
        return;
    }
    p = v.has_plan ? v.plan.plan : empty_plan(req);
    memset(&lf, 0, sizeof lf);
    if (!apply_step(req, step, &v, &p, &fe, &action, &lf)) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back to the plan and try again. Nothing has been saved.");
        return;
    }
    if (fe.n) {
        render_step(req, &v, step, &p, &fe, (int)base, NULL, (size_t)-1,
                    strcmp(action, "save_line") == 0 ? &lf : NULL, 422);
        return;
    }
    rc = plan_web_save(req, &v, &p, (int)base, STEPS[step].id, &changes, &nchanges, &e);
    if (rc == ERR_CONFLICT && v.has_plan &&
        (v.plan.plan.status == PLAN_DRAFT || v.plan.plan.status == PLAN_SUBMITTED)) {
        /* Someone else saved first: show what they changed, keep what this person typed, and let
         * them save again on top of the current save. */
        struct plan again = v.plan.plan;
        struct form_errors none = {0};
        memset(&lf, 0, sizeof lf);
        (void)apply_step(req, step, &v, &again, &none, &action, &lf);
        render_step(req, &v, step, &again, NULL, v.plan.plan.revision, changes, nchanges,
                    strcmp(action, "save_line") == 0 ? &lf : NULL, 409);
        return;
    }
    if (rc == ERR_INVALID) {
        static const char *const fields[] = {"about_me", "what_matters", "start_date", "review_date",
                                             "risks", "contingency", "managing_money", "who_helps",
                                             "budget_use", "outcomes_text", NULL};
        pui_error(req, &fe, &e, fields, step == STEP_BUDGET ? "description"
                                        : step == STEP_OUTCOMES ? "outcome_new_1"
                                                                : STEPS[step].id);
        render_step(req, &v, step, &p, &fe, (int)base, NULL, (size_t)-1,
                    strcmp(action, "save_line") == 0 ? &lf : NULL, 422);
        return;
    }
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    if (step == STEP_BUDGET && strcmp(action, "save_text") != 0)
        response_redirect(req, arena_printf(&req->arena, "/people/%" PRId64 "/plan/edit?step=budget#costing",
                                            v.person_id));
    else if (strcmp(go, "hub") == 0)
        response_redirect(req, pui_person_url(req, v.person_id, "/plan"));
    else
        response_redirect(req, arena_printf(&req->arena, "/people/%" PRId64 "/plan/edit?step=%s",
                                            v.person_id, STEPS[step + 1].id));
}

void page_plan_submit_post(struct request *req)
{
    struct plan_view v;
    struct plan_signoff_row row;
    struct err e = {0};
    bool bad = false;
    int64_t base = 0;
    const char *base_s = field(req, "base_revision", &bad), *reasons = field(req, "reasons", &bad);
    if (bad || str_to_i64(base_s, strlen(base_s), 0, 1000000000, &base) != 0) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back to the plan and try again. Nothing has been sent.");
        return;
    }
    if (!load_view(req, PV_COSTING | PV_CONTRIB | PV_REQUESTS, &v))
        return;
    if (plan_web_submit(req, &v, (int)base, text_or_null(req, reasons), &row, &e) != 0) {
        if (e.code == ERR_INVALID && v.has_plan) {
            struct form_errors fe = {0};
            form_errors_add(&fe, "reasons", arena_strdup(&req->arena, e.msg));
            render_check(req, &v, &fe, 422);
            return;
        }
        refuse_err(req, &e);
        return;
    }
    response_redirect(req, pui_person_url(req, v.person_id, "/plan"));
}

void page_plan_new_version_post(struct request *req)
{
    struct plan_view v;
    struct err e = {0};
    bool bad = false;
    (void)field(req, "csrf_token", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_CONTRIB, &v))
        return;
    if (plan_web_new_version(req, &v, &e) != 0) {
        refuse_err(req, &e);
        return;
    }
    response_redirect(req, pui_person_url(req, v.person_id, "/plan"));
}

/* ---- reading ----------------------------------------------------------------------------------- */

/* The version named by ?version=N (the current one when absent). */
static bool load_version(struct request *req, struct plan_view *v, struct plan_costing *c,
                         bool *costed)
{
    const char *vs = qparam(req, "version");
    int64_t want = 0;
    struct err e = {0};
    *costed = false;
    if (!load_view(req, PV_CHOICE | PV_REQUESTS, v))
        return false;
    if (vs && str_to_i64(vs, strlen(vs), 1, 100000, &want) != 0) {
        router_refuse(req, 404, "Page not found", "There is no such version of the plan.");
        return false;
    }
    if (want && (!v->has_plan || want != v->plan.plan.version)) {
        struct store_conn *conn = NULL;
        int rc = store_acquire(req->app->store, &conn, &e);
        if (rc == 0)
            rc = plan_store_version(conn, req->who->council_id, v->person_id, (int)want, &req->arena,
                                    &v->plan, &e);
        store_release(conn);
        if (rc != 0) {
            refuse_err(req, &e);
            return false;
        }
        v->has_plan = true;
    }
    if (!v->has_plan) {
        router_refuse(req, 404, "Page not found", "No plan has been started yet.");
        return false;
    }
    *costed = plan_view_cost(req, v, &v->plan.plan, c, &e) == 0;
    return true;
}

void page_plan_view(struct request *req)
{
    struct plan_view v;
    struct plan_costing c;
    struct html h;
    bool costed;
    if (!load_version(req, &v, &c, &costed))
        return;
    pui_person_begin(req, &h, &v, arena_printf(&req->arena, "Support plan, version %d", v.plan.plan.version),
                     NULL, pui_person_url(req, v.person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">");
    pui_plan_status_tag(&h, v.plan.plan.status);
    if (v.plan.signed_off_on)
        html_f(&h, " Signed off on %t.", pui_date(req, v.plan.signed_off_on));
    html_lit(&h, "</p>\n");
    if (costed)
        pui_costing(req, &h, &v, &c);
    pui_plan_readonly(req, &h, &v.plan.plan, costed ? &c : NULL);
    html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Download this version "
               "(PDF)</a></p>\n",
           arena_printf(&req->arena, "/people/%" PRId64 "/plan/pdf?version=%d", v.person_id,
                        v.plan.plan.version));
    layout_end(req, &h);
}

void page_plan_pdf(struct request *req)
{
    struct plan_view v;
    struct plan_costing c;
    struct buf out;
    struct err e = {0};
    bool costed;
    int pages = 0;
    if (!load_version(req, &v, &c, &costed))
        return;
    buf_init(&out, 8u << 20);
    if (pdf_doc_plan(&v.plan.plan, costed ? &c : NULL, v.name, PDF_DOC_DEFAULT, &out, &pages, &e) != 0) {
        buf_release(&out);
        router_refuse(req, 500, "Sorry, there is a problem with the service",
                      "The PDF could not be made. The plan is on the page instead.");
        return;
    }
    response_start(req, 200, "application/pdf");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena, "attachment; filename=\"plan-%s-v%d.pdf\"",
                                       v.person.reference, v.plan.plan.version));
    if (buf_add(&req->res.body, out.data, out.len) != 0) {
        buf_release(&out);
        router_refuse(req, 500, "Sorry, there is a problem with the service", "The PDF is too large.");
        return;
    }
    buf_release(&out);
}

static const char *step_title(const char *id)
{
    int s = step_parse(id);
    if (s >= 0)
        return STEPS[s].task;
    if (strcmp(id, "new-version") == 0)
        return "Started a new version";
    if (strcmp(id, "api") == 0)
        return "Saved through the API";
    return id;
}

void page_plan_history(struct request *req)
{
    struct plan_view v;
    struct plan_row *versions = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0;
    int rc;
    if (!load_view(req, PV_REQUESTS, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_store_versions(c, req->who->council_id, v.person_id, &req->arena, &versions, &n, &e);
    if (rc != 0) {
        store_release(c);
        refuse_err(req, &e);
        return;
    }
    pui_person_begin(req, &h, &v, "Versions and changes", NULL,
                     pui_person_url(req, v.person_id, "/plan"));
    if (n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No plan has been started yet.</p>\n");
    for (size_t i = 0; i < n; i++) {
        struct plan_revision_row *revs = NULL;
        size_t nr = 0;
        html_f(&h, "<h2 class=\"govuk-heading-m\">Version %d</h2><p class=\"govuk-body\">",
               versions[i].plan.version);
        pui_plan_status_tag(&h, versions[i].plan.status);
        if (versions[i].signed_off_on)
            html_f(&h, " Signed off on %t.", pui_date(req, versions[i].signed_off_on));
        html_f(&h, " <a class=\"govuk-link\" href=\"%u\">See version %d</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/plan/view?version=%d", v.person_id,
                            versions[i].plan.version),
               versions[i].plan.version);
        if (plan_store_revisions(c, req->who->council_id, versions[i].id, &req->arena, &revs, &nr,
                                 &e) == 0 && nr) {
            html_lit(&h, "<table class=\"govuk-table app-table--wrap\"><caption "
                         "class=\"govuk-table__caption govuk-visually-hidden\">Saves</caption><thead "
                         "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
                         "class=\"govuk-table__header\">When (UTC)</th><th scope=\"col\" "
                         "class=\"govuk-table__header\">Who</th><th scope=\"col\" "
                         "class=\"govuk-table__header\">What</th></tr></thead><tbody "
                         "class=\"govuk-table__body\">");
            for (size_t k = 0; k < nr; k++)
                html_f(&h,
                       "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%t</td><td "
                       "class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell\">%t</td>"
                       "</tr>",
                       revs[k].saved_at, revs[k].saved_by_name, step_title(revs[k].step));
            html_lit(&h, "</tbody></table>\n");
        }
        for (size_t r = 0; r < v.nrequests; r++)
            if (v.requests[r].req.subject == SIGNOFF_PLAN && v.requests[r].subject_id == versions[i].id)
                pui_signoff_state(req, &h, &v.requests[r], false);
    }
    store_release(c);
    layout_end(req, &h);
}

/* ---- who can help ------------------------------------------------------------------------------ */

static void render_helpers(struct request *req, struct plan_view *v, const struct form_errors *fe,
                           int status)
{
    struct plan_candidate *cands = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0;
    day_t today = plan_web_today(req);
    bool can_grant = plan_web_may(req, ACT_PLAN_EDIT, v->person_id) &&
                     plan_contrib_may_grant(req->who->role, "(checked when saved)", &e) == 0;
    if (store_acquire(req->app->store, &c, &e) == 0)
        (void)plan_contributor_candidates(c, req->who->council_id, v->person_id, today, &req->arena,
                                          &cands, &n, &e);
    store_release(c);
    pui_person_begin(req, &h, v, "Who can help write the plan", fe,
                     pui_person_url(req, v->person_id, "/plan"));
    html_f(&h, "<p class=\"govuk-body\">It is %t plan. %t can always change it. Anyone else helps "
               "only when %t has asked them to: family, a support organisation, or a worker.</p>\n",
           v->is_self ? "your" : arena_printf(&req->arena, "%s's", v->person.given_name),
           v->is_self ? "You" : v->person.given_name, v->is_self ? "you" : v->person.given_name);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">People helping now</h2>\n");
    {
        size_t live = 0;
        for (size_t i = 0; i < v->ncontributors; i++) {
            const struct plan_contributor_row *r = &v->contributors[i];
            if (!plan_contrib_live(&r->c, today))
                continue;
            live++;
            html_f(&h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-"
                       "wrapper\"><h3 class=\"govuk-summary-card__title\">%t</h3></div><div "
                       "class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%t since %t, "
                       "recorded by %t.%t%t</p>",
                   r->c.name, plan_helper_kind_title(r->c.kind), pui_date(req, r->c.granted_on),
                   r->granted_by_name, *r->how ? " " : "", r->how);
            if (can_grant) {
                ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/plan/helpers"));
                pui_hidden(&h, "action", "revoke");
                pui_hidden(&h, "contributor", arena_printf(&req->arena, "%" PRId64, r->id));
                html_f(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                           "data-module=\"govuk-button\">Stop<span class=\"govuk-visually-hidden\"> "
                           "%t helping</span></button>",
                       r->c.name);
                ui_form_end(&h);
            }
            html_lit(&h, "</div></div>\n");
        }
        if (!live)
            html_lit(&h, "<p class=\"govuk-body\">Nobody else at the moment.</p>\n");
    }
    if (can_grant && n) {
        struct pui_option *opts = arena_array(&req->arena, n, sizeof *opts);
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Ask someone to help</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/plan/helpers"));
        pui_hidden(&h, "action", "grant");
        for (size_t i = 0; opts && i < n; i++)
            opts[i] = (struct pui_option){cands[i].actor,
                                          arena_printf(&req->arena, "%s (%s%s%s)", cands[i].name,
                                                       strcmp(cands[i].role, "representative") == 0
                                                           ? "family or representative"
                                                       : cands[i].staff_id ? "worker"
                                                                           : "support organisation",
                                                       *cands[i].organisation ? ", " : "",
                                                       cands[i].organisation),
                                          NULL};
        if (opts)
            pui_radios(&h, fe, "who", "Who?", NULL, opts, n, NULL, false);
        pui_radios(&h, fe, "kind", "If it is an organisation, what kind?", NULL,
                   (const struct pui_option[]){{"other_org", "A support organisation", NULL},
                                               {"ulo", "A user-led organisation", "Run by disabled "
                                                                                  "people"}},
                   2, "other_org", false);
        pui_textarea(&h, fe, "how", "How did the person ask for this help?",
                     "Needed when a worker records it, for example 'Linda asked me at her review on "
                     "3 June'.", "", 2, false);
        ui_button(&h, "Give permission");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_plan_helpers(struct request *req)
{
    struct plan_view v;
    if (!load_view(req, PV_CONTRIB, &v))
        return;
    render_helpers(req, &v, NULL, 0);
}

void page_plan_helpers_post(struct request *req)
{
    struct plan_view v;
    struct form_errors fe = {0};
    struct err e = {0};
    bool bad = false;
    const char *action = field(req, "action", &bad);
    int rc;
    if (bad || (strcmp(action, "grant") != 0 && strcmp(action, "revoke") != 0)) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_CONTRIB, &v))
        return;
    if (strcmp(action, "grant") == 0) {
        enum plan_helper_kind kind = PLAN_BY_OTHER_ORG;
        (void)plan_helper_kind_parse(field(req, "kind", &bad), &kind);
        rc = plan_web_grant(req, &v, field(req, "who", &bad), kind, text_or_null(req, field(req, "how", &bad)), &e);
    } else {
        int64_t id = 0;
        const char *ids = field(req, "contributor", &bad);
        if (str_to_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0)
            rc = err_set(&e, ERR_NOT_FOUND, "There is no such permission.");
        else
            rc = plan_web_revoke(req, &v, id, &e);
    }
    if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
        static const char *const fields[] = {"who", "how", NULL};
        pui_error(req, &fe, &e, fields, "who");
        if (!load_view(req, PV_CONTRIB, &v))
            return;
        render_helpers(req, &v, &fe, rc == ERR_CONFLICT ? 409 : 422);
        return;
    }
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    response_redirect(req, pui_person_url(req, v.person_id, "/plan/helpers"));
}
