/*
 * tests/test_recognize.c - recognition by content: the same disclosure laid
 * out in many ways (columns permuted, blank rows and columns, merged title,
 * header fields above, below, inline or as a table, renamed sheet, per-choice
 * columns, full-width text, labels with stray spaces) gives the same
 * document; checklists with two-row headers, MDS2 with DOC header questions,
 * kind disambiguation, hidden sheets, locations and speed.
 *
 * Workbooks are built directly with the grid API: no XLSX needed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaiji.h"
#include "model/model.h"
#include "parser/grid.h"
#include "catalog/vocab.h"
#include "text/text.h"

/* ---- building workbooks ---------------------------------------------- */

static const kaiji_date no_date = { 0, 0, 0 };

static void put(kaiji_workbook *wb, kaiji_sheet *sh, uint32_t row, uint32_t col,
                const char *text)
{
    cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, col, KAIJI_CELL_STRING, text,
                                      strlen(text), 0, no_date), KAIJI_OK);
}

static void put_date(kaiji_workbook *wb, kaiji_sheet *sh, uint32_t row,
                     uint32_t col, int y, int m, int d)
{
    kaiji_date date = { y, m, d };
    char iso[11];

    kaiji_date_format(iso, date);
    cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, col, KAIJI_CELL_DATE, iso,
                                      strlen(iso), 45000, date), KAIJI_OK);
}

static void merge(kaiji_workbook *wb, kaiji_sheet *sh, uint32_t r1, uint32_t c1,
                  uint32_t r2, uint32_t c2)
{
    kaiji_range r = { r1, c1, r2, c2 };

    cr_assert_eq(kaiji_sheet_add_merge(wb, sh, r), KAIJI_OK);
}

/* ASCII turned into full-width forms (A -> Ａ, 1 -> １, / -> ／). */
static const char *fullwidth(char *buf, size_t size, const char *s)
{
    size_t n = 0;

    for (; *s && n + 4 < size; s++) {
        unsigned char c = (unsigned char)*s;

        if (c > 0x20 && c < 0x7f) {
            unsigned cp = 0xFF01u + (unsigned)(c - 0x21);

            buf[n++] = (char)(0xE0 | (cp >> 12));
            buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            buf[n++] = (char)(0x80 | (cp & 0x3F));
        } else {
            buf[n++] = (char)c;
        }
    }
    buf[n] = '\0';
    return buf;
}

static kaiji_vocab *vocab(void)
{
    kaiji_vocab *v = NULL;

    cr_assert_eq(kaiji_vocab_builtin(&v), KAIJI_OK);
    return v;
}

static kaiji_document *recognize(kaiji_workbook *wb)
{
    kaiji_vocab *v = vocab();
    kaiji_document *doc = kaiji_document_new("test.xlsx");
    size_t i;

    cr_assert_not_null(doc);
    for (i = 0; i < wb->sheet_count; i++)
        kaiji_sheet_finish(wb->sheets[i]);
    cr_assert_eq(kaiji_recognize(doc, wb, v), KAIJI_OK);
    kaiji_vocab_free(v);
    return doc;
}

/* What recognition found, without locations: equal summaries mean the same
 * document. */
static char *summary(const kaiji_document *doc)
{
    static const kaiji_field fields[] = { KAIJI_FIELD_VENDOR, KAIJI_FIELD_PRODUCT,
                                          KAIJI_FIELD_PRODUCT_VERSION,
                                          KAIJI_FIELD_GUIDELINE, KAIJI_FIELD_CONTACT,
                                          KAIJI_FIELD_CONTRACT };
    char *out = NULL, d[11];
    size_t len = 0, i, k;
    FILE *f = open_memstream(&out, &len);

    cr_assert_not_null(f);
    fprintf(f, "kind=%s version=%s guideline=%s date=%s\n",
            kaiji_kind_name(doc->kind), doc->form_version, doc->guideline,
            kaiji_date_format(d, doc->date));
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        fprintf(f, "%s=%s\n", kaiji_field_name(fields[i]), doc->fields[fields[i]]);
    for (i = 0; i < doc->item_count; i++) {
        const kaiji_item *it = &doc->items[i];

        fprintf(f, "[%s] sec=%s q=%s a=%s c=%s r=%s td=%s", it->id, it->section,
                it->question, kaiji_answer_name(it->answer), it->answer_comment,
                it->remarks, kaiji_date_format(d, it->target_date));
        for (k = 0; k < it->target_count; k++)
            fprintf(f, " %s:%s", it->targets[k].name,
                    kaiji_answer_name(it->targets[k].answer));
        for (k = 0; k < it->confirmation_count; k++)
            fprintf(f, " conf%zu=%s", k, kaiji_date_format(d, it->confirmations[k]));
        fputc('\n', f);
    }
    fclose(f);
    return out;
}

static const kaiji_item *item(const kaiji_document *doc, const char *id)
{
    size_t i;

    for (i = 0; i < doc->item_count; i++)
        if (strcmp(doc->items[i].id, id) == 0)
            return &doc->items[i];
    return NULL;
}

/* ---- one MDS, many layouts -------------------------------------------- */

typedef enum field_place { F_ABOVE, F_BELOW, F_INLINE, F_COLUMNS } field_place;

typedef struct layout {
    const char *sheet;
    uint32_t row0, col0;  /* where the form starts */
    int order[4];         /* the column slot of id, question, answer, remarks */
    bool title_merged;
    field_place fields;
    bool per_choice;      /* はい | いいえ | 対象外 columns with ○ */
    bool fullwidth;       /* IDs, dates and the version in full-width forms */
    bool date_cell;       /* 作成日 as a date cell rather than text */
    bool blank_rows;      /* a blank row after every item row */
    bool spaced_labels;   /* labels with stray spaces */
    bool comments;        /* answer and comment in one cell */
    bool hidden_lists;    /* a hidden sheet of dropdown lists first */
} layout;

static const char *const field_labels[] = { "製造業者名", "製品名", "型番・バージョン",
                                            "作成日", "開示書の版", "対応ガイドライン",
                                            "連絡先" };
static const char *const spaced_labels[] = { " 製造業者 名", "製 品 名 ", "型番・バージョン　",
                                             "作成日：", "開示書の版", "対応 ガイドライン",
                                             "【連絡先】" };
static const char *const field_values[] = { "株式会社サンプル医療", "サンプルPACS",
                                            "SP-100", "2024/10/01", "Ver.5.0",
                                            "第6.0版", "03-1234-5678" };

typedef struct mds_row {
    const char *id, *question, *answer, *remarks;
} mds_row;

static const mds_row mds_rows[] = {
    { "1", "管理体制", NULL, NULL },
    { "1-1", "セキュリティ管理責任者を置いている。", "はい", "" },
    { "1-2", "運用手順書を提供している。", "いいえ", "次期更新で対応" },
    { "2", "技術的対策", NULL, NULL },
    { "2-1", "マルウェア対策を実施している。", "はい（オプション）", "" },
    { "2-2", "保存データを暗号化している。", "対象外", "データを保存しない" },
};

