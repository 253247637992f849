/* api_plan.c — the JSON API of issue 5: the same services as the pages (plan_web.h), read
 * strictly (unknown members refused, amounts as strings of pounds, dates YYYY-MM-DD) and answered
 * with problem+json on refusal. docs/api.md lists the operations; assets/api/openapi.json
 * describes them. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/choice_report.h"
#include "io/choice_content.h"
#include "io/plan_json.h"
#include "store/records.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/json_in.h"
#include "web/people.h"
#include "web/plan_web.h"
#include "web/problem.h"

/* ---- helpers ----------------------------------------------------------------------------------- */

static json_t *str(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

static json_t *money(int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_PLAIN, b, sizeof b);
    return json_string(b);
}

static json_t *date_or_null(day_t d)
{
    char b[DATE_ISO_SIZE];
    if (!d)
        return json_null();
    date_format_iso(d, b);
    return json_string(b);
}

static void send_err(struct request *req, const struct err *e)
{
    if (e->code == ERR_UNSUPPORTED && strstr(e->msg, "JSON"))
        problem_send(req, 415, NULL, "Send JSON", e->msg, NULL);
    else if (e->code == ERR_IO || e->code == ERR_NOMEM)
        problem_send(req, 503, NULL, "Unavailable", "Try again later. Nothing was changed.", NULL);
    else
        problem_from_err(req, e);
}

/* The body as a JSON object, with the content type checked as json_in_request does. */
static int read_body(struct request *req, json_t **root, struct err *e)
{
    const char *ct = request_header(req, "Content-Type");
    json_error_t je;
    *root = NULL;
    if (strcmp(request_media_type(req), "application/json") != 0)
        return err_set(e, ERR_UNSUPPORTED,
                       "Send the body as JSON, with the header Content-Type: application/json.");
    if (ct && strchr(ct, ';')) {
        const char *params = strchr(ct, ';') + 1;
        while (*params == ' ')
            params++;
        if (strcasecmp(params, "charset=utf-8") != 0)
            return err_set(e, ERR_UNSUPPORTED, "JSON bodies must be UTF-8 (Content-Type: "
                                               "application/json; charset=utf-8).");
    }
    *root = json_loadb(req->body.data ? req->body.data : "", req->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!*root)
        return err_set(e, ERR_INVALID, "The body is not valid JSON (line %d: %.200s).", je.line,
                       je.text);
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return err_set(e, ERR_INVALID, "The body must be a JSON object.");
    }
    return 0;
}

static int only_members(json_t *o, const char *const *names, struct err *e)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool ok = false;
        (void)v;
        for (size_t i = 0; names[i]; i++)
            ok |= strcmp(k, names[i]) == 0;
        if (!ok)
            return err_set_field(e, ERR_INVALID, k, "Unknown field '%.60s'.", k);
    }
    return 0;
}

/* Refuses query parameters other than the ones named. */
static int only_query(struct request *req, const char *const *names, struct err *e)
{
    for (size_t i = 0; i < req->nquery; i++) {
        bool ok = false;
        for (size_t k = 0; names && names[k]; k++)
            ok |= strcmp(req->query[i].name, names[k]) == 0;
        if (!ok)
            return err_set_field(e, ERR_INVALID, req->query[i].name, "'%.40s' is not an option here.",
                                 req->query[i].name);
    }
    return 0;
}

static bool view(struct request *req, unsigned parts, struct plan_view *v)
{
    struct err e = {0};
    if (plan_view_load(req, people_route_id(req), parts, v, &e) != 0) {
        send_err(req, &e);
        return false;
    }
    return true;
}

static json_t *costing_json(const struct plan_costing *c)
{
    json_t *lines = json_array(), *warns = json_array(), *expl = json_array();
    for (size_t i = 0; i < c->nlines; i++) {
        const struct plan_line_cost *l = &c->lines[i];
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", l->line->id, "occurrence",
                              money(l->occurrence), "annual", money(l->annual), "weekly",
                              money(l->weekly), "four_weekly", money(l->four_weekly), "one_off",
                              money(l->one_off), "traditional", l->traditional, "explanation",
                              str(l->explanation));
        if (o && l->pa) {
            json_t *parts = json_array();
            for (size_t k = 0; k < l->pa->nlines; k++)
                json_array_append_new(parts, json_pack("{s:o, s:o}", "annual", money(l->pa->lines[k].annual),
                                                       "text", str(l->pa->lines[k].text)));
            json_object_set_new(o, "pa", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                                                   "wages", money(l->pa->wages), "holiday",
                                                   money(l->pa->holiday), "employer_ni",
                                                   money(l->pa->employer_ni), "employment_allowance",
                                                   money(l->pa->employment_allowance), "pension",
                                                   money(l->pa->pension), "insurance",
                                                   money(l->pa->insurance), "total", money(l->pa->total),
                                                   "per_hour", money(l->pa->per_hour), "minimum_wage",
                                                   l->min_wage >= 0 ? money(l->min_wage) : json_null(),
                                                   "parts", parts));
        }
        json_array_append_new(lines, o);
    }
    for (size_t i = 0; i < c->nwarnings; i++)
        json_array_append_new(warns, json_pack("{s:i, s:i, s:i, s:o}", "kind", (int)c->warnings[i].kind,
                                               "line", c->warnings[i].line, "outcome",
                                               c->warnings[i].outcome, "message",
                                               str(c->warnings[i].message)));
    for (size_t i = 0; i < c->nexplanation; i++)
        json_array_append_new(expl, str(c->explanation[i]));
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:{s:o, s:o, s:o}, s:o, "
                     "s:o, s:I, s:o, s:o, s:o}",
                     "annual", money(c->annual), "weekly", money(c->weekly), "four_weekly",
                     money(c->four_weekly), "one_off", money(c->one_off), "one_off_from_budget",
                     money(c->one_off_from_budget), "spend", money(c->spend), "budget_annual",
                     money(c->budget_annual), "budget_weekly", money(c->budget_weekly),
                     "budget_four_weekly", money(c->budget_four_weekly), "headroom",
                     money(c->headroom), "over_budget", c->over_budget, "by_option",
                     "direct_payment", money(c->by_option[CHOICE_DIRECT_PAYMENT]), "council_managed",
                     money(c->by_option[CHOICE_COUNCIL_MANAGED]), "isf", money(c->by_option[CHOICE_ISF]),
                     "traditional", money(c->traditional), "other", money(c->other), "traditional_bp",
                     (json_int_t)c->traditional_bp, "lines", lines, "warnings", warns, "explanation",
                     expl);
}

static const char *step_kind(enum signoff_step_kind k)
{
    return k == SIGNOFF_STEP_PANEL ? "panel" : k == SIGNOFF_STEP_MANAGER ? "manager" : "worker";
}

static json_t *signoff_json(const struct plan_signoff_row *r)
{
    json_t *ds = json_array();
    for (size_t i = 0; i < r->st.ndecisions; i++) {
        const struct signoff_decision *d = &r->st.decisions[i];
        json_array_append_new(ds, json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:s}", "action",
                                            signoff_action_name(d->action), "by", str(d->by_name), "as",
                                            step_kind(d->as),
                                            "limit", d->limit >= 0 ? money(d->limit) : json_null(),
                                            "on", date_or_null(d->on), "reasons", str(d->reasons),
                                            "hash", d->hash));
    }
    return json_pack("{s:I, s:I, s:s, s:I, s:i, s:s, s:o, s:o, s:o, s:o, s:s, s:{s:s, s:o}, s:o, s:o}",
                     "id", (json_int_t)r->id, "person_id", (json_int_t)r->person_id, "subject",
                     r->req.subject == SIGNOFF_PLAN ? "plan" : "budget", "subject_id",
                     (json_int_t)r->subject_id, "subject_version", r->req.subject_version, "hash",
                     r->req.hash, "annual_value", money(r->req.annual_value), "raised_by",
                     str(r->raised_by_name), "raised_on", date_or_null(r->req.raised_on), "reasons",
                     str(r->req.reasons), "status", signoff_status_name(r->st.status), "holder",
                     "kind", step_kind(r->st.holder_kind), "staff_id",
                     r->st.holder_id ? json_integer(strtoll(r->st.holder_id, NULL, 10)) : json_null(),
                     "where", str(r->st.where), "decisions", ds);
}

