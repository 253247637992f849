/* Store tests of migrations and of opening stores: idempotence, interruption and crashes at every
 * statement, and the three refusals (not ours, newer, unreachable). Run on both backends. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "../check.h"
#include "fixtures.h"
#include "store/store.h"

static int count_cb_calls;
static void count_cb(void *ctx, int version, const char *name)
{
    (void)ctx, (void)version, (void)name;
    count_cb_calls++;
}

STORE_TEST(migrate_fresh_store_is_at_latest_version)
{
    struct err e = {0};
    int v = -1;
    CHECK_INT(store_schema_version(st, &v, &e), 0);
    CHECK_INT(v, store_schema_latest());
    CHECK(store_schema_latest() >= 5);
    CHECK_INT(store_require_current(st, &e), 0);
    CHECK_INT(fx_check_whole_versions(st, "fresh") > 0, 1);
}

STORE_TEST(migrate_twice_changes_nothing)
{
    struct err e = {0};
    struct store_conn *c = fx_conn(st);
    int64_t before = fx_count(c, "schema_migrations");
    store_release(c);
    count_cb_calls = 0;
    CHECK_INT(store_migrate_to(st, 0, count_cb, NULL, &e), 0);
    CHECK_INT(store_migrate_to(st, 0, count_cb, NULL, &e), 0);
    CHECK_INT(count_cb_calls, 0);
    c = fx_conn(st);
    CHECK_INT(fx_count(c, "schema_migrations"), before);
    store_release(c);
}

STORE_TEST(migrate_step_by_step_reports_each_version)
{
    struct err e = {0};
    struct store *s2 = NULL;
    const char *url = fx_scratch_url(st);
    int v = -1;
    CHECK_INT(store_wipe(url, &e), 0);
    CHECK_INT(store_open(url, &s2, &e), 0);
    if (!s2)
        return;
    CHECK_INT(store_schema_version(s2, &v, &e), 0);
    CHECK_INT(v, 0);
    count_cb_calls = 0;
    CHECK_INT(store_migrate_to(s2, 2, count_cb, NULL, &e), 0);
    CHECK_INT(count_cb_calls, 2);
    CHECK_INT(store_schema_version(s2, &v, &e), 0);
    CHECK_INT(v, 2);
    CHECK_INT(fx_check_whole_versions(s2, "at 2"), 2);
    CHECK_INT(store_require_current(s2, &e), ERR_UNSUPPORTED);
    CHECK_CONTAINS(e.msg, "selfdirect migrate");
    err_clear(&e);
    CHECK_INT(store_migrate(s2, &e), 0);
    CHECK_INT(store_schema_version(s2, &v, &e), 0);
    CHECK_INT(v, store_schema_latest());
    store_close(s2);
}

STORE_TEST(migrate_interrupted_at_every_statement_leaves_whole_versions)
{
    struct err e = {0};
    struct store *s2 = NULL;
    const char *url = fx_scratch_url(st);
    int failures = 0, v = -1;
    CHECK_INT(store_wipe(url, &e), 0);
    CHECK_INT(store_open(url, &s2, &e), 0);
    if (!s2)
        return;
    CHECK_INT(store_migrate_to(s2, 1, NULL, NULL, &e), 0);
    /* Fail statement 1, then 2, ... of a full migration, each time on the store the previous
     * failure left, until a run meets no fault. After every failure the store must hold whole
     * migrations only. */
    for (int n = 1; n < 5000; n++) {
        struct err fe = {0};
        char where[64];
        store_fault_fail_nth(n);
        int rc = store_migrate(s2, &fe);
        store_fault_fail_nth(0);
        if (rc == 0)
            break;
        failures++;
        CHECK_CONTAINS(fe.msg, "injected fault");
        snprintf(where, sizeof where, "after fault at statement %d", n);
        fx_check_whole_versions(s2, where);
    }
    CHECK(failures > 10);
    CHECK_INT(store_schema_version(s2, &v, &e), 0);
    CHECK_INT(v, store_schema_latest());
    fx_check_whole_versions(s2, "at the end");
    store_close(s2);
}

