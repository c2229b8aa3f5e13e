/*
 * tests/test_fetch.c - downloading with fetch/fetch.h against a real HTTPS
 * server on loopback (tests/servers/http_server.py), with a self-signed
 * certificate made at test time.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "store/db.h"
#include "support/server.h"
#include "support/store.h"
#include "support/support.h"

static char dir[4096], files[4200], logpath[4200], cert[4200], key[4200];
static t_server https, plain, other;

/* A self-signed certificate for 127.0.0.1 in dir (never committed). */
static void make_certificate(void)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "-keyout '%s' -out '%s' -days 2 -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1",
             key, cert);
    t_require_tool("openssl", "command -v openssl");
    cr_assert_eq(t_run(cmd, NULL), 0, "openssl could not make a test certificate");
}

static t_server start(bool tls)
{
    char *argv[] = {"/usr/bin/python3", (char *)t_src("tests/servers/http_server.py"),
                    "--dir", files, "--log", logpath,
                    tls ? "--cert" : "--plain", tls ? cert : NULL, "--key", key, NULL};
    if (!tls)
        argv[7] = NULL;
    return t_server_start(argv);
}

static void put_file(const char *name, const char *text, time_t mtime)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", files, name);
    t_spit(path, text, strlen(text));
    struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
    cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

static void setup(void)
{
    cr_assert_eq(kaiji_global_init(), KAIJI_OK);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(files, sizeof files, "%s/files", dir);
    snprintf(logpath, sizeof logpath, "%s/requests.log", dir);
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    cr_assert_eq(mkdir(files, 0700), 0);
    make_certificate();
    put_file("mds.xlsx", "first version", 1700000000);
    https = start(true);
    plain.pid = 0;
    other.pid = 0;
}

static void teardown(void)
{
    t_server_stop(&https);
    t_server_stop(&plain);
    t_server_stop(&other);
    kaiji_global_shutdown();
}

TestSuite(fetch, .init = setup, .fini = teardown, .timeout = 60);

/* https://127.0.0.1:PORT + path, in a static buffer. */
static const char *url(const t_server *s, const char *path)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s://127.0.0.1:%d%s", s == &plain ? "http" : "https",
             s->port, path);
    return buf;
}

static kaiji_fetch_options options(void)
{
    kaiji_fetch_options o;
    kaiji_fetch_options_init(&o);
    o.cacert = cert;
    o.timeout = 10;
    return o;
}

static kaiji_fetch_result fetch(const char *u, const char *etag, const char *lm,
                                const kaiji_fetch_options *o)
{
    kaiji_fetch_result r;
    cr_assert_eq(kaiji_fetch_url(&r, u, etag, lm, o), KAIJI_OK);
    if (r.outcome == KAIJI_FETCH_FAILED)
        cr_assert(r.message && r.message[0], "a failure without a message");
    return r;
}

/* How many logged requests have path_part in their path and this status. */
static int logged(const char *path_part, int status)
{
    if (access(logpath, F_OK) != 0)
        return 0;
    char *text = t_slurp(logpath, NULL);
    int n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char method[16], path[2048], inm[512], ims[512];
        int st = 0;
        if (sscanf(line, "%15[^\t]\t%2047[^\t]\t%511[^\t]\t%511[^\t]\t%d", method, path,
                   inm, ims, &st) == 5 &&
            strstr(path, path_part) && st == status)
            n++;
    }
    free(text);
    return n;
}

Test(fetch, a_file_is_downloaded_with_its_name_and_validators)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, "/files/mds.xlsx"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    cr_assert_eq(r.http_status, 200);
    cr_assert_eq(r.size, strlen("first version"));
    cr_assert_str_eq((char *)r.data, "first version");
    cr_assert_str_eq(r.file_name, "mds.xlsx");
    cr_assert_not_null(r.etag);
    cr_assert_eq(r.etag[0], '"');
    cr_assert_str_eq(r.last_modified, "Tue, 14 Nov 2023 22:13:20 GMT");
    char *log = t_slurp(logpath, NULL);
    cr_assert(strstr(log, "kaiji/" KAIJI_VERSION_STRING), "user agent: %s", log);
    free(log);
    kaiji_fetch_result_free(&r);
}

Test(fetch, the_stored_etag_makes_an_unchanged_file_come_back_as_unchanged)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result first = fetch(url(&https, "/files/mds.xlsx"), NULL, NULL, &o);
    cr_assert_eq(first.outcome, KAIJI_FETCH_CHANGED);
    kaiji_fetch_result second = fetch(url(&https, "/files/mds.xlsx"), first.etag,
                                      first.last_modified, &o);
    cr_assert_eq(second.outcome, KAIJI_FETCH_UNCHANGED, "%s", second.message ? second.message : "");
    cr_assert_eq(second.http_status, 304);
    cr_assert_null(second.data);
    cr_assert_str_eq(second.etag, first.etag);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 1);
    cr_assert_eq(logged("/files/mds.xlsx", 304), 1);
    char *log = t_slurp(logpath, NULL);
    cr_assert(strstr(log, first.etag), "If-None-Match was not sent: %s", log);
    free(log);
    kaiji_fetch_result_free(&first);
    kaiji_fetch_result_free(&second);
}

Test(fetch, last_modified_alone_also_makes_a_conditional_request)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, "/files/mds.xlsx"), NULL,
                                 "Tue, 14 Nov 2023 22:13:20 GMT", &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_UNCHANGED);
    kaiji_fetch_result_free(&r);
}

