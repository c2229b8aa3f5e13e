/*
 * tests/test_mds2_xml.c - the XML the parseMDS2 tool writes for an MDS2 form.
 */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parser/readers.h"
#include "support/support.h"

static kaiji_document *read_mds2(const char *xml)
{
    kaiji_document *doc = kaiji_document_new("mds2.xml");
    cr_assert_not_null(doc);
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    cr_assert_eq(kaiji_read_mds2_xml(doc, xml, strlen(xml), &lim), KAIJI_OK);
    return doc;
}

static const kaiji_item *item(const kaiji_document *doc, const char *id)
{
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++)
        if (strcmp(kaiji_item_id(kaiji_document_item(doc, i)), id) == 0)
            return kaiji_document_item(doc, i);
    cr_assert_fail("no item %s", id);
    return NULL;
}

static void expect_date(kaiji_date d, int y, int m, int day)
{
    cr_expect(d.year == y && d.month == m && d.day == day, "date %04d-%02d-%02d, expected %04d-%02d-%02d",
              d.year, d.month, d.day, y, m, day);
}

/* As parseMDS2 writes it (abridged). */
static const char *const TOOL_OUTPUT =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                     /* 1 */
    "<mds2>\n"                                                                         /* 2 */
    "  <sections>\n"                                                                   /* 3 */
    "    <section name=\"Document\">\n"                                                /* 4 */
    "      <questions>\n"                                                              /* 5 */
    "        <questionID id=\"DOC-1\">\n"                                              /* 6 */
    "          <question>Manufacturer Name </question>\n"
    "          <response>Example Medical Devices Inc.</response>\n"
    "          <note></note>\n"
    "        </questionID>\n"                                                          /* 10 */
    "        <questionID id=\"DOC-2\"><question>Device Description</question><response>Infusion pump</response><note/></questionID>\n" /* 11 */
    "        <questionID id=\"DOC-3\"><question>Device Model</question><response>IP-300</response><note/></questionID>\n"
    "        <questionID id=\"DOC-4\"><question>Document ID</question><response>MDS2-IP300-01</response><note/></questionID>\n"
    "        <questionID id=\"DOC-5\"><question>Manufacturer Contact Information</question><response>security@example.com</response><note/></questionID>\n"
    "        <questionID id=\"DOC-7\"><question>Document Release Date</question><response>2024-03-31</response><note/></questionID>\n" /* 15 */
    "      </questions>\n"
    "    </section>\n"
    "    <section name=\"AUTHENTICATION AUTHORIZATION (AUTH)\">\n"
    "      <questions>\n"
    "        <questionID id=\"AUTH-1\"><question>Does the device configuration support authentication?</question><response>Yes</response><note/></questionID>\n" /* 20 */
    "        <questionID id=\"AUTH-1.1\"><question>Can the device be configured?</question><response>No</response><note>Only in service mode</note></questionID>\n"
    "        <questionID id=\"AUTH-2\"><question>Role-based access?</question><response>N/A</response><note/></questionID>\n"
    "        <questionID id=\"AUTH-3\"><question>Password policy?</question><response>See Notes</response><note>Note 1: 8 characters</note></questionID>\n"
    "        <questionID id=\"AUTH-4\"><question>Lockout?</question><response></response><note/></questionID>\n"
    "        <questionID id=\"AUTH-5\"><question>Optional feature?</question><response>Yes,optional</response><note/></questionID>\n" /* 25 */
    "        <questionID id=\"AUTH-6\"><question>Something</question><response>Perhaps</response><note/></questionID>\n"
    "      </questions>\n"
    "    </section>\n"
    "  </sections>\n"
    "</mds2>\n";

Test(mds2_xml, tool_output_gives_an_mds2_document)
{
    kaiji_document *doc = read_mds2(TOOL_OUTPUT);
    cr_assert(kaiji_document_readable(doc));
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_MDS2);
    cr_expect_eq(kaiji_document_format(doc), KAIJI_FORMAT_MDS2_XML);
    cr_expect_str_eq(kaiji_document_form_version(doc), "HN 1-2019");
    cr_expect_eq(kaiji_document_item_count(doc), 13, "DOC questions stay items");
    kaiji_document_free(doc);
}

