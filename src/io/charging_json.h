/*
 * charging_json.h — one financial assessment as JSON: the input of `selfdirect charging` into a
 * struct charging_input, and a struct charging_result back out as JSON. The shapes are documented
 * in docs/charging.md.
 *
 * Parsing is strict, because what a person pays depends on every field: unknown fields, wrong
 * types, unknown income kinds, missing required fields, malformed amounts (more than two decimal
 * places, letters, negatives) and duplicate keys are refused with a message that starts with the
 * path of the field at fault, e.g.
 *   income[1].weekly: "12.345" has more than two decimal places: write pounds and pence like ...
 * Amounts are JSON strings ("320.00"); a JSON number is also accepted and converted exactly through
 * its shortest decimal text ("%.15g"), never through arithmetic on a double.
 *
 * Everything the parsed input points to (arrays, labels) is allocated from the arena passed in.
 */
#ifndef SELFDIRECT_IO_CHARGING_JSON_H
#define SELFDIRECT_IO_CHARGING_JSON_H

#include <stddef.h>

#include "domain/charging/charging.h"

struct arena;
struct buf;
struct err;

/* The most items accepted in each list (income, housing costs, DRE, premiums). */
#define CHARGING_JSON_MAX_ITEMS 100
/* The longest free label (a housing-cost or DRE kind, an income description), in bytes. */
#define CHARGING_JSON_MAX_LABEL 120

int charging_json_parse(const char *json, size_t len, struct arena *a, struct charging_input *out,
                        struct err *e);

/* {"weekly_contribution": "20.75", "lines": [{"label", "weekly"}...], "warnings": [...]}: every
 * amount a string with two decimals; "warnings" only when there are some. Appends to out. */
int charging_json_result(const struct charging_result *r, struct buf *out, struct err *e);

/* A problem document for an error: {"type", "title", "field", "detail"}. Appends to out. */
int charging_json_problem(const struct err *err, struct buf *out);

#endif
