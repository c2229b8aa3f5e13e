/*
 * tests/test_fastpath.c - the fast paths taken for speed give exactly what
 * the general way gives.  The normaliser handles ASCII, kana, kanji and
 * common punctuation without utf8proc: every BMP code point, many pairs and
 * fixed-seed random strings are normalised both ways and compared, for NFKC,
 * NFKC + case fold, keys and folds.  Recognition puts off the cells after an
 * item table's header unless a sheet has too many texts: every sample reads
 * the same both ways.  The XLSX reader reads a cell's reference in line:
 * every short string and many random ones read as the general parser reads
 * them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <utf8proc.h>

#include "kaiji/export.h"
#include "model/model.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "catalog/vocab.h"
#include "text/internal.h"
#include "support/support.h"
#include "text/text.h"

/* Writes cp as UTF-8 at buf + *n. */
static void put(char *buf, size_t *n, int32_t cp)
{
    *n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + *n);
}

static bool is_space_cp(int32_t cp)
{
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF)
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
        return true;
    default:
        return false;
    }
}

/* The key (collapse false) or fold (collapse true) of s as text.h defines
 * them, made with utf8proc only: the oracle. */
static char *reference_key(const char *s, bool collapse)
{
    char *norm = kaiji_text_nfkc_utf8proc(s, true), *out;
    utf8proc_ssize_t len, pos = 0;
    size_t n = 0;
    bool pending = false;

    if (!norm)
        return NULL;
    len = (utf8proc_ssize_t)strlen(norm);
    out = malloc((size_t)len + 1);
    cr_assert_not_null(out);
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)norm + pos,
                                              len - pos, &cp);
        cr_assert(k > 0);
        pos += k;
        if (is_space_cp(cp)) {
            bool zero_width = cp == 0x200B || cp == 0x200C || cp == 0x200D ||
                              cp == 0x2060 || cp == 0xFEFF;
            if (!zero_width)
                pending = collapse && n > 0;
            continue;
        }
        if (pending)
            out[n++] = ' ';
        pending = false;
        put(out, &n, cp);
    }
    out[n] = '\0';
    free(norm);
    return out;
}

static void expect_same(const char *what, const char *s, char *got, char *want)
{
    if (want == NULL || got == NULL)
        cr_expect(got == want, "%s of \"%s\": NULL on one side only", what, s);
    else
        cr_expect_str_eq(got, want, "%s of \"%s\"", what, s);
    free(got);
    free(want);
}

/* Every way of normalising s, fast and general, agree. */
static void check_all(const char *s)
{
    expect_same("NFKC", s, kaiji_text_nfkc_fold(s, false), kaiji_text_nfkc_utf8proc(s, false));
    expect_same("NFKC+fold", s, kaiji_text_nfkc_fold(s, true), kaiji_text_nfkc_utf8proc(s, true));
    expect_same("key", s, kaiji_text_key(s), reference_key(s, false));
    expect_same("fold", s, kaiji_text_fold(s), reference_key(s, true));
}

Test(fastpath, every_bmp_code_point_normalises_as_utf8proc_does, .timeout = 120)
{
    for (int32_t cp = 1; cp <= 0xFFFF; cp++) {
        char s[8];
        size_t n = 0;

        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        put(s, &n, cp);
        s[n] = '\0';
        check_all(s);
    }
}

/* Code points around the edges of the fast path: kana with the voicing
 * marks that compose with them, full-width and half-width forms, circled
 * numbers, compatibility ideographs, combining accents, Hangul jamo. */
static const int32_t pair_points[] = {
    0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0xA0, 0xD7, 0xE9, 0x0301, 0x0338, 0x2010, 0x2011,
    0x2014, 0x2015, 0x2026, 0x203B, 0x2060, 0x200B, 0x2190, 0x2212, 0x2460, 0x24EB,
    0x2500, 0x25A0, 0x25CB, 0x2713, 0x2776, 0x3099, 0x309A, 0x309B, 0x309C, 0x309F,
    0x30FF, 0x3131, 0x3251, 0x32D0, 0x3300, 0x4E00, 0x5B57, 0x9FFF, 0xF900, 0xFA10,
    0x1100, 0x1161, 0x11A8, 0xAC00, 0xFEFF, 0xFF61, 0xFF65, 0xFF76, 0xFF9E, 0xFF9F,
    0xFFE0, 0xFFE5,
};

