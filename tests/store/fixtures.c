/* fixtures.c — see fixtures.h. */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "../check.h"

struct store_conn *fx_conn(struct store *st)
{
    struct store_conn *c = NULL;
    struct err e = {0};
    if (store_acquire(st, &c, &e) != 0)
        check_fail(__FILE__, __LINE__, "store_acquire: %s", e.msg);
    return c;
}

int64_t fx_council(struct store_conn *c, const char *code)
{
    struct council co = {0};
    struct err e = {0};
    str_copy(co.code, sizeof co.code, code);
    snprintf(co.name, sizeof co.name, "%s Borough Council", code);
    if (council_create(c, &co, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "council_create %s: %s", code, e.msg);
    return co.id;
}

int64_t fx_team(struct store_conn *c, int64_t council_id, const char *name)
{
    struct team t = {0};
    struct err e = {0};
    str_copy(t.name, sizeof t.name, name);
    if (team_create(c, council_id, &t, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "team_create %s: %s", name, e.msg);
    return t.id;
}

int64_t fx_staff(struct store_conn *c, int64_t council_id, int64_t team_id, const char *email,
                 enum staff_role role)
{
    struct staff s = {0};
    struct err e = {0};
    snprintf(s.name, sizeof s.name, "Staff %s", email);
    str_copy(s.email, sizeof s.email, email);
    s.team_id = team_id;
    s.role = role;
    s.active = true;
    if (staff_create(c, council_id, &s, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "staff_create %s: %s", email, e.msg);
    return s.id;
}

void fx_person_init(struct person *p, const char *given, const char *family, const char *dob)
{
    memset(p, 0, sizeof *p);
    str_copy(p->given_name, sizeof p->given_name, given);
    str_copy(p->family_name, sizeof p->family_name, family);
    if (date_parse_iso(dob, strlen(dob), &p->date_of_birth, "date_of_birth", NULL) != 0)
        check_fail(__FILE__, __LINE__, "bad fixture date %s", dob);
    str_copy(p->address_line1, sizeof p->address_line1, "1 Test Street");
    str_copy(p->town, sizeof p->town, "Demoford");
    str_copy(p->postcode, sizeof p->postcode, "DM1 2AB");
    p->client_group = CLIENT_OLDER_PEOPLE;
}

int64_t fx_person(struct store_conn *c, int64_t council_id, const char *given, const char *family,
                  const char *dob, struct person *out)
{
    struct person p;
    struct err e = {0};
    fx_person_init(&p, given, family, dob);
    if (store_begin(c, &e) != 0 || person_create(c, council_id, &p, FX_NOW, &e) != 0 ||
        store_commit(c, &e) != 0) {
        check_fail(__FILE__, __LINE__, "person %s %s: %s", given, family, e.msg);
        store_rollback(c);
        return 0;
    }
    if (out)
        *out = p;
    return p.id;
}

int64_t fx_contact(struct store_conn *c, int64_t council_id, int64_t person_id, const char *name)
{
    struct contact ct = {0};
    struct err e = {0};
    ct.person_id = person_id;
    str_copy(ct.name, sizeof ct.name, name);
    str_copy(ct.relationship, sizeof ct.relationship, "daughter");
    if (contact_create(c, council_id, &ct, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "contact %s: %s", name, e.msg);
    return ct.id;
}

int64_t fx_count(struct store_conn *c, const char *table)
{
    char sql[128];
    int64_t n = -1;
    struct err e = {0};
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (store_query_i64(c, sql, 0, NULL, &n, &e) != 0)
        check_fail(__FILE__, __LINE__, "count %s: %s", table, e.msg);
    return n;
}

/* ---- raw access and migration consistency --------------------------------------------------- */

#include <ctype.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "base/asset.h"

const char *fx_scratch_url(struct store *st)
{
    static char url[512];
    static int n;
    if (store_backend_of(st) == STORE_POSTGRES)
        return check_db_url();
    snprintf(url, sizeof url, "sqlite:%s/scratch-%d.db", check_tmpdir(), ++n);
    return url;
}

static void quiet_notice(void *arg, const char *msg)
{
    (void)arg, (void)msg;
}

static const char *sqlite_path(const char *url)
{
    return str_has_prefix(url, "sqlite:") ? url + 7 : NULL;
}

int fx_raw_exec(const char *url, const char *sql)
{
    const char *path = sqlite_path(url);
    if (path) {
        sqlite3 *db = NULL;
        char *msg = NULL;
        int rc = sqlite3_open(path, &db);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
        if (rc != SQLITE_OK)
            check_fail(__FILE__, __LINE__, "raw sqlite: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return rc == SQLITE_OK ? 0 : -1;
    }
    PGconn *conn = PQconnectdb(url);
    int ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
        PQsetNoticeProcessor(conn, quiet_notice, NULL);
        PGresult *r = PQexec(conn, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            check_fail(__FILE__, __LINE__, "raw pg: %s", PQerrorMessage(conn));
        PQclear(r);
    } else {
        check_fail(__FILE__, __LINE__, "raw pg connect: %s", PQerrorMessage(conn));
    }
    PQfinish(conn);
    return ok ? 0 : -1;
}

int64_t fx_raw_i64(const char *url, const char *sql)
{
    const char *path = sqlite_path(url);
    int64_t v = -1;
    if (path) {
        sqlite3 *db = NULL;
        sqlite3_stmt *s = NULL;
        if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
            sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        sqlite3_close(db);
        return v;
    }
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult *r = PQexec(conn, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
            v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
    }
    PQfinish(conn);
    return v;
}

/* Table names after each "CREATE TABLE" in a migration's text. */
static int created_tables(const char *text, char names[][64], int max)
{
    int n = 0;
    const char *p = text;
    while ((p = strcasestr(p, "CREATE TABLE ")) && n < max) {
        p += 13;
        while (*p == ' ')
            p++;
        if (strncasecmp(p, "IF NOT EXISTS ", 14) == 0)
            p += 14;
        size_t len = 0;
        while (isalnum((unsigned char)p[len]) || p[len] == '_')
            len++;
        if (len > 0 && len < 64) {
            memcpy(names[n], p, len);
            names[n][len] = '\0';
            n++;
        }
    }
    return n;
}

int fx_check_whole_versions(struct store *st, const char *where)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int applied_count = 0;
    if (!c)
        return -1;
    bool have_migrations = false;
    if (store_table_exists(c, "schema_migrations", &have_migrations, &e) != 0)
        check_fail(__FILE__, __LINE__, "%s: %s", where, e.msg);
    for (size_t i = 0; i < asset_count(); i++) {
        const struct asset *a = asset_at(i);
        if (!str_has_prefix(a->path, "data/migrations/") || !strstr(a->path, ".sql"))
            continue;
        const char *file = a->path + strlen("data/migrations/");
        int64_t version;
        if (str_to_i64(file, 4, 1, 9999, &version) != 0)
            continue;
        int64_t applied = 0;
        if (have_migrations) {
            if (store_query_i64(c, "SELECT count(*) FROM schema_migrations WHERE version = ?", 1,
                                &version, &applied, &e) != 0)
                check_fail(__FILE__, __LINE__, "%s: %s", where, e.msg);
        }
        applied_count += applied ? 1 : 0;
        char names[64][64];
        int n = created_tables((const char *)a->data, names, 64);
        for (int k = 0; k < n; k++) {
            bool exists = false;
            if (store_table_exists(c, names[k], &exists, &e) != 0)
                check_fail(__FILE__, __LINE__, "%s: %s", where, e.msg);
            if (exists != (applied != 0))
                check_fail(__FILE__, __LINE__,
                           "%s: migration %s is %s but its table %s %s", where, file,
                           applied ? "recorded" : "not recorded", names[k],
                           exists ? "exists" : "is missing");
        }
    }
    store_release(c);
    return applied_count;
}
