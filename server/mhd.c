/*
 * server/mhd.c - libmicrohttpd loaded when kaiji serve starts (server/mhd.h).
 */
#define KAIJI_MHD_NO_NAMES
#include "model/i18n.h"
#include "platform/dl.h"
#include "server/mhd.h"

kaiji_mhd_fns kaiji_mhd;

/* Set once, before threads (server/mhd.h). */
static bool loaded;

bool kaiji_mhd_load(const char **why)
{
    static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so",
                                        "libmicrohttpd-12.dll", "libmicrohttpd.dll", NULL};
    static const kaiji_dl_symbol syms[] = {
/* #f: the symbol as written, not the macro that names it now. */
#define KAIJI_MHD_SYMBOL(m, f) {#f, offsetof(kaiji_mhd_fns, m)},
        KAIJI_MHD_FUNCTIONS(KAIJI_MHD_SYMBOL)
#undef KAIJI_MHD_SYMBOL
    };
    if (loaded)
        return true;
#ifdef KAIJI_DL_LINKED
    kaiji_mhd_fns *table = &kaiji_mhd;
    KAIJI_MHD_FUNCTIONS(KAIJI_DL_LINK)
    (void)names;
    (void)syms;
    (void)why;
#else
    if (!kaiji_dl_load(&kaiji_mhd, names, syms, sizeof syms / sizeof syms[0], NULL)) {
        /* TRANSLATORS: libmicrohttpd12 is the Debian package to install */
        *why = _("cannot load libmicrohttpd, which kaiji serve needs: install the package "
                 "libmicrohttpd12");
        return false;
    }
#endif
    loaded = true;
    return true;
}
