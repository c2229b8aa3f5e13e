/*
 * tests/test_i18n.c - messages in Japanese and English (gettext), dates as
 * the language writes them, 和暦 on request.
 *
 * The command is run with LANG=ja_JP.UTF-8 (tools/install-deps.sh generates
 * the locale; without it those tests skip, saying so) and with LANG=C / en_US.UTF-8; the
 * translations come from the build tree (build/locale, made by make).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kaiji.h"
#include "report/words.h"
#include "support/support.h"
#include "text/text.h"

#define AS_OF "2026-11-26"

/* Runs the built kaiji with args (shell words) under the language lang,
 * the translations taken from the build tree; stdout into *out. */
static int kaiji_in(const char *lang, const char *args, char **out)
{
    char cmd[8192], src[1024], loc[1024], exe[1024];
    /* t_src and t_build answer in one static buffer: copy each. */
    snprintf(src, sizeof src, "%s", t_src(""));
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=%s KAIJI_LOCALEDIR='%s' "
             "'%s' %s 2>&1",
             src, lang, loc, exe, args);
    return t_run(cmd, out);
}

/* true when s holds a kana or kanji (U+3040..U+30FF, U+4E00..U+9FFF). */
static bool has_japanese(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (p[0] == 0xE3 && (p[1] == 0x81 || p[1] == 0x82 || p[1] == 0x83))
            return true;
        if (p[0] >= 0xE4 && p[0] <= 0xE9)
            return true;
    }
    return false;
}

/* true when s holds three English words in a row ("is not a"): an
 * untranslated sentence, not a quoted name or code. */
static bool has_english_sentence(const char *s)
{
    int words = 0;
    const char *p = s;
    while (*p) {
        const char *q = p;
        while (*q >= 'a' && *q <= 'z')
            q++;
        if (q - p >= 2 && (*q == ' ')) {
            words++;
            if (words >= 3)
                return true;
            p = q + 1;
            continue;
        }
        words = 0;
        p = *q ? q + 1 : q;
    }
    return false;
}

/* The Japanese tests below skip, naming it, when the locale is missing; when
 * it is there, it must be a UTF-8 one, as they read its output as UTF-8. */
Test(i18n, the_ja_JP_locale_is_installed_and_writes_utf8)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    cr_assert_eq(t_run("env -u LC_ALL -u LC_CTYPE LANG=ja_JP.UTF-8 locale charmap", &out), 0);
    cr_assert(out && strncmp(out, "UTF-8", 5) == 0, "charmap %s", out ? out : "(none)");
    free(out);
}

/* The JSON of kaiji validate samples/ in lang (caller deletes). */
static cJSON *validate_json(const char *lang, const char *extra)
{
    char args[512], *out = NULL;
    snprintf(args, sizeof args, "validate --as-of " AS_OF " --format json %s samples/", extra);
    kaiji_in(lang, args, &out);
    cr_assert_not_null(out);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "not JSON: %.300s", out);
    free(out);
    return j;
}

Test(i18n, every_finding_of_the_samples_is_japanese_under_ja_JP)
{
    t_require_locale("ja_JP.UTF-8");
    cJSON *ja = validate_json("ja_JP.UTF-8", "");
    cJSON *docs = cJSON_GetObjectItem(ja, "documents"), *d;
    size_t n = 0;
    cJSON_ArrayForEach(d, docs) {
        cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings")) {
            const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(f, "message"));
            const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(d, "path"));
            cr_assert_not_null(m);
            cr_expect(has_japanese(m), "%s: not Japanese: %s", path, m);
            cr_expect(!has_english_sentence(m), "%s: English left in: %s", path, m);
            n++;
        }
    }
    cr_expect_gt(n, 20, "the samples should give many findings, got %zu", n);
    cJSON_Delete(ja);
}

