/*
 * parser/xlsx_parts.c - how the XLSX reader reads any part of the package:
 * small helpers (a growing text buffer, attributes, numbers, OOXML's _xHHHH_
 * escapes, part names), the generic part parser (a libxml2 SAX2 parser
 * pulling the part from the ZIP as it inflates, under the ZIP caps, refusing
 * a DTD and tags of too many attributes, and turning its errors into the
 * document's failure), and the relationships that name the parts.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/libxml.h"

#include "base/base.h"
#include "parser/ooxml_tok.h"
#include "parser/readers.h"
#include "parser/xlsx_internal.h"
#include "parser/xmlsafe.h"
#include "parser/zipsafe.h"
#include "model/i18n.h"

#define MAX_RELS 10000         /* relationships of one part: 1,000 sheets and their parts */

/* ---- small helpers ---------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void kaiji_xr_fail(xr *r, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (!r->failed && !r->nomem) {
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (kaiji_document_fail(r->doc, code, "%s", msg) != KAIJI_OK)
            r->nomem = true;
        r->failed = true;
    }
    if (r->ctxt)
        xmlStopParser(r->ctxt);
    if (r->tok)
        kaiji_xtok_stop(r->tok);
}

void kaiji_xr_nomem(xr *r)
{
    r->nomem = true;
    if (r->ctxt)
        xmlStopParser(r->ctxt);
    if (r->tok)
        kaiji_xtok_stop(r->tok);
}

const char *kaiji_xr_attr_get(int nb, const xmlChar **attrs, const char *localname,
                              const char *uri_part, size_t *len)
{
    int i;

    for (i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (!kaiji_xr_name_is(a[0], localname))
            continue;
        if (uri_part ? (!a[2] || !strstr((const char *)a[2], uri_part)) : a[2] != NULL)
            continue;
        *len = (size_t)(a[4] - a[3]);
        return (const char *)a[3];
    }
    *len = 0;
    return NULL;
}

/*
 * Decodes, in place, the character references libxml2 leaves in attribute
 * values when it does not substitute entities ("&amp;" arrives as "&#38;").
 */
