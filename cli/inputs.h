/*
 * cli/inputs.h - what validate and ingest are given to read, as the command
 * says it on the terminal: parser/inputs.h walks the files, folders and ZIP
 * archives (the one rule of which files are read, shared with kaiji serve's
 * watched folder); this adds a missing path said on stderr, the not-read
 * records printed, and the ZIP password.
 */
#ifndef KAIJI_CLI_INPUTS_H
#define KAIJI_CLI_INPUTS_H

#include <stdbool.h>
#include <stdio.h>

#include "parser/inputs.h"

typedef kaiji_input cli_input;
typedef kaiji_not_read cli_not_read;
typedef kaiji_inputs cli_paths;

/*
 * kaiji_inputs_add, with the skipped files noted on stderr.  Returns EXIT_OK,
 * EXIT_USAGE when path does not exist (said on stderr, with a hint) or
 * EXIT_FAILURE_ when memory runs out.
 */
int cli_paths_add(cli_paths *list, const char *path);

/* Writes r as text to out: its path, then its reason and the next step. */
void cli_not_read_print(FILE *out, const cli_not_read *r);

/*
 * When list holds no document: says so on stderr (with the not-read records
 * first, and a hint) and returns true; the command then exits EXIT_USAGE.
 */
bool cli_paths_none(const cli_paths *list);

/*
 * The password for encrypted archives: KAIJI_ZIP_PASSWORD, or, with ask,
 * asked on the terminal without echo into buf.  *out is NULL when there is
 * none.  false (said on stderr) when ask is set and standard input is not a
 * terminal.
 */
bool cli_zip_password(const char **out, bool ask, char *buf, size_t size);

#endif
