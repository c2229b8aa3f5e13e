/*
 * server/auth.c - Argon2id password hashes through libsodium (server/auth.h).
 */
#include <sodium.h>
#include <string.h>

#include "server/auth.h"

_Static_assert(crypto_pwhash_STRBYTES <= KAIJI_AUTH_HASH_MAX, "a hash fits its buffer");

bool kaiji_auth_init(void)
{
    return sodium_init() >= 0;
}

bool kaiji_auth_hash(char out[KAIJI_AUTH_HASH_MAX], const char *password)
{
    return crypto_pwhash_str_alg(out, password, strlen(password),
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool kaiji_auth_verify(const char *hash, const char *password)
{
    if (!hash || !password || strlen(hash) >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void kaiji_auth_wipe(void *p, size_t len)
{
    sodium_memzero(p, len);
}
