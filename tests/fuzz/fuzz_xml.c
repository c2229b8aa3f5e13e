/*
 * tests/fuzz/fuzz_xml.c - every XML dialect kaiji reads, under libFuzzer:
 * kaiji's exchange XML, Excel's XML Spreadsheet 2003 and the parseMDS2 XML,
 * in any declared encoding, through kaiji_read_memory() (which sniffs the
 * encoding, refuses a DTD and picks the reader by the root element) and
 * kaiji_validate(); a readable document is exported and must read back and
 * validate the same.  Inputs of odd length are read under tight limits.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_bytes_limited(data, size, "fuzz.xml", 1, (int)(size & 1));
    return 0;
}
