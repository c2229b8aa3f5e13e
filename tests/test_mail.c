/*
 * tests/test_mail.c - the reminder e-mails: what a message says and how it
 * is built (RFC 5322 / MIME / RFC 2047), the .eml file, and sending it to
 * the test SMTP server over STARTTLS and over smtps, with credentials from a
 * netrc file or the environment; plain SMTP refused.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kaiji.h"
#include "mail/mail.h"
#include "support/mail.h"
#include "support/support.h"
#include "text/text.h"

#define PASSWORD "s3cret-Pa55word"

/* Two contracts owed (one overdue, one with an invalid checklist) and one
 * complete, for one vendor. */
static const kaiji_mail_finding checklist_findings[] = {
    {KAIJI_SEVERITY_ERROR, "no-without-target-date", "2⑤",
     "item 2⑤ says いいえ but gives no 目標日 (target date)"},
    {KAIJI_SEVERITY_WARNING, "na-without-reason", "2③", ""},
    {KAIJI_SEVERITY_INFO, "item-text-changed", "1①", "item 1① is worded differently"},
};
static const kaiji_mail_document docs_c1[] = {
    {"mds", KAIJI_MAIL_DOC_MISSING, "", "", NULL, 0},
    {"checklist", KAIJI_MAIL_DOC_OK, "C-001_checklist.xlsx", "R7", NULL, 0},
};
static const kaiji_mail_document docs_c2[] = {
    {"checklist", KAIJI_MAIL_DOC_INVALID, "vendor-r7.xlsx", "R7", checklist_findings, 3},
};
static const kaiji_mail_document docs_c3[] = {
    {"sds", KAIJI_MAIL_DOC_OK, "sds.xlsx", "5.0", NULL, 0},
};
static const kaiji_mail_contract contracts[] = {
    {"C-001", "電子カルテシステム", "MediChart 7", KAIJI_MAIL_CONTRACT_OVERDUE, {2026, 10, 31}, docs_c1, 2, NULL, {0, 0, 0}},
    {"C-002", "PACS", "", KAIJI_MAIL_CONTRACT_INVALID, {2026, 12, 15}, docs_c2, 1, NULL, {0, 0, 0}},
    {"C-003", "検査システム", "", KAIJI_MAIL_CONTRACT_SETTLED, {0, 0, 0}, docs_c3, 1, NULL, {0, 0, 0}},
};
static const kaiji_mail_vendor vendor = {"メディカルシステムズ株式会社", "support@medical.example",
                                         contracts, 3};

static kaiji_mail_options options(void)
{
    kaiji_mail_options o = {0};
    o.from = "Kaiji Hospital <it@hospital.example>";
    o.organization = "架空総合病院 情報システム室";
    o.signer = "山田 太郎";
    o.as_of = (kaiji_date){2026, 11, 26};
    o.reply_by = (kaiji_date){2026, 12, 10};
    o.now = 1795651200; /* 2026-11-26T00:00:00Z */
    return o;
}

static kaiji_mail_message *compose(void)
{
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &vendor, &o), KAIJI_OK);
    cr_assert_not_null(m);
    return m;
}

static char *header(const kaiji_mail_message *m, const char *name)
{
    char *v = t_mail_header(m->data, name);
    cr_assert_not_null(v, "no %s header", name);
    return v;
}

