/*
 * tests/test_hostile_truncated.c - every fiftieth cut of a sample of each
 * format is refused as corrupt.
 *
 * Part of the hostile corpus of issue 5 (tests/hostile/README.md lists every
 * case and the figures measured): every input is built here or in
 * tests/support/ from code, each case states the finding it must give and,
 * where it matters, the time and memory it may take (the bounds are in
 * tests/support/hostile.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* =========================================================================
 * Truncated files
 * ========================================================================= */

Test(hostile_truncated, every_fiftieth_cut_of_a_sample_of_each_format_is_corrupt)
{
    static const char *const samples[] = {
        "samples/mds-sds/mds-5.0-good.xlsx",
        "samples/mds-sds/mds-3.0a-outdated.xlsm",
        "samples/checklist/vendor-r7-ss2003.xml",
        "samples/exchange/vendor-r7-no-without-target-date.xml",
        "samples/mds2/mds2-hn1-2019-parsemds2.xml",
        "samples/mds2/mds2-hn1-2019-shift_jis.xml",
        "samples/exchange/sds-5.0-good.json",
    };
    size_t s, k;

    for (s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        size_t len;
        char *data = t_slurp(t_src(samples[s]), &len);
        const char *base = strrchr(samples[s], '/') + 1;
        kaiji_document *doc = h_read_mem(data, len, base, NULL);
        cr_assert(kaiji_document_readable(doc), "%s whole: %s", base, t_first_message(doc));
        kaiji_document_free(doc);
        for (k = 0; k < 50; k++) {
            size_t cut = len * k / 50;
            doc = h_read_mem(data, cut, base, NULL);
            char what[256];
            snprintf(what, sizeof what, "%s cut at %zu of %zu", base, cut, len);
            t_expect_refused(doc, "file-corrupt", 0, what);
            kaiji_document_free(doc);
        }
        free(data);
    }
}
