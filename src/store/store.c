/*
 * store.c — what both backends share: URL dispatch, the connection pool, the per-connection
 * statement cache, bound parameters, transaction state, the mapping of database failures to ERR_*
 * codes, and fault injection. See store.h for the contract and store_impl.h for the backend table.
 */
#include "store/store.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "store/store_impl.h"

#define DEFAULT_POOL_SIZE 4
#define MAX_POOL_SIZE 64
#define ACQUIRE_WAIT_SECONDS 30
#define MSG_CAP 4096

/* ---- fault injection ------------------------------------------------------------------------ */

static atomic_int fault_countdown;
static atomic_bool fault_crash;

void store_fault_fail_nth(int n)
{
    atomic_store(&fault_crash, false);
    atomic_store(&fault_countdown, n > 0 ? n : 0);
}

void store_fault_crash_nth(int n)
{
    atomic_store(&fault_crash, true);
    atomic_store(&fault_countdown, n > 0 ? n : 0);
}

bool store_fault_fire(void)
{
    int cur = atomic_load(&fault_countdown);
    while (cur > 0) {
        if (atomic_compare_exchange_weak(&fault_countdown, &cur, cur - 1)) {
            if (cur == 1 && atomic_load(&fault_crash))
                _exit(99); /* as if the power went: no cleanup, no rollback from us */
            return cur == 1;
        }
    }
    return false;
}

/* ---- URLs ----------------------------------------------------------------------------------- */

