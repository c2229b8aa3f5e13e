/*
 * parser/xlsx.c - the XLSX / XLSM / Strict OOXML reader.
 *
 * The ZIP is read through parser/zipsafe (capped while inflating) and every
 * part is parsed by a libxml2 SAX2 push parser fed straight from the
 * inflating stream: a worksheet is never whole in memory and no DOM is built.
 * Elements are matched on their local names, so prefixed names (<x:c>) and
 * both the transitional and the Strict namespaces work.  Part names come
 * from the relationships (_rels/.rels, then the workbook's), relative or
 * absolute.  Order of work: package rels, workbook rels, workbook, shared
 * strings, styles, each worksheet and the drawings it names (DrawingML
 * shapes, and the VML shapes of old Excel); data-validation lists that refer
 * to cells or to defined names are resolved once every sheet is read; last,
 * the document properties (docProps/core.xml).
 *
 * Lenient where other readers are: a cell whose value is empty (<v/> in a
 * shared-string, number, boolean or error cell, an inline string without
 * <is>) is an empty cell, and a part kaiji can do without (the document
 * properties; themes, calcChain and printer settings are never read) is
 * passed over when it is missing or damaged.  Refusals are kept for what is
 * unsafe (a DTD, a dangerous name, a cap reached) or truly unreadable.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "base/base.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "parser/zipsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define MAX_ROW 1048576u
#define MAX_COL 16384u
#define MAX_LIST_ITEMS 1000
#define MAX_DV_RANGES 1024
#define MAX_PENDING_DV 10000
#define MAX_RELS 10000         /* relationships of one part: 1,000 sheets and their parts */
#define RESOLVE_BUDGET 50000000u /* cell visits while resolving lists */
#define MAX_SHAPES 4096        /* shapes kept per sheet */
#define MAX_COL_WIDTHS 1024    /* <col> ranges kept per sheet */
#define MAX_ROW_HEIGHTS 100000 /* rows of their own height kept per sheet */
#define MAX_GROUP_DEPTH 8
#define EMU_PER_PX 9525.0
#define EMU_PER_PT 12700.0
#define MAX_EMU 1e15           /* beyond any sheet: 16384 columns of 255 chars */

typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

typedef struct rel {
    const char *id, *type, *target; /* target: a part name, no leading "/" */
} rel;

typedef struct sheet_ref {
    const char *name, *rid;
    bool hidden;
    kaiji_sheet *sheet; /* NULL until read, or when not a worksheet */
} sheet_ref;

typedef struct defname {
    const char *name, *text;
    long local; /* the localSheetId, -1 for a workbook-wide name */
} defname;

typedef struct pending_dv {
    size_t sheet_pos; /* in xr.sheets */
    kaiji_range *ranges;
    size_t range_count;
    const char *formula;
} pending_dv;

/* A shared string: its text in the pool, and its copy in the workbook once a
 * cell has shown it (every other cell showing it shares that copy). */
typedef struct shared_string {
    size_t off, len;
    const char *kept;
} shared_string;

typedef struct numfmt {
    long id;
    size_t order; /* place in styles.xml: the last of one id wins */
    bool date;
} numfmt;

typedef enum cell_type { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D } cell_type;

/* Columns min..max (1-based) of a width other than the default, in EMU. */
typedef struct col_width {
    uint32_t min, max;
    double emu;
} col_width;

/* A row (1-based) of a height other than the default, in EMU. */
typedef struct row_height {
    uint32_t row;
    double emu;
} row_height;

/* One corner of a DrawingML anchor: zero-based cell, offsets in EMU. */
typedef struct anchor_pt {
    int64_t col, col_off, row, row_off;
} anchor_pt;

/* A DrawingML transform: offset and extent, and for a group the frame its
 * children are placed in. */
typedef struct xfrm {
    double x, y, cx, cy, chx, chy, chcx, chcy;
    bool has, has_ch;
} xfrm;

/* What the drawing-part handlers are in the middle of. */
typedef struct drawing_state {
    int depth;
    int fallback;          /* inside mc:Fallback: a copy of the Choice */
    int anchor;            /* 0 none, 1 twoCell, 2 oneCell, 3 absolute */
    int anchor_depth;
    int corner;            /* 0 none, 1 from, 2 to */
    int field;             /* 0 none, 1 col, 2 colOff, 3 row, 4 rowOff */
    anchor_pt from, to;
    double ext_cx, ext_cy, pos_x, pos_y;
    bool box_done, box_ok;
    double box[4];         /* the anchor's box: left, top, right, bottom */
    int groups;            /* open grpSp elements */
    xfrm group[MAX_GROUP_DEPTH];
    int in_props;          /* 0, 1 spPr, 2 grpSpPr */
    int in_xfrm;
    int sp_depth;          /* depth of the open xdr:sp, 0 when none */
    xfrm sp;
    char prst[32];
    /* VML */
    int vml_depth;         /* depth of the open shape, 0 when none */
    const char *vml_kind;  /* "ellipse", "roundRect" or NULL */
    bool vml_anchor_ok;
    double vml_anchor[8];
    bool in_vml_anchor;
} drawing_state;

/* The reader's whole state, one per call; nothing is global. */
typedef struct xr {
    kaiji_document *doc;
    kaiji_workbook *wb;
    kaiji_zip *zip;
    kaiji_arena *tmp;     /* names, rels, formulas: freed at the end */
    uint64_t max_cells;
    uint64_t max_shown_text, shown_text; /* text cells show from shared strings */
    bool failed;          /* doc has been failed */
    bool nomem;
    xmlParserCtxtPtr ctxt;
    kaiji_zip_part *zpart;  /* the part libxml2 is pulling from */
    const char *part;
    bool seen_root;

    strbuf text;          /* the text being collected, reused */
    bool collect;

    const char *rel_base; /* folder of the part whose rels are read */
    rel *rels;
    size_t rel_count, rel_cap;

    sheet_ref *sheets;
    size_t sheet_count, sheet_cap;
    defname *names;
    size_t name_count, name_cap;
    bool in_defname;
    const char *defname_name;
    long defname_local;

    strbuf pool;          /* shared strings, back to back */
    shared_string *sst;
    size_t sst_count, sst_cap;
    int rph_depth;

    numfmt *fmts;
    size_t fmt_count, fmt_cap;
    long *xf_fmt;
    size_t xf_count, xf_cap;
    bool *xf_date;
    bool in_numfmts, in_cellxfs;

    kaiji_sheet *sheet;
    size_t sheet_pos;
    uint32_t row, col;
    bool in_cell, in_is, has_value;
    cell_type ctype;
    size_t style;
    bool in_dv, dv_list, in_formula1, in_sqref;
    strbuf dv_formula, dv_sqref;
    kaiji_range *dv_scratch;   /* MAX_DV_RANGES, the ranges of one <dataValidation> */
    size_t pend_ranges;        /* of the lists waiting, at most KAIJI_MAX_VALIDATION_RANGES */
    pending_dv *pend;
    size_t pend_count, pend_cap;

    kaiji_xml_scan scan;  /* of the part being parsed, for tags of too many attributes */
    bool lenient;         /* a damaged part is passed over (VML), not failed */
    bool optional;        /* a part kaiji can do without: damaged XML or ZIP
                             data is passed over (docProps) */
    const char *core_part; /* the core properties the package names, or NULL */
    int core_depth;       /* element depth inside docProps/core.xml */
    int prop;             /* the property being read, or -1 */
    const char *drawing_rid, *vml_rid; /* the sheet's <drawing>, <legacyDrawing> */
    double default_col_emu, default_row_emu;
    col_width *colws;
    size_t colw_count, colw_cap;
    double *colw_sum;     /* colw_sum[i]: EMU columns colws[0..i-1] add to the default */
    row_height *rowhs;
    size_t rowh_count, rowh_cap;
    double *rowh_sum;     /* likewise for rows */
    bool rowh_unsorted;
    drawing_state dr;
} xr;

/* ---- small helpers ---------------------------------------------------- */

