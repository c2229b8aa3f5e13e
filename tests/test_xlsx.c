/*
 * tests/test_xlsx.c - the XLSX reader (parser/xlsx.c) and the OLE sniffer
 * (parser/ole.c): every variety of cell, sheet and package real workbooks
 * come in, and every refusal.  Fixtures are built in memory
 * (tests/support/xlsx_fixtures.h).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* ---- helpers ------------------------------------------------------------ */

static const char *first_message(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_message(kaiji_document_finding(doc, 0))
               : "(no finding)";
}

/* Reads data as a workbook that must be readable; *doc is set (free it). */
static kaiji_workbook *read_ok(const unsigned char *data, size_t len, kaiji_document **doc)
{
    kaiji_limits lim;
    kaiji_workbook *wb = NULL;

    kaiji_limits_init(&lim);
    *doc = kaiji_document_new("test.xlsx");
    cr_assert_not_null(*doc);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, *doc, data, len, &lim), KAIJI_OK);
    cr_assert_not_null(wb, "the workbook was refused: %s", first_message(*doc));
    cr_assert(kaiji_document_readable(*doc));
    cr_assert_eq(kaiji_document_format(*doc), KAIJI_FORMAT_XLSX);
    return wb;
}

/* Reads data expecting a refusal with code; returns the document. */
static kaiji_document *read_refused(const unsigned char *data, size_t len,
                                    const kaiji_limits *limits, const char *code)
{
    kaiji_limits lim;
    kaiji_workbook *wb = NULL;
    kaiji_document *doc = kaiji_document_new("test.xlsx");

    kaiji_limits_init(&lim);
    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, limits ? limits : &lim), KAIJI_OK);
    cr_assert_null(wb, "the workbook was read but should have been refused as %s", code);
    t_expect_refused(doc, code, 1, NULL);
    return doc;
}

static const kaiji_cell *cell_at(const kaiji_workbook *wb, size_t sheet, const char *ref)
{
    uint32_t row, col;

    cr_assert_lt(sheet, wb->sheet_count);
    cr_assert(kaiji_cellref_parse(ref, &row, &col));
    return kaiji_sheet_cell(wb->sheets[sheet], row, col);
}

static const char *text_at(const kaiji_workbook *wb, size_t sheet, const char *ref)
{
    const kaiji_cell *c = cell_at(wb, sheet, ref);
    return c ? c->text : NULL;
}

static void expect_text(const kaiji_workbook *wb, size_t sheet, const char *ref,
                        const char *want)
{
    const char *got = text_at(wb, sheet, ref);
    cr_assert_not_null(got, "cell %s is empty, expected \"%s\"", ref, want);
    cr_assert_str_eq(got, want, "cell %s is \"%s\", expected \"%s\"", ref, got, want);
}

static unsigned char *one_sheet(const char *sst, const char *sheet_data, size_t *len)
{
    return xf_simple(sst, sheet_data, len);
}

/* ---- strings ------------------------------------------------------------ */

Test(xlsx_strings, shared_strings_give_their_text_with_rich_runs_joined_and_phonetics_dropped)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(
        "<si><t>はい</t></si>"
        "<si><r><rPr><b/></rPr><t>製造業者</t></r><r><t xml:space=\"preserve\"> 名</t></r>"
        "<rPh sb=\"0\" eb=\"4\"><t>セイゾウギョウシャ</t></rPh><phoneticPr fontId=\"1\"/></si>"
        "<si><t>Line_x000D_\ntwo_x005F_x</t></si>"
        "<si><t xml:space=\"preserve\">  spaced  </t></si>"
        "<si><t>A &amp; B &lt;C&gt;</t></si>",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
        "<c r=\"E1\" t=\"s\"><v>4</v></c></row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A1", "はい");
    expect_text(wb, 0, "B1", "製造業者 名");
    expect_text(wb, 0, "C1", "Line\r\ntwo_x");
    expect_text(wb, 0, "D1", "  spaced  ");
    expect_text(wb, 0, "E1", "A & B <C>");
    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_STRING);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_strings, text_outside_a_shared_string_and_empty_ones_change_no_other)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(
        "<t>stray</t><si><t>はい</t></si><t>stray</t><si/><si><t></t></si>"
        "<si><rPh><t>ヨミ</t></rPh></si><si><t>いいえ_x000D_</t></si><t>after</t>",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
        "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v> 0 </v></c></row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A1", "はい");
    cr_assert_null(text_at(wb, 0, "B1"));
    cr_assert_null(text_at(wb, 0, "C1"));
    cr_assert_null(text_at(wb, 0, "D1"));
    expect_text(wb, 0, "E1", "いいえ\r");
    expect_text(wb, 0, "F1", "はい");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_strings, inline_strings_are_read_without_phonetics)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\">"
        "<c r=\"A1\" t=\"inlineStr\"><is><t>対象外</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><r><t>い</t></r><r><t>いえ</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>イイエ</t></rPh></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t></t></is></c>"
        "</row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A1", "対象外");
    expect_text(wb, 0, "B1", "いいえ");
    cr_assert_null(text_at(wb, 0, "C1"));
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_strings, sheet_names_with_entities_are_decoded)
{
    xf_book b = {0};
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    b.sheet_count = 1;
    b.names[0] = "Q&amp;A &lt;回答&gt; &#x41;";
    b.bodies[0] = "<sheetData/>";
    x = xf_book_bytes(&b, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_eq(wb->sheet_count, 1);
    cr_assert_str_eq(wb->sheets[0]->name, "Q&A <回答> A");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* ---- values -------------------------------------------------------------- */

Test(xlsx_values, booleans_errors_and_cached_formula_values_are_kept)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\">"
        "<c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" t=\"b\"><v>0</v></c>"
        "<c r=\"C1\" t=\"e\"><v>#N/A</v></c>"
        "<c r=\"D1\" t=\"str\"><f>IF(A1,\"はい\",\"いいえ\")</f><v>はい</v></c>"
        "<c r=\"E1\"><f>1+2</f><v>3</v></c>"
        "<c r=\"F1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
        "<c r=\"G1\"><f>1+2</f></c>"
        "<c r=\"H1\" s=\"6\"/>"
        "</row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A1", "TRUE");
    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_BOOL);
    cr_assert_eq(cell_at(wb, 0, "A1")->number, 1.0);
    expect_text(wb, 0, "B1", "FALSE");
    expect_text(wb, 0, "C1", "#N/A");
    cr_assert_eq(cell_at(wb, 0, "C1")->type, KAIJI_CELL_ERROR);
    expect_text(wb, 0, "D1", "はい");
    cr_assert_eq(cell_at(wb, 0, "D1")->type, KAIJI_CELL_STRING);
    expect_text(wb, 0, "E1", "3");
    cr_assert_eq(cell_at(wb, 0, "E1")->type, KAIJI_CELL_NUMBER);
    cr_assert_eq(cell_at(wb, 0, "E1")->number, 3.0);
    expect_text(wb, 0, "F1", "#DIV/0!");
    cr_assert_null(text_at(wb, 0, "G1"), "a formula without a cached value is empty");
    cr_assert_null(text_at(wb, 0, "H1"), "a styled empty cell is empty");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

