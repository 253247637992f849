/* pages_signoff.c — the budget agreed first (proposed by the worker, agreed within someone's
 * delegated limit), a sign-off request and its decision, the worker's list of what waits for them
 * (and plans due), sign-off limits set by managers, and the council's planning settings. See
 * plan_web.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "store/dp_store.h"
#include "store/records.h"
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

/* ---- the budget -------------------------------------------------------------------------------- */

static void render_budget(struct request *req, const struct plan_view *v, const struct form_errors *fe,
                          const char *annual, const char *one_off, const char *reasons, int status)
{
    struct html h;
    pui_person_begin(req, &h, v, "Budget", fe, pui_person_url(req, v->person_id, "/plan"));
    if (v->has_net)
        html_f(&h,
               "<p class=\"govuk-body\">The assessment's indicative budget is <strong>%m a year"
               "</strong> (%m a week)%t.</p>\n",
               v->net.budget_annual, v->net.budget_weekly,
               v->net.has_contribution
                   ? arena_printf(&req->arena, "; the person's assessed contribution is %s a week",
                                  pui_money(req, v->net.contribution_weekly))
                   : "");
    else
        html_lit(&h, "<p class=\"govuk-body\">There is no indicative budget from a completed "
                     "assessment yet: enter the amount worked out with the person.</p>\n");
    if (v->has_budget) {
        html_f(&h, "<h2 class=\"govuk-heading-m\">Agreed budget</h2><p class=\"govuk-body\">%m a "
                   "year, agreed on %t.</p>\n",
               v->budget.annual, pui_date(req, v->budget.agreed_on));
        if (v->has_period)
            html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", v->period.message);
    }
    if (v->has_latest_budget && v->latest_budget.id != (v->has_budget ? v->budget.id : 0)) {
        const struct plan_signoff_row *r = plan_view_budget_request(v, v->latest_budget.id);
        html_f(&h, "<h2 class=\"govuk-heading-m\">Latest proposal</h2><p class=\"govuk-body\">%m a "
                   "year, proposed by %t on %t: %t.</p>\n",
               v->latest_budget.annual, v->latest_budget.proposed_by_name,
               pui_date(req, v->latest_budget.proposed_on),
               plan_budget_status_id(v->latest_budget.status));
        if (r)
            pui_signoff_state(req, &h, r, true);
    }
    if (plan_web_may(req, ACT_PLAN_CASEWORK, v->person_id)) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Propose the budget</h2>\n<p "
                     "class=\"govuk-body\">Within your sign-off limit you agree it yourself; above "
                     "it, it goes to your manager (or the funding panel), and the person can see "
                     "where it is and why.</p>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/agreed-budget"));
        ui_input(&h, fe, &(struct field){.id = "annual", .label = "Budget: pounds a year",
                                         .value = annual, .width_class = "govuk-input--width-10"});
        ui_input(&h, fe, &(struct field){.id = "one_off", .label = "One-off allowance (optional)",
                                         .value = one_off, .hint = "Set-up money, for example for "
                                                                  "equipment.",
                                         .width_class = "govuk-input--width-10"});
        pui_textarea(&h, fe, "reasons", "Reasons",
                     "Required when it differs from the indicative budget: say why.", reasons, 3,
                     false);
        ui_button(&h, "Propose this budget");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_budget(struct request *req)
{
    struct plan_view v;
    if (!load_view(req, PV_REQUESTS, &v))
        return;
    render_budget(req, &v, NULL,
                  v.has_net ? pui_money_plain(req, v.net.budget_annual)
                            : v.has_budget ? pui_money_plain(req, v.budget.annual) : "",
                  "", "", 0);
}

