/*
 * cli/progress.h - a progress bar on a terminal for long batches (validate,
 * ingest): "  12/44 [#####.......] samples/mds/foo.xlsx", redrawn in place
 * with \r at most ten times a second and erased at the end.
 *
 * It is drawn only when the descriptor given (standard error) is a terminal,
 * so a pipe, a file or a JSON, CSV or HTML report on standard output never
 * sees it.  A NULL cli_progress is valid everywhere and does nothing.
 *
 *   cli_progress *p = NULL;
 *   cli_progress_start(&p, STDERR_FILENO, n);
 *   for (i = 0; i < n; i++) {
 *       cli_progress_update(p, i, name[i]);   // before the slow work
 *       ... work ...
 *       cli_progress_hide(p);                 // before printing a result
 *       ... print to stdout ...
 *   }
 *   cli_progress_free(p);
 */
#ifndef KAIJI_CLI_PROGRESS_H
#define KAIJI_CLI_PROGRESS_H

#include <stddef.h>

typedef struct cli_progress cli_progress;

/*
 * Sets *out to a progress bar for total steps drawn on fd, or to NULL when
 * fd is not a terminal (or total is 0).  Returns KAIJI_OK, or
 * KAIJI_ERROR_NOMEM with *out NULL.  Free with cli_progress_free().
 */
int cli_progress_start(cli_progress **out, int fd, size_t total);

/* Records that done steps are finished and name is the one in hand, and
 * redraws when the last drawing is 100 ms old or more (or there is none). */
void cli_progress_update(cli_progress *p, size_t done, const char *name);

/* Erases the bar, if it is shown and standard output is a terminal too, so
 * that what comes next on standard output starts on a clean line. */
void cli_progress_hide(cli_progress *p);

/* Erases the bar and frees p.  NULL-safe. */
void cli_progress_free(cli_progress *p);

/*
 * Writes into out (cap bytes, NUL-terminated, cap >= 8) the line shown for
 * done of total with name, fitting in width - 1 columns of a terminal of
 * width columns: the count, a bar when there is room, then as much of the end
 * of name as fits, after "..." when cut.  Control characters and invalid
 * UTF-8 in name become '?'; wide (CJK) characters count two columns.
 * Returns the length written.
 */
size_t cli_progress_format(char *out, size_t cap, size_t done, size_t total,
                           const char *name, int width);

#endif
