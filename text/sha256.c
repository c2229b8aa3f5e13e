/*
 * text/sha256.c - file fingerprints.
 */
#include <openssl/evp.h>

#include "text/text.h"

/* On the (unexpected) failure of libcrypto, hex is "". */
void kaiji_text_sha256(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    hex[0] = '\0';
    if (data == NULL) {
        data = "";
        len = 0;
    }
    if (EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
        return;
    for (unsigned int i = 0; i < md_len; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0x0F];
    }
    hex[64] = '\0';
}
