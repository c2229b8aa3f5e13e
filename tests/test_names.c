/*
 * tests/test_names.c - file names that are not UTF-8 (issue 10, point 8).  A
 * ZIP made on Japanese Windows, unpacked by unzip, gives CP932 names; a
 * careless copy can leave a lone 0xFF.  Such a file is read and judged like
 * any other, and its name is shown and recorded in kaiji's shown form
 * (text/path.c): each byte that is not part of a UTF-8 character as \xHH, a
 * backslash as \\.  validate (text, JSON, CSV, HTML), convert, ingest,
 * status (JSON, CSV, XLSX), remind, checklist draft and link are run on a
 * folder of such names, made here with the bytes themselves.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "kaiji.h"
#include "tests/support/mail.h"
#include "tests/support/store.h"
#include "tests/support/support.h"
#include "text/text.h"

/* 開示書.xlsx in CP932: 8A 4A 8E A6 8F 91 (4A is 'J'). */
#define CP932_NAME "\x8A\x4A\x8E\xA6\x8F\x91.xlsx"
#define CP932_SHOWN "\\x8AJ\\x8E\\xA6\\x8F\\x91.xlsx"
/* 表.xlsx in CP932: 95 5C, whose second byte is a backslash. */
#define HYO_NAME "\x95\x5C.xlsx"
#define HYO_SHOWN "\\x95\\\\.xlsx"
/* A lone 0xFF. */
#define FF_NAME "bad\xFF.json"
#define FF_SHOWN "bad\\xFF.json"

#define AS_OF "2026-11-26"

/* Copies the sample rel (under samples/) to e's folder as name. */
static void copy_sample(const ts_env *e, const char *rel, const char *name)
{
    size_t len;
    char *data = t_slurp(t_src(rel), &len);
    ts_write(e, name, data, len);
    free(data);
}

/* A fresh folder holding vendor/ with three files named in bytes that are
 * not UTF-8: the R7 vendor checklist of KMS-2026-017 as 開示書 in CP932, its
 * MDS as 表 in CP932, and SMP-2026-0042's SDS with a lone 0xFF. */
static void vendor_folder(ts_env *e)
{
    ts_env_init(e);
    copy_sample(e, "samples/checklist/vendor-r7-good.xlsx", "vendor/" CP932_NAME);
    copy_sample(e, "samples/mds-sds/mds-5.0-good.xlsx", "vendor/" HYO_NAME);
    copy_sample(e, "samples/exchange/sds-5.0-good.json", "vendor/" FF_NAME);
}

/* The sample register imported into e's store and e's vendor/ ingested. */
static void import_and_ingest(const ts_env *e)
{
    char args[4400], *out = NULL;
    snprintf(args, sizeof args, "register import '%s'", t_src("samples/register/contracts.csv"));
    cr_assert_eq(ts_kaiji(e, args, &out), 0, "%s", out);
    free(out);
    int rc = ts_kaiji(e, "ingest --as-of " AS_OF " vendor", &out);
    cr_assert(rc == 0 || rc == 1, "ingest failed (%d): %s", rc, out);
    free(out);
}

/* vendor_folder with the sample register imported and vendor/ ingested. */
static void vendor_store(ts_env *e)
{
    vendor_folder(e);
    import_and_ingest(e);
}

/* Runs "build/kaiji ARGS" in e's folder with standard output alone into the
 * returned malloc'd, NUL-terminated text (*len its size); *rc its status. */
static char *kaiji_stdout(const ts_env *e, const char *args, int *rc, size_t *len)
{
    char cmd[9000], path[4400];
    snprintf(path, sizeof path, "%s/stdout.txt", e->dir);
    snprintf(cmd, sizeof cmd, "cd '%s' && KAIJI_DB='%s' '%s' %s > stdout.txt 2>/dev/null",
             e->dir, e->db, t_build("kaiji"), args);
    *rc = t_run(cmd, NULL);
    return t_slurp(path, len);
}

/* Asserts that the len bytes at text are well-formed UTF-8 (what). */
static void expect_utf8(const char *text, size_t len, const char *what)
{
    cr_expect(kaiji_text_utf8_valid(text, len), "%s is not well-formed UTF-8", what);
}

