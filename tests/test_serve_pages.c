/*
 * tests/test_serve_pages.c - kaiji serve's register, reminders and catalogs
 * pages over loopback with libcurl: each in Japanese, each form's round
 * trip, a viewer refused every write and shown no write button, a form
 * without its CSRF token refused, an edit that would overwrite someone
 * else's refused with their values, a CP932 register, and the .eml that
 * kaiji remind --out writes for the same vendor and date.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/mail.h"
#include "support/serve.h"
#include "support/store.h"
#include "support/support.h"

/* The session's CSRF token, from the first "?csrf=" of path's page. */
static void csrf_from(CURL *h, const char *path, char *buf, size_t size)
{
    t_reply r = t_request(h, "GET", path, NULL);
    const char *p = strstr(r.body, "?csrf=");
    cr_assert_not_null(p, "%s has no form:\n%s", path, r.body);
    p += strlen("?csrf=");
    size_t n = strspn(p, "0123456789abcdef");
    cr_assert(n > 0 && n < size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    t_reply_free(&r);
}

/* A multipart form: name=value pairs (NULL-ended), then an optional file. */
static curl_mime *form(CURL *h, const char *const *pairs, const char *file_field,
                       const char *file_path)
{
    curl_mime *m = curl_mime_init(h);
    for (size_t i = 0; pairs && pairs[i]; i += 2) {
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, pairs[i]);
        curl_mime_data(part, pairs[i + 1], CURL_ZERO_TERMINATED);
    }
    if (file_field) {
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, file_field);
        cr_assert_eq(curl_mime_filedata(part, file_path), CURLE_OK, "%s", file_path);
    }
    return m;
}

/* POSTs the form to path with the session's token. */
static t_reply post(CURL *h, const char *path, const char *csrf, curl_mime *m)
{
    char url[512];
    snprintf(url, sizeof url, "%s?csrf=%s", path, csrf);
    return t_request(h, "POST", url, m);
}

/* The value of the edit form's hidden stamp, into buf. */
static void stamp_of(const char *body, char *buf, size_t size)
{
    const char *p = strstr(body, "name=\"stamp\" value=\"");
    cr_assert_not_null(p, "no stamp:\n%s", body);
    p += strlen("name=\"stamp\" value=\"");
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
}

/* Words of the pages' own that must not be left in English. */
static void expect_japanese(const char *path, const char *body)
{
    static const char *const english[] = {
        ">Register<",  ">Reminders<", ">Catalogs<",   "Import the",    "Preview only",
        ">Contract<",  ">Vendor<",    ">Product<",    "Required documents", ">Due",
        "Download",    ">Save<",      ">Subject<",    "Last reminded", "Sending from",
        ">Version<",   ">Current<",   "In force",     ">Form<",        "Blank register",
        ">Edit<",      "Contact e-mail", ">To<",       "Made for"};
    cr_expect_not_null(strstr(body, "<html lang=\"ja\">"), "%s", path);
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        cr_expect_null(strstr(body, english[i]), "%s shows '%s' in English", path, english[i]);
}

TestSuite(pages, .init = t_serve_start, .fini = t_serve_stop, .timeout = 180);

