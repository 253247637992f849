/* html.c — the escaping HTML writer (see html.h for the contract). */
#include "web/html.h"

#include <inttypes.h>
#include <stdarg.h>

#include "base/date.h"
#include "base/err.h"
#include "base/money.h"

void html_init(struct html *h, struct buf *out)
{
    h->out = out;
    h->ctx = HTML_CTX_TEXT;
    h->err = 0;
    h->why = NULL;
}

bool html_failed(const struct html *h)
{
    return h->err != 0;
}

static void fail(struct html *h, int code, const char *why)
{
    if (!h->err) {
        h->err = code;
        h->why = why;
    }
}

int html_escape_text(struct buf *out, const char *s)
{
    int rc = 0;
    size_t start = 0, i;
    if (!s)
        return 0;
    for (i = 0; s[i] && rc == 0; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '`': rep = "&#96;"; break;
        default: continue;
        }
        rc = buf_add(out, s + start, i - start);
        if (rc == 0)
            rc = buf_adds(out, rep);
        start = i + 1;
    }
    if (rc == 0)
        rc = buf_add(out, s + start, i - start);
    return rc;
}

bool html_url_is_safe(const char *url)
{
    if (!url)
        return false;
    /* Control characters and spaces never appear in URLs we make; browsers strip some of them
     * before parsing the scheme ("java\tscript:"), so refuse them all. */
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\')
            return false;
    if (url[0] == '/')
        return url[1] != '/'; /* "//host" is another site */
    if (url[0] == '?' || url[0] == '#')
        return true;
    return strncmp(url, "https://", 8) == 0;
}

/* Moves the context along a piece of literal markup. */
static void advance(struct html *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (h->ctx) {
        case HTML_CTX_TEXT:
            if (c == '<')
                h->ctx = HTML_CTX_TAG;
            break;
        case HTML_CTX_TAG:
            if (c == '"')
                h->ctx = HTML_CTX_ATTR;
            else if (c == '>')
                h->ctx = HTML_CTX_TEXT;
            else if (c == '\'' || c == '<')
                fail(h, ERR_INVALID, "single-quoted attribute or stray '<' in a tag");
            break;
        case HTML_CTX_ATTR:
            if (c == '"')
                h->ctx = HTML_CTX_TAG;
            break;
        }
    }
}

static void literal(struct html *h, const char *s, size_t n)
{
    if (h->err || n == 0)
        return;
    advance(h, s, n);
    if (!h->err && buf_add(h->out, s, n) != 0)
        fail(h, ERR_RANGE, "page too large");
}

void html_lit_(struct html *h, const char *lit)
{
    literal(h, lit, strlen(lit));
}

static void escaped(struct html *h, const char *s)
{
    if (!h->err && html_escape_text(h->out, s) != 0)
        fail(h, ERR_RANGE, "page too large");
}

static void raw_digits(struct html *h, const char *s)
{
    if (!h->err && buf_adds(h->out, s) != 0)
        fail(h, ERR_RANGE, "page too large");
}

void html_f_(struct html *h, const char *tpl, ...)
{
    va_list ap;
    const char *p = tpl, *run = tpl;
    va_start(ap, tpl);
    while (*p && !h->err) {
        char num[48];
        if (*p != '%') {
            p++;
            continue;
        }
        literal(h, run, (size_t)(p - run));
        p++;
        switch (*p) {
        case '%':
            literal(h, "%", 1);
            break;
        case 't': {
            const char *s = va_arg(ap, const char *);
            if (h->ctx != HTML_CTX_TEXT)
                fail(h, ERR_INVALID, "%t used outside element text");
            escaped(h, s ? s : "");
            break;
        }
        case 'a': {
            const char *s = va_arg(ap, const char *);
            if (h->ctx != HTML_CTX_ATTR)
                fail(h, ERR_INVALID, "%a used outside a double-quoted attribute");
            escaped(h, s ? s : "");
            break;
        }
        case 'u': {
            const char *s = va_arg(ap, const char *);
            if (h->ctx != HTML_CTX_ATTR)
                fail(h, ERR_INVALID, "%u used outside a double-quoted attribute");
            escaped(h, html_url_is_safe(s) ? s : "#");
            break;
        }
        case 'd':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            raw_digits(h, num);
            break;
        case 'l':
            snprintf(num, sizeof num, "%" PRId64, va_arg(ap, int64_t));
            raw_digits(h, num);
            break;
        case 'm': {
            int64_t pence = va_arg(ap, int64_t);
            money_format(pence, MONEY_FMT_POUND, num, sizeof num);
            if (h->ctx == HTML_CTX_TAG)
                fail(h, ERR_INVALID, "%m used inside a tag");
            escaped(h, num);
            break;
        }
        case 'D': {
            day_t d = va_arg(ap, day_t);
            date_format_long(d, num, sizeof num);
            if (h->ctx == HTML_CTX_TAG)
                fail(h, ERR_INVALID, "%D used inside a tag");
            escaped(h, num);
            break;
        }
        default:
            fail(h, ERR_INVALID, "unknown conversion in an HTML template");
            break;
        }
        if (*p)
            p++;
        run = p;
    }
    if (!h->err)
        literal(h, run, strlen(run));
    va_end(ap);
}