Test(mail_compose, headers_are_those_of_rfc_5322_and_mime)
{
    setenv("TZ", "JST-9", 1); /* a POSIX zone: no tzdata needed */
    tzset();
    kaiji_mail_message *m = compose();
    static const char *const names[] = {"Date", "Message-ID", "From", "To", "Subject",
                                        "MIME-Version", "Content-Type",
                                        "Content-Transfer-Encoding"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        free(header(m, names[i]));
    char *date = header(m, "Date");
    cr_expect_str_eq(date, "Thu, 26 Nov 2026 09:00:00 +0900", "local time in Japan");
    char *ct = header(m, "Content-Type");
    cr_expect_str_eq(ct, "text/plain; charset=UTF-8");
    char *cte = header(m, "Content-Transfer-Encoding");
    cr_expect_str_eq(cte, "base64");
    char *id = header(m, "Message-ID");
    cr_expect_str_eq(id, m->message_id);
    cr_expect(id[0] == '<' && id[strlen(id) - 1] == '>' && strstr(id, "@hospital.example>"));
    free(date);
    free(ct);
    free(cte);
    free(id);
    kaiji_mail_message_free(m);
}

Test(mail_compose, subject_is_encoded_and_decodes_to_the_japanese_text)
{
    kaiji_mail_message *m = compose();
    char *raw = header(m, "Subject");
    cr_expect(strncmp(raw, "=?UTF-8?B?", 10) == 0, "subject not encoded: %s", raw);
    for (const char *p = raw; *p; p++)
        cr_assert((unsigned char)*p < 0x80, "raw 8-bit byte in the Subject header");
    char *subject = t_mail_decode_words(raw);
    cr_expect_str_eq(subject, m->subject);
    cr_expect(strstr(subject, "【ご提出のお願い】医療情報セキュリティ開示書・チェックリストについて"));
    cr_expect(strstr(subject, "Reminder"));
    free(subject);
    free(raw);
    kaiji_mail_message_free(m);
}

Test(mail_compose, from_and_to_carry_names_and_addresses)
{
    kaiji_mail_message *m = compose();
    char *from = header(m, "From"), *to = header(m, "To");
    char *from_d = t_mail_decode_words(from), *to_d = t_mail_decode_words(to);
    cr_expect_str_eq(from_d, "Kaiji Hospital <it@hospital.example>");
    cr_expect_str_eq(to_d, "メディカルシステムズ株式会社 <support@medical.example>");
    cr_expect_str_eq(m->from_addr, "it@hospital.example");
    cr_assert_eq(m->rcpt_count, 1);
    cr_expect_str_eq(m->rcpt[0], "support@medical.example");
    free(from);
    free(to);
    free(from_d);
    free(to_d);
    kaiji_mail_message_free(m);
}

Test(mail_compose, every_line_ends_in_crlf_and_is_short)
{
    kaiji_mail_message *m = compose();
    cr_expect_eq(strlen(m->data), m->size);
    cr_expect(t_mail_lines_ok(m->data, 78), "a bare CR/LF or a line over 78 characters");
    kaiji_mail_message_free(m);
}

Test(mail_compose, body_decodes_to_the_utf8_text_with_crlf)
{
    kaiji_mail_message *m = compose();
    char *body = t_mail_body(m->data);
    cr_assert_not_null(body, "the body is not base64");
    cr_expect(kaiji_text_utf8_valid(body, strlen(body)), "body is not UTF-8");
    /* The decoded body is the text with CRLF line ends. */
    size_t n = 0;
    for (const char *p = m->body; *p; p++)
        n += *p == '\n' ? 2 : 1;
    cr_expect_eq(strlen(body), n);
    cr_expect(strstr(body, "いつもお世話になっております。\r\n"));
    free(body);
    kaiji_mail_message_free(m);
}

Test(mail_compose, body_greets_the_vendor_and_closes_politely)
{
    kaiji_mail_message *m = compose();
    const char *b = m->body;
    cr_expect(strncmp(b, "メディカルシステムズ株式会社\nご担当者様\n", strlen("メディカルシステムズ株式会社\nご担当者様\n")) == 0,
              "宛名 missing: %.80s", b);
    cr_expect(strstr(b, "架空総合病院 情報システム室の山田 太郎でございます。"));
    cr_expect(strstr(b, "\n記\n"));
    cr_expect(strstr(b, "\n以上\n"));
    cr_expect(strstr(b, "ご提出期限: 2026年12月10日"));
    cr_expect(strstr(b, "よろしくお願い申し上げます。"));
    cr_expect(strstr(b, "Dear メディカルシステムズ株式会社,"));
    cr_expect(strstr(b, "Please send them by 10 December 2026."));
    cr_expect(strstr(b, "--\n架空総合病院 情報システム室\n山田 太郎\nit@hospital.example\n"));
    /* Japanese first, English after. */
    cr_expect(strstr(b, "以上") < strstr(b, "English"));
    kaiji_mail_message_free(m);
}

Test(mail_compose, one_mail_groups_the_contracts_the_vendor_owes)
{
    kaiji_mail_message *m = compose();
    const char *b = m->body;
    cr_expect(strstr(b, "■ 契約番号: C-001"));
    cr_expect(strstr(b, "■ 契約番号: C-002"));
    cr_expect(strstr(b, "* Contract C-001"));
    cr_expect(strstr(b, "* Contract C-002"));
    cr_expect_null(strstr(b, "C-003"), "a complete contract is mentioned");
    cr_expect(strstr(b, "対象: 電子カルテシステム（製品: MediChart 7）"));
    cr_expect(strstr(b, "回答期限（2026年10月31日）を過ぎておりますが、まだ受領できておりません"));
    cr_expect(strstr(b, "overdue (was due 31 October 2026): not received yet"));
    cr_expect(strstr(b, "・MDS（製造業者による医療情報セキュリティ開示書）: 未受領です"));
    /* The valid checklist of C-001 is not asked for again. */
    cr_expect_null(strstr(b, "C-001_checklist.xlsx"));
    kaiji_mail_message_free(m);
}

Test(mail_compose, findings_are_told_in_words_a_vendor_can_act_on)
{
    kaiji_mail_message *m = compose();
    const char *b = m->body;
    cr_expect(strstr(b, "（受領ファイル: vendor-r7.xlsx、版: R7）"));
    cr_expect(strstr(b, "- 項目 2⑤ が「いいえ」ですが目標日が記入されていません\n"));
    cr_expect(strstr(b, "- 項目 2③ が「対象外」ですが、備考に理由が記入されていません\n"));
    cr_expect(strstr(b, "- item 2⑤ is answered No but has no target date\n"));
    cr_expect(strstr(b, "- item 2③ is answered Not applicable but gives no reason"));
    cr_expect_null(strstr(b, "no-without-target-date"), "a bare finding code");
    cr_expect_null(strstr(b, "1①"), "an INFO finding is mentioned");
    kaiji_mail_message_free(m);
}

Test(mail_compose, an_outdated_document_is_said_once_and_to_the_vendor)
{
    kaiji_mail_finding f[] = {
        {KAIJI_SEVERITY_WARNING, "outdated-form-version", "",
         "form version 4.1 was made for guideline 5.2, not 6.0: ask the vendor for the current "
         "form (Ver.5.0)"},
    };
    kaiji_mail_document d[] = {
        {"mds", KAIJI_MAIL_DOC_OUTDATED, "mds.xlsx", "4.1", f, 1},
        {"sds", KAIJI_MAIL_DOC_INVALID, "sds.xlsx", "4.1", f, 1},
    };
    kaiji_mail_contract c = {"C-8", "X", "", KAIJI_MAIL_CONTRACT_INVALID, {0, 0, 0}, d, 2, NULL, {0, 0, 0}};
    kaiji_mail_vendor v = {"V社", "v@v.example", &c, 1};
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    cr_expect(strstr(m->body, "（受領ファイル: mds.xlsx、版: 4.1）: 旧版の様式です。"), "%s", m->body);
    cr_expect_null(strstr(m->body, "ask the vendor"), "a message meant for the hospital: %s",
                   m->body);
    /* Said once for the outdated MDS (its line), once for the SDS (a finding). */
    const char *p = m->body;
    int n = 0;
    while ((p = strstr(p, "旧版の様式でご提出いただいております")) != NULL) {
        n++;
        p++;
    }
    cr_expect_eq(n, 1);
    cr_expect(strstr(m->body, "- the form is an outdated edition; please use the current one"));
    kaiji_mail_message_free(m);
}

Test(mail_compose, many_findings_are_cut_and_counted)
{
    kaiji_mail_finding many[30];
    char items[30][16];
    for (int i = 0; i < 30; i++) {
        snprintf(items[i], sizeof items[i], "4-%d", i + 1);
        many[i] = (kaiji_mail_finding){KAIJI_SEVERITY_ERROR, "missing-answer", items[i], ""};
    }
    kaiji_mail_document d = {"mds", KAIJI_MAIL_DOC_INVALID, "mds.xlsx", "5.0", many, 30};
    kaiji_mail_contract c = {"C-9", "X", "", KAIJI_MAIL_CONTRACT_INVALID, {0, 0, 0}, &d, 1, NULL, {0, 0, 0}};
    kaiji_mail_vendor v = {"V社", "v@v.example", &c, 1};
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    cr_expect(strstr(m->body, "項目 4-20 に回答が記入されていません"));
    cr_expect_null(strstr(m->body, "項目 4-21 "));
    cr_expect(strstr(m->body, "ほか 10 件"));
    cr_expect(strstr(m->body, "and 10 more"));
    kaiji_mail_message_free(m);
}

Test(mail_compose, a_vendor_that_owes_nothing_gets_no_mail)
{
    kaiji_mail_vendor v = {"V", "v@v.example", &contracts[2], 1};
    kaiji_mail_options o = options();
    kaiji_mail_message *m = (kaiji_mail_message *)1;
    cr_expect(!kaiji_mail_vendor_owes(&v));
    cr_expect_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_ERROR_INVALID);
    cr_expect_null(m);
}

