/*
 * json_in.h — strict JSON input for the API. A request body is a JSON object whose members are
 * described by a table; anything else is refused with a message that names the member:
 *   - not JSON, not an object, a member named twice, nesting deeper than needed;
 *   - a member the table does not list ("unknown field 'nmae'": never silently ignored, because a
 *     misspelt optional field would otherwise look accepted);
 *   - a wrong type (a number where a string belongs), a string too long, an integer out of range,
 *     a date that is not YYYY-MM-DD, an amount that is not pence-exact;
 *   - a required member missing.
 * The content type must be application/json (charset utf-8, if given).
 */
#ifndef SELFDIRECT_WEB_JSON_IN_H
#define SELFDIRECT_WEB_JSON_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct arena;
struct request;

enum json_in_type {
    JIN_STRING, /* out: const char ** (arena copy); max_len bytes at most (0: 1000) */
    JIN_INT,    /* out: int64_t *; within [min, max] */
    JIN_BOOL,   /* out: bool * */
    JIN_DATE,   /* out: day_t *; a "YYYY-MM-DD" string */
    JIN_MONEY,  /* out: int64_t * pence; a string "1234.50" (never a JSON number: no floats) */
};

struct json_in_field {
    const char *name;
    enum json_in_type type;
    bool required;
    void *out;
    bool *present; /* optional: set true when the member was sent */
    size_t max_len;
    int64_t min, max;
};

/* Parses body (len bytes) as one JSON object and reads its members by the table. */
int json_in_parse(const char *body, size_t len, const struct json_in_field *fields,
                  size_t nfields, struct arena *a, struct err *e);
/* The same for a request: checks the content type first (ERR_UNSUPPORTED when wrong). */
int json_in_request(struct request *req, const struct json_in_field *fields, size_t nfields,
                    struct err *e);

#endif
