/*
 * report/xlsx.c - the status workbook, written with libxlsxwriter (see
 * report/xlsx.h).
 */
#include "report/xlsx.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "report/lxw.h"

#include "formats/embedded.h"
#include "store/details.h"

#define LABELS_PATH "formats/report/labels.json"
#define LABELS_EN_PATH "formats/report/labels-en.json"

/* Excel keeps at most 32767 characters in a cell; longer text is cut. */
#define CELL_MAX_BYTES 32000
/* Column widths, in characters (a kanji counts two). */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0
#define MAX_COLUMNS 16

/* How a state looks: its word and its colours. */
typedef enum look {
    LOOK_GOOD = 0, /* complete, current, valid */
    LOOK_WARN,     /* outdated, missing, warning */
    LOOK_LATE,     /* overdue */
    LOOK_BAD,      /* invalid, unreadable, error */
    LOOK_QUIET,    /* not required, info */
    LOOK__COUNT
} look;

static const struct {
    unsigned bg, fg;
} look_colours[LOOK__COUNT] = {
    [LOOK_GOOD] = {0xC6EFCE, 0x006100}, [LOOK_WARN] = {0xFFEB9C, 0x9C5700},
    [LOOK_LATE] = {0xF8CBAD, 0x843C0C}, [LOOK_BAD] = {0xFFC7CE, 0x9C0006},
    [LOOK_QUIET] = {0xEDEDED, 0x404040},
};

/* A state code and its look; the word comes from the glossary. */
typedef struct state_look {
    const char *code;
    look look;
} state_look;

static const state_look state_looks[] = {
    /* contracts */
    {"complete", LOOK_GOOD},
    {"outdated", LOOK_WARN},
    {"invalid", LOOK_BAD},
    {"missing", LOOK_WARN},
    {"overdue", LOOK_LATE},
    {"not-required", LOOK_QUIET},
    /* documents, and the validator's verdicts */
    {"current", LOOK_GOOD},
    {"valid", LOOK_GOOD},
    {"unreadable", LOOK_BAD},
    {"unchecked", LOOK_QUIET},
    /* findings */
    {"error", LOOK_BAD},
    {"warning", LOOK_WARN},
    {"info", LOOK_QUIET},
};

static look look_of(const char *code)
{
    for (size_t i = 0; i < sizeof state_looks / sizeof state_looks[0]; i++)
        if (strcmp(state_looks[i].code, code) == 0)
            return state_looks[i].look;
    return LOOK_QUIET;
}

/* The glossary of formats/report/labels.json, the words of the HTML reports
 * and of kaiji's messages: group "contract_state", "document_state",
 * "document_status", "severity" or "doc_type". */
typedef struct glossary {
    cJSON *json;
} glossary;

/* The word for code in group: its "label" (or the string itself), else the
 * code when the glossary has none. */
static const char *word_of(const glossary *g, const char *group, const char *code)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(g->json, group), code);
    if (cJSON_IsObject(e))
        e = cJSON_GetObjectItemCaseSensitive(e, "label");
    return cJSON_IsString(e) ? e->valuestring : code;
}

/* The formats of one workbook. */
typedef struct formats {
    lxw_format *header, *text, *wrap, *date, *datetime, *look[LOOK__COUNT];
} formats;

/* One sheet being written: the next row, and the widest text per column. */
typedef struct sheet {
    const kaiji_lxw *lxw; /* libxlsxwriter's functions (report/lxw.h) */
    lxw_worksheet *ws;
    lxw_row_t row;
    double width[MAX_COLUMNS];
    lxw_col_t cols;
    lxw_error err;
} sheet;

/* The display width of UTF-8 text: its widest line, a wide character
 * counting two. */
static double text_width(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    double line = 0, widest = 0;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            p++;
            line += 1;
            continue;
        }
        p += n;
        if (cp == '\n') {
            line = 0;
            continue;
        }
        int w = utf8proc_charwidth(cp);
        line += w > 0 ? w : 0;
        if (line > widest)
            widest = line;
    }
    return widest;
}