Test(mail_compose, several_addresses_become_several_recipients)
{
    kaiji_mail_vendor v = vendor;
    v.email = "a@v.example; b@v.example,c@v.example";
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    cr_assert_eq(m->rcpt_count, 3);
    cr_expect_str_eq(m->rcpt[2], "c@v.example");
    char *to = header(m, "To");
    cr_expect(strstr(to, "<a@v.example>, <b@v.example>, <c@v.example>"), "%s", to);
    free(to);
    kaiji_mail_message_free(m);
}

/* Addresses from the register are hostile: nothing may add a header. */
Test(mail_compose, no_header_can_be_smuggled_in)
{
    static const char *const bad[] = {
        "a@v.example\r\nBcc: evil@x.example", "a@v.example\nBcc:evil@x.example",
        "Name <a@v.example>", "a@@v.example", "@v.example", "a@", "", "a b@v.example",
        "a@v..example", "あ@v.example",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kaiji_mail_vendor v = vendor;
        v.email = bad[i];
        kaiji_mail_options o = options();
        kaiji_mail_message *m = NULL;
        cr_expect_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_ERROR_INVALID, "accepted %s", bad[i]);
        kaiji_mail_message_free(m);
    }
    cr_expect(kaiji_mail_sender_valid("it@hospital.example"));
    cr_expect(kaiji_mail_sender_valid("\"架空総合病院\" <it@hospital.example>"));
    cr_expect(!kaiji_mail_sender_valid("Name <it@hospital.example> x"));
    cr_expect(!kaiji_mail_sender_valid("Name <it@hospital.example"));
    kaiji_mail_options o = options();
    o.from = "it@hospital.example\r\nBcc: evil@x.example";
    kaiji_mail_message *m = NULL;
    cr_expect_eq(kaiji_mail_compose(&m, &vendor, &o), KAIJI_ERROR_INVALID);

    /* A name with line breaks stays inside its encoded-word. */
    kaiji_mail_vendor v = vendor;
    v.name = "Evil\r\nBcc: evil@x.example";
    o = options();
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    cr_expect_null(t_mail_header(m->data, "Bcc"));
    cr_expect(t_mail_lines_ok(m->data, 78));
    kaiji_mail_message_free(m);
}