STORE_TEST(migrate_killed_mid_way_leaves_whole_versions)
{
    struct err e = {0};
    const char *url = fx_scratch_url(st);
    char copy[512];
    int crashes = 0, completed = 0;
    snprintf(copy, sizeof copy, "%s", url);
    CHECK_INT(store_wipe(copy, &e), 0);
    /* A child process migrates and is killed (_exit, no cleanup) at statement k; the parent then
     * opens the store as a new process would after a power cut. */
    for (int k = 1; k < 400 && !completed; k += 3) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            struct store *cs = NULL;
            struct err ce = {0};
            if (store_open(copy, &cs, &ce) != 0)
                _exit(3);
            store_fault_crash_nth(k);
            int rc = store_migrate(cs, &ce);
            _exit(rc == 0 ? 0 : 4);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status));
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        CHECK(code == 99 || code == 0);
        if (code == 0)
            completed = 1;
        else
            crashes++;
        struct store *s2 = NULL;
        struct err oe = {0};
        CHECK_INT(store_open(copy, &s2, &oe), 0);
        if (!s2) {
            check_fail(__FILE__, __LINE__, "reopen after crash at %d: %s", k, oe.msg);
            break;
        }
        char where[64];
        snprintf(where, sizeof where, "after a crash at statement %d", k);
        fx_check_whole_versions(s2, where);
        store_close(s2);
    }
    CHECK(crashes > 3);
    CHECK_INT(completed, 1);
}

struct migrator {
    const char *url;
    int rc;
    char msg[512];
};

static void *migrate_thread(void *arg)
{
    struct migrator *m = arg;
    struct store *s = NULL;
    struct err e = {0};
    m->rc = store_open(m->url, &s, &e);
    if (m->rc == 0)
        m->rc = store_migrate(s, &e);
    snprintf(m->msg, sizeof m->msg, "%s", e.msg);
    store_close(s);
    return NULL;
}

STORE_TEST(migrate_concurrent_migrators_queue_and_both_succeed)
{
    struct err e = {0};
    const char *url = fx_scratch_url(st);
    char copy[512];
    snprintf(copy, sizeof copy, "%s", url);
    CHECK_INT(store_wipe(copy, &e), 0);
    struct migrator m[3] = {{copy, -1, ""}, {copy, -1, ""}, {copy, -1, ""}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, migrate_thread, &m[i]);
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        if (m[i].rc != 0)
            check_fail(__FILE__, __LINE__, "migrator %d: %s", i, m[i].msg);
    }
    struct store *s2 = NULL;
    CHECK_INT(store_open(copy, &s2, &e), 0);
    if (s2) {
        struct store_conn *c = fx_conn(s2);
        int64_t rows = fx_count(c, "schema_migrations");
        int64_t distinct = -1;
        CHECK_INT(store_query_i64(c, "SELECT count(DISTINCT version) FROM schema_migrations", 0,
                                  NULL, &distinct, &e),
                  0);
        CHECK_INT(rows, distinct);
        store_release(c);
        CHECK_INT(fx_check_whole_versions(s2, "after concurrent migrators"), (int)rows);
        store_close(s2);
    }
}

STORE_TEST(open_refuses_a_database_that_is_not_ours_and_leaves_it_alone)
{
    struct err e = {0};
    struct store *s2 = NULL;
    const char *url = fx_scratch_url(st);
    char copy[512];
    snprintf(copy, sizeof copy, "%s", url);
    CHECK_INT(store_wipe(copy, &e), 0);
    CHECK_INT(fx_raw_exec(copy, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); "
                                "INSERT INTO customers (id, name) VALUES (1, 'Acme');"),
              0);
    CHECK_INT(store_open(copy, &s2, &e), ERR_CONFLICT);
    CHECK(s2 == NULL);
    store_close(s2);
    CHECK_CONTAINS(e.msg, "is not a selfdirect store");
    CHECK_CONTAINS(e.msg, "customers");
    CHECK_CONTAINS(e.msg, "Nothing was changed");
    /* Still exactly one table with its row; and a SQLite file was not switched to WAL. */
    if (store_backend_of(st) == STORE_SQLITE) {
        CHECK_INT(fx_raw_i64(copy, "SELECT count(*) FROM sqlite_schema"), 1);
        /* header bytes 18-19 are 1 for a rollback journal, 2 for WAL */
        FILE *f = fopen(copy + 7, "rb");
        unsigned char hdr[20] = {0};
        CHECK(f && fread(hdr, 1, sizeof hdr, f) == sizeof hdr);
        if (f)
            fclose(f);
        CHECK_INT(hdr[18], 1);
        CHECK_INT(hdr[19], 1);
    } else {
        CHECK_INT(fx_raw_i64(copy, "SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_schema = 'public'"),
                  1);
    }
    CHECK_INT(fx_raw_i64(copy, "SELECT count(*) FROM customers"), 1);
    /* migrate refuses the same way (it opens first) */
    err_clear(&e);
    CHECK_INT(store_open_fresh(copy, &s2, &e), 0); /* wipe is explicit: then it is ours */
    store_close(s2);
}

