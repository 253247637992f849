/* PLACEHOLDER so the program links while the "payroll" engineer writes this command: they own this
 * file and replace it whole. */
#include <stdio.h>

#include "cli/commands.h"

int cmd_payroll(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("selfdirect payroll: not built yet\n", stderr);
    return EXIT_INTERNAL;
}
