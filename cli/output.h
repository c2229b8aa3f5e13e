/*
 * cli/output.h - how validation results are written: text for people,
 * JSON for programs, CSV for Excel, HTML for people to print (report/html.h).
 * Each writer streams: one document at a
 * time, so memory does not grow with the number of documents.
 */
#ifndef KAIJI_CLI_OUTPUT_H
#define KAIJI_CLI_OUTPUT_H

#include <stdio.h>

#include "kaiji.h"
#include "base/buf.h"
#include "cli/inputs.h"
#include "report/html.h"
#include "report/words.h"

typedef enum { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_CSV, OUTPUT_HTML } output_format;

typedef struct output_summary {
    size_t documents, valid, outdated, invalid, unreadable;
    size_t not_read; /* files listed as not read (cli/inputs.h) */
} output_summary;

/* The files the closing "what to do now" names, at most OUTPUT_NAMED of
 * each list (the rest are counted), so memory stays bounded. */
#define OUTPUT_NAMED 20
typedef struct output_list {
    char *paths[OUTPUT_NAMED];
    size_t count; /* every file of the list, named or not */
} output_list;

typedef struct output {
    FILE *out;
    output_format format;
    const char *as_of;            /* YYYY-MM-DD */
    kaiji_date as_of_date;        /* as_of, parsed by output_begin */
    const char *target_guideline;
    const kaiji_catalogs *catalogs; /* for the note of a newer guideline in force */
    char notice[1024];            /* that note, made by output_begin, or "" */
    output_summary summary;
    size_t written;
    kaiji_html *html;             /* OUTPUT_HTML: the report being written */
    bool failed;                  /* the output could not be written (said on stderr) */
    bool wareki;                  /* text and HTML: dates in the Japanese era (--dates) */
    const char *organization, *author, *reviewer; /* HTML: who made the report, or NULL */
    /* text: what the end of the run lists */
    output_list to_request;       /* invalid or outdated: ask the vendor */
    output_list to_check;         /* valid with a warning: worth a look */
    output_list own;              /* the hospital's own checklist, to complete */
    output_list unread;           /* unreadable */
} output;

/* Parses "text", "json", "csv", "html"; false for anything else. */
bool output_format_parse(const char *s, output_format *out);

void output_begin(output *o);
/* Writes one validated document and counts it in the summary. */
void output_document(output *o, const kaiji_document *doc);
/* JSON: appends doc's object of the documents array to b, as
 * output_document would write it.  Reads only what o holds, so a worker
 * thread may make it while the writer writes another. */
void output_document_json(const output *o, const kaiji_document *doc, kaiji_buf *b);
/* JSON: writes the object made by output_document_json for a document of
 * status st (nothing when b failed) and counts it in the summary: what
 * output_document does with the document itself. */
void output_document_made(output *o, kaiji_status st, const kaiji_buf *b);
/* Writes one file not read (after the documents) and counts it. */
void output_not_read(output *o, const cli_not_read *r);

/* Writes the end (the summary, and for text what to do now) and frees what
 * the output held. */
void output_end(output *o);

/* The language of the messages: "ja" under a Japanese locale, else "en". */
const char *cli_language(void);

#define CLI_FORM_WORD_MAX KAIJI_WORD_FORM_MAX
/* A form version as people name it, into buf: a checklist edition "R6" is
 * 令和6年度版 in Japanese, an MDS/SDS version "5.0" is Ver.5.0, an MDS2
 * edition stays as it is ("HN 1-2019"); "not known" in words when version is "". */
const char *cli_form_word(char buf[CLI_FORM_WORD_MAX], kaiji_kind kind, const char *version);

/*
 * What to do about finding code, in the messages' language, "{form}" made
 * the name of the form of kind current on as_of (令和8年度版, Ver.5.0), into
 * buf; "" when the catalogs name no next step.
 */
const char *cli_next_step(char *buf, size_t size, const kaiji_catalogs *cats,
                          const char *code, kaiji_kind kind, kaiji_date as_of);

#endif
