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
#include <unistd.h>

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

static const char *const subcommands[] = {"validate", "convert", "catalog",  "register",
                                          "ingest",   "link",    "status",   "remind",
                                          "fetch",    "checklist", "serve",  "user"};

Test(cli, every_subcommand_has_help)
{
    const char *const *cmds = subcommands;
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        char args[64], *out, want[64];
        snprintf(args, sizeof args, "%s --help", cmds[i]);
        cr_assert_eq(kaiji(args, &out), 0, "%s", args);
        snprintf(want, sizeof want, "usage: kaiji %s", cmds[i]);
        cr_assert(strstr(out, want) != NULL, "%s gave %s", args, out);
        free(out);
    }
}

/* An option a subcommand does not take is refused the same way by every
 * one: exit 2 and its usage line on stderr.  link and register take no
 * --as-of (they once accepted one and ignored it). */
Test(cli, every_subcommand_refuses_an_option_it_does_not_take_with_its_usage)
{
    static const struct {
        const char *args, *usage;
    } cases[] = {
        {"validate --no-such-option x.xlsx", "usage: kaiji validate"},
        {"convert --no-such-option x.xlsx", "usage: kaiji convert"},
        {"catalog --no-such-option list", "usage: kaiji catalog"},
        {"register --no-such-option import x.csv", "usage: kaiji register"},
        {"register --as-of 2026-11-26 import x.csv", "usage: kaiji register"},
        {"ingest --no-such-option x.xlsx", "usage: kaiji ingest"},
        {"link --no-such-option x.xlsx C-1", "usage: kaiji link"},
        {"link --as-of 2026-11-26 x.xlsx C-1", "usage: kaiji link"},
        {"status --no-such-option", "usage: kaiji status"},
        {"remind --no-such-option", "usage: kaiji remind"},
        {"fetch --no-such-option", "usage: kaiji fetch"},
        {"checklist draft --no-such-option", "usage: kaiji checklist"},
        {"serve --no-such-option", "usage: kaiji serve"},
        {"user --no-such-option list", "usage: kaiji user"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[8192], *out = NULL;
        snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", kaiji_bin(), cases[i].args);
        cr_expect_eq(t_run(cmd, &out), 2, "%s: %s", cases[i].args, out);
        cr_expect(out && strstr(out, cases[i].usage), "%s gave %s", cases[i].args, out);
        free(out);
    }
}

/* Column of the first non-space after the option's name on the line of
 * help that starts with "  " opt; -1 when there is none. */
static int words_column(const char *help, const char *opt)
{
    char want[64];
    snprintf(want, sizeof want, "\n  %s ", opt);
    const char *at = strstr(help, want);
    if (!at)
        return -1;
    const char *p = at + strlen(want);
    p += strspn(p, " ");
    return (int)(p - (at + 1));
}

/* --site is said after --db in the help of every command that has it, its
 * words in --db's column and its second line too, in English and in
 * Japanese (it once sat 8 columns left of the others in ingest, status,
 * checklist and serve, and broke グループ across the lines). */
Test(cli, the_site_option_lines_up_with_the_db_option_in_every_help)
{
    static const char *const with_db[] = {"register", "ingest", "link",  "status",
                                          "remind",   "fetch",  "checklist", "serve", "user"};
    static const char *const langs[] = {"LC_ALL=C LANGUAGE=", "LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++)
        for (size_t i = 0; i < sizeof with_db / sizeof with_db[0]; i++) {
            char cmd[8192], *out = NULL;
            snprintf(cmd, sizeof cmd, "env %s %s %s --help", langs[l], kaiji_bin(), with_db[i]);
            cr_assert_eq(t_run(cmd, &out), 0, "%s", cmd);
            int db = words_column(out, "--db PATH"), site = words_column(out, "--site NAME");
            cr_expect(db > 0 && site == db, "%s: --db's words at %d, --site's at %d:\n%s", cmd, db,
                      site, out);
            const char *line = strstr(out, "\n  --site NAME ");
            const char *next = line ? strchr(line + 1, '\n') : NULL;
            if (next && db > 0) {
                size_t spaces = strspn(next + 1, " ");
                cr_expect_eq((int)spaces, db, "%s: --site's second line starts at %zu:\n%s", cmd,
                             spaces, out);
            }
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

/* good.json alone in a fresh folder; returns its path. */
static const char *good_file(void)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/good.json", t_tmpdir());
    t_spit(path, good_mds, strlen(good_mds));
    return path;
}

/* The target_guideline of a JSON run with env (a shell prefix, or "") and
 * extra arguments; NULL with exit status 2. */
static char *target_of(const char *env, const char *extra, const char *file)
{
    char cmd[32768], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s %s validate --format json --as-of 2026-12-01 %s '%s' 2>/dev/null",
             env, kaiji_bin(), extra, file);
    int rc = t_run(cmd, &out);
    if (rc == 2) {
        free(out);
        return NULL;
    }
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "%s", out);
    char *t = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(root, "target_guideline")));
    cJSON_Delete(root);
    free(out);
    return t;
}

