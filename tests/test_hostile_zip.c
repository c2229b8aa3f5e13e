/*
 * tests/test_hostile_zip.c - ZIP packages that attack the reader: bombs with
 * honest and lying sizes, ratio and part caps, parts sharing one body, too
 * many relationships, sheets or formats, entries named outside the package.
 * The two 256 MiB part-cap runs are in tests/large/ (make check-large).
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

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* =========================================================================
 * ZIP bombs, caps and entry names
 * ========================================================================= */

Test(hostile_zip, a_bomb_with_honest_sizes_is_refused_as_too_large_by_its_ratio)
{
    size_t len;
    char *sheet = h_bomb_sheet(64u << 20, 0);
    unsigned char *x = h_xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    cr_assert_lt(len, (64u << 20) / 200, "the bomb does not compress enough: %zu", len);
    doc = h_read_mem(x, len, "bomb.xlsx", NULL);
    t_expect_refused(doc, "file-too-large", 0, "honest bomb");
    cr_assert(strstr(t_first_message(doc), "ZIP bomb"), "%s", t_first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

typedef struct lie_case {
    const char *what;
    int where;             /* H_LOCAL, H_CENTRAL or both */
    int comp_is_file_size; /* the compressed size claims the whole file */
    uint32_t uncomp;       /* the uncompressed size claimed */
    const char *code;      /* expected finding */
} lie_case;

Test(hostile_zip, a_bomb_whose_headers_lie_about_its_sizes_is_still_refused)
{
    static const lie_case cases[] = {
        {"local header says 1000 bytes", H_LOCAL, 0, 1000, "file-too-large"},
        {"central directory says 1000 bytes", H_CENTRAL, 0, 1000, "file-too-large"},
        {"both headers say 1000 bytes", H_LOCAL | H_CENTRAL, 0, 1000, "file-too-large"},
        {"both headers say 0 bytes", H_LOCAL | H_CENTRAL, 0, 0, "file-too-large"},
        {"both headers say 4 GiB", H_LOCAL | H_CENTRAL, 0, 0xFFFFFFFEu, "file-too-large"},
        {"compressed size claims the whole file", H_LOCAL | H_CENTRAL, 1, 64u << 20,
         "file-too-large"},
    };
    size_t len, i;
    char *sheet = h_bomb_sheet(64u << 20, 0);
    unsigned char *orig = h_xlsx_of_sheet(sheet, &len), *x = malloc(len);

    free(sheet);
    cr_assert_not_null(x);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lie_case *c = &cases[i];
        kaiji_document *doc;
        uint32_t comp;
        memcpy(x, orig, len);
        comp = h_zip_comp_size(x, len, "xl/worksheets/sheet1.xml");
        cr_assert_gt(comp, 0);
        h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", c->where,
                        c->comp_is_file_size ? (uint32_t)len : comp, c->uncomp);
        doc = h_read_mem(x, len, "lying.xlsx", NULL);
        t_expect_refused(doc, c->code, 0, c->what);
        cr_assert(strstr(t_first_message(doc), "ZIP bomb"), "%s: %s", c->what, t_first_message(doc));
        kaiji_document_free(doc);
    }
    free(x);
    free(orig);
}

/* The compressed size is declared too.  A bomb that claims the whole file as
 * its compressed size, in a file padded with a part nobody reads, passes a
 * ratio measured against the claim.  The ratio must be measured against the
 * bytes the part can really occupy. */
Test(hostile_zip, a_bomb_claiming_the_whole_padded_file_as_its_compressed_size_is_refused)
{
    size_t len, i;
    char *sheet = h_bomb_sheet(8u << 20, 0);
    unsigned char *pad = malloc(256u << 10), *x;
    uint64_t seed = 3;
    xf_book b;
    t_xlsx *t;
    kaiji_document *doc;

    cr_assert_not_null(pad);
    h_random(pad, 256u << 10, &seed);
    /* The workbook of xlsx_of_sheet, plus the padding as an image part. */
    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = sheet;
    x = xf_book_bytes(&b, &len);
    t = t_xlsx_new();
    {
        static const char *const parts[] = {"[Content_Types].xml", "_rels/.rels",
                                            "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                            "xl/styles.xml", "xl/worksheets/sheet1.xml"};
        char path[4096];
        snprintf(path, sizeof path, "%s/padded-src.xlsx", t_tmpdir());
        t_spit(path, x, len);
        for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            size_t n;
            char *text = h_xlsx_part(path, parts[i], &n);
            t_xlsx_add_bytes(t, parts[i], text, n);
            free(text);
        }
    }
    free(x);
    t_xlsx_add_bytes(t, "xl/media/image1.bin", pad, 256u << 10);
    x = t_xlsx_bytes(t, &len);
    free(pad);
    free(sheet);
    /* Honest headers: refused by its ratio. */
    h_expect_mem(x, len, "padded-honest.xlsx", NULL, "file-too-large");
    /* Claiming the whole file (~ 260 KiB, so 8 MiB is ~ 31:1). */
    h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", H_LOCAL | H_CENTRAL, (uint32_t)len,
                    8u << 20);
    doc = h_read_mem(x, len, "padded-lying.xlsx", NULL);
    /* When read, its declared compressed size was trusted (parser/zipsafe.c
     * kaiji_zip_part_read). */
    t_expect_refused(doc, "file-too-large", 0, "the 1000:1 bomb claiming the whole file");
    kaiji_document_free(doc);
    free(x);
}

