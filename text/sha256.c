/*
 * text/sha256.c - file fingerprints: SHA-256 through nettle (libnettle8,
 * small: nothing of it is bound at start but what kaiji calls), whose
 * "fat" build hashes with the CPU's SHA instructions where it has them.
 * Not libcrypto: OpenSSL's EVP_Digest sets up its providers on the first
 * call (a fifth of the instructions of `kaiji validate` of one checklist),
 * and libcrypto alone, bound at start (about 3,000 functions), cost every
 * command 2.6 M instructions and 195 page faults.  On Windows, nettle's
 * functions are Windows' own cryptography's (platform/windows/nettle/).
 */
#include <nettle/sha2.h>

#include "text/text.h"

void kaiji_text_sha256(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t md[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;

    if (data == NULL) {
        data = "";
        len = 0;
    }
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof md, md);
    for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0x0F];
    }
    hex[64] = '\0';
}
