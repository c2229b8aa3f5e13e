/*
 * parser/recognize.c - turns a workbook grid into a document by what the
 * cells say, never by file name or fixed cell positions.
 *
 * For each sheet one pass over its cells classifies the short texts with the
 * vocabulary (catalog/vocab.h): title phrases, header-field labels, column
 * labels, kind clues.  The first row that reads like an item-table header
 * (ID and question labels, or either with answer labels) starts the table;
 * a second header row may split a merged 回答 / 確認日 into targets, choices
 * or rounds.  Every later row whose ID cell reads as an item ID is an item;
 * rows with a heading and no answer set the section.  The best sheet (visible,
 * titled, with the most answered items) is the form; header fields are found
 * by label anywhere outside its item rows, and on the other visible sheets.
 *
 * This file holds the scan of a sheet and the entry point, kaiji_recognize();
 * the rest is in the files parser/recognize_internal.h lists: the merge
 * index (merges.c), what a label says (labels.c), the item-ID grammar
 * (itemid.c), the shapes circling an answer (ovals.c), titles and kinds
 * (titles.c), the items (items.c), the header fields, form version and date
 * (fields.c).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "parser/recognize_internal.h"
#include "text/text.h"

#define INFER_SAMPLE 400     /* rows sampled to find an unlabelled column */
#define TITLE_ROWS 300       /* without a table, titles are looked for here */
#define MAX_HITS 4096        /* label hits kept per sheet */
#define MAX_OTHER_TITLE 64    /* a key longer than this is a sentence, not a title */

/* ---- the cells of a sheet ---------------------------------------------- */

bool kaiji_rec_cell_blank(const kaiji_cell *c)
{
    unsigned char b;

    if (!c)
        return true;
    /* Most texts tell by their first byte: no white space starts with it. */
    b = (unsigned char)c->text[0];
    if (b > ' ' && b != 0xC2 && (b != 0xE3 || (unsigned char)c->text[1] != 0x80))
        return false;
    return kaiji_text_blank(c->text);
}

bool kaiji_rec_cell_date(const kaiji_workbook *wb, const kaiji_cell *c, kaiji_date *out)
{
    if (!c)
        return false;
    switch (c->type) {
    case KAIJI_CELL_DATE:
        if (!kaiji_date_valid(c->date))
            return false;
        *out = c->date;
        return true;
    case KAIJI_CELL_NUMBER:
        if (c->number >= 19000101 && c->number <= 99991231) {
            long v = (long)c->number;
            kaiji_date d = { (int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100) };

            if (kaiji_date_valid(d)) {
                *out = d;
                return true;
            }
            return false;
        }
        if (c->number >= 10000 && c->number <= 2958465)
            return kaiji_text_excel_serial_date(c->number, wb->date1904, out);
        return false;
    case KAIJI_CELL_STRING:
        return kaiji_text_parse_date_or_month(c->text, out);
    default:
        return false;
    }
}

/* "Sheet!" or "'My Sheet'!" for sheet, into r->scratch; NULL on no memory. */
static const char *location_prefix(rec *r, const kaiji_sheet *sheet, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)sheet->name;
    bool quote = !*p || isdigit(*p);
    size_t i, len = strlen(sheet->name);
    char *q, *out;

    for (i = 0; i < len && !quote; i++) {
        if (p[i] < 0x80 && !isalnum(p[i]) && p[i] != '_' && p[i] != '.')
            quote = true;
        if (i + 2 < len && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80)
            quote = true;
    }
    out = kaiji_arena_alloc(r->scratch, quote ? 2 * len + 4 : len + 2);
    if (!out)
        return NULL;
    q = out;
    if (quote)
        *q++ = '\'';
    for (i = 0; i < len; i++) {
        if (quote && sheet->name[i] == '\'')
            *q++ = '\'';
        *q++ = sheet->name[i];
    }
    if (quote)
        *q++ = '\'';
    *q++ = '!';
    *q = '\0';
    *out_len = (size_t)(q - out);
    return out;
}

const char *kaiji_rec_location(rec *r, const kaiji_sheet *sheet, uint32_t row,
                               uint32_t col)
{
    char ref[16];
    size_t rlen;
    char *out;

    /* The prefix of the sheet last asked about is kept: items ask in turn. */
    if (sheet != r->loc_sheet || !r->loc_prefix) {
        r->loc_prefix = location_prefix(r, sheet, &r->loc_prefix_len);
        r->loc_sheet = sheet;
        if (!r->loc_prefix)
            return NULL;
    }
    kaiji_cellref(ref, row, col);
    rlen = strlen(ref);
    out = kaiji_arena_alloc(r->doc->arena, r->loc_prefix_len + rlen + 1);
    if (!out)
        return NULL;
    memcpy(out, r->loc_prefix, r->loc_prefix_len);
    memcpy(out + r->loc_prefix_len, ref, rlen + 1);
    return out;
}

