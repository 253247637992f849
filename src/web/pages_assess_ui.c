/* pages_assess_ui.c — GOV.UK form components the assessment pages need beyond layout.h (radios
 * with conditional reveals, checkboxes, textareas, fieldsets), written through the escaping
 * writer; see pages_assess.h. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/money.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages_assess.h"

void assess_ui_error(struct html *h, const struct form_errors *fe, const char *name)
{
    const char *err = form_errors_for(fe, name);
    if (err)
        html_f(h,
               "<p id=\"%a-error\" class=\"govuk-error-message\"><span "
               "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
               name, err);
}

void assess_ui_fieldset_begin(struct html *h, const struct form_errors *fe, const char *name,
                              const char *legend, bool legend_visible, const char *hint)
{
    const char *err = form_errors_for(fe, name);
    html_f(h, "<div class=\"%a\">",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (hint || err)
        html_f(h, "<fieldset class=\"govuk-fieldset\" aria-describedby=\"%a%a%a%a%a\">",
               hint ? name : "", hint ? "-hint" : "", hint && err ? " " : "", err ? name : "",
               err ? "-error" : "");
    else
        html_lit(h, "<fieldset class=\"govuk-fieldset\">");
    html_f(h, "<legend class=\"%a\">%t</legend>",
           legend_visible ? "govuk-fieldset__legend govuk-fieldset__legend--m"
                          : "govuk-visually-hidden",
           legend);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", name, hint);
    assess_ui_error(h, fe, name);
}

void assess_ui_fieldset_end(struct html *h)
{
    html_lit(h, "</fieldset></div>\n");
}

void assess_ui_radios_begin(struct html *h, bool inline_)
{
    html_f(h, "<div class=\"%a\" data-module=\"govuk-radios\">",
           inline_ ? "govuk-radios govuk-radios--inline" : "govuk-radios");
}

static const char *item_id(const char *name, int i, char *buf, size_t n)
{
    if (i == 0)
        snprintf(buf, n, "%s", name);
    else
        snprintf(buf, n, "%s-%d", name, i + 1);
    return buf;
}

void assess_ui_radio(struct html *h, const char *name, int i, const struct ui_choice *c,
                     bool has_conditional)
{
    char id[96], cond[112];
    item_id(name, i, id, sizeof id);
    snprintf(cond, sizeof cond, "conditional-%s", id);
    if (c->divider_before)
        html_lit(h, "<div class=\"govuk-radios__divider\">or</div>");
    html_f(h,
           "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%a\" "
           "name=\"%a\" type=\"radio\" value=\"%a\"",
           id, name, c->value);
    if (c->checked)
        html_lit(h, " checked");
    if (has_conditional)
        html_f(h, " data-aria-controls=\"%a\"", cond);
    if (c->hint)
        html_f(h, " aria-describedby=\"%a-item-hint\"", id);
    html_f(h, "><label class=\"govuk-label govuk-radios__label\" for=\"%a\">%t</label>", id,
           c->label);
    if (c->hint)
        html_f(h, "<div id=\"%a-item-hint\" class=\"govuk-hint govuk-radios__hint\">%t</div>", id,
               c->hint);
    html_lit(h, "</div>\n");
}

void assess_ui_radios_conditional_begin(struct html *h, const char *name, int i, bool shown)
{
    char id[96];
    item_id(name, i, id, sizeof id);
    html_f(h, "<div class=\"%a\" id=\"conditional-%a\">",
           shown ? "govuk-radios__conditional"
                 : "govuk-radios__conditional govuk-radios__conditional--hidden",
           id);
}

void assess_ui_radios_conditional_end(struct html *h)
{
    html_lit(h, "</div>\n");
}

void assess_ui_radios_end(struct html *h)
{
    html_lit(h, "</div>\n");
}

void assess_ui_checkboxes_begin(struct html *h)
{
    html_lit(h, "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">");
}

void assess_ui_checkbox(struct html *h, const char *name, const struct ui_choice *c)
{
    html_f(h,
           "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
           "id=\"%a\" name=\"%a\" type=\"checkbox\" value=\"%a\"",
           name, name, c->value);
    if (c->checked)
        html_lit(h, " checked");
    if (c->hint)
        html_f(h, " aria-describedby=\"%a-item-hint\"", name);
    html_f(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%a\">%t</label>", name,
           c->label);
    if (c->hint)
        html_f(h,
               "<div id=\"%a-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">%t</div>",
               name, c->hint);
    html_lit(h, "</div>\n");
}

void assess_ui_checkboxes_end(struct html *h)
{
    html_lit(h, "</div>\n");
}

void assess_ui_textarea(struct html *h, const struct form_errors *fe, const char *name,
                        const char *label, bool label_is_page_heading, const char *hint,
                        const char *value, int rows)
{
    const char *err = form_errors_for(fe, name);
    char rows_s[16];
    snprintf(rows_s, sizeof rows_s, "%d", rows);
    html_f(h, "<div class=\"%a\">",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    html_f(h, "<label class=\"%a\" for=\"%a\">%t</label>",
           label_is_page_heading ? "govuk-label govuk-visually-hidden" : "govuk-label govuk-label--s",
           name, label);
    if (hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", name, hint);
    assess_ui_error(h, fe, name);
    html_f(h, "<textarea class=\"%a\" id=\"%a\" name=\"%a\" rows=\"%a\"",
           err ? "govuk-textarea govuk-textarea--error" : "govuk-textarea", name, name, rows_s);
    if (hint || err)
        html_f(h, " aria-describedby=\"%a%a%a%a%a\"", hint ? name : "", hint ? "-hint" : "",
               hint && err ? " " : "", err ? name : "", err ? "-error" : "");
    html_f(h, ">%t</textarea></div>\n", value ? value : "");
}

void assess_ui_hidden(struct html *h, const char *name, const char *value)
{
    html_f(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">", name, value ? value : "");
}

const char *assess_ui_money(struct request *req, int64_t pence)
{
    char m[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, m, sizeof m);
    return arena_strdup(&req->arena, m);
}

const char *assess_ui_pounds(struct request *req, const char *plain)
{
    int64_t p;
    if (!plain || money_parse(plain, strlen(plain), MONEY_ALLOW_NEGATIVE, &p, "amount", NULL) != 0)
        return plain ? plain : "";
    return assess_ui_money(req, p);
}

const char *assess_ui_date(struct request *req, day_t d)
{
    char out[40];
    date_format_long(d, out, sizeof out);
    return arena_strdup(&req->arena, out);
}

const char *assess_ui_stamp(struct request *req, const char *stamp)
{
    day_t d;
    if (!stamp || strlen(stamp) < 16 || date_parse_iso(stamp, 10, &d, "at", NULL) != 0)
        return stamp ? stamp : "";
    return arena_printf(&req->arena, "%s at %.5s (UTC)", assess_ui_date(req, d), stamp + 11);
}
