/*
 * store/db_sqlite.c - the engine layer over SQLite: a file opened with
 * WAL, foreign keys on, full sync and a busy timeout.  libsqlite3 is loaded
 * when a store is first opened (platform/dl.h): `kaiji validate`, `convert`
 * and `catalog` never map it.  The Windows build links it (KAIJI_DL_LINKED).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "kaiji/common.h"
#include "model/i18n.h"
#include "platform/dl.h"
#include "store/db.h"

/* The Debian package that has libsqlite3, for the message when it is missing. */
#define KAIJI_SQLITE_PACKAGE "libsqlite3-0"

/* Every SQLite function kaiji calls: member, symbol. */
#define KAIJI_SQ_FUNCTIONS(X)                                                                  \
    X(open_v2, sqlite3_open_v2) X(close_db, sqlite3_close) X(errcode, sqlite3_errcode)         \
    X(errmsg, sqlite3_errmsg) X(exec, sqlite3_exec)                                            \
    X(last_insert_rowid, sqlite3_last_insert_rowid) X(prepare_v2, sqlite3_prepare_v2)          \
    X(step, sqlite3_step) X(finalize, sqlite3_finalize) X(reset, sqlite3_reset)                \
    X(bind_text, sqlite3_bind_text) X(bind_int64, sqlite3_bind_int64)                          \
    X(bind_null, sqlite3_bind_null) X(changes64, sqlite3_changes64)                            \
    X(column_int, sqlite3_column_int) X(column_text, sqlite3_column_text)                      \
    X(column_int64, sqlite3_column_int64) X(column_type, sqlite3_column_type)                  \
    X(column_count, sqlite3_column_count) X(column_name, sqlite3_column_name)                  \
    X(busy_timeout, sqlite3_busy_timeout) X(backup_init, sqlite3_backup_init)                  \
    X(backup_step, sqlite3_backup_step) X(backup_finish, sqlite3_backup_finish)                \
    X(sleep, sqlite3_sleep)

/* SQLite's functions, typed by its header. */
typedef struct kaiji_sq {
#define KAIJI_SQ_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_SQ_FUNCTIONS(KAIJI_SQ_MEMBER)
#undef KAIJI_SQ_MEMBER
} kaiji_sq;

typedef struct sq_db {
    kaiji_db base;
    kaiji_sq sq; /* libsqlite3, loaded for this connection (the table lives here) */
    sqlite3 *h;
} sq_db;

typedef struct sq_stmt {
    kaiji_stmt base;
    sqlite3_stmt *s;
} sq_stmt;

/* The table of db (a kaiji_db *); of a statement's connection. */
#define API(db) (&((sq_db *)(db))->sq)
#define SAPI(st) API((st)->db)
#define SQ(db) (((sq_db *)(db))->h)
#define ST(s) (((sq_stmt *)(s))->s)

/* Records SQLite's last error on db; returns -1. */
static int sq_fail(kaiji_db *db)
{
    int code = API(db)->errcode(SQ(db)) & 0xff;
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
    return kaiji_db_set_fault(db, f, "%s", API(db)->errmsg(SQ(db)));
}

static void sq_close(kaiji_db *db)
{
    if (SQ(db))
        API(db)->close_db(SQ(db));
    free(db);
}

