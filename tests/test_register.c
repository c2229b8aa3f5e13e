/*
 * tests/test_register.c - reading the contract register (CSV in UTF-8 with
 * or without BOM or CP932, XLSX; Japanese or English headers), refusing bad
 * rows whole with their line numbers, and importing it again without losing
 * history.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kaiji.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

static kaiji_register *read_text(const ts_env *e, const char *name, const char *text, size_t len)
{
    kaiji_register *reg = NULL;
    int rc = kaiji_register_read(&reg, ts_write(e, name, text, len));
    cr_assert(rc == KAIJI_OK || rc == KAIJI_ERROR_INVALID, "rc %d", rc);
    cr_assert_not_null(reg);
    return reg;
}

static const kaiji_contract *find(const kaiji_register *reg, const char *id)
{
    for (size_t i = 0; i < reg->contracts.count; i++)
        if (strcmp(reg->contracts.items[i].id, id) == 0)
            return &reg->contracts.items[i];
    return NULL;
}

static int ymd(kaiji_date d)
{
    return d.year * 10000 + d.month * 100 + d.day;
}

static const char *japanese =
    "契約番号,事業者名,メール,システム名/機器名,製品名,契約種別,患者情報の有無,依頼日,回答期限,URL\r\n"
    "C-001,株式会社メディカルA,a@example.jp,電子カルテ,MX-7,販売,有,2026/9/1,令和8年10月31日,\r\n"
    "C-002,\"サンプル医療情報㈱\",b@example.jp,\"画像保管\n(PACS)\",PACS,クラウド,○,2026-09-01,2026年12月25日,https://v.example/docs/\r\n"
    "C-003,テスト(株),,部門,TS-3,保守(機器),有,,,\r\n"
    "C-004,テスト(株),,閲覧端末,TS-3,保守,無,,,\r\n"
    ",,,,,,,,,\r\n"
    "C-005,\"Quote \"\"Inc.\"\"\",,X,Y,保守,なし,,,\r\n";

Test(register_csv, utf8_with_bom_japanese_headers_quotes_and_newlines)
{
    ts_env e;
    ts_env_init(&e);
    size_t n = strlen(japanese);
    char *bom = malloc(n + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, japanese, n + 1);
    kaiji_register *reg = read_text(&e, "r.csv", bom, n + 3);
    free(bom);
    cr_assert_eq(reg->error_count, 0, "%s", reg->errors[0].message);
    cr_expect_str_eq(reg->encoding, "UTF-8 (BOM)");
    cr_assert_eq(reg->contracts.count, 5);
    const kaiji_contract *c1 = find(reg, "C-001"), *c2 = find(reg, "C-002"),
                         *c3 = find(reg, "C-003"), *c4 = find(reg, "C-004"),
                         *c5 = find(reg, "C-005");
    cr_assert(c1 && c2 && c3 && c4 && c5);
    cr_expect_str_eq(c1->vendor, "株式会社メディカルA");
    cr_expect_eq(ymd(c1->due), 20261031);
    cr_expect_eq(ymd(c1->requested), 20260901);
    cr_expect_eq(c1->required, KAIJI_DOC_MDS | KAIJI_DOC_CHECKLIST);
    cr_expect_str_eq(c2->system, "画像保管\n(PACS)");
    cr_expect_eq(c2->required, KAIJI_DOC_SDS | KAIJI_DOC_CHECKLIST);
    cr_expect_str_eq(c2->url, "https://v.example/docs/");
    cr_expect_eq(c2->line, 3);
    cr_expect_eq(c3->required, KAIJI_DOC_MDS | KAIJI_DOC_SDS | KAIJI_DOC_CHECKLIST);
    cr_expect_eq(c3->due.year, 0);
    cr_expect_eq(c4->patient_data, false);
    cr_expect_eq(c4->required, 0);
    cr_expect_eq(c4->line, 6, "the embedded newline counts as a line");
    cr_expect_str_eq(c5->vendor, "Quote \"Inc.\"");
    kaiji_register_free(reg);
}

Test(register_csv, utf8_without_bom_and_english_headers)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_register *reg = read_text(
        &e, "r.csv",
        "Contract ID,Vendor,E-mail,System,Product,Contract Type,Patient data,"
        "Required documents,Request date,Due date (YYYY-MM-DD)\n"
        "E-1,Example Imaging Inc.,x@example.com,CT,SYNTH-CT,Sale,yes,SDS + checklist,2026-01-05,2026-02-28\n"
        "E-2,Example Imaging Inc.,x@example.com,US,SYNTH-US,Whatever,no,,,\n",
        0);
    cr_assert_eq(reg->error_count, 0, "%s", reg->errors[0].message);
    cr_expect_str_eq(reg->encoding, "UTF-8");
    const kaiji_contract *c = find(reg, "E-1");
    cr_assert_not_null(c);
    cr_expect_eq(c->required, KAIJI_DOC_SDS | KAIJI_DOC_CHECKLIST,
                 "the required-documents column wins over the type");
    cr_expect_eq(ymd(c->due), 20260228);
    cr_expect_str_eq(c->email, "x@example.com");
    cr_expect_eq(find(reg, "E-2")->patient_data, false);
    kaiji_register_free(reg);
}

Test(register_csv, the_cp932_register_imports_with_its_japanese_intact)
{
    kaiji_register *utf = NULL, *sjis = NULL;
    cr_assert_eq(kaiji_register_read(&utf, t_src("samples/register/contracts.csv")), KAIJI_OK);
    cr_assert_eq(kaiji_register_read(&sjis, t_src("samples/register/contracts-cp932.csv")),
                 KAIJI_OK);
    cr_expect_str_eq(sjis->encoding, "CP932");
    cr_assert_eq(sjis->error_count, 0);
    cr_assert_eq(sjis->contracts.count, utf->contracts.count);
    for (size_t i = 0; i < utf->contracts.count; i++) {
        const kaiji_contract *a = &utf->contracts.items[i], *b = &sjis->contracts.items[i];
        cr_expect_str_eq(a->id, b->id);
        cr_expect_str_eq(a->vendor, b->vendor);
        cr_expect_str_eq(a->system, b->system);
        cr_expect_str_eq(a->type, b->type);
        cr_expect_eq(ymd(a->due), ymd(b->due));
    }
    const kaiji_contract *c = find(sjis, "SMP-2026-0042");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->vendor, "サンプル医療情報㈱");
    cr_expect_str_eq(c->system, "画像保管(PACS)");
    kaiji_register_free(utf);
    kaiji_register_free(sjis);
}

Test(register_xlsx, the_workbook_gives_the_same_contracts_with_date_cells)
{
    kaiji_register *csv = NULL, *xlsx = NULL;
    cr_assert_eq(kaiji_register_read(&csv, t_src("samples/register/contracts.csv")), KAIJI_OK);
    cr_assert_eq(kaiji_register_read(&xlsx, t_src("samples/register/contracts.xlsx")), KAIJI_OK);
    cr_expect_str_eq(xlsx->encoding, "XLSX");
    cr_assert_eq(xlsx->error_count, 0, "%s", xlsx->errors[0].message);
    cr_assert_eq(xlsx->contracts.count, csv->contracts.count);
    for (size_t i = 0; i < csv->contracts.count; i++) {
        const kaiji_contract *a = &csv->contracts.items[i], *b = &xlsx->contracts.items[i];
        cr_expect_str_eq(a->id, b->id);
        cr_expect_str_eq(a->vendor, b->vendor);
        cr_expect_str_eq(a->email, b->email);
        cr_expect_eq(a->required, b->required, "%s", a->id);
        cr_expect_eq(a->patient_data, b->patient_data);
        cr_expect_eq(ymd(a->due), ymd(b->due), "%s", a->id);
        cr_expect_eq(ymd(a->requested), ymd(b->requested), "%s", a->id);
    }
    cr_expect_eq(find(xlsx, "KMS-2026-017")->line, 5, "XLSX rows are numbered as Excel does");
    kaiji_register_free(csv);
    kaiji_register_free(xlsx);
}

static const char *bad =
    "契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限,URL\n"
    "C-001,A社,a@example.jp,X,販売,有,2026/10/31,\n"
    ",B社,b@example.jp,Y,販売,有,2026/10/31,\n"
    "C-001,C社,c@example.jp,Z,販売,有,2026/10/31,\n"
    "C-004,D社,\"not an\naddress\",W,販売,有,2026/10/31,\n"
    "C-005,E社,,V,販売,有,2026/13/45,\n"
    "C-006,F社,,U,なにか,有,,\n"
    "C-007,G社,,T,保守,有,,ftp://g.example/\n"
    "C-008,H社,,S,保守,たぶん,,\n"
    "C-009,I社,i@example.jp,R,保守,有,2026/12/1,https://i.example/\n";

static const char *v1_for_refusal = "契約番号,事業者名,製品名,契約種別\nC-001,Z社,X,販売\n";

Test(register_bad, every_bad_row_is_reported_with_its_line_number)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_register *reg = read_text(&e, "r.csv", bad, 0);
    static const struct {
        unsigned line;
        const char *words;
    } want[] = {
        {3, "no contract ID"},
        {4, "already used on line 2"},
        {5, "not an e-mail"},
        {7, "2026/13/45"},
        {8, "なにか"},
        {9, "ftp://"},
        {10, "たぶん"},
    };
    cr_assert_eq(reg->error_count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < reg->error_count; i++) {
        cr_expect_eq(reg->errors[i].line, want[i].line, "error %zu: %s", i,
                     reg->errors[i].message);
        cr_expect(strstr(reg->errors[i].message, want[i].words), "line %u: %s",
                  reg->errors[i].line, reg->errors[i].message);
    }
    kaiji_store *st = ts_open(&e);
    kaiji_change_list *ch = NULL;
    cr_expect_eq(kaiji_store_import_register(&ch, st, reg), KAIJI_ERROR_INVALID);
    kaiji_store_free(st);
    kaiji_register_free(reg);
}

Test(register_bad, the_cli_refuses_a_bad_register_whole)
{
    ts_env e;
    ts_env_init(&e);
    ts_write(&e, "bad.csv", bad, 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "register import bad.csv", &out), 1);
    cr_expect(strstr(out, "bad.csv:3: no contract ID"), "%s", out);
    cr_expect(strstr(out, "bad.csv:10:"), "%s", out);
    cr_expect(strstr(out, "nothing imported: 7 rows"), "%s", out);
    free(out);
    cr_expect_not(ts_store_written(&e), "a refused register still wrote the store");
    ts_import(&e, v1_for_refusal);
    ts_write(&e, "bad.csv", bad, 0);
    cr_expect_eq(ts_kaiji(&e, "register import bad.csv", NULL), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE vendor = 'Z社'"), 1);
}

Test(register_bad, a_file_without_a_contract_id_column_or_with_an_open_quote_is_refused)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_register *reg = NULL;
    cr_expect_eq(kaiji_register_read(&reg, ts_write(&e, "a.csv", "name,mail\nA,a@b.jp\n", 0)),
                 KAIJI_ERROR_INVALID);
    cr_assert_not_null(reg);
    cr_expect_eq(reg->error_count, 1);
    kaiji_register_free(reg);
    cr_expect_eq(kaiji_register_read(&reg, ts_write(&e, "b.csv",
                                                   "契約番号,事業者名\nC-1,A\nC-2,\"B\n", 0)),
                 KAIJI_ERROR_INVALID);
    cr_assert_not_null(reg);
    cr_expect_eq(reg->errors[0].line, 3);
    kaiji_register_free(reg);
    cr_expect_eq(kaiji_register_read(&reg, ts_write(&e, "c.xlsx", "PK\x03\x04garbage", 0)),
                 KAIJI_ERROR_INVALID);
    kaiji_register_free(reg);
    reg = NULL;
    cr_expect_eq(kaiji_register_read(&reg, "/nonexistent/register.csv"), KAIJI_ERROR_IO);
    cr_expect_null(reg);
}

static const char *v1 =
    "契約番号,事業者名,製品名,契約種別,回答期限\n"
    "C-001,A社,X,販売,2026/10/31\n"
    "C-002,B社,Y,保守,2026/10/31\n"
    "C-003,C社,Z,保守,2026/10/31\n";
static const char *v2 =
    "契約番号,事業者名,製品名,契約種別,回答期限\n"
    "C-001,A社,X,販売,2026/11/30\n"
    "C-002,B社,Y,保守,2026/10/31\n"
    "C-004,D社,W,クラウド,2026/12/31\n";

Test(register_import, reimporting_updates_deactivates_and_keeps_history)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, v1);
    /* A submission linked to C-003, which is about to leave the register. */
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "C社", "Z", "C-003");
    kaiji_ingest_result_free(ts_ingest(st, "z.json", doc, 0, NULL));
    free(doc);
    kaiji_store_free(st);

    char *out = NULL;
    ts_write(&e, "v2.csv", v2, 0);
    cr_expect_eq(ts_kaiji(&e, "register import v2.csv", &out), 0, "%s", out);
    cr_expect(strstr(out, "updated C-001: due: 2026-10-31 → 2026-11-30"), "%s", out);
    cr_expect(strstr(out, "added C-004"), "%s", out);
    cr_expect(strstr(out, "deactivated C-003"), "%s", out);
    cr_expect(strstr(out, "1 added, 1 updated, 1 deactivated, 0 reactivated, 1 unchanged"), "%s",
              out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE active = 1"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE id = 'C-003' AND active = 0"),
                 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE contract_id = 'C-003'"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contract_history WHERE contract_id = 'C-001'"
                              " AND field = 'due' AND old_value = '2026-10-31'"
                              " AND new_value = '2026-11-30'"),
                 1);

    ts_write(&e, "v1.csv", v1, 0);
    cr_expect_eq(ts_kaiji(&e, "register import v1.csv", &out), 0);
    cr_expect(strstr(out, "reactivated C-003"), "%s", out);
    cr_expect(strstr(out, "deactivated C-004"), "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contract_history WHERE contract_id = 'C-003'"),
                 3, "added, deactivated, reactivated");
}

