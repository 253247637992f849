/*
 * plan_ui.h — private to the plan pages (pages_plan*.c, pages_choice.c, pages_signoff.c,
 * pages_challenge.c): form components the GOV.UK layout does not have yet (radios, text areas,
 * selects, check boxes), written through the escaping writer, and the pieces several plan pages
 * show (the costing against the budget, where a sign-off request is and why, a person's page
 * frame). Field ids are also the names the forms post, and what the error summary links to.
 */
#ifndef SELFDIRECT_WEB_PLAN_UI_H
#define SELFDIRECT_WEB_PLAN_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/plan_web.h"

struct pui_option {
    const char *value;
    const char *label;
    const char *hint; /* or NULL */
};

void pui_textarea(struct html *h, const struct form_errors *fe, const char *id, const char *label,
                  const char *hint, const char *value, int rows, bool label_is_heading);
void pui_radios(struct html *h, const struct form_errors *fe, const char *id, const char *legend,
                const char *hint, const struct pui_option *opts, size_t n, const char *selected,
                bool inline_);
void pui_select(struct html *h, const struct form_errors *fe, const char *id, const char *label,
                const char *hint, const struct pui_option *opts, size_t n, const char *selected);
void pui_checkbox(struct html *h, const char *id, const char *label, const char *hint,
                  bool checked);
void pui_hidden(struct html *h, const char *name, const char *value);
void pui_secondary_button(struct html *h, const char *name, const char *value, const char *text);
void pui_button_named(struct html *h, const char *name, const char *value, const char *text);

/* "12.60" for an input's value ("" for a negative amount). */
const char *pui_money_plain(struct request *req, int64_t pence);
/* "£12.60" */
const char *pui_money(struct request *req, int64_t pence);
const char *pui_date(struct request *req, day_t d);
const char *pui_iso(struct request *req, day_t d);

/* An error as a form error on `field` (the err's own field when it names one this form has,
 * listed in fields; else `fallback`). */
void pui_error(struct request *req, struct form_errors *fe, const struct err *e,
               const char *const *fields, const char *fallback);

/* Starts a page about a person: caption is their name, back link to their plan. */
void pui_person_begin(struct request *req, struct html *h, const struct plan_view *v,
                      const char *title, const struct form_errors *fe, const char *back);

/* The plan's cost against the budget: a week, 4 weeks, a year, one-offs, what is left or over,
 * the traditional share, then every warning. */
void pui_costing(struct request *req, struct html *h, const struct plan_view *v,
                 const struct plan_costing *c);
/* Where a sign-off request is and why, its decisions, in words the person reads. */
void pui_signoff_state(struct request *req, struct html *h, const struct plan_signoff_row *r,
                       bool link_for_staff);
/* A coloured tag for a plan status / sign-off status. */
void pui_plan_status_tag(struct html *h, enum plan_status s);
const char *pui_plan_status_words(enum plan_status s);
void pui_signoff_status_tag(struct html *h, enum signoff_status s);
/* The whole plan read-only: sections, outcomes, each line with its cost and the working. */
void pui_plan_readonly(struct request *req, struct html *h, const struct plan *p,
                       const struct plan_costing *c);
/* The base URL of the person's pages: "/people/12". */
const char *pui_person_url(struct request *req, int64_t person_id, const char *rest);

#endif