/* A part of the ZIP at path, NUL-terminated, malloc'd; *len its size. */
static char *zip_part(const char *path, const char *name, size_t *len)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    cr_assert_not_null(z, "cannot open %s as a ZIP", path);
    zip_stat_t st;
    cr_assert_eq(zip_stat(z, name, 0, &st), 0, "%s has no part %s", path, name);
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    cr_assert(buf && f);
    cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    *len = st.size;
    zip_fclose(f);
    zip_close(z);
    return buf;
}

/* ------------------------------------------------------------- validate */

Test(names, validate_text_shows_each_name_in_the_shown_form_with_a_backslash_doubled)
{
    ts_env e;
    vendor_folder(&e);
    int rc;
    size_t len;
    char *out = kaiji_stdout(&e, "validate --as-of " AS_OF " vendor", &rc, &len);
    cr_expect_lt(rc, 2, "%s", out);
    expect_utf8(out, len, "the text report");
    cr_expect(strstr(out, "vendor/" CP932_SHOWN "\n"), "%s", out);
    cr_expect(strstr(out, "vendor/" HYO_SHOWN "\n"), "the backslash of 表 is \\\\: %s", out);
    cr_expect(strstr(out, "vendor/" FF_SHOWN "\n"), "%s", out);
    cr_expect(strstr(out, "0 invalid, 0 unreadable"), "%s", out);
    free(out);
}

Test(names, validate_json_is_utf8_and_gives_each_name_in_the_shown_form)
{
    ts_env e;
    vendor_folder(&e);
    int rc;
    size_t len;
    char *out = kaiji_stdout(&e, "validate --as-of " AS_OF " --format json vendor", &rc, &len);
    cr_expect_lt(rc, 2, "%s", out);
    expect_utf8(out, len, "the JSON report");
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    const cJSON *docs = cJSON_GetObjectItemCaseSensitive(root, "documents"), *d;
    const char *want[] = {"vendor/" FF_SHOWN, "vendor/" CP932_SHOWN, "vendor/" HYO_SHOWN};
    bool seen[3] = {false, false, false};
    cJSON_ArrayForEach(d, docs) {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "path"));
        const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "status"));
        cr_assert_not_null(path);
        for (int i = 0; i < 3; i++)
            if (strcmp(path, want[i]) == 0) {
                seen[i] = true;
                cr_expect(strcmp(status, "valid") == 0 || strcmp(status, "outdated") == 0,
                          "%s is %s", path, status);
            }
    }
    for (int i = 0; i < 3; i++)
        cr_expect(seen[i], "no document has the path %s: %s", want[i], out);
    cJSON_Delete(root);
    free(out);
}

Test(names, validate_csv_and_html_are_utf8_and_give_each_name_in_the_shown_form)
{
    ts_env e;
    vendor_folder(&e);
    static const char *const formats[] = {"csv", "html"};
    for (size_t i = 0; i < 2; i++) {
        char args[128];
        int rc;
        size_t len;
        snprintf(args, sizeof args, "validate --as-of " AS_OF " --format %s vendor", formats[i]);
        char *out = kaiji_stdout(&e, args, &rc, &len);
        cr_expect_lt(rc, 2, "%s: %s", formats[i], out);
        expect_utf8(out, len, formats[i]);
        cr_expect(strstr(out, "vendor/" CP932_SHOWN), "%s: %s", formats[i], out);
        cr_expect(strstr(out, "vendor/" HYO_SHOWN), "%s: %s", formats[i], out);
        cr_expect(strstr(out, "vendor/" FF_SHOWN), "%s: %s", formats[i], out);
        free(out);
    }
}

Test(names, the_library_names_a_document_read_from_a_file_or_memory_in_the_shown_form)
{
    ts_env e;
    vendor_folder(&e);
    char path[4400];
    snprintf(path, sizeof path, "%s/vendor/" CP932_NAME, e.dir);
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_OK);
    cr_expect(kaiji_document_readable(doc));
    char *want = kaiji_text_path_show(path);
    cr_expect_str_eq(kaiji_document_path(doc), want);
    cr_expect(strstr(kaiji_document_path(doc), "/vendor/" CP932_SHOWN));
    free(want);
    kaiji_document_free(doc);

    /* A name already in the shown form is taken as it is; raw bytes are
     * shown. */
    cr_assert_eq(kaiji_read_memory(&doc, "{}", 2, FF_NAME, NULL), KAIJI_OK);
    cr_expect_str_eq(kaiji_document_path(doc), FF_SHOWN);
    kaiji_document_free(doc);
    cr_assert_eq(kaiji_read_memory(&doc, "{}", 2, FF_SHOWN, NULL), KAIJI_OK);
    cr_expect_str_eq(kaiji_document_path(doc), FF_SHOWN);
    kaiji_document_free(doc);

    /* A file that cannot be opened is named the same way. */
    snprintf(path, sizeof path, "%s/vendor/gone\xFE.xlsx", e.dir);
    cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_ERROR_IO);
    cr_expect(strstr(kaiji_document_path(doc), "/vendor/gone\\xFE.xlsx"));
    kaiji_document_free(doc);
}

