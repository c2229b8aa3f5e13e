/*
 * tests/support/support.h - what the tests share: paths into the source and
 * build trees, reading files, running the kaiji command, and building XLSX
 * files in memory (with libzip) so fixtures come from code.
 */
#ifndef KAIJI_TEST_SUPPORT_H
#define KAIJI_TEST_SUPPORT_H

#include <stddef.h>

#include "kaiji.h"

/* KAIJI_SOURCE_DIR "/" rel, in a static buffer of the calling thread. */
const char *t_src(const char *rel);
/* KAIJI_BUILD_DIR "/" rel. */
const char *t_build(const char *rel);
/* A fresh empty directory under the build tree, unique per call. */
const char *t_tmpdir(void);

/* The whole file at path, NUL-terminated, malloc'd; *len its size. Aborts
 * the test on failure. */
char *t_slurp(const char *path, size_t *len);
/* Writes len bytes to path; aborts the test on failure. */
void t_spit(const char *path, const void *data, size_t len);

/* Runs the shell command cmd, captures stdout into a malloc'd string *out
 * (may be NULL to discard), returns the exit status. */
int t_run(const char *cmd, char **out);

/* Reads and validates (built-in catalogs, target 6.0, as_of date "YYYY-MM-DD"
 * or NULL for 2024-10-01) the file at path; aborts the test on error. */
kaiji_document *t_validate(const char *path, const char *as_of);
/* As t_validate, from bytes in memory. */
kaiji_document *t_validate_mem(const void *data, size_t len, const char *name,
                               const char *as_of);
/* true when doc has a finding with this code (and item, when not NULL). */
int t_has_finding(const kaiji_document *doc, const char *code, const char *item);
/* The item with this ID, or NULL. */
const kaiji_item *t_item(const kaiji_document *doc, const char *id);

/*
 * The one "expect refused" check of the tests: asserts that doc was refused
 * (not readable) with code as its first finding, and, when only is set, that
 * this finding is its only one; what names the case in the messages (NULL for
 * the document's name).  Returns the finding's message.  Every test that
 * expects a reader or the library to refuse a file calls it, whatever read
 * the file.
 */
const char *t_expect_refused(const kaiji_document *doc, const char *code, int only,
                             const char *what);
/* The code and message of doc's first finding, "(none)" when it has none. */
const char *t_first_code(const kaiji_document *doc);
const char *t_first_message(const kaiji_document *doc);

/*
 * Skipping on what the machine lacks, one way everywhere: each skips the
 * calling test (cr_skip_test) with the reason, naming what is missing and
 * what installs it (tools/install-deps.sh, with --tests for tools), when
 *   t_require_locale   the locale (e.g. "ja_JP.UTF-8") cannot be loaded
 *                      (newlocale: honours LOCPATH like the command does);
 *   t_require_tool     the shell command probe exits non-zero (what names
 *                      the tool or its Debian package in the reason);
 *   t_require_file     path is not an executable (or readable) file.
 * Call them first in a test, before anything it would have to undo.
 */
void t_require_locale(const char *locale);
/* For a part of a test: true when the locale can be loaded; otherwise false,
 * and the test's log says what was not checked and why (tests/run-all.sh
 * prints it: criterion fails a run that logs a warning). */
int t_have_locale(const char *locale, const char *what);
void t_require_tool(const char *what, const char *probe);
void t_require_file(const char *what, const char *path);

/*
 * Where the Windows build of the tests (make windows-tests: the same
 * sources, tests/windows/process.c linked instead of tests/support/process.c)
 * cannot do what a test does, for a reason of Windows' own:
 *   t_skip_on_windows  skips the calling test there, with why (nothing on
 *                      Linux);
 *   t_windows_cannot   for a part of a test: true there, and the test's log
 *                      says what was not checked and why; false on Linux.
 */
void t_skip_on_windows(const char *why);
/* What to do when a locale cannot be loaded, for the skip's reason (Linux:
 * tools/install-deps.sh generates it; Windows: the build has no newlocale). */
const char *t_locale_hint(void);
int t_windows_cannot(const char *what, const char *why);

/*
 * An XLSX built in memory: t_xlsx_new(), then t_xlsx_add(x, "xl/workbook.xml",
 * text) for each part, then t_xlsx_bytes(x, &len) gives the ZIP (malloc'd).
 * t_xlsx_simple() builds a whole workbook from one sheet's XML body (the
 * <sheetData> and what follows), with the given shared strings.
 */
typedef struct t_xlsx t_xlsx;
t_xlsx *t_xlsx_new(void);
void t_xlsx_add(t_xlsx *x, const char *name, const char *text);
void t_xlsx_add_bytes(t_xlsx *x, const char *name, const void *data, size_t len);
unsigned char *t_xlsx_bytes(t_xlsx *x, size_t *len); /* frees x */
/* Encrypts the entry name, added before, with password: PKWARE's
 * traditional method (what `zip -P` and Windows write) or, with aes, AES-256
 * (7-Zip, WinZip).  For password-protected archives (PPAP). */
void t_xlsx_encrypt(t_xlsx *x, const char *name, const char *password, int aes);

/* Gives every file under the source tree's samples/ the same modification
 * time (2026-11-01 09:00 UTC), as if all had been received together: the
 * time received breaks ties between a vendor's documents of one date, and a
 * checkout or `make samples` leaves the files' times to chance. */
void t_samples_received_together(void);

#endif
