/*
 * model/init.c - process-wide set-up of the libraries kaiji uses.
 */
#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>

#include "kaiji/common.h"

int kaiji_global_init(void)
{
    xmlInitParser();
    /* xmlSchemaParse() sets up libxml2's built-in schema types on first use,
     * without a lock (libxml2 issue 930): done here, before any thread. */
    xmlSchemaInitTypes();
    /* libcurl is loaded only by what sends or fetches (mail/curl.h), and
     * initialises itself then, thread-safely. */
    return KAIJI_OK;
}

void kaiji_global_shutdown(void)
{
    xmlCleanupParser();
}