Test(fetch, a_changed_file_is_downloaded_again)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result first = fetch(url(&https, "/files/mds.xlsx"), NULL, NULL, &o);
    put_file("mds.xlsx", "second version", 1700100000);
    kaiji_fetch_result second = fetch(url(&https, "/files/mds.xlsx"), first.etag,
                                      first.last_modified, &o);
    cr_assert_eq(second.outcome, KAIJI_FETCH_CHANGED);
    cr_assert_str_eq((char *)second.data, "second version");
    cr_assert_str_neq(second.etag, first.etag);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 2);
    kaiji_fetch_result_free(&first);
    kaiji_fetch_result_free(&second);
}

Test(fetch, a_validator_with_a_line_break_is_not_sent)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, "/files/mds.xlsx"), "\"x\"\r\nX-Evil: 1",
                                 NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED);
    char *log = t_slurp(logpath, NULL);
    cr_assert_null(strstr(log, "X-Evil"));
    cr_assert(strstr(log, "/files/mds.xlsx\t-\t-\t200"), "%s", log);
    free(log);
    kaiji_fetch_result_free(&r);
}

Test(fetch, plain_http_is_refused_unless_allowed)
{
    plain = start(false);
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&plain, "/files/mds.xlsx"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "http://"), "%s", r.message);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 0, "nothing may be asked over http");
    kaiji_fetch_result_free(&r);

    o.allow_http = true;
    r = fetch(url(&plain, "/files/mds.xlsx"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    cr_assert_str_eq((char *)r.data, "first version");
    kaiji_fetch_result_free(&r);
}

Test(fetch, other_schemes_are_refused_before_any_request)
{
    static const char *const urls[] = {
        "file:///etc/passwd", "ftp://127.0.0.1/x.xlsx", "gopher://127.0.0.1/x",
        "not an address", "",
    };
    kaiji_fetch_options o = options();
    o.allow_http = true;
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        kaiji_fetch_result r = fetch(urls[i], NULL, NULL, &o);
        cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED, "%s was not refused", urls[i]);
        cr_assert_null(r.data);
        kaiji_fetch_result_free(&r);
    }
}

Test(fetch, a_redirect_to_a_local_file_is_refused)
{
    kaiji_fetch_options o = options();
    o.allow_http = true;
    kaiji_fetch_result r = fetch(url(&https, "/test/redirect?to=file:///etc/passwd"),
                                 NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "redirected"), "%s", r.message);
    cr_assert(strstr(r.message, "file"), "%s", r.message);
    cr_assert_null(r.data);
    kaiji_fetch_result_free(&r);
}

Test(fetch, a_redirect_to_http_is_refused_unless_allowed)
{
    plain = start(false);
    char target[512], path[700];
    snprintf(target, sizeof target, "http://127.0.0.1:%d/files/mds.xlsx", plain.port);
    snprintf(path, sizeof path, "/test/redirect?to=%s", target);
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "redirected to a http address"), "%s", r.message);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 0);
    kaiji_fetch_result_free(&r);

    /* http allowed, but another port is another server. */
    o.allow_http = true;
    r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "another server"), "%s", r.message);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 0);
    kaiji_fetch_result_free(&r);

    char allowed[64];
    snprintf(allowed, sizeof allowed, "127.0.0.1:%d", plain.port);
    const char *const hosts[] = {allowed, NULL};
    o.redirect_hosts = hosts;
    r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    kaiji_fetch_result_free(&r);
}

/* Lines of the request log asked on port with this login ("-": none). */
static int logged_login(int port, const char *login)
{
    if (access(logpath, F_OK) != 0)
        return 0;
    char *text = t_slurp(logpath, NULL);
    int n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char f[8][1024];
        if (sscanf(line, "%1023[^\t]\t%1023[^\t]\t%1023[^\t]\t%1023[^\t]\t%1023[^\t]\t"
                         "%1023[^\t]\t%1023[^\t]\t%1023[^\t]",
                   f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]) == 8 &&
            atoi(f[6]) == port && strcmp(f[7], login) == 0)
            n++;
    }
    free(text);
    return n;
}

Test(fetch, a_redirect_to_another_server_is_refused_unless_allowed)
{
    other = start(true);
    char path[700];
    snprintf(path, sizeof path, "/test/redirect?to=https://127.0.0.1:%d/files/mds.xlsx",
             other.port);
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    char where[64];
    snprintf(where, sizeof where, "another server (127.0.0.1:%d)", other.port);
    cr_assert(strstr(r.message, where), "%s", r.message);
    cr_assert_eq(logged_login(other.port, "-"), 0, "the other server was asked");
    kaiji_fetch_result_free(&r);

    /* The same address under another name is another server too. */
    snprintf(path, sizeof path, "/test/redirect?to=https://localhost:%d/files/mds.xlsx",
             https.port);
    r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "another server (localhost:"), "%s", r.message);
    kaiji_fetch_result_free(&r);

    /* Allowed by host alone: that is its default port, 443, not this one. */
    snprintf(path, sizeof path, "/test/redirect?to=https://127.0.0.1:%d/files/mds.xlsx",
             other.port);
    const char *const by_host[] = {"127.0.0.1", NULL};
    o.redirect_hosts = by_host;
    r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED, "%s", r.message ? r.message : "");
    kaiji_fetch_result_free(&r);

    char allowed[64];
    snprintf(allowed, sizeof allowed, "127.0.0.1:%d", other.port);
    const char *const by_port[] = {"vendor.example", allowed, NULL};
    o.redirect_hosts = by_port;
    r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    cr_assert_str_eq((char *)r.data, "first version");
    kaiji_fetch_result_free(&r);
}

