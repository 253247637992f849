/* selfdirect plan-report — the managers' planning reports from the command line (the same rows and
 * rules as /reports/choice and /reports/traditional), and the benchmark behind the figure in
 * docs/planning.md: a year's reports for a large council. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "domain/choice_report.h"
#include "domain/plan_mix.h"
#include "store/plan_bench.h"
#include "store/plan_store.h"
#include "store/records.h"
#include "store/store.h"

static void help(FILE *out)
{
    fputs("usage: selfdirect plan-report COMMAND [options]\n\n"
          "  traditional --council CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
          "           traditional (home care hours, day-centre places) and other support in\n"
          "           the plans signed off in the period, as CSV on standard output (the same\n"
          "           figures and small-number rule as /reports/traditional)\n"
          "  choice   --council CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
          "           the offers-and-choices totals for budgets agreed in the period\n"
          "  bench    [--people N]\n"
          "           a FRESH store with N people (default 100000) with budgets agreed over a\n"
          "           year, offers and signed-off plans (plan_bench_seed), then both reports\n"
          "           over that year, timed\n\n"
          "The period defaults to the 12 months to today. Every command takes --db URL\n"
          "(default: $SELFDIRECT_DB, else sqlite:selfdirect.db). bench EMPTIES the store.\n"
          "exit codes: 0 ok, 2 usage, 3 bad input, 4 store, 5 internal\n",
          out);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "selfdirect plan-report: %s\nRun 'selfdirect plan-report --help' for usage.\n",
            msg);
    return EXIT_USAGE;
}

static int exit_for(const struct err *e)
{
    switch (e->code) {
    case ERR_INVALID:
    case ERR_RANGE:
    case ERR_NOT_FOUND: return EXIT_DATA;
    case ERR_NOMEM: return EXIT_INTERNAL;
    default: return EXIT_STORE;
    }
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct opts {
    const char *url, *council;
    day_t from, to;
    int64_t people;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {
        {"db", required_argument, NULL, 'd'},   {"council", required_argument, NULL, 'c'},
        {"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'},
        {"people", required_argument, NULL, 'n'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    memset(o, 0, sizeof *o);
    o->url = cli_default_db();
    o->to = (day_t)(time(NULL) / 86400);
    o->from = date_add_months(o->to, -12);
    o->people = 100000;
    optind = 2;
    while ((opt = getopt_long(argc, argv, "d:c:f:t:n:h", lo, NULL)) != -1) {
        switch (opt) {
        case 'd': o->url = optarg; break;
        case 'c': o->council = optarg; break;
        case 'f':
            if (date_parse_iso(optarg, strlen(optarg), &o->from, "from", NULL) != 0)
                return usage_error("--from takes a date like 2025-04-01");
            break;
        case 't':
            if (date_parse_iso(optarg, strlen(optarg), &o->to, "to", NULL) != 0)
                return usage_error("--to takes a date like 2026-03-31");
            break;
        case 'n':
            if (str_to_i64(optarg, strlen(optarg), 1, 5000000, &o->people) != 0)
                return usage_error("--people takes a number from 1 to 5000000");
            break;
        case 'h': help(stdout); return -1;
        default: return usage_error("unknown option");
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument");
    if (o->to < o->from)
        return usage_error("--to is before --from");
    return 0;
}

static int open_council(const struct opts *o, struct store **st, struct store_conn **c,
                        struct council *co, struct plan_settings *ps)
{
    struct err e = {0};
    if (!o->council)
        return usage_error("--council CODE is needed");
    if (store_open(o->url, st, &e) != 0 || store_require_current(*st, &e) != 0 ||
        store_acquire(*st, c, &e) != 0 || council_find_code(*c, o->council, co, &e) != 0 ||
        plan_settings_get(*c, co->id, ps, &e) != 0) {
        fprintf(stderr, "selfdirect plan-report: %s\n", e.msg);
        return exit_for(&e);
    }
    return 0;
}

static int cmd_traditional(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct plan_settings ps;
    struct arena a;
    struct plan_mix_row *rows;
    struct plan_mix_report rep;
    struct buf out;
    struct err e = {0};
    size_t n;
    int rc = open_council(o, &st, &c, &co, &ps);
    if (rc != 0) {
        store_release(c);
        store_close(st);
        return rc;
    }
    arena_init(&a, 0);
    buf_init(&out, 64u << 20);
    if (plan_report_mix_rows(c, co.id, o->from, o->to, &a, &rows, &n, &e) != 0 ||
        plan_mix_build(rows, n, o->from, o->to, ps.suppress_below, &a, &rep, &e) != 0 ||
        plan_mix_csv(&rep, &out, &e) != 0) {
        fprintf(stderr, "selfdirect plan-report traditional: %s\n", e.msg);
        rc = exit_for(&e);
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
        rc = EXIT_INTERNAL;
    }
    buf_release(&out);
    arena_release(&a);
    store_release(c);
    store_close(st);
    return rc;
}

static int cmd_choice(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct plan_settings ps;
    struct arena a;
    struct choice_report_row *rows;
    struct choice_report rep;
    struct err e = {0};
    size_t n;
    int rc = open_council(o, &st, &c, &co, &ps);
    if (rc != 0) {
        store_release(c);
        store_close(st);
        return rc;
    }
    arena_init(&a, 0);
    if (plan_report_choice_rows(c, co.id, o->from, o->to, &a, &rows, &n, &e) != 0 ||
        choice_report_build(rows, n, o->from, o->to, ps.suppress_below, &a, &rep, &e) != 0) {
        fprintf(stderr, "selfdirect plan-report choice: %s\n", e.msg);
        rc = exit_for(&e);
    } else {
        char cell[64];
        if (rep.total.suppressed)
            printf("people: fewer than %d\n", rep.suppress_below);
        else
            printf("people: %zu\n", rep.total.people);
        for (int m = 0; m < CR_MEASURE_COUNT; m++) {
            choice_report_cell_format(&rep, &rep.total, &rep.total.cells[m], cell, sizeof cell);
            printf("%s: %s\n", choice_report_measure_title((enum choice_report_measure)m), cell);
        }
    }
    arena_release(&a);
    store_release(c);
    store_close(st);
    return rc;
}

static int cmd_bench(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct plan_bench_counts k;
    struct arena a;
    struct err e = {0};
    struct choice_report_row *crows;
    struct choice_report crep;
    struct plan_mix_row *mrows;
    struct plan_mix_report mrep;
    size_t cn = 0, mn = 0;
    int64_t now = (int64_t)time(NULL);
    day_t from = o->to - 364;
    double t0, c0, t_choice, c_choice, t_mix, c_mix;
    int rc;

    arena_init(&a, 0);
    printf("bench/plan-reports: %lld people, store %s\n", (long long)o->people, o->url);
    fflush(stdout);
    t0 = seconds();
    memset(&co, 0, sizeof co);
    str_copy(co.code, sizeof co.code, "PBENCH");
    str_copy(co.name, sizeof co.name, "Planning Benchmark Council");
    if ((rc = store_open_fresh(o->url, &st, &e)) != 0 || (rc = store_acquire(st, &c, &e)) != 0 ||
        (rc = council_create(c, &co, now, &e)) != 0 ||
        (rc = plan_bench_seed(c, co.id, (int)o->people, from, 1, now, &k, &e)) != 0)
        goto fail;
    printf("seeded %lld people, %lld budgets, %lld offers, %lld plans, %lld plan lines in %.1f s "
           "(not counted)\n",
           (long long)k.people, (long long)k.budgets, (long long)k.offers, (long long)k.plans,
           (long long)k.lines, seconds() - t0);
    fflush(stdout);

    t0 = seconds();
    c0 = cpu_seconds();
    if ((rc = plan_report_choice_rows(c, co.id, from, o->to, &a, &crows, &cn, &e)) != 0 ||
        (rc = choice_report_build(crows, cn, from, o->to, 5, &a, &crep, &e)) != 0)
        goto fail;
    t_choice = seconds() - t0;
    c_choice = cpu_seconds() - c0;
    printf("choice report, a year: %zu people, %zu workers, %zu teams, %zu client groups in "
           "%.2f s (cpu %.2f s)\n",
           crep.total.people, crep.by_worker.ngroups, crep.by_team.ngroups,
           crep.by_client_group.ngroups, t_choice, c_choice);
    fflush(stdout);

    t0 = seconds();
    c0 = cpu_seconds();
    if ((rc = plan_report_mix_rows(c, co.id, from, o->to, &a, &mrows, &mn, &e)) != 0 ||
        (rc = plan_mix_build(mrows, mn, from, o->to, 5, &a, &mrep, &e)) != 0)
        goto fail;
    t_mix = seconds() - t0;
    c_mix = cpu_seconds() - c0;
    printf("traditional-support report, a year: %zu plans costed, traditional %lld.%02lld%% of "
           "spending, in %.2f s (cpu %.2f s)\n",
           mrep.total.plans, (long long)(mrep.total.traditional_bp / 100),
           (long long)(mrep.total.traditional_bp % 100), t_mix, c_mix);
    printf("(the database's own CPU is in the wall time for PostgreSQL, in the process's for "
           "SQLite)\n");
    arena_release(&a);
    store_release(c);
    store_close(st);
    return EXIT_OK;
fail:
    fprintf(stderr, "selfdirect plan-report bench: %s\n", e.msg);
    arena_release(&a);
    store_release(c);
    store_close(st);
    return exit_for(&e);
}

int cmd_plan_report(int argc, char **argv)
{
    struct opts o;
    const char *sub = argc > 1 ? argv[1] : NULL;
    int rc;
    if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        help(sub ? stdout : stderr);
        return sub ? EXIT_OK : EXIT_USAGE;
    }
    if ((rc = parse_opts(argc, argv, &o)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (strcmp(sub, "traditional") == 0)
        return cmd_traditional(&o);
    if (strcmp(sub, "choice") == 0)
        return cmd_choice(&o);
    if (strcmp(sub, "bench") == 0)
        return cmd_bench(&o);
    return usage_error("the command is traditional, choice or bench");
}
