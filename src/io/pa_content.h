/*
 * pa_content.h — the plain-English "why checks matter, and how to ask for one" text that the PA
 * finder shows budget holders, kept as data in data/content/pa-checks-en.json (compiled in) so the
 * words can be improved with the people who read them without touching code.
 *
 * File format "selfdirect-pa-checks/1": {format, language, title, why: [lines], how_to_request:
 * [lines], sources: [{title, url}]}. Strict: unknown keys, empty lines, a missing list or a source
 * without an https URL are refused, so a broken edit cannot silently drop what a person is told.
 */
#ifndef SELFDIRECT_IO_PA_CONTENT_H
#define SELFDIRECT_IO_PA_CONTENT_H

#include <stddef.h>

struct arena;
struct err;

struct pa_content_source {
    const char *title;
    const char *url;
};

struct pa_checks_content {
    const char *title;
    const char **why;
    size_t nwhy;
    const char **how_to_request;
    size_t nhow;
    struct pa_content_source *sources;
    size_t nsources;
};

/* Parses a file's text; strings are copied into a. */
int pa_checks_content_parse(const char *json, size_t len, struct arena *a,
                            struct pa_checks_content *out, struct err *e);
/* The built-in English text. */
int pa_checks_content_load(struct arena *a, struct pa_checks_content *out, struct err *e);

#endif
