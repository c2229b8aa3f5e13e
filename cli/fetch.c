/*
 * cli/fetch.c - kaiji fetch (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_fetch(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'fetch' is not built yet");
    return EXIT_FAILURE_;
}
