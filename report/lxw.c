/*
 * report/lxw.c - libxlsxwriter loaded on first use (report/lxw.h).
 */
#define KAIJI_LXW_NO_NAMES
#include "base/base.h"
#include "model/i18n.h"
#include "platform/dl.h"
#include "report/lxw.h"

bool kaiji_lxw_load(kaiji_lxw *out, char **err)
{
#ifdef KAIJI_DL_LINKED
    kaiji_lxw *table = out;
    KAIJI_LXW_FUNCTIONS(KAIJI_DL_LINK)
    if (err)
        *err = NULL;
    return true;
#else
    static const char *const names[] = {"libxlsxwriter.so.4", "libxlsxwriter.so",
                                        "libxlsxwriter.dll", NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_LXW_SYMBOL(m, f) {#f, offsetof(kaiji_lxw, m)},
        KAIJI_LXW_FUNCTIONS(KAIJI_LXW_SYMBOL)
#undef KAIJI_LXW_SYMBOL
    };
    const char *missing = NULL;
    if (err)
        *err = NULL;
    if (kaiji_dl_load(out, names, syms, sizeof syms / sizeof syms[0], &missing))
        return true;
    if (err)
        /* TRANSLATORS: %s: the library or function missing; libxlsxwriter4 is
         * the Debian package to install */
        *err = kaiji_strprintf(_("cannot load libxlsxwriter (%s), which Excel outputs need: "
                                 "install the package libxlsxwriter4"),
                               missing);
    return false;
#endif
}
