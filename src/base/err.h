/*
 * err.h — errors meant for a person. A function that can fail returns int (0 ok, negative ERR_*
 * code) and, when given a struct err, fills it with a message that says what is wrong and how to
 * fix it, and (for input errors) the name of the field at fault. The first error set wins: later
 * err_set calls on an already-set err are ignored, so a caller can check once at the end.
 */
#ifndef SELFDIRECT_BASE_ERR_H
#define SELFDIRECT_BASE_ERR_H

#include <stddef.h>

enum err_code {
    ERR_OK = 0,
    ERR_INVALID = -1,   /* the input is wrong: the person can fix it (HTTP 400/422) */
    ERR_NOT_FOUND = -2, /* no such record, or not visible to the caller (HTTP 404) */
    ERR_CONFLICT = -3,  /* stale version, duplicate, or a state that forbids this (HTTP 409) */
    ERR_FORBIDDEN = -4, /* a rule forbids this caller doing this (HTTP 403) */
    ERR_RANGE = -5,     /* arithmetic overflow or a number outside what is allowed */
    ERR_NOMEM = -6,
    ERR_IO = -7,        /* file, network or database failure: not the person's fault */
    ERR_UNSUPPORTED = -8, /* e.g. a store newer than this binary, a tax year we have no rates for */
};

struct err {
    int code;
    char field[64];  /* the input field at fault, or "" */
    char msg[512];   /* plain English: what is wrong, and how to fix it */
};

/* Sets e (if e is not NULL and not already set) and returns code, so `return err_set(...)` works. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int err_set_field(struct err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void err_clear(struct err *e);
/* A short, stable name for a code ("invalid", "not-found", ...), used in problem+json types. */
const char *err_code_name(int code);

#endif
