/* pa_util.c — helpers shared by the PA record files; see pa_util.h. */
#include "store/pa_util.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

void pa_bind_date(struct store_stmt *s, int i, day_t d)
{
    char iso[DATE_ISO_SIZE];
    date_format_iso(d, iso);
    store_bind_text(s, i, iso);
}

void pa_bind_date_opt(struct store_stmt *s, int i, bool has, day_t d)
{
    if (has)
        pa_bind_date(s, i, d);
    else
        store_bind_null(s, i);
}

bool pa_col_date(struct store_stmt *s, int col, day_t *out)
{
    const char *t = store_col_text(s, col);
    *out = 0;
    if (!t || date_parse_iso(t, strlen(t), out, NULL, NULL) != 0) {
        *out = 0;
        return false;
    }
    return true;
}

void *pa_grow(struct arena *a, void **v, size_t *n, size_t *cap, size_t size)
{
    if (!*v || *n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        char *nv = arena_array(a, ncap, size);
        if (!nv)
            return NULL;
        if (*v && *n)
            memcpy(nv, *v, *n * size);
        *v = nv;
        *cap = ncap;
    }
    char *slot = (char *)*v + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

const char *pa_date_text(day_t d, char *out, size_t outsz)
{
    date_format_long(d, out, outsz);
    return out;
}
