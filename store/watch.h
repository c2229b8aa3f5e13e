/*
 * store/watch.h - what kaiji serve's watched folder has taken in, remembered
 * in the store so that a restart does not take a file in twice: each file by
 * its path under the folder, size and modification time, and by the SHA-256
 * of its bytes.  Library-internal, not installed.  Plain SQL (no SQLite-only
 * syntax), for the store's engine layer.
 */
#ifndef KAIJI_STORE_WATCH_H
#define KAIJI_STORE_WATCH_H

#include <stdbool.h>

#include "kaiji/store.h"

/*
 * *out true when a file was taken in before at path (relative to the
 * folder) with this size and modification time (nanoseconds since 1970),
 * or, when sha256 is not NULL, with these bytes under any name.  Returns
 * KAIJI_OK or KAIJI_ERROR_IO (kaiji_store_errmsg says why).
 */
int kaiji_store_watch_seen(bool *out, kaiji_store *store, const char *path, long long size,
                           long long mtime, const char *sha256);

/*
 * Remembers the file at path with this size, modification time and
 * SHA-256 as taken in (a second time changes nothing), in the caller's
 * transaction or its own.  Returns KAIJI_OK or KAIJI_ERROR_IO.
 */
int kaiji_store_watch_remember(kaiji_store *store, const char *path, long long size,
                               long long mtime, const char *sha256);

#endif
