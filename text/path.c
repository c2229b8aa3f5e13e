/*
 * text/path.c - the one form in which kaiji shows and records a file name,
 * whatever its bytes: well-formed UTF-8, and lossless.
 *
 * A file name on Linux is bytes.  One unpacked from a ZIP made on Japanese
 * Windows holds CP932 (開示書.xlsx is 8A 4A 8E A6 8F 91 2E ...), which JSON,
 * CSV, XLSX and SQLite text must not carry.  The shown form keeps every
 * well-formed UTF-8 character as it is, writes each byte that is not part of
 * one as \xHH (a backslash, x and two upper-case hexadecimal digits, 80..FF),
 * and writes a backslash of the name as \\.  A backslash in the shown form is
 * so always the start of an escape, and the bytes come back exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "text/internal.h"
#include "text/text.h"

char *kaiji_text_path_show(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)path;
    size_t len = strlen(path), need = 1;

    for (size_t i = 0, n; i < len; i += n) {
        n = kaiji_text_utf8_seq_len(p + i, len - i);
        if (n == 0) {
            need += 4;
            n = 1;
        } else {
            need += p[i] == '\\' ? 2 : n;
        }
    }
    char *out = malloc(need);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0, n; i < len; i += n) {
        n = kaiji_text_utf8_seq_len(p + i, len - i);
        if (n == 0) {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[p[i] >> 4];
            out[o++] = hex[p[i] & 0xF];
            n = 1;
        } else if (p[i] == '\\') {
            out[o++] = '\\';
            out[o++] = '\\';
        } else {
            memcpy(out + o, p + i, n);
            o += n;
        }
    }
    out[o] = '\0';
    return out;
}

/* The value of the hexadecimal digit c, -1 when it is none. */
static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

char *kaiji_text_path_bytes(const char *shown)
{
    size_t len = strlen(shown), o = 0;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (shown[i] == '\\' && shown[i + 1] == '\\') {
            out[o++] = '\\';
            i++;
        } else if (shown[i] == '\\' && shown[i + 1] == 'x' &&
                   (hi = hex_value(shown[i + 2])) >= 8 && (lo = hex_value(shown[i + 3])) >= 0) {
            out[o++] = (char)(hi << 4 | lo);
            i += 3;
        } else {
            out[o++] = shown[i];
        }
    }
    out[o] = '\0';
    return out;
}

char *kaiji_text_path_utf8(const char *name)
{
    return kaiji_text_utf8_valid(name, strlen(name)) ? strdup(name) : kaiji_text_path_show(name);
}
