/*
 * model/libxml.h - libxml2, loaded when kaiji first reads or writes XML
 * (platform/dl.h), not at start: `kaiji --version`, `kaiji catalog` and the
 * commands that read only JSON never map libxml2, nor the ICU, libstdc++
 * and liblzma that Debian's libxml2 brings.
 *
 * Include this instead of <libxml/...>.  Each libxml2 function kaiji calls
 * is listed in KAIJI_LIBXML_FUNCTIONS and named by a macro that reads it
 * from the process-wide table kaiji_libxml, so the code calls
 * xmlFreeDoc(doc) as before and the compiler checks the call against
 * libxml2's headers.  A function not listed does not link (the library is
 * no longer linked): add it to the list and to the macros below.
 *
 * Before its first libxml2 call, every entry point that may be the first
 * to use XML (a reader, the XSD's compilation, the XML export) calls
 * kaiji_libxml_load(), and fails cleanly when it returns false: the table
 * is then not to be used.
 *
 * The one process-wide table of the library (docs/conventions.md): libxml2's
 * own state is process-wide (xmlInitParser, the schema types that must be
 * set up before any thread parses an XSD, libxml2 issue 930), so the set-up
 * belongs to the first load, once for the process, whichever thread comes
 * first: kaiji_libxml_load fills the table and sets libxml2 up under
 * pthread_once, and nothing writes the table after.
 */
#ifndef KAIJI_MODEL_LIBXML_H
#define KAIJI_MODEL_LIBXML_H

#include <stdbool.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlwriter.h>

/* The Debian package that has the library, for the message when it is missing. */
#define KAIJI_LIBXML_PACKAGE "libxml2"

/* Every libxml2 function kaiji calls; each is also the member's name. */
#define KAIJI_LIBXML_FUNCTIONS(X)                                                             \
    X(xmlInitParser) X(xmlCleanupParser) X(xmlSchemaInitTypes)                                \
    /* trees and SAX (parser/kaiji_xml.c, parser/xlsx_parts.c) */                             \
    X(xmlNewParserCtxt) X(xmlCreateIOParserCtxt) X(xmlCtxtUseOptions)                         \
    X(xmlCtxtReadMemory) X(xmlParseDocument) X(xmlStopParser) X(xmlCtxtGetLastError)          \
    X(xmlFreeParserCtxt) X(xmlFreeDoc) X(xmlDocGetRootElement) X(xmlGetNoNsProp)              \
    X(xmlNodeGetContent) X(xmlGetLineNo)                                                      \
    /* the streaming reader (ODS, SpreadsheetML 2003, MDS2 XML) */                            \
    X(xmlReaderForMemory) X(xmlReaderForIO) X(xmlFreeTextReader) X(xmlTextReaderRead)         \
    X(xmlTextReaderNodeType) X(xmlTextReaderDepth) X(xmlTextReaderIsEmptyElement)             \
    X(xmlTextReaderConstLocalName) X(xmlTextReaderConstNamespaceUri)                          \
    X(xmlTextReaderConstValue) X(xmlTextReaderValue) X(xmlTextReaderReadString)               \
    X(xmlTextReaderGetAttributeNs) X(xmlTextReaderMoveToFirstAttribute)                       \
    X(xmlTextReaderMoveToNextAttribute) X(xmlTextReaderMoveToElement)                         \
    X(xmlTextReaderCurrentNode) X(xmlTextReaderGetParserLineNumber)                           \
    X(xmlTextReaderSetStructuredErrorHandler)                                                 \
    /* the XSD (catalog/schema.c, parser/kaiji_xml.c) */                                      \
    X(xmlSchemaNewMemParserCtxt) X(xmlSchemaSetParserStructuredErrors) X(xmlSchemaParse)      \
    X(xmlSchemaFreeParserCtxt) X(xmlSchemaFree) X(xmlSchemaNewValidCtxt)                      \
    X(xmlSchemaSetValidStructuredErrors) X(xmlSchemaValidateDoc) X(xmlSchemaFreeValidCtxt)    \
    /* the writer (model/export.c) */                                                         \
    X(xmlBufferCreate) X(xmlBufferContent) X(xmlBufferLength) X(xmlBufferFree)                \
    X(xmlNewTextWriterMemory) X(xmlFreeTextWriter) X(xmlTextWriterSetIndent)                  \
    X(xmlTextWriterSetIndentString) X(xmlTextWriterStartDocument)                             \
    X(xmlTextWriterEndDocument) X(xmlTextWriterStartElement)                                  \
    X(xmlTextWriterStartElementNS) X(xmlTextWriterEndElement)                                 \
    X(xmlTextWriterWriteAttribute) X(xmlTextWriterWriteString)

