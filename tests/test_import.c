/*
 * tests/test_import.c - `kaiji catalog import` of MHLW checklist workbooks:
 * blanks in the official layouts of R6 (both sheets, 1(1) numbering), R7
 * (both sheets, circled numbering, scope tags) and R8 (two one-sheet
 * workbooks), written by tests/make_import_fixtures.py, become catalogs of
 * type mhlw-checklist that then find missing, extra and reworded items in
 * filled copies; an imported catalog outranks the built-in R7; a file whose
 * SHA-256 is on the official list is named official; the command tells in
 * Japanese what it found.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "model/model.h"
#include "parser/readers.h"
#include "support/support.h"
#include "text/text.h"
#include "catalog/catalogs.h"

/* ---- fixtures ----------------------------------------------------------- */

/* A fresh directory under the build tree: t_tmpdir()'s, copied out of its
 * one buffer into one of four taken in turn. */
static const char *tmpdir(void)
{
    static _Thread_local char dirs[4][4096];
    static _Thread_local unsigned turn;
    char *dir = dirs[turn++ % 4];
    snprintf(dir, sizeof dirs[0], "%s", t_tmpdir());
    return dir;
}

/* A fresh directory holding the fixtures and their manifest.json. */
static const char *fixtures(void)
{
    static _Thread_local char dir[4096];
    char cmd[8192];
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -B '%s' '%s' 2>&1",
             t_src("tests/make_import_fixtures.py"), dir);
    char *out = NULL;
    int rc = t_run(cmd, &out);
    cr_assert_eq(rc, 0, "make_import_fixtures.py failed: %s", out ? out : "");
    free(out);
    return dir;
}

/* dir/name, in one of four buffers taken in turn (so that a call may use
 * two or three). */
static const char *in(const char *dir, const char *name)
{
    static _Thread_local char paths[4][8192];
    static _Thread_local unsigned turn;
    char *path = paths[turn++ % 4];
    int n = snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    cr_assert(n > 0 && (size_t)n < sizeof paths[0]);
    return path;
}

static cJSON *manifest(const char *dir)
{
    char *text = t_slurp(in(dir, "manifest.json"), NULL);
    cJSON *m = cJSON_Parse(text);
    cr_assert_not_null(m);
    free(text);
    return m;
}

/* The manifest's entry for blank file name. */
static const cJSON *blank_entry(const cJSON *m, const char *name)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(m, "blanks"))
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "file")), name) == 0)
            return e;
    cr_assert_fail("%s is not in the manifest", name);
    return NULL;
}

static kaiji_catalogs *load(const char *dir)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, dir, &err);
    cr_assert_eq(rc, KAIJI_OK, "catalogs: %s", err ? err : kaiji_strerror(rc));
    return cats;
}

/* Imports file (in dir) with published (or NULL) against cats (or the
 * built-in catalogs); expects success; the JSON, malloc'd. */
static char *import(const char *dir, const char *file, const char *published,
                    const kaiji_catalogs *cats)
{
    kaiji_import_options opts = {.published = published, .catalogs = cats};
    kaiji_import_problem problem = KAIJI_IMPORT_NO_PROBLEM;
    char *json = NULL;
    int rc = kaiji_catalog_import_with(&json, in(dir, file), &opts, &problem);
    cr_assert_eq(rc, KAIJI_OK, "%s: %s (problem %d)", file, kaiji_strerror(rc), (int)problem);
    cr_assert_eq(problem, KAIJI_IMPORT_NO_PROBLEM);
    return json;
}

static kaiji_catalog *parse(const char *json)
{
    kaiji_catalog *cat = NULL;
    char *err = NULL;
    cr_assert_eq(kaiji_catalog_parse(&cat, json, "test", "test.json", &err), KAIJI_OK,
                 "the imported catalog does not load: %s\n%s", err ? err : "", json);
    return cat;
}

static const kaiji_cat_item *item_of(const kaiji_cat_form *f, const char *id)
{
    char *key = kaiji_text_id_key(id);
    const kaiji_cat_item *found = NULL;
    for (size_t i = 0; i < f->item_count && !found; i++)
        if (strcmp(f->items[i].id_key, key) == 0)
            found = &f->items[i];
    free(key);
    return found;
}

/* true when the item's targets are exactly the NULL-terminated names. */
static bool targets_are(const kaiji_cat_item *it, const char *const *names)
{
    size_t n = 0;
    while (names[n])
        n++;
    if (!it->targets_known || it->target_count != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(it->targets[i], names[i]) != 0)
            return false;
    return true;
}

static const char *member(const char *json, const char *name)
{
    static _Thread_local char buf[512];
    cJSON *root = cJSON_Parse(json);
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(root, name));
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    cJSON_Delete(root);
    return buf;
}

/*
 * Checks each form of cat against the manifest's entry for it: kind, title,
 * every item's ID (exactly as numbered), text and targets, in order.
 */