Test(fastpath, pairs_of_code_points_normalise_as_utf8proc_does, .timeout = 120)
{
    int32_t points[1024];
    size_t count = 0;

    for (int32_t cp = 0x20; cp < 0x7F; cp += 3)
        points[count++] = cp;
    for (int32_t cp = 'A'; cp <= 'Z'; cp += 5)
        points[count++] = cp;
    for (int32_t cp = 0x3000; cp <= 0x30FF; cp++)
        points[count++] = cp;
    for (int32_t cp = 0xFF01; cp <= 0xFF5E; cp += 2)
        points[count++] = cp;
    for (size_t i = 0; i < sizeof pair_points / sizeof pair_points[0]; i++)
        points[count++] = pair_points[i];
    cr_assert(count <= sizeof points / sizeof points[0]);
    for (size_t i = 0; i < count; i++) {
        for (size_t k = 0; k < count; k++) {
            char s[16];
            size_t n = 0;

            put(s, &n, points[i]);
            put(s, &n, points[k]);
            s[n] = '\0';
            expect_same("NFKC", s, kaiji_text_nfkc_fold(s, false),
                        kaiji_text_nfkc_utf8proc(s, false));
            expect_same("NFKC+fold", s, kaiji_text_nfkc_fold(s, true),
                        kaiji_text_nfkc_utf8proc(s, true));
        }
    }
}

/* A small deterministic generator (xorshift32), so failures reproduce. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* A code point as cells hold them: mostly ASCII, kana, kanji and
 * punctuation, sometimes one that needs utf8proc. */
static int32_t random_cp(uint32_t *state)
{
    static const int32_t ranges[][2] = {
        {0x20, 0x7E}, {0x09, 0x0D}, {0x3000, 0x3040}, {0x3041, 0x3096}, {0x30A1, 0x30FC},
        {0x4E00, 0x9FFF}, {0xFF01, 0xFF5E}, {0x2010, 0x2030}, {0x2500, 0x25FF},
        {0x2460, 0x2473}, {0xFF61, 0xFF9F}, {0x3099, 0x309C}, {0xF900, 0xFAFF},
        {0x0300, 0x036F}, {0xA0, 0xFF}, {0x3200, 0x33FF},
    };
    uint32_t r = next_random(state) % 100;
    size_t which;

    if (r < 30)
        which = 0;
    else if (r < 35)
        which = 1;
    else if (r < 40)
        which = 2;
    else if (r < 52)
        which = 3;
    else if (r < 64)
        which = 4;
    else if (r < 80)
        which = 5;
    else if (r < 88)
        which = 6;
    else if (r < 92)
        which = 7;
    else if (r < 94)
        which = 8;
    else
        which = 9 + next_random(state) % 7;
    return ranges[which][0] +
           (int32_t)(next_random(state) % (uint32_t)(ranges[which][1] - ranges[which][0] + 1));
}

Test(fastpath, random_strings_normalise_as_utf8proc_does, .timeout = 120)
{
    uint32_t state = 20261126;

    for (int i = 0; i < 20000; i++) {
        char s[128];
        size_t n = 0, len = next_random(&state) % 16;

        for (size_t k = 0; k < len; k++)
            put(s, &n, random_cp(&state));
        s[n] = '\0';
        check_all(s);
    }
}

/* The first code point of trim(NFKC(s)), or -1 when there is none. */
static int32_t reference_first(const char *s)
{
    char *norm = kaiji_text_nfkc_utf8proc(s, false), *t;
    utf8proc_int32_t cp = -1;

    if (!norm)
        return -1;
    t = kaiji_text_trim(norm);
    cr_assert_not_null(t);
    if (*t)
        utf8proc_iterate((const utf8proc_uint8_t *)t, -1, &cp);
    free(t);
    free(norm);
    return cp;
}

Test(fastpath, the_first_character_told_early_is_that_of_the_normalised_text, .timeout = 120)
{
    uint32_t state = 7;

    for (int i = 0; i < 20000; i++) {
        char s[128];
        size_t n = 0, len = next_random(&state) % 6;
        int32_t first;

        if (next_random(&state) % 3 == 0)
            put(s, &n, next_random(&state) % 2 ? 0x3000 : ' ');
        for (size_t k = 0; k < len; k++)
            put(s, &n, random_cp(&state));
        s[n] = '\0';
        first = kaiji_text_nfkc_first(s);
        if (first >= 0)
            cr_expect_eq(first, reference_first(s), "first of \"%s\"", s);
    }
}