typedef struct number_case {
    char v[32];
    char want[32];
} number_case;

ParameterizedTestParameters(xlsx_values, numbers_read_as_their_shortest_decimal)
{
    static number_case cases[] = {
        {"3", "3"},
        {"3.0", "3"},
        {"2.5", "2.5"},
        {"2.50", "2.5"},
        {"0.1", "0.1"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"3.0000000001", "3.0000000001"},
        {"-0", "0"},
        {"1E-3", "0.001"},
        {"007", "7"},
        {"-42", "-42"},
        {"123456789012345", "123456789012345"},
        {" 12 ", "12"},
        {"0.25", "0.25"},
        {"0.0", "0"},
        {"0.000123", "0.000123"},
        {"-12.5", "-12.5"},
        {"1.", "1"},
        {"12345678901234567", "12345678901234568"},
        {"1e20", "1e+20"},
    };
    return cr_make_param_array(number_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(number_case *c, xlsx_values, numbers_read_as_their_shortest_decimal)
{
    char body[256];
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    snprintf(body, sizeof body,
             "<sheetData><row r=\"1\"><c r=\"A1\"><v>%s</v></c>"
             "<c r=\"B1\" s=\"6\"><v>%s</v></c></row></sheetData>",
             c->v, c->v);
    x = one_sheet(NULL, body, &len);
    wb = read_ok(x, len, &doc);
    expect_text(wb, 0, "A1", c->want);
    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_NUMBER);
    expect_text(wb, 0, "B1", c->want);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_values, text_in_a_number_cell_stays_text)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>abc</v></c></row></sheetData>", &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A1", "abc");
    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_STRING);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* ---- dates --------------------------------------------------------------- */

typedef struct date_case {
    int style;
    char v[32];
    int date1904;
    char want[16]; /* "" means: not a date */
} date_case;

