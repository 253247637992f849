/* sha256: OpenSSL's SHA-256 (the hot paths) gives libsodium's digests, on every length around the
 * block boundaries and on data fed in uneven pieces; known answers from FIPS 180-2. */
#include <sodium.h>

#include "check.h"
#include "domain/sha256.h"

TEST(sha256_known_answers)
{
    char hex[SHA256_HEX + 1];
    sha256_hex("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(sha256_matches_libsodium)
{
    unsigned char data[1100];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131u + 7u);
    for (size_t n = 0; n <= sizeof data; n += (n < 200 ? 1 : 37)) {
        unsigned char want[crypto_hash_sha256_BYTES], got[SHA256_BYTES];
        struct sha256 h;
        size_t at = 0, step = 1;
        crypto_hash_sha256(want, data, n);
        sha256_init(&h);
        while (at < n) { /* pieces of 1, 2, 3 ... bytes */
            size_t k = n - at < step ? n - at : step;
            sha256_update(&h, data + at, k);
            at += k;
            step++;
        }
        sha256_final(&h, got);
        if (memcmp(want, got, sizeof got) != 0)
            check_fail(__FILE__, __LINE__, "SHA-256 of %zu bytes differs from libsodium's", n);
    }
}
