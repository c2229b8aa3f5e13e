/*
 * tests/test_xlsx_out.c - the workbooks kaiji writes: `kaiji status --format
 * xlsx` (three sheets, header frozen, filters on, dates as dates, states as
 * words in colour) and `kaiji checklist draft` (the 医療機関確認用 checklist
 * filled from the vendor checklists, read back by kaiji as a valid hospital
 * checklist).  The workbooks are opened with kaiji's own XLSX reader, their
 * sheet XML with libzip, and once with openpyxl.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "kaiji.h"
#include "model/model.h"
#include "parser/grid.h"
#include "text/text.h"
#include "parser/readers.h"
#include "report/checklist.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

/* ------------------------------------------------------------- helpers */

/* The sample walk-through of the README in a fresh folder: the register
 * imported, samples/ ingested. */
static void sample_store(ts_env *e)
{
    char args[8192], *out = NULL;
    ts_env_init(e);
    snprintf(args, sizeof args, "register import '%s'", t_src("samples/register/contracts.csv"));
    cr_assert_eq(ts_kaiji(e, args, &out), 0, "%s", out);
    free(out);
    snprintf(args, sizeof args, "ingest --as-of 2026-11-26 '%s'", t_src("samples"));
    cr_assert_eq(ts_kaiji(e, args, &out), 1, "%s", out);
    free(out);
}

/* A workbook read by kaiji's XLSX reader (grid only, no recognition). */
typedef struct book {
    kaiji_document *doc;
    kaiji_workbook *wb;
} book;

static book open_book(const char *path)
{
    size_t len;
    char *data = t_slurp(path, &len);
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    book b = {kaiji_document_new(path), NULL};
    cr_assert_not_null(b.doc);
    cr_assert_eq(kaiji_xlsx_workbook(&b.wb, b.doc, (const unsigned char *)data, len, &lim),
                 KAIJI_OK);
    cr_assert_not_null(b.wb, "%s does not read as a workbook", path);
    free(data);
    return b;
}

static void close_book(book *b)
{
    kaiji_workbook_free(b->wb);
    kaiji_document_free(b->doc);
}

static const kaiji_sheet *sheet_named(const book *b, const char *name)
{
    for (size_t i = 0; i < b->wb->sheet_count; i++)
        if (strcmp(b->wb->sheets[i]->name, name) == 0)
            return b->wb->sheets[i];
    cr_assert_fail("no sheet %s", name);
    return NULL;
}

/* The text of a cell, "" when empty. */
static const char *text_at(const kaiji_sheet *sh, uint32_t row, uint32_t col)
{
    const kaiji_cell *c = kaiji_sheet_cell(sh, row, col);
    return c ? c->text : "";
}

/* The row (from 2) whose column col holds text, or 0. */
static uint32_t row_of(const kaiji_sheet *sh, uint32_t col, const char *text)
{
    for (uint32_t r = 2; r <= sh->max_row; r++)
        if (strcmp(text_at(sh, r, col), text) == 0)
            return r;
    return 0;
}

/* A part of the ZIP at path, NUL-terminated, malloc'd. */
static char *zip_part(const char *path, const char *name)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    cr_assert_not_null(z, "cannot open %s as a ZIP", path);
    zip_stat_t st;
    cr_assert_eq(zip_stat(z, name, 0, &st), 0, "%s has no part %s", path, name);
    char *buf = malloc(st.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    cr_assert(buf && f);
    cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    buf[st.size] = '\0';
    zip_fclose(f);
    zip_close(z);
    return buf;
}

/* Reads and validates a file as of date with the built-in catalogs. */
static kaiji_document *read_validated(const char *path, int y, int m, int d)
{
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_file(&doc, path, &ro), KAIJI_OK);
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = (kaiji_date){y, m, d};
    cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK);
    kaiji_catalogs_free(cats);
    return doc;
}

/* The answer doc's item id gives for target (NULL: the item's own). */
static kaiji_answer answer_of(const kaiji_document *doc, const char *id, const char *target)
{
    const kaiji_item *it = t_item(doc, id);
    cr_assert_not_null(it, "no item %s", id);
    if (!target)
        return kaiji_item_answer(it);
    for (size_t k = 0; k < kaiji_item_target_count(it); k++)
        if (strcmp(kaiji_item_target_name(it, k), target) == 0)
            return kaiji_item_target_answer(it, k);
    return KAIJI_ANSWER_BLANK;
}

static char *date_text(const kaiji_date d)
{
    static _Thread_local char buf[11];
    return kaiji_date_format(buf, d);
}

/* ----------------------------------------------------- status workbook */

static const char *const contract_headers[] = {"契約番号", "事業者名", "システム名", "契約種別",
                                               "患者情報", "状態", "回答期限", "MDS", "SDS",
                                               "チェックリスト"};
static const char *const document_headers[] = {"契約番号", "書類", "状態", "ファイル", "SHA-256",
                                               "判定", "様式の版", "ガイドライン", "作成日",
                                               "取込日時 (UTC)"};
static const char *const finding_headers[] = {"契約番号", "ファイル", "重大度", "コード",
                                              "項目", "場所", "メッセージ"};

/* The status report of the store as of 2026-11-26, through the API. */
static kaiji_status_report *api_status(const ts_env *e)
{
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_store *st = ts_open(e);
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 11, 26};
    kaiji_status_report *r = NULL;
    cr_assert_eq(kaiji_store_status(&r, st, &so), KAIJI_OK);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return r;
}