Test(i18n, english_is_spoken_outside_japanese_locales)
{
    static const char *const langs[] = {"C", "C.UTF-8", "en_US.UTF-8"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        cJSON *en = validate_json(langs[i], "");
        cJSON *d;
        size_t n = 0;
        cJSON_ArrayForEach(d, cJSON_GetObjectItem(en, "documents")) {
            cJSON *f;
            cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings")) {
                const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(f, "message"));
                if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "code")), "missing-answer") == 0 &&
                    strstr(m, "has no answer"))
                    n++;
            }
        }
        cr_expect_gt(n, 0, "LANG=%s: no English missing-answer message", langs[i]);
        cJSON_Delete(en);
    }
}

/* Drops what is in the messages' language, recursively: messages, next
 * steps, and a file not read's "detail". */
static void drop_messages(cJSON *j)
{
    cJSON *c;
    cJSON_DeleteItemFromObjectCaseSensitive(j, "message");
    cJSON_DeleteItemFromObjectCaseSensitive(j, "next_step");
    cJSON_DeleteItemFromObjectCaseSensitive(j, "detail");
    cJSON_ArrayForEach(c, j)
        if (cJSON_IsObject(c) || cJSON_IsArray(c))
            drop_messages(c);
}

Test(i18n, json_codes_keys_and_iso_dates_are_the_same_in_both_languages)
{
    t_require_locale("ja_JP.UTF-8");
    cJSON *ja = validate_json("ja_JP.UTF-8", "--wareki");
    cJSON *en = validate_json("C", "");
    drop_messages(ja);
    drop_messages(en);
    char *a = cJSON_PrintUnformatted(ja), *b = cJSON_PrintUnformatted(en);
    cr_expect_str_eq(a, b);
    cr_expect(strstr(a, "\"document_date\":\"2024-07-01\""), "ISO dates in JSON");
    free(a);
    free(b);
    cJSON_Delete(ja);
    cJSON_Delete(en);
}

Test(i18n, csv_headers_stay_english_and_dates_iso)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF " --format csv --wareki "
             "samples/checklist/vendor-r6.xlsx", &out);
    cr_assert_not_null(out);
    cr_expect(strstr(out, "path,kind,form_version,guideline,status,vendor"), "%s", out);
    cr_expect(strstr(out, ",2024-07-01,"), "%s", out);
    /* dates stay ISO; the outdated message may name the 令和8年度版 */
    cr_expect(!strstr(out, "令和6年"), "%s", out);
    free(out);
}

Test(i18n, help_is_japanese_under_ja_JP_and_english_otherwise)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    cr_expect_eq(kaiji_in("ja_JP.UTF-8", "--help", &out), 0);
    cr_expect(strstr(out, "使い方: kaiji") && strstr(out, "コマンド:"), "%s", out);
    cr_expect(strstr(out, "開示書がそろっていて"), "%s", out);
    cr_expect(!has_english_sentence(out), "%s", out);
    free(out);
    kaiji_in("ja_JP.UTF-8", "validate --help", &out);
    cr_expect(strstr(out, "このヘルプを表示します") && strstr(out, "和暦"), "%s", out);
    cr_expect(!has_english_sentence(out), "%s", out);
    /* the usage line as the help's own words name the paths (パス) */
    cr_expect(strstr(out, "使い方: kaiji validate [オプション]... パス..."), "%s", out);
    free(out);
    kaiji_in("ja_JP.UTF-8", "status --no-such-option", &out);
    cr_expect(strstr(out, "使い方: kaiji status [--owing] [--format text|json|csv|html|xlsx] "
                          "[-o ファイル] [--as-of 日付]"),
              "%s", out);
    free(out);
    kaiji_in("ja_JP.UTF-8", "validate --format nonsense x", &out);
    cr_expect(strstr(out, "不明な形式 'nonsense'"), "%s", out);
    free(out);
    kaiji_in("C", "--help", &out);
    cr_expect(strstr(out, "usage: kaiji") && strstr(out, "Commands:"), "%s", out);
    free(out);
    kaiji_in("en_US.UTF-8", "validate --help", &out);
    cr_expect(strstr(out, "show this help") && strstr(out, "--wareki"), "%s", out);
    free(out);
}

Test(i18n, the_build_tree_translations_are_found_without_KAIJI_LOCALEDIR)
{
    t_require_locale("ja_JP.UTF-8");
    char cmd[4096], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "env -u LC_ALL -u LANGUAGE -u KAIJI_LOCALEDIR LANG=ja_JP.UTF-8 '%s' --help",
             t_build("kaiji"));
    t_run(cmd, &out);
    cr_expect(strstr(out, "使い方: kaiji"), "%s", out);
    free(out);
}

