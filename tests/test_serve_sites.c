/*
 * tests/test_serve_sites.c - kaiji serve on a hospital group's store: each
 * account works on its site, a site's account reaches nothing of another
 * site however its URLs are written, a group's administrator chooses the
 * site or looks over all of them.  Two sites need PostgreSQL (make
 * check-pg); on SQLite, a store of one hospital shows nothing of sites.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "support/mail.h"
#include "support/serve.h"
#include "support/store.h"
#include "support/support.h"

#define PW "site-password-1"

/* kaiji user add NAME --role ROLE [--site SITE] on the store of e. */
static void add_user(const ts_env *e, const char *name, const char *role, const char *site)
{
    char args[512], *out = NULL;
    snprintf(args, sizeof args, "user add %s --role %s%s%s%s", name, role, site ? " --site '" : "",
             site ? site : "", site ? "'" : "");
    setenv("KAIJI_PASSWORD", PW, 1);
    int rc = ts_kaiji(e, args, &out);
    unsetenv("KAIJI_PASSWORD");
    cr_assert_eq(rc, 0, "%s: %s", args, out);
    free(out);
}

/* Runs kaiji with args on e; aborts unless it exits 0; its output (malloc'd). */
static char *kaiji_ok(const ts_env *e, const char *args)
{
    char *out = NULL;
    int rc = ts_kaiji(e, args, &out);
    cr_assert_eq(rc, 0, "kaiji %s: %s", args, out);
    return out;
}

/* A group's store of two hospitals, 病院A (its contract SA-1, its admin
 * tanaka) and 病院B (SB-1 of 秘密の事業者B, a submission, its admin
 * suzuki), and the group's administrator honbu; two_sites starts kaiji
 * serve on it in team mode with the vendor portal. */
