/*
 * sqlite.c — the SQLite backend of store.h. Each pooled connection is its own sqlite3 handle on
 * the same file, opened without SQLite's own mutex (one thread uses a connection at a time, by the
 * pool's contract). Every connection runs with foreign keys on, synchronous=FULL (money is involved:
 * a committed change survives a power cut) and a 5-second busy timeout; the file is switched to WAL
 * (readers never block the writer) only once store_open has seen that it is ours, because setting
 * journal_mode writes to the file. Portable SQL is SQLite's own dialect, so nothing is translated.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store_impl.h"

#define BUSY_TIMEOUT_MS 5000

static enum store_failure classify(sqlite3 *db, int rc)
{
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return FAIL_UNIQUE;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return FAIL_FOREIGN_KEY;
    case SQLITE_CONSTRAINT_CHECK:
        return FAIL_CHECK;
    case SQLITE_CONSTRAINT_NOTNULL:
        return FAIL_NOT_NULL;
    default:
        break;
    }
    switch (ext & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return FAIL_BUSY;
    case SQLITE_NOTADB:
        return FAIL_NOT_A_DB;
    default:
        return FAIL_OTHER;
    }
}

static void note(struct buf *msg, sqlite3 *db)
{
    buf_adds(msg, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Runs one or more statements with no parameters; rows are discarded. */
static int run(sqlite3 *db, const char *sql, enum store_failure *why, struct buf *msg)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
        if (rc != SQLITE_OK) {
            *why = classify(db, rc);
            note(msg, db);
            return -1;
        }
        if (!st) /* only whitespace or comments were left */
            break;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            *why = classify(db, rc);
            note(msg, db);
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_finalize(st);
    }
    return 0;
}

/* Switching a rollback-journal file to WAL needs the only lock on it. SQLite does not always
 * call the busy handler for this pragma (it can fail at once while another connection, such as a
 * second migrator opening the same new file, holds a shared lock), so wait here, for up to the
 * busy timeout, rather than fail an open that would succeed a moment later. Returns SQLITE_ROW
 * with the resulting mode copied into mode, or the SQLite error code. */
static int switch_to_wal(sqlite3 *db, char *mode, size_t cap)
{
    const struct timespec pause = {0, 5 * 1000 * 1000};
    int rc = SQLITE_ERROR;
    snprintf(mode, cap, "?");
    for (int waited_ms = 0; waited_ms <= BUSY_TIMEOUT_MS; waited_ms += 5) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *m = (const char *)sqlite3_column_text(st, 0);
            snprintf(mode, cap, "%s", m ? m : "?");
        }
        sqlite3_finalize(st);
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            return rc;
        nanosleep(&pause, NULL);
    }
    return rc;
}

/* Process-wide settings, made once before SQLite initialises itself. Memory statistics off:
 * with them on, every allocation SQLite makes (several per statement) takes one global mutex
 * shared by all connections, which the web server's threads then queue on. Nothing here reads
 * sqlite3_memory_used(). sqlite3_config fails harmlessly if SQLite was initialised already. */
static pthread_once_t sq_configured = PTHREAD_ONCE_INIT;

