/*
 * str.h — small string helpers for parsed input: (ptr, len) slices that point into a buffer we
 * own (never NUL-terminated by assumption), and checked integer parsing to replace atoi.
 */
#ifndef SELFDIRECT_BASE_STR_H
#define SELFDIRECT_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct slice {
    const char *p;
    size_t n;
};

static inline struct slice slice_of(const char *s) { return (struct slice){s, s ? __builtin_strlen(s) : 0}; }
bool slice_eq(struct slice a, const char *s);
struct slice slice_trim(struct slice s); /* ASCII whitespace off both ends */

/* Whole-string decimal integer, optional leading '-', no spaces, no '+', within [min, max]. */
int str_to_i64(const char *s, size_t n, int64_t min, int64_t max, int64_t *out);
/* Copies at most dstsz-1 bytes and always terminates; returns 0, or ERR_RANGE if truncated. */
int str_copy(char *dst, size_t dstsz, const char *src);
bool str_has_prefix(const char *s, const char *prefix);

#endif
