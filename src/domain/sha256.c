/* sha256.c — SHA-256 through libcrypto's low-level interface (see sha256.h). OpenSSL 3 marks
 * SHA256_Init/Update/Final deprecated in favour of EVP, whose per-call context allocation and
 * algorithm fetch cost more than hashing an audit entry; the low-level functions remain supported
 * and use the same CPU-specific code, so the deprecation warning is switched off for this file. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "domain/sha256.h"

#include <openssl/sha.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((struct sha256 *)0)->ctx),
               "struct sha256 must hold an OpenSSL SHA256_CTX");
_Static_assert(SHA256_DIGEST_LENGTH == SHA256_BYTES, "SHA-256 digests are 32 bytes");

void sha256_init(struct sha256 *h) { SHA256_Init((SHA256_CTX *)(void *)h->ctx); }

void sha256_update(struct sha256 *h, const void *data, size_t n)
{
    if (n)
        SHA256_Update((SHA256_CTX *)(void *)h->ctx, data, n);
}

void sha256_final(struct sha256 *h, unsigned char out[SHA256_BYTES])
{
    SHA256_Final(out, (SHA256_CTX *)(void *)h->ctx);
}

void sha256_to_hex(const unsigned char digest[SHA256_BYTES], char out[SHA256_HEX + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_BYTES; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0xF];
    }
    out[SHA256_HEX] = '\0';
}

void sha256_hex(const void *data, size_t n, char out[SHA256_HEX + 1])
{
    struct sha256 h;
    unsigned char d[SHA256_BYTES];
    sha256_init(&h);
    sha256_update(&h, data, n);
    sha256_final(&h, d);
    sha256_to_hex(d, out);
}
