/*
 * report/html.h - the HTML reports a hospital hands to the inspector:
 * `kaiji validate --format html` (documents) and `kaiji status --format html`
 * (contracts).  Not installed.
 *
 * A report is one self-contained file: inline style sheet, no script, no
 * external resource, so it opens offline in any browser and prints on A4.
 * A report names the hospital, its 作成日 (the day it was made, local time)
 * apart from its 基準日 (the as-of date the states are judged on), has boxes
 * for 作成者 and 確認者 to sign, shows every date in one style, and prints
 * with its page number ("1 / 3") and the hospital's name at the foot of
 * each page from CSS @page margin boxes, so no browser header or footer is
 * needed (Chromium prints none of its own when the page has margin boxes).
 * The words (Japanese by default) and the style sheet are data:
 * formats/report/labels.json and formats/report/report.css, compiled in; a
 * folder given as data_dir may hold corrected copies (a labels.json there
 * replaces the built-in labels key by key; a report.css replaces the style
 * sheet).  In English (lang KAIJI_LANG_EN, kaiji serve's pages read in
 * English) the words are formats/report/labels-en.json's, corrected by a
 * labels-en.json in data_dir.  Every state and severity is shown by a word and a symbol as well
 * as a colour.  Every string from a document or the register is escaped.
 *
 * The validate report streams: each document is written out (to a spool
 * file) as it comes, so memory does not grow with the number of documents;
 * the summary, which needs the counts, is written first when the report ends.
 *
 *   kaiji_html *h;
 *   kaiji_html_begin(&h, stdout, &opts);
 *   for each validated doc: kaiji_html_document(h, doc);
 *   kaiji_html_end(h);
 *   kaiji_html_free(h);
 *
 * Threads: one kaiji_html is used by one thread at a time.
 */
#ifndef KAIJI_REPORT_HTML_H
#define KAIJI_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "kaiji.h"
#include "kaiji/store.h"
#include "platform/platform.h"

typedef struct kaiji_html_options {
    const char *as_of;             /* "YYYY-MM-DD" shown in the header (validate) */
    const char *target_guideline;  /* NULL: "6.0" */
    const char *data_dir;          /* NULL: the built-in labels and style only */
    const char *notice;            /* a note for the whole run shown under the header
                                      (validate: a newer guideline in force), or NULL */
    bool wareki;                   /* every date in the Japanese era (令和6年10月1日); else
                                      every date western, as labels.json writes it
                                      (2024年10月1日): one style for the whole report */
    const char *organization;      /* the hospital (医療機関名); NULL or "": a line to
                                      fill in by hand */
    const char *author;            /* 作成者; NULL or "": a box to sign by hand */
    const char *reviewer;          /* 確認者; NULL or "": a box to sign by hand */
    kaiji_date report_date;        /* 作成日; not a valid date: today, local time */
    const kaiji_catalogs *catalogs; /* validate: each finding's next step, in the
                                       report's language; NULL: none shown */
    kaiji_lang lang;               /* the words' language: Japanese (the default) or
                                      English; findings' messages are as given */
} kaiji_html_options;

void kaiji_html_options_init(kaiji_html_options *opts);

typedef struct kaiji_html kaiji_html;

/*
 * Starts a validate report written to fp, or, when fp is NULL, into a buffer
 * that grows (read it with kaiji_html_data after kaiji_html_end).  Nothing is
 * written to fp before kaiji_html_end; until then the documents wait in
 * anonymous temporary files (tmpfile(); in memory when none can be made).
 * Returns KAIJI_OK, KAIJI_ERROR_NOMEM, KAIJI_ERROR_CATALOG (a file in
 * opts->data_dir is malformed or unsafe) or KAIJI_ERROR_IO (a file in
 * opts->data_dir cannot be read).  *out is NULL on failure.
 */
int kaiji_html_begin(kaiji_html **out, FILE *fp, const kaiji_html_options *opts);
/* Adds one validated document: a row of the list and its section.  The
 * document is not kept.  Returns KAIJI_OK or KAIJI_ERROR_IO / NOMEM once
 * writing has failed. */
int kaiji_html_document(kaiji_html *h, const kaiji_document *doc);
/* Adds one file that was not read (after the documents): its path (shown
 * form), the reason, what the reader said (detail, or NULL) and the next
 * step, as the caller words them.  Returns as kaiji_html_document. */
int kaiji_html_not_read(kaiji_html *h, const char *path, const char *reason,
                        const char *detail, const char *next_step);
/* Writes the whole report: header, summary, list, sections.  Returns KAIJI_OK,
 * KAIJI_ERROR_IO (a write failed) or KAIJI_ERROR_NOMEM. */
int kaiji_html_end(kaiji_html *h);
/* The report written into the buffer (fp NULL), NUL-terminated, owned by h;
 * NULL when writing to a FILE or before kaiji_html_end. */
const char *kaiji_html_data(const kaiji_html *h, size_t *len);
/* Frees h (NULL allowed); its spool files are removed. */
void kaiji_html_free(kaiji_html *h);

/*
 * Writes the status report of r to fp: the contracts' summary, one table of
 * contracts with the state of each required document, and one section per
 * received document with its findings.  opts->as_of is ignored (the status
 * report's own as-of date is shown as 基準日).  Returns as kaiji_html_end, or KAIJI_ERROR_CATALOG.
 */
int kaiji_html_status(FILE *fp, const kaiji_status_report *r, const kaiji_html_options *opts);
/* As kaiji_html_status, into *out (malloc'd, NUL-terminated; *len its length
 * when len is not NULL); the caller frees *out. */
int kaiji_html_status_string(char **out, size_t *len, const kaiji_status_report *r,
                             const kaiji_html_options *opts);

/*
 * Writes text (NULL: nothing) to fp escaped for HTML text and for quoted
 * attribute values alike, as every report escapes: & < > " ' become
 * character references; bytes that are not UTF-8, and control characters
 * other than tab, line feed and carriage return, become U+FFFD.  The one
 * HTML escaper of kaiji (kaiji serve's pages use it too).
 */
void kaiji_html_escape(FILE *fp, const char *text);

#endif
