/*
 * tests/test_ovals.c - answers circled by an oval drawn over the sheet: the
 * XLSX reader's drawing parts (DrawingML anchors, VML legacy shapes, hostile
 * parts), recognition of ovals over はい / いいえ (in two cells, in one
 * printed "はい・いいえ", in per-choice columns), and the validator's
 * ambiguous-answer.  Every workbook is built here in code.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaiji.h"
#include "model/model.h"
#include "parser/choices.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "support/support.h"

/* ---- building workbooks with drawings -------------------------------- */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_XDR "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* A growing malloc'd string. */
typedef struct buf {
    char *s;
    size_t len;
} buf;

static void bprintf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0);
    b->s = realloc(b->s, b->len + (size_t)n + 1);
    cr_assert_not_null(b->s);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

/* What goes into one test workbook: one sheet, its drawing parts. */
typedef struct book {
    const char *cols;      /* "<cols>...</cols>" or NULL */
    const char *cells;     /* the <row> elements */
    const char *merges;    /* "<mergeCells>...</mergeCells>" or NULL */
    const char *drawing;   /* a whole xl/drawings/drawing1.xml, or NULL */
    const char *vml;       /* a whole xl/drawings/vmlDrawing1.vml, or NULL */
    const char *drawing_target; /* the rels target of the drawing, if not the usual */
} book;

/* The ZIP bytes of b (malloc'd). */
static unsigned char *book_bytes(const book *b, size_t *len)
{
    t_xlsx *x = t_xlsx_new();
    buf sheet = {0}, rels = {0};

    t_xlsx_add(x, "[Content_Types].xml",
               XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
               "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
               "</Types>");
    t_xlsx_add(x, "_rels/.rels",
               XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" Target=\"xl/workbook.xml\"/>"
               "</Relationships>");
    t_xlsx_add(x, "xl/workbook.xml",
               XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
               "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    t_xlsx_add(x, "xl/_rels/workbook.xml.rels",
               XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
               "<Relationship Id=\"rId1\" Type=\"" NS_R "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "</Relationships>");
    bprintf(&sheet, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
                    "<sheetFormatPr defaultRowHeight=\"15\"/>%s<sheetData>%s</sheetData>%s%s%s"
                    "</worksheet>",
            b->cols ? b->cols : "", b->cells ? b->cells : "", b->merges ? b->merges : "",
            b->drawing || b->drawing_target ? "<drawing r:id=\"rIdD\"/>" : "",
            b->vml ? "<legacyDrawing r:id=\"rIdV\"/>" : "");
    t_xlsx_add(x, "xl/worksheets/sheet1.xml", sheet.s);
    bprintf(&rels, XML_DECL "<Relationships xmlns=\"" NS_PKG "\">");
    if (b->drawing || b->drawing_target)
        bprintf(&rels, "<Relationship Id=\"rIdD\" Type=\"" NS_R "/drawing\" Target=\"%s\"/>",
                b->drawing_target ? b->drawing_target : "../drawings/drawing1.xml");
    if (b->vml)
        bprintf(&rels, "<Relationship Id=\"rIdV\" Type=\"" NS_R "/vmlDrawing\" "
                       "Target=\"../drawings/vmlDrawing1.vml\"/>");
    bprintf(&rels, "</Relationships>");
    t_xlsx_add(x, "xl/worksheets/_rels/sheet1.xml.rels", rels.s);
    if (b->drawing)
        t_xlsx_add(x, "xl/drawings/drawing1.xml", b->drawing);
    if (b->vml)
        t_xlsx_add(x, "xl/drawings/vmlDrawing1.vml", b->vml);
    free(sheet.s);
    free(rels.s);
    return t_xlsx_bytes(x, len);
}

/* An inline-string cell. */
static void cell(buf *b, const char *ref, const char *text)
{
    bprintf(b, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref, text);
}

/* An xdr:sp of geometry prst. */
static void sp(buf *b, const char *prst)
{
    bprintf(b, "<xdr:sp macro=\"\" textlink=\"\"><xdr:nvSpPr><xdr:cNvPr id=\"2\" name=\"楕円 1\"/>"
               "<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
               "<a:ext cx=\"0\" cy=\"0\"/></a:xfrm><a:prstGeom prst=\"%s\"><a:avLst/>"
               "</a:prstGeom><a:noFill/></xdr:spPr></xdr:sp>", prst);
}

/* A twoCellAnchor of one shape: zero-based columns and rows, offsets in EMU. */
/* (long long: Windows' long has 32 bits, and the anchors test 64) */
static void two_cell(buf *b, const char *prst, long long c1, long long co1, long long r1,
                     long long ro1, long long c2, long long co2, long long r2, long long ro2)
{
    bprintf(b, "<xdr:twoCellAnchor><xdr:from><xdr:col>%lld</xdr:col><xdr:colOff>%lld</xdr:colOff>"
               "<xdr:row>%lld</xdr:row><xdr:rowOff>%lld</xdr:rowOff></xdr:from>"
               "<xdr:to><xdr:col>%lld</xdr:col><xdr:colOff>%lld</xdr:colOff>"
               "<xdr:row>%lld</xdr:row><xdr:rowOff>%lld</xdr:rowOff></xdr:to>",
            c1, co1, r1, ro1, c2, co2, r2, ro2);
    sp(b, prst);
    bprintf(b, "<xdr:clientData/></xdr:twoCellAnchor>");
}

static void drawing_open(buf *b)
{
    bprintf(b, XML_DECL "<xdr:wsDr xmlns:xdr=\"" NS_XDR "\" xmlns:a=\"" NS_A "\">");
}

static void drawing_close(buf *b)
{
    bprintf(b, "</xdr:wsDr>");
}

/* Default sizes: columns 64 px = 609600 EMU, rows 15 pt = 190500 EMU. */
#define COL_EMU 609600L
#define ROW_EMU 190500L

/* An ellipse over the cell (zero-based col, row), inset a little, or over
 * the part of it from fraction f1 to f2 of its width. */
static void oval_over(buf *b, long col, long row, double f1, double f2)
{
    two_cell(b, "ellipse", col, (long)(f1 * COL_EMU) + 1000, row, 20000,
             col, (long)(f2 * COL_EMU) - 1000, row, ROW_EMU - 20000);
}

/* Reads bytes into a workbook (the document must not fail). */
static kaiji_workbook *workbook_of(const unsigned char *data, size_t len,
                                   kaiji_document **doc_out)
{
    kaiji_document *doc = kaiji_document_new("t.xlsx");
    kaiji_workbook *wb = NULL;

    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, NULL), KAIJI_OK);
    if (doc_out)
        *doc_out = doc;
    else
        kaiji_document_free(doc);
    return wb;
}

