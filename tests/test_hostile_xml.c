/*
 * tests/test_hostile_xml.c - XML that attacks every XML reader (kaiji XML,
 * SpreadsheetML 2003, parseMDS2 XML and the parts of an XLSX): external
 * entities naming local files, DTDs on the network, the billion laughs,
 * deep nesting, a million attributes.
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* n attributes a0="" a1="" ... (malloc'd). */
static char *many_attributes(size_t n)
{
    size_t cap = n * 16 + 1, used = 0;
    char *a = malloc(cap);
    cr_assert_not_null(a);
    a[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(a + used, cap - used, " a%zu=\"\"", i);
    return a;
}

/* libxml2 2.9 compares each attribute of a tag with every one before it: one
 * element of 100,000 attributes took 6 s, of a million about ten minutes.
 * Tags of more than 128 are refused before libxml2 reads them, in a part of a
 * workbook as in an XML file. */
Test(hostile_xml, an_element_of_a_million_attributes_is_refused_at_once)
{
    char *attrs = many_attributes(1000000);
    size_t cap = strlen(attrs) + 512, len;
    char *text = malloc(cap);
    cr_assert_not_null(text);

    snprintf(text, cap, "<sheetData><row r=\"1\"%s/></sheetData>", attrs);
    unsigned char *x = xf_simple(NULL, text, &len);
    h_expect_mem(x, len, "attributes.xlsx", NULL, "file-unsafe");
    free(x);
    snprintf(text, cap,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kaiji-document "
             "xmlns=\"urn:kaiji:document:1\" kaiji=\"1\"%s/>", attrs);
    h_expect_mem(text, strlen(text), "attributes.xml", NULL, "file-unsafe");
    free(text);
    free(attrs);
}

/* =========================================================================
 * XML: external entities, the network, billion laughs, nesting
 * ========================================================================= */

typedef struct xml_case {
    const char *what;
    const char *sample;  /* under samples/ */
    const char *part;    /* the XLSX part, or NULL for an XML file */
    const char *value;   /* a value echoed in the JSON output, replaced */
    const char *root;    /* the DOCTYPE's root name */
    const char *save_as; /* file name */
    int echoed;          /* the value appears in the JSON output */
} xml_case;

static const xml_case xml_cases[] = {
    {"kaiji XML", "exchange/vendor-r7-no-without-target-date.xml", NULL,
     "架空メディカルシステムズ株式会社", "kaiji-document", "kaiji.xml", 1},
    {"SpreadsheetML 2003", "checklist/vendor-r7-ss2003.xml", NULL, "Example Imaging Inc.",
     "Workbook", "ss2003.xml", 1},
    {"parseMDS2 XML", "mds2/mds2-hn1-2019-parsemds2.xml", NULL, "Example Imaging Inc.",
     "mds2", "mds2.xml", 1},
    {"XLSX shared strings", "mds-sds/mds-5.0-good.xlsx", "xl/sharedStrings.xml",
     "<t>架空メディカルシステムズ株式会社</t>", "sst", "sst.xlsx", 1},
    {"XLSX worksheet", "mds-sds/mds-5.0-good.xlsx", "xl/worksheets/sheet1.xml",
     "<c r=\"C4\" t=\"s\"><v>3</v></c>", "worksheet", "sheet.xlsx", 1},
    {"XLSX workbook", "mds-sds/mds-5.0-good.xlsx", "xl/workbook.xml", "name=\"開示書\"",
     "workbook", "workbook.xlsx", 0},
};
#define XML_CASES (sizeof xml_cases / sizeof xml_cases[0])

/* The text that takes the place of c->value: ref for XML files, wrapped to
 * stay where the value was in XLSX parts. */
static void wrap_value(char *out, size_t cap, const xml_case *c, const char *ref)
{
    if (!c->part)
        snprintf(out, cap, "%s", ref);
    else if (strstr(c->value, "<t>"))
        snprintf(out, cap, "<t>%s</t>", ref);
    else if (strstr(c->value, "<c "))
        snprintf(out, cap, "<c r=\"C4\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref);
    else
        snprintf(out, cap, "name=\"%s\"", ref);
}

static const char *sample_path(const xml_case *c)
{
    static char rel[512];
    snprintf(rel, sizeof rel, "samples/%s", c->sample);
    return rel;
}

/* The case's sample with value replaced by value_text and prolog (a DOCTYPE)
 * put after the XML declaration; written to dir/name. */
static const char *make_variant(const char *dir, const char *name, const xml_case *c,
                                const char *prolog, const char *value_text)
{
    char *text, *a, *b;
    size_t len;
    const char *path;

    if (c->part)
        text = h_xlsx_part(t_src(sample_path(c)), c->part, &len);
    else
        text = t_slurp(t_src(sample_path(c)), &len);
    a = h_replace(text, len, c->value, value_text, &len);
    b = h_replace(a, len, "", prolog, &len);
    if (c->part) {
        size_t xlen;
        unsigned char *x = h_xlsx_with_part(t_src(sample_path(c)), c->part, b, len, &xlen);
        path = h_put(dir, name, x, xlen);
        free(x);
    } else {
        path = h_put(dir, name, b, len);
    }
    free(text);
    free(a);
    free(b);
    return path;
}

/* Every output kaiji makes of path: validate in text, JSON and CSV, convert
 * to JSON and XML (to stdout and to a file).  Asserts marker is in none of
 * them, nothing crashed, and returns the JSON validate output (malloc'd). */
static char *all_outputs_without(const char *path, const char *dir, const char *marker)
{
    static const char *const formats[] = {"text", "json", "csv"};
    char out_file[8192];
    char *json = NULL;
    size_t i;

    for (i = 0; i < 3; i++) {
        h_run r;
        h_kaiji(&r, 30, (const char *const[]){"validate", "--format", formats[i], path, NULL});
        cr_assert_eq(r.signal, 0, "%s: signal %d", path, r.signal);
        cr_assert_not(h_contains(r.out, r.out_len, marker), "%s: the secret is in the %s output",
                      path, formats[i]);
        cr_assert_not(h_contains(r.err, r.err_len, marker), "%s: the secret is on stderr", path);
        if (i == 1) {
            json = r.out;
            r.out = NULL;
        }
        h_run_free(&r);
    }
    for (i = 0; i < 2; i++) {
        const char *to = i ? "xml" : "json";
        h_run r;
        size_t n;
        char *conv;
        snprintf(out_file, sizeof out_file, "%s/converted.%s", dir, to);
        unlink(out_file);
        h_kaiji(&r, 30, (const char *const[]){"convert", "--to", to, path, NULL});
        cr_assert_eq(r.signal, 0);
        cr_assert_not(h_contains(r.out, r.out_len, marker), "%s: the secret is in convert --to %s",
                      path, to);
        cr_assert_not(h_contains(r.err, r.err_len, marker));
        h_run_free(&r);
        h_kaiji(&r, 30, (const char *const[]){"convert", "--to", to, "-o", out_file, path, NULL});
        cr_assert_eq(r.signal, 0);
        cr_assert_not(h_contains(r.out, r.out_len, marker));
        cr_assert_not(h_contains(r.err, r.err_len, marker));
        h_run_free(&r);
        if (access(out_file, F_OK) == 0) {
            conv = t_slurp(out_file, &n);
            cr_assert_not(h_contains(conv, n, marker), "%s: the secret is in %s", path, out_file);
            free(conv);
        }
    }
    return json;
}

typedef struct dtd_variant {
    const char *what;
    const char *prolog; /* %1$s the root, %2$s the folder, %3$s the port */
    const char *ref;    /* what takes the value's place */
    const char *code;   /* expected finding, NULL for whatever the reader says */
} dtd_variant;

static const dtd_variant local_variants[] = {
    {"external entity, absolute file URL",
     "<!DOCTYPE %1$s [<!ENTITY xxe SYSTEM \"file://%2$s/secret.txt\">]>", "&xxe;", "file-unsafe"},
    {"external entity, relative path",
     "<!DOCTYPE %1$s [<!ENTITY xxe SYSTEM \"secret.txt\">]>", "&xxe;", "file-unsafe"},
    {"external DTD defining the entity", "<!DOCTYPE %1$s SYSTEM \"file://%2$s/secret.dtd\">",
     "&xxe;", "file-unsafe"},
    {"parameter entity loading a DTD",
     "<!DOCTYPE %1$s [<!ENTITY %% p SYSTEM \"file://%2$s/secret.dtd\"> %%p;]>", "&xxe;",
     "file-unsafe"},
    {"DTD after a comment and a PI",
     "<!-- x --><?pi x?>\n<!DOCTYPE %1$s [<!ENTITY xxe SYSTEM \"file://%2$s/secret.txt\">]>",
     "&xxe;", "file-unsafe"},
    {"XInclude of the file as text", "",
     "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://%2$s/secret.txt\" "
     "parse=\"text\"/>",
     NULL},
};

static const dtd_variant net_variants[] = {
    {"DOCTYPE SYSTEM on the network", "<!DOCTYPE %1$s SYSTEM \"http://127.0.0.1:%3$s/x.dtd\">",
     NULL, "file-unsafe"},
    {"DOCTYPE PUBLIC on the network",
     "<!DOCTYPE %1$s PUBLIC \"-//kaiji//hostile//EN\" \"http://127.0.0.1:%3$s/x.dtd\">", NULL,
     "file-unsafe"},
    {"external entity on the network",
     "<!DOCTYPE %1$s [<!ENTITY xxe SYSTEM \"http://127.0.0.1:%3$s/e\">]>", "&xxe;",
     "file-unsafe"},
    {"parameter entity on the network",
     "<!DOCTYPE %1$s [<!ENTITY %% p SYSTEM \"http://127.0.0.1:%3$s/p\"> %%p;]>", NULL,
     "file-unsafe"},
    {"DTD on the discard port 9", "<!DOCTYPE %1$s SYSTEM \"http://127.0.0.1:9/x.dtd\">", NULL,
     "file-unsafe"},
    {"XInclude on the network", "",
     "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"http://127.0.0.1:%3$s/x\"/>",
     NULL},
    {"a stylesheet PI on the network",
     "<?xml-stylesheet type=\"text/xsl\" href=\"http://127.0.0.1:%3$s/s.xsl\"?>", NULL, NULL},
};

/* printf of a variant's pattern with the root, folder and port. */
static void fill(char *out, size_t cap, const char *pattern, const char *root, const char *dir,
                 const char *port)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(out, cap, pattern, root, dir, port);
#pragma GCC diagnostic pop
}

/* The code of the first finding of document i in a validate JSON output. */
static char *json_first_code(const char *json, int i)
{
    cJSON *root = cJSON_Parse(json), *docs, *d, *f, *code;
    char *out;

    cr_assert_not_null(root, "the JSON output does not parse: %.300s", json);
    docs = cJSON_GetObjectItemCaseSensitive(root, "documents");
    d = cJSON_GetArrayItem(docs, i);
    cr_assert_not_null(d);
    f = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "findings"), 0);
    code = f ? cJSON_GetObjectItemCaseSensitive(f, "code") : NULL;
    out = strdup(code && cJSON_IsString(code) ? code->valuestring : "(none)");
    cJSON_Delete(root);
    return out;
}