Test(cli, the_target_comes_from_the_option_then_the_environment_then_the_config_file)
{
    const char *file = good_file();
    char conf[4200], env[8400];
    snprintf(conf, sizeof conf, "%s/config", t_tmpdir());
    const char *text = "# kaiji settings of the hospital\ntarget-guideline = 7.0\n";
    t_spit(conf, text, strlen(text));
    static const struct { const char *env, *extra, *want; } cases[] = {
        {"", "", "6.0"},
        {"KAIJI_TARGET_GUIDELINE=7", "", "7.0"},
        {"KAIJI_TARGET_GUIDELINE=7.0", "--target-guideline 6.0", "6.0"},
        {"CONF", "", "7.0"},
        {"CONF KAIJI_TARGET_GUIDELINE=6.0", "", "6.0"},
        {"", "--target-guideline 8.0", NULL},
        {"KAIJI_TARGET_GUIDELINE=abc", "", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strncmp(cases[i].env, "CONF", 4) == 0)
            snprintf(env, sizeof env, "KAIJI_CONFIG='%s'%s", conf, cases[i].env + 4);
        else
            snprintf(env, sizeof env, "KAIJI_CONFIG=/nonexistent %s", cases[i].env);
        char *t = target_of(env, cases[i].extra, file);
        if (!cases[i].want)
            cr_expect_null(t, "case %zu: %s", i, t);
        else
            cr_expect_str_eq(t ? t : "(refused)", cases[i].want, "case %zu", i);
        free(t);
    }
}

Test(cli, from_7_0s_day_a_run_against_6_0_says_once_that_7_0_is_in_force)
{
    const char *file = good_file();
    char args[12000], *out = NULL;
    snprintf(args, sizeof args, "validate --as-of 2026-06-28 '%s' '%s'", file, file);
    cr_assert_eq(kaiji(args, &out), 0);
    cr_expect_null(strstr(out, "7.0"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "validate --as-of 2026-06-29 '%s' '%s'", file, file);
    cr_assert_eq(kaiji(args, &out), 0);
    const char *note = strstr(out, "note: guideline 7.0 has been in force since 2026-06-29");
    cr_expect_not_null(note, "%s", out);
    cr_expect(note && !strstr(note + 1, "note: guideline 7.0"), "once: %s", out);
    cr_expect(strstr(out, "--target-guideline 7.0"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "validate --as-of 2026-06-29 --target-guideline 7.0 '%s'", file);
    cr_assert_eq(kaiji(args, &out), 0);
    cr_expect_null(strstr(out, "note: guideline"), "%s", out);
    cr_expect(strstr(out, "guideline 7.0)"), "the summary names the target: %s", out);
    free(out);

    snprintf(args, sizeof args, "validate --format json --as-of 2026-12-01 '%s'", file);
    cr_assert_eq(kaiji(args, &out), 0);
    cJSON *root = cJSON_Parse(out);
    const cJSON *n = cJSON_GetObjectItem(root, "notice");
    cr_assert_not_null(n, "%s", out);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(n, "code")), "newer-guideline-in-force");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(n, "guideline")), "7.0");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(n, "since")), "2026-06-29");
    cJSON_Delete(root);
    free(out);

    snprintf(args, sizeof args, "validate --format html --as-of 2026-12-01 '%s'", file);
    cr_assert_eq(kaiji(args, &out), 0);
    cr_expect(strstr(out, "<p class=\"notice\" role=\"note\">guideline 7.0 has been in force"),
              "the HTML report says it under its header");
    free(out);
}

