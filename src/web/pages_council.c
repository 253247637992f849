/*
 * pages_council.c — the council administrator's settings pages: which RAS configurations are
 * loaded (loading stays with `selfdirect ras load` and the API, because a configuration is a
 * reviewed file, not something typed into a form), and the council's charging settings, which an
 * administrator can read and add from a date here. The form is read by the same function as the
 * API (io/charging_settings_text.c), so both accept and refuse the same things.
 */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/access.h"
#include "io/charging_settings_text.h"
#include "store/assess_store.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/app.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages_assess.h"
#include "web/plan_ui.h"
#include "web/request.h"
#include "web/router.h"

#define SETTINGS_URL "/council/settings"
#define NEW_URL "/council/charging-settings/new"

static const struct pui_option NIGHT_CARE[] = {
    {"none", "Count it in full",
     "The higher rate of Attendance Allowance, the highest rate of DLA care and the enhanced rate "
     "of PIP daily living are counted in full."},
    {"higher_minus_lower_if_no_night_care", "Disregard the night-care part when no night care is funded",
     "The difference between the higher and lower rates is disregarded when the council does not "
     "pay for care at night."},
    {"whole_enhanced", "Always disregard the night-care part",
     "The difference between the higher and lower rates is always disregarded."},
};

static const struct pui_option ROUNDING[] = {
    {"in_persons_favour", "In the person's favour",
     "Monthly income times 12 divided by 52 is rounded down, monthly costs up."},
    {"nearest_penny", "To the nearest penny", NULL},
};

static const char *option_label(const struct pui_option *o, size_t n, const char *value)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(o[i].value, value) == 0)
            return o[i].label;
    return value;
}

/* "£0.00 (the statutory limit)" for the 0 that means "no local choice". */
static const char *limit_words(struct request *req, int64_t pence, const char *if_zero)
{
    return pence ? pui_money(req, pence) : if_zero;
}

static const char *percent_words(struct request *req, int64_t bp)
{
    return arena_printf(&req->arena, "%lld.%02lld%%", (long long)(bp / 100),
                        (long long)(bp % 100));
}

static void settings_summary(struct request *req, struct html *h,
                             const struct assess_charging_settings *r)
{
    const struct charging_settings *s = &r->s;
    const char *uplift = "None";
    if (s->uplift_kind == CHARGING_UPLIFT_PERCENT)
        uplift = arena_printf(&req->arena, "%s of the minimum income guarantee",
                              percent_words(req, s->mig_uplift));
    else if (s->uplift_kind == CHARGING_UPLIFT_FLAT)
        uplift = arena_printf(&req->arena, "%s a week", pui_money(req, s->mig_uplift));
    html_lit(h, "<dl class=\"govuk-summary-list\">\n");
    ui_summary_row(h, "In force", s->has_end
                                      ? arena_printf(&req->arena, "%s to %s",
                                                     pui_date(req, s->effective_from),
                                                     pui_date(req, s->effective_to))
                                      : arena_printf(&req->arena, "From %s, no end date",
                                                     pui_date(req, s->effective_from)));
    ui_summary_row(h, "Night-care part of disability benefits",
                   option_label(NIGHT_CARE, sizeof NIGHT_CARE / sizeof NIGHT_CARE[0],
                                charging_night_care_rule_name(s->night_care)));
    ui_summary_row(h, "Extra on top of the minimum income guarantee", uplift);
    ui_summary_row(h, "Share of disposable income taken",
                   percent_words(req, s->share_of_disposable_bp));
    ui_summary_row(h, "Minimum charge",
                   s->minimum_charge ? arena_printf(&req->arena,
                                                    "%s (a smaller charge becomes nothing)",
                                                    pui_money(req, s->minimum_charge))
                                     : "None");
    ui_summary_row(h, "Lower capital limit",
                   limit_words(req, s->capital_lower, "The statutory limit"));
    ui_summary_row(h, "Upper capital limit",
                   limit_words(req, s->capital_upper, "The statutory limit"));
    ui_summary_row(h, "Standard disability-related expenditure allowance",
                   s->dre_standard_allowance
                       ? arena_printf(&req->arena, "%s a week when none is itemised",
                                      pui_money(req, s->dre_standard_allowance))
                       : "None: only itemised expenditure");
    ui_summary_row(h, "Monthly amounts to weekly",
                   s->monthly_nearest_penny ? ROUNDING[1].label : ROUNDING[0].label);
    ui_summary_row(h, "Added by",
                   arena_printf(&req->arena, "%s, %s",
                                *r->created_by_name ? r->created_by_name : r->created_by,
                                r->created_at));
    html_lit(h, "</dl>\n");
}