Test(hostile_xml, a_local_file_named_by_an_entity_reaches_no_output_in_any_reader,
     .timeout = 120)
{
    const char *tmp = t_tmpdir();
    char dir[4096], marker[64], text[4096], ref[4096], prolog[4096], name[128];
    size_t i, v;

    snprintf(dir, sizeof dir, "%s", tmp);
    snprintf(marker, sizeof marker, "KAIJI-SECRET-%ld-%lx", (long)getpid(),
             (unsigned long)time(NULL) * 2654435761ul);
    snprintf(text, sizeof text, "%s\n", marker);
    h_put(dir, "secret.txt", text, strlen(text));
    snprintf(text, sizeof text, "<!ENTITY xxe \"%s\">\n", marker);
    h_put(dir, "secret.dtd", text, strlen(text));
    for (i = 0; i < XML_CASES; i++) {
        const xml_case *c = &xml_cases[i];
        char *json, *code;
        /* The control: the secret written in the value's place is printed, so
         * the checks below would see it if an entity brought it in. */
        if (c->echoed) {
            h_run r;
            wrap_value(ref, sizeof ref, c, marker);
            snprintf(name, sizeof name, "control-%s", c->save_as);
            const char *path = make_variant(dir, name, c, "", ref);
            h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
            cr_assert(h_contains(r.out, r.out_len, marker),
                      "%s: the control does not echo the value: %.400s", c->what, r.out);
            h_run_free(&r);
        }
        for (v = 0; v < sizeof local_variants / sizeof local_variants[0]; v++) {
            const dtd_variant *dv = &local_variants[v];
            char *path;
            fill(prolog, sizeof prolog, dv->prolog, c->root, dir, "");
            fill(text, sizeof text, dv->ref, c->root, dir, "");
            wrap_value(ref, sizeof ref, c, text);
            snprintf(name, sizeof name, "v%zu-%s", v, c->save_as);
            path = strdup(make_variant(dir, name, c, prolog, ref));
            json = all_outputs_without(path, dir, marker);
            code = json_first_code(json, 0);
            if (dv->code)
                cr_assert_str_eq(code, dv->code, "%s, %s: %s", c->what, dv->what, code);
            free(code);
            free(json);
            free(path);
        }
    }
}

