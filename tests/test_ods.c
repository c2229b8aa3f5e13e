/*
 * tests/test_ods.c - the OpenDocument spreadsheet reader (parser/ods.c):
 * the grid it gives (cell types, text as shown, repeated rows and cells,
 * spans, hidden sheets, properties), detection by content, the same
 * findings as the XLSX of the same content (the .ods samples beside their
 * .xlsx), and the hostile cases tests/hostile/README.md lists under "ods"
 * with their bounds.  Packages are built in memory; the samples come from
 * samples/make_samples.py (samples/odsgen.py).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kaiji.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "catalog/catalogs.h"
#include "support/hostile.h"
#include "support/support.h"

#define MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"
#define NSDECL                                                                           \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                 \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                   \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                     \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                   \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                  \
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define CONTENT(body)                                                                    \
    HEAD "<office:document-content " NSDECL "><office:body><office:spreadsheet>" body   \
         "</office:spreadsheet></office:body></office:document-content>"
#define TABLE(name, rows) "<table:table table:name=\"" name "\">" rows "</table:table>"

/* Bounds, as tests/hostile/README.md states them. */
#define QUICK_SECONDS (H_SANITIZED ? 20.0 : 2.0)   /* one in-process read */
#define CHILD_TIMEOUT_S (H_SANITIZED ? 300u : 60u) /* alarm() on a child run */
#define SMALL_RSS_MIB (H_SANITIZED ? 400L : 64L)   /* a small hostile file */

/* ---- helpers ------------------------------------------------------------ */

/* An .ods package of content (and, when not NULL, a mimetype and a
 * manifest); *len its size.  The caller frees it. */
static unsigned char *ods_pkg(const char *mimetype, const char *content, const char *manifest,
                              size_t *len)
{
    t_xlsx *x = t_xlsx_new();
    if (mimetype)
        t_xlsx_add(x, "mimetype", mimetype);
    if (content)
        t_xlsx_add(x, "content.xml", content);
    if (manifest)
        t_xlsx_add(x, "META-INF/manifest.xml", manifest);
    return t_xlsx_bytes(x, len);
}

static unsigned char *ods_of(const char *content, size_t *len)
{
    return ods_pkg(MIMETYPE, content, NULL, len);
}

static const char *first_code(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_code(kaiji_document_finding(doc, 0))
               : "(none)";
}

static const char *first_message(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_message(kaiji_document_finding(doc, 0))
               : "(none)";
}

/* The grid of content, which must be readable; free with
 * kaiji_workbook_free(). */
