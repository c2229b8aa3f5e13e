/*
 * tests/test_hostile_remind.c - remind over a register of 10,000 contracts,
 * within bounds of time and memory (issue 10, point 5).
 *
 * Part of the hostile corpus of issue 5 (tests/hostile/README.md lists every
 * case and the figures measured): every input is built here or in
 * tests/support/ from code, each case states the finding it must give and,
 * where it matters, the time and memory it may take (the bounds are in
 * tests/support/hostile.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/store.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* ---- remind over a big register (issue 10, point 5) ------------------------
 * A register of 10,000 contracts that all owe something (an MDS, none
 * received, due date passed).  remind groups them by vendor: one vendor
 * loaded its vocabulary again for each contract and found its group by
 * comparing with every group before it, and each group took room for every
 * contract of the register (10,000 vendors: 5.7 GiB).  The grouping is now
 * linear in the contracts, within these bounds. */
#define REMIND_TIMEOUT_S (H_SANITIZED ? 300u : 60u)
#define REMIND_SECONDS   (H_SANITIZED ? 120.0 : 30.0)
/* On PostgreSQL (make check-pg) the status under remind is a few queries
 * whatever the number of contracts (store/status.c), and so are the vendors'
 * last mails (one query, store/remind.c), but each mail and each of its
 * contracts recorded when the mails are written is a round trip to the
 * server: 11,000 writes on loopback
 * for -o, about 14 s on a busy two-core machine (the dry runs 0.6 s and
 * 3.2 s).  The bound is still linear; the time and memory kaiji spends
 * itself are the same. */
#define REMIND_PG_FACTOR 2u
/* Importing the register writes its 10,000 contracts one statement each. */
#define IMPORT_PG_FACTOR 4u
#define REMIND_RSS_MIB   (H_SANITIZED ? 1024L : 256L)
#define REMIND_CONTRACTS 10000

/* Writes to path a register of REMIND_CONTRACTS contracts, contract i of
 * vendor i % vendors, the vendors' names written two ways (株式会社 before or
 * after) so that grouping needs the name key. */
static void write_big_register(const char *path, int vendors)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs("契約番号,事業者名,メールアドレス,システム名,製品名,契約種別,患者情報の有無,必要書類,"
          "依頼日,回答期限\r\n", f);
    for (int i = 0; i < REMIND_CONTRACTS; i++) {
        int v = i % vendors;
        if ((i / vendors) % 2)
            fprintf(f, "C-%05d,株式会社架空ベンダー%05d,v%d@vendor.example,システム%d,製品%d,"
                       "保守,有,MDS,2026/10/01,2026/10/31\r\n", i, v, v, i, i);
        else
            fprintf(f, "C-%05d,架空ベンダー%05d株式会社,v%d@vendor.example,システム%d,製品%d,"
                       "保守,有,MDS,2026/10/01,2026/10/31\r\n", i, v, v, i, i);
    }
    cr_assert_eq(fclose(f), 0);
}

/* How many times needle occurs in the len bytes at s. */
static size_t count_of(const char *s, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (memcmp(s + i, needle, k) == 0)
            n++;
    return n;
}

/* Runs remind with args (after --db and --as-of) on e's store within the bounds;
 * what names the run in messages.  The caller frees *r. */
static void remind_within(h_run *r, const ts_env *e, const char *what, const char *const *args)
{
    const char *db = e->db;
    unsigned factor = e->pg ? REMIND_PG_FACTOR : 1u;
    const char *argv[16] = {"remind", "--db", db, "--as-of", "2026-11-26"};
    size_t n = 5;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    h_kaiji(r, REMIND_TIMEOUT_S * factor, argv);
    cr_assert_eq(r->signal, 0, "%s: killed by signal %d after %.1f s", what, r->signal,
                 r->seconds);
    cr_assert_eq(r->exit_code, 0, "%s: exit %d %.600s", what, r->exit_code, r->err);
    fprintf(stderr, "MEASURE %s seconds=%.2f maxrss_kib=%ld\n", what, r->seconds, r->maxrss_kib);
    cr_assert_lt(r->seconds, REMIND_SECONDS * factor, "%s took %.1f s", what, r->seconds);
    cr_assert_lt(r->maxrss_kib, REMIND_RSS_MIB * 1024, "%s: peak RSS %ld KiB", what,
                 r->maxrss_kib);
}

/* A register of REMIND_CONTRACTS contracts of vendors vendors imported into a
 * fresh store, e's (dir/kaiji.db, or PostgreSQL's: make check-pg). */
static void big_register_store(ts_env *e, int vendors)
{
    char csv[4200];
    h_run r;
    ts_env_init(e);
    snprintf(csv, sizeof csv, "%s/register.csv", e->dir);
    write_big_register(csv, vendors);
    h_kaiji(&r, REMIND_TIMEOUT_S * (e->pg ? IMPORT_PG_FACTOR : 1u),
            (const char *const[]){"register", "import", "--db", e->db, csv, NULL});
    cr_assert_eq(r.exit_code, 0, "register import: %.600s", r.err);
    cr_assert(h_contains(r.out, r.out_len, "10000 added"), "%.600s", r.out);
    h_run_free(&r);
}

Test(hostile_remind, ten_thousand_contracts_of_a_thousand_vendors_are_grouped_in_bounded_time_and_memory,
     .timeout = 900)
{
    char out[4300], line[256];
    h_run r;
    ts_env e;
    big_register_store(&e, 1000);

    remind_within(&r, &e, "remind-10k-1k-dry-run", (const char *const[]){"--dry-run", NULL});
    cr_assert_eq(count_of(r.out, r.out_len, "would write for "), 1000, "%.600s", r.out);
    cr_assert(h_contains(r.out, r.out_len, "1000 to do, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    /* Vendors in the order of their first contract, each with its ten in
     * register order. */
    snprintf(line, sizeof line, "would write for 架空ベンダー00000株式会社 <v0@vendor.example>"
                                " (C-00000, C-01000, C-02000, C-03000, C-04000, C-05000,"
                                " C-06000, C-07000, C-08000, C-09000)\n");
    cr_assert_eq(strncmp(r.out, line, strlen(line)), 0, "%.400s", r.out);
    const char *second = strstr(r.out, "would write for 架空ベンダー00001株式会社");
    const char *last = strstr(r.out, "would write for 架空ベンダー00999株式会社");
    cr_assert(second && last && second < last, "%.400s", r.out);
    h_run_free(&r);

    snprintf(out, sizeof out, "%s/kaiji.db.eml", e.dir);
    remind_within(&r, &e, "remind-10k-1k-eml", (const char *const[]){"-o", out, NULL});
    cr_assert(h_contains(r.out, r.out_len, "1000 written, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    h_run_free(&r);
}

Test(hostile_remind, ten_thousand_contracts_of_as_many_vendors_are_grouped_in_bounded_time_and_memory,
     .timeout = 900)
{
    h_run r;
    ts_env e;
    big_register_store(&e, REMIND_CONTRACTS);
    remind_within(&r, &e, "remind-10k-10k-dry-run", (const char *const[]){"--dry-run", NULL});
    cr_assert_eq(count_of(r.out, r.out_len, "would write for "), REMIND_CONTRACTS, "%.600s",
                 r.out);
    cr_assert(h_contains(r.out, r.out_len, "10000 to do, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    h_run_free(&r);
}
