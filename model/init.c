/*
 * model/init.c - process-wide set-up of the libraries kaiji uses.
 */
#include "kaiji/common.h"
#include "model/libxml.h"

int kaiji_global_init(void)
{
    /* libxml2 is loaded, and set up, by the first reader or writer of XML
     * (model/libxml.h), thread-safely: here only set up again after a
     * kaiji_global_shutdown.  libcurl is loaded only by what sends or
     * fetches (mail/curl.h), and initialises itself then, thread-safely. */
    kaiji_libxml_global_init();
    return KAIJI_OK;
}

void kaiji_global_shutdown(void)
{
    kaiji_libxml_global_shutdown();
}
