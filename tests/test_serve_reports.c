/*
 * tests/test_serve_reports.c - kaiji serve's reports page over loopback: the
 * status workbook, the hospital's checklist form (its 和暦 date picker, kept
 * in the store, in the draft downloaded, in the audit log), roles; the pages'
 * language by the browser's Accept-Language; and the hardening left: the
 * 256 MiB cap of a request, the eviction of the oldest session, a client that
 * stalls half-way through its request.
 */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include "kaiji.h"
#include "server/server.h"
#include "support/serve.h"
#include "support/support.h"

/* Posts the checklist form with the session's token; body without it. */
static t_reply post_form(CURL *h, const char *body)
{
    char csrf[80], path[160];
    t_serve_csrf(h, "/reports", "/reports/checklist", csrf, sizeof csrf);
    snprintf(path, sizeof path, "/reports/checklist?csrf=%s", csrf);
    return t_serve_post(h, path, body);
}

/* 1① いいえ until 令和8年12月1日, 3③ はい; the hospital's name and who filled it. */
#define FILLED                                                                              \
    "organisation=%E3%83%86%E3%82%B9%E3%83%88%E7%97%85%E9%99%A2"                           \
    "&author=%E5%B1%B1%E7%94%B0"                                                            \
    "&item_0=1%E2%91%A0&answer_0=no&era_0=R&year_0=8&month_0=12&day_0=1"                    \
    "&item_1=3%E2%91%A2&answer_1=yes&era_1=R&year_1=&month_1=&day_1="

TestSuite(reports, .init = t_serve_start, .fini = t_serve_stop, .timeout = 120);

