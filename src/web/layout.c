/* layout.c — the GOV.UK page frame and form components (see layout.h). */
#include "web/layout.h"

#include "web/app.h"
#include "web/csrf.h"
#include "web/request.h"
#include "web/static.h"

void form_errors_add(struct form_errors *fe, const char *field, const char *msg)
{
    if (fe->n < FORM_MAX_ERRORS) {
        fe->e[fe->n].field = field;
        fe->e[fe->n].msg = msg;
        fe->n++;
    }
}

const char *form_errors_for(const struct form_errors *fe, const char *field)
{
    for (size_t i = 0; fe && i < fe->n; i++)
        if (strcmp(fe->e[i].field, field) == 0)
            return fe->e[i].msg;
    return NULL;
}

const char *layout_asset_url(struct request *req, const char *path)
{
    const char *hash = static_asset_hash(path);
    if (!hash)
        return "#";
    /* path is "assets/x/y.css": the URL is "/assets/x/y.css?v=hash". */
    return arena_printf(&req->arena, "/%s?v=%s", path, hash);
}

static void nav_item(struct html *h, const char *current, const char *id, const char *href,
                     const char *text)
{
    if (current && strcmp(current, id) == 0)
        html_f(h,
               "<li class=\"govuk-service-navigation__item "
               "govuk-service-navigation__item--active\"><a class=\"govuk-service-navigation__link\" "
               "href=\"%u\" aria-current=\"page\"><strong "
               "class=\"govuk-service-navigation__active-fallback\">%t</strong></a></li>",
               href, text);
    else
        html_f(h,
               "<li class=\"govuk-service-navigation__item\"><a "
               "class=\"govuk-service-navigation__link\" href=\"%u\">%t</a></li>",
               href, text);
}

