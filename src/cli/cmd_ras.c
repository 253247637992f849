/* cmd_ras.c — `selfdirect ras`: check a council's resource allocation system configuration, and
 * calculate an indicative budget from an answers file, printing the whole derivation as JSON, so a
 * council can test its configuration before loading it (docs/ras.md). */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "cli/commands.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"
#include "store/assess_store.h"
#include "store/audit.h"
#include "store/records.h"
#include "store/store.h"

#define OUTPUT_CAP (16u << 20)

static void help(FILE *out)
{
    fputs("usage: selfdirect ras check FILE\n"
          "       selfdirect ras calc --config FILE --answers FILE [--override AMOUNT --reason TEXT"
          " [--by NAME]]\n"
          "       selfdirect ras load FILE --council CODE [--kind needs|carer] [--by NAME]"
          " [--db URL]\n\n"
          "A council's resource allocation system (RAS) turns assessment answers into points and\n"
          "points into an indicative weekly budget. docs/ras.md describes the configuration file\n"
          "field by field; data/ras/demo-council-ras-v1.json is a complete example (built in: a\n"
          "FILE that does not exist on disk is looked up among the built-in files).\n\n"
          "  check FILE   validate a configuration strictly and print a summary of it\n"
          "  calc         work out the budget for one answers file and print the calculation as\n"
          "               JSON: every answer -> points, domain subtotals, carer adjustment,\n"
          "               adjustments, pricing, contingency, limits, weekly and annual amounts,\n"
          "               the derivation in plain English, and warnings\n"
          "    --config FILE     the configuration\n"
          "    --answers FILE    the answers (\"format\": \"selfdirect-ras-answers/1\")\n"
          "    --override AMOUNT a worker's weekly amount in pounds (\"410.00\"), shown beside\n"
          "                      the calculated one; needs --reason\n"
          "    --reason TEXT     why the amount was overridden (shown to the person)\n"
          "    --by NAME         who overrode it\n"
          "  load FILE    check a configuration strictly and store it in the database as a new\n"
          "               version of the council's RAS: assessments dated within its effective\n"
          "               dates are calculated with it (the latest effective_from wins)\n"
          "    --council CODE    the council it is for (must be the file's council_code)\n"
          "    --kind KIND       needs (adults' needs assessments, the default) or carer\n"
          "                      (carers' assessments)\n"
          "    --by NAME         who loaded it, for the record (default: $USER)\n"
          "    --db URL          the store (default $SELFDIRECT_DB, else sqlite:selfdirect.db)\n\n"
          "exit codes: 0 ok; 3 the configuration or answers are wrong (for calc, flagged answers\n"
          "print a refused result with every flag on standard output; for load, also a council\n"
          "that does not exist or a version already loaded); 2 usage; 4 the store could not be\n"
          "used; 5 internal.\n",
          out);
}

/* Reads FILE from disk, or the built-in asset of that path when there is no such file. */
static int read_input(const char *path, struct buf *b, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) {
        const struct asset *as = asset_find(path);
        if (as)
            return buf_add(b, as->data, as->len) == 0
                       ? 0
                       : err_set(e, ERR_RANGE, "%s is too large.", path);
    }
    if (f)
        fclose(f);
    return buf_read_file(b, path, e);
}

static int exit_for(int code)
{
    return code == ERR_NOMEM ? EXIT_INTERNAL : EXIT_DATA;
}

static int fail(const char *what, const struct err *e)
{
    fprintf(stderr, "selfdirect ras %s: %s\n", what, e->msg[0] ? e->msg : "failed");
    return exit_for(e->code);
}

static int load_config(const char *path, struct arena *a, struct ras_config **cfg, struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, RAS_CONFIG_MAX_BYTES);
    rc = read_input(path, &b, e);
    if (rc == 0)
        rc = ras_config_parse(b.data, b.len, a, cfg, e);
    buf_release(&b);
    return rc;
}

