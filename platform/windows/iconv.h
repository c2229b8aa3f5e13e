/*
 * platform/windows/iconv.h - iconv for the Windows build, over Windows' own
 * code pages (MultiByteToWideChar): the encodings text/encoding.c names
 * (CP932, EUC-JP, ISO-2022-JP, UTF-16, UTF-16LE, UTF-16BE) to UTF-8 only.
 * Each call converts its whole input at once, so the input must be whole
 * (as text/encoding.c gives it).
 */
#ifndef KAIJI_PLATFORM_WINDOWS_ICONV_H
#define KAIJI_PLATFORM_WINDOWS_ICONV_H

#include <stddef.h>

typedef struct kaiji_win_iconv *iconv_t;

/* A converter from `from` to `to` (only "UTF-8"); (iconv_t)-1 with errno
 * EINVAL for an encoding not listed above. */
iconv_t iconv_open(const char *to, const char *from);

/* Converts all of *in (E2BIG, nothing consumed, when *out has not room for
 * the whole; EILSEQ on an invalid sequence); in == NULL flushes (nothing). */
size_t iconv(iconv_t cd, char **in, size_t *in_left, char **out, size_t *out_left);

int iconv_close(iconv_t cd);

#endif
