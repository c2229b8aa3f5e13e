/*
 * platform/windows/openssl/sha.h - OpenSSL's SHA256_* functions for the
 * Windows build (text/sha256.c), over Windows' own cryptography (BCrypt).
 * Not OpenSSL: only what kaiji calls.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_OPENSSL_SHA_H
#define KAIJI_PLATFORM_WINDOWS_OPENSSL_SHA_H

#include <stddef.h>

#define SHA256_DIGEST_LENGTH 32

/* A hash under way: BCrypt's algorithm and hash handles. */
typedef struct {
    void *alg;
    void *hash;
} SHA256_CTX;

/* Each returns 1 when done, 0 otherwise; Final ends the hash either way. */
int SHA256_Init(SHA256_CTX *c);
int SHA256_Update(SHA256_CTX *c, const void *data, size_t len);
int SHA256_Final(unsigned char *md, SHA256_CTX *c);

#endif
