/*
 * tests/test_zip_reader.c - kaiji's own ZIP reader (parser/zipsafe.c, over
 * zlib): what it handles itself, each case built byte by byte
 * (tests/support/zipbuild.c): ZIP64 records, data descriptors, a CRC, a
 * local header or a descriptor that disagrees with the directory, an entry
 * written inside another's data, the archive's comment and the bounds of
 * the search for the end record.  The caps and the names are in
 * tests/test_zip_limits.c and tests/test_hostile_zip.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "parser/zipsafe.h"
#include "support/support.h"
#include "support/zipbuild.h"

static const char text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet>製造業者名 医療機器 "
    "セキュリティ 製造業者名 医療機器 セキュリティ 製造業者名 医療機器</worksheet>";

/* Reads part name of the ZIP x whole: its status, the bytes in *out (NUL
 * terminated, malloc'd) and why. */
static kaiji_zip_status read_part(const unsigned char *x, size_t len, const char *name,
                                  char **out, char why[KAIJI_ZIP_WHY])
{
    kaiji_zip *zip = NULL;
    kaiji_zip_part *p = NULL;
    kaiji_zip_status st = kaiji_zip_open(&zip, x, len, NULL, why);
    size_t used = 0, cap = 64;
    char *buf = malloc(cap);

    cr_assert_not_null(buf);
    *out = NULL;
    if (st == KAIJI_ZIP_OK)
        st = kaiji_zip_part_open(&p, zip, name, why);
    while (st == KAIJI_ZIP_OK) {
        if (cap - used < 8) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
        /* small reads: the end of a part is met inside a read and at its edge */
        long n = kaiji_zip_part_read(p, buf + used, 7);
        if (n < 0)
            st = kaiji_zip_part_status(p, why);
        else if (n == 0)
            break;
        else
            used += (size_t)n;
    }
    buf[used] = '\0';
    kaiji_zip_part_close(p);
    kaiji_zip_free(zip);
    if (st == KAIJI_ZIP_OK)
        *out = buf;
    else
        free(buf);
    return st;
}

/* Expects part name of x to read back as text. */
static void expect_text(const unsigned char *x, size_t len, const char *name, const char *what)
{
    char why[KAIJI_ZIP_WHY], *got = NULL;
    kaiji_zip_status st = read_part(x, len, name, &got, why);
    cr_assert_eq(st, KAIJI_ZIP_OK, "%s: %s", what, why);
    cr_expect_str_eq(got, text, "%s", what);
    free(got);
}

/* Expects x to fail with st, why holding needle. */
static void expect_refused(const unsigned char *x, size_t len, const char *name,
                           kaiji_zip_status want, const char *needle, const char *what)
{
    char why[KAIJI_ZIP_WHY], *got = NULL;
    kaiji_zip_status st = read_part(x, len, name, &got, why);
    cr_expect_eq(st, want, "%s: status %d, %s", what, (int)st, st ? why : "read");
    if (st == want)
        cr_expect(strstr(why, needle) != NULL, "%s: %s", what, why);
    free(got);
}

Test(zip_reader, stored_and_deflated_parts_read_back_with_and_without_zip64_and_descriptors)
{
    for (int bits = 0; bits < 8; bits++) {
        t_zentry e = {.name = "xl/worksheets/sheet1.xml", .data = text, .len = strlen(text),
                      .deflate = bits & 1, .descriptor = (bits >> 1) & 1, .zip64 = (bits >> 2) & 1};
        t_zentry other = {.name = "docProps/app.xml", .data = text, .len = strlen(text),
                          .deflate = 1};
        t_zentry both[2] = {e, other};
        t_zopts o = {.zip64_end = e.zip64};
        size_t len;
        unsigned char *x = t_zip_build(both, 2, &o, &len);
        char what[64];
        snprintf(what, sizeof what, "deflate %d, descriptor %d, zip64 %d", e.deflate,
                 e.descriptor, e.zip64);
        expect_text(x, len, "xl/worksheets/sheet1.xml", what);
        expect_text(x, len, "docProps/app.xml", what);
        free(x);
    }
}