Test(xlsx_status, the_workbook_has_a_sheet_each_for_contracts_documents_and_findings)
{
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    cr_assert_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx -o st.xlsx", &out), 1,
                 "%s", out);
    cr_expect(strstr(out, "wrote st.xlsx"), "%s", out);
    free(out);

    char path[4200];
    snprintf(path, sizeof path, "%s/st.xlsx", e.dir);
    book b = open_book(path);
    cr_assert_eq(b.wb->sheet_count, 3);
    cr_expect_str_eq(b.wb->sheets[0]->name, "契約");
    cr_expect_str_eq(b.wb->sheets[1]->name, "書類");
    cr_expect_str_eq(b.wb->sheets[2]->name, "指摘");
    const kaiji_sheet *c = sheet_named(&b, "契約"), *d = sheet_named(&b, "書類"),
                      *f = sheet_named(&b, "指摘");
    for (uint32_t i = 0; i < 10; i++)
        cr_expect_str_eq(text_at(c, 1, i + 1), contract_headers[i]);
    for (uint32_t i = 0; i < 10; i++)
        cr_expect_str_eq(text_at(d, 1, i + 1), document_headers[i]);
    for (uint32_t i = 0; i < 7; i++)
        cr_expect_str_eq(text_at(f, 1, i + 1), finding_headers[i]);

    kaiji_status_report *r = api_status(&e);
    size_t docs = 0, findings = 0;
    for (size_t i = 0; i < r->count; i++) {
        docs += r->contracts[i].document_count;
        for (size_t j = 0; j < r->contracts[i].document_count; j++)
            findings += r->contracts[i].documents[j].finding_count;
    }
    cr_expect_eq(r->count, 7);
    cr_expect_eq(c->max_row, r->count + 1, "one row per contract under the header");
    cr_expect_eq(d->max_row, docs + 1, "one row per required document");
    cr_expect_eq(f->max_row, findings + 1, "one row per finding");
    cr_expect_gt(findings, 0);

    /* every state is a word, in the order of the API's report */
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *sc = &r->contracts[i];
        uint32_t row = row_of(c, 1, sc->contract.id);
        cr_assert_neq(row, 0, "no row for %s", sc->contract.id);
        char want[64];
        snprintf(want, sizeof want, "(%s)", kaiji_contract_state_name(sc->state));
        cr_expect(strstr(text_at(c, row, 6), want), "%s: state %s, want %s", sc->contract.id,
                  text_at(c, row, 6), want);
    }
    uint32_t exi = row_of(c, 1, "EXI-JP-2026-3");
    cr_expect_str_eq(text_at(c, exi, 6), "期限超過 (overdue)");
    cr_expect_str_eq(text_at(c, exi, 9), "未着 (missing)", "its SDS is missing");
    kaiji_status_report_free(r);
    close_book(&b);
}

Test(xlsx_status, due_document_and_ingest_dates_are_excel_dates)
{
    ts_env e;
    sample_store(&e);
    cr_assert_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx -o st.xlsx", NULL), 1);
    char path[4200];
    snprintf(path, sizeof path, "%s/st.xlsx", e.dir);
    book b = open_book(path);
    const kaiji_sheet *c = sheet_named(&b, "契約"), *d = sheet_named(&b, "書類");

    const kaiji_cell *due = kaiji_sheet_cell(c, row_of(c, 1, "SMP-2026-0042"), 7);
    cr_assert_not_null(due);
    cr_expect_eq(due->type, KAIJI_CELL_DATE, "回答期限 is typed %d", due->type);
    cr_expect_str_eq(date_text(due->date), "2026-09-30");

    /* the newest checklist of KMS-2026-017 (vendor-r8-good.xlsx, dated 2026-08-03) */
    uint32_t row = 0;
    for (uint32_t r = 2; r <= d->max_row && !row; r++)
        if (strcmp(text_at(d, r, 1), "KMS-2026-017") == 0 &&
            strstr(text_at(d, r, 4), "vendor-r8-good.xlsx"))
            row = r;
    cr_assert_neq(row, 0);
    cr_expect_str_eq(text_at(d, row, 2), "チェックリスト");
    char hex[65];
    size_t len;
    char *bytes = t_slurp(t_src("samples/checklist/vendor-r8-good.xlsx"), &len);
    kaiji_text_sha256(bytes, len, hex);
    free(bytes);
    cr_expect_str_eq(text_at(d, row, 5), hex);
    cr_expect_str_eq(text_at(d, row, 7), "R8");
    const kaiji_cell *made = kaiji_sheet_cell(d, row, 9), *in = kaiji_sheet_cell(d, row, 10);
    cr_assert(made && in);
    cr_expect_eq(made->type, KAIJI_CELL_DATE);
    cr_expect_str_eq(date_text(made->date), "2026-08-03");
    cr_expect_eq(in->type, KAIJI_CELL_DATE, "取込日時 is typed %d", in->type);
    cr_expect(kaiji_date_valid(in->date));
    close_book(&b);
}

Test(xlsx_status, every_sheet_has_its_header_frozen_and_a_filter_over_its_rows)
{
    ts_env e;
    sample_store(&e);
    cr_assert_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx -o st.xlsx", NULL), 1);
    char path[4200];
    snprintf(path, sizeof path, "%s/st.xlsx", e.dir);
    book b = open_book(path);
    static const char last_col[] = {'L', 'J', 'G'};
    for (int i = 0; i < 3; i++) {
        char part[64], filter[64];
        snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", i + 1);
        char *xml = zip_part(path, part);
        cr_expect(strstr(xml, "<pane ") && strstr(xml, "ySplit=\"1\"") &&
                      strstr(xml, "topLeftCell=\"A2\"") && strstr(xml, "state=\"frozen\""),
                  "%s: no frozen header row", part);
        snprintf(filter, sizeof filter, "<autoFilter ref=\"A1:%c%u\"/>", last_col[i],
                 b.wb->sheets[i]->max_row);
        cr_expect(strstr(xml, filter), "%s: no %s", part, filter);
        cr_expect(strstr(xml, "<cols>"), "%s: no column widths", part);
        free(xml);
    }
    close_book(&b);
}

Test(xlsx_status, without_output_it_writes_a_file_named_by_the_date)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社テスト,電子カルテ,保守,あり,2026-10-31\n");
    cr_assert_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx", &out), 1, "%s", out);
    cr_expect(strstr(out, "wrote kaiji-status-2026-11-26.xlsx"), "%s", out);
    free(out);
    char path[4200];
    snprintf(path, sizeof path, "%s/kaiji-status-2026-11-26.xlsx", e.dir);
    book b = open_book(path);
    const kaiji_sheet *c = sheet_named(&b, "契約"), *f = sheet_named(&b, "指摘");
    cr_expect_eq(c->max_row, 2);
    cr_expect_str_eq(text_at(c, 2, 6), "期限超過 (overdue)");
    cr_expect_eq(f->max_row, 1, "no finding: the header alone");
    close_book(&b);
    char *xml = zip_part(path, "xl/worksheets/sheet3.xml");
    cr_expect(strstr(xml, "<autoFilter ref=\"A1:G1\"/>"), "an empty sheet keeps its filter");
    free(xml);
}

