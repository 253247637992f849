/* str.c — slices and checked integer parsing; see str.h. */
#include "base/str.h"

#include <string.h>

#include "base/err.h"

bool slice_eq(struct slice a, const char *s)
{
    size_t n = strlen(s);
    return a.n == n && (n == 0 || memcmp(a.p, s, n) == 0);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct slice slice_trim(struct slice s)
{
    while (s.n && is_space(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_space(s.p[s.n - 1]))
        s.n--;
    return s;
}

int str_to_i64(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0, limit;

    if (!s || n == 0)
        return ERR_INVALID;
    if (s[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i == n)
        return ERR_INVALID;
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9')
            return ERR_INVALID;
        d = (unsigned)(s[i] - '0');
        if (v > (limit - d) / 10)
            return ERR_RANGE;
        v = v * 10 + d;
    }
    {
        int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
        if (r < min || r > max)
            return ERR_RANGE;
        *out = r;
    }
    return 0;
}

int str_copy(char *dst, size_t dstsz, const char *src)
{
    size_t n;
    if (dstsz == 0)
        return ERR_RANGE;
    n = strlen(src);
    if (n >= dstsz) {
        memcpy(dst, src, dstsz - 1);
        dst[dstsz - 1] = '\0';
        return ERR_RANGE;
    }
    memcpy(dst, src, n + 1);
    return 0;
}

bool str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}
