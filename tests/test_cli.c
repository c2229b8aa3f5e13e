/*
 * tests/test_cli.c - the kaiji command end to end: exit codes, the JSON and
 * CSV shapes other tools rely on, batches with bad files, conversion.
 */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support/support.h"

/* A small, complete MDS Ver.5.0 in the exchange format. */
static const char *good_mds =
    "{\"kaiji\":\"1\",\"kind\":\"mds\",\"form_version\":\"5.0\",\"guideline\":\"6.0\","
    "\"document_date\":\"2024-10-01\","
    "\"fields\":{\"vendor\":{\"text\":\"架空メディカル株式会社\"},"
    "\"product\":{\"text\":\"架空PACS\"},\"document_date\":{\"text\":\"2024年10月1日\"},"
    "\"form_version\":{\"text\":\"Ver.5.0\"},\"contact\":{\"text\":\"info@example.invalid\"},"
    "\"product_version\":{\"text\":\"3.2\"},\"contract\":{\"text\":\"C-001\"}},"
    "\"items\":[{\"id\":\"1-1\",\"section\":\"1\",\"question\":\"q1\",\"answer\":\"yes\",\"answer_text\":\"はい\"},"
    "{\"id\":\"1-2\",\"section\":\"1\",\"question\":\"q2\",\"answer\":\"no\",\"answer_text\":\"いいえ\",\"remarks\":\"次期更新で対応\"}]}";

/* The same with one item unanswered and one answered nonsense. */
static const char *bad_mds =
    "{\"kaiji\":\"1\",\"kind\":\"mds\",\"form_version\":\"5.0\",\"guideline\":\"6.0\","
    "\"document_date\":\"2024-10-01\","
    "\"fields\":{\"vendor\":{\"text\":\"架空メディカル株式会社\"},"
    "\"product\":{\"text\":\"架空PACS\"},\"document_date\":{\"text\":\"2024-10-01\"},"
    "\"form_version\":{\"text\":\"Ver.5.0\"}},"
    "\"items\":[{\"id\":\"1-1\",\"question\":\"q1\",\"answer\":\"blank\",\"answer_text\":\"\",\"location\":\"MDS!D10\"},"
    "{\"id\":\"1-2\",\"question\":\"q2\",\"answer\":\"invalid\",\"answer_text\":\"検討中\",\"location\":\"MDS!D11\"}]}";

static const char *kaiji_bin(void)
{
    static char bin[4096];
    snprintf(bin, sizeof bin, "%s/kaiji", KAIJI_BUILD_DIR);
    return bin;
}

/* Runs kaiji with args (a shell fragment); stdout into *out. */
static int kaiji(const char *args, char **out)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "%s %s 2>/dev/null", kaiji_bin(), args);
    return t_run(cmd, out);
}

/* A folder holding good.json, bad.json and empty.xlsx. */
static const char *batch_dir(void)
{
    static char dir[4096];
    char path[4200];
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(path, sizeof path, "%s/good.json", dir);
    t_spit(path, good_mds, strlen(good_mds));
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/sub/bad.json", dir);
    t_spit(path, bad_mds, strlen(bad_mds));
    snprintf(path, sizeof path, "%s/sub/empty.xlsx", dir);
    t_spit(path, "", 0);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    t_spit(path, "not a disclosure", 16);
    return dir;
}

Test(cli, version_prints_the_library_version)
{
    char *out;
    cr_assert_eq(kaiji("--version", &out), 0);
    cr_assert(strstr(out, kaiji_version()) != NULL, "got %s", out);
    free(out);
}

Test(cli, unknown_command_is_a_usage_error)
{
    cr_assert_eq(kaiji("frobnicate", NULL), 2);
    cr_assert_eq(kaiji("", NULL), 2);
}

Test(cli, every_subcommand_has_help)
{
    const char *cmds[] = {"validate", "convert", "catalog"};
    for (size_t i = 0; i < 3; i++) {
        char args[64], *out, want[64];
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        cr_assert_eq(kaiji(args, &out), 0, "%s", args);
        snprintf(want, sizeof want, "usage: kaiji %s", cmds[i]);
        cr_assert(strstr(out, want) != NULL, "%s gave %s", args, out);
        free(out);
    }
}

