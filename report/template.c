/*
 * report/template.c - the blank contract register (report/template.h),
 * written with libxlsxwriter from the vocabulary the importer reads,
 * formats/vocab/register.json: its headers, its contract types, its yes/no
 * words and its document names are the template's, so what the template
 * offers is what the importer accepts.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "report/lxw.h"

#include "formats/embedded.h"
#include "report/csv.h"
#include "report/template.h"
#include "text/text.h"

#define VOCAB_PATH "formats/vocab/register.json"
/* The rows the drop-down lists and date formats cover, header included. */
#define TEMPLATE_ROWS 1000
/* The most columns a register template has. */
#define MAX_COLUMNS 32
/* Excel's limit on a drop-down list written in the validation itself. */
#define LIST_MAX_CHARS 255

/* The display width of UTF-8 text, a wide character counting two. */
static double width_of(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    double w = 0;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            p++;
            w += 1;
            continue;
        }
        p += n;
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? cw : 0;
    }
    return w;
}

/* The first string of the array item, or NULL. */
static const char *first_of(const cJSON *array)
{
    return cJSON_GetStringValue(cJSON_GetArrayItem(array, 0));
}

/* A NULL-terminated list of strings for a drop-down, with the texts it owns. */
typedef struct choice_list {
    char *items[16];
    size_t count, chars;
} choice_list;

static void choices_free(choice_list *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->items[i]);
    memset(c, 0, sizeof *c);
}

/* Adds a copy of text; false when memory runs out.  A text that would not
 * fit (the list full, Excel's 255 characters, a comma) is left out. */
static bool choices_add(choice_list *c, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (!len || strchr(text, ',') || c->count + 1 >= sizeof c->items / sizeof c->items[0] ||
        c->chars + len + 1 > LIST_MAX_CHARS)
        return true;
    if (!(c->items[c->count] = strdup(text)))
        return false;
    c->count++;
    c->chars += len + 1;
    c->items[c->count] = NULL;
    return true;
}

/* The contract types: the first label of each. */
static bool type_choices(choice_list *c, const cJSON *vocab)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(vocab, "types"))
        if (!choices_add(c, first_of(cJSON_GetObjectItemCaseSensitive(t, "labels"))))
            return false;
    return c->count > 0;
}

/* The first yes word and the first no word. */
static bool patient_choices(choice_list *c, const cJSON *vocab)
{
    return choices_add(c, first_of(cJSON_GetObjectItemCaseSensitive(vocab, "yes"))) &&
           choices_add(c, first_of(cJSON_GetObjectItemCaseSensitive(vocab, "no"))) &&
           c->count == 2;
}

/* Every non-empty combination of the documents, in their order, joined by
 * the first separator: MDS, SDS, MDS、SDS, チェックリスト, … */
static bool document_choices(choice_list *c, const cJSON *vocab)
{
    const cJSON *docs = cJSON_GetObjectItemCaseSensitive(vocab, "documents");
    const char *sep = first_of(cJSON_GetObjectItemCaseSensitive(vocab, "document_separators"));
    const char *names[3];
    size_t n = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, docs) {
        if (n == 3 || !(names[n] = first_of(d)))
            return false;
        n++;
    }
    if (n == 0 || !sep)
        return false;
    /* By how many documents, then in their order. */
    for (size_t size = 1; size <= n; size++)
        for (unsigned mask = 1; mask < (1u << n); mask++) {
            char buf[256] = "";
            size_t bits = 0;
            for (size_t i = 0; i < n; i++)
                bits += (mask >> i) & 1u;
            if (bits != size)
                continue;
            for (size_t i = 0; i < n; i++)
                if (mask & (1u << i)) {
                    if (buf[0])
                        strncat(buf, sep, sizeof buf - strlen(buf) - 1);
                    strncat(buf, names[i], sizeof buf - strlen(buf) - 1);
                }
            if (!choices_add(c, buf))
                return false;
        }
    return true;
}

/* One column of the template. */
typedef struct column {
    const char *key;    /* the vocabulary's column name, "notes" for the notes */
    const char *header;
    double width;
} column;

/* Adds the drop-down list and note of column col (input: [title, text]). */
static lxw_error add_validation(const kaiji_lxw *lxw, lxw_worksheet *ws, lxw_col_t col,
                                choice_list *list, const cJSON *input)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    if (list) {
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = list->items;
        /* A word the list lacks may still be typed (the importer knows
         * more words than the list shows): Excel warns, and lets it be. */
        v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    } else {
        v.validate = LXW_VALIDATION_TYPE_ANY;
    }
    const char *title = cJSON_GetStringValue(cJSON_GetArrayItem(input, 0));
    const char *text = cJSON_GetStringValue(cJSON_GetArrayItem(input, 1));
    if (title && text) {
        v.input_title = (char *)(uintptr_t)title;
        v.input_message = (char *)(uintptr_t)text;
    } else if (!list) {
        return LXW_NO_ERROR;
    }
    return worksheet_data_validation_range(ws, 1, col, TEMPLATE_ROWS - 1, col, &v);
}

