/*
 * platform/windows/openssl/rand.h - random bytes for the Windows build
 * (BCryptGenRandom, the system's generator).
 */
#ifndef KAIJI_PLATFORM_WINDOWS_OPENSSL_RAND_H
#define KAIJI_PLATFORM_WINDOWS_OPENSSL_RAND_H

/* num random bytes into buf; 1 when done, 0 otherwise. */
int RAND_bytes(unsigned char *buf, int num);

#endif
