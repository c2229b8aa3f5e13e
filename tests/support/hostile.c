/*
 * tests/support/hostile.c - see hostile.h.
 */
#define _GNU_SOURCE
#include "hostile.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "support.h"
#include "xlsx_fixtures.h"

/* The first n bytes at s equal to the n at needle, or NULL: memmem, which
 * is glibc's (the Windows build of the tests has none). */
static const char *find_bytes(const char *s, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(s + i, needle, n) == 0)
            return s + i;
    return NULL;
}

/* ---- time ----------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void h_run_free(h_run *r)
{
    if (!r)
        return;
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* ---- generated inputs ---------------------------------------------------- */

void h_random(unsigned char *buf, size_t n, uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ull;
    size_t i;

    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        buf[i] = (unsigned char)(x >> 24);
    }
    *state = x;
}

char *h_cached(const char *key, h_maker make)
{
    char dir[4096], path[4400], tmp[4500];
    struct stat st;

    cr_assert_lt(strlen(key), 200);
    snprintf(dir, sizeof dir, "%s", t_build("tmp"));
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s", t_build("tmp/hostile-cache"));
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, key);
    if (stat(path, &st) == 0 && st.st_size > 0)
        return strdup(path);
    /* Made under a name of this process, then renamed: a reader never sees
     * half a file, and two processes racing both end with a whole one. */
    snprintf(tmp, sizeof tmp, "%s.%ld.part", path, (long)getpid());
    make(tmp);
    cr_assert_eq(rename(tmp, path), 0, "rename %s: %s", tmp, strerror(errno));
    return strdup(path);
}

/* Spools the whole output of gen into a new temporary file; returns its
 * path (malloc'd), which the caller unlinks. */
static char *spool(h_gen gen)
{
    char path[4096];
    uint64_t state = 0;
    size_t cap = 1u << 20, n;
    char *buf = malloc(cap);
    FILE *f;
    int fd;

    cr_assert_not_null(buf);
    snprintf(path, sizeof path, "%s/hostile-spool-XXXXXX", t_build("tmp"));
    fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    f = fdopen(fd, "wb");
    cr_assert_not_null(f);
    while ((n = gen(buf, cap, &state)) > 0)
        cr_assert_eq(fwrite(buf, 1, n, f), n, "spool: %s", strerror(errno));
    cr_assert_eq(fclose(f), 0);
    free(buf);
    return strdup(path);
}

static const char *const ct_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "</Types>";
static const char *const pkg_rels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char *const wb_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char *const wb_rels_sheet =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
static const char *const wb_rels_sst =
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>";

/* Adds a static text part to za. */
static void add_text(zip_t *za, const char *name, const char *text)
{
    zip_source_t *s = zip_source_buffer(za, text, strlen(text), 0);

    cr_assert_not_null(s);
    cr_assert_geq(zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8), 0, "%s", zip_strerror(za));
}

/* Adds the file at spooled as the part name, deflated at level. */
static void add_spooled(zip_t *za, const char *name, const char *spooled, int level)
{
    zip_source_t *s = zip_source_file(za, spooled, 0, -1);
    zip_int64_t idx;

    cr_assert_not_null(s, "%s", zip_strerror(za));
    idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    cr_assert_geq(idx, 0, "%s", zip_strerror(za));
    cr_assert_eq(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
                                          (zip_uint32_t)level), 0);
}

void h_xlsx_generated(const char *path, h_gen sheet, h_gen sst, int level)
{
    char *sheet_file = spool(sheet), *sst_file = sst ? spool(sst) : NULL;
    char rels[2048];
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

    cr_assert_not_null(za, "zip_open %s: %d", path, err);
    snprintf(rels, sizeof rels, "%s%s</Relationships>", wb_rels_sheet,
             sst ? wb_rels_sst : "");
    add_text(za, "[Content_Types].xml", ct_xml);
    add_text(za, "_rels/.rels", pkg_rels);
    add_text(za, "xl/workbook.xml", wb_xml);
    add_text(za, "xl/_rels/workbook.xml.rels", rels);
    if (sst_file)
        add_spooled(za, "xl/sharedStrings.xml", sst_file, level);
    add_spooled(za, "xl/worksheets/sheet1.xml", sheet_file, level);
    cr_assert_eq(zip_close(za), 0, "zip_close %s: %s", path, zip_strerror(za));
    unlink(sheet_file);
    free(sheet_file);
    if (sst_file) {
        unlink(sst_file);
        free(sst_file);
    }
}

