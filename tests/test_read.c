/*
 * tests/test_read.c - kaiji_read_file()/kaiji_read_memory(): the format is
 * told by content, the plain-file size limit holds, and what cannot be
 * opened is a finding on an unreadable document.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "parser/xmlsafe.h"
#include "support/support.h"

static kaiji_document *read_mem(const char *bytes, const char *name,
                                const kaiji_read_options *opts)
{
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_memory(&doc, bytes, strlen(bytes), name, opts), KAIJI_OK);
    cr_assert_not_null(doc);
    return doc;
}

static const struct {
    const char *name, *bytes, *code, *says;
} refusals[] = {
    {"register.csv", "契約番号,事業者名\nC-1,架空\n", "unsupported-format", "Excel workbook"},
    {"page.xml", "<?xml version=\"1.0\"?><html><body/></html>", "unsupported-format", "<html>"},
    {"fake.xlsx", "this is not a zip", "file-corrupt", "not a ZIP"},
    {"empty.json", "", "file-corrupt", "empty"},
    {"bom.json", "\xEF\xBB\xBF{\"a\":\"\xFF\"}", "file-corrupt", "UTF-8"},
    {"dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"1\">]><x>&e;</x>",
     "file-unsafe", "DTD"},
};

Test(read, what_kaiji_does_not_read_is_named_by_its_content)
{
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        kaiji_document *doc = read_mem(refusals[i].bytes, refusals[i].name, NULL);
        const char *message = t_expect_refused(doc, refusals[i].code, 1, refusals[i].name);
        cr_assert(strstr(message, refusals[i].says) != NULL, "%s: %s", refusals[i].name,
                  message);
        kaiji_document_free(doc);
    }
}

Test(read, a_plain_file_over_the_size_limit_is_too_large_in_memory_and_on_disk)
{
    kaiji_read_options opts;
    kaiji_read_options_init(&opts);
    opts.limits.max_file_size = 40;
    const char *json = "{\"kaiji\":\"1\",\"kind\":\"mds\",\"items\":[],\"form_version\":\"5.0\"}  ";
    cr_assert_gt(strlen(json), 40);

    kaiji_document *doc = read_mem(json, "big.json", &opts);
    t_expect_refused(doc, "file-too-large", 1, NULL);
    kaiji_document_free(doc);

    char path[4200];
    snprintf(path, sizeof path, "%s/big.json", t_tmpdir());
    t_spit(path, json, strlen(json));
    doc = NULL;
    cr_assert_eq(kaiji_read_file(&doc, path, &opts), KAIJI_OK);
    t_expect_refused(doc, "file-too-large", 1, NULL);
    kaiji_document_free(doc);

    /* Under the default limit the same file reads. */
    doc = NULL;
    cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_OK);
    cr_assert(kaiji_document_readable(doc));
    cr_assert_eq(kaiji_document_kind(doc), KAIJI_KIND_MDS);
    kaiji_document_free(doc);
}

Test(read, a_folder_or_a_missing_file_is_an_unreadable_document_and_an_io_error)
{
    const char *paths[] = {t_tmpdir(), "/nonexistent/kaiji/x.xlsx"};
    for (size_t i = 0; i < 2; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s", paths[i]);
        kaiji_document *doc = NULL;
        cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_ERROR_IO, "%s", path);
        t_expect_refused(doc, "file-unreadable", 1, path);
        cr_assert_str_eq(kaiji_document_path(doc), path);
        kaiji_document_free(doc);
    }
}

/* A text of a start tag with n attributes, each value v: "<a x0=v x1=v ...>". */
static char *tag_of(size_t n, const char *v)
{
    size_t cap = 16 + n * (24 + strlen(v)), used = 0;
    char *t = malloc(cap);
    cr_assert_not_null(t);
    used += (size_t)snprintf(t, cap, "<r><a");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(t + used, cap - used, " x%zu=%s", i, v);
    snprintf(t + used, cap - used, "/></r>");
    return t;
}

/* The scan of t, whole and then one byte at a time (a part is read in
 * pieces of any size): both must agree. */
static bool scan_ok(const char *t)
{
    kaiji_xml_scan whole = {0}, bytes = {0};
    bool a = kaiji_xml_scan_feed(&whole, t, strlen(t)), b = true;
    for (size_t i = 0; t[i] && b; i++)
        b = kaiji_xml_scan_feed(&bytes, t + i, 1);
    cr_assert_eq(a, b, "whole and byte by byte differ on %.80s", t);
    return a;
}

Test(xml_scan, a_start_tag_of_more_than_128_attributes_is_found_wherever_it_hides)
{
    static const struct {
        size_t n;
        const char *value;
        bool ok;
    } cases[] = {
        {KAIJI_XML_MAX_ATTRIBUTES, "\"1\"", true},
        {KAIJI_XML_MAX_ATTRIBUTES + 1, "\"1\"", false},
        {KAIJI_XML_MAX_ATTRIBUTES + 1, "'1'", false},
        {1000, "\">\"", false},        /* a quoted '>' does not end the tag */
        {1000, "'>'", false},
        {1000, "\"'>\"", false},       /* nor a quote of the other kind */
        {100, "\"a=b=c=d=e=f\"", true}, /* '=' in values does not count */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = tag_of(cases[i].n, cases[i].value);
        cr_expect_eq(scan_ok(t), cases[i].ok, "case %zu", i);
        free(t);
    }
    char text[4096] = "<r><c>", *p = text + strlen(text);
    memset(p, '=', 2000);
    strcpy(p + 2000, "</c><!-- it's a comment: ");
    p = text + strlen(text);
    memset(p, '=', 1000);
    strcpy(p + 1000, " --><![CDATA[ '\" ]]><b k=\"v\"/></r>");
    cr_expect(scan_ok(text), "'=' in text, comments and CDATA does not count");
}
