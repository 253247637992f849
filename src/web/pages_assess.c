/* pages_assess.c — the person's side of issue 4: their assessment (start, one question a page,
 * check your answers, send), "my budget and how it was worked out", their eligibility decision
 * and "what I pay and why". Workers see the same pages with their own links. See
 * pages_assess.h; docs/assessment.md. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/ras.h"
#include "store/assess_store.h"
#include "store/store.h"
#include "web/app.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_assess.h"
#include "web/people.h"
#include "web/router.h"

#define UNAVAILABLE "Sorry, there is a problem with the service"

/* ---- small shared pieces --------------------------------------------------------------------- */

static void unavailable(struct request *req)
{
    router_refuse(req, 503, UNAVAILABLE, "Try again later. Nothing you entered has been lost.");
}

/* Loads the context or answers the refusal; false when it answered. */
static bool load(struct request *req, bool want_param, struct assess_ctx *ctx)
{
    struct err e = {0};
    int rc = assess_web_load(req, want_param, ctx, &e);
    if (rc == 0)
        return true;
    if (rc == ERR_NOT_FOUND)
        router_refuse(req, 404, "Page not found", "There is no such record or assessment.");
    else if (rc == ERR_INVALID)
        router_refuse(req, 400, "Page not found", e.msg);
    else
        unavailable(req);
    return false;
}

static const char *nav_of(struct request *req)
{
    return role_is_staff(req->who->role) ? "people" : "my-support";
}

static const char *url(struct request *req, int64_t person_id, const char *tail)
{
    return arena_printf(&req->arena, "/people/%" PRId64 "%s", person_id, tail);
}

const char *assess_web_step_url(struct request *req, int64_t person_id, const char *step,
                                bool back_to_check)
{
    struct buf b;
    const char *out;
    buf_init(&b, 512);
    (void)buf_addf(&b, "/people/%" PRId64 "/assessment/question?step=", person_id);
    for (const unsigned char *c = (const unsigned char *)step; c && *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.')
            (void)buf_addc(&b, (char)*c);
        else
            (void)buf_addf(&b, "%%%02X", *c);
    }
    if (back_to_check)
        (void)buf_adds(&b, "&return=check");
    out = arena_strdup(&req->arena, b.data);
    buf_release(&b);
    return out ? out : "/";
}

static const char *status_words(enum assess_status s)
{
    switch (s) {
    case ASSESS_DRAFT:
        return "In progress";
    case ASSESS_SUBMITTED:
        return "Sent to the council";
    case ASSESS_COMPLETED:
        return "Completed";
    case ASSESS_STATUS_COUNT:
        break;
    }
    return "";
}

static const char *status_tag_class(enum assess_status s)
{
    return s == ASSESS_COMPLETED   ? "govuk-tag govuk-tag--green"
           : s == ASSESS_SUBMITTED ? "govuk-tag govuk-tag--blue"
                                   : "govuk-tag govuk-tag--yellow";
}

/* The page frame every assessment page uses: the person's name as the caption. */
static void begin(struct request *req, struct html *h, const struct assess_ctx *ctx,
                  const char *title, const char *back, const struct form_errors *fe, int width)
{
    layout_begin(req, h,
                 &(struct page){.title = title, .caption = ctx->person_name, .nav = nav_of(req),
                                .back_href = back, .errors = fe, .width = width});
}

/* "You are answering for Linda Linked": shown to anyone filling in someone else's. */
static void answering_for(struct html *h, const struct assess_ctx *ctx)
{
    if (!ctx->self)
        html_f(h,
               "<div class=\"govuk-inset-text\">You are answering for %t. Answer as they would, "
               "with them if you can.</div>\n",
               ctx->person_name);
}

/* Steps of the loaded assessment (in the request's arena). */
static int steps_of(struct request *req, const struct assess_ctx *ctx, struct astep **steps,
                    size_t *n)
{
    return assess_steps(&ctx->as, ctx->cfg, &req->arena, steps, n);
}

/* May this principal change the assessment now? The person and those helping them while it is a
 * draft; a worker until it is completed. */
static bool can_change(struct request *req, const struct assess_ctx *ctx)
{
    if (!ctx->has_assessment || ctx->as.status == ASSESS_COMPLETED)
        return false;
    if (ctx->as.status == ASSESS_DRAFT)
        return true; /* the route's own policy (self-assess) already allowed this principal */
    return assess_web_may(req, ACT_ASSESSMENT_COMPLETE, ctx->person_id);
}

/* ---- the hub: "Your assessment" ------------------------------------------------------------- */

