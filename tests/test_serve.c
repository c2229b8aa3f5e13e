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
#include "support/support.h"

/* One server for the suite: started in setup, stopped in teardown. */
static pid_t server_pid;
static char base_url[64];   /* http://127.0.0.1:PORT */
static char entry_url[512]; /* with ?token= */
static char db_path[512];

typedef struct reply {
    long code;
    char *body;
    size_t size;
    char *headers;
    size_t hsize;
} reply;

static size_t collect(char *p, size_t size, size_t n, void *userp)
{
    char **buf = userp;
    size_t *len = (size_t *)(buf + 1);
    size_t add = size * n;
    char *grown = realloc(*buf, *len + add + 1);
    cr_assert_not_null(grown);
    memcpy(grown + *len, p, add);
    *len += add;
    grown[*len] = '\0';
    *buf = grown;
    return add;
}

typedef struct sink {
    char *data;
    size_t len;
} sink;

/* A request: method GET unless post (multipart) or custom; cookie jar shared
 * through the handle the caller gives, or a fresh one. */
static reply request(CURL *h, const char *method, const char *path, curl_mime *mime)
{
    char url[1024];
    sink body = {0}, head = {0};
    reply r = {0};
    snprintf(url, sizeof url, "%s%s", strncmp(path, "http", 4) == 0 ? "" : base_url, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    if (!mime)
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK, "request %s %s failed", method, path);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.code);
    r.body = body.data ? body.data : strdup("");
    r.size = body.len;
    r.headers = head.data ? head.data : strdup("");
    r.hsize = head.len;
    return r;
}

static void reply_free(reply *r)
{
    free(r->body);
    free(r->headers);
}

/* A handle that holds a session: it has opened the printed URL. */
static CURL *signed_in(void)
{
    CURL *h = curl_easy_init();
    cr_assert_not_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    reply r = request(h, "GET", entry_url, NULL);
    cr_assert_eq(r.code, 303, "the token did not sign in: %ld", r.code);
    reply_free(&r);
    return h;
}

/* The CSRF token of the upload form, copied into buf. */
static void csrf_of(CURL *h, char *buf, size_t size)
{
    reply r = request(h, "GET", "/upload", NULL);
    const char *p = strstr(r.body, "/upload?csrf=");
    cr_assert_not_null(p, "the upload form has no CSRF token:\n%s", r.body);
    p += strlen("/upload?csrf=");
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    reply_free(&r);
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

/* Starts kaiji serve on the store db_path with extra arguments (NULL-ended)
 * and waits for the address it prints (tests/support/serve.h). */
static t_serve server;

static void launch(const char *const *extra)
{
    t_serve_start(&server, db_path, extra);
    server_pid = server.pid;
    snprintf(base_url, sizeof base_url, "%s", server.base);
    snprintf(entry_url, sizeof entry_url, "%s", server.entry);
}

/* A fresh store holding the samples' register. */
static void make_store(void)
{
    snprintf(db_path, sizeof db_path, "%s", t_serve_store());
}

static void start_server(void)
{
    make_store();
    launch(NULL);
}

static void stop_server(void)
{
    server.pid = server_pid;
    t_serve_stop(&server);
    server_pid = 0;
}

TestSuite(serve, .init = start_server, .fini = stop_server, .timeout = 120);

Test(serve, without_the_token_every_page_is_refused)
{
    static const char *const paths[] = {"/", "/upload", "/contract/KMS-2026-017",
                                        "/report/status.html"};
    CURL *h = curl_easy_init();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        reply r = request(h, "GET", paths[i], NULL);
        cr_expect_eq(r.code, 403, "%s answered %ld", paths[i], r.code);
        cr_expect_null(strstr(r.body, "KMS-2026-017"), "%s showed a contract", paths[i]);
        reply_free(&r);
    }
    curl_easy_cleanup(h);
}

