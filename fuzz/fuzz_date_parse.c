/* libFuzzer target: date_parse_iso must never crash, and whatever it accepts must be a real date
 * that formats back to exactly the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e = {0};
    day_t d;
    char out[DATE_ISO_SIZE];
    int y, m, dd;

    if (date_parse_iso((const char *)data, size, &d, "date", &e) != 0) {
        if (e.msg[0] == '\0')
            abort();
        return 0;
    }
    date_format_iso(d, out);
    if (size != 10 || memcmp(out, data, 10) != 0)
        abort();
    date_to_ymd(d, &y, &m, &dd);
    if (!date_valid_ymd(y, m, dd) || tax_week(d) < 1 || tax_week(d) > 53 || tax_month(d) < 1 ||
        tax_month(d) > 12)
        abort();
    return 0;
}
