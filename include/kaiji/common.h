/*
 * kaiji/common.h - error codes, version and resource limits shared by every
 * part of libkaiji.
 *
 * Error codes report failures of the library (out of memory, a file that
 * cannot be opened).  What is wrong *inside* a document, including a document
 * that cannot be read at all, is reported as findings on the document
 * (see kaiji/document.h), never as an error code.
 */
#ifndef KAIJI_COMMON_H
#define KAIJI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KAIJI_VERSION_MAJOR 0
#define KAIJI_VERSION_MINOR 1
#define KAIJI_VERSION_PATCH 0
#define KAIJI_VERSION_STRING "0.1.0"

/* Failures.  Every public function that can fail returns one of these. */
typedef enum kaiji_error {
    KAIJI_OK = 0,
    KAIJI_ERROR_NOMEM,      /* memory could not be allocated */
    KAIJI_ERROR_IO,         /* a file could not be opened, read or written */
    KAIJI_ERROR_INVALID,    /* an argument is not acceptable (bad date, name) */
    KAIJI_ERROR_NOT_FOUND,  /* the thing asked for does not exist */
    KAIJI_ERROR_CATALOG,    /* a catalog file is malformed */
    KAIJI_ERROR_UNREADABLE, /* an input could not be turned into a document */
    KAIJI_ERROR__COUNT
} kaiji_error;

/* A static, English, one-line description of err.  Never NULL. */
const char *kaiji_strerror(kaiji_error err);

/* The library's version, as "MAJOR.MINOR.PATCH". */
const char *kaiji_version(void);

/*
 * Resource limits applied while reading untrusted files.  Initialise with
 * kaiji_limits_init() and change what you need; a zero field means "use the
 * default".  Sizes are in bytes of *inflated* (decompressed) data, counted
 * while inflating: the sizes a ZIP file declares are never trusted.
 */
typedef struct kaiji_limits {
    uint64_t max_part_size;      /* one ZIP part, inflated: 256 MiB */
    uint64_t max_total_size;     /* all parts of one file, inflated: 1 GiB */
    uint32_t max_ratio;          /* inflated:compressed, 200 */
    uint64_t ratio_min_size;     /* the ratio applies to parts over this: 1 MiB */
    uint64_t max_file_size;      /* a plain (XML, JSON) file on disk: 256 MiB */
    uint32_t max_json_depth;     /* JSON nesting depth: 64 */
    uint32_t max_zip_entries;    /* entries in one ZIP: 10000 */
    uint64_t max_cells;          /* non-empty cells in one workbook: 20,000,000 */
} kaiji_limits;

/* Fills *limits with the defaults above. */
void kaiji_limits_init(kaiji_limits *limits);

/*
 * Prepares the process for libkaiji.  A program calls it once, before it
 * starts threads and before any other kaiji function, and
 * kaiji_global_shutdown() once at the end (it frees libxml2's process-wide
 * state).  libxml2, whose own set-up is not thread-safe, is loaded and set
 * up by the first kaiji call that reads or writes XML, on any thread, once
 * for the process (under a lock); that table of libxml2's functions, never
 * changed after, is the one global state libkaiji keeps.
 */
int kaiji_global_init(void);
void kaiji_global_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