STORE_TEST(open_refuses_a_sqlite_file_that_is_not_a_database)
{
    struct err e = {0};
    struct store *s2 = NULL;
    char path[512], url[600];
    (void)st;
    snprintf(path, sizeof path, "%s/notes.txt", check_tmpdir());
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    for (int i = 0; i < 100; i++)
        fputs("These are someone's notes, not a database.\n", f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s", path);
    CHECK_INT(store_open(url, &s2, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "not a selfdirect store");
    CHECK_CONTAINS(e.msg, "not a SQLite database");
    f = fopen(path, "r");
    char line[128] = "";
    CHECK(f && fgets(line, sizeof line, f));
    CHECK_STR(line, "These are someone's notes, not a database.\n");
    if (f)
        fclose(f);
}

STORE_TEST(open_refuses_a_store_newer_than_this_binary)
{
    struct err e = {0};
    struct store *s2 = NULL;
    struct store_conn *c = fx_conn(st);
    CHECK_INT(store_exec(c, "INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES (9999, 'from_the_future', '2031-01-01T00:00:00Z')",
                         &e),
              0);
    store_release(c);
    CHECK_INT(store_open(check_db_url(), &s2, &e), ERR_UNSUPPORTED);
    CHECK(s2 == NULL);
    CHECK_CONTAINS(e.msg, "newer selfdirect");
    CHECK_CONTAINS(e.msg, "9999");
    err_clear(&e);
    CHECK_INT(store_migrate(st, &e), ERR_UNSUPPORTED);
    c = fx_conn(st);
    int64_t n = -1, params[1] = {9999};
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM schema_migrations WHERE version = ?", 1,
                              params, &n, &e),
              0);
    CHECK_INT(n, 1);
    store_release(c);
}

STORE_TEST(open_refuses_an_unreachable_store_with_one_clear_message)
{
    struct err e = {0};
    struct store *s2 = NULL;
    (void)st;
    CHECK_INT(store_open("sqlite:/nonexistent-selfdirect-dir/x.db", &s2, &e), ERR_IO);
    CHECK_CONTAINS(e.msg, "cannot open the SQLite store sqlite:/nonexistent-selfdirect-dir/x.db");
    err_clear(&e);
    CHECK_INT(store_open("postgresql://nobody:sekret@/nodb?host=/nonexistent-selfdirect-dir&port=5",
                         &s2, &e),
              ERR_IO);
    CHECK(s2 == NULL);
    CHECK_CONTAINS(e.msg, "cannot reach the PostgreSQL store at postgresql://nobody:***@/nodb");
    CHECK_CONTAINS(e.msg, "Check that the server is running");
    CHECK(strstr(e.msg, "sekret") == NULL);
}

STORE_TEST(open_refuses_urls_it_does_not_understand)
{
    struct err e = {0};
    struct store *s2 = NULL;
    (void)st;
    CHECK_INT(store_open("mysql://localhost/x", &s2, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "use sqlite:PATH or postgresql://");
    err_clear(&e);
    CHECK_INT(store_open("", &s2, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(store_open("sqlite:", &s2, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "no file name");
    err_clear(&e);
    CHECK_INT(store_open("sqlite:x.db?pool_size=0", &s2, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "pool_size");
    err_clear(&e);
    CHECK_INT(store_open("postgresql://h/db?pool_size=many", &s2, &e), ERR_INVALID);
    CHECK(s2 == NULL);
}

STORE_TEST(open_pool_size_parameter_is_ours_not_the_database_s)
{
    struct err e = {0};
    struct store *s2 = NULL;
    char url[700];
    const char *base = check_db_url();
    snprintf(url, sizeof url, "%s%spool_size=2", base, strchr(base, '?') ? "&" : "?");
    CHECK_INT(store_open(url, &s2, &e), 0);
    if (!s2)
        return;
    CHECK(strstr(store_display_url(s2), "pool_size") == NULL);
    struct store_conn *a = fx_conn(s2), *b = fx_conn(s2);
    CHECK(a && b && a != b);
    store_release(a);
    store_release(b);
    store_close(s2);
    (void)st;
}