static void decode_char_refs(char *s)
{
    char *o = s;

    while (*s) {
        if (s[0] == '&' && s[1] == '#') {
            const char *p = s + 2;
            unsigned long cp = 0;
            int base = 10, digits = 0;
            if (*p == 'x') {
                base = 16;
                p++;
            }
            for (; digits < 7; p++, digits++) {
                int d = base == 16 ? hexval(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
                if (d < 0)
                    break;
                cp = cp * (unsigned long)base + (unsigned long)d;
            }
            if (digits > 0 && *p == ';' && cp > 0 && cp <= 0x10FFFF &&
                (cp < 0xD800 || cp > 0xDFFF)) {
                if (cp < 0x80) {
                    *o++ = (char)cp;
                } else if (cp < 0x800) {
                    *o++ = (char)(0xC0 | (cp >> 6));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    *o++ = (char)(0xE0 | (cp >> 12));
                    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                } else {
                    *o++ = (char)(0xF0 | (cp >> 18));
                    *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                    *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                    *o++ = (char)(0x80 | (cp & 0x3F));
                }
                s = (char *)p + 1;
                continue;
            }
        }
        *o++ = *s++;
    }
    *o = '\0';
}

const char *kaiji_xr_attr_dup(xr *r, int nb, const xmlChar **attrs,
                              const char *localname, const char *uri_part)
{
    size_t len;
    const char *v = kaiji_xr_attr_get(nb, attrs, localname, uri_part, &len);
    char *s;

    if (!v)
        return NULL;
    s = kaiji_arena_strndup(r->tmp, v, len);
    if (!s)
        kaiji_xr_nomem(r);
    else if (memchr(s, '&', len))
        decode_char_refs(s);
    return s;
}

bool kaiji_xr_attr_copy(char *buf, size_t size, const char *v, size_t len)
{
    if (!v || len >= size)
        return false;
    memcpy(buf, v, len);
    buf[len] = '\0';
    return true;
}

bool kaiji_xr_attr_double(const char *v, size_t len, double *out)
{
    char buf[64], *end;
    double x;

    if (!kaiji_xr_attr_copy(buf, sizeof buf, v, len))
        return false;
    x = strtod(buf, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (end == buf || *end != '\0' || x != x || x - x != 0)
        return false;
    *out = x;
    return true;
}

bool kaiji_xr_parse_ulong(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                       s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (i == len)
        return false;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

bool kaiji_xr_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lf = strlen(suffix);
    return ls >= lf && strcmp(s + ls - lf, suffix) == 0;
}

void kaiji_xr_decode_xstring(char *s, size_t *len)
{
    size_t i = 0, o = 0, n = *len;

    if (!memchr(s, '_', n))
        return;
    while (i < n) {
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
            int h0 = hexval(s[i + 2]), h1 = hexval(s[i + 3]);
            int h2 = hexval(s[i + 4]), h3 = hexval(s[i + 5]);
            if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
                if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF) && cp < 0xFFFE) {
                    if (cp == 0x0B || cp == 0x0C)
                        cp = '\n';
                    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
                        /* dropped */
                    } else if (cp < 0x80) {
                        s[o++] = (char)cp;
                    } else if (cp < 0x800) {
                        s[o++] = (char)(0xC0 | (cp >> 6));
                        s[o++] = (char)(0x80 | (cp & 0x3F));
                    } else {
                        s[o++] = (char)(0xE0 | (cp >> 12));
                        s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                        s[o++] = (char)(0x80 | (cp & 0x3F));
                    }
                    i += 7;
                    continue;
                }
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    *len = o;
}

/* The folder of a part name, with its trailing "/" ("xl/" for
 * "xl/workbook.xml", "" for a part at the root), in the tmp arena. */
static const char *part_folder(xr *r, const char *part)
{
    const char *slash = strrchr(part, '/');
    char *s = kaiji_arena_strndup(r->tmp, part, slash ? (size_t)(slash - part) + 1 : 0);

    if (!s)
        kaiji_xr_nomem(r);
    return s;
}

/* The relationships part of a part: "xl/_rels/workbook.xml.rels". */
static const char *rels_part_of(xr *r, const char *part)
{
    const char *slash = strrchr(part, '/');
    char *s;

    if (slash)
        s = kaiji_arena_printf(r->tmp, "%.*s/_rels/%s.rels", (int)(slash - part),
                               part, slash + 1);
    else
        s = kaiji_arena_printf(r->tmp, "_rels/%s.rels", part);
    if (!s)
        kaiji_xr_nomem(r);
    return s;
}

/*
 * Resolves a relationship target (len bytes, percent-escapes allowed)
 * against base (a folder ending in "/" or ""): absolute targets start at the
 * package root, "." and ".." segments are applied.  Returns the part name in
 * the tmp arena, or NULL when the target leaves the package (or no memory,
 * then r->nomem).
 */