static void note_width(sheet *sh, lxw_col_t col, double w)
{
    if (col < MAX_COLUMNS && w > sh->width[col])
        sh->width[col] = w;
}

/* Writes text (cut at a character boundary when too long for a cell). */
static void put_text(sheet *sh, lxw_col_t col, const char *text, lxw_format *fmt)
{
    const kaiji_lxw *lxw = sh->lxw;
    char *cut = NULL;
    lxw_error e;
    if (!text)
        text = "";
    if (strlen(text) > CELL_MAX_BYTES) {
        size_t n = CELL_MAX_BYTES;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        if (!(cut = strndup(text, n))) {
            sh->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
            return;
        }
        text = cut;
    }
    if (!*text)
        e = fmt ? worksheet_write_blank(sh->ws, sh->row, col, fmt) : LXW_NO_ERROR;
    else
        e = worksheet_write_string(sh->ws, sh->row, col, text, fmt);
    if (e != LXW_NO_ERROR && sh->err == LXW_NO_ERROR)
        sh->err = e;
    note_width(sh, col, text_width(text));
    free(cut);
}

static lxw_datetime to_datetime(kaiji_date d)
{
    lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
    return dt;
}

/* Writes a date as an Excel date, a month as its text "YYYY-MM" (Excel has
 * no date without a day), or nothing when there is none. */
static void put_date(sheet *sh, lxw_col_t col, kaiji_date d, lxw_format *fmt)
{
    const kaiji_lxw *lxw = sh->lxw;
    if (!kaiji_date_valid(d))
        return;
    if (kaiji_date_is_month(d)) {
        char buf[11];
        lxw_error e = worksheet_write_string(sh->ws, sh->row, col, kaiji_date_format(buf, d), NULL);
        if (e != LXW_NO_ERROR && sh->err == LXW_NO_ERROR)
            sh->err = e;
        note_width(sh, col, 10);
        return;
    }
    lxw_datetime dt = to_datetime(d);
    lxw_error e = worksheet_write_datetime(sh->ws, sh->row, col, &dt, fmt);
    if (e != LXW_NO_ERROR && sh->err == LXW_NO_ERROR)
        sh->err = e;
    note_width(sh, col, 10);
}

/* Writes "YYYY-MM-DDTHH:MM:SSZ" as an Excel date and time (UTC), or the text
 * as it is when it is not one. */
static void put_timestamp(sheet *sh, lxw_col_t col, const char *ts, const formats *f)
{
    const kaiji_lxw *lxw = sh->lxw;
    lxw_datetime dt = {0, 0, 0, 0, 0, 0};
    int sec = 0;
    if (sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d", &dt.year, &dt.month, &dt.day, &dt.hour,
               &dt.min, &sec) == 6 &&
        kaiji_date_valid((kaiji_date){dt.year, dt.month, dt.day}) && dt.hour < 24 &&
        dt.min < 60 && sec < 61) {
        dt.sec = sec;
        lxw_error e = worksheet_write_datetime(sh->ws, sh->row, col, &dt, f->datetime);
        if (e != LXW_NO_ERROR && sh->err == LXW_NO_ERROR)
            sh->err = e;
        note_width(sh, col, 16);
        return;
    }
    put_text(sh, col, ts, f->text);
}

/* Writes a state code of group as its word, in its colours. */
static void put_state(sheet *sh, lxw_col_t col, const glossary *g, const char *group,
                      const char *code, const formats *f)
{
    put_text(sh, col, word_of(g, group, code), f->look[look_of(code)]);
}

/* Appends " key=value" (no space first) to the codes of a row; false when
 * they no longer fit. */
static bool add_code(char *codes, size_t size, const char *key, const char *value)
{
    size_t used = strlen(codes);
    int n = snprintf(codes + used, size - used, "%s%s=%s", used ? " " : "", key, value);
    return n >= 0 && (size_t)n < size - used;
}