static void expect_forms_as_made(const kaiji_catalog *cat, const cJSON *entry)
{
    const cJSON *forms = cJSON_GetObjectItem(entry, "forms"), *f;
    size_t k = 0;
    cr_assert_eq(cat->form_count, (size_t)cJSON_GetArraySize(forms));
    cJSON_ArrayForEach(f, forms) {
        const kaiji_cat_form *form = &cat->forms[k++];
        const cJSON *items = cJSON_GetObjectItem(f, "items"), *it;
        cr_expect_str_eq(kaiji_kind_name(form->kind),
                         cJSON_GetStringValue(cJSON_GetObjectItem(f, "kind")));
        cr_expect_str_eq(form->title, cJSON_GetStringValue(cJSON_GetObjectItem(f, "title")));
        cr_expect(form->complete);
        cr_assert_eq(form->item_count, (size_t)cJSON_GetArraySize(items), "%s: %zu items",
                     form->title, form->item_count);
        size_t i = 0;
        cJSON_ArrayForEach(it, items) {
            const kaiji_cat_item *ci = &form->items[i++];
            const char *id = cJSON_GetStringValue(cJSON_GetArrayItem(it, 0));
            const char *text = cJSON_GetStringValue(cJSON_GetArrayItem(it, 1));
            const cJSON *targets = cJSON_GetArrayItem(it, 2), *t;
            const char *names[KAIJI_MAX_TARGETS + 1];
            size_t n = 0;
            cJSON_ArrayForEach(t, targets)
                names[n++] = cJSON_GetStringValue(t);
            names[n] = NULL;
            cr_expect_str_eq(ci->id, id);
            cr_expect_str_eq(ci->text ? ci->text : "(null)", text, "%s", id);
            cr_expect(targets_are(ci, names), "%s: targets as the columns give them", id);
            cr_expect_eq(ci->certainty, KAIJI_CERTAINTY_TEMPLATE);
            char section[2] = {id[0], '\0'};
            cr_expect_str_eq(ci->section, section, "%s", id);
        }
    }
}

/* ---- the catalogs an import writes ------------------------------------ */

Test(import, the_r6_workbook_gives_one_catalog_of_both_sheets_numbered_as_printed)
{
    const char *dir = fixtures();
    cJSON *m = manifest(dir);
    char *json = import(dir, "r6-checklist-blank.xlsx", NULL, NULL);
    kaiji_catalog *cat = parse(json);
    cr_assert_eq(cat->type, KAIJI_CATALOG_CHECKLIST);
    cr_expect_str_eq(cat->id, "mhlw-checklist-r6-imported");
    cr_expect_str_eq(cat->certainty_text, "template");
    cr_expect_str_eq(cat->edition, "R6");
    cr_expect_eq(cat->fiscal_year, 2024);
    cr_expect_str_eq(cat->guideline, "6.0");
    cr_expect_str_eq(member(json, "published"), "令和6年5月");
    cr_expect_str_eq(member(json, "published_on"), "2024-05");
    cr_expect_str_eq(member(json, "published_certainty"), "I");
    cr_expect_str_eq(member(json, "taken_from"), "user-file");
    cr_expect(strstr(cat->source, "sha256:"));
    expect_forms_as_made(cat, blank_entry(m, "r6-checklist-blank.xlsx"));
    cr_expect_eq(cat->forms[0].kind, KAIJI_KIND_VENDOR_CHECKLIST);
    cr_expect_null(item_of(&cat->forms[0], "0"), "item 0 is on the hospital sheet only");
    cr_expect_not_null(item_of(&cat->forms[1], "0"));
    kaiji_catalog_free(cat);
    free(json);
    cJSON_Delete(m);
}

Test(import, the_r7_workbook_keeps_circled_ids_and_takes_scope_tags_out_of_the_wording)
{
    const char *dir = fixtures();
    cJSON *m = manifest(dir);
    char *json = import(dir, "r7-checklist-blank.xlsx", NULL, NULL);
    kaiji_catalog *cat = parse(json);
    cr_expect_str_eq(cat->edition, "R7");
    cr_expect_eq(cat->fiscal_year, 2025);
    cr_expect_str_eq(member(json, "published_on"), "2025-05");
    expect_forms_as_made(cat, blank_entry(m, "r7-checklist-blank.xlsx"));
    const kaiji_cat_form *v = &cat->forms[0];
    cr_expect_not_null(item_of(v, "2⑬"), "all 13 items of section 2 are on the vendor sheet");
    cr_expect_str_eq(item_of(v, "2④")->scope, "サーバ、端末PC");
    cr_expect_str_eq(item_of(v, "2⑬")->scope, "ネットワーク機器");
    cr_expect_str_eq(item_of(v, "2①")->scope, "医療情報システム全般");
    kaiji_catalog_free(cat);
    free(json);
    cJSON_Delete(m);
}

Test(import, each_r8_workbook_gives_a_catalog_of_its_one_sheet_under_its_own_id)
{
    const char *dir = fixtures();
    cJSON *m = manifest(dir);
    static const struct { const char *file, *id, *sheet; kaiji_kind kind; } r8[] = {
        {"r8-hospital-blank.xlsx", "mhlw-checklist-r8-hospital", "医療機関・薬局確認用",
         KAIJI_KIND_HOSPITAL_CHECKLIST},
        {"r8-vendor-blank.xlsx", "mhlw-checklist-r8-vendor", "事業者確認用",
         KAIJI_KIND_VENDOR_CHECKLIST},
    };
    const char *cats_dir = tmpdir();
    for (size_t i = 0; i < 2; i++) {
        char *json = import(dir, r8[i].file, "2026-06-29", NULL);
        kaiji_catalog *cat = parse(json);
        cr_expect_str_eq(cat->id, r8[i].id);
        cr_expect_str_eq(cat->edition, "R8");
        cr_expect_eq(cat->fiscal_year, 2026);
        cr_expect_str_eq(member(json, "published"), "令和8年度");
        cr_expect_str_eq(member(json, "published_on"), "2026-06-29");
        cr_expect_str_eq(member(json, "published_from"), "user");
        cr_assert_eq(cat->form_count, 1);
        cr_expect_eq(cat->forms[0].kind, r8[i].kind);
        cr_expect_str_eq(cat->forms[0].title, r8[i].sheet);
        expect_forms_as_made(cat, blank_entry(m, r8[i].file));
        char name[64];
        snprintf(name, sizeof name, "r8-%zu.json", i);
        t_spit(in(cats_dir, name), json, strlen(json));
        kaiji_catalog_free(cat);
        free(json);
    }
    /* The two load side by side, and each form is found. */
    kaiji_catalogs *cats = load(cats_dir);
    const kaiji_cat_form *h = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R8");
    const kaiji_cat_form *v = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R8");
    cr_assert_not_null(h);
    cr_assert_not_null(v);
    cr_expect_str_eq(h->title, "医療機関・薬局確認用");
    cr_expect_str_eq(v->title, "事業者確認用");
    cr_expect_not_null(kaiji_catalogs_edition(cats, "R8"));
    kaiji_catalogs_free(cats);
    cJSON_Delete(m);
}

