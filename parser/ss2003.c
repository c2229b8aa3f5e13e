/*
 * parser/ss2003.c - Excel "XML Spreadsheet 2003" (SpreadsheetML,
 * urn:schemas-microsoft-com:office:spreadsheet) into the workbook grid, read
 * with libxml2's streaming xmlTextReader:
 *
 *   Workbook / Styles / Style ss:ID / NumberFormat ss:Format
 *   Workbook / Worksheet ss:Name / Table / Row ss:Index /
 *       Cell ss:Index ss:MergeAcross ss:MergeDown ss:StyleID / Data ss:Type
 *   Worksheet / WorksheetOptions / Visible (SheetHidden, SheetVeryHidden)
 *   Worksheet / DataValidation / Range, Type, Value  (literal lists only)
 *
 * Element and attribute names are matched by local name, so documents that
 * drop or change the prefixes still read.  Rich text (<ss:Data> holding
 * <html:Font> runs) is the concatenation of its text; cell comments are
 * skipped.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/libxml.h"

#include "parser/grid.h"
#include "base/base.h"
#include "base/buf.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define MAX_ROW 1048576u
#define MAX_COL 16384u
#define MAX_LIST_ITEMS 256

typedef struct style {
    char *id;
    bool date;
} style;

typedef enum dv_part { DV_NONE = 0, DV_RANGE, DV_TYPE, DV_VALUE } dv_part;

typedef struct ss_ctx {
    kaiji_document *doc;
    kaiji_workbook *wb;
    uint64_t max_cells;
    kaiji_sheet *sheet;
    int sheet_depth;
    uint32_t row, col;
    /* the cell being read */
    bool in_cell;
    int cell_depth;
    uint32_t cell_row, cell_col, across, down;
    bool cell_date_style;
    bool has_data;
    char data_type[16];
    int data_depth;      /* depth of the Data element, 0 outside */
    int comment_depth;   /* depth of a Comment element, 0 outside */
    kaiji_buf text;
    /* styles */
    style *styles;
    size_t style_count, style_cap;
    char *style_id;      /* the Style element being read */
    /* WorksheetOptions / Visible, Date1904, DataValidation parts */
    int capture;         /* depth of an element whose text is captured */
    enum { CAP_NONE, CAP_VISIBLE, CAP_DV } capture_kind;
    dv_part dv_part;
    bool in_dv;
    kaiji_buf dv_range, dv_type, dv_value;
    /* the first XML error */
    int err_line;
    char err_msg[160];
    bool failed;         /* doc already failed */
} ss_ctx;

static const char *buf_str(const kaiji_buf *b)
{
    return b->data ? b->data : "";
}

/* Collects the first XML error, with its line. */
static void on_error(void *data, xmlErrorPtr err)
{
    ss_ctx *ctx = data;
    size_t n;

    if (!err || ctx->err_line || err->level < XML_ERR_ERROR)
        return;
    ctx->err_line = err->line > 0 ? err->line : 1;
    snprintf(ctx->err_msg, sizeof ctx->err_msg, "%s", err->message ? err->message : "");
    n = strlen(ctx->err_msg);
    while (n > 0 && (ctx->err_msg[n - 1] == '\n' || ctx->err_msg[n - 1] == ' '))
        ctx->err_msg[--n] = '\0';
}

/* The value of the attribute with this local name (any prefix), malloc'd by
 * libxml2 (free with xmlFree), or NULL. */
