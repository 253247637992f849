/* pages_challenge.c — challenges to a budget or a decision (raised by the person, their
 * representative or advocate; tracked to a decision by staff; shown on the record), and the
 * managers' reports: offers and choices (gatekeeping shows), and challenges. See plan_web.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "domain/challenge.h"
#include "domain/choice_report.h"
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

static const char *status_words(const struct challenge *c)
{
    switch (c->status) {
    case CHALLENGE_RAISED: return "Received";
    case CHALLENGE_ACKNOWLEDGED: return "Acknowledged";
    case CHALLENGE_UNDER_REVIEW: return "Being reviewed";
    case CHALLENGE_DECIDED: return "Decided";
    case CHALLENGE_CLOSED: return c->outcome == CHALLENGE_WITHDRAWN ? "Withdrawn" : "Closed";
    case CHALLENGE_STATUS_COUNT: break;
    }
    return "Unknown";
}

static const char *outcome_words(enum challenge_outcome o)
{
    switch (o) {
    case CHALLENGE_UPHELD: return "Upheld";
    case CHALLENGE_PARTLY_UPHELD: return "Partly upheld";
    case CHALLENGE_NOT_UPHELD: return "Not upheld";
    case CHALLENGE_WITHDRAWN: return "Withdrawn";
    case CHALLENGE_NO_OUTCOME:
    case CHALLENGE_OUTCOME_COUNT: break;
    }
    return "No decision yet";
}

static void render(struct request *req, struct plan_view *v, const struct form_errors *fe, int status)
{
    struct plan_challenge_row *rows = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0;
    day_t today = plan_web_today(req);
    bool can_raise = plan_web_may(req, ACT_CHALLENGE_RAISE, v->person_id);
    bool can_progress = plan_web_may(req, ACT_PLAN_CASEWORK, v->person_id);
    if (store_acquire(req->app->store, &c, &e) == 0)
        (void)plan_challenge_list(c, req->who->council_id, v->person_id, 0, today + 365, &req->arena,
                                  &rows, &n, &e);
    store_release(c);
    pui_person_begin(req, &h, v, "Challenges", fe, pui_person_url(req, v->person_id, "/plan"));
    html_lit(&h, "<p class=\"govuk-body\">The person, their representative or their advocate can "
                 "challenge the budget amount or a decision, with reasons and evidence. Each "
                 "challenge is tracked to a decision, with dates, by someone other than who made "
                 "the decision challenged.</p>\n");
    if (n == 0)
        html_lit(&h, "<p class=\"govuk-body\">No challenges.</p>\n");
    for (size_t i = n; i-- > 0;) {
        const struct challenge *ch = &rows[i].ch;
        html_f(&h,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h2 class=\"govuk-summary-card__title\">%t, raised on %t</h2></div><div "
               "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
               ch->subject == CHALLENGE_BUDGET_AMOUNT ? "The budget amount" : "A decision",
               pui_date(req, ch->raised_on));
        ui_summary_row(&h, "Status", status_words(ch));
        ui_summary_row(&h, "Raised by", arena_printf(&req->arena, "%s (%s)", ch->by_name,
                                                     challenge_by_id(ch->by)));
        if (ch->amount_challenged >= 0)
            ui_summary_row(&h, "Amount challenged", arena_printf(&req->arena, "%s a year",
                                                                 pui_money(req, ch->amount_challenged)));
        if (ch->amount_sought >= 0)
            ui_summary_row(&h, "Amount sought", arena_printf(&req->arena, "%s a year",
                                                             pui_money(req, ch->amount_sought)));
        ui_summary_row(&h, "Reasons", ch->reasons);
        for (size_t k = 0; k < ch->nevidence; k++)
            ui_summary_row(&h, "Evidence", ch->evidence[k]);
        if (ch->acknowledged_on)
            ui_summary_row(&h, "Acknowledged", pui_date(req, ch->acknowledged_on));
        if (ch->review_started_on)
            ui_summary_row(&h, "Review started", pui_date(req, ch->review_started_on));
        if (ch->decided_on) {
            ui_summary_row(&h, "Decision", arena_printf(&req->arena, "%s on %s", outcome_words(ch->outcome),
                                                        pui_date(req, ch->decided_on)));
            ui_summary_row(&h, "Why", ch->decision_reasons);
            if (ch->revised_amount >= 0)
                ui_summary_row(&h, "Revised budget", arena_printf(&req->arena, "%s a year",
                                                                  pui_money(req, ch->revised_amount)));
        }
        ui_summary_row(&h, "Days open", arena_printf(&req->arena, "%d", challenge_days_open(ch, today)));
        html_lit(&h, "</dl>");
        if (can_progress && ch->status != CHALLENGE_CLOSED) {
            const char *next = ch->status == CHALLENGE_RAISED        ? "acknowledge"
                               : ch->status == CHALLENGE_ACKNOWLEDGED ? "review"
                               : ch->status == CHALLENGE_UNDER_REVIEW ? "decide"
                                                                       : "close";
            const char *pre = arena_printf(&req->arena, "c%" PRId64 "_", rows[i].id);
            ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/challenges/progress"));
            pui_hidden(&h, "challenge", arena_printf(&req->arena, "%" PRId64, rows[i].id));
            pui_hidden(&h, "version", arena_printf(&req->arena, "%" PRId64, rows[i].version));
            pui_hidden(&h, "step", next);
            if (strcmp(next, "decide") == 0) {
                pui_radios(&h, fe, arena_printf(&req->arena, "%soutcome", pre), "Decision", NULL,
                           (const struct pui_option[]){{"upheld", "Upheld", NULL},
                                                       {"partly_upheld", "Partly upheld", NULL},
                                                       {"not_upheld", "Not upheld", NULL}},
                           3, NULL, false);
                pui_textarea(&h, fe, arena_printf(&req->arena, "%sreasons", pre),
                             "Reasons (shown to the person)", NULL, "", 3, false);
                if (ch->subject == CHALLENGE_BUDGET_AMOUNT)
                    ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "%srevised", pre),
                                                     .label = "Revised budget, pounds a year (if "
                                                              "upheld)",
                                                     .value = "", .width_class = "govuk-input--width-10"});
            }
            ui_button(&h, strcmp(next, "acknowledge") == 0 ? "Acknowledge"
                          : strcmp(next, "review") == 0    ? "Start the review"
                          : strcmp(next, "decide") == 0    ? "Record the decision"
                                                           : "Close");
            ui_form_end(&h);
        }
        if (can_raise && challenge_is_open(ch)) {
            ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/challenges/withdraw"));
            pui_hidden(&h, "challenge", arena_printf(&req->arena, "%" PRId64, rows[i].id));
            pui_hidden(&h, "version", arena_printf(&req->arena, "%" PRId64, rows[i].version));
            html_lit(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                         "data-module=\"govuk-button\">Withdraw this challenge</button>");
            ui_form_end(&h);
        }
        html_lit(&h, "</div></div>\n");
    }
    if (can_raise) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Raise a challenge</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/challenges"));
        pui_radios(&h, fe, "subject", "What are you challenging?", NULL,
                   (const struct pui_option[]){
                       {"budget_amount", "The amount of the budget", NULL},
                       {"decision", "A decision", "For example, a plan that was not approved"}},
                   2, "budget_amount", false);
        ui_input(&h, fe, &(struct field){.id = "amount_sought", .label = "What budget do you think "
                                                                       "is needed? Pounds a year "
                                                                       "(optional)",
                                         .value = "", .width_class = "govuk-input--width-10"});
        pui_textarea(&h, fe, "reasons", "Why?", NULL, "", 5, false);
        pui_textarea(&h, fe, "evidence", "Evidence (optional)", "One item a line, for example 'Letter "
                     "from my GP, 2 June'.", "", 3, false);
        ui_button(&h, "Send the challenge");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static bool load_view(struct request *req, struct plan_view *v)
{
    struct err e = {0};
    if (plan_view_load(req, people_route_id(req), PV_REQUESTS, v, &e) != 0) {
        refuse_err(req, &e);
        return false;
    }
    return true;
}

void page_challenges(struct request *req)
{
    struct plan_view v;
    if (!load_view(req, &v))
        return;
    render(req, &v, NULL, 0);
}

void page_challenges_post(struct request *req)
{
    struct plan_view v;
    struct plan_challenge_row row;
    struct form_errors fe = {0};
    struct err e = {0};
    enum challenge_subject subject = CHALLENGE_BUDGET_AMOUNT;
    int64_t sought = -1;
    const char **evidence = NULL;
    size_t nev = 0;
    bool bad = false;
    const char *subj = field(req, "subject", &bad), *amount = field(req, "amount_sought", &bad),
               *reasons = field(req, "reasons", &bad), *ev = field(req, "evidence", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, &v))
        return;
    if (strcmp(subj, "decision") == 0)
        subject = CHALLENGE_DECISION;
    else if (strcmp(subj, "budget_amount") != 0)
        form_errors_add(&fe, "subject", "Say what you are challenging.");
    if (trimmed(req, amount) &&
        plan_web_parse_money(trimmed(req, amount), "amount_sought", "the amount", &sought, &e) != 0)
        form_errors_add(&fe, "amount_sought", arena_strdup(&req->arena, e.msg));
    {
        char *copy = arena_strdup(&req->arena, ev), *line = copy;
        evidence = arena_array(&req->arena, 20, sizeof *evidence);
        while (line && evidence && nev < 20) {
            char *nl = strpbrk(line, "\r\n");
            const char *t;
            if (nl)
                *nl = '\0';
            if ((t = trimmed(req, line)))
                evidence[nev++] = t;
            line = nl ? nl + 1 : NULL;
        }
    }
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_raise_challenge(req, &v, subject, sought, trimmed(req, reasons), evidence, nev,
                                     &row, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/challenges"));
            return;
        }
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, strcmp(e.field, "amount_sought") == 0 ? "amount_sought"
                             : strcmp(e.field, "evidence") == 0     ? "evidence"
                             : e.code == ERR_CONFLICT                ? "subject"
                                                                     : "reasons",
                        arena_strdup(&req->arena, e.msg));
    }
    render(req, &v, &fe, 422);
}

void page_challenge_progress_post(struct request *req)
{
    struct plan_view v;
    struct form_errors fe = {0};
    struct err e = {0};
    bool bad = false;
    int64_t id = 0, version = 0, revised = -1;
    const char *ids = field(req, "challenge", &bad), *vs = field(req, "version", &bad),
               *step = field(req, "step", &bad), *pre, *outcome_s, *reasons, *revised_s;
    enum plan_challenge_step st;
    enum challenge_outcome outcome = CHALLENGE_NO_OUTCOME;
    if (bad || str_to_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0 ||
        str_to_i64(vs, strlen(vs), 1, INT64_MAX, &version) != 0) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    pre = arena_printf(&req->arena, "c%" PRId64 "_", id);
    outcome_s = field(req, arena_printf(&req->arena, "%soutcome", pre), &bad);
    reasons = field(req, arena_printf(&req->arena, "%sreasons", pre), &bad);
    revised_s = field(req, arena_printf(&req->arena, "%srevised", pre), &bad);
    if (strcmp(step, "acknowledge") == 0)
        st = PCS_ACKNOWLEDGE;
    else if (strcmp(step, "review") == 0)
        st = PCS_REVIEW;
    else if (strcmp(step, "decide") == 0)
        st = PCS_DECIDE;
    else if (strcmp(step, "close") == 0)
        st = PCS_CLOSE;
    else {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, &v))
        return;
    if (st == PCS_DECIDE) {
        if (strcmp(outcome_s, "upheld") == 0)
            outcome = CHALLENGE_UPHELD;
        else if (strcmp(outcome_s, "partly_upheld") == 0)
            outcome = CHALLENGE_PARTLY_UPHELD;
        else if (strcmp(outcome_s, "not_upheld") == 0)
            outcome = CHALLENGE_NOT_UPHELD;
        else
            form_errors_add(&fe, arena_printf(&req->arena, "%soutcome", pre), "Choose the decision.");
        if (trimmed(req, revised_s) &&
            plan_web_parse_money(trimmed(req, revised_s), "revised", "the revised budget", &revised, &e) != 0)
            form_errors_add(&fe, arena_printf(&req->arena, "%srevised", pre), arena_strdup(&req->arena, e.msg));
    }
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_progress_challenge(req, v.person_id, id, version, st, outcome,
                                        trimmed(req, reasons), revised, &e) == 0) {
            response_redirect(req, pui_person_url(req, v.person_id, "/challenges"));
            return;
        }
        if (e.code != ERR_INVALID && e.code != ERR_FORBIDDEN && e.code != ERR_CONFLICT) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, arena_printf(&req->arena, "%s%s", pre,
                                          st == PCS_DECIDE ? (strstr(e.field, "amount") ? "revised" : "reasons")
                                                           : "outcome"),
                        arena_strdup(&req->arena, e.msg));
    }
    render(req, &v, &fe, e.code == ERR_FORBIDDEN ? 403 : e.code == ERR_CONFLICT ? 409 : 422);
}

void page_challenge_withdraw_post(struct request *req)
{
    struct plan_view v;
    struct err e = {0};
    bool bad = false;
    int64_t id = 0, version = 0;
    const char *ids = field(req, "challenge", &bad), *vs = field(req, "version", &bad);
    if (bad || str_to_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0 ||
        str_to_i64(vs, strlen(vs), 1, INT64_MAX, &version) != 0) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, &v))
        return;
    if (plan_web_withdraw_challenge(req, v.person_id, id, version, "Withdrawn by the challenger.",
                                    &e) != 0) {
        refuse_err(req, &e);
        return;
    }
    response_redirect(req, pui_person_url(req, v.person_id, "/challenges"));
}

/* ---- reports ----------------------------------------------------------------------------------- */

