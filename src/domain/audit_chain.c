/* audit_chain.c — the audit log's hash chain (see audit_chain.h). */
#include "domain/audit_chain.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/sha256.h"

/* The canonical text is gathered in a buffer and hashed a buffer at a time, with integers
 * written by hand: one hash update per few hundred bytes instead of three per field plus a
 * printf. Every read of a person's record is an entry, so this is on the path of each read. The
 * bytes hashed are exactly what the format above says (tests pin known hashes). */
struct canon {
    struct sha256 st;
    size_t n;
    unsigned char buf[512];
};

static void put(struct canon *c, const void *p, size_t n)
{
    if (c->n + n > sizeof c->buf) {
        sha256_update(&c->st, c->buf, c->n);
        c->n = 0;
        if (n > sizeof c->buf) {
            sha256_update(&c->st, p, n);
            return;
        }
    }
    memcpy(c->buf + c->n, p, n);
    c->n += n;
}

/* Decimal digits of v at the end of out[24]; returns where they start. */
static char *decimal(char out[24], int64_t v)
{
    char *w = out + 24;
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--w = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (v < 0)
        *--w = '-';
    return w;
}

static void field_bytes(struct canon *c, const char *name, const char *v, size_t n)
{
    char num[24], *d = decimal(num, (int64_t)n);
    put(c, name, strlen(name));
    put(c, "=", 1);
    put(c, d, (size_t)(num + sizeof num - d));
    put(c, ":", 1);
    put(c, v, n);
    put(c, "\n", 1);
}

static void field_text(struct canon *c, const char *name, const char *v)
{
    field_bytes(c, name, v ? v : "", v ? strlen(v) : 0);
}

static void field_int(struct canon *c, const char *name, int64_t v)
{
    char num[24], *d = decimal(num, v);
    field_bytes(c, name, d, (size_t)(num + sizeof num - d));
}

void audit_chain_hash(const struct audit_entry *e, const char *prev_hash,
                      char out[AUDIT_HASH_HEX + 1])
{
    struct canon c;
    unsigned char h[SHA256_BYTES];
    sha256_init(&c.st);
    c.n = 0;
    field_text(&c, "v", "1"); /* the canonical form's version, should it ever change */
    field_int(&c, "seq", e->seq);
    field_text(&c, "at", e->at);
    field_int(&c, "council", e->council_id);
    field_text(&c, "actor", e->actor);
    field_text(&c, "role", e->actor_role);
    field_text(&c, "action", e->action);
    field_text(&c, "subject_type", e->subject_type);
    field_int(&c, "subject", e->subject_id);
    field_text(&c, "from", e->remote_addr);
    field_text(&c, "detail", e->detail);
    field_text(&c, "prev", prev_hash);
    sha256_update(&c.st, c.buf, c.n);
    sha256_final(&c.st, h);
    sha256_to_hex(h, out);
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
