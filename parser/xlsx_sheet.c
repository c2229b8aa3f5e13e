/*
 * parser/xlsx_sheet.c - the worksheets of an XLSX: each cell (shared,
 * inline and formula strings, numbers in their shortest form or as dates by
 * their style, booleans, errors, ISO dates), merged ranges, column widths
 * and row heights (for the drawings), and data-validation lists (literal
 * ones kept now, those that refer to cells left for parser/xlsx.c once every
 * sheet is read).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "parser/xlsx_internal.h"
#include "parser/zipsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define MAX_DV_RANGES 1024
#define MAX_PENDING_DV 10000
#define MAX_COL_WIDTHS 1024    /* <col> ranges kept per sheet */
#define MAX_ROW_HEIGHTS 100000 /* rows of their own height kept per sheet */

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
    kaiji_xr_fail(r, "file-too-large", _("the workbook holds more than %llu cells"),
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
        kaiji_xr_nomem(r);
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
        kaiji_xr_fail(r, "file-too-large",
                      _("the cells of the workbook show more than %s of shared text"), size);
        return;
    }
    if (!s->kept && !(s->kept = kaiji_arena_strndup(r->wb->arena, r->pool.data + s->off, s->len))) {
        kaiji_xr_nomem(r);
        return;
    }
    if (kaiji_sheet_add_cell_kept(r->wb, r->sheet, r->row, r->col, KAIJI_CELL_STRING, s->kept,
                                  0, nodate) != KAIJI_OK)
        kaiji_xr_nomem(r);
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
        uint64_t idx = 0;
        size_t i;
        for (i = 0; i < vlen && i < 9 && v[i] >= '0' && v[i] <= '9'; i++) /* in line */
            idx = idx * 10 + (uint64_t)(v[i] - '0');
        if ((i != vlen || i == 0) && !kaiji_xr_parse_ulong(v, vlen, (uint64_t)1 << 40, &idx))
            idx = SIZE_MAX; /* not a number: refused below */
        if (idx >= r->sst_count) {
            kaiji_xr_fail(r, "file-corrupt",
                          _("cell %s of sheet \"%s\" refers to a shared text the workbook "
                            "does not have"),
                          cell_name(ref, r), r->sheet->name);
            return;
        }
        add_shared_cell(r, &r->sst[idx]);
        return;
    }
    case CT_INLINE:
        if (r->text.data)
            kaiji_xr_decode_xstring(r->text.data, &vlen);
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
    size_t nlen;
    const char *ntext = kaiji_number_text(num, v, vlen, x, &nlen);
    add_cell(r, KAIJI_CELL_NUMBER, ntext, nlen, x, nodate);
}

static bool attr_true(const char *v, size_t len)
{
    return kaiji_xr_attr_eq(v, len, "1") || kaiji_xr_attr_eq(v, len, "true");
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

    v = kaiji_xr_attr_get(nb_attrs, attrs, "defaultColWidth", NULL, &len);
    if (v && kaiji_xr_attr_double(v, len, &x) && x >= 0 && x <= 255) {
        r->default_col_emu = width_emu(x);
    } else {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "baseColWidth", NULL, &len);
        if (v && kaiji_xr_attr_double(v, len, &x) && x >= 0 && x <= 255) {
            /* Excel pads the base width and rounds up to 8 pixels. */
            double px = x * 7.0 + 5.0;
            px = (double)(((long)px + 7) / 8 * 8);
            r->default_col_emu = px * EMU_PER_PX;
        }
    }
    v = kaiji_xr_attr_get(nb_attrs, attrs, "defaultRowHeight", NULL, &len);
    if (v && kaiji_xr_attr_double(v, len, &x) && x >= 0 && x <= 409)
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
    v = kaiji_xr_attr_get(nb_attrs, attrs, "min", NULL, &len);
    if (!v || !kaiji_xr_parse_ulong(v, len, MAX_COL, &min) || min == 0)
        return;
    v = kaiji_xr_attr_get(nb_attrs, attrs, "max", NULL, &len);
    if (!v || !kaiji_xr_parse_ulong(v, len, MAX_COL, &max) || max < min)
        max = min;
    v = kaiji_xr_attr_get(nb_attrs, attrs, "hidden", NULL, &len);
    if (!attr_true(v, len)) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "width", NULL, &len);
        if (!v || !kaiji_xr_attr_double(v, len, &w))
            return;
        w = width_emu(w);
    }
    if (!KAIJI_GROW(r->colws, r->colw_count, r->colw_cap)) {
        kaiji_xr_nomem(r);
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
    v = kaiji_xr_attr_get(nb_attrs, attrs, "hidden", NULL, &len);
    if (attr_true(v, len)) {
        h = 0;
    } else {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "ht", NULL, &len);
        if (!v || !kaiji_xr_attr_double(v, len, &h) || h < 0 || h > 409)
            return;
        h *= EMU_PER_PT;
        if (h == r->default_row_emu)
            return;
    }
    if (!KAIJI_GROW(r->rowhs, r->rowh_count, r->rowh_cap)) {
        kaiji_xr_nomem(r);
        return;
    }
    if (r->rowh_count && r->rowhs[r->rowh_count - 1].row >= r->row)
        r->rowh_unsorted = true;
    r->rowhs[r->rowh_count++] = (row_height){ r->row, h };
}

