/* selfdirect dp — direct payments from the command line: run the monitoring rules for a council (a
 * nightly job), import a statement file for a person's direct payment, and the benchmark behind
 * bench/monitoring (import and match a country's statements, then monitor every account). */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "io/camt053.h"
#include "io/statement_csv.h"
#include "store/dp_store.h"
#include "store/records.h"
#include "store/store.h"

static void help(FILE *out)
{
    fputs("usage: selfdirect dp COMMAND [options]\n\n"
          "  monitor  --council CODE [--today YYYY-MM-DD]\n"
          "           runs every monitoring rule the council has switched on for each active\n"
          "           direct payment; flags already raised are not raised again\n"
          "  import   --council CODE --person REFERENCE [--layout NAME] FILE\n"
          "           imports a statement (CSV in the account's or the named layout, or a\n"
          "           camt.053 .xml) into the person's direct payment; a bad file is refused\n"
          "           whole with the line and the reason, and nothing is stored\n"
          "  bench-monitoring [--accounts N] [--transactions N] [--commit-every N]\n"
          "           bench/monitoring: a fresh store with N accounts, their statements\n"
          "           parsed (on a second thread), matched and stored, then every monitoring\n"
          "           rule run; prints transactions a second, seconds, CPU per part, peak\n"
          "           memory and the parse-only reference\n\n"
          "Every command takes --db URL (default: $SELFDIRECT_DB, else sqlite:selfdirect.db).\n"
          "bench-monitoring EMPTIES the store it is given.\n"
          "exit codes: 0 ok, 2 usage, 3 bad input, 4 store, 5 internal\n",
          out);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "selfdirect dp: %s\nRun 'selfdirect dp --help' for usage.\n", msg);
    return EXIT_USAGE;
}