ParameterizedTestParameters(xlsx_dates, date_formatted_numbers_give_iso_dates)
{
    static date_case cases[] = {
        {1, "45382", 0, "2024-03-31"},   /* built-in 14 */
        {2, "45382", 0, "2024-03-31"},   /* built-in 57 (ggge"年"m"月") */
        {3, "45382", 0, "2024-03-31"},   /* built-in 58 */
        {4, "45382", 0, "2024-03-31"},   /* [$-411]ggge年m月d日 */
        {5, "45382", 0, "2024-03-31"},   /* yyyy"年"m"月"d"日" */
        {1, "45382.75", 0, "2024-03-31"},/* a time of day is dropped */
        {1, "43586", 0, "2019-05-01"},   /* 令和元年 */
        {1, "43920", 1, "2024-03-31"},   /* the 1904 system */
        {4, "43920", 1, "2024-03-31"},
        {0, "45382", 0, ""},             /* General */
        {6, "45382", 0, ""},             /* 0.00 */
        {7, "45382", 0, ""},             /* #,##0"円" */
        {99, "45382", 0, ""},            /* a style the workbook does not have */
    };
    return cr_make_param_array(date_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(date_case *c, xlsx_dates, date_formatted_numbers_give_iso_dates)
{
    char body[256];
    xf_book b = {0};
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;
    const kaiji_cell *cell;

    snprintf(body, sizeof body,
             "<sheetData><row r=\"3\"><c r=\"B3\" s=\"%d\"><v>%s</v></c></row></sheetData>",
             c->style, c->v);
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = body;
    b.workbook_pr = c->date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>";
    x = xf_book_bytes(&b, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_eq(wb->date1904, c->date1904 != 0);
    cell = cell_at(wb, 0, "B3");
    cr_assert_not_null(cell);
    if (c->want[0]) {
        cr_assert_eq(cell->type, KAIJI_CELL_DATE, "style %d, %s: not a date", c->style, c->v);
        cr_assert_str_eq(cell->text, c->want);
        cr_assert_eq(cell->number, strtod(c->v, NULL));
    } else {
        cr_assert_eq(cell->type, KAIJI_CELL_NUMBER, "style %d: read as a date", c->style);
    }
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_dates, iso_date_cells_are_dates)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"d\"><v>2024-03-31T00:00:00</v></c>"
        "<c r=\"B1\" t=\"d\"><v>someday</v></c></row></sheetData>", &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_DATE);
    expect_text(wb, 0, "A1", "2024-03-31");
    cr_assert_eq(cell_at(wb, 0, "A1")->number, 45382.0);
    cr_assert_eq(cell_at(wb, 0, "A1")->date.year, 2024);
    expect_text(wb, 0, "B1", "someday");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_dates, custom_format_redefining_a_builtin_id_wins)
{
    static const char styles[] =
        "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"1\">"
        "<numFmt numFmtId=\"14\" formatCode=\"0.0\"/></numFmts>"
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
    xf_book b = {0};
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    b.sheet_count = 1;
    b.styles = styles;
    b.bodies[0] = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>45382</v></c></row></sheetData>";
    x = xf_book_bytes(&b, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_eq(cell_at(wb, 0, "A1")->type, KAIJI_CELL_NUMBER);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* One id defined twice: the later definition is the one Excel uses, here as
 * before the lookup was sorted. */
Test(xlsx_dates, the_last_definition_of_a_format_id_wins)
{
    static const char *const styles[] = {
        "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"2\">"
        "<numFmt numFmtId=\"200\" formatCode=\"0.0\"/><numFmt numFmtId=\"200\" "
        "formatCode=\"yyyy/mm/dd\"/></numFmts>"
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"200\"/></cellXfs></styleSheet>",
        "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"2\">"
        "<numFmt numFmtId=\"200\" formatCode=\"yyyy/mm/dd\"/><numFmt numFmtId=\"200\" "
        "formatCode=\"0.0\"/></numFmts>"
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"200\"/></cellXfs></styleSheet>",
    };
    static const kaiji_cell_type want[] = {KAIJI_CELL_DATE, KAIJI_CELL_NUMBER};
    for (size_t i = 0; i < 2; i++) {
        xf_book b = {0};
        size_t len;
        kaiji_document *doc;
        b.sheet_count = 1;
        b.styles = styles[i];
        b.bodies[0] = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>45382</v></c></row></sheetData>";
        unsigned char *x = xf_book_bytes(&b, &len);
        kaiji_workbook *wb = read_ok(x, len, &doc);
        cr_expect_eq(cell_at(wb, 0, "A1")->type, want[i], "styles %zu", i);
        kaiji_workbook_free(wb);
        kaiji_document_free(doc);
        free(x);
    }
}

/* ---- layout -------------------------------------------------------------- */

Test(xlsx_layout, cells_and_rows_without_r_follow_the_previous_ones)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet("<si><t>はい</t></si>",
        "<sheetData>"
        "<row r=\"2\"><c t=\"s\"><v>0</v></c><c><v>5</v></c><c r=\"E2\"><v>6</v></c><c><v>7</v></c></row>"
        "<row><c><v>8</v></c><c/><c><v>9</v></c></row>"
        "<row r=\"10\"><c><v>10</v></c></row>"
        "<row><c><v>11</v></c></row>"
        "</sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    expect_text(wb, 0, "A2", "はい");
    expect_text(wb, 0, "B2", "5");
    expect_text(wb, 0, "E2", "6");
    expect_text(wb, 0, "F2", "7");
    expect_text(wb, 0, "A3", "8");
    cr_assert_null(text_at(wb, 0, "B3"));
    expect_text(wb, 0, "C3", "9");
    expect_text(wb, 0, "A10", "10");
    expect_text(wb, 0, "A11", "11");
    cr_assert_eq(wb->sheets[0]->cell_count, 8);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_layout, merged_cells_are_kept)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>見出し</t></is></c></row></sheetData>"
        "<mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B3:B5\"/></mergeCells>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);
    const kaiji_range *m;

    cr_assert_eq(wb->sheets[0]->merge_count, 2);
    m = kaiji_sheet_merge_at(wb->sheets[0], 1, 3);
    cr_assert_not_null(m);
    cr_assert(m->row1 == 1 && m->col1 == 1 && m->row2 == 1 && m->col2 == 3);
    m = kaiji_sheet_merge_at(wb->sheets[0], 4, 2);
    cr_assert_not_null(m);
    cr_assert(m->row1 == 3 && m->row2 == 5);
    cr_assert_str_eq(kaiji_sheet_value(wb->sheets[0], 1, 2)->text, "見出し");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_layout, hidden_and_very_hidden_sheets_are_marked_in_workbook_order)
{
    xf_book b = {0};
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    b.sheet_count = 3;
    b.names[0] = "表紙";
    b.names[1] = "リスト";
    b.states[1] = "hidden";
    b.names[2] = "秘密";
    b.states[2] = "veryHidden";
    b.bodies[0] = "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>";
    b.bodies[1] = "<sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></c></row></sheetData>";
    b.bodies[2] = "<sheetData><row r=\"1\"><c r=\"A1\"><v>3</v></c></row></sheetData>";
    x = xf_book_bytes(&b, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_eq(wb->sheet_count, 3);
    cr_assert_str_eq(wb->sheets[0]->name, "表紙");
    cr_assert_not(wb->sheets[0]->hidden);
    cr_assert_str_eq(wb->sheets[1]->name, "リスト");
    cr_assert(wb->sheets[1]->hidden);
    cr_assert(wb->sheets[2]->hidden);
    expect_text(wb, 2, "A1", "3");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* ---- data validation ----------------------------------------------------- */

static void expect_list(const kaiji_workbook *wb, size_t sheet, const char *ref,
                        const char *const *want, size_t n)
{
    uint32_t row, col;
    const kaiji_validation *v;
    size_t i;

    cr_assert(kaiji_cellref_parse(ref, &row, &col));
    v = kaiji_sheet_validation_at(wb->sheets[sheet], row, col);
    cr_assert_not_null(v, "no list at %s", ref);
    cr_assert_eq(v->item_count, n, "%zu items at %s, expected %zu", v->item_count, ref, n);
    for (i = 0; i < n; i++)
        cr_assert_str_eq(v->items[i], want[i]);
}

Test(xlsx_validation, literal_range_and_named_lists_are_resolved_to_their_items)
{
    static const char *const ja[] = {"はい", "いいえ", "対象外"};
    static const char *const ja2[] = {"はい", "いいえ"};
    static const char *const en[] = {"Yes", "No"};
    static const char *const quoted[] = {"a\"b", "c"};
    xf_book b = {0};
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;
    uint32_t row, col;

    b.sheet_count = 3;
    b.names[0] = "MDS";
    b.bodies[0] =
        "<sheetData><row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>はい</t></is></c></row></sheetData>"
        "<dataValidations count=\"5\">"
        "<dataValidation type=\"list\" allowBlank=\"1\" sqref=\"C2:C10 E2\"><formula1>\"はい,いいえ,対象外\"</formula1></dataValidation>"
        "<dataValidation type=\"list\" sqref=\"D2:D10\"><formula1>Lists!$A$1:$A$3</formula1></dataValidation>"
        "<dataValidation type=\"list\" sqref=\"F2:F10\"><formula1>Answers</formula1></dataValidation>"
        "<dataValidation type=\"whole\" sqref=\"G2\"><formula1>1</formula1></dataValidation>"
        "<dataValidation type=\"list\" sqref=\"I2\"><formula1>\"a\"\"b, c\"</formula1></dataValidation>"
        "</dataValidations>"
        "<extLst><ext uri=\"{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}\" "
        "xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">"
        "<x14:dataValidations count=\"1\" xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\">"
        "<x14:dataValidation type=\"list\" allowBlank=\"1\"><x14:formula1><xm:f>'My ''Lists'''!$B$1:$B$2</xm:f>"
        "</x14:formula1><xm:sqref>H2:H10</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>";
    b.names[1] = "Lists";
    b.states[1] = "hidden";
    b.bodies[1] =
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>はい</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>いいえ</t></is></c>"
        "<c r=\"B2\" t=\"inlineStr\"><is><t>not in range</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>対象外</t></is></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>below</t></is></c></row></sheetData>";
    b.names[2] = "My &apos;Lists&apos;";
    b.bodies[2] =
        "<sheetData><row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>Yes</t></is></c></row>"
        "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>No</t></is></c></row></sheetData>";
    b.defined_names = "<definedName name=\"Answers\">Lists!$A$1:$A$2</definedName>"
                      "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">MDS!$A$1:$H$40</definedName>";
    x = xf_book_bytes(&b, &len);
    wb = read_ok(x, len, &doc);

    expect_list(wb, 0, "C5", ja, 3);
    expect_list(wb, 0, "E2", ja, 3);
    expect_list(wb, 0, "D2", ja, 3);
    expect_list(wb, 0, "F9", ja2, 2);
    expect_list(wb, 0, "H2", en, 2);
    expect_list(wb, 0, "I2", quoted, 2);
    cr_assert(kaiji_cellref_parse("G2", &row, &col));
    cr_assert_null(kaiji_sheet_validation_at(wb->sheets[0], row, col));
    cr_assert(kaiji_cellref_parse("C11", &row, &col));
    cr_assert_null(kaiji_sheet_validation_at(wb->sheets[0], row, col));
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_validation, lists_pointing_nowhere_are_ignored)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData/><dataValidations count=\"3\">"
        "<dataValidation type=\"list\" sqref=\"A1\"><formula1>Nowhere!$A$1:$A$3</formula1></dataValidation>"
        "<dataValidation type=\"list\" sqref=\"A2\"><formula1>NoSuchName</formula1></dataValidation>"
        "<dataValidation type=\"list\" sqref=\"A3\"><formula1>INDIRECT(B1)</formula1></dataValidation>"
        "</dataValidations>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    cr_assert_eq(wb->sheets[0]->validation_count, 0);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* ---- package varieties ---------------------------------------------------- */

/* A workbook whose every part uses the x: prefix; no [Content_Types].xml. */
Test(xlsx_package, prefixed_element_names_are_read)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    t_xlsx_add(t, "_rels/.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/workbook.xml", XML_DECL "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
               "<x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>");
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/sharedStrings.xml", XML_DECL "<x:sst xmlns:x=\"" NS_MAIN "\">"
               "<x:si><x:t>はい</x:t></x:si></x:sst>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml", XML_DECL "<x:worksheet xmlns:x=\"" NS_MAIN "\">"
               "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
               "<x:c r=\"B1\"><x:v>2.5</x:v></x:c></x:row></x:sheetData>"
               "<x:mergeCells><x:mergeCell ref=\"C1:D1\"/></x:mergeCells></x:worksheet>");
    x = t_xlsx_bytes(t, &len);
    wb = read_ok(x, len, &doc);
    expect_text(wb, 0, "A1", "はい");
    expect_text(wb, 0, "B1", "2.5");
    cr_assert_eq(wb->sheets[0]->merge_count, 1);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

#define S_MAIN "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define S_REL "http://purl.oclc.org/ooxml/officeDocument/relationships"

Test(xlsx_package, strict_ooxml_is_read)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    t_xlsx_add(t, "[Content_Types].xml", XML_DECL
               "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    t_xlsx_add(t, "_rels/.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" S_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" S_MAIN "\" xmlns:r=\"" S_REL "\""
               " conformance=\"strict\"><workbookPr date1904=\"true\"/>"
               "<sheets><sheet name=\"Strict\" sheetId=\"1\" r:id=\"rId1\" state=\"visible\"/></sheets></workbook>");
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" S_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "<Relationship Id=\"rId2\" Type=\"" S_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
               "<Relationship Id=\"rId3\" Type=\"" S_REL "/styles\" Target=\"styles.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/sharedStrings.xml", XML_DECL "<sst xmlns=\"" S_MAIN "\">"
               "<si><t>いいえ</t></si></sst>");
    t_xlsx_add(t, "xl/styles.xml", XML_DECL "<styleSheet xmlns=\"" S_MAIN "\">"
               "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" S_MAIN "\">"
               "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
               "<c r=\"B1\" s=\"1\"><v>43920</v></c></row></sheetData></worksheet>");
    x = t_xlsx_bytes(t, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_str_eq(wb->sheets[0]->name, "Strict");
    cr_assert(wb->date1904);
    expect_text(wb, 0, "A1", "いいえ");
    expect_text(wb, 0, "B1", "2024-03-31");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_package, absolute_and_parent_relative_targets_are_resolved)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    t_xlsx_add(t, "_rels/.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"/book/main.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "book/main.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
               "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"a\"/><sheet name=\"B\" sheetId=\"2\" r:id=\"b\"/>"
               "</sheets></workbook>");
    t_xlsx_add(t, "book/_rels/main.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"a\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
               "<Relationship Id=\"b\" Type=\"" NS_REL "/worksheet\" Target=\"../sheets/./two%20b.xml\"/>"
               "<Relationship Id=\"s\" Type=\"" NS_REL "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>"
               "<Relationship Id=\"h\" Type=\"" NS_REL "/hyperlink\" Target=\"https://example.invalid/\" TargetMode=\"External\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/sharedStrings.xml", XML_DECL "<sst xmlns=\"" NS_MAIN "\"><si><t>one</t></si></sst>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\">"
               "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>");
    t_xlsx_add(t, "sheets/two b.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\">"
               "<sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>");
    x = t_xlsx_bytes(t, &len);
    wb = read_ok(x, len, &doc);
    cr_assert_eq(wb->sheet_count, 2);
    expect_text(wb, 0, "A1", "one");
    expect_text(wb, 1, "A1", "2");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_package, a_package_without_relationships_falls_back_to_xl_workbook)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    kaiji_document *doc;
    unsigned char *x;
    kaiji_workbook *wb;

    t_xlsx_add(t, "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
               "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\">"
               "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>");
    x = t_xlsx_bytes(t, &len);
    wb = read_ok(x, len, &doc);
    expect_text(wb, 0, "A1", "1");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

/* ---- refusals ------------------------------------------------------------ */

static void expect_message(const kaiji_document *doc, const char *part)
{
    cr_assert(strstr(first_message(doc), part), "message \"%s\" lacks \"%s\"",
              first_message(doc), part);
}

Test(xlsx_refusals, bytes_that_are_not_a_zip_are_corrupt)
{
    static const unsigned char junk[] = "PK\x03\x04 this is not really a zip file at all, sorry";
    kaiji_document *doc = read_refused(junk, sizeof junk - 1, NULL, "file-corrupt");
    kaiji_document_free(doc);
    doc = read_refused(junk, 3, NULL, "file-corrupt");
    kaiji_document_free(doc);
}

Test(xlsx_refusals, a_zip_cut_short_anywhere_is_corrupt)
{
    size_t len, k;
    unsigned char *x = one_sheet("<si><t>はい</t></si>",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>", &len);
    size_t cuts[] = {len / 10, len / 4, len / 2, len * 3 / 4, len * 9 / 10, len - 22, len - 10,
                     len - 1};

    for (k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        kaiji_document *doc = read_refused(x, cuts[k], NULL, "file-corrupt");
        kaiji_document_free(doc);
    }
    free(x);
}

/* The offset of the data of the entry named name (from its local header). */
static size_t entry_data(const unsigned char *x, size_t len, const char *name)
{
    size_t n = strlen(name), i;

    for (i = 30; i + n <= len; i++) {
        if (memcmp(x + i, name, n) == 0 && memcmp(x + i - 30, "PK\x03\x04", 4) == 0) {
            size_t extra = (size_t)x[i - 2] | (size_t)x[i - 1] << 8;
            return i + n + extra;
        }
    }
    cr_assert_fail("no entry %s", name);
    return 0;
}

Test(xlsx_refusals, damaged_compressed_data_is_corrupt)
{
    size_t len, off;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>damaged damaged damaged "
        "damaged</t></is></c></row></sheetData>", &len);
    kaiji_document *doc;

    off = entry_data(x, len, "xl/worksheets/sheet1.xml");
    x[off + 4] ^= 0x5A;
    x[off + 5] ^= 0xA5;
    x[off + 6] ^= 0xFF;
    doc = read_refused(x, len, NULL, "file-corrupt");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_refusals, a_dtd_in_any_part_is_unsafe)
{
    static const char *sheet =
        XML_DECL "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
        "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
        "<is><t>&b;</t></is></c></row></sheetData></worksheet>";
    xf_book b = {0};
    size_t len;
    unsigned char *x;
    kaiji_document *doc;

    b.raw = 1;
    b.sheet_count = 1;
    b.bodies[0] = sheet;
    x = xf_book_bytes(&b, &len);
    doc = read_refused(x, len, NULL, "file-unsafe");
    expect_message(doc, "xl/worksheets/sheet1.xml");
    expect_message(doc, "DTD");
    kaiji_document_free(doc);
    free(x);

    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 1;
    b.bodies[0] = XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"/>";
    b.sst = XML_DECL "<!DOCTYPE sst SYSTEM \"http://example.invalid/sst.dtd\">"
                     "<sst xmlns=\"" NS_MAIN "\"><si><t>x</t></si></sst>";
    x = xf_book_bytes(&b, &len);
    doc = read_refused(x, len, NULL, "file-unsafe");
    expect_message(doc, "xl/sharedStrings.xml");
    kaiji_document_free(doc);
    free(x);
}

typedef struct bad_text {
    char bytes[16];
} bad_text;

ParameterizedTestParameters(xlsx_refusals, text_that_is_not_utf8_is_corrupt)
{
    static bad_text cases[] = {
        {"\xff\xfe"},          /* not UTF-8 at all */
        {"\xc0\xaf"},          /* overlong "/" */
        {"\xe3\x81"},          /* cut short */
        {"\x82\xcd\x82\xa2"},  /* はい in Shift_JIS */
        {"\xed\xa0\x80"},      /* a surrogate */
    };
    return cr_make_param_array(bad_text, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_text *c, xlsx_refusals, text_that_is_not_utf8_is_corrupt)
{
    char sst[128];
    size_t len;
    unsigned char *x;
    kaiji_document *doc;

    snprintf(sst, sizeof sst, "<si><t>ok %s ok</t></si>", c->bytes);
    x = one_sheet(sst, "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>",
                  &len);
    doc = read_refused(x, len, NULL, "file-corrupt");
    expect_message(doc, "xl/sharedStrings.xml");
    expect_message(doc, "UTF-8");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_refusals, malformed_xml_is_corrupt_with_part_and_line)
{
    size_t len;
    unsigned char *x = one_sheet(NULL,
        "\n<sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>", &len);
    kaiji_document *doc = read_refused(x, len, NULL, "file-corrupt");

    expect_message(doc, "xl/worksheets/sheet1.xml");
    expect_message(doc, "line 4");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_refusals, a_missing_shared_string_is_corrupt)
{
    const char *values[] = {"1", "-1", "x", "99999999999999999999999"};
    size_t i;

    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        char body[160];
        size_t len;
        unsigned char *x;
        kaiji_document *doc;
        snprintf(body, sizeof body,
                 "<sheetData><row r=\"1\"><c r=\"B7\" t=\"s\"><v>%s</v></c></row></sheetData>",
                 values[i]);
        x = one_sheet("<si><t>only</t></si>", body, &len);
        doc = read_refused(x, len, NULL, "file-corrupt");
        expect_message(doc, "B7");
        kaiji_document_free(doc);
        free(x);
    }
}

Test(xlsx_refusals, broken_cell_and_row_references_are_corrupt)
{
    const char *bodies[] = {
        "<sheetData><row r=\"1\"><c r=\"A0\"><v>1</v></c></row></sheetData>",
        "<sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData>",
        "<sheetData><row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row></sheetData>",
        "<sheetData><row r=\"0\"><c><v>1</v></c></row></sheetData>",
        "<sheetData><row r=\"99999999999\"><c><v>1</v></c></row></sheetData>",
    };
    size_t i;

    for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        size_t len;
        unsigned char *x = one_sheet(NULL, bodies[i], &len);
        kaiji_document *doc = read_refused(x, len, NULL, "file-corrupt");
        kaiji_document_free(doc);
        free(x);
    }
}

