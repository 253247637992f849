/* pages_plan_mix.c — the traditional-support report (src/domain/plan_mix.h) for managers and
 * commissioners: the page, its CSV download and the JSON API. All three read the same rows
 * (plan_report_mix_rows) and the same built report, so the figures cannot differ. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/money.h"
#include "domain/plan_mix.h"
#include "store/plan_store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/plan_ui.h"
#include "web/plan_web.h"
#include "web/problem.h"
#include "web/router.h"

/* ?from=&to= (default: the 12 months to today). Anything else in the query is refused by the
 * API; the page ignores it. fe may be NULL (the API and the download). */
static int mix_period(struct request *req, bool strict, day_t *from, day_t *to, struct err *e)
{
    const char *f = NULL, *t = NULL;
    if (strict)
        for (size_t i = 0; i < req->nquery; i++)
            if (strcmp(req->query[i].name, "from") != 0 && strcmp(req->query[i].name, "to") != 0)
                return err_set_field(e, ERR_INVALID, req->query[i].name,
                                     "'%.40s' is not an option here.", req->query[i].name);
    if (request_query(req, "from", &f, e) != 0 || request_query(req, "to", &t, e) != 0)
        return ERR_INVALID;
    *to = plan_web_today(req);
    *from = date_add_months(*to, -12);
    if (f && *f && date_parse_iso(f, strlen(f), from, "from", NULL) != 0)
        return err_set_field(e, ERR_INVALID, "from", "Enter the start as a date like 2025-04-01.");
    if (t && *t && date_parse_iso(t, strlen(t), to, "to", NULL) != 0)
        return err_set_field(e, ERR_INVALID, "to", "Enter the end as a date like 2026-03-31.");
    if (*to < *from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the period is before its start.");
    return 0;
}

static int mix_build(struct request *req, day_t from, day_t to, struct plan_mix_report *rep,
                     struct err *e)
{
    struct store_conn *c = NULL;
    struct plan_mix_row *rows = NULL;
    struct plan_settings s;
    size_t n = 0;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, e)) == 0 &&
        (rc = plan_settings_get(c, req->who->council_id, &s, e)) == 0)
        rc = plan_report_mix_rows(c, req->who->council_id, from, to, &req->arena, &rows, &n, e);
    store_release(c);
    if (rc == 0)
        rc = plan_mix_build(rows, n, from, to, s.suppress_below, &req->arena, rep, e);
    return rc;
}

static void mix_refuse(struct request *req, const struct err *e)
{
    if (e->code == ERR_INVALID)
        router_refuse(req, 400, "The dates could not be read", e->msg);
    else
        router_refuse(req, 503, "Sorry, there is a problem with the service",
                      "Try again later. Nothing has been changed.");
}

static void mix_rows(struct request *req, struct html *h, const struct plan_mix_report *r,
                     const struct plan_mix_group *g)
{
    char cell[96];
    if (g->suppressed) {
        snprintf(cell, sizeof cell, "fewer than %d plans", r->suppress_below);
        ui_summary_row(h, "Plans signed off", cell);
        return;
    }
    ui_summary_row(h, "Plans signed off", arena_printf(&req->arena, "%zu", g->plans));
    plan_mix_money_format(r, g, cell, sizeof cell);
    ui_summary_row(h, "Traditional spending a year, of all planned spending", cell);
    for (int m = 0; m < PM_MEASURE_COUNT; m++) {
        plan_mix_cell_format(r, g, &g->cells[m], cell, sizeof cell);
        ui_summary_row(h, plan_mix_measure_title((enum plan_mix_measure)m), cell);
    }
}

static void mix_table(struct request *req, struct html *h, const struct plan_mix_report *r,
                      const char *title, const struct plan_mix_table *t)
{
    html_f(h, "<h2 class=\"govuk-heading-m\">%t</h2>\n", title);
    if (t->ngroups == 0) {
        html_lit(h, "<p class=\"govuk-body\">No plans were signed off in this period.</p>\n");
        return;
    }
    for (size_t i = 0; i < t->ngroups; i++) {
        html_f(h, "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
                  "<h3 class=\"govuk-summary-card__title\">%t</h3></div><div "
                  "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
               t->groups[i].key);
        mix_rows(req, h, r, &t->groups[i]);
        html_lit(h, "</dl></div></div>\n");
    }
}

