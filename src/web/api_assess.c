/* api_assess.c — the JSON API of issue 4: assessments (start, answer, send, complete), the
 * eligibility decision, the indicative budget (calculation, recalculation, override), the
 * financial assessment, the net budget, and the council's RAS configurations and charging
 * settings. Bodies are read strictly (unknown members, duplicates and wrong types refused, naming
 * the member); errors are problem+json. docs/api.md, "Assessments and budgets". */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/ras.h"
#include "io/charging_settings_text.h"
#include "io/ras_config.h"
#include "store/assess_store.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/app.h"
#include "web/json_in.h"
#include "web/pages.h"
#include "web/pages_assess.h"
#include "web/people.h"
#include "web/problem.h"
#include "web/router.h"

#define BODY_MAX (1u << 20)

/* ---- JSON out -------------------------------------------------------------------------------- */

static json_t *jstr(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

static json_t *jmoney(int64_t pence)
{
    char m[MONEY_FMT_SIZE];
    if (pence < 0)
        return json_null();
    money_format(pence, MONEY_FMT_PLAIN, m, sizeof m);
    return json_string(m);
}

static json_t *jdate(day_t d)
{
    char s[DATE_ISO_SIZE];
    date_format_iso(d, s);
    return json_string(s);
}

static json_t *janswer(enum elig_answer v)
{
    return v == ELIG_YES ? json_string("yes") : v == ELIG_NO ? json_string("no") : json_null();
}

static json_t *jbits(unsigned bits, const char *(*key_of)(unsigned), unsigned last)
{
    json_t *a = json_array();
    for (unsigned bit = 1; bit && bit <= last; bit <<= 1)
        if (bits & bit)
            json_array_append_new(a, json_string(key_of(bit)));
    return a;
}

static json_t *jstamp(const char *at, const char *by)
{
    if (!at || !*at)
        return json_null();
    return json_pack("{s:o, s:o}", "at", jstr(at), "by", jstr(by));
}

static json_t *jparsed(const char *text)
{
    json_t *j = text && *text ? json_loads(text, 0, NULL) : NULL;
    return j ? j : json_null();
}

static json_t *flags_json(const struct ras_flag *flags, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:o, s:o}", "kind",
                                           ras_flag_kind_name(flags[i].kind), "subject",
                                           jstr(flags[i].subject), "message",
                                           jstr(flags[i].message)));
    return a;
}

static json_t *assessment_json(struct request *req, const struct assess_ctx *ctx, bool full)
{
    const struct assessment *as = &ctx->as;
    json_t *o = json_object(), *outcomes, *answers, *carer, *adj, *steps, *flags_j;
    struct astep *st = NULL;
    size_t nst = 0, answered = 0, required = 0, resume;
    const struct ras_flag *flags = NULL;
    size_t nflags = 0;
    struct err e = {0};

    json_object_set_new(o, "id", json_integer(as->id));
    json_object_set_new(o, "person_id", json_integer(as->person_id));
    json_object_set_new(o, "kind", json_string(assess_kind_name(as->kind)));
    json_object_set_new(o, "seq", json_integer(as->seq));
    json_object_set_new(o, "supersedes_id",
                        as->supersedes_id ? json_integer(as->supersedes_id) : json_null());
    json_object_set_new(o, "status", json_string(assess_status_name(as->status)));
    json_object_set_new(o, "version", json_integer(as->version));
    json_object_set_new(o, "assessment_date",
                        as->has_assessment_date ? jdate(as->assessment_date) : json_null());
    json_object_set_new(o, "started", jstamp(as->created_at, as->started_by_name));
    json_object_set_new(o, "submitted", jstamp(as->submitted_at, as->submitted_by_name));
    json_object_set_new(o, "completed", jstamp(as->completed_at, as->completed_by_name));
    if (!full)
        return o;
    json_object_set_new(o, "ras_configuration",
                        ctx->has_config ? json_pack("{s:I, s:o}", "id",
                                                    (json_int_t)ctx->cfg_row.id, "version",
                                                    jstr(ctx->cfg_row.version))
                                        : json_null());
    json_object_set_new(o, "what_matters", jstr(as->what_matters));
    json_object_set_new(o, "condition1", janswer(as->condition1));
    json_object_set_new(o, "health_at_risk", janswer(as->health_at_risk));
    json_object_set_new(o, "significant_impact", janswer(as->significant_impact));
    json_object_set_new(o, "wellbeing", jbits(as->wellbeing, elig_wellbeing_key, ELIG_WB_CONTRIBUTION));
    json_object_set_new(o, "carer_helps", janswer(as->carer_helps));
    adj = json_array();
    {
        char *copy = arena_strdup(&req->arena, as->adjustments ? as->adjustments : ""), *save = NULL;
        for (char *p = copy ? strtok_r(copy, ",", &save) : NULL; p; p = strtok_r(NULL, ",", &save))
            json_array_append_new(adj, json_string(p));
    }
    json_object_set_new(o, "adjustments", adj);
    json_object_set_new(o, "ordinary_residence",
                        *as->ordinary_residence ? jstr(as->ordinary_residence) : json_null());
    outcomes = json_object();
    for (size_t i = 0; i < as->noutcomes; i++)
        json_object_set_new(outcomes, as->outcomes[i].outcome,
                            json_pack("{s:s, s:o, s:o}", "status",
                                      elig_status_key(as->outcomes[i].status), "reasons",
                                      jbits(as->outcomes[i].reasons, elig_reason_key,
                                            ELIG_REASON_TAKES_LONGER),
                                      "notes", jstr(as->outcomes[i].notes)));
    json_object_set_new(o, "outcomes", outcomes);
    answers = json_object();
    for (size_t i = 0; i < as->nanswers; i++)
        json_object_set_new(answers, as->answers[i].question, jstr(as->answers[i].answer));
    json_object_set_new(o, "ras_answers", answers);
    carer = json_object();
    for (size_t i = 0; i < as->ncarer; i++)
        json_object_set_new(carer, as->carer[i].domain, jstr(as->carer[i].level));
    json_object_set_new(o, "carer_support", carer);

    /* The questions, in order, so a client can ask them one at a time as the pages do. */
    steps = json_array();
    if (assess_steps(as, ctx->cfg, &req->arena, &st, &nst) == 0) {
        for (size_t i = 0; i < nst; i++) {
            const char *hint, *q = assess_step_question(&req->arena, as, ctx->cfg, &st[i], &hint);
            bool done = assess_step_answered(as, ctx->cfg, &st[i]);
            answered += done;
            required += st[i].required;
            json_array_append_new(steps, json_pack("{s:s, s:o, s:o, s:b, s:b}", "id", st[i].id,
                                                   "section", jstr(st[i].section), "question",
                                                   jstr(q), "required", st[i].required,
                                                   "answered", done));
        }
    }
    resume = assess_step_resume(as, ctx->cfg, st, nst);
    json_object_set_new(o, "steps", steps);
    json_object_set_new(o, "progress",
                        json_pack("{s:I, s:I, s:o}", "answered", (json_int_t)answered, "steps",
                                  (json_int_t)nst, "next_required_step",
                                  resume < nst ? json_string(st[resume].id) : json_null()));
    (void)required;
    flags_j = assess_web_flags(req, ctx, &flags, &nflags, &e) == 0 ? flags_json(flags, nflags)
                                                                  : json_array();
    json_object_set_new(o, "flags", flags_j);
    return o;
}

