/*
 * tests/fuzz/fuzz_json.c - kaiji's exchange JSON under libFuzzer, through
 * kaiji_read_memory() and kaiji_validate(); a readable document is exported
 * again and must read back and validate the same.  Inputs of odd length are
 * read under tight limits (8 levels of nesting).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_bytes_limited(data, size, "fuzz.json", 1, (int)(size & 1));
    return 0;
}