/* Answers as cells write them, to be mixed with random characters. */
static const char *const answer_bits[] = {
    "はい", "ﾊｲ", "いいえ", "ｲｲｴ", "Yes", "ＹＥＳ", "no", "N/A", "ｎ／ａ", "対象外", "該当なし",
    "See Note", "○", "×", "－", "ー", "-", "（", "）", "、", " ", "\u3000", "ば", "は\u3099",
};

Test(fastpath, answers_read_the_same_before_and_after_normalisation, .timeout = 120)
{
    uint32_t state = 11;

    for (int i = 0; i < 20000; i++) {
        char s[256], *norm, *c1 = NULL, *c2 = NULL;
        size_t n = 0, parts = 1 + next_random(&state) % 4;
        kaiji_answer a1, a2;

        for (size_t k = 0; k < parts; k++) {
            if (next_random(&state) % 2) {
                const char *b = answer_bits[next_random(&state) %
                                            (sizeof answer_bits / sizeof answer_bits[0])];
                memcpy(s + n, b, strlen(b));
                n += strlen(b);
            } else {
                put(s, &n, random_cp(&state));
            }
        }
        s[n] = '\0';
        norm = kaiji_text_nfkc_utf8proc(s, false);
        cr_assert_not_null(norm);
        a1 = kaiji_text_parse_answer(s, &c1);
        a2 = kaiji_text_parse_answer(norm, &c2);
        cr_expect_eq(a1, a2, "answer of \"%s\"", s);
        cr_expect((c1 == NULL) == (c2 == NULL) && (!c1 || strcmp(c1, c2) == 0),
                  "comment of \"%s\"", s);
        free(c1);
        free(c2);
        free(norm);
    }
}

Test(fastpath, ascii_item_ids_get_the_key_of_the_general_way)
{
    static const char alphabet[] = "0123456789-.() ABCDEFabcdef\t_/";
    uint32_t state = 3;

    for (int i = 0; i < 20000; i++) {
        char s[32], slow[40];
        size_t len = next_random(&state) % 12, k;
        char *fast, *general;

        for (k = 0; k < len; k++)
            s[k] = alphabet[next_random(&state) % (sizeof alphabet - 1)];
        s[len] = '\0';
        /* An ideographic space is dropped from keys, and takes the ID off
         * the ASCII path. */
        snprintf(slow, sizeof slow, "%s\u3000", s);
        fast = kaiji_text_id_key(s);
        general = kaiji_text_id_key(slow);
        cr_assert_not_null(fast);
        cr_assert_not_null(general);
        cr_expect_str_eq(fast, general, "key of \"%s\"", s);
        free(fast);
        free(general);
    }
}

Test(fastpath, blank_means_nothing_left_after_trimming)
{
    static const char *const bits[] = {
        " ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u3000", "\xc2", "\xe3\x80", "a", "\u2003", "\xe3",
    };
    uint32_t state = 5;

    for (int i = 0; i < 20000; i++) {
        char s[64];
        size_t n = 0, parts = next_random(&state) % 5;
        char *t;

        for (size_t k = 0; k < parts; k++) {
            const char *b = bits[next_random(&state) % (sizeof bits / sizeof bits[0])];
            memcpy(s + n, b, strlen(b));
            n += strlen(b);
        }
        s[n] = '\0';
        t = kaiji_text_trim(s);
        cr_assert_not_null(t);
        cr_expect_eq(kaiji_text_blank(s), *t == '\0', "blank of case %d", i);
        free(t);
    }
}

Test(fastpath, malformed_utf8_is_refused_on_the_fast_path_too)
{
    static const char *const bad[] = {
        "\xE0\x82\xA0",       /* overlong U+00A0 */
        "\xE0\x81\x81",       /* overlong A */
        "\xC1\x81",           /* overlong A */
        "\xED\xA0\x80",       /* surrogate */
        "\xE3\x81",           /* truncated */
        "a\xE3\x81",          /* truncated at the end */
        "\x80",               /* lone continuation */
        "\xE3\x41\x81",       /* bad continuation */
        "\xFF",
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_null(kaiji_text_nfkc_fold(bad[i], false), "case %zu", i);
        cr_expect_null(kaiji_text_nfkc_fold(bad[i], true), "case %zu", i);
        cr_expect_null(kaiji_text_key(bad[i]), "case %zu", i);
        cr_expect_null(kaiji_text_fold(bad[i]), "case %zu", i);
    }
}

