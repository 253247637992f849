/*
 * ras_answers.h — the RAS as JSON, both ways: reading an answers file (the assessment answers a
 * council tests its configuration with, "format": "selfdirect-ras-answers/1", docs/ras.md) into a
 * struct ras_answers, and writing a struct ras_result (a calculation, a refusal with its flags,
 * or an override) as JSON. The same result JSON is what `selfdirect ras calc` prints and what the
 * API returns, so a page, a test and a council's spreadsheet see one shape.
 *
 * The reader is as strict as io/ras_config.h about structure (unknown fields, wrong types, bad
 * dates are refused with the path). What the answers SAY is not judged here: an unknown question
 * or an answer not in the configuration is read as given and flagged by ras_calculate, so every
 * such problem is listed together rather than one at a time.
 *
 * Amounts in the output are strings in pounds with two decimals ("362.60"); points are numbers.
 */
#ifndef SELFDIRECT_IO_RAS_ANSWERS_H
#define SELFDIRECT_IO_RAS_ANSWERS_H

#include <stddef.h>

struct arena;
struct buf;
struct err;
struct ras_answers;
struct ras_result;

#define RAS_ANSWERS_FORMAT "selfdirect-ras-answers/1"
#define RAS_ANSWERS_MAX 2000 /* answers in one file */

/* Parses an answers file; strings are copied into the arena. */
int ras_answers_parse(const char *text, size_t len, struct arena *a, struct ras_answers *out,
                      struct err *e);

/* Appends the result as indented JSON (ending in a newline). ERR_RANGE past out's cap. */
int ras_result_json(const struct ras_result *r, struct buf *out);

#endif
