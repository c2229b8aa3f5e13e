/*
 * parser/recognize_internal.h - what the files of recognition share: the
 * state of one kaiji_recognize() call (rec), the scan of each sheet
 * (sheet_scan) and the item table found on it (table), and the functions
 * one file offers the others.  Library-internal: only parser/recognize.c,
 * merges.c, labels.c, itemid.c, ovals.c, titles.c, items.c and fields.c
 * include it; never installed.  What one file alone uses is static in it.
 *
 * Ownership: a rec and its scans live for one kaiji_recognize() call.  Cell
 * texts are borrowed from the workbook, which the caller keeps for the whole
 * call; what ends up in the document is copied into the document's arena;
 * r->scratch holds what is needed only during the call.
 */
#ifndef KAIJI_RECOGNIZE_INTERNAL_H
#define KAIJI_RECOGNIZE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/vocab.h"
#include "parser/grid.h"

#define MAX_COLS 64          /* column specs of one item table */
#define MAX_REMARKS 4
#define MAX_CHOICES 24
#define MAX_ID_BYTES 64
#define MAX_VERSION_CELLS 32
#define MAX_MARKS 32         /* ovals counted on one item */

/* Defined where they are used alone: parser/merges.c, parser/ovals.c,
 * parser/labels.c. */
typedef struct merge_entry merge_entry;
typedef struct oval oval;
typedef struct cache_entry cache_entry;

/* A column of the item table: its columns c1..c2 and the label heading them. */
typedef struct colspec {
    uint32_t c1, c2;
    kaiji_column_label lab;
    const char *target;  /* CHOICE under a target: the target's name */
    bool split;          /* a parent replaced by the labels below it */
} colspec;

/* The item table of a sheet: its header row (and a second one under it),
 * its first data row, its column specs, and the spec holding each role (an
 * index into cols, -1 for none). */
typedef struct table {
    bool found;
    uint32_t header_row, data_row, max_col;
    colspec cols[MAX_COLS];
    size_t ncols;
    int id, question, answer, target_date, section;
    int remarks[MAX_REMARKS];
    size_t nremarks;
    int conf[KAIJI_MAX_CONFIRMATIONS];
    size_t nconf;
    int targets[KAIJI_MAX_TARGETS];
    size_t ntargets;
    int choices[MAX_CHOICES];
    size_t nchoices;
} table;

/* What an item ID reads as (kaiji_rec_classify_id()). */
typedef enum id_class {
    ID_NONE = 0,
    ID_MDS2,    /* AUDT-1.2 */
    ID_CHECK,   /* 2(1), 2⑦, 2-(3) */
    ID_SUB,     /* (1), ⑦: needs its section number */
    ID_NUMBER,  /* 1, S1 */
    ID_DOTTED   /* 1-1, 1.2.3, A-1, S1-1, M-1-1, MDS-1-1 */
} id_class;

/* A row after the table header: an item (with an ID) or a heading. */
typedef struct cand {
    uint32_t row;
    const char *id;    /* normalised ID, or NULL for a text row */
    id_class cls;
    const char *text;  /* text row: its heading (a cell's text) */
    bool answered;
} cand;

/* A header-field label found on a sheet. */
typedef struct field_hit {
    uint32_t row, col;
    kaiji_field field;
    const char *inline_value; /* after "：" in the label's cell, or NULL */
} field_hit;

/* A cell (or the sheet's name) holding title phrases, a bit of mask per
 * phrase of the vocabulary. */
typedef struct title_hit {
    uint32_t row, col;  /* row 0: the sheet's name */
    uint64_t mask;
} title_hit;

/* A text that is a clue to kinds, a bit of kinds per kaiji_kind. */
typedef struct clue_hit {
    uint32_t row;
    unsigned kinds;
} clue_hit;

typedef struct cell_pos {
    uint32_t row, col;
} cell_pos;

/* What one oval on an item's row circles. */
typedef struct mark {
    uint32_t col;          /* the first column of the answer column it counts in */
    int choice;            /* a per-choice column (index of its spec), or -1 */
    kaiji_answer answer;
    const char *word;      /* the word circled, as written; NULL for a choice column */
    double x;              /* the oval's middle, to keep the sheet's order */
} mark;