/* C-001 written with other cases, widths and invisible characters: a
 * zero-width space, a BOM, a word joiner, a soft hyphen, a left-to-right
 * mark, a variation selector. */
static const char *same_ids =
    "契約番号,事業者名,製品名,契約種別\n"
    "C-001,A社,X,販売\n"
    "c-001,B社,Y,販売\n"
    "Ｃ－００１,C社,Z,販売\n"
    "C\u200b-001,D社,W,販売\n"
    "\ufeffC-001,E社,V,販売\n"
    "C-001\u2060,F社,U,販売\n"
    "C-\u00ad001,G社,T,販売\n"
    "C-00\u200e1\ufe0f,H社,S,販売\n"
    "C-002,I社,R,販売\n";

Test(register_bad, ids_that_differ_only_in_case_width_or_invisible_characters_are_one_id)
{
    ts_env e;
    ts_env_init(&e);
    kaiji_register *reg = read_text(&e, "same.csv", same_ids, 0);
    cr_assert_eq(reg->contracts.count, 2);
    cr_expect_str_eq(reg->contracts.items[0].id, "C-001");
    cr_expect_str_eq(reg->contracts.items[1].id, "C-002");
    cr_assert_eq(reg->error_count, 7, "%zu errors", reg->error_count);
    for (size_t i = 0; i < reg->error_count; i++) {
        cr_expect_eq(reg->errors[i].line, i + 3);
        cr_expect(strstr(reg->errors[i].message, "already used on line 2"), "line %u: %s",
                  reg->errors[i].line, reg->errors[i].message);
        cr_expect(strstr(reg->errors[i].message, "\"C-001\""), "line %u: %s",
                  reg->errors[i].line, reg->errors[i].message);
    }
    /* The ID kept has no invisible character left in it. */
    kaiji_register_free(reg);
    reg = read_text(&e, "one.csv", "契約番号,事業者名,製品名,契約種別\nC\u200b-0\ufeff09,A社,X,販売\n", 0);
    cr_assert_eq(reg->contracts.count, 1);
    cr_expect_str_eq(reg->contracts.items[0].id, "C-009");
    kaiji_register_free(reg);
    /* The command refuses the register whole. */
    ts_write(&e, "same.csv", same_ids, 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "register import same.csv", &out), 1, "%s", out);
    cr_expect(strstr(out, "same.csv:3: contract ID \"c-001\" is already used on line 2, written"
                          " \"C-001\""),
              "%s", out);
    free(out);
}

