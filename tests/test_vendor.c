/*
 * tests/test_vendor.c - kaiji serve --vendor-portal over loopback with
 * libcurl: the round trip of issue 13 (a reminder made with the portal's
 * address, the link taken from the .eml, a flawed file, its findings, the
 * fixed file, the contract complete), a link that sees one contract only,
 * expired, revoked and unknown links alike, hostile files through a link,
 * English by the browser's language, the hourly bound, the portal off.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaiji/store.h"
#include "support/mail.h"
#include "support/serve.h"
#include "support/support.h"

#define AS_OF "2026-11-26"
#define CONTRACT "SMD-2026-001" /* due 2026-12-25: MDS and checklist owed */
#define VENDOR_MAIL "security@sample-iryoukiki.example"

/* t_src and t_build share one buffer: a copy that lasts for a few calls. */
static const char *keep(const char *path)
{
    static char ring[8][1024];
    static unsigned next;
    char *b = ring[next++ % 8];
    snprintf(b, sizeof ring[0], "%s", path);
    return b;
}
#define SRC(rel) keep(t_src(rel))
#define BUILD(rel) keep(t_build(rel))

/* A request with h: GET path (or POST mime when not NULL), with
 * Accept-Language lang when not NULL. */
static t_reply request_lang(CURL *h, const char *path, curl_mime *mime, const char *lang)
{
    char header[128];
    struct curl_slist *hs = NULL;
    if (lang) {
        snprintf(header, sizeof header, "Accept-Language: %s", lang);
        hs = curl_slist_append(hs, header);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
    t_reply r = t_request(h, mime ? "POST" : "GET", path, mime);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hs);
    return r;
}

static t_reply request(CURL *h, const char *path, curl_mime *mime)
{
    return request_lang(h, path, mime, NULL);
}

/* A handle with no session: the vendor's browser. */
static CURL *vendor(void)
{
    CURL *h = curl_easy_init();
    cr_assert_not_null(h);
    return h;
}

/* A form of the files at the samples' paths rel[], named names[] (or as
 * they are). */
static curl_mime *files_form(CURL *h, const char *const *rel, const char *const *names,
                             size_t count)
{
    curl_mime *m = curl_mime_init(h);
    for (size_t i = 0; i < count; i++) {
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, "files");
        cr_assert_eq(curl_mime_filedata(part, SRC(rel[i])), CURLE_OK, "%s", rel[i]);
        if (names && names[i])
            curl_mime_filename(part, names[i]);
    }
    return m;
}

/* Sends the samples rel[0..count-1] through the link (a path "/v/…"). */
static t_reply send_files(const char *link, const char *const *rel, const char *const *names,
                          size_t count)
{
    CURL *h = vendor();
    curl_mime *m = files_form(h, rel, names, count);
    t_reply r = request(h, link, m);
    curl_mime_free(m);
    curl_easy_cleanup(h);
    return r;
}

static void start_portal(void)
{
    static const char *const extra[] = {"--vendor-portal", NULL};
    t_serve_make_store();
    t_serve_launch(extra);
}

/* The path "/v/TOKEN" of the first link to this server in text, in buf. */
static void link_in(char *buf, size_t size, const char *text)
{
    const char *p = strstr(text, t_base_url);
    cr_assert_not_null(p, "no link to %s in:\n%s", t_base_url, text);
    p += strlen(t_base_url);
    cr_assert(strncmp(p, "/v/", 3) == 0, "not a vendor link: %.80s", p);
    size_t n = 3 + strspn(p + 3, "0123456789abcdef");
    cr_assert_eq(n, 3 + 64, "the token is not 256 bits in hex: %.80s", p);
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
}

/* The CSRF token of the contract page's link form. */
static void contract_csrf(CURL *h, const char *id, char *buf, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "/contract/%s", id);
    t_reply r = request(h, path, NULL);
    const char *p = strstr(r.body, "?csrf=");
    cr_assert_not_null(p, "the contract page has no link form:\n%s", r.body);
    p += strlen("?csrf=");
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    t_reply_free(&r);
}

