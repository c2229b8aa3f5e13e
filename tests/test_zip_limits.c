/*
 * tests/test_zip_limits.c - the ZIP layer (parser/zipsafe.c) on its own and
 * through the XLSX reader: caps counted while inflating (per part, per file,
 * compression ratio, entry count), unsafe and duplicated entry names,
 * streaming in chunks.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/grid.h"
#include "parser/readers.h"
#include "parser/zipsafe.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* Reads data as a workbook expecting a refusal with code; returns the
 * document (the caller frees it). */
static kaiji_document *refused(const unsigned char *data, size_t len,
                               const kaiji_limits *limits, const char *code)
{
    kaiji_workbook *wb = NULL;
    kaiji_document *doc = kaiji_document_new("limits.xlsx");

    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, limits), KAIJI_OK);
    cr_assert_null(wb, "the workbook was read but should have been refused as %s", code);
    t_expect_refused(doc, code, 1, NULL);
    return doc;
}

static void readable(const unsigned char *data, size_t len, const kaiji_limits *limits)
{
    kaiji_workbook *wb = NULL;
    kaiji_document *doc = kaiji_document_new("limits.xlsx");

    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, limits), KAIJI_OK);
    cr_assert_not_null(wb, "refused: %s",
                       kaiji_document_finding_count(doc)
                           ? kaiji_finding_message(kaiji_document_finding(doc, 0))
                           : "?");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
}

static const char *message(const kaiji_document *doc)
{
    return kaiji_finding_message(kaiji_document_finding(doc, 0));
}

/* A sheet body of n rows of numbered cells: a few KiB per 100 rows. */
static char *rows(size_t n)
{
    size_t cap = n * 64 + 64, off = 0, i;
    char *s = malloc(cap);

    cr_assert_not_null(s);
    off += (size_t)snprintf(s + off, cap - off, "<sheetData>");
    for (i = 1; i <= n; i++)
        off += (size_t)snprintf(s + off, cap - off,
                                "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c></row>", i, i,
                                i * 7919 % 100003);
    snprintf(s + off, cap - off, "</sheetData>");
    return s;
}

/* A sheet body padded with n bytes of spaces: compresses about 1000:1. */
static char *padded(size_t n)
{
    char *s = malloc(n + 64);

    cr_assert_not_null(s);
    strcpy(s, "<sheetData/>");
    memset(s + strlen(s), ' ', n);
    s[12 + n] = '\0';
    return s;
}

/* ---- caps --------------------------------------------------------------- */

Test(zip_caps, a_part_inflating_past_the_part_cap_is_too_large)
{
    kaiji_limits lim;
    size_t len;
    char *body = rows(4000);
    unsigned char *x = xf_simple(NULL, body, &len);
    kaiji_document *doc;

    kaiji_limits_init(&lim);
    readable(x, len, &lim);
    lim.max_part_size = 64 * 1024;
    doc = refused(x, len, &lim, "file-too-large");
    cr_assert_str_eq(message(doc), "part xl/worksheets/sheet1.xml inflates past 64 KiB");
    kaiji_document_free(doc);
    free(x);
    free(body);
}

Test(zip_caps, parts_inflating_past_the_file_cap_together_are_too_large)
{
    kaiji_limits lim;
    xf_book b = {0};
    size_t len;
    char *body = rows(1500);
    unsigned char *x;
    kaiji_document *doc;

    b.sheet_count = 3;
    b.bodies[0] = b.bodies[1] = b.bodies[2] = body;
    b.names[0] = "A";
    b.names[1] = "B";
    b.names[2] = "C";
    x = xf_book_bytes(&b, &len);
    kaiji_limits_init(&lim);
    lim.max_part_size = strlen(body) + 4096;
    readable(x, len, &lim);
    lim.max_total_size = 2 * strlen(body) + 8192;
    doc = refused(x, len, &lim, "file-too-large");
    cr_assert(strstr(message(doc), "in total"), "%s", message(doc));
    kaiji_document_free(doc);
    free(x);
    free(body);
}

