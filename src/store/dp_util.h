/*
 * dp_util.h — private to src/store/dp_*.c and the ledger files: what the direct-payment store code
 * does the same way (its own or the caller's transaction, text and dates out of rows into an arena,
 * growing result arrays, optional dates as NULL).
 */
#ifndef SELFDIRECT_STORE_DP_UTIL_H
#define SELFDIRECT_STORE_DP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;
struct store_conn;
struct store_stmt;

/* Starts a transaction unless one is open (*own says whether this call owns it). */
int dp_tx_begin(struct store_conn *c, bool *own, struct err *e);
/* Commits (rc == 0) or rolls back an owned transaction; returns rc or the commit's error. */
int dp_tx_end(struct store_conn *c, bool own, int rc, struct err *e);

/* A text column copied into a ("" for NULL), or NULL when out of memory. */
const char *dp_col_text(struct arena *a, struct store_stmt *s, int col);
/* A date column: 0 for NULL or for text that is not a date. */
day_t dp_col_date(struct store_stmt *s, int col);
/* Binds a date as "YYYY-MM-DD", or NULL when d is 0. */
void dp_bind_date(struct store_stmt *s, int i, day_t d);
/* Room for one more item in *items (count used of *cap), doubling from 16. */
int dp_grow(struct arena *a, void **items, size_t *cap, size_t count, size_t size, struct err *e);
/* "Out of memory." as an error. */
int dp_nomem(struct err *e);
/* Checks free text a person typed: trimmed into a, valid UTF-8 without control characters (new
 * lines allowed when multi_line), between min and max bytes. */
int dp_text(struct arena *a, const char *in, size_t min, size_t max, bool multi_line,
            const char *field, const char *label, const char **out, struct err *e);

#endif
