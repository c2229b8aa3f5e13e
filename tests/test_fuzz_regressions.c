/*
 * tests/test_fuzz_regressions.c - every input the fuzzers (tests/fuzz/) ever
 * broke the library with, kept under tests/fuzz/regressions/ and read again:
 * each must give KAIJI_OK and a document, validate, and keep the document's
 * contracts (an unreadable document says why); a readable one must convert
 * to JSON and XML and validate the same, and make a template catalog that
 * loads.  Run under `make asan` they also prove the memory error they once
 * caused is gone.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/support.h"
#include "text/text.h"
#include "catalog/catalogs.h"

#define REGRESSIONS "tests/fuzz/regressions"

/* The names of the regular files under REGRESSIONS, sorted; *n their count. */
static char **regression_files(size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    DIR *d = opendir(t_src(REGRESSIONS));
    cr_assert_not_null(d, "cannot open %s", REGRESSIONS);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof(*names));
            cr_assert_not_null(names);
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < *n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* A register- file is a contract register fuzz_register found: it goes
 * through kaiji_register_read(), which must give a register (perhaps with row
 * errors) or refuse it with an error saying why. */
static void read_register(const char *name, const char *path)
{
    kaiji_register *reg = NULL;
    int rc = kaiji_register_read(&reg, path);
    cr_assert(rc == KAIJI_OK || rc == KAIJI_ERROR_INVALID, "%s: kaiji_register_read gave %s",
              name, kaiji_strerror((kaiji_error)rc));
    cr_assert_not_null(reg, "%s: no register", name);
    if (rc == KAIJI_ERROR_INVALID)
        cr_expect_gt(reg->error_count, 0, "%s: refused without an error saying why", name);
    for (size_t i = 0; i < reg->error_count; i++)
        cr_expect(kaiji_text_utf8_valid(reg->errors[i].message, strlen(reg->errors[i].message)),
                  "%s: error message not UTF-8: %s", name, reg->errors[i].message);
    kaiji_register_free(reg);
}

/* Reads and validates one regression file, checking the contracts. */
static void read_one(const char *name, const kaiji_catalogs *cats)
{
    char rel[512];
    size_t len = 0;
    snprintf(rel, sizeof rel, REGRESSIONS "/%s", name);
    if (strncmp(name, "register-", 9) == 0)
        read_register(name, t_src(rel));
    char *data = t_slurp(t_src(rel), &len);

    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    kaiji_document *doc = NULL;
    int rc = kaiji_read_memory(&doc, data, len, name, &ro);
    cr_assert_eq(rc, KAIJI_OK, "%s: kaiji_read_memory gave %s", name,
                 kaiji_strerror((kaiji_error)rc));
    cr_assert_not_null(doc, "%s: no document", name);

    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = (kaiji_date){2024, 10, 1};
    rc = kaiji_validate(doc, &vo);
    cr_assert_eq(rc, KAIJI_OK, "%s: kaiji_validate gave %s", name,
                 kaiji_strerror((kaiji_error)rc));
    cr_expect_neq(kaiji_document_status(doc), KAIJI_STATUS_UNCHECKED,
                  "%s: still unchecked after validation", name);
    if (!kaiji_document_readable(doc))
        cr_expect_gt(kaiji_document_finding_count(doc), 0,
                     "%s: unreadable without a finding saying why", name);
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const char *m = kaiji_finding_message(kaiji_document_finding(doc, i));
        cr_expect(kaiji_text_utf8_valid(m, strlen(m)), "%s: finding not UTF-8: %s", name, m);
    }
    kaiji_document_free(doc);
    free(data);
}

Test(fuzz_regressions, every_saved_input_reads_and_validates)
{
    size_t n = 0;
    char **names = regression_files(&n);
    kaiji_catalogs *cats = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    for (size_t i = 0; i < n; i++)
        read_one(names[i], cats);
    kaiji_catalogs_free(cats);
    free_names(names, n);
}

/* Reads len bytes at data named name; the caller frees the document. */
static kaiji_document *read_doc(const void *data, size_t len, const char *name,
                                const kaiji_catalogs *cats)
{
    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_memory(&doc, data, len, name, &ro), KAIJI_OK, "%s", name);
    cr_assert_not_null(doc);
    return doc;
}

static void validate_doc(kaiji_document *doc, const kaiji_catalogs *cats)
{
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = (kaiji_date){2024, 10, 1};
    cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK);
}