Test(fetch, the_login_of_the_address_goes_only_to_its_own_server)
{
    other = start(true);
    char u[1024], allowed[64];
    snprintf(u, sizeof u,
             "https://clerk:s3cret@127.0.0.1:%d/test/redirect?to=/test/redirect%%3Fto%%3D"
             "https://127.0.0.1:%d/files/mds.xlsx",
             https.port, other.port);
    snprintf(allowed, sizeof allowed, "127.0.0.1:%d", other.port);
    const char *const hosts[] = {allowed, NULL};
    kaiji_fetch_options o = options();
    o.redirect_hosts = hosts;
    kaiji_fetch_result r = fetch(u, NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    kaiji_fetch_result_free(&r);
    cr_assert_eq(logged_login(https.port, "clerk"), 2, "the login was not sent on the same server");
    cr_assert_eq(logged_login(other.port, "clerk"), 0, "the login went to another server");
    cr_assert_eq(logged_login(other.port, "-"), 1);
}

Test(fetch, a_refused_redirect_never_shows_its_login_path_or_query)
{
    char path[700];
    snprintf(path, sizeof path,
             "/test/redirect?to=https://u:pw0rd@vendor.invalid:8443/s3cret-path/x.xlsx%%3Ftoken%%3Dt0ken");
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, path), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "vendor.invalid:8443"), "%s", r.message);
    cr_assert_null(strstr(r.message, "pw0rd"), "%s", r.message);
    cr_assert_null(strstr(r.message, "s3cret"), "%s", r.message);
    cr_assert_null(strstr(r.message, "t0ken"), "%s", r.message);
    kaiji_fetch_result_free(&r);
}

Test(fetch, a_redirect_is_followed_and_names_the_file_by_its_target)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(url(&https, "/test/redirect?to=/files/mds.xlsx"),
                                 NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    cr_assert_str_eq(r.file_name, "mds.xlsx");
    kaiji_fetch_result_free(&r);
}

Test(fetch, endless_redirects_stop)
{
    kaiji_fetch_options o = options();
    o.max_redirects = 2;
    kaiji_fetch_result r = fetch(url(&https, "/test/redirect?to=/test/redirect?to=/test/redirect?to=/files/mds.xlsx"),
                                 NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "too many redirects"), "%s", r.message);
    kaiji_fetch_result_free(&r);
}

Test(fetch, http_errors_are_told_with_their_status)
{
    static const struct { const char *path; const char *words; long status; } cases[] = {
        {"/files/nothing-here.xlsx", "HTTP 404 (not found)", 404},
        {"/test/status?code=403", "HTTP 403 (access denied)", 403},
        {"/test/status?code=503", "HTTP 503 (server error)", 503},
        {"/test/status?code=204", "unexpected answer from the server (HTTP 204)", 204},
    };
    kaiji_fetch_options o = options();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_fetch_result r = fetch(url(&https, cases[i].path), NULL, NULL, &o);
        cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED, "%s", cases[i].path);
        cr_assert(strstr(r.message, cases[i].words), "%s: %s", cases[i].path, r.message);
        cr_assert_eq(r.http_status, cases[i].status);
        kaiji_fetch_result_free(&r);
    }
}

Test(fetch, a_server_that_never_finishes_times_out)
{
    kaiji_fetch_options o = options();
    o.timeout = 2;
    time_t start = time(NULL);
    kaiji_fetch_result r = fetch(url(&https, "/test/slow"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "timed out"), "%s", r.message);
    cr_assert_lt(time(NULL) - start, 8);
    kaiji_fetch_result_free(&r);
}

Test(fetch, the_size_cap_holds_whatever_the_server_says)
{
    /* honest length, no length at all, and a length that lies (chunked) */
    static const char *const paths[] = {
        "/test/big?bytes=1000000", "/test/stream?bytes=1000000", "/test/lie?bytes=1000000",
    };
    kaiji_fetch_options o = options();
    o.max_size = 100000;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        kaiji_fetch_result r = fetch(url(&https, paths[i]), NULL, NULL, &o);
        cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED, "%s was not stopped", paths[i]);
        cr_assert(strstr(r.message, "too large"), "%s: %s", paths[i], r.message);
        cr_assert(strstr(r.message, "100000 bytes"), "%s", r.message);
        cr_assert_null(r.data);
        kaiji_fetch_result_free(&r);
    }
    kaiji_fetch_result r = fetch(url(&https, "/test/stream?bytes=99999"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "just under the cap: %s",
                 r.message ? r.message : "");
    cr_assert_eq(r.size, 99999);
    kaiji_fetch_result_free(&r);
}

Test(fetch, an_untrusted_certificate_is_a_tls_failure)
{
    kaiji_fetch_options o = options();
    o.cacert = NULL;
    kaiji_fetch_result r = fetch(url(&https, "/files/mds.xlsx"), NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert(strstr(r.message, "TLS failure"), "%s", r.message);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 0);
    kaiji_fetch_result_free(&r);
}

Test(fetch, a_hostile_content_disposition_cannot_leave_the_folder)
{
    kaiji_fetch_options o = options();
    kaiji_fetch_result r = fetch(
        url(&https, "/test/disposition?file=mds.xlsx&cd=attachment%3B%20filename%3D%22..%2F..%2Fevil.xlsx%22"),
        NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_CHANGED, "%s", r.message ? r.message : "");
    cr_assert_str_eq(r.file_name, "evil.xlsx");
    char downloads[8192], *saved = NULL;
    snprintf(downloads, sizeof downloads, "%s/downloads/C-001", dir);
    cr_assert_eq(kaiji_fetch_save(&saved, downloads, r.file_name, r.data, r.size), KAIJI_OK);
    char expected[8400];
    snprintf(expected, sizeof expected, "%s/evil.xlsx", downloads);
    cr_assert_str_eq(saved, expected);
    cr_assert_neq(access(t_build("evil.xlsx"), F_OK), 0);
    free(saved);
    kaiji_fetch_result_free(&r);
}