Test(register_import, an_id_written_another_way_next_time_is_the_same_contract)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, v1);
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc("mds-sds/mds-5.0-good.xlsx", "A社", "X", "C-001");
    kaiji_ingest_result_free(ts_ingest(st, "x.json", doc, 0, NULL));
    free(doc);
    kaiji_store_free(st);
    /* The same register with c-001 in full width and a zero-width space. */
    static const char *v1_retyped =
        "契約番号,事業者名,製品名,契約種別,回答期限\n"
        "ｃ－\u200b００１,A社,X,販売,2026/10/31\n"
        "C-002,B社,Y,保守,2026/10/31\n"
        "C-003,C社,Z,保守,2026/10/31\n";
    ts_write(&e, "v1b.csv", v1_retyped, 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "register import v1b.csv", &out), 0, "%s", out);
    cr_expect(strstr(out, "0 added, 0 updated, 0 deactivated, 0 reactivated, 3 unchanged"), "%s",
              out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE id = 'C-001' AND active = 1"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE contract_id = 'C-001'"), 1);
}

Test(register_import, dry_run_shows_the_changes_and_writes_nothing)
{
    ts_env e;
    ts_env_init(&e);
    ts_write(&e, "v1.csv", v1, 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "register import --dry-run v1.csv", &out), 0);
    cr_expect(strstr(out, "would add C-001"), "%s", out);
    cr_expect(strstr(out, "nothing written"), "%s", out);
    free(out);
    if (!e.pg) /* PostgreSQL: opening the database creates the schema */
        cr_expect_not(ts_store_written(&e), "a dry run created the store");

    ts_import(&e, v1);
    ts_write(&e, "v2.csv", v2, 0);
    cr_expect_eq(ts_kaiji(&e, "register import --dry-run v2.csv", &out), 0);
    cr_expect(strstr(out, "would update C-001: due: 2026-10-31 → 2026-11-30"), "%s", out);
    cr_expect(strstr(out, "would deactivate C-003"), "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE active = 1"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contracts WHERE due = '2026-10-31'"), 3);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM contract_history"), 3);
}