static xmlChar *attr(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = NULL;

    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return NULL;
    do {
        const char *n = (const char *)xmlTextReaderConstLocalName(r);

        if (n && strcmp(n, name) == 0) {
            v = xmlTextReaderValue(r);
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return v;
}

/* A positive integer attribute; *out untouched when absent.  false when
 * present but not a number in 1..max (0..max when zero_ok). */
static bool attr_uint(xmlTextReaderPtr r, const char *name, uint32_t max,
                      bool zero_ok, uint32_t *out, bool *present)
{
    xmlChar *v = attr(r, name);
    char *end;
    unsigned long n;

    *present = v != NULL;
    if (!v)
        return true;
    errno = 0;
    n = strtoul((const char *)v, &end, 10);
    if (errno || end == (char *)v || *end || n > max || (!zero_ok && n == 0)) {
        xmlFree(v);
        return false;
    }
    xmlFree(v);
    *out = (uint32_t)n;
    return true;
}

static int corrupt(ss_ctx *ctx, const char *what)
{
    ctx->failed = true;
    return kaiji_document_fail(ctx->doc, "file-corrupt",
                               _("the spreadsheet XML is damaged: %s"), what);
}

/* Parses "2024-03-31T00:00:00.000" (the time is optional). */
static bool parse_datetime(const char *s, kaiji_date *out)
{
    int y, m, d, n = 0;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    if (s[n] && s[n] != 'T' && s[n] != ' ')
        return false;
    out->year = y;
    out->month = m;
    out->day = d;
    return kaiji_date_valid(*out);
}

/* The shortest decimal text that reads back as x. */
static void number_text(double x, char out[40])
{
    snprintf(out, 40, "%.15g", x);
    if (strtod(out, NULL) != x)
        snprintf(out, 40, "%.17g", x);
    kaiji_c99_exponent(out);
}

/* Adds the cell just read to the sheet. */
static int finish_cell(ss_ctx *ctx)
{
    const char *text = buf_str(&ctx->text);
    kaiji_date date = { 0, 0, 0 };
    char num[40];
    int rc = KAIJI_OK;

    if (ctx->across || ctx->down) {
        kaiji_range m = { ctx->cell_row, ctx->cell_col,
                          ctx->cell_row + ctx->down, ctx->cell_col + ctx->across };

        if (m.row2 > MAX_ROW || m.col2 > MAX_COL)
            return corrupt(ctx, "a merged cell reaches past the last row or column");
        if ((rc = kaiji_sheet_add_merge(ctx->wb, ctx->sheet, m)) != KAIJI_OK)
            return rc;
    }
    if (!ctx->has_data)
        return KAIJI_OK;
    if (ctx->wb->cell_count >= ctx->max_cells) {
        ctx->failed = true;
        return kaiji_document_fail(ctx->doc, "file-too-large",
                                   _("the workbook has more than %llu cells"),
                                   (unsigned long long)ctx->max_cells);
    }
    if (strcmp(ctx->data_type, "Number") == 0) {
        char *end;
        double x = strtod(text, &end);

        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        if (end == text || *end || !isfinite(x))
            return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                        KAIJI_CELL_STRING, text, strlen(text), 0, date);
        if (ctx->cell_date_style && kaiji_text_excel_serial_date(x, ctx->wb->date1904, &date)) {
            char iso[11];

            kaiji_date_format(iso, date);
            return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                        KAIJI_CELL_DATE, iso, strlen(iso), x, date);
        }
        number_text(x, num);
        return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                    KAIJI_CELL_NUMBER, num, strlen(num), x, date);
    }
    if (strcmp(ctx->data_type, "DateTime") == 0) {
        char iso[11];
        double serial;

        if (!parse_datetime(text, &date))
            return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                        KAIJI_CELL_STRING, text, strlen(text), 0, date);
        kaiji_date_format(iso, date);
        serial = (double)(kaiji_days_from_civil(date.year, date.month, date.day) -
                          kaiji_days_from_civil(ctx->wb->date1904 ? 1904 : 1899,
                                          ctx->wb->date1904 ? 1 : 12,
                                          ctx->wb->date1904 ? 1 : 30));
        return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                    KAIJI_CELL_DATE, iso, strlen(iso), serial, date);
    }
    if (strcmp(ctx->data_type, "Boolean") == 0) {
        bool t = strtol(text, NULL, 10) != 0 || strcmp(text, "TRUE") == 0;

        return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                    KAIJI_CELL_BOOL, t ? "TRUE" : "FALSE",
                                    t ? 4 : 5, t ? 1 : 0, date);
    }
    if (strcmp(ctx->data_type, "Error") == 0)
        return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                    KAIJI_CELL_ERROR, text, strlen(text), 0, date);
    return kaiji_sheet_add_cell(ctx->wb, ctx->sheet, ctx->cell_row, ctx->cell_col,
                                KAIJI_CELL_STRING, text, strlen(text), 0, date);
}

