/* err.c — person-readable errors; see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/str.h"

__attribute__((format(printf, 4, 0))) static int err_vset(struct err *e, int code, const char *field,
                                                        const char *fmt, va_list ap)
{
    if (!e || e->code != 0)
        return code;
    e->code = code;
    if (str_copy(e->field, sizeof e->field, field ? field : "") != 0)
        e->field[sizeof e->field - 1] = '\0';
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return code;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int err_set_field(struct err *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, field, fmt, ap);
    va_end(ap);
    return code;
}

void err_clear(struct err *e)
{
    if (e) {
        e->code = 0;
        e->field[0] = '\0';
        e->msg[0] = '\0';
    }
}

const char *err_code_name(int code)
{
    switch (code) {
    case ERR_OK: return "ok";
    case ERR_INVALID: return "invalid";
    case ERR_NOT_FOUND: return "not-found";
    case ERR_CONFLICT: return "conflict";
    case ERR_FORBIDDEN: return "forbidden";
    case ERR_RANGE: return "out-of-range";
    case ERR_NOMEM: return "out-of-memory";
    case ERR_IO: return "io";
    case ERR_UNSUPPORTED: return "unsupported";
    }
    return "error";
}