/* ?from=&to= (default: the last 12 months to today). */
static bool period(struct request *req, day_t *from, day_t *to, struct form_errors *fe)
{
    const char *f = qparam(req, "from"), *t = qparam(req, "to");
    *to = plan_web_today(req);
    *from = date_add_months(*to, -12);
    if (f && *f && date_parse_iso(f, strlen(f), from, "from", NULL) != 0)
        form_errors_add(fe, "from", "Enter the start as a date like 2025-04-01.");
    if (t && *t && date_parse_iso(t, strlen(t), to, "to", NULL) != 0)
        form_errors_add(fe, "to", "Enter the end as a date like 2026-03-31.");
    if (fe->n == 0 && *to < *from)
        form_errors_add(fe, "to", "The end of the period is before its start.");
    return fe->n == 0;
}

static void period_form(struct request *req, struct html *h, const struct form_errors *fe,
                        const char *action, day_t from, day_t to)
{
    html_f(h, "<form method=\"get\" action=\"%u\" novalidate>", action);
    ui_input(h, fe, &(struct field){.id = "from", .label = "From", .type = "date",
                                    .value = pui_iso(req, from)});
    ui_input(h, fe, &(struct field){.id = "to", .label = "To", .type = "date", .value = pui_iso(req, to)});
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show</button></form>\n");
}

