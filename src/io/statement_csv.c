/* statement_csv.c — strict CSV statement import with libcsv; see statement_csv.h. */
#include "io/statement_csv.h"

#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

/* Built-in layouts. The column headings are those of each bank's current-account CSV download as
 * published in their help pages and seen in sample files; a council should import one real export
 * with the layout before relying on it (docs/payments.md). */
static const struct statement_layout builtin[] = {
    {.name = "lloyds",
     .label = "Lloyds, Halifax, Bank of Scotland",
     .delimiter = ',',
     .has_header = true,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SPLIT,
     .check_balances = true,
     .date = {"Transaction Date", 0},
     .type = {"Transaction Type", 0},
     .description = {"Transaction Description", 0},
     .paid_out = {"Debit Amount", 0},
     .paid_in = {"Credit Amount", 0},
     .balance = {"Balance", 0}},
    {.name = "barclays",
     .label = "Barclays",
     .delimiter = ',',
     .has_header = true,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .date = {"Date", 0},
     .amount = {"Amount", 0},
     .type = {"Subcategory", 0},
     .description = {"Memo", 0}},
    {.name = "natwest",
     .label = "NatWest, RBS, Ulster Bank",
     .delimiter = ',',
     .has_header = true,
     .max_preamble_rows = 1,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .check_balances = true,
     .date = {"Date", 0},
     .type = {"Type", 0},
     .description = {"Description", 0},
     .amount = {"Value", 0},
     .balance = {"Balance", 0}},
    {.name = "nationwide",
     .label = "Nationwide",
     .delimiter = ',',
     .has_header = true,
     .max_preamble_rows = 4,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SPLIT,
     .check_balances = true,
     .date = {"Date", 0},
     .type = {"Transaction type", 0},
     .description = {"Description", 0},
     .paid_out = {"Paid out", 0},
     .paid_in = {"Paid in", 0},
     .balance = {"Balance", 0}},
    {.name = "hsbc",
     .label = "HSBC (no header row: date, description, amount)",
     .delimiter = ',',
     .has_header = false,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .date = {NULL, 1},
     .description = {NULL, 2},
     .amount = {NULL, 3}},
    {.name = "monzo",
     .label = "Monzo",
     .delimiter = ',',
     .has_header = true,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .date = {"Date", 0},
     .id = {"Transaction ID", 0},
     .type = {"Type", 0},
     .payee = {"Name", 0},
     .amount = {"Amount", 0},
     .currency = {"Currency", 0},
     .description = {"Description", 0}},
    {.name = "prepaid_card",
     .label = "Prepaid card (direct-payment card provider export)",
     .delimiter = ',',
     .has_header = true,
     .date_format = STATEMENT_DATE_DMY,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .check_balances = true,
     .date = {"Date", 0},
     .id = {"Transaction ID", 0},
     .payee = {"Merchant", 0},
     .description = {"Merchant Category", 0},
     .type = {"Type", 0},
     .amount = {"Amount", 0},
     .balance = {"Balance", 0}},
    {.name = "generic",
     .label = "selfdirect template (managed accounts and anything else)",
     .delimiter = ',',
     .has_header = true,
     .date_format = STATEMENT_DATE_ISO,
     .amount_style = STATEMENT_AMOUNT_SIGNED,
     .check_balances = true,
     .date = {"Date", 0},
     .description = {"Description", 0},
     .amount = {"Amount", 0},
     .balance = {"Balance", 0},
     .reference = {"Reference", 0},
     .payee = {"Payee", 0}},
};

const struct statement_layout *statement_csv_layouts(size_t *n)
{
    *n = sizeof builtin / sizeof *builtin;
    return builtin;
}

const struct statement_layout *statement_csv_layout(const char *name)
{
    for (size_t i = 0; name && i < sizeof builtin / sizeof *builtin; i++)
        if (strcmp(builtin[i].name, name) == 0)
            return &builtin[i];
    return NULL;
}

/* --- dates ----------------------------------------------------------------------------------- */

static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const long_months[12] = {"january", "february", "march",     "april",
                                            "may",     "june",     "july",      "august",
                                            "september", "october", "november", "december"};

