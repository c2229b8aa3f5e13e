/*
 * tests/test_exchange.c - kaiji's own exchange format: export to JSON and XML,
 * read back, the schemas, and the readers' refusals.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "formats/embedded.h"
#include "model/model.h"
#include "catalog/schema.h"
#include "parser/readers.h"
#include "support/support.h"

/* ---- a document that uses every part of the model ---- */

static void set_answer(kaiji_document *doc, kaiji_item *it, kaiji_answer a,
                       const char *raw, const char *comment)
{
    it->answer = a;
    it->answer_text = kaiji_document_strdup(doc, raw);
    it->answer_comment = kaiji_document_strdup(doc, comment);
}

static kaiji_document *full_document(void)
{
    kaiji_document *doc = kaiji_document_new("original.xlsx");
    cr_assert_not_null(doc);
    doc->format = KAIJI_FORMAT_XLSX;
    doc->kind = KAIJI_KIND_VENDOR_CHECKLIST;
    doc->form_version = "R6";
    doc->guideline = "6.0";
    doc->date = (kaiji_date){2024, 9, 30};
    strcpy(doc->sha256, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static const char *const texts[KAIJI_FIELD__COUNT] = {
        "株式会社サンプル医療システム <&> \"quoted\"", "電子カルテ ＸＹＺ", "Ver.3.2",
        "令和6年9月30日", "令和6年5月版", "第6.0版", "契約 No.123/456", "情報システム部\n03-0000-0000",
    };
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        char loc[32];
        snprintf(loc, sizeof loc, "事業者確認用!C%d", f + 3);
        cr_assert_eq(kaiji_document_set_field(doc, (kaiji_field)f, texts[f], loc), KAIJI_OK);
    }

    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "1(1)";
    it->section = "1 安全管理体制の確保";
    it->question = "事業者内に、医療情報システム等の提供に係る管理責任者を設置している。";
    set_answer(doc, it, KAIJI_ANSWER_YES, "はい（オプション）", "オプション");
    it->remarks = "  leading and trailing spaces kept  ";
    it->confirmation_count = 2;
    it->confirmations[0] = (kaiji_date){2024, 6, 1};
    it->confirmation_texts[0] = "2024/6/1";
    it->confirmations[1] = (kaiji_date){0, 0, 0};
    it->confirmation_texts[1] = "未定";
    it->location = "事業者確認用!E14";

    it = kaiji_document_add_item(doc);
    it->id = "2(4)";
    it->section = "2 医療情報システムの管理・運用";
    it->question = "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。";
    set_answer(doc, it, KAIJI_ANSWER_INVALID, "たぶん", "");
    it->target_count = 3;
    it->targets[0] = (kaiji_target_answer){"サーバ", KAIJI_ANSWER_NO, "いいえ"};
    it->targets[1] = (kaiji_target_answer){"端末PC", KAIJI_ANSWER_INVALID, "検討中"};
    it->targets[2] = (kaiji_target_answer){"ネットワーク機器", KAIJI_ANSWER_BLANK, ""};
    it->target_date = (kaiji_date){2025, 3, 31};
    it->target_date_text = "令和7年3月31日";
    it->remarks = "line one\r\nline two\ttab";
    it->location = "事業者確認用!E20";

    it = kaiji_document_add_item(doc);
    it->id = "2(5)";
    set_answer(doc, it, KAIJI_ANSWER_NO, "No", "");
    it->target_date_text = "来年度中";
    it->location = "事業者確認用!E21";

    it = kaiji_document_add_item(doc);
    it->id = "3(1)";
    set_answer(doc, it, KAIJI_ANSWER_NA, "対象外", "");
    it->remarks = "リモート保守なし";
    it->location = "";

    it = kaiji_document_add_item(doc);
    it->id = "AUTH-1";
    set_answer(doc, it, KAIJI_ANSWER_SEE_NOTE, "See Notes", "");
    it->location = "12:5";

    it = kaiji_document_add_item(doc);
    it->id = "";
    it->question = "blank answer, no id";
    it->location = "/items/5";
    return doc;
}

static void expect_date(kaiji_date a, kaiji_date b, const char *what)
{
    cr_expect(kaiji_date_compare(a, b) == 0 && a.year == b.year, "%s differs", what);
}

