/*
 * tests/test_samples.c - the synthetic samples of samples/, end to end.
 *
 * tests/samples-manifest.json says, for each sample, what kaiji must conclude
 * (written by samples/make_samples.py from how it made the file, not by
 * running kaiji).  Each test here walks the whole manifest: every sample is
 * read and validated through the public API (kaiji_catalogs_load,
 * kaiji_read_file, kaiji_validate) as of the manifest's date, and one
 * failing sample is reported by its path without stopping the others.
 */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kaiji.h"
#include "support/support.h"

#define PATH_MAX_LEN 4096

/* The parsed manifest; aborts the test when it is missing or malformed. */
static cJSON *manifest_load(void)
{
    char *text = t_slurp(t_src("tests/samples-manifest.json"), NULL);
    cJSON *m = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(m, "tests/samples-manifest.json is not JSON");
    cr_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(m, "samples")),
              "manifest has no samples array");
    return m;
}

/* The string member key of obj, or NULL. */
static const char *jstr(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void sample_path(char out[PATH_MAX_LEN], const cJSON *entry)
{
    snprintf(out, PATH_MAX_LEN, "%s/samples/%s", KAIJI_SOURCE_DIR,
             jstr(entry, "path"));
}

/*
 * Writes the catalog imported from the template at rel (under samples/) into
 * a fresh directory and returns that directory (static buffer of the
 * calling thread).
 */
static const char *imported_catalog_dir(const char *rel)
{
    static _Thread_local char dir[PATH_MAX_LEN];
    char tpl[PATH_MAX_LEN], file[PATH_MAX_LEN + 32];
    char *json = NULL;

    snprintf(tpl, sizeof tpl, "%s/samples/%s", KAIJI_SOURCE_DIR, rel);
    cr_assert_eq(kaiji_catalog_import(&json, tpl, NULL), KAIJI_OK,
                 "%s: catalog import failed", rel);
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(file, sizeof file, "%s/imported-template.json", dir);
    t_spit(file, json, strlen(json));
    free(json);
    return dir;
}

/*
 * Validates doc as the manifest says for entry (its as_of, target guideline
 * and, with catalog_from, the catalog imported from that template).
 */
static void validate_as_manifest(kaiji_document *doc, const cJSON *manifest,
                                 const cJSON *entry)
{
    const char *as_of = jstr(entry, "as_of");
    const char *tpl = jstr(entry, "catalog_from");
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    kaiji_validate_options vo;
    kaiji_date d;

    if (!as_of)
        as_of = jstr(manifest, "as_of");
    cr_assert_not_null(as_of, "manifest gives no as_of");
    cr_assert_eq(sscanf(as_of, "%d-%d-%d", &d.year, &d.month, &d.day), 3);
    cr_assert_eq(kaiji_catalogs_load(&cats, tpl ? imported_catalog_dir(tpl) : NULL,
                                     &err), KAIJI_OK, "catalogs: %s", err ? err : "?");
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = d;
    vo.target_guideline = jstr(manifest, "target_guideline");
    cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK, "%s: validate", jstr(entry, "path"));
    kaiji_catalogs_free(cats);
}

/* Reads and validates the sample of entry; the caller frees the document. */
static kaiji_document *sample_validate(const cJSON *manifest, const cJSON *entry)
{
    char path[PATH_MAX_LEN];
    kaiji_document *doc = NULL;

    sample_path(path, entry);
    int rc = kaiji_read_file(&doc, path, NULL);
    cr_assert(rc == KAIJI_OK || rc == KAIJI_ERROR_IO, "%s: read: %s", path,
              kaiji_strerror(rc));
    cr_assert_not_null(doc, "%s: no document", path);
    validate_as_manifest(doc, manifest, entry);
    return doc;
}

/* The findings of doc as one line, for failure messages. */
static const char *findings_text(const kaiji_document *doc)
{
    static _Thread_local char buf[2048];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < kaiji_document_finding_count(doc) && n < sizeof buf - 1; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        int w = snprintf(buf + n, sizeof buf - n, "[%s %s %s: %s] ",
                         kaiji_severity_name(kaiji_finding_severity(f)),
                         kaiji_finding_code(f), kaiji_finding_item(f),
                         kaiji_finding_message(f));
        if (w < 0)
            break;
        n += (size_t)w < sizeof buf - n ? (size_t)w : sizeof buf - n - 1;
    }
    return buf;
}

