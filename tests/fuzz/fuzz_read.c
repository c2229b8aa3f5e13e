/*
 * tests/fuzz/fuzz_read.c - any bytes at all through kaiji_read_memory() and
 * kaiji_validate() with the built-in catalogs: format sniffing, every reader
 * behind it (ZIP, OLE, XML, JSON), recognition and every rule.  A readable
 * document is also exported to JSON and XML, and each export must read back
 * as a readable document of the same kind.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The name matters only for files that are nothing kaiji reads. */
    static const char *const names[] = {"fuzz.xlsx", "fuzz.xls", "fuzz.bin"};
    fuzz_read_bytes(data, size, names[size % 3], 1);
    return 0;
}
