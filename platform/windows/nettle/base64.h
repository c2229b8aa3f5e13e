/*
 * platform/windows/nettle/base64.h - nettle's Base64 functions for the
 * Windows build (mail/mime.c, server/register.c).  Not nettle: only what
 * kaiji calls, with nettle's behaviour (the decoder skips white space and
 * refuses bytes after the padding).
 */
#ifndef KAIJI_PLATFORM_WINDOWS_NETTLE_BASE64_H
#define KAIJI_PLATFORM_WINDOWS_NETTLE_BASE64_H

#include <stddef.h>
#include <stdint.h>

#define BASE64_ENCODE_RAW_LENGTH(length) ((((length) + 2) / 3) * 4)
#define BASE64_DECODE_LENGTH(length) ((((length) + 1) * 6) / 8)

/* The Base64 of length bytes of src, padded, into dst (not terminated). */
void base64_encode_raw(char *dst, size_t length, const uint8_t *src);

struct base64_decode_ctx {
    unsigned word;    /* the bits not yet written */
    unsigned bits;    /* how many */
    unsigned padding; /* "=" seen */
};

void base64_decode_init(struct base64_decode_ctx *ctx);
/* Decodes src_length characters of src into dst (*dst_length bytes
 * written; BASE64_DECODE_LENGTH(src_length) room); 1, or 0 when src is not
 * Base64. */
int base64_decode_update(struct base64_decode_ctx *ctx, size_t *dst_length, uint8_t *dst,
                         size_t src_length, const char *src);
/* 1 when what was decoded ended on a whole group, else 0. */
int base64_decode_final(struct base64_decode_ctx *ctx);

#endif