Test(fetch, credentials_in_the_address_never_reach_the_message)
{
    kaiji_fetch_options o = options();
    char u[512];
    snprintf(u, sizeof u, "https://clerk:s3cret@127.0.0.1:%d/files/none.xlsx", https.port);
    kaiji_fetch_result r = fetch(u, NULL, NULL, &o);
    cr_assert_eq(r.outcome, KAIJI_FETCH_FAILED);
    cr_assert_null(strstr(r.message, "s3cret"), "%s", r.message);
    kaiji_fetch_result_free(&r);
    char *shown = NULL;
    cr_assert_eq(kaiji_fetch_redact_url(&shown, u), KAIJI_OK);
    cr_assert_null(strstr(shown, "s3cret"), "%s", shown);
    cr_assert_null(strstr(shown, "clerk"), "%s", shown);
    free(shown);
}

/* ---------------------------------------------------------- without a server */

Test(fetch_names, a_server_suggested_name_is_made_safe)
{
    static const struct { const char *cd, *url, *want; } cases[] = {
        {"attachment; filename=\"../../evil.xlsx\"", NULL, "evil.xlsx"},
        {"attachment; filename=\"..\\\\..\\\\evil.xlsx\"", NULL, "evil.xlsx"},
        {"attachment; filename=.bashrc", NULL, "bashrc"},
        {"attachment; filename=\"a\x01" "b\x7f.xlsx\"", NULL, "a_b_.xlsx"},
        {"attachment; filename=\"..\"", "https://h/d/mds.xlsx", "mds.xlsx"},
        {"attachment; filename=\"x.xlsx\"; filename*=UTF-8''%E9%96%8B%E7%A4%BA.xlsx", NULL,
         "開示.xlsx"},
        {"attachment; FILENAME*=utf-8''%2E%2E%2Fup.xlsx", NULL, "up.xlsx"},
        {"attachment; filename=\"evil\xe2\x80\xae" "xslx.exe\"", NULL, "evil_xslx.exe"},
        {"attachment; filename=\"bad\xff\xfe.xlsx\"", NULL, "bad__.xlsx"},
        {"attachment; filename=\"a:b*c?.xlsx\"", NULL, "a_b_c_.xlsx"},
        {"inline", "https://h/vendor/%E9%96%8B%E7%A4%BA%20MDS.xlsx?x=1", "開示 MDS.xlsx"},
        {NULL, "https://h/d/%2e%2e%2Fevil.xlsx", "evil.xlsx"},
        {NULL, "https://h/", "download"},
        {NULL, "https://h/dir/..", "download"},
        {NULL, NULL, "download"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *name = NULL;
        cr_assert_eq(kaiji_fetch_file_name(&name, cases[i].cd, cases[i].url), KAIJI_OK);
        cr_assert_str_eq(name, cases[i].want, "case %zu", i);
        free(name);
    }
}

Test(fetch_names, a_long_name_is_cut_and_keeps_its_extension)
{
    char cd[1200] = "attachment; filename=\"";
    for (int i = 0; i < 150; i++)
        strcat(cd, "開");
    strcat(cd, ".xlsx\"");
    char *name = NULL;
    cr_assert_eq(kaiji_fetch_file_name(&name, cd, NULL), KAIJI_OK);
    size_t n = strlen(name);
    cr_assert_leq(n, 200);
    cr_assert_gt(n, 150);
    cr_assert_str_eq(name + n - 5, ".xlsx");
    cr_assert_eq((n - 5) % 3, 0, "cut inside a character");
    free(name);
}

Test(fetch_names, a_printed_address_hides_credentials_and_query)
{
    static const struct { const char *in, *want; } cases[] = {
        {"https://user:pw@vendor.example/d/mds.xlsx?token=abc#x", "https://vendor.example/d/mds.xlsx?..."},
        {"https://vendor.example/d/mds.xlsx", "https://vendor.example/d/mds.xlsx"},
        {"::::", "(an address that cannot be read)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        cr_assert_eq(kaiji_fetch_redact_url(&out, cases[i].in), KAIJI_OK);
        cr_assert_str_eq(out, cases[i].want);
        free(out);
    }
}

static void expect_content(const char *path, const char *want)
{
    char *got = t_slurp(path, NULL);
    cr_assert_str_eq(got, want, "%s", path);
    free(got);
}

Test(fetch_save, nothing_is_overwritten_and_links_are_not_followed)
{
    const char *d = t_tmpdir();
    char sub[4200], outside[4200], link[4300], *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL;
    snprintf(sub, sizeof sub, "%s/downloads/C-001", d);
    cr_assert_eq(kaiji_fetch_save(&p1, sub, "mds.xlsx", "one", 3), KAIJI_OK);
    cr_assert_eq(kaiji_fetch_save(&p2, sub, "mds.xlsx", "one", 3), KAIJI_OK);
    cr_assert_str_eq(p1, p2, "the same bytes are the same file");
    cr_assert_eq(kaiji_fetch_save(&p3, sub, "mds.xlsx", "two", 3), KAIJI_OK);
    cr_assert(strstr(p3, "/mds-2.xlsx"), "%s", p3);
    expect_content(p1, "one");
    expect_content(p3, "two");

    snprintf(outside, sizeof outside, "%s/outside.txt", d);
    t_spit(outside, "keep", 4);
    snprintf(link, sizeof link, "%s/evil.xlsx", sub);
    cr_assert_eq(symlink(outside, link), 0);
    cr_assert_eq(kaiji_fetch_save(&p4, sub, "evil.xlsx", "bad", 3), KAIJI_OK);
    cr_assert(strstr(p4, "/evil-2.xlsx"), "%s", p4);
    expect_content(outside, "keep");
    free(p1);
    free(p2);
    free(p3);
    free(p4);
}

Test(fetch_save, a_folder_that_is_a_symbolic_link_is_refused)
{
    const char *d = t_tmpdir();
    char outside[4200], downloads_dir[4200], link[4300], *p = NULL;
    snprintf(outside, sizeof outside, "%s/outside", d);
    snprintf(downloads_dir, sizeof downloads_dir, "%s/downloads", d);
    cr_assert_eq(mkdir(outside, 0700), 0);
    cr_assert_eq(mkdir(downloads_dir, 0700), 0);
    snprintf(link, sizeof link, "%s/C-001", downloads_dir);
    cr_assert_eq(symlink(outside, link), 0);
    cr_assert_eq(kaiji_fetch_save(&p, link, "mds.xlsx", "bad", 3), KAIJI_ERROR_IO);
    cr_assert_null(p);
    char inside[4400];
    snprintf(inside, sizeof inside, "%s/mds.xlsx", outside);
    cr_assert_neq(access(inside, F_OK), 0, "written through the link");
    /* A folder given with a trailing slash, or not yet made, is fine. */
    snprintf(link, sizeof link, "%s/C-002/", downloads_dir);
    cr_assert_eq(kaiji_fetch_save(&p, link, "mds.xlsx", "ok", 2), KAIJI_OK);
    expect_content(p, "ok");
    free(p);
}

Test(fetch_save, a_name_that_is_a_path_is_refused)
{
    static const char *const bad[] = {"../x.xlsx", "a/b.xlsx", ".x", "", ".."};
    const char *d = t_tmpdir();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *p = NULL;
        cr_assert_eq(kaiji_fetch_save(&p, d, bad[i], "x", 1), KAIJI_ERROR_INVALID, "%s", bad[i]);
        cr_assert_null(p);
    }
}

/* ------------------------------------------------- kaiji fetch, end to end */

/* The store: dir/kaiji.db, or a PostgreSQL schema (make check-pg). */
static ts_env store_env;
static char db[4300], downloads[4300], register_csv[8192];

/* Copies a sample into the server's folder as name, with this mtime. */
static void serve_sample(const char *sample, const char *name, time_t mtime)
{
    size_t len;
    char *bytes = t_slurp(t_src(sample), &len);
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", files, name);
    t_spit(path, bytes, len);
    free(bytes);
    struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
    cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* Runs kaiji with args (a shell fragment) in dir, without proxies or
 * KAIJI_DB from the environment; stdout in *out when not NULL. */
static int kaiji(const char *args, char **out)
{
    char cmd[40000];
    int n = snprintf(cmd, sizeof cmd,
                     "cd '%s' && env -u KAIJI_DB -u https_proxy -u http_proxy -u HTTPS_PROXY "
                     "-u ALL_PROXY NO_PROXY=127.0.0.1 '%s' %s 2>&1",
                     dir, t_build("kaiji"), args);
    cr_assert(n > 0 && (size_t)n < sizeof cmd);
    return t_run(cmd, out);
}

/* kaiji fetch with the store, the CA and the download folder of the test. */
static int fetch_cmd(const char *args, char **out)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "fetch --db '%s' --cacert '%s' --dir '%s' --as-of 2026-11-26 %s",
             db, cert, downloads, args);
    return kaiji(cmd, out);
}

