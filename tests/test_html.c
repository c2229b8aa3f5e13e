/*
 * tests/test_html.c - the HTML reports (report/html.h): structure checked
 * with libxml2's HTML parser, escaping of hostile vendor strings, no external
 * resource, the data folder, and printing on A4 in headless Chromium (checked
 * with pdfinfo and pdftotext).  Without Chromium or poppler-utils (which
 * tools/install-deps.sh installs) the printing tests skip, saying so.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "kaiji.h"
#include "report/html.h"
#include "text/text.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

#define AS_OF "2026-11-26"
#define HOSTILE "<script>alert(1)</script>\" onmouseover=alert(2) x='y' &amp;"
#define CHROMIUM "/usr/bin/chromium"

/* ------------------------------------------------------------ parsing */

/* Parse errors other than HTML5 tags libxml2's HTML 4 parser does not know. */
static _Thread_local int parse_errors;
static _Thread_local char parse_error_text[512];

static void on_parse_error(void *ctx, const xmlError *e)
{
    (void)ctx;
    if (e->code == XML_HTML_UNKNOWN_TAG)
        return;
    if (!parse_errors++)
        snprintf(parse_error_text, sizeof parse_error_text, "line %d: %s", e->line,
                 e->message ? e->message : "?");
}

/* Parses html with libxml2 (no network), failing the test on any error but
 * unknown (HTML5) tags. */
static htmlDocPtr parse(const char *html, size_t len)
{
    parse_errors = 0;
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)on_parse_error);
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    cr_assert_not_null(doc, "libxml2 cannot parse the report");
    cr_expect_eq(parse_errors, 0, "%d parse errors, first: %s", parse_errors, parse_error_text);
    return doc;
}

static double xnum(htmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    cr_assert_not_null(r, "bad XPath %s", expr);
    double n = xmlXPathCastToNumber(r);
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

static size_t xcount(htmlDocPtr doc, const char *expr)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "count(%s)", expr);
    return (size_t)xnum(doc, buf);
}

/* The text content of the first node of expr, malloc'd ("" when none). */
static char *xtext(htmlDocPtr doc, const char *expr)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "string(%s)", expr);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST buf, ctx);
    cr_assert_not_null(r, "bad XPath %s", expr);
    char *s = strdup(r->stringval ? (const char *)r->stringval : "");
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return s;
}

/* labels.json of the source tree, parsed. */
static cJSON *labels_json(void)
{
    char *text = t_slurp(t_src("formats/report/labels.json"), NULL);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(root, "formats/report/labels.json is not JSON");
    return root;
}

static const char *label_of(const cJSON *labels, const char *group, const char *key)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(labels, group), key);
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "label"));
    if (!s)
        s = cJSON_GetStringValue(e);
    cr_assert_not_null(s, "labels.json has no %s.%s", group, key);
    return s;
}

/* Every badge (state or severity) carries a symbol and a word, not only a
 * colour. */
static void expect_badges_have_words(htmlDocPtr doc)
{
    size_t badges = xcount(doc, "//span[contains(@class,'badge')]");
    cr_expect_gt(badges, 0, "no state shown at all");
    cr_expect_eq(xcount(doc, "//span[contains(@class,'badge')][not(span[@class='sym'])]"), 0,
                 "a state without a symbol");
    cr_expect_eq(xcount(doc, "//span[contains(@class,'badge')]"
                             "[string-length(normalize-space(text())) = 0]"),
                 0, "a state without a word");
}

/* No resource from elsewhere: no script, no external element, links only to
 * anchors of the page, no url() or @import in the style sheet. */
