/*
 * base/buf.c - the growing byte string of base/buf.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/buf.h"

void kaiji_buf_init(kaiji_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

/* Makes room for extra more bytes and the NUL; false (and failed) if not. */
static inline bool reserve(kaiji_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra < b->cap - b->len) /* room already (cap > len once allocated) */
        return true;
    if (extra > SIZE_MAX - 1 - b->len ||
        !kaiji_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1, 64)) {
        b->failed = true;
        return false;
    }
    return true;
}

bool kaiji_buf_reserve(kaiji_buf *b, size_t extra)
{
    if (!reserve(b, extra))
        return false;
    b->data[b->len] = '\0'; /* NUL-terminated once allocated, as after an append */
    return true;
}

bool kaiji_buf_append(kaiji_buf *b, const void *data, size_t len)
{
    if (!reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool kaiji_buf_puts(kaiji_buf *b, const char *s)
{
    return kaiji_buf_append(b, s, strlen(s));
}

bool kaiji_buf_putc(kaiji_buf *b, char c)
{
    if (!b->failed && b->cap - b->len > 1) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return true;
    }
    return kaiji_buf_append(b, &c, 1);
}

bool kaiji_buf_vprintf(kaiji_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    bool ok = false;
    if (n < 0)
        b->failed = true;
    else if (reserve(b, (size_t)n)) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
        ok = true;
    }
    va_end(again);
    return ok;
}

bool kaiji_buf_printf(kaiji_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = kaiji_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return ok;
}

char *kaiji_buf_detach(kaiji_buf *b, size_t *len)
{
    char *s = b->failed ? NULL : b->data;
    size_t n = b->failed ? 0 : b->len;
    if (b->failed)
        free(b->data);
    else if (!s && (s = calloc(1, 1)) == NULL)
        n = 0;
    kaiji_buf_init(b);
    if (len)
        *len = n;
    return s;
}

void kaiji_buf_free(kaiji_buf *b)
{
    if (!b)
        return;
    free(b->data);
    kaiji_buf_init(b);
}

/* The number of bytes at the start of s[0..len) that JSON writes as they
 * are (no control character, '"' or '\\'): eight bytes at a time while none
 * of them is one (a test that may say "maybe", never misses), then byte by
 * byte. */
static size_t json_plain_run(const char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t v, q, bs;

        memcpy(&v, s + i, 8);
        q = v ^ (ones * '"');
        bs = v ^ (ones * '\\');
        if ((((v - ones * 32) & ~v) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & highs)
            break;
    }
    while (i < len && (unsigned char)s[i] >= 32 && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

bool kaiji_buf_json_escaped(kaiji_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s), i = 0;

    while (i < len) {
        size_t n = json_plain_run(s + i, len - i);
        unsigned char c;
        char esc[7] = {'\\', 0};

        kaiji_buf_append(b, s + i, n);
        i += n;
        if (i == len)
            break;
        c = (unsigned char)s[i++];
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            break;
        }
        kaiji_buf_puts(b, esc);
    }
    return !b->failed;
}
