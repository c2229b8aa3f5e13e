/*
 * tests/test_platform.c - optional libraries loaded on first use
 * (platform/dl.h): the loader fills a table, names what is missing, and the
 * commands that only read documents map none of the optional libraries.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/dl.h"
#include "support/support.h"

typedef struct libc_fns {
    __typeof__(strlen) *len;
    __typeof__(strcmp) *cmp;
} libc_fns;

static const kaiji_dl_symbol libc_syms[] = {
    KAIJI_DL_SYMBOL(libc_fns, len, strlen),
    KAIJI_DL_SYMBOL(libc_fns, cmp, strcmp),
};

Test(platform, a_loaded_table_calls_the_library_s_functions)
{
    static const char *const names[] = {"libkaiji-no-such-library.so.1", "libc.so.6", NULL};
    libc_fns f = {0};
    const char *missing = "unset";
    cr_assert(kaiji_dl_load(&f, names, libc_syms, 2, &missing));
    cr_expect_eq(f.len("kaiji"), 5);
    cr_expect_eq(f.cmp("a", "a"), 0);
}

Test(platform, a_library_the_system_lacks_is_named)
{
    static const char *const names[] = {"libkaiji-no-such-library.so.1",
                                        "libkaiji-no-such-library.so", NULL};
    libc_fns f = {0};
    const char *missing = NULL;
    cr_assert_not(kaiji_dl_load(&f, names, libc_syms, 2, &missing));
    cr_expect_str_eq(missing, "libkaiji-no-such-library.so.1");
}

Test(platform, a_function_the_library_lacks_is_named)
{
    static const char *const names[] = {"libc.so.6", NULL};
    static const kaiji_dl_symbol syms[] = {
        KAIJI_DL_SYMBOL(libc_fns, len, strlen),
        {"kaiji_no_such_function", offsetof(libc_fns, cmp)},
    };
    libc_fns f = {0};
    const char *missing = NULL;
    cr_assert_not(kaiji_dl_load(&f, names, syms, 2, &missing));
    cr_expect_str_eq(missing, "kaiji_no_such_function");
}

/* The shared objects the command maps for args, as the loader reports them. */
static char *mapped(const char *args)
{
    char cmd[4096], src[2048], *out = NULL;
    snprintf(src, sizeof src, "%s", t_src(".")); /* t_src and t_build share a buffer */
    snprintf(cmd, sizeof cmd, "cd '%s' && LD_DEBUG=files '%s' %s 2>&1 >/dev/null", src,
             t_build("kaiji"), args);
    t_run(cmd, &out);
    cr_assert_not_null(out);
    return out;
}

static const char *const optional[] = {"libcurl",       "libmicrohttpd", "libsodium",
                                       "libxlsxwriter", "libsqlite3",    "libpq"};

Test(platform, reading_commands_map_none_of_the_optional_libraries)
{
    static const char *const commands[] = {
        "--version",
        "validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-good.xlsx",
        "convert samples/checklist/vendor-r7-good.xlsx",
        "catalog list",
    };
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        char *out = mapped(commands[c]);
        cr_assert_not_null(strstr(out, "libc.so.6"), "LD_DEBUG says nothing: %s", out);
        for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
            cr_expect_null(strstr(out, optional[i]), "kaiji %s maps %s", commands[c],
                           optional[i]);
        free(out);
    }
}

Test(platform, a_command_on_the_store_loads_sqlite_when_it_opens_the_store)
{
    char args[2048];
    snprintf(args, sizeof args, "status --db '%s/startup.db'", t_tmpdir());
    char *out = mapped(args);
    cr_expect_not_null(strstr(out, "libsqlite3.so.0"), "kaiji %s does not load SQLite: %s",
                       args, out);
    cr_expect_not_null(strstr(out, "dynamically loaded"), "%s", out);
    free(out);
}

Test(platform, the_command_names_none_of_the_optional_libraries)
{
    char cmd[4096], *out = NULL;
    t_require_tool("objdump", "objdump --version");
    snprintf(cmd, sizeof cmd, "objdump -p '%s' | grep NEEDED", t_build("kaiji"));
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_expect_not_null(strstr(out, "libc.so.6"), "%s", out);
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        cr_expect_null(strstr(out, optional[i]), "%s", out);
    free(out);
}