static json_t *calc_json(const struct assess_calc *c, bool with_result)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)c->id, "assessment_id", (json_int_t)c->assessment_id,
                          "status", assess_calc_status_name(c->status), "configuration_version",
                          jstr(c->config_version), "configuration_id",
                          (json_int_t)c->ras_config_id, "assessment_date",
                          jdate(c->assessment_date), "weekly", jmoney(c->weekly), "annual",
                          jmoney(c->annual), "weekly_calculated", jmoney(c->weekly_calculated),
                          "override_reason",
                          *c->override_reason ? jstr(c->override_reason) : json_null(), "asked_by",
                          jstr(*c->asked_by_name ? c->asked_by_name : c->asked_by), "asked_at",
                          jstr(c->asked_at));
    if (o && c->base_id)
        json_object_set_new(o, "overrides_calculation_id", json_integer(c->base_id));
    if (o && with_result) {
        json_object_set_new(o, "inputs", jparsed(c->inputs_json));
        json_object_set_new(o, "result", jparsed(c->result_json));
    }
    return o;
}

static json_t *decision_json(const struct assess_decision *d)
{
    json_t *paras = json_array();
    const char *p = d->decision_text;
    while (p && *p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        json_array_append_new(paras, json_stringn(p, len));
        p = end ? end + 2 : NULL;
    }
    return json_pack("{s:I, s:I, s:s, s:b, s:[b,b,b], s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)d->id, "assessment_id", (json_int_t)d->assessment_id, "kind",
                     assess_kind_name(d->kind), "eligible", d->eligible, "conditions_met",
                     d->condition[0], d->condition[1], d->condition[2], "outcomes_not_achieved",
                     d->unable_count, "ordinary_residence", jstr(d->ordinary_residence),
                     "reasons", paras, "decision_text", jstr(d->decision_text), "decided_on",
                     jdate(d->decided_on), "decided_by",
                     jstr(*d->decided_by_name ? d->decided_by_name : d->decided_by), "inputs",
                     jparsed(d->inputs_json));
}

static json_t *finance_json(const struct assess_finance *f)
{
    char ty[8];
    taxyear_format(f->tax_year, ty);
    return json_pack("{s:I, s:o, s:s, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)f->id, "effective_from", jdate(f->effective_from), "tax_year", ty,
                     "weekly_contribution", jmoney(f->weekly_contribution), "weekly_cost_of_care",
                     jmoney(f->weekly_cost_of_care), "full_cost", f->full_cost, "assessed_by",
                     jstr(*f->assessed_by_name ? f->assessed_by_name : f->assessed_by),
                     "assessed_at", jstr(f->created_at), "settings_id",
                     f->settings_id ? json_integer(f->settings_id) : json_null(), "input",
                     jparsed(f->inputs_json), "result", jparsed(f->result_json));
}

/* ---- JSON in --------------------------------------------------------------------------------- */

/* Reads the body as one JSON object (content type checked, duplicates refused) whose members are
 * all in `allowed`; answers the problem itself and returns NULL on failure. */
static json_t *body_object(struct request *req, const char *const *allowed)
{
    const char *mt = request_media_type(req);
    json_error_t jerr;
    json_t *doc;
    const char *key;
    json_t *v;
    if (strcmp(mt, "application/json") != 0) {
        problem_send(req, 415, NULL, "Send JSON",
                     "Send the body as JSON, with the header Content-Type: application/json.",
                     NULL);
        return NULL;
    }
    doc = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        problem_send(req, 400, "invalid-json", "The body is not a JSON object",
                     doc ? "Send one JSON object." : jerr.text, NULL);
        return NULL;
    }
    json_object_foreach(doc, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed && allowed[i]; i++)
            ok |= strcmp(allowed[i], key) == 0;
        if (!ok) {
            problem_send(req, 422, "invalid-field", "A field is not valid",
                         arena_printf(&req->arena, "unknown field '%s'", key), key);
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}

static void invalid(struct request *req, const char *field, const char *detail)
{
    problem_send(req, 422, "invalid-field", "A field is not valid", detail, field);
}