static kaiji_workbook *grid_of(const char *content)
{
    size_t len;
    unsigned char *data = ods_of(content, &len);
    kaiji_document *doc = kaiji_document_new("t.ods");
    kaiji_workbook *wb = NULL;
    kaiji_limits lim;

    kaiji_limits_init(&lim);
    cr_assert_eq(kaiji_ods_workbook(&wb, doc, data, len, &lim), KAIJI_OK);
    cr_assert_not_null(wb, "unreadable: %s %s", first_code(doc), first_message(doc));
    kaiji_document_free(doc);
    free(data);
    return wb;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads data as kaiji_read_memory() does, named name (with max_ratio, when
 * not 0); within QUICK_SECONDS. */
static kaiji_document *read_limited(const void *data, size_t len, const char *name,
                                    uint32_t max_ratio)
{
    kaiji_read_options o;
    kaiji_document *doc = NULL;

    kaiji_read_options_init(&o);
    o.limits.max_ratio = max_ratio;
    double t = seconds_now();
    cr_assert_eq(kaiji_read_memory(&doc, data, len, name, &o), KAIJI_OK, "%s", name);
    t = seconds_now() - t;
    /* A bound on work, not a speed measure: under valgrind (tools/valgrind.sh)
     * everything is some fifty times slower, and only memory is checked. */
    if (!getenv("KAIJI_UNDER_VALGRIND"))
        cr_assert_lt(t, QUICK_SECONDS, "%s took %.2f s", name, t);
    cr_assert_not_null(doc);
    return doc;
}

static kaiji_document *read_named(const void *data, size_t len, const char *name)
{
    return read_limited(data, len, name, 0);
}

/* Asserts that content, packaged as an .ods, is refused with code. */
static void expect_refused(const unsigned char *data, size_t len, const char *code,
                           const char *what)
{
    kaiji_document *doc = read_named(data, len, "hostile.ods");
    cr_assert_not(kaiji_document_readable(doc), "%s: read, expected %s", what, code);
    cr_assert_str_eq(first_code(doc), code, "%s: %s (%s), expected %s", what, first_code(doc),
                     first_message(doc), code);
    kaiji_document_free(doc);
}

static const char *text_at(const kaiji_sheet *s, uint32_t row, uint32_t col)
{
    const kaiji_cell *c = kaiji_sheet_cell(s, row, col);
    return c ? c->text : NULL;
}

/* ---- cells ---------------------------------------------------------------- */

Test(ods_cells, each_value_type_gives_the_cell_an_xlsx_of_that_value_gives)
{
    kaiji_workbook *wb = grid_of(CONTENT(TABLE("S",
        "<table:table-row>"
        "<table:table-cell office:value-type=\"string\"><text:p>はい</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"float\" office:value=\"3\"><text:p>3.00</text:p>"
        "</table:table-cell>"
        "<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%"
        "</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"date\" office:date-value=\"2026-04-01\">"
        "<text:p>令和8年4月1日</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\">"
        "<text:p>TRUE</text:p></table:table-cell>"
        "<table:table-cell table:formula=\"of:=NA()\" office:value-type=\"string\" "
        "office:string-value=\"\" calcext:value-type=\"error\"><text:p>#N/A</text:p>"
        "</table:table-cell>"
        "<table:table-cell office:value-type=\"currency\" office:value=\"1234.5\">"
        "<text:p>¥1,234.5</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"date\" office:date-value=\"2025-10-05T12:00:00\">"
        "<text:p>x</text:p></table:table-cell>"
        "</table:table-row>")));
    const kaiji_sheet *s = wb->sheets[0];
    const kaiji_cell *c;

    cr_assert_str_eq(s->name, "S");
    cr_assert_str_eq(text_at(s, 1, 1), "はい");
    c = kaiji_sheet_cell(s, 1, 2);
    cr_assert(c && c->type == KAIJI_CELL_NUMBER && c->number == 3);
    cr_assert_str_eq(c->text, "3", "the value, not the shown 3.00");
    c = kaiji_sheet_cell(s, 1, 3);
    cr_assert(c && c->type == KAIJI_CELL_NUMBER);
    cr_assert_str_eq(c->text, "0.25");
    c = kaiji_sheet_cell(s, 1, 4);
    cr_assert(c && c->type == KAIJI_CELL_DATE);
    cr_assert_str_eq(c->text, "2026-04-01");
    cr_assert(c->date.year == 2026 && c->date.month == 4 && c->date.day == 1);
    cr_assert_eq(c->number, 46113.0, "the Excel serial of the date");
    c = kaiji_sheet_cell(s, 1, 5);
    cr_assert(c && c->type == KAIJI_CELL_BOOL);
    cr_assert_str_eq(c->text, "TRUE");
    c = kaiji_sheet_cell(s, 1, 6);
    cr_assert(c && c->type == KAIJI_CELL_ERROR);
    cr_assert_str_eq(c->text, "#N/A");
    cr_assert_str_eq(text_at(s, 1, 7), "1234.5");
    c = kaiji_sheet_cell(s, 1, 8);
    cr_assert(c && c->type == KAIJI_CELL_DATE && c->number == 45935.5);
    cr_assert_str_eq(c->text, "2025-10-05");
    kaiji_workbook_free(wb);
}

Test(ods_cells, text_reads_as_the_cell_shows_it)
{
    kaiji_workbook *wb = grid_of(CONTENT(TABLE("S",
        "<table:table-row>"
        "<table:table-cell><text:p>一行目</text:p><text:p>二行目</text:p></table:table-cell>"
        "<table:table-cell><text:p>a<text:s text:c=\"3\"/>b<text:s/>c<text:tab/>d"
        "<text:line-break/>e</text:p></table:table-cell>"
        "<table:table-cell><text:p><text:span>は</text:span><text:a xlink:href=\"x\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><text:span>い</text:span></text:a>"
        "</text:p></table:table-cell>"
        "<table:table-cell><office:annotation><text:p>メモ</text:p></office:annotation>"
        "<text:p>いいえ</text:p></table:table-cell>"
        "<table:table-cell><text:p>  spaced \n  out  </text:p></table:table-cell>"
        "<table:table-cell><text:p><text:ruby><text:ruby-base>製造</text:ruby-base>"
        "<text:ruby-text>せいぞう</text:ruby-text></text:ruby>業者名</text:p>"
        "<draw:frame><draw:text-box><text:p>図</text:p></draw:text-box></draw:frame>"
        "</table:table-cell>"
        "<table:table-cell office:value-type=\"string\" office:string-value=\"属性の値\"/>"
        "</table:table-row>")));
    const kaiji_sheet *s = wb->sheets[0];

    cr_assert_str_eq(text_at(s, 1, 1), "一行目\n二行目", "paragraphs joined with a line feed");
    cr_assert_str_eq(text_at(s, 1, 2), "a   b c\td\ne");
    cr_assert_str_eq(text_at(s, 1, 3), "はい", "spans and links read through");
    cr_assert_str_eq(text_at(s, 1, 4), "いいえ", "a note is not the cell's text");
    cr_assert_str_eq(text_at(s, 1, 5), "spaced out", "white space collapses as ODF says");
    cr_assert_str_eq(text_at(s, 1, 6), "製造業者名", "readings and shapes left out");
    cr_assert_str_eq(text_at(s, 1, 7), "属性の値");
    kaiji_workbook_free(wb);
}

Test(ods_cells, repeated_rows_and_cells_repeat_and_empty_ones_only_move_on)
{
    kaiji_workbook *wb = grid_of(CONTENT(TABLE("S",
        "<table:table-column table:number-columns-repeated=\"16384\"/>"
        "<table:table-row table:number-rows-repeated=\"2\">"
        "<table:table-cell table:number-columns-repeated=\"3\"><text:p>○</text:p>"
        "</table:table-cell></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"5\"><table:table-cell "
        "table:number-columns-repeated=\"16384\"/></table:table-row>"
        "<table:table-row><table:table-cell table:number-columns-repeated=\"4\"/>"
        "<table:table-cell><text:p>E8</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"16379\"/></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"1048568\"><table:table-cell "
        "table:number-columns-repeated=\"16384\"/></table:table-row>")));
    const kaiji_sheet *s = wb->sheets[0];

    cr_assert_eq(s->cell_count, 7, "6 repeated marks and E8, got %zu", s->cell_count);
    for (uint32_t r = 1; r <= 2; r++)
        for (uint32_t c = 1; c <= 3; c++)
            cr_assert_str_eq(text_at(s, r, c), "○");
    cr_assert_str_eq(text_at(s, 8, 5), "E8");
    cr_assert_eq(s->max_row, 8);
    cr_assert_eq(s->max_col, 5);
    kaiji_workbook_free(wb);
}

Test(ods_cells, spanned_cells_are_merged_ranges_and_covered_cells_hold_nothing)
{
    kaiji_workbook *wb = grid_of(CONTENT(TABLE("S",
        "<table:table-row>"
        "<table:table-cell table:number-columns-spanned=\"3\" table:number-rows-spanned=\"2\">"
        "<text:p>見出し</text:p></table:table-cell>"
        "<table:covered-table-cell table:number-columns-repeated=\"2\"><text:p>隠れた値"
        "</text:p></table:covered-table-cell>"
        "<table:table-cell><text:p>D1</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:covered-table-cell table:number-columns-repeated=\"3\"/>"
        "<table:table-cell><text:p>D2</text:p></table:table-cell></table:table-row>")));
    const kaiji_sheet *s = wb->sheets[0];
    const kaiji_range *m;

    cr_assert_eq(s->merge_count, 1);
    m = &s->merges[0];
    cr_assert(m->row1 == 1 && m->col1 == 1 && m->row2 == 2 && m->col2 == 3);
    cr_assert_str_eq(kaiji_sheet_value(s, 2, 3)->text, "見出し");
    cr_assert_null(kaiji_sheet_cell(s, 1, 2), "a covered cell's hidden content is not read");
    cr_assert_str_eq(text_at(s, 1, 4), "D1");
    cr_assert_str_eq(text_at(s, 2, 4), "D2");
    kaiji_workbook_free(wb);
}

Test(ods_cells, a_sheet_whose_table_style_is_not_displayed_is_hidden)
{
    kaiji_workbook *wb = grid_of(
        HEAD "<office:document-content " NSDECL "><office:automatic-styles>"
        "<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties "
        "table:display=\"true\"/></style:style>"
        "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties "
        "table:display=\"false\"/></style:style></office:automatic-styles>"
        "<office:body><office:spreadsheet>"
        "<table:table table:name=\"開示書\" table:style-name=\"ta1\"/>"
        "<table:table table:name=\"Lists\" table:style-name=\"ta2\"/>"
        "<table:table/>"
        "</office:spreadsheet></office:body></office:document-content>");

    cr_assert_eq(wb->sheet_count, 3);
    cr_assert_str_eq(wb->sheets[0]->name, "開示書");
    cr_assert_not(wb->sheets[0]->hidden);
    cr_assert(wb->sheets[1]->hidden);
    cr_assert_str_eq(wb->sheets[2]->name, "Sheet3", "a table without a name is named");
    kaiji_workbook_free(wb);
}

Test(ods_cells, the_document_properties_come_from_meta_xml)
{
    size_t len;
    t_xlsx *x = t_xlsx_new();
    t_xlsx_add(x, "mimetype", MIMETYPE);
    t_xlsx_add(x, "content.xml", CONTENT(TABLE("S", "")));
    t_xlsx_add(x, "meta.xml",
               HEAD "<office:document-meta "
               "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
               "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"><office:meta>"
               "<dc:title>MDS Ver.5.0</dc:title><meta:keyword>開示書</meta:keyword>"
               "</office:meta></office:document-meta>");
    unsigned char *data = t_xlsx_bytes(x, &len);
    kaiji_document *doc = kaiji_document_new("t.ods");
    kaiji_workbook *wb = NULL;

    cr_assert_eq(kaiji_ods_workbook(&wb, doc, data, len, NULL), KAIJI_OK);
    cr_assert_not_null(wb);
    cr_assert_str_eq(wb->props[KAIJI_PROP_TITLE], "MDS Ver.5.0");
    cr_assert_str_eq(wb->props[KAIJI_PROP_KEYWORDS], "開示書");
    cr_assert_null(wb->props[KAIJI_PROP_SUBJECT]);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(data);
}

/* ---- the package ------------------------------------------------------------ */

typedef struct pkg_case {
    const char *what, *mimetype, *content, *manifest, *code;
} pkg_case;

Test(ods_package, what_the_package_says_it_is_decides)
{
    static const char enc_manifest[] =
        HEAD "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
        "manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\""
        MIMETYPE "\"/><manifest:file-entry manifest:full-path=\"content.xml\" "
        "manifest:media-type=\"text/xml\"><manifest:encryption-data manifest:checksum-type="
        "\"SHA1/1K\" manifest:checksum=\"AAAA\"><manifest:algorithm manifest:algorithm-name="
        "\"Blowfish CFB\" manifest:initialisation-vector=\"AAAA\"/></manifest:encryption-data>"
        "</manifest:file-entry></manifest:manifest>";
    static const char odt_manifest[] =
        HEAD "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
        "manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type="
        "\"application/vnd.oasis.opendocument.text\"/></manifest:manifest>";
    static const char text_body[] =
        HEAD "<office:document-content " NSDECL "><office:body><office:text><text:p>x</text:p>"
        "</office:text></office:body></office:document-content>";
    const pkg_case cases[] = {
        {"a text document", "application/vnd.oasis.opendocument.text", text_body, NULL,
         "unsupported-format"},
        {"a text document told by its manifest alone", NULL, text_body, odt_manifest,
         "unsupported-format"},
        {"a spreadsheet whose content.xml is encrypted", MIMETYPE, "\x13\x37garbage",
         enc_manifest, "file-encrypted"},
        {"a spreadsheet without content.xml", MIMETYPE, NULL, NULL, "file-corrupt"},
        {"content.xml that is not XML", MIMETYPE, "PK not xml", NULL, "file-corrupt"},
        {"a body that is not a spreadsheet", MIMETYPE, text_body, NULL, "unsupported-format"},
        {"content.xml of invalid UTF-8", MIMETYPE,
         CONTENT(TABLE("S", "<table:table-row><table:table-cell><text:p>\xC3\x28</text:p>"
                            "</table:table-cell></table:table-row>")), NULL, "file-corrupt"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        unsigned char *data = ods_pkg(cases[i].mimetype, cases[i].content, cases[i].manifest,
                                      &len);
        expect_refused(data, len, cases[i].code, cases[i].what);
        free(data);
    }
}

Test(ods_package, a_spreadsheet_is_told_by_its_content_whatever_its_name)
{
    size_t len, xlen;
    unsigned char *data = ods_of(CONTENT(TABLE("S", "")), &len);
    char *xlsx = t_slurp(t_src("samples/layouts/a-standard.xlsx"), &xlen);
    const char *names[] = {"a.ods", "a.xlsx", "a", "a.ots"};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        kaiji_document *doc = read_named(data, len, names[i]);
        cr_assert(kaiji_document_readable(doc), "%s: %s", names[i], first_message(doc));
        cr_assert_str_eq(kaiji_format_name(kaiji_document_format(doc)), "ods", "%s", names[i]);
        kaiji_document_free(doc);
    }
    kaiji_document *doc = read_named(xlsx, xlen, "named-wrongly.ods");
    cr_assert_str_eq(kaiji_format_name(kaiji_document_format(doc)), "xlsx");
    kaiji_document_free(doc);
    doc = read_named("just text", 9, "not-a-zip.ods");
    cr_assert_str_eq(first_code(doc), "file-corrupt", "%s", first_message(doc));
    kaiji_document_free(doc);
    free(xlsx);
    free(data);
}

/* ---- the same findings as the XLSX ---------------------------------------------- */

/* The exchange-format JSON of the file at rel without what belongs to the
 * file (path, SHA-256, format). */
static char *export_of(const char *rel)
{
    kaiji_document *doc = t_validate(t_src(rel), "2026-11-26");
    char *json = NULL;

    cr_assert_eq(kaiji_export_json(&json, doc), KAIJI_OK);
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root);
    cJSON *source = cJSON_GetObjectItem(root, "source");
    if (source) {
        cJSON_DeleteItemFromObject(source, "path");
        cJSON_DeleteItemFromObject(source, "sha256");
        cJSON_DeleteItemFromObject(source, "format");
    }
    char *out = cJSON_PrintUnformatted(root);
    cr_assert_not_null(out);
    cJSON_Delete(root);
    free(json);
    kaiji_document_free(doc);
    return out;
}

