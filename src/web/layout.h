/*
 * layout.h — the GOV.UK Design System page frame and the form components, written through the
 * escaping writer (html.h). Every page has: a skip link to the main content, a header with the
 * service name (no crown: this is a council service, not GOV.UK), a phase banner, one <main>,
 * a footer, one <h1>, and when a form came back with errors, an error summary at the top linking
 * to each field and the message again beside the field, with what the person typed kept in it.
 *
 * Assets are linked by hashed URL (/assets/...?v=<hash of the file>) so they can be cached for a
 * year and still change the moment the binary does.
 */
#ifndef SELFDIRECT_WEB_LAYOUT_H
#define SELFDIRECT_WEB_LAYOUT_H

#include <stddef.h>

#include "web/html.h"

struct request;

#define FORM_MAX_ERRORS 16

struct form_error {
    const char *field; /* the input's id (and name) */
    const char *msg;
};

struct form_errors {
    struct form_error e[FORM_MAX_ERRORS];
    size_t n;
};

void form_errors_add(struct form_errors *fe, const char *field, const char *msg);
const char *form_errors_for(const struct form_errors *fe, const char *field); /* NULL if none */

struct page {
    const char *title;             /* the <h1> and the first part of <title> */
    const struct form_errors *errors;
    const char *back_href;         /* a back link above the heading, or NULL */
    const char *nav;               /* which header link is current: "people", "my-support" ... */
    const char *caption;           /* small text above the h1, or NULL */
    int width;                     /* 0: two-thirds column; 1: full width */
};

/* Starts the response (200, text/html) and writes everything up to and including the <h1>. */
void layout_begin(struct request *req, struct html *h, const struct page *p);
/* Closes the page. If anything failed while writing, replaces the page with a 500. */
void layout_end(struct request *req, struct html *h);

/* The URL of an embedded asset with its content hash, e.g. "/assets/app.css?v=1a2b3c4d". */
const char *layout_asset_url(struct request *req, const char *path);

/* ---- components ---- */
struct field {
    const char *id;           /* id and name */
    const char *label;
    const char *value;        /* what the person typed, kept on errors */
    const char *hint;         /* or NULL */
    const char *type;         /* "text", "password", "search", "date" ... */
    const char *autocomplete; /* or NULL */
    const char *width_class;  /* e.g. "govuk-input--width-20", or NULL */
    int label_is_heading;
};
void ui_input(struct html *h, const struct form_errors *fe, const struct field *f);
/* <form method="post" action=...> with the CSRF token as a hidden field. */
void ui_form_begin(struct request *req, struct html *h, const char *action);
void ui_form_end(struct html *h);
void ui_button(struct html *h, const char *text);
void ui_summary_row(struct html *h, const char *key, const char *value);

#endif
