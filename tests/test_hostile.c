/*
 * tests/test_hostile.c - the hostile corpus of issue 5: every input is built
 * here (or in tests/support/hostile.c) from code, each case states the
 * finding it must give and, where it matters, the time and memory it may
 * take.  tests/hostile/README.md lists the cases and the figures measured.
 *
 * Big inputs (a part that inflates past the 256 MiB default cap, a sheet of
 * a million rows, a million shared strings) are generated once into
 * build/tmp/hostile-cache/ and read by build/kaiji in a child process, whose
 * wall-clock time is limited by alarm() and whose peak RSS comes from wait4().
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
#include "text/text.h"

/* ---- bounds ---------------------------------------------------------------
 * Stated here and in tests/hostile/README.md.  Under ASan (make asan) the
 * child is an ASan build: its shadow memory and quarantine raise the RSS, its
 * checks slow it down, so the bounds are relaxed there. */
#define BIG_TIMEOUT_S    (H_SANITIZED ? 300u : 60u)   /* alarm() on a big child run */
#define BIG_SECONDS      (H_SANITIZED ? 120.0 : 30.0) /* asserted wall clock */
#define CAP_RSS_MIB      (H_SANITIZED ? 300L : 200L)  /* a run that meets the 256 MiB cap */
#define BIG_RSS_MIB      (H_SANITIZED ? 1536L : 512L) /* a million rows / strings */
#define SMALL_RSS_MIB    (H_SANITIZED ? 400L : 64L)   /* small hostile files */
#define QUICK_SECONDS    (H_SANITIZED ? 20.0 : 2.0)   /* one in-process read */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads len bytes named name with the default limits, or lim. */
static kaiji_document *read_mem(const void *data, size_t len, const char *name,
                                const kaiji_limits *lim)
{
    kaiji_read_options o;
    kaiji_document *doc = NULL;

    kaiji_read_options_init(&o);
    if (lim)
        o.limits = *lim;
    cr_assert_eq(kaiji_read_memory(&doc, data, len, name, &o), KAIJI_OK, "%s", name);
    cr_assert_not_null(doc);
    return doc;
}

static const char *first_code(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_code(kaiji_document_finding(doc, 0))
               : "(none)";
}

static const char *first_message(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_message(kaiji_document_finding(doc, 0))
               : "(none)";
}

/* Asserts doc was refused with code as its finding. */
static void assert_refused(const kaiji_document *doc, const char *code, const char *what)
{
    cr_assert_not(kaiji_document_readable(doc), "%s: read, expected %s", what, code);
    cr_assert_str_eq(first_code(doc), code, "%s: %s (%s), expected %s", what,
                     first_code(doc), first_message(doc), code);
}

/* Reads and frees, asserting the refusal and that it took < QUICK_SECONDS. */
static void expect_mem(const void *data, size_t len, const char *name,
                       const kaiji_limits *lim, const char *code)
{
    double t = seconds_now();
    kaiji_document *doc = read_mem(data, len, name, lim);

    t = seconds_now() - t;
    assert_refused(doc, code, name);
    cr_assert_lt(t, QUICK_SECONDS, "%s took %.2f s", name, t);
    kaiji_document_free(doc);
}

/* Runs validate on the file at path (what names it in messages) and checks
 * it gives expect within BIG_SECONDS and rss_mib of memory. */
static void run_within(const char *path, const char *what, const char *expect, long rss_mib)
{
    h_run r;

    h_kaiji(&r, BIG_TIMEOUT_S, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "%s: killed by signal %d after %.1f s", what, r.signal, r.seconds);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s: exit %d %s", what, r.exit_code, r.err);
    cr_assert(h_contains(r.out, r.out_len, expect), "%s: %.600s", what, r.out);
    cr_assert_lt(r.seconds, BIG_SECONDS, "%s took %.1f s", what, r.seconds);
    cr_assert_lt(r.maxrss_kib, rss_mib * 1024, "%s: peak RSS %ld KiB", what, r.maxrss_kib);
    fprintf(stderr, "MEASURE %s seconds=%.2f maxrss_kib=%ld\n", what, r.seconds, r.maxrss_kib);
    h_run_free(&r);
}

/* Writes data into dir/name; returns the path (static buffer). */
static const char *put(const char *dir, const char *name, const void *data, size_t len)
{
    static char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, data, len);
    return path;
}

static char *slurp_src(const char *rel, size_t *len)
{
    return t_slurp(t_src(rel), len);
}

/* A text of the sheet body kind used by the in-memory bombs: a worksheet
 * part whose sheetData holds n bytes of blocks of spaces around empty
 * elements, a few random letters per KiB when noisy (≈ 70:1 deflated), none
 * when not (≈ 1000:1). */
static char *bomb_sheet(size_t n, int noisy)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    static const char tail[] = "</sheetData></worksheet>";
    size_t hl = strlen(head), tl = strlen(tail), i;
    char *s = malloc(hl + n + tl + 1);
    uint64_t seed = 42;

    cr_assert_not_null(s);
    memcpy(s, head, hl);
    memset(s + hl, ' ', n);
    for (i = 0; noisy && i + 1024 <= n; i += 1024) {
        unsigned char r[8];
        size_t k;
        h_random(r, sizeof r, &seed);
        memcpy(s + hl + i + 1000, "<x a=\"", 6);
        for (k = 0; k < 8; k++)
            s[hl + i + 1006 + k] = (char)('a' + r[k] % 26);
        memcpy(s + hl + i + 1014, "\"/>", 3);
    }
    memcpy(s + hl + n, tail, tl + 1);
    return s;
}

/* The bytes of an XLSX whose only sheet part is sheet (a whole part). */
static unsigned char *xlsx_of_sheet(const char *sheet, size_t *len)
{
    xf_book b;

    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = sheet;
    return xf_book_bytes(&b, len);
}

/* =========================================================================
 * ZIP bombs, caps and entry names
 * ========================================================================= */

Test(hostile_zip, a_bomb_with_honest_sizes_is_refused_as_too_large_by_its_ratio)
{
    size_t len;
    char *sheet = bomb_sheet(64u << 20, 0);
    unsigned char *x = xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    cr_assert_lt(len, (64u << 20) / 200, "the bomb does not compress enough: %zu", len);
    doc = read_mem(x, len, "bomb.xlsx", NULL);
    assert_refused(doc, "file-too-large", "honest bomb");
    cr_assert(strstr(first_message(doc), "ZIP bomb"), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

typedef struct lie_case {
    const char *what;
    int where;             /* H_LOCAL, H_CENTRAL or both */
    int comp_is_file_size; /* the compressed size claims the whole file */
    uint32_t uncomp;       /* the uncompressed size claimed */
    const char *code;      /* expected finding */
} lie_case;

Test(hostile_zip, a_bomb_whose_headers_lie_about_its_sizes_is_still_refused)
{
    static const lie_case cases[] = {
        {"local header says 1000 bytes", H_LOCAL, 0, 1000, "file-too-large"},
        {"central directory says 1000 bytes", H_CENTRAL, 0, 1000, "file-too-large"},
        {"both headers say 1000 bytes", H_LOCAL | H_CENTRAL, 0, 1000, "file-too-large"},
        {"both headers say 0 bytes", H_LOCAL | H_CENTRAL, 0, 0, "file-too-large"},
        {"both headers say 4 GiB", H_LOCAL | H_CENTRAL, 0, 0xFFFFFFFEu, "file-too-large"},
        {"compressed size claims the whole file", H_LOCAL | H_CENTRAL, 1, 64u << 20,
         "file-too-large"},
    };
    size_t len, i;
    char *sheet = bomb_sheet(64u << 20, 0);
    unsigned char *orig = xlsx_of_sheet(sheet, &len), *x = malloc(len);

    free(sheet);
    cr_assert_not_null(x);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lie_case *c = &cases[i];
        kaiji_document *doc;
        uint32_t comp;
        memcpy(x, orig, len);
        comp = h_zip_comp_size(x, len, "xl/worksheets/sheet1.xml");
        cr_assert_gt(comp, 0);
        h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", c->where,
                        c->comp_is_file_size ? (uint32_t)len : comp, c->uncomp);
        doc = read_mem(x, len, "lying.xlsx", NULL);
        cr_assert_not(kaiji_document_readable(doc), "%s: the bomb was read", c->what);
        cr_assert_str_eq(first_code(doc), c->code, "%s: %s (%s)", c->what, first_code(doc),
                         first_message(doc));
        cr_assert(strstr(first_message(doc), "ZIP bomb"), "%s: %s", c->what, first_message(doc));
        kaiji_document_free(doc);
    }
    free(x);
    free(orig);
}