Test(import, a_title_without_a_month_takes_the_publication_from_the_editions_catalog)
{
    const char *dir = fixtures();
    char *json = import(dir, "r7-vendor-blank-no-month.xlsx", NULL, NULL);
    cr_expect_str_eq(member(json, "published_from"), "catalog");
    cr_expect(strncmp(member(json, "published_on"), "2025-05", 7) == 0, "%s",
              member(json, "published_on"));
    cr_expect_str_eq(member(json, "guideline_from"), "catalog");
    kaiji_catalog *cat = parse(json);
    cr_expect_str_eq(cat->id, "mhlw-checklist-r7-vendor");
    kaiji_catalog_free(cat);
    free(json);
}

Test(import, an_edition_nothing_dates_is_refused_until_published_is_given)
{
    const char *dir = fixtures();
    char *json = NULL;
    kaiji_import_problem problem;
    kaiji_import_options opts = {0};
    int rc = kaiji_catalog_import_with(&json, in(dir, "r9-vendor-blank.xlsx"), &opts, &problem);
    cr_expect_eq(rc, KAIJI_ERROR_NOT_FOUND);
    cr_expect_eq(problem, KAIJI_IMPORT_NO_PUBLISHED);
    cr_expect_null(json);

    static const char *const bad[] = {"2027-13-01", "2031-06-01", "2025-06-01", "June 2027", "",
                                      /* the shape, not sscanf's reading of it */
                                      "2027-06-+1", "2027-+6", "2027- 6", "2027-6",
                                      "2027-06-1", "2027/06"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        opts.published = bad[i];
        rc = kaiji_catalog_import_with(&json, in(dir, "r9-vendor-blank.xlsx"), &opts, &problem);
        cr_expect_eq(rc, KAIJI_ERROR_INVALID, "%s", bad[i]);
        cr_expect_eq(problem, KAIJI_IMPORT_BAD_PUBLISHED, "%s", bad[i]);
    }
    /* A month is enough; so is a day of the fiscal year before. */
    json = import(dir, "r9-vendor-blank.xlsx", "2027-06", NULL);
    cr_expect_str_eq(member(json, "published_on"), "2027-06");
    cr_expect_str_eq(member(json, "edition"), "R9");
    cr_expect_str_eq(member(json, "guideline_from"), "newest-known");
    free(json);
    json = import(dir, "r9-vendor-blank.xlsx", "2027-03-31", NULL);
    cr_expect_str_eq(member(json, "published_on"), "2027-03-31");
    free(json);
}

Test(import, a_jahis_blank_still_gives_a_template_catalog)
{
    char *json = NULL;
    kaiji_import_problem problem;
    int rc = kaiji_catalog_import_with(&json, t_src("samples/template/mds-5.0-blank-template.xlsx"),
                                       NULL, &problem);
    cr_assert_eq(rc, KAIJI_OK, "%s", kaiji_strerror(rc));
    kaiji_catalog *cat = parse(json);
    cr_expect_eq(cat->type, KAIJI_CATALOG_TEMPLATE);
    cr_expect_str_eq(cat->id, "template-mds-5.0");
    cr_expect_str_eq(member(json, "taken_from"), "user-file");
    cr_expect_eq(cat->forms[0].kind, KAIJI_KIND_MDS);
    kaiji_catalog_free(cat);
    free(json);
}

Test(import, a_file_with_no_form_is_refused_as_such)
{
    char *json = NULL;
    kaiji_import_problem problem;
    int rc = kaiji_catalog_import_with(&json, t_src("samples/broken/truncated.xlsx"), NULL,
                                       &problem);
    cr_expect_eq(rc, KAIJI_ERROR_UNREADABLE);
    cr_expect_eq(problem, KAIJI_IMPORT_NO_FORM);
    rc = kaiji_catalog_import_with(&json, "/nonexistent/blank.xlsx", NULL, &problem);
    cr_expect_neq(rc, KAIJI_OK);
    cr_expect_eq(problem, KAIJI_IMPORT_NO_FORM);
    cr_expect_null(json);
}

/* ---- targets from a blank's cells ------------------------------------------ */

static void put(kaiji_workbook *wb, kaiji_sheet *sh, uint32_t row, uint32_t col, const char *text)
{
    kaiji_date none = {0, 0, 0};
    cr_assert_eq(kaiji_sheet_add_cell(wb, sh, row, col, KAIJI_CELL_STRING, text, strlen(text),
                                      0, none), KAIJI_OK);
}

/* The vocabulary of the target tests: the cache's names are its. */
static kaiji_vocab *labels;

/* The targets the blank offers on row of sheet "S": "-" when they are not
 * known, else the names joined by "," ("" for one answer). */
