/*
 * report/checklist.c - writes the draft of the hospital's 医療機関確認用
 * checklist as a workbook (see report/checklist.h), with libxlsxwriter.
 * What the draft says was settled by the store (store/checklist.c); this
 * file only lays it out.
 */
#include "report/checklist.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <utf8proc.h>
#include "report/lxw.h"

#include "base/base.h"
#include "formats/embedded.h"
#include "text/text.h"

#define LABELS_PATH "formats/report/labels.json"
#define LABELS_EN_PATH "formats/report/labels-en.json"

/* The columns of the 医療機関確認用 sheet (0-based). */
enum {
    COL_ID = 0, COL_QUESTION = 1, COL_ANSWER = 2, /* three target columns */
    COL_CONF1 = 5, COL_CONF2 = 6, COL_TARGET_DATE = 7, COL_REMARKS = 8, COL_EVIDENCE = 9,
    COL_LAST = COL_EVIDENCE
};

/* Column widths of the main sheet, in Excel's unit (a digit; a kanji is
 * about two). */
static const double main_widths[COL_LAST + 1] = {7, 50, 9, 9, 11, 17, 17, 17, 44, 40};

/* The columns of 根拠の詳細. */
enum {
    DCOL_ID = 0, DCOL_ANSWER, DCOL_TARGETS, DCOL_WHAT, DCOL_VENDOR, DCOL_CONTRACT,
    DCOL_FILE, DCOL_ITEM, DCOL_LOCATION, DCOL_PATH, DCOL_SHA256, DCOL_LAST = DCOL_SHA256
};
static const double detail_widths[DCOL_LAST + 1] = {7, 8, 16, 16, 22, 16, 26, 10, 16, 48, 66};

/* Points per line of 11-point text, with the leading Excel gives a
 * Japanese font, and the padding of a cell. */
#define LINE_POINTS 15.0
#define ROW_PADDING 3.0
/* Of a column's width, what text may take (Excel keeps a margin). */
#define WIDTH_MARGIN 1.0

/* Excel's format of a date in 和暦: 令和8年3月31日. */
#define WAREKI_FORMAT "[$-411]ggge\"年\"m\"月\"d\"日\";@"

/* Fills of the answer cells. */
#define FILL_YES 0xC6EFCE
#define FONT_YES 0x006100
#define FILL_NO 0xFFC7CE
#define FONT_NO 0x9C0006
#define FILL_TODO 0xFFEB9C
#define FILL_GREY 0xBFBFBF
#define FILL_HEAD 0xD9E1F2

/* The width of code point cp as a Japanese screen or sheet shows it:
 * East Asian wide, full-width and ambiguous characters take two. */
static int east_asian_width(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return cp < 0x20 ? 0 : 1;
    if (cp >= 0xFF61 && cp <= 0xFFDC) /* half-width katakana and hangul */
        return 1;
    int w = utf8proc_charwidth(cp);
    if (w == 0)
        return 0;
    if (w >= 2)
        return 2;
    /* ambiguous in East Asian contexts: Greek, Cyrillic, symbols, ①, ※ */
    return cp >= 0x0370 ? 2 : 1;
}

/* The lines text takes in a column of width units. */
static unsigned lines_of(const char *text, double width)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    double room = width - WIDTH_MARGIN, line = 0;
    unsigned lines = 1;
    if (room < 1)
        room = 1;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0) {
            p++;
            continue;
        }
        p += n;
        if (cp == '\n') {
            lines++;
            line = 0;
            continue;
        }
        int w = east_asian_width(cp);
        if (line + w > room) {
            lines++;
            line = 0;
        }
        line += w;
    }
    return lines;
}

double kaiji_checklist_row_height(const char *const *texts, const double *widths, size_t n)
{
    unsigned most = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned l = texts[i] ? lines_of(texts[i], widths[i]) : 1;
        if (l > most)
            most = l;
    }
    return most * LINE_POINTS + ROW_PADDING;
}

/* kaiji's own words in the draft, in the language asked for: the
 * "checklist_draft" group of formats/report/labels.json (Japanese) or
 * labels-en.json (English).  The form's own words (its sheet, its headers,
 * はい and いいえ in the answer cells, 医療機関名, 記入日, 記入者) stay the
 * form's, so that the draft reads back as the form. */
