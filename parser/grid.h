/*
 * parser/grid.h - a workbook as the spreadsheet readers leave it: for each
 * sheet, its non-empty cells (compact, sorted by row then column), merged
 * ranges, data-validation lists and drawn shapes.  Not a DOM: a cell is a few
 * words plus its text in the workbook's arena.  Not installed.
 *
 * The XLSX reader (parser/xlsx.c) and the SpreadsheetML 2003 reader
 * (parser/ss2003.c) fill a grid; recognition (parser/recognize.c) turns a grid
 * into a document.
 */
#ifndef KAIJI_GRID_H
#define KAIJI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kaiji/document.h"
#include "model/model.h"

typedef enum kaiji_cell_type {
    KAIJI_CELL_STRING = 0, /* text (shared, inline or formula string result) */
    KAIJI_CELL_NUMBER,     /* a number; text is its shortest decimal form */
    KAIJI_CELL_BOOL,       /* text is "TRUE" or "FALSE" */
    KAIJI_CELL_DATE,       /* a number in a date format; date is set and text
                              is "YYYY-MM-DD" */
    KAIJI_CELL_ERROR       /* "#N/A", "#REF!" ... */
} kaiji_cell_type;

typedef struct kaiji_cell {
    uint32_t row;       /* 1-based */
    uint32_t col;       /* 1-based: A is 1 */
    kaiji_cell_type type;
    const char *text;   /* UTF-8, never NULL, owned by the workbook */
    double number;      /* NUMBER, DATE (the serial), BOOL (0/1) */
    kaiji_date date;    /* DATE only */
} kaiji_cell;

typedef struct kaiji_range {
    uint32_t row1, col1, row2, col2; /* inclusive, row1 <= row2, col1 <= col2 */
} kaiji_range;

/* A data-validation list: the cells in ranges may only hold one of items. */
typedef struct kaiji_validation {
    kaiji_range *ranges;
    size_t range_count;
    const char **items;  /* "はい", "いいえ", "対象外" */
    size_t item_count;
} kaiji_validation;

/* A shape drawn over the sheet (an oval circling はい), anchored on cells. */
typedef struct kaiji_shape {
    const char *kind;    /* "ellipse", "rect", ... (the preset geometry) */
    kaiji_range anchor;  /* from-cell to to-cell */
} kaiji_shape;

/* Where a shape lies, in cell units, 1-based like the anchor: column C
 * spans x 3.0 to 4.0, so x 3.5 is its middle; rows likewise for y. */
typedef struct kaiji_box {
    double left, top, right, bottom;
} kaiji_box;

/* Columns min..max (1-based) shown px pixels wide. */
typedef struct kaiji_col_width {
    uint32_t min, max;
    double px;
} kaiji_col_width;

typedef struct kaiji_sheet {
    const char *name;
    bool hidden;          /* hidden or veryHidden */
    kaiji_cell *cells;
    size_t cell_count, cell_cap;
    bool sorted;
    uint32_t max_row, max_col;
    kaiji_range *merges;
    size_t merge_count, merge_cap;
    kaiji_validation *validations;
    size_t validation_count, validation_cap;
    kaiji_shape *shapes;
    size_t shape_count, shape_cap;
    /* NULL, or the box of each shape (shape_boxes[i] of shapes[i]), set by a
     * reader that knows them, in the workbook's arena. */
    kaiji_box *shape_boxes;
    /* Where a reader knows them (a sheet with shapes): the columns of their
     * own width, sorted, and the width of the others (0: unknown, take 64
     * pixels), in the workbook's arena. */
    kaiji_col_width *col_widths;
    size_t col_width_count;
    double default_col_px;
} kaiji_sheet;

/* The document properties of a workbook (File > Properties), as a reader
 * finds them (docProps/core.xml of an XLSX). */
typedef enum kaiji_doc_prop {
    KAIJI_PROP_TITLE = 0,   /* dc:title */
    KAIJI_PROP_SUBJECT,     /* dc:subject */
    KAIJI_PROP_KEYWORDS,    /* cp:keywords */
    KAIJI_PROP_DESCRIPTION, /* dc:description */
    KAIJI_PROP__COUNT
} kaiji_doc_prop;

/* The most bytes of one document property kept (cut on a character). */
#define KAIJI_PROP_MAX 4096u

typedef struct kaiji_workbook {
    kaiji_arena *arena;
    kaiji_sheet **sheets;
    size_t sheet_count, sheet_cap;
    bool date1904;
    uint64_t cell_count;   /* over all sheets, for the max_cells limit */
    size_t validation_ranges, validation_items; /* kept, over all sheets */
    /* Each property as written (UTF-8, in the arena), NULL when absent. */
    const char *props[KAIJI_PROP__COUNT];
} kaiji_workbook;

/* The most validation-list ranges and items one workbook keeps in all: a form
 * has a handful; past these, lists are not kept (they are hints for
 * recognition), so memory cannot grow several times faster than the XML. */
/* The most sheets a workbook may list: a disclosure has a few; a file that
 * lists more (a hostile one can list the same sheet part 10^5 times, each
 * read again) is refused as file-too-large. */
#define KAIJI_MAX_SHEETS 1000u
#define KAIJI_MAX_VALIDATION_RANGES 100000u
#define KAIJI_MAX_VALIDATION_ITEMS 100000u

/* A new empty workbook, or NULL (no memory).  Free with kaiji_workbook_free. */
kaiji_workbook *kaiji_workbook_new(void);
void kaiji_workbook_free(kaiji_workbook *wb); /* NULL-safe */

/* Appends a sheet (name copied) and returns it, or NULL (no memory). */
kaiji_sheet *kaiji_workbook_add_sheet(kaiji_workbook *wb, const char *name,
                                      bool hidden);