Test(serve, a_wrong_token_is_refused)
{
    CURL *h = curl_easy_init();
    reply r = request(h, "GET", "/?token=0000", NULL);
    cr_expect_eq(r.code, 403);
    cr_expect_null(strstr(r.headers, "Set-Cookie"));
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_token_becomes_an_httponly_strict_session_cookie)
{
    CURL *h = curl_easy_init();
    reply r = request(h, "GET", entry_url, NULL);
    cr_expect_eq(r.code, 303);
    cr_expect_not_null(strstr(r.headers, "Set-Cookie: kaiji_session="));
    cr_expect_not_null(strstr(r.headers, "HttpOnly"));
    cr_expect_not_null(strstr(r.headers, "SameSite=Strict"));
    cr_expect_not_null(strstr(r.headers, "Location: /\r\n"), "the token stays in the address");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, every_answer_carries_the_security_headers)
{
    static const char *const paths[] = {"/", "/upload", "/nowhere", "/static/serve.css"};
    CURL *h = signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        reply r = request(h, "GET", paths[i], NULL);
        cr_expect_not_null(strstr(r.headers, "Content-Security-Policy: default-src 'self'; "
                                             "frame-ancestors 'none'"),
                           "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "X-Content-Type-Options: nosniff"), "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "X-Frame-Options: DENY"), "%s", paths[i]);
        cr_expect_not_null(strstr(r.headers, "Cache-Control: no-store"), "%s", paths[i]);
        reply_free(&r);
    }
    reply r = request(h, "GET", "/report/status.html", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "Content-Security-Policy: default-src 'none'"),
                       "the report page loads nothing");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_dashboard_lists_contracts_that_owe_something_first_in_japanese)
{
    CURL *h = signed_in();
    reply r = request(h, "GET", "/", NULL);
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
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, a_contract_page_shows_its_documents_and_an_unknown_one_is_not_found)
{
    CURL *h = signed_in();
    reply r = request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "架空メディカル"));
    cr_expect_not_null(strstr(r.body, "未提出"));
    reply_free(&r);
    r = request(h, "GET", "/contract/NO-SUCH", NULL);
    cr_expect_eq(r.code, 404);
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, an_upload_without_the_forms_token_is_refused_and_records_nothing)
{
    CURL *h = signed_in();
    char p0[512];
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/sds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    curl_mime *m = files_form(h, paths, NULL, 1);
    reply r = request(h, "POST", "/upload", m);
    cr_expect_eq(r.code, 403);
    reply_free(&r);
    curl_mime_free(m);
    m = files_form(h, paths, NULL, 1);
    r = request(h, "POST", "/upload?csrf=0123", m);
    cr_expect_eq(r.code, 403);
    reply_free(&r);
    curl_mime_free(m);
    r = request(h, "GET", "/contract/SMP-2026-0042", NULL);
    cr_expect_null(strstr(r.body, "sds-5.0-good.xlsx"), "a refused upload was recorded");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, an_upload_is_checked_recorded_and_linked_to_its_contract)
{
    CURL *h = signed_in();
    char csrf[80], path[128];
    csrf_of(h, csrf, sizeof csrf);
    char p0[512], p1[512];
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    snprintf(p1, sizeof p1, "%s", t_src("samples/checklist/vendor-r8-good.xlsx"));
    const char *paths[] = {p0, p1};
    curl_mime *m = files_form(h, paths, NULL, 2);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    reply r = request(h, "POST", path, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"));
    cr_expect_not_null(strstr(r.body, "vendor-r8-good.xlsx"));
    cr_expect_not_null(strstr(r.body, "href=\"/contract/KMS-2026-017\""), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "有効"));
    reply_free(&r);
    curl_mime_free(m);
    r = request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"), "the dashboard does not see it");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, hostile_uploads_are_answered_with_their_findings_and_the_server_keeps_serving)
{
    CURL *h = signed_in();
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
    reply r = request(h, "POST", path, m);
    cr_assert_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "<script>alert"), "a file name reached the page unescaped");
    cr_expect_not_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;.xlsx"));
    cr_expect_null(strstr(r.body, "\"onmouseover"));
    cr_expect_not_null(strstr(r.body, "読めない"), "%s", r.body);
    reply_free(&r);
    curl_mime_free(m);
    r = request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200, "the server stopped answering");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, odd_paths_and_methods_reach_no_file)
{
    static const char *const paths[] = {"/../../../../etc/passwd", "/static/../../etc/passwd",
                                        "/static/report.css/../../x", "/%2e%2e/%2e%2e/etc/passwd",
                                        "/contract/../../etc/passwd", "//etc/passwd"};
    CURL *h = signed_in();
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        reply r = request(h, "GET", paths[i], NULL);
        cr_expect(r.code == 404 || r.code == 400, "%s answered %ld", paths[i], r.code);
        cr_expect_null(strstr(r.body, "root:"), "%s showed a system file", paths[i]);
        reply_free(&r);
    }
    reply r = request(h, "DELETE", "/", NULL);
    cr_expect_eq(r.code, 405);
    reply_free(&r);
    r = request(h, "PUT", "/upload", NULL);
    cr_expect_eq(r.code, 405);
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(serve, the_upload_page_works_without_javascript)
{
    CURL *h = signed_in();
    reply r = request(h, "GET", "/upload", NULL);
    cr_expect_not_null(strstr(r.body, "enctype=\"multipart/form-data\""));
    cr_expect_not_null(strstr(r.body, "type=\"file\" name=\"files\" multiple"));
    cr_expect_not_null(strstr(r.body, "<button type=\"submit\">"));
    reply_free(&r);
    r = request(h, "GET", "/static/upload.js", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "text/javascript"));
    reply_free(&r);
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

