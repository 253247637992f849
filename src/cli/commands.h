/*
 * commands.h — the sub-commands of the selfdirect binary. Each lives in its own file
 * src/cli/cmd_<name>.c and is listed in the table in src/cli/main.c. A command parses its own
 * options (every command that touches data takes --db URL and --help) and returns an exit code.
 */
#ifndef SELFDIRECT_CLI_COMMANDS_H
#define SELFDIRECT_CLI_COMMANDS_H

/* Exit codes, the same for every command. */
enum exit_code {
    EXIT_OK = 0,
    EXIT_FAILED = 1,      /* the command ran and found a problem (a failing case, a broken chain) */
    EXIT_USAGE = 2,       /* wrong options or arguments: see --help */
    EXIT_DATA = 3,        /* the input is wrong (a file, standard input): the message says where */
    EXIT_STORE = 4,       /* the store could not be opened or used (unreachable, not ours, newer) */
    EXIT_INTERNAL = 5,    /* out of memory, or a bug */
};

/* The store URL when --db is not given: $SELFDIRECT_DB, else sqlite:selfdirect.db */
const char *cli_default_db(void);

int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_payroll(int argc, char **argv);
int cmd_pa(int argc, char **argv);
int cmd_charging(int argc, char **argv);
int cmd_ras(int argc, char **argv);
int cmd_verify_audit(int argc, char **argv);
int cmd_verify_ledger(int argc, char **argv);
int cmd_dp(int argc, char **argv);
int cmd_plan_report(int argc, char **argv);
int cmd_notify(int argc, char **argv);

#endif