Test(i18n, LANGUAGE_and_LC_ALL_choose_the_language_as_gettext_does)
{
    t_require_locale("ja_JP.UTF-8");
    char cmd[4096], loc[1024], exe[1024], *out = NULL;
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "env LC_ALL=ja_JP.UTF-8 LANG=C KAIJI_LOCALEDIR='%s' '%s' --help",
             loc, exe);
    t_run(cmd, &out);
    cr_expect(strstr(out, "使い方"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "env -u LC_ALL LANG=ja_JP.UTF-8 LANGUAGE=en KAIJI_LOCALEDIR='%s' '%s' --help",
             loc, exe);
    t_run(cmd, &out);
    cr_expect(strstr(out, "usage: kaiji"), "%s", out);
    free(out);
}

/* C.UTF-8 alone chooses English without loading a locale (cli/main.c);
 * LANGUAGE or a Japanese LC_MESSAGES beside it still choose Japanese. */
Test(i18n, C_UTF_8_speaks_english_unless_LANGUAGE_or_LC_MESSAGES_asks_for_japanese)
{
    t_require_locale("ja_JP.UTF-8");
    t_require_locale("C.UTF-8");
    static const struct {
        const char *env;
        bool japanese;
    } cases[] = {
        {"LANG=C.UTF-8", false},
        {"LC_ALL=C.utf8", false},
        {"LANG=C.UTF-8 LANGUAGE=ja", true},
        {"LC_ALL=C.UTF-8 LANGUAGE=ja:en", true},
        {"LANG=C.UTF-8 LC_MESSAGES=ja_JP.UTF-8", true},
        {"LANG=ja_JP.UTF-8 LC_CTYPE=C.UTF-8", true},
    };
    char cmd[4096], loc[1024], exe[1024];
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        snprintf(cmd, sizeof cmd,
                 "env -u LC_ALL -u LC_MESSAGES -u LC_CTYPE -u LANGUAGE -u LANG %s "
                 "KAIJI_LOCALEDIR='%s' '%s' validate no-such-file.xlsx 2>&1",
                 cases[i].env, loc, exe);
        t_run(cmd, &out);
        if (cases[i].japanese)
            cr_expect(has_japanese(out) && !has_english_sentence(out), "%s: %s",
                      cases[i].env, out);
        else
            cr_expect(!has_japanese(out) && has_english_sentence(out), "%s: %s",
                      cases[i].env, out);
        free(out);
    }
}

Test(i18n, text_dates_follow_the_language_and_wareki_on_request)
{
    t_require_locale("ja_JP.UTF-8");
    static const struct {
        const char *lang, *flag, *want, *not;
    } cases[] = {
        /* the form's own name (令和6年度版) is no date */
        {"ja_JP.UTF-8", "", "日付: 2024年7月1日", "日付: 令和"},
        {"ja_JP.UTF-8", "--wareki", "日付: 令和6年7月1日", "日付: 2024年"},
        {"C", "", "date: 2024-07-01", "date: 令和"},
        {"C", "--wareki", "date: 令和6年7月1日", "date: 2024-07-01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[512], *out = NULL;
        snprintf(args, sizeof args, "validate --as-of " AS_OF " %s samples/checklist/vendor-r6.xlsx",
                 cases[i].flag);
        kaiji_in(cases[i].lang, args, &out);
        cr_expect(strstr(out, cases[i].want), "%s %s: %s", cases[i].lang, cases[i].flag, out);
        cr_expect(!strstr(out, cases[i].not), "%s %s: %s", cases[i].lang, cases[i].flag, out);
        free(out);
    }
}

Test(i18n, the_japanese_summary_line_and_finding_read_naturally)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF
             " samples/checklist/vendor-r7-no-without-target-date.xlsx", &out);
    cr_expect(strstr(out, "は「いいえ」ですが、目標日が記入されていません"), "%s", out);
    cr_expect(strstr(out, "書類 1 件: "), "%s", out);
    cr_expect(strstr(out, "2026年11月26日 時点"), "%s", out);
    free(out);
}

