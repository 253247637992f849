/* pages_assess_worker.c — the worker's side of issue 4: review and complete (or verify) an
 * assessment with the professional judgements the regulations leave to the assessor, which
 * makes the eligibility decision and works out the budget; override the budget with a reason;
 * and the financial assessment form. See pages_assess.h; docs/assessment.md. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/charging/charging.h"
#include "domain/ras.h"
#include "store/assess_store.h"
#include "store/records.h"
#include "store/store.h"
#include "web/app.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_assess.h"
#include "web/people.h"
#include "web/router.h"

static void unavailable(struct request *req)
{
    router_refuse(req, 503, "Sorry, there is a problem with the service",
                  "Try again later. Nothing you entered has been lost.");
}

static bool load(struct request *req, struct assess_ctx *ctx)
{
    struct err e = {0};
    int rc = assess_web_load(req, false, ctx, &e);
    if (rc == 0)
        return true;
    if (rc == ERR_NOT_FOUND)
        router_refuse(req, 404, "Page not found", "There is no such record.");
    else
        unavailable(req);
    return false;
}

static const char *url(struct request *req, int64_t person_id, const char *tail)
{
    return arena_printf(&req->arena, "/people/%" PRId64 "%s", person_id, tail);
}

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

static void yes_no(struct html *h, const struct form_errors *fe, const char *name,
                   const char *legend, const char *hint, enum elig_answer v)
{
    assess_ui_fieldset_begin(h, fe, name, legend, true, hint);
    assess_ui_radios_begin(h, true);
    assess_ui_radio(h, name, 0, &(struct ui_choice){"yes", "Yes", NULL, v == ELIG_YES, false},
                    false);
    assess_ui_radio(h, name, 1, &(struct ui_choice){"no", "No", NULL, v == ELIG_NO, false}, false);
    assess_ui_radios_end(h);
    assess_ui_fieldset_end(h);
}

/* ---- review and complete --------------------------------------------------------------------- */

