/*
 * tests/test_serve_dash.c - kaiji serve's dashboard filters over loopback
 * (tests/support/serve.h): by a contract state (the counts are links), by a
 * contract number, vendor or product typed in any width or case, "owes
 * something" only; the counts stay those of the whole register, the filter
 * is shown with a way to clear it, a state it does not know is ignored.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/serve.h"
#include "support/support.h"

TestSuite(dash, .init = t_serve_start, .fini = t_serve_stop, .timeout = 120);

static const char *const every_contract[] = {"EXI-JP-2026-3", "KMS-2026-017", "KMS-2026-018",
                                             "SMD-2026-001",  "SMP-2026-0042", "TST-24-001",
                                             "TST-24-003"};
#define CONTRACTS (sizeof every_contract / sizeof every_contract[0])

/* Whether the dashboard's table links contract id. */
static bool lists(const char *body, const char *id)
{
    char link[128];
    snprintf(link, sizeof link, "<a href=\"/contract/%s\">", id);
    return strstr(body, link) != NULL;
}

/* The counts' section of a dashboard, copied. */
static char *counts_of(const char *body)
{
    const char *a = strstr(body, "<section class=\"counts\">");
    const char *b = a ? strstr(a, "</section>") : NULL;
    cr_assert(a && b, "no counts on the dashboard");
    return strndup(a, (size_t)(b - a));
}

typedef struct filter_case {
    const char *query;      /* after "/?" */
    const char *shown;      /* the contracts listed, space-separated */
    bool filtered;          /* the filter is shown with a link that clears it */
} filter_case;

static const filter_case cases[] = {
    /* ｋｍｓ in full width matches KMS- */
    {"q=%EF%BD%8B%EF%BD%8D%EF%BD%93", "KMS-2026-017 KMS-2026-018", true},
    /* ｻﾝﾌﾟﾙ in half-width kana matches サンプル in the vendor's and product's names */
    {"q=%EF%BD%BB%EF%BE%9D%EF%BE%8C%EF%BE%9F%EF%BE%99", "SMD-2026-001 SMP-2026-0042", true},
    /* a product's name: ＰＡＣＳ in full width */
    {"q=%EF%BC%B0%EF%BC%A1%EF%BC%A3%EF%BC%B3", "SMP-2026-0042", true},
    /* a contract number with a zero-width space pasted into it */
    {"q=tst-24-%E2%80%8B003", "TST-24-003", true},
    {"state=not-required", "TST-24-003", true},
    {"state=not-required&q=kms", "", true},
    {"owes=1&q=tst", "TST-24-001", true},
    /* a state kaiji does not know, or markup in its place: no filter */
    {"state=%3Cscript%3E", "EXI-JP-2026-3 KMS-2026-017 KMS-2026-018 SMD-2026-001 "
                           "SMP-2026-0042 TST-24-001 TST-24-003", false},
    {"state=&q=&owes=0", "EXI-JP-2026-3 KMS-2026-017 KMS-2026-018 SMD-2026-001 "
                         "SMP-2026-0042 TST-24-001 TST-24-003", false},
};

Test(dash, each_filter_lists_the_contracts_it_matches_and_the_counts_stay_the_registers)
{
    CURL *h = t_signed_in();
    t_reply all = t_serve_get(h, "/", NULL);
    cr_assert_eq(all.code, 200);
    char *counts = counts_of(all.body);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "/?%s", cases[i].query);
        t_reply r = t_serve_get(h, path, NULL);
        cr_expect_eq(r.code, 200, "%s answered %ld", path, r.code);
        for (size_t k = 0; k < CONTRACTS; k++) {
            char word[64];
            snprintf(word, sizeof word, "%s", every_contract[k]);
            bool want = false;
            for (const char *p = strstr(cases[i].shown, word); p; p = strstr(p + 1, word))
                want |= (p == cases[i].shown || p[-1] == ' ') &&
                        (p[strlen(word)] == ' ' || p[strlen(word)] == '\0');
            cr_expect_eq(lists(r.body, word), want, "%s: %s %s", path, word,
                         want ? "not listed" : "listed");
        }
        char *c = counts_of(r.body);
        /* the same numbers; only the chosen state's box is marked */
        char *chosen = strstr(c, " chosen");
        if (chosen)
            memmove(chosen, chosen + 7, strlen(chosen + 7) + 1);
        cr_expect_str_eq(c, counts, "%s changed the counts", path);
        free(c);
        cr_expect_eq(strstr(r.body, "id=\"filtered\"") != NULL, cases[i].filtered,
                     "%s: the filter %s", path, cases[i].filtered ? "not shown" : "shown");
        if (cases[i].filtered) {
            cr_expect_not_null(strstr(r.body, "フィルターを解除"), "%s: no way to clear", path);
            if (!cases[i].shown[0])
                cr_expect_not_null(strstr(r.body, "条件に合う契約はありません"), "%s", path);
        }
        cr_expect_null(strstr(r.body, "<script>"), "%s echoed markup", path);
        t_reply_free(&r);
    }
    free(counts);
    t_reply_free(&all);
    curl_easy_cleanup(h);
}

