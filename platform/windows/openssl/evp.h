/*
 * platform/windows/openssl/evp.h - the OpenSSL functions kaiji uses,
 * for the Windows build, over Windows' own cryptography (BCrypt): SHA-256
 * digests and Base64 blocks.  Not OpenSSL: only what kaiji calls.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_OPENSSL_EVP_H
#define KAIJI_PLATFORM_WINDOWS_OPENSSL_EVP_H

#include <stddef.h>

#define EVP_MAX_MD_SIZE 64
typedef struct kaiji_win_md EVP_MD;
typedef struct kaiji_win_engine ENGINE;

/* SHA-256, the only digest. */
const EVP_MD *EVP_sha256(void);

/* The digest of data into md (*len its size); 1 when done, 0 otherwise. */
int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *len,
               const EVP_MD *type, ENGINE *impl);

/* Base64 of n bytes of f into t, NUL-terminated; the length written. */
int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n);

/* The bytes of n Base64 characters at f into t (3 for every 4 characters,
 * padding counted as zero bytes, as OpenSSL's); -1 when f is not Base64. */
int EVP_DecodeBlock(unsigned char *t, const unsigned char *f, int n);

#endif
