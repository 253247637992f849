/* selfdirect — entry point: finds the sub-command in the table and runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

/* The command table is data: adding a command is one line here and one file in src/cli/. */
static const struct command commands[] = {
    {"migrate", cmd_migrate, "create or upgrade a store to this version's schema"},
    {"demo", cmd_demo, "make a fresh store with a demo council and fictional people"},
    {"serve", cmd_serve, "run the web server"},
    {"payroll", cmd_payroll, "payroll tools (HMRC conformance, pay runs)"},
    {"pa", cmd_pa, "personal assistants: pay runs, payslips, FPS, P60, P45, reminders"},
    {"charging", cmd_charging, "work out a weekly contribution: JSON in, JSON out"},
    {"ras", cmd_ras, "load or test a resource allocation system configuration"},
    {"verify-audit", cmd_verify_audit, "check the audit trail's hash chain"},
    {"verify-ledger", cmd_verify_ledger, "check the direct-payment ledger's invariants"},
    {"dp", cmd_dp, "direct payments: monitoring run, statement import, benchmark"},
    {"plan-report", cmd_plan_report, "planning reports: traditional support, choices, benchmark"},
    {"notify", cmd_notify, "reminders: queue them, send them by e-mail, opt a person out"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("selfdirect — self-directed support: personal budgets, direct payments and payroll\n\n"
          "usage: selfdirect COMMAND [OPTIONS]\n\ncommands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fputs("\n`selfdirect COMMAND --help` shows a command's options. Stores are named by --db:\n"
          "  --db sqlite:PATH                        (the default: sqlite:selfdirect.db)\n"
          "  --db postgresql://USER@HOST:PORT/NAME   (or any libpq connection URI)\n"
          "exit codes: 0 ok, 1 found a problem, 2 usage, 3 bad input data, 4 store error, 5 internal\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        puts("selfdirect 0.1.0");
        return EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "selfdirect: there is no command '%s'. Run 'selfdirect --help' for the list.\n",
            argv[1]);
    return EXIT_USAGE;
}
