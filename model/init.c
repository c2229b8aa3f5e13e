/*
 * model/init.c - process-wide set-up of the libraries kaiji uses.
 */
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>

#include "kaiji/common.h"

int kaiji_global_init(void)
{
    xmlInitParser();
    /* xmlSchemaParse() sets up libxml2's built-in schema types on first use,
     * without a lock (libxml2 issue 930): done here, before any thread. */
    xmlSchemaInitTypes();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

void kaiji_global_shutdown(void)
{
    curl_global_cleanup();
    xmlCleanupParser();
}