Test(names, convert_writes_the_shown_name_into_exchange_json_and_xml_that_are_utf8)
{
    ts_env e;
    vendor_folder(&e);
    int rc;
    size_t len;
    char *out = kaiji_stdout(&e, "convert 'vendor/" FF_NAME "'", &rc, &len);
    cr_expect_eq(rc, 0, "%s", out);
    expect_utf8(out, len, "the exchange JSON");
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "source");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(source, "path")),
                     "vendor/" FF_SHOWN);
    cJSON_Delete(root);
    free(out);
    out = kaiji_stdout(&e, "convert --to xml 'vendor/" HYO_NAME "'", &rc, &len);
    cr_expect_eq(rc, 0, "%s", out);
    expect_utf8(out, len, "the exchange XML");
    cr_expect(strstr(out, "<source path=\"vendor/" HYO_SHOWN "\""), "%s", out);
    free(out);
}

/* --------------------------------------------------------------- ingest */

Test(names, ingest_records_each_name_in_the_shown_form_and_judges_the_file_like_any_other)
{
    ts_env e;
    vendor_store(&e);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path = 'vendor/"
                              CP932_SHOWN "' AND name = '" CP932_SHOWN "'"
                              " AND status = 'outdated' AND kind = 'vendor-checklist'"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path = 'vendor/"
                              HYO_SHOWN "' AND status = 'valid' AND kind = 'mds'"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path = 'vendor/"
                              FF_SHOWN "' AND status = 'valid' AND kind = 'sds'"), 1);
    /* The exchange document kept for status reads again: it is UTF-8. */
    cr_expect_eq(ts_count(&e, e.pg ? "SELECT count(*) FROM submissions WHERE"
                                     " CAST(exchange AS json) -> 'source' ->> 'path' = 'vendor/"
                                     CP932_SHOWN "'"
                                   : "SELECT count(*) FROM submissions WHERE json_valid(exchange)"
                                     " AND json_extract(exchange, '$.source.path') = 'vendor/"
                                     CP932_SHOWN "'"), 1);
    /* Linked by the reference inside, as under any name. */
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links l JOIN submissions s"
                              " ON s.id = l.submission_id WHERE l.contract_id = 'KMS-2026-017'"),
                 2);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE contract_id = 'SMP-2026-0042'"),
                 1);
}

Test(names, ingest_through_the_library_records_raw_bytes_in_the_shown_form)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc("mds-sds/sds-5.0-good.xlsx", NULL, NULL, NULL);
    kaiji_ingest_result *r = ts_ingest(st, "in/" CP932_NAME, doc, 0, NULL);
    cr_expect_str_eq(r->path, "in/" CP932_SHOWN);
    kaiji_ingest_result_free(r);
    free(doc);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path = 'in/" CP932_SHOWN
                              "' AND status = 'valid'"), 1);
}

/* --------------------------------------------------------------- status */

Test(names, status_json_finds_the_files_by_their_shown_names_and_judges_them_again)
{
    ts_env e;
    vendor_store(&e);
    int rc;
    size_t len;
    char *out = kaiji_stdout(&e, "status --as-of " AS_OF " --format json", &rc, &len);
    expect_utf8(out, len, "status JSON");
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    /* Each document of the three, judged again from the stored exchange
     * document: outdated or current, never unreadable. */
    const char *want[] = {"vendor/" CP932_SHOWN, "vendor/" HYO_SHOWN, "vendor/" FF_SHOWN};
    const char *state[] = {"outdated", "current", "current"};
    const cJSON *contracts = cJSON_GetObjectItemCaseSensitive(root, "contracts"), *c;
    int found = 0;
    cJSON_ArrayForEach(c, contracts) {
        const cJSON *docs = cJSON_GetObjectItemCaseSensitive(c, "documents"), *d;
        cJSON_ArrayForEach(d, docs) {
            const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "path"));
            const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "state"));
            for (int i = 0; path && i < 3; i++)
                if (strcmp(path, want[i]) == 0) {
                    found++;
                    cr_expect_str_eq(st, state[i], "%s", path);
                }
        }
    }
    cr_expect_eq(found, 3, "%s", out);
    cJSON_Delete(root);
    free(out);
}

