/*
 * mail/buf.c - the growing byte string of mail/buf.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "mail/buf.h"

/* Makes room for len more bytes and the NUL; false (and failed) if not. */
static bool reserve(kaiji_mail_buf *b, size_t len)
{
    if (b->failed)
        return false;
    if (len > SIZE_MAX / 2 - b->len - 1) {
        b->failed = true;
        return false;
    }
    if (b->len + len + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + len + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void kaiji_mail_buf_add(kaiji_mail_buf *b, const void *data, size_t len)
{
    if (!reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void kaiji_mail_buf_puts(kaiji_mail_buf *b, const char *s)
{
    kaiji_mail_buf_add(b, s, strlen(s));
}

void kaiji_mail_buf_printf(kaiji_mail_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void kaiji_mail_buf_text(kaiji_mail_buf *b, const char *s)
{
    if (!s)
        return;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t left = strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
        if (n <= 0) {
            kaiji_mail_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            left--;
            continue;
        }
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC ||
            cp == 0x2028 || cp == 0x2029)
            kaiji_mail_buf_add(b, " ", 1);
        else
            kaiji_mail_buf_add(b, p, (size_t)n);
        p += n;
        left -= (size_t)n;
    }
}

char *kaiji_mail_buf_take(kaiji_mail_buf *b)
{
    char *s = b->failed ? NULL : b->data;
    if (!s && !b->failed)
        s = calloc(1, 1);
    if (b->failed)
        free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return s;
}

void kaiji_mail_buf_free(kaiji_mail_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