Test(ods_same_as_xlsx, each_ods_sample_reads_as_the_xlsx_of_the_same_content)
{
    static const char *const pairs[][2] = {
        {"samples/mds-sds/mds-5.0-good.ods", "samples/mds-sds/mds-5.0-good.xlsx"},
        {"samples/mds-sds/mds-5.0-missing-answers.ods",
         "samples/mds-sds/mds-5.0-missing-answers.xlsx"},
        {"samples/checklist/vendor-r7-good.ods", "samples/checklist/vendor-r7-good.xlsx"},
        {"samples/layouts/i-opendocument.ods", "samples/layouts/b-columns-moved.xlsx"},
        {"samples/checklist/vendor-r7-ovals-one-cell.ods",
         "samples/checklist/vendor-r7-ovals-one-cell.xlsx"},
    };

    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *a = export_of(pairs[i][0]), *b = export_of(pairs[i][1]);
        cr_assert_str_eq(a, b, "%s differs from %s", pairs[i][0], pairs[i][1]);
        free(a);
        free(b);
    }
}

Test(ods_same_as_xlsx, a_folder_given_to_validate_reads_its_ods_files)
{
    char *out = NULL, cmd[8192];
    size_t len;
    char *data = t_slurp(t_src("samples/mds-sds/mds-5.0-good.ods"), &len);
    const char *dir = t_tmpdir();

    snprintf(cmd, sizeof cmd, "%s/開示書.ods", dir);
    t_spit(cmd, data, len);
    snprintf(cmd, sizeof cmd, "'%s' validate --format json --as-of 2026-11-26 '%s'",
             t_build("kaiji"), dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "開示書.ods") && strstr(out, "\"format\":\"ods\""), "%s", out);
    free(out);
    free(data);
}