static json_t *budget_json(const struct plan_budget_row *b)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)b->id,
                     "annual", money(b->annual), "one_off_allowance", money(b->one_off_allowance),
                     "status", plan_budget_status_id(b->status), "reasons", str(b->reasons), "hash",
                     b->hash, "proposed_by", str(b->proposed_by_name), "proposed_on",
                     date_or_null(b->proposed_on), "agreed_on", date_or_null(b->agreed_on),
                     "plan_due_on", date_or_null(b->plan_due_on));
}

static json_t *choice_json(const struct plan_choice_row *r)
{
    const struct choice_record *c = &r->rec;
    json_t *present = json_array(), *offers = json_object(), *amounts = json_object();
    for (size_t i = 0; i < c->npresent; i++)
        json_array_append_new(present, str(c->present[i]));
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        json_object_set_new(offers, choice_option_id((enum choice_option)o),
                            json_pack("{s:b, s:s, s:o}", "offered", c->offers[o].offered,
                                      "unavailable", choice_unavailable_id(c->offers[o].unavailable),
                                      "reason", str(c->offers[o].unavailable_text)));
        json_object_set_new(amounts, choice_option_id((enum choice_option)o), money(c->amounts[o]));
    }
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:b, s:b}", "id",
                     (json_int_t)r->id, "offered_by", str(c->offered_by_name), "offered_on",
                     date_or_null(c->offered_on), "format", choice_format_id(c->format),
                     "format_other", str(c->format_other), "present", present, "offers", offers,
                     "all_offered", choice_all_offered(c), "chosen", c->chosen, "amounts", amounts,
                     "isf_provider", str(c->isf_provider), "reasons", str(c->reasons), "mix",
                     choice_is_mix(c), "all_accounted", choice_all_accounted(c));
}

static json_t *period_json(const struct plan_view *v)
{
    if (!v->has_period)
        return json_null();
    json_t *rem = json_array();
    for (size_t i = 0; i < v->period.nreminders; i++)
        json_array_append_new(rem, date_or_null(v->period.reminders[i]));
    return json_pack("{s:o, s:i, s:s, s:o, s:o, s:o}", "due", date_or_null(v->period.due), "days_left",
                     v->period.days_left,
                     "state", v->period.state == PLAN_PERIOD_OVERDUE    ? "overdue"
                              : v->period.state == PLAN_PERIOD_DUE_TODAY ? "due_today"
                              : v->period.state == PLAN_PERIOD_DUE_SOON  ? "due_soon"
                              : v->period.state == PLAN_PERIOD_DONE      ? "sent"
                                                                         : "planning",
                     "reminders", rem, "next_reminder", date_or_null(v->period.next_reminder),
                     "message", str(v->period.message));
}

static json_t *plan_doc(const struct plan_view *v)
{
    json_t *plan = v->has_plan ? plan_json_encode(&v->plan.plan, PLAN_JSON_META) : json_null();
    const struct plan_signoff_row *pr = plan_view_plan_request(v);
    if (plan && v->has_plan) {
        json_object_set_new(plan, "id", json_integer(v->plan.id));
        json_object_set_new(plan, "submitted_hash", str(v->plan.submitted_hash));
        json_object_set_new(plan, "signed_off_hash", str(v->plan.signed_off_hash));
        json_object_set_new(plan, "signed_off_on", date_or_null(v->plan.signed_off_on));
        json_object_set_new(plan, "updated_by", str(v->plan.updated_by_name));
    }
    return json_pack("{s:{s:I, s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "person", "id",
                     (json_int_t)v->person_id, "reference", str(v->person.reference), "name",
                     str(v->name), "budget", v->has_budget ? budget_json(&v->budget) : json_null(),
                     "latest_budget",
                     v->has_latest_budget ? budget_json(&v->latest_budget) : json_null(), "period",
                     period_json(v), "choice", v->has_choice ? choice_json(&v->choice) : json_null(),
                     "plan", plan ? plan : json_null(), "costing",
                     v->has_costing ? costing_json(&v->costing) : json_null(), "costing_error",
                     v->costing_error ? json_string(v->costing_error) : json_null(), "signoff",
                     pr ? signoff_json(pr) : json_null());
}

static json_t *changes_json(const struct plan_change *ch, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:o, s:o, s:o}", "what", str(ch[i].what), "before",
                                           str(ch[i].before), "after", str(ch[i].after)));
    return a;
}

/* A problem document with extra members. */
static void problem_with(struct request *req, int status, const char *slug, const char *title,
                         const char *detail, json_t *extra)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type",
                          arena_printf(&req->arena, "/api/v1/problems/%s", slug), "title", title,
                          "status", status, "detail", detail, "instance", req->raw_path ? req->raw_path : "");
    const char *k;
    json_t *v;
    char *text;
    if (o && extra)
        json_object_foreach(extra, k, v) json_object_set(o, k, v);
    json_decref(extra);
    text = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(o);
    if (!text) {
        problem_send(req, status, slug, title, detail, NULL);
        return;
    }
    response_start(req, status, "application/problem+json");
    (void)buf_adds(&req->res.body, text);
    free(text);
}

/* ---- options ----------------------------------------------------------------------------------- */

static json_t *lines_json(const struct choice_content_lines *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, str(l->lines[i]));
    return a;
}

void api_options(struct request *req)
{
    static const char *const q[] = {"format", NULL};
    struct choice_content c;
    struct err e = {0};
    const char *fmt = NULL;
    json_t *opts;
    bool easy = false;
    if (only_query(req, q, &e) != 0 || request_query(req, "format", &fmt, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (fmt && strcmp(fmt, "easy_read") == 0)
        easy = true;
    else if (fmt && strcmp(fmt, "standard") != 0) {
        problem_send(req, 422, NULL, "A field is not valid", "format must be standard or easy_read.",
                     "format");
        return;
    }
    if (choice_content_load(easy ? CHOICE_CONTENT_EASY_READ : CHOICE_CONTENT_STANDARD, &req->arena,
                            &c, &e) != 0) {
        send_err(req, &e);
        return;
    }
    opts = json_array();
    for (int i = 0; i < CHOICE_CONTENT_OPTIONS; i++) {
        const struct choice_content_option *o = &c.options[i];
        json_array_append_new(opts, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "id", o->id, "title",
                                              o->title, "summary", lines_json(&o->summary),
                                              "what_you_do", lines_json(&o->what_you_do),
                                              "good_to_know", lines_json(&o->good_to_know), "help",
                                              lines_json(&o->help)));
    }
    json_send(req, 200, json_pack("{s:s, s:s, s:o, s:o}", "style", easy ? "easy_read" : "standard",
                                  "title", c.title, "intro", lines_json(&c.intro), "options", opts));
}

/* ---- the plan ---------------------------------------------------------------------------------- */

void api_plan_get(struct request *req)
{
    struct plan_view v;
    struct err e = {0};
    if (only_query(req, NULL, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_ALL, &v))
        return;
    json_send(req, 200, plan_doc(&v));
}

/* {"base_revision": n, "plan": {...content...}} */
static int read_plan_body(struct request *req, const struct plan_view *v, int64_t *base,
                          struct plan *p, bool need_base, struct err *e)
{
    static const char *const names[] = {"base_revision", "plan", NULL};
    json_t *root, *b, *pl;
    int rc;
    if ((rc = read_body(req, &root, e)) != 0)
        return rc;
    if ((rc = only_members(root, names, e)) != 0)
        goto done;
    b = json_object_get(root, "base_revision");
    pl = json_object_get(root, "plan");
    if (need_base && (!b || !json_is_integer(b) || json_integer_value(b) < 0)) {
        rc = err_set_field(e, ERR_INVALID, "base_revision",
                           "base_revision is required: the revision of the plan you started from "
                           "(0 for a new plan).");
        goto done;
    }
    *base = b && json_is_integer(b) ? json_integer_value(b) : 0;
    if (!pl) {
        rc = err_set_field(e, ERR_INVALID, "plan", "plan is required.");
        goto done;
    }
    memset(p, 0, sizeof *p);
    if (v->has_plan) {
        p->id = v->plan.plan.id;
        p->person_ref = v->plan.plan.person_ref;
        p->version = v->plan.plan.version;
        p->previous_hash = v->plan.plan.previous_hash;
    } else {
        p->id = "new";
        p->person_ref = v->person.reference;
        p->version = 1;
    }
    rc = plan_json_decode(pl, PLAN_JSON_CONTENT, &req->arena, p, e);
done:
    json_decref(root);
    return rc;
}

void api_plan_put(struct request *req)
{
    struct plan_view v;
    struct plan p;
    struct plan_change *changes = NULL;
    size_t n = 0;
    int64_t base = 0;
    struct err e = {0};
    int rc;
    if (strcmp(request_media_type(req), "application/json") != 0) {
        problem_send(req, 415, NULL, "Send JSON",
                     "Send the body as JSON, with the header Content-Type: application/json.", NULL);
        return;
    }
    if (!view(req, PV_CHOICE | PV_CONTRIB, &v))
        return;
    if ((rc = read_plan_body(req, &v, &base, &p, true, &e)) != 0) {
        send_err(req, &e);
        return;
    }
    if (!v.has_plan && base != 0) {
        problem_send(req, 409, NULL, "Conflict", "There is no plan yet: send base_revision 0 to start "
                                                 "one.", "base_revision");
        return;
    }
    rc = plan_web_save(req, &v, &p, (int)base, "api", &changes, &n, &e);
    if (rc == ERR_CONFLICT && v.has_plan) {
        problem_with(req, 409, "plan-changed", "The plan changed", e.msg,
                     json_pack("{s:i, s:s, s:o}", "current_revision", v.plan.plan.revision, "plan_status",
                               plan_status_id(v.plan.plan.status), "changes", changes_json(changes, n)));
        return;
    }
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_ALL, &v))
        return;
    json_send(req, 200, plan_doc(&v));
}

