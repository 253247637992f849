/*
 * postgres.c — the PostgreSQL backend of store.h, on libpq. Portable SQL is translated once per
 * statement (dialect.c) and, for statements the connection caches, prepared once with PQprepare
 * under a name of our own ("sd1", "sd2", ...) and then run with PQexecPrepared; a statement that is
 * not cached runs with PQexecParams, which leaves nothing behind on the server. Parameters go as
 * text (blobs in binary); results come back as text and are parsed on read, which keeps the two
 * backends' column accessors identical. A query's rows are fetched whole: pages are small.
 */
#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store_impl.h"

/* Identifies the migration lock among the server's advisory locks. */
#define MIGRATION_LOCK_KEY "727100001"

struct pg_stmt {
    char *text;        /* translated SQL */
    char name[32];     /* server-side name once prepared, "" before */
    bool prepared;
    PGresult *res;
    int row;
    int nrows;
    unsigned char *blob; /* last PQunescapeBytea result */
};

static void silent_notice(void *arg, const char *message)
{
    (void)arg, (void)message; /* NOTICEs (e.g. from DROP ... CASCADE) are not for the user */
}

/* The first line of a libpq message, without the "FATAL:  " style prefix noise. */
static void first_line(struct buf *out, const char *m)
{
    if (!m || !*m) {
        buf_adds(out, "no detail");
        return;
    }
    size_t n = strcspn(m, "\n");
    buf_add(out, m, n);
}

static enum store_failure classify(PGconn *conn, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!res || PQstatus(conn) == CONNECTION_BAD)
        return FAIL_CONNECTION;
    if (!state)
        return FAIL_OTHER;
    if (strcmp(state, "23505") == 0)
        return FAIL_UNIQUE;
    if (strcmp(state, "23503") == 0)
        return FAIL_FOREIGN_KEY;
    if (strcmp(state, "23514") == 0)
        return FAIL_CHECK;
    if (strcmp(state, "23502") == 0)
        return FAIL_NOT_NULL;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return FAIL_RETRY;
    if (strcmp(state, "55P03") == 0)
        return FAIL_BUSY;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
        return FAIL_CONNECTION;
    if (strncmp(state, "22", 2) == 0) /* data exception: bad text encoding, value too long */
        return FAIL_CHECK;
    return FAIL_OTHER;
}

static void describe(struct buf *msg, PGconn *conn, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (primary) {
        buf_adds(msg, primary);
        const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
        if (detail) {
            buf_adds(msg, ": ");
            first_line(msg, detail);
        }
    } else {
        first_line(msg, PQerrorMessage(conn));
    }
}

/* Connects to st->target. Our settings come before the URI (so the URI may override them), the
 * encoding after (we always talk UTF-8). */
static int pg_connect(struct store *st, void **impl, struct err *e)
{
    const char *keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", NULL};
    const char *vals[] = {"10", "selfdirect", st->target, "UTF8", NULL};
    *impl = NULL;
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn)
        return err_set(e, ERR_NOMEM, "out of memory connecting to PostgreSQL");
    if (PQstatus(conn) != CONNECTION_OK) {
        struct buf m;
        buf_init(&m, 1024);
        const char *raw = PQerrorMessage(conn);
        /* libpq prefixes "connection to server ... failed: "; keep its first line whole. */
        first_line(&m, raw);
        err_set(e, ERR_IO,
                "cannot reach the PostgreSQL store at %s: %s. Check that the server is running "
                "and that the URL (host, port, database, user) is right",
                st->display, m.data);
        buf_release(&m);
        PQfinish(conn);
        return ERR_IO;
    }
    if (PQserverVersion(conn) < 100000) {
        err_set(e, ERR_UNSUPPORTED,
                "the PostgreSQL server at %s is version %d; selfdirect needs 10 or newer",
                st->display, PQserverVersion(conn) / 10000);
        PQfinish(conn);
        return ERR_UNSUPPORTED;
    }
    PQsetNoticeProcessor(conn, silent_notice, NULL);
    *impl = conn;
    return 0;
}

static void pg_disconnect(void *impl) { PQfinish(impl); }