Test(xlsx_refusals, too_many_cells_is_too_large)
{
    kaiji_limits lim;
    size_t len;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c>"
        "</row></sheetData>", &len);
    kaiji_document *doc;

    kaiji_limits_init(&lim);
    lim.max_cells = 3;
    doc = read_refused(x, len, &lim, "file-too-large");
    expect_message(doc, "more than 3 cells");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_refusals, a_zip_that_is_not_a_workbook_is_unsupported)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    unsigned char *x;
    kaiji_document *doc;

    t_xlsx_add(t, "_rels/.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"word/document.xml\"/>"
               "</Relationships>");
    t_xlsx_add(t, "word/document.xml", XML_DECL
               "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>");
    x = t_xlsx_bytes(t, &len);
    doc = read_refused(x, len, NULL, "unsupported-format");
    kaiji_document_free(doc);
    free(x);

    t = t_xlsx_new();
    t_xlsx_add(t, "photo.txt", "not a workbook");
    x = t_xlsx_bytes(t, &len);
    doc = read_refused(x, len, NULL, "unsupported-format");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_refusals, a_sheet_whose_part_is_missing_is_corrupt)
{
    t_xlsx *t = t_xlsx_new();
    size_t len;
    unsigned char *x;
    kaiji_document *doc;

    t_xlsx_add(t, "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
               "<sheets><sheet name=\"Gone\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "</Relationships>");
    x = t_xlsx_bytes(t, &len);
    doc = read_refused(x, len, NULL, "file-corrupt");
    expect_message(doc, "Gone");
    kaiji_document_free(doc);
    free(x);
}

/* ---- lenient where other readers are ------------------------------------- */

Test(xlsx_lenient, a_shared_string_cell_with_an_empty_value_is_an_empty_cell)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet("<si><t>はい</t></si>",
        "<sheetData><row r=\"1\">"
        "<c r=\"A1\" t=\"s\"><v/></c><c r=\"B1\" t=\"s\"><v></v></c>"
        "<c r=\"C1\" t=\"s\"><v> </v></c><c r=\"D1\" t=\"s\"><v>0</v></c>"
        "</row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    cr_expect_null(cell_at(wb, 0, "A1"));
    cr_expect_null(cell_at(wb, 0, "B1"));
    cr_expect_null(cell_at(wb, 0, "C1"));
    expect_text(wb, 0, "D1", "はい");
    cr_expect_eq(kaiji_document_finding_count(doc), 0);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_lenient, empty_number_boolean_error_date_and_inline_cells_are_empty_cells)
{
    size_t len;
    kaiji_document *doc;
    unsigned char *x = one_sheet(NULL,
        "<sheetData><row r=\"1\">"
        "<c r=\"A1\"><v/></c><c r=\"B1\" t=\"n\"><v></v></c>"
        "<c r=\"C1\" t=\"b\"><v/></c><c r=\"D1\" t=\"e\"><v/></c>"
        "<c r=\"E1\" t=\"d\"><v/></c><c r=\"F1\" t=\"str\"><f>A1</f><v/></c>"
        "<c r=\"G1\" t=\"inlineStr\"/><c r=\"H1\" t=\"inlineStr\"></c>"
        "<c r=\"I1\" t=\"inlineStr\"><is/></c><c r=\"J1\" s=\"1\"><v/></c>"
        "<c r=\"K1\" t=\"b\"><v>1</v></c>"
        "</row></sheetData>",
        &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);
    const char *refs[] = {"A1", "B1", "C1", "D1", "E1", "F1", "G1", "H1", "I1", "J1"};

    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        cr_expect_null(cell_at(wb, 0, refs[i]), "cell %s is not empty", refs[i]);
    expect_text(wb, 0, "K1", "TRUE");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

#define CORE_REL "<Relationship Id=\"rIdC\" Type=\"http://schemas.openxmlformats.org/package/2006/" \
                 "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
#define CORE_HEAD XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/" \
                  "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
#define ONE_CELL "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>はい</t></is></c>" \
                 "</row></sheetData>"

/* A one-sheet book with the given extra parts (name, text pairs, NULL ended)
 * and package relationships. */
static unsigned char *book_with_parts(const char *package_rels, const char *workbook_rels,
                                      const char *const *parts, size_t *len)
{
    xf_book b;
    size_t i;

    memset(&b, 0, sizeof b);
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = ONE_CELL;
    b.package_rels = package_rels;
    b.workbook_rels = workbook_rels;
    for (i = 0; parts && parts[2 * i] && i < XF_MAX_EXTRA; i++) {
        b.extra_names[i] = parts[2 * i];
        b.extra_texts[i] = parts[2 * i + 1];
    }
    return xf_book_bytes(&b, len);
}

Test(xlsx_lenient, document_properties_give_title_subject_keywords_and_description)
{
    const char *parts[] = {
        "docProps/core.xml",
        CORE_HEAD "<dc:title>製造業者による医療情報セキュリティ開示書</dc:title>"
        "<dc:subject>MDS Ver.5.0</dc:subject><cp:keywords>JAHIS; MDS</cp:keywords>"
        "<dc:description>架空 &amp; 試験</dc:description><dc:creator>someone</dc:creator>"
        "</cp:coreProperties>",
        NULL};
    size_t len;
    kaiji_document *doc;
    unsigned char *x = book_with_parts(CORE_REL, NULL, parts, &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    cr_expect_str_eq(wb->props[KAIJI_PROP_TITLE], "製造業者による医療情報セキュリティ開示書");
    cr_expect_str_eq(wb->props[KAIJI_PROP_SUBJECT], "MDS Ver.5.0");
    cr_expect_str_eq(wb->props[KAIJI_PROP_KEYWORDS], "JAHIS; MDS");
    cr_expect_str_eq(wb->props[KAIJI_PROP_DESCRIPTION], "架空 & 試験");
    expect_text(wb, 0, "A1", "はい");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_lenient, a_missing_or_broken_part_kaiji_does_not_need_leaves_the_workbook_readable)
{
    static const char *const cases[][10] = {
        /* named by the package but missing */
        {NULL},
        /* not well-formed */
        {"docProps/core.xml", CORE_HEAD "<dc:title>MDS Ver.5.0</dc:tit", NULL},
        /* not XML at all, and other parts broken too */
        {"docProps/core.xml", "\x01\x02 garbage \xff\xfe",
         "xl/theme/theme1.xml", "<a:theme><broken", "xl/calcChain.xml", "<calcChain><c r=",
         "xl/printerSettings/printerSettings1.bin", "\x7f\x80\x81 binary"},
        /* another root, a title nested too deep */
        {"docProps/core.xml", XML_DECL "<Properties><x><title>MDS Ver.5.0</title></x></Properties>",
         NULL},
    };
    const char *wb_rels =
        "<Relationship Id=\"rIdM\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/theme\" Target=\"theme/theme1.xml\"/>"
        "<Relationship Id=\"rIdK\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/calcChain\" Target=\"calcChain.xml\"/>";

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        kaiji_document *doc;
        unsigned char *x = book_with_parts(CORE_REL, wb_rels, cases[i], &len);
        kaiji_workbook *wb = read_ok(x, len, &doc);

        expect_text(wb, 0, "A1", "はい");
        for (int k = 0; k < KAIJI_PROP__COUNT; k++)
            cr_expect_null(wb->props[k], "case %zu property %d", i, k);
        cr_expect_eq(kaiji_document_finding_count(doc), 0, "case %zu", i);
        kaiji_workbook_free(wb);
        kaiji_document_free(doc);
        free(x);
    }
}

Test(xlsx_lenient, damaged_compressed_document_properties_are_passed_over)
{
    const char *parts[] = {
        "docProps/core.xml",
        CORE_HEAD "<dc:title>製造業者による医療情報セキュリティ開示書 Ver.5.0 damaged damaged damaged"
        "</dc:title></cp:coreProperties>",
        NULL};
    size_t len, off;
    kaiji_document *doc;
    unsigned char *x = book_with_parts(CORE_REL, NULL, parts, &len);

    off = entry_data(x, len, "docProps/core.xml");
    x[off + 4] ^= 0x5A;
    x[off + 5] ^= 0xA5;
    x[off + 6] ^= 0xFF;
    kaiji_workbook *wb = read_ok(x, len, &doc);
    expect_text(wb, 0, "A1", "はい");
    cr_expect_null(wb->props[KAIJI_PROP_TITLE]);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_lenient, a_dtd_in_the_document_properties_is_still_unsafe)
{
    const char *parts[] = {
        "docProps/core.xml",
        XML_DECL "<!DOCTYPE cp:coreProperties [<!ENTITY a \"aaaaaaaa\">]>"
        "<cp:coreProperties xmlns:cp=\"x\"><title>&a;</title></cp:coreProperties>",
        NULL};
    size_t len;
    unsigned char *x = book_with_parts(CORE_REL, NULL, parts, &len);
    kaiji_document *doc = read_refused(x, len, NULL, "file-unsafe");

    expect_message(doc, "docProps/core.xml");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_lenient, long_document_properties_are_cut_on_a_character)
{
    char *core = malloc(3 * KAIJI_PROP_MAX + 512);
    size_t len, n = 0;

    cr_assert_not_null(core);
    n += (size_t)sprintf(core, "%s<dc:title>", CORE_HEAD);
    for (size_t i = 0; i < KAIJI_PROP_MAX; i++)
        n += (size_t)sprintf(core + n, "あ");
    sprintf(core + n, "</dc:title></cp:coreProperties>");
    const char *parts[] = {"docProps/core.xml", core, NULL};
    kaiji_document *doc;
    /* without a relationship: the usual part name is tried */
    unsigned char *x = book_with_parts(NULL, NULL, parts, &len);
    kaiji_workbook *wb = read_ok(x, len, &doc);

    cr_assert_not_null(wb->props[KAIJI_PROP_TITLE]);
    cr_expect_leq(strlen(wb->props[KAIJI_PROP_TITLE]), KAIJI_PROP_MAX);
    cr_expect_eq(strlen(wb->props[KAIJI_PROP_TITLE]) % 3, 0);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
    free(core);
}

/* ---- kaiji_read_xlsx ---------------------------------------------------- */

Test(xlsx_read, a_refused_workbook_leaves_an_unreadable_xlsx_document)
{
    static const unsigned char junk[] = "PK\x05\x06 broken";
    kaiji_document *doc = kaiji_document_new("bad.xlsx");

    cr_assert_eq(kaiji_read_xlsx(doc, junk, sizeof junk - 1, NULL, NULL), KAIJI_OK);
    t_expect_refused(doc, "file-corrupt", 0, NULL);
    cr_assert_eq(kaiji_document_format(doc), KAIJI_FORMAT_XLSX);
    kaiji_document_free(doc);
}

/* ---- OLE ------------------------------------------------------------------ */

static kaiji_document *read_ole(const unsigned char *data, size_t len)
{
    kaiji_document *doc = kaiji_document_new("old.xls");

    cr_assert_eq(kaiji_read_ole(doc, data, len), KAIJI_OK);
    cr_assert_not(kaiji_document_readable(doc));
    cr_assert_eq(kaiji_document_format(doc), KAIJI_FORMAT_XLS);
    return doc;
}

Test(xlsx_ole, a_legacy_workbook_is_named_as_such)
{
    static const char *const names[] = {"Workbook", "\005SummaryInformation"};
    size_t len;
    unsigned char *x = xf_ole(names, 2, 0, &len);
    kaiji_document *doc = read_ole(x, len);

    cr_assert(t_has_finding(doc, "file-legacy-xls", NULL));
    cr_assert_not(t_has_finding(doc, "file-encrypted", NULL));
    expect_message(doc, ".xlsx");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_ole, a_password_protected_workbook_is_encrypted)
{
    static const char *const names[] = {"EncryptionInfo", "EncryptedPackage"};
    size_t len;
    unsigned char *x = xf_ole(names, 2, 0, &len);
    kaiji_document *doc = read_ole(x, len);

    cr_assert(t_has_finding(doc, "file-encrypted", NULL));
    expect_message(doc, "password");
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_ole, a_legacy_workbook_mentioning_encryption_in_a_cell_is_still_legacy)
{
    static const char *const names[] = {"Workbook"};
    static const unsigned char cell[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    size_t len;
    unsigned char *x = xf_ole(names, 1, 0, &len);
    unsigned char *big = calloc(1, len + 512);
    kaiji_document *doc;

    cr_assert_not_null(big);
    memcpy(big, x, len);
    memcpy(big + len + 40, cell, sizeof cell - 1);
    doc = read_ole(big, len + 512);
    cr_assert(t_has_finding(doc, "file-legacy-xls", NULL));
    kaiji_document_free(doc);
    free(big);
    free(x);
}

Test(xlsx_ole, a_looping_directory_chain_ends)
{
    static const char *const legacy[] = {"Workbook"};
    static const char *const enc[] = {"EncryptedPackage"};
    size_t len;
    unsigned char *x = xf_ole(legacy, 1, 1, &len);
    kaiji_document *doc = read_ole(x, len);

    cr_assert(t_has_finding(doc, "file-legacy-xls", NULL));
    kaiji_document_free(doc);
    free(x);
    x = xf_ole(enc, 1, 1, &len);
    doc = read_ole(x, len);
    cr_assert(t_has_finding(doc, "file-encrypted", NULL));
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_ole, a_damaged_header_still_finds_the_encrypted_package)
{
    static const char *const enc[] = {"EncryptedPackage"};
    size_t len;
    unsigned char *x = xf_ole(enc, 1, 0, &len);
    kaiji_document *doc;

    x[0x1E] = 7; /* an impossible sector size */
    doc = read_ole(x, len);
    cr_assert(t_has_finding(doc, "file-encrypted", NULL));
    kaiji_document_free(doc);
    /* the directory sector number points past the end */
    x[0x1E] = 9;
    x[0x30] = 0xF0;
    doc = read_ole(x, len);
    cr_assert(t_has_finding(doc, "file-encrypted", NULL));
    kaiji_document_free(doc);
    free(x);
}

Test(xlsx_ole, truncated_compound_files_are_legacy_without_crashing)
{
    static const char *const legacy[] = {"Workbook"};
    size_t len, cut;
    unsigned char *x = xf_ole(legacy, 1, 0, &len);

    for (cut = 8; cut < len; cut += 61) {
        kaiji_document *doc = read_ole(x, cut);
        cr_assert(t_has_finding(doc, "file-legacy-xls", NULL));
        kaiji_document_free(doc);
    }
    free(x);
}

Test(xlsx_ole, read_memory_routes_compound_files_to_the_sniffer)
{
    static const char *const enc[] = {"EncryptionInfo", "EncryptedPackage"};
    size_t len;
    unsigned char *x = xf_ole(enc, 2, 0, &len);
    kaiji_document *doc = NULL;

    cr_assert_eq(kaiji_read_memory(&doc, x, len, "locked.xlsx", NULL), KAIJI_OK);
    cr_assert_not_null(doc);
    t_expect_refused(doc, "file-encrypted", 0, NULL);
    kaiji_document_free(doc);
    free(x);
}

/* ---- robustness ------------------------------------------------------------ */

/* A deterministic pseudo-random sequence (no global state). */
static uint32_t next_rand(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Either a workbook, or an unreadable document with exactly one finding. */
static void read_anything(const unsigned char *data, size_t len)
{
    kaiji_limits lim;
    kaiji_workbook *wb = NULL;
    kaiji_document *doc = kaiji_document_new("fuzz.xlsx");

    kaiji_limits_init(&lim);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, &lim), KAIJI_OK);
    if (wb) {
        cr_assert(kaiji_document_readable(doc));
    } else {
        cr_assert_not(kaiji_document_readable(doc));
        cr_assert_eq(kaiji_document_finding_count(doc), 1);
    }
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
}

Test(xlsx_robustness, damaged_xml_in_every_part_gives_a_workbook_or_a_finding)
{
    static const char sst[] =
        "<si><t>はい</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si><si><t>_x000D_</t></si>";
    static const char body[] =
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c s=\"4\"><v>45382</v></c>"
        "<c t=\"inlineStr\"><is><t>x</t></is></c><c t=\"b\"><v>1</v></c></row>"
        "<row><c t=\"s\"><v>2</v></c></row></sheetData>"
        "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>"
        "<dataValidations><dataValidation type=\"list\" sqref=\"C1:C9\"><formula1>\"a,b\"</formula1>"
        "</dataValidation><dataValidation type=\"list\" sqref=\"D1\"><formula1>$A$1:$A$2</formula1>"
        "</dataValidation></dataValidations>";
    static const char alphabet[] = "<>&\"'/=:;#x0 \xe3\x81\x82\xff";
    uint32_t state = 12345;
    int round;

    for (round = 0; round < 300; round++) {
        char s[sizeof sst], b[sizeof body];
        size_t len, k, n = 1 + next_rand(&state) % 4;
        unsigned char *x;
        memcpy(s, sst, sizeof sst);
        memcpy(b, body, sizeof body);
        for (k = 0; k < n; k++) {
            char c = alphabet[next_rand(&state) % (sizeof alphabet - 1)];
            if (round % 2)
                s[next_rand(&state) % (sizeof sst - 1)] = c;
            else
                b[next_rand(&state) % (sizeof body - 1)] = c;
        }
        x = one_sheet(s, b, &len);
        read_anything(x, len);
        /* and the ZIP itself damaged */
        for (k = 0; k < 3; k++)
            x[next_rand(&state) % len] ^= (unsigned char)(1 + next_rand(&state) % 255);
        read_anything(x, len);
        free(x);
    }
}

/* A workbook keeps validation lists up to KAIJI_MAX_VALIDATION_RANGES ranges
 * and _ITEMS items in all, whichever reader adds them; past that a list is
 * passed over (KAIJI_OK), never a failure. */
Test(grid_validations, lists_past_the_workbook_caps_are_not_kept)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    cr_assert_not_null(wb);
    kaiji_sheet *a = kaiji_workbook_add_sheet(wb, "A", false);
    kaiji_sheet *b = kaiji_workbook_add_sheet(wb, "B", false);
    cr_assert(a && b);
    static kaiji_range ranges[1000];
    for (size_t i = 0; i < 1000; i++)
        ranges[i] = (kaiji_range){(uint32_t)i + 1, 3, (uint32_t)i + 1, 3};
    const char *items[] = {"はい", "いいえ", "対象外"};
    size_t lists = KAIJI_MAX_VALIDATION_RANGES / 1000;
    for (size_t i = 0; i < lists; i++)
        cr_assert_eq(kaiji_sheet_add_validation(wb, i % 2 ? a : b, ranges, 1000, items, 3),
                     KAIJI_OK);
    cr_expect_eq(a->validation_count + b->validation_count, lists);
    cr_expect_eq(kaiji_sheet_add_validation(wb, a, ranges, 1, items, 3), KAIJI_OK);
    cr_expect_eq(a->validation_count + b->validation_count, lists, "the ranges are spent");
    cr_expect_eq(wb->validation_ranges, KAIJI_MAX_VALIDATION_RANGES);

    kaiji_workbook *wb2 = kaiji_workbook_new();
    kaiji_sheet *c = kaiji_workbook_add_sheet(wb2, "C", false);
    static const char *many[1000];
    for (size_t i = 0; i < 1000; i++)
        many[i] = "x";
    for (size_t i = 0; i < KAIJI_MAX_VALIDATION_ITEMS / 1000; i++)
        cr_assert_eq(kaiji_sheet_add_validation(wb2, c, ranges, 1, many, 1000), KAIJI_OK);
    cr_expect_eq(kaiji_sheet_add_validation(wb2, c, ranges, 1, items, 1), KAIJI_OK);
    cr_expect_eq(c->validation_count, KAIJI_MAX_VALIDATION_ITEMS / 1000, "the items are spent");
    kaiji_workbook_free(wb);
    kaiji_workbook_free(wb2);
}

/* kaiji_cellref names a cell the way Excel does, and reads back. */
Test(xlsx_cellref, names_cells_as_excel_does_and_reads_them_back)
{
    static const struct { uint32_t row, col; const char *ref; } cases[] = {
        {1, 1, "A1"},          {14, 3, "C14"},      {10, 26, "Z10"},
        {100, 27, "AA100"},    {7, 702, "ZZ7"},     {99, 703, "AAA99"},
        {1048576, 16384, "XFD1048576"},
    };
    char buf[16];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t row, col;
        cr_assert_str_eq(kaiji_cellref(buf, cases[i].row, cases[i].col), cases[i].ref);
        cr_assert(kaiji_cellref_parse(buf, &row, &col));
        cr_assert_eq(row, cases[i].row);
        cr_assert_eq(col, cases[i].col);
    }
    /* A row and column past Excel's still fit the 16 bytes, cut short. */
    cr_assert_str_eq(kaiji_cellref(buf, 4294967295u, 4294967295u), "MWLQKWU42949672");
}