void page_budget_post(struct request *req)
{
    struct plan_view v;
    struct plan_signoff_row row;
    struct form_errors fe = {0};
    struct err e = {0};
    int64_t annual = 0, one_off = 0;
    bool bad = false;
    const char *a = field(req, "annual", &bad), *o = field(req, "one_off", &bad),
               *reasons = field(req, "reasons", &bad);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_view(req, PV_REQUESTS, &v))
        return;
    if (plan_web_parse_money(trimmed(req, a), "annual", "the budget a year", &annual, &e) != 0)
        form_errors_add(&fe, "annual", arena_strdup(&req->arena, e.msg));
    err_clear(&e);
    if (trimmed(req, o) && plan_web_parse_money(trimmed(req, o), "one_off", "the one-off allowance",
                                                &one_off, &e) != 0)
        form_errors_add(&fe, "one_off", arena_strdup(&req->arena, e.msg));
    if (fe.n == 0 && v.has_net && annual != v.net.budget_annual && !trimmed(req, reasons))
        form_errors_add(&fe, "reasons", "Say why the budget differs from the indicative budget of "
                                        "the assessment.");
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_propose_budget(req, v.person_id, annual, one_off, trimmed(req, reasons), &row,
                                    &e) == 0) {
            /* Straight to the decision when it is with the one who proposed it. */
            if (row.st.holder_id && req->who->staff_id &&
                strtoll(row.st.holder_id, NULL, 10) == req->who->staff_id)
                response_redirect(req, arena_printf(&req->arena,
                                                    "/people/%" PRId64 "/signoff?request=%" PRId64,
                                                    v.person_id, row.id));
            else
                response_redirect(req, pui_person_url(req, v.person_id, "/agreed-budget"));
            return;
        }
        if (e.code != ERR_INVALID) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, strcmp(e.field, "one_off_allowance") == 0 ? "one_off"
                             : strcmp(e.field, "reasons") == 0         ? "reasons"
                                                                       : "annual",
                        arena_strdup(&req->arena, e.msg));
    }
    render_budget(req, &v, &fe, a, o, reasons, 422);
}

/* ---- one request ------------------------------------------------------------------------------- */

static void render_request(struct request *req, const struct plan_view *v,
                           const struct plan_signoff_row *r, const struct form_errors *fe,
                           const char *action, const char *reasons, int status)
{
    struct html h;
    bool holder = r->st.status == SIGNOFF_PENDING && req->who->staff_id &&
                  ((r->st.holder_id && strtoll(r->st.holder_id, NULL, 10) == req->who->staff_id) ||
                   r->st.holder_kind == SIGNOFF_STEP_PANEL);
    pui_person_begin(req, &h, v,
                     r->req.subject == SIGNOFF_PLAN ? "Sign-off: support plan" : "Sign-off: budget",
                     fe, "/sign-off");
    html_lit(&h, "<dl class=\"govuk-summary-list\">\n");
    ui_summary_row(&h, "What", r->req.subject == SIGNOFF_PLAN
                                   ? arena_printf(&req->arena, "Support plan, version %d",
                                                  r->req.subject_version)
                                   : "The budget");
    ui_summary_row(&h, "Value", arena_printf(&req->arena, "%s a year", pui_money(req, r->req.annual_value)));
    ui_summary_row(&h, "Asked by", arena_printf(&req->arena, "%s, on %s", r->raised_by_name,
                                                pui_date(req, r->req.raised_on)));
    if (r->req.reasons && *r->req.reasons)
        ui_summary_row(&h, "Reasons given", r->req.reasons);
    /* The first 12 digits identify the content for people; the whole hash is in the API. */
    ui_summary_row(&h, "Content reference", arena_printf(&req->arena, "%.12s", r->req.hash));
    html_lit(&h, "</dl>\n");
    pui_signoff_state(req, &h, r, false);
    if (r->req.subject == SIGNOFF_PLAN)
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Read the plan "
                   "(version %d) and its costs</a></p>\n",
               arena_printf(&req->arena, "/people/%" PRId64 "/plan/view?version=%d", v->person_id,
                            r->req.subject_version),
               r->req.subject_version);
    if (holder) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Your decision</h2>\n");
        ui_form_begin(req, &h, pui_person_url(req, v->person_id, "/signoff"));
        pui_hidden(&h, "request", arena_printf(&req->arena, "%" PRId64, r->id));
        pui_radios(&h, fe, "action", "Decision", NULL,
                   (const struct pui_option[]){
                       {"approve", "Approve", "Within your sign-off limit. The approval covers "
                                              "exactly what is shown here."},
                       {"refuse", "Do not approve", "Say why: the reasons are shown to the person."},
                       {"refer_up", "Pass it up", "To your manager or the funding panel, with the "
                                                  "reason."}},
                   3, action, false);
        pui_textarea(&h, fe, "reasons", "Reasons", "Required to refuse or pass up.", reasons, 3,
                     false);
        ui_button(&h, "Record the decision");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static bool load_request(struct request *req, const char *ids, struct plan_view *v,
                         struct plan_signoff_row *r)
{
    int64_t id = 0;
    struct err e = {0};
    if (!ids || str_to_i64(ids, strlen(ids), 1, INT64_MAX, &id) != 0) {
        router_refuse(req, 404, "Page not found", "There is no such sign-off request.");
        return false;
    }
    if (!load_view(req, PV_REQUESTS, v))
        return false;
    for (size_t i = 0; i < v->nrequests; i++)
        if (v->requests[i].id == id) {
            *r = v->requests[i];
            return true;
        }
    (void)e;
    router_refuse(req, 404, "Page not found", "There is no such sign-off request for this person.");
    return false;
}