typedef struct draft_words {
    cJSON *json;
    const char *note, *how_to_answer, *details_sheet, *details_head[DCOL_LAST + 1];
    const char *vendor_checklist, *register_, *hospital, *target_date, *yes, *no;
    const char *separator, *open, *close, *subject, *comments;
    bool wareki; /* the note's date in 和暦 (Japanese), else ISO */
} draft_words;

/* Loads w for lang; false when the glossary lacks a word (or no memory). */
static bool words_load(draft_words *w, kaiji_lang lang)
{
    const kaiji_embedded_file *lf =
        kaiji_embedded_find(lang == KAIJI_LANG_EN ? LABELS_EN_PATH : LABELS_PATH);
    memset(w, 0, sizeof *w);
    w->wareki = lang != KAIJI_LANG_EN;
    if (!lf || !(w->json = cJSON_ParseWithLength(lf->data, lf->size)))
        return false;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(w->json, "checklist_draft");
    static const char *const keys[] = {"note", "how_to_answer", "details_sheet",
                                       "vendor_checklist", "register", "hospital",
                                       "target_date", "yes", "no", "separator", "open",
                                       "close", "subject", "comments"};
    const char **to[] = {&w->note, &w->how_to_answer, &w->details_sheet,
                         &w->vendor_checklist, &w->register_, &w->hospital,
                         &w->target_date, &w->yes, &w->no, &w->separator, &w->open,
                         &w->close, &w->subject, &w->comments};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!(*to[i] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, keys[i]))))
            return false;
    const cJSON *heads = cJSON_GetObjectItemCaseSensitive(g, "details_headers");
    if (cJSON_GetArraySize(heads) != DCOL_LAST + 1)
        return false;
    for (int i = 0; i <= DCOL_LAST; i++)
        if (!(w->details_head[i] = cJSON_GetStringValue(cJSON_GetArrayItem(heads, i))))
            return false;
    return true;
}

/* The workbook's formats. */
typedef struct draft_formats {
    const kaiji_lxw *lxw; /* libxlsxwriter's functions (report/lxw.h) */
    const draft_words *w; /* kaiji's words */
    lxw_format *title, *label, *head, *cell, *wrap, *date, *yes, *no, *todo, *grey, *note,
        *past, *plain_wrap;
} draft_formats;

static bool make_formats(const kaiji_lxw *lxw, draft_formats *f, lxw_workbook *wb)
{
    memset(f, 0, sizeof *f); /* the title and note are compared before they are made */
    f->lxw = lxw;
    lxw_format **all[] = {&f->title, &f->label, &f->head, &f->cell, &f->wrap, &f->date,
                          &f->yes, &f->no, &f->todo, &f->grey, &f->note, &f->past,
                          &f->plain_wrap};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (!(*all[i] = workbook_add_format(wb)))
            return false;
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_CENTER);
        if (*all[i] != f->title && *all[i] != f->note)
            format_set_border(*all[i], LXW_BORDER_THIN);
    }
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_bold(f->label);
    format_set_bold(f->head);
    format_set_bg_color(f->head, FILL_HEAD);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    format_set_text_wrap(f->wrap);
    format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->plain_wrap);
    format_set_align(f->cell, LXW_ALIGN_CENTER);
    format_set_num_format(f->date, WAREKI_FORMAT);
    format_set_align(f->date, LXW_ALIGN_CENTER);
    format_set_num_format(f->past, WAREKI_FORMAT);
    format_set_align(f->past, LXW_ALIGN_CENTER);
    format_set_bg_color(f->past, FILL_NO);
    format_set_font_color(f->past, FONT_NO);
    format_set_align(f->yes, LXW_ALIGN_CENTER);
    format_set_bg_color(f->yes, FILL_YES);
    format_set_font_color(f->yes, FONT_YES);
    format_set_align(f->no, LXW_ALIGN_CENTER);
    format_set_bg_color(f->no, FILL_NO);
    format_set_font_color(f->no, FONT_NO);
    format_set_bold(f->no);
    format_set_bg_color(f->todo, FILL_TODO);
    format_set_bg_color(f->grey, FILL_GREY);
    format_set_text_wrap(f->note);
    return true;
}

/* Keeps the first libxlsxwriter error. */
static void keep(lxw_error *err, lxw_error e)
{
    if (*err == LXW_NO_ERROR)
        *err = e;
}

