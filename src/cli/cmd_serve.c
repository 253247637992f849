/* selfdirect serve — runs the web server (pages and the JSON API) on a store until SIGINT or
 * SIGTERM, then stops accepting, finishes requests in flight, flushes the audit queue and exits.
 * In production nginx sits in front for TLS (docs/operations.md); the server listens on loopback. */
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "store/store.h"
#include "store/web_fixture.h"
#include "store/pa_demo.h"
#include "store/dp_store.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/password.h"
#include "web/ratelimit.h"
#include "web/router.h"
#include "web/server.h"
#include "web/static.h"

static void usage(FILE *out)
{
    fputs("usage: selfdirect serve [--listen HOST:PORT] [--db URL] [OPTIONS]\n\n"
          "Runs the web service until stopped with Ctrl-C (SIGINT) or SIGTERM. Read entries of\n"
          "the audit trail are flushed before it exits.\n\n"
          "  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0 picks a free\n"
          "                      one, printed on start)\n"
          "  --db URL            the store (default: $SELFDIRECT_DB, else sqlite:selfdirect.db)\n"
          "  --origin URL        the address people use, e.g. https://care.example.gov.uk;\n"
          "                      changes must come from it (default: whatever Host was used)\n"
          "  --threads N         worker threads (default 2)\n"
          "  --quiet             no access log\n"
          "  --seed-fixture N    tests and benchmarks: first fill an EMPTY store with the test\n"
          "                      world (src/store/web_fixture.h) plus N more people\n"
          "  --fixture-out FILE  where to write the fixture's ids and logins (JSON)\n"
          "  --fresh             tests: EMPTY the store first (destroys everything in it)\n"
          "  --session-idle S    sign people out after S seconds unused (default 1800)\n"
          "  --login-rate N      sign-in attempts allowed per client address a minute (20)\n"
          "  --help              this text\n\n"
          "Environment: SELFDIRECT_PASSWORD_COST=test uses the cheapest argon2id settings for new\n"
          "password hashes (tests only: never in production).\n\n"
          "exit codes: 0 stopped cleanly, 2 usage, 4 store error, 5 could not listen\n",
          out);
}