/* A store whose register holds contracts pointing at the test servers:
 * F-101 an MDS, F-102 an SDS, F-103 over plain http, F-104 too large,
 * F-105 never finishing, F-106 without a URL, F-107 with a password and a
 * token in its URL. */
static void setup_cli(void)
{
    setup();
    plain = start(false);
    serve_sample("samples/mds-sds/mds-5.0-good.xlsx", "mds.xlsx", 1700000000);
    serve_sample("samples/mds-sds/sds-5.0-good.xlsx", "sds.xlsx", 1700000000);
    ts_env_init(&store_env);
    if (!store_env.pg) /* the store in the test's folder, beside the downloads */
        snprintf(store_env.db, sizeof store_env.db, "%s/kaiji.db", dir);
    snprintf(db, sizeof db, "%s", store_env.db);
    snprintf(downloads, sizeof downloads, "%s/dl", dir);
    char *csv = register_csv, path[4400];
    snprintf(register_csv, sizeof register_csv,
             "契約番号,事業者名,メールアドレス,システム名,製品名,契約種別,患者情報の有無,必要書類,依頼日,回答期限,URL\r\n"
             "F-101,フェッチ医療株式会社,a@example.jp,電子カルテ,カルテA,保守,有,MDS,2026-10-01,2026-12-31,https://127.0.0.1:%d/files/mds.xlsx\r\n"
             "F-102,サービス商事株式会社,b@example.jp,画像サーバ,PACS-B,クラウド,有,SDS,2026-10-01,2026-12-31,https://127.0.0.1:%d/files/sds.xlsx\r\n"
             "F-103,平文工業株式会社,c@example.jp,検査装置,LAB-C,保守,有,MDS,2026-10-01,2026-12-31,http://127.0.0.1:%d/files/mds.xlsx\r\n"
             "F-104,巨大データ株式会社,d@example.jp,部門システム,BIG-D,保守,有,MDS,2026-10-01,2026-12-31,https://127.0.0.1:%d/test/stream?bytes=3000000\r\n"
             "F-105,低速通信株式会社,e@example.jp,物流システム,SLOW-E,保守,有,MDS,2026-10-01,2026-12-31,https://127.0.0.1:%d/test/slow\r\n"
             "F-106,紙運用株式会社,f@example.jp,給食システム,PAPER-F,保守,有,MDS,2026-10-01,2026-12-31,\r\n"
             "F-107,秘密鍵株式会社,g@example.jp,会計システム,KEY-G,保守,有,SDS,2026-10-01,2026-12-31,https://clerk:s3cret@127.0.0.1:%d/files/sds.xlsx?token=t0ken\r\n",
             https.port, https.port, plain.port, https.port, https.port, https.port);
    snprintf(path, sizeof path, "%s/register.csv", dir);
    t_spit(path, csv, strlen(csv));
    char args[9000], *out = NULL;
    snprintf(args, sizeof args, "register import --db '%s' '%s'", db, path);
    int rc = kaiji(args, &out);
    cr_assert_eq(rc, 0, "register import failed (%d): %s", rc, out);
    free(out);
}