char *h_replace(const char *text, size_t len, const char *from, const char *to,
                size_t *out_len)
{
    size_t at, flen = strlen(from), tlen = strlen(to);
    char *out;

    if (flen == 0) {
        const char *decl_end = NULL;
        at = 0;
        if (len >= 5 && memcmp(text, "<?xml", 5) == 0) {
            decl_end = find_bytes(text, len, "?>", 2);
            cr_assert_not_null(decl_end);
            at = (size_t)(decl_end - text) + 2;
        }
    } else {
        const char *hit = find_bytes(text, len, from, flen);
        cr_assert_not_null(hit, "\"%s\" is not in the text", from);
        at = (size_t)(hit - text);
    }
    out = malloc(len - flen + tlen + 1);
    cr_assert_not_null(out);
    memcpy(out, text, at);
    memcpy(out + at, to, tlen);
    memcpy(out + at + tlen, text + at + flen, len - at - flen);
    *out_len = len - flen + tlen;
    out[*out_len] = '\0';
    return out;
}

/* Every entry of the XLSX at src: calls each(name, bytes, len, ctx). */
static void each_part(const char *src, void (*each)(const char *, char *, size_t, void *),
                      void *ctx)
{
    int err = 0;
    zip_t *in = zip_open(src, ZIP_RDONLY, &err);
    zip_int64_t n, i;

    cr_assert_not_null(in, "cannot open %s", src);
    n = zip_get_num_entries(in, 0);
    for (i = 0; i < n; i++) {
        const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
        zip_stat_t st;
        zip_file_t *f;
        char *buf;
        cr_assert_not_null(name);
        cr_assert_eq(zip_stat_index(in, (zip_uint64_t)i, 0, &st), 0);
        buf = malloc(st.size + 1);
        cr_assert_not_null(buf);
        f = zip_fopen_index(in, (zip_uint64_t)i, 0);
        cr_assert_not_null(f);
        cr_assert_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
        buf[st.size] = '\0';
        each(name, buf, st.size, ctx);
        free(buf);
    }
    zip_discard(in);
}

typedef struct part_job {
    const char *part;
    const char *text;
    size_t text_len;
    char *found;
    size_t found_len;
    t_xlsx *x;
} part_job;

static void find_part(const char *name, char *bytes, size_t len, void *ctx)
{
    part_job *j = ctx;

    if (strcmp(name, j->part) == 0 && !j->found) {
        j->found = malloc(len + 1);
        cr_assert_not_null(j->found);
        memcpy(j->found, bytes, len + 1);
        j->found_len = len;
    }
}

static void copy_part(const char *name, char *bytes, size_t len, void *ctx)
{
    part_job *j = ctx;

    if (strcmp(name, j->part) == 0) {
        t_xlsx_add_bytes(j->x, name, j->text, j->text_len);
        j->found = (char *)"";
    } else {
        t_xlsx_add_bytes(j->x, name, bytes, len);
    }
}

char *h_xlsx_part(const char *src, const char *part, size_t *len)
{
    part_job j;

    memset(&j, 0, sizeof j);
    j.part = part;
    each_part(src, find_part, &j);
    cr_assert_not_null(j.found, "%s has no part %s", src, part);
    *len = j.found_len;
    return j.found;
}

unsigned char *h_xlsx_with_part(const char *src, const char *part, const char *text,
                                size_t text_len, size_t *len)
{
    part_job j;

    memset(&j, 0, sizeof j);
    j.part = part;
    j.text = text;
    j.text_len = text_len;
    j.x = t_xlsx_new();
    each_part(src, copy_part, &j);
    cr_assert_not_null(j.found, "%s has no part %s", src, part);
    return t_xlsx_bytes(j.x, len);
}

/* ---- ZIP headers --------------------------------------------------------- */

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void set32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* The central directory record of the entry name, or NULL. */
static unsigned char *central_record(unsigned char *data, size_t len, const char *name)
{
    size_t i, off, count, k, nlen = strlen(name);

    cr_assert_geq(len, 22);
    for (i = len - 22;; i--) {
        if (memcmp(data + i, "PK\5\6", 4) == 0)
            break;
        cr_assert_neq(i, 0, "no end of central directory");
    }
    count = get16(data + i + 10);
    off = get32(data + i + 16);
    for (k = 0; k < count; k++) {
        unsigned char *c = data + off;
        size_t fl, xl, cl;
        cr_assert(off + 46 <= len && memcmp(c, "PK\1\2", 4) == 0, "bad central record");
        fl = get16(c + 28);
        xl = get16(c + 30);
        cl = get16(c + 32);
        if (fl == nlen && memcmp(c + 46, name, nlen) == 0)
            return c;
        off += 46 + fl + xl + cl;
    }
    return NULL;
}

