/*
 * cli/inputs.c - the files given to validate and ingest, as the command says
 * them on the terminal (see inputs.h; the walk is parser/inputs.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/inputs.h"
#include "model/i18n.h"

int cli_paths_add(cli_paths *list, const char *path)
{
    list->notes = stderr;
    int rc = kaiji_inputs_add(list, path);
    if (rc == KAIJI_ERROR_NOT_FOUND) {
        cli_say_missing(path);
        return EXIT_USAGE;
    }
    return rc == KAIJI_OK ? EXIT_OK : EXIT_FAILURE_;
}

void cli_not_read_print(FILE *out, const cli_not_read *r)
{
    fprintf(out, "%s\n", r->path);
    if (r->detail)
        fprintf(out, _("  not read: %s (%s)\n"), kaiji_not_read_reason(r), r->detail);
    else
        fprintf(out, _("  not read: %s\n"), kaiji_not_read_reason(r));
    fprintf(out, _("  next step: %s\n"), kaiji_not_read_next_step(r));
}

bool cli_paths_none(const cli_paths *list)
{
    if (list->count)
        return false;
    if (list->not_read_count)
        fprintf(stderr, _("Files not read:\n"));
    for (size_t i = 0; i < list->not_read_count; i++)
        cli_not_read_print(stderr, &list->not_read[i]);
    cli_error(_("found no document to read"));
    if (list->not_read_count)
        fprintf(stderr, _("hint: each file above says why it was not read and what to do\n"));
    else
        fprintf(stderr, _("hint: the folder holds no Excel, XML or JSON document\n"));
    return true;
}

bool cli_zip_password(const char **out, bool ask, char *buf, size_t size)
{
    const char *env = getenv("KAIJI_ZIP_PASSWORD");
    *out = NULL;
    if (!ask) {
        if (env && *env)
            *out = env;
        return true;
    }
    if (!isatty(STDIN_FILENO)) {
        cli_error(_("--ask-password needs a terminal; set KAIJI_ZIP_PASSWORD instead"));
        return false;
    }
    struct termios old, quiet;
    bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
    fprintf(stderr, _("Password of the ZIP files: "));
    fflush(stderr);
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        echo_off = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    bool got = fgets(buf, (int)size, stdin) != NULL;
    if (echo_off)
        (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    if (got) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (*buf)
            *out = buf;
    }
    return true;
}