/* Starts a table sheet: its bold header row. */
static bool begin_table(sheet *sh, const kaiji_lxw *lxw, lxw_workbook *wb, const char *name,
                        const char *const *headers, lxw_col_t count, const formats *f)
{
    memset(sh, 0, sizeof *sh);
    sh->lxw = lxw;
    if (!(sh->ws = workbook_add_worksheet(wb, name)))
        return false;
    sh->cols = count;
    for (lxw_col_t c = 0; c < count; c++)
        put_text(sh, c, headers[c], f->header);
    sh->row = 1;
    return sh->err == LXW_NO_ERROR;
}

/* Ends a table sheet: header frozen, filter over the rows, widths from the
 * text, printed landscape on A4 with the header on every page. */
static void end_table(sheet *sh, const char *print_header)
{
    const kaiji_lxw *lxw = sh->lxw;
    lxw_error e;
    lxw_row_t last = sh->row > 1 ? sh->row - 1 : 0;
    worksheet_freeze_panes(sh->ws, 1, 0);
    if ((e = worksheet_autofilter(sh->ws, 0, 0, last, sh->cols - 1)) != LXW_NO_ERROR &&
        sh->err == LXW_NO_ERROR)
        sh->err = e;
    for (lxw_col_t c = 0; c < sh->cols && c < MAX_COLUMNS; c++) {
        /* room for the filter button beside the header */
        double w = sh->width[c] + 3;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        worksheet_set_column(sh->ws, c, c, w, NULL);
    }
    worksheet_set_landscape(sh->ws);
    worksheet_set_paper(sh->ws, 9); /* A4 */
    worksheet_fit_to_pages(sh->ws, 1, 0);
    worksheet_repeat_rows(sh->ws, 0, 0);
    if (print_header)
        worksheet_set_header(sh->ws, print_header);
    worksheet_set_footer(sh->ws, "&C&P / &N");
}

/* Adds the formats every workbook uses.  false when out of memory. */
static bool make_formats(const kaiji_lxw *lxw, formats *f, lxw_workbook *wb)
{
    if (!(f->header = workbook_add_format(wb)) || !(f->text = workbook_add_format(wb)) ||
        !(f->wrap = workbook_add_format(wb)) || !(f->date = workbook_add_format(wb)) ||
        !(f->datetime = workbook_add_format(wb)))
        return false;
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xD9E1F2);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f->date, "yyyy-mm-dd");
    format_set_align(f->date, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm");
    format_set_align(f->datetime, LXW_ALIGN_VERTICAL_TOP);
    for (int l = 0; l < LOOK__COUNT; l++) {
        if (!(f->look[l] = workbook_add_format(wb)))
            return false;
        format_set_bg_color(f->look[l], look_colours[l].bg);
        format_set_font_color(f->look[l], look_colours[l].fg);
        format_set_align(f->look[l], LXW_ALIGN_VERTICAL_TOP);
    }
    return true;
}

/* Maps the error of libxlsxwriter to kaiji's. */
static int lxw_to_kaiji(lxw_error e)
{
    switch (e) {
    case LXW_NO_ERROR: return KAIJI_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return KAIJI_ERROR_NOMEM;
    default: return KAIJI_ERROR_IO;
    }
}

/* The register's system, else its product. */
static const char *system_of(const kaiji_contract *c)
{
    return c->system[0] ? c->system : c->product;
}

