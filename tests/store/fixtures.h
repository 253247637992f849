/*
 * fixtures.h — helpers for the store tests: a fixed clock, and records made in one line so each
 * test says only what it is about. Each helper CHECKs its own success, so a broken fixture shows as
 * a failure of the test that used it.
 */
#ifndef SELFDIRECT_TESTS_STORE_FIXTURES_H
#define SELFDIRECT_TESTS_STORE_FIXTURES_H

#include <stdint.h>

#include "store/records.h"
#include "store/store.h"

/* 2025-06-15T12:00:00Z: the clock every store test passes in. */
#define FX_NOW INT64_C(1749988800)

struct store_conn *fx_conn(struct store *st);
int64_t fx_council(struct store_conn *c, const char *code);
int64_t fx_team(struct store_conn *c, int64_t council_id, const char *name);
int64_t fx_staff(struct store_conn *c, int64_t council_id, int64_t team_id, const char *email,
                 enum staff_role role);
/* Creates a person in its own transaction; dob "YYYY-MM-DD". Fills *out when not NULL. */
int64_t fx_person(struct store_conn *c, int64_t council_id, const char *given, const char *family,
                  const char *dob, struct person *out);
void fx_person_init(struct person *p, const char *given, const char *family, const char *dob);
int64_t fx_contact(struct store_conn *c, int64_t council_id, int64_t person_id, const char *name);
/* Count of rows in a table (any council). */
int64_t fx_count(struct store_conn *c, const char *table);

/* A URL the test may empty and reuse: for SQLite a new file in the run's scratch directory (the
 * harness's own store keeps its file), for PostgreSQL the test's own database (each store test
 * runs on its own copy of the migrated template; see tests/check.c). */
const char *fx_scratch_url(struct store *st);
/* Runs SQL on the database at url directly through sqlite3/libpq, bypassing the store: to make a
 * database that is not ours, or to look at one the store refuses to open. */
int fx_raw_exec(const char *url, const char *sql);
/* The first column of the first row of a raw query as an integer; -1 on failure. */
int64_t fx_raw_i64(const char *url, const char *sql);
/* Whether every table created by each embedded migration exists exactly when that migration is
 * recorded as applied: the store is wholly at a set of versions, never between. Reports problems
 * through check_fail and returns the number of applied migrations. */
int fx_check_whole_versions(struct store *st, const char *where);

#endif
