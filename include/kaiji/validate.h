/*
 * kaiji/validate.h - judging a document against the catalogs and the target
 * guideline.
 *
 * Findings are appended to the document; its status becomes unreadable,
 * invalid (any error finding), outdated (made for an older guideline or
 * fiscal year than the target, and no error) or valid.
 */
#ifndef KAIJI_VALIDATE_H
#define KAIJI_VALIDATE_H

#include "catalog.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kaiji_validate_options {
    const char *target_guideline; /* "6.0" when NULL */
    kaiji_date as_of;             /* today when year == 0 */
    const kaiji_catalogs *catalogs; /* required */
    /* The dates inside the findings' messages in the Japanese era
     * (令和8年11月26日), as the report they go into shows its own; false: as
     * the messages' language writes dates (2026年11月26日). */
    bool wareki;
} kaiji_validate_options;

/* target_guideline NULL, as_of unset, catalogs NULL, wareki false. */
void kaiji_validate_options_init(kaiji_validate_options *opts);

/*
 * Validates doc: appends findings and sets its status and guideline.
 * Calling it twice on one document is a programming error.
 * Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_validate(kaiji_document *doc, const kaiji_validate_options *opts);

/* The list of finding codes kaiji can emit, NULL-terminated. */
const char *const *kaiji_finding_codes(void);

#ifdef __cplusplus
}
#endif
#endif