/* The staff makes a new link (do "new") or revokes (do "revoke") on a
 * contract's page; the page answered. */
static t_reply link_action(CURL *h, const char *id, const char *what)
{
    char csrf[80], path[256];
    contract_csrf(h, id, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/vendor-link/%s?csrf=%s", id, csrf);
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "do");
    curl_mime_data(part, what, CURL_ZERO_TERMINATED);
    t_reply r = request(h, path, m);
    curl_mime_free(m);
    return r;
}

/* A new link to contract id made on its page, as "/v/TOKEN", in buf. */
static void new_link(char *buf, size_t size, const char *id)
{
    CURL *h = t_signed_in();
    t_reply r = link_action(h, id, "new");
    cr_assert_eq(r.code, 200, "%s", r.body);
    link_in(buf, size, r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* The state of contract id as kaiji status says it (JSON). */
static char *status_json(void)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' status --db '%s' --as-of " AS_OF " --format json",
             BUILD("kaiji"), t_db_path);
    int rc = t_run(cmd, &out);
    cr_assert(rc == 0 || rc == 1, "status failed (%d): %s", rc, out);
    return out;
}

/* The "state" of contract id in kaiji status's JSON is state. */
static void expect_state(const char *json, const char *id, const char *state)
{
    const char *p = strstr(json, id);
    cr_assert_not_null(p, "%s is not in the status", id);
    const char *s = strstr(p, "\"state\":");
    cr_assert_not_null(s);
    s += strlen("\"state\":");
    s += strspn(s, " \t");
    cr_expect(s[0] == '"' && strncmp(s + 1, state, strlen(state)) == 0 &&
                  s[1 + strlen(state)] == '"',
              "%s is not %s: %.30s", id, state, s);
}

TestSuite(vendor, .init = start_portal, .fini = t_serve_stop, .timeout = 180);