/* Removes our own `pool_size=N` from the query part of url (in place), storing N. */
static int take_pool_size(char *url, int *pool_size, struct err *e)
{
    char *q = strchr(url, '?');
    if (!q)
        return 0;
    char *p = q + 1;
    while (*p) {
        char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 10 && strncmp(p, "pool_size=", 10) == 0) {
            int64_t v;
            if (str_to_i64(p + 10, len - 10, 1, MAX_POOL_SIZE, &v) != 0)
                return err_set(e, ERR_INVALID,
                               "pool_size in the store URL must be a whole number from 1 to %d",
                               MAX_POOL_SIZE);
            *pool_size = (int)v;
            /* cut this parameter out, with one of its separators */
            if (amp) {
                memmove(p, amp + 1, strlen(amp + 1) + 1);
                continue;
            }
            if (p > q + 1)
                p[-1] = '\0';   /* it was last: drop it with the preceding '&' */
            else
                *q = '\0';      /* it was the only parameter: drop the '?' */
            break;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    if (*q == '?' && q[1] == '\0')
        *q = '\0';
    return 0;
}

/* "postgresql://user:secret@host/db?password=x" -> "postgresql://user:***@host/db?password=***" */
static char *redact_url(const char *url)
{
    struct buf b;
    buf_init(&b, 8192);
    const char *scheme_end = strstr(url, "://");
    const char *p = url;
    if (scheme_end) {
        const char *auth = scheme_end + 3;
        const char *slash = auth + strcspn(auth, "/?");
        const char *at = NULL;
        for (const char *x = auth; x < slash; x++)
            if (*x == '@')
                at = x;
        if (at) {
            const char *colon = memchr(auth, ':', (size_t)(at - auth));
            if (colon) {
                buf_add(&b, url, (size_t)(colon + 1 - url));
                buf_adds(&b, "***");
                p = at;
            }
        }
    }
    while (*p) {
        if (strncmp(p, "password=", 9) == 0 && p > url && (p[-1] == '?' || p[-1] == '&')) {
            buf_adds(&b, "password=***");
            p += 9;
            while (*p && *p != '&')
                p++;
            continue;
        }
        buf_addc(&b, *p++);
    }
    char *s = buf_detach(&b);
    buf_release(&b);
    return s;
}

static int parse_url(const char *url, struct store *st, struct err *e)
{
    int rc;
    st->pool_size = DEFAULT_POOL_SIZE;
    if (!url || !*url)
        return err_set(e, ERR_INVALID,
                       "no store given: use --db sqlite:PATH or --db postgresql://USER@HOST/NAME");
    if (str_has_prefix(url, "sqlite:")) {
        const char *path = url + 7;
        if (str_has_prefix(path, "//"))
            path += 2;
        st->target = strdup(path);
        if (!st->target)
            return err_set(e, ERR_NOMEM, "out of memory");
        if ((rc = take_pool_size(st->target, &st->pool_size, e)) != 0)
            return rc;
        if (!*st->target)
            return err_set(e, ERR_INVALID,
                           "the store URL '%s' has no file name: use sqlite:PATH, e.g. "
                           "sqlite:selfdirect.db",
                           url);
        st->ops = &store_sqlite_ops;
        st->display = malloc(strlen(st->target) + 8);
        if (!st->display)
            return err_set(e, ERR_NOMEM, "out of memory");
        snprintf(st->display, strlen(st->target) + 8, "sqlite:%s", st->target);
        return 0;
    }
    if (str_has_prefix(url, "postgresql://") || str_has_prefix(url, "postgres://")) {
        st->target = strdup(url);
        if (!st->target)
            return err_set(e, ERR_NOMEM, "out of memory");
        if ((rc = take_pool_size(st->target, &st->pool_size, e)) != 0)
            return rc;
        st->ops = &store_postgres_ops;
        st->display = redact_url(st->target);
        if (!st->display)
            return err_set(e, ERR_NOMEM, "out of memory");
        return 0;
    }
    char *shown = redact_url(url);
    err_set(e, ERR_INVALID,
            "the store URL '%s' is not understood: use sqlite:PATH or "
            "postgresql://USER@HOST:PORT/NAME",
            shown ? shown : "");
    free(shown);
    return ERR_INVALID;
}

static struct store *store_new(void)
{
    struct store *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    pthread_mutex_init(&st->mu, NULL);
    pthread_cond_init(&st->cv, NULL);
    return st;
}

enum store_backend store_backend_of(const struct store *st) { return st->ops->backend; }
const char *store_display_url(const struct store *st) { return st->display; }
struct store *store_of(struct store_conn *c) { return c->st; }

/* ---- connections ---------------------------------------------------------------------------- */

static void cache_clear(struct store_conn *c)
{
    for (int b = 0; b < STORE_CACHE_BUCKETS; b++) {
        struct store_stmt *s = c->cache[b];
        while (s) {
            struct store_stmt *next = s->next_in_bucket;
            c->st->ops->finalize(s);
            arena_release(&s->args);
            free(s->params);
            free(s->sql);
            free(s);
            s = next;
        }
        c->cache[b] = NULL;
    }
    c->ncached = 0;
}

static void conn_destroy(struct store_conn *c)
{
    cache_clear(c);
    if (c->impl)
        c->st->ops->disconnect(c->impl);
    free(c);
}

int store_acquire(struct store *st, struct store_conn **out, struct err *e)
{
    struct timespec deadline;
    *out = NULL;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += ACQUIRE_WAIT_SECONDS;

    pthread_mutex_lock(&st->mu);
    for (;;) {
        if (st->free_list) {
            struct store_conn *c = st->free_list;
            st->free_list = c->next_free;
            c->next_free = NULL;
            pthread_mutex_unlock(&st->mu);
            *out = c;
            return 0;
        }
        if (st->nopen < st->pool_size) {
            st->nopen++;
            break;
        }
        int w = pthread_cond_timedwait(&st->cv, &st->mu, &deadline);
        if (w == ETIMEDOUT && !st->free_list) {
            pthread_mutex_unlock(&st->mu);
            return err_set(e, ERR_IO,
                           "all %d connections to the store are busy and none was free within "
                           "%d seconds; try again, or raise pool_size in the store URL",
                           st->pool_size, ACQUIRE_WAIT_SECONDS);
        }
    }
    pthread_mutex_unlock(&st->mu);

    /* Connect outside the lock: it can take a while, and other threads may release meanwhile. */
    struct store_conn *c = calloc(1, sizeof *c);
    int rc;
    if (!c) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
    } else {
        c->st = st;
        rc = st->ops->connect(st, &c->impl, e);
    }
    if (rc != 0) {
        free(c);
        pthread_mutex_lock(&st->mu);
        st->nopen--;
        pthread_cond_signal(&st->cv);
        pthread_mutex_unlock(&st->mu);
        return rc;
    }
    *out = c;
    return 0;
}