TestSuite(fetch_cli, .init = setup_cli, .fini = teardown, .timeout = 120);

/* Imports the register of setup_cli again with rows (CSV lines, "PORT"
 * standing for the HTTPS server's port) added. */
static void import_with(const char *rows)
{
    char extra[4096], csv[16384], path[4400], args[9000], *out = NULL, port[16];
    snprintf(port, sizeof port, "%d", https.port);
    size_t n = 0;
    for (const char *p = rows; *p && n + 16 < sizeof extra;) {
        if (strncmp(p, "PORT", 4) == 0) {
            n += (size_t)snprintf(extra + n, sizeof extra - n, "%s", port);
            p += 4;
        } else {
            extra[n++] = *p++;
        }
    }
    extra[n] = '\0';
    snprintf(csv, sizeof csv, "%s%s", register_csv, extra);
    snprintf(path, sizeof path, "%s/register2.csv", dir);
    t_spit(path, csv, strlen(csv));
    snprintf(args, sizeof args, "register import --db '%s' '%s'", db, path);
    int rc = kaiji(args, &out);
    cr_assert_eq(rc, 0, "register import failed (%d): %s", rc, out);
    free(out);
}

/* The sha256 status reports for contract id's first document ("" when none). */
static char *status_sha256(const char *id)
{
    char args[4400], *out = NULL;
    snprintf(args, sizeof args, "status --db '%s' --format json --as-of 2026-11-26", db);
    kaiji(args, &out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "status --format json: %s", out);
    char *sha = strdup("");
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(root, "contracts")) {
        cJSON *cid = cJSON_GetObjectItem(c, "id");
        if (!cJSON_IsString(cid) || strcmp(cid->valuestring, id) != 0)
            continue;
        cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "documents"), 0);
        cJSON *h = d ? cJSON_GetObjectItem(d, "sha256") : NULL;
        if (cJSON_IsString(h)) {
            free(sha);
            sha = strdup(h->valuestring);
        }
    }
    cJSON_Delete(root);
    free(out);
    return sha;
}

static void expect_line(const char *out, const char *line)
{
    cr_assert(strstr(out, line), "no '%s' in:\n%s", line, out);
}

Test(fetch_cli, the_first_fetch_downloads_and_ingests_for_the_contract)
{
    char *none = status_sha256("F-101");
    cr_assert_str_eq(none, "", "nothing received yet");
    free(none);
    char *out = NULL;
    int rc = fetch_cmd("F-101 F-102", &out);
    cr_assert_eq(rc, 0, "%s", out);
    expect_line(out, "F-101: downloaded ");
    expect_line(out, "F-102: downloaded ");
    expect_line(out, "2 downloaded, 0 unchanged, 0 failed");
    free(out);
    char saved[8400];
    snprintf(saved, sizeof saved, "%s/F-101/mds.xlsx", downloads);
    cr_assert_eq(access(saved, F_OK), 0, "%s was not saved", saved);
    char *sha = status_sha256("F-101");
    cr_assert_eq(strlen(sha), 64, "status shows no document for F-101");
    free(sha);
    sha = status_sha256("F-102");
    cr_assert_eq(strlen(sha), 64, "status shows no document for F-102");
    free(sha);
}

Test(fetch_cli, a_second_fetch_asks_conditionally_and_downloads_nothing)
{
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-101", &out), 0, "%s", out);
    free(out);
    cr_assert_eq(fetch_cmd("F-101", &out), 0, "%s", out);
    expect_line(out, "F-101: unchanged");
    expect_line(out, "0 downloaded, 1 unchanged, 0 failed");
    free(out);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 1, "the file was downloaded again");
    cr_assert_eq(logged("/files/mds.xlsx", 304), 1, "no conditional request");
    char *log = t_slurp(logpath, NULL);
    cr_assert(strstr(log, "\"\t"), "If-None-Match carried no ETag:\n%s", log);
    free(log);
}

