/*
 * tests/test_text.c - text/: normalisation, answers, dates, versions,
 * item IDs, encodings, hashes.  Data-driven: each table lists an input and
 * what it must give, the tricky negatives included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <openssl/evp.h>

#include "support/support.h"
#include "text/text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 -------------------------------------------------------------- */

static const struct {
    const char *bytes;
    size_t len;
    bool valid;
} utf8_cases[] = {
    {"", 0, true},
    {"abc", 3, true},
    {"\xE3\x81\xAF\xE3\x81\x84", 6, true},           /* はい */
    {"\xF0\x9F\x98\x80", 4, true},                   /* U+1F600 */
    {"\xF4\x8F\xBF\xBF", 4, true},                   /* U+10FFFF */
    {"\xC0\xAF", 2, false},                          /* overlong / */
    {"\xE0\x80\xAF", 3, false},                      /* overlong / */
    {"\xF0\x80\x80\xAF", 4, false},                  /* overlong / */
    {"\xED\xA0\x80", 3, false},                      /* surrogate D800 */
    {"\xED\xBF\xBF", 3, false},                      /* surrogate DFFF */
    {"\xF4\x90\x80\x80", 4, false},                  /* U+110000 */
    {"\xE3\x81", 2, false},                          /* truncated */
    {"a\xE3", 2, false},                             /* truncated at end */
    {"\x80", 1, false},                              /* lone continuation */
    {"\xFF", 1, false},
    {"\xE3\x41\xAF", 3, false},                      /* bad continuation */
    {"a\0b", 3, true},                               /* NUL is a character */
};

Test(text_utf8, well_formed_utf8_is_accepted_and_malformed_is_rejected)
{
    for (size_t i = 0; i < COUNT(utf8_cases); i++)
        cr_expect_eq(kaiji_text_utf8_valid(utf8_cases[i].bytes, utf8_cases[i].len),
                     utf8_cases[i].valid, "case %zu", i);
}

/* ---- file names: the shown form ------------------------------------------ */

/* A file name's bytes and the form kaiji shows and records it in. */
static const struct {
    const char *bytes, *shown;
} path_cases[] = {
    {"", ""},
    {"d/sds-5.0.json", "d/sds-5.0.json"},
    {"契約/開示書.xlsx", "契約/開示書.xlsx"},
    {"d/\x8A\x4A\x8E\xA6\x8F\x91.xlsx", "d/\\x8AJ\\x8E\\xA6\\x8F\\x91.xlsx"}, /* 開示書, CP932 */
    {"\x95\x5C.xlsx", "\\x95\\\\.xlsx"},          /* 表 in CP932: its second byte is '\' */
    {"bad\xFF.xlsx", "bad\\xFF.xlsx"},
    {"a\\b.json", "a\\\\b.json"},                 /* a real backslash */
    {"\\x8A.json", "\\\\x8A.json"},               /* a name that looks like an escape */
    {"\xE9\x96.json", "\\xE9\\x96.json"},         /* 開 cut short */
    {"\xED\xA0\x80", "\\xED\\xA0\\x80"},          /* a surrogate */
    {"\xC0\xAF", "\\xC0\\xAF"},                   /* overlong / */
    {"100%.xlsx", "100%.xlsx"},
};

Test(text_path, a_file_name_is_shown_in_utf8_with_stray_bytes_and_backslashes_escaped)
{
    for (size_t i = 0; i < COUNT(path_cases); i++) {
        char *shown = kaiji_text_path_show(path_cases[i].bytes);
        cr_assert_not_null(shown);
        cr_expect_str_eq(shown, path_cases[i].shown, "case %zu", i);
        cr_expect(kaiji_text_utf8_valid(shown, strlen(shown)), "case %zu", i);
        char *bytes = kaiji_text_path_bytes(shown);
        cr_assert_not_null(bytes);
        cr_expect_str_eq(bytes, path_cases[i].bytes, "case %zu", i);
        free(bytes);
        free(shown);
    }
}

Test(text_path, every_byte_string_comes_back_from_its_shown_form)
{
    unsigned x = 88172645u;
    char name[64];
    for (int round = 0; round < 50000; round++) {
        size_t n = 0, len = 1 + (size_t)(round % 40);
        while (n < len) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* Mostly the bytes that matter: '\', 'x', hex digits, high bytes. */
            static const char some[] = "\\x8AF/.\x80\xBF\xC2\xE3\xED\xF0\xF4\xFF";
            char c = (x >> 8) % 3 ? some[x % (sizeof some - 1)] : (char)(x % 255 + 1);
            name[n++] = c;
        }
        name[n] = '\0';
        char *shown = kaiji_text_path_show(name);
        cr_assert(kaiji_text_utf8_valid(shown, strlen(shown)));
        char *bytes = kaiji_text_path_bytes(shown);
        cr_assert_str_eq(bytes, name, "round %d", round);
        free(bytes);
        free(shown);
    }
}

Test(text_path, a_name_already_in_utf8_is_taken_as_shown_and_only_other_bytes_are_escaped)
{
    char *a = kaiji_text_path_utf8("a\\b/開示書.xlsx");
    char *b = kaiji_text_path_utf8("a\\b/\x8A\x4A.xlsx");
    cr_expect_str_eq(a, "a\\b/開示書.xlsx");
    cr_expect_str_eq(b, "a\\\\b/\\x8AJ.xlsx");
    free(a);
    free(b);
}