static const char *choice_label(int k)
{
    return k == 0 ? "はい" : k == 1 ? "いいえ" : "対象外";
}

/* Builds the MDS of mds_rows laid out as L. */
static kaiji_workbook *build_mds(const layout *L)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh;
    uint32_t row, col[4], width, r0 = L->row0, c0 = L->col0;
    size_t i;
    char buf[256];

    cr_assert_not_null(wb);
    if (L->hidden_lists) {
        kaiji_sheet *lists = kaiji_workbook_add_sheet(wb, "Lists", true);

        put(wb, lists, 1, 1, "回答");
        put(wb, lists, 1, 2, "項番");
        put(wb, lists, 1, 3, "確認項目");
        put(wb, lists, 2, 1, "はい");
        put(wb, lists, 2, 2, "9-9");
        put(wb, lists, 3, 1, "いいえ");
        put(wb, lists, 4, 1, "対象外");
    }
    sh = kaiji_workbook_add_sheet(wb, L->sheet, false);
    cr_assert_not_null(sh);
    /* Column slots: the answer slot is three columns wide per choice. */
    width = 0;
    {
        uint32_t slot_col[4], c = c0;
        int s;

        for (s = 0; s < 4; s++) {
            int field;

            for (field = 0; field < 4 && L->order[field] != s; field++)
                ;
            slot_col[s] = c;
            c += field == 2 && L->per_choice ? 3 : 1;
        }
        for (s = 0; s < 4; s++)
            col[s] = slot_col[L->order[s]];
        width = c - c0;
    }
    put(wb, sh, r0, c0, "製造業者による医療情報セキュリティ開示書");
    if (L->title_merged)
        merge(wb, sh, r0, c0, r0, c0 + width - 1);

    row = r0 + 2;
    if (L->fields == F_ABOVE || L->fields == F_INLINE) {
        for (i = 0; i < 7; i++, row++) {
            const char *label = L->spaced_labels ? spaced_labels[i] : field_labels[i];
            const char *value = field_values[i];

            if (L->fullwidth && (i == 3 || i == 4))
                value = fullwidth(buf, sizeof buf, value);
            if (i == 3 && L->date_cell) {
                put(wb, sh, row, c0, label);
                put_date(wb, sh, row, c0 + 2, 2024, 10, 1);
                continue;
            }
            if (L->fields == F_INLINE) {
                char cell[300];

                snprintf(cell, sizeof cell, "%s：%s", field_labels[i], value);
                put(wb, sh, row, c0, cell);
            } else {
                put(wb, sh, row, c0, label);
                merge(wb, sh, row, c0, row, c0 + 1);
                put(wb, sh, row, c0 + 2, value);
            }
        }
        row++;
    } else if (L->fields == F_COLUMNS) {
        for (i = 0; i < 7; i++) {
            put(wb, sh, row, c0 + (uint32_t)i, field_labels[i]);
            if (i == 3 && L->date_cell)
                put_date(wb, sh, row + 1, c0 + (uint32_t)i, 2024, 10, 1);
            else
                put(wb, sh, row + 1, c0 + (uint32_t)i,
                    L->fullwidth && (i == 3 || i == 4)
                        ? fullwidth(buf, sizeof buf, field_values[i]) : field_values[i]);
        }
        row += 3;
    }
    /* The item table. */
    put(wb, sh, row, col[0], L->fullwidth ? "Ｎｏ．" : "項番");
    put(wb, sh, row, col[1], L->spaced_labels ? " 確認 項目 " : "確認項目");
    put(wb, sh, row, col[3], "備考");
    if (L->per_choice) {
        int k;

        put(wb, sh, row, col[2], "回答");
        merge(wb, sh, row, col[2], row, col[2] + 2);
        row++;
        for (k = 0; k < 3; k++)
            put(wb, sh, row, col[2] + (uint32_t)k, choice_label(k));
    } else {
        put(wb, sh, row, col[2], "回答");
    }
    row++;
    for (i = 0; i < sizeof mds_rows / sizeof mds_rows[0]; i++, row++) {
        const mds_row *m = &mds_rows[i];
        const char *answer = m->answer;

        put(wb, sh, row, col[0], L->fullwidth ? fullwidth(buf, sizeof buf, m->id) : m->id);
        put(wb, sh, row, col[1], m->question);
        if (answer && !L->comments && strncmp(answer, "はい（", strlen("はい（")) == 0)
            answer = "はい";
        if (answer && L->per_choice) {
            int k;

            for (k = 0; k < 3; k++)
                if (strcmp(answer, choice_label(k)) == 0)
                    put(wb, sh, row, col[2] + (uint32_t)k, "○");
        } else if (answer) {
            put(wb, sh, row, col[2], answer);
        }
        if (m->remarks && *m->remarks)
            put(wb, sh, row, col[3], m->remarks);
        if (L->blank_rows)
            row++;
    }
    if (L->fields == F_BELOW) {
        row += 2;
        for (i = 0; i < 7; i++, row++) {
            if (i == 3 && L->date_cell) {
                put(wb, sh, row, c0, field_labels[i]);
                put_date(wb, sh, row, c0 + 1, 2024, 10, 1);
                continue;
            }
            put(wb, sh, row, c0, L->spaced_labels ? spaced_labels[i] : field_labels[i]);
            put(wb, sh, row, c0 + 1, field_values[i]);
        }
    }
    return wb;
}

static const layout base = {
    .sheet = "Sheet1", .row0 = 1, .col0 = 1, .order = { 0, 1, 2, 3 },
    .fields = F_ABOVE, .comments = true,
};

Test(recognize_mds, canonical_layout_gives_kind_fields_and_items)
{
    kaiji_workbook *wb = build_mds(&base);
    kaiji_document *doc = recognize(wb);
    const kaiji_item *it;

    cr_assert_eq(doc->kind, KAIJI_KIND_MDS);
    cr_assert_str_eq(doc->form_version, "5.0");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_FORM_VERSION], "Ver.5.0");
    cr_assert_str_eq(doc->guideline, "6.0");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_VENDOR], "株式会社サンプル医療");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_PRODUCT], "サンプルPACS");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_PRODUCT_VERSION], "SP-100");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_CONTACT], "03-1234-5678");
    cr_assert_str_eq(doc->field_locations[KAIJI_FIELD_VENDOR], "Sheet1!C3");
    cr_assert_eq(doc->date.year, 2024);
    cr_assert_eq(doc->date.month, 10);
    cr_assert_eq(doc->date.day, 1);
    cr_assert_eq(doc->item_count, 4, "%zu items", doc->item_count);
    it = item(doc, "1-2");
    cr_assert_not_null(it);
    cr_assert_eq(it->answer, KAIJI_ANSWER_NO);
    cr_assert_str_eq(it->section, "管理体制");
    cr_assert_str_eq(it->question, "運用手順書を提供している。");
    cr_assert_str_eq(it->remarks, "次期更新で対応");
    it = item(doc, "2-1");
    cr_assert_eq(it->answer, KAIJI_ANSWER_YES);
    cr_assert_str_eq(it->answer_comment, "オプション");
    cr_assert_str_eq(it->section, "技術的対策");
    cr_assert_eq(item(doc, "2-2")->answer, KAIJI_ANSWER_NA);
    cr_assert_null(item(doc, "1"), "a section row is not an item");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* Every layout must give the summary of the canonical one. */