static void expect_self_contained(htmlDocPtr doc)
{
    cr_expect_eq(xcount(doc, "//script|//link|//img|//iframe|//object|//embed|//base"), 0,
                 "an element that loads something");
    cr_expect_eq(xcount(doc, "//@src"), 0, "a src attribute");
    cr_expect_eq(xcount(doc, "//@href[not(starts-with(., '#'))]"), 0, "a link off the page");
    cr_expect_eq(xcount(doc, "//@*[starts-with(name(), 'on')]"), 0, "an event handler");
    cr_expect_eq(xcount(doc, "//style"), 1);
    char *csp = xtext(doc, "//meta[@http-equiv='Content-Security-Policy']/@content");
    cr_expect(csp && strstr(csp, "default-src 'none'"), "no CSP forbidding every load: %s",
              csp ? csp : "(none)");
    free(csp);
    char *css = xtext(doc, "//style");
    for (char *p = css; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    cr_expect_null(strstr(css, "@import"), "@import in the style sheet");
    for (const char *u = strstr(css, "url("); u; u = strstr(u + 4, "url(")) {
        const char *v = u + 4;
        while (*v == ' ' || *v == '"' || *v == '\'')
            v++;
        cr_expect(strncmp(v, "data:", 5) == 0, "url() to a resource in the style sheet");
    }
    cr_expect_not_null(strstr(css, "@media print"), "no print style sheet");
    cr_expect_not_null(strstr(css, "size: a4"), "no A4 page size");
    free(css);
}

/* ------------------------------------------------------------ running */

static char *run_kaiji(const char *args, int *rc)
{
    char cmd[16384], src[4096], *out = NULL;
    snprintf(src, sizeof src, "%s", t_src("")); /* t_src and t_build share a buffer */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>/dev/null", src, t_build("kaiji"), args);
    int status = t_run(cmd, &out);
    if (rc)
        *rc = status;
    return out;
}

/* The report of one file validated through the library, into a buffer. */
static char *validate_report(const char *const *paths, size_t n, size_t *len)
{
    kaiji_html *h = NULL;
    kaiji_html_options o;
    kaiji_html_options_init(&o);
    o.as_of = AS_OF;
    cr_assert_eq(kaiji_html_begin(&h, NULL, &o), KAIJI_OK);
    for (size_t i = 0; i < n; i++) {
        kaiji_document *doc = t_validate(paths[i], AS_OF);
        cr_assert_eq(kaiji_html_document(h, doc), KAIJI_OK);
        kaiji_document_free(doc);
    }
    cr_assert_eq(kaiji_html_end(h), KAIJI_OK);
    const char *data = kaiji_html_data(h, len);
    cr_assert_not_null(data);
    char *copy = strdup(data);
    kaiji_html_free(h);
    return copy;
}

static const char *print_pdf_as(const char *html_path, bool browser_header_footer);

/* Prints file://html to a PDF in headless Chromium; returns the PDF's path
 * (static buffer). */
static const char *print_pdf(const char *html_path)
{
    return print_pdf_as(html_path, false);
}

/* As print_pdf; with browser_header_footer, as a browser prints by default:
 * with its own header and footer (date, title, address, page) wherever the
 * page leaves them room. */
static const char *print_pdf_as(const char *html_path, bool browser_header_footer)
{
    static _Thread_local char pdf[4400];
    char cmd[16384], *out = NULL;
    t_require_file("chromium", CHROMIUM);
    t_require_file("poppler-utils' pdfinfo", "/usr/bin/pdfinfo");
    t_require_file("poppler-utils' pdftotext", "/usr/bin/pdftotext");
    const char *profile = t_tmpdir();
    snprintf(pdf, sizeof pdf, "%s.pdf", html_path);
    snprintf(cmd, sizeof cmd,
             "timeout 120 " CHROMIUM " --headless --no-sandbox --disable-gpu --disable-quic"
             " --no-first-run --disable-background-networking --disable-component-update"
             " --disable-sync --user-data-dir='%s' --print-to-pdf='%s' %s"
             " 'file://%s' 2>&1",
             profile, pdf, browser_header_footer ? "" : "--no-pdf-header-footer", html_path);
    int rc = t_run(cmd, &out);
    cr_assert(rc == 0 && access(pdf, R_OK) == 0, "chromium did not print (%d): %s", rc, out);
    free(out);
    return pdf;
}

typedef struct pdf_facts {
    int pages;
    double width, height;
} pdf_facts;

static pdf_facts pdf_info(const char *pdf)
{
    char cmd[8192], *out = NULL;
    pdf_facts f = {0, 0, 0};
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    cr_assert_eq(t_run(cmd, &out), 0, "pdfinfo failed");
    const char *p = strstr(out, "Pages:");
    const char *s = strstr(out, "Page size:");
    cr_assert(p && s, "pdfinfo says: %s", out);
    f.pages = atoi(p + 6);
    cr_assert_eq(sscanf(s + 10, " %lf x %lf", &f.width, &f.height), 2, "%s", s);
    free(out);
    return f;
}

static char *pdf_text(const char *pdf)
{
    char cmd[8192], *out = NULL;
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    cr_assert_eq(t_run(cmd, &out), 0, "pdftotext failed");
    return out;
}

static void expect_a4(pdf_facts f)
{
    cr_expect(f.width > 593 && f.width < 597 && f.height > 840 && f.height < 844,
              "page is %.2f x %.2f pts, not A4 (595 x 842)", f.width, f.height);
    cr_expect_geq(f.pages, 1);
}

/* ------------------------------------------------------- validate report */

Test(html_validate, samples_give_one_summary_one_row_and_one_section_per_document,
     .timeout = 120)
{
    int rc;
    char *json = run_kaiji("validate --format json --as-of " AS_OF " samples/", &rc);
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root);
    size_t n = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(root, "summary"), "documents"));
    cr_assert_gt(n, 10);

    char *html = run_kaiji("validate --format html --as-of " AS_OF " samples/", &rc);
    cr_expect_eq(rc, 1, "the exit status is that of the text output");
    htmlDocPtr doc = parse(html, strlen(html));
    cr_expect_eq(xcount(doc, "/html[@lang='ja']"), 1);
    cr_expect_eq(xcount(doc, "//meta[@charset='utf-8']"), 1);
    cr_expect_eq(xcount(doc, "//*[contains(concat(' ', @class, ' '), ' summary ')]"), 1);
    cr_expect_eq(xcount(doc, "//section[@class='summary']//table[@class='bars']/tr"), 4,
                 "a bar per state");
    cr_expect_eq(xcount(doc, "//table[@class='documents']/tbody/tr"), n);
    cr_expect_eq(xcount(doc, "//section[@class='doc']"), n);
    cr_expect_eq(xcount(doc, "//section[@class='doc']/div[@class='doc-head']/h3"), n,
                 "a heading kept with each document's table");
    /* The counts of the summary are those of the JSON. */
    static const char *const states[] = {"valid", "outdated", "invalid", "unreadable"};
    for (size_t i = 0; i < 4; i++) {
        char expr[256];
        snprintf(expr, sizeof expr, "//table[@class='bars']/tr[@class='row-%s']/td[@class='count']",
                 states[i]);
        char *count = xtext(doc, expr);
        int want = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(root, "summary"), states[i]));
        cr_expect_eq(atoi(count), want, "%s: %s, JSON says %d", states[i], count, want);
        free(count);
    }
    char *title = xtext(doc, "//h1");
    cr_expect_str_eq(title, "開示書類 確認結果");
    char *meta = xtext(doc, "//header");
    cr_expect_not_null(strstr(meta, "2026年11月26日"), "as-of date in the header");
    cr_expect_not_null(strstr(meta, "6.0"), "target guideline in the header");
    char *foot = xtext(doc, "//footer");
    cr_expect_not_null(strstr(foot, kaiji_version()), "tool version in the footer");
    free(foot);
    expect_badges_have_words(doc);
    expect_self_contained(doc);
    free(meta);
    free(title);
    xmlFreeDoc(doc);
    free(html);
    free(json);
    cJSON_Delete(root);
}

