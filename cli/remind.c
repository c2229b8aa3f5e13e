/*
 * cli/remind.c - kaiji remind (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_remind(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'remind' is not built yet");
    return EXIT_FAILURE_;
}