/* Every accessor of b equals that of a (path, format and hash aside). */
static void expect_same(const kaiji_document *a, const kaiji_document *b)
{
    cr_assert(kaiji_document_readable(b), "read back unreadable: %s",
              kaiji_document_finding_count(b)
                  ? kaiji_finding_message(kaiji_document_finding(b, 0)) : "");
    cr_expect_eq(kaiji_document_kind(a), kaiji_document_kind(b));
    cr_expect_str_eq(kaiji_document_form_version(a), kaiji_document_form_version(b));
    cr_expect_str_eq(kaiji_document_guideline(a), kaiji_document_guideline(b));
    expect_date(kaiji_document_date(a), kaiji_document_date(b), "document date");
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        cr_expect_str_eq(kaiji_document_field(a, (kaiji_field)f),
                         kaiji_document_field(b, (kaiji_field)f), "field %d", f);
        cr_expect_str_eq(kaiji_document_field_location(a, (kaiji_field)f),
                         kaiji_document_field_location(b, (kaiji_field)f));
    }
    cr_assert_eq(kaiji_document_item_count(a), kaiji_document_item_count(b));
    cr_expect_eq(kaiji_document_finding_count(b), 0);
    for (size_t i = 0; i < kaiji_document_item_count(a); i++) {
        const kaiji_item *x = kaiji_document_item(a, i), *y = kaiji_document_item(b, i);
        cr_expect_str_eq(kaiji_item_id(x), kaiji_item_id(y));
        cr_expect_str_eq(kaiji_item_section(x), kaiji_item_section(y));
        cr_expect_str_eq(kaiji_item_question(x), kaiji_item_question(y));
        cr_expect_eq(kaiji_item_answer(x), kaiji_item_answer(y), "item %zu answer", i);
        cr_expect_str_eq(kaiji_item_answer_text(x), kaiji_item_answer_text(y));
        cr_expect_str_eq(kaiji_item_answer_comment(x), kaiji_item_answer_comment(y));
        cr_expect_str_eq(kaiji_item_remarks(x), kaiji_item_remarks(y));
        cr_expect_str_eq(kaiji_item_location(x), kaiji_item_location(y));
        cr_assert_eq(kaiji_item_target_count(x), kaiji_item_target_count(y));
        for (size_t t = 0; t < kaiji_item_target_count(x); t++) {
            cr_expect_str_eq(kaiji_item_target_name(x, t), kaiji_item_target_name(y, t));
            cr_expect_eq(kaiji_item_target_answer(x, t), kaiji_item_target_answer(y, t));
            cr_expect_str_eq(kaiji_item_target_text(x, t), kaiji_item_target_text(y, t));
        }
        expect_date(kaiji_item_target_date(x), kaiji_item_target_date(y), "target date");
        cr_expect_str_eq(kaiji_item_target_date_text(x), kaiji_item_target_date_text(y));
        cr_assert_eq(kaiji_item_confirmation_count(x), kaiji_item_confirmation_count(y));
        for (size_t c = 0; c < kaiji_item_confirmation_count(x); c++) {
            expect_date(kaiji_item_confirmation_date(x, c),
                        kaiji_item_confirmation_date(y, c), "confirmation");
            cr_expect_str_eq(kaiji_item_confirmation_text(x, c),
                             kaiji_item_confirmation_text(y, c));
        }
    }
}

static kaiji_document *read_json(const char *json)
{
    kaiji_document *doc = kaiji_document_new("in.json");
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    cr_assert_eq(kaiji_read_kaiji_json(doc, json, strlen(json), &lim), KAIJI_OK);
    return doc;
}

static kaiji_document *read_xml(const char *xml)
{
    kaiji_document *doc = kaiji_document_new("in.xml");
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    cr_assert_eq(kaiji_read_kaiji_xml(doc, xml, strlen(xml), &lim, NULL), KAIJI_OK);
    return doc;
}

/* The document failed with code, and its message holds needle. */
static void expect_failure(const kaiji_document *doc, const char *code, const char *needle)
{
    const char *message = t_expect_refused(doc, code, 0, NULL);
    if (needle)
        cr_expect(strstr(message, needle) != NULL, "message \"%s\" lacks \"%s\"", message,
                  needle);
    cr_expect_eq(kaiji_document_item_count(doc), 0);
}

/* ---- round trips ---- */

Test(exchange_json, round_trip_keeps_every_accessor)
{
    kaiji_document *orig = full_document();
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    kaiji_document *back = read_json(json);
    expect_same(orig, back);
    cr_expect_eq(kaiji_document_format(back), KAIJI_FORMAT_KAIJI_JSON);
    free(json);
    kaiji_document_free(orig);
    kaiji_document_free(back);
}

Test(exchange_xml, round_trip_keeps_every_accessor)
{
    kaiji_document *orig = full_document();
    char *xml = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    kaiji_document *back = read_xml(xml);
    expect_same(orig, back);
    cr_expect_eq(kaiji_document_format(back), KAIJI_FORMAT_KAIJI_XML);
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(back);
}

Test(exchange_xml, round_trip_through_json_then_xml_is_exact)
{
    kaiji_document *orig = full_document();
    char *json = NULL, *xml = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    kaiji_document *mid = read_json(json);
    cr_assert_eq(kaiji_export_xml(&xml, mid), KAIJI_OK);
    kaiji_document *back = read_xml(xml);
    expect_same(orig, back);
    free(json);
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(mid);
    kaiji_document_free(back);
}

