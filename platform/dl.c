/*
 * platform/dl.c - optional shared libraries loaded on first use
 * (platform/dl.h): dlopen/dlsym on POSIX, LoadLibrary/GetProcAddress on
 * Windows.  Only open_library and find_symbol differ between the two.
 */
#include <string.h>

#include "platform/dl.h"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "a function's address fits an object pointer");

#ifdef _WIN32
#include <windows.h>

/* The DLL stays loaded: FreeLibrary is never called (platform/dl.h). */
static void *open_library(const char *name)
{
    return (void *)LoadLibraryA(name);
}

static void *find_symbol(void *lib, const char *name)
{
    FARPROC f = GetProcAddress((HMODULE)lib, name);
    void *p;
    memcpy(&p, &f, sizeof p);
    return p;
}

static void close_library(void *lib)
{
    (void)lib;
}
#else
#include <dlfcn.h>

/* RTLD_NODELETE: dlclose leaves the library mapped, so that a table filled
 * from it stays valid and libraries that start threads or register
 * handlers (libcurl's resolver, GnuTLS) are never unloaded under them.
 * RTLD_LOCAL: its symbols do not leak into later lookups.  RTLD_LAZY: bound
 * as the loader binds the libraries a program names at start (kaiji is not
 * linked with -z now; a library built with it is bound at once all the
 * same): RTLD_NOW bound every call of libstdc++, which libxml2 brings
 * through ICU, and made loading libxml2 cost 1.9 M instructions more than
 * linking it (issue 16).  Whether every function of the table is there is
 * checked by dlsym all the same. */
static void *open_library(const char *name)
{
    return dlopen(name, RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
}

static void *find_symbol(void *lib, const char *name)
{
    return dlsym(lib, name);
}

static void close_library(void *lib)
{
    dlclose(lib);
}
#endif

bool kaiji_dl_load(void *table, const char *const *names, const kaiji_dl_symbol *syms,
                   size_t n, const char **missing)
{
    void *lib = NULL;
    bool ok = false;
    if (missing)
        *missing = names[0];
    for (size_t i = 0; names[i] && !lib; i++)
        lib = open_library(names[i]);
    if (!lib)
        return false;
    for (size_t i = 0; i < n; i++) {
        void *p = find_symbol(lib, syms[i].name);
        if (!p) {
            if (missing)
                *missing = syms[i].name;
            goto done;
        }
        /* An object pointer taken as a function pointer, as POSIX allows:
         * through memcpy, which ISO C does not object to. */
        memcpy((char *)table + syms[i].offset, &p, sizeof p);
    }
    ok = true;
done:
    close_library(lib);
    return ok;
}