void page_council_settings(struct request *req)
{
    struct assess_ras_config_row *cfgs = NULL;
    struct assess_charging_settings *sets = NULL;
    size_t ncfg = 0, nset = 0;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct html h;
    const char *added = NULL;
    struct err qe = {0};
    int rc = store_acquire(req->app->store, &c, &e);
    if (rc == 0)
        rc = assess_ras_config_list(c, req->who->council_id, &req->arena, &cfgs, &ncfg, &e);
    if (rc == 0)
        rc = assess_charging_settings_list(c, req->who->council_id, &req->arena, &sets, &nset,
                                           &e);
    store_release(c);
    if (rc != 0) {
        router_refuse(req, 503, "Sorry, there is a problem with the service",
                      "The council's settings could not be read. Try again later.");
        return;
    }
    (void)request_query(req, "added", &added, &qe);
    layout_begin(req, &h,
                 &(struct page){.title = "Council settings", .nav = "council-settings",
                                .width = 1});
    if (added)
        html_lit(&h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                     "role=\"alert\" aria-labelledby=\"added-title\" "
                     "data-module=\"govuk-notification-banner\"><div "
                     "class=\"govuk-notification-banner__header\"><h2 "
                     "class=\"govuk-notification-banner__title\" id=\"added-title\">Success</h2>"
                     "</div><div class=\"govuk-notification-banner__content\"><p "
                     "class=\"govuk-notification-banner__heading\">The charging settings have "
                     "been added. Financial assessments from their start date use them.</p></div>"
                     "</div>\n");

    html_lit(&h, "<h2 class=\"govuk-heading-l\">Resource allocation system</h2>\n"
                 "<p class=\"govuk-body\">The questionnaires that work out indicative budgets. A "
                 "new version is loaded as a reviewed file with <code>selfdirect ras load</code> "
                 "or the API (see docs/ras.md), never edited in place, so every budget can show "
                 "the exact version it came from.</p>\n");
    if (ncfg == 0) {
        html_lit(&h, "<p class=\"govuk-body\">No configuration is loaded: indicative budgets "
                     "cannot be worked out until one is.</p>\n");
    } else {
        html_lit(&h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                     "govuk-visually-hidden\">Loaded configurations</caption>"
                     "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                     "<th scope=\"col\" class=\"govuk-table__header\">For</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Version</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">In force</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Loaded</th>"
                     "<th scope=\"col\" class=\"govuk-table__header\">Fingerprint (SHA-256)</th>"
                     "</tr></thead><tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < ncfg; i++) {
            const struct assess_ras_config_row *r = &cfgs[i];
            html_f(&h,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%t</td>"
                   "<td class=\"govuk-table__cell\">%t<br><span class=\"govuk-hint\">%t</span>"
                   "</td><td class=\"govuk-table__cell\">%t</td>"
                   "<td class=\"govuk-table__cell\">%t<br>%t</td>"
                   "<td class=\"govuk-table__cell\"><code>%t</code></td></tr>\n",
                   r->kind == ASSESS_CARER ? "Carers" : "Adults' needs", r->version, r->title,
                   r->has_effective_to
                       ? arena_printf(&req->arena, "%s to %s", pui_date(req, r->effective_from),
                                      pui_date(req, r->effective_to))
                       : arena_printf(&req->arena, "From %s", pui_date(req, r->effective_from)),
                   *r->loaded_by_name ? r->loaded_by_name : r->loaded_by, r->loaded_at,
                   arena_printf(&req->arena, "%.12s…", r->sha256));
        }
        html_lit(&h, "</tbody></table>\n");
    }

    html_lit(&h, "<h2 class=\"govuk-heading-l\">Charging for care at home</h2>\n"
                 "<p class=\"govuk-body\">The council's choices within the Care and Support "
                 "(Charging and Assessment of Resources) Regulations 2014. Settings are never "
                 "changed once added: to change them, add new ones from a date, so every "
                 "contribution can show the settings it used.</p>\n");
    html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-button\" href=\"%u\">Add charging "
               "settings from a date</a></p>\n",
           NEW_URL);
    if (nset == 0)
        html_lit(&h, "<p class=\"govuk-body\">No settings have been added: the statutory minimum "
                     "applies (100% of disposable income, statutory capital limits, no minimum "
                     "charge, night-care part counted in full).</p>\n");
    for (size_t i = 0; i < nset; i++) {
        html_f(&h, "<h3 class=\"govuk-heading-m\">From %D</h3>\n", sets[i].s.effective_from);
        settings_summary(req, &h, &sets[i]);
    }
    layout_end(req, &h);
}

static const char *typed(struct request *req, const char *name)
{
    const char *v = NULL;
    struct err e = {0};
    if (request_form(req, name, &v, &e) != 0 || !v)
        return "";
    return v;
}