Test(text_path, a_backslash_typed_by_hand_that_starts_no_escape_is_kept)
{
    static const struct {
        const char *typed, *bytes;
    } cases[] = {
        {"a\\b", "a\\b"}, {"a\\x4A", "a\\x4A"}, {"a\\x8", "a\\x8"}, {"a\\", "a\\"},
        {"\\x8a\\xff", "\x8A\xFF"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *bytes = kaiji_text_path_bytes(cases[i].typed);
        cr_expect_str_eq(bytes, cases[i].bytes, "case %zu", i);
        free(bytes);
    }
}

/* ---- keys, fold, trim, blank -------------------------------------------- */

static const struct {
    const char *in, *key, *fold;
} key_cases[] = {
    {"  製造業者 名 ", "製造業者名", "製造業者 名"},
    {"製造業者名", "製造業者名", "製造業者名"},
    {"Ａ１", "a1", "a1"},
    {"ｶﾅ", "カナ", "カナ"},
    {"型番・バージョン", "型番・バージョン", "型番・バージョン"},
    {"型番･バージョン", "型番・バージョン", "型番・バージョン"},
    {"Question\u3000ID", "questionid", "question id"},
    {"  Device \t\n Model  ", "devicemodel", "device model"},
    {"Ｑｕｅｓｔｉｏｎ　ＩＤ", "questionid", "question id"},
    {"\u00A0No.\u00A0", "no.", "no."},
    {"a\u200Bb", "ab", "ab"},
    {"Device\u200B Model", "devicemodel", "device model"},
    {"", "", ""},
};

/* What kaiji_text_utf8_scrub makes of a string: well-formed text is left
 * alone, each stray byte becomes '?'. */
static const struct {
    const char *in, *out;
} scrub_cases[] = {
    {"", ""},
    {"plain ASCII", "plain ASCII"},
    {"部門システム(PACS)", "部門システム(PACS)"},
    {"部門システム(\xE9\x96", "部門システム(??"},            /* 開 cut after two bytes */
    {"名前\xE9\x96\" と続く", "名前??\" と続く"},
    {"\xC0\xAF overlong", "?? overlong"},
    {"\xED\xA0\x80 surrogate", "??? surrogate"},
    {"\xF4\x90\x80\x80 past U+10FFFF", "???? past U+10FFFF"},
    {"Shift_JIS \x83\x65\x83\x58\x83\x67", "Shift_JIS ?e?X?g"},
    {"\xF0\x9F\x98\x80 emoji", "\xF0\x9F\x98\x80 emoji"},
};

Test(text_utf8, scrub_turns_stray_bytes_into_question_marks_and_keeps_the_rest)
{
    for (size_t i = 0; i < sizeof scrub_cases / sizeof scrub_cases[0]; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", scrub_cases[i].in);
        kaiji_text_utf8_scrub(buf);
        cr_expect_str_eq(buf, scrub_cases[i].out, "case %zu", i);
        cr_expect(kaiji_text_utf8_valid(buf, strlen(buf)), "case %zu", i);
    }
}

Test(text_key, labels_meet_after_nfkc_case_folding_and_space_removal)
{
    for (size_t i = 0; i < COUNT(key_cases); i++) {
        char *k = kaiji_text_key(key_cases[i].in);
        char *f = kaiji_text_fold(key_cases[i].in);
        cr_assert_not_null(k, "case %zu", i);
        cr_assert_not_null(f, "case %zu", i);
        cr_expect_str_eq(k, key_cases[i].key, "key case %zu", i);
        cr_expect_str_eq(f, key_cases[i].fold, "fold case %zu", i);
        free(k);
        free(f);
    }
}

Test(text_key, a_key_made_in_a_buffer_is_the_key_made_alone)
{
    char small[8], big[256];

    for (size_t i = 0; i < COUNT(key_cases); i++) {
        char *k = kaiji_text_key(key_cases[i].in);
        char *a = kaiji_text_key_buf(key_cases[i].in, small, sizeof small);
        char *b = kaiji_text_key_buf(key_cases[i].in, big, sizeof big);

        cr_assert_not_null(k, "case %zu", i);
        cr_assert_not_null(a, "case %zu", i);
        cr_assert_not_null(b, "case %zu", i);
        cr_expect_str_eq(a, k, "small buffer, case %zu", i);
        cr_expect_str_eq(b, k, "big buffer, case %zu", i);
        if (a != small)
            free(a);
        if (b != big)
            free(b);
        free(k);
    }
    cr_expect_null(kaiji_text_key_buf("\xFF", big, sizeof big));
}

Test(text_key, invalid_utf8_gives_null)
{
    cr_expect_null(kaiji_text_key("\xFF"));
    cr_expect_null(kaiji_text_fold("a\xC0\xAF"));
    cr_expect_null(kaiji_text_key(NULL));
    cr_expect_null(kaiji_text_nfkc("\xED\xA0\x80"));
}

Test(text_key, nfkc_keeps_case_and_spaces)
{
    char *n = kaiji_text_nfkc("Ｙｅｓ （ﾊｲ）");
    cr_assert_not_null(n);
    cr_expect_str_eq(n, "Yes (ハイ)");
    free(n);
}

static const struct {
    const char *in, *trimmed;
    bool blank;
} trim_cases[] = {
    {"", "", true},
    {"   ", "", true},
    {"\u3000\u00A0\t\r\n", "", true},
    {"  abc ", "abc", false},
    {"\u3000はい\u3000", "はい", false},
    {"\u00A0x y\u00A0", "x y", false},
    {"a", "a", false},
};

Test(text_trim, white_space_is_trimmed_at_both_ends_only)
{
    for (size_t i = 0; i < COUNT(trim_cases); i++) {
        char *t = kaiji_text_trim(trim_cases[i].in);
        cr_assert_not_null(t);
        cr_expect_str_eq(t, trim_cases[i].trimmed, "case %zu", i);
        cr_expect_eq(kaiji_text_blank(trim_cases[i].in), trim_cases[i].blank,
                     "case %zu", i);
        free(t);
    }
    cr_expect(kaiji_text_blank(NULL));
    cr_expect_null(kaiji_text_trim(NULL));
}

/* ---- answers ------------------------------------------------------------- */

static const struct {
    const char *in;
    kaiji_answer answer;
    const char *comment; /* NULL: none */
} answer_cases[] = {
    /* yes */
    {"はい", KAIJI_ANSWER_YES, NULL},
    {"ハイ", KAIJI_ANSWER_YES, NULL},
    {"ﾊｲ", KAIJI_ANSWER_YES, NULL},
    {"Yes", KAIJI_ANSWER_YES, NULL},
    {"YES", KAIJI_ANSWER_YES, NULL},
    {"yes", KAIJI_ANSWER_YES, NULL},
    {"Y", KAIJI_ANSWER_YES, NULL},
    {"Ｙｅｓ", KAIJI_ANSWER_YES, NULL},
    {"  Yes  ", KAIJI_ANSWER_YES, NULL},
    {"\u3000はい\u3000", KAIJI_ANSWER_YES, NULL},
    {"○", KAIJI_ANSWER_YES, NULL},
    {"〇", KAIJI_ANSWER_YES, NULL},
    {"◯", KAIJI_ANSWER_YES, NULL},
    {"✓", KAIJI_ANSWER_YES, NULL},
    {"✔", KAIJI_ANSWER_YES, NULL},
    /* no */
    {"いいえ", KAIJI_ANSWER_NO, NULL},
    {"イイエ", KAIJI_ANSWER_NO, NULL},
    {"ｲｲｴ", KAIJI_ANSWER_NO, NULL},
    {"No", KAIJI_ANSWER_NO, NULL},
    {"NO", KAIJI_ANSWER_NO, NULL},
    {"N", KAIJI_ANSWER_NO, NULL},
    {"Ｎｏ", KAIJI_ANSWER_NO, NULL},
    {"×", KAIJI_ANSWER_NO, NULL},
    {"✕", KAIJI_ANSWER_NO, NULL},
    {"✗", KAIJI_ANSWER_NO, NULL},
    /* not applicable */
    {"対象外", KAIJI_ANSWER_NA, NULL},
    {"該当なし", KAIJI_ANSWER_NA, NULL},
    {"該当無し", KAIJI_ANSWER_NA, NULL},
    {"非該当", KAIJI_ANSWER_NA, NULL},
    {"N/A", KAIJI_ANSWER_NA, NULL},
    {"n/a", KAIJI_ANSWER_NA, NULL},
    {"Ｎ／Ａ", KAIJI_ANSWER_NA, NULL},
    {"NA", KAIJI_ANSWER_NA, NULL},
    {"－", KAIJI_ANSWER_NA, NULL},
    {"-", KAIJI_ANSWER_NA, NULL},
    {"ー", KAIJI_ANSWER_NA, NULL},
    {" - ", KAIJI_ANSWER_NA, NULL},
    /* see note */
    {"See Note", KAIJI_ANSWER_SEE_NOTE, NULL},
    {"See Notes", KAIJI_ANSWER_SEE_NOTE, NULL},
    {"see notes", KAIJI_ANSWER_SEE_NOTE, NULL},
    {"See note 3", KAIJI_ANSWER_SEE_NOTE, "3"},
    /* answer and comment */
    {"はい（オプション）", KAIJI_ANSWER_YES, "オプション"},
    {"はい(オプション)", KAIJI_ANSWER_YES, "オプション"},
    {"はい：次回更新時", KAIJI_ANSWER_YES, "次回更新時"},
    {"Yes,optional", KAIJI_ANSWER_YES, "optional"},
    {"Yes, optional", KAIJI_ANSWER_YES, "optional"},
    {"N/A: No default accounts", KAIJI_ANSWER_NA, "No default accounts"},
    {"No,Option to disable all removable media", KAIJI_ANSWER_NO,
     "Option to disable all removable media"},
    {"No - only in service mode", KAIJI_ANSWER_NO, "only in service mode"},
    {"いいえ 次回更新時に対応", KAIJI_ANSWER_NO, "次回更新時に対応"},
    {"いいえ　次回更新時に対応", KAIJI_ANSWER_NO, "次回更新時に対応"},
    {"対象外（院内LANのみ）", KAIJI_ANSWER_NA, "院内LANのみ"},
    {"Yes.", KAIJI_ANSWER_YES, NULL},
    {"N/A (see note 2)", KAIJI_ANSWER_NA, "see note 2"},
    {"Yes - See Note 1", KAIJI_ANSWER_YES, "See Note 1"},
    {"Ｙｅｓ（ｏｐｔｉｏｎａｌ）", KAIJI_ANSWER_YES, "optional"},
    {"はい\n（次回更新時に対応）", KAIJI_ANSWER_YES, "次回更新時に対応"},
    {"○（一部）", KAIJI_ANSWER_YES, "一部"},
    {"はい。", KAIJI_ANSWER_YES, NULL},
    {"Not applicable", KAIJI_ANSWER_NA, NULL},
    {"n.a.", KAIJI_ANSWER_NA, NULL},
    {"Yes, no default accounts", KAIJI_ANSWER_YES, "no default accounts"},
    {"Yes yes", KAIJI_ANSWER_YES, "yes"},
    /* blank */
    {"", KAIJI_ANSWER_BLANK, NULL},
    {"   ", KAIJI_ANSWER_BLANK, NULL},
    {"\u3000", KAIJI_ANSWER_BLANK, NULL},
    /* a longer word that starts with an answer word is no answer */
    {"Yesterday", KAIJI_ANSWER_INVALID, NULL},
    {"Notes", KAIJI_ANSWER_INVALID, NULL},
    {"NAS対応", KAIJI_ANSWER_INVALID, NULL},
    {"はいけい", KAIJI_ANSWER_INVALID, NULL},
    {"Nothing", KAIJI_ANSWER_INVALID, NULL},
    {"Y2K", KAIJI_ANSWER_INVALID, NULL},
    {"対応済み", KAIJI_ANSWER_INVALID, NULL},
    {"未定", KAIJI_ANSWER_INVALID, NULL},
    {"〇〇", KAIJI_ANSWER_INVALID, NULL},
    {"該当", KAIJI_ANSWER_INVALID, NULL},
    {"対象外です", KAIJI_ANSWER_INVALID, NULL},
    {"Nope", KAIJI_ANSWER_INVALID, NULL},
    {"NASA", KAIJI_ANSWER_INVALID, NULL},
    {"x", KAIJI_ANSWER_INVALID, NULL},
    {"--1", KAIJI_ANSWER_INVALID, NULL},
    /* an unanswered choice prompt is no answer */
    {"はい・いいえ", KAIJI_ANSWER_INVALID, NULL},
    {"はい / いいえ / 対象外", KAIJI_ANSWER_INVALID, NULL},
    {"Yes/No", KAIJI_ANSWER_INVALID, NULL},
    {"Y/N", KAIJI_ANSWER_INVALID, NULL},
    /* dashes are 対象外 only alone */
    {"-1", KAIJI_ANSWER_INVALID, NULL},
    {"\xFF", KAIJI_ANSWER_INVALID, NULL},
};

Test(text_answer, answer_cells_give_answer_and_comment)
{
    for (size_t i = 0; i < COUNT(answer_cases); i++) {
        char *comment = (char *)"unset";
        kaiji_answer a = kaiji_text_parse_answer(answer_cases[i].in, &comment);
        cr_expect_eq(a, answer_cases[i].answer, "case %zu \"%s\": got %s", i,
                     answer_cases[i].in, kaiji_answer_name(a));
        if (answer_cases[i].comment == NULL)
            cr_expect_null(comment, "case %zu \"%s\": comment \"%s\"", i,
                           answer_cases[i].in, comment ? comment : "");
        else if (comment == NULL)
            cr_expect_fail("case %zu \"%s\": no comment", i, answer_cases[i].in);
        else
            cr_expect_str_eq(comment, answer_cases[i].comment, "case %zu", i);
        free(comment);
    }
}

Test(text_answer, null_comment_pointer_and_null_text_are_allowed)
{
    cr_expect_eq(kaiji_text_parse_answer("はい（オプション）", NULL), KAIJI_ANSWER_YES);
    cr_expect_eq(kaiji_text_parse_answer(NULL, NULL), KAIJI_ANSWER_BLANK);
}

static const struct {
    const char *in;
    bool mark;
} mark_cases[] = {
    {"○", true}, {"〇", true}, {"◯", true}, {"●", true}, {"✓", true},
    {"✔", true}, {"レ", true}, {"ﾚ", true}, {"v", true}, {"V", true},
    {"Ｖ", true}, {"x", true}, {"X", true}, {"ｘ", true}, {"×", true},
    {"✕", true}, {"■", true}, {"1", true}, {"１", true}, {" ○ ", true},
    {"", false}, {"  ", false}, {"はい", false}, {"2", false}, {"xx", false},
    {"○○", false}, {"Yes", false}, {"-", false}, {"0", false},
};

Test(text_mark, marks_in_choice_columns_are_recognised)
{
    for (size_t i = 0; i < COUNT(mark_cases); i++)
        cr_expect_eq(kaiji_text_is_mark(mark_cases[i].in), mark_cases[i].mark,
                     "case %zu \"%s\"", i, mark_cases[i].in);
    cr_expect_not(kaiji_text_is_mark(NULL));
}

/* ---- dates --------------------------------------------------------------- */

static const struct {
    const char *in;
    const char *date; /* NULL: not a date */
} date_cases[] = {
    {"2024/3/31", "2024-03-31"},
    {"2024-03-31", "2024-03-31"},
    {"2024.3.31", "2024-03-31"},
    {"2024年3月31日", "2024-03-31"},
    {"2024 年 3 月 31 日", "2024-03-31"},
    {"令和6年3月31日", "2024-03-31"},
    {"令和元年5月1日", "2019-05-01"},
    {"平成31年4月30日", "2019-04-30"},
    {"平成元年1月8日", "1989-01-08"},
    {"昭和64年1月7日", "1989-01-07"},
    {"R6.3.31", "2024-03-31"},
    {"R6/3/31", "2024-03-31"},
    {"r6.3.31", "2024-03-31"},
    {"H31.4.30", "2019-04-30"},
    {"R 6.3.31", "2024-03-31"},
    {"R元.5.1", "2019-05-01"},
    {"㋿6年3月31日", "2024-03-31"},
    {"２０２４／３／３１", "2024-03-31"},
    {"２０２４年３月３１日", "2024-03-31"},
    {"令和６年３月３１日", "2024-03-31"},
    {"Ｒ６．３．３１", "2024-03-31"},
    {"2024/3/31(日)", "2024-03-31"},
    {"2024年3月31日（日）", "2024-03-31"},
    {"2024年3月31日 (日曜日)", "2024-03-31"},
    {"2024/03/31 (Sun)", "2024-03-31"},
    {"2024/3/31 10:30", "2024-03-31"},
    {"2024-03-31 00:00:00", "2024-03-31"},
    {"2024-03-31T10:30:00", "2024-03-31"},
    {"2024-03-31T10:30:00.000Z", "2024-03-31"},
    {"3/31/2024", NULL},
    {"2024/3/31 10:30:00 PM", "2024-03-31"},
    {"2024/3/31 10", NULL},
    {"2024/3/31（月） 9:00", "2024-03-31"},
    {"  2024/3/31  ", "2024-03-31"},
    {"2024-02-29", "2024-02-29"},
    /* not dates */
    {"2023-02-29", NULL},
    {"2024/4/31", NULL},
    {"2024/13/1", NULL},
    {"2024/0/1", NULL},
    {"2024/3/0", NULL},
    {"2024/3-31", NULL},
    {"24/3/31", NULL},
    {"2024年3月", NULL},
    {"2024年度", NULL},
    {"令和1年4月1日", NULL},
    {"令和元年4月30日", NULL},
    {"平成31年5月1日", NULL},
    {"平成0年1月1日", NULL},
    {"昭和64年1月8日", NULL},
    {"R6.3.31 foo", NULL},
    {"2024/3/31(foo bar)", NULL},
    {"2024/3/", NULL},
    {"2024/", NULL},
    {"R", NULL},
    {"", NULL},
    {"未定", NULL},
    {"\xFF", NULL},
    {"20240331", NULL},
};

Test(text_date, written_dates_are_parsed_and_impossible_ones_rejected)
{
    for (size_t i = 0; i < COUNT(date_cases); i++) {
        kaiji_date d = {0, 0, 0};
        bool ok = kaiji_text_parse_date(date_cases[i].in, &d);
        char buf[11];
        if (date_cases[i].date == NULL) {
            cr_expect_not(ok, "case %zu \"%s\" gave %s", i, date_cases[i].in,
                          kaiji_date_format(buf, d));
            continue;
        }
        cr_expect(ok, "case %zu \"%s\" not parsed", i, date_cases[i].in);
        cr_expect_str_eq(kaiji_date_format(buf, d), date_cases[i].date,
                         "case %zu \"%s\"", i, date_cases[i].in);
    }
    cr_expect_not(kaiji_text_parse_date(NULL, &(kaiji_date){0, 0, 0}));
}

static const struct {
    double serial;
    bool date1904;
    const char *date; /* NULL: rejected */
} serial_cases[] = {
    {1, false, "1900-01-01"},
    {59, false, "1900-02-28"},
    {60, false, "1900-02-28"},  /* the phantom 1900-02-29 */
    {61, false, "1900-03-01"},
    {45382, false, "2024-03-31"},
    {45382.75, false, "2024-03-31"},
    {43586, false, "2019-05-01"},
    {2958465, false, "9999-12-31"},
    {0, true, "1904-01-01"},
    {1, true, "1904-01-02"},
    {43920, true, "2024-03-31"},
    {2957003, true, "9999-12-31"},
    {0, false, NULL},
    {-1, false, NULL},
    {2958466, false, NULL},
    {2957004, true, NULL},
    {-0.5, true, NULL},
};

/* Dates of a document may give only the month: day 0, no day invented. */
static const struct {
    const char *in;
    const char *date; /* NULL: neither a date nor a month */
} month_cases[] = {
    {"2024年11月", "2024-11"},
    {"2024/11", "2024-11"},
    {"2024-11", "2024-11"},
    {"2024.11", "2024-11"},
    {"2024 年 11 月", "2024-11"},
    {"R6.11", "2024-11"},
    {"R6/11", "2024-11"},
    {"令和6年11月", "2024-11"},
    {"令和元年5月", "2019-05"},
    {"平成31年4月", "2019-04"},
    {"２０２４年１１月", "2024-11"},
    {"２０２４／１１", "2024-11"},
    {"Ｒ６．１１", "2024-11"},
    {"令和６年１１月", "2024-11"},
    {"  2024/11  ", "2024-11"},
    /* whole dates stay whole */
    {"2024/11/5", "2024-11-05"},
    {"令和6年11月5日", "2024-11-05"},
    /* neither */
    {"2024/13", NULL},
    {"2024/0", NULL},
    {"2024年", NULL},
    {"2024年度", NULL},
    {"2024/11/", NULL},
    {"2024/11/0", NULL},
    {"24/11", NULL},
    {"令和元年4月", NULL},
    {"平成31年5月", NULL},
    {"2024年11月頃", NULL},
    {"11月", NULL},
    {"5.0", NULL},
    {"Ver.5.0", NULL},
    {"", NULL},
};

Test(text_date, a_month_alone_is_a_date_of_month_precision_without_a_made_up_day)
{
    for (size_t i = 0; i < COUNT(month_cases); i++) {
        kaiji_date d = {0, 0, 0};
        char buf[11];
        bool ok = kaiji_text_parse_date_or_month(month_cases[i].in, &d);
        if (month_cases[i].date == NULL) {
            cr_expect_not(ok, "case %zu \"%s\" gave %s", i, month_cases[i].in,
                          kaiji_date_format(buf, d));
            continue;
        }
        cr_expect(ok, "case %zu \"%s\" not parsed", i, month_cases[i].in);
        cr_expect_str_eq(kaiji_date_format(buf, d), month_cases[i].date, "case %zu \"%s\"", i,
                         month_cases[i].in);
        cr_expect_eq(kaiji_date_is_month(d), strlen(month_cases[i].date) == 7, "case %zu", i);
    }
}

Test(text_date, a_month_alone_is_not_a_date_where_a_day_is_needed)
{
    kaiji_date d = {0, 0, 0};

    cr_expect_not(kaiji_text_parse_date("2024年11月", &d));
    cr_expect_not(kaiji_text_parse_date("R6.11", &d));
    cr_expect_not(kaiji_text_parse_date("2024-11", &d));
}

Test(text_date, a_month_is_shown_without_a_day_in_every_style)
{
    char buf[KAIJI_DATE_SHOW_MAX];
    kaiji_date nov = {2024, 11, 0};

    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, nov, KAIJI_DATE_ISO), "2024-11");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, nov, KAIJI_DATE_LOCALE), "2024-11");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, nov, KAIJI_DATE_WAREKI),
                     "令和6年11月");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2019, 5, 0},
                                          KAIJI_DATE_WAREKI), "令和元年5月");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2019, 4, 0},
                                          KAIJI_DATE_WAREKI), "平成31年4月");
    cr_expect_str_eq(kaiji_text_date_show(buf, sizeof buf, (kaiji_date){2024, 13, 0},
                                          KAIJI_DATE_ISO), "?");
}

