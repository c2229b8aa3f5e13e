/*
 * text/shorten.c - a text cut to the width a line has room for, as a
 * finding names the question it is about.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

#define ELLIPSIS "\xE2\x80\xA6" /* … */

char *kaiji_text_shorten(const char *s, size_t columns)
{
    size_t len = s ? strlen(s) : 0, used = 0, cols = 0;
    char *out = malloc(len + sizeof ELLIPSIS);
    bool space = false, cut = false;
    utf8proc_ssize_t n;
    utf8proc_int32_t cp;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i += (size_t)n) {
        n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            n = 1; /* not UTF-8: the byte is left out */
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cat == UTF8PROC_CATEGORY_ZS ||
            cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP) {
            space = used > 0;
            continue;
        }
        if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF)
            continue;
        int w = utf8proc_charwidth(cp);
        size_t need = (size_t)(w > 0 ? w : 0) + (space ? 1 : 0);
        if (cols + need > columns) {
            cut = true;
            break;
        }
        if (space)
            out[used++] = ' ';
        space = false;
        memcpy(out + used, s + i, (size_t)n);
        used += (size_t)n;
        cols += need;
    }
    if (cut) {
        /* room for the ellipsis: one column, or two as East Asian fonts draw it */
        while (used > 0 && cols + 2 > columns) {
            size_t k = used - 1; /* the start of the last character */
            while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
                k--;
            utf8proc_iterate((const utf8proc_uint8_t *)out + k, (utf8proc_ssize_t)(used - k), &cp);
            int w = utf8proc_charwidth(cp);
            cols -= (size_t)(w > 0 ? w : 0);
            used = k;
        }
        while (used > 0 && out[used - 1] == ' ')
            used--;
        memcpy(out + used, ELLIPSIS, sizeof ELLIPSIS - 1);
        used += sizeof ELLIPSIS - 1;
    }
    out[used] = '\0';
    return out;
}

size_t kaiji_text_columns(const char *s)
{
    size_t len = s ? strlen(s) : 0, cols = 0;
    utf8proc_ssize_t n;
    utf8proc_int32_t cp;
    for (size_t i = 0; i < len; i += (size_t)n) {
        n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            n = 1;
            cols++;
            continue;
        }
        int w = utf8proc_charwidth(cp);
        cols += (size_t)(w > 0 ? w : 0);
    }
    return cols;
}