Test(dash, each_count_links_to_its_state_and_the_text_typed_stays_in_the_form_escaped)
{
    CURL *h = t_signed_in();
    t_reply r = t_serve_get(h, "/", NULL);
    cr_assert_eq(r.code, 200);
    static const char *const states[] = {"overdue", "invalid", "missing", "outdated", "complete",
                                         "not-required"};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        char link[64];
        snprintf(link, sizeof link, "<a href=\"/?state=%s\">", states[i]);
        cr_expect_not_null(strstr(r.body, link), "no link %s", link);
    }
    cr_expect_not_null(strstr(r.body, "<form method=\"get\" action=\"/\" class=\"filter\""));
    t_reply_free(&r);
    r = t_serve_get(h, "/?q=%22%3E%3Cb%3Ex&state=overdue", NULL);
    cr_expect_not_null(strstr(r.body, "value=\"&quot;&gt;&lt;b&gt;x\""), "the text not kept");
    cr_expect_null(strstr(r.body, "<b>x"), "the text unescaped");
    cr_expect_not_null(strstr(r.body, "name=\"state\" value=\"overdue\""),
                       "the state not kept when the text is sent");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}

/* The CSRF token of the upload form, copied into buf. */
static void upload_csrf(CURL *h, char *buf, size_t size)
{
    t_reply r = t_serve_get(h, "/upload", NULL);
    const char *p = strstr(r.body, "/upload?csrf=");
    cr_assert_not_null(p, "the upload form has no CSRF token");
    p += strlen("/upload?csrf=");
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    t_reply_free(&r);
}

static t_reply post_one(CURL *h, const char *query, const char *file)
{
    curl_mime *m = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(m);
    curl_mime_name(part, "files");
    cr_assert_eq(curl_mime_filedata(part, t_src(file)), CURLE_OK);
    t_reply r = t_request(h, "POST", query, m);
    curl_mime_free(m);
    return r;
}

Test(dash, one_file_sent_with_one_1_is_answered_with_its_row_alone_and_recorded)
{
    CURL *h = t_signed_in();
    char csrf[80], path[160];
    upload_csrf(h, csrf, sizeof csrf);
    snprintf(path, sizeof path, "/upload?csrf=%s&one=1", csrf);
    t_reply r = post_one(h, path, "samples/mds-sds/mds-5.0-good.xlsx");
    cr_assert_eq(r.code, 200, "%s", r.body);
    cr_expect_eq(strncmp(r.body, "<tr><td class=\"path\">mds-5.0-good.xlsx</td>", 43), 0,
                 "not one row:\n%s", r.body);
    cr_expect_null(strstr(r.body, "<html"), "a whole page:\n%s", r.body);
    cr_expect_null(strstr(r.body + 1, "<tr>"), "more than one row:\n%s", r.body);
    cr_expect_not_null(strstr(r.body, "href=\"/contract/KMS-2026-017\""), "%s", r.body);
    cr_expect_not_null(strstr(r.headers, "text/html"), "%s", r.headers);
    t_reply_free(&r);
    /* without the form's token: refused as any upload, nothing recorded */
    r = post_one(h, "/upload?one=1", "samples/checklist/vendor-r8-good.xlsx");
    cr_expect_eq(r.code, 403, "%ld", r.code);
    t_reply_free(&r);
    r = t_serve_get(h, "/contract/KMS-2026-017", NULL);
    cr_expect_not_null(strstr(r.body, "mds-5.0-good.xlsx"), "the file was not recorded");
    cr_expect_null(strstr(r.body, "vendor-r8-good.xlsx"), "a refused file was recorded");
    t_reply_free(&r);
    curl_easy_cleanup(h);
}
