/*
 * plan_util.h — private to src/store/plan_*.c: what the planning tables' code does the same way
 * (reading text and dates out of rows into an arena, growing result arrays, binding optional dates,
 * insisting on a transaction for writes of more than one statement).
 */
#ifndef SELFDIRECT_STORE_PLAN_UTIL_H
#define SELFDIRECT_STORE_PLAN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;
struct store_conn;
struct store_stmt;

/* A text column copied into a ("" for NULL); sets *nomem on failure. */
const char *pu_text(struct arena *a, struct store_stmt *s, int col, bool *nomem);
/* A date column (NULL -> 0). false when the text is not a date. */
bool pu_date(struct store_stmt *s, int col, day_t *out);
/* Binds a date, or NULL when d is 0 (a step not taken, an optional date). */
void pu_bind_date(struct store_stmt *s, int i, day_t d, char buf[DATE_ISO_SIZE]);
/* Makes room for one more item in *items (count used of *cap), doubling from 8. */
int pu_grow(struct arena *a, void **items, size_t *cap, size_t count, size_t size, struct err *e);
/* ERR_INVALID "... must run inside a transaction" unless one is open. */
int pu_need_tx(struct store_conn *c, const char *what, struct err *e);
/* Splits text on '\n' into an array of strings (in a). "" gives none. */
int pu_lines(struct arena *a, const char *text, const char ***out, size_t *n, struct err *e);

#endif