/* The code of a failed document's one finding, "" when it did not fail. */
static const char *fail_code(const unsigned char *data, size_t len)
{
    static __thread char code[64];
    kaiji_document *doc = kaiji_document_new("t.xlsx");
    kaiji_workbook *wb = NULL;

    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, data, len, NULL), KAIJI_OK);
    code[0] = '\0';
    if (!wb && kaiji_document_finding_count(doc))
        snprintf(code, sizeof code, "%s", kaiji_finding_code(kaiji_document_finding(doc, 0)));
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    return code;
}

/* ---- the reader: DrawingML -------------------------------------------- */

Test(xlsx_drawing, two_cell_anchor_gives_an_ellipse_with_its_cells_and_box)
{
    buf d = {0};
    drawing_open(&d);
    /* C4 (col 2, row 3), from a quarter to three quarters across */
    two_cell(&d, "ellipse", 2, COL_EMU / 4, 3, ROW_EMU / 2, 2, 3 * COL_EMU / 4, 3, ROW_EMU);
    drawing_close(&d);
    book b = { .cells = "<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>はい</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 1);
    cr_assert_str_eq(sh->shapes[0].kind, "ellipse");
    cr_assert_eq(sh->shapes[0].anchor.col1, 3);
    cr_assert_eq(sh->shapes[0].anchor.col2, 3);
    cr_assert_eq(sh->shapes[0].anchor.row1, 4);
    cr_assert_eq(sh->shapes[0].anchor.row2, 4, "a box ending on the row's edge stays in row 4");
    cr_assert_not_null(sh->shape_boxes);
    cr_assert_float_eq(sh->shape_boxes[0].left, 3.25, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].right, 3.75, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].top, 4.5, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].bottom, 5.0, 1e-9);
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

Test(xlsx_drawing, column_widths_and_row_heights_place_offsets)
{
    buf d = {0};
    drawing_open(&d);
    /* column B is 20 chars = 140 px wide: an offset of 70 px is its middle */
    two_cell(&d, "ellipse", 1, 70 * 9525, 1, 0, 1, 105 * 9525, 1, 30 * 12700);
    drawing_close(&d);
    book b = { .cols = "<cols><col min=\"2\" max=\"2\" width=\"20\" customWidth=\"1\"/></cols>",
               .cells = "<row r=\"2\" ht=\"40\" customHeight=\"1\"><c r=\"B2\" t=\"inlineStr\">"
                        "<is><t>はい・いいえ</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 1);
    cr_assert_float_eq(sh->shape_boxes[0].left, 2.5, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].right, 2.75, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].bottom, 2.75, 1e-9, "30 pt of a 40 pt row");
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

