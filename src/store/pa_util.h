/*
 * pa_util.h — private to the PA record files (pa_*.c): dates as ISO text in and out of
 * statements, optional dates and references, and growing arrays in an arena.
 */
#ifndef SELFDIRECT_STORE_PA_UTIL_H
#define SELFDIRECT_STORE_PA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;
struct store_stmt;

/* Binds a date as "YYYY-MM-DD" text. */
void pa_bind_date(struct store_stmt *s, int i, day_t d);
/* Binds the date, or SQL NULL when !has. */
void pa_bind_date_opt(struct store_stmt *s, int i, bool has, day_t d);
/* Reads a date column; 0 and false for NULL or anything unreadable. */
bool pa_col_date(struct store_stmt *s, int col, day_t *out);

/* An array in an arena that doubles when full: *v has *cap slots of size bytes, *n used. Returns
 * a pointer to a fresh zeroed slot, or NULL (out of memory). */
void *pa_grow(struct arena *a, void **v, size_t *n, size_t *cap, size_t size);

/* A date typed by a person ("2025-06-01") for messages: "1 June 2025". */
const char *pa_date_text(day_t d, char *out, size_t outsz);

#endif
