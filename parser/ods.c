/*
 * parser/ods.c - the OpenDocument spreadsheet reader (.ods, LibreOffice's
 * format; .ots templates too).
 *
 * The ZIP is read through parser/zipsafe (the caps of every workbook: entry
 * count, part sizes, total, ratio).  The package says what it is in its
 * `mimetype` entry, or in META-INF/manifest.xml when that entry is missing;
 * a part the manifest lists as encrypted is a password-protected file.
 * content.xml is streamed from the inflating ZIP into libxml2's
 * xmlTextReader (never a DOM: each node is freed once passed), under the
 * untrusted-XML rules of the gate (parser/readers.h): kaiji_xml_options(),
 * a DTD refused in the words of kaiji_gate_dtd_why(), tags of too many
 * attributes refused as they inflate, and a run of text or a tag longer
 * than ODS_MAX_RUN refused before libxml2 would take it whole.
 *
 * The grid is the one the XLSX reader gives (parser/grid.h), so recognition
 * and validation read it unchanged:
 *  - table:table is a sheet (table:name; hidden when its table style says
 *    table:display="false");
 *  - table:table-row and table:table-cell / table:covered-table-cell place
 *    cells, table:number-rows-repeated and table:number-columns-repeated
 *    repeat them: empty repeats only move the position (LibreOffice ends
 *    every sheet with 1,048,576 empty rows of 16,384 empty cells), past the
 *    grid's last row or column nothing is kept, and the copies of cells that
 *    hold something count against ODS_MAX_COPIES;
 *  - table:number-columns-spanned / -rows-spanned make merged ranges; a
 *    covered cell's hidden content is not read (Excel shows none);
 *  - office:value-type: string (the text:p paragraphs, joined with a line
 *    feed; text:s, text:tab, text:line-break, text:span and text:a read as
 *    shown; notes, shapes and ruby readings left out), float, percentage and
 *    currency (office:value), date (office:date-value: a DATE cell as a date
 *    format gives in XLSX), time (a fraction of a day), boolean, and
 *    LibreOffice's error cells (calcext:value-type="error").
 * Data-validation lists (table:content-validation, of:cell-content-is-in-
 * list with written items or a range of cells) go to the cells that name
 * them, as the XLSX reader gives its lists.
 * Shapes anchored to a cell (an oval circling はい) are placed, in cell
 * units as the XLSX reader places its drawings, from their end cell and
 * size and the widths and heights the column and row styles give.
 * Document properties come from meta.xml (dc:title, dc:subject,
 * meta:keyword, dc:description), passed over when missing or damaged.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/libxml.h"

#include "base/base.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "parser/zipsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define ODS_MAX_ROW 1048576u
#define ODS_MAX_COL 16384u
/* Cells and merged ranges made by repeating one that holds something: a
 * form has none or a few hundred; a file of a few bytes must not make
 * millions (100,000 copies take 5 MiB). */
#define ODS_MAX_COPIES 100000u
/* The most bytes kept of one cell's text, as the XLSX reader keeps: 32,767
 * characters of four bytes. */
#define ODS_MAX_TEXT (32767u * 4u)
/* The longest run of bytes without a '<' (one text, or one tag) content.xml
 * may hold: libxml2 takes at most 10,000,000 bytes of one text node and then
 * reports running out of memory; a cell holds at most ODS_MAX_TEXT. */
#define ODS_MAX_RUN (8u << 20)
/* The mimetype entry is a line of text. */
#define ODS_MAX_MIMETYPE 256
/* Shapes kept per sheet, columns and rows of their own size kept per sheet,
 * length styles kept, as the XLSX reader keeps. */
#define ODS_MAX_SHAPES 4096u
#define ODS_MAX_RUNS 100000u
#define ODS_MAX_LEN_STYLES 10000u
/* LibreOffice Calc's default column width (2.258 cm) and row height
 * (0.452 cm), in pixels at 96 per inch. */
#define ODS_DEFAULT_COL_PX (2.258 / 2.54 * 96.0)
#define ODS_DEFAULT_ROW_PX (0.452 / 2.54 * 96.0)
/* Data-validation lists kept, and the items of one: a form has a few lists
 * of a few items. */
#define ODS_MAX_LISTS 10000u
#define ODS_MAX_LIST_ITEMS 1000u
/* Cell visits while reading lists that refer to cells, as the XLSX reader
 * allows. */
#define ODS_RESOLVE_BUDGET 50000000u

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_CALCEXT "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"

#define MT_SPREADSHEET "application/vnd.oasis.opendocument.spreadsheet"
#define MT_ODF "application/vnd.oasis.opendocument."

/* One cell of the row being read, kept until the row's end says how many
 * times the row repeats. */
typedef struct ods_cell {
    uint32_t col;
    uint32_t rows, cols;  /* spanned: 1 when not merged */
    kaiji_cell_type type;
    const char *kept;     /* in the workbook's arena; NULL for a merge alone */
    double number;
    kaiji_date date;
} ods_cell;

/* A data-validation list of content.xml (table:content-validation): its
 * items written out, or the cells it takes them from. */
typedef struct ods_list {
    const char *name;
    const char **items;    /* literal items, in tmp */
    size_t item_count;
    const char *ref_sheet; /* or a range of cells: [$Lists.$A$1:.$A$3] */
    kaiji_range ref;
} ods_list;

/* The cells one list covers on one sheet. */
typedef struct ods_listed {
    size_t list, sheet;    /* in o->lists, in wb->sheets */
    size_t order;
    kaiji_range range;
} ods_listed;

/* A length style: a column's width or a row's height, in pixels. */
typedef struct ods_len_style {
    const char *name;
    double px;
} ods_len_style;

/* Rows or columns first..last shown px pixels wide or tall. */
typedef struct ods_run {
    uint32_t first, last;
    double px;
} ods_run;

/* A shape anchored to cells, until the sheet's end says how wide its
 * columns and how tall its rows are. */
typedef struct ods_shape {
    const char *kind;
    uint32_t row, col;         /* the cell it is anchored in */
    uint32_t end_row, end_col; /* table:end-cell-address */
    double end_x, end_y;       /* in the end cell, pixels */
    double w, h;               /* svg:width, svg:height, pixels */
} ods_shape;

/* The reader's whole state, one per call; nothing is global. */
typedef struct ods {
    kaiji_document *doc;
    kaiji_workbook *wb;
    kaiji_zip *zip;
    kaiji_arena *tmp;
    uint64_t max_cells;
    uint64_t max_shown_text, shown_text;
    uint64_t copies;
    bool failed, nomem;

    /* the part being read */
    const char *part;
    kaiji_zip_part *zpart;
    kaiji_xml_scan scan;
    int prolog, prolog_n;    /* where prolog_feed() stands; -1 once the root began */
    char prolog_prev[2];
    uint64_t run;
    int xml_error, xml_line;
    bool optional;

    /* META-INF/manifest.xml */
    const char *media_type;  /* of the package ("/"), in tmp */
    bool encrypted;
    bool in_entry_encrypted;

    /* content.xml */
    bool spreadsheet;        /* office:spreadsheet seen */
    const char **hidden;     /* table styles with table:display="false" */
    size_t hidden_count, hidden_cap;
    const char *style_name;  /* the table style being read */
    int table_depth;         /* depth of the open table:table, -1 when none */
    kaiji_sheet *sheet;
    uint32_t row;            /* of the open row (1-based), past the grid when > ODS_MAX_ROW */
    uint32_t rows_repeated;
    uint32_t col;            /* next cell's column */
    ods_cell *cells;         /* of the open row */
    size_t cell_count, cell_cap;
    int cell_depth;          /* depth of the open table:table-cell, -1 when none */
    int skip_depth;          /* depth of an element whose content is passed over, -1 */
    uint32_t cols_repeated, cols_spanned, rows_spanned;
    char value_type[16];
    char *value, *date_value, *time_value, *bool_value, *string_value; /* xmlFree */
    bool error_cell;
    size_t paragraphs;
    bool space_pending;      /* white space met in the text, to be written as one space */
    bool para_start;         /* nothing written yet in this paragraph */
    char *text;
    size_t text_len, text_cap;
    uint64_t collected;      /* bytes of cell text collected in all */

    /* column and row styles, and the open sheet's columns, rows, shapes */
    ods_len_style *col_styles, *row_styles;
    size_t col_style_count, col_style_cap, row_style_count, row_style_cap;
    bool col_styles_sorted, row_styles_sorted;
    const char *style_family;  /* of the style:style being read */
    ods_run *cols, *rows;
    size_t col_count, col_cap, row_count, row_cap;
    uint32_t next_col;         /* of the next table:table-column */
    double row_px;             /* of the open row, 0 when its style says none */
    ods_shape *shapes;
    size_t shape_count, shape_cap;
    long open_shape;           /* a custom shape whose geometry is awaited, or -1 */
    bool in_covered;           /* the open cell is covered: only its shapes are read */

    /* data-validation lists */
    ods_list *lists;
    size_t list_count, list_cap;
    ods_listed *listed;
    size_t listed_count, listed_cap;
    long cell_list;          /* the open cell's list in o->lists, or -1 */
    bool lists_sorted;       /* by name, once a cell named one */
    uint64_t resolve_budget; /* cell visits left for lists that refer to cells */

    /* meta.xml */
    int prop;                /* the property being read, or -1 */
    int prop_depth;
} ods;