Test(html_validate, every_state_and_severity_label_is_written_as_text, .timeout = 120)
{
    char *html = run_kaiji("validate --format html --as-of " AS_OF " samples/", NULL);
    htmlDocPtr doc = parse(html, strlen(html));
    cJSON *labels = labels_json();
    char *summary = xtext(doc, "//section[@class='summary']");
    static const char *const states[] = {"valid", "outdated", "invalid", "unreadable"};
    for (size_t i = 0; i < 4; i++) {
        const char *label = label_of(labels, "document_status", states[i]);
        cr_expect_not_null(strstr(summary, label), "summary lacks %s (%s)", states[i], label);
    }
    char *sections = xtext(doc, "//body");
    static const char *const sev[] = {"error", "warning"};
    for (size_t i = 0; i < 2; i++)
        cr_expect_not_null(strstr(sections, label_of(labels, "severity", sev[i])),
                           "no %s label", sev[i]);
    cr_expect_not_null(strstr(sections, "不備あり"));
    cr_expect_not_null(strstr(sections, "読めない"));
    free(sections);
    free(summary);
    cJSON_Delete(labels);
    xmlFreeDoc(doc);
    free(html);
}

/* The format of a file that could not be read is said in words, not by
 * the code JSON gives (unknown, kaiji-json, xls). */
Test(html_validate, an_unreadable_files_format_is_named_in_words)
{
    char *html = run_kaiji("validate --format html --as-of " AS_OF " samples/broken/", NULL);
    htmlDocPtr doc = parse(html, strlen(html));
    cJSON *labels = labels_json();
    char *body = xtext(doc, "//body");
    cr_assert_not_null(body);
    static const char *const codes[] = {"unknown", "kaiji-json", "xls", "xlsx"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *words = label_of(labels, "file_format", codes[i]);
        cr_expect(strcmp(words, codes[i]) != 0, "no words for %s", codes[i]);
        cr_expect_not_null(strstr(body, words), "%s is not named as %s", codes[i], words);
    }
    cr_expect_null(strstr(body, "kaiji-json"), "a format's code reached the report");
    free(body);
    cJSON_Delete(labels);
    xmlFreeDoc(doc);
    free(html);
}

Test(html_validate, a_hostile_vendor_and_file_name_are_escaped)
{
    t_skip_on_windows("its file name holds < > \" and ', which Windows' file names cannot");
    const char *dir = t_tmpdir();
    char path[4400];
    snprintf(path, sizeof path, "%s/<img src=x onerror=alert(3)>'\".json", dir);
    char *json = ts_doc("mds-sds/mds-5.0-good.xlsx", HOSTILE, "製品 & <b>bold</b>", NULL);
    t_spit(path, json, strlen(json));
    free(json);
    const char *paths[] = {path};
    size_t len;
    char *html = validate_report(paths, 1, &len);

    cr_expect_null(strstr(html, "<script>"), "a script element got through");
    cr_expect_null(strstr(html, "<img"), "an img element got through");
    cr_expect_null(strstr(html, "<b>"));
    cr_expect_null(strstr(html, "\" onmouseover"), "an attribute got through");
    cr_expect_not_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover="
                                    "alert(2) x=&#39;y&#39; &amp;amp;"));
    htmlDocPtr doc = parse(html, len);
    cr_expect_eq(xcount(doc, "//script|//img|//b"), 0);
    cr_expect_eq(xcount(doc, "//@*[starts-with(name(), 'on')]"), 0);
    /* The text reads back exactly as the vendor wrote it. */
    char *vendor = xtext(doc, "//table[@class='documents']/tbody/tr/td[5]");
    cr_expect_str_eq(vendor, HOSTILE);
    char *file = xtext(doc, "//table[@class='documents']/tbody/tr/td[2]");
    cr_expect_str_eq(file, path);
    expect_self_contained(doc);
    free(file);
    free(vendor);
    xmlFreeDoc(doc);
    free(html);
}

Test(html_validate, an_empty_batch_still_gives_a_whole_page)
{
    size_t len;
    char *html = validate_report(NULL, 0, &len);
    htmlDocPtr doc = parse(html, len);
    cr_expect_eq(xcount(doc, "//section[@class='summary']"), 1);
    cr_expect_eq(xcount(doc, "//section[@class='doc']"), 0);
    char *body = xtext(doc, "//body");
    cr_expect_not_null(strstr(body, "書類はありません"));
    cr_expect_not_null(strstr(html, "width:0.0%"));
    free(body);
    xmlFreeDoc(doc);
    free(html);
}

