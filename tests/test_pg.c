/*
 * tests/test_pg.c - what only PostgreSQL stores do: row-level security
 * between sites, many writers at once.  Run by make check-pg (KAIJI_TEST_DB);
 * under make check, on SQLite, its tests skip.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "store/db.h"
#include "store/watch.h"
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

/* e's URI with role as its user. */
static void as_role(ts_env *out, const ts_env *e, const char *role)
{
    *out = *e;
    const char *auth = strstr(e->db, "://") + 3;
    const char *at = strchr(auth, '@');
    cr_assert_not_null(at);
    snprintf(out->db, sizeof out->db, "%.*s%s%s", (int)(auth - e->db), e->db, role, at);
}

/* Two sites, A and B, each with its role, its contract C-001 and one
 * submission; *a and *b connect as their roles.  Returns B's id. */
static long long two_sites(ts_env *e, ts_env *a, ts_env *b, char ra[64], char rb[64])
{
    ts_env_init(e);
    if (!e->pg)
        cr_skip_test("PostgreSQL only: KAIJI_TEST_DB is not set (make check-pg)");
    char sql[512];
    snprintf(ra, 64, "site_a_%ld", (long)getpid());
    snprintf(rb, 64, "site_b_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s;"
                              " CREATE ROLE %s LOGIN; CREATE ROLE %s LOGIN", ra, rb, ra, rb);
    char *err = ts_try_exec(e, sql);
    if (err) { /* a role left from an earlier run owns something: new names */
        free(err);
        snprintf(ra, 64, "site_a_%ld_%ld", (long)getpid(), (long)time(NULL));
        snprintf(rb, 64, "site_b_%ld_%ld", (long)getpid(), (long)time(NULL));
        snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN; CREATE ROLE %s LOGIN", ra, rb);
        ts_exec(e, sql);
    }
    kaiji_store *st = ts_open(e);
    long long ida = 0, idb = 0;
    cr_assert_eq(kaiji_store_site_add(&ida, st, "病院A", ra), KAIJI_OK, "%s",
                 kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_site_add(&idb, st, "病院B", rb), KAIJI_OK, "%s",
                 kaiji_store_errmsg(st));
    cr_assert_neq(ida, idb);
    kaiji_store_free(st);
    as_role(a, e, ra);
    as_role(b, e, rb);
    ts_import(a, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                 "C-001,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n");
    ts_import(b, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                 "C-001,秘密の事業者B,b@example.jp,画像クラウド,クラウド,有,2026/12/31\n");
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "株式会社メディカルA", "電子カルテ X", "C-001");
    ts_write(a, "in/a.json", doc, 0);
    free(doc);
    doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "秘密の事業者B", "画像クラウド", "C-001");
    ts_write(b, "in/b.json", doc, 0);
    free(doc);
    char *out = NULL;
    cr_assert_eq(ts_kaiji(a, "ingest in/a.json", &out), 0, "%s", out);
    free(out);
    cr_assert_eq(ts_kaiji(b, "ingest in/b.json", &out), 0, "%s", out);
    free(out);
    return idb;
}

/* How many rows of site b the connection db reads in table; -1 when the
 * database refuses the query (as row_security = off does). */
static long long rows_in(kaiji_db *db, const char *table, long long b)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE site_id = %lld", table, b);
    kaiji_stmt *s = kaiji_db_prepare(db, sql);
    if (!s)
        return -1;
    long long n = kaiji_stmt_step(s) == KAIJI_DB_ROW ? kaiji_stmt_int64(s, 0) : -1;
    kaiji_stmt_finalize(s);
    return n;
}

/* The same over every table of a site (tables: NULL-ended), -1 when one is
 * refused. */
static long long rows_of(kaiji_db *db, char *const *tables, long long b)
{
    long long n = 0;
    for (size_t i = 0; tables[i]; i++) {
        long long k = rows_in(db, tables[i], b);
        if (k < 0)
            return -1;
        n += k;
    }
    return n;
}