static int sq_exec(kaiji_db *db, const char *sql)
{
    return API(db)->exec(SQ(db), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sq_fail(db);
}

static int sq_begin(kaiji_db *db, long long lock_key)
{
    (void)lock_key;
    return sq_exec(db, "BEGIN IMMEDIATE");
}

static long long sq_last_insert_id(kaiji_db *db)
{
    return API(db)->last_insert_rowid(SQ(db));
}

static int sq_schema_version(kaiji_db *db)
{
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (API(db)->prepare_v2(SQ(db), "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        API(db)->step(s) == SQLITE_ROW)
        v = API(db)->column_int(s, 0);
    else
        sq_fail(db);
    API(db)->finalize(s);
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
    if (API(db)->prepare_v2(SQ(db), sql, -1, &st->s, NULL) != SQLITE_OK) {
        sq_fail(db);
        API(db)->finalize(st->s);
        free(st);
        return NULL;
    }
    return &st->base;
}

static int sq_bind_text(kaiji_stmt *s, int i, const char *text)
{
    return SAPI(s)->bind_text(ST(s), i, text, -1, SQLITE_TRANSIENT) == SQLITE_NOMEM ? -1 : 0;
}

static int sq_bind_int64(kaiji_stmt *s, int i, long long v)
{
    SAPI(s)->bind_int64(ST(s), i, v);
    return 0;
}

static int sq_bind_null(kaiji_stmt *s, int i)
{
    SAPI(s)->bind_null(ST(s), i);
    return 0;
}

static int sq_step(kaiji_stmt *s)
{
    int rc = SAPI(s)->step(ST(s));
    if (rc == SQLITE_ROW)
        return KAIJI_DB_ROW;
    if (rc == SQLITE_DONE)
        return KAIJI_DB_DONE;
    sq_fail(s->db);
    return KAIJI_DB_ERROR;
}

static long long sq_changes(kaiji_stmt *s)
{
    return SAPI(s)->changes64(SQ(s->db));
}

static void sq_reset(kaiji_stmt *s)
{
    SAPI(s)->reset(ST(s));
}

static void sq_finalize(kaiji_stmt *s)
{
    SAPI(s)->finalize(ST(s));
    free(s);
}

static const char *sq_text(kaiji_stmt *s, int i)
{
    return (const char *)SAPI(s)->column_text(ST(s), i);
}

static long long sq_int64(kaiji_stmt *s, int i)
{
    return SAPI(s)->column_int64(ST(s), i);
}

static bool sq_is_null(kaiji_stmt *s, int i)
{
    return SAPI(s)->column_type(ST(s), i) == SQLITE_NULL;
}

static int sq_column_count(kaiji_stmt *s)
{
    return SAPI(s)->column_count(ST(s));
}

static const char *sq_column_name(kaiji_stmt *s, int i)
{
    return SAPI(s)->column_name(ST(s), i);
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

/* Fills *out with SQLite's functions; false with the reason in *err. */
static bool sq_load(kaiji_sq *out, char **err)
{
#ifdef KAIJI_DL_LINKED
    kaiji_sq *table = out;
    KAIJI_SQ_FUNCTIONS(KAIJI_DL_LINK)
    (void)err;
    return true;
#else
    static const char *const names[] = {"libsqlite3.so.0", "libsqlite3.so", NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_SQ_SYMBOL(m, f) KAIJI_DL_SYMBOL(kaiji_sq, m, f),
        KAIJI_SQ_FUNCTIONS(KAIJI_SQ_SYMBOL)
#undef KAIJI_SQ_SYMBOL
    };
    const char *missing = NULL;
    if (kaiji_dl_load(out, names, syms, sizeof syms / sizeof syms[0], &missing))
        return true;
    if (err)
        *err = kaiji_strprintf(_("cannot load libsqlite3 (%s), which the store needs:"
                                 " install the package %s"),
                               missing, KAIJI_SQLITE_PACKAGE);
    return false;
#endif
}

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
    char *why = NULL;
    if (!sq_load(&db->sq, &why)) {
        kaiji_db_set_fault(&db->base, KAIJI_DB_OTHER, "%s", why ? why : "libsqlite3");
        free(why);
        return KAIJI_ERROR_IO;
    }
    if (db->sq.open_v2(path, &db->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        NULL) != SQLITE_OK)
        goto error;
    db->sq.busy_timeout(db->h, busy_ms);
    /* A file that is not SQLite fails here, on its first read. */
    if (!memory) {
        /* Another program's database is left as it is (not even switched to
         * WAL): kaiji's first migration sets the version in the transaction
         * that creates its tables, so tables without a version are not kaiji's. */
        int version = sq_schema_version(&db->base), tables = -1;
        if (version < 0 ||
            db->sq.prepare_v2(db->h, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) !=
                SQLITE_OK ||
            db->sq.step(s) != SQLITE_ROW)
            goto error;
        tables = db->sq.column_int(s, 0);
        db->sq.finalize(s);
        s = NULL;
        if (version == 0 && tables > 0) {
            kaiji_db_set_fault(&db->base, KAIJI_DB_FOREIGN, "%s",
                               "another program's SQLite database (tables, no schema version)");
            return KAIJI_ERROR_IO;
        }
        if (db->sq.prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK ||
            db->sq.step(s) != SQLITE_ROW)
            goto error;
        db->sq.finalize(s);
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
    db->sq.finalize(s);
    return db->base.fault == KAIJI_DB_NOMEM ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
}

int kaiji_db_sqlite_backup(kaiji_db *db, const char *path)
{
    sqlite3 *to = NULL;
    sqlite3_backup *b = NULL;
    int rc = -1;
    if (API(db)->open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
        kaiji_db_set_fault(db, KAIJI_DB_CANTOPEN, "%s", to ? API(db)->errmsg(to) : "out of memory");
        goto done;
    }
    if (!(b = API(db)->backup_init(to, "main", SQ(db), "main"))) {
        kaiji_db_set_fault(db, KAIJI_DB_IOERR, "%s", API(db)->errmsg(to));
        goto done;
    }
    /* In steps, so that writers are not kept waiting for the whole copy. */
    int step;
    while ((step = API(db)->backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY ||
           step == SQLITE_LOCKED)
        if (step != SQLITE_OK)
            API(db)->sleep(50);
    if (API(db)->backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
        kaiji_db_set_fault(db, KAIJI_DB_IOERR, "%s", API(db)->errmsg(to));
        b = NULL;
        goto done;
    }
    b = NULL;
    rc = 0;

done:
    API(db)->close_db(to);
    return rc;
}
