/*
 * money.h — money is int64_t pence, everywhere, always. No float or double ever holds an amount.
 *
 * Arithmetic is checked: every operation that can overflow returns ERR_RANGE instead of wrapping.
 * Rounding is never implicit: money_muldiv names its rounding mode, and a domain rule that rounds
 * (HMRC's half-penny-down for NI, tax tables truncating to whole pounds, charging's round-to-penny)
 * says which rule it implements where it calls this.
 *
 * Parsing is strict about what people type: "1234.5", "1,234.50", "£1,234.50", "-3.20" (only with
 * MONEY_ALLOW_NEGATIVE). Refused with a plain message: more than two decimals, letters, exponents,
 * misplaced thousands separators, non-ASCII digits, empty input, amounts above MONEY_MAX_PENCE.
 */
#ifndef SELFDIRECT_BASE_MONEY_H
#define SELFDIRECT_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

/* The largest amount the system accepts anywhere: £1,000,000,000,000.00 (fits int64 with room
 * for sums of many such amounts to be checked rather than overflow silently). */
#define MONEY_MAX_PENCE INT64_C(100000000000000)

enum money_parse_flags {
    MONEY_ALLOW_NEGATIVE = 1 << 0,
    MONEY_ALLOW_ZERO_ONLY_POSITIVE = 0, /* default: zero and positive amounts */
};

enum money_round {
    ROUND_DOWN,           /* towards negative infinity (floor) */
    ROUND_UP,             /* towards positive infinity (ceiling) */
    ROUND_HALF_UP,        /* nearest; exact halves away from zero */
    ROUND_HALF_DOWN,      /* nearest; exact halves towards zero (HMRC NI: "0.5p or less down") */
    ROUND_TOWARDS_ZERO,   /* truncate */
};

int money_add(int64_t a, int64_t b, int64_t *out);
int money_sub(int64_t a, int64_t b, int64_t *out);
int money_mul(int64_t a, int64_t n, int64_t *out);
/* a * num / den with 128-bit intermediate, rounded as asked. den > 0. */
int money_muldiv(int64_t a, int64_t num, int64_t den, enum money_round r, int64_t *out);

/* Parses s[0..n) into pence. field names the input in the error ("weekly_cost_of_care"). */
int money_parse(const char *s, size_t n, unsigned flags, int64_t *out, const char *field,
                struct err *e);

enum money_format_flags {
    MONEY_FMT_PLAIN = 0,       /* "1234.50", "-3.20": for JSON and files */
    MONEY_FMT_POUND = 1 << 0,  /* "£1,234.50", "-£3.20": for people */
};
/* Writes into out (always terminated); returns the length. 32 bytes is always enough. */
size_t money_format(int64_t pence, unsigned flags, char *out, size_t outsz);

#define MONEY_FMT_SIZE 32

#endif
