/*
 * parser/sheets.c - a workbook read sheet by sheet, for `kaiji catalog
 * import`.  kaiji_read_file() gives one document per file: of a workbook
 * holding several forms side by side (the MHLW checklist's 事業者確認用 and
 * 医療機関確認用 sheets) it keeps the best sheet.  Here each visible sheet
 * that reads as a form by itself becomes a document of its own, and the
 * cells stay at hand, so that the answer targets a blank form offers an item
 * (サーバ, 端末PC, ネットワーク機器) can be read from its empty cells.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "parser/readers.h"
#include "text/text.h"

/* Appends doc to forms (which then owns it); false when memory runs out. */
static bool forms_push(kaiji_forms *forms, kaiji_document *doc)
{
    kaiji_document **grown = realloc(forms->docs, (forms->count + 1) * sizeof(*grown));
    if (!grown)
        return false;
    forms->docs = grown;
    forms->docs[forms->count++] = doc;
    return true;
}

/*
 * Recognises sheet i of wb alone into a new document *out (path and
 * sha256 as like's): a view of the workbook holding that one sheet goes
 * through kaiji_recognize().
 */
static int recognize_sheet(kaiji_document **out, const kaiji_document *like,
                           const kaiji_workbook *wb, size_t i, const kaiji_vocab *vocab)
{
    kaiji_workbook view = *wb;
    kaiji_document *doc = kaiji_document_new(like->path);
    int rc;

    *out = NULL;
    if (!doc)
        return KAIJI_ERROR_NOMEM;
    memcpy(doc->sha256, like->sha256, sizeof(doc->sha256));
    doc->format = like->format;
    view.sheets = &wb->sheets[i];
    view.sheet_count = 1;
    view.sheet_cap = 1;
    rc = kaiji_recognize(doc, &view, vocab);
    if (rc != KAIJI_OK) {
        kaiji_document_free(doc);
        return rc;
    }
    *out = doc;
    return KAIJI_OK;
}

/* Gives doc what the whole file says and its own sheet did not: the form
 * version (with its text and place) and the guideline. */