Test(cli, validate_usage_errors_exit_2)
{
    cr_assert_eq(kaiji("validate", NULL), 2);
    cr_assert_eq(kaiji("validate --as-of 2024-02-30 x.xlsx", NULL), 2);
    cr_assert_eq(kaiji("validate --as-of yesterday x.xlsx", NULL), 2);
    cr_assert_eq(kaiji("validate --format yaml x.xlsx", NULL), 2);
    cr_assert_eq(kaiji("validate --target-guideline six x.xlsx", NULL), 2);
    cr_assert_eq(kaiji("validate --no-such-option x.xlsx", NULL), 2);
}

Test(cli, a_good_document_exits_0)
{
    const char *dir = t_tmpdir();
    char path[4200], args[4400];
    snprintf(path, sizeof path, "%s/good.json", dir);
    t_spit(path, good_mds, strlen(good_mds));
    snprintf(args, sizeof args, "validate --as-of 2024-11-01 %s", path);
    char *out;
    cr_assert_eq(kaiji(args, &out), 0, "output: %s", out);
    cr_assert(strstr(out, "valid") != NULL);
    free(out);
}

Test(cli, json_output_keeps_the_documented_names_and_one_bad_file_does_not_stop_the_batch)
{
    char args[4400], *out;
    snprintf(args, sizeof args, "validate --format json --as-of 2024-11-01 %s", batch_dir());
    cr_assert_eq(kaiji(args, &out), 1);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    cr_assert_str_eq(cJSON_GetObjectItem(root, "tool")->valuestring, "kaiji");
    cr_assert_str_eq(cJSON_GetObjectItem(root, "version")->valuestring, kaiji_version());
    cr_assert_str_eq(cJSON_GetObjectItem(root, "as_of")->valuestring, "2024-11-01");
    cr_assert_str_eq(cJSON_GetObjectItem(root, "target_guideline")->valuestring, "6.0");
    cJSON *sum = cJSON_GetObjectItem(root, "summary");
    cr_assert_eq(cJSON_GetObjectItem(sum, "documents")->valueint, 3, "notes.txt is skipped");
    cr_assert_eq(cJSON_GetObjectItem(sum, "valid")->valueint, 1);
    cr_assert_eq(cJSON_GetObjectItem(sum, "invalid")->valueint, 1);
    cr_assert_eq(cJSON_GetObjectItem(sum, "unreadable")->valueint, 1);
    cr_assert_eq(cJSON_GetObjectItem(sum, "outdated")->valueint, 0);
    cJSON *docs = cJSON_GetObjectItem(root, "documents");
    cr_assert_eq(cJSON_GetArraySize(docs), 3);
    const char *keys[] = {"path", "sha256", "format", "kind", "form_version", "guideline",
                          "status", "vendor", "product", "document_date", "contract",
                          "items", "findings"};
    cJSON *d;
    int seen_bad = 0, seen_good = 0;
    cJSON_ArrayForEach(d, docs) {
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            cr_assert_not_null(cJSON_GetObjectItem(d, keys[k]), "missing key %s", keys[k]);
        const char *path = cJSON_GetObjectItem(d, "path")->valuestring;
        cJSON *items = cJSON_GetObjectItem(d, "items");
        if (strstr(path, "good.json")) {
            seen_good = 1;
            cr_assert_str_eq(cJSON_GetObjectItem(d, "status")->valuestring, "valid");
            cr_assert_str_eq(cJSON_GetObjectItem(d, "form_version")->valuestring, "5.0");
            cr_assert_str_eq(cJSON_GetObjectItem(d, "document_date")->valuestring, "2024-10-01");
            cr_assert_str_eq(cJSON_GetObjectItem(d, "vendor")->valuestring, "架空メディカル株式会社");
            cr_assert_eq(cJSON_GetObjectItem(items, "total")->valueint, 2);
            cr_assert_eq(cJSON_GetObjectItem(items, "yes")->valueint, 1);
            cr_assert_eq(cJSON_GetObjectItem(items, "no")->valueint, 1);
            cr_assert_eq(strlen(cJSON_GetObjectItem(d, "sha256")->valuestring), 64);
        } else if (strstr(path, "bad.json")) {
            seen_bad = 1;
            cr_assert_str_eq(cJSON_GetObjectItem(d, "status")->valuestring, "invalid");
            cr_assert_eq(cJSON_GetObjectItem(items, "answered")->valueint, 1);
            int missing = 0, invalid = 0;
            cJSON *f;
            cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings")) {
                const char *code = cJSON_GetObjectItem(f, "code")->valuestring;
                if (strcmp(code, "missing-answer") == 0) {
                    missing = 1;
                    cr_assert_str_eq(cJSON_GetObjectItem(f, "item")->valuestring, "1-1");
                    cr_assert_str_eq(cJSON_GetObjectItem(f, "location")->valuestring, "MDS!D10");
                    cr_assert_str_eq(cJSON_GetObjectItem(f, "severity")->valuestring, "error");
                }
                invalid |= strcmp(code, "invalid-answer") == 0;
            }
            cr_assert(missing && invalid);
        } else {
            cr_assert_str_eq(cJSON_GetObjectItem(d, "status")->valuestring, "unreadable");
        }
    }
    cr_assert(seen_bad && seen_good);
    cJSON_Delete(root);
    free(out);
}

