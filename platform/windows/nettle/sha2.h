/*
 * platform/windows/nettle/sha2.h - nettle's SHA-256 functions for the
 * Windows build (text/sha256.c), over Windows' own cryptography (BCrypt).
 * Not nettle: only what kaiji calls.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_NETTLE_SHA2_H
#define KAIJI_PLATFORM_WINDOWS_NETTLE_SHA2_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

/* A hash under way: BCrypt's algorithm and hash handles (NULL when BCrypt
 * failed: the digest is then all zeros). */
struct sha256_ctx {
    void *alg;
    void *hash;
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, size_t length, const uint8_t *data);
/* Writes the digest (length <= 32 bytes of it) and ends the hash. */
void sha256_digest(struct sha256_ctx *ctx, size_t length, uint8_t *digest);

#endif
