/* CSV statement import: the built-in bank layouts on sample files (tests/data/statements), strict
 * refusals with line and reason (3 decimals, wrong encodings, dates out of range, cut-short and
 * partial files, wrong layouts, balances that do not follow), fingerprints, and importing the same
 * statement twice into the ledger adding nothing. */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "domain/ledger.h"
#include "io/statement_csv.h"

#define DIR "tests/data/statements/"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static const struct statement_csv_options opts = {0, 0};

/* Parses a sample file with a built-in layout; returns the parser's result. */
static int parse_file(const char *file, const char *layout, const struct statement_csv_options *o,
                      struct arena *a, struct statement *st, struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, 1 << 20);
    arena_init(a, 0);
    if (buf_read_file(&b, file, e) != 0) {
        buf_release(&b);
        return -100;
    }
    rc = statement_csv_parse(b.data, b.len, statement_csv_layout(layout), o ? o : &opts, a, st, e);
    buf_release(&b);
    return rc;
}

static int parse_text(const char *text, const struct statement_layout *l, struct arena *a,
                      struct statement *st, struct err *e)
{
    arena_init(a, 0);
    return statement_csv_parse(text, strlen(text), l, &opts, a, st, e);
}

TEST(statement_lloyds_newest_first_with_split_columns)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "lloyds.csv", "lloyds", NULL, &a, &st, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(st.n, 5);
    CHECK_STR(st.format, "csv:lloyds");
    CHECK_INT(st.txns[0].date, D(2025, 4, 22));
    CHECK_INT(st.txns[0].amount, -2340);
    CHECK_INT(st.txns[0].balance, 208360);
    CHECK_STR(st.txns[0].description, "TESCO STORES 2345");
    CHECK_STR(st.txns[0].type, "DEB");
    CHECK_INT(st.txns[0].line, 2);
    CHECK_INT(st.txns[2].amount, -6000);
    CHECK(st.txns[2].is_cash); /* CPT: cashpoint */
    CHECK(!st.txns[1].is_cash);
    CHECK_INT(st.txns[3].amount, 100000);
    CHECK_INT(st.txns[4].amount, 5000);
    CHECK_INT(st.txns[4].line, 6);
    CHECK_INT(strlen(st.txns[0].fingerprint), 64);
    arena_release(&a);
}

TEST(statement_barclays_signed_and_identical_rows)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "barclays.csv", "barclays", NULL, &a, &st, &e), 0);
    CHECK_INT(st.n, 6);
    CHECK_INT(st.txns[2].amount, -6000);
    CHECK(st.txns[2].is_cash);
    /* two identical coffees... or shopping trips: both kept, told apart by occurrence */
    CHECK_INT(st.txns[4].amount, st.txns[5].amount);
    CHECK(strcmp(st.txns[4].fingerprint, st.txns[5].fingerprint) != 0);
    arena_release(&a);
}

TEST(statement_nationwide_bom_preamble_pounds_and_month_names)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "nationwide.csv", "nationwide", NULL, &a, &st, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(st.n, 5);
    CHECK_INT(st.txns[0].date, D(2025, 4, 7));
    CHECK_INT(st.txns[1].amount, 100000);
    CHECK_INT(st.txns[1].balance, 256700);
    CHECK_INT(st.txns[2].amount, -6000);
    CHECK(st.txns[2].is_cash);
    CHECK_INT(st.txns[4].balance, 208360);
    arena_release(&a);
}

TEST(statement_hsbc_without_header)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "hsbc.csv", "hsbc", NULL, &a, &st, &e), 0);
    CHECK_INT(st.n, 3);
    CHECK_INT(st.txns[1].amount, 100000); /* "1,000.00" in quotes */
    CHECK_INT(st.txns[2].amount, -40000);
    CHECK(!st.txns[0].has_balance);
    arena_release(&a);
}

