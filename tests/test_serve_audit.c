/*
 * tests/test_serve_audit.c - kaiji serve's audit log over loopback
 * (tests/support/serve.h), read by a Japanese-speaking administrator or
 * inspector: times in the computer's local time (Japan, TZ=JST-9 here) and
 * its dates in 和暦, actions and details in words built from the values the
 * entries hold, entries written by earlier versions (English details) shown
 * in words or under a label; its CSV keeps the codes, the UTC times and the
 * details as recorded for programs, with the words in columns after them.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji/store.h"
#include "support/serve.h"
#include "support/store.h"
#include "support/support.h"

/* Entries as the versions before this one wrote them, and one as this one
 * writes a reminder run, at fixed times (UTC). */
static const char entries[] =
    "INSERT INTO audit_log(at, actor, action, target, detail) VALUES"
    " ('2026-11-26T15:30:00Z', 'tantou', 'ingest', '',"
    "  'files 76: recorded 76, already there 0, linked 70, not linked 6'),"
    " ('2026-11-26T01:00:00Z', 'tantou', 'remind-sent', '', 'vendors 3'),"
    " ('2026-11-26T01:01:00Z', 'tantou', 'remind-sent', '', 'sent=1 skipped=0 failed=2'),"
    " ('2026-11-26T01:02:00Z', 'local', 'upload', 'KMS-2026-017',"
    "  'mds good.xlsx sha256:0123456789ab valid'),"
    " ('2026-11-26T01:03:00Z', 'watch', 'ingest', '', 'scan.pdf not read: not-read-pdf'),"
    " ('2026-11-26T01:04:00Z', 'kanri', 'login-failed', '127.0.0.1', 'locked'),"
    " ('2026-11-26T01:05:00Z', 'local', 'contract-edit', 'KMS-2026-017',"
    "  'due: 2026-09-30 → 2026-10-31; patient_data: no → yes'),"
    " ('2026-11-26T01:06:00Z', 'local', 'ingest', '', 'a form no version wrote'),"
    " ('2026-11-26T01:07:00Z', 'vendor:KMS-2026-017', 'upload', 'KMS-2026-017',"
    "  'sds v.xlsx sha256:abcdefabcdef valid')";

static void start_with_entries(void)
{
    t_serve_make_store();
    ts_env e = {.pg = kaiji_store_is_uri(t_db_path)};
    snprintf(e.db, sizeof e.db, "%s", t_db_path);
    ts_exec(&e, entries);
    /* The hospital's computer: Japan's time (POSIX form: no tzdata needed). */
    setenv("TZ", "JST-9", 1);
    t_serve_launch(NULL);
}

TestSuite(audit, .init = start_with_entries, .fini = t_serve_stop, .timeout = 120);

/* The text of the page's table rows, tags and their attributes left out. */
static char *rows_text(const char *body)
{
    const char *a = strstr(body, "<tbody>"), *b = a ? strstr(a, "</tbody>") : NULL;
    cr_assert(a && b, "no table on the audit page:\n%s", body);
    char *text = malloc((size_t)(b - a) + 1), *o = text;
    cr_assert_not_null(text);
    bool tag = false;
    for (const char *p = a; p < b; p++) {
        if (*p == '<')
            tag = true;
        else if (*p == '>')
            tag = false, *o++ = ' ';
        else if (!tag)
            *o++ = *p;
    }
    *o = '\0';
    return text;
}

