/* bacs18.c — BACS Standard 18 payment files; see bacs18.h and docs/payments.md for the layout. */
#include "io/bacs18.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The BACS character set for names and references (after upper-casing). */
static bool bacs_char(char c)
{
    return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '&' || c == '/' ||
           c == '-' || c == ' ';
}

/* Shows one offending byte for a message: the character itself if printable ASCII, else its
 * code (a UTF-8 letter like "é" arrives as its first byte). */
static void show_char(unsigned char c, char out[16])
{
    if (c >= 0x20 && c < 0x7f)
        snprintf(out, 16, "'%c'", c);
    else
        snprintf(out, 16, "byte 0x%02X", c);
}

int bacs18_sort_code(const char *in, char out[BACS18_SORT_CODE_SIZE], const char *field,
                     struct err *e)
{
    size_t n = 0;
    if (!in)
        in = "";
    for (const char *p = in; *p; p++) {
        if (is_digit(*p)) {
            if (n == 6)
                return err_set_field(e, ERR_INVALID, field,
                                     "The sort code \"%.20s\" has more than 6 digits.", in);
            out[n++] = *p;
        } else if (!((*p == '-' || *p == ' ') && n > 0 && n < 6 && n % 2 == 0)) {
            return err_set_field(e, ERR_INVALID, field,
                                 "The sort code \"%.20s\" should be 6 digits, like 12-34-56.", in);
        }
    }
    if (n != 6)
        return err_set_field(e, ERR_INVALID, field,
                             "The sort code \"%.20s\" should be 6 digits, like 12-34-56.", in);
    out[6] = '\0';
    return 0;
}

int bacs18_account(const char *in, char out[BACS18_ACCOUNT_SIZE], const char *field,
                   struct err *e)
{
    char digits[9];
    size_t n = 0;
    if (!in)
        in = "";
    for (const char *p = in; *p; p++) {
        if (is_digit(*p)) {
            if (n == 8)
                return err_set_field(e, ERR_INVALID, field,
                                     "The account number \"%.20s\" has more than 8 digits; for a "
                                     "building society account, use the society's instructions "
                                     "for BACS payments.",
                                     in);
            digits[n++] = *p;
        } else if (!(*p == ' ' && n > 0 && p[1] != '\0' && p[1] != ' ')) {
            return err_set_field(e, ERR_INVALID, field,
                                 "The account number \"%.20s\" should be 8 digits.", in);
        }
    }
    if (n < 6)
        return err_set_field(e, ERR_INVALID, field,
                             "The account number \"%.20s\" should be 8 digits.", in);
    /* 6- and 7-digit account numbers are zero-filled on the left to 8 (the banks' rule). */
    memset(out, '0', 8 - n);
    memcpy(out + (8 - n), digits, n);
    out[8] = '\0';
    return 0;
}

int bacs18_text(const char *in, char out[BACS18_TEXT_SIZE], const char *field, struct err *e)
{
    size_t n = 0;
    bool space = false;
    char shown[16];
    if (!in)
        in = "";
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char c = (char)*p;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == '\t')
            c = ' ';
        if (!bacs_char(c)) {
            show_char(*p, shown);
            return err_set_field(e, ERR_INVALID, field,
                                 "\"%.40s\" contains %s, which BACS does not allow; use only "
                                 "letters A-Z, digits, spaces and . & / -",
                                 in, shown);
        }
        if (c == ' ') {
            space = n > 0;
            continue;
        }
        if (space) {
            if (n == 18)
                goto too_long;
            out[n++] = ' ';
            space = false;
        }
        if (n == 18)
            goto too_long;
        out[n++] = c;
    }
    if (n == 0)
        return err_set_field(e, ERR_INVALID, field, "This must not be empty.");
    out[n] = '\0';
    return 0;
too_long:
    return err_set_field(e, ERR_INVALID, field,
                         "\"%.40s\" is longer than the 18 characters BACS allows.", in);
}

int bacs18_amount(int64_t pence, const char *field, struct err *e)
{
    char s[MONEY_FMT_SIZE];
    if (pence <= 0) {
        money_format(pence, MONEY_FMT_POUND, s, sizeof s);
        return err_set_field(e, ERR_INVALID, field,
                             "A BACS payment must be for at least 1p; this one is %s.", s);
    }
    if (pence > BACS18_MAX_AMOUNT) {
        money_format(pence, MONEY_FMT_POUND, s, sizeof s);
        return err_set_field(e, ERR_RANGE, field,
                             "%s is more than a single BACS payment can carry (£999,999,999.99).",
                             s);
    }
    return 0;
}

