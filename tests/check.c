/* The runner behind tests/check.h: registration, the two suites, the closing count line. */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"
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
static const char *db_url;
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

const char *check_db_url(void) { return db_url; }
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

    for (size_t i = 0; i < ncases; i++) {
        struct test_case *tc = &cases[i];
        if (tc->suite != suite || (filter && !strstr(tc->name, filter)))
            continue;
        current_failed = 0;
        current_name = tc->name;
        if (suite == SUITE_UNIT) {
            tc->fn();
        } else {
            struct err e = {0};
            struct store *st = NULL;
            if (store_open_fresh(db_url, &st, &e) != 0) {
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
    }
    printf("%s: %d passed, %d failed\n", suite == SUITE_UNIT ? "unit" : "store", passed, failed);
    free(cases);
    return failed ? 1 : 0;
}
