/*
 * bacs18.h — BACS Standard 18 payment files: the fixed-width file a council's bank (or its Bacstel-IP
 * bureau software) takes to pay a batch of direct payments by direct credit. docs/payments.md gives
 * the layout record by record, with its sources.
 *
 * A file is: VOL1, HDR1, HDR2, UHL1 labels (80 characters); one 100-character standard record per
 * payment (transaction code 99, direct credit); one contra record (transaction code 17) debiting
 * the council's own account with the total, so the file balances; then EOF1, EOF2, UTL1 labels,
 * UTL1 carrying the debit and credit totals and counts (the contra counted as the one debit).
 *
 * Everything is validated before a byte is written, and a refusal names the payment and field:
 * sort codes are 6 digits, account numbers 8 (shorter ones are zero-filled on the left, as banks
 * do for 6- and 7-digit accounts; longer ones are refused, because building-society roll numbers
 * need the society's own instructions), names and references use only the BACS character set
 * A-Z 0-9 . & / - and space (lower case is upper-cased; anything else is refused, never silently
 * replaced, so nobody's payment goes out under a mangled reference), amounts are 1p to
 * £999,999,999.99 (11 digits), the processing day is a weekday on or after the creation day.
 *
 * Pure: dates are passed in; the output goes into a capped buffer.
 */
#ifndef SELFDIRECT_IO_BACS18_H
#define SELFDIRECT_IO_BACS18_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct buf;
struct err;

#define BACS18_SORT_CODE_SIZE 7 /* 6 digits + NUL */
#define BACS18_ACCOUNT_SIZE 9   /* 8 digits + NUL */
#define BACS18_TEXT_SIZE 19     /* 18 characters + NUL: names and references */
#define BACS18_MAX_AMOUNT INT64_C(99999999999) /* 11 digits of pence */
#define BACS18_LABEL_LEN 80
#define BACS18_RECORD_LEN 100

/* "12-34-56", "12 34 56" or "123456" -> "123456". */
int bacs18_sort_code(const char *in, char out[BACS18_SORT_CODE_SIZE], const char *field,
                     struct err *e);
/* 6 to 8 digits (spaces allowed between groups) -> 8 digits, zero-filled on the left. */
int bacs18_account(const char *in, char out[BACS18_ACCOUNT_SIZE], const char *field,
                   struct err *e);
/* Upper-cases, trims and collapses runs of spaces; refuses characters outside the BACS set,
 * empty text and text longer than 18 characters. */
int bacs18_text(const char *in, char out[BACS18_TEXT_SIZE], const char *field, struct err *e);
/* 1p .. BACS18_MAX_AMOUNT. */
int bacs18_amount(int64_t pence, const char *field, struct err *e);

struct bacs18_originator {
    char sun[7];                           /* service user number: 6 digits */
    char sort_code[BACS18_SORT_CODE_SIZE]; /* the council's account the contra debits */
    char account[BACS18_ACCOUNT_SIZE];
    char name[BACS18_TEXT_SIZE];           /* the council's account name */
};

struct bacs18_payment {
    char sort_code[BACS18_SORT_CODE_SIZE];
    char account[BACS18_ACCOUNT_SIZE];
    char name[BACS18_TEXT_SIZE];       /* the payee's account name */
    char reference[BACS18_TEXT_SIZE];  /* what the payee sees on their statement */
    int64_t amount;                    /* pence */
};

struct bacs18_params {
    struct bacs18_originator orig;
    char serial[7];        /* volume serial: 6 characters A-Z 0-9, unique for the SUN that day */
    int file_number;       /* 1..999, UHL1 file number */
    day_t created;         /* HDR1 creation date */
    day_t processing;      /* UHL1 processing day: BACS day 1 (money arrives on day 3) */
    const char *contra_narrative; /* contra record narrative (<= 18); NULL: "DIRECT PAYMENTS" */
    const char *eol;              /* record terminator; NULL: "\r\n" */
};

/* Validates everything, then writes the whole file into out (appending). On refusal nothing is
 * appended and e names the payment (1-based, in the order given) and the field. */
int bacs18_write(const struct bacs18_params *p, const struct bacs18_payment *pays, size_t n,
                 struct buf *out, struct err *e);

/* " YYDDD": a blank, the year's last two digits and the day of the year (the BACS label date). */
void bacs18_julian(day_t d, char out[7]);

#endif