Test(text_date, excel_serials_follow_the_1900_and_1904_systems)
{
    for (size_t i = 0; i < COUNT(serial_cases); i++) {
        kaiji_date d = {0, 0, 0};
        char buf[11];
        bool ok = kaiji_text_excel_serial_date(serial_cases[i].serial,
                                               serial_cases[i].date1904, &d);
        if (serial_cases[i].date == NULL) {
            cr_expect_not(ok, "case %zu", i);
            continue;
        }
        cr_expect(ok, "case %zu", i);
        cr_expect_str_eq(kaiji_date_format(buf, d), serial_cases[i].date, "case %zu", i);
    }
    cr_expect_not(kaiji_text_excel_serial_date(0.0 / 0.0, false, &(kaiji_date){0, 0, 0}));
    cr_expect_not(kaiji_text_excel_serial_date(1.0 / 0.0, false, &(kaiji_date){0, 0, 0}));
}

static const struct {
    const char *code;
    bool date;
} format_cases[] = {
    {"yyyy/m/d", true},
    {"yyyy-mm-dd", true},
    {"YYYY/MM/DD", true},
    {"m/d/yy h:mm", true},
    {"[$-411]ggge\"年\"m\"月\"d\"日\"", true},
    {"[$-411]ge.m.d", true},
    {"ggge年m月d日", true},
    {"yyyy\"年\"m\"月\"", true},
    {"m\"月\"d\"日\"", true},
    {"mmm-yy", true},
    {"d-mmm", true},
    {"[Red]yyyy/mm/dd", true},
    {"[$-F800]dddd, mmmm dd, yyyy", true},
    {"bbbb/mm/dd", true},
    {"mm", true},
    {"h:mm", false},
    {"h:mm:ss", false},
    {"[h]:mm", false},
    {"[h]:mm:ss", false},
    {"[mm]:ss", false},
    {"mm:ss", false},
    {"h\"時\"mm\"分\"", false},
    {"h:mm AM/PM", false},
    {"h:mm a/p", false},
    {"General", false},
    {"0.00", false},
    {"0.00E+00", false},
    {"#,##0", false},
    {"\"yyyy\"0", false},
    {"\\d0", false},
    {"@", false},
    {"[Red]#,##0", false},
    {"_(* #,##0_)", false},
    {"", false},
};