/* Reads 1..maxd digits; returns how many (0 if none). */
static int digits(const char *s, int maxd, int *v)
{
    int n = 0;
    *v = 0;
    while (n < maxd && isdigit((unsigned char)s[n])) {
        *v = *v * 10 + (s[n] - '0');
        n++;
    }
    return isdigit((unsigned char)s[n]) ? 0 : n;
}

int statement_parse_date(const char *s, enum statement_date_format f, day_t *out)
{
    int d, m = 0, y, n;
    const char *p = s;
    char sep;
    if (f == STATEMENT_DATE_ISO)
        return date_parse_iso(s, strlen(s), out, NULL, NULL);
    if (f != STATEMENT_DATE_DMY)
        return ERR_INVALID;
    if ((n = digits(p, 2, &d)) == 0)
        return ERR_INVALID;
    p += n;
    sep = *p;
    if (sep != '/' && sep != '-' && sep != '.' && sep != ' ')
        return ERR_INVALID;
    p++;
    if (isdigit((unsigned char)*p)) {
        if ((n = digits(p, 2, &m)) == 0)
            return ERR_INVALID;
        p += n;
    } else {
        size_t len = 0;
        while (isalpha((unsigned char)p[len]))
            len++;
        for (int i = 0; i < 12 && !m; i++)
            if ((len == 3 && strncasecmp(p, months[i], 3) == 0) ||
                (len == strlen(long_months[i]) && strncasecmp(p, long_months[i], len) == 0) ||
                (len == 4 && i == 8 && strncasecmp(p, "sept", 4) == 0))
                m = i + 1;
        if (!m)
            return ERR_INVALID;
        p += len;
    }
    if (*p != sep)
        return ERR_INVALID;
    p++;
    n = digits(p, 4, &y);
    if (n == 2)
        y += 2000; /* bank exports with two-digit years are all this century */
    else if (n != 4)
        return ERR_INVALID;
    if (p[n] != '\0')
        return ERR_INVALID;
    if (y < 1900 || y > 2199)
        return ERR_INVALID;
    return date_from_ymd(y, m, d, out);
}

/* --- layouts --------------------------------------------------------------------------------- */

enum col_id { C_DATE, C_DESC, C_AMOUNT, C_IN, C_OUT, C_BAL, C_REF, C_PAYEE, C_TYPE, C_ID, C_CUR,
              C_COUNT };

static const struct statement_col *layout_col(const struct statement_layout *l, enum col_id c)
{
    switch (c) {
    case C_DATE: return &l->date;
    case C_DESC: return &l->description;
    case C_AMOUNT: return &l->amount;
    case C_IN: return &l->paid_in;
    case C_OUT: return &l->paid_out;
    case C_BAL: return &l->balance;
    case C_REF: return &l->reference;
    case C_PAYEE: return &l->payee;
    case C_TYPE: return &l->type;
    case C_ID: return &l->id;
    default: return &l->currency;
    }
}

static bool col_used(const struct statement_layout *l, const struct statement_col *c)
{
    return l->has_header ? (c->header && *c->header) : c->index > 0;
}