static bool style_is_date(const ss_ctx *ctx, const char *id)
{
    size_t i;

    for (i = 0; id && i < ctx->style_count; i++)
        if (strcmp(ctx->styles[i].id, id) == 0)
            return ctx->styles[i].date;
    return false;
}

/* Parses one R1C1 reference ("R2C3", "C3", "R2") into *row and *col, 0 meaning
 * "all"; false when malformed or relative. */
static bool parse_r1c1(const char *s, size_t n, uint32_t *row, uint32_t *col)
{
    size_t i = 0;

    *row = *col = 0;
    if (i < n && (s[i] == 'R' || s[i] == 'r')) {
        unsigned long v = 0;

        i++;
        if (i >= n || s[i] < '0' || s[i] > '9')
            return false;
        while (i < n && s[i] >= '0' && s[i] <= '9' && v <= MAX_ROW)
            v = v * 10 + (unsigned long)(s[i++] - '0');
        if (v == 0 || v > MAX_ROW)
            return false;
        *row = (uint32_t)v;
    }
    if (i < n && (s[i] == 'C' || s[i] == 'c')) {
        unsigned long v = 0;

        i++;
        if (i >= n || s[i] < '0' || s[i] > '9')
            return false;
        while (i < n && s[i] >= '0' && s[i] <= '9' && v <= MAX_COL)
            v = v * 10 + (unsigned long)(s[i++] - '0');
        if (v == 0 || v > MAX_COL)
            return false;
        *col = (uint32_t)v;
    }
    return i == n && (*row || *col);
}