#include <sqlite3.h>

#define ADMIN_PW "admin-password-1"
#define STAFF_PW "staff-password-1"
#define VIEWER_PW "viewer-password-1"

static void add_user(const char *name, const char *role, const char *pw)
{
    char cmd[2048], kaiji[512];
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "KAIJI_PASSWORD='%s' '%s' user add --db '%s' --role %s %s >/dev/null",
             pw, kaiji, db_path, role, name);
    cr_assert_eq(system(cmd), 0, "kaiji user add %s failed", name);
}

static void start_team(void)
{
    static const char *const extra[] = {"--accounts", NULL};
    make_store();
    add_user("kanri", "admin", ADMIN_PW);
    add_user("tantou", "staff", STAFF_PW);
    add_user("kensa", "viewer", VIEWER_PW);
    launch(extra);
}

/* A handle signed in as user with pw; the login's reply code in *code. */
static CURL *login_as(const char *user, const char *pw, long *code)
{
    CURL *h = curl_easy_init();
    char body[256];
    sink out = {0};
    cr_assert_not_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    snprintf(body, sizeof body, "user=%s&password=%s", user, pw);
    char url[128];
    snprintf(url, sizeof url, "%s/login", base_url);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
    free(out.data);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    return h;
}

TestSuite(team, .init = start_team, .fini = stop_server, .timeout = 180);

