/*
 * static.h — the page assets compiled into the binary (everything under assets/: GOV.UK Frontend's
 * built CSS, JS and images, copied in by scripts/build-assets, and our own small CSS and JS).
 *
 * Each asset has a content hash (BLAKE2b, 16 hex digits) computed once at start-up. Pages link
 * "/assets/x.css?v=<hash>"; a request carrying the current hash is answered with a year's
 * immutable caching, one without it (or with a stale one) with the ETag and revalidation, and
 * If-None-Match answers 304. Only files under assets/ are served, never data/.
 */
#ifndef SELFDIRECT_WEB_STATIC_H
#define SELFDIRECT_WEB_STATIC_H

struct request;

/* Computes every hash; call once before serving (safe to call again). */
void static_init(void);
/* The hash of an embedded file by repository path ("assets/css/app.css"), or NULL. */
const char *static_asset_hash(const char *path);
/* The handler for GET /assets/{*path}. */
void static_serve(struct request *req);

#endif