void page_signoff_request(struct request *req)
{
    struct plan_view v;
    struct plan_signoff_row r;
    if (!load_request(req, qparam(req, "request"), &v, &r))
        return;
    render_request(req, &v, &r, NULL, NULL, "", 0);
}

void page_signoff_request_post(struct request *req)
{
    struct plan_view v;
    struct plan_signoff_row r, out;
    struct form_errors fe = {0};
    struct err e = {0};
    bool bad = false;
    const char *ids = field(req, "request", &bad), *action = field(req, "action", &bad),
               *reasons = field(req, "reasons", &bad);
    enum signoff_action act;
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (!load_request(req, ids, &v, &r))
        return;
    if (strcmp(action, "approve") == 0)
        act = SIGNOFF_APPROVE;
    else if (strcmp(action, "refuse") == 0)
        act = SIGNOFF_REFUSE;
    else if (strcmp(action, "refer_up") == 0)
        act = SIGNOFF_REFER_UP;
    else {
        form_errors_add(&fe, "action", "Choose a decision.");
        render_request(req, &v, &r, &fe, action, reasons, 422);
        return;
    }
    if (plan_web_decide(req, v.person_id, r.id, act, trimmed(req, reasons), &out, &e) == 0) {
        response_redirect(req, arena_printf(&req->arena, "/people/%" PRId64 "/signoff?request=%" PRId64,
                                            v.person_id, r.id));
        return;
    }
    if (e.code == ERR_INVALID || e.code == ERR_FORBIDDEN || e.code == ERR_CONFLICT) {
        form_errors_add(&fe, e.code == ERR_INVALID ? "reasons" : "action",
                        arena_strdup(&req->arena, e.msg));
        render_request(req, &v, &r, &fe, action, reasons,
                       e.code == ERR_INVALID ? 422 : e.code == ERR_FORBIDDEN ? 403 : 409);
        return;
    }
    refuse_err(req, &e);
}

/* ---- what waits for me ------------------------------------------------------------------------- */

void page_signoff_queue(struct request *req)
{
    struct plan_signoff_row *rows = NULL;
    struct plan_due_row *due = NULL;
    struct plan_settings settings;
    struct plan_period_rules rules;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0, nd = 0;
    day_t today = plan_web_today(req);
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = plan_signoff_waiting(c, req->who->council_id, req->who->staff_id, &req->arena, &rows, &n, &e);
    if (rc == 0)
        rc = plan_report_due(c, req->who->council_id,
                             req->who->role == USER_TEAM_MANAGER ? 0 : req->who->staff_id,
                             req->who->role == USER_TEAM_MANAGER ? req->who->team_id : 0,
                             &req->arena, &due, &nd, &e);
    if (rc == 0)
        rc = plan_settings_get(c, req->who->council_id, &settings, &e);
    store_release(c);
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    if (plan_settings_period(&settings, &rules, &e) != 0)
        rules.nreminders = 0;
    rules.planning_period_days = settings.planning_period_days;
    layout_begin(req, &h, &(struct page){.title = "Sign-off and plans due", .nav = "sign-off", .width = 1});
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Waiting for your decision</h2>\n");
    if (n == 0)
        html_lit(&h, "<p class=\"govuk-body\">Nothing is waiting for you.</p>\n");
    else {
        html_lit(&h, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < n; i++)
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t: %t, %m a year</a> (asked on %t)"
                       "</li>",
                   arena_printf(&req->arena, "/people/%" PRId64 "/signoff?request=%" PRId64,
                                rows[i].person_id, rows[i].id),
                   rows[i].person_name,
                   rows[i].req.subject == SIGNOFF_PLAN
                       ? arena_printf(&req->arena, "plan version %d", rows[i].req.subject_version)
                       : "budget",
                   rows[i].req.annual_value, pui_date(req, rows[i].req.raised_on));
        html_lit(&h, "</ul>\n");
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Plans due</h2>\n<p class=\"govuk-body\">People whose "
                 "budget is agreed and whose plan has not been sent for sign-off yet.</p>\n");
    if (nd == 0)
        html_lit(&h, "<p class=\"govuk-body\">None.</p>\n");
    else {
        html_lit(&h, "<ul class=\"govuk-list\">");
        for (size_t i = 0; i < nd; i++) {
            struct plan_period_status ps;
            struct err pe = {0};
            const char *state = "";
            if (plan_period_status(&rules, due[i].agreed_on, false, today, &req->arena, &ps, &pe) == 0)
                state = ps.state == PLAN_PERIOD_OVERDUE    ? " (overdue)"
                        : ps.state == PLAN_PERIOD_DUE_TODAY ? " (due today)"
                        : ps.state == PLAN_PERIOD_DUE_SOON  ? " (reminder sent)"
                                                            : "";
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a>: due by %t%t, %t</li>",
                   arena_printf(&req->arena, "/people/%" PRId64 "/plan", due[i].person_id),
                   due[i].person_name, pui_date(req, due[i].plan_due_on), state,
                   strcmp(due[i].plan_status, "none") == 0 ? "not started" : "in progress");
        }
        html_lit(&h, "</ul>\n");
    }
    if (plan_web_may(req, ACT_SIGNOFF_LIMITS, 0))
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/sign-off/limits\">"
                     "Sign-off limits</a></p>\n");
    if (plan_web_may(req, ACT_PLAN_REPORTS, 0))
        html_lit(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/choice\">Choice "
                     "report</a> · <a class=\"govuk-link\" href=\"/reports/challenges\">Challenges "
                     "report</a></p>\n");
    layout_end(req, &h);
}

