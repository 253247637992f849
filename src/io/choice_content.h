/*
 * choice_content.h — the plain-English and easy-read explanations of the ways to take a personal
 * budget (direct payment, council-managed, individual service fund, a mix), kept as data in
 * data/content/options-en.json and data/content/options-easyread.json (compiled into the binary),
 * so the words can be improved with people who use them without touching code.
 *
 * File format "selfdirect-options/1": {format, language, style ("standard" | "easy_read"), title,
 * intro: [lines], options: [{id, title, summary, what_you_do, good_to_know, help}]} where every list
 * is an array of non-empty strings (one line each; in easy read, one idea a line). The parser is
 * strict: unknown keys, a missing option, a duplicate option or an empty line are refused, so a
 * broken edit cannot silently drop what a person is told. Options come back in the order
 * direct_payment, council_managed, isf, mix whatever the file's order.
 */
#ifndef SELFDIRECT_IO_CHOICE_CONTENT_H
#define SELFDIRECT_IO_CHOICE_CONTENT_H

#include <stddef.h>

struct arena;
struct err;

enum choice_content_style {
    CHOICE_CONTENT_STANDARD = 0,
    CHOICE_CONTENT_EASY_READ,
};

#define CHOICE_CONTENT_OPTIONS 4 /* the three options and "mix" */

struct choice_content_lines {
    const char **lines;
    size_t n;
};

struct choice_content_option {
    const char *id;    /* "direct_payment", "council_managed", "isf", "mix" */
    const char *title;
    struct choice_content_lines summary, what_you_do, good_to_know, help;
};

struct choice_content {
    enum choice_content_style style;
    const char *language;
    const char *title;
    struct choice_content_lines intro;
    struct choice_content_option options[CHOICE_CONTENT_OPTIONS];
};

/* Parses a content file's text (origin names it in messages). Strings live in arena a. */
int choice_content_parse(const char *json, size_t len, const char *origin, struct arena *a,
                         struct choice_content *out, struct err *e);

/* The built-in content in the given style. */
int choice_content_load(enum choice_content_style style, struct arena *a,
                        struct choice_content *out, struct err *e);

/* The option with this id, or NULL. */
const struct choice_content_option *choice_content_find(const struct choice_content *c,
                                                        const char *id);

#endif
