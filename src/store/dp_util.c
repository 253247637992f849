/* dp_util.c — shared helpers of the direct-payment store files; see dp_util.h. */
#include "store/dp_util.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "store/record_util.h"
#include "store/store.h"

int dp_tx_begin(struct store_conn *c, bool *own, struct err *e)
{
    *own = !store_in_transaction(c);
    return *own ? store_begin(c, e) : 0;
}

int dp_tx_end(struct store_conn *c, bool own, int rc, struct err *e)
{
    if (!own)
        return rc;
    if (rc == 0)
        return store_commit(c, e);
    store_rollback(c);
    return rc;
}

const char *dp_col_text(struct arena *a, struct store_stmt *s, int col)
{
    const char *t = store_col_text(s, col);
    return arena_strdup(a, t ? t : "");
}

day_t dp_col_date(struct store_stmt *s, int col)
{
    const char *t = store_col_text(s, col);
    day_t d = 0;
    if (!t || date_parse_iso(t, strlen(t), &d, NULL, NULL) != 0)
        return 0;
    return d;
}

void dp_bind_date(struct store_stmt *s, int i, day_t d)
{
    char buf[DATE_ISO_SIZE];
    if (!d) {
        store_bind_null(s, i);
        return;
    }
    date_format_iso(d, buf);
    store_bind_text(s, i, buf);
}

int dp_grow(struct arena *a, void **items, size_t *cap, size_t count, size_t size, struct err *e)
{
    void *n;
    size_t ncap;
    if (count < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 16;
    n = arena_array(a, ncap, size);
    if (!n)
        return dp_nomem(e);
    if (*items && count)
        memcpy(n, *items, count * size);
    *items = n;
    *cap = ncap;
    return 0;
}

int dp_nomem(struct err *e)
{
    return err_set(e, ERR_NOMEM, "Out of memory.");
}

int dp_text(struct arena *a, const char *in, size_t min, size_t max, bool multi_line,
            const char *field, const char *label, const char **out, struct err *e)
{
    size_t n = in ? strlen(in) : 0;
    char *copy;
    int rc;
    if (n > max + 64) /* far too long: refuse before copying */
        return err_set_field(e, ERR_INVALID, field, "%s must be at most %zu characters.", label,
                             max);
    copy = arena_strndup(a, in ? in : "", n);
    if (!copy)
        return dp_nomem(e);
    if ((rc = rec_text(copy, min, max, multi_line ? REC_MULTI_LINE : REC_ONE_LINE, field, label,
                       e)) != 0)
        return rc;
    *out = copy;
    return 0;
}