static const char *targets_on(const kaiji_workbook *wb, kaiji_target_headers *cache,
                              uint32_t row)
{
    static _Thread_local char buf[256];
    char loc[32];
    kaiji_item it = {0};
    const char *names[KAIJI_MAX_TARGETS];
    size_t n = 0;
    bool known = false;
    if (!labels)
        cr_assert_eq(kaiji_vocab_builtin(&labels), KAIJI_OK);
    snprintf(loc, sizeof loc, "S!C%u", (unsigned)row);
    it.location = loc;
    cr_assert_eq(kaiji_blank_targets(wb, labels, cache, &it, names, &n, &known), KAIJI_OK);
    buf[0] = '\0';
    if (!known)
        snprintf(buf, sizeof buf, "-");
    for (size_t i = 0; known && i < n; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", names[i]);
    return buf;
}

Test(import, the_cells_of_a_blank_row_tell_the_targets_it_asks)
{
    kaiji_workbook *wb = kaiji_workbook_new();
    kaiji_sheet *sh = kaiji_workbook_add_sheet(wb, "S", false);
    put(wb, sh, 1, 1, "項番");
    put(wb, sh, 1, 2, "確認項目");
    put(wb, sh, 1, 3, "サーバ");
    put(wb, sh, 1, 4, "端末PC");
    put(wb, sh, 1, 5, "ネットワーク機器");
    /* 2: one cell over the three targets */
    put(wb, sh, 2, 3, "はい・いいえ");
    cr_assert_eq(kaiji_sheet_add_merge(wb, sh, (kaiji_range){2, 3, 2, 5}), KAIJI_OK);
    /* 3: printed to be circled in two, a stroke in the third */
    put(wb, sh, 3, 3, "はい・いいえ");
    put(wb, sh, 3, 4, "はい・いいえ");
    put(wb, sh, 3, 5, "－");
    /* 4: drop-down lists in the first and third only */
    kaiji_range r4[] = {{4, 3, 4, 3}, {4, 5, 4, 5}};
    const char *items[] = {"はい", "いいえ"};
    cr_assert_eq(kaiji_sheet_add_validation(wb, sh, r4, 2, items, 2), KAIJI_OK);
    /* 5: nothing at all */
    /* 6: answered in one, and a list over all three */
    put(wb, sh, 6, 4, "はい");
    kaiji_range r6[] = {{6, 3, 6, 5}};
    cr_assert_eq(kaiji_sheet_add_validation(wb, sh, r6, 1, items, 2), KAIJI_OK);
    for (uint32_t r = 2; r <= 6; r++)
        put(wb, sh, r, 1, "x");
    kaiji_sheet_finish(sh);
    kaiji_target_headers cache = {0};
    cr_expect_str_eq(targets_on(wb, &cache, 2), "");
    cr_expect_str_eq(targets_on(wb, &cache, 3), "サーバ,端末PC");
    cr_expect_str_eq(targets_on(wb, &cache, 4), "サーバ,ネットワーク機器");
    cr_expect_str_eq(targets_on(wb, &cache, 5), "-", "unknown stays unknown");
    cr_expect_str_eq(targets_on(wb, &cache, 6), "端末PC", "the answer, not the list");
    kaiji_target_headers_free(&cache);
    kaiji_workbook_free(wb);

    /* One list over the whole answer block tells nothing. */
    wb = kaiji_workbook_new();
    sh = kaiji_workbook_add_sheet(wb, "S", false);
    put(wb, sh, 1, 3, "サーバ");
    put(wb, sh, 1, 4, "端末PC");
    put(wb, sh, 1, 5, "ネットワーク機器");
    kaiji_range all[] = {{2, 3, 9, 5}};
    cr_assert_eq(kaiji_sheet_add_validation(wb, sh, all, 1, items, 2), KAIJI_OK);
    for (uint32_t r = 2; r <= 9; r++)
        put(wb, sh, r, 1, "x");
    kaiji_sheet_finish(sh);
    cr_expect_str_eq(targets_on(wb, &cache, 3), "-");
    kaiji_target_headers_free(&cache);
    kaiji_workbook_free(wb);

    /* No target header: one answer. */
    wb = kaiji_workbook_new();
    sh = kaiji_workbook_add_sheet(wb, "S", false);
    put(wb, sh, 1, 1, "項番");
    put(wb, sh, 2, 1, "1-1");
    kaiji_sheet_finish(sh);
    cr_expect_str_eq(targets_on(wb, &cache, 2), "");
    kaiji_target_headers_free(&cache);
    kaiji_workbook_free(wb);
    kaiji_vocab_free(labels);
    labels = NULL;
}

Test(import, every_sample_imports_or_is_refused_with_a_reason)
{
    char *list = NULL;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cd '%s' && find samples -type f \\( -name '*.xlsx' -o -name "
             "'*.xlsm' -o -name '*.xls' -o -name '*.xml' -o -name '*.json' \\) | sort",
             t_src(""));
    cr_assert_eq(t_run(cmd, &list), 0);
    kaiji_catalogs *cats = load(NULL);
    size_t n = 0, made = 0;
    char *save = NULL;
    for (char *rel = strtok_r(list, "\n", &save); rel; rel = strtok_r(NULL, "\n", &save)) {
        kaiji_import_options opts = {.catalogs = cats};
        kaiji_import_problem problem = KAIJI_IMPORT_NO_PROBLEM;
        char *json = NULL;
        int rc = kaiji_catalog_import_with(&json, t_src(rel), &opts, &problem);
        n++;
        if (rc == KAIJI_OK) {
            kaiji_catalog *cat = parse(json);
            kaiji_catalog_free(cat);
            made++;
        } else {
            cr_expect(problem != KAIJI_IMPORT_NO_PROBLEM, "%s: %s without a reason", rel,
                      kaiji_strerror(rc));
            cr_expect_null(json);
        }
        free(json);
    }
    cr_expect_gt(n, 40);
    cr_expect_gt(made, 20, "%zu of %zu samples made a catalog", made, n);
    kaiji_catalogs_free(cats);
    free(list);
}

/* ---- the imported catalogs at work --------------------------------------- */

/* Imports every blank of the manifest (R8 with a publication date) into a
 * new catalog directory; returns it. */
static const char *import_all(const char *dir, const cJSON *m)
{
    const char *cats_dir = tmpdir();
    static _Thread_local char out[4096];
    const cJSON *e;
    snprintf(out, sizeof out, "%s", cats_dir);
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(m, "blanks")) {
        const char *file = cJSON_GetStringValue(cJSON_GetObjectItem(e, "file"));
        const char *edition = cJSON_GetStringValue(cJSON_GetObjectItem(e, "edition"));
        if (strstr(file, "no-month") || strcmp(edition, "R9") == 0)
            continue;
        char *json = import(dir, file, strcmp(edition, "R8") == 0 ? "2026-06-29" : NULL, NULL);
        char name[512];
        snprintf(name, sizeof name, "%s.json", file);
        t_spit(in(out, name), json, strlen(json));
        free(json);
    }
    return out;
}