Test(cli, csv_output_is_for_excel_with_bom_and_a_row_per_finding)
{
    char args[4400], *out;
    snprintf(args, sizeof args, "validate --format csv --as-of 2024-11-01 %s", batch_dir());
    cr_assert_eq(kaiji(args, &out), 1);
    cr_assert(strncmp(out, "\xEF\xBB\xBF" "path,", 8) == 0, "no BOM + header: %.40s", out);
    cr_assert(strstr(out, "\r\n") != NULL, "rows end in CRLF");
    cr_assert(strstr(out, ",missing-answer,1-1,MDS!D10,") != NULL, "got %s", out);
    cr_assert(strstr(out, ",invalid-answer,1-2,") != NULL);
    cr_assert(strstr(out, ",file-corrupt,") != NULL);
    free(out);
}

Test(cli, strict_also_fails_on_warnings)
{
    /* good.json has no finding at all; remove the optional contact to get a
     * warning, which only --strict turns into a failure. */
    const char *dir = t_tmpdir();
    char path[4200], args[4400];
    char *doc = strdup(good_mds);
    char *c = strstr(doc, ",\"contact\":{\"text\":\"info@example.invalid\"}");
    cr_assert_not_null(c);
    memmove(c, c + strlen(",\"contact\":{\"text\":\"info@example.invalid\"}"),
            strlen(c + strlen(",\"contact\":{\"text\":\"info@example.invalid\"}")) + 1);
    snprintf(path, sizeof path, "%s/warn.json", dir);
    t_spit(path, doc, strlen(doc));
    free(doc);
    snprintf(args, sizeof args, "validate --as-of 2024-11-01 %s", path);
    cr_assert_eq(kaiji(args, NULL), 0);
    snprintf(args, sizeof args, "validate --strict --as-of 2024-11-01 %s", path);
    cr_assert_eq(kaiji(args, NULL), 1);
}

/* The finding codes of one validation, sorted, joined by spaces. */
static char *codes_of(const char *path)
{
    char args[4400], *out;
    snprintf(args, sizeof args, "validate --format json --as-of 2024-11-01 %s", path);
    kaiji(args, &out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root);
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "documents"), 0);
    char *codes = calloc(1, 4096);
    snprintf(codes, 4096, "%s %s %s |", cJSON_GetObjectItem(d, "kind")->valuestring,
             cJSON_GetObjectItem(d, "status")->valuestring,
             cJSON_GetObjectItem(d, "form_version")->valuestring);
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings")) {
        strncat(codes, " ", 4095 - strlen(codes));
        strncat(codes, cJSON_GetObjectItem(f, "code")->valuestring, 4095 - strlen(codes));
        strncat(codes, "@", 4095 - strlen(codes));
        strncat(codes, cJSON_GetObjectItem(f, "item")->valuestring, 4095 - strlen(codes));
    }
    cJSON_Delete(root);
    free(out);
    return codes;
}

Test(cli, convert_to_json_and_xml_then_validate_gives_the_same_result)
{
    const char *dir = t_tmpdir();
    char src[4200], js[4200], xml[4200], args[9000];
    snprintf(src, sizeof src, "%s/bad.json", dir);
    snprintf(js, sizeof js, "%s/conv.json", dir);
    snprintf(xml, sizeof xml, "%s/conv.xml", dir);
    t_spit(src, bad_mds, strlen(bad_mds));
    snprintf(args, sizeof args, "convert --to json -o %s %s", js, src);
    cr_assert_eq(kaiji(args, NULL), 0);
    snprintf(args, sizeof args, "convert --to xml %s > %s", src, xml);
    cr_assert_eq(kaiji(args, NULL), 0);
    char *a = codes_of(src), *b = codes_of(js), *c = codes_of(xml);
    cr_assert_str_eq(a, b);
    cr_assert_str_eq(a, c);
    cr_assert(strstr(a, "missing-answer@1-1") != NULL, "got %s", a);
    free(a);
    free(b);
    free(c);
}

