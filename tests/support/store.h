/*
 * tests/support/store.h - what the store's tests share (tests/test_store.c,
 * test_register.c, test_ingest.c, test_status.c): a fresh folder with a store
 * path, running build/kaiji against it, and submissions made in code from
 * the samples with the header fields a test needs.
 */
#ifndef KAIJI_TEST_STORE_H
#define KAIJI_TEST_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji.h"

typedef struct ts_env {
    char dir[4096];   /* a fresh empty folder */
    char db[4200];    /* dir/kaiji.db (not created), or a PostgreSQL URI */
    bool pg;          /* db is a PostgreSQL URI: KAIJI_TEST_DB */
} ts_env;

/* The role the store's tests connect as on PostgreSQL: it owns their
 * schemas and may create roles, and is no superuser. */
#define TS_PG_ROLE "kaiji_test"

/* A fresh folder and store: dir/kaiji.db, or, when KAIJI_TEST_DB gives a
 * postgresql:// URI of a superuser (make check-pg), a fresh schema of that
 * database owned by TS_PG_ROLE, which db's URI connects as and selects
 * (search_path). */
void ts_env_init(ts_env *e);
/* e as the group's role that reads every site (PostgreSQL: kaiji.site
 * 'all' in the URI's options); on SQLite, e itself. */
void ts_env_all_sites(ts_env *out, const ts_env *e);
/* Skips the calling test on PostgreSQL, with why (what only an SQLite file
 * has: its mode, its WAL, its bytes). */
void ts_sqlite_only(const ts_env *e, const char *why);
/* true when the store of e was created: its file, or, on PostgreSQL, any
 * contract, submission or mail in its schema. */
bool ts_store_written(const ts_env *e);
/* Runs sql (no rows) on the store of e, on either engine; aborts the test
 * when it fails. */
void ts_exec(const ts_env *e, const char *sql);
/* Runs sql on the store of e; its error message, or NULL when it ran.
 * malloc'd. */
char *ts_try_exec(const ts_env *e, const char *sql);
/* The database of e's store, raw (no migration), for the rows of a query
 * (kaiji_db_prepare, kaiji_stmt_*; store/db.h); aborts the test when it
 * cannot be opened.  Close it with kaiji_db_close. */
struct kaiji_db;
struct kaiji_db *ts_db(const ts_env *e);
/* The tables of e's store, on either engine (SQLite's sqlite_master,
 * PostgreSQL's information_schema in the test's schema), sorted;
 * with_column: only those with that column (NULL: all).  NULL-ended,
 * malloc'd: ts_strv_free. */
char **ts_tables(const ts_env *e, const char *with_column);
void ts_strv_free(char **v);
/* A row in each table of e's site that import and ingest leave empty, as
 * kaiji serve, remind and fetch write them (refused links, mails, fetch
 * state, an account, the audit log, the watched folder's files, a vendor
 * link, the hospital's checklist answers); the site must hold a submission
 * and contracts C-001 and C-002.  On either engine, as any site's role. */
void ts_fill_site(const ts_env *e);
/* The first column of the first row of sql as text (malloc'd; NULL when no
 * row or NULL). */
char *ts_text(const ts_env *e, const char *sql);
/* Writes len bytes (len 0: strlen) to dir/name, making folders; returns the
 * path in a static buffer of the calling thread. */
const char *ts_write(const ts_env *e, const char *name, const void *data, size_t len);
/* Runs "KAIJI_DB=DB build/kaiji ARGS" in dir, stdout and stderr both into *out
 * (may be NULL); returns the exit status. */
int ts_kaiji(const ts_env *e, const char *args, char **out);
/* The built-in catalogs; aborts the test on failure. */
kaiji_catalogs *ts_catalogs(void);
/* Opens the store; aborts the test on failure. */
kaiji_store *ts_open(const ts_env *e);
/* Writes csv to dir/register.csv and imports it through the API; aborts the
 * test when a row is refused. */
void ts_import(const ts_env *e, const char *csv);

/*
 * The sample at rel (under samples/) in kaiji's exchange JSON, with its header
 * fields replaced: vendor, product, contract (NULL: keep; "": remove).
 * malloc'd.
 */
char *ts_doc(const char *rel, const char *vendor, const char *product, const char *contract);
/* Ingests len bytes of data (0: strlen) named name in one transaction, as of
 * as_of ("YYYY-MM-DD", or NULL for 2026-11-26).  Aborts on failure; the
 * caller frees the result. */
kaiji_ingest_result *ts_ingest(kaiji_store *st, const char *name, const char *data, size_t len,
                               const char *as_of);
/* How many rows the SQL query's first column counts (SELECT count(*) ...). */
long long ts_count(const ts_env *e, const char *sql);

#endif
