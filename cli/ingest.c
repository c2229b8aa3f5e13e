/*
 * cli/ingest.c - kaiji ingest (being written; replaced by its implementation).
 */
#include "cli/cli.h"

int cli_ingest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'ingest' is not built yet");
    return EXIT_FAILURE_;
}