Test(exchange_xml, control_characters_become_replacement_characters)
{
    kaiji_document *orig = kaiji_document_new("x.xlsx");
    kaiji_item *it = kaiji_document_add_item(orig);
    it->id = "1";
    it->remarks = "bell\x07here";
    char *xml = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    kaiji_document *back = read_xml(xml);
    cr_assert(kaiji_document_readable(back));
    cr_expect_str_eq(kaiji_item_remarks(kaiji_document_item(back, 0)), "bell\xEF\xBF\xBDhere");
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(back);
}

Test(exchange_xml, export_of_empty_document_reads_back_empty)
{
    kaiji_document *orig = kaiji_document_new("");
    char *xml = NULL, *json = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    kaiji_document *bx = read_xml(xml), *bj = read_json(json);
    expect_same(orig, bx);
    expect_same(orig, bj);
    free(xml);
    free(json);
    kaiji_document_free(orig);
    kaiji_document_free(bx);
    kaiji_document_free(bj);
}

/* ---- the exported files against the schemas ---- */

Test(exchange_xml, exported_xml_validates_against_the_xsd)
{
    kaiji_document *orig = full_document();
    char *xml = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    cr_expect(strstr(xml, "xmlns=\"urn:kaiji:document:1\"") != NULL);
    cr_expect(strstr(xml, "<kaiji-document") != NULL);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(t_src("formats/schema/kaiji-document.xsd"));
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    cr_assert_not_null(schema, "the XSD does not parse");
    xmlDocPtr tree = xmlReadMemory(xml, (int)strlen(xml), NULL, "UTF-8", XML_PARSE_NONET);
    cr_assert_not_null(tree);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    cr_expect_eq(xmlSchemaValidateDoc(vc, tree), 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(tree);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    free(xml);
    kaiji_document_free(orig);
}

static const cJSON *schema_resolve(const cJSON *schema, const cJSON *node)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "$ref");
    if (!cJSON_IsString(ref))
        return node;
    cr_assert(strncmp(ref->valuestring, "#/$defs/", 8) == 0, "odd $ref %s", ref->valuestring);
    const cJSON *defs = cJSON_GetObjectItemCaseSensitive(schema, "$defs");
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(defs, ref->valuestring + 8);
    cr_assert_not_null(def, "$ref %s names nothing", ref->valuestring);
    return schema_resolve(schema, def);
}

/* Every member of value (recursively) is declared by node of schema, and
 * each declared property carries a description (its own or its $def's). */
static void schema_walk(const cJSON *schema, const cJSON *node, const cJSON *value,
                        const char *path, int *checked)
{
    node = schema_resolve(schema, node);
    if (cJSON_IsObject(value)) {
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(node, "properties");
        cr_assert_not_null(props, "%s: the schema declares no properties", path);
        for (const cJSON *m = value->child; m; m = m->next) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(props, m->string);
            cr_assert_not_null(p, "the schema does not name %s/%s", path, m->string);
            const cJSON *desc = cJSON_GetObjectItemCaseSensitive(p, "description");
            if (!desc)
                desc = cJSON_GetObjectItemCaseSensitive(schema_resolve(schema, p), "description");
            cr_expect(cJSON_IsString(desc), "%s/%s has no description", path, m->string);
            char sub[256];
            snprintf(sub, sizeof sub, "%s/%s", path, m->string);
            (*checked)++;
            schema_walk(schema, p, m, sub, checked);
        }
    } else if (cJSON_IsArray(value)) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(node, "items");
        cr_assert_not_null(items, "%s: the schema declares no items", path);
        for (const cJSON *e = value->child; e; e = e->next)
            schema_walk(schema, items, e, path, checked);
    } else if (cJSON_IsString(value)) {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(node, "enum");
        const cJSON *cn = cJSON_GetObjectItemCaseSensitive(node, "const");
        bool ok = (cJSON_IsString(type) && strcmp(type->valuestring, "string") == 0) ||
                  (cJSON_IsString(cn) && strcmp(cn->valuestring, value->valuestring) == 0);
        for (const cJSON *e = en ? en->child : NULL; e && !ok; e = e->next)
            ok = cJSON_IsString(e) && strcmp(e->valuestring, value->valuestring) == 0;
        cr_expect(ok, "%s = \"%s\" is not allowed by the schema", path, value->valuestring);
    }
}