static void render_review(struct request *req, const struct assess_ctx *ctx,
                          const struct form_errors *fe, const char *problem, int status)
{
    const struct ras_flag *flags = NULL;
    size_t nflags = 0;
    struct err e = {0};
    struct html h;
    const struct assessment *as = &ctx->as;
    char version[24];
    bool carer = as->kind == ASSESS_CARER;

    if (assess_web_flags(req, ctx, &flags, &nflags, &e) != 0) {
        unavailable(req);
        return;
    }
    layout_begin(req, &h,
                 &(struct page){.title = "Review and complete the assessment",
                                .caption = ctx->person_name, .nav = "people",
                                .back_href = url(req, ctx->person_id, "/assessment"), .errors = fe});
    if (problem)
        html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", problem);
    html_f(&h,
           "<p class=\"govuk-body\">%t, started by %t. Check the answers with the person and "
           "change any that are not right, then record your judgement below. Completing it makes "
           "the eligibility decision and works out the indicative budget; both are shown to the "
           "person straight away.</p>\n",
           carer ? "Carer's assessment" : "Needs assessment", as->started_by_name);
    assess_web_render_flags(req, &h, ctx, flags, nflags);
    assess_web_render_answers(req, &h, ctx, true);

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Your judgement</h2>\n");
    ui_form_begin(req, &h, url(req, ctx->person_id, "/assessment/complete"));
    snprintf(version, sizeof version, "%" PRId64, as->version);
    assess_ui_hidden(&h, "version", version);
    yes_no(&h, fe, "condition1",
           carer ? "Condition 1: do the needs arise from providing necessary care to an adult?"
                 : "Condition 1: do the needs arise from, or relate to, a physical or mental "
                   "impairment or illness?",
           carer ? "Regulation 3(1)(a). The person cared for need not have eligible needs."
                 : "Regulation 2(1)(a).",
           as->condition1);
    if (carer)
        yes_no(&h, fe, "health_at_risk",
               "Is the carer's physical or mental health deteriorating, or at risk of doing so?",
               "Regulation 3(1)(b)(i): on its own this meets condition 2.", as->health_at_risk);
    yes_no(&h, fe, "significant_impact",
           "Condition 3: as a consequence, is there, or is there likely to be, a significant "
           "impact on wellbeing?",
           "Your professional judgement, taking the person's own view into account.",
           as->significant_impact);
    assess_ui_fieldset_begin(&h, fe, "wellbeing", "Wellbeing areas affected (Care Act s.1(2))",
                             true, "Needed when there is a significant impact.");
    assess_ui_checkboxes_begin(&h);
    for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1) {
        char *label = arena_strdup(&req->arena, elig_wellbeing_label(bit));
        if (label && label[0] >= 'a' && label[0] <= 'z')
            label[0] = (char)(label[0] - 'a' + 'A');
        assess_ui_checkbox(&h, arena_printf(&req->arena, "wb_%s", elig_wellbeing_key(bit)),
                           &(struct ui_choice){"1", label ? label : "", NULL,
                                               (as->wellbeing & bit) != 0, false});
    }
    assess_ui_checkboxes_end(&h);
    assess_ui_fieldset_end(&h);
    assess_ui_fieldset_begin(&h, fe, "ordinary_residence", "Ordinary residence (Care Act s.39)",
                             true, "Is the person ordinarily resident in the council's area?");
    assess_ui_radios_begin(&h, false);
    assess_ui_radio(&h, "ordinary_residence", 0,
                    &(struct ui_choice){"confirmed", "Confirmed", NULL,
                                        strcmp(as->ordinary_residence, "confirmed") == 0, false},
                    false);
    assess_ui_radio(&h, "ordinary_residence", 1,
                    &(struct ui_choice){"not_confirmed", "Not confirmed yet", NULL,
                                        strcmp(as->ordinary_residence, "not_confirmed") == 0,
                                        false},
                    false);
    assess_ui_radios_end(&h);
    assess_ui_fieldset_end(&h);
    if (ctx->cfg) {
        bool any = false;
        for (size_t i = 0; i < ctx->cfg->nadjustments; i++)
            any |= !ctx->cfg->adjustments[i].automatic;
        if (any) {
            assess_ui_fieldset_begin(&h, fe, "adjustments", "Budget adjustments to apply", true,
                                     "Only those the council's resource allocation system "
                                     "leaves to the assessor. The others follow from the "
                                     "answers.");
            assess_ui_checkboxes_begin(&h);
            for (size_t i = 0; i < ctx->cfg->nadjustments; i++) {
                const struct ras_adjustment *adj = &ctx->cfg->adjustments[i];
                if (adj->automatic)
                    continue;
                assess_ui_checkbox(&h, arena_printf(&req->arena, "adj_%s", adj->id),
                                   &(struct ui_choice){"1", adj->title, adj->explanation,
                                                       assess_has_adjustment(as, adj->id), false});
            }
            assess_ui_checkboxes_end(&h);
            assess_ui_fieldset_end(&h);
        }
    }
    ui_button(&h, "Complete the assessment");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static bool reviewable(struct request *req, const struct assess_ctx *ctx)
{
    struct html h;
    if (ctx->has_assessment && ctx->as.status != ASSESS_COMPLETED)
        return true;
    layout_begin(req, &h,
                 &(struct page){.title = "There is no assessment to complete",
                                .caption = ctx->person_name, .nav = "people",
                                .back_href = url(req, ctx->person_id, "/assessment")});
    html_f(&h,
           "<p class=\"govuk-body\">%t</p><p class=\"govuk-body\"><a class=\"govuk-link\" "
           "href=\"%u\">Go to the assessment page</a></p>\n",
           ctx->has_assessment ? "This assessment has already been completed."
                               : "No assessment has been started for this person.",
           url(req, ctx->person_id, "/assessment"));
    layout_end(req, &h);
    return false;
}

void page_assess_review(struct request *req)
{
    struct assess_ctx ctx;
    if (!load(req, &ctx) || !reviewable(req, &ctx))
        return;
    render_review(req, &ctx, NULL, NULL, 0);
}

static int yes_no_field(struct request *req, const char *name, enum elig_answer *out)
{
    const char *v;
    if (!field(req, name, &v))
        return -1;
    if (strcmp(v, "yes") == 0)
        *out = ELIG_YES;
    else if (strcmp(v, "no") == 0)
        *out = ELIG_NO;
    else
        return 1;
    return 0;
}