Test(xlsx_status, output_goes_only_with_xlsx_and_a_bad_path_fails)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\nC-1,A社,X,保守,なし\n");
    cr_expect_eq(ts_kaiji(&e, "status --format text -o x.xlsx", &out), 2, "%s", out);
    cr_expect(strstr(out, "--output goes with --format xlsx"), "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --format xlsx -o no-such-dir/x.xlsx", &out), 3, "%s",
                 out);
    cr_expect(strstr(out, "cannot write no-such-dir/x.xlsx"), "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --format xlsx -o ok.xlsx", &out), 0, "%s", out);
    free(out);
}

/* openpyxl, the reader many hospital scripts use, sees the same. */
Test(xlsx_status, openpyxl_sees_frozen_headers_filters_date_formats_and_fills)
{
    t_require_tool("python3-openpyxl", "/usr/bin/python3 -c 'import openpyxl'");
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無,回答期限\n"
                  "C-1,株式会社テスト,電子カルテ,保守,あり,2026-10-31\n"
                  "C-2,株式会社テスト,閲覧端末,保守,なし,\n");
    cr_assert_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx -o st.xlsx", NULL), 1);
    const char *script = ts_write(&e, "check.py",
        "import sys, openpyxl\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "assert wb.sheetnames == ['契約', '書類', '指摘'], wb.sheetnames\n"
        "for ws in wb:\n"
        "    assert ws.freeze_panes == 'A2', (ws.title, ws.freeze_panes)\n"
        "    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith('A1:'), ws.title\n"
        "    assert all(c.font.b for c in ws[1] if c.value), ws.title\n"
        "c = wb['契約']\n"
        "due = c['G2']\n"
        "assert due.is_date and due.number_format == 'yyyy-mm-dd', due.number_format\n"
        "assert due.value.strftime('%Y-%m-%d') == '2026-10-31'\n"
        "for cell, word in ((c['F2'], '期限超過 (overdue)'), (c['F3'], '不要 (not-required)')):\n"
        "    assert cell.value == word, cell.value\n"
        "    assert cell.fill.fill_type == 'solid' and cell.fill.fgColor.rgb not in (None, '00000000'), cell.fill\n"
        "assert c['F2'].fill.fgColor.rgb != c['F3'].fill.fgColor.rgb\n"
        "assert c.column_dimensions['B'].width > c.column_dimensions['E'].width\n"
        "print('ok')\n", 0);
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s/st.xlsx' 2>&1", script, e.dir);
    cr_expect_eq(t_run(cmd, &out), 0, "%s", out);
    free(out);
}

/* ------------------------------------------------------ checklist draft */

/* Runs "checklist draft" in e with extra arguments as of 2026-03-01 (R7 the
 * current edition, in its own fiscal year); returns the exit status. */
static int draft_at(const ts_env *e, const char *as_of, const char *extra, char **out)
{
    char args[2048];
    snprintf(args, sizeof args, "checklist draft --as-of %s -o draft.xlsx %s", as_of, extra);
    return ts_kaiji(e, args, out);
}

static int draft(const ts_env *e, const char *extra, char **out)
{
    return draft_at(e, "2026-03-01", extra, out);
}

static const char *draft_path(const ts_env *e)
{
    static _Thread_local char path[4200];
    snprintf(path, sizeof path, "%s/draft.xlsx", e->dir);
    return path;
}