Test(cli, a_profile_lists_the_annex_items_a_no_must_be_explained_for)
{
    const char *file = good_file();
    char profile[4200], args[12000], *out = NULL;
    snprintf(profile, sizeof profile, "%s/annex.json", t_tmpdir());
    const char *json =
        "{\"id\": \"our-annex\", \"type\": \"annex\", \"title\": \"別紙（院内で転記）\","
        " \"source\": \"hospital\", \"certainty\": \"2\", \"guideline\": \"7.0\","
        " \"items\": {\"mds\": [\"1-2\"], \"sds\": []}}";
    t_spit(profile, json, strlen(json));
    snprintf(args, sizeof args,
             "validate --format json --as-of 2026-12-01 -g 7.0 --profile '%s' '%s'", profile, file);
    cr_assert_eq(kaiji(args, &out), 0, "%s", out);
    cJSON *root = cJSON_Parse(out);
    const cJSON *docs = cJSON_GetObjectItem(root, "documents"), *f;
    const cJSON *findings = cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 0), "findings");
    bool warned = false;
    cJSON_ArrayForEach(f, findings) {
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(f, "code"));
        if (code && strcmp(code, "annex-item-no") == 0) {
            cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(f, "item")), "1-2");
            cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(f, "severity")), "warning");
            warned = true;
        }
    }
    cr_expect(warned, "%s", out);
    cJSON_Delete(root);
    free(out);
    snprintf(args, sizeof args, "validate --profile '%s/none.json' '%s'", t_tmpdir(), file);
    cr_expect_eq(kaiji(args, NULL), 2, "a profile that cannot be read is a usage error");
}

/* good_mds with its vendor name and one answer replaced (JSON-escaped). */
static const char *hostile_file(const char *dir, const char *name, const char *vendor,
                                const char *answer)
{
    static char path[4200];
    char *json = strdup(good_mds), *out = malloc(strlen(good_mds) + 512);
    cr_assert(json && out);
    const char *v = strstr(json, "架空メディカル株式会社");
    const char *a = strstr(json, "\"answer_text\":\"はい\"");
    cr_assert(v && a && v < a);
    size_t n = 0;
    n += (size_t)sprintf(out + n, "%.*s%s", (int)(v - json), json, vendor);
    v += strlen("架空メディカル株式会社");
    n += (size_t)sprintf(out + n, "%.*s\"answer_text\":\"%s\"", (int)(a - v), v, answer);
    sprintf(out + n, "%s", a + strlen("\"answer_text\":\"はい\""));
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, out, strlen(out));
    free(json);
    free(out);
    return path;
}

Test(cli, what_a_document_or_a_file_name_holds_never_acts_on_the_terminal)
{
    const char *dir = t_tmpdir();
    const char *path = hostile_file(dir, "evil\x1b]0;owned\x07\xe2\x80\xae.json",
                                    "\\u001b[2J\\u001b[31m悪い会社\\u202e\\u0008",
                                    "\\u001b[1A\\rはい\\u009b");
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' validate --as-of 2026-12-01 '%s' 2>&1", kaiji_bin(), path);
    t_run(cmd, &out);
    cr_assert_not_null(out);
    cr_expect_null(strchr(out, '\x1b'), "a raw ESC reached the terminal: %s", out);
    cr_expect_null(strchr(out, '\r'), "a raw CR: %s", out);
    cr_expect_null(strchr(out, '\b'), "a raw backspace: %s", out);
    cr_expect_null(strchr(out, '\x07'), "a raw BEL: %s", out);
    cr_expect_null(strstr(out, "\xe2\x80\xae"), "a raw bidi override: %s", out);
    cr_expect_null(strstr(out, "\xc2\x9b"), "a raw C1 CSI: %s", out);
    cr_expect(strstr(out, "\\x1B[2J\\x1B[31m悪い会社\\u202E"), "the vendor is shown escaped: %s", out);
    cr_expect(strstr(out, "evil\\x1B]0;owned\\x07\\u202E.json"), "the name: %s", out);
    free(out);

    /* JSON keeps the document's exact text (escaped the JSON way). */
    snprintf(cmd, sizeof cmd, "'%s' validate --format json --as-of 2026-12-01 '%s'", kaiji_bin(),
             path);
    t_run(cmd, &out);
    /* escaped as cJSON escapes: \u00xx in lower case, \b for a backspace */
    cr_expect(strstr(out, "\"vendor\":\"\\u001b[2J\\u001b[31m悪い会社\xe2\x80\xae\\b\""),
              "the vendor as JSON writes it: %s", out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "%s", out);
    const char *vendor = cJSON_GetStringValue(cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(root, "documents"), 0), "vendor"));
    cr_expect_str_eq(vendor, "\x1b[2J\x1b[31m悪い会社\xe2\x80\xae\b");
    cJSON_Delete(root);
    free(out);
}