static void print_summary(const char *path, const struct ras_config *cfg)
{
    char p1[MONEY_FMT_SIZE], p2[MONEY_FMT_SIZE], d1[DATE_ISO_SIZE], d2[DATE_ISO_SIZE], pct[16];
    size_t nquestions = 0, nanswers = 0, nrequired = 0, nautomatic = 0;
    int64_t maxpts = ras_max_points(cfg), weekly = 0;
    const struct ras_band *band;

    for (size_t d = 0; d < cfg->ndomains; d++) {
        nquestions += cfg->domains[d].nquestions;
        for (size_t q = 0; q < cfg->domains[d].nquestions; q++) {
            nanswers += cfg->domains[d].questions[q].noptions;
            nrequired += cfg->domains[d].questions[q].required;
        }
    }
    for (size_t i = 0; i < cfg->nadjustments; i++)
        nautomatic += cfg->adjustments[i].automatic;

    date_format_iso(cfg->effective_from, d1);
    if (cfg->has_effective_to)
        date_format_iso(cfg->effective_to, d2);
    printf("%s: valid RAS configuration\n", path);
    printf("  council:        %s (%s)\n", cfg->council_name, cfg->council_code);
    printf("  version:        %s%s%s\n", cfg->version, cfg->title ? " — " : "",
           cfg->title ? cfg->title : "");
    printf("  in force:       from %s %s%s\n", d1, cfg->has_effective_to ? "to " : "(no end date)",
           cfg->has_effective_to ? d2 : "");
    printf("  domains:        %zu, with %zu questions (%zu required) and %zu answers\n",
           cfg->ndomains, nquestions, nrequired, nanswers);
    for (size_t d = 0; d < cfg->ndomains; d++) {
        const struct ras_domain *dom = &cfg->domains[d];
        int64_t mp = 0;
        for (size_t q = 0; q < dom->nquestions; q++) {
            int64_t best = 0;
            for (size_t o = 0; o < dom->questions[q].noptions; o++)
                if (dom->questions[q].options[o].points > best)
                    best = dom->questions[q].options[o].points;
            mp += best;
        }
        if (dom->max_points > 0 && mp > dom->max_points)
            mp = dom->max_points;
        printf("    %-20s %2zu question%s up to %3lld points%s\n", dom->id, dom->nquestions,
               dom->nquestions == 1 ? ", " : "s,", (long long)mp,
               dom->carer_adjustable ? " (carer adjustable)" : "");
    }
    if (cfg->pricing == RAS_PRICE_PER_POINT)
        printf("  pricing:        %s a point a week\n",
               (money_format(cfg->price_per_point, MONEY_FMT_POUND, p1, sizeof p1), p1));
    else
        printf("  pricing:        %zu bands\n", cfg->nbands);
    for (size_t i = 0; cfg->pricing == RAS_PRICE_BANDS && i < cfg->nbands; i++) {
        money_format(cfg->bands[i].weekly, MONEY_FMT_POUND, p1, sizeof p1);
        if (cfg->bands[i].to_points >= 0)
            printf("    %5lld to %5lld points: %s a week\n", (long long)cfg->bands[i].from_points,
                   (long long)cfg->bands[i].to_points, p1);
        else
            printf("    %5lld points and over: %s a week\n", (long long)cfg->bands[i].from_points,
                   p1);
    }
    money_format(cfg->weekly_minimum, MONEY_FMT_POUND, p1, sizeof p1);
    money_format(cfg->weekly_maximum, MONEY_FMT_POUND, p2, sizeof p2);
    printf("  limits:         %s to %s a week\n", p1, p2);
    ras_percent_format(cfg->contingency_bp, pct, sizeof pct);
    printf("  contingency:    %s%%\n", pct);
    printf("  rounding:       %s\n", cfg->rounding == RAS_ROUND_PENNY      ? "to the penny"
                                     : cfg->rounding == RAS_ROUND_POUND_UP ? "up to the whole pound"
                                                                           : "to the nearest pound");
    printf("  carer levels:   %zu\n", cfg->ncarer_levels);
    for (size_t i = 0; i < cfg->ncarer_levels; i++)
        printf("    %-14s %3lld%% fewer points\n", cfg->carer_levels[i].id,
               (long long)cfg->carer_levels[i].reduction_percent);
    printf("  adjustments:    %zu (%zu automatic, %zu chosen by the assessor)\n", cfg->nadjustments,
           nautomatic, cfg->nadjustments - nautomatic);
    printf("  consistency rules: %zu\n", cfg->nrules);
    printf("  most points from answers: %lld", (long long)maxpts);
    if (ras_price_points(cfg, maxpts, &weekly, &band, NULL) == 0) {
        money_format(weekly, MONEY_FMT_POUND, p1, sizeof p1);
        printf(", priced at %s a week before adjustments%s\n", p1,
               weekly > cfg->weekly_maximum ? " (above the upper limit: such budgets are capped)"
                                            : "");
    } else {
        printf("\n");
    }
}