Test(xlsx_drawing, one_cell_and_absolute_anchors_are_placed_by_their_extent)
{
    buf d = {0};
    drawing_open(&d);
    /* from C2 + half a column, 1.5 columns wide: ends at the end of D */
    bprintf(&d, "<xdr:oneCellAnchor><xdr:from><xdr:col>2</xdr:col><xdr:colOff>%ld</xdr:colOff>"
                "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
                "<xdr:ext cx=\"%ld\" cy=\"%ld\"/>", COL_EMU / 2, 3 * COL_EMU / 2, ROW_EMU / 2);
    sp(&d, "ellipse");
    bprintf(&d, "<xdr:clientData/></xdr:oneCellAnchor>");
    /* at 2 columns and 4 rows from the top-left, one column wide */
    bprintf(&d, "<xdr:absoluteAnchor><xdr:pos x=\"%ld\" y=\"%ld\"/><xdr:ext cx=\"%ld\" cy=\"%ld\"/>",
            2 * COL_EMU, 4 * ROW_EMU, COL_EMU, ROW_EMU);
    sp(&d, "flowChartConnector");
    bprintf(&d, "<xdr:clientData/></xdr:absoluteAnchor>");
    drawing_close(&d);
    book b = { .cells = "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 2);
    cr_assert_float_eq(sh->shape_boxes[0].left, 3.5, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].right, 5.0, 1e-9);
    cr_assert_eq(sh->shapes[0].anchor.col2, 4);
    cr_assert_float_eq(sh->shape_boxes[0].bottom, 2.5, 1e-9);
    cr_assert_str_eq(sh->shapes[1].kind, "flowChartConnector");
    cr_assert_float_eq(sh->shape_boxes[1].left, 3.0, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[1].top, 5.0, 1e-9);
    cr_assert_eq(sh->shapes[1].anchor.col1, 3);
    cr_assert_eq(sh->shapes[1].anchor.col2, 3);
    cr_assert_eq(sh->shapes[1].anchor.row1, 5);
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

Test(xlsx_drawing, a_shape_in_a_group_is_placed_through_the_group_frame)
{
    buf d = {0};
    drawing_open(&d);
    /* the group covers B2:E2 (4 columns); its child frame is 0..4000; the
     * ellipse sits at 3000..4000 of it: the last column, E */
    bprintf(&d, "<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff>"
                "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>"
                "<xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>"
                "<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:grpSp><xdr:nvGrpSpPr>"
                "<xdr:cNvPr id=\"5\" name=\"g\"/><xdr:cNvGrpSpPr/></xdr:nvGrpSpPr><xdr:grpSpPr>"
                "<a:xfrm><a:off x=\"%ld\" y=\"%ld\"/><a:ext cx=\"%ld\" cy=\"%ld\"/>"
                "<a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"4000\" cy=\"1000\"/></a:xfrm></xdr:grpSpPr>"
                "<xdr:sp><xdr:nvSpPr><xdr:cNvPr id=\"6\" name=\"e\"/><xdr:cNvSpPr/></xdr:nvSpPr>"
                "<xdr:spPr><a:xfrm><a:off x=\"3000\" y=\"0\"/><a:ext cx=\"1000\" cy=\"1000\"/>"
                "</a:xfrm><a:prstGeom prst=\"ellipse\"><a:avLst/></a:prstGeom></xdr:spPr></xdr:sp>"
                "</xdr:grpSp><xdr:clientData/></xdr:twoCellAnchor>",
            COL_EMU, ROW_EMU, 4 * COL_EMU, ROW_EMU);
    drawing_close(&d);
    book b = { .cells = "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 1);
    cr_assert_float_eq(sh->shape_boxes[0].left, 5.0, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].right, 6.0, 1e-9);
    cr_assert_eq(sh->shapes[0].anchor.col1, 5);
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

Test(xlsx_drawing, alternate_content_fallback_is_not_read_twice)
{
    buf d = {0};
    drawing_open(&d);
    bprintf(&d, "<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
                "<mc:Choice Requires=\"a14\">");
    two_cell(&d, "ellipse", 1, 0, 1, 0, 2, 0, 2, 0);
    bprintf(&d, "</mc:Choice><mc:Fallback>");
    two_cell(&d, "ellipse", 1, 0, 1, 0, 2, 0, 2, 0);
    bprintf(&d, "</mc:Fallback></mc:AlternateContent>");
    drawing_close(&d);
    book b = { .cells = "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);

    cr_assert_eq(wb->sheets[0]->shape_count, 1);
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

/* ---- the reader: VML -------------------------------------------------- */

#define VML_OPEN "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" " \
    "xmlns:o=\"urn:schemas-microsoft-com:office:office\" " \
    "xmlns:x=\"urn:schemas-microsoft-com:office:excel\">" \
    "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout>"

Test(xlsx_vml, legacy_ovals_are_read_and_comment_boxes_are_not)
{
    /* an oval over C3 (offsets in pixels: 16 of 64 to 48 of 64), a shape of
     * the oval type over D3, and a comment's text box */
    book b = {
        .cells = "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>はい</t></is></c></row>",
        .vml = VML_OPEN
               "<v:shapetype id=\"_x0000_t3\" coordsize=\"21600,21600\" o:spt=\"3\" path=\"al10800,10800,10800,10800@0,23592960xe\"/>"
               "<v:oval id=\"_x0000_s1025\" style=\"position:absolute\" filled=\"f\">"
               "<x:ClientData ObjectType=\"Drawing\"><x:Anchor>\n 2, 16, 2, 2, 2, 48, 2, 18</x:Anchor>"
               "</x:ClientData></v:oval>"
               "<v:shape id=\"_x0000_s1026\" type=\"#_x0000_t3\" filled=\"f\">"
               "<x:ClientData ObjectType=\"Drawing\"><x:Anchor>3, 0, 2, 0, 4, 0, 3, 0</x:Anchor>"
               "</x:ClientData></v:shape>"
               "<v:shape id=\"_x0000_s1027\" type=\"#_x0000_t202\" fillcolor=\"#ffffe1\">"
               "<x:ClientData ObjectType=\"Note\"><x:Anchor>1, 15, 0, 2, 3, 15, 4, 16</x:Anchor>"
               "<x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>",
    };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 2);
    cr_assert_str_eq(sh->shapes[0].kind, "ellipse");
    cr_assert_float_eq(sh->shape_boxes[0].left, 3.25, 1e-9);
    cr_assert_float_eq(sh->shape_boxes[0].right, 3.75, 1e-9);
    cr_assert_eq(sh->shapes[0].anchor.row1, 3);
    cr_assert_str_eq(sh->shapes[1].kind, "ellipse");
    cr_assert_eq(sh->shapes[1].anchor.col1, 4);
    cr_assert_eq(sh->shapes[1].anchor.col2, 4);
    kaiji_workbook_free(wb);
    free(data);
}

Test(xlsx_vml, a_damaged_vml_part_is_passed_over)
{
    book b = {
        .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>はい</t></is></c></row>",
        .vml = VML_OPEN "<v:oval><x:ClientData><x:Anchor>0,0,0,0,1,0,1,0</x:Anchor>"
               "</x:ClientData></v:oval><div><br></div>",
    };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);

    cr_assert_not_null(wb, "the workbook is read");
    cr_assert_eq(wb->sheets[0]->cell_count, 1);
    cr_assert_eq(wb->sheets[0]->shape_count, 1, "shapes before the damage are kept");
    kaiji_workbook_free(wb);
    free(data);
}

/* ---- the reader: hostile drawings ------------------------------------ */

Test(xlsx_drawing_hostile, a_dtd_in_a_drawing_part_is_refused)
{
    buf d = {0};
    bprintf(&d, XML_DECL "<!DOCTYPE wsDr [<!ENTITY e \"x\">]><xdr:wsDr xmlns:xdr=\"" NS_XDR
                "\" xmlns:a=\"" NS_A "\">");
    two_cell(&d, "ellipse", 1, 0, 1, 0, 2, 0, 2, 0);
    drawing_close(&d);
    book b = { .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);

    cr_assert_str_eq(fail_code(data, len), "file-unsafe");
    free(data);
    free(d.s);

    book v = { .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .vml = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e \"x\">]><xml>&e;</xml>" };
    data = book_bytes(&v, &len);
    cr_assert_str_eq(fail_code(data, len), "file-unsafe", "also in a VML part");
    free(data);
}

Test(xlsx_drawing_hostile, a_broken_drawing_part_is_reported_and_a_missing_one_is_not)
{
    book b = { .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = XML_DECL "<xdr:wsDr xmlns:xdr=\"" NS_XDR "\"><xdr:twoCellAnchor>" };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);

    cr_assert_str_eq(fail_code(data, len), "file-corrupt");
    free(data);

    book m = { .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing_target = "../drawings/nowhere.xml" };
    data = book_bytes(&m, &len);
    cr_assert_str_eq(fail_code(data, len), "");
    free(data);

    book out = { .cells = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
                 .drawing_target = "../../../../etc/passwd" };
    data = book_bytes(&out, &len);
    cr_assert_str_eq(fail_code(data, len), "", "a target outside the package is no part");
    free(data);
}

Test(xlsx_drawing_hostile, huge_negative_and_malformed_anchors_stay_on_the_sheet)
{
    buf d = {0};
    drawing_open(&d);
    two_cell(&d, "ellipse", 99999999, 0, 2000000000, 0, 99999999, 5, 2000000000, 5);
    two_cell(&d, "ellipse", -5, -999999999, -7, -1, -1, -1, -1, -1);
    two_cell(&d, "ellipse", 2, 9000000000000000000LL, 2, 1, 3, 1, 3, 1);
    bprintf(&d, "<xdr:twoCellAnchor><xdr:from><xdr:col>1e99</xdr:col><xdr:colOff>NaN</xdr:colOff>"
                "<xdr:row>-</xdr:row><xdr:rowOff></xdr:rowOff></xdr:from><xdr:to><xdr:col>"
                "99999999999999999999999999</xdr:col></xdr:to>");
    sp(&d, "ellipse");
    bprintf(&d, "<xdr:clientData/></xdr:twoCellAnchor>");
    bprintf(&d, "<xdr:oneCellAnchor><xdr:from><xdr:col>16383</xdr:col><xdr:colOff>0</xdr:colOff>"
                "<xdr:row>1048575</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
                "<xdr:ext cx=\"1e300\" cy=\"-5\"/>");
    sp(&d, "ellipse");
    bprintf(&d, "<xdr:clientData/></xdr:oneCellAnchor>");
    bprintf(&d, "<xdr:absoluteAnchor><xdr:pos x=\"999999999999999999\" y=\"-1\"/>"
                "<xdr:ext cx=\"99999999999999\" cy=\"99999999999999\"/>");
    sp(&d, "ellipse");
    bprintf(&d, "<xdr:clientData/></xdr:absoluteAnchor>");
    drawing_close(&d);
    book b = { .cols = "<cols><col min=\"1\" max=\"16384\" width=\"1e308\"/>"
                       "<col min=\"3\" max=\"2\" width=\"-4\"/><col min=\"0\" max=\"99999\" width=\"3\"/></cols>",
               .cells = "<row r=\"1\" ht=\"1e309\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
               .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    const kaiji_sheet *sh = wb->sheets[0];

    cr_assert_eq(sh->shape_count, 6);
    for (size_t i = 0; i < sh->shape_count; i++) {
        const kaiji_range *a = &sh->shapes[i].anchor;
        const kaiji_box *x = &sh->shape_boxes[i];
        cr_assert(a->col1 >= 1 && a->col1 <= a->col2 && a->col2 <= 16384, "shape %zu cols", i);
        cr_assert(a->row1 >= 1 && a->row1 <= a->row2 && a->row2 <= 1048576, "shape %zu rows", i);
        cr_assert(isfinite(x->left) && isfinite(x->right) && isfinite(x->top) &&
                  isfinite(x->bottom), "shape %zu box", i);
        cr_assert(x->left >= 1 && x->left <= x->right && x->right <= 16385, "shape %zu box", i);
        cr_assert(x->top >= 1 && x->top <= x->bottom && x->bottom <= 1048577, "shape %zu box", i);
    }
    kaiji_workbook_free(wb);
    free(data);
    free(d.s);
}

Test(xlsx_drawing_hostile, thousands_of_shapes_are_capped)
{
    buf d = {0}, cells = {0};
    drawing_open(&d);
    for (int i = 0; i < 5000; i++)
        two_cell(&d, i % 2 ? "ellipse" : "roundRect", i % 7, 1000, 3 + i % 50, 0,
                 i % 7, 400000, 3 + i % 50, 100000);
    drawing_close(&d);
    bprintf(&cells, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>サービス事業者による医療情報セキュリティ開示書</t></is></c></row>"
                    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>No.</t></is></c>"
                    "<c r=\"B3\" t=\"inlineStr\"><is><t>確認事項</t></is></c>"
                    "<c r=\"C3\" t=\"inlineStr\"><is><t>回答</t></is></c></row>");
    for (int r = 4; r < 54; r++)
        bprintf(&cells, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\" t=\"inlineStr\">"
                        "<is><t>質問</t></is></c><c r=\"C%d\" t=\"inlineStr\"><is><t>はい・いいえ</t>"
                        "</is></c></row>", r, r, r - 3, r, r);
    book b = { .cells = cells.s, .drawing = d.s };
    size_t len;
    unsigned char *data = book_bytes(&b, &len);
    kaiji_workbook *wb = workbook_of(data, len, NULL);
    cr_assert_eq(wb->sheets[0]->shape_count, 4096);
    kaiji_workbook_free(wb);
    kaiji_document *doc = t_validate_mem(data, len, "many.xlsx", NULL);
    cr_assert_eq(kaiji_document_item_count(doc), 50);
    kaiji_document_free(doc);
    free(data);
    free(d.s);
    free(cells.s);
}

/* ---- recognition: ovals over はい / いいえ ------------------------------ */

/* A small SDS form: 項番 | 確認事項 | 回答 (C:D merged) with はい in C and
 * いいえ in D on every item row 4.., or one cell "はい・いいえ" in C when
 * one_cell. */
static char *form_cells(int items, bool one_cell)
{
    buf b = {0};
    bprintf(&b, "<row r=\"1\">");
    cell(&b, "A1", "サービス事業者による医療情報セキュリティ開示書");
    bprintf(&b, "</row><row r=\"3\">");
    cell(&b, "A3", "No.");
    cell(&b, "B3", "確認事項");
    cell(&b, "C3", "回答");
    bprintf(&b, "</row>");
    for (int i = 0; i < items; i++) {
        char ref[16], q[32];
        int r = 4 + i;
        bprintf(&b, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c>", r, r, i + 1);
        snprintf(ref, sizeof ref, "B%d", r);
        snprintf(q, sizeof q, "質問%d", i + 1);
        cell(&b, ref, q);
        snprintf(ref, sizeof ref, "C%d", r);
        cell(&b, ref, one_cell ? "はい・いいえ" : "はい");
        if (!one_cell) {
            snprintf(ref, sizeof ref, "D%d", r);
            cell(&b, ref, "いいえ");
        }
        bprintf(&b, "</row>");
    }
    return b.s;
}

static kaiji_document *read_form(const book *b)
{
    size_t len;
    unsigned char *data = book_bytes(b, &len);
    kaiji_document *doc = t_validate_mem(data, len, "form.xlsx", NULL);
    free(data);
    return doc;
}

Test(recognize_ovals, an_oval_over_one_of_two_printed_cells_is_the_answer)
{
    char *cells = form_cells(5, false);
    buf d = {0};
    drawing_open(&d);
    oval_over(&d, 3, 3, 0, 1);           /* item 1: いいえ (D4) */
    oval_over(&d, 2, 4, 0.1, 0.9);       /* item 2: はい (C5) */
    oval_over(&d, 2, 5, 0, 1);           /* item 3: both */
    oval_over(&d, 3, 5, 0, 1);
    /* item 4: nothing circled; item 5: an oval over nothing (F8) and a
     * rectangle over はい */
    oval_over(&d, 5, 7, 0, 1);
    two_cell(&d, "rect", 2, 1000, 7, 1000, 2, 600000, 7, 180000);
    drawing_close(&d);
    book b = { .cells = cells, .merges = "<mergeCells count=\"1\"><mergeCell ref=\"C3:D3\"/></mergeCells>",
               .drawing = d.s };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_document_kind(doc), KAIJI_KIND_SDS);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_NO);
    cr_assert_str_eq(kaiji_item_answer_text(t_item(doc, "1")), "いいえ");
    cr_assert_eq(kaiji_item_answer(t_item(doc, "2")), KAIJI_ANSWER_YES);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "3")), KAIJI_ANSWER_INVALID);
    cr_assert_str_eq(kaiji_item_answer_text(t_item(doc, "3")), "はい / いいえ");
    cr_assert(t_has_finding(doc, "ambiguous-answer", "3"));
    cr_assert(!t_has_finding(doc, "invalid-answer", "3"), "told apart from invalid-answer");
    cr_assert_eq(kaiji_item_answer(t_item(doc, "4")), KAIJI_ANSWER_BLANK,
                 "printed words with no oval choose nothing");
    cr_assert(t_has_finding(doc, "missing-answer", "4"));
    cr_assert_eq(kaiji_item_answer(t_item(doc, "5")), KAIJI_ANSWER_BLANK,
                 "neither an oval over nothing nor a rectangle is an answer");
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (strcmp(kaiji_finding_code(f), "ambiguous-answer") == 0) {
            cr_assert_eq(kaiji_finding_severity(f), KAIJI_SEVERITY_ERROR);
            cr_assert_str_eq(kaiji_finding_message(f),
                             "item 3 has both はい and いいえ circled or marked: only one may be chosen");
        }
    }
    kaiji_document_free(doc);
    free(cells);
    free(d.s);
}

