/*
 * tests/fuzz/fuzz_json.c - kaiji's exchange JSON under libFuzzer, through
 * kaiji_read_memory() and kaiji_validate(); a readable document is exported
 * again and must read back.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_bytes(data, size, "fuzz.json", 1);
    return 0;
}