void bacs18_julian(day_t d, char out[7])
{
    int y, m, md;
    day_t jan1;
    date_to_ymd(d, &y, &m, &md);
    if (date_from_ymd(y, 1, 1, &jan1) != 0)
        jan1 = d;
    {
        /* both parts are in range (year % 100, day 1..366), written digit by digit */
        unsigned yy = (unsigned)(y % 100), dd3 = (unsigned)(d - jan1 + 1) % 1000;
        out[0] = ' ';
        out[1] = (char)('0' + yy / 10);
        out[2] = (char)('0' + yy % 10);
        out[3] = (char)('0' + dd3 / 100);
        out[4] = (char)('0' + dd3 / 10 % 10);
        out[5] = (char)('0' + dd3 % 10);
        out[6] = '\0';
    }
}

/* Checks a field already held in a struct (it may have come from storage): it must be exactly
 * what the normalisers would produce. */
static int check_digits(const char *s, size_t len, const char *what, size_t pay, struct err *e)
{
    size_t n = strnlen(s, len + 1);
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            n = 0;
    if (n != len) {
        if (pay)
            return err_set_field(e, ERR_INVALID, what, "Payment %zu: the %s \"%.20s\" should be %zu "
                                                       "digits.",
                                 pay, what, s, len);
        return err_set_field(e, ERR_INVALID, what, "The council's %s \"%.20s\" should be %zu digits.",
                             what, s, len);
    }
    return 0;
}

static int check_text(const char *s, const char *what, size_t pay, struct err *e)
{
    char norm[BACS18_TEXT_SIZE];
    struct err tmp = {0};
    if (strnlen(s, BACS18_TEXT_SIZE) == BACS18_TEXT_SIZE || bacs18_text(s, norm, what, &tmp) != 0 ||
        strcmp(norm, s) != 0) {
        if (!tmp.msg[0])
            snprintf(tmp.msg, sizeof tmp.msg, "\"%.40s\" is not in BACS form (upper case, single "
                                              "spaces, at most 18 characters).",
                     s);
        if (pay)
            return err_set_field(e, ERR_INVALID, what, "Payment %zu, %s: %s", pay, what, tmp.msg);
        return err_set_field(e, ERR_INVALID, what, "The council's %s: %s", what, tmp.msg);
    }
    return 0;
}

/* Appends s left-justified and space-filled to exactly width characters. */
static int put_alpha(struct buf *b, const char *s, size_t width)
{
    size_t n = strlen(s);
    int rc = 0;
    if (n > width)
        n = width;
    rc |= buf_add(b, s, n);
    for (; n < width && rc == 0; n++)
        rc |= buf_addc(b, ' ');
    return rc;
}

static int put_spaces(struct buf *b, size_t n)
{
    int rc = 0;
    while (n-- && rc == 0)
        rc = buf_addc(b, ' ');
    return rc;
}

/* Appends v right-justified and zero-filled to exactly width digits (v fits: checked before). */
static int put_num(struct buf *b, int64_t v, int width)
{
    return buf_addf(b, "%0*lld", width, (long long)v);
}

static int label_hdr1(struct buf *b, const char *id, const struct bacs18_params *p)
{
    char cre[7];
    int rc = 0;
    bacs18_julian(p->created, cre);
    rc |= buf_adds(b, id);                       /* 1-4 HDR1 / EOF1 */
    rc |= buf_addc(b, 'A');                      /* 5 */
    rc |= buf_adds(b, p->orig.sun);              /* 6-11 */
    rc |= buf_adds(b, "S  1");                   /* 12-15 */
    rc |= buf_adds(b, p->orig.sun);              /* 16-21 */
    rc |= buf_adds(b, p->serial);                /* 22-27 set identification */
    rc |= buf_adds(b, "0001");                   /* 28-31 file section number */
    rc |= buf_adds(b, "0001");                   /* 32-35 file sequence number */
    rc |= put_spaces(b, 4);                      /* 36-39 generation number */
    rc |= put_spaces(b, 2);                      /* 40-41 generation version number */
    rc |= buf_adds(b, cre);                      /* 42-47 creation date */
    rc |= buf_adds(b, cre);                      /* 48-53 expiration date */
    rc |= buf_addc(b, ' ');                      /* 54 accessibility indicator */
    rc |= buf_adds(b, "000000");                 /* 55-60 block count */
    rc |= put_spaces(b, 13);                     /* 61-73 system code */
    rc |= put_spaces(b, 7);                      /* 74-80 reserved */
    return rc;
}