static bool sb_reserve(strbuf *b, size_t extra)
{
    size_t cap;
    char *p;

    if (b->len + extra + 1 <= b->cap)
        return true;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    p = realloc(b->data, cap);
    if (!p)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

/* Appends n bytes of s, keeping the buffer NUL-terminated. */
static bool sb_append(strbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return false;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static void sb_clear(strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Marks the document unreadable (once) and stops the parser. */
static void xr_fail(xr *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void xr_fail(xr *r, const char *code, const char *fmt, ...)
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
}

static void xr_nomem(xr *r)
{
    r->nomem = true;
    if (r->ctxt)
        xmlStopParser(r->ctxt);
}

static bool name_is(const xmlChar *localname, const char *name)
{
    return strcmp((const char *)localname, name) == 0;
}

/* The value of the attribute localname (without a namespace when uri_part
 * is NULL, else in one whose URI contains uri_part); *len its length.  NULL if absent. */
static const char *attr_get(int nb, const xmlChar **attrs, const char *localname,
                            const char *uri_part, size_t *len)
{
    int i;

    for (i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (strcmp((const char *)a[0], localname) != 0)
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

/* A NUL-terminated, reference-decoded copy of an attribute in the tmp
 * arena, or NULL when it is absent (or no memory: r->nomem). */
static const char *attr_dup(xr *r, int nb, const xmlChar **attrs,
                            const char *localname, const char *uri_part)
{
    size_t len;
    const char *v = attr_get(nb, attrs, localname, uri_part, &len);
    char *s;

    if (!v)
        return NULL;
    s = kaiji_arena_strndup(r->tmp, v, len);
    if (!s)
        xr_nomem(r);
    else if (memchr(s, '&', len))
        decode_char_refs(s);
    return s;
}

static bool attr_eq(const char *v, size_t len, const char *s)
{
    return v && len == strlen(s) && memcmp(v, s, len) == 0;
}

/* Parses len bytes of unsigned decimal; false on anything else or overflow. */
static bool parse_ulong(const char *s, size_t len, uint64_t max, uint64_t *out)
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

static bool ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lf = strlen(suffix);
    return ls >= lf && strcmp(s + ls - lf, suffix) == 0;
}

/*
 * Decodes OOXML's _xHHHH_ escapes (ST_Xstring: "_x000D_" is a carriage
 * return, "_x005F_" an underscore) in place.  The text keeps to what XML
 * can carry, so that a document converted to kaiji XML reads back the same:
 * a vertical tab or form feed becomes a line feed, the other control
 * characters XML forbids are dropped, and escapes of NUL, of surrogates and
 * of U+FFFE and U+FFFF are left as written.
 */
static void decode_xstring(char *s, size_t *len)
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
        xr_nomem(r);
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
        xr_nomem(r);
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
        xr_nomem(r);
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
        xr_nomem(r);
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
    size_t n = len > 0 ? (size_t)len : 0;

    if (!r->collect || n == 0 || r->text.len >= MAX_TEXT_BYTES)
        return;
    if (n > MAX_TEXT_BYTES - r->text.len) {
        n = MAX_TEXT_BYTES - r->text.len;
        while (n > 0 && (ch[n] & 0xC0) == 0x80) /* not inside a character */
            n--;
    }
    if (!sb_append(&r->text, (const char *)ch, n))
        xr_nomem(r);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                   const xmlChar *sys_id)
{
    xr *r = ctx;

    xr_fail(r, "file-unsafe",
            _("the workbook part %s declares a DTD, which kaiji refuses for safety"),
            r->part);
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
static int io_read(void *ctx, char *buf, int len)
{
    xr *r = ctx;

    if (r->failed || r->nomem || len <= 0)
        return r->failed || r->nomem ? -1 : 0;
    long n = kaiji_zip_part_read(r->zpart, buf, (size_t)len);
    if (n > 0 && !kaiji_xml_scan_feed(&r->scan, buf, (size_t)n)) {
        /* Failed without xmlStopParser(): libxml2 is inside its read. */
        if (kaiji_document_fail(r->doc, "file-unsafe",
                                _("an element of part %s has more than %u attributes; kaiji "
                                  "refuses it"),
                                r->part, KAIJI_XML_MAX_ATTRIBUTES) != KAIJI_OK)
            r->nomem = true;
        r->failed = true;
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
        xr_nomem(r);
        return;
    }
    if (code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING)
        xr_fail(r, "file-corrupt",
                _("the workbook part %s holds text that is not valid UTF-8 (line %d)"),
                r->part, line);
    else
        xr_fail(r, "file-corrupt",
                _("the workbook part %s is damaged: it is not well-formed XML (line %d)"),
                r->part, line);
}

/* A damaged part read leniently: only running out of memory counts. */
static void lenient_xml_error(xr *r)
{
    const xmlError *e = xmlCtxtGetLastError(r->ctxt);

    if (e && e->code == XML_ERR_NO_MEMORY)
        xr_nomem(r);
}

/* Fails the document as the ZIP layer's status st says (why: its words);
 * false when st is KAIJI_ZIP_OK. */
static bool zip_failed(xr *r, kaiji_zip_status st, const char *why)
{
    if (st == KAIJI_ZIP_OK)
        return false;
    if (st == KAIJI_ZIP_NOMEM) {
        xr_nomem(r);
    } else {
        const char *code = kaiji_zip_status_code(st);
        xr_fail(r, code ? code : "file-corrupt", "%s", why);
    }
    return true;
}

typedef enum pp_result { PP_OK, PP_MISSING, PP_FAILED } pp_result;

/* true (nothing reported) when the part being read is optional and st says
 * its data is damaged: it is passed over; else as zip_failed(). */
static bool part_failed(xr *r, kaiji_zip_status st, const char *why)
{
    if (r->optional && st == KAIJI_ZIP_CORRUPT)
        return true;
    return zip_failed(r, st, why);
}

/*
 * Streams the part through a push parser with the given element callbacks.
 * PP_MISSING when there is no such part (nothing reported); PP_FAILED when
 * the document has been failed or memory ran out (r->nomem), or when an
 * optional part (r->optional) is damaged (then nothing is reported).
 */
static pp_result parse_part(xr *r, const char *part, startElementNsSAX2Func start,
                            endElementNsSAX2Func end)
{
    xmlSAXHandler sax;
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;
    pp_result res = PP_FAILED;

    if (!kaiji_zip_has(r->zip, part))
        return PP_MISSING;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.endElementNs = end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.internalSubset = on_dtd;
    sax.serror = on_error;
    r->part = part;
    memset(&r->scan, 0, sizeof r->scan);
    r->seen_root = false;
    r->collect = false;
    sb_clear(&r->text);
    st = kaiji_zip_part_open(&r->zpart, r->zip, part, why);
    if (part_failed(r, st, why))
        goto done;
    r->ctxt = xmlCreateIOParserCtxt(&sax, r, io_read, io_close, r, XML_CHAR_ENCODING_NONE);
    if (!r->ctxt) {
        xr_nomem(r);
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

    if (!name_is(localname, "Relationship"))
        return;
    mode = attr_get(nb_attrs, attrs, "TargetMode", NULL, &mlen);
    if (attr_eq(mode, mlen, "External"))
        return;
    if (r->rel_count >= MAX_RELS) {
        xr_fail(r, "file-too-large", _("the part %s lists more than %d relationships"), r->part,
                MAX_RELS);
        return;
    }
    target = attr_dup(r, nb_attrs, attrs, "Target", NULL);
    if (!target)
        return;
    tlen = strlen(target);
    if (!KAIJI_GROW(r->rels, r->rel_count, r->rel_cap)) {
        xr_nomem(r);
        return;
    }
    x = &r->rels[r->rel_count];
    x->id = attr_dup(r, nb_attrs, attrs, "Id", NULL);
    x->type = attr_dup(r, nb_attrs, attrs, "Type", NULL);
    x->target = resolve_target(r, r->rel_base, target, tlen);
    if (r->nomem || !x->id || !x->type || !x->target)
        return;
    r->rel_count++;
}

static void rels_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri)
{
}

/* Reads the relationships of part (replacing r->rels). */
static pp_result read_rels(xr *r, const char *part)
{
    const char *name = rels_part_of(r, part);

    r->rel_count = 0;
    if (!name)
        return PP_FAILED;
    r->rel_base = part_folder(r, part);
    if (!r->rel_base)
        return PP_FAILED;
    return parse_part(r, name, rels_start, rels_end);
}

static const rel *rel_by_type(const xr *r, const char *suffix)
{
    size_t i;

    for (i = 0; i < r->rel_count; i++)
        if (ends_with(r->rels[i].type, suffix))
            return &r->rels[i];
    return NULL;
}

static const rel *rel_by_id(const xr *r, const char *id)
{
    size_t i;

    for (i = 0; i < r->rel_count; i++)
        if (strcmp(r->rels[i].id, id) == 0)
            return &r->rels[i];
    return NULL;
}

/* ---- workbook.xml ----------------------------------------------------- */

static void wb_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    size_t len;
    const char *v;

    if (!r->seen_root) {
        r->seen_root = true;
        if (!name_is(localname, "workbook"))
            xr_fail(r, "unsupported-format",
                    _("this file is an Office document but not an Excel workbook"));
        return;
    }
    if (name_is(localname, "workbookPr")) {
        v = attr_get(nb_attrs, attrs, "date1904", NULL, &len);
        r->wb->date1904 = attr_eq(v, len, "1") || attr_eq(v, len, "true");
    } else if (name_is(localname, "sheet")) {
        sheet_ref *s;
        if (r->sheet_count >= KAIJI_MAX_SHEETS) {
            xr_fail(r, "file-too-large", _("the workbook has more than %u sheets"),
                    KAIJI_MAX_SHEETS);
            return;
        }
        if (!KAIJI_GROW(r->sheets, r->sheet_count, r->sheet_cap)) {
            xr_nomem(r);
            return;
        }
        s = &r->sheets[r->sheet_count];
        memset(s, 0, sizeof *s);
        s->name = attr_dup(r, nb_attrs, attrs, "name", NULL);
        s->rid = attr_dup(r, nb_attrs, attrs, "id", "relationships");
        v = attr_get(nb_attrs, attrs, "state", NULL, &len);
        s->hidden = attr_eq(v, len, "hidden") || attr_eq(v, len, "veryHidden");
        if (r->nomem)
            return;
        if (!s->name)
            s->name = kaiji_arena_printf(r->tmp, "Sheet%zu", r->sheet_count + 1);
        if (!s->name) {
            xr_nomem(r);
            return;
        }
        r->sheet_count++;
    } else if (name_is(localname, "definedName")) {
        uint64_t local;
        r->defname_name = attr_dup(r, nb_attrs, attrs, "name", NULL);
        v = attr_get(nb_attrs, attrs, "localSheetId", NULL, &len);
        r->defname_local = (v && parse_ulong(v, len, 65535, &local)) ? (long)local : -1;
        r->in_defname = r->defname_name != NULL;
        r->collect = r->in_defname;
        sb_clear(&r->text);
    }
}

static void wb_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xr *r = ctx;
    defname *d;

    if (!r->in_defname || !name_is(localname, "definedName"))
        return;
    r->in_defname = false;
    r->collect = false;
    if (!KAIJI_GROW(r->names, r->name_count, r->name_cap)) {
        xr_nomem(r);
        return;
    }
    d = &r->names[r->name_count];
    d->name = r->defname_name;
    d->local = r->defname_local;
    d->text = kaiji_arena_strndup(r->tmp, r->text.data, r->text.len);
    if (!d->text) {
        xr_nomem(r);
        return;
    }
    r->name_count++;
}

/* ---- sharedStrings.xml ------------------------------------------------ */

static void sst_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                      int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;

    if (name_is(localname, "si")) {
        sb_clear(&r->text);
        r->rph_depth = 0;
    } else if (name_is(localname, "rPh")) {
        r->rph_depth++;
        r->collect = false;
    } else if (name_is(localname, "t")) {
        r->collect = r->rph_depth == 0;
    }
}

static void sst_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xr *r = ctx;

    if (name_is(localname, "t")) {
        r->collect = false;
    } else if (name_is(localname, "rPh")) {
        if (r->rph_depth > 0)
            r->rph_depth--;
    } else if (name_is(localname, "si")) {
        shared_string *s;
        size_t len = r->text.len;
        if (!KAIJI_GROW(r->sst, r->sst_count, r->sst_cap)) {
            xr_nomem(r);
            return;
        }
        if (r->text.data)
            decode_xstring(r->text.data, &len);
        s = &r->sst[r->sst_count++];
        s->off = r->pool.len;
        s->len = len;
        s->kept = NULL;
        if (!sb_append(&r->pool, r->text.data ? r->text.data : "", len))
            xr_nomem(r);
        sb_clear(&r->text);
    }
}

/* ---- styles.xml -------------------------------------------------------- */