/* libxml2's functions, typed by its headers. */
typedef struct kaiji_libxml_fns {
#define KAIJI_LIBXML_MEMBER(f) __typeof__(f) *f;
    KAIJI_LIBXML_FUNCTIONS(KAIJI_LIBXML_MEMBER)
#undef KAIJI_LIBXML_MEMBER
#ifndef KAIJI_DL_LINKED
    /* xmlFree is a variable of libxml2's (its free hook), not a function:
     * its address, read at each call.  The linked build keeps libxml2's own
     * xmlFree (a function there, per thread). */
    __typeof__(xmlFree) *xmlFree;
#endif
} kaiji_libxml_fns;

/* Filled by kaiji_libxml_load, read only after it returned true. */
extern kaiji_libxml_fns kaiji_libxml;

/*
 * Loads libxml2 into kaiji_libxml and sets it up (xmlInitParser,
 * xmlSchemaInitTypes), once for the process: the first call does it, on
 * whichever thread, and any other thread calling meanwhile waits for it;
 * later calls return at once.  Returns true; false when libxml2 cannot be
 * loaded, with, when missing is not NULL, the library or function that
 * was missing in *missing (a static string).  Thread-safe.
 */
bool kaiji_libxml_load(const char **missing);

/*
 * For kaiji_global_init and kaiji_global_shutdown (model/init.c), before
 * any thread and after the last: sets libxml2 up again after a shutdown,
 * and frees its process-wide state; neither loads libxml2.
 */
void kaiji_libxml_global_init(void);
void kaiji_libxml_global_shutdown(void);

/* model/libxml.c, which names the symbols, defines KAIJI_LIBXML_NO_NAMES. */
#ifndef KAIJI_LIBXML_NO_NAMES
#ifndef KAIJI_DL_LINKED
#undef xmlFree
#define xmlFree (*kaiji_libxml.xmlFree)
#endif
#define xmlInitParser (kaiji_libxml.xmlInitParser)
#define xmlCleanupParser (kaiji_libxml.xmlCleanupParser)
#define xmlSchemaInitTypes (kaiji_libxml.xmlSchemaInitTypes)
#define xmlNewParserCtxt (kaiji_libxml.xmlNewParserCtxt)
#define xmlCreateIOParserCtxt (kaiji_libxml.xmlCreateIOParserCtxt)
#define xmlCtxtUseOptions (kaiji_libxml.xmlCtxtUseOptions)
#define xmlCtxtReadMemory (kaiji_libxml.xmlCtxtReadMemory)
#define xmlParseDocument (kaiji_libxml.xmlParseDocument)
#define xmlStopParser (kaiji_libxml.xmlStopParser)
#define xmlCtxtGetLastError (kaiji_libxml.xmlCtxtGetLastError)
#define xmlFreeParserCtxt (kaiji_libxml.xmlFreeParserCtxt)
#define xmlFreeDoc (kaiji_libxml.xmlFreeDoc)
#define xmlDocGetRootElement (kaiji_libxml.xmlDocGetRootElement)
#define xmlGetNoNsProp (kaiji_libxml.xmlGetNoNsProp)
#define xmlNodeGetContent (kaiji_libxml.xmlNodeGetContent)
#define xmlGetLineNo (kaiji_libxml.xmlGetLineNo)
#define xmlReaderForMemory (kaiji_libxml.xmlReaderForMemory)
#define xmlReaderForIO (kaiji_libxml.xmlReaderForIO)
#define xmlFreeTextReader (kaiji_libxml.xmlFreeTextReader)
#define xmlTextReaderRead (kaiji_libxml.xmlTextReaderRead)
#define xmlTextReaderNodeType (kaiji_libxml.xmlTextReaderNodeType)
#define xmlTextReaderDepth (kaiji_libxml.xmlTextReaderDepth)
#define xmlTextReaderIsEmptyElement (kaiji_libxml.xmlTextReaderIsEmptyElement)
#define xmlTextReaderConstLocalName (kaiji_libxml.xmlTextReaderConstLocalName)
#define xmlTextReaderConstNamespaceUri (kaiji_libxml.xmlTextReaderConstNamespaceUri)
#define xmlTextReaderConstValue (kaiji_libxml.xmlTextReaderConstValue)
#define xmlTextReaderValue (kaiji_libxml.xmlTextReaderValue)
#define xmlTextReaderReadString (kaiji_libxml.xmlTextReaderReadString)
#define xmlTextReaderGetAttributeNs (kaiji_libxml.xmlTextReaderGetAttributeNs)
#define xmlTextReaderMoveToFirstAttribute (kaiji_libxml.xmlTextReaderMoveToFirstAttribute)
#define xmlTextReaderMoveToNextAttribute (kaiji_libxml.xmlTextReaderMoveToNextAttribute)
#define xmlTextReaderMoveToElement (kaiji_libxml.xmlTextReaderMoveToElement)
#define xmlTextReaderCurrentNode (kaiji_libxml.xmlTextReaderCurrentNode)
#define xmlTextReaderGetParserLineNumber (kaiji_libxml.xmlTextReaderGetParserLineNumber)
#define xmlTextReaderSetStructuredErrorHandler                                                \
    (kaiji_libxml.xmlTextReaderSetStructuredErrorHandler)