static int lxw_to_kaiji(lxw_error e)
{
    switch (e) {
    case LXW_NO_ERROR: return KAIJI_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return KAIJI_ERROR_NOMEM;
    default: return KAIJI_ERROR_IO;
    }
}

/* An answer as the form writes it. */
static const char *answer_word(kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES ? "はい" : a == KAIJI_ANSWER_NO ? "いいえ" : "";
}

/* An answer as kaiji's words (根拠, 根拠の詳細) say it. */
static const char *evidence_answer(const draft_words *w, kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES ? w->yes : a == KAIJI_ANSWER_NO ? w->no : "";
}

/* The file name of a recorded path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Writes one answer cell (or the merged cell of a single answer). */
static void put_answer(lxw_worksheet *ws, lxw_row_t row, lxw_col_t c1, lxw_col_t c2,
                       const kaiji_draft_answer *a, const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    const char *word = a->applies ? answer_word(a->answer) : "";
    lxw_format *fmt = !a->applies ? f->grey
                      : a->answer == KAIJI_ANSWER_YES ? f->yes
                      : a->answer == KAIJI_ANSWER_NO  ? f->no
                                                      : f->todo;
    if (c1 != c2)
        keep(err, worksheet_merge_range(ws, row, c1, row, c2, word, fmt));
    else if (*word)
        keep(err, worksheet_write_string(ws, row, c1, word, fmt));
    else
        keep(err, worksheet_write_blank(ws, row, c1, fmt));
}

/* Writes a date cell (shown in 和暦), a month as its text (令和8年3月), or
 * an empty bordered cell. */
static void put_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, kaiji_date d,
                     lxw_format *fmt, const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    if (!kaiji_date_valid(d)) {
        keep(err, worksheet_write_blank(ws, row, col, f->cell));
        return;
    }
    if (kaiji_date_is_month(d)) {
        char buf[KAIJI_DATE_SHOW_MAX];
        kaiji_text_date_show(buf, sizeof buf, d, KAIJI_DATE_WAREKI);
        keep(err, worksheet_write_string(ws, row, col, buf, f->cell));
        return;
    }
    lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
    keep(err, worksheet_write_datetime(ws, row, col, &dt, fmt));
}

/* A growing string for the 根拠 cell; NULL s after a failed allocation. */
typedef struct text {
    char *s;
    bool failed;
} text;

static void text_add(text *t, const char *part)
{
    if (t->failed)
        return;
    char *n = kaiji_strprintf("%s%s%s", t->s ? t->s : "", t->s ? "\n" : "", part);
    free(t->s);
    t->s = n;
    t->failed = !n;
}

/* What one piece of evidence is called, short: 「株式会社アルファ：alpha.xlsx
 * 2④」, 「契約台帳：患者情報を扱う契約 3 件」, 「医療機関の回答」. */
static char *evidence_short(const kaiji_checklist_draft *d, const kaiji_draft_evidence *e,
                            const draft_words *w)
{
    const char *word = evidence_answer(w, e->answer);
    char *what = NULL, *line;
    bool blank = e->answer == KAIJI_ANSWER_BLANK;
    switch (e->kind) {
    case KAIJI_EVIDENCE_VENDOR: {
        const kaiji_draft_source *s = &d->sources[e->source];
        what = kaiji_strprintf("%s%s%s %s", s->vendor, w->separator, base_name(s->path),
                               e->item_id);
        break;
    }
    case KAIJI_EVIDENCE_REGISTER:
        what = kaiji_strprintf("%s%s%s", w->register_, w->separator, e->detail);
        break;
    case KAIJI_EVIDENCE_HOSPITAL:
        what = kaiji_strprintf("%s%s%s%s", w->hospital, blank ? w->open : "",
                               blank ? w->target_date : "", blank ? w->close : "");
        break;
    }
    if (!what)
        return NULL;
    if (!*word)
        return what;
    line = kaiji_strprintf("%s%s%s%s: %s", word, e->targets[0] ? w->open : "", e->targets,
                           e->targets[0] ? w->close : "", what);
    free(what);
    return line;
}

/* The 根拠 of an item: one short line per piece of evidence; NULL when out
 * of memory. */
