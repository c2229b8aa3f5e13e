/*
 * tests/support/zipbuild.c - ZIP files written byte by byte (zipbuild.h).
 */
#include "zipbuild.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kaiji.h"
#include "support.h"

typedef struct zb {
    unsigned char *p;
    size_t len, cap;
} zb;

static void put(zb *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put16(zb *b, uint32_t v)
{
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    put(b, x, 2);
}

static void put32(zb *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    put(b, x, 4);
}

static void put64(zb *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}

/* Raw deflate of data (level 9); malloc'd, *out_len bytes. */
static unsigned char *deflate_raw(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    uLong cap = deflateBound(&z, (uLong)len) + 16;
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = z.total_out;
    deflateEnd(&z);
    return out;
}

typedef struct zmeta {
    uint32_t crc;
    uint64_t comp, offset;
    unsigned char *body; /* compressed data */
} zmeta;

/* Writes entry e's local record (header, data, descriptor) into b. */
static void local_record(zb *b, const t_zentry *e, const zmeta *m)
{
    uint16_t method = e->deflate ? 8 : 0;
    put32(b, 0x04034b50u);
    put16(b, e->zip64 ? 45 : 20);
    put16(b, e->descriptor ? 0x0808 : 0x0800);
    put16(b, e->local_method > 0 ? (uint32_t)(e->local_method - 1) : method);
    put16(b, 0);
    put16(b, 0x21);
    put32(b, e->descriptor ? 0 : m->crc ^ e->crc_xor);
    put32(b, e->descriptor ? 0 : e->zip64 ? 0xFFFFFFFFu : (uint32_t)m->comp);
    put32(b, e->descriptor ? 0 : e->zip64 ? 0xFFFFFFFFu : (uint32_t)e->len);
    put16(b, (uint32_t)strlen(e->name));
    put16(b, e->zip64 ? 20 : 0);
    put(b, e->name, strlen(e->name));
    if (e->zip64) {
        put16(b, 1);
        put16(b, 16);
        put64(b, e->len);
        put64(b, m->comp);
    }
    put(b, m->body, (size_t)m->comp);
    if (e->descriptor) {
        put32(b, 0x08074b50u);
        put32(b, m->crc ^ e->descriptor_crc_xor);
        if (e->zip64) {
            put64(b, m->comp);
            put64(b, e->len);
        } else {
            put32(b, (uint32_t)m->comp);
            put32(b, (uint32_t)e->len);
        }
    }
}

unsigned char *t_zip_build(const t_zentry *entries, size_t n, const t_zopts *opts,
                           size_t *len)
{
    static const t_zopts none;
    zb b = {0}, cd = {0};
    zmeta *m = calloc(n ? n : 1, sizeof *m);
    size_t i;

    if (!opts)
        opts = &none;
    cr_assert_not_null(m);
    for (i = 0; i < n; i++) {
        const t_zentry *e = &entries[i];
        m[i].crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), e->data, (uInt)e->len);
        if (e->deflate) {
            size_t cl;
            m[i].body = deflate_raw(e->data, e->len, &cl);
            m[i].comp = cl;
        } else {
            m[i].body = malloc(e->len ? e->len : 1);
            cr_assert_not_null(m[i].body);
            memcpy(m[i].body, e->data, e->len);
            m[i].comp = e->len;
        }
    }
    for (i = 0; i < n; i++) {
        if (i + 1 < n && entries[i + 1].inside_previous) {
            /* entry i's data is entry i + 1's local record */
            zb inner = {0};
            cr_assert(!entries[i].deflate, "the outer entry must be stored");
            local_record(&inner, &entries[i + 1], &m[i + 1]);
            free(m[i].body);
            m[i].body = inner.p;
            m[i].comp = inner.len;
            m[i].crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), inner.p, (uInt)inner.len);
            t_zentry outer = entries[i];
            outer.len = inner.len;
            m[i].offset = b.len;
            local_record(&b, &outer, &m[i]);
            /* where the inner record starts: after the outer's header and name */
            m[i + 1].offset = m[i].offset + 30 + strlen(outer.name) + (outer.zip64 ? 20 : 0);
            i++;
            continue;
        }
        m[i].offset = b.len;
        local_record(&b, &entries[i], &m[i]);
    }
    uint64_t cd_start = b.len;
    for (i = 0; i < n; i++) {
        const t_zentry *e = &entries[i];
        size_t outer_len = i + 1 < n && entries[i + 1].inside_previous ? (size_t)m[i].comp : e->len;
        put32(&cd, 0x02014b50u);
        put16(&cd, 0x031E);
        put16(&cd, e->zip64 ? 45 : 20);
        put16(&cd, e->descriptor ? 0x0808 : 0x0800);
        put16(&cd, e->deflate ? 8 : 0);
        put16(&cd, 0);
        put16(&cd, 0x21);
        put32(&cd, m[i].crc ^ e->crc_xor);
        put32(&cd, e->zip64 ? 0xFFFFFFFFu : (uint32_t)m[i].comp);
        put32(&cd, e->zip64 ? 0xFFFFFFFFu : (uint32_t)((int64_t)outer_len + e->size_lie));
        put16(&cd, (uint32_t)strlen(e->name));
        put16(&cd, e->zip64 ? 28 : 0);
        put16(&cd, 0);
        put16(&cd, 0);
        put16(&cd, 0);
        put32(&cd, 0);
        put32(&cd, e->zip64 ? 0xFFFFFFFFu : (uint32_t)m[i].offset);
        put(&cd, e->name, strlen(e->name));
        if (e->zip64) {
            put16(&cd, 1);
            put16(&cd, 24);
            put64(&cd, outer_len);
            put64(&cd, m[i].comp);
            put64(&cd, m[i].offset);
        }
    }
    put(&b, cd.p, cd.len);
    if (opts->zip64_end) {
        uint64_t end64 = b.len;
        put32(&b, 0x06064b50u);
        put64(&b, 44);
        put16(&b, 45);
        put16(&b, 45);
        put32(&b, 0);
        put32(&b, 0);
        put64(&b, n);
        put64(&b, n);
        put64(&b, cd.len);
        put64(&b, cd_start);
        put32(&b, 0x07064b50u);
        put32(&b, 0);
        put64(&b, end64);
        put32(&b, 1);
    }
    put32(&b, 0x06054b50u);
    put16(&b, 0);
    put16(&b, 0);
    put16(&b, opts->zip64_end ? 0xFFFF : (uint32_t)n);
    put16(&b, opts->zip64_end ? 0xFFFF : (uint32_t)n);
    put32(&b, opts->zip64_end ? 0xFFFFFFFFu : (uint32_t)cd.len);
    put32(&b, opts->zip64_end ? 0xFFFFFFFFu : (uint32_t)cd_start);
    put16(&b, (uint32_t)opts->comment_len);
    put(&b, opts->comment, opts->comment_len);
    for (i = 0; i < opts->trailing; i++)
        put(&b, "\0", 1);
    for (i = 0; i < n; i++)
        free(m[i].body);
    free(m);
    free(cd.p);
    *len = b.len;
    return b.p;
}
