/* selfdirect demo — makes a fresh store holding a demo council (src/store/demo_records.h) and the
 * demo sign-ins for the web pages (src/store/web_demo.h), and prints what it made with the logins.
 * It refuses to touch a store that already holds data unless --force is given, and never touches
 * one that is not a selfdirect store or is newer than this binary. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "domain/access.h"
#include "store/demo_records.h"
#include "store/records.h"
#include "store/store.h"
#include "store/assess_store.h"
#include "store/pa_demo.h"
#include "store/plan_store.h"
#include "store/web_demo.h"

#define DEFAULT_PEOPLE 300
#define DEFAULT_SEED 20250406
#define MAX_PEOPLE 1000000

static void usage(FILE *out)
{
    fprintf(out,
            "usage: selfdirect demo [--db URL] [--people N] [--seed S] [--force]\n\n"
            "Makes a fresh store with one demo council (DEMO, Demo Borough Council), four teams,\n"
            "staff of every role, and N fictional people with their family and representatives,\n"
            "then prints what it made and the demo sign-ins. Every demo password is '%s'.\n\n"
            "  --db URL      the store: sqlite:PATH or postgresql://USER@HOST:PORT/NAME\n"
            "                (default: $SELFDIRECT_DB, else sqlite:selfdirect.db)\n"
            "  --people N    how many people (default %d, at most %d)\n"
            "  --seed S      the same seed makes the same people (default %d)\n"
            "  --force       replace a store that already holds data (it is emptied first)\n"
            "  --help        this text\n\n"
            "exit codes: 0 done, 2 usage, 4 the store could not be used or already holds data\n",
            WEB_DEMO_PASSWORD, DEFAULT_PEOPLE, MAX_PEOPLE, DEFAULT_SEED);
}

/* Whether the store holds anything: any council means someone has used it. */
static int store_has_data(struct store *st, int64_t *councils, int64_t *people, struct err *e)
{
    struct store_conn *c = NULL;
    int version = 0, rc;
    bool exists = false;
    *councils = *people = 0;
    if ((rc = store_schema_version(st, &version, e)) != 0 || version == 0)
        return rc;
    if ((rc = store_acquire(st, &c, e)) != 0)
        return rc;
    if ((rc = store_table_exists(c, "councils", &exists, e)) == 0 && exists) {
        rc = store_query_i64(c, "SELECT count(*) FROM councils", 0, NULL, councils, e);
        if (rc == 0 && (rc = store_table_exists(c, "people", &exists, e)) == 0 && exists)
            rc = store_query_i64(c, "SELECT count(*) FROM people", 0, NULL, people, e);
    }
    store_release(c);
    return rc;
}

static int parse_count(const char *s, int64_t min, int64_t max, int64_t *out)
{
    return str_to_i64(s, strlen(s), min, max, out);
}

