/*
 * json_out.h — a streaming JSON writer straight into a capped buf, for the answers read most
 * often (a person's summary). It writes exactly what jansson's json_dumps(JSON_COMPACT |
 * JSON_ENSURE_ASCII) writes for the same document built in the same order — the unit tests
 * compare the two byte for byte on hostile strings — without building a tree of objects first,
 * which cost more than the store reads behind the answer.
 *
 * Invariants: output is always ASCII; every string is escaped here, at the point of writing
 * (quotes, backslashes, control characters, everything above U+007F as \uXXXX with surrogate
 * pairs); a string that is not valid UTF-8 is written as "" (jansson refuses such a string, and
 * our callers answer "" for it). Keys are written with the same escaping. Commas and nesting are
 * tracked by the writer, so a caller cannot produce malformed JSON by forgetting one.
 *
 *   struct json_out j; json_out_init(&j, &req->res.body);
 *   json_out_begin_object(&j);
 *   json_out_key(&j, "id"); json_out_int(&j, 12);
 *   json_out_key(&j, "name"); json_out_str(&j, name);
 *   json_out_end_object(&j);
 *   if (json_out_finish(&j) != 0) ...   // too deep, unbalanced, or past the buf's cap
 *
 * Other answers are written with jansson; use this where a profile says the encoding matters.
 */
#ifndef SELFDIRECT_WEB_JSON_OUT_H
#define SELFDIRECT_WEB_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define JSON_OUT_MAX_DEPTH 16

struct json_out {
    struct buf *b;
    size_t start;                       /* b->len when the document began */
    int depth;
    bool after_key;                     /* a key was written: the value needs no comma */
    bool nonempty[JSON_OUT_MAX_DEPTH];  /* the container at this depth has a member already */
    bool object[JSON_OUT_MAX_DEPTH];    /* it is an object (members need keys), not an array */
    int err;                            /* first failure (sticky): ERR_RANGE, ERR_INVALID */
};

void json_out_init(struct json_out *j, struct buf *b);
void json_out_begin_object(struct json_out *j);
void json_out_end_object(struct json_out *j);
void json_out_begin_array(struct json_out *j);
void json_out_end_array(struct json_out *j);
void json_out_key(struct json_out *j, const char *key);
void json_out_str(struct json_out *j, const char *s);  /* NULL writes "" */
void json_out_int(struct json_out *j, int64_t v);
void json_out_bool(struct json_out *j, bool v);
void json_out_null(struct json_out *j);
/* 0 when the document is complete and fitted in the buf; else the first error. */
int json_out_finish(const struct json_out *j);

/* Appends s as a JSON string literal (with its quotes) to b; "" when s is not valid UTF-8. */
int json_out_quote(struct buf *b, const char *s);

#endif
