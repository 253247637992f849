/* libFuzzer target: an answers file (from a council testing its RAS, later from the API) must
 * never crash the reader, every refusal must say why, and whatever it accepts must be safe to
 * calculate against the demo council's configuration and print. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct arena cfg_arena;
    static struct ras_config *cfg;
    struct arena a;
    struct err e = {0};
    struct ras_answers ans;
    struct ras_result *r = NULL;
    struct buf b;

    if (!cfg) {
        const struct asset *as = asset_find("data/ras/demo-council-ras-v1.json");
        arena_init(&cfg_arena, 0);
        if (!as || ras_config_parse((const char *)as->data, as->len, &cfg_arena, &cfg, &e) != 0)
            abort();
    }
    arena_init(&a, 64u << 20);
    if (ras_answers_parse((const char *)data, size, &a, &ans, &e) != 0) {
        if (e.msg[0] == '\0')
            abort();
        arena_release(&a);
        return 0;
    }
    err_clear(&e);
    if (ras_calculate(cfg, &ans, &a, &r, &e) != 0 && e.msg[0] == '\0')
        abort();
    if (r) {
        buf_init(&b, 16u << 20);
        if (ras_result_json(r, &b) != 0)
            abort();
        buf_release(&b);
    }
    arena_release(&a);
    return 0;
}
