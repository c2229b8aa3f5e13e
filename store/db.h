/*
 * store/db.h - the store's engine layer: one set of calls (open, exec,
 * prepare, bind, step, column, transactions) over SQLite (store/db_sqlite.c)
 * and PostgreSQL through libpq (store/db_pg.c).  Only store/ includes it.
 *
 * SQL is written once, in the dialect both engines share: "?" or "?N"
 * placeholders (PostgreSQL gets "$N"), ON CONFLICT ... DO NOTHING/UPDATE for
 * upserts, no PRAGMA outside this layer.  Schema text (kaiji_db_exec_schema)
 * may say INTEGER PRIMARY KEY, INTEGER and BLOB: PostgreSQL gets an identity
 * column, BIGINT and BYTEA.
 */
#ifndef KAIJI_STORE_DB_H
#define KAIJI_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kaiji_db kaiji_db;
typedef struct kaiji_stmt kaiji_stmt;

typedef enum kaiji_db_engine {
    KAIJI_DB_SQLITE = 0,
    KAIJI_DB_PG
} kaiji_db_engine;

/* What kaiji_stmt_step gives. */
enum { KAIJI_DB_ERROR = -1, KAIJI_DB_DONE = 0, KAIJI_DB_ROW = 1 };

/* Why the last call failed, the same words for both engines. */
typedef enum kaiji_db_fault {
    KAIJI_DB_OK = 0,
    KAIJI_DB_NOMEM,
    KAIJI_DB_BUSY,       /* another writer holds it; a deadlock or serialization failure */
    KAIJI_DB_READONLY,
    KAIJI_DB_PERM,
    KAIJI_DB_CANTOPEN,
    KAIJI_DB_FULL,
    KAIJI_DB_IOERR,
    KAIJI_DB_CORRUPT,
    KAIJI_DB_NOTADB,
    KAIJI_DB_FOREIGN,    /* an SQLite file of another program: tables, no schema version */
    KAIJI_DB_CONSTRAINT,
    KAIJI_DB_OTHER
} kaiji_db_fault;

/* true when target names a PostgreSQL database (postgresql:// or
 * postgres://), false for a file path. */
bool kaiji_db_is_uri(const char *target);
/* target as it may be shown: a URI without its password; malloc'd, NULL
 * when out of memory. */
char *kaiji_db_display_name(const char *target);

/* Opens target: an SQLite file (created 0600 by the caller; WAL, foreign
 * keys, full sync, a busy timeout of busy_ms) or a PostgreSQL URI.  On
 * failure *out is NULL and, when err is not NULL, *err says why (malloc'd).
 * Returns KAIJI_OK, KAIJI_ERROR_NOMEM or KAIJI_ERROR_IO. */
int kaiji_db_open(kaiji_db **out, const char *target, int busy_ms, char **err);
/* Closes db (a transaction still open is rolled back); NULL-safe. */
void kaiji_db_close(kaiji_db *db);
kaiji_db_engine kaiji_db_engine_of(const kaiji_db *db);
/* The fault and the engine's message (English) of the last failure. */
kaiji_db_fault kaiji_db_fault_of(const kaiji_db *db);
const char *kaiji_db_errmsg(const kaiji_db *db);

/* Runs sql, one or more statements without parameters or rows; 0 or -1. */
int kaiji_db_exec(kaiji_db *db, const char *sql);
/* kaiji_db_exec of schema text, its types said for the engine (see above). */
int kaiji_db_exec_schema(kaiji_db *db, const char *sql);
/* Begins a transaction that writes: SQLite's BEGIN IMMEDIATE; on
 * PostgreSQL BEGIN and the transaction lock lock_key (writers that take one
 * key wait for each other, as SQLite's writers do).  0 or -1. */
int kaiji_db_begin(kaiji_db *db, long long lock_key);
int kaiji_db_commit(kaiji_db *db);
int kaiji_db_rollback(kaiji_db *db);
/* The id the last INSERT into a table with an INTEGER PRIMARY KEY gave, or
 * -1 on failure. */
long long kaiji_db_last_insert_id(kaiji_db *db);
/* The schema version: SQLite's user_version, or the highest version in the
 * migrations table on PostgreSQL (0 before the first step); -1 on failure. */