TEST(statement_monzo_payee_and_transaction_id)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "monzo.csv", "monzo", NULL, &a, &st, &e), 0);
    CHECK_INT(st.n, 4);
    CHECK_STR(st.txns[2].payee, "Bright Care Ltd");
    CHECK_STR(st.txns[2].bank_ref, "tx_0000A3");
    CHECK_STR(st.txns[2].description, "INV 4411");
    CHECK_INT(st.txns[3].amount, -2340);
    arena_release(&a);
}

TEST(statement_prepaid_card_cash_refunds_and_card_checks)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "prepaid_card.csv", "prepaid_card", NULL, &a, &st, &e), 0);
    CHECK_INT(st.n, 5);
    CHECK_INT(st.skipped, 1); /* the 0p card check */
    CHECK_CONTAINS(st.skipped_why, "0p");
    CHECK(st.txns[1].is_cash && st.txns[2].is_cash);
    CHECK_INT(st.txns[1].amount, -20000);
    CHECK_STR(st.txns[3].payee, "ACME MOBILITY");
    CHECK_INT(st.txns[4].amount, 2000);
    CHECK(!st.txns[4].is_cash);
    CHECK_INT(st.txns[4].line, 7);
    arena_release(&a);
}

TEST(statement_generic_template)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_file(DIR "generic.csv", "generic", NULL, &a, &st, &e), 0);
    CHECK_INT(st.n, 3);
    CHECK_STR(st.txns[2].payee, "HMRC");
    CHECK_STR(st.txns[2].reference, "123PA00012345");
    CHECK_INT(st.txns[2].date, D(2025, 4, 25));
    arena_release(&a);
}

/* --- refusals -------------------------------------------------------------------------------- */

struct bad_case {
    const char *file;
    const char *layout;
    const char *want[2]; /* phrases the message must contain */
};

static const struct bad_case bad_cases[] = {
    {"bad_three_decimals.csv", "generic", {"Line 3:", "more than two decimal places"}},
    {"bad_utf16.csv", "generic", {"UTF-16", "CSV UTF-8"}},
    {"bad_windows1252.csv", "generic", {"Line 2, column 27", "not valid UTF-8"}},
    {"bad_cut_short.csv", "generic", {"Line 3:", "cut short"}},
    {"bad_missing_column.csv", "generic", {"Line 3:", "this row has 3 columns"}},
    {"bad_future_date.csv", "generic", {"Line 3:", "is after 2025-05-01"}},
    {"bad_impossible_date.csv", "lloyds", {"Line 2:", "\"31/02/2025\" is not a date"}},
    {"bad_balance.csv", "generic", {"Line 4:", "does not follow from the balance £600.00"}},
    {"bad_wrong_bank.csv", "lloyds", {"header row was not found", "Lloyds"}},
    {"bad_in_and_out.csv", "lloyds", {"Line 2:", "both in \"Credit Amount\""}},
    {"bad_currency.csv", "monzo", {"Line 2:", "GBP"}},
    {"lloyds.csv", "barclays", {"header row was not found", "\"Memo\""}},
};

TEST(statement_bad_files_refused_whole_with_line_and_reason)
{
    struct statement_csv_options o = {D(2024, 4, 1), D(2025, 5, 1)};
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        struct arena a;
        struct statement st;
        struct err e = {0};
        char path[200];
        int rc;
        snprintf(path, sizeof path, DIR "%s", bad_cases[i].file);
        rc = parse_file(path, bad_cases[i].layout, &o, &a, &st, &e);
        if (rc == 0)
            check_fail(__FILE__, __LINE__, "%s was accepted", bad_cases[i].file);
        CHECK_INT(rc, ERR_INVALID);
        CHECK_INT(st.n, 0);
        CHECK(st.txns == NULL);
        for (int k = 0; k < 2; k++)
            if (!strstr(e.msg, bad_cases[i].want[k]))
                check_fail(__FILE__, __LINE__, "%s: \"%s\" lacks \"%s\"", bad_cases[i].file, e.msg,
                           bad_cases[i].want[k]);
        arena_release(&a);
    }
}

