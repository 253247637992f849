/* selfdirect verify-audit — checks the audit trail's hash chain from the first entry to the last
 * and names the first entry that is missing, out of place or altered. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/commands.h"
#include "domain/audit_chain.h"
#include "store/audit.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fputs("usage: selfdirect verify-audit [--db URL]\n\n"
          "Checks that the audit trail is whole: every entry present, in order, unaltered, each\n"
          "linked to the one before by its hash. Prints how many entries were checked, or the\n"
          "first broken entry and what is wrong with it.\n\n"
          "  --db URL   the store (default: $SELFDIRECT_DB, else sqlite:selfdirect.db)\n"
          "  --help     this text\n\n"
          "exit codes: 0 the chain is whole, 1 it is broken, 2 usage, 4 store error\n",
          out);
}

struct verify_ctx {
    struct audit_verify v;
    struct err problem;
};

static int check_one(void *ctx, const struct audit_entry *a)
{
    struct verify_ctx *vc = ctx;
    return audit_verify_next(&vc->v, a, &vc->problem) != 0 ? 1 : 0;
}

int cmd_verify_audit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db();
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct verify_ctx vc = {0};
    int opt, rc;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        switch (opt) {
        case 'd': url = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "selfdirect verify-audit: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (store_open(url, &st, &e) != 0 || store_require_current(st, &e) != 0 ||
        store_acquire(st, &c, &e) != 0) {
        fprintf(stderr, "selfdirect verify-audit: %s\n", e.msg);
        store_close(st);
        return EXIT_STORE;
    }
    audit_verify_init(&vc.v);
    rc = audit_scan(c, check_one, &vc, &e);
    if (rc == 0) {
        /* The head must name the last entry: entries cut off the end are caught here. */
        int64_t head = 0;
        if (store_query_i64(c, "SELECT seq FROM audit_head WHERE id = 1", 0, NULL, &head, &e) != 0)
            rc = -1;
        else if (head != vc.v.checked) {
            err_set(&vc.problem, ERR_CONFLICT,
                    "The chain ends at entry %" PRId64 " but the log's head says %" PRId64
                    " entries were written: entries after %" PRId64 " are missing.",
                    vc.v.checked, head, vc.v.checked);
            rc = 1;
        }
    }
    store_release(c);
    store_close(st);
    if (rc < 0) {
        fprintf(stderr, "selfdirect verify-audit: %s\n", e.msg);
        return EXIT_STORE;
    }
    if (rc > 0) {
        printf("audit trail BROKEN after %" PRId64 " good entries: %s\n", vc.v.checked,
               vc.problem.msg);
        return EXIT_FAILED;
    }
    printf("audit trail whole: %" PRId64 " entries checked\n", vc.v.checked);
    return EXIT_OK;
}