static void print_summary(const struct store *st, const struct demo_summary *s, int version)
{
    static const char *const group_words[CLIENT_GROUP_COUNT] = {
        [CLIENT_OLDER_PEOPLE] = "older people",
        [CLIENT_PHYSICAL_DISABILITY] = "physical disability",
        [CLIENT_SENSORY_IMPAIRMENT] = "sensory impairment",
        [CLIENT_LEARNING_DISABILITY] = "learning disability",
        [CLIENT_AUTISM] = "autism",
        [CLIENT_MENTAL_HEALTH] = "mental health",
        [CLIENT_OTHER] = "other",
    };
    printf("Made a fresh demo store at %s (schema %04d):\n", store_display_url(st), version);
    printf("  council   %s, %s\n", s->council_code, s->council_name);
    printf("  teams     %d\n", s->teams);
    printf("  staff     %d, every role\n", s->staff);
    printf("  people    %lld (", (long long)s->people);
    bool first = true;
    for (int g = 0; g < CLIENT_GROUP_COUNT; g++) {
        if (!s->by_group[g])
            continue;
        printf("%s%s %lld", first ? "" : ", ", group_words[g], (long long)s->by_group[g]);
        first = false;
    }
    printf("),\n            %lld allocated to a social worker, %lld waiting for allocation\n",
           (long long)s->allocated, (long long)(s->people - s->allocated));
    printf("  contacts  %lld family and representatives: %lld attorneys or deputies, "
           "%lld nominated persons\n",
           (long long)s->contacts, (long long)s->attorneys_and_deputies,
           (long long)s->nominated_persons);
    printf("\nStaff sign-ins (password for all: %s):\n", WEB_DEMO_PASSWORD);
    for (int i = 0; i < s->nlogins; i++) {
        const struct demo_login *l = &s->logins[i];
        char what[200];
        if (l->team[0])
            snprintf(what, sizeof what, "%s, %s", staff_role_label(l->role), l->team);
        else
            snprintf(what, sizeof what, "%s", staff_role_label(l->role));
        printf("  %-30s %-16s %s\n", l->email, l->name, what);
    }
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"people", required_argument, NULL, 'p'},
        {"seed", required_argument, NULL, 's'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db();
    int64_t people = DEFAULT_PEOPLE, seed = DEFAULT_SEED;
    bool force = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "d:p:s:fh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            url = optarg;
            break;
        case 'p':
            if (parse_count(optarg, 0, MAX_PEOPLE, &people) != 0) {
                fprintf(stderr, "selfdirect demo: --people must be a whole number from 0 to %d\n",
                        MAX_PEOPLE);
                return EXIT_USAGE;
            }
            break;
        case 's':
            if (parse_count(optarg, 0, INT64_MAX, &seed) != 0) {
                fprintf(stderr, "selfdirect demo: --seed must be a whole number of 0 or more\n");
                return EXIT_USAGE;
            }
            break;
        case 'f':
            force = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "selfdirect demo: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return EXIT_USAGE;
    }

    struct err e = {0};
    struct store *st = NULL;
    int64_t councils = 0, existing = 0;
    /* Look first: a store that is not ours, newer, or unreachable is refused untouched, even
     * with --force; one of ours with data is replaced only when asked. */
    if (store_open(url, &st, &e) != 0) {
        fprintf(stderr, "selfdirect demo: %s\n", e.msg);
        return e.code == ERR_INVALID ? EXIT_USAGE : EXIT_STORE;
    }
    int rc = store_has_data(st, &councils, &existing, &e);
    store_close(st);
    st = NULL;
    if (rc != 0) {
        fprintf(stderr, "selfdirect demo: %s\n", e.msg);
        return EXIT_STORE;
    }
    if (councils > 0 && !force) {
        fprintf(stderr,
                "selfdirect demo: the store %s already holds data (%lld council%s, %lld "
                "people). Nothing was changed. Use --force to replace it with a fresh demo, or "
                "give another --db.\n",
                url, (long long)councils, councils == 1 ? "" : "s", (long long)existing);
        return EXIT_STORE;
    }
    if (store_open_fresh(url, &st, &e) != 0) {
        fprintf(stderr, "selfdirect demo: %s\n", e.msg);
        return EXIT_STORE;
    }

    struct store_conn *conn = NULL;
    struct demo_summary sum;
    struct web_demo_login logins[16];
    size_t nlogins = 0;
    char hash[STAFF_HASH_SIZE];
    int version = 0;
    int64_t now = (int64_t)time(NULL);
    struct demo_options o = {(uint64_t)seed, (uint32_t)people, now, WEB_DEMO_PASSWORD};
    int exit_code = EXIT_OK;

    if (store_acquire(st, &conn, &e) != 0 || demo_populate(conn, &o, &sum, &e) != 0 ||
        store_schema_version(st, &version, &e) != 0) {
        fprintf(stderr, "selfdirect demo: %s\n", e.msg);
        exit_code = e.code == ERR_NOMEM ? EXIT_INTERNAL : EXIT_STORE;
        goto out;
    }
    print_summary(st, &sum, version);

    /* The sign-ins for the web pages: citizens, representatives and organisations linked to
     * demo people. Needs a few people; with fewer the staff sign-ins above still work. */
    if (people >= 3) {
        if (staff_hash_password(WEB_DEMO_PASSWORD, hash, &e) != 0 ||
            web_demo_seed(conn, sum.council_id, now, hash, logins,
                          sizeof logins / sizeof logins[0], &nlogins, &e) != 0) {
            fprintf(stderr, "selfdirect demo: could not make the web sign-ins: %s\n", e.msg);
            exit_code = EXIT_STORE;
            goto out;
        }
        printf("\nSign-ins for people and their representatives (password: %s):\n",
               WEB_DEMO_PASSWORD);
        for (size_t i = 0; i < nlogins; i++)
            if (!role_is_staff(logins[i].role))
                printf("  %-34s %s\n", logins[i].username, logins[i].who);
    }
    /* The journey so far for some of them: assessments with eligibility decisions and budgets,
     * offers, choices and plans, and a personal assistant employed by the demo budget holder. */
    {
        int assessed = 0, planned = 0;
        int64_t later = now + 1; /* after the sign-ins, so histories read in order */
        if (assess_demo_seed(conn, sum.council_id, later, 3, &assessed, &e) != 0 ||
            plan_demo_seed(conn, sum.council_id, later + 1, 40, &planned, &e) != 0 ||
            pa_demo_seed(conn, "personal-assistant@demo.example", "budget-holder@demo.example",
                         later + 2, &e) != 0) {
            fprintf(stderr, "selfdirect demo: could not make the demo assessments and plans: %s\n",
                    e.msg);
            exit_code = EXIT_STORE;
            goto out;
        }
        printf("\nJourneys: %d people assessed with an indicative budget (one waiting for a worker);\n"
               "%d with an agreed budget, a recorded offer of every option and a plan (some signed\n"
               "off with a direct payment agreement); the demo personal assistant is employed by the\n"
               "demo budget holder, with a contract and a timesheet waiting for approval.\n",
               assessed, planned);
    }
    printf("\nThese are fictional people: names, addresses (postcode area DM), phone numbers\n"
           "(Ofcom's drama ranges) and NHS numbers (the 999 test range) belong to no one.\n");
out:
    store_release(conn);
    store_close(st);
    return exit_code;
}
