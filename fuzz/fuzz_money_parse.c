/* libFuzzer target: money_parse must never crash, and whatever it accepts must format and parse
 * back to the same pence, within the allowed range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e = {0};
    int64_t v = 0, back = 0;
    char out[MONEY_FMT_SIZE];
    unsigned flags = size && (data[0] & 1) ? MONEY_ALLOW_NEGATIVE : 0;

    if (money_parse((const char *)data, size, flags, &v, "amount", &e) != 0) {
        if (e.msg[0] == '\0')
            abort(); /* every refusal must say why */
        return 0;
    }
    if (v > MONEY_MAX_PENCE || v < -MONEY_MAX_PENCE || (!(flags & MONEY_ALLOW_NEGATIVE) && v < 0))
        abort();
    for (unsigned fl = 0; fl <= MONEY_FMT_POUND; fl++) {
        money_format(v, fl, out, sizeof out);
        if (money_parse(out, strlen(out), MONEY_ALLOW_NEGATIVE, &back, NULL, NULL) != 0 || back != v)
            abort();
    }
    return 0;
}
