/*
 * tests/test_store.c - the store's file: created private, WAL, schema and
 * migrations, refusal of foreign or newer files, mails and fetch state, and
 * what two processes or a killed one do to it.
 */
#include <criterion/criterion.h>
#include <libintl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "report/words.h"
#include "store/edit.h"
#include "store/internal.h"
#include "tests/support/store.h"
#include "tests/support/support.h"
#include "text/text.h"

static const char *register_csv =
    "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
    "C-001,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n"
    "C-002,サンプル医療情報㈱,b@example.jp,画像クラウド,クラウド,有,2026/12/31\n";

Test(store_file, a_new_store_is_created_private_whatever_the_umask)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a file's mode");
    mode_t old = umask(0);
    kaiji_store *st = ts_open(&e);
    umask(old);
    struct stat sb;
    cr_assert_eq(stat(e.db, &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0600, "mode %o", (unsigned)(sb.st_mode & 0777));
    kaiji_store_free(st);
}

Test(store_file, a_new_store_has_the_current_schema_in_wal_mode)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_store *st = ts_open(&e);
    cr_expect_eq(kaiji_store_schema_version(st), KAIJI_STORE_SCHEMA_VERSION);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM migrations"), KAIJI_STORE_SCHEMA_VERSION);
    cr_expect_eq(ts_count(&e, "SELECT max(version) FROM migrations"), KAIJI_STORE_SCHEMA_VERSION);
    if (e.pg)
        return; /* PostgreSQL: the migrations table is the version; no journal mode */
    cr_expect_eq(ts_count(&e, "PRAGMA user_version"), KAIJI_STORE_SCHEMA_VERSION);
    char *mode = ts_text(&e, "PRAGMA journal_mode");
    cr_expect_str_eq(mode, "wal");
    free(mode);
}

Test(store_file, an_older_schema_is_migrated_and_keeps_its_data)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a PostgreSQL store begins at the version that brought PostgreSQL:"
                       " no older one exists to migrate");
    ts_import(&e, register_csv);
    /* Make it what schema version 1 wrote: no mails, no fetch state, no
     * refused links, no time received, no accounts or audit log, no files of
     * a watched folder, no vendor links, no hospital's checklist answers,
     * no sites. */
    ts_exec(&e, "DROP TABLE mail_contracts; DROP TABLE mails; DROP TABLE fetch_state;"
                "DROP TABLE refused_links; ALTER TABLE submissions DROP COLUMN received_at;"
                "DROP TABLE users; DROP TABLE audit_log; DROP TABLE watch_seen;"
                "DROP TABLE vendor_links; DROP TABLE checklist_header;"
                "DROP TABLE checklist_answers;"
                "DROP INDEX contracts_site; DROP INDEX submissions_site; DROP TABLE sites;"
                "ALTER TABLE contracts DROP COLUMN site_id; ALTER TABLE contracts DROP COLUMN version;"
                "ALTER TABLE contract_history DROP COLUMN site_id;"
                "ALTER TABLE submissions DROP COLUMN site_id; ALTER TABLE links DROP COLUMN site_id;"
                "DELETE FROM migrations WHERE version > 1; PRAGMA user_version = 1;");
    cr_assert_eq(ts_count(&e, "PRAGMA user_version"), 1);
    kaiji_store *st = ts_open(&e);
    cr_expect_eq(kaiji_store_schema_version(st), KAIJI_STORE_SCHEMA_VERSION);
    kaiji_contract_list *l = NULL;
    cr_assert_eq(kaiji_store_contracts(&l, st, false), KAIJI_OK);
    cr_expect_eq(l->count, 2);
    kaiji_contract_list_free(l);
    kaiji_mail_record rec = {.kind = "request", .vendor = "x", .method = "eml",
                             .date = {2026, 1, 5}};
    cr_expect_eq(kaiji_store_record_mail(st, &rec), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM migrations"), KAIJI_STORE_SCHEMA_VERSION);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM refused_links"), 0);
}

Test(store_file, a_store_from_a_newer_kaiji_is_refused)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_store_free(ts_open(&e));
    ts_exec(&e, e.pg ? "INSERT INTO migrations VALUES (99, 'from the future', '')"
                     : "PRAGMA user_version = 99");
    kaiji_store *st = NULL;
    char *err = NULL;
    cr_expect_eq(kaiji_store_open(&st, e.db, &err), KAIJI_ERROR_IO);
    cr_expect_null(st);
    cr_assert_not_null(err);
    cr_expect(strstr(err, "newer"), "%s", err);
    free(err);
}

Test(store_file, a_store_is_never_written_through_a_symbolic_link)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        ts_env e;
        ts_env_init(&e);
        ts_sqlite_only(&e, "a file and the files beside it");
        char target[4400], link[4400];
        snprintf(target, sizeof target, "%s/elsewhere", e.dir);
        t_spit(target, "keep", 4);
        snprintf(link, sizeof link, "%s%s", e.db, suffixes[i]);
        cr_assert_eq(symlink(target, link), 0);
        kaiji_store *st = NULL;
        char *err = NULL;
        cr_expect_eq(kaiji_store_open(&st, e.db, &err), KAIJI_ERROR_IO, "kaiji.db%s", suffixes[i]);
        cr_expect_null(st);
        cr_expect(err && strstr(err, "symbolic link"), "kaiji.db%s: %s", suffixes[i],
                  err ? err : "(none)");
        free(err);
        kaiji_store_free(st);
        char *text = t_slurp(target, NULL);
        cr_expect_str_eq(text, "keep");
        free(text);
        struct stat sb;
        cr_expect_eq(lstat(link, &sb), 0);
        cr_expect(S_ISLNK(sb.st_mode), "the link kaiji.db%s was replaced", suffixes[i]);
    }
}

