/*
 * text/encoding.c - bytes in a legacy encoding (Shift_JIS / CP932, EUC-JP,
 * UTF-16 ...) to UTF-8, with glibc iconv.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* Names that mean one iconv encoding, compared case-insensitively with
 * "-" and "_" ignored.  Shift_JIS is read as CP932: Windows writes CP932
 * (NEC and IBM extensions, ～ as U+FF5E) under the Shift_JIS name. */
static const struct alias {
    const char *name;
    const char *iconv_name;
    const char *fallback;
} aliases[] = {
    {"shiftjis", "CP932", NULL},
    {"sjis", "CP932", NULL},
    {"xsjis", "CP932", NULL},
    {"mskanji", "CP932", NULL},
    {"windows31j", "CP932", NULL},
    {"cp932", "CP932", NULL},
    {"ms932", "CP932", NULL},
    {"eucjp", "EUC-JP", "EUC-JP-MS"},
    {"xeucjp", "EUC-JP", "EUC-JP-MS"},
    {"utf16", "UTF-16", NULL},
    {"utf16le", "UTF-16LE", NULL},
    {"utf16be", "UTF-16BE", NULL},
    {"iso2022jp", "ISO-2022-JP", NULL},
};

/* encoding with "-", "_" and spaces dropped, ASCII lower case, into buf;
 * false when it is too long or holds characters no encoding name has. */
static bool squeeze(const char *encoding, char *buf, size_t size)
{
    size_t n = 0;

    for (const char *p = encoding; *p != '\0'; p++) {
        char c = *p;
        if (c == '-' || c == '_' || c == ' ')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + ('a' - 'A'));
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == ':'))
            return false;
        if (n + 1 >= size)
            return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return n > 0;
}

/* true for a name iconv may be given as written: letters, digits, "-",
 * "_", ".", ":" only (no "//TRANSLIT" or other suffixes). */
static bool plain_name(const char *encoding)
{
    size_t n = 0;

    for (const char *p = encoding; *p != '\0'; p++, n++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':'))
            return false;
    }
    return n > 0 && n < 64;
}

size_t kaiji_text_bom(const void *data, size_t len)
{
    return len >= 3 && memcmp(data, KAIJI_TEXT_BOM, 3) == 0 ? 3 : 0;
}

/* UTF-8 input is validated and copied as is (a BOM is kept). */
static bool copy_utf8(const char *s, size_t len, char **out, size_t *out_len)
{
    if (!kaiji_text_utf8_valid(s, len))
        return false;
    *out = malloc(len + 1);
    if (*out == NULL)
        return false;
    if (len > 0)
        memcpy(*out, s, len);
    (*out)[len] = '\0';
    *out_len = len;
    return true;
}

/* Converts with iconv from the encoding name; false on an invalid or
 * incomplete sequence or when out of memory. */
static bool convert(const char *name, const char *s, size_t len, char **out,
                    size_t *out_len)
{
    iconv_t cd;
    char *buf = NULL, *in = (char *)s, *dst;
    size_t cap, in_left = len, out_left;
    bool flushing = false;

    cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    if (len > (SIZE_MAX - 16) / 4)
        goto error;
    cap = len * 2 + 16;
    buf = malloc(cap);
    if (buf == NULL)
        goto error;
    dst = buf;
    out_left = cap - 1;
    /* Convert, then flush the shift state (in == NULL); grow on E2BIG. */
    for (;;) {
        size_t r = in_left > 0 ? iconv(cd, &in, &in_left, &dst, &out_left)
                               : iconv(cd, NULL, NULL, &dst, &out_left);
        size_t used;
        char *grown;

        if (r != (size_t)-1) {
            if (in_left > 0)
                continue;
            if (flushing)
                break;
            flushing = true;
            continue;
        }
        if (errno != E2BIG || cap > SIZE_MAX / 2)
            goto error;
        used = (size_t)(dst - buf);
        grown = realloc(buf, cap * 2);
        if (grown == NULL)
            goto error;
        buf = grown;
        cap *= 2;
        dst = buf + used;
        out_left = cap - used - 1;
    }
    *dst = '\0';
    *out_len = (size_t)(dst - buf);
    *out = buf;
    iconv_close(cd);
    return true;
error:
    free(buf);
    iconv_close(cd);
    return false;
}

/* EUC-JP that fails strictly is retried as EUC-JP-MS, the variant Windows
 * writes (with NEC special characters such as ①). */
bool kaiji_text_to_utf8(const char *encoding, const char *s, size_t len,
                        char **out, size_t *out_len)
{
    char key[64];
    const char *name = NULL, *fallback = NULL;

    *out = NULL;
    *out_len = 0;
    if (encoding == NULL || (s == NULL && len > 0) || !squeeze(encoding, key, sizeof key))
        return false;
    if (s == NULL)
        s = "";
    if (strcmp(key, "utf8") == 0)
        return copy_utf8(s, len, out, out_len);
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(key, aliases[i].name) == 0) {
            name = aliases[i].iconv_name;
            fallback = aliases[i].fallback;
            break;
        }
    }
    if (name == NULL) {
        if (!plain_name(encoding))
            return false;
        name = encoding;
    }
    if (convert(name, s, len, out, out_len))
        return true;
    return fallback != NULL && convert(fallback, s, len, out, out_len);
}