static char *evidence_cell(const kaiji_checklist_draft *d, const kaiji_draft_item *it,
                           const draft_words *w)
{
    text t = {NULL, false};
    for (size_t i = 0; i < it->evidence_count; i++) {
        char *line = evidence_short(d, &it->evidence[i], w);
        if (!line) {
            free(t.s);
            return NULL;
        }
        text_add(&t, line);
        free(line);
    }
    return t.failed ? NULL : t.s ? t.s : strdup("");
}

/* The rows of the item table, from row on; returns the row after it. */
static lxw_row_t write_items(lxw_worksheet *ws, lxw_row_t row, const kaiji_checklist_draft *d,
                             const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    for (size_t i = 0; i < d->item_count && *err == LXW_NO_ERROR; i++, row++) {
        const kaiji_draft_item *it = &d->items[i];
        char *evidence = evidence_cell(d, it, f->w);
        if (!evidence) {
            keep(err, LXW_ERROR_MEMORY_MALLOC_FAILED);
            break;
        }
        keep(err, worksheet_write_string(ws, row, COL_ID, it->id, f->cell));
        keep(err, worksheet_write_string(ws, row, COL_QUESTION, it->question, f->wrap));
        if (it->per_target)
            for (lxw_col_t t = 0; t < KAIJI_DRAFT_TARGETS; t++)
                put_answer(ws, row, COL_ANSWER + t, COL_ANSWER + t, &it->answers[t], f, err);
        else
            put_answer(ws, row, COL_ANSWER, COL_ANSWER + KAIJI_DRAFT_TARGETS - 1,
                       &it->answers[0], f, err);
        put_date(ws, row, COL_CONF1,
                 it->answer == KAIJI_ANSWER_BLANK ? (kaiji_date){0, 0, 0} : d->as_of, f->date, f,
                 err);
        put_date(ws, row, COL_CONF2, (kaiji_date){0, 0, 0}, f->date, f, err);
        put_date(ws, row, COL_TARGET_DATE,
                 it->answer == KAIJI_ANSWER_NO ? it->target_date : (kaiji_date){0, 0, 0},
                 it->target_date_past ? f->past : f->date, f, err);
        keep(err, worksheet_write_string(ws, row, COL_REMARKS, it->remarks, f->wrap));
        keep(err, worksheet_write_string(ws, row, COL_EVIDENCE, evidence, f->wrap));
        const char *texts[] = {it->question, it->remarks, evidence};
        const double widths[] = {main_widths[COL_QUESTION], main_widths[COL_REMARKS],
                                 main_widths[COL_EVIDENCE]};
        keep(err, worksheet_set_row(ws, row, kaiji_checklist_row_height(texts, widths, 3), NULL));
        free(evidence);
    }
    return row;
}

/* Writes one row of 根拠の詳細 for evidence e of item it. */
static void write_detail(lxw_worksheet *ws, lxw_row_t row, const kaiji_checklist_draft *d,
                         const kaiji_draft_item *it, const kaiji_draft_evidence *e,
                         const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    const draft_words *w = f->w;
    const char *what = "", *vendor = "", *contract = "", *file = "", *path = "", *sha = "";
    const char *item = "", *location = "", *detail = e->detail;
    char *command = NULL;
    switch (e->kind) {
    case KAIJI_EVIDENCE_VENDOR: {
        const kaiji_draft_source *s = &d->sources[e->source];
        what = w->vendor_checklist;
        vendor = s->vendor;
        contract = s->contract;
        file = base_name(s->path);
        path = s->path;
        sha = s->sha256;
        item = e->item_id;
        location = e->location;
        break;
    }
    case KAIJI_EVIDENCE_REGISTER: what = w->register_; break;
    case KAIJI_EVIDENCE_HOSPITAL:
        what = w->hospital;
        /* an option as written on the command line, or the file read back */
        if (strncmp(detail, "--", 2) == 0) {
            command = kaiji_strprintf("kaiji checklist draft %s", detail);
            detail = command ? command : detail;
        } else if (*detail) {
            path = detail;
            file = base_name(detail);
            detail = "";
        }
        break;
    }
    const char *cells[DCOL_LAST + 1] = {
        [DCOL_ID] = it->id,     [DCOL_ANSWER] = evidence_answer(w, e->answer),
        [DCOL_TARGETS] = e->targets[0] ? e->targets : "", [DCOL_WHAT] = what,
        [DCOL_VENDOR] = vendor, [DCOL_CONTRACT] = contract,
        [DCOL_FILE] = file,     [DCOL_ITEM] = item,
        [DCOL_LOCATION] = location, [DCOL_PATH] = path,
        [DCOL_SHA256] = sha,
    };
    if (e->kind == KAIJI_EVIDENCE_REGISTER || (e->kind == KAIJI_EVIDENCE_HOSPITAL && *detail))
        cells[DCOL_VENDOR] = detail;
    if (e->kind == KAIJI_EVIDENCE_HOSPITAL && e->answer == KAIJI_ANSWER_BLANK)
        cells[DCOL_ANSWER] = w->target_date;
    for (lxw_col_t c = 0; c <= DCOL_LAST; c++)
        keep(err, worksheet_write_string(ws, row, c, cells[c], f->plain_wrap));
    const char *texts[] = {cells[DCOL_VENDOR], cells[DCOL_PATH], cells[DCOL_TARGETS]};
    const double widths[] = {detail_widths[DCOL_VENDOR], detail_widths[DCOL_PATH],
                             detail_widths[DCOL_TARGETS]};
    keep(err, worksheet_set_row(ws, row, kaiji_checklist_row_height(texts, widths, 3), NULL));
    free(command);
}