TEST(statement_dates_before_the_account_refused)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    struct statement_csv_options o = {D(2025, 4, 15), 0};
    CHECK_INT(parse_file(DIR "generic.csv", "generic", &o, &a, &st, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Line 2: the date 2025-04-10 is before 2025-04-15");
    arena_release(&a);
}

TEST(statement_empty_and_header_only_files)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_text("", statement_csv_layout("generic"), &a, &st, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "empty");
    arena_release(&a);
    err_clear(&e);
    CHECK_INT(parse_text("Date,Description,Amount,Balance,Reference,Payee\n",
                         statement_csv_layout("generic"), &a, &st, &e),
              0);
    CHECK_INT(st.n, 0);
    arena_release(&a);
}

TEST(statement_overlong_text_refused)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    struct buf b;
    buf_init(&b, 1 << 16);
    buf_adds(&b, "Date,Description,Amount,Balance,Reference,Payee\n2025-04-10,");
    for (int i = 0; i < 600; i++)
        buf_addc(&b, 'x');
    buf_adds(&b, ",1.00,1.00,,\n");
    CHECK_INT(parse_text(b.data, statement_csv_layout("generic"), &a, &st, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "the description is 600 characters long");
    buf_release(&b);
    arena_release(&a);
}

TEST(statement_misplaced_quote_refused)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse_text("Date,Description,Amount,Balance,Reference,Payee\n"
                         "2025-04-10,Care \"invoice\",1.00,1.00,,\n",
                         statement_csv_layout("generic"), &a, &st, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Line 2:");
    CHECK_CONTAINS(e.msg, "quote");
    arena_release(&a);
}

TEST(statement_council_layout_semicolons_and_positions)
{
    struct statement_layout l;
    struct arena a;
    struct statement st;
    struct err e = {0};
    memset(&l, 0, sizeof l);
    l.name = "my_bank";
    l.label = "My Bank";
    l.delimiter = ';';
    l.date_format = STATEMENT_DATE_ISO;
    l.amount_style = STATEMENT_AMOUNT_OUT_POSITIVE;
    l.date.index = 2;
    l.amount.index = 1;
    l.description.index = 3;
    CHECK_INT(parse_text("12.50;2025-04-10;WINDOW CLEANER\n-3.00;2025-04-11;REFUND\n", &l, &a,
                         &st, &e),
              0);
    CHECK_INT(st.n, 2);
    CHECK_INT(st.txns[0].amount, -1250);
    CHECK_INT(st.txns[1].amount, 300);
    CHECK_STR(st.format, "csv:my_bank");
    arena_release(&a);
}