Test(fetch_cli, a_changed_file_is_downloaded_and_ingested_again)
{
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-101", &out), 0, "%s", out);
    free(out);
    char *before = status_sha256("F-101");
    serve_sample("samples/mds-sds/mds-5.0-missing-answers.xlsx", "mds.xlsx", 1700500000);
    cr_assert_eq(fetch_cmd("F-101", &out), 0, "%s", out);
    expect_line(out, "F-101: downloaded ");
    free(out);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 2);
    char *after = status_sha256("F-101");
    cr_assert_eq(strlen(after), 64);
    cr_assert_str_neq(before, after, "status still shows the old document");
    char second[8400];
    snprintf(second, sizeof second, "%s/F-101/mds-2.xlsx", downloads);
    cr_assert_eq(access(second, F_OK), 0, "the first download was overwritten");
    free(before);
    free(after);
}

Test(fetch_cli, failures_are_reported_per_contract_and_do_not_stop_the_others)
{
    char *out = NULL;
    int rc = fetch_cmd("--timeout 2 --max-size 1M", &out);
    cr_assert_eq(rc, 1, "%s", out);
    expect_line(out, "F-101: downloaded ");
    expect_line(out, "F-102: downloaded ");
    expect_line(out, "F-103: failed: refused: plain http://");
    expect_line(out, "F-104: failed: too large");
    expect_line(out, "F-105: failed: timed out");
    expect_line(out, "F-107: downloaded ");
    expect_line(out, "3 downloaded, 0 unchanged, 3 failed");
    cr_assert_null(strstr(out, "F-106"), "a contract without a URL is not fetched:\n%s", out);
    free(out);
    cr_assert_eq(logged("/files/mds.xlsx", 200), 1, "http was asked although refused");
    char *sha = status_sha256("F-101");
    cr_assert_eq(strlen(sha), 64, "the good downloads were not kept");
    free(sha);
}

Test(fetch_cli, plain_http_is_fetched_only_with_allow_http)
{
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-103", &out), 1, "%s", out);
    expect_line(out, "F-103: failed: refused: plain http://");
    free(out);
    cr_assert_eq(fetch_cmd("--allow-http F-103", &out), 0, "%s", out);
    expect_line(out, "F-103: downloaded ");
    free(out);
}

Test(fetch_cli, downloads_go_to_downloads_under_the_current_folder_by_default)
{
    char args[9000], *out = NULL;
    snprintf(args, sizeof args, "fetch --db '%s' --cacert '%s' F-102", db, cert);
    cr_assert_eq(kaiji(args, &out), 0, "%s", out);
    free(out);
    char saved[8400];
    snprintf(saved, sizeof saved, "%s/downloads/F-102/sds.xlsx", dir);
    cr_assert_eq(access(saved, F_OK), 0, "%s was not saved", saved);
}

Test(fetch_cli, bad_arguments_are_usage_errors)
{
    static const char *const bad[] = {
        "NO-SUCH-CONTRACT", "--timeout 0", "--timeout soon", "--max-size lots",
        "--max-size 10X", "--as-of 2026-13-01", "--no-such-option",
        "--allow-redirect https://127.0.0.1/", "--allow-redirect ''", "--allow-redirect",
        "--allow-redirect 127.0.0.1:https", "--allow-redirect host:0", "--allow-redirect '[::1'",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out = NULL;
        cr_assert_eq(fetch_cmd(bad[i], &out), 2, "%s: %s", bad[i], out);
        free(out);
    }
    cr_assert_eq(logged("/", 200), 0, "a usage error fetched something");
}

Test(fetch_cli, credentials_in_a_contract_url_are_never_shown_or_stored)
{
    char *out = NULL, args[4400];
    cr_assert_eq(fetch_cmd("F-107", &out), 0, "%s", out);
    expect_line(out, "F-107: downloaded ");
    cr_assert_null(strstr(out, "s3cret"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "status --db '%s' --format json --as-of 2026-11-26", db);
    kaiji(args, &out);
    expect_line(out, "127.0.0.1");
    cr_assert_null(strstr(out, "s3cret"), "%s", out);
    cr_assert_null(strstr(out, "t0ken"), "%s", out);
    free(out);
}

Test(fetch_cli, a_download_is_linked_to_the_contract_it_was_fetched_for)
{
    /* F-109's address gives an MDS of its vendor that names F-101 only (the
     * vendor's other contract): it is F-109's as well. */
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "フェッチ医療(株)", NULL, "F-101");
    char path[8192];
    snprintf(path, sizeof path, "%s/f109.json", files);
    t_spit(path, doc, strlen(doc));
    free(doc);
    import_with("F-109,フェッチ医療株式会社,a@example.jp,部門システム,カルテB,保守,有,MDS,"
                "2026-10-01,2026-12-31,https://127.0.0.1:PORT/files/f109.json\r\n");
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-109", &out), 0, "%s", out);
    expect_line(out, "F-109: downloaded ");
    expect_line(out, "for F-101, F-109)");
    free(out);
    char *sha = status_sha256("F-109");
    cr_assert_eq(strlen(sha), 64, "the download is not F-109's");
    free(sha);
}

Test(fetch_cli, the_same_bytes_published_for_a_second_contract_link_to_it_too)
{
    import_with("F-108,フェッチ医療株式会社,a@example.jp,部門システム,カルテB,保守,有,MDS,"
                "2026-10-01,2026-12-31,https://127.0.0.1:PORT/files/mds.xlsx\r\n");
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-101 F-108", &out), 0, "%s", out);
    expect_line(out, "F-101: downloaded ");
    expect_line(out, "F-108: downloaded ");
    expect_line(out, "already held; for F-101, F-108)");
    free(out);
    char *a = status_sha256("F-101"), *b = status_sha256("F-108");
    cr_assert_eq(strlen(b), 64, "F-108 holds nothing: its download was dropped as a duplicate");
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    /* Fetched again, unchanged: still held by both. */
    cr_assert_eq(fetch_cmd("F-108", &out), 0, "%s", out);
    expect_line(out, "F-108: unchanged");
    free(out);
}