static void styles_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                         int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    size_t len;
    const char *v;
    uint64_t id;

    if (name_is(localname, "numFmts")) {
        r->in_numfmts = true;
    } else if (name_is(localname, "cellXfs")) {
        r->in_cellxfs = true;
    } else if (r->in_numfmts && name_is(localname, "numFmt")) {
        char *code;
        v = attr_get(nb_attrs, attrs, "numFmtId", NULL, &len);
        if (!v || !parse_ulong(v, len, 1000000, &id))
            return;
        code = (char *)attr_dup(r, nb_attrs, attrs, "formatCode", NULL);
        if (!code)
            return;
        if (!KAIJI_GROW(r->fmts, r->fmt_count, r->fmt_cap)) {
            xr_nomem(r);
            return;
        }
        r->fmts[r->fmt_count].id = (long)id;
        r->fmts[r->fmt_count].order = r->fmt_count;
        r->fmts[r->fmt_count].date = kaiji_text_excel_format_is_date(code);
        r->fmt_count++;
    } else if (r->in_cellxfs && name_is(localname, "xf")) {
        v = attr_get(nb_attrs, attrs, "numFmtId", NULL, &len);
        if (!v || !parse_ulong(v, len, 1000000, &id))
            id = 0;
        if (!KAIJI_GROW(r->xf_fmt, r->xf_count, r->xf_cap)) {
            xr_nomem(r);
            return;
        }
        r->xf_fmt[r->xf_count++] = (long)id;
    }
}

static void styles_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri)
{
    xr *r = ctx;

    if (name_is(localname, "numFmts"))
        r->in_numfmts = false;
    else if (name_is(localname, "cellXfs"))
        r->in_cellxfs = false;
}

static int cmp_numfmt(const void *a, const void *b)
{
    const numfmt *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Decides for each cell format whether it shows a date: a custom format of
 * that id wins over the built-in one. */
static bool styles_finish(xr *r)
{
    size_t i;

    if (r->xf_count == 0)
        return true;
    r->xf_date = calloc(r->xf_count, sizeof *r->xf_date);
    if (!r->xf_date)
        return false;
    /* Sorted by id, then by place in the file, so that one search finds the
     * last definition of an id (a file with many of both was quadratic). */
    if (r->fmt_count)
        qsort(r->fmts, r->fmt_count, sizeof *r->fmts, cmp_numfmt);
    for (i = 0; i < r->xf_count; i++) {
        long id = r->xf_fmt[i];
        size_t lo = 0, hi = r->fmt_count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r->fmts[mid].id <= id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo > 0 && r->fmts[lo - 1].id == id)
            r->xf_date[i] = r->fmts[lo - 1].date;
        else
            r->xf_date[i] = id <= 1000 && kaiji_text_excel_builtin_date((int)id);
    }
    return true;
}

/* ---- worksheets -------------------------------------------------------- */

