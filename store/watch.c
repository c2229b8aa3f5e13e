/*
 * store/watch.c - the files of kaiji serve's watched folder already taken
 * in (store/watch.h).
 */
#include "model/i18n.h"
#include "store/internal.h"
#include "store/watch.h"

int kaiji_store_watch_seen(bool *out, kaiji_store *store, const char *path, long long size,
                           long long mtime, const char *sha256)
{
    int rc = KAIJI_OK, step;
    sqlite3_stmt *s = kaiji_store_prepare(
        store, "SELECT count(*) FROM watch_seen WHERE (path = ?1 AND size = ?2 AND mtime = ?3)"
               " OR sha256 = ?4");
    *out = false;
    if (!s)
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, size);
    sqlite3_bind_int64(s, 3, mtime);
    if (sha256)
        sqlite3_bind_text(s, 4, sha256, -1, SQLITE_STATIC);
    if ((step = sqlite3_step(s)) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0) > 0;
    else
        rc = kaiji_store_sqlfail(store, _("cannot read what the watched folder took in"));
    sqlite3_finalize(s);
    return rc;
}

int kaiji_store_watch_remember(kaiji_store *store, const char *path, long long size,
                               long long mtime, const char *sha256)
{
    char now[32];
    bool seen = false;
    int rc = KAIJI_OK;
    sqlite3_stmt *s = kaiji_store_prepare(
        store, "SELECT count(*) FROM watch_seen WHERE path = ?1 AND size = ?2 AND mtime = ?3");
    if (!s)
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, size);
    sqlite3_bind_int64(s, 3, mtime);
    if (sqlite3_step(s) == SQLITE_ROW)
        seen = sqlite3_column_int64(s, 0) > 0;
    else
        rc = kaiji_store_sqlfail(store, _("cannot read what the watched folder took in"));
    sqlite3_finalize(s);
    if (rc != KAIJI_OK || seen)
        return rc;
    s = kaiji_store_prepare(store, "INSERT INTO watch_seen(path, size, mtime, sha256, seen_at)"
                                   " VALUES (?, ?, ?, ?, ?)");
    if (!s)
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, size);
    sqlite3_bind_int64(s, 3, mtime);
    sqlite3_bind_text(s, 4, sha256 ? sha256 : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, kaiji_store_now(now), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record what the watched folder took in"));
    sqlite3_finalize(s);
    return rc;
}