static int run_check(int argc, char **argv)
{
    struct err e = {0};
    struct arena a;
    struct ras_config *cfg;
    int rc;
    if (argc != 2) {
        fputs("usage: selfdirect ras check FILE\n", stderr);
        return EXIT_USAGE;
    }
    arena_init(&a, 64u << 20);
    rc = load_config(argv[1], &a, &cfg, &e);
    if (rc == 0)
        print_summary(argv[1], cfg);
    else
        fprintf(stderr, "%s: ", argv[1]);
    arena_release(&a);
    return rc ? fail("check", &e) : EXIT_OK;
}

static int run_calc(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"answers", required_argument, NULL, 'a'},
        {"override", required_argument, NULL, 'o'},
        {"reason", required_argument, NULL, 'r'},
        {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = NULL, *answers_path = NULL, *override = NULL, *reason = NULL,
               *by = NULL;
    struct err e = {0};
    struct arena a;
    struct buf in, out;
    struct ras_config *cfg;
    struct ras_answers ans;
    struct ras_result *res = NULL, *ovr = NULL;
    int64_t override_pence = 0;
    int c, rc, status = EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': config_path = optarg; break;
        case 'a': answers_path = optarg; break;
        case 'o': override = optarg; break;
        case 'r': reason = optarg; break;
        case 'b': by = optarg; break;
        case 'h': help(stdout); return EXIT_OK;
        default: return EXIT_USAGE;
        }
    }
    if (!config_path || !answers_path || optind != argc) {
        fputs("usage: selfdirect ras calc --config FILE --answers FILE "
              "(see selfdirect ras --help)\n",
              stderr);
        return EXIT_USAGE;
    }
    if (!!override != !!reason) {
        fputs("selfdirect ras calc: --override and --reason go together: an override always "
              "says why.\n",
              stderr);
        return EXIT_USAGE;
    }
    if (override && money_parse(override, strlen(override), 0, &override_pence, "--override",
                                &e) != 0)
        return fail("calc", &e);

    arena_init(&a, 64u << 20);
    buf_init(&in, RAS_CONFIG_MAX_BYTES);
    buf_init(&out, OUTPUT_CAP);
    rc = load_config(config_path, &a, &cfg, &e);
    if (rc) {
        fprintf(stderr, "%s: ", config_path);
        status = fail("calc", &e);
        goto done;
    }
    rc = read_input(answers_path, &in, &e);
    if (rc == 0)
        rc = ras_answers_parse(in.data, in.len, &a, &ans, &e);
    if (rc) {
        fprintf(stderr, "%s: ", answers_path);
        status = fail("calc", &e);
        goto done;
    }
    rc = ras_calculate(cfg, &ans, &a, &res, &e);
    if (rc && !res) {
        status = fail("calc", &e);
        goto done;
    }
    if (res && !res->refused && override) {
        rc = ras_override(res, override_pence, reason, by, &a, &ovr, &e);
        if (rc) {
            status = fail("calc", &e);
            goto done;
        }
        res = ovr;
    }
    if (ras_result_json(res, &out) != 0) {
        fputs("selfdirect ras calc: the result is too large to print\n", stderr);
        status = EXIT_INTERNAL;
        goto done;
    }
    fputs(out.data, stdout);
    if (res->refused) {
        fprintf(stderr, "selfdirect ras calc: %s\n", e.msg);
        status = EXIT_DATA;
    }
done:
    buf_release(&in);
    buf_release(&out);
    arena_release(&a);
    return status;
}

/* `ras load`: stores a configuration version for a council, with an audit entry in the same
 * transaction. */