#define xmlSchemaNewMemParserCtxt (kaiji_libxml.xmlSchemaNewMemParserCtxt)
#define xmlSchemaSetParserStructuredErrors (kaiji_libxml.xmlSchemaSetParserStructuredErrors)
#define xmlSchemaParse (kaiji_libxml.xmlSchemaParse)
#define xmlSchemaFreeParserCtxt (kaiji_libxml.xmlSchemaFreeParserCtxt)
#define xmlSchemaFree (kaiji_libxml.xmlSchemaFree)
#define xmlSchemaNewValidCtxt (kaiji_libxml.xmlSchemaNewValidCtxt)
#define xmlSchemaSetValidStructuredErrors (kaiji_libxml.xmlSchemaSetValidStructuredErrors)
#define xmlSchemaValidateDoc (kaiji_libxml.xmlSchemaValidateDoc)
#define xmlSchemaFreeValidCtxt (kaiji_libxml.xmlSchemaFreeValidCtxt)
#define xmlBufferCreate (kaiji_libxml.xmlBufferCreate)
#define xmlBufferContent (kaiji_libxml.xmlBufferContent)
#define xmlBufferLength (kaiji_libxml.xmlBufferLength)
#define xmlBufferFree (kaiji_libxml.xmlBufferFree)
#define xmlNewTextWriterMemory (kaiji_libxml.xmlNewTextWriterMemory)
#define xmlFreeTextWriter (kaiji_libxml.xmlFreeTextWriter)
#define xmlTextWriterSetIndent (kaiji_libxml.xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString (kaiji_libxml.xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument (kaiji_libxml.xmlTextWriterStartDocument)
#define xmlTextWriterEndDocument (kaiji_libxml.xmlTextWriterEndDocument)
#define xmlTextWriterStartElement (kaiji_libxml.xmlTextWriterStartElement)
#define xmlTextWriterStartElementNS (kaiji_libxml.xmlTextWriterStartElementNS)
#define xmlTextWriterEndElement (kaiji_libxml.xmlTextWriterEndElement)
#define xmlTextWriterWriteAttribute (kaiji_libxml.xmlTextWriterWriteAttribute)
#define xmlTextWriterWriteString (kaiji_libxml.xmlTextWriterWriteString)
#endif

#endif