Test(register_import, usage_errors_exit_2)
{
    ts_env e;
    ts_env_init(&e);
    cr_expect_eq(ts_kaiji(&e, "register", NULL), 2);
    cr_expect_eq(ts_kaiji(&e, "register export x.csv", NULL), 2);
    cr_expect_eq(ts_kaiji(&e, "register import", NULL), 2);
    cr_expect_eq(ts_kaiji(&e, "register import --bogus x.csv", NULL), 2);
}

/* A register of rows contracts "ID,V,保守,有" under the header
 * 契約番号,事業者名,契約種別,患者情報の有無: ID is id followed by the row's
 * index when numbered, id alone otherwise; then the line tail.  Read with
 * read_text. */
static kaiji_register *many_rows(const ts_env *e, const char *id, bool numbered, size_t rows,
                                 const char *tail)
{
    size_t cap = 128 + rows * (strlen(id) + 40) + strlen(tail), len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text, cap, "契約番号,事業者名,契約種別,患者情報の有無\n");
    for (size_t i = 0; i < rows; i++)
        len += numbered ? (size_t)snprintf(text + len, cap - len, "%s%zu,V,保守,有\n", id, i)
                        : (size_t)snprintf(text + len, cap - len, "%s,V,保守,有\n", id);
    len += (size_t)snprintf(text + len, cap - len, "%s", tail);
    kaiji_register *reg = read_text(e, "many.csv", text, len);
    free(text);
    return reg;
}

