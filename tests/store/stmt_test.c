/* Store tests of the statement interface itself: types round-trip identically on both backends,
 * NULLs, blobs, changes, the statement cache under nested use, binding mistakes. */
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/err.h"
#include "fixtures.h"
#include "store/store.h"

static void make_scratch(struct store_conn *c)
{
    struct err e = {0};
    CHECK_INT(store_exec(c, "CREATE TABLE scratch (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                            "n INTEGER, t TEXT, b BLOB) STRICT",
                         &e),
              0);
}

STORE_TEST(stmt_values_round_trip)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct store_stmt *s;
    static const unsigned char blob[] = {0, 1, 2, 0xff, 0, 'x'};
    const char *text = "it's \"quoted\" — ünïcödé; DROP TABLE scratch; --";
    make_scratch(c);
    CHECK_INT(store_prepare(c, "INSERT INTO scratch (n, t, b) VALUES (?, ?, ?) RETURNING id", &s,
                            &e),
              0);
    store_bind_i64(s, 1, INT64_MIN + 1);
    store_bind_text(s, 2, text);
    store_bind_blob(s, 3, blob, sizeof blob);
    CHECK_INT(store_step(s, &e), STORE_ROW);
    int64_t id = store_col_i64(s, 0);
    CHECK(id > 0);
    store_finish(s);
    CHECK_INT(store_prepare(c, "INSERT INTO scratch (n, t, b) VALUES (?, ?, ?)", &s, &e), 0);
    store_bind_i64(s, 1, INT64_MAX);
    store_bind_null(s, 2);
    store_bind_blob(s, 3, "", 0);
    CHECK_INT(store_step(s, &e), STORE_DONE);
    CHECK_INT(store_changes(s), 1);
    store_finish(s);

    CHECK_INT(store_prepare(c, "SELECT n, t, b FROM scratch ORDER BY id", &s, &e), 0);
    CHECK_INT(store_step(s, &e), STORE_ROW);
    CHECK_INT(store_col_count(s), 3);
    CHECK(store_col_i64(s, 0) == INT64_MIN + 1);
    CHECK_STR(store_col_text(s, 1), text);
    size_t n = 0;
    const unsigned char *got = store_col_blob(s, 2, &n);
    CHECK_INT(n, sizeof blob);
    CHECK(got && memcmp(got, blob, sizeof blob) == 0);
    CHECK_INT(store_step(s, &e), STORE_ROW);
    CHECK(store_col_i64(s, 0) == INT64_MAX);
    CHECK(store_col_is_null(s, 1));
    CHECK(store_col_text(s, 1) == NULL);
    CHECK(!store_col_is_null(s, 2));
    CHECK_INT(store_step(s, &e), STORE_DONE);
    CHECK_INT(store_step(s, &e), STORE_DONE);
    store_finish(s);
    store_release(c);
}

STORE_TEST(stmt_changes_counts_rows)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct store_stmt *s;
    make_scratch(c);
    for (int i = 0; i < 5; i++) {
        CHECK_INT(store_prepare(c, "INSERT INTO scratch (n) VALUES (?)", &s, &e), 0);
        store_bind_i64(s, 1, i);
        CHECK_INT(store_step(s, &e), STORE_DONE);
        store_finish(s);
    }
    CHECK_INT(store_prepare(c, "UPDATE scratch SET t = 'x' WHERE n >= ?", &s, &e), 0);
    store_bind_i64(s, 1, 2);
    CHECK_INT(store_step(s, &e), STORE_DONE);
    CHECK_INT(store_changes(s), 3);
    store_finish(s);
    CHECK_INT(store_prepare(c, "DELETE FROM scratch WHERE n = ?", &s, &e), 0);
    store_bind_i64(s, 1, 42);
    CHECK_INT(store_step(s, &e), STORE_DONE);
    CHECK_INT(store_changes(s), 0);
    store_finish(s);
    store_release(c);
}

