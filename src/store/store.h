/*
 * store.h — the one storage interface. Everything that reads or writes the database goes through
 * these functions; nothing above src/store/ knows whether it runs on SQLite or PostgreSQL, and no
 * SQL exists outside src/store/. docs/store.md is the long version of this header.
 *
 * Objects and threads:
 *   struct store       the database handle, opened once per process from a URL and shared by all
 *                      threads. It owns a pool of connections (default 4; `pool_size=N` in the URL).
 *   struct store_conn  one connection, borrowed from the pool with store_acquire and given back with
 *                      store_release. One thread at a time. Transactions live on a connection.
 *   struct store_stmt  a prepared statement on a connection, from store_prepare, always ended with
 *                      store_finish. Statements are cached per connection by their SQL text, so
 *                      preparing the same text again is a hash lookup, not a parse.
 *
 * URLs: `sqlite:PATH` (WAL, synchronous=FULL, foreign keys on, busy timeout 5 s) and
 * `postgresql://...` / `postgres://...` (any libpq URI; libpq environment variables apply).
 * A trailing `pool_size=N` query parameter (`sqlite:x.db?pool_size=2`,
 * `postgresql://h/db?pool_size=8`) sizes the pool and is not passed to the database.
 *
 * SQL is written once, in a portable dialect (see docs/store.md): `?` placeholders (numbered $1..
 * for PostgreSQL when prepared), SQLite STRICT type names in DDL (translated for PostgreSQL:
 * INTEGER -> BIGINT, BLOB -> BYTEA, INTEGER PRIMARY KEY AUTOINCREMENT -> an identity column,
 * COLLATE BINARY -> COLLATE "C", the trailing STRICT dropped), no floats, no booleans (0/1), no
 * clock functions (the caller passes the time), `RETURNING` for generated ids.
 *
 * Transactions are explicit: store_begin / store_commit / store_rollback. Without one, each
 * statement commits on its own. Inside one, a statement that fails dooms the transaction on both
 * backends: store_commit then refuses and rolls back, so a failure in the middle never leaves
 * half a change. store_release rolls back a transaction left open. On SQLite store_begin takes the
 * write lock at once (BEGIN IMMEDIATE, waiting up to the busy timeout), so two writers queue rather
 * than fail; on PostgreSQL it is READ COMMITTED, and optimistic-version updates
 * (`... WHERE id = ? AND version = ?`) make exactly one of two racing writers win.
 *
 * Errors from statements are mapped for the records layer: a unique constraint is ERR_CONFLICT, a
 * foreign key is ERR_NOT_FOUND (the thing referred to does not exist in this council), a CHECK or
 * NOT NULL is ERR_INVALID, anything else ERR_IO. The record functions (records.h) turn these into
 * messages that name the field.
 */
#ifndef SELFDIRECT_STORE_STORE_H
#define SELFDIRECT_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct store;
struct store_conn;
struct store_stmt;

enum store_backend {
    STORE_SQLITE = 1,
    STORE_POSTGRES = 2,
};

/* ---- opening and closing ------------------------------------------------------------------- */

/* Opens the store at url without changing it. Refused with one clear message (and no change to
 * the database): a URL we do not understand (ERR_INVALID), a server or file we cannot reach
 * (ERR_IO), a database that has tables but is not a selfdirect store (ERR_CONFLICT), a store whose
 * schema is newer than this binary (ERR_UNSUPPORTED). An empty database opens (version 0); call
 * store_migrate to create the schema. */
int store_open(const char *url, struct store **out, struct err *e);
/* Empties the database at url (SQLite: deletes the file with its -wal/-shm/-journal; PostgreSQL:
 * DROP SCHEMA public CASCADE; CREATE SCHEMA public). It destroys whatever was there, ours or not:
 * for tests, and for `selfdirect demo --force` after store_open has shown the store is ours. */
int store_wipe(const char *url, struct err *e);
/* store_wipe, then store_open and store_migrate. */
int store_open_fresh(const char *url, struct store **out, struct err *e);
/* Closes every pooled connection and frees st. Every conn must have been released. NULL is ok. */
void store_close(struct store *st);

enum store_backend store_backend_of(const struct store *st);
/* The URL for messages, with any password replaced by "***". */
const char *store_display_url(const struct store *st);

/* ---- schema and migrations ----------------------------------------------------------------- */

/* The newest schema version this binary knows (the highest data/migrations/NNNN_*.sql). */
int store_schema_latest(void);
/* The version the store is at now (0 = empty). */
int store_schema_version(struct store *st, int *version, struct err *e);
/* ERR_UNSUPPORTED with "run selfdirect migrate" when the store is older than this binary; for
 * commands (serve) that need the whole schema. */
int store_require_current(struct store *st, struct err *e);

/* Called once for each migration as it is committed. */
typedef void (*store_migration_cb)(void *ctx, int version, const char *name);
/* Applies every pending migration in order. Each migration runs in one transaction together with
 * its row in schema_migrations: a failure (or a crash) leaves the store at the previous version,
 * never between. Concurrent migrators queue on a lock; a second run finds nothing to do. */