Test(vendor, a_reminder_link_takes_a_flawed_file_shows_its_findings_and_the_fixed_one_completes)
{
    char cmd[2048], *out = NULL, dir[512], eml[1024], link[128];
    snprintf(dir, sizeof dir, "%s/reminders", t_tmpdir());
    snprintf(cmd, sizeof cmd,
             "LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' '%s' remind --db '%s' --as-of " AS_OF
             " --out '%s' --from hospital@example.jp --portal-url '%s/' 2>&1",
             BUILD("locale"), BUILD("kaiji"), t_db_path, dir, t_base_url);
    int rc = t_run(cmd, &out);
    cr_assert_eq(rc, 0, "remind failed: %s", out);
    free(out);

    /* The link, from the mail to the contract's vendor. */
    snprintf(eml, sizeof eml, "%s/" AS_OF "_" VENDOR_MAIL ".eml", dir);
    char *raw = t_slurp(eml, NULL);
    char *body = t_mail_body(raw);
    cr_assert_not_null(body);
    cr_expect_not_null(strstr(body, "ご提出用リンク"), "%s", body);
    cr_expect_not_null(strstr(body, "Upload link"), "%s", body);
    link_in(link, sizeof link, body);
    free(body);
    free(raw);

    /* The page: its contract, what is owed, no way elsewhere. */
    CURL *v = vendor();
    t_reply r = request(v, link, NULL);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, CONTRACT));
    cr_expect_not_null(strstr(r.body, "未提出"), "what is owed is not shown");
    cr_expect_not_null(strstr(r.body, "type=\"file\""));
    cr_expect_null(strstr(r.body, "href=\"/\""), "the vendor sees a way to the dashboard");
    cr_expect_null(strstr(r.body, "/upload"), "the vendor sees the hospital's upload page");
    cr_expect_null(strstr(r.body, "KMS-2026-017"), "the vendor sees another contract");
    cr_expect_null(strstr(r.headers, "Set-Cookie"), "a vendor gets a session");
    t_reply_free(&r);
    curl_easy_cleanup(v);

    /* A flawed MDS (and the checklist): findings at once. */
    static const char *const first[] = {"samples/mds-sds/mds-5.0-missing-answers.xlsx",
                                        "samples/checklist/vendor-r8-good.xlsx"};
    r = send_files(link, first, NULL, 2);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "mds-5.0-missing-answers.xlsx"));
    cr_expect_not_null(strstr(r.body, "class=\"findings\""), "no findings shown:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, "badge s-invalid"), "%s", r.body);
    t_reply_free(&r);
    char *json = status_json();
    expect_state(json, CONTRACT, "invalid");
    free(json);

    /* The fixed one: the contract is complete, for the hospital too. */
    static const char *const fixed[] = {"samples/mds-sds/mds-5.0-good.xlsx"};
    r = send_files(link, fixed, (const char *const[]){"C:\\hospital\\inbox/mds-fixed.xlsx"}, 1);
    cr_expect_null(strstr(r.body, "hospital"), "a recorded path's folders reached the vendor");
    cr_expect_not_null(strstr(r.body, "mds-fixed.xlsx"));
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_not_null(strstr(r.body, "badge s-complete"), "%s", r.body);
    t_reply_free(&r);
    json = status_json();
    expect_state(json, CONTRACT, "complete");
    free(json);
    CURL *h = t_signed_in();
    r = request(h, "/contract/" CONTRACT, NULL);
    cr_expect_not_null(strstr(r.body, "badge s-complete"));
    cr_expect_not_null(strstr(r.body, "id=\"vendor-link\""), "the link's state is not shown");
    t_reply_free(&r);
    r = request(h, "/audit", NULL);
    cr_expect_not_null(strstr(r.body, "vendor:" CONTRACT), "the audit log lacks the vendor");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(vendor, a_link_sees_and_feeds_its_own_contract_only)
{
    char link[128], path[256];
    new_link(link, sizeof link, CONTRACT);
    CURL *v = vendor();
    /* Another contract's ID after the token opens nothing. */
    snprintf(path, sizeof path, "%s/KMS-2026-017", link);
    t_reply r = request(v, path, NULL);
    cr_expect_eq(r.code, 404);
    cr_expect_null(strstr(r.body, "KMS-2026-017"));
    t_reply_free(&r);
    /* A file whose name and a field name another contract goes to this one. */
    curl_mime *m = curl_mime_init(v);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "contract");
    curl_mime_data(part, "KMS-2026-017", CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    cr_assert_eq(curl_mime_filedata(part, SRC("samples/mds-sds/mds-5.0-good.xlsx")), CURLE_OK);
    curl_mime_filename(part, "KMS-2026-017_mds.xlsx");
    r = request(v, link, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_null(strstr(r.body, "href=\"/contract/"), "the vendor sees the hospital's pages");
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(v);
    CURL *h = t_signed_in();
    r = request(h, "/contract/KMS-2026-017", NULL);
    cr_expect_null(strstr(r.body, "KMS-2026-017_mds.xlsx"), "linked to another contract");
    t_reply_free(&r);
    r = request(h, "/contract/" CONTRACT, NULL);
    cr_expect_not_null(strstr(r.body, "KMS-2026-017_mds.xlsx"), "not linked to its contract");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(vendor, expired_revoked_and_unknown_links_get_one_and_the_same_answer)
{
    char revoked[128], path[256], token[KAIJI_VENDOR_TOKEN_HEX + 1];
    new_link(revoked, sizeof revoked, CONTRACT);
    CURL *h = t_signed_in();
    t_reply r = link_action(h, CONTRACT, "revoke");
    cr_assert_eq(r.code, 200, "%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);

    /* An expired one: made three days ago for one day. */
    kaiji_store *st = NULL;
    cr_assert_eq(kaiji_store_open(&st, t_db_path, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_new(token, NULL, st, CONTRACT, 1, "test",
                                             (long long)time(NULL) - 3 * 86400),
                 KAIJI_OK);
    kaiji_store_free(st);
    char expired[128];
    snprintf(expired, sizeof expired, "/v/%s", token);
    char unknown[128] = "/v/";
    memset(unknown + 3, 'a', 64);
    unknown[67] = '\0';
    const char *links[] = {revoked, expired, unknown, "/v/short"};

    CURL *v = vendor();
    t_reply first = request(v, unknown, NULL);
    cr_expect_eq(first.code, 404);
    for (size_t i = 0; i < 4; i++) {
        r = request(v, links[i], NULL);
        cr_expect_eq(r.code, 404, "%s answered %ld", links[i], r.code);
        cr_expect_str_eq(r.body, first.body, "%s answered differently", links[i]);
        cr_expect_null(strstr(r.body, CONTRACT));
        t_reply_free(&r);
        static const char *const one[] = {"samples/mds-sds/mds-5.0-good.xlsx"};
        snprintf(path, sizeof path, "%s", links[i]);
        r = send_files(path, one, NULL, 1);
        cr_expect_eq(r.code, 404, "an upload through %s answered %ld", links[i], r.code);
        t_reply_free(&r);
    }
    t_reply_free(&first);
    curl_easy_cleanup(v);
    char *json = status_json();
    expect_state(json, CONTRACT, "missing");
    free(json);
}

Test(vendor, hostile_files_through_a_link_get_findings_and_the_server_keeps_serving)
{
    char link[128];
    new_link(link, sizeof link, CONTRACT);
    static const char *const rel[] = {"samples/broken/random-bytes.xlsx",
                                      "samples/broken/external-entity.xml",
                                      "samples/broken/truncated.xlsx"};
    static const char *const names[] = {"<script>alert(1)</script>.xlsx", "../../etc/passwd.xml",
                                        "\"onmouseover=x.xlsx"};
    t_reply r = send_files(link, rel, names, 3);
    cr_assert_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "<script>alert"), "a file name reached the page unescaped");
    cr_expect_not_null(strstr(r.body, "script&gt;.xlsx"), "the file is not named (escaped)");
    cr_expect_null(strstr(r.body, "\"onmouseover"));
    cr_expect_not_null(strstr(r.body, "読めない"), "%s", r.body);
    t_reply_free(&r);
    CURL *v = vendor();
    r = request(v, link, NULL);
    cr_expect_eq(r.code, 200, "the server stopped answering");
    t_reply_free(&r);
    curl_easy_cleanup(v);
}

Test(vendor, the_page_is_in_english_when_the_browser_prefers_it)
{
    char link[128];
    new_link(link, sizeof link, CONTRACT);
    CURL *v = vendor();
    t_reply r = request_lang(v, link, NULL, "en-US,en;q=0.9,ja;q=0.5");
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "<html lang=\"en\">"));
    cr_expect_not_null(strstr(r.body, "Security disclosure documents"), "%s", r.body);
    cr_expect_null(strstr(r.body, "未提出"), "a Japanese word on an English page");
    t_reply_free(&r);
    r = request_lang(v, link, NULL, "ja,en-US;q=0.8");
    cr_expect_not_null(strstr(r.body, "<html lang=\"ja\">"));
    cr_expect_not_null(strstr(r.body, "未提出"));
    t_reply_free(&r);
    curl_easy_cleanup(v);
    /* The hospital's pages follow the browser as well (server.c), Japanese
     * without a header. */
    CURL *h = t_signed_in();
    r = request_lang(h, "/", NULL, "en-US");
    cr_expect_not_null(strstr(r.body, "<html lang=\"en\">"));
    t_reply_free(&r);
    r = t_request(h, "GET", "/", NULL);
    cr_expect_not_null(strstr(r.body, "<html lang=\"ja\">"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(vendor, more_files_in_an_hour_than_a_link_may_send_are_refused)
{
    char link[128];
    const char *rel[KAIJI_VENDOR_LINK_FILES_PER_HOUR + 1];
    new_link(link, sizeof link, CONTRACT);
    for (size_t i = 0; i < KAIJI_VENDOR_LINK_FILES_PER_HOUR + 1; i++)
        rel[i] = "samples/broken/empty.xlsx";
    t_reply r = send_files(link, rel, NULL, KAIJI_VENDOR_LINK_FILES_PER_HOUR + 1);
    cr_expect_eq(r.code, 429, "%s", r.body);
    t_reply_free(&r);
    r = send_files(link, rel, NULL, KAIJI_VENDOR_LINK_FILES_PER_HOUR);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    r = send_files(link, rel, NULL, 1);
    cr_expect_eq(r.code, 429, "the hour's bound was not kept");
    t_reply_free(&r);
}

Test(vendor, an_upload_sent_from_another_site_is_refused)
{
    char link[128];
    new_link(link, sizeof link, CONTRACT);
    CURL *v = vendor();
    struct curl_slist *hs = curl_slist_append(NULL, "Origin: http://evil.example");
    curl_mime *m = files_form(v, (const char *const[]){"samples/mds-sds/mds-5.0-good.xlsx"},
                              NULL, 1);
    char url[256];
    snprintf(url, sizeof url, "%s%s", t_base_url, link);
    curl_easy_setopt(v, CURLOPT_URL, url);
    curl_easy_setopt(v, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(v, CURLOPT_MIMEPOST, m);
    curl_easy_setopt(v, CURLOPT_WRITEFUNCTION, t_collect);
    t_sink s = {0};
    curl_easy_setopt(v, CURLOPT_WRITEDATA, &s);
    cr_assert_eq(curl_easy_perform(v), CURLE_OK);
    long code;
    curl_easy_getinfo(v, CURLINFO_RESPONSE_CODE, &code);
    cr_expect_eq(code, 403);
    free(s.data);
    curl_mime_free(m);
    curl_slist_free_all(hs);
    curl_easy_cleanup(v);
}

/* Hands out zeros, counting them, for a file part of a declared size. */
static size_t zeros(char *buf, size_t size, size_t n, void *userp)
{
    size_t *sent = userp;
    memset(buf, 0, size * n);
    *sent += size * n;
    return size * n;
}

Test(vendor, an_upload_through_a_dead_link_is_refused_before_its_body_is_read)
{
    char url[256];
    size_t sent = 0;
    const curl_off_t big = (curl_off_t)300 * 1024 * 1024; /* over any upload's bound */
    snprintf(url, sizeof url, "%s/v/%064d", t_base_url, 0);
    CURL *h = vendor();
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    curl_mime_filename(part, "big.xlsx");
    curl_mime_data_cb(part, big, zeros, NULL, NULL, &sent);
    t_sink s = {0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_perform(h); /* the server may close while the body is under way */
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    cr_expect_eq(code, 404, "a dead link's upload answered %ld", code);
    cr_expect_lt(sent, (size_t)64 * 1024 * 1024, "%zu bytes were sent to a dead link", sent);
    free(s.data);
    curl_mime_free(m);
    curl_easy_cleanup(h);
}

static void start_team(void)
{
    static const char *const extra[] = {"--accounts", "--vendor-portal", NULL};
    t_serve_make_store();
    t_serve_add_user("kanri", "admin", ADMIN_PW);
    t_serve_add_user("kensa", "viewer", VIEWER_PW);
    t_serve_launch(extra);
}

TestSuite(vendor_team, .init = start_team, .fini = t_serve_stop, .timeout = 180);

Test(vendor_team, a_viewer_sees_the_links_state_but_cannot_make_or_revoke_one)
{
    long code = 0;
    CURL *h = t_login_as("kensa", VIEWER_PW, &code);
    cr_assert_eq(code, 303, "the viewer could not sign in");
    t_reply r = request(h, "/contract/" CONTRACT, NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "id=\"vendor-link\""), "the link's state is not shown");
    cr_expect_null(strstr(r.body, "value=\"new\""), "a viewer is offered a new link");
    /* the session's CSRF token, from the sign-out form */
    const char *p = strstr(r.body, "/logout?csrf=");
    cr_assert_not_null(p);
    p += strlen("/logout?csrf=");
    char csrf[80];
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, sizeof csrf);
    memcpy(csrf, p, n);
    csrf[n] = '\0';
    t_reply_free(&r);
    static const char *const what[] = {"new", "revoke"};
    for (size_t i = 0; i < 2; i++) {
        char path[256];
        snprintf(path, sizeof path, "/vendor-link/" CONTRACT "?csrf=%s", csrf);
        curl_mime *m = curl_mime_init(h);
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, "do");
        curl_mime_data(part, what[i], CURL_ZERO_TERMINATED);
        r = request(h, path, m);
        cr_expect_eq(r.code, 403, "a viewer's %s answered %ld", what[i], r.code);
        cr_expect_null(strstr(r.body, "/v/"), "a viewer got a link");
        t_reply_free(&r);
        curl_mime_free(m);
    }
    curl_easy_cleanup(h);
}

/* ------------------------------------------------- sent from the page */

static char maildir[512];
static t_server smtp;

static void start_with_smtp(void)
{
    char certdir[512], url[64];
    static char cacert[600];
    snprintf(certdir, sizeof certdir, "%s", t_tmpdir());
    snprintf(maildir, sizeof maildir, "%s", t_tmpdir());
    t_mail_cert(certdir);
    smtp = t_smtp_start(T_SMTP_STARTTLS, maildir, certdir, NULL, NULL);
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", smtp.port);
    snprintf(cacert, sizeof cacert, "%s/cert.pem", certdir);
    t_serve_make_store();
    const char *extra[] = {"--smtp-url", url, "--from", "it@hospital.example", "--smtp-cacert",
                           cacert, "--vendor-portal", NULL};
    t_serve_launch(extra);
}

static void stop_with_smtp(void)
{
    t_serve_stop();
    t_server_stop(&smtp);
}

TestSuite(vendor_smtp, .init = start_with_smtp, .fini = stop_with_smtp, .timeout = 180);

Test(vendor_smtp, a_reminder_sent_from_the_reminders_page_carries_a_working_link)
{
    CURL *h = t_signed_in();
    t_reply r = request(h, "/reminders", NULL);
    const char *p = strstr(r.body, "?csrf=");
    cr_assert_not_null(p, "no form on the reminders page");
    char csrf[80], path[256];
    size_t n = strcspn(p + 6, "\"&");
    cr_assert_lt(n, sizeof csrf);
    memcpy(csrf, p + 6, n);
    csrf[n] = '\0';
    t_reply_free(&r);
    snprintf(path, sizeof path, "/reminders/send?csrf=%s", csrf);
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "contract");
    curl_mime_data(part, CONTRACT, CURL_ZERO_TERMINATED);
    r = request(h, path, m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    t_reply_free(&r);
    curl_mime_free(m);
    curl_easy_cleanup(h);
    cr_assert_eq(t_mail_count(maildir), 1, "the reminder was not sent");
    char file[700];
    snprintf(file, sizeof file, "%s/0001.eml", maildir);
    char *raw = t_slurp(file, NULL);
    char *body = t_mail_body(raw);
    cr_assert_not_null(body);
    char link[128];
    link_in(link, sizeof link, body);
    free(body);
    free(raw);
    CURL *v = vendor();
    r = request(v, link, NULL);
    cr_expect_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, CONTRACT));
    t_reply_free(&r);
    curl_easy_cleanup(v);
}

TestSuite(vendor_off, .init = t_serve_start, .fini = t_serve_stop, .timeout = 120);

Test(vendor_off, without_the_portal_no_link_opens_and_none_is_offered)
{
    char token[KAIJI_VENDOR_TOKEN_HEX + 1], path[128];
    kaiji_store *st = NULL;
    cr_assert_eq(kaiji_store_open(&st, t_db_path, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_new(token, NULL, st, CONTRACT, 30, "test",
                                             (long long)time(NULL)),
                 KAIJI_OK);
    kaiji_store_free(st);
    snprintf(path, sizeof path, "/v/%s", token);
    CURL *v = vendor();
    t_reply r = request(v, path, NULL);
    cr_expect_eq(r.code, 404);
    cr_expect_null(strstr(r.body, CONTRACT));
    t_reply_free(&r);
    curl_easy_cleanup(v);
    CURL *h = t_signed_in();
    r = request(h, "/contract/" CONTRACT, NULL);
    cr_expect_null(strstr(r.body, "vendor-link"), "a link is offered with the portal off");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(vendor_cli, a_portal_address_that_is_not_http_is_a_usage_error)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' serve --vendor-portal --public-url 'ftp://x/' --db '%s/k.db' 2>&1",
             BUILD("kaiji"), t_tmpdir());
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' serve --public-url 'https://x/' --db '%s/k.db' 2>&1",
             BUILD("kaiji"), t_tmpdir());
    cr_expect_eq(t_run(cmd, &out), 2, "--public-url without the portal: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' remind --portal-url 'https://x/?a' --db '%s/k.db' 2>&1",
             BUILD("kaiji"), t_tmpdir());
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    free(out);
}

