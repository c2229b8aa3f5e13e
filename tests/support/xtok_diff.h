/*
 * tests/support/xtok_diff.h - runs the OOXML tokenizer (parser/ooxml_tok.h)
 * and libxml2, as the XLSX reader runs it, on the same bytes with recording
 * callbacks, and tells whether they agree: the same events (element names,
 * prefixes, URIs, namespace declarations, attributes in order, the text
 * between two tags joined), or both refusing the part.  Used by
 * tests/test_ooxml_tok.c and tests/fuzz/fuzz_xtok.c; header only, so that
 * the fuzz harness needs no other file.
 */
#ifndef KAIJI_TESTS_XTOK_DIFF_H
#define KAIJI_TESTS_XTOK_DIFF_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "parser/ooxml_tok.h"
#include "parser/xmlsafe.h"

typedef struct xd_rec {
    char *s;            /* the events, one a line */
    size_t len, cap;
    char *text;         /* text since the last tag */
    size_t tlen, tcap;
    bool dtd;
    bool oom;
} xd_rec;

static void xd_put(xd_rec *r, const char *p, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + n + 1)
            cap *= 2;
        char *s = realloc(r->s, cap);
        if (!s) {
            r->oom = true;
            return;
        }
        r->s = s;
        r->cap = cap;
    }
    memcpy(r->s + r->len, p, n);
    r->len += n;
    r->s[r->len] = '\0';
}

static void xd_puts(xd_rec *r, const char *s)
{
    xd_put(r, s ? s : "(null)", strlen(s ? s : "(null)"));
}

static void xd_flush(xd_rec *r)
{
    if (r->tlen == 0)
        return;
    xd_puts(r, "T[");
    xd_put(r, r->text, r->tlen);
    xd_puts(r, "]\n");
    r->tlen = 0;
}

static void xd_chars(void *ctx, const xmlChar *ch, int len)
{
    xd_rec *r = ctx;
    size_t n = len > 0 ? (size_t)len : 0;

    if (r->tlen + n > r->tcap) {
        size_t cap = r->tcap ? r->tcap : 256;
        while (cap < r->tlen + n)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t) {
            r->oom = true;
            return;
        }
        r->text = t;
        r->tcap = cap;
    }
    if (n)
        memcpy(r->text + r->tlen, ch, n);
    r->tlen += n;
}

static void xd_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    xd_rec *r = ctx;
    char num[32];

    xd_flush(r);
    xd_puts(r, "S ");
    xd_puts(r, (const char *)localname);
    xd_puts(r, " p=");
    xd_puts(r, (const char *)prefix);
    xd_puts(r, " u=");
    xd_puts(r, (const char *)uri);
    snprintf(num, sizeof num, " d=%d", nb_defaulted);
    xd_puts(r, num);
    for (int i = 0; i < nb_ns; i++) {
        xd_puts(r, "\n  ns ");
        xd_puts(r, (const char *)ns[2 * i]);
        xd_puts(r, "=");
        xd_puts(r, (const char *)ns[2 * i + 1]);
    }
    for (int i = 0; i < nb_attrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        xd_puts(r, "\n  a ");
        xd_puts(r, (const char *)a[0]);
        xd_puts(r, " p=");
        xd_puts(r, (const char *)a[1]);
        xd_puts(r, " u=");
        xd_puts(r, (const char *)a[2]);
        xd_puts(r, " v=[");
        xd_put(r, (const char *)a[3], (size_t)(a[4] - a[3]));
        xd_puts(r, "]");
    }
    xd_puts(r, "\n");
}

static void xd_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xd_rec *r = ctx;

    xd_flush(r);
    xd_puts(r, "E ");
    xd_puts(r, (const char *)localname);
    xd_puts(r, " p=");
    xd_puts(r, (const char *)prefix);
    xd_puts(r, " u=");
    xd_puts(r, (const char *)uri);
    xd_puts(r, "\n");
}

static void xd_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                   const xmlChar *sys_id)
{
    ((xd_rec *)ctx)->dtd = true;
}

static void xd_error(void *ctx, xmlErrorPtr error)
{
}

/* Input handed out chunk bytes at a time (0: all at once). */
typedef struct xd_src {
    const unsigned char *p;
    size_t len, off, chunk;
    size_t first;       /* the first read stops here (0: as chunk says) */
    kaiji_xml_scan scan;
    bool unsafe;
} xd_src;

static long xd_read(void *ctx, char *buf, size_t len)
{
    xd_src *s = ctx;
    size_t n = s->len - s->off;

    if (n > len)
        n = len;
    if (s->chunk && n > s->chunk)
        n = s->chunk;
    if (s->first && s->off < s->first && n > s->first - s->off)
        n = s->first - s->off;
    memcpy(buf, s->p + s->off, n);
    s->off += n;
    return (long)n;
}