void store_release(struct store_conn *c)
{
    if (!c)
        return;
    struct store *st = c->st;
    if (c->in_tx)
        store_rollback(c);
    /* A statement left unfinished would hold locks (SQLite) or a result (PostgreSQL). Most
     * releases have none, and walking every bucket cost about 1,000 instructions a release. */
    for (int b = 0; c->nbusy > 0 && b < STORE_CACHE_BUCKETS; b++)
        for (struct store_stmt *s = c->cache[b]; s; s = s->next_in_bucket)
            if (s->busy)
                store_finish(s);
    pthread_mutex_lock(&st->mu);
    if (c->broken) {
        st->nopen--;
        pthread_mutex_unlock(&st->mu);
        conn_destroy(c);
        pthread_mutex_lock(&st->mu);
    } else {
        c->next_free = st->free_list;
        st->free_list = c;
    }
    pthread_cond_signal(&st->cv);
    pthread_mutex_unlock(&st->mu);
}

void store_close(struct store *st)
{
    if (!st)
        return;
    while (st->free_list) {
        struct store_conn *c = st->free_list;
        st->free_list = c->next_free;
        conn_destroy(c);
    }
    pthread_mutex_destroy(&st->mu);
    pthread_cond_destroy(&st->cv);
    free(st->target);
    free(st->display);
    free(st);
}

/* ---- failures ------------------------------------------------------------------------------- */

int store_fail(struct store_conn *c, enum store_failure why, const char *backend_msg,
               struct err *e)
{
    const char *m = backend_msg && *backend_msg ? backend_msg : "no detail";
    int code;
    if (c && c->in_tx)
        c->tx_failed = true;
    switch (why) {
    case FAIL_UNIQUE:
        code = err_set(e, ERR_CONFLICT, "that would duplicate a record that already exists (%s)", m);
        break;
    case FAIL_FOREIGN_KEY:
        code = err_set(e, ERR_NOT_FOUND,
                       "a record this refers to does not exist in this council (%s)", m);
        break;
    case FAIL_CHECK:
        code = err_set(e, ERR_INVALID, "a value is outside what is allowed (%s)", m);
        break;
    case FAIL_NOT_NULL:
        code = err_set(e, ERR_INVALID, "a required value is missing (%s)", m);
        break;
    case FAIL_BUSY:
        code = err_set(e, ERR_IO,
                       "the store is busy with another change and stayed busy for 5 seconds; "
                       "try again in a moment (%s)",
                       m);
        break;
    case FAIL_RETRY:
        code = err_set(e, ERR_CONFLICT,
                       "the database stopped this change because another change conflicted with "
                       "it at the same moment; try again (%s)",
                       m);
        break;
    case FAIL_CONNECTION:
        if (c)
            c->broken = true;
        code = err_set(e, ERR_IO, "lost the connection to the store at %s: %s",
                       c ? c->st->display : "?", m);
        break;
    case FAIL_NOT_A_DB:
        code = err_set(e, ERR_CONFLICT,
                       "%s is not a selfdirect store: the file is not a SQLite database. Give the "
                       "path of a selfdirect store, or a new file name to create one",
                       c ? c->st->display : "the file");
        break;
    case FAIL_OTHER:
    default:
        code = err_set(e, ERR_IO, "the database refused the operation: %s", m);
        break;
    }
    return code;
}

/* ---- statements ----------------------------------------------------------------------------- */

/* The statement cache's key. Every store call hashes its SQL (often 500 characters), so the text
 * is taken eight bytes at a time (multiply-xorshift; a byte-at-a-time FNV cost more than running
 * the query's B-tree search). Equal texts are still confirmed with strcmp. */
static uint64_t hash_sql(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 32);
}

static void stmt_free(struct store_stmt *s)
{
    s->conn->st->ops->finalize(s);
    arena_release(&s->args);
    free(s->params);
    free(s->sql);
    free(s);
}

