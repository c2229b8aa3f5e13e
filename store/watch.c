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
    kaiji_stmt *s = kaiji_store_prepare(
        store, "SELECT count(*) FROM watch_seen WHERE (path = ?1 AND size = ?2 AND mtime = ?3)"
               " OR sha256 = ?4");
    *out = false;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, path);
    kaiji_stmt_bind_int64(s, 2, size);
    kaiji_stmt_bind_int64(s, 3, mtime);
    if (sha256)
        kaiji_stmt_bind_text(s, 4, sha256);
    if ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW)
        *out = kaiji_stmt_int64(s, 0) > 0;
    else
        rc = kaiji_store_sqlfail(store, _("cannot read what the watched folder took in"));
    kaiji_stmt_finalize(s);
    return rc;
}

int kaiji_store_watch_remember(kaiji_store *store, const char *path, long long size,
                               long long mtime, const char *sha256)
{
    char now[32];
    bool seen = false;
    int rc = KAIJI_OK;
    kaiji_stmt *s = kaiji_store_prepare(
        store, "SELECT count(*) FROM watch_seen WHERE path = ?1 AND size = ?2 AND mtime = ?3");
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, path);
    kaiji_stmt_bind_int64(s, 2, size);
    kaiji_stmt_bind_int64(s, 3, mtime);
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW)
        seen = kaiji_stmt_int64(s, 0) > 0;
    else
        rc = kaiji_store_sqlfail(store, _("cannot read what the watched folder took in"));
    kaiji_stmt_finalize(s);
    if (rc != KAIJI_OK || seen)
        return rc;
    s = kaiji_store_prepare(store, "INSERT INTO watch_seen(path, size, mtime, sha256, seen_at)"
                                   " VALUES (?, ?, ?, ?, ?)");
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, path);
    kaiji_stmt_bind_int64(s, 2, size);
    kaiji_stmt_bind_int64(s, 3, mtime);
    kaiji_stmt_bind_text(s, 4, sha256 ? sha256 : "");
    kaiji_stmt_bind_text(s, 5, kaiji_store_now(now));
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record what the watched folder took in"));
    kaiji_stmt_finalize(s);
    return rc;
}