/* The compressed size is declared too.  A bomb that claims the whole file as
 * its compressed size, in a file padded with a part nobody reads, passes a
 * ratio measured against the claim.  The ratio must be measured against the
 * bytes the part can really occupy. */
Test(hostile_zip, a_bomb_claiming_the_whole_padded_file_as_its_compressed_size_is_refused)
{
    size_t len, i;
    char *sheet = bomb_sheet(8u << 20, 0);
    unsigned char *pad = malloc(256u << 10), *x;
    uint64_t seed = 3;
    xf_book b;
    t_xlsx *t;
    kaiji_document *doc;

    cr_assert_not_null(pad);
    h_random(pad, 256u << 10, &seed);
    /* The workbook of xlsx_of_sheet, plus the padding as an image part. */
    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = sheet;
    x = xf_book_bytes(&b, &len);
    t = t_xlsx_new();
    {
        static const char *const parts[] = {"[Content_Types].xml", "_rels/.rels",
                                            "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                            "xl/styles.xml", "xl/worksheets/sheet1.xml"};
        char path[4096];
        snprintf(path, sizeof path, "%s/padded-src.xlsx", t_tmpdir());
        t_spit(path, x, len);
        for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            size_t n;
            char *text = h_xlsx_part(path, parts[i], &n);
            t_xlsx_add_bytes(t, parts[i], text, n);
            free(text);
        }
    }
    free(x);
    t_xlsx_add_bytes(t, "xl/media/image1.bin", pad, 256u << 10);
    x = t_xlsx_bytes(t, &len);
    free(pad);
    free(sheet);
    /* Honest headers: refused by its ratio. */
    expect_mem(x, len, "padded-honest.xlsx", NULL, "file-too-large");
    /* Claiming the whole file (~ 260 KiB, so 8 MiB is ~ 31:1). */
    h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", H_LOCAL | H_CENTRAL, (uint32_t)len,
                    8u << 20);
    doc = read_mem(x, len, "padded-lying.xlsx", NULL);
    cr_assert_not(kaiji_document_readable(doc),
                  "the 1000:1 bomb was read: its declared compressed size was trusted "
                  "(parser/zipsafe.c kaiji_zip_part_read)");
    cr_assert_str_eq(first_code(doc), "file-too-large", "%s", first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

Test(hostile_zip, lying_headers_never_make_the_command_allocate_what_they_claim)
{
    size_t len;
    unsigned char *x = xf_simple(NULL, "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                       "</sheetData>", &len);
    const char *dir = t_tmpdir(), *path;
    h_run r;

    h_zip_set_sizes(x, len, "xl/worksheets/sheet1.xml", H_LOCAL | H_CENTRAL, 0xFFFFFFF0u,
                    0xFFFFFFFEu);
    path = put(dir, "claims-4GiB.xlsx", x, len);
    h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d", r.signal);
    /* libzip reads the deflate stream to its end and checks the CRC: the
     * sizes claimed are not used, the honest content is read. */
    cr_assert_eq(r.exit_code, 1, "%s%s", r.out, r.err);
    cr_assert(h_contains(r.out, r.out_len, "\"unknown-form\""), "%s", r.out);
    cr_assert_lt(r.maxrss_kib, SMALL_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    h_run_free(&r);
    free(x);
}

/* The workbook's relationships once took about 260 bytes each, however many:
 * a 5 MB file of a million took 262 MiB (a 256 MiB part, about 1 GiB).  A
 * part lists at most 10,000 (1,000 sheets and their parts). */
Test(hostile_zip, a_part_listing_too_many_relationships_is_too_large)
{
    size_t n = 200000, cap = 256 + n * 96, used = 0, len;
    char *rels = malloc(cap);
    cr_assert_not_null(rels);
    used += (size_t)snprintf(rels, cap,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns="
                             "\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                             "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                             "officeDocument/2006/relationships/worksheet\" "
                             "Target=\"worksheets/sheet1.xml\"/>");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(rels + used, cap - used,
                                 "<Relationship Id=\"x%zu\" Type=\"urn:x\" Target=\"p%zu.xml\"/>",
                                 i, i);
    snprintf(rels + used, cap - used, "</Relationships>");
    unsigned char *x = xf_simple(NULL, "<sheetData/>", &len);
    size_t len2;
    char path[4096];
    snprintf(path, sizeof path, "%s/rels-src.xlsx", t_tmpdir());
    t_spit(path, x, len);
    free(x);
    x = h_xlsx_with_part(path, "xl/_rels/workbook.xml.rels", rels, strlen(rels), &len2);
    free(rels);
    expect_mem(x, len2, "rels-200000.xlsx", NULL, "file-too-large");
    free(x);
}

/* The exchange formats are read as trees (cJSON; libxml2 for the schema),
 * which take 30 to 40 bytes of memory a byte of "[0,0,...]" or "<x/><x/>":
 * 30 MB of JSON took 855 MiB, 12 MB of XML 437 MiB.  A document holds at
 * most 100,000 values or elements (a form's export, a few thousand). */
Test(hostile_json, a_document_of_too_many_values_or_elements_is_too_large)
{
    size_t n = 200000, cap = n * 4 + 256;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t used = (size_t)snprintf(text, cap, "{\"kaiji\":\"1\",\"kind\":\"mds\",\"items\":[");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, i ? ",{}" : "{}");
    snprintf(text + used, cap - used, "]}");
    expect_mem(text, strlen(text), "values.json", NULL, "file-too-large");
    used = (size_t)snprintf(text, cap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kaiji-document "
                                       "xmlns=\"urn:kaiji:document:1\" kaiji=\"1\"><items>");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "<x/>");
    snprintf(text + used, cap - used, "</items></kaiji-document>");
    expect_mem(text, strlen(text), "elements.xml", NULL, "file-too-large");
    free(text);
}

/* Each cell format looked for its number format among all of them: 200,000
 * of each (a 530 KB file) took 32 s, a million of each would take minutes.
 * The formats are sorted once. */
Test(hostile_zip, many_number_formats_and_cell_formats_are_matched_in_bounded_time)
{
    size_t n = 200000, cap = n * 96 + 512, used = 0, len;
    char *styles = malloc(cap);
    cr_assert_not_null(styles);
    used += (size_t)snprintf(styles, cap,
                             "<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
                             "spreadsheetml/2006/main\"><numFmts count=\"%zu\">", n);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(styles + used, cap - used,
                                 "<numFmt numFmtId=\"%zu\" formatCode=\"0\"/>", 200 + i);
    used += (size_t)snprintf(styles + used, cap - used, "</numFmts><cellXfs count=\"%zu\">", n);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(styles + used, cap - used, "<xf numFmtId=\"999999\"/>");
    snprintf(styles + used, cap - used, "</cellXfs></styleSheet>");
    xf_book b = {0};
    b.sheet_count = 1;
    b.styles = styles;
    b.bodies[0] = "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>45382</v></c></row></sheetData>";
    unsigned char *x = xf_book_bytes(&b, &len);
    double t = seconds_now();
    kaiji_document *doc = read_mem(x, len, "styles.xlsx", NULL);
    t = seconds_now() - t;
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    cr_assert_lt(t, QUICK_SECONDS, "took %.2f s", t);
    kaiji_document_free(doc);
    free(x);
    free(styles);
}

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
    expect_mem(x, len, "attributes.xlsx", NULL, "file-unsafe");
    free(x);
    snprintf(text, cap,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kaiji-document "
             "xmlns=\"urn:kaiji:document:1\" kaiji=\"1\"%s/>", attrs);
    expect_mem(text, strlen(text), "attributes.xml", NULL, "file-unsafe");
    free(text);
    free(attrs);
}