/* The store's side, without a server: a store with the samples' register. */
static kaiji_store *links_store(void)
{
    kaiji_store *st = NULL;
    t_serve_make_store();
    cr_assert_eq(kaiji_store_open(&st, t_db_path, NULL), KAIJI_OK);
    return st;
}

Test(vendor_store, only_the_tokens_hash_is_kept_and_a_link_lasts_its_days)
{
    kaiji_store *st = links_store();
    char token[KAIJI_VENDOR_TOKEN_HEX + 1];
    long long now = 1800000000, until = 0;
    kaiji_vendor_link *l = NULL;
    cr_assert_eq(kaiji_store_vendor_link_new(token, &until, st, CONTRACT, 30, "t", now), KAIJI_OK);
    cr_expect_eq(strlen(token), 64);
    cr_expect_eq(until, now + 30 * 86400);
    char *raw = t_slurp(t_db_path, NULL);
    cr_expect_null(strstr(raw, token), "the token itself is in the store");
    free(raw);
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, token, now + 30 * 86400 - 1), KAIJI_OK);
    cr_assert_not_null(l);
    cr_expect_str_eq(l->contract_id, CONTRACT);
    kaiji_vendor_link_free(l);
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, token, now + 30 * 86400), KAIJI_OK);
    cr_expect_null(l, "a link works after its last second");
    token[0] = token[0] == 'a' ? 'b' : 'a';
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, token, now), KAIJI_OK);
    cr_expect_null(l, "another token opened the link");
    cr_expect_eq(kaiji_store_vendor_link_new(token, NULL, st, "NO-SUCH", 30, "t", now),
                 KAIJI_ERROR_NOT_FOUND);
    cr_expect_eq(kaiji_store_vendor_link_new(token, NULL, st, CONTRACT, 0, "t", now),
                 KAIJI_ERROR_INVALID);
    cr_expect_eq(kaiji_store_vendor_link_new(token, NULL, st, CONTRACT, 366, "t", now),
                 KAIJI_ERROR_INVALID);
    kaiji_store_free(st);
}

