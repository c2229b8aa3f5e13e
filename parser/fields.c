/*
 * parser/fields.c - the document's header fields and what is read from
 * them: a field's value next to its label (after its colon, to its right or
 * below it), the form version (from the field, the title, a cell or line
 * stating it, or the document properties) and the document date.  A field
 * is set once, by the first place that gives it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/recognize_internal.h"
#include "text/text.h"

#define MAX_VERSION_LINES 256 /* cells looked at for a form version stated in a line */
#define MAX_LINE_BYTES 1024   /* longer cells state no form version */

int kaiji_rec_set_field(rec *r, kaiji_field f, const char *text, const char *loc,
                        const kaiji_cell *cell)
{
    int rc;

    if (r->field_set[f] || kaiji_text_blank(text))
        return KAIJI_OK;
    rc = kaiji_document_set_field(r->doc, f, text, loc);
    if (rc != KAIJI_OK)
        return rc;
    r->field_set[f] = true;
    r->field_cells[f] = cell;
    return KAIJI_OK;
}

/* true when cell holds a label (field or column). */
static bool is_label(rec *r, const kaiji_cell *c)
{
    classified cl;

    if (!c || c->type != KAIJI_CELL_STRING || strlen(c->text) > 3 * r->label_max + 24)
        return false;
    if (!kaiji_rec_classify_text(r, c->text, &cl))
        return false;
    return cl.is_column || cl.field != KAIJI_FIELD__COUNT;
}

/* The value of a header-field label: after its colon, to its right in the
 * same row (past empty and merged cells), or below it. */
static int field_from_hit(rec *r, const sheet_scan *s, const field_hit *h)
{
    const kaiji_range *m = kaiji_rec_merge_find(&s->mi, s->sheet, h->row, h->col);
    uint32_t end = m ? m->col2 : h->col, below = m ? m->row2 + 1 : h->row + 1;
    const kaiji_cell *cells, *v = NULL;
    size_t n, i;

    if (h->inline_value && !kaiji_text_blank(h->inline_value)) {
        const char *loc = kaiji_rec_location(r, s->sheet, h->row, h->col);

        if (!loc)
            return KAIJI_ERROR_NOMEM;
        return kaiji_rec_set_field(r, h->field, h->inline_value, loc, NULL);
    }
    n = kaiji_sheet_row(s->sheet, h->row, &cells);
    for (i = 0; i < n; i++) {
        if (cells[i].col <= end || kaiji_rec_cell_blank(&cells[i]))
            continue;
        if (cells[i].col - end <= 16 && !is_label(r, &cells[i]))
            v = &cells[i];
        break;
    }
    if (!v) {
        v = kaiji_rec_value_at(s, below, h->col);
        if (kaiji_rec_cell_blank(v) || is_label(r, v))
            v = NULL;
    }
    if (!v)
        return KAIJI_OK;
    return kaiji_rec_set_field(r, h->field, v->text,
                               kaiji_rec_location(r, s->sheet, v->row, v->col), v);
}

