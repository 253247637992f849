/* static.c — embedded assets with content hashes and caching (see static.h). */
#include "web/static.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/asset.h"
#include "web/request.h"

struct hashed {
    const struct asset *a;
    char hash[17];
    char etag[20];
};

static struct hashed *table;
static size_t ntable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compute(void)
{
    size_t n = asset_count();
    table = calloc(n ? n : 1, sizeof *table);
    if (!table)
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char h[8];
        const struct asset *a = asset_at(i);
        if (strncmp(a->path, "assets/", 7) != 0)
            continue;
        crypto_generichash(h, sizeof h, a->data, a->len, NULL, 0);
        table[ntable].a = a;
        sodium_bin2hex(table[ntable].hash, sizeof table[ntable].hash, h, sizeof h);
        snprintf(table[ntable].etag, sizeof table[ntable].etag, "\"%s\"", table[ntable].hash);
        ntable++;
    }
}

void static_init(void)
{
    pthread_once(&once, compute);
}

static const struct hashed *find(const char *path)
{
    static_init();
    /* Assets are sorted by path (tools/embed.c), and so is this table. */
    size_t lo = 0, hi = ntable;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(path, table[mid].a->path);
        if (c == 0)
            return &table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *static_asset_hash(const char *path)
{
    const struct hashed *h = find(path);
    return h ? h->hash : NULL;
}

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

void static_serve(struct request *req)
{
    const char *rel = request_param(req, "path");
    const char *path, *type, *inm, *v = NULL;
    const struct hashed *h;
    struct err ignored = {0};

    path = rel ? arena_printf(&req->arena, "assets/%s", rel) : NULL;
    h = path && !strstr(path, "..") ? find(path) : NULL;
    type = h ? content_type(path) : NULL;
    if (!h || !type) {
        response_text(req, 404, "Not found\n");
        return;
    }
    (void)request_query(req, "v", &v, &ignored);
    req->res.etag = h->etag;
    req->res.cache = v && strcmp(v, h->hash) == 0 ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
    inm = request_header(req, "If-None-Match");
    if (inm && strstr(inm, h->etag)) {
        response_start(req, 304, NULL);
        return;
    }
    response_start(req, 200, type);
    req->res.static_body = h->a->data;
    req->res.static_len = h->a->len;
}
