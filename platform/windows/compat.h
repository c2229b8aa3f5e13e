/*
 * platform/windows/compat.h - what POSIX gives kaiji and Windows lacks, in
 * one place.  The Windows build (make windows) includes it before every
 * source file of kaiji (-include), with platform/windows/ on the include
 * path for the few POSIX headers Windows has not (iconv.h, termios.h,
 * pwd.h, sys/ioctl.h, openssl/evp.h, openssl/rand.h); the Linux build never
 * sees it, so on Linux the code calls the C library as it always did.
 *
 * The rest of the code stays free of #ifdef _WIN32: it calls the POSIX
 * names, and here they are Windows' own functions (platform/windows.c):
 * - every path is UTF-8 and is opened through the wide-character API
 *   (Japanese names; the \\?\ prefix past 260 characters);
 * - files are binary (no CRLF translation): the bytes kaiji writes are the
 *   bytes the Linux build writes;
 * - main() receives the command line in UTF-8 (read as UTF-16), the console
 *   shows UTF-8, and the configuration lives under %APPDATA%.
 * The same way of doing it as Git for Windows' compat/mingw.h.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_COMPAT_H
#define KAIJI_PLATFORM_WINDOWS_COMPAT_H

#include <direct.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

/* Flags Windows has no use for. */
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#define O_DIRECTORY 0x200000 /* open: a folder (a handle kept by platform/windows.c) */
#ifndef S_IFLNK
#define S_IFLNK 0120000
#endif
#ifndef S_ISLNK
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#endif
#ifndef S_IFSOCK
#define S_IFSOCK 0140000
#endif
#ifndef S_ISSOCK
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#endif
#ifndef ELOOP
#define ELOOP 114
#endif
#ifndef LC_MESSAGES
#define LC_MESSAGES 1729 /* as gettext's libintl.h */
#endif

/* Files and folders, by UTF-8 name, through the wide-character API. */
int kaiji_win_open(const char *path, int flags, ...);
int kaiji_win_openat(int dirfd, const char *name, int flags, ...);
int kaiji_win_close(int fd);
FILE *kaiji_win_fopen(const char *path, const char *mode);
int kaiji_win_stat(const char *path, struct stat *st);
int kaiji_win_lstat(const char *path, struct stat *st);
int kaiji_win_fstat(int fd, struct stat *st);
int kaiji_win_mkdir(const char *path, int mode);
int kaiji_win_mkdirat(int dirfd, const char *name, int mode);
int kaiji_win_unlinkat(int dirfd, const char *name, int flags);
int kaiji_win_fsync(int fd);
int kaiji_win_rmdir(const char *path);
int kaiji_win_unlink(const char *path);
int kaiji_win_rename(const char *from, const char *to);
int kaiji_win_access(const char *path, int mode);
int kaiji_win_link(const char *from, const char *to);
char *kaiji_win_realpath(const char *path, char *resolved);
ssize_t kaiji_win_readlink(const char *path, char *buf, size_t size);
int kaiji_win_mkstemp(char *tmpl);
char *kaiji_win_mkdtemp(char *tmpl);
int kaiji_win_scandir(const char *dir, struct dirent ***names,
                      int (*keep)(const struct dirent *),
                      int (*cmp)(const struct dirent **, const struct dirent **));
