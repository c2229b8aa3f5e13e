/*
 * server/auth.c - Argon2id password hashes through libsodium (server/auth.h),
 * which is loaded by kaiji_auth_init (platform/dl.h): only kaiji serve and
 * kaiji user map it.
 */
#include <sodium.h>
#include <string.h>

#include "model/i18n.h"
#include "platform/dl.h"
#include "server/auth.h"

_Static_assert(crypto_pwhash_STRBYTES <= KAIJI_AUTH_HASH_MAX, "a hash fits its buffer");

/* The libsodium functions used: member, symbol. */
#define SODIUM_FUNCTIONS(X)                                                                   \
    X(init, sodium_init) X(pwhash_str_alg, crypto_pwhash_str_alg)                             \
    X(pwhash_str_verify, crypto_pwhash_str_verify)

typedef struct sodium_fns {
#define SODIUM_MEMBER(m, f) __typeof__(f) *m;
    SODIUM_FUNCTIONS(SODIUM_MEMBER)
#undef SODIUM_MEMBER
} sodium_fns;

/* Process-wide, as the command may keep (docs/conventions.md): filled once
 * by kaiji_auth_init, before threads, read only after. */
static sodium_fns sodium;
static bool sodium_loaded;

bool kaiji_auth_init(const char **why)
{
    static const char *const names[] = {"libsodium.so.23", "libsodium.so", "libsodium.dll",
                                        "libsodium-26.dll", "libsodium-23.dll", NULL};
    static const kaiji_dl_symbol syms[] = {
#define SODIUM_SYMBOL(m, f) KAIJI_DL_SYMBOL(sodium_fns, m, f),
        SODIUM_FUNCTIONS(SODIUM_SYMBOL)
#undef SODIUM_SYMBOL
    };
    if (!sodium_loaded) {
#ifdef KAIJI_DL_LINKED
        sodium_fns *table = &sodium;
        SODIUM_FUNCTIONS(KAIJI_DL_LINK)
        (void)names;
        (void)syms;
#else
        if (!kaiji_dl_load(&sodium, names, syms, sizeof syms / sizeof syms[0], NULL)) {
            /* TRANSLATORS: libsodium23 is the Debian package to install */
            *why = _("cannot load libsodium, which accounts and their passwords need: "
                     "install the package libsodium23");
            return false;
        }
#endif
        sodium_loaded = true;
    }
    if (sodium.init() < 0) {
        *why = _("the system gave no random numbers for the access key");
        return false;
    }
    return true;
}

bool kaiji_auth_hash(char out[KAIJI_AUTH_HASH_MAX], const char *password)
{
    return sodium_loaded &&
           sodium.pwhash_str_alg(out, password, strlen(password),
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                 crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool kaiji_auth_verify(const char *hash, const char *password)
{
    if (!sodium_loaded || !hash || !password || strlen(hash) >= crypto_pwhash_STRBYTES)
        return false;
    return sodium.pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* memset through a volatile pointer: a call the compiler cannot drop, as
 * sodium_memzero does, without loading libsodium to wipe a key. */
static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

void kaiji_auth_wipe(void *p, size_t len)
{
    wipe_memset(p, 0, len);
}