/* The number of text values in the store, outside contracts.url, holding
 * one of the words. */
static int secrets_in_store(const char *const *words)
{
    char **tables = ts_tables(&store_env, NULL);
    kaiji_db *h = ts_db(&store_env);
    int found = 0;
    for (size_t t = 0; tables[t]; t++) {
        char sql[512];
        const char *table = tables[t];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
        kaiji_stmt *rows = kaiji_db_prepare(h, sql);
        cr_assert_not_null(rows, "%s: %s", sql, kaiji_db_errmsg(h));
        while (kaiji_stmt_step(rows) == KAIJI_DB_ROW)
            for (int c = 0; c < kaiji_stmt_column_count(rows); c++) {
                const char *v = kaiji_stmt_text(rows, c);
                if (!v || (strcmp(table, "contracts") == 0 &&
                           strcmp(kaiji_stmt_column_name(rows, c), "url") == 0))
                    continue;
                for (const char *const *w = words; *w; w++)
                    if (strstr(v, *w)) {
                        fprintf(stderr, "%s.%s holds %s: %s\n", table,
                                kaiji_stmt_column_name(rows, c), *w, v);
                        found++;
                    }
            }
        kaiji_stmt_finalize(rows);
    }
    kaiji_db_close(h);
    ts_strv_free(tables);
    return found;
}

Test(fetch_cli, the_login_and_token_of_a_url_stay_in_the_contracts_row_only)
{
    static const char *const words[] = {"s3cret", "t0ken", "clerk", "n3w", NULL};
    char *out = NULL;
    cr_assert_eq(fetch_cmd("F-107", &out), 0, "%s", out);
    cr_assert_null(strstr(out, "s3cret"), "%s", out);
    cr_assert_null(strstr(out, "t0ken"), "%s", out);
    free(out);
    cr_assert_eq(fetch_cmd("F-107", &out), 0, "%s", out);
    expect_line(out, "F-107: unchanged");
    free(out);
    /* The register's URL changes its token: the change is told, and kept in
     * the history, without it. */
    char *csv = strdup(register_csv);
    char *tok = strstr(csv, "t0ken");
    cr_assert_not_null(tok);
    memcpy(tok, "n3w00", 5);
    char path[4400], args[9000];
    snprintf(path, sizeof path, "%s/register3.csv", dir);
    t_spit(path, csv, strlen(csv));
    free(csv);
    snprintf(args, sizeof args, "register import --db '%s' '%s'", db, path);
    cr_assert_eq(kaiji(args, &out), 0, "%s", out);
    expect_line(out, "updated F-107: url: https://127.0.0.1:");
    cr_assert_null(strstr(out, "n3w"), "%s", out);
    cr_assert_null(strstr(out, "t0ken"), "%s", out);
    cr_assert_null(strstr(out, "s3cret"), "%s", out);
    free(out);
    cr_assert_eq(secrets_in_store(words), 0, "a login or token is kept outside the contract's row");
    /* Nor in a file name. */
    char cmd[4500];
    snprintf(cmd, sizeof cmd, "find '%s'", downloads);
    cr_assert_eq(t_run(cmd, &out), 0);
    expect_line(out, "/F-107/sds.xlsx");
    cr_assert_null(strstr(out, "t0ken"), "%s", out);
    cr_assert_null(strstr(out, "s3cret"), "%s", out);
    free(out);
}

Test(fetch_cli, a_contract_folder_that_is_a_symbolic_link_is_not_written_through)
{
    char outside[4400], link[4400], cmd[9000], *out = NULL;
    snprintf(outside, sizeof outside, "%s/outside", dir);
    cr_assert_eq(mkdir(outside, 0700), 0);
    cr_assert_eq(mkdir(downloads, 0700), 0);
    snprintf(link, sizeof link, "%s/F-101", downloads);
    cr_assert_eq(symlink(outside, link), 0);
    cr_assert_eq(fetch_cmd("F-101 F-102", &out), 1, "%s", out);
    expect_line(out, "F-101: failed: the download cannot be saved");
    expect_line(out, "F-102: downloaded ");
    free(out);
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", outside);
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_assert_eq(atoi(out), 0, "a file was written through the link");
    free(out);
}

Test(fetch_cli, a_redirect_to_another_server_needs_allow_redirect)
{
    other = start(true);
    char rows[1024];
    snprintf(rows, sizeof rows,
             "F-110,転送医療株式会社,h@example.jp,部門システム,FW-H,保守,有,MDS,2026-10-01,"
             "2026-12-31,https://127.0.0.1:PORT/test/redirect?to=https://127.0.0.1:%d/files/mds.xlsx\r\n",
             other.port);
    import_with(rows);
    char *out = NULL, args[256], where[64];
    cr_assert_eq(fetch_cmd("F-110", &out), 1, "%s", out);
    snprintf(where, sizeof where, "another server (127.0.0.1:%d)", other.port);
    expect_line(out, where);
    free(out);
    snprintf(args, sizeof args, "--allow-redirect 127.0.0.1:%d F-110", other.port);
    cr_assert_eq(fetch_cmd(args, &out), 0, "%s", out);
    expect_line(out, "F-110: downloaded ");
    free(out);
}
