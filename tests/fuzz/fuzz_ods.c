/*
 * tests/fuzz/fuzz_ods.c - the OpenDocument spreadsheet reader (parser/ods.c)
 * under libFuzzer.
 *
 * As fuzz_xlsx: an input starting with "PK" is taken as a ZIP file as is;
 * any other input is a text listing of parts ("==> content.xml" lines, see
 * fuzz_common.h) packed into a valid ZIP first, so mutations reach the XML
 * of content.xml, meta.xml and the manifest.  A listing without a mimetype
 * part still reads as an ODS when it has the manifest.  The ZIP goes through
 * kaiji_read_memory() (format told by content) and kaiji_validate(), under
 * the default limits or, for inputs of odd length, tight ones.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int tight = (int)(size & 1);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        fuzz_read_bytes_limited(data, size, "fuzz.ods", 1, tight);
        return 0;
    }
    size_t len = 0;
    unsigned char *zip = fuzz_pack_parts(data, size, &len);
    if (!zip)
        return 0;
    if (len > 0)
        fuzz_read_bytes_limited(zip, len, "fuzz.ods", 1, tight);
    free(zip);
    return 0;
}