/* A deflated part whose directory declares a size it does not have (one
 * byte short or over, none, far more) reads back all the same: a part
 * kaiji inflates whole only when it has the size declared, and reads with
 * zlib otherwise. */
Test(zip_reader, a_deflated_part_whose_declared_size_lies_reads_back_all_the_same)
{
    static const int32_t lies[] = {-1, 1, -100000, 1000, 2000000};
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
        t_zentry e = {.name = "xl/worksheets/sheet1.xml", .data = text, .len = strlen(text),
                      .deflate = 1, .size_lie = lies[i] == -100000 ? -(int32_t)strlen(text)
                                                                     : lies[i]};
        size_t len;
        unsigned char *x = t_zip_build(&e, 1, NULL, &len);
        char what[64];
        snprintf(what, sizeof what, "declared size off by %d", (int)e.size_lie);
        expect_text(x, len, "xl/worksheets/sheet1.xml", what);
        free(x);
    }
}

Test(zip_reader, a_part_whose_crc_is_not_the_directory_s_is_damaged)
{
    for (int deflate = 0; deflate < 2; deflate++) {
        t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = deflate,
                      .crc_xor = 1};
        size_t len;
        unsigned char *x = t_zip_build(&e, 1, NULL, &len);
        expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "checksum", "crc");
        free(x);
    }
}

Test(zip_reader, a_data_descriptor_that_disagrees_with_the_directory_is_damaged)
{
    t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1,
                  .descriptor = 1, .descriptor_crc_xor = 0x100};
    size_t len;
    unsigned char *x = t_zip_build(&e, 1, NULL, &len);
    expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "descriptor", "descriptor");
    free(x);
}

Test(zip_reader, a_local_header_whose_method_is_not_the_directory_s_is_damaged)
{
    t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1,
                  .local_method = 1 /* stored */};
    size_t len;
    unsigned char *x = t_zip_build(&e, 1, NULL, &len);
    expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "local header", "method");
    free(x);
}

/* An entry written inside another's data (the overlapping entries of the
 * "better ZIP bomb"): the outer one runs over the inner one's header. */
Test(zip_reader, an_entry_whose_data_runs_over_another_s_header_is_damaged)
{
    t_zentry e[2] = {
        {.name = "outer.xml", .data = "", .len = 0},
        {.name = "inner.xml", .data = text, .len = strlen(text), .deflate = 1,
         .inside_previous = 1},
    };
    size_t len;
    unsigned char *x = t_zip_build(e, 2, NULL, &len);
    expect_refused(x, len, "outer.xml", KAIJI_ZIP_CORRUPT, "overlaps", "outer");
    expect_text(x, len, "inner.xml", "inner");
    free(x);
}

Test(zip_reader, the_end_record_is_found_behind_a_comment_of_any_length)
{
    static const size_t lengths[] = {0, 1, 21, 22, 1000, 65535};
    char *comment = malloc(65535);
    cr_assert_not_null(comment);
    /* a comment that looks like an end record is not taken for one: its
     * comment would run past the end of the file */
    for (size_t i = 0; i < 65535; i++)
        comment[i] = "PK\5\6\xff\xff"[i % 6];
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1};
        t_zopts o = {.comment = comment, .comment_len = lengths[i]};
        size_t len;
        unsigned char *x = t_zip_build(&e, 1, &o, &len);
        char what[64];
        snprintf(what, sizeof what, "a comment of %zu bytes", lengths[i]);
        expect_text(x, len, "a.xml", what);
        free(x);
    }
    free(comment);
}