TEST(statement_layout_check)
{
    struct statement_layout l;
    struct err e = {0};
    size_t n = 0;
    const struct statement_layout *all = statement_csv_layouts(&n);
    CHECK(n >= 7);
    for (size_t i = 0; i < n; i++)
        CHECK_INT(statement_csv_layout_check(&all[i], &e), 0);
    CHECK(statement_csv_layout("nope") == NULL);
    memset(&l, 0, sizeof l);
    l.name = "x";
    l.delimiter = ',';
    l.has_header = true;
    l.date_format = STATEMENT_DATE_DMY;
    l.amount_style = STATEMENT_AMOUNT_SPLIT;
    l.date.header = "Date";
    l.paid_in.header = "In";
    CHECK_INT(statement_csv_layout_check(&l, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "paid in and money paid out");
    err_clear(&e);
    l.paid_out.header = "Out";
    l.check_balances = true;
    CHECK_INT(statement_csv_layout_check(&l, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Balances can be checked only");
    err_clear(&e);
    l.check_balances = false;
    l.name = "Bad Name";
    CHECK_INT(statement_csv_layout_check(&l, &e), ERR_INVALID);
    err_clear(&e);
    l.name = "ok";
    l.date.header = NULL;
    CHECK_INT(statement_csv_layout_check(&l, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "date");
}

TEST(statement_dmy_dates)
{
    static const struct {
        const char *s;
        int y, m, d; /* 0: refused */
    } cases[] = {
        {"06/04/2025", 2025, 4, 6}, {"6/4/2025", 2025, 4, 6},     {"06-04-2025", 2025, 4, 6},
        {"06.04.2025", 2025, 4, 6}, {"6 Apr 2025", 2025, 4, 6},   {"06-Apr-2025", 2025, 4, 6},
        {"06 April 2025", 2025, 4, 6}, {"06/04/25", 2025, 4, 6},  {"6 Sept 2025", 2025, 9, 6},
        {"29/02/2024", 2024, 2, 29}, {"29/02/2025", 0, 0, 0},     {"2025-04-06", 0, 0, 0},
        {"06/13/2025", 0, 0, 0},    {"32/01/2025", 0, 0, 0},      {"06/04/2025 10:00", 0, 0, 0},
        {"6 Foo 2025", 0, 0, 0},    {"", 0, 0, 0},                {"06/04-2025", 0, 0, 0},
        {"06/04/202", 0, 0, 0},     {"006/04/2025", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        day_t got = 0;
        int rc = statement_parse_date(cases[i].s, STATEMENT_DATE_DMY, &got);
        if (cases[i].y == 0) {
            if (rc == 0)
                check_fail(__FILE__, __LINE__, "\"%s\" was accepted", cases[i].s);
        } else if (rc != 0 || got != D(cases[i].y, cases[i].m, cases[i].d)) {
            check_fail(__FILE__, __LINE__, "\"%s\" parsed wrongly", cases[i].s);
        }
    }
}

TEST(statement_encoding_check)
{
    size_t start = 0;
    struct err e = {0};
    CHECK_INT(statement_check_encoding("abc", 3, &start, &e), 0);
    CHECK_INT(statement_check_encoding("\xef\xbb\xbf" "abc", 6, &start, &e), 0);
    CHECK_INT(start, 3);
    CHECK_INT(statement_check_encoding("\xc2\xa3 \xf0\x9f\x98\x80", 7, &start, &e), 0);
    CHECK_INT(statement_check_encoding("\xc0\xaf", 2, &start, &e), ERR_INVALID); /* overlong */
    err_clear(&e);
    CHECK_INT(statement_check_encoding("\xed\xa0\x80", 3, &start, &e), ERR_INVALID); /* surrogate */
    err_clear(&e);
    CHECK_INT(statement_check_encoding("\xf4\x90\x80\x80", 4, &start, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(statement_check_encoding("\xe2\x82", 2, &start, &e), ERR_INVALID); /* cut */
    err_clear(&e);
    CHECK_INT(statement_check_encoding("\xff\xfe\x00\x00", 4, &start, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "UTF-32");
    err_clear(&e);
    CHECK_INT(statement_check_encoding("a\nb\0c", 5, &start, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Line 2, column 2: the file contains a NUL byte");
}

TEST(statement_looks_cash_words)
{
    CHECK(statement_looks_cash("CPT", ""));
    CHECK(statement_looks_cash("ATM WITHDRAWAL", ""));
    CHECK(statement_looks_cash("", "CASH WITHDRAWAL HIGH ST"));
    CHECK(statement_looks_cash("", "LINK ATM 14APR"));
    CHECK(!statement_looks_cash("DEB", "CASHMERE SHOP"));
    CHECK(!statement_looks_cash("", "BATMAN TOYS"));
    CHECK(!statement_looks_cash(NULL, ""));
}

/* --- duplicates ------------------------------------------------------------------------------ */

TEST(statement_fingerprints_are_stable_and_overlap_safe)
{
    struct arena a1, a2;
    struct statement s1, s2;
    struct err e = {0};
    const char *full = "Date,Description,Amount,Balance,Reference,Payee\n"
                       "2025-04-10,Direct payment,1000.00,1000.00,DP000123,Demo Council\n"
                       "2025-04-18,Care invoice,-400.00,600.00,INV 4411,Bright Care Ltd\n"
                       "2025-04-25,PAYE quarter,-120.00,480.00,123PA00012345,HMRC\n";
    const char *later = "Date,Description,Amount,Balance,Reference,Payee\n"
                        "2025-04-18,Care invoice,-400.00,600.00,INV 4411,Bright Care Ltd\n"
                        "2025-04-25,PAYE quarter,-120.00,480.00,123PA00012345,HMRC\n"
                        "2025-05-02,Care invoice,-400.00,80.00,INV 4470,Bright Care Ltd\n";
    CHECK_INT(parse_text(full, statement_csv_layout("generic"), &a1, &s1, &e), 0);
    CHECK_INT(parse_text(later, statement_csv_layout("generic"), &a2, &s2, &e), 0);
    CHECK_STR(s1.txns[1].fingerprint, s2.txns[0].fingerprint);
    CHECK_STR(s1.txns[2].fingerprint, s2.txns[1].fingerprint);
    CHECK(strcmp(s1.txns[0].fingerprint, s1.txns[1].fingerprint) != 0);
    CHECK(strcmp(s2.txns[2].fingerprint, s1.txns[1].fingerprint) != 0);
    arena_release(&a1);
    arena_release(&a2);
}

/* What the store does with an import, in miniature: each transaction becomes a journal whose
 * source_ref is its fingerprint. */
static size_t import_into(struct ledger *l, const struct statement *st, struct err *e)
{
    size_t added = 0;
    for (size_t i = 0; i < st->n; i++) {
        const struct statement_txn *t = &st->txns[i];
        enum ledger_journal_kind k = t->amount < 0 ? LEDGER_J_SPEND : LEDGER_J_FUNDS_IN;
        err_clear(e);
        if (ledger_post_simple(l, k, 1, 9, t->date, t->amount < 0 ? -t->amount : t->amount, 0, 0,
                               t->fingerprint, t->description, NULL, e) == 0)
            added++;
        else
            CHECK_INT(e->code, ERR_CONFLICT);
    }
    return added;
}

TEST(statement_imported_twice_adds_nothing)
{
    struct arena a1, a2;
    struct statement s1, s2;
    struct err e = {0};
    struct ledger l;
    struct ledger_breaches br;
    int64_t held;
    ledger_init(&l);
    CHECK_INT(parse_file(DIR "barclays.csv", "barclays", NULL, &a1, &s1, &e), 0);
    CHECK_INT(import_into(&l, &s1, &e), 6);
    held = ledger_balance(&l, 1, 9, LEDGER_PERSON_DP_ACCOUNT);
    CHECK_INT(held, 5000 + 100000 - 6000 - 40000 - 2340 - 2340);
    CHECK_INT(parse_file(DIR "barclays.csv", "barclays", NULL, &a2, &s2, &e), 0);
    CHECK_INT(import_into(&l, &s2, &e), 0);
    CHECK_INT(l.njournals, 6);
    CHECK_INT(ledger_balance(&l, 1, 9, LEDGER_PERSON_DP_ACCOUNT), held);
    ledger_breaches_init(&br, 10);
    CHECK_INT(ledger_verify(&l, &br, &e), 0);
    ledger_breaches_release(&br);
    ledger_release(&l);
    arena_release(&a1);
    arena_release(&a2);
}

TEST(statement_partial_file_adds_nothing)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    struct ledger l;
    ledger_init(&l);
    CHECK_INT(parse_file(DIR "bad_cut_short.csv", "generic", NULL, &a, &st, &e), ERR_INVALID);
    CHECK_INT(import_into(&l, &st, &e), 0);
    CHECK_INT(l.njournals, 0);
    ledger_release(&l);
    arena_release(&a);
}

TEST(statement_repeated_bank_reference_refused)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    const char *csv =
        "Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local "
        "currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In\n"
        "tx_1,07/04/2025,09:12:01,Card payment,Tesco,,Groceries,-5.00,GBP,-5.00,GBP,,,,A,,-5.00,\n"
        "tx_1,07/04/2025,09:12:01,Card payment,Tesco,,Groceries,-5.00,GBP,-5.00,GBP,,,,B,,-5.00,\n";
    CHECK_INT(parse_text(csv, statement_csv_layout("monzo"), &a, &st, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Line 3: this transaction repeats the one on line 2 (bank reference \"tx_1\")");
    CHECK_INT(st.n, 0);
    arena_release(&a);
}