static void same_as(const layout *ref, const layout *variants, size_t n)
{
    kaiji_workbook *wb = build_mds(ref);
    kaiji_document *doc = recognize(wb);
    char *want = summary(doc);
    size_t i;

    cr_assert_eq(doc->item_count, 4);
    for (i = 0; i < n; i++) {
        kaiji_workbook *wb2 = build_mds(&variants[i]);
        kaiji_document *doc2 = recognize(wb2);
        char *got = summary(doc2);

        cr_expect_str_eq(got, want, "layout %zu differs:\n%s\nexpected:\n%s", i, got, want);
        free(got);
        kaiji_document_free(doc2);
        kaiji_workbook_free(wb2);
    }
    free(want);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_mds, the_same_document_in_other_layouts_reads_the_same)
{
    static const layout variants[] = {
        /* columns permuted, form moved right and down, merged title */
        { .sheet = "開示書", .row0 = 4, .col0 = 3, .order = { 3, 2, 0, 1 },
          .title_merged = true, .fields = F_ABOVE, .comments = true },
        /* header fields below the table, blank rows between items */
        { .sheet = "MDS", .row0 = 1, .col0 = 2, .order = { 0, 1, 2, 3 },
          .fields = F_BELOW, .blank_rows = true, .comments = true },
        /* "label：value" in one cell, renamed sheet with a space */
        { .sheet = "My Sheet", .row0 = 2, .col0 = 1, .order = { 1, 0, 3, 2 },
          .fields = F_INLINE, .comments = true },
        /* labels as a table of their own, date as a date cell */
        { .sheet = "Sheet1", .row0 = 1, .col0 = 1, .order = { 0, 1, 2, 3 },
          .fields = F_COLUMNS, .date_cell = true, .comments = true },
        /* full-width IDs, dates and version; labels with stray spaces */
        { .sheet = "Sheet1", .row0 = 1, .col0 = 1, .order = { 0, 1, 2, 3 },
          .fields = F_ABOVE, .fullwidth = true, .spaced_labels = true,
          .comments = true },
        /* a hidden sheet of lists before the form */
        { .sheet = "Sheet1", .row0 = 1, .col0 = 1, .order = { 0, 1, 2, 3 },
          .fields = F_ABOVE, .hidden_lists = true, .comments = true },
    };

    same_as(&base, variants, sizeof variants / sizeof variants[0]);
}

Test(recognize_mds, per_choice_columns_read_as_one_answer_column)
{
    static const layout plain = { .sheet = "Sheet1", .row0 = 1, .col0 = 1,
                                  .order = { 0, 1, 2, 3 }, .fields = F_ABOVE };
    static const layout variants[] = {
        { .sheet = "Sheet1", .row0 = 1, .col0 = 1, .order = { 0, 1, 2, 3 },
          .fields = F_ABOVE, .per_choice = true },
        { .sheet = "回答", .row0 = 3, .col0 = 2, .order = { 0, 1, 3, 2 },
          .fields = F_BELOW, .per_choice = true, .blank_rows = true },
    };

    same_as(&plain, variants, sizeof variants / sizeof variants[0]);
}

Test(recognize_mds, item_location_quotes_sheet_names_with_spaces)
{
    layout L = base;
    kaiji_workbook *wb;
    kaiji_document *doc;

    L.sheet = "My Sheet";
    wb = build_mds(&L);
    doc = recognize(wb);
    /* Table header at row 11; 1-1 is on row 13, answer in column C. */
    cr_assert_str_eq(item(doc, "1-1")->location, "'My Sheet'!C13");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* A small form with per-choice columns, rows of marks given as strings. */
Test(recognize_mds, marks_in_two_choice_columns_make_an_invalid_answer)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "Sheet1", false);
    kaiji_document *doc;
    const kaiji_item *it;

    put(wb, sh, 1, 1, "サービス事業者による医療情報セキュリティ開示書");
    put(wb, sh, 3, 1, "No.");
    put(wb, sh, 3, 2, "確認事項");
    put(wb, sh, 3, 3, "はい");
    put(wb, sh, 3, 4, "いいえ");
    put(wb, sh, 3, 5, "対象外");
    put(wb, sh, 4, 1, "1");
    put(wb, sh, 4, 2, "質問一");
    put(wb, sh, 4, 3, "○");
    put(wb, sh, 4, 4, "○");
    put(wb, sh, 5, 1, "2");
    put(wb, sh, 5, 2, "質問二");
    put(wb, sh, 5, 5, "✓");
    put(wb, sh, 6, 1, "3");
    put(wb, sh, 6, 2, "質問三");
    doc = recognize(wb);
    cr_assert_eq(doc->kind, KAIJI_KIND_SDS);
    cr_assert_eq(doc->item_count, 3);
    it = item(doc, "1");
    cr_assert_eq(it->answer, KAIJI_ANSWER_INVALID);
    cr_assert(strstr(it->answer_text, "はい") && strstr(it->answer_text, "いいえ"),
              "text names both: %s", it->answer_text);
    cr_assert_eq(item(doc, "2")->answer, KAIJI_ANSWER_NA);
    cr_assert_eq(item(doc, "3")->answer, KAIJI_ANSWER_BLANK);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* ---- kinds ------------------------------------------------------------ */

static kaiji_kind kind_of(const char *title, const char *label, const char *sheet)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, sheet ? sheet : "Sheet1", false);
    kaiji_document *doc;
    kaiji_kind k;

    put(wb, sh, 1, 2, title);
    if (label) {
        put(wb, sh, 2, 1, label);
        put(wb, sh, 2, 2, "株式会社サンプル");
    }
    put(wb, sh, 4, 1, "項番");
    put(wb, sh, 4, 2, "確認項目");
    put(wb, sh, 4, 3, "回答");
    put(wb, sh, 5, 1, "1");
    put(wb, sh, 5, 2, "質問");
    put(wb, sh, 5, 3, "はい");
    doc = recognize(wb);
    k = doc->kind;
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
    return k;
}

