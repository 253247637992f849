/* plan_ui.c — form components and shared pieces of the plan pages (see plan_ui.h). */
#include "web/plan_ui.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/money.h"
#include "domain/plan_diff.h"
#include "web/app.h"
#include "web/request.h"

static void error_message(struct html *h, const char *id, const char *err)
{
    html_f(h,
           "<p id=\"%a-error\" class=\"govuk-error-message\"><span "
           "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
           id, err);
}

static void describedby(struct html *h, const char *id, bool hint, bool err)
{
    if (!hint && !err)
        return;
    html_f(h, " aria-describedby=\"%a%a%a%a%a\"", hint ? id : "", hint ? "-hint" : "",
           hint && err ? " " : "", err ? id : "", err ? "-error" : "");
}

void pui_textarea(struct html *h, const struct form_errors *fe, const char *id, const char *label,
                  const char *hint, const char *value, int rows, bool label_is_heading)
{
    const char *err = form_errors_for(fe, id);
    html_f(h, "<div class=\"%a\">",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (label_is_heading)
        html_f(h,
               "<h2 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--m\" "
               "for=\"%a\">%t</label></h2>",
               id, label);
    else
        html_f(h, "<label class=\"govuk-label govuk-label--s\" for=\"%a\">%t</label>", id, label);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", id, hint);
    if (err)
        error_message(h, id, err);
    html_f(h, "<textarea class=\"%a\" id=\"%a\" name=\"%a\" rows=\"%d\"",
           err ? "govuk-textarea govuk-textarea--error" : "govuk-textarea", id, id, rows);
    describedby(h, id, hint != NULL, err != NULL);
    html_f(h, ">%t</textarea></div>\n", value ? value : "");
}

void pui_radios(struct html *h, const struct form_errors *fe, const char *id, const char *legend,
                const char *hint, const struct pui_option *opts, size_t n, const char *selected,
                bool inline_)
{
    const char *err = form_errors_for(fe, id);
    html_f(h, "<div class=\"%a\"><fieldset class=\"govuk-fieldset\"",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    describedby(h, id, hint != NULL, err != NULL);
    html_f(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%t</legend>",
           legend);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", id, hint);
    if (err)
        error_message(h, id, err);
    html_f(h, "<div class=\"%a\" data-module=\"govuk-radios\">",
           inline_ ? "govuk-radios govuk-radios--inline" : "govuk-radios");
    for (size_t i = 0; i < n; i++) {
        /* The first input carries the field's id, so the error summary's link lands on it. */
        char item[96];
        if (i == 0)
            snprintf(item, sizeof item, "%s", id);
        else
            snprintf(item, sizeof item, "%s-%zu", id, i + 1);
        html_f(h,
               "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%a\" "
               "name=\"%a\" type=\"radio\" value=\"%a\"",
               item, id, opts[i].value);
        if (selected && strcmp(selected, opts[i].value) == 0)
            html_lit(h, " checked");
        if (opts[i].hint)
            html_f(h, " aria-describedby=\"%a-hint\"", item);
        html_f(h, "><label class=\"govuk-label govuk-radios__label\" for=\"%a\">%t</label>", item,
               opts[i].label);
        if (opts[i].hint)
            html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint govuk-radios__hint\">%t</div>", item,
                   opts[i].hint);
        html_lit(h, "</div>");
    }
    html_lit(h, "</div></fieldset></div>\n");
}

void pui_select(struct html *h, const struct form_errors *fe, const char *id, const char *label,
                const char *hint, const struct pui_option *opts, size_t n, const char *selected)
{
    const char *err = form_errors_for(fe, id);
    html_f(h, "<div class=\"%a\"><label class=\"govuk-label govuk-label--s\" for=\"%a\">%t</label>",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group", id, label);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", id, hint);
    if (err)
        error_message(h, id, err);
    html_f(h, "<select class=\"%a\" id=\"%a\" name=\"%a\"",
           err ? "govuk-select govuk-select--error" : "govuk-select", id, id);
    describedby(h, id, hint != NULL, err != NULL);
    html_lit(h, ">");
    for (size_t i = 0; i < n; i++) {
        html_f(h, "<option value=\"%a\"", opts[i].value);
        if (selected && strcmp(selected, opts[i].value) == 0)
            html_lit(h, " selected");
        html_f(h, ">%t</option>", opts[i].label);
    }
    html_lit(h, "</select></div>\n");
}

void pui_checkbox(struct html *h, const char *id, const char *label, const char *hint,
                  bool checked)
{
    html_lit(h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes "
                "govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
    html_f(h,
           "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
           "id=\"%a\" name=\"%a\" type=\"checkbox\" value=\"1\"",
           id, id);
    if (checked)
        html_lit(h, " checked");
    if (hint)
        html_f(h, " aria-describedby=\"%a-hint\"", id);
    html_f(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%a\">%t</label>", id,
           label);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint govuk-checkboxes__hint\">%t</div>", id,
               hint);
    html_lit(h, "</div></div></div>\n");
}

void pui_hidden(struct html *h, const char *name, const char *value)
{
    html_f(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">", name, value ? value : "");
}

void pui_secondary_button(struct html *h, const char *name, const char *value, const char *text)
{
    html_f(h,
           "<button type=\"submit\" name=\"%a\" value=\"%a\" class=\"govuk-button "
           "govuk-button--secondary\" data-module=\"govuk-button\">%t</button>\n",
           name, value, text);
}

void pui_button_named(struct html *h, const char *name, const char *value, const char *text)
{
    html_f(h,
           "<button type=\"submit\" name=\"%a\" value=\"%a\" class=\"govuk-button\" "
           "data-module=\"govuk-button\">%t</button>\n",
           name, value, text);
}

const char *pui_money_plain(struct request *req, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    if (pence < 0)
        return "";
    money_format(pence, MONEY_FMT_PLAIN, b, sizeof b);
    return arena_strdup(&req->arena, b);
}

const char *pui_money(struct request *req, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(&req->arena, b);
}

const char *pui_date(struct request *req, day_t d)
{
    char b[40];
    date_format_long(d, b, sizeof b);
    return arena_strdup(&req->arena, b);
}

const char *pui_iso(struct request *req, day_t d)
{
    char b[DATE_ISO_SIZE];
    date_format_iso(d, b);
    return arena_strdup(&req->arena, b);
}

void pui_error(struct request *req, struct form_errors *fe, const struct err *e,
               const char *const *fields, const char *fallback)
{
    const char *field = fallback;
    for (size_t i = 0; fields && fields[i]; i++)
        if (strcmp(e->field, fields[i]) == 0)
            field = fields[i];
    form_errors_add(fe, field, arena_strdup(&req->arena, e->msg[0] ? e->msg : "Check this."));
}

const char *pui_person_url(struct request *req, int64_t person_id, const char *rest)
{
    return arena_printf(&req->arena, "/people/%" PRId64 "%s", person_id, rest ? rest : "");
}

void pui_person_begin(struct request *req, struct html *h, const struct plan_view *v,
                      const char *title, const struct form_errors *fe, const char *back)
{
    layout_begin(req, h,
                 &(struct page){.title = title, .caption = v->name, .errors = fe,
                                .nav = role_is_staff(req->who->role) ? "people" : "my-support",
                                .back_href = back});
}

const char *pui_plan_status_words(enum plan_status s)
{
    switch (s) {
    case PLAN_DRAFT: return "Draft";
    case PLAN_SUBMITTED: return "Sent for sign-off";
    case PLAN_SIGNED_OFF: return "Signed off";
    case PLAN_SUPERSEDED: return "Replaced by a later version";
    case PLAN_STATUS_COUNT: break;
    }
    return "Unknown";
}

void pui_plan_status_tag(struct html *h, enum plan_status s)
{
    const char *cls = s == PLAN_SIGNED_OFF    ? "govuk-tag govuk-tag--green"
                      : s == PLAN_SUBMITTED   ? "govuk-tag govuk-tag--blue"
                      : s == PLAN_SUPERSEDED ? "govuk-tag govuk-tag--grey"
                                              : "govuk-tag govuk-tag--yellow";
    html_f(h, "<strong class=\"%a\">%t</strong>", cls, pui_plan_status_words(s));
}

void pui_signoff_status_tag(struct html *h, enum signoff_status s)
{
    const char *words = s == SIGNOFF_APPROVED   ? "Approved"
                        : s == SIGNOFF_REFUSED  ? "Not approved"
                        : s == SIGNOFF_WITHDRAWN ? "Withdrawn"
                                                 : "Waiting for a decision";
    const char *cls = s == SIGNOFF_APPROVED   ? "govuk-tag govuk-tag--green"
                      : s == SIGNOFF_REFUSED  ? "govuk-tag govuk-tag--red"
                      : s == SIGNOFF_WITHDRAWN ? "govuk-tag govuk-tag--grey"
                                               : "govuk-tag govuk-tag--blue";
    html_f(h, "<strong class=\"%a\">%t</strong>", cls, words);
}

static const char *action_words(enum signoff_action a)
{
    switch (a) {
    case SIGNOFF_APPROVE: return "Approved";
    case SIGNOFF_REFUSE: return "Not approved";
    case SIGNOFF_REFER_UP: return "Passed up";
    }
    return "Decided";
}

void pui_signoff_state(struct request *req, struct html *h, const struct plan_signoff_row *r,
                       bool link_for_staff)
{
    html_lit(h, "<div class=\"govuk-inset-text\">");
    pui_signoff_status_tag(h, r->st.status);
    html_f(h, " <p class=\"govuk-body govuk-!-margin-top-2\">%t sent on %t, for %m a year.</p>",
           r->req.subject == SIGNOFF_PLAN
               ? arena_printf(&req->arena, "Plan version %d", r->req.subject_version)
               : "The budget",
           pui_date(req, r->req.raised_on), r->req.annual_value);
    if (r->st.status == SIGNOFF_PENDING)
        html_f(h, "<p class=\"govuk-body\"><strong>Where it is and why:</strong> %t</p>",
               r->st.where);
    for (size_t i = 0; i < r->st.ndecisions; i++) {
        const struct signoff_decision *d = &r->st.decisions[i];
        html_f(h, "<p class=\"govuk-body\">%t by %t on %t", action_words(d->action),
               d->by_name ? d->by_name : "", pui_date(req, d->on));
        if (d->reasons && *d->reasons)
            html_f(h, ": %t", d->reasons);
        html_lit(h, ".</p>");
    }
    if (r->st.status == SIGNOFF_WITHDRAWN && r->st.where && *r->st.where)
        html_f(h, "<p class=\"govuk-body\">%t</p>", r->st.where);
    if (link_for_staff && r->st.status == SIGNOFF_PENDING)
        html_f(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">Open the request "
                  "to decide it</a></p>",
               arena_printf(&req->arena, "/people/%" PRId64 "/signoff?request=%" PRId64,
                            r->person_id, r->id));
    html_lit(h, "</div>\n");
}

static const char *warning_icon_words(enum plan_warning_kind k)
{
    switch (k) {
    case PLAN_WARN_OVER_BUDGET: return "Over budget";
    case PLAN_WARN_NO_OUTCOME: return "Meets no outcome";
    case PLAN_WARN_OUTCOME_UNMET: return "Outcome not met";
    case PLAN_WARN_BELOW_MIN_WAGE: return "Below the minimum wage";
    case PLAN_WARN_MIN_WAGE_UNCHECKED: return "Minimum wage not checked";
    case PLAN_WARN_ONLY_TRADITIONAL: return "Only traditional services";
    case PLAN_WARN_OVER_SPLIT: return "More than chosen";
    case PLAN_WARN_NO_CONTINGENCY: return "No back-up plan";
    }
    return "Warning";
}

void pui_costing(struct request *req, struct html *h, const struct plan_view *v,
                 const struct plan_costing *c)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"costing\">Your plan against your budget</h2>\n"
                "<dl class=\"govuk-summary-list app-costing\">\n");
    ui_summary_row(h, "Your plan costs",
                   arena_printf(&req->arena, "%s a week, %s every 4 weeks, %s a year",
                                pui_money(req, c->weekly), pui_money(req, c->four_weekly),
                                pui_money(req, c->annual)));
    if (c->one_off)
        ui_summary_row(h, "One-off costs",
                       arena_printf(&req->arena, "%s (%s of it from the yearly budget)",
                                    pui_money(req, c->one_off),
                                    pui_money(req, c->one_off_from_budget)));
    if (v->has_budget) {
        ui_summary_row(h, "Your budget",
                       arena_printf(&req->arena, "%s a week, %s every 4 weeks, %s a year",
                                    pui_money(req, c->budget_weekly),
                                    pui_money(req, c->budget_four_weekly),
                                    pui_money(req, c->budget_annual)));
        ui_summary_row(h, c->over_budget ? "Over budget by" : "Left to plan",
                       arena_printf(&req->arena, "%s a year",
                                    pui_money(req, c->headroom < 0 ? -c->headroom : c->headroom)));
    } else {
        ui_summary_row(h, "Your budget", "Not agreed yet");
    }
    /* The Essex study found plans written as hours of traditional care: say how much is. */
    ui_summary_row(h, "Traditional services",
                   arena_printf(&req->arena, "%s (%" PRId64 "%% of spending): home care hours and "
                                             "day-centre places",
                                pui_money(req, c->traditional), (c->traditional_bp + 50) / 100));
    html_lit(h, "</dl>\n");
    if (c->nwarnings) {
        html_lit(h, "<h3 class=\"govuk-heading-s\">Things to check</h3>\n");
        for (size_t i = 0; i < c->nwarnings; i++)
            html_f(h,
                   "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                   "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
                   "class=\"govuk-visually-hidden\">Warning: %t. </span>%t</strong></div>\n",
                   warning_icon_words(c->warnings[i].kind), c->warnings[i].message);
    }
}