/* A workbook of cells cells, ten a row, every one showing the one shared
 * string: 32,000 characters (96 KB).  The file stays under 10 KB. */
static unsigned char *fanned_out_string(size_t cells, size_t *len)
{
    size_t cap = 64 + cells * 32 + (cells / 10 + 1) * 32, used = 0;
    char *body = malloc(cap), *sst = malloc(32000 * 3 + 32);
    cr_assert(body && sst);
    used += (size_t)snprintf(body, cap, "<sheetData>");
    for (size_t i = 0; i < cells; i++) {
        if (i % 10 == 0)
            used += (size_t)snprintf(body + used, cap - used, "%s<row r=\"%zu\">",
                                     i ? "</row>" : "", i / 10 + 1);
        used += (size_t)snprintf(body + used, cap - used, "<c t=\"s\"><v>0</v></c>");
    }
    snprintf(body + used, cap - used, "</row></sheetData>");
    size_t n = (size_t)sprintf(sst, "<si><t>");
    for (int i = 0; i < 32000; i++)
        n += (size_t)sprintf(sst + n, "あ");
    sprintf(sst + n, "</t></si>");
    unsigned char *x = xf_simple(sst, body, len);
    free(body);
    free(sst);
    return x;
}

/* Cells showing one long shared string each held a copy of it: an 8 KB file
 * of 20,000 such cells took 1.9 GiB.  They now share it, and the text cells
 * show from shared strings is capped at the part cap (256 MiB). */
Test(hostile_zip, one_shared_string_shown_by_many_cells_is_kept_once_and_capped)
{
    const char *dir = t_tmpdir();
    size_t len;
    unsigned char *x = fanned_out_string(20000, &len);

    cr_assert_lt(len, 16384, "the file is %zu bytes", len);
    run_within(put(dir, "fan-out-20000.xlsx", x, len), "fan-out-20000", "\"file-too-large\"",
               SMALL_RSS_MIB);
    free(x);
    x = fanned_out_string(2500, &len); /* 240 MB shown: under the cap, read */
    run_within(put(dir, "fan-out-2500.xlsx", x, len), "fan-out-2500", "\"unknown-form\"",
               SMALL_RSS_MIB);
    free(x);
}

Test(hostile_zip, a_part_inflating_past_a_small_part_cap_is_too_large)
{
    kaiji_limits lim;
    size_t len;
    char *sheet = bomb_sheet(4u << 20, 1);
    unsigned char *x = xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    kaiji_limits_init(&lim);
    doc = read_mem(x, len, "big.xlsx", &lim);
    cr_assert(kaiji_document_readable(doc), "refused under the defaults: %s",
              first_message(doc));
    kaiji_document_free(doc);
    lim.max_part_size = 1u << 20;
    doc = read_mem(x, len, "big.xlsx", &lim);
    assert_refused(doc, "file-too-large", "part cap");
    cr_assert_str_eq(first_message(doc), "part xl/worksheets/sheet1.xml inflates past 1 MiB");
    kaiji_document_free(doc);
    free(x);
}

/* 260 MiB of sheet text deflating at about 70:1 (3.7 MiB): under the ratio
 * cap, so only the 256 MiB part cap can stop it. */
#define CAP_BLOCKS (260u * 1024u)

static size_t gen_cap_sheet(char *buf, size_t cap, uint64_t *state)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    static const char tail[] = "</sheetData></worksheet>";
    size_t n = 0;

    while (cap - n > 4096) {
        uint64_t i = *state;
        if (i == 0) {
            memcpy(buf + n, head, sizeof head - 1);
            n += sizeof head - 1;
        } else if (i <= CAP_BLOCKS) {
            uint64_t seed = i * 0x9E3779B97F4A7C15ull;
            unsigned char r[8];
            size_t k;
            h_random(r, sizeof r, &seed);
            memset(buf + n, ' ', 1024);
            memcpy(buf + n + 1000, "<x a=\"", 6);
            for (k = 0; k < 8; k++)
                buf[n + 1006 + k] = (char)('a' + r[k] % 26);
            memcpy(buf + n + 1014, "\"/>", 3);
            n += 1024;
        } else if (i == CAP_BLOCKS + 1) {
            memcpy(buf + n, tail, sizeof tail - 1);
            n += sizeof tail - 1;
        } else {
            break;
        }
        (*state)++;
    }
    return n;
}

static void make_cap_bomb(const char *path)
{
    h_xlsx_generated(path, gen_cap_sheet, NULL, 1);
}

