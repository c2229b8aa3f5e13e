/*
 * parser/xlsx_internal.h - what the files of the XLSX reader share: the
 * reader's state (xr, one per kaiji_xlsx_workbook() call; nothing is
 * global) and the functions one file offers the others.  Library-internal:
 * only parser/xlsx.c, xlsx_parts.c, xlsx_sheet.c and xlsx_drawing.c include
 * it; never installed.  What one file alone uses is static in it.
 *
 * Errors: a function that meets unreadable input fails the document
 * (kaiji_xr_fail(), once, and stops the parser); one that runs out of memory
 * sets r->nomem (kaiji_xr_nomem()).  Names, relationships and formulas are
 * kept in r->tmp, freed at the end of the call; what the workbook keeps is
 * in its own arena.
 */
#ifndef KAIJI_XLSX_INTERNAL_H
#define KAIJI_XLSX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/libxml.h"

#include "base/buf.h"
#include "model/model.h"
#include "parser/grid.h"
#include "parser/xmlsafe.h"
#include "parser/zipsafe.h"

#define MAX_ROW 1048576u
#define MAX_COL 16384u
#define MAX_LIST_ITEMS 1000
#define MAX_GROUP_DEPTH 8
#define EMU_PER_PX 9525.0
#define EMU_PER_PT 12700.0

/* Defined in parser/xlsx.c, where they are used alone. */
typedef struct defname defname;
typedef struct numfmt numfmt;

typedef struct rel {
    const char *id, *type, *target; /* target: a part name, no leading "/" */
} rel;

typedef struct sheet_ref {
    const char *name, *rid;
    bool hidden;
    kaiji_sheet *sheet; /* NULL until read, or when not a worksheet */
} sheet_ref;

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
    bool no_libxml2;      /* libxml2 could not be loaded (xr_libxml, parser/xlsx_parts.c) */
    xmlParserCtxtPtr ctxt;
    struct kaiji_xtok *tok; /* the tokenizer of the parts (parser/ooxml_tok.h) */
    const char *replay;     /* bytes the tokenizer read before it handed a part */
    size_t replay_len;      /* to libxml2, which reads them first */
    kaiji_zip_part *zpart;  /* the part libxml2 is pulling from */
    const char *part;
    bool seen_root;

    kaiji_buf text;          /* the text being collected, reused */
    bool collect;
    kaiji_buf *sink;         /* where text goes instead (the shared strings' pool), or NULL */
    size_t sink_base;        /* where in sink the text being collected starts (0 for text) */

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

    kaiji_buf pool;          /* shared strings, back to back */
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
    kaiji_buf dv_formula, dv_sqref;
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

/* What kaiji_xr_parse_part() made of a part. */
typedef enum pp_result { PP_OK, PP_MISSING, PP_FAILED } pp_result;

/* ---- parser/xlsx.c ----------------------------------------------------------- */


/* ---- parser/xlsx_parts.c: helpers, the part parser, relationships -------- */

/* Marks the document unreadable (once) with finding code and the message
 * fmt makes, and stops the parser. */
void kaiji_xr_fail(xr *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Notes that memory ran out (r->nomem) and stops the parser. */
void kaiji_xr_nomem(xr *r);

/* true when an element's or attribute's local name is name.  In line, byte
 * by byte: every start and end tag asks it of several names, which are
 * short and most differ in their first byte, less than a call to strcmp. */
static inline bool kaiji_xr_name_is(const xmlChar *localname, const char *name)
{
    while (*localname == (xmlChar)*name) {
        if (*localname == '\0')
            return true;
        localname++;
        name++;
    }
    return false;
}

/* The value of the attribute localname (without a namespace when uri_part
 * is NULL, else in one whose URI contains uri_part); *len its length.  NULL
 * if absent. */
const char *kaiji_xr_attr_get(int nb, const xmlChar **attrs, const char *localname,
                              const char *uri_part, size_t *len);

/* A NUL-terminated, reference-decoded copy of an attribute in the tmp
 * arena, or NULL when it is absent (or no memory: r->nomem). */
const char *kaiji_xr_attr_dup(xr *r, int nb, const xmlChar **attrs,
                              const char *localname, const char *uri_part);

/* true when the len bytes at v (an attribute's value, or NULL) are s.  In
 * line, so that the length of a literal s is known when compiled. */
static inline bool kaiji_xr_attr_eq(const char *v, size_t len, const char *s)
{
    return v && len == strlen(s) && memcmp(v, s, len) == 0;
}

/* Copies len bytes of an attribute into buf (NUL-terminated); false when it
 * does not fit. */
bool kaiji_xr_attr_copy(char *buf, size_t size, const char *v, size_t len);

/* Parses a decimal attribute into *out; false when absent, malformed or
 * not finite. */
bool kaiji_xr_attr_double(const char *v, size_t len, double *out);

/* Parses len bytes of unsigned decimal; false on anything else or overflow. */
bool kaiji_xr_parse_ulong(const char *s, size_t len, uint64_t max, uint64_t *out);

/* true when s ends with suffix. */
bool kaiji_xr_ends_with(const char *s, const char *suffix);

/*
 * Decodes OOXML's _xHHHH_ escapes (ST_Xstring: "_x000D_" is a carriage
 * return, "_x005F_" an underscore) in place.  The text keeps to what XML
 * can carry, so that a document converted to kaiji XML reads back the same:
 * a vertical tab or form feed becomes a line feed, the other control
 * characters XML forbids are dropped, and escapes of NUL, of surrogates and
 * of U+FFFE and U+FFFF are left as written.
 */
void kaiji_xr_decode_xstring(char *s, size_t *len);

/*
 * Streams the part through a push parser with the given element callbacks.
 * PP_MISSING when there is no such part (nothing reported); PP_FAILED when
 * the document has been failed or memory ran out (r->nomem), or when an
 * optional part (r->optional) is damaged (then nothing is reported).
 */
pp_result kaiji_xr_parse_part(xr *r, const char *part, startElementNsSAX2Func start,
                              endElementNsSAX2Func end);

/* Reads the relationships of part (replacing r->rels). */
pp_result kaiji_xr_read_rels(xr *r, const char *part);

/* The first relationship read whose type ends with suffix, or NULL. */
const rel *kaiji_xr_rel_by_type(const xr *r, const char *suffix);

/* The relationship read with that id, or NULL. */
const rel *kaiji_xr_rel_by_id(const xr *r, const char *id);

/* ---- parser/xlsx_sheet.c: worksheets ------------------------------------- */

/* Reads the worksheet at sheets[pos] from part, then the drawings it names;
 * false when the document failed or memory ran out. */
bool kaiji_xr_read_sheet(xr *r, size_t pos, const char *part);

/* ---- parser/xlsx_drawing.c: the shapes drawn over a sheet ---------------- */

/*
 * Reads the shapes of the drawing (DrawingML) and the legacy drawing (VML)
 * the worksheet at part names.  A drawing part is read like any part; a VML
 * part, which old Excel did not always write as well-formed XML, is passed
 * over when it is damaged.  Parts that are missing give no shapes.
 */
void kaiji_xr_read_drawings(xr *r, const char *part);

#endif