Test(pages, every_page_of_the_three_groups_is_in_japanese)
{
    static const char *const paths[] = {"/register", "/register/edit/KMS-2026-017",
                                        "/reminders", "/catalogs"};
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        t_reply r = t_request(h, "GET", paths[i], NULL);
        cr_expect_eq(r.code, 200, "%s answered %ld", paths[i], r.code);
        expect_japanese(paths[i], r.body);
        t_reply_free(&r);
    }
    t_reply r = t_request(h, "GET", "/", NULL);
    cr_expect_not_null(strstr(r.body, "href=\"/register\""), "no link to the register");
    cr_expect_not_null(strstr(r.body, "href=\"/reminders\""), "no link to the reminders");
    cr_expect_not_null(strstr(r.body, "href=\"/catalogs\""), "no link to the catalogs");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, the_register_lists_each_contract_with_a_link_to_its_page)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/register", NULL);
    cr_expect_not_null(strstr(r.body, "href=\"/contract/KMS-2026-017\""));
    cr_expect_not_null(strstr(r.body, "href=\"/register/edit/KMS-2026-017\""));
    cr_expect_not_null(strstr(r.body, "架空メディカル"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, a_cp932_register_is_previewed_first_then_imported_and_audited)
{
    CURL *h = t_signed_in();
    char csrf[80];
    csrf_from(h, "/register", csrf, sizeof csrf);
    static const char *const preview[] = {"preview", "1", NULL};
    curl_mime *m = form(h, preview, "file", t_src("samples/register/contracts-cp932.csv"));
    t_reply r = post(h, "/register/import", csrf, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "CP932"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "何も書き込んでいません"), "the preview wrote:\n%s", r.body);
    expect_japanese("/register/import", r.body);
    curl_mime_free(m);
    /* The confirming form sends back the file previewed: it is not chosen again. */
    m = curl_mime_init(h);
    size_t chunks = 0;
    for (const char *p = r.body; (p = strstr(p, "<input type=\"hidden\" name=\"")) != NULL;) {
        char name[16], *value;
        p += strlen("<input type=\"hidden\" name=\"");
        size_t n = strcspn(p, "\"");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        p = strstr(p, "value=\"") + strlen("value=\"");
        n = strcspn(p, "\"");
        value = strndup(p, n);
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, name);
        curl_mime_data(part, value, n);
        chunks += strcmp(name, "data") == 0;
        free(value);
        p += n;
    }
    cr_expect_eq(chunks, 1, "the preview carries no file to import:\n%s", r.body);
    t_reply_free(&r);
    r = post(h, "/register/import", csrf, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_null(strstr(r.body, "何も書き込んでいません"));
    cr_expect_not_null(strstr(r.body, "contracts-cp932.csv"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "CP932"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);

    ts_env e = {.pg = kaiji_store_is_uri(t_db_path)};
    snprintf(e.db, sizeof e.db, "%s", t_db_path);
    /* one from the store's making, one from the page: the preview wrote nothing */
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM audit_log WHERE action = 'register-import'"),
                 2);
}