Test(html_validate, writing_to_a_file_gives_the_same_report_as_the_buffer)
{
    const char *paths[] = {t_src("samples/mds-sds/mds-5.0-invalid-answers.xlsx"),
                           t_src("samples/broken/truncated.xlsx")};
    size_t len;
    char *want = validate_report(paths, 2, &len);
    FILE *fp = tmpfile();
    cr_assert_not_null(fp);
    kaiji_html *h = NULL;
    kaiji_html_options o;
    kaiji_html_options_init(&o);
    o.as_of = AS_OF;
    cr_assert_eq(kaiji_html_begin(&h, fp, &o), KAIJI_OK);
    for (size_t i = 0; i < 2; i++) {
        kaiji_document *doc = t_validate(paths[i], AS_OF);
        kaiji_html_document(h, doc);
        kaiji_document_free(doc);
    }
    cr_expect_eq(ftell(fp), 0, "written before the end: the summary could not come first");
    cr_assert_eq(kaiji_html_end(h), KAIJI_OK);
    cr_expect_null(kaiji_html_data(h, NULL));
    kaiji_html_free(h);
    long n = ftell(fp);
    cr_assert_eq((size_t)n, len);
    char *got = malloc(len + 1);
    rewind(fp);
    cr_assert_eq(fread(got, 1, len, fp), len);
    got[len] = '\0';
    cr_expect(memcmp(got, want, len) == 0);
    /* Summary first, then the list, then the sections. */
    char *summary = strstr(got, "class=\"summary\""), *list = strstr(got, "class=\"documents\""),
         *section = strstr(got, "<section class=\"doc\"");
    cr_expect(summary && list && section && summary < list && list < section);
    fclose(fp);
    free(got);
    free(want);
}

/* -------------------------------------------------------- status report */

static kaiji_status_finding finding_bad = {KAIJI_SEVERITY_ERROR, "missing-answer", "1.2",
                                           "MDS!D14", "item 1.2 has no answer <here>"};
static kaiji_status_finding finding_warn = {KAIJI_SEVERITY_WARNING, "missing-header-field", "",
                                            "", "the contact (連絡先) is missing"};

/* A report with one contract per state; contract 0 has a hostile vendor,
 * contract 1 a vendor with bytes that are not UTF-8 and a control
 * character. */
static void hand_report(kaiji_status_report *r, kaiji_status_contract c[KAIJI_CONTRACT__COUNT],
                        kaiji_status_document d[KAIJI_CONTRACT__COUNT][2])
{
    static const char *const ids[] = {"C-1", "C-2", "C-3", "C-4", "C-5", "C-6"};
    static const char *const vendors[] = {HOSTILE, "ベンダ\x01\xff", "架空メディカル(株)",
                                          "株式会社サンプル", "Example Inc.", "㈱テスト"};
    memset(r, 0, sizeof *r);
    r->as_of = (kaiji_date){2026, 11, 26};
    r->contracts = c;
    r->count = KAIJI_CONTRACT__COUNT;
    for (int i = 0; i < KAIJI_CONTRACT__COUNT; i++) {
        memset(&c[i], 0, sizeof c[i]);
        c[i].contract.id = (char *)ids[i];
        c[i].contract.vendor = (char *)vendors[i];
        c[i].contract.system = (char *)"電子カルテ";
        c[i].contract.product = (char *)"";
        c[i].contract.due = (kaiji_date){2026, 10, 31};
        c[i].state = (kaiji_contract_state)i;
        r->summary[i] = 1;
        if (i == KAIJI_CONTRACT_NOT_REQUIRED)
            continue;
        c[i].documents = d[i];
        c[i].document_count = 2;
        for (int j = 0; j < 2; j++) {
            kaiji_status_document *x = &d[i][j];
            memset(x, 0, sizeof *x);
            x->type = j ? KAIJI_DOC_CHECKLIST : KAIJI_DOC_MDS;
            x->present = !(j == 1 && (i == KAIJI_CONTRACT_MISSING || i == KAIJI_CONTRACT_OVERDUE));
            x->state = !x->present ? "missing"
                       : i == KAIJI_CONTRACT_OUTDATED && j == 0 ? "outdated"
                       : i == KAIJI_CONTRACT_INVALID && j == 0  ? "invalid"
                                                                : "current";
            x->status = !x->present                 ? KAIJI_STATUS_UNCHECKED
                        : strcmp(x->state, "outdated") == 0 ? KAIJI_STATUS_OUTDATED
                        : strcmp(x->state, "invalid") == 0  ? KAIJI_STATUS_INVALID
                                                            : KAIJI_STATUS_VALID;
            const char *empty = "";
            x->path = (char *)(x->present ? (j ? "in/checklist.xlsx" : "in/<mds>.xlsx") : empty);
            x->sha256 = (char *)(x->present ? "ab12" : empty);
            x->form_version = (char *)(x->present ? (j ? "R7" : "5.0") : empty);
            x->kind = (char *)(x->present ? (j ? "vendor-checklist" : "mds") : empty);
            x->ingested_at = (char *)(x->present ? "2026-11-01T09:00:00Z" : empty);
            if (x->status == KAIJI_STATUS_INVALID) {
                x->findings = &finding_bad;
                x->finding_count = 1;
            } else if (x->status == KAIJI_STATUS_OUTDATED) {
                x->findings = &finding_warn;
                x->finding_count = 1;
            }
        }
    }
}

