/*
 * tests/fuzz/fuzz_common.h - what the libFuzzer harnesses share: one read of
 * untrusted bytes through the public API, with the library's contracts
 * checked, and the XLSX harness's packing of text parts into a ZIP.
 */
#ifndef KAIJI_FUZZ_COMMON_H
#define KAIJI_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "kaiji.h"

/* The entry points libFuzzer calls. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Reads size bytes at data with kaiji_read_memory() under the name name,
 * validates the document with the built-in catalogs (target 6.0, as of
 * 2024-10-01, 2023-07-01, 2025-10-01 or 2027-04-01 by the input's size),
 * and aborts when a contract of the library is broken: a
 * return code other than KAIJI_OK or KAIJI_ERROR_NOMEM, no document, a NULL
 * or non-UTF-8 string from an accessor, an unreadable document without a finding, a
 * status left unchecked.  When roundtrip is set and the document is readable,
 * it is also exported to JSON and XML and each export must read back as a
 * readable document of the same kind, and turned into a template catalog
 * (as `kaiji catalog import` does) that must load.
 *
 * When the environment variable KAIJI_FUZZ_DUMP names a file, the bytes are
 * first written there (to turn a harness input into a regression file).
 */
void fuzz_read_bytes(const uint8_t *data, size_t size, const char *name,
                     int roundtrip);

/*
 * As fuzz_read_bytes(), under tight limits when tight is set (a 4 KiB part,
 * 16 KiB in all, 8 entries, ratio 4:1 over 1 KiB, 8 levels of JSON, 64
 * cells), so that mutations also reach the paths that stop a read half-way.
 */
void fuzz_read_bytes_limited(const uint8_t *data, size_t size,
                             const char *name, int roundtrip, int tight);

/* Writes size bytes at data to the file the environment variable
 * KAIJI_FUZZ_DUMP names, when it names one (exits on failure). */
void fuzz_dump(const uint8_t *data, size_t size);

/*
 * Packs a text listing of ZIP parts into a ZIP in memory:
 *
 *   ==> xl/workbook.xml
 *   <workbook ...>...
 *   ==> xl/worksheets/sheet1.xml
 *   ...
 *
 * Each part runs from the line after its "==> NAME" line to the next
 * "\n==> ".  Parts that cannot be added (bad or repeated names) are skipped.
 * Returns a malloc'd buffer and its size in *out_len, or NULL.
 */
unsigned char *fuzz_pack_parts(const uint8_t *data, size_t size,
                               size_t *out_len);

#endif
