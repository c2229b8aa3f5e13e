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
 *
 * This file holds the workbook: workbook.xml, sharedStrings.xml, styles.xml,
 * the list validations that refer to cells, the document properties, and
 * the entry points.  The rest is in the files parser/xlsx_internal.h lists:
 * the part parser and its helpers, relationships (xlsx_parts.c), worksheets
 * (xlsx_sheet.c), the shapes drawn over a sheet (xlsx_drawing.c).
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/libxml.h"

#include "base/base.h"
#include "parser/readers.h"
#include "parser/ooxml_tok.h"
#include "parser/xlsx_internal.h"
#include "parser/zipsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define RESOLVE_BUDGET 50000000u /* cell visits while resolving lists */

struct defname {
    const char *name, *text;
    long local; /* the localSheetId, -1 for a workbook-wide name */
};

struct numfmt {
    long id;
    size_t order; /* place in styles.xml: the last of one id wins */
    bool date;
};

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
        if (!kaiji_xr_name_is(localname, "workbook"))
            kaiji_xr_fail(r, "unsupported-format",
                          _("this file is an Office document but not an Excel workbook"));
        return;
    }
    if (kaiji_xr_name_is(localname, "workbookPr")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "date1904", NULL, &len);
        r->wb->date1904 = kaiji_xr_attr_eq(v, len, "1") || kaiji_xr_attr_eq(v, len, "true");
    } else if (kaiji_xr_name_is(localname, "sheet")) {
        sheet_ref *s;
        if (r->sheet_count >= KAIJI_MAX_SHEETS) {
            kaiji_xr_fail(r, "file-too-large", _("the workbook has more than %u sheets"),
                          KAIJI_MAX_SHEETS);
            return;
        }
        if (!KAIJI_GROW(r->sheets, r->sheet_count, r->sheet_cap)) {
            kaiji_xr_nomem(r);
            return;
        }
        s = &r->sheets[r->sheet_count];
        memset(s, 0, sizeof *s);
        s->name = kaiji_xr_attr_dup(r, nb_attrs, attrs, "name", NULL);
        s->rid = kaiji_xr_attr_dup(r, nb_attrs, attrs, "id", "relationships");
        v = kaiji_xr_attr_get(nb_attrs, attrs, "state", NULL, &len);
        s->hidden = kaiji_xr_attr_eq(v, len, "hidden") || kaiji_xr_attr_eq(v, len, "veryHidden");
        if (r->nomem)
            return;
        if (!s->name)
            s->name = kaiji_arena_printf(r->tmp, "Sheet%zu", r->sheet_count + 1);
        if (!s->name) {
            kaiji_xr_nomem(r);
            return;
        }
        r->sheet_count++;
    } else if (kaiji_xr_name_is(localname, "definedName")) {
        uint64_t local;
        r->defname_name = kaiji_xr_attr_dup(r, nb_attrs, attrs, "name", NULL);
        v = kaiji_xr_attr_get(nb_attrs, attrs, "localSheetId", NULL, &len);
        r->defname_local = (v && kaiji_xr_parse_ulong(v, len, 65535, &local)) ? (long)local : -1;
        r->in_defname = r->defname_name != NULL;
        r->collect = r->in_defname;
        kaiji_buf_reset(&r->text);
    }
}

static void wb_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    xr *r = ctx;
    defname *d;

    if (!r->in_defname || !kaiji_xr_name_is(localname, "definedName"))
        return;
    r->in_defname = false;
    r->collect = false;
    if (!KAIJI_GROW(r->names, r->name_count, r->name_cap)) {
        kaiji_xr_nomem(r);
        return;
    }
    d = &r->names[r->name_count];
    d->name = r->defname_name;
    d->local = r->defname_local;
    d->text = kaiji_arena_strndup(r->tmp, r->text.data, r->text.len);
    if (!d->text) {
        kaiji_xr_nomem(r);
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

    if (kaiji_xr_name_is(localname, "si")) {
        r->pool.len = r->sink_base; /* text met outside an <si> is dropped */
        r->rph_depth = 0;
    } else if (kaiji_xr_name_is(localname, "rPh")) {
        r->rph_depth++;
        r->collect = false;
    } else if (kaiji_xr_name_is(localname, "t")) {
        r->collect = r->rph_depth == 0;
    }
}