Test(html_status, one_row_per_contract_every_state_labelled_and_text_escaped)
{
    kaiji_status_report r;
    kaiji_status_contract c[KAIJI_CONTRACT__COUNT];
    kaiji_status_document d[KAIJI_CONTRACT__COUNT][2];
    hand_report(&r, c, d);
    char *html = NULL;
    size_t len = 0;
    cr_assert_eq(kaiji_html_status_string(&html, &len, &r, NULL), KAIJI_OK);
    htmlDocPtr doc = parse(html, len);
    cr_expect_eq(xcount(doc, "//section[@class='summary']"), 1);
    cr_expect_eq(xcount(doc, "//table[@class='bars']/tr"), KAIJI_CONTRACT__COUNT);
    cr_expect_eq(xcount(doc, "//table[@class='contracts']/tbody/tr"), KAIJI_CONTRACT__COUNT);
    /* 5 contracts with documents, 2 each, 2 of them missing. */
    cr_expect_eq(xcount(doc, "//section[@class='doc']"), 8);
    cr_expect_eq(xcount(doc, "//table[@class='contracts']/tbody/tr/td[4]/span[contains(@class,'badge')]"),
                 KAIJI_CONTRACT__COUNT);
    /* Every link from the table goes to a section of the page. */
    size_t links = xcount(doc, "//table[@class='contracts']//a[@href]");
    cr_expect_eq(links, 8);
    cr_expect_eq(xcount(doc, "//table[@class='contracts']//a[not(substring(@href, 2) = //section/@id)]"),
                 0, "a link to no section");

    cJSON *labels = labels_json();
    char *table = xtext(doc, "//table[@class='contracts']");
    static const char *const states[] = {"complete", "outdated", "invalid",
                                         "missing", "overdue", "not-required"};
    for (int i = 0; i < KAIJI_CONTRACT__COUNT; i++) {
        const char *label = label_of(labels, "contract_state", states[i]);
        cr_expect_not_null(strstr(table, label), "no %s (%s) in the table", states[i], label);
        char expr[256];
        snprintf(expr, sizeof expr,
                 "//table[@class='contracts']/tbody/tr[%d]/td[4]//span[@class='badge s-%s']",
                 i + 1, states[i]);
        cr_expect_eq(xcount(doc, expr), 1, "contract %d is not shown %s", i + 1, states[i]);
    }
    cr_expect_not_null(strstr(table, label_of(labels, "document_state", "missing")));
    cr_expect_not_null(strstr(table, label_of(labels, "document_state", "not-required")));
    char *title = xtext(doc, "//h1");
    cr_expect_str_eq(title, "契約ごとの提出状況");
    /* The bars are proportional: one contract of six each. */
    cr_expect_eq(xcount(doc, "//div[contains(@class,'bar ') and @style='width:16.6%']"),
                 KAIJI_CONTRACT__COUNT);

    /* Hostile text is text. */
    cr_expect_null(strstr(html, "<script>"));
    cr_expect_null(strstr(html, "<mds>"));
    cr_expect_null(strstr(html, "<here>"));
    char *vendor = xtext(doc, "//table[@class='contracts']/tbody/tr[1]/td[2]");
    cr_expect_str_eq(vendor, HOSTILE);
    char *odd = xtext(doc, "//table[@class='contracts']/tbody/tr[2]/td[2]");
    cr_expect_str_eq(odd, "ベンダ\xEF\xBF\xBD\xEF\xBF\xBD", "control and bad bytes replaced: %s", odd);
    char *msg = xtext(doc, "//table[@class='findings']//td[@class='msg wrap'][starts-with(., 'item 1.2')]");
    cr_expect_str_eq(msg, "item 1.2 has no answer <here>");
    expect_badges_have_words(doc);
    expect_self_contained(doc);
    free(msg);
    free(odd);
    free(vendor);
    free(title);
    free(table);
    cJSON_Delete(labels);
    xmlFreeDoc(doc);
    free(html);
}

Test(html_status, a_data_folder_corrects_labels_key_by_key_and_unsafe_css_is_refused)
{
    kaiji_status_report r;
    kaiji_status_contract c[KAIJI_CONTRACT__COUNT];
    kaiji_status_document d[KAIJI_CONTRACT__COUNT][2];
    hand_report(&r, c, d);
    const char *dir = t_tmpdir();
    char path[4400];
    snprintf(path, sizeof path, "%s/labels.json", dir);
    const char *labels = "{\"text\": {\"title_status\": \"提出状況一覧\"},"
                         " \"contract_state\": {\"overdue\": {\"label\": \"期限切れ\","
                         " \"symbol\": \"!!\"}}}";
    t_spit(path, labels, strlen(labels));
    kaiji_html_options o;
    kaiji_html_options_init(&o);
    o.data_dir = dir;
    char *html = NULL;
    cr_assert_eq(kaiji_html_status_string(&html, NULL, &r, &o), KAIJI_OK);
    cr_expect_not_null(strstr(html, "<h1>提出状況一覧</h1>"));
    cr_expect_not_null(strstr(html, "期限切れ"));
    cr_expect_null(strstr(html, "期限超過"));
    cr_expect_not_null(strstr(html, "未提出"), "labels not overridden stay");
    free(html);

    static const char *const unsafe[] = {
        "body { background: url(http://example.invalid/x.png) }",
        "@import 'http://example.invalid/a.css';",
        "body { color: red } </style><script>alert(1)</script>",
        "body { background: u\\72l(http://example.invalid/) }",
        "body { background: image-set(\"http://example.invalid/x.png\" 1x) }",
        "body { background: -webkit-image-set(url(x.png) 1x) }",
        "body { background: IMAGE(\"http://example.invalid/x.png\") }",
        "@font-face { font-family: x; src: local(x) }",
        "@namespace svg url(http://www.w3.org/2000/svg);",
        "body { background: cross-fade(\"a.png\", \"b.png\", 50%) }"};
    snprintf(path, sizeof path, "%s/report.css", dir);
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
        t_spit(path, unsafe[i], strlen(unsafe[i]));
        html = NULL;
        cr_expect_eq(kaiji_html_status_string(&html, NULL, &r, &o), KAIJI_ERROR_CATALOG,
                     "accepted: %s", unsafe[i]);
        cr_expect_null(html);
    }
    const char *fine = "@media print { body { color: #000; background: linear-gradient(#fff, #eee) } }";
    t_spit(path, fine, strlen(fine));
    cr_expect_eq(kaiji_html_status_string(&html, NULL, &r, &o), KAIJI_OK);
    cr_expect_not_null(strstr(html, fine));
    free(html);

    t_spit(path, "", 0);
    snprintf(path, sizeof path, "%s/labels.json", dir);
    t_spit(path, "{ not json", 10);
    cr_expect_eq(kaiji_html_status_string(&html, NULL, &r, &o), KAIJI_ERROR_CATALOG);
}