Test(checklist_draft, the_sample_store_draft_reads_back_as_a_valid_r7_hospital_checklist)
{
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    /* No vendor can answer 3② and 3③ (hospital only), and KMS-2026-018 says
     * いいえ to 2⑤ without a 目標日: the hospital gives those. */
    /* and 2⑨'s 目標日 (2026-01-31) is past on 2026-03-01: a new one */
    cr_assert_eq(draft(&e, "--org 架空市立さくら病院 --answer 3②=はい --answer '3(3)=はい' "
                           "--target-date 2⑤=2026-03-31 --target-date 2⑨=令和8年3月31日", &out),
                 0, "%s", out);
    cr_expect(strstr(out, "read back: hospital checklist R7 valid"), "%s", out);
    cr_expect(strstr(out, "not used: KMS-2026-017"), "its newest checklist is R8: %s", out);
    cr_expect(strstr(out, "not used: TST-24-001"), "the R6 checklist is not used: %s", out);
    cr_expect(strstr(out, "no vendor checklist: SMD-2026-001"), "%s", out);
    free(out);

    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_HOSPITAL_CHECKLIST);
    cr_expect_str_eq(kaiji_document_form_version(doc), "R7");
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_VALID, "%zu findings, first: %s",
                 kaiji_document_finding_count(doc),
                 kaiji_document_finding_count(doc)
                     ? kaiji_finding_message(kaiji_document_finding(doc, 0))
                     : "");
    cr_expect_eq(kaiji_document_item_count(doc), 18, "0, 1①, 2①-2⑬, 3①-3③");
    cr_expect_str_eq(date_text(kaiji_document_date(doc)), "2026-03-01");

    /* 0: contracts handle patient data */
    cr_expect_eq(answer_of(doc, "0", NULL), KAIJI_ANSWER_YES);
    /* 2①: every contract said はい for every target */
    cr_expect_eq(answer_of(doc, "2①", "サーバ"), KAIJI_ANSWER_YES);
    cr_expect_eq(answer_of(doc, "2①", "ネットワーク機器"), KAIJI_ANSWER_YES);
    /* 2⑦: SMP-2026-0042 said いいえ for サーバ only */
    cr_expect_eq(answer_of(doc, "2⑦", "サーバ"), KAIJI_ANSWER_NO);
    cr_expect_eq(answer_of(doc, "2⑦", "端末PC"), KAIJI_ANSWER_YES);
    cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "2⑦"))), "2026-03-31");
    cr_expect(strstr(kaiji_item_remarks(t_item(doc, "2⑦")), "SMP-2026-0042"));
    /* 2⑨: いいえ for 端末PC, the vendor's 目標日 2026-01-31 past: the hospital's */
    cr_expect_eq(answer_of(doc, "2⑨", "端末PC"), KAIJI_ANSWER_NO);
    cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "2⑨"))), "2026-03-31");
    /* 2⑤: いいえ from KMS-2026-018, the 目標日 the hospital gave */
    cr_expect_eq(answer_of(doc, "2⑤", "端末PC"), KAIJI_ANSWER_NO);
    cr_expect(strstr(kaiji_item_remarks(t_item(doc, "2⑤")), "KMS-2026-018"));
    cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "2⑤"))), "2026-03-31");
    /* the hospital's own answers */
    cr_expect_eq(answer_of(doc, "3②", NULL), KAIJI_ANSWER_YES);
    cr_expect_eq(answer_of(doc, "3③", NULL), KAIJI_ANSWER_YES);
    /* 確認日 1回目 = the draft's date */
    const kaiji_item *it = t_item(doc, "1①");
    cr_assert_geq(kaiji_item_confirmation_count(it), 1);
    cr_expect_str_eq(date_text(kaiji_item_confirmation_date(it, 0)), "2026-03-01");
    kaiji_document_free(doc);

    /* 根拠 names vendor and file briefly; 根拠の詳細 has path and sha256 */
    book b = open_book(draft_path(&e));
    const kaiji_sheet *sh = sheet_named(&b, "医療機関確認用");
    cr_expect(strstr(text_at(sh, 2, 1), "（令和7年5月）【医療機関確認用】"), "title %s",
              text_at(sh, 2, 1));
    uint32_t row = row_of(sh, 1, "2⑦");
    cr_assert_neq(row, 0);
    const char *evidence = text_at(sh, row, 10);
    cr_expect(strstr(evidence, "いいえ（サーバ）: サンプル医療情報㈱：vendor-r7-good-with-no.xlsx 2⑦"),
              "%s", evidence);
    cr_expect(strstr(evidence, "はい: Example Imaging Inc.：vendor-r7-ss2003.xml 2⑦"), "%s",
              evidence);
    cr_expect(!strstr(evidence, "sha256") && !strstr(evidence, "/"), "short: %s", evidence);
    char hex[65];
    size_t len;
    char *bytes = t_slurp(t_src("samples/checklist/vendor-r7-ss2003.xml"), &len);
    kaiji_text_sha256(bytes, len, hex);
    free(bytes);
    for (uint32_t r = 1; r <= sh->max_row; r++)
        for (uint32_t c = 1; c <= sh->max_col; c++)
            cr_expect(!strstr(text_at(sh, r, c), hex) && !strstr(text_at(sh, r, c), "--answer"),
                      "no hash, no command line on the main sheet: %s",
                      text_at(sh, r, c));
    cr_expect_eq(kaiji_sheet_cell(sh, row, 6)->type, KAIJI_CELL_DATE, "確認日 is a date");
    /* the hospital's answer says where it comes from on the details sheet */
    uint32_t r3 = row_of(sh, 1, "3③");
    cr_expect_str_eq(text_at(sh, r3, 10), "はい: 医療機関の回答");

    const kaiji_sheet *det = sheet_named(&b, "根拠の詳細");
    bool found_ss = false, found_cmd = false;
    for (uint32_t r = 2; r <= det->max_row; r++) {
        if (strcmp(text_at(det, r, 1), "2⑦") == 0 &&
            strcmp(text_at(det, r, 7), "vendor-r7-ss2003.xml") == 0) {
            found_ss = true;
            cr_expect_str_eq(text_at(det, r, 11), hex);
            cr_expect(strstr(text_at(det, r, 10), "checklist/vendor-r7-ss2003.xml"), "%s",
                      text_at(det, r, 10));
            cr_expect_str_eq(text_at(det, r, 2), "はい");
            cr_expect_str_eq(text_at(det, r, 8), "2⑦");
        }
        if (strcmp(text_at(det, r, 1), "3③") == 0) {
            found_cmd = true;
            cr_expect_str_eq(text_at(det, r, 5), "kaiji checklist draft --answer 3(3)=はい");
        }
    }
    cr_expect(found_ss, "2⑦'s はい from vendor-r7-ss2003.xml in 根拠の詳細");
    cr_expect(found_cmd, "3③'s option in 根拠の詳細");
    close_book(&b);

    /* dates are Excel dates shown in 和暦 */
    char *styles = zip_part(draft_path(&e), "xl/styles.xml");
    cr_expect(strstr(styles, "ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"), "%s", styles);
    free(styles);
}

Test(checklist_draft, what_no_vendor_answers_is_left_blank_and_named)
{
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    cr_assert_eq(draft(&e, "", &out), 1, "%s", out);
    cr_expect(strstr(out, "3② left blank"), "%s", out);
    cr_expect(strstr(out, "3③ left blank"), "%s", out);
    cr_expect(strstr(out, "2⑤ いいえ, 目標日 none"), "%s", out);
    cr_expect(strstr(out, "2⑨ いいえ, 目標日 2026-01-31 is already past on 2026-03-01"), "%s", out);
    cr_expect(strstr(out, "read back: hospital checklist R7 invalid"), "%s", out);
    free(out);

    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_HOSPITAL_CHECKLIST);
    cr_expect_eq(answer_of(doc, "3②", NULL), KAIJI_ANSWER_BLANK);
    cr_expect(strstr(kaiji_item_remarks(t_item(doc, "3②")), "医療機関で回答してください"));
    cr_expect(t_has_finding(doc, "missing-answer", "3②"));
    cr_expect(t_has_finding(doc, "missing-answer", "3③"));
    cr_expect(t_has_finding(doc, "no-without-target-date", "2⑤"));
    cr_expect(t_has_finding(doc, "target-date-passed", "2⑨"), "2026-01-31 is before 2026-03-01");
    cr_expect(strstr(kaiji_item_remarks(t_item(doc, "2⑨")),
                     "目標日 令和8年1月31日 は確認日 令和8年3月1日 より前です"),
              "%s", kaiji_item_remarks(t_item(doc, "2⑨")));
    /* and nothing else is wrong with it */
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (kaiji_finding_severity(f) != KAIJI_SEVERITY_ERROR)
            continue;
        const char *item = kaiji_finding_item(f);
        cr_expect(strcmp(item, "3②") == 0 || strcmp(item, "3③") == 0 ||
                      strcmp(item, "2⑤") == 0 || strcmp(item, "2⑨") == 0,
                  "unexpected error: %s", kaiji_finding_message(f));
    }
    kaiji_document_free(doc);
}