/* The marks of the ovals over one item. */
typedef struct row_marks {
    mark m[MAX_MARKS];
    size_t n;
} row_marks;

/* The merges of a sheet: short ones by (row, col1), tall ones in a list;
 * linear when the index would be too big. */
typedef struct merge_index {
    merge_entry *entries;
    size_t count;
    const kaiji_range **tall;
    size_t tall_count;
    bool linear;
} merge_index;

/* What the scan of one sheet found (parser/recognize.c). */
typedef struct sheet_scan {
    const kaiji_sheet *sheet;
    merge_index mi;
    size_t *row_first;   /* see row_index_build(); NULL: no index */
    size_t *deferred;    /* cells after the table header: see scan_cells() */
    size_t ndeferred, deferred_cap;
    field_hit *fields;
    size_t nfields, fields_cap;
    title_hit *titles;
    size_t ntitles, titles_cap;
    clue_hit *clues;
    size_t nclues, clues_cap;
    cell_pos versions[MAX_VERSION_CELLS];
    size_t nversions;
    const char *mds2_edition;
    cell_pos mds2_edition_at;
    table tab;
    cand *cands;
    size_t ncands, cands_cap;
    oval *ovals;             /* see kaiji_rec_build_ovals() */
    size_t novals;
    size_t items, answered, mds2_ids;
    uint32_t last_row;       /* the last candidate row of the table */
    int title_rule, title_score;
    cell_pos title_at;
    uint32_t other_row;      /* the first row of the head naming a document that
                                is no disclosure (見積書) or heading a table of
                                line items (品名 | 数量 | 金額); 0 for none */
    uint64_t score;
} sheet_scan;

/* What a short text says, cached per distinct text. */
typedef struct classified {
    bool is_column;
    kaiji_column_label col;
    kaiji_field field;
    unsigned clues;
    const char *edition;
} classified;

/* The state of one kaiji_recognize() call. */
typedef struct rec {
    kaiji_document *doc;
    const kaiji_workbook *wb;
    const kaiji_vocab *v;
    kaiji_arena *scratch;
    sheet_scan *scans;
    size_t nscans;
    size_t label_max;
    uint32_t *cache;         /* open addressing, cache_mask + 1 slots, each
                                0 (free) or 1 + an index into entries */
    size_t cache_mask;
    cache_entry *entries;
    size_t entry_count, entry_cap;
    const char *last_text;   /* the text of the entry last looked up, by */
    size_t last_entry;       /* address: the same cell asked again */
    const kaiji_sheet *loc_sheet; /* the sheet of loc_prefix */
    const char *loc_prefix;  /* "Sheet!" or "'My Sheet'!", in scratch */
    size_t loc_prefix_len;
    const kaiji_cell *field_cells[KAIJI_FIELD__COUNT];
    bool field_set[KAIJI_FIELD__COUNT];
    /* The ASCII letters and digits a text must hold, each (in either
     * case), for its key to name an MDS2 edition
     * (kaiji_vocab_mds2_edition_chars()): edition_bits[c] is the bit of c,
     * edition_all all of them; edition_filter is false when the vocabulary
     * gives none. */
    bool edition_filter;
    uint8_t edition_bits[128];
    uint8_t edition_all;
} rec;

/* ---- parser/recognize.c: the cells of a sheet, the scan ------------------ */

/* true when there is no cell c or it holds only white space. */
bool kaiji_rec_cell_blank(const kaiji_cell *c);

/* A date from a cell: a date cell, a serial number or yyyymmdd number, or
 * text as people write dates, a month alone too (2024年11月: day 0). */
bool kaiji_rec_cell_date(const kaiji_workbook *wb, const kaiji_cell *c, kaiji_date *out);

/* "Sheet!C14", quoting the sheet name as Excel does when it holds spaces or
 * punctuation: 'My Sheet'!C14.  In the document's arena; NULL on no memory. */
const char *kaiji_rec_location(rec *r, const kaiji_sheet *sheet, uint32_t row,
                               uint32_t col);

/* The cell of the sheet at (row, col), or NULL: kaiji_sheet_cell() through
 * the row index. */
const kaiji_cell *kaiji_rec_cell_at(const sheet_scan *s, uint32_t row, uint32_t col);

