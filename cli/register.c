/*
 * cli/register.c - kaiji register (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_register(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'register' is not built yet");
    return EXIT_FAILURE_;
}