static int run_load(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"council", required_argument, NULL, 'c'},
        {"kind", required_argument, NULL, 'k'},    {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    const char *url = cli_default_db(), *code = NULL, *kind_s = "needs", *by_name = NULL;
    const char *user = getenv("USER");
    enum assess_kind kind;
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct assess_ras_config_row row;
    struct arena a;
    struct buf b;
    struct err e = {0};
    char actor[160], from[40], to[40], detail[400];
    int opt, rc, status = EXIT_OK;
    int64_t now = (int64_t)time(NULL);

    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'd': url = optarg; break;
        case 'c': code = optarg; break;
        case 'k': kind_s = optarg; break;
        case 'b': by_name = optarg; break;
        case 'h': help(stdout); return EXIT_OK;
        default: help(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !code) {
        fputs("selfdirect ras load: give one FILE and --council CODE (see --help)\n", stderr);
        return EXIT_USAGE;
    }
    if (assess_kind_parse(kind_s, &kind) != 0) {
        fprintf(stderr, "selfdirect ras load: --kind must be needs or carer, not '%s'\n", kind_s);
        return EXIT_USAGE;
    }
    if (!user || !*user)
        user = "unknown";
    if (!by_name || !*by_name)
        by_name = user;
    snprintf(actor, sizeof actor, "cli:%.100s", user);

    arena_init(&a, 0);
    buf_init(&b, RAS_CONFIG_MAX_BYTES);
    if ((rc = read_input(argv[optind], &b, &e)) != 0) {
        status = fail("load", &e);
        goto done;
    }
    if (store_open(url, &st, &e) != 0 || store_require_current(st, &e) != 0 ||
        store_acquire(st, &c, &e) != 0) {
        fprintf(stderr, "selfdirect ras load: %s\n", e.msg);
        status = EXIT_STORE;
        goto done;
    }
    if ((rc = council_find_code(c, code, &co, &e)) != 0) {
        fprintf(stderr, "selfdirect ras load: %s\n",
                rc == ERR_NOT_FOUND ? "there is no council with that code in this store"
                                    : e.msg);
        status = rc == ERR_NOT_FOUND ? EXIT_DATA : EXIT_STORE;
        goto done;
    }
    if ((rc = store_begin(c, &e)) == 0 &&
        (rc = assess_ras_config_load(c, co.id, kind, b.data, b.len,
                                     &(struct assess_actor){actor, by_name}, now, &a, &row,
                                     &e)) == 0) {
        struct audit_new an = {0};
        snprintf(detail, sizeof detail,
                 "{\"kind\":\"%s\",\"version\":\"%s\",\"sha256\":\"%s\"}",
                 assess_kind_name(kind), row.version, row.sha256);
        an.at = now;
        an.council_id = co.id;
        an.actor = actor;
        an.actor_role = "cli";
        an.action = "ras-config.load";
        an.subject_type = "ras_config";
        an.subject_id = row.id;
        an.remote_addr = "";
        an.detail = detail;
        if ((rc = audit_append(c, &an, &e)) == 0)
            rc = store_commit(c, &e);
    }
    if (rc != 0) {
        store_rollback(c);
        fprintf(stderr, "selfdirect ras load: %s\n", e.msg[0] ? e.msg : "failed");
        status = rc == ERR_INVALID || rc == ERR_CONFLICT ? EXIT_DATA
                 : rc == ERR_NOMEM                       ? EXIT_INTERNAL
                                                         : EXIT_STORE;
        goto done;
    }
    date_format_long(row.effective_from, from, sizeof from);
    if (row.has_effective_to)
        date_format_long(row.effective_to, to, sizeof to);
    printf("loaded the %s RAS configuration version %s for %s (%s): in force from %s%s%s\n"
           "id %" PRId64 ", sha256 %s, loaded by %s\n",
           assess_kind_name(kind), row.version, co.name, co.code, from,
           row.has_effective_to ? " to " : " with no end date",
           row.has_effective_to ? to : "", row.id, row.sha256, by_name);
done:
    store_release(c);
    store_close(st);
    buf_release(&b);
    arena_release(&a);
    return status;
}

int cmd_ras(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "check") == 0) {
        if (argc == 3 && strcmp(argv[2], "--help") == 0) {
            help(stdout);
            return EXIT_OK;
        }
        return run_check(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "calc") == 0)
        return run_calc(argc - 1, argv + 1);
    if (strcmp(argv[1], "load") == 0)
        return run_load(argc - 1, argv + 1);
    fprintf(stderr, "selfdirect ras: there is no sub-command '%s' (check, calc or load). Run "
                    "'selfdirect ras --help'.\n",
            argv[1]);
    return EXIT_USAGE;
}