void api_plan_costing(struct request *req)
{
    struct plan_view v;
    struct plan p;
    struct plan_costing c;
    int64_t base = 0;
    struct err e = {0};
    if (strcmp(request_media_type(req), "application/json") != 0) {
        problem_send(req, 415, NULL, "Send JSON",
                     "Send the body as JSON, with the header Content-Type: application/json.", NULL);
        return;
    }
    if (!view(req, PV_CHOICE, &v))
        return;
    if (read_plan_body(req, &v, &base, &p, false, &e) != 0 || plan_view_cost(req, &v, &p, &c, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, costing_json(&c));
}

void api_plan_submit(struct request *req)
{
    struct plan_view v;
    struct plan_signoff_row row;
    int64_t base = -1;
    const char *reasons = NULL;
    struct json_in_field f[] = {
        {.name = "base_revision", .type = JIN_INT, .required = true, .out = &base, .min = 0, .max = 1000000000},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 4000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 2, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_COSTING | PV_CONTRIB | PV_REQUESTS, &v))
        return;
    if (plan_web_submit(req, &v, (int)base, reasons, &row, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 201, signoff_json(&row));
}

void api_plan_new_version(struct request *req)
{
    struct plan_view v;
    struct json_in_field f[1] = {{.name = "unused"}};
    struct err e = {0};
    if (json_in_request(req, f, 0, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CONTRIB, &v))
        return;
    if (plan_web_new_version(req, &v, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_ALL, &v))
        return;
    json_send(req, 201, plan_doc(&v));
}

void api_plan_history(struct request *req)
{
    struct plan_view v;
    struct plan_row *versions = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    json_t *items;
    int rc;
    if (!view(req, PV_REQUESTS, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_store_versions(c, req->who->council_id, v.person_id, &req->arena, &versions, &n, &e);
    items = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct plan_revision_row *revs = NULL;
        size_t nr = 0;
        json_t *saves = json_array(), *reqs = json_array();
        rc = plan_store_revisions(c, req->who->council_id, versions[i].id, &req->arena, &revs, &nr, &e);
        for (size_t k = 0; rc == 0 && k < nr; k++)
            json_array_append_new(saves, json_pack("{s:i, s:o, s:o, s:o}", "revision", revs[k].revision,
                                                   "step", str(revs[k].step), "by",
                                                   str(revs[k].saved_by_name), "at",
                                                   str(revs[k].saved_at)));
        for (size_t r = 0; r < v.nrequests; r++)
            if (v.requests[r].req.subject == SIGNOFF_PLAN && v.requests[r].subject_id == versions[i].id)
                json_array_append_new(reqs, signoff_json(&v.requests[r]));
        json_array_append_new(items, json_pack("{s:I, s:i, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                                               (json_int_t)versions[i].id, "version",
                                               versions[i].plan.version, "status",
                                               plan_status_id(versions[i].plan.status),
                                               "signed_off_on", date_or_null(versions[i].signed_off_on),
                                               "signed_off_hash", str(versions[i].signed_off_hash),
                                               "previous_hash", str(versions[i].plan.previous_hash),
                                               "saves", saves, "signoff", reqs));
    }
    store_release(c);
    if (rc != 0) {
        json_decref(items);
        send_err(req, &e);
        return;
    }
    json_send(req, 200, json_pack("{s:o}", "versions", items));
}

/* ---- who may help ------------------------------------------------------------------------------ */

static json_t *contributors_json(struct request *req, const struct plan_view *v)
{
    json_t *a = json_array();
    day_t today = plan_web_today(req);
    for (size_t i = 0; i < v->ncontributors; i++) {
        const struct plan_contributor_row *r = &v->contributors[i];
        json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:b}", "id",
                                           (json_int_t)r->id, "version", (json_int_t)r->version, "who",
                                           r->c.actor, "name", str(r->c.name), "kind",
                                           plan_helper_kind_id(r->c.kind), "granted_on",
                                           date_or_null(r->c.granted_on), "granted_by",
                                           str(r->granted_by_name), "how", str(r->how), "ended_on",
                                           r->c.revoked ? date_or_null(r->c.revoked_on) : json_null(),
                                           "live", plan_contrib_live(&r->c, today)));
    }
    return a;
}

void api_plan_contributors(struct request *req)
{
    struct plan_view v;
    struct plan_candidate *cands = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    json_t *a;
    int rc;
    if (!view(req, PV_CONTRIB, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_contributor_candidates(c, req->who->council_id, v.person_id, plan_web_today(req),
                                         &req->arena, &cands, &n, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:o}", "who", cands[i].actor, "name",
                                           str(cands[i].name), "role", cands[i].role,
                                           "organisation", str(cands[i].organisation)));
    json_send(req, 200, json_pack("{s:o, s:o}", "contributors", contributors_json(req, &v),
                                  "candidates", a));
}