/* Sets, in exchange JSON doc, item id's answer for target (NULL: the
 * item's own) to answer ("yes", "no", "na"), with the 目標日 date. */
static void set_answer(cJSON *doc, const char *id, const char *target, const char *answer,
                       const char *date)
{
    static const struct { const char *name, *text; } words[] = {
        {"yes", "はい"}, {"no", "いいえ"}, {"na", "対象外"}};
    const char *text = "";
    for (size_t i = 0; i < 3; i++)
        if (strcmp(words[i].name, answer) == 0)
            text = words[i].text;
    cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "items")) {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")), id) != 0)
            continue;
        if (target) {
            cJSON *t;
            cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(it, "targets")) {
                if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "name")),
                           target) == 0) {
                    cJSON_ReplaceItemInObject(t, "answer", cJSON_CreateString(answer));
                    cJSON_ReplaceItemInObject(t, "text", cJSON_CreateString(text));
                }
            }
        }
        if (!target || strcmp(answer, "no") == 0) {
            cJSON_ReplaceItemInObject(it, "answer", cJSON_CreateString(answer));
            cJSON_ReplaceItemInObject(it, "answer_text", cJSON_CreateString(text));
        }
        if (date) {
            cJSON_ReplaceItemInObject(it, "target_date", cJSON_CreateString(date));
            cJSON_ReplaceItemInObject(it, "target_date_text", cJSON_CreateString(date));
            cJSON_ReplaceItemInObject(it, "remarks", cJSON_CreateString("更新予定"));
        }
        return;
    }
    cr_assert_fail("no item %s", id);
}

/* A vendor checklist (R7) for contract, from samples' good one. */
static cJSON *vendor_checklist(const char *vendor, const char *contract)
{
    char *json = ts_doc("checklist/vendor-r7-good.xlsx", vendor, "電子カルテ", contract);
    cJSON *doc = cJSON_Parse(json);
    cr_assert_not_null(doc);
    free(json);
    return doc;
}

static void ingest_json(kaiji_store *st, const char *name, cJSON *doc)
{
    char *text = cJSON_Print(doc);
    kaiji_ingest_result *res = ts_ingest(st, name, text, 0, "2026-11-26");
    cr_assert_eq(res->contract_count, 1, "%s linked to %zu contracts", name,
                 res->contract_count);
    kaiji_ingest_result_free(res);
    free(text);
    cJSON_Delete(doc);
}

Test(checklist_draft, a_no_takes_the_earliest_target_date_and_names_every_vendor_behind_it)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,電子カルテ,保守,あり\n"
                  "C-2,株式会社ベータ,PACS,保守,あり\n"
                  "C-3,株式会社ガンマ,検査,保守,あり\n"
                  "C-4,株式会社デルタ,掲示板,保守,なし\n");
    kaiji_store *st = ts_open(&e);
    cJSON *a = vendor_checklist("株式会社アルファ", "C-1");
    set_answer(a, "2④", "端末PC", "no", "2026-03-28");
    ingest_json(st, "C-1/alpha.json", a);
    cJSON *b = vendor_checklist("株式会社ベータ", "C-2");
    set_answer(b, "2④", "端末PC", "no", "2026-03-15");
    set_answer(b, "2④", "サーバ", "na", NULL);
    ingest_json(st, "C-2/beta.json", b);
    /* C-3: an older いいえ to 2⑧, then a newer checklist all はい */
    cJSON *g1 = vendor_checklist("株式会社ガンマ", "C-3");
    set_answer(g1, "2⑧", "サーバ", "no", "2026-01-15");
    ingest_json(st, "C-3/gamma-old.json", g1);
    ingest_json(st, "C-3/gamma-new.json", vendor_checklist("株式会社ガンマ", "C-3"));
    /* C-4 handles no patient data: its いいえ does not count */
    cJSON *d = vendor_checklist("株式会社デルタ", "C-4");
    set_answer(d, "2①", "サーバ", "no", "2025-11-30");
    ingest_json(st, "C-4/delta.json", d);
    kaiji_store_free(st);

    cr_assert_eq(draft(&e, "--answer 3②=はい --answer 3③=はい", &out), 0, "%s", out);
    cr_expect(strstr(out, "from 3 vendor checklists"), "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_VALID);
    const kaiji_item *it = t_item(doc, "2④");
    cr_assert_not_null(it);
    cr_expect_eq(answer_of(doc, "2④", "端末PC"), KAIJI_ANSWER_NO);
    cr_expect_eq(answer_of(doc, "2④", "サーバ"), KAIJI_ANSWER_YES,
                 "対象外 does not cover a target: the others said はい");
    cr_expect_str_eq(date_text(kaiji_item_target_date(it)), "2026-03-15", "the earliest");
    const char *remarks = kaiji_item_remarks(it);
    cr_expect(strstr(remarks, "株式会社アルファ (C-1) 目標日 令和8年3月28日"), "%s", remarks);
    cr_expect(strstr(remarks, "株式会社ベータ (C-2) 目標日 令和8年3月15日"), "%s", remarks);
    cr_expect(!strstr(remarks, "ガンマ"), "%s", remarks);
    cr_expect_eq(answer_of(doc, "2⑧", "サーバ"), KAIJI_ANSWER_YES,
                 "the newest checklist of C-3 counts");
    cr_expect_eq(answer_of(doc, "2①", "サーバ"), KAIJI_ANSWER_YES,
                 "a contract without patient data does not count");
    kaiji_document_free(doc);

    book bk = open_book(draft_path(&e));
    const kaiji_sheet *sh = sheet_named(&bk, "医療機関確認用");
    uint32_t row = 0;
    for (uint32_t r = 1; r <= sh->max_row && !row; r++)
        if (strcmp(text_at(sh, r, 1), "2④") == 0)
            row = r;
    cr_assert_neq(row, 0);
    const char *evidence = text_at(sh, row, 10);
    cr_expect(strstr(evidence, "いいえ（端末PC）: 株式会社アルファ：alpha.json 2④"), "%s", evidence);
    cr_expect(strstr(evidence, "いいえ（端末PC）: 株式会社ベータ：beta.json 2④"), "%s", evidence);
    cr_expect(strstr(evidence, "はい: 株式会社ガンマ：gamma-new.json 2④"), "%s", evidence);
    cr_expect(strstr(evidence, "gamma-new.json"), "%s", evidence);
    cr_expect(!strstr(evidence, "gamma-old.json"), "%s", evidence);
    cr_expect(!strstr(evidence, "delta.json"), "%s", evidence);
    cr_expect_str_eq(date_text(kaiji_sheet_cell(sh, row, 8)->date), "2026-03-15");
    close_book(&bk);
}

