/* The runner behind tests/check.h: registration, the two suites, the closing count line. */
#include "check.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/str.h"
#include "store/store.h"

struct test_case {
    enum test_suite suite;
    const char *name;
    const char *file;
    test_fn fn;
    store_test_fn sfn;
};

static struct test_case *cases;
static size_t ncases, capcases;
static int current_failed;
static const char *current_name;
static const char *db_url;     /* the URL the suite was given */
static const char *case_url;   /* the database the current store test runs on */
static char tmpdir[256];

void check_register(enum test_suite suite, const char *name, const char *file, test_fn fn,
                    store_test_fn sfn)
{
    if (ncases == capcases) {
        size_t ncap = capcases ? capcases * 2 : 256;
        struct test_case *n = realloc(cases, ncap * sizeof *n);
        if (!n) {
            fputs("check: out of memory registering tests\n", stderr);
            exit(2);
        }
        cases = n;
        capcases = ncap;
    }
    cases[ncases++] = (struct test_case){suite, name, file, fn, sfn};
}

void check_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (!current_failed)
        fprintf(stderr, "FAIL %s\n", current_name);
    current_failed = 1;
    fprintf(stderr, "  %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *check_db_url(void) { return case_url ? case_url : db_url; }
const char *check_tmpdir(void) { return tmpdir; }

static void remove_tmpdir(void)
{
    char cmd[300];
    if (tmpdir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "check: could not remove %s\n", tmpdir);
    }
}

/* ---- a fresh store per test -----------------------------------------------------------------
 * Every store test gets a store exactly as `store_open_fresh` makes it: empty and migrated to the
 * latest version. On PostgreSQL, emptying the schema and running every migration was the larger
 * part of each test's time, so the suite migrates once into a template database and gives each
 * test its own copy made by CREATE DATABASE ... TEMPLATE (a file-level copy, measured at about a
 * third of the cost of wiping and migrating; see docs/operations.md, Testing). The copy is the
 * migrated schema with nothing else, so each test is as isolated as before, and a test may wipe,
 * break or drop whatever it likes in its copy without touching the template or the next test.
 * If the server refuses (no CREATEDB right, say), every test migrates its own store as before.
 * The suite's own database (the URL given) is left as it was. */

/* Quicker still, when the last test left the schema as the template has it (most tests): empty
 * every table of the copy in place and put back the rows the migrations wrote and the sequences
 * where they stood (sd_reset.reset(), below; a fraction of the cost of another copy). The check
 * compares a fingerprint of the schema (tables, columns, defaults, constraints, indexes, triggers
 * with their enabled state, functions, schemas) with the template's; a test that changed any of
 * it, or a reset that fails for any reason, gets a new copy instead. The two schemas this adds,
 * sd_seed and sd_reset, sit beside `public`, which is all the store looks at. */