Test(exchange_schema, json_schema_is_json_and_names_every_exported_member)
{
    size_t len;
    char *text = t_slurp(t_src("formats/schema/kaiji-document.schema.json"), &len);
    cJSON *schema = cJSON_Parse(text);
    cr_assert_not_null(schema, "the JSON schema is not valid JSON");
    const cJSON *dialect = cJSON_GetObjectItemCaseSensitive(schema, "$schema");
    cr_assert(cJSON_IsString(dialect));
    cr_expect_str_eq(dialect->valuestring, "https://json-schema.org/draft/2020-12/schema");

    kaiji_document *orig = full_document();
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    cJSON *exported = cJSON_Parse(json);
    cr_assert_not_null(exported);
    int checked = 0;
    schema_walk(schema, schema, exported, "", &checked);
    cr_expect_gt(checked, 40, "only %d members walked", checked);

    cJSON_Delete(exported);
    cJSON_Delete(schema);
    free(json);
    free(text);
    kaiji_document_free(orig);
}

Test(exchange_schema, json_schema_is_embedded_in_the_library)
{
    cr_expect_not_null(kaiji_embedded_find("formats/schema/kaiji-document.schema.json"));
    cr_expect_not_null(kaiji_embedded_find("formats/schema/kaiji-document.xsd"));
}

Test(exchange_json, export_writes_version_kind_and_pretty_prints)
{
    kaiji_document *orig = full_document();
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root);
    cr_expect_str_eq(cJSON_GetObjectItem(root, "kaiji")->valuestring, "1");
    cr_expect_str_eq(cJSON_GetObjectItem(root, "kind")->valuestring, "vendor-checklist");
    cr_expect_str_eq(cJSON_GetObjectItem(root, "document_date")->valuestring, "2024-09-30");
    cr_expect(strchr(json, '\n') != NULL, "not pretty-printed");
    cr_expect(cJSON_GetArraySize(cJSON_GetObjectItem(root, "items")) == 6);
    cJSON_Delete(root);
    free(json);
    kaiji_document_free(orig);
}

/* The export is written straight, not through a cJSON tree: cJSON prints
 * what it parses of it again byte for byte (the layout cJSON_Print gives). */
static void expect_cjson_layout(const kaiji_document *doc, const char *what)
{
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, doc), KAIJI_OK);
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root, "%s: not JSON: %s", what, json);
    char *again = cJSON_Print(root);
    cr_assert_not_null(again);
    cr_expect_str_eq(json, again, "%s", what);
    free(again);
    cJSON_Delete(root);
    free(json);
}

Test(exchange_json, export_is_laid_out_as_cjson_prints_it)
{
    kaiji_document *doc = full_document();
    expect_cjson_layout(doc, "the full document");
    kaiji_document_free(doc);

    doc = kaiji_document_new("empty.json");
    cr_assert_not_null(doc);
    expect_cjson_layout(doc, "an empty document");
    kaiji_document_free(doc);

    /* Every character JSON escapes, and some it does not. */
    doc = kaiji_document_new("C:\\vendor\\\"quoted\"/name.xlsx");
    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_document_set_field(doc, KAIJI_FIELD_VENDOR,
                                          "a\x01b\bc\fd\ne\rf\tg\x1fh\x7fi/j\\k\"l", ""),
                 KAIJI_OK);
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "\x02";
    it->remarks = "末尾\n";
    expect_cjson_layout(doc, "escapes");
    kaiji_document_free(doc);

    static const char *const samples[] = {
        "samples/mds2/mds2-hn1-2019-good.xlsx", "samples/checklist/vendor-r7-good.xlsx",
        "samples/checklist/vendor-r6-missing-target-answers.xlsx",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        doc = t_validate(t_src(samples[i]), NULL);
        expect_cjson_layout(doc, samples[i]);
        kaiji_document_free(doc);
    }
}

/* ---- the JSON reader's refusals and leniencies ---- */

#define MINIMAL "{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"answer\": \"yes\", \"answer_text\": \"はい\"}]}"

Test(exchange_json, minimal_document_reads)
{
    kaiji_document *doc = read_json(MINIMAL);
    cr_assert(kaiji_document_readable(doc));
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_MDS);
    cr_assert_eq(kaiji_document_item_count(doc), 1);
    cr_expect_eq(kaiji_item_answer(kaiji_document_item(doc, 0)), KAIJI_ANSWER_YES);
    cr_expect_str_eq(kaiji_item_location(kaiji_document_item(doc, 0)), "/items/0",
                     "an item without location is located by its JSON pointer");
    kaiji_document_free(doc);
}

Test(exchange_json, utf8_bom_is_tolerated)
{
    kaiji_document *doc = read_json("\xEF\xBB\xBF" MINIMAL);
    cr_expect(kaiji_document_readable(doc));
    cr_expect_eq(kaiji_document_item_count(doc), 1);
    kaiji_document_free(doc);
}

Test(exchange_json, nesting_deeper_than_the_limit_is_unsafe)
{
    char buf[400] = "{\"kaiji\": \"1\", \"kind\": \"mds\", \"x\": ";
    size_t n = strlen(buf);
    for (int i = 0; i < 70; i++)
        buf[n++] = '[';
    for (int i = 0; i < 70; i++)
        buf[n++] = ']';
    buf[n++] = '}';
    buf[n] = '\0';
    kaiji_document *doc = read_json(buf);
    expect_failure(doc, "file-unsafe", "deeper than 64 levels");
    kaiji_document_free(doc);
}