Test(cli, a_csv_field_excel_would_run_as_a_formula_is_written_as_text)
{
    const char *path = hostile_file(t_tmpdir(), "f.json", "=HYPERLINK(\\\"http://x\\\")", "はい");
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' validate --format csv --as-of 2026-12-01 '%s'", kaiji_bin(), path);
    t_run(cmd, &out);
    cr_expect(strstr(out, ",\"'=HYPERLINK(\"\"http://x\"\")\","), "%s", out);
    cr_expect_null(strstr(out, ",=HYPERLINK"), "%s", out);
    free(out);
}

Test(cli, a_file_named_like_an_option_never_changes_the_run)
{
    const char *dir = t_tmpdir();
    char p1[4200], p2[4200], cmd[12000], *out = NULL;
    snprintf(p1, sizeof p1, "%s/a.json", dir);
    t_spit(p1, good_mds, strlen(good_mds));
    snprintf(p2, sizeof p2, "%s/--target-guideline=5.2", dir);
    t_spit(p2, good_mds, strlen(good_mds));
    /* after the first path: read as a path, with a note */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' validate --as-of 2026-12-01 a.json '--target-guideline=5.2' 2>&1",
             dir, kaiji_bin());
    cr_expect_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "guideline 6.0)"), "the target did not change: %s", out);
    cr_expect(strstr(out, "2 documents"), "%s", out);
    cr_expect(strstr(out, "comes after a path"), "%s", out);
    free(out);
    /* first, as the shell sorts it: refused, since it is a file here */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' validate --as-of 2026-12-01 * 2>&1", dir, kaiji_bin());
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    cr_expect(strstr(out, "also a file here"), "%s", out);
    free(out);
    /* -- before the paths reads them all as paths */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' validate --as-of 2026-12-01 -- * 2>&1", dir, kaiji_bin());
    cr_expect_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "2 documents") && strstr(out, "guideline 6.0)"), "%s", out);
    free(out);
}

Test(cli, a_folder_walk_never_follows_links_nor_opens_pipes, .timeout = 30)
{
    const char *dir = t_tmpdir();
    char inside[4200], outside[4200], p[4400], cmd[16384], *out = NULL;
    snprintf(inside, sizeof inside, "%s/in", dir);
    snprintf(outside, sizeof outside, "%s/out", dir);
    cr_assert_eq(mkdir(inside, 0700), 0);
    cr_assert_eq(mkdir(outside, 0700), 0);
    snprintf(p, sizeof p, "%s/good.json", inside);
    t_spit(p, good_mds, strlen(good_mds));
    snprintf(p, sizeof p, "%s/secret.json", outside);
    t_spit(p, good_mds, strlen(good_mds));
    snprintf(p, sizeof p, "%s/elsewhere", inside);
    cr_assert_eq(symlink(outside, p), 0);            /* a link out of the folder */
    snprintf(p, sizeof p, "%s/loop", inside);
    cr_assert_eq(symlink(inside, p), 0);             /* a link back into it */
    snprintf(p, sizeof p, "%s/linked.json", inside);
    char target[4400];
    snprintf(target, sizeof target, "%s/secret.json", outside);
    cr_assert_eq(symlink(target, p), 0);             /* a file link out */
    snprintf(p, sizeof p, "%s/pipe.xlsx", inside);
    cr_assert_eq(mkfifo(p, 0600), 0);                /* opening it would block */

    snprintf(cmd, sizeof cmd, "'%s' validate --format json --as-of 2026-12-01 '%s' 2>'%s/err'",
             kaiji_bin(), inside, dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "%s", out);
    const cJSON *docs = cJSON_GetObjectItem(root, "documents");
    cr_expect_eq(cJSON_GetArraySize(docs), 1, "only good.json: %s", out);
    cr_expect(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 0), "path")),
                     "/in/good.json"));
    cJSON_Delete(root);
    free(out);
    snprintf(p, sizeof p, "%s/err", dir);
    size_t len;
    char *err = t_slurp(p, &len);
    cr_expect(strstr(err, "pipe.xlsx: a named pipe"), "%s", err);
    cr_expect(strstr(err, "linked.json: a symbolic link"), "%s", err);
    free(err);

    /* named on the command line: skipped with a note, never opened */
    snprintf(cmd, sizeof cmd, "'%s' validate --as-of 2026-12-01 '%s/pipe.xlsx' /dev/zero 2>&1",
             kaiji_bin(), inside);
    t_run(cmd, &out);
    cr_expect(strstr(out, "a named pipe") && strstr(out, "/dev/zero: a device"), "%s", out);
    free(out);
}