void page_assess_hub(struct request *req)
{
    struct assess_ctx ctx;
    struct assessment *list = NULL;
    size_t nlist = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    const char *sent = NULL;
    bool may_assess, may_complete, may_finance;

    if (!load(req, false, &ctx))
        return;
    (void)request_query(req, "sent", &sent, &e);
    err_clear(&e);
    if (store_acquire(req->app->store, &c, &e) != 0 ||
        assess_list(c, req->who->council_id, ctx.person_id, &req->arena, &list, &nlist, &e) != 0) {
        store_release(c);
        unavailable(req);
        return;
    }
    store_release(c);
    may_assess = assess_web_may(req, ACT_SELF_ASSESS, ctx.person_id);
    may_complete = assess_web_may(req, ACT_ASSESSMENT_COMPLETE, ctx.person_id);
    may_finance = assess_web_may(req, ACT_FINANCIAL_ASSESS, ctx.person_id);

    begin(req, &h, &ctx, ctx.self ? "Your assessment" : "Assessment",
          role_is_staff(req->who->role) ? url(req, ctx.person_id, "") : "/my-support", NULL, 0);
    if (sent && ctx.has_assessment && ctx.as.status != ASSESS_DRAFT)
        html_lit(&h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h2 "
                     "class=\"govuk-panel__title\">Assessment sent</h2><div "
                     "class=\"govuk-panel__body\">Your worker will check it with you.</div></div>\n");

    if (!ctx.has_assessment) {
        html_f(&h,
               "<p class=\"govuk-body\">An assessment looks at what %t can and cannot do, what "
               "matters to %t, and what support would help. %t can fill it in online, with "
               "help from family, a friend or a representative if %t like, and the council "
               "checks it with %t.</p>\n",
               ctx.self ? "you" : "this person", ctx.self ? "you" : "them",
               ctx.self ? "You" : "They", ctx.self ? "you" : "they", ctx.self ? "you" : "them");
        html_lit(&h, "<ul class=\"govuk-list govuk-list--bullet\"><li>There is one question on "
                     "each page.</li><li>Each answer is saved as soon as you continue, so you can "
                     "stop and come back later.</li><li>It takes about 20 minutes.</li><li>As "
                     "soon as it is sent you will see an indicative budget: an estimate of the "
                     "money for your support, and how it was worked out.</li></ul>\n");
    } else {
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">%t %t</h2><p class=\"govuk-body\"><strong "
               "class=\"%a\">%t</strong></p>\n",
               ctx.as.seq > 1 ? "Reassessment:" : "", ctx.as.kind == ASSESS_CARER
                                                          ? "Carer's assessment"
                                                          : "Needs assessment",
               status_tag_class(ctx.as.status), status_words(ctx.as.status));
        html_lit(&h, "<dl class=\"govuk-summary-list\">\n");
        ui_summary_row(&h, "Started", assess_ui_stamp(req, ctx.as.created_at));
        ui_summary_row(&h, "Started by", ctx.as.started_by_name);
        if (*ctx.as.submitted_at)
            ui_summary_row(&h, "Sent", arena_printf(&req->arena, "%s by %s",
                                                    assess_ui_stamp(req, ctx.as.submitted_at),
                                                    ctx.as.submitted_by_name));
        if (*ctx.as.completed_at)
            ui_summary_row(&h, "Completed", arena_printf(&req->arena, "%s by %s",
                                                         assess_ui_stamp(req, ctx.as.completed_at),
                                                         ctx.as.completed_by_name));
        html_lit(&h, "</dl>\n");
        if (ctx.as.status == ASSESS_DRAFT && may_assess) {
            html_f(&h,
                   "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
                   "href=\"%u\">Continue the assessment</a></p><p class=\"govuk-body\"><a "
                   "class=\"govuk-link\" href=\"%u\">Check the answers so far</a></p>\n",
                   url(req, ctx.person_id, "/assessment/question"),
                   url(req, ctx.person_id, "/assessment/check"));
        }
        if (ctx.as.status == ASSESS_SUBMITTED)
            html_f(&h, "<p class=\"govuk-body\">%t worker will check the answers with %t and "
                       "complete the assessment. Then %t will see the eligibility decision.</p>\n",
                   ctx.self ? "Your" : "Their", ctx.self ? "you" : "them",
                   ctx.self ? "you" : "they");
        if (ctx.as.status == ASSESS_SUBMITTED && may_complete)
            html_f(&h,
                   "<p class=\"govuk-body\"><a class=\"govuk-button\" data-module=\"govuk-button\" "
                   "href=\"%u\">Review and complete the assessment</a></p>\n",
                   url(req, ctx.person_id, "/assessment/review"));
        if (ctx.as.status == ASSESS_DRAFT && may_complete)
            html_f(&h,
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Complete it now "
                   "with the person (worker-led assessment)</a></p>\n",
                   url(req, ctx.person_id, "/assessment/review"));
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Results</h2><ul class=\"govuk-list\">");
        if (ctx.as.status != ASSESS_DRAFT)
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a></li>",
                   url(req, ctx.person_id, "/budget"),
                   ctx.self ? "My budget and how it was worked out"
                            : "Indicative budget and how it was worked out");
        if (ctx.as.status == ASSESS_COMPLETED)
            html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a></li>",
                   url(req, ctx.person_id, "/eligibility"),
                   ctx.self ? "My eligibility decision" : "Eligibility decision");
        html_f(&h, "<li><a class=\"govuk-link\" href=\"%u\">%t</a></li></ul>\n",
               url(req, ctx.person_id, "/contribution"),
               ctx.self ? "What I pay and why" : "What they pay and why");
    }
    if (may_finance)
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Make a financial "
               "assessment</a></p>\n",
               url(req, ctx.person_id, "/financial-assessment"));

    /* Start: a first assessment, or a reassessment once the last is completed. */
    if (may_assess && (!ctx.has_assessment || ctx.as.status == ASSESS_COMPLETED)) {
        html_f(&h, "<h2 class=\"govuk-heading-m\">%t</h2>\n",
               ctx.has_assessment ? "Things have changed?" : "Start");
        if (ctx.has_assessment)
            html_lit(&h, "<p class=\"govuk-body\">Ask for a new assessment if needs or "
                         "circumstances have changed. The earlier assessment and its decision "
                         "are kept.</p>\n");
        ui_form_begin(req, &h, url(req, ctx.person_id, "/assessment"));
        assess_ui_fieldset_begin(&h, NULL, "kind", "Which assessment?", true, NULL);
        assess_ui_radios_begin(&h, false);
        assess_ui_radio(&h, "kind", 0,
                        &(struct ui_choice){"needs", "A needs assessment",
                                            "About the care and support needed day to day.", true,
                                            false},
                        false);
        assess_ui_radio(&h, "kind", 1,
                        &(struct ui_choice){"carer", "A carer's assessment",
                                            "For someone who looks after an adult, about the "
                                            "support they need as a carer.",
                                            false, false},
                        false);
        assess_ui_radios_end(&h);
        assess_ui_fieldset_end(&h);
        ui_button(&h, ctx.has_assessment ? "Start a reassessment" : "Start now");
        ui_form_end(&h);
    }

    if (nlist > 1) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Earlier assessments</h2><ul "
                     "class=\"govuk-list\">");
        for (size_t i = 1; i < nlist; i++)
            html_f(&h,
                   "<li>%t, %t: %t. <a class=\"govuk-link\" href=\"%u\">Decision</a>, <a "
                   "class=\"govuk-link\" href=\"%u\">budget</a></li>",
                   list[i].kind == ASSESS_CARER ? "Carer's assessment" : "Needs assessment",
                   assess_ui_stamp(req, list[i].created_at), status_words(list[i].status),
                   arena_printf(&req->arena, "/people/%" PRId64 "/eligibility?assessment=%" PRId64,
                                ctx.person_id, list[i].id),
                   arena_printf(&req->arena, "/people/%" PRId64 "/budget?assessment=%" PRId64,
                                ctx.person_id, list[i].id));
        html_lit(&h, "</ul>\n");
    }
    layout_end(req, &h);
}

void page_assess_start_post(struct request *req)
{
    int64_t id = people_route_id(req);
    const char *kind_s = NULL;
    enum assess_kind kind;
    struct assessment as;
    struct err e = {0};
    int rc;
    if (request_form(req, "kind", &kind_s, &e) != 0 || !kind_s ||
        assess_kind_parse(kind_s, &kind) != 0) {
        router_refuse(req, 422, "Choose which assessment",
                      "Choose a needs assessment or a carer's assessment, then start.");
        return;
    }
    rc = assess_web_start(req, id, kind, &as, &e);
    if (rc == ERR_CONFLICT) {
        router_refuse(req, 409, "An assessment is already in progress", e.msg);
        return;
    }
    if (rc == ERR_NOT_FOUND) {
        router_refuse(req, 404, "Page not found", "There is no such record.");
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    response_redirect(req, url(req, id, "/assessment/question"));
}

/* ---- one question a page --------------------------------------------------------------------- */

/* What the person typed, kept when the page comes back with an error. */
struct typed {
    bool has;
    const char *answer;
    unsigned reasons;
    const char *notes;
    unsigned wellbeing;
};

static const char *outcome_key(const struct assessment *as, int i)
{
    return (as->kind == ASSESS_CARER ? elig_carer_outcome(i) : elig_adult_outcome(i))->key;
}

static void reason_checkboxes(struct html *h, const struct assessment *as, unsigned checked)
{
    static const struct {
        unsigned bit;
        const char *label;
    } reasons[] = {
        {ELIG_REASON_NEEDS_HELP, "I cannot do it without help, including being reminded or "
                                 "encouraged"},
        {ELIG_REASON_PAIN, "I can do it, but it causes me a lot of pain, distress or anxiety"},
        {ELIG_REASON_ENDANGERS, "I can do it, but it puts my health or safety, or other people's, "
                                "at risk"},
        {ELIG_REASON_TAKES_LONGER, "I can do it, but it takes me much longer than most people"},
    };
    unsigned allowed = as->kind == ASSESS_CARER ? ELIG_REASONS_CARER : ELIG_REASONS_ADULT;
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        char name[48];
        if (!(reasons[i].bit & allowed))
            continue;
        snprintf(name, sizeof name, "reason_%s", elig_reason_key(reasons[i].bit));
        assess_ui_checkbox(h, name,
                           &(struct ui_choice){"1", reasons[i].label, NULL,
                                               (checked & reasons[i].bit) != 0, false});
    }
}