Test(hostile_zip, the_default_256_MiB_part_cap_holds_without_allocating_the_part,
     .timeout = 300)
{
    char *path = h_cached("part-260MiB-v1.xlsx", make_cap_bomb);
    size_t len;
    char *bytes = t_slurp(path, &len);
    h_run r;

    free(bytes);
    /* Under the ratio cap: (260 MiB / 200) = 1.3 MiB. */
    cr_assert_gt(len, (260u << 20) / 200, "the part compresses too well: %zu bytes", len);
    h_kaiji(&r, BIG_TIMEOUT_S, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d after %.1f s", r.signal, r.seconds);
    cr_assert_eq(r.exit_code, 1, "%s%s", r.out, r.err);
    cr_assert(h_contains(r.out, r.out_len, "\"file-too-large\""), "%s", r.out);
    cr_assert(h_contains(r.out, r.out_len, "inflates past 256 MiB"), "%s", r.out);
    cr_assert_lt(r.maxrss_kib, CAP_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    cr_assert_lt(r.seconds, BIG_SECONDS, "took %.1f s", r.seconds);
    cr_log_info("256 MiB part cap: %.2f s, peak RSS %ld KiB, file %zu bytes", r.seconds,
                r.maxrss_kib, len);
    fprintf(stderr, "MEASURE part-cap-256MiB seconds=%.2f maxrss_kib=%ld file=%zu\n",
            r.seconds, r.maxrss_kib, len);
    h_run_free(&r);
    free(path);
}

/* The same 260 MiB, as the text of one shared string: text that kaiji keeps
 * (shared strings are held for the cells that use them) until the cap. */
static size_t gen_cap_sst(char *buf, size_t cap, uint64_t *state)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>";
    static const char tail[] = "</t></si></sst>";
    size_t n = 0;

    while (cap - n > 4096) {
        uint64_t i = *state;
        if (i == 0) {
            memcpy(buf + n, head, sizeof head - 1);
            n += sizeof head - 1;
        } else if (i <= CAP_BLOCKS) {
            uint64_t seed = i * 0x9E3779B97F4A7C15ull;
            unsigned char r[12];
            size_t k;
            h_random(r, sizeof r, &seed);
            memset(buf + n, 'a', 1024);
            for (k = 0; k < 12; k++)
                buf[n + 1000 + k] = (char)('a' + r[k] % 26);
            n += 1024;
        } else if (i == CAP_BLOCKS + 1) {
            memcpy(buf + n, tail, sizeof tail - 1);
            n += sizeof tail - 1;
        } else {
            break;
        }
        (*state)++;
    }
    return n;
}

static size_t gen_one_cell(char *buf, size_t cap, uint64_t *state)
{
    static const char body[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
    if (*state)
        return 0;
    (*state)++;
    memcpy(buf, body, sizeof body - 1);
    return sizeof body - 1;
}

static void make_cap_sst(const char *path)
{
    h_xlsx_generated(path, gen_one_cell, gen_cap_sst, 1);
}

Test(hostile_zip, a_shared_string_of_260_MiB_stops_at_the_part_cap_in_bounded_memory,
     .timeout = 300)
{
    char *path = h_cached("sst-260MiB-v1.xlsx", make_cap_sst);
    h_run r;

    h_kaiji(&r, BIG_TIMEOUT_S, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d after %.1f s", r.signal, r.seconds);
    cr_assert(h_contains(r.out, r.out_len, "\"file-too-large\""), "%.600s", r.out);
    cr_assert(h_contains(r.out, r.out_len, "inflates past 256 MiB"), "%.600s", r.out);
    /* Excel holds at most 32,767 characters in a cell: there is no need to
     * keep more of one text than that, and so no need to reach the cap in
     * memory.  Today the text is collected whole (parser/xlsx_parts.c, on_chars
     * into r->text) and the peak is the size of the cap. */
    cr_assert_lt(r.maxrss_kib, CAP_RSS_MIB * 1024,
                 "peak RSS %ld KiB: one shared string's text is held whole up to the part cap",
                 r.maxrss_kib);
    cr_assert_lt(r.seconds, BIG_SECONDS, "took %.1f s", r.seconds);
    fprintf(stderr, "MEASURE sst-cap-256MiB seconds=%.2f maxrss_kib=%ld\n", r.seconds,
            r.maxrss_kib);
    h_run_free(&r);
    free(path);
}

Test(hostile_zip, a_ratio_bomb_over_200_to_1_past_1_MiB_is_refused_and_70_to_1_is_not)
{
    size_t len;
    char *sheet = bomb_sheet(2u << 20, 0);
    unsigned char *x = xlsx_of_sheet(sheet, &len);
    kaiji_document *doc;

    free(sheet);
    expect_mem(x, len, "ratio.xlsx", NULL, "file-too-large");
    free(x);
    /* The same size at about 70:1 is an honest big sheet. */
    sheet = bomb_sheet(2u << 20, 1);
    x = xlsx_of_sheet(sheet, &len);
    free(sheet);
    doc = read_mem(x, len, "honest.xlsx", NULL);
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(x);
    /* 1000:1 under 1 MiB is allowed: the ratio applies past 1 MiB only. */
    sheet = bomb_sheet(900u << 10, 0);
    x = xlsx_of_sheet(sheet, &len);
    free(sheet);
    doc = read_mem(x, len, "small.xlsx", NULL);
    cr_assert(kaiji_document_readable(doc), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

Test(hostile_zip, parts_sharing_one_compressed_body_are_capped_in_total)
{
    kaiji_limits lim;
    xf_book b;
    size_t len, i;
    char *sheet = bomb_sheet(3u << 20, 1);
    unsigned char *x;
    kaiji_document *doc;

    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 4;
    for (i = 0; i < 4; i++) {
        b.names[i] = (const char *[]){"A", "B", "C", "D"}[i];
        b.bodies[i] = i == 0 ? sheet : "<worksheet/>";
    }
    x = xf_book_bytes(&b, &len);
    free(sheet);
    /* sheets 2..4 point at sheet 1's data: 12 MiB inflated from one body. */
    h_zip_share_data(x, len, "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml");
    h_zip_share_data(x, len, "xl/worksheets/sheet3.xml", "xl/worksheets/sheet1.xml");
    h_zip_share_data(x, len, "xl/worksheets/sheet4.xml", "xl/worksheets/sheet1.xml");
    kaiji_limits_init(&lim);
    lim.max_total_size = 8u << 20;
    doc = read_mem(x, len, "overlap.xlsx", &lim);
    assert_refused(doc, "file-too-large", "overlapping parts");
    cr_assert(strstr(first_message(doc), "in total"), "%s", first_message(doc));
    kaiji_document_free(doc);
    free(x);
}

/* A workbook whose workbook.xml lists n sheets, every one pointing at the
 * one worksheet part (relationship rId1); *len its size. */
static unsigned char *book_of_repeated_sheets(size_t n, size_t *len)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets>";
    size_t cap = sizeof head + 64 * (n + 1), used = 0;
    char *wb = malloc(cap);
    cr_assert_not_null(wb);
    used += (size_t)snprintf(wb, cap, "%s", head);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(wb + used, cap - used,
                                 "<sheet name=\"S%zu\" sheetId=\"%zu\" r:id=\"rId1\"/>", i, i + 1);
    snprintf(wb + used, cap - used, "</sheets></workbook>");
    t_xlsx *t = t_xlsx_new();
    t_xlsx_add(t, "[Content_Types].xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
               "ContentType=\"application/xml\"/></Types>");
    t_xlsx_add(t, "_rels/.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    t_xlsx_add(t, "xl/workbook.xml", wb);
    t_xlsx_add(t, "xl/_rels/workbook.xml.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
               "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    t_xlsx_add(t, "xl/worksheets/sheet1.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas."
               "openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" "
               "t=\"inlineStr\"><is><t>製造業者名</t></is></c></row></sheetData></worksheet>");
    free(wb);
    return t_xlsx_bytes(t, len);
}

/* One sheet part listed 200,000 times was read 200,000 times (7 s, 1.6 GiB
 * for a 1 MB file); a thousand listings of one 1 MB part, 20 s and 1.4 GiB. */
Test(hostile_zip, a_workbook_listing_too_many_sheets_or_one_part_twice_is_refused)
{
    size_t len;
    unsigned char *x = book_of_repeated_sheets(200000, &len);
    expect_mem(x, len, "sheets-200000.xlsx", NULL, "file-too-large");
    free(x);
    x = book_of_repeated_sheets(2, &len);
    expect_mem(x, len, "sheets-twice.xlsx", NULL, "file-corrupt");
    free(x);
}

Test(hostile_zip, entries_named_outside_the_package_or_twice_are_unsafe)
{
    static const char *const names[] = {
        "../x", "/etc/x", "C:\\x", "C:/x", "xl/../../x", "..\\x", "xl/./../../x",
        /* the same name twice, as written, in other case, with "\\" */
        "xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.XML", "xl\\worksheets\\sheet1.xml",
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char placeholder[64];
        size_t len, n = strlen(names[i]);
        unsigned char *x;
        t_xlsx *t;
        /* libzip writes a placeholder of the same length; the name is
         * patched in after (names are outside the CRC). */
        cr_assert_lt(n, sizeof placeholder);
        memset(placeholder, 'Q', n);
        placeholder[n] = '\0';
        t = t_xlsx_new();
        t_xlsx_add(t, "[Content_Types].xml", "<Types/>");
        t_xlsx_add(t, "xl/workbook.xml", "<workbook/>");
        t_xlsx_add(t, "xl/worksheets/sheet1.xml", "<worksheet/>");
        t_xlsx_add(t, placeholder, "<x/>");
        x = t_xlsx_bytes(t, &len);
        cr_assert_eq(xf_patch(x, len, placeholder, names[i]), 2, "%s", names[i]);
        expect_mem(x, len, names[i], NULL, "file-unsafe");
        free(x);
    }
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
        text = slurp_src(sample_path(c), &len);
    a = h_replace(text, len, c->value, value_text, &len);
    b = h_replace(a, len, "", prolog, &len);
    if (c->part) {
        size_t xlen;
        unsigned char *x = h_xlsx_with_part(t_src(sample_path(c)), c->part, b, len, &xlen);
        path = put(dir, name, x, xlen);
        free(x);
    } else {
        path = put(dir, name, b, len);
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
    put(dir, "secret.txt", text, strlen(text));
    snprintf(text, sizeof text, "<!ENTITY xxe \"%s\">\n", marker);
    put(dir, "secret.dtd", text, strlen(text));
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
        expect_mem(bytes, len, c->save_as, NULL, "file-unsafe");
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
            double t = seconds_now();
            kaiji_document *doc = read_mem(bytes, len, c->save_as, NULL);
            t = seconds_now() - t;
            cr_assert(kaiji_document_readable(doc) ||
                          strcmp(first_code(doc), "file-corrupt") == 0,
                      "%s: %s (%s)", c->what, first_code(doc), first_message(doc));
            cr_assert_lt(t, QUICK_SECONDS, "%s took %.2f s", c->what, t);
            kaiji_document_free(doc);
        } else {
            /* libxml2 stops at 256 levels; the kaiji XML reader counts the
             * elements first (200,000 here, over its 100,000). */
            double t = seconds_now();
            kaiji_document *doc = read_mem(bytes, len, c->save_as, NULL);
            t = seconds_now() - t;
            cr_assert(!kaiji_document_readable(doc) &&
                          (strcmp(first_code(doc), "file-corrupt") == 0 ||
                           strcmp(first_code(doc), "file-too-large") == 0),
                      "%s: %s (%s)", c->what, first_code(doc), first_message(doc));
            cr_assert_lt(t, QUICK_SECONDS, "%s took %.2f s", c->what, t);
            kaiji_document_free(doc);
        }
        free(bytes);
    }
    free(deep);
}

/* =========================================================================
 * JSON nesting
 * ========================================================================= */

/* depth levels of arrays (or of objects {"a": ...}) around a 1. */
static char *nested_json(size_t depth, int objects, size_t *len)
{
    size_t open_len = objects ? 5 : 1, i, n = 0;
    char *s = malloc(depth * (open_len + 1) + 2);

    cr_assert_not_null(s);
    for (i = 0; i < depth; i++) {
        memcpy(s + n, objects ? "{\"a\":" : "[", open_len);
        n += open_len;
    }
    s[n++] = '1';
    for (i = 0; i < depth; i++)
        s[n++] = objects ? '}' : ']';
    s[n] = '\0';
    *len = n;
    return s;
}

Test(hostile_json, nesting_past_the_cap_is_unsafe_at_100_10000_and_1000000_levels)
{
    static const size_t depths[] = {100, 10000, 1000000};
    size_t i, len;
    int objects;

    for (objects = 0; objects < 2; objects++) {
        char *s;
        kaiji_document *doc;
        for (i = 0; i < 3; i++) {
            s = nested_json(depths[i], objects, &len);
            expect_mem(s, len, "deep.json", NULL, "file-unsafe");
            free(s);
        }
        /* Under the cap of 64 the nesting itself is not what is refused. */
        s = nested_json(60, objects, &len);
        doc = read_mem(s, len, "shallow.json", NULL);
        cr_assert_str_neq(first_code(doc), "file-unsafe", "%s", first_message(doc));
        kaiji_document_free(doc);
        free(s);
    }
}

Test(hostile_json, a_million_levels_through_the_command_stays_small_and_quick)
{
    size_t len;
    char *s = nested_json(1000000, 1, &len);
    const char *path = put(t_tmpdir(), "deep.json", s, len);
    h_run r;

    h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "signal %d", r.signal);
    cr_assert(h_contains(r.out, r.out_len, "\"file-unsafe\""), "%s", r.out);
    cr_assert_lt(r.maxrss_kib, SMALL_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    cr_assert_lt(r.seconds, QUICK_SECONDS * 2, "%.2f s", r.seconds);
    fprintf(stderr, "MEASURE json-1e6-levels seconds=%.3f maxrss_kib=%ld\n", r.seconds,
            r.maxrss_kib);
    h_run_free(&r);
    free(s);
}

/* =========================================================================
 * Invalid UTF-8 in every reader
 * ========================================================================= */

static const char *const bad_utf8[] = {
    "\xff",                 /* never valid */
    "\xc3\x28",             /* a lead byte without its continuation */
    "\xc0\xaf",             /* overlong "/" */
    "\xed\xa0\x80",         /* a UTF-16 surrogate */
    "\xf8\x88\x80\x80\x80", /* a five-byte form */
    "\xf4\x90\x80\x80",     /* past U+10FFFF */
    "\xe3\x81",             /* cut short */
};
#define BAD_UTF8 (sizeof bad_utf8 / sizeof bad_utf8[0])

typedef struct utf8_place {
    const char *what;
    const char *sample;
    const char *part;  /* XLSX part or NULL */
    const char *from;  /* replaced by to, %s the bad bytes */
    const char *to;
    const char *name;
    const char *code;
} utf8_place;

static const utf8_place utf8_places[] = {
    {"XLSX shared string", "mds-sds/mds-5.0-good.xlsx", "xl/sharedStrings.xml",
     "架空メディカルシステムズ株式会社", "架空%s", "sst.xlsx", "file-corrupt"},
    {"XLSX inline string", "mds-sds/mds-5.0-good.xlsx", "xl/worksheets/sheet1.xml",
     "<c r=\"C4\" t=\"s\"><v>3</v></c>", "<c r=\"C4\" t=\"inlineStr\"><is><t>x%s</t></is></c>",
     "inline.xlsx", "file-corrupt"},
    {"XLSX sheet name", "mds-sds/mds-5.0-good.xlsx", "xl/workbook.xml", "name=\"開示書\"",
     "name=\"開示%s\"", "name.xlsx", "file-corrupt"},
    {"XLSX number format", "mds-sds/mds-5.0-good.xlsx", "xl/styles.xml", "<numFmts",
     "<!-- %s --><numFmts", "styles.xlsx", "file-corrupt"},
    {"SpreadsheetML 2003", "checklist/vendor-r7-ss2003.xml", NULL, "Example Imaging Inc.",
     "Example%s", "ss2003.xml", "file-corrupt"},
    {"kaiji XML", "exchange/vendor-r7-no-without-target-date.xml", NULL,
     "架空メディカルシステムズ株式会社", "架空%s", "kaiji.xml", "file-corrupt"},
    {"parseMDS2 XML", "mds2/mds2-hn1-2019-parsemds2.xml", NULL, "Example Imaging Inc.",
     "Example%s", "mds2.xml", "file-corrupt"},
    {"kaiji JSON", "exchange/sds-5.0-good.json", NULL, "(株)サンプル医療情報", "サンプル%s",
     "kaiji.json", "file-corrupt"},
    {"CSV-like text", NULL, NULL, NULL, "製造業者名,架空%s\r\n作成日,2025/4/1\r\n", "list.csv",
     "unsupported-format"},
    {"CSV-like text named .xlsx", NULL, NULL, NULL, "製造業者名,架空%s\r\n", "list.xlsx",
     "file-corrupt"},
};

/* The bytes of place p with bad in it; *len their size. */
static unsigned char *with_bad_bytes(const utf8_place *p, const char *bad, size_t *len)
{
    char to[1024], rel[512];
    char *text, *changed;
    size_t n;
    unsigned char *x;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(to, sizeof to, p->to, bad);
#pragma GCC diagnostic pop
    if (!p->sample) {
        *len = strlen(to);
        return (unsigned char *)strdup(to);
    }
    snprintf(rel, sizeof rel, "samples/%s", p->sample);
    if (p->part)
        text = h_xlsx_part(t_src(rel), p->part, &n);
    else
        text = slurp_src(rel, &n);
    changed = h_replace(text, n, p->from, to, &n);
    free(text);
    if (!p->part) {
        *len = n;
        return (unsigned char *)changed;
    }
    x = h_xlsx_with_part(t_src(rel), p->part, changed, n, len);
    free(changed);
    return x;
}

Test(hostile_utf8, invalid_utf8_is_refused_in_every_reader)
{
    size_t i, k;

    for (i = 0; i < sizeof utf8_places / sizeof utf8_places[0]; i++) {
        const utf8_place *p = &utf8_places[i];
        for (k = 0; k < BAD_UTF8; k++) {
            size_t len;
            unsigned char *x = with_bad_bytes(p, bad_utf8[k], &len);
            kaiji_document *doc = read_mem(x, len, p->name, NULL);
            cr_assert_not(kaiji_document_readable(doc), "%s, bad bytes #%zu: read", p->what, k);
            cr_assert_str_eq(first_code(doc), p->code, "%s, bad bytes #%zu: %s (%s)", p->what,
                             k, first_code(doc), first_message(doc));
            cr_assert(kaiji_text_utf8_valid(first_message(doc), strlen(first_message(doc))),
                      "%s: the message is not UTF-8", p->what);
            kaiji_document_free(doc);
            free(x);
        }
        /* The control: the same place with a valid character is read. */
        if (p->sample) {
            size_t len;
            unsigned char *x = with_bad_bytes(p, "\xe2\x9c\x93", &len);
            kaiji_document *doc = read_mem(x, len, p->name, NULL);
            cr_assert(kaiji_document_readable(doc), "%s control: %s", p->what,
                      first_message(doc));
            kaiji_document_free(doc);
            free(x);
        }
    }
}

Test(hostile_utf8, invalid_shift_jis_is_refused)
{
    size_t len, n;
    char *text = slurp_src("samples/mds2/mds2-hn1-2019-shift_jis.xml", &len);
    char *bad = h_replace(text, len, "<response>", "<response>\x81\x7f", &n);

    expect_mem(bad, n, "sjis.xml", NULL, "file-corrupt");
    free(bad);
    free(text);
}

Test(hostile_utf8, the_command_writes_valid_utf8_and_json_for_every_bad_file)
{
    const char *dir = t_tmpdir();
    static const char *const formats[] = {"text", "json", "csv"};
    size_t i, f;

    for (i = 0; i < sizeof utf8_places / sizeof utf8_places[0]; i++) {
        size_t len;
        unsigned char *x = with_bad_bytes(&utf8_places[i], bad_utf8[i % BAD_UTF8], &len);
        char name[64];
        snprintf(name, sizeof name, "%02zu-%s", i, utf8_places[i].name);
        put(dir, name, x, len);
        free(x);
    }
    for (f = 0; f < 3; f++) {
        h_run r;
        h_kaiji(&r, 30, (const char *const[]){"validate", "--format", formats[f], dir, NULL});
        cr_assert_eq(r.exit_code, 1, "%s: exit %d %s", formats[f], r.exit_code, r.err);
        cr_assert(kaiji_text_utf8_valid(r.out, r.out_len), "%s output is not UTF-8", formats[f]);
        cr_assert(kaiji_text_utf8_valid(r.err, r.err_len), "stderr is not UTF-8");
        if (f == 1) {
            cJSON *root = cJSON_Parse(r.out);
            cr_assert_not_null(root, "%.300s", r.out);
            /* The .csv is not a kind of file kaiji looks for in a folder. */
            cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "documents")),
                         (int)(sizeof utf8_places / sizeof utf8_places[0]) - 1);
            cJSON_Delete(root);
        }
        h_run_free(&r);
    }
}

/* =========================================================================
 * Truncated files
 * ========================================================================= */

Test(hostile_truncated, every_fiftieth_cut_of_a_sample_of_each_format_is_corrupt)
{
    static const char *const samples[] = {
        "samples/mds-sds/mds-5.0-good.xlsx",
        "samples/mds-sds/mds-3.0a-outdated.xlsm",
        "samples/checklist/vendor-r7-ss2003.xml",
        "samples/exchange/vendor-r7-no-without-target-date.xml",
        "samples/mds2/mds2-hn1-2019-parsemds2.xml",
        "samples/mds2/mds2-hn1-2019-shift_jis.xml",
        "samples/exchange/sds-5.0-good.json",
    };
    size_t s, k;

    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        size_t len;
        char *data = t_slurp(t_src(samples[s]), &len);
        const char *base = strrchr(samples[s], '/') + 1;
        kaiji_document *doc = read_mem(data, len, base, NULL);
        cr_assert(kaiji_document_readable(doc), "%s whole: %s", base, first_message(doc));
        kaiji_document_free(doc);
        for (k = 0; k < 50; k++) {
            size_t cut = len * k / 50;
            doc = read_mem(data, cut, base, NULL);
            cr_assert_not(kaiji_document_readable(doc), "%s cut at %zu of %zu: read", base, cut,
                          len);
            cr_assert_str_eq(first_code(doc), "file-corrupt", "%s cut at %zu of %zu: %s (%s)",
                             base, cut, len, first_code(doc), first_message(doc));
            kaiji_document_free(doc);
        }
        free(data);
    }
}

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
    expect_mem(x, len, "old.xls", NULL, "file-legacy-xls");
    /* The name does not matter: the content does. */
    expect_mem(x, len, "renamed.xlsx", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(book, 1, 0, &len);
    expect_mem(x, len, "excel5.xls", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(workbook, 1, 1, &len);
    expect_mem(x, len, "loop.xls", NULL, "file-legacy-xls");
    free(x);
    x = xf_ole(encrypted, 2, 0, &len);
    expect_mem(x, len, "protected.xlsx", NULL, "file-encrypted");
    free(x);
    x = xf_ole(encrypted, 2, 1, &len);
    expect_mem(x, len, "protected-loop.xlsx", NULL, "file-encrypted");
    free(x);
    x = xf_zip_encrypted(names, texts, 3, "xl/worksheets/sheet1.xml", &len);
    expect_mem(x, len, "zipcrypto.xlsx", NULL, "file-encrypted");
    free(x);
    s = slurp_src("samples/broken/legacy.xls", &len);
    expect_mem(s, len, "legacy.xls", NULL, "file-legacy-xls");
    free(s);
    s = slurp_src("samples/broken/password-protected.xlsx", &len);
    expect_mem(s, len, "password-protected.xlsx", NULL, "file-encrypted");
    free(s);
    /* Only the OLE signature, nothing after it. */
    expect_mem("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "stub.xls", NULL, "file-legacy-xls");
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
        expect_mem(x, len, indexes[i], NULL, "file-corrupt");
        free(x);
    }
}

Test(hostile_files, an_empty_file_is_corrupt_whatever_its_name)
{
    static const char *const names[] = {"empty.xlsx", "empty.xml", "empty.json", "empty"};
    const char *dir = t_tmpdir();
    size_t i;

    for (i = 0; i < 4; i++) {
        const char *path = put(dir, names[i], "", 0);
        kaiji_document *doc = NULL;
        h_run r;
        cr_assert_eq(kaiji_read_file(&doc, path, NULL), KAIJI_OK);
        assert_refused(doc, "file-corrupt", names[i]);
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
            expect_mem(x, n, what, NULL, "file-corrupt");
            free(x);
        }
    }
}