int store_prepare(struct store_conn *c, const char *sql, struct store_stmt **out, struct err *e)
{
    size_t len = strlen(sql);
    uint64_t h = hash_sql(sql, len);
    unsigned b = (unsigned)(h % STORE_CACHE_BUCKETS);
    struct store_stmt *s;
    bool in_use = false;

    *out = NULL;
    for (s = c->cache[b]; s; s = s->next_in_bucket) {
        if (s->hash == h && strcmp(s->sql, sql) == 0) {
            if (!s->busy) {
                s->busy = true;
                c->nbusy++;
                *out = s;
                return 0;
            }
            in_use = true; /* the same text is already running (nested use): prepare another */
            break;
        }
    }

    s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, ERR_NOMEM, "out of memory");
    s->conn = c;
    s->hash = h;
    s->sql = strdup(sql);
    arena_init(&s->args, 0);
    if (!s->sql) {
        free(s);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    struct buf msg;
    buf_init(&msg, MSG_CAP);
    if (c->st->ops->prepare(s, &msg) != 0) {
        err_set(e, ERR_IO, "could not prepare a database statement: %s (SQL: %.200s)", msg.data,
                sql);
        buf_release(&msg);
        if (c->st->ops->backend == STORE_POSTGRES && c->in_tx)
            c->tx_failed = true; /* a failed PREPARE aborts a PostgreSQL transaction */
        free(s->sql);
        free(s);
        return ERR_IO;
    }
    buf_release(&msg);
    if (s->nparams > 0) {
        s->params = calloc((size_t)s->nparams, sizeof *s->params);
        if (!s->params) {
            c->st->ops->finalize(s);
            free(s->sql);
            free(s);
            return err_set(e, ERR_NOMEM, "out of memory");
        }
    }
    s->busy = true;
    c->nbusy++;
    if (!in_use && c->ncached < STORE_CACHE_MAX) {
        s->cached = true;
        s->next_in_bucket = c->cache[b];
        c->cache[b] = s;
        c->ncached++;
    }
    *out = s;
    return 0;
}

static struct store_param *param_at(struct store_stmt *s, int i)
{
    if (i < 1 || i > s->nparams) {
        if (!s->bind_error)
            s->bind_error = i == 0 ? -1 : i;
        return NULL;
    }
    return &s->params[i - 1];
}

void store_bind_i64(struct store_stmt *s, int i, int64_t v)
{
    struct store_param *p = param_at(s, i);
    if (p)
        *p = (struct store_param){.type = PARAM_I64, .i = v};
}

void store_bind_null(struct store_stmt *s, int i)
{
    struct store_param *p = param_at(s, i);
    if (p)
        *p = (struct store_param){.type = PARAM_NULL};
}

void store_bind_id_or_null(struct store_stmt *s, int i, int64_t v)
{
    if (v == 0)
        store_bind_null(s, i);
    else
        store_bind_i64(s, i, v);
}

void store_bind_textn(struct store_stmt *s, int i, const char *v, size_t n)
{
    struct store_param *p = param_at(s, i);
    if (!p)
        return;
    if (!v) {
        *p = (struct store_param){.type = PARAM_NULL};
        return;
    }
    char *copy = arena_strndup(&s->args, v, n);
    if (!copy) {
        s->bind_error = i;
        return;
    }
    *p = (struct store_param){.type = PARAM_TEXT, .p = copy, .n = n};
}

void store_bind_text(struct store_stmt *s, int i, const char *v)
{
    store_bind_textn(s, i, v, v ? strlen(v) : 0);
}

void store_bind_blob(struct store_stmt *s, int i, const void *v, size_t n)
{
    struct store_param *p = param_at(s, i);
    if (!p)
        return;
    char *copy = arena_alloc(&s->args, n ? n : 1);
    if (!copy) {
        s->bind_error = i;
        return;
    }
    if (n)
        memcpy(copy, v, n);
    *p = (struct store_param){.type = PARAM_BLOB, .p = copy, .n = n};
}