/* ---- failures ---------------------------------------------------------- */

/* Marks the document unreadable (once) with code and the message fmt
 * makes. */
static void ods_fail(ods *o, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void ods_fail(ods *o, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (o->failed || o->nomem)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (kaiji_document_fail(o->doc, code, "%s", msg) != KAIJI_OK)
        o->nomem = true;
    o->failed = true;
}

static bool ods_stopped(const ods *o)
{
    return o->failed || o->nomem;
}

/* Fails the document as the ZIP layer's status st says; false when st is
 * KAIJI_ZIP_OK, or when the part is optional and merely damaged. */
static bool zip_failed(ods *o, kaiji_zip_status st, const char *why)
{
    if (st == KAIJI_ZIP_OK || (o->optional && st == KAIJI_ZIP_CORRUPT))
        return st != KAIJI_ZIP_OK;
    if (st == KAIJI_ZIP_NOMEM) {
        o->nomem = true;
    } else {
        const char *code = kaiji_zip_status_code(st);
        ods_fail(o, code ? code : "file-corrupt", "%s", why);
    }
    return true;
}

/* ---- small helpers ----------------------------------------------------- */

/* true when the node rd stands on is the element ns:name. */
static bool is(xmlTextReaderPtr rd, const char *ns, const char *name)
{
    const xmlChar *uri = xmlTextReaderConstNamespaceUri(rd);
    const xmlChar *ln = xmlTextReaderConstLocalName(rd);

    return uri && ln && strcmp((const char *)uri, ns) == 0 &&
           strcmp((const char *)ln, name) == 0;
}

/* The attribute ns:name of the element rd stands on (xmlFree it), or NULL. */
static char *attr(xmlTextReaderPtr rd, const char *ns, const char *name)
{
    return (char *)xmlTextReaderGetAttributeNs(rd, (const xmlChar *)name,
                                               (const xmlChar *)ns);
}

/* A count attribute (number-rows-repeated, ...): 1 when absent or
 * malformed, at most UINT32_MAX (the grid ends long before). */
static uint32_t count_attr(xmlTextReaderPtr rd, const char *ns, const char *name)
{
    char *v = attr(rd, ns, name);
    uint64_t n = 0;
    size_t i = 0;

    if (!v)
        return 1;
    while (v[i] == ' ')
        i++;
    if (v[i] < '0' || v[i] > '9') {
        xmlFree(v);
        return 1;
    }
    for (; v[i] >= '0' && v[i] <= '9'; i++)
        if ((n = n * 10 + (uint64_t)(v[i] - '0')) > UINT32_MAX)
            n = UINT32_MAX;
    xmlFree(v);
    return n == 0 ? 1 : (uint32_t)n;
}

/* a + n - 1, or past when that passes past (without overflow). */
static uint32_t last_of(uint32_t a, uint32_t n, uint32_t past)
{
    return (uint64_t)a + n - 1 >= past ? past : a + n - 1;
}

/* Appends n bytes of s to the text being collected: n copies of the byte
 * *s when fill, else the n bytes at s.  What passes ODS_MAX_TEXT is
 * dropped; text collected past max_shown_text in all fails the document
 * (text:s writes many spaces from a few bytes). */
static bool text_put(ods *o, const char *s, size_t n, bool fill)
{
    if (o->text_len >= ODS_MAX_TEXT)
        return true;
    if (n > ODS_MAX_TEXT - o->text_len) {
        n = ODS_MAX_TEXT - o->text_len;
        while (!fill && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* not inside a character */
            n--;
    }
    o->collected += n;
    if (o->collected > o->max_shown_text) {
        char size[32];
        kaiji_zip_format_size(size, o->max_shown_text);
        ods_fail(o, "file-too-large",
                 _("the cells of the spreadsheet show more than %s of text"), size);
        return false;
    }
    if (o->text_len + n + 1 > o->text_cap) {
        size_t cap = o->text_cap ? o->text_cap : 256;
        while (cap < o->text_len + n + 1)
            cap *= 2;
        char *p = realloc(o->text, cap);
        if (!p) {
            o->nomem = true;
            return false;
        }
        o->text = p;
        o->text_cap = cap;
    }
    if (fill)
        memset(o->text + o->text_len, *s, n);
    else
        memcpy(o->text + o->text_len, s, n);
    o->text_len += n;
    o->text[o->text_len] = '\0';
    return true;
}

static bool text_append(ods *o, const char *s, size_t n)
{
    return text_put(o, s, n, false);
}

/* Writes the white space met before what comes now, as one space. */
static void flush_space(ods *o)
{
    if (o->space_pending && !o->para_start)
        text_append(o, " ", 1);
    o->space_pending = false;
    o->para_start = false;
}

/* Text as ODF shows it: a run of white space is one space, none at the
 * start or the end of a paragraph (text:s and text:tab write theirs). */
static void text_shown(ods *o, const char *s)
{
    while (*s && !ods_stopped(o)) {
        size_t n = strcspn(s, " \t\r\n");
        if (n) {
            flush_space(o);
            text_append(o, s, n);
            s += n;
        }
        if (*s) {
            o->space_pending = true;
            s += strspn(s, " \t\r\n");
        }
    }
}

/* ---- the part reader --------------------------------------------------- */

/*
 * Reads the prolog of a part as it inflates, up to its root element: false
 * once it meets a <!DOCTYPE.  Comments and processing instructions are
 * passed over, however long; the DTD is told before libxml2 parses it.
 */
static bool prolog_feed(ods *o, const char *p, size_t n)
{
    static const char doctype[] = "DOCTYPE";
    enum { TEXT, LT, PI, BANG, COMMENT };

    for (size_t i = 0; i < n && o->prolog >= 0; i++) {
        char c = p[i];
        switch (o->prolog) {
        case TEXT:
            if (c == '<')
                o->prolog = LT;
            break;
        case LT:
            o->prolog = c == '?' ? PI : c == '!' ? BANG : -1;
            o->prolog_n = 0;
            break;
        case PI:
            if (c == '>' && o->prolog_prev[1] == '?')
                o->prolog = TEXT;
            break;
        case BANG:
            if (o->prolog_n == 0 && c == '-') {
                o->prolog_n = -1; /* a first '-' */
            } else if (o->prolog_n == -1) {
                o->prolog = c == '-' ? COMMENT : -1;
                o->prolog_prev[0] = o->prolog_prev[1] = 0;
                continue;
            } else if (c == doctype[o->prolog_n]) {
                if (++o->prolog_n == (int)sizeof doctype - 1)
                    return false;
            } else {
                o->prolog = -1; /* not well-formed: libxml2 says so */
            }
            break;
        case COMMENT:
            if (c == '>' && o->prolog_prev[0] == '-' && o->prolog_prev[1] == '-')
                o->prolog = TEXT;
            break;
        }
        o->prolog_prev[0] = o->prolog_prev[1];
        o->prolog_prev[1] = c;
    }
    return true;
}

/*
 * libxml2 pulls the part through this as it inflates, under the ZIP caps.
 * The attribute scan refuses a tag of too many attributes; the run count
 * refuses a text or a tag too long for libxml2 to take whole.
 */
static int io_read(void *ctx, char *buf, int len)
{
    ods *o = ctx;

    if (ods_stopped(o) || len <= 0)
        return ods_stopped(o) ? -1 : 0;
    long n = kaiji_zip_part_read(o->zpart, buf, (size_t)len);
    if (n <= 0)
        return n < 0 ? -1 : 0;
    if (!prolog_feed(o, buf, (size_t)n)) {
        char dtd[KAIJI_GATE_WHY];
        kaiji_gate_dtd_why(dtd, o->part);
        o->optional = false; /* unsafe is refused, optional or not */
        ods_fail(o, "file-unsafe", "%s", dtd);
        return -1;
    }
    if (!kaiji_xml_scan_feed(&o->scan, buf, (size_t)n)) {
        ods_fail(o, "file-unsafe",
                 _("an element of part %s has more than %u attributes; kaiji refuses it"),
                 o->part, KAIJI_XML_MAX_ATTRIBUTES);
        return -1;
    }
    for (long i = 0; i < n; i++) {
        if (buf[i] == '<') {
            o->run = 0;
        } else if (++o->run > ODS_MAX_RUN) {
            char size[32];
            kaiji_zip_format_size(size, ODS_MAX_RUN);
            ods_fail(o, "file-too-large",
                     _("part %s holds a text or a tag longer than %s; kaiji refuses it"),
                     o->part, size);
            return -1;
        }
    }
    return (int)n;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Keeps the first fatal error libxml2 reports (a text that is not
 * well-formed); nothing is printed.  Namespace errors are not fatal: a
 * prefix declared nowhere is read by its local name, as the XLSX reader
 * reads it. */
static void on_error(void *ctx, xmlErrorPtr error)
{
    ods *o = ctx;

    if (error && error->level == XML_ERR_FATAL && !o->xml_error) {
        o->xml_error = error->code ? error->code : -1;
        o->xml_line = error->line;
    }
}

typedef void (*ods_node_fn)(ods *o, xmlTextReaderPtr rd);

/* What parse_part() made of a part. */
typedef enum { PART_OK, PART_MISSING, PART_FAILED } part_result;

/*
 * Streams part through an xmlTextReader, handing each node to on_node.
 * PART_MISSING when there is no such part; PART_FAILED when the document
 * has been failed or memory ran out, or when an optional part (o->optional)
 * is damaged (then nothing is reported).
 */
static part_result parse_part(ods *o, const char *part, ods_node_fn on_node)
{
    char why[KAIJI_ZIP_WHY];
    xmlTextReaderPtr rd = NULL;
    part_result res = PART_FAILED;
    int ret = 0;

    if (!kaiji_zip_has(o->zip, part))
        return PART_MISSING;
    o->part = part;
    o->run = 0;
    o->xml_error = 0;
    o->xml_line = 0;
    memset(&o->scan, 0, sizeof o->scan);
    o->prolog = 0;
    o->prolog_prev[0] = o->prolog_prev[1] = 0;
    if (zip_failed(o, kaiji_zip_part_open(&o->zpart, o->zip, part, why), why))
        goto done;
    rd = xmlReaderForIO(io_read, io_close, o, NULL, NULL, kaiji_xml_options());
    if (!rd) {
        o->nomem = true;
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(rd, on_error, o);
    while (!ods_stopped(o) && (ret = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
            type == XML_READER_TYPE_ENTITY_REFERENCE) {
            char dtd[KAIJI_GATE_WHY];
            kaiji_gate_dtd_why(dtd, part);
            o->optional = false; /* unsafe is refused, optional or not */
            ods_fail(o, "file-unsafe", "%s", dtd);
            break;
        }
        on_node(o, rd);
    }
    if (ods_stopped(o))
        goto done;
    /* A failed read first: the parser only saw its input end. */
    if (zip_failed(o, kaiji_zip_part_status(o->zpart, why), why))
        goto done;
    if (ret != 0 || o->xml_error) {
        if (o->xml_error == XML_ERR_NO_MEMORY)
            o->nomem = true;
        else if (o->optional)
            ; /* passed over */
        else if (o->xml_error == XML_ERR_INVALID_CHAR || o->xml_error == XML_ERR_INVALID_ENCODING)
            ods_fail(o, "file-corrupt",
                     _("the workbook part %s holds text that is not valid UTF-8 (line %d)"),
                     part, o->xml_line);
        else
            ods_fail(o, "file-corrupt",
                     _("the workbook part %s is damaged: it is not well-formed XML (line %d)"),
                     part, o->xml_line);
        goto done;
    }
    res = PART_OK;

done:
    xmlFreeTextReader(rd);
    kaiji_zip_part_close(o->zpart);
    o->zpart = NULL;
    return res;
}

/* ---- what the package is ------------------------------------------------ */

/* The mimetype entry, into buf; false when missing or not a short line. */
static bool read_mimetype(ods *o, char buf[ODS_MAX_MIMETYPE])
{
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_part *p = NULL;
    size_t got = 0;
    long n;

    if (!kaiji_zip_has(o->zip, "mimetype"))
        return false;
    if (zip_failed(o, kaiji_zip_part_open(&p, o->zip, "mimetype", why), why))
        return false;
    while (got < ODS_MAX_MIMETYPE - 1 &&
           (n = kaiji_zip_part_read(p, buf + got, ODS_MAX_MIMETYPE - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    if (zip_failed(o, kaiji_zip_part_status(p, why), why)) {
        kaiji_zip_part_close(p);
        return false;
    }
    kaiji_zip_part_close(p);
    while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r' || buf[got - 1] == ' '))
        buf[--got] = '\0';
    return got > 0;
}

static void manifest_node(ods *o, xmlTextReaderPtr rd)
{
    int type = xmlTextReaderNodeType(rd);

    if (type == XML_READER_TYPE_END_ELEMENT) {
        if (is(rd, NS_MANIFEST, "file-entry"))
            o->in_entry_encrypted = false;
        return;
    }
    if (type != XML_READER_TYPE_ELEMENT)
        return;
    if (is(rd, NS_MANIFEST, "file-entry")) {
        char *path = attr(rd, NS_MANIFEST, "full-path");
        o->in_entry_encrypted = path && strcmp(path, "content.xml") == 0;
        if (path && strcmp(path, "/") == 0 && !o->media_type) {
            char *mt = attr(rd, NS_MANIFEST, "media-type");
            if (mt && !(o->media_type = kaiji_arena_strdup(o->tmp, mt)))
                o->nomem = true;
            xmlFree(mt);
        }
        xmlFree(path);
        if (xmlTextReaderIsEmptyElement(rd))
            o->in_entry_encrypted = false;
    } else if (o->in_entry_encrypted && is(rd, NS_MANIFEST, "encryption-data")) {
        o->encrypted = true;
    }
}

/* The name of an OpenDocument media type a clerk knows. */
static const char *odf_kind(const char *mt)
{
    static const struct { const char *suffix, *what; } kinds[] = {
        {"text", N_("a text document (.odt)")},
        {"presentation", N_("a presentation (.odp)")},
        {"graphics", N_("a drawing (.odg)")},
    };
    const char *s = mt + strlen(MT_ODF);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strncmp(s, kinds[i].suffix, strlen(kinds[i].suffix)) == 0)
            return _(kinds[i].what);
    return mt;
}

/* Decides from mimetype and the manifest whether the package is a
 * spreadsheet that can be read; false when doc has been failed. */
static bool check_package(ods *o)
{
    char mt[ODS_MAX_MIMETYPE];
    bool have = read_mimetype(o, mt);

    if (ods_stopped(o))
        return false;
    o->optional = true;
    parse_part(o, "META-INF/manifest.xml", manifest_node);
    o->optional = false;
    if (ods_stopped(o))
        return false;
    if (!have && o->media_type) {
        snprintf(mt, sizeof mt, "%s", o->media_type);
        have = true;
    }
    if (have && strncmp(mt, MT_SPREADSHEET, strlen(MT_SPREADSHEET)) != 0) {
        if (strncmp(mt, MT_ODF, strlen(MT_ODF)) == 0)
            ods_fail(o, "unsupported-format",
                     _("this OpenDocument file is %s, not a spreadsheet"), odf_kind(mt));
        else
            ods_fail(o, "unsupported-format",
                     _("this ZIP file is neither an Excel workbook nor an OpenDocument "
                       "spreadsheet (its mimetype is %s)"), mt);
        return false;
    }
    if (o->encrypted) {
        ods_fail(o, "file-encrypted",
                 _("the spreadsheet is protected with a password; ask the sender for a copy "
                   "without one"));
        return false;
    }
    if (!kaiji_zip_has(o->zip, "content.xml")) {
        ods_fail(o, "file-corrupt",
                 _("the OpenDocument spreadsheet has no content.xml part: it holds no sheets"));
        return false;
    }
    return true;
}

/* ---- content.xml: styles -------------------------------------------------- */

static bool style_hidden(const ods *o, const char *name)
{
    for (size_t i = 0; name && i < o->hidden_count; i++)
        if (strcmp(o->hidden[i], name) == 0)
            return true;
    return false;
}

/* Parses an ODF length ("2.258cm", "0.5in", "12pt") into pixels at 96 per
 * inch; false when malformed or not a length of this world. */
static bool parse_length(const char *v, double *px)
{
    static const struct { const char *unit; double px; } units[] = {
        {"cm", 96.0 / 2.54}, {"mm", 96.0 / 25.4}, {"in", 96.0}, {"pt", 96.0 / 72.0},
        {"pc", 96.0 / 6.0}, {"px", 1.0},
    };
    char *end;
    double x;

    if (!v)
        return false;
    x = strtod(v, &end);
    if (end == v || !(x > -1e6 && x < 1e6))
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0) {
            *px = x * units[i].px;
            return true;
        }
    return false;
}

/* Keeps style name's length px in *styles (past ODS_MAX_LEN_STYLES, no
 * more). */
static void keep_len_style(ods *o, ods_len_style **styles, size_t *count, size_t *cap,
                           const char *name, double px)
{
    if (*count >= ODS_MAX_LEN_STYLES || o->spreadsheet)
        return;
    if (!KAIJI_GROW(*styles, *count, *cap)) {
        o->nomem = true;
        return;
    }
    (*styles)[*count].name = name;
    (*styles)[*count].px = px;
    (*count)++;
}

static int cmp_len_style(const void *a, const void *b)
{
    return strcmp(((const ods_len_style *)a)->name, ((const ods_len_style *)b)->name);
}

/* The length of style name among styles, or 0; the styles are sorted by
 * name at the first look (*sorted), as they all come before the sheets. */
static double len_style(ods_len_style *styles, size_t count, bool *sorted, const char *name)
{
    size_t lo = 0, hi = count;

    if (!name || !count)
        return 0;
    if (!*sorted) {
        qsort(styles, count, sizeof *styles, cmp_len_style);
        *sorted = true;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(styles[mid].name, name);
        if (c == 0)
            return styles[mid].px;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* style:style of family table, table-column or table-row, and their
 * properties: hidden sheets, widths, heights. */
static void style_node(ods *o, xmlTextReaderPtr rd)
{
    if (is(rd, NS_STYLE, "style")) {
        char *family = attr(rd, NS_STYLE, "family");
        char *name = family ? attr(rd, NS_STYLE, "name") : NULL;
        o->style_name = NULL;
        o->style_family = NULL;
        if (name && !(o->style_name = kaiji_arena_strdup(o->tmp, name)))
            o->nomem = true;
        if (family && strcmp(family, "table") == 0)
            o->style_family = "table";
        else if (family && strcmp(family, "table-column") == 0)
            o->style_family = "table-column";
        else if (family && strcmp(family, "table-row") == 0)
            o->style_family = "table-row";
        xmlFree(family);
        xmlFree(name);
    } else if (o->style_name && o->style_family && is(rd, NS_STYLE, "table-column-properties") &&
               strcmp(o->style_family, "table-column") == 0) {
        char *w = attr(rd, NS_STYLE, "column-width");
        double px;
        if (parse_length(w, &px) && px > 0)
            keep_len_style(o, &o->col_styles, &o->col_style_count, &o->col_style_cap,
                           o->style_name, px);
        xmlFree(w);
    } else if (o->style_name && o->style_family && is(rd, NS_STYLE, "table-row-properties") &&
               strcmp(o->style_family, "table-row") == 0) {
        char *h = attr(rd, NS_STYLE, "row-height");
        double px;
        if (parse_length(h, &px) && px > 0)
            keep_len_style(o, &o->row_styles, &o->row_style_count, &o->row_style_cap,
                           o->style_name, px);
        xmlFree(h);
    } else if (o->style_family && strcmp(o->style_family, "table") != 0) {
        /* not a table style */
    } else if (o->style_name && is(rd, NS_STYLE, "table-properties")) {
        char *display = attr(rd, NS_TABLE, "display");
        if (display && strcmp(display, "false") == 0) {
            if (o->hidden_count >= 10000) {
                /* more than any workbook: further ones stay shown */
            } else if (!KAIJI_GROW(o->hidden, o->hidden_count, o->hidden_cap)) {
                o->nomem = true;
            } else {
                o->hidden[o->hidden_count++] = o->style_name;
            }
        }
        xmlFree(display);
        o->style_name = NULL;
    }
}

/* ---- content.xml: data-validation lists ------------------------------------- */

/* Parses "[$Lists.$A$1:.$A$3]" (a sheet name may be quoted: $'My list'.A1)
 * into l's reference; false when it is anything else. */
static bool parse_list_ref(ods *o, ods_list *l, const char *s, size_t len)
{
    char name[256], a[40], b[40];
    size_t n = 0, i = 0, k;

    if (len < 2 || s[0] != '[' || s[len - 1] != ']')
        return false;
    s++;
    len -= 2;
    if (i < len && s[i] == '$')
        i++;
    if (i < len && s[i] == '\'') {
        for (i++; i < len && n + 1 < sizeof name; i++) {
            if (s[i] == '\'' && i + 1 < len && s[i + 1] == '\'')
                i++;
            else if (s[i] == '\'')
                break;
            name[n++] = s[i];
        }
        if (i >= len || s[i] != '\'')
            return false;
        i++;
    } else {
        for (; i < len && s[i] != '.' && n + 1 < sizeof name; i++)
            name[n++] = s[i];
    }
    name[n] = '\0';
    if (i >= len || s[i] != '.' || n == 0)
        return false;
    i++;
    for (k = 0; i < len && s[i] != ':' && k + 1 < sizeof a; i++)
        if (s[i] != '$')
            a[k++] = s[i];
    a[k] = '\0';
    if (i < len && s[i] == ':') {
        i++;
        if (i < len && s[i] == '.')
            i++;
        for (k = 0; i < len && k + 1 < sizeof b; i++)
            if (s[i] != '$')
                b[k++] = s[i];
        b[k] = '\0';
    } else {
        snprintf(b, sizeof b, "%s", a);
    }
    if (i != len || !kaiji_cellref_parse(a, &l->ref.row1, &l->ref.col1) ||
        !kaiji_cellref_parse(b, &l->ref.row2, &l->ref.col2))
        return false;
    if (l->ref.row1 > l->ref.row2 || l->ref.col1 > l->ref.col2)
        return false;
    if (!(l->ref_sheet = kaiji_arena_strdup(o->tmp, name)))
        o->nomem = true;
    return l->ref_sheet != NULL;
}

/* Parses the items of "of:cell-content-is-in-list("はい";"いいえ")" into l:
 * quoted strings ("" is a quote) or bare numbers, separated by ';'. */
static void parse_list_items(ods *o, ods_list *l, const char *s, size_t len)
{
    const char *items[ODS_MAX_LIST_ITEMS];
    size_t count = 0, i = 0;
    char *buf = kaiji_arena_alloc(o->tmp, len + 1);

    if (!buf) {
        o->nomem = true;
        return;
    }
    while (i < len && count < ODS_MAX_LIST_ITEMS) {
        size_t n = 0;
        char *item = buf;
        while (i < len && s[i] == ' ')
            i++;
        if (i < len && s[i] == '"') {
            for (i++; i < len; i++) {
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
                    i++;
                else if (s[i] == '"')
                    break;
                buf[n++] = s[i];
            }
            i++;
        } else {
            for (; i < len && s[i] != ';'; i++)
                buf[n++] = s[i];
        }
        buf[n] = '\0';
        buf += n + 1;
        while (i < len && s[i] != ';')
            i++;
        i++;
        if (!kaiji_text_blank(item))
            items[count++] = item;
    }
    if (count == 0)
        return;
    l->items = kaiji_arena_alloc(o->tmp, count * sizeof *l->items);
    if (!l->items) {
        o->nomem = true;
        return;
    }
    memcpy(l->items, items, count * sizeof *items);
    l->item_count = count;
}

/* table:content-validation: a list is kept (past ODS_MAX_LISTS, no more). */
static void list_start(ods *o, xmlTextReaderPtr rd)
{
    static const char fn[] = "cell-content-is-in-list(";
    char *name, *cond;
    const char *p, *end;
    ods_list l;

    if (o->list_count >= ODS_MAX_LISTS || o->lists_sorted)
        return;
    memset(&l, 0, sizeof l);
    name = attr(rd, NS_TABLE, "name");
    cond = attr(rd, NS_TABLE, "condition");
    if (!name || !cond || !(p = strstr(cond, fn)) || !(end = strrchr(p, ')')))
        goto done;
    p += sizeof fn - 1;
    while (p < end && *p == ' ')
        p++;
    if (*p == '[')
        parse_list_ref(o, &l, p, (size_t)(end - p));
    else
        parse_list_items(o, &l, p, (size_t)(end - p));
    if (ods_stopped(o) || (!l.ref_sheet && !l.item_count))
        goto done;
    if (!(l.name = kaiji_arena_strdup(o->tmp, name)) ||
        !KAIJI_GROW(o->lists, o->list_count, o->list_cap)) {
        o->nomem = true;
        goto done;
    }
    o->lists[o->list_count++] = l;
done:
    xmlFree(name);
    xmlFree(cond);
}

static int cmp_list_name(const void *a, const void *b)
{
    return strcmp(((const ods_list *)a)->name, ((const ods_list *)b)->name);
}

/* The list named name, or -1; the lists are sorted by name at the first
 * look (they all come before the first sheet). */
static long list_named(ods *o, const char *name)
{
    size_t lo = 0, hi = o->list_count;

    if (!name)
        return -1;
    if (!o->lists_sorted) {
        qsort(o->lists, o->list_count, sizeof *o->lists, cmp_list_name);
        o->lists_sorted = true;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(o->lists[mid].name, name);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Notes that the list o->cell_list covers r on the open sheet: joined to
 * the range noted last when it continues it downwards. */
static void list_cover(ods *o, kaiji_range r)
{
    size_t sheet = o->wb->sheet_count - 1;

    if (o->listed_count) {
        ods_listed *last = &o->listed[o->listed_count - 1];
        if (last->list == (size_t)o->cell_list && last->sheet == sheet &&
            last->range.col1 == r.col1 && last->range.col2 == r.col2 &&
            last->range.row2 + 1 == r.row1) {
            last->range.row2 = r.row2;
            return;
        }
    }
    if (o->listed_count >= KAIJI_MAX_VALIDATION_RANGES)
        return; /* lists are hints: past this, not kept */
    if (!KAIJI_GROW(o->listed, o->listed_count, o->listed_cap)) {
        o->nomem = true;
        return;
    }
    o->listed[o->listed_count].list = (size_t)o->cell_list;
    o->listed[o->listed_count].sheet = sheet;
    o->listed[o->listed_count].order = o->listed_count;
    o->listed[o->listed_count].range = r;
    o->listed_count++;
}

static int cmp_listed(const void *a, const void *b)
{
    const ods_listed *x = a, *y = b;
    if (x->list != y->list)
        return x->list < y->list ? -1 : 1;
    if (x->sheet != y->sheet)
        return x->sheet < y->sheet ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The items of list l: its own, or the cells it refers to (read once every
 * sheet is); into items, how many. */
static size_t list_items(ods *o, const ods_list *l, const char **items)
{
    size_t count = 0;
    const kaiji_sheet *src = NULL;

    if (!l->ref_sheet) {
        memcpy(items, l->items, l->item_count * sizeof *items);
        return l->item_count;
    }
    for (size_t i = 0; i < o->wb->sheet_count && !src; i++)
        if (strcasecmp(o->wb->sheets[i]->name, l->ref_sheet) == 0)
            src = o->wb->sheets[i];
    for (size_t i = 0; src && i < src->cell_count && count < ODS_MAX_LIST_ITEMS; i++) {
        const kaiji_cell *c = &src->cells[i];
        if (o->resolve_budget == 0)
            return 0;
        o->resolve_budget--;
        if (c->row > l->ref.row2)
            break;
        if (c->row < l->ref.row1 || c->col < l->ref.col1 || c->col > l->ref.col2)
            continue;
        if (!kaiji_text_blank(c->text))
            items[count++] = c->text;
    }
    return count;
}

/* Gives each sheet the lists its cells name, once every sheet is read. */
static void lists_finish(ods *o)
{
    const char **items;
    kaiji_range *ranges;
    size_t i = 0;

    if (!o->listed_count)
        return;
    qsort(o->listed, o->listed_count, sizeof *o->listed, cmp_listed);
    items = kaiji_arena_alloc(o->tmp, ODS_MAX_LIST_ITEMS * sizeof *items);
    ranges = kaiji_arena_alloc(o->tmp, o->listed_count * sizeof *ranges);
    if (!items || !ranges) {
        o->nomem = true;
        return;
    }
    while (i < o->listed_count && !ods_stopped(o)) {
        size_t j = i, n = 0, count;
        while (j < o->listed_count && o->listed[j].list == o->listed[i].list &&
               o->listed[j].sheet == o->listed[i].sheet)
            ranges[n++] = o->listed[j++].range;
        count = list_items(o, &o->lists[o->listed[i].list], items);
        if (count && kaiji_sheet_add_validation(o->wb, o->wb->sheets[o->listed[i].sheet],
                                                ranges, n, items, count) != KAIJI_OK)
            o->nomem = true;
        i = j;
    }
}

/* ---- content.xml: rows and cells ----------------------------------------- */

/* false (the document failed) when the workbook already has max_cells. */
static bool room_for_a_cell(ods *o)
{
    if (o->wb->cell_count < o->max_cells)
        return true;
    ods_fail(o, "file-too-large", _("the workbook holds more than %llu cells"),
             (unsigned long long)o->max_cells);
    return false;
}

/* Counts one copy a repetition makes; false (the document failed) past
 * ODS_MAX_COPIES. */
static bool room_for_a_copy(ods *o)
{
    if (++o->copies <= ODS_MAX_COPIES)
        return true;
    ods_fail(o, "file-too-large",
             _("the spreadsheet repeats its cells more than %u times"), ODS_MAX_COPIES);
    return false;
}

static void free_cell_attrs(ods *o)
{
    xmlFree(o->value);
    xmlFree(o->date_value);
    xmlFree(o->time_value);
    xmlFree(o->bool_value);
    xmlFree(o->string_value);
    o->value = o->date_value = o->time_value = o->bool_value = o->string_value = NULL;
}

/* Parses "2024-03-31" with maybe "T12:30:00" after it into *d and the
 * fraction of the day into *frac. */
static bool parse_date_value(const char *s, kaiji_date *d, double *frac)
{
    int v[3] = {0, 0, 0};
    size_t i = 0;

    *frac = 0;
    for (int k = 0; k < 3; k++) {
        size_t start = i, width = k == 0 ? 4 : 2;
        for (; s[i] >= '0' && s[i] <= '9' && i - start < width; i++)
            v[k] = v[k] * 10 + (s[i] - '0');
        if (i - start != width || (k < 2 && s[i++] != '-'))
            return false;
    }
    d->year = v[0];
    d->month = v[1];
    d->day = v[2];
    if (s[i] == 'T') {
        unsigned h = 0, m = 0;
        double sec = 0;
        if (sscanf(s + i + 1, "%2u:%2u:%lf", &h, &m, &sec) >= 2 && h < 24 && m < 60 &&
            sec >= 0 && sec < 61)
            *frac = ((double)h * 3600 + (double)m * 60 + sec) / 86400.0;
    }
    return kaiji_date_valid(*d) && d->day != 0;
}

/* Parses an ISO 8601 duration of a time value ("PT08H30M00S") as a fraction
 * of a day. */
static bool parse_time_value(const char *s, double *out)
{
    double total = 0, x;
    char *end;

    if (*s++ != 'P')
        return false;
    if (*s != 'T')
        return false;
    s++;
    while (*s) {
        x = strtod(s, &end);
        if (end == s || x < 0 || x > 1e9)
            return false;
        if (*end == 'H')
            total += x * 3600;
        else if (*end == 'M')
            total += x * 60;
        else if (*end == 'S')
            total += x;
        else
            return false;
        s = end + 1;
    }
    *out = total / 86400.0;
    return true;
}

/* What the open cell holds, into *c (kept text in the workbook's arena);
 * false when it holds nothing. */
static bool cell_value(ods *o, ods_cell *c)
{
    const char *t = o->text ? o->text : "";
    size_t tlen = o->text_len;
    char buf[40];
    kaiji_date nodate = {0, 0, 0};
    double x;
    char *end;

    c->type = KAIJI_CELL_STRING;
    c->number = 0;
    c->date = nodate;
    if (o->error_cell) {
        c->type = KAIJI_CELL_ERROR;
    } else if (strcmp(o->value_type, "float") == 0 || strcmp(o->value_type, "percentage") == 0 ||
               strcmp(o->value_type, "currency") == 0) {
        if (o->value && (x = strtod(o->value, &end), end != o->value) && *end == '\0' &&
            x == x && x - x == 0) {
            size_t n;
            const char *s = kaiji_number_text(buf, o->value, strlen(o->value), x, &n);
            c->type = KAIJI_CELL_NUMBER;
            c->number = x;
            t = s;
            tlen = n;
        }
    } else if (strcmp(o->value_type, "date") == 0) {
        kaiji_date d;
        double frac;
        if (o->date_value && parse_date_value(o->date_value, &d, &frac)) {
            c->type = KAIJI_CELL_DATE;
            c->date = d;
            c->number = (double)(kaiji_days_from_civil(d.year, d.month, d.day) -
                                 kaiji_days_from_civil(1899, 12, 30)) + frac;
            t = kaiji_date_format(buf, d);
            tlen = strlen(t);
        }
    } else if (strcmp(o->value_type, "time") == 0) {
        if (o->time_value && parse_time_value(o->time_value, &x)) {
            size_t n;
            c->type = KAIJI_CELL_NUMBER;
            c->number = x;
            t = kaiji_number_text(buf, "", 0, x, &n);
            tlen = n;
        }
    } else if (strcmp(o->value_type, "boolean") == 0) {
        if (o->bool_value) {
            bool v = strcmp(o->bool_value, "true") == 0 || strcmp(o->bool_value, "1") == 0;
            c->type = KAIJI_CELL_BOOL;
            c->number = v;
            t = v ? "TRUE" : "FALSE";
            tlen = strlen(t);
        }
    } else if (tlen == 0 && o->string_value) {
        t = o->string_value;
        tlen = strlen(t);
        if (tlen > ODS_MAX_TEXT)
            tlen = ODS_MAX_TEXT; /* cut on a character below */
        while (tlen > 0 && tlen < strlen(t) && ((unsigned char)t[tlen] & 0xC0) == 0x80)
            tlen--;
    }
    if (tlen == 0)
        return false;
    if (!(c->kept = kaiji_arena_strndup(o->wb->arena, t, tlen))) {
        o->nomem = true;
        return false;
    }
    return true;
}

/* Keeps cell c at column col of the open row. */
static void row_push(ods *o, const ods_cell *c, uint32_t col)
{
    if (!KAIJI_GROW(o->cells, o->cell_count, o->cell_cap)) {
        o->nomem = true;
        return;
    }
    o->cells[o->cell_count] = *c;
    o->cells[o->cell_count].col = col;
    o->cell_count++;
}

/* The cell (or covered cell) just closed: its value and merge go into the
 * open row, once for each column it repeats over, and the position moves
 * on. */
static void cell_end(ods *o, bool covered)
{
    ods_cell c;
    uint32_t n = o->cols_repeated;

    memset(&c, 0, sizeof c);
    c.rows = o->rows_spanned;
    c.cols = o->cols_spanned;
    if (o->cell_list >= 0 && o->col <= ODS_MAX_COL && o->row <= ODS_MAX_ROW) {
        kaiji_range r = {o->row, o->col, last_of(o->row, o->rows_repeated, ODS_MAX_ROW),
                         last_of(o->col, n, ODS_MAX_COL)};
        list_cover(o, r);
    }
    if (!covered && o->col <= ODS_MAX_COL && o->row <= ODS_MAX_ROW) {
        bool has = cell_value(o, &c);
        if (!has)
            c.kept = NULL;
        if ((has || c.rows > 1 || c.cols > 1) && !ods_stopped(o)) {
            uint32_t last = last_of(o->col, n, ODS_MAX_COL);
            for (uint32_t col = o->col; col <= last && !ods_stopped(o); col++) {
                if (col > o->col && !room_for_a_copy(o))
                    break;
                row_push(o, &c, col);
            }
        }
    }
    o->col = (uint64_t)o->col + n > ODS_MAX_COL + 1 ? ODS_MAX_COL + 1 : o->col + n;
    free_cell_attrs(o);
    o->cell_depth = -1;
    o->in_covered = false;
    o->open_shape = -1;
}

static void cell_start(ods *o, xmlTextReaderPtr rd, bool covered)
{
    o->cols_repeated = count_attr(rd, NS_TABLE, "number-columns-repeated");
    o->cols_spanned = covered ? 1 : count_attr(rd, NS_TABLE, "number-columns-spanned");
    o->rows_spanned = covered ? 1 : count_attr(rd, NS_TABLE, "number-rows-spanned");
    o->text_len = 0;
    o->paragraphs = 0;
    o->space_pending = false;
    o->para_start = true;
    o->value_type[0] = '\0';
    o->error_cell = false;
    o->cell_list = -1;
    free_cell_attrs(o);
    if (o->list_count) {
        char *name = attr(rd, NS_TABLE, "content-validation-name");
        o->cell_list = list_named(o, name);
        xmlFree(name);
    }
    if (!covered) {
        char *vt = attr(rd, NS_OFFICE, "value-type");
        char *calc = attr(rd, NS_CALCEXT, "value-type");
        snprintf(o->value_type, sizeof o->value_type, "%s", vt ? vt : "");
        o->error_cell = calc && strcmp(calc, "error") == 0;
        xmlFree(vt);
        xmlFree(calc);
        o->value = attr(rd, NS_OFFICE, "value");
        o->date_value = attr(rd, NS_OFFICE, "date-value");
        o->time_value = attr(rd, NS_OFFICE, "time-value");
        o->bool_value = attr(rd, NS_OFFICE, "boolean-value");
        o->string_value = attr(rd, NS_OFFICE, "string-value");
    }
    if (xmlTextReaderIsEmptyElement(rd)) {
        cell_end(o, covered);
        return;
    }
    o->cell_depth = xmlTextReaderDepth(rd);
    /* A covered cell's content is hidden: only its shapes are read. */
    o->in_covered = covered;
    o->open_shape = -1;
}

/* The row just closed: its cells (and merges) go into the sheet once for
 * each row it repeats over, as far as the grid goes. */
static void row_end(ods *o)
{
    uint32_t n = o->rows_repeated;

    if (o->cell_count && o->row <= ODS_MAX_ROW) {
        uint32_t last = last_of(o->row, n, ODS_MAX_ROW);
        for (uint32_t row = o->row; row <= last && !ods_stopped(o); row++) {
            for (size_t i = 0; i < o->cell_count && !ods_stopped(o); i++) {
                const ods_cell *c = &o->cells[i];
                if (row > o->row && !room_for_a_copy(o))
                    break;
                if (c->rows > 1 || c->cols > 1) {
                    kaiji_range m = {row, c->col, last_of(row, c->rows, ODS_MAX_ROW),
                                     last_of(c->col, c->cols, ODS_MAX_COL)};
                    if (kaiji_sheet_add_merge(o->wb, o->sheet, m) != KAIJI_OK)
                        o->nomem = true;
                }
                if (!c->kept)
                    continue;
                o->shown_text += strlen(c->kept);
                if (o->shown_text > o->max_shown_text) {
                    char size[32];
                    kaiji_zip_format_size(size, o->max_shown_text);
                    ods_fail(o, "file-too-large",
                             _("the cells of the spreadsheet show more than %s of text"), size);
                    break;
                }
                if (room_for_a_cell(o) &&
                    kaiji_sheet_add_cell_kept(o->wb, o->sheet, row, c->col, c->type, c->kept,
                                              c->number, c->date) != KAIJI_OK)
                    o->nomem = true;
            }
        }
    }
    o->row = (uint64_t)o->row + n > ODS_MAX_ROW + 1 ? ODS_MAX_ROW + 1 : o->row + n;
    o->cell_count = 0;
}

static void table_start(ods *o, xmlTextReaderPtr rd)
{
    char *name, *style;
    size_t count = o->wb->sheet_count;

    if (count >= KAIJI_MAX_SHEETS) {
        ods_fail(o, "file-too-large", _("the workbook has more than %u sheets"),
                 KAIJI_MAX_SHEETS);
        return;
    }
    name = attr(rd, NS_TABLE, "name");
    style = attr(rd, NS_TABLE, "style-name");
    char fallback[32];
    snprintf(fallback, sizeof fallback, "Sheet%zu", count + 1);
    o->sheet = kaiji_workbook_add_sheet(o->wb, name && *name ? name : fallback,
                                        style_hidden(o, style));
    xmlFree(name);
    xmlFree(style);
    if (!o->sheet) {
        o->nomem = true;
        return;
    }
    o->row = 1;
    o->cell_count = 0;
    o->cell_depth = -1;
    o->col_count = o->row_count = o->shape_count = 0;
    o->next_col = 1;
    if (xmlTextReaderIsEmptyElement(rd)) {
        kaiji_sheet_finish(o->sheet);
        o->sheet = NULL;
    } else {
        o->table_depth = xmlTextReaderDepth(rd);
    }
}

/* ---- content.xml: columns, rows and the shapes drawn over a sheet ---------------- */

/* Keeps a run of columns or rows of their own size (past ODS_MAX_RUNS, no
 * more: they take the default). */
static void keep_run(ods *o, ods_run **runs, size_t *count, size_t *cap, uint32_t first,
                     uint32_t n, uint32_t past, double px)
{
    if (px <= 0 || first > past || *count >= ODS_MAX_RUNS)
        return;
    if (!KAIJI_GROW(*runs, *count, *cap)) {
        o->nomem = true;
        return;
    }
    (*runs)[*count] = (ods_run){first, last_of(first, n, past), px};
    (*count)++;
}

/* The size of column or row i among runs (in order), or dflt. */
static double run_px(const ods_run *runs, size_t count, uint32_t i, double dflt)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (runs[mid].last < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && runs[lo].first <= i ? runs[lo].px : dflt;
}

/* Where a shape begins, in cell units: from the point at offset px into
 * cell end, back by size pixels over cells as runs size them. */
static double back_from(const ods_run *runs, size_t count, double dflt, uint32_t end,
                        double offset, double size)
{
    uint32_t c = end;
    double cpx = run_px(runs, count, c, dflt);
    double left = offset - size; /* pixels from the left edge of cell c */

    for (int steps = 0; left < 0 && c > 1 && steps < 64; steps++) {
        c--;
        cpx = run_px(runs, count, c, dflt);
        left += cpx;
    }
    if (left < 0)
        left = 0;
    return (double)c + (cpx > 0 ? left / cpx : 0);
}

/* Parses a cell address of table:end-cell-address ("Sheet1.D12",
 * "'My sheet'.$D$12") into *row and *col. */
static bool parse_end_cell(const char *v, uint32_t *row, uint32_t *col)
{
    char ref[40];
    size_t n = 0;
    const char *dot;

    if (!v)
        return false;
    if (*v == '$')
        v++;
    if (*v == '\'') {
        for (v++; *v && !(*v == '\'' && v[1] != '\''); v++)
            if (*v == '\'')
                v++;
        if (*v == '\'')
            v++;
        dot = *v == '.' ? v : NULL;
    } else {
        dot = strrchr(v, '.');
    }
    if (!dot)
        return false;
    for (v = dot + 1; *v && n + 1 < sizeof ref; v++)
        if (*v != '$')
            ref[n++] = *v;
    ref[n] = '\0';
    return !*v && kaiji_cellref_parse(ref, row, col);
}

/* A shape element in a cell: kept when it says where it ends. */
static void shape_start(ods *o, xmlTextReaderPtr rd)
{
    const char *kind = NULL;
    char *end, *ex, *ey, *w, *h;
    ods_shape sh;

    o->open_shape = -1;
    if (is(rd, NS_DRAW, "ellipse") || is(rd, NS_DRAW, "circle"))
        kind = "ellipse";
    else if (is(rd, NS_DRAW, "rect")) {
        char *radius = attr(rd, NS_DRAW, "corner-radius");
        double r = 0;
        kind = parse_length(radius, &r) && r > 0 ? "roundRect" : "rect";
        xmlFree(radius);
    }
    else if (is(rd, NS_DRAW, "custom-shape"))
        kind = "";
    if (!kind || o->shape_count >= ODS_MAX_SHAPES)
        return;
    memset(&sh, 0, sizeof sh);
    end = attr(rd, NS_TABLE, "end-cell-address");
    ex = attr(rd, NS_TABLE, "end-x");
    ey = attr(rd, NS_TABLE, "end-y");
    w = attr(rd, NS_SVG, "width");
    h = attr(rd, NS_SVG, "height");
    if (parse_end_cell(end, &sh.end_row, &sh.end_col) && parse_length(ex, &sh.end_x) &&
        parse_length(ey, &sh.end_y) && parse_length(w, &sh.w) && parse_length(h, &sh.h) &&
        sh.w > 0 && sh.h > 0 && o->row <= ODS_MAX_ROW && o->col <= ODS_MAX_COL) {
        sh.kind = kind;
        sh.row = o->row;
        sh.col = o->col;
        if (!KAIJI_GROW(o->shapes, o->shape_count, o->shape_cap)) {
            o->nomem = true;
        } else {
            o->shapes[o->shape_count] = sh;
            if (!*kind)
                o->open_shape = (long)o->shape_count;
            o->shape_count++;
        }
    }
    xmlFree(end);
    xmlFree(ex);
    xmlFree(ey);
    xmlFree(w);
    xmlFree(h);
}

/* The geometry of the open custom shape (draw:enhanced-geometry), in the
 * names the XLSX reader gives. */
static void shape_geometry(ods *o, xmlTextReaderPtr rd)
{
    static const char *const names[][2] = {
        {"ellipse", "ellipse"}, {"round-rectangle", "roundRect"},
        {"flowchart-connector", "flowChartConnector"},
        {"flowchart-alternate-process", "flowChartAlternateProcess"},
        {"rectangle", "rect"},
    };
    char *type = attr(rd, NS_DRAW, "type");

    for (size_t i = 0; type && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(type, names[i][0]) == 0)
            o->shapes[o->open_shape].kind = names[i][1];
    xmlFree(type);
    o->open_shape = -1;
}

/* At the sheet's end: its shapes, placed by its columns' widths and rows'
 * heights, and the widths for recognition. */
static void sheet_shapes_finish(ods *o)
{
    kaiji_sheet *sh = o->sheet;
    size_t kept = 0;

    sh->default_col_px = ODS_DEFAULT_COL_PX;
    if (o->col_count) {
        sh->col_widths = kaiji_arena_alloc(o->wb->arena, o->col_count * sizeof *sh->col_widths);
        if (!sh->col_widths) {
            o->nomem = true;
            return;
        }
        for (size_t i = 0; i < o->col_count; i++)
            sh->col_widths[i] = (kaiji_col_width){o->cols[i].first, o->cols[i].last,
                                                   o->cols[i].px};
        sh->col_width_count = o->col_count;
    }
    for (size_t i = 0; i < o->shape_count; i++)
        kept += o->shapes[i].kind[0] != '\0';
    if (!kept)
        return;
    sh->shape_boxes = kaiji_arena_alloc(o->wb->arena, kept * sizeof *sh->shape_boxes);
    if (!sh->shape_boxes) {
        o->nomem = true;
        return;
    }
    for (size_t i = 0; i < o->shape_count && !ods_stopped(o); i++) {
        const ods_shape *p = &o->shapes[i];
        double cpx = run_px(o->cols, o->col_count, p->end_col, ODS_DEFAULT_COL_PX);
        double rpx = run_px(o->rows, o->row_count, p->end_row, ODS_DEFAULT_ROW_PX);
        kaiji_box b;
        kaiji_range a;

        if (!p->kind[0])
            continue;
        b.right = (double)p->end_col + p->end_x / cpx;
        b.bottom = (double)p->end_row + p->end_y / rpx;
        b.left = back_from(o->cols, o->col_count, ODS_DEFAULT_COL_PX, p->end_col, p->end_x,
                           p->w);
        b.top = back_from(o->rows, o->row_count, ODS_DEFAULT_ROW_PX, p->end_row, p->end_y,
                          p->h);
        if (!(b.left < b.right && b.top < b.bottom))
            continue;
        a.col1 = (uint32_t)floor(b.left);
        a.row1 = (uint32_t)floor(b.top);
        a.col2 = ceil(b.right) - 1 < a.col1 ? a.col1 : (uint32_t)(ceil(b.right) - 1);
        a.row2 = ceil(b.bottom) - 1 < a.row1 ? a.row1 : (uint32_t)(ceil(b.bottom) - 1);
        if (kaiji_sheet_add_shape(o->wb, sh, p->kind, a) != KAIJI_OK) {
            o->nomem = true;
            return;
        }
        sh->shape_boxes[sh->shape_count - 1] = b;
    }
}

/* A node inside an open cell: the text it shows. */
static void cell_node(ods *o, xmlTextReaderPtr rd, int type, int depth)
{
    if (o->in_covered) {
        /* hidden content: only the shapes anchored here are read */
        if (type == XML_READER_TYPE_ELEMENT) {
            const xmlChar *uri = xmlTextReaderConstNamespaceUri(rd);
            if (uri && strcmp((const char *)uri, NS_DRAW) == 0 && depth == o->cell_depth + 1)
                shape_start(o, rd);
            if (o->open_shape >= 0 && is(rd, NS_DRAW, "enhanced-geometry"))
                shape_geometry(o, rd);
        }
        return;
    }
    if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
        type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
        const xmlChar *v = xmlTextReaderConstValue(rd);
        if (v && o->paragraphs)
            text_shown(o, (const char *)v);
        return;
    }
    if (type != XML_READER_TYPE_ELEMENT)
        return;
    bool empty = xmlTextReaderIsEmptyElement(rd);
    if (is(rd, NS_TEXT, "p") || is(rd, NS_TEXT, "h")) {
        if (o->paragraphs++)
            text_append(o, "\n", 1);
        o->space_pending = false;
        o->para_start = true;
    } else if (is(rd, NS_TEXT, "s")) {
        uint32_t c = count_attr(rd, NS_TEXT, "c");
        flush_space(o);
        text_put(o, " ", c, true);
    } else if (is(rd, NS_TEXT, "tab")) {
        flush_space(o);
        text_append(o, "\t", 1);
    } else if (is(rd, NS_TEXT, "line-break")) {
        o->space_pending = false;
        text_append(o, "\n", 1);
        o->para_start = true;
    } else {
        const xmlChar *uri = xmlTextReaderConstNamespaceUri(rd);
        bool drawn = uri && strcmp((const char *)uri, NS_DRAW) == 0;
        if (drawn && depth == o->cell_depth + 1)
            shape_start(o, rd);
        /* Notes, shapes, frames and readings are not the cell's text. */
        if (!empty && (is(rd, NS_OFFICE, "annotation") || is(rd, NS_TEXT, "note") ||
                       is(rd, NS_TEXT, "ruby-text") || drawn))
            o->skip_depth = depth;
    }
}

static void content_node(ods *o, xmlTextReaderPtr rd)
{
    int type = xmlTextReaderNodeType(rd);
    int depth = xmlTextReaderDepth(rd);

    if (o->skip_depth >= 0) {
        if (type == XML_READER_TYPE_END_ELEMENT && depth == o->skip_depth)
            o->skip_depth = -1;
        else if (o->open_shape >= 0 && type == XML_READER_TYPE_ELEMENT &&
                 depth == o->skip_depth + 1 && is(rd, NS_DRAW, "enhanced-geometry"))
            shape_geometry(o, rd);
        return;
    }
    if (o->cell_depth >= 0) {
        if (type == XML_READER_TYPE_END_ELEMENT && depth == o->cell_depth)
            cell_end(o, o->in_covered);
        else
            cell_node(o, rd, type, depth);
        return;
    }
    if (type == XML_READER_TYPE_END_ELEMENT) {
        if (o->sheet && depth == o->table_depth) {
            sheet_shapes_finish(o);
            kaiji_sheet_finish(o->sheet);
            o->sheet = NULL;
            o->table_depth = -1;
        } else if (o->sheet && is(rd, NS_TABLE, "table-row")) {
            row_end(o);
        }
        return;
    }
    if (type != XML_READER_TYPE_ELEMENT)
        return;
    if (!o->sheet) {
        if (is(rd, NS_OFFICE, "spreadsheet"))
            o->spreadsheet = true;
        else if (o->spreadsheet && is(rd, NS_TABLE, "table"))
            table_start(o, rd);
        else if (o->spreadsheet && is(rd, NS_TABLE, "content-validation"))
            list_start(o, rd);
        else if (!o->spreadsheet)
            style_node(o, rd);
        return;
    }
    if (is(rd, NS_TABLE, "table-column")) {
        uint32_t n = count_attr(rd, NS_TABLE, "number-columns-repeated");
        char *style = attr(rd, NS_TABLE, "style-name");
        double px = len_style(o->col_styles, o->col_style_count, &o->col_styles_sorted, style);
        xmlFree(style);
        keep_run(o, &o->cols, &o->col_count, &o->col_cap, o->next_col, n, ODS_MAX_COL, px);
        o->next_col = last_of(o->next_col, n, ODS_MAX_COL) + 1;
    } else if (is(rd, NS_TABLE, "table-row")) {
        o->rows_repeated = count_attr(rd, NS_TABLE, "number-rows-repeated");
        char *style = attr(rd, NS_TABLE, "style-name");
        double px = len_style(o->row_styles, o->row_style_count, &o->row_styles_sorted, style);
        xmlFree(style);
        keep_run(o, &o->rows, &o->row_count, &o->row_cap, o->row, o->rows_repeated,
                 ODS_MAX_ROW, px);
        o->col = 1;
        o->cell_count = 0;
        if (xmlTextReaderIsEmptyElement(rd))
            row_end(o);
    } else if (is(rd, NS_TABLE, "table-cell")) {
        cell_start(o, rd, false);
    } else if (is(rd, NS_TABLE, "covered-table-cell")) {
        cell_start(o, rd, true);
    } else if (!xmlTextReaderIsEmptyElement(rd) &&
               (is(rd, NS_TABLE, "shapes") || is(rd, NS_OFFICE, "forms") ||
                is(rd, NS_TABLE, "table-source") || is(rd, NS_TABLE, "scenario"))) {
        o->skip_depth = depth;
    }
}

/* ---- meta.xml ------------------------------------------------------------ */

static void meta_node(ods *o, xmlTextReaderPtr rd)
{
    static const struct { const char *ns, *name; } props[KAIJI_PROP__COUNT] = {
        [KAIJI_PROP_TITLE] = {NS_DC, "title"},
        [KAIJI_PROP_SUBJECT] = {NS_DC, "subject"},
        [KAIJI_PROP_KEYWORDS] = {NS_META, "keyword"},
        [KAIJI_PROP_DESCRIPTION] = {NS_DC, "description"},
    };
    int type = xmlTextReaderNodeType(rd);
    int depth = xmlTextReaderDepth(rd);

    if (type == XML_READER_TYPE_ELEMENT && depth == 2 && o->prop < 0 &&
        !xmlTextReaderIsEmptyElement(rd)) {
        for (int k = 0; k < KAIJI_PROP__COUNT; k++)
            if (is(rd, props[k].ns, props[k].name) && !o->wb->props[k]) {
                o->prop = k;
                o->prop_depth = depth;
                o->text_len = 0;
            }
    } else if (o->prop >= 0 && (type == XML_READER_TYPE_TEXT ||
                                type == XML_READER_TYPE_CDATA ||
                                type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
        const xmlChar *v = xmlTextReaderConstValue(rd);
        if (v && o->text_len < KAIJI_PROP_MAX)
            text_append(o, (const char *)v, strlen((const char *)v));
    } else if (o->prop >= 0 && type == XML_READER_TYPE_END_ELEMENT && depth == o->prop_depth) {
        size_t len = o->text_len;
        if (len > KAIJI_PROP_MAX) {
            len = KAIJI_PROP_MAX;
            while (len > 0 && ((unsigned char)o->text[len] & 0xC0) == 0x80)
                len--;
        }
        if (len > 0 && !(o->wb->props[o->prop] = kaiji_arena_strndup(o->wb->arena, o->text, len)))
            o->nomem = true;
        o->prop = -1;
    }
}

/* ---- the workbook -------------------------------------------------------- */

static void read_spreadsheet(ods *o)
{
    if (!check_package(o))
        return;
    o->table_depth = -1;
    o->cell_depth = -1;
    o->skip_depth = -1;
    if (parse_part(o, "content.xml", content_node) != PART_OK)
        return;
    if (!o->spreadsheet) {
        ods_fail(o, "unsupported-format",
                 _("this OpenDocument file holds no spreadsheet"));
        return;
    }
    lists_finish(o);
    if (ods_stopped(o))
        return;
    o->prop = -1;
    o->optional = true;
    if (parse_part(o, "meta.xml", meta_node) == PART_FAILED && !ods_stopped(o))
        for (int k = 0; k < KAIJI_PROP__COUNT; k++)
            o->wb->props[k] = NULL;
    o->optional = false;
}

bool kaiji_ods_sniff(const unsigned char *data, size_t size, const kaiji_limits *limits)
{
    static const char lead[] = "mimetype" MT_ODF;
    static const char ct[] = "[Content_Types].xml";
    kaiji_zip *zip = NULL;
    char why[KAIJI_ZIP_WHY];
    bool odf = false;

    /* The package as OpenDocument writes it: the mimetype entry first,
     * stored, its name at byte 30 and its text right after. */
    if (size >= 30 + sizeof lead - 1 && data[0] == 'P' && data[1] == 'K' &&
        memcmp(data + 30, lead, sizeof lead - 1) == 0)
        return true;
    /* An OOXML package as Excel and the other writers make it: its first
     * entry [Content_Types].xml (name length 19 at byte 26).  Not opened a
     * second time for this (the XLSX reader opens it and says what is
     * wrong with it). */
    if (size >= 30 + sizeof ct - 1 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 &&
        data[3] == 4 && data[26] == sizeof ct - 1 && data[27] == 0 &&
        memcmp(data + 30, ct, sizeof ct - 1) == 0)
        return false;
    /* Else by the parts it holds. */
    if (kaiji_zip_open(&zip, data, size, limits, why) != KAIJI_ZIP_OK)
        return false;
    odf = !kaiji_zip_has(zip, "[Content_Types].xml") &&
          (kaiji_zip_has(zip, "mimetype") || kaiji_zip_has(zip, "META-INF/manifest.xml"));
    kaiji_zip_free(zip);
    return odf;
}

int kaiji_ods_workbook(kaiji_workbook **out, kaiji_document *doc,
                       const unsigned char *data, size_t size,
                       const kaiji_limits *limits)
{
    ods o;
    kaiji_limits lim;
    char why[KAIJI_ZIP_WHY];
    kaiji_zip_status st;
    kaiji_c_numeric numeric;
    int rc = KAIJI_OK;

    *out = NULL;
    memset(&o, 0, sizeof o);
    doc->format = KAIJI_FORMAT_ODS;
    kaiji_limits_init(&lim);
    o.doc = doc;
    o.prop = -1;
    o.table_depth = o.cell_depth = o.skip_depth = -1;
    o.cell_list = -1;
    o.open_shape = -1;
    o.resolve_budget = ODS_RESOLVE_BUDGET;
    o.max_cells = limits && limits->max_cells ? limits->max_cells : lim.max_cells;
    /* Repeated cells are the way a spreadsheet's text outgrows its XML: it
     * may show as much as one part may hold. */
    o.max_shown_text = limits && limits->max_part_size ? limits->max_part_size
                                                       : lim.max_part_size;
    if (!kaiji_gate_libxml(doc, &rc))
        return rc;
    xmlInitParser();
    kaiji_c_numeric_begin(&numeric); /* "." in numbers, whatever the locale */
    st = kaiji_zip_open(&o.zip, data, size, limits, why);
    if (st == KAIJI_ZIP_NOMEM) {
        o.nomem = true;
        goto done;
    }
    if (st != KAIJI_ZIP_OK) {
        const char *code = kaiji_zip_status_code(st);
        ods_fail(&o, code ? code : "file-corrupt", "%s", why);
        goto done;
    }
    o.wb = kaiji_workbook_new();
    o.tmp = kaiji_arena_new();
    if (!o.wb || !o.tmp) {
        o.nomem = true;
        goto done;
    }
    read_spreadsheet(&o);
    /* A sheet left open by a damaged file is sorted all the same. */
    for (size_t i = 0; o.wb && i < o.wb->sheet_count; i++)
        if (!o.wb->sheets[i]->sorted)
            kaiji_sheet_finish(o.wb->sheets[i]);

done:
    if (o.nomem)
        rc = KAIJI_ERROR_NOMEM;
    else if (!o.failed) {
        *out = o.wb;
        o.wb = NULL;
    }
    kaiji_c_numeric_end(&numeric);
    free_cell_attrs(&o);
    kaiji_workbook_free(o.wb);
    kaiji_zip_free(o.zip);
    kaiji_arena_free(o.tmp);
    free(o.hidden);
    free(o.col_styles);
    free(o.row_styles);
    free(o.cols);
    free(o.rows);
    free(o.shapes);
    free(o.lists);
    free(o.listed);
    free(o.cells);
    free(o.text);
    return rc;
}

int kaiji_read_ods(kaiji_document *doc, const unsigned char *data, size_t size,
                   const kaiji_limits *limits, const kaiji_vocab *vocab)
{
    kaiji_workbook *wb = NULL;
    int rc;

    doc->format = KAIJI_FORMAT_ODS;
    rc = kaiji_ods_workbook(&wb, doc, data, size, limits);
    if (rc == KAIJI_OK && wb)
        rc = kaiji_recognize(doc, wb, vocab);
    kaiji_workbook_free(wb);
    return rc;
}