Test(zip_caps, a_zip_bomb_part_is_refused_by_its_ratio)
{
    kaiji_limits lim;
    size_t len;
    char *body = padded(4u << 20);
    unsigned char *x = xf_simple(NULL, body, &len);
    kaiji_document *doc;

    cr_assert_lt(len, (4u << 20) / 200, "the fixture does not compress enough");
    kaiji_limits_init(&lim);
    doc = refused(x, len, &lim, "file-too-large");
    cr_assert(strstr(message(doc), "xl/worksheets/sheet1.xml"), "%s", message(doc));
    cr_assert(strstr(message(doc), "200 times"), "%s", message(doc));
    kaiji_document_free(doc);
    /* The same ratio is allowed when the ratio is raised. */
    lim.max_ratio = 100000;
    readable(x, len, &lim);
    free(x);
    free(body);
}

Test(zip_caps, a_highly_compressed_small_part_is_allowed)
{
    kaiji_limits lim;
    size_t len;
    char *body = padded(512u << 10);
    unsigned char *x = xf_simple(NULL, body, &len);

    kaiji_limits_init(&lim);
    readable(x, len, &lim);
    free(x);
    free(body);
}

Test(zip_caps, a_zip_of_too_many_entries_is_too_large)
{
    kaiji_limits lim;
    size_t len;
    unsigned char *x = xf_simple(NULL, "<sheetData/>", &len);
    kaiji_document *doc;

    kaiji_limits_init(&lim);
    lim.max_zip_entries = 6;
    readable(x, len, &lim);
    lim.max_zip_entries = 5;
    doc = refused(x, len, &lim, "file-too-large");
    cr_assert_str_eq(message(doc), "the file holds more than 5 parts");
    kaiji_document_free(doc);
    free(x);
}

Test(zip_caps, zero_limits_take_the_defaults)
{
    kaiji_limits lim;
    size_t len;
    unsigned char *x = xf_simple(NULL, "<sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData>",
                                 &len);

    memset(&lim, 0, sizeof lim);
    readable(x, len, &lim);
    free(x);
}

/* ---- entry names --------------------------------------------------------- */

typedef struct name_case {
    const char *placeholder; /* written by libzip */
    const char *name;        /* patched in, same length */
} name_case;