Test(text_date, number_formats_that_show_dates_are_detected)
{
    for (size_t i = 0; i < COUNT(format_cases); i++)
        cr_expect_eq(kaiji_text_excel_format_is_date(format_cases[i].code),
                     format_cases[i].date, "case %zu \"%s\"", i, format_cases[i].code);
    cr_expect_not(kaiji_text_excel_format_is_date(NULL));
}

Test(text_date, builtin_formats_are_dates_except_times)
{
    static const int dates[] = {14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36,
                                50, 51, 52, 53, 54, 55, 56, 57, 58};
    static const int others[] = {0, 1, 2, 9, 10, 11, 12, 13, 18, 19, 20, 21, 23,
                                 26, 32, 33, 37, 44, 45, 46, 47, 48, 49, 59, 164, -1};
    for (size_t i = 0; i < COUNT(dates); i++)
        cr_expect(kaiji_text_excel_builtin_date(dates[i]), "id %d", dates[i]);
    for (size_t i = 0; i < COUNT(others); i++)
        cr_expect_not(kaiji_text_excel_builtin_date(others[i]), "id %d", others[i]);
}

static const struct {
    kaiji_date date;
    int fy;
} fiscal_cases[] = {
    {{2024, 4, 1}, 2024},
    {{2025, 3, 31}, 2024},
    {{2024, 3, 31}, 2023},
    {{2024, 12, 31}, 2024},
    {{2025, 1, 1}, 2024},
    {{0, 0, 0}, 0},
};