static void yes_no_radios(struct html *h, enum elig_answer current, const struct typed *t)
{
    const char *v = t->has ? t->answer : current == ELIG_YES ? "yes" : current == ELIG_NO ? "no" : "";
    assess_ui_radios_begin(h, true);
    assess_ui_radio(h, "answer", 0,
                    &(struct ui_choice){"yes", "Yes", NULL, v && strcmp(v, "yes") == 0, false},
                    false);
    assess_ui_radio(h, "answer", 1,
                    &(struct ui_choice){"no", "No", NULL, v && strcmp(v, "no") == 0, false}, false);
    assess_ui_radios_end(h);
}

static void render_question(struct request *req, const struct assess_ctx *ctx,
                            const struct astep *steps, size_t n, size_t idx,
                            const struct form_errors *fe, const struct typed *t, bool to_check,
                            int status)
{
    const struct astep *s = &steps[idx];
    const struct assessment *as = &ctx->as;
    const char *hint = NULL;
    const char *q = assess_step_question(&req->arena, as, ctx->cfg, s, &hint);
    const char *back = idx == 0 || to_check
                           ? url(req, ctx->person_id, to_check ? "/assessment/check" : "/assessment")
                           : assess_web_step_url(req, ctx->person_id, steps[idx - 1].id, false);
    struct html h;
    char version[24];

    layout_begin(req, &h,
                 &(struct page){.title = q, .caption = s->section, .nav = nav_of(req),
                                .back_href = back, .errors = fe});
    html_f(&h, "<p class=\"govuk-body-s app-question-count\">Question %l of %l</p>\n", (int64_t)idx + 1, (int64_t)n);
    answering_for(&h, ctx);
    ui_form_begin(req, &h, url(req, ctx->person_id, "/assessment/question"));
    assess_ui_hidden(&h, "step", s->id);
    snprintf(version, sizeof version, "%" PRId64, as->version);
    assess_ui_hidden(&h, "version", version);
    if (to_check)
        assess_ui_hidden(&h, "return", "check");

    switch (s->kind) {
    case ASTEP_WHAT_MATTERS:
        assess_ui_textarea(&h, fe, "answer", q, true, hint,
                           t->has ? t->answer : as->what_matters, 6);
        break;
    case ASTEP_CONDITION1:
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        yes_no_radios(&h, as->condition1, t);
        assess_ui_fieldset_end(&h);
        break;
    case ASTEP_HEALTH:
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        yes_no_radios(&h, as->health_at_risk, t);
        assess_ui_fieldset_end(&h);
        break;
    case ASTEP_IMPACT:
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        yes_no_radios(&h, as->significant_impact, t);
        assess_ui_fieldset_end(&h);
        break;
    case ASTEP_CARER_HELPS:
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        yes_no_radios(&h, as->carer_helps, t);
        assess_ui_fieldset_end(&h);
        break;
    case ASTEP_OUTCOME: {
        const char *key = outcome_key(as, s->outcome);
        const struct elig_outcome_info *info = as->kind == ASSESS_CARER
                                                   ? elig_carer_outcome(s->outcome)
                                                   : elig_adult_outcome(s->outcome);
        const struct assess_outcome *o = assess_find_outcome(as, key);
        const char *v = t->has ? t->answer : o ? elig_status_key(o->status) : "";
        unsigned reasons = t->has ? t->reasons : o ? o->reasons : 0;
        const char *notes = t->has ? t->notes : o ? o->notes : "";
        bool no = v && strcmp(v, "not_achieved") == 0;
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        assess_ui_radios_begin(&h, false);
        assess_ui_radio(&h, "answer", 0,
                        &(struct ui_choice){"achieved", "Yes, I can do this without difficulty",
                                            NULL, v && strcmp(v, "achieved") == 0, false},
                        false);
        assess_ui_radio(&h, "answer", 1,
                        &(struct ui_choice){"not_achieved", "No, or only with difficulty", NULL,
                                            no, false},
                        false);
        /* Always shown, not revealed by script: GOV.UK's reveal puts aria-expanded on a radio,
         * which assistive technology does not support (axe: aria-allowed-attr). */
        assess_ui_radios_conditional_begin(&h, "answer", 1, true);
        assess_ui_fieldset_begin(&h, fe, "reasons", "If no, what makes it hard?", true,
                                 "Select all that apply.");
        assess_ui_checkboxes_begin(&h);
        reason_checkboxes(&h, as, reasons);
        assess_ui_checkboxes_end(&h);
        assess_ui_fieldset_end(&h);
        assess_ui_textarea(&h, fe, "notes", "Tell us more (optional)", false,
                           "For example what happens, and how often.", notes, 3);
        assess_ui_radios_conditional_end(&h);
        if (info->may_be_not_applicable)
            assess_ui_radio(&h, "answer", 2,
                            &(struct ui_choice){"not_applicable", "This does not apply to me",
                                                NULL, v && strcmp(v, "not_applicable") == 0,
                                                true},
                            false);
        assess_ui_radios_end(&h);
        assess_ui_fieldset_end(&h);
        break;
    }
    case ASTEP_WELLBEING: {
        unsigned wb = t->has ? t->wellbeing : as->wellbeing;
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        assess_ui_checkboxes_begin(&h);
        for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1) {
            char name[48], *label = arena_strdup(&req->arena, elig_wellbeing_label(bit));
            snprintf(name, sizeof name, "wb_%s", elig_wellbeing_key(bit));
            if (label && label[0] >= 'a' && label[0] <= 'z')
                label[0] = (char)(label[0] - 'a' + 'A');
            assess_ui_checkbox(&h, name,
                               &(struct ui_choice){"1", label ? label : "", NULL,
                                                   (wb & bit) != 0, false});
        }
        assess_ui_checkboxes_end(&h);
        assess_ui_fieldset_end(&h);
        break;
    }
    case ASTEP_RAS: {
        const struct ras_domain *dom = &ctx->cfg->domains[s->domain];
        const struct ras_question *rq = &dom->questions[s->question];
        const char *cur = assess_find_answer(
            as, arena_printf(&req->arena, "%s.%s", dom->id, rq->id));
        const char *v = t->has ? t->answer : cur;
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        assess_ui_radios_begin(&h, false);
        for (size_t i = 0; i < rq->noptions; i++)
            assess_ui_radio(&h, "answer", (int)i,
                            &(struct ui_choice){rq->options[i].id, rq->options[i].text, NULL,
                                                v && strcmp(v, rq->options[i].id) == 0, false},
                            false);
        assess_ui_radios_end(&h);
        assess_ui_fieldset_end(&h);
        if (!rq->required)
            html_lit(&h, "<p class=\"govuk-body-s\">You can leave this question out if you "
                         "prefer.</p>\n");
        break;
    }
    case ASTEP_CARER_DOMAIN: {
        const char *cur = assess_find_carer(as, ctx->cfg->domains[s->domain].id);
        const char *v = t->has ? t->answer : cur;
        assess_ui_fieldset_begin(&h, fe, "answer", q, false, hint);
        assess_ui_radios_begin(&h, false);
        assess_ui_radio(&h, "answer", 0,
                        &(struct ui_choice){ASSESS_CARER_NONE, "None of it", NULL,
                                            v && strcmp(v, ASSESS_CARER_NONE) == 0, false},
                        false);
        for (size_t i = 0; i < ctx->cfg->ncarer_levels; i++) {
            char *label = arena_strdup(&req->arena, ctx->cfg->carer_levels[i].text);
            if (label && label[0] >= 'a' && label[0] <= 'z')
                label[0] = (char)(label[0] - 'a' + 'A');
            assess_ui_radio(&h, "answer", (int)i + 1,
                            &(struct ui_choice){ctx->cfg->carer_levels[i].id, label ? label : "",
                                                NULL,
                                                v && strcmp(v, ctx->cfg->carer_levels[i].id) == 0,
                                                false},
                            false);
        }
        assess_ui_radios_end(&h);
        assess_ui_fieldset_end(&h);
        break;
    }
    }
    ui_button(&h, "Save and continue");
    ui_form_end(&h);
    html_f(&h,
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Stop for now and come "
           "back later</a> (your answers so far are saved)</p>\n",
           url(req, ctx->person_id, "/assessment"));
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