/* The shortest decimal text that reads back as x. */
static size_t format_number(char buf[40], double x)
{
    int prec, n = 0;

    if (x == 0) {
        strcpy(buf, "0");
        return 1;
    }
    for (prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, 40, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return n > 0 ? (size_t)n : 0;
}

/*
 * true when len bytes of s are a decimal that is already its own shortest
 * round-trip form: "-"?, an integer part without leading zeros, an optional
 * fraction not ending in 0, no exponent, at most 15 significant digits (15
 * digits always survive a round trip through a double, so no shorter text
 * reads back as the same number).  Saves formatting most cells.
 */
static bool canonical_decimal(const char *s, size_t len)
{
    size_t i = 0, sig = 0;
    bool leading = true, dot = false;

    if (len > 0 && s[0] == '-')
        i = 1;
    if (i >= len || s[i] == '.' || (s[i] == '0' && i + 1 < len && s[i + 1] != '.'))
        return false;
    if (s[len - 1] == '.')
        return false;
    for (; i < len; i++) {
        if (s[i] == '.') {
            if (dot)
                return false;
            dot = true;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (s[i] != '0')
            leading = false;
        if (!leading && ++sig > 15)
            return false;
    }
    if (leading) /* zero: "0", "-0", "0.0" */
        return len == 1;
    return !dot || s[len - 1] != '0';
}

/* Parses an ISO 8601 date ("2024-03-31", maybe with a time after it). */
static bool parse_iso_date(const char *s, size_t len, kaiji_date *out)
{
    int y, m, d;
    size_t i;

    if (len < 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    out->year = y;
    out->month = m;
    out->day = d;
    return kaiji_date_valid(*out);
}

static const char *cell_name(char buf[16], const xr *r)
{
    return kaiji_cellref(buf, r->row, r->col);
}

/* false (the document failed) when the workbook already has max_cells. */
static bool room_for_a_cell(xr *r)
{
    if (r->wb->cell_count < r->max_cells)
        return true;
    xr_fail(r, "file-too-large", _("the workbook holds more than %llu cells"),
            (unsigned long long)r->max_cells);
    return false;
}

static void add_cell(xr *r, kaiji_cell_type type, const char *text, size_t len,
                     double number, kaiji_date date)
{
    if (type == KAIJI_CELL_STRING && len == 0)
        return;
    if (room_for_a_cell(r) &&
        kaiji_sheet_add_cell(r->wb, r->sheet, r->row, r->col, type, text, len, number,
                             date) != KAIJI_OK)
        xr_nomem(r);
}

/* A cell showing shared string s: its text is copied into the workbook once,
 * for the first cell; a thousand cells showing one long string share it. */
static void add_shared_cell(xr *r, shared_string *s)
{
    kaiji_date nodate = {0, 0, 0};

    if (s->len == 0 || !room_for_a_cell(r))
        return;
    r->shown_text += s->len;
    if (r->shown_text > r->max_shown_text) {
        char size[32];
        kaiji_zip_format_size(size, r->max_shown_text);
        xr_fail(r, "file-too-large",
                _("the cells of the workbook show more than %s of shared text"), size);
        return;
    }
    if (!s->kept && !(s->kept = kaiji_arena_strndup(r->wb->arena, r->pool.data + s->off, s->len))) {
        xr_nomem(r);
        return;
    }
    if (kaiji_sheet_add_cell_kept(r->wb, r->sheet, r->row, r->col, KAIJI_CELL_STRING, s->kept,
                                  0, nodate) != KAIJI_OK)
        xr_nomem(r);
}

/* true when the len bytes at v are nothing but XML white space. */
static bool blank_value(const char *v, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (v[i] != ' ' && v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
            return false;
    return true;
}

/* Turns the cell just closed (type, style, collected value) into a grid
 * cell.  An empty value (<v/>, <v></v>) of a shared-string, boolean or error
 * cell leaves the cell empty, as other readers do. */
static void emit_cell(xr *r)
{
    const char *v = r->text.data ? r->text.data : "";
    size_t vlen = r->text.len;
    kaiji_date nodate = {0, 0, 0};
    char num[40], ref[16];
    double x;
    char *end;

    if (!r->has_value)
        return;
    if ((r->ctype == CT_S || r->ctype == CT_B || r->ctype == CT_E) && blank_value(v, vlen))
        return;
    switch (r->ctype) {
    case CT_S: {
        uint64_t idx;
        if (!parse_ulong(v, vlen, (uint64_t)1 << 40, &idx) || idx >= r->sst_count) {
            xr_fail(r, "file-corrupt",
                    _("cell %s of sheet \"%s\" refers to a shared text the workbook does not have"),
                    cell_name(ref, r), r->sheet->name);
            return;
        }
        add_shared_cell(r, &r->sst[idx]);
        return;
    }
    case CT_INLINE:
        if (r->text.data)
            decode_xstring(r->text.data, &vlen);
        add_cell(r, KAIJI_CELL_STRING, v, vlen, 0, nodate);
        return;
    case CT_STR:
        add_cell(r, KAIJI_CELL_STRING, v, vlen, 0, nodate);
        return;
    case CT_B: {
        bool t = (vlen == 1 && v[0] == '1') || (vlen == 4 && strncasecmp(v, "true", 4) == 0);
        add_cell(r, KAIJI_CELL_BOOL, t ? "TRUE" : "FALSE", t ? 4 : 5, t ? 1 : 0, nodate);
        return;
    }
    case CT_E:
        add_cell(r, KAIJI_CELL_ERROR, v, vlen, 0, nodate);
        return;
    case CT_D: {
        kaiji_date d;
        if (parse_iso_date(v, vlen, &d)) {
            char dbuf[11];
            double serial = (double)(kaiji_days_from_civil(d.year, d.month, d.day) -
                                     kaiji_days_from_civil(1899, 12, 30));
            kaiji_date_format(dbuf, d);
            add_cell(r, KAIJI_CELL_DATE, dbuf, strlen(dbuf), serial, d);
        } else {
            add_cell(r, KAIJI_CELL_STRING, v, vlen, 0, nodate);
        }
        return;
    }
    case CT_N:
        break;
    }
    /* A number (possibly a date). */
    while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\n' || v[vlen - 1] == '\r' ||
                        v[vlen - 1] == '\t'))
        vlen--;
    if (vlen == 0)
        return;
    ((char *)v)[vlen] = '\0';
    x = strtod(v, &end);
    if (end == v || *end != '\0' || x != x || x - x != 0) {
        add_cell(r, KAIJI_CELL_STRING, v, vlen, 0, nodate);
        return;
    }
    if (r->style < r->xf_count && r->xf_date && r->xf_date[r->style]) {
        kaiji_date d;
        if (kaiji_text_excel_serial_date(x, r->wb->date1904, &d)) {
            char dbuf[11];
            kaiji_date_format(dbuf, d);
            add_cell(r, KAIJI_CELL_DATE, dbuf, strlen(dbuf), x, d);
            return;
        }
    }
    if (canonical_decimal(v, vlen))
        add_cell(r, KAIJI_CELL_NUMBER, v, vlen, x, nodate);
    else
        add_cell(r, KAIJI_CELL_NUMBER, num, format_number(num, x), x, nodate);
}

/* Copies len bytes of an attribute into buf (NUL-terminated); false when it
 * does not fit. */
static bool attr_copy(char *buf, size_t size, const char *v, size_t len)
{
    if (!v || len >= size)
        return false;
    memcpy(buf, v, len);
    buf[len] = '\0';
    return true;
}

/* Parses a decimal attribute into *out; false when absent, malformed or
 * not finite. */
static bool attr_double(const char *v, size_t len, double *out)
{
    char buf[64], *end;
    double x;

    if (!attr_copy(buf, sizeof buf, v, len))
        return false;
    x = strtod(buf, &end);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (end == buf || *end != '\0' || x != x || x - x != 0)
        return false;
    *out = x;
    return true;
}

static bool attr_true(const char *v, size_t len)
{
    return attr_eq(v, len, "1") || attr_eq(v, len, "true");
}

/* A column width in characters as Excel stores it, in EMU (7 pixels a
 * character at the default font). */
static double width_emu(double chars)
{
    if (chars < 0)
        chars = 0;
    if (chars > 255)
        chars = 255;
    return chars * 7.0 * EMU_PER_PX;
}

/* <sheetFormatPr>: the default column width and row height. */
static void sheet_format(xr *r, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    double x;

    v = attr_get(nb_attrs, attrs, "defaultColWidth", NULL, &len);
    if (v && attr_double(v, len, &x) && x >= 0 && x <= 255) {
        r->default_col_emu = width_emu(x);
    } else {
        v = attr_get(nb_attrs, attrs, "baseColWidth", NULL, &len);
        if (v && attr_double(v, len, &x) && x >= 0 && x <= 255) {
            /* Excel pads the base width and rounds up to 8 pixels. */
            double px = x * 7.0 + 5.0;
            px = (double)(((long)px + 7) / 8 * 8);
            r->default_col_emu = px * EMU_PER_PX;
        }
    }
    v = attr_get(nb_attrs, attrs, "defaultRowHeight", NULL, &len);
    if (v && attr_double(v, len, &x) && x >= 0 && x <= 409)
        r->default_row_emu = x * EMU_PER_PT;
}

/* <col min max width hidden>: a range of columns of their own width. */
static void col_start(xr *r, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    uint64_t min, max;
    double w = 0;

    if (r->colw_count >= MAX_COL_WIDTHS)
        return;
    v = attr_get(nb_attrs, attrs, "min", NULL, &len);
    if (!v || !parse_ulong(v, len, MAX_COL, &min) || min == 0)
        return;
    v = attr_get(nb_attrs, attrs, "max", NULL, &len);
    if (!v || !parse_ulong(v, len, MAX_COL, &max) || max < min)
        max = min;
    v = attr_get(nb_attrs, attrs, "hidden", NULL, &len);
    if (!attr_true(v, len)) {
        v = attr_get(nb_attrs, attrs, "width", NULL, &len);
        if (!v || !attr_double(v, len, &w))
            return;
        w = width_emu(w);
    }
    if (!KAIJI_GROW(r->colws, r->colw_count, r->colw_cap)) {
        xr_nomem(r);
        return;
    }
    r->colws[r->colw_count++] = (col_width){ (uint32_t)min, (uint32_t)max, w };
}

/* The ht and hidden of a <row> (r->row set): kept when the row's height is
 * not the default. */
static void row_attrs(xr *r, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    double h;

    if (r->rowh_count >= MAX_ROW_HEIGHTS)
        return;
    v = attr_get(nb_attrs, attrs, "hidden", NULL, &len);
    if (attr_true(v, len)) {
        h = 0;
    } else {
        v = attr_get(nb_attrs, attrs, "ht", NULL, &len);
        if (!v || !attr_double(v, len, &h) || h < 0 || h > 409)
            return;
        h *= EMU_PER_PT;
        if (h == r->default_row_emu)
            return;
    }
    if (!KAIJI_GROW(r->rowhs, r->rowh_count, r->rowh_cap)) {
        xr_nomem(r);
        return;
    }
    if (r->rowh_count && r->rowhs[r->rowh_count - 1].row >= r->row)
        r->rowh_unsorted = true;
    r->rowhs[r->rowh_count++] = (row_height){ r->row, h };
}

static void cell_start(xr *r, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    char buf[32];
    uint64_t n;

    v = attr_get(nb_attrs, attrs, "r", NULL, &len);
    if (v) {
        uint32_t row, col;
        if (!attr_copy(buf, sizeof buf, v, len) || !kaiji_cellref_parse(buf, &row, &col)) {
            xr_fail(r, "file-corrupt",
                    _("the workbook part %s has a cell with a broken reference \"%.*s\""),
                    r->part, (int)(len > 40 ? 40 : len), v);
            return;
        }
        r->row = row;
        r->col = col;
    } else {
        if (r->row == 0)
            r->row = 1;
        r->col++;
        if (r->col > MAX_COL) {
            xr_fail(r, "file-corrupt",
                    _("the workbook part %s has a row with more than %u cells"), r->part,
                    MAX_COL);
            return;
        }
    }
    r->ctype = CT_N;
    v = attr_get(nb_attrs, attrs, "t", NULL, &len);
    if (v && len > 0) {
        if (attr_eq(v, len, "s")) r->ctype = CT_S;
        else if (attr_eq(v, len, "str")) r->ctype = CT_STR;
        else if (attr_eq(v, len, "inlineStr")) r->ctype = CT_INLINE;
        else if (attr_eq(v, len, "b")) r->ctype = CT_B;
        else if (attr_eq(v, len, "e")) r->ctype = CT_E;
        else if (attr_eq(v, len, "d")) r->ctype = CT_D;
    }
    v = attr_get(nb_attrs, attrs, "s", NULL, &len);
    r->style = (v && parse_ulong(v, len, 10000000, &n)) ? (size_t)n : 0;
    r->in_cell = true;
    r->has_value = false;
    sb_clear(&r->text);
}

static void sheet_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                        int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    const char *name = (const char *)localname;
    size_t len;
    const char *v;

    switch (name[0]) {
    case 'c':
        if (name[1] == '\0') {
            cell_start(r, nb_attrs, attrs);
            return;
        }
        break;
    case 'v':
        if (name[1] == '\0' && r->in_cell && !r->in_is) {
            sb_clear(&r->text);
            r->collect = true;
            return;
        }
        break;
    case 'r':
        if (name[1] == '\0' && r->in_is)
            return;
        if (strcmp(name, "row") == 0) {
            uint64_t n;
            v = attr_get(nb_attrs, attrs, "r", NULL, &len);
            if (v) {
                if (!parse_ulong(v, len, MAX_ROW, &n) || n == 0) {
                    xr_fail(r, "file-corrupt",
                            _("the workbook part %s has a row with a broken number \"%.*s\""),
                            r->part, (int)(len > 40 ? 40 : len), v);
                    return;
                }
                r->row = (uint32_t)n;
            } else {
                if (r->row >= MAX_ROW) {
                    xr_fail(r, "file-corrupt",
                            _("the workbook part %s has more than %u rows"), r->part, MAX_ROW);
                    return;
                }
                r->row++;
            }
            r->col = 0;
            if (nb_attrs > 0)
                row_attrs(r, nb_attrs, attrs);
            return;
        }
        if (r->in_is && strcmp(name, "rPh") == 0) {
            r->rph_depth++;
            r->collect = false;
            return;
        }
        break;
    case 'i':
        if (r->in_cell && strcmp(name, "is") == 0) {
            r->in_is = true;
            r->rph_depth = 0;
            sb_clear(&r->text);
            return;
        }
        break;
    case 't':
        if (name[1] == '\0' && r->in_is) {
            r->collect = r->rph_depth == 0;
            return;
        }
        break;
    default:
        break;
    }
    if (strcmp(name, "col") == 0) {
        col_start(r, nb_attrs, attrs);
    } else if (strcmp(name, "sheetFormatPr") == 0) {
        sheet_format(r, nb_attrs, attrs);
    } else if (strcmp(name, "drawing") == 0) {
        r->drawing_rid = attr_dup(r, nb_attrs, attrs, "id", "relationships");
    } else if (strcmp(name, "legacyDrawing") == 0) {
        r->vml_rid = attr_dup(r, nb_attrs, attrs, "id", "relationships");
    } else if (strcmp(name, "mergeCell") == 0) {
        kaiji_range range;
        char buf[40];
        v = attr_get(nb_attrs, attrs, "ref", NULL, &len);
        if (attr_copy(buf, sizeof buf, v, len) && kaiji_range_parse(buf, &range) &&
            kaiji_sheet_add_merge(r->wb, r->sheet, range) != KAIJI_OK)
            xr_nomem(r);
    } else if (strcmp(name, "dataValidation") == 0) {
        v = attr_get(nb_attrs, attrs, "type", NULL, &len);
        r->in_dv = true;
        r->dv_list = attr_eq(v, len, "list");
        sb_clear(&r->dv_formula);
        sb_clear(&r->dv_sqref);
        v = attr_get(nb_attrs, attrs, "sqref", NULL, &len);
        if (v && !sb_append(&r->dv_sqref, v, len))
            xr_nomem(r);
    } else if (r->in_dv && strcmp(name, "formula1") == 0) {
        r->in_formula1 = true;
        sb_clear(&r->text);
        r->collect = true;
    } else if (r->in_dv && !r->in_formula1 && strcmp(name, "sqref") == 0) {
        r->in_sqref = true;
        sb_clear(&r->text);
        r->collect = true;
    }
}

static void trim_span(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\n' || **s == '\r' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\n' ||
                        (*s)[*len - 1] == '\r' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Adds a literal list ("\"はい,いいえ,対象外\"") as a validation of sheet. */
static void add_literal_list(xr *r, const char *f, size_t flen, const kaiji_range *ranges,
                             size_t nranges)
{
    const char *items[MAX_LIST_ITEMS];
    size_t count = 0, i;
    char *s = kaiji_arena_alloc(r->tmp, flen + 1);
    size_t o = 0, start = 0;

    if (!s) {
        xr_nomem(r);
        return;
    }
    /* Unquote: drop the outer quotes, "" is a quote. */
    for (i = 1; i + 1 < flen; i++) {
        if (f[i] == '"' && i + 2 < flen && f[i + 1] == '"')
            i++;
        s[o++] = f[i];
    }
    s[o] = '\0';
    for (i = 0; i <= o && count < MAX_LIST_ITEMS; i++) {
        if (i == o || s[i] == ',') {
            const char *it = s + start;
            size_t il = i - start;
            s[i] = '\0';
            trim_span(&it, &il);
            ((char *)it)[il] = '\0';
            if (il > 0)
                items[count++] = it;
            start = i + 1;
        }
    }
    if (count > 0 &&
        kaiji_sheet_add_validation(r->wb, r->sheet, ranges, nranges, items, count) != KAIJI_OK)
        xr_nomem(r);
}

/* Ends a <dataValidation> of type list: literal lists are added now, lists
 * that refer to cells or names wait until every sheet is read. */
static void dv_finish(xr *r)
{
    kaiji_range *ranges;
    size_t nranges = 0, i, start = 0;
    const char *f = r->dv_formula.data, *sq = r->dv_sqref.data;
    size_t flen = r->dv_formula.len, sqlen = r->dv_sqref.len;
    char buf[40];

    if (!r->dv_list || !f || !sq)
        return;
    trim_span(&f, &flen);
    trim_span(&sq, &sqlen);
    if (flen > 0 && f[0] == '=') {
        f++;
        flen--;
    }
    if (flen == 0 || sqlen == 0)
        return;
    if (!r->dv_scratch &&
        !(r->dv_scratch = kaiji_arena_alloc(r->tmp, MAX_DV_RANGES * sizeof *r->dv_scratch))) {
        xr_nomem(r);
        return;
    }
    ranges = r->dv_scratch;
    for (i = 0; i <= sqlen && nranges < MAX_DV_RANGES; i++) {
        if (i == sqlen || sq[i] == ' ') {
            if (i > start && attr_copy(buf, sizeof buf, sq + start, i - start) &&
                kaiji_range_parse(buf, &ranges[nranges]))
                nranges++;
            start = i + 1;
        }
    }
    if (nranges == 0)
        return;
    if (f[0] == '"' && flen >= 2 && f[flen - 1] == '"') {
        add_literal_list(r, f, flen, ranges, nranges);
        return;
    }
    /* A list that refers to cells waits; the waiting ones are bounded as the
     * kept ones are (parser/grid.h). */
    if (r->pend_count >= MAX_PENDING_DV ||
        nranges > KAIJI_MAX_VALIDATION_RANGES - r->pend_ranges)
        return;
    if (!KAIJI_GROW(r->pend, r->pend_count, r->pend_cap) ||
        !(ranges = kaiji_arena_alloc(r->tmp, nranges * sizeof *ranges))) {
        xr_nomem(r);
        return;
    }
    memcpy(ranges, r->dv_scratch, nranges * sizeof *ranges);
    r->pend_ranges += nranges;
    r->pend[r->pend_count].sheet_pos = r->sheet_pos;
    r->pend[r->pend_count].ranges = ranges;
    r->pend[r->pend_count].range_count = nranges;
    r->pend[r->pend_count].formula = kaiji_arena_strndup(r->tmp, f, flen);
    if (!r->pend[r->pend_count].formula) {
        xr_nomem(r);
        return;
    }
    r->pend_count++;
}

static void sheet_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri)
{
    xr *r = ctx;
    const char *name = (const char *)localname;

    if (name[0] == 'v' && name[1] == '\0') {
        if (r->in_cell && !r->in_is) {
            r->collect = false;
            r->has_value = true;
        }
    } else if (name[0] == 'c' && name[1] == '\0') {
        if (r->in_cell) {
            emit_cell(r);
            r->in_cell = false;
            r->in_is = false;
            r->collect = false;
        }
    } else if (name[0] == 't' && name[1] == '\0') {
        if (r->in_is)
            r->collect = false;
    } else if (r->in_is && strcmp(name, "rPh") == 0) {
        if (r->rph_depth > 0)
            r->rph_depth--;
    } else if (r->in_cell && strcmp(name, "is") == 0) {
        r->in_is = false;
        r->collect = false;
        r->has_value = true;
        r->ctype = CT_INLINE;
    } else if (r->in_formula1 && strcmp(name, "formula1") == 0) {
        r->in_formula1 = false;
        r->collect = false;
        sb_clear(&r->dv_formula);
        if (!sb_append(&r->dv_formula, r->text.data ? r->text.data : "", r->text.len))
            xr_nomem(r);
    } else if (r->in_sqref && strcmp(name, "sqref") == 0) {
        r->in_sqref = false;
        r->collect = false;
        sb_clear(&r->dv_sqref);
        if (!sb_append(&r->dv_sqref, r->text.data ? r->text.data : "", r->text.len))
            xr_nomem(r);
    } else if (r->in_dv && strcmp(name, "dataValidation") == 0) {
        dv_finish(r);
        r->in_dv = false;
    }
}

/* ---- drawings: the shapes drawn over a sheet --------------------------- */

static int cmp_col_width(const void *a, const void *b)
{
    const col_width *x = a, *y = b;

    return x->min < y->min ? -1 : (x->min > y->min);
}

static int cmp_row_height(const void *a, const void *b)
{
    const row_height *x = a, *y = b;

    return x->row < y->row ? -1 : (x->row > y->row);
}

/*
 * Readies the column widths and row heights of the sheet just read for
 * position lookups: sorted, overlapping or repeated entries dropped, running
 * sums made.  false when memory ran out.
 */
static bool sizes_ready(xr *r)
{
    size_t i, n = 0;

    if (r->colw_count)
        qsort(r->colws, r->colw_count, sizeof *r->colws, cmp_col_width);
    for (i = 0; i < r->colw_count; i++)
        if (n == 0 || r->colws[i].min > r->colws[n - 1].max)
            r->colws[n++] = r->colws[i];
    r->colw_count = n;
    if (r->rowh_unsorted && r->rowh_count)
        qsort(r->rowhs, r->rowh_count, sizeof *r->rowhs, cmp_row_height);
    for (i = 0, n = 0; i < r->rowh_count; i++)
        if (n == 0 || r->rowhs[i].row > r->rowhs[n - 1].row)
            r->rowhs[n++] = r->rowhs[i];
    r->rowh_count = n;
    free(r->colw_sum);
    free(r->rowh_sum);
    r->colw_sum = malloc((r->colw_count + 1) * sizeof *r->colw_sum);
    r->rowh_sum = malloc((r->rowh_count + 1) * sizeof *r->rowh_sum);
    if (!r->colw_sum || !r->rowh_sum)
        return false;
    r->colw_sum[0] = 0;
    for (i = 0; i < r->colw_count; i++)
        r->colw_sum[i + 1] = r->colw_sum[i] +
            (double)(r->colws[i].max - r->colws[i].min + 1) *
            (r->colws[i].emu - r->default_col_emu);
    r->rowh_sum[0] = 0;
    for (i = 0; i < r->rowh_count; i++)
        r->rowh_sum[i + 1] = r->rowh_sum[i] + (r->rowhs[i].emu - r->default_row_emu);
    return true;
}

/* Hands the sheet's column widths (ready) to the grid, for recognition to
 * tell where a word is shown in a cell.  false when memory ran out. */
static bool keep_widths(xr *r)
{
    size_t i;

    r->sheet->default_col_px = r->default_col_emu / EMU_PER_PX;
    if (!r->colw_count)
        return true;
    r->sheet->col_widths = kaiji_arena_alloc(r->wb->arena,
                                             r->colw_count * sizeof *r->sheet->col_widths);
    if (!r->sheet->col_widths)
        return false;
    for (i = 0; i < r->colw_count; i++)
        r->sheet->col_widths[i] = (kaiji_col_width){ r->colws[i].min, r->colws[i].max,
                                                     r->colws[i].emu / EMU_PER_PX };
    r->sheet->col_width_count = r->colw_count;
    return true;
}

/* The number of width ranges wholly left of column c. */
static size_t cols_before(const xr *r, uint32_t c)
{
    size_t lo = 0, hi = r->colw_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->colws[mid].max < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The width of column c (1-based), in EMU. */
static double col_size(const xr *r, uint32_t c)
{
    size_t k = cols_before(r, c);

    if (k < r->colw_count && r->colws[k].min <= c)
        return r->colws[k].emu;
    return r->default_col_emu;
}

/* Where column c (1-based) starts, in EMU from the sheet's left edge. */
static double col_edge(const xr *r, uint32_t c)
{
    size_t k = cols_before(r, c);
    double x = (double)(c - 1) * r->default_col_emu + r->colw_sum[k];

    if (k < r->colw_count && r->colws[k].min < c)
        x += (double)(c - r->colws[k].min) * (r->colws[k].emu - r->default_col_emu);
    return x;
}

/* The number of rows of their own height above row rw. */
static size_t rows_before(const xr *r, uint32_t rw)
{
    size_t lo = 0, hi = r->rowh_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rowhs[mid].row < rw)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static double row_size(const xr *r, uint32_t rw)
{
    size_t k = rows_before(r, rw);

    if (k < r->rowh_count && r->rowhs[k].row == rw)
        return r->rowhs[k].emu;
    return r->default_row_emu;
}

static double row_edge(const xr *r, uint32_t rw)
{
    return (double)(rw - 1) * r->default_row_emu + r->rowh_sum[rows_before(r, rw)];
}

/* A position in cell units (1-based: 3.5 is the middle of column C) of a
 * distance in EMU from the sheet's left (cols) or top edge. */
static double cell_units(const xr *r, bool cols, double emu)
{
    uint32_t lo = 1, hi = cols ? MAX_COL : MAX_ROW;
    double edge, size;

    if (!(emu > 0))
        return 1;
    /* the last column (row) starting at or before emu */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if ((cols ? col_edge(r, mid) : row_edge(r, mid)) <= emu)
            lo = mid;
        else
            hi = mid - 1;
    }
    edge = cols ? col_edge(r, lo) : row_edge(r, lo);
    size = cols ? col_size(r, lo) : row_size(r, lo);
    if (size <= 0)
        return lo;
    return lo + ((emu - edge) / size > 1 ? 1 : (emu - edge) / size);
}

/* A zero-based cell index and an offset into it, as a position in cell
 * units; the offset is kept inside the cell. */
static double corner_units(const xr *r, bool cols, int64_t index, int64_t off)
{
    uint32_t max = cols ? MAX_COL : MAX_ROW, c;
    double size, f;

    c = index < 0 ? 1 : index >= (int64_t)max ? max : (uint32_t)index + 1;
    size = cols ? col_size(r, c) : row_size(r, c);
    f = size > 0 && off > 0 ? (double)off / size : 0;
    return c + (f > 1 ? 1 : f);
}

/* The EMU distance from the sheet's edge of that corner. */
static double corner_emu(const xr *r, bool cols, int64_t index, int64_t off)
{
    double u = corner_units(r, cols, index, off);
    uint32_t c = (uint32_t)u;

    return (cols ? col_edge(r, c) + (u - c) * col_size(r, c)
                 : row_edge(r, c) + (u - c) * row_size(r, c));
}

/* An EMU length or offset of a drawing: 0 when negative, malformed or past
 * any sheet. */
static double emu_value(const char *v, size_t len)
{
    double x;

    if (!v || !attr_double(v, len, &x) || x < 0 || x > MAX_EMU)
        return 0;
    return x;
}

/* The box of the current anchor, in cell units (left, top, right, bottom). */
static void anchor_box(xr *r, double box[4])
{
    const drawing_state *d = &r->dr;
    double t;

    switch (d->anchor) {
    case 2: /* oneCellAnchor: a corner and an extent */
        box[0] = corner_units(r, true, d->from.col, d->from.col_off);
        box[1] = corner_units(r, false, d->from.row, d->from.row_off);
        box[2] = cell_units(r, true, corner_emu(r, true, d->from.col, d->from.col_off) +
                                         d->ext_cx);
        box[3] = cell_units(r, false, corner_emu(r, false, d->from.row, d->from.row_off) +
                                          d->ext_cy);
        break;
    case 3: /* absoluteAnchor: a position and an extent */
        box[0] = cell_units(r, true, d->pos_x);
        box[1] = cell_units(r, false, d->pos_y);
        box[2] = cell_units(r, true, d->pos_x + d->ext_cx);
        box[3] = cell_units(r, false, d->pos_y + d->ext_cy);
        break;
    default: /* twoCellAnchor, and VML's anchors */
        box[0] = corner_units(r, true, d->from.col, d->from.col_off);
        box[1] = corner_units(r, false, d->from.row, d->from.row_off);
        box[2] = corner_units(r, true, d->to.col, d->to.col_off);
        box[3] = corner_units(r, false, d->to.row, d->to.row_off);
        break;
    }
    if (box[2] < box[0]) {
        t = box[0]; box[0] = box[2]; box[2] = t;
    }
    if (box[3] < box[1]) {
        t = box[1]; box[1] = box[3]; box[3] = t;
    }
}

/*
 * The box of the shape just closed inside groups: its transform carried
 * through each group's child frame up to the outermost group, whose own
 * frame is the anchor's box.  false when a transform is missing or empty
 * (the anchor's box is used then).
 */
static bool group_box(const drawing_state *d, const double anchor[4], double out[4])
{
    double x1 = d->sp.x, y1 = d->sp.y, x2 = d->sp.x + d->sp.cx, y2 = d->sp.y + d->sp.cy;
    double f[4];
    int i;

    if (!d->sp.has || d->groups < 1 || d->groups > MAX_GROUP_DEPTH)
        return false;
    for (i = d->groups - 1; i >= 0; i--) {
        const xfrm *g = &d->group[i];
        if (!g->has || !g->has_ch || g->chcx <= 0 || g->chcy <= 0)
            return false;
        x1 = g->x + (x1 - g->chx) * g->cx / g->chcx;
        x2 = g->x + (x2 - g->chx) * g->cx / g->chcx;
        y1 = g->y + (y1 - g->chy) * g->cy / g->chcy;
        y2 = g->y + (y2 - g->chy) * g->cy / g->chcy;
    }
    if (d->group[0].cx <= 0 || d->group[0].cy <= 0)
        return false;
    f[0] = (x1 - d->group[0].x) / d->group[0].cx;
    f[2] = (x2 - d->group[0].x) / d->group[0].cx;
    f[1] = (y1 - d->group[0].y) / d->group[0].cy;
    f[3] = (y2 - d->group[0].y) / d->group[0].cy;
    for (i = 0; i < 4; i++) {
        if (!(f[i] >= 0))
            f[i] = 0;
        if (f[i] > 1)
            f[i] = 1;
    }
    out[0] = anchor[0] + f[0] * (anchor[2] - anchor[0]);
    out[2] = anchor[0] + f[2] * (anchor[2] - anchor[0]);
    out[1] = anchor[1] + f[1] * (anchor[3] - anchor[1]);
    out[3] = anchor[1] + f[3] * (anchor[3] - anchor[1]);
    return out[0] <= out[2] && out[1] <= out[3];
}

/* Clamps a position in cell units to 1 .. max + 1. */
static double clamp_units(double u, uint32_t max)
{
    if (!(u >= 1))
        return 1;
    if (u > (double)max + 1)
        return (double)max + 1;
    return u;
}

/* The cells a box in cell units covers, from lo to hi (a box ending on a
 * cell's edge does not cover that cell). */
static void covered(double lo, double hi, uint32_t max, uint32_t *first, uint32_t *last)
{
    double c = ceil(hi) - 1;

    *first = (uint32_t)floor(lo);
    if (*first > max)
        *first = max;
    *last = c < *first ? *first : (uint32_t)c;
    if (*last > max)
        *last = max;
}

/* Adds a shape of that kind with that box to the sheet being read. */
static void add_drawn_shape(xr *r, const char *kind, const double box_in[4])
{
    double b[4];
    kaiji_range a;
    kaiji_box *box;

    if (r->sheet->shape_count >= MAX_SHAPES)
        return;
    if (!r->sheet->shape_boxes) {
        /* the shapes the sheet already has (from no reader) have no box */
        r->sheet->shape_boxes = kaiji_arena_alloc(r->wb->arena,
                                                  MAX_SHAPES * sizeof *r->sheet->shape_boxes);
        if (!r->sheet->shape_boxes) {
            xr_nomem(r);
            return;
        }
        memset(r->sheet->shape_boxes, 0, MAX_SHAPES * sizeof *r->sheet->shape_boxes);
    }
    b[0] = clamp_units(box_in[0], MAX_COL);
    b[2] = clamp_units(box_in[2], MAX_COL);
    b[1] = clamp_units(box_in[1], MAX_ROW);
    b[3] = clamp_units(box_in[3], MAX_ROW);
    covered(b[0], b[2], MAX_COL, &a.col1, &a.col2);
    covered(b[1], b[3], MAX_ROW, &a.row1, &a.row2);
    if (kaiji_sheet_add_shape(r->wb, r->sheet, kind, a) != KAIJI_OK) {
        xr_nomem(r);
        return;
    }
    box = &r->sheet->shape_boxes[r->sheet->shape_count - 1];
    box->left = b[0];
    box->top = b[1];
    box->right = b[2];
    box->bottom = b[3];
}

/* Parses len bytes of a signed decimal integer; 0 when malformed or past
 * +-10^15. */
static int64_t parse_coord(const char *s, size_t len)
{
    int64_t v = 0;
    size_t i = 0;
    bool neg = false;

    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                       s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    if (i == len)
        return 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
        if (v > 1000000000000000)
            return 0;
    }
    return neg ? -v : v;
}

