/* libFuzzer target: a bank statement CSV is outside input (a person or officer uploads it). The
 * first byte chooses the built-in layout; the rest is the file. The importer must never crash,
 * every refusal must say why and return nothing, and everything it accepts must be a usable
 * transaction: a real date in range, a non-zero amount within the money limits, text present, a
 * 64-digit fingerprint, and fingerprints that differ within one file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/money.h"
#include "io/statement_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t nlayouts = 0;
    const struct statement_layout *layouts = statement_csv_layouts(&nlayouts);
    struct statement_csv_options o = {0, 0};
    struct arena a;
    struct statement st;
    struct err e = {0};
    int rc;

    if (size == 0)
        return 0;
    date_from_ymd(2000, 1, 1, &o.earliest);
    date_from_ymd(2099, 12, 31, &o.latest);
    arena_init(&a, 64u << 20);
    rc = statement_csv_parse((const char *)data + 1, size - 1, &layouts[data[0] % nlayouts], &o,
                             &a, &st, &e);
    if (rc != 0) {
        if (e.msg[0] == '\0' || st.n != 0 || st.txns != NULL)
            abort();
    } else {
        for (size_t i = 0; i < st.n; i++) {
            const struct statement_txn *t = &st.txns[i];
            if (t->amount == 0 || t->amount > MONEY_MAX_PENCE || t->amount < -MONEY_MAX_PENCE)
                abort();
            if (t->date < o.earliest || t->date > o.latest)
                abort();
            if (!t->description || !t->reference || !t->payee || !t->type || !t->bank_ref)
                abort();
            if (strlen(t->fingerprint) != 64 || t->line < 1)
                abort();
            if (i > 0 && strcmp(t->fingerprint, st.txns[i - 1].fingerprint) == 0)
                abort();
        }
    }
    arena_release(&a);
    return 0;
}