Test(exchange_json, brackets_inside_strings_do_not_count_as_nesting)
{
    char buf[600];
    char deep[200];
    memset(deep, '[', 150);
    deep[150] = '\0';
    snprintf(buf, sizeof buf,
             "{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"remarks\": \"%s \\\" {{{\"}]}", deep);
    kaiji_document *doc = read_json(buf);
    cr_assert(kaiji_document_readable(doc));
    cr_expect_eq(strncmp(kaiji_item_remarks(kaiji_document_item(doc, 0)), "[[[", 3), 0);
    kaiji_document_free(doc);
}

Test(exchange_json, depth_limit_is_a_setting)
{
    kaiji_document *doc = kaiji_document_new("in.json");
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    lim.max_json_depth = 2;
    cr_assert_eq(kaiji_read_kaiji_json(doc, MINIMAL, strlen(MINIMAL), &lim), KAIJI_OK);
    expect_failure(doc, "file-unsafe", "deeper than 2 levels");
    kaiji_document_free(doc);
}

Test(exchange_json, broken_json_reports_line_and_column)
{
    kaiji_document *doc = read_json("{\n  \"kaiji\": \"1\",\n  \"kind\" \"mds\"\n}\n");
    expect_failure(doc, "file-corrupt", "line 3, column 10");
    kaiji_document_free(doc);
}

Test(exchange_json, trailing_garbage_is_broken_json)
{
    kaiji_document *doc = read_json(MINIMAL " trailing");
    expect_failure(doc, "file-corrupt", "line 1");
    kaiji_document_free(doc);
}

Test(exchange_json, invalid_utf8_is_corrupt)
{
    kaiji_document *doc = read_json("{\"kaiji\": \"1\", \"kind\": \"mds\", \"x\": \"\xff\xfe\"}");
    expect_failure(doc, "file-corrupt", "UTF-8");
    kaiji_document_free(doc);
}

typedef struct refusal {
    const char *json;
    const char *code;
    const char *needle;
} refusal;

static refusal refusals[] = {
    {"[1, 2, 3]", "unsupported-format", "not a kaiji document"},
    {"{\"name\": \"something else\"}", "unsupported-format", "not a kaiji document"},
    {"{\"kaiji\": 1, \"kind\": \"mds\"}", "unsupported-format", "format version"},
    {"{\"kaiji\": \"2\", \"kind\": \"mds\"}", "unsupported-format", "format version"},
    {"{\"kaiji\": \"1\"}", "file-corrupt", "/kind is missing"},
    {"{\"kaiji\": \"1\", \"kind\": \"brochure\"}", "file-corrupt", "/kind must be one of"},
    {"{\"kaiji\": \"1\", \"kind\": 5}", "file-corrupt", "/kind must be a string"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": {}}", "file-corrupt", "/items must be an array"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [5]}", "file-corrupt", "/items/0 must be an object"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"question\": \"q\"}]}", "file-corrupt", "/items/0/id is missing"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"answer\": true}]}", "file-corrupt", "/items/0/answer must be a string"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"answer\": \"maybe\"}]}", "file-corrupt", "/items/0/answer must be one of"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"target_date\": \"2025-02-30\"}]}", "file-corrupt", "/items/0/target_date must be a date"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"remarks\": null}]}", "file-corrupt", "/items/0/remarks must be a string"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"colour\": \"red\"}]}", "file-corrupt", "/items/0/colour is not a member"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"targets\": [{\"name\": \"サーバ\"}]}]}", "file-corrupt", "/items/0/targets/0/answer is missing"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"confirmations\": [{\"date\": \"2024/1/1\"}]}]}", "file-corrupt", "/items/0/confirmations/0/date must be a date"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"items\": [{\"id\": \"1\", \"confirmations\": [{}, {}, {}, {}, {}]}]}", "file-corrupt", "more than 4"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"document_date\": \"yesterday\"}", "file-corrupt", "/document_date must be a date"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"fields\": {\"vendor\": \"Acme\"}}", "file-corrupt", "/fields/vendor must be an object"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"fields\": {\"ven/dor\": {\"text\": \"Acme\"}}}", "file-corrupt", "/fields/ven~1dor is not a header field"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"fields\": {\"vendor\": {\"location\": \"A1\"}}}", "file-corrupt", "/fields/vendor/text is missing"},
    {"{\"kaiji\": \"1\", \"kind\": \"mds\", \"source\": []}", "file-corrupt", "/source must be an object"},
};

/* Data-driven in one test: Criterion's parameterized tests would need the
 * strings copied into its shared memory. */