/* Records the off / ext / chOff / chExt element of a DrawingML transform. */
static void xfrm_attrs(xfrm *x, const char *name, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    double a, b;

    if (strcmp(name, "off") == 0 || strcmp(name, "chOff") == 0) {
        v = attr_get(nb_attrs, attrs, "x", NULL, &len);
        a = v ? (double)parse_coord(v, len) : 0;
        v = attr_get(nb_attrs, attrs, "y", NULL, &len);
        b = v ? (double)parse_coord(v, len) : 0;
        if (name[0] == 'o') {
            x->x = a;
            x->y = b;
            x->has = true;
        } else {
            x->chx = a;
            x->chy = b;
        }
    } else if (strcmp(name, "ext") == 0 || strcmp(name, "chExt") == 0) {
        v = attr_get(nb_attrs, attrs, "cx", NULL, &len);
        a = emu_value(v, len);
        v = attr_get(nb_attrs, attrs, "cy", NULL, &len);
        b = emu_value(v, len);
        if (name[0] == 'e') {
            x->cx = a;
            x->cy = b;
        } else {
            x->chcx = a;
            x->chcy = b;
            x->has_ch = true;
        }
    }
}

/*
 * A drawing part's element opens: an anchor starts (twoCell, oneCell,
 * absolute), its corners, extent and position are collected, groups and
 * shapes open with their transforms and preset geometry.  Whatever is in
 * mc:Fallback (a copy of mc:Choice) is skipped.
 */