/* ------------------------------------------------------------- printing */

Test(html_print, the_samples_report_prints_on_a4_and_a_bigger_input_takes_more_pages,
     .timeout = 300)
{
    const char *dir = t_tmpdir();
    char big[4400], small[4400], args[9000];
    snprintf(big, sizeof big, "%s/samples.html", dir);
    snprintf(small, sizeof small, "%s/one.html", dir);
    snprintf(args, sizeof args, "validate --format html --as-of " AS_OF " samples/ > '%s'", big);
    free(run_kaiji(args, NULL));
    snprintf(args, sizeof args,
             "validate --format html --as-of " AS_OF " samples/mds-sds/mds-5.0-good.xlsx > '%s'",
             small);
    free(run_kaiji(args, NULL));

    char big_pdf[4400];
    snprintf(big_pdf, sizeof big_pdf, "%s", print_pdf(big));
    pdf_facts fb = pdf_info(big_pdf);
    pdf_facts fs = pdf_info(print_pdf(small));
    expect_a4(fb);
    expect_a4(fs);
    cr_expect_gt(fb.pages, fs.pages, "%d pages for all samples, %d for one", fb.pages, fs.pages);
    cr_expect_leq(fs.pages, 2, "one document takes %d pages", fs.pages);
    cr_log_info("pages: %d for all samples, %d for one document", fb.pages, fs.pages);

    char *text = pdf_text(big_pdf);
    cr_expect_not_null(strstr(text, "開示書類 確認結果"), "the Japanese title did not render");
    cr_expect_not_null(strstr(text, "架空メディカルシステムズ"), "a vendor name did not render");
    cr_expect_not_null(strstr(text, "不備あり"));
    free(text);
}

Test(html_print, the_sample_walk_through_status_report_prints_on_a4, .timeout = 300)
{
    ts_env e;
    char args[8192], *out = NULL;
    ts_env_init(&e);
    snprintf(args, sizeof args, "register import '%s'", t_src("samples/register/contracts.csv"));
    cr_assert_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    t_samples_received_together();
    snprintf(args, sizeof args, "ingest '%s'", t_src("samples"));
    cr_assert_eq(ts_kaiji(&e, args, &out), 1, "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --format html --as-of " AS_OF, &out), 1);

    htmlDocPtr doc = parse(out, strlen(out));
    cr_expect_eq(xcount(doc, "//table[@class='contracts']/tbody/tr"), 7);
    cJSON *labels = labels_json();
    char *table = xtext(doc, "//table[@class='contracts']");
    static const char *const states[] = {"complete", "outdated", "invalid",
                                         "missing", "overdue", "not-required"};
    for (size_t i = 0; i < 6; i++)
        cr_expect_not_null(strstr(table, label_of(labels, "contract_state", states[i])),
                           "no %s", states[i]);
    expect_badges_have_words(doc);
    expect_self_contained(doc);
    free(table);
    cJSON_Delete(labels);
    xmlFreeDoc(doc);

    const char *html = ts_write(&e, "status.html", out, 0);
    char path[4400];
    snprintf(path, sizeof path, "%s", html);
    free(out);
    const char *pdf = print_pdf(path);
    pdf_facts f = pdf_info(pdf);
    expect_a4(f);
    cr_log_info("pages: %d for the walk-through's status", f.pages);
    char *text = pdf_text(pdf);
    cr_expect_not_null(strstr(text, "契約ごとの提出状況"), "the Japanese title did not render");
    cr_expect_not_null(strstr(text, "株式会社サンプル医療機器"), "a vendor name did not render");
    free(text);
}

Test(html_cli, a_malformed_data_folder_fails_the_command_with_status_3)
{
    const char *dir = t_tmpdir();
    char path[4400], args[9000];
    snprintf(path, sizeof path, "%s/labels.json", dir);
    t_spit(path, "{ not json", 10);
    int rc;
    snprintf(args, sizeof args,
             "validate --format html samples/mds-sds/mds-5.0-good.xlsx");
    setenv("KAIJI_REPORT_DIR", dir, 1);
    char *out = run_kaiji(args, &rc);
    unsetenv("KAIJI_REPORT_DIR");
    cr_expect_eq(rc, 3);
    cr_expect_str_eq(out, "");
    free(out);
    out = run_kaiji("validate --format html samples/mds-sds/mds-5.0-good.xlsx", &rc);
    cr_expect_eq(rc, 0);
    cr_expect_not_null(strstr(out, "</html>"));
    free(out);
}

/* ------------------------------------------- the report an inspector takes */