/* ---- hostile ---------------------------------------------------------------- */

/* content.xml of one sheet: before, then n copies of unit, then after. */
static char *repeat_text(const char *before, const char *unit, size_t n, const char *after)
{
    size_t bl = strlen(before), ul = strlen(unit), al = strlen(after);
    char *s = malloc(bl + ul * n + al + 1), *p = s;

    cr_assert_not_null(s);
    memcpy(p, before, bl);
    p += bl;
    for (size_t i = 0; i < n; i++, p += ul)
        memcpy(p, unit, ul);
    memcpy(p, after, al);
    p[al] = '\0';
    return s;
}

#define OPEN HEAD "<office:document-content " NSDECL "><office:body><office:spreadsheet>"
#define CLOSE "</office:spreadsheet></office:body></office:document-content>"

Test(ods_hostile, counts_of_two_to_the_31_are_capped_without_allocating)
{
    /* Empty: only the position moves, to the grid's end; the cell past it
     * is not kept. */
    size_t len;
    unsigned char *data = ods_of(CONTENT(TABLE("S",
        "<table:table-row table:number-rows-repeated=\"2147483648\"><table:table-cell "
        "table:number-columns-repeated=\"2147483648\"/></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"4294967296\"/>"
        "<table:table-row><table:table-cell><text:p>beyond</text:p></table:table-cell>"
        "</table:table-row>")), &len);
    kaiji_document *doc = read_named(data, len, "empty-repeats.ods");
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(data);

    /* Holding something: the copies are counted and refused. */
    data = ods_of(CONTENT(TABLE("S",
        "<table:table-row table:number-rows-repeated=\"2147483648\"><table:table-cell "
        "table:number-columns-repeated=\"2147483648\"><text:p>x</text:p></table:table-cell>"
        "</table:table-row>")), &len);
    expect_refused(data, len, "file-too-large", "a cell repeated 2^31 x 2^31 times");
    free(data);
    data = ods_of(CONTENT(TABLE("S",
        "<table:table-row table:number-rows-repeated=\"2147483648\"><table:table-cell "
        "table:number-columns-spanned=\"2\" table:number-rows-spanned=\"2147483648\"/>"
        "</table:table-row>")), &len);
    expect_refused(data, len, "file-too-large", "a merge repeated 2^31 times");
    free(data);
}