Test(text_date, fiscal_year_runs_april_to_march)
{
    for (size_t i = 0; i < COUNT(fiscal_cases); i++)
        cr_expect_eq(kaiji_text_fiscal_year(fiscal_cases[i].date), fiscal_cases[i].fy,
                     "case %zu", i);
}

Test(kaiji_date, format_valid_and_compare_agree)
{
    char buf[11];
    kaiji_date none = {0, 0, 0}, a = {2024, 3, 31}, b = {2024, 4, 1}, bad = {2023, 2, 29};

    cr_expect_str_eq(kaiji_date_format(buf, a), "2024-03-31");
    cr_expect_str_eq(kaiji_date_format(buf, (kaiji_date){5, 1, 2}), "0005-01-02");
    cr_expect_str_eq(kaiji_date_format(buf, none), "");
    cr_expect_str_eq(kaiji_date_format(buf, bad), "");
    cr_expect(kaiji_date_valid(a));
    cr_expect(kaiji_date_valid((kaiji_date){2000, 2, 29}));
    cr_expect_not(kaiji_date_valid((kaiji_date){1900, 2, 29}));
    cr_expect_not(kaiji_date_valid(bad));
    cr_expect_not(kaiji_date_valid(none));
    cr_expect_not(kaiji_date_valid((kaiji_date){10000, 1, 1}));
    cr_expect_not(kaiji_date_valid((kaiji_date){2024, 0, 1}));
    cr_expect_lt(kaiji_date_compare(a, b), 0);
    cr_expect_gt(kaiji_date_compare(b, a), 0);
    cr_expect_eq(kaiji_date_compare(a, a), 0);
    cr_expect_lt(kaiji_date_compare(none, a), 0);
    cr_expect_gt(kaiji_date_compare(a, none), 0);
    cr_expect_eq(kaiji_date_compare(none, none), 0);
    cr_expect_lt(kaiji_date_compare((kaiji_date){2023, 12, 31}, a), 0);
}

Test(kaiji_date, a_month_is_valid_formats_as_year_and_month_and_sorts_before_its_days)
{
    char buf[11];
    kaiji_date nov = {2024, 11, 0};

    cr_expect(kaiji_date_valid(nov));
    cr_expect(kaiji_date_is_month(nov));
    cr_expect_not(kaiji_date_is_month((kaiji_date){2024, 11, 1}));
    cr_expect_not(kaiji_date_is_month((kaiji_date){0, 0, 0}));
    cr_expect_not(kaiji_date_valid((kaiji_date){2024, 13, 0}));
    cr_expect_not(kaiji_date_valid((kaiji_date){2024, 0, 0}));
    cr_expect_not(kaiji_date_valid((kaiji_date){2024, 11, -1}));
    cr_expect_str_eq(kaiji_date_format(buf, nov), "2024-11");
    /* after every day before the month, before every day of it and after */
    cr_expect_gt(kaiji_date_compare(nov, (kaiji_date){2024, 10, 31}), 0);
    cr_expect_lt(kaiji_date_compare(nov, (kaiji_date){2024, 11, 1}), 0);
    cr_expect_lt(kaiji_date_compare(nov, (kaiji_date){2024, 11, 30}), 0);
    cr_expect_lt(kaiji_date_compare(nov, (kaiji_date){2024, 12, 0}), 0);
    cr_expect_eq(kaiji_date_compare(nov, nov), 0);
    cr_expect_gt(kaiji_date_compare(nov, (kaiji_date){0, 0, 0}), 0);
    cr_expect_eq(kaiji_text_fiscal_year((kaiji_date){2025, 3, 0}), 2024);
    cr_expect_eq(kaiji_text_fiscal_year((kaiji_date){2025, 4, 0}), 2025);
}