Test(store_file, a_file_that_is_not_a_store_is_refused_without_harm)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a file that is not SQLite");
    ts_write(&e, "kaiji.db", "this is not SQLite at all, just a text file\n", 0);
    kaiji_store *st = NULL;
    char *err = NULL;
    cr_expect_neq(kaiji_store_open(&st, e.db, &err), KAIJI_OK);
    cr_expect_null(st);
    cr_expect_not_null(err);
    free(err);
    size_t len;
    char *text = t_slurp(e.db, &len);
    cr_expect_str_eq(text, "this is not SQLite at all, just a text file\n");
    free(text);
}

Test(store_file, another_programs_sqlite_database_is_refused_and_left_as_it_was)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "an SQLite file of another program");
    ts_exec(&e, "CREATE TABLE patients(id INTEGER PRIMARY KEY, name TEXT);"
                "INSERT INTO patients(name) VALUES ('山田')");
    size_t before_len, after_len;
    char *before = t_slurp(e.db, &before_len);
    kaiji_store *st = NULL;
    char *err = NULL;
    cr_expect_eq(kaiji_store_open(&st, e.db, &err), KAIJI_ERROR_IO);
    cr_expect_null(st);
    cr_expect(err && strstr(err, "another program"), "%s", err ? err : "(none)");
    free(err);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "status", &out), 3);
    cr_expect(out && strstr(out, "another program"), "%s", out ? out : "");
    free(out);
    char *after = t_slurp(e.db, &after_len);
    cr_assert(before && after);
    cr_expect(before_len == after_len && memcmp(before, after, before_len) == 0,
              "the other program's database was changed (%zu bytes, then %zu)", before_len,
              after_len);
    free(before);
    free(after);
}

/* A folder given as the store is said to be a folder, and the reason a
 * store does not open is said once (not "cannot open the store: X: cannot
 * open the store: ..."). */
Test(store_file, a_folder_given_as_the_store_is_said_to_be_one_and_each_reason_once)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a folder or a file given as the store");
    char *out = NULL, args[9000];
    snprintf(args, sizeof args, "status --db '%s'", e.dir);
    cr_expect_eq(ts_kaiji(&e, args, &out), 3, "%s", out);
    cr_expect(out && strstr(out, "is a folder, not a store"), "%s", out);
    free(out);
    ts_write(&e, "notes.db", "a text file, not SQLite at all", 0);
    cr_expect_eq(ts_kaiji(&e, "status --db notes.db", &out), 3, "%s", out);
    const char *first = out ? strstr(out, "cannot open the store") : NULL;
    cr_expect(first && !strstr(first + 1, "cannot open the store"), "said twice: %s", out);
    free(out);
}

Test(store_file, the_cli_says_where_the_store_is_from_db_or_kaiji_db)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "the store's file by KAIJI_DB or ./kaiji.db");
    char cmd[9000];
    ts_write(&e, "register.csv", "契約番号,事業者名,契約種別\nC-001,株式会社メディカルA,保守\n", 0);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && KAIJI_DB='%s/env.db' '%s' register import register.csv >/dev/null 2>&1",
             e.dir, e.dir, t_build("kaiji"));
    cr_expect_eq(t_run(cmd, NULL), 0);
    char path[4400];
    snprintf(path, sizeof path, "%s/env.db", e.dir);
    struct stat sb;
    cr_expect_eq(stat(path, &sb), 0, "KAIJI_DB was not used");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' register import register.csv >/dev/null 2>&1",
             e.dir, t_build("kaiji"));
    cr_expect_eq(t_run(cmd, NULL), 0);
    snprintf(path, sizeof path, "%s/kaiji.db", e.dir);
    cr_expect_eq(stat(path, &sb), 0, "./kaiji.db is the default");
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && LC_ALL=C.UTF-8 LANGUAGE= '%s' status --format csv 2>&1",
             e.dir, t_build("kaiji"));
    cr_expect_eq(t_run(cmd, &out), 1);
    cr_expect(out && strstr(out, "C-001"), "status did not read ./kaiji.db: %s", out ? out : "");
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --as-of 2026-02-30", NULL), 2);
    cr_expect_eq(ts_kaiji(&e, "status --format yaml", NULL), 2);
}

Test(store_file, a_command_that_only_reads_the_store_leaves_no_store_file_behind)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "the store's file in the folder the command runs in");
    static const struct {
        const char *args;
        int status;
    } runs[] = {
        {"status", 0},
        {"status --format json", 0},
        {"status --owing", 0},
        {"remind --dry-run", 0},
        {"fetch", 0},
        {"link mds.xlsx C-001", 1},
        {"checklist draft -o draft.xlsx", 0},
        {"user list", 0},
        {"store backup copy.db", 2},
        {"store copy --from nowhere.db --to copy.db", 2},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char cmd[9000], *out = NULL;
        snprintf(cmd, sizeof cmd, "cd '%s' && LC_ALL=C.UTF-8 LANGUAGE= '%s' %s 2>&1", e.dir,
                 t_build("kaiji"), runs[i].args);
        cr_expect_eq(t_run(cmd, &out), runs[i].status, "%s: %s", runs[i].args, out ? out : "");
        struct stat sb;
        const char *left[] = {"kaiji.db", "copy.db", "nowhere.db"};
        for (size_t j = 0; j < sizeof left / sizeof left[0]; j++) {
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", e.dir, left[j]);
            cr_expect_neq(stat(path, &sb), 0, "%s left %s behind", runs[i].args, left[j]);
        }
        cr_expect(out && (strstr(out, "kaiji.db") || strstr(out, "nowhere.db")),
                  "%s does not name the store it did not find: %s", runs[i].args,
                  out ? out : "");
        free(out);
    }
}