Test(recognize_ovals, the_cell_overlapped_most_is_the_one_circled)
{
    char *cells = form_cells(1, false);
    buf d = {0};
    drawing_open(&d);
    /* from the last fifth of C4 to the middle of D4: mostly いいえ */
    two_cell(&d, "ellipse", 2, 4 * COL_EMU / 5, 3, 10000, 3, COL_EMU / 2, 3, ROW_EMU - 10000);
    drawing_close(&d);
    book b = { .cells = cells, .drawing = d.s };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_NO);
    kaiji_document_free(doc);
    free(cells);
    free(d.s);
}

Test(recognize_ovals, an_oval_over_one_word_of_a_printed_pair_in_one_cell)
{
    char *cells = form_cells(4, true);
    buf d = {0};
    drawing_open(&d);
    oval_over(&d, 2, 3, 0.05, 0.4);   /* item 1: left word, はい */
    oval_over(&d, 2, 4, 0.5, 0.95);   /* item 2: right word, いいえ */
    oval_over(&d, 2, 5, 0.05, 0.4);   /* item 3: both */
    oval_over(&d, 2, 5, 0.5, 0.95);
    drawing_close(&d);                /* item 4: none */
    book b = { .cells = cells, .drawing = d.s };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_YES);
    cr_assert_str_eq(kaiji_item_answer_text(t_item(doc, "1")), "はい");
    cr_assert_eq(kaiji_item_answer(t_item(doc, "2")), KAIJI_ANSWER_NO);
    cr_assert_str_eq(kaiji_item_answer_text(t_item(doc, "2")), "いいえ");
    cr_assert(t_has_finding(doc, "ambiguous-answer", "3"));
    cr_assert(t_has_finding(doc, "missing-answer", "4"));
    cr_assert(!t_has_finding(doc, "invalid-answer", NULL));
    kaiji_document_free(doc);
    free(cells);
    free(d.s);
}

