/* statement.c — what CSV and camt.053 statements share: the encoding check, fingerprints, and
 * recognising cash withdrawals; see statement.h. */
#include "io/statement.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "domain/sha256.h"

int statement_check_encoding(const char *data, size_t n, size_t *start, struct err *e)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0, line = 1, col = 1;

    *start = 0;
    if (n >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) ||
                   (p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)))
        return err_set(e, ERR_INVALID,
                       "This file is in UTF-32, which cannot be read. Save or export it as UTF-8 "
                       "(in a spreadsheet, \"CSV UTF-8\") and import it again.");
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return err_set(e, ERR_INVALID,
                       "This file is in UTF-16 (often what \"Unicode text\" means in a spreadsheet), "
                       "which cannot be read. Save or export it as UTF-8 (in a spreadsheet, \"CSV "
                       "UTF-8\") and import it again.");
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = *start = 3;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        unsigned cp;
        if (c == 0)
            return err_set(e, ERR_INVALID,
                           "Line %zu, column %zu: the file contains a NUL byte, so it is not text "
                           "in UTF-8 (it may be UTF-16 without a byte-order mark, or not a "
                           "statement at all). Export it as \"CSV UTF-8\" and import it again.",
                           line, col);
        if (c < 0x80) {
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + len > n)
            goto bad;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* overlong forms, UTF-16 surrogates, beyond Unicode */
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += len;
        col++;
        continue;
    bad:
        return err_set(e, ERR_INVALID,
                       "Line %zu, column %zu: byte 0x%02X is not valid UTF-8. The file is probably "
                       "in an older encoding such as Windows-1252 (where 0xA3 is \"£\"); export it "
                       "as \"CSV UTF-8\" and import it again.",
                       line, col, c);
    }
    return 0;
}

/* --- fingerprints ---------------------------------------------------------------------------- */

/* SHA-256 through domain/sha256.h (the CPU's SHA instructions): one hash per transaction was an
 * eighth of bench/monitoring's instructions with libsodium's portable code. Same digests, so
 * fingerprints stored before are unchanged. */
static void h_i64(struct sha256 *st, int64_t v)
{
    unsigned char le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (unsigned char)((uint64_t)v >> (8 * i));
    sha256_update(st, le, sizeof le);
}

static void h_str(struct sha256 *st, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    h_i64(st, (int64_t)n);
    if (n)
        sha256_update(st, s, n);
}

/* The comparators get the statement as qsort_r's argument, not through a global: statements are
 * parsed on several threads at once (the web server's, bench/monitoring's parsing thread). */