static int label_hdr2(struct buf *b, const char *id)
{
    int rc = 0;
    rc |= buf_adds(b, id);         /* 1-4 HDR2 / EOF2 */
    rc |= buf_addc(b, 'F');        /* 5 record format: fixed */
    rc |= buf_adds(b, "02000");    /* 6-10 block length */
    rc |= buf_adds(b, "00100");    /* 11-15 record length */
    rc |= put_spaces(b, 35);       /* 16-50 reserved */
    rc |= buf_adds(b, "00");       /* 51-52 buffer offset */
    rc |= put_spaces(b, 28);       /* 53-80 reserved */
    return rc;
}

static int data_record(struct buf *b, const char *dest_sort, const char *dest_acct,
                       const char *tx, const struct bacs18_originator *o, int64_t amount,
                       const char *users_name, const char *reference, const char *dest_name)
{
    int rc = 0;
    rc |= buf_adds(b, dest_sort);        /* 1-6 destination sort code */
    rc |= buf_adds(b, dest_acct);        /* 7-14 destination account number */
    rc |= buf_addc(b, '0');              /* 15 destination account type */
    rc |= buf_adds(b, tx);               /* 16-17 transaction code */
    rc |= buf_adds(b, o->sort_code);     /* 18-23 originating sort code */
    rc |= buf_adds(b, o->account);       /* 24-31 originating account number */
    rc |= put_spaces(b, 4);              /* 32-35 free format */
    rc |= put_num(b, amount, 11);        /* 36-46 amount in pence */
    rc |= put_alpha(b, users_name, 18);  /* 47-64 service user's name / narrative */
    rc |= put_alpha(b, reference, 18);   /* 65-82 service user's reference */
    rc |= put_alpha(b, dest_name, 18);   /* 83-100 destination account name */
    return rc;
}

int bacs18_write(const struct bacs18_params *p, const struct bacs18_payment *pays, size_t n,
                 struct buf *out, struct err *e)
{
    struct buf b;
    char proc[7], narrative[BACS18_TEXT_SIZE];
    const char *eol = p->eol ? p->eol : "\r\n";
    int64_t total = 0;
    int rc = 0;

    /* --- validate everything first --- */
    if ((rc = check_digits(p->orig.sun, 6, "service user number", 0, e)) != 0 ||
        (rc = check_digits(p->orig.sort_code, 6, "sort code", 0, e)) != 0 ||
        (rc = check_digits(p->orig.account, 8, "account number", 0, e)) != 0 ||
        (rc = check_text(p->orig.name, "account name", 0, e)) != 0)
        return rc;
    if (strnlen(p->serial, 7) != 6)
        return err_set_field(e, ERR_INVALID, "serial",
                             "The file's volume serial number must be 6 characters.");
    for (size_t i = 0; i < 6; i++)
        if (!((p->serial[i] >= 'A' && p->serial[i] <= 'Z') || is_digit(p->serial[i])))
            return err_set_field(e, ERR_INVALID, "serial",
                                 "The file's volume serial number must be letters A-Z and digits.");
    if (strcmp(p->serial, "000000") == 0)
        return err_set_field(e, ERR_INVALID, "serial",
                             "The file's volume serial number must not be all zeros.");
    if (p->file_number < 1 || p->file_number > 999)
        return err_set_field(e, ERR_INVALID, "file_number", "The file number must be 1 to 999.");
    if (p->processing < p->created)
        return err_set_field(e, ERR_INVALID, "processing_date",
                             "The processing day is before the day the file is made.");
    if (date_weekday(p->processing) >= 5)
        return err_set_field(e, ERR_INVALID, "processing_date",
                             "The processing day falls at a weekend; BACS processes on weekdays.");
    if ((rc = bacs18_text(p->contra_narrative ? p->contra_narrative : "DIRECT PAYMENTS", narrative,
                          "contra_narrative", e)) != 0)
        return rc;
    if (n == 0)
        return err_set(e, ERR_INVALID, "A BACS file needs at least one payment.");
    if (n > 9999999)
        return err_set(e, ERR_RANGE, "A BACS file holds at most 9,999,999 payments.");
    for (size_t i = 0; i < n; i++) {
        struct err tmp = {0};
        if ((rc = check_digits(pays[i].sort_code, 6, "sort code", i + 1, e)) != 0 ||
            (rc = check_digits(pays[i].account, 8, "account number", i + 1, e)) != 0 ||
            (rc = check_text(pays[i].name, "name", i + 1, e)) != 0 ||
            (rc = check_text(pays[i].reference, "reference", i + 1, e)) != 0)
            return rc;
        if (bacs18_amount(pays[i].amount, "amount", &tmp) != 0)
            return err_set_field(e, tmp.code, "amount", "Payment %zu: %s", i + 1, tmp.msg);
        total += pays[i].amount; /* at most 9,999,999 x 11 digits: fits in int64 */
    }
    if (total > INT64_C(9999999999999))
        return err_set(e, ERR_RANGE, "The file's total is more than BACS totals can carry.");
    if (total > BACS18_MAX_AMOUNT)
        return err_set(e, ERR_RANGE,
                       "The batch total is more than one contra record can carry; split the batch.");

