/* BACS Standard 18: a golden file written out record by record from the layout in
 * docs/payments.md, and the validation of sort codes, accounts, names, references and amounts. */
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "io/bacs18.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static void params(struct bacs18_params *p)
{
    memset(p, 0, sizeof *p);
    memcpy(p->orig.sun, "123456", 7);
    memcpy(p->orig.sort_code, "401234", 7);
    memcpy(p->orig.account, "12345678", 9);
    memcpy(p->orig.name, "DEMO COUNCIL DP", 16);
    memcpy(p->serial, "000001", 7);
    p->file_number = 1;
    p->created = D(2025, 4, 7);
    p->processing = D(2025, 4, 8);
    p->eol = "\n";
}

static void pay(struct bacs18_payment *x, const char *sort, const char *acct, const char *name,
                const char *ref, int64_t amount)
{
    memset(x, 0, sizeof *x);
    snprintf(x->sort_code, sizeof x->sort_code, "%s", sort);
    snprintf(x->account, sizeof x->account, "%s", acct);
    snprintf(x->name, sizeof x->name, "%s", name);
    snprintf(x->reference, sizeof x->reference, "%s", ref);
    x->amount = amount;
}

/* Each record, padded to its fixed width: 80 for labels, 100 for data records. */
static const char golden[] =
    "VOL1000001                               123456                                1\n"
    "HDR1A123456S  112345600000100010001       25097 25097 000000                    \n"
    "HDR2F0200000100                                   00                            \n"
    "UHL1 25098999999000000001 DAILY  001                                            \n"
    "2000005577991109940123412345678    00000089286DEMO COUNCIL DP   DP000123 APR      JANE SMITH        \n"
    "3096340123456709940123412345678    00000100000DEMO COUNCIL DP   DP000124/APR-2025 A N OTHER & CO    \n"
    "4012341234567801740123412345678    00000189286DIRECT PAYMENTS   CONTRA            DEMO COUNCIL DP   \n"
    "EOF1A123456S  112345600000100010001       25097 25097 000000                    \n"
    "EOF2F0200000100                                   00                            \n"
    "UTL10000000189286000000018928600000010000002                                    \n";

TEST(bacs_golden_file)
{
    struct bacs18_params p;
    struct bacs18_payment pays[2];
    struct buf out;
    struct err e = {0};
    params(&p);
    pay(&pays[0], "200000", "55779911", "JANE SMITH", "DP000123 APR", 89286);
    pay(&pays[1], "309634", "01234567", "A N OTHER & CO", "DP000124/APR-2025", 100000);
    buf_init(&out, 1 << 16);
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), 0);
    CHECK_STR(out.data, golden);
    buf_release(&out);
}

TEST(bacs_record_widths_and_crlf_default)
{
    struct bacs18_params p;
    struct bacs18_payment pays[3];
    struct buf out;
    struct err e = {0};
    size_t lines = 0;
    params(&p);
    p.eol = NULL;
    for (int i = 0; i < 3; i++)
        pay(&pays[i], "200000", "55779911", "JANE SMITH", "REF", 100 + i);
    buf_init(&out, 1 << 16);
    CHECK_INT(bacs18_write(&p, pays, 3, &out, &e), 0);
    for (const char *s = out.data; *s;) {
        const char *nl = strstr(s, "\r\n");
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        CHECK(nl != NULL);
        CHECK(len == 80 || len == 100);
        CHECK_INT(len == 100, strncmp(s, "2000", 4) == 0 || strncmp(s, "4012", 4) == 0);
        lines++;
        s += len + (nl ? 2 : 0);
    }
    CHECK_INT(lines, 4 + 3 + 1 + 3);
    CHECK_CONTAINS(out.data, "UTL1" "0000000000303" "0000000000303" "0000001" "0000003");
    buf_release(&out);
}

TEST(bacs_julian_dates)
{
    char j[7];
    bacs18_julian(D(2025, 1, 1), j);
    CHECK_STR(j, " 25001");
    bacs18_julian(D(2024, 12, 31), j);
    CHECK_STR(j, " 24366");
    bacs18_julian(D(2025, 12, 31), j);
    CHECK_STR(j, " 25365");
    bacs18_julian(D(2030, 2, 9), j);
    CHECK_STR(j, " 30040");
}