/* The answer words of a cell with two marks are quoted as Japanese quotes
 * a word in a sentence: 「はい」と「いいえ」の両方, not ははいといいえの両方. */
Test(i18n, answer_words_circled_together_are_quoted_in_japanese)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF
             " samples/mds-sds/mds-5.0-two-choices-marked.xlsx", &out);
    cr_expect(strstr(out, "項目 2-3 は「はい」と「いいえ」の両方に丸または印が付いています"), "%s", out);
    free(out);
    kaiji_in("C", "validate --as-of " AS_OF " samples/mds-sds/mds-5.0-two-choices-marked.xlsx",
             &out);
    cr_expect(strstr(out, "item 2-3 has both はい and いいえ circled or marked"), "%s", out);
    free(out);
}

Test(i18n, the_html_report_shows_wareki_in_japanese_unless_western_is_asked_for)
{
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF " --format html --wareki "
             "samples/checklist/vendor-r6.xlsx", &out);
    cr_expect(strstr(out, "令和6年7月1日"), "no 和暦 document date");
    cr_expect(strstr(out, "令和8年11月26日"), "no 和暦 as-of date");
    free(out);
    /* In Japanese the report is in 和暦 unless western dates are asked for. */
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF " --format html "
             "samples/checklist/vendor-r6.xlsx", &out);
    cr_expect(strstr(out, "令和6年7月1日"), "no 和暦 by default in Japanese");
    free(out);
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF " --format html --dates western "
             "samples/checklist/vendor-r6.xlsx", &out);
    cr_expect(strstr(out, "2024年7月1日"), "no western document date");
    cr_expect_null(strstr(out, "令和8年11月26日"), "a second date style");
    free(out);
}

/* The dates inside the findings' messages follow the report's style: in
 * 和暦 (the Japanese HTML report's default, or --wareki) the outdated form's
 * "令和8年11月26日 までに", not "2026年11月26日"; western when asked for. */
Test(i18n, the_dates_inside_findings_follow_the_reports_date_style)
{
    t_require_locale("ja_JP.UTF-8");
    static const char *const runs[] = {"--format html", "--format html --wareki", "--wareki"};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char args[512], *out = NULL;
        snprintf(args, sizeof args, "validate --as-of " AS_OF " %s"
                 " samples/mds-sds/mds-4.1-outdated.xlsx", runs[i]);
        kaiji_in("ja_JP.UTF-8", args, &out);
        cr_expect(out && strstr(out, "令和8年11月26日 までに Ver.5.0 が公表されています"),
                  "%s: the finding's date is not in 和暦:\n%s", runs[i], out);
        cr_expect(out && !strstr(out, "2026年11月26日"), "%s: a western date:\n%s", runs[i],
                  out);
        free(out);
    }
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of " AS_OF " --format html --dates western "
             "samples/mds-sds/mds-4.1-outdated.xlsx", &out);
    cr_expect(out && strstr(out, "2026年11月26日 までに Ver.5.0"), "%s", out);
    cr_expect(out && !strstr(out, "令和8年"), "a 和暦 date in a western report:\n%s", out);
    free(out);
}

Test(i18n, every_message_in_the_sources_has_a_japanese_translation)
{
    char cmd[8192], dir[1024], src[1024], *out = NULL;
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(src, sizeof src, "%s", t_src(""));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && MAKEFLAGS= make -s --no-print-directory pot POT='%s/k.pot' >/dev/null && "
             "msgmerge -q --no-fuzzy-matching po/ja.po '%s/k.pot' -o '%s/m.po' && "
             "msgfmt --check --statistics -o /dev/null '%s/m.po' 2>&1 && "
             "msgfmt --check --statistics -o /dev/null po/ja.po 2>&1",
             src, dir, dir, dir, dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "translated message"), "%s", out);
    cr_expect(!strstr(out, "untranslated"), "%s", out);
    cr_expect(!strstr(out, "fuzzy"), "%s", out);
    free(out);
}