void layout_begin(struct request *req, struct html *h, const struct page *p)
{
    const struct principal *who = req->who ? req->who : &principal_anonymous;
    bool has_errors = p->errors && p->errors->n > 0;

    response_start(req, 200, "text/html; charset=utf-8");
    html_init(h, &req->res.body);
    html_f(h,
           "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
           "<meta charset=\"utf-8\">\n<title>%t%t – selfdirect</title>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
           "viewport-fit=cover\">\n<meta name=\"theme-color\" content=\"#0b0c0c\">\n"
           "<link rel=\"icon\" sizes=\"48x48\" href=\"%u\">\n"
           "<link rel=\"stylesheet\" href=\"%u\">\n<link rel=\"stylesheet\" href=\"%u\">\n"
           "</head>\n<body class=\"govuk-template__body\">\n"
           "<a href=\"#main-content\" class=\"govuk-skip-link\" "
           "data-module=\"govuk-skip-link\">Skip to main content</a>\n",
           has_errors ? "Error: " : "", p->title,
           layout_asset_url(req, "assets/govuk/images/favicon.ico"),
           layout_asset_url(req, "assets/govuk/govuk-frontend.min.css"),
           layout_asset_url(req, "assets/css/app.css"));

    html_lit(h, "<header class=\"govuk-header\" data-module=\"govuk-header\">"
                "<div class=\"govuk-header__container govuk-width-container\">"
                "<div class=\"govuk-header__logo\">"
                "<a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage\">"
                "<span class=\"app-header__product\">selfdirect</span></a></div>");
    if (who->role != USER_NONE)
        html_f(h, "<div class=\"govuk-header__content app-header__council\">%t</div>",
               who->council_name);
    html_lit(h, "</div></header>\n");

    /* Service navigation: what this account can use. */
    html_lit(h, "<section aria-label=\"Service information\" class=\"govuk-service-navigation\" "
                "data-module=\"govuk-service-navigation\"><div class=\"govuk-width-container\">"
                "<div class=\"govuk-service-navigation__container\">"
                "<span class=\"govuk-service-navigation__service-name\">"
                "<a href=\"/\" class=\"govuk-service-navigation__link\">Personal budgets and "
                "direct payments</a></span>");
    if (who->role != USER_NONE) {
        html_lit(h, "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
                    "<button type=\"button\" class=\"govuk-service-navigation__toggle "
                    "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden>"
                    "Menu</button><ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
        if (role_is_staff(who->role)) {
            struct access_subject subject = {who->role, who->council_id};
            nav_item(h, p->nav, "people", "/people", "People");
            /* Decided by the one access rule, so the menu never offers what would be refused. */
            if (access_decide(&subject, ACT_DP_WORKLIST, NULL, 0, 0).outcome == ACCESS_ALLOW)
                nav_item(h, p->nav, "direct-payments", "/finance/direct-payments",
                         "Direct payments");
            if (access_decide(&subject, ACT_FINANCE, NULL, 0, 0).outcome == ACCESS_ALLOW)
                nav_item(h, p->nav, "finance-batches", "/finance/batches", "Payment batches");
            if (who->role == USER_SOCIAL_WORKER || who->role == USER_TEAM_MANAGER)
                nav_item(h, p->nav, "sign-off", "/sign-off", "Sign-off");
            if (access_decide(&subject, ACT_RAS_ADMIN, NULL, 0, 0).outcome == ACCESS_ALLOW)
                nav_item(h, p->nav, "council-settings", "/council/settings", "Council settings");
        } else if (who->role == USER_PERSONAL_ASSISTANT) {
            nav_item(h, p->nav, "pa", "/pa", "Your work");
        } else {
            nav_item(h, p->nav, "my-support", "/my-support", "My support");
            if (who->role == USER_BUDGET_HOLDER || who->role == USER_REPRESENTATIVE) {
                nav_item(h, p->nav, "pa-employer", "/pa/employer", "Your personal assistants");
                nav_item(h, p->nav, "pa-finder", "/pa-finder", "Find a personal assistant");
            }
        }
        {
            /* Named contacts are staff or support organisation workers. */
            struct access_subject contact = {who->role, who->council_id};
            if (access_decide(&contact, ACT_PA_CONCERNS, NULL, 0, 0).outcome == ACCESS_ALLOW)
                nav_item(h, p->nav, "pa-concerns", "/pa-concerns", "PA concerns");
        }
        nav_item(h, p->nav, "account", "/account/password", "Your account");
        html_lit(h, "</ul></nav>");
    }
    html_lit(h, "</div></div></section>\n<div class=\"govuk-width-container\">\n"
                "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
                "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Beta</strong>"
                "<span class=\"govuk-phase-banner__text\">This is a new service. In the demo, "
                "every person and council is made up.</span></p></div>\n");
    if (who->role != USER_NONE) {
        html_f(h,
               "<div class=\"app-signed-in\"><p class=\"govuk-body-s app-signed-in__who\">"
               "Signed in as %t (%t)</p>",
               who->display_name, role_label(who->role));
        html_f(h,
               "<form method=\"post\" action=\"/sign-out\" class=\"app-signed-in__form\">"
               "<input type=\"hidden\" name=\"csrf_token\" value=\"%a\">"
               "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
               "app-signed-in__button\" data-module=\"govuk-button\">Sign out</button></form></div>\n",
               who->csrf_token);
    }
    if (p->back_href)
        html_f(h, "<a href=\"%u\" class=\"govuk-back-link\">Back</a>\n", p->back_href);
    html_f(h,
           "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n<div "
           "class=\"govuk-grid-row\"><div class=\"%a\">\n",
           p->width ? "govuk-grid-column-full" : "govuk-grid-column-two-thirds");
    if (has_errors) {
        html_lit(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
                    "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a "
                    "problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
                    "govuk-error-summary__list\">");
        for (size_t i = 0; i < p->errors->n; i++)
            html_f(h, "<li><a href=\"%u\">%t</a></li>",
                   arena_printf(&req->arena, "#%s", p->errors->e[i].field), p->errors->e[i].msg);
        html_lit(h, "</ul></div></div></div>\n");
    }
    if (p->caption)
        html_f(h, "<span class=\"govuk-caption-l\">%t</span>", p->caption);
    html_f(h, "<h1 class=\"govuk-heading-l\">%t</h1>\n", p->title);
}

void layout_end(struct request *req, struct html *h)
{
    html_f(h,
           "</div></div>\n</main>\n</div>\n"
           "<footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
           "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item "
           "govuk-footer__meta-item--grow\"><h2 class=\"govuk-visually-hidden\">Support "
           "links</h2><ul class=\"govuk-footer__inline-list\">"
           "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" "
           "href=\"/accessibility\">Accessibility statement</a></li>"
           "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" "
           "href=\"/privacy\">Privacy</a></li></ul>"
           "<p class=\"govuk-body-s app-footer__text\">Your council runs this service under the "
           "Care Act 2014.</p></div></div></div></footer>\n"
           "<script type=\"module\" src=\"%u\"></script>\n</body>\n</html>\n",
           layout_asset_url(req, "assets/js/init.js"));
    if (html_failed(h)) {
        fprintf(stderr, "selfdirect: page %s not rendered: %s\n", req->path,
                h->why ? h->why : "?");
        response_text(req, 500, "Sorry, there is a problem with the service. Try again later.\n");
    }
}

void ui_input(struct html *h, const struct form_errors *fe, const struct field *f)
{
    const char *err = form_errors_for(fe, f->id);
    html_f(h, "<div class=\"%a\">",
           err ? "govuk-form-group govuk-form-group--error" : "govuk-form-group");
    if (f->label_is_heading)
        html_f(h,
               "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--l\" "
               "for=\"%a\">%t</label></h1>",
               f->id, f->label);
    else
        html_f(h, "<label class=\"govuk-label\" for=\"%a\">%t</label>", f->id, f->label);
    if (f->hint)
        html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%t</div>", f->id, f->hint);
    if (err)
        html_f(h,
               "<p id=\"%a-error\" class=\"govuk-error-message\"><span "
               "class=\"govuk-visually-hidden\">Error:</span> %t</p>",
               f->id, err);
    html_f(h, "<input class=\"govuk-input%a%a%a\" id=\"%a\" name=\"%a\" type=\"%a\" value=\"%a\"",
           err ? " govuk-input--error" : "", f->width_class ? " " : "",
           f->width_class ? f->width_class : "", f->id, f->id, f->type ? f->type : "text",
           f->value ? f->value : "");
    if (f->hint || err)
        html_f(h, " aria-describedby=\"%a%a%a%a%a\"", f->hint ? f->id : "",
               f->hint ? "-hint" : "", f->hint && err ? " " : "", err ? f->id : "",
               err ? "-error" : "");
    if (f->autocomplete)
        html_f(h, " autocomplete=\"%a\"", f->autocomplete);
    if (f->type && (strcmp(f->type, "text") == 0 || strcmp(f->type, "search") == 0))
        html_lit(h, " spellcheck=\"false\"");
    html_lit(h, "></div>\n");
}

void ui_form_begin(struct request *req, struct html *h, const char *action)
{
    const char *token = csrf_form_token(req);
    html_f(h,
           "<form method=\"post\" action=\"%u\" novalidate>"
           "<input type=\"hidden\" name=\"csrf_token\" value=\"%a\">\n",
           action, token ? token : "");
}

void ui_form_end(struct html *h)
{
    html_lit(h, "</form>\n");
}

void ui_button(struct html *h, const char *text)
{
    html_f(h,
           "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">%t"
           "</button>\n",
           text);
}

void ui_summary_row(struct html *h, const char *key, const char *value)
{
    html_f(h,
           "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%t</dt>"
           "<dd class=\"govuk-summary-list__value\">%t</dd></div>\n",
           key, value);
}
