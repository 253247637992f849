/*
 * statement.h — a bank or card statement as imported from a file: the transactions of one direct-
 * payment account (the person's separate bank account, a prepaid card, or a managed account),
 * whatever format they came in (io/statement_csv.h for CSV exports, io/camt053.h for ISO 20022
 * camt.053 XML). The parsers are strict: a file is refused whole, with the line and the reason,
 * and then nothing is returned (n == 0), so nothing from a bad file can reach the ledger.
 *
 * Fingerprints. Each transaction gets a fingerprint (hex SHA-256) that is the same every time the
 * same transaction is imported, from the same file or from a later, overlapping statement:
 *   - when the bank gives its own unique reference (camt.053 AcctSvcrRef, a card transaction id):
 *     that reference, the date, the amount and (for split entries) the part number;
 *   - otherwise: the date, the amount, the description, reference and payee, and the running
 *     balance after it when the file gives one, or else the occurrence index (the first, second,
 *     ... transaction with exactly those details in the file), so two identical coffees on one day
 *     stay two transactions.
 * The store keeps the fingerprints of what it has imported per account, so importing the same
 * statement twice adds nothing (ledger source_ref does the same for postings).
 *
 * Memory: everything lives in the arena the parser is given.
 */
#ifndef SELFDIRECT_IO_STATEMENT_H
#define SELFDIRECT_IO_STATEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

#define STATEMENT_FINGERPRINT_SIZE 65 /* 64 hex digits + NUL */
#define STATEMENT_MAX_TEXT 512        /* longest description, reference or name accepted */
#define STATEMENT_MAX_ROWS 1000000    /* transactions in one file */

struct statement_txn {
    day_t date;              /* booking date */
    int64_t amount;          /* pence: > 0 money in, < 0 money out, never 0 */
    bool has_balance;
    int64_t balance;         /* running balance after it, when the file gives one */
    const char *description; /* never NULL; "" when absent */
    const char *reference;   /* payment reference or remittance information */
    const char *payee;       /* the other party: who was paid (money out) or who paid (in) */
    const char *type;        /* the bank's own type text: "DEB", "ATM WITHDRAWAL", "PURCHASE" */
    const char *bank_ref;    /* the bank's unique reference for it, or "" */
    bool is_cash;            /* a cash withdrawal */
    bool is_reversal;        /* the bank reversed an earlier entry (camt.053 RvslInd) */
    int split_index;         /* camt.053 batched entry: part k (1-based) of split_count; else 0 */
    int split_count;
    int line;                /* line of the file it came from */
    char fingerprint[STATEMENT_FINGERPRINT_SIZE];
};

struct statement {
    struct statement_txn *txns;
    size_t n;
    const char *format;       /* "csv:lloyds", "camt.053", ... */
    const char *account;      /* account identity the file states (IBAN, sort code + number), or "" */
    bool has_opening, has_closing;
    int64_t opening, closing; /* statement balances, when the file gives them */
    size_t skipped;           /* rows deliberately left out (0p card checks, pending entries) */
    const char *skipped_why;  /* "" or why they were left out */
};

/* Checks raw file bytes: a UTF-8 byte-order mark is skipped (*start says where the text begins);
 * UTF-16 and UTF-32 (with or without a mark), NUL bytes, and anything that is not valid UTF-8
 * (overlong forms, surrogates, beyond U+10FFFF) are refused with the line, column and a hint. */
int statement_check_encoding(const char *data, size_t n, size_t *start, struct err *e);

/* Fills in every transaction's fingerprint (see above). Refuses (ERR_INVALID, naming both lines)
 * a file in which two transactions come out the same, such as a repeated bank reference. */
int statement_fingerprint(struct statement *st, struct err *e);

/* Whether the bank's type text or the description says this is a cash withdrawal. */
bool statement_looks_cash(const char *type, const char *description);

#endif