static const char RESET_SETUP_SQL[] =
    "CREATE SCHEMA sd_seed; CREATE SCHEMA sd_reset;\n"
    "CREATE FUNCTION sd_reset.fingerprint() RETURNS text LANGUAGE sql AS $f$\n"
    "SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM (\n"
    " SELECT 'n:' || nspname AS x FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%temp\\_%'\n"
    " UNION ALL SELECT 'c:' || relname || ':' || relkind::text FROM pg_class\n"
    "  WHERE relnamespace = 'public'::regnamespace\n"
    " UNION ALL SELECT 'a:' || c.relname || '.' || a.attname || ':' ||\n"
    "  format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text || ':' ||\n"
    "  a.attidentity::text || a.attgenerated::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')\n"
    "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid\n"
    "  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum\n"
    "  WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped\n"
    " UNION ALL SELECT 'k:' || conrelid::regclass::text || ':' || conname || ':' ||\n"
    "  pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace\n"
    " UNION ALL SELECT 'i:' || indexdef FROM pg_indexes WHERE schemaname = 'public'\n"
    " UNION ALL SELECT 't:' || tgrelid::regclass::text || ':' || tgname || ':' || tgenabled::text ||\n"
    "  ':' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal\n"
    " UNION ALL SELECT 'p:' || oid::regprocedure::text || ':' || md5(coalesce(prosrc, ''))\n"
    "  FROM pg_proc WHERE pronamespace = 'public'::regnamespace) s\n"
    "$f$;\n"
    "DO $d$ DECLARE t text; has boolean; BEGIN\n"
    " FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP\n"
    "  EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I)', t) INTO has;\n"
    "  IF has THEN EXECUTE format('CREATE TABLE sd_seed.%I AS SELECT * FROM public.%I', t, t);\n"
    "  END IF;\n"
    " END LOOP;\n"
    "END $d$;\n"
    "CREATE TABLE sd_reset.sequences AS SELECT sequencename, start_value, last_value\n"
    " FROM pg_sequences WHERE schemaname = 'public';\n"
    "CREATE TABLE sd_reset.fp AS SELECT sd_reset.fingerprint() AS fp;\n"
    "CREATE FUNCTION sd_reset.reset() RETURNS text LANGUAGE plpgsql AS $r$\n"
    "DECLARE t text; q record; BEGIN\n"
    " IF sd_reset.fingerprint() IS DISTINCT FROM (SELECT fp FROM sd_reset.fp) THEN\n"
    "  RETURN 'changed';\n"
    " END IF;\n"
    " SET LOCAL session_replication_role = replica;\n" /* no FK or audit triggers while emptying */
    " FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP\n"
    "  EXECUTE format('DELETE FROM public.%I', t);\n"
    " END LOOP;\n"
    " FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'sd_seed' LOOP\n"
    "  EXECUTE format('INSERT INTO public.%I OVERRIDING SYSTEM VALUE SELECT * FROM sd_seed.%I',\n"
    "   t, t);\n"
    " END LOOP;\n"
    " FOR q IN SELECT * FROM sd_reset.sequences LOOP\n"
    "  PERFORM setval(format('public.%I', q.sequencename)::regclass,\n"
    "   coalesce(q.last_value, q.start_value), q.last_value IS NOT NULL);\n"
    " END LOOP;\n"
    " RETURN 'ok';\n"
    "END $r$;\n";

static PGconn *pg_admin;               /* to the server's maintenance database */
static bool pg_can_reset;              /* the template has sd_reset.reset() */
static int pg_resets, pg_copies;       /* how each test's database was made, for the log */
static bool pg_case_made;              /* the case database was copied from the template */
static char pg_tmpl_db[64], pg_case_db[64];
static char pg_tmpl_url[1024], pg_case_url[1024];
static bool pg_file_copy = true;

static void quiet_notice(void *arg, const char *msg)
{
    (void)arg, (void)msg;
}

/* url with its database name (the URI's path) replaced by db. */
static int url_with_db(const char *url, const char *db, char *out, size_t cap)
{
    const char *scheme = strstr(url, "://");
    if (!scheme)
        return -1;
    const char *path = scheme + 3 + strcspn(scheme + 3, "/?");
    const char *rest = path + strcspn(path, "?");
    int n = snprintf(out, cap, "%.*s/%s%s", (int)(path - url), url, db, rest);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int pg_admin_exec(const char *sql)
{
    PGresult *r = PQexec(pg_admin, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok && !strstr(sql, "FILE_COPY"))
        fprintf(stderr, "check: %s: %s", sql, PQerrorMessage(pg_admin));
    PQclear(r);
    return ok ? 0 : -1;
}

static int pg_case_create(void)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_case_db);
    if (pg_admin_exec(sql) != 0)
        return -1;
    /* FILE_COPY (PostgreSQL 15+) copies the files and checkpoints, which with fsync off costs
     * about half of the default WAL_LOG strategy's writing every page to the WAL. */
    if (pg_file_copy) {
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY",
                 pg_case_db, pg_tmpl_db);
        if (pg_admin_exec(sql) == 0)
            return 0;
        pg_file_copy = false; /* an older server: copy the default way from now on */
    }
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", pg_case_db, pg_tmpl_db);
    return pg_admin_exec(sql);
}

static void pg_template_drop(void)
{
    char sql[256];
    if (!pg_admin)
        return;
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_case_db);
    (void)pg_admin_exec(sql);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_tmpl_db);
    (void)pg_admin_exec(sql);
    PQfinish(pg_admin);
    pg_admin = NULL;
}

