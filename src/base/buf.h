/*
 * buf.h — a growable byte buffer with a mandatory size cap (after curl's dynbuf). Anything an
 * outsider can make grow (a request body, an imported file, a rendered page) goes into a buf with
 * a cap, so no input can exhaust memory. The content is always NUL-terminated.
 *
 *   struct buf b; buf_init(&b, 1 << 20);
 *   if (buf_addf(&b, "%d", n) != 0) ...   // ERR_RANGE past the cap, ERR_NOMEM on failure
 *   use(b.data, b.len); buf_release(&b);
 */
#ifndef SELFDIRECT_BASE_BUF_H
#define SELFDIRECT_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;   /* "" (a static empty string) until something is added */
    size_t len;
    size_t alloc;
    size_t cap;   /* the most bytes (excluding the NUL) this buffer may hold */
};

void buf_init(struct buf *b, size_t cap);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);     /* len = 0, keeps the memory */
char *buf_detach(struct buf *b);   /* caller owns the (malloc'd) string; b is reset to empty */
void buf_release(struct buf *b);

/* Reads a whole file into b (within its cap). ERR_IO with a message naming the file on failure. */
struct err;
int buf_read_file(struct buf *b, const char *path, struct err *e);

#endif
