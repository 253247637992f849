/* cmd_charging.c — `selfdirect charging`: one financial assessment as JSON on standard input, the
 * weekly contribution and its derivation as JSON on standard output (docs/charging.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "cli/commands.h"
#include "domain/charging/charging.h"
#include "io/charging_json.h"
#include "io/charging_rates.h"

/* One assessment is a few kilobytes; a megabyte leaves room and still bounds what stdin can cost. */
#define INPUT_CAP (1u << 20)

static void help(FILE *out)
{
    fputs("usage: selfdirect charging [--rates FILE] < assessment.json\n\n"
          "Works out the weekly contribution towards care at home (the financial assessment of\n"
          "the Care and Support (Charging and Assessment of Resources) Regulations 2014) for one\n"
          "person, and prints it with its derivation, line by line, as JSON.\n\n"
          "options:\n"
          "  --rates FILE  use this rates file instead of the built-in rates for the tax year\n"
          "                (same shape as data/rates/charging-2025-26.json)\n"
          "  --help        show this\n\n"
          "input (standard input), for example:\n"
          "  {\"tax_year\": \"2025-26\", \"age\": 45, \"weekly_cost_of_care\": \"320.00\",\n"
          "   \"capital\": \"16100.00\", \"income\": [{\"kind\": \"esa\", \"weekly\": \"140.55\"}]}\n"
          "output: {\"weekly_contribution\": \"20.75\", \"lines\": [{\"label\": ..., \"weekly\": ...}]}\n\n"
          "On bad input: a problem document {\"type\", \"title\", \"field\", \"detail\"} on standard\n"
          "output, the same message on standard error, and exit code 3. docs/charging.md has\n"
          "every field, rule and source.\n",
          out);
}

static int exit_for(int code)
{
    switch (code) {
    case ERR_NOMEM: return EXIT_INTERNAL;
    case ERR_IO: return EXIT_DATA;
    default: return EXIT_DATA;
    }
}

/* Reports an error both ways: a problem document for programs, a sentence for people. */
static int report(const struct err *e)
{
    struct buf b;
    buf_init(&b, 64 * 1024);
    if (charging_json_problem(e, &b) == 0)
        fputs(b.data, stdout);
    buf_release(&b);
    fprintf(stderr, "selfdirect charging: %s\n", e->msg[0] ? e->msg : "failed");
    return exit_for(e->code);
}

int cmd_charging(int argc, char **argv)
{
    static const struct option opts[] = {
        {"rates", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *rates_file = NULL;
    struct err e = {0};
    struct buf in, out;
    struct arena a;
    struct charging_input input;
    struct charging_rates rates;
    struct charging_result result;
    int c, rc = EXIT_OK;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            rates_file = optarg;
            break;
        case 'h':
            help(stdout);
            return EXIT_OK;
        default:
            help(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "selfdirect charging: unexpected argument '%s'; the assessment is read "
                        "from standard input\n",
                argv[optind]);
        return EXIT_USAGE;
    }

    buf_init(&in, INPUT_CAP);
    buf_init(&out, 4u << 20);
    arena_init(&a, 16u << 20);
    if (buf_read_file(&in, "/dev/stdin", &e) != 0) {
        if (e.code == ERR_RANGE)
            err_clear(&e), err_set(&e, ERR_INVALID,
                                   "the input is larger than %u bytes; one assessment is much "
                                   "smaller",
                                   INPUT_CAP);
        rc = report(&e);
        goto done;
    }
    if (charging_json_parse(in.data, in.len, &a, &input, &e) != 0) {
        rc = report(&e);
        goto done;
    }
    if (rates_file) {
        if (charging_rates_load_file(rates_file, &rates, &e) != 0) {
            rc = report(&e);
            goto done;
        }
        if (rates.tax_year != input.tax_year) {
            char want[8], have[8];
            taxyear_format(input.tax_year, want);
            taxyear_format(rates.tax_year, have);
            err_set_field(&e, ERR_INVALID, "tax_year",
                          "tax_year: the assessment is for %s but %s has the rates for %s", want,
                          rates_file, have);
            rc = report(&e);
            goto done;
        }
    } else if (charging_rates_load(input.tax_year, &rates, &e) != 0) {
        rc = report(&e);
        goto done;
    }
    if (charging_assess(&rates, &input, &a, &result, &e) != 0 ||
        charging_json_result(&result, &out, &e) != 0) {
        rc = report(&e);
        goto done;
    }
    if (fputs(out.data, stdout) == EOF || fflush(stdout) != 0) {
        fprintf(stderr, "selfdirect charging: could not write the result\n");
        rc = EXIT_INTERNAL;
    }
done:
    arena_release(&a);
    buf_release(&out);
    buf_release(&in);
    return rc;
}
