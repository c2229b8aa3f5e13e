/*
 * parser/ovals.c - the shapes circling an answer: the ellipses and rounded
 * boxes a vendor draws over はい or いいえ instead of typing it.  Each oval
 * on an item's rows is matched with the cell it overlaps most among those it
 * may circle (a per-choice column, an answer word, words printed for
 * circling, such as "はい・いいえ"), and within a cell of printed words with
 * the word under its middle, from the columns' widths.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/choices.h"
#include "parser/recognize_internal.h"
#include "text/text.h"

#define MAX_OVALS 4096       /* circling shapes looked at per sheet */
#define OVAL_MAX_COLS 16.0   /* a shape larger than this circles no word */
#define OVAL_MAX_ROWS 8.0

/* A circling shape: its box in cell units (column C spans x 3 to 4) and
 * the row its middle lies in. */
struct oval {
    double x1, y1, x2, y2;
    uint32_t row;
};

/* The geometries people circle a word with: an ellipse, and the rounded
 * boxes Japanese forms are often marked with. */
static bool circling(const char *kind)
{
    static const char *const kinds[] = {
        "ellipse", "flowChartConnector", "roundRect", "flowChartAlternateProcess",
    };
    size_t i;

    for (i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return true;
    return false;
}

static int cmp_oval(const void *a, const void *b)
{
    const oval *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->x1 < y->x1 ? -1 : (x->x1 > y->x1);
}

int kaiji_rec_build_ovals(sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, n = 0;

    if (!sh->shape_count)
        return KAIJI_OK;
    s->ovals = malloc((sh->shape_count < MAX_OVALS ? sh->shape_count : MAX_OVALS) *
                      sizeof *s->ovals);
    if (!s->ovals)
        return KAIJI_ERROR_NOMEM;
    for (i = 0; i < sh->shape_count && n < MAX_OVALS; i++) {
        const kaiji_shape *p = &sh->shapes[i];
        oval o;
        double mid;

        if (!circling(p->kind))
            continue;
        if (!sh->shape_boxes || (sh->shape_boxes[i].left == 0 && sh->shape_boxes[i].right == 0)) {
            o.x1 = p->anchor.col1;
            o.x2 = (double)p->anchor.col2 + 1;
            o.y1 = p->anchor.row1;
            o.y2 = (double)p->anchor.row2 + 1;
        } else {
            o.x1 = sh->shape_boxes[i].left;
            o.x2 = sh->shape_boxes[i].right;
            o.y1 = sh->shape_boxes[i].top;
            o.y2 = sh->shape_boxes[i].bottom;
        }
        if (!(o.x1 >= 1 && o.y1 >= 1 && o.x2 > o.x1 && o.y2 > o.y1 &&
              o.x2 - o.x1 <= OVAL_MAX_COLS && o.y2 - o.y1 <= OVAL_MAX_ROWS &&
              o.x2 <= 16385 && o.y2 <= 1048577))
            continue;
        mid = (o.y1 + o.y2) / 2;
        o.row = (uint32_t)mid;
        s->ovals[n++] = o;
    }
    s->novals = n;
    if (n)
        qsort(s->ovals, n, sizeof *s->ovals, cmp_oval);
    return KAIJI_OK;
}

/* The index of the first oval whose middle is at or below row. */
static size_t first_oval(const sheet_scan *s, uint32_t row)
{
    size_t lo = 0, hi = s->novals;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (s->ovals[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The last row of the item on row: cells merged down from it stretch it. */
static uint32_t item_band_end(const sheet_scan *s, uint32_t row)
{
    const table *t = &s->tab;
    uint32_t end = row;
    size_t i;

    if (!s->sheet->merge_count)
        return row;
    for (i = 0; i < t->ncols; i++) {
        const kaiji_range *m = kaiji_rec_merge_find(&s->mi, s->sheet, row, t->cols[i].c1);

        if (m && m->row1 == row && m->row2 > end)
            end = m->row2;
    }
    return end - row > (uint32_t)OVAL_MAX_ROWS ? row + (uint32_t)OVAL_MAX_ROWS : end;
}

static bool is_answer(kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES || a == KAIJI_ANSWER_NO || a == KAIJI_ANSWER_NA ||
           a == KAIJI_ANSWER_SEE_NOTE;
}

static bool answer_role(const table *t, int spec)
{
    return spec >= 0 && (t->cols[spec].lab.role == KAIJI_COLUMN_ANSWER ||
                         t->cols[spec].lab.role == KAIJI_COLUMN_TARGET);
}

/*
 * What text offers to be circled: true with *set filled (count >= 2) for
 * words printed together ("はい・いいえ"), true with *answer for one answer
 * word (with a comment after it only when loose), false for anything else.
 */
static bool circle_word(const char *text, bool loose, kaiji_answer *answer,
                        kaiji_choice_set *set)
{
    char *comment = NULL;
    bool bare;

    if (kaiji_choice_split(text, set))
        return true;
    set->count = 0;
    *answer = kaiji_text_parse_answer(text, &comment);
    bare = !comment || kaiji_text_blank(comment);
    free(comment);
    return is_answer(*answer) && (loose || bare);
}

/* The width in pixels of column c of sheet. */
static double col_px(const kaiji_sheet *sh, uint32_t c)
{
    size_t lo = 0, hi = sh->col_width_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sh->col_widths[mid].max < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sh->col_width_count && sh->col_widths[lo].min <= c)
        return sh->col_widths[lo].px;
    return sh->default_col_px > 0 ? sh->default_col_px : 64;
}

/*
 * Where x (in cell units) falls in a text width half-width columns wide
 * shown in the cells of box: in half-width columns from the text's start.
 * The text is taken as centred in the cells (as forms print choices to be
 * circled), at the default font's 22/3 pixels a half-width column; a text
 * wider than its cells is taken as squeezed into them.
 */
static double text_column(const kaiji_sheet *sh, const kaiji_range *box, double x,
                          size_t width)
{
    double cell = 0, at = 0, text = (double)width * 22.0 / 3.0;
    uint32_t c;

    for (c = box->col1; c <= box->col2 && c - box->col1 < 64; c++) {
        double w = col_px(sh, c);

        if (x >= c + 1)
            at += w;
        else if (x > c)
            at += (x - c) * w;
        cell += w;
    }
    if (width == 0 || cell <= 0)
        return 0;
    if (text >= cell)
        return at / cell * (double)width;
    return (at - (cell - text) / 2) * 3.0 / 22.0;
}

/* fmin() and fmax() (a NaN gives the other), which gcc calls in libm: the
 * command maps no libm (bench/README.md, "Start-up: the link"). */
static double min_of(double a, double b)
{
    return a < b || b != b ? a : b;
}

static double max_of(double a, double b)
{
    return a > b || b != b ? a : b;
}

/* The area two boxes share, in cell units. */
static double overlap(const oval *o, const kaiji_range *c)
{
    double w = min_of(o->x2, (double)c->col2 + 1) - max_of(o->x1, (double)c->col1);
    double h = min_of(o->y2, (double)c->row2 + 1) - max_of(o->y1, (double)c->row1);

    return w > 0 && h > 0 ? w * h : 0;
}

/* The answer or target column nearest col, or -1. */
static int nearest_answer_spec(const table *t, uint32_t col)
{
    uint32_t best_d = UINT32_MAX;
    int best = -1;
    size_t i;

    for (i = 0; i < t->ncols; i++) {
        uint32_t d;

        if (t->cols[i].split || !answer_role(t, (int)i))
            continue;
        d = col < t->cols[i].c1 ? t->cols[i].c1 - col
          : col > t->cols[i].c2 ? col - t->cols[i].c2 : 0;
        if (d < best_d) {
            best_d = d;
            best = (int)i;
        }
    }
    return best;
}

int kaiji_rec_row_ovals(rec *r, const sheet_scan *s, uint32_t row, row_marks *out)
{
    const table *t = &s->tab;
    uint32_t end;
    size_t k;

    out->n = 0;
    if (!s->novals)
        return KAIJI_OK;
    end = item_band_end(s, row);
    for (k = first_oval(s, row); k < s->novals && s->ovals[k].row <= end &&
                                 out->n < MAX_MARKS; k++) {
        const oval *o = &s->ovals[k];
        uint32_t y1 = (uint32_t)o->y1 < row ? row : (uint32_t)o->y1;
        uint32_t y2 = (uint32_t)ceil(o->y2) - 1 > end ? end : (uint32_t)ceil(o->y2) - 1;
        uint32_t x1 = (uint32_t)o->x1, x2 = (uint32_t)ceil(o->x2) - 1, x, y;
        double best = 0, mid = (o->x1 + o->x2) / 2;
        kaiji_range box = { 0, 0, 0, 0 };
        const kaiji_cell *bv = NULL;
        int bspec = -1;
        kaiji_answer a = KAIJI_ANSWER_BLANK;
        kaiji_choice_set set;
        mark *m;

        for (y = y1; y <= y2; y++) {
            for (x = x1; x <= x2; x++) {
                const kaiji_range *mr = kaiji_rec_merge_find(&s->mi, s->sheet, y, x);
                kaiji_range cr = mr ? *mr : (kaiji_range){ y, x, y, x };
                int spec = kaiji_rec_spec_at(t, cr.col1);
                const kaiji_cell *v = kaiji_rec_cell_at(s, cr.row1, cr.col1);
                bool choice = spec >= 0 && t->cols[spec].lab.role == KAIJI_COLUMN_CHOICE;
                double area;

                if (!choice && (kaiji_rec_cell_blank(v) || v->type != KAIJI_CELL_STRING ||
                                !circle_word(v->text, answer_role(t, spec), &a, &set)))
                    continue;
                area = overlap(o, &cr);
                if (area > best) {
                    best = area;
                    box = cr;
                    bv = choice ? NULL : v;
                    bspec = spec;
                }
            }
        }
        if (best <= 0)
            continue;
        m = &out->m[out->n];
        m->x = mid;
        m->word = NULL;
        m->choice = -1;
        if (!bv) {
            m->choice = bspec;
            m->col = t->cols[bspec].c1;
            m->answer = t->cols[bspec].lab.answer;
            out->n++;
            continue;
        }
        circle_word(bv->text, answer_role(t, bspec), &a, &set);
        if (set.count) {
            double at = text_column(s->sheet, &box, mid, set.width), best_d = 0;
            size_t i, w = 0;

            for (i = 0; i < set.count; i++) {
                double c = (double)set.words[i].pos + (double)set.words[i].width / 2;
                double d = fabs(c - at);

                if (i == 0 || d < best_d) {
                    best_d = d;
                    w = i;
                }
            }
            a = set.words[w].answer;
            m->word = kaiji_arena_strndup(r->doc->arena, bv->text + set.words[w].off,
                                          set.words[w].len);
        } else {
            char *trimmed = kaiji_text_trim(bv->text);

            m->word = trimmed ? kaiji_arena_strdup(r->doc->arena, trimmed) : NULL;
            free(trimmed);
        }
        if (!m->word)
            return KAIJI_ERROR_NOMEM;
        m->answer = a;
        if (!answer_role(t, bspec))
            bspec = nearest_answer_spec(t, box.col1);
        if (bspec < 0)
            continue;
        m->col = t->cols[bspec].c1;
        out->n++;
    }
    return KAIJI_OK;
}

bool kaiji_rec_row_has_oval(const sheet_scan *s, uint32_t row)
{
    size_t k = first_oval(s, row);

    return k < s->novals && s->ovals[k].row == row;
}

/* true when the cells c1..c2 of row hold words printed for circling: one
 * cell of several ("はい・いいえ"), or cells of different answer words. */
static bool printed_choices(rec *r, const sheet_scan *s, uint32_t row, uint32_t c1,
                            uint32_t c2)
{
    const kaiji_cell *prev = NULL;
    unsigned seen = 0;
    uint32_t c;

    for (c = c1; c <= c2 && c - c1 < 64; c++) {
        const kaiji_cell *v = kaiji_rec_value_at(s, row, c);
        kaiji_answer a;

        if (kaiji_rec_cell_blank(v) || v == prev || v->type != KAIJI_CELL_STRING)
            continue;
        prev = v;
        if (kaiji_rec_text_choices(r, v->text))
            return true;
        a = kaiji_rec_text_answer(r, v->text);
        if (is_answer(a))
            seen |= 1u << a;
    }
    return (seen & (seen - 1)) != 0;
}

const char *kaiji_rec_span_answer(rec *r, const sheet_scan *s, const row_marks *marks,
                                  uint32_t row, uint32_t c1, uint32_t c2)
{
    const mark *in[MAX_MARKS];
    size_t n = 0, i, j;
    unsigned seen = 0;
    const char *text = NULL;
    const kaiji_cell *v;

    for (i = 0; i < marks->n; i++) {
        const mark *m = &marks->m[i];

        if (m->choice >= 0 || m->col < c1 || m->col > c2 || (seen & (1u << m->answer)))
            continue;
        seen |= 1u << m->answer;
        /* in order across the sheet */
        for (j = n; j > 0 && in[j - 1]->x > m->x; j--)
            in[j] = in[j - 1];
        in[j] = m;
        n++;
    }
    for (i = 0; i < n; i++) {
        text = text ? kaiji_arena_printf(r->doc->arena, "%s / %s", text, in[i]->word)
                    : in[i]->word;
        if (!text)
            return NULL;
    }
    if (text)
        return text;
    if (printed_choices(r, s, row, c1, c2))
        return "";
    v = kaiji_rec_span_value(s, row, c1, c2);
    return v ? v->text : "";
}