Test(import, filled_copies_show_missing_extra_and_reworded_items_against_the_import)
{
    const char *dir = fixtures();
    cJSON *m = manifest(dir);
    kaiji_catalogs *cats = load(import_all(dir, m));
    const cJSON *e;
    size_t n = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(m, "filled")) {
        const char *file = cJSON_GetStringValue(cJSON_GetObjectItem(e, "file"));
        kaiji_read_options ro;
        kaiji_read_options_init(&ro);
        ro.catalogs = cats;
        kaiji_document *doc = NULL;
        cr_assert_eq(kaiji_read_file(&doc, in(dir, file), &ro), KAIJI_OK);
        kaiji_validate_options vo;
        kaiji_validate_options_init(&vo);
        vo.catalogs = cats;
        cr_assert(kaiji_text_parse_date(
            cJSON_GetStringValue(cJSON_GetObjectItem(e, "as_of")), &vo.as_of));
        cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK);
        cr_expect_str_eq(kaiji_kind_name(kaiji_document_kind(doc)),
                         cJSON_GetStringValue(cJSON_GetObjectItem(e, "kind")), "%s", file);
        const char *missing = cJSON_GetStringValue(cJSON_GetObjectItem(e, "missing"));
        const char *extra = cJSON_GetStringValue(cJSON_GetObjectItem(e, "extra"));
        const char *reworded = cJSON_GetStringValue(cJSON_GetObjectItem(e, "reworded"));
        cr_expect(t_has_finding(doc, "missing-item", missing), "%s: missing-item %s", file,
                  missing);
        cr_expect(t_has_finding(doc, "unexpected-item", extra), "%s: unexpected-item %s", file,
                  extra);
        cr_expect(t_has_finding(doc, "item-text-changed", reworded),
                  "%s: item-text-changed %s", file, reworded);
        /* Nothing else is wrong with the items: the scope tags they carry
         * are not rewording, every target the form asks is answered. */
        for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
            const kaiji_finding *f = kaiji_document_finding(doc, i);
            const char *code = kaiji_finding_code(f);
            if (!strcmp(code, "missing-item") || !strcmp(code, "unexpected-item") ||
                !strcmp(code, "item-text-changed"))
                cr_expect(!strcmp(kaiji_finding_item(f), missing) ||
                              !strcmp(kaiji_finding_item(f), extra) ||
                              !strcmp(kaiji_finding_item(f), reworded),
                          "%s: %s %s", file, code, kaiji_finding_item(f));
            cr_expect(strcmp(code, "missing-answer") != 0, "%s: %s", file,
                      kaiji_finding_message(f));
        }
        kaiji_document_free(doc);
        n++;
    }
    cr_expect_eq(n, 6, "R6, R7 and R8, both sheets");
    kaiji_catalogs_free(cats);
    cJSON_Delete(m);
}

Test(import, an_imported_catalog_beats_the_builtin_r7_for_forms_of_r7)
{
    const char *dir = fixtures();
    const char *cats_dir = tmpdir();
    char *json = import(dir, "r7-checklist-blank.xlsx", NULL, NULL);
    t_spit(in(cats_dir, "my-r7.json"), json, strlen(json));
    free(json);

    kaiji_catalogs *builtin = load(NULL);
    const kaiji_cat_form *before = kaiji_catalogs_form(builtin, KAIJI_KIND_VENDOR_CHECKLIST, "R7");
    cr_assert_not_null(before);
    cr_expect_str_eq(kaiji_catalog_origin(before->catalog), "builtin");
    kaiji_catalogs_free(builtin);

    kaiji_catalogs *cats = load(cats_dir);
    for (kaiji_kind k = KAIJI_KIND_VENDOR_CHECKLIST; k <= KAIJI_KIND_HOSPITAL_CHECKLIST; k++) {
        const kaiji_cat_form *f = kaiji_catalogs_form(cats, k, "R7");
        cr_assert_not_null(f);
        cr_expect_str_eq(kaiji_catalog_id(f->catalog), "mhlw-checklist-r7-imported");
        cr_expect_eq(f->catalog->certainty, KAIJI_CERTAINTY_TEMPLATE);
        cr_expect(f->complete);
    }
    /* The edition's facts stay the built-in catalog's. */
    const kaiji_catalog *ed = kaiji_catalogs_edition(cats, "R7");
    cr_assert_not_null(ed);
    cr_expect_str_eq(kaiji_catalog_origin(ed), "builtin");
    cr_expect_eq(ed->fiscal_year, 2025);
    /* Other editions are untouched. */
    const kaiji_cat_form *r6 = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6");
    cr_expect_str_eq(kaiji_catalog_origin(r6->catalog), "builtin");
    kaiji_catalogs_free(cats);
}

Test(import, an_edition_only_imported_gives_its_own_facts)
{
    const char *dir = fixtures();
    const char *cats_dir = tmpdir();
    char *json = import(dir, "r9-vendor-blank.xlsx", "2027-06-01", NULL);
    t_spit(in(cats_dir, "r9.json"), json, strlen(json));
    free(json);
    kaiji_catalogs *cats = load(cats_dir);
    const kaiji_catalog *ed = kaiji_catalogs_edition(cats, "R9");
    cr_assert_not_null(ed);
    cr_expect_eq(ed->fiscal_year, 2027);
    cr_expect_str_eq(kaiji_catalog_certainty(ed), "template");
    kaiji_catalogs_free(cats);
}

/* ---- official files ----------------------------------------------------- */

