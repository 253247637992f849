/*
 * migrate.c — versioned migrations. Each migration is an embedded file
 * data/migrations/NNNN_name.sql (NNNN its version), applied in order of version, each in one
 * transaction together with its row in schema_migrations, so a store is always wholly at one set of
 * versions. A store records which versions it has (not just the highest), so migrations written in
 * parallel in different number ranges (0010-0019 sessions, 0020-0029 budgets, ...) are each applied
 * once whatever order they land in. A store holding a version this binary does not know was made by
 * a newer selfdirect and is refused.
 *
 * Script format (docs/store.md): statements in the portable dialect separated by `;`. Lines
 *   -- @sqlite   -- @postgres   -- @both
 * start a section for one backend (written in that backend's own SQL, not translated) or both
 * (portable, the default). Between
 *   -- @begin   and   -- @end
 * everything is one statement, for bodies that contain semicolons (triggers, functions).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "store/store.h"
#include "store/store_impl.h"

#define MIGRATION_DIR "data/migrations/"
#define MAX_MIGRATIONS 1000

struct migration {
    int version;
    char name[96];
    const char *text;
};

/* ---- the embedded migrations ------------------------------------------------------------------ */

static int migrations_load(struct migration **out, size_t *n, struct err *e)
{
    size_t count = 0, total = asset_count();
    struct migration *m = calloc(MAX_MIGRATIONS, sizeof *m);
    *out = NULL;
    *n = 0;
    if (!m)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < total; i++) {
        const struct asset *a = asset_at(i);
        if (!str_has_prefix(a->path, MIGRATION_DIR))
            continue;
        const char *file = a->path + strlen(MIGRATION_DIR);
        size_t len = strlen(file);
        if (len < 4 || strcmp(file + len - 4, ".sql") != 0)
            continue; /* a README beside the migrations */
        int64_t v;
        if (len < 10 || file[4] != '_' || str_to_i64(file, 4, 1, 9999, &v) != 0) {
            free(m);
            return err_set(e, ERR_INVALID,
                           "internal error: migration file %s is not named NNNN_name.sql", a->path);
        }
        if (count == MAX_MIGRATIONS) {
            free(m);
            return err_set(e, ERR_RANGE, "internal error: too many migrations");
        }
        if (count > 0 && m[count - 1].version >= v) {
            free(m);
            return err_set(e, ERR_INVALID, "internal error: two migrations have version %04d",
                           (int)v);
        }
        m[count].version = (int)v;
        snprintf(m[count].name, sizeof m[count].name, "%.*s", (int)(len - 9), file + 5);
        m[count].text = (const char *)a->data;
        count++;
    }
    *out = m;
    *n = count;
    return 0;
}

int store_schema_latest(void)
{
    struct migration *m;
    size_t n;
    int latest = 0;
    if (migrations_load(&m, &n, NULL) != 0)
        return 0;
    if (n > 0)
        latest = m[n - 1].version;
    free(m);
    return latest;
}

/* ---- scripts ---------------------------------------------------------------------------------- */

enum section { SEC_BOTH, SEC_SQLITE, SEC_POSTGRES };

static bool blank_sql(const char *s)
{
    while (*s) {
        if (isspace((unsigned char)*s)) {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (!end)
                return false;
            s = end + 2;
        } else {
            return false;
        }
    }
    return true;
}

static int script_push(struct sql_script *out, struct buf *cur, enum section sec,
                       enum store_backend backend, struct err *e)
{
    bool wanted = sec == SEC_BOTH || (sec == SEC_SQLITE && backend == STORE_SQLITE) ||
                  (sec == SEC_POSTGRES && backend == STORE_POSTGRES);
    if (!blank_sql(cur->data) && wanted) {
        char **ns = realloc(out->stmts, (out->n + 1) * sizeof *ns);
        if (!ns)
            return err_set(e, ERR_NOMEM, "out of memory");
        out->stmts = ns;
        bool *np = realloc(out->portable, (out->n + 1) * sizeof *np);
        if (!np)
            return err_set(e, ERR_NOMEM, "out of memory");
        out->portable = np;
        char *text = buf_detach(cur);
        if (!text)
            return err_set(e, ERR_NOMEM, "out of memory");
        out->stmts[out->n] = text;
        out->portable[out->n] = sec == SEC_BOTH;
        out->n++;
    }
    buf_reset(cur);
    return 0;
}