Test(mail_compose, a_long_vendor_name_is_folded)
{
    kaiji_mail_vendor v = vendor;
    v.name = "とてもとてもとてもとてもとてもとてもとてもとても長い名前の医療機器販売株式会社"
             "（東日本営業本部 第二営業部 医療情報システム課）";
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    cr_expect(t_mail_lines_ok(m->data, 78));
    char *to = header(m, "To");
    char *d = t_mail_decode_words(to);
    char want[512];
    snprintf(want, sizeof want, "%s <support@medical.example>", v.name);
    cr_expect_str_eq(d, want);
    free(to);
    free(d);
    kaiji_mail_message_free(m);
}

/* Python's email package, an independent parser, reads the same message. */
Test(mail_compose, python_email_parses_the_message)
{
    kaiji_mail_message *m = compose();
    const char *dir = t_tmpdir();
    char path[4096], cmd[8192];
    snprintf(path, sizeof path, "%s/m.eml", dir);
    t_spit(path, m->data, m->size);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import email, sys\n"
             "from email import policy\n"
             "m = email.message_from_binary_file(open(sys.argv[1], \"rb\"), policy=policy.strict)\n"
             "assert not m.defects, m.defects\n"
             "sys.stdout.buffer.write((m[\"subject\"] + \"\\n\" + m[\"to\"] + \"\\n\" + "
             "m.get_content().replace(\"\\r\\n\", \"\\n\")).encode())' '%s'",
             path);
    char *out = NULL;
    cr_assert_eq(t_run(cmd, &out), 0, "python could not parse the message");
    size_t wsize = strlen(m->subject) + strlen(m->body) + 256;
    char *want = malloc(wsize);
    cr_assert_not_null(want);
    snprintf(want, wsize, "%s\nメディカルシステムズ株式会社 <support@medical.example>\n%s", m->subject,
            m->body);
    cr_expect_str_eq(out, want);
    free(want);
    free(out);
    kaiji_mail_message_free(m);
}