#define EACH_SAMPLE(manifest, entry) \
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(manifest, "samples"))

/* true when rel is one of the manifest's sample paths. */
static bool manifest_has(const cJSON *manifest, const char *rel)
{
    const cJSON *e;
    EACH_SAMPLE(manifest, e)
        if (strcmp(jstr(e, "path"), rel) == 0)
            return true;
    return false;
}

Test(samples, manifest_lists_every_sample_file_and_each_exists)
{
    cJSON *m = manifest_load();
    static const char *const dirs[] = {"mds-sds", "checklist", "mds2", "broken",
                                       "layouts", "template", "other"};
    const cJSON *e;
    off_t total = 0;
    size_t n = 0;

    EACH_SAMPLE(m, e) {
        char path[PATH_MAX_LEN];
        struct stat st;
        cr_assert_not_null(jstr(e, "path"));
        sample_path(path, e);
        cr_expect_eq(stat(path, &st), 0, "%s listed but missing", path);
        total += st.st_size;
        n++;
        cr_expect(jstr(e, "status") && jstr(e, "kind"), "%s: no status or kind",
                  jstr(e, "path"));
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char dpath[PATH_MAX_LEN];
        snprintf(dpath, sizeof dpath, "%s/samples/%s", KAIJI_SOURCE_DIR, dirs[i]);
        DIR *d = opendir(dpath);
        cr_assert_not_null(d, "no folder samples/%s", dirs[i]);
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            char rel[PATH_MAX_LEN];
            if (de->d_name[0] == '.')
                continue;
            snprintf(rel, sizeof rel, "%s/%s", dirs[i], de->d_name);
            cr_expect(manifest_has(m, rel), "samples/%s is not in the manifest", rel);
        }
        closedir(d);
    }
    cr_expect_gt(n, 40, "only %zu samples", n);
    cr_expect_lt(total, 2 * 1024 * 1024, "samples take %lld bytes", (long long)total);
    cJSON_Delete(m);
}

Test(samples, each_sample_is_read_as_the_kind_format_and_form_version_it_was_made_as)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    EACH_SAMPLE(m, e) {
        kaiji_document *doc = sample_validate(m, e);
        const char *p = jstr(e, "path"), *want;
        if ((want = jstr(e, "kind")))
            cr_expect_str_eq(kaiji_kind_name(kaiji_document_kind(doc)), want,
                             "%s: kind", p);
        if ((want = jstr(e, "form_version")))
            cr_expect_str_eq(kaiji_document_form_version(doc), want,
                             "%s: form version", p);
        if ((want = jstr(e, "format")))
            cr_expect_str_eq(kaiji_format_name(kaiji_document_format(doc)), want,
                             "%s: format", p);
        kaiji_document_free(doc);
    }
    cJSON_Delete(m);
}

Test(samples, each_sample_gets_the_status_it_was_made_for)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    EACH_SAMPLE(m, e) {
        kaiji_document *doc = sample_validate(m, e);
        cr_expect_str_eq(kaiji_status_name(kaiji_document_status(doc)),
                         jstr(e, "status"), "%s: status; findings %s",
                         jstr(e, "path"), findings_text(doc));
        cr_expect_eq(kaiji_document_readable(doc),
                     strcmp(jstr(e, "status"), "unreadable") != 0,
                     "%s: readable", jstr(e, "path"));
        kaiji_document_free(doc);
    }
    cJSON_Delete(m);
}