static void dr_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    drawing_state *d = &r->dr;
    const char *name = (const char *)localname, *v;
    size_t len;

    d->depth++;
    if (d->fallback || strcmp(name, "Fallback") == 0) {
        d->fallback++;
        return;
    }
    if (!d->anchor) {
        int kind = strcmp(name, "twoCellAnchor") == 0 ? 1
                 : strcmp(name, "oneCellAnchor") == 0 ? 2
                 : strcmp(name, "absoluteAnchor") == 0 ? 3 : 0;
        if (kind) {
            memset(&d->from, 0, sizeof d->from);
            memset(&d->to, 0, sizeof d->to);
            d->ext_cx = d->ext_cy = d->pos_x = d->pos_y = 0;
            d->box_done = false;
            d->groups = d->in_props = d->in_xfrm = d->sp_depth = 0;
            d->corner = d->field = 0;
            d->anchor = kind;
            d->anchor_depth = d->depth;
        }
        return;
    }
    if (d->depth == d->anchor_depth + 1) {
        if (strcmp(name, "from") == 0) {
            d->corner = 1;
            return;
        }
        if (strcmp(name, "to") == 0) {
            d->corner = 2;
            return;
        }
        if (strcmp(name, "ext") == 0) {
            v = attr_get(nb_attrs, attrs, "cx", NULL, &len);
            d->ext_cx = emu_value(v, len);
            v = attr_get(nb_attrs, attrs, "cy", NULL, &len);
            d->ext_cy = emu_value(v, len);
            return;
        }
        if (strcmp(name, "pos") == 0) {
            v = attr_get(nb_attrs, attrs, "x", NULL, &len);
            d->pos_x = emu_value(v, len);
            v = attr_get(nb_attrs, attrs, "y", NULL, &len);
            d->pos_y = emu_value(v, len);
            return;
        }
    }
    if (d->corner && d->depth == d->anchor_depth + 2) {
        d->field = strcmp(name, "col") == 0 ? 1 : strcmp(name, "colOff") == 0 ? 2
                 : strcmp(name, "row") == 0 ? 3 : strcmp(name, "rowOff") == 0 ? 4 : 0;
        if (d->field) {
            sb_clear(&r->text);
            r->collect = true;
        }
        return;
    }
    if (strcmp(name, "grpSp") == 0) {
        if (d->groups < MAX_GROUP_DEPTH)
            memset(&d->group[d->groups], 0, sizeof d->group[0]);
        d->groups++;
    } else if (strcmp(name, "sp") == 0) {
        if (!d->sp_depth) {
            d->sp_depth = d->depth;
            memset(&d->sp, 0, sizeof d->sp);
            d->prst[0] = '\0';
        }
    } else if (strcmp(name, "spPr") == 0) {
        d->in_props = d->sp_depth ? 1 : 0;
    } else if (strcmp(name, "grpSpPr") == 0) {
        d->in_props = d->groups > 0 && !d->sp_depth ? 2 : 0;
    } else if (strcmp(name, "xfrm") == 0) {
        d->in_xfrm = d->in_props != 0;
    } else if (d->in_xfrm) {
        xfrm *x = d->in_props == 1 ? &d->sp
                : d->groups <= MAX_GROUP_DEPTH ? &d->group[d->groups - 1] : NULL;
        if (x)
            xfrm_attrs(x, name, nb_attrs, attrs);
    } else if (d->sp_depth && strcmp(name, "prstGeom") == 0) {
        v = attr_get(nb_attrs, attrs, "prst", NULL, &len);
        if (!attr_copy(d->prst, sizeof d->prst, v, len))
            strcpy(d->prst, "unknown");
    } else if (d->sp_depth && strcmp(name, "custGeom") == 0) {
        strcpy(d->prst, "custom");
    }
}