/* 300,000 distinct IDs and a repeat of the first on the last line: the
 * repeat is found with its line, every other row is taken.  Checked with an
 * index, not against every earlier row (which took minutes at this size). */
Test(register_bad, a_repeated_id_is_found_among_many_rows, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    const size_t rows = 300000;
    kaiji_register *reg = many_rows(&e, "K-", true, rows, "K-0,V,保守,有\n");
    cr_assert_eq(reg->contracts.count, rows);
    cr_assert_eq(reg->error_count, 1);
    cr_expect_eq(reg->errors[0].line, rows + 2);
    cr_expect(strstr(reg->errors[0].message, "\"K-0\"") && strstr(reg->errors[0].message, "line 2"),
              "%s", reg->errors[0].message);
    kaiji_register_free(reg);
}

/* 200,000 rows with one ID: every row after the first is refused, naming the
 * first row's line (the repeats are grouped once, not rescanned per row). */
Test(register_bad, many_rows_with_one_id_all_name_the_first, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    const size_t rows = 200000;
    kaiji_register *reg = many_rows(&e, "SAME", false, rows, "");
    cr_assert_eq(reg->contracts.count, 1);
    cr_assert_eq(reg->error_count, rows - 1);
    cr_expect_eq(reg->errors[0].line, 3);
    cr_expect_eq(reg->errors[rows - 2].line, rows + 1);
    cr_expect(strstr(reg->errors[rows - 2].message, "line 2"), "%s", reg->errors[rows - 2].message);
    kaiji_register_free(reg);
}

