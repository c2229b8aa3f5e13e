/*
 * platform/dl.h - optional shared libraries, loaded when a command first
 * needs them (dlopen on POSIX, LoadLibrary on Windows), the way systemd
 * loads its optional libraries: `kaiji validate` never maps libcurl, nor
 * `kaiji fetch` libmicrohttpd.
 *
 * A caller describes the functions it uses as a table of function pointers
 * (a struct) and a list of kaiji_dl_symbol naming each member's symbol, and
 * fills the table with kaiji_dl_load.  The headers of the library (its -dev
 * package) still give the types at build time: declare each member as
 * `__typeof__(curl_easy_init) *easy_init;` and the compiler checks every
 * call as it did with the library linked.  Where the table lives is the
 * caller's choice (docs/conventions.md): in the object that uses it inside
 * the library, process-wide only in the command.
 *
 * This is the lowest layer: nothing here knows about kaiji's messages or
 * its packages; the caller says what to install when a library is missing.
 *
 * A build that links the optional libraries into the program (the Windows
 * build's kaiji.exe, static) defines KAIJI_DL_LINKED: each loader then fills
 * its table from the linked functions themselves (KAIJI_DL_LINK), loads
 * nothing, and never fails; platform/dl.c is not needed there.
 */
#ifndef KAIJI_PLATFORM_DL_H
#define KAIJI_PLATFORM_DL_H

#include <stdbool.h>
#include <stddef.h>

/* One function of a library: its exported name and where its address goes
 * in the caller's table. */
typedef struct kaiji_dl_symbol {
    const char *name;
    size_t offset;
} kaiji_dl_symbol;

/* The entry of table type T whose member M holds the function F:
 * KAIJI_DL_SYMBOL(kaiji_curl, easy_init, curl_easy_init). */
#define KAIJI_DL_SYMBOL(T, M, F) { #F, offsetof(T, M) }

/* With KAIJI_DL_LINKED: sets member M of the table *table to the function F. */
#define KAIJI_DL_LINK(M, F) table->M = F;

/*
 * Loads the first library of names that the system has (a NULL-terminated
 * list of file names, e.g. {"libcurl.so.4", NULL}; the system's search path
 * applies) and stores the address of each of the n symbols of syms into
 * table (a struct of function pointers) at its offset.  The library stays
 * loaded until the process ends, however often it is loaded again: a table
 * once filled stays valid, and is never freed.
 *
 * Returns true when every symbol was found.  Returns false when no library
 * of names can be loaded (*missing = names[0]) or one symbol is absent
 * (*missing = its name); table is then partly filled and must not be used.
 * missing may be NULL; the string is the caller's, never to be freed.
 * Thread-safe: the system's loader takes its own lock.
 */
bool kaiji_dl_load(void *table, const char *const *names, const kaiji_dl_symbol *syms,
                   size_t n, const char **missing);

#endif