void api_plan_contributors_post(struct request *req)
{
    struct plan_view v;
    const char *who = NULL, *kind = NULL, *how = NULL;
    enum plan_helper_kind k = PLAN_BY_OTHER_ORG;
    struct json_in_field f[] = {
        {.name = "who", .type = JIN_STRING, .required = true, .out = &who, .max_len = 40},
        {.name = "kind", .type = JIN_STRING, .out = &kind, .max_len = 20},
        {.name = "how", .type = JIN_STRING, .out = &how, .max_len = 1000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 3, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (kind && plan_helper_kind_parse(kind, &k) != 0) {
        problem_send(req, 422, NULL, "A field is not valid", "kind must be ulo or other_org.", "kind");
        return;
    }
    if (!view(req, PV_CONTRIB, &v))
        return;
    if (plan_web_grant(req, &v, who, k, how, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CONTRIB, &v))
        return;
    json_send(req, 201, json_pack("{s:o}", "contributors", contributors_json(req, &v)));
}

void api_plan_contributors_revoke(struct request *req)
{
    struct plan_view v;
    int64_t id = 0;
    struct json_in_field f[] = {
        {.name = "contributor", .type = JIN_INT, .required = true, .out = &id, .min = 1, .max = INT64_MAX},
    };
    struct err e = {0};
    if (json_in_request(req, f, 1, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CONTRIB, &v))
        return;
    if (plan_web_revoke(req, &v, id, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CONTRIB, &v))
        return;
    json_send(req, 200, json_pack("{s:o}", "contributors", contributors_json(req, &v)));
}

/* ---- choice and arrangements ------------------------------------------------------------------- */

void api_choice_get(struct request *req)
{
    struct plan_view v;
    struct plan_choice_row *hist = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    json_t *a;
    int rc;
    if (!view(req, PV_BUDGET, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_choice_history(c, req->who->council_id, v.person_id, &req->arena, &hist, &n, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, choice_json(&hist[i]));
    json_send(req, 200, json_pack("{s:o, s:o}", "current", n ? json_incref(json_array_get(a, 0)) : json_null(),
                                  "history", a));
}

/* {"offered_on", "format", "format_other"?, "present": [..], "offers": {"direct_payment":
 *  {"offered": true} | {"offered": false, "unavailable": "...", "reason": "..."}, ...},
 *  "chosen": bool, "amounts": {"direct_payment": "1.00", ...}?, "isf_provider"?, "reasons"?} */
static int read_offer(struct request *req, struct choice_record *rec, struct err *e)
{
    static const char *const names[] = {"offered_on", "format", "format_other", "present", "offers",
                                        "chosen", "amounts", "isf_provider", "reasons", NULL};
    json_t *root, *v, *offers, *amounts;
    const char **present;
    int rc;
    memset(rec, 0, sizeof *rec);
    if ((rc = read_body(req, &root, e)) != 0)
        return rc;
    if ((rc = only_members(root, names, e)) != 0)
        goto done;
    v = json_object_get(root, "offered_on");
    if (!json_is_string(v) ||
        date_parse_iso(json_string_value(v), json_string_length(v), &rec->offered_on, "offered_on", NULL) != 0) {
        rc = err_set_field(e, ERR_INVALID, "offered_on", "offered_on must be a date like 2025-06-14.");
        goto done;
    }
    v = json_object_get(root, "format");
    if (!json_is_string(v) || choice_format_parse(json_string_value(v), &rec->format) != 0) {
        rc = err_set_field(e, ERR_INVALID, "format", "format must be standard, easy_read, large_print, "
                                                     "audio, interpreter or other.");
        goto done;
    }
    v = json_object_get(root, "format_other");
    if (v && (!json_is_string(v) || json_string_length(v) > 200)) {
        rc = err_set_field(e, ERR_INVALID, "format_other", "format_other must be text (200 at most).");
        goto done;
    }
    rec->format_other = v ? arena_strdup(&req->arena, json_string_value(v)) : NULL;
    v = json_object_get(root, "present");
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 20) {
        rc = err_set_field(e, ERR_INVALID, "present", "present must be a list of 1 to 20 names.");
        goto done;
    }
    present = arena_array(&req->arena, json_array_size(v), sizeof *present);
    for (size_t i = 0; present && i < json_array_size(v); i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s) || json_string_length(s) == 0 || json_string_length(s) > 200) {
            rc = err_set_field(e, ERR_INVALID, "present", "Each name in present must be text.");
            goto done;
        }
        present[i] = arena_strdup(&req->arena, json_string_value(s));
    }
    rec->present = present;
    rec->npresent = json_array_size(v);
    offers = json_object_get(root, "offers");
    if (!json_is_object(offers)) {
        rc = err_set_field(e, ERR_INVALID, "offers", "offers must name each of direct_payment, "
                                                     "council_managed and isf.");
        goto done;
    }
    {
        static const char *const on[] = {"direct_payment", "council_managed", "isf", NULL};
        static const char *const inner[] = {"offered", "unavailable", "reason", NULL};
        if ((rc = only_members(offers, on, e)) != 0)
            goto done;
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
            json_t *x = json_object_get(offers, on[o]), *off, *un, *rs;
            if (!json_is_object(x) || (rc = only_members(x, inner, e)) != 0) {
                rc = err_set_field(e, ERR_INVALID, "offers", "offers.%s must be an object with "
                                                             "offered (and unavailable, reason).",
                                   on[o]);
                goto done;
            }
            off = json_object_get(x, "offered");
            un = json_object_get(x, "unavailable");
            rs = json_object_get(x, "reason");
            if (!json_is_boolean(off) || (un && (!json_is_string(un) ||
                                                 choice_unavailable_parse(json_string_value(un), &rec->offers[o].unavailable) != 0)) ||
                (rs && (!json_is_string(rs) || json_string_length(rs) > 1000))) {
                rc = err_set_field(e, ERR_INVALID, "offers", "offers.%s is not valid.", on[o]);
                goto done;
            }
            rec->offers[o].offered = json_is_true(off);
            rec->offers[o].unavailable_text = rs ? arena_strdup(&req->arena, json_string_value(rs)) : NULL;
        }
    }
    v = json_object_get(root, "chosen");
    if (!json_is_boolean(v)) {
        rc = err_set_field(e, ERR_INVALID, "chosen", "chosen must be true or false.");
        goto done;
    }
    rec->chosen = json_is_true(v);
    amounts = json_object_get(root, "amounts");
    if (amounts) {
        static const char *const on[] = {"direct_payment", "council_managed", "isf", NULL};
        if (!json_is_object(amounts) || (rc = only_members(amounts, on, e)) != 0) {
            rc = err_set_field(e, ERR_INVALID, "amounts", "amounts must name direct_payment, "
                                                          "council_managed or isf.");
            goto done;
        }
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
            json_t *x = json_object_get(amounts, on[o]);
            if (x && (!json_is_string(x) ||
                      money_parse(json_string_value(x), json_string_length(x), 0, &rec->amounts[o], "amounts", NULL) != 0)) {
                rc = err_set_field(e, ERR_INVALID, "amounts", "amounts.%s must be an amount string like "
                                                              "\"1234.50\".",
                                   on[o]);
                goto done;
            }
        }
    }
    v = json_object_get(root, "isf_provider");
    if (v && (!json_is_string(v) || json_string_length(v) > 200)) {
        rc = err_set_field(e, ERR_INVALID, "isf_provider", "isf_provider must be text.");
        goto done;
    }
    rec->isf_provider = v ? arena_strdup(&req->arena, json_string_value(v)) : NULL;
    v = json_object_get(root, "reasons");
    if (v && (!json_is_string(v) || json_string_length(v) > 4000)) {
        rc = err_set_field(e, ERR_INVALID, "reasons", "reasons must be text (4000 at most).");
        goto done;
    }
    rec->reasons = v ? arena_strdup(&req->arena, json_string_value(v)) : NULL;
    rc = 0;
done:
    json_decref(root);
    return rc;
}

void api_choice_post(struct request *req)
{
    struct choice_record rec;
    struct plan_view v;
    struct err e = {0};
    if (read_offer(req, &rec, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (plan_web_record_offer(req, people_route_id(req), &rec, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CHOICE, &v))
        return;
    json_send(req, 201, choice_json(&v.choice));
}

void api_choice_decision(struct request *req)
{
    struct plan_view v;
    int64_t amounts[3] = {0, 0, 0};
    const char *provider = NULL, *reasons = NULL;
    struct json_in_field f[] = {
        {.name = "direct_payment", .type = JIN_MONEY, .out = &amounts[0]},
        {.name = "council_managed", .type = JIN_MONEY, .out = &amounts[1]},
        {.name = "isf", .type = JIN_MONEY, .out = &amounts[2]},
        {.name = "isf_provider", .type = JIN_STRING, .out = &provider, .max_len = 200},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 4000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 5, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CHOICE, &v))
        return;
    if (plan_web_person_choice(req, &v, amounts, provider, reasons, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_CHOICE, &v))
        return;
    json_send(req, 201, choice_json(&v.choice));
}

static json_t *arrangement_json(const struct plan_arrangement_row *r)
{
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:I, s:I, s:o, s:o}", "id", (json_int_t)r->id, "kind",
                     choice_option_id(r->kind), "annual", money(r->annual), "provider",
                     str(r->provider), "start_date", date_or_null(r->start_date), "offer",
                     (json_int_t)r->choice_offer_id, "budget", (json_int_t)r->budget_id, "set_up_by",
                     str(r->set_up_by_name), "status", str(r->status));
}