/* =========================================================================
 * Big but honest: a million rows, a million shared strings
 * ========================================================================= */

#define MILLION 1000000u

static const char sheet_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
static const char sheet_tail[] = "</sheetData></worksheet>";

/* Items 1..count between head and tail, item i written by item(). */
static size_t gen_items(char *buf, size_t cap, uint64_t *state, uint64_t count,
                        const char *head, const char *tail,
                        size_t (*item)(char *, size_t, uint64_t))
{
    size_t n = 0;

    while (cap - n > 4096) {
        uint64_t i = *state;
        if (i == 0) {
            memcpy(buf + n, head, strlen(head));
            n += strlen(head);
        } else if (i <= count) {
            n += item(buf + n, cap - n, i);
        } else if (i == count + 1) {
            memcpy(buf + n, tail, strlen(tail));
            n += strlen(tail);
        } else {
            break;
        }
        (*state)++;
    }
    return n;
}

static size_t row_item(char *out, size_t cap, uint64_t i)
{
    return (size_t)snprintf(out, cap,
                            "<row r=\"%llu\"><c r=\"A%llu\"><v>%llu</v></c>"
                            "<c r=\"B%llu\" t=\"inlineStr\"><is><t>行 %llu はい</t></is></c></row>",
                            (unsigned long long)i, (unsigned long long)i,
                            (unsigned long long)(i * 7919 % 100003), (unsigned long long)i,
                            (unsigned long long)i);
}