Test(samples, each_expected_finding_is_reported)
{
    cJSON *m = manifest_load();
    const cJSON *e, *f;
    size_t checked = 0;
    EACH_SAMPLE(m, e) {
        const cJSON *want = cJSON_GetObjectItemCaseSensitive(e, "findings");
        if (!cJSON_IsArray(want))
            continue;
        kaiji_document *doc = sample_validate(m, e);
        cJSON_ArrayForEach(f, want) {
            const cJSON *any = cJSON_GetObjectItemCaseSensitive(f, "any_of");
            if (cJSON_IsArray(any)) {
                const cJSON *c;
                int found = 0;
                cJSON_ArrayForEach(c, any)
                    found |= t_has_finding(doc, c->valuestring, NULL);
                cr_expect(found, "%s: none of the expected codes; got %s",
                          jstr(e, "path"), findings_text(doc));
            } else {
                cr_expect(t_has_finding(doc, jstr(f, "code"), jstr(f, "item")),
                          "%s: expected %s%s%s; got %s", jstr(e, "path"),
                          jstr(f, "code"), jstr(f, "item") ? " on " : "",
                          jstr(f, "item") ? jstr(f, "item") : "", findings_text(doc));
            }
            checked++;
        }
        kaiji_document_free(doc);
    }
    cr_expect_gt(checked, 20);
    cJSON_Delete(m);
}

Test(samples, good_samples_carry_no_error)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    EACH_SAMPLE(m, e) {
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "no_errors")))
            continue;
        kaiji_document *doc = sample_validate(m, e);
        for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
            const kaiji_finding *f = kaiji_document_finding(doc, i);
            cr_expect_neq(kaiji_finding_severity(f), KAIJI_SEVERITY_ERROR,
                          "%s: unexpected error %s on %s: %s", jstr(e, "path"),
                          kaiji_finding_code(f), kaiji_finding_item(f),
                          kaiji_finding_message(f));
        }
        kaiji_document_free(doc);
    }
    cJSON_Delete(m);
}

/* Checks one "expect_items" entry against doc. */
static void expect_item(const kaiji_document *doc, const char *path, const cJSON *want)
{
    const char *id = jstr(want, "id"), *s;
    const kaiji_item *it = t_item(doc, id);
    char buf[11];

    cr_expect_not_null(it, "%s: no item %s", path, id);
    if (!it)
        return;
    if ((s = jstr(want, "answer")))
        cr_expect_str_eq(kaiji_answer_name(kaiji_item_answer(it)), s,
                         "%s: answer of %s (written \"%s\")", path, id,
                         kaiji_item_answer_text(it));
    if ((s = jstr(want, "comment")))
        cr_expect_str_eq(kaiji_item_answer_comment(it), s, "%s: comment of %s", path, id);
    if ((s = jstr(want, "target_date")))
        cr_expect_str_eq(kaiji_date_format(buf, kaiji_item_target_date(it)), s,
                         "%s: 目標日 of %s (written \"%s\")", path, id,
                         kaiji_item_target_date_text(it));
    const cJSON *targets = cJSON_GetObjectItemCaseSensitive(want, "targets"), *t;
    cJSON_ArrayForEach(t, targets) {
        size_t k, n = kaiji_item_target_count(it);
        for (k = 0; k < n; k++)
            if (strcmp(kaiji_item_target_name(it, k), t->string) == 0)
                break;
        cr_expect_lt(k, n, "%s: item %s has no answer for %s", path, id, t->string);
        if (k < n)
            cr_expect_str_eq(kaiji_answer_name(kaiji_item_target_answer(it, k)),
                             t->valuestring, "%s: %s answer of %s", path, t->string, id);
    }
}

Test(samples, items_and_header_are_read_as_written)
{
    cJSON *m = manifest_load();
    const cJSON *e, *w;
    char buf[11];
    EACH_SAMPLE(m, e) {
        const char *p = jstr(e, "path"), *s;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "items");
        kaiji_document *doc = sample_validate(m, e);
        if (cJSON_IsNumber(n))
            cr_expect_eq(kaiji_document_item_count(doc), (size_t)n->valueint,
                         "%s: %zu items, expected %d", p,
                         kaiji_document_item_count(doc), n->valueint);
        if ((s = jstr(e, "vendor")))
            cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_VENDOR), s,
                             "%s: vendor", p);
        if ((s = jstr(e, "document_date")))
            cr_expect_str_eq(kaiji_date_format(buf, kaiji_document_date(doc)), s,
                             "%s: document date", p);
        cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(e, "expect_items"))
            expect_item(doc, p, w);
        kaiji_document_free(doc);
    }
    cJSON_Delete(m);
}