Test(store_mails, the_last_mail_to_a_vendor_is_found_by_its_name_however_written)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_store *st = ts_open(&e);
    kaiji_date d;
    cr_expect_eq(kaiji_store_last_mail(&d, st, "株式会社メディカルA", NULL), KAIJI_ERROR_NOT_FOUND);
    const char *ids[] = {"C-001", "C-003"};
    kaiji_mail_record a = {.kind = "request", .vendor = "株式会社メディカルA",
                           .email = "a@example.jp", .contract_ids = ids, .contract_count = 2,
                           .date = {2026, 9, 1}, .method = "eml", .file = "out/a.eml"};
    kaiji_mail_record b = a;
    b.kind = "reminder";
    b.date = (kaiji_date){2026, 10, 15};
    b.method = "smtp";
    b.message_id = "<1@kaiji>";
    cr_assert_eq(kaiji_store_record_mail(st, &a), KAIJI_OK);
    cr_assert_eq(kaiji_store_record_mail(st, &b), KAIJI_OK);
    cr_assert_eq(kaiji_store_last_mail(&d, st, "ﾒﾃﾞｨｶﾙＡ㈱", NULL), KAIJI_OK);
    cr_expect_eq(d.year * 10000 + d.month * 100 + d.day, 20261015);
    cr_assert_eq(kaiji_store_last_mail(&d, st, "(株)メディカルA", "eml"), KAIJI_OK);
    cr_expect_eq(d.year * 10000 + d.month * 100 + d.day, 20260901);
    cr_expect_eq(kaiji_store_last_mail(&d, st, "Other Inc.", NULL), KAIJI_ERROR_NOT_FOUND);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM mail_contracts"), 4);
}

Test(store_fetch, fetch_state_is_kept_per_contract)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_store *st = ts_open(&e);
    kaiji_fetch_state *fs = NULL;
    cr_expect_eq(kaiji_store_fetch_state_get(&fs, st, "C-001"), KAIJI_ERROR_NOT_FOUND);
    cr_expect_null(fs);
    kaiji_fetch_state in = {.url = "https://v.example/mds.xlsx", .etag = "\"abc\"",
                            .last_modified = "Wed, 21 Oct 2026 07:28:00 GMT",
                            .sha256 = "00ff"};
    cr_assert_eq(kaiji_store_fetch_state_set(st, "C-001", &in), KAIJI_OK);
    in.etag = "\"def\"";
    cr_assert_eq(kaiji_store_fetch_state_set(st, "C-001", &in), KAIJI_OK);
    cr_assert_eq(kaiji_store_fetch_state_get(&fs, st, "C-001"), KAIJI_OK);
    cr_expect_str_eq(fs->url, "https://v.example/mds.xlsx");
    cr_expect_str_eq(fs->etag, "\"def\"");
    cr_expect_str_eq(fs->last_modified, "Wed, 21 Oct 2026 07:28:00 GMT");
    cr_expect_str_eq(fs->sha256, "00ff");
    cr_expect_eq(strlen(fs->fetched_at), 20, "%s", fs->fetched_at);
    kaiji_fetch_state_free(fs);
    kaiji_store_free(st);
}

Test(store_names, company_forms_and_widths_do_not_matter)
{
    static const char *const cases[][2] = {
        {"株式会社メディカルA", "メディカルA株式会社"},
        {"株式会社メディカルA", "㈱メディカルA"},
        {"株式会社メディカルA", "(株)メディカルA"},
        {"株式会社メディカルA", "（株）メディカルＡ"},
        {"株式会社メディカルA", "ﾒﾃﾞｨｶﾙa"},
        {"有限会社テスト", "テスト(有)"},
        {"Example Imaging Inc.", "EXAMPLE IMAGING, INC."},
        {"Example Imaging Co., Ltd.", "example imaging"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *ka = NULL, *kb = NULL;
        cr_assert_eq(kaiji_store_name_key(&ka, cases[i][0]), KAIJI_OK);
        cr_assert_eq(kaiji_store_name_key(&kb, cases[i][1]), KAIJI_OK);
        cr_expect_str_eq(ka, kb, "%s / %s", cases[i][0], cases[i][1]);
        free(ka);
        free(kb);
    }
}

Test(store_names, different_vendors_keep_different_keys)
{
    char *ka = NULL, *kb = NULL;
    cr_assert_eq(kaiji_store_name_key(&ka, "株式会社メディカルA"), KAIJI_OK);
    cr_assert_eq(kaiji_store_name_key(&kb, "株式会社メディカルB"), KAIJI_OK);
    cr_expect_str_neq(ka, kb);
    free(ka);
    free(kb);
}

Test(store_names, a_company_form_is_cut_only_as_a_whole_word)
{
    /* Pairs that are two companies: a form's letters inside a word stay. */
    static const char *const apart[][2] = {
        {"Corpus Medical", "us Medical"},
        {"Incus Imaging", "us Imaging"},
        {"Abcorp", "Ab"},
        {"Medical Coltd", "Medical Co"},
        {"Zinc", "Z"},
    };
    for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++) {
        char *ka = NULL, *kb = NULL;
        cr_assert_eq(kaiji_store_name_key(&ka, apart[i][0]), KAIJI_OK);
        cr_assert_eq(kaiji_store_name_key(&kb, apart[i][1]), KAIJI_OK);
        cr_expect_str_neq(ka, kb, "%s / %s share the key %s", apart[i][0], apart[i][1], ka);
        free(ka);
        free(kb);
    }
    /* Pairs that are one company: whole-word forms go, before or after,
     * however they are spaced, and Japanese forms need no space. */
    static const char *const together[][2] = {
        {"Corpus Medical Corp.", "corpus medical"},
        {"Corp. Medical", "Medical Corp"},
        {"Example Imaging Co., Ltd.", "EXAMPLE IMAGING CO.,LTD."},
        {"Example Imaging Company Limited", "Example Imaging"},
        {"株式会社コーパス", "コーパス㈱"},
        {"Medica株式会社", "medica"},
    };
    for (size_t i = 0; i < sizeof together / sizeof together[0]; i++) {
        char *ka = NULL, *kb = NULL;
        cr_assert_eq(kaiji_store_name_key(&ka, together[i][0]), KAIJI_OK);
        cr_assert_eq(kaiji_store_name_key(&kb, together[i][1]), KAIJI_OK);
        cr_expect_str_eq(ka, kb, "%s / %s", together[i][0], together[i][1]);
        free(ka);
        free(kb);
    }
}