Test(exchange_json, wrong_shapes_are_refused_naming_the_pointer)
{
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        const refusal *r = &refusals[i];
        kaiji_document *doc = read_json(r->json);
        const char *message = t_expect_refused(doc, r->code, 0, r->json);
        cr_expect(strstr(message, r->needle) != NULL, "%s: message \"%s\" lacks \"%s\"",
                  r->json, message, r->needle);
        cr_expect_eq(kaiji_document_item_count(doc), 0);
        cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_UNKNOWN);
        kaiji_document_free(doc);
    }
}

Test(exchange_json, answer_is_parsed_from_raw_text_only_when_not_stored)
{
    kaiji_document *doc = read_json(
        "{\"kaiji\": \"1\", \"kind\": \"mds2\", \"items\": ["
        "{\"id\": \"A\", \"answer_text\": \"Yes,optional\"},"
        "{\"id\": \"B\", \"answer\": \"invalid\", \"answer_text\": \"Yes\"}]}");
    cr_assert(kaiji_document_readable(doc));
    const kaiji_item *a = kaiji_document_item(doc, 0), *b = kaiji_document_item(doc, 1);
    cr_expect_eq(kaiji_item_answer(a), KAIJI_ANSWER_YES);
    cr_expect_str_eq(kaiji_item_answer_comment(a), "optional");
    cr_expect_eq(kaiji_item_answer(b), KAIJI_ANSWER_INVALID, "the stored value wins");
    kaiji_document_free(doc);
}

Test(exchange_json, read_memory_recognises_the_exchange_format)
{
    kaiji_document *orig = full_document();
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    kaiji_document *back = NULL;
    cr_assert_eq(kaiji_read_memory(&back, json, strlen(json), "doc.json", NULL), KAIJI_OK);
    cr_expect_eq(kaiji_document_format(back), KAIJI_FORMAT_KAIJI_JSON);
    expect_same(orig, back);
    free(json);
    kaiji_document_free(orig);
    kaiji_document_free(back);
}