/* A "yes"/"no" member; absent leaves *out. false when it answered a problem. */
static bool read_yes_no(struct request *req, json_t *doc, const char *key, bool *present,
                        enum elig_answer *out)
{
    json_t *v = json_object_get(doc, key);
    if (present)
        *present = v != NULL;
    if (!v)
        return true;
    if (json_is_string(v) && strcmp(json_string_value(v), "yes") == 0)
        *out = ELIG_YES;
    else if (json_is_string(v) && strcmp(json_string_value(v), "no") == 0)
        *out = ELIG_NO;
    else {
        invalid(req, key, arena_printf(&req->arena, "%s must be \"yes\" or \"no\".", key));
        return false;
    }
    return true;
}

/* A list of keys turned into a bit set. */
static bool read_bits(struct request *req, json_t *doc, const char *key,
                      unsigned (*parse)(const char *), unsigned *out)
{
    json_t *v = json_object_get(doc, key), *item;
    size_t i;
    if (!v)
        return true;
    if (!json_is_array(v)) {
        invalid(req, key, arena_printf(&req->arena, "%s must be a list of names.", key));
        return false;
    }
    *out = 0;
    json_array_foreach(v, i, item) {
        unsigned bit = json_is_string(item) ? parse(json_string_value(item)) : 0;
        if (!bit) {
            invalid(req, key, arena_printf(&req->arena, "%s[%zu] is not one of the names "
                                                        "allowed.", key, i));
            return false;
        }
        *out |= bit;
    }
    return true;
}

static bool read_version(struct request *req, json_t *doc, int64_t *version)
{
    json_t *v = json_object_get(doc, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1) {
        invalid(req, "version", "version (the assessment's version you last read) is required.");
        return false;
    }
    *version = (int64_t)json_integer_value(v);
    return true;
}

static bool load_ctx(struct request *req, bool want_param, struct assess_ctx *ctx)
{
    struct err e = {0};
    int rc = assess_web_load(req, want_param, ctx, &e);
    if (rc == 0)
        return true;
    problem_from_err(req, &e);
    return false;
}

static void unavailable(struct request *req)
{
    problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
}

/* Sends a problem about flagged answers, with the flags. */
static void flagged(struct request *req, const struct assess_ctx *ctx, const char *detail)
{
    const struct ras_flag *flags = NULL;
    size_t n = 0;
    struct err e = {0};
    json_t *doc;
    (void)assess_web_flags(req, ctx, &flags, &n, &e);
    doc = json_pack("{s:s, s:s, s:i, s:s, s:o, s:o}", "type", "/api/v1/problems/flagged-answers",
                    "title", "Some answers need checking", "status", 409, "detail", detail,
                    "instance", jstr(req->raw_path), "flags", flags_json(flags, n));
    json_send(req, 409, doc);
    req->res.content_type = "application/problem+json";
}

/* ---- assessments ------------------------------------------------------------------------------ */

void api_assess_list(struct request *req)
{
    struct assessment *items = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *arr;
    int64_t id = people_route_id(req);
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = assess_list(c, req->who->council_id, id, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        unavailable(req);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++) {
        struct assess_ctx one = {.person_id = id, .has_assessment = true, .as = items[i]};
        json_array_append_new(arr, assessment_json(req, &one, false));
    }
    json_send(req, 200, json_pack("{s:o}", "items", arr));
}

void api_assess_current(struct request *req)
{
    struct assess_ctx ctx;
    if (!load_ctx(req, true, &ctx))
        return;
    json_send(req, 200,
              json_pack("{s:o}", "assessment",
                        ctx.has_assessment ? assessment_json(req, &ctx, true) : json_null()));
}

void api_assess_start(struct request *req)
{
    static const char *const allowed[] = {"kind", NULL};
    json_t *doc = body_object(req, allowed);
    struct assess_ctx ctx;
    enum assess_kind kind;
    struct err e = {0};
    int rc;
    if (!doc)
        return;
    rc = assess_kind_parse(json_string_value(json_object_get(doc, "kind")), &kind);
    json_decref(doc);
    if (rc != 0) {
        invalid(req, "kind", "kind must be \"needs\" or \"carer\".");
        return;
    }
    if ((rc = assess_web_start(req, people_route_id(req), kind, &ctx.as, &e)) != 0) {
        problem_from_err(req, &e);
        return;
    }
    if (!load_ctx(req, false, &ctx))
        return;
    json_send(req, 201, json_pack("{s:o}", "assessment", assessment_json(req, &ctx, true)));
}

/* Applies every change in the body, in one transaction; *fe_field names a refusal. */
static int apply_answers(struct request *req, struct assess_ctx *ctx, json_t *doc,
                         struct store_conn *c, struct err *e)
{
    struct assessment *as = &ctx->as;
    json_t *v, *item;
    const char *key;
    bool facts = false, present;
    int rc;
    unsigned bits;

    if ((v = json_object_get(doc, "what_matters")) != NULL) {
        if (!json_is_string(v))
            return err_set_field(e, ERR_INVALID, "what_matters", "what_matters must be text.");
        as->what_matters = arena_strdup(&req->arena, json_string_value(v));
        facts = true;
    }
    if (!read_yes_no(req, doc, "condition1", &present, &as->condition1))
        return 1;
    facts |= present;
    if (!read_yes_no(req, doc, "health_at_risk", &present, &as->health_at_risk))
        return 1;
    facts |= present;
    if (!read_yes_no(req, doc, "significant_impact", &present, &as->significant_impact))
        return 1;
    facts |= present;
    if (!read_yes_no(req, doc, "carer_helps", &present, &as->carer_helps))
        return 1;
    facts |= present;
    if (json_object_get(doc, "wellbeing")) {
        if (!read_bits(req, doc, "wellbeing", elig_wellbeing_parse, &bits))
            return 1;
        as->wellbeing = bits;
        facts = true;
    }
    if (facts && (rc = assess_update_facts(c, req->who->council_id, as, req->now, e)) != 0)
        return rc;