Test(import, the_builtin_official_list_names_the_two_r8_workbooks)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_official_list *list = kaiji_catalogs_official(cats);
    cr_assert_not_null(list);
    cr_assert_geq(list->count, 2);
    const kaiji_official_file *h = kaiji_official_list_match(
        list, "b811208b1d29fe0f3310adf810aa3b072e6272eb3669de768b79949b6872c987");
    const kaiji_official_file *v = kaiji_official_list_match(
        list, "E1A2A763C97C5434D53B745C5FC1643A22A9497EA48354182AB6A93DF1E881A0");
    cr_assert_not_null(h);
    cr_assert_not_null(v, "hashes compare in any case");
    cr_expect_str_eq(h->file, "001716187.xlsx");
    cr_expect_eq(h->kind, KAIJI_KIND_HOSPITAL_CHECKLIST);
    cr_expect_eq(h->bytes, 25655);
    cr_expect_str_eq(v->file, "001716188.xlsx");
    cr_expect_eq(v->kind, KAIJI_KIND_VENDOR_CHECKLIST);
    cr_expect_str_eq(v->edition, "R8");
    cr_expect_str_eq(v->certainty, "2");
    cr_expect(strstr(v->source, "DOMAIN.md"));
    cr_expect_null(kaiji_official_list_match(list, "00"));
    cr_expect_null(kaiji_official_list_match(list, NULL));
    /* The list is no catalog. */
    cr_expect_null(kaiji_catalogs_find(cats, "official-files"));
    kaiji_catalogs_free(cats);
}

Test(import, the_matching_function_finds_an_entry_of_a_list_by_its_hash)
{
    kaiji_official_list list = {0};
    char *err = NULL;
    const char *json = "{\"files\": [{\"file\": \"test-blank.xlsx\", \"kind\": \"vendor-checklist\","
                       " \"sha256\": \"" "0123456789abcdef0123456789abcdef"
                       "0123456789abcdef0123456789abcdef" "\"}]}";
    cr_assert_eq(kaiji_official_list_add(&list, json, &err), KAIJI_OK, "%s", err ? err : "");
    const kaiji_official_file *f = kaiji_official_list_match(
        &list, "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef");
    cr_assert_not_null(f);
    cr_expect_str_eq(f->file, "test-blank.xlsx");
    cr_expect_eq(f->bytes, -1);
    cr_expect_null(kaiji_official_list_match(
        &list, "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    static const char *const bad[] = {
        "[]", "{\"files\": {}}", "{\"files\": [{\"file\": \"x.xlsx\", \"sha256\": \"12\"}]}",
        "{\"files\": [{\"sha256\": \"0123456789abcdef0123456789abcdef0123456789abcdef"
        "0123456789abcdef\"}]}", "not json",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(kaiji_official_list_add(&list, bad[i], &err), KAIJI_ERROR_CATALOG, "%s",
                     bad[i]);
        cr_expect_not_null(err);
        free(err);
        err = NULL;
    }
    cr_expect_eq(list.count, 1, "a malformed list adds nothing");
    kaiji_official_list_clear(&list);
}

Test(import, a_file_whose_hash_is_on_the_official_list_is_named_official)
{
    const char *dir = fixtures();
    /* A test-only list beside the catalogs, naming the generated blank by
     * its hash; the real entries stay as they are. */
    size_t len = 0;
    char *data = t_slurp(in(dir, "r8-vendor-blank.xlsx"), &len);
    char hex[65];
    kaiji_text_sha256(data, len, hex);
    free(data);
    const char *cats_dir = tmpdir();
    char list[1024];
    snprintf(list, sizeof list,
             "{\"files\": [{\"file\": \"test-official-r8-vendor.xlsx\", \"what\": \"a test "
             "stand-in\", \"edition\": \"R8\", \"kind\": \"vendor-checklist\", \"sha256\": \"%s\","
             " \"certainty\": \"I\", \"source\": \"tests/test_import.c\"}]}", hex);
    t_spit(in(cats_dir, "official-files.json"), list, strlen(list));
    kaiji_catalogs *cats = load(cats_dir);
    cr_expect_eq(kaiji_catalogs_official(cats)->count, 3, "two built in, one added");
    cr_expect_eq(kaiji_catalogs_count(cats), kaiji_catalogs_count(cats), "");

    char *json = import(dir, "r8-vendor-blank.xlsx", "2026-06-29", cats);
    cr_expect_str_eq(member(json, "official_file"), "test-official-r8-vendor.xlsx");
    cr_expect_str_eq(member(json, "taken_from"), "official-file");
    cr_expect_str_eq(member(json, "official_file_certainty"), "I");
    cr_expect(strstr(member(json, "title"), "公式ファイル"), "%s", member(json, "title"));
    cr_expect(strstr(member(json, "title"), "official file"), "%s", member(json, "title"));
    char source[80];
    snprintf(source, sizeof source, "sha256:%s", hex);
    cr_expect_str_eq(member(json, "source"), source);
    kaiji_catalog *cat = parse(json);
    cr_expect_str_eq(cat->certainty_text, "template");
    kaiji_catalog_free(cat);
    free(json);

    /* The same file against the built-in list alone is the user's. */
    json = import(dir, "r8-vendor-blank.xlsx", "2026-06-29", NULL);
    cr_expect_str_eq(member(json, "official_file"), "");
    cr_expect_str_eq(member(json, "taken_from"), "user-file");
    cr_expect(strstr(member(json, "title"), "利用者のファイル"), "%s", member(json, "title"));
    free(json);
    kaiji_catalogs_free(cats);
}

Test(import, a_malformed_official_list_in_the_directory_stops_the_load)
{
    const char *dir = tmpdir();
    t_spit(in(dir, "official-files.json"), "{\"files\": 3}", 12);
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    cr_expect_eq(kaiji_catalogs_load(&cats, dir, &err), KAIJI_ERROR_CATALOG);
    cr_assert_not_null(err);
    cr_expect(strstr(err, "official-files.json"), "%s", err);
    free(err);
}

/* ---- wording --------------------------------------------------------------- */

Test(import, a_scope_tag_on_a_line_of_its_own_is_not_wording)
{
    static const struct { const char *text; size_t keep; const char *tag; } cases[] = {
        {"アクセスログを管理している。\n(サーバ、端末PC)", 42, "サーバ、端末PC"},
        {"アクセスログを管理している。\n（ネットワーク機器） ", 42, "ネットワーク機器"},
        {"アクセスログを管理している。(サーバ)", 53, NULL},
        {"アクセスログを管理している。\n(a)(b)", 49, NULL},
        {"\n(サーバ)", 12, NULL},
        {"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *tag = NULL;
        size_t tag_len = 0;
        size_t keep = kaiji_catalog_scope_tag(cases[i].text, &tag, &tag_len);
        cr_expect_eq(keep, cases[i].keep, "case %zu: %zu", i, keep);
        if (cases[i].tag) {
            cr_assert_not_null(tag, "case %zu", i);
            cr_expect(tag_len == strlen(cases[i].tag) &&
                          memcmp(tag, cases[i].tag, tag_len) == 0, "case %zu", i);
        } else {
            cr_expect_null(tag, "case %zu", i);
        }
    }
    char *a = kaiji_catalog_fold_text("アクセスログを管理している。\n(サーバ、端末PC)");
    char *b = kaiji_catalog_fold_text("アクセスログを管理している");
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

/* ---- the command ------------------------------------------------------------ */

/* Runs build/kaiji with args under LANG=lang; stdout into *out, stderr
 * into *err; returns the exit status. */
static int kaiji_cmd(const char *lang, const char *args, char **out, char **err)
{
    char cmd[40000], loc[1024], exe[1024];
    const char *tmp = tmpdir();
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd,
             "env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=%s KAIJI_LOCALEDIR='%s' '%s' %s "
             "2>'%s/stderr'", lang, loc, exe, args, tmp);
    int rc = t_run(cmd, out);
    *err = t_slurp(in(tmp, "stderr"), NULL);
    return rc;
}

Test(import_cli, import_tells_in_japanese_what_it_found_and_prints_the_catalog)
{
    t_require_locale("ja_JP.UTF-8");
    const char *dir = fixtures();
    char args[20000], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "catalog import '%s'", in(dir, "r7-checklist-blank.xlsx"));
    cr_assert_eq(kaiji_cmd("ja_JP.UTF-8", args, &out, &err), 0, "%s", err);
    cJSON *cat = cJSON_Parse(out);
    cr_assert_not_null(cat, "the catalog on stdout: %.200s", out);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cat, "type")), "mhlw-checklist");
    cJSON_Delete(cat);
    cr_expect(strstr(err, "R7"), "%s", err);
    cr_expect(strstr(err, "令和7年5月"), "%s", err);
    cr_expect(strstr(err, "2025年度"), "%s", err);
    cr_expect(strstr(err, "シート「事業者確認用」"), "%s", err);
    cr_expect(strstr(err, "15 項目"), "%s", err);
    cr_expect(strstr(err, "18 項目"), "%s", err);
    cr_expect(strstr(err, "公式ファイルではありません"), "%s", err);
    cr_expect(!strstr(err, " the "), "no English left: %s", err);
    free(out);
    free(err);

    /* In English elsewhere, and -o writes the file. */
    const char *cats_dir = tmpdir();
    snprintf(args, sizeof args, "catalog import --id my-r7 -o '%s' '%s'",
             in(cats_dir, "my-r7.json"), in(dir, "r7-checklist-blank.xlsx"));
    cr_assert_eq(kaiji_cmd("C", args, &out, &err), 0, "%s", err);
    cr_expect_str_eq(out, "");
    cr_expect(strstr(err, "fiscal year 2025"), "%s", err);
    cr_expect(strstr(err, "wrote"), "%s", err);
    char *written = t_slurp(in(cats_dir, "my-r7.json"), NULL);
    cr_expect(strstr(written, "\"my-r7\""));
    free(written);
    free(out);
    free(err);
}

