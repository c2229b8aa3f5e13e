/*
 * parser/grid.c - the workbook grid: compact cells, merges, validation lists
 * and shapes, with lookups by position.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "parser/grid.h"

kaiji_workbook *kaiji_workbook_new(void)
{
    kaiji_workbook *wb = calloc(1, sizeof(*wb));
    if (!wb)
        return NULL;
    wb->arena = kaiji_arena_new();
    if (!wb->arena) {
        free(wb);
        return NULL;
    }
    return wb;
}

void kaiji_workbook_free(kaiji_workbook *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->sheet_count; i++) {
        kaiji_sheet *s = wb->sheets[i];
        free(s->cells);
        free(s->merges);
        free(s->validations);
        free(s->shapes);
        free(s);
    }
    free(wb->sheets);
    kaiji_arena_free(wb->arena);
    free(wb);
}

kaiji_sheet *kaiji_workbook_add_sheet(kaiji_workbook *wb, const char *name,
                                      bool hidden)
{
    if (!kaiji_grow((void **)&wb->sheets, &wb->sheet_cap,
                    wb->sheet_count + 1, sizeof(kaiji_sheet *), 64))
        return NULL;
    kaiji_sheet *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->name = kaiji_arena_strdup(wb->arena, name);
    if (!s->name) {
        free(s);
        return NULL;
    }
    s->hidden = hidden;
    s->sorted = true;
    wb->sheets[wb->sheet_count++] = s;
    return s;
}

int kaiji_sheet_add_cell(kaiji_workbook *wb, kaiji_sheet *sheet, uint32_t row,
                         uint32_t col, kaiji_cell_type type, const char *text,
                         size_t len, double number, kaiji_date date)
{
    if (type == KAIJI_CELL_STRING && len == 0)
        return KAIJI_OK;
    char *copy = kaiji_arena_strndup(wb->arena, text, len);
    if (!copy)
        return KAIJI_ERROR_NOMEM;
    return kaiji_sheet_add_cell_kept(wb, sheet, row, col, type, copy, number, date);
}

int kaiji_sheet_add_cell_kept(kaiji_workbook *wb, kaiji_sheet *sheet, uint32_t row,
                              uint32_t col, kaiji_cell_type type, const char *kept,
                              double number, kaiji_date date)
{
    if (type == KAIJI_CELL_STRING && kept[0] == '\0')
        return KAIJI_OK;
    if (sheet->cell_count == sheet->cell_cap &&
        !kaiji_grow((void **)&sheet->cells, &sheet->cell_cap,
                    sheet->cell_count + 1, sizeof(kaiji_cell), 64))
        return KAIJI_ERROR_NOMEM;
    if (sheet->cell_count) {
        const kaiji_cell *last = &sheet->cells[sheet->cell_count - 1];
        if (row < last->row || (row == last->row && col <= last->col))
            sheet->sorted = false;
    }
    kaiji_cell *c = &sheet->cells[sheet->cell_count++];
    c->row = row;
    c->col = col;
    c->type = type;
    c->text = kept;
    c->number = number;
    c->date = date;
    if (row > sheet->max_row)
        sheet->max_row = row;
    if (col > sheet->max_col)
        sheet->max_col = col;
    wb->cell_count++;
    return KAIJI_OK;
}

int kaiji_sheet_add_merge(kaiji_workbook *wb, kaiji_sheet *sheet, kaiji_range r)
{
    (void)wb;
    if (r.row1 > r.row2 || r.col1 > r.col2)
        return KAIJI_OK;
    if (!kaiji_grow((void **)&sheet->merges, &sheet->merge_cap,
                    sheet->merge_count + 1, sizeof(kaiji_range), 64))
        return KAIJI_ERROR_NOMEM;
    sheet->merges[sheet->merge_count++] = r;
    return KAIJI_OK;
}

int kaiji_sheet_add_validation(kaiji_workbook *wb, kaiji_sheet *sheet,
                               const kaiji_range *ranges, size_t range_count,
                               const char *const *items, size_t item_count)
{
    if (range_count > KAIJI_MAX_VALIDATION_RANGES - wb->validation_ranges ||
        item_count > KAIJI_MAX_VALIDATION_ITEMS - wb->validation_items)
        return KAIJI_OK;
    if (!kaiji_grow((void **)&sheet->validations, &sheet->validation_cap,
                    sheet->validation_count + 1, sizeof(kaiji_validation), 64))
        return KAIJI_ERROR_NOMEM;
    wb->validation_ranges += range_count;
    wb->validation_items += item_count;
    kaiji_validation v = {0};
    v.ranges = kaiji_arena_alloc(wb->arena, (range_count ? range_count : 1) * sizeof(kaiji_range));
    v.items = kaiji_arena_alloc(wb->arena, (item_count ? item_count : 1) * sizeof(char *));
    if (!v.ranges || !v.items)
        return KAIJI_ERROR_NOMEM;
    if (range_count)
        memcpy(v.ranges, ranges, range_count * sizeof(kaiji_range));
    v.range_count = range_count;
    for (size_t i = 0; i < item_count; i++) {
        v.items[i] = kaiji_arena_strdup(wb->arena, items[i]);
        if (!v.items[i])
            return KAIJI_ERROR_NOMEM;
    }
    v.item_count = item_count;
    sheet->validations[sheet->validation_count++] = v;
    return KAIJI_OK;
}

int kaiji_sheet_add_shape(kaiji_workbook *wb, kaiji_sheet *sheet,
                          const char *kind, kaiji_range anchor)
{
    if (!kaiji_grow((void **)&sheet->shapes, &sheet->shape_cap,
                    sheet->shape_count + 1, sizeof(kaiji_shape), 64))
        return KAIJI_ERROR_NOMEM;
    kaiji_shape s = {kaiji_arena_strdup(wb->arena, kind), anchor};
    if (!s.kind)
        return KAIJI_ERROR_NOMEM;
    sheet->shapes[sheet->shape_count++] = s;
    return KAIJI_OK;
}

static int cmp_cell(const void *a, const void *b)
{
    const kaiji_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : (x->col > y->col);
}

/* Orders cells by position; equal positions by their order of arrival
 * (kept in the number of the cell's index), so the later one wins. */