Test(pg, a_site_sees_none_of_another_sites_rows_however_the_query_is_written, .timeout = 120)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    long long idb = two_sites(&e, &a, &b, ra, rb);
    ts_fill_site(&b);
    /* Every table of a site's rows: each with a policy, whatever its age. */
    char **tables = ts_tables(&e, "site_id");

    /* The group's role sees B's rows: the queries below could find them. */
    kaiji_db *group = NULL;
    cr_assert_eq(kaiji_db_open(&group, e.db, 60000, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_db_exec(group, "SET kaiji.site = 'all'"), 0);
    for (size_t i = 0; tables[i]; i++)
        cr_assert_gt(rows_in(group, tables[i], idb), 0, "site B has no rows in %s to hide",
                     tables[i]);
    kaiji_db_close(group);

    /* What site A's role may try, each in a connection of its own. */
    char temp[256], setb[96];
    snprintf(temp, sizeof temp, "CREATE TEMP TABLE sites(id bigint, name text, role text);"
                                " INSERT INTO sites VALUES (%lld, 'B', current_user)", idb);
    snprintf(setb, sizeof setb, "SELECT set_config('kaiji.site', '%lld', false)", idb);
    const char *const tries[] = {
        "SELECT 1",
        "SET kaiji.site = 'all'",
        setb,
        temp,
        "SET row_security = off",
        "RESET ROLE",
    };
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        kaiji_db *db = NULL;
        cr_assert_eq(kaiji_db_open(&db, a.db, 60000, NULL), KAIJI_OK);
        kaiji_db_exec(db, tries[i]);
        long long n = rows_of(db, tables, idb);
        cr_expect(n == 0 || n == -1, "after \"%s\" site A read %lld rows of site B", tries[i], n);
        kaiji_db_close(db);
    }

    /* What the database refuses outright. */
    char setrole[96], steal[128], plant[200], move[96];
    snprintf(setrole, sizeof setrole, "SET ROLE %s", rb);
    snprintf(steal, sizeof steal, "UPDATE sites SET role = current_user WHERE id = %lld", idb);
    snprintf(plant, sizeof plant, "INSERT INTO contracts(id, created_at, updated_at, site_id)"
                                  " VALUES ('X-1', '', '', %lld)", idb);
    snprintf(move, sizeof move, "UPDATE contracts SET site_id = %lld", idb);
    const char *const refused[] = {
        setrole, steal, plant, move,
        "ALTER TABLE contracts DISABLE ROW LEVEL SECURITY",
        "DROP POLICY site ON submissions",
        "ALTER TABLE contracts NO FORCE ROW LEVEL SECURITY",
        "DELETE FROM audit_log",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char *err = ts_try_exec(&a, refused[i]);
        cr_expect_not_null(err, "site A may run \"%s\"", refused[i]);
        free(err);
    }
    cr_expect_eq(ts_count(&b, "SELECT count(*) FROM contracts"), 1);
    ts_env all;
    ts_env_all_sites(&all, &e);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM contracts WHERE id = 'X-1'"), 0);

    /* kaiji itself, as A: A's contract, never B's vendor. */
    char *out = NULL;
    ts_kaiji(&a, "status --format json", &out); /* its exit status says what is owing */
    cr_expect(strstr(out, "メディカルA"), "%s", out);
    cr_expect_not(strstr(out, "秘密の事業者B"), "%s", out);
    free(out);
    ts_strv_free(tables);
}

Test(pg, two_sites_keep_their_own_contract_ids)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    two_sites(&e, &a, &b, ra, rb);
    cr_expect_eq(ts_count(&a, "SELECT count(*) FROM contracts WHERE id = 'C-001'"), 1);
    cr_expect_eq(ts_count(&b, "SELECT count(*) FROM contracts WHERE id = 'C-001'"), 1);
    ts_env all;
    ts_env_all_sites(&all, &e);
    cr_expect_eq(ts_count(&all, "SELECT count(DISTINCT site_id) FROM contracts WHERE id = 'C-001'"),
                 2);
    cr_expect_eq(ts_count(&a, "SELECT count(*) FROM links"), 1);
    cr_expect_eq(ts_count(&b, "SELECT count(*) FROM links"), 1);
}

/* Two hospitals' servers watching their own folders, each given the same
 * vendor ZIP unpacked (the same name, size and time): each remembers it. */
Test(pg, two_sites_watched_folders_each_remember_a_file_of_the_same_name_size_and_time)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    two_sites(&e, &a, &b, ra, rb);
    const long long size = 1234, mtime = 1764100000000000000LL;
    kaiji_store *sa = ts_open(&a), *sb = ts_open(&b);
    cr_assert_eq(kaiji_store_watch_remember(sa, "開示/mds.xlsx", size, mtime, "ab12"), KAIJI_OK,
                 "%s", kaiji_store_errmsg(sa));
    cr_assert_eq(kaiji_store_watch_remember(sb, "開示/mds.xlsx", size, mtime, "ab12"), KAIJI_OK,
                 "%s", kaiji_store_errmsg(sb));
    bool seen = false;
    cr_assert_eq(kaiji_store_watch_seen(&seen, sb, "開示/mds.xlsx", size, mtime, NULL), KAIJI_OK);
    cr_expect(seen);
    kaiji_store_free(sa);
    kaiji_store_free(sb);
    cr_expect_eq(ts_count(&a, "SELECT count(*) FROM watch_seen"), 1);
    cr_expect_eq(ts_count(&b, "SELECT count(*) FROM watch_seen"), 1);
}

