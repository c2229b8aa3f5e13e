/*
 * tests/test_folders.c - nothing silent (issue 12, point 1): every file under
 * a folder given to validate or ingest is read, listed as not read with the
 * reason and the next step, or skipped with a note; ZIP archives are opened
 * (plain, password-protected, one level of nesting), hostile ones refused;
 * a missing path or a run without a document is a usage error.
 */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "support/store.h"
#include "support/support.h"

#define AS_OF "2026-11-26"
#define PASSWORD "himitsu-2026"

/* A workbook and an exchange JSON that are valid as of AS_OF. */
static char *sample(const char *rel, size_t *len)
{
    return t_slurp(t_src(rel), len);
}

/* A ZIP of one member name holding data; encrypted with PASSWORD when
 * method is 1 (PKWARE) or 2 (AES). */
static unsigned char *zip_one(const char *name, const void *data, size_t len, int method,
                              size_t *out_len)
{
    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, name, data, len);
    if (method)
        t_xlsx_encrypt(z, name, PASSWORD, method == 2);
    return t_xlsx_bytes(z, out_len);
}

/*
 * A wrong password that PKWARE's check refuses for member name of the ZIP
 * zip (n bytes), into buf: the check is one byte of the member's header, so
 * a wrong password passes it one time in 256 (the member then fails to
 * inflate: "the password is wrong or the file is damaged"), and the header's
 * other bytes are random.  kaiji opens an encrypted member through libzip,
 * so the one libzip refuses is the one kaiji refuses.
 */
static void refused_password(char buf[32], const unsigned char *zip, size_t n, const char *name)
{
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t *src = zip_source_buffer_create(zip, n, 0, &e);
    cr_assert_not_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &e);
    if (!za)
        zip_source_free(src);
    cr_assert_not_null(za, "%s", zip_error_strerror(&e));
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, 32, "wrong%d", i);
        zip_file_t *f = zip_fopen_encrypted(za, name, 0, buf);
        if (f) {
            zip_fclose(f);
            continue;
        }
        if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_WRONGPASSWD) {
            zip_discard(za);
            zip_error_fini(&e);
            return;
        }
    }
    zip_discard(za);
    zip_error_fini(&e);
    cr_assert_fail("no wrong password of 1000 refused by the check");
}

/* Writes a file of dir. */
static void put(const char *dir, const char *name, const void *data, size_t len)
{
    char path[9000];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, data, len);
}

/*
 * The folder every test starts from: what a clerk saves from a week of
 * vendor mail.  Documents: mds.xlsx, sds.json, plain.zip!/inner.xlsx,
 * nested.zip!/plain.zip!/inner.xlsx, evil.zip!/../evil.xlsx,
 * bomb.zip!/big.xlsx, e.ods.  Not read: b.pdf, c.docx, d.png, notes.txt,
 * plain.zip!/scan.pdf, nested.zip!/plain.zip!/scan.pdf, pw.zip (no
 * password), deep.zip!/nested.zip!/plain.zip.  Skipped: the lock and
 * temporary files, and plain.zip!/~$inner.xlsx.
 */