Test(audit, the_page_shows_local_times_in_wareki_and_actions_and_details_in_japanese)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/audit", NULL);
    cr_assert_eq(r.code, 200);
    char *text = rows_text(r.body);
    /* 15:30 UTC on the 26th is half past midnight on the 27th in Japan. */
    cr_expect_not_null(strstr(text, "令和8年11月27日 00:30:00"), "%s", text);
    cr_expect_not_null(strstr(text, "令和8年11月26日 10:00:00"), "%s", text);
    cr_expect_null(strstr(text, "2026-11-26T"), "a UTC ISO time on the page: %s", text);
    /* the UTC time stays in the markup, for a machine */
    cr_expect_not_null(strstr(r.body, "<time datetime=\"2026-11-26T15:30:00Z\">"));
    /* who: local mode and the watched folder in words */
    cr_expect_not_null(strstr(text, "この端末（ローカルモード）"), "%s", text);
    cr_expect_not_null(strstr(text, "監視フォルダー"), "%s", text);
    cr_expect_null(strstr(text, " local "), "%s", text);
    cr_expect_null(strstr(text, " watch "), "%s", text);
    /* actions in words, not codes */
    cr_expect_not_null(strstr(text, "書類を記録しました"), "%s", text);
    cr_expect_not_null(strstr(text, "督促メールを送信しました"), "%s", text);
    static const char *const codes[] = {" ingest ", " remind-sent ", " upload ",
                                        " login-failed ", " contract-edit "};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        cr_expect_null(strstr(text, codes[i]), "the code%sis shown: %s", codes[i], text);
    /* details in sentences built from their values */
    cr_expect_not_null(strstr(text, "ファイル 76 件"), "%s", text);
    cr_expect_not_null(strstr(text, "督促メール 1 通を送信、送れなかったもの 2 件"), "%s", text);
    cr_expect_not_null(strstr(text, "mds good.xlsx（SHA-256 0123456789ab…）"), "%s", text);
    cr_expect_not_null(strstr(text, "PDF"), "%s", text);
    cr_expect_not_null(strstr(text, "ロック"), "%s", text);
    cr_expect_not_null(strstr(text, "回答期限：令和8年9月30日 → 令和8年10月31日"), "%s", text);
    static const char *const english[] = {"files 76", "recorded 76", "vendors 3", "sha256:",
                                          "not-read-pdf", "locked", "patient_data", "failed=",
                                          " valid"};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        cr_expect_null(strstr(text, english[i]), "'%s' on the page: %s", english[i], text);
    /* a detail of no known form: as recorded, under a label that says so */
    cr_expect_not_null(strstr(text, "記録された文のまま：a form no version wrote"), "%s", text);
    /* the column of times says nothing of UTC */
    cr_expect_null(strstr(r.body, "協定世界時"), "the page still speaks of UTC");
    free(text);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, the_reminders_of_an_earlier_version_say_their_count_may_hold_failures)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/audit?action=remind-sent", NULL);
    char *text = rows_text(r.body);
    cr_expect_not_null(strstr(text, "事業者 3 件（以前の版の記録"), "%s", text);
    free(text);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, the_csv_keeps_codes_utc_and_details_as_recorded_with_words_after_them)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/audit.csv?action=ingest&actor=tantou", NULL);
    cr_assert_eq(r.code, 200);
    static const char header[] = "\xEF\xBB\xBF"
                                 "id,at,actor,action,target,detail,when_local,action_words,"
                                 "detail_words\r\n";
    cr_expect_eq(strncmp(r.body, header, sizeof header - 1), 0, "%.120s", r.body);
    cr_expect_not_null(strstr(r.body, ",2026-11-26T15:30:00Z,tantou,ingest,,\"files 76: "
                                      "recorded 76, already there 0, linked 70, not linked 6\","
                                      "令和8年11月27日 00:30:00,書類を記録しました,"),
                       "%s", r.body);
    cr_expect_not_null(strstr(r.body, "ファイル 76 件"), "%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, the_filters_days_are_days_of_the_local_time)
{
    CURL *h = t_signed_in();
    /* 2026-11-26T15:30:00Z falls on the 27th in Japan; the others on the 26th. */
    t_reply r = t_request(h, "GET", "/audit.csv?from=2026-11-27&to=2026-11-27", NULL);
    cr_expect_not_null(strstr(r.body, "2026-11-26T15:30:00Z"), "%s", r.body);
    cr_expect_null(strstr(r.body, "2026-11-26T01:"), "%s", r.body);
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit.csv?from=2026-11-26&to=2026-11-26", NULL);
    cr_expect_null(strstr(r.body, "2026-11-26T15:30:00Z"), "%s", r.body);
    cr_expect_not_null(strstr(r.body, "2026-11-26T01:00:00Z"), "%s", r.body);
    t_reply_free(&r);
    r = t_request(h, "GET", "/audit", NULL);
    cr_expect_null(strstr(r.body, "(UTC)"));
    cr_expect_null(strstr(r.body, "協定世界時"));
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, an_upload_through_a_vendors_link_names_the_vendor_in_words)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/audit", NULL);
    cr_assert_eq(r.code, 200);
    char *text = rows_text(r.body);
    cr_expect_not_null(strstr(text, "事業者（KMS-2026-017 の提出リンク）"), "%s", text);
    cr_expect_null(strstr(text, "vendor:"), "the actor's code on the page: %s", text);
    free(text);
    /* the filter's list of who: in words, its value the code the store keeps */
    const char *who = strstr(r.body, "<select name=\"actor\">");
    const char *end = who ? strstr(who, "</select>") : NULL;
    cr_assert(who && end, "no list of who on the page:\n%s", r.body);
    char *list = strndup(who, (size_t)(end - who));
    cr_expect_not_null(strstr(list, "<option value=\"vendor:KMS-2026-017\">事業者（KMS-2026-017 "
                                    "の提出リンク）</option>"),
                       "%s", list);
    free(list);
    t_reply_free(&r);
    /* and the filter by it finds the row */
    r = t_request(h, "GET", "/audit.csv?actor=vendor%3AKMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, ",vendor:KMS-2026-017,upload,"), "%s", r.body);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, the_english_page_has_english_punctuation)
{
    CURL *h = t_signed_in();
    static const char *const en[] = {"Accept-Language: en", NULL};
    t_reply r = t_serve_get(h, "/audit", en);
    cr_assert_eq(r.code, 200);
    cr_expect_not_null(strstr(r.body, "<html lang=\"en\">"));
    char *text = rows_text(r.body);
    cr_expect_not_null(strstr(text, "Due: "), "%s", text);
    cr_expect_not_null(strstr(text, ", Patient data: "), "%s", text);
    cr_expect_null(strstr(text, "、"), "a Japanese comma on the English page: %s", text);
    cr_expect_null(strstr(text, "："), "a Japanese colon on the English page: %s", text);
    free(text);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

Test(audit, a_contract_edit_shows_its_values_in_words_not_codes)
{
    CURL *h = t_signed_in();
    t_reply r = t_request(h, "GET", "/audit?action=contract-edit", NULL);
    cr_assert_eq(r.code, 200);
    char *text = rows_text(r.body);
    cr_expect_not_null(strstr(text, "回答期限：令和8年9月30日 → 令和8年10月31日、"
                                    "患者情報：なし → あり"),
                       "%s", text);
    static const char *const raw[] = {"no → yes", " no ", "yes", "patient_data", "due:",
                                      "2026-09-30"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        cr_expect_null(strstr(text, raw[i]), "'%s' on the page: %s", raw[i], text);
    free(text);
    t_reply_free(&r);
    /* the same entry on the English page, in English words */
    static const char *const en[] = {"Accept-Language: en", NULL};
    r = t_serve_get(h, "/audit?action=contract-edit", en);
    text = rows_text(r.body);
    cr_expect_not_null(strstr(text, "Due: "), "%s", text);
    cr_expect_not_null(strstr(text, ", Patient data: not held → held"), "%s", text);
    cr_expect_null(strstr(text, "patient_data"), "%s", text);
    free(text);
    t_reply_free(&r);
    curl_easy_cleanup(h);
}