/* A drawing part's element closes: a corner's number is kept, a shape with
 * a geometry is added to the sheet with its box, the anchor ends. */
static void dr_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xr *r = ctx;
    drawing_state *d = &r->dr;
    const char *name = (const char *)localname;

    if (d->fallback) {
        d->fallback--;
        d->depth--;
        return;
    }
    if (!d->anchor) {
        d->depth--;
        return;
    }
    if (d->field) {
        int64_t v = parse_coord(r->text.data ? r->text.data : "", r->text.len);
        anchor_pt *p = d->corner == 1 ? &d->from : &d->to;
        switch (d->field) {
        case 1: p->col = v; break;
        case 2: p->col_off = v; break;
        case 3: p->row = v; break;
        default: p->row_off = v; break;
        }
        d->field = 0;
        r->collect = false;
    } else if (d->corner && d->depth == d->anchor_depth + 1) {
        d->corner = 0;
    } else if (strcmp(name, "xfrm") == 0) {
        d->in_xfrm = 0;
    } else if (strcmp(name, "spPr") == 0 || strcmp(name, "grpSpPr") == 0) {
        d->in_props = 0;
    } else if (d->sp_depth == d->depth && strcmp(name, "sp") == 0) {
        double box[4];
        if (!d->box_done) {
            anchor_box(r, d->box);
            d->box_done = true;
        }
        if (d->prst[0]) {
            if (!group_box(d, d->box, box))
                memcpy(box, d->box, sizeof box);
            add_drawn_shape(r, d->prst, box);
        }
        d->sp_depth = 0;
    } else if (strcmp(name, "grpSp") == 0 && d->groups > 0) {
        d->groups--;
    }
    if (d->depth == d->anchor_depth)
        d->anchor = 0;
    d->depth--;
}

/* The preset geometry a VML shape element stands for, or NULL: v:oval, a
 * v:shape of the oval type (_x0000_t3, o:spt 3), v:roundrect. */
static const char *vml_kind(const char *name, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;

    if (strcmp(name, "oval") == 0)
        return "ellipse";
    if (strcmp(name, "roundrect") == 0)
        return "roundRect";
    if (strcmp(name, "shape") != 0)
        return NULL;
    v = attr_get(nb_attrs, attrs, "spt", "office", &len);
    if (attr_eq(v, len, "3"))
        return "ellipse";
    if (attr_eq(v, len, "2"))
        return "roundRect";
    v = attr_get(nb_attrs, attrs, "type", NULL, &len);
    if (v && len >= 9 && memcmp(v + len - 9, "_x0000_t3", 9) == 0)
        return "ellipse";
    if (v && len >= 9 && memcmp(v + len - 9, "_x0000_t2", 9) == 0)
        return "roundRect";
    return NULL;
}

/* A VML element opens: an oval-like shape starts, or its x:Anchor text. */
static void vml_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                      int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    drawing_state *d = &r->dr;
    const char *name = (const char *)localname;

    d->depth++;
    if (!d->vml_depth) {
        const char *kind = vml_kind(name, nb_attrs, attrs);
        if (kind) {
            d->vml_depth = d->depth;
            d->vml_kind = kind;
            d->vml_anchor_ok = false;
        }
        return;
    }
    if (strcmp(name, "Anchor") == 0) {
        d->in_vml_anchor = true;
        sb_clear(&r->text);
        r->collect = true;
    }
}

/* Parses VML's "LeftColumn, LeftOffset, TopRow, TopOffset, RightColumn,
 * RightOffset, BottomRow, BottomOffset" (offsets in pixels). */
static bool vml_anchor(const char *s, size_t len, double out[8])
{
    size_t i = 0, n = 0;

    while (n < 8) {
        size_t start = i;
        while (i < len && s[i] != ',')
            i++;
        out[n++] = (double)parse_coord(s + start, i - start);
        if (i >= len)
            break;
        i++;
    }
    return n == 8 && i >= len;
}

/* A VML element closes: the anchor is parsed; a shape with one is added. */
static void vml_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xr *r = ctx;
    drawing_state *d = &r->dr;

    if (d->in_vml_anchor && strcmp((const char *)localname, "Anchor") == 0) {
        d->in_vml_anchor = false;
        r->collect = false;
        d->vml_anchor_ok = vml_anchor(r->text.data ? r->text.data : "", r->text.len,
                                      d->vml_anchor);
    } else if (d->vml_depth && d->vml_depth == d->depth) {
        if (d->vml_anchor_ok) {
            double box[4];
            const double *a = d->vml_anchor;
            d->anchor = 1;
            d->from = (anchor_pt){ (int64_t)a[0], (int64_t)(a[1] * EMU_PER_PX),
                                   (int64_t)a[2], (int64_t)(a[3] * EMU_PER_PX) };
            d->to = (anchor_pt){ (int64_t)a[4], (int64_t)(a[5] * EMU_PER_PX),
                                 (int64_t)a[6], (int64_t)(a[7] * EMU_PER_PX) };
            anchor_box(r, box);
            d->anchor = 0;
            add_drawn_shape(r, d->vml_kind, box);
        }
        d->vml_depth = 0;
    }
    d->depth--;
}

/*
 * Reads the shapes of the drawing (DrawingML) and the legacy drawing (VML)
 * the worksheet at part names.  A drawing part is read like any part; a VML
 * part, which old Excel did not always write as well-formed XML, is passed
 * over when it is damaged.  Parts that are missing give no shapes.
 */
static void read_drawings(xr *r, const char *part)
{
    const rel *x;
    const char *drawing = NULL, *vml = NULL;

    if (!r->drawing_rid && !r->vml_rid)
        return;
    if (read_rels(r, part) != PP_OK)
        return;
    x = r->drawing_rid ? rel_by_id(r, r->drawing_rid) : NULL;
    if (x && ends_with(x->type, "/drawing"))
        drawing = x->target;
    x = r->vml_rid ? rel_by_id(r, r->vml_rid) : NULL;
    if (x && ends_with(x->type, "/vmlDrawing"))
        vml = x->target;
    if (!drawing && !vml)
        return;
    if (!sizes_ready(r) || !keep_widths(r)) {
        xr_nomem(r);
        return;
    }
    if (drawing) {
        memset(&r->dr, 0, sizeof r->dr);
        if (parse_part(r, drawing, dr_start, dr_end) == PP_FAILED)
            return;
    }
    if (vml) {
        memset(&r->dr, 0, sizeof r->dr);
        r->lenient = true;
        parse_part(r, vml, vml_start, vml_end);
        r->lenient = false;
    }
}

/* ---- list validations that refer to cells ----------------------------- */

static kaiji_sheet *sheet_by_name(const xr *r, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < r->sheet_count; i++) {
        const kaiji_sheet *s = r->sheets[i].sheet;
        if (s && strlen(r->sheets[i].name) == len &&
            strncasecmp(r->sheets[i].name, name, len) == 0)
            return r->sheets[i].sheet;
    }
    return NULL;
}

static const char *defined_name(const xr *r, const char *name, size_t sheet_pos)
{
    size_t i;
    const char *global = NULL;

    for (i = 0; i < r->name_count; i++) {
        if (strcasecmp(r->names[i].name, name) != 0)
            continue;
        if (r->names[i].local < 0)
            global = r->names[i].text;
        else if ((size_t)r->names[i].local == sheet_pos)
            return r->names[i].text;
    }
    return global;
}

/*
 * Resolves a reference ("Lists!$A$1:$A$3", "'My list'!A1:A3", "$B$1:$B$3" or
 * a defined name naming one of these) to its sheet and range.  false when it
 * is anything else (a formula, another workbook, a missing sheet).
 */
static bool resolve_reference(const xr *r, const char *f, size_t sheet_pos,
                              kaiji_sheet **sheet, kaiji_range *range)
{
    int hops;
    char buf[64];

    for (hops = 0; hops < 4; hops++) {
        const char *bang, *ref;
        size_t i, o = 0;
        while (*f == '=' || *f == ' ')
            f++;
        bang = strrchr(f, '!');
        ref = bang ? bang + 1 : f;
        for (i = 0; ref[i] && o + 1 < sizeof buf; i++)
            if (ref[i] != '$')
                buf[o++] = ref[i];
        buf[o] = '\0';
        if (!ref[i] && kaiji_range_parse(buf, range)) {
            if (!bang) {
                *sheet = r->sheets[sheet_pos].sheet;
            } else if (f[0] == '\'') {
                /* 'It''s here'!A1 */
                char name[256];
                size_t n = 0;
                for (i = 1; f + i < bang && n + 1 < sizeof name; i++) {
                    if (f[i] == '\'' && f + i + 1 < bang && f[i + 1] == '\'')
                        i++;
                    else if (f[i] == '\'')
                        break;
                    name[n++] = f[i];
                }
                *sheet = sheet_by_name(r, name, n);
            } else {
                *sheet = sheet_by_name(r, f, (size_t)(bang - f));
            }
            return *sheet != NULL;
        }
        if (bang)
            return false;
        f = defined_name(r, f, sheet_pos);
        if (!f)
            return false;
    }
    return false;
}

