/*
 * catalog/prebuilt.h - the built-in catalogs, parsed at build time:
 * tools/prebuild_catalogs.c loads formats/catalogs/ (every .json) through the same
 * parser (so the build fails on a malformed one) and writes them as C data,
 * build/formats/prebuilt.c, linked into the library.  kaiji_catalogs_load()
 * takes a built-in file from here instead of parsing its JSON at every
 * start; a file of the same name in the caller's directory is parsed as
 * before.  Generated, never committed: formats/catalogs/ stays the source.
 */
#ifndef KAIJI_CATALOG_PREBUILT_H
#define KAIJI_CATALOG_PREBUILT_H

#include "catalog/catalogs.h"

typedef struct kaiji_prebuilt_catalog {
    const char *basename; /* "mhlw-checklist-r6.json" */
    kaiji_catalog *catalog; /* static, prebuilt: never freed */
} kaiji_prebuilt_catalog;

/* Ends with an entry whose basename is NULL (the only entry in the
 * generator itself, which parses every file). */
extern const kaiji_prebuilt_catalog kaiji_prebuilt_catalogs[];

/* The built-in label vocabulary (formats/vocab/labels.json), static, or
 * NULL (in the generator). */
extern kaiji_vocab *const kaiji_prebuilt_vocab;

/* The built-in next steps (formats/vocab/next-steps.json): every code's
 * texts and its texts for one kind, kaiji_prebuilt_next_step_count of them
 * (0 in the generator). */
extern const kaiji_next_step kaiji_prebuilt_next_steps[];
extern const size_t kaiji_prebuilt_next_step_count;

#endif
