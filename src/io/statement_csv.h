/*
 * statement_csv.h — bank and prepaid-card statements exported as CSV (parsed with libcsv, in strict
 * mode). Every bank lays its export out differently, so a layout says where things are: which
 * columns (by header name, or by position for files without a header row) hold the date, the
 * description, the amount (one signed column, or separate paid-in and paid-out columns), the
 * running balance, a reference, the payee, the bank's type text and its transaction id; how dates
 * are written; and whether the balances must follow on from each other. A few layouts are built in
 * (statement_csv_layouts); a council can describe its own.
 *
 * Strict. The file is refused whole, with the line and the reason, and nothing is returned when:
 * it is not UTF-8 (UTF-16 is refused with a hint; a UTF-8 byte-order mark is fine); a quote is
 * left open (a file cut short); a row has too few columns or a required header is missing; a date
 * does not parse or falls outside [earliest, latest]; an amount has three decimal places, letters,
 * or is in both paid-in and paid-out; a currency column says anything but GBP; text is longer than
 * STATEMENT_MAX_TEXT; the running balance does not follow from the row before (in either date
 * order) when the layout checks balances. Rows for 0p (card checks) are skipped and counted.
 *
 * Dates: DMY accepts 06/04/2025, 06-04-2025, 06.04.2025, 6 Apr 2025, 06-Apr-2025 and two-digit
 * years (06/04/25 = 2025); ISO accepts 2025-04-06 only. Amounts: "1,234.50", "£1,234.50", "-3.20",
 * "(3.20)" is refused (say what the bank means in the layout instead).
 */
#ifndef SELFDIRECT_IO_STATEMENT_CSV_H
#define SELFDIRECT_IO_STATEMENT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "io/statement.h"

struct arena;
struct err;

enum statement_date_format {
    STATEMENT_DATE_DMY = 1, /* day, month, year in the UK order */
    STATEMENT_DATE_ISO,     /* YYYY-MM-DD */
};

enum statement_amount_style {
    STATEMENT_AMOUNT_SIGNED = 1,  /* one column: negative = money out */
    STATEMENT_AMOUNT_OUT_POSITIVE,/* one column: positive = money out (some card exports) */
    STATEMENT_AMOUNT_SPLIT,       /* paid-in and paid-out columns, both positive */
};

/* A column: by header text (case and surrounding spaces ignored) when the layout has a header
 * row, or by 1-based position when it does not. NULL/0 = the file has no such column. */
struct statement_col {
    const char *header;
    int index;
};

#define STATEMENT_LAYOUT_NAME_MAX 40

struct statement_layout {
    const char *name;      /* "lloyds": [a-z0-9_], stored with the account */
    const char *label;     /* "Lloyds, Halifax, Bank of Scotland" */
    char delimiter;        /* ',' (or ';', '\t') */
    bool has_header;
    int max_preamble_rows; /* rows the bank puts before the header (account name, ...) */
    enum statement_date_format date_format;
    enum statement_amount_style amount_style;
    bool check_balances;
    struct statement_col date, description, amount, paid_in, paid_out, balance, reference, payee,
        type, id, currency;
};

/* The built-in layouts, and one by name (NULL if none). */
const struct statement_layout *statement_csv_layouts(size_t *n);
const struct statement_layout *statement_csv_layout(const char *name);

struct statement_csv_options {
    day_t earliest; /* dates before this are refused (for example the account's opening) */
    day_t latest;   /* dates after this are refused (today: a statement cannot be from the future) */
};

/* Checks that a (council's own) layout makes sense: a date column, an amount or both paid-in and
 * paid-out, headers or positions as has_header says. */
int statement_csv_layout_check(const struct statement_layout *l, struct err *e);

/* Parses data[0..n) with layout l into st (arena a). On refusal st->n is 0 and e says which line
 * and why. The transactions come back in file order with their fingerprints. */
int statement_csv_parse(const char *data, size_t n, const struct statement_layout *l,
                        const struct statement_csv_options *o, struct arena *a,
                        struct statement *st, struct err *e);

/* The date parser the layouts use, for tests and for other importers. */
int statement_parse_date(const char *s, enum statement_date_format f, day_t *out);

#endif