Test(ods_hostile, deep_nesting_and_huge_text_are_refused_or_cut)
{
    size_t len;
    /* 100,000 nested spans in a cell: libxml2's depth limit. */
    char *deep = repeat_text(OPEN "<table:table><table:table-row><table:table-cell><text:p>",
                             "<text:span>", 100000, "x");
    unsigned char *data = ods_of(deep, &len);
    expect_refused(data, len, "file-corrupt", "100,000 nested spans");
    free(data);
    free(deep);

    /* One text of 20 MiB: refused before libxml2 takes it whole. */
    char *huge = repeat_text(OPEN "<table:table><table:table-row><table:table-cell><text:p>",
                             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 20u << 15,
                             "</text:p></table:table-cell></table:table-row></table:table>"
                             CLOSE);
    data = ods_of(huge, &len);
    expect_refused(data, len, "file-too-large", "a text of 20 MiB");
    free(data);
    free(huge);

    /* A text of 1,000,000 spaces written as text:s: kept to 32,767
     * characters. */
    char *spaces = repeat_text(OPEN "<table:table><table:table-row><table:table-cell><text:p>x",
                               "<text:s text:c=\"4294967295\"/>", 1000,
                               "</text:p></table:table-cell></table:table-row></table:table>"
                               CLOSE);
    data = ods_of(spaces, &len);
    kaiji_document *doc = read_named(data, len, "spaces.ods");
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(data);
    free(spaces);
}

