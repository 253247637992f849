/* The audit hash chain: links, and verification naming the first broken entry. */
#include <stdio.h>

#include "check.h"
#include "domain/audit_chain.h"

static void make(struct audit_entry *a, int n)
{
    const char *prev = AUDIT_GENESIS;
    for (int i = 0; i < n; i++) {
        a[i] = (struct audit_entry){.seq = i + 1, .at = "2025-06-01T09:00:00Z", .council_id = 1,
                                    .actor = "staff:3", .actor_role = "social-worker",
                                    .action = "person-summary.read", .subject_type = "person",
                                    .subject_id = 10 + i, .remote_addr = "127.0.0.1",
                                    .detail = ""};
        audit_chain_link(&a[i], prev);
        prev = a[i].hash;
    }
}

static int verify(struct audit_entry *a, int n, struct err *e)
{
    struct audit_verify v;
    audit_verify_init(&v);
    for (int i = 0; i < n; i++)
        if (audit_verify_next(&v, &a[i], e) != 0)
            return (int)a[i].seq;
    return 0;
}

TEST(audit_chain_verifies)
{
    struct audit_entry a[5];
    struct err e = {0};
    make(a, 5);
    CHECK_INT(verify(a, 5, &e), 0);
    CHECK_STR(a[0].prev_hash, AUDIT_GENESIS);
    CHECK_STR(a[1].prev_hash, a[0].hash);
    CHECK_INT(strlen(a[4].hash), 64);
}

TEST(audit_chain_names_the_altered_entry)
{
    struct audit_entry a[5];
    struct err e = {0};
    make(a, 5);
    a[2].subject_id = 99; /* someone edits entry 3 */
    CHECK_INT(verify(a, 5, &e), 3);
    CHECK_CONTAINS(e.msg, "Entry 3");
    CHECK_CONTAINS(e.msg, "altered");
}

TEST(audit_chain_names_a_gap_and_a_relink)
{
    struct audit_entry a[5];
    struct err e = {0};
    make(a, 5);
    a[2] = a[3]; /* entry 3 deleted */
    CHECK_INT(verify(a, 4, &e), 4);
    CHECK_CONTAINS(e.msg, "expected entry 3");
    make(a, 5);
    err_clear(&e);
    /* Entry 3 rewritten and re-hashed by someone without the rest of the chain. */
    a[2].detail = "{\"changed\":true}";
    audit_chain_link(&a[2], a[1].hash);
    CHECK_INT(verify(a, 5, &e), 4);
    CHECK_CONTAINS(e.msg, "does not link");
}

TEST(audit_chain_fields_are_unambiguous)
{
    struct audit_entry a = {.seq = 1, .at = "x", .actor = "ab", .actor_role = "c",
                            .action = "", .subject_type = "", .remote_addr = "", .detail = ""};
    struct audit_entry b = a;
    char h1[65], h2[65];
    b.actor = "a";
    b.actor_role = "bc";
    audit_chain_hash(&a, AUDIT_GENESIS, h1);
    audit_chain_hash(&b, AUDIT_GENESIS, h2);
    CHECK(strcmp(h1, h2) != 0);
}