Test(import_cli, an_undated_edition_asks_for_published_and_gets_it)
{
    const char *dir = fixtures();
    char args[20000], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "catalog import '%s'", in(dir, "r9-vendor-blank.xlsx"));
    cr_expect_eq(kaiji_cmd("C", args, &out, &err), 2);
    cr_expect(strstr(err, "--published"), "%s", err);
    cr_expect_str_eq(out, "");
    free(out);
    free(err);
    if (t_have_locale("ja_JP.UTF-8", "the Japanese messages")) {
        cr_expect_eq(kaiji_cmd("ja_JP.UTF-8", args, &out, &err), 2);
        cr_expect(strstr(err, "--published"), "%s", err);
        cr_expect(strstr(err, "公表"), "%s", err);
        free(out);
        free(err);
    }
    snprintf(args, sizeof args, "catalog import --published 2027-06-01 '%s'",
             in(dir, "r9-vendor-blank.xlsx"));
    cr_expect_eq(kaiji_cmd("C", args, &out, &err), 0, "%s", err);
    cr_expect(strstr(err, "2027-06-01"), "%s", err);
    cr_expect(strstr(err, "--published"), "where the date came from: %s", err);
    free(out);
    free(err);
}

/* What import tells a Japanese clerk names the kind of form and the day in
 * Japanese (MDS, 2027年6月1日; not mds, 2027-06-01), and a --published that is
 * no date is refused even where the form needs none. */