Test(samples, same_document_in_different_layouts_gives_the_same_items)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    kaiji_document *ref = NULL;
    const char *ref_path = NULL;
    size_t members = 0;

    EACH_SAMPLE(m, e) {
        const char *g = jstr(e, "group");
        if (!g)
            continue;
        kaiji_document *doc = sample_validate(m, e);
        members++;
        if (!ref) {
            ref = doc;
            ref_path = jstr(e, "path");
            cr_expect_gt(kaiji_document_item_count(ref), 0, "%s: no items", ref_path);
            continue;
        }
        const char *p = jstr(e, "path");
        cr_expect_eq(kaiji_document_item_count(doc), kaiji_document_item_count(ref),
                     "%s: %zu items, %s has %zu", p, kaiji_document_item_count(doc),
                     ref_path, kaiji_document_item_count(ref));
        cr_expect_eq(kaiji_document_kind(doc), kaiji_document_kind(ref), "%s: kind", p);
        for (kaiji_field f = 0; f < KAIJI_FIELD__COUNT; f++)
            cr_expect_str_eq(kaiji_document_field(doc, f), kaiji_document_field(ref, f),
                             "%s: header field %s", p, kaiji_field_name(f));
        size_t n = kaiji_document_item_count(doc);
        if (n > kaiji_document_item_count(ref))
            n = kaiji_document_item_count(ref);
        for (size_t i = 0; i < n; i++) {
            const kaiji_item *a = kaiji_document_item(ref, i);
            const kaiji_item *b = kaiji_document_item(doc, i);
            cr_expect_str_eq(kaiji_item_id(b), kaiji_item_id(a), "%s: item %zu", p, i);
            cr_expect_eq(kaiji_item_answer(b), kaiji_item_answer(a),
                         "%s: answer of %s: %s, %s says %s", p, kaiji_item_id(a),
                         kaiji_answer_name(kaiji_item_answer(b)), ref_path,
                         kaiji_answer_name(kaiji_item_answer(a)));
            cr_expect_str_eq(kaiji_item_remarks(b), kaiji_item_remarks(a),
                             "%s: remarks of %s", p, kaiji_item_id(a));
        }
        kaiji_document_free(doc);
    }
    cr_expect_geq(members, 5, "the layout group has %zu files", members);
    kaiji_document_free(ref);
    cJSON_Delete(m);
}

/* true when some string anywhere in j equals s. */
static bool json_has_string(const cJSON *j, const char *s)
{
    const cJSON *c;
    if (cJSON_IsString(j) && strcmp(j->valuestring, s) == 0)
        return true;
    cJSON_ArrayForEach(c, j)
        if (json_has_string(c, s))
            return true;
    return false;
}

Test(samples, blank_template_imports_as_a_catalog_of_its_items)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    size_t templates = 0;
    EACH_SAMPLE(m, e) {
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "template")))
            continue;
        char path[PATH_MAX_LEN];
        char *json = NULL;
        sample_path(path, e);
        cr_assert_eq(kaiji_catalog_import(&json, path, NULL), KAIJI_OK, "%s", path);
        cJSON *cat = cJSON_Parse(json);
        cr_assert_not_null(cat, "%s: import gave no JSON", path);
        kaiji_document *doc = NULL;
        kaiji_read_file(&doc, path, NULL);
        cr_assert_not_null(doc);
        cr_expect_gt(kaiji_document_item_count(doc), 0);
        for (size_t i = 0; i < kaiji_document_item_count(doc); i++) {
            const char *id = kaiji_item_id(kaiji_document_item(doc, i));
            cr_expect(json_has_string(cat, id), "%s: item %s not in the catalog", path, id);
        }
        cr_expect(json_has_string(cat, "template"), "%s: certainty template", path);
        kaiji_document_free(doc);
        cJSON_Delete(cat);
        free(json);
        templates++;
    }
    cr_expect_eq(templates, 1);
    cJSON_Delete(m);
}

