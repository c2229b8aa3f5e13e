/*
 * formats/embedded.h - the files of formats/ compiled into the library by
 * formats/embed.sh.  Not installed.
 */
#ifndef KAIJI_EMBEDDED_H
#define KAIJI_EMBEDDED_H

#include <stddef.h>

typedef struct kaiji_embedded_file {
    const char *path; /* "formats/catalogs/mhlw-checklist-r6.json" */
    const char *data; /* NUL-terminated */
    size_t size;      /* without the NUL */
} kaiji_embedded_file;

/* Ends with an entry whose path is NULL. */
extern const kaiji_embedded_file kaiji_embedded_files[];

/* The embedded file at path, or NULL. */
const kaiji_embedded_file *kaiji_embedded_find(const char *path);

#endif
