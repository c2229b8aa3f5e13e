/*
 * tests/fuzz/fuzz_zip.c - kaiji's ZIP reader (parser/zipsafe.c) under
 * libFuzzer, alone: the input is opened as a workbook's package and as a
 * vendor's archive, and every entry is read whole (by name, then by index;
 * an encrypted one with a password, through libzip), so mutations reach the
 * end-record search, ZIP64's records, the central directory, each local
 * header, inflate, the CRC and data descriptor checks and the caps.  Inputs
 * of odd length are read under tight limits (4 KiB a part, 16 KiB in all,
 * 8 entries, 4:1).  Contracts: a status the header lists, a reason for every
 * refusal, a name for every entry, no more bytes than the caps allow.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "parser/zipsafe.h"

static void check(int ok)
{
    if (!ok) {
        fprintf(stderr, "contract broken\n");
        abort();
    }
}

static void check_status(kaiji_zip_status st, const char *why)
{
    check(st <= KAIJI_ZIP_WRONG_PASSWORD);
    if (st != KAIJI_ZIP_OK && st != KAIJI_ZIP_NOMEM && st != KAIJI_ZIP_STOPPED)
        check(why[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kaiji_limits lim;
    kaiji_zip *zip = NULL;
    char why[KAIJI_ZIP_WHY], buf[4096];
    uint64_t total = 0;

    kaiji_limits_init(&lim);
    if (size & 1) {
        lim.max_part_size = 4096;
        lim.max_total_size = 16384;
        lim.max_zip_entries = 8;
        lim.max_ratio = 4;
        lim.ratio_min_size = 1024;
    }
    /* a copy of exactly size bytes: any read past it is a sanitizer report */
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);

    kaiji_zip_status st = kaiji_zip_open_archive(&zip, copy, size, &lim, why);
    check_status(st, why);
    if (st == KAIJI_ZIP_OK) {
        size_t n = kaiji_zip_entry_count(zip);
        check(n <= lim.max_zip_entries);
        for (size_t i = 0; i < n; i++) {
            const char *name = kaiji_zip_entry_name(zip, i);
            unsigned char *out = NULL;
            size_t len = 0;
            check(name != NULL);
            (void)kaiji_zip_entry_is_dir(zip, i);
            st = kaiji_zip_entry_read(zip, i, kaiji_zip_entry_encrypted(zip, i) ? "x" : NULL,
                                      false, &out, &len, why);
            check_status(st, why);
            if (st == KAIJI_ZIP_OK) {
                check(len <= lim.max_part_size);
                total += len;
                check(total <= lim.max_total_size);
            }
            free(out);
        }
        kaiji_zip_free(zip);
    }

    zip = NULL;
    st = kaiji_zip_open(&zip, copy, size, &lim, why);
    check_status(st, why);
    if (st == KAIJI_ZIP_OK) {
        kaiji_zip *names = NULL;
        char why2[KAIJI_ZIP_WHY];
        /* the names, from the same bytes opened as an archive */
        if (kaiji_zip_open_archive(&names, copy, size, &lim, why2) == KAIJI_ZIP_OK) {
            for (size_t i = 0; i < kaiji_zip_entry_count(names); i++) {
                const char *name = kaiji_zip_entry_name(names, i);
                kaiji_zip_part *p = NULL;
                check(kaiji_zip_has(zip, name));
                st = kaiji_zip_part_open(&p, zip, name, why);
                check_status(st, why);
                uint64_t got = 0;
                while (st == KAIJI_ZIP_OK) {
                    long r = kaiji_zip_part_read(p, buf, (size & 2) ? 7 : sizeof buf);
                    if (r < 0) {
                        check_status(kaiji_zip_part_status(p, why), why);
                        break;
                    }
                    if (r == 0)
                        break;
                    got += (uint64_t)r;
                }
                check(got <= lim.max_part_size + sizeof buf);
                kaiji_zip_part_close(p);
            }
            kaiji_zip_free(names);
        }
        kaiji_zip_free(zip);
    }
    free(copy);
    return 0;
}