/* Makes the migrated template; 0 when every test can have its own copy. */
static int pg_template_make(void)
{
    const char *keys[] = {"dbname", "dbname", NULL};
    const char *vals[] = {db_url, "postgres", NULL};
    struct store *st = NULL;
    struct err e = {0};
    char sql[256];

    snprintf(pg_tmpl_db, sizeof pg_tmpl_db, "selfdirect_tmpl_%ld", (long)getpid());
    snprintf(pg_case_db, sizeof pg_case_db, "selfdirect_case_%ld", (long)getpid());
    if (url_with_db(db_url, pg_tmpl_db, pg_tmpl_url, sizeof pg_tmpl_url) != 0 ||
        url_with_db(db_url, pg_case_db, pg_case_url, sizeof pg_case_url) != 0)
        return -1;
    pg_admin = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(pg_admin) != CONNECTION_OK) {
        fprintf(stderr, "check: cannot reach the maintenance database: %s",
                PQerrorMessage(pg_admin));
        PQfinish(pg_admin);
        pg_admin = NULL;
        return -1;
    }
    PQsetNoticeProcessor(pg_admin, quiet_notice, NULL);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_tmpl_db);
    if (pg_admin_exec(sql) != 0)
        goto fail;
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_tmpl_db);
    if (pg_admin_exec(sql) != 0)
        goto fail;
    if (store_open_fresh(pg_tmpl_url, &st, &e) != 0) {
        fprintf(stderr, "check: cannot migrate the template database: %s\n", e.msg);
        goto fail;
    }
    store_close(st); /* a template must have no connections while it is copied */
    PGconn *t = PQconnectdb(pg_tmpl_url);
    if (PQstatus(t) == CONNECTION_OK) {
        PQsetNoticeProcessor(t, quiet_notice, NULL);
        PGresult *r = PQexec(t, RESET_SETUP_SQL);
        pg_can_reset = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!pg_can_reset)
            fprintf(stderr, "check: no quick reset between tests (%s)", PQerrorMessage(t));
        PQclear(r);
    }
    PQfinish(t);
    return 0;
fail:
    pg_template_drop();
    return -1;
}

/* Empties the case database in place; 0 when it is now as the template is. */
static int pg_case_reset(void)
{
    int ok = 0;
    PGconn *c = PQconnectdb(pg_case_url);
    if (PQstatus(c) == CONNECTION_OK) {
        /* A connection a test forgot could hold a lock: then copy anew (DROP ... FORCE ends it)
         * rather than wait. Only the speed depends on this timeout, never the result. */
        PGresult *r = PQexec(c, "SET lock_timeout = '2s'; SET statement_timeout = '60s'");
        PQclear(r);
        r = PQexec(c, "SELECT sd_reset.reset()");
        ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
             strcmp(PQgetvalue(r, 0, 0), "ok") == 0;
        PQclear(r);
    }
    PQfinish(c);
    return ok ? 0 : -1;
}

/* SQLite: the same idea with a file. The template is migrated once into the scratch directory and
 * closed (the last connection's close checkpoints the WAL into the file and removes it); each test
 * then gets a byte-for-byte copy of it at the suite's path, which is exactly what a fresh
 * migration would have written, at about half the cost. */
static char sq_tmpl_path[512];
static bool sq_tmpl_made;

static int file_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = NULL;
    char block[65536];
    size_t n;
    int rc = -1;
    if (!in)
        return -1;
    out = fopen(to, "wb");
    if (!out)
        goto done;
    while ((n = fread(block, 1, sizeof block, in)) > 0)
        if (fwrite(block, 1, n, out) != n)
            goto done;
    rc = ferror(in) ? -1 : 0;
done:
    if (out && fclose(out) != 0)
        rc = -1;
    fclose(in);
    return rc;
}

static void sq_template_make(void)
{
    char url[600], wal[600];
    struct store *st = NULL;
    struct err e = {0};
    snprintf(sq_tmpl_path, sizeof sq_tmpl_path, "%s/template.db", tmpdir);
    snprintf(url, sizeof url, "sqlite:%s", sq_tmpl_path);
    if (store_open_fresh(url, &st, &e) != 0) {
        fprintf(stderr, "check: cannot migrate the template store (%s); each test migrates its "
                        "own\n", e.msg);
        store_close(st);
        return;
    }
    store_close(st);
    snprintf(wal, sizeof wal, "%s-wal", sq_tmpl_path);
    /* A WAL left behind would hold part of the schema: then copying the file alone is wrong. */
    sq_tmpl_made = access(wal, F_OK) != 0;
}