typedef struct {
    kaiji_cell cell;
    size_t seq;
} seq_cell;

static int cmp_seq_cell(const void *a, const void *b)
{
    const seq_cell *x = a, *y = b;
    if (x->cell.row != y->cell.row)
        return x->cell.row < y->cell.row ? -1 : 1;
    if (x->cell.col != y->cell.col)
        return x->cell.col < y->cell.col ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void kaiji_sheet_finish(kaiji_sheet *sheet)
{
    if (sheet->sorted)
        return;
    size_t n = sheet->cell_count;
    seq_cell *tmp = malloc(n * sizeof(*tmp));
    if (tmp) {
        for (size_t i = 0; i < n; i++) {
            tmp[i].cell = sheet->cells[i];
            tmp[i].seq = i;
        }
        qsort(tmp, n, sizeof(*tmp), cmp_seq_cell);
        size_t out = 0;
        for (size_t i = 0; i < n; i++) {
            if (out && sheet->cells[out - 1].row == tmp[i].cell.row &&
                sheet->cells[out - 1].col == tmp[i].cell.col)
                sheet->cells[out - 1] = tmp[i].cell;
            else
                sheet->cells[out++] = tmp[i].cell;
        }
        sheet->cell_count = out;
        free(tmp);
    } else {
        /* No memory for the stable sort: an unstable one still orders. */
        qsort(sheet->cells, n, sizeof(kaiji_cell), cmp_cell);
    }
    sheet->sorted = true;
}

/* The index of the first cell at or after (row, col). */
static size_t lower_bound(const kaiji_sheet *sheet, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = sheet->cell_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kaiji_cell *c = &sheet->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const kaiji_cell *kaiji_sheet_cell(const kaiji_sheet *sheet, uint32_t row,
                                   uint32_t col)
{
    size_t i = lower_bound(sheet, row, col);
    if (i < sheet->cell_count && sheet->cells[i].row == row &&
        sheet->cells[i].col == col)
        return &sheet->cells[i];
    return NULL;
}

const kaiji_range *kaiji_sheet_merge_at(const kaiji_sheet *sheet, uint32_t row,
                                        uint32_t col)
{
    for (size_t i = 0; i < sheet->merge_count; i++) {
        const kaiji_range *r = &sheet->merges[i];
        if (row >= r->row1 && row <= r->row2 && col >= r->col1 && col <= r->col2)
            return r;
    }
    return NULL;
}

const kaiji_cell *kaiji_sheet_value(const kaiji_sheet *sheet, uint32_t row,
                                    uint32_t col)
{
    const kaiji_range *r = kaiji_sheet_merge_at(sheet, row, col);
    if (r)
        return kaiji_sheet_cell(sheet, r->row1, r->col1);
    return kaiji_sheet_cell(sheet, row, col);
}

const kaiji_validation *kaiji_sheet_validation_at(const kaiji_sheet *sheet,
                                                  uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < sheet->validation_count; i++) {
        const kaiji_validation *v = &sheet->validations[i];
        for (size_t j = 0; j < v->range_count; j++) {
            const kaiji_range *r = &v->ranges[j];
            if (row >= r->row1 && row <= r->row2 && col >= r->col1 &&
                col <= r->col2)
                return v;
        }
    }
    return NULL;
}

size_t kaiji_sheet_row(const kaiji_sheet *sheet, uint32_t row,
                       const kaiji_cell **out)
{
    size_t i = lower_bound(sheet, row, 0);
    size_t j = i;
    while (j < sheet->cell_count && sheet->cells[j].row == row)
        j++;
    *out = i < sheet->cell_count ? &sheet->cells[i] : NULL;
    return j - i;
}

char *kaiji_cellref(char buf[16], uint32_t row, uint32_t col)
{
    char letters[8];
    int n = 0;
    if (col == 0)
        col = 1;
    while (col > 0 && n < 7) {
        uint32_t rem = (col - 1) % 26;
        letters[n++] = (char)('A' + rem);
        col = (col - 1) / 26;
    }
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    /* The row's digits, as snprintf("%u") would write them into what is
     * left of buf (cut short the same way): this names every cell an item
     * is read from, and snprintf took more than all the rest. */
    char digits[10];
    int d = 0;
    do {
        digits[d++] = (char)('0' + row % 10);
        row /= 10;
    } while (row > 0);
    while (d > 0 && k < 15)
        buf[k++] = digits[--d];
    buf[k] = '\0';
    return buf;
}

bool kaiji_cellref_parse_n(const char *ref, size_t len, uint32_t *row, uint32_t *col)
{
    const char *p = ref, *e = ref + len;
    uint64_t c = 0, r = 0;
    int letters = 0, digits = 0;
    if (p < e && *p == '$')
        p++;
    while (p < e && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) {
        int v = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
        c = c * 26 + (uint64_t)v;
        if (++letters > 3)
            return false;
        p++;
    }
    if (p < e && *p == '$')
        p++;
    while (p < e && *p >= '0' && *p <= '9') {
        r = r * 10 + (uint64_t)(*p - '0');
        if (++digits > 7)
            return false;
        p++;
    }
    if (p != e || letters == 0 || digits == 0 || r == 0 || c > 16384 || r > 1048576)
        return false;
    *row = (uint32_t)r;
    *col = (uint32_t)c;
    return true;
}

bool kaiji_cellref_parse(const char *ref, uint32_t *row, uint32_t *col)
{
    return kaiji_cellref_parse_n(ref, strlen(ref), row, col);
}

bool kaiji_range_parse(const char *ref, kaiji_range *out)
{
    char a[32], b[32];
    const char *colon = strchr(ref, ':');
    size_t la = colon ? (size_t)(colon - ref) : strlen(ref);
    if (la == 0 || la >= sizeof a)
        return false;
    memcpy(a, ref, la);
    a[la] = '\0';
    if (!kaiji_cellref_parse(a, &out->row1, &out->col1))
        return false;
    if (!colon) {
        out->row2 = out->row1;
        out->col2 = out->col1;
        return true;
    }
    size_t lb = strlen(colon + 1);
    if (lb == 0 || lb >= sizeof b)
        return false;
    memcpy(b, colon + 1, lb + 1);
    if (!kaiji_cellref_parse(b, &out->row2, &out->col2))
        return false;
    if (out->row2 < out->row1) {
        uint32_t t = out->row1; out->row1 = out->row2; out->row2 = t;
    }
    if (out->col2 < out->col1) {
        uint32_t t = out->col1; out->col1 = out->col2; out->col2 = t;
    }
    return true;
}

/* The shortest decimal text that reads back as x. */
static size_t format_number(char buf[40], double x)
{
    int prec, n = 0;

    if (x == 0) {
        strcpy(buf, "0");
        return 1;
    }
    for (prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, 40, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return n > 0 ? kaiji_c99_exponent(buf) : 0;
}

/*
 * true when len bytes of s are a decimal that is already its own shortest
 * round-trip form: "-"?, an integer part without leading zeros, an optional
 * fraction not ending in 0, no exponent, at most 15 significant digits (15
 * digits always survive a round trip through a double, so no shorter text
 * reads back as the same number).  Saves formatting most cells.
 */
static bool canonical_decimal(const char *s, size_t len)
{
    size_t i = 0, sig = 0;
    bool leading = true, dot = false;

    if (len > 0 && s[0] == '-')
        i = 1;
    if (i >= len || s[i] == '.' || (s[i] == '0' && i + 1 < len && s[i + 1] != '.'))
        return false;
    if (s[len - 1] == '.')
        return false;
    for (; i < len; i++) {
        if (s[i] == '.') {
            if (dot)
                return false;
            dot = true;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (s[i] != '0')
            leading = false;
        if (!leading && ++sig > 15)
            return false;
    }
    if (leading) /* zero: "0", "-0", "0.0" */
        return len == 1;
    return !dot || s[len - 1] != '0';
}

const char *kaiji_number_text(char buf[40], const char *v, size_t len, double x,
                              size_t *len_out)
{
    if (canonical_decimal(v, len)) {
        *len_out = len;
        return v;
    }
    *len_out = format_number(buf, x);
    return buf;
}
