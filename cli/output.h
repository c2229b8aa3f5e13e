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
#include "cli/inputs.h"
#include "report/html.h"

typedef enum { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_CSV, OUTPUT_HTML } output_format;

typedef struct output_summary {
    size_t documents, valid, outdated, invalid, unreadable;
    size_t not_read; /* files listed as not read (cli/inputs.h) */
} output_summary;

typedef struct output {
    FILE *out;
    output_format format;
    const char *as_of;            /* YYYY-MM-DD */
    const char *target_guideline;
    const kaiji_catalogs *catalogs; /* for the note of a newer guideline in force */
    char notice[1024];            /* that note, made by output_begin, or "" */
    output_summary summary;
    size_t written;
    kaiji_html *html;             /* OUTPUT_HTML: the report being written */
    bool failed;                  /* the output could not be written (said on stderr) */
    bool wareki;                  /* text and HTML: dates in the Japanese era (--dates) */
    const char *organization, *author, *reviewer; /* HTML: who made the report, or NULL */
} output;

/* Parses "text", "json", "csv", "html"; false for anything else. */
bool output_format_parse(const char *s, output_format *out);

void output_begin(output *o);
/* Writes one validated document and counts it in the summary. */
void output_document(output *o, const kaiji_document *doc);
/* Writes one file not read (after the documents) and counts it. */
void output_not_read(output *o, const cli_not_read *r);
void output_end(output *o);

#endif
