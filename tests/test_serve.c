/*
 * tests/test_serve.c - kaiji serve driven over loopback with libcurl: the
 * token and the session, the security headers, the pages in Japanese, uploads
 * with and without the form's CSRF token, hostile uploads and requests.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/server.h"
#include "support/serve.h"
#include "support/store.h"
#include "support/support.h"

/* The CSRF token of the upload form, copied into buf. */
static void csrf_of(CURL *h, char *buf, size_t size)
{
    t_reply r = t_request(h, "GET", "/upload", NULL);
    const char *p = strstr(r.body, "/upload?csrf=");
    cr_assert_not_null(p, "the upload form has no CSRF token:\n%s", r.body);
    p += strlen("/upload?csrf=");
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    t_reply_free(&r);
}

static curl_mime *files_form(CURL *h, const char *const *paths, const char *const *names,
                             size_t count)
{
    curl_mime *m = curl_mime_init(h);
    for (size_t i = 0; i < count; i++) {
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, "files");
        cr_assert_eq(curl_mime_filedata(part, paths[i]), CURLE_OK);
        if (names && names[i])
            curl_mime_filename(part, names[i]);
    }
    return m;
}

TestSuite(serve, .init = t_serve_start, .fini = t_serve_stop, .timeout = 120);

Test(serve, without_the_token_every_page_is_refused)
{
    static const char *const paths[] = {"/", "/upload", "/contract/KMS-2026-017",
                                        "/report/status.html"};
    CURL *h = curl_easy_init();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        t_reply r = t_request(h, "GET", paths[i], NULL);
        cr_expect_eq(r.code, 403, "%s answered %ld", paths[i], r.code);
        cr_expect_null(strstr(r.body, "KMS-2026-017"), "%s showed a contract", paths[i]);
        t_reply_free(&r);
    }
    curl_easy_cleanup(h);
}

