/*
 * catalog/schema.c - compiling the XSD of kaiji's XML format.
 */
#include <limits.h>

#include "model/libxml.h"

#include "catalog/schema.h"
#include "formats/embedded.h"
#include "kaiji/common.h"

#define KAIJI_XSD "formats/schema/kaiji-document.xsd"

/* Errors of the schema's own parsing are not the user's: kept quiet. */
static void on_quiet_error(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

int kaiji_xml_schema_compile(xmlSchemaPtr *out)
{
    xmlSchemaParserCtxtPtr pctxt;
    const kaiji_embedded_file *xsd = kaiji_embedded_find(KAIJI_XSD);

    *out = NULL;
    if (!xsd || xsd->size > INT_MAX)
        return KAIJI_ERROR_NOT_FOUND;
    if (!kaiji_libxml_load(NULL))
        return KAIJI_ERROR_IO;
    pctxt = xmlSchemaNewMemParserCtxt(xsd->data, (int)xsd->size);
    if (!pctxt)
        return KAIJI_ERROR_NOMEM;
    xmlSchemaSetParserStructuredErrors(pctxt, on_quiet_error, NULL);
    *out = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}
