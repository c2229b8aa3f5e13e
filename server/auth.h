/*
 * server/auth.h - passwords of kaiji serve's accounts: Argon2id through
 * libsodium (crypto_pwhash_str), at libsodium's "interactive" cost
 * (2 passes over 64 MiB), so that a stolen store gives up each password
 * slowly.  kaiji_auth_init must have been called once, before threads; it
 * loads libsodium (platform/dl.h), which only kaiji serve and kaiji user map.
 */
#ifndef KAIJI_SERVER_AUTH_H
#define KAIJI_SERVER_AUTH_H

#include <stdbool.h>
#include <stddef.h>

/* The length a hash string is kept in, its NUL included. */
#define KAIJI_AUTH_HASH_MAX 128
/* The shortest password an account may have, in bytes. */
#define KAIJI_AUTH_MIN_PASSWORD 10

/* Loads and prepares libsodium; false when it is not installed or the
 * system cannot give random numbers, *why then saying which, for a clerk
 * (a translated static string). */
bool kaiji_auth_init(const char **why);

/* Hashes password into out; false when memory runs out. */
bool kaiji_auth_hash(char out[KAIJI_AUTH_HASH_MAX], const char *password);

/* true when password is the one hash was made from; in constant time. */
bool kaiji_auth_verify(const char *hash, const char *password);

/* Overwrites len bytes at p in a way the compiler keeps. */
void kaiji_auth_wipe(void *p, size_t len);

#endif
