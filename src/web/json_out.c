/* json_out.c — streaming JSON writer (see json_out.h). */
#include "web/json_out.h"

#include <string.h>

#include "base/buf.h"
#include "base/err.h"

/* Length of the valid UTF-8 sequence at s (1-4) and its code point, or 0 when it is not one:
 * continuation or overlong lead bytes, bad continuations, surrogates, past U+10FFFF — the same
 * sequences jansson refuses. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
    unsigned char u = s[0];
    size_t n;
    uint32_t v;
    if (u < 0x80) {
        *cp = u;
        return 1;
    }
    if (u >= 0xC2 && u <= 0xDF) {
        n = 2;
        v = u & 0x1F;
    } else if (u >= 0xE0 && u <= 0xEF) {
        n = 3;
        v = u & 0x0F;
    } else if (u >= 0xF0 && u <= 0xF4) {
        n = 4;
        v = u & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) /* also stops at the NUL ending the string */
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) ||
        (n == 4 && v < 0x10000))
        return 0;
    *cp = v;
    return n;
}

static bool utf8_valid(const unsigned char *s)
{
    uint32_t cp;
    while (*s) {
        size_t n;
        if (*s < 0x80) {
            s++;
            continue;
        }
        if ((n = utf8_seq(s, &cp)) == 0)
            return false;
        s += n;
    }
    return true;
}

static char *put_u4(char *w, uint32_t v)
{
    static const char hex[] = "0123456789ABCDEF"; /* upper case, as jansson writes */
    *w++ = '\\';
    *w++ = 'u';
    *w++ = hex[(v >> 12) & 0xF];
    *w++ = hex[(v >> 8) & 0xF];
    *w++ = hex[(v >> 4) & 0xF];
    *w++ = hex[v & 0xF];
    return w;
}

/* Length of s when every byte of it can be written as it is (printable ASCII other than the
 * quote and the backslash: names, dates, references), else (size_t)-1. */
static size_t plain_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
    return *p ? (size_t)-1 : (size_t)(p - (const unsigned char *)s);
}

/* Appends pre (0-1 bytes), "s" and post (0-1 bytes) with one copy when s is plain and short —
 * nearly every key and value — else 1 when the caller must take the general path. */
static int put_plain(struct buf *b, char pre, const char *s, char post)
{
    char tmp[256];
    size_t n = plain_len(s), w = 0;
    if (n == (size_t)-1 || n > sizeof tmp - 4)
        return 1;
    if (pre)
        tmp[w++] = pre;
    tmp[w++] = '"';
    memcpy(tmp + w, s, n);
    w += n;
    tmp[w++] = '"';
    if (post)
        tmp[w++] = post;
    return buf_add(b, tmp, w);
}