static void sst_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xr *r = ctx;

    if (kaiji_xr_name_is(localname, "t")) {
        r->collect = false;
    } else if (kaiji_xr_name_is(localname, "rPh")) {
        if (r->rph_depth > 0)
            r->rph_depth--;
    } else if (kaiji_xr_name_is(localname, "si")) {
        /* Its text was collected straight into the pool (r->sink), after
         * the strings kept before it (r->sink_base). */
        shared_string *s;
        size_t len = r->pool.len - r->sink_base;
        if (!KAIJI_GROW(r->sst, r->sst_count, r->sst_cap)) {
            kaiji_xr_nomem(r);
            return;
        }
        if (r->pool.data) {
            kaiji_xr_decode_xstring(r->pool.data + r->sink_base, &len);
            r->pool.len = r->sink_base + len;
            r->pool.data[r->pool.len] = '\0';
        }
        s = &r->sst[r->sst_count++];
        s->off = r->sink_base;
        s->len = len;
        s->kept = NULL;
        r->sink_base = r->pool.len;
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

    if (kaiji_xr_name_is(localname, "numFmts")) {
        r->in_numfmts = true;
    } else if (kaiji_xr_name_is(localname, "cellXfs")) {
        r->in_cellxfs = true;
    } else if (r->in_numfmts && kaiji_xr_name_is(localname, "numFmt")) {
        char *code;
        v = kaiji_xr_attr_get(nb_attrs, attrs, "numFmtId", NULL, &len);
        if (!v || !kaiji_xr_parse_ulong(v, len, 1000000, &id))
            return;
        code = (char *)kaiji_xr_attr_dup(r, nb_attrs, attrs, "formatCode", NULL);
        if (!code)
            return;
        if (!KAIJI_GROW(r->fmts, r->fmt_count, r->fmt_cap)) {
            kaiji_xr_nomem(r);
            return;
        }
        r->fmts[r->fmt_count].id = (long)id;
        r->fmts[r->fmt_count].order = r->fmt_count;
        r->fmts[r->fmt_count].date = kaiji_text_excel_format_is_date(code);
        r->fmt_count++;
    } else if (r->in_cellxfs && kaiji_xr_name_is(localname, "xf")) {
        v = kaiji_xr_attr_get(nb_attrs, attrs, "numFmtId", NULL, &len);
        if (!v || !kaiji_xr_parse_ulong(v, len, 1000000, &id))
            id = 0;
        if (!KAIJI_GROW(r->xf_fmt, r->xf_count, r->xf_cap)) {
            kaiji_xr_nomem(r);
            return;
        }
        r->xf_fmt[r->xf_count++] = (long)id;
    }
}

