/*
 * store/db_sqlite.c - the engine layer over SQLite: a file opened with
 * WAL, foreign keys on, full sync and a busy timeout.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji/common.h"
#include "store/db.h"

typedef struct sq_db {
    kaiji_db base;
    sqlite3 *h;
} sq_db;

typedef struct sq_stmt {
    kaiji_stmt base;
    sqlite3_stmt *s;
} sq_stmt;

#define SQ(db) (((sq_db *)(db))->h)
#define ST(s) (((sq_stmt *)(s))->s)

/* Records SQLite's last error on db; returns -1. */
static int sq_fail(kaiji_db *db)
{
    int code = sqlite3_errcode(SQ(db)) & 0xff;
    kaiji_db_fault f;
    switch (code) {
    case SQLITE_NOMEM: f = KAIJI_DB_NOMEM; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: f = KAIJI_DB_BUSY; break;
    case SQLITE_READONLY: f = KAIJI_DB_READONLY; break;
    case SQLITE_PERM:
    case SQLITE_AUTH: f = KAIJI_DB_PERM; break;
    case SQLITE_CANTOPEN: f = KAIJI_DB_CANTOPEN; break;
    case SQLITE_FULL: f = KAIJI_DB_FULL; break;
    case SQLITE_IOERR: f = KAIJI_DB_IOERR; break;
    case SQLITE_CORRUPT: f = KAIJI_DB_CORRUPT; break;
    case SQLITE_NOTADB: f = KAIJI_DB_NOTADB; break;
    case SQLITE_CONSTRAINT: f = KAIJI_DB_CONSTRAINT; break;
    default: f = KAIJI_DB_OTHER; break;
    }
    return kaiji_db_set_fault(db, f, "%s", sqlite3_errmsg(SQ(db)));
}

static void sq_close(kaiji_db *db)
{
    sqlite3_close(SQ(db));
    free(db);
}

static int sq_exec(kaiji_db *db, const char *sql)
{
    return sqlite3_exec(SQ(db), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sq_fail(db);
}

static int sq_begin(kaiji_db *db, long long lock_key)
{
    (void)lock_key;
    return sq_exec(db, "BEGIN IMMEDIATE");
}

static long long sq_last_insert_id(kaiji_db *db)
{
    return sqlite3_last_insert_rowid(SQ(db));
}

static int sq_schema_version(kaiji_db *db)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(SQ(db), "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    else
        sq_fail(db);
    sqlite3_finalize(s);
    return v;
}

static int sq_set_schema_version(kaiji_db *db, int version)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
    return sq_exec(db, pragma);
}

static kaiji_stmt *sq_prepare(kaiji_db *db, const char *sql)
{
    sq_stmt *st = calloc(1, sizeof *st);
    if (!st) {
        kaiji_db_set_fault(db, KAIJI_DB_NOMEM, "out of memory");
        return NULL;
    }
    st->base.db = db;
    if (sqlite3_prepare_v2(SQ(db), sql, -1, &st->s, NULL) != SQLITE_OK) {
        sq_fail(db);
        sqlite3_finalize(st->s);
        free(st);
        return NULL;
    }
    return &st->base;
}

static int sq_bind_text(kaiji_stmt *s, int i, const char *text)
{
    return sqlite3_bind_text(ST(s), i, text, -1, SQLITE_TRANSIENT) == SQLITE_NOMEM ? -1 : 0;
}

static int sq_bind_int64(kaiji_stmt *s, int i, long long v)
{
    sqlite3_bind_int64(ST(s), i, v);
    return 0;
}

static int sq_bind_null(kaiji_stmt *s, int i)
{
    sqlite3_bind_null(ST(s), i);
    return 0;
}

static int sq_step(kaiji_stmt *s)
{
    int rc = sqlite3_step(ST(s));
    if (rc == SQLITE_ROW)
        return KAIJI_DB_ROW;
    if (rc == SQLITE_DONE)
        return KAIJI_DB_DONE;
    sq_fail(s->db);
    return KAIJI_DB_ERROR;
}

static long long sq_changes(kaiji_stmt *s)
{
    return sqlite3_changes64(SQ(s->db));
}

static void sq_reset(kaiji_stmt *s)
{
    sqlite3_reset(ST(s));
}

static void sq_finalize(kaiji_stmt *s)
{
    sqlite3_finalize(ST(s));
    free(s);
}

static const char *sq_text(kaiji_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(ST(s), i);
}

static long long sq_int64(kaiji_stmt *s, int i)
{
    return sqlite3_column_int64(ST(s), i);
}

static bool sq_is_null(kaiji_stmt *s, int i)
{
    return sqlite3_column_type(ST(s), i) == SQLITE_NULL;
}

static int sq_column_count(kaiji_stmt *s)
{
    return sqlite3_column_count(ST(s));
}

static const char *sq_column_name(kaiji_stmt *s, int i)
{
    return sqlite3_column_name(ST(s), i);
}

static const kaiji_db_ops sq_ops = {
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .last_insert_id = sq_last_insert_id,
    .schema_version = sq_schema_version,
    .set_schema_version = sq_set_schema_version,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .changes = sq_changes,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .text = sq_text,
    .int64 = sq_int64,
    .is_null = sq_is_null,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
};

int kaiji_db_sqlite_open(kaiji_db **out, const char *path, int busy_ms, char **err)
{
    sq_db *db = calloc(1, sizeof *db);
    bool memory = strcmp(path, ":memory:") == 0;
    sqlite3_stmt *s = NULL;

    (void)err;
    *out = NULL;
    if (!db)
        return KAIJI_ERROR_NOMEM;
    db->base.ops = &sq_ops;
    db->base.engine = KAIJI_DB_SQLITE;
    *out = &db->base;
    if (sqlite3_open_v2(path, &db->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        NULL) != SQLITE_OK)
        goto error;
    sqlite3_busy_timeout(db->h, busy_ms);
    /* A file that is not SQLite fails here, on its first read. */
    if (!memory) {
        if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK ||
            sqlite3_step(s) != SQLITE_ROW)
            goto error;
        sqlite3_finalize(s);
        s = NULL;
    }
    if (sq_exec(&db->base, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL") != 0)
        return db->base.fault == KAIJI_DB_NOMEM ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
    return KAIJI_OK;

error:
    if (db->h)
        sq_fail(&db->base);
    else
        kaiji_db_set_fault(&db->base, KAIJI_DB_NOMEM, "out of memory");
    sqlite3_finalize(s);
    return db->base.fault == KAIJI_DB_NOMEM ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
}

int kaiji_db_sqlite_backup(kaiji_db *db, const char *path)
{
    sqlite3 *to = NULL;
    sqlite3_backup *b = NULL;
    int rc = -1;
    if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
        kaiji_db_set_fault(db, KAIJI_DB_CANTOPEN, "%s", to ? sqlite3_errmsg(to) : "out of memory");
        goto done;
    }
    if (!(b = sqlite3_backup_init(to, "main", SQ(db), "main"))) {
        kaiji_db_set_fault(db, KAIJI_DB_IOERR, "%s", sqlite3_errmsg(to));
        goto done;
    }
    /* In steps, so that writers are not kept waiting for the whole copy. */
    int step;
    while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY ||
           step == SQLITE_LOCKED)
        if (step != SQLITE_OK)
            sqlite3_sleep(50);
    if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
        kaiji_db_set_fault(db, KAIJI_DB_IOERR, "%s", sqlite3_errmsg(to));
        b = NULL;
        goto done;
    }
    b = NULL;
    rc = 0;

done:
    sqlite3_close(to);
    return rc;
}
