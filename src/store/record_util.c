/* record_util.c — shared checks for the record files; see record_util.h. */
#include "store/record_util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

/* Length in code points of valid UTF-8 without control characters; -1 if invalid. */
static long utf8_chars(const char *s, bool multi_line)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned c = *p;
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (!(multi_line && (c == '\n' || c == '\t' || c == '\r')))
                    return -1;
            }
            p++;
            n++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return -1;
        }
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        /* overlong forms, surrogates, beyond Unicode, C1 controls */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || (cp >= 0x80 && cp < 0xa0))
            return -1;
        p += len;
        n++;
    }
    return n;
}

int rec_text(char *value, size_t min, size_t max, unsigned flags, const char *field,
             const char *label, struct err *e)
{
    size_t len = strlen(value), start = 0;
    while (start < len && isspace((unsigned char)value[start]))
        start++;
    while (len > start && isspace((unsigned char)value[len - 1]))
        len--;
    memmove(value, value + start, len - start);
    value[len - start] = '\0';

    long chars = utf8_chars(value, flags & REC_MULTI_LINE);
    if (chars < 0)
        return err_set_field(e, ERR_INVALID, field,
                             "%s contains characters that cannot be stored (control characters "
                             "or broken text encoding)",
                             label);
    if ((size_t)chars < min)
        return err_set_field(e, ERR_INVALID, field,
                             min == 1 ? "Enter %s" : "%s must be at least %zu characters",
                             label, min);
    if ((size_t)chars > max)
        return err_set_field(e, ERR_INVALID, field, "%s must be %zu characters or fewer", label,
                             max);
    return 0;
}

int rec_email(char *value, bool required, const char *field, struct err *e)
{
    int rc = rec_text(value, required ? 1 : 0, 254, REC_ONE_LINE, field, "Email address", e);
    if (rc != 0 || !*value)
        return rc;
    const char *at = strchr(value, '@');
    bool ok = at && at != value && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
              at[1] != '.' && value[strlen(value) - 1] != '.';
    for (const char *p = value; ok && *p; p++)
        if (isspace((unsigned char)*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            ok = false;
    if (!ok)
        return err_set_field(e, ERR_INVALID, field,
                             "Enter an email address in the correct format, like "
                             "name@example.com");
    for (char *p = value; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return 0;
}

int rec_phone(char *value, const char *field, struct err *e)
{
    int rc = rec_text(value, 0, 30, REC_ONE_LINE, field, "Phone number", e);
    if (rc != 0 || !*value)
        return rc;
    int digits = 0;
    for (const char *p = value; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (!strchr(" +()-", *p))
            return err_set_field(e, ERR_INVALID, field,
                                 "Enter a phone number using only numbers, spaces, +, ( ) and -, "
                                 "like 01632 960 001");
    }
    if (digits < 6 || digits > 15)
        return err_set_field(e, ERR_INVALID, field,
                             "Enter a phone number with between 6 and 15 digits, like "
                             "01632 960 001");
    return 0;
}

int rec_postcode(char *value, const char *field, struct err *e)
{
    char s[16];
    size_t n = 0;
    for (const char *p = value; *p; p++) {
        if (*p == ' ')
            continue;
        if (!isalnum((unsigned char)*p) || n >= sizeof s - 1) {
            n = sizeof s; /* force the error below */
            break;
        }
        s[n++] = (char)toupper((unsigned char)*p);
    }
    if (n == 0) {
        value[0] = '\0';
        return 0;
    }
    bool ok = n >= 5 && n <= 7;
    if (ok) {
        s[n] = '\0';
        const char *in = s + n - 3;
        size_t outn = n - 3;
        ok = isdigit((unsigned char)in[0]) && isalpha((unsigned char)in[1]) &&
             isalpha((unsigned char)in[2]) && isalpha((unsigned char)s[0]);
        /* outward code: A9, A99, AA9, AA99, A9A, AA9A */
        size_t letters = isalpha((unsigned char)s[1]) ? 2 : 1;
        ok = ok && outn > letters && isdigit((unsigned char)s[letters]);
        for (size_t i = letters + 1; ok && i < outn; i++)
            ok = isalnum((unsigned char)s[i]) && i == outn - 1;
    }
    if (!ok)
        return err_set_field(e, ERR_INVALID, field,
                             "Enter a full UK postcode, like DM1 2AB");
    snprintf(value, 9, "%.*s %s", (int)(n - 3), s, s + n - 3);
    return 0;
}

int rec_not_found(const char *what, int64_t id, struct err *e)
{
    return err_set(e, ERR_NOT_FOUND,
                   "There is no %s with id %lld in this council. It may have been removed, or "
                   "the link may be wrong",
                   what, (long long)id);
}

int rec_stale_or_missing(struct store_conn *c, const char *table, const char *what,
                         int64_t council_id, int64_t id, struct err *e)
{
    char sql[160];
    int64_t params[2] = {council_id, id}, n = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE council_id = ? AND id = ?", table);
    int rc = store_query_i64(c, sql, 2, params, &n, e);
    if (rc != 0)
        return rc;
    if (n == 0)
        return rec_not_found(what, id, e);
    return err_set(e, ERR_CONFLICT,
                   "Someone else changed this %s since you opened it, so your change was not "
                   "saved. Reload it to see their change, then make yours again",
                   what);
}

int rec_write_error(int rc, const struct err *le, const char *dup_field, const char *dup_msg,
                    const char *fk_field, const char *fk_msg, struct err *e)
{
    if (rc == ERR_CONFLICT && dup_msg && strstr(le->msg, "duplicate"))
        return err_set_field(e, rc, dup_field ? dup_field : "", "%s", dup_msg);
    if (rc == ERR_NOT_FOUND && fk_msg && strstr(le->msg, "refers to"))
        return err_set_field(e, rc, fk_field ? fk_field : "", "%s", fk_msg);
    return err_set_field(e, rc, le->field, "%s", le->msg);
}

void *rec_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t first, size_t size)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : first;
    void *bigger = arena_array(a, ncap, size);
    if (!bigger)
        return NULL;
    if (n)
        memcpy(bigger, items, n * size);
    *cap = ncap;
    return bigger;
}