int kaiji_db_schema_version(kaiji_db *db);
/* Records version as the schema version (SQLite's user_version; nothing on
 * PostgreSQL, where the migrations table says it).  0 or -1. */
int kaiji_db_set_schema_version(kaiji_db *db, int version);

/* A statement of sql on db; NULL on failure (the error on db). */
kaiji_stmt *kaiji_db_prepare(kaiji_db *db, const char *sql);
/* Binds parameter i (from 1); text is copied, NULL binds SQL NULL.  A
 * parameter left unbound is NULL.  0 or -1 (out of memory). */
int kaiji_stmt_bind_text(kaiji_stmt *s, int i, const char *text);
int kaiji_stmt_bind_int64(kaiji_stmt *s, int i, long long v);
int kaiji_stmt_bind_null(kaiji_stmt *s, int i);
/* The next row: KAIJI_DB_ROW, KAIJI_DB_DONE or KAIJI_DB_ERROR. */
int kaiji_stmt_step(kaiji_stmt *s);
/* How many rows the statement's INSERT, UPDATE or DELETE changed (after its
 * step gave KAIJI_DB_DONE). */
long long kaiji_stmt_changes(kaiji_stmt *s);
/* Back to before the first step; the bindings stay. */
void kaiji_stmt_reset(kaiji_stmt *s);
/* NULL-safe. */
void kaiji_stmt_finalize(kaiji_stmt *s);
/* Column i of the current row: text (NULL for SQL NULL; owned by s until the
 * next step), a number (0 for NULL; a boolean gives 0 or 1), whether it is
 * NULL; the number of columns and their names. */
const char *kaiji_stmt_text(kaiji_stmt *s, int i);
long long kaiji_stmt_int64(kaiji_stmt *s, int i);
int kaiji_stmt_int(kaiji_stmt *s, int i);
bool kaiji_stmt_is_null(kaiji_stmt *s, int i);
int kaiji_stmt_column_count(kaiji_stmt *s);
const char *kaiji_stmt_column_name(kaiji_stmt *s, int i);

/* SQLite only: copies db into a new file at path with the online backup
 * API (the copy is consistent while others write).  0 or -1. */
int kaiji_db_backup(kaiji_db *db, const char *path);

/* The engines' operations (store/db.c dispatches to them). */
typedef struct kaiji_db_ops {
    void (*close)(kaiji_db *db);
    int (*exec)(kaiji_db *db, const char *sql);
    int (*begin)(kaiji_db *db, long long lock_key);
    long long (*last_insert_id)(kaiji_db *db);
    int (*schema_version)(kaiji_db *db);
    int (*set_schema_version)(kaiji_db *db, int version);
    kaiji_stmt *(*prepare)(kaiji_db *db, const char *sql);
    int (*bind_text)(kaiji_stmt *s, int i, const char *text);
    int (*bind_int64)(kaiji_stmt *s, int i, long long v);
    int (*bind_null)(kaiji_stmt *s, int i);
    int (*step)(kaiji_stmt *s);
    long long (*changes)(kaiji_stmt *s);
    void (*reset)(kaiji_stmt *s);
    void (*finalize)(kaiji_stmt *s);
    const char *(*text)(kaiji_stmt *s, int i);
    long long (*int64)(kaiji_stmt *s, int i);
    bool (*is_null)(kaiji_stmt *s, int i);
    int (*column_count)(kaiji_stmt *s);
    const char *(*column_name)(kaiji_stmt *s, int i);
} kaiji_db_ops;

/* What every engine's connection and statement start with. */
struct kaiji_db {
    const kaiji_db_ops *ops;
    kaiji_db_engine engine;
    kaiji_db_fault fault;
    char errmsg[512];
};

struct kaiji_stmt {
    kaiji_db *db;
};

/* The engines' openers (store/db_sqlite.c, store/db_pg.c). */
int kaiji_db_sqlite_open(kaiji_db **out, const char *path, int busy_ms, char **err);
int kaiji_db_pg_open(kaiji_db **out, const char *uri, int busy_ms, char **err);
int kaiji_db_sqlite_backup(kaiji_db *db, const char *path);
/* Sets db's fault and message (printf); returns -1. */
int kaiji_db_set_fault(kaiji_db *db, kaiji_db_fault fault, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