void page_report_traditional(struct request *req)
{
    struct form_errors fe = {0};
    struct plan_mix_report rep;
    struct err e = {0};
    struct html h;
    day_t from = 0, to = 0;
    bool ok = mix_period(req, false, &from, &to, &e) == 0;
    if (!ok) {
        form_errors_add(&fe, arena_strdup(&req->arena, e.field[0] ? e.field : "from"),
                        arena_strdup(&req->arena, e.msg));
        to = plan_web_today(req);
        from = date_add_months(to, -12);
    } else if (mix_build(req, from, to, &rep, &e) != 0) {
        mix_refuse(req, &e);
        return;
    }
    layout_begin(req, &h, &(struct page){.title = "Traditional and other support in plans",
                                         .nav = "people", .errors = &fe, .width = 1});
    html_lit(&h, "<p class=\"govuk-body\">Of the support plans signed off in the period: how much "
                 "of the planned spending is on traditional services (home care hours and "
                 "day-centre places) and how much is on other support the person chose. Plans "
                 "written only as hours of home care, whatever the person wanted, show here.</p>\n"
                 "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
                 "class=\"govuk-details__summary-text\">What is counted, and how</span></summary>"
                 "<div class=\"govuk-details__text\"><ul class=\"govuk-list govuk-list--bullet\">"
                 "<li><strong>Traditional</strong> means a plan line of agency (home care) hours, "
                 "or a day opportunity recorded as a place at a day centre.</li>"
                 "<li><strong>Other support</strong> is everything else: personal assistants, "
                 "activities and memberships, equipment, transport, respite, community groups and "
                 "anything else in the plan.</li>"
                 "<li>Each plan counts once for each version signed off in the period, with the "
                 "amounts its own page shows: a year of the running cost plus any one-off costs, "
                 "personal assistants at the full cost of employing them.</li>"
                 "<li>People are grouped by the worker responsible for them now, that worker's "
                 "team, and the person's client group.</li>"
                 "<li>Counts from 1 to 4 are hidden, and so are counts that would let a hidden "
                 "one be worked out. A group with very few plans shows only that, without its "
                 "money, so nobody can be identified.</li></ul></div></details>\n");
    html_f(&h, "<form method=\"get\" action=\"%u\" novalidate>", "/reports/traditional");
    ui_input(&h, &fe, &(struct field){.id = "from", .label = "Signed off from", .type = "date",
                                      .value = pui_iso(req, from)});
    ui_input(&h, &fe, &(struct field){.id = "to", .label = "To", .type = "date",
                                      .value = pui_iso(req, to)});
    html_lit(&h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                 "data-module=\"govuk-button\">Show</button></form>\n");
    if (ok) {
        html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\" download>Download "
                   "this report as a spreadsheet (CSV)</a></p>\n",
               arena_printf(&req->arena, "/reports/traditional.csv?from=%s&to=%s",
                            pui_iso(req, from), pui_iso(req, to)));
        html_lit(&h, "<h2 class=\"govuk-heading-m\">The whole council</h2><dl "
                     "class=\"govuk-summary-list\">");
        mix_rows(req, &h, &rep, &rep.total);
        html_lit(&h, "</dl>\n");
        mix_table(req, &h, &rep, "By worker", &rep.by_worker);
        mix_table(req, &h, &rep, "By team", &rep.by_team);
        mix_table(req, &h, &rep, "By client group", &rep.by_client_group);
    }
    layout_end(req, &h);
    /* A form sent back with its errors, as elsewhere. */
    if (!ok && req->res.status == 200)
        req->res.status = 422;
}