/* The sheet 根拠の詳細: every piece of evidence in full. */
static void write_details(lxw_worksheet *ws, const kaiji_checklist_draft *d,
                          const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    for (lxw_col_t c = 0; c <= DCOL_LAST; c++) {
        worksheet_set_column(ws, c, c, detail_widths[c], NULL);
        keep(err, worksheet_write_string(ws, 0, c, f->w->details_head[c], f->head));
    }
    lxw_row_t row = 1;
    for (size_t i = 0; i < d->item_count; i++)
        for (size_t k = 0; k < d->items[i].evidence_count; k++)
            write_detail(ws, row++, d, &d->items[i], &d->items[i].evidence[k], f, err);
    worksheet_freeze_panes(ws, 1, 0);
    if (row > 1)
        keep(err, worksheet_autofilter(ws, 0, 0, row - 1, DCOL_LAST));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* tmpl into buf with "{date}" and "{count}" replaced by date and count. */
static void fill_note(char *buf, size_t size, const char *tmpl, const char *date,
                      const char *count)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = tmpl; *p && n + 1 < size;) {
        const char *put = NULL;
        if (strncmp(p, "{date}", 6) == 0)
            put = date, p += 6;
        else if (strncmp(p, "{count}", 7) == 0)
            put = count, p += 7;
        if (put) {
            int k = snprintf(buf + n, size - n, "%s", put);
            if (k < 0 || (size_t)k >= size - n)
                break;
            n += (size_t)k;
        } else {
            buf[n++] = *p++;
            buf[n] = '\0';
        }
    }
}

/* The head of the main sheet: note, title, 医療機関名, 記入日, 記入者; returns
 * the row of the table's header. */
static lxw_row_t write_head(lxw_worksheet *ws, const kaiji_checklist_draft *d,
                            const draft_formats *f, lxw_error *err)
{
    const kaiji_lxw *lxw = f->lxw;
    char date[KAIJI_DATE_SHOW_MAX], count[32], note[1024];
    size_t used = 0;
    for (size_t i = 0; i < d->source_count; i++)
        used += d->sources[i].used;
    kaiji_text_date_show(date, sizeof date, d->as_of,
                         f->w->wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_ISO);
    snprintf(count, sizeof count, "%zu", used);
    fill_note(note, sizeof note, f->w->note, date, count);
    keep(err, worksheet_merge_range(ws, 0, 0, 0, COL_LAST, note, f->note));
    keep(err, worksheet_set_row(ws, 0, 2 * LINE_POINTS + ROW_PADDING, NULL));
    keep(err, worksheet_merge_range(ws, 1, 0, 1, COL_LAST, d->title, f->title));
    keep(err, worksheet_set_row(ws, 1, 24, NULL));

    lxw_row_t row = 4;
    if (d->organisation[0]) {
        keep(err, worksheet_merge_range(ws, row, 0, row, 1, "医療機関名", f->label));
        keep(err, worksheet_merge_range(ws, row, 2, row, 6, d->organisation, f->cell));
        row++;
    }
    keep(err, worksheet_merge_range(ws, row, 0, row, 1, "記入日", f->label));
    keep(err, worksheet_merge_range(ws, row, 2, row, 6, "", f->date));
    put_date(ws, row, 2, d->as_of, f->date, f, err);
    row++;
    keep(err, worksheet_merge_range(ws, row, 0, row, 1, "記入者", f->label));
    keep(err, worksheet_merge_range(ws, row, 2, row, 6, d->author, f->todo));
    return row + 2;
}

