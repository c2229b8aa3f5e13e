/*
 * parser/readers.h - the readers behind kaiji_read_file(), one per format.
 * Not installed.
 *
 * Each reader takes a document that already has its path (and SHA-256), the
 * file's bytes, and the limits.  It sets the document's format and fills it:
 * kind, header fields, items.  When the bytes cannot be read it marks the
 * document unreadable with kaiji_document_fail() and a finding code
 * (file-corrupt, file-too-large, file-unsafe, ...) and a message a hospital
 * clerk understands; that is still KAIJI_OK.  A reader returns
 * KAIJI_ERROR_NOMEM only when memory runs out.  No reader crashes, loops or
 * reads outside its input on any bytes whatsoever.
 */
#ifndef KAIJI_READERS_H
#define KAIJI_READERS_H

#include <stddef.h>

#include "kaiji/common.h"
#include "model/model.h"

/* libxml2's compiled schema (libxml/xmlschemas.h). */
struct _xmlSchema;
#include "parser/grid.h"
#include "parser/vocab.h"

/* XLSX / XLSM / Strict OOXML (a ZIP). */
int kaiji_read_xlsx(kaiji_document *doc, const unsigned char *data,
                    size_t size, const kaiji_limits *limits,
                    const kaiji_vocab *vocab);

/* The XLSX reader's first half: the workbook's cells, without recognition.
 * On unreadable input, doc is failed and *out is NULL.  Used by tests and by
 * catalog import. */
int kaiji_xlsx_workbook(kaiji_workbook **out, kaiji_document *doc,
                        const unsigned char *data, size_t size,
                        const kaiji_limits *limits);

/* An OLE compound file: a legacy .xls (file-legacy-xls) or a
 * password-protected OOXML workbook holding EncryptedPackage
 * (file-encrypted).  Always leaves doc unreadable. */
int kaiji_read_ole(kaiji_document *doc, const unsigned char *data, size_t size);

/* The XML readers take UTF-8 text with no DTD (see parser/xmlsafe.h). */
int kaiji_read_ss2003(kaiji_document *doc, const char *xml, size_t len,
                      const kaiji_limits *limits, const kaiji_vocab *vocab);
int kaiji_ss2003_workbook(kaiji_workbook **out, kaiji_document *doc,
                          const char *xml, size_t len,
                          const kaiji_limits *limits);
/* schema: the compiled XSD of kaiji's XML format, shared (see
 * kaiji_xml_schema_compile), or NULL to compile it for this one read. */
int kaiji_read_kaiji_xml(kaiji_document *doc, const char *xml, size_t len,
                         const kaiji_limits *limits, const struct _xmlSchema *schema);
/*
 * Compiles the XSD of kaiji's XML format built into the library into *out
 * (free with xmlSchemaFree).  The result is read-only: any number of threads
 * may validate against it at once.  KAIJI_OK, KAIJI_ERROR_NOMEM, or
 * KAIJI_ERROR_NOT_FOUND when this build lacks the schema (*out NULL).
 */
int kaiji_xml_schema_compile(struct _xmlSchema **out);
int kaiji_read_mds2_xml(kaiji_document *doc, const char *xml, size_t len,
                        const kaiji_limits *limits);

/* kaiji's exchange format, JSON (UTF-8, BOM already removed). */
int kaiji_read_kaiji_json(kaiji_document *doc, const char *json, size_t len,
                          const kaiji_limits *limits);

#endif