static void resolve_pending(xr *r)
{
    const char *items[MAX_LIST_ITEMS];
    uint64_t budget = RESOLVE_BUDGET;
    size_t p;

    for (p = 0; p < r->pend_count && !r->nomem; p++) {
        const pending_dv *d = &r->pend[p];
        kaiji_sheet *src;
        kaiji_range rg;
        size_t count = 0, i;

        if (!resolve_reference(r, d->formula, d->sheet_pos, &src, &rg))
            continue;
        for (i = 0; i < src->cell_count && count < MAX_LIST_ITEMS; i++) {
            const kaiji_cell *c = &src->cells[i];
            if (budget-- == 0)
                return;
            if (c->row > rg.row2)
                break;
            if (c->row < rg.row1 || c->col < rg.col1 || c->col > rg.col2)
                continue;
            if (!kaiji_text_blank(c->text))
                items[count++] = c->text;
        }
        if (count > 0 &&
            kaiji_sheet_add_validation(r->wb, r->sheets[d->sheet_pos].sheet, d->ranges,
                                       d->range_count, items, count) != KAIJI_OK)
            xr_nomem(r);
    }
}

/* ---- document properties ---------------------------------------------- */

/* The properties read from docProps/core.xml, by the local name of their
 * element (a child of the root). */
static const char *const prop_names[KAIJI_PROP__COUNT] = {
    [KAIJI_PROP_TITLE] = "title",
    [KAIJI_PROP_SUBJECT] = "subject",
    [KAIJI_PROP_KEYWORDS] = "keywords",
    [KAIJI_PROP_DESCRIPTION] = "description",
};

static void core_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                       int nb_defaulted, const xmlChar **attrs)
{
    xr *r = ctx;
    int k;

    r->core_depth++;
    r->prop = -1;
    r->collect = false;
    if (r->core_depth != 2)
        return;
    for (k = 0; k < KAIJI_PROP__COUNT; k++)
        if (name_is(localname, prop_names[k]) && !r->wb->props[k]) {
            r->prop = k;
            r->collect = true;
            sb_clear(&r->text);
        }
}

static void core_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri)
{
    xr *r = ctx;
    size_t len = r->text.len;

    if (r->core_depth-- == 2 && r->prop >= 0) {
        if (len > KAIJI_PROP_MAX) {
            len = KAIJI_PROP_MAX;
            while (len > 0 && ((unsigned char)r->text.data[len] & 0xC0) == 0x80)
                len--;
        }
        if (len > 0 && !(r->wb->props[r->prop] =
                             kaiji_arena_strndup(r->wb->arena, r->text.data, len)))
            xr_nomem(r);
    }
    r->prop = -1;
    r->collect = false;
}

/*
 * Reads the title, subject, keywords and description of the workbook from
 * the core properties the package names (docProps/core.xml when it names
 * none).  Optional: a missing or damaged part gives no properties and never
 * fails the workbook; only what is unsafe (a DTD, a cap) does.
 */
static void read_core_props(xr *r)
{
    const char *part = r->core_part ? r->core_part : "docProps/core.xml";
    int k;

    r->core_depth = 0;
    r->prop = -1;
    r->optional = true;
    if (parse_part(r, part, core_start, core_end) != PP_OK)
        for (k = 0; k < KAIJI_PROP__COUNT; k++)
            r->wb->props[k] = NULL;
    r->optional = false;
}

/* ---- the workbook ------------------------------------------------------ */

/* Finds the workbook part: the officeDocument relationship of the package,
 * or xl/workbook.xml when the package has no relationships. */
static const char *find_workbook_part(xr *r)
{
    pp_result res = read_rels(r, "");
    const rel *x;

    if (res == PP_FAILED)
        return NULL;
    x = res == PP_OK ? rel_by_type(r, "/metadata/core-properties") : NULL;
    r->core_part = x ? x->target : NULL;
    x = res == PP_OK ? rel_by_type(r, "/officeDocument") : NULL;
    if (x && kaiji_zip_has(r->zip, x->target))
        return x->target;
    if (kaiji_zip_has(r->zip, "xl/workbook.xml"))
        return "xl/workbook.xml";
    xr_fail(r, "unsupported-format", _("this ZIP file is not an Excel workbook"));
    return NULL;
}

/* Reads the worksheet at sheets[pos] from part. */
static bool read_sheet(xr *r, size_t pos, const char *part)
{
    sheet_ref *s = &r->sheets[pos];

    s->sheet = kaiji_workbook_add_sheet(r->wb, s->name, s->hidden);
    if (!s->sheet) {
        xr_nomem(r);
        return false;
    }
    r->sheet = s->sheet;
    r->sheet_pos = pos;
    r->row = 0;
    r->col = 0;
    r->in_cell = r->in_is = r->in_dv = r->in_formula1 = r->in_sqref = false;
    r->rph_depth = 0;
    r->drawing_rid = r->vml_rid = NULL;
    r->default_col_emu = 64 * EMU_PER_PX;
    r->default_row_emu = 15 * EMU_PER_PT;
    r->colw_count = r->rowh_count = 0;
    r->rowh_unsorted = false;
    if (parse_part(r, part, sheet_start, sheet_end) == PP_MISSING)
        xr_fail(r, "file-corrupt",
                _("the workbook lists sheet \"%s\" but its part %s is missing"), s->name, part);
    kaiji_sheet_finish(s->sheet);
    if (!r->failed && !r->nomem)
        read_drawings(r, part);
    return !r->failed && !r->nomem;
}

static void read_workbook(xr *r)
{
    const char *wb_part, **parts;
    const rel *x;
    size_t i;

    wb_part = find_workbook_part(r);
    if (!wb_part)
        return;
    if (read_rels(r, wb_part) == PP_FAILED)
        return;
    if (parse_part(r, wb_part, wb_start, wb_end) != PP_OK)
        return;
    x = rel_by_type(r, "/sharedStrings");
    if (x && parse_part(r, x->target, sst_start, sst_end) == PP_FAILED)
        return;
    x = rel_by_type(r, "/styles");
    if (x && parse_part(r, x->target, styles_start, styles_end) == PP_FAILED)
        return;
    if (!styles_finish(r)) {
        xr_nomem(r);
        return;
    }
    /* The parts first: a sheet's drawings replace the rels read. */
    parts = kaiji_arena_alloc(r->tmp, (r->sheet_count ? r->sheet_count : 1) * sizeof *parts);
    if (!parts) {
        xr_nomem(r);
        return;
    }
    for (i = 0; i < r->sheet_count; i++) {
        x = r->sheets[i].rid ? rel_by_id(r, r->sheets[i].rid) : NULL;
        if (!x) {
            xr_fail(r, "file-corrupt",
                    _("the workbook lists sheet \"%s\" but does not say where it is"),
                    r->sheets[i].name);
            return;
        }
        /* not chart sheets, dialog sheets, macro sheets */
        parts[i] = ends_with(x->type, "/worksheet") ? x->target : NULL;
        /* Excel never lists one part twice; a file that does would have
         * it read again for each listing (at most KAIJI_MAX_SHEETS). */
        for (size_t j = 0; parts[i] && j < i; j++)
            if (parts[j] && strcmp(parts[j], parts[i]) == 0) {
                xr_fail(r, "file-corrupt",
                        _("the workbook lists sheets \"%s\" and \"%s\" for the same part"),
                        r->sheets[j].name, r->sheets[i].name);
                return;
            }
    }
    for (i = 0; i < r->sheet_count; i++)
        if (parts[i] && !read_sheet(r, i, parts[i]))
            return;
    resolve_pending(r);
    if (!r->nomem)
        read_core_props(r);
}

int kaiji_xlsx_workbook(kaiji_workbook **out, kaiji_document *doc,
                        const unsigned char *data, size_t size,
                        const kaiji_limits *limits)
{
    xr r;
    kaiji_limits lim;
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;
    locale_t c_locale, old_locale = (locale_t)0;
    int rc = KAIJI_OK;

    *out = NULL;
    memset(&r, 0, sizeof r);
    doc->format = KAIJI_FORMAT_XLSX;
    kaiji_limits_init(&lim);
    r.doc = doc;
    r.max_cells = limits && limits->max_cells ? limits->max_cells : lim.max_cells;
    /* Shared strings shown by many cells are the one way a workbook's text
     * outgrows its XML: it may show as much as one part may hold. */
    r.max_shown_text = limits && limits->max_part_size ? limits->max_part_size
                                                       : lim.max_part_size;
    xmlInitParser();
    /* strtod and printf("%g") must use "." whatever the caller's locale;
     * the other categories stay the caller's (messages in its language). */
    locale_t base = duplocale(uselocale((locale_t)0));
    c_locale = base ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
    if (!c_locale && base)
        freelocale(base);
    if (c_locale)
        old_locale = uselocale(c_locale);
    st = kaiji_zip_open(&r.zip, data, size, limits, why);
    if (st == KAIJI_ZIP_NOMEM) {
        r.nomem = true;
        goto done;
    }
    if (st != KAIJI_ZIP_OK) {
        const char *code = kaiji_zip_status_code(st);
        xr_fail(&r, code ? code : "file-corrupt", "%s", why);
        goto done;
    }
    r.wb = kaiji_workbook_new();
    r.tmp = kaiji_arena_new();
    if (!r.wb || !r.tmp) {
        r.nomem = true;
        goto done;
    }
    read_workbook(&r);

done:
    if (r.nomem)
        rc = KAIJI_ERROR_NOMEM;
    else if (!r.failed) {
        *out = r.wb;
        r.wb = NULL;
    }
    if (c_locale) {
        uselocale(old_locale);
        freelocale(c_locale);
    }
    kaiji_workbook_free(r.wb);
    kaiji_zip_free(r.zip);
    kaiji_arena_free(r.tmp);
    free(r.text.data);
    free(r.pool.data);
    free(r.dv_formula.data);
    free(r.dv_sqref.data);
    free(r.rels);
    free(r.sheets);
    free(r.names);
    free(r.sst);
    free(r.fmts);
    free(r.xf_fmt);
    free(r.xf_date);
    free(r.pend);
    free(r.colws);
    free(r.colw_sum);
    free(r.rowhs);
    free(r.rowh_sum);
    return rc;
}

int kaiji_read_xlsx(kaiji_document *doc, const unsigned char *data, size_t size,
                    const kaiji_limits *limits, const kaiji_vocab *vocab)
{
    kaiji_workbook *wb = NULL;
    int rc;

    doc->format = KAIJI_FORMAT_XLSX;
    rc = kaiji_xlsx_workbook(&wb, doc, data, size, limits);
    if (rc != KAIJI_OK || !wb)
        goto done;
    rc = kaiji_recognize(doc, wb, vocab);

done:
    kaiji_workbook_free(wb);
    return rc;
}
