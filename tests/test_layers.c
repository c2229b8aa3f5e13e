/*
 * tests/test_layers.c - the layers of docs/conventions.md hold at link
 * level: tools/check-layers.py reads the build's object files with nm and
 * refuses an arrow from a lower module to a higher one (so no cycle).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/support.h"

Test(layers, no_module_of_the_build_uses_a_module_above_it)
{
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' 2>&1", t_src("tools/check-layers.py"),
             KAIJI_BUILD_DIR);
    int rc = t_run(cmd, &out);
    cr_expect_eq(rc, 0, "%s", out);
    const char *parser = strstr(out, "\nparser ");
    cr_assert_not_null(parser, "%s", out);
    const char *eol = strchr(parser + 1, '\n');
    cr_expect(eol && strstr(parser, " catalog") < eol, "the parser uses the catalogs: %s", out);
    const char *v = strstr(parser, "validator");
    cr_expect(!v || v > eol, "the parser never uses the validator: %s", out);
    free(out);
}

Test(layers, the_check_finds_an_arrow_that_goes_up)
{
    /* text/a.o calls a function of cli/b.o: the bottom layer using the top. */
    const char *dir = t_tmpdir();
    char cmd[16384], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir text cli && printf 'void top(void);\\nvoid low(void) { top(); }\\n' > a.c "
             "&& printf 'void top(void) {}\\n' > b.c && cc -MMD -c a.c -o text/a.o "
             "&& cc -MMD -c b.c -o cli/b.o && mkdir gone && cp b.c gone/c.c "
             "&& cc -MMD -c gone/c.c -o text/c.o && rm -r gone "
             "&& /usr/bin/python3 '%s' . 2>&1",
             dir, t_src("tools/check-layers.py"));
    int rc = t_run(cmd, &out);
    cr_expect_eq(rc, 1, "%s", out);
    cr_expect(strstr(out, "UP: text -> cli") && strstr(out, "top"), "%s", out);
    cr_expect(!strstr(out, "c.o"), "an object whose source is gone is left over: %s", out);
    free(out);
}

/* report/ writes what the store hands it: no SQL, no store internals.  The
 * status workbook's last query (report/xlsx.c) is being moved into store/. */
static const char *const report_may_still_include_store_internals[] = {"report/xlsx.c"};

Test(layers, report_does_not_reach_into_the_store_s_internals)
{
    char cmd[4200], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && grep -l 'store/internal.h' report/*.c report/*.h",
             t_src(""));
    t_run(cmd, &out);
    char *save = NULL;
    for (char *file = strtok_r(out, "\n", &save); file; file = strtok_r(NULL, "\n", &save)) {
        bool allowed = false;
        for (size_t i = 0; i < sizeof report_may_still_include_store_internals /
                                   sizeof report_may_still_include_store_internals[0];
             i++)
            allowed |= strcmp(file, report_may_still_include_store_internals[i]) == 0;
        cr_expect(allowed, "%s includes store/internal.h: ask the store through a store function",
                  file);
    }
    free(out);
}
