/*
 * tests/test_gate.c - the one entrance for untrusted XML and JSON
 * (parser/gate.c, its guarantees in parser/readers.h): the BOM told and
 * dropped once, the encoding converted or checked, a DTD refused in the same
 * words by every reader, the length libxml2 takes.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model/model.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/* The only finding of doc, which must be unreadable, with code. */
static const char *refusal(const kaiji_document *doc, const char *code)
{
    return t_expect_refused(doc, code, 1, NULL);
}

static kaiji_document *new_doc(const char *name)
{
    kaiji_document *doc = kaiji_document_new(name);
    cr_assert_not_null(doc);
    return doc;
}

Test(gate, the_utf8_bom_is_three_bytes_at_the_start_and_nothing_else)
{
    static const struct {
        const char *bytes;
        size_t len, bom;
    } cases[] = {
        {"\xEF\xBB\xBF<a/>", 7, 3},
        {"\xEF\xBB\xBF", 3, 3},
        {"\xEF\xBB", 2, 0},       /* cut short */
        {"", 0, 0},
        {"<a/>", 4, 0},
        {"\xFF\xFE<\0", 4, 0},    /* UTF-16's BOM is the XML conversion's */
        {"a\xEF\xBB\xBF", 4, 0},  /* not at the start */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(kaiji_gate_bom(cases[i].bytes, cases[i].len), cases[i].bom, "case %zu", i);
}

Test(gate, an_xml_file_becomes_utf8_text_without_a_bom_whatever_its_encoding)
{
    static const struct {
        const char *what;
        const char *bytes;
        size_t len;       /* 0: strlen(bytes) */
        const char *text;
    } cases[] = {
        {"UTF-8 with a BOM", "\xEF\xBB\xBF<a>\xE8\xA1\xA8</a>", 0, "<a>\xE8\xA1\xA8</a>"},
        {"UTF-8 without", "<a>x</a>", 0, "<a>x</a>"},
        {"Shift_JIS (表, a 0x5C second byte)",
         "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x95\x5C</a>", 0,
         "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\xE8\xA1\xA8</a>"},
        {"UTF-16LE with a BOM", "\xFF\xFE<\0a\0/\0>\0", 10, "<a/>"},
        {"UTF-16BE with a BOM", "\xFE\xFF\0<\0a\0/\0>", 10, "<a/>"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_document *doc = new_doc("x.xml");
        char *text = NULL;
        size_t len = 0;

        size_t n = cases[i].len ? cases[i].len : strlen(cases[i].bytes);

        cr_assert_eq(kaiji_gate_xml(&text, &len, doc, (const unsigned char *)cases[i].bytes, n),
                     KAIJI_OK, "%s", cases[i].what);
        cr_assert_not_null(text, "%s: refused: %s", cases[i].what,
                           kaiji_finding_message(kaiji_document_finding(doc, 0)));
        cr_expect_eq(len, strlen(cases[i].text), "%s", cases[i].what);
        cr_expect_str_eq(text, cases[i].text, "%s", cases[i].what);
        cr_expect_eq(kaiji_document_finding_count(doc), 0, "%s", cases[i].what);
        free(text);
        kaiji_document_free(doc);
    }
}

Test(gate, bytes_not_valid_in_their_encoding_are_corrupt_and_give_no_text)
{
    static const char sjis[] = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x95</a>";
    static const char utf8[] = "\xEF\xBB\xBF<a>\xC3\x28</a>";
    const char *inputs[] = {sjis, utf8};

    for (size_t i = 0; i < 2; i++) {
        kaiji_document *doc = new_doc("x.xml");
        char *text = (char *)"untouched";
        size_t len = 99;

        cr_assert_eq(kaiji_gate_xml(&text, &len, doc, (const unsigned char *)inputs[i],
                                    strlen(inputs[i])), KAIJI_OK);
        cr_expect_null(text);
        cr_expect_eq(len, 0);
        refusal(doc, "file-corrupt");
        kaiji_document_free(doc);
    }
}

Test(gate, a_json_text_has_its_bom_skipped_and_must_be_utf8)
{
    static const char good[] = "\xEF\xBB\xBF{\"a\":\"\xE8\xA1\xA8\"}";
    static const char bad[] = "\xEF\xBB\xBF{\"a\":\"\xFF\"}";
    kaiji_document *doc = new_doc("x.json");
    const char *json = good;
    size_t len = strlen(good);
    int rc = -1;

    cr_assert(kaiji_gate_json(doc, &json, &len, &rc));
    cr_expect_eq(rc, KAIJI_OK);
    cr_expect_eq(json, good + 3);
    cr_expect_eq(len, strlen(good) - 3);
    cr_expect(kaiji_document_readable(doc));
    kaiji_document_free(doc);

    doc = new_doc("x.json");
    json = bad;
    len = strlen(bad);
    cr_assert_not(kaiji_gate_json(doc, &json, &len, &rc));
    cr_expect_eq(rc, KAIJI_OK);
    refusal(doc, "file-corrupt");
    kaiji_document_free(doc);
}

Test(gate, json_that_is_not_utf8_is_refused_in_the_same_words_read_or_handed_over)
{
    static const char bad[] = "{\"kaiji\":\"1\",\"a\":\"\xC0\xAF\"}";
    kaiji_document *direct = new_doc("x.json"), *read = NULL;

    cr_assert_eq(kaiji_read_kaiji_json(direct, bad, strlen(bad), NULL), KAIJI_OK);
    cr_assert_eq(kaiji_read_memory(&read, bad, strlen(bad), "x.json", NULL), KAIJI_OK);
    cr_expect_str_eq(refusal(direct, "file-corrupt"), refusal(read, "file-corrupt"));
    kaiji_document_free(direct);
    kaiji_document_free(read);
}

Test(gate, xml_text_handed_to_a_reader_has_its_bom_skipped)
{
    static const char xml[] = "\xEF\xBB\xBF<a/>";
    kaiji_document *doc = new_doc("x.xml");
    const char *p = xml;
    size_t len = strlen(xml);
    int rc = -1;

    cr_assert(kaiji_gate_xml_text(doc, &p, &len, &rc));
    cr_expect_eq(rc, KAIJI_OK);
    cr_expect_eq(p, xml + 3);
    cr_expect_eq(len, 4);
    cr_expect(kaiji_document_readable(doc));
    kaiji_document_free(doc);
}

/* The prologs a DTD hides behind, each before the root <R>. */
static const char *const dtd_prologs[] = {
    "<!DOCTYPE R [<!ENTITY e \"x\">]>",
    "<!DOCTYPE R SYSTEM \"http://example.invalid/r.dtd\">",
    "<!-- a comment --><?pi x?>\n<!DOCTYPE R [<!ENTITY e \"x\">]>",
    "\xEF\xBB\xBF<!DOCTYPE R [<!ENTITY e \"x\">]>",
};

/* The text of an XML file: a declaration, prolog, then root (whose name
 * replaces R in the prolog) with body. */
static char *xml_with(const char *prolog, const char *root, const char *attrs, const char *body)
{
    char pro[512];
    const char *r = strchr(prolog, 'R');
    size_t bom = kaiji_gate_bom(prolog, strlen(prolog));
    size_t size = strlen(prolog) + 2 * strlen(root) + strlen(attrs) + strlen(body) + 128;
    char *out = malloc(size);

    cr_assert_not_null(out);
    if (r)
        snprintf(pro, sizeof pro, "%.*s%s%s", (int)((size_t)(r - prolog) - bom), prolog + bom, root, r + 1);
    else
        snprintf(pro, sizeof pro, "%s", prolog + bom);
    snprintf(out, size, "%.*s" XML_DECL "%s<%s%s>%s</%s>", (int)bom, prolog, pro, root, attrs,
             body, root);
    return out;
}

Test(gate, a_dtd_is_refused_in_the_same_words_by_every_xml_reader)
{
    char words[KAIJI_GATE_WHY];

    kaiji_gate_dtd_why(words, NULL);
    cr_assert(strstr(words, "DTD"));
    for (size_t i = 0; i < sizeof dtd_prologs / sizeof dtd_prologs[0]; i++) {
        char *kx = xml_with(dtd_prologs[i], "kaiji-document",
                            " xmlns=\"urn:kaiji:document:1\" kaiji=\"1\"", "");
        char *mds2 = xml_with(dtd_prologs[i], "mds2", "", "");
        char *ss = xml_with(dtd_prologs[i], "Workbook",
                            " xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"", "");
        const char *texts[] = {kx, mds2, ss};
        kaiji_document *doc;
        kaiji_workbook *wb = NULL;
        char *text = NULL;
        size_t len;

        /* read by content, and handed to each reader */
        for (size_t k = 0; k < 3; k++) {
            doc = NULL;
            cr_assert_eq(kaiji_read_memory(&doc, texts[k], strlen(texts[k]), "x.xml", NULL),
                         KAIJI_OK);
            cr_expect_str_eq(refusal(doc, "file-unsafe"), words, "prolog %zu, text %zu", i, k);
            kaiji_document_free(doc);
        }
        doc = new_doc("x.xml");
        cr_assert_eq(kaiji_read_kaiji_xml(doc, kx, strlen(kx), NULL, NULL), KAIJI_OK);
        cr_expect_str_eq(refusal(doc, "file-unsafe"), words, "prolog %zu, kaiji XML", i);
        kaiji_document_free(doc);
        doc = new_doc("x.xml");
        cr_assert_eq(kaiji_read_mds2_xml(doc, mds2, strlen(mds2), NULL), KAIJI_OK);
        cr_expect_str_eq(refusal(doc, "file-unsafe"), words, "prolog %zu, parseMDS2", i);
        kaiji_document_free(doc);
        doc = new_doc("x.xml");
        cr_assert_eq(kaiji_ss2003_workbook(&wb, doc, ss, strlen(ss), NULL), KAIJI_OK);
        cr_expect_null(wb);
        cr_expect_str_eq(refusal(doc, "file-unsafe"), words, "prolog %zu, SpreadsheetML", i);
        kaiji_document_free(doc);
        doc = new_doc("x.xml");
        cr_assert_eq(kaiji_gate_xml(&text, &len, doc, (const unsigned char *)kx, strlen(kx)),
                     KAIJI_OK);
        cr_expect_null(text);
        cr_expect_str_eq(refusal(doc, "file-unsafe"), words, "prolog %zu, the gate", i);
        kaiji_document_free(doc);
        free(kx);
        free(mds2);
        free(ss);
    }
}

Test(gate, a_dtd_in_a_workbook_part_is_refused_in_the_words_naming_the_part)
{
    xf_book b = {0};
    size_t len;
    unsigned char *x;
    kaiji_document *doc = NULL;
    char words[KAIJI_GATE_WHY];

    b.raw = 1;
    b.sheet_count = 1;
    b.bodies[0] = XML_DECL "<!DOCTYPE worksheet [<!ENTITY a \"b\">]>"
                  "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                  "<sheetData/></worksheet>";
    x = xf_book_bytes(&b, &len);
    cr_assert_eq(kaiji_read_memory(&doc, x, len, "x.xlsx", NULL), KAIJI_OK);
    kaiji_gate_dtd_why(words, "xl/worksheets/sheet1.xml");
    cr_expect_str_eq(refusal(doc, "file-unsafe"), words);
    kaiji_document_free(doc);
    free(x);
}

Test(gate, the_words_of_a_dtd_refusal_are_cut_short_within_their_room)
{
    char part[2000], words[KAIJI_GATE_WHY + 8];

    memset(part, 'p', sizeof part - 1);
    part[sizeof part - 1] = '\0';
    memset(words, 'X', sizeof words);
    kaiji_gate_dtd_why(words, part);
    cr_expect_eq(strlen(words), KAIJI_GATE_WHY - 1);
    cr_expect_eq(words[KAIJI_GATE_WHY], 'X', "written past its room");
}

Test(gate, a_tag_of_too_many_attributes_is_unsafe)
{
    char attrs[KAIJI_XML_MAX_ATTRIBUTES * 12 + 32] = "";
    size_t n = 0;

    for (unsigned i = 0; i <= KAIJI_XML_MAX_ATTRIBUTES; i++)
        n += (size_t)snprintf(attrs + n, sizeof attrs - n, " a%u=\"1\"", i);
    char *xml = xml_with("", "x", attrs, ""), *text = NULL;
    kaiji_document *doc = new_doc("x.xml");
    size_t len;

    cr_assert_eq(kaiji_gate_xml(&text, &len, doc, (const unsigned char *)xml, strlen(xml)),
                 KAIJI_OK);
    cr_expect_null(text);
    cr_expect(strstr(refusal(doc, "file-unsafe"), "attributes"));
    kaiji_document_free(doc);
    free(xml);
}

Test(gate, an_xml_text_longer_than_libxml2_takes_is_too_large)
{
    size_t len = (size_t)INT_MAX + 1;
    char *big = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
    kaiji_document *doc = new_doc("big.xml");
    const char *p;
    int rc = -1;

    cr_assert_neq(big, MAP_FAILED, "no room to map 2 GiB of address space");
    memcpy(big, "<a>", 3);
    p = big;
    cr_assert_not(kaiji_gate_xml_text(doc, &p, &len, &rc));
    cr_expect_eq(rc, KAIJI_OK);
    refusal(doc, "file-too-large");
    kaiji_document_free(doc);
    munmap(big, (size_t)INT_MAX + 1);
}
