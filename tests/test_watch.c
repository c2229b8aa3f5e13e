/*
 * tests/test_watch.c - kaiji serve's watched folder (server/watch.h), one
 * look at a time: kaiji_watch_poll in the test's own thread, so that "still
 * being written" is two looks with a change between them, not a timing.
 * Linked with build/server/watch.o (the Makefile's TEST_LINK).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaiji.h"
#include "server/watch.h"
#include "support/store.h"
#include "support/support.h"

static kaiji_catalogs *cats;
/* The store: dir's parent/kaiji.db, or a PostgreSQL schema (make check-pg). */
static ts_env env;
static char dir[600];
static const char *db = env.db;

static void setup(void)
{
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    snprintf(dir, sizeof dir, "%s/inbox", t_tmpdir());
    ts_env_init(&env);
    cr_assert_eq(mkdir(dir, 0700), 0);
    kaiji_store *st = NULL;
    kaiji_register *reg = NULL;
    kaiji_change_list *ch = NULL;
    cr_assert_eq(kaiji_store_open(&st, db, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_register_read(&reg, t_src("samples/register/contracts.csv")), KAIJI_OK);
    cr_assert_eq(kaiji_store_import_register(&ch, st, reg), KAIJI_OK);
    kaiji_change_list_free(ch);
    kaiji_register_free(reg);
    kaiji_store_free(st);
}

static void teardown(void)
{
    kaiji_catalogs_free(cats);
}

TestSuite(watch, .init = setup, .fini = teardown, .timeout = 60);

static kaiji_watch *watcher(void)
{
    kaiji_watch_options wo;
    kaiji_watch *w = NULL;
    kaiji_watch_options_init(&wo);
    wo.dir = dir;
    wo.db_path = db;
    wo.catalogs = cats;
    wo.as_of = (kaiji_date){2026, 11, 26};
    cr_assert_eq(kaiji_watch_new(&w, &wo), KAIJI_OK);
    return w;
}

/* The count of sql on the store (the watcher's thread may be writing: a
 * connection of the store waits for it). */
static long long count(const char *sql)
{
    return ts_count(&env, sql);
}

static long long submissions(void)
{
    return count("SELECT count(*) FROM submissions");
}

static long long watch_audit_lines(void)
{
    return count("SELECT count(*) FROM audit_log WHERE actor = 'watch' AND action = 'ingest'");
}

/* Copies a sample into the folder under name. */
static void drop(const char *sample, const char *name)
{
    size_t len = 0;
    char path[900];
    char *data = t_slurp(t_src(sample), &len);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, data, len);
    free(data);
}

#define SAMPLE "samples/mds-sds/mds-5.0-answer-with-comment.xlsx"

static void poll(kaiji_watch *w)
{
    cr_assert_eq(kaiji_watch_poll(w), KAIJI_OK);
}

Test(watch, a_file_dropped_is_taken_in_once_it_is_the_same_at_two_looks_and_only_once)
{
    kaiji_watch *w = watcher();
    drop(SAMPLE, "mds.xlsx");
    poll(w);
    cr_expect_eq(submissions(), 0, "taken in at the first sight, before it could be whole");
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.waiting, 1);
    kaiji_watch_state_free(&s);
    poll(w);
    cr_expect_eq(submissions(), 1);
    cr_expect_eq(watch_audit_lines(), 1);
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 1);
    cr_expect_eq(watch_audit_lines(), 1, "taken in again at a later look");
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.taken, 1);
    cr_expect_eq(s.recent_count, 1);
    cr_expect_str_eq(s.recent[0].name, "mds.xlsx");
    cr_expect_eq(s.recent[0].outcome, KAIJI_WATCH_TAKEN);
    cr_expect_neq(s.last_look, 0);
    kaiji_watch_state_free(&s);
    kaiji_watch_free(w);
}