static size_t gen_million_rows(char *buf, size_t cap, uint64_t *state)
{
    return gen_items(buf, cap, state, MILLION, sheet_head, sheet_tail, row_item);
}

static size_t si_item(char *out, size_t cap, uint64_t i)
{
    return (size_t)snprintf(out, cap, "<si><t>共有文字列 %llu</t></si>", (unsigned long long)i);
}

static size_t gen_million_strings(char *buf, size_t cap, uint64_t *state)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "count=\"1000000\" uniqueCount=\"1000000\">";
    return gen_items(buf, cap, state, MILLION, head, "</sst>", si_item);
}

static size_t gen_sst_sheet(char *buf, size_t cap, uint64_t *state)
{
    static const char body[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>999999</v></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>500000</v></c><c r=\"B2\" t=\"s\"><v>999998</v></c></row>"
        "</sheetData></worksheet>";
    if (*state)
        return 0;
    (*state)++;
    memcpy(buf, body, sizeof body - 1);
    return sizeof body - 1;
}

static void make_million_rows(const char *path)
{
    h_xlsx_generated(path, gen_million_rows, NULL, 6);
}

static void make_million_strings(const char *path)
{
    h_xlsx_generated(path, gen_sst_sheet, gen_million_strings, 6);
}

/* Runs validate on a big cached file and checks the stated bounds. */
static void big_run(const char *key, h_maker make, const char *expect)
{
    char *path = h_cached(key, make);
    run_within(path, key, expect, BIG_RSS_MIB);
    free(path);
}

/* 300,000 validation lists (literal ones and references to cells, each over
 * two ranges): 33 MB of XML in a small file.  Each list once took 16 KiB
 * whatever its size (4.8 GB in all); the lists of a workbook are now capped
 * in number of ranges and items, so memory stays that of a small file. */
static size_t dv_item(char *out, size_t cap, uint64_t i)
{
    unsigned long long n = (unsigned long long)i;
    if (i % 2)
        return (size_t)snprintf(out, cap,
                                "<dataValidation type=\"list\" sqref=\"C%llu D%llu\">"
                                "<formula1>\"はい,いいえ,対象外\"</formula1></dataValidation>",
                                n, n);
    return (size_t)snprintf(out, cap,
                            "<dataValidation type=\"list\" sqref=\"C%llu D%llu\">"
                            "<formula1>$F$1:$F$3</formula1></dataValidation>",
                            n, n);
}

static size_t gen_many_validations(char *buf, size_t cap, uint64_t *state)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"F1\" t=\"inlineStr\"><is><t>はい</t></is></c></row>"
        "<row r=\"2\"><c r=\"F2\" t=\"inlineStr\"><is><t>いいえ</t></is></c></row>"
        "<row r=\"3\"><c r=\"F3\" t=\"inlineStr\"><is><t>対象外</t></is></c></row>"
        "</sheetData><dataValidations count=\"300000\">";
    return gen_items(buf, cap, state, 300000, head, "</dataValidations></worksheet>", dv_item);
}

