/* assess_util.c — conversions shared by the assess_*.c store files; see assess_util.h. */
#include "store/assess_util.h"

#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

const char *assess_col_dup(struct store_stmt *s, int col, struct arena *a, bool *nomem)
{
    const char *t = store_col_text(s, col);
    char *copy = arena_strdup(a, t ? t : "");
    if (!copy) {
        *nomem = true;
        return "";
    }
    return copy;
}

const char *assess_answer_name(enum elig_answer v)
{
    switch (v) {
    case ELIG_YES:
        return "yes";
    case ELIG_NO:
        return "no";
    case ELIG_UNANSWERED:
        break;
    }
    return "";
}

int assess_answer_parse(const char *s, enum elig_answer *out)
{
    if (!s || !*s)
        *out = ELIG_UNANSWERED;
    else if (strcmp(s, "yes") == 0)
        *out = ELIG_YES;
    else if (strcmp(s, "no") == 0)
        *out = ELIG_NO;
    else
        return -1;
    return 0;
}

const char *assess_bits_text(unsigned bits, const char *(*key_of)(unsigned), struct arena *a)
{
    struct buf b;
    const char *out;
    buf_init(&b, 1024);
    for (unsigned bit = 1; bit && bit <= bits; bit <<= 1) {
        const char *k;
        if (!(bits & bit) || !(k = key_of(bit)))
            continue;
        if ((b.len && buf_addc(&b, ',') != 0) || buf_adds(&b, k) != 0)
            break;
    }
    out = arena_strdup(a, b.data);
    buf_release(&b);
    return out;
}

int assess_bits_parse(const char *text, unsigned (*parse)(const char *), unsigned *out)
{
    char key[64];
    *out = 0;
    while (text && *text) {
        const char *comma = strchr(text, ',');
        size_t n = comma ? (size_t)(comma - text) : strlen(text);
        unsigned bit;
        if (n == 0 || n >= sizeof key)
            return -1;
        memcpy(key, text, n);
        key[n] = '\0';
        if (!(bit = parse(key)))
            return -1;
        *out |= bit;
        text += n + (comma ? 1 : 0);
    }
    return 0;
}

int assess_need_tx(struct store_conn *c, const char *what, struct err *e)
{
    if (!store_in_transaction(c))
        return err_set(e, ERR_INVALID, "%s must run inside a transaction.", what);
    return 0;
}

bool assess_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

const char *assess_stamp(int64_t now, struct arena *a)
{
    char t[STORE_TIME_SIZE];
    store_time_format(now, t);
    return arena_strdup(a, t);
}
