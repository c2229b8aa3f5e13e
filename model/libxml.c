/*
 * model/libxml.c - libxml2 loaded on first use (model/libxml.h).
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define KAIJI_LIBXML_NO_NAMES
#include "model/libxml.h"
#include "platform/dl.h"

kaiji_libxml_fns kaiji_libxml;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Written inside load_once only; read after pthread_once returned, or
 * before threads (kaiji_libxml_global_init). */
static bool loaded;
static const char *load_missing;

/* libxml2's process-wide set-up: the parser, and the built-in schema types
 * that xmlSchemaParse would otherwise set up on first use without a lock
 * (libxml2 issue 930). */
static void set_up(void)
{
    kaiji_libxml.xmlInitParser();
    kaiji_libxml.xmlSchemaInitTypes();
}

static void load(void)
{
#ifdef KAIJI_DL_LINKED
    kaiji_libxml_fns *table = &kaiji_libxml;
#define KAIJI_LIBXML_LINK(f) KAIJI_DL_LINK(f, f)
    KAIJI_LIBXML_FUNCTIONS(KAIJI_LIBXML_LINK)
#undef KAIJI_LIBXML_LINK
#else
    static const char *const names[] = {"libxml2.so.2", "libxml2.so", "libxml2-2.dll",
                                        "libxml2.dll", NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_LIBXML_SYMBOL(f) KAIJI_DL_SYMBOL(kaiji_libxml_fns, f, f),
        KAIJI_LIBXML_FUNCTIONS(KAIJI_LIBXML_SYMBOL)
#undef KAIJI_LIBXML_SYMBOL
        KAIJI_DL_SYMBOL(kaiji_libxml_fns, xmlFree, xmlFree),
    };
    if (!kaiji_dl_load(&kaiji_libxml, names, syms, sizeof syms / sizeof syms[0],
                       &load_missing)) {
        memset(&kaiji_libxml, 0, sizeof kaiji_libxml);
        return;
    }
#endif
    set_up();
    loaded = true;
}

bool kaiji_libxml_load(const char **missing)
{
    pthread_once(&load_once, load);
    if (missing)
        *missing = loaded ? NULL : load_missing;
    return loaded;
}

void kaiji_libxml_global_init(void)
{
    if (loaded)
        set_up();
}

void kaiji_libxml_global_shutdown(void)
{
    if (loaded)
        kaiji_libxml.xmlCleanupParser();
}