int json_out_quote(struct buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    int rc;
    if (!utf8_valid(s))
        s = (const unsigned char *)"";
    if ((rc = buf_addc(b, '"')) != 0)
        return rc;
    while (*s) {
        /* A run of characters that need no escape goes in with one copy. */
        const unsigned char *run = s;
        char esc[12], *w = esc;
        uint32_t cp;
        size_t n;
        while (*s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\')
            s++;
        if (s > run && (rc = buf_add(b, run, (size_t)(s - run))) != 0)
            return rc;
        if (!*s)
            break;
        n = utf8_seq(s, &cp); /* valid: checked above */
        s += n;
        switch (cp) {
        case '"': *w++ = '\\'; *w++ = '"'; break;
        case '\\': *w++ = '\\'; *w++ = '\\'; break;
        case '\b': *w++ = '\\'; *w++ = 'b'; break;
        case '\f': *w++ = '\\'; *w++ = 'f'; break;
        case '\n': *w++ = '\\'; *w++ = 'n'; break;
        case '\r': *w++ = '\\'; *w++ = 'r'; break;
        case '\t': *w++ = '\\'; *w++ = 't'; break;
        default:
            if (cp < 0x10000) {
                w = put_u4(w, cp);
            } else { /* outside the BMP: a UTF-16 surrogate pair */
                cp -= 0x10000;
                w = put_u4(w, 0xD800 | ((cp >> 10) & 0x3FF));
                w = put_u4(w, 0xDC00 | (cp & 0x3FF));
            }
            break;
        }
        if ((rc = buf_add(b, esc, (size_t)(w - esc))) != 0)
            return rc;
    }
    return buf_addc(b, '"');
}

void json_out_init(struct json_out *j, struct buf *b)
{
    memset(j, 0, sizeof *j);
    j->b = b;
    j->start = b->len;
}

static void fail(struct json_out *j, int rc)
{
    if (!j->err)
        j->err = rc;
}

/* A value inside an object must follow its key; the document itself is one value. */
static bool value_allowed(struct json_out *j)
{
    if (!j->err && ((j->depth > 0 && j->object[j->depth - 1] && !j->after_key) ||
                    (j->depth == 0 && j->b->len > j->start)))
        fail(j, ERR_INVALID);
    return !j->err;
}

/* Whether the next member needs a comma before it; marks the container as having one. */
static bool take_comma(struct json_out *j)
{
    if (j->after_key) {
        j->after_key = false;
        return false;
    }
    if (j->depth == 0)
        return false;
    if (j->nonempty[j->depth - 1])
        return true;
    j->nonempty[j->depth - 1] = true;
    return false;
}

/* Writes the comma a value needs when it is not its container's first member. */
static void before_value(struct json_out *j)
{
    int rc;
    if (j->err)
        return;
    if (take_comma(j) && (rc = buf_addc(j->b, ',')) != 0)
        fail(j, rc);
}

static void open_container(struct json_out *j, char c)
{
    int rc;
    if (!value_allowed(j))
        return;
    before_value(j);
    if (j->err)
        return;
    if (j->depth == JSON_OUT_MAX_DEPTH) {
        fail(j, ERR_INVALID);
        return;
    }
    if ((rc = buf_addc(j->b, c)) != 0) {
        fail(j, rc);
        return;
    }
    j->object[j->depth] = c == '{';
    j->nonempty[j->depth++] = false;
}

static void close_container(struct json_out *j, char c)
{
    int rc;
    if (j->err)
        return;
    if (j->depth == 0 || j->after_key || j->object[j->depth - 1] != (c == '}')) {
        fail(j, ERR_INVALID);
        return;
    }
    j->depth--;
    if ((rc = buf_addc(j->b, c)) != 0)
        fail(j, rc);
}

void json_out_begin_object(struct json_out *j) { open_container(j, '{'); }
void json_out_end_object(struct json_out *j) { close_container(j, '}'); }
void json_out_begin_array(struct json_out *j) { open_container(j, '['); }
void json_out_end_array(struct json_out *j) { close_container(j, ']'); }

void json_out_key(struct json_out *j, const char *key)
{
    bool comma;
    int rc;
    if (j->err)
        return;
    if (j->after_key || j->depth == 0 || !j->object[j->depth - 1]) {
        fail(j, ERR_INVALID);
        return;
    }
    comma = take_comma(j);
    rc = put_plain(j->b, comma ? ',' : 0, key, ':');
    if (rc == 1) { /* a key that needs escaping */
        rc = comma ? buf_addc(j->b, ',') : 0;
        if (rc == 0)
            rc = json_out_quote(j->b, key);
        if (rc == 0)
            rc = buf_addc(j->b, ':');
    }
    if (rc != 0) {
        fail(j, rc);
        return;
    }
    j->after_key = true;
}

static void raw_value(struct json_out *j, const char *text, size_t n)
{
    int rc;
    if (!value_allowed(j))
        return;
    before_value(j);
    if (!j->err && (rc = buf_add(j->b, text, n)) != 0)
        fail(j, rc);
}

void json_out_str(struct json_out *j, const char *s)
{
    bool comma;
    int rc;
    if (!value_allowed(j))
        return;
    comma = take_comma(j);
    rc = put_plain(j->b, comma ? ',' : 0, s ? s : "", 0);
    if (rc == 1) { /* escapes, non-ASCII or long: the general path */
        rc = comma ? buf_addc(j->b, ',') : 0;
        if (rc == 0)
            rc = json_out_quote(j->b, s);
    }
    if (rc != 0)
        fail(j, rc);
}

void json_out_int(struct json_out *j, int64_t v)
{
    char tmp[24], *w = tmp + sizeof tmp;
    /* Digits from the right; the magnitude as unsigned so INT64_MIN works. */
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--w = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (v < 0)
        *--w = '-';
    raw_value(j, w, (size_t)(tmp + sizeof tmp - w));
}

void json_out_bool(struct json_out *j, bool v)
{
    raw_value(j, v ? "true" : "false", v ? 4 : 5);
}

void json_out_null(struct json_out *j) { raw_value(j, "null", 4); }

int json_out_finish(const struct json_out *j)
{
    if (j->err)
        return j->err;
    return j->depth == 0 && !j->after_key && j->b->len > j->start ? 0 : ERR_INVALID;
}