Test(team, the_address_printed_is_the_login_page_and_the_one_time_key_does_not_exist)
{
    cr_expect_not_null(strstr(entry_url, "/login"), "%s", entry_url);
    CURL *h = curl_easy_init();
    reply r = request(h, "GET", "/?token=anything", NULL);
    cr_expect_eq(r.code, 303);
    cr_expect_not_null(strstr(r.headers, "Location: /login"));
    cr_expect_null(strstr(r.headers, "Set-Cookie"));
    reply_free(&r);
    r = request(h, "GET", "/login", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "type=\"password\""));
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, a_wrong_password_is_refused_and_the_right_one_signs_in)
{
    long code;
    CURL *h = login_as("kanri", "not-the-password", &code);
    cr_expect_eq(code, 403);
    reply r = request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 303, "a failed login gave a session");
    reply_free(&r);
    curl_easy_cleanup(h);
    h = login_as("nobody", "whatever-password", &code);
    cr_expect_eq(code, 403);
    curl_easy_cleanup(h);
    h = login_as("kanri", ADMIN_PW, &code);
    cr_expect_eq(code, 303);
    r = request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "kanri"), "the page does not say who is signed in");
    cr_expect_not_null(strstr(r.body, "/logout?csrf="));
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, a_viewer_reads_and_prints_but_cannot_add_documents)
{
    long code;
    char csrf[80] = "0";
    CURL *h = login_as("kensa", VIEWER_PW, &code);
    cr_assert_eq(code, 303);
    reply r = request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "href=\"/upload\""), "the viewer is offered the upload page");
    const char *p = strstr(r.body, "/logout?csrf=");
    cr_assert_not_null(p);
    sscanf(p, "/logout?csrf=%64[0-9a-f]", csrf);
    reply_free(&r);
    r = request(h, "GET", "/report/status.html", NULL);
    cr_expect_eq(r.code, 200);
    reply_free(&r);
    r = request(h, "GET", "/upload", NULL);
    cr_expect_eq(r.code, 403);
    reply_free(&r);
    char path[128], p0[512];
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/sds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    curl_mime *m = files_form(h, paths, NULL, 1);
    r = request(h, "POST", path, m);
    cr_expect_eq(r.code, 403, "a viewer's upload answered %ld", r.code);
    reply_free(&r);
    curl_mime_free(m);
    r = request(h, "GET", "/audit", NULL);
    cr_expect_eq(r.code, 403);
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, repeated_failures_lock_the_account_even_against_the_right_password)
{
    long code;
    for (int i = 0; i < 5; i++)
        curl_easy_cleanup(login_as("tantou", "wrong-password-x", &code));
    CURL *h = login_as("tantou", STAFF_PW, &code);
    cr_expect_eq(code, 403, "a locked account signed in");
    curl_easy_cleanup(h);
    /* Another account is not locked by it. */
    h = login_as("kanri", ADMIN_PW, &code);
    cr_expect_eq(code, 303);
    reply r = request(h, "GET", "/audit", NULL);
    cr_expect_not_null(strstr(r.body, "login-failed"));
    cr_expect_not_null(strstr(r.body, "locked"));
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, uploads_and_logins_are_in_the_audit_log_and_its_csv)
{
    long code;
    char csrf[80], path[128], p0[512];
    CURL *h = login_as("tantou", STAFF_PW, &code);
    cr_assert_eq(code, 303);
    csrf_of(h, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    snprintf(p0, sizeof p0, "%s", t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    const char *paths[] = {p0};
    const char *names[] = {"=HYPERLINK(\"x\").xlsx"};
    curl_mime *m = files_form(h, paths, names, 1);
    reply r = request(h, "POST", path, m);
    cr_expect_eq(r.code, 200);
    reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
    h = login_as("kanri", ADMIN_PW, &code);
    r = request(h, "GET", "/audit", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "upload"));
    cr_expect_not_null(strstr(r.body, "KMS-2026-017"));
    reply_free(&r);
    r = request(h, "GET", "/audit.csv", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.headers, "attachment"));
    static const char header[] = "\xEF\xBB\xBF" "id,at,actor,action,target,detail\r\n";
    cr_expect_eq(strncmp(r.body, header, sizeof header - 1), 0, "%.60s", r.body);
    cr_expect_not_null(strstr(r.body, "\"'=HYPERLINK"), "a formula reached the CSV:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, ",tantou,upload,"));
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team, the_audit_log_cannot_be_changed_or_shortened)
{
    sqlite3 *db;
    char *err = NULL;
    long code;
    curl_easy_cleanup(login_as("kanri", ADMIN_PW, &code));
    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    cr_expect_neq(sqlite3_exec(db, "UPDATE audit_log SET actor = 'someone else'", NULL, NULL, &err),
                  SQLITE_OK);
    sqlite3_free(err);
    err = NULL;
    cr_expect_neq(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, &err), SQLITE_OK);
    sqlite3_free(err);
    sqlite3_close(db);
}