TEST(bacs_sort_codes)
{
    char s[BACS18_SORT_CODE_SIZE];
    struct err e = {0};
    CHECK_INT(bacs18_sort_code("12-34-56", s, "sort_code", &e), 0);
    CHECK_STR(s, "123456");
    CHECK_INT(bacs18_sort_code("12 34 56", s, "sort_code", &e), 0);
    CHECK_STR(s, "123456");
    CHECK_INT(bacs18_sort_code("123456", s, "sort_code", &e), 0);
    CHECK_INT(bacs18_sort_code("12345", s, "sort_code", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "should be 6 digits");
    err_clear(&e);
    CHECK_INT(bacs18_sort_code("1234567", s, "sort_code", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "more than 6 digits");
    err_clear(&e);
    CHECK_INT(bacs18_sort_code("12-34-5a", s, "sort_code", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(bacs18_sort_code("1-234-56", s, "sort_code", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(bacs18_sort_code("", s, "sort_code", &e), ERR_INVALID);
    CHECK_STR(e.field, "sort_code");
}

TEST(bacs_account_numbers)
{
    char a[BACS18_ACCOUNT_SIZE];
    struct err e = {0};
    CHECK_INT(bacs18_account("12345678", a, "account", &e), 0);
    CHECK_STR(a, "12345678");
    CHECK_INT(bacs18_account("1234567", a, "account", &e), 0);
    CHECK_STR(a, "01234567");
    CHECK_INT(bacs18_account("123456", a, "account", &e), 0);
    CHECK_STR(a, "00123456");
    CHECK_INT(bacs18_account("1234 5678", a, "account", &e), 0);
    CHECK_STR(a, "12345678");
    CHECK_INT(bacs18_account("12345", a, "account", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(bacs18_account("123456789", a, "account", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "building society");
    err_clear(&e);
    CHECK_INT(bacs18_account("1234-5678", a, "account", &e), ERR_INVALID);
}

TEST(bacs_text_character_set)
{
    char t[BACS18_TEXT_SIZE];
    struct err e = {0};
    CHECK_INT(bacs18_text("jane  smith", t, "name", &e), 0);
    CHECK_STR(t, "JANE SMITH");
    CHECK_INT(bacs18_text("  A&B / C-D. ", t, "name", &e), 0);
    CHECK_STR(t, "A&B / C-D.");
    CHECK_INT(bacs18_text("ABCDEFGHIJKLMNOPQR", t, "name", &e), 0);
    CHECK_INT(bacs18_text("ABCDEFGHIJKLMNOPQRS", t, "name", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "longer than the 18 characters");
    err_clear(&e);
    CHECK_INT(bacs18_text("O'BRIEN", t, "name", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "contains '''");
    err_clear(&e);
    CHECK_INT(bacs18_text("JOS\xc3\xa9", t, "name", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "byte 0xC3");
    err_clear(&e);
    CHECK_INT(bacs18_text("PAY_ROLL", t, "reference", &e), ERR_INVALID);
    CHECK_STR(e.field, "reference");
    err_clear(&e);
    CHECK_INT(bacs18_text("   ", t, "name", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "empty");
}

TEST(bacs_amount_limits)
{
    struct err e = {0};
    CHECK_INT(bacs18_amount(1, "amount", &e), 0);
    CHECK_INT(bacs18_amount(BACS18_MAX_AMOUNT, "amount", &e), 0);
    CHECK_INT(bacs18_amount(0, "amount", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "at least 1p");
    err_clear(&e);
    CHECK_INT(bacs18_amount(-5, "amount", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(bacs18_amount(BACS18_MAX_AMOUNT + 1, "amount", &e), ERR_RANGE);
}

TEST(bacs_refusals_append_nothing)
{
    struct bacs18_params p;
    struct bacs18_payment pays[2];
    struct buf out;
    struct err e = {0};
    params(&p);
    pay(&pays[0], "200000", "55779911", "JANE SMITH", "DP1", 100);
    pay(&pays[1], "200000", "5577991", "JOHN SMITH", "DP2", 100); /* 7 digits in the struct */
    buf_init(&out, 1 << 16);
    buf_adds(&out, "kept");
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Payment 2");
    CHECK_STR(out.data, "kept");
    err_clear(&e);
    pay(&pays[1], "200000", "55779911", "john smith", "DP2", 100); /* not in BACS form */
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Payment 2, name");
    err_clear(&e);
    pay(&pays[1], "200000", "55779911", "JOHN SMITH", "DP2", 0);
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "Payment 2: A BACS payment must be for at least 1p");
    err_clear(&e);
    pay(&pays[1], "200000", "55779911", "JOHN SMITH", "DP2", 100);
    p.processing = D(2025, 4, 12); /* a Saturday */
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "weekend");
    err_clear(&e);
    p.processing = D(2025, 4, 4); /* before the file is made */
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    err_clear(&e);
    params(&p);
    memcpy(p.orig.sun, "12345", 6);
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "service user number");
    err_clear(&e);
    params(&p);
    memcpy(p.serial, "000000", 7);
    CHECK_INT(bacs18_write(&p, pays, 2, &out, &e), ERR_INVALID);
    err_clear(&e);
    params(&p);
    CHECK_INT(bacs18_write(&p, pays, 0, &out, &e), ERR_INVALID);
    CHECK_STR(out.data, "kept");
    buf_release(&out);
}

TEST(bacs_file_beyond_buffer_cap_is_refused)
{
    struct bacs18_params p;
    struct bacs18_payment x;
    struct buf out;
    struct err e = {0};
    params(&p);
    pay(&x, "200000", "55779911", "JANE SMITH", "DP1", 100);
    buf_init(&out, 500); /* smaller than one file */
    CHECK_INT(bacs18_write(&p, &x, 1, &out, &e), ERR_RANGE);
    CHECK_INT(out.len, 0);
    buf_release(&out);
}
