/*
 * text/sha256.c - file fingerprints: SHA-256 through libcrypto's SHA256_*
 * functions, which hash with the CPU's SHA instructions where it has them.
 * Not through EVP_Digest: its first call sets up OpenSSL's providers, which
 * cost more than reading a small document does (a fifth of the instructions
 * of `kaiji validate` of one checklist).  The SHA256_* functions are
 * deprecated by OpenSSL 3 in favour of EVP, not removed; the warning is
 * turned off here only.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "text/text.h"

void kaiji_text_sha256(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_CTX ctx;

    hex[0] = '\0';
    if (data == NULL) {
        data = "";
        len = 0;
    }
    if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, data, len) != 1 ||
        SHA256_Final(md, &ctx) != 1)
        return;
    for (unsigned i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0x0F];
    }
    hex[64] = '\0';
}