Test(kaiji_date, today_is_a_real_date)
{
    kaiji_date t = kaiji_date_today();
    cr_expect(kaiji_date_valid(t));
    cr_expect_geq(t.year, 2024);
}

/* ---- versions ------------------------------------------------------------ */

struct version_case {
    const char *in;
    const char *out; /* NULL: none found */
};

static const struct version_case mds_cases[] = {
    {"Ver.5.0", "5.0"},
    {"Ver5.0", "5.0"},
    {"ver 5.0", "5.0"},
    {"第5.0版", "5.0"},
    {"MDS/SDS Ver.5.0", "5.0"},
    {"５．０版", "5.0"},
    {"Version 4.1", "4.1"},
    {"V4.1", "4.1"},
    {"Ｖｅｒ．４．１", "4.1"},
    {"3.0a", "3.0a"},
    {"Ver.3.0a", "3.0a"},
    {"5", "5.0"},
    {"Ver.2", "2.0"},
    {"JIRA 1st", "1.0"},
    {"MDS/SDS Ver.5.0 (ガイドライン第6.0版対応)", "5.0"},
    {"(ガイドライン第6.0版対応) MDS/SDS 第5.0版", "5.0"},
    {"JAHIS 4.1 (2021年)", "4.1"},
    {"", NULL},
    {"開示書", NULL},
    {"2024/3/31", NULL},
    {"2024", NULL},
    {"2024/3/31 10:30", NULL},
    {"令和6年5月", NULL},
    {"\xFF", NULL},
};

/* A form version stated in a line (a subtitle, a note, a property). */
static const struct version_case stated_cases[] = {
    {"Ver.5.0", "5.0"},
    {"V5.0", "5.0"},
    {"Ver５．０", "5.0"},
    {"Ｖｅｒ．５．０", "5.0"},
    {"Ver 5.0", "5.0"},
    {"5.0版", "5.0"},
    {"第5.0版", "5.0"},
    {"第5版", "5.0"},
    {"第 5 版", "5.0"},
    {"（様式 Ver.5.0）", "5.0"},
    {"本様式は JAHIS 標準 24-005 Ver.5.0 に準拠", "5.0"},
    {"MDS/SDS Ver.4.1 (ガイドライン第5.2版対応)", "4.1"},
    {"(ガイドライン第6.0版対応) MDS/SDS 第5.0版", "5.0"},
    {"Ver.3.0a", "3.0a"},
    /* never a guideline's edition, a date, a year or a bare number */
    {"ガイドライン第6.0版対応", NULL},
    {"ガイドライン Ver.6.0", NULL},
    {"6.0版ガイドライン対応", NULL},
    {"第6.0版のガイドライン", NULL},
    {"2024年11月版", NULL},
    {"2024版", NULL},
    {"Ver.2024.11", NULL},
    {"5.0", NULL},
    {"JAHIS 4.1 (2021年)", NULL},
    {"Windows Server 2022", NULL},
    {"dev5", NULL},
    {"令和6年度版", NULL},
    {"", NULL},
};

static const struct version_case edition_cases[] = {
    {"令和6年5月", "R6"},
    {"令和6年度", "R6"},
    {"令和６年度版", "R6"},
    {"令和 6年度", "R6"},
    {"R6", "R6"},
    {"r6", "R6"},
    {"R6年度", "R6"},
    {"Ｒ６年度版", "R6"},
    {"2024年度", "R6"},
    {"２０２４年度", "R6"},
    {"2024年5月", "R6"},
    {"FY2024", "R6"},
    {"令和7年5月", "R7"},
    {"令和元年", "R1"},
    {"医療機関におけるサイバーセキュリティ対策チェックリスト（令和6年5月版）", "R6"},
    {"", NULL},
    {"チェックリスト", NULL},
    {"PR6", NULL},
    {"2018年度", NULL},
    {"R", NULL},
};

static const struct version_case guideline_cases[] = {
    {"第6.0版", "6.0"},
    {"6.0版", "6.0"},
    {"Ver.6", "6.0"},
    {"6", "6.0"},
    {"６．０", "6.0"},
    {"5.2", "5.2"},
    {"第5.2版", "5.2"},
    {"ガイドライン第6.0版対応", "6.0"},
    {"医療情報システムの安全管理に関するガイドライン 第6.0版（令和5年5月）", "6.0"},
    {"", NULL},
    {"最新版", NULL},
    {"2023/5/31", NULL},
    {"令和5年5月", NULL},
};

static void check_versions(const struct version_case *cases, size_t n,
                           bool (*fn)(const char *, char **), const char *what)
{
    for (size_t i = 0; i < n; i++) {
        char *out = (char *)"unset";
        bool ok = fn(cases[i].in, &out);
        if (cases[i].out == NULL) {
            cr_expect_not(ok, "%s case %zu \"%s\" gave \"%s\"", what, i, cases[i].in,
                          ok && out ? out : "");
            cr_expect_null(out, "%s case %zu", what, i);
        } else {
            cr_expect(ok, "%s case %zu \"%s\" not found", what, i, cases[i].in);
            if (ok)
                cr_expect_str_eq(out, cases[i].out, "%s case %zu \"%s\"", what, i,
                                 cases[i].in);
        }
        if (ok)
            free(out);
    }
}

Test(text_version, mds_form_versions_are_normalised)
{
    check_versions(mds_cases, COUNT(mds_cases), kaiji_text_mds_version, "mds");
}

Test(text_version, a_form_version_stated_in_a_line_is_only_a_marked_version_or_an_edition)
{
    check_versions(stated_cases, COUNT(stated_cases), kaiji_text_mds_version_stated, "stated");
}

Test(text_version, checklist_editions_are_normalised)
{
    check_versions(edition_cases, COUNT(edition_cases), kaiji_text_checklist_edition,
                   "edition");
}

Test(text_version, guideline_editions_are_normalised)
{
    check_versions(guideline_cases, COUNT(guideline_cases), kaiji_text_guideline,
                   "guideline");
}

/* ---- item IDs ------------------------------------------------------------ */

