/*
 * cli/status.c - kaiji status (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_status(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'status' is not built yet");
    return EXIT_FAILURE_;
}
