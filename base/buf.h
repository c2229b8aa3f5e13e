/*
 * base/buf.h - one growing byte string for every module: HTML and mail being
 * built, text collected while parsing, file names being decoded.  A failed
 * append (out of memory, a size that would overflow) sets failed and makes
 * every later append a no-op, so a builder may check once at the end; each
 * append also returns false then, for a caller that stops at once.
 * Not installed.
 */
#ifndef KAIJI_BASE_BUF_H
#define KAIJI_BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct kaiji_buf {
    char *data;  /* NUL-terminated once anything was appended; NULL before */
    size_t len;  /* bytes in data, the NUL not counted */
    size_t cap;  /* bytes allocated */
    bool failed; /* an append failed: the contents are incomplete */
} kaiji_buf;

#define KAIJI_BUF_INIT {NULL, 0, 0, false}

/* Makes b an empty buffer that owns nothing. */
void kaiji_buf_init(kaiji_buf *b);

/* Appends the len bytes at data (data may be NULL when len is 0) and keeps
 * a NUL after them; false, b->failed set, when memory runs out or the size
 * would overflow, or when an earlier append failed. */
bool kaiji_buf_append(kaiji_buf *b, const void *data, size_t len);

/* Makes room for extra more bytes (and the NUL) without appending, so that
 * appends up to that size copy nothing already there; as kaiji_buf_append
 * when memory runs out. */
bool kaiji_buf_reserve(kaiji_buf *b, size_t extra);

/* Appends the string s; as kaiji_buf_append. */
bool kaiji_buf_puts(kaiji_buf *b, const char *s);

/* Appends the byte c; as kaiji_buf_append. */
bool kaiji_buf_putc(kaiji_buf *b, char c);

/* Appends the string s (not NULL) escaped for a JSON string, without the
 * quotes, as cJSON escapes it (", \\, \b \f \n \r \t, other control
 * characters as \u00xx, the rest as it is): the one JSON string writer of
 * model/export.c and cli/output.c.  As kaiji_buf_append. */
bool kaiji_buf_json_escaped(kaiji_buf *b, const char *s);

/* Appends printf's output; as kaiji_buf_append, and failed too when the
 * format fails. */
bool kaiji_buf_printf(kaiji_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool kaiji_buf_vprintf(kaiji_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Empties b (and clears failed), keeping its memory for reuse.  In line:
 * the XLSX reader empties its text at every cell. */
static inline void kaiji_buf_reset(kaiji_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

/* Gives the contents to the caller, who frees them: a NUL-terminated string
 * ("" when nothing was appended) of *len bytes (len may be NULL).  NULL when
 * an append failed or memory runs out.  b is left empty either way. */
char *kaiji_buf_detach(kaiji_buf *b, size_t *len);

/* Frees what b holds and leaves it empty; NULL-safe. */
void kaiji_buf_free(kaiji_buf *b);

#endif