Test(names, status_csv_is_utf8_and_names_the_files_in_the_shown_form)
{
    ts_env e;
    vendor_store(&e);
    int rc;
    size_t len;
    char *out = kaiji_stdout(&e, "status --as-of " AS_OF " --format csv", &rc, &len);
    expect_utf8(out, len, "status CSV");
    cr_expect(strstr(out, ",vendor-checklist,outdated,vendor/" CP932_SHOWN ",")
                  || strstr(out, ",outdated,vendor/" CP932_SHOWN ","), "%s", out);
    cr_expect(strstr(out, ",vendor/" HYO_SHOWN ","), "%s", out);
    cr_expect(strstr(out, ",vendor/" FF_SHOWN ","), "%s", out);
    free(out);
}

Test(names, status_xlsx_is_well_formed_and_names_the_files_in_the_shown_form)
{
    ts_env e;
    vendor_store(&e);
    char *out = NULL, path[4400];
    cr_assert_lt(ts_kaiji(&e, "status --as-of " AS_OF " --format xlsx -o st.xlsx", &out), 2,
                 "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/st.xlsx", e.dir);
    size_t len;
    char *sst = zip_part(path, "xl/sharedStrings.xml", &len);
    expect_utf8(sst, len, "the shared strings");
    cr_expect(strstr(sst, ">vendor/" CP932_SHOWN "<"), "%s", sst);
    cr_expect(strstr(sst, ">vendor/" HYO_SHOWN "<"), "%s", sst);
    cr_expect(strstr(sst, ">vendor/" FF_SHOWN "<"), "%s", sst);
    free(sst);
    /* And kaiji reads the workbook back. */
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_OK);
    cr_expect(kaiji_document_readable(doc), "the workbook does not read back");
    kaiji_document_free(doc);
}

/* An older SQLite store holding a raw name (as one written before the shown
 * form would): status shows it in the shown form; copied into the store
 * under test (PostgreSQL's text holds UTF-8 only), it is kept in that form,
 * and status shows the same. */
Test(names, status_shows_a_raw_name_an_older_store_holds_in_the_shown_form)
{
    ts_env e, old;
    vendor_folder(&e);
    old = e;
    old.pg = false;
    snprintf(old.db, sizeof old.db, "%s/older.db", e.dir);
    import_and_ingest(&old);
    ts_exec(&old, "UPDATE submissions SET path = CAST(X'76656E646F722F8A4A8EA6"
                  "8F912E786C7378' AS TEXT) WHERE path LIKE 'vendor/\\x8AJ%'");
    cr_assert_eq(ts_count(&old, "SELECT count(*) FROM submissions WHERE path ="
                                " CAST(X'76656E646F722F8A4A8EA68F912E786C7378' AS TEXT)"),
                 1);
    char args[9000], *out = NULL;
    snprintf(args, sizeof args, "store copy --from older.db --to '%s'", e.db);
    cr_assert_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    const ts_env *stores[] = {&old, &e};
    for (size_t i = 0; i < 2; i++) {
        int rc;
        size_t len;
        out = kaiji_stdout(stores[i], "status --as-of " AS_OF " --format json", &rc, &len);
        expect_utf8(out, len, "status JSON");
        cr_expect(strstr(out, "\"vendor/\\\\x8AJ\\\\x8E\\\\xA6\\\\x8F\\\\x91.xlsx\""),
                  "%s: %s", stores[i]->db, out);
        free(out);
    }
}

/* --------------------------------------------------------------- remind */