static const char *resolve_target(xr *r, const char *base, const char *target,
                                  size_t len)
{
    size_t blen = strlen(base), i, o = 0;
    char *path = kaiji_arena_alloc(r->tmp, blen + len + 2);
    char *out;
    size_t seg_start = 0, nsegs = 0;
    size_t *segs;

    if (!path) {
        kaiji_xr_nomem(r);
        return NULL;
    }
    if (len > 0 && target[0] == '/') {
        path[0] = '\0';
    } else {
        memcpy(path, base, blen);
        o = blen;
    }
    for (i = 0; i < len; i++) {
        char c = target[i];
        if (c == '%' && i + 2 < len && hexval(target[i + 1]) >= 0 &&
            hexval(target[i + 2]) >= 0) {
            c = (char)(hexval(target[i + 1]) * 16 + hexval(target[i + 2]));
            i += 2;
        } else if (c == '\\') {
            c = '/';
        } else if (c == '#' || c == '?') {
            break;
        }
        if (c == '\0')
            return NULL;
        path[o++] = c;
    }
    path[o] = '\0';
    /* Apply the segments onto a stack of segment starts. */
    out = kaiji_arena_alloc(r->tmp, o + 1);
    segs = kaiji_arena_alloc(r->tmp, (o + 1) * sizeof *segs);
    if (!out || !segs) {
        kaiji_xr_nomem(r);
        return NULL;
    }
    o = 0;
    for (i = 0;; i++) {
        if (path[i] == '/' || path[i] == '\0') {
            size_t sl = i - seg_start;
            const char *seg = path + seg_start;
            if (sl == 0 || (sl == 1 && seg[0] == '.')) {
                /* skip */
            } else if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
                if (nsegs == 0)
                    return NULL;
                o = segs[--nsegs];
            } else {
                segs[nsegs++] = o;
                if (o > 0)
                    out[o++] = '/';
                memcpy(out + o, seg, sl);
                o += sl;
            }
            if (path[i] == '\0')
                break;
            seg_start = i + 1;
        }
    }
    out[o] = '\0';
    if (o == 0)
        return NULL;
    return out;
}

/* ---- the generic part parser ----------------------------------------- */

/* The most text kept of one cell or shared string: Excel's limit of 32,767
 * characters, at four UTF-8 bytes each.  A longer text cannot come from
 * Excel; what passes the limit is dropped, so one huge string cannot take
 * memory up to the part cap. */
#define MAX_TEXT_BYTES (32767u * 4u)

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    xr *r = ctx;
    kaiji_buf *b = r->sink ? r->sink : &r->text;
    size_t n = len > 0 ? (size_t)len : 0;
    size_t have = b->len - r->sink_base; /* of the text being collected */

    if (!r->collect || n == 0 || have >= MAX_TEXT_BYTES)
        return;
    if (n <= MAX_TEXT_BYTES - have && b->data && !b->failed &&
        b->cap - b->len > n) { /* kaiji_buf_append() in line: there is room */
        char *o = b->data + b->len;
        if (n <= 16) { /* a number, a short text: no call */
            for (size_t i = 0; i < n; i++)
                o[i] = (char)ch[i];
        } else {
            memcpy(o, ch, n);
        }
        b->len += n;
        o[n] = '\0';
        return;
    }
    if (n > MAX_TEXT_BYTES - have) {
        n = MAX_TEXT_BYTES - have;
        while (n > 0 && (ch[n] & 0xC0) == 0x80) /* not inside a character */
            n--;
    }
    if (!kaiji_buf_append(b, (const char *)ch, n))
        kaiji_xr_nomem(r);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                   const xmlChar *sys_id)
{
    xr *r = ctx;
    char why[KAIJI_GATE_WHY];

    kaiji_gate_dtd_why(why, r->part);
    kaiji_xr_fail(r, "file-unsafe", "%s", why);
}

static void on_error(void *ctx, xmlErrorPtr error)
{
    /* Collected through xmlCtxtGetLastError(); nothing is printed. */
}

/*
 * libxml2 pulls each part through these: the part is inflated piece by piece
 * as the parser asks (never whole in memory), under the ZIP caps.  Pulling
 * spares libxml2's push parser its search for complete tags in every chunk.
 * A failed read (a cap, damaged data) ends the parse; zipsafe keeps why.
 */
/* Fails the document for a tag of too many attributes (without stopping a
 * parser: libxml2 may be inside its read). */
static void fail_attributes(xr *r)
{
    if (kaiji_document_fail(r->doc, "file-unsafe",
                            _("an element of part %s has more than %u attributes; kaiji "
                              "refuses it"),
                            r->part, KAIJI_XML_MAX_ATTRIBUTES) != KAIJI_OK)
        r->nomem = true;
    r->failed = true;
}