Test(pg, a_role_that_bypasses_row_level_security_may_not_open_a_store_of_several_sites)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    two_sites(&e, &a, &b, ra, rb);
    /* The test cluster's own role (KAIJI_TEST_DB's) is a superuser: it
     * would see both sites. */
    const char *pg = getenv("KAIJI_TEST_DB");
    const char *auth = strstr(pg, "://") + 3, *at = strchr(auth, '@');
    char super[64];
    snprintf(super, sizeof super, "%.*s", (int)(at - auth), auth);
    ts_env su;
    as_role(&su, &e, super);
    kaiji_store *st = NULL;
    char *err = NULL;
    cr_expect_eq(kaiji_store_open(&st, su.db, &err), KAIJI_ERROR_INVALID);
    cr_expect_null(st);
    cr_expect(err && strstr(err, "row-level security"), "%s", err ? err : "(none)");
    free(err);
}

Test(pg, the_group_lists_every_site_with_its_counts_and_a_site_its_own)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    long long idb = two_sites(&e, &a, &b, ra, rb);
    kaiji_store *st = ts_open(&e);
    kaiji_site_list *l = NULL;
    cr_assert_eq(kaiji_store_sites(&l, st), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(l->count, 3, "the default site, A and B");
    cr_expect_str_eq(l->items[0].name, "");
    cr_expect_eq(l->items[2].id, idb);
    cr_expect_str_eq(l->items[2].name, "病院B");
    cr_expect_eq(l->items[2].contracts, 1);
    cr_expect_eq(l->items[2].submissions, 1);
    kaiji_site_list_free(l);
    /* the look-up across sites leaves the site chosen as it was */
    cr_expect_eq(kaiji_store_site(st), 1);
    cr_expect_eq(kaiji_store_site_use_id(st, idb), KAIJI_OK);
    cr_assert_eq(kaiji_store_sites(&l, st), KAIJI_OK);
    kaiji_site_list_free(l);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts"), 0, "the default site's");
    kaiji_status_report *r = NULL;
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = ts_catalogs();
    cr_assert_eq(kaiji_store_status(&r, st, &so), KAIJI_OK);
    cr_expect_eq(r->count, 1);
    cr_expect_str_eq(r->contracts[0].contract.vendor, "秘密の事業者B", "not B's own after listing");
    kaiji_status_report_free(r);
    kaiji_catalogs_free((kaiji_catalogs *)so.catalogs);
    kaiji_store_free(st);

    st = ts_open(&a);
    cr_assert_eq(kaiji_store_sites(&l, st), KAIJI_OK);
    cr_expect_eq(l->count, 1, "a site's role sees another site");
    cr_expect_str_eq(l->items[0].name, "病院A");
    kaiji_site_list_free(l);
    cr_expect_eq(kaiji_store_site_use_id(st, idb), KAIJI_ERROR_INVALID);
    kaiji_store_free(st);
}

Test(pg, an_account_belongs_to_its_site_and_is_found_from_the_group_only)
{
    ts_env e, a, b;
    char ra[64], rb[64];
    long long idb = two_sites(&e, &a, &b, ra, rb);
    kaiji_store *st = ts_open(&e);
    cr_assert_eq(kaiji_store_site_use(st, "病院B"), KAIJI_OK);
    cr_assert_eq(kaiji_store_user_put(st, "suzuki", KAIJI_ROLE_STAFF, "$argon2id$x"), KAIJI_OK,
                 "%s", kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_site_use(st, ""), KAIJI_OK);
    cr_assert_eq(kaiji_store_user_put(st, "honbu", KAIJI_ROLE_ADMIN, "$argon2id$y"), KAIJI_OK);
    kaiji_user *u = NULL;
    cr_assert_eq(kaiji_store_user_get(&u, st, "suzuki"), KAIJI_OK);
    cr_assert_not_null(u, "the group cannot find B's account");
    cr_expect_eq(u->site, idb);
    cr_expect_str_eq(u->site_name, "病院B");
    kaiji_user_free(u);
    kaiji_user_list *l = NULL;
    cr_assert_eq(kaiji_store_users(&l, st), KAIJI_OK);
    cr_expect_eq(l->count, 2);
    kaiji_user_list_free(l);
    kaiji_store_free(st);

    st = ts_open(&a);
    cr_assert_eq(kaiji_store_user_get(&u, st, "suzuki"), KAIJI_OK);
    cr_expect_null(u, "site A found B's account");
    kaiji_user_free(u);
    cr_assert_eq(kaiji_store_users(&l, st), KAIJI_OK);
    cr_expect_eq(l->count, 0, "site A lists the group's or B's accounts");
    kaiji_user_list_free(l);
    /* taking B's name from A: refused by the database, B's account kept */
    cr_expect_neq(kaiji_store_user_put(st, "suzuki", KAIJI_ROLE_ADMIN, "$argon2id$z"), KAIJI_OK);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&b, "SELECT count(*) FROM users WHERE name = 'suzuki' AND role = 'staff'"),
                 1);
}