static int pg_exec_raw(struct store_conn *c, const char *sql, enum store_failure *why,
                       struct buf *msg)
{
    PGconn *conn = c->impl;
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        PQclear(res);
        return 0;
    }
    *why = classify(conn, res);
    describe(msg, conn, res);
    PQclear(res);
    return -1;
}

/* Translation only; the server sees the statement at its first run (see pg_step), so an uncached
 * statement never leaves a named statement behind. */
static int pg_prepare(struct store_stmt *s, struct buf *msg)
{
    struct pg_stmt *ps = calloc(1, sizeof *ps);
    struct buf out;
    struct err e = {0};
    int n = 0;
    if (!ps) {
        buf_adds(msg, "out of memory");
        return -1;
    }
    buf_init(&out, 1 << 20);
    if (sql_translate_pg(s->sql, &out, &n, &e) != 0) {
        buf_adds(msg, e.msg);
        buf_release(&out);
        free(ps);
        return -1;
    }
    ps->text = buf_detach(&out);
    buf_release(&out);
    if (!ps->text) {
        free(ps);
        buf_adds(msg, "out of memory");
        return -1;
    }
    ps->row = -1;
    s->impl = ps;
    s->nparams = n;
    return 0;
}

static int pg_step(struct store_stmt *s, enum store_failure *why, struct buf *msg)
{
    struct pg_stmt *ps = s->impl;
    PGconn *conn = s->conn->impl;

    if (!s->started) {
        const char **values = NULL;
        int *lengths = NULL, *formats = NULL;
        PGresult *res;
        if (s->nparams > 0) {
            values = arena_array(&s->args, (size_t)s->nparams, sizeof *values);
            lengths = arena_array(&s->args, (size_t)s->nparams, sizeof *lengths);
            formats = arena_array(&s->args, (size_t)s->nparams, sizeof *formats);
            if (!values || !lengths || !formats) {
                buf_adds(msg, "out of memory");
                return -1;
            }
        }
        for (int i = 0; i < s->nparams; i++) {
            const struct store_param *p = &s->params[i];
            if (p->type == PARAM_I64) {
                char *t = arena_printf(&s->args, "%" PRId64, p->i);
                if (!t) {
                    buf_adds(msg, "out of memory");
                    return -1;
                }
                values[i] = t;
            } else if (p->type == PARAM_TEXT) {
                values[i] = p->p;
            } else if (p->type == PARAM_BLOB) {
                values[i] = p->p;
                lengths[i] = (int)p->n;
                formats[i] = 1; /* binary: bytea as raw bytes */
            } else {
                values[i] = NULL;
            }
        }
        if (s->cached && !ps->prepared) {
            snprintf(ps->name, sizeof ps->name, "sd%lu", ++s->conn->next_stmt_id);
            res = PQprepare(conn, ps->name, ps->text, s->nparams, NULL);
            if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
                *why = classify(conn, res);
                describe(msg, conn, res);
                PQclear(res);
                return -1;
            }
            PQclear(res);
            ps->prepared = true;
        }
        if (ps->prepared)
            res = PQexecPrepared(conn, ps->name, s->nparams, values, lengths, formats, 0);
        else
            res = PQexecParams(conn, ps->text, s->nparams, NULL, values, lengths, formats, 0);
        ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            *why = classify(conn, res);
            describe(msg, conn, res);
            PQclear(res);
            return -1;
        }
        ps->res = res;
        ps->nrows = st == PGRES_TUPLES_OK ? PQntuples(res) : 0;
        ps->row = -1;
        const char *cmd = PQcmdStatus(res);
        if (cmd && (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
                    strncmp(cmd, "DELETE", 6) == 0)) {
            s->changes = strtoll(PQcmdTuples(res), NULL, 10);
        }
    }
    ps->row++;
    return ps->row < ps->nrows ? STORE_ROW : STORE_DONE;
}

static void pg_reset(struct store_stmt *s)
{
    struct pg_stmt *ps = s->impl;
    if (!ps)
        return;
    PQclear(ps->res);
    ps->res = NULL;
    ps->row = -1;
    ps->nrows = 0;
    PQfreemem(ps->blob);
    ps->blob = NULL;
}