Test(mail_compose, a_draft_opens_as_a_draft_with_no_date_or_message_id)
{
    kaiji_mail_options o = options();
    o.draft = true;
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &vendor, &o), KAIJI_OK);
    char *unsent = header(m, "X-Unsent");
    cr_expect_str_eq(unsent, "1");
    free(unsent);
    cr_expect_null(t_mail_header(m->data, "Date"), "a draft with a Date looks received");
    cr_expect_null(t_mail_header(m->data, "Message-ID"), "a draft with a Message-ID looks sent");
    cr_expect_null(m->message_id);
    char *from = header(m, "From");
    cr_expect(strstr(from, "<it@hospital.example>"), "%s", from);
    free(from);
    kaiji_mail_message_free(m);
    /* What is sent is no draft. */
    m = compose();
    cr_expect_null(t_mail_header(m->data, "X-Unsent"));
    kaiji_mail_message_free(m);
}

/* Each document type by the glossary's name, in both parts. */
Test(mail_compose, each_document_type_is_named_as_the_glossary_names_it)
{
    static const struct {
        const char *type, *ja, *en;
    } cases[] = {
        {"mds", "・MDS（製造業者による医療情報セキュリティ開示書）", "- MDS (manufacturer's"},
        {"sds", "・SDS（サービス事業者による医療情報セキュリティ開示書）",
         "- SDS (service provider's"},
        {"checklist", "・サイバーセキュリティ対策チェックリスト（事業者確認用）",
         "- MHLW cybersecurity checklist for medical institutions, vendor sheet"},
        {"mds2", "・MDS2（NEMA/HIMSS）",
         "- MDS2 (NEMA/HIMSS Manufacturer Disclosure Statement for Medical Device Security)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_mail_document d = {cases[i].type, KAIJI_MAIL_DOC_INVALID, "x.xlsx", "", NULL, 0};
        kaiji_mail_contract c = {"C-9", "", "", KAIJI_MAIL_CONTRACT_INVALID, {0, 0, 0}, &d, 1, NULL, {0, 0, 0}};
        kaiji_mail_vendor v = {"V", "v@vendor.example", &c, 1};
        kaiji_mail_options o = options();
        kaiji_mail_message *m = NULL;
        cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
        cr_expect(strstr(m->body, cases[i].ja), "%s: no %s in\n%s", cases[i].type, cases[i].ja,
                  m->body);
        cr_expect(strstr(m->body, cases[i].en), "%s: no %s", cases[i].type, cases[i].en);
        if (strcmp(cases[i].type, "mds2") == 0)
            cr_expect_null(strstr(m->body, "MDS2 (NEMA/HIMSS Manufacturer Disclosure Statement for "
                                           "Medical Device Security, JAHIS"),
                           "an MDS2 is no JAHIS/JIRA form");
        kaiji_mail_message_free(m);
    }
}

/* The English part, names and item numbers aside, holds no Japanese: not
 * even from a finding message stored by a run in Japanese. */
Test(mail_compose, the_english_part_is_english_throughout)
{
    kaiji_mail_finding f[] = {
        {KAIJI_SEVERITY_ERROR, "no-without-target-date", "2⑤", "項目 2⑤ が「いいえ」ですが目標日がありません"},
        {KAIJI_SEVERITY_ERROR, "some-new-check", "3①", "項目 3① の記入が誤っています"},
        {KAIJI_SEVERITY_WARNING, "another-check", "", "書類の日付が不明です"},
        {KAIJI_SEVERITY_WARNING, "na-without-reason", "2③", ""},
    };
    kaiji_mail_document d[] = {
        {"checklist", KAIJI_MAIL_DOC_INVALID, "r7.xlsx", "R7", f, 4},
        {"mds", KAIJI_MAIL_DOC_MISSING, "", "", NULL, 0},
        {"sds", KAIJI_MAIL_DOC_OUTDATED, "sds.xlsx", "4.1", NULL, 0},
    };
    kaiji_mail_contract c = {"C-1", "PACS", "", KAIJI_MAIL_CONTRACT_OVERDUE, {2026, 10, 31}, d, 3, NULL, {0, 0, 0}};
    kaiji_mail_vendor v = {"Vendor Inc.", "v@vendor.example", &c, 1};
    kaiji_mail_options o = options();
    o.organization = "Kaiji Hospital";
    o.signer = "IT desk";
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    const char *en = strstr(m->body, "\nEnglish\n");
    cr_assert_not_null(en);
    for (const unsigned char *p = (const unsigned char *)en; *p; p++) {
        /* ② and friends (U+2460..) are item numbers; kana and kanji start
         * with E3..E9, full-width forms with EF BC / EF BD. */
        bool japanese = (*p >= 0xE3 && *p <= 0xE9) || (*p == 0xEF && (p[1] == 0xBC || p[1] == 0xBD));
        cr_expect(!japanese, "Japanese in the English part at: %.60s", (const char *)p);
        if (japanese)
            break;
    }
    cr_expect(strstr(en, "item 3① needs correcting (check: some-new-check)"), "%s", en);
    cr_expect(strstr(en, "the document needs correcting (check: another-check)"), "%s", en);
    kaiji_mail_message_free(m);
}

Test(mail_eml, the_file_holds_exactly_the_message)
{
    kaiji_mail_message *m = compose();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/reminders", t_tmpdir());
    char *path = NULL;
    cr_assert_eq(kaiji_mail_write_eml(&path, m, dir, (kaiji_date){2026, 11, 26}), KAIJI_OK);
    char want[4200];
    snprintf(want, sizeof want, "%s/2026-11-26_support@medical.example.eml", dir);
    cr_expect_str_eq(path, want);
    size_t len;
    char *data = t_slurp(path, &len);
    cr_expect_eq(len, m->size);
    cr_expect(memcmp(data, m->data, len) == 0);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0600);
    free(data);
    free(path);
    kaiji_mail_message_free(m);
}

