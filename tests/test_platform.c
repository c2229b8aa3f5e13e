/*
 * tests/test_platform.c - optional libraries loaded on first use
 * (platform/dl.h): the loader fills a table, names what is missing, and the
 * commands that only read documents map none of the optional libraries:
 * nor libzip (ZIPs are read over zlib, parser/zipsafe.c) and the libcrypto
 * and libbz2 it brings, which only an encrypted archive loads.
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

static const char *const optional[] = {"libcurl",    "libmicrohttpd", "libsodium", "libxlsxwriter",
                                       "libsqlite3", "libpq",         "libzip",    "libcrypto",
                                       "libbz2"};

Test(platform, reading_commands_map_none_of_the_optional_libraries)
{
    static const char *const commands[] = {
        "--version",
        "validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-good.xlsx",
        "validate --format json --as-of 2026-11-26 samples/checklist/vendor-r7-good.xlsx",
        "validate --as-of 2026-11-26 samples/mds-sds/mds-5.0-good.ods",
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

/* An archive of the checklist sample, its member encrypted with password
 * (ZipCrypto, or AES-256 when aes) or not (password NULL), written into the
 * test's folder; its path. */
static const char *archive_of_sample(const char *name, const char *password, int aes)
{
    static _Thread_local char path[4096];
    size_t len, zlen;
    char *xlsx = t_slurp(t_src("samples/checklist/vendor-r7-good.xlsx"), &len);
    t_xlsx *z = t_xlsx_new();
    t_xlsx_add_bytes(z, "vendor-r7-good.xlsx", xlsx, len);
    if (password)
        t_xlsx_encrypt(z, "vendor-r7-good.xlsx", password, aes);
    unsigned char *zip = t_xlsx_bytes(z, &zlen);
    snprintf(path, sizeof path, "%s/%s", t_tmpdir(), name);
    t_spit(path, zip, zlen);
    free(zip);
    free(xlsx);
    return path;
}

Test(platform, an_archive_of_plain_members_is_read_without_libzip)
{
    char args[8192];
    snprintf(args, sizeof args, "validate --as-of 2026-11-26 '%s'",
             archive_of_sample("plain.zip", NULL, 0));
    char *out = mapped(args);
    cr_assert_not_null(strstr(out, "libc.so.6"), "LD_DEBUG says nothing: %s", out);
    cr_expect_null(strstr(out, "libzip"), "kaiji %s maps libzip: %s", args, out);
    cr_expect_null(strstr(out, "libcrypto"), "kaiji %s maps libcrypto: %s", args, out);
    free(out);
}

Test(platform, an_encrypted_archive_loads_libzip_to_decrypt_it)
{
    static const struct {
        const char *name;
        int aes;
    } cases[] = {{"zipcrypto.zip", 0}, {"aes.zip", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[8192];
        snprintf(args, sizeof args,
                 "validate --format json --as-of 2026-11-26 '%s'",
                 archive_of_sample(cases[i].name, "himitsu-2026", cases[i].aes));
        setenv("KAIJI_ZIP_PASSWORD", "himitsu-2026", 1);
        char *out = mapped(args);
        unsetenv("KAIJI_ZIP_PASSWORD");
        cr_expect_not_null(strstr(out, "libzip.so"), "%s does not load libzip: %s",
                           cases[i].name, out);
        cr_expect_not_null(strstr(out, "dynamically loaded"), "%s", out);
        free(out);
    }
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