Test(vendor_store, revoking_ends_every_live_link_of_the_contract_and_no_other)
{
    kaiji_store *st = links_store();
    char a[KAIJI_VENDOR_TOKEN_HEX + 1], b[KAIJI_VENDOR_TOKEN_HEX + 1], c[KAIJI_VENDOR_TOKEN_HEX + 1];
    long long now = 1800000000;
    size_t n = 0;
    kaiji_vendor_link *l = NULL;
    cr_assert_eq(kaiji_store_vendor_link_new(a, NULL, st, CONTRACT, 30, "t", now), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_new(b, NULL, st, CONTRACT, 30, "t", now), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_new(c, NULL, st, "KMS-2026-017", 30, "t", now), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_revoke(&n, st, CONTRACT, now + 1), KAIJI_OK);
    cr_expect_eq(n, 2);
    const char *gone[] = {a, b};
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(kaiji_store_vendor_link_find(&l, st, gone[i], now + 2), KAIJI_OK);
        cr_expect_null(l);
    }
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, c, now + 2), KAIJI_OK);
    cr_expect_not_null(l, "another contract's link was revoked");
    kaiji_vendor_link_free(l);
    kaiji_vendor_link_list *list = NULL;
    cr_assert_eq(kaiji_store_vendor_links(&list, st, CONTRACT), KAIJI_OK);
    cr_expect_eq(list->count, 2);
    cr_expect_eq(list->items[0].revoked_at, now + 1);
    kaiji_vendor_link_list_free(list);
    kaiji_store_free(st);
}