static const char *mixed_folder(void)
{
    static _Thread_local char dir[4096];
    size_t xl, js, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    char *json = sample("samples/exchange/sds-5.0-good.json", &js);
    size_t od;
    char *ods = sample("samples/mds-sds/mds-5.0-good.ods", &od);
    snprintf(dir, sizeof dir, "%s", t_tmpdir());

    put(dir, "mds.xlsx", xlsx, xl);
    put(dir, "sds.json", json, js);
    put(dir, "b.pdf", "%PDF-1.4\n", 9);
    put(dir, "c.docx", "PK\x03\x04", 4);
    put(dir, "d.png", "\x89PNG\r\n", 6);
    put(dir, "e.ods", ods, od);
    put(dir, "notes.txt", "memo", 4);
    put(dir, "~$mds.xlsx", "lock", 4);
    put(dir, ".~lock.mds.xlsx#", "lock", 4);
    put(dir, "Thumbs.db", "x", 1);
    put(dir, "desktop.ini", "x", 1);
    put(dir, "upload.tmp", "x", 1);

    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, "inner.xlsx", xlsx, xl);
    t_xlsx_add_bytes(z, "scan.pdf", "%PDF-1.4\n", 9);
    t_xlsx_add_bytes(z, "~$inner.xlsx", "lock", 4);
    unsigned char *plain = t_xlsx_bytes(z, &n);
    size_t plain_len = n;
    put(dir, "plain.zip", plain, plain_len);

    unsigned char *nested = zip_one("plain.zip", plain, plain_len, 0, &n);
    size_t nested_len = n;
    put(dir, "nested.zip", nested, nested_len);
    unsigned char *deep = zip_one("nested.zip", nested, nested_len, 0, &n);
    put(dir, "deep.zip", deep, n);

    unsigned char *pw = zip_one("secret.xlsx", xlsx, xl, 1, &n);
    put(dir, "pw.zip", pw, n);
    unsigned char *evil = zip_one("../evil.xlsx", xlsx, xl, 0, &n);
    put(dir, "evil.zip", evil, n);

    /* 8 MiB of zeros deflate about 1000:1, past the 200:1 ratio. */
    size_t big_len = (size_t)8 << 20;
    char *big = calloc(1, big_len);
    cr_assert_not_null(big);
    unsigned char *bomb = zip_one("big.xlsx", big, big_len, 0, &n);
    put(dir, "bomb.zip", bomb, n);

    free(big);
    free(bomb);
    free(evil);
    free(pw);
    free(deep);
    free(nested);
    free(plain);
    free(ods);
    free(json);
    free(xlsx);
    return dir;
}

/* Runs "cd dir && env kaiji args": stdout into *out, stderr into *err (either
 * may be NULL); returns the exit status. */
static int run(const char *dir, const char *env, const char *args, char **out, char **err)
{
    char cmd[16384], errfile[4300];
    snprintf(errfile, sizeof errfile, "%s.stderr", dir);
    snprintf(cmd, sizeof cmd, "cd '%s' && env -u KAIJI_ZIP_PASSWORD %s '%s' %s 2>'%s'", dir,
             env ? env : "", t_build("kaiji"), args, errfile);
    int rc = t_run(cmd, out);
    if (err)
        *err = t_slurp(errfile, NULL);
    unlink(errfile);
    return rc;
}

/* The validate JSON of the mixed folder ("." of it), with env. */
static cJSON *validate_json(const char *dir, const char *env, int *rc)
{
    char *out = NULL;
    *rc = run(dir, env, "validate --format json -j 2 --as-of " AS_OF " .", &out, NULL);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "not JSON: %s", out);
    free(out);
    return j;
}

/* The entry of array (documents or not_read) whose path is path, or NULL. */
static const cJSON *entry(const cJSON *j, const char *array, const char *path)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, array))
    {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
        if (cJSON_IsString(p) && strcmp(p->valuestring, path) == 0)
            return e;
    }
    return NULL;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static const struct {
    const char *path, *status;
} documents[] = {
    {"./mds.xlsx", "valid"},
    {"./sds.json", "valid"},
    {"./e.ods", "valid"},
    {"./plain.zip!/inner.xlsx", "valid"},
    {"./nested.zip!/plain.zip!/inner.xlsx", "valid"},
    {"./evil.zip!/../evil.xlsx", "valid"},
    {"./bomb.zip!/big.xlsx", "unreadable"},
};

static const struct {
    const char *path, *kind, *reason;
} not_read[] = {
    {"./b.pdf", "pdf", "not-read-pdf"},
    {"./c.docx", "word", "not-read-word"},
    {"./d.png", "image", "not-read-image"},
    {"./notes.txt", "other", "not-read-type"},
    {"./plain.zip!/scan.pdf", "pdf", "not-read-pdf"},
    {"./nested.zip!/plain.zip!/scan.pdf", "pdf", "not-read-pdf"},
    {"./pw.zip", "archive", "archive-encrypted"},
    {"./deep.zip!/nested.zip!/plain.zip", "archive", "archive-too-deep"},
};

static const char *const skipped[] = {"./~$mds.xlsx", "./.~lock.mds.xlsx#", "./Thumbs.db",
                                      "./desktop.ini", "./upload.tmp",
                                      "./plain.zip!/~$inner.xlsx",
                                      "./nested.zip!/plain.zip!/~$inner.xlsx"};

