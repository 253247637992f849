/*
 * sha256.h — SHA-256 for the hot paths: the audit chain (one hash per entry, and every read of a
 * person's record is an entry) and session tokens (one hash per signed-in request).
 *
 * libsodium's SHA-256 is portable C (about 4 µs for an audit entry on our servers); OpenSSL's
 * libcrypto, already on every machine that has libpq, uses the CPU's SHA instructions where they
 * exist (about 0.6 µs). The digests are the same function, so anything hashed here can be
 * checked with any other SHA-256 (tests compare with libsodium on many lengths). Other, colder
 * uses of SHA-256 in the code base keep libsodium.
 *
 * Pure functions: no allocation, no global state; safe from any thread.
 */
#ifndef SELFDIRECT_DOMAIN_SHA256_H
#define SELFDIRECT_DOMAIN_SHA256_H

#include <stddef.h>

#define SHA256_BYTES 32
#define SHA256_HEX 64

/* Room for libcrypto's SHA256_CTX (112 bytes), kept opaque so callers need no OpenSSL header. */
struct sha256 {
    _Alignas(8) unsigned char ctx[128];
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t n);
void sha256_final(struct sha256 *h, unsigned char out[SHA256_BYTES]);
/* The lower-case hex digest of data[0..n). */
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX + 1]);
/* Lower-case hex of a digest. */
void sha256_to_hex(const unsigned char digest[SHA256_BYTES], char out[SHA256_HEX + 1]);

#endif