Test(recognize_kind, titles_give_the_kind)
{
    static const struct {
        const char *title, *label, *sheet;
        kaiji_kind kind;
    } cases[] = {
        { "製造業者による医療情報セキュリティ開示書", NULL, NULL, KAIJI_KIND_MDS },
        { "サービス事業者による医療情報セキュリティ開示書", NULL, NULL, KAIJI_KIND_SDS },
        { "製造業者／サービス事業者による医療情報セキュリティ開示書", "サービス事業者名", NULL,
          KAIJI_KIND_SDS },
        { "製造業者/サービス事業者による医療情報セキュリティ開示書", "製造業者名", NULL,
          KAIJI_KIND_MDS },
        { "製造業者/サービス事業者による医療情報セキュリティ開示書（SDS）", NULL, NULL,
          KAIJI_KIND_SDS },
        { "医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）", NULL, NULL,
          KAIJI_KIND_VENDOR_CHECKLIST },
        { "医療機関におけるサイバーセキュリティ対策チェックリスト", NULL, "医療機関確認用",
          KAIJI_KIND_HOSPITAL_CHECKLIST },
        { "Manufacturer Disclosure Statement for Medical Device Security -- MDS2", NULL, NULL,
          KAIJI_KIND_MDS2 },
        { "見積書", NULL, NULL, KAIJI_KIND_UNKNOWN },
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(kind_of(cases[i].title, cases[i].label, cases[i].sheet), cases[i].kind,
                     "case %zu (%s): got %s", i, cases[i].title,
                     kaiji_kind_name(kind_of(cases[i].title, cases[i].label, cases[i].sheet)));
}

Test(recognize_kind, a_workbook_without_a_form_is_unknown_and_empty)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "Sheet1", false);
    kaiji_document *doc;

    put(wb, sh, 1, 1, "売上");
    put(wb, sh, 2, 1, "1");
    put(wb, sh, 2, 2, "100");
    doc = recognize(wb);
    cr_assert_eq(doc->kind, KAIJI_KIND_UNKNOWN);
    cr_assert_eq(doc->item_count, 0);
    cr_assert(doc->readable);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* ---- checklists ------------------------------------------------------- */

/* The R6 事業者確認用 sheet: a two-row header (回答 over the three targets,
 * 確認日 over 1回目 | 2回目), section rows, an item without targets whose
 * answer cell is merged across the target columns.  split_section puts the
 * section number in a column of its own and "(1)" in the ID column. */
static kaiji_workbook *build_checklist(bool split_section, bool hidden_first)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh;
    uint32_t c = split_section ? 2 : 1; /* the ID column */
    uint32_t q = c + 1, t = c + 2, d = c + 5, g = c + 7, rm = c + 8;

    if (hidden_first) {
        kaiji_sheet *lists = kaiji_workbook_add_sheet(wb, "Lists", true);

        put(wb, lists, 1, 1, "はい");
        put(wb, lists, 2, 1, "いいえ");
    }
    sh = kaiji_workbook_add_sheet(wb, split_section ? "事業者確認用" : "Sheet1", false);
    put(wb, sh, 1, 1, "医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）");
    put(wb, sh, 2, 1, "令和6年5月版");
    put(wb, sh, 3, 1, "事業者名");
    put(wb, sh, 3, 3, "株式会社サンプル");
    put(wb, sh, 4, 1, "システム名");
    put(wb, sh, 4, 3, "電子カルテ");
    put(wb, sh, 6, split_section ? 1 : c, "項番");
    if (split_section)
        merge(wb, sh, 6, 1, 7, 2);
    else
        merge(wb, sh, 6, c, 7, c);
    put(wb, sh, 6, q, "確認項目");
    merge(wb, sh, 6, q, 7, q);
    put(wb, sh, 6, t, "回答");
    merge(wb, sh, 6, t, 6, t + 2);
    put(wb, sh, 7, t, "サーバ");
    put(wb, sh, 7, t + 1, "端末PC");
    put(wb, sh, 7, t + 2, "ネットワーク機器");
    put(wb, sh, 6, d, "確認日");
    merge(wb, sh, 6, d, 6, d + 1);
    put(wb, sh, 7, d, "1回目");
    put(wb, sh, 7, d + 1, "2回目");
    put(wb, sh, 6, g, "目標日");
    put(wb, sh, 6, rm, "備考");
    /* section 1 */
    put(wb, sh, 8, split_section ? 1 : c, "1");
    put(wb, sh, 8, q, "体制構築");
    put(wb, sh, 9, c, split_section ? "(1)" : "1(1)");
    put(wb, sh, 9, q, "医療情報システム等の提供に係る管理責任者を設置している。");
    put(wb, sh, 9, t, "はい");
    merge(wb, sh, 9, t, 9, t + 2);
    put_date(wb, sh, 9, d, 2024, 6, 1);
    /* section 2 */
    put(wb, sh, 10, split_section ? 1 : c, "2");
    put(wb, sh, 10, q, "医療情報システムの管理・運用");
    put(wb, sh, 11, c, split_section ? "(1)" : "2(1)");
    put(wb, sh, 11, q, "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。");
    put(wb, sh, 11, t, "はい");
    put(wb, sh, 11, t + 1, "はい");
    put(wb, sh, 11, t + 2, "いいえ");
    put(wb, sh, 11, d, "2024/6/1");
    put(wb, sh, 11, d + 1, "R6.9.30");
    put(wb, sh, 11, g, "令和7年3月31日");
    put(wb, sh, 12, c, split_section ? "⑦" : "2⑦");
    put(wb, sh, 12, q, "セキュリティパッチを適用している。");
    put(wb, sh, 12, t, "はい");
    put(wb, sh, 12, t + 1, "はい");
    put(wb, sh, 12, t + 2, "対象外");
    put(wb, sh, 12, rm, "ネットワーク機器は医療機関の管理");
    put_date(wb, sh, 12, d, 2024, 7, 15);
    return wb;
}