int store_step(struct store_stmt *s, struct err *e)
{
    struct store_conn *c = s->conn;
    if (s->done)
        return STORE_DONE;
    if (!s->started) {
        if (s->bind_error) {
            if (c->in_tx)
                c->tx_failed = true;
            return err_set(e, ERR_INVALID,
                           "internal error: parameter %d of a database statement could not be "
                           "bound (SQL: %.200s)",
                           s->bind_error, s->sql);
        }
        for (int i = 0; i < s->nparams; i++)
            if (s->params[i].type == PARAM_UNSET) {
                if (c->in_tx)
                    c->tx_failed = true;
                return err_set(e, ERR_INVALID,
                               "internal error: parameter %d of a database statement was not "
                               "bound (SQL: %.200s)",
                               i + 1, s->sql);
            }
        if (c->in_tx && c->tx_failed)
            return err_set(e, ERR_IO,
                           "an earlier step of this change failed, so the change is being undone");
        if (store_fault_fire()) {
            s->done = true;
            return store_fail(c, FAIL_OTHER, "injected fault", e);
        }
    }
    enum store_failure why = FAIL_OTHER;
    struct buf msg;
    buf_init(&msg, MSG_CAP);
    int rc = c->st->ops->step(s, &why, &msg);
    s->started = true;
    if (rc < 0) {
        s->done = true;
        rc = store_fail(c, why, msg.data, e);
    } else if (rc == STORE_DONE) {
        s->done = true;
    }
    buf_release(&msg);
    return rc;
}

int store_col_count(struct store_stmt *s) { return s->conn->st->ops->col_count(s); }
bool store_col_is_null(struct store_stmt *s, int col) { return s->conn->st->ops->col_is_null(s, col); }
int64_t store_col_i64(struct store_stmt *s, int col) { return s->conn->st->ops->col_i64(s, col); }
const char *store_col_text(struct store_stmt *s, int col) { return s->conn->st->ops->col_text(s, col); }

const void *store_col_blob(struct store_stmt *s, int col, size_t *n)
{
    return s->conn->st->ops->col_blob(s, col, n);
}

int store_col_copy(struct store_stmt *s, int col, char *dst, size_t dstsz)
{
    const char *t = store_col_text(s, col);
    return str_copy(dst, dstsz, t ? t : "");
}

int64_t store_changes(struct store_stmt *s) { return s->changes; }

void store_finish(struct store_stmt *s)
{
    if (!s)
        return;
    s->conn->st->ops->reset(s);
    if (s->nparams)
        memset(s->params, 0, (size_t)s->nparams * sizeof *s->params);
    arena_release(&s->args);
    s->started = s->done = false;
    s->bind_error = 0;
    s->changes = 0;
    if (s->busy)
        s->conn->nbusy--;
    s->busy = false;
    if (!s->cached)
        stmt_free(s);
}

/* Runs raw backend SQL; fault injection applies unless `protected` (ROLLBACK must always run). */
static int exec_backend(struct store_conn *c, const char *sql, bool protected, struct err *e)
{
    enum store_failure why = FAIL_OTHER;
    struct buf msg;
    if (!protected && store_fault_fire())
        return store_fail(c, FAIL_OTHER, "injected fault", e);
    buf_init(&msg, MSG_CAP);
    int rc = c->st->ops->exec_raw(c, sql, &why, &msg);
    if (rc != 0)
        rc = store_fail(c, why, msg.data, e);
    buf_release(&msg);
    return rc;
}

int store_exec_raw(struct store_conn *c, const char *sql, struct err *e)
{
    if (c->in_tx && c->tx_failed)
        return err_set(e, ERR_IO,
                       "an earlier step of this change failed, so the change is being undone");
    return exec_backend(c, sql, false, e);
}

int store_exec(struct store_conn *c, const char *sql, struct err *e)
{
    if (c->in_tx && c->tx_failed)
        return err_set(e, ERR_IO,
                       "an earlier step of this change failed, so the change is being undone");
    if (c->st->ops->backend == STORE_SQLITE) {
        if (sql_count_params(sql) != 0)
            return err_set(e, ERR_INVALID, "internal error: store_exec takes no parameters");
        return exec_backend(c, sql, false, e);
    }
    struct buf out;
    int n = 0, rc;
    buf_init(&out, 1 << 20);
    rc = sql_translate_pg(sql, &out, &n, e);
    if (rc == 0 && n > 0)
        rc = err_set(e, ERR_INVALID, "internal error: store_exec takes no parameters");
    if (rc == 0)
        rc = exec_backend(c, out.data, false, e);
    buf_release(&out);
    return rc;
}

int store_query_i64(struct store_conn *c, const char *sql, int nparams, const int64_t *params,
                    int64_t *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    for (int i = 0; i < nparams; i++)
        store_bind_i64(s, i + 1, params[i]);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *out = store_col_i64(s, 0);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_NOT_FOUND, "the query returned no row");
    }
    store_finish(s);
    return rc;
}

