/*
 * cli/link.c - kaiji link (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_link(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'link' is not built yet");
    return EXIT_FAILURE_;
}
