/*
 * tests/support/store.h - what the store's tests share (tests/test_store.c,
 * test_register.c, test_ingest.c, test_status.c): a fresh folder with a store
 * path, running build/kaiji against it, and submissions made in code from
 * the samples with the header fields a test needs.
 */
#ifndef KAIJI_TEST_STORE_H
#define KAIJI_TEST_STORE_H

#include <stddef.h>

#include "kaiji.h"

typedef struct ts_env {
    char dir[4096];   /* a fresh empty folder */
    char db[4200];    /* dir/kaiji.db (not created) */
} ts_env;

/* A fresh folder and store path. */
void ts_env_init(ts_env *e);
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