typedef struct {
    kaiji_date date;
    const char *wareki;
} era_case;

Test(i18n, wareki_converts_at_the_era_boundaries)
{
    static const era_case cases[] = {
        {{2024, 10, 1}, "令和6年10月1日"},
        {{2019, 5, 1}, "令和元年5月1日"},
        {{2019, 4, 30}, "平成31年4月30日"},
        {{2020, 1, 1}, "令和2年1月1日"},
        {{1989, 1, 8}, "平成元年1月8日"},
        {{1989, 1, 7}, "昭和64年1月7日"},
        {{1926, 12, 25}, "昭和元年12月25日"},
        {{1912, 7, 30}, "大正元年7月30日"},
        {{1868, 10, 23}, "明治元年10月23日"},
        {{1800, 1, 1}, "1800-01-01"},
    };
    char buf[KAIJI_DATE_SHOW_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, cases[i].date, KAIJI_DATE_WAREKI),
                         cases[i].wareki);
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2024, 2, 30},
                                          KAIJI_DATE_WAREKI), "?");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2024, 10, 1},
                                          KAIJI_DATE_ISO), "2024-10-01");
    /* The library sets no locale: a test program speaks English. */
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2024, 10, 1},
                                          KAIJI_DATE_LOCALE), "2024-10-01");
    cr_expect_str_eq(kaiji_text_date_show(buf, 8, (kaiji_date){2024, 10, 1},
                                          KAIJI_DATE_ISO), "2024-10");
}

/* The label labels.json gives key in group (document_status …), as used by
 * the HTML report. */
static char *report_label(const char *group, const char *key)
{
    size_t len;
    char *text = t_slurp(t_src("formats/report/labels.json"), &len);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(root);
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(root, group), key);
    const char *s = cJSON_IsString(v) ? v->valuestring
                                      : cJSON_GetStringValue(cJSON_GetObjectItem(v, "label"));
    char *copy = strdup(s ? s : "(none)");
    cJSON_Delete(root);
    return copy;
}

Test(i18n, the_text_output_speaks_with_the_words_of_the_report_and_no_english_status)
{
    t_require_locale("ja_JP.UTF-8");
    static const char *const files[] = {
        "samples/mds-sds/mds-5.0-good.xlsx", "samples/mds-sds/mds-4.1-outdated.xlsx",
        "samples/mds-sds/mds-5.0-missing-answers.xlsx", "samples/broken/truncated.xlsx"};
    static const char *const codes[] = {"valid", "outdated", "invalid", "unreadable"};
    for (size_t i = 0; i < 4; i++) {
        char args[512], *out = NULL, want[256];
        snprintf(args, sizeof args, "validate --as-of 2026-11-26 %s", files[i]);
        kaiji_in("ja_JP.UTF-8", args, &out);
        char *label = report_label("document_status", codes[i]);
        snprintf(want, sizeof want, "状態: %s", label);
        cr_expect(strstr(out, want), "%s: want %s in %s", files[i], want, out);
        /* the summary line counts with the same word */
        snprintf(want, sizeof want, "%s 1 件", label);
        cr_expect(strstr(out, want), "%s: want %s in %s", files[i], want, out);
        free(label);
        free(out);
    }
    char *out = NULL;
    kaiji_in("ja_JP.UTF-8", "validate --as-of 2026-11-26 samples", &out);
    static const char *const english[] = {"valid", "invalid", "outdated", "unreadable",
                                          "vendor-checklist", "hospital-checklist", "error",
                                          "warning", "info"};
    /* a whole word, as the clerk would read it: between spaces or at a line's edge */
    for (size_t w = 0; w < sizeof english / sizeof english[0]; w++) {
        char pat[64];
        snprintf(pat, sizeof pat, " %s ", english[w]);
        cr_expect_null(strstr(out, pat), "English \"%s\" in the Japanese output", english[w]);
    }
    char *sev = report_label("severity", "warning");
    char line[128];
    snprintf(line, sizeof line, "\n  %s チェックリストの版", sev);
    cr_expect(strstr(out, line), "severities in the report's words: %.300s", out);
    /* codes stay in JSON and CSV */
    for (const char *const *code = kaiji_finding_codes(); *code; code++) {
        char word[64]; /* after a space: in a file name it follows a slash */
        snprintf(word, sizeof word, " %s", *code);
        cr_expect(strstr(out, word) == NULL, "the code %s in the Japanese text output", *code);
    }
    free(sev);
    free(out);
}

