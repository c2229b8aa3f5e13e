/*
 * cli/noserve.c - kaiji serve and kaiji user in a build without the server
 * (make windows with KAIJI_WINDOWS_SERVE=0, the default: libmicrohttpd and
 * libsodium are not built for Windows yet).  Both say so and exit 3.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "model/i18n.h"

static int not_built(void)
{
    cli_error(_("kaiji serve and kaiji user are not part of this build of kaiji; "
                "use validate, ingest and status"));
    return EXIT_FAILURE_;
}

int cli_serve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return not_built();
}

int cli_user(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return not_built();
}