static void sq_configure(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_connect(struct store *st, void **impl, struct err *e)
{
    sqlite3 *db = NULL;
    enum store_failure why = FAIL_OTHER;
    struct buf msg;
    int rc;

    *impl = NULL;
    pthread_once(&sq_configured, sq_configure);
    if (!sqlite3_threadsafe())
        return err_set(e, ERR_IO, "this SQLite library was built without thread support");
    /* NOMUTEX: one thread per connection at a time, guaranteed by the pool. */
    rc = sqlite3_open_v2(st->target, &db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, ERR_IO,
                "cannot open the SQLite store %s: %s. Check that the directory exists and that "
                "you may write to it",
                st->display, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return ERR_IO;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    buf_init(&msg, 4096);
    /* Connection settings only: none of these writes to the file. */
    rc = run(db,
             "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA trusted_schema = OFF;",
             &why, &msg);
    if (rc == 0 && st->checked) {
        char mode[16];
        int src = switch_to_wal(db, mode, sizeof mode);
        if (src != SQLITE_ROW) {
            why = classify(db, src);
            note(&msg, db);
            rc = -1;
        }
    }
    if (rc != 0) {
        int code = why == FAIL_NOT_A_DB ? ERR_CONFLICT : ERR_IO;
        if (why == FAIL_NOT_A_DB)
            err_set(e, code, "%s is not a selfdirect store: the file is not a SQLite database",
                    st->display);
        else
            err_set(e, code, "cannot set up the SQLite store %s: %s", st->display, msg.data);
        buf_release(&msg);
        sqlite3_close(db);
        return code;
    }
    buf_release(&msg);
    *impl = db;
    return 0;
}

static void sq_disconnect(void *impl) { sqlite3_close_v2(impl); }

static int sq_exec_raw(struct store_conn *c, const char *sql, enum store_failure *why,
                       struct buf *msg)
{
    return run(c->impl, sql, why, msg);
}

static int sq_prepare(struct store_stmt *s, struct buf *msg)
{
    sqlite3 *db = s->conn->impl;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(db, s->sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
    if (rc != SQLITE_OK) {
        note(msg, db);
        return -1;
    }
    if (!st) {
        buf_adds(msg, "the SQL text is empty");
        return -1;
    }
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
        tail++;
    if (tail && *tail) {
        sqlite3_finalize(st);
        buf_adds(msg, "a prepared statement must hold exactly one SQL statement");
        return -1;
    }
    s->impl = st;
    s->nparams = sqlite3_bind_parameter_count(st);
    return 0;
}

static int bind_all(struct store_stmt *s)
{
    sqlite3_stmt *st = s->impl;
    int rc = SQLITE_OK;
    for (int i = 0; i < s->nparams && rc == SQLITE_OK; i++) {
        const struct store_param *p = &s->params[i];
        switch (p->type) {
        case PARAM_I64:
            rc = sqlite3_bind_int64(st, i + 1, p->i);
            break;
        case PARAM_TEXT:
            rc = sqlite3_bind_text64(st, i + 1, p->p, p->n, SQLITE_STATIC, SQLITE_UTF8);
            break;
        case PARAM_BLOB:
            rc = sqlite3_bind_blob64(st, i + 1, p->p, p->n, SQLITE_STATIC);
            break;
        case PARAM_NULL:
        case PARAM_UNSET:
        default:
            rc = sqlite3_bind_null(st, i + 1);
            break;
        }
    }
    return rc;
}

static int sq_step(struct store_stmt *s, enum store_failure *why, struct buf *msg)
{
    sqlite3 *db = s->conn->impl;
    sqlite3_stmt *st = s->impl;
    int rc;
    if (!s->started) {
        sqlite3_reset(st);
        /* The bound values live in s->args until store_finish, so SQLITE_STATIC is safe. */
        rc = bind_all(s);
        if (rc != SQLITE_OK) {
            *why = classify(db, rc);
            note(msg, db);
            return -1;
        }
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE) {
        if (!sqlite3_stmt_readonly(st))
            s->changes = sqlite3_changes64(db);
        return STORE_DONE;
    }
    *why = classify(db, rc);
    note(msg, db);
    sqlite3_reset(st);
    return -1;
}

static void sq_reset(struct store_stmt *s)
{
    if (s->impl) {
        sqlite3_reset(s->impl);
        sqlite3_clear_bindings(s->impl);
    }
}

static void sq_finalize(struct store_stmt *s)
{
    sqlite3_finalize(s->impl);
    s->impl = NULL;
}

static int sq_col_count(struct store_stmt *s) { return sqlite3_column_count(s->impl); }

static bool sq_col_is_null(struct store_stmt *s, int col)
{
    return sqlite3_column_type(s->impl, col) == SQLITE_NULL;
}

static int64_t sq_col_i64(struct store_stmt *s, int col) { return sqlite3_column_int64(s->impl, col); }

static const char *sq_col_text(struct store_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s->impl, col);
}

static const void *sq_col_blob(struct store_stmt *s, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(s->impl, col);
    *n = (size_t)sqlite3_column_bytes(s->impl, col);
    return p;
}

static int sq_list_tables(struct store_conn *c, void (*fn)(void *ctx, const char *name), void *ctx,
                          enum store_failure *why, struct buf *msg)
{
    sqlite3 *db = c->impl;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') "
                                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        *why = classify(db, rc);
        note(msg, db);
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (const char *)sqlite3_column_text(st, 0));
    if (rc != SQLITE_DONE) {
        *why = classify(db, rc);
        note(msg, db);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static int sq_lock_migrations(struct store_conn *c, enum store_failure *why, struct buf *msg)
{
    (void)c, (void)why, (void)msg;
    return 0; /* BEGIN IMMEDIATE already holds the only write lock */
}

static int sq_after_check(struct store_conn *c, struct err *e)
{
    sqlite3 *db = c->impl;
    char mode[16];
    int rc = switch_to_wal(db, mode, sizeof mode);
    if (rc != SQLITE_ROW)
        return err_set(e, ERR_IO, "cannot switch the SQLite store %s to WAL mode: %s",
                       c->st->display, sqlite3_errmsg(db));
    bool ok = strcmp(mode, "wal") == 0 || strcmp(mode, "memory") == 0;
    if (!ok)
        err_set(e, ERR_IO,
                "the SQLite store %s could not use WAL mode (it reports '%s'); is it on a network "
                "file system?",
                c->st->display, mode);
    return ok ? 0 : ERR_IO;
}

static int sq_wipe(const struct store *st, struct err *e)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char path[4096];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        int n = snprintf(path, sizeof path, "%s%s", st->target, suffixes[i]);
        if (n < 0 || (size_t)n >= sizeof path)
            return err_set(e, ERR_INVALID, "the SQLite path is too long");
        if (unlink(path) != 0 && errno != ENOENT)
            return err_set(e, ERR_IO, "cannot delete %s to make a fresh store: %s", path,
                           strerror(errno));
    }
    return 0;
}

const struct store_ops store_sqlite_ops = {
    .backend = STORE_SQLITE,
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .exec_raw = sq_exec_raw,
    .prepare = sq_prepare,
    .step = sq_step,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .col_count = sq_col_count,
    .col_is_null = sq_col_is_null,
    .col_i64 = sq_col_i64,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .begin_sql = "BEGIN IMMEDIATE",
    .list_tables = sq_list_tables,
    .lock_migrations = sq_lock_migrations,
    .after_check = sq_after_check,
    .wipe = sq_wipe,
};