int statement_csv_layout_check(const struct statement_layout *l, struct err *e)
{
    if (!l->name || !*l->name || strlen(l->name) > STATEMENT_LAYOUT_NAME_MAX)
        return err_set_field(e, ERR_INVALID, "name", "A layout needs a short name.");
    for (const char *p = l->name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return err_set_field(e, ERR_INVALID, "name",
                                 "A layout name uses only a-z, 0-9 and _.");
    if (l->delimiter != ',' && l->delimiter != ';' && l->delimiter != '\t' && l->delimiter != '|')
        return err_set_field(e, ERR_INVALID, "delimiter",
                             "The separator must be a comma, semicolon, tab or bar.");
    if (l->date_format != STATEMENT_DATE_DMY && l->date_format != STATEMENT_DATE_ISO)
        return err_set_field(e, ERR_INVALID, "date_format", "Say how dates are written.");
    if (!col_used(l, &l->date))
        return err_set_field(e, ERR_INVALID, "date", "Say which column holds the date.");
    if (l->amount_style == STATEMENT_AMOUNT_SPLIT) {
        if (!col_used(l, &l->paid_in) || !col_used(l, &l->paid_out))
            return err_set_field(e, ERR_INVALID, "paid_in",
                                 "Say which columns hold money paid in and money paid out.");
    } else if (l->amount_style == STATEMENT_AMOUNT_SIGNED ||
               l->amount_style == STATEMENT_AMOUNT_OUT_POSITIVE) {
        if (!col_used(l, &l->amount))
            return err_set_field(e, ERR_INVALID, "amount", "Say which column holds the amount.");
    } else {
        return err_set_field(e, ERR_INVALID, "amount_style",
                             "Say whether amounts are signed or in paid-in and paid-out columns.");
    }
    if (l->check_balances && !col_used(l, &l->balance))
        return err_set_field(e, ERR_INVALID, "balance",
                             "Balances can be checked only if a column holds them.");
    if (l->max_preamble_rows < 0 || l->max_preamble_rows > 20)
        return err_set_field(e, ERR_INVALID, "max_preamble_rows",
                             "At most 20 rows may come before the header.");
    for (int c = 0; c < C_COUNT; c++) {
        const struct statement_col *sc = layout_col(l, (enum col_id)c);
        if (sc->index < 0 || sc->index > 200)
            return err_set_field(e, ERR_INVALID, "index", "Column positions run from 1 to 200.");
    }
    return 0;
}

/* --- parsing --------------------------------------------------------------------------------- */

#define MAX_FIELDS 100
#define MAX_FIELD_BYTES 4096

struct pstate {
    const struct statement_layout *l;
    const struct statement_csv_options *o;
    struct arena *a;
    struct err *e;
    int line;
    bool failed, header_seen;
    int preamble;
    int col[C_COUNT]; /* 0-based column, or -1 */
    int need_cols;
    /* the current record: fields packed NUL-separated in rowbuf at offsets off[] */
    char *rowbuf;
    size_t rowlen, rowcap;
    size_t off[MAX_FIELDS];
    size_t nfields;
    bool too_many;
    struct statement_txn *txns;
    size_t n, cap;
    size_t skipped;
};

__attribute__((format(printf, 2, 3))) static void fail(struct pstate *s, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    if (s->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->failed = true;
    err_set(s->e, ERR_INVALID, "Line %d: %s Nothing from this file has been imported.", s->line,
            msg);
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct pstate *s = ctx;
    if (s->failed)
        return;
    if (s->nfields == MAX_FIELDS) {
        s->too_many = true;
        return;
    }
    if (len > MAX_FIELD_BYTES) {
        fail(s, "a field is %zu bytes long; no statement field is longer than %d.", len,
             MAX_FIELD_BYTES);
        return;
    }
    if (s->rowlen + len + 1 > s->rowcap) {
        size_t ncap = s->rowcap ? s->rowcap : 1024;
        char *nb;
        while (ncap < s->rowlen + len + 1)
            ncap *= 2;
        nb = realloc(s->rowbuf, ncap);
        if (!nb) {
            s->failed = true;
            err_set(s->e, ERR_NOMEM, "Out of memory reading the statement.");
            return;
        }
        s->rowbuf = nb;
        s->rowcap = ncap;
    }
    s->off[s->nfields++] = s->rowlen;
    if (len)
        memcpy(s->rowbuf + s->rowlen, data, len);
    s->rowlen += len;
    s->rowbuf[s->rowlen++] = '\0';
}

static const char *field(const struct pstate *s, int c)
{
    if (s->col[c] < 0 || (size_t)s->col[c] >= s->nfields)
        return NULL;
    return s->rowbuf + s->off[s->col[c]];
}

/* Trimmed copy into the arena (or "" when absent), refusing over-long text. */
static const char *text(struct pstate *s, int c, const char *what)
{
    const char *f = field(s, c);
    struct slice t;
    char *out;
    if (!f)
        return "";
    t = slice_trim(slice_of(f));
    if (t.n > STATEMENT_MAX_TEXT) {
        fail(s, "the %s is %zu characters long; at most %d are accepted.", what, t.n,
             STATEMENT_MAX_TEXT);
        return "";
    }
    out = arena_strndup(s->a, t.p, t.n);
    if (!out) {
        s->failed = true;
        err_set(s->e, ERR_NOMEM, "Out of memory reading the statement.");
        return "";
    }
    return out;
}

static bool header_eq(const char *cell, const char *want)
{
    struct slice t = slice_trim(slice_of(cell));
    return strlen(want) == t.n && strncasecmp(t.p, want, t.n) == 0;
}

/* Tries the current row as the header; true if it is. */
static bool try_header(struct pstate *s)
{
    int found[C_COUNT];
    for (int c = 0; c < C_COUNT; c++) {
        const struct statement_col *sc = layout_col(s->l, (enum col_id)c);
        found[c] = -1;
        if (!sc->header || !*sc->header)
            continue;
        for (size_t i = 0; i < s->nfields; i++)
            if (header_eq(s->rowbuf + s->off[i], sc->header)) {
                found[c] = (int)i;
                break;
            }
        if (found[c] < 0)
            return false;
    }
    memcpy(s->col, found, sizeof found);
    return true;
}

static void missing_header(struct pstate *s)
{
    char list[300] = "";
    size_t len = 0;
    for (int c = 0; c < C_COUNT; c++) {
        const struct statement_col *sc = layout_col(s->l, (enum col_id)c);
        if (sc->header && *sc->header && len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\"", len ? ", " : "",
                                    sc->header);
    }
    fail(s, "the header row was not found: a %s export has the columns %s. Check that the file "
            "is from this bank, or choose the right layout.",
         s->l->label, list);
}

/* A column as a person would name it: its header, or "column N". Each column id has its own
 * buffer, so two labels can appear in one message; per thread, as statements are parsed on
 * several at once. */
static const char *col_label(const struct pstate *s, int c)
{
    const struct statement_col *sc = layout_col(s->l, (enum col_id)c);
    static _Thread_local char buf[C_COUNT][32];
    if (sc->header)
        return sc->header;
    snprintf(buf[c], sizeof buf[c], "column %d", sc->index);
    return buf[c];
}

/* Parses an amount cell; *present is false when it is empty. */
static bool amount_cell(struct pstate *s, int c, bool allow_negative, int64_t *v, bool *present)
{
    const char *f = field(s, c);
    struct err me = {0};
    struct slice t = slice_trim(slice_of(f ? f : ""));
    *present = t.n > 0;
    *v = 0;
    if (!*present)
        return true;
    if (money_parse(t.p, t.n, allow_negative ? MONEY_ALLOW_NEGATIVE : 0, v, col_label(s, c),
                    &me) != 0) {
        fail(s, "%s.", me.msg);
        return false;
    }
    return true;
}

static void data_row(struct pstate *s)
{
    struct statement_txn t;
    const char *f;
    int64_t in = 0, out = 0, v = 0;
    bool pin, pout, present;
    char d1[DATE_ISO_SIZE], d2[DATE_ISO_SIZE];

    if ((int)s->nfields < s->need_cols) {
        fail(s, "this row has %zu column%s but the layout needs at least %d. The file may be cut "
                "short or not in this layout.",
             s->nfields, s->nfields == 1 ? "" : "s", s->need_cols);
        return;
    }
    memset(&t, 0, sizeof t);
    t.line = s->line;
    f = field(s, C_DATE);
    {
        struct slice ds = slice_trim(slice_of(f ? f : ""));
        char tmp[40];
        if (ds.n == 0 || ds.n >= sizeof tmp) {
            fail(s, "the date is missing.");
            return;
        }
        memcpy(tmp, ds.p, ds.n);
        tmp[ds.n] = '\0';
        if (statement_parse_date(tmp, s->l->date_format, &t.date) != 0) {
            fail(s, "\"%s\" is not a date written %s.", tmp,
                 s->l->date_format == STATEMENT_DATE_ISO ? "as 2025-04-06" : "day-month-year, "
                                                                             "like 06/04/2025");
            return;
        }
    }
    if ((s->o->earliest && t.date < s->o->earliest) || (s->o->latest && t.date > s->o->latest)) {
        date_format_iso(t.date, d1);
        date_format_iso(t.date < s->o->earliest ? s->o->earliest : s->o->latest, d2);
        fail(s, "the date %s is %s %s, outside the dates this account can have.", d1,
             t.date < s->o->earliest ? "before" : "after", d2);
        return;
    }
    switch (s->l->amount_style) {
    case STATEMENT_AMOUNT_SPLIT:
        if (!amount_cell(s, C_IN, false, &in, &pin) || !amount_cell(s, C_OUT, false, &out, &pout))
            return;
        if (in != 0 && out != 0) {
            fail(s, "there is an amount both in \"%s\" and in \"%s\"; a row is one or the other.",
                 col_label(s, C_IN), col_label(s, C_OUT));
            return;
        }
        if (!pin && !pout) {
            fail(s, "there is no amount in \"%s\" or \"%s\".", col_label(s, C_IN),
                 col_label(s, C_OUT));
            return;
        }
        t.amount = in ? in : -out;
        break;
    case STATEMENT_AMOUNT_OUT_POSITIVE:
    case STATEMENT_AMOUNT_SIGNED:
        if (!amount_cell(s, C_AMOUNT, true, &v, &present))
            return;
        if (!present) {
            fail(s, "the amount is missing.");
            return;
        }
        t.amount = s->l->amount_style == STATEMENT_AMOUNT_SIGNED ? v : -v;
        break;
    }
    if (s->col[C_BAL] >= 0) {
        if (!amount_cell(s, C_BAL, true, &t.balance, &t.has_balance))
            return;
        if (s->l->check_balances && !t.has_balance) {
            fail(s, "the balance is missing.");
            return;
        }
    }
    if (s->col[C_CUR] >= 0) {
        struct slice cur = slice_trim(slice_of(field(s, C_CUR) ? field(s, C_CUR) : ""));
        if (cur.n && !(cur.n == 3 && strncasecmp(cur.p, "GBP", 3) == 0)) {
            fail(s, "the currency is \"%.10s\"; direct-payment accounts are in pounds (GBP).",
                 cur.p);
            return;
        }
    }
    t.description = text(s, C_DESC, "description");
    t.reference = text(s, C_REF, "reference");
    t.payee = text(s, C_PAYEE, "payee");
    t.type = text(s, C_TYPE, "transaction type");
    t.bank_ref = text(s, C_ID, "transaction id");
    if (s->failed)
        return;
    if (t.amount == 0) {
        s->skipped++; /* card verification checks and the like: no money moved */
        return;
    }
    t.is_cash = t.amount < 0 && statement_looks_cash(t.type, t.description);
    if (s->n == STATEMENT_MAX_ROWS) {
        fail(s, "the file has more than %d transactions; split it into shorter statements.",
             STATEMENT_MAX_ROWS);
        return;
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct statement_txn *nt = realloc(s->txns, ncap * sizeof *nt);
        if (!nt) {
            s->failed = true;
            err_set(s->e, ERR_NOMEM, "Out of memory reading the statement.");
            return;
        }
        s->txns = nt;
        s->cap = ncap;
    }
    s->txns[s->n++] = t;
}

static void on_record(int term, void *ctx)
{
    struct pstate *s = ctx;
    (void)term;
    if (s->failed)
        goto reset;
    if (s->too_many) {
        fail(s, "this row has more than %d columns.", MAX_FIELDS);
        goto reset;
    }
    if (s->l->has_header && !s->header_seen) {
        if (try_header(s)) {
            s->header_seen = true;
            s->need_cols = 0;
            for (int c = 0; c < C_COUNT; c++)
                if (s->col[c] + 1 > s->need_cols)
                    s->need_cols = s->col[c] + 1;
        } else if (++s->preamble > s->l->max_preamble_rows) {
            missing_header(s);
        }
        goto reset;
    }
    data_row(s);
reset:
    s->nfields = 0;
    s->rowlen = 0;
    s->too_many = false;
}

/* Balances must follow from one row to the next, in date order either way round. */
static void check_balances(struct pstate *s)
{
    size_t bad_up = 0, bad_down = 0;
    char m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE], m3[MONEY_FMT_SIZE];
    if (s->n < 2)
        return;
    for (size_t i = 1; i < s->n && !bad_up; i++)
        if (s->txns[i - 1].balance + s->txns[i].amount != s->txns[i].balance)
            bad_up = i;
    for (size_t i = 1; i < s->n && !bad_down; i++)
        if (s->txns[i].balance + s->txns[i - 1].amount != s->txns[i - 1].balance)
            bad_down = i;
    if (bad_up && bad_down) {
        /* report against the reading that got further */
        size_t i = bad_up >= bad_down ? bad_up : bad_down;
        bool up = bad_up >= bad_down;
        const struct statement_txn *prev = up ? &s->txns[i - 1] : &s->txns[i];
        const struct statement_txn *cur = up ? &s->txns[i] : &s->txns[i - 1];
        s->line = cur->line;
        money_format(cur->balance, MONEY_FMT_POUND, m1, sizeof m1);
        money_format(prev->balance, MONEY_FMT_POUND, m2, sizeof m2);
        money_format(cur->amount, MONEY_FMT_POUND, m3, sizeof m3);
        fail(s, "the balance %s does not follow from the balance %s and the amount %s (line %d). "
                "Rows may be missing or changed; export the statement again.",
             m1, m2, m3, prev->line);
    }
}

int statement_csv_parse(const char *data, size_t n, const struct statement_layout *l,
                        const struct statement_csv_options *o, struct arena *a,
                        struct statement *st, struct err *e)
{
    struct csv_parser p;
    struct pstate s;
    size_t pos = 0;
    int rc;

    memset(st, 0, sizeof *st);
    if ((rc = statement_csv_layout_check(l, e)) != 0)
        return rc;
    if ((rc = statement_check_encoding(data, n, &pos, e)) != 0)
        return rc;
    memset(&s, 0, sizeof s);
    s.l = l;
    s.o = o;
    s.a = a;
    s.e = e;
    for (int c = 0; c < C_COUNT; c++) {
        const struct statement_col *sc = layout_col(l, (enum col_id)c);
        s.col[c] = (!l->has_header && sc->index > 0) ? sc->index - 1 : -1;
        if (s.col[c] + 1 > s.need_cols)
            s.need_cols = s.col[c] + 1;
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory reading the statement.");
    csv_set_delim(&p, (unsigned char)l->delimiter);
    /* Fed a line at a time, so that the callbacks know which line they are on. */
    while (pos < n && !s.failed) {
        const char *nl = memchr(data + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (data + pos)) + 1 : n - pos;
        s.line++;
        if (csv_parse(&p, data + pos, len, on_field, on_record, &s) != len && !s.failed) {
            fail(&s, "%s.", csv_error(&p) == CSV_EPARSE
                                ? "a quote is misplaced (a quoted value must be closed before "
                                  "the next separator)"
                                : csv_strerror(csv_error(&p)));
        }
        pos += len;
    }
    if (!s.failed && csv_fini(&p, on_field, on_record, &s) != 0)
        fail(&s, "the file ends inside a quoted value, so it has been cut short.");
    csv_free(&p);
    if (!s.failed && l->has_header && !s.header_seen) {
        s.line = s.line ? s.line : 1;
        if (s.preamble == 0)
            fail(&s, "the file is empty.");
        else
            missing_header(&s);
    }
    if (!s.failed && l->check_balances)
        check_balances(&s);
    if (!s.failed) {
        st->txns = arena_array(a, s.n ? s.n : 1, sizeof *st->txns);
        if (!st->txns) {
            s.failed = true;
            err_set(e, ERR_NOMEM, "Out of memory reading the statement.");
        } else {
            if (s.n)
                memcpy(st->txns, s.txns, s.n * sizeof *st->txns);
            st->n = s.n;
            st->format = arena_printf(a, "csv:%s", l->name);
            st->account = "";
            st->skipped = s.skipped;
            st->skipped_why = s.skipped ? "rows for 0p (card checks), which move no money" : "";
            if (!st->format || statement_fingerprint(st, e) != 0)
                s.failed = true;
        }
    }
    free(s.txns);
    free(s.rowbuf);
    if (s.failed) {
        memset(st, 0, sizeof *st);
        return e && e->code ? e->code : ERR_INVALID;
    }
    return 0;
}