Test(recognize_checklist, two_row_header_gives_targets_rounds_and_sections)
{
    kaiji_workbook *wb = build_checklist(false, true);
    kaiji_document *doc = recognize(wb);
    const kaiji_item *it;
    char d[11];

    cr_assert_eq(doc->kind, KAIJI_KIND_VENDOR_CHECKLIST);
    cr_assert_str_eq(doc->form_version, "R6");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_VENDOR], "株式会社サンプル");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_PRODUCT], "電子カルテ");
    cr_assert_eq(doc->item_count, 3, "%zu items", doc->item_count);
    it = item(doc, "1(1)");
    cr_assert_not_null(it);
    cr_assert_eq(it->target_count, 0, "a merged answer is one answer");
    cr_assert_eq(it->answer, KAIJI_ANSWER_YES);
    cr_assert_str_eq(it->section, "体制構築");
    cr_assert_eq(it->confirmation_count, 2);
    cr_assert_str_eq(kaiji_date_format(d, it->confirmations[0]), "2024-06-01");
    it = item(doc, "2(1)");
    cr_assert_eq(it->target_count, 3);
    cr_assert_str_eq(it->targets[0].name, "サーバ");
    cr_assert_eq(it->targets[2].answer, KAIJI_ANSWER_NO);
    cr_assert_eq(it->answer, KAIJI_ANSWER_NO);
    cr_assert_str_eq(kaiji_date_format(d, it->confirmations[1]), "2024-09-30");
    cr_assert_str_eq(kaiji_date_format(d, it->target_date), "2025-03-31");
    cr_assert_str_eq(it->section, "医療情報システムの管理・運用");
    it = item(doc, "2⑦");
    cr_assert_not_null(it);
    cr_assert_str_eq(it->remarks, "ネットワーク機器は医療機関の管理");
    /* the latest confirmation date is the document date */
    cr_assert_str_eq(kaiji_date_format(d, doc->date), "2024-09-30");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_checklist, section_number_in_its_own_column_composes_the_id)
{
    kaiji_workbook *a = build_checklist(false, false), *b = build_checklist(true, false);
    kaiji_document *da = recognize(a), *db = recognize(b);
    char *sa = summary(da), *sb = summary(db);

    cr_assert_not_null(item(db, "2(1)"), "%s", sb);
    cr_assert_str_eq(sb, sa);
    free(sa);
    free(sb);
    kaiji_document_free(da);
    kaiji_document_free(db);
    kaiji_workbook_free(a);
    kaiji_workbook_free(b);
}

/* ---- MDS2 ------------------------------------------------------------- */

static kaiji_workbook *build_mds2(const char *title, bool validation)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "mds2-form", false);
    static const char *const rows[][4] = {
        { "DOC-1", "Manufacturer Name", "Example Medical Inc.", "__" },
        { "DOC-2", "Device Description", "Ultrasound scanner", "__" },
        { "DOC-3", "Device Model", "US-900", "__" },
        { "DOC-4", "Document ID", "X-1", "__" },
        { "DOC-5", "Manufacturer Contact Information", "psirt@example.com", "__" },
        { NULL, "MANAGEMENT OF PERSONALLY IDENTIFIABLE INFORMATION", NULL, NULL },
        { "MPII-1", "Can this device display, transmit, store, or modify PII?", "Yes", "See Note 1" },
        { "MPII-2", "Does the device maintain PII?", "Yes,optional", "__" },
        { "SHAD-15", "Does the device support hardening?", "N/A", "__" },
        { "AUDT-1.1", "Does the audit log record a USER ID?", "See Notes", "__" },
    };
    size_t i;
    uint32_t row = 5;

    if (title)
        put(wb, sh, 2, 1, title);
    put(wb, sh, 4, 1, "Question ID");
    put(wb, sh, 4, 2, "Question");
    put(wb, sh, 4, 4, "See note");
    put(wb, sh, 4, 5, "IEC TR 80001-2-2:2012");
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++, row++) {
        if (rows[i][0])
            put(wb, sh, row, 1, rows[i][0]);
        put(wb, sh, row, 2, rows[i][1]);
        if (rows[i][2])
            put(wb, sh, row, 3, rows[i][2]);
        if (rows[i][3])
            put(wb, sh, row, 4, rows[i][3]);
        if (i == 5) {
            row++;
            put(wb, sh, row, 1, "DOC-7");
            put(wb, sh, row, 2, "Document Release Date");
            put_date(wb, sh, row, 3, 2024, 3, 31);
            row++;
        }
    }
    if (validation) {
        kaiji_range r = { 5, 3, 100, 3 };
        const char *items[] = { "Yes", "No", "N/A", "See Notes" };

        /* An MDS2 sent blank but for the DOC answers: the list decides. */
        cr_assert_eq(kaiji_sheet_add_validation(wb, sh, &r, 1, items, 4), KAIJI_OK);
    }
    return wb;
}

Test(recognize_mds2, doc_questions_are_the_header_and_items)
{
    kaiji_workbook *wb = build_mds2("Manufacturer Disclosure Statement for Medical Device "
                                    "Security -- MDS2", false);
    kaiji_document *doc = recognize(wb);
    const kaiji_item *it;
    char d[11];

    cr_assert_eq(doc->kind, KAIJI_KIND_MDS2);
    cr_assert_str_eq(doc->form_version, "HN 1-2019");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_VENDOR], "Example Medical Inc.");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_PRODUCT], "Ultrasound scanner");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_PRODUCT_VERSION], "US-900");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_CONTACT], "psirt@example.com");
    cr_assert_str_eq(doc->field_locations[KAIJI_FIELD_VENDOR], "'mds2-form'!C5");
    cr_assert_str_eq(kaiji_date_format(d, doc->date), "2024-03-31");
    cr_assert_not_null(item(doc, "DOC-4"), "DOC questions stay items");
    it = item(doc, "MPII-2");
    cr_assert_eq(it->answer, KAIJI_ANSWER_YES);
    cr_assert_str_eq(it->answer_comment, "optional");
    cr_assert_str_eq(it->section, "MPII");
    cr_assert_str_eq(item(doc, "MPII-1")->remarks, "See Note 1");
    cr_assert_str_eq(item(doc, "MPII-2")->remarks, "", "__ is no remark");
    cr_assert_eq(item(doc, "SHAD-15")->answer, KAIJI_ANSWER_NA);
    cr_assert_eq(item(doc, "AUDT-1.1")->answer, KAIJI_ANSWER_SEE_NOTE);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_mds2, edition_text_wins_and_no_title_still_reads_as_mds2)
{
    kaiji_workbook *wb = build_mds2("MDS2 form HN 1-2013", false);
    kaiji_document *doc = recognize(wb);

    cr_assert_eq(doc->kind, KAIJI_KIND_MDS2);
    cr_assert_str_eq(doc->form_version, "HN 1-2013");
    cr_assert_str_eq(doc->fields[KAIJI_FIELD_FORM_VERSION], "MDS2 form HN 1-2013");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_mds2, answer_column_found_by_validation_list_when_blank)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "form", false);
    kaiji_range r = { 2, 3, 10, 3 };
    const char *items[] = { "Yes", "No", "N/A", "See Notes" };
    kaiji_document *doc;

    put(wb, sh, 1, 1, "Question ID");
    put(wb, sh, 1, 2, "Question");
    put(wb, sh, 1, 4, "Note #");
    put(wb, sh, 2, 1, "AUDT-1");
    put(wb, sh, 2, 2, "Can the device create audit logs?");
    put(wb, sh, 2, 4, "remark");
    put(wb, sh, 3, 1, "AUDT-2");
    put(wb, sh, 3, 2, "Are logs kept?");
    put(wb, sh, 4, 1, "AUTH-1");
    put(wb, sh, 4, 2, "Does the device prevent access?");
    put(wb, sh, 4, 3, "Yes");
    cr_assert_eq(kaiji_sheet_add_validation(wb, sh, &r, 1, items, 4), KAIJI_OK);
    doc = recognize(wb);
    cr_assert_eq(doc->kind, KAIJI_KIND_MDS2);
    cr_assert_eq(doc->item_count, 3);
    cr_assert_eq(item(doc, "AUTH-1")->answer, KAIJI_ANSWER_YES);
    cr_assert_str_eq(item(doc, "AUTH-1")->location, "form!C4");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* ---- speed ------------------------------------------------------------ */