Test(mail_eml, two_addresses_never_share_a_file_and_no_draft_is_overwritten)
{
    kaiji_mail_message *m = compose();
    const char *dir = t_tmpdir();
    char *first = NULL, *again = NULL, *plus = NULL, *under = NULL;
    kaiji_date d = {2026, 11, 26};
    cr_assert_eq(kaiji_mail_write_eml(&first, m, dir, d), KAIJI_OK);
    cr_assert_eq(kaiji_mail_write_eml(&again, m, dir, d), KAIJI_OK);
    cr_expect_str_neq(first, again, "the second draft of the day takes the next name");
    cr_expect(strstr(again, "_support@medical.example-2.eml"), "%s", again);

    char *saved = m->rcpt[0];
    m->rcpt[0] = "a+b@x.example";
    cr_assert_eq(kaiji_mail_write_eml(&plus, m, dir, d), KAIJI_OK);
    m->rcpt[0] = "a_b@x.example";
    cr_assert_eq(kaiji_mail_write_eml(&under, m, dir, d), KAIJI_OK);
    m->rcpt[0] = saved;
    cr_expect_str_neq(plus, under);
    cr_expect(strstr(plus, "_a%2Bb@x.example.eml"), "%s", plus);
    cr_expect(strstr(under, "_a_b@x.example.eml"), "%s", under);
    free(first);
    free(again);
    free(plus);
    free(under);
    kaiji_mail_message_free(m);
}

Test(mail_eml, an_unwritable_folder_is_an_io_error)
{
    kaiji_mail_message *m = compose();
    char *path = (char *)1;
    cr_expect_eq(kaiji_mail_write_eml(&path, m, "/nonexistent/dir/x", (kaiji_date){2026, 1, 1}),
                 KAIJI_ERROR_IO);
    cr_expect_null(path);
    kaiji_mail_message_free(m);
}

/* ---- sending --------------------------------------------------------- */

typedef struct fixture {
    char certdir[4096], outdir[4096];
    t_server server;
} fixture;

static void start(fixture *f, t_smtp_mode mode, const char *user, const char *password)
{
    snprintf(f->certdir, sizeof f->certdir, "%s", t_tmpdir());
    snprintf(f->outdir, sizeof f->outdir, "%s", t_tmpdir());
    if (mode != T_SMTP_PLAIN)
        t_mail_cert(f->certdir);
    f->server = t_smtp_start(mode, f->outdir, f->certdir, user, password);
}

static kaiji_mail_smtp smtp_to(fixture *f, const char *scheme, char *url, size_t size,
                               char *cacert, size_t csize)
{
    kaiji_mail_smtp s = {0};
    snprintf(url, size, "%s://127.0.0.1:%d", scheme, f->server.port);
    snprintf(cacert, csize, "%s/cert.pem", f->certdir);
    s.url = url;
    s.cacert = cacert;
    s.timeout = 20;
    return s;
}

/* The server's copy of message n, and its envelope as JSON. */
static char *received(fixture *f, int n, char **meta)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%04d.json", f->outdir, n);
    *meta = t_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/%04d.eml", f->outdir, n);
    return t_slurp(path, NULL);
}