/* The page when there is nothing to answer: no assessment, sent, or completed. */
static void nothing_to_answer(struct request *req, const struct assess_ctx *ctx)
{
    struct html h;
    begin(req, &h, ctx, "There is no assessment to fill in", url(req, ctx->person_id, "/assessment"),
          NULL, 0);
    if (!ctx->has_assessment)
        html_lit(&h, "<p class=\"govuk-body\">No assessment has been started yet.</p>\n");
    else if (ctx->as.status == ASSESS_SUBMITTED)
        html_lit(&h, "<p class=\"govuk-body\">This assessment has been sent to the council. The "
                     "worker can change answers with you when they check it.</p>\n");
    else
        html_lit(&h, "<p class=\"govuk-body\">This assessment has been completed. Ask for a "
                     "reassessment if things have changed.</p>\n");
    html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Go to the "
               "assessment page</a></p>\n",
           url(req, ctx->person_id, "/assessment"));
    layout_end(req, &h);
}

void page_assess_question(struct request *req)
{
    struct assess_ctx ctx;
    struct astep *steps = NULL;
    size_t n = 0, idx;
    const char *step = NULL, *ret = NULL;
    struct err e = {0};
    int found;

    if (!load(req, false, &ctx))
        return;
    if (request_query(req, "step", &step, &e) != 0 || request_query(req, "return", &ret, &e) != 0) {
        router_refuse(req, 400, "Page not found", e.msg);
        return;
    }
    if (!can_change(req, &ctx)) {
        nothing_to_answer(req, &ctx);
        return;
    }
    if (steps_of(req, &ctx, &steps, &n) != 0) {
        unavailable(req);
        return;
    }
    if (step) {
        if ((found = assess_step_find(steps, n, step)) < 0) {
            router_refuse(req, 404, "Page not found", "There is no such question in this "
                                                      "assessment.");
            return;
        }
        idx = (size_t)found;
    } else {
        /* Coming back: the first required question not yet answered. */
        idx = assess_step_resume(&ctx.as, ctx.cfg, steps, n);
        if (idx == n) {
            response_redirect(req, url(req, ctx.person_id, "/assessment/check"));
            return;
        }
    }
    render_question(req, &ctx, steps, n, idx, NULL, &(struct typed){0},
                    ret && strcmp(ret, "check") == 0, 0);
}

/* Reads a form field ("" when absent); false when the form is not readable or the field is sent
 * twice. */
static bool field(struct request *req, const char *name, const char **out)
{
    struct err e = {0};
    *out = NULL;
    if (request_form(req, name, out, &e) != 0)
        return false;
    if (!*out)
        *out = "";
    return true;
}

void page_assess_question_post(struct request *req)
{
    struct assess_ctx ctx;
    struct astep *steps = NULL;
    size_t n = 0;
    struct form_errors fe = {0};
    struct typed t = {.has = true, .answer = "", .notes = ""};
    const char *step, *version_s, *ret;
    int64_t version = 0;
    struct err e = {0};
    struct store_conn *c = NULL;
    struct assessment *as;
    int found, rc = 0;
    const struct astep *s;
    bool to_check;

    if (!field(req, "step", &step) || !field(req, "version", &version_s) ||
        !field(req, "return", &ret) || !field(req, "answer", &t.answer) ||
        !field(req, "notes", &t.notes) ||
        str_to_i64(version_s, strlen(version_s), 1, INT64_MAX, &version) != 0) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back to the question, reload the page and answer again.");
        return;
    }
    to_check = strcmp(ret, "check") == 0;
    if (!load(req, false, &ctx))
        return;
    if (!can_change(req, &ctx)) {
        router_refuse(req, 409, "This assessment cannot be changed now",
                      "It has been sent or completed. Go to the assessment page to see it.");
        return;
    }
    if (steps_of(req, &ctx, &steps, &n) != 0) {
        unavailable(req);
        return;
    }
    if ((found = assess_step_find(steps, n, step)) < 0) {
        router_refuse(req, 404, "Page not found", "There is no such question in this assessment.");
        return;
    }
    s = &steps[found];
    as = &ctx.as;
    for (unsigned bit = 1; bit <= ELIG_REASON_TAKES_LONGER; bit <<= 1) {
        const char *v;
        if (field(req, arena_printf(&req->arena, "reason_%s", elig_reason_key(bit)), &v) && *v)
            t.reasons |= bit;
    }
    for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1) {
        const char *v;
        if (field(req, arena_printf(&req->arena, "wb_%s", elig_wellbeing_key(bit)), &v) && *v)
            t.wellbeing |= bit;
    }
    if (version != as->version) {
        form_errors_add(&fe, "answer",
                        "These answers were changed by someone else while this page was open "
                        "(perhaps someone helping). Check this answer and save it again.");
        t.has = false;
        render_question(req, &ctx, steps, n, (size_t)found, &fe, &t, to_check, 409);
        return;
    }

    /* Check the answer for the kind of question, then save it. */
    if ((rc = store_acquire(req->app->store, &c, &e)) != 0 || (rc = store_begin(c, &e)) != 0)
        goto stored;
    switch (s->kind) {
    case ASTEP_WHAT_MATTERS: {
        struct slice sl = slice_trim(slice_of(t.answer));
        if (sl.n == 0) {
            form_errors_add(&fe, "answer", "Tell us what matters to you, in your own words.");
            break;
        }
        as->what_matters = t.answer;
        rc = assess_update_facts(c, req->who->council_id, as, req->now, &e);
        break;
    }
    case ASTEP_CONDITION1:
    case ASTEP_HEALTH:
    case ASTEP_IMPACT:
    case ASTEP_CARER_HELPS: {
        enum elig_answer v;
        if (strcmp(t.answer, "yes") == 0)
            v = ELIG_YES;
        else if (strcmp(t.answer, "no") == 0)
            v = ELIG_NO;
        else {
            form_errors_add(&fe, "answer", "Select yes or no.");
            break;
        }
        if (s->kind == ASTEP_CONDITION1)
            as->condition1 = v;
        else if (s->kind == ASTEP_HEALTH)
            as->health_at_risk = v;
        else if (s->kind == ASTEP_IMPACT) {
            as->significant_impact = v;
            if (v == ELIG_NO)
                as->wellbeing = 0; /* no impact: no areas (the domain refuses areas without) */
        } else
            as->carer_helps = v;
        rc = assess_update_facts(c, req->who->council_id, as, req->now, &e);
        break;
    }
    case ASTEP_WELLBEING:
        if (t.wellbeing == 0) {
            form_errors_add(&fe, "answer", "Select at least one part of your life that is "
                                           "affected.");
            break;
        }
        as->wellbeing = t.wellbeing;
        rc = assess_update_facts(c, req->who->council_id, as, req->now, &e);
        break;
    case ASTEP_OUTCOME: {
        enum elig_status st;
        if (elig_status_parse(t.answer, &st) != 0 || st == ELIG_UNRECORDED) {
            form_errors_add(&fe, "answer", "Select whether you can do this.");
            break;
        }
        if (st == ELIG_NOT_ACHIEVED && t.reasons == 0) {
            form_errors_add(&fe, "reasons", "Select what makes it hard.");
            break;
        }
        if (st != ELIG_NOT_ACHIEVED) {
            /* The reasons and words belong to "No": keep neither with another answer. */
            t.reasons = 0;
            t.notes = "";
        }
        rc = assess_set_outcome(c, req->who->council_id, as, outcome_key(as, s->outcome), st,
                                t.reasons, t.notes, req->now, &e);
        if (rc == ERR_INVALID && strstr(e.field, "outcomes.")) {
            form_errors_add(&fe, "answer", arena_strdup(&req->arena, e.msg));
            rc = 0;
        }
        break;
    }
    case ASTEP_RAS: {
        const struct ras_domain *dom = &ctx.cfg->domains[s->domain];
        const struct ras_question *q = &dom->questions[s->question];
        if (ras_find_option(q, t.answer) < 0) {
            if (q->required || *t.answer) {
                form_errors_add(&fe, "answer", "Select the answer that fits best.");
                break;
            }
            /* An optional question left out: nothing to save. */
            rc = assess_set_ras_answer(c, req->who->council_id, as,
                                       arena_printf(&req->arena, "%s.%s", dom->id, q->id), NULL,
                                       req->now, &e);
            break;
        }
        rc = assess_set_ras_answer(c, req->who->council_id, as,
                                   arena_printf(&req->arena, "%s.%s", dom->id, q->id), t.answer,
                                   req->now, &e);
        break;
    }
    case ASTEP_CARER_DOMAIN:
        if (strcmp(t.answer, ASSESS_CARER_NONE) != 0 && ras_find_carer_level(ctx.cfg, t.answer) < 0) {
            form_errors_add(&fe, "answer", "Select how much of the help they give.");
            break;
        }
        rc = assess_set_carer_support(c, req->who->council_id, as, ctx.cfg->domains[s->domain].id,
                                      t.answer, req->now, &e);
        break;
    }
    if (rc == 0 && fe.n == 0)
        rc = assess_web_audit(req, c, ctx.person_id, "assessment.answer",
                              arena_printf(&req->arena,
                                           "{\"assessment_id\":%" PRId64 ",\"step\":\"%s\"}",
                                           as->id, s->id),
                              &e);
    if (rc == 0 && fe.n == 0)
        rc = store_commit(c, &e);