void page_assess_complete_post(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_decision d;
    struct form_errors fe = {0};
    struct err e = {0};
    const char *version_s, *res;
    int64_t version = 0;
    struct buf adj;
    int rc;
    bool carer;

    if (!field(req, "version", &version_s) ||
        str_to_i64(version_s, strlen(version_s), 1, INT64_MAX, &version) != 0 ||
        !field(req, "ordinary_residence", &res)) {
        router_refuse(req, 400, "The form could not be read",
                      "Go back, reload the page and complete the assessment again.");
        return;
    }
    if (!load(req, &ctx) || !reviewable(req, &ctx))
        return;
    carer = ctx.as.kind == ASSESS_CARER;
    if (version != ctx.as.version) {
        render_review(req, &ctx, NULL,
                      "The answers changed while this page was open. Check them again, then "
                      "complete the assessment.",
                      409);
        return;
    }
    if (yes_no_field(req, "condition1", &ctx.as.condition1) != 0)
        form_errors_add(&fe, "condition1", "Record whether condition 1 is met.");
    if (carer && yes_no_field(req, "health_at_risk", &ctx.as.health_at_risk) != 0)
        form_errors_add(&fe, "health_at_risk", "Record whether the carer's health is at risk.");
    if (yes_no_field(req, "significant_impact", &ctx.as.significant_impact) != 0)
        form_errors_add(&fe, "significant_impact", "Record whether there is a significant impact "
                                                   "on wellbeing.");
    ctx.as.wellbeing = 0;
    for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1) {
        const char *v;
        if (field(req, arena_printf(&req->arena, "wb_%s", elig_wellbeing_key(bit)), &v) && *v)
            ctx.as.wellbeing |= bit;
    }
    if (ctx.as.significant_impact == ELIG_YES && ctx.as.wellbeing == 0)
        form_errors_add(&fe, "wellbeing", "Select the wellbeing areas affected.");
    if (ctx.as.significant_impact == ELIG_NO)
        ctx.as.wellbeing = 0;
    if (strcmp(res, "confirmed") != 0 && strcmp(res, "not_confirmed") != 0)
        form_errors_add(&fe, "ordinary_residence", "Record the ordinary residence check.");
    else
        ctx.as.ordinary_residence = res;
    buf_init(&adj, 2000);
    for (size_t i = 0; ctx.cfg && i < ctx.cfg->nadjustments; i++) {
        const char *v;
        if (ctx.cfg->adjustments[i].automatic)
            continue;
        if (field(req, arena_printf(&req->arena, "adj_%s", ctx.cfg->adjustments[i].id), &v) && *v)
            (void)buf_addf(&adj, "%s%s", adj.len ? "," : "", ctx.cfg->adjustments[i].id);
    }
    ctx.as.adjustments = arena_strdup(&req->arena, adj.data);
    buf_release(&adj);
    if (fe.n) {
        render_review(req, &ctx, &fe, NULL, 422);
        return;
    }
    rc = assess_web_complete(req, &ctx, &d, &e);
    if (rc == ERR_INVALID) {
        /* The rules refused the input (an outcome not recorded ...): say which. */
        (void)load(req, &ctx);
        render_review(req, &ctx, NULL, e.msg, 422);
        return;
    }
    if (rc == ERR_CONFLICT) {
        (void)load(req, &ctx);
        render_review(req, &ctx, NULL, e.msg, 409);
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    response_redirect(req, url(req, ctx.person_id, "/eligibility"));
}

/* ---- the override ---------------------------------------------------------------------------- */