Test(fastpath, common_cell_texts_keep_their_meaning)
{
    static const struct {
        const char *in, *key, *fold;
    } cases[] = {
        {"製造業者名", "製造業者名", "製造業者名"},
        {"  Device \t Model ", "devicemodel", "device model"},
        {"Ｖｅｒ．５．０", "ver.5.0", "ver.5.0"},
        {"【製品名】\u3000ＡＢＣ", "【製品名】abc", "【製品名】 abc"},
        {"ﾊﾞｰｼﾞｮﾝ", "バージョン", "バージョン"},
        {"が", "が", "が"},
        {"か\u3099", "が", "が"},
        {"①", "1", "1"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *key = kaiji_text_key(cases[i].in), *fold = kaiji_text_fold(cases[i].in);

        cr_assert_not_null(key);
        cr_assert_not_null(fold);
        cr_expect_str_eq(key, cases[i].key, "key of case %zu", i);
        cr_expect_str_eq(fold, cases[i].fold, "fold of case %zu", i);
        free(key);
        free(fold);
    }
}

/* ---- recognition: cells after the table header put off ------------------ */

/* The exchange JSON of the document recognition makes of wb (which it
 * frees), after adding, when pad is true, enough far-away "x" cells to every
 * sheet that recognition looks at each cell as it comes instead of putting
 * off those after the item table's header. */
static char *json_of(kaiji_workbook *wb, bool pad)
{
    kaiji_document *doc = kaiji_document_new("t.xlsx");
    kaiji_vocab *v = NULL;
    char *json = NULL;

    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_vocab_builtin(&v), KAIJI_OK);
    for (size_t i = 0; i < wb->sheet_count; i++) {
        kaiji_sheet *sh = wb->sheets[i];
        uint32_t row = sh->max_row + 100;
        kaiji_date none = { 0, 0, 0 };

        for (uint32_t k = 0; pad && k < 4200; k++)
            cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row + k, 200, KAIJI_CELL_STRING, "x",
                                              1, 0, none), KAIJI_OK);
        kaiji_sheet_finish(sh);
    }
    doc->format = KAIJI_FORMAT_XLSX;
    cr_assert_eq(kaiji_recognize(doc, wb, v), KAIJI_OK);
    cr_assert_eq(kaiji_export_json(&json, doc), KAIJI_OK);
    kaiji_workbook_free(wb);
    kaiji_vocab_free(v);
    kaiji_document_free(doc);
    return json;
}

/* json_of() the workbook in the XLSX at path; NULL for a file that is no
 * readable workbook (samples/broken). */
static char *recognized_json(const char *path, bool pad)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long size;
    kaiji_document *wdoc = kaiji_document_new(path);
    kaiji_workbook *wb = NULL;

    cr_assert_not_null(f, "%s", path);
    cr_assert_not_null(wdoc);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    rewind(f);
    data = malloc((size_t)size + 1);
    cr_assert_not_null(data);
    cr_assert_eq(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, wdoc, data, (size_t)size, NULL), KAIJI_OK);
    kaiji_document_free(wdoc);
    free(data);
    return wb ? json_of(wb, pad) : NULL;
}

static void cell(kaiji_workbook *wb, kaiji_sheet *sh, uint32_t row, uint32_t col,
                 const char *text)
{
    kaiji_date none = { 0, 0, 0 };

    cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, col, KAIJI_CELL_STRING, text,
                                      strlen(text), 0, none), KAIJI_OK);
}

/* An MDS2 form whose edition is named only inside its item table, with a
 * label of the header and a kind clue there too, and a header field after
 * the table. */
static kaiji_workbook *mds2_edition_in_table(void)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh;

    cr_assert_not_null(wb);
    sh = kaiji_workbook_add_sheet(wb, "form", false);
    cr_assert_not_null(sh);
    cell(wb, sh, 1, 1, "Manufacturer Disclosure Statement for Medical Device Security");
    cell(wb, sh, 3, 1, "Question ID");
    cell(wb, sh, 3, 2, "Question");
    cell(wb, sh, 3, 3, "Answer");
    cell(wb, sh, 3, 4, "Note");
    cell(wb, sh, 4, 1, "DOC-1");
    cell(wb, sh, 4, 2, "Manufacturer Name");
    cell(wb, sh, 4, 3, "Example Medical Inc.");
    cell(wb, sh, 5, 1, "MPII-1");
    cell(wb, sh, 5, 2, "Does the device display personal data?");
    cell(wb, sh, 5, 3, "Yes");
    cell(wb, sh, 5, 4, "As asked by the HN 1-2013 form");
    cell(wb, sh, 6, 1, "MPII-2");
    cell(wb, sh, 6, 2, "製造業者名");
    cell(wb, sh, 6, 3, "No");
    cell(wb, sh, 6, 4, "MDS");
    cell(wb, sh, 9, 1, "Product Name");
    cell(wb, sh, 9, 2, "Scanner 9");
    return wb;
}