Test(mds2_xml, doc_questions_are_the_header)
{
    kaiji_document *doc = read_mds2(TOOL_OUTPUT);
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_VENDOR), "Example Medical Devices Inc.");
    cr_expect_str_eq(kaiji_document_field_location(doc, KAIJI_FIELD_VENDOR), "line 6");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_PRODUCT), "Infusion pump");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_PRODUCT_VERSION), "IP-300");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_CONTACT), "security@example.com");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_DOCUMENT_DATE), "2024-03-31");
    cr_expect_str_eq(kaiji_document_field_location(doc, KAIJI_FIELD_DOCUMENT_DATE), "line 15");
    expect_date(kaiji_document_date(doc), 2024, 3, 31);
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_CONTRACT), "");
    kaiji_document_free(doc);
}

Test(mds2_xml, answers_are_normalised_with_raw_text_kept)
{
    kaiji_document *doc = read_mds2(TOOL_OUTPUT);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-1")), KAIJI_ANSWER_YES);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-1.1")), KAIJI_ANSWER_NO);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-2")), KAIJI_ANSWER_NA);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-3")), KAIJI_ANSWER_SEE_NOTE);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-4")), KAIJI_ANSWER_BLANK);
    cr_expect_eq(kaiji_item_answer(item(doc, "AUTH-6")), KAIJI_ANSWER_INVALID);
    cr_expect_str_eq(kaiji_item_answer_text(item(doc, "AUTH-6")), "Perhaps");
    const kaiji_item *opt = item(doc, "AUTH-5");
    cr_expect_eq(kaiji_item_answer(opt), KAIJI_ANSWER_YES);
    cr_expect_str_eq(kaiji_item_answer_text(opt), "Yes,optional");
    cr_expect_str_eq(kaiji_item_answer_comment(opt), "optional");
    kaiji_document_free(doc);
}

Test(mds2_xml, items_carry_section_question_note_and_line)
{
    kaiji_document *doc = read_mds2(TOOL_OUTPUT);
    const kaiji_item *doc1 = item(doc, "DOC-1");
    cr_expect_str_eq(kaiji_item_section(doc1), "Document");
    cr_expect_str_eq(kaiji_item_question(doc1), "Manufacturer Name", "trailing space trimmed");
    cr_expect_str_eq(kaiji_item_location(doc1), "line 6");
    const kaiji_item *a11 = item(doc, "AUTH-1.1");
    cr_expect_str_eq(kaiji_item_section(a11), "AUTHENTICATION AUTHORIZATION (AUTH)");
    cr_expect_str_eq(kaiji_item_remarks(a11), "Only in service mode");
    cr_expect_str_eq(kaiji_item_location(a11), "line 21");
    cr_expect_str_eq(kaiji_item_remarks(item(doc, "AUTH-3")), "Note 1: 8 characters");
    kaiji_document_free(doc);
}

Test(mds2_xml, element_order_case_whitespace_and_extra_elements_do_not_matter)
{
    kaiji_document *doc = read_mds2(
        "<?xml version=\"1.0\"?>\n"
        "<MDS2 tool=\"parseMDS2\">\n"
        " <generated>2024-04-01</generated>\n"
        " <Sections><Section Name=\"  CONN  \"><Questions>\n"
        "  <QuestionID ID=\"  CONN-4 \">\n"
        "    <Note>  see manual  </Note>\n"
        "    <Reference>IEC TR 80001-2-2</Reference>\n"
        "    <Response>\n      No\n    </Response>\n"
        "    <Question><![CDATA[Does the device <connect>?]]></Question>\n"
        "  </QuestionID>\n"
        "  <questionID id=\"CONN-5\"/>\n"
        " </Questions></Section></Sections>\n"
        "</MDS2>\n");
    cr_assert(kaiji_document_readable(doc));
    cr_assert_eq(kaiji_document_item_count(doc), 2);
    const kaiji_item *c4 = item(doc, "CONN-4");
    cr_expect_eq(kaiji_item_answer(c4), KAIJI_ANSWER_NO);
    cr_expect_str_eq(kaiji_item_question(c4), "Does the device <connect>?");
    cr_expect_str_eq(kaiji_item_remarks(c4), "see manual");
    cr_expect_str_eq(kaiji_item_section(c4), "CONN");
    cr_expect_str_eq(kaiji_item_location(c4), "line 5");
    const kaiji_item *c5 = item(doc, "CONN-5");
    cr_expect_eq(kaiji_item_answer(c5), KAIJI_ANSWER_BLANK);
    cr_expect_str_eq(kaiji_item_section(c5), "CONN");
    kaiji_document_free(doc);
}