static const struct {
    const char *in, *key;
} id_cases[] = {
    {"2⑦", "2(7)"},
    {"2(7)", "2(7)"},
    {"２（７）", "2(7)"},
    {"2-(7)", "2(7)"},
    {"2－（７）", "2(7)"},
    {"2.(7)", "2(7)"},
    {"2 (7)", "2(7)"},
    {"2⑺", "2(7)"},
    {"①", "(1)"},
    {"⑳", "(20)"},
    {"㉑", "(21)"},
    {"㊿", "(50)"},
    {"DOC-1", "doc-1"},
    {"MPII-2.1", "mpii-2.1"},
    {"1-1", "1-1"},
    {"SAHD-15", "sahd-15"},
    {"1(1)", "1(1)"},
    {"", ""},
};

Test(text_id_key, circled_and_bracketed_item_numbers_meet)
{
    for (size_t i = 0; i < COUNT(id_cases); i++) {
        char *k = kaiji_text_id_key(id_cases[i].in);
        cr_assert_not_null(k, "case %zu", i);
        cr_expect_str_eq(k, id_cases[i].key, "case %zu \"%s\"", i, id_cases[i].in);
        free(k);
    }
    cr_expect_null(kaiji_text_id_key("\xFF"));
    cr_expect_null(kaiji_text_id_key(NULL));
}

Test(text_id_key, an_id_key_made_in_a_buffer_is_the_key_made_alone)
{
    char small[4], big[128];

    for (size_t i = 0; i < COUNT(id_cases); i++) {
        char *a = kaiji_text_id_key_buf(id_cases[i].in, small, sizeof small);
        char *b = kaiji_text_id_key_buf(id_cases[i].in, big, sizeof big);

        cr_assert_not_null(a, "case %zu", i);
        cr_assert_not_null(b, "case %zu", i);
        cr_expect_str_eq(a, id_cases[i].key, "small buffer, case %zu", i);
        cr_expect_str_eq(b, id_cases[i].key, "big buffer, case %zu", i);
        if (a != small)
            free(a);
        if (b != big)
            free(b);
    }
    cr_expect_null(kaiji_text_id_key_buf("\xFF", big, sizeof big));
}

/* ---- encodings ----------------------------------------------------------- */

static const struct {
    const char *encoding;
    const char *bytes;
    size_t len;
    const char *utf8; /* NULL: rejected */
    bool windows_lacks; /* a character Windows' code page has not */
} enc_cases[] = {
    /* はい in Shift_JIS */
    {"Shift_JIS", "\x82\xCD\x82\xA2", 4, "はい", false},
    {"shift-jis", "\x82\xCD\x82\xA2", 4, "はい", false},
    {"SJIS", "\x82\xCD\x82\xA2", 4, "はい", false},
    {"CP932", "\x82\xCD\x82\xA2", 4, "はい", false},
    {"Windows-31J", "\x82\xCD\x82\xA2", 4, "はい", false},
    /* ① (NEC special) and ～ (0x8160) need CP932 */
    {"Shift_JIS", "\x87\x40", 2, "①", false},
    {"Shift_JIS", "\x81\x60", 2, "～", false},
    /* half-width ｶ */
    {"Shift_JIS", "\xB6", 1, "ｶ", false},
    {"EUC-JP", "\xA4\xCF\xA4\xA4", 4, "はい", false},
    {"euc_jp", "\xA4\xCF\xA4\xA4", 4, "はい", false},
    /* NEC special, read as EUC-JP-MS (Windows' EUC-JP, code page 20932,
     * has no NEC specials: not checked there) */
    {"EUC-JP", "\xAD\xA1", 2, "①", true},
    {"UTF-16", "\xFF\xFE\x6F\x30\x44\x30", 6, "はい", false},
    {"UTF-16", "\xFE\xFF\x30\x6F\x30\x44", 6, "はい", false},
    {"UTF-16LE", "\x6F\x30\x44\x30", 4, "はい", false},
    {"UTF-16BE", "\x30\x6F\x30\x44", 4, "はい", false},
    {"UTF-8", "\xEF\xBB\xBFはい", 9, "\xEF\xBB\xBFはい", false},
    {"utf8", "abc", 3, "abc", false},
    {"ISO-8859-1", "\xE9", 1, "é", false},
    {"Shift_JIS", "", 0, "", false},
    /* rejected */
    {"Shift_JIS", "\x82", 1, NULL, false},
    {"Shift_JIS", "\x82\x20", 2, NULL, false},
    {"EUC-JP", "\xA4", 1, NULL, false},
    {"UTF-16LE", "\x6F", 1, NULL, false},
    {"UTF-16LE", "\x00\xD8\x41\x00", 4, NULL, false},
    {"UTF-8", "\xC0\xAF", 2, NULL, false},
    {"no-such-encoding", "abc", 3, NULL, false},
    {"UTF-8//TRANSLIT", "abc", 3, NULL, false},
    {"CP932//IGNORE", "abc", 3, NULL, false},
    {"", "abc", 3, NULL, false},
};

Test(text_encoding, legacy_encodings_convert_to_utf8_and_bad_bytes_are_rejected)
{
    for (size_t i = 0; i < COUNT(enc_cases); i++) {
        char *out = (char *)"unset";
        size_t out_len = 99;
        if (enc_cases[i].windows_lacks &&
            t_windows_cannot(enc_cases[i].utf8, "its code page lacks the character"))
            continue;
        bool ok = kaiji_text_to_utf8(enc_cases[i].encoding, enc_cases[i].bytes,
                                     enc_cases[i].len, &out, &out_len);
        if (enc_cases[i].utf8 == NULL) {
            cr_expect_not(ok, "case %zu", i);
            cr_expect_null(out, "case %zu", i);
            continue;
        }
        cr_expect(ok, "case %zu (%s) failed", i, enc_cases[i].encoding);
        if (!ok)
            continue;
        cr_expect_str_eq(out, enc_cases[i].utf8, "case %zu", i);
        cr_expect_eq(out_len, strlen(enc_cases[i].utf8), "case %zu", i);
        free(out);
    }
}

Test(text_encoding, long_input_grows_the_output_buffer)
{
    size_t n = 100000;
    char *in = malloc(n), *out = NULL;
    size_t out_len = 0;

    cr_assert_not_null(in);
    for (size_t i = 0; i < n; i++)
        in[i] = (char)0xB6; /* ｶ: 1 byte in, 3 bytes out */
    cr_assert(kaiji_text_to_utf8("Shift_JIS", in, n, &out, &out_len));
    cr_expect_eq(out_len, n * 3);
    cr_expect(kaiji_text_utf8_valid(out, out_len));
    free(in);
    free(out);
}

/* ---- SHA-256 ------------------------------------------------------------- */

Test(text_sha256, digests_match_the_published_test_vectors)
{
    char hex[65];

    kaiji_text_sha256("", 0, hex);
    cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kaiji_text_sha256("abc", 3, hex);
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    kaiji_text_sha256(NULL, 0, hex);
    cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(text_sha256, digests_of_every_length_across_the_block_edges_match_libcrypto)
{
    /* kaiji's SHA-256 (text/sha256.c, libcrypto's SHA256_* functions) against
     * EVP_Digest, for each length from 0 to 300 bytes (the padding of 55, 56,
     * 63, 64, 119, 120 ...) and for 1,000,000 bytes of 'a' (FIPS 180-2's
     * third vector). */
    static unsigned char buf[1000000];
    char hex[65], want[65];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 131 + 7);
    for (size_t n = 0; n <= 300; n++) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int md_len = 0;
        cr_assert(EVP_Digest(buf, n, md, &md_len, EVP_sha256(), NULL) == 1 && md_len == 32);
        for (unsigned int i = 0; i < 32; i++)
            snprintf(want + 2 * i, 3, "%02x", md[i]);
        kaiji_text_sha256(buf, n, hex);
        cr_expect_str_eq(hex, want, "%zu bytes", n);
    }
    memset(buf, 'a', sizeof buf);
    kaiji_text_sha256(buf, sizeof buf, hex);
    cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ---- robustness ---------------------------------------------------------- */