Test(cli, command_line_dates_are_read_as_the_register_reads_them)
{
    const char *file = good_file();
    static const char *const same[] = {"2026-12-01", "2026/12/1", "令和8年12月1日", "R8.12.1",
                                       "２０２６年１２月１日"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char args[9000], *out = NULL;
        snprintf(args, sizeof args, "validate --format json --as-of '%s' '%s'", same[i], file);
        cr_expect_eq(kaiji(args, &out), 0, "%s", same[i]);
        cr_expect(out && strstr(out, "\"as_of\":\"2026-12-01\""), "%s: %.200s", same[i], out);
        free(out);
    }
    static const char *const wrong[] = {"2026-13-01", "2026年12月", "令和8年2月30日", "tomorrow"};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        char args[9000];
        snprintf(args, sizeof args, "validate --as-of '%s' '%s'", wrong[i], file);
        cr_expect_eq(kaiji(args, NULL), 2, "%s is refused", wrong[i]);
    }
}

Test(cli, no_output_file_is_written_through_a_symbolic_link)
{
    const char *dir = t_tmpdir();
    char victim[4200], link_path[4200], args[12000];
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    t_spit(victim, "keep me", 7);
    snprintf(link_path, sizeof link_path, "%s/out.json", dir);
    cr_assert_eq(symlink(victim, link_path), 0);
    const char *file = good_file();
    snprintf(args, sizeof args, "convert -o '%s' '%s'", link_path, file);
    cr_expect_neq(kaiji(args, NULL), 0, "convert wrote through the link");
    snprintf(args, sizeof args, "catalog import -o '%s' '%s'", link_path,
             t_src("samples/template/mds-5.0-blank-template.xlsx"));
    cr_expect_neq(kaiji(args, NULL), 0, "catalog import wrote through the link");
    size_t len;
    char *kept = t_slurp(victim, &len);
    cr_expect_str_eq(kept, "keep me");
    free(kept);
}

/* A folder where a file is wanted, or a file that is not there, is said as
 * such, once, as a usage error (exit 2): not "not a regular file", "no
 * form with an item table was found" nor "cannot read the register" after
 * reading nothing. */
