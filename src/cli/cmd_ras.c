/* cmd_ras.c — `selfdirect ras`: check a council's resource allocation system configuration, and
 * calculate an indicative budget from an answers file, printing the whole derivation as JSON, so a
 * council can test its configuration before loading it (docs/ras.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "cli/commands.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"

#define OUTPUT_CAP (16u << 20)

static void help(FILE *out)
{
    fputs("usage: selfdirect ras check FILE\n"
          "       selfdirect ras calc --config FILE --answers FILE [--override AMOUNT --reason TEXT"
          " [--by NAME]]\n"
          "       selfdirect ras load FILE [--db URL]\n\n"
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
          "  load FILE    store a configuration version in the database (not yet available)\n\n"
          "exit codes: 0 ok; 3 the configuration or answers are wrong (for calc, flagged answers\n"
          "print a refused result with every flag on standard output); 2 usage; 5 internal.\n",
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
    if (strcmp(argv[1], "load") == 0) {
        /* Storing configuration versions needs the RAS tables in the store, which come with the
         * assessment pages; until then a council can check and calc from files. */
        fputs("selfdirect ras load: not yet available: the store integration comes with the "
              "assessment pages. Use 'selfdirect ras check FILE' to validate a configuration and "
              "'selfdirect ras calc' to test it.\n",
              stderr);
        return EXIT_FAILED;
    }
    fprintf(stderr, "selfdirect ras: there is no sub-command '%s' (check, calc or load). Run "
                    "'selfdirect ras --help'.\n",
            argv[1]);
    return EXIT_USAGE;
}