/* A run ends with what to do now; each finding says its next step. */
Test(i18n, a_run_ends_with_what_to_do_now_and_each_finding_with_its_next_step)
{
    t_require_locale("ja_JP.UTF-8");
    static const struct {
        const char *files, *want[3];
    } cases[] = {
        {"samples/checklist/vendor-r7-no-without-target-date.xlsx "
         "samples/mds-sds/mds-4.1-outdated.xlsx samples/broken/password-protected.xlsx",
         {"\n次にすること:\n  2 件の書類で事業者への依頼が必要です",
          "  読めなかったファイル 1 件", "\n    samples/broken/password-protected.xlsx\n"}},
        {"samples/mds-sds/mds-5.0-good.xlsx",
         {"\n次にすること:\n  ありません。すべての書類に問題はありません。\n", "", ""}},
        /* a long list names 20 files and counts the rest */
        {"samples/", {" 件の書類で事業者への依頼が必要です", "\n    ほか ",
                      "  読めなかったファイル "}},
        {"samples/checklist/hospital-r6.xlsx",
         {"病院が記入し直すチェックリスト（医療機関確認用） 1 件",
          "→ 最新の様式（令和8年度版）で記入し直してください", ""}},
        {"samples/checklist/vendor-r7-no-without-target-date.xlsx",
         {"（2⑤ 退職者や使用していないアカウ…）［事業者確認用!C19］\n"
          "    → 「いいえ」の項目の目標日を記入するよう事業者に依頼してください\n",
          "→ 最新の様式（令和8年度版）での再提出を依頼してください", ""}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[1024], *out = NULL;
        snprintf(args, sizeof args, "validate --as-of " AS_OF " %s", cases[i].files);
        kaiji_in("ja_JP.UTF-8", args, &out);
        for (size_t w = 0; w < 3; w++)
            cr_expect(strstr(out, cases[i].want[w]), "%s: want \"%s\" in\n%s", cases[i].files,
                      cases[i].want[w], out);
        free(out);
    }
}

/* The keys of a (an object) missing from b, each group's too, into a
 * message; "" when none. */
static void missing_keys(char *out, size_t size, const cJSON *a, const cJSON *b,
                         const char *where)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, a) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(b, e->string);
        size_t used = strlen(out);
        if (!o)
            snprintf(out + used, size - used, " %s%s", where, e->string);
        else if (cJSON_IsObject(e) && strcmp(e->string, "kind_en") != 0)
            missing_keys(out, size, e, o, e->string);
        else if (cJSON_IsArray(e) && cJSON_GetArraySize(e) != cJSON_GetArraySize(o))
            snprintf(out + used, size - used, " %s%s[%d]", where, e->string,
                     cJSON_GetArraySize(o));
    }
}

static cJSON *labels_file(const char *name)
{
    size_t len;
    char *text = t_slurp(t_src(name), &len);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(root, "%s does not parse", name);
    return root;
}

Test(i18n, the_english_labels_have_every_word_the_japanese_ones_have)
{
    cJSON *ja = labels_file("formats/report/labels.json");
    cJSON *en = labels_file("formats/report/labels-en.json");
    char missing[2048] = "";
    cJSON_DeleteItemFromObjectCaseSensitive(ja, "kind_en"); /* the mails' English part */
    missing_keys(missing, sizeof missing, ja, en, "");
    cr_expect_str_eq(missing, "", "labels-en.json lacks:%s", missing);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(en, "lang")), "en");
    cJSON_Delete(ja);
    cJSON_Delete(en);
}

/* The English report's words of states and severities are the English
 * words of the pages and the command (the msgids: this program has no
 * locale), as the Japanese ones are po/ja.po's. */