static void write_contracts(sheet *sh, const kaiji_status_report *r, const glossary *g,
                            const formats *f)
{
    const kaiji_lxw *lxw = sh->lxw;
    char codes[256];
    for (size_t i = 0; i < r->count; i++, sh->row++) {
        const kaiji_status_contract *c = &r->contracts[i];
        const char *state = kaiji_contract_state_name(c->state);
        codes[0] = '\0';
        add_code(codes, sizeof codes, "state", state);
        put_text(sh, 0, c->contract.id, f->text);
        put_text(sh, 1, c->contract.vendor, f->text);
        put_text(sh, 2, system_of(&c->contract), f->text);
        put_text(sh, 3, c->contract.type, f->text);
        put_text(sh, 4, word_of(g, "workbook", c->contract.patient_data ? "patient_data_yes"
                                                                        : "patient_data_no"),
                 f->text);
        put_state(sh, 5, g, "contract_state", state, f);
        put_date(sh, 6, c->contract.due, f->date);
        lxw_col_t col = 7;
        for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1, col++) {
            const kaiji_status_document *d = NULL;
            for (size_t j = 0; j < c->document_count; j++)
                if (c->documents[j].type == t)
                    d = &c->documents[j];
            const char *doc_state = d ? d->state : "not-required";
            put_state(sh, col, g, "document_state", doc_state, f);
            add_code(codes, sizeof codes, kaiji_doc_type_name(t), doc_state);
        }
        if (c->overdue) { /* days overdue, then the last reminder */
            lxw_error e = worksheet_write_number(sh->ws, sh->row, col, (double)c->days_overdue,
                                                 f->text);
            if (e != LXW_NO_ERROR && sh->err == LXW_NO_ERROR)
                sh->err = e;
        }
        put_date(sh, col + 1, c->last_reminder, f->date);
        put_text(sh, col + 2, codes, f->text);
    }
}

static void write_documents(sheet *sh, const kaiji_status_report *r,
                            const kaiji_submission_details *details, const glossary *g,
                            const formats *f)
{
    char codes[128];
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        for (size_t j = 0; j < c->document_count; j++, sh->row++) {
            const kaiji_status_document *d = &c->documents[j];
            const char *type = kaiji_doc_type_name(d->type);
            codes[0] = '\0';
            add_code(codes, sizeof codes, "type", type);
            add_code(codes, sizeof codes, "state", d->state);
            put_text(sh, 0, c->contract.id, f->text);
            put_text(sh, 1, word_of(g, "doc_type", type), f->text);
            put_state(sh, 2, g, "document_state", d->state, f);
            if (d->present) {
                const kaiji_submission_detail *x = kaiji_submission_details_find(details, d->sha256);
                const char *status = kaiji_status_name(d->status);
                add_code(codes, sizeof codes, "status", status);
                put_text(sh, 3, d->path, f->text);
                put_text(sh, 4, d->sha256, f->text);
                put_state(sh, 5, g, "document_status", status, f);
                put_text(sh, 6, d->form_version, f->text);
                put_text(sh, 7, x ? x->guideline : "", f->text);
                put_date(sh, 8, x ? x->document_date : (kaiji_date){0, 0, 0}, f->date);
                put_timestamp(sh, 9, d->ingested_at, f);
            }
            put_text(sh, 10, codes, f->text);
        }
    }
}

static void write_findings(sheet *sh, const kaiji_status_report *r, const glossary *g,
                           const formats *f)
{
    char codes[192];
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        for (size_t j = 0; j < c->document_count; j++) {
            const kaiji_status_document *d = &c->documents[j];
            for (size_t k = 0; k < d->finding_count; k++, sh->row++) {
                const kaiji_status_finding *fi = &d->findings[k];
                const char *severity = kaiji_severity_name(fi->severity);
                codes[0] = '\0';
                add_code(codes, sizeof codes, "severity", severity);
                add_code(codes, sizeof codes, "finding", fi->code ? fi->code : "");
                put_text(sh, 0, c->contract.id, f->text);
                put_text(sh, 1, d->path, f->text);
                put_state(sh, 2, g, "severity", severity, f);
                put_text(sh, 3, fi->item, f->text);
                put_text(sh, 4, fi->location, f->text);
                put_text(sh, 5, fi->message, f->wrap);
                put_text(sh, 6, codes, f->text);
            }
        }
    }
}

