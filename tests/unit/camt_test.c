/* ISO 20022 camt.053 import: entries, statuses, reversals, batched (split) entries, fingerprints,
 * and refusals (3 decimals, other currencies, dates out of range, cut-short XML, DOCTYPE/XXE,
 * other message types, UTF-16). */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "io/camt053.h"

#define DIR "tests/data/statements/"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static int parse(const char *file, const struct camt053_options *o, struct arena *a,
                 struct statement *st, struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, 1 << 20);
    arena_init(a, 0);
    if (buf_read_file(&b, file, e) != 0) {
        buf_release(&b);
        return -100;
    }
    rc = camt053_parse(b.data, b.len, o, a, st, e);
    buf_release(&b);
    return rc;
}

TEST(camt_basic_statement)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse(DIR "camt053_basic.xml", NULL, &a, &st, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(st.format, "camt.053");
    CHECK_STR(st.account, "GB33BUKB20201555555555");
    CHECK(st.has_opening && st.has_closing);
    CHECK_INT(st.opening, 151700);
    CHECK_INT(st.closing, 208360);
    CHECK_INT(st.n, 4);
    CHECK_INT(st.skipped, 1); /* the pending card payment */
    CHECK_INT(st.txns[0].amount, 100000);
    CHECK_INT(st.txns[0].date, D(2025, 4, 10));
    CHECK_STR(st.txns[0].payee, "DEMO COUNCIL");
    CHECK_STR(st.txns[0].reference, "DP000123");
    CHECK_STR(st.txns[0].bank_ref, "BNK-0001");
    CHECK_INT(st.txns[1].amount, -40000);
    CHECK_STR(st.txns[1].payee, "BRIGHT CARE LTD");
    CHECK_STR(st.txns[1].reference, "INV 4411 APRIL");
    CHECK_INT(st.txns[2].amount, -6000);
    CHECK(st.txns[2].is_cash);
    CHECK_STR(st.txns[2].description, "NOTEMACHINE HIGH ST");
    CHECK(!st.txns[1].is_cash);
    CHECK(st.txns[3].is_reversal);
    CHECK_INT(st.txns[3].amount, 40000);
    CHECK(st.txns[0].line > 10);
    arena_release(&a);
}

TEST(camt_batched_entry_is_split)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    CHECK_INT(parse(DIR "camt053_split.xml", NULL, &a, &st, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(st.account, "20000055779911");
    CHECK_INT(st.n, 3);
    CHECK_INT(st.txns[0].amount, -41250);
    CHECK_INT(st.txns[1].amount, -38000);
    CHECK_INT(st.txns[2].amount, -12000);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(st.txns[i].split_index, i + 1);
        CHECK_INT(st.txns[i].split_count, 3);
        CHECK_INT(st.txns[i].date, D(2025, 4, 25));
        CHECK_STR(st.txns[i].bank_ref, "BATCH-77");
    }
    CHECK_STR(st.txns[0].payee, "ANNA PA");
    CHECK_STR(st.txns[1].payee, "BEN PA");
    CHECK_STR(st.txns[2].payee, "HMRC");
    CHECK_STR(st.txns[2].reference, "123PA00012345");
    CHECK(strcmp(st.txns[0].fingerprint, st.txns[1].fingerprint) != 0);
    CHECK(strcmp(st.txns[1].fingerprint, st.txns[2].fingerprint) != 0);
    arena_release(&a);
}

TEST(camt_fingerprints_stable_across_imports)
{
    struct arena a1, a2;
    struct statement s1, s2;
    struct err e = {0};
    CHECK_INT(parse(DIR "camt053_basic.xml", NULL, &a1, &s1, &e), 0);
    CHECK_INT(parse(DIR "camt053_basic.xml", NULL, &a2, &s2, &e), 0);
    CHECK_INT(s1.n, s2.n);
    for (size_t i = 0; i < s1.n; i++)
        CHECK_STR(s1.txns[i].fingerprint, s2.txns[i].fingerprint);
    arena_release(&a1);
    arena_release(&a2);
}

struct bad_case {
    const char *file;
    const char *want[2];
};

