/*
 * tests/support/xlsx_fixtures.c - see xlsx_fixtures.h.
 */
#include "xlsx_fixtures.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "support.h"

const char *const xf_default_styles =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"3\">"
    "<numFmt numFmtId=\"164\" formatCode=\"[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"#,##0&quot;円&quot;\"/>"
    "</numFmts>"
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"游ゴシック\"/></font></fonts>"
    "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
    "<borders count=\"1\"><border/></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\" fontId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"8\">"
    "<xf numFmtId=\"0\" fontId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"14\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"57\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"58\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"165\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"2\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"166\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "</cellXfs>"
    "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"1\" formatCode=\"yyyy\"/></dxf></dxfs>"
    "</styleSheet>";

static const char *const ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
static const char *const ns_rel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/* A malloc'd printf. */
static char *xf_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xf_printf(const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *s;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0);
    s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* Appends text to the malloc'd string *s. */
static void append(char **s, const char *text)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(text);
    char *p = realloc(*s, a + b + 1);
    cr_assert_not_null(p);
    memcpy(p + a, text, b + 1);
    *s = p;
}

unsigned char *xf_book_bytes(const xf_book *b, size_t *len)
{
    t_xlsx *x = t_xlsx_new();
    char *ct = NULL, *wb = NULL, *rels = NULL, *tmp;
    size_t i;

    append(&ct, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                "</Types>");
    t_xlsx_add(x, "[Content_Types].xml", ct);
    tmp = xf_printf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    "%s</Relationships>", b->package_rels ? b->package_rels : "");
    t_xlsx_add(x, "_rels/.rels", tmp);
    free(tmp);
    tmp = xf_printf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    "<workbook xmlns=\"%s\" xmlns:r=\"%s\">%s<sheets>",
                    ns_main, ns_rel, b->workbook_pr ? b->workbook_pr : "");
    append(&wb, tmp);
    free(tmp);
    append(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
    if (b->sst)
        append(&rels, "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
    for (i = 0; i < b->sheet_count; i++) {
        char name[64];
        tmp = xf_printf("<sheet name=\"%s\" sheetId=\"%zu\"%s%s%s r:id=\"rId%zu\"/>",
                        b->names[i] ? b->names[i] : "Sheet", i + 1,
                        b->states[i] ? " state=\"" : "", b->states[i] ? b->states[i] : "",
                        b->states[i] ? "\"" : "", i + 1);
        append(&wb, tmp);
        free(tmp);
        tmp = xf_printf("<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
                        i + 1, i + 1);
        append(&rels, tmp);
        free(tmp);
        snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml", i + 1);
        if (b->raw)
            tmp = xf_printf("%s", b->bodies[i] ? b->bodies[i] : "");
        else
            tmp = xf_printf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<worksheet xmlns=\"%s\" xmlns:r=\"%s\">%s</worksheet>",
                            ns_main, ns_rel, b->bodies[i] ? b->bodies[i] : "");
        t_xlsx_add(x, name, tmp);
        free(tmp);
    }
    append(&wb, "</sheets>");
    if (b->defined_names) {
        append(&wb, "<definedNames>");
        append(&wb, b->defined_names);
        append(&wb, "</definedNames>");
    }
    append(&wb, "</workbook>");
    if (b->workbook_rels)
        append(&rels, b->workbook_rels);
    append(&rels, "</Relationships>");
    t_xlsx_add(x, "xl/workbook.xml", wb);
    t_xlsx_add(x, "xl/_rels/workbook.xml.rels", rels);
    t_xlsx_add(x, "xl/styles.xml", b->styles ? b->styles : xf_default_styles);
    if (b->sst) {
        if (b->raw)
            tmp = xf_printf("%s", b->sst);
        else
            tmp = xf_printf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<sst xmlns=\"%s\">%s</sst>", ns_main, b->sst);
        t_xlsx_add(x, "xl/sharedStrings.xml", tmp);
        free(tmp);
    }
    for (i = 0; i < XF_MAX_EXTRA; i++)
        if (b->extra_names[i])
            t_xlsx_add(x, b->extra_names[i], b->extra_texts[i] ? b->extra_texts[i] : "");
    free(ct);
    free(wb);
    free(rels);
    return t_xlsx_bytes(x, len);
}