Test(vendor_store, a_link_takes_sixty_files_an_hour_and_a_new_hour_starts_again)
{
    kaiji_store *st = links_store();
    char token[KAIJI_VENDOR_TOKEN_HEX + 1];
    long long now = 1800000000;
    kaiji_vendor_link *l = NULL;
    bool ok = false;
    cr_assert_eq(kaiji_store_vendor_link_new(token, NULL, st, CONTRACT, 30, "t", now), KAIJI_OK);
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, token, now), KAIJI_OK);
    cr_assert_not_null(l);
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 61, now), KAIJI_OK);
    cr_expect_not(ok, "61 files at once were taken");
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 59, now), KAIJI_OK);
    cr_expect(ok);
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 1, now + 10), KAIJI_OK);
    cr_expect(ok);
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 1, now + 20), KAIJI_OK);
    cr_expect_not(ok, "the 61st file of the hour was taken");
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 0, now + 30), KAIJI_OK);
    cr_expect(ok, "opening the page counts no file");
    cr_assert_eq(kaiji_store_vendor_link_use(&ok, st, l->id, 1, now + 3600), KAIJI_OK);
    cr_expect(ok, "a new hour did not start again");
    kaiji_vendor_link_free(l);
    cr_assert_eq(kaiji_store_vendor_link_find(&l, st, token, now), KAIJI_OK);
    cr_expect_eq(l->files, 61);
    cr_expect_eq(l->last_used_at, now + 3600);
    kaiji_vendor_link_free(l);
    kaiji_store_free(st);
}