Test(pages, a_register_with_a_wrong_row_is_refused_with_the_row_and_nothing_imported)
{
    CURL *h = t_signed_in();
    char csrf[80], path[1024];
    csrf_from(h, "/register", csrf, sizeof csrf);
    snprintf(path, sizeof path, "%s/bad.csv", t_tmpdir());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("契約番号,事業者名,回答期限\nNEW-1,新しい事業者,2026/13/45\n", f);
    fclose(f);
    curl_mime *m = form(h, NULL, "file", path);
    t_reply r = post(h, "/register/import", csrf, m);
    cr_expect_eq(r.code, 422);
    cr_expect_not_null(strstr(r.body, "<td>2</td>"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/register", NULL);
    cr_expect_null(strstr(r.body, "NEW-1"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, an_edit_is_saved_with_a_wareki_due_date_and_shows_on_the_contract)
{
    CURL *h = t_signed_in();
    char csrf[80], stamp[64];
    t_reply r = t_request(h, "GET", "/register/edit/KMS-2026-017", NULL);
    stamp_of(r.body, stamp, sizeof stamp);
    t_reply_free(&r);
    csrf_from(h, "/register/edit/KMS-2026-017", csrf, sizeof csrf);
    const char *pairs[] = {"stamp", stamp,          "vendor", "架空メディカルシステムズ(株)",
                           "product", "架空電子カルテ MX-8", "doc", "mds",
                           "doc", "sds",            "due", "令和9年3月31日",
                           "email", "new@example.jp", NULL};
    curl_mime *m = form(h, pairs, NULL, NULL);
    r = post(h, "/register/edit/KMS-2026-017", csrf, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "保存しました"), "%s", r.body);
    /* what changed, in words: the field's name, 和暦 dates */
    cr_expect_not_null(strstr(r.body, "令和9年3月31日"), "%s", r.body);
    cr_expect_null(strstr(r.body, "2027-03-31"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/register", NULL);
    cr_expect_not_null(strstr(r.body, "架空電子カルテ MX-8"));
    cr_expect_not_null(strstr(r.body, "new@example.jp"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "令和9年3月31日"), "%s", r.body); /* 和暦 in Japanese */
    /* its history in words: fields by name, values as the audit page words them */
    const char *hist = strstr(r.body, "<section class=\"history\">");
    const char *hend = hist ? strstr(hist, "</section>") : NULL;
    cr_assert(hist && hend, "no history on the contract's page:\n%s", r.body);
    char *hs = strndup(hist, (size_t)(hend - hist));
    cr_expect_not_null(strstr(hs, "<td>回答期限</td>"), "%s", hs);
    cr_expect_not_null(strstr(hs, "<td>令和9年3月31日</td>"), "%s", hs);
    cr_expect_not_null(strstr(hs, "<td>MDS、SDS</td>"), "%s", hs);
    static const char *const codes[] = {">due<", ">required<", ">email<", "2027-03-31", "+"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        cr_expect_null(strstr(hs, codes[i]), "'%s' in the history: %s", codes[i], hs);
    free(hs);
    t_reply_free(&r);
    /* A date that is none is refused, and nothing is written. */
    r = t_request(h, "GET", "/register/edit/KMS-2026-017", NULL);
    stamp_of(r.body, stamp, sizeof stamp);
    t_reply_free(&r);
    const char *bad[] = {"stamp", stamp, "vendor", "x", "doc", "mds", "due", "令和9年13月1日",
                         NULL};
    m = form(h, bad, NULL, NULL);
    r = post(h, "/register/edit/KMS-2026-017", csrf, m);
    cr_expect_eq(r.code, 400);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
}

Test(pages, an_edit_that_would_overwrite_someone_elses_change_is_refused_with_their_values)
{
    CURL *alice = t_signed_in(), *bob = t_signed_in();
    char ca[80], cb[80], stamp[64];
    t_reply r = t_request(alice, "GET", "/register/edit/KMS-2026-018", NULL);
    stamp_of(r.body, stamp, sizeof stamp); /* both opened the same version */
    t_reply_free(&r);
    csrf_from(alice, "/register", ca, sizeof ca);
    csrf_from(bob, "/register", cb, sizeof cb);
    const char *first[] = {"stamp", stamp, "vendor", "先に保存した事業者", "doc", "mds",
                           "due", "2027/1/31", "email", "", NULL};
    curl_mime *m = form(alice, first, NULL, NULL);
    r = post(alice, "/register/edit/KMS-2026-018", ca, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    const char *second[] = {"stamp", stamp, "vendor", "後から保存した事業者", "doc", "sds",
                            "due", "2027/2/28", "email", "", NULL};
    m = form(bob, second, NULL, NULL);
    r = post(bob, "/register/edit/KMS-2026-018", cb, m);
    cr_expect_eq(r.code, 409, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "class=\"theirs\">先に保存した事業者"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "後から保存した事業者"), "the person's own values are lost");
    cr_expect_not_null(strstr(r.body, "value=\"先に保存した事業者\""),
                       "the form does not hold the saved values");
    expect_japanese("conflict", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(bob, "GET", "/register", NULL);
    cr_expect_not_null(strstr(r.body, "先に保存した事業者"));
    cr_expect_null(strstr(r.body, "後から保存した事業者"), "the second save overwrote the first");
    t_reply_free(&r);
    curl_easy_cleanup(alice);
    curl_easy_cleanup(bob);
}

Test(pages, a_register_import_between_opening_and_saving_an_edit_makes_the_save_a_conflict)
{
    CURL *h = t_signed_in();
    char csrf[80], stamp[64], csv[1024], cmd[8192], *out = NULL;
    t_reply r = t_request(h, "GET", "/register/edit/EXI-JP-2026-3", NULL);
    stamp_of(r.body, stamp, sizeof stamp);
    t_reply_free(&r);
    csrf_from(h, "/register", csrf, sizeof csrf);
    /* Someone imports the register with a new due date for the contract. */
    char src[1024], kaiji[1024];
    snprintf(csv, sizeof csv, "%s/changed.csv", t_tmpdir());
    snprintf(src, sizeof src, "%s", t_src("samples/register/contracts.csv"));
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd,
             "sed 's#2026/9/15,2026/10/31#2026/9/15,2027/1/15#' '%s' > '%s' && grep -q 2027/1/15 "
             "'%s' && '%s' register import --db '%s' '%s' 2>&1",
             src, csv, csv, kaiji, t_db_path, csv);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
    const char *pairs[] = {"stamp", stamp, "vendor", "Example Imaging Inc.", "doc", "mds",
                           "doc", "sds", "due", "2026/12/31", "email",
                           "disclosure@example-imaging.example", NULL};
    curl_mime *m = form(h, pairs, NULL, NULL);
    r = post(h, "/register/edit/EXI-JP-2026-3", csrf, m);
    cr_expect_eq(r.code, 409, "a save over an import was taken:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, "class=\"theirs\">令和9年1月15日"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
}

Test(pages, a_file_that_is_no_register_is_refused_and_the_server_keeps_serving)
{
    CURL *h = t_signed_in();
    char csrf[80];
    csrf_from(h, "/register", csrf, sizeof csrf);
    curl_mime *m = form(h, NULL, "file", t_src("samples/broken/random-bytes.xlsx"));
    t_reply r = post(h, "/register/import", csrf, m);
    cr_expect_eq(r.code, 422, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "何も取り込んでいません"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/register", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "KMS-2026-017"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, every_form_without_its_csrf_token_is_refused)
{
    static const char *const paths[] = {"/register/import", "/register/edit/KMS-2026-017",
                                        "/reminders/send", "/catalogs/import"};
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        static const char *const pairs[] = {"vendor", "x", NULL};
        curl_mime *m = form(h, pairs, "file", t_src("samples/register/contracts.csv"));
        t_reply r = t_request(h, "POST", paths[i], m);
        cr_expect_eq(r.code, 403, "%s without a token answered %ld", paths[i], r.code);
        t_reply_free(&r);
        curl_mime_free(m);
        m = form(h, pairs, "file", t_src("samples/register/contracts.csv"));
        char path[256];
        snprintf(path, sizeof path, "%s?csrf=00ff", paths[i]);
        r = t_request(h, "POST", path, m);
        cr_expect_eq(r.code, 403, "%s with a wrong token answered %ld", paths[i], r.code);
        t_reply_free(&r);
        curl_mime_free(m);
    }
    t_reply r = t_request(h, "GET", "/register", NULL);
    cr_expect_null(strstr(r.body, "vendor\">x<"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, the_blank_register_downloads_as_csv_with_a_bom_and_as_excel)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/register/template.csv", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_eq(memcmp(r.body, "\xEF\xBB\xBF", 3), 0, "no BOM");
    cr_expect_not_null(strstr(r.body, "契約番号"));
    cr_expect_not_null(strstr(r.headers, "attachment"));
    /* what it offers is what the import takes */
    char path[1024], cmd[2048], *out = NULL;
    snprintf(path, sizeof path, "%s/template.csv", t_tmpdir());
    FILE *f = fopen(path, "wb");
    fwrite(r.body, 1, r.size, f);
    fclose(f);
    t_reply_free(&r);
    snprintf(cmd, sizeof cmd, "'%s' register import --dry-run --db '%s/t.db' '%s' 2>&1",
             t_build("kaiji"), t_tmpdir(), path);
    cr_expect_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
    r = t_request(h, "GET", "/register/template.xlsx", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_eq(memcmp(r.body, "PK\x03\x04", 4), 0);
    cr_expect_not_null(strstr(r.headers, "spreadsheetml"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, the_reminders_preview_each_mail_and_say_how_to_configure_sending)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/reminders", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "【ご提出のお願い】"), "no subject:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, "<pre class=\"mail\">"));
    cr_expect_not_null(strstr(r.body, "href=\"/contract/KMS-2026-017\""));
    cr_expect_not_null(strstr(r.body, "--smtp-url"), "how to configure sending is not said");
    cr_expect_null(strstr(r.body, "/reminders/send"), "a send button without SMTP");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, an_eml_download_is_the_file_kaiji_remind_writes_for_the_same_date)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/reminders", NULL);
    const char *p = strstr(r.body, "href=\"/reminders/eml/");
    cr_assert_not_null(p);
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(p + 6, "\""), p + 6);
    t_reply_free(&r);
    r = t_request(h, "GET", path, NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "message/rfc822"));
    const char *fn = strstr(r.headers, "filename=\"");
    cr_assert_not_null(fn, "%s", r.headers);
    fn += strlen("filename=\"");
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(fn, "\""), fn);
    cr_expect_eq(strncmp(name, "2026-11-26_", 11), 0, "%s", name);

    char dir[1024], cmd[4096], *out = NULL, file[1400];
    snprintf(dir, sizeof dir, "%s/out", t_tmpdir());
    snprintf(cmd, sizeof cmd,
             "LANG=ja_JP.UTF-8 '%s' remind --db '%s' --as-of 2026-11-26 --out '%s' 2>&1",
             t_build("kaiji"), t_db_path, dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
    snprintf(file, sizeof file, "%s/%s", dir, name);
    size_t len = 0;
    char *cli = t_slurp(file, &len);
    cr_assert_not_null(cli, "kaiji remind wrote no %s", name);
    cr_expect_eq(len, r.size, "the sizes differ");
    cr_expect(len == r.size && memcmp(cli, r.body, len) == 0,
              "the page's .eml is not kaiji remind's");
    free(cli);
    t_reply_free(&r);

    /* all of them as a ZIP */
    r = t_request(h, "GET", "/reminders.zip", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_eq(memcmp(r.body, "PK\x03\x04", 4), 0);
    cr_expect_not_null(memmem(r.body, r.size, name, strlen(name)), "%s is not in the ZIP", name);
    t_reply_free(&r);
    r = t_request(h, "GET", "/reminders/eml/NO-SUCH", NULL);
    cr_expect_eq(r.code, 404);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages, the_catalogs_list_the_editions_and_the_current_one)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/catalogs", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "R7"));
    cr_expect_not_null(strstr(r.body, "HN 1-2019"));
    cr_expect_not_null(strstr(r.body, "5.0"));
    cr_expect_not_null(strstr(r.body, "現行"), "%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------------ team mode */

static char catalog_dir[512];

static void start_team_with_catalogs(void)
{
    t_serve_make_store();
    t_serve_add_user("kanri", "admin", ADMIN_PW);
    t_serve_add_user("tantou", "staff", STAFF_PW);
    t_serve_add_user("kensa", "viewer", VIEWER_PW);
    snprintf(catalog_dir, sizeof catalog_dir, "%s", t_tmpdir());
    const char *extra[] = {"--accounts", "--catalog", catalog_dir, NULL};
    t_serve_launch(extra);
}

TestSuite(pages_team, .init = start_team_with_catalogs, .fini = t_serve_stop, .timeout = 180);

Test(pages_team, a_viewer_is_shown_no_write_button_and_refused_every_write)
{
    long code;
    char csrf[80];
    CURL *h = t_login_as("kensa", VIEWER_PW, &code);
    cr_assert_eq(code, 303);
    static const char *const pages[] = {"/register", "/reminders", "/catalogs",
                                        "/contract/KMS-2026-017"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        t_reply r = t_request(h, "GET", pages[i], NULL);
        cr_expect_eq(r.code, 200, "%s", pages[i]);
        cr_expect_null(strstr(r.body, "/register/import?"), "%s offers an import", pages[i]);
        cr_expect_null(strstr(r.body, "/register/edit/"), "%s offers an edit", pages[i]);
        cr_expect_null(strstr(r.body, "/reminders/send"), "%s offers sending", pages[i]);
        cr_expect_null(strstr(r.body, "/catalogs/import"), "%s offers a catalog import", pages[i]);
        t_reply_free(&r);
    }
    csrf_from(h, "/", csrf, sizeof csrf); /* the sign-out form's */
    t_reply r = t_request(h, "GET", "/register/edit/KMS-2026-017", NULL);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    static const char *const posts[] = {"/register/import", "/register/edit/KMS-2026-017",
                                        "/reminders/send", "/catalogs/import"};
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        static const char *const pairs[] = {"vendor", "見た人", "stamp", "x", NULL};
        curl_mime *m = form(h, pairs, "file", t_src("samples/register/contracts.csv"));
        r = post(h, posts[i], csrf, m);
        cr_expect_eq(r.code, 403, "a viewer's %s answered %ld", posts[i], r.code);
        t_reply_free(&r);
        curl_mime_free(m);
    }
    /* the downloads are reading: a viewer has them */
    r = t_request(h, "GET", "/register/template.csv", NULL);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages_team, staff_edit_the_register_but_only_an_administrator_imports_a_catalog)
{
    long code;
    char csrf[80], stamp[64], fixtures[1024], cmd[4096], *out = NULL, blank[1400];
    snprintf(fixtures, sizeof fixtures, "%s/fx", t_tmpdir());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && /usr/bin/python3 -B '%s' '%s' 2>&1", fixtures,
             t_src("tests/make_import_fixtures.py"), fixtures);
    cr_assert_eq(t_run(cmd, &out), 0, "make_import_fixtures.py failed: %s", out);
    free(out);
    snprintf(blank, sizeof blank, "%s/r8-vendor-blank.xlsx", fixtures);
    t_require_file("the R8 blank", blank);

    CURL *h = t_login_as("tantou", STAFF_PW, &code);
    cr_assert_eq(code, 303);
    t_reply r = t_request(h, "GET", "/register/edit/KMS-2026-017", NULL);
    cr_assert_eq(r.code, 200);
    stamp_of(r.body, stamp, sizeof stamp);
    t_reply_free(&r);
    csrf_from(h, "/register", csrf, sizeof csrf);
    const char *pairs[] = {"stamp", stamp, "vendor", "架空メディカルシステムズ(株)", "doc", "mds",
                           "due", "R9.1.31", "email", "", NULL};
    curl_mime *m = form(h, pairs, NULL, NULL);
    r = post(h, "/register/edit/KMS-2026-017", csrf, m);
    cr_expect_eq(r.code, 200, "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/catalogs", NULL);
    cr_expect_null(strstr(r.body, "/catalogs/import"), "staff are offered a catalog import");
    t_reply_free(&r);
    m = form(h, NULL, "file", blank);
    r = post(h, "/catalogs/import", csrf, m);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);

    h = t_login_as("kanri", ADMIN_PW, &code);
    cr_assert_eq(code, 303);
    csrf_from(h, "/catalogs", csrf, sizeof csrf);
    m = form(h, NULL, "file", blank);
    r = post(h, "/catalogs/import", csrf, m);
    cr_expect_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "mhlw-checklist-r8"), "%s", r.body);
    expect_japanese("/catalogs/import", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c 'mhlw-checklist-r8.*json'", catalog_dir);
    cr_expect_eq(t_run(cmd, &out), 0, "no catalog written into the folder");
    free(out);
    r = t_request(h, "GET", "/audit", NULL);
    cr_expect_not_null(strstr(r.body, "契約を編集しました"), "the edit is not in the audit log");
    cr_expect_not_null(strstr(r.body, "公式の空の様式を取り込みました"),
                       "the import is not in the audit log");
    cr_expect_not_null(strstr(r.body, "として保存"), "the catalog saved is not said: %s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------------ sending */

static char maildir[512];
static t_server smtp;

static void start_with_smtp(void)
{
    char certdir[512], url[64];
    snprintf(certdir, sizeof certdir, "%s", t_tmpdir());
    snprintf(maildir, sizeof maildir, "%s", t_tmpdir());
    t_mail_cert(certdir);
    smtp = t_smtp_start(T_SMTP_STARTTLS, maildir, certdir, NULL, NULL);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", smtp.port);
    static char cacert[600];
    snprintf(cacert, sizeof cacert, "%s/cert.pem", certdir);
    t_serve_make_store();
    const char *extra[] = {"--smtp-url", url, "--from", "it@hospital.example",
                           "--smtp-cacert", cacert, NULL};
    t_serve_launch(extra);
}

static void stop_with_smtp(void)
{
    t_serve_stop();
    t_server_stop(&smtp);
}

TestSuite(pages_smtp, .init = start_with_smtp, .fini = stop_with_smtp, .timeout = 180);

Test(pages_smtp, a_reminder_sent_from_the_page_is_recorded_and_shows_on_its_contract)
{
    CURL *h = t_signed_in();
    char csrf[80];
    t_reply r = t_request(h, "GET", "/reminders", NULL);
    cr_expect_not_null(strstr(r.body, "/reminders/send"), "no send button with SMTP");
    t_reply_free(&r);
    csrf_from(h, "/reminders", csrf, sizeof csrf);
    static const char *const pairs[] = {"contract", "KMS-2026-017", NULL};
    curl_mime *m = form(h, pairs, NULL, NULL);
    r = post(h, "/reminders/send", csrf, m);
    cr_expect_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "送信しました"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    cr_expect_eq(t_mail_count(maildir), 1);
    r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "メールで送信"), "%s", r.body);
    t_reply_free(&r);
    /* the audit log counts what was sent and what failed apart */
    r = t_request(h, "GET", "/audit.csv?action=remind-sent", NULL);
    cr_expect_not_null(strstr(r.body, ",sent=1 skipped=0 failed=0,"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "督促メール 1 通を送信、送れなかったもの 0 件"), "%s",
                       r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(pages_smtp, a_vendor_reminded_shows_its_last_reminder_and_sending_every_mail_skips_it)
{
    CURL *h = t_signed_in();
    char csrf[80];
    csrf_from(h, "/reminders", csrf, sizeof csrf);
    static const char *const pairs[] = {"contract", "KMS-2026-017", NULL};
    curl_mime *m = form(h, pairs, NULL, NULL);
    t_reply r = post(h, "/reminders/send", csrf, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    /* the reminded vendor's section has a date; the others none */
    r = t_request(h, "GET", "/reminders", NULL);
    const char *sec = strstr(r.body, ">KMS-2026-017</a>");
    cr_assert_not_null(sec, "%s", r.body);
    const char *cell = strstr(sec, "前回の督促</th><td>");
    cr_assert_not_null(cell, "%s", r.body);
    cell += strlen("前回の督促</th><td>");
    cr_expect(strncmp(cell, "—", strlen("—")) != 0, "no last reminder shown:\n%s", r.body);
    size_t dashes = 0;
    for (const char *p = r.body; (p = strstr(p, "前回の督促</th><td>—")) != NULL; p++)
        dashes++;
    cr_expect_gt(dashes, 0, "every vendor shows a reminder:\n%s", r.body);
    t_reply_free(&r);
    /* sending every mail skips it (reminded within 7 days) */
    csrf_from(h, "/reminders", csrf, sizeof csrf);
    m = form(h, NULL, NULL, NULL);
    r = post(h, "/reminders/send", csrf, m);
    cr_expect_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "対象外 1、"), "the reminded vendor is not skipped:\n%s",
                       r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
}
