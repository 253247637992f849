/*
 * audit.h — the append-only, hash-chained audit log in the store (table audit_log, migration
 * 0013). The chain arithmetic is pure (src/domain/audit_chain.h); this file appends and reads.
 *
 * Appending takes the chain head (audit_head: the last seq and hash) under the transaction's
 * write lock (SQLite: BEGIN IMMEDIATE already holds it; PostgreSQL: SELECT ... FOR UPDATE), so
 * concurrent writers form one chain with no gaps. A change's audit entry is appended inside the
 * change's own transaction (audit_append: it refuses to run outside one), so the change and its
 * record commit or vanish together. Triggers on both backends refuse UPDATE and DELETE on
 * audit_log.
 */
#ifndef SELFDIRECT_STORE_AUDIT_H
#define SELFDIRECT_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/audit_chain.h"

struct err;
struct store_conn;
struct arena;

struct audit_new {
    int64_t at;               /* seconds since the epoch */
    int64_t council_id;
    const char *actor;        /* "staff:12", "account:5", "system" */
    const char *actor_role;
    const char *action;
    const char *subject_type;
    int64_t subject_id;
    const char *remote_addr;
    const char *detail;       /* JSON text, "" or NULL for none */
};

/* Appends one entry inside the caller's open transaction (ERR_INVALID if none is open). */
int audit_append(struct store_conn *c, const struct audit_new *n, struct err *e);
/* Appends several entries in one transaction of their own (the read-entry group commit). */
int audit_append_batch(struct store_conn *c, const struct audit_new *items, size_t n,
                       struct err *e);

/* Calls cb for every entry in seq order; a non-zero return from cb stops the scan and is
 * returned. */
typedef int (*audit_scan_cb)(void *ctx, const struct audit_entry *e);
int audit_scan(struct store_conn *c, audit_scan_cb cb, void *ctx, struct err *e);

/* One subject's history, newest first, for the record page. Strings live in a. */
int audit_history(struct store_conn *c, int64_t council_id, const char *subject_type,
                  int64_t subject_id, int limit, int offset, struct arena *a,
                  struct audit_entry **out, size_t *n, int64_t *total, struct err *e);

#endif