/* A hang guard, not a measure: time is measured by `make bench` and the
 * hostile-file tests, never asserted here. */
Test(recognize_big, a_sheet_of_300000_rows_gives_300000_items, .timeout = 120)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "big", false);
    kaiji_document *doc;
    uint32_t row, n = 300000;

    put(wb, sh, 1, 1, "製造業者による医療情報セキュリティ開示書");
    put(wb, sh, 2, 1, "項番");
    put(wb, sh, 2, 2, "確認項目");
    put(wb, sh, 2, 3, "回答");
    put(wb, sh, 2, 4, "備考");
    for (row = 3; row < n + 3; row++) {
        char id[32];

        snprintf(id, sizeof id, "%u.%u.%u", row / 10000 + 1, row / 100 % 100 + 1,
                 row % 100 + 1);
        put(wb, sh, row, 1, id);
        put(wb, sh, row, 2, "確認項目の文章がここに入る。");
        put(wb, sh, row, 3, row % 3 ? "はい" : "いいえ");
        merge(wb, sh, row, 4, row, 6);
    }
    kaiji_sheet_finish(sh);
    doc = recognize(wb);
    cr_assert_eq(doc->item_count, n);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

/* ---- hostile grids ---------------------------------------------------- */

Test(recognize_hostile, extreme_positions_and_merges_do_not_crash_or_hang, .timeout = 20)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "'x'!", false);
    kaiji_document *doc;

    put(wb, sh, 1, 1, "項番");
    put(wb, sh, 1, 2, "確認項目");
    put(wb, sh, 1, 3, "回答");
    merge(wb, sh, 1, 1, UINT32_MAX, UINT32_MAX);
    merge(wb, sh, UINT32_MAX - 3, 1, UINT32_MAX, 3);
    put(wb, sh, UINT32_MAX, UINT32_MAX, "1(1)");
    put(wb, sh, UINT32_MAX - 1, 1, "(1)");
    put(wb, sh, UINT32_MAX - 1, 3, "はい");
    put(wb, sh, 5, 1, "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０");
    doc = recognize(wb);
    cr_assert(doc->readable);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
    /* An empty workbook, and no vocabulary. */
    wb = kaiji_workbook_new();
    doc = kaiji_document_new("x");
    cr_assert_eq(kaiji_recognize(doc, wb, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_document_kind(doc), KAIJI_KIND_UNKNOWN);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_kind, r8_and_pharmacy_sheets_read_as_the_hospital_checklist)
{
    static const struct {
        const char *title, *sheet;
        kaiji_kind kind;
    } cases[] = {
        { "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト", "医療機関・薬局確認用",
          KAIJI_KIND_HOSPITAL_CHECKLIST },
        { "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト", "事業者確認用",
          KAIJI_KIND_VENDOR_CHECKLIST },
        { "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト【医療機関・薬局確認用】",
          NULL, KAIJI_KIND_HOSPITAL_CHECKLIST },
        { "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）", NULL,
          KAIJI_KIND_VENDOR_CHECKLIST },
        { "薬局におけるサイバーセキュリティ対策チェックリスト", "薬局確認用",
          KAIJI_KIND_HOSPITAL_CHECKLIST },
        { "医療機関におけるサイバーセキュリティ対策チェックリスト", "医療機関等確認用",
          KAIJI_KIND_HOSPITAL_CHECKLIST },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_kind k = kind_of(cases[i].title, NULL, cases[i].sheet);
        cr_expect_eq(k, cases[i].kind, "case %zu (%s / %s): got %s", i, cases[i].title,
                     cases[i].sheet ? cases[i].sheet : "-", kaiji_kind_name(k));
    }
}

/* ---- recognition, generalised: versions, IDs, titles, month dates ------ */

/* An MDS laid out as a person writes one: a title (merged A1:D1), the lines
 * under it, header fields (no 開示書の版 label), the item table with the IDs
 * given (NULL-ended; a NULL id_label leaves the ID column unlabelled) and
 * the lines under the table.  date is the 作成日 value (a text). */
typedef struct mds_spec {
    const char *title;
    const char *const *above;
    const char *const *ids;
    const char *id_label;
    const char *const *below;
    const char *date;
    const char *product_version;
} mds_spec;

static const char *const plain_ids[] = { "1-1", "1-2", "2-1", "2-2", NULL };

static kaiji_workbook *build_spec(const mds_spec *m)
{
    static const char *const answers[] = { "はい", "いいえ", "対象外", "はい" };
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "開示書", false);
    const char *const *ids = m->ids ? m->ids : plain_ids;
    uint32_t row = 1;
    size_t i;

    cr_assert_not_null(sh);
    put(wb, sh, row, 1, m->title ? m->title : "製造業者による医療情報セキュリティ開示書");
    merge(wb, sh, row, 1, row, 4);
    row++;
    for (i = 0; m->above && m->above[i]; i++, row++) {
        put(wb, sh, row, 1, m->above[i]);
        merge(wb, sh, row, 1, row, 4);
    }
    row++;
    {
        const char *const labels[] = { "製造業者名", "製品名", "型番・バージョン", "作成日",
                                       "対応ガイドライン", "連絡先" };
        const char *const values[] = { "株式会社サンプル医療", "サンプルPACS",
                                       m->product_version ? m->product_version : "SP-100",
                                       m->date ? m->date : "2024/10/01", "第6.0版",
                                       "03-1234-5678" };

        for (i = 0; i < 6; i++, row++) {
            put(wb, sh, row, 1, labels[i]);
            merge(wb, sh, row, 1, row, 2);
            put(wb, sh, row, 3, values[i]);
        }
    }
    row++;
    if (m->id_label)
        put(wb, sh, row, 1, m->id_label);
    put(wb, sh, row, 2, "確認項目");
    put(wb, sh, row, 3, "回答");
    put(wb, sh, row, 4, "備考");
    row++;
    for (i = 0; ids[i]; i++, row++) {
        put(wb, sh, row, 1, ids[i]);
        put(wb, sh, row, 2, "セキュリティ対策を実施している。");
        put(wb, sh, row, 3, answers[i % 4]);
        if (i % 4 == 2)
            put(wb, sh, row, 4, "該当機能なし");
    }
    row++;
    for (i = 0; m->below && m->below[i]; i++, row++) {
        put(wb, sh, row, 1, m->below[i]);
        merge(wb, sh, row, 1, row, 4);
    }
    return wb;
}

