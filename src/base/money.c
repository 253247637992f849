/* money.c — pence arithmetic, parsing and formatting; see money.h. */
#include "base/money.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"

int money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return ERR_RANGE;
    *out = r;
    return 0;
}

int money_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return ERR_RANGE;
    *out = r;
    return 0;
}

int money_mul(int64_t a, int64_t n, int64_t *out)
{
    int64_t r;
    if (__builtin_mul_overflow(a, n, &r))
        return ERR_RANGE;
    *out = r;
    return 0;
}

int money_muldiv(int64_t a, int64_t num, int64_t den, enum money_round r, int64_t *out)
{
    __int128 p, q, rem;
    if (den <= 0)
        return ERR_INVALID;
    p = (__int128)a * num;
    q = p / den; /* truncates towards zero */
    rem = p % den;
    if (rem != 0) {
        bool neg = rem < 0;
        __int128 twice = (neg ? -rem : rem) * 2;
        switch (r) {
        case ROUND_TOWARDS_ZERO:
            break;
        case ROUND_DOWN:
            if (neg)
                q -= 1;
            break;
        case ROUND_UP:
            if (!neg)
                q += 1;
            break;
        case ROUND_HALF_UP:
            if (twice >= den)
                q += neg ? -1 : 1;
            break;
        case ROUND_HALF_DOWN:
            if (twice > den)
                q += neg ? -1 : 1;
            break;
        }
    }
    if (q > INT64_MAX || q < INT64_MIN)
        return ERR_RANGE;
    *out = (int64_t)q;
    return 0;
}

/* Copies the input for an error message: printable ASCII kept, anything else shown as '?', long
 * input cut, so a message never carries control characters or half a UTF-8 sequence. */
static void quote_input(const char *s, size_t n, char *out, size_t outsz)
{
    size_t j = 0;
    for (size_t i = 0; i < n && j + 4 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA3 && j + 6 < outsz) {
            out[j++] = (char)0xC2; /* keep the pound sign readable */
            out[j++] = (char)0xA3;
            i++;
            continue;
        }
        out[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (j + 4 >= outsz && n > 0) {
        out[j++] = '.';
        out[j++] = '.';
        out[j++] = '.';
    }
    out[j] = '\0';
}

#define HINT "write pounds and pence like 1234.50 or £1,234.50"

int money_parse(const char *s, size_t n, unsigned flags, int64_t *out, const char *field,
                struct err *e)
{
    char shown[48];
    const char *f = field ? field : "amount";
    size_t i = 0, end = n;
    bool neg = false, any_digit = false, seen_comma = false;
    int group_len = 0, first_group = 1;
    int64_t pounds = 0, pence = 0;

    quote_input(s ? s : "", s ? n : 0, shown, sizeof shown);
    if (!s)
        n = 0;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    if (i == end)
        return err_set_field(e, ERR_INVALID, f, "%s is empty: enter an amount, %s", f, HINT);

    if (s[i] == '-') {
        neg = true;
        i++;
    } else if (s[i] == '+') {
        return err_set_field(e, ERR_INVALID, f, "%s \"%s\" starts with '+': %s", f, shown, HINT);
    }
    if (end - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA3)
        i += 2;
    if (!neg && i < end && s[i] == '-') { /* "£-3.20" */
        neg = true;
        i++;
    }
    if (neg && !(flags & MONEY_ALLOW_NEGATIVE))
        return err_set_field(e, ERR_INVALID, f, "%s \"%s\" is negative: enter 0 or more", f, shown);
    if (i == end)
        return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has no digits: %s", f, shown, HINT);

    for (; i < end && s[i] != '.'; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (pounds > (MONEY_MAX_PENCE / 100) / 10 + 1)
                return err_set_field(e, ERR_RANGE, f, "%s \"%s\" is too large: the most allowed is £1,000,000,000,000.00", f, shown);
            pounds = pounds * 10 + (c - '0');
            group_len++;
            if (seen_comma && group_len > 3)
                return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has a comma in the wrong place: %s", f, shown, HINT);
        } else if (c == ',') {
            if (!any_digit || (first_group && group_len > 3) || (!first_group && group_len != 3))
                return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has a comma in the wrong place: %s", f, shown, HINT);
            seen_comma = true;
            first_group = 0;
            group_len = 0;
        } else if (c == 'e' || c == 'E') {
            return err_set_field(e, ERR_INVALID, f, "%s \"%s\" looks like an exponent (e): %s", f, shown, HINT);
        } else if ((unsigned char)c < 0x20 || c == 0x7f) {
            return err_set_field(e, ERR_INVALID, f, "%s contains a control character: %s", f, HINT);
        } else if ((unsigned char)c >= 0x80) {
            return err_set_field(e, ERR_INVALID, f, "%s \"%s\" contains a character that is not 0-9: %s", f, shown, HINT);
        } else {
            return err_set_field(e, ERR_INVALID, f, "%s \"%s\" contains '%c', which is not part of an amount: %s", f, shown, c, HINT);
        }
    }
    if (seen_comma && group_len != 3)
        return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has a comma in the wrong place: %s", f, shown, HINT);
    if (i < end) { /* the decimal point */
        int decimals = 0;
        i++;
        if (i == end)
            return err_set_field(e, ERR_INVALID, f, "%s \"%s\" ends with a decimal point: %s", f, shown, HINT);
        for (; i < end; i++) {
            char c = s[i];
            if (c < '0' || c > '9') {
                if (c == 'e' || c == 'E')
                    return err_set_field(e, ERR_INVALID, f, "%s \"%s\" looks like an exponent (e): %s", f, shown, HINT);
                return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has something other than digits after the decimal point: %s", f, shown, HINT);
            }
            if (++decimals > 2)
                return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has more than two decimal places: %s", f, shown, HINT);
            pence = pence * 10 + (c - '0');
        }
        if (decimals == 1)
            pence *= 10;
    } else if (!any_digit) {
        return err_set_field(e, ERR_INVALID, f, "%s \"%s\" has no digits: %s", f, shown, HINT);
    }
    if (pounds > MONEY_MAX_PENCE / 100 || pounds * 100 + pence > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_RANGE, f, "%s \"%s\" is too large: the most allowed is £1,000,000,000,000.00", f, shown);
    *out = (pounds * 100 + pence) * (neg ? -1 : 1);
    return 0;
}

size_t money_format(int64_t pence, unsigned flags, char *out, size_t outsz)
{
    char digits[32];
    char tmp[48];
    uint64_t mag = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
    uint64_t pounds = mag / 100;
    unsigned rem = (unsigned)(mag % 100);
    size_t j = 0;
    int nd;

    nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)pounds);
    if (pence < 0)
        tmp[j++] = '-';
    if (flags & MONEY_FMT_POUND) {
        tmp[j++] = (char)0xC2;
        tmp[j++] = (char)0xA3;
    }
    for (int k = 0; k < nd; k++) {
        if ((flags & MONEY_FMT_POUND) && k > 0 && (nd - k) % 3 == 0)
            tmp[j++] = ',';
        tmp[j++] = digits[k];
    }
    j += (size_t)snprintf(tmp + j, sizeof tmp - j, ".%02u", rem);
    if (outsz == 0)
        return j;
    snprintf(out, outsz, "%s", tmp);
    return j;
}