Test(recognize_ovals, in_a_wide_cell_the_word_is_found_where_the_centred_text_shows_it)
{
    /* column C is 40 characters (280 px) wide; "はい・いいえ・対象外" is 20
     * half-width columns (about 147 px), centred: はい spans about 0.24 to
     * 0.34 of the cell, 対象外 0.60 to 0.76 */
    buf c = {0}, d = {0};
    bprintf(&c, "<row r=\"1\">");
    cell(&c, "A1", "サービス事業者による医療情報セキュリティ開示書");
    bprintf(&c, "</row><row r=\"3\">");
    cell(&c, "A3", "No.");
    cell(&c, "B3", "確認事項");
    cell(&c, "C3", "回答");
    bprintf(&c, "</row>");
    for (int r = 4; r <= 5; r++) {
        char ref[16];
        bprintf(&c, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c>", r, r, r - 3);
        snprintf(ref, sizeof ref, "B%d", r);
        cell(&c, ref, "質問");
        snprintf(ref, sizeof ref, "C%d", r);
        cell(&c, ref, "はい・いいえ・対象外");
        bprintf(&c, "</row>");
    }
    drawing_open(&d);
    two_cell(&d, "ellipse", 2, 64 * 9525, 3, 10000, 2, 100 * 9525, 3, ROW_EMU - 10000);
    two_cell(&d, "ellipse", 2, 165 * 9525, 4, 10000, 2, 215 * 9525, 4, ROW_EMU - 10000);
    drawing_close(&d);
    book b = { .cols = "<cols><col min=\"3\" max=\"3\" width=\"40\" customWidth=\"1\"/></cols>",
               .cells = c.s, .drawing = d.s };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_YES);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "2")), KAIJI_ANSWER_NA);
    kaiji_document_free(doc);
    free(c.s);
    free(d.s);
}