/* true when SQLite finds the store file sound (PostgreSQL keeps its own:
 * true). */
static bool integrity_ok(const ts_env *e)
{
    if (e->pg)
        return true;
    char *v = ts_text(e, "PRAGMA integrity_check");
    bool ok = v && strcmp(v, "ok") == 0;
    free(v);
    return ok;
}

/* Writes n submissions named prefix-i.json, each a distinct valid MDS. */
static void write_docs(const ts_env *e, const char *folder, int n)
{
    char *base = ts_doc("mds-sds/mds-5.0-good.xlsx", "株式会社メディカルA", "電子カルテ X", "C-001");
    for (int i = 0; i < n; i++) {
        char name[256], *doc = malloc(strlen(base) + 64);
        cr_assert_not_null(doc);
        /* A distinct contact makes distinct bytes. */
        snprintf(doc, strlen(base) + 64, "%s", base);
        char *p = strstr(doc, "\"contract\"");
        cr_assert_not_null(p);
        char *cut = strdup(p);
        snprintf(p, strlen(base) + 64 - (size_t)(p - doc), "\"contact\": {\"text\": \"%s-%d\"}, %s",
                 folder, i, cut);
        free(cut);
        snprintf(name, sizeof name, "%s/doc-%d.json", folder, i);
        ts_write(e, name, doc, 0);
        free(doc);
    }
    free(base);
}

/* Starts "kaiji ingest FOLDER" with env in the background; stderr to errfile. */
static pid_t spawn_ingest(const ts_env *e, const char *env, const char *folder,
                          const char *errfile)
{
    char cmd[16000];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s exec '%s' ingest --db '%s' '%s' >/dev/null 2>'%s'",
             e->dir, env, t_build("kaiji-test"), e->db, folder, errfile);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* The hooks above are compiled into build/kaiji-test only: the command that
 * is installed neither reads their variables nor holds their names. */
Test(store_crash, the_installed_command_has_no_test_hooks)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "a", 1);
    cr_assert_eq(setenv("KAIJI_TEST_PAUSE_INGEST", "1", 1), 0);
    cr_assert_eq(setenv("KAIJI_TEST_INGEST_READ_GATE", "/nonexistent/gate", 1), 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest a", &out), 0, "%s", out);
    cr_expect(out && !strstr(out, "pausing") && !strstr(out, "waiting while"), "%s", out);
    free(out);
    size_t len = 0;
    char *bin = t_slurp(t_build("kaiji"), &len);
    bool named = false;
    for (size_t i = 0; i + 11 <= len && !named; i++)
        named = memcmp(bin + i, "KAIJI_TEST_", 11) == 0;
    cr_expect_not(named, "build/kaiji names a test hook");
    free(bin);
}

Test(store_crash, a_process_killed_in_the_middle_of_an_ingest_leaves_the_store_as_it_was,
     .timeout = 60)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "first", 1);
    cr_assert_eq(ts_kaiji(&e, "ingest first", NULL), 0);
    write_docs(&e, "second", 3);
    long long before = ts_count(&e, "SELECT count(*) FROM submissions");
    cr_assert_eq(before, 1);

    char errfile[4400];
    snprintf(errfile, sizeof errfile, "%s/err.txt", e.dir);
    pid_t pid = spawn_ingest(&e, "KAIJI_TEST_PAUSE_INGEST=30", "second", errfile);
    bool paused = false;
    for (int i = 0; i < 400 && !paused; i++) {
        FILE *f = fopen(errfile, "r");
        char buf[512] = "";
        if (f) {
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = '\0';
            fclose(f);
        }
        paused = strstr(buf, "pausing") != NULL;
        if (!paused)
            usleep(50000);
    }
    cr_assert(paused, "the ingest never reached its pause");
    cr_assert_eq(kill(pid, SIGKILL), 0);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFSIGNALED(status));

    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), before);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 1);
    cr_expect(integrity_ok(&e), "the store is damaged");
    kaiji_store *st = ts_open(&e);
    cr_expect_eq(kaiji_store_schema_version(st), KAIJI_STORE_SCHEMA_VERSION);
    kaiji_store_free(st);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest second", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), before + 3);
}