    if ((v = json_object_get(doc, "outcomes")) != NULL) {
        if (!json_is_object(v))
            return err_set_field(e, ERR_INVALID, "outcomes",
                                 "outcomes must be an object of outcome keys.");
        json_object_foreach(v, key, item) {
            static const char *const keys[] = {"status", "reasons", "notes", NULL};
            enum elig_status st;
            unsigned reasons = 0;
            json_t *n = json_object_get(item, "notes");
            const char *k2;
            json_t *v2;
            char field[80];
            snprintf(field, sizeof field, "outcomes.%s", key);
            if (!json_is_object(item))
                return err_set_field(e, ERR_INVALID, field, "%s must be an object.", field);
            json_object_foreach(item, k2, v2) {
                bool ok = false;
                for (size_t i = 0; keys[i]; i++)
                    ok |= strcmp(keys[i], k2) == 0;
                if (!ok)
                    return err_set_field(e, ERR_INVALID, field, "unknown field '%s' in %s", k2,
                                         field);
            }
            if (elig_status_parse(json_string_value(json_object_get(item, "status")), &st) != 0 ||
                st == ELIG_UNRECORDED)
                return err_set_field(e, ERR_INVALID, field,
                                     "%s.status must be achieved, not_achieved or not_applicable.",
                                     field);
            if (json_object_get(item, "reasons")) {
                if (!read_bits(req, item, "reasons", elig_reason_parse, &reasons))
                    return 1;
            }
            if (n && !json_is_string(n))
                return err_set_field(e, ERR_INVALID, field, "%s.notes must be text.", field);
            if ((rc = assess_set_outcome(c, req->who->council_id, as, key, st, reasons,
                                         n ? json_string_value(n) : "", req->now, e)) != 0)
                return rc;
        }
    }
    if ((v = json_object_get(doc, "ras_answers")) != NULL) {
        if (!json_is_object(v))
            return err_set_field(e, ERR_INVALID, "ras_answers",
                                 "ras_answers must be an object of \"domain.question\": answer.");
        json_object_foreach(v, key, item) {
            size_t d, q;
            char field[120];
            snprintf(field, sizeof field, "ras_answers.%s", key);
            if (!json_is_null(item) && !json_is_string(item))
                return err_set_field(e, ERR_INVALID, field, "%s must be an answer id or null.",
                                     field);
            /* Against the configuration the questions come from, so a typo is refused here
             * rather than flagged later. */
            if (!ctx->cfg || ras_find_question(ctx->cfg, key, &d, &q) < 0)
                return err_set_field(e, ERR_INVALID, field,
                                     "%s: there is no such question in the council's resource "
                                     "allocation system.",
                                     field);
            if (json_is_string(item) &&
                ras_find_option(&ctx->cfg->domains[d].questions[q], json_string_value(item)) < 0)
                return err_set_field(e, ERR_INVALID, field,
                                     "%s: \"%s\" is not one of this question's answers.", field,
                                     json_string_value(item));
            if ((rc = assess_set_ras_answer(c, req->who->council_id, as, key,
                                            json_is_string(item) ? json_string_value(item) : NULL,
                                            req->now, e)) != 0)
                return rc;
        }
    }
    if ((v = json_object_get(doc, "carer_support")) != NULL) {
        if (!json_is_object(v))
            return err_set_field(e, ERR_INVALID, "carer_support",
                                 "carer_support must be an object of domain: level.");
        json_object_foreach(v, key, item) {
            char field[80];
            int d;
            snprintf(field, sizeof field, "carer_support.%s", key);
            if (!json_is_string(item) ||
                (strcmp(json_string_value(item), ASSESS_CARER_NONE) != 0 &&
                 (!ctx->cfg || ras_find_carer_level(ctx->cfg, json_string_value(item)) < 0)))
                return err_set_field(e, ERR_INVALID, field,
                                     "%s must be \"none\" or one of the carer levels.", field);
            if (!ctx->cfg || (d = ras_find_domain(ctx->cfg, key)) < 0 ||
                !ctx->cfg->domains[d].carer_adjustable)
                return err_set_field(e, ERR_INVALID, field,
                                     "%s: not an area where a carer's help is counted.", field);
            if ((rc = assess_set_carer_support(c, req->who->council_id, as, key,
                                               json_string_value(item), req->now, e)) != 0)
                return rc;
        }
    }
    return 0;
}

void api_assess_answers(struct request *req)
{
    static const char *const allowed[] = {
        "version",      "what_matters", "condition1",  "health_at_risk", "significant_impact",
        "wellbeing",    "carer_helps",  "outcomes",    "ras_answers",    "carer_support",
        NULL};
    struct assess_ctx ctx;
    struct store_conn *c = NULL;
    struct err e = {0};
    int64_t version;
    json_t *doc = body_object(req, allowed);
    int rc;
    if (!doc)
        return;
    if (!read_version(req, doc, &version) || !load_ctx(req, false, &ctx)) {
        json_decref(doc);
        return;
    }
    if (!ctx.has_assessment || ctx.as.status == ASSESS_COMPLETED ||
        (ctx.as.status == ASSESS_SUBMITTED &&
         !assess_web_may(req, ACT_ASSESSMENT_COMPLETE, ctx.person_id))) {
        json_decref(doc);
        problem_send(req, 409, NULL, "Nothing to answer",
                     ctx.has_assessment
                         ? "This assessment has been sent or completed and cannot be changed now."
                         : "No assessment has been started: POST to assessments first.",
                     NULL);
        return;
    }
    if (version != ctx.as.version) {
        json_decref(doc);
        problem_send(req, 409, "stale-version", "Changed by someone else",
                     arena_printf(&req->arena,
                                  "The assessment is at version %" PRId64 ", not %" PRId64
                                  ": read it again and resend your changes.",
                                  ctx.as.version, version),
                     "version");
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = apply_answers(req, &ctx, doc, c, &e)) == 0 &&
        (rc = assess_web_audit(req, c, ctx.person_id, "assessment.answer",
                               arena_printf(&req->arena, "{\"assessment_id\":%" PRId64 "}",
                                            ctx.as.id),
                               &e)) == 0)
        rc = store_commit(c, &e);
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    json_decref(doc);
    if (rc == 1)
        return; /* the problem has been sent */
    if (rc != 0) {
        if (rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_NOT_FOUND)
            problem_from_err(req, &e);
        else
            unavailable(req);
        return;
    }
    if (!load_ctx(req, false, &ctx))
        return;
    json_send(req, 200, json_pack("{s:o}", "assessment", assessment_json(req, &ctx, true)));
}