static void make_many_validations(const char *path)
{
    h_xlsx_generated(path, gen_many_validations, NULL, 6);
}

Test(hostile_big, three_hundred_thousand_validation_lists_take_the_memory_of_a_small_file,
     .timeout = 400)
{
    char *path = h_cached("validations-300k-v1.xlsx", make_many_validations);
    run_within(path, "validations-300k", "\"unknown-form\"", SMALL_RSS_MIB);
    free(path);
}

Test(hostile_big, a_sheet_of_a_million_rows_is_read_in_bounded_time_and_memory,
     .timeout = 400)
{
    big_run("million-rows-v1.xlsx", make_million_rows, "\"unknown-form\"");
}

/* Four big workbooks with eight jobs: each takes about 250 MiB to read
 * (417 MiB under ASan), so reading all at once took a gigabyte; a shared
 * budget reads as many at once as fit in 512 MiB (cli/validate.c). */
#define JOBS_RSS_MIB (H_SANITIZED ? 1400L : 768L)

Test(hostile_big, eight_jobs_read_big_files_within_one_memory_budget, .timeout = 400)
{
    char *path = h_cached("million-rows-v1.xlsx", make_million_rows);
    h_run r;
    h_kaiji(&r, BIG_TIMEOUT_S,
            (const char *const[]){"validate", "--format", "json", "-j", "8", path, path, path,
                                  path, NULL});
    cr_assert_eq(r.signal, 0, "killed by signal %d after %.1f s", r.signal, r.seconds);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "exit %d %s", r.exit_code, r.err);
    size_t n = 0;
    for (const char *p = r.out; (p = strstr(p, "\"unknown-form\"")); p++)
        n++;
    cr_assert_eq(n, 4, "every file was read: %.300s", r.out);
    cr_assert_lt(r.maxrss_kib, JOBS_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    fprintf(stderr, "MEASURE jobs-8 seconds=%.2f maxrss_kib=%ld\n", r.seconds, r.maxrss_kib);
    h_run_free(&r);
    free(path);
}