Test(fastpath, an_edition_named_inside_the_table_is_found_when_cells_are_put_off)
{
    char *plain = json_of(mds2_edition_in_table(), false);
    char *padded = json_of(mds2_edition_in_table(), true);

    cr_expect_str_eq(padded, plain);
    cr_expect(strstr(plain, "HN 1-2013") != NULL, "%s", plain);
    free(plain);
    free(padded);
}

Test(fastpath, putting_off_the_cells_after_the_table_header_changes_nothing, .timeout = 120)
{
    char cmd[256], *found = NULL, *list, *next;
    int files = 0;

    snprintf(cmd, sizeof cmd, "find '%s/samples' -name '*.xlsx' | sort", KAIJI_SOURCE_DIR);
    cr_assert_eq(t_run(cmd, &found), 0);
    for (list = found; *list; list = next) {
        char *plain, *padded;

        next = list + strcspn(list, "\n");
        if (*next)
            *next++ = '\0';
        plain = recognized_json(list, false);
        padded = recognized_json(list, true);
        cr_assert((plain == NULL) == (padded == NULL), "%s", list);
        if (plain) {
            cr_expect_str_eq(padded, plain, "%s", list);
            files++;
        }
        free(plain);
        free(padded);
    }
    free(found);
    cr_assert(files >= 20, "the samples are there (%d)", files);
}

/* Both readers of a reference on ref: the same answer, the same cell. */
static void same_cellref(const char *ref, size_t len)
{
    uint32_t r1 = 0, c1 = 0, r2 = 0, c2 = 0;
    bool a = kaiji_cellref_parse_n(ref, len, &r1, &c1);
    bool b = kaiji_cellref_parse_in_line(ref, len, &r2, &c2);
    cr_assert_eq(a, b, "\"%.*s\": the general parser %s it, the one in line %s it", (int)len,
                 ref, a ? "takes" : "refuses", b ? "takes" : "refuses");
    if (a)
        cr_assert(r1 == r2 && c1 == c2, "\"%.*s\": row %u col %u, in line row %u col %u",
                  (int)len, ref, r1, c1, r2, c2);
}

/* The sheets' references read in line (kaiji_cellref_parse_in_line) as the
 * general parser reads them: every string of up to five bytes of letters at
 * the ends of the alphabets, '$', digits and their neighbours, and
 * fixed-seed random ones of up to eleven bytes, mostly digits. */
Test(fastpath, cell_references_read_in_line_as_the_general_parser_reads_them)
{
    static const char alpha[] = "AZaz$019@[/:";
    static const char *const edges[] = {
        "A1", "Z1", "AA1", "ZZ1", "AAA1", "XFD1", "XFE1", "A1048576", "A1048577", "ZZ1048576",
        "A0", "A00", "A01", "A0000001", "A00000001", "A9999999", "A10000000", "ZZ9999999",
        "B12345678", "$A$1", "a1", "Ab1", "1A", "A", "", "A1 ", " A1", "AB", "A-1",
    };
    char s[12];
    size_t k = sizeof alpha - 1;

    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        same_cellref(edges[i], strlen(edges[i]));
    for (size_t len = 1; len <= 5; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= k;
        for (size_t n = 0; n < total; n++) {
            size_t v = n;
            for (size_t i = 0; i < len; i++, v /= k)
                s[i] = alpha[v % k];
            same_cellref(s, len);
        }
    }
    uint32_t seed = 16;
    for (size_t n = 0; n < 200000; n++) {
        size_t len = 1 + n % 11;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned x = (seed >> 16) % 16;
            s[i] = i < 2 && x < 8 ? (char)('A' + x * 3) : x < 12 ? (char)('0' + x % 10) : alpha[x % k];
        }
        same_cellref(s, len);
    }
}