int store_migrate(struct store *st, struct err *e);
/* The same, stopping after version `target` (target <= 0: all), reporting each applied one. */
int store_migrate_to(struct store *st, int target, store_migration_cb cb, void *ctx,
                     struct err *e);

/* ---- connections and transactions ---------------------------------------------------------- */

/* Borrows a connection, opening one if the pool is not full, else waiting (up to 30 s) for one to
 * be released. ERR_IO if the server cannot be reached or the wait times out. */
int store_acquire(struct store *st, struct store_conn **out, struct err *e);
/* Gives the connection back. An open transaction is rolled back; a connection found broken is
 * closed rather than pooled. NULL is ok. */
void store_release(struct store_conn *c);
struct store *store_of(struct store_conn *c);

int store_begin(struct store_conn *c, struct err *e);
/* ERR_IO (and a rollback) if a statement in the transaction failed or the commit itself fails. */
int store_commit(struct store_conn *c, struct err *e);
/* Safe to call when no transaction is open. */
void store_rollback(struct store_conn *c);
bool store_in_transaction(const struct store_conn *c);

/* ---- statements ---------------------------------------------------------------------------- */

/* STORE_DONE is 0, as success is: after reading a row, test for "no row" before turning the
 * result into 0 (`if (rc == STORE_ROW) {...}` then `if (rc == STORE_DONE)`, not `rc = 0` first). */
enum { STORE_DONE = 0, STORE_ROW = 1 };

/* Prepares (or finds in this connection's cache) one statement in the portable dialect. */
int store_prepare(struct store_conn *c, const char *sql, struct store_stmt **out, struct err *e);
/* Binding: index i is 1-based, as the ?s appear. Values are copied. A bad index is reported by
 * the next store_step, so callers bind without checking each call. */
void store_bind_i64(struct store_stmt *s, int i, int64_t v);
void store_bind_text(struct store_stmt *s, int i, const char *v); /* NULL binds SQL NULL */
void store_bind_textn(struct store_stmt *s, int i, const char *v, size_t n);
void store_bind_blob(struct store_stmt *s, int i, const void *p, size_t n);
void store_bind_null(struct store_stmt *s, int i);
/* Binds v, or NULL when v == 0: for optional references (no team, no allocated worker). */
void store_bind_id_or_null(struct store_stmt *s, int i, int64_t v);

/* Runs the statement (first call) and moves to the next row: STORE_ROW, STORE_DONE, or a negative
 * ERR_* with e filled. */
int store_step(struct store_stmt *s, struct err *e);

int store_col_count(struct store_stmt *s);
bool store_col_is_null(struct store_stmt *s, int col); /* col is 0-based */
int64_t store_col_i64(struct store_stmt *s, int col);  /* NULL reads as 0 */
/* Valid until the next step or finish. NULL for SQL NULL. */
const char *store_col_text(struct store_stmt *s, int col);
const void *store_col_blob(struct store_stmt *s, int col, size_t *n);
/* Copies a text column into dst ("" for NULL); ERR_RANGE if it did not fit. */
int store_col_copy(struct store_stmt *s, int col, char *dst, size_t dstsz);

/* Rows inserted, updated or deleted by the statement once it has run to STORE_DONE. */
int64_t store_changes(struct store_stmt *s);
/* Resets the statement and returns it to the cache. Always call it; NULL is ok. */
void store_finish(struct store_stmt *s);

/* Runs one parameterless statement to completion, ignoring any rows. */
int store_exec(struct store_conn *c, const char *sql, struct err *e);
/* Runs a one-row, one-integer query (`SELECT count(*) ...`) with up to 4 int64 parameters;
 * ERR_NOT_FOUND if it returned no row. */
int store_query_i64(struct store_conn *c, const char *sql, int nparams, const int64_t *params,
                    int64_t *out, struct err *e);

/* ---- time ---------------------------------------------------------------------------------- */

/* Stamps are UTC ISO-8601 text "2025-06-01T09:30:00Z": they sort and compare as text on both
 * backends. The caller passes the clock (seconds since the epoch); nothing here reads it. */
#define STORE_TIME_SIZE 21
void store_time_format(int64_t unix_seconds, char out[STORE_TIME_SIZE]);

/* ---- for tests ----------------------------------------------------------------------------- */

/* Fault injection, after SQLite's: the nth statement executed from now (1 = the next), in any
 * connection of any store in this process, fails with ERR_IO "injected fault". 0 turns it off.
 * Used to prove that an interrupted migration or transaction leaves nothing behind. */
void store_fault_fail_nth(int n);
/* The same, but the process exits at once (_exit(99)) as if killed, for crash-safety tests run in
 * a child process. */
void store_fault_crash_nth(int n);
/* Whether a table exists in the store's schema. */
int store_table_exists(struct store_conn *c, const char *name, bool *exists, struct err *e);

#endif
