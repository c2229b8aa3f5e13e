/*
 * tests/fuzz/fuzz_xlsx.c - the XLSX reader under libFuzzer.
 *
 * An input starting with "PK" is taken as a ZIP file as is (this mutates the
 * container: local headers, central directory, deflate streams).  Any other
 * input is a text listing of parts ("==> xl/worksheets/sheet1.xml" lines, see
 * fuzz_common.h) packed into a valid ZIP first, so mutations reach the XML of
 * the parts (workbook, relationships, shared strings, styles, sheets) instead
 * of dying on a CRC.  Either way the ZIP goes through kaiji_read_memory() and
 * kaiji_validate(), under the default limits or, for inputs of odd length,
 * tight ones that stop the read half-way.  With KAIJI_FUZZ_DUMP=FILE the ZIP
 * read is written to FILE: that is how a finding becomes a regression file.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int tight = (int)(size & 1);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        fuzz_read_bytes_limited(data, size, "fuzz.xlsx", 1, tight);
        return 0;
    }
    size_t len = 0;
    unsigned char *zip = fuzz_pack_parts(data, size, &len);
    if (!zip)
        return 0;
    if (len > 0)
        fuzz_read_bytes_limited(zip, len, "fuzz.xlsx", 1, tight);
    free(zip);
    return 0;
}