/* A CSV row of more fields than Excel has columns (16,384): the register is
 * read with its first columns, not refused as out of memory. */
Test(register_csv, a_row_wider_than_excel_is_read_with_its_first_columns)
{
    ts_env e;
    ts_env_init(&e);
    const size_t extra = 40000;
    size_t cap = 256 + extra * 3, len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text + len, cap - len, "契約番号,事業者名,契約種別,患者情報の有無\n");
    len += (size_t)snprintf(text + len, cap - len, "W-1,V社,保守,有");
    for (size_t i = 0; i < extra; i++)
        len += (size_t)snprintf(text + len, cap - len, ",x");
    len += (size_t)snprintf(text + len, cap - len, "\nW-2,V社,販売,有\n");
    kaiji_register *reg = read_text(&e, "wide.csv", text, len);
    free(text);
    cr_assert_eq(reg->error_count, 0, "%s", reg->error_count ? reg->errors[0].message : "");
    cr_assert_eq(reg->contracts.count, 2);
    cr_expect_str_eq(find(reg, "W-1")->vendor, "V社");
    cr_expect_eq(find(reg, "W-2")->line, 3);
    kaiji_register_free(reg);
}

/* --------------------------------------------- the blank register template */

/* Writes the template to e->dir/name through the command. */
static const char *write_template(const ts_env *e, const char *name)
{
    static _Thread_local char path[4400];
    char args[512], *out = NULL;
    snprintf(args, sizeof args, "register template -o '%s'", name);
    int rc = ts_kaiji(e, args, &out);
    cr_assert_eq(rc, 0, "register template failed (%d): %s", rc, out);
    free(out);
    snprintf(path, sizeof path, "%s/%s", e->dir, name);
    return path;
}