Test(hostile_big, a_million_shared_strings_are_read_in_bounded_time_and_memory,
     .timeout = 400)
{
    big_run("million-strings-v2.xlsx", make_million_strings, "\"unknown-form\"");
}

/* ---- remind over a big register (issue 10, point 5) ------------------------
 * A register of 10,000 contracts that all owe something (an MDS, none
 * received, due date passed).  remind groups them by vendor: one vendor
 * loaded its vocabulary again for each contract and found its group by
 * comparing with every group before it, and each group took room for every
 * contract of the register (10,000 vendors: 5.7 GiB).  The grouping is now
 * linear in the contracts, within these bounds. */
#define REMIND_TIMEOUT_S (H_SANITIZED ? 300u : 60u)
#define REMIND_SECONDS   (H_SANITIZED ? 120.0 : 30.0)
#define REMIND_RSS_MIB   (H_SANITIZED ? 1024L : 256L)
#define REMIND_CONTRACTS 10000

/* Writes to path a register of REMIND_CONTRACTS contracts, contract i of
 * vendor i % vendors, the vendors' names written two ways (株式会社 before or
 * after) so that grouping needs the name key. */
static void write_big_register(const char *path, int vendors)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs("契約番号,事業者名,メールアドレス,システム名,製品名,契約種別,患者情報の有無,必要書類,"
          "依頼日,回答期限\r\n", f);
    for (int i = 0; i < REMIND_CONTRACTS; i++) {
        int v = i % vendors;
        if ((i / vendors) % 2)
            fprintf(f, "C-%05d,株式会社架空ベンダー%05d,v%d@vendor.example,システム%d,製品%d,"
                       "保守,有,MDS,2026/10/01,2026/10/31\r\n", i, v, v, i, i);
        else
            fprintf(f, "C-%05d,架空ベンダー%05d株式会社,v%d@vendor.example,システム%d,製品%d,"
                       "保守,有,MDS,2026/10/01,2026/10/31\r\n", i, v, v, i, i);
    }
    cr_assert_eq(fclose(f), 0);
}

/* How many times needle occurs in the len bytes at s. */
static size_t count_of(const char *s, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (memcmp(s + i, needle, k) == 0)
            n++;
    return n;
}

/* Runs remind with args (after --db and --as-of) on db within the bounds;
 * what names the run in messages.  The caller frees *r. */
static void remind_within(h_run *r, const char *db, const char *what, const char *const *args)
{
    const char *argv[16] = {"remind", "--db", db, "--as-of", "2026-11-26"};
    size_t n = 5;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    h_kaiji(r, REMIND_TIMEOUT_S, argv);
    cr_assert_eq(r->signal, 0, "%s: killed by signal %d after %.1f s", what, r->signal,
                 r->seconds);
    cr_assert_eq(r->exit_code, 0, "%s: exit %d %.600s", what, r->exit_code, r->err);
    fprintf(stderr, "MEASURE %s seconds=%.2f maxrss_kib=%ld\n", what, r->seconds, r->maxrss_kib);
    cr_assert_lt(r->seconds, REMIND_SECONDS, "%s took %.1f s", what, r->seconds);
    cr_assert_lt(r->maxrss_kib, REMIND_RSS_MIB * 1024, "%s: peak RSS %ld KiB", what,
                 r->maxrss_kib);
}

/* A register of REMIND_CONTRACTS contracts of vendors vendors imported into a
 * fresh store; its path into db. */
static void big_register_store(char *db, size_t dbsize, int vendors)
{
    const char *dir = t_tmpdir();
    char csv[4200];
    h_run r;
    snprintf(db, dbsize, "%s/kaiji.db", dir);
    snprintf(csv, sizeof csv, "%s/register.csv", dir);
    write_big_register(csv, vendors);
    h_kaiji(&r, REMIND_TIMEOUT_S,
            (const char *const[]){"register", "import", "--db", db, csv, NULL});
    cr_assert_eq(r.exit_code, 0, "register import: %.600s", r.err);
    cr_assert(h_contains(r.out, r.out_len, "10000 added"), "%.600s", r.out);
    h_run_free(&r);
}

Test(hostile_remind, ten_thousand_contracts_of_a_thousand_vendors_are_grouped_in_bounded_time_and_memory,
     .timeout = 900)
{
    char db[4200], out[4300], line[256];
    h_run r;
    big_register_store(db, sizeof db, 1000);

    remind_within(&r, db, "remind-10k-1k-dry-run", (const char *const[]){"--dry-run", NULL});
    cr_assert_eq(count_of(r.out, r.out_len, "would write for "), 1000, "%.600s", r.out);
    cr_assert(h_contains(r.out, r.out_len, "1000 to do, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    /* Vendors in the order of their first contract, each with its ten in
     * register order. */
    snprintf(line, sizeof line, "would write for 架空ベンダー00000株式会社 <v0@vendor.example>"
                                " (C-00000, C-01000, C-02000, C-03000, C-04000, C-05000,"
                                " C-06000, C-07000, C-08000, C-09000)\n");
    cr_assert_eq(strncmp(r.out, line, strlen(line)), 0, "%.400s", r.out);
    const char *second = strstr(r.out, "would write for 架空ベンダー00001株式会社");
    const char *last = strstr(r.out, "would write for 架空ベンダー00999株式会社");
    cr_assert(second && last && second < last, "%.400s", r.out);
    h_run_free(&r);

    snprintf(out, sizeof out, "%s.eml", db);
    remind_within(&r, db, "remind-10k-1k-eml", (const char *const[]){"-o", out, NULL});
    cr_assert(h_contains(r.out, r.out_len, "1000 written, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    h_run_free(&r);
}

Test(hostile_remind, ten_thousand_contracts_of_as_many_vendors_are_grouped_in_bounded_time_and_memory,
     .timeout = 900)
{
    char db[4200];
    h_run r;
    big_register_store(db, sizeof db, REMIND_CONTRACTS);
    remind_within(&r, db, "remind-10k-10k-dry-run", (const char *const[]){"--dry-run", NULL});
    cr_assert_eq(count_of(r.out, r.out_len, "would write for "), REMIND_CONTRACTS, "%.600s",
                 r.out);
    cr_assert(h_contains(r.out, r.out_len, "10000 to do, 0 skipped, 0 failed"), "%.600s",
              r.out + (r.out_len > 600 ? r.out_len - 600 : 0));
    h_run_free(&r);
}
