/*
 * platform/platform.h - the portable layer, the lowest: what kaiji does
 * differently on each system it runs on, behind one name.  On Linux the
 * functions here are in the files of platform/; the Windows build (make windows)
 * takes platform/windows.c instead, and platform/windows/compat.h gives it
 * the POSIX functions the rest of the code calls (files by UTF-8 name
 * through the wide API, folders, time, the environment).
 */
#ifndef KAIJI_PLATFORM_H
#define KAIJI_PLATFORM_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

/*
 * Makes out and err the process's standard output and standard error (the
 * streams stdout and stderr name from then on); false where the system
 * cannot (Windows: the command then writes to the streams unfiltered).
 * Called once, before any thread starts.
 */
bool kaiji_platform_set_std_streams(FILE *out, FILE *err);

/*
 * Opens url in the desktop's default browser and returns at once, without
 * waiting for the browser (POSIX: xdg-open in a child process; Windows:
 * ShellExecuteW).  Nothing is said when there is no browser.
 */
void kaiji_platform_open_url(const char *url);

/*
 * Readies the process to be stopped by the user (Ctrl+C; POSIX also
 * SIGTERM; Windows also Ctrl+Break and the console closing) so that
 * kaiji_platform_wait_for_stop() can wait for it.  Called once, before any
 * thread starts (POSIX: the signals are blocked, so that threads started
 * later inherit the mask and never see them).  False when it cannot.
 */
bool kaiji_platform_stop_prepare(void);

/* Waits until the user asks the process to stop; prepared above. */
void kaiji_platform_wait_for_stop(void);

/*
 * The time st says its file was last changed, in nanoseconds since 1970
 * (POSIX: st_mtim; Windows' struct stat has whole seconds only).
 */
long long kaiji_platform_mtime_ns(const struct stat *st);

/*
 * Whether the files at paths a and b, which stat gave sa and sb, are one
 * file (POSIX: the same device and inode; Windows, whose stat has no inode:
 * the same volume and file index, asked of each file by its path).
 */
bool kaiji_platform_same_file(const char *a, const struct stat *sa, const char *b,
                              const struct stat *sb);

/*
 * The languages one thread's messages (_(), C_(), dngettext in the text
 * domain given to kaiji_langs_new) may be switched to, for a moment, while
 * other threads keep theirs: kaiji serve writes each page in its browser's
 * language.  Japanese is the domain's catalog, English its msgids.
 */
typedef enum kaiji_lang { KAIJI_LANG_JA = 0, KAIJI_LANG_EN } kaiji_lang;

/* The two languages, made once (before threads use them) and read only
 * after: POSIX, two locales (newlocale; Japanese with "." in numbers,
 * English with untranslated messages); Windows, the Japanese catalog read
 * from where bindtextdomain put domain.  Where Japanese is not to be had
 * (no ja_JP.UTF-8, no catalog) it is the process's language.  *out NULL
 * and false when out of memory; free with kaiji_langs_free (NULL-safe). */
typedef struct kaiji_langs kaiji_langs;
bool kaiji_langs_new(kaiji_langs **out, const char *domain);
void kaiji_langs_free(kaiji_langs *langs);

/* What kaiji_lang_begin replaced, for kaiji_lang_end. */
typedef struct kaiji_lang_saved {
    void *was;
    bool set;
} kaiji_lang_saved;

/* Makes the calling thread's messages (and, on POSIX, its whole locale)
 * lang's, from langs (which outlives the switch), until kaiji_lang_end
 * with what this returns; other threads are not touched (POSIX:
 * uselocale; Windows: a thread-local choice that the build's dgettext and
 * dngettext honour). */
kaiji_lang_saved kaiji_lang_begin(const kaiji_langs *langs, kaiji_lang lang);
void kaiji_lang_end(kaiji_lang_saved saved);

#endif
