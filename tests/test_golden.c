/*
 * tests/test_golden.c - the JSON result of every sample, as `make golden`
 * wrote it into tests/samples-golden.json: a change meant to keep behaviour
 * (a refactoring) keeps it byte for byte; a change meant to alter a result
 * regenerates it, and its diff shows what changed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/support.h"

Test(golden, every_sample_gives_the_json_result_recorded_in_the_golden_file, .timeout = 120)
{
    char cmd[12000], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LC_ALL=C.UTF-8 LANGUAGE= '%s/kaiji' validate --format json -j 1 "
             "--as-of 2026-11-26 samples/ | /usr/bin/python3 -m json.tool --indent 1 "
             "--no-ensure-ascii",
             KAIJI_SOURCE_DIR, KAIJI_BUILD_DIR);
    cr_assert_eq(t_run(cmd, &out), 0);
    size_t len;
    char *want = t_slurp(t_src("tests/samples-golden.json"), &len);
    if (strcmp(out, want) != 0) {
        size_t i = 0;
        while (out[i] && out[i] == want[i])
            i++;
        size_t from = i > 200 ? i - 200 : 0;
        cr_assert_fail("the samples' results differ from tests/samples-golden.json at byte %zu:\n"
                       "now:    %.400s\nbefore: %.400s\n(run make golden if the change is meant)",
                       i, out + from, want + from);
    }
    free(want);
    free(out);
}

Test(golden, the_readmes_printed_examples_are_what_the_commands_print, .timeout = 60)
{
    char cmd[9000], *out = NULL;
    char script[1024], readme[1024], reference[1024];
    snprintf(script, sizeof script, "%s", t_src("tools/readme-examples.py"));
    snprintf(readme, sizeof readme, "%s", t_src("README.md"));
    snprintf(reference, sizeof reference, "%s", t_src("docs/reference.md"));
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' --check --build '%s' '%s' '%s' 2>&1", script,
             KAIJI_BUILD_DIR, readme, reference);
    cr_expect_eq(t_run(cmd, &out), 0,
                 "%s(run tools/readme-examples.py to print them again, and read the diff)", out);
    free(out);
}