void api_assess_submit(struct request *req)
{
    static const char *const allowed[] = {"version", NULL};
    struct assess_ctx ctx;
    struct assess_calc calc;
    struct astep *st = NULL;
    size_t nst = 0, resume;
    bool calculated = false;
    struct err e = {0};
    int64_t version;
    json_t *doc = body_object(req, allowed);
    int rc;
    if (!doc)
        return;
    rc = read_version(req, doc, &version);
    json_decref(doc);
    if (!rc || !load_ctx(req, false, &ctx))
        return;
    if (!ctx.has_assessment || ctx.as.status != ASSESS_DRAFT) {
        problem_send(req, 409, NULL, "Nothing to send", "There is no draft assessment to send.",
                     NULL);
        return;
    }
    if (version != ctx.as.version) {
        problem_send(req, 409, "stale-version", "Changed by someone else",
                     "The assessment changed since you read it: read it again, check, then send.",
                     "version");
        return;
    }
    if (assess_steps(&ctx.as, ctx.cfg, &req->arena, &st, &nst) != 0) {
        unavailable(req);
        return;
    }
    if ((resume = assess_step_resume(&ctx.as, ctx.cfg, st, nst)) < nst) {
        problem_send(req, 422, "unanswered", "Questions are still to be answered",
                     arena_printf(&req->arena, "Answer \"%s\" (and any other required question "
                                               "still open) before sending.",
                                  st[resume].id),
                     st[resume].id);
        return;
    }
    rc = assess_web_submit(req, &ctx, &calc, &calculated, &e);
    if (rc == ERR_CONFLICT) {
        (void)load_ctx(req, false, &ctx);
        flagged(req, &ctx, e.msg);
        return;
    }
    if (rc != 0) {
        problem_from_err(req, &e);
        return;
    }
    if (!load_ctx(req, false, &ctx))
        return;
    json_send(req, 200,
              json_pack("{s:o, s:o}", "assessment", assessment_json(req, &ctx, true), "budget",
                        calculated ? calc_json(&calc, true) : json_null()));
}

void api_assess_complete(struct request *req)
{
    static const char *const allowed[] = {"version",   "condition1",         "health_at_risk",
                                          "significant_impact", "wellbeing", "ordinary_residence",
                                          "adjustments", NULL};
    struct assess_ctx ctx;
    struct assess_decision d;
    struct assess_calc calc;
    struct store_conn *c = NULL;
    struct err e = {0};
    int64_t version;
    json_t *doc = body_object(req, allowed), *v, *item;
    const char *res;
    struct buf adj;
    size_t i;
    int rc;
    if (!doc)
        return;
    if (!read_version(req, doc, &version) || !load_ctx(req, false, &ctx))
        goto out;
    if (!ctx.has_assessment || ctx.as.status == ASSESS_COMPLETED) {
        problem_send(req, 409, NULL, "Nothing to complete",
                     "There is no assessment in progress to complete.", NULL);
        goto out;
    }
    if (version != ctx.as.version) {
        problem_send(req, 409, "stale-version", "Changed by someone else",
                     "The assessment changed since you read it: read it again.", "version");
        goto out;
    }
    if (!read_yes_no(req, doc, "condition1", NULL, &ctx.as.condition1) ||
        !read_yes_no(req, doc, "health_at_risk", NULL, &ctx.as.health_at_risk) ||
        !read_yes_no(req, doc, "significant_impact", NULL, &ctx.as.significant_impact) ||
        !read_bits(req, doc, "wellbeing", elig_wellbeing_parse, &ctx.as.wellbeing))
        goto out;
    res = json_string_value(json_object_get(doc, "ordinary_residence"));
    if (!res || (strcmp(res, "confirmed") != 0 && strcmp(res, "not_confirmed") != 0)) {
        invalid(req, "ordinary_residence",
                "ordinary_residence must be \"confirmed\" or \"not_confirmed\".");
        goto out;
    }
    ctx.as.ordinary_residence = arena_strdup(&req->arena, res);
    if ((v = json_object_get(doc, "adjustments")) != NULL) {
        if (!json_is_array(v)) {
            invalid(req, "adjustments", "adjustments must be a list of adjustment ids.");
            goto out;
        }
        buf_init(&adj, 2000);
        json_array_foreach(v, i, item) {
            int k = json_is_string(item) && ctx.cfg
                        ? ras_find_adjustment(ctx.cfg, json_string_value(item))
                        : -1;
            if (k < 0 || ctx.cfg->adjustments[k].automatic) {
                buf_release(&adj);
                invalid(req, "adjustments",
                        arena_printf(&req->arena,
                                     "adjustments[%zu] is not an adjustment the assessor chooses "
                                     "in the council's configuration.",
                                     i));
                goto out;
            }
            (void)buf_addf(&adj, "%s%s", adj.len ? "," : "", json_string_value(item));
        }
        ctx.as.adjustments = arena_strdup(&req->arena, adj.data);
        buf_release(&adj);
    }
    rc = assess_web_complete(req, &ctx, &d, &e);
    if (rc == ERR_CONFLICT && strstr(e.msg, "answers need checking")) {
        (void)load_ctx(req, false, &ctx);
        flagged(req, &ctx, e.msg);
        goto out;
    }
    if (rc != 0) {
        problem_from_err(req, &e);
        goto out;
    }
    rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = assess_budget_standing(c, req->who->council_id, ctx.as.id, &req->arena, &calc, &e);
    store_release(c);
    json_send(req, 200,
              json_pack("{s:o, s:o}", "decision", decision_json(&d), "budget",
                        rc == 0 ? calc_json(&calc, true) : json_null()));
out:
    json_decref(doc);
}