static void send_and_check(t_smtp_mode mode, const char *scheme)
{
    fixture f;
    start(&f, mode, NULL, NULL);
    char url[256], cacert[4200];
    kaiji_mail_smtp s = smtp_to(&f, scheme, url, sizeof url, cacert, sizeof cacert);
    kaiji_mail_message *m = compose();
    char *err = NULL;
    int rc = kaiji_mail_send(&err, m, &s);
    cr_assert_eq(rc, KAIJI_OK, "send failed: %s", err ? err : "?");
    cr_expect_null(err);
    char *meta = NULL;
    char *got = received(&f, 1, &meta);
    cr_expect_str_eq(got, m->data, "the server did not receive what was composed");
    cr_expect(strstr(meta, "\"tls\": true"), "%s", meta);
    cr_expect(strstr(meta, "\"mail_from\": \"it@hospital.example\""), "%s", meta);
    cr_expect(strstr(meta, "\"rcpt_tos\": [\"support@medical.example\"]"), "%s", meta);
    cr_expect_eq(t_mail_count(f.outdir), 1);
    free(got);
    free(meta);
    kaiji_mail_message_free(m);
    t_server_stop(&f.server);
}

Test(mail_send, over_starttls_the_server_receives_exactly_what_was_composed, .timeout = 60)
{
    send_and_check(T_SMTP_STARTTLS, "smtp");
}

Test(mail_send, over_smtps_the_server_receives_exactly_what_was_composed, .timeout = 60)
{
    send_and_check(T_SMTP_IMPLICIT_TLS, "smtps");
}

Test(mail_send, a_server_without_starttls_is_refused, .timeout = 60)
{
    fixture f;
    start(&f, T_SMTP_PLAIN, NULL, NULL);
    char url[256], cacert[4200];
    kaiji_mail_smtp s = smtp_to(&f, "smtp", url, sizeof url, cacert, sizeof cacert);
    s.cacert = NULL;
    kaiji_mail_message *m = compose();
    char *err = NULL;
    cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_IO);
    cr_assert_not_null(err);
    cr_expect(strstr(err, "STARTTLS"), "%s", err);
    cr_expect_eq(t_mail_count(f.outdir), 0, "the message went out in clear");
    free(err);
    kaiji_mail_message_free(m);
    t_server_stop(&f.server);
}

Test(mail_send, an_untrusted_certificate_is_refused, .timeout = 60)
{
    fixture f;
    start(&f, T_SMTP_STARTTLS, NULL, NULL);
    char url[256], cacert[4200];
    kaiji_mail_smtp s = smtp_to(&f, "smtp", url, sizeof url, cacert, sizeof cacert);
    s.cacert = t_src("tests/support/support.h"); /* not the server's CA */
    kaiji_mail_message *m = compose();
    char *err = NULL;
    cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_IO);
    cr_expect_not_null(err);
    cr_expect_eq(t_mail_count(f.outdir), 0);
    free(err);
    kaiji_mail_message_free(m);
    t_server_stop(&f.server);
}

Test(mail_send, urls_other_than_smtp_and_smtps_are_refused)
{
    static const char *const bad[] = {
        "http://127.0.0.1:25", "ftp://127.0.0.1", "smtp://", "not a url",
        "smtp://user:pw@127.0.0.1:25", "smtps://user@127.0.0.1", "smtp://127.0.0.1:25/?x=1",
    };
    kaiji_mail_message *m = compose();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_not_null(kaiji_mail_smtp_url_problem(bad[i]), "accepted %s", bad[i]);
        kaiji_mail_smtp s = {0};
        s.url = bad[i];
        char *err = NULL;
        cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_INVALID, "%s", bad[i]);
        cr_expect_not_null(err);
        if (err)
            cr_expect_null(strstr(err, "pw"), "the password is echoed: %s", err);
        free(err);
    }
    cr_expect_null(kaiji_mail_smtp_url_problem("smtps://mail.example:465"));
    cr_expect_null(kaiji_mail_smtp_url_problem("smtp://mail.example:587/hospital.example"));
    kaiji_mail_message_free(m);
}