Test(folders, every_file_of_a_mixed_folder_is_a_document_or_listed_as_not_read)
{
    const char *dir = mixed_folder();
    int rc;
    cJSON *j = validate_json(dir, NULL, &rc);
    cr_expect_eq(rc, 1, "the bomb is unreadable and pw.zip was not opened");
    size_t nd = sizeof documents / sizeof documents[0], nn = sizeof not_read / sizeof not_read[0];
    for (size_t i = 0; i < nd; i++) {
        const cJSON *d = entry(j, "documents", documents[i].path);
        cr_expect_not_null(d, "%s is not among the documents", documents[i].path);
        if (d)
            cr_expect_str_eq(str(d, "status"), documents[i].status, "%s", documents[i].path);
    }
    for (size_t i = 0; i < nn; i++) {
        const cJSON *r = entry(j, "not_read", not_read[i].path);
        cr_expect_not_null(r, "%s is not listed as not read", not_read[i].path);
        if (!r)
            continue;
        cr_expect_str_eq(str(r, "kind"), not_read[i].kind, "%s", not_read[i].path);
        cr_expect_str_eq(str(r, "reason"), not_read[i].reason, "%s", not_read[i].path);
        cr_expect(*str(r, "message") && *str(r, "next_step"), "%s", not_read[i].path);
    }
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(j, "summary");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(summary, "documents")->valueint, (int)nd);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(summary, "not_read")->valueint, (int)nn);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "not_read")), (int)nn);
    char *all = cJSON_PrintUnformatted(j);
    static const char *const litter[] = {"~$", ".~lock", "Thumbs.db", "desktop.ini", ".tmp"};
    for (size_t i = 0; i < sizeof litter / sizeof litter[0]; i++)
        cr_expect(!strstr(all, litter[i]), "%s is counted", litter[i]);
    free(all);
    cJSON_Delete(j);
}

Test(folders, a_zip_bomb_inside_an_archive_is_an_unreadable_document_with_its_finding)
{
    const char *dir = mixed_folder();
    int rc;
    cJSON *j = validate_json(dir, NULL, &rc);
    const cJSON *d = entry(j, "documents", "./bomb.zip!/big.xlsx");
    cr_assert_not_null(d);
    const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "findings"), 0);
    cr_expect_str_eq(str(f, "code"), "file-too-large");
    cr_expect(strstr(str(f, "message"), "ZIP bomb"), "%s", str(f, "message"));
    cJSON_Delete(j);
}

Test(folders, lock_and_temporary_files_are_skipped_with_one_note_each)
{
    const char *dir = mixed_folder();
    char *out = NULL, *err = NULL;
    run(dir, NULL, "validate --as-of " AS_OF " .", &out, &err);
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++) {
        char note[256];
        snprintf(note, sizeof note, "skipped %s: an Office lock or temporary file\n",
                 skipped[i]);
        const char *at = strstr(err, note);
        cr_expect(at && !strstr(at + 1, note), "%s: one note: %s", skipped[i], err);
        cr_expect(!strstr(out, skipped[i]), "%s in the results: %s", skipped[i], out);
    }
    size_t notes = 0;
    for (const char *p = err; (p = strstr(p, "note: skipped")); p++)
        notes++;
    cr_expect_eq(notes, sizeof skipped / sizeof skipped[0], "%s", err);
    free(out);
    free(err);
}

Test(folders, an_encrypted_archive_is_read_with_its_password_pkware_or_aes)
{
    const char *dir = t_tmpdir();
    size_t xl, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    unsigned char *pk = zip_one("開示書.xlsx", xlsx, xl, 1, &n);
    put(dir, "pkware.zip", pk, n);
    unsigned char *aes = zip_one("開示書.xlsx", xlsx, xl, 2, &n);
    put(dir, "aes.zip", aes, n);
    int rc;
    cJSON *j = validate_json(dir, "KAIJI_ZIP_PASSWORD=" PASSWORD, &rc);
    cr_expect_eq(rc, 0);
    const char *names[] = {"./pkware.zip!/開示書.xlsx", "./aes.zip!/開示書.xlsx"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *d = entry(j, "documents", names[i]);
        cr_expect_not_null(d, "%s", names[i]);
        cr_expect_str_eq(d ? str(d, "status") : "", "valid", "%s", names[i]);
    }
    cJSON_Delete(j);
    free(aes);
    free(pk);
    free(xlsx);
}

