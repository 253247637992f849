/* libFuzzer target: an ISO 20022 camt.053 statement is outside input. The importer must never
 * crash or fetch anything, every refusal must say why and return nothing, and what it accepts must
 * be usable: real dates, non-zero amounts within the money limits, split parts numbered within
 * their entry, 64-digit fingerprints. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "io/camt053.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct statement st;
    struct err e = {0};
    int rc;

    arena_init(&a, 64u << 20);
    rc = camt053_parse((const char *)data, size, NULL, &a, &st, &e);
    if (rc != 0) {
        if (e.msg[0] == '\0' || st.n != 0 || st.txns != NULL)
            abort();
    } else {
        for (size_t i = 0; i < st.n; i++) {
            const struct statement_txn *t = &st.txns[i];
            if (t->amount == 0 || t->amount > MONEY_MAX_PENCE || t->amount < -MONEY_MAX_PENCE)
                abort();
            if (t->split_index < 0 || t->split_index > t->split_count)
                abort();
            if (!t->description || !t->reference || !t->payee || !t->bank_ref)
                abort();
            if (strlen(t->fingerprint) != 64)
                abort();
        }
    }
    arena_release(&a);
    return 0;
}