Test(watch, a_file_written_in_two_halves_is_taken_in_whole_and_once)
{
    kaiji_watch *w = watcher();
    size_t len = 0;
    char path[900];
    char *data = t_slurp(t_src(SAMPLE), &len);
    /* The writer pauses after the first half: one look sees the half, the
     * next sees the whole, changed; only the look after takes it in. */
    snprintf(path, sizeof path, "%s/slow2.xlsx", dir);
    t_spit(path, data, len / 2);
    poll(w);
    FILE *f = fopen(path, "ab");
    cr_assert_not_null(f);
    fwrite(data + len / 2, 1, len - len / 2, f);
    fclose(f);
    poll(w);
    cr_expect_eq(submissions(), 0, "taken in while it was still being written");
    poll(w);
    cr_expect_eq(submissions(), 1);
    poll(w);
    cr_expect_eq(submissions(), 1, "taken in twice");
    cr_expect_eq(count("SELECT count(*) FROM submissions WHERE path LIKE '%slow2.xlsx'"), 1);
    cr_expect_eq(count("SELECT size FROM submissions WHERE path LIKE '%slow2.xlsx'"),
                 (long long)len, "not the whole file");
    kaiji_watch_free(w);
    free(data);
}

Test(watch, a_second_copy_under_another_name_is_remembered_as_seen)
{
    kaiji_watch *w = watcher();
    drop(SAMPLE, "first.xlsx");
    poll(w);
    poll(w);
    cr_assert_eq(submissions(), 1);
    drop(SAMPLE, "copy of first.xlsx");
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 1);
    cr_expect_eq(count("SELECT count(*) FROM watch_seen WHERE path = 'copy of first.xlsx'"), 1);
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.recent[0].outcome, KAIJI_WATCH_DUPLICATE);
    cr_expect_str_eq(s.recent[0].name, "copy of first.xlsx");
    kaiji_watch_state_free(&s);
    kaiji_watch_free(w);
}

Test(watch, a_restart_takes_nothing_in_twice_but_a_file_changed_under_its_name_is_new)
{
    kaiji_watch *w = watcher();
    drop(SAMPLE, "mds.xlsx");
    poll(w);
    poll(w);
    kaiji_watch_free(w);
    cr_assert_eq(submissions(), 1);
    long long lines = watch_audit_lines();
    w = watcher();
    poll(w);
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 1);
    cr_expect_eq(watch_audit_lines(), lines, "the restart looked at the file again");
    drop("samples/mds-sds/mds-4.1-outdated.xlsx", "mds.xlsx");
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 2, "the changed file was not taken in");
    kaiji_watch_free(w);
}

Test(watch, office_lock_and_temporary_files_are_left_alone)
{
    kaiji_watch *w = watcher();
    drop(SAMPLE, "~$mds.xlsx");
    drop(SAMPLE, "mds.tmp");
    drop(SAMPLE, ".hidden.xlsx");
    poll(w);
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 0);
    cr_expect_eq(watch_audit_lines(), 0);
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.recent_count, 0);
    cr_expect_eq(s.waiting, 0, "a lock file is waited for");
    kaiji_watch_state_free(&s);
    kaiji_watch_free(w);
}

