/*
 * tests/test_hostile_utf8.c - invalid UTF-8 (and Shift_JIS) in every reader,
 * and the command's outputs staying valid UTF-8 and JSON for such files.
 *
 * Part of the hostile corpus of issue 5 (tests/hostile/README.md lists every
 * case and the figures measured): every input is built here or in
 * tests/support/ from code, each case states the finding it must give and,
 * where it matters, the time and memory it may take (the bounds are in
 * tests/support/hostile.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"
#include "text/text.h"

/* =========================================================================
 * Invalid UTF-8 in every reader
 * ========================================================================= */

static const char *const bad_utf8[] = {
    "\xff",                 /* never valid */
    "\xc3\x28",             /* a lead byte without its continuation */
    "\xc0\xaf",             /* overlong "/" */
    "\xed\xa0\x80",         /* a UTF-16 surrogate */
    "\xf8\x88\x80\x80\x80", /* a five-byte form */
    "\xf4\x90\x80\x80",     /* past U+10FFFF */
    "\xe3\x81",             /* cut short */
};
#define BAD_UTF8 (sizeof bad_utf8 / sizeof bad_utf8[0])

typedef struct utf8_place {
    const char *what;
    const char *sample;
    const char *part;  /* XLSX part or NULL */
    const char *from;  /* replaced by to, %s the bad bytes */
    const char *to;
    const char *name;
    const char *code;
} utf8_place;

static const utf8_place utf8_places[] = {
    {"XLSX shared string", "mds-sds/mds-5.0-good.xlsx", "xl/sharedStrings.xml",
     "架空メディカルシステムズ株式会社", "架空%s", "sst.xlsx", "file-corrupt"},
    {"XLSX inline string", "mds-sds/mds-5.0-good.xlsx", "xl/worksheets/sheet1.xml",
     "<c r=\"C4\" t=\"s\"><v>3</v></c>", "<c r=\"C4\" t=\"inlineStr\"><is><t>x%s</t></is></c>",
     "inline.xlsx", "file-corrupt"},
    {"XLSX sheet name", "mds-sds/mds-5.0-good.xlsx", "xl/workbook.xml", "name=\"開示書\"",
     "name=\"開示%s\"", "name.xlsx", "file-corrupt"},
    {"XLSX number format", "mds-sds/mds-5.0-good.xlsx", "xl/styles.xml", "<numFmts",
     "<!-- %s --><numFmts", "styles.xlsx", "file-corrupt"},
    {"SpreadsheetML 2003", "checklist/vendor-r7-ss2003.xml", NULL, "Example Imaging Inc.",
     "Example%s", "ss2003.xml", "file-corrupt"},
    {"kaiji XML", "exchange/vendor-r7-no-without-target-date.xml", NULL,
     "架空メディカルシステムズ株式会社", "架空%s", "kaiji.xml", "file-corrupt"},
    {"parseMDS2 XML", "mds2/mds2-hn1-2019-parsemds2.xml", NULL, "Example Imaging Inc.",
     "Example%s", "mds2.xml", "file-corrupt"},
    {"kaiji JSON", "exchange/sds-5.0-good.json", NULL, "(株)サンプル医療情報", "サンプル%s",
     "kaiji.json", "file-corrupt"},
    {"CSV-like text", NULL, NULL, NULL, "製造業者名,架空%s\r\n作成日,2025/4/1\r\n", "list.csv",
     "unsupported-format"},
    {"CSV-like text named .xlsx", NULL, NULL, NULL, "製造業者名,架空%s\r\n", "list.xlsx",
     "file-corrupt"},
};