/*
 * Adds a cell; len bytes of text are copied (text need not be
 * NUL-terminated).  Cells may come in any order; a later cell at the same
 * position replaces the earlier one when the sheet is sorted.  Empty text in a
 * STRING cell is not stored.  Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_sheet_add_cell(kaiji_workbook *wb, kaiji_sheet *sheet, uint32_t row,
                         uint32_t col, kaiji_cell_type type, const char *text,
                         size_t len, double number, kaiji_date date);
/* As kaiji_sheet_add_cell, with text kept (NUL-terminated, in wb->arena or
 * otherwise living as long as wb) stored as it is: cells that show one shared
 * string share its text instead of each holding a copy. */
int kaiji_sheet_add_cell_kept(kaiji_workbook *wb, kaiji_sheet *sheet, uint32_t row,
                              uint32_t col, kaiji_cell_type type, const char *kept,
                              double number, kaiji_date date);
int kaiji_sheet_add_merge(kaiji_workbook *wb, kaiji_sheet *sheet, kaiji_range r);
/* ranges and items are copied.  A list that would take the workbook past
 * KAIJI_MAX_VALIDATION_RANGES or _ITEMS is not kept (KAIJI_OK all the same). */
int kaiji_sheet_add_validation(kaiji_workbook *wb, kaiji_sheet *sheet,
                               const kaiji_range *ranges, size_t range_count,
                               const char *const *items, size_t item_count);
int kaiji_sheet_add_shape(kaiji_workbook *wb, kaiji_sheet *sheet,
                          const char *kind, kaiji_range anchor);

/* Sorts the cells by (row, col), keeping the last of duplicates.  Readers
 * call it when a sheet is complete; lookups require it. */
void kaiji_sheet_finish(kaiji_sheet *sheet);

/* The cell at (row, col), or NULL when empty. */
const kaiji_cell *kaiji_sheet_cell(const kaiji_sheet *sheet, uint32_t row,
                                   uint32_t col);
/* As kaiji_sheet_cell, but a cell inside a merged range gives the range's
 * top-left cell. */
const kaiji_cell *kaiji_sheet_value(const kaiji_sheet *sheet, uint32_t row,
                                    uint32_t col);
/* The merged range holding (row, col), or NULL. */
const kaiji_range *kaiji_sheet_merge_at(const kaiji_sheet *sheet, uint32_t row,
                                        uint32_t col);
/* The validation list covering (row, col), or NULL. */
const kaiji_validation *kaiji_sheet_validation_at(const kaiji_sheet *sheet,
                                                  uint32_t row, uint32_t col);
/* The cells of one row: *out points into the sheet, returns how many. */
size_t kaiji_sheet_row(const kaiji_sheet *sheet, uint32_t row,
                       const kaiji_cell **out);

/* The text of a number cell holding x, written in the file as the len bytes
 * at v: v itself when it is already the shortest decimal that reads back as
 * x (no exponent, at most 15 significant digits), else that shortest form
 * written into buf.  *len_out is its length. */
const char *kaiji_number_text(char buf[40], const char *v, size_t len, double x,
                              size_t *len_out);

/* "C14" for (14, 3) into buf (at least 16 bytes).  Returns buf. */
char *kaiji_cellref(char buf[16], uint32_t row, uint32_t col);
/* Parses "C14" / "$C$14" into row and col; false when malformed. */
bool kaiji_cellref_parse(const char *ref, uint32_t *row, uint32_t *col);
/* The same of the len bytes at ref (an attribute's value, not
 * NUL-terminated). */
bool kaiji_cellref_parse_n(const char *ref, size_t len, uint32_t *row, uint32_t *col);

/* As kaiji_cellref_parse_n, the sheets' own form of a reference (one or
 * two capital letters, then a row of up to seven digits) read in line: the
 * XLSX reader reads one for every cell.  Any other goes to
 * kaiji_cellref_parse_n. */
static inline bool kaiji_cellref_parse_in_line(const char *ref, size_t len, uint32_t *row,
                                               uint32_t *col)
{
    const unsigned char *s = (const unsigned char *)ref;
    uint32_t c, r = 0;
    size_t i = 1, d;

    if (len < 2 || len > 9 || (unsigned)(s[0] - 'A') >= 26u)
        return kaiji_cellref_parse_n(ref, len, row, col);
    c = (uint32_t)(s[0] - 'A') + 1;
    if ((unsigned)(s[1] - 'A') < 26u) {
        c = c * 26 + (uint32_t)(s[1] - 'A') + 1;
        i = 2;
    }
    for (d = i; i < len && (unsigned)(s[i] - '0') < 10u; i++)
        r = r * 10 + (uint32_t)(s[i] - '0');
    if (i != len || i == d || i - d > 7 || r == 0 || r > 1048576)
        return kaiji_cellref_parse_n(ref, len, row, col);
    *row = r;
    *col = c;
    return true;
}
/* Parses "A1:C3" or "B2" into *out; false when malformed. */
bool kaiji_range_parse(const char *ref, kaiji_range *out);

/*
 * Turns a workbook into a document: finds the kind, form version, header
 * fields and the item table by their content (parser/recognize.c).  doc is
 * filled in place (format is left to the caller).  A workbook with no
 * recognisable disclosure leaves the kind unknown and no items; that is not a
 * failure.  vocab is the label vocabulary (catalog/vocab.h).  Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
typedef struct kaiji_vocab kaiji_vocab;
int kaiji_recognize(kaiji_document *doc, const kaiji_workbook *wb,
                    const kaiji_vocab *vocab);

#endif
