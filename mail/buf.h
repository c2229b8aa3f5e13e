/*
 * mail/buf.h - a growing byte string for building messages (internal to
 * mail/).  A failed allocation sets failed and makes every later append a
 * no-op, so a builder checks once at the end.
 */
#ifndef KAIJI_MAIL_BUF_H
#define KAIJI_MAIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kaiji_mail_buf {
    char *data; /* NUL-terminated while not failed */
    size_t len, cap;
    bool failed;
} kaiji_mail_buf;

void kaiji_mail_buf_add(kaiji_mail_buf *b, const void *data, size_t len);
void kaiji_mail_buf_puts(kaiji_mail_buf *b, const char *s);
void kaiji_mail_buf_printf(kaiji_mail_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as text from outside: invalid UTF-8 becomes U+FFFD, control
 * characters (line breaks, tabs too) become one space. */
void kaiji_mail_buf_text(kaiji_mail_buf *b, const char *s);
/* Gives the string to the caller (NULL when an append failed) and empties b. */
char *kaiji_mail_buf_take(kaiji_mail_buf *b);
void kaiji_mail_buf_free(kaiji_mail_buf *b);

#endif
