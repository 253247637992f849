/*
 * audit_chain.h — the audit trail's hash chain, as pure functions.
 *
 * Every audit entry carries the SHA-256 of its own contents together with the previous entry's
 * hash, so changing, removing or reordering any entry breaks every link after it, and
 * `selfdirect verify-audit` can name the first broken entry. (The store also refuses UPDATE and
 * DELETE on the table by triggers; the chain catches what triggers cannot: someone with raw
 * access to the database file or server.)
 *
 * The hashed form is canonical and unambiguous: each field in a fixed order as
 * "name=<byte length>:<bytes>\n", integers in decimal, so no two different entries hash the same
 * text. The first entry's previous hash is AUDIT_GENESIS (64 zeros).
 */
#ifndef SELFDIRECT_DOMAIN_AUDIT_CHAIN_H
#define SELFDIRECT_DOMAIN_AUDIT_CHAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

#define AUDIT_HASH_HEX 64
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
    int64_t seq;              /* 1, 2, 3 ... with no gaps */
    const char *at;           /* UTC ISO-8601 stamp */
    int64_t council_id;       /* 0 for events outside any council */
    const char *actor;        /* "staff:12", "account:5", "system" */
    const char *actor_role;   /* role name, "system" */
    const char *action;       /* "person-summary.read", "session.sign-in", "break-glass.grant" ... */
    const char *subject_type; /* "person", "account", "" */
    int64_t subject_id;
    const char *remote_addr;  /* where the request came from ("" for the command line) */
    const char *detail;       /* JSON text: before/after of a change, a break-glass reason */
    char prev_hash[AUDIT_HASH_HEX + 1];
    char hash[AUDIT_HASH_HEX + 1];
};

/* The hash of e linked to prev_hash (e's own prev_hash and hash fields are not read). */
void audit_chain_hash(const struct audit_entry *e, const char *prev_hash,
                      char out[AUDIT_HASH_HEX + 1]);

/* Fills e->prev_hash and e->hash, given the previous entry's hash (AUDIT_GENESIS for the first). */
void audit_chain_link(struct audit_entry *e, const char *prev_hash);

/* Verifying a chain one entry at a time, in seq order. */
struct audit_verify {
    int64_t next_seq;                  /* the seq the next entry must have */
    char prev[AUDIT_HASH_HEX + 1];     /* the hash the next entry must link to */
    int64_t checked;
};
void audit_verify_init(struct audit_verify *v);
/* 0 when e follows correctly; ERR_CONFLICT with a message naming e->seq and what is wrong
 * (a gap, a broken link, contents that do not match their hash). */
int audit_verify_next(struct audit_verify *v, const struct audit_entry *e, struct err *err);

#endif