Test(hostile_zip, lying_headers_never_make_the_command_allocate_what_they_claim)
{
    size_t len;
    unsigned char *x = xf_simple(NULL, "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                       "</sheetData>", &len);
    const char *dir = t_tmpdir(), *path;
    h_run r;

    h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", H_LOCAL | H_CENTRAL, 0xFFFFFFF0u,
                    0xFFFFFFFEu);
    path = h_put(dir, "claims-4GiB.xlsx", x, len);
    h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d", r.signal);
    /* libzip reads the deflate stream to its end and checks the CRC: the
     * sizes claimed are not used, the honest content is read. */
    cr_assert_eq(r.exit_code, 1, "%s%s", r.out, r.err);
    cr_assert(h_contains(r.out, r.out_len, "\"unknown-form\""), "%s", r.out);
    cr_assert_lt(r.maxrss_kib, H_SMALL_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    h_run_free(&r);
    free(x);
}

/* The workbook's relationships once took about 260 bytes each, however many:
 * a 5 MB file of a million took 262 MiB (a 256 MiB part, about 1 GiB).  A
 * part lists at most 10,000 (1,000 sheets and their parts). */
Test(hostile_zip, a_part_listing_too_many_relationships_is_too_large)
{
    size_t n = 200000, cap = 256 + n * 96, used = 0, len;
    char *rels = malloc(cap);
    cr_assert_not_null(rels);
    used += (size_t)snprintf(rels, cap,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns="
                             "\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                             "officeDocument/2006/relationships/worksheet\" "
                             "Target=\"worksheets/sheet1.xml\"/>");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(rels + used, cap - used,
                                 "<Relationship Id=\"x%zu\" Type=\"urn:x\" Target=\"p%zu.xml\"/>",
                                 i, i);
    snprintf(rels + used, cap - used, "</Relationships>");
    unsigned char *x = xf_simple(NULL, "<sheetData/>", &len);
    size_t len2;
    char path[4096];
    snprintf(path, sizeof path, "%s/rels-src.xlsx", t_tmpdir());
    t_spit(path, x, len);
    free(x);
    x = h_xlsx_with_part(path, "xl/_rels/workbook.xml.rels", rels, strlen(rels), &len2);
    free(rels);
    h_expect_mem(x, len2, "rels-200000.xlsx", NULL, "file-too-large");
    free(x);
}

/* Each cell format looked for its number format among all of them: 200,000
 * of each (a 530 KB file) took 32 s, a million of each would take minutes.
 * The formats are sorted once. */
Test(hostile_zip, many_number_formats_and_cell_formats_are_matched_in_bounded_time)
{
    size_t n = 200000, cap = n * 96 + 512, used = 0, len;
    char *styles = malloc(cap);
    cr_assert_not_null(styles);
    used += (size_t)snprintf(styles, cap,
                             "<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
                             "spreadsheetml/2006/main\"><numFmts count=\"%zu\">", n);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(styles + used, cap - used,
                                 "<numFmt numFmtId=\"%zu\" formatCode=\"0\"/>", 200 + i);
    used += (size_t)snprintf(styles + used, cap - used, "</numFmts><cellXfs count=\"%zu\">", n);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(styles + used, cap - used, "<xf numFmtId=\"999999\"/>");
    snprintf(styles + used, cap - used, "</cellXfs></styleSheet>");
    xf_book b = {0};
    b.sheet_count = 1;
    b.styles = styles;
    b.bodies[0] = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>45382</v></c></row></sheetData>";
    unsigned char *x = xf_book_bytes(&b, &len);
    double t = h_seconds();
    kaiji_document *doc = h_read_mem(x, len, "styles.xlsx", NULL);
    t = h_seconds() - t;
    cr_assert(kaiji_document_readable(doc), "%s", t_first_message(doc));
    cr_assert_lt(t, H_QUICK_SECONDS, "took %.2f s", t);
    kaiji_document_free(doc);
    free(x);
    free(styles);
}

/* A workbook of cells cells, ten a row, every one showing the one shared
 * string: 32,000 characters (96 KB).  The file stays under 10 KB. */
static unsigned char *fanned_out_string(size_t cells, size_t *len)
{
    size_t cap = 64 + cells * 32 + (cells / 10 + 1) * 32, used = 0;
    char *body = malloc(cap), *sst = malloc(32000 * 3 + 32);
    cr_assert(body && sst);
    used += (size_t)snprintf(body, cap, "<sheetData>");
    for (size_t i = 0; i < cells; i++) {
        if (i % 10 == 0)
            used += (size_t)snprintf(body + used, cap - used, "%s<row r=\"%zu\">",
                                     i ? "</row>" : "", i / 10 + 1);
        used += (size_t)snprintf(body + used, cap - used, "<c t=\"s\"><v>0</v></c>");
    }
    snprintf(body + used, cap - used, "</row></sheetData>");
    size_t n = (size_t)sprintf(sst, "<si><t>");
    for (int i = 0; i < 32000; i++)
        n += (size_t)sprintf(sst + n, "あ");
    sprintf(sst + n, "</t></si>");
    unsigned char *x = xf_simple(sst, body, len);
    free(body);
    free(sst);
    return x;
}

/* Cells showing one long shared string each held a copy of it: an 8 KB file
 * of 20,000 such cells took 1.9 GiB.  They now share it, and the text cells
 * show from shared strings is capped at the part cap (256 MiB). */
Test(hostile_zip, one_shared_string_shown_by_many_cells_is_kept_once_and_capped)
{
    const char *dir = t_tmpdir();
    size_t len;
    unsigned char *x = fanned_out_string(20000, &len);

    cr_assert_lt(len, 16384, "the file is %zu bytes", len);
    h_run_within(h_put(dir, "fan-out-20000.xlsx", x, len), "fan-out-20000", "\"file-too-large\"",
               H_SMALL_RSS_MIB);
    free(x);
    x = fanned_out_string(2500, &len); /* 240 MB shown: under the cap, read */
    h_run_within(h_put(dir, "fan-out-2500.xlsx", x, len), "fan-out-2500", "\"unknown-form\"",
               H_SMALL_RSS_MIB);
    free(x);
}

Test(hostile_zip, a_part_inflating_past_a_small_part_cap_is_too_large)
{
    kaiji_limits lim;
    size_t len;
    char *sheet = h_bomb_sheet(4u << 20, 1);
    unsigned char *x = h_xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    kaiji_limits_init(&lim);
    doc = h_read_mem(x, len, "big.xlsx", &lim);
    cr_assert(kaiji_document_readable(doc), "refused under the defaults: %s",
              t_first_message(doc));
    kaiji_document_free(doc);
    lim.max_part_size = 1u << 20;
    doc = h_read_mem(x, len, "big.xlsx", &lim);
    t_expect_refused(doc, "file-too-large", 0, "part cap");
    cr_assert_str_eq(t_first_message(doc), "part xl/worksheets/sheet1.xml inflates past 1 MiB");
    kaiji_document_free(doc);
    free(x);
}

Test(hostile_zip, a_ratio_bomb_over_200_to_1_past_1_MiB_is_refused_and_70_to_1_is_not)
{
    size_t len;
    char *sheet = h_bomb_sheet(2u << 20, 0);
    unsigned char *x = h_xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    h_expect_mem(x, len, "ratio.xlsx", NULL, "file-too-large");
    free(x);
    /* The same size at about 70:1 is an honest big sheet. */
    sheet = h_bomb_sheet(2u << 20, 1);
    x = h_xlsx_of_sheet(sheet, &len);
    free(sheet);
    doc = h_read_mem(x, len, "honest.xlsx", NULL);
    cr_assert(kaiji_document_readable(doc), "%s", t_first_message(doc));
    kaiji_document_free(doc);
    free(x);
    /* 1000:1 under 1 MiB is allowed: the ratio applies past 1 MiB only. */
    sheet = h_bomb_sheet(900u << 10, 0);
    x = h_xlsx_of_sheet(sheet, &len);
    free(sheet);
    doc = h_read_mem(x, len, "small.xlsx", NULL);
    cr_assert(kaiji_document_readable(doc), "%s", t_first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

Test(hostile_zip, parts_sharing_one_compressed_body_are_capped_in_total)
{
    kaiji_limits lim;
    xf_book b;
    size_t len, i;
    char *sheet = h_bomb_sheet(3u << 20, 1);
    unsigned char *x;
    kaiji_document *doc;

    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 4;
    for (i = 0; i < 4; i++) {
        b.names[i] = (const char *[]){"A", "B", "C", "D"}[i];
        b.bodies[i] = i == 0 ? sheet : "<worksheet/>";
    }
    x = xf_book_bytes(&b, &len);
    free(sheet);
    /* sheets 2..4 point at sheet 1's data: 12 MiB inflated from one body. */
    h_zip_share_data(x, len, "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml");
    h_zip_share_data(x, len, "xl/worksheets/sheet3.xml", "xl/worksheets/sheet1.xml");
    h_zip_share_data(x, len, "xl/worksheets/sheet4.xml", "xl/worksheets/sheet1.xml");
    kaiji_limits_init(&lim);
    lim.max_total_size = 8u << 20;
    doc = h_read_mem(x, len, "overlap.xlsx", &lim);
    t_expect_refused(doc, "file-too-large", 0, "overlapping parts");
    cr_assert(strstr(t_first_message(doc), "in total"), "%s", t_first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

/* A workbook whose workbook.xml lists n sheets, every one pointing at the
 * one worksheet part (relationship rId1); *len its size. */
static unsigned char *book_of_repeated_sheets(size_t n, size_t *len)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets>";
    size_t cap = sizeof head + 64 * (n + 1), used = 0;
    char *wb = malloc(cap);
    cr_assert_not_null(wb);
    used += (size_t)snprintf(wb, cap, "%s", head);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(wb + used, cap - used,
                                 "<sheet name=\"S%zu\" sheetId=\"%zu\" r:id=\"rId1\"/>", i, i + 1);
    snprintf(wb + used, cap - used, "</sheets></workbook>");
    t_xlsx *t = t_xlsx_new();
    t_xlsx_add(t, "[Content_Types].xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
               "ContentType=\"application/xml\"/></Types>");
    t_xlsx_add(t, "_rels/.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    t_xlsx_add(t, "xl/workbook.xml", wb);
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas."
               "openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" "
               "t=\"inlineStr\"><is><t>製造業者名</t></is></c></row></sheetData></worksheet>");
    free(wb);
    return t_xlsx_bytes(t, len);
}

/* One sheet part listed 200,000 times was read 200,000 times (7 s, 1.6 GiB
 * for a 1 MB file); a thousand listings of one 1 MB part, 20 s and 1.4 GiB. */
Test(hostile_zip, a_workbook_listing_too_many_sheets_or_one_part_twice_is_refused)
{
    size_t len;
    unsigned char *x = book_of_repeated_sheets(200000, &len);
    h_expect_mem(x, len, "sheets-200000.xlsx", NULL, "file-too-large");
    free(x);
    x = book_of_repeated_sheets(2, &len);
    h_expect_mem(x, len, "sheets-twice.xlsx", NULL, "file-corrupt");
    free(x);
}

Test(hostile_zip, entries_named_outside_the_package_or_twice_are_unsafe)
{
    static const char *const names[] = {
        "../x", "/etc/x", "C:\\x", "C:/x", "xl/../../x", "..\\x", "xl/./../../x",
        /* the same name twice, as written, in other case, with "\\" */
        "xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.XML", "xl\\worksheets\\sheet1.xml",
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char placeholder[64];
        size_t len, n = strlen(names[i]);
        unsigned char *x;
        t_xlsx *t;
        /* libzip writes a placeholder of the same length; the name is
         * patched in after (names are outside the CRC). */
        cr_assert_lt(n, sizeof placeholder);
        memset(placeholder, 'Q', n);
        placeholder[n] = '\0';
        t = t_xlsx_new();
        t_xlsx_add(t, "[Content_Types].xml", "<Types/>");
        t_xlsx_add(t, "xl/workbook.xml", "<workbook/>");
        t_xlsx_add(t, "xl/worksheets/sheet1.xml", "<worksheet/>");
        t_xlsx_add(t, placeholder, "<x/>");
        x = t_xlsx_bytes(t, &len);
        cr_assert_eq(xf_patch(x, len, placeholder, names[i]), 2, "%s", names[i]);
        h_expect_mem(x, len, names[i], NULL, "file-unsafe");
        free(x);
    }
}