Test(serve, a_wrong_token_is_refused)
{
    CURL *h = curl_easy_init();
    t_reply r = t_request(h, "GET", "/?token=0000", NULL);
    cr_expect_eq(r.code, 403);
    cr_expect_null(strstr(r.headers, "Set-Cookie"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_token_becomes_an_httponly_strict_session_cookie)
{
    CURL *h = curl_easy_init();
    t_reply r = t_request(h, "GET", t_entry_url, NULL);
    cr_expect_eq(r.code, 303);
    cr_expect_not_null(strstr(r.headers, "Set-Cookie: kaiji_session="));
    cr_expect_not_null(strstr(r.headers, "HttpOnly"));
    cr_expect_not_null(strstr(r.headers, "SameSite=Strict"));
    cr_expect_not_null(strstr(r.headers, "Location: /\r\n"), "the token stays in the address");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, every_answer_carries_the_security_headers)
{
    static const char *const paths[] = {"/", "/upload", "/nowhere", "/static/serve.css"};
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        t_reply r = t_request(h, "GET", paths[i], NULL);
        cr_expect_not_null(strstr(r.headers, "Content-Security-Policy: default-src 'self'; "
                                             "frame-ancestors 'none'"),
                           "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "X-Content-Type-Options: nosniff"), "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "X-Frame-Options: DENY"), "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "Cache-Control: no-store"), "%s", paths[i]);
        t_reply_free(&r);
    }
    t_reply r = t_request(h, "GET", "/report/status.html", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "Content-Security-Policy: default-src 'none'"),
                       "the report page loads nothing");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_dashboard_lists_contracts_that_owe_something_first_in_japanese)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "<html lang=\"ja\">"));
    const char *overdue = strstr(r.body, "期限超過");
    const char *none = strstr(r.body, "href=\"/contract/TST-24-003\"");
    const char *late = strstr(r.body, "href=\"/contract/TST-24-001\"");
    cr_assert_not_null(overdue);
    cr_assert_not_null(none, "the contract without patient data is listed");
    cr_assert_not_null(late);
    cr_expect_lt(late, none, "a contract past its due date comes before one that owes nothing");
    cr_expect_null(strstr(r.body, "Dashboard"), "an English word on a Japanese page");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, a_contract_page_shows_its_documents_and_an_unknown_one_is_not_found)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "架空メディカル"));
    cr_expect_not_null(strstr(r.body, "未提出"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/contract/NO-SUCH", NULL);
    cr_expect_eq(r.code, 404);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, an_upload_without_the_forms_token_is_refused_and_records_nothing)
{
    CURL *h = t_signed_in();
    char p0[512];
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/sds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    curl_mime *m = files_form(h, paths, NULL, 1);
    t_reply r = t_request(h, "POST", "/upload", m);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    curl_mime_free(m);
    m = files_form(h, paths, NULL, 1);
    r = t_request(h, "POST", "/upload?csrf=0123", m);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/contract/SMP-2026-0042", NULL);
    cr_expect_null(strstr(r.body, "sds-5.0-good.xlsx"), "a refused upload was recorded");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, an_upload_is_checked_recorded_and_linked_to_its_contract)
{
    CURL *h = t_signed_in();
    char csrf[80], path[128];
    csrf_of(h, csrf, sizeof csrf);
    char p0[512], p1[512];
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    snprintf(p1, sizeof p1, "%s", t_src("samples/checklist/vendor-r8-good.xlsx"));
    const char *paths[] = {p0, p1};
    curl_mime *m = files_form(h, paths, NULL, 2);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    t_reply r = t_request(h, "POST", path, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"));
    cr_expect_not_null(strstr(r.body, "vendor-r8-good.xlsx"));
    cr_expect_not_null(strstr(r.body, "href=\"/contract/KMS-2026-017\""), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "有効"));
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"), "the dashboard does not see it");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, a_contract_page_folds_away_what_was_sent_before_and_shows_the_register_history)
{
    CURL *h = t_signed_in();
    char csrf[80], path[128], p0[512];
    csrf_of(h, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    static const char *const sent[] = {"samples/mds-sds/mds-5.0-missing-answers.xlsx",
                                       "samples/mds-sds/mds-5.0-good.xlsx"};
    for (int i = 0; i < 2; i++) { /* one after the other: the second is the newer */
        snprintf(p0, sizeof p0, "%s", t_src(sent[i]));
        const char *paths[] = {p0};
        curl_mime *m = files_form(h, paths, NULL, 1);
        t_reply r = t_request(h, "POST", path, m);
        cr_assert_eq(r.code, 200, "%s", r.body);
        t_reply_free(&r);
        curl_mime_free(m);
    }
    t_reply r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_assert_eq(r.code, 200);
    const char *older = strstr(r.body, "<details class=\"older\">");
    cr_assert_not_null(older, "the earlier submission is not on the page: %s", r.body);
    cr_expect_not_null(strstr(older, "mds-5.0-missing-answers.xlsx"));
    cr_expect_not_null(strstr(older, "不備あり"), "the earlier one's state: %s", older);
    const char *current = strstr(r.body, "mds-5.0-good.xlsx");
    cr_expect(current && current < older, "the current submission comes first");
    const char *hist = strstr(r.body, "<section class=\"history\">");
    cr_assert_not_null(hist, "no register history");
    cr_expect_not_null(strstr(hist, "追加"), "the import's line, in Japanese");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, hostile_uploads_are_answered_with_their_findings_and_the_server_keeps_serving)
{
    CURL *h = t_signed_in();
    char csrf[80], path[128];
    csrf_of(h, csrf, sizeof csrf);
    static const char *const rel[] = {"random-bytes.xlsx", "external-entity.xml",
                                      "truncated.xlsx", "empty.xlsx"};
    char p[4][512];
    for (int i = 0; i < 4; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", t_src("samples/broken"), rel[i]);
    const char *paths[] = {p[0], p[1], p[2], p[3]};
    const char *names[] = {"<script>alert(1)</script>.xlsx", "../../etc/passwd.xml",
                           "\"onmouseover=x.xlsx", "empty.xlsx"};
    curl_mime *m = files_form(h, paths, names, 4);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    t_reply r = t_request(h, "POST", path, m);
    cr_assert_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "<script>alert"), "a file name reached the page unescaped");
    cr_expect_not_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;.xlsx"));
    cr_expect_null(strstr(r.body, "\"onmouseover"));
    cr_expect_not_null(strstr(r.body, "読めない"), "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200, "the server stopped answering");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, odd_paths_and_methods_reach_no_file)
{
    static const char *const paths[] = {"/../../../../etc/passwd", "/static/../../etc/passwd",
                                        "/static/report.css/../../x", "/%2e%2e/%2e%2e/etc/passwd",
                                        "/contract/../../etc/passwd", "//etc/passwd"};
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        t_reply r = t_request(h, "GET", paths[i], NULL);
        cr_expect(r.code == 404 || r.code == 400, "%s answered %ld", paths[i], r.code);
        cr_expect_null(strstr(r.body, "root:"), "%s showed a system file", paths[i]);
        t_reply_free(&r);
    }
    t_reply r = t_request(h, "DELETE", "/", NULL);
    cr_expect_eq(r.code, 405);
    t_reply_free(&r);
    r = t_request(h, "PUT", "/upload", NULL);
    cr_expect_eq(r.code, 405);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_upload_page_works_without_javascript)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/upload", NULL);
    cr_expect_not_null(strstr(r.body, "enctype=\"multipart/form-data\""));
    cr_expect_not_null(strstr(r.body, "type=\"file\" name=\"files\" multiple"));
    /* a folder: its files go in the same field, sent by the same button */
    cr_expect_not_null(strstr(r.body, "name=\"files\" multiple id=\"folder\" webkitdirectory"));
    cr_expect_not_null(strstr(r.body, "<button type=\"submit\">"));
    cr_expect_null(strstr(r.body, "<script>"), "an inline script");
    t_reply_free(&r);
    r = t_request(h, "GET", "/static/upload.js", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "text/javascript"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve_cli, another_address_without_an_administrator_account_is_a_usage_error)
{
    char cmd[1024], *out = NULL;
    char dir[512];
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(cmd, sizeof cmd, "'%s' serve --listen 0.0.0.0:0 --db '%s/k.db' 2>&1", t_build("kaiji"),
             dir);
    int rc = t_run(cmd, &out);
    cr_expect_eq(rc, 2, "%s", out);
    cr_expect_not_null(strstr(out, "kaiji user add"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' serve --listen nonsense 2>&1", t_build("kaiji"));
    rc = t_run(cmd, &out);
    cr_expect_eq(rc, 2, "%s", out);
    free(out);
}

/* ------------------------------------------------------------ team mode */


TestSuite(team, .init = t_serve_start_team, .fini = t_serve_stop, .timeout = 180);

Test(team, the_address_printed_is_the_login_page_and_the_one_time_key_does_not_exist)
{
    cr_expect_not_null(strstr(t_entry_url, "/login"), "%s", t_entry_url);
    CURL *h = curl_easy_init();
    t_reply r = t_request(h, "GET", "/?token=anything", NULL);
    cr_expect_eq(r.code, 303);
    cr_expect_not_null(strstr(r.headers, "Location: /login"));
    cr_expect_null(strstr(r.headers, "Set-Cookie"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/login", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "type=\"password\""));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, a_wrong_password_is_refused_and_the_right_one_signs_in)
{
    long code;
    CURL *h = t_login_as("kanri", "not-the-password", &code);
    cr_expect_eq(code, 403);
    t_reply r = t_request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 303, "a failed login gave a session");
    t_reply_free(&r);
    curl_easy_cleanup(h);
    h = t_login_as("nobody", "whatever-password", &code);
    cr_expect_eq(code, 403);
    curl_easy_cleanup(h);
    h = t_login_as("kanri", ADMIN_PW, &code);
    cr_expect_eq(code, 303);
    r = t_request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "kanri"), "the page does not say who is signed in");
    cr_expect_not_null(strstr(r.body, "/logout?csrf="));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, a_viewer_reads_and_prints_but_cannot_add_documents)
{
    long code;
    char csrf[80] = "0";
    CURL *h = t_login_as("kensa", VIEWER_PW, &code);
    cr_assert_eq(code, 303);
    t_reply r = t_request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "href=\"/upload\""), "the viewer is offered the upload page");
    const char *p = strstr(r.body, "/logout?csrf=");
    cr_assert_not_null(p);
    sscanf(p, "/logout?csrf=%64[0-9a-f]", csrf);
    t_reply_free(&r);
    r = t_request(h, "GET", "/report/status.html", NULL);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    r = t_request(h, "GET", "/upload", NULL);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    char path[128], p0[512];
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/sds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    curl_mime *m = files_form(h, paths, NULL, 1);
    r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 403, "a viewer's upload answered %ld", r.code);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/audit", NULL);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, repeated_failures_lock_the_account_even_against_the_right_password)
{
    long code;
    for (int i = 0; i < 5; i++)
        curl_easy_cleanup(t_login_as("tantou", "wrong-password-x", &code));
    CURL *h = t_login_as("tantou", STAFF_PW, &code);
    cr_expect_eq(code, 403, "a locked account signed in");
    curl_easy_cleanup(h);
    /* Another account is not locked by it. */
    h = t_login_as("kanri", ADMIN_PW, &code);
    cr_expect_eq(code, 303);
    t_reply r = t_request(h, "GET", "/audit", NULL);
    cr_expect_not_null(strstr(r.body, "サインインに失敗しました"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "失敗が続いたためアカウントがロックされています"), "%s",
                       r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, uploads_and_logins_are_in_the_audit_log_and_its_csv)
{
    long code;
    char csrf[80], path[128], p0[512];
    CURL *h = t_login_as("tantou", STAFF_PW, &code);
    cr_assert_eq(code, 303);
    csrf_of(h, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    const char *names[] = {"=HYPERLINK(\"x\").xlsx"};
    curl_mime *m = files_form(h, paths, names, 1);
    t_reply r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
    h = t_login_as("kanri", ADMIN_PW, &code);
    r = t_request(h, "GET", "/audit", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "upload"));
    cr_expect_not_null(strstr(r.body, "KMS-2026-017"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "attachment"));
    /* the columns of before first, for the programs that read them */
    static const char header[] = "\xEF\xBB\xBF" "id,at,actor,action,target,detail,when_local,"
                                 "action_words,detail_words\r\n";
    cr_expect_eq(strncmp(r.body, header, sizeof header - 1), 0, "%.60s", r.body);
    cr_expect_not_null(strstr(r.body, "\"'=HYPERLINK"), "a formula reached the CSV:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, ",tantou,upload,"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, the_audit_log_cannot_be_changed_or_shortened)
{
    long code;
    curl_easy_cleanup(t_login_as("kanri", ADMIN_PW, &code));
    ts_env e = {.pg = kaiji_store_is_uri(t_db_path)};
    snprintf(e.db, sizeof e.db, "%s", t_db_path);
    cr_expect_gt(ts_count(&e, "SELECT count(*) FROM audit_log"), 0);
    char *err = ts_try_exec(&e, "UPDATE audit_log SET actor = 'someone else'");
    cr_expect_not_null(err, "the audit log was changed");
    free(err);
    cr_expect_not_null(err = ts_try_exec(&e, "DELETE FROM audit_log"), "the audit log was shortened");
    free(err);
}

Test(team, signing_out_ends_the_session_and_a_form_from_another_site_is_refused)
{
    long code;
    char csrf[80] = "";
    CURL *h = t_login_as("kanri", ADMIN_PW, &code);
    t_reply r = t_request(h, "GET", "/", NULL);
    const char *p = strstr(r.body, "/logout?csrf=");
    cr_assert_not_null(p);
    sscanf(p, "/logout?csrf=%64[0-9a-f]", csrf);
    t_reply_free(&r);

    struct curl_slist *hdr = curl_slist_append(NULL, "Origin: http://evil.example");
    char path[128];
    snprintf(path, sizeof path, "/logout?csrf=%s", csrf);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_mime *m = curl_mime_init(h);
    r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 403, "a form from another site was taken");
    t_reply_free(&r);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 303);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_slist_free_all(hdr);
    r = t_request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 303, "the session outlived signing out");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team_cli, accounts_need_a_role_and_a_long_enough_password)
{
    char cmd[4096], kaiji[512], loc[512], *out = NULL;
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(t_db_path, sizeof t_db_path, "%s/k.db", t_tmpdir());
    snprintf(cmd, sizeof cmd, "KAIJI_PASSWORD=short '%s' user add --db '%s' --role admin a 2>&1",
             kaiji, t_db_path);
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "KAIJI_PASSWORD=long-enough-pw '%s' user add --db '%s' --role boss a 2>&1", kaiji,
             t_db_path);
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "KAIJI_PASSWORD=long-enough-pw LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' '%s' user add "
             "--db '%s' --role viewer 検査員 && LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' '%s' user "
             "list --db '%s'",
             loc, kaiji, t_db_path, loc, kaiji, t_db_path);
    cr_expect_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect_not_null(strstr(out, "検査員"), "%s", out);
    cr_expect_null(strstr(out, "viewer"), "a role shown as its code: %s", out);
    free(out);
}

