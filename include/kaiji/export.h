/*
 * kaiji/export.h - a document in kaiji's exchange format.
 *
 * The exchange format carries the document model (kind, form version,
 * guideline, header fields, items) but not the findings: reading it back and
 * validating gives the same kind, status and findings as the original.  Its
 * schemas are formats/schema/kaiji-document.xsd and
 * formats/schema/kaiji-document.schema.json.
 */
#ifndef KAIJI_EXPORT_H
#define KAIJI_EXPORT_H

#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes doc as JSON (UTF-8, no BOM) into *out, a NUL-terminated string the
 * caller frees with free().  Returns KAIJI_OK or KAIJI_ERROR_NOMEM. */
int kaiji_export_json(char **out, const kaiji_document *doc);

/* As kaiji_export_json(), as XML (UTF-8), written by libxml2, loaded by the
 * first call (a program that never writes nor reads XML never maps it);
 * KAIJI_ERROR_IO when libxml2 cannot be loaded. */
int kaiji_export_xml(char **out, const kaiji_document *doc);

#ifdef __cplusplus
}
#endif
#endif