static const struct bad_case bad_cases[] = {
    {"camt053_bad_split_sum.xml", {"add up to -£911.50", "the entry is for -£912.50"}},
    {"camt053_bad_three_decimals.xml", {"Line ", "more than two decimal places"}},
    {"camt053_bad_currency.xml", {"Line 38:", "EUR"}},
    {"camt053_bad_future_date.xml", {"booking date 2031-04-18 is after 2025-05-01", "Line "}},
    {"camt053_bad_truncated.xml", {"not well-formed XML", "Nothing from this file"}},
    {"camt053_bad_doctype.xml", {"document type or entity declaration", "refused for safety"}},
    {"camt053_bad_not_camt.xml", {"not a camt.053 bank statement", "Line 2"}},
    {"camt053_bad_utf16.xml", {"UTF-16", "CSV UTF-8"}},
};

TEST(camt_bad_files_refused_whole)
{
    struct camt053_options o = {D(2024, 4, 1), D(2025, 5, 1)};
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        struct arena a;
        struct statement st;
        struct err e = {0};
        char path[200];
        int rc;
        snprintf(path, sizeof path, DIR "%s", bad_cases[i].file);
        rc = parse(path, &o, &a, &st, &e);
        if (rc == 0)
            check_fail(__FILE__, __LINE__, "%s was accepted", bad_cases[i].file);
        CHECK(rc == ERR_INVALID);
        CHECK_INT(st.n, 0);
        for (int k = 0; k < 2; k++)
            if (!strstr(e.msg, bad_cases[i].want[k]))
                check_fail(__FILE__, __LINE__, "%s: \"%s\" lacks \"%s\"", bad_cases[i].file, e.msg,
                           bad_cases[i].want[k]);
        arena_release(&a);
    }
}

TEST(camt_entity_without_doctype_is_not_expanded)
{
    /* An undeclared entity is an XML error; nothing is fetched or substituted. */
    const char *xml = "<?xml version=\"1.0\"?>\n"
                      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
                      "<BkToCstmrStmt><Stmt><Ntry><AddtlNtryInf>&xxe;</AddtlNtryInf></Ntry></Stmt>"
                      "</BkToCstmrStmt></Document>";
    struct arena a;
    struct statement st;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(camt053_parse(xml, strlen(xml), NULL, &a, &st, &e), ERR_INVALID);
    CHECK_INT(st.n, 0);
    arena_release(&a);
}

TEST(camt_entry_needs_status_direction_and_date)
{
    static const char *const bodies[] = {
        "<Ntry><Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
        "<BookgDt><Dt>2025-04-01</Dt></BookgDt></Ntry>",
        "<Ntry><Amt Ccy=\"GBP\">1.00</Amt><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2025-04-01</Dt></BookgDt></Ntry>",
        "<Ntry><Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts></Ntry>",
        "<Ntry><Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>OUT</CdtDbtInd><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2025-04-01</Dt></BookgDt></Ntry>",
        "<Ntry><Amt>1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2025-04-01</Dt></BookgDt></Ntry>",
        "<Ntry><Amt Ccy=\"GBP\">-1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2025-04-01</Dt></BookgDt></Ntry>",
        "<Ntry><Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2025-02-30</Dt></BookgDt></Ntry>",
    };
    static const char *const want[] = {"no status", "credit or a debit", "no booking date",
                                       "must be CRDT or DBIT", "no stated currency", "negative",
                                       "is not a date"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        struct buf b;
        struct arena a;
        struct statement st;
        struct err e = {0};
        buf_init(&b, 1 << 16);
        buf_addf(&b, "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
                     "camt.053.001.02\"><BkToCstmrStmt><Stmt>%s</Stmt></BkToCstmrStmt></Document>",
                 bodies[i]);
        arena_init(&a, 0);
        CHECK_INT(camt053_parse(b.data, b.len, NULL, &a, &st, &e), ERR_INVALID);
        if (!strstr(e.msg, want[i]))
            check_fail(__FILE__, __LINE__, "case %zu: \"%s\" lacks \"%s\"", i, e.msg, want[i]);
        buf_release(&b);
        arena_release(&a);
    }
}

TEST(camt_two_accounts_in_one_file_refused)
{
    const char *xml =
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
        "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>GB01</IBAN></Id></Acct></Stmt>"
        "<Stmt><Acct><Id><IBAN>GB02</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>";
    struct arena a;
    struct statement st;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(camt053_parse(xml, strlen(xml), NULL, &a, &st, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "more than one account");
    arena_release(&a);
}