Test(store_concurrency, two_ingests_at_once_both_land)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "a", 3);
    write_docs(&e, "b", 3);
    char ea[4400], eb[4400];
    snprintf(ea, sizeof ea, "%s/a.err", e.dir);
    snprintf(eb, sizeof eb, "%s/b.err", e.dir);
    /* Each holds the write lock a second; the other waits for it. */
    pid_t a = spawn_ingest(&e, "KAIJI_TEST_PAUSE_INGEST=1", "a", ea);
    pid_t b = spawn_ingest(&e, "KAIJI_TEST_PAUSE_INGEST=1", "b", eb);
    int sa, sb;
    cr_assert_eq(waitpid(a, &sa, 0), a);
    cr_assert_eq(waitpid(b, &sb, 0), b);
    char *ta = t_slurp(ea, NULL), *tb = t_slurp(eb, NULL);
    cr_expect(WIFEXITED(sa) && WEXITSTATUS(sa) == 0, "first: %s", ta);
    cr_expect(WIFEXITED(sb) && WEXITSTATUS(sb) == 0, "second: %s", tb);
    free(ta);
    free(tb);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 6);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 6);
}

Test(store_concurrency, four_ingests_of_the_same_files_at_once_record_each_file_once,
     .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "same", 4);
    pid_t pids[4];
    char errs[4][4400];
    for (int i = 0; i < 4; i++) {
        snprintf(errs[i], sizeof errs[i], "%s/%d.err", e.dir, i);
        pids[i] = spawn_ingest(&e, "true;", "same", errs[i]);
    }
    for (int i = 0; i < 4; i++) {
        int st;
        cr_assert_eq(waitpid(pids[i], &st, 0), pids[i]);
        char *t = t_slurp(errs[i], NULL);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ingest %d: %s", i, t);
        free(t);
    }
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 4);
    cr_expect_eq(ts_count(&e, "SELECT count(DISTINCT sha256) FROM submissions"), 4);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 4);
}

Test(store_edit, a_contract_saved_in_two_places_refuses_the_second_save_showing_the_first)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    /* Two people (two connections) open C-001 within the same second. */
    kaiji_store *one = ts_open(&e), *two = ts_open(&e);
    kaiji_contract *mine = NULL, *theirs = NULL, *now = NULL;
    char stamp1[KAIJI_CONTRACT_STAMP_SIZE], stamp2[KAIJI_CONTRACT_STAMP_SIZE];
    cr_assert_eq(kaiji_store_contract_get(&mine, stamp1, one, "C-001"), KAIJI_OK);
    cr_assert_eq(kaiji_store_contract_get(&theirs, stamp2, two, "C-001"), KAIJI_OK);
    cr_expect_str_eq(stamp1, stamp2);
    long long opened = mine->version;

    kaiji_change_list *ch = NULL;
    bool conflict = true;
    mine->due = (kaiji_date){2027, 1, 31};
    cr_assert_eq(kaiji_store_begin(one), KAIJI_OK);
    cr_assert_eq(kaiji_store_contract_edit(&ch, &conflict, &now, one, mine, stamp1), KAIJI_OK,
                 "%s", kaiji_store_errmsg(one));
    cr_assert_eq(kaiji_store_commit(one), KAIJI_OK);
    cr_expect_not(conflict);
    kaiji_change_list_free(ch);

    free(theirs->email);
    theirs->email = strdup("other@example.jp");
    cr_assert_eq(kaiji_store_begin(two), KAIJI_OK);
    cr_assert_eq(kaiji_store_contract_edit(&ch, &conflict, &now, two, theirs, stamp2), KAIJI_OK);
    cr_assert_eq(kaiji_store_commit(two), KAIJI_OK);
    cr_expect(conflict, "the second save was not refused");
    cr_assert_not_null(now);
    cr_expect_eq(now->due.year * 10000 + now->due.month * 100 + now->due.day, 20270131,
                 "the other's change is not shown");
    cr_expect_str_eq(now->email, "a@example.jp");
    cr_expect_eq(now->version, opened + 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE email = 'other@example.jp'"),
                 0);
    kaiji_contract_free(now);
    kaiji_contract_free(mine);
    kaiji_contract_free(theirs);
    kaiji_store_free(one);
    kaiji_store_free(two);
}

/* Waits until the file at path holds needle (at most 20 s); true when it does. */
static bool wait_for_text(const char *path, const char *needle)
{
    for (int i = 0; i < 400; i++) {
        FILE *f = fopen(path, "r");
        char buf[1024] = "";
        if (f) {
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            buf[n] = '\0';
            fclose(f);
        }
        if (strstr(buf, needle))
            return true;
        usleep(50000);
    }
    return false;
}

/* An ingest reads and validates its files before it takes the write lock:
 * while it reads (held there by a test hook until the gate file is gone), a
 * remind records its mails and a status reads the store, neither waiting for
 * it; then the ingest records all its files at once. */
Test(store_concurrency, a_remind_and_a_status_complete_while_an_ingest_is_reading,
     .timeout = 300)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "a", 3);
    char errfile[4400], gate[4400], env[4500];
    snprintf(errfile, sizeof errfile, "%s/a.err", e.dir);
    snprintf(gate, sizeof gate, "%s/gate", e.dir);
    ts_write(&e, "gate", "", 0);
    snprintf(env, sizeof env, "KAIJI_TEST_INGEST_READ_GATE='%s'", gate);
    pid_t pid = spawn_ingest(&e, env, "a", errfile);
    cr_assert(wait_for_text(errfile, "waiting while"), "the ingest never reached its gate");

    char *out = NULL;
    int rc = ts_kaiji(&e, "remind --as-of 2026-11-26", &out);
    cr_expect_eq(rc, 0, "remind waited for the ingest and failed (%d): %s", rc, out);
    cr_expect(out && strstr(out, "2 written, 0 skipped, 0 failed"), "%s", out);
    free(out);
    rc = ts_kaiji(&e, "status --as-of 2026-11-26", &out);
    cr_expect(rc == 0 || rc == 1, "status waited for the ingest and failed (%d): %s", rc, out);
    free(out);
    int status;
    cr_expect_eq(waitpid(pid, &status, WNOHANG), 0, "the ingest did not wait at its gate");

    cr_assert_eq(unlink(gate), 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    char *err = t_slurp(errfile, NULL);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the ingest: %s", err);
    free(err);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM mails"), 2);
}