void api_arrangements_get(struct request *req)
{
    struct plan_view v;
    struct plan_arrangement_row *rows = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    json_t *a;
    int rc;
    if (!view(req, PV_BUDGET, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_arrangement_list(c, req->who->council_id, v.person_id, &req->arena, &rows, &n, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, arrangement_json(&rows[i]));
    json_send(req, 200, json_pack("{s:o}", "arrangements", a));
}

void api_arrangements_post(struct request *req)
{
    struct plan_arrangement_row row;
    const char *kind = NULL;
    day_t start = 0;
    enum choice_option k;
    struct json_in_field f[] = {
        {.name = "kind", .type = JIN_STRING, .required = true, .out = &kind, .max_len = 40},
        {.name = "start_date", .type = JIN_DATE, .out = &start},
    };
    struct err e = {0};
    if (json_in_request(req, f, 2, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (choice_option_parse(kind, &k) != 0) {
        problem_send(req, 422, NULL, "A field is not valid",
                     "kind must be direct_payment, council_managed or isf.", "kind");
        return;
    }
    if (plan_web_set_up(req, people_route_id(req), k, start, &row, &e) != 0) {
        if (e.code == ERR_FORBIDDEN)
            /* The gate: the person was not offered every way, or has not chosen this one. */
            problem_send(req, 409, "arrangement-refused", "The arrangement cannot be set up", e.msg, NULL);
        else
            send_err(req, &e);
        return;
    }
    json_send(req, 201, arrangement_json(&row));
}

/* ---- budget and sign-off ----------------------------------------------------------------------- */

void api_budget_get(struct request *req)
{
    struct plan_view v;
    json_t *reqs;
    if (!view(req, PV_REQUESTS, &v))
        return;
    reqs = json_array();
    for (size_t i = 0; i < v.nrequests; i++)
        if (v.requests[i].req.subject == SIGNOFF_BUDGET)
            json_array_append_new(reqs, signoff_json(&v.requests[i]));
    json_send(req, 200,
              json_pack("{s:o, s:o, s:o, s:o, s:o}", "agreed",
                        v.has_budget ? budget_json(&v.budget) : json_null(), "latest",
                        v.has_latest_budget ? budget_json(&v.latest_budget) : json_null(), "period",
                        period_json(&v), "indicative",
                        v.has_net ? json_pack("{s:o, s:o, s:o}", "annual", money(v.net.budget_annual),
                                              "weekly", money(v.net.budget_weekly),
                                              "contribution_weekly",
                                              v.net.has_contribution ? money(v.net.contribution_weekly)
                                                                     : json_null())
                                  : json_null(),
                        "requests", reqs));
}

void api_budget_post(struct request *req)
{
    struct plan_signoff_row row;
    int64_t annual = 0, one_off = 0;
    const char *reasons = NULL;
    struct json_in_field f[] = {
        {.name = "annual", .type = JIN_MONEY, .required = true, .out = &annual},
        {.name = "one_off_allowance", .type = JIN_MONEY, .out = &one_off},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 4000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 3, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (plan_web_propose_budget(req, people_route_id(req), annual, one_off, reasons, &row, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 201, signoff_json(&row));
}

void api_signoff_person(struct request *req)
{
    struct plan_view v;
    json_t *a;
    if (!view(req, PV_REQUESTS, &v))
        return;
    a = json_array();
    for (size_t i = 0; i < v.nrequests; i++)
        json_array_append_new(a, signoff_json(&v.requests[i]));
    json_send(req, 200, json_pack("{s:o}", "requests", a));
}

void api_signoff_decide(struct request *req)
{
    struct plan_signoff_row row;
    int64_t id = 0;
    const char *action = NULL, *reasons = NULL;
    enum signoff_action act;
    struct json_in_field f[] = {
        {.name = "request", .type = JIN_INT, .required = true, .out = &id, .min = 1, .max = INT64_MAX},
        {.name = "action", .type = JIN_STRING, .required = true, .out = &action, .max_len = 20},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 4000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 3, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (strcmp(action, "approve") == 0)
        act = SIGNOFF_APPROVE;
    else if (strcmp(action, "refuse") == 0)
        act = SIGNOFF_REFUSE;
    else if (strcmp(action, "refer_up") == 0)
        act = SIGNOFF_REFER_UP;
    else {
        problem_send(req, 422, NULL, "A field is not valid", "action must be approve, refuse or refer_up.",
                     "action");
        return;
    }
    if (plan_web_decide(req, people_route_id(req), id, act, reasons, &row, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, signoff_json(&row));
}

void api_signoff_waiting(struct request *req)
{
    struct plan_signoff_row *rows = NULL;
    struct plan_due_row *due = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0, nd = 0;
    json_t *a, *d;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = plan_signoff_waiting(c, req->who->council_id, req->who->staff_id, &req->arena, &rows, &n, &e);
    if (rc == 0)
        rc = plan_report_due(c, req->who->council_id,
                             req->who->role == USER_TEAM_MANAGER ? 0 : req->who->staff_id,
                             req->who->role == USER_TEAM_MANAGER ? req->who->team_id : 0, &req->arena,
                             &due, &nd, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = signoff_json(&rows[i]);
        json_object_set_new(o, "person_name", str(rows[i].person_name));
        json_array_append_new(a, o);
    }
    d = json_array();
    for (size_t i = 0; i < nd; i++)
        json_array_append_new(d, json_pack("{s:I, s:o, s:o, s:o, s:o, s:s}", "person_id",
                                           (json_int_t)due[i].person_id, "name", str(due[i].person_name),
                                           "reference", str(due[i].reference), "agreed_on",
                                           date_or_null(due[i].agreed_on), "plan_due_on",
                                           date_or_null(due[i].plan_due_on), "plan",
                                           due[i].plan_status));
    json_send(req, 200, json_pack("{s:o, s:o}", "waiting", a, "plans_due", d));
}

void api_signoff_limits_get(struct request *req)
{
    struct staff *staff = NULL;
    struct signoff_org org;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    bool admin = req->who->role == USER_COUNCIL_ADMIN;
    json_t *a;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = staff_list(c, req->who->council_id, 0, &req->arena, &staff, &n, &e);
    if (rc == 0)
        rc = plan_signoff_org(c, req->who->council_id, &req->arena, &org, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    /* The staff whose limit the caller sets: their reports, or (administrators) the tops of chains. */
    a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct staff *st = &staff[i];
        const struct signoff_worker *w =
            signoff_find(&org, arena_printf(&req->arena, "%" PRId64, st->id));
        if (!st->active || (admin ? st->manager_id != 0 : st->manager_id != req->who->staff_id))
            continue;
        json_array_append_new(a, json_pack("{s:I, s:o, s:s, s:o, s:b}", "staff", (json_int_t)st->id,
                                           "name", str(st->name), "role", staff_role_name(st->role),
                                           "limit", money(st->sign_off_limit_pence), "panel",
                                           w && w->panel_member));
    }
    json_send(req, 200, json_pack("{s:o}", "staff", a));
}

void api_signoff_limit(struct request *req)
{
    int64_t staff = 0, limit = 0;
    const char *reasons = NULL;
    struct json_in_field f[] = {
        {.name = "staff", .type = JIN_INT, .required = true, .out = &staff, .min = 1, .max = INT64_MAX},
        {.name = "limit", .type = JIN_MONEY, .required = true, .out = &limit},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 1000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 3, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (plan_web_set_limit(req, staff, limit, reasons, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, json_pack("{s:I, s:o}", "staff", (json_int_t)staff, "limit", money(limit)));
}

/* ---- agreement --------------------------------------------------------------------------------- */

static json_t *agreement_json(const struct plan_agreement_row *a)
{
    json_t *secs = json_array();
    for (size_t i = 0; i < a->ag.nsections; i++) {
        json_t *ps = json_array();
        for (size_t k = 0; k < a->ag.sections[i].nparagraphs; k++)
            json_array_append_new(ps, str(a->ag.sections[i].paragraphs[k]));
        json_array_append_new(secs, json_pack("{s:s, s:o}", "heading", a->ag.sections[i].heading,
                                              "paragraphs", ps));
    }
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id,
                     "status", a->status, "title", str(a->ag.title), "hash", a->ag.hash, "plan_hash",
                     a->ag.plan_hash, "dp_annual", money(a->ag.dp_annual), "payment",
                     money(a->ag.payment), "first_review", date_or_null(a->ag.first_review),
                     "next_review", date_or_null(a->ag.next_review), "sections", secs, "accepted",
                     a->accepted ? json_pack("{s:o, s:o}", "by", str(a->acceptance.by_name), "on",
                                             date_or_null(a->acceptance.on))
                                 : json_null());
}

void api_agreement_get(struct request *req)
{
    struct plan_view v;
    if (!view(req, PV_AGREEMENT, &v))
        return;
    if (!v.has_agreement) {
        problem_send(req, 404, NULL, "Not found", "No direct payment agreement has been made yet.", NULL);
        return;
    }
    json_send(req, 200, agreement_json(&v.agreement));
}

static int recipient_parse(const char *s, enum dp_recipient *r)
{
    if (!s || strcmp(s, "person") == 0)
        *r = DP_RECIPIENT_PERSON;
    else if (strcmp(s, "nominated") == 0)
        *r = DP_RECIPIENT_NOMINATED;
    else if (strcmp(s, "authorised") == 0)
        *r = DP_RECIPIENT_AUTHORISED;
    else
        return ERR_INVALID;
    return 0;
}

void api_agreement_post(struct request *req)
{
    struct plan_view v;
    struct dp_agreement_parties p;
    const char *recipient = NULL, *name = NULL, *account = NULL, *provider = NULL;
    day_t start = 0;
    struct json_in_field f[] = {
        {.name = "recipient", .type = JIN_STRING, .out = &recipient, .max_len = 20},
        {.name = "recipient_name", .type = JIN_STRING, .out = &name, .max_len = 200},
        {.name = "account", .type = JIN_STRING, .required = true, .out = &account, .max_len = 20},
        {.name = "account_provider", .type = JIN_STRING, .out = &provider, .max_len = 200},
        {.name = "start_date", .type = JIN_DATE, .out = &start},
    };
    struct err e = {0};
    if (json_in_request(req, f, 5, &e) != 0) {
        send_err(req, &e);
        return;
    }
    memset(&p, 0, sizeof p);
    if (recipient_parse(recipient, &p.recipient) != 0) {
        problem_send(req, 422, NULL, "A field is not valid", "recipient must be person, nominated or "
                                                             "authorised.", "recipient");
        return;
    }
    if (strcmp(account, "bank") == 0)
        p.account = DP_ACCOUNT_BANK;
    else if (strcmp(account, "prepaid_card") == 0)
        p.account = DP_ACCOUNT_PREPAID_CARD;
    else if (strcmp(account, "managed") == 0)
        p.account = DP_ACCOUNT_MANAGED;
    else {
        problem_send(req, 422, NULL, "A field is not valid", "account must be bank, prepaid_card or "
                                                             "managed.", "account");
        return;
    }
    if (!view(req, PV_AGREEMENT | PV_COSTING, &v))
        return;
    p.person_name = v.name;
    p.recipient_name = name;
    p.account_provider = provider;
    p.start_date = start ? start : (v.has_plan ? v.plan.plan.start_date : plan_web_today(req));
    if (plan_web_make_agreement(req, &v, &p, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_AGREEMENT, &v))
        return;
    json_send(req, 201, agreement_json(&v.agreement));
}

void api_agreement_accept(struct request *req)
{
    struct plan_view v;
    const char *name = NULL, *capacity = NULL;
    enum dp_recipient cap;
    struct json_in_field f[] = {
        {.name = "name", .type = JIN_STRING, .required = true, .out = &name, .max_len = 200},
        {.name = "capacity", .type = JIN_STRING, .required = true, .out = &capacity, .max_len = 20},
    };
    struct err e = {0};
    if (json_in_request(req, f, 2, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (recipient_parse(capacity, &cap) != 0) {
        problem_send(req, 422, NULL, "A field is not valid", "capacity must be person, nominated or "
                                                             "authorised.", "capacity");
        return;
    }
    if (!view(req, PV_AGREEMENT, &v))
        return;
    if (plan_web_accept_agreement(req, &v, name, cap, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (!view(req, PV_AGREEMENT, &v))
        return;
    json_send(req, 200, agreement_json(&v.agreement));
}

/* ---- challenges -------------------------------------------------------------------------------- */

static json_t *challenge_json(const struct plan_challenge_row *r, day_t today)
{
    const struct challenge *c = &r->ch;
    json_t *ev = json_array();
    for (size_t i = 0; i < c->nevidence; i++)
        json_array_append_new(ev, str(c->evidence[i]));
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, "
                     "s:o, s:o, s:i}",
                     "id", (json_int_t)r->id, "version", (json_int_t)r->version, "by",
                     challenge_by_id(c->by), "by_name", str(c->by_name), "subject",
                     challenge_subject_id(c->subject), "amount_challenged",
                     c->amount_challenged >= 0 ? money(c->amount_challenged) : json_null(),
                     "amount_sought", c->amount_sought >= 0 ? money(c->amount_sought) : json_null(),
                     "reasons", str(c->reasons), "evidence", ev, "raised_on",
                     date_or_null(c->raised_on), "status", challenge_status_id(c->status), "outcome",
                     challenge_outcome_id(c->outcome), "acknowledged_on",
                     date_or_null(c->acknowledged_on), "review_started_on",
                     date_or_null(c->review_started_on), "decided_on", date_or_null(c->decided_on),
                     "closed_on", date_or_null(c->closed_on), "decision_reasons",
                     str(c->decision_reasons), "revised_amount",
                     c->revised_amount >= 0 ? money(c->revised_amount) : json_null(), "days_open",
                     challenge_days_open(c, today));
}

void api_challenges_get(struct request *req)
{
    struct plan_view v;
    struct plan_challenge_row *rows = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    size_t n = 0;
    json_t *a;
    int rc;
    if (!view(req, PV_BUDGET, &v))
        return;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_challenge_list(c, req->who->council_id, v.person_id, 0, plan_web_today(req) + 365,
                                 &req->arena, &rows, &n, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, challenge_json(&rows[i], plan_web_today(req)));
    json_send(req, 200, json_pack("{s:o}", "challenges", a));
}

void api_challenges_post(struct request *req)
{
    static const char *const names[] = {"subject", "amount_sought", "reasons", "evidence", NULL};
    struct plan_view v;
    struct plan_challenge_row row;
    enum challenge_subject subject;
    int64_t sought = -1;
    const char *reasons = NULL, **evidence = NULL;
    size_t nev = 0;
    json_t *root = NULL, *x;
    struct err e = {0};
    int rc;
    if ((rc = read_body(req, &root, &e)) != 0 || (rc = only_members(root, names, &e)) != 0)
        goto fail;
    x = json_object_get(root, "subject");
    if (!json_is_string(x) || (strcmp(json_string_value(x), "budget_amount") != 0 &&
                               strcmp(json_string_value(x), "decision") != 0)) {
        rc = err_set_field(&e, ERR_INVALID, "subject", "subject must be budget_amount or decision.");
        goto fail;
    }
    subject = strcmp(json_string_value(x), "decision") == 0 ? CHALLENGE_DECISION : CHALLENGE_BUDGET_AMOUNT;
    x = json_object_get(root, "amount_sought");
    if (x && (!json_is_string(x) ||
              money_parse(json_string_value(x), json_string_length(x), 0, &sought, "amount_sought", NULL) != 0)) {
        rc = err_set_field(&e, ERR_INVALID, "amount_sought", "amount_sought must be an amount string "
                                                             "like \"21000.00\".");
        goto fail;
    }
    x = json_object_get(root, "reasons");
    if (!json_is_string(x) || json_string_length(x) == 0 || json_string_length(x) > 8000) {
        rc = err_set_field(&e, ERR_INVALID, "reasons", "reasons is required (8000 characters at most).");
        goto fail;
    }
    reasons = arena_strdup(&req->arena, json_string_value(x));
    x = json_object_get(root, "evidence");
    if (x) {
        if (!json_is_array(x) || json_array_size(x) > 20) {
            rc = err_set_field(&e, ERR_INVALID, "evidence", "evidence must be a list of descriptions.");
            goto fail;
        }
        evidence = arena_array(&req->arena, json_array_size(x) + 1, sizeof *evidence);
        for (size_t i = 0; evidence && i < json_array_size(x); i++) {
            json_t *s = json_array_get(x, i);
            if (!json_is_string(s) || json_string_length(s) == 0 || json_string_length(s) > 500) {
                rc = err_set_field(&e, ERR_INVALID, "evidence", "Each piece of evidence is a short text.");
                goto fail;
            }
            evidence[nev++] = arena_strdup(&req->arena, json_string_value(s));
        }
    }
    json_decref(root);
    root = NULL;
    if (!view(req, PV_REQUESTS, &v))
        return;
    if (plan_web_raise_challenge(req, &v, subject, sought, reasons, evidence, nev, &row, &e) != 0)
        goto fail;
    {
        struct store_conn *c = NULL;
        struct plan_challenge_row back;
        if (store_acquire(req->app->store, &c, &e) == 0 &&
            plan_challenge_get(c, req->who->council_id, row.id, &req->arena, &back, &e) == 0)
            row = back;
        store_release(c);
    }
    json_send(req, 201, challenge_json(&row, plan_web_today(req)));
    return;
fail:
    json_decref(root);
    send_err(req, &e);
}

void api_challenge_progress(struct request *req)
{
    int64_t id = 0, version = 0, revised = -1;
    const char *step = NULL, *outcome = NULL, *reasons = NULL;
    bool has_revised = false;
    enum plan_challenge_step st;
    enum challenge_outcome oc = CHALLENGE_NO_OUTCOME;
    struct json_in_field f[] = {
        {.name = "challenge", .type = JIN_INT, .required = true, .out = &id, .min = 1, .max = INT64_MAX},
        {.name = "version", .type = JIN_INT, .required = true, .out = &version, .min = 1, .max = INT64_MAX},
        {.name = "step", .type = JIN_STRING, .required = true, .out = &step, .max_len = 20},
        {.name = "outcome", .type = JIN_STRING, .out = &outcome, .max_len = 20},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 8000},
        {.name = "revised_amount", .type = JIN_MONEY, .out = &revised, .present = &has_revised},
    };
    struct err e = {0};
    if (json_in_request(req, f, 6, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (strcmp(step, "acknowledge") == 0)
        st = PCS_ACKNOWLEDGE;
    else if (strcmp(step, "review") == 0)
        st = PCS_REVIEW;
    else if (strcmp(step, "decide") == 0)
        st = PCS_DECIDE;
    else if (strcmp(step, "close") == 0)
        st = PCS_CLOSE;
    else {
        problem_send(req, 422, NULL, "A field is not valid",
                     "step must be acknowledge, review, decide or close.", "step");
        return;
    }
    if (outcome && strcmp(outcome, "upheld") == 0)
        oc = CHALLENGE_UPHELD;
    else if (outcome && strcmp(outcome, "partly_upheld") == 0)
        oc = CHALLENGE_PARTLY_UPHELD;
    else if (outcome && strcmp(outcome, "not_upheld") == 0)
        oc = CHALLENGE_NOT_UPHELD;
    else if (outcome) {
        problem_send(req, 422, NULL, "A field is not valid",
                     "outcome must be upheld, partly_upheld or not_upheld.", "outcome");
        return;
    }
    if (!has_revised)
        revised = -1;
    if (plan_web_progress_challenge(req, people_route_id(req), id, version, st, oc, reasons, revised,
                                    &e) != 0) {
        send_err(req, &e);
        return;
    }
    response_start(req, 204, NULL);
}

void api_challenge_withdraw(struct request *req)
{
    int64_t id = 0, version = 0;
    const char *reasons = NULL;
    struct json_in_field f[] = {
        {.name = "challenge", .type = JIN_INT, .required = true, .out = &id, .min = 1, .max = INT64_MAX},
        {.name = "version", .type = JIN_INT, .required = true, .out = &version, .min = 1, .max = INT64_MAX},
        {.name = "reasons", .type = JIN_STRING, .out = &reasons, .max_len = 8000},
    };
    struct err e = {0};
    if (json_in_request(req, f, 3, &e) != 0) {
        send_err(req, &e);
        return;
    }
    if (plan_web_withdraw_challenge(req, people_route_id(req), id, version, reasons, &e) != 0) {
        send_err(req, &e);
        return;
    }
    response_start(req, 204, NULL);
}

/* ---- reports and settings ---------------------------------------------------------------------- */

static int report_period(struct request *req, day_t *from, day_t *to, struct err *e)
{
    static const char *const q[] = {"from", "to", NULL};
    const char *f = NULL, *t = NULL;
    int rc;
    if ((rc = only_query(req, q, e)) != 0 || (rc = request_query(req, "from", &f, e)) != 0 ||
        (rc = request_query(req, "to", &t, e)) != 0)
        return rc;
    *to = plan_web_today(req);
    *from = date_add_months(*to, -12);
    if (f && date_parse_iso(f, strlen(f), from, "from", NULL) != 0)
        return err_set_field(e, ERR_INVALID, "from", "from must be a date like 2025-04-01.");
    if (t && date_parse_iso(t, strlen(t), to, "to", NULL) != 0)
        return err_set_field(e, ERR_INVALID, "to", "to must be a date like 2026-03-31.");
    if (*to < *from)
        return err_set_field(e, ERR_INVALID, "to", "to is before from.");
    return 0;
}

static json_t *group_json(const struct choice_report *r, const struct choice_report_group *g)
{
    json_t *cells = json_object();
    char text[64];
    for (int m = 0; m < CR_MEASURE_COUNT; m++) {
        const struct choice_report_cell *c = &g->cells[m];
        choice_report_cell_format(r, g, c, text, sizeof text);
        /* Suppressed counts are never sent as numbers: only the words. */
        json_object_set_new(cells, choice_report_measure_id((enum choice_report_measure)m),
                            g->suppressed || c->suppressed
                                ? json_pack("{s:n, s:n, s:s}", "count", "share_bp", "text", text)
                                : json_pack("{s:I, s:I, s:s}", "count", (json_int_t)c->count, "share_bp",
                                            (json_int_t)c->share_bp, "text", text));
    }
    return json_pack("{s:s, s:o, s:b, s:o}", "key", g->key,
                     "people", g->suppressed ? json_null() : json_integer((json_int_t)g->people),
                     "suppressed", g->suppressed, "measures", cells);
}

static json_t *table_json(const struct choice_report *r, const struct choice_report_table *t)
{
    json_t *a = json_array();
    for (size_t i = 0; i < t->ngroups; i++)
        json_array_append_new(a, group_json(r, &t->groups[i]));
    return a;
}

void api_report_choice(struct request *req)
{
    struct choice_report_row *rows = NULL;
    struct choice_report rep;
    struct plan_settings s;
    struct store_conn *c = NULL;
    struct err e = {0};
    day_t from, to;
    size_t n = 0;
    int rc;
    if ((rc = report_period(req, &from, &to, &e)) != 0) {
        send_err(req, &e);
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 &&
        (rc = plan_settings_get(c, req->who->council_id, &s, &e)) == 0)
        rc = plan_report_choice_rows(c, req->who->council_id, from, to, &req->arena, &rows, &n, &e);
    store_release(c);
    if (rc == 0)
        rc = choice_report_build(rows, n, from, to, s.suppress_below, &req->arena, &rep, &e);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, json_pack("{s:o, s:o, s:i, s:o, s:o, s:o, s:o}", "from", date_or_null(from),
                                  "to", date_or_null(to), "suppress_below", rep.suppress_below,
                                  "total", group_json(&rep, &rep.total), "by_worker",
                                  table_json(&rep, &rep.by_worker), "by_team",
                                  table_json(&rep, &rep.by_team), "by_client_group",
                                  table_json(&rep, &rep.by_client_group)));
}

void api_report_challenges(struct request *req)
{
    struct plan_challenge_row *rows = NULL;
    struct challenge_report rep;
    struct store_conn *c = NULL;
    const struct challenge **ptrs;
    struct err e = {0};
    day_t from, to;
    size_t n = 0;
    json_t *outcomes, *who, *subj;
    int rc;
    if ((rc = report_period(req, &from, &to, &e)) != 0) {
        send_err(req, &e);
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_challenge_list(c, req->who->council_id, 0, from, to, &req->arena, &rows, &n, &e);
    store_release(c);
    ptrs = arena_array(&req->arena, n ? n : 1, sizeof *ptrs);
    for (size_t i = 0; ptrs && i < n; i++)
        ptrs[i] = &rows[i].ch;
    if (rc == 0)
        rc = ptrs ? challenge_report(ptrs, n, from, to, &rep, &e) : err_set(&e, ERR_NOMEM, "Out of memory.");
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    outcomes = json_object();
    for (int o = CHALLENGE_UPHELD; o < CHALLENGE_OUTCOME_COUNT; o++)
        json_object_set_new(outcomes, challenge_outcome_id((enum challenge_outcome)o),
                            json_integer((json_int_t)rep.by_outcome[o]));
    who = json_object();
    for (int b = 0; b < CHALLENGE_BY_COUNT; b++)
        json_object_set_new(who, challenge_by_id((enum challenge_by)b), json_integer((json_int_t)rep.by_who[b]));
    subj = json_object();
    for (int s = 0; s < CHALLENGE_SUBJECT_COUNT; s++)
        json_object_set_new(subj, challenge_subject_id((enum challenge_subject)s),
                            json_integer((json_int_t)rep.by_subject[s]));
    json_send(req, 200,
              json_pack("{s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o}", "from",
                        date_or_null(from), "to", date_or_null(to), "raised", (json_int_t)rep.raised,
                        "open", (json_int_t)rep.open, "resolved", (json_int_t)rep.resolved, "by_outcome",
                        outcomes, "by_who", who, "by_subject", subj, "days_mean",
                        rep.days_mean >= 0 ? json_integer(rep.days_mean) : json_null(), "days_median",
                        rep.days_median >= 0 ? json_integer(rep.days_median) : json_null(), "days_max",
                        rep.days_max >= 0 ? json_integer(rep.days_max) : json_null(), "within_28_days",
                        (json_int_t)rep.within_28_days, "extra_awarded", money(rep.extra_awarded)));
}

static json_t *settings_json(const struct plan_settings *s)
{
    /* How often payments are made, net or gross, and the surplus rule are the finance team's
     * payment settings (/api/v1/finance/settings), which payments, monitoring and the agreement
     * follow: they are not planning settings. */
    return json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:i, s:i, s:o, s:b, s:i, s:I}",
                     "planning_period_days", s->planning_period_days, "reminder_days", s->reminder_days,
                     "dp_team_contact", s->dp_team_contact, "out_of_hours_phone", s->out_of_hours_phone,
                     "support_service", s->support_service, "first_review_months",
                     s->first_review_months, "review_interval_months", s->review_interval_months,
                     "contingency",
                     money(s->contingency), "records_years", s->records_years, "response_days",
                     s->response_days, "pa_insurance_annual", money(s->pa_insurance_annual),
                     "employment_allowance_claimed", s->employment_allowance_claimed,
                     "suppress_below", s->suppress_below, "version", (json_int_t)s->version);
}

void api_plan_settings_get(struct request *req)
{
    struct plan_settings s;
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = plan_settings_get(c, req->who->council_id, &s, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, settings_json(&s));
}

void api_plan_settings_put(struct request *req)
{
    struct plan_settings s;
    struct store_conn *c = NULL;
    struct err e = {0};
    int64_t period = 0, first = 0, every = 0, records = 0, response = 0, suppress = 0,
            version = 0;
    const char *reminders = NULL, *contact = NULL, *ooh = NULL, *support = NULL;
    bool ea = false;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = plan_settings_get(c, req->who->council_id, &s, &e);
    store_release(c);
    if (rc != 0) {
        send_err(req, &e);
        return;
    }
    period = s.planning_period_days;
    first = s.first_review_months;
    every = s.review_interval_months;
    records = s.records_years;
    response = s.response_days;
    suppress = s.suppress_below;
    ea = s.employment_allowance_claimed;
    {
        struct json_in_field f[] = {
            {.name = "version", .type = JIN_INT, .required = true, .out = &version, .min = 0, .max = INT64_MAX},
            {.name = "planning_period_days", .type = JIN_INT, .out = &period, .min = 7, .max = 365},
            {.name = "reminder_days", .type = JIN_STRING, .out = &reminders, .max_len = 40},
            {.name = "dp_team_contact", .type = JIN_STRING, .out = &contact, .max_len = 200},
            {.name = "out_of_hours_phone", .type = JIN_STRING, .out = &ooh, .max_len = 60},
            {.name = "support_service", .type = JIN_STRING, .out = &support, .max_len = 200},
            {.name = "first_review_months", .type = JIN_INT, .out = &first, .min = 1, .max = 6},
            {.name = "review_interval_months", .type = JIN_INT, .out = &every, .min = 1, .max = 12},
            {.name = "contingency", .type = JIN_MONEY, .out = &s.contingency},
            {.name = "records_years", .type = JIN_INT, .out = &records, .min = 1, .max = 10},
            {.name = "response_days", .type = JIN_INT, .out = &response, .min = 1, .max = 90},
            {.name = "pa_insurance_annual", .type = JIN_MONEY, .out = &s.pa_insurance_annual},
            {.name = "employment_allowance_claimed", .type = JIN_BOOL, .out = &ea},
            {.name = "suppress_below", .type = JIN_INT, .out = &suppress, .min = 0, .max = 20},
        };
        if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
            send_err(req, &e);
            return;
        }
    }
    if (s.stored && version != s.version) {
        problem_send(req, 409, NULL, "Conflict", "Someone else changed these settings. Read them again, "
                                                 "then send your change with their version.", "version");
        return;
    }
    s.planning_period_days = (int)period;
    if (reminders)
        str_copy(s.reminder_days, sizeof s.reminder_days, reminders);
    if (contact)
        str_copy(s.dp_team_contact, sizeof s.dp_team_contact, contact);
    if (ooh)
        str_copy(s.out_of_hours_phone, sizeof s.out_of_hours_phone, ooh);
    if (support)
        str_copy(s.support_service, sizeof s.support_service, support);
    s.first_review_months = (int)first;
    s.review_interval_months = (int)every;
    s.records_years = (int)records;
    s.response_days = (int)response;
    s.employment_allowance_claimed = ea;
    s.suppress_below = (int)suppress;
    if (plan_web_save_settings(req, &s, &e) != 0) {
        send_err(req, &e);
        return;
    }
    json_send(req, 200, settings_json(&s));
}