/* ---- the XML reader's refusals and leniencies ---- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define XML_OPEN "<kaiji-document xmlns=\"urn:kaiji:document:1\" kaiji=\"1\" kind=\"mds\">\n"

Test(exchange_xml, schema_invalid_xml_is_corrupt_with_line_and_reason)
{
    kaiji_document *doc = read_xml(XML_HEAD XML_OPEN
        "<items>\n"
        "<item id=\"1\"><answer value=\"maybe\">はい</answer></item>\n"
        "</items></kaiji-document>\n");
    expect_failure(doc, "file-corrupt", "at line 4");
    const char *msg = kaiji_finding_message(kaiji_document_finding(doc, 0));
    cr_expect(strstr(msg, "maybe") != NULL, "%s", msg);
    cr_expect(strstr(msg, "{urn:") == NULL, "namespace noise left in: %s", msg);
    kaiji_document_free(doc);
}

Test(exchange_xml, elements_out_of_order_are_schema_invalid)
{
    kaiji_document *doc = read_xml(XML_HEAD XML_OPEN
        "<items><item id=\"1\"><remarks>r</remarks><question>q</question></item></items>\n"
        "</kaiji-document>\n");
    expect_failure(doc, "file-corrupt", "line 3");
    kaiji_document_free(doc);
}

Test(exchange_xml, duplicate_header_field_is_schema_invalid)
{
    kaiji_document *doc = read_xml(XML_HEAD XML_OPEN
        "<fields><field name=\"vendor\">A</field><field name=\"vendor\">B</field></fields>\n"
        "</kaiji-document>\n");
    expect_failure(doc, "file-corrupt", "schema");
    kaiji_document_free(doc);
}

Test(exchange_xml, not_well_formed_xml_is_corrupt_with_line)
{
    kaiji_document *doc = read_xml(XML_HEAD XML_OPEN "<items>\n<item id=\"1\">\n</items>\n");
    expect_failure(doc, "file-corrupt", "line 5");
    kaiji_document_free(doc);
}

Test(exchange_xml, a_dtd_is_unsafe)
{
    kaiji_document *doc = read_xml(XML_HEAD "<!DOCTYPE kaiji-document [<!ENTITY a \"b\">]>\n"
                                   XML_OPEN "</kaiji-document>\n");
    expect_failure(doc, "file-unsafe", "DTD");
    kaiji_document_free(doc);
}

Test(exchange_xml, another_namespace_is_unsupported)
{
    kaiji_document *doc = read_xml(XML_HEAD "<kaiji-document xmlns=\"urn:other\" kaiji=\"1\" kind=\"mds\"/>\n");
    expect_failure(doc, "unsupported-format", "not a kaiji document");
    kaiji_document_free(doc);
}

Test(exchange_xml, another_format_version_is_unsupported)
{
    kaiji_document *doc = read_xml(XML_HEAD "<kaiji-document xmlns=\"urn:kaiji:document:1\" kaiji=\"2\" kind=\"mds\"/>\n");
    expect_failure(doc, "unsupported-format", "format version");
    kaiji_document_free(doc);
}

Test(exchange_xml, impossible_calendar_date_is_corrupt)
{
    kaiji_document *doc = read_xml(XML_HEAD "<kaiji-document xmlns=\"urn:kaiji:document:1\" "
                                   "kaiji=\"1\" kind=\"mds\" document_date=\"2024-02-30\"/>\n");
    expect_failure(doc, "file-corrupt", "2024-02-30");
    kaiji_document_free(doc);
}

Test(exchange_json, a_month_without_a_day_round_trips_in_json_and_xml)
{
    kaiji_document *orig = full_document();
    char *json = NULL, *xml = NULL;
    orig->date = (kaiji_date){2024, 11, 0};
    orig->items[0].confirmations[0] = (kaiji_date){2024, 6, 0};
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    cr_expect(strstr(json, "\"2024-11\""), "%s", json);
    kaiji_document *mid = read_json(json);
    cr_assert(kaiji_document_readable(mid));
    cr_assert_eq(kaiji_export_xml(&xml, mid), KAIJI_OK);
    kaiji_document *back = read_xml(xml);
    cr_assert(kaiji_document_readable(back));
    expect_same(orig, back);
    cr_expect(kaiji_date_is_month(kaiji_document_date(back)));
    free(json);
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(mid);
    kaiji_document_free(back);
}

Test(exchange_xml, a_day_zero_written_out_is_not_a_month)
{
    kaiji_document *doc = read_xml(XML_HEAD "<kaiji-document xmlns=\"urn:kaiji:document:1\" "
                                   "kaiji=\"1\" kind=\"mds\" document_date=\"2024-11-00\"/>\n");
    expect_failure(doc, "file-corrupt", "2024-11-00");
    kaiji_document_free(doc);
}

Test(exchange_xml, item_without_location_is_located_by_its_line)
{
    kaiji_document *doc = read_xml(XML_HEAD XML_OPEN
        "<items>\n"
        "<item id=\"1\"><answer>Yes,optional</answer></item>\n"
        "</items></kaiji-document>\n");
    cr_assert(kaiji_document_readable(doc),
              "%s", kaiji_finding_message(kaiji_document_finding(doc, 0)));
    const kaiji_item *it = kaiji_document_item(doc, 0);
    cr_expect_str_eq(kaiji_item_location(it), "line 4");
    cr_expect_eq(kaiji_item_answer(it), KAIJI_ANSWER_YES, "no value: the text is parsed");
    cr_expect_str_eq(kaiji_item_answer_comment(it), "optional");
    kaiji_document_free(doc);
}

Test(exchange_xml, read_memory_recognises_the_exchange_format)
{
    kaiji_document *orig = full_document();
    char *xml = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    kaiji_document *back = NULL;
    cr_assert_eq(kaiji_read_memory(&back, xml, strlen(xml), "doc.xml", NULL), KAIJI_OK);
    cr_expect_eq(kaiji_document_format(back), KAIJI_FORMAT_KAIJI_XML);
    expect_same(orig, back);
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(back);
}

/* ---- hostile input ---- */

/* Flips, deletes and duplicates bytes of text (a fixed pseudo-random walk)
 * and hands each result to reader: it must read or refuse, never crash. */
static void mutate_and_read(const char *text,
                            int (*reader)(kaiji_document *, const char *, size_t,
                                          const kaiji_limits *))
{
    size_t len = strlen(text);
    unsigned seed = 12345;
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    char *buf = malloc(len * 2 + 1);
    cr_assert_not_null(buf);
    for (int round = 0; round < 400; round++) {
        memcpy(buf, text, len);
        size_t n = len;
        for (int k = 0; k < 1 + round % 5; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            switch ((seed >> 4) % 3) {
            case 0: buf[at] = (char)(seed >> 16); break;
            case 1: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;
            default: memmove(buf + at + 1, buf + at, n - at); n++; break;
            }
        }
        kaiji_document *doc = kaiji_document_new("fuzz");
        cr_assert_eq(reader(doc, buf, n, &lim), KAIJI_OK);
        cr_assert(kaiji_document_readable(doc) || kaiji_document_finding_count(doc) == 1);
        kaiji_document_free(doc);
    }
    free(buf);
}

Test(exchange_json, mutated_files_are_read_or_refused_without_crashing)
{
    kaiji_document *orig = full_document();
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    mutate_and_read(json, kaiji_read_kaiji_json);
    free(json);
    kaiji_document_free(orig);
}

/* The schema compiled once and shared, as kaiji_catalogs_load() does. */
static struct _xmlSchema *shared_schema;