/* Runs "cd dir && LANG=ja_JP.UTF-8 kaiji ARGS > dir/out" (stderr apart);
 * returns the exit status. */
static int kaiji_ja_to(const char *dir, const char *args, const char *out)
{
    char cmd[16384], *said = NULL;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE= KAIJI_CONFIG=/nonexistent '%s' %s"
             " > '%s/%s'",
             dir, t_build("kaiji"), args, dir, out);
    int rc = t_run(cmd, &said);
    free(said);
    return rc;
}

/* Copies the sample rel to dir/name. */
static void copy_sample(const char *dir, const char *rel, const char *name)
{
    char path[4400];
    size_t len;
    char *data = t_slurp(t_src(rel), &len);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, data, len);
    free(data);
}

/* Every page of the PDF says "k / pages" (pdftotext keeps the page order). */
static void expect_page_numbers(const char *text, int pages)
{
    const char *at = text;
    for (int k = 1; k <= pages; k++) {
        char want[32];
        /* pdftotext may drop the spaces around the slash. */
        snprintf(want, sizeof want, "%d / %d", k, pages);
        const char *hit = strstr(at, want);
        if (!hit) {
            snprintf(want, sizeof want, "%d/%d", k, pages);
            hit = strstr(at, want);
        }
        cr_expect_not_null(hit, "no page number \"%s\" in the printed report", want);
        if (hit)
            at = hit;
    }
}

/* Latin words of the text (2 letters or more, no digit) that are not in
 * allowed (a space-separated list, compared without case), written into
 * bad.  Model numbers (MX-7), options (--profile) and what follows a dot or
 * a slash (file names) are not words. */
static void english_words(const char *text, const char *allowed, char *bad, size_t size)
{
    bad[0] = '\0';
    for (const char *p = text; *p;) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
            p++;
            continue;
        }
        const char *start = p;
        bool digit = false;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
               *p == '_') {
            digit |= *p >= '0' && *p <= '9';
            p++;
        }
        size_t n = (size_t)(p - start);
        if (digit || n < 2 || (start > text && (start[-1] == '.' || start[-1] == '/')) ||
            (p[0] == '-' && p[1] >= '0' && p[1] <= '9') ||
            (start > text + 1 && start[-1] == '-' && start[-2] == '-'))
            continue;
        bool ok = false;
        for (const char *a = allowed; *a && !ok;) {
            const char *end = strchr(a, ' ');
            size_t an = end ? (size_t)(end - a) : strlen(a);
            ok = an == n && strncasecmp(a, start, n) == 0;
            a += an + (end != NULL);
        }
        if (!ok && strlen(bad) + n + 2 < size) {
            strncat(bad, start, n);
            strcat(bad, " ");
        }
    }
}

/* The pieces of every finding code in the JSON output, and each two
 * neighbours joined (pdftotext joins a code broken at a hyphen): missing,
 * answer, formversion … */
static void code_words(const char *json, char *out, size_t size)
{
    cJSON *root = cJSON_Parse(json);
    cr_assert_not_null(root, "validate --format json gave no JSON");
    out[0] = '\0';
    const cJSON *doc;
    cJSON_ArrayForEach(doc, cJSON_GetObjectItemCaseSensitive(root, "documents")) {
        const cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(doc, "findings")) {
            const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "code"));
            for (const char *p = code; p && *p;) {
                size_t n = strcspn(p, "-");
                size_t m = p[n] == '-' ? strcspn(p + n + 1, "-") : 0;
                if (strlen(out) + 2 * n + m + 4 < size) {
                    strncat(out, p, n);
                    strcat(out, " ");
                    if (m) {
                        strncat(out, p, n);
                        strncat(out, p + n + 1, m);
                        strcat(out, " ");
                    }
                }
                p += n + (p[n] == '-');
            }
        }
    }
    cJSON_Delete(root);
}

Test(html_print, the_inspectors_report_names_the_hospital_and_its_signers_and_numbers_its_pages,
     .timeout = 300)
{
    t_require_locale("ja_JP.UTF-8");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", t_tmpdir()); /* t_tmpdir's buffer is reused */
    copy_sample(dir, "samples/checklist/vendor-r7-no-without-target-date.xlsx", "r7.xlsx");
    copy_sample(dir, "samples/mds-sds/mds-4.1-outdated.xlsx", "mds.xlsx");
    copy_sample(dir, "samples/broken/password-protected.xlsx", "pw.xlsx");
    static const char files[] = " r7.xlsx mds.xlsx pw.xlsx";
    char args[1024], html[4400];
    snprintf(args, sizeof args,
             "validate --format html --as-of " AS_OF " --target-guideline 7.0"
             " --org 架空総合病院 --author 山田太郎%s",
             files);
    cr_assert_eq(kaiji_ja_to(dir, args, "report.html"), 1);
    snprintf(args, sizeof args, "validate --format json --as-of " AS_OF " --target-guideline 7.0%s",
             files);
    cr_assert_eq(kaiji_ja_to(dir, args, "report.json"), 1);
    snprintf(html, sizeof html, "%s/report.html", dir);

    /* As a browser prints it by default: the page's own margin boxes leave
     * no room for the browser's header and footer. */
    const char *pdf = print_pdf_as(html, true);
    pdf_facts f = pdf_info(pdf);
    expect_a4(f);
    char *text = pdf_text(pdf);
    cr_expect_not_null(strstr(text, "架空総合病院"), "no hospital name");
    cr_expect_not_null(strstr(text, "作成者"));
    cr_expect_not_null(strstr(text, "確認者"));
    cr_expect_not_null(strstr(text, "山田太郎"), "no author");
    char today[KAIJI_DATE_SHOW_MAX];
    kaiji_text_date_show(today, sizeof today, kaiji_date_today(), KAIJI_DATE_WAREKI);
    cr_expect_not_null(strstr(text, "作成日"));
    cr_expect_not_null(strstr(text, today), "no 作成日 %s in 和暦", today);
    cr_expect_not_null(strstr(text, "令和8年11月26日"), "no 基準日 in 和暦");
    cr_expect_null(strstr(text, "2026-11-26"), "a second date style");
    cr_expect_null(strstr(text, "file://"), "the browser's footer (the address) was printed");
    cr_expect_null(strstr(text, "今後日本語"), "a developer's note");
    expect_page_numbers(text, f.pages);

    /* No English in a Japanese report but codes, file names and names. */
    char jpath[4400], allowed[8192], bad[2048];
    snprintf(jpath, sizeof jpath, "%s/report.json", dir);
    char *json = t_slurp(jpath, NULL);
    code_words(json, allowed, sizeof allowed - 512);
    strcat(allowed, "kaiji SHA MDS SDS MDS2 NEMA HIMSS JAHIS JIRA MHLW Excel OpenDocument xlsx xls "
                    "Ver r7 mds pw");
    english_words(text, allowed, bad, sizeof bad);
    cr_expect_str_eq(bad, "", "English words in the Japanese report: %s", bad);
    free(json);
    free(text);
}