stored:
    if (rc != 0 || fe.n) {
        if (c)
            store_rollback(c);
        store_release(c);
        if (rc == ERR_INVALID && fe.n == 0)
            form_errors_add(&fe, "answer", arena_strdup(&req->arena, e.msg));
        else if (rc == ERR_CONFLICT) {
            form_errors_add(&fe, "answer",
                            "These answers were changed by someone else while this page was "
                            "open. Check this answer and save it again.");
            t.has = false;
            (void)load(req, false, &ctx);
            render_question(req, &ctx, steps, n, (size_t)found, &fe, &t, to_check, 409);
            return;
        } else if (rc != 0 && rc != ERR_INVALID) {
            unavailable(req);
            return;
        }
        render_question(req, &ctx, steps, n, (size_t)found, &fe, &t, to_check, 422);
        return;
    }
    store_release(c);

    /* The next question: the steps may have changed with this answer (impact, carer help). */
    if (!to_check && steps_of(req, &ctx, &steps, &n) == 0 &&
        (found = assess_step_find(steps, n, step)) >= 0 && (size_t)found + 1 < n) {
        response_redirect(req, assess_web_step_url(req, ctx.person_id, steps[found + 1].id, false));
        return;
    }
    /* New questions that an answer opened (the areas of life affected, the carer's help) are
     * asked before going back to the check page. */
    if (to_check && steps_of(req, &ctx, &steps, &n) == 0) {
        size_t r = assess_step_resume(&ctx.as, ctx.cfg, steps, n);
        if (r < n) {
            response_redirect(req, assess_web_step_url(req, ctx.person_id, steps[r].id, true));
            return;
        }
    }
    response_redirect(req, url(req, ctx.person_id, "/assessment/check"));
}

/* ---- check your answers, and send ----------------------------------------------------------- */

void assess_web_render_answers(struct request *req, struct html *h, const struct assess_ctx *ctx,
                               bool change)
{
    struct astep *steps = NULL;
    size_t n = 0;
    const char *section = NULL;
    if (assess_steps(&ctx->as, ctx->cfg, &req->arena, &steps, &n) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct astep *s = &steps[i];
        const char *hint, *q = assess_step_question(&req->arena, &ctx->as, ctx->cfg, s, &hint);
        const char *ans = assess_step_answer_text(&req->arena, &ctx->as, ctx->cfg, s);
        if (!section || strcmp(section, s->section) != 0) {
            if (section)
                html_lit(h, "</dl>\n");
            section = s->section;
            html_f(h, "<h2 class=\"govuk-heading-m\">%t</h2><dl class=\"govuk-summary-list\">\n",
                   section);
        }
        html_f(h,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%t"
               "</dt><dd class=\"govuk-summary-list__value\">%t</dd>",
               q, *ans ? ans : s->required ? "Not answered yet" : "Not answered (optional)");
        if (change)
            html_f(h,
                   "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" "
                   "href=\"%u\">%t<span class=\"govuk-visually-hidden\"> the answer to: %t</span>"
                   "</a></dd>",
                   assess_web_step_url(req, ctx->person_id, s->id, true),
                   *ans ? "Change" : "Answer", q);
        html_lit(h, "</div>\n");
    }
    if (section)
        html_lit(h, "</dl>\n");
}

void assess_web_render_flags(struct request *req, struct html *h, const struct assess_ctx *ctx,
                             const struct ras_flag *flags, size_t n)
{
    if (n == 0)
        return;
    html_lit(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
                "role=\"alert\"><h2 class=\"govuk-error-summary__title\">Some answers need "
                "checking before the budget can be worked out</h2><div "
                "class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
                "govuk-error-summary__list\">");
    for (size_t i = 0; i < n; i++) {
        /* A flag names a question ("domain.question"); link to it where it is one. */
        const char *subject = flags[i].subject ? flags[i].subject : "";
        if (strchr(subject, '.'))
            html_f(h, "<li><a href=\"%u\">%t</a></li>",
                   assess_web_step_url(req, ctx->person_id,
                                       arena_printf(&req->arena, "ras:%s", subject), true),
                   flags[i].message);
        else
            html_f(h, "<li>%t</li>", flags[i].message);
    }
    html_lit(h, "</ul></div></div></div>\n");
}