Test(recognize_ovals, a_legacy_vml_oval_answers_too)
{
    char *cells = form_cells(1, false);
    book b = { .cells = cells,
               .vml = VML_OPEN "<v:oval filled=\"f\"><x:ClientData ObjectType=\"Drawing\">"
                      "<x:Anchor>3, 4, 3, 2, 3, 60, 3, 18</x:Anchor></x:ClientData></v:oval></xml>" };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_NO);
    kaiji_document_free(doc);
    free(cells);
}

/* Per-choice columns: はい | いいえ | 対象外 under 回答, marks or ovals. */
static char *choice_cells(const char *const marks[][3], int items)
{
    buf b = {0};
    bprintf(&b, "<row r=\"1\">");
    cell(&b, "A1", "サービス事業者による医療情報セキュリティ開示書");
    bprintf(&b, "</row><row r=\"3\">");
    cell(&b, "A3", "No.");
    cell(&b, "B3", "確認事項");
    cell(&b, "C3", "はい");
    cell(&b, "D3", "いいえ");
    cell(&b, "E3", "対象外");
    bprintf(&b, "</row>");
    for (int i = 0; i < items; i++) {
        char ref[16];
        int r = 4 + i;
        bprintf(&b, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c>", r, r, i + 1);
        snprintf(ref, sizeof ref, "B%d", r);
        cell(&b, ref, "質問");
        for (int k = 0; k < 3; k++)
            if (marks[i][k]) {
                snprintf(ref, sizeof ref, "%c%d", 'C' + k, r);
                cell(&b, ref, marks[i][k]);
            }
        bprintf(&b, "</row>");
    }
    return b.s;
}

Test(recognize_ovals, ovals_in_per_choice_columns_mark_a_choice)
{
    static const char *const marks[][3] = {
        { NULL, NULL, NULL },            /* 1: oval in いいえ */
        { "はい", "いいえ", "対象外" },  /* 2: printed words, oval over 対象外 */
        { "はい", "いいえ", "対象外" },  /* 3: printed words, no oval */
        { "○", "○", NULL },              /* 4: two marks */
        { "○", NULL, NULL },             /* 5: one mark */
    };
    char *cells = choice_cells(marks, 5);
    buf d = {0};
    drawing_open(&d);
    oval_over(&d, 3, 3, 0.1, 0.9);
    oval_over(&d, 4, 4, 0.1, 0.9);
    drawing_close(&d);
    book b = { .cells = cells, .drawing = d.s };
    kaiji_document *doc = read_form(&b);

    cr_assert_eq(kaiji_item_answer(t_item(doc, "1")), KAIJI_ANSWER_NO);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "2")), KAIJI_ANSWER_NA);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "3")), KAIJI_ANSWER_BLANK);
    cr_assert_eq(kaiji_item_answer(t_item(doc, "4")), KAIJI_ANSWER_INVALID);
    cr_assert(t_has_finding(doc, "ambiguous-answer", "4"),
              "two marked choice columns are ambiguous, not invalid");
    cr_assert(!t_has_finding(doc, "invalid-answer", "4"));
    cr_assert_eq(kaiji_item_answer(t_item(doc, "5")), KAIJI_ANSWER_YES);
    kaiji_document_free(doc);
    free(cells);
    free(d.s);
}