/* The form version recognition finds in the MDS of m ("" for none). */
static char *version_of(const mds_spec *m, const char *const *props)
{
    kaiji_workbook *wb = build_spec(m);
    kaiji_document *doc;
    char *v;

    for (int k = 0; props && k < KAIJI_PROP__COUNT; k++)
        wb->props[k] = props[k];
    doc = recognize(wb);
    cr_assert_eq(doc->kind, KAIJI_KIND_MDS);
    v = strdup(doc->form_version ? doc->form_version : "");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
    return v;
}

static void expect_version(const mds_spec *m, const char *const *props, const char *want,
                           const char *what)
{
    char *v = version_of(m, props);

    cr_expect_str_eq(v, want, "%s: got \"%s\", expected \"%s\"", what, v, want);
    free(v);
}

static const char *const written_forms[] = {
    "Ver.5.0", "V5.0", "Ver５．０", "Ｖｅｒ．５．０", "5.0版", "第5.0版", "第5版", "Ver 5.0",
    "ver5.0", "（Ver.5.0）", "様式 Ver.5.0", "JAHIS 24-005 第5.0版",
};

Test(recognize_version, the_form_version_in_a_subtitle_line_is_found_in_every_written_form)
{
    for (size_t i = 0; i < sizeof written_forms / sizeof written_forms[0]; i++) {
        const char *above[] = { written_forms[i], NULL };
        mds_spec m = { .above = above };

        expect_version(&m, NULL, "5.0", written_forms[i]);
    }
}

Test(recognize_version, the_form_version_in_the_title_cell_is_found_in_every_written_form)
{
    for (size_t i = 0; i < sizeof written_forms / sizeof written_forms[0]; i++) {
        char title[256];
        mds_spec m = { .title = title };

        snprintf(title, sizeof title, "製造業者による医療情報セキュリティ開示書 %s",
                 written_forms[i]);
        expect_version(&m, NULL, "5.0", title);
    }
}

Test(recognize_version, the_form_version_in_a_closing_note_under_the_table_is_found)
{
    const char *below[] = { "※ 回答欄には「はい」「いいえ」「対象外」のいずれかを記入してください。",
                            "本様式は JAHIS 標準 24-005 Ver.5.0 に準拠しています。", NULL };
    mds_spec m = { .below = below };

    expect_version(&m, NULL, "5.0", "closing note");
}

Test(recognize_version, the_form_version_only_in_the_document_properties_is_found)
{
    const char *subject[KAIJI_PROP__COUNT] = {
        [KAIJI_PROP_TITLE] = "製造業者による医療情報セキュリティ開示書",
        [KAIJI_PROP_SUBJECT] = "MDS 第5.0版",
    };
    const char *keywords[KAIJI_PROP__COUNT] = {
        [KAIJI_PROP_KEYWORDS] = "JAHIS; MDS/SDS; Ver.5.0",
    };
    mds_spec m = { 0 };
    kaiji_workbook *wb = build_spec(&m);
    kaiji_document *doc;

    expect_version(&m, subject, "5.0", "subject");
    expect_version(&m, keywords, "5.0", "keywords");
    for (int k = 0; k < KAIJI_PROP__COUNT; k++)
        wb->props[k] = subject[k];
    doc = recognize(wb);
    cr_expect_str_eq(doc->field_locations[KAIJI_FIELD_FORM_VERSION], "docProps/core.xml");
    cr_expect_str_eq(doc->fields[KAIJI_FIELD_FORM_VERSION], "MDS 第5.0版");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_version, the_sheet_wins_over_the_document_properties)
{
    const char *above[] = { "Ver.4.1", NULL };
    const char *props[KAIJI_PROP__COUNT] = { [KAIJI_PROP_SUBJECT] = "MDS Ver.5.0" };
    mds_spec m = { .above = above };

    expect_version(&m, props, "4.1", "subtitle and properties");
}

Test(recognize_version, a_guideline_edition_a_date_or_a_product_version_is_not_the_form_version)
{
    static const char *const lines[] = {
        "ガイドライン第6.0版対応",
        "医療情報システムの安全管理に関するガイドライン 第6.0版",
        "（医療情報システムの安全管理に関するガイドライン第6.0版に対応）",
        "ガイドライン Ver.6.0 対応",
        "6.0版ガイドライン対応",
        "2024年11月版",
        "令和6年11月",
        "2024.11",
        "作成 2024.5.1",
        "本開示書はガイドライン第6.0版に基づいて記載しています。",
        "サーバ OS: Windows Server 2022",
    };
    static const char *const props[] = { "ガイドライン第6.0版対応", "2024年11月版" };

    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        const char *above[] = { lines[i], NULL };
        mds_spec m = { .above = above };

        expect_version(&m, NULL, "", lines[i]);
        m.above = NULL;
        m.below = above;
        expect_version(&m, NULL, "", lines[i]);
    }
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        const char *p[KAIJI_PROP__COUNT] = { [KAIJI_PROP_SUBJECT] = props[i] };
        mds_spec m = { 0 };

        expect_version(&m, p, "", props[i]);
    }
    {
        mds_spec m = { .product_version = "Ver.7.2" };

        expect_version(&m, NULL, "", "the product version Ver.7.2");
        m.product_version = "V3.1";
        expect_version(&m, NULL, "", "the product version V3.1");
    }
}

Test(recognize_ids, prefixed_item_ids_are_item_ids)
{
    static const char *const schemes[][5] = {
        { "S1-1", "S1-2", "S2-1", "S2-2", NULL },
        { "M-1-1", "M-1-2", "M-2-1", "M-2-2", NULL },
        { "MDS-1-1", "MDS-1-2", "MDS-2-1", "MDS-2-2", NULL },
        { "SDS-2-3", "SDS-2-4", "SDS-3-1", "SDS-3-2", NULL },
        { "A-1", "A-2", "B-1", "B-2", NULL },
        { "Ｓ１－１", "Ｓ１－２", "Ｓ２－１", "Ｓ２－２", NULL },
        { "１－１", "１－２", "２－１", "２－２", NULL },
        { "ＭＤＳ－１－１", "ＭＤＳ－１－２", "ＭＤＳ－２－１", "ＭＤＳ－２－２", NULL },
    };
    static const char *const labels[] = { "項番", NULL };

    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
            mds_spec m = { .ids = schemes[i], .id_label = labels[l],
                           .above = (const char *const[]){ "Ver.5.0", NULL } };
            kaiji_workbook *wb = build_spec(&m);
            kaiji_document *doc = recognize(wb);
            cr_expect_eq(doc->kind, KAIJI_KIND_MDS);
            cr_expect_eq(doc->item_count, 4, "%s (%s): %zu items", schemes[i][0],
                         labels[l] ? labels[l] : "no ID label", doc->item_count);
            if (doc->item_count == 4)
                cr_expect_eq(doc->items[1].answer, KAIJI_ANSWER_NO, "%s", schemes[i][1]);
            kaiji_document_free(doc);
            kaiji_workbook_free(wb);
        }
}

