/*
 * asset.h — files compiled into the binary at build time (tools/embed.c): everything under data/
 * (rates tables with their sources, migrations, example configurations) and assets/ (page styles,
 * fonts, images). Looked up by their path in the repository, e.g. "data/rates/payroll-2025-26.json".
 * Each asset's bytes are followed by a NUL, so text assets can be used as C strings.
 */
#ifndef SELFDIRECT_BASE_ASSET_H
#define SELFDIRECT_BASE_ASSET_H

#include <stddef.h>

struct asset {
    const char *path;
    const unsigned char *data;
    size_t len;
};

const struct asset *asset_find(const char *path); /* NULL when there is none */
size_t asset_count(void);
const struct asset *asset_at(size_t i);

#endif