uint32_t h_zip_comp_size(unsigned char *data, size_t len, const char *name)
{
    unsigned char *c = central_record(data, len, name);

    cr_assert_not_null(c, "no entry %s", name);
    return get32(c + 20);
}

void h_zip_set_sizes(unsigned char *data, size_t len, const char *name, int where,
                     uint32_t comp, uint32_t uncomp)
{
    unsigned char *c = central_record(data, len, name), *l;

    cr_assert_not_null(c, "no entry %s", name);
    l = data + get32(c + 42);
    cr_assert(memcmp(l, "PK\3\4", 4) == 0);
    if (where & H_CENTRAL) {
        set32(c + 20, comp);
        set32(c + 24, uncomp);
    }
    if (where & H_LOCAL) {
        set32(l + 18, comp);
        set32(l + 22, uncomp);
    }
}

void h_zip_share_data(unsigned char *data, size_t len, const char *name,
                      const char *target)
{
    unsigned char *c = central_record(data, len, name);
    unsigned char *t = central_record(data, len, target);

    cr_assert_not_null(c, "no entry %s", name);
    cr_assert_not_null(t, "no entry %s", target);
    memcpy(c + 8, t + 8, 20);   /* flags, method, time, CRC and both sizes */
    memcpy(c + 42, t + 42, 4);  /* local header offset */
}

int h_contains(const char *s, size_t len, const char *needle)
{
    return find_bytes(s, len, needle, strlen(needle)) != NULL;
}

/* ---- reading in process, refusals, bounded runs ------------------------- */

double h_seconds(void)
{
    return now_seconds();
}

/* Reads len bytes named name with the default limits, or lim. */
kaiji_document *h_read_mem(const void *data, size_t len, const char *name,
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

/* Reads and frees, asserting the refusal and that it took < H_QUICK_SECONDS. */
void h_expect_mem(const void *data, size_t len, const char *name, const kaiji_limits *lim,
                  const char *code)
{
    double t = h_seconds();
    kaiji_document *doc = h_read_mem(data, len, name, lim);

    t = h_seconds() - t;
    t_expect_refused(doc, code, 1, name);
    cr_assert_lt(t, H_QUICK_SECONDS, "%s took %.2f s", name, t);
    kaiji_document_free(doc);
}

/* Runs validate on the file at path (what names it in messages) and checks
 * it gives expect within H_BIG_SECONDS and rss_mib of memory. */
void h_run_within(const char *path, const char *what, const char *expect, long rss_mib)
{
    h_run r;

    h_kaiji(&r, H_BIG_TIMEOUT_S, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "%s: killed by signal %d after %.1f s", what, r.signal, r.seconds);
    cr_assert(r.exit_code == 0 || r.exit_code == 1, "%s: exit %d %s", what, r.exit_code, r.err);
    cr_assert(h_contains(r.out, r.out_len, expect), "%s: %.600s", what, r.out);
    cr_assert_lt(r.seconds, H_BIG_SECONDS, "%s took %.1f s", what, r.seconds);
    cr_assert_lt(r.maxrss_kib, rss_mib * 1024, "%s: peak RSS %ld KiB", what, r.maxrss_kib);
    fprintf(stderr, "MEASURE %s seconds=%.2f maxrss_kib=%ld\n", what, r.seconds, r.maxrss_kib);
    h_run_free(&r);
}

/* Writes data into dir/name; returns the path (static buffer). */
const char *h_put(const char *dir, const char *name, const void *data, size_t len)
{
    static _Thread_local char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t_spit(path, data, len);
    return path;
}

/* A text of the sheet body kind used by the in-memory bombs: a worksheet
 * part whose sheetData holds n bytes of blocks of spaces around empty
 * elements, a few random letters per KiB when noisy (≈ 70:1 deflated), none
 * when not (≈ 1000:1). */
char *h_bomb_sheet(size_t n, int noisy)
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
unsigned char *h_xlsx_of_sheet(const char *sheet, size_t *len)
{
    xf_book b;

    memset(&b, 0, sizeof b);
    b.raw = 1;
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = sheet;
    return xf_book_bytes(&b, len);
}