Test(cli, convert_refuses_an_unreadable_file)
{
    const char *dir = t_tmpdir();
    char path[4200], args[4400];
    snprintf(path, sizeof path, "%s/empty.xlsx", dir);
    t_spit(path, "", 0);
    snprintf(args, sizeof args, "convert %s", path);
    cr_assert_eq(kaiji(args, NULL), 1);
    cr_assert_eq(kaiji("convert", NULL), 2);
    cr_assert_eq(kaiji("convert --to pdf x.xlsx", NULL), 2);
}

Test(cli, catalog_list_names_the_builtin_catalogs)
{
    char *out;
    cr_assert_eq(kaiji("catalog list", &out), 0);
    cr_assert(strstr(out, "mhlw-checklist-r6") != NULL, "got %s", out);
    free(out);
    cr_assert_eq(kaiji("catalog show mhlw-checklist-r6", &out), 0);
    cJSON *cat = cJSON_Parse(out);
    cr_assert_not_null(cat, "show prints JSON");
    cJSON_Delete(cat);
    free(out);
    cr_assert_eq(kaiji("catalog show no-such-catalog", NULL), 2);
    cr_assert_eq(kaiji("catalog frob", NULL), 2);
}

Test(cli, an_imported_template_checks_completeness_only_when_passed_with_catalog)
{
    const char *dir = t_tmpdir();
    char args[9000];
    char *out;
    snprintf(args, sizeof args, "catalog import -o %s/mds-template.json %s", dir,
             t_src("samples/template/mds-5.0-blank-template.xlsx"));
    cr_assert_eq(kaiji(args, NULL), 0);
    snprintf(args, sizeof args, "catalog list --catalog %s", dir);
    cr_assert_eq(kaiji(args, &out), 0);
    cr_assert(strstr(out, "template") != NULL, "the import is listed: %s", out);
    free(out);

    const char *doc = "samples/template/mds-5.0-differs-from-template.xlsx";
    snprintf(args, sizeof args, "validate --format csv --as-of 2026-11-26 --catalog %s %s",
             dir, t_src(doc));
    kaiji(args, &out);
    cr_assert(strstr(out, ",missing-item,") != NULL, "got %s", out);
    cr_assert(strstr(out, ",unexpected-item,") != NULL);
    cr_assert(strstr(out, ",item-text-changed,") != NULL);
    free(out);

    snprintf(args, sizeof args, "validate --format csv --as-of 2026-11-26 %s", t_src(doc));
    kaiji(args, &out);
    cr_assert(strstr(out, ",missing-item,") == NULL, "no template, no completeness check");
    free(out);
}

Test(cli, a_catalog_folder_that_does_not_load_is_a_usage_error)
{
    const char *dir = t_tmpdir();
    char path[4200], args[9000];
    snprintf(path, sizeof path, "%s/broken.json", dir);
    t_spit(path, "{\"id\": ", 7);
    snprintf(args, sizeof args, "validate --catalog %s %s", dir,
             t_src("samples/mds-sds/mds-5.0-good.xlsx"));
    cr_assert_eq(kaiji(args, NULL), 2);
}

Test(cli, output_is_the_same_in_the_same_order_whatever_the_number_of_jobs)
{
    char args[4400], *one, *many;
    snprintf(args, sizeof args, "validate -j 1 --format json --as-of 2026-11-26 %s", t_src("samples"));
    kaiji(args, &one);
    for (int j = 2; j <= 8; j *= 2) {
        snprintf(args, sizeof args, "validate -j %d --format json --as-of 2026-11-26 %s", j,
                 t_src("samples"));
        kaiji(args, &many);
        cr_assert(strlen(one) > 1000);
        cr_assert_str_eq(one, many, "-j %d differs from -j 1", j);
        free(many);
    }
    free(one);
    cr_assert_eq(kaiji("validate -j 0 x.xlsx", NULL), 2);
    cr_assert_eq(kaiji("validate -j lots x.xlsx", NULL), 2);
}
