/*
 * tests/test_browser.c - kaiji serve in headless Chromium, driven by Selenium
 * (tests/browser/serve.py): sign in, choose and drop files, the dashboard
 * changing, a contract, the report printed to PDF.  Screenshots stay under
 * build/screenshots/serve/.  Skipped, with the reason, where Selenium,
 * ChromeDriver or Chromium is not installed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "support/support.h"

Test(browser, a_clerk_signs_in_adds_documents_and_prints_the_report, .timeout = 180)
{
    char cmd[2048], script[1024], *out = NULL;
    snprintf(script, sizeof script, "%s", t_src("tests/browser/serve.py"));
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s' 2>&1", script, KAIJI_BUILD_DIR,
             KAIJI_SOURCE_DIR);
    int rc = t_run(cmd, &out);
    if (rc == 77)
        cr_skip_test("%s", out);
    cr_expect_eq(rc, 0, "%s", out);
    free(out);
}