unsigned char *xf_simple(const char *sst, const char *body, size_t *len)
{
    xf_book b;

    memset(&b, 0, sizeof b);
    b.sst = sst;
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = body;
    return xf_book_bytes(&b, len);
}

size_t xf_patch(unsigned char *data, size_t len, const char *from, const char *to)
{
    size_t n = strlen(from), i, count = 0;

    cr_assert_eq(n, strlen(to));
    for (i = 0; i + n <= len; i++) {
        if (memcmp(data + i, from, n) == 0) {
            memcpy(data + i, to, n);
            count++;
        }
    }
    return count;
}

static void put32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* Writes a directory entry of the given type named name at e. */
static void dir_entry(unsigned char *e, const char *name, int type)
{
    size_t n = strlen(name), i;

    cr_assert(n < 32);
    memset(e, 0, 128);
    for (i = 0; i < n; i++)
        e[2 * i] = (unsigned char)name[i];
    put16(e + 0x40, (unsigned)(2 * (n + 1)));
    e[0x42] = (unsigned char)type;
    put32(e + 0x44, 0xFFFFFFFFu);
    put32(e + 0x48, 0xFFFFFFFFu);
    put32(e + 0x4C, 0xFFFFFFFFu);
    put32(e + 0x74, 0xFFFFFFFEu);
}

unsigned char *xf_ole(const char *const *names, size_t count, int loop, size_t *len)
{
    const size_t ssz = 512;
    unsigned char *img = calloc(1, 3 * ssz);
    unsigned char *fat = img + ssz, *dir = img + 2 * ssz;
    size_t i;

    cr_assert_not_null(img);
    cr_assert(count <= 3);
    memcpy(img, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    put16(img + 0x18, 0x3E);
    put16(img + 0x1A, 3);
    put16(img + 0x1C, 0xFFFE);
    put16(img + 0x1E, 9);
    put16(img + 0x20, 6);
    put32(img + 0x2C, 1);          /* FAT sectors */
    put32(img + 0x30, 1);          /* first directory sector */
    put32(img + 0x38, 4096);
    put32(img + 0x3C, 0xFFFFFFFEu);
    put32(img + 0x44, 0xFFFFFFFEu);
    for (i = 0; i < 109; i++)
        put32(img + 0x4C + 4 * i, 0xFFFFFFFFu);
    put32(img + 0x4C, 0);          /* the FAT is sector 0 */
    for (i = 0; i < ssz / 4; i++)
        put32(fat + 4 * i, 0xFFFFFFFFu);
    put32(fat, 0xFFFFFFFDu);
    put32(fat + 4, loop ? 1u : 0xFFFFFFFEu);
    dir_entry(dir, "Root Entry", 5);
    for (i = 0; i < count; i++)
        dir_entry(dir + 128 * (i + 1), names[i], 2);
    *len = 3 * ssz;
    return img;
}

unsigned char *xf_zip_encrypted(const char *const *names, const char *const *texts, size_t n,
                                const char *encrypted, size_t *len)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_stat_t st;
    unsigned char *buf;
    size_t i;

    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    cr_assert_not_null(src);
    zip_source_keep(src);
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(za);
    for (i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, texts[i], strlen(texts[i]), 0);
        zip_int64_t idx;
        cr_assert_not_null(s);
        idx = zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8);
        cr_assert_geq(idx, 0);
        if (strcmp(names[i], encrypted) == 0)
            cr_assert_eq(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_TRAD_PKWARE,
                                                 "secret"), 0);
    }
    cr_assert_eq(zip_close(za), 0);
    cr_assert_eq(zip_source_stat(src, &st), 0);
    cr_assert_eq(zip_source_open(src), 0);
    buf = malloc(st.size);
    cr_assert_not_null(buf);
    cr_assert_eq(zip_source_read(src, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)st.size;
    return buf;
}