Test(i18n, the_english_reports_say_each_state_as_the_english_pages_do)
{
    cJSON *en = labels_file("formats/report/labels-en.json");
    static const struct {
        const char *group, *code;
    } cases[] = {
        {"document_status", "valid"}, {"document_status", "outdated"},
        {"document_status", "invalid"}, {"document_status", "unreadable"},
        {"document_status", "unchecked"}, {"contract_state", "complete"},
        {"contract_state", "outdated"}, {"contract_state", "invalid"},
        {"contract_state", "missing"}, {"contract_state", "overdue"},
        {"contract_state", "not-required"}, {"document_state", "current"},
        {"document_state", "outdated"}, {"document_state", "invalid"},
        {"document_state", "unreadable"}, {"document_state", "missing"},
        {"document_state", "not-required"}, {"severity", "error"},
        {"severity", "warning"}, {"severity", "info"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *g = cases[i].group, *code = cases[i].code, *want;
        if (strcmp(g, "document_status") == 0) {
            kaiji_status st = KAIJI_STATUS_UNCHECKED;
            for (int k = 0; k <= KAIJI_STATUS_UNREADABLE; k++)
                if (strcmp(kaiji_status_name((kaiji_status)k), code) == 0)
                    st = (kaiji_status)k;
            want = kaiji_word_status(st);
        } else if (strcmp(g, "contract_state") == 0) {
            kaiji_contract_state cs = KAIJI_CONTRACT_NOT_REQUIRED;
            for (int k = 0; k <= KAIJI_CONTRACT_NOT_REQUIRED; k++)
                if (strcmp(kaiji_contract_state_name((kaiji_contract_state)k), code) == 0)
                    cs = (kaiji_contract_state)k;
            want = kaiji_word_contract_state(cs);
        } else if (strcmp(g, "document_state") == 0) {
            want = kaiji_word_document_state(code);
        } else {
            kaiji_severity sev = KAIJI_SEVERITY_INFO;
            for (int k = KAIJI_SEVERITY_INFO; k <= KAIJI_SEVERITY_ERROR; k++)
                if (strcmp(kaiji_severity_name((kaiji_severity)k), code) == 0)
                    sev = (kaiji_severity)k;
            want = kaiji_word_severity(sev);
        }
        const char *label = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(en, g), code), "label"));
        cr_expect(label && strcmp(label, want) == 0, "%s %s: labels-en.json says %s, the pages %s",
                  g, code, label ? label : "(none)", want);
    }
    cJSON_Delete(en);
}

/* An unreadable file's findings are kept as text: in both languages, so the
 * command shows them in its LANG, whichever LANG ingested the file. */
Test(i18n, an_unreadable_files_findings_follow_the_language_of_who_reads_them)
{
    t_require_locale("ja_JP.UTF-8");
    char dir[600], db[700], in[700], args[2400], *out = NULL;
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(db, sizeof db, "%s/unread.db", dir);
    snprintf(in, sizeof in, "%s/KMS-2026-017_MDS.xlsx", dir);
    size_t len;
    char *bytes = t_slurp(t_src("samples/broken/truncated.xlsx"), &len);
    t_spit(in, bytes, len);
    free(bytes);
    static const char *const ingest_langs[] = {"ja_JP.UTF-8", "C"};
    for (size_t k = 0; k < 2; k++) {
        unlink(db);
        snprintf(args, sizeof args, "register import --db '%s' samples/register/contracts.csv", db);
        cr_assert_eq(kaiji_in("C", args, &out), 0, "%s", out);
        free(out);
        snprintf(args, sizeof args, "ingest --db '%s' --as-of 2026-11-26 '%s'", db, in);
        kaiji_in(ingest_langs[k], args, &out);
        free(out);
        snprintf(args, sizeof args, "status --db '%s' --as-of 2026-11-26", db);
        kaiji_in("C", args, &out);
        cr_expect(strstr(out, "the file is not a complete ZIP archive"),
                  "ingested under %s, read under C: %s", ingest_langs[k], out);
        free(out);
        kaiji_in("ja_JP.UTF-8", args, &out);
        cr_expect(strstr(out, "完全な ZIP アーカイブではありません"),
                  "ingested under %s, read under ja_JP: %s", ingest_langs[k], out);
        free(out);
    }
}