/* ---- limits ------------------------------------------------------------------------------------ */

static void render_limits(struct request *req, const struct form_errors *fe, int status)
{
    struct staff *staff = NULL;
    struct plan_limit_change *changes = NULL;
    struct signoff_org org;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    size_t n = 0, nc = 0, shown = 0;
    bool admin = req->who->role == USER_COUNCIL_ADMIN;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = staff_list(c, req->who->council_id, 0, &req->arena, &staff, &n, &e);
    if (rc == 0)
        rc = plan_signoff_org(c, req->who->council_id, &req->arena, &org, &e);
    if (rc == 0)
        rc = plan_signoff_limit_history(c, req->who->council_id, 0, &req->arena, &changes, &nc, &e);
    store_release(c);
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "Sign-off limits", .nav = "sign-off", .errors = fe,
                                         .back_href = "/sign-off"});
    html_f(&h, "<p class=\"govuk-body\">%t</p>\n",
           admin ? "As a council administrator you set the limits of staff at the top of a chain "
                   "(nobody manages them), and who sits on the funding panel."
                 : "You set the limits of the staff who report to you, up to your own limit (unless "
                   "nobody manages you). A request above someone's limit goes to their manager.");
    for (size_t i = 0; i < n; i++) {
        const struct staff *s = &staff[i];
        const char *sid = arena_printf(&req->arena, "%" PRId64, s->id);
        const struct signoff_worker *w = signoff_find(&org, sid);
        bool mine = admin ? s->manager_id == 0 : s->manager_id == req->who->staff_id;
        if (!mine || !s->active)
            continue;
        shown++;
        html_f(&h,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h2 class=\"govuk-summary-card__title\">%t</h2></div><div "
               "class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%t. Limit: %m a "
               "year.%t</p>",
               s->name, staff_role_label(s->role), s->sign_off_limit_pence,
               w && w->panel_member ? " On the funding panel." : "");
        ui_form_begin(req, &h, "/sign-off/limits");
        pui_hidden(&h, "staff", sid);
        pui_hidden(&h, "action", "limit");
        ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "limit_%s", sid),
                                         .label = arena_printf(&req->arena, "New limit for %s: pounds a year", s->name),
                                         .value = "", .width_class = "govuk-input--width-10"});
        ui_input(&h, fe, &(struct field){.id = arena_printf(&req->arena, "reasons_%s", sid),
                                         .label = "Reason (optional)", .value = ""});
        ui_button(&h, "Set the limit");
        ui_form_end(&h);
        if (admin) {
            ui_form_begin(req, &h, "/sign-off/limits");
            pui_hidden(&h, "staff", sid);
            pui_hidden(&h, "action", w && w->panel_member ? "panel_remove" : "panel_add");
            html_f(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                       "data-module=\"govuk-button\">%t<span class=\"govuk-visually-hidden\"> "
                       "%t</span></button>",
                   w && w->panel_member ? "Take off the panel" : "Put on the panel", s->name);
            ui_form_end(&h);
        }
        html_lit(&h, "</div></div>\n");
    }
    if (shown == 0)
        html_lit(&h, "<p class=\"govuk-body\">There is nobody whose limit you set.</p>\n");
    if (nc) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Changes</h2><ul class=\"govuk-list\">");
        for (size_t i = 0; i < nc && i < 50; i++)
            html_f(&h, "<li>%t: %t's limit from %m to %m by %t%t%t</li>", changes[i].set_at,
                   changes[i].staff_name, changes[i].old_limit, changes[i].new_limit,
                   changes[i].set_by_name, *changes[i].reasons ? ": " : "", changes[i].reasons);
        html_lit(&h, "</ul>\n");
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_signoff_limits(struct request *req)
{
    render_limits(req, NULL, 0);
}

