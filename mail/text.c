/*
 * mail/text.c - text from outside put into a message (mail/text.h).
 */
#include <string.h>

#include <utf8proc.h>

#include "mail/text.h"

void kaiji_mail_put_text(kaiji_buf *b, const char *s)
{
    if (!s)
        return;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t left = strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
        if (n <= 0) {
            kaiji_buf_puts(b, "\xEF\xBF\xBD");
            p++;
            left--;
            continue;
        }
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC ||
            cp == 0x2028 || cp == 0x2029)
            kaiji_buf_append(b, " ", 1);
        else
            kaiji_buf_append(b, p, (size_t)n);
        p += n;
        left -= (size_t)n;
    }
}