Test(cli, a_folder_or_a_missing_file_where_a_file_is_wanted_is_told_as_such)
{
    const char *dir = t_tmpdir(), *file = good_file();
    const char *tmpl = t_src("samples/template/mds-5.0-blank-template.xlsx");
    static char args[7][9000];
    snprintf(args[0], sizeof args[0], "convert -o '%s' '%s'", dir, file);
    snprintf(args[1], sizeof args[1], "catalog import -o '%s' '%s'", dir, tmpl);
    snprintf(args[2], sizeof args[2], "register template -o '%s'", dir);
    snprintf(args[3], sizeof args[3], "catalog import '%s'", dir);
    snprintf(args[4], sizeof args[4], "register import --db '%s/kaiji.db' '%s'", dir, dir);
    snprintf(args[5], sizeof args[5], "catalog import '%s/nowhere.xlsx'", dir);
    snprintf(args[6], sizeof args[6], "register import --db '%s/kaiji.db' '%s/nowhere.csv'", dir,
             dir);
    static const char *const says[7] = {
        "is a folder: give the name of the file to write",
        "is a folder: give the name of the file to write",
        "is a folder: give the name of the file to write",
        "is a folder: give one file in it",
        "is a folder: give one file in it",
        "nowhere.xlsx does not exist",
        "nowhere.csv does not exist",
    };
    for (size_t i = 0; i < 7; i++) {
        char cmd[13200], *out = NULL;
        snprintf(cmd, sizeof cmd, "LC_ALL=C LANGUAGE= %.4096s %.9000s 2>&1 >/dev/null",
                 kaiji_bin(), args[i]);
        cr_expect_eq(t_run(cmd, &out), 2, "%s: %s", args[i], out ? out : "");
        cr_expect(out && strstr(out, says[i]), "%s: %s", args[i], out ? out : "");
        cr_expect(out && !strstr(out, "cannot write"), "%s said it twice: %s", args[i], out);
        free(out);
    }
    char db[4200];
    struct stat sb;
    snprintf(db, sizeof db, "%s/kaiji.db", dir);
    cr_expect_neq(stat(db, &sb), 0, "a register that was not read made a store");
}

/* kaiji catalog alone says what is missing before its usage line, as every
 * other command given nothing to do does. */
Test(cli, catalog_without_an_action_says_what_it_needs)
{
    char cmd[4400], *out = NULL;
    snprintf(cmd, sizeof cmd, "LC_ALL=C LANGUAGE= %s catalog 2>&1 >/dev/null", kaiji_bin());
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out ? out : "");
    cr_expect(out && strstr(out, "kaiji: catalog needs what to do: list, show ID or import FILE"),
              "%s", out ? out : "");
    cr_expect(out && strstr(out, "usage: kaiji catalog"), "%s", out ? out : "");
    free(out);
}

/* A wrong short option inside a cluster is named, not the long option
 * before it: getopt_long has not gone past the cluster (-Zj) then, and the
 * word before it (--strict) was read rightly. */
