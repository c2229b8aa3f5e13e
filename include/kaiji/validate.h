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
} kaiji_validate_options;

/* target_guideline NULL, as_of unset, catalogs NULL. */
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