Test(checklist_draft, while_r8_items_are_unknown_the_draft_is_on_r7_and_says_so)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    cr_assert_eq(draft_at(&e, "2026-11-26", "", &out), 0, "%s", out);
    cr_expect(strstr(out, "the current edition is R8"), "%s", out);
    cr_expect(strstr(out, "read back: hospital checklist R7 outdated"), "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 11, 26);
    cr_expect_str_eq(kaiji_document_form_version(doc), "R7");
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_OUTDATED);
    kaiji_document_free(doc);
}

Test(checklist_draft, without_contracts_item_0_says_no_and_an_unknown_item_is_refused)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    cr_expect_eq(draft(&e, "--answer 9⑨=はい", &out), 2, "%s", out);
    cr_expect(strstr(out, "item '9⑨' is not on the 医療機関確認用 form of R7"), "%s", out);
    free(out);
    cr_expect_eq(draft(&e, "--answer 3②=maybe", &out), 2, "%s", out);
    free(out);
    cr_assert_eq(draft(&e, "", &out), 0, "item 0 いいえ ends the sheet: %s", out);
    cr_expect(strstr(out, "no active contract handles patient data"), "%s", out);
    cr_expect(!strstr(out, "left blank"), "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_HOSPITAL_CHECKLIST);
    cr_expect_eq(answer_of(doc, "0", NULL), KAIJI_ANSWER_NO);
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

/* Runs the python script text on the files args in e's folder; its exit
 * status. */
static int python(const ts_env *e, const char *script, const char *args, char **out)
{
    const char *path = ts_write(e, "edit.py", script, strlen(script));
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd '%s' && /usr/bin/python3 '%s' %s 2>&1", e->dir, path, args);
    return t_run(cmd, out);
}

/* What a hospital does in Excel with the draft: the 記入者, the answer of
 * 3③ no vendor can give, new 目標日 for 2⑤ (none) and 2⑨ (past), and a
 * いいえ of its own to 2① 端末PC where every vendor said はい. */
static const char *const fill_in_excel =
    "import sys, datetime, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "ws = wb['医療機関確認用']\n"
    "row = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}\n"
    "for r in range(1, 10):\n"
    "    if ws.cell(r, 1).value == '記入者':\n"
    "        ws.cell(r, 3).value = '情報システム課 山田'\n"
    "ws.cell(row['3③'], 3).value = 'はい'\n"
    "ws.cell(row['3③'], 6).value = datetime.datetime(2026, 3, 2)\n"
    "ws.cell(row['2⑤'], 8).value = datetime.datetime(2026, 3, 30)\n"
    "ws.cell(row['2⑨'], 8).value = datetime.datetime(2026, 3, 31)\n"
    "ws.cell(row['2①'], 4).value = 'いいえ'\n"
    "ws.cell(row['2①'], 8).value = datetime.datetime(2026, 3, 20)\n"
    "wb.save(sys.argv[2])\n";

Test(checklist_draft, the_hospital_s_edits_in_excel_are_read_back_and_kept_when_drafted_again)
{
    t_require_tool("python3-openpyxl", "/usr/bin/python3 -c 'import openpyxl'");
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    cr_assert_eq(draft(&e, "--answer 3-2=はい", &out), 1, "3③ and two 目標日 missing: %s", out);
    free(out);
    cr_assert_eq(python(&e, fill_in_excel, "draft.xlsx 下書き.xlsx", &out), 0, "%s", out);
    free(out);

    /* kaiji validate takes the filled draft as a 医療機関確認用 checklist */
    cr_expect_eq(ts_kaiji(&e, "validate --as-of 2026-03-01 下書き.xlsx", &out), 0, "%s", out);
    free(out);

    /* drafted again from it: the hospital's edits stay, the rest is redrawn */
    cr_assert_eq(draft(&e, "--from 下書き.xlsx", &out), 0, "%s", out);
    cr_expect(strstr(out, "3③: the hospital's answer kept from 下書き.xlsx"), "%s", out);
    cr_expect(strstr(out, "3②: the hospital's answer kept from 下書き.xlsx"), "%s", out);
    cr_expect(strstr(out, "2①: the hospital's answer kept"), "%s", out);
    cr_expect(!strstr(out, "2⑦: the hospital's answer kept"), "untouched: %s", out);
    cr_expect(strstr(out, "read back: hospital checklist R7 valid"), "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_VALID);
    cr_expect_eq(answer_of(doc, "3②", NULL), KAIJI_ANSWER_YES);
    cr_expect_eq(answer_of(doc, "3③", NULL), KAIJI_ANSWER_YES);
    cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "2⑤"))), "2026-03-30");
    cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "2⑨"))), "2026-03-31");
    cr_expect_eq(answer_of(doc, "2①", "端末PC"), KAIJI_ANSWER_NO);
    cr_expect_eq(answer_of(doc, "2①", "サーバ"), KAIJI_ANSWER_YES);
    cr_expect(strstr(kaiji_item_remarks(t_item(doc, "2①")), "事業者の回答は はい"), "%s",
              kaiji_item_remarks(t_item(doc, "2①")));
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_CONTACT), "情報システム課 山田");
    /* what the hospital did not touch is still the vendors' */
    cr_expect_eq(answer_of(doc, "2⑦", "サーバ"), KAIJI_ANSWER_NO);
    cr_expect(!strstr(kaiji_item_remarks(t_item(doc, "2⑦")), "医療機関"), "%s",
              kaiji_item_remarks(t_item(doc, "2⑦")));
    kaiji_document_free(doc);

    /* 根拠の詳細 names the filled draft in full */
    book b = open_book(draft_path(&e));
    const kaiji_sheet *det = sheet_named(&b, "根拠の詳細");
    bool named = false;
    for (uint32_t r = 2; r <= det->max_row; r++)
        if (strcmp(text_at(det, r, 1), "3③") == 0) {
            named = true;
            cr_expect_str_eq(text_at(det, r, 4), "医療機関の回答");
            cr_expect(strstr(text_at(det, r, 10), "/下書き.xlsx") &&
                          text_at(det, r, 10)[0] == '/',
                      "%s", text_at(det, r, 10));
        }
    cr_expect(named);
    close_book(&b);
}