Test(vendor_store, a_links_url_is_the_base_then_v_and_the_token)
{
    char token[KAIJI_VENDOR_TOKEN_HEX + 1], *url = NULL;
    memset(token, 'a', KAIJI_VENDOR_TOKEN_HEX);
    token[KAIJI_VENDOR_TOKEN_HEX] = '\0';
    static const char *const ok[] = {"https://kaiji.example-hospital.jp/",
                                     "https://kaiji.example-hospital.jp", "http://10.0.0.5:8470/kaiji/"};
    static const char *const want[] = {"https://kaiji.example-hospital.jp/v/",
                                       "https://kaiji.example-hospital.jp/v/",
                                       "http://10.0.0.5:8470/kaiji/v/"};
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(kaiji_vendor_link_url(&url, ok[i], token), KAIJI_OK, "%s", ok[i]);
        cr_expect(strncmp(url, want[i], strlen(want[i])) == 0 &&
                      strcmp(url + strlen(want[i]), token) == 0,
                  "%s gave %s", ok[i], url);
        free(url);
    }
    static const char *const bad[] = {"ftp://x/", "javascript:alert(1)", "https://x/?a=1",
                                      "https://x/#f", "https://x y/", "https://x/\"><script>", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(kaiji_vendor_link_url(&url, bad[i], token), KAIJI_ERROR_INVALID, "%s", bad[i]);
        cr_expect_null(url);
    }
    cr_expect_eq(kaiji_vendor_link_url(&url, ok[0], "short"), KAIJI_ERROR_INVALID);
}