int kaiji_register_template_write(const char *path)
{
    int rc = KAIJI_ERROR_CATALOG;
    cJSON *vocab = NULL;
    lxw_workbook *wb = NULL;
    choice_list types = {0}, patient = {0}, docs = {0};
    column cols[MAX_COLUMNS];
    lxw_col_t ncols = 0;
    lxw_error e = LXW_NO_ERROR;
    kaiji_lxw fns;
    const kaiji_lxw *lxw = &fns;

    if (!kaiji_lxw_load(&fns, NULL))
        return KAIJI_ERROR_NOT_FOUND;
    const kaiji_embedded_file *vf = kaiji_embedded_find(VOCAB_PATH);
    if (!vf)
        goto error;
    if (!(vocab = cJSON_ParseWithLength(vf->data, vf->size))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(vocab, "template");
    const cJSON *example = cJSON_GetObjectItemCaseSensitive(tmpl, "example");
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(tmpl, "input");
    const char *sheet_name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tmpl, "sheet"));
    const char *notes =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tmpl, "notes_column"));
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(vocab, "columns")) {
        if (ncols + 1 >= MAX_COLUMNS || !first_of(c))
            goto error;
        cols[ncols++] = (column){c->string, first_of(c), 0};
    }
    if (ncols == 0 || !sheet_name || !notes || !cJSON_IsObject(example))
        goto error;
    cols[ncols++] = (column){"notes", notes, 0};
    rc = KAIJI_ERROR_NOMEM;
    if (!type_choices(&types, vocab) || !patient_choices(&patient, vocab) ||
        !document_choices(&docs, vocab)) {
        rc = types.count && patient.count == 2 && docs.count ? KAIJI_ERROR_NOMEM
                                                              : KAIJI_ERROR_CATALOG;
        goto error;
    }

    rc = KAIJI_ERROR_IO;
    if (!(wb = workbook_new(path)))
        goto error;
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
    lxw_format *header = workbook_add_format(wb);
    lxw_format *date = workbook_add_format(wb);
    lxw_format *text = workbook_add_format(wb);
    if (!ws || !header || !date || !text)
        goto error;
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(date, "yyyy/mm/dd");
    /* Text cells stay text: a contract ID 0012 keeps its zeros. */
    format_set_num_format(text, "@");

    for (lxw_col_t i = 0; i < ncols; i++) {
        column *col = &cols[i];
        bool is_date = strcmp(col->key, "requested") == 0 || strcmp(col->key, "due") == 0;
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(example, col->key));
        double w = width_of(col->header);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, 0, i, col->header, header);
        if (e == LXW_NO_ERROR && v && *v) {
            kaiji_date d;
            if (is_date && kaiji_text_parse_date(v, &d)) {
                lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
                e = worksheet_write_datetime(ws, 1, i, &dt, date);
                w = w > 11 ? w : 11;
            } else {
                e = worksheet_write_string(ws, 1, i, v, is_date ? NULL : text);
                double vw = width_of(v);
                w = vw > w ? vw : w;
            }
        }
        if (strcmp(col->key, "type") == 0 || strcmp(col->key, "required") == 0)
            w = w > 22 ? w : 22;
        w = w < 8 ? 8 : w > 48 ? 48 : w;
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(ws, i, i, w + 2, is_date ? date : text);
        choice_list *list = strcmp(col->key, "type") == 0           ? &types
                            : strcmp(col->key, "patient_data") == 0 ? &patient
                            : strcmp(col->key, "required") == 0     ? &docs
                                                                    : NULL;
        if (e == LXW_NO_ERROR)
            e = add_validation(lxw, ws, i, list, cJSON_GetObjectItemCaseSensitive(input, col->key));
    }
    if (e == LXW_NO_ERROR)
        e = worksheet_set_row(ws, 0, 30, NULL);
    if (e != LXW_NO_ERROR) {
        rc = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
        goto error;
    }
    worksheet_freeze_panes(ws, 1, 0);
    e = workbook_close(wb);
    wb = NULL;
    rc = e == LXW_NO_ERROR                       ? KAIJI_OK
         : e == LXW_ERROR_MEMORY_MALLOC_FAILED ? KAIJI_ERROR_NOMEM
                                               : KAIJI_ERROR_IO;
error:
    if (wb) {
        /* Closing writes what there is; the caller is told it failed. */
        (void)workbook_close(wb);
        remove(path);
    }
    choices_free(&types);
    choices_free(&patient);
    choices_free(&docs);
    cJSON_Delete(vocab);
    return rc;
}

int kaiji_register_template_csv(FILE *out)
{
    const kaiji_embedded_file *vf = kaiji_embedded_find(VOCAB_PATH);
    cJSON *vocab = vf ? cJSON_ParseWithLength(vf->data, vf->size) : NULL;
    const cJSON *c, *example, *tmpl;
    const char *notes;
    if (!vocab)
        return vf ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_CATALOG;
    tmpl = cJSON_GetObjectItemCaseSensitive(vocab, "template");
    example = cJSON_GetObjectItemCaseSensitive(tmpl, "example");
    notes = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tmpl, "notes_column"));
    if (!notes || !cJSON_IsObject(example)) {
        cJSON_Delete(vocab);
        return KAIJI_ERROR_CATALOG;
    }
    fputs(KAIJI_TEXT_BOM, out);
    for (int row = 0; row < 2; row++) {
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(vocab, "columns")) {
            const char *v = row == 0 ? first_of(c)
                                     : cJSON_GetStringValue(
                                           cJSON_GetObjectItemCaseSensitive(example, c->string));
            kaiji_csv_field(out, v ? v : "", false);
        }
        kaiji_csv_field(out, row == 0 ? notes : "", true);
    }
    cJSON_Delete(vocab);
    return ferror(out) ? KAIJI_ERROR_IO : KAIJI_OK;
}