void pui_plan_readonly(struct request *req, struct html *h, const struct plan *p,
                       const struct plan_costing *c)
{
    html_lit(h, "<dl class=\"govuk-summary-list\">\n");
    ui_summary_row(h, "Starts", pui_date(req, p->start_date));
    if (p->has_review_date)
        ui_summary_row(h, "Review", pui_date(req, p->review_date));
    ui_summary_row(h, "Who led the planning", plan_helper_kind_title(p->planned_by));
    for (size_t i = 0; i < p->nhelpers; i++)
        ui_summary_row(h, "Helped by",
                       arena_printf(&req->arena, "%s%s%s%s", plan_helper_kind_title(p->helpers[i].kind),
                                    p->helpers[i].name ? " (" : "",
                                    p->helpers[i].name ? p->helpers[i].name : "",
                                    p->helpers[i].name ? ")" : ""));
    html_lit(h, "</dl>\n");
    for (int s = 0; s < PLAN_SECTION_COUNT; s++) {
        if (s == PLAN_SEC_OUTCOMES) {
            html_lit(h, "<h2 class=\"govuk-heading-m\">The outcomes I want</h2>\n");
            if (p->noutcomes == 0)
                html_lit(h, "<p class=\"govuk-body\">None written yet.</p>\n");
            else {
                html_lit(h, "<ol class=\"govuk-list govuk-list--number\">");
                for (size_t i = 0; i < p->noutcomes; i++)
                    html_f(h, "<li>%t</li>", p->outcomes[i].text);
                html_lit(h, "</ol>\n");
            }
            if (p->sections[s])
                html_f(h, "<p class=\"govuk-body app-pre\">%t</p>\n", p->sections[s]);
            continue;
        }
        if (s == PLAN_SEC_BUDGET_USE) {
            html_lit(h, "<h2 class=\"govuk-heading-m\">How I will use my budget</h2>\n");
            if (p->sections[s])
                html_f(h, "<p class=\"govuk-body app-pre\">%t</p>\n", p->sections[s]);
            if (p->nlines == 0)
                html_lit(h, "<p class=\"govuk-body\">No support added yet.</p>\n");
            for (size_t i = 0; i < p->nlines; i++) {
                const struct plan_line *l = &p->lines[i];
                const struct plan_line_cost *lc = c && i < c->nlines ? &c->lines[i] : NULL;
                html_f(h,
                       "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-"
                       "wrapper\"><h3 class=\"govuk-summary-card__title\">%t</h3></div><div "
                       "class=\"govuk-summary-card__content\"><p class=\"govuk-body\">%t</p>",
                       l->description, plan_line_words(p, l, &req->arena));
                if (lc) {
                    if (l->frequency == PLAN_FREQ_ONE_OFF)
                        html_f(h, "<p class=\"govuk-body\"><strong>%m once</strong></p>", lc->one_off);
                    else
                        html_f(h, "<p class=\"govuk-body\"><strong>%m a year</strong> (%m a week)</p>",
                               lc->annual, lc->weekly);
                    if (lc->explanation)
                        html_f(h, "<details class=\"govuk-details\"><summary "
                                  "class=\"govuk-details__summary\"><span "
                                  "class=\"govuk-details__summary-text\">How this was worked "
                                  "out</span></summary><div class=\"govuk-details__text\">%t",
                               lc->explanation);
                    if (lc->explanation && lc->pa) {
                        html_lit(h, "<ul class=\"govuk-list govuk-list--bullet\">");
                        for (size_t k = 0; k < lc->pa->nlines; k++)
                            html_f(h, "<li>%t</li>", lc->pa->lines[k].text);
                        html_lit(h, "</ul>");
                    }
                    if (lc->explanation)
                        html_lit(h, "</div></details>");
                }
                html_lit(h, "</div></div>\n");
            }
            continue;
        }
        html_f(h, "<h2 class=\"govuk-heading-m\">%t</h2>\n", plan_section_title((enum plan_section)s));
        if (p->sections[s])
            html_f(h, "<p class=\"govuk-body app-pre\">%t</p>\n", p->sections[s]);
        else
            html_lit(h, "<p class=\"govuk-body\">Not written yet.</p>\n");
    }
}
