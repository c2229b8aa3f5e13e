/*
 * base/base.h - the bottom layer every module may use: checked growth of
 * arrays, printf into a new string, reading a whole file under a cap, and
 * the arithmetic of the civil calendar.  It is where the differences between
 * platforms (wide file names on Windows) are to live, so that the modules
 * above stay free of them.  Not installed.
 */
#ifndef KAIJI_BASE_H
#define KAIJI_BASE_H

#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Makes room in the array *arr of elements of elem bytes, *cap of them
 * allocated, for need elements: doubles *cap (from first when 0) until it
 * holds need.  false, *arr and *cap untouched, when the size would overflow
 * or memory runs out.
 */
bool kaiji_grow(void **arr, size_t *cap, size_t need, size_t elem, size_t first);

/* Room for one more element after count: kaiji_grow for arrays of any type
 * (called only when the array is full). */
#define KAIJI_GROW(arr, count, cap) \
    ((size_t)(count) < (size_t)(cap) || \
     kaiji_grow((void **)&(arr), &(cap), (size_t)(count) + 1, sizeof *(arr), 16))

/* printf into a new string the caller frees; NULL when memory runs out or
 * the format fails. */
char *kaiji_strprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *kaiji_vstrprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Rewrites, in place, the exponent of a number printf wrote with %g or %e
 * (s NUL-terminated) in two digits at least, as C99 says and glibc prints:
 * "1e+020", from the Windows C library, becomes "1e+20".  Returns the new
 * length of s.  Text without an exponent is left as it is.
 */
size_t kaiji_c99_exponent(char *s);

/* Why kaiji_file_read refused a file. */
typedef enum kaiji_file_problem {
    KAIJI_FILE_CANNOT_OPEN = 1, /* errno says why */
    KAIJI_FILE_NOT_REGULAR,     /* a folder, pipe, socket or device */
    KAIJI_FILE_TOO_LARGE,       /* more than max bytes */
    KAIJI_FILE_CANNOT_READ      /* errno says why */
} kaiji_file_problem;

/*
 * Reads the regular file at path, at most max bytes, into a new buffer
 * (*out, the caller frees it) of *len bytes and a NUL after them.  Never
 * blocks on a named pipe and never follows what is not a regular file.
 * Returns KAIJI_OK, KAIJI_ERROR_NOMEM, or KAIJI_ERROR_IO with *why (when not
 * NULL) saying why and errno kept; *size (when not NULL) gets the file's
 * size once known (for a message on a file too large).
 */
int kaiji_file_read(char **out, size_t *len, const char *path, size_t max,
                    kaiji_file_problem *why, unsigned long long *size);

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (negative before it), and back. */
long kaiji_days_from_civil(int y, int m, int d);
void kaiji_civil_from_days(long days, int *y, int *m, int *d);

/* The calling thread's numeric conventions switched to C ("." before the
 * decimals, for strtod and printf("%g") on the bytes of a file) while the
 * other categories stay the caller's (messages in its language). */
typedef struct kaiji_c_numeric {
    locale_t c;    /* (locale_t)0 when the switch could not be made */
    locale_t old;
} kaiji_c_numeric;

/* Switches; kaiji_c_numeric_end undoes it.  When memory runs out nothing is
 * switched, and numbers follow the caller's locale. */
void kaiji_c_numeric_begin(kaiji_c_numeric *st);
void kaiji_c_numeric_end(kaiji_c_numeric *st);

#endif