/*
 * Indexes the rows of the sheet: cells[row_first[r]] is its first cell at
 * or after row r, for r in 0..max_row + 1, so a lookup searches one row.  A
 * sheet whose rows far outnumber its cells is not indexed (lookups then
 * search the whole sheet); nor is one when memory runs short.
 */
static void row_index_build(sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, r = 0, rows;

    if (sh->max_row > 4 * (uint64_t)sh->cell_count + 1024)
        return;
    rows = (size_t)sh->max_row + 2;
    s->row_first = malloc(rows * sizeof *s->row_first);
    if (!s->row_first)
        return;
    for (i = 0; i < sh->cell_count; i++)
        while (r <= sh->cells[i].row)
            s->row_first[r++] = i;
    while (r < rows)
        s->row_first[r++] = sh->cell_count;
}

const kaiji_cell *kaiji_rec_cell_at(const sheet_scan *s, uint32_t row, uint32_t col)
{
    const kaiji_sheet *sh = s->sheet;
    size_t lo, hi, end;

    if (!s->row_first)
        return kaiji_sheet_cell(sh, row, col);
    if (row > sh->max_row)
        return NULL;
    lo = s->row_first[row];
    hi = end = s->row_first[row + 1];
    if (hi - lo <= 8) { /* a row of a form: a few cells, looked at in turn */
        for (; lo < end && sh->cells[lo].col < col; lo++)
            ;
        return lo < end && sh->cells[lo].col == col ? &sh->cells[lo] : NULL;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sh->cells[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && sh->cells[lo].col == col ? &sh->cells[lo] : NULL;
}

const kaiji_cell *kaiji_rec_value_at(const sheet_scan *s, uint32_t row, uint32_t col)
{
    const kaiji_cell *c = kaiji_rec_cell_at(s, row, col);
    const kaiji_range *m;

    if (c || !s->sheet->merge_count)
        return c;
    m = kaiji_rec_merge_find(&s->mi, s->sheet, row, col);
    if (!m || (m->row1 == row && m->col1 == col))
        return NULL;
    return kaiji_rec_cell_at(s, m->row1, m->col1);
}

const kaiji_cell *kaiji_rec_span_value(const sheet_scan *s, uint32_t row,
                                       uint32_t c1, uint32_t c2)
{
    uint32_t c;

    for (c = c1; c <= c2 && c - c1 < 64; c++) {
        const kaiji_cell *v = kaiji_rec_value_at(s, row, c);

        if (!kaiji_rec_cell_blank(v))
            return v;
    }
    return NULL;
}

const kaiji_cell *kaiji_rec_spec_value(const sheet_scan *s, int spec, uint32_t row)
{
    if (spec < 0)
        return NULL;
    return kaiji_rec_span_value(s, row, s->tab.cols[spec].c1, s->tab.cols[spec].c2);
}

/* ---- scanning a sheet ------------------------------------------------- */

/* The position of the first "：" or ":" in text within max bytes, or NULL. */
static const char *find_colon(const char *text, size_t max)
{
    const char *a = strchr(text, ':');
    const char *b = strstr(text, "\xEF\xBC\x9A"); /* ： */

    if (a && (size_t)(a - text) > max)
        a = NULL;
    if (b && (size_t)(b - text) > max)
        b = NULL;
    if (a && b)
        return a < b ? a : b;
    return a ? a : b;
}

/* The roles a row's labels hold, to tell a table header. */
typedef struct row_tally {
    unsigned roles;
    size_t choices, targets;
    size_t lines;  /* column labels of a table of line items */
} row_tally;

static bool header_like(const row_tally *t)
{
    bool id = t->roles & (1u << KAIJI_COLUMN_ID);
    bool q = t->roles & (1u << KAIJI_COLUMN_QUESTION);
    bool ans = (t->roles & (1u << KAIJI_COLUMN_ANSWER)) || t->choices >= 2 ||
               t->targets >= 1;

    return (id && q) || (q && ans) || (id && ans);
}

static int add_field_hit(sheet_scan *s, uint32_t row, uint32_t col,
                         kaiji_field f, const char *inline_value)
{
    if (s->nfields >= MAX_HITS)
        return KAIJI_OK;
    if (!KAIJI_GROW(s->fields, s->nfields, s->fields_cap))
        return KAIJI_ERROR_NOMEM;
    s->fields[s->nfields++] = (field_hit){ row, col, f, inline_value };
    return KAIJI_OK;
}

/* Looks at one string cell during the sheet pass. */
static int scan_cell(rec *r, sheet_scan *s, const kaiji_cell *c, row_tally *tally,
                     bool head)
{
    size_t len = strlen(c->text);
    size_t limit = 3 * r->label_max + 24;
    classified cl = { .field = KAIJI_FIELD__COUNT };
    int rc = KAIJI_OK;
    char keybuf[256], *key = NULL;

    /* A cell of the head is looked at by its key below: made once. */
    if (head)
        key = kaiji_text_key_buf(c->text, keybuf, sizeof keybuf);
    if (len <= limit) {
        if (!kaiji_rec_classify_key(r, c->text, key, &cl))
            goto done;
        if (cl.is_column) {
            tally->roles |= 1u << cl.col.role;
            if (cl.col.role == KAIJI_COLUMN_CHOICE)
                tally->choices++;
            if (cl.col.role == KAIJI_COLUMN_TARGET)
                tally->targets++;
        }
        if (cl.field != KAIJI_FIELD__COUNT)
            rc = add_field_hit(s, c->row, c->col, cl.field, NULL);
        if (cl.clues && s->nclues < MAX_HITS) {
            if (!KAIJI_GROW(s->clues, s->nclues, s->clues_cap)) {
                rc = KAIJI_ERROR_NOMEM;
                goto done;
            }
            s->clues[s->nclues++] = (clue_hit){ c->row, cl.clues };
        }
        if (cl.edition && !s->mds2_edition) {
            s->mds2_edition = cl.edition;
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
        }
    }
    if (rc == KAIJI_OK && (len > limit || cl.field == KAIJI_FIELD__COUNT)) {
        const char *colon = find_colon(c->text, limit);

        if (colon) {
            char *label = kaiji_arena_strndup(r->scratch, c->text, (size_t)(colon - c->text));
            char *lkey = label ? kaiji_text_key(label) : NULL;
            kaiji_field f;

            if (!label) {
                rc = KAIJI_ERROR_NOMEM;
                goto done;
            }
            if (lkey && *lkey && (f = kaiji_rec_field_of(r->v, lkey)) != KAIJI_FIELD__COUNT)
                rc = add_field_hit(s, c->row, c->col, f,
                                   colon + (*colon == ':' ? 1 : 3));
            free(lkey);
        }
    }
    if (rc == KAIJI_OK && head && key) {
        uint64_t mask;
        kaiji_vocab_key kv;

        kaiji_vocab_key_of(&kv, key);
        if (kaiji_vocab_line_column(r->v, key))
            tally->lines++;
        if (!s->other_row && kv.len <= MAX_OTHER_TITLE &&
            kaiji_vocab_has_word_k(r->v, KAIJI_WORDS_OTHER_TITLE, &kv))
            s->other_row = c->row;
        mask = kaiji_vocab_title_phrases_k(r->v, &kv);
        if (mask && s->ntitles < MAX_HITS) {
            if (KAIJI_GROW(s->titles, s->ntitles, s->titles_cap))
                s->titles[s->ntitles++] = (title_hit){ c->row, c->col, mask };
            else
                rc = KAIJI_ERROR_NOMEM;
        }
        if ((strstr(key, "版") || strstr(key, "年度") || strstr(key, "令和") ||
             strstr(key, "ver")) && s->nversions < MAX_VERSION_CELLS)
            s->versions[s->nversions++] = (cell_pos){ c->row, c->col };
        if (!s->mds2_edition && (s->mds2_edition = kaiji_vocab_mds2_edition_k(r->v, &kv)))
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
    }
done:
    if (key != keybuf)
        free(key);
    return rc;
}

/* One pass over the sheet's cells: label hits, title hits, the header row. */
static int scan_cells(rec *r, sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    row_tally tally = { 0 };
    uint32_t row = 0;
    size_t i, strings = 0;
    int rc;
    char *key;
    bool defer;

    /* The cells after the table header wait until the table's extent is
     * known (scan_deferred()), so that the labels and clues of its rows,
     * which count for nothing, are not looked up.  Only when the hits of
     * the sheet cannot reach MAX_HITS: then none is dropped either way. */
    for (i = 0; i < sh->cell_count; i++)
        strings += sh->cells[i].type == KAIJI_CELL_STRING;
    defer = strings + 2 < MAX_HITS;

    key = kaiji_text_key(sh->name);
    if (key) {
        uint64_t mask = kaiji_vocab_title_phrases(r->v, key);
        unsigned clues = kaiji_vocab_clues(r->v, key);

        if (mask && KAIJI_GROW(s->titles, s->ntitles, s->titles_cap))
            s->titles[s->ntitles++] = (title_hit){ 0, 0, mask };
        if (clues && KAIJI_GROW(s->clues, s->nclues, s->clues_cap))
            s->clues[s->nclues++] = (clue_hit){ 0, clues };
        free(key);
    }
    for (i = 0; i <= sh->cell_count; i++) {
        const kaiji_cell *c = i < sh->cell_count ? &sh->cells[i] : NULL;

        if (!c || c->row != row) {
            if (!s->tab.found && row && header_like(&tally)) {
                s->tab.found = true;
                s->tab.header_row = row;
            }
            if (!s->other_row && row && tally.lines >= 2)
                s->other_row = row;
            memset(&tally, 0, sizeof tally);
            if (!c)
                break;
            row = c->row;
        }
        if (c->type != KAIJI_CELL_STRING)
            continue;
        if (s->tab.found && defer) {
            if (!KAIJI_GROW(s->deferred, s->ndeferred, s->deferred_cap))
                return KAIJI_ERROR_NOMEM;
            s->deferred[s->ndeferred++] = i;
            continue;
        }
        if ((rc = scan_cell(r, s, c, &tally, !s->tab.found && c->row <= TITLE_ROWS)) !=
            KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

bool kaiji_rec_in_table(const sheet_scan *s, uint32_t row)
{
    return s->tab.found && s->ncands && row >= s->tab.header_row && row <= s->last_row;
}

/*
 * Looks at the cells scan_cells() put off, in their order, once the item
 * table is known: those inside it can only name the MDS2 edition (their
 * labels and clues are not used), those after it are scanned in full.
 */
static int scan_deferred(rec *r, sheet_scan *s)
{
    size_t limit = 3 * r->label_max + 24, k;
    row_tally tally = { 0 };
    int rc;

    for (k = 0; k < s->ndeferred; k++) {
        const kaiji_cell *c = &s->sheet->cells[s->deferred[k]];
        const char *edition;

        if (!kaiji_rec_in_table(s, c->row)) {
            if ((rc = scan_cell(r, s, c, &tally, false)) != KAIJI_OK)
                return rc;
            continue;
        }
        if (s->mds2_edition || strnlen(c->text, limit + 1) > limit)
            continue;
        if (kaiji_rec_text_edition(r, c->text, &edition) && edition) {
            s->mds2_edition = edition;
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
        }
    }
    return KAIJI_OK;
}

/* The label of a header cell, if it is one. */
static bool header_label(rec *r, const kaiji_cell *c, kaiji_column_label *out)
{
    classified cl;

    if (!c || c->type != KAIJI_CELL_STRING || strlen(c->text) > 3 * r->label_max + 24)
        return false;
    if (!kaiji_rec_classify_text(r, c->text, &cl) || !cl.is_column)
        return false;
    *out = cl.col;
    return true;
}

int kaiji_rec_spec_at(const table *t, uint32_t col)
{
    size_t i;

    for (i = 0; i < t->ncols; i++)
        if (!t->cols[i].split && col >= t->cols[i].c1 && col <= t->cols[i].c2)
            return (int)i;
    return -1;
}

static bool sub_label(const kaiji_column_label *l)
{
    return l->role == KAIJI_COLUMN_TARGET || l->role == KAIJI_COLUMN_CHOICE ||
           (l->role == KAIJI_COLUMN_CONFIRMATION && l->round > 0);
}

static int cmp_spec(const void *a, const void *b)
{
    const colspec *x = a, *y = b;

    return x->c1 < y->c1 ? -1 : (x->c1 > y->c1);
}

/* Gives each column spec its place in the table (id, answer, targets...). */
static void assign_roles(table *t)
{
    size_t i, k;
    bool used[KAIJI_MAX_CONFIRMATIONS] = { false };

    qsort(t->cols, t->ncols, sizeof t->cols[0], cmp_spec);
    t->id = t->question = t->answer = t->target_date = t->section = -1;
    t->nremarks = t->nconf = t->ntargets = t->nchoices = 0;
    for (i = 0; i < KAIJI_MAX_CONFIRMATIONS; i++)
        t->conf[i] = -1;
    for (i = 0; i < t->ncols; i++) {
        const colspec *c = &t->cols[i];

        if (c->c2 > t->max_col)
            t->max_col = c->c2;
        switch (c->lab.role) {
        case KAIJI_COLUMN_ID:
            if (t->id < 0) t->id = (int)i;
            break;
        case KAIJI_COLUMN_QUESTION:
            if (t->question < 0) t->question = (int)i;
            break;
        case KAIJI_COLUMN_ANSWER:
            if (t->answer < 0) t->answer = (int)i;
            break;
        case KAIJI_COLUMN_TARGET_DATE:
            if (t->target_date < 0) t->target_date = (int)i;
            break;
        case KAIJI_COLUMN_SECTION:
            if (t->section < 0) t->section = (int)i;
            break;
        case KAIJI_COLUMN_REMARKS:
            if (t->nremarks < MAX_REMARKS) t->remarks[t->nremarks++] = (int)i;
            break;
        case KAIJI_COLUMN_TARGET:
            if (t->ntargets < KAIJI_MAX_TARGETS) t->targets[t->ntargets++] = (int)i;
            break;
        case KAIJI_COLUMN_CHOICE:
            if (t->nchoices < MAX_CHOICES) t->choices[t->nchoices++] = (int)i;
            break;
        case KAIJI_COLUMN_CONFIRMATION:
            if (c->lab.round > 0 && c->lab.round <= KAIJI_MAX_CONFIRMATIONS &&
                !used[c->lab.round - 1]) {
                used[c->lab.round - 1] = true;
                t->conf[c->lab.round - 1] = (int)i;
            }
            break;
        default:
            break;
        }
    }
    for (i = 0; i < t->ncols; i++) {
        if (t->cols[i].lab.role != KAIJI_COLUMN_CONFIRMATION || t->cols[i].lab.round > 0)
            continue;
        for (k = 0; k < KAIJI_MAX_CONFIRMATIONS && used[k]; k++)
            ;
        if (k == KAIJI_MAX_CONFIRMATIONS)
            break;
        used[k] = true;
        t->conf[k] = (int)i;
    }
    for (k = KAIJI_MAX_CONFIRMATIONS; k > 0 && t->conf[k - 1] < 0; k--)
        ;
    t->nconf = k;
}

/* Reads the header row (and a second header row below it) into column
 * specs. */
static void build_table(rec *r, sheet_scan *s)
{
    table *t = &s->tab;
    const kaiji_cell *cells;
    size_t n, i, parents;
    uint32_t hr = t->header_row, below = hr + 1;
    bool sub = true, any_sub = false;

    n = kaiji_sheet_row(s->sheet, hr, &cells);
    for (i = 0; i < n && t->ncols < MAX_COLS; i++) {
        kaiji_column_label lab;
        const kaiji_range *m;
        colspec *c;

        if (!header_label(r, &cells[i], &lab))
            continue;
        m = kaiji_rec_merge_find(&s->mi, s->sheet, hr, cells[i].col);
        c = &t->cols[t->ncols++];
        memset(c, 0, sizeof *c);
        c->c1 = cells[i].col;
        c->c2 = m ? m->col2 : cells[i].col;
        c->lab = lab;
        if (m && m->row2 + 1 > below)
            below = m->row2 + 1;
    }
    parents = t->ncols;
    /* A second header row: only labels, at least one of them below a wide
     * parent or a target / choice / round label. */
    n = kaiji_sheet_row(s->sheet, hr + 1, &cells);
    for (i = 0; i < n; i++) {
        kaiji_column_label lab;
        int p;

        if (kaiji_rec_cell_blank(&cells[i]))
            continue;
        if (!header_label(r, &cells[i], &lab)) {
            sub = false;
            break;
        }
        p = kaiji_rec_spec_at(t, cells[i].col);
        if (p >= 0 && t->cols[p].lab.role == KAIJI_COLUMN_ID)
            sub = false;
        if (sub_label(&lab) || (p >= 0 && t->cols[p].c2 > t->cols[p].c1))
            any_sub = true;
    }
    if (n && sub && any_sub) {
        for (i = 0; i < n && t->ncols < MAX_COLS; i++) {
            kaiji_column_label lab;
            const kaiji_range *m;
            int p;
            colspec *c;

            if (!header_label(r, &cells[i], &lab))
                continue;
            p = kaiji_rec_spec_at(t, cells[i].col);
            if (p >= 0 && (size_t)p < parents && !sub_label(&lab))
                continue;
            m = kaiji_rec_merge_find(&s->mi, s->sheet, hr + 1, cells[i].col);
            c = &t->cols[t->ncols++];
            memset(c, 0, sizeof *c);
            c->c1 = cells[i].col;
            c->c2 = m ? m->col2 : cells[i].col;
            c->lab = lab;
            if (p >= 0 && (size_t)p < parents) {
                if (t->cols[p].lab.role == KAIJI_COLUMN_TARGET &&
                    lab.role == KAIJI_COLUMN_CHOICE)
                    c->target = t->cols[p].lab.name;
                t->cols[p].split = true;
            }
        }
        if (hr + 2 > below)
            below = hr + 2;
    }
    /* Drop the parents the second row replaced. */
    for (i = 0, n = 0; i < t->ncols; i++)
        if (!t->cols[i].split)
            t->cols[n++] = t->cols[i];
    t->ncols = n;
    t->data_row = below;
    assign_roles(t);
}

/* The raw ID of row: the values of the ID columns, joined. */
static void raw_id(const sheet_scan *s, uint32_t row, char *out, size_t size)
{
    const colspec *c = &s->tab.cols[s->tab.id];
    const kaiji_cell *prev = NULL;
    size_t n = 0;
    uint32_t col;

    out[0] = '\0';
    for (col = c->c1; col <= c->c2 && col - c->c1 < 8; col++) {
        const kaiji_cell *v = kaiji_rec_value_at(s, row, col);
        size_t len;

        if (!v || v == prev || v->type == KAIJI_CELL_DATE)
            continue;
        prev = v;
        len = strlen(v->text);
        if (n + len + 1 > size) {
            out[0] = '\0';
            return;
        }
        memcpy(out + n, v->text, len + 1);
        n += len;
    }
}

/* true when any answer cell of row holds something. */
static bool row_answered(const sheet_scan *s, uint32_t row)
{
    const table *t = &s->tab;
    size_t i;

    if (t->answer >= 0 && kaiji_rec_spec_value(s, t->answer, row))
        return true;
    for (i = 0; i < t->ntargets; i++)
        if (kaiji_rec_spec_value(s, t->targets[i], row))
            return true;
    for (i = 0; i < t->nchoices; i++)
        if (kaiji_rec_spec_value(s, t->choices[i], row))
            return true;
    return false;
}

/* The section number written left of the ID columns on row ("2" beside
 * "(1)"), into out; false when there is none. */
static bool left_section_number(const sheet_scan *s, uint32_t row, char *out,
                                size_t size)
{
    uint32_t c1 = s->tab.cols[s->tab.id].c1, col;

    for (col = c1 - 1; col >= 1 && c1 - col <= 2; col--) {
        const kaiji_cell *v = kaiji_rec_value_at(s, row, col);
        int spec = kaiji_rec_spec_at(&s->tab, col);

        if (spec >= 0 && s->tab.cols[spec].lab.role != KAIJI_COLUMN_SECTION)
            break;
        if (v && kaiji_rec_norm_id(v->text, out, size)) {
            size_t d = kaiji_rec_count_digits(out);

            if (d >= 1 && d <= 3) {
                out[d] = '\0';
                return true;
            }
        }
    }
    return false;
}

/* Finds the ID column of a table whose header names none: the column left
 * of the question whose values most often read as item IDs. */
static void infer_id_column(sheet_scan *s)
{
    table *t = &s->tab;
    size_t best_count = 0, counts[MAX_COLS + 1] = { 0 };
    uint32_t col, best = 0, row, last = t->data_row + INFER_SAMPLE;
    char id[4 * MAX_ID_BYTES + 8];

    for (row = t->data_row; row <= s->sheet->max_row && row < last; row++) {
        const kaiji_cell *cells;
        size_t n = kaiji_sheet_row(s->sheet, row, &cells), i;

        for (i = 0; i < n; i++) {
            col = cells[i].col;
            if (col > MAX_COLS || kaiji_rec_spec_at(t, col) >= 0 ||
                cells[i].type == KAIJI_CELL_DATE)
                continue;
            if (kaiji_rec_norm_id(cells[i].text, id, sizeof id) &&
                kaiji_rec_classify_id(id) != ID_NONE)
                counts[col]++;
        }
    }
    for (col = 1; col <= MAX_COLS; col++)
        if (counts[col] > best_count) {
            best_count = counts[col];
            best = col;
        }
    if (best_count >= 2 && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_ID;
        assign_roles(t);
    }
}

/* Finds the answer column of a table whose header names none: the column
 * whose values most often read as answers, else one whose data-validation
 * list is answers. */
static void infer_answer_column(rec *r, sheet_scan *s)
{
    table *t = &s->tab;
    size_t counts[MAX_COLS + 1] = { 0 }, filled[MAX_COLS + 1] = { 0 };
    size_t k, sample = s->ncands < INFER_SAMPLE ? s->ncands : INFER_SAMPLE;
    size_t best_count = 0;
    uint32_t col, best = 0, maxc = s->sheet->max_col;
    bool starts[128];
    unsigned char c0;

    if (t->answer >= 0 || t->ntargets || t->nchoices || !s->ncands)
        return;
    if (maxc > MAX_COLS)
        maxc = MAX_COLS;
    kaiji_text_answer_ascii_starts(starts);
    for (k = 0; k < sample; k++) {
        if (!s->cands[k].id)
            continue;
        for (col = 1; col <= maxc; col++) {
            const kaiji_cell *v;
            kaiji_answer a;

            if (kaiji_rec_spec_at(t, col) >= 0)
                continue;
            v = kaiji_rec_value_at(s, s->cands[k].row, col);
            if (kaiji_rec_cell_blank(v) || v->type != KAIJI_CELL_STRING)
                continue;
            filled[col]++;
            /* a question or a number beside the answers tells at once */
            c0 = (unsigned char)v->text[0];
            if (c0 > 0x20 && c0 < 0x7F && (unsigned char)v->text[1] < 0x80 && !starts[c0])
                continue;
            a = kaiji_rec_text_answer(r, v->text);
            if (a != KAIJI_ANSWER_BLANK && a != KAIJI_ANSWER_INVALID)
                counts[col]++;
        }
    }
    for (col = 1; col <= maxc; col++)
        if (counts[col] > best_count && counts[col] * 4 >= filled[col]) {
            best_count = counts[col];
            best = col;
        }
    if (!best) {
        for (k = 0; k < sample && !best; k++) {
            if (!s->cands[k].id)
                continue;
            for (col = 1; col <= maxc && !best; col++) {
                const kaiji_validation *val;
                size_t i, ok = 0;

                if (kaiji_rec_spec_at(t, col) >= 0)
                    continue;
                val = kaiji_sheet_validation_at(s->sheet, s->cands[k].row, col);
                if (!val || !val->item_count)
                    continue;
                for (i = 0; i < val->item_count; i++) {
                    kaiji_answer a = kaiji_rec_text_answer(r, val->items[i]);

                    if (a != KAIJI_ANSWER_BLANK && a != KAIJI_ANSWER_INVALID)
                        ok++;
                }
                if (ok * 2 > val->item_count)
                    best = col;
            }
            break; /* the first item row decides */
        }
    }
    if (best && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_ANSWER;
        assign_roles(t);
    }
}

/* Finds the question column of a table whose header names none: the column
 * with the most text. */
static void infer_question_column(sheet_scan *s)
{
    table *t = &s->tab;
    size_t bytes[MAX_COLS + 1] = { 0 }, best_bytes = 0;
    uint32_t col, best = 0, row, last = t->data_row + INFER_SAMPLE;

    for (row = t->data_row; row <= s->sheet->max_row && row < last; row++) {
        const kaiji_cell *cells;
        size_t n = kaiji_sheet_row(s->sheet, row, &cells), i;

        for (i = 0; i < n; i++)
            if (cells[i].col <= MAX_COLS && kaiji_rec_spec_at(t, cells[i].col) < 0 &&
                cells[i].type == KAIJI_CELL_STRING)
                bytes[cells[i].col] += strlen(cells[i].text);
    }
    for (col = 1; col <= MAX_COLS; col++)
        if (bytes[col] > best_bytes) {
            best_bytes = bytes[col];
            best = col;
        }
    if (best && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_QUESTION;
        assign_roles(t);
    }
}

/* The index of the first cell of sheet at or after row. */
static size_t first_cell_of_row(const kaiji_sheet *sheet, uint32_t row)
{
    size_t lo = 0, hi = sheet->cell_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sheet->cells[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Collects the rows after the header that hold an item ID or a heading. */
static int collect_candidates(rec *r, sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    table *t = &s->tab;
    char raw[4 * MAX_ID_BYTES + 8], id[4 * MAX_ID_BYTES + 8];
    char section_no[4 * MAX_ID_BYTES + 8] = "";
    size_t i = first_cell_of_row(sh, t->data_row);

    while (i < sh->cell_count) {
        uint32_t row = sh->cells[i].row;
        id_class cls = ID_NONE;
        cand c = { .row = row };

        while (i < sh->cell_count && sh->cells[i].row == row)
            i++;
        raw_id(s, row, raw, sizeof raw);
        if (raw[0] && kaiji_rec_norm_id(raw, id, sizeof id))
            cls = kaiji_rec_classify_id(id);
        if (cls == ID_SUB) {
            char left[4 * MAX_ID_BYTES + 8];
            const char *num = left_section_number(s, row, left, sizeof left)
                                  ? left : section_no;

            if (*num && strlen(num) + strlen(id) + 1 < sizeof id) {
                memmove(id + strlen(num), id, strlen(id) + 1);
                memcpy(id, num, strlen(num));
                cls = ID_CHECK;
            }
        }
        if (cls == ID_NUMBER) {
            strcpy(section_no, id);
        } else if (cls == ID_CHECK) {
            size_t d = kaiji_rec_count_digits(id);

            memcpy(section_no, id, d);
            section_no[d] = '\0';
        }
        if (cls != ID_NONE) {
            c.id = kaiji_arena_strdup(r->scratch, id);
            if (!c.id)
                return KAIJI_ERROR_NOMEM;
            c.cls = cls;
            if (cls == ID_MDS2)
                s->mds2_ids++;
        } else {
            const kaiji_cell *v = kaiji_rec_spec_value(s, t->id, row);

            if (!v || v->type != KAIJI_CELL_STRING)
                v = t->question >= 0 ? kaiji_rec_spec_value(s, t->question, row) : NULL;
            if (!v || v->type != KAIJI_CELL_STRING)
                continue;
            c.text = v->text;
        }
        if (!KAIJI_GROW(s->cands, s->ncands, s->cands_cap))
            return KAIJI_ERROR_NOMEM;
        s->cands[s->ncands++] = c;
        if (c.id)
            s->last_row = row;
    }
    return KAIJI_OK;
}

/* Scans one sheet: labels, table, candidate rows, counts. */
static int scan_sheet(rec *r, sheet_scan *s)
{
    int rc;
    size_t k;

    if ((rc = kaiji_rec_merge_index_build(&s->mi, s->sheet)) != KAIJI_OK)
        return rc;
    row_index_build(s);
    if ((rc = scan_cells(r, s)) != KAIJI_OK)
        return rc;
    if (!s->tab.found)
        return scan_deferred(r, s);
    build_table(r, s);
    if (s->tab.id < 0)
        infer_id_column(s);
    if (s->tab.id < 0) {
        s->tab.found = false;
        return scan_deferred(r, s);
    }
    if (s->tab.question < 0)
        infer_question_column(s);
    if ((rc = collect_candidates(r, s)) != KAIJI_OK)
        return rc;
    infer_answer_column(r, s);
    if ((rc = kaiji_rec_build_ovals(s)) != KAIJI_OK)
        return rc;
    for (k = 0; k < s->ncands; k++) {
        s->cands[k].answered = row_answered(s, s->cands[k].row) ||
                               (s->novals && kaiji_rec_row_has_oval(s, s->cands[k].row));
        if (s->cands[k].id) {
            s->items++;
            if (s->cands[k].answered)
                s->answered++;
        }
    }
    return scan_deferred(r, s);
}

/* ---- the entry point ------------------------------------------------------ */

static void scans_free(rec *r)
{
    size_t i;

    for (i = 0; i < r->nscans; i++) {
        sheet_scan *s = &r->scans[i];

        kaiji_rec_merge_index_free(&s->mi);
        free(s->row_first);
        free(s->deferred);
        free(s->fields);
        free(s->titles);
        free(s->clues);
        free(s->cands);
        free(s->ovals);
    }
    free(r->scans);
}

/*
 * Fills doc from wb by content: kind, form version, guideline, header
 * fields, items.  The workbook is only read; everything kept is copied into
 * the document's arena.  KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_recognize(kaiji_document *doc, const kaiji_workbook *wb,
                    const kaiji_vocab *vocab)
{
    rec r = { .doc = doc, .wb = wb, .v = vocab };
    const sheet_scan *primary = NULL, *ts = NULL;
    int rc = KAIJI_OK;
    size_t i;
    bool cached;

    if (!wb || !vocab || !wb->sheet_count)
        return KAIJI_OK;
    r.label_max = kaiji_vocab_label_max(vocab);
    r.scratch = kaiji_arena_new();
    cached = kaiji_rec_cache_init(&r);
    kaiji_rec_edition_filter_init(&r);
    r.scans = calloc(wb->sheet_count, sizeof *r.scans);
    if (!r.scratch || !cached || !r.scans) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    r.nscans = wb->sheet_count;
    for (i = 0; i < r.nscans; i++) {
        sheet_scan *s = &r.scans[i];

        s->sheet = wb->sheets[i];
        s->tab.id = s->tab.question = s->tab.answer = -1;
        if (!s->sheet->sorted)
            continue;
        if ((rc = scan_sheet(&r, s)) != KAIJI_OK)
            goto done;
        kaiji_rec_best_title(&r, s);
        s->score = (s->sheet->hidden ? 0 : (uint64_t)1 << 62) +
                   (s->title_rule >= 0 ? (uint64_t)1 << 61 : 0) +
                   (s->tab.found && s->items ? (uint64_t)1 << 60 : 0) +
                   ((uint64_t)(s->answered > 0xFFFFFF ? 0xFFFFFF : s->answered) << 24) +
                   (s->items > 0xFFFFFF ? 0xFFFFFF : s->items);
        if (!primary || s->score > primary->score)
            primary = s;
    }
    if (!primary)
        goto done;
    doc->kind = kaiji_rec_decide_kind(&r, primary, &ts);
    if ((rc = kaiji_rec_emit_items(&r, primary)) != KAIJI_OK)
        goto done;
    if ((rc = kaiji_rec_fields_from_sheet(&r, primary)) != KAIJI_OK)
        goto done;
    for (i = 0; i < r.nscans; i++)
        if (&r.scans[i] != primary && !r.scans[i].sheet->hidden &&
            (rc = kaiji_rec_fields_from_sheet(&r, &r.scans[i])) != KAIJI_OK)
            goto done;
    if ((rc = kaiji_rec_find_version(&r, primary, ts)) != KAIJI_OK)
        goto done;
    if (doc->fields[KAIJI_FIELD_GUIDELINE] && *doc->fields[KAIJI_FIELD_GUIDELINE]) {
        char *g = NULL;

        if (kaiji_text_guideline(doc->fields[KAIJI_FIELD_GUIDELINE], &g)) {
            doc->guideline = kaiji_arena_strdup(doc->arena, g);
            if (!doc->guideline)
                rc = KAIJI_ERROR_NOMEM;
        }
        free(g);
        if (rc != KAIJI_OK)
            goto done;
    }
    rc = kaiji_rec_find_date(&r);

done:
    if (r.scans)
        scans_free(&r);
    kaiji_rec_cache_off(&r);
    kaiji_arena_free(r.scratch);
    return rc;
}
