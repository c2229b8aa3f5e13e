/*
 * store/details.c - the guideline and document date of each submission a
 * status report names (store/details.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "store/details.h"
#include "store/internal.h"

int kaiji_store_submission_details(kaiji_submission_details **out, kaiji_store *store,
                                   const kaiji_status_report *report)
{
    kaiji_submission_details *d = NULL;
    kaiji_stmt *q = NULL;
    size_t cap = 0;
    int rc = KAIJI_ERROR_NOMEM;

    *out = NULL;
    if (!(d = calloc(1, sizeof *d)))
        goto error;
    q = kaiji_store_prepare(store, "SELECT guideline, document_date FROM submissions"
                                   " WHERE sha256 = ?1");
    if (!q) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    for (size_t i = 0; i < report->count; i++) {
        const kaiji_status_contract *c = &report->contracts[i];
        for (size_t j = 0; j < c->document_count; j++) {
            const kaiji_status_document *doc = &c->documents[j];
            if (!doc->present || !doc->sha256 || !doc->sha256[0])
                continue;
            kaiji_stmt_reset(q);
            kaiji_stmt_bind_text(q, 1, doc->sha256);
            int step = kaiji_stmt_step(q);
            if (step == KAIJI_DB_DONE)
                continue;
            if (step != KAIJI_DB_ROW) {
                rc = kaiji_store_sqlfail(store, "submissions");
                goto error;
            }
            if (!KAIJI_GROW(d->items, d->count, cap))
                goto error;
            kaiji_submission_detail *it = &d->items[d->count++];
            snprintf(it->sha256, sizeof it->sha256, "%s", doc->sha256);
            snprintf(it->guideline, sizeof it->guideline, "%s", kaiji_store_col(q, 0));
            it->document_date = kaiji_store_parse_iso(kaiji_store_col(q, 1));
        }
    }
    kaiji_stmt_finalize(q);
    *out = d;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(q);
    kaiji_submission_details_free(d);
    return rc;
}

const kaiji_submission_detail *kaiji_submission_details_find(const kaiji_submission_details *d,
                                                             const char *sha256)
{
    if (!d || !sha256 || !sha256[0])
        return NULL;
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].sha256, sha256) == 0)
            return &d->items[i];
    return NULL;
}

void kaiji_submission_details_free(kaiji_submission_details *d)
{
    if (!d)
        return;
    free(d->items);
    free(d);
}