Test(folders, without_the_password_or_with_a_wrong_one_the_archive_says_what_to_do)
{
    const char *dir = t_tmpdir();
    size_t xl, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    unsigned char *pk = zip_one("mds.xlsx", xlsx, xl, 1, &n);
    put(dir, "pw.zip", pk, n);
    char *out = NULL, *err = NULL;

    /* Nothing else to read: a usage error, with the archive's next step. */
    cr_expect_eq(run(dir, NULL, "validate pw.zip", &out, &err), 2);
    cr_expect(strstr(err, "KAIJI_ZIP_PASSWORD") && strstr(err, "separate mail"), "%s", err);
    free(out);
    free(err);
    char wrong[32], env[64];
    refused_password(wrong, pk, n, "mds.xlsx");
    snprintf(env, sizeof env, "KAIJI_ZIP_PASSWORD=%s", wrong);
    cr_expect_eq(run(dir, env, "validate pw.zip", &out, &err), 2);
    cr_expect(strstr(err, "the password given does not open this ZIP"), "%s", err);
    free(out);
    free(err);

    /* Beside a document: listed, and the run fails (its documents went
     * unchecked). */
    char *json = sample("samples/exchange/sds-5.0-good.json", &n);
    put(dir, "sds.json", json, n);
    cr_expect_eq(run(dir, env, "validate --format json --as-of " AS_OF " .", &out, &err), 1);
    cJSON *j = cJSON_Parse(out);
    const cJSON *r = entry(j, "not_read", "./pw.zip");
    cr_expect_str_eq(r ? str(r, "reason") : "", "archive-wrong-password", "%s", out);
    cJSON_Delete(j);
    free(out);
    free(err);

    /* --ask-password needs a terminal. */
    cr_expect_eq(run(dir, NULL, "validate --ask-password . </dev/null", &out, &err), 2);
    cr_expect(strstr(err, "needs a terminal"), "%s", err);
    free(out);
    free(err);
    free(json);
    free(pk);
    free(xlsx);
}

Test(folders, the_next_step_for_a_password_is_japanese_under_ja_JP)
{
    t_require_locale("ja_JP.UTF-8");
    const char *dir = t_tmpdir();
    size_t xl, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    unsigned char *pk = zip_one("mds.xlsx", xlsx, xl, 1, &n);
    put(dir, "pw.zip", pk, n);
    put(dir, "b.pdf", "%PDF-1.4\n", 9);
    put(dir, "mds.xlsx", xlsx, xl);
    char *out = NULL, *err = NULL, env[4400];
    snprintf(env, sizeof env, "LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s'",
             t_build("locale"));
    cr_expect_eq(run(dir, env, "validate --as-of " AS_OF " .", &out, &err), 1);
    cr_expect(strstr(out, "パスワードは通常、別のメールで送られてきます。"), "%s", out);
    cr_expect(strstr(out, "同じ書類の Excel ファイル（.xlsx）を事業者に依頼してください"), "%s", out);
    cr_expect(strstr(out, "読み込まなかったファイル"), "%s", out);
    free(out);
    free(err);
    free(pk);
    free(xlsx);
}

Test(folders, a_path_that_does_not_exist_or_no_document_is_a_usage_error)
{
    const char *dir = t_tmpdir();
    char *out = NULL, *err = NULL;
    static const char *const cmds[] = {"validate", "ingest --db k.db"};
    for (size_t i = 0; i < 2; i++) {
        char args[256];
        snprintf(args, sizeof args, "%s no-such-folder/", cmds[i]);
        cr_expect_eq(run(dir, NULL, args, &out, &err), 2, "%s", args);
        cr_expect(strstr(err, "no-such-folder/ does not exist"), "%s: %s", args, err);
        cr_expect(strstr(err, "hint:"), "%s: %s", args, err);
        free(out);
        free(err);
    }
    char empty[4400];
    snprintf(empty, sizeof empty, "%s/empty", dir);
    mkdir(empty, 0700);
    put(empty, "~$draft.xlsx", "lock", 4);
    for (size_t i = 0; i < 2; i++) {
        char args[256];
        snprintf(args, sizeof args, "%s empty", cmds[i]);
        cr_expect_eq(run(dir, NULL, args, &out, &err), 2, "%s", args);
        cr_expect(strstr(err, "found no document") && strstr(err, "no Excel, XML or JSON"),
                  "%s: %s", args, err);
        free(out);
        free(err);
    }
    /* A folder of only a PDF: the PDF is still named, with what to do. */
    put(empty, "mds.pdf", "%PDF-1.4\n", 9);
    cr_expect_eq(run(dir, NULL, "validate empty", &out, &err), 2);
    cr_expect(strstr(err, "empty/mds.pdf") && strstr(err, "ask the vendor"), "%s", err);
    free(out);
    free(err);
}