/* Fills an empty store with the test world before serving (tests, browser tests, benchmark). */
static int seed_fixture(struct store *st, int64_t extra, const char *out_path)
{
    char hash[PASSWORD_HASH_MAX];
    struct store_conn *c = NULL;
    struct err e = {0};
    json_t *doc = NULL;
    int rc = password_hash("fixture-password-1", hash, &e);
    if (rc == 0)
        rc = store_acquire(st, &c, &e);
    if (rc == 0)
        rc = web_fixture_seed(c, (int64_t)time(NULL), extra, hash, &doc, &e);
    if (rc == 0 && (rc = dp_fixture_seed(c, doc, hash, (int64_t)time(NULL), &e)) != 0)
        json_decref(doc); /* direct payments of the test world (issue 7) */
    if (rc == 0 && (rc = pa_demo_seed(c, "personal-assistant@testa.example", "budget-holder@testa.example", (int64_t)time(NULL), &e)) != 0)
        json_decref(doc); /* the test world's PA, employed by the budget holder (issue 6) */
    store_release(c);
    if (rc != 0) {
        fprintf(stderr, "selfdirect serve: --seed-fixture: %s\n", e.msg);
        return rc;
    }
    if (out_path && json_dump_file(doc, out_path, JSON_INDENT(2)) != 0) {
        fprintf(stderr, "selfdirect serve: could not write %s\n", out_path);
        rc = ERR_IO;
    }
    json_decref(doc);
    return rc;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"db", required_argument, NULL, 'd'},
        {"origin", required_argument, NULL, 'o'}, {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"seed-fixture", required_argument, NULL, 'F'},
        {"fixture-out", required_argument, NULL, 'O'},
        {"fresh", no_argument, NULL, 'R'},
        {"session-idle", required_argument, NULL, 'I'},
        {"login-rate", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db(), *listen = "127.0.0.1:8080";
    const char *cost = getenv("SELFDIRECT_PASSWORD_COST");
    struct web_app app = {0};
    struct server_options so = {0};
    struct server *srv = NULL;
    struct err e = {0};
    sigset_t sigs;
    int c, sig = 0, rc = EXIT_OK;
    int64_t threads = 2, fixture_people = -1, idle = 1800, login_rate = 20;
    bool fresh = false;
    const char *fixture_out = NULL;

    web_config_defaults(&app.cfg);
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:d:o:t:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 'd': url = optarg; break;
        case 'o': app.cfg.public_origin = optarg; break;
        case 't':
            if (str_to_i64(optarg, strlen(optarg), 1, 64, &threads) != 0) {
                fprintf(stderr, "selfdirect serve: --threads must be 1 to 64\n");
                return EXIT_USAGE;
            }
            break;
        case 'q': app.quiet = true; break;
        case 'F':
            if (str_to_i64(optarg, strlen(optarg), 0, 1000000, &fixture_people) != 0) {
                fprintf(stderr, "selfdirect serve: --seed-fixture takes a number of people\n");
                return EXIT_USAGE;
            }
            break;
        case 'O': fixture_out = optarg; break;
        case 'R': fresh = true; break;
        case 'I':
        case 'L':
            if (str_to_i64(optarg, strlen(optarg), 1, 1000000, c == 'I' ? &idle : &login_rate) !=
                0) {
                fprintf(stderr, "selfdirect serve: --%s takes a positive number\n",
                        c == 'I' ? "session-idle" : "login-rate");
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "selfdirect serve: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (password_init(cost && strcmp(cost, "test") == 0 ? PASSWORD_COST_TEST
                                                        : PASSWORD_COST_INTERACTIVE,
                      2, &e) != 0) {
        fprintf(stderr, "selfdirect serve: %s\n", e.msg);
        return EXIT_INTERNAL;
    }
    randombytes_buf(app.secret, sizeof app.secret);
    static_init();

    app.cfg.session_idle_seconds = (int)idle;
    if (fresh && fixture_people < 0) {
        fprintf(stderr, "selfdirect serve: --fresh is only for tests, with --seed-fixture\n");
        return EXIT_USAGE;
    }
    if ((fresh ? store_open_fresh(url, &app.store, &e) : store_open(url, &app.store, &e)) != 0 ||
        store_require_current(app.store, &e) != 0) {
        fprintf(stderr, "selfdirect serve: %s\n", e.msg);
        store_close(app.store);
        return EXIT_STORE;
    }
    if (fixture_people >= 0 && seed_fixture(app.store, fixture_people, fixture_out) != 0) {
        store_close(app.store);
        return EXIT_STORE;
    }
    app.routes = web_routes;
    app.nroutes = web_nroutes;
    app.login_limit = ratelimit_new(login_rate > 20 ? (int)login_rate : login_rate < 10 ? (int)login_rate : 10,
                                    (int)login_rate, 4096);
    if (!app.login_limit || audit_queue_start(app.store, 5, &app.audit, &e) != 0) {
        fprintf(stderr, "selfdirect serve: %s\n", e.msg[0] ? e.msg : "out of memory");
        ratelimit_free(app.login_limit);
        store_close(app.store);
        return EXIT_INTERNAL;
    }

    /* Signals go to this thread only (sigwait below): block them before any thread starts. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    so.listen = listen;
    so.threads = (int)threads;
    if (server_start(&app, &so, &srv, &e) != 0) {
        fprintf(stderr, "selfdirect serve: %s\n", e.msg);
        rc = EXIT_INTERNAL;
    } else {
        printf("selfdirect: serving %s on http://%s:%d/ (Ctrl-C stops)\n",
               store_display_url(app.store),
               strchr(listen, '[') ? "[::1]" : strncmp(listen, "0.0.0.0", 7) == 0 ? "127.0.0.1"
                                                                                  : "127.0.0.1",
               server_port(srv));
        fflush(stdout);
        sigwait(&sigs, &sig);
        fprintf(stderr, "selfdirect serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        server_stop(srv);
    }
    audit_queue_stop(app.audit);
    ratelimit_free(app.login_limit);
    store_close(app.store);
    return rc;
}
