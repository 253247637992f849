/* selfdirect migrate — creates a store or brings it up to this binary's schema, printing each
 * migration it applies. Safe to run again: a store that is up to date is left as it is. */
#include <getopt.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/commands.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fputs("usage: selfdirect migrate [--db URL]\n\n"
          "Creates the store's tables, or applies the migrations it does not have yet, each in\n"
          "its own transaction. Running it again when there is nothing to do changes nothing.\n\n"
          "  --db URL   the store: sqlite:PATH or postgresql://USER@HOST:PORT/NAME\n"
          "             (default: $SELFDIRECT_DB, else sqlite:selfdirect.db)\n"
          "  --help     this text\n\n"
          "exit codes: 0 done, 2 usage, 4 the store could not be opened or migrated\n",
          out);
}

static void print_applied(void *ctx, int version, const char *name)
{
    int *count = ctx;
    (*count)++;
    printf("applied %04d_%s\n", version, name);
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db();
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            url = optarg;
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
        fprintf(stderr, "selfdirect migrate: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return EXIT_USAGE;
    }

    struct err e = {0};
    struct store *st = NULL;
    int count = 0, version = 0;
    if (store_open(url, &st, &e) != 0) {
        fprintf(stderr, "selfdirect migrate: %s\n", e.msg);
        return e.code == ERR_INVALID ? EXIT_USAGE : EXIT_STORE;
    }
    if (store_migrate_to(st, 0, print_applied, &count, &e) != 0 ||
        store_schema_version(st, &version, &e) != 0) {
        fprintf(stderr, "selfdirect migrate: %s\n", e.msg);
        store_close(st);
        return EXIT_STORE;
    }
    if (count == 0)
        printf("%s is up to date (schema %04d); nothing to do\n", store_display_url(st), version);
    else
        printf("%s is now at schema %04d (%d migration%s applied)\n", store_display_url(st),
               version, count, count == 1 ? "" : "s");
    store_close(st);
    return EXIT_OK;
}