static void render_override(struct request *req, const struct assess_ctx *ctx,
                            const struct assess_calc *calc, const struct form_errors *fe,
                            const char *amount, const char *reason, int status)
{
    struct html h;
    layout_begin(req, &h,
                 &(struct page){.title = "Change the indicative budget", .caption = ctx->person_name,
                                .nav = "people", .back_href = url(req, ctx->person_id, "/budget"),
                                .errors = fe});
    html_f(&h,
           "<p class=\"govuk-body\">The resource allocation system worked out %t a week. A "
           "different figure needs a reason: the person sees both figures and your reason, and "
           "every change is kept.</p>\n",
           assess_ui_money(req, calc->weekly_calculated));
    ui_form_begin(req, &h, url(req, ctx->person_id, "/budget/override"));
    ui_input(&h, fe,
             &(struct field){.id = "weekly", .label = "New weekly amount, in pounds",
                             .value = amount, .hint = "For example 310.00", .type = "text",
                             .width_class = "govuk-input--width-10"});
    assess_ui_textarea(&h, fe, "reason", "Reason (shown to the person)", false,
                       "Say what the calculation does not cover, in words the person will "
                       "understand.",
                       reason, 5);
    ui_button(&h, "Change the budget");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

/* The figure to override: the standing one of a completed assessment. */
static bool override_target(struct request *req, struct assess_ctx *ctx, struct assess_calc *calc)
{
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc;
    if (!load(req, ctx))
        return false;
    if (!ctx->has_assessment || ctx->as.status != ASSESS_COMPLETED) {
        router_refuse(req, 409, "Complete the assessment first",
                      "The budget can be changed once the assessment is completed.");
        return false;
    }
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0)
        rc = assess_budget_standing(c, req->who->council_id, ctx->as.id, &req->arena, calc, &e);
    store_release(c);
    if (rc == ERR_NOT_FOUND) {
        router_refuse(req, 409, "There is no budget to change",
                      "No indicative budget has been worked out for this assessment.");
        return false;
    }
    if (rc != 0) {
        unavailable(req);
        return false;
    }
    return true;
}

void page_assess_override(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc calc;
    if (!override_target(req, &ctx, &calc))
        return;
    render_override(req, &ctx, &calc, NULL, "", "", 0);
}