static int cmp_key(const void *a, const void *b, void *ctx)
{
    const struct statement *sort_st = ctx;
    const struct statement_txn *x = &sort_st->txns[*(const size_t *)a];
    const struct statement_txn *y = &sort_st->txns[*(const size_t *)b];
    int c;
    if (x->date != y->date)
        return (x->date > y->date) - (x->date < y->date);
    if (x->amount != y->amount)
        return (x->amount > y->amount) - (x->amount < y->amount);
    if ((c = strcmp(x->description, y->description)) != 0 ||
        (c = strcmp(x->reference, y->reference)) != 0 || (c = strcmp(x->payee, y->payee)) != 0)
        return c;
    /* equal details: keep file order, which is what the occurrence index counts */
    return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int cmp_fingerprint(const void *a, const void *b, void *ctx)
{
    const struct statement *sort_st = ctx;
    return strcmp(sort_st->txns[*(const size_t *)a].fingerprint,
                  sort_st->txns[*(const size_t *)b].fingerprint);
}

int statement_fingerprint(struct statement *st, struct err *e)
{
    static const char hex[] = "0123456789abcdef";
    size_t *idx, *occ;
    idx = malloc((st->n ? st->n : 1) * sizeof *idx);
    occ = calloc(st->n ? st->n : 1, sizeof *occ);
    if (!idx || !occ) {
        free(idx);
        free(occ);
        return err_set(e, ERR_NOMEM, "Out of memory fingerprinting the statement.");
    }
    for (size_t i = 0; i < st->n; i++)
        idx[i] = i;
    qsort_r(idx, st->n, sizeof *idx, cmp_key, st);
    for (size_t i = 1; i < st->n; i++) {
        const struct statement_txn *x = &st->txns[idx[i - 1]], *y = &st->txns[idx[i]];
        if (x->date == y->date && x->amount == y->amount &&
            strcmp(x->description, y->description) == 0 &&
            strcmp(x->reference, y->reference) == 0 && strcmp(x->payee, y->payee) == 0)
            occ[idx[i]] = occ[idx[i - 1]] + 1;
    }
    for (size_t i = 0; i < st->n; i++) {
        struct statement_txn *t = &st->txns[i];
        struct sha256 hs;
        unsigned char h[SHA256_BYTES];
        sha256_init(&hs);
        h_i64(&hs, t->date);
        h_i64(&hs, t->amount);
        if (t->bank_ref[0]) {
            h_str(&hs, "bank-ref v1");
            h_str(&hs, t->bank_ref);
            h_i64(&hs, t->split_index);
        } else {
            h_str(&hs, "details v1");
            h_str(&hs, t->description);
            h_str(&hs, t->reference);
            h_str(&hs, t->payee);
            if (t->has_balance) {
                h_str(&hs, "balance");
                h_i64(&hs, t->balance);
            } else {
                h_str(&hs, "occurrence");
                h_i64(&hs, (int64_t)occ[i]);
            }
        }
        sha256_final(&hs, h);
        for (size_t k = 0; k < sizeof h; k++) {
            t->fingerprint[2 * k] = hex[h[k] >> 4];
            t->fingerprint[2 * k + 1] = hex[h[k] & 15];
        }
        t->fingerprint[2 * sizeof h] = '\0';
    }
    /* Two transactions with one fingerprint means the file repeats a bank reference (or is
     * otherwise inconsistent): importing it would silently drop one, so it is refused. */
    for (size_t i = 0; i < st->n; i++)
        idx[i] = i;
    qsort_r(idx, st->n, sizeof *idx, cmp_fingerprint, st);
    for (size_t i = 1; i < st->n; i++) {
        const struct statement_txn *x = &st->txns[idx[i - 1]], *y = &st->txns[idx[i]];
        if (strcmp(x->fingerprint, y->fingerprint) == 0) {
            int first = x->line < y->line ? x->line : y->line;
            int second = x->line < y->line ? y->line : x->line;
            free(idx);
            free(occ);
            return err_set(e, ERR_INVALID,
                           "Line %d: this transaction repeats the one on line %d%s%.40s%s. A "
                           "statement lists each transaction once; export it again. Nothing from "
                           "this file has been imported.",
                           second, first, y->bank_ref[0] ? " (bank reference \"" : "",
                           y->bank_ref, y->bank_ref[0] ? "\")" : "");
        }
    }
    free(idx);
    free(occ);
    return 0;
}

/* --- cash ------------------------------------------------------------------------------------ */

/* Whether w appears in s as a whole word, ignoring case. Only word starts whose first letter fits
 * are compared (comparing at every position was 3% of bench/monitoring). */
static bool has_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    int w0 = toupper((unsigned char)w[0]);
    for (const char *p = s; p && *p; p++) {
        if ((p == s || !isalnum((unsigned char)p[-1])) && toupper((unsigned char)*p) == w0 &&
            strncasecmp(p, w, wl) == 0 && !isalnum((unsigned char)p[wl]))
            return true;
    }
    return false;
}

bool statement_looks_cash(const char *type, const char *description)
{
    static const char *const types[] = {"CPT", "ATM", "CASH", "ATM WITHDRAWAL",
                                        "CASH WITHDRAWAL", "CASHPOINT", "WDL"};
    for (size_t i = 0; type && i < sizeof types / sizeof *types; i++)
        if (strcasecmp(type, types[i]) == 0)
            return true;
    return has_word(type, "ATM") || has_word(type, "CASH") || has_word(description, "ATM") ||
           has_word(description, "CASHPOINT") || has_word(description, "CASH WITHDRAWAL") ||
           has_word(description, "CASH WDL");
}
