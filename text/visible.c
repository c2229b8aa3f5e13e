/*
 * text/visible.c - what text from outside may show on a terminal: the one
 * rule by which the command's text output and its progress bar keep a
 * vendor's bytes from acting on the reader's screen.
 */
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

/* The length a UTF-8 sequence starting with lead claims, 0 for a byte that
 * cannot start one. */
static size_t claimed_length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

size_t kaiji_text_next_shown(const char *s, size_t left, char esc[KAIJI_TEXT_ESC_MAX],
                             bool *partial)
{
    utf8proc_int32_t cp;
    esc[0] = '\0';
    *partial = false;
    if (left == 0)
        return 0;
    unsigned char lead = (unsigned char)s[0];
    size_t want = claimed_length(lead);
    if (want > left) {
        /* The start of a character whose rest may follow. */
        bool prefix = true;
        for (size_t i = 1; i < left && prefix; i++)
            prefix = ((unsigned char)s[i] & 0xC0) == 0x80;
        if (prefix) {
            *partial = true;
            return 0;
        }
    }
    utf8proc_ssize_t n = want ? utf8proc_iterate((const utf8proc_uint8_t *)s,
                                                 (utf8proc_ssize_t)(want <= left ? want : left),
                                                 &cp)
                              : -1;
    if (n <= 0) {
        snprintf(esc, KAIJI_TEXT_ESC_MAX, "\\x%02X", lead);
        return 1;
    }
    if (cp == '\n' || cp == '\t')
        return (size_t)n;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
        cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP ||
        cat == UTF8PROC_CATEGORY_CS || cat == UTF8PROC_CATEGORY_CN) {
        if (cp < 0x80)
            snprintf(esc, KAIJI_TEXT_ESC_MAX, "\\x%02X", (unsigned)cp);
        else
            snprintf(esc, KAIJI_TEXT_ESC_MAX, "\\u%04X", (unsigned)cp);
    }
    return (size_t)n;
}