Test(recognize_ovals, per_target_pairs_of_printed_cells_answer_each_target)
{
    /* 項番 | 確認項目 | 回答: サーバ (C:D) 端末PC (E:F), each with はい | いいえ */
    buf c = {0}, d = {0};
    bprintf(&c, "<row r=\"1\">");
    cell(&c, "A1", "医療機関におけるサイバーセキュリティ対策チェックリスト（令和7年5月）【事業者確認用】");
    bprintf(&c, "</row><row r=\"3\">");
    cell(&c, "A3", "項番");
    cell(&c, "B3", "確認項目");
    cell(&c, "C3", "回答");
    bprintf(&c, "</row><row r=\"4\">");
    cell(&c, "C4", "サーバ");
    cell(&c, "E4", "端末PC");
    bprintf(&c, "</row><row r=\"5\">");
    cell(&c, "A5", "2⑤");
    cell(&c, "B5", "退職者や使用していないアカウント等、不要なアカウントを削除している。");
    cell(&c, "C5", "はい");
    cell(&c, "D5", "いいえ");
    cell(&c, "E5", "はい");
    cell(&c, "F5", "いいえ");
    bprintf(&c, "</row>");
    drawing_open(&d);
    oval_over(&d, 2, 4, 0.1, 0.9);  /* サーバ: はい */
    oval_over(&d, 4, 4, 0.1, 0.9);  /* 端末PC: はい and いいえ */
    oval_over(&d, 5, 4, 0.1, 0.9);
    drawing_close(&d);
    book b = { .cells = c.s,
               .merges = "<mergeCells count=\"3\"><mergeCell ref=\"C3:F3\"/><mergeCell ref=\"C4:D4\"/>"
                         "<mergeCell ref=\"E4:F4\"/></mergeCells>",
               .drawing = d.s };
    kaiji_document *doc = read_form(&b);
    const kaiji_item *it = t_item(doc, "2⑤");

    cr_assert_not_null(it);
    cr_assert_eq(kaiji_item_target_count(it), 2);
    cr_assert_str_eq(kaiji_item_target_name(it, 0), "サーバ");
    cr_assert_eq(kaiji_item_target_answer(it, 0), KAIJI_ANSWER_YES);
    cr_assert_eq(kaiji_item_target_answer(it, 1), KAIJI_ANSWER_INVALID);
    cr_assert(t_has_finding(doc, "ambiguous-answer", "2⑤"));
    bool found = false;
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (strcmp(kaiji_finding_code(f), "ambiguous-answer") == 0)
            found = strcmp(kaiji_finding_message(f), "item 2⑤ has both はい and いいえ circled "
                                                     "or marked for 端末PC: only one may be chosen") == 0;
    }
    cr_assert(found, "the message names the item, both words and the target");
    kaiji_document_free(doc);
    free(c.s);
    free(d.s);
}