int kaiji_rec_fields_from_sheet(rec *r, const sheet_scan *s)
{
    size_t i;
    int rc;

    for (i = 0; i < s->nfields; i++) {
        const field_hit *h = &s->fields[i];

        if (r->field_set[h->field] || kaiji_rec_in_table(s, h->row))
            continue;
        if ((rc = field_from_hit(r, s, h)) != KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

/* Sets the form version from text (found at loc) for the kind; true when
 * the text gave one. */
static bool version_from(rec *r, const char *text, const char *loc, bool set_raw,
                         int *rc)
{
    kaiji_document *doc = r->doc;
    char *norm = NULL;
    bool ok = false;

    *rc = KAIJI_OK;
    switch (doc->kind) {
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_SDS:
        ok = kaiji_text_mds_version(text, &norm);
        break;
    case KAIJI_KIND_VENDOR_CHECKLIST:
    case KAIJI_KIND_HOSPITAL_CHECKLIST:
        ok = kaiji_text_checklist_edition(text, &norm);
        break;
    default:
        break;
    }
    if (!ok) {
        free(norm);
        return false;
    }
    doc->form_version = kaiji_arena_strdup(doc->arena, norm);
    free(norm);
    if (!doc->form_version)
        *rc = KAIJI_ERROR_NOMEM;
    else if (set_raw)
        *rc = kaiji_rec_set_field(r, KAIJI_FIELD_FORM_VERSION, text, loc, NULL);
    return true;
}

/* true when text may state a version: it holds a v (Ver, V5.0, full-width
 * too) or 版, and is not too long to be a line. */
static bool maybe_version(const char *text)
{
    return strlen(text) <= MAX_LINE_BYTES &&
           (strpbrk(text, "vV") || strstr(text, "\xE7\x89\x88") /* 版 */ ||
            strstr(text, "\xEF\xBC\xB6") /* Ｖ */ || strstr(text, "\xEF\xBD\x96") /* ｖ */);
}

/* true when cell c of s is a header field's label or value (found or read
 * inline), where a version would be the product's or the guideline's. */
static bool field_cell(rec *r, const sheet_scan *s, const kaiji_cell *c)
{
    size_t i;

    for (i = 0; i < KAIJI_FIELD__COUNT; i++)
        if (r->field_cells[i] == c)
            return true;
    for (i = 0; i < s->nfields; i++)
        if (s->fields[i].row == c->row && s->fields[i].col == c->col)
            return true;
    return is_label(r, c);
}

/* true when cell c of s stands as a line of its own: nothing left of it in
 * its row but the title, and no label above it (whose value it would be). */
static bool stands_alone(rec *r, const sheet_scan *s, const kaiji_cell *c)
{
    const kaiji_cell *cells;
    size_t n = kaiji_sheet_row(s->sheet, c->row, &cells), i, k;

    for (i = 0; i < n && cells[i].col < c->col; i++) {
        bool title = false;

        if (kaiji_rec_cell_blank(&cells[i]))
            continue;
        for (k = 0; k < s->ntitles && !title; k++)
            title = s->titles[k].row == c->row && s->titles[k].col == cells[i].col;
        if (!title)
            return false;
    }
    return c->row < 2 || !is_label(r, kaiji_rec_value_at(s, c->row - 1, c->col));
}

/* Sets the MDS/SDS form version from text, a line that states it (found at
 * loc); true when it did.  A line naming a guideline and not the form says
 * nothing of the form; one naming neither counts only when alone (alone). */
static bool version_stated(rec *r, const char *text, const char *loc, bool alone, int *rc)
{
    char *key = kaiji_text_key(text), *norm = NULL;
    bool form, ok = false;

    *rc = KAIJI_OK;
    if (!key)
        return false;
    form = kaiji_vocab_has_word(r->v, KAIJI_WORDS_FORM, key);
    if ((form || (alone && !kaiji_vocab_has_word(r->v, KAIJI_WORDS_GUIDELINE, key))) &&
        kaiji_text_mds_version_stated(text, &norm)) {
        ok = true;
        if (!(r->doc->form_version = kaiji_arena_strdup(r->doc->arena, norm)))
            *rc = KAIJI_ERROR_NOMEM;
        else
            *rc = kaiji_rec_set_field(r, KAIJI_FIELD_FORM_VERSION, text, loc, NULL);
    }
    free(norm);
    free(key);
    return ok;
}

/*
 * The MDS/SDS form version wherever a person would see it on sheet s: the
 * title, the lines under it, the header block, a note under the item table
 * (never inside it), in the sheet's order.  A header field's label or value
 * is passed over, and so is a date.  *found tells whether one was set.
 */
static int version_in_lines(rec *r, const sheet_scan *s, bool *found)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, looked = 0;
    int rc = KAIJI_OK;

    *found = false;
    for (i = 0; i < sh->cell_count && looked < MAX_VERSION_LINES; i++) {
        const kaiji_cell *c = &sh->cells[i];
        const char *loc;
        kaiji_date d;

        if (c->type != KAIJI_CELL_STRING || kaiji_rec_in_table(s, c->row) ||
            !maybe_version(c->text))
            continue;
        looked++;
        if (field_cell(r, s, c) || kaiji_text_parse_date_or_month(c->text, &d))
            continue;
        if (!(loc = kaiji_rec_location(r, sh, c->row, c->col)))
            return KAIJI_ERROR_NOMEM;
        if (version_stated(r, c->text, loc, stands_alone(r, s, c), &rc)) {
            *found = true;
            return rc;
        }
    }
    return rc;
}

/* The MDS/SDS form version from the workbook's document properties (title,
 * subject, keywords, description), when one names the form. */
static int version_in_props(rec *r)
{
    int k, rc = KAIJI_OK;

    for (k = 0; k < KAIJI_PROP__COUNT; k++) {
        const char *text = r->wb->props[k];

        if (text && maybe_version(text) &&
            version_stated(r, text, "docProps/core.xml", false, &rc))
            return rc;
    }
    return rc;
}

int kaiji_rec_find_version(rec *r, const sheet_scan *primary, const sheet_scan *ts)
{
    kaiji_document *doc = r->doc;
    const char *raw = doc->fields[KAIJI_FIELD_FORM_VERSION];
    const sheet_scan *order[2] = { ts, primary };
    size_t i, k;
    int rc = KAIJI_OK;

    if (doc->kind == KAIJI_KIND_MDS2) {
        const sheet_scan *with = NULL;
        const char *edition = NULL;

        if (raw && *raw) {
            char *key = kaiji_text_key(raw);

            edition = key ? kaiji_vocab_mds2_edition(r->v, key) : NULL;
            free(key);
        }
        for (i = 0; i < r->nscans && !edition; i++)
            if (r->scans[i].mds2_edition && (!r->scans[i].sheet->hidden || &r->scans[i] == primary)) {
                with = &r->scans[i];
                edition = with->mds2_edition;
            }
        if (with) {
            const kaiji_cell *c = kaiji_sheet_cell(with->sheet, with->mds2_edition_at.row,
                                                   with->mds2_edition_at.col);
            const char *loc = kaiji_rec_location(r, with->sheet, with->mds2_edition_at.row,
                                                 with->mds2_edition_at.col);

            if (!loc)
                return KAIJI_ERROR_NOMEM;
            if (c && (rc = kaiji_rec_set_field(r, KAIJI_FIELD_FORM_VERSION, c->text, loc,
                                               NULL)) != KAIJI_OK)
                return rc;
        }
        for (k = 0; k < primary->ncands && !edition; k++)
            if (primary->cands[k].cls == ID_MDS2) {
                char prefix[8];
                size_t n = kaiji_rec_count_upper(primary->cands[k].id);

                memcpy(prefix, primary->cands[k].id, n);
                prefix[n] = '\0';
                edition = kaiji_vocab_mds2_default_edition(r->v, prefix);
            }
        if (edition && !(doc->form_version = kaiji_arena_strdup(doc->arena, edition)))
            return KAIJI_ERROR_NOMEM;
        return KAIJI_OK;
    }
    if (raw && *raw && version_from(r, raw, NULL, false, &rc))
        return rc;
    for (i = 0; i < 2; i++) {
        const sheet_scan *s = order[i];

        if (!s || (i == 1 && s == ts))
            continue;
        if (s->title_rule >= 0 && s->title_at.row) {
            const kaiji_cell *c = kaiji_sheet_cell(s->sheet, s->title_at.row, s->title_at.col);
            char *key = c ? kaiji_text_key(c->text) : NULL;
            bool plausible = key && (doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
                                     doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST ||
                                     strstr(key, "ver"));

            free(key);
            if (plausible) {
                const char *loc = kaiji_rec_location(r, s->sheet, c->row, c->col);

                if (!loc)
                    return KAIJI_ERROR_NOMEM;
                if (version_from(r, c->text, loc, true, &rc))
                    return rc;
            }
        }
        for (k = 0; k < s->nversions; k++) {
            const kaiji_cell *c = kaiji_sheet_cell(s->sheet, s->versions[k].row,
                                                   s->versions[k].col);
            kaiji_date d;
            char *key;
            bool plausible;
            const char *loc;

            /* a whole date only: 令和6年5月 alone is a checklist's edition */
            if (!c || kaiji_text_parse_date(c->text, &d) || is_label(r, c))
                continue;
            key = kaiji_text_key(c->text);
            if (!key)
                continue;
            plausible = doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
                        doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST
                            ? (strstr(key, "版") || strstr(key, "年度") || strstr(key, "令和"))
                            : ((strstr(key, "mds") || strstr(key, "sds") ||
                                strstr(key, "開示書")) && strstr(key, "ver"));
            if (strstr(key, "ガイドライン"))
                plausible = false;
            free(key);
            if (!plausible)
                continue;
            loc = kaiji_rec_location(r, s->sheet, c->row, c->col);
            if (!loc)
                return KAIJI_ERROR_NOMEM;
            if (version_from(r, c->text, loc, true, &rc))
                return rc;
        }
    }
    if (rc != KAIJI_OK || (doc->kind != KAIJI_KIND_MDS && doc->kind != KAIJI_KIND_SDS))
        return rc;
    for (i = 0; i < 2; i++) {
        const sheet_scan *s = order[i];
        bool found;

        if (!s || (i == 1 && s == ts))
            continue;
        if ((rc = version_in_lines(r, s, &found)) != KAIJI_OK || found)
            return rc;
    }
    return version_in_props(r);
}

int kaiji_rec_find_date(rec *r)
{
    kaiji_document *doc = r->doc;
    kaiji_date latest = { 0, 0, 0 };
    const char *latest_loc = NULL;
    size_t i, k;

    if (doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
        doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST) {
        for (i = 0; i < doc->item_count; i++)
            for (k = 0; k < doc->items[i].confirmation_count; k++)
                if (kaiji_date_compare(doc->items[i].confirmations[k], latest) > 0) {
                    latest = doc->items[i].confirmations[k];
                    latest_loc = doc->items[i].location;
                }
        if (latest.year) {
            char buf[11];

            doc->date = latest;
            if (!r->field_set[KAIJI_FIELD_DOCUMENT_DATE])
                return kaiji_rec_set_field(r, KAIJI_FIELD_DOCUMENT_DATE,
                                           kaiji_date_format(buf, latest), latest_loc, NULL);
            return KAIJI_OK;
        }
    }
    if (r->field_set[KAIJI_FIELD_DOCUMENT_DATE]) {
        kaiji_date d;

        if (r->field_cells[KAIJI_FIELD_DOCUMENT_DATE]
                ? kaiji_rec_cell_date(r->wb, r->field_cells[KAIJI_FIELD_DOCUMENT_DATE], &d)
                : kaiji_text_parse_date_or_month(doc->fields[KAIJI_FIELD_DOCUMENT_DATE], &d))
            doc->date = d;
    }
    return KAIJI_OK;
}