Test(mds2_xml, several_notes_are_joined)
{
    kaiji_document *doc = read_mds2(
        "<mds2><sections><section name=\"S\"><questions>"
        "<questionID id=\"SAHD-1\"><response>Yes</response><note>first</note><note>second</note></questionID>"
        "</questions></section></sections></mds2>");
    cr_expect_str_eq(kaiji_item_remarks(item(doc, "SAHD-1")), "first\nsecond");
    kaiji_document_free(doc);
}

Test(mds2_xml, items_outside_a_section_have_no_section)
{
    kaiji_document *doc = read_mds2(
        "<mds2><sections><section name=\"A\"><questions></questions></section>"
        "<questions><questionID id=\"OTHR-1\"><response>free text</response></questionID></questions>"
        "</sections></mds2>");
    cr_expect_str_eq(kaiji_item_section(item(doc, "OTHR-1")), "");
    kaiji_document_free(doc);
}

typedef struct date_case {
    const char *text;
    int y, m, d;
} date_case;

Test(mds2_xml, release_date_is_text_or_an_excel_serial)
{
    static const date_case cases[] = {
        {"43831", 2020, 1, 1},
        {"45382", 2024, 3, 31},
        {"45382.5", 2024, 3, 31},
        {"2024/3/31", 2024, 3, 31},
        {"令和6年3月31日", 2024, 3, 31},
        {"sometime in spring", 0, 0, 0},
        {"-5", 0, 0, 0},
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<mds2><sections><section name=\"Document\"><questions>"
                 "<questionID id=\"DOC-7\"><question>Document Release Date</question>"
                 "<response>%s</response></questionID>"
                 "</questions></section></sections></mds2>", cases[i].text);
        kaiji_document *doc = read_mds2(xml);
        kaiji_date d = kaiji_document_date(doc);
        cr_expect(d.year == cases[i].y && d.month == cases[i].m && d.day == cases[i].d,
                  "\"%s\" gave %04d-%02d-%02d", cases[i].text, d.year, d.month, d.day);
        cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_DOCUMENT_DATE), cases[i].text,
                         "the raw text is the field");
        kaiji_document_free(doc);
    }
}

Test(mds2_xml, edition_comes_from_a_version_attribute)
{
    kaiji_document *doc = read_mds2("<mds2 version=\"HN 1-2013\"><sections/></mds2>");
    cr_expect_str_eq(kaiji_document_form_version(doc), "HN 1-2013");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_FORM_VERSION), "HN 1-2013");
    kaiji_document_free(doc);
}

Test(mds2_xml, edition_comes_from_a_standard_element)
{
    kaiji_document *doc = read_mds2(
        "<mds2>\n<title>MDS2</title>\n<standard>ANSI/NEMA HN 1-2013</standard><sections/></mds2>");
    cr_expect_str_eq(kaiji_document_form_version(doc), "HN 1-2013");
    cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_FORM_VERSION), "ANSI/NEMA HN 1-2013");
    cr_expect_str_eq(kaiji_document_field_location(doc, KAIJI_FIELD_FORM_VERSION), "line 3");
    kaiji_document_free(doc);
}

Test(mds2_xml, edition_comes_from_a_mention_in_the_text)
{
    kaiji_document *doc = read_mds2(
        "<mds2><title>Manufacturer Disclosure Statement for Medical Device Security "
        "(ANSI/NEMA HN 1-2013)</title><sections/></mds2>");
    cr_expect_str_eq(kaiji_document_form_version(doc), "HN 1-2013");
    kaiji_document_free(doc);
}

Test(mds2_xml, edition_defaults_to_hn_1_2019)
{
    kaiji_document *doc = read_mds2("<mds2 version=\"1.0\"><sections/></mds2>");
    cr_expect_str_eq(kaiji_document_form_version(doc), "HN 1-2019");
    cr_expect_eq(kaiji_document_kind(doc), KAIJI_KIND_MDS2);
    kaiji_document_free(doc);
}

Test(mds2_xml, broken_xml_is_corrupt_with_its_line)
{
    kaiji_document *doc = read_mds2(
        "<mds2>\n<sections>\n<section name=\"A\">\n"
        "<questions><questionID id=\"A-1\"><response>Yes</questionID>\n"
        "</questions></section></sections></mds2>\n");
    const char *message = t_expect_refused(doc, "file-corrupt", 0, NULL);
    cr_expect(strstr(message, "line 4") != NULL, "%s", message);
    cr_expect_eq(kaiji_document_item_count(doc), 0);
    kaiji_document_free(doc);
}