Test(hostile_xml, a_dtd_on_the_network_is_never_fetched_by_any_reader, .timeout = 120)
{
    const char *tmp = t_tmpdir();
    char dir[4096], port[16], text[4096], ref[4096], prolog[4096], name[128];
    h_listener l;
    size_t i, v;
    int s;
    struct sockaddr_in a;

    snprintf(dir, sizeof dir, "%s", tmp);
    h_listen(&l);
    snprintf(port, sizeof port, "%d", l.port);
    /* The control: a connection to the listener is counted. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)l.port);
    cr_assert_eq(connect(s, (struct sockaddr *)&a, sizeof a), 0);
    close(s);
    usleep(10000);
    cr_assert_eq(h_connections(&l), 1, "the listener does not count connections");

    for (i = 0; i < XML_CASES; i++) {
        const xml_case *c = &xml_cases[i];
        for (v = 0; v < sizeof net_variants / sizeof net_variants[0]; v++) {
            const dtd_variant *dv = &net_variants[v];
            char *path, *code;
            h_run r;
            fill(prolog, sizeof prolog, dv->prolog, c->root, dir, port);
            if (dv->ref) {
                fill(text, sizeof text, dv->ref, c->root, dir, port);
                wrap_value(ref, sizeof ref, c, text);
            } else {
                snprintf(ref, sizeof ref, "%s", c->value);
            }
            snprintf(name, sizeof name, "n%zu-%s", v, c->save_as);
            path = strdup(make_variant(dir, name, c, prolog, ref));
            h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
            cr_assert_eq(r.signal, 0, "%s, %s: signal %d", c->what, dv->what, r.signal);
            cr_assert_lt(r.seconds, 10.0, "%s, %s: %.1f s (waiting on the network?)", c->what,
                         dv->what, r.seconds);
            code = json_first_code(r.out, 0);
            if (dv->code)
                cr_assert_str_eq(code, dv->code, "%s, %s: %s", c->what, dv->what, code);
            free(code);
            h_run_free(&r);
            h_kaiji(&r, 30, (const char *const[]){"convert", "--to", "xml", path, NULL});
            h_run_free(&r);
            cr_assert_eq(h_connections(&l), 0, "%s, %s: kaiji connected to the network",
                         c->what, dv->what);
            free(path);
        }
    }
    h_listen_close(&l);
}

/* Ten levels of ten: 10^9 "lol" when expanded. */
static const char laughs[] =
    "<!DOCTYPE %1$s [<!ENTITY lol \"lol\">"
    "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

Test(hostile_xml, a_billion_laughs_is_refused_as_unsafe_at_once_in_every_reader)
{
    const char *dir = t_tmpdir();
    char prolog[4096], ref[256];
    size_t i;

    for (i = 0; i < XML_CASES; i++) {
        const xml_case *c = &xml_cases[i];
        size_t len;
        char *bytes;
        fill(prolog, sizeof prolog, laughs, c->root, "", "");
        wrap_value(ref, sizeof ref, c, "&lol9;");
        bytes = t_slurp(make_variant(dir, c->save_as, c, prolog, ref), &len);
        h_expect_mem(bytes, len, c->save_as, NULL, "file-unsafe");
        free(bytes);
    }
}

Test(hostile_xml, nesting_a_hundred_thousand_elements_deep_is_corrupt_not_a_crash)
{
    const char *dir = t_tmpdir();
    const size_t depth = 100000;
    size_t i;
    char *deep = malloc(depth * 7 + 1);

    cr_assert_not_null(deep);
    for (i = 0; i < depth; i++)
        memcpy(deep + 3 * i, "<x>", 3);
    for (i = 0; i < depth; i++)
        memcpy(deep + 3 * depth + 4 * i, "</x>", 4);
    deep[7 * depth] = '\0';
    for (i = 0; i < XML_CASES; i++) {
        const xml_case *c = &xml_cases[i];
        size_t len;
        char *bytes;
        if (c->part && !strstr(c->value, "<t>"))
            continue; /* the deep text goes where text goes */
        bytes = t_slurp(make_variant(dir, c->save_as, c, "", deep), &len);
        if (c->part) {
            /* libxml2's push parser (XLSX parts) does not cap the depth:
             * the text is read, in time and memory linear in the input. */
            double t = h_seconds();
            kaiji_document *doc = h_read_mem(bytes, len, c->save_as, NULL);
            t = h_seconds() - t;
            cr_assert(kaiji_document_readable(doc) ||
                          strcmp(t_first_code(doc), "file-corrupt") == 0,
                      "%s: %s (%s)", c->what, t_first_code(doc), t_first_message(doc));
            cr_assert_lt(t, H_QUICK_SECONDS, "%s took %.2f s", c->what, t);
            kaiji_document_free(doc);
        } else {
            /* libxml2 stops at 256 levels; the kaiji XML reader counts the
             * elements first (200,000 here, over its 100,000). */
            double t = h_seconds();
            kaiji_document *doc = h_read_mem(bytes, len, c->save_as, NULL);
            t = h_seconds() - t;
            cr_assert(!kaiji_document_readable(doc) &&
                          (strcmp(t_first_code(doc), "file-corrupt") == 0 ||
                           strcmp(t_first_code(doc), "file-too-large") == 0),
                      "%s: %s (%s)", c->what, t_first_code(doc), t_first_message(doc));
            cr_assert_lt(t, H_QUICK_SECONDS, "%s took %.2f s", c->what, t);
            kaiji_document_free(doc);
        }
        free(bytes);
    }
    free(deep);
}