/* ---- eligibility, budget, contribution --------------------------------------------------------- */

void api_assess_eligibility(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_decision d;
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc = ERR_NOT_FOUND;
    if (!load_ctx(req, true, &ctx))
        return;
    if (ctx.has_assessment) {
        if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
            rc = assess_decision_get(c, req->who->council_id, ctx.as.id, &req->arena, &d, &e);
        store_release(c);
        if (rc != 0 && rc != ERR_NOT_FOUND) {
            unavailable(req);
            return;
        }
    }
    json_send(req, 200,
              json_pack("{s:o, s:o}", "assessment_id",
                        ctx.has_assessment ? json_integer(ctx.as.id) : json_null(), "decision",
                        rc == 0 ? decision_json(&d) : json_null()));
}

void api_assess_budget(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc calc, *hist = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *h;
    int rc = ERR_NOT_FOUND;
    if (!load_ctx(req, true, &ctx))
        return;
    if (ctx.has_assessment) {
        if ((rc = store_acquire(req->app->store, &c, &e)) == 0 &&
            (rc = assess_budget_history(c, req->who->council_id, ctx.as.id, &req->arena, &hist, &n,
                                        &e)) == 0)
            rc = assess_budget_standing(c, req->who->council_id, ctx.as.id, &req->arena, &calc, &e);
        store_release(c);
        if (rc != 0 && rc != ERR_NOT_FOUND) {
            unavailable(req);
            return;
        }
    }
    h = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(h, calc_json(&hist[i], false));
    json_send(req, 200,
              json_pack("{s:o, s:o, s:o}", "assessment_id",
                        ctx.has_assessment ? json_integer(ctx.as.id) : json_null(), "budget",
                        rc == 0 ? calc_json(&calc, true) : json_null(), "history", h));
}

void api_assess_budget_calculate(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc calc;
    struct assess_actor by = assess_web_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc;
    {
        /* A JSON body ({}) like every other change, so a stray form post cannot trigger it. */
        static const char *const none[] = {NULL};
        json_t *doc = body_object(req, none);
        if (!doc)
            return;
        json_decref(doc);
    }
    if (!load_ctx(req, false, &ctx))
        return;
    if (!ctx.has_assessment || ctx.as.status == ASSESS_DRAFT) {
        problem_send(req, 409, NULL, "Nothing to calculate",
                     "The budget is worked out from a sent or completed assessment.", NULL);
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_budget_calculate(c, req->who->council_id, &ctx.as, &by,
                                      assess_web_today(req), req->now, &req->arena, &calc, NULL,
                                      &e)) == 0 &&
        (rc = assess_web_audit(req, c, ctx.person_id, "budget.calculate",
                               arena_printf(&req->arena,
                                            "{\"assessment_id\":%" PRId64
                                            ",\"calculation_id\":%" PRId64 "}",
                                            ctx.as.id, calc.id),
                               &e)) == 0)
        rc = store_commit(c, &e);
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    if (rc != 0) {
        problem_from_err(req, &e);
        return;
    }
    json_send(req, 201, json_pack("{s:o}", "calculation", calc_json(&calc, true)));
}

void api_assess_budget_override(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc ov;
    struct assess_actor by = assess_web_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *reason = NULL;
    int64_t weekly = 0;
    struct json_in_field f[] = {
        {.name = "weekly", .type = JIN_MONEY, .required = true, .out = &weekly},
        {.name = "reason", .type = JIN_STRING, .required = true, .out = &reason, .max_len = 8000},
    };
    int rc;
    if (json_in_request(req, f, 2, &e) != 0) {
        if (e.code == ERR_UNSUPPORTED)
            problem_send(req, 415, NULL, "Send JSON", e.msg, NULL);
        else
            problem_from_err(req, &e);
        return;
    }
    if (!load_ctx(req, false, &ctx))
        return;
    if (!ctx.has_assessment) {
        problem_send(req, 409, NULL, "Nothing to override", "There is no assessment.", NULL);
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_budget_override(c, req->who->council_id, &ctx.as, weekly, reason, &by,
                                     req->now, &req->arena, &ov, &e)) == 0 &&
        (rc = assess_web_audit(req, c, ctx.person_id, "budget.override",
                               arena_printf(&req->arena,
                                            "{\"assessment_id\":%" PRId64
                                            ",\"calculation_id\":%" PRId64 ",\"weekly\":%" PRId64
                                            "}",
                                            ctx.as.id, ov.id, weekly),
                               &e)) == 0)
        rc = store_commit(c, &e);
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    if (rc != 0) {
        problem_from_err(req, &e);
        return;
    }
    json_send(req, 201, json_pack("{s:o}", "calculation", calc_json(&ov, true)));
}