int kaiji_win_alphasort(const struct dirent **a, const struct dirent **b);
char *kaiji_win_getenv(const char *name);
int kaiji_win_setenv(const char *name, const char *value, int overwrite);
#define open(...) kaiji_win_open(__VA_ARGS__)
#define openat(...) kaiji_win_openat(__VA_ARGS__)
#define close(fd) kaiji_win_close(fd)
#define fopen(p, m) kaiji_win_fopen(p, m)
#define stat(p, s) kaiji_win_stat(p, s)
#define lstat(p, s) kaiji_win_lstat(p, s)
#define fstat(f, s) kaiji_win_fstat(f, s)
#define mkdir(p, m) kaiji_win_mkdir(p, m)
#define mkdirat(d, p, m) kaiji_win_mkdirat(d, p, m)
#define unlinkat(d, p, f) kaiji_win_unlinkat(d, p, f)
#define rmdir(p) kaiji_win_rmdir(p)
#define unlink(p) kaiji_win_unlink(p)
#define remove(p) kaiji_win_unlink(p)
#define rename(a, b) kaiji_win_rename(a, b)
#define access(p, m) kaiji_win_access(p, m)
#define link(a, b) kaiji_win_link(a, b)
#define realpath(p, r) kaiji_win_realpath(p, r)
#define readlink(p, b, n) kaiji_win_readlink(p, b, n)
#define mkstemp(t) kaiji_win_mkstemp(t)
#define mkdtemp(t) kaiji_win_mkdtemp(t)
#define scandir(d, n, k, c) kaiji_win_scandir(d, n, k, c)
#define alphasort kaiji_win_alphasort
#define getenv(n) kaiji_win_getenv(n)
#define setenv(n, v, o) kaiji_win_setenv(n, v, o)
/* (an empty value removes a variable on Windows) */
#define unsetenv(n) kaiji_win_setenv(n, "", 1)
#define fsync(fd) kaiji_win_fsync(fd)
#define fchmod(fd, mode) ((void)(fd), (void)(mode), 0)
#define getuid() 0

/* What glibc has and the Windows C library has not. */
char *kaiji_win_strndup(const char *s, size_t n);
struct tm *kaiji_win_localtime_r(const time_t *t, struct tm *tm);
struct tm *kaiji_win_gmtime_r(const time_t *t, struct tm *tm);
long kaiji_win_cores(void);
/* The offset of local time from UTC now, in seconds (+32400 in Japan):
 * Windows' struct tm has no tm_gmtoff, and its one reader (mail/mime.c,
 * tm.tm_gmtoff for the local time of now) reads this instead. */
long kaiji_win_utc_offset(void);
#define tm_gmtoff tm_isdst * 0 + kaiji_win_utc_offset()
#define strndup kaiji_win_strndup
#define explicit_bzero(p, n) ((void)kaiji_win_zero((p), (n)))
void *kaiji_win_zero(void *p, size_t n);
#undef localtime_r
#undef gmtime_r
#define localtime_r kaiji_win_localtime_r
#define gmtime_r kaiji_win_gmtime_r
#define timegm _mkgmtime
#define _SC_NPROCESSORS_ONLN 84
#define sysconf(name) ((void)(name), kaiji_win_cores())

/* Per-thread locales: the Windows build keeps the numeric conventions of
 * "C" for the whole process (main sets LC_NUMERIC to "C"), so the switch of
 * kaiji_c_numeric_begin has nothing to do; newlocale gives none.  A thread's
 * language (kaiji serve's pages, kaiji_lang_begin in platform/platform.h) is
 * a choice of its own that dgettext and dngettext below honour. */
typedef void *locale_t;
#define LC_NUMERIC_MASK 0
#define LC_MESSAGES_MASK 0
#define LC_ALL_MASK 0
static inline locale_t kaiji_win_no_locale(locale_t l)
{
    (void)l;
    return (locale_t)0;
}
#define duplocale(l) kaiji_win_no_locale(l)
#define uselocale(l) kaiji_win_no_locale(l)
#define newlocale(m, n, b) kaiji_win_no_locale(b)
#define freelocale(l) ((void)kaiji_win_no_locale(l))

/* Streams made of functions (glibc's fopencookie, the command's output
 * filter, cli/safeout.c): Windows' FILE cannot call a function, so such a
 * stream is a FILE of its own (on the NUL device, never written) that the
 * output functions below recognise: what is written to it goes, at once
 * and unbuffered, to its write function; fclose calls its close function.
 * Writing only, at most a few (the standard streams), made before any
 * thread starts.  kaiji_platform_set_std_streams then makes stdout and
 * stderr name them (stdout and stderr are kaiji_win_std(1) and (2)); every
 * other FILE goes to the C library's function unchanged. */
