/* PLACEHOLDER so the program links while the "needs" engineer writes this command: they own this
 * file and replace it whole. */
#include <stdio.h>

#include "cli/commands.h"

int cmd_ras(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("selfdirect ras: not built yet\n", stderr);
    return EXIT_INTERNAL;
}