Test(samples, generator_output_is_what_is_committed, .timeout = 120)
{
    char cmd[3 * PATH_MAX_LEN];
    const char *dir = t_tmpdir();
    char *out = NULL;

    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -B '%s/samples/make_samples.py' '%s' '%s/manifest.json' 2>&1",
             KAIJI_SOURCE_DIR, dir, dir);
    cr_assert_eq(t_run(cmd, &out), 0, "make_samples.py failed: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "diff -r -x '*.py' -x __pycache__ -x manifest.json '%s/samples' '%s' 2>&1",
             KAIJI_SOURCE_DIR, dir);
    int rc = t_run(cmd, &out);
    cr_expect_eq(rc, 0, "samples/ differs from what make_samples.py writes "
                 "(run make samples): %.500s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "diff '%s/tests/samples-manifest.json' '%s/manifest.json' 2>&1",
             KAIJI_SOURCE_DIR, dir);
    rc = t_run(cmd, &out);
    cr_expect_eq(rc, 0, "tests/samples-manifest.json differs from what make_samples.py "
                 "writes (run make samples): %.500s", out);
    free(out);
}

/* The finding codes of doc, sorted, as one string. */
static char *finding_codes_sorted(const kaiji_document *doc)
{
    size_t n = kaiji_document_finding_count(doc), len = 1;
    const char **codes = calloc(n + 1, sizeof(*codes));
    cr_assert_not_null(codes);
    for (size_t i = 0; i < n; i++) {
        codes[i] = kaiji_finding_code(kaiji_document_finding(doc, i));
        len += strlen(codes[i]) + 1;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(codes[j - 1], codes[j]) > 0; j--) {
            const char *t = codes[j];
            codes[j] = codes[j - 1];
            codes[j - 1] = t;
        }
    char *out = calloc(len, 1);
    cr_assert_not_null(out);
    for (size_t i = 0; i < n; i++) {
        strcat(out, codes[i]);
        strcat(out, " ");
    }
    free(codes);
    return out;
}

Test(samples, converted_to_json_and_xml_each_sample_validates_the_same)
{
    cJSON *m = manifest_load();
    const cJSON *e;
    size_t converted = 0;
    EACH_SAMPLE(m, e) {
        if (strcmp(jstr(e, "status"), "unreadable") == 0)
            continue;
        kaiji_document *orig = sample_validate(m, e);
        char *want = finding_codes_sorted(orig);
        for (int as_xml = 0; as_xml <= 1; as_xml++) {
            kaiji_document *orig_read = NULL, *back = NULL;
            char path[PATH_MAX_LEN], *text = NULL;
            sample_path(path, e);
            kaiji_read_file(&orig_read, path, NULL);
            cr_assert_not_null(orig_read);
            int rc = as_xml ? kaiji_export_xml(&text, orig_read) : kaiji_export_json(&text, orig_read);
            cr_assert_eq(rc, KAIJI_OK, "%s: export", path);
            cr_assert_eq(kaiji_read_memory(&back, text, strlen(text),
                                           as_xml ? "converted.xml" : "converted.json", NULL),
                         KAIJI_OK);
            validate_as_manifest(back, m, e);
            const char *p = jstr(e, "path"), *fmt = as_xml ? "XML" : "JSON";
            cr_expect_eq(kaiji_document_kind(back), kaiji_document_kind(orig), "%s as %s: kind", p, fmt);
            cr_expect_str_eq(kaiji_document_form_version(back), kaiji_document_form_version(orig),
                             "%s as %s: form version", p, fmt);
            cr_expect_eq(kaiji_document_status(back), kaiji_document_status(orig),
                         "%s as %s: status %s, original %s; findings %s", p, fmt,
                         kaiji_status_name(kaiji_document_status(back)),
                         kaiji_status_name(kaiji_document_status(orig)), findings_text(back));
            char *got = finding_codes_sorted(back);
            cr_expect_str_eq(got, want, "%s as %s: findings", p, fmt);
            free(got);
            free(text);
            kaiji_document_free(back);
            kaiji_document_free(orig_read);
            converted++;
        }
        free(want);
        kaiji_document_free(orig);
    }
    cr_expect_gt(converted, 60);
    cJSON_Delete(m);
}