/* A named statement dies with its connection; cached statements are only finalized then. */
static void pg_finalize(struct store_stmt *s)
{
    struct pg_stmt *ps = s->impl;
    if (!ps)
        return;
    pg_reset(s);
    free(ps->text);
    free(ps);
    s->impl = NULL;
}

static bool have_row(struct store_stmt *s, int col)
{
    struct pg_stmt *ps = s->impl;
    return ps && ps->res && ps->row >= 0 && ps->row < ps->nrows && col >= 0 &&
           col < PQnfields(ps->res);
}

static int pg_col_count(struct store_stmt *s)
{
    struct pg_stmt *ps = s->impl;
    return ps && ps->res ? PQnfields(ps->res) : 0;
}

static bool pg_col_is_null(struct store_stmt *s, int col)
{
    struct pg_stmt *ps = s->impl;
    return !have_row(s, col) || PQgetisnull(ps->res, ps->row, col);
}

static const char *pg_col_text(struct store_stmt *s, int col)
{
    struct pg_stmt *ps = s->impl;
    if (pg_col_is_null(s, col))
        return NULL;
    return PQgetvalue(ps->res, ps->row, col);
}

static int64_t pg_col_i64(struct store_stmt *s, int col)
{
    const char *t = pg_col_text(s, col);
    if (!t)
        return 0;
    if (t[0] == 't' && t[1] == '\0') /* a boolean expression */
        return 1;
    if (t[0] == 'f' && t[1] == '\0')
        return 0;
    return strtoll(t, NULL, 10);
}

static const void *pg_col_blob(struct store_stmt *s, int col, size_t *n)
{
    struct pg_stmt *ps = s->impl;
    const char *t = pg_col_text(s, col);
    *n = 0;
    if (!t)
        return NULL;
    PQfreemem(ps->blob);
    ps->blob = PQunescapeBytea((const unsigned char *)t, n);
    return ps->blob;
}

static int pg_list_tables(struct store_conn *c, void (*fn)(void *ctx, const char *name), void *ctx,
                          enum store_failure *why, struct buf *msg)
{
    PGconn *conn = c->impl;
    /* pg_catalog rather than information_schema: the same answer, many times faster, and this
     * runs at every open and every migration step. Tables, views, materialized views,
     * partitioned and foreign tables all count as "something is here". */
    PGresult *res = PQexec(conn, "SELECT c.relname FROM pg_catalog.pg_class c "
                                 "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE n.nspname = current_schema() "
                                 "AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY c.relname");
    if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
        *why = classify(conn, res);
        describe(msg, conn, res);
        PQclear(res);
        return -1;
    }
    for (int i = 0; i < PQntuples(res); i++)
        fn(ctx, PQgetvalue(res, i, 0));
    PQclear(res);
    return 0;
}

static int pg_lock_migrations(struct store_conn *c, enum store_failure *why, struct buf *msg)
{
    return pg_exec_raw(c, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")", why, msg);
}

static int pg_wipe(const struct store *st, struct err *e)
{
    void *impl = NULL;
    int rc = pg_connect((struct store *)st, &impl, e);
    if (rc != 0)
        return rc;
    PGconn *conn = impl;
    PGresult *res = PQexec(conn, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
        struct buf m;
        buf_init(&m, 1024);
        describe(&m, conn, res);
        rc = err_set(e, ERR_IO, "cannot empty the PostgreSQL store at %s: %s", st->display,
                     m.data);
        buf_release(&m);
    }
    PQclear(res);
    PQfinish(conn);
    return rc;
}

const struct store_ops store_postgres_ops = {
    .backend = STORE_POSTGRES,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec_raw = pg_exec_raw,
    .prepare = pg_prepare,
    .step = pg_step,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .col_count = pg_col_count,
    .col_is_null = pg_col_is_null,
    .col_i64 = pg_col_i64,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .begin_sql = "BEGIN ISOLATION LEVEL READ COMMITTED",
    .list_tables = pg_list_tables,
    .lock_migrations = pg_lock_migrations,
    .after_check = NULL,
    .wipe = pg_wipe,
};
