/*
 * parser/xlsx_drawing.c - drawings: the shapes drawn over a sheet, from its
 * DrawingML drawing part (anchors of two cells, one cell or absolute, group
 * transforms, preset geometries) and its legacy VML part (ovals and round
 * rectangles of old Excel), each kept with its box in cell units, found from
 * the sheet's column widths and row heights.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/xlsx_internal.h"

#define MAX_SHAPES 4096        /* shapes kept per sheet */
#define MAX_EMU 1e15           /* beyond any sheet: 16384 columns of 255 chars */

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

    if (!v || !kaiji_xr_attr_double(v, len, &x) || x < 0 || x > MAX_EMU)
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
            kaiji_xr_nomem(r);
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
        kaiji_xr_nomem(r);
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

/* true when an element's local name (as text) is s. */
static inline bool named(const char *name, const char *s)
{
    return kaiji_xr_name_is((const xmlChar *)name, s);
}

/* Records the off / ext / chOff / chExt element of a DrawingML transform. */
static void xfrm_attrs(xfrm *x, const char *name, int nb_attrs, const xmlChar **attrs)
{
    size_t len;
    const char *v;
    double a, b;

    if (named(name, "off") || named(name, "chOff")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "x", NULL, &len);
        a = v ? (double)parse_coord(v, len) : 0;
        v = kaiji_xr_attr_get(nb_attrs, attrs, "y", NULL, &len);
        b = v ? (double)parse_coord(v, len) : 0;
        if (name[0] == 'o') {
            x->x = a;
            x->y = b;
            x->has = true;
        } else {
            x->chx = a;
            x->chy = b;
        }
    } else if (named(name, "ext") || named(name, "chExt")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "cx", NULL, &len);
        a = emu_value(v, len);
        v = kaiji_xr_attr_get(nb_attrs, attrs, "cy", NULL, &len);
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
    if (d->fallback || named(name, "Fallback")) {
        d->fallback++;
        return;
    }
    if (!d->anchor) {
        int kind = named(name, "twoCellAnchor") ? 1
                 : named(name, "oneCellAnchor") ? 2
                 : named(name, "absoluteAnchor") ? 3 : 0;
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
        if (named(name, "from")) {
            d->corner = 1;
            return;
        }
        if (named(name, "to")) {
            d->corner = 2;
            return;
        }
        if (named(name, "ext")) {
            v = kaiji_xr_attr_get(nb_attrs, attrs, "cx", NULL, &len);
            d->ext_cx = emu_value(v, len);
            v = kaiji_xr_attr_get(nb_attrs, attrs, "cy", NULL, &len);
            d->ext_cy = emu_value(v, len);
            return;
        }
        if (named(name, "pos")) {
            v = kaiji_xr_attr_get(nb_attrs, attrs, "x", NULL, &len);
            d->pos_x = emu_value(v, len);
            v = kaiji_xr_attr_get(nb_attrs, attrs, "y", NULL, &len);
            d->pos_y = emu_value(v, len);
            return;
        }
    }
    if (d->corner && d->depth == d->anchor_depth + 2) {
        d->field = named(name, "col") ? 1 : named(name, "colOff") ? 2
                 : named(name, "row") ? 3 : named(name, "rowOff") ? 4 : 0;
        if (d->field) {
            kaiji_buf_reset(&r->text);
            r->collect = true;
        }
        return;
    }
    if (named(name, "grpSp")) {
        if (d->groups < MAX_GROUP_DEPTH)
            memset(&d->group[d->groups], 0, sizeof d->group[0]);
        d->groups++;
    } else if (named(name, "sp")) {
        if (!d->sp_depth) {
            d->sp_depth = d->depth;
            memset(&d->sp, 0, sizeof d->sp);
            d->prst[0] = '\0';
        }
    } else if (named(name, "spPr")) {
        d->in_props = d->sp_depth ? 1 : 0;
    } else if (named(name, "grpSpPr")) {
        d->in_props = d->groups > 0 && !d->sp_depth ? 2 : 0;
    } else if (named(name, "xfrm")) {
        d->in_xfrm = d->in_props != 0;
    } else if (d->in_xfrm) {
        xfrm *x = d->in_props == 1 ? &d->sp
                : d->groups <= MAX_GROUP_DEPTH ? &d->group[d->groups - 1] : NULL;
        if (x)
            xfrm_attrs(x, name, nb_attrs, attrs);
    } else if (d->sp_depth && named(name, "prstGeom")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "prst", NULL, &len);
        if (!kaiji_xr_attr_copy(d->prst, sizeof d->prst, v, len))
            strcpy(d->prst, "unknown");
    } else if (d->sp_depth && named(name, "custGeom")) {
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
    } else if (named(name, "xfrm")) {
        d->in_xfrm = 0;
    } else if (named(name, "spPr") || named(name, "grpSpPr")) {
        d->in_props = 0;
    } else if (d->sp_depth == d->depth && named(name, "sp")) {
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
    } else if (named(name, "grpSp") && d->groups > 0) {
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

    if (named(name, "oval"))
        return "ellipse";
    if (named(name, "roundrect"))
        return "roundRect";
    if (!named(name, "shape"))
        return NULL;
    v = kaiji_xr_attr_get(nb_attrs, attrs, "spt", "office", &len);
    if (kaiji_xr_attr_eq(v, len, "3"))
        return "ellipse";
    if (kaiji_xr_attr_eq(v, len, "2"))
        return "roundRect";
    v = kaiji_xr_attr_get(nb_attrs, attrs, "type", NULL, &len);
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
    if (named(name, "Anchor")) {
        d->in_vml_anchor = true;
        kaiji_buf_reset(&r->text);
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

    if (d->in_vml_anchor && kaiji_xr_name_is(localname, "Anchor")) {
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

void kaiji_xr_read_drawings(xr *r, const char *part)
{
    const rel *x;
    const char *drawing = NULL, *vml = NULL;

    if (!r->drawing_rid && !r->vml_rid)
        return;
    if (kaiji_xr_read_rels(r, part) != PP_OK)
        return;
    x = r->drawing_rid ? kaiji_xr_rel_by_id(r, r->drawing_rid) : NULL;
    if (x && kaiji_xr_ends_with(x->type, "/drawing"))
        drawing = x->target;
    x = r->vml_rid ? kaiji_xr_rel_by_id(r, r->vml_rid) : NULL;
    if (x && kaiji_xr_ends_with(x->type, "/vmlDrawing"))
        vml = x->target;
    if (!drawing && !vml)
        return;
    if (!sizes_ready(r) || !keep_widths(r)) {
        kaiji_xr_nomem(r);
        return;
    }
    if (drawing) {
        memset(&r->dr, 0, sizeof r->dr);
        if (kaiji_xr_parse_part(r, drawing, dr_start, dr_end) == PP_FAILED)
            return;
    }
    if (vml) {
        memset(&r->dr, 0, sizeof r->dr);
        r->lenient = true;
        kaiji_xr_parse_part(r, vml, vml_start, vml_end);
        r->lenient = false;
    }
}
