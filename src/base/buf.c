/* buf.c — capped growable buffer; see buf.h. */
#include "base/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static char buf_empty[1];

void buf_init(struct buf *b, size_t cap)
{
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

static int buf_grow(struct buf *b, size_t extra)
{
    size_t want, nalloc;
    char *p;

    if (extra > b->cap || b->len > b->cap - extra)
        return ERR_RANGE;
    want = b->len + extra + 1;
    if (want <= b->alloc)
        return 0;
    nalloc = b->alloc ? b->alloc : 64;
    while (nalloc < want)
        nalloc = nalloc > ((size_t)-1) / 2 ? want : nalloc * 2;
    if (nalloc > b->cap + 1)
        nalloc = b->cap + 1;
    p = realloc(b->alloc ? b->data : NULL, nalloc);
    if (!p)
        return ERR_NOMEM;
    if (!b->alloc)
        p[0] = '\0';
    b->data = p;
    b->alloc = nalloc;
    return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
    int rc = buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int buf_adds(struct buf *b, const char *s) { return buf_add(b, s, strlen(s)); }

int buf_addc(struct buf *b, char c) { return buf_add(b, &c, 1); }

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n, rc;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return ERR_INVALID;
    rc = buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->data[0] = '\0';
}

char *buf_detach(struct buf *b)
{
    char *p = b->alloc ? b->data : strdup("");
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
    return p;
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->data);
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
}

int buf_read_file(struct buf *b, const char *path, struct err *e)
{
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    int rc = 0;

    if (!f)
        return err_set(e, ERR_IO, "could not open %s: %s", path, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = buf_add(b, chunk, n);
        if (rc == ERR_RANGE) {
            err_set(e, ERR_RANGE, "%s is larger than the %zu bytes allowed", path, b->cap);
            break;
        }
        if (rc) {
            err_set(e, rc, "out of memory reading %s", path);
            break;
        }
    }
    if (!rc && ferror(f))
        rc = err_set(e, ERR_IO, "could not read %s: %s", path, strerror(errno));
    fclose(f);
    return rc;
}
