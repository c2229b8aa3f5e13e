/*
 * catalog/schema.h - the XSD of kaiji's own XML exchange format, as data
 * built into the library (formats/schema/kaiji-document.xsd) and compiled
 * for the readers.  Not installed.
 */
#ifndef KAIJI_CATALOG_SCHEMA_H
#define KAIJI_CATALOG_SCHEMA_H

/* libxml2's compiled schema (libxml/xmlschemas.h). */
struct _xmlSchema;

/*
 * Compiles the XSD of kaiji's XML format built into the library into *out
 * (free with xmlSchemaFree).  The result is read-only: any number of threads
 * may validate against it at once.  KAIJI_OK, KAIJI_ERROR_NOMEM,
 * KAIJI_ERROR_NOT_FOUND when this build lacks the schema, or KAIJI_ERROR_IO
 * when libxml2 cannot be loaded (model/libxml.h; *out NULL).
 */
int kaiji_xml_schema_compile(struct _xmlSchema **out);

#endif