static int io_read(void *ctx, char *buf, int len)
{
    xr *r = ctx;

    if (r->failed || r->nomem || len <= 0)
        return r->failed || r->nomem ? -1 : 0;
    long n;
    if (r->replay_len > 0) { /* what the tokenizer read first */
        n = r->replay_len < (size_t)len ? (long)r->replay_len : len;
        memcpy(buf, r->replay, (size_t)n);
        r->replay += n;
        r->replay_len -= (size_t)n;
    } else {
        n = kaiji_zip_part_read(r->zpart, buf, (size_t)len);
    }
    if (n > 0 && !kaiji_xml_scan_feed(&r->scan, buf, (size_t)n)) {
        /* Failed without xmlStopParser(): libxml2 is inside its read. */
        fail_attributes(r);
        return -1;
    }
    return n < 0 ? -1 : (int)n;
}

static int io_close(void *ctx)
{
    return 0;
}

static void report_xml_error(xr *r)
{
    const xmlError *e = xmlCtxtGetLastError(r->ctxt);
    int line = e ? e->line : 0;
    int code = e ? e->code : 0;

    if (code == XML_ERR_NO_MEMORY) {
        kaiji_xr_nomem(r);
        return;
    }
    if (code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING)
        kaiji_xr_fail(r, "file-corrupt",
                      _("the workbook part %s holds text that is not valid UTF-8 (line %d)"),
                      r->part, line);
    else
        kaiji_xr_fail(r, "file-corrupt",
                      _("the workbook part %s is damaged: it is not well-formed XML (line %d)"),
                      r->part, line);
}

/* A damaged part read leniently: only running out of memory counts. */
static void lenient_xml_error(xr *r)
{
    const xmlError *e = xmlCtxtGetLastError(r->ctxt);

    if (e && e->code == XML_ERR_NO_MEMORY)
        kaiji_xr_nomem(r);
}

/* Fails the document as the ZIP layer's status st says (why: its words);
 * false when st is KAIJI_ZIP_OK. */
static bool zip_failed(xr *r, kaiji_zip_status st, const char *why)
{
    if (st == KAIJI_ZIP_OK)
        return false;
    if (st == KAIJI_ZIP_NOMEM) {
        kaiji_xr_nomem(r);
    } else {
        const char *code = kaiji_zip_status_code(st);
        kaiji_xr_fail(r, code ? code : "file-corrupt", "%s", why);
    }
    return true;
}

/* true (nothing reported) when the part being read is optional and st says
 * its data is damaged: it is passed over; else as zip_failed(). */
static bool part_failed(xr *r, kaiji_zip_status st, const char *why)
{
    if (r->optional && st == KAIJI_ZIP_CORRUPT)
        return true;
    return zip_failed(r, st, why);
}

/* What comes before a part is parsed with libxml2: loads it (kaiji_gate_libxml).
 * true when it is loaded; false when it cannot be: the document failed
 * (file-unreadable, naming the package), r->no_libxml2 set, and
 * kaiji_xlsx_workbook then returns KAIJI_ERROR_IO (or r->nomem). */
static bool xr_libxml(xr *r)
{
    int rc;

    if (kaiji_gate_libxml(r->doc, &rc))
        return true;
    if (rc == KAIJI_ERROR_NOMEM)
        r->nomem = true;
    else
        r->no_libxml2 = true;
    r->failed = true;
    return false;
}

/*
 * Parses the open part r->zpart with libxml2, the bytes r->replay first:
 * the parts the tokenizer hands over, and the damaged ones whose error
 * message is wanted.
 */