Test(folders, files_not_read_are_in_the_text_csv_and_html_outputs)
{
    const char *dir = mixed_folder();
    char *out = NULL;
    run(dir, NULL, "validate --as-of " AS_OF " .", &out, NULL);
    cr_expect(strstr(out, "Files not read:\n./b.pdf\n  not read: a PDF"), "%s", out);
    cr_expect(strstr(out, "8 files not read"), "%s", out);
    free(out);
    run(dir, NULL, "validate --format csv --as-of " AS_OF " .", &out, NULL);
    cr_expect(strstr(out, "./b.pdf,,,,not-read,,,,,not-read-pdf,,,"), "%s", out);
    cr_expect(strstr(out, "./pw.zip,,,,not-read,,,,,archive-encrypted,,,"), "%s", out);
    free(out);
    run(dir, NULL, "validate --format html --as-of " AS_OF " .", &out, NULL);
    cr_expect(strstr(out, "読み込まなかったファイル") && strstr(out, "次にすること"), "%s", out);
    cr_expect(strstr(out, "./deep.zip!/nested.zip!/plain.zip"), "the HTML names every file");
    free(out);
}

Test(folders, member_names_never_reach_the_file_system_and_are_shown_losslessly)
{
    const char *dir = t_tmpdir();
    size_t xl, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    char sub[4400];
    snprintf(sub, sizeof sub, "%s/in", dir);
    mkdir(sub, 0700);
    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, "../../escaped.xlsx", xlsx, xl);
    t_xlsx_add_bytes(z, "/tmp/absolute.xlsx", xlsx, xl);
    t_xlsx_add_bytes(z, "\x8a\x4a\x8e\xa6.xlsx", xlsx, xl); /* 開示 in CP932 */
    unsigned char *zip = t_xlsx_bytes(z, &n);
    put(sub, "evil.zip", zip, n);
    char *out = NULL;
    cr_expect_eq(run(sub, NULL, "validate --format json --as-of " AS_OF " evil.zip", &out, NULL),
                 0, "%s", out);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    cr_expect_not_null(entry(j, "documents", "evil.zip!/../../escaped.xlsx"), "%s", out);
    cr_expect_not_null(entry(j, "documents", "evil.zip!//tmp/absolute.xlsx"), "%s", out);
    cr_expect_not_null(entry(j, "documents", "evil.zip!/\\x8AJ\\x8E\\xA6.xlsx"), "%s", out);
    cJSON_Delete(j);
    char probe[4400];
    snprintf(probe, sizeof probe, "%s/../escaped.xlsx", dir);
    cr_expect_neq(access(probe, F_OK), 0, "a member was written outside");
    cr_expect_neq(access("/tmp/absolute.xlsx", F_OK), 0, "a member was written outside");
    free(out);
    free(zip);
    free(xlsx);
}