static void two_sites_store(ts_env *e)
{
    ts_env_init(e);
    if (!e->pg)
        cr_skip_test("PostgreSQL only: two sites need a group's store (make check-pg)");
    free(kaiji_ok(e, "store site add 病院A"));
    free(kaiji_ok(e, "store site add 病院B"));
    ts_write(e, "a.csv", "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                         "SA-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n", 0);
    ts_write(e, "b.csv", "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                         "SB-1,秘密の事業者B,b@example.jp,画像クラウド,クラウド,有,2026/12/31\n", 0);
    free(kaiji_ok(e, "register import --site 病院A a.csv"));
    free(kaiji_ok(e, "register import --site 病院B b.csv"));
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "秘密の事業者B", "画像クラウド", "SB-1");
    ts_write(e, "in/b.json", doc, 0);
    free(doc);
    char *out = NULL;
    setenv("KAIJI_SITE", "病院B", 1);
    int rc = ts_kaiji(e, "ingest in/b.json", &out);
    unsetenv("KAIJI_SITE");
    cr_assert_eq(rc, 0, "%s", out);
    free(out);
    add_user(e, "tanaka", "admin", "病院A");
    add_user(e, "suzuki", "admin", "病院B");
    add_user(e, "honbu", "admin", NULL);
    cr_assert_lt(strlen(e->db), sizeof t_db_path);
    memcpy(t_db_path, e->db, strlen(e->db) + 1);
}

static void two_sites(ts_env *e)
{
    two_sites_store(e);
    const char *const extra[] = {"--accounts", "--vendor-portal", NULL};
    t_serve_launch(extra);
}

/* The body of r holds nothing of 病院B. */
static void nothing_of_b(const t_reply *r, const char *what)
{
    cr_expect_not(r->body && strstr(r->body, "秘密の事業者B"), "%s shows B's vendor:\n%s", what,
                  r->body);
    cr_expect_not(r->body && strstr(r->body, "SB-1"), "%s shows B's contract:\n%s", what,
                  r->body);
    cr_expect_not(r->body && strstr(r->body, "suzuki"), "%s shows B's account:\n%s", what,
                  r->body);
}

Test(sites, a_sites_account_reaches_nothing_of_another_site_however_the_url_is_written,
     .timeout = 180)
{
    ts_env e, all;
    two_sites(&e);
    ts_env_all_sites(&all, &e);
    long long b_subs = ts_count(&all, "SELECT count(*) FROM submissions s JOIN sites t"
                                      " ON t.id = s.site_id WHERE t.name = '病院B'");
    cr_assert_eq(b_subs, 1);
    long code = 0;
    CURL *h = t_login_as("tanaka", PW, &code);
    cr_assert_eq(code, 303, "tanaka cannot sign in: %ld", code);

    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect(strstr(r.body, "SA-1"), "A's contract is not on A's dashboard:\n%s", r.body);
    cr_expect(strstr(r.body, "病院A"), "the site is not named in the navigation");
    cr_expect_not(strstr(r.body, "href=\"/site\""), "a site's account may choose the site");
    nothing_of_b(&r, "the dashboard");
    t_reply_free(&r);

    static const char *const paths[] = {
        "/contract/SB-1", "/register/edit/SB-1", "/reminders/eml/b%40example.jp",
        "/report/status.html", "/reports/status.xlsx", "/audit", "/audit.csv", "/register",
        "/reminders", "/site?id=all", "/site?id=3", "/site",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        r = t_serve_get(h, paths[i], NULL);
        if (strncmp(paths[i], "/contract/", 10) == 0 || strncmp(paths[i], "/register/edit/", 15) == 0)
            cr_expect_eq(r.code, 404, "%s: %ld", paths[i], r.code);
        if (strncmp(paths[i], "/site", 5) == 0)
            cr_expect_eq(r.code, 403, "%s: %ld", paths[i], r.code);
        nothing_of_b(&r, paths[i]);
        t_reply_free(&r);
    }

    /* A link to B's contract, and an upload that names it: neither reaches B. */
    char csrf[80], path[200];
    t_serve_csrf(h, "/contract/SA-1", "/vendor-link/SA-1", csrf, sizeof csrf);
    snprintf(path, sizeof path, "/vendor-link/SB-1?csrf=%s", csrf);
    r = t_serve_post(h, path, "do=new");
    cr_expect_eq(r.code, 404, "a link to B's contract: %ld", r.code);
    nothing_of_b(&r, "the link");
    t_reply_free(&r);
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "秘密の事業者B", "画像クラウド", "SB-1");
    const char *file = ts_write(&e, "up/b2.json", doc, 0);
    free(doc);
    t_serve_csrf(h, "/upload", "/upload", csrf, sizeof csrf);
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    cr_assert_eq(curl_mime_filedata(part, file), CURLE_OK);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    r = t_request(h, "POST", path, m);
    cr_expect_eq(r.code, 200);
    cr_expect_not(strstr(r.body, "→ SB-1"), "the upload was linked to B's contract:\n%s", r.body);
    t_reply_free(&r);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM submissions s JOIN sites t"
                                " ON t.id = s.site_id WHERE t.name = '病院B'"),
                 b_subs, "the upload went into B");
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM links l JOIN sites t ON t.id = l.site_id"
                                " WHERE t.name = '病院A'"),
                 0, "A's upload was linked to a contract A does not have");
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, a_groups_administrator_looks_over_every_site_and_chooses_one, .timeout = 180)
{
    ts_env e;
    two_sites(&e);
    long code = 0;
    CURL *h = t_login_as("honbu", PW, &code);
    cr_assert_eq(code, 303, "honbu cannot sign in: %ld", code);

    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect(strstr(r.body, "すべての病院"), "no overview:\n%s", r.body);
    cr_expect(strstr(r.body, "id=\"sites\""), "no table of the sites:\n%s", r.body);
    char *a = strstr(r.body, "病院A</a></td><td class=\"num\">1</td><td class=\"num\">0</td>");
    char *b = strstr(r.body, "病院B</a></td><td class=\"num\">1</td><td class=\"num\">1</td>");
    cr_expect(a && b, "each site's counts are not on the overview:\n%s", r.body);
    cr_expect(strstr(r.body, "href=\"/site\""), "no chooser in the navigation");
    t_reply_free(&r);

    /* a page of one site asks for the site first */
    r = t_serve_get(h, "/register", NULL);
    cr_expect_eq(r.code, 409);
    cr_expect(strstr(r.body, "病院を選んでください"), "%s", r.body);
    t_reply_free(&r);

    /* the chooser's link to B: B's dashboard, B's contract, never A's */
    r = t_serve_get(h, "/site", NULL);
    cr_expect_eq(r.code, 200);
    char *link = strstr(r.body, "\">病院B</a>");
    cr_assert_not_null(link, "%s", r.body);
    char *start = link;
    while (start > r.body && strncmp(start, "/site?id=", 9) != 0)
        start--;
    char choose[64];
    snprintf(choose, sizeof choose, "%.*s", (int)(link - start), start);
    t_reply_free(&r);
    r = t_serve_get(h, choose, NULL);
    cr_expect_eq(r.code, 303, "%s: %ld", choose, r.code);
    t_reply_free(&r);
    r = t_serve_get(h, "/", NULL);
    cr_expect(strstr(r.body, "SB-1"), "B's dashboard has not B's contract:\n%s", r.body);
    cr_expect_not(strstr(r.body, "SA-1"), "B's dashboard shows A's contract");
    cr_expect(strstr(r.body, "<span class=\"site-name\">病院B</span>"), "the chosen site is not named");
    t_reply_free(&r);
    r = t_serve_get(h, "/contract/SA-1", NULL);
    cr_expect_eq(r.code, 404);
    t_reply_free(&r);
    r = t_serve_get(h, "/site?id=999999", NULL);
    cr_expect_eq(r.code, 404);
    t_reply_free(&r);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, the_overview_counts_each_sites_contracts_to_chase_and_links_to_them, .timeout = 180)
{
    ts_env e;
    two_sites(&e);
    long code = 0;
    CURL *h = t_login_as("honbu", PW, &code);
    cr_assert_eq(code, 303, "honbu cannot sign in: %ld", code);
    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect_eq(r.code, 200);
    /* the dashboard's words for the states, as column heads */
    cr_expect(strstr(r.body, "<th>期限超過</th><th>未提出</th><th>古い版</th>"),
              "the states are not the dashboard's words:\n%s", r.body);
    /* A's SA-1 has no document yet: missing, a link to A's dashboard so filtered */
    char *row = strstr(r.body, "病院A</a></td>");
    cr_assert_not_null(row, "%s", r.body);
    char *end = strstr(row, "</tr>");
    cr_assert_not_null(end);
    char *missing = strstr(row, "<td class=\"num missing\"><a href=\"");
    cr_assert(missing && missing < end, "A's missing contract is not linked:\n%s", r.body);
    char *href = missing + strlen("<td class=\"num missing\"><a href=\"");
    char link[80];
    snprintf(link, sizeof link, "%.*s", (int)strcspn(href, "\""), href);
    cr_expect(strstr(href, "\">1</a>") == href + strlen(link), "A's count is not 1:\n%s", r.body);
    char *overdue = strstr(row, "<td class=\"num overdue\">0</td>");
    cr_expect(overdue && overdue < end, "A has no overdue contract:\n%s", r.body);
    t_reply_free(&r);
    /* &amp; in the page is & in the URL */
    char *amp = strstr(link, "&amp;");
    cr_assert_not_null(amp, "%s", link);
    memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
    r = t_serve_get(h, link, NULL);
    cr_expect_eq(r.code, 303, "%s: %ld", link, r.code);
    cr_expect(r.headers && strstr(r.headers, "Location: /?state=missing"),
              "not sent to the filtered dashboard:\n%s", r.headers);
    t_reply_free(&r);
    r = t_serve_get(h, "/?state=missing", NULL);
    cr_expect(strstr(r.body, "id=\"filtered\""), "the dashboard is not filtered:\n%s", r.body);
    cr_expect(strstr(r.body, "SA-1"), "A's missing contract is not shown:\n%s", r.body);
    cr_expect(strstr(r.body, "<span class=\"site-name\">病院A</span>"), "the site is not A");
    nothing_of_b(&r, "A's dashboard");
    t_reply_free(&r);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, a_site_added_while_the_groups_administrator_is_signed_in_brings_the_chooser,
     .timeout = 180)
{
    ts_env e;
    ts_env_init(&e);
    if (!e.pg)
        cr_skip_test("PostgreSQL only: a second site needs a group's store (make check-pg)");
    ts_import(&e, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n");
    add_user(&e, "honbu", "admin", NULL);
    memcpy(t_db_path, e.db, strlen(e.db) + 1);
    const char *const extra[] = {"--accounts", NULL};
    t_serve_launch(extra);
    long code = 0;
    CURL *h = t_login_as("honbu", PW, &code);
    cr_assert_eq(code, 303, "honbu cannot sign in: %ld", code);
    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect(strstr(r.body, "C-1"), "%s", r.body);
    cr_expect_not(strstr(r.body, "href=\"/site\""), "a chooser with one site:\n%s", r.body);
    t_reply_free(&r);
    r = t_serve_get(h, "/site", NULL);
    cr_expect_eq(r.code, 403, "the chooser with one site: %ld", r.code);
    t_reply_free(&r);

    free(kaiji_ok(&e, "store site add 病院B"));
    r = t_serve_get(h, "/", NULL);
    cr_expect(strstr(r.body, "href=\"/site\""), "no chooser once a second site is added:\n%s",
              r.body);
    cr_expect(strstr(r.body, "C-1"), "the session left its site:\n%s", r.body);
    t_reply_free(&r);
    r = t_serve_get(h, "/site", NULL);
    cr_expect_eq(r.code, 200, "the chooser: %ld", r.code);
    cr_expect(strstr(r.body, "病院B</a>"), "the new site is not offered:\n%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, watching_a_folder_of_a_groups_store_asks_which_site, .timeout = 120)
{
    ts_env e;
    two_sites_store(&e);
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    setenv("LC_ALL", "ja_JP.UTF-8", 1);
    int rc = ts_kaiji(&e, "serve --listen 127.0.0.1:0 --watch in", &out);
    unsetenv("LC_ALL");
    cr_expect_eq(rc, 2, "kaiji serve --watch without --site: %d\n%s", rc, out);
    cr_expect(out && strstr(out, "複数の病院") && strstr(out, "--site"),
              "the refusal does not ask for --site in Japanese:\n%s", out);
    free(out);
    /* with --site it starts, and the folder records into that site */
    static char in[sizeof e.dir + 8];
    snprintf(in, sizeof in, "%s/in", e.dir);
    const char *const extra[] = {"--watch", in, "--site", "病院A", NULL};
    t_serve_launch(extra);
    t_serve_stop();
}

Test(sites, a_vendor_reminded_by_one_site_is_not_skipped_by_another, .timeout = 180)
{
    ts_env e;
    two_sites_store(&e);
    /* B also buys from A's vendor */
    ts_write(&e, "b2.csv", "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                           "SB-1,秘密の事業者B,b@example.jp,画像クラウド,クラウド,有,2026/12/31\n"
                           "SB-2,株式会社メディカルA,a@example.jp,検査 Z,販売,有,2026/12/31\n", 0);
    free(kaiji_ok(&e, "register import --site 病院B b2.csv"));
    char *out = kaiji_ok(&e, "remind --site 病院A --as-of 2026-11-26 --out a1");
    cr_expect(strstr(out, "1 written, 0 skipped, 0 failed"), "%s", out);
    free(out);
    out = kaiji_ok(&e, "remind --site 病院A --as-of 2026-11-27 --out a2");
    cr_expect(strstr(out, "skipped 株式会社メディカルA: reminded on 2026-11-26"), "%s", out);
    cr_expect(strstr(out, "0 written, 1 skipped, 0 failed"), "%s", out);
    free(out);
    out = kaiji_ok(&e, "remind --site 病院B --as-of 2026-11-27 --out b1");
    cr_expect_not(strstr(out, "skipped 株式会社"), "A's reminder counted in B:\n%s", out);
    cr_expect(strstr(out, "2 written, 0 skipped, 0 failed"), "%s", out);
    free(out);
}

Test(sites, a_store_of_one_hospital_shows_nothing_of_sites, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n");
    add_user(&e, "kanri", "admin", NULL);
    char *out = kaiji_ok(&e, "user list");
    cr_expect(strstr(out, "kanri  admin\n"), "no site said for a single hospital: %s", out);
    free(out);
    memcpy(t_db_path, e.db, strlen(e.db) + 1);
    const char *const extra[] = {"--accounts", NULL};
    t_serve_launch(extra);
    long code = 0;
    CURL *h = t_login_as("kanri", PW, &code);
    cr_assert_eq(code, 303);
    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect_eq(r.code, 200);
    cr_expect(strstr(r.body, "C-1"));
    cr_expect_not(strstr(r.body, "site-name") || strstr(r.body, "href=\"/site\""),
                  "a single hospital sees sites:\n%s", r.body);
    t_reply_free(&r);
    r = t_serve_get(h, "/site", NULL);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, an_sqlite_store_refuses_an_account_of_another_site)
{
    ts_env e;
    ts_env_init(&e);
    ts_sqlite_only(&e, "a PostgreSQL store may hold many sites");
    /* A second site, as an older kaiji's store site add made on SQLite. */
    kaiji_store_free(ts_open(&e));
    ts_exec(&e, "INSERT INTO sites(name, created_at) VALUES ('病院A', '2026-11-26T09:00:00Z')");
    char *out = NULL;
    setenv("KAIJI_PASSWORD", PW, 1);
    int rc = ts_kaiji(&e, "user add tanaka --role staff --site 病院A", &out);
    unsetenv("KAIJI_PASSWORD");
    cr_expect_neq(rc, 0, "%s", out);
    cr_expect(strstr(out, "store copy --site"), "%s", out);
    free(out);
}

Test(sites, a_downloaded_reminder_carries_an_upload_link_with_a_public_address, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n"
                  "C-2,株式会社メディカルA,a@example.jp,画像 Y,販売,有,2026/12/31\n");
    memcpy(t_db_path, e.db, strlen(e.db) + 1);
    const char *const extra[] = {"--vendor-portal", "--public-url", "https://portal.example.jp/",
                                 NULL};
    t_serve_launch(extra);
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/reminders", NULL);
    cr_expect(strstr(r.body, "id=\"draft-links\""), "the page does not say the mails carry links");
    t_reply_free(&r);
    r = t_serve_get(h, "/reminders/eml/C-1", NULL);
    cr_expect_eq(r.code, 200);
    char *body = t_mail_body(r.body);
    cr_expect(body && strstr(body, "https://portal.example.jp/v/"),
              "the .eml has no upload link:\n%s", body ? body : r.body);
    free(body);
    t_reply_free(&r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM vendor_links"), 2, "one link per contract");
    r = t_serve_get(h, "/reminders.zip", NULL);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM vendor_links"), 4,
                 "the ZIP's mail made no links");
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM audit_log WHERE action = 'vendor-link'"), 4);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, without_a_public_address_a_downloaded_reminder_carries_no_link, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社メディカルA,a@example.jp,電子カルテ X,販売,有,2026/12/31\n");
    memcpy(t_db_path, e.db, strlen(e.db) + 1);
    const char *const extra[] = {"--vendor-portal", NULL};
    t_serve_launch(extra);
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/reminders/eml/C-1", NULL);
    cr_expect_eq(r.code, 200);
    char *body = t_mail_body(r.body);
    cr_expect(body && !strstr(body, "/v/"), "a link to this computer's address:\n%s",
              body ? body : r.body);
    free(body);
    t_reply_free(&r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM vendor_links"), 0);
    curl_easy_cleanup(h);
    t_serve_stop();
}

Test(sites, a_server_of_one_site_lets_in_its_accounts_and_the_groups_only, .timeout = 180)
{
    ts_env e;
    two_sites_store(&e);
    /* the commands' --site: B's status from the group's role */
    char *out = NULL;
    ts_kaiji(&e, "status --site 病院B --format json", &out);
    cr_expect(out && strstr(out, "秘密の事業者B") && !strstr(out, "メディカルA"), "%s", out);
    free(out);
    const char *const extra[] = {"--accounts", "--site", "病院A", NULL};
    t_serve_launch(extra);
    long code = 0;
    CURL *h = t_login_as("suzuki", PW, &code);
    cr_expect_eq(code, 403, "B's account signed in to A's server: %ld", code);
    curl_easy_cleanup(h);
    h = t_login_as("honbu", PW, &code);
    cr_assert_eq(code, 303, "the group's administrator cannot sign in: %ld", code);
    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect(strstr(r.body, "SA-1"), "%s", r.body);
    cr_expect_not(strstr(r.body, "href=\"/site\""), "a server of one site offers the chooser");
    nothing_of_b(&r, "A's server");
    t_reply_free(&r);
    curl_easy_cleanup(h);
    h = t_login_as("tanaka", PW, &code);
    cr_expect_eq(code, 303, "A's account cannot sign in to A's server: %ld", code);
    curl_easy_cleanup(h);
    t_serve_stop();
    ts_env all;
    ts_env_all_sites(&all, &e);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM audit_log a JOIN sites t ON t.id = a.site_id"
                                " WHERE t.name = '病院B' AND a.action = 'login-failed'"
                                " AND a.detail = 'another site''s account'"),
                 1, "B's refused attempt is not in B's audit log");
}

