/*
 * assess_util.h — private to the assess_*.c files of src/store/: the small conversions they all
 * make between the domains' enums and bit sets and the text the tables keep, and reading text
 * columns into the caller's arena.
 */
#ifndef SELFDIRECT_STORE_ASSESS_UTIL_H
#define SELFDIRECT_STORE_ASSESS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/eligibility.h"

struct arena;
struct err;
struct store_conn;
struct store_stmt;

/* A text column copied into a ("" for NULL); sets *nomem when the copy failed. */
const char *assess_col_dup(struct store_stmt *s, int col, struct arena *a, bool *nomem);
/* "", "yes", "no" and back (anything else: -1). */
const char *assess_answer_name(enum elig_answer v);
int assess_answer_parse(const char *s, enum elig_answer *out);
/* A bit set as comma-separated keys ("needs_help,endangers") and back. key_of gives the key of one
 * bit (NULL for bits that have none); parse returns 0 for an unknown key. Returns -1 then. */
const char *assess_bits_text(unsigned bits, const char *(*key_of)(unsigned), struct arena *a);
int assess_bits_parse(const char *text, unsigned (*parse)(const char *), unsigned *out);
/* ERR_INVALID "must run inside a transaction" when c has none open. */
int assess_need_tx(struct store_conn *c, const char *what, struct err *e);
/* An id of the RAS configuration's form: 1-40 of a-z 0-9 _, starting with a letter. */
bool assess_id_ok(const char *s);
/* The time, formatted, in a (for the *_at fields read back after a write). */
const char *assess_stamp(int64_t now, struct arena *a);

#endif