void api_assess_contribution(struct request *req)
{
    struct assess_finance fin, *list = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *h;
    int64_t id = people_route_id(req);
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0 && (rc = assess_finance_list(c, req->who->council_id, id, &req->arena, &list, &n,
                                             &e)) == 0)
        rc = assess_finance_in_force(c, req->who->council_id, id, assess_web_today(req),
                                     &req->arena, &fin, &e);
    store_release(c);
    if (rc != 0 && rc != ERR_NOT_FOUND) {
        unavailable(req);
        return;
    }
    h = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(h, json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)list[i].id,
                                           "effective_from", jdate(list[i].effective_from),
                                           "weekly_contribution",
                                           jmoney(list[i].weekly_contribution), "assessed_at",
                                           jstr(list[i].created_at)));
    json_send(req, 200,
              json_pack("{s:o, s:o}", "financial_assessment",
                        rc == 0 ? finance_json(&fin) : json_null(), "history", h));
}

void api_assess_finance_post(struct request *req)
{
    static const char *const allowed[] = {"effective_from", "input", NULL};
    struct assess_finance fin;
    struct assess_actor by = assess_web_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *doc = body_object(req, allowed), *in;
    const char *eff_s;
    day_t eff;
    char *text = NULL;
    int64_t id = people_route_id(req);
    int rc;
    if (!doc)
        return;
    eff_s = json_string_value(json_object_get(doc, "effective_from"));
    in = json_object_get(doc, "input");
    if (!eff_s || date_parse_iso(eff_s, strlen(eff_s), &eff, "effective_from", NULL) != 0) {
        invalid(req, "effective_from", "effective_from must be a date like 2026-04-06.");
        goto out;
    }
    if (!json_is_object(in)) {
        invalid(req, "input", "input must be the assessment in the `selfdirect charging` format "
                              "(docs/charging.md), without \"policy\".");
        goto out;
    }
    if (!(text = json_dumps(in, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
        unavailable(req);
        goto out;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_finance_run(c, req->who->council_id, id, eff, text, strlen(text), &by,
                                 req->now, &req->arena, &fin, &e)) == 0 &&
        (rc = assess_web_audit(req, c, id, "financial-assessment.create",
                               arena_printf(&req->arena,
                                            "{\"financial_assessment_id\":%" PRId64
                                            ",\"weekly_contribution\":%" PRId64 "}",
                                            fin.id, fin.weekly_contribution),
                               &e)) == 0)
        rc = store_commit(c, &e);
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    if (rc != 0) {
        /* Fields inside the input are named from its root: say so. */
        if (rc == ERR_INVALID && e.field[0] && strncmp(e.field, "input", 5) != 0 &&
            strlen(e.field) + 6 < sizeof e.field) {
            memmove(e.field + 6, e.field, strlen(e.field) + 1);
            memcpy(e.field, "input.", 6);
        }
        problem_from_err(req, &e);
        goto out;
    }
    json_send(req, 201, json_pack("{s:o}", "financial_assessment", finance_json(&fin)));
out:
    free(text);
    json_decref(doc);
}

void api_assess_net_budget(struct request *req)
{
    struct assess_net_budget nb;
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *date_s = NULL;
    day_t day = assess_web_today(req);
    int64_t id = people_route_id(req);
    int rc;
    if (request_query(req, "date", &date_s, &e) != 0 ||
        (date_s && date_parse_iso(date_s, strlen(date_s), &day, "date", &e) != 0)) {
        invalid(req, "date", "date must be like 2026-04-06.");
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = assess_net_budget(c, req->who->council_id, id, day, &nb, &e);
    store_release(c);
    if (rc != 0) {
        unavailable(req);
        return;
    }
    json_send(req, 200,
              json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "date",
                        jdate(day), "assessment_id",
                        nb.has_budget ? json_integer(nb.assessment_id) : json_null(),
                        "calculation_id",
                        nb.has_budget ? json_integer(nb.calculation_id) : json_null(),
                        "budget_weekly", nb.has_budget ? jmoney(nb.budget_weekly) : json_null(),
                        "budget_annual", nb.has_budget ? jmoney(nb.budget_annual) : json_null(),
                        "financial_assessment_id",
                        nb.has_contribution ? json_integer(nb.financial_assessment_id)
                                            : json_null(),
                        "contribution_weekly",
                        nb.has_contribution ? jmoney(nb.contribution_weekly) : json_null(),
                        "net_weekly", nb.has_budget ? jmoney(nb.net_weekly) : json_null(),
                        "full_cost", nb.full_cost, "net_annual",
                        nb.has_budget ? jmoney(nb.net_annual) : json_null(), "basis",
                        json_string("the budget of the latest completed assessment (an override "
                                    "when there is one) less the weekly contribution in force; "
                                    "annual = weekly x 52")));
}

/* ---- the council's configuration -------------------------------------------------------------- */

void api_ras_configs(struct request *req)
{
    struct assess_ras_config_row *items = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *arr;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = assess_ras_config_list(c, req->who->council_id, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        unavailable(req);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                           (json_int_t)items[i].id, "kind", assess_kind_name(items[i].kind),
                           "version", jstr(items[i].version), "title", jstr(items[i].title),
                           "effective_from", jdate(items[i].effective_from), "effective_to",
                           items[i].has_effective_to ? jdate(items[i].effective_to) : json_null(),
                           "sha256", jstr(items[i].sha256), "loaded_at", jstr(items[i].loaded_at),
                           "loaded_by",
                           jstr(*items[i].loaded_by_name ? items[i].loaded_by_name
                                                         : items[i].loaded_by)));
    json_send(req, 200, json_pack("{s:o}", "items", arr));
}

