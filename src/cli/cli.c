/* cli.c — helpers shared by the sub-commands (kept out of main.c so the test binary, which links
 * every command but not main, has them too). */
#include <stdlib.h>

#include "cli/commands.h"

const char *cli_default_db(void)
{
    const char *env = getenv("SELFDIRECT_DB");
    return env && *env ? env : "sqlite:selfdirect.db";
}