    /* --- write --- */
    buf_init(&b, out->cap > out->len ? out->cap - out->len : 0);
    bacs18_julian(p->processing, proc);
    /* VOL1 */
    rc |= buf_adds(&b, "VOL1");
    rc |= buf_adds(&b, p->serial);           /* 5-10 volume serial number */
    rc |= buf_addc(&b, ' ');                 /* 11 accessibility indicator */
    rc |= put_spaces(&b, 20 + 6 + 4);        /* 12-41 reserved */
    rc |= buf_adds(&b, p->orig.sun);         /* 42-47 owner identification: the SUN */
    rc |= put_spaces(&b, 4 + 28);            /* 48-79 reserved */
    rc |= buf_addc(&b, '1');                 /* 80 label standard level */
    rc |= buf_adds(&b, eol);
    rc |= label_hdr1(&b, "HDR1", p);
    rc |= buf_adds(&b, eol);
    rc |= label_hdr2(&b, "HDR2");
    rc |= buf_adds(&b, eol);
    /* UHL1 */
    rc |= buf_adds(&b, "UHL1");
    rc |= buf_adds(&b, proc);                /* 5-10 processing day */
    rc |= buf_adds(&b, "999999");            /* 11-16 receiving party identification */
    rc |= buf_adds(&b, "00");                /* 17-18 currency code: sterling */
    rc |= buf_adds(&b, "000000");            /* 19-24 country code */
    rc |= buf_adds(&b, "1 DAILY  ");         /* 25-33 work code: single processing day */
    rc |= put_num(&b, p->file_number, 3);    /* 34-36 file number */
    rc |= put_spaces(&b, 7 + 7 + 30);        /* 37-80 reserved, audit print identifier */
    rc |= buf_adds(&b, eol);
    for (size_t i = 0; i < n; i++) {
        rc |= data_record(&b, pays[i].sort_code, pays[i].account, "99", &p->orig, pays[i].amount,
                          p->orig.name, pays[i].reference, pays[i].name);
        rc |= buf_adds(&b, eol);
    }
    rc |= data_record(&b, p->orig.sort_code, p->orig.account, "17", &p->orig, total, narrative,
                      "CONTRA", p->orig.name);
    rc |= buf_adds(&b, eol);
    rc |= label_hdr1(&b, "EOF1", p);
    rc |= buf_adds(&b, eol);
    rc |= label_hdr2(&b, "EOF2");
    rc |= buf_adds(&b, eol);
    /* UTL1: the contra is the one debit; the payments are the credits */
    rc |= buf_adds(&b, "UTL1");
    rc |= put_num(&b, total, 13);            /* 5-17 debit value total */
    rc |= put_num(&b, total, 13);            /* 18-30 credit value total */
    rc |= put_num(&b, 1, 7);                 /* 31-37 debit record count */
    rc |= put_num(&b, (int64_t)n, 7);        /* 38-44 credit record count */
    rc |= put_spaces(&b, 36);                /* 45-80 reserved */
    rc |= buf_adds(&b, eol);
    if (rc != 0) {
        buf_release(&b);
        return err_set(e, ERR_RANGE, "The BACS file is larger than the space allowed for it.");
    }
    rc = buf_add(out, b.data, b.len);
    buf_release(&b);
    if (rc != 0)
        return err_set(e, rc, "The BACS file is larger than the space allowed for it.");
    return 0;
}