void page_signoff_limits_post(struct request *req)
{
    struct form_errors fe = {0};
    struct err e = {0};
    bool bad = false;
    int64_t staff_id = 0, limit = 0;
    const char *sid = field(req, "staff", &bad), *action = field(req, "action", &bad);
    int rc;
    if (bad || str_to_i64(sid, strlen(sid), 1, INT64_MAX, &staff_id) != 0) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (strcmp(action, "panel_add") == 0 || strcmp(action, "panel_remove") == 0) {
        rc = plan_web_set_panel(req, staff_id, strcmp(action, "panel_add") == 0, &e);
    } else if (strcmp(action, "limit") == 0) {
        const char *fid = arena_printf(&req->arena, "limit_%s", sid);
        const char *v = field(req, fid, &bad);
        const char *reasons = field(req, arena_printf(&req->arena, "reasons_%s", sid), &bad);
        if (plan_web_parse_money(trimmed(req, v), fid, "the limit", &limit, &e) != 0) {
            form_errors_add(&fe, fid, arena_strdup(&req->arena, e.msg));
            render_limits(req, &fe, 422);
            return;
        }
        rc = plan_web_set_limit(req, staff_id, limit, trimmed(req, reasons), &e);
        if (rc == ERR_FORBIDDEN || rc == ERR_INVALID) {
            form_errors_add(&fe, fid, arena_strdup(&req->arena, e.msg));
            render_limits(req, &fe, rc == ERR_FORBIDDEN ? 403 : 422);
            return;
        }
    } else {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    response_redirect(req, "/sign-off/limits");
}

/* ---- settings ---------------------------------------------------------------------------------- */

struct settings_form {
    const char *period, *reminders, *contact, *ooh, *support, *first_review, *review_interval,
        *contingency, *records, *response, *insurance, *ea, *suppress;
    const char *payments; /* the payment settings in words, shown, not edited here */
};

/* The finance team's payment settings in words, for the planning settings page. */
static const char *payments_words(struct request *req)
{
    struct store_conn *c = NULL;
    struct dp_settings ds;
    struct err e = {0};
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = dp_settings_get(c, req->who->council_id, &ds, &e);
    store_release(c);
    if (rc != 0)
        return "The payment settings could not be read just now.";
    return arena_printf(
        &req->arena,
        "Direct payments are paid %s, in advance, %s. Money left over above %d weeks' payments "
        "may be asked back.",
        ds.sched.frequency == DP_WEEKLY    ? "every week"
        : ds.sched.frequency == DP_MONTHLY ? "every month"
                                           : "every 4 weeks",
        ds.sched.basis == DP_GROSS ? "gross (the whole amount, with the contribution billed)"
                                   : "net (the person pays their contribution into the account)",
        ds.mon.surplus_weeks);
}

static void render_settings(struct request *req, const struct settings_form *f,
                            const struct form_errors *fe, int status)
{
    struct html h;
    layout_begin(req, &h, &(struct page){.title = "Planning settings", .errors = fe});
    ui_form_begin(req, &h, "/settings/planning");
    ui_input(&h, fe, &(struct field){.id = "planning_period_days", .label = "Planning period, in days",
                                     .hint = "The time a person has to make their plan once their "
                                             "budget is agreed.",
                                     .value = f->period, .width_class = "govuk-input--width-5"});
    ui_input(&h, fe, &(struct field){.id = "reminder_days", .label = "Reminders: days before the "
                                                                     "target date",
                                     .hint = "For example 14,7,1", .value = f->reminders,
                                     .width_class = "govuk-input--width-10"});
    ui_input(&h, fe, &(struct field){.id = "dp_team_contact", .label = "Direct payments team: phone "
                                                                       "or email",
                                     .value = f->contact});
    ui_input(&h, fe, &(struct field){.id = "out_of_hours_phone", .label = "Out-of-hours phone",
                                     .value = f->ooh});
    ui_input(&h, fe, &(struct field){.id = "support_service", .label = "Direct payment support "
                                                                       "service (optional)",
                                     .value = f->support});
    /* How often and on what basis payments are made, and the surplus rule, are the finance team's
     * payment settings (dp_settings): the payments, monitoring and the agreement all follow those,
     * so they are shown here, not asked for twice. */
    html_f(&h, "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%t</p><p "
               "class=\"govuk-body\">These are the finance team's payment settings: payments, "
               "monitoring and the direct payment agreement follow them. Finance changes them "
               "(PUT /api/v1/finance/settings).</p></div>\n",
           f->payments);
    ui_input(&h, fe, &(struct field){.id = "first_review_months", .label = "First review after "
                                                                          "(months, 6 at most)",
                                     .value = f->first_review, .width_class = "govuk-input--width-3"});
    ui_input(&h, fe, &(struct field){.id = "review_interval_months", .label = "Then every (months, "
                                                                            "12 at most)",
                                     .value = f->review_interval, .width_class = "govuk-input--width-3"});
    ui_input(&h, fe, &(struct field){.id = "contingency", .label = "Contingency the person may keep "
                                                                 "on top (pounds)",
                                     .value = f->contingency, .width_class = "govuk-input--width-10"});
    ui_input(&h, fe, &(struct field){.id = "records_years", .label = "Keep records for (years)",
                                     .value = f->records, .width_class = "govuk-input--width-3"});
    ui_input(&h, fe, &(struct field){.id = "response_days", .label = "Send records within (days of "
                                                                   "being asked)",
                                     .value = f->response, .width_class = "govuk-input--width-3"});
    ui_input(&h, fe, &(struct field){.id = "pa_insurance_annual", .label = "Employer's liability "
                                                                         "insurance for PAs "
                                                                         "(pounds a year)",
                                     .value = f->insurance, .width_class = "govuk-input--width-10"});
    pui_radios(&h, fe, "employment_allowance_claimed", "Cost PAs with the Employment Allowance "
               "claimed?", NULL,
               (const struct pui_option[]){{"1", "Yes", NULL}, {"0", "No", NULL}}, 2, f->ea, true);
    ui_input(&h, fe, &(struct field){.id = "suppress_below", .label = "In reports, hide counts "
                                                                    "smaller than",
                                     .value = f->suppress, .width_class = "govuk-input--width-3"});
    ui_button(&h, "Save the settings");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static void settings_form_from(struct request *req, const struct plan_settings *s,
                               struct settings_form *f)
{
    f->period = arena_printf(&req->arena, "%d", s->planning_period_days);
    f->reminders = s->reminder_days;
    f->contact = s->dp_team_contact;
    f->ooh = s->out_of_hours_phone;
    f->support = s->support_service;
    f->first_review = arena_printf(&req->arena, "%d", s->first_review_months);
    f->review_interval = arena_printf(&req->arena, "%d", s->review_interval_months);
    f->contingency = pui_money_plain(req, s->contingency);
    f->records = arena_printf(&req->arena, "%d", s->records_years);
    f->response = arena_printf(&req->arena, "%d", s->response_days);
    f->insurance = pui_money_plain(req, s->pa_insurance_annual);
    f->ea = s->employment_allowance_claimed ? "1" : "0";
    f->suppress = arena_printf(&req->arena, "%d", s->suppress_below);
    f->payments = payments_words(req);
}

void page_plan_settings(struct request *req)
{
    struct plan_settings s;
    struct settings_form f;
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = plan_settings_get(c, req->who->council_id, &s, &e);
    store_release(c);
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    settings_form_from(req, &s, &f);
    render_settings(req, &f, NULL, 0);
}

static int int_field(struct request *req, struct form_errors *fe, const char *id, const char *v,
                     int lo, int hi, int *out)
{
    int64_t x = 0;
    struct slice t = slice_trim(slice_of(v));
    if (str_to_i64(t.p, t.n, lo, hi, &x) != 0) {
        form_errors_add(fe, id, arena_printf(&req->arena, "Enter a whole number from %d to %d.", lo, hi));
        return ERR_INVALID;
    }
    *out = (int)x;
    return 0;
}

void page_plan_settings_post(struct request *req)
{
    struct plan_settings s;
    struct settings_form f;
    struct form_errors fe = {0};
    struct store_conn *c = NULL;
    struct err e = {0};
    bool bad = false;
    int v = 0, rc;
    f.period = field(req, "planning_period_days", &bad);
    f.reminders = field(req, "reminder_days", &bad);
    f.contact = field(req, "dp_team_contact", &bad);
    f.ooh = field(req, "out_of_hours_phone", &bad);
    f.support = field(req, "support_service", &bad);
    f.first_review = field(req, "first_review_months", &bad);
    f.review_interval = field(req, "review_interval_months", &bad);
    f.contingency = field(req, "contingency", &bad);
    f.records = field(req, "records_years", &bad);
    f.response = field(req, "response_days", &bad);
    f.insurance = field(req, "pa_insurance_annual", &bad);
    f.ea = field(req, "employment_allowance_claimed", &bad);
    f.suppress = field(req, "suppress_below", &bad);
    f.payments = payments_words(req);
    if (bad) {
        router_refuse(req, 400, "The form could not be read", "Go back and try again.");
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_settings_get(c, req->who->council_id, &s, &e);
    store_release(c);
    if (rc != 0) {
        refuse_err(req, &e);
        return;
    }
    if (int_field(req, &fe, "planning_period_days", f.period, 7, 365, &s.planning_period_days) != 0)
        (void)0;
    if (strlen(f.reminders) >= sizeof s.reminder_days)
        form_errors_add(&fe, "reminder_days", "Too many reminders.");
    else
        str_copy(s.reminder_days, sizeof s.reminder_days, f.reminders);
    if (strlen(f.contact) >= sizeof s.dp_team_contact || strlen(f.ooh) >= sizeof s.out_of_hours_phone ||
        strlen(f.support) >= sizeof s.support_service)
        form_errors_add(&fe, "dp_team_contact", "Keep these to 200 characters (60 for the phone).");
    else {
        str_copy(s.dp_team_contact, sizeof s.dp_team_contact, f.contact);
        str_copy(s.out_of_hours_phone, sizeof s.out_of_hours_phone, f.ooh);
        str_copy(s.support_service, sizeof s.support_service, f.support);
    }
    (void)int_field(req, &fe, "first_review_months", f.first_review, 1, 6, &s.first_review_months);
    (void)int_field(req, &fe, "review_interval_months", f.review_interval, 1, 12, &s.review_interval_months);
    err_clear(&e);
    if (plan_web_parse_money(trimmed(req, f.contingency) ? trimmed(req, f.contingency) : "0",
                             "contingency", "the contingency", &s.contingency, &e) != 0)
        form_errors_add(&fe, "contingency", arena_strdup(&req->arena, e.msg));
    (void)int_field(req, &fe, "records_years", f.records, 1, 10, &s.records_years);
    (void)int_field(req, &fe, "response_days", f.response, 1, 90, &s.response_days);
    err_clear(&e);
    if (plan_web_parse_money(trimmed(req, f.insurance) ? trimmed(req, f.insurance) : "0",
                             "pa_insurance_annual", "the premium", &s.pa_insurance_annual, &e) != 0)
        form_errors_add(&fe, "pa_insurance_annual", arena_strdup(&req->arena, e.msg));
    if (int_field(req, &fe, "employment_allowance_claimed", f.ea, 0, 1, &v) == 0)
        s.employment_allowance_claimed = v == 1;
    (void)int_field(req, &fe, "suppress_below", f.suppress, 0, 20, &s.suppress_below);
    if (fe.n == 0) {
        err_clear(&e);
        if (plan_web_save_settings(req, &s, &e) == 0) {
            response_redirect(req, "/settings/planning");
            return;
        }
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT) {
            refuse_err(req, &e);
            return;
        }
        form_errors_add(&fe, *e.field ? e.field : "planning_period_days", arena_strdup(&req->arena, e.msg));
    }
    render_settings(req, &f, &fe, 422);
}