/* ---- transactions --------------------------------------------------------------------------- */

int store_begin(struct store_conn *c, struct err *e)
{
    if (c->in_tx)
        return err_set(e, ERR_INVALID, "internal error: a transaction is already open on this "
                                       "connection");
    int rc = exec_backend(c, c->st->ops->begin_sql, false, e);
    if (rc != 0)
        return rc;
    c->in_tx = true;
    c->tx_failed = false;
    return 0;
}

int store_commit(struct store_conn *c, struct err *e)
{
    if (!c->in_tx)
        return err_set(e, ERR_INVALID, "internal error: commit without a transaction");
    if (c->tx_failed) {
        store_rollback(c);
        return err_set(e, ERR_IO,
                       "nothing was saved: a step of this change failed, so all of it was undone");
    }
    int rc = exec_backend(c, "COMMIT", false, e);
    if (rc != 0) {
        store_rollback(c);
        return rc;
    }
    c->in_tx = false;
    return 0;
}

void store_rollback(struct store_conn *c)
{
    if (!c->in_tx)
        return;
    struct err ignored = {0};
    /* ROLLBACK is never a fault-injection target, and its failure (SQLite may already have rolled
     * back on its own after an I/O error) leaves nothing to undo. */
    bool was_broken = c->broken;
    c->in_tx = false;
    if (!was_broken && exec_backend(c, "ROLLBACK", true, &ignored) != 0 &&
        c->st->ops->backend == STORE_POSTGRES)
        c->broken = true; /* cannot tell what state it is in: do not pool it */
    c->tx_failed = false;
}

bool store_in_transaction(const struct store_conn *c) { return c->in_tx; }


/* ---- schema queries ------------------------------------------------------------------------- */

struct find_table {
    const char *name;
    bool found;
};

static void find_table_cb(void *ctx, const char *name)
{
    struct find_table *f = ctx;
    if (strcmp(f->name, name) == 0)
        f->found = true;
}

int store_table_exists(struct store_conn *c, const char *name, bool *exists, struct err *e)
{
    struct find_table f = {name, false};
    enum store_failure why = FAIL_OTHER;
    struct buf msg;
    buf_init(&msg, MSG_CAP);
    int rc = c->st->ops->list_tables(c, find_table_cb, &f, &why, &msg);
    if (rc != 0)
        rc = store_fail(c, why, msg.data, e);
    buf_release(&msg);
    *exists = f.found;
    return rc;
}

/* ---- opening -------------------------------------------------------------------------------- */

int store_open(const char *url, struct store **out, struct err *e)
{
    struct store *st = store_new();
    struct store_conn *c = NULL;
    int rc, version = 0;

    *out = NULL;
    if (!st)
        return err_set(e, ERR_NOMEM, "out of memory");
    if ((rc = parse_url(url, st, e)) != 0)
        goto fail;
    if ((rc = store_acquire(st, &c, e)) != 0)
        goto fail;
    /* Look before touching: a file or database that is not ours is left exactly as it was. */
    if ((rc = migrate_inspect(c, &version, e)) != 0)
        goto fail;
    st->checked = true;
    if (st->ops->after_check && (rc = st->ops->after_check(c, e)) != 0)
        goto fail;
    store_release(c);
    *out = st;
    return 0;
fail:
    if (c) {
        c->broken = true; /* never pool a connection from a failed open */
        store_release(c);
    }
    store_close(st);
    return rc;
}

int store_wipe(const char *url, struct err *e)
{
    struct store *probe = store_new();
    int rc;
    if (!probe)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = parse_url(url, probe, e);
    if (rc == 0)
        rc = probe->ops->wipe(probe, e);
    store_close(probe);
    return rc;
}

int store_open_fresh(const char *url, struct store **out, struct err *e)
{
    int rc;
    *out = NULL;
    if ((rc = store_wipe(url, e)) != 0)
        return rc;
    if ((rc = store_open(url, out, e)) != 0)
        return rc;
    if ((rc = store_migrate(*out, e)) != 0) {
        store_close(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- time ----------------------------------------------------------------------------------- */

void store_time_format(int64_t unix_seconds, char out[STORE_TIME_SIZE])
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(out, STORE_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, STORE_TIME_SIZE, "1970-01-01T00:00:00Z");
}