/* Pieces that steer the parsers deep into their grammars. */
static const char *const pieces[] = {
    "2024", "/", "-", ".", "年", "月", "日", "令和", "平成", "元", "R", "H", "(",
    ")", "（", "）", "[", "]", "\"", "\\", "_", "*", "h", "m", "s", "y", "d", "e",
    "E+", "g", "b", "AM/PM", "General", "はい", "いいえ", "対象外", "Yes", "No",
    "N/A", "See Note", ",", ":", " ", "\u3000", "ー", "－", "①", "㉑", "第", "版",
    "Ver", "v", "3", "12", "0", "a", "1st", "ガイドライン", "\xFF", "\xE3\x81",
    "\xC0\xAF", "\xED\xA0\x80", "⑳", "FY", "fy", "T", "10:30", "\xF0\x9F\x98\x80",
};

/* A deterministic pseudo-random generator (xorshift), so failures replay. */
static unsigned next_rand(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

Test(text_robustness, random_input_never_crashes_any_function)
{
    unsigned state = 2463534242u;
    char buf[512];

    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        int count = (int)(next_rand(&state) % 12);
        for (int k = 0; k < count; k++) {
            const char *p;
            char raw[2] = {0, 0};
            if (next_rand(&state) % 8 == 0) {
                raw[0] = (char)(next_rand(&state) % 255 + 1);
                p = raw;
            } else {
                p = pieces[next_rand(&state) % COUNT(pieces)];
            }
            size_t len = strlen(p);
            if (n + len >= sizeof buf)
                break;
            memcpy(buf + n, p, len);
            n += len;
        }
        buf[n] = '\0';

        char *out = NULL, *comment = NULL;
        size_t out_len = 0;
        kaiji_date d = {0, 0, 0};
        char hex[65];

        kaiji_text_utf8_valid(buf, n);
        free(kaiji_text_key(buf));
        free(kaiji_text_fold(buf));
        free(kaiji_text_trim(buf));
        free(kaiji_text_id_key(buf));
        kaiji_text_blank(buf);
        kaiji_text_parse_answer(buf, &comment);
        free(comment);
        kaiji_text_is_mark(buf);
        if (kaiji_text_parse_date(buf, &d))
            cr_expect(kaiji_date_valid(d) && d.day > 0, "\"%s\"", buf);
        if (kaiji_text_parse_date_or_month(buf, &d))
            cr_expect(kaiji_date_valid(d), "\"%s\"", buf);
        kaiji_text_excel_format_is_date(buf);
        if (kaiji_text_mds_version(buf, &out))
            free(out);
        if (kaiji_text_mds_version_stated(buf, &out))
            free(out);
        if (kaiji_text_checklist_edition(buf, &out))
            free(out);
        if (kaiji_text_guideline(buf, &out))
            free(out);
        if (kaiji_text_to_utf8("Shift_JIS", buf, n, &out, &out_len)) {
            cr_expect(kaiji_text_utf8_valid(out, out_len));
            free(out);
        }
        if (kaiji_text_to_utf8("UTF-16", buf, n, &out, &out_len)) {
            cr_expect(kaiji_text_utf8_valid(out, out_len));
            free(out);
        }
        kaiji_text_sha256(buf, n, hex);
        cr_expect_eq(strlen(hex), 64u);
    }
}

/* ---- checklist titles of R8 and later ------------------------------------ */

Test(text_version, r8_titles_name_their_edition)
{
    static const struct { const char *in, *out; } cases[] = {
        {"医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（令和8年度版）", "R8"},
        {"令和８年度版", "R8"},
        {"令和8年6月", "R8"},
        {"医療機関・薬局におけるサイバーセキュリティ対策チェックリスト 令和9年度", "R9"},
        {"2026年度版", "R8"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *out = NULL;
        cr_assert(kaiji_text_checklist_edition(cases[i].in, &out), "%s", cases[i].in);
        cr_expect_str_eq(out, cases[i].out, "%s", cases[i].in);
        free(out);
    }
}

Test(text_version, checklist_titles_give_their_publication_month_or_fiscal_year)
{
    static const struct {
        const char *in, *text;
        int year, month;
    } cases[] = {
        {"医療機関におけるサイバーセキュリティ対策チェックリスト（令和7年5月）【事業者確認用】",
         "令和7年5月", 2025, 5},
        {"令和８年度版", "令和8年度", 2026, 0},
        {"令和 6 年 5 月", "令和6年5月", 2024, 5},
        {"令和元年度", "令和元年度", 2019, 0},
        {"2026年6月版", "2026年6月", 2026, 6},
        {"（2027年度）", "2027年度", 2027, 0},
        {"第2版 令和8年6月改訂", "令和8年6月", 2026, 6},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char *text = NULL;
        int y = -1, m = -1;
        cr_assert(kaiji_text_checklist_published(cases[i].in, &text, &y, &m), "%s", cases[i].in);
        cr_expect_str_eq(text, cases[i].text, "%s", cases[i].in);
        cr_expect_eq(y, cases[i].year, "%s", cases[i].in);
        cr_expect_eq(m, cases[i].month, "%s", cases[i].in);
        free(text);
    }
    static const char *const none[] = {
        "R8", "令和8年", "令和8年13月", "2024/5/1", "令和年度", "FY2026", "", "\xff\xfe",
    };
    for (size_t i = 0; i < COUNT(none); i++) {
        char *text = (char *)"x";
        int y = -1, m = -1;
        cr_expect(!kaiji_text_checklist_published(none[i], &text, &y, &m), "%s", none[i]);
        cr_expect_null(text);
    }
}

Test(text_answer, a_text_whose_first_ascii_letter_begins_no_answer_parses_as_none)
{
    static const char *const rests[] = { "", "x", "es", "o", "/A", " note", "1-2", "はい" };
    bool starts[128];
    size_t told = 0;

    kaiji_text_answer_ascii_starts(starts);
    cr_expect(starts['Y'] && starts['y'] && starts['N'] && starts['-'], "yes, no, a dash");
    for (int c = 0x21; c < 0x7F; c++) {
        for (size_t i = 0; i < COUNT(rests); i++) {
            char text[32];

            snprintf(text, sizeof text, "%c%s", c, rests[i]);
            if (starts[c] || (unsigned char)text[1] >= 0x80)
                continue;
            told++;
            cr_expect_eq(kaiji_text_parse_answer(text, NULL), KAIJI_ANSWER_INVALID,
                         "\"%s\" is told no answer by its first letter", text);
        }
    }
    cr_expect_gt(told, 500);
}