void page_assess_override_post(struct request *req)
{
    struct assess_ctx ctx;
    struct assess_calc calc, ov;
    struct form_errors fe = {0};
    struct store_conn *c = NULL;
    struct err e = {0};
    const char *amount, *reason;
    int64_t weekly = 0;
    struct assess_actor by;
    int rc;

    if (!field(req, "weekly", &amount) || !field(req, "reason", &reason)) {
        router_refuse(req, 400, "The form could not be read", "Reload the page and try again.");
        return;
    }
    if (!override_target(req, &ctx, &calc))
        return;
    if (money_parse(amount, strlen(amount), 0, &weekly, "weekly", &e) != 0)
        form_errors_add(&fe, "weekly", "Enter the weekly amount in pounds, like 310.00.");
    if (slice_trim(slice_of(reason)).n == 0)
        form_errors_add(&fe, "reason", "Give the reason for the change.");
    if (fe.n) {
        render_override(req, &ctx, &calc, &fe, amount, reason, 422);
        return;
    }
    by = assess_web_actor(req);
    err_clear(&e);
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
    if (rc == ERR_INVALID) {
        form_errors_add(&fe, strcmp(e.field, "weekly") == 0 ? "weekly" : "reason",
                        arena_strdup(&req->arena, e.msg));
        render_override(req, &ctx, &calc, &fe, amount, reason, 422);
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    response_redirect(req, url(req, ctx.person_id, "/budget"));
}

/* ---- the financial assessment ---------------------------------------------------------------- */

/* Rows of the form: each income kind, the usual housing costs and disability-related expenses,
 * as the charging domain names them. Amounts are weekly; "other" rows take a label. */
static const char *const HOUSING[] = {"rent", "mortgage", "council_tax", "service_charges"};
static const char *const DRE[] = {"community_alarm", "extra_heating", "extra_laundry",
                                  "special_diet",    "equipment",     "transport"};

static const char *label_of(struct request *req, const char *key)
{
    char *s = arena_strdup(&req->arena, key);
    for (char *p = s; p && *p; p++)
        if (*p == '_')
            *p = ' ';
    if (s && s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    return s ? s : key;
}

static const char *typed(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (!req->form_parsed && strcmp(request_media_type(req), "application/x-www-form-urlencoded"))
        return "";
    if (request_form(req, name, &v, &e) != 0 || !v)
        return "";
    return v;
}

static void money_row(struct request *req, struct html *h, const struct form_errors *fe,
                      const char *id, const char *label, const char *hint)
{
    ui_input(h, fe,
             &(struct field){.id = id, .label = label, .value = typed(req, id), .hint = hint,
                             .type = "text", .width_class = "govuk-input--width-10"});
}

static void render_finance(struct request *req, const struct assess_ctx *ctx,
                           const struct form_errors *fe, const char *problem,
                           int64_t default_cost, int status)
{
    struct html h;
    const char *v;
    char today[DATE_ISO_SIZE];
    bool posted = req->method == HTTP_POST;

    date_format_iso(assess_web_today(req), today);
    layout_begin(req, &h,
                 &(struct page){.title = "Financial assessment", .caption = ctx->person_name,
                                .nav = "people", .back_href = url(req, ctx->person_id, "/contribution"),
                                .errors = fe});
    if (problem)
        html_f(&h, "<div class=\"govuk-inset-text\">%t</div>\n", problem);
    html_lit(&h, "<p class=\"govuk-body\">Works out the weekly contribution under the Care and "
                 "Support (Charging and Assessment of Resources) Regulations 2014, with the "
                 "council's charging settings in force on the date below. Enter weekly amounts in "
                 "pounds; leave a row empty when it does not apply. The person sees every line of "
                 "the result.</p>\n");
    ui_form_begin(req, &h, url(req, ctx->person_id, "/financial-assessment"));
    html_lit(&h, "<h2 class=\"govuk-heading-m\">The assessment</h2>\n");
    ui_input(&h, fe,
             &(struct field){.id = "effective_from", .label = "Date it takes effect",
                             .value = posted ? typed(req, "effective_from") : today,
                             .hint = "For example 2026-04-06. The tax year's rates and the "
                                     "person's age on this date are used.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "weekly_cost_of_care",
                             .label = "Weekly cost of the care and support",
                             .value = posted ? typed(req, "weekly_cost_of_care")
                                      : default_cost >= 0
                                          ? arena_printf(&req->arena, "%" PRId64 ".%02" PRId64,
                                                         default_cost / 100, default_cost % 100)
                                          : "",
                             .hint = "The person never pays more than this. It starts as their "
                                     "indicative budget.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    v = posted ? typed(req, "category") : "single";
    assess_ui_fieldset_begin(&h, fe, "category", "Household", true, NULL);
    assess_ui_radios_begin(&h, false);
    assess_ui_radio(&h, "category", 0,
                    &(struct ui_choice){"single", "Single", NULL, strcmp(v, "single") == 0, false},
                    false);
    assess_ui_radio(&h, "category", 1,
                    &(struct ui_choice){"lone_parent", "Lone parent", NULL,
                                        strcmp(v, "lone_parent") == 0, false},
                    false);
    assess_ui_radio(&h, "category", 2,
                    &(struct ui_choice){"couple", "Member of a couple", NULL,
                                        strcmp(v, "couple") == 0, false},
                    false);
    assess_ui_radios_end(&h);
    assess_ui_fieldset_end(&h);
    ui_input(&h, fe,
             &(struct field){.id = "children", .label = "Dependent children in the household",
                             .value = typed(req, "children"), .type = "text",
                             .width_class = "govuk-input--width-3"});

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Capital</h2>\n");
    money_row(req, &h, fe, "capital", "Capital in the person's own name",
              "Savings and investments, after disregards. Leave out the home they live in.");
    money_row(req, &h, fe, "joint_capital", "Capital held jointly with one other person",
              "Half of it counts.");

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Weekly income</h2>\n");
    for (int k = 0; k < CHARGING_INCOME_KIND_COUNT; k++) {
        const char *name = charging_income_kind_name((enum charging_income_kind)k);
        money_row(req, &h, fe, arena_printf(&req->arena, "income_%s", name),
                  charging_income_kind_label((enum charging_income_kind)k), NULL);
    }
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Weekly housing costs</h2>\n");
    for (size_t i = 0; i < sizeof HOUSING / sizeof HOUSING[0]; i++)
        money_row(req, &h, fe, arena_printf(&req->arena, "housing_%s", HOUSING[i]),
                  label_of(req, HOUSING[i]), i == 0 ? "Net of Housing Benefit." : NULL);
    html_lit(&h, "<h2 class=\"govuk-heading-m\">Weekly disability-related expenditure</h2>\n");
    for (size_t i = 0; i < sizeof DRE / sizeof DRE[0]; i++)
        money_row(req, &h, fe, arena_printf(&req->arena, "dre_%s", DRE[i]),
                  label_of(req, DRE[i]), NULL);

    html_lit(&h, "<h2 class=\"govuk-heading-m\">Minimum Income Guarantee</h2>\n");
    assess_ui_fieldset_begin(&h, fe, "premiums", "Premiums that apply", true,
                             "Added to the Minimum Income Guarantee from the rates for the year.");
    assess_ui_checkboxes_begin(&h);
    for (int p = 0; p < CHARGING_PREMIUM_COUNT; p++) {
        const char *name = charging_premium_name((enum charging_premium)p);
        const char *id = arena_printf(&req->arena, "premium_%s", name);
        assess_ui_checkbox(&h, id,
                           &(struct ui_choice){"1", label_of(req, name), NULL, *typed(req, id) != 0,
                                               false});
    }
    assess_ui_checkboxes_end(&h);
    assess_ui_fieldset_end(&h);
    v = posted ? typed(req, "receives_night_care") : "";
    assess_ui_fieldset_begin(&h, fe, "receives_night_care", "Does the council fund night care?",
                             true, "Needed when the council's night-care rule depends on it.");
    assess_ui_radios_begin(&h, true);
    assess_ui_radio(&h, "receives_night_care", 0,
                    &(struct ui_choice){"yes", "Yes", NULL, strcmp(v, "yes") == 0, false}, false);
    assess_ui_radio(&h, "receives_night_care", 1,
                    &(struct ui_choice){"no", "No", NULL, strcmp(v, "no") == 0, false}, false);
    assess_ui_radios_end(&h);
    assess_ui_fieldset_end(&h);
    ui_button(&h, "Work out the contribution");
    ui_form_end(&h);
    layout_end(req, &h);
    if (status && req->res.status == 200)
        req->res.status = status;
}

static int64_t default_cost(struct request *req, const struct assess_ctx *ctx)
{
    struct assess_net_budget nb;
    struct store_conn *c = NULL;
    struct err e = {0};
    int64_t out = -1;
    if (store_acquire(req->app->store, &c, &e) == 0 &&
        assess_net_budget(c, req->who->council_id, ctx->person_id, assess_web_today(req), &nb,
                          &e) == 0 &&
        nb.has_budget)
        out = nb.budget_weekly;
    store_release(c);
    return out;
}

void page_assess_finance(struct request *req)
{
    struct assess_ctx ctx;
    if (!load(req, &ctx))
        return;
    render_finance(req, &ctx, NULL, NULL, default_cost(req, &ctx), 0);
}

/* Adds {"kind": k, "weekly": v} to arr when the field holds an amount; false (with the error
 * added) when it holds something that is not one. */
static bool amount_item(struct request *req, struct form_errors *fe, json_t *arr, const char *id,
                        const char *kind)
{
    const char *v = typed(req, id);
    int64_t p;
    if (slice_trim(slice_of(v)).n == 0)
        return true;
    if (money_parse(v, strlen(v), 0, &p, id, NULL) != 0) {
        form_errors_add(fe, id, "Enter a weekly amount in pounds, like 12.50, or leave it empty.");
        return false;
    }
    if (p == 0)
        return true;
    json_array_append_new(arr, json_pack("{s:s, s:s}", "kind", kind, "weekly", v));
    return true;
}

void page_assess_finance_post(struct request *req)
{
    struct assess_ctx ctx;
    struct form_errors fe = {0};
    struct assess_finance fin;
    struct assess_actor by;
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *doc, *income, *housing, *dre, *premiums;
    const char *eff_s = typed(req, "effective_from"), *v;
    char *text = NULL;
    day_t eff = 0;
    int64_t p, children = 0;
    int rc;

    if (!load(req, &ctx))
        return;
    if (strcmp(request_media_type(req), "application/x-www-form-urlencoded") != 0) {
        router_refuse(req, 400, "The form could not be read", "Reload the page and try again.");
        return;
    }
    doc = json_object();
    income = json_array();
    housing = json_array();
    dre = json_array();
    premiums = json_array();
    if (date_parse_iso(eff_s, strlen(eff_s), &eff, "effective_from", NULL) != 0)
        form_errors_add(&fe, "effective_from", "Enter the date it takes effect, like 2026-04-06.");
    v = typed(req, "weekly_cost_of_care");
    if (money_parse(v, strlen(v), 0, &p, "weekly_cost_of_care", NULL) != 0)
        form_errors_add(&fe, "weekly_cost_of_care", "Enter the weekly cost of care in pounds.");
    else
        json_object_set_new(doc, "weekly_cost_of_care", json_string(v));
    v = typed(req, "category");
    json_object_set_new(doc, "category", json_string(*v ? v : "single"));
    v = typed(req, "children");
    if (*v && str_to_i64(v, strlen(v), 0, 20, &children) != 0)
        form_errors_add(&fe, "children", "Enter the number of children, from 0 to 20.");
    json_object_set_new(doc, "children", json_integer(children));
    v = typed(req, "capital");
    if (money_parse(*v ? v : "0", strlen(*v ? v : "0"), 0, &p, "capital", NULL) != 0)
        form_errors_add(&fe, "capital", "Enter the capital in pounds, or leave it empty for none.");
    json_object_set_new(doc, "capital", json_string(*v ? v : "0"));
    v = typed(req, "joint_capital");
    if (*v) {
        if (money_parse(v, strlen(v), 0, &p, "joint_capital", NULL) != 0)
            form_errors_add(&fe, "joint_capital", "Enter the joint capital in pounds, or leave it "
                                                  "empty.");
        else
            json_object_set_new(doc, "joint_capital", json_string(v));
    }
    for (int k = 0; k < CHARGING_INCOME_KIND_COUNT; k++) {
        const char *name = charging_income_kind_name((enum charging_income_kind)k);
        (void)amount_item(req, &fe, income, arena_printf(&req->arena, "income_%s", name), name);
    }
    for (size_t i = 0; i < sizeof HOUSING / sizeof HOUSING[0]; i++)
        (void)amount_item(req, &fe, housing, arena_printf(&req->arena, "housing_%s", HOUSING[i]),
                          HOUSING[i]);
    for (size_t i = 0; i < sizeof DRE / sizeof DRE[0]; i++)
        (void)amount_item(req, &fe, dre, arena_printf(&req->arena, "dre_%s", DRE[i]), DRE[i]);
    for (int k = 0; k < CHARGING_PREMIUM_COUNT; k++) {
        const char *name = charging_premium_name((enum charging_premium)k);
        if (*typed(req, arena_printf(&req->arena, "premium_%s", name)))
            json_array_append_new(premiums, json_string(name));
    }
    json_object_set_new(doc, "income", income);
    json_object_set_new(doc, "housing_costs", housing);
    json_object_set_new(doc, "disability_related_expenditure", dre);
    if (json_array_size(premiums))
        json_object_set_new(doc, "premiums", premiums);
    else
        json_decref(premiums);
    v = typed(req, "receives_night_care");
    if (*v)
        json_object_set_new(doc, "receives_night_care", json_boolean(strcmp(v, "yes") == 0));
    if (fe.n) {
        json_decref(doc);
        render_finance(req, &ctx, &fe, NULL, -1, 422);
        return;
    }
    text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text) {
        unavailable(req);
        return;
    }
    by = assess_web_actor(req);
    if ((rc = store_acquire(req->app->store, &c, &e)) == 0 && (rc = store_begin(c, &e)) == 0 &&
        (rc = assess_finance_run(c, req->who->council_id, ctx.person_id, eff, text, strlen(text),
                                 &by, req->now, &req->arena, &fin, &e)) == 0 &&
        (rc = assess_web_audit(req, c, ctx.person_id, "financial-assessment.create",
                               arena_printf(&req->arena,
                                            "{\"financial_assessment_id\":%" PRId64
                                            ",\"weekly_contribution\":%" PRId64 "}",
                                            fin.id, fin.weekly_contribution),
                               &e)) == 0)
        rc = store_commit(c, &e);
    if (rc != 0 && c)
        store_rollback(c);
    store_release(c);
    free(text);
    if (rc == ERR_INVALID || rc == ERR_UNSUPPORTED || rc == ERR_RANGE) {
        render_finance(req, &ctx, NULL, e.msg, -1, 422);
        return;
    }
    if (rc != 0) {
        unavailable(req);
        return;
    }
    response_redirect(req, url(req, ctx.person_id, "/contribution"));
}