/* A cell reference read within its length (an attribute's value is not
 * NUL-terminated), as the NUL-terminated one; what it refuses, refused. */
Test(xlsx_cellref, a_reference_of_given_length_reads_as_its_terminated_copy)
{
    static const struct {
        const char *text;
        size_t len;
        bool ok;
        uint32_t row, col;
    } cases[] = {
        {"B12X", 3, true, 12, 2},      {"$b$7", 4, true, 7, 2},
        {"XFD1048576", 10, true, 1048576, 16384},
        {"XFE1", 4, false, 0, 0},      {"A1048577", 8, false, 0, 0},
        {"A0", 2, false, 0, 0},        {"12", 2, false, 0, 0},
        {"AB", 2, false, 0, 0},        {"A1", 0, false, 0, 0},
        {"ABCD1", 5, false, 0, 0},     {"A12345678", 9, false, 0, 0},
        {"A1 ", 3, false, 0, 0},       {"A1", 1, false, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t row = 0, col = 0, row2 = 0, col2 = 0;
        char copy[32];
        snprintf(copy, sizeof copy, "%.*s", (int)cases[i].len, cases[i].text);
        bool ok = kaiji_cellref_parse_n(cases[i].text, cases[i].len, &row, &col);
        cr_expect_eq(ok, cases[i].ok, "%s (%zu bytes)", cases[i].text, cases[i].len);
        cr_expect_eq(kaiji_cellref_parse(copy, &row2, &col2), ok, "%s", copy);
        if (ok && cases[i].ok) {
            cr_expect_eq(row, cases[i].row, "%s", copy);
            cr_expect_eq(col, cases[i].col, "%s", copy);
            cr_expect(row == row2 && col == col2, "%s", copy);
        }
    }
}