static int exit_for(const struct err *e)
{
    switch (e->code) {
    case ERR_INVALID:
    case ERR_RANGE:
    case ERR_NOT_FOUND:
    case ERR_CONFLICT:
    case ERR_FORBIDDEN: return EXIT_DATA;
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

/* This process's CPU time: on a shared machine the wall clock also counts other people's work. */
static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct opts {
    const char *url, *council, *person, *layout, *file;
    day_t today;
    int64_t accounts, transactions, commit_every;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {
        {"db", required_argument, NULL, 'd'},      {"council", required_argument, NULL, 'c'},
        {"person", required_argument, NULL, 'p'},  {"layout", required_argument, NULL, 'l'},
        {"today", required_argument, NULL, 't'},   {"accounts", required_argument, NULL, 'a'},
        {"transactions", required_argument, NULL, 'n'},
        {"commit-every", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    int opt;
    memset(o, 0, sizeof *o);
    o->url = cli_default_db();
    o->today = (day_t)(time(NULL) / 86400);
    o->accounts = 120000;
    o->transactions = 10000000;
    o->commit_every = 500;
    optind = 2;
    while ((opt = getopt_long(argc, argv, "d:c:p:l:t:a:n:k:h", lo, NULL)) != -1) {
        switch (opt) {
        case 'd': o->url = optarg; break;
        case 'c': o->council = optarg; break;
        case 'p': o->person = optarg; break;
        case 'l': o->layout = optarg; break;
        case 't':
            if (date_parse_iso(optarg, strlen(optarg), &o->today, "today", NULL) != 0)
                return usage_error("--today takes a date like 2025-06-30");
            break;
        case 'a':
            if (str_to_i64(optarg, strlen(optarg), 1, 10000000, &o->accounts) != 0)
                return usage_error("--accounts takes a number from 1");
            break;
        case 'n':
            if (str_to_i64(optarg, strlen(optarg), 1, 1000000000, &o->transactions) != 0)
                return usage_error("--transactions takes a number from 1");
            break;
        case 'k':
            if (str_to_i64(optarg, strlen(optarg), 1, 1000000, &o->commit_every) != 0)
                return usage_error("--commit-every takes a number from 1");
            break;
        case 'h': help(stdout); return -1;
        default: return usage_error("unknown option");
        }
    }
    if (optind < argc)
        o->file = argv[optind];
    return 0;
}

/* Opens the store and finds the council: 0, or the exit code (the message printed). */
static int open_council(const char *cmd, const struct opts *o, struct store **st,
                        struct store_conn **c, struct council *co)
{
    struct err e = {0};
    if (!o->council)
        return usage_error("--council CODE is needed");
    if (store_open(o->url, st, &e) != 0 || store_require_current(*st, &e) != 0 ||
        store_acquire(*st, c, &e) != 0 || council_find_code(*c, o->council, co, &e) != 0) {
        fprintf(stderr, "selfdirect dp %s: %s\n", cmd, e.msg);
        return exit_for(&e);
    }
    return 0;
}

static int cmd_monitor(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct dp_monitor_result r;
    struct err e = {0};
    int code = open_council("monitor", o, &st, &c, &co);
    if (code == 0) {
        if (dp_monitor_run(c, co.id, 0, o->today, (int64_t)time(NULL), &r, &e) == 0) {
            printf("%zu direct payments checked: %zu new flags (%zu proposed recoveries), %zu "
                   "already raised\n",
                   r.accounts, r.raised, r.recoveries, r.repeated);
        } else {
            fprintf(stderr, "selfdirect dp monitor: %s\n", e.msg);
            code = exit_for(&e);
        }
    }
    store_release(c);
    store_close(st);
    return code;
}

static int cmd_import(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct person p;
    struct dp_row d;
    struct statement s;
    struct dp_import_result r;
    struct arena a;
    struct buf file;
    struct err e = {0};
    int rc, code = EXIT_OK;
    if (!o->person || !o->file)
        return usage_error("--person REFERENCE and a FILE are needed");
    arena_init(&a, 0);
    buf_init(&file, 64u << 20);
    if ((code = open_council("import", o, &st, &c, &co)) != 0)
        goto out;
    if (buf_read_file(&file, o->file, &e) != 0) {
        fprintf(stderr, "selfdirect dp import: %s\n", e.msg);
        code = EXIT_DATA;
        goto out;
    }
    day_t today = (day_t)(time(NULL) / 86400);
    if ((rc = person_find_reference(c, co.id, o->person, &p, &e)) != 0 ||
        (rc = dp_of_person(c, co.id, p.id, today, &a, &d, &e)) != 0)
        goto fail;
    if (str_has_prefix(file.data, "<?xml") || strstr(o->file, ".xml")) {
        struct camt053_options opt = {d.start - 31, today};
        rc = camt053_parse(file.data, file.len, &opt, &a, &s, &e);
    } else {
        struct statement_layout l;
        struct statement_csv_options opt = {d.start - 31, today};
        if ((rc = dp_layout_find(c, co.id, o->layout ? o->layout : d.csv_layout, &a, &l, &e)) ==
            0)
            rc = statement_csv_parse(file.data, file.len, &l, &opt, &a, &s, &e);
    }
    if (rc != 0 || (rc = dp_import(c, co.id, d.id, &s, "cli", (int64_t)time(NULL), &r, &e)) != 0)
        goto fail;
    printf("%s: %zu transactions, %zu added (%zu matched to the plan), %zu imported before\n",
           o->file, s.n, r.added, r.matched, r.already);
    goto out;
fail:
    fprintf(stderr, "selfdirect dp import: %s\n", e.msg);
    code = exit_for(&e);
out:
    buf_release(&file);
    arena_release(&a);
    store_release(c);
    store_close(st);
    return code;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* ---- bench/monitoring: parse on one core while the other matches and stores ------------------ */

/* A ring of parsed statements between the parsing thread and the storing one (this one: the
 * store connection is not shared). Each slot owns its arena, so a statement's strings live until
 * the store has taken it. */
#define PIPE_SLOTS 8

struct pipe_slot {
    struct arena a;
    struct statement s;
    struct buf csv;
    bool full;
    int rc;
    struct err e;
};

struct pipe {
    pthread_mutex_t mu;
    pthread_cond_t changed;
    struct pipe_slot slots[PIPE_SLOTS];
    const struct dp_bench_world *w;
    size_t n;
    int64_t transactions;
    day_t today;
    bool stop; /* the store failed: the parser ends */
    double cpu_gen, cpu_parse;
};

struct pipe_result {
    size_t total, added, matched;
    double cpu_gen, cpu_parse, cpu_store, wait_store;
};

static double thread_cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *pipe_parse(void *arg)
{
    struct pipe *p = arg;
    const struct statement_layout *layout = statement_csv_layout("generic");
    struct statement_csv_options popt = {p->today - 120, p->today};
    for (size_t i = 0; i < p->n; i++) {
        struct pipe_slot *sl = &p->slots[i % PIPE_SLOTS];
        size_t rows = (size_t)(p->transactions / (int64_t)p->n) +
                      (i < (size_t)(p->transactions % (int64_t)p->n) ? 1 : 0);
        double u1, u2, u3;
        int rc;
        pthread_mutex_lock(&p->mu);
        while (sl->full && !p->stop)
            pthread_cond_wait(&p->changed, &p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        pthread_mutex_unlock(&p->mu);
        u1 = thread_cpu_seconds();
        buf_reset(&sl->csv);
        err_clear(&sl->e);
        rc = dp_bench_statement(p->w, i, rows, &sl->csv, &sl->e);
        u2 = thread_cpu_seconds();
        if (rc == 0) {
            arena_init(&sl->a, 0);
            rc = statement_csv_parse(sl->csv.data, sl->csv.len, layout, &popt, &sl->a, &sl->s,
                                     &sl->e);
            if (rc != 0)
                arena_release(&sl->a);
        }
        u3 = thread_cpu_seconds();
        p->cpu_gen += u2 - u1;
        p->cpu_parse += u3 - u2;
        pthread_mutex_lock(&p->mu);
        sl->rc = rc;
        sl->full = true;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
        if (rc != 0)
            break;
    }
    return NULL;
}

/* Imports every account's statement in the order of the world, o->commit_every accounts to a
 * transaction, with the parsing done by a second thread. */
static int import_pipelined(struct store_conn *c, const struct dp_bench_world *w, size_t n,
                            const struct opts *o, int64_t now, struct pipe_result *out,
                            struct err *e)
{
    struct pipe *p = calloc(1, sizeof *p);
    pthread_t th;
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (!p)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->changed, NULL);
    for (size_t k = 0; k < PIPE_SLOTS; k++)
        buf_init(&p->slots[k].csv, 64u << 20);
    p->w = w;
    p->n = n;
    p->transactions = o->transactions;
    p->today = o->today;
    if (pthread_create(&th, NULL, pipe_parse, p) != 0) {
        rc = err_set(e, ERR_NOMEM, "Could not start the parsing thread.");
        goto out;
    }
    if ((rc = store_begin(c, e)) != 0)
        goto join;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct pipe_slot *sl = &p->slots[i % PIPE_SLOTS];
        struct dp_import_result r;
        double t1 = seconds(), u1;
        pthread_mutex_lock(&p->mu);
        while (!sl->full)
            pthread_cond_wait(&p->changed, &p->mu);
        pthread_mutex_unlock(&p->mu);
        out->wait_store += seconds() - t1;
        if (sl->rc != 0) {
            rc = sl->rc;
            *e = sl->e;
            break;
        }
        u1 = thread_cpu_seconds();
        rc = dp_import(c, w->council_id, w->ids[i], &sl->s, "bench", now, &r, e);
        if (rc == 0 && ((i + 1) % (size_t)o->commit_every == 0 || i + 1 == n)) {
            if ((rc = store_commit(c, e)) == 0 && i + 1 < n)
                rc = store_begin(c, e);
        }
        out->cpu_store += thread_cpu_seconds() - u1;
        if (rc == 0) {
            out->total += sl->s.n;
            out->added += r.added;
            out->matched += r.matched;
        }
        arena_release(&sl->a);
        pthread_mutex_lock(&p->mu);
        sl->full = false;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
    }
join:
    pthread_mutex_lock(&p->mu);
    p->stop = rc != 0;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->mu);
    pthread_join(th, NULL);
    /* Statements parsed but not stored (after a failure) still hold their arenas. */
    for (size_t k = 0; k < PIPE_SLOTS; k++)
        if (p->slots[k].full && p->slots[k].rc == 0 && rc != 0)
            arena_release(&p->slots[k].a);
    out->cpu_gen = p->cpu_gen;
    out->cpu_parse = p->cpu_parse;
out:
    for (size_t k = 0; k < PIPE_SLOTS; k++)
        buf_release(&p->slots[k].csv);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return rc;
}

static int cmd_bench(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct dp_bench_world w;
    struct dp_monitor_result mon;
    struct err e = {0};
    double t0, t_seed, t_imp0, t_imp, t_mon0, t_mon, c_mon0, c_mon;
    struct pipe_result pr;
    int64_t now = (int64_t)time(NULL);
    size_t total = 0, added = 0, matched = 0, n = (size_t)o->accounts;
    int rc;

    memset(&w, 0, sizeof w);
    memset(&pr, 0, sizeof pr);
    printf("bench/monitoring: %zu accounts, %lld transactions, store %s\n", n,
           (long long)o->transactions, o->url);
    fflush(stdout);
    t0 = seconds();
    if ((rc = store_open_fresh(o->url, &st, &e)) != 0 || (rc = store_acquire(st, &c, &e)) != 0 ||
        (rc = dp_bench_seed(c, n, o->today, now, &w, &e)) != 0)
        goto fail;
    t_seed = seconds() - t0;
    printf("seeded %zu direct payments (people, signed-off plans, accepted agreements, payees, "
           "rules) in %.1f s (not counted)\n",
           w.n, t_seed);
    fflush(stdout);

    t_imp0 = seconds();
    if ((rc = import_pipelined(c, &w, n, o, now, &pr, &e)) != 0)
        goto fail;
    t_imp = seconds() - t_imp0;
    total = pr.total;
    added = pr.added;
    matched = pr.matched;
    printf("imported %zu transactions (%zu added, %zu matched to a plan line, %.1f%%)\n", total,
           added, matched, total ? 100.0 * (double)matched / (double)total : 0.0);
    fflush(stdout);

    t_mon0 = seconds();
    c_mon0 = cpu_seconds();
    if ((rc = dp_monitor_run(c, w.council_id, 0, o->today, now, &mon, &e)) != 0)
        goto fail;
    t_mon = seconds() - t_mon0;
    c_mon = cpu_seconds() - c_mon0;
    {
        double all = t_imp + t_mon;
        double tps = all > 0 ? (double)total / all : 0;
        double parse_tps = pr.cpu_parse > 0 ? (double)total / pr.cpu_parse : 0;
        printf("monitoring: %zu accounts checked, %zu flags raised (%zu proposed recoveries) in "
               "%.1f s\n",
               mon.accounts, mon.raised, mon.recoveries, t_mon);
        printf("import %.1f s (parsing on one core while the other matches and stores), monitor "
               "%.1f s\n",
               t_imp, t_mon);
        printf("cpu time: generate %.1f s (not counted: stands in for reading the files), parse "
               "%.1f s, match and store %.1f s (of it %.1f s waiting for parsed statements is not "
               "cpu), monitor %.1f s; counted cpu %.1f s (the wall clock also counts waiting for "
               "the disk and for other processes on a shared machine)\n",
               pr.cpu_gen, pr.cpu_parse, pr.cpu_store, pr.wait_store, c_mon,
               pr.cpu_parse + pr.cpu_store + c_mon);
        printf("total %.1f s for import, matching and monitoring (target < 60 s)\n", all);
        printf("throughput %.0f transactions/s\n", tps);
        printf("reference: parsing alone %.0f transactions/s of cpu in the same run; the whole path "
               "runs at %.2f of it\n",
               parse_tps, parse_tps > 0 ? tps / parse_tps : 0.0);
        printf("peak RSS %.0f MiB (target < 1024 MiB)\n", (double)peak_rss_kib() / 1024.0);
    }
    dp_bench_world_release(&w);
    store_release(c);
    store_close(st);
    return EXIT_OK;
fail:
    fprintf(stderr, "selfdirect dp bench-monitoring: %s\n", e.msg);
    dp_bench_world_release(&w);
    store_release(c);
    store_close(st);
    return exit_for(&e);
}

int cmd_dp(int argc, char **argv)
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
    if (strcmp(sub, "monitor") == 0)
        return cmd_monitor(&o);
    if (strcmp(sub, "import") == 0)
        return cmd_import(&o);
    if (strcmp(sub, "bench-monitoring") == 0)
        return cmd_bench(&o);
    return usage_error("the command is monitor, import or bench-monitoring");
}