Test(ods_hostile, a_dtd_entities_and_too_many_attributes_are_refused)
{
    static const char *const bodies[] = {
        HEAD "<!DOCTYPE office:document-content [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<office:document-content " NSDECL "><office:body><office:spreadsheet><table:table>"
        "<table:table-row><table:table-cell><text:p>&x;</text:p></table:table-cell>"
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>",
        HEAD "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;"
        "&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;"
        "&c;&c;&c;\">]><office:document-content " NSDECL "><office:body><office:spreadsheet>"
        "<table:table><table:table-row><table:table-cell><text:p>&d;&d;&d;</text:p>"
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>",
        HEAD "<!DOCTYPE d SYSTEM \"http://127.0.0.1:9/x.dtd\"><office:document-content "
        NSDECL "/>",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        size_t len;
        unsigned char *data = ods_of(bodies[i], &len);
        expect_refused(data, len, "file-unsafe", bodies[i] + 40);
        free(data);
    }
    char tag[4096] = OPEN "<table:table";
    for (int i = 0; i < 200; i++)
        snprintf(tag + strlen(tag), sizeof tag - strlen(tag), " a%d=\"\"", i);
    strcat(tag, "/>" CLOSE);
    size_t len;
    unsigned char *data = ods_of(tag, &len);
    expect_refused(data, len, "file-unsafe", "a tag of 200 attributes");
    free(data);
}

Test(ods_hostile, more_sheets_than_a_workbook_may_list_are_too_large)
{
    char *many = repeat_text(OPEN, "<table:table/>", 1001, CLOSE);
    size_t len;
    unsigned char *data = ods_of(many, &len);
    expect_refused(data, len, "file-too-large", "1,001 sheets");
    free(data);
    free(many);
}

/* Writes what the child run reads: 2^31 rows of 1,024 repeated cells each
 * holding a mark, 100,000 copies allowed before the refusal. */
static void make_repeat_bomb(const char *path)
{
    size_t len;
    unsigned char *data = ods_of(CONTENT(TABLE("S",
        "<table:table-row table:number-rows-repeated=\"2147483648\"><table:table-cell "
        "table:number-columns-repeated=\"1024\"><text:p>はい</text:p></table:table-cell>"
        "</table:table-row>")), &len);
    t_spit(path, data, len);
    free(data);
}

