/* selfdirect verify-ledger — loads the stored ledger and payment batches and checks every ledger
 * invariant (src/domain/ledger.h): each journal balances, each account's balance is the sum of its
 * postings, no payment was released without an approved batch whose contents still match the
 * approval, no journal is reversed twice; and names every breach it finds. */
#include <getopt.h>
#include <stdio.h>

#include "base/err.h"
#include "base/str.h"
#include "cli/commands.h"
#include "domain/ledger.h"
#include "base/arena.h"
#include "store/dp_store.h"
#include "store/ledger_store.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fputs("usage: selfdirect verify-ledger [--db URL] [--council ID] [--max N]\n\n"
          "Checks the direct-payment ledger: every journal balances; every account's balance is\n"
          "the sum of its postings; every payment came from a batch approved by a second person,\n"
          "released, and unchanged since approval; no journal is reversed twice; no more is taken\n"
          "back than was asked back, and each recovery paid back or kept back matches its journal.\n"
          "Prints what was checked, or each breach with the journal, account or batch it concerns.\n\n"
          "  --db URL       the store (default: $SELFDIRECT_DB, else sqlite:selfdirect.db)\n"
          "  --council ID   check one council only (default: all)\n"
          "  --max N        print at most N breaches (default 100; all are counted)\n"
          "  --help         this text\n\n"
          "exit codes: 0 no breach, 1 breaches found, 2 usage, 4 store error, 5 internal\n",
          out);
}

int cmd_verify_ledger(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"council", required_argument, NULL, 'c'},
        {"max", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db();
    int64_t council = 0, max = 100;
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct ledger l;
    struct ledger_breaches br;
    struct arena a;
    const char **settle = NULL;
    size_t nsettle = 0;
    struct err e = {0};
    int opt, rc, n;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "d:c:m:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'd': url = optarg; break;
        case 'c':
            if (str_to_i64(optarg, strlen(optarg), 1, INT64_MAX, &council) != 0) {
                fprintf(stderr, "selfdirect verify-ledger: --council must be a council id\n");
                return EXIT_USAGE;
            }
            break;
        case 'm':
            if (str_to_i64(optarg, strlen(optarg), 1, 1000000, &max) != 0) {
                fprintf(stderr, "selfdirect verify-ledger: --max must be 1 to 1000000\n");
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "selfdirect verify-ledger: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (store_open(url, &st, &e) != 0 || store_require_current(st, &e) != 0 ||
        store_acquire(st, &c, &e) != 0) {
        fprintf(stderr, "selfdirect verify-ledger: %s\n", e.msg);
        store_close(st);
        return EXIT_STORE;
    }
    ledger_init(&l);
    arena_init(&a, 0);
    ledger_breaches_init(&br, (size_t)max);
    /* One read transaction, so the accounts, journals and batches are one consistent picture. */
    rc = store_begin(c, &e);
    if (rc == 0)
        rc = ledger_store_load(c, council, &l, &e);
    /* The recoveries' settlements against their journals and batches (0059). */
    if (rc == 0)
        rc = dp_settlements_verify(c, council, &a, &settle, &nsettle, &e);
    store_rollback(c);
    store_release(c);
    store_close(st);
    if (rc != 0) {
        fprintf(stderr, "selfdirect verify-ledger: %s\n", e.msg);
        ledger_release(&l);
        arena_release(&a);
        return rc == ERR_NOMEM ? EXIT_INTERNAL : EXIT_STORE;
    }
    n = ledger_verify(&l, &br, &e);
    if (n < 0) {
        fprintf(stderr, "selfdirect verify-ledger: %s\n", e.msg);
        ledger_release(&l);
        arena_release(&a);
        return EXIT_INTERNAL;
    }
    if (br.total == 0 && nsettle == 0) {
        printf("ledger whole: %zu journals, %zu accounts, %zu batches checked; no breach\n",
               l.njournals, l.naccounts, l.nbatches);
    } else {
        size_t total = br.total + nsettle;
        for (size_t i = 0; i < br.n; i++)
            printf("BREACH %s: %s\n", ledger_breach_kind_name(br.items[i].kind), br.items[i].msg);
        if (br.total > br.n)
            printf("... and %zu more\n", br.total - br.n);
        for (size_t i = 0; i < nsettle && i < (size_t)max; i++)
            printf("BREACH recovery-settlement: %s\n", settle[i]);
        if (nsettle > (size_t)max)
            printf("... and %zu more\n", nsettle - (size_t)max);
        printf("ledger BROKEN: %zu breach%s in %zu journals, %zu accounts, %zu batches\n", total,
               total == 1 ? "" : "es", l.njournals, l.naccounts, l.nbatches);
    }
    rc = br.total || nsettle ? EXIT_FAILED : EXIT_OK;
    arena_release(&a);
    ledger_breaches_release(&br);
    ledger_release(&l);
    return rc;
}