STORE_TEST(stmt_same_text_nested_gets_its_own_statement)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct store_stmt *outer, *inner;
    const char *sql = "SELECT n FROM scratch WHERE n >= ? ORDER BY n";
    make_scratch(c);
    CHECK_INT(store_exec(c, "INSERT INTO scratch (n) VALUES (1), (2), (3)", &e), 0);
    CHECK_INT(store_prepare(c, sql, &outer, &e), 0);
    store_bind_i64(outer, 1, 1);
    int rows = 0, inner_rows = 0;
    while (store_step(outer, &e) == STORE_ROW) {
        rows++;
        CHECK_INT(store_prepare(c, sql, &inner, &e), 0);
        CHECK(inner != outer);
        store_bind_i64(inner, 1, store_col_i64(outer, 0));
        while (store_step(inner, &e) == STORE_ROW)
            inner_rows++;
        store_finish(inner);
    }
    store_finish(outer);
    CHECK_INT(rows, 3);
    CHECK_INT(inner_rows, 3 + 2 + 1);
    /* and the cached statement is reusable afterwards */
    CHECK_INT(store_prepare(c, sql, &outer, &e), 0);
    store_bind_i64(outer, 1, 3);
    CHECK_INT(store_step(outer, &e), STORE_ROW);
    CHECK_INT(store_col_i64(outer, 0), 3);
    store_finish(outer);
    store_release(c);
}

STORE_TEST(stmt_binding_mistakes_are_reported_not_run)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct store_stmt *s;
    make_scratch(c);
    CHECK_INT(store_prepare(c, "INSERT INTO scratch (n, t) VALUES (?, ?)", &s, &e), 0);
    store_bind_i64(s, 1, 1);
    CHECK_INT(store_step(s, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "parameter 2");
    store_finish(s);
    err_clear(&e);
    CHECK_INT(store_prepare(c, "INSERT INTO scratch (n) VALUES (?)", &s, &e), 0);
    store_bind_i64(s, 1, 1);
    store_bind_i64(s, 2, 2);
    CHECK_INT(store_step(s, &e), ERR_INVALID);
    store_finish(s);
    CHECK_INT(fx_count(c, "scratch"), 0);
    err_clear(&e);
    /* SQLite finds the mistake when preparing, PostgreSQL when first running: same outcome */
    int rc = store_prepare(c, "SELEKT 1", &s, &e);
    if (rc == 0) {
        rc = store_step(s, &e);
        store_finish(s);
    }
    CHECK_INT(rc, ERR_IO);
    CHECK_CONTAINS(e.msg, "SELEKT");
    store_release(c);
}

STORE_TEST(stmt_constraint_failures_map_to_error_codes)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    CHECK_INT(store_exec(c, "CREATE TABLE uq (k TEXT NOT NULL UNIQUE, v INTEGER CHECK (v > 0)) "
                            "STRICT",
                         &e),
              0);
    CHECK_INT(store_exec(c, "INSERT INTO uq (k, v) VALUES ('a', 1)", &e), 0);
    CHECK_INT(store_exec(c, "INSERT INTO uq (k, v) VALUES ('a', 2)", &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "duplicate");
    err_clear(&e);
    CHECK_INT(store_exec(c, "INSERT INTO uq (k, v) VALUES ('b', 0)", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(store_exec(c, "INSERT INTO uq (k, v) VALUES (NULL, 3)", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(store_exec(c, "INSERT INTO no_such_table VALUES (1)", &e), ERR_IO);
    store_release(c);
}

STORE_TEST(stmt_query_i64_and_exec_helpers)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t v = 0, params[2] = {2, 4};
    make_scratch(c);
    CHECK_INT(store_exec(c, "INSERT INTO scratch (n) VALUES (1), (2), (3), (4), (5)", &e), 0);
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM scratch WHERE n >= ? AND n < ?", 2, params,
                              &v, &e),
              0);
    CHECK_INT(v, 2);
    CHECK_INT(store_exec(c, "DELETE FROM scratch", &e), 0);
    CHECK_INT(store_query_i64(c, "SELECT n FROM scratch", 0, NULL, &v, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(store_exec(c, "SELECT n FROM scratch WHERE n = ?", &e), ERR_INVALID);
    bool exists = false;
    CHECK_INT(store_table_exists(c, "scratch", &exists, &e), 0);
    CHECK(exists);
    CHECK_INT(store_table_exists(c, "nonesuch", &exists, &e), 0);
    CHECK(!exists);
    store_release(c);
}
