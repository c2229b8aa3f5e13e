/*
 * cli/inputs.h - what validate and ingest are given to read: files, folders
 * and ZIP archives, and every file they do not read, with the reason.
 *
 * Nothing is silent: each file under a folder given is either a document to
 * read, a file not read (a "not read" record: PDF, Word, an image, an
 * archive that cannot be opened ...; listed in every output format with the
 * reason and the next step), or an Office lock, temporary or hidden file,
 * skipped with one note on stderr and counted nowhere.
 *
 * A ZIP archive (.zip) is opened in memory: each document inside becomes an
 * input named ARCHIVE!/MEMBER ("開示.zip!/A社/mds.xlsx"), in the shown form
 * of text/path.c; a ZIP inside it is opened too, a third level is not.  No
 * member name ever reaches the file system.  Encrypted members are read with
 * the password of cli_paths.password (KAIJI_ZIP_PASSWORD, --ask-password).
 */
#ifndef KAIJI_CLI_INPUTS_H
#define KAIJI_CLI_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kaiji.h"
#include "parser/zipsafe.h"

/* The separator between an archive's name and a member's. */
#define CLI_ARCHIVE_SEP "!/"

/* One document to read. */
typedef struct cli_input {
    char *path;       /* the file on disk (for a member: the archive on disk) */
    char *shown;      /* a member: its name "a.zip!/b.xlsx" (shown form); else NULL */
    int depth;        /* 0 a file, 1 a member, 2 a member of a ZIP inside the ZIP */
    size_t member[2]; /* the member's index in the archive, then in the inner one */
} cli_input;

/* A file not read. */
typedef struct cli_not_read {
    char *path;         /* shown form */
    const char *kind;   /* "pdf", "word", "image", "archive", "folder", "other" */
    const char *reason; /* a code: not-read-pdf, archive-encrypted ... (docs/reference.md) */
    char *detail;       /* what the archive reader said, or NULL */
} cli_not_read;

/* What a command was given, walked. */
typedef struct cli_paths {
    cli_input *items;
    size_t count, cap;
    cli_not_read *not_read;
    size_t not_read_count, not_read_cap;
    size_t skipped;         /* lock, temporary and hidden files skipped */
    const char *password;   /* for encrypted archives, or NULL */
    kaiji_limits limits;    /* for archives; zero fields: the defaults */
} cli_paths;

/*
 * Adds path to list: a file as it is (a .zip opened as an archive; a PDF,
 * Word file or image recorded as not read), a folder by walking it (sorted,
 * depth first, never through a symbolic link).  Returns EXIT_OK,
 * EXIT_USAGE when path does not exist (said on stderr, with a hint) or
 * EXIT_FAILURE_ when memory runs out.
 */
int cli_paths_add(cli_paths *list, const char *path);
void cli_paths_free(cli_paths *list);

/* The name a document of in is shown by (its member name, or its path). */
const char *cli_input_name(const cli_input *in);

/*
 * The bytes of the member in (malloc'd into *data, the caller frees them),
 * read from its archive under list's limits.  Returns KAIJI_OK,
 * KAIJI_ERROR_NOMEM, or KAIJI_ERROR_UNREADABLE with *code the finding code
 * (file-unreadable, file-too-large, file-corrupt, file-encrypted) and why.
 */
int cli_input_bytes(unsigned char **data, size_t *size, const cli_paths *list,
                    const cli_input *in, const char **code, char why[KAIJI_ZIP_WHY]);

/*
 * Reads a document: a file with kaiji_read_file, a member from its archive
 * with kaiji_read_memory (a member that cannot be taken out gives an
 * unreadable document with the reason as its finding).  As kaiji_read_file.
 */
int cli_input_read(kaiji_document **out, const cli_paths *list, const cli_input *in,
                   const kaiji_read_options *opts);

/* The reason of a not-read record and the next step, translated. */
const char *cli_not_read_reason(const cli_not_read *r);
const char *cli_not_read_next_step(const cli_not_read *r);

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