Test(import_cli, import_tells_the_kind_and_the_day_in_japanese_and_refuses_a_published_that_is_no_date)
{
    t_require_locale("ja_JP.UTF-8");
    const char *dir = fixtures();
    char args[20000], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "catalog import '%s'",
             t_src("samples/template/mds-5.0-blank-template.xlsx"));
    cr_assert_eq(kaiji_cmd("ja_JP.UTF-8", args, &out, &err), 0, "%s", err);
    cr_expect(strstr(err, ": MDS 様式 5.0 版: 30 項目"), "%s", err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "catalog import --published 2027-06-01 '%s'",
             in(dir, "r9-vendor-blank.xlsx"));
    cr_assert_eq(kaiji_cmd("ja_JP.UTF-8", args, &out, &err), 0, "%s", err);
    cr_expect(strstr(err, "2027年6月1日 から現行の版"), "%s", err);
    cr_expect(strstr(err, "（チェックリスト（事業者））"), "%s", err);
    cr_expect(!strstr(err, "2027-06-01") && !strstr(err, "vendor-checklist"), "%s", err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "catalog import --published 2026-13-40 '%s'",
             t_src("samples/template/mds-5.0-blank-template.xlsx"));
    cr_expect_eq(kaiji_cmd("C", args, &out, &err), 2, "%s", err);
    cr_expect(strstr(err, "--published '2026-13-40' is not a date"), "%s", err);
    cr_expect_str_eq(out, "");
    free(out);
    free(err);
}

/* --published is read by the rules the library reads it by (a year from 1900,
 * digits where YYYY-MM puts them): what the command lets through, the import
 * takes; a day written otherwise (2026/12/1, 令和) is still a day. */
Test(import_cli, a_published_the_library_would_refuse_is_refused_as_no_date)
{
    static const char *const odd[] = {"+202-01", "0202-01", "2026-+1", "2026- 1", "1899-12",
                                      "0202-01-01", "2027-06-+1", "１９９９-01"};
    char file[4096]; /* t_src's buffer is used again by kaiji_cmd */
    snprintf(file, sizeof file, "%s", t_src("samples/template/mds-5.0-blank-template.xlsx"));
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        char args[20000], *out = NULL, *err = NULL, says[128];
        snprintf(args, sizeof args, "catalog import --published '%s' '%s'", odd[i], file);
        cr_expect_eq(kaiji_cmd("C", args, &out, &err), 2, "%s: %s", odd[i], err);
        snprintf(says, sizeof says, "--published '%s' is not a date", odd[i]);
        cr_expect(err && strstr(err, says), "%s: %s", odd[i], err);
        free(out);
        free(err);
    }
    static const char *const days[] = {"2026-12", "2026-12-01", "2026/12/1"};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        char args[20000], *out = NULL, *err = NULL;
        snprintf(args, sizeof args, "catalog import --published '%s' '%s'", days[i], file);
        cr_expect_eq(kaiji_cmd("C", args, &out, &err), 0, "%s: %s", days[i], err);
        cr_expect(err && !strstr(err, "is not a date"), "%s: %s", days[i], err);
        free(out);
        free(err);
    }
}

Test(import_cli, validate_with_catalog_dir_checks_against_the_import)
{
    const char *dir = fixtures();
    const char *cats_dir = tmpdir();
    char args[20000], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "catalog import --published 2026-06-29 -o '%s' '%s'",
             in(cats_dir, "r8-hospital.json"), in(dir, "r8-hospital-blank.xlsx"));
    cr_assert_eq(kaiji_cmd("C", args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "validate --as-of 2026-10-01 --format json --catalog '%s' '%s'",
             cats_dir, in(dir, "r8-hospital-filled.xlsx"));
    kaiji_cmd("C", args, &out, &err);
    cr_expect(strstr(out, "\"missing-item\""), "%s", out);
    cr_expect(strstr(out, "\"unexpected-item\""), "%s", out);
    cr_expect(strstr(out, "\"item-text-changed\""), "%s", out);
    cr_expect(strstr(out, "hospital-checklist"), "%s", out);
    free(out);
    free(err);

    /* Without the catalog, kaiji has no R8 item list to compare with. */
    snprintf(args, sizeof args, "validate --as-of 2026-10-01 --format json '%s'",
             in(dir, "r8-hospital-filled.xlsx"));
    kaiji_cmd("C", args, &out, &err);
    cr_expect(!strstr(out, "\"unexpected-item\""), "%s", out);
    free(out);
    free(err);
}

Test(import_cli, an_official_file_is_named_as_such_when_the_catalog_is_written)
{
    const char *dir = fixtures();
    size_t len = 0;
    char *data = t_slurp(in(dir, "r8-hospital-blank.xlsx"), &len);
    char hex[65], list[1024];
    kaiji_text_sha256(data, len, hex);
    free(data);
    const char *cats_dir = tmpdir();
    snprintf(list, sizeof list,
             "{\"files\": [{\"file\": \"test-official-hospital.xlsx\", \"what\": \"test\", "
             "\"sha256\": \"%s\", \"certainty\": \"I\", \"source\": \"test\"}]}", hex);
    t_spit(in(cats_dir, "official-files.json"), list, strlen(list));
    char args[20000], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "catalog import --catalog '%s' --published 2026-06-29 '%s'",
             cats_dir, in(dir, "r8-hospital-blank.xlsx"));
    cr_assert_eq(kaiji_cmd("C", args, &out, &err), 0, "%s", err);
    cr_expect(strstr(err, "is the official file test-official-hospital.xlsx"), "%s", err);
    cr_expect(strstr(out, "\"official_file\":\t\"test-official-hospital.xlsx\""), "%s", out);
    free(out);
    free(err);
    if (t_have_locale("ja_JP.UTF-8", "the Japanese messages")) {
        cr_expect_eq(kaiji_cmd("ja_JP.UTF-8", args, &out, &err), 0, "%s", err);
        cr_expect(strstr(err, "公式ファイル test-official-hospital.xlsx"), "%s", err);
        cr_expect(strstr(err, "医療機関・薬局確認用"), "%s", err);
        free(out);
        free(err);
    }
}
