/*
 * json_number.h — exact conversion of a JSON number (or a string holding one) to an int64 count of
 * hundredths: pence for money ("1155.26" -> 115526), basis points for a percentage ("13.8" -> 1380).
 *
 * Why this exists: jansson hands JSON reals over as doubles, and a double cannot hold 1155.26
 * exactly. Multiplying it by 100 and rounding is how pennies go missing, so we never do that.
 * Instead a real is printed with "%.15g" (a double parsed from a decimal of at most 15 significant
 * digits prints back as that same decimal) and the text goes through money_parse, which refuses
 * anything that is not an exact number of hundredths (a third decimal, an exponent, ...). JSON
 * integers are scaled with checked arithmetic. Strings are parsed by money_parse directly, so
 * "1,155.26" is accepted in a string but "1.234" never is, in any form.
 *
 * Pure functions over jansson values; safe to call from anywhere.
 */
#ifndef SELFDIRECT_IO_JSON_NUMBER_H
#define SELFDIRECT_IO_JSON_NUMBER_H

#include <jansson.h>
#include <stdint.h>

struct err;

enum json_number_flags {
    JSON_NUMBER_ALLOW_NEGATIVE = 1 << 0, /* refunds in HMRC test data are negative */
    JSON_NUMBER_ALLOW_STRING = 1 << 1,   /* accept "1155.26" as well as 1155.26 */
};

/* v (a JSON integer, real, or with JSON_NUMBER_ALLOW_STRING a string) as hundredths. field names
 * the value in the message when it is refused (ERR_INVALID, or ERR_RANGE when too large). */
int json_number_hundredths(const json_t *v, unsigned flags, int64_t *out, const char *field,
                           struct err *e);

/* The same, named for what the caller means: money in pence. */
int json_number_pence(const json_t *v, unsigned flags, int64_t *out, const char *field,
                      struct err *e);

/* A whole number (a JSON integer, or a real with no fraction such as 3.0) within [min, max]. */
int json_number_int(const json_t *v, int64_t min, int64_t max, int64_t *out, const char *field,
                    struct err *e);

#endif