/* ---- several answers in one text -------------------------------------- */

typedef struct split_case {
    const char *text;
    size_t count;  /* 0: not several answers */
} split_case;

Test(choices, several_answer_words_are_split_and_anything_else_is_not)
{
    static const split_case cases[] = {
        { "はい・いいえ", 2 }, { "はい / いいえ", 2 }, { "はい／いいえ", 2 },
        { "Yes/No", 2 }, { "Yes / No / N/A", 3 }, { "はい　いいえ　対象外", 3 },
        { "はい、いいえ", 2 }, { "はい", 0 }, { "はい・はい", 0 }, { "N/A", 0 },
        { "はい（オプション）・いいえ", 0 }, { "検討中・いいえ", 0 }, { "", 0 },
        { "Yes,optional", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_choice_set set;
        bool ok = kaiji_choice_split(cases[i].text, &set);
        cr_expect_eq(ok, cases[i].count > 0, "%s", cases[i].text);
        if (ok)
            cr_expect_eq(set.count, cases[i].count, "%s", cases[i].text);
    }
}

Test(choices, words_know_where_they_are_shown)
{
    kaiji_choice_set set;

    cr_assert(kaiji_choice_split("はい・いいえ", &set));
    cr_assert_eq(set.width, 12);
    cr_assert_eq(set.words[0].pos, 0);
    cr_assert_eq(set.words[0].width, 4);
    cr_assert_eq(set.words[1].pos, 6);
    cr_assert_eq(set.words[1].answer, KAIJI_ANSWER_NO);
}

/* ---- the validator ----------------------------------------------------- */

Test(validate_ambiguous, a_typed_pair_of_answers_is_ambiguous_and_other_text_invalid)
{
    kaiji_document *doc = kaiji_document_new("t.json");
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    kaiji_validate_options vo;
    kaiji_item *it;

    doc->kind = KAIJI_KIND_MDS;
    doc->form_version = "5.0";
    it = kaiji_document_add_item(doc);
    it->id = "1-1";
    kaiji_item_set_answer_text(doc, it, "はい・いいえ・対象外");
    it = kaiji_document_add_item(doc);
    it->id = "1-2";
    kaiji_item_set_answer_text(doc, it, "検討中");
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, &err), KAIJI_OK);
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = (kaiji_date){ 2024, 10, 1 };
    cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK);
    cr_assert(t_has_finding(doc, "ambiguous-answer", "1-1"));
    cr_assert(!t_has_finding(doc, "ambiguous-answer", "1-2"));
    cr_assert(t_has_finding(doc, "invalid-answer", "1-2"));
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (strcmp(kaiji_finding_code(f), "ambiguous-answer") == 0)
            cr_assert_str_eq(kaiji_finding_message(f),
                             "item 1-1 has はい, いいえ and 対象外 all circled or marked: "
                             "only one may be chosen");
    }
    bool listed = false;
    for (const char *const *c = kaiji_finding_codes(); *c; c++)
        listed = listed || strcmp(*c, "ambiguous-answer") == 0;
    cr_assert(listed, "ambiguous-answer is in kaiji_finding_codes()");
    cr_assert_eq(kaiji_document_status(doc), KAIJI_STATUS_INVALID);
    kaiji_catalogs_free(cats);
    kaiji_document_free(doc);
}