/* Two ingests of the same files: the second reads them while the first has
 * not recorded them yet, and records them after it.  Its transaction looks
 * them up again by SHA-256 and finds them: duplicates, nothing recorded
 * twice, no error. */
Test(store_concurrency, files_another_ingest_recorded_while_one_was_reading_are_duplicates,
     .timeout = 300)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, register_csv);
    write_docs(&e, "a", 3);
    char errfile[4400], gate[4400], env[4500];
    snprintf(errfile, sizeof errfile, "%s/a.err", e.dir);
    snprintf(gate, sizeof gate, "%s/gate", e.dir);
    ts_write(&e, "gate", "", 0);
    snprintf(env, sizeof env, "KAIJI_TEST_INGEST_READ_GATE='%s'", gate);
    pid_t pid = spawn_ingest(&e, env, "a", errfile);
    cr_assert(wait_for_text(errfile, "waiting while"), "the ingest never reached its gate");

    char *out = NULL;
    int rc = ts_kaiji(&e, "ingest a", &out);
    cr_expect_eq(rc, 0, "the second ingest (%d): %s", rc, out);
    cr_expect(out && strstr(out, "3 files: 3 recorded, 0 already there"), "%s", out);
    free(out);

    cr_assert_eq(unlink(gate), 0);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    char *err = t_slurp(errfile, NULL);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the first ingest: %s", err);
    free(err);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 3);
}

/* ------------------------------------------------------------------ sites */

/* An SQLite store holds its one hospital: store site add is refused there
 * (exit 2, pointing at PostgreSQL), as its help says, and adds no site
 * that no command could then work on ("an SQLite store holds one site"),
 * nor makes the store's file where there was none. */
Test(store_sites, an_sqlite_store_is_given_no_second_site)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a PostgreSQL store holds a group's sites");
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "store site add 病院A", &out), 2, "%s", out);
    cr_expect(out && strstr(out, "PostgreSQL"), "%s", out);
    free(out);
    cr_expect_not(ts_store_written(&e), "a store file was made for a site not added");

    kaiji_store *st = ts_open(&e);
    cr_expect_eq(kaiji_store_site_add(NULL, st, "病院A", NULL), KAIJI_ERROR_INVALID);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM sites"), 1, "a second site was added");
}

/* ----------------------------------------------------------- copy, backup */

/* Runs "build/kaiji ARGS" in e's folder (no KAIJI_DB); the exit status. */
static int kaiji_plain(const ts_env *e, const char *args, char **out)
{
    char cmd[16000];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", e->dir, t_build("kaiji"), args);
    return t_run(cmd, out);
}

Test(store_copy, a_hospital_copied_into_the_store_and_back_keeps_every_row, .timeout = 120)
{
    ts_env e, src;
    ts_env_init(&e);
    /* The hospital's own SQLite file, with contracts, submissions and links. */
    src = e;
    src.pg = false;
    snprintf(src.db, sizeof src.db, "%s/hospital.db", e.dir);
    ts_import(&src, register_csv);
    write_docs(&src, "in", 3);
    cr_assert_eq(ts_kaiji(&src, "ingest in", NULL), 0);
    char *before = NULL, *after = NULL, *out = NULL, args[9000];
    ts_kaiji(&src, "status --as-of 2026-12-01 --format json", &before);

    /* Into the store under test (as the site 病院A on PostgreSQL) ... */
    snprintf(args, sizeof args, "store copy --from hospital.db --to '%s' --site 病院A", e.db);
    cr_assert_eq(kaiji_plain(&e, args, &out), 0, "%s", out);
    cr_expect(strstr(out, "copied and verified"), "%s", out);
    free(out);
    ts_env all;
    ts_env_all_sites(&all, &e);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM submissions"), 3);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM links"), 3);
    /* ... never twice into one site ... */
    cr_expect_eq(kaiji_plain(&e, args, &out), 3, "%s", out);
    free(out);
    /* ... and out again into a new file: the same status. */
    snprintf(args, sizeof args, "store copy --from '%s' --site 病院A --to back.db", e.db);
    cr_assert_eq(kaiji_plain(&e, args, &out), 0, "%s", out);
    free(out);
    ts_env back = src;
    snprintf(back.db, sizeof back.db, "%s/back.db", e.dir);
    ts_kaiji(&back, "status --as-of 2026-12-01 --format json", &after);
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
}

/* The tables that hold no site's rows: the schema's own steps and the sites
 * themselves (a copy makes its site on the target: kaiji store copy --site).
 * Every other table is a site's data, has site_id, and is copied. */
static const char *const not_a_sites[] = {"migrations", "sites", NULL};