static void styles_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri)
{
    xr *r = ctx;

    if (kaiji_xr_name_is(localname, "numFmts"))
        r->in_numfmts = false;
    else if (kaiji_xr_name_is(localname, "cellXfs"))
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
            kaiji_xr_nomem(r);
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
        if (kaiji_xr_name_is(localname, prop_names[k]) && !r->wb->props[k]) {
            r->prop = k;
            r->collect = true;
            kaiji_buf_reset(&r->text);
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
            kaiji_xr_nomem(r);
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
    if (kaiji_xr_parse_part(r, part, core_start, core_end) != PP_OK)
        for (k = 0; k < KAIJI_PROP__COUNT; k++)
            r->wb->props[k] = NULL;
    r->optional = false;
}

/* ---- the workbook ------------------------------------------------------ */

/* Finds the workbook part: the officeDocument relationship of the package,
 * or xl/workbook.xml when the package has no relationships. */
static const char *find_workbook_part(xr *r)
{
    pp_result res = kaiji_xr_read_rels(r, "");
    const rel *x;

    if (res == PP_FAILED)
        return NULL;
    x = res == PP_OK ? kaiji_xr_rel_by_type(r, "/metadata/core-properties") : NULL;
    r->core_part = x ? x->target : NULL;
    x = res == PP_OK ? kaiji_xr_rel_by_type(r, "/officeDocument") : NULL;
    if (x && kaiji_zip_has(r->zip, x->target))
        return x->target;
    if (kaiji_zip_has(r->zip, "xl/workbook.xml"))
        return "xl/workbook.xml";
    kaiji_xr_fail(r, "unsupported-format", _("this ZIP file is not an Excel workbook"));
    return NULL;
}

static void read_workbook(xr *r)
{
    const char *wb_part, **parts;
    const rel *x;
    size_t i;

    wb_part = find_workbook_part(r);
    if (!wb_part)
        return;
    if (kaiji_xr_read_rels(r, wb_part) == PP_FAILED)
        return;
    if (kaiji_xr_parse_part(r, wb_part, wb_start, wb_end) != PP_OK)
        return;
    x = kaiji_xr_rel_by_type(r, "/sharedStrings");
    if (x) {
        pp_result res;
        r->sink = &r->pool;
        r->sink_base = r->pool.len;
        res = kaiji_xr_parse_part(r, x->target, sst_start, sst_end);
        r->sink = NULL;
        r->sink_base = 0;
        if (res == PP_FAILED)
            return;
    }
    x = kaiji_xr_rel_by_type(r, "/styles");
    if (x && kaiji_xr_parse_part(r, x->target, styles_start, styles_end) == PP_FAILED)
        return;
    if (!styles_finish(r)) {
        kaiji_xr_nomem(r);
        return;
    }
    /* The parts first: a sheet's drawings replace the rels read. */
    parts = kaiji_arena_alloc(r->tmp, (r->sheet_count ? r->sheet_count : 1) * sizeof *parts);
    if (!parts) {
        kaiji_xr_nomem(r);
        return;
    }
    for (i = 0; i < r->sheet_count; i++) {
        x = r->sheets[i].rid ? kaiji_xr_rel_by_id(r, r->sheets[i].rid) : NULL;
        if (!x) {
            kaiji_xr_fail(r, "file-corrupt",
                          _("the workbook lists sheet \"%s\" but does not say where it is"),
                          r->sheets[i].name);
            return;
        }
        /* not chart sheets, dialog sheets, macro sheets */
        parts[i] = kaiji_xr_ends_with(x->type, "/worksheet") ? x->target : NULL;
        /* Excel never lists one part twice; a file that does would have
         * it read again for each listing (at most KAIJI_MAX_SHEETS). */
        for (size_t j = 0; parts[i] && j < i; j++)
            if (parts[j] && strcmp(parts[j], parts[i]) == 0) {
                kaiji_xr_fail(r, "file-corrupt",
                              _("the workbook lists sheets \"%s\" and \"%s\" for the same part"),
                              r->sheets[j].name, r->sheets[i].name);
                return;
            }
    }
    for (i = 0; i < r->sheet_count; i++)
        if (parts[i] && !kaiji_xr_read_sheet(r, i, parts[i]))
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
    kaiji_c_numeric numeric;
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
    kaiji_c_numeric_begin(&numeric); /* "." in numbers, whatever the locale */
    st = kaiji_zip_open(&r.zip, data, size, limits, why);
    if (st == KAIJI_ZIP_NOMEM) {
        r.nomem = true;
        goto done;
    }
    if (st != KAIJI_ZIP_OK) {
        const char *code = kaiji_zip_status_code(st);
        kaiji_xr_fail(&r, code ? code : "file-corrupt", "%s", why);
        goto done;
    }
    r.wb = kaiji_workbook_new();
    r.tmp = kaiji_arena_new();
    if (!r.wb || !r.tmp) {
        r.nomem = true;
        goto done;
    }
    /* The parts are read by the tokenizer (parser/ooxml_tok.c); libxml2 is
     * loaded only for a part outside its subset or a damaged one
     * (parse_libxml2 in parser/xlsx_parts.c). */
    read_workbook(&r);

done:
    if (r.nomem)
        rc = KAIJI_ERROR_NOMEM;
    else if (r.no_libxml2)
        rc = KAIJI_ERROR_IO;
    else if (!r.failed) {
        *out = r.wb;
        r.wb = NULL;
    }
    kaiji_c_numeric_end(&numeric);
    kaiji_workbook_free(r.wb);
    kaiji_zip_free(r.zip);
    kaiji_arena_free(r.tmp);
    kaiji_xtok_free(r.tok);
    kaiji_buf_free(&r.text);
    kaiji_buf_free(&r.pool);
    kaiji_buf_free(&r.dv_formula);
    kaiji_buf_free(&r.dv_sqref);
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