static void charging_form(struct request *req, const struct form_errors *fe, bool posted)
{
    struct html h;
    const char *from = posted ? typed(req, "effective_from") : "";
    layout_begin(req, &h,
                 &(struct page){.title = "Add charging settings from a date",
                                .nav = "council-settings", .back_href = SETTINGS_URL,
                                .errors = fe});
    html_lit(&h, "<p class=\"govuk-body\">Financial assessments that take effect on or after the "
                 "start date use these settings. Leave a box empty to keep the statutory "
                 "position. Amounts are in pounds.</p>\n");
    ui_form_begin(req, &h, NEW_URL);
    ui_input(&h, fe,
             &(struct field){.id = "effective_from", .label = "Start date", .value = from,
                             .hint = "For example 2027-04-06", .type = "text",
                             .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "effective_to", .label = "End date (optional)",
                             .value = posted ? typed(req, "effective_to") : "",
                             .hint = "Leave empty if there is no end date", .type = "text",
                             .width_class = "govuk-input--width-10"});
    pui_radios(&h, fe, "night_care_rule", "Night-care part of disability benefits",
               "For people who get the highest rate of these benefits because they need help at "
               "night.",
               NIGHT_CARE, sizeof NIGHT_CARE / sizeof NIGHT_CARE[0],
               posted ? typed(req, "night_care_rule") : "none", false);
    ui_input(&h, fe,
             &(struct field){.id = "percent_of_disposable_income",
                             .label = "Share of disposable income taken, as a percentage",
                             .value = posted ? typed(req, "percent_of_disposable_income") : "",
                             .hint = "Empty means 100. A council may take less, never more.",
                             .type = "text", .width_class = "govuk-input--width-5"});
    ui_input(&h, fe,
             &(struct field){.id = "mig_uplift_percent",
                             .label = "Extra on top of the minimum income guarantee, as a "
                                      "percentage",
                             .value = posted ? typed(req, "mig_uplift_percent") : "",
                             .hint = "Or give a weekly amount below, not both.", .type = "text",
                             .width_class = "govuk-input--width-5"});
    ui_input(&h, fe,
             &(struct field){.id = "mig_uplift_weekly",
                             .label = "Extra on top of the minimum income guarantee, a week",
                             .value = posted ? typed(req, "mig_uplift_weekly") : "",
                             .type = "text", .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "minimum_charge", .label = "Minimum charge, a week",
                             .value = posted ? typed(req, "minimum_charge") : "",
                             .hint = "A contribution below this is not collected.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "capital_lower_limit", .label = "Lower capital limit",
                             .value = posted ? typed(req, "capital_lower_limit") : "",
                             .hint = "Empty means the statutory limit. Only a higher limit is "
                                     "allowed.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "capital_upper_limit", .label = "Upper capital limit",
                             .value = posted ? typed(req, "capital_upper_limit") : "",
                             .hint = "Empty means the statutory limit. Only a higher limit is "
                                     "allowed.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    ui_input(&h, fe,
             &(struct field){.id = "dre_standard_allowance",
                             .label = "Standard disability-related expenditure allowance, a week",
                             .value = posted ? typed(req, "dre_standard_allowance") : "",
                             .hint = "Used when a person's expenditure is not itemised. Empty "
                                     "means none.",
                             .type = "text", .width_class = "govuk-input--width-10"});
    pui_radios(&h, fe, "monthly_to_weekly_rounding", "Monthly amounts to weekly", NULL, ROUNDING,
               sizeof ROUNDING / sizeof ROUNDING[0],
               posted ? typed(req, "monthly_to_weekly_rounding") : "in_persons_favour", false);
    ui_button(&h, "Add these settings");
    ui_form_end(&h);
    layout_end(req, &h);
}

void page_charging_settings_new(struct request *req)
{
    charging_form(req, NULL, false);
}

void page_charging_settings_new_post(struct request *req)
{
    struct charging_settings_form f = {
        .effective_from = typed(req, "effective_from"),
        .effective_to = typed(req, "effective_to"),
        .night_care_rule = typed(req, "night_care_rule"),
        .mig_uplift_percent = typed(req, "mig_uplift_percent"),
        .mig_uplift_weekly = typed(req, "mig_uplift_weekly"),
        .minimum_charge = typed(req, "minimum_charge"),
        .percent_of_disposable_income = typed(req, "percent_of_disposable_income"),
        .capital_lower_limit = typed(req, "capital_lower_limit"),
        .capital_upper_limit = typed(req, "capital_upper_limit"),
        .dre_standard_allowance = typed(req, "dre_standard_allowance"),
        .monthly_to_weekly_rounding = typed(req, "monthly_to_weekly_rounding"),
    };
    struct assess_charging_settings row = {0};
    struct assess_actor by = assess_web_actor(req);
    struct form_errors fe = {0};
    struct store_conn *c = NULL;
    struct err e = {0};
    int rc;
    charging_settings_init(&row.s);
    rc = charging_settings_from_form(&f, &row.s, &e);
    if (rc == 0 && (rc = store_acquire(req->app->store, &c, &e)) == 0 &&
        (rc = store_begin(c, &e)) == 0 &&
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
    if (rc == 0) {
        response_redirect(req, SETTINGS_URL "?added=1");
        return;
    }
    if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
        const char *field = e.field[0] ? arena_strdup(&req->arena, e.field) : "effective_from";
        if (strcmp(field, "mig_uplift") == 0) /* the store's name for either uplift box */
            field = "mig_uplift_percent";
        form_errors_add(&fe, field,
                        arena_strdup(&req->arena, e.msg));
        charging_form(req, &fe, true);
        req->res.status = 422;
        return;
    }
    router_refuse(req, 503, "Sorry, there is a problem with the service",
                  "The settings have not been added. Try again later.");
}