/* The cell of sheet at (row, col), or the top-left cell of the merged range
 * holding it. */
const kaiji_cell *kaiji_rec_value_at(const sheet_scan *s, uint32_t row, uint32_t col);

/* The first non-blank value in columns c1..c2 of row. */
const kaiji_cell *kaiji_rec_span_value(const sheet_scan *s, uint32_t row,
                                       uint32_t c1, uint32_t c2);

/* The first non-blank value of row in the columns of column spec spec of
 * the table of s; NULL when there is none or spec is -1. */
const kaiji_cell *kaiji_rec_spec_value(const sheet_scan *s, int spec, uint32_t row);

/* true when row of s lies in its item table. */
bool kaiji_rec_in_table(const sheet_scan *s, uint32_t row);

/* The index of the column spec of t holding col, or -1. */
int kaiji_rec_spec_at(const table *t, uint32_t col);

/* ---- parser/merges.c: merged cells, indexed by row ----------------------- */

/* Builds the index of sheet's merges; KAIJI_ERROR_NOMEM on failure. */
int kaiji_rec_merge_index_build(merge_index *mi, const kaiji_sheet *sheet);

/* Frees what mi holds and leaves it zeroed. */
void kaiji_rec_merge_index_free(merge_index *mi);

/* The merged range holding (row, col), or NULL. */
const kaiji_range *kaiji_rec_merge_find(const merge_index *mi,
                                        const kaiji_sheet *sheet, uint32_t row,
                                        uint32_t col);

/* ---- parser/labels.c: what a short text says, through the cache ---------- */

/* The header field a label key names, trying the key as written and without
 * decorations, a trailing "(...)" and a leading enumerator.  key is changed. */
kaiji_field kaiji_rec_field_of(const kaiji_vocab *v, char *key);

/* Readies the text cache of r: no entries, CACHE_MIN_SLOTS free slots.
 * false when memory runs out (then the cache is off). */
bool kaiji_rec_cache_init(rec *r);

/* Readies r->edition_filter, edition_bits and edition_all from r->v. */
void kaiji_rec_edition_filter_init(rec *r);

/* Turns the text cache off, freeing it: when there is no memory for it
 * (texts are looked at uncached from then on), and when recognition ends. */
void kaiji_rec_cache_off(rec *r);

/* Classifies a short text (its key), through the cache. */
bool kaiji_rec_classify_text(rec *r, const char *text, classified *out);

/* As kaiji_rec_classify_text(), given text's key (kaiji_text_key(text))
 * when the caller has it already; NULL: made here when needed. */
bool kaiji_rec_classify_key(rec *r, const char *text, const char *text_key,
                            classified *out);

/* The MDS2 edition a short text names (kaiji_rec_classify_text()'s
 * edition) without the rest of its classification; false when the text is
 * not UTF-8 or memory runs out. */
bool kaiji_rec_text_edition(rec *r, const char *text, const char **out);

/* kaiji_text_parse_answer(text, NULL), through the cache. */
kaiji_answer kaiji_rec_text_answer(rec *r, const char *text);

/* kaiji_item_set_answer_text(r->doc, item, raw), through the cache: items
 * whose answers read alike share the strings it puts in the document's
 * arena.  KAIJI_OK or KAIJI_ERROR_NOMEM. */
int kaiji_rec_set_answer(rec *r, kaiji_item *item, const char *raw);

/* kaiji_item_add_target(r->doc, item, name, raw), through the cache as
 * kaiji_rec_set_answer(). */
int kaiji_rec_add_target(rec *r, kaiji_item *item, const char *name, const char *raw);

/* Whether kaiji_choice_split() finds several answer words in text, through
 * the cache. */
bool kaiji_rec_text_choices(rec *r, const char *text);

/* ---- parser/itemid.c: the item-ID grammar -------------------------------- */

/*
 * An item ID as the form numbers it, made comparable: compatibility forms
 * folded (２－（３） reads 2-(3)) but circled numbers kept (2⑦), white space
 * removed, dashes unified, a trailing "." dropped.  Writes into out (at least
 * 4 * MAX_ID_BYTES + 8 bytes); false when s is too long or not UTF-8.
 */
