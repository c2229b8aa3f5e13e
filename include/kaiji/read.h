/*
 * kaiji/read.h - turning a file into a kaiji_document.
 *
 * The reader recognises the format by content (ZIP, OLE, XML dialect, JSON),
 * never by file name, and the kind of document by what it says.  A file that
 * cannot be read still gives a document: it is not readable and carries a
 * finding (file-corrupt, file-encrypted, file-legacy-xls, file-too-large,
 * file-unsafe, unsupported-format) that says why.
 */
#ifndef KAIJI_READ_H
#define KAIJI_READ_H

#include "common.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kaiji_catalogs kaiji_catalogs;

typedef struct kaiji_read_options {
    kaiji_limits limits;
    /* The label vocabulary used for recognition comes from these catalogs
     * (formats/vocab/labels.json, overridable).  NULL: the built-in ones,
     * loaded for each call. */
    const kaiji_catalogs *catalogs;
    /* Compute the SHA-256 of the bytes read (default on). */
    int compute_sha256;
} kaiji_read_options;

/* Defaults: kaiji_limits_init(), catalogs NULL, compute_sha256 = 1. */
void kaiji_read_options_init(kaiji_read_options *opts);

/*
 * Reads the file at path into *out.  opts may be NULL for the defaults.
 * Returns KAIJI_OK and a document (perhaps unreadable, with findings) that the
 * caller frees with kaiji_document_free(); KAIJI_ERROR_IO when the file cannot
 * be opened, or a library its reading needs (libxml2, loaded by the first
 * read of an XML file) cannot be loaded (then *out is still set, unreadable,
 * with the reason as a finding);
 * KAIJI_ERROR_NOMEM when memory runs out (then *out is NULL).  The document's
 * path is path in kaiji's shown form: well-formed UTF-8, each byte that is
 * not part of a UTF-8 character written \xHH and a backslash \\, so that the
 * bytes come back exactly (see the README's security section).
 */
int kaiji_read_file(kaiji_document **out, const char *path,
                    const kaiji_read_options *opts);

/*
 * As kaiji_read_file(), from size bytes at data; name is what the document
 * calls its path (it is not opened): taken as it is when it is well-formed
 * UTF-8 (a name in the shown form), else made the shown form of those bytes.
 * The bytes are not kept.
 */
int kaiji_read_memory(kaiji_document **out, const void *data, size_t size,
                      const char *name, const kaiji_read_options *opts);

#ifdef __cplusplus
}
#endif
#endif
