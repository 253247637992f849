/*
 * html.h — writing HTML with contextual auto-escaping. This is the only way pages put text into
 * HTML, and it is built so that unescaped text cannot get in by accident:
 *
 *   - The markup is always a string LITERAL: html_lit and html_f are macros that paste "" around
 *     their template, so passing a variable (say, a name someone typed) as the template is a
 *     compile error, not a review comment.
 *   - Values go in only through conversions that escape for where they land, and the writer
 *     tracks where that is (element text, inside a tag, inside a double-quoted attribute value)
 *     as it reads the literal markup:
 *         %t  text (const char *), escaped for element content; only between tags
 *         %a  attribute value (const char *); only inside "..." of an attribute
 *         %u  URL (const char *) for href/action/src: only local paths ("/...", "?...", "#...")
 *             or https: URLs pass; anything else (javascript:, data:, //evil) becomes "#".
 *             Only inside "..." of an attribute
 *         %d  int   %l  int64_t   (digits need no escaping, anywhere)
 *         %m  int64_t pence, as "£1,234.50"    %D  day_t, as "6 April 2025"
 *         %%  a percent sign
 *     A conversion in the wrong context, an unknown conversion, or markup that leaves a tag or
 *     quote open in a way we do not write (single-quoted attributes) marks the writer failed
 *     and renders nothing more: the page answers 500 instead of emitting something unsafe.
 *     Elements whose content is not HTML text (script, style) are never written by pages: assets
 *     are separate files, which the content security policy also insists on.
 *
 *   struct html h; html_init(&h, &req->res.body);
 *   html_f(&h, "<a class=\"govuk-link\" href=\"%u\">%t</a>", url, person_name);
 *   if (html_failed(&h)) ...
 */
#ifndef SELFDIRECT_WEB_HTML_H
#define SELFDIRECT_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum html_context {
    HTML_CTX_TEXT = 0, /* element content */
    HTML_CTX_TAG,      /* between < and >, outside quotes */
    HTML_CTX_ATTR,     /* inside a double-quoted attribute value */
};

struct html {
    struct buf *out;
    enum html_context ctx;
    int err; /* 0, or the first error: nothing more is written once set */
    const char *why; /* what went wrong, for the log */
};

void html_init(struct html *h, struct buf *out);
bool html_failed(const struct html *h);

#define html_lit(h, literal) html_lit_((h), "" literal "")
#define html_f(h, template, ...) html_f_((h), "" template "", __VA_ARGS__)

/* The functions behind the macros. Call the macros, never these: they exist for the macros. */
void html_lit_(struct html *h, const char *literal);
void html_f_(struct html *h, const char *template, ...);

/* Escaping primitives, exposed for tests and for JSON-in-attribute cases. */
int html_escape_text(struct buf *out, const char *s);
/* A URL is safe for href when it is a local path or https:; returns false otherwise. */
bool html_url_is_safe(const char *url);

#endif