Test(cli, a_wrong_option_in_a_cluster_is_named_not_the_long_option_before_it)
{
    static const struct {
        const char *args, *says;
    } cases[] = {
        {"validate --strict -Zj 2 x.json", "-Z is not an option of kaiji validate"},
        {"validate --wareki -sZ x.json", "-Z is not an option of kaiji validate"},
        {"status --db=k.db -Zh", "-Z is not an option of kaiji status"},
        {"validate --nope x.json", "--nope is not an option of kaiji validate"},
        {"validate --strict=1 x.json", "--strict takes no value"},
        {"validate --strict --format", "--format needs a value"},
        {"validate --strict -j", "-j needs a value"},
        /* the word before the cluster is a value that looks like a long option */
        {"validate --catalog --x -Zj 2 x.json", "-Z is not an option of kaiji validate"},
        {"validate --catalog --strict=1 -sZj 2 x.json", "-Z is not an option of kaiji validate"},
        {"convert x.json --output --nope -Zt json", "-Z is not an option of kaiji convert"},
        {"convert x.json -Zt json", "-Z is not an option of kaiji convert"},
        {"convert x.json --nope", "--nope is not an option of kaiji convert"},
        {"validate -Zj 2 x.json", "-Z is not an option of kaiji validate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[8192], *out = NULL;
        snprintf(cmd, sizeof cmd, "cd '%s' && LC_ALL=C LANGUAGE= %s %s 2>&1 >/dev/null",
                 t_tmpdir(), kaiji_bin(), cases[i].args);
        cr_expect_eq(t_run(cmd, &out), 2, "%s: %s", cases[i].args, out);
        cr_expect(out && strstr(out, cases[i].says), "%s gave %s", cases[i].args, out);
        free(out);
    }
}

/* An option typed with the Japanese input on (full-width letters) is named
 * as it was typed, not "-?", with a hint to type it in half-width letters. */
Test(cli, an_option_typed_in_full_width_letters_is_named_as_typed_with_a_hint)
{
    static const struct {
        const char *args, *says;
    } cases[] = {
        {"validate -\xef\xbd\x8a 2 x.json", "-\xef\xbd\x8a is not an option of kaiji validate"},
        {"validate --strict -s\xef\xbd\x8a x.json",
         "-s\xef\xbd\x8a is not an option of kaiji validate"},
        {"validate --\xef\xbd\x8a\xef\xbd\x8f\xef\xbd\x82\xef\xbd\x93 2 x.json",
         "--\xef\xbd\x8a\xef\xbd\x8f\xef\xbd\x82\xef\xbd\x93 is not an option"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[8192], *out = NULL;
        snprintf(cmd, sizeof cmd, "cd '%s' && LC_ALL=C.UTF-8 LANGUAGE= %s %s 2>&1 >/dev/null",
                 t_tmpdir(), kaiji_bin(), cases[i].args);
        cr_expect_eq(t_run(cmd, &out), 2, "%s: %s", cases[i].args, out);
        cr_expect(out && strstr(out, cases[i].says), "%s gave %s", cases[i].args, out);
        cr_expect(out && strstr(out, "half-width letters"), "%s gave %s", cases[i].args, out);
        cr_expect(out && !strstr(out, "-?"), "%s gave %s", cases[i].args, out);
        free(out);
    }
    /* An ASCII mistake gets no such hint. */
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && LC_ALL=C.UTF-8 LANGUAGE= %s validate -Z x.json 2>&1",
             t_tmpdir(), kaiji_bin());
    cr_expect_eq(t_run(cmd, &out), 2, "%s", out);
    cr_expect(out && !strstr(out, "half-width"), "%s", out);
    free(out);
}

/* An imported template's title is read in the user's language at display
 * time (catalog list), from the facts its file keeps: the kind, the form's
 * version as printed, the file it was taken from; a file an older kaiji
 * wrote, an official file's too, reads the same; a title a person wrote
 * into the file is shown as written. */
Test(cli, an_imported_templates_title_is_read_in_the_users_language)
{
    t_require_locale("ja_JP.UTF-8");
    const char *dir = t_tmpdir();
    char cmd[20000], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s catalog import -o '%s/mds.json' '%s' 2>/dev/null", kaiji_bin(),
             dir, t_src("samples/template/mds-5.0-blank-template.xlsx"));
    cr_assert_eq(t_run(cmd, NULL), 0);
    /* An SDS taken from an official file, as an older kaiji wrote it. */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && sed -e 's/template-mds-5.0/template-sds-5.0/' -e 's/\"mds\"/\"sds\"/'"
             " -e 's/\"title\":.*/\"title\": \"Imported template: sds form version 5.0"
             " (001.xlsx) — 公式ファイル 001.xlsx から取り込み \\/ imported from the official"
             " file 001.xlsx\",\"official_file\": \"001.xlsx\",/' mds.json > sds.json"
             " && sed -e 's/template-mds-5.0/mine/'"
             " -e 's/\"title\":.*/\"title\": \"当院で使う MDS の様式\",/' mds.json > mine.json",
             dir);
    cr_assert_eq(t_run(cmd, NULL), 0);

    snprintf(cmd, sizeof cmd, "LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8 %s catalog list --catalog '%s'",
             kaiji_bin(), dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "取り込んだ様式: MDS Ver.5.0（利用者のファイル "
                          "mds-5.0-blank-template.xlsx から）"), "%s", out);
    cr_expect(strstr(out, "取り込んだ様式: SDS Ver.5.0（公式ファイル 001.xlsx から）"), "%s", out);
    cr_expect(strstr(out, "当院で使う MDS の様式"), "%s", out);
    cr_expect_not(strstr(out, "Imported"), "English in a Japanese list:\n%s", out);
    cr_expect_not(strstr(out, "form version"), "English in a Japanese list:\n%s", out);
    free(out);

    snprintf(cmd, sizeof cmd, "LC_ALL=C LANGUAGE= %s catalog list --catalog '%s'", kaiji_bin(),
             dir);
    cr_assert_eq(t_run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "Imported form: MDS Ver.5.0 (from the file "
                          "mds-5.0-blank-template.xlsx)"), "%s", out);
    free(out);
}
