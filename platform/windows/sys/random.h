/*
 * platform/windows/sys/random.h - getrandom for the Windows build, from the
 * system's generator (BCryptGenRandom); never blocks, never short.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_SYS_RANDOM_H
#define KAIJI_PLATFORM_WINDOWS_SYS_RANDOM_H

#include <stddef.h>
#include <sys/types.h>

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2

/* len random bytes into buf: len, or -1 (errno EIO) when the system fails. */
ssize_t getrandom(void *buf, size_t len, unsigned int flags);

#endif