bool kaiji_rec_norm_id(const char *s, char *out, size_t out_size);

/* The number of ASCII digits at the start of p. */
size_t kaiji_rec_count_digits(const char *p);

/* The number of ASCII capital letters at the start of p (an MDS2 ID's
 * section: AUDT of AUDT-1.2). */
size_t kaiji_rec_count_upper(const char *p);

/*
 * The class of a normalised item ID.  A letter prefix is allowed: "A-1",
 * "M-1-1", "S1-1", "MDS-1-1" are dotted like "1-1", "S1" is a number like
 * "1"; but three or four letters, a dash and a number with at most two
 * ".N" after it ("AUTH-1", "DOC-7", "MPII-2.1") are MDS2 questions.
 */
id_class kaiji_rec_classify_id(const char *s);

/* true when the ID next extends id ("1" -> "1-1", "2" -> "2(1)"); paren
 * is set when it does so with a parenthesised or circled number. */
bool kaiji_rec_extends(const char *id, const char *next, bool *paren);

/* ---- parser/ovals.c: shapes circling an answer --------------------------- */

/*
 * Collects the sheet's circling shapes small enough to circle one word (at
 * most OVAL_MAX_COLS wide and OVAL_MAX_ROWS tall), at most MAX_OVALS of
 * them, ordered by the row their middle lies in.
 */
int kaiji_rec_build_ovals(sheet_scan *s);

/*
 * The marks the ovals of the item on row make: each oval circles the cell
 * of the row it overlaps most among those it may circle (a cell of a choice
 * column, or one holding an answer word or words printed for circling).  A
 * cell of printed words gives the word under the oval's middle; a word
 * outside the answer columns counts for the nearest one.
 */
int kaiji_rec_row_ovals(rec *r, const sheet_scan *s, uint32_t row, row_marks *out);

/* true when an oval's middle lies on row. */
bool kaiji_rec_row_has_oval(const sheet_scan *s, uint32_t row);

/*
 * The answer text of the cells c1..c2 of row: the word circled there, or
 * the words joined by " / " when different answers are circled; when none
 * is, "" if the cells hold words printed for circling (nothing chosen),
 * else the first value.  NULL when memory runs out.
 */
const char *kaiji_rec_span_answer(rec *r, const sheet_scan *s, const row_marks *marks,
                                  uint32_t row, uint32_t c1, uint32_t c2);

/* ---- parser/titles.c: titles and kinds ----------------------------------- */

/* The best title rule of a sheet (rule index into s->title_rule, -1 for
 * none): most phrases, then all in one cell, then listed first.  Only the
 * hits that count (title_counts()) are looked at. */
void kaiji_rec_best_title(rec *r, sheet_scan *s);

/* The kind of the document, from the title (disambiguated by clues) or,
 * without a title, from its item IDs. */
kaiji_kind kaiji_rec_decide_kind(rec *r, const sheet_scan *primary,
                                 const sheet_scan **title_sheet);

/* ---- parser/items.c: emitting the items ---------------------------------- */

/* Adds the items of the primary sheet to the document. */
int kaiji_rec_emit_items(rec *r, const sheet_scan *s);

/* ---- parser/fields.c: header fields, form version, date ------------------ */

/* Sets header field f of the document to text, found at loc (read from
 * cell, or NULL when it was not one cell's text), unless f is set already or
 * text is blank.  KAIJI_OK, or kaiji_document_set_field()'s error. */
int kaiji_rec_set_field(rec *r, kaiji_field f, const char *text, const char *loc,
                        const kaiji_cell *cell);

/* Sets the header fields not set yet whose labels s holds outside its item
 * table, each from the value by its label.  KAIJI_OK or KAIJI_ERROR_NOMEM. */
int kaiji_rec_fields_from_sheet(rec *r, const sheet_scan *s);

/* The form version: the form-version field, else the title, else a cell of
 * the head that names an edition; for an MDS/SDS then a line stating it
 * anywhere outside the item table, else the document properties. */
int kaiji_rec_find_version(rec *r, const sheet_scan *primary, const sheet_scan *ts);

/* The document date: the document-date field; for a checklist its latest
 * confirmation date. */
int kaiji_rec_find_date(rec *r);

#endif