static int sq_case_copy(struct store **st, struct err *e)
{
    int rc = store_wipe(db_url, e);
    if (rc != 0)
        return rc;
    if (file_copy(sq_tmpl_path, db_url + strlen("sqlite:")) != 0)
        return err_set(e, ERR_IO, "could not copy the template store to %s", db_url);
    return store_open(db_url, st, e);
}

static int fresh_store(struct store **st, struct err *e)
{
    if (sq_tmpl_made)
        return sq_case_copy(st, e);
    if (pg_admin) {
        if (pg_can_reset && pg_case_made && pg_case_reset() == 0) {
            pg_resets++;
            case_url = pg_case_url;
            return store_open(case_url, st, e);
        }
        pg_case_made = false;
        if (pg_case_create() == 0) {
            pg_copies++;
            pg_case_made = true;
            case_url = pg_case_url;
            return store_open(case_url, st, e);
        }
        fputs("check: could not copy the template database; this test migrates its own\n", stderr);
    }
    case_url = NULL;
    return store_open_fresh(db_url, st, e);
}

static int usage(void)
{
    fputs("usage: selfdirect-tests unit [FILTER]\n"
          "       selfdirect-tests store --db URL [FILTER]\n"
          "FILTER runs only tests whose name contains it.\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    enum test_suite suite;
    const char *filter = NULL;
    int passed = 0, failed = 0;
    bool times = getenv("CHECK_TIMES") != NULL;

    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "unit") == 0) {
        suite = SUITE_UNIT;
        if (argc > 2)
            filter = argv[2];
    } else if (strcmp(argv[1], "store") == 0) {
        suite = SUITE_STORE;
        if (argc < 4 || strcmp(argv[2], "--db") != 0)
            return usage();
        db_url = argv[3];
        if (argc > 4)
            filter = argv[4];
    } else {
        return usage();
    }

    snprintf(tmpdir, sizeof tmpdir, "/tmp/selfdirect-tests.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("check: mkdtemp");
        return 2;
    }
    atexit(remove_tmpdir);
    /* CHECK_FRESH=1: every test wipes and migrates its own store, the slow way (to compare, or
     * to rule the template out when a store test fails strangely). */
    if (suite != SUITE_STORE || getenv("CHECK_FRESH"))
        ;
    else if (str_has_prefix(db_url, "sqlite:") && !strchr(db_url, '?'))
        sq_template_make();
    else if (!str_has_prefix(db_url, "sqlite:") && pg_template_make() != 0)
        fputs("check: PostgreSQL store tests each migrate their own store (slower)\n", stderr);

    for (size_t i = 0; i < ncases; i++) {
        struct test_case *tc = &cases[i];
        if (tc->suite != suite || (filter && !strstr(tc->name, filter)))
            continue;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        current_failed = 0;
        current_name = tc->name;
        if (suite == SUITE_UNIT) {
            tc->fn();
        } else {
            struct err e = {0};
            struct store *st = NULL;
            if (fresh_store(&st, &e) != 0) {
                check_fail(tc->file, 0, "could not open a fresh store: %s", e.msg);
            } else {
                tc->sfn(st);
                store_close(st);
            }
        }
        if (current_failed)
            failed++;
        else
            passed++;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (times) /* to find the slow tests: CHECK_TIMES=1 selfdirect-tests ... | sort -n */
            fprintf(stderr, "time %6lld ms %s\n",
                    (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000,
                    tc->name);
    }
    if (pg_admin)
        fprintf(stderr, "check: PostgreSQL store tests ran on %d emptied and %d new copies of the "
                        "migrated template\n", pg_resets, pg_copies);
    pg_template_drop();
    printf("%s: %d passed, %d failed\n", suite == SUITE_UNIT ? "unit" : "store", passed, failed);
    free(cases);
    return failed ? 1 : 0;
}