void api_ras_configs_post(struct request *req)
{
    struct assess_ras_config_row row;
    struct assess_actor by = assess_web_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *kind_s = NULL;
    enum assess_kind kind = ASSESS_NEEDS;
    int rc;
    if (strcmp(request_media_type(req), "application/json") != 0) {
        problem_send(req, 415, NULL, "Send JSON",
                     "Send the configuration file itself as the body, with Content-Type: "
                     "application/json.",
                     NULL);
        return;
    }
    if (request_query(req, "kind", &kind_s, &e) != 0 ||
        (kind_s && assess_kind_parse(kind_s, &kind) != 0)) {
        invalid(req, "kind", "kind must be needs or carer.");
        return;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_ras_config_load(c, req->who->council_id, kind, req->body.data, req->body.len,
                                     &by, req->now, &req->arena, &row, &e)) == 0) {
        struct audit_new an = {0};
        an.at = req->now;
        an.council_id = req->who->council_id;
        an.actor = by.id;
        an.actor_role = role_name(req->who->role);
        an.action = "ras-config.load";
        an.subject_type = "ras_config";
        an.subject_id = row.id;
        an.remote_addr = req->remote_addr;
        an.detail = arena_printf(&req->arena, "{\"kind\":\"%s\",\"sha256\":\"%s\"}",
                                 assess_kind_name(kind), row.sha256);
        if ((rc = audit_append(c, &an, &e)) == 0)
            rc = store_commit(c, &e);
    }
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    if (rc != 0) {
        problem_from_err(req, &e);
        return;
    }
    json_send(req, 201,
              json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)row.id, "kind",
                        assess_kind_name(kind), "version", jstr(row.version), "effective_from",
                        jdate(row.effective_from), "effective_to",
                        row.has_effective_to ? jdate(row.effective_to) : json_null(), "sha256",
                        jstr(row.sha256)));
}

static json_t *settings_json(const struct assess_charging_settings *r)
{
    json_t *o = assess_charging_policy_json(&r->s);
    if (!o)
        return json_null();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "effective_from", jdate(r->s.effective_from));
    json_object_set_new(o, "effective_to", r->s.has_end ? jdate(r->s.effective_to) : json_null());
    json_object_set_new(o, "created_by", jstr(*r->created_by_name ? r->created_by_name
                                                                  : r->created_by));
    json_object_set_new(o, "created_at", jstr(r->created_at));
    return o;
}

void api_charging_settings(struct request *req)
{
    struct assess_charging_settings *items = NULL;
    size_t n = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *arr;
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = assess_charging_settings_list(c, req->who->council_id, &req->arena, &items, &n, &e);
    store_release(c);
    if (rc != 0) {
        unavailable(req);
        return;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, settings_json(&items[i]));
    json_send(req, 200, json_pack("{s:o}", "items", arr));
}

void api_charging_settings_post(struct request *req)
{
    struct assess_charging_settings row = {0};
    struct charging_settings *s = &row.s;
    struct assess_actor by = assess_web_actor(req);
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *rule = NULL, *upct = NULL, *rounding = NULL, *share = NULL;
    int64_t uweekly = 0, minimum = 0, lower = 0, upper = 0, dre = 0;
    bool has_to = false, has_uweekly = false;
    struct json_in_field f[] = {
        {.name = "effective_from", .type = JIN_DATE, .required = true, .out = &s->effective_from},
        {.name = "effective_to", .type = JIN_DATE, .out = &s->effective_to, .present = &has_to},
        {.name = "night_care_rule", .type = JIN_STRING, .required = true, .out = &rule,
         .max_len = 60},
        {.name = "mig_uplift_percent", .type = JIN_STRING, .out = &upct, .max_len = 12},
        {.name = "mig_uplift_weekly", .type = JIN_MONEY, .out = &uweekly, .present = &has_uweekly},
        {.name = "minimum_charge", .type = JIN_MONEY, .out = &minimum},
        {.name = "percent_of_disposable_income", .type = JIN_STRING, .out = &share, .max_len = 12},
        {.name = "capital_lower_limit", .type = JIN_MONEY, .out = &lower},
        {.name = "capital_upper_limit", .type = JIN_MONEY, .out = &upper},
        {.name = "dre_standard_allowance", .type = JIN_MONEY, .out = &dre},
        {.name = "monthly_to_weekly_rounding", .type = JIN_STRING, .out = &rounding,
         .max_len = 40},
    };
    int rc;
    charging_settings_init(s);
    if (json_in_request(req, f, sizeof f / sizeof f[0], &e) != 0) {
        if (e.code == ERR_UNSUPPORTED)
            problem_send(req, 415, NULL, "Send JSON", e.msg, NULL);
        else
            problem_from_err(req, &e);
        return;
    }
    s->has_end = has_to;
    s->minimum_charge = minimum;
    s->capital_lower = lower;
    s->capital_upper = upper;
    s->dre_standard_allowance = dre;
    {
        struct charging_choices_text t = {
            .night_care_rule = rule,
            .mig_uplift_percent = upct,
            .has_mig_uplift_weekly = has_uweekly,
            .mig_uplift_weekly = uweekly,
            .percent_of_disposable_income = share,
            .monthly_to_weekly_rounding = rounding,
        };
        if (charging_choices_apply(s, &t, &e) != 0) {
            invalid(req, e.field, e.msg);
            return;
        }
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_charging_settings_add(c, req->who->council_id, &row, &by, req->now, &e)) ==
            0) {
        struct audit_new an = {0};
        an.at = req->now;
        an.council_id = req->who->council_id;
        an.actor = by.id;
        an.actor_role = role_name(req->who->role);
        an.action = "charging-settings.add";
        an.subject_type = "charging_settings";
        an.subject_id = row.id;
        an.remote_addr = req->remote_addr;
        an.detail = "";
        if ((rc = audit_append(c, &an, &e)) == 0)
            rc = store_commit(c, &e);
    }
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    if (rc != 0) {
        problem_from_err(req, &e);
        return;
    }
    row.created_by = by.id;
    row.created_by_name = by.name;
    json_send(req, 201, json_pack("{s:o}", "settings", settings_json(&row)));
}