Test(folders, ingest_records_each_document_of_an_archive_under_the_archive_name)
{
    ts_env e;
    ts_env_init(&e);
    size_t xl, js, n;
    char *xlsx = sample("samples/layouts/a-standard.xlsx", &xl);
    char *json = sample("samples/exchange/sds-5.0-good.json", &js);
    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, "A社/mds.xlsx", xlsx, xl);
    t_xlsx_add_bytes(z, "A社/sds.json", json, js);
    t_xlsx_add_bytes(z, "A社/scan.pdf", "%PDF-1.4\n", 9);
    unsigned char *zip = t_xlsx_bytes(z, &n);
    ts_write(&e, "mail/開示.zip", zip, n);
    ts_write(&e, "mail/~$mds.xlsx", "lock", 4);
    char *out = NULL;
    int rc = ts_kaiji(&e, "ingest --as-of " AS_OF " mail", &out);
    cr_expect(rc == 0 || rc == 1, "%d %s", rc, out);
    cr_expect(strstr(out, "mail/開示.zip!/A社/mds.xlsx: "), "%s", out);
    cr_expect(strstr(out, "mail/開示.zip!/A社/scan.pdf\n  not read: a PDF"), "%s", out);
    cr_expect(strstr(out, "2 files: 2 recorded"), "%s", out);
    cr_expect(strstr(out, "1 files not read"), "%s", out);
    cr_expect(!strstr(out, "Link the others") || !strstr(strstr(out, "Link the others"), "~$"),
              "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path IN "
                              "('mail/開示.zip!/A社/mds.xlsx', 'mail/開示.zip!/A社/sds.json')"),
                 2);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 2);
    free(zip);
    free(json);
    free(xlsx);
}

Test(folders, the_entries_of_an_archive_and_the_zips_inside_it_are_capped_together)
{
    /* Two inner ZIPs of 6,000 entries each: each under the 10,000 entries of
     * one ZIP, together past them.  Without the shared cap, 10,000 ZIPs of
     * 10,000 entries would list 10^8 files. */
    const char *dir = t_tmpdir();
    size_t n, inner_len[2];
    unsigned char *inner[2];
    for (int k = 0; k < 2; k++) {
        t_xlsx *z = t_xlsx_new();
        for (int i = 0; i < 6000; i++) {
            char name[32];
            snprintf(name, sizeof name, "%c%04d.txt", 'a' + k, i);
            t_xlsx_add_bytes(z, name, "x", 1);
        }
        inner[k] = t_xlsx_bytes(z, &inner_len[k]);
    }
    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, "a.zip", inner[0], inner_len[0]);
    t_xlsx_add_bytes(z, "b.zip", inner[1], inner_len[1]);
    unsigned char *outer = t_xlsx_bytes(z, &n);
    put(dir, "many.zip", outer, n);
    char *out = NULL, *err = NULL;
    cr_expect_eq(run(dir, NULL, "validate many.zip", &out, &err), 2);
    cr_expect(strstr(err, "many.zip!/b.zip\n  not read: the ZIP cannot be opened (it holds more "
                          "than 10000 files, with the ZIP files inside it)"),
              "%.300s", err ? strstr(err, "many.zip!/b.zip\n") : "");
    cr_expect(!strstr(err, "many.zip!/b.zip!/b4000.txt"), "listed past the cap");
    free(out);
    free(err);
    free(outer);
    free(inner[0]);
    free(inner[1]);
}

Test(folders, a_contract_id_in_an_archive_or_member_name_links_the_document)
{
    /* The archive reads as a folder: C-002.zip!/mds.json is linked as
     * C-002/mds.json would be, 開示.zip!/C-001_mds.json as C-001_mds.json. */
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,メール,システム名,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-001,株式会社メディカルＡ,a@example.jp,電子カルテ,MX-7,販売,有,2026/12/31\n"
                  "C-002,株式会社メディカルＡ,a@example.jp,電子カルテ,MX-7,保守,有,2026/12/31\n");
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "株式会社メディカルＡ", "", "");
    size_t n;
    unsigned char *zip = zip_one("mds.json", doc, strlen(doc), 0, &n);
    ts_write(&e, "C-002.zip", zip, n);
    free(zip);
    free(doc);
    doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "株式会社メディカルＡ", "MX-7", "");
    zip = zip_one("C-001_mds.json", doc, strlen(doc), 0, &n);
    ts_write(&e, "開示.zip", zip, n);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest --as-of " AS_OF " C-002.zip 開示.zip", &out), 0, "%s",
                 out);
    cr_expect(strstr(out, "C-002.zip!/mds.json: ") && strstr(out, "→ C-002 (linked by its file or folder name)"), "%s", out);
    cr_expect(strstr(out, "開示.zip!/C-001_mds.json: "), "%s", out);
    cr_expect(strstr(out, "→ C-001 (linked by its file or folder name)"), "%s", out);
    free(out);
    free(zip);
    free(doc);
}
