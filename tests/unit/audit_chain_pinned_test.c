/* The audit chain's canonical form, pinned: these hashes were computed by the first
 * implementation (one hash update per piece, printf for numbers). Any faster way of hashing must
 * give the same bytes, or every stored chain would stop verifying. */
#include "check.h"
#include "domain/audit_chain.h"

TEST(audit_chain_hash_is_pinned)
{
    struct audit_entry a = {0}, b = {0};
    char h[AUDIT_HASH_HEX + 1];
    a.seq = 1234567;
    a.at = "2025-04-05T23:59:59Z";
    a.council_id = -7;
    a.actor = "staff:12";
    a.actor_role = "social_worker";
    a.action = "person-summary.read";
    a.subject_type = "person";
    a.subject_id = INT64_MAX;
    a.remote_addr = "::1";
    /* A detail longer than the hashing buffer, with escapes and UTF-8. */
    a.detail = "{\"reason\":\"caf\xc3\xa9 \\\"x\\\"\\n\",\"long\":\""
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "01234567890123456789012345678901234567890123456789012345678901234567890123456789"
               "0123456789012345678901234567890123456789"
               "\"}";
    audit_chain_hash(&a, "ab00000000000000000000000000000000000000000000000000000000000000", h);
    CHECK_STR(h, "3ce19dc445ca61fd816f3dc99568c60ba768d32a7ccf081557ca561dae924395");

    /* Empty and missing texts hash alike (as ""), negative numbers keep their sign. */
    b.seq = 1;
    b.at = "";
    b.actor = NULL;
    b.actor_role = "";
    b.action = "x";
    b.subject_type = "";
    b.subject_id = -1;
    b.remote_addr = "";
    b.detail = NULL;
    audit_chain_hash(&b, AUDIT_GENESIS, h);
    CHECK_STR(h, "1eaa7d127e6e7072500e920f5902541daef41424c39d737d06faa9c3060bfbc2");
}