static void render_check(struct request *req, const struct assess_ctx *ctx,
                         const char *problem, int status)
{
    struct astep *steps = NULL;
    size_t n = 0, missing = 0;
    const struct ras_flag *flags = NULL;
    size_t nflags = 0;
    struct err e = {0};
    struct html h;
    char version[24];

    if (steps_of(req, ctx, &steps, &n) != 0 || assess_web_flags(req, ctx, &flags, &nflags, &e) != 0) {
        unavailable(req);
        return;
    }
    for (size_t i = 0; i < n; i++)
        missing += steps[i].required && !assess_step_answered(&ctx->as, ctx->cfg, &steps[i]);
    begin(req, &h, ctx, "Check your answers", url(req, ctx->person_id, "/assessment"), NULL, 0);
    if (problem)
        html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", problem);
    answering_for(&h, ctx);
    assess_web_render_flags(req, &h, ctx, flags, nflags);
    assess_web_render_answers(req, &h, ctx, true);
    if (!ctx->has_config)
        html_lit(&h, "<p class=\"govuk-body\">The council has not set up its budget calculator "
                     "yet, so there are no budget questions. Your worker will tell you about the "
                     "money for your support.</p>\n");
    if (missing) {
        html_f(&h,
               "<h2 class=\"govuk-heading-m\">Not finished yet</h2><p class=\"govuk-body\">%l "
               "%t still to answer. <a class=\"govuk-link\" href=\"%u\">Continue</a></p>\n",
               (int64_t)missing, missing == 1 ? "question is" : "questions are",
               url(req, ctx->person_id, "/assessment/question"));
    } else if (nflags == 0 && ctx->as.status == ASSESS_DRAFT) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Now send your assessment</h2><p "
                     "class=\"govuk-body\">By sending it you confirm the answers are right to "
                     "the best of your knowledge. You will see your indicative budget "
                     "straight away, and your worker will check the answers with you.</p>\n");
        ui_form_begin(req, &h, url(req, ctx->person_id, "/assessment/submit"));
        snprintf(version, sizeof version, "%" PRId64, ctx->as.version);
        assess_ui_hidden(&h, "version", version);
        ui_button(&h, "Send the assessment");
        ui_form_end(&h);
    }
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

void page_assess_check(struct request *req)
{
    struct assess_ctx ctx;
    if (!load(req, false, &ctx))
        return;
    if (!can_change(req, &ctx)) {
        nothing_to_answer(req, &ctx);
        return;
    }
    render_check(req, &ctx, NULL, 0);
}

void page_assess_submit_post(struct request *req)
{
    struct assess_ctx ctx;
    struct astep *steps = NULL;
    size_t n = 0;
    const char *version_s;
    int64_t version = 0;
    bool calculated = false;
    struct err e = {0};
    int rc;

    if (!field(req, "version", &version_s) ||
        str_to_i64(version_s, strlen(version_s), 1, INT64_MAX, &version) != 0) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back to the check page, reload it and send again.");
        return;
    }
    if (!load(req, false, &ctx))
        return;
    if (!ctx.has_assessment || ctx.as.status != ASSESS_DRAFT) {
        router_refuse(req, 409, "This assessment has already been sent",
                      "Go to the assessment page to see where it is.");
        return;
    }
    if (version != ctx.as.version) {
        render_check(req, &ctx,
                     "The answers changed while the page was open (perhaps someone helping "
                     "changed one). Check them again, then send.",
                     409);
        return;
    }
    if (steps_of(req, &ctx, &steps, &n) != 0) {
        unavailable(req);
        return;
    }
    if (assess_step_resume(&ctx.as, ctx.cfg, steps, n) < n) {
        render_check(req, &ctx, "Some questions are still to be answered.", 422);
        return;
    }
    rc = assess_web_submit(req, &ctx, NULL, &calculated, &e);
    if (rc == ERR_CONFLICT) {
        (void)load(req, false, &ctx);
        render_check(req, &ctx, e.msg, 409);
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    response_redirect(req, calculated ? url(req, ctx.person_id, "/budget?sent=1")
                                      : url(req, ctx.person_id, "/assessment?sent=1"));
}

/* ---- "my budget and how it was worked out" -------------------------------------------------- */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The stored result, shown as the person reads it. */
static void render_result(struct request *req, struct html *h, const struct assess_ctx *ctx,
                          const struct assess_calc *calc, bool may_complete)
{
    json_t *doc = json_loads(calc->result_json, 0, NULL), *v;
    size_t i;
    json_t *item;
    const char *your = ctx->self ? "your" : "their";

    if (!doc) {
        html_lit(h, "<p class=\"govuk-body\">The calculation could not be shown.</p>\n");
        return;
    }
    html_f(h,
           "<div class=\"govuk-panel govuk-panel--confirmation app-budget\"><h2 "
           "class=\"govuk-panel__title\">%t a week</h2><div class=\"govuk-panel__body\">%t a "
           "year</div></div>\n",
           assess_ui_money(req, calc->weekly), assess_ui_money(req, calc->annual));
    if (calc->status == ASSESS_CALC_OVERRIDDEN)
        html_f(h,
               "<div class=\"govuk-inset-text\"><p class=\"govuk-body\">%t changed this from the "
               "calculated %t a week to %t a week.</p><p class=\"govuk-body\">The reason %t "
               "gave: %t</p></div>\n",
               *calc->asked_by_name ? calc->asked_by_name : "Your worker",
               assess_ui_money(req, calc->weekly_calculated), assess_ui_money(req, calc->weekly),
               "they", calc->override_reason);
    html_f(h,
           "<p class=\"govuk-body\">This is an <strong>indicative</strong> budget: an early "
           "estimate of the money for %t support, so %t can start planning. It may go up or "
           "down when the support plan is agreed. If %t think it is not enough to meet %t "
           "needs, %t can ask the council to look at it again.</p>\n",
           your, ctx->self ? "you" : "they", ctx->self ? "you" : "they", your,
           ctx->self ? "you" : "they");

    /* Each answer -> points -> pounds, area by area (a summary list stacks on a phone). */
    html_lit(h, "<h2 class=\"govuk-heading-m\">How it was worked out</h2>\n<p "
                "class=\"govuk-body\">Each answer scores points. The points are worth money each "
                "week.</p>\n");
    v = json_object_get(doc, "domains");
    json_array_foreach(v, i, item) {
        const char *dom = jstr(item, "domain"), *dwv = jstr(item, "weekly_value");
        json_t *answers = json_object_get(doc, "answers"), *ans, *carer;
        size_t j, dlen = dom ? strlen(dom) : 0;
        html_f(h, "<h3 class=\"govuk-heading-s\">%t: %l %t%t%t</h3>\n<dl "
                  "class=\"govuk-summary-list\">",
               jstr(item, "title") ? jstr(item, "title") : "", jint(item, "points"),
               jint(item, "points") == 1 ? "point" : "points", dwv ? ", " : "",
               dwv ? arena_printf(&req->arena, "%s a week", assess_ui_pounds(req, dwv)) : "");
        json_array_foreach(answers, j, ans) {
            const char *q = jstr(ans, "question"), *wv = jstr(ans, "weekly_value");
            int64_t pts = jint(ans, "points");
            if (!q || !dom || strncmp(q, dom, dlen) != 0 || q[dlen] != '.')
                continue;
            html_f(h,
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "%t</dt><dd class=\"govuk-summary-list__value\"><p class=\"govuk-body\">%t</p>"
                   "<p class=\"govuk-body govuk-!-font-weight-bold\">%l %t%t%t</p></dd></div>\n",
                   jstr(ans, "question_text") ? jstr(ans, "question_text") : q,
                   jstr(ans, "answer_text") ? jstr(ans, "answer_text") : "Not answered", pts,
                   pts == 1 ? "point" : "points", wv ? " = " : "",
                   wv ? arena_printf(&req->arena, "%s a week", assess_ui_pounds(req, wv)) : "");
        }
        carer = json_object_get(item, "carer_support");
        if (json_is_object(carer))
            html_f(h,
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Help from family or friends</dt><dd class=\"govuk-summary-list__value\">They "
                   "give %t, so %l %t taken off</dd></div>\n",
                   jstr(carer, "text") ? jstr(carer, "text") : "some help",
                   jint(carer, "points_taken_off"),
                   jint(carer, "points_taken_off") == 1 ? "point is" : "points are");
        html_lit(h, "</dl>\n");
    }

    v = json_object_get(doc, "derivation");
    html_lit(h, "<h3 class=\"govuk-heading-s\">Step by step</h3><ol class=\"govuk-list "
                "govuk-list--number\">");
    json_array_foreach(v, i, item)
        if (json_is_string(item))
            html_f(h, "<li>%t</li>", json_string_value(item));
    html_lit(h, "</ol>\n");
    v = json_object_get(doc, "warnings");
    if (json_array_size(v)) {
        html_lit(h, "<h3 class=\"govuk-heading-s\">Things to know</h3><ul class=\"govuk-list "
                    "govuk-list--bullet\">");
        json_array_foreach(v, i, item)
            if (json_is_string(item))
                html_f(h, "<li>%t</li>", json_string_value(item));
        html_lit(h, "</ul>\n");
    }
    html_f(h,
           "<p class=\"govuk-body-s\">Worked out on %t for %t, with %t's resource allocation "
           "system, version %t. Reference: calculation %l.</p>\n",
           assess_ui_stamp(req, calc->asked_at),
           *calc->asked_by_name ? calc->asked_by_name : calc->asked_by,
           jstr(json_object_get(doc, "configuration"), "council_name")
               ? jstr(json_object_get(doc, "configuration"), "council_name")
               : "the council",
           calc->config_version, calc->id);
    if (may_complete && ctx->as.status == ASSESS_COMPLETED)
        html_f(h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Change the budget "
               "(with a reason the person will see)</a></p>\n",
               url(req, ctx->person_id, "/budget/override"));
    json_decref(doc);
}