Test(watch, zip_files_and_sub_folders_are_read_as_kaiji_ingest_reads_them)
{
    kaiji_watch *w = watcher();
    size_t len = 0;
    char sub[900];
    char *data = t_slurp(t_src(SAMPLE), &len);
    t_xlsx *z = t_xlsx_new(); /* a ZIP of one member: the builder writes any ZIP */
    t_xlsx_add_bytes(z, "A社/mds.xlsx", data, len);
    size_t zlen = 0;
    unsigned char *zip = t_xlsx_bytes(z, &zlen);
    snprintf(sub, sizeof sub, "%s/2026-12", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    snprintf(sub, sizeof sub, "%s/2026-12/開示.zip", dir);
    t_spit(sub, zip, zlen);
    drop("samples/mds-sds/mds-4.1-outdated.xlsx", "2026-12/old.xlsx");
    poll(w);
    poll(w);
    cr_expect_eq(submissions(), 2);
    cr_expect_eq(count("SELECT count(*) FROM submissions WHERE path LIKE '%開示.zip!/A社/mds.xlsx'"),
                 1);
    free(zip);
    free(data);
    kaiji_watch_free(w);
}

Test(watch, a_hostile_file_gives_a_not_read_record_and_the_watcher_goes_on)
{
    kaiji_watch *w = watcher();
    static const char broken_zip[] = "PK\x03\x04 this is not the rest of a ZIP archive";
    char path[900];
    snprintf(path, sizeof path, "%s/evil.zip", dir);
    t_spit(path, broken_zip, sizeof broken_zip - 1);
    snprintf(path, sizeof path, "%s/evil.xlsx", dir);
    t_spit(path, broken_zip, sizeof broken_zip - 1);
    snprintf(path, sizeof path, "%s/scan.pdf", dir);
    t_spit(path, "%PDF-1.4\n", 9);
    poll(w);
    poll(w);
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    size_t not_read = 0;
    for (size_t i = 0; i < s.recent_count; i++)
        not_read += s.recent[i].outcome == KAIJI_WATCH_NOT_READ ||
                    s.recent[i].status == KAIJI_STATUS_UNREADABLE;
    cr_expect_eq(not_read, 3, "the ZIP, the broken workbook and the PDF are not-read records");
    kaiji_watch_state_free(&s);
    drop(SAMPLE, "good.xlsx");
    poll(w);
    poll(w);
    cr_expect_eq(count("SELECT count(*) FROM submissions WHERE path LIKE '%good.xlsx'"), 1);
    kaiji_watch_free(w);
}

Test(watch, a_folder_that_vanishes_is_a_problem_said_not_a_crash)
{
    kaiji_watch *w = watcher();
    char gone[700];
    snprintf(gone, sizeof gone, "%s/moved", t_tmpdir());
    poll(w);
    cr_assert_eq(rename(dir, gone), 0);
    poll(w);
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.problem, KAIJI_WATCH_MISSING);
    kaiji_watch_state_free(&s);
    cr_assert_eq(rename(gone, dir), 0);
    drop(SAMPLE, "back.xlsx");
    poll(w);
    poll(w);
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.problem, KAIJI_WATCH_OK);
    kaiji_watch_state_free(&s);
    cr_expect_eq(submissions(), 1);
    kaiji_watch_free(w);
}

Test(watch, its_thread_looks_by_itself_and_stops_when_freed)
{
    kaiji_watch_options wo;
    kaiji_watch *w = NULL;
    kaiji_watch_options_init(&wo);
    wo.dir = dir;
    wo.db_path = db;
    wo.catalogs = cats;
    wo.interval_ms = 50;
    cr_assert_eq(kaiji_watch_new(&w, &wo), KAIJI_OK);
    cr_assert_eq(kaiji_watch_start(w), KAIJI_OK);
    drop(SAMPLE, "mds.xlsx");
    /* Waits for the event, not for a time: at most the suite's timeout. */
    while (submissions() < 1)
        usleep(20000);
    unsigned long looks = kaiji_watch_looks(w);
    while (kaiji_watch_looks(w) < looks + 2)
        usleep(20000);
    cr_expect_eq(submissions(), 1);
    kaiji_watch_free(w);
}

Test(watch, the_store_in_the_watched_folder_is_never_taken_in)
{
    ts_sqlite_only(&env, "only an SQLite store is a file that can lie in the watched folder");
    kaiji_watch_options wo;
    kaiji_watch *w = NULL;
    kaiji_watch_options_init(&wo);
    char top[600];
    snprintf(top, sizeof top, "%s", t_tmpdir()); /* where kaiji.db is */
    wo.dir = top; /* it holds kaiji.db, which each look writes */
    wo.db_path = db;
    wo.catalogs = cats;
    cr_assert_eq(kaiji_watch_new(&w, &wo), KAIJI_OK);
    snprintf(dir, sizeof dir, "%s", top);
    drop(SAMPLE, "mds.xlsx");
    for (int i = 0; i < 5; i++)
        poll(w);
    kaiji_watch_state s;
    cr_assert(kaiji_watch_state_get(&s, w));
    cr_expect_eq(s.recent_count, 1, "%zu events, the first %s", s.recent_count,
                 s.recent_count ? s.recent[0].name : "");
    for (size_t i = 0; i < s.recent_count; i++)
        cr_expect_null(strstr(s.recent[i].name, "kaiji.db"), "the store was taken in");
    kaiji_watch_state_free(&s);
    cr_expect_eq(count("SELECT count(*) FROM watch_seen WHERE path LIKE 'kaiji.db%'"), 0);
    kaiji_watch_free(w);
}