Test(ods_hostile, a_repeat_bomb_stays_within_the_memory_of_a_small_file)
{
    char *path = h_cached("ods-repeat-bomb-v1.ods", make_repeat_bomb);
    h_run r;

    h_kaiji(&r, CHILD_TIMEOUT_S, (const char *const[]){"validate", "--format", "json", path,
                                                         NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d", r.signal);
    cr_assert(strstr(r.out, "file-too-large"), "%.600s", r.out);
    cr_assert_lt(r.maxrss_kib, SMALL_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    fprintf(stderr, "MEASURE ods repeat bomb seconds=%.2f maxrss_kib=%ld\n", r.seconds,
            r.maxrss_kib);
    h_run_free(&r);
    free(path);
}

/* ---- data-validation lists ------------------------------------------------------ */

Test(ods_cells, list_validations_reach_the_cells_that_name_them)
{
    kaiji_workbook *wb = grid_of(CONTENT(
        "<table:content-validations>"
        "<table:content-validation table:name=\"val1\" table:condition=\"of:cell-content-is-"
        "in-list(&quot;はい&quot;;&quot;いいえ&quot;;&quot;対象外&quot;)\"/>"
        "<table:content-validation table:name=\"val2\" table:condition=\"of:cell-content-is-"
        "in-list([$'My ''list'''.$A$1:.$A$2])\"/>"
        "<table:content-validation table:name=\"val3\" table:condition=\"of:cell-content-"
        "text-length()&lt;10\"/>"
        "</table:content-validations>"
        TABLE("S", "<table:table-row table:number-rows-repeated=\"3\">"
                   "<table:table-cell table:number-columns-repeated=\"2\" "
                   "table:content-validation-name=\"val1\"/>"
                   "<table:table-cell table:content-validation-name=\"val2\"/>"
                   "<table:table-cell table:content-validation-name=\"val3\"/>"
                   "</table:table-row>")
        TABLE("My 'list'", "<table:table-row><table:table-cell><text:p>○</text:p>"
                           "</table:table-cell></table:table-row><table:table-row>"
                           "<table:table-cell><text:p>×</text:p></table:table-cell>"
                           "</table:table-row>")));
    const kaiji_sheet *s = wb->sheets[0];
    const kaiji_validation *v = kaiji_sheet_validation_at(s, 3, 2);

    cr_assert_not_null(v, "the written list covers the repeated cells");
    cr_assert_eq(v->item_count, 3);
    cr_assert_str_eq(v->items[0], "はい");
    cr_assert_str_eq(v->items[2], "対象外");
    cr_assert_eq(v->range_count, 1, "three rows of two cells are one range");
    v = kaiji_sheet_validation_at(s, 2, 3);
    cr_assert_not_null(v, "the list taken from cells of another sheet");
    cr_assert_eq(v->item_count, 2);
    cr_assert_str_eq(v->items[1], "×");
    cr_assert_null(kaiji_sheet_validation_at(s, 1, 4), "not a list");
    cr_assert_null(kaiji_sheet_validation_at(s, 4, 1));
    kaiji_workbook_free(wb);
}

Test(ods_hostile, text_made_from_a_few_bytes_is_counted_where_no_cell_shows_it)
{
    /* Each number cell collects 131,068 spaces it does not show, from 100
     * bytes: past 256 MiB collected the file is refused, quickly. */
    char *cells = repeat_text(OPEN "<table:table>",
                              "<table:table-row><table:table-cell office:value-type=\"float\" "
                              "office:value=\"1\"><text:p><text:s text:c=\"200000\"/></text:p>"
                              "</table:table-cell></table:table-row>", 3000,
                              "</table:table>" CLOSE);
    size_t len;
    unsigned char *data = ods_of(cells, &len);
    expect_refused(data, len, "file-too-large", "3,000 cells of 131,068 unseen spaces");
    free(data);
    free(cells);
}

Test(ods_hostile, many_lists_named_by_many_cells_are_read_quickly)
{
    /* 10,000 lists, then 60,000 cells each naming the last: a name is
     * found by a search, not a scan. */
    char *lists = repeat_text(OPEN "<table:content-validations>",
                              "<table:content-validation table:name=\"v\" table:condition="
                              "\"of:cell-content-is-in-list(&quot;a&quot;)\"/>", 9999,
                              "<table:content-validation table:name=\"w\" table:condition="
                              "\"of:cell-content-is-in-list([$S.$A$1:.$A$1000000])\"/>"
                              "</table:content-validations><table:table table:name=\"S\">");
    char *rows = repeat_text(lists, "<table:table-row><table:table-cell table:content-"
                                    "validation-name=\"w\"><text:p>a</text:p></table:table-cell>"
                                    "<table:table-cell/><table:table-cell table:content-"
                                    "validation-name=\"w\"/></table:table-row>",
                             30000, "</table:table>" CLOSE);
    size_t len;
    unsigned char *data = ods_of(rows, &len);
    /* Repeated text compresses past the ratio cap: lifted for this case. */
    kaiji_document *doc = read_limited(data, len, "lists.ods", 100000);
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(data);
    free(rows);
    free(lists);
}

Test(ods_same_as_xlsx, a_workbook_read_form_by_form_keeps_the_cells_of_an_ods)
{
    kaiji_catalogs *cats = NULL;
    kaiji_forms forms;

    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_read_forms(&forms, t_src("samples/checklist/vendor-r7-good.ods"), NULL,
                                  kaiji_catalogs_vocab(cats)),
                 KAIJI_OK);
    cr_assert_eq(forms.count, 1);
    cr_assert_not_null(forms.wb, "the cells stay at hand for the blank targets");
    cr_assert_str_eq(kaiji_kind_name(kaiji_document_kind(forms.docs[0])), "vendor-checklist");
    kaiji_forms_free(&forms);
    kaiji_catalogs_free(cats);
}

Test(ods_package, a_content_xml_cut_short_is_damaged_and_an_undeclared_prefix_is_not)
{
    static const char whole[] = CONTENT(TABLE("S", "<table:table-row><table:table-cell>"
                                                   "<text:p>はい</text:p></table:table-cell>"
                                                   "</table:table-row>"));
    char cut[sizeof whole];
    size_t len;

    for (size_t n = 40; n < sizeof whole - 1; n += 37) {
        memcpy(cut, whole, n);
        cut[n] = '\0';
        unsigned char *data = ods_of(cut, &len);
        expect_refused(data, len, "file-corrupt", cut);
        free(data);
    }
    kaiji_workbook *wb = grid_of(CONTENT(TABLE("S", "<table:table-row><table:table-cell>"
                                                    "<text:p>a<x:b/>c</text:p>"
                                                    "</table:table-cell></table:table-row>")));
    cr_assert_str_eq(text_at(wb->sheets[0], 1, 1), "ac");
    kaiji_workbook_free(wb);
}

/* ---- shapes ------------------------------------------------------------------ */

Test(ods_cells, a_shape_anchored_to_a_cell_is_placed_by_the_widths_of_its_columns)
{
    /* Columns of 1 in (96 px) then 2 in; rows of 0.5 in (48 px).  An ellipse
     * anchored in B2, 1.5 in wide, ending 0.5 in into C2 (one quarter of
     * it), 0.25 in tall ending at the middle of row 2. */
    kaiji_workbook *wb = grid_of(
        HEAD "<office:document-content " NSDECL " xmlns:svg=\"urn:oasis:names:tc:opendocument:"
        "xmlns:svg-compatible:1.0\"><office:automatic-styles>"
        "<style:style style:name=\"co1\" style:family=\"table-column\"><style:table-column-"
        "properties style:column-width=\"1in\"/></style:style>"
        "<style:style style:name=\"co2\" style:family=\"table-column\"><style:table-column-"
        "properties style:column-width=\"2in\"/></style:style>"
        "<style:style style:name=\"ro1\" style:family=\"table-row\"><style:table-row-"
        "properties style:row-height=\"0.5in\"/></style:style></office:automatic-styles>"
        "<office:body><office:spreadsheet><table:table table:name=\"S\">"
        "<table:table-column table:style-name=\"co1\" table:number-columns-repeated=\"2\"/>"
        "<table:table-column table:style-name=\"co2\"/>"
        "<table:table-row table:style-name=\"ro1\" table:number-rows-repeated=\"2\">"
        "<table:table-cell/></table:table-row>"
        "<table:table-row table:style-name=\"ro1\"><table:table-cell/><table:table-cell>"
        "<draw:ellipse table:end-cell-address=\"S.C3\" table:end-x=\"0.5in\" "
        "table:end-y=\"0.25in\" svg:width=\"1.5in\" svg:height=\"0.25in\" svg:x=\"1in\" "
        "svg:y=\"1in\"><text:p/></draw:ellipse><text:p>はい・いいえ</text:p></table:table-cell>"
        "<table:covered-table-cell><draw:custom-shape table:end-cell-address=\"S.C3\" "
        "table:end-x=\"1in\" table:end-y=\"0.5in\" svg:width=\"1in\" svg:height=\"0.5in\">"
        "<draw:enhanced-geometry draw:type=\"round-rectangle\"/></draw:custom-shape>"
        "</table:covered-table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>");
    const kaiji_sheet *s = wb->sheets[0];

    cr_assert_str_eq(text_at(s, 3, 2), "はい・いいえ", "the shape is not the cell's text");
    cr_assert_eq(s->shape_count, 2);
    cr_assert_str_eq(s->shapes[0].kind, "ellipse");
    cr_assert_not_null(s->shape_boxes);
    const kaiji_box *b = &s->shape_boxes[0];
    cr_assert_float_eq(b->right, 3.25, 1e-9);
    cr_assert_float_eq(b->left, 2.0, 1e-9, "1.5 in back from a quarter into C: B's left edge");
    cr_assert_float_eq(b->bottom, 3.5, 1e-9);
    cr_assert_float_eq(b->top, 3.0, 1e-9);
    cr_assert(s->shapes[0].anchor.col1 == 2 && s->shapes[0].anchor.col2 == 3);
    cr_assert_str_eq(s->shapes[1].kind, "roundRect", "a covered cell's shapes are read");
    cr_assert_eq(s->col_width_count, 2);
    cr_assert_float_eq(s->col_widths[1].px, 192.0, 1e-9);
    kaiji_workbook_free(wb);
}
