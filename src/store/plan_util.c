/* plan_util.c — shared by the planning tables' code (see plan_util.h). */
#include "store/plan_util.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

const char *pu_text(struct arena *a, struct store_stmt *s, int col, bool *nomem)
{
    const char *t = store_col_text(s, col);
    char *d = arena_strdup(a, t ? t : "");
    if (!d)
        *nomem = true;
    return d ? d : "";
}

bool pu_date(struct store_stmt *s, int col, day_t *out)
{
    const char *t = store_col_text(s, col);
    *out = 0;
    if (!t)
        return true;
    return date_parse_iso(t, strlen(t), out, "date", NULL) == 0;
}

void pu_bind_date(struct store_stmt *s, int i, day_t d, char buf[DATE_ISO_SIZE])
{
    if (d == 0) {
        store_bind_null(s, i);
        return;
    }
    date_format_iso(d, buf);
    store_bind_text(s, i, buf);
}

int pu_grow(struct arena *a, void **items, size_t *cap, size_t count, size_t size, struct err *e)
{
    void *n;
    size_t ncap;
    if (*items && count < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    n = arena_array(a, ncap, size);
    if (!n)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (*items && count)
        memcpy(n, *items, count * size);
    *items = n;
    *cap = ncap;
    return 0;
}

int pu_need_tx(struct store_conn *c, const char *what, struct err *e)
{
    if (!store_in_transaction(c))
        return err_set(e, ERR_INVALID, "%s must run inside a transaction.", what);
    return 0;
}

int pu_lines(struct arena *a, const char *text, const char ***out, size_t *n, struct err *e)
{
    size_t count = 1, k = 0;
    const char **items;
    char *copy, *line;
    *out = NULL;
    *n = 0;
    if (!text || !*text)
        return 0;
    for (const char *p = text; *p; p++)
        count += *p == '\n';
    items = arena_array(a, count, sizeof *items);
    copy = arena_strdup(a, text);
    if (!items || !copy)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    line = copy;
    while (line && k < count) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        items[k++] = line;
        line = nl ? nl + 1 : NULL;
    }
    *out = items;
    *n = k;
    return 0;
}
