/*
 * text/normalize.c - UTF-8 validation, NFKC keys, trimming and item-ID keys.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/internal.h"
#include "text/text.h"

bool kaiji_text_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    if (s == NULL)
        return len == 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t need;
        uint32_t cp, min;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1Fu;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0Fu;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07u;
            min = 0x10000;
        } else {
            return false;
        }
        if (len - i <= need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0u) != 0x80u)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
            return false;
        i += need + 1;
    }
    return true;
}

int32_t kaiji_text_next_cp(const char *s, size_t len, size_t *pos)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n;

    if (*pos >= len)
        return -1;
    n = utf8proc_iterate((const utf8proc_uint8_t *)s + *pos,
                         (utf8proc_ssize_t)(len - *pos), &cp);
    if (n <= 0 || cp < 0)
        return -1;
    *pos += (size_t)n;
    return cp;
}

void kaiji_text_put_cp(char *buf, size_t *n, int32_t cp)
{
    *n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + *n);
}

static bool zero_width(int32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
           cp == 0xFEFF;
}

bool kaiji_text_cp_space(int32_t cp)
{
    if (zero_width(cp))
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return true;
    default:
        return false;
    }
}

char *kaiji_text_nfkc_fold(const char *s, bool casefold)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n;
    int options = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                  UTF8PROC_COMPAT;

    if (s == NULL || !kaiji_text_utf8_valid(s, strlen(s)))
        return NULL;
    if (casefold)
        options |= UTF8PROC_CASEFOLD;
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &dst,
                     (utf8proc_option_t)options);
    if (n < 0)
        return NULL;
    return (char *)dst;
}

char *kaiji_text_nfkc(const char *s)
{
    return kaiji_text_nfkc_fold(s, false);
}

/*
 * NFKC + case fold of s, then white space removed (collapse false) or
 * collapsed to single spaces between words (collapse true).  malloc'd.
 */
static char *key_or_fold(const char *s, bool collapse)
{
    char *norm = kaiji_text_nfkc_fold(s, true);
    char *out = NULL;
    size_t len, pos = 0, n = 0;
    bool pending_space = false;
    int32_t cp;

    if (norm == NULL)
        return NULL;
    len = strlen(norm);
    out = malloc(len + 1);
    if (out == NULL)
        goto error;
    while ((cp = kaiji_text_next_cp(norm, len, &pos)) >= 0) {
        if (kaiji_text_cp_space(cp)) {
            /* Zero-width characters join; they never make a word break. */
            if (!zero_width(cp))
                pending_space = collapse && n > 0;
            continue;
        }
        if (pending_space)
            out[n++] = ' ';
        pending_space = false;
        kaiji_text_put_cp(out, &n, cp);
    }
    out[n] = '\0';
    free(norm);
    return out;
error:
    free(norm);
    free(out);
    return NULL;
}

char *kaiji_text_key(const char *s)
{
    return key_or_fold(s, false);
}

char *kaiji_text_fold(const char *s)
{
    return key_or_fold(s, true);
}

/* Length of the trimmable white space (ASCII, NBSP, U+3000) at s[0..len). */
static size_t lead_space(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            i++;
        else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
            i += 2;
        else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0x80)
            i += 3;
        else
            break;
    }
    return i;
}

/* Length of s[0..len) without its trailing trimmable white space. */
static size_t trail_trimmed(const char *s, size_t len)
{
    while (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            len--;
        else if (c == 0xA0 && len >= 2 && (unsigned char)s[len - 2] == 0xC2)
            len -= 2;
        else if (c == 0x80 && len >= 3 && (unsigned char)s[len - 2] == 0x80 &&
                 (unsigned char)s[len - 3] == 0xE3)
            len -= 3;
        else
            break;
    }
    return len;
}

char *kaiji_text_trim(const char *s)
{
    size_t len, start, end;
    char *out;

    if (s == NULL)
        return NULL;
    len = strlen(s);
    start = lead_space(s, len);
    end = trail_trimmed(s + start, len - start) + start;
    out = malloc(end - start + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, s + start, end - start);
    out[end - start] = '\0';
    return out;
}