Test(team_cli, https_gives_a_secure_cookie)
{
    char cmd[2048], dir[512], cert[600], key[600];
    long code;
    t_require_tool("openssl", "openssl version >/dev/null 2>&1");
    t_serve_make_store();
    t_serve_add_user("kanri", "admin", ADMIN_PW);
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 2 "
             "-subj /CN=127.0.0.1 >/dev/null 2>&1",
             key, cert);
    cr_assert_eq(system(cmd), 0);
    const char *extra[] = {"--accounts", "--tls-cert", cert, "--tls-key", key, NULL};
    t_serve_launch(extra);
    cr_expect_eq(strncmp(t_entry_url, "https://", 8), 0, "%s", t_entry_url);
    CURL *h = curl_easy_init();
    t_sink head = {0};
    char body[128], url[128];
    snprintf(body, sizeof body, "user=kanri&password=%s", ADMIN_PW);
    snprintf(url, sizeof url, "%s/login", t_base_url);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, t_collect);
    t_sink out = {0};
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    cr_expect_eq(code, 303);
    cr_expect_not_null(head.data && strstr(head.data, "; Secure"), "%s", head.data);
    free(head.data);
    free(out.data);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(team_cli, the_commands_that_change_the_store_write_the_audit_log)
{
    char cmd[4096], kaiji[512], *out = NULL;
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    t_serve_make_store(); /* a register import, by the command */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && USER=tantou '%s' ingest --db '%s' --as-of 2026-11-26 "
             "samples/mds-sds/mds-5.0-good.xlsx >/dev/null && USER=tantou '%s' link --db '%s' "
             "samples/mds-sds/mds-5.0-good.xlsx KMS-2026-018 >/dev/null",
             KAIJI_SOURCE_DIR, kaiji, t_db_path, kaiji, t_db_path);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
    ts_env e = {.pg = kaiji_store_is_uri(t_db_path)};
    snprintf(e.db, sizeof e.db, "%s", t_db_path);
    char *log = ts_text(&e, e.pg ? "SELECT string_agg(actor || ':' || action || ':' || target, ' '"
                                   " ORDER BY id) FROM audit_log"
                                 : "SELECT group_concat(actor || ':' || action || ':' || target,"
                                   " ' ') FROM (SELECT * FROM audit_log ORDER BY id)");
    cr_expect(log && strstr(log, ":register-import:"), "%s", log);
    cr_expect(log && strstr(log, "tantou:ingest:"), "%s", log);
    cr_expect(log && strstr(log, "tantou:link:KMS-2026-018"), "%s", log);
    free(log);
}