Test(checklist_draft, from_refuses_a_file_that_is_not_a_hospital_checklist)
{
    ts_env e;
    char *out = NULL, args[1900];
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    snprintf(args, sizeof args, "--from '%s'", t_src("samples/checklist/vendor-r7-good.xlsx"));
    cr_expect_eq(draft(&e, args, &out), 2, "%s", out);
    cr_expect(strstr(out, "is not a 医療機関確認用 checklist"), "%s", out);
    free(out);
}

/* Item IDs as people type them: every form names 3②. */
static const char *const answer_forms[] = {
    "3②", "3-2", "3(2)", "3（2）", "３②", "３－２", "3.2", "３（２）", "3-(2)", "3 ②",
};

Test(checklist_draft, answer_takes_an_item_id_in_any_written_form)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    for (size_t i = 0; i < sizeof answer_forms / sizeof answer_forms[0]; i++) {
        char args[256], *out = NULL;
        snprintf(args, sizeof args, "--answer '%s=いいえ' --target-date '%s=2026/3/31'",
                 answer_forms[i], answer_forms[i]);
        cr_assert_eq(draft(&e, args, &out), 0, "%s: %s", answer_forms[i], out);
        free(out);
        kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
        cr_expect_eq(answer_of(doc, "3②", NULL), KAIJI_ANSWER_NO, "%s", answer_forms[i]);
        cr_expect_str_eq(date_text(kaiji_item_target_date(t_item(doc, "3②"))), "2026-03-31",
                         "%s", answer_forms[i]);
        kaiji_document_free(doc);
    }
}

/* What --answer and --target-date refuse, and how they say it. */
static const struct {
    const char *args, *says;
} refused[] = {
    {"--answer 3-9=はい", "item '3-9' is not on the 医療機関確認用 form of R7"},
    {"--answer 3②=たぶん", "--answer '3②=たぶん' is not ID=はい or ID=いいえ"},
    {"--answer =はい", "is not ID=はい or ID=いいえ"},
    {"--target-date 2⑤=2026-13-01", "--target-date '2026-13-01' is not a date"},
    {"--target-date 2⑤", "--target-date '2⑤' is not ID=DATE"},
};

Test(checklist_draft, a_wrong_answer_or_date_is_a_usage_error_that_says_what_is_wrong)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char *out = NULL;
        cr_expect_eq(draft(&e, refused[i].args, &out), 2, "%s: %s", refused[i].args, out);
        cr_expect(strstr(out, refused[i].says), "%s: %s", refused[i].args, out);
        free(out);
    }
    char *out = NULL;
    cr_expect_eq(draft(&e, "--answer '3②＝はい'", &out), 0, "a full-width ＝: %s", out);
    free(out);
}

Test(checklist_draft, a_past_target_date_is_a_finding_and_no_draft_of_past_dates_is_valid)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,電子カルテ,保守,あり\n");
    kaiji_store *st = ts_open(&e);
    cJSON *a = vendor_checklist("株式会社アルファ", "C-1");
    set_answer(a, "2④", "端末PC", "no", "2025-12-31");
    set_answer(a, "2⑧", "サーバ", "no", "2026-02-28");
    ingest_json(st, "C-1/alpha.json", a);
    kaiji_store_free(st);

    cr_assert_eq(draft(&e, "--answer 3②=はい --answer 3③=はい", &out), 1, "%s", out);
    cr_expect(strstr(out, "2④ いいえ, 目標日 2025-12-31 is already past on 2026-03-01"), "%s",
              out);
    cr_expect(strstr(out, "2⑧ いいえ, 目標日 2026-02-28 is already past"), "%s", out);
    cr_expect(strstr(out, "read back: hospital checklist R7 invalid"), "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_INVALID);
    cr_expect(t_has_finding(doc, "target-date-passed", "2④"));
    cr_expect(t_has_finding(doc, "target-date-passed", "2⑧"));
    kaiji_document_free(doc);

    /* the hospital sets new ones: valid */
    cr_assert_eq(draft(&e, "--answer 3②=はい --answer 3③=はい --target-date 2④=2026-03-31 "
                           "--target-date '2-8=令和8年3月20日'", &out),
                 0, "%s", out);
    free(out);
}

