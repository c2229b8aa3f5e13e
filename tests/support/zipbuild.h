/*
 * tests/support/zipbuild.h - ZIP files written byte by byte, for the cases
 * of kaiji's own ZIP reader (parser/zipsafe.c) that no ZIP library writes
 * on purpose: ZIP64 records on a small file, data descriptors, a CRC or a
 * local header that disagrees with the directory, one entry written inside
 * another's data, a comment or bytes after the end record.
 */
#ifndef KAIJI_TESTS_ZIPBUILD_H
#define KAIJI_TESTS_ZIPBUILD_H

#include <stddef.h>
#include <stdint.h>

typedef struct t_zentry {
    const char *name;
    const void *data;
    size_t len;
    int deflate;           /* deflated (raw, zlib level 9), else stored */
    int descriptor;        /* flag 3: zeros in the local header, a descriptor after */
    uint32_t descriptor_crc_xor; /* XORed into the descriptor's CRC */
    int zip64;             /* sizes and offset in ZIP64 extra fields */
    uint32_t crc_xor;      /* XORed into the CRC of the local header and directory */
    int local_method;      /* when > 0: the local header's method is this - 1 */
    int inside_previous;   /* written as the previous entry's (stored) data */
    int32_t size_lie;      /* added to the uncompressed size the directory declares */
} t_zentry;

typedef struct t_zopts {
    int zip64_end;         /* the ZIP64 end record and locator, 0xFFFF... in the end record */
    const char *comment;   /* the archive's comment (comment_len bytes) */
    size_t comment_len;
    size_t trailing;       /* bytes of junk after the end record */
} t_zopts;

/* The ZIP of the n entries (opts may be NULL); malloc'd, *len bytes. */
unsigned char *t_zip_build(const t_zentry *entries, size_t n, const t_zopts *opts,
                           size_t *len);

#endif