void page_report_traditional_csv(struct request *req)
{
    struct plan_mix_report rep;
    struct err e = {0};
    struct buf out;
    day_t from, to;
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    if (mix_period(req, true, &from, &to, &e) != 0 || mix_build(req, from, to, &rep, &e) != 0) {
        mix_refuse(req, &e);
        return;
    }
    buf_init(&out, RESPONSE_BODY_CAP);
    if (plan_mix_csv(&rep, &out, &e) != 0) {
        buf_release(&out);
        mix_refuse(req, &e);
        return;
    }
    date_format_iso(from, df);
    date_format_iso(to, dt);
    response_start(req, 200, "text/csv; charset=utf-8");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena,
                                       "attachment; filename=\"traditional-support-%s-to-%s.csv\"",
                                       df, dt));
    if (buf_add(&req->res.body, out.data, out.len) != 0)
        router_refuse(req, 500, "The report is too large", "Choose a shorter period.");
    buf_release(&out);
}

static json_t *mix_group_json(const struct plan_mix_report *r, const struct plan_mix_group *g)
{
    json_t *cells = json_object();
    char text[96], t[MONEY_FMT_SIZE], all[MONEY_FMT_SIZE];
    for (int m = 0; m < PM_MEASURE_COUNT; m++) {
        const struct plan_mix_cell *c = &g->cells[m];
        plan_mix_cell_format(r, g, c, text, sizeof text);
        /* Hidden counts are never sent as numbers: only the words. */
        json_object_set_new(cells, plan_mix_measure_id((enum plan_mix_measure)m),
                            g->suppressed || c->suppressed
                                ? json_pack("{s:n, s:n, s:s}", "count", "share_bp", "text", text)
                                : json_pack("{s:I, s:I, s:s}", "count", (json_int_t)c->count,
                                            "share_bp", (json_int_t)c->share_bp, "text", text));
    }
    plan_mix_money_format(r, g, text, sizeof text);
    money_format(g->traditional, MONEY_FMT_PLAIN, t, sizeof t);
    money_format(g->total, MONEY_FMT_PLAIN, all, sizeof all);
    return json_pack("{s:s, s:o, s:b, s:o, s:{s:o, s:o, s:o, s:s}}", "key", g->key, "plans",
                     g->suppressed ? json_null() : json_integer((json_int_t)g->plans),
                     "suppressed", g->suppressed, "measures", cells, "spending", "traditional",
                     g->suppressed ? json_null() : json_string(t), "total",
                     g->suppressed ? json_null() : json_string(all), "traditional_share_bp",
                     g->suppressed ? json_null() : json_integer((json_int_t)g->traditional_bp),
                     "text", text);
}

static json_t *mix_table_json(const struct plan_mix_report *r, const struct plan_mix_table *t)
{
    json_t *a = json_array();
    for (size_t i = 0; i < t->ngroups; i++)
        json_array_append_new(a, mix_group_json(r, &t->groups[i]));
    return a;
}

void api_report_traditional(struct request *req)
{
    struct plan_mix_report rep;
    struct err e = {0};
    day_t from, to;
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    if (mix_period(req, true, &from, &to, &e) != 0 || mix_build(req, from, to, &rep, &e) != 0) {
        if (e.code == ERR_INVALID)
            problem_from_err(req, &e);
        else
            problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    date_format_iso(from, df);
    date_format_iso(to, dt);
    json_send(req, 200,
              json_pack("{s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o}", "from", df, "to", dt,
                        "suppress_below", rep.suppress_below, "traditional_means",
                        "Agency (home care) hours, and day opportunities that are a day-centre "
                        "place; amounts are each plan's yearly running cost plus one-off costs, "
                        "as costed on the plan.",
                        "total", mix_group_json(&rep, &rep.total), "by_worker",
                        mix_table_json(&rep, &rep.by_worker), "by_team",
                        mix_table_json(&rep, &rep.by_team), "by_client_group",
                        mix_table_json(&rep, &rep.by_client_group)));
}