Test(html_print, the_status_report_prints_page_numbers_and_local_times, .timeout = 300)
{
    ts_env e;
    char args[8192], *out = NULL;
    ts_env_init(&e);
    snprintf(args, sizeof args, "register import '%s'", t_src("samples/register/contracts.csv"));
    cr_assert_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    snprintf(args, sizeof args, "ingest --as-of " AS_OF " '%s'", t_src("samples/checklist"));
    ts_kaiji(&e, args, &out);
    free(out);
    snprintf(args, sizeof args,
             "status --format html --as-of " AS_OF " --org 'Kaiji 記念病院' --reviewer 佐藤花子"
             " --dates western > status.html 2>/dev/null; true");
    ts_kaiji(&e, args, &out);
    free(out);
    char path[4400];
    snprintf(path, sizeof path, "%s/status.html", e.dir);
    char *html = t_slurp(path, NULL);
    cr_expect_null(strstr(html, "Z</td>"), "a UTC timestamp in the report");
    cr_expect_not_null(strstr(html, "2026年11月26日"), "no western 基準日");
    cr_expect_null(strstr(html, "令和8年11月26日"), "a second date style");
    free(html);
    const char *pdf = print_pdf_as(path, true);
    pdf_facts f = pdf_info(pdf);
    char *text = pdf_text(pdf);
    cr_expect_not_null(strstr(text, "Kaiji 記念病院"), "no hospital name");
    cr_expect_not_null(strstr(text, "佐藤花子"), "no reviewer");
    expect_page_numbers(text, f.pages);
    free(text);
}

Test(html_validate, without_names_the_report_leaves_lines_to_fill_in)
{
    const char *path = "samples/mds-sds/mds-5.0-good.xlsx";
    const char *paths[] = {t_src(path)};
    size_t len;
    char *html = validate_report(paths, 1, &len);
    htmlDocPtr doc = parse(html, len);
    cr_expect_eq(xcount(doc, "//table[@class='sign']//td"), 2, "two boxes to sign");
    cr_expect_eq(xcount(doc, "//p[@class='org']/span[@class='blank']"), 1,
                 "a line for the hospital's name");
    cr_expect_eq(xcount(doc, "//td[@class='report-date']"), 1);
    cr_expect_null(strstr(html, "今後日本語"), "a developer's note");
    xmlFreeDoc(doc);
    free(html);
}

Test(html_validate, a_hostile_hospital_name_cannot_leave_the_page_footers_style)
{
    kaiji_html *h = NULL;
    kaiji_html_options o;
    kaiji_html_options_init(&o);
    o.as_of = AS_OF;
    o.organization = "\"; } </style><script>alert(1)</script> \\";
    o.author = HOSTILE;
    cr_assert_eq(kaiji_html_begin(&h, NULL, &o), KAIJI_OK);
    cr_assert_eq(kaiji_html_end(h), KAIJI_OK);
    size_t len;
    const char *data = kaiji_html_data(h, &len);
    cr_expect_null(strstr(data, "<script>"), "markup got out");
    htmlDocPtr doc = parse(data, len);
    cr_expect_eq(xcount(doc, "//style"), 1);
    cr_expect_eq(xcount(doc, "//script"), 0);
    xmlFreeDoc(doc);
    kaiji_html_free(h);
}

Test(html_status, a_data_folders_style_may_number_the_pages_in_margin_boxes)
{
    char dir[4096], path[4400];
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(path, sizeof path, "%s/report.css", dir);
    static const char css[] = "@page { size: A4; @top-right { content: \"\"; }"
                              " @bottom-center { content: counter(page) \" / \" counter(pages); } }";
    t_spit(path, css, strlen(css));
    kaiji_status_report r = {0};
    kaiji_html_options o;
    kaiji_html_options_init(&o);
    o.data_dir = dir;
    char *html = NULL;
    cr_assert_eq(kaiji_html_status_string(&html, NULL, &r, &o), KAIJI_OK);
    cr_expect_not_null(strstr(html, "@bottom-center"));
    free(html);
}