Test(sites, a_vendor_link_of_one_site_opens_and_feeds_that_sites_contract, .timeout = 180)
{
    ts_env e, all;
    two_sites(&e);
    ts_env_all_sites(&all, &e);
    long code = 0;
    CURL *h = t_login_as("suzuki", PW, &code);
    cr_assert_eq(code, 303);
    char csrf[80], path[200];
    t_serve_csrf(h, "/contract/SB-1", "/vendor-link/SB-1", csrf, sizeof csrf);
    snprintf(path, sizeof path, "/vendor-link/SB-1?csrf=%s", csrf);
    t_reply r = t_serve_post(h, path, "do=new");
    cr_assert_eq(r.code, 200, "%s", r.body);
    const char *v = strstr(r.body, "/v/");
    cr_assert_not_null(v, "%s", r.body);
    char link[80];
    snprintf(link, sizeof link, "%.*s", (int)(3 + strspn(v + 3, "0123456789abcdef")), v);
    t_reply_free(&r);
    curl_easy_cleanup(h);

    CURL *anon = curl_easy_init();
    r = t_serve_get(anon, link, NULL);
    cr_expect_eq(r.code, 200, "%s: %ld", link, r.code);
    cr_expect(strstr(r.body, "秘密の事業者B"), "the link does not open B's contract:\n%s", r.body);
    cr_expect_not(strstr(r.body, "メディカルA"), "the link shows A's contract");
    t_reply_free(&r);
    char *doc = ts_doc("mds-sds/mds-5.0-answer-with-comment.xlsx", "秘密の事業者B", "画像クラウド",
                       "SB-1");
    const char *file = ts_write(&e, "up/b3.json", doc, 0);
    free(doc);
    curl_mime *m = curl_mime_init(anon);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    cr_assert_eq(curl_mime_filedata(part, file), CURLE_OK);
    r = t_request(anon, "POST", link, m);
    cr_expect_eq(r.code, 200, "%ld\n%s", r.code, r.body);
    t_reply_free(&r);
    curl_easy_cleanup(anon);
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM links l JOIN sites t ON t.id = l.site_id"
                                " WHERE t.name = '病院B' AND l.contract_id = 'SB-1'"),
                 2, "the file sent through B's link is not B's contract's");
    cr_expect_eq(ts_count(&all, "SELECT count(*) FROM submissions s JOIN sites t"
                                " ON t.id = s.site_id WHERE t.name <> '病院B'"),
                 0, "the file went to another site");
    t_serve_stop();
}