static const enum choice_report_measure SHOWN[] = {CR_OFFERED_ALL, CR_NOT_AVAILABLE, CR_NO_RECORD,
                                                   CR_CHOSE_DP, CR_CHOSE_COUNCIL_MANAGED,
                                                   CR_CHOSE_ISF, CR_CHOSE_MIX, CR_UNDECIDED};

static void report_table(struct request *req, struct html *h, const struct choice_report *r,
                         const char *title, const struct choice_report_table *t)
{
    char cell[64];
    html_f(h, "<h2 class=\"govuk-heading-m\">%t</h2>\n", title);
    if (t->ngroups == 0) {
        html_lit(h, "<p class=\"govuk-body\">No one in this period.</p>\n");
        return;
    }
    for (size_t g = 0; g < t->ngroups; g++) {
        const struct choice_report_group *grp = &t->groups[g];
        html_f(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                  "<h3 class=\"govuk-summary-card__title\">%t</h3></div><div "
                  "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
               grp->key);
        if (grp->suppressed) {
            snprintf(cell, sizeof cell, "fewer than %d people", r->suppress_below);
            ui_summary_row(h, "People", cell);
        } else {
            ui_summary_row(h, "People", arena_printf(&req->arena, "%zu", grp->people));
            for (size_t m = 0; m < sizeof SHOWN / sizeof SHOWN[0]; m++) {
                choice_report_cell_format(r, grp, &grp->cells[SHOWN[m]], cell, sizeof cell);
                ui_summary_row(h, choice_report_measure_title(SHOWN[m]), cell);
            }
        }
        html_lit(h, "</dl></div></div>\n");
    }
}

