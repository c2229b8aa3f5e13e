/*
 * parser/inputs.h - what validate and ingest are given to read, and what
 * kaiji serve's watched folder holds: files, folders and ZIP archives, and
 * every file they do not read, with the reason.  The one rule of which
 * files are read, for the command and the server alike (cli/inputs.h adds
 * what the command says on the terminal).
 *
 * Nothing is silent: each file under a folder given is either a document to
 * read, a file not read (a "not read" record: PDF, Word, an image, an
 * archive that cannot be opened ...; listed in every output format with the
 * reason and the next step), or an Office lock, temporary or hidden file,
 * skipped with one note (on kaiji_inputs.notes) and counted nowhere.
 *
 * A ZIP archive (.zip) is opened in memory: each document inside becomes an
 * input named ARCHIVE!/MEMBER ("開示.zip!/A社/mds.xlsx"), in the shown form
 * of text/path.c; a ZIP inside it is opened too, a third level is not.  No
 * member name ever reaches the file system.  Encrypted members are read with
 * the password of kaiji_inputs.password (KAIJI_ZIP_PASSWORD, --ask-password).
 */
#ifndef KAIJI_PARSER_INPUTS_H
#define KAIJI_PARSER_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "kaiji.h"
#include "parser/zipsafe.h"

/* The separator between an archive's name and a member's. */
#define KAIJI_ARCHIVE_SEP "!/"

/* One document to read. */
typedef struct kaiji_input {
    char *path;       /* the file on disk (for a member: the archive on disk) */
    char *shown;      /* a member: its name "a.zip!/b.xlsx" (shown form); else NULL */
    int depth;        /* 0 a file, 1 a member, 2 a member of a ZIP inside the ZIP */
    size_t member[2]; /* the member's index in the archive, then in the inner one */
} kaiji_input;

/* A file not read. */
typedef struct kaiji_not_read {
    char *path;         /* shown form */
    const char *kind;   /* "pdf", "word", "image", "archive", "folder", "other" */
    const char *reason; /* a code: not-read-pdf, archive-encrypted ... (docs/reference.md) */
    char *detail;       /* what the archive reader said, or NULL */
} kaiji_not_read;

/* What a command was given, walked. */
typedef struct kaiji_inputs {
    kaiji_input *items;
    size_t count, cap;
    kaiji_not_read *not_read;
    size_t not_read_count, not_read_cap;
    size_t skipped;         /* lock, temporary and hidden files skipped */
    const char *password;   /* for encrypted archives, or NULL */
    kaiji_limits limits;    /* for archives; zero fields: the defaults */
    FILE *notes;            /* where skipped files are noted (the command: stderr); NULL: nowhere */
    /* Called with each file that is neither skipped (lock, temporary, hidden)
     * nor a folder, before it is opened or listed, with what stat said of it;
     * false leaves it out, silently (the watched folder: a file still being
     * written, or one seen before).  NULL: every file is taken. */
    bool (*admit)(void *ctx, const char *path, const struct stat *st);
    void *admit_ctx;
} kaiji_inputs;

/*
 * Adds path to list: a file as it is (a .zip opened as an archive; a PDF,
 * Word file or image recorded as not read), a folder by walking it (sorted,
 * depth first, never through a symbolic link; a folder that cannot be
 * opened is a not-read record, folder-unreadable).  Returns KAIJI_OK,
 * KAIJI_ERROR_NOT_FOUND when path does not exist (nothing added) or
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_inputs_add(kaiji_inputs *list, const char *path);
void kaiji_inputs_free(kaiji_inputs *list);

/* The name a document of in is shown by (its member name, or its path). */
const char *kaiji_input_name(const kaiji_input *in);

/*
 * The bytes of the member in (malloc'd into *data, the caller frees them),
 * read from its archive under list's limits.  Returns KAIJI_OK,
 * KAIJI_ERROR_NOMEM, or KAIJI_ERROR_UNREADABLE with *code the finding code
 * (file-unreadable, file-too-large, file-corrupt, file-encrypted) and why.
 */
int kaiji_input_bytes(unsigned char **data, size_t *size, const kaiji_inputs *list,
                      const kaiji_input *in, const char **code, char why[KAIJI_ZIP_WHY]);

/*
 * Reads a document: a file with kaiji_read_file, a member from its archive
 * with kaiji_read_memory (a member that cannot be taken out gives an
 * unreadable document with the reason as its finding).  As kaiji_read_file.
 */
int kaiji_input_read(kaiji_document **out, const kaiji_inputs *list, const kaiji_input *in,
                     const kaiji_read_options *opts);

/* The reason of a not-read record and the next step, translated. */
const char *kaiji_not_read_reason(const kaiji_not_read *r);
const char *kaiji_not_read_next_step(const kaiji_not_read *r);

#endif