Test(checklist_draft, row_heights_follow_the_lines_of_east_asian_width)
{
    static const struct {
        const char *text;
        double width;
        unsigned lines;
    } cases[] = {
        {"", 44, 1},
        {"ascii text of forty characters, a row..", 44, 1},
        /* 22 kanji are 44 units: more than 43 fit */
        {"医療情報システム安全管理責任者を設置している", 44, 2},
        {"①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳①②", 44, 2},
        {"一\n二\n三", 44, 3},
        {"ｱｲｳｴｵｶｷｸｹｺｱｲｳｴｵｶｷｸｹｺｱｲｳｴｵｶｷｸｹｺｱｲｳｴｵｶｷｸｹ", 44, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *texts[] = {cases[i].text};
        double h = kaiji_checklist_row_height(texts, &cases[i].width, 1);
        double one = kaiji_checklist_row_height((const char *const[]){""}, &cases[i].width, 1);
        double line = kaiji_checklist_row_height((const char *const[]){"a\nb"},
                                                 &cases[i].width, 1) - one;
        cr_expect_eq(h, one + (cases[i].lines - 1) * line, "%s: %g", cases[i].text, h);
    }
    /* the tallest cell decides */
    const char *texts[] = {"一", "一\n二\n三\n四"};
    const double widths[] = {44, 44};
    double four = kaiji_checklist_row_height(texts + 1, widths, 1);
    cr_expect_eq(kaiji_checklist_row_height(texts, widths, 2), four);
}

Test(checklist_draft, openpyxl_sees_wareki_dates_and_rows_tall_enough)
{
    t_require_tool("python3-openpyxl", "/usr/bin/python3 -c 'import openpyxl'");
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    cr_assert_eq(draft(&e, "--org 架空市立さくら病院", &out), 1, "%s", out);
    free(out);
    cr_expect_eq(python(&e,
        "import sys, openpyxl, datetime, unicodedata\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "assert wb.sheetnames == ['医療機関確認用', '根拠の詳細'], wb.sheetnames\n"
        "ws = wb['医療機関確認用']\n"
        "row = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}\n"
        "day = ws.cell(row['記入日'], 3)\n"
        "assert day.value == datetime.datetime(2026, 3, 1), day.value\n"
        "assert 'ggge' in day.number_format, day.number_format\n"
        "assert ws.cell(row['1①'], 6).is_date\n"
        "def units(s):\n"
        "    return sum(2 if unicodedata.east_asian_width(c) in 'WFA' else 1 for c in s)\n"
        "for item in ('1①', '2①', '2⑤', '2⑦', '2⑨', '3③'):\n"
        "    r = row[item]\n"
        "    h = ws.row_dimensions[r].height\n"
        "    for col in (2, 9, 10):\n"
        "        text = ws.cell(r, col).value or ''\n"
        "        width = ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width\n"
        "        lines = sum(-(-units(l) // int(width - 1)) or 1 for l in text.split('\\n'))\n"
        "        assert h is not None and h >= 15 * lines, (item, col, h, lines, text)\n"
        "print('ok')\n",
        "draft.xlsx", &out), 0, "%s", out);
    free(out);
}

Test(checklist_draft, is_drafted_on_the_edition_current_by_publication_on_the_date)
{
    static const struct {
        const char *as_of, *edition;
    } cases[] = {
        {"2025-05-15", "R6"}, /* R7 was published on 2025-05-16 */
        {"2025-05-16", "R7"},
        {"2026-03-01", "R7"},
    };
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,掲示板,保守,なし\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL, want[64];
        cr_assert_eq(draft_at(&e, cases[i].as_of, "", &out), 0, "%s", out);
        snprintf(want, sizeof want, "医療機関確認用 %s as of %s", cases[i].edition,
                 cases[i].as_of);
        cr_expect(strstr(out, want), "%s: %s", want, out);
        free(out);
        int y, m, d;
        cr_assert_eq(sscanf(cases[i].as_of, "%d-%d-%d", &y, &m, &d), 3);
        kaiji_document *doc = read_validated(draft_path(&e), y, m, d);
        cr_expect_str_eq(kaiji_document_form_version(doc), cases[i].edition);
        cr_expect_eq(kaiji_document_status(doc), KAIJI_STATUS_VALID, "%s", cases[i].as_of);
        kaiji_document_free(doc);
    }
}

/* Runs "checklist draft ARGS" in e under LANG=ja_JP.UTF-8. */
static int draft_ja(const ts_env *e, const char *args, char **out)
{
    char cmd[12000], loc[1024], exe[1024];
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8 "
             "KAIJI_LOCALEDIR='%s' KAIJI_DB='%s' '%s' checklist draft --as-of 2026-03-01 %s 2>&1",
             e->dir, loc, e->db, exe, args);
    return t_run(cmd, out);
}

Test(checklist_draft, says_everything_in_japanese_under_ja_JP)
{
    t_require_locale("ja_JP.UTF-8");
    ts_env e;
    char *out = NULL;
    sample_store(&e);
    cr_assert_eq(draft_ja(&e, "-o draft.xlsx --answer 3-2=はい", &out), 1, "%s", out);
    free(out);
    cr_assert_eq(draft_ja(&e, "-o draft2.xlsx --from draft.xlsx", &out), 1, "%s", out);
    static const char *const japanese[] = {
        "2026年3月1日 時点", "使用せず", "版が R8 で R7 ではありません", "目標日なし",
        "2026年1月31日 は 2026年3月1日 の時点で過ぎています", "3③ は空欄です",
        "3②: ", "の医療機関の回答を残しました", "読み直し",
    };
    for (size_t i = 0; i < sizeof japanese / sizeof japanese[0]; i++)
        cr_expect(strstr(out, japanese[i]), "%s: %s", japanese[i], out);
    static const char *const english[] = {
        "as of", "not used", "edition R8", "none:", "already past", "left blank", "kept from",
        "read back", "ask the",
    };
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        cr_expect(!strstr(out, english[i]), "%s: %s", english[i], out);
    free(out);
    cr_expect_eq(draft_ja(&e, "--from /nonexistent/下書き.xlsx", &out), 2, "%s", out);
    cr_expect(strstr(out, "/nonexistent/下書き.xlsx を読み込めません"), "%s", out);
    free(out);
}

/* Sets the document date of exchange JSON doc. */
static void set_document_date(cJSON *doc, const char *date)
{
    cJSON_ReplaceItemInObject(doc, "document_date", cJSON_CreateString(date));
    cJSON *f = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "fields"),
                                                "document_date");
    if (f)
        cJSON_ReplaceItemInObject(f, "text", cJSON_CreateString(date));
}

Test(checklist_draft, takes_the_vendor_s_newest_checklist_by_document_date_not_by_ingest_order)
{
    ts_env e;
    char *out = NULL;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,システム名,契約種別,患者情報の有無\n"
                  "C-1,株式会社アルファ,電子カルテ,保守,あり\n");
    kaiji_store *st = ts_open(&e);
    cJSON *newer = vendor_checklist("株式会社アルファ", "C-1");
    set_document_date(newer, "2025-10-01");
    ingest_json(st, "C-1/newer.json", newer);
    /* an older checklist, with a いいえ, arrives after the newer one */
    cJSON *older = vendor_checklist("株式会社アルファ", "C-1");
    set_document_date(older, "2025-06-01");
    set_answer(older, "2①", "サーバ", "no", "2026-03-31");
    ingest_json(st, "C-1/older.json", older);
    kaiji_store_free(st);

    cr_assert_eq(draft(&e, "--answer 3②=はい --answer 3③=はい", &out), 0, "%s", out);
    free(out);
    kaiji_document *doc = read_validated(draft_path(&e), 2026, 3, 1);
    cr_expect_eq(answer_of(doc, "2①", "サーバ"), KAIJI_ANSWER_YES, "the newer one counts");
    kaiji_document_free(doc);
    book b = open_book(draft_path(&e));
    const kaiji_sheet *sh = sheet_named(&b, "医療機関確認用");
    const char *evidence = text_at(sh, row_of(sh, 1, "2①"), 10);
    cr_expect(strstr(evidence, "newer.json") && !strstr(evidence, "older.json"), "%s", evidence);
    close_book(&b);
}