Test(zip_names, unsafe_entry_names_are_refused)
{
    static const name_case cases[] = {
        {"xx/evil.xml", "../evil.xml"},
        {"xl/xx/xx/evil.xml", "xl/../../evil.xml"},
        {"xx\\evil.xml", "..\\evil.xml"},
        {"xetc/passwd", "/etc/passwd"},
        {"Cx/evil.xml", "C:/evil.xml"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t_xlsx *t = t_xlsx_new();
        size_t len;
        unsigned char *x;
        kaiji_document *doc;
        t_xlsx_add(t, "xl/workbook.xml", "<workbook/>");
        t_xlsx_add(t, cases[i].placeholder, "<x/>");
        x = t_xlsx_bytes(t, &len);
        cr_assert_eq(xf_patch(x, len, cases[i].placeholder, cases[i].name), 2);
        doc = refused(x, len, NULL, "file-unsafe");
        cr_assert(strstr(message(doc), cases[i].name), "%s", message(doc));
        kaiji_document_free(doc);
        free(x);
    }
}

Test(zip_names, duplicated_entry_names_are_refused)
{
    size_t len;
    unsigned char *x;
    t_xlsx *t = t_xlsx_new();
    kaiji_document *doc;

    t_xlsx_add(t, "xl/workbook.xml", "<workbook/>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml", "<worksheet/>");
    t_xlsx_add(t, "xl/worksheets/sheetZ.xml", "<worksheet><evil/></worksheet>");
    x = t_xlsx_bytes(t, &len);
    cr_assert_eq(xf_patch(x, len, "sheetZ.xml", "sheet1.xml"), 2);
    doc = refused(x, len, NULL, "file-unsafe");
    cr_assert(strstr(message(doc), "two parts"), "%s", message(doc));
    kaiji_document_free(doc);
    free(x);

    /* Part names compare without case (OPC). */
    t = t_xlsx_new();
    t_xlsx_add(t, "xl/workbook.xml", "<workbook/>");
    t_xlsx_add(t, "XL/Workbook.xml", "<workbook/>");
    x = t_xlsx_bytes(t, &len);
    doc = refused(x, len, NULL, "file-unsafe");
    kaiji_document_free(doc);
    free(x);
}

Test(zip_names, a_password_encrypted_part_is_encrypted)
{
    static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml"};
    static const char *const texts[] = {
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"};
    size_t len;
    unsigned char *x = xf_zip_encrypted(names, texts, 3, "xl/worksheets/sheet1.xml", &len);
    kaiji_document *doc = refused(x, len, NULL, "file-encrypted");

    cr_assert(strstr(message(doc), "xl/worksheets/sheet1.xml"), "%s", message(doc));
    kaiji_document_free(doc);
    free(x);
}

/* ---- the zipsafe API ---------------------------------------------------- */

typedef struct counter {
    size_t calls, bytes, stop_after;
} counter;

static int count_sink(void *ctx, const char *data, size_t len)
{
    counter *c = ctx;

    c->calls++;
    c->bytes += len;
    return c->stop_after && c->calls >= c->stop_after;
}

/* Reads the part name of zip through the part reader, handing each piece
 * to sink as the XLSX reader's parser takes it; STOPPED when sink says so. */
static kaiji_zip_status stream(kaiji_zip *zip, const char *name,
                               int (*sink)(void *, const char *, size_t), void *ctx,
                               char why[KAIJI_ZIP_WHY])
{
    static _Thread_local char buf[64 * 1024];
    kaiji_zip_part *p = NULL;
    kaiji_zip_status st = kaiji_zip_part_open(&p, zip, name, why);
    if (st != KAIJI_ZIP_OK)
        return st;
    for (;;) {
        long n = kaiji_zip_part_read(p, buf, sizeof buf);
        if (n < 0) {
            st = kaiji_zip_part_status(p, why);
            break;
        }
        if (n == 0)
            break;
        if (sink(ctx, buf, (size_t)n) != 0) {
            st = KAIJI_ZIP_STOPPED;
            break;
        }
    }
    kaiji_zip_part_close(p);
    return st;
}

static kaiji_zip *open_zip(const unsigned char *x, size_t len)
{
    kaiji_zip *zip = NULL;
    char why[KAIJI_ZIP_WHY];

    cr_assert_eq(kaiji_zip_open(&zip, x, len, NULL, why), KAIJI_ZIP_OK, "%s", why);
    cr_assert_not_null(zip);
    return zip;
}

Test(zipsafe, a_large_part_streams_in_chunks)
{
    char *big = malloc((1u << 20) + 1);
    t_xlsx *t = t_xlsx_new();
    size_t len, i;
    unsigned char *x;
    kaiji_zip *zip;
    counter c = {0, 0, 0};
    char why[KAIJI_ZIP_WHY];

    cr_assert_not_null(big);
    for (i = 0; i < (1u << 20); i++)
        big[i] = (char)('a' + (i * 7 + i / 13) % 26);
    big[1u << 20] = '\0';
    t_xlsx_add(t, "big.txt", big);
    x = t_xlsx_bytes(t, &len);
    zip = open_zip(x, len);
    cr_assert_eq(stream(zip, "big.txt", count_sink, &c, why), KAIJI_ZIP_OK, "%s", why);
    cr_assert_eq(c.bytes, 1u << 20);
    cr_assert_gt(c.calls, 1);
    c.calls = c.bytes = 0;
    c.stop_after = 2;
    cr_assert_eq(stream(zip, "big.txt", count_sink, &c, why), KAIJI_ZIP_STOPPED);
    cr_assert_eq(c.calls, 2);
    kaiji_zip_free(zip);
    free(x);
    free(big);
}

/* Appends the pieces to a fixed buffer. */
typedef struct { char text[256]; size_t len; } collected;

static int collect_sink(void *ctx, const char *data, size_t len)
{
    collected *c = ctx;
    cr_assert_lt(c->len + len, sizeof c->text);
    memcpy(c->text + c->len, data, len);
    c->len += len;
    c->text[c->len] = '\0';
    return 0;
}

Test(zipsafe, a_part_reads_back_whole_and_a_missing_one_is_named)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    unsigned char *x;
    kaiji_zip *zip;
    kaiji_zip_part *p = NULL;
    collected c = {"", 0};
    char why[KAIJI_ZIP_WHY];

    t_xlsx_add(t, "xl/workbook.xml", "<workbook>はい</workbook>");
    x = t_xlsx_bytes(t, &len);
    zip = open_zip(x, len);
    cr_assert_eq(stream(zip, "xl/workbook.xml", collect_sink, &c, why), KAIJI_ZIP_OK);
    cr_assert_str_eq(c.text, "<workbook>はい</workbook>");
    cr_assert_eq(kaiji_zip_part_open(&p, zip, "xl/missing.xml", why), KAIJI_ZIP_MISSING);
    cr_assert_null(p);
    cr_assert_str_eq(why, "the workbook has no part xl/missing.xml");
    kaiji_zip_free(zip);
    free(x);
}

Test(zipsafe, part_names_match_without_case_and_leading_slash)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    unsigned char *x;
    kaiji_zip *zip;

    t_xlsx_add(t, "xl/Workbook.xml", "<workbook/>");
    x = t_xlsx_bytes(t, &len);
    zip = open_zip(x, len);
    cr_assert(kaiji_zip_has(zip, "xl/workbook.xml"));
    cr_assert(kaiji_zip_has(zip, "/XL/WORKBOOK.XML"));
    cr_assert_not(kaiji_zip_has(zip, "xl/workbook.xm"));
    cr_assert_not(kaiji_zip_has(zip, "../xl/workbook.xml"));
    kaiji_zip_free(zip);
    free(x);
}