int kaiji_checklist_write_xlsx(const char *path, const kaiji_checklist_draft *d,
                               kaiji_lang lang)
{
    static const char *const answer_list[] = {"はい", "いいえ", NULL};
    lxw_workbook *wb = NULL;
    lxw_worksheet *ws, *details;
    draft_formats f;
    draft_words w;
    lxw_error err = LXW_NO_ERROR, close_err;
    int rc = KAIJI_ERROR_NOMEM;
    kaiji_lxw fns;
    const kaiji_lxw *lxw = &fns;

    if (!kaiji_lxw_load(&fns, NULL))
        return KAIJI_ERROR_NOT_FOUND;
    if (!words_load(&w, lang)) {
        rc = w.json ? KAIJI_ERROR_CATALOG : KAIJI_ERROR_NOMEM;
        goto done;
    }
    if (!(wb = workbook_new(path)))
        goto done;
    lxw_doc_properties props = {.title = d->title,
                                .subject = (char *)w.subject,
                                .author = (char *)"kaiji",
                                .comments = (char *)w.comments};
    if (workbook_set_properties(wb, &props) != LXW_NO_ERROR || !make_formats(lxw, &f, wb) ||
        !(ws = workbook_add_worksheet(wb, "医療機関確認用")) ||
        !(details = workbook_add_worksheet(wb, w.details_sheet)))
        goto done;
    f.w = &w;
    for (lxw_col_t c = 0; c <= COL_LAST; c++)
        worksheet_set_column(ws, c, c, main_widths[c], NULL);

    lxw_row_t h1 = write_head(ws, d, &f, &err), h2 = h1 + 1;
    keep(&err, worksheet_merge_range(ws, h1, COL_ID, h2, COL_ID, "項番", f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_QUESTION, h2, COL_QUESTION, "確認項目", f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_ANSWER, h1, COL_ANSWER + 2, "回答", f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_CONF1, h1, COL_CONF2, "確認日", f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_TARGET_DATE, h2, COL_TARGET_DATE, "目標日",
                                     f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_REMARKS, h2, COL_REMARKS, "備考", f.head));
    keep(&err, worksheet_merge_range(ws, h1, COL_EVIDENCE, h2, COL_EVIDENCE, "根拠", f.head));
    for (lxw_col_t t = 0; t < KAIJI_DRAFT_TARGETS; t++)
        keep(&err, worksheet_write_string(ws, h2, COL_ANSWER + t, kaiji_draft_target_name(t),
                                          f.head));
    keep(&err, worksheet_write_string(ws, h2, COL_CONF1, "1回目", f.head));
    keep(&err, worksheet_write_string(ws, h2, COL_CONF2, "2回目", f.head));

    lxw_row_t first = h2 + 1;
    lxw_row_t row = write_items(ws, first, d, &f, &err);
    if (row > first) {
        lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                                  .value_list = (char **)answer_list};
        keep(&err, worksheet_data_validation_range(ws, first, COL_ANSWER, row - 1,
                                                   COL_ANSWER + 2, &dv));
    }
    keep(&err, worksheet_merge_range(ws, row + 1, 0, row + 1, COL_LAST, w.how_to_answer,
                                     f.note));
    keep(&err, worksheet_set_row(ws, row + 1, 2 * LINE_POINTS + ROW_PADDING, NULL));
    worksheet_freeze_panes(ws, first, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, h1, h2);
    worksheet_set_footer(ws, "&C&P / &N");
    write_details(details, d, &f, &err);
    worksheet_activate(ws);
    rc = lxw_to_kaiji(err);
done:
    if (wb) {
        close_err = workbook_close(wb);
        if (rc == KAIJI_OK)
            rc = lxw_to_kaiji(close_err);
    }
    cJSON_Delete(w.json);
    return rc;
}
