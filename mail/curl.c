/*
 * mail/curl.c - libcurl loaded on first use (mail/curl.h).
 */
#include <stdlib.h>

#include "base/base.h"
#include "mail/curl.h"
#include "model/i18n.h"
#include "platform/dl.h"

bool kaiji_curl_load(kaiji_curl *out, char **err)
{
#ifdef KAIJI_DL_LINKED
    kaiji_curl *table = out;
    KAIJI_CURL_FUNCTIONS(KAIJI_DL_LINK)
    if (err)
        *err = NULL;
    return true;
#else
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so",
                                        "libcurl.dll", "libcurl-4.dll", NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_CURL_SYMBOL(m, f) KAIJI_DL_SYMBOL(kaiji_curl, m, f),
        KAIJI_CURL_FUNCTIONS(KAIJI_CURL_SYMBOL)
#undef KAIJI_CURL_SYMBOL
    };
    const char *missing = NULL;
    if (err)
        *err = NULL;
    if (kaiji_dl_load(out, names, syms, sizeof syms / sizeof syms[0], &missing))
        return true;
    if (err)
        *err = kaiji_strprintf(_("cannot load libcurl (%s), which sending mail and fetching "
                                 "need: install the package %s"),
                               missing, KAIJI_CURL_PACKAGE);
    return false;
#endif
}
