/* audit_chain.c — the audit log's hash chain (see audit_chain.h). */
#include "domain/audit_chain.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void field_text(crypto_hash_sha256_state *st, const char *name, const char *v)
{
    char head[96];
    size_t n = v ? strlen(v) : 0;
    int len = snprintf(head, sizeof head, "%s=%zu:", name, n);
    crypto_hash_sha256_update(st, (const unsigned char *)head, (unsigned long long)len);
    if (n)
        crypto_hash_sha256_update(st, (const unsigned char *)v, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

static void field_int(crypto_hash_sha256_state *st, const char *name, int64_t v)
{
    char num[32];
    snprintf(num, sizeof num, "%" PRId64, v);
    field_text(st, name, num);
}

void audit_chain_hash(const struct audit_entry *e, const char *prev_hash,
                      char out[AUDIT_HASH_HEX + 1])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    field_text(&st, "v", "1"); /* the canonical form's version, should it ever change */
    field_int(&st, "seq", e->seq);
    field_text(&st, "at", e->at);
    field_int(&st, "council", e->council_id);
    field_text(&st, "actor", e->actor);
    field_text(&st, "role", e->actor_role);
    field_text(&st, "action", e->action);
    field_text(&st, "subject_type", e->subject_type);
    field_int(&st, "subject", e->subject_id);
    field_text(&st, "from", e->remote_addr);
    field_text(&st, "detail", e->detail);
    field_text(&st, "prev", prev_hash);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}

void audit_chain_link(struct audit_entry *e, const char *prev_hash)
{
    snprintf(e->prev_hash, sizeof e->prev_hash, "%s", prev_hash);
    audit_chain_hash(e, prev_hash, e->hash);
}

void audit_verify_init(struct audit_verify *v)
{
    v->next_seq = 1;
    snprintf(v->prev, sizeof v->prev, "%s", AUDIT_GENESIS);
    v->checked = 0;
}

int audit_verify_next(struct audit_verify *v, const struct audit_entry *e, struct err *err)
{
    char want[AUDIT_HASH_HEX + 1];
    if (e->seq != v->next_seq)
        return err_set(err, ERR_CONFLICT,
                       "Entry %" PRId64 " is out of place: expected entry %" PRId64
                       " (an entry is missing or was inserted).",
                       e->seq, v->next_seq);
    if (strcmp(e->prev_hash, v->prev) != 0)
        return err_set(err, ERR_CONFLICT,
                       "Entry %" PRId64 " does not link to the entry before it: its previous "
                       "hash is %.16s..., the previous entry's hash is %.16s...",
                       e->seq, e->prev_hash, v->prev);
    audit_chain_hash(e, v->prev, want);
    if (strcmp(want, e->hash) != 0)
        return err_set(err, ERR_CONFLICT,
                       "Entry %" PRId64 " (%s, %s) has been altered: its contents no longer "
                       "match its hash.",
                       e->seq, e->at ? e->at : "", e->action ? e->action : "");
    snprintf(v->prev, sizeof v->prev, "%s", e->hash);
    v->next_seq++;
    v->checked++;
    return 0;
}