/* The decoded body of the .eml in dir addressed to addr (malloc'd). */
static char *mail_to(const char *dir, const char *addr)
{
    char cmd[4500], *list = NULL, *found = NULL;
    snprintf(cmd, sizeof cmd, "ls '%s' | grep '\\.eml$'", dir);
    t_run(cmd, &list);
    for (char *line = strtok(list, "\n"); line && !found; line = strtok(NULL, "\n")) {
        char path[8800];
        snprintf(path, sizeof path, "%s/%s", dir, line);
        char *raw = t_slurp(path, NULL);
        char *to = t_mail_header(raw, "To");
        if (to && strstr(to, addr))
            found = t_mail_body(raw);
        free(to);
        free(raw);
    }
    free(list);
    cr_assert_not_null(found, "no mail to %s in %s", addr, dir);
    return found;
}

Test(names, remind_lists_the_received_file_by_its_shown_name_as_read_not_as_unreadable)
{
    ts_env e;
    vendor_store(&e);
    char *out = NULL, dir[4400];
    cr_assert_lt(ts_kaiji(&e, "remind --as-of " AS_OF " -o mail", &out), 2, "%s", out);
    free(out);
    snprintf(dir, sizeof dir, "%s/mail", e.dir);
    char *body = mail_to(dir, "kaiji-sample@kms.example");
    expect_utf8(body, strlen(body), "the reminder");
    cr_expect(strstr(body, "受領ファイル: " CP932_SHOWN "、版: R7）: 旧版の様式です"), "%s", body);
    cr_expect(strstr(body, "(received: " CP932_SHOWN ", edition R7): an outdated edition"),
              "%s", body);
    cr_expect_null(strstr(body, "読み取れません"), "%s", body);
    cr_expect_null(strstr(body, "\xEF\xBF\xBD"), "a replacement character: %s", body);
    free(body);
}

/* ------------------------------------------------------ checklist draft */

Test(names, checklist_draft_uses_a_vendor_checklist_whose_name_is_cp932)
{
    ts_env e;
    vendor_store(&e);
    char *out = NULL, path[4400];
    /* As of 2026-03-01 R7 is the current edition. */
    ts_kaiji(&e, "checklist draft --as-of 2026-03-01 -o draft.xlsx", &out);
    cr_expect(strstr(out, "from 1 vendor checklist;"), "%s", out);
    cr_expect_null(strstr(out, "not used: KMS-2026-017"), "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/draft.xlsx", e.dir);
    size_t len;
    char *sst = zip_part(path, "xl/sharedStrings.xml", &len);
    expect_utf8(sst, len, "the draft's shared strings");
    cr_expect(strstr(sst, "：" CP932_SHOWN " "), "the answers' source (根拠): %s", sst);
    cr_expect(strstr(sst, "<t>" CP932_SHOWN "</t>"), "根拠の詳細's file: %s", sst);
    free(sst);
}

/* ----------------------------------------------------------------- link */

Test(names, link_finds_a_submission_by_its_shown_path_and_by_the_bytes_of_its_name)
{
    ts_env e;
    vendor_store(&e);
    char *out = NULL;
    /* As kaiji shows it: the recorded path. */
    cr_expect_eq(ts_kaiji(&e, "link 'vendor/" CP932_SHOWN "' KMS-2026-018", &out), 0, "%s", out);
    free(out);
    /* A copy never ingested, named in the shown form: the file it stands
     * for is opened and hashed. */
    copy_sample(&e, "samples/mds-sds/mds-5.0-good.xlsx", "copy/\xFE\x5C.xlsx");
    cr_expect_eq(ts_kaiji(&e, "link 'copy/\\xFE\\\\.xlsx' TST-24-003", &out), 0, "%s", out);
    free(out);
    /* The bytes of the name, the file gone: the recorded path. */
    char path[4400];
    snprintf(path, sizeof path, "%s/vendor/" FF_NAME, e.dir);
    cr_assert_eq(unlink(path), 0);
    cr_expect_eq(ts_kaiji(&e, "link 'vendor/" FF_NAME "' KMS-2026-018", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE method = 'manual'"), 3);
}

/* ------------------------------------------------------------ the walk */

Test(names, a_named_pipe_the_walk_skips_is_named_in_the_shown_form)
{
    ts_env e;
    vendor_folder(&e);
    char path[4400], *out = NULL;
    snprintf(path, sizeof path, "%s/vendor/pipe" HYO_NAME, e.dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    ts_kaiji(&e, "validate --as-of " AS_OF " vendor", &out);
    cr_expect(strstr(out, "note: skipped vendor/pipe" HYO_SHOWN ": a named pipe"), "%s", out);
    free(out);
}