void sql_script_release(struct sql_script *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->stmts[i]);
    free(s->stmts);
    free(s->portable);
    s->stmts = NULL;
    s->portable = NULL;
    s->n = 0;
}

int sql_script_split(const char *text, enum store_backend backend, struct sql_script *out,
                     struct err *e)
{
    enum section sec = SEC_BOTH;
    bool in_block = false, in_quote = false, in_comment = false;
    struct buf cur;
    int rc = 0, lineno = 0;
    const char *p = text;

    out->stmts = NULL;
    out->portable = NULL;
    out->n = 0;
    buf_init(&cur, 1 << 20);
    while (*p && rc == 0) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) + 1 : strlen(p);
        const char *t = p;
        lineno++;
        while (t < p + len && (*t == ' ' || *t == '\t'))
            t++;
        if (!in_quote && !in_comment && strncmp(t, "-- @", 4) == 0) {
            const char *d = t + 4;
            size_t dn = 0;
            while (isalpha((unsigned char)d[dn]))
                dn++;
            bool is_section = (dn == 4 && strncmp(d, "both", 4) == 0) ||
                              (dn == 6 && strncmp(d, "sqlite", 6) == 0) ||
                              (dn == 8 && strncmp(d, "postgres", 8) == 0);
            if (is_section || (dn == 5 && strncmp(d, "begin", 5) == 0)) {
                if (in_block || !blank_sql(cur.data)) {
                    rc = err_set(e, ERR_INVALID,
                                 "migration line %d: -- @%.*s inside an unfinished statement "
                                 "(a missing ; or -- @end?)",
                                 lineno, (int)dn, d);
                    break;
                }
                buf_reset(&cur);
                if (is_section)
                    sec = d[0] == 'b' ? SEC_BOTH : d[0] == 's' ? SEC_SQLITE : SEC_POSTGRES;
                else
                    in_block = true;
            } else if (dn == 3 && strncmp(d, "end", 3) == 0) {
                if (!in_block) {
                    rc = err_set(e, ERR_INVALID, "migration line %d: -- @end without -- @begin",
                                 lineno);
                    break;
                }
                in_block = false;
                rc = script_push(out, &cur, sec, backend, e);
            } else {
                rc = err_set(e, ERR_INVALID, "migration line %d: unknown directive -- @%.*s",
                             lineno, (int)dn, d);
            }
            p += len;
            continue;
        }
        if (in_block) {
            rc = buf_add(&cur, p, len);
            p += len;
            continue;
        }
        /* Split at ; outside string literals and comments. */
        for (size_t i = 0; i < len && rc == 0; i++) {
            char c = p[i];
            if (in_comment) {
                if (c == '*' && i + 1 < len && p[i + 1] == '/') {
                    in_comment = false;
                    rc = buf_add(&cur, "*/", 2);
                    i++;
                    continue;
                }
            } else if (in_quote) {
                if (c == '\'')
                    in_quote = false; /* a doubled '' re-enters at the next character */
            } else if (c == '\'') {
                in_quote = true;
            } else if (c == '-' && i + 1 < len && p[i + 1] == '-') {
                rc = buf_add(&cur, p + i, len - i); /* the rest of the line is a comment */
                break;
            } else if (c == '/' && i + 1 < len && p[i + 1] == '*') {
                in_comment = true;
            } else if (c == ';') {
                rc = script_push(out, &cur, sec, backend, e);
                continue;
            }
            if (rc == 0)
                rc = buf_addc(&cur, c);
        }
        p += len;
    }
    if (rc == 0 && in_block)
        rc = err_set(e, ERR_INVALID, "migration: -- @begin without -- @end");
    if (rc == 0 && (in_quote || in_comment))
        rc = err_set(e, ERR_INVALID, "migration: unterminated string literal or comment");
    if (rc == 0)
        rc = script_push(out, &cur, sec, backend, e);
    buf_release(&cur);
    if (rc != 0) {
        if (rc == ERR_RANGE || rc == ERR_NOMEM)
            err_set(e, rc, "migration statement too long");
        sql_script_release(out);
    }
    return rc;
}

/* ---- what the database holds ------------------------------------------------------------------ */

struct seen_tables {
    int count;
    bool meta;
    bool migrations;
    char other[128];
};