Test(zipsafe, the_part_cap_stops_inflating_early)
{
    kaiji_limits lim;
    char *big = padded(8u << 20);
    t_xlsx *t = t_xlsx_new();
    size_t len;
    unsigned char *x;
    kaiji_zip *zip = NULL;
    counter c = {0, 0, 0};
    char why[KAIJI_ZIP_WHY];

    t_xlsx_add(t, "big.txt", big);
    x = t_xlsx_bytes(t, &len);
    kaiji_limits_init(&lim);
    lim.max_part_size = 100 * 1024;
    lim.max_ratio = 1000000;
    cr_assert_eq(kaiji_zip_open(&zip, x, len, &lim, why), KAIJI_ZIP_OK);
    cr_assert_eq(stream(zip, "big.txt", count_sink, &c, why), KAIJI_ZIP_TOO_LARGE);
    cr_assert_leq(c.bytes, 100 * 1024, "bytes past the cap reached the sink");
    cr_assert_str_eq(why, "part big.txt inflates past 100 KiB");
    cr_assert_str_eq(kaiji_zip_status_code(KAIJI_ZIP_TOO_LARGE), "file-too-large");
    kaiji_zip_free(zip);
    free(x);
    free(big);
}

Test(zipsafe, garbage_and_empty_input_are_corrupt)
{
    static const unsigned char junk[64] = "this is not a zip archive";
    kaiji_zip *zip = (kaiji_zip *)1;
    char why[KAIJI_ZIP_WHY];

    cr_assert_eq(kaiji_zip_open(&zip, junk, sizeof junk, NULL, why), KAIJI_ZIP_CORRUPT);
    cr_assert_null(zip);
    cr_assert_neq(why[0], '\0');
    cr_assert_eq(kaiji_zip_open(&zip, NULL, 0, NULL, why), KAIJI_ZIP_CORRUPT);
    cr_assert_str_eq(kaiji_zip_status_code(KAIJI_ZIP_CORRUPT), "file-corrupt");
    kaiji_zip_free(NULL);
}

Test(zipsafe, sizes_are_written_for_people)
{
    char buf[32];

    kaiji_zip_format_size(buf, 256ull << 20);
    cr_assert_str_eq(buf, "256 MiB");
    kaiji_zip_format_size(buf, 1ull << 30);
    cr_assert_str_eq(buf, "1 GiB");
    kaiji_zip_format_size(buf, 64 * 1024);
    cr_assert_str_eq(buf, "64 KiB");
    kaiji_zip_format_size(buf, 1000);
    cr_assert_str_eq(buf, "1000 bytes");
}