/* The n strings of the array key of the glossary's "workbook" group into
 * out; false when it is not an array of n strings. */
static bool workbook_words(const glossary *g, const char *key, const char **out, size_t n)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(g->json, "workbook"), key);
    if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = cJSON_GetStringValue(cJSON_GetArrayItem(a, (int)i))))
            return false;
    return true;
}

/* The string key of the glossary's "workbook" group, or the key itself. */
static const char *workbook_word(const glossary *g, const char *key)
{
    return word_of(g, "workbook", key);
}

int kaiji_xlsx_write_status(const char *path, const kaiji_status_report *report,
                            const kaiji_submission_details *details, kaiji_lang lang)
{
    const char *contract_headers[13], *document_headers[11], *finding_headers[7];
    char date[11], title[160], print_header[192];
    lxw_workbook *wb = NULL;
    const kaiji_embedded_file *lf =
        kaiji_embedded_find(lang == KAIJI_LANG_EN ? LABELS_EN_PATH : LABELS_PATH);
    glossary g = {NULL};
    formats f;
    sheet sh[3];
    lxw_error err = LXW_NO_ERROR;
    int rc = KAIJI_ERROR_NOMEM;
    kaiji_lxw fns;
    const kaiji_lxw *lxw = &fns;

    if (!kaiji_lxw_load(&fns, NULL))
        return KAIJI_ERROR_NOT_FOUND;
    if (!lf) {
        rc = KAIJI_ERROR_CATALOG;
        goto done;
    }
    if (!(g.json = cJSON_ParseWithLength(lf->data, lf->size)))
        goto done;
    if (!workbook_words(&g, "contract_headers", contract_headers, 13) ||
        !workbook_words(&g, "document_headers", document_headers, 11) ||
        !workbook_words(&g, "finding_headers", finding_headers, 7)) {
        rc = KAIJI_ERROR_CATALOG;
        goto done;
    }
    kaiji_date_format(date, report->as_of);
    /* "{date}" in the title is the as-of date */
    const char *t = workbook_word(&g, "title"), *at = strstr(t, "{date}");
    if (at)
        snprintf(title, sizeof title, "%.*s%s%s", (int)(at - t), t, date, at + 6);
    else
        snprintf(title, sizeof title, "%s", t);
    snprintf(print_header, sizeof print_header, "&L%s&R&D", title);
    if (!(wb = workbook_new(path)))
        goto done;
    lxw_doc_properties props = {.title = title,
                                .subject = (char *)"vendor security disclosures, contract by contract",
                                .author = (char *)"kaiji",
                                .comments = (char *)"as of the date in the title"};
    if (workbook_set_properties(wb, &props) != LXW_NO_ERROR || !make_formats(lxw, &f, wb))
        goto done;
    if (!begin_table(&sh[0], lxw, wb, workbook_word(&g, "sheet_contracts"), contract_headers, 13,
                     &f))
        goto done;
    write_contracts(&sh[0], report, &g, &f);
    end_table(&sh[0], print_header);
    if (!begin_table(&sh[1], lxw, wb, workbook_word(&g, "sheet_documents"), document_headers, 11,
                     &f))
        goto done;
    write_documents(&sh[1], report, details, &g, &f);
    end_table(&sh[1], print_header);
    if (!begin_table(&sh[2], lxw, wb, workbook_word(&g, "sheet_findings"), finding_headers, 7,
                     &f))
        goto done;
    write_findings(&sh[2], report, &g, &f);
    end_table(&sh[2], print_header);
    for (int i = 0; i < 3 && err == LXW_NO_ERROR; i++)
        err = sh[i].err;
    rc = lxw_to_kaiji(err);
done:
    cJSON_Delete(g.json);
    if (wb) {
        /* workbook_close writes the file and frees wb, even after an error */
        err = workbook_close(wb);
        if (rc == KAIJI_OK)
            rc = lxw_to_kaiji(err);
    }
    return rc;
}