Test(mds2_xml, a_dtd_is_unsafe)
{
    kaiji_document *doc = read_mds2(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE mds2 [<!ENTITY x \"xx\">]>\n<mds2>&x;</mds2>\n");
    t_expect_refused(doc, "file-unsafe", 0, NULL);
    kaiji_document_free(doc);
}

Test(mds2_xml, every_truncation_is_read_or_refused_without_crashing)
{
    size_t len = strlen(TOOL_OUTPUT);
    for (size_t cut = 0; cut < len; cut += 7) {
        char *part = malloc(cut + 1);
        memcpy(part, TOOL_OUTPUT, cut);
        part[cut] = '\0';
        kaiji_document *doc = kaiji_document_new("cut.xml");
        kaiji_limits lim;
        kaiji_limits_init(&lim);
        cr_assert_eq(kaiji_read_mds2_xml(doc, part, cut, &lim), KAIJI_OK);
        cr_expect(!kaiji_document_readable(doc), "cut at %zu read as whole", cut);
        kaiji_document_free(doc);
        free(part);
    }
}

/* text in the named encoding, malloc'd (glibc iconv). */
static char *encode(const char *utf8, const char *encoding, size_t *out_len)
{
    t_skip_on_windows("the test writes its files in legacy encodings with iconv from UTF-8, "
                      "and kaiji's iconv on Windows converts to UTF-8 only");
    iconv_t cd = iconv_open(encoding, "UTF-8");
    cr_assert(cd != (iconv_t)-1);
    size_t in_left = strlen(utf8), cap = in_left * 2 + 16, out_left = cap;
    char *out = malloc(cap), *in = (char *)utf8, *o = out;
    cr_assert_neq(iconv(cd, &in, &in_left, &o, &out_left), (size_t)-1);
    iconv_close(cd);
    *out_len = cap - out_left;
    return out;
}

Test(mds2_xml, shift_jis_and_euc_jp_files_are_read_through_kaiji_read_memory)
{
    static const char *const encodings[] = {"Shift_JIS", "EUC-JP"};
    for (size_t e = 0; e < 2; e++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
                 "<mds2><sections><section name=\"文書\"><questions>\n"
                 "<questionID id=\"DOC-1\"><question>製造業者名</question><response>株式会社テスト医療</response></questionID>\n"
                 "<questionID id=\"AUTH-1\"><question>認証</question><response>Yes</response><note>オプション</note></questionID>\n"
                 "</questions></section></sections></mds2>\n", encodings[e]);
        size_t len;
        char *bytes = encode(text, encodings[e], &len);
        kaiji_document *doc = NULL;
        cr_assert_eq(kaiji_read_memory(&doc, bytes, len, "sjis.xml", NULL), KAIJI_OK);
        cr_assert(kaiji_document_readable(doc), "%s: %s", encodings[e],
                  kaiji_finding_message(kaiji_document_finding(doc, 0)));
        cr_expect_eq(kaiji_document_format(doc), KAIJI_FORMAT_MDS2_XML);
        cr_expect_str_eq(kaiji_document_field(doc, KAIJI_FIELD_VENDOR), "株式会社テスト医療");
        cr_expect_str_eq(kaiji_item_section(item(doc, "AUTH-1")), "文書");
        cr_expect_str_eq(kaiji_item_remarks(item(doc, "AUTH-1")), "オプション");
        kaiji_document_free(doc);
        free(bytes);
    }
}

Test(mds2_xml, converting_to_the_exchange_format_round_trips)
{
    kaiji_document *doc = read_mds2(TOOL_OUTPUT);
    char *json = NULL;
    cr_assert_eq(kaiji_export_json(&json, doc), KAIJI_OK);
    kaiji_document *back = NULL;
    cr_assert_eq(kaiji_read_memory(&back, json, strlen(json), "mds2.json", NULL), KAIJI_OK);
    cr_assert(kaiji_document_readable(back));
    cr_expect_str_eq(kaiji_document_form_version(back), "HN 1-2019");
    cr_expect_eq(kaiji_document_item_count(back), kaiji_document_item_count(doc));
    cr_expect_str_eq(kaiji_item_location(item(back, "AUTH-1.1")), "line 21",
                     "locations keep pointing into the original");
    expect_date(kaiji_document_date(back), 2024, 3, 31);
    free(json);
    kaiji_document_free(doc);
    kaiji_document_free(back);
}