static pp_result parse_libxml2(xr *r, startElementNsSAX2Func start, endElementNsSAX2Func end)
{
    xmlSAXHandler sax;
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;
    pp_result res = PP_FAILED;

    if (!xr_libxml(r))
        return PP_FAILED;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.endElementNs = end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.internalSubset = on_dtd;
    sax.serror = on_error;
    memset(&r->scan, 0, sizeof r->scan);
    r->ctxt = xmlCreateIOParserCtxt(&sax, r, io_read, io_close, r, XML_CHAR_ENCODING_NONE);
    if (!r->ctxt) {
        kaiji_xr_nomem(r);
        goto done;
    }
    xmlCtxtUseOptions(r->ctxt, kaiji_xml_options());
    int rc = xmlParseDocument(r->ctxt);
    if (r->failed || r->nomem)
        goto done;
    /* A failed read first: the parser only saw its input end. */
    st = kaiji_zip_part_status(r->zpart, why);
    if (part_failed(r, st, why))
        goto done;
    if (rc != 0 || !r->ctxt->wellFormed) {
        if (r->lenient || r->optional)
            lenient_xml_error(r);
        else
            report_xml_error(r);
        goto done;
    }
    res = PP_OK;

done:
    if (r->ctxt) {
        xmlFreeParserCtxt(r->ctxt);
        r->ctxt = NULL;
    }
    r->replay = NULL;
    r->replay_len = 0;
    return res;
}

static void noop_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                       int nb_defaulted, const xmlChar **attrs)
{
}

static void noop_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri)
{
}

static long tok_read(void *ctx, char *buf, size_t len)
{
    xr *r = ctx;

    return kaiji_zip_part_read(r->zpart, buf, len);
}

/*
 * The part the tokenizer found not well-formed, once its events are given:
 * read again by libxml2 without callbacks, for the message it has always
 * given (the line of the error, what kind).
 */
static void report_malformed(xr *r, const char *part)
{
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;

    if (r->lenient || r->optional)
        return;
    kaiji_zip_part_close(r->zpart);
    r->zpart = NULL;
    st = kaiji_zip_part_open(&r->zpart, r->zip, part, why);
    if (zip_failed(r, st, why))
        return;
    r->collect = false;
    if (parse_libxml2(r, noop_start, noop_end) == PP_OK)
        kaiji_xr_fail(r, "file-corrupt",
                      _("the workbook part %s is damaged: it is not well-formed XML (line %d)"),
                      part, 0);
}

/* The most room made at once for a sink, whatever a part declares: the
 * size zipsafe.c inflates a part whole up to (WHOLE_MAX). */
#define SINK_RESERVE_MAX ((uint64_t)1 << 20)