static int inherit(kaiji_document *doc, const kaiji_document *whole)
{
    if ((!doc->form_version || !*doc->form_version) && whole->form_version &&
        *whole->form_version) {
        const char *fv = whole->fields[KAIJI_FIELD_FORM_VERSION];
        const char *loc = whole->field_locations[KAIJI_FIELD_FORM_VERSION];
        if (!(doc->form_version = kaiji_arena_strdup(doc->arena, whole->form_version)))
            return KAIJI_ERROR_NOMEM;
        if (fv && !(doc->fields[KAIJI_FIELD_FORM_VERSION] = kaiji_arena_strdup(doc->arena, fv)))
            return KAIJI_ERROR_NOMEM;
        if (loc && !(doc->field_locations[KAIJI_FIELD_FORM_VERSION] =
                         kaiji_arena_strdup(doc->arena, loc)))
            return KAIJI_ERROR_NOMEM;
    }
    if ((!doc->guideline || !*doc->guideline) && whole->guideline && *whole->guideline &&
        !(doc->guideline = kaiji_arena_strdup(doc->arena, whole->guideline)))
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

/*
 * Splits the XLSX or ODS workbook of whole into its forms: each visible sheet that
 * reads as a form by itself (a kind and items), in sheet order, one per kind
 * (of two sheets of one kind, the one with more items).  Fewer than two
 * kinds: forms keeps whole alone.  forms owns whole from here on.
 */
static int split_workbook(kaiji_forms *forms, kaiji_document *whole, const char *path,
                          const kaiji_limits *limits, const kaiji_vocab *vocab)
{
    char *data = NULL;
    size_t size = 0, nsheets = 0, kinds = 0;
    kaiji_document *scratch = NULL, **by_sheet = NULL;
    size_t best[KAIJI_KIND__COUNT];
    int rc;

    rc = kaiji_file_read(&data, &size, path,
                         limits->max_file_size > SIZE_MAX - 1 ? SIZE_MAX - 1
                                                              : (size_t)limits->max_file_size,
                         NULL, NULL);
    if (rc == KAIJI_ERROR_IO) {
        rc = KAIJI_OK; /* read once already: keep what that gave */
        goto whole_only;
    }
    if (rc != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    if (!(scratch = kaiji_document_new(path)))
        goto error;
    if (whole->format == KAIJI_FORMAT_ODS)
        rc = kaiji_ods_workbook(&forms->wb, scratch, (const unsigned char *)data, size, limits);
    else
        rc = kaiji_xlsx_workbook(&forms->wb, scratch, (const unsigned char *)data, size,
                                 limits);
    if (rc != KAIJI_OK)
        goto error;
    if (!forms->wb || !forms->wb->sheet_count)
        goto whole_only;
    nsheets = forms->wb->sheet_count;
    rc = KAIJI_ERROR_NOMEM;
    if (!(by_sheet = calloc(nsheets, sizeof(*by_sheet))))
        goto error;
    for (size_t k = 0; k < KAIJI_KIND__COUNT; k++)
        best[k] = nsheets;
    for (size_t i = 0; i < nsheets; i++) {
        kaiji_document *doc = NULL;
        if (forms->wb->sheets[i]->hidden || !forms->wb->sheets[i]->sorted)
            continue;
        if ((rc = recognize_sheet(&doc, whole, forms->wb, i, vocab)) != KAIJI_OK)
            goto error;
        size_t *b = &best[doc->kind];
        if (doc->kind == KAIJI_KIND_UNKNOWN || doc->item_count == 0 ||
            (*b < nsheets && by_sheet[*b]->item_count >= doc->item_count)) {
            kaiji_document_free(doc);
            continue;
        }
        if (*b == nsheets) {
            kinds++;
        } else {
            kaiji_document_free(by_sheet[*b]);
            by_sheet[*b] = NULL;
        }
        *b = i;
        by_sheet[i] = doc;
    }
    if (kinds < 2)
        goto whole_only;
    for (size_t i = 0; i < nsheets; i++) {
        if (!by_sheet[i])
            continue;
        if ((rc = inherit(by_sheet[i], whole)) != KAIJI_OK)
            goto error;
        if (!forms_push(forms, by_sheet[i])) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        by_sheet[i] = NULL;
    }
    kaiji_document_free(whole);
    kaiji_document_free(scratch);
    free(by_sheet);
    free(data);
    return KAIJI_OK;

whole_only:
    for (size_t i = 0; by_sheet && i < nsheets; i++)
        kaiji_document_free(by_sheet[i]);
    free(by_sheet);
    kaiji_document_free(scratch);
    free(data);
    if (!forms_push(forms, whole)) {
        kaiji_document_free(whole);
        return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
error:
    for (size_t i = 0; by_sheet && i < nsheets; i++)
        kaiji_document_free(by_sheet[i]);
    free(by_sheet);
    kaiji_document_free(scratch);
    kaiji_document_free(whole);
    free(data);
    return rc;
}

int kaiji_read_forms(kaiji_forms *out, const char *path, const kaiji_read_options *opts,
                     const kaiji_vocab *vocab)
{
    kaiji_document *whole = NULL;
    kaiji_limits limits;
    int rc;

    memset(out, 0, sizeof(*out));
    kaiji_limits_init(&limits);
    if (opts && opts->limits.max_file_size)
        limits.max_file_size = opts->limits.max_file_size;
    rc = kaiji_read_file(&whole, path, opts);
    if (rc != KAIJI_OK && rc != KAIJI_ERROR_IO)
        return rc;
    if (rc == KAIJI_ERROR_IO || !whole->readable || (whole->format != KAIJI_FORMAT_XLSX && whole->format != KAIJI_FORMAT_ODS) ||
        !vocab) {
        if (!forms_push(out, whole)) {
            kaiji_document_free(whole);
            return KAIJI_ERROR_NOMEM;
        }
        return rc;
    }
    if (opts) {
        kaiji_limits in = opts->limits;
        if (in.max_part_size) limits.max_part_size = in.max_part_size;
        if (in.max_total_size) limits.max_total_size = in.max_total_size;
        if (in.max_ratio) limits.max_ratio = in.max_ratio;
        if (in.ratio_min_size) limits.ratio_min_size = in.ratio_min_size;
        if (in.max_zip_entries) limits.max_zip_entries = in.max_zip_entries;
        if (in.max_cells) limits.max_cells = in.max_cells;
    }
    rc = split_workbook(out, whole, path, &limits, vocab);
    if (rc != KAIJI_OK)
        kaiji_forms_free(out);
    return rc;
}

void kaiji_forms_free(kaiji_forms *forms)
{
    if (!forms)
        return;
    for (size_t i = 0; i < forms->count; i++)
        kaiji_document_free(forms->docs[i]);
    free(forms->docs);
    kaiji_workbook_free(forms->wb);
    memset(forms, 0, sizeof(*forms));
}

const kaiji_sheet *kaiji_location_sheet(const kaiji_workbook *wb, const char *location,
                                        uint32_t *row)
{
    char name[1024];
    size_t n = 0;
    const char *p = location;
    uint32_t r, c;

    if (!wb || !location)
        return NULL;
    if (*p == '\'') {
        for (p++; *p && n + 1 < sizeof(name); p++) {
            if (*p == '\'' && p[1] == '\'') {
                name[n++] = '\'';
                p++;
            } else if (*p == '\'') {
                break;
            } else {
                name[n++] = *p;
            }
        }
        if (*p != '\'' || p[1] != '!')
            return NULL;
        p += 2;
    } else {
        const char *bang = strrchr(p, '!');
        if (!bang || (size_t)(bang - p) >= sizeof(name))
            return NULL;
        n = (size_t)(bang - p);
        memcpy(name, p, n);
        p = bang + 1;
    }
    name[n] = '\0';
    if (!kaiji_cellref_parse(p, &r, &c))
        return NULL;
    for (size_t i = 0; i < wb->sheet_count; i++)
        if (strcmp(wb->sheets[i]->name, name) == 0) {
            if (row)
                *row = r;
            return wb->sheets[i];
        }
    return NULL;
}

/*
 * Finds the rows of sh holding two target labels or more (サーバ | 端末PC |
 * ネットワーク機器: a table's target header), in one pass over its cells,
 * into cache.  KAIJI_ERROR_NOMEM when memory runs out.
 */
static int find_headers(kaiji_target_headers *cache, const kaiji_sheet *sh,
                        const kaiji_vocab *v)
{
    kaiji_target_header cur = {0};

    kaiji_target_headers_free(cache);
    cache->sheet = sh;
    for (size_t i = 0; i <= sh->cell_count; i++) {
        const kaiji_cell *c = i < sh->cell_count ? &sh->cells[i] : NULL;
        if (!c || c->row != cur.row) {
            if (cur.count >= 2) {
                kaiji_target_header *grown =
                    realloc(cache->rows, (cache->count + 1) * sizeof(*grown));
                if (!grown)
                    return KAIJI_ERROR_NOMEM;
                cache->rows = grown;
                cache->rows[cache->count++] = cur;
            }
            memset(&cur, 0, sizeof(cur));
            if (!c)
                break;
            cur.row = c->row;
        }
        kaiji_column_label lab;
        char *key;
        if (c->type != KAIJI_CELL_STRING || cur.count == KAIJI_MAX_TARGETS ||
            strlen(c->text) > 64)
            continue;
        if (!(key = kaiji_text_key(c->text)))
            continue;
        if (kaiji_vocab_column(v, key, &lab) && lab.role == KAIJI_COLUMN_TARGET) {
            const kaiji_range *m = kaiji_sheet_merge_at(sh, c->row, c->col);
            cur.c1[cur.count] = c->col;
            cur.c2[cur.count] = m ? m->col2 : c->col;
            cur.names[cur.count] = lab.name;
            cur.count++;
        }
        cur.lists_tell = -1;
        free(key);
    }
    return KAIJI_OK;
}

void kaiji_target_headers_free(kaiji_target_headers *cache)
{
    if (!cache)
        return;
    free(cache->rows);
    memset(cache, 0, sizeof(*cache));
}

/* true when text marks a target an item does not ask about: a stroke, a
 * slash, 対象外 or 斜線 printed in its cell. */
static bool struck_out(const char *text)
{
    static const char *const strokes[] = {"-", "－", "―", "‐", "ー", "/", "／", "＼", "\\",
                                          "斜線", "対象外", "なし", "×", "✕"};
    char *t = kaiji_text_trim(text);
    bool hit = false;
    for (size_t i = 0; t && i < sizeof(strokes) / sizeof(strokes[0]) && !hit; i++)
        hit = strcmp(t, strokes[i]) == 0;
    free(t);
    return hit;
}

/* Rows under a target header looked at to tell whether its lists tell. */
#define LIST_ROWS 500u

/* true when row's cell in target column i of h is merged over the next
 * target's column too: one answer for the row. */
static bool spans_targets(const kaiji_sheet *sh, const kaiji_target_header *h, uint32_t row)
{
    for (size_t i = 0; i + 1 < h->count; i++) {
        const kaiji_range *m = kaiji_sheet_merge_at(sh, row, h->c1[i]);
        if (m && m->col2 >= h->c1[i + 1])
            return true;
    }
    return false;
}

/* Sets h->lists_tell: whether, in the rows under h (up to the next header,
 * LIST_ROWS at most), some row has a drop-down list in some target cells
 * and not in others. */
static void look_at_lists(const kaiji_sheet *sh, kaiji_target_header *h, uint32_t end)
{
    h->lists_tell = 0;
    if (!sh->validation_count)
        return;
    for (uint32_t r = h->row + 1; r <= end && r <= h->row + LIST_ROWS && !h->lists_tell; r++) {
        size_t with = 0;
        if (spans_targets(sh, h, r))
            continue;
        for (size_t i = 0; i < h->count; i++)
            with += kaiji_sheet_validation_at(sh, r, h->c1[i]) != NULL;
        h->lists_tell = with > 0 && with < h->count;
    }
}

int kaiji_blank_targets(const kaiji_workbook *wb, const kaiji_vocab *vocab,
                        kaiji_target_headers *cache, const kaiji_item *item,
                        const char *names[KAIJI_MAX_TARGETS], size_t *count, bool *known)
{
    kaiji_target_header *h = NULL;
    uint32_t row = 0, end;
    size_t n = 0, i;
    bool text_seen = false;

    *count = 0;
    *known = false;
    const kaiji_sheet *sh = kaiji_location_sheet(wb, item ? item->location : NULL, &row);
    if (!sh || !vocab)
        return KAIJI_OK;
    if (cache->sheet != sh && find_headers(cache, sh, vocab) != KAIJI_OK)
        return KAIJI_ERROR_NOMEM;
    /* The header nearest above the item's row. */
    for (i = 0; i < cache->count && cache->rows[i].row < row; i++)
        h = &cache->rows[i];
    if (!h) {
        *known = true; /* no target columns: the item takes one answer */
        return KAIJI_OK;
    }
    if (spans_targets(sh, h, row)) {
        *known = true; /* one cell over the targets: one answer */
        return KAIJI_OK;
    }
    end = i < cache->count ? cache->rows[i].row - 1 : sh->max_row;
    for (i = 0; i < h->count; i++) {
        const kaiji_cell *c = kaiji_sheet_value(sh, row, h->c1[i]);
        if (!c || kaiji_text_blank(c->text))
            continue;
        *known = true;
        if (struck_out(c->text))
            continue;
        names[n++] = h->names[i];
        text_seen = true;
    }
    if (!text_seen) {
        if (h->lists_tell < 0)
            look_at_lists(sh, h, end);
        for (i = 0; h->lists_tell && i < h->count; i++)
            if (kaiji_sheet_validation_at(sh, row, h->c1[i])) {
                names[n++] = h->names[i];
                *known = true;
            }
    }
    *count = n;
    return KAIJI_OK;
}