void page_report_choice(struct request *req)
{
    struct form_errors fe = {0};
    struct choice_report_row *rows = NULL;
    struct choice_report rep;
    struct plan_settings s;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    day_t from, to;
    size_t n = 0;
    int rc = 0;
    bool ok = period(req, &from, &to, &fe);
    if (ok) {
        if ((rc = store_acquire(req->app->store, &c, &e)) == 0 &&
            (rc = plan_settings_get(c, req->who->council_id, &s, &e)) == 0)
            rc = plan_report_choice_rows(c, req->who->council_id, from, to, &req->arena, &rows, &n, &e);
        store_release(c);
        if (rc == 0)
            rc = choice_report_build(rows, n, from, to, s.suppress_below, &req->arena, &rep, &e);
        if (rc != 0) {
            refuse_err(req, &e);
            return;
        }
    }
    layout_begin(req, &h, &(struct page){.title = "Offers and choices", .nav = "people", .errors = &fe,
                                         .width = 1});
    html_lit(&h, "<p class=\"govuk-body\">Of the people whose budget was agreed in the period: how "
                 "many were offered every way of taking it (direct payment, council-managed, "
                 "individual service fund), and what they chose. A low share offered every way "
                 "shows gatekeeping. Small numbers are hidden so nobody can be identified; a "
                 "person can count in more than one choice when they chose a mix.</p>\n");
    period_form(req, &h, &fe, "/reports/choice", from, to);
    if (ok) {
        char cell[64];
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Everyone</h2><dl class=\"govuk-summary-list\">");
        if (rep.total.suppressed) {
            snprintf(cell, sizeof cell, "fewer than %d people", rep.suppress_below);
            ui_summary_row(&h, "People", cell);
        } else {
            ui_summary_row(&h, "People", arena_printf(&req->arena, "%zu", rep.total.people));
            for (size_t m = 0; m < sizeof SHOWN / sizeof SHOWN[0]; m++) {
                choice_report_cell_format(&rep, &rep.total, &rep.total.cells[SHOWN[m]], cell, sizeof cell);
                ui_summary_row(&h, choice_report_measure_title(SHOWN[m]), cell);
            }
        }
        html_lit(&h, "</dl>\n");
        report_table(req, &h, &rep, "By worker", &rep.by_worker);
        report_table(req, &h, &rep, "By team", &rep.by_team);
        report_table(req, &h, &rep, "By client group", &rep.by_client_group);
    }
    layout_end(req, &h);
    if (!ok && req->res.status == 200)
        req->res.status = 400;
}