/* Runs a Python (standard library only) snippet on the workbook at path,
 * its output into *out. */
static int python_on(const char *path, const char *snippet, char **out)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "python3 -c '%s' '%s'", snippet, path);
    return t_run(cmd, out);
}

/* Prints the drop-down lists: "F:保守(機器)|保守|販売|クラウド" a line each. */
#define LISTS_PY                                                                             \
    "import sys,re,zipfile\n"                                                               \
    "x=zipfile.ZipFile(sys.argv[1]).read(\"xl/worksheets/sheet1.xml\").decode()\n"          \
    "for m in re.finditer(r\"<dataValidation type=.list.[^>]*sqref=.([A-Z]+)2:[^>]*>"      \
    "<formula1>.(.*?).</formula1>\",x):\n"                                        \
    " print(m.group(1)+\":\"+m.group(2).replace(\",\",\"|\"))\n"

Test(register_template, the_blank_register_imports_with_its_example_row_and_without_it)
{
    ts_env e;
    ts_env_init(&e);
    const char *path = write_template(&e, "契約台帳.xlsx");
    char *out = NULL;
    /* As it is: the example row is one good contract. */
    int rc = ts_kaiji(&e, "register import 契約台帳.xlsx", &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "imported 1 contract"), "%s", out);
    free(out);
    kaiji_register *reg = NULL;
    cr_assert_eq(kaiji_register_read(&reg, path), KAIJI_OK);
    cr_assert_eq(reg->contracts.count, 1);
    cr_expect_eq(reg->contracts.items[0].required, KAIJI_DOC_SDS | KAIJI_DOC_CHECKLIST);
    cr_expect(reg->contracts.items[0].patient_data);
    cr_expect(kaiji_date_valid(reg->contracts.items[0].due), "the due date is a date cell");
    kaiji_register_free(reg);

    /* Without the example row: a register of no contract, still accepted. */
    char *said = NULL;
    cr_assert_eq(python_on(path,
                           "import sys,re,zipfile\n"
                           "p=sys.argv[1];z=zipfile.ZipFile(p);f={n:z.read(n) for n in z.namelist()}\n"
                           "n=\"xl/worksheets/sheet1.xml\"\n"
                           "f[n]=re.sub(rb\"<row r=.2.*?</row>\",b\"\",f[n])\n"
                           "w=zipfile.ZipFile(p+\".empty.xlsx\",\"w\")\n"
                           "[w.writestr(k,v) for k,v in f.items()];w.close()\n",
                           &said),
                 0, "%s", said);
    free(said);
    char args[4600];
    snprintf(args, sizeof args, "register import --db other.db '%s.empty.xlsx'", path);
    rc = ts_kaiji(&e, args, &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "imported 0 contracts"), "%s", out);
    free(out);
}