pp_result kaiji_xr_parse_part(xr *r, const char *part, startElementNsSAX2Func start,
                              endElementNsSAX2Func end)
{
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;
    pp_result res = PP_FAILED;
    kaiji_xtok_handlers h = {start, end, on_chars};

    if (!kaiji_zip_has(r->zip, part))
        return PP_MISSING;
    r->part = part;
    r->seen_root = false;
    r->collect = false;
    kaiji_buf_reset(&r->text);
    st = kaiji_zip_part_open(&r->zpart, r->zip, part, why);
    if (part_failed(r, st, why))
        goto done;
    if (r->sink) {
        /* The text collected into a sink (the shared strings' pool) is never
         * longer than the part's XML: room for the size the directory
         * declares, up to SINK_RESERVE_MAX, is made at once rather than
         * doubling (and copying) the pool some ten times as it fills. */
        uint64_t size = kaiji_zip_part_declared_size(r->zpart);
        if (size > SINK_RESERVE_MAX)
            size = SINK_RESERVE_MAX;
        if (!kaiji_buf_reserve(r->sink, (size_t)size)) {
            kaiji_xr_nomem(r);
            goto done;
        }
    }
    if (!r->tok && !(r->tok = kaiji_xtok_new())) {
        kaiji_xr_nomem(r);
        goto done;
    }
    switch (kaiji_xtok_parse(r->tok, &h, r, tok_read, r)) {
    case KAIJI_XTOK_OK:
        st = kaiji_zip_part_status(r->zpart, why);
        if (!part_failed(r, st, why))
            res = PP_OK;
        break;
    case KAIJI_XTOK_FALLBACK:
        kaiji_xtok_buffered(r->tok, &r->replay, &r->replay_len);
        res = parse_libxml2(r, start, end);
        break;
    case KAIJI_XTOK_MALFORMED:
        report_malformed(r, part);
        break;
    case KAIJI_XTOK_TOO_MANY_ATTRIBUTES:
        fail_attributes(r);
        break;
    case KAIJI_XTOK_TOO_LARGE:
        kaiji_xr_fail(r, "file-too-large",
                      _("a tag of the workbook part %s is longer than %u bytes, or its elements "
                        "nest too many names; kaiji refuses it"),
                      part, KAIJI_XTOK_MAX_TAG);
        break;
    case KAIJI_XTOK_READ_FAILED:
        st = kaiji_zip_part_status(r->zpart, why);
        if (!part_failed(r, st, why) && st == KAIJI_ZIP_OK)
            kaiji_xr_fail(r, "file-corrupt",
                          _("the workbook part %s is damaged: it is not well-formed XML (line %d)"),
                          part, 0);
        break;
    case KAIJI_XTOK_STOPPED:
        break;
    case KAIJI_XTOK_NOMEM:
        kaiji_xr_nomem(r);
        break;
    }

done:
    kaiji_zip_part_close(r->zpart);
    r->zpart = NULL;
    r->collect = false;
    return res;
}

/* ---- relationships --------------------------------------------------- */

static void rels_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                       int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    size_t tlen, mlen;
    const char *target, *mode;
    rel *x;

    if (!kaiji_xr_name_is(localname, "Relationship"))
        return;
    mode = kaiji_xr_attr_get(nb_attrs, attrs, "TargetMode", NULL, &mlen);
    if (kaiji_xr_attr_eq(mode, mlen, "External"))
        return;
    if (r->rel_count >= MAX_RELS) {
        kaiji_xr_fail(r, "file-too-large", _("the part %s lists more than %d relationships"),
                      r->part, MAX_RELS);
        return;
    }
    target = kaiji_xr_attr_dup(r, nb_attrs, attrs, "Target", NULL);
    if (!target)
        return;
    tlen = strlen(target);
    if (!KAIJI_GROW(r->rels, r->rel_count, r->rel_cap)) {
        kaiji_xr_nomem(r);
        return;
    }
    x = &r->rels[r->rel_count];
    x->id = kaiji_xr_attr_dup(r, nb_attrs, attrs, "Id", NULL);
    x->type = kaiji_xr_attr_dup(r, nb_attrs, attrs, "Type", NULL);
    x->target = resolve_target(r, r->rel_base, target, tlen);
    if (r->nomem || !x->id || !x->type || !x->target)
        return;
    r->rel_count++;
}

static void rels_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri)
{
}

pp_result kaiji_xr_read_rels(xr *r, const char *part)
{
    const char *name = rels_part_of(r, part);

    r->rel_count = 0;
    if (!name)
        return PP_FAILED;
    r->rel_base = part_folder(r, part);
    if (!r->rel_base)
        return PP_FAILED;
    return kaiji_xr_parse_part(r, name, rels_start, rels_end);
}

const rel *kaiji_xr_rel_by_type(const xr *r, const char *suffix)
{
    size_t i;

    for (i = 0; i < r->rel_count; i++)
        if (kaiji_xr_ends_with(r->rels[i].type, suffix))
            return &r->rels[i];
    return NULL;
}

const rel *kaiji_xr_rel_by_id(const xr *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->rel_count; i++)
        if (strcmp(r->rels[i].id, id) == 0)
            return &r->rels[i];
    return NULL;
}