Test(zip_reader, the_end_record_is_searched_for_no_further_than_a_comment_can_reach)
{
    t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1};
    t_zopts near = {.trailing = 65535}, far = {.trailing = 65536};
    size_t len;
    unsigned char *x = t_zip_build(&e, 1, &near, &len);
    expect_text(x, len, "a.xml", "65535 bytes after the end record");
    free(x);
    x = t_zip_build(&e, 1, &far, &len);
    expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "ZIP", "65536 bytes after");
    free(x);
}

Test(zip_reader, a_directory_or_zip64_record_pointing_outside_the_file_is_damaged)
{
    t_zentry e = {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1,
                  .zip64 = 1};
    t_zopts o = {.zip64_end = 1};
    size_t len;
    unsigned char *x = t_zip_build(&e, 1, &o, &len);
    /* the locator (20 bytes before the 22-byte end record) points past the file */
    unsigned char *loc = x + len - 22 - 20;
    cr_assert_eq(memcmp(loc, "PK\6\7", 4), 0);
    unsigned char saved[8];
    memcpy(saved, loc + 8, 8);
    memset(loc + 8, 0x7f, 8);
    expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "ZIP", "locator past the end");
    memcpy(loc + 8, saved, 8);
    /* the directory's ZIP64 offset of the local header points past the directory */
    unsigned char *c = x;
    while (memcmp(c, "PK\1\2", 4) != 0)
        c++;
    unsigned char *off = c + 46 + strlen("a.xml") + 4 + 16;
    memset(off, 0x7f, 8);
    expect_refused(x, len, "a.xml", KAIJI_ZIP_CORRUPT, "ZIP", "local offset past the end");
    free(x);
}

Test(zip_reader, a_file_cut_anywhere_is_refused_without_reading_out_of_bounds)
{
    t_zentry e[2] = {
        {.name = "a.xml", .data = text, .len = strlen(text), .deflate = 1, .zip64 = 1,
         .descriptor = 1},
        {.name = "b.xml", .data = text, .len = strlen(text)},
    };
    t_zopts o = {.zip64_end = 1, .comment = "comment", .comment_len = 7};
    size_t len;
    unsigned char *x = t_zip_build(e, 2, &o, &len);
    for (size_t cut = 0; cut < len; cut++) {
        /* a copy of exactly cut bytes: a sanitizer sees any read past it */
        unsigned char *part = malloc(cut ? cut : 1);
        cr_assert_not_null(part);
        memcpy(part, x, cut);
        char why[KAIJI_ZIP_WHY], *got = NULL;
        for (int k = 0; k < 2; k++) {
            kaiji_zip_status st = read_part(part, cut, k ? "b.xml" : "a.xml", &got, why);
            if (st == KAIJI_ZIP_OK)
                cr_expect_str_eq(got, text, "cut at %zu", cut);
            else
                cr_expect_neq(why[0], '\0', "cut at %zu: no reason", cut);
            free(got);
            got = NULL;
        }
        free(part);
    }
    free(x);
}

/* kaiji_zip_crc32 (libdeflate's when built with it) against
 * zlib's crc32() on every length from 0 to 1,100 bytes at each of 16
 * alignments, and taken in two pieces at every cut of a 700-byte run. */
Test(zip_reader, the_crc_32_is_zlib_s_at_every_length_alignment_and_cut)
{
    static unsigned char data[1200];
    uint32_t x = 20261204;

    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
    for (size_t off = 0; off < 16; off++)
        for (size_t len = 0; len + off <= 1100; len++)
            cr_assert_eq(kaiji_zip_crc32(0, data + off, len),
                         (uint32_t)crc32(0L, data + off, (uInt)len),
                         "offset %zu, length %zu", off, len);
    uint32_t whole = (uint32_t)crc32(0L, data, 700);
    for (size_t cut = 0; cut <= 700; cut++)
        cr_assert_eq(kaiji_zip_crc32(kaiji_zip_crc32(0, data, cut), data + cut, 700 - cut),
                     whole, "cut at %zu", cut);
}
