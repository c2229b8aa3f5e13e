/*
 * store/details.h - what the store recorded of each submission beyond the
 * status report, for the status workbook (report/xlsx.c): the guideline and
 * the document date.  Plain data, no SQL.  Library-internal, not installed.
 */
#ifndef KAIJI_STORE_DETAILS_H
#define KAIJI_STORE_DETAILS_H

#include <stddef.h>

#include "kaiji/store.h"

typedef struct kaiji_submission_detail {
    char sha256[65];          /* lowercase hex, the key */
    char guideline[64];       /* as recorded (cut to fit), "" when none */
    kaiji_date document_date; /* year 0 when none */
} kaiji_submission_detail;

typedef struct kaiji_submission_details {
    kaiji_submission_detail *items; /* one per present document, report order */
    size_t count;
} kaiji_submission_details;

/*
 * The details of every document of report that the store holds (present,
 * with a sha256), in the report's order.  *out is the caller's, freed with
 * kaiji_submission_details_free.  Returns KAIJI_OK, KAIJI_ERROR_NOMEM or
 * KAIJI_ERROR_IO (kaiji_store_errmsg says why).
 */
int kaiji_store_submission_details(kaiji_submission_details **out, kaiji_store *store,
                                   const kaiji_status_report *report);

/* The details of the submission of sha256, or NULL when d (which may be
 * NULL) has none. */
const kaiji_submission_detail *kaiji_submission_details_find(const kaiji_submission_details *d,
                                                             const char *sha256);

/* Frees d; NULL-safe. */
void kaiji_submission_details_free(kaiji_submission_details *d);

#endif
