/* ratelimit.c — fixed-size token buckets (see ratelimit.h). */
#include "web/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct bucket {
    char key[64];
    int64_t tokens_milli; /* tokens x 1000, so refills are exact in integers */
    int64_t last_ms;
    bool used;
};

struct ratelimit {
    pthread_mutex_t mu;
    int burst, per_minute, nslots;
    struct bucket *b;
};

struct ratelimit *ratelimit_new(int burst, int per_minute, int slots)
{
    struct ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    rl->b = calloc((size_t)slots, sizeof *rl->b);
    if (!rl->b) {
        free(rl);
        return NULL;
    }
    pthread_mutex_init(&rl->mu, NULL);
    rl->burst = burst;
    rl->per_minute = per_minute;
    rl->nslots = slots;
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->mu);
    free(rl->b);
    free(rl);
}

static uint32_t hash_key(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s)
{
    struct bucket *b = NULL, *stalest = NULL;
    uint32_t h = hash_key(key);
    bool ok;
    pthread_mutex_lock(&rl->mu);
    /* Open addressing over a short probe run; the stalest bucket in the run is reused. */
    for (int i = 0; i < 8 && i < rl->nslots; i++) {
        struct bucket *c = &rl->b[(h + (uint32_t)i) % (uint32_t)rl->nslots];
        if (c->used && strncmp(c->key, key, sizeof c->key - 1) == 0) {
            b = c;
            break;
        }
        if (!stalest || !c->used || (stalest->used && c->last_ms < stalest->last_ms))
            stalest = c;
    }
    if (!b) {
        b = stalest;
        memset(b, 0, sizeof *b);
        snprintf(b->key, sizeof b->key, "%s", key);
        b->used = true;
        b->tokens_milli = (int64_t)rl->burst * 1000;
        b->last_ms = now_ms;
    }
    if (now_ms > b->last_ms) {
        /* per_minute tokens per 60000 ms = per_minute/60 tokens per second. */
        b->tokens_milli += (now_ms - b->last_ms) * rl->per_minute / 60;
        if (b->tokens_milli > (int64_t)rl->burst * 1000)
            b->tokens_milli = (int64_t)rl->burst * 1000;
        b->last_ms = now_ms;
    }
    ok = b->tokens_milli >= 1000;
    if (ok) {
        b->tokens_milli -= 1000;
    } else if (retry_after_s) {
        int64_t need = 1000 - b->tokens_milli;
        int64_t ms = rl->per_minute > 0 ? need * 60 / rl->per_minute : 60000;
        *retry_after_s = ms < 1000 ? 1 : (int)((ms + 999) / 1000);
    }
    pthread_mutex_unlock(&rl->mu);
    return ok;
}