Test(reports, the_page_offers_the_report_to_print_the_status_workbook_and_the_draft)
{
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/reports", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect(strstr(r.body, "<title>報告書 — kaiji</title>"), "not in Japanese:\n%s", r.body);
    cr_expect(strstr(r.body, "href=\"/report/status.html\""));
    cr_expect(strstr(r.body, "href=\"/reports/status.xlsx\""));
    cr_expect(strstr(r.body, "href=\"/reports/checklist.xlsx\""));
    cr_expect(strstr(r.body, "<a href=\"/reports\">報告書</a>"), "no link in the navigation");
    /* the hospital's own items: no vendor answers 3③ (BCP) */
    cr_expect(strstr(r.body, "value=\"3③\""), "3③ is not on the form");
    cr_expect(strstr(r.body, "<select name=\"era_0\""), "no 和暦 picker");
    cr_expect(strstr(r.body, "令和"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(reports, the_status_workbook_is_the_one_the_command_writes_as_an_attachment)
{
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/reports/status.xlsx", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect(strstr(r.headers, "spreadsheetml.sheet"));
    cr_expect(strstr(r.headers, "attachment; filename=\"kaiji-status-2026-11-26.xlsx\""),
              "%s", r.headers);
    cr_assert_gt(r.size, 4);
    cr_expect_eq(memcmp(r.body, "PK\3\4", 4), 0, "not a ZIP");
    /* the same sheets as kaiji status --format xlsx */
    cr_expect(memmem(r.body, r.size, "xl/worksheets/sheet3.xml", 24), "three sheets expected");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(reports, the_form_is_kept_and_comes_back_filled_with_its_dates_in_wareki)
{
    CURL *h = t_signed_in();
    t_reply r = post_form(h, FILLED);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect(strstr(r.body, "保存しました"), "no word that it was saved:\n%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
    /* another session, later: the form comes back as it was sent */
    h = t_signed_in();
    r = t_serve_get(h, "/reports", NULL);
    cr_expect(strstr(r.body, "value=\"テスト病院\""), "the hospital's name is not kept");
    cr_expect(strstr(r.body, "value=\"山田\""), "the author is not kept");
    cr_expect(strstr(r.body, "name=\"year_0\" type=\"number\" min=\"1\" max=\"99\" size=\"3\" "
                             "aria-label=\"年\" value=\"8\""),
              "the year is not kept:\n%s", r.body);
    cr_expect(strstr(r.body, "<option value=\"12\" selected>12</option>"), "the month");
    cr_expect(strstr(r.body, "令和8年12月1日"), "the date is not shown in 和暦");
    cr_expect(strstr(r.body, "<option value=\"no\" selected>いいえ</option>"));
    cr_expect(strstr(r.body, "<option value=\"yes\" selected>はい</option>"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(reports, the_draft_downloaded_carries_the_hospitals_answers)
{
    CURL *h = t_signed_in();
    t_reply r = post_form(h, FILLED);
    cr_assert_eq(r.code, 200);
    t_reply_free(&r);
    r = t_serve_get(h, "/reports/checklist.xlsx", NULL);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect(strstr(r.headers, "attachment; filename=\"kaiji-checklist-"), "%s", r.headers);
    char path[600];
    snprintf(path, sizeof path, "%s/draft.xlsx", t_tmpdir());
    t_spit(path, r.body, r.size);
    t_reply_free(&r);
    kaiji_document *doc = t_validate(path, "2026-11-26");
    cr_assert_eq(kaiji_document_kind(doc), KAIJI_KIND_HOSPITAL_CHECKLIST);
    const kaiji_item *one = t_item(doc, "1①"), *bcp = t_item(doc, "3③");
    cr_assert_not_null(one);
    cr_assert_not_null(bcp);
    cr_expect_eq(kaiji_item_answer(one), KAIJI_ANSWER_NO);
    kaiji_date d = kaiji_item_target_date(one);
    cr_expect(d.year == 2026 && d.month == 12 && d.day == 1, "目標日 %d-%d-%d", d.year, d.month,
              d.day);
    cr_expect_eq(kaiji_item_answer(bcp), KAIJI_ANSWER_YES);
    cr_expect(strstr(kaiji_document_field(doc, KAIJI_FIELD_CONTACT), "山田"), "記入者: %s",
              kaiji_document_field(doc, KAIJI_FIELD_CONTACT));
    kaiji_document_free(doc);
    curl_easy_cleanup(h);
}

/* A date the picker can send but the calendar lacks; and the wrong eras. */
Test(reports, a_date_that_is_not_one_is_refused_and_nothing_saved)
{
    static const char *const dates[] = {
        "era_0=R&year_0=8&month_0=2&day_0=30",  /* 令和8年2月30日 */
        "era_0=H&year_0=32&month_0=1&day_0=1",  /* 平成32年: there was none */
        "era_0=S&year_0=8&month_0=1&day_0=1",   /* no such era */
        "era_0=R&year_0=8&month_0=&day_0=1",    /* half a date */
        "era_0=R&year_0=x&month_0=1&day_0=1",
        "date_0=2026-13-01",
    };
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char body[512];
        snprintf(body, sizeof body, "organisation=X&item_0=1%%E2%%91%%A0&answer_0=no&%s",
                 dates[i]);
        t_reply r = post_form(h, body);
        cr_expect_eq(r.code, 400, "%s: %ld", dates[i], r.code);
        cr_expect(strstr(r.body, "1①"), "%s: the page does not say which item", dates[i]);
        t_reply_free(&r);
        r = t_serve_get(h, "/reports", NULL);
        cr_expect(strstr(r.body, "name=\"organisation\" maxlength=\"200\" value=\"\""),
                  "%s: something was saved", dates[i]);
        t_reply_free(&r);
    }
    curl_easy_cleanup(h);
}

Test(reports, a_date_in_heisei_or_from_a_date_field_is_read)
{
    CURL *h = t_signed_in();
    t_reply r = post_form(h, "item_0=1%E2%91%A0&answer_0=no&era_0=H&year_0=31&month_0=4&day_0=30"
                             "&item_1=3%E2%91%A2&answer_1=no&date_1=2027-03-31");
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect(strstr(r.body, "平成31年4月30日"), "平成 is not read:\n%s", r.body);
    cr_expect(strstr(r.body, "令和9年3月31日"), "the date field is not read");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(reports, a_form_without_its_token_is_refused_and_a_save_is_in_the_audit_log)
{
    CURL *h = t_signed_in();
    t_reply r = t_serve_post(h, "/reports/checklist", FILLED);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    r = t_serve_get(h, "/audit.csv", NULL);
    cr_expect_null(strstr(r.body, "checklist-answers"), "a refused form was recorded");
    t_reply_free(&r);
    r = post_form(h, FILLED);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    r = t_serve_get(h, "/audit.csv", NULL);
    cr_expect(strstr(r.body, ",local,checklist-answers,,2 answered"), "not in the audit log:\n%s",
              r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------------- roles */

TestSuite(reports_team, .init = t_serve_start_team, .fini = t_serve_stop, .timeout = 120);

Test(reports_team, a_viewer_reads_and_downloads_but_cannot_change_the_form)
{
    long code = 0;
    CURL *h = t_login_as("kensa", VIEWER_PW, &code);
    cr_assert_eq(code, 303);
    t_reply r = t_serve_get(h, "/reports", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect(strstr(r.body, "<input name=\"organisation\" maxlength=\"200\" disabled"),
              "the viewer's form is not read-only");
    cr_expect_null(strstr(r.body, "<button type=\"submit\">回答を保存"), "a viewer can save");
    /* the form's token is still there (the page is the same); the route refuses */
    const char *p = strstr(r.body, "/reports/checklist?csrf=");
    cr_assert_not_null(p);
    char path[160];
    snprintf(path, sizeof path, "%.*s", (int)strcspn(p, "\""), p);
    t_reply_free(&r);
    r = t_serve_post(h, path, FILLED);
    cr_expect_eq(r.code, 403);
    t_reply_free(&r);
    static const char *const downloads[] = {"/reports/status.xlsx", "/reports/checklist.xlsx",
                                            "/report/status.html"};
    for (size_t i = 0; i < 3; i++) {
        r = t_serve_get(h, downloads[i], NULL);
        cr_expect_eq(r.code, 200, "%s: %ld", downloads[i], r.code);
        t_reply_free(&r);
    }
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------------ language */

typedef struct lang_case {
    const char *accept; /* NULL: no header */
    const char *lang;   /* "ja" or "en" */
} lang_case;

static void start_lang(void)
{
    t_require_locale("ja_JP.UTF-8");
    t_serve_start();
}

Test(language, the_browsers_language_chooses_the_pages_language, .init = start_lang,
     .fini = t_serve_stop, .timeout = 120)
{
    static const lang_case cases[] = {
        {NULL, "ja"},
        {"ja", "ja"},
        {"en", "en"},
        {"en-US,en;q=0.9,ja;q=0.8", "en"},
        {"ja,en-US;q=0.9,en;q=0.8", "ja"},
        {"en;q=0.5, ja;q=0.8", "ja"},
        {"fr-FR, en;q=0.4", "en"},   /* a French maker reads English rather than Japanese */
        {"de", "en"},                 /* another language first: English rather than Japanese */
        {"de, ja;q=0.9", "en"},
        {"ja, de;q=0.9", "ja"},
        {"EN-gb", "en"},
        {"en;q=0", "ja"},             /* q=0: not acceptable */
        {"*", "ja"},
        {"ja;q=0.5, en;q=0.5", "ja"}, /* a tie: Japanese */
        {"ja-JP", "ja"},
        {"JA", "ja"},
    };
    CURL *h = t_signed_in();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lang_case *c = &cases[i];
        char header[200];
        const char *headers[] = {header, NULL};
        snprintf(header, sizeof header, "Accept-Language: %s", c->accept ? c->accept : "");
        t_reply r = t_serve_get(h, "/", c->accept ? headers : NULL);
        bool en = strcmp(c->lang, "en") == 0;
        cr_assert_eq(r.code, 200);
        cr_expect(strstr(r.body, en ? "<html lang=\"en\">" : "<html lang=\"ja\">"),
                  "%s: lang", c->accept);
        cr_expect(strstr(r.body, en ? "<h1>Dashboard</h1>" : "<h1>ダッシュボード</h1>"),
                  "%s: words", c->accept);
        cr_expect(strstr(r.body, en ? "2026-11-26" : "令和8年11月26日"), "%s: dates",
                  c->accept);
        t_reply_free(&r);
    }
    curl_easy_cleanup(h);
}

static void start_c(void)
{
    t_require_locale("ja_JP.UTF-8");
    t_serve_make_store();
    t_serve_launch_lang(NULL, "C");
}

Test(language, a_server_started_under_lang_c_still_answers_in_japanese, .init = start_c,
     .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/reports", NULL);
    cr_expect(strstr(r.body, "<html lang=\"ja\">"));
    cr_expect(strstr(r.body, "<h1>報告書</h1>"), "%s", r.body);
    t_reply_free(&r);
    static const char *const en[] = {"Accept-Language: en", NULL};
    r = t_serve_get(h, "/reports", en);
    cr_expect(strstr(r.body, "<h1>Reports</h1>"));
    cr_expect(strstr(r.body, "type=\"date\""), "no date field in English");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* A part of the workbook downloaded (r's body), NUL-terminated, malloc'd. */
static char *book_part(const t_reply *r, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(r->body, r->size, 0, &ze);
    cr_assert_not_null(src);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    cr_assert_not_null(z, "the download is not a ZIP");
    zip_stat_t st;
    cr_assert_eq(zip_stat(z, name, 0, &st), 0, "no part %s", name);
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    cr_assert(buf && f);
    cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    zip_error_fini(&ze);
    return buf;
}

/* GET path with h, in English when en. */
static t_reply get_in(CURL *h, const char *path, bool en)
{
    static const char *const english[] = {"Accept-Language: en-US,en;q=0.9,ja;q=0.8", NULL};
    t_reply r = t_serve_get(h, path, en ? english : NULL);
    cr_assert_eq(r.code, 200, "%s: %ld", path, r.code);
    return r;
}

Test(language, the_report_to_print_follows_the_language_of_the_page, .init = start_c,
     .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    t_reply r = get_in(h, "/report/status.html", true);
    cr_expect(strstr(r.body, "<html lang=\"en\">"), "lang");
    cr_expect(strstr(r.body, "<h1>Documents received, contract by contract</h1>"), "title");
    cr_expect(strstr(r.body, "overdue"), "the states' words");
    cr_expect(strstr(r.body, "2026-11-26"), "the dates");
    cr_expect_null(strstr(r.body, "契約ごとの提出状況"), "a Japanese title");
    cr_expect_null(strstr(r.body, "期限超過"), "a Japanese state");
    cr_expect_null(strstr(r.body, "（kaiji"), "Japanese brackets");
    t_reply_free(&r);
    r = get_in(h, "/report/status.html", false);
    cr_expect(strstr(r.body, "<html lang=\"ja\">"));
    cr_expect(strstr(r.body, "<h1>契約ごとの提出状況</h1>"), "%.400s", r.body);
    cr_expect(strstr(r.body, "期限超過"));
    cr_expect_null(strstr(r.body, "Documents received"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(language, the_status_workbook_follows_the_language_of_the_page, .init = start_c,
     .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    t_reply r = get_in(h, "/reports/status.xlsx", true);
    char *wb = book_part(&r, "xl/workbook.xml"), *ss = book_part(&r, "xl/sharedStrings.xml");
    cr_expect(strstr(wb, "name=\"Contracts\"") && strstr(wb, "name=\"Documents\"") &&
                  strstr(wb, "name=\"Findings\""),
              "the sheets' names: %s", wb);
    cr_expect(strstr(ss, ">Days overdue<"), "the headers: %.600s", ss);
    cr_expect(strstr(ss, ">overdue<"), "the states' words");
    cr_expect_null(strstr(ss, "契約番号"), "a Japanese header");
    cr_expect_null(strstr(ss, "期限超過"), "a Japanese state");
    free(wb);
    free(ss);
    t_reply_free(&r);
    r = get_in(h, "/reports/status.xlsx", false);
    wb = book_part(&r, "xl/workbook.xml");
    ss = book_part(&r, "xl/sharedStrings.xml");
    cr_expect(strstr(wb, "name=\"契約\""), "%s", wb);
    cr_expect(strstr(ss, ">契約番号<") && strstr(ss, ">期限超過<"));
    cr_expect_null(strstr(ss, ">Days overdue<"));
    free(wb);
    free(ss);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(language, the_checklist_drafts_own_words_follow_the_page_and_the_form_stays_the_forms,
     .init = start_c, .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    t_reply r = post_form(h, FILLED);
    cr_assert_eq(r.code, 200);
    t_reply_free(&r);
    r = get_in(h, "/reports/checklist.xlsx", true);
    char *wb = book_part(&r, "xl/workbook.xml"), *ss = book_part(&r, "xl/sharedStrings.xml");
    cr_expect(strstr(wb, "name=\"医療機関確認用\""), "the form's sheet: %s", wb);
    cr_expect(strstr(wb, "name=\"Evidence\""), "the evidence sheet: %s", wb);
    cr_expect(strstr(ss, "a draft kaiji made as of 2026-11-26"), "the note: %.600s", ss);
    cr_expect(strstr(ss, ">hospital's answer<"), "the evidence's words");
    cr_expect(strstr(ss, ">確認項目<"), "the form's header");
    cr_expect_null(strstr(ss, "根拠の詳細"), "kaiji's Japanese words");
    free(wb);
    free(ss);
    /* the English draft still reads back as the form, with the answers */
    char path[600];
    snprintf(path, sizeof path, "%s/draft-en.xlsx", t_tmpdir());
    t_spit(path, r.body, r.size);
    t_reply_free(&r);
    kaiji_document *doc = t_validate(path, "2026-11-26");
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_HOSPITAL_CHECKLIST);
    const kaiji_item *bcp = t_item(doc, "3③");
    cr_expect(bcp && kaiji_item_answer(bcp) == KAIJI_ANSWER_YES);
    kaiji_document_free(doc);
    r = get_in(h, "/reports/checklist.xlsx", false);
    wb = book_part(&r, "xl/workbook.xml");
    ss = book_part(&r, "xl/sharedStrings.xml");
    cr_expect(strstr(wb, "name=\"根拠の詳細\""), "%s", wb);
    cr_expect(strstr(ss, ">医療機関の回答<"));
    cr_expect_null(strstr(ss, "Evidence"));
    free(wb);
    free(ss);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* Uploads samples/broken/truncated.xlsx as KMS-2026-017's MDS, by a page
 * in English when en. */
static void upload_unreadable(CURL *h, bool en)
{
    char csrf[80], path[160];
    t_serve_csrf(h, "/upload", "/upload", csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s", csrf);
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    cr_assert_eq(curl_mime_filedata(part, t_src("samples/broken/truncated.xlsx")), CURLE_OK);
    curl_mime_filename(part, "KMS-2026-017_MDS.xlsx");
    struct curl_slist *hs = en ? curl_slist_append(NULL, "Accept-Language: en") : NULL;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
    t_reply r = t_request(h, "POST", path, m);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hs);
    curl_mime_free(m);
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_assert(strstr(r.body, "href=\"/contract/KMS-2026-017\""), "not linked: %s", r.body);
    t_reply_free(&r);
}

/* What the reader says of a ZIP cut short, in each language. */
#define CUT_SHORT_EN "the file is not a complete ZIP archive"
#define CUT_SHORT_JA "完全な ZIP アーカイブではありません"

Test(language, a_file_that_could_not_be_read_is_told_in_the_language_of_the_page_that_shows_it,
     .init = start_c, .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    upload_unreadable(h, false); /* ingested by a Japanese page */
    t_reply r = get_in(h, "/contract/KMS-2026-017", true);
    cr_expect(strstr(r.body, CUT_SHORT_EN), "not in English: %s", r.body);
    cr_expect_null(strstr(r.body, CUT_SHORT_JA));
    t_reply_free(&r);
    r = get_in(h, "/contract/KMS-2026-017", false);
    cr_expect(strstr(r.body, CUT_SHORT_JA), "not in Japanese: %s", r.body);
    cr_expect_null(strstr(r.body, CUT_SHORT_EN));
    t_reply_free(&r);
    r = get_in(h, "/reports/status.xlsx", true);
    char *ss = book_part(&r, "xl/sharedStrings.xml");
    cr_expect(strstr(ss, CUT_SHORT_EN), "the English workbook's findings");
    free(ss);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(language, a_file_ingested_by_an_english_page_is_told_in_japanese_on_a_japanese_one,
     .init = start_c, .fini = t_serve_stop, .timeout = 120)
{
    CURL *h = t_signed_in();
    upload_unreadable(h, true);
    t_reply r = get_in(h, "/contract/KMS-2026-017", false);
    cr_expect(strstr(r.body, CUT_SHORT_JA), "not in Japanese: %s", r.body);
    t_reply_free(&r);
    r = get_in(h, "/report/status.html", false);
    cr_expect(strstr(r.body, CUT_SHORT_JA), "the report's findings");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* ------------------------------------------------------------ hardening */

/* A multipart upload of one file just over KAIJI_SERVER_MAX_UPLOAD, made as
 * it is sent (chunked): never held in the test's memory. */
typedef struct stream {
    size_t sent, total;
    int part; /* 0 head, 1 filler, 2 tail, 3 done */
} stream;

#define BOUNDARY "kaijiTestBoundary7c1d"
static const char stream_head[] = "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                                  "name=\"files\"; filename=\"huge.xlsx\"\r\n"
                                  "Content-Type: application/octet-stream\r\n\r\n";
static const char stream_tail[] = "\r\n--" BOUNDARY "--\r\n";

static size_t stream_read(char *buf, size_t size, size_t n, void *userp)
{
    stream *s = userp;
    size_t room = size * n;
    if (s->part == 0) {
        size_t k = sizeof stream_head - 1;
        cr_assert_geq(room, k);
        memcpy(buf, stream_head, k);
        s->part = 1;
        return k;
    }
    if (s->part == 1) {
        size_t k = s->total - s->sent < room ? s->total - s->sent : room;
        memset(buf, 'A', k);
        s->sent += k;
        if (s->sent == s->total)
            s->part = 2;
        return k;
    }
    if (s->part == 2) {
        size_t k = sizeof stream_tail - 1;
        memcpy(buf, stream_tail, k);
        s->part = 3;
        return k;
    }
    return 0;
}

Test(reports, an_upload_over_256_mib_is_refused_with_413_and_nothing_is_recorded)
{
    CURL *h = t_signed_in();
    char csrf[80], url[300];
    /* the server may answer and close before the last bytes: a write then
     * fails rather than kill the test */
    signal(SIGPIPE, SIG_IGN);
    t_serve_csrf(h, "/upload", "/upload", csrf, sizeof csrf);
    snprintf(url, sizeof url, "%s/upload?csrf=%s", t_base_url, csrf);
    stream s = {0, (size_t)KAIJI_SERVER_MAX_UPLOAD + 1024 * 1024, 0};
    struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: multipart/form-data; "
                                                    "boundary=" BOUNDARY);
    hd = curl_slist_append(hd, "Transfer-Encoding: chunked");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, stream_read);
    curl_easy_setopt(h, CURLOPT_READDATA, &s);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, NULL);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, NULL);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, NULL);
    FILE *sink = fopen("/dev/null", "w");
    curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 110L);
    CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    fclose(sink);
    curl_slist_free_all(hd);
    cr_assert_eq(rc, CURLE_OK, "%s", curl_easy_strerror(rc));
    cr_expect_eq(code, 413);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    curl_easy_cleanup(h);
    /* nothing recorded, and the server still serves */
    h = t_signed_in();
    t_reply r = t_serve_get(h, "/audit.csv", NULL);
    cr_assert_eq(r.code, 200);
    cr_expect_null(strstr(r.body, "upload"), "something was recorded:\n%s", r.body);
    cr_expect_null(strstr(r.body, "huge.xlsx"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(reports, past_the_most_sessions_the_oldest_loses_access_and_the_newest_keeps_it)
{
    CURL *h[KAIJI_SERVER_MAX_SESSIONS + 1];
    for (size_t i = 0; i <= KAIJI_SERVER_MAX_SESSIONS; i++)
        h[i] = t_signed_in();
    t_reply r = t_serve_get(h[KAIJI_SERVER_MAX_SESSIONS], "/", NULL);
    cr_expect_eq(r.code, 200, "the newest session lost access");
    t_reply_free(&r);
    r = t_serve_get(h[1], "/", NULL);
    cr_expect_eq(r.code, 200, "the second oldest lost access");
    t_reply_free(&r);
    r = t_serve_get(h[0], "/", NULL);
    cr_expect_eq(r.code, 403, "the oldest session kept access past the limit");
    t_reply_free(&r);
    for (size_t i = 0; i <= KAIJI_SERVER_MAX_SESSIONS; i++)
        curl_easy_cleanup(h[i]);
}

static void start_short_timeout(void)
{
    static const char *const extra[] = {"--timeout", "1", NULL};
    t_serve_make_store();
    t_serve_launch(extra);
}

Test(slow_clients, a_client_that_stalls_half_way_is_dropped_and_blocks_no_one,
     .init = start_short_timeout, .fini = t_serve_stop, .timeout = 120)
{
    int port = atoi(strrchr(t_base_url, ':') + 1);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd[4];
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    /* headers begun, never ended */
    for (size_t i = 0; i < 4; i++) {
        static const char half[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        fd[i] = socket(AF_INET, SOCK_STREAM, 0);
        cr_assert_geq(fd[i], 0);
        cr_assert_eq(connect(fd[i], (struct sockaddr *)&a, sizeof a), 0);
        cr_assert_eq(write(fd[i], half, sizeof half - 1), (ssize_t)(sizeof half - 1));
    }
    /* meanwhile everyone else is served */
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/", NULL);
    cr_expect_eq(r.code, 200);
    t_reply_free(&r);
    curl_easy_cleanup(h);
    /* and the stalled ones are closed by the server (long before 30 s) */
    for (size_t i = 0; i < 4; i++) {
        struct pollfd p = {.fd = fd[i], .events = POLLIN};
        char buf[256];
        cr_assert_eq(poll(&p, 1, 20000), 1, "a stalled connection was not dropped");
        ssize_t n;
        while ((n = read(fd[i], buf, sizeof buf)) > 0)
            ;
        cr_expect_leq(n, 0, "the connection is still open");
        close(fd[i]);
    }
}
