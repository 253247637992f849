/*
 * nhs_number.h — NHS numbers (England and Wales): ten digits, the tenth a modulus-11 check digit
 * over the first nine (weights 10 down to 2; check = 11 - sum mod 11, where 11 means 0 and 10 means
 * the number is never issued). Pure functions. Numbers beginning 999 are the NHS's range for
 * testing and are what the demo uses; they are never issued to real people.
 */
#ifndef SELFDIRECT_DOMAIN_NHS_NUMBER_H
#define SELFDIRECT_DOMAIN_NHS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

struct err;

#define NHS_NUMBER_SIZE 11     /* 10 digits and a NUL */
#define NHS_NUMBER_SHOWN_SIZE 13 /* "943 476 5919" and a NUL */

/* The check digit for nine digits, or -1 when it would be 10 (no such number exists). */
int nhs_number_check_digit(const char *nine_digits);
/* Exactly ten ASCII digits with a correct check digit. */
bool nhs_number_valid(const char *ten_digits);
/* Accepts what people type ("943 476 5919", "943-476-5919", "9434765919"), writes the ten digits
 * into out, and refuses anything else with a message saying which rule failed. field names the
 * input for the error. */
int nhs_number_parse(const char *in, char out[NHS_NUMBER_SIZE], const char *field, struct err *e);
/* "943 476 5919": the 3-3-4 grouping NHS guidance uses for display. */
void nhs_number_format(const char *ten_digits, char out[NHS_NUMBER_SHOWN_SIZE]);

#endif
