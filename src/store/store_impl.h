/*
 * store_impl.h — private to src/store/: the structures behind store.h and the table of backend
 * operations that sqlite.c and postgres.c fill in. store.c holds what is common (the pool, the
 * statement cache, bound parameters, transaction state, error mapping); a backend only talks to its
 * library. Nothing outside src/store/ includes this.
 */
#ifndef SELFDIRECT_STORE_IMPL_H
#define SELFDIRECT_STORE_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "store/store.h"

struct err;
struct buf;

enum store_param_type { PARAM_UNSET = 0, PARAM_NULL, PARAM_I64, PARAM_TEXT, PARAM_BLOB };

struct store_param {
    enum store_param_type type;
    int64_t i;
    const char *p; /* copied into the statement's arena */
    size_t n;
};

/* A classification of a failed statement, filled by the backend, turned into an ERR_* by
 * store_fail (store.c). */
enum store_failure {
    FAIL_OTHER = 0,
    FAIL_UNIQUE,
    FAIL_FOREIGN_KEY,
    FAIL_CHECK,
    FAIL_NOT_NULL,
    FAIL_BUSY,       /* lock wait timed out (SQLite busy) */
    FAIL_RETRY,      /* serialization failure or deadlock (PostgreSQL) */
    FAIL_CONNECTION, /* the connection is gone */
    FAIL_NOT_A_DB,   /* SQLite: the file is not a database */
};

struct store_stmt {
    struct store_conn *conn;
    char *sql;           /* the portable text, the cache key (owned) */
    uint64_t hash;
    int nparams;
    struct store_param *params; /* [nparams] */
    struct arena args;   /* copies of bound text and blobs; released by store_finish */
    int bind_error;      /* index of a bad bind, reported at step */
    bool busy;           /* between store_prepare and store_finish */
    bool cached;         /* in conn's cache (else freed by store_finish) */
    bool started;        /* executed (first step done) */
    bool done;
    int64_t changes;
    void *impl;          /* backend statement */
    struct store_stmt *next_in_bucket;
};

#define STORE_CACHE_BUCKETS 128
#define STORE_CACHE_MAX 512

struct store_conn {
    struct store *st;
    void *impl;          /* sqlite3 * or PGconn * */
    bool in_tx;
    bool tx_failed;      /* a statement failed inside the open transaction */
    bool broken;         /* the connection is lost: close instead of pooling */
    struct store_stmt *cache[STORE_CACHE_BUCKETS];
    int ncached;
    int nbusy;           /* statements prepared and not yet finished */
    unsigned long next_stmt_id; /* PostgreSQL prepared statement names */
    struct store_conn *next_free;
};

struct store_ops {
    enum store_backend backend;
    /* Opens one connection to st->target. */
    int (*connect)(struct store *st, void **impl, struct err *e);
    void (*disconnect)(void *impl);
    /* Runs raw backend SQL (already translated) with no parameters, discarding rows. */
    int (*exec_raw)(struct store_conn *c, const char *sql, enum store_failure *why,
                    struct buf *msg);
    /* Prepares s->sql; sets s->nparams. */
    int (*prepare)(struct store_stmt *s, struct buf *msg);
    /* First call executes with s->params; returns STORE_ROW / STORE_DONE / -1 (why, msg filled).
     * Sets s->changes when done. */
    int (*step)(struct store_stmt *s, enum store_failure *why, struct buf *msg);
    void (*reset)(struct store_stmt *s);
    void (*finalize)(struct store_stmt *s);
    int (*col_count)(struct store_stmt *s);
    bool (*col_is_null)(struct store_stmt *s, int col);
    int64_t (*col_i64)(struct store_stmt *s, int col);
    const char *(*col_text)(struct store_stmt *s, int col);
    const void *(*col_blob)(struct store_stmt *s, int col, size_t *n);
    /* SQL text of BEGIN for a write transaction. */
    const char *begin_sql;
    /* Lists user tables: calls fn for each; returns 0 or -1 with msg. */
    int (*list_tables)(struct store_conn *c, void (*fn)(void *ctx, const char *name), void *ctx,
                       enum store_failure *why, struct buf *msg);
    /* Takes the migration lock inside the current transaction (PostgreSQL advisory lock; SQLite's
     * BEGIN IMMEDIATE already is one). */
    int (*lock_migrations)(struct store_conn *c, enum store_failure *why, struct buf *msg);
    /* Called once the store is known to be ours (SQLite: journal_mode=WAL, which writes). */
    int (*after_check)(struct store_conn *c, struct err *e);
    /* Empties the database st names (see store_open_fresh); st has no connections yet. */
    int (*wipe)(const struct store *st, struct err *e);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_postgres_ops;

struct store {
    const struct store_ops *ops;
    char *target;        /* SQLite path, or the libpq URI without our parameters */
    char *display;       /* for messages, password hidden */
    int pool_size;
    int nopen;           /* connections open (free + lent) */
    bool checked;        /* the store was found to be ours (SQLite may switch to WAL) */
    struct store_conn *free_list;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

/* Runs raw backend SQL (no translation), with fault injection. */
int store_exec_raw(struct store_conn *c, const char *sql, struct err *e);
/* migrate.c: what is in the database on c: 0 and *version = 0 for an empty one; ERR_CONFLICT for
 * one that is not ours; ERR_UNSUPPORTED for one newer than this binary. */
int migrate_inspect(struct store_conn *c, int *version, struct err *e);

/* Turns a backend failure into an ERR_* code with a message, marks the transaction failed. */
int store_fail(struct store_conn *c, enum store_failure why, const char *backend_msg,
               struct err *e);
/* Consumes one tick of the fault-injection counter: true when this statement must fail. */
bool store_fault_fire(void);

/* Dialect (dialect.c): translates portable SQL for PostgreSQL (placeholders and DDL types) into
 * out; sets *nparams to the number of ? found. Pure. */
int sql_translate_pg(const char *sql, struct buf *out, int *nparams, struct err *e);
/* Counts ? placeholders outside quotes and comments. */
int sql_count_params(const char *sql);

/* Migration scripts (migrate.c) split into statements for one backend. Pure, for tests too. */
struct sql_script {
    char **stmts;
    bool *portable; /* written in the portable dialect (translate for PostgreSQL) */
    size_t n;
};
int sql_script_split(const char *text, enum store_backend backend, struct sql_script *out,
                     struct err *e);
void sql_script_release(struct sql_script *s);

#endif