void page_assess_budget(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc calc;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    struct assess_decision dec;
    const char *sent = NULL, *older;
    int rc = ERR_NOT_FOUND;
    bool may_complete, not_eligible = false;

    if (!load(req, true, &ctx))
        return;
    (void)request_query(req, "sent", &sent, &e);
    (void)request_query(req, "assessment", &older, &e);
    err_clear(&e);
    if (ctx.has_assessment) {
        if (store_acquire(req->app->store, &c, &e) != 0) {
            unavailable(req);
            return;
        }
        rc = assess_budget_standing(c, req->who->council_id, ctx.as.id, &req->arena, &calc, &e);
        if (ctx.as.status == ASSESS_COMPLETED &&
            assess_decision_get(c, req->who->council_id, ctx.as.id, &req->arena, &dec, &e) == 0)
            not_eligible = !dec.eligible;
        store_release(c);
        if (rc != 0 && rc != ERR_NOT_FOUND) {
            unavailable(req);
            return;
        }
    }
    may_complete = assess_web_may(req, ACT_ASSESSMENT_COMPLETE, ctx.person_id);
    begin(req, &h, &ctx, ctx.self ? "Your indicative budget" : "Indicative budget",
          url(req, ctx.person_id, "/assessment"), NULL, 0);
    if (sent && rc == 0)
        html_lit(&h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                     "role=\"alert\" aria-labelledby=\"sent-title\" "
                     "data-module=\"govuk-notification-banner\"><div "
                     "class=\"govuk-notification-banner__header\"><h2 "
                     "class=\"govuk-notification-banner__title\" id=\"sent-title\">Success</h2>"
                     "</div><div class=\"govuk-notification-banner__content\"><p "
                     "class=\"govuk-notification-banner__heading\">Your assessment has been sent. "
                     "Your worker will check it with you.</p></div></div>\n");
    if (!ctx.has_assessment || ctx.as.status == ASSESS_DRAFT)
        html_f(&h,
               "<p class=\"govuk-body\">The indicative budget is worked out as soon as the "
               "assessment is sent.</p><p class=\"govuk-body\"><a class=\"govuk-link\" "
               "href=\"%u\">Go to the assessment</a></p>\n",
               url(req, ctx.person_id, "/assessment"));
    else if (not_eligible)
        html_f(&h,
               "<p class=\"govuk-body\">The needs in this assessment were not found eligible, so "
               "there is no personal budget. Any indicative figure shown when the assessment was "
               "sent no longer applies. <a class=\"govuk-link\" href=\"%u\">See the decision and "
               "its reasons</a>.</p>\n",
               url(req, ctx.person_id, "/eligibility"));
    else if (rc == ERR_NOT_FOUND)
        html_lit(&h, "<p class=\"govuk-body\">No budget has been worked out for this assessment: "
                     "the council has no resource allocation system in force for it. The worker "
                     "will tell you about the money for your support.</p>\n");
    else
        render_result(req, &h, &ctx, &calc, may_complete && !older);
    layout_end(req, &h);
}

/* ---- the eligibility decision --------------------------------------------------------------- */

void page_assess_eligibility(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_decision d;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    int rc = ERR_NOT_FOUND;

    if (!load(req, true, &ctx))
        return;
    if (ctx.has_assessment) {
        if (store_acquire(req->app->store, &c, &e) != 0) {
            unavailable(req);
            return;
        }
        rc = assess_decision_get(c, req->who->council_id, ctx.as.id, &req->arena, &d, &e);
        store_release(c);
        if (rc != 0 && rc != ERR_NOT_FOUND) {
            unavailable(req);
            return;
        }
    }
    begin(req, &h, &ctx, ctx.self ? "Your eligibility decision" : "Eligibility decision",
          url(req, ctx.person_id, "/assessment"), NULL, 0);
    if (rc != 0) {
        html_lit(&h, "<p class=\"govuk-body\">The decision is made when the worker completes the "
                     "assessment. It will be shown here, with the reasons.</p>\n");
        layout_end(req, &h);
        return;
    }
    html_f(&h, "<p class=\"govuk-body\"><strong class=\"%a\">%t</strong></p>\n",
           d.eligible ? "govuk-tag govuk-tag--green" : "govuk-tag govuk-tag--grey",
           d.eligible ? "Eligible needs" : "Needs not eligible");
    html_f(&h,
           "<p class=\"govuk-body\">This is the council's decision under the Care Act 2014 and the "
           "Care and Support (Eligibility Criteria) Regulations 2015, made on %t%t%t after %t "
           "%t.</p>\n",
           assess_ui_date(req, d.decided_on), *d.decided_by_name ? " by " : "", d.decided_by_name,
           ctx.self ? "your" : "the",
           d.kind == ASSESS_CARER ? "carer's assessment" : "needs assessment");
    html_lit(&h, "<h2 class=\"govuk-heading-m\">The reasons</h2>\n");
    {
        /* The decision's paragraphs are separated by blank lines. */
        const char *p = d.decision_text;
        while (p && *p) {
            const char *end = strstr(p, "\n\n");
            size_t len = end ? (size_t)(end - p) : strlen(p);
            html_f(&h, "<p class=\"govuk-body\">%t</p>\n", arena_strndup(&req->arena, p, len));
            p = end ? end + 2 : NULL;
        }
    }
    html_f(&h,
           "<p class=\"govuk-body\">Ordinary residence: %t.</p>\n",
           strcmp(d.ordinary_residence, "confirmed") == 0
               ? "confirmed that the council is responsible for meeting these needs"
               : "not confirmed; the council will check which council is responsible");
    html_f(&h,
           "<h2 class=\"govuk-heading-m\">Keep a copy</h2><p class=\"govuk-body\">This page is "
           "your written record of the decision. <a class=\"govuk-link\" href=\"%u\" "
           "download>Download it as a PDF</a>, or print this page. If you think the decision is "
           "wrong, or things change, contact the council and ask for it to be looked at "
           "again.</p>\n",
           arena_printf(&req->arena, "/people/%" PRId64 "/eligibility.pdf?assessment=%" PRId64,
                        ctx.person_id, ctx.as.id));
    layout_end(req, &h);
}