bool kaiji_text_blank(const char *s)
{
    size_t len;

    if (s == NULL)
        return true;
    len = strlen(s);
    return lead_space(s, len) == len;
}

/* The number of a circled or similar enclosed number (① ㉑ ㊱ ❶ ➀ ➊ ⓫ ⓵),
 * or -1 for any other code point. */
static int circled_number(int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return cp - 0x2460 + 1;
    if (cp >= 0x3251 && cp <= 0x325F)
        return cp - 0x3251 + 21;
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return cp - 0x32B1 + 36;
    if (cp == 0x24EA || cp == 0x24FF)
        return 0;
    if (cp >= 0x24EB && cp <= 0x24F4)
        return cp - 0x24EB + 11;
    if (cp >= 0x24F5 && cp <= 0x24FE)
        return cp - 0x24F5 + 1;
    if (cp >= 0x2776 && cp <= 0x277F)
        return cp - 0x2776 + 1;
    if (cp >= 0x2780 && cp <= 0x2789)
        return cp - 0x2780 + 1;
    if (cp >= 0x278A && cp <= 0x2793)
        return cp - 0x278A + 1;
    return -1;
}

/* true for a separator dropped when it stands right before "(" in an ID
 * key (after NFKC): - . and the Unicode dashes. */
static bool id_separator(int32_t cp)
{
    return cp == '-' || cp == '.' || cp == 0x2010 || cp == 0x2012 ||
           cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212 ||
           cp == 0x30FC;
}

/*
 * Circled numbers become "(n)" before NFKC (which would make ① a bare "1");
 * then the key is NFKC + case fold without white space, and a run of
 * separators right before "(" is dropped.  "1-1" and "MPII-2.1" keep theirs.
 */
char *kaiji_text_id_key(const char *id)
{
    char *expanded = NULL, *key = NULL, *out = NULL;
    size_t len, pos = 0, n = 0, klen;
    int32_t cp;

    if (id == NULL || !kaiji_text_utf8_valid(id, strlen(id)))
        return NULL;
    len = strlen(id);
    /* "(nn)" is at most 4 bytes per code point of at least 3 bytes. */
    expanded = malloc(len * 2 + 1);
    if (expanded == NULL)
        goto error;
    while ((cp = kaiji_text_next_cp(id, len, &pos)) >= 0) {
        int num = circled_number(cp);
        if (num < 0) {
            kaiji_text_put_cp(expanded, &n, cp);
            continue;
        }
        expanded[n++] = '(';
        if (num >= 10)
            expanded[n++] = (char)('0' + num / 10);
        expanded[n++] = (char)('0' + num % 10);
        expanded[n++] = ')';
    }
    expanded[n] = '\0';
    key = kaiji_text_key(expanded);
    if (key == NULL)
        goto error;
    klen = strlen(key);
    out = malloc(klen + 1);
    if (out == NULL)
        goto error;
    n = 0;
    pos = 0;
    while (pos < klen) {
        size_t start = pos, run_end;
        cp = kaiji_text_next_cp(key, klen, &pos);
        if (cp < 0)
            goto error;
        if (!id_separator(cp)) {
            memcpy(out + n, key + start, pos - start);
            n += pos - start;
            continue;
        }
        run_end = pos;
        while (run_end < klen) {
            size_t next = run_end;
            int32_t c2 = kaiji_text_next_cp(key, klen, &next);
            if (c2 < 0 || !id_separator(c2))
                break;
            run_end = next;
        }
        if (run_end < klen && key[run_end] == '(') {
            pos = run_end;
            continue;
        }
        memcpy(out + n, key + start, run_end - start);
        n += run_end - start;
        pos = run_end;
    }
    out[n] = '\0';
    free(expanded);
    free(key);
    return out;
error:
    free(expanded);
    free(key);
    free(out);
    return NULL;
}