/* The bytes of place p with bad in it; *len their size. */
static unsigned char *with_bad_bytes(const utf8_place *p, const char *bad, size_t *len)
{
    char to[1024], rel[512];
    char *text, *changed;
    size_t n;
    unsigned char *x;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(to, sizeof to, p->to, bad);
#pragma GCC diagnostic pop
    if (!p->sample) {
        *len = strlen(to);
        return (unsigned char *)strdup(to);
    }
    snprintf(rel, sizeof rel, "samples/%s", p->sample);
    if (p->part)
        text = h_xlsx_part(t_src(rel), p->part, &n);
    else
        text = t_slurp(t_src(rel), &n);
    changed = h_replace(text, n, p->from, to, &n);
    free(text);
    if (!p->part) {
        *len = n;
        return (unsigned char *)changed;
    }
    x = h_xlsx_with_part(t_src(rel), p->part, changed, n, len);
    free(changed);
    return x;
}

Test(hostile_utf8, invalid_utf8_is_refused_in_every_reader)
{
    size_t i, k;

    for (i = 0; i < sizeof utf8_places / sizeof utf8_places[0]; i++) {
        const utf8_place *p = &utf8_places[i];
        for (k = 0; k < BAD_UTF8; k++) {
            size_t len;
            unsigned char *x = with_bad_bytes(p, bad_utf8[k], &len);
            kaiji_document *doc = h_read_mem(x, len, p->name, NULL);
            char what[256];
            snprintf(what, sizeof what, "%s, bad bytes #%zu", p->what, k);
            t_expect_refused(doc, p->code, 0, what);
            cr_assert(kaiji_text_utf8_valid(t_first_message(doc), strlen(t_first_message(doc))),
                      "%s: the message is not UTF-8", p->what);
            kaiji_document_free(doc);
            free(x);
        }
        /* The control: the same place with a valid character is read. */
        if (p->sample) {
            size_t len;
            unsigned char *x = with_bad_bytes(p, "\xe2\x9c\x93", &len);
            kaiji_document *doc = h_read_mem(x, len, p->name, NULL);
            cr_assert(kaiji_document_readable(doc), "%s control: %s", p->what,
                      t_first_message(doc));
            kaiji_document_free(doc);
            free(x);
        }
    }
}

Test(hostile_utf8, invalid_shift_jis_is_refused)
{
    size_t len, n;
    char *text = t_slurp(t_src("samples/mds2/mds2-hn1-2019-shift_jis.xml"), &len);
    char *bad = h_replace(text, len, "<response>", "<response>\x81\x7f", &n);

    h_expect_mem(bad, n, "sjis.xml", NULL, "file-corrupt");
    free(bad);
    free(text);
}

Test(hostile_utf8, the_command_writes_valid_utf8_and_json_for_every_bad_file)
{
    const char *dir = t_tmpdir();
    static const char *const formats[] = {"text", "json", "csv"};
    size_t i, f;

    for (i = 0; i < sizeof utf8_places / sizeof utf8_places[0]; i++) {
        size_t len;
        unsigned char *x = with_bad_bytes(&utf8_places[i], bad_utf8[i % BAD_UTF8], &len);
        char name[64];
        snprintf(name, sizeof name, "%02zu-%s", i, utf8_places[i].name);
        h_put(dir, name, x, len);
        free(x);
    }
    for (f = 0; f < 3; f++) {
        h_run r;
        h_kaiji(&r, 30, (const char *const[]){"validate", "--format", formats[f], dir, NULL});
        cr_assert_eq(r.exit_code, 1, "%s: exit %d %s", formats[f], r.exit_code, r.err);
        cr_assert(kaiji_text_utf8_valid(r.out, r.out_len), "%s output is not UTF-8", formats[f]);
        cr_assert(kaiji_text_utf8_valid(r.err, r.err_len), "stderr is not UTF-8");
        if (f == 1) {
            cJSON *root = cJSON_Parse(r.out);
            cr_assert_not_null(root, "%.300s", r.out);
            /* The .csv is not a kind of file kaiji looks for in a folder. */
            cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "documents")),
                         (int)(sizeof utf8_places / sizeof utf8_places[0]) - 1);
            cJSON_Delete(root);
        }
        h_run_free(&r);
    }
}
