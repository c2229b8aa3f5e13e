/*
 * tests/test_ss2003.c - Excel "XML Spreadsheet 2003": cells of every type,
 * ss:Index gaps, merges, rich text, comments, hidden sheets, data-validation
 * lists, broken XML with its line, and a whole disclosure recognised.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "model/model.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "catalog/vocab.h"

#define HEAD "<?xml version=\"1.0\"?>\n" \
    "<?mso-application progid=\"Excel.Sheet\"?>\n" \
    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\n" \
    " xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n" \
    " xmlns:x=\"urn:schemas-microsoft-com:office:excel\"\n" \
    " xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"\n" \
    " xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n"

static kaiji_workbook *read_wb(const char *xml, kaiji_document **doc_out)
{
    kaiji_document *doc = kaiji_document_new("t.xml");
    kaiji_workbook *wb = NULL;

    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_ss2003_workbook(&wb, doc, xml, strlen(xml), NULL), KAIJI_OK);
    cr_assert_eq(doc->format, KAIJI_FORMAT_SS2003);
    *doc_out = doc;
    return wb;
}

static const char *text_at(const kaiji_sheet *sh, uint32_t row, uint32_t col)
{
    const kaiji_cell *c = kaiji_sheet_cell(sh, row, col);

    return c ? c->text : NULL;
}

Test(ss2003, cells_of_every_type_at_their_positions)
{
    static const char xml[] = HEAD
        "<Styles><Style ss:ID=\"d\"><NumberFormat ss:Format=\"Short Date\"/></Style></Styles>\n"
        "<Worksheet ss:Name=\"開示書\"><Table>\n"
        " <Row><Cell><Data ss:Type=\"String\">項番</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"Number\">42.5</Data></Cell>"
        "<Cell><Data ss:Type=\"Boolean\">1</Data></Cell></Row>\n"
        " <Row ss:Index=\"5\"><Cell ss:Index=\"2\"><Data ss:Type=\"DateTime\">2024-03-31T00:00:00.000</Data></Cell>"
        "<Cell ss:StyleID=\"d\"><Data ss:Type=\"Number\">45382</Data></Cell>"
        "<Cell><Data ss:Type=\"Error\">#N/A</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"String\">  spaced  </Data></Cell></Row>\n"
        "</Table></Worksheet></Workbook>\n";
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(xml, &doc);
    const kaiji_sheet *sh;
    const kaiji_cell *c;

    cr_assert_not_null(wb);
    cr_assert_eq(wb->sheet_count, 1);
    sh = wb->sheets[0];
    cr_assert_str_eq(sh->name, "開示書");
    cr_assert_str_eq(text_at(sh, 1, 1), "項番");
    c = kaiji_sheet_cell(sh, 1, 3);
    cr_assert_eq(c->type, KAIJI_CELL_NUMBER);
    cr_assert_str_eq(c->text, "42.5");
    cr_assert_eq(kaiji_sheet_cell(sh, 1, 4)->type, KAIJI_CELL_BOOL);
    cr_assert_str_eq(text_at(sh, 1, 4), "TRUE");
    c = kaiji_sheet_cell(sh, 5, 2);
    cr_assert_eq(c->type, KAIJI_CELL_DATE);
    cr_assert_str_eq(c->text, "2024-03-31");
    cr_assert_eq(c->date.year, 2024);
    cr_assert_eq(c->number, 45382);
    c = kaiji_sheet_cell(sh, 5, 3);
    cr_assert_eq(c->type, KAIJI_CELL_DATE, "a number in a date style is a date");
    cr_assert_str_eq(c->text, "2024-03-31");
    cr_assert_eq(kaiji_sheet_cell(sh, 5, 4)->type, KAIJI_CELL_ERROR);
    cr_assert_str_eq(text_at(sh, 6, 1), "  spaced  ");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
}

Test(ss2003, merges_rich_text_comments_and_hidden_sheets)
{
    static const char xml[] = HEAD
        "<Worksheet ss:Name=\"Form\"><Table>\n"
        " <Row><Cell ss:MergeAcross=\"2\" ss:MergeDown=\"1\"><ss:Data ss:Type=\"String\""
        " xmlns=\"http://www.w3.org/TR/REC-html40\"><Font html:Color=\"#FF0000\">はい</Font>"
        "<B>（オプション）</B></ss:Data><Comment><Data>reviewer note</Data></Comment></Cell>"
        "<Cell><Data ss:Type=\"String\">after</Data></Cell></Row>\n"
        "</Table></Worksheet>\n"
        "<Worksheet ss:Name=\"Lists\"><Table><Row><Cell><Data ss:Type=\"String\">はい</Data></Cell></Row></Table>\n"
        " <WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><Visible>SheetHidden</Visible></WorksheetOptions>\n"
        "</Worksheet></Workbook>\n";
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(xml, &doc);
    const kaiji_sheet *sh;
    const kaiji_range *m;

    cr_assert_not_null(wb);
    cr_assert_eq(wb->sheet_count, 2);
    sh = wb->sheets[0];
    cr_assert_str_eq(text_at(sh, 1, 1), "はい（オプション）");
    cr_assert_str_eq(text_at(sh, 1, 4), "after", "the merge moves the next cell");
    m = kaiji_sheet_merge_at(sh, 2, 3);
    cr_assert_not_null(m);
    cr_assert_eq(m->row1, 1);
    cr_assert_eq(m->col2, 3);
    cr_assert_eq(m->row2, 2);
    cr_assert_not(sh->hidden);
    cr_assert(wb->sheets[1]->hidden);
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
}

Test(ss2003, data_validation_lists_are_kept)
{
    static const char xml[] = HEAD
        "<Worksheet ss:Name=\"S\"><Table><Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table>\n"
        " <DataValidation xmlns=\"urn:schemas-microsoft-com:office:excel\">\n"
        "  <Range>R2C3:R20C3,R2C5</Range><Type>List</Type><Value>&quot;はい,いいえ,対象外&quot;</Value>\n"
        " </DataValidation>\n"
        "</Worksheet></Workbook>\n";
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(xml, &doc);
    const kaiji_validation *v;

    cr_assert_not_null(wb);
    v = kaiji_sheet_validation_at(wb->sheets[0], 10, 3);
    cr_assert_not_null(v);
    cr_assert_eq(v->item_count, 3);
    cr_assert_str_eq(v->items[2], "対象外");
    cr_assert_not_null(kaiji_sheet_validation_at(wb->sheets[0], 2, 5));
    cr_assert_null(kaiji_sheet_validation_at(wb->sheets[0], 21, 3));
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
}

Test(ss2003, broken_xml_is_file_corrupt_with_its_line)
{
    static const char xml[] = HEAD
        "<Worksheet ss:Name=\"S\"><Table>\n"
        "<Row><Cell><Data ss:Type=\"String\">x</Data></Cell>\n"
        "</Table></Worksheet></Workbook>\n";
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(xml, &doc);

    cr_assert_null(wb);
    cr_assert_not(doc->readable);
    cr_assert_eq(doc->finding_count, 1);
    cr_assert_str_eq(doc->findings[0].code, "file-corrupt");
    cr_assert(strstr(doc->findings[0].message, "line 10"), "%s", doc->findings[0].message);
    kaiji_document_free(doc);
}

Test(ss2003, impossible_positions_and_dtds_are_refused)
{
    static const char far[] = HEAD
        "<Worksheet><Table><Row ss:Index=\"99999999\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>";
    static const char dtd[] = "<?xml version=\"1.0\"?><!DOCTYPE Workbook [<!ENTITY a \"b\">]>"
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(far, &doc);

    cr_assert_null(wb);
    cr_assert_str_eq(doc->findings[0].code, "file-corrupt");
    kaiji_document_free(doc);
    wb = read_wb(dtd, &doc);
    cr_assert_null(wb);
    cr_assert_str_eq(doc->findings[0].code, "file-unsafe");
    kaiji_document_free(doc);
}

Test(ss2003, a_disclosure_is_read_and_recognised)
{
    static const char xml[] = HEAD
        "<Worksheet ss:Name=\"MDS\"><Table>\n"
        " <Row><Cell ss:MergeAcross=\"3\"><Data ss:Type=\"String\">製造業者による医療情報セキュリティ開示書</Data></Cell></Row>\n"
        " <Row ss:Index=\"3\"><Cell><Data ss:Type=\"String\">製造業者名</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"String\">株式会社サンプル</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"String\">製品名</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"String\">サンプルRIS</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"String\">作成日</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"DateTime\">2024-09-30T00:00:00.000</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"String\">開示書の版</Data></Cell>"
        "<Cell ss:Index=\"3\"><Data ss:Type=\"String\">第5.0版</Data></Cell></Row>\n"
        " <Row ss:Index=\"8\"><Cell><Data ss:Type=\"String\">項番</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">確認項目</Data></Cell><Cell><Data ss:Type=\"String\">回答</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">備考</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"Number\">1</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">責任者を置いている。</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">はい</Data></Cell></Row>\n"
        " <Row><Cell><Data ss:Type=\"Number\">2</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">暗号化している。</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">対象外</Data></Cell>"
        "<Cell><Data ss:Type=\"String\">保存しない</Data></Cell></Row>\n"
        "</Table></Worksheet></Workbook>\n";
    kaiji_document *doc = kaiji_document_new("t.xml");
    kaiji_vocab *v = NULL;
    char d[11];

    cr_assert_eq(kaiji_vocab_builtin(&v), KAIJI_OK);
    cr_assert_eq(kaiji_read_ss2003(doc, xml, strlen(xml), NULL, v), KAIJI_OK);
    cr_assert(doc->readable);
    cr_assert_eq(doc->format, KAIJI_FORMAT_SS2003);
    cr_assert_eq(doc->kind, KAIJI_KIND_MDS);
    cr_assert_str_eq(doc->form_version, "5.0");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_VENDOR], "株式会社サンプル");
    cr_assert_str_eq(kaiji_date_format(d, doc->date), "2024-09-30");
    cr_assert_eq(doc->item_count, 2);
    cr_assert_str_eq(doc->items[1].id, "2");
    cr_assert_eq(doc->items[1].answer, KAIJI_ANSWER_NA);
    cr_assert_str_eq(doc->items[1].remarks, "保存しない");
    cr_assert_str_eq(doc->items[1].location, "MDS!C10");
    kaiji_vocab_free(v);
    kaiji_document_free(doc);
}

/* A workbook lists at most KAIJI_MAX_SHEETS sheets, as an XLSX one does. */
Test(ss2003, more_sheets_than_the_limit_are_too_large)
{
    size_t cap = strlen(HEAD) + (KAIJI_MAX_SHEETS + 1) * 48 + 32, used = 0;
    char *xml = malloc(cap);
    cr_assert_not_null(xml);
    used += (size_t)snprintf(xml, cap, "%s", HEAD);
    for (unsigned i = 0; i <= KAIJI_MAX_SHEETS; i++)
        used += (size_t)snprintf(xml + used, cap - used, "<Worksheet ss:Name=\"S%u\"/>", i);
    snprintf(xml + used, cap - used, "</Workbook>");
    kaiji_document *doc;
    kaiji_workbook *wb = read_wb(xml, &doc);
    cr_assert_null(wb);
    cr_assert_eq(doc->finding_count, 1);
    cr_expect_str_eq(doc->findings[0].code, "file-too-large");
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(xml);
}