static bool in_list(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

/* The schema's tables on this engine and the CREATE TABLE of every step in
 * store/store.c's migrations: each is copied, or named above as no site's. */
Test(store_copy, every_table_that_holds_a_sites_rows_is_copied)
{
    ts_env e, to;
    ts_env_init(&e);
    kaiji_store_free(ts_open(&e)); /* the schema, every step */
    to = e;
    to.pg = false;
    snprintf(to.db, sizeof to.db, "%s/empty-copy.db", e.dir);
    kaiji_store *from = ts_open(&e), *dst = ts_open(&to);
    kaiji_store_copy_report rep;
    cr_assert_eq(kaiji_store_copy(&rep, from, dst), KAIJI_OK, "%s", kaiji_store_errmsg(from));
    kaiji_store_free(from);
    kaiji_store_free(dst);
    const char *copied[KAIJI_STORE_COPY_TABLES + 1] = {NULL};
    for (size_t i = 0; i < rep.count; i++)
        copied[i] = rep.tables[i].table;
    cr_expect_eq(rep.count, KAIJI_STORE_COPY_TABLES);

    char **site = ts_tables(&e, "site_id"), **all = ts_tables(&e, NULL);
    for (size_t i = 0; site[i]; i++)
        cr_expect(in_list(copied, site[i]),
                  "%s holds a site's rows, and store/copy.c does not copy it", site[i]);
    for (size_t i = 0; all[i]; i++)
        cr_expect(in_list((const char *const *)site, all[i]) || in_list(not_a_sites, all[i]),
                  "%s has no site_id: a site's table needs one (and a row-level policy on"
                  " PostgreSQL), or is named in not_a_sites", all[i]);
    for (size_t i = 0; copied[i]; i++)
        cr_expect(in_list((const char *const *)site, copied[i]),
                  "store/copy.c copies %s, which has no site_id here", copied[i]);

    /* The source, for a step whose table this engine would not show. */
    char *src = t_slurp(t_src("store/store.c"), NULL);
    size_t tables = 0;
    for (const char *p = src; (p = strstr(p, "CREATE TABLE ")); tables++) {
        p += strlen("CREATE TABLE ");
        char name[64];
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
        cr_assert(n > 0 && n < sizeof name);
        memcpy(name, p, n);
        name[n] = '\0';
        cr_expect(in_list(copied, name) || in_list(not_a_sites, name),
                  "store/store.c creates %s, which store/copy.c does not copy", name);
        cr_expect(in_list((const char *const *)all, name), "%s is not in the schema", name);
    }
    cr_expect_geq(tables, KAIJI_STORE_COPY_TABLES + 2, "store/store.c read wrong");
    free(src);
    ts_strv_free(site);
    ts_strv_free(all);
}

/* A file name the watched folder took in as raw bytes (開示書 in CP932: an
 * older SQLite store's). */
static const char raw_watch_name[] =
    "INSERT INTO watch_seen(path, size, mtime, sha256, seen_at) VALUES"
    "  (CAST(X'696E626F782F8A4A8EA68F912E786C7378' AS TEXT), 1234, 1764100000, 'cd34',"
    "  '2026-11-26T09:00:00Z')";

/* The lines of kaiji store copy's report that give a table (its count and
 * hash), one a line, malloc'd. */
static char *table_lines(const char *out)
{
    char *lines = calloc(1, strlen(out) + 1);
    cr_assert_not_null(lines);
    for (const char *p = out; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (strncmp(p, "  ", 2) == 0)
            strncat(lines, p, n);
        p += n;
    }
    return lines;
}

Test(store_copy, every_table_goes_in_and_out_with_the_same_counts_and_hashes, .timeout = 120)
{
    ts_env e, src;
    ts_env_init(&e);
    src = e;
    src.pg = false;
    snprintf(src.db, sizeof src.db, "%s/hospital.db", e.dir);
    ts_import(&src, register_csv);
    write_docs(&src, "in", 2);
    cr_assert_eq(ts_kaiji(&src, "ingest in", NULL), 0);
    ts_fill_site(&src);
    ts_exec(&src, raw_watch_name);

    char *in = NULL, *out = NULL, args[9000];
    snprintf(args, sizeof args, "store copy --from hospital.db --to '%s' --site 病院A", e.db);
    cr_assert_eq(kaiji_plain(&e, args, &in), 0, "%s", in);
    snprintf(args, sizeof args, "store copy --from '%s' --site 病院A --to back.db", e.db);
    cr_assert_eq(kaiji_plain(&e, args, &out), 0, "%s", out);
    char *a = table_lines(in), *b = table_lines(out);
    cr_expect_str_eq(a, b, "in and out differ");

    /* Every table of a site, each with rows, said in words. */
    char **site = ts_tables(&e, "site_id");
    for (size_t i = 0; site[i]; i++) {
        char want[128];
        snprintf(want, sizeof want, "  %s ", kaiji_word_store_table(site[i]));
        const char *line = strstr(a, want);
        cr_expect_not_null(line, "%s is not copied: %s", site[i], in);
        if (line)
            cr_expect_gt(atoll(line + strlen(want)), 0, "%s: no rows copied: %s", site[i], in);
    }
    ts_strv_free(site);
    free(a);
    free(b);
    free(in);
    free(out);

    /* Where the store holds UTF-8 only, the raw name in kaiji's shown form. */
    ts_env all, back = src;
    ts_env_all_sites(&all, &e);
    snprintf(back.db, sizeof back.db, "%s/back.db", e.dir);
    static const char shown[] =
        "SELECT count(*) FROM watch_seen WHERE path = 'inbox/\\x8AJ\\x8E\\xA6\\x8F\\x91.xlsx'";
    cr_expect_eq(ts_count(&all, shown), 1);
    cr_expect_eq(ts_count(&back, shown), 1);
    cr_expect_eq(ts_count(&back, "SELECT count(*) FROM checklist_answers WHERE item = '1-2'"
                                 " AND target_date = '2027-03-31' AND position = 1"), 1);
    cr_expect_eq(ts_count(&back, "SELECT files FROM vendor_links WHERE contract_id = 'C-001'"), 2);
}

/* A Japanese user reads the tables copied in Japanese words (契約の履歴,
 * 提出書類 …), not the store's names for them (contract_history,
 * submissions); each word stands in its own column. */
Test(store_copy, the_tables_copied_are_said_in_japanese_words_under_ja_JP)
{
    t_require_locale("ja_JP.UTF-8");
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "both stores files here");
    ts_import(&e, register_csv);
    char *out = NULL, cmd[9000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8 '%s' store copy --from '%s' --to"
             " copy.db 2>&1",
             e.dir, t_build("kaiji"), e.db);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    static const char *const words[] = {"  契約 ", "  契約の履歴 ", "  提出書類 ",
                                        "  操作の記録 ", "  事業者用の提出リンク ",
                                        "写して確かめました"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        cr_expect(strstr(out, words[i]), "no %s in:\n%s", words[i], out);
    static const char *const codes[] = {"contracts", "contract_history", "submissions",
                                        "audit_log", "vendor_links", "watch_seen"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        cr_expect_not(strstr(out, codes[i]), "%s is said in English:\n%s", codes[i], out);
    /* the counts in one column: each line as wide up to them */
    size_t width = 0;
    for (const char *p = out; *p && strncmp(p, "  ", 2) == 0;) {
        const char *sha = strstr(p, "  sha256");
        cr_assert_not_null(sha);
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(sha - p), p);
        size_t cols = kaiji_text_columns(line);
        if (width == 0)
            width = cols;
        cr_expect_eq(cols, width, "a count out of its column: %s", line);
        p = strchr(p, '\n');
        p = p ? p + 1 : "";
    }
    cr_expect_gt(width, 0, "no table listed:\n%s", out);
    free(out);
}

/* Every table kaiji_store_copy reports has a word of its own for a Japanese
 * reader (report/words.c keeps its own list of the tables): a table added to
 * store/copy.c without a word would be shown by its code. */
Test(store_copy, every_table_copied_has_a_word_other_than_its_code_under_ja_JP)
{
    t_require_locale("ja_JP.UTF-8");
    unsetenv("LANGUAGE");
    cr_assert_not_null(setlocale(LC_ALL, "ja_JP.UTF-8"));
    cr_assert_not_null(bindtextdomain("kaiji", t_build("locale")));
    bind_textdomain_codeset("kaiji", "UTF-8");
    ts_env e, to;
    ts_env_init(&e);
    to = e;
    to.pg = false;
    snprintf(to.db, sizeof to.db, "%s/words-copy.db", e.dir);
    kaiji_store *from = ts_open(&e), *dst = ts_open(&to);
    kaiji_store_copy_report rep;
    cr_assert_eq(kaiji_store_copy(&rep, from, dst), KAIJI_OK, "%s", kaiji_store_errmsg(from));
    kaiji_store_free(from);
    kaiji_store_free(dst);
    cr_assert_gt(rep.count, 0);
    for (size_t i = 0; i < rep.count; i++) {
        const char *word = kaiji_word_store_table(rep.tables[i].table);
        cr_expect_str_neq(word, rep.tables[i].table, "the table %s has no word of its own",
                          rep.tables[i].table);
    }
    /* and the words are read in Japanese here */
    cr_expect_str_eq(kaiji_word_store_table("contracts"), "契約");
}

Test(store_copy, a_backup_is_a_store_with_the_same_rows)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "the online backup is SQLite's; PostgreSQL's is pg_dump");
    ts_import(&e, register_csv);
    write_docs(&e, "in", 2);
    cr_assert_eq(ts_kaiji(&e, "ingest in", NULL), 0);
    char *out = NULL;
    cr_assert_eq(ts_kaiji(&e, "store backup copy.db", &out), 0, "%s", out);
    free(out);
    ts_env copy = e;
    snprintf(copy.db, sizeof copy.db, "%s/copy.db", e.dir);
    struct stat sb;
    cr_assert_eq(stat(copy.db, &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0600);
    cr_expect_eq(ts_count(&copy, "SELECT count(*) FROM submissions"), 2);
    cr_expect_eq(ts_count(&copy, "SELECT count(*) FROM contracts"), 2);
    /* Never over a file that is there. */
    cr_expect_eq(ts_kaiji(&e, "store backup copy.db", &out), 3, "%s", out);
    free(out);
}

