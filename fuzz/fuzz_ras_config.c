/* libFuzzer target: a RAS configuration file is outside input (a council uploads it). The reader
 * must never crash, every refusal must say why, and any configuration it accepts must be safe to
 * calculate with: once with every question answered by its highest-scoring answer (overflow is
 * refused, never wrapped), once with no answers (flags, no figures), and printed as JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void calc_and_print(const struct ras_config *cfg, const struct ras_answers *ans,
                           struct arena *a)
{
    struct ras_result *r = NULL, *o = NULL;
    struct err e = {0};
    struct buf b;
    int rc = ras_calculate(cfg, ans, a, &r, &e);
    if (rc != 0 && e.msg[0] == '\0')
        abort();
    if (!r)
        return;
    if (rc == 0 && (r->refused || r->weekly < cfg->weekly_minimum || r->weekly > cfg->weekly_maximum))
        abort(); /* a calculated figure always lies within the limits */
    if (rc != 0 && !r->refused)
        abort();
    buf_init(&b, 16u << 20);
    if (ras_result_json(r, &b) != 0)
        abort();
    if (!r->refused && ras_override(r, 12345, "fuzz", NULL, a, &o, &e) == 0)
        (void)ras_result_json(o, &b);
    buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct err e = {0};
    struct ras_config *cfg = NULL;
    arena_init(&a, 256u << 20);
    if (ras_config_parse((const char *)data, size, &a, &cfg, &e) != 0) {
        if (e.msg[0] == '\0' || cfg != NULL)
            abort();
        arena_release(&a);
        return 0;
    }

    size_t n = 0;
    for (size_t d = 0; d < cfg->ndomains; d++)
        n += cfg->domains[d].nquestions;
    struct ras_given *given = arena_array(&a, n + 1, sizeof *given);
    struct ras_answers ans = {0};
    ans.assessment_date = cfg->effective_from;
    if (given) {
        size_t k = 0;
        for (size_t d = 0; d < cfg->ndomains; d++) {
            const struct ras_domain *dom = &cfg->domains[d];
            for (size_t q = 0; q < dom->nquestions; q++) {
                const struct ras_question *qq = &dom->questions[q];
                size_t best = 0;
                for (size_t o = 1; o < qq->noptions; o++)
                    if (qq->options[o].points > qq->options[best].points)
                        best = o;
                given[k].question = arena_printf(&a, "%s.%s", dom->id, qq->id);
                given[k].answer = qq->options[best].id;
                k++;
            }
        }
        ans.answers = given;
        ans.nanswers = k;
        calc_and_print(cfg, &ans, &a);
    }
    ans.nanswers = 0;
    calc_and_print(cfg, &ans, &a);
    arena_release(&a);
    return 0;
}