/* Adds a DataValidation list (Type List, literal Value) to the sheet. */
static int finish_validation(ss_ctx *ctx)
{
    const char *type = buf_str(&ctx->dv_type), *value = buf_str(&ctx->dv_value);
    const char *range = buf_str(&ctx->dv_range), *p;
    kaiji_range ranges[64];
    const char *items[MAX_LIST_ITEMS];
    size_t nranges = 0, nitems = 0, vlen = strlen(value);
    char *list = NULL, *q;
    int rc = KAIJI_OK;

    if (strcmp(type, "List") != 0 || vlen < 2 || value[0] != '"' || value[vlen - 1] != '"')
        return KAIJI_OK;
    for (p = range; *p && nranges < 64;) {
        size_t n = strcspn(p, ",");
        const char *colon = memchr(p, ':', n);
        uint32_t r1, c1, r2, c2;

        if (colon ? parse_r1c1(p, (size_t)(colon - p), &r1, &c1) &&
                        parse_r1c1(colon + 1, n - (size_t)(colon - p) - 1, &r2, &c2)
                  : parse_r1c1(p, n, &r1, &c1)) {
            if (!colon) {
                r2 = r1;
                c2 = c1;
            }
            ranges[nranges++] = (kaiji_range){ r1 ? r1 : 1, c1 ? c1 : 1,
                                               r2 ? r2 : MAX_ROW, c2 ? c2 : MAX_COL };
            if (ranges[nranges - 1].row2 < ranges[nranges - 1].row1 ||
                ranges[nranges - 1].col2 < ranges[nranges - 1].col1)
                nranges--;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    if (!nranges)
        return KAIJI_OK;
    list = malloc(vlen - 1);
    if (!list)
        return KAIJI_ERROR_NOMEM;
    memcpy(list, value + 1, vlen - 2);
    list[vlen - 2] = '\0';
    for (q = list; nitems < MAX_LIST_ITEMS;) {
        char *comma = strchr(q, ',');

        if (comma)
            *comma = '\0';
        items[nitems++] = q;
        if (!comma)
            break;
        q = comma + 1;
    }
    rc = kaiji_sheet_add_validation(ctx->wb, ctx->sheet, ranges, nranges, items, nitems);
    free(list);
    return rc;
}

static int on_start(ss_ctx *ctx, xmlTextReaderPtr r, const char *name, int depth,
                    bool empty)
{
    bool present;
    int rc = KAIJI_OK;

    if (ctx->comment_depth)
        return KAIJI_OK;
    if (strcmp(name, "Worksheet") == 0) {
        xmlChar *n;
        char fallback[32];

        if (ctx->wb->sheet_count >= KAIJI_MAX_SHEETS) {
            ctx->failed = true;
            return kaiji_document_fail(ctx->doc, "file-too-large",
                                       _("the workbook has more than %u sheets"),
                                       KAIJI_MAX_SHEETS);
        }
        n = attr(r, "Name");

        snprintf(fallback, sizeof fallback, "Sheet%zu", ctx->wb->sheet_count + 1);
        ctx->sheet = kaiji_workbook_add_sheet(ctx->wb, n ? (const char *)n : fallback, false);
        xmlFree(n);
        if (!ctx->sheet)
            return KAIJI_ERROR_NOMEM;
        ctx->sheet_depth = depth;
        ctx->row = 0;
        return KAIJI_OK;
    }
    if (strcmp(name, "Style") == 0) {
        xmlChar *id = attr(r, "ID");

        free(ctx->style_id);
        ctx->style_id = id ? strdup((const char *)id) : NULL;
        xmlFree(id);
        if (id && !ctx->style_id)
            return KAIJI_ERROR_NOMEM;
        return KAIJI_OK;
    }
    if (strcmp(name, "NumberFormat") == 0 && ctx->style_id) {
        xmlChar *f = attr(r, "Format");
        const char *fmt = f ? (const char *)f : "";
        bool date = strstr(fmt, "Date") != NULL || kaiji_text_excel_format_is_date(fmt);

        xmlFree(f);
        if (!KAIJI_GROW(ctx->styles, ctx->style_count, ctx->style_cap))
            return KAIJI_ERROR_NOMEM;
        ctx->styles[ctx->style_count].id = ctx->style_id;
        ctx->styles[ctx->style_count].date = date;
        ctx->style_count++;
        ctx->style_id = NULL;
        return KAIJI_OK;
    }
    if (strcmp(name, "Date1904") == 0) {
        ctx->wb->date1904 = true;
        return KAIJI_OK;
    }
    if (!ctx->sheet)
        return KAIJI_OK;
    if (strcmp(name, "Row") == 0) {
        uint32_t idx = ctx->row + 1;

        if (!attr_uint(r, "Index", MAX_ROW, false, &idx, &present))
            return corrupt(ctx, "a row has an impossible ss:Index");
        if (idx > MAX_ROW)
            return corrupt(ctx, "more rows than a worksheet can hold");
        ctx->row = idx;
        ctx->col = 1;
        return KAIJI_OK;
    }
    if (strcmp(name, "Cell") == 0) {
        uint32_t idx = ctx->col ? ctx->col : 1;
        xmlChar *st;

        if (!ctx->row)
            ctx->row = 1;
        if (!attr_uint(r, "Index", MAX_COL, false, &idx, &present))
            return corrupt(ctx, "a cell has an impossible ss:Index");
        if (idx > MAX_COL)
            return corrupt(ctx, "more columns than a worksheet can hold");
        ctx->cell_row = ctx->row;
        ctx->cell_col = idx;
        ctx->across = ctx->down = 0;
        if (!attr_uint(r, "MergeAcross", MAX_COL, true, &ctx->across, &present) ||
            !attr_uint(r, "MergeDown", MAX_ROW, true, &ctx->down, &present))
            return corrupt(ctx, "a merged cell has an impossible size");
        st = attr(r, "StyleID");
        ctx->cell_date_style = style_is_date(ctx, (const char *)st);
        xmlFree(st);
        ctx->has_data = false;
        ctx->data_type[0] = '\0';
        kaiji_buf_reset(&ctx->text);
        ctx->col = idx + ctx->across + 1;
        if (empty)
            return finish_cell(ctx);
        ctx->in_cell = true;
        ctx->cell_depth = depth;
        return KAIJI_OK;
    }
    if (strcmp(name, "Comment") == 0 && ctx->in_cell) {
        if (!empty)
            ctx->comment_depth = depth;
        return KAIJI_OK;
    }
    if (strcmp(name, "Data") == 0 && ctx->in_cell && !ctx->data_depth) {
        xmlChar *t = attr(r, "Type");

        snprintf(ctx->data_type, sizeof ctx->data_type, "%s", t ? (const char *)t : "String");
        xmlFree(t);
        ctx->has_data = true;
        if (!empty)
            ctx->data_depth = depth;
        return KAIJI_OK;
    }
    if (strcmp(name, "Visible") == 0 && !empty) {
        ctx->capture = depth;
        ctx->capture_kind = CAP_VISIBLE;
        kaiji_buf_reset(&ctx->dv_type);
        return KAIJI_OK;
    }
    if (strcmp(name, "DataValidation") == 0 && !empty) {
        ctx->in_dv = true;
        kaiji_buf_reset(&ctx->dv_range);
        kaiji_buf_reset(&ctx->dv_type);
        kaiji_buf_reset(&ctx->dv_value);
        return KAIJI_OK;
    }
    if (ctx->in_dv && !empty) {
        ctx->dv_part = strcmp(name, "Range") == 0 ? DV_RANGE
                     : strcmp(name, "Type") == 0 ? DV_TYPE
                     : strcmp(name, "Value") == 0 ? DV_VALUE : DV_NONE;
        if (ctx->dv_part != DV_NONE) {
            ctx->capture = depth;
            ctx->capture_kind = CAP_DV;
        }
    }
    return rc;
}

static int on_end(ss_ctx *ctx, const char *name, int depth)
{
    if (ctx->comment_depth) {
        if (depth == ctx->comment_depth)
            ctx->comment_depth = 0;
        return KAIJI_OK;
    }
    if (ctx->data_depth && depth == ctx->data_depth) {
        ctx->data_depth = 0;
        return KAIJI_OK;
    }
    if (ctx->in_cell && depth == ctx->cell_depth) {
        ctx->in_cell = false;
        return finish_cell(ctx);
    }
    if (ctx->capture && depth == ctx->capture) {
        if (ctx->capture_kind == CAP_VISIBLE && ctx->sheet &&
            (strcmp(buf_str(&ctx->dv_type), "SheetHidden") == 0 ||
             strcmp(buf_str(&ctx->dv_type), "SheetVeryHidden") == 0))
            ctx->sheet->hidden = true;
        if (ctx->capture_kind == CAP_VISIBLE)
            kaiji_buf_reset(&ctx->dv_type);
        ctx->capture = 0;
        ctx->capture_kind = CAP_NONE;
        ctx->dv_part = DV_NONE;
        return KAIJI_OK;
    }
    if (ctx->in_dv && strcmp(name, "DataValidation") == 0) {
        ctx->in_dv = false;
        return ctx->sheet ? finish_validation(ctx) : KAIJI_OK;
    }
    if (ctx->sheet && depth == ctx->sheet_depth && strcmp(name, "Worksheet") == 0) {
        kaiji_sheet_finish(ctx->sheet);
        ctx->sheet = NULL;
    }
    return KAIJI_OK;
}

static int on_text(ss_ctx *ctx, const char *text)
{
    kaiji_buf *b = NULL;

    if (!text || ctx->comment_depth)
        return KAIJI_OK;
    if (ctx->data_depth)
        b = &ctx->text;
    else if (ctx->capture_kind == CAP_VISIBLE)
        b = &ctx->dv_type;
    else if (ctx->capture_kind == CAP_DV)
        b = ctx->dv_part == DV_RANGE ? &ctx->dv_range
          : ctx->dv_part == DV_TYPE ? &ctx->dv_type : &ctx->dv_value;
    if (b && !kaiji_buf_append(b, text, strlen(text)))
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

/*
 * Reads the SpreadsheetML text xml (UTF-8, no DTD) into *out.  When the text
 * cannot be read, doc is failed (file-corrupt with the line, file-too-large)
 * and *out is NULL; that is still KAIJI_OK.  The caller frees *out with
 * kaiji_workbook_free().
 */
int kaiji_ss2003_workbook(kaiji_workbook **out, kaiji_document *doc,
                          const char *xml, size_t len,
                          const kaiji_limits *limits)
{
    ss_ctx ctx;
    xmlTextReaderPtr r = NULL;
    kaiji_limits defaults;
    int rc = KAIJI_OK, ret;
    size_t i;

    *out = NULL;
    memset(&ctx, 0, sizeof ctx);
    doc->format = KAIJI_FORMAT_SS2003;
    kaiji_limits_init(&defaults);
    ctx.doc = doc;
    ctx.max_cells = limits && limits->max_cells ? limits->max_cells : defaults.max_cells;
    if (!kaiji_gate_xml_text(doc, &xml, &len, &rc))
        goto done;
    ctx.wb = kaiji_workbook_new();
    if (!ctx.wb) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    r = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8", kaiji_xml_options());
    if (!r) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &ctx);
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);

        if (type == XML_READER_TYPE_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstLocalName(r);

            rc = on_start(&ctx, r, name ? name : "", depth,
                          xmlTextReaderIsEmptyElement(r) == 1);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstLocalName(r);

            rc = on_end(&ctx, name ? name : "", depth);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   type == XML_READER_TYPE_WHITESPACE) {
            if (ctx.data_depth || ctx.capture)
                rc = on_text(&ctx, (const char *)xmlTextReaderConstValue(r));
        } else if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = kaiji_gate_refuse_dtd(doc);
            ctx.failed = true;
        }
        if (rc != KAIJI_OK || ctx.failed)
            break;
    }
    if (rc == KAIJI_OK && !ctx.failed && ret != 0) {
        if (ctx.err_line)
            rc = kaiji_document_fail(doc, "file-corrupt",
                                     _("the XML file is damaged at line %d: %s"),
                                     ctx.err_line, ctx.err_msg);
        else
            rc = kaiji_document_fail(doc, "file-corrupt",
                                     _("the XML file is damaged and cannot be read"));
        ctx.failed = true;
    }
    if (rc != KAIJI_OK || ctx.failed)
        goto done;
    if (ctx.sheet)
        kaiji_sheet_finish(ctx.sheet);
    for (i = 0; i < ctx.wb->sheet_count; i++)
        kaiji_sheet_finish(ctx.wb->sheets[i]);
    *out = ctx.wb;
    ctx.wb = NULL;

done:
    if (r)
        xmlFreeTextReader(r);
    kaiji_workbook_free(ctx.wb);
    for (i = 0; i < ctx.style_count; i++)
        free(ctx.styles[i].id);
    free(ctx.styles);
    free(ctx.style_id);
    kaiji_buf_free(&ctx.text);
    kaiji_buf_free(&ctx.dv_range);
    kaiji_buf_free(&ctx.dv_type);
    kaiji_buf_free(&ctx.dv_value);
    return rc;
}

/* Reads a SpreadsheetML 2003 document: its grid, then recognition. */
int kaiji_read_ss2003(kaiji_document *doc, const char *xml, size_t len,
                      const kaiji_limits *limits, const kaiji_vocab *vocab)
{
    kaiji_workbook *wb = NULL;
    int rc;

    doc->format = KAIJI_FORMAT_SS2003;
    rc = kaiji_ss2003_workbook(&wb, doc, xml, len, limits);
    if (rc == KAIJI_OK && wb)
        rc = kaiji_recognize(doc, wb, vocab);
    kaiji_workbook_free(wb);
    return rc;
}