Test(recognize_ids, prefixed_and_full_width_ids_read_as_written_in_ascii)
{
    static const char *const ids[] = { "Ｓ１－１", "ＭＤＳ－１－２", "A-1", "１－１", NULL };
    mds_spec m = { .ids = ids, .id_label = "項番" };
    kaiji_workbook *wb = build_spec(&m);
    kaiji_document *doc = recognize(wb);

    cr_assert_eq(doc->item_count, 4, "%zu items", doc->item_count);
    cr_expect_str_eq(doc->items[0].id, "S1-1");
    cr_expect_str_eq(doc->items[1].id, "MDS-1-2");
    cr_expect_str_eq(doc->items[2].id, "A-1");
    cr_expect_str_eq(doc->items[3].id, "1-1");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_ids, mds2_question_ids_stay_mds2_ids)
{
    static const char *const ids[] = { "AUTH-1", "AUTH-2", "DOC-7", "MPII-2.1", NULL };
    mds_spec m = { .ids = ids, .id_label = "Question ID",
                   .title = "Manufacturer Disclosure Statement for Medical Device Security" };
    kaiji_workbook *wb = build_spec(&m);
    kaiji_document *doc = recognize(wb);

    cr_assert_eq(doc->kind, KAIJI_KIND_MDS2);
    cr_assert_eq(doc->item_count, 4, "%zu items", doc->item_count);
    cr_expect_str_eq(doc->items[0].section, "AUTH");
    cr_expect_str_eq(doc->items[3].id, "MPII-2.1");
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}

Test(recognize_date, a_month_only_document_date_is_kept_as_a_month)
{
    static const char *const dates[] = { "2024年11月", "2024/11", "2024-11", "R6.11",
                                         "令和6年11月", "２０２４年１１月" };

    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        mds_spec m = { .date = dates[i], .above = (const char *const[]){ "Ver.5.0", NULL } };
        kaiji_workbook *wb = build_spec(&m);
        kaiji_document *doc = recognize(wb);

        cr_expect_eq(doc->date.year, 2024, "%s", dates[i]);
        cr_expect_eq(doc->date.month, 11, "%s", dates[i]);
        cr_expect_eq(doc->date.day, 0, "%s: a day was made up", dates[i]);
        cr_expect_str_eq(doc->form_version, "5.0", "%s", dates[i]);
        kaiji_document_free(doc);
        kaiji_workbook_free(wb);
    }
}

/* A quotation, an inventory and an invoice whose line items name a form. */
static kaiji_kind other_document(const char *title, const char *const *header,
                                 const char *const *lines)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "Sheet1", false);
    kaiji_document *doc;
    kaiji_kind k;
    uint32_t row = 5;
    size_t i, c;

    put(wb, sh, 1, 1, title);
    merge(wb, sh, 1, 1, 1, 6);
    put(wb, sh, 3, 1, "株式会社サンプル病院 御中");
    for (c = 0; header[c]; c++)
        put(wb, sh, row, (uint32_t)c + 1, header[c]);
    for (i = 0, row++; lines[i]; i++, row++) {
        char no[24];

        snprintf(no, sizeof no, "%zu", i + 1);
        put(wb, sh, row, 1, no);
        put(wb, sh, row, 2, lines[i]);
        cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, 3, KAIJI_CELL_NUMBER, "1", 1, 1, no_date),
                     KAIJI_OK);
        cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, 4, KAIJI_CELL_NUMBER, "50000", 5, 50000,
                                          no_date), KAIJI_OK);
    }
    doc = recognize(wb);
    k = doc->kind;
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
    return k;
}

Test(recognize_kind, a_quotation_inventory_or_invoice_naming_a_form_in_a_line_item_is_no_form)
{
    static const char *const lines[] = {
        "医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）記入支援",
        "製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)作成",
        "サーバ保守 一式",
        NULL,
    };
    static const struct {
        const char *title;
        const char *header[7];
    } docs[] = {
        { "御見積書", { "No.", "品名", "数量", "単価", "金額", "備考", NULL } },
        { "見積書", { "No", "内容", "数量", "金額", NULL } },
        { "請求書", { "No.", "摘要", "数量", "単価", "金額", NULL } },
        { "機器台帳", { "管理番号", "機器名", "台数", "設置場所", NULL } },
        { "Quotation", { "No.", "Description", "Qty", "Amount", NULL } },
    };

    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        kaiji_kind k = other_document(docs[i].title, docs[i].header, lines);

        cr_expect_eq(k, KAIJI_KIND_UNKNOWN, "%s: read as %s", docs[i].title, kaiji_kind_name(k));
    }
    /* a sentence that mentions a quotation is no quotation's title */
    {
        mds_spec m = { .above = (const char *const[]){ "Ver.5.0", NULL } };
        kaiji_workbook *wb = build_spec(&m);
        kaiji_document *doc;

        put(wb, wb->sheets[0], 1, 6,
            "※ 本開示書は見積書・請求書とは別に、契約ごとにご提出ください。");
        doc = recognize(wb);
        cr_expect_eq(doc->kind, KAIJI_KIND_MDS, "read as %s", kaiji_kind_name(doc->kind));
        kaiji_document_free(doc);
        kaiji_workbook_free(wb);
    }
    /* and a checklist titled so is still one */
    {
        static const char *const header[] = { "項番", "確認項目", "回答", NULL };
        static const char *const items[] = { "体制を整備している。", NULL };

        cr_expect_eq(other_document("医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）",
                                    header, items),
                     KAIJI_KIND_VENDOR_CHECKLIST);
    }
}

Test(recognize_checklist, an_edition_written_as_a_month_alone_is_still_the_edition)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "事業者確認用", false);
    kaiji_document *doc;

    put(wb, sh, 1, 1, "医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）");
    put(wb, sh, 2, 1, "令和6年5月");
    put(wb, sh, 3, 1, "事業者名");
    put(wb, sh, 3, 3, "株式会社サンプル");
    put(wb, sh, 5, 1, "項番");
    put(wb, sh, 5, 2, "確認項目");
    put(wb, sh, 5, 3, "回答");
    put(wb, sh, 5, 4, "確認日");
    put(wb, sh, 6, 1, "1(1)");
    put(wb, sh, 6, 2, "管理責任者を設置している。");
    put(wb, sh, 6, 3, "はい");
    put(wb, sh, 6, 4, "2024年6月");
    doc = recognize(wb);
    cr_assert_eq(doc->kind, KAIJI_KIND_VENDOR_CHECKLIST);
    cr_expect_str_eq(doc->form_version, "R6");
    cr_assert_eq(doc->item_count, 1);
    cr_expect_eq(doc->items[0].confirmations[0].month, 6, "a 確認日 of month precision");
    cr_expect_eq(doc->items[0].confirmations[0].day, 0);
    kaiji_document_free(doc);
    kaiji_workbook_free(wb);
}