static void seen_cb(void *ctx, const char *name)
{
    struct seen_tables *s = ctx;
    s->count++;
    if (strcmp(name, "selfdirect_meta") == 0)
        s->meta = true;
    else if (strcmp(name, "schema_migrations") == 0)
        s->migrations = true;
    else if (!s->other[0])
        snprintf(s->other, sizeof s->other, "%s", name);
}

/* The versions applied, ascending, into *out (malloc'd). */
static int applied_versions(struct store_conn *c, int **out, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 16, count = 0;
    int *v = malloc(cap * sizeof *v);
    int rc;
    *out = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    if ((rc = store_prepare(c, "SELECT version FROM schema_migrations ORDER BY version", &s, e))) {
        free(v);
        return rc;
    }
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (count == cap) {
            int *nv = realloc(v, cap * 2 * sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            v = nv;
            cap *= 2;
        }
        v[count++] = (int)store_col_i64(s, 0);
    }
    store_finish(s);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = count;
    return 0;
}

static bool has_version(const int *v, size_t n, int version)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == version)
            return true;
    return false;
}

/* Inspects the store: *version = highest applied (0 empty), *applied list; refuses stores that
 * are not ours or are newer. */
static int inspect(struct store_conn *c, const struct migration *m, size_t nm, int *version,
                   int **applied, size_t *napplied, struct err *e)
{
    struct seen_tables seen = {0};
    int rc;

    *version = 0;
    *applied = NULL;
    *napplied = 0;
    {
        enum store_failure why = FAIL_OTHER;
        struct buf msg;
        buf_init(&msg, 4096);
        rc = c->st->ops->list_tables(c, seen_cb, &seen, &why, &msg);
        if (rc != 0)
            rc = store_fail(c, why, msg.data, e);
        buf_release(&msg);
        if (rc != 0)
            return rc;
    }
    if (seen.count == 0)
        return 0;
    if (!seen.meta)
        return err_set(e, ERR_CONFLICT,
                       "%s is not a selfdirect store: it already holds other tables (such as "
                       "'%s') and no selfdirect metadata. Nothing was changed. Give an empty "
                       "database or a new file",
                       c->st->display, seen.other);
    struct store_stmt *s;
    if ((rc = store_prepare(c, "SELECT value FROM selfdirect_meta WHERE key = 'application'", &s,
                            e)))
        return rc;
    rc = store_step(s, e);
    bool ours = rc == STORE_ROW && store_col_text(s, 0) &&
                strcmp(store_col_text(s, 0), "selfdirect") == 0;
    store_finish(s);
    if (rc < 0)
        return rc;
    if (!ours || !seen.migrations)
        return err_set(e, ERR_CONFLICT,
                       "%s is not a selfdirect store (or it is damaged): its metadata does not "
                       "name selfdirect or its list of migrations is missing. Nothing was changed",
                       c->st->display);
    if ((rc = applied_versions(c, applied, napplied, e)) != 0)
        return rc;
    for (size_t i = 0; i < *napplied; i++) {
        int v = (*applied)[i];
        bool known = false;
        for (size_t j = 0; j < nm; j++)
            if (m[j].version == v)
                known = true;
        if (!known) {
            int latest = nm ? m[nm - 1].version : 0;
            free(*applied);
            *applied = NULL;
            *napplied = 0;
            return err_set(e, ERR_UNSUPPORTED,
                           "%s was made by a newer selfdirect: it has schema version %04d, which "
                           "this selfdirect (schema %04d) does not know. Nothing was changed. "
                           "Use the newer selfdirect, or a store made by this one",
                           c->st->display, v, latest);
        }
        if (v > *version)
            *version = v;
    }
    return 0;
}

int migrate_inspect(struct store_conn *c, int *version, struct err *e)
{
    struct migration *m;
    size_t nm, napplied;
    int *applied;
    int rc = migrations_load(&m, &nm, e);
    if (rc != 0)
        return rc;
    rc = inspect(c, m, nm, version, &applied, &napplied, e);
    free(applied);
    free(m);
    return rc;
}

int store_schema_version(struct store *st, int *version, struct err *e)
{
    struct store_conn *c;
    int rc = store_acquire(st, &c, e);
    if (rc != 0)
        return rc;
    rc = migrate_inspect(c, version, e);
    store_release(c);
    return rc;
}