typedef struct {
    ssize_t (*read)(void *, char *, size_t);
    ssize_t (*write)(void *, const char *, size_t);
    int (*seek)(void *, long long *, int);
    int (*close)(void *);
} cookie_io_functions_t;
FILE *kaiji_win_fopencookie(void *cookie, const char *mode, cookie_io_functions_t io);
#define fopencookie(c, m, io) kaiji_win_fopencookie(c, m, io)
static inline FILE *kaiji_win_c_stdout(void) { return stdout; }
static inline FILE *kaiji_win_c_stderr(void) { return stderr; }
FILE *kaiji_win_std(int fd);
#undef stdout
#undef stderr
#define stdout kaiji_win_std(1)
#define stderr kaiji_win_std(2)
int kaiji_win_fputs(const char *s, FILE *fp);
int kaiji_win_fputc(int c, FILE *fp);
size_t kaiji_win_fwrite(const void *p, size_t size, size_t n, FILE *fp);
int kaiji_win_vfprintf(FILE *fp, const char *fmt, va_list ap);
int kaiji_win_fprintf(FILE *fp, const char *fmt, ...);
int kaiji_win_printf(const char *fmt, ...);
int kaiji_win_fflush(FILE *fp);
int kaiji_win_ferror(FILE *fp);
int kaiji_win_setvbuf(FILE *fp, char *buf, int mode, size_t size);
#undef fputs
#undef fputc
#undef putc
#undef putchar
#undef fwrite
#undef vfprintf
#undef fprintf
#undef printf
#undef fflush
#undef ferror
#undef setvbuf
#define fputs(s, f) kaiji_win_fputs(s, f)
#define fputc(c, f) kaiji_win_fputc(c, f)
#define putc(c, f) kaiji_win_fputc(c, f)
#define putchar(c) kaiji_win_fputc(c, stdout)
#define fwrite(p, s, n, f) kaiji_win_fwrite(p, s, n, f)
#define vfprintf(f, fmt, ap) kaiji_win_vfprintf(f, fmt, ap)
#define fprintf(...) kaiji_win_fprintf(__VA_ARGS__)
#define printf(...) kaiji_win_printf(__VA_ARGS__)
#define fflush(f) kaiji_win_fflush(f)
#define ferror(f) kaiji_win_ferror(f)
#define setvbuf(f, b, m, n) kaiji_win_setvbuf(f, b, m, n)

/* Streams into memory (open_memstream, the server's pages): Windows' C
 * library has none, so the stream is a temporary file kept in memory by
 * Windows (short-lived, deleted on close) whose bytes fclose hands back in
 * *buf and *size, as glibc's does.  fclose is kaiji_win_fclose, which is
 * the C library's fclose for every other stream. */
FILE *kaiji_win_open_memstream(char **buf, size_t *size);
int kaiji_win_fclose(FILE *fp);
#define open_memstream(b, s) kaiji_win_open_memstream(b, s)
#define fclose(f) kaiji_win_fclose(f)

/* Messages: libintl opens the catalogs' folder through the wide API, and
 * a thread that chose a language (kaiji_lang_begin) reads its messages in
 * that language whatever the process's: English is the msgid, Japanese the
 * catalog read by kaiji_langs_new; other threads ask libintl as ever. */
char *kaiji_win_dgettext(const char *domain, const char *msgid)
    __attribute__((format_arg(2)));
char *kaiji_win_dngettext(const char *domain, const char *msgid, const char *plural,
                          unsigned long n) __attribute__((format_arg(2), format_arg(3)));
#undef dgettext
#undef dngettext
#define dgettext(d, m) kaiji_win_dgettext(d, m)
#define dngettext(d, m, p, n) kaiji_win_dngettext(d, m, p, n)
char *kaiji_win_bindtextdomain(const char *domain, const char *dir);
#undef bindtextdomain
#define bindtextdomain kaiji_win_bindtextdomain

/* The command: main() gets its arguments in UTF-8, read as UTF-16; the
 * console is switched to UTF-8, standard streams to binary, and the
 * configuration folder to %APPDATA% (as XDG_CONFIG_HOME) first. */
void kaiji_win_startup(int *argc, char ***argv);
#define main(c, v) kaiji_win_main_(c, v);                        \
    int main(int argc_, char **argv_)                            \
    {                                                            \
        kaiji_win_startup(&argc_, &argv_);                       \
        return kaiji_win_main_(argc_, argv_);                    \
    }                                                            \
    int kaiji_win_main_(c, v)
int kaiji_win_main_(int argc, char **argv);

#endif