/* The findings of doc as one line each ("severity code item"), sorted. */
static char *finding_lines(const kaiji_document *doc)
{
    size_t n = kaiji_document_finding_count(doc), total = 1;
    char **lines = calloc(n + 1, sizeof(*lines));
    cr_assert_not_null(lines);
    for (size_t i = 0; i < n; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        size_t len = strlen(kaiji_finding_code(f)) + strlen(kaiji_finding_item(f)) + 16;
        lines[i] = malloc(len);
        cr_assert_not_null(lines[i]);
        snprintf(lines[i], len, "%s %s %s\n",
                 kaiji_severity_name(kaiji_finding_severity(f)),
                 kaiji_finding_code(f), kaiji_finding_item(f));
        total += strlen(lines[i]);
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    char *out = malloc(total);
    cr_assert_not_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return out;
}

/* Converts the regression file name to JSON and XML (as `kaiji convert`),
 * reads each back and checks it validates as the original does. */
static void roundtrip_one(const char *name, const kaiji_catalogs *cats)
{
    char rel[512];
    size_t len = 0;
    snprintf(rel, sizeof rel, REGRESSIONS "/%s", name);
    char *data = t_slurp(t_src(rel), &len);
    kaiji_document *doc = read_doc(data, len, name, cats);
    free(data);
    if (!kaiji_document_readable(doc)) {
        kaiji_document_free(doc);
        return;
    }
    char *exports[2] = {NULL, NULL};
    cr_assert_eq(kaiji_export_json(&exports[0], doc), KAIJI_OK);
    cr_assert_eq(kaiji_export_xml(&exports[1], doc), KAIJI_OK);
    validate_doc(doc, cats);
    char *want = finding_lines(doc);
    for (int k = 0; k < 2; k++) {
        const char *as = k ? "XML" : "JSON";
        kaiji_document *back = read_doc(exports[k], strlen(exports[k]),
                                        k ? "export.xml" : "export.json", cats);
        cr_assert(kaiji_document_readable(back), "%s: the %s export reads back unreadable",
                  name, as);
        validate_doc(back, cats);
        char *got = finding_lines(back);
        cr_expect_eq(kaiji_document_kind(back), kaiji_document_kind(doc),
                     "%s: the %s export reads back as another kind", name, as);
        cr_expect_eq(kaiji_document_status(back), kaiji_document_status(doc),
                     "%s: the %s export validates %s, the original %s", name, as,
                     kaiji_status_name(kaiji_document_status(back)),
                     kaiji_status_name(kaiji_document_status(doc)));
        cr_expect_str_eq(got, want, "%s: the %s export's findings differ:\n%s\noriginal:\n%s",
                         name, as, got, want);
        free(got);
        kaiji_document_free(back);
        free(exports[k]);
    }
    free(want);
    kaiji_document_free(doc);
}

Test(fuzz_regressions, every_saved_input_converts_and_validates_the_same)
{
    size_t n = 0;
    char **names = regression_files(&n);
    kaiji_catalogs *cats = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    for (size_t i = 0; i < n; i++)
        roundtrip_one(names[i], cats);
    kaiji_catalogs_free(cats);
    free_names(names, n);
}

Test(fuzz_regressions, every_saved_input_makes_a_template_catalog_that_loads)
{
    size_t n = 0;
    char **names = regression_files(&n);
    kaiji_catalogs *cats = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    for (size_t i = 0; i < n; i++) {
        char rel[512];
        size_t len = 0;
        snprintf(rel, sizeof rel, REGRESSIONS "/%s", names[i]);
        char *data = t_slurp(t_src(rel), &len);
        kaiji_document *doc = read_doc(data, len, names[i], cats);
        free(data);
        char *json = NULL, *err = NULL;
        kaiji_catalog *cat = NULL;
        if (kaiji_catalog_from_document(&json, doc, NULL) == KAIJI_OK) {
            cr_expect_eq(kaiji_catalog_parse(&cat, json, "test", "t.json", &err), KAIJI_OK,
                         "%s: the template catalog made from it does not load: %s",
                         names[i], err ? err : "?");
        }
        kaiji_catalog_free(cat);
        free(err);
        free(json);
        kaiji_document_free(doc);
    }
    kaiji_catalogs_free(cats);
    free_names(names, n);
}

Test(fuzz_regressions, every_saved_input_is_named_after_its_harness)
{
    static const char *const prefixes[] = {"xlsx-", "ods-", "xml-", "json-", "read-",
                                           "register-"};
    size_t n = 0;
    char **names = regression_files(&n);
    cr_assert_gt(n, 0, "no regression inputs under %s", REGRESSIONS);
    for (size_t i = 0; i < n; i++) {
        int ok = 0;
        for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++)
            ok |= strncmp(names[i], prefixes[p], strlen(prefixes[p])) == 0;
        cr_expect(ok, "%s: a regression input is named <reader>-<short-name> "
                      "(xlsx-, ods-, xml-, json-, read- or register-)", names[i]);
    }
    free_names(names, n);
}
