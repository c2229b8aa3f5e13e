/*
 * base/base.c - the bottom layer: growth, printf to a string, whole files,
 * civil days.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "kaiji/common.h"

bool kaiji_grow(void **arr, size_t *cap, size_t need, size_t elem, size_t first)
{
    size_t ncap = *cap ? *cap : (first ? first : 1);
    if (need <= *cap)
        return true;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return false;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return false;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

char *kaiji_vstrprintf(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

char *kaiji_strprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = kaiji_vstrprintf(fmt, ap);
    va_end(ap);
    return s;
}

int kaiji_file_read(char **out, size_t *len, const char *path, size_t max,
                    kaiji_file_problem *why, unsigned long long *size)
{
    struct stat st;
    char *data = NULL;
    size_t got = 0;
    kaiji_file_problem problem = KAIJI_FILE_CANNOT_OPEN;
    int rc = KAIJI_ERROR_IO, saved;

    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: a named pipe put where a file was must not block. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        goto error;
    if (fstat(fd, &st) != 0)
        goto error;
    if (!S_ISREG(st.st_mode)) {
        problem = KAIJI_FILE_NOT_REGULAR;
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto error;
    }
    if (size)
        *size = (unsigned long long)st.st_size;
    if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
        problem = KAIJI_FILE_TOO_LARGE;
        errno = EFBIG;
        goto error;
    }
    data = malloc((size_t)st.st_size + 1);
    if (!data) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    problem = KAIJI_FILE_CANNOT_READ;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto error;
        if (n == 0)
            break; /* the file shrank: what is there */
        got += (size_t)n;
    }
    close(fd);
    data[got] = '\0';
    *out = data;
    *len = got;
    return KAIJI_OK;
error:
    saved = errno;
    if (fd >= 0)
        close(fd);
    free(data);
    if (why)
        *why = problem;
    errno = saved;
    return rc;
}

long kaiji_days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void kaiji_civil_from_days(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void kaiji_c_numeric_begin(kaiji_c_numeric *st)
{
    locale_t base = duplocale(uselocale((locale_t)0));
    st->old = (locale_t)0;
    st->c = base ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
    if (!st->c && base)
        freelocale(base);
    if (st->c)
        st->old = uselocale(st->c);
}

void kaiji_c_numeric_end(kaiji_c_numeric *st)
{
    if (st->c) {
        uselocale(st->old);
        freelocale(st->c);
    }
    st->c = (locale_t)0;
}

size_t kaiji_c99_exponent(char *s)
{
    char *e = strpbrk(s, "eE");
    size_t len = strlen(s);

    if (!e || (e[1] != '+' && e[1] != '-'))
        return len;
    char *digits = e + 2, *first = digits;
    while (first[0] == '0' && first[1] && first[2])
        first++; /* keep two digits at least */
    if (first != digits)
        memmove(digits, first, strlen(first) + 1);
    return strlen(s);
}
