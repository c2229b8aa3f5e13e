/*
 * tests/fuzz/fuzz_xtok.c - the OOXML tokenizer (parser/ooxml_tok.c) against
 * libxml2 under libFuzzer: the input's first byte picks how the tokenizer's
 * reads are cut (as it asks, or 1 to 7 bytes at a time), the rest is a part.
 * Both are run on it with recording callbacks (tests/support/xtok_diff.h);
 * the harness aborts when they do not give the same events, or when one
 * refuses what the other reads.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/support/xtok_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int outcome;
    char *why;

    if (size == 0)
        return 0;
    if (!xd_agree(data + 1, size - 1, data[0] % 8u, 0, &outcome, &why)) {
        fprintf(stderr, "contract broken: the tokenizer and libxml2 differ: %s\n",
                why ? why : "(no memory)");
        abort();
    }
    free(why);
    return 0;
}
