/*
 * parser/libzip.c - libzip loaded on first use (parser/libzip.h).
 */
#include <stdlib.h>

#include "base/base.h"
#include "model/i18n.h"
#include "parser/libzip.h"
#include "platform/dl.h"

bool kaiji_libzip_load(kaiji_libzip *out, char **err)
{
#ifdef KAIJI_DL_LINKED
    kaiji_libzip *table = out;
    KAIJI_LIBZIP_FUNCTIONS(KAIJI_DL_LINK)
    if (err)
        *err = NULL;
    return true;
#else
    static const char *const names[] = {"libzip.so.4", "libzip.so.5", "libzip.so", "libzip.dll",
                                        NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_LIBZIP_SYMBOL(m, f) KAIJI_DL_SYMBOL(kaiji_libzip, m, f),
        KAIJI_LIBZIP_FUNCTIONS(KAIJI_LIBZIP_SYMBOL)
#undef KAIJI_LIBZIP_SYMBOL
    };
    const char *missing = NULL;
    if (err)
        *err = NULL;
    if (kaiji_dl_load(out, names, syms, sizeof syms / sizeof syms[0], &missing))
        return true;
    if (err)
        /* TRANSLATORS: %s after "package" is the Debian package to install */
        *err = kaiji_strprintf(_("cannot load libzip (%s), which password-protected ZIP "
                                 "archives and writing ZIP files need: install the package %s"),
                               missing, KAIJI_LIBZIP_PACKAGE);
    return false;
#endif
}
