/*
 * tests/test_pg.c - what only PostgreSQL stores do: row-level security
 * between sites, many writers at once.  Run by make check-pg (KAIJI_TEST_DB);
 * under make check, on SQLite, its tests skip.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

Test(pg, a_uri_in_kaiji_db_opens_a_postgresql_store)
{
    ts_env e;
    ts_env_init(&e);
    if (!e.pg)
        cr_skip_test("PostgreSQL only: KAIJI_TEST_DB is not set (make check-pg)");
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "status", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM migrations"), KAIJI_STORE_SCHEMA_VERSION);
}