Test(register_template, has_the_importers_headers_a_frozen_header_and_three_drop_down_lists)
{
    ts_env e;
    ts_env_init(&e);
    const char *path = write_template(&e, "t.xlsx");
    char *out = NULL;
    cr_assert_eq(python_on(path,
                           "import sys,re,zipfile\n"
                           "z=zipfile.ZipFile(sys.argv[1])\n"
                           "s=re.findall(r\"<t>(.*?)</t>\",z.read(\"xl/sharedStrings.xml\").decode())\n"
                           "x=z.read(\"xl/worksheets/sheet1.xml\").decode()\n"
                           "print(\"frozen\" if \"state=\\\"frozen\\\"\" in x else \"not frozen\")\n"
                           "print(\"widths\" if \"customWidth\" in x else \"no widths\")\n"
                           "print(\"|\".join(s))\n",
                           &out),
                 0, "%s", out);
    cr_expect(strstr(out, "frozen\n"), "%s", out);
    cr_expect(strstr(out, "widths\n"), "%s", out);
    static const char *const headers[] = {"契約番号", "事業者名", "メール", "システム名/機器名",
                                          "製品名", "契約種別", "患者情報の有無", "必要書類",
                                          "依頼日", "回答期限", "URL"};
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
        cr_expect(strstr(out, headers[i]), "no header %s: %s", headers[i], out);
    free(out);
    cr_assert_eq(python_on(path, LISTS_PY, &out), 0, "%s", out);
    cr_expect(strstr(out, "F:保守(機器)|保守|販売|クラウド\n"), "契約種別: %s", out);
    cr_expect(strstr(out, "G:有|無\n"), "患者情報: %s", out);
    cr_expect(strstr(out, "H:MDS|SDS|チェックリスト|MDS、SDS|"), "必要書類: %s", out);
    cr_expect(strstr(out, "MDS、SDS、チェックリスト\n"), "必要書類: %s", out);
    free(out);
}

/* What the lists offer is what the importer takes: one contract for each
 * choice of each list, imported together. */
Test(register_template, every_choice_of_its_drop_down_lists_imports)
{
    ts_env e;
    ts_env_init(&e);
    const char *path = write_template(&e, "t.xlsx");
    char *out = NULL;
    cr_assert_eq(python_on(path, LISTS_PY, &out), 0, "%s", out);
    char csv[8192] = "契約番号,事業者名,契約種別,患者情報の有無,必要書類\n";
    size_t n = 0;
    char *lines = NULL, *values = NULL;
    for (char *line = strtok_r(out, "\n", &lines); line; line = strtok_r(NULL, "\n", &lines)) {
        char col = line[0];
        for (char *v = strtok_r(line + 2, "|", &values); v; v = strtok_r(NULL, "|", &values)) {
            char row[512];
            snprintf(row, sizeof row, "T-%zu,V,%s,%s,%s\n", ++n, col == 'F' ? v : "保守",
                     col == 'G' ? v : "有", col == 'H' ? v : "");
            strncat(csv, row, sizeof csv - strlen(csv) - 1);
        }
    }
    free(out);
    cr_assert_geq(n, 4 + 2 + 7, "too few choices: %zu", n);
    kaiji_register *reg = read_text(&e, "choices.csv", csv, strlen(csv));
    cr_expect_eq(reg->error_count, 0, "%s", reg->error_count ? reg->errors[0].message : "");
    cr_expect_eq(reg->contracts.count, n);
    kaiji_register_free(reg);
}

Test(register_template, an_existing_file_is_not_overwritten_without_o)
{
    ts_env e;
    ts_env_init(&e);
    ts_write(&e, "contracts.xlsx", "mine", 4);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "register template", &out), 2, "%s", out);
    free(out);
    char path[4400];
    snprintf(path, sizeof path, "%s/contracts.xlsx", e.dir);
    char *data = t_slurp(path, NULL);
    cr_expect_str_eq(data, "mine");
    free(data);
}

Test(status_start, an_empty_store_says_how_to_begin_in_japanese)
{
    t_require_locale("ja_JP.UTF-8");
    ts_env e;
    ts_env_init(&e);
    char *out = NULL;
    int rc = ts_kaiji(&e, "status", &out);
    free(out);
    cr_expect_eq(rc, 0);
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE= KAIJI_DB='%s' '%s' status 2>&1",
             e.dir, e.db, t_build("kaiji"));
    rc = t_run(cmd, &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "kaiji register template -o 契約台帳.xlsx"), "%s", out);
    cr_expect(strstr(out, "kaiji register import 契約台帳.xlsx"), "%s", out);
    cr_expect(strstr(out, "kaiji ingest"), "%s", out);
    cr_expect_null(strstr(out, "No contract"), "English: %s", out);
    free(out);
}