Test(mail_send, credentials_come_from_a_netrc_file, .timeout = 60)
{
    fixture f;
    start(&f, T_SMTP_STARTTLS, "kaiji", PASSWORD);
    char url[256], cacert[4200], netrc[4200], text[256];
    kaiji_mail_smtp s = smtp_to(&f, "smtp", url, sizeof url, cacert, sizeof cacert);
    kaiji_mail_message *m = compose();
    char *err = NULL;

    /* Without credentials the server refuses the mail. */
    cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_IO);
    free(err);
    cr_expect_eq(t_mail_count(f.outdir), 0);

    snprintf(netrc, sizeof netrc, "%s/netrc", f.certdir);
    snprintf(text, sizeof text, "machine 127.0.0.1\nlogin kaiji\npassword %s\n", PASSWORD);
    t_spit(netrc, text, strlen(text));
    s.netrc_file = netrc;
    cr_assert_eq(kaiji_mail_send(&err, m, &s), KAIJI_OK, "%s", err ? err : "");
    char *meta = NULL;
    char *got = received(&f, 1, &meta);
    cr_expect(strstr(meta, "\"login\": \"kaiji\""), "%s", meta);
    free(got);
    free(meta);

    /* A wrong password is refused, and the reason does not show it. */
    snprintf(text, sizeof text, "machine 127.0.0.1 login kaiji password wrong-%s\n", PASSWORD);
    t_spit(netrc, text, strlen(text));
    cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_IO);
    cr_assert_not_null(err);
    cr_expect(strstr(err, "login"), "%s", err);
    cr_expect_null(strstr(err, PASSWORD), "the password is in the message: %s", err);
    free(err);
    cr_expect_eq(t_mail_count(f.outdir), 1);
    kaiji_mail_message_free(m);
    t_server_stop(&f.server);
}

Test(mail_send, credentials_come_from_the_environment, .timeout = 60)
{
    fixture f;
    start(&f, T_SMTP_IMPLICIT_TLS, "kaiji", PASSWORD);
    char url[256], cacert[4200];
    kaiji_mail_smtp s = smtp_to(&f, "smtps", url, sizeof url, cacert, sizeof cacert);
    setenv("KAIJI_SMTP_USER", "kaiji", 1);
    setenv("KAIJI_SMTP_PASSWORD", PASSWORD, 1);
    kaiji_mail_smtp_from_env(&s);
    cr_expect_str_eq(s.user, "kaiji");
    kaiji_mail_message *m = compose();
    char *err = NULL;
    cr_assert_eq(kaiji_mail_send(&err, m, &s), KAIJI_OK, "%s", err ? err : "");
    char *meta = NULL;
    char *got = received(&f, 1, &meta);
    cr_expect(strstr(meta, "\"login\": \"kaiji\""), "%s", meta);
    cr_expect_str_eq(got, m->data);
    /* Nothing of the password went into the message. */
    cr_expect_null(strstr(got, PASSWORD));
    free(got);
    free(meta);
    kaiji_mail_message_free(m);
    t_server_stop(&f.server);
}

Test(mail_send, an_unreachable_server_is_reported_not_fatal, .timeout = 60)
{
    kaiji_mail_smtp s = {0};
    s.url = "smtp://127.0.0.1:1";
    s.connect_timeout = 5;
    kaiji_mail_message *m = compose();
    char *err = NULL;
    cr_expect_eq(kaiji_mail_send(&err, m, &s), KAIJI_ERROR_IO);
    cr_assert_not_null(err);
    cr_expect(strstr(err, "connect"), "%s", err);
    free(err);
    kaiji_mail_message_free(m);
}

Test(mail_compose, an_upload_link_is_under_its_contract_in_both_languages_with_its_last_day)
{
    kaiji_mail_document d = {"mds", KAIJI_MAIL_DOC_MISSING, "", "", NULL, 0};
    kaiji_mail_contract c[] = {
        {"C-1", "PACS", "", KAIJI_MAIL_CONTRACT_MISSING, {0, 0, 0}, &d, 1,
         "https://kaiji.example/v/0123", {2027, 1, 2}},
        {"C-2", "RIS", "", KAIJI_MAIL_CONTRACT_MISSING, {0, 0, 0}, &d, 1, NULL, {0, 0, 0}},
    };
    kaiji_mail_vendor v = {"V社", "v@v.example", c, 2};
    kaiji_mail_options o = options();
    kaiji_mail_message *m = NULL;
    cr_assert_eq(kaiji_mail_compose(&m, &v, &o), KAIJI_OK);
    const char *ja = strstr(m->body, "ご提出用リンク");
    const char *en = strstr(m->body, "Upload link");
    cr_assert(ja && en, "%s", m->body);
    cr_expect(strstr(ja, "有効期限: 2027年1月2日"), "%s", m->body);
    cr_expect(strstr(en, "until 2 January 2027"), "%s", m->body);
    cr_expect(strstr(ja, "\n  https://kaiji.example/v/0123\n"), "%s", m->body);
    cr_expect(strstr(en, "\n  https://kaiji.example/v/0123\n"), "%s", m->body);
    /* Under C-1, not C-2 (which has none). */
    cr_expect_lt(ja, strstr(m->body, "C-2"));
    const char *second = strstr(ja + 1, "ご提出用リンク");
    cr_expect(second == NULL || second > en, "C-2 got a link");
    kaiji_mail_message_free(m);
}
