/*
 * parser/titles.c - titles and kinds: which of the vocabulary's title rules
 * a sheet's title phrases meet best, and the kind of document that makes
 * (a title shared by kinds is settled by the clues around it; a sheet
 * without a title is an MDS2 when its item IDs are MDS2 questions).
 */
#include <stdint.h>

#include "parser/recognize_internal.h"

static int popcount64(uint64_t x)
{
    int n = 0;

    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* true when title hit h stands above what ends a disclosure's head: the
 * title or the table of line items of another document (a quotation whose
 * line item names the checklist is no checklist). */
static bool title_counts(const sheet_scan *s, const title_hit *h)
{
    return !s->other_row || h->row < s->other_row;
}

void kaiji_rec_best_title(rec *r, sheet_scan *s)
{
    size_t i, k, rules = kaiji_vocab_title_rule_count(r->v);
    uint64_t all = 0;

    s->title_rule = -1;
    s->title_score = 0;
    for (k = 0; k < s->ntitles; k++)
        if (title_counts(s, &s->titles[k]))
            all |= s->titles[k].mask;
    for (i = 0; i < rules; i++) {
        uint64_t need = kaiji_vocab_title_rule_mask(r->v, i);
        int score, best_bits = -1;
        bool one_cell = false;
        cell_pos at = { 0, 0 };

        if ((all & need) != need)
            continue;
        for (k = 0; k < s->ntitles; k++) {
            int bits = popcount64(s->titles[k].mask & need);

            if (!title_counts(s, &s->titles[k]))
                continue;
            if ((s->titles[k].mask & need) == need)
                one_cell = true;
            if (s->titles[k].row && bits > best_bits) {
                best_bits = bits;
                at = (cell_pos){ s->titles[k].row, s->titles[k].col };
            }
        }
        score = popcount64(need) * 4 + (one_cell ? 2 : 0);
        if (score > s->title_score) {
            s->title_score = score;
            s->title_rule = (int)i;
            s->title_at = at;
        }
    }
}

kaiji_kind kaiji_rec_decide_kind(rec *r, const sheet_scan *primary,
                                 const sheet_scan **title_sheet)
{
    const sheet_scan *ts = primary->title_rule >= 0 ? primary : NULL;
    kaiji_kind kinds[KAIJI_KIND__COUNT];
    size_t nk, i, k, votes[KAIJI_KIND__COUNT] = { 0 };
    kaiji_kind best;

    for (i = 0; !ts && i < r->nscans; i++) {
        const sheet_scan *s = &r->scans[i];

        if (s->title_rule >= 0 && !s->sheet->hidden &&
            (!ts || s->title_score > ts->title_score))
            ts = s;
    }
    *title_sheet = ts;
    if (!ts)
        return primary->mds2_ids >= 3 ? KAIJI_KIND_MDS2 : KAIJI_KIND_UNKNOWN;
    nk = kaiji_vocab_title_rule_kinds(r->v, (size_t)ts->title_rule, kinds);
    if (nk <= 1)
        return nk ? kinds[0] : KAIJI_KIND_UNKNOWN;
    for (i = 0; i < r->nscans; i++) {
        const sheet_scan *s = &r->scans[i];

        if (s->sheet->hidden && s != primary)
            continue;
        for (k = 0; k < s->nclues; k++) {
            size_t j;

            if (kaiji_rec_in_table(s, s->clues[k].row))
                continue;
            for (j = 0; j < KAIJI_KIND__COUNT; j++)
                if (s->clues[k].kinds & (1u << j))
                    votes[j]++;
        }
    }
    best = kinds[0];
    for (i = 1; i < nk; i++)
        if (votes[kinds[i]] > votes[best])
            best = kinds[i];
    return best;
}