Test(serve, more_files_than_one_upload_may_carry_are_refused_and_none_recorded)
{
    CURL *h = t_signed_in();
    char csrf[80], path[128], p0[512], name[32];
    csrf_of(h, csrf, sizeof csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    curl_mime *m = curl_mime_init(h);
    for (int i = 0; i <= KAIJI_SERVER_MAX_FILES; i++) {
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, "files");
        cr_assert_eq(curl_mime_filedata(part, p0), CURLE_OK);
        snprintf(name, sizeof name, "f%d.xlsx", i);
        curl_mime_filename(part, name);
    }
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    t_reply r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 413, "%ld", r.code);
    t_reply_free(&r);
    curl_mime_free(m);
    r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_null(strstr(r.body, "f0.xlsx"), "a refused upload was recorded");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------ the audit filter */

#include <sys/stat.h>
#include <time.h>

/* Lines of a CSV body after its header (every line ends with CRLF). */
static size_t csv_rows(const char *body)
{
    size_t n = 0;
    for (const char *p = body; (p = strstr(p, "\r\n")); p += 2)
        n++;
    return n ? n - 1 : 0;
}

Test(serve, the_audit_log_filters_by_person_action_and_days_and_its_csv_holds_what_it_shows)
{
    char csrf[80], path[128], p0[512];
    CURL *h = t_signed_in();
    csrf_of(h, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    curl_mime *m = files_form(h, paths, NULL, 1);
    t_reply r = t_request(h, "POST", path, m);
    cr_assert_eq(r.code, 200);
    t_reply_free(&r);
    curl_mime_free(m);

    /* The form: a GET form with the people and actions of the log to choose. */
    r = t_request(h, "GET", "/audit", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "<form method=\"get\" action=\"/audit\""), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "<option value=\"local\">"));
    cr_expect_not_null(strstr(r.body, "<option value=\"upload\">"));
    cr_expect_not_null(strstr(r.body, "<option value=\"register-import\">"));
    cr_expect_not_null(strstr(r.body, "type=\"date\" name=\"from\""));
    cr_expect_not_null(strstr(r.body, "formaction=\"/audit.csv\""));
    t_reply_free(&r);

    /* By person and action: only the upload. */
    r = t_request(h, "GET", "/audit?actor=local&action=upload&from=&to=", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"));
    cr_expect_null(strstr(r.body, ">register-import<"), "another action shown");
    cr_expect_not_null(strstr(r.body, "<option value=\"local\" selected>"), "the choice is lost");
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?actor=local&action=upload", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_eq(csv_rows(r.body), 1, "%s", r.body);
    cr_expect_not_null(strstr(r.body, ",local,upload,"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?action=register-import", NULL);
    cr_expect_eq(csv_rows(r.body), 1, "%s", r.body);
    cr_expect_null(strstr(r.body, ",upload,"));
    t_reply_free(&r);

    /* By days: the log's times are today's, days of the local time. */
    r = t_request(h, "GET", "/audit.csv?to=2000-01-31", NULL);
    cr_expect_eq(csv_rows(r.body), 0, "%s", r.body);
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?from=2000-01-01&action=upload", NULL);
    cr_expect_eq(csv_rows(r.body), 1, "%s", r.body);
    t_reply_free(&r);
    time_t now = time(NULL);
    struct tm tm;
    char today[32], q[128];
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    snprintf(q, sizeof q, "/audit.csv?from=%s&to=%s&action=upload", today, today);
    r = t_request(h, "GET", q, NULL);
    cr_expect_eq(csv_rows(r.body), 1, "a range of one day leaves out that day: %s", r.body);
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit?actor=nobody", NULL);
    cr_expect_null(strstr(r.body, "mds-5.0-good.xlsx"));
    t_reply_free(&r);

    /* A date that is not one: said, not a failure. */
    r = t_request(h, "GET", "/audit?from=2026-13-45", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "class=\"notice\""));
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?from=yesterday", NULL);
    cr_expect_eq(r.code, 400);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ---------------------------------------------------- the watched folder */

static char watch_dir[600];

static void start_watch(void)
{
    static const char *extra[] = {"--watch", watch_dir, "--watch-interval", "0.05", NULL};
    t_serve_make_store();
    snprintf(watch_dir, sizeof watch_dir, "%s/添付ファイル", t_tmpdir());
    cr_assert_eq(mkdir(watch_dir, 0700), 0);
    t_serve_launch(extra);
}

TestSuite(serve_watch, .init = start_watch, .fini = t_serve_stop, .timeout = 120);

/* The dashboard, once it holds what (waiting for it, not for a time: at most
 * the suite's timeout). */
static t_reply dashboard_with(CURL *h, const char *what)
{
    for (;;) {
        t_reply r = t_request(h, "GET", "/", NULL);
        cr_assert_eq(r.code, 200);
        if (strstr(r.body, what))
            return r;
        t_reply_free(&r);
        usleep(50000);
    }
}

static void save_in_watch(const char *sample, const char *name)
{
    size_t len = 0;
    char path[900];
    char *data = t_slurp(t_src(sample), &len);
    snprintf(path, sizeof path, "%s/%s", watch_dir, name);
    t_spit(path, data, len);
    free(data);
}

Test(serve_watch, a_file_saved_in_the_folder_shows_on_the_dashboard_without_a_button)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/", NULL);
    cr_expect_not_null(strstr(r.body, "id=\"watch\""), "the dashboard says nothing of the folder");
    cr_expect_not_null(strstr(r.body, "添付ファイル"));
    cr_expect_null(strstr(r.body, "Watched folder"), "an English word on a Japanese page");
    cr_expect_not_null(strstr(r.body, "href=\"/audit?actor=watch\""));
    t_reply_free(&r);
    save_in_watch("samples/mds-sds/mds-5.0-good.xlsx", "KMS-2026-017_mds.xlsx");
    r = dashboard_with(h, "KMS-2026-017_mds.xlsx");
    t_reply_free(&r);
    r = t_request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "KMS-2026-017_mds.xlsx"), "not linked to its contract");
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?actor=watch", NULL);
    cr_expect_eq(csv_rows(r.body), 1, "%s", r.body);
    cr_expect_not_null(strstr(r.body, ",watch,ingest,KMS-2026-017,"), "%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve_watch, a_hostile_file_in_the_folder_is_not_read_and_the_server_keeps_serving)
{
    static const char broken[] = "PK\x03\x04 not the rest of an archive";
    char path[900];
    CURL *h = t_signed_in();
    snprintf(path, sizeof path, "%s/evil.zip", watch_dir);
    t_spit(path, broken, sizeof broken - 1);
    t_reply r = dashboard_with(h, "evil.zip");
    t_reply_free(&r);
    save_in_watch("samples/mds-sds/mds-5.0-good.xlsx", "after.xlsx");
    r = dashboard_with(h, "after.xlsx");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve_watch, a_folder_that_vanishes_is_said_on_the_dashboard)
{
    char gone[700];
    CURL *h = t_signed_in();
    snprintf(gone, sizeof gone, "%s/moved", t_tmpdir());
    cr_assert_eq(rename(watch_dir, gone), 0);
    t_reply r = dashboard_with(h, "class=\"notice\"");
    t_reply_free(&r);
    cr_assert_eq(rename(gone, watch_dir), 0);
    save_in_watch("samples/mds-sds/mds-5.0-good.xlsx", "back.xlsx");
    r = dashboard_with(h, "back.xlsx");
    cr_expect_null(strstr(r.body, "class=\"notice\""), "the folder is back");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* A watched folder that is not there, or a file, is refused at the start
 * (exit 2), before the store is opened (here in a folder that is not there
 * either: it would fail otherwise), not watched in vain. */
Test(serve_cli, a_watched_folder_that_is_a_file_is_refused_and_one_not_there_yet_is_warned_of)
{
    const char *dir = t_tmpdir();
    char file[700];
    snprintf(file, sizeof file, "%s/attachment.xlsx", dir);
    t_spit(file, "x", 1);
    /* The store under a folder that does not exist: a server that goes past
     * the check stops there (exit 3, the store not made), before it listens. */
    static const char *const names[] = {"nowhere", "attachment.xlsx", "attachment.xlsx/sub"};
    static const int exits[] = {3, 2, 2};
    static const char *const says[] = {"given with --watch is not there yet",
                                       "given with --watch, is not a folder",
                                       "given with --watch does not exist"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char cmd[2400], *out = NULL;
        snprintf(cmd, sizeof cmd,
                 "LC_ALL=C LANGUAGE= '%s' serve --watch '%s/%s' --db '%s/no/such/kaiji.db' 2>&1",
                 t_build("kaiji"), dir, names[i], dir);
        cr_expect_eq(t_run(cmd, &out), exits[i], "%s: %s", names[i], out);
        cr_expect(out && strstr(out, says[i]), "%s: %s", names[i], out);
        free(out);
    }
}

Test(serve_cli, a_watch_interval_that_is_not_a_number_of_seconds_is_a_usage_error)
{
    static const char *const bad[] = {"0", "0.01", "abc", "3601", "-1", "2s"};
    char cmd[1024];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out = NULL;
        snprintf(cmd, sizeof cmd, "'%s' serve --watch . --watch-interval '%s' 2>&1",
                 t_build("kaiji"), bad[i]);
        cr_expect_eq(t_run(cmd, &out), 2, "%s: %s", bad[i], out);
        cr_expect_not_null(strstr(out, "--watch-interval"), "%s", out);
        free(out);
    }
}