int store_require_current(struct store *st, struct err *e)
{
    struct migration *m;
    size_t nm, napplied;
    int *applied = NULL, version = 0;
    struct store_conn *c;
    int rc = migrations_load(&m, &nm, e);
    if (rc != 0)
        return rc;
    if ((rc = store_acquire(st, &c, e)) != 0) {
        free(m);
        return rc;
    }
    rc = inspect(c, m, nm, &version, &applied, &napplied, e);
    store_release(c);
    if (rc == 0) {
        int pending = 0;
        for (size_t i = 0; i < nm; i++)
            if (!has_version(applied, napplied, m[i].version))
                pending++;
        if (pending > 0)
            rc = err_set(e, ERR_UNSUPPORTED,
                         "the store %s needs %d migration%s before this selfdirect can use it: "
                         "run `selfdirect migrate --db %s`",
                         st->display, pending, pending == 1 ? "" : "s", st->display);
    }
    free(applied);
    free(m);
    return rc;
}

/* ---- applying ---------------------------------------------------------------------------------- */

static int apply_one(struct store_conn *c, const struct migration *mg, struct err *e)
{
    struct sql_script script;
    struct err le = {0};
    int rc = sql_script_split(mg->text, c->st->ops->backend, &script, &le);
    if (rc != 0)
        return err_set(e, rc, "migration %04d_%s: %s", mg->version, mg->name, le.msg);
    for (size_t i = 0; i < script.n && rc == 0; i++) {
        rc = script.portable[i] ? store_exec(c, script.stmts[i], &le)
                                : store_exec_raw(c, script.stmts[i], &le);
        if (rc != 0)
            err_set(e, rc, "migration %04d_%s failed at statement %zu, so none of it was applied: "
                           "%s",
                    mg->version, mg->name, i + 1, le.msg);
    }
    sql_script_release(&script);
    if (rc != 0)
        return rc;

    char now[STORE_TIME_SIZE];
    store_time_format((int64_t)time(NULL), now);
    struct store_stmt *s;
    if ((rc = store_prepare(c, "INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (?, ?, ?)",
                            &s, &le)) != 0)
        return err_set(e, rc, "migration %04d_%s: %s", mg->version, mg->name, le.msg);
    store_bind_i64(s, 1, mg->version);
    store_bind_text(s, 2, mg->name);
    store_bind_text(s, 3, now);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return err_set(e, rc, "migration %04d_%s could not be recorded, so none of it was applied: "
                              "%s",
                       mg->version, mg->name, le.msg);
    return 0;
}

int store_migrate_to(struct store *st, int target, store_migration_cb cb, void *ctx,
                     struct err *e)
{
    struct migration *m;
    size_t nm;
    struct store_conn *c = NULL;
    int rc = migrations_load(&m, &nm, e);
    if (rc != 0)
        return rc;
    if ((rc = store_acquire(st, &c, e)) != 0)
        goto out;
    for (;;) {
        int version, *applied = NULL;
        size_t napplied;
        const struct migration *next = NULL;
        enum store_failure why = FAIL_OTHER;
        struct buf msg;

        if ((rc = store_begin(c, e)) != 0)
            break;
        /* Under the lock, look again: another process may have migrated meanwhile. */
        buf_init(&msg, 4096);
        rc = st->ops->lock_migrations(c, &why, &msg);
        if (rc != 0)
            rc = store_fail(c, why, msg.data, e);
        buf_release(&msg);
        if (rc == 0)
            rc = inspect(c, m, nm, &version, &applied, &napplied, e);
        if (rc == 0) {
            for (size_t i = 0; i < nm && !next; i++)
                if (!has_version(applied, napplied, m[i].version))
                    next = &m[i];
            if (next && target > 0 && next->version > target)
                next = NULL;
        }
        free(applied);
        if (rc != 0 || !next) {
            store_rollback(c);
            break;
        }
        if ((rc = apply_one(c, next, e)) != 0) {
            store_rollback(c);
            break;
        }
        if ((rc = store_commit(c, e)) != 0)
            break;
        if (cb)
            cb(ctx, next->version, next->name);
    }
out:
    store_release(c);
    free(m);
    return rc;
}

int store_migrate(struct store *st, struct err *e)
{
    return store_migrate_to(st, 0, NULL, NULL, e);
}
