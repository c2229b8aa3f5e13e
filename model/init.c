/*
 * model/init.c - process-wide set-up of the libraries kaiji uses.
 */
#include <curl/curl.h>
#include <libxml/parser.h>

#include "kaiji/common.h"

int kaiji_global_init(void)
{
    xmlInitParser();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

void kaiji_global_shutdown(void)
{
    curl_global_cleanup();
    xmlCleanupParser();
}