static int xd_io_read(void *ctx, char *buf, int len)
{
    xd_src *s = ctx;
    long n = xd_read(ctx, buf, (size_t)len);

    if (n > 0 && !kaiji_xml_scan_feed(&s->scan, buf, (size_t)n)) {
        s->unsafe = true;
        return -1;
    }
    return (int)n;
}

static int xd_io_close(void *ctx)
{
    return 0;
}

/* What one side made of the bytes. */
enum { XD_ACCEPT, XD_REJECT, XD_UNSAFE, XD_FALLBACK, XD_TOO_LARGE, XD_OOM };

/* libxml2, as kaiji_xr_parse_part() runs it: into r, the outcome. */
static int xd_run_libxml2(const unsigned char *p, size_t len, size_t chunk, xd_rec *r)
{
    xmlSAXHandler sax;
    xd_src src = {p, len, 0, chunk, 0, {0}, false};

    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = xd_start;
    sax.endElementNs = xd_end;
    sax.characters = xd_chars;
    sax.cdataBlock = xd_chars;
    sax.internalSubset = xd_dtd;
    sax.serror = xd_error;
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(&sax, r, xd_io_read, xd_io_close, &src,
                                                  XML_CHAR_ENCODING_NONE);
    if (!ctxt)
        return XD_OOM;
    xmlCtxtUseOptions(ctxt, kaiji_xml_options());
    int rc = xmlParseDocument(ctxt);
    bool ok = rc == 0 && ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    xd_flush(r);
    if (src.unsafe || r->dtd)
        return XD_UNSAFE;
    return ok ? XD_ACCEPT : XD_REJECT;
}

/* The tokenizer: into r, the outcome. */
static int xd_run_tok(const unsigned char *p, size_t len, size_t chunk, size_t first,
                      xd_rec *r)
{
    xd_src src = {p, len, 0, chunk, first, {0}, false};
    kaiji_xtok_handlers h = {xd_start, xd_end, xd_chars};
    kaiji_xtok *t = kaiji_xtok_new();

    if (!t)
        return XD_OOM;
    kaiji_xtok_result res = kaiji_xtok_parse(t, &h, r, xd_read, &src);
    kaiji_xtok_free(t);
    xd_flush(r);
    switch (res) {
    case KAIJI_XTOK_OK:
        return XD_ACCEPT;
    case KAIJI_XTOK_FALLBACK:
        return XD_FALLBACK;
    case KAIJI_XTOK_TOO_MANY_ATTRIBUTES:
        return XD_UNSAFE;
    case KAIJI_XTOK_TOO_LARGE:
        return XD_TOO_LARGE;
    case KAIJI_XTOK_NOMEM:
        return XD_OOM;
    default:
        return XD_REJECT;
    }
}

static const char *xd_outcome_name(int o)
{
    static const char *const n[] = {"accepted", "refused", "refused as unsafe", "handed to libxml2",
                                    "refused as too large", "out of memory"};
    return n[o];
}

/*
 * Runs both on len bytes at p, handed tok_chunk bytes at a time to the
 * tokenizer (0: as it asks), its first read stopping at first (0: no
 * stop).  true when they agree; else false and *why a
 * malloc'd account of the difference.  *outcome: the tokenizer's (XD_*).
 */
static bool xd_agree(const unsigned char *p, size_t len, size_t tok_chunk, size_t first,
                     int *outcome, char **why)
{
    xd_rec a = {0}, b = {0};
    int lx = xd_run_libxml2(p, len, 0, &a);
    int tk = xd_run_tok(p, len, tok_chunk, first, &b);
    bool same;

    *why = NULL;
    *outcome = tk;
    if (lx == XD_OOM || tk == XD_OOM || a.oom || b.oom)
        same = true; /* nothing to compare */
    else if (tk == XD_FALLBACK || tk == XD_TOO_LARGE)
        same = true; /* libxml2 reads it, or a bound of kaiji's own */
    else if (tk == XD_ACCEPT)
        same = lx == XD_ACCEPT && a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
    else if (tk == XD_UNSAFE)
        same = lx != XD_ACCEPT;
    else
        same = lx == XD_REJECT || lx == XD_UNSAFE;
    if (!same) {
        size_t n = a.len + b.len + 256;
        *why = malloc(n);
        if (*why)
            snprintf(*why, n, "libxml2 %s, tokenizer %s\n--- libxml2:\n%s--- tokenizer:\n%s",
                     xd_outcome_name(lx), xd_outcome_name(tk), a.s ? a.s : "",
                     b.s ? b.s : "");
    }
    free(a.s);
    free(a.text);
    free(b.s);
    free(b.text);
    return same;
}

#endif