/* <c r t s>: its attributes are looked at in one pass (a sheet's most
 * frequent tag), each told by its one-byte name. */
static void cell_start(xr *r, int nb_attrs, const xmlChar **attrs)
{
    const char *rv = NULL, *tv = NULL, *sv = NULL;
    size_t rlen = 0, tlen = 0, slen = 0;
    uint64_t n;
    int i;

    for (i = 0; i < nb_attrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (a[2] || a[0][0] == '\0' || a[0][1] != '\0')
            continue; /* in a namespace, or a longer name */
        const char *v = (const char *)a[3];
        size_t len = (size_t)(a[4] - a[3]);
        switch (a[0][0]) { /* the first of each, as kaiji_xr_attr_get() */
        case 'r':
            if (!rv) {
                rv = v;
                rlen = len;
            }
            break;
        case 't':
            if (!tv) {
                tv = v;
                tlen = len;
            }
            break;
        case 's':
            if (!sv) {
                sv = v;
                slen = len;
            }
            break;
        default:
            break;
        }
    }
    if (rv) {
        uint32_t row, col;
        if (!kaiji_cellref_parse_in_line(rv, rlen, &row, &col)) {
            kaiji_xr_fail(r, "file-corrupt",
                          _("the workbook part %s has a cell with a broken reference \"%.*s\""),
                          r->part, (int)(rlen > 40 ? 40 : rlen), rv);
            return;
        }
        r->row = row;
        r->col = col;
    } else {
        if (r->row == 0)
            r->row = 1;
        r->col++;
        if (r->col > MAX_COL) {
            kaiji_xr_fail(r, "file-corrupt",
                          _("the workbook part %s has a row with more than %u cells"), r->part,
                          MAX_COL);
            return;
        }
    }
    r->ctype = CT_N;
    if (tlen == 1) {
        switch (tv[0]) {
        case 's': r->ctype = CT_S; break;
        case 'b': r->ctype = CT_B; break;
        case 'e': r->ctype = CT_E; break;
        case 'd': r->ctype = CT_D; break;
        default: break;
        }
    } else if (kaiji_xr_attr_eq(tv, tlen, "str")) {
        r->ctype = CT_STR;
    } else if (kaiji_xr_attr_eq(tv, tlen, "inlineStr")) {
        r->ctype = CT_INLINE;
    }
    if (slen == 1 && sv[0] >= '0' && sv[0] <= '9')
        r->style = (size_t)(sv[0] - '0');
    else
        r->style = (sv && kaiji_xr_parse_ulong(sv, slen, 10000000, &n)) ? (size_t)n : 0;
    r->in_cell = true;
    r->has_value = false;
    kaiji_buf_reset(&r->text);
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
            kaiji_buf_reset(&r->text);
            r->collect = true;
            return;
        }
        break;
    case 'r':
        if (name[1] == '\0' && r->in_is)
            return;
        if (kaiji_xr_name_is(localname, "row")) {
            uint64_t n;
            bool more = false; /* an attribute other than r (ht, hidden ...) */
            v = NULL;
            len = 0;
            for (int i = 0; i < nb_attrs; i++) {
                const xmlChar **a = attrs + 5 * i;
                if (!v && !a[2] && a[0][0] == 'r' && a[0][1] == '\0') {
                    v = (const char *)a[3];
                    len = (size_t)(a[4] - a[3]);
                } else {
                    more = true;
                }
            }
            if (v) {
                if (!kaiji_xr_parse_ulong(v, len, MAX_ROW, &n) || n == 0) {
                    kaiji_xr_fail(r, "file-corrupt",
                                  _("the workbook part %s has a row with a broken number \"%.*s\""),
                                  r->part, (int)(len > 40 ? 40 : len), v);
                    return;
                }
                r->row = (uint32_t)n;
            } else {
                if (r->row >= MAX_ROW) {
                    kaiji_xr_fail(r, "file-corrupt",
                                  _("the workbook part %s has more than %u rows"), r->part,
                                  MAX_ROW);
                    return;
                }
                r->row++;
            }
            r->col = 0;
            if (more)
                row_attrs(r, nb_attrs, attrs);
            return;
        }
        if (r->in_is && kaiji_xr_name_is(localname, "rPh")) {
            r->rph_depth++;
            r->collect = false;
            return;
        }
        break;
    case 'i':
        if (r->in_cell && kaiji_xr_name_is(localname, "is")) {
            r->in_is = true;
            r->rph_depth = 0;
            kaiji_buf_reset(&r->text);
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
    if (kaiji_xr_name_is(localname, "col")) {
        col_start(r, nb_attrs, attrs);
    } else if (kaiji_xr_name_is(localname, "sheetFormatPr")) {
        sheet_format(r, nb_attrs, attrs);
    } else if (kaiji_xr_name_is(localname, "drawing")) {
        r->drawing_rid = kaiji_xr_attr_dup(r, nb_attrs, attrs, "id", "relationships");
    } else if (kaiji_xr_name_is(localname, "legacyDrawing")) {
        r->vml_rid = kaiji_xr_attr_dup(r, nb_attrs, attrs, "id", "relationships");
    } else if (kaiji_xr_name_is(localname, "mergeCell")) {
        kaiji_range range;
        char buf[40];
        v = kaiji_xr_attr_get(nb_attrs, attrs, "ref", NULL, &len);
        if (kaiji_xr_attr_copy(buf, sizeof buf, v, len) && kaiji_range_parse(buf, &range) &&
            kaiji_sheet_add_merge(r->wb, r->sheet, range) != KAIJI_OK)
            kaiji_xr_nomem(r);
    } else if (kaiji_xr_name_is(localname, "dataValidation")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "type", NULL, &len);
        r->in_dv = true;
        r->dv_list = kaiji_xr_attr_eq(v, len, "list");
        kaiji_buf_reset(&r->dv_formula);
        kaiji_buf_reset(&r->dv_sqref);
        v = kaiji_xr_attr_get(nb_attrs, attrs, "sqref", NULL, &len);
        if (v && !kaiji_buf_append(&r->dv_sqref, v, len))
            kaiji_xr_nomem(r);
    } else if (r->in_dv && kaiji_xr_name_is(localname, "formula1")) {
        r->in_formula1 = true;
        kaiji_buf_reset(&r->text);
        r->collect = true;
    } else if (r->in_dv && !r->in_formula1 && kaiji_xr_name_is(localname, "sqref")) {
        r->in_sqref = true;
        kaiji_buf_reset(&r->text);
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
        kaiji_xr_nomem(r);
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
        kaiji_xr_nomem(r);
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
        kaiji_xr_nomem(r);
        return;
    }
    ranges = r->dv_scratch;
    for (i = 0; i <= sqlen && nranges < MAX_DV_RANGES; i++) {
        if (i == sqlen || sq[i] == ' ') {
            if (i > start && kaiji_xr_attr_copy(buf, sizeof buf, sq + start, i - start) &&
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
        kaiji_xr_nomem(r);
        return;
    }
    memcpy(ranges, r->dv_scratch, nranges * sizeof *ranges);
    r->pend_ranges += nranges;
    r->pend[r->pend_count].sheet_pos = r->sheet_pos;
    r->pend[r->pend_count].ranges = ranges;
    r->pend[r->pend_count].range_count = nranges;
    r->pend[r->pend_count].formula = kaiji_arena_strndup(r->tmp, f, flen);
    if (!r->pend[r->pend_count].formula) {
        kaiji_xr_nomem(r);
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
    } else if (r->in_is && kaiji_xr_name_is(localname, "rPh")) {
        if (r->rph_depth > 0)
            r->rph_depth--;
    } else if (r->in_cell && kaiji_xr_name_is(localname, "is")) {
        r->in_is = false;
        r->collect = false;
        r->has_value = true;
        r->ctype = CT_INLINE;
    } else if (r->in_formula1 && kaiji_xr_name_is(localname, "formula1")) {
        r->in_formula1 = false;
        r->collect = false;
        kaiji_buf_reset(&r->dv_formula);
        if (!kaiji_buf_append(&r->dv_formula, r->text.data ? r->text.data : "", r->text.len))
            kaiji_xr_nomem(r);
    } else if (r->in_sqref && kaiji_xr_name_is(localname, "sqref")) {
        r->in_sqref = false;
        r->collect = false;
        kaiji_buf_reset(&r->dv_sqref);
        if (!kaiji_buf_append(&r->dv_sqref, r->text.data ? r->text.data : "", r->text.len))
            kaiji_xr_nomem(r);
    } else if (r->in_dv && kaiji_xr_name_is(localname, "dataValidation")) {
        dv_finish(r);
        r->in_dv = false;
    }
}

bool kaiji_xr_read_sheet(xr *r, size_t pos, const char *part)
{
    sheet_ref *s = &r->sheets[pos];

    s->sheet = kaiji_workbook_add_sheet(r->wb, s->name, s->hidden);
    if (!s->sheet) {
        kaiji_xr_nomem(r);
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
    if (kaiji_xr_parse_part(r, part, sheet_start, sheet_end) == PP_MISSING)
        kaiji_xr_fail(r, "file-corrupt",
                      _("the workbook lists sheet \"%s\" but its part %s is missing"),
                      s->name, part);
    kaiji_sheet_finish(s->sheet);
    if (!r->failed && !r->nomem)
        kaiji_xr_read_drawings(r, part);
    return !r->failed && !r->nomem;
}
