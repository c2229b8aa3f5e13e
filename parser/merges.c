/*
 * parser/merges.c - the merged cells of a sheet, indexed by row, so that
 * recognition finds the range holding a cell without walking every merge:
 * short merges are kept one entry a row, sorted by (row, first column);
 * tall ones in a list of their own; a sheet with too many is searched
 * linearly instead.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/recognize_internal.h"

#define TALL_MERGE 64        /* merges taller than this are not row-indexed */
#define MAX_MERGE_ENTRIES (4u << 20)

struct merge_entry {
    uint32_t row, col1, col2;
    const kaiji_range *range;
};

static int cmp_merge_entry(const void *a, const void *b)
{
    const merge_entry *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col1 < y->col1 ? -1 : (x->col1 > y->col1);
}

int kaiji_rec_merge_index_build(merge_index *mi, const kaiji_sheet *sheet)
{
    size_t i, total = 0, tall = 0;

    memset(mi, 0, sizeof *mi);
    for (i = 0; i < sheet->merge_count; i++) {
        const kaiji_range *r = &sheet->merges[i];
        uint64_t h = (uint64_t)r->row2 - r->row1 + 1;

        if (h > TALL_MERGE)
            tall++;
        else
            total += h;
    }
    if (total > MAX_MERGE_ENTRIES || tall > 256) {
        mi->linear = true;
        return KAIJI_OK;
    }
    mi->entries = malloc((total ? total : 1) * sizeof *mi->entries);
    mi->tall = malloc((tall ? tall : 1) * sizeof *mi->tall);
    if (!mi->entries || !mi->tall)
        return KAIJI_ERROR_NOMEM;
    for (i = 0; i < sheet->merge_count; i++) {
        const kaiji_range *r = &sheet->merges[i];
        uint64_t k, h = (uint64_t)r->row2 - r->row1 + 1;

        if (h > TALL_MERGE) {
            mi->tall[mi->tall_count++] = r;
            continue;
        }
        for (k = 0; k < h; k++)
            mi->entries[mi->count++] = (merge_entry){ r->row1 + (uint32_t)k, r->col1,
                                                      r->col2, r };
    }
    if (mi->count)
        qsort(mi->entries, mi->count, sizeof *mi->entries, cmp_merge_entry);
    return KAIJI_OK;
}

void kaiji_rec_merge_index_free(merge_index *mi)
{
    free(mi->entries);
    free(mi->tall);
    memset(mi, 0, sizeof *mi);
}

const kaiji_range *kaiji_rec_merge_find(const merge_index *mi,
                                        const kaiji_sheet *sheet, uint32_t row,
                                        uint32_t col)
{
    size_t lo = 0, hi, i;

    if (!sheet->merge_count)
        return NULL;
    if (mi->linear)
        return kaiji_sheet_merge_at(sheet, row, col);
    hi = mi->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const merge_entry *e = &mi->entries[mid];

        if (e->row < row || (e->row == row && e->col1 <= col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0) {
        const merge_entry *e = &mi->entries[lo - 1];

        if (e->row == row && col >= e->col1 && col <= e->col2)
            return e->range;
    }
    for (i = 0; i < mi->tall_count; i++) {
        const kaiji_range *r = mi->tall[i];

        if (row >= r->row1 && row <= r->row2 && col >= r->col1 && col <= r->col2)
            return r;
    }
    return NULL;
}