Test(store_sites, a_store_of_one_hospital_lists_its_one_site_and_its_accounts_are_the_groups)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n");
    kaiji_store *st = ts_open(&e);
    kaiji_site_list *l = NULL;
    cr_assert_eq(kaiji_store_sites(&l, st), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(l->count, 1);
    cr_expect_eq(l->items[0].id, 1);
    cr_expect_str_eq(l->items[0].name, "");
    cr_expect_eq(l->items[0].contracts, 1);
    cr_expect_eq(l->items[0].submissions, 0);
    kaiji_site_list_free(l);
    cr_assert_eq(kaiji_store_user_put(st, "kanri", KAIJI_ROLE_ADMIN, "$argon2id$x"), KAIJI_OK);
    kaiji_user *u = NULL;
    cr_assert_eq(kaiji_store_user_get(&u, st, "kanri"), KAIJI_OK);
    cr_assert_not_null(u);
    cr_expect_eq(u->site, 1);
    cr_expect_str_eq(u->site_name, "");
    kaiji_user_free(u);
    cr_expect_eq(kaiji_store_site_use_id(st, 1), KAIJI_OK, "the store's own site");
    if (!e.pg)
        cr_expect_eq(kaiji_store_site_use_id(st, 2), KAIJI_ERROR_INVALID);
    kaiji_store_free(st);
}