static int read_xml_shared(kaiji_document *doc, const char *xml, size_t len,
                           const kaiji_limits *lim)
{
    return kaiji_read_kaiji_xml(doc, xml, len, lim, shared_schema);
}

static int read_xml_own(kaiji_document *doc, const char *xml, size_t len,
                        const kaiji_limits *lim)
{
    return kaiji_read_kaiji_xml(doc, xml, len, lim, NULL);
}

Test(exchange_xml, mutated_files_are_read_or_refused_without_crashing)
{
    kaiji_document *orig = full_document();
    char *xml = NULL;
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    cr_assert_eq(kaiji_xml_schema_compile(&shared_schema), KAIJI_OK);
    mutate_and_read(xml, read_xml_shared);
    mutate_and_read(xml, read_xml_own);
    xmlSchemaFree(shared_schema);
    free(xml);
    kaiji_document_free(orig);
}

/* ---- converting then validating gives what validating the original gives ---- */

#include <dirent.h>
#include <sys/stat.h>

static void expect_same_verdict(const kaiji_document *a, const kaiji_document *b,
                                const char *what)
{
    cr_expect_eq(kaiji_document_kind(a), kaiji_document_kind(b), "%s: kind", what);
    cr_expect_eq(kaiji_document_status(a), kaiji_document_status(b), "%s: status", what);
    cr_assert_eq(kaiji_document_finding_count(a), kaiji_document_finding_count(b),
                 "%s: %zu findings, converted %zu", what, kaiji_document_finding_count(a),
                 kaiji_document_finding_count(b));
    for (size_t i = 0; i < kaiji_document_finding_count(a); i++) {
        const kaiji_finding *x = kaiji_document_finding(a, i), *y = kaiji_document_finding(b, i);
        cr_expect_eq(kaiji_finding_severity(x), kaiji_finding_severity(y), "%s", what);
        cr_expect_str_eq(kaiji_finding_code(x), kaiji_finding_code(y), "%s", what);
        cr_expect_str_eq(kaiji_finding_item(x), kaiji_finding_item(y), "%s", what);
        cr_expect_str_eq(kaiji_finding_location(x), kaiji_finding_location(y), "%s", what);
        cr_expect_str_eq(kaiji_finding_message(x), kaiji_finding_message(y), "%s", what);
    }
}

/* Validates path, its JSON and its XML conversions; returns 1 when it was
 * readable (and so compared). */
static int compare_conversions(const char *path)
{
    kaiji_document *orig = t_validate(path, "2024-10-01");
    if (!kaiji_document_readable(orig)) {
        kaiji_document_free(orig);
        return 0;
    }
    char *json = NULL, *xml = NULL;
    cr_assert_eq(kaiji_export_json(&json, orig), KAIJI_OK);
    cr_assert_eq(kaiji_export_xml(&xml, orig), KAIJI_OK);
    /* Export after validation carries the derived guideline; export the
     * document as read, as kaiji convert does. */
    kaiji_document *as_read = NULL;
    cr_assert_eq(kaiji_read_file(&as_read, path, NULL), KAIJI_OK);
    free(json);
    free(xml);
    cr_assert_eq(kaiji_export_json(&json, as_read), KAIJI_OK);
    cr_assert_eq(kaiji_export_xml(&xml, as_read), KAIJI_OK);
    kaiji_document *from_json = t_validate_mem(json, strlen(json), "converted.json", "2024-10-01");
    kaiji_document *from_xml = t_validate_mem(xml, strlen(xml), "converted.xml", "2024-10-01");
    char what[1100];
    snprintf(what, sizeof what, "%s as JSON", path);
    expect_same_verdict(orig, from_json, what);
    snprintf(what, sizeof what, "%s as XML", path);
    expect_same_verdict(orig, from_xml, what);
    free(json);
    free(xml);
    kaiji_document_free(orig);
    kaiji_document_free(as_read);
    kaiji_document_free(from_json);
    kaiji_document_free(from_xml);
    return 1;
}

/* Every readable sample under dir (recursively). */
static int compare_tree(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t l = strlen(e->d_name);
        bool doc = l > 5 && (strcmp(e->d_name + l - 5, ".xlsx") == 0 ||
                             strcmp(e->d_name + l - 5, ".xlsm") == 0 ||
                             strcmp(e->d_name + l - 4, ".xml") == 0 ||
                             (strcmp(e->d_name + l - 5, ".json") == 0 &&
                              strcmp(e->d_name, "manifest.json") != 0));
        if (S_ISDIR(st.st_mode))
            n += compare_tree(path);
        else if (doc)
            n += compare_conversions(path);
    }
    closedir(d);
    return n;
}

Test(exchange_equivalence, every_sample_validates_the_same_after_conversion)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", t_src("samples"));
    int n = compare_tree(dir);
    cr_expect_gt(n, 10, "only %d readable samples compared", n);
}
