/*
 * tests/test_hostile_files.c - files that are not what they say: legacy and
 * password-protected workbooks, shared-string indexes outside the table,
 * empty files, random bytes named .xlsx.
 *
 * Part of the hostile corpus of issue 5 (tests/hostile/README.md lists every
 * case and the figures measured): every input is built here or in
 * tests/support/ from code, each case states the finding it must give and,
 * where it matters, the time and memory it may take (the bounds are in
 * tests/support/hostile.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* =========================================================================
 * Files that are not what they say
 * ========================================================================= */

typedef struct file_case {
    const char *what;
    const char *name;
    const char *code;
} file_case;

Test(hostile_files, legacy_and_password_protected_workbooks_say_so)
{
    static const char *const workbook[] = {"Workbook"};
    static const char *const book[] = {"Book"};
    static const char *const encrypted[] = {"EncryptionInfo", "EncryptedPackage"};
    static const char *const names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml"};
    static const char *const texts[] = {
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"};
    size_t len;
    unsigned char *x;
    char *s;

    x = xf_ole(workbook, 1, 0, &len);
    h_expect_mem(x, len, "old.xls", NULL, "file-legacy-xls");
    /* The name does not matter: the content does. */
    h_expect_mem(x, len, "renamed.xlsx", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(book, 1, 0, &len);
    h_expect_mem(x, len, "excel5.xls", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(workbook, 1, 1, &len);
    h_expect_mem(x, len, "loop.xls", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(encrypted, 2, 0, &len);
    h_expect_mem(x, len, "protected.xlsx", NULL, "file-encrypted");
    free(x);
    x = xf_ole(encrypted, 2, 1, &len);
    h_expect_mem(x, len, "protected-loop.xlsx", NULL, "file-encrypted");
    free(x);
    x = xf_zip_encrypted(names, texts, 3, "xl/worksheets/sheet1.xml", &len);
    h_expect_mem(x, len, "zipcrypto.xlsx", NULL, "file-encrypted");
    free(x);
    s = t_slurp(t_src("samples/broken/legacy.xls"), &len);
    h_expect_mem(s, len, "legacy.xls", NULL, "file-legacy-xls");
    free(s);
    s = t_slurp(t_src("samples/broken/password-protected.xlsx"), &len);
    h_expect_mem(s, len, "password-protected.xlsx", NULL, "file-encrypted");
    free(s);
    /* Only the OLE signature, nothing after it. */
    h_expect_mem("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "stub.xls", NULL, "file-legacy-xls");
}

/* An empty index (<v></v>) is no index but an empty cell, as other readers
 * take it: tests/test_xlsx.c, xlsx_lenient. */
Test(hostile_files, a_shared_string_index_outside_the_table_is_corrupt)
{
    static const char *const indexes[] = {"1", "5", "-1", "4294967296", "99999999999999999999",
                                          "1e3"};
    size_t i;

    for (i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
        char body[512];
        size_t len;
        unsigned char *x;
        snprintf(body, sizeof body,
                 "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>%s</v></c></row></sheetData>",
                 indexes[i]);
        x = xf_simple("<si><t>only</t></si>", body, &len);
        h_expect_mem(x, len, indexes[i], NULL, "file-corrupt");
        free(x);
    }
}

Test(hostile_files, an_empty_file_is_corrupt_whatever_its_name)
{
    static const char *const names[] = {"empty.xlsx", "empty.xml", "empty.json", "empty"};
    const char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < 4; i++) {
        const char *path = h_put(dir, names[i], "", 0);
        kaiji_document *doc = NULL;
        h_run r;
        cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_OK);
        t_expect_refused(doc, "file-corrupt", 0, names[i]);
        kaiji_document_free(doc);
        h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
        cr_assert_eq(r.exit_code, 1);
        cr_assert(h_contains(r.out, r.out_len, "\"file-corrupt\""), "%s", r.out);
        h_run_free(&r);
    }
}

Test(hostile_files, random_bytes_named_xlsx_are_corrupt)
{
    static const size_t sizes[] = {1, 21, 22, 100, 4096, 65536};
    static const char *const magics[] = {"", "PK\3\4", "PK\5\6", "PK\1\2"};
    size_t m, i;
    uint64_t seed = 7;

    for (m = 0; m < 4; m++) {
        for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            size_t n = sizes[i] + strlen(magics[m]);
            unsigned char *x = malloc(n);
            char what[64];
            cr_assert_not_null(x);
            memcpy(x, magics[m], strlen(magics[m]));
            h_random(x + strlen(magics[m]), sizes[i], &seed);
            snprintf(what, sizeof what, "random-%zu-%zu.xlsx", m, n);
            h_expect_mem(x, n, what, NULL, "file-corrupt");
            free(x);
        }
    }
}
