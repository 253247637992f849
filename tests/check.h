/*
 * check.h — the project's unit-test harness. A test is a function declared with TEST(name); it
 * registers itself before main() runs, so a new test file needs no list to be edited. Suites:
 *   TEST(name)        pure tests (base, domain, io), run by `selfdirect-tests unit`
 *   STORE_TEST(name)  tests given a fresh, migrated store; run by `selfdirect-tests store --db URL`
 *                     once against SQLite and once against PostgreSQL (scripts/test).
 * CHECK* macros record a failure with file:line and carry on, so one run shows every broken case.
 * The runner ends with the line `<suite>: N passed, N failed` and exits 1 if anything failed.
 */
#ifndef SELFDIRECT_TESTS_CHECK_H
#define SELFDIRECT_TESTS_CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

struct store;

enum test_suite { SUITE_UNIT, SUITE_STORE };

typedef void (*test_fn)(void);
typedef void (*store_test_fn)(struct store *st);

void check_register(enum test_suite suite, const char *name, const char *file, test_fn fn,
                    store_test_fn sfn);
void check_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The database URL the store suite runs against (for tests that must open a second handle). */
const char *check_db_url(void);
/* A scratch directory for this run (deleted at exit). */
const char *check_tmpdir(void);

#define TEST(name)                                                                         \
    static void test_##name(void);                                                         \
    __attribute__((constructor)) static void register_##name(void)                         \
    {                                                                                      \
        check_register(SUITE_UNIT, #name, __FILE__, test_##name, NULL);                    \
    }                                                                                      \
    static void test_##name(void)

#define STORE_TEST(name)                                                                   \
    static void store_test_##name(struct store *st);                                       \
    __attribute__((constructor)) static void register_store_##name(void)                   \
    {                                                                                      \
        check_register(SUITE_STORE, #name, __FILE__, NULL, store_test_##name);             \
    }                                                                                      \
    static void store_test_##name(struct store *st)

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond))                                                                       \
            check_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                            \
    } while (0)

#define CHECK_INT(a, b)                                                                    \
    do {                                                                                   \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
        if (check_a_ != check_b_)                                                          \
            check_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, check_a_, \
                       #b, check_b_);                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                                    \
    do {                                                                                   \
        const char *check_a_ = (a), *check_b_ = (b);                                       \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0)                     \
            check_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a,            \
                       check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)");    \
    } while (0)

/* Substring match, for error messages: tests pin the words a person reads, not the whole text. */
#define CHECK_CONTAINS(hay, needle)                                                        \
    do {                                                                                   \
        const char *check_h_ = (hay), *check_n_ = (needle);                                \
        if (!check_h_ || !strstr(check_h_, check_n_))                                      \
            check_fail(__FILE__, __LINE__, "%s == \"%s\" does not contain \"%s\"", #hay,   \
                       check_h_ ? check_h_ : "(null)", check_n_);                          \
    } while (0)

#endif