void page_assess_eligibility_pdf(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_decision d;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct buf pdf;
    int rc = ERR_NOT_FOUND, pages = 0;

    if (!load(req, true, &ctx))
        return;
    if (ctx.has_assessment) {
        if (store_acquire(req->app->store, &c, &e) != 0) {
            unavailable(req);
            return;
        }
        rc = assess_decision_get(c, req->who->council_id, ctx.as.id, &req->arena, &d, &e);
        store_release(c);
    }
    if (rc == ERR_NOT_FOUND) {
        /* No decision yet: the page says so, and when it will come. */
        response_redirect(req, url(req, ctx.person_id, "/eligibility"));
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    buf_init(&pdf, 4u << 20);
    rc = assess_pdf_decision(&d, ctx.person_name, ctx.person_reference,
                             req->who->council_name, &pdf, &pages, &e);
    if (rc != 0) {
        buf_release(&pdf);
        router_refuse(req, 500, UNAVAILABLE, "The PDF could not be made. The decision page has "
                                             "the same content.");
        return;
    }
    response_start(req, 200, "application/pdf");
    (void)response_header(req, "Content-Disposition",
                          arena_printf(&req->arena,
                                       "attachment; filename=\"eligibility-decision-%" PRId64
                                       ".pdf\"",
                                       d.id));
    if (buf_add(&req->res.body, pdf.data, pdf.len) != 0)
        router_refuse(req, 500, UNAVAILABLE, "The PDF is too large.");
    buf_release(&pdf);
}

/* ---- "what I pay and why" -------------------------------------------------------------------- */

void page_assess_contribution(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_finance fin;
    struct assess_net_budget nb;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    json_t *doc = NULL, *lines, *item;
    size_t i;
    int rc;
    day_t today = assess_web_today(req);

    if (!load(req, false, &ctx))
        return;
    if (store_acquire(req->app->store, &c, &e) != 0) {
        unavailable(req);
        return;
    }
    rc = assess_finance_in_force(c, req->who->council_id, ctx.person_id, today, &req->arena, &fin,
                                 &e);
    if (rc == 0 || rc == ERR_NOT_FOUND)
        rc = assess_net_budget(c, req->who->council_id, ctx.person_id, today, &nb, &e) == 0
                 ? rc
                 : ERR_IO;
    store_release(c);
    if (rc != 0 && rc != ERR_NOT_FOUND) {
        unavailable(req);
        return;
    }
    begin(req, &h, &ctx, ctx.self ? "What you pay and why" : "What they pay and why",
          url(req, ctx.person_id, "/assessment"), NULL, 0);
    if (rc == ERR_NOT_FOUND) {
        html_lit(&h, "<p class=\"govuk-body\">No financial assessment has been made yet. The "
                     "council works out what you pay towards your care from your income and "
                     "savings, and shows it here line by line.</p>\n");
    } else if ((doc = json_loads(fin.result_json, 0, NULL)) != NULL) {
        html_f(&h,
               "<div class=\"govuk-panel govuk-panel--confirmation\"><h2 "
               "class=\"govuk-panel__title\">%t a week</h2><div class=\"govuk-panel__body\">from "
               "%t</div></div>\n",
               assess_ui_money(req, fin.weekly_contribution), assess_ui_date(req, fin.effective_from));
        html_f(&h,
               "<p class=\"govuk-body\">This is what %t pay%t each week towards the care and support "
               "the council arranges, worked out under the Care and Support (Charging and "
               "Assessment of Resources) Regulations 2014. It is never more than the care costs "
               "(%t a week).</p>\n",
               ctx.self ? "you" : "they", "", assess_ui_money(req, fin.weekly_cost_of_care));
        /* A summary list rather than a table: it stacks on a phone without breaking amounts. */
        html_lit(&h, "<h2 class=\"govuk-heading-m\">How it was worked out</h2>\n<dl "
                     "class=\"govuk-summary-list\">");
        lines = json_object_get(doc, "lines");
        json_array_foreach(lines, i, item)
            html_f(&h,
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key "
                   "govuk-!-font-weight-regular\">%t</dt><dd class=\"govuk-summary-list__value "
                   "govuk-!-font-weight-bold\">%t a week</dd></div>\n",
                   jstr(item, "label") ? jstr(item, "label") : "",
                   assess_ui_pounds(req, jstr(item, "weekly")));
        html_lit(&h, "</dl>\n");
        lines = json_object_get(doc, "warnings");
        if (json_array_size(lines)) {
            html_lit(&h, "<div class=\"govuk-warning-text\"><span "
                         "class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong "
                         "class=\"govuk-warning-text__text\"><span "
                         "class=\"govuk-visually-hidden\">Warning</span>Some figures used are "
                         "still being confirmed:</strong></div><ul class=\"govuk-list "
                         "govuk-list--bullet\">");
            json_array_foreach(lines, i, item)
                if (json_is_string(item))
                    html_f(&h, "<li>%t</li>", json_string_value(item));
            html_lit(&h, "</ul>\n");
        }
        html_f(&h, "<p class=\"govuk-body-s\">Assessed by %t on %t.</p>\n",
               *fin.assessed_by_name ? fin.assessed_by_name : fin.assessed_by,
               assess_ui_stamp(req, fin.created_at));
        json_decref(doc);
    }
    if (nb.has_budget) {
        html_lit(&h, "<h2 class=\"govuk-heading-m\">Your personal budget</h2><dl "
                     "class=\"govuk-summary-list\">");
        ui_summary_row(&h, "Personal budget", arena_printf(&req->arena, "%s a week",
                                                           assess_ui_money(req, nb.budget_weekly)));
        ui_summary_row(&h, "You pay", arena_printf(&req->arena, "%s a week",
                                                   assess_ui_money(req, nb.contribution_weekly)));
        ui_summary_row(&h, "The council pays",
                       arena_printf(&req->arena, "%s a week (%s a year)",
                                    assess_ui_money(req, nb.net_weekly),
                                    assess_ui_money(req, nb.net_annual)));
        html_lit(&h, "</dl>\n");
    }
    html_lit(&h, "<p class=\"govuk-body\">If your income, savings or costs change, or you think "
                 "something is wrong, tell the council: they will look at it again.</p>\n");
    if (assess_web_may(req, ACT_FINANCIAL_ASSESS, ctx.person_id))
        html_f(&h,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Make a new financial "
               "assessment</a></p>\n",
               url(req, ctx.person_id, "/financial-assessment"));
    layout_end(req, &h);
}