void page_report_challenges(struct request *req)
{
    struct form_errors fe = {0};
    struct plan_challenge_row *rows = NULL;
    struct challenge_report rep;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    day_t from, to;
    size_t n = 0;
    int rc = 0;
    bool ok = period(req, &from, &to, &fe);
    if (ok) {
        const struct challenge **ptrs;
        if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
            rc = plan_challenge_list(c, req->who->council_id, 0, from, to, &req->arena, &rows, &n, &e);
        store_release(c);
        ptrs = arena_array(&req->arena, n ? n : 1, sizeof *ptrs);
        for (size_t i = 0; ptrs && i < n; i++)
            ptrs[i] = &rows[i].ch;
        if (rc == 0)
            rc = ptrs ? challenge_report(ptrs, n, from, to, &rep, &e) : ERR_NOMEM;
        if (rc != 0) {
            refuse_err(req, &e);
            return;
        }
    }
    layout_begin(req, &h, &(struct page){.title = "Challenges", .nav = "people", .errors = &fe,
                                         .width = 1});
    period_form(req, &h, &fe, "/reports/challenges", from, to);
    if (ok) {
        html_lit(&h, "<dl class=\"govuk-summary-list\">");
        ui_summary_row(&h, "Raised", arena_printf(&req->arena, "%zu", rep.raised));
        ui_summary_row(&h, "Still open", arena_printf(&req->arena, "%zu", rep.open));
        ui_summary_row(&h, "Resolved", arena_printf(&req->arena, "%zu", rep.resolved));
        for (int o = CHALLENGE_UPHELD; o < CHALLENGE_OUTCOME_COUNT; o++)
            ui_summary_row(&h, outcome_words((enum challenge_outcome)o),
                           arena_printf(&req->arena, "%zu", rep.by_outcome[o]));
        ui_summary_row(&h, "Raised by the person", arena_printf(&req->arena, "%zu", rep.by_who[CHALLENGE_BY_PERSON]));
        ui_summary_row(&h, "Raised by a representative",
                       arena_printf(&req->arena, "%zu", rep.by_who[CHALLENGE_BY_REPRESENTATIVE]));
        ui_summary_row(&h, "Raised by an advocate", arena_printf(&req->arena, "%zu", rep.by_who[CHALLENGE_BY_ADVOCATE]));
        ui_summary_row(&h, "About a budget amount",
                       arena_printf(&req->arena, "%zu", rep.by_subject[CHALLENGE_BUDGET_AMOUNT]));
        ui_summary_row(&h, "About a decision", arena_printf(&req->arena, "%zu", rep.by_subject[CHALLENGE_DECISION]));
        ui_summary_row(&h, "Days to resolve (average)",
                       rep.days_mean < 0 ? "None resolved" : arena_printf(&req->arena, "%d", rep.days_mean));
        ui_summary_row(&h, "Days to resolve (median)",
                       rep.days_median < 0 ? "None resolved" : arena_printf(&req->arena, "%d", rep.days_median));
        ui_summary_row(&h, "Longest (days)",
                       rep.days_max < 0 ? "None resolved" : arena_printf(&req->arena, "%d", rep.days_max));
        ui_summary_row(&h, "Resolved within 28 days", arena_printf(&req->arena, "%zu", rep.within_28_days));
        ui_summary_row(&h, "Extra budget awarded", arena_printf(&req->arena, "%s a year",
                                                                pui_money(req, rep.extra_awarded)));
        html_lit(&h, "</dl>\n");
    }
    layout_end(req, &h);
    if (!ok && req->res.status == 200)
        req->res.status = 400;
}