Test(team, signing_out_ends_the_session_and_a_form_from_another_site_is_refused)
{
    long code;
    char csrf[80] = "";
    CURL *h = login_as("kanri", ADMIN_PW, &code);
    reply r = request(h, "GET", "/", NULL);
    const char *p = strstr(r.body, "/logout?csrf=");
    cr_assert_not_null(p);
    sscanf(p, "/logout?csrf=%64[0-9a-f]", csrf);
    reply_free(&r);

    struct curl_slist *hdr = curl_slist_append(NULL, "Origin: http://evil.example");
    char path[128];
    snprintf(path, sizeof path, "/logout?csrf=%s", csrf);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_mime *m = curl_mime_init(h);
    r = request(h, "POST", path, m);
    cr_expect_eq(r.code, 403, "a form from another site was taken");
    reply_free(&r);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    r = request(h, "POST", path, m);
    cr_expect_eq(r.code, 303);
    reply_free(&r);
    curl_mime_free(m);
    curl_slist_free_all(hdr);
    r = request(h, "GET", "/", NULL);
    cr_expect_eq(r.code, 303, "the session outlived signing out");
    reply_free(&r);
    curl_easy_cleanup(h);
}

Test(team_cli, accounts_need_a_role_and_a_long_enough_password)
{
    char cmd[4096], kaiji[512], loc[512], *out = NULL;
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(db_path, sizeof db_path, "%s/k.db", t_tmpdir());
    snprintf(cmd, sizeof cmd, "KAIJI_PASSWORD=short '%s' user add --db '%s' --role admin a 2>&1",
             kaiji, db_path);
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "KAIJI_PASSWORD=long-enough-pw '%s' user add --db '%s' --role boss a 2>&1", kaiji,
             db_path);
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "KAIJI_PASSWORD=long-enough-pw LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' '%s' user add "
             "--db '%s' --role viewer 検査員 && LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' '%s' user "
             "list --db '%s'",
             loc, kaiji, db_path, loc, kaiji, db_path);
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
    make_store();
    add_user("kanri", "admin", ADMIN_PW);
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 2 "
             "-subj /CN=127.0.0.1 >/dev/null 2>&1",
             key, cert);
    cr_assert_eq(system(cmd), 0);
    const char *extra[] = {"--accounts", "--tls-cert", cert, "--tls-key", key, NULL};
    launch(extra);
    cr_expect_eq(strncmp(entry_url, "https://", 8), 0, "%s", entry_url);
    CURL *h = curl_easy_init();
    sink head = {0};
    char body[128], url[128];
    snprintf(body, sizeof body, "user=kanri&password=%s", ADMIN_PW);
    snprintf(url, sizeof url, "%s/login", base_url);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    sink out = {0};
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    cr_expect_eq(code, 303);
    cr_expect_not_null(head.data && strstr(head.data, "; Secure"), "%s", head.data);
    free(head.data);
    free(out.data);
    curl_easy_cleanup(h);
    stop_server();
}

Test(team_cli, the_commands_that_change_the_store_write_the_audit_log)
{
    char cmd[4096], kaiji[512], *out = NULL;
    sqlite3 *db;
    sqlite3_stmt *s;
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    make_store(); /* a register import, by the command */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && USER=tantou '%s' ingest --db '%s' --as-of 2026-11-26 "
             "samples/mds-sds/mds-5.0-good.xlsx >/dev/null && USER=tantou '%s' link --db '%s' "
             "samples/mds-sds/mds-5.0-good.xlsx KMS-2026-018 >/dev/null",
             KAIJI_SOURCE_DIR, kaiji, db_path, kaiji, db_path);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT group_concat(actor || ':' || action || ':' || target, ' ')"
                                        " FROM (SELECT * FROM audit_log ORDER BY id)",
                                    -1, &s, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    const char *log = (const char *)sqlite3_column_text(s, 0);
    cr_expect(log && strstr(log, ":register-import:"), "%s", log);
    cr_expect(log && strstr(log, "tantou:ingest:"), "%s", log);
    cr_expect(log && strstr(log, "tantou:link:KMS-2026-018"), "%s", log);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

Test(serve, more_files_than_one_upload_may_carry_are_refused_and_none_recorded)
{
    CURL *h = signed_in();
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
    reply r = request(h, "POST", path, m);
    cr_expect_eq(r.code, 413, "%ld", r.code);
    reply_free(&r);
    curl_mime_free(m);
    r = request(h, "GET", "/contract/KMS-2026-017", NULL);
    cr_expect_null(strstr(r.body, "f0.xlsx"), "a refused upload was recorded");
    reply_free(&r);
    curl_easy_cleanup(h);
}
