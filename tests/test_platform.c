/*
 * tests/test_platform.c - optional libraries loaded on first use
 * (platform/dl.h): the loader fills a table, names what is missing, and the
 * commands that only read documents map none of the optional libraries;
 * libxml2 (with the ICU and libstdc++ it brings) is mapped by what reads or
 * writes XML only (model/libxml.h), loaded on whichever thread needs it first;
 * nor libzip (ZIPs are read over zlib, parser/zipsafe.c) and the libcrypto
 * and libbz2 it brings, which only an encrypted archive loads.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
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

/* libxml2 and what Debian's libxml2 brings with it. */
static const char *const libxml_and_its_own[] = {"libxml2", "libicuuc", "libicudata",
                                                 "libstdc++"};

/* The shared objects the command names (its NEEDED entries), one a line. */
static char *needed(void)
{
    char cmd[4096], *out = NULL;
    t_require_tool("objdump", "objdump --version");
    snprintf(cmd, sizeof cmd, "objdump -p '%s' | grep NEEDED", t_build("kaiji"));
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_assert_not_null(out);
    return out;
}

Test(platform, the_command_names_none_of_the_optional_libraries_nor_libxml2)
{
    char *out = needed();
    cr_expect_not_null(strstr(out, "libc.so.6"), "%s", out);
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        cr_expect_null(strstr(out, optional[i]), "%s", out);
    for (size_t i = 0; i < sizeof libxml_and_its_own / sizeof libxml_and_its_own[0]; i++)
        cr_expect_null(strstr(out, libxml_and_its_own[i]), "%s", out);
    free(out);
}

/* What the command names and the package it comes in, for the Makefile's
 * STATIC_PKGS: those are linked in, not named. */
static const struct {
    const char *so, *pkg;
} linked_in[] = {{"libnettle.so", "nettle"}, {"libutf8proc.so", "libutf8proc"},
                 {"libz.so", "zlib"}, {"libm.so", NULL}};

Test(platform, the_command_names_libc_and_libcjson_only_at_start)
{
    char *out = needed();
    cr_expect_not_null(strstr(out, "libcjson.so"), "%s", out);
    /* Every shared object costs each start its mapping (bench/README.md,
     * "Start-up: the link"); libm, which nothing calls, is not named. */
    for (size_t i = 0; i < sizeof linked_in / sizeof linked_in[0]; i++) {
        char pkg[64];
        snprintf(pkg, sizeof pkg, " %s ", linked_in[i].pkg ? linked_in[i].pkg : "");
        if (linked_in[i].pkg && !strstr(KAIJI_STATIC_PKGS, pkg))
            continue; /* linked as a shared library (make STATIC_PKGS=...) */
        cr_expect_null(strstr(out, linked_in[i].so), "the command names %s: %s",
                       linked_in[i].so, out);
    }
    free(out);
}

/* libgcc's __builtin_cpu_supports brings a constructor that runs about ten
 * cpuid at every start, each a trip to the hypervisor on a virtual machine:
 * nothing of the command asks it (the CRC-32 is libdeflate's, which detects
 * the CPU on its first call; bench/README.md, "No cpuid of libgcc's"). */
Test(platform, the_command_runs_no_cpu_detection_of_libgcc_at_start)
{
    char cmd[4096], *out = NULL;
    t_require_tool("nm", "nm --version");
    snprintf(cmd, sizeof cmd, "nm '%s' | grep -c '__cpu_indicator_init' || true",
             t_build("kaiji"));
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_expect_eq(atoi(out), 0, "the command links libgcc's __cpu_indicator_init");
    free(out);
}

/* What each command maps of libxml2: whether it loads it. */
static const struct {
    const char *args;
    bool loads_libxml2;
} xml_cases[] = {
    {"--version", false},
    {"catalog list", false},
    {"validate --as-of 2026-11-26 samples/exchange/sds-5.0-good.json", false},
    {"validate --as-of 2026-11-26 samples/exchange/vendor-r7-no-without-target-date.xml", true},
    {"validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-parsemds2.xml", true},
    {"convert --to xml samples/exchange/sds-5.0-good.json", true},
    /* An XLSX's parts are read by kaiji's tokenizer (parser/ooxml_tok.c); libxml2 is
     * its fallback only, for a part outside its subset or a damaged one. */
    {"validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-good.xlsx", false},
    {"validate --as-of 2026-11-26 samples/checklist/vendor-r7-good.xlsx", false},
};

Test(platform, libxml2_is_loaded_by_what_reads_or_writes_xml_only)
{
    for (size_t c = 0; c < sizeof xml_cases / sizeof xml_cases[0]; c++) {
        char *out = mapped(xml_cases[c].args);
        cr_assert_not_null(strstr(out, "libc.so.6"), "LD_DEBUG says nothing: %s", out);
        if (xml_cases[c].loads_libxml2) {
            cr_expect_not_null(strstr(out, "libxml2.so.2"), "kaiji %s does not load libxml2",
                               xml_cases[c].args);
            cr_expect_not_null(strstr(out, "dynamically loaded"), "kaiji %s: %s",
                               xml_cases[c].args, out);
        } else {
            /* A sanitizer build's runtime (make asan: libasan, libubsan) brings
             * libstdc++ of its own: that one says nothing of libxml2. */
            bool sanitized = strstr(out, "libasan") || strstr(out, "libubsan");
            for (size_t i = 0; i < sizeof libxml_and_its_own / sizeof libxml_and_its_own[0]; i++) {
                if (sanitized && strstr(libxml_and_its_own[i], "libstdc++"))
                    continue;
                cr_expect_null(strstr(out, libxml_and_its_own[i]), "kaiji %s maps %s",
                               xml_cases[c].args, libxml_and_its_own[i]);
            }
        }
        free(out);
    }
}

/* The XML samples of every dialect kaiji reads: kaiji's own (with its XSD),
 * NEMA's MDS2 (UTF-8 and Shift_JIS), SpreadsheetML 2003. */
static const char *const xml_samples[] = {
    "samples/exchange/vendor-r7-no-without-target-date.xml",
    "samples/mds2/mds2-hn1-2019-parsemds2.xml",
    "samples/mds2/mds2-hn1-2019-shift_jis.xml",
    "samples/checklist/vendor-r7-ss2003.xml",
};
#define XML_SAMPLES (sizeof xml_samples / sizeof xml_samples[0])

Test(platform, xml_documents_read_on_four_worker_threads_validate_as_on_one)
{
    char args[4096], *one = NULL, *four = NULL;
    size_t n = 0;
    for (size_t i = 0; i < XML_SAMPLES; i++)
        n += (size_t)snprintf(args + n, sizeof args - n, " '%s'", t_src(xml_samples[i]));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' validate --format json --as-of 2026-11-26 -j 1%s",
             t_build("kaiji"), args);
    t_run(cmd, &one);
    snprintf(cmd, sizeof cmd, "'%s' validate --format json --as-of 2026-11-26 -j 4%s",
             t_build("kaiji"), args);
    t_run(cmd, &four);
    cr_assert_not_null(one);
    cr_assert_not_null(four);
    size_t docs = 0;
    for (const char *p = one; (p = strstr(p, "\"sha256\":")) != NULL; p++)
        docs++;
    cr_expect_eq(docs, XML_SAMPLES, "%s", one);
    cr_expect_null(strstr(one, "\"code\":\"file-"), "a sample is not read: %s", one);
    cr_expect_null(strstr(one, "\"code\":\"unsupported-format\""), "%s", one);
    cr_expect_str_eq(four, one);
    free(one);
    free(four);
}

/* One thread's work: read a sample and write it as kaiji XML. */
typedef struct xml_job {
    char path[1024];
    char *xml;
    int rc;
    bool readable;
} xml_job;

static void *read_and_export(void *arg)
{
    xml_job *j = arg;
    kaiji_document *doc = NULL;
    j->rc = kaiji_read_file(&doc, j->path, NULL);
    j->readable = doc && kaiji_document_readable(doc);
    if (j->rc == KAIJI_OK && doc)
        j->rc = kaiji_export_xml(&j->xml, doc);
    kaiji_document_free(doc);
    return NULL;
}

Test(platform, libxml2_first_needed_on_eight_threads_at_once_reads_and_writes_xml)
{
    /* No XML is read before the threads start: the first of them loads
     * libxml2 and sets it up while the others wait for it (each test runs
     * in a process of its own). */
    xml_job jobs[2 * XML_SAMPLES];
    pthread_t threads[2 * XML_SAMPLES];
    memset(jobs, 0, sizeof jobs);
    for (size_t i = 0; i < 2 * XML_SAMPLES; i++) {
        snprintf(jobs[i].path, sizeof jobs[i].path, "%s", t_src(xml_samples[i % XML_SAMPLES]));
        cr_assert_eq(pthread_create(&threads[i], NULL, read_and_export, &jobs[i]), 0);
    }
    for (size_t i = 0; i < 2 * XML_SAMPLES; i++)
        pthread_join(threads[i], NULL);
    for (size_t i = 0; i < 2 * XML_SAMPLES; i++) {
        cr_expect_eq(jobs[i].rc, KAIJI_OK, "%s: %d", jobs[i].path, jobs[i].rc);
        cr_expect(jobs[i].readable, "%s", jobs[i].path);
        cr_assert_not_null(jobs[i].xml, "%s", jobs[i].path);
        cr_expect_not_null(strstr(jobs[i].xml, "<kaiji-document"), "%s", jobs[i].path);
    }
    for (size_t i = 0; i < XML_SAMPLES; i++)
        cr_expect_str_eq(jobs[i].xml, jobs[i + XML_SAMPLES].xml, "%s", jobs[i].path);
    for (size_t i = 0; i < 2 * XML_SAMPLES; i++)
        free(jobs[i].xml);
}

/* Runs kaiji args (in the source tree, under lang) where libxml2 cannot be
 * loaded: its file hidden under /dev/null in a mount namespace of its own
 * (unshare), so the loader finds it and cannot map it.  *out gets stdout
 * and stderr; returns the exit status. */
static int without_libxml2(const char *lang, const char *args, char **out)
{
    char cmd[8192], src[2048];
    snprintf(src, sizeof src, "%s", t_src("."));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && lib=$(/sbin/ldconfig -p | awk '$1 == \"libxml2.so.2\" {print $NF; exit}')"
             " && LANG=%s unshare -rm sh -c 'mount --bind /dev/null \"$(readlink -f \"$0\")\" &&"
             " exec \"$@\"' \"$lib\" '%s' %s 2>&1",
             src, lang, t_build("kaiji"), args);
    return t_run(cmd, out);
}

/* Each entry point that may be the first to use libxml2, and how it says so. */
static const struct {
    const char *args;
    int status;
    const char *says;
} without_cases[] = {
    {"--version", 0, "kaiji "},
    {"catalog list", 0, "jahis-mdssds-versions"},
    {"validate --as-of 2026-11-26 samples/exchange/sds-5.0-good.json", 0, "status: valid"},
    {"validate --as-of 2026-11-26 samples/exchange/vendor-r7-no-without-target-date.xml", 1,
     "cannot load libxml2 (libxml2.so.2), which reading this file needs: install the package "
     "libxml2"},
    {"validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-parsemds2.xml", 1,
     "install the package libxml2"},
    {"validate --as-of 2026-11-26 samples/checklist/vendor-r7-ss2003.xml", 1,
     "install the package libxml2"},
    {"validate --as-of 2026-11-26 samples/checklist/vendor-r7-good.ods", 1,
     "install the package libxml2"},
    /* An XLSX's parts are read by kaiji's tokenizer: no libxml2 needed. */
    {"validate --as-of 2026-11-26 samples/mds2/mds2-hn1-2019-good.xlsx", 0, "status: valid"},
    {"validate -j 4 --as-of 2026-11-26 samples/mds2 samples/exchange", 1,
     "install the package libxml2"},
    {"convert --to xml samples/exchange/sds-5.0-good.json", 3,
     "cannot load libxml2 (libxml2.so.2), which writing XML needs: install the package libxml2"},
};

Test(platform, without_libxml2_what_needs_it_says_which_package_to_install_and_the_rest_works)
{
    t_require_tool("unshare (util-linux) allowed to make a user and mount namespace",
                   "unshare -rm true");
    for (size_t c = 0; c < sizeof without_cases / sizeof without_cases[0]; c++) {
        char *out = NULL;
        int status = without_libxml2("C.UTF-8", without_cases[c].args, &out);
        cr_assert_not_null(out);
        cr_expect_eq(status, without_cases[c].status, "kaiji %s: exit %d: %s",
                     without_cases[c].args, status, out);
        cr_expect_not_null(strstr(out, without_cases[c].says), "kaiji %s: %s",
                           without_cases[c].args, out);
        free(out);
    }
}

Test(platform, without_libxml2_a_clerk_is_told_in_japanese)
{
    t_require_tool("unshare (util-linux) allowed to make a user and mount namespace",
                   "unshare -rm true");
    t_require_locale("ja_JP.UTF-8");
    char *out = NULL;
    without_libxml2("ja_JP.UTF-8",
                    "validate --as-of 2026-11-26 samples/exchange/vendor-r7-no-without-target-date.xml",
                    &out);
    cr_assert_not_null(out);
    cr_expect_not_null(strstr(out, "このファイルの読み取りに必要な libxml2（libxml2.so.2）を読み込めま"
                                   "せん。パッケージ libxml2 をインストールしてください"),
                       "%s", out);
    free(out);
    without_libxml2("ja_JP.UTF-8", "convert --to xml samples/exchange/sds-5.0-good.json", &out);
    cr_assert_not_null(out);
    cr_expect_not_null(strstr(out, "XML の書き出しに必要な libxml2（libxml2.so.2）を読み込めません。"
                                   "パッケージ libxml2 をインストールしてください"),
                       "%s", out);
    free(out);
}

Test(platform, without_libxml2_ingest_records_nothing_of_what_it_cannot_read)
{
    t_require_tool("unshare (util-linux) allowed to make a user and mount namespace",
                   "unshare -rm true");
    char args[4096], *out = NULL;
    snprintf(args, sizeof args,
             "ingest --db '%s/nolibxml.db' samples/exchange/vendor-r7-no-without-target-date.xml",
             t_tmpdir());
    int status = without_libxml2("C.UTF-8", args, &out);
    cr_assert_not_null(out);
    cr_expect_neq(status, 0, "%s", out);
    cr_expect_lt(status, 128, "%s", out);
    cr_expect_not_null(strstr(out, "install the package libxml2"), "%s", out);
    cr_expect_null(strstr(out, "1 recorded"), "%s", out);
    free(out);
    /* Once libxml2 is there, the file is read and recorded: nothing of it was kept. */
    char cmd[8192], src[2048];
    snprintf(src, sizeof src, "%s", t_src(".")); /* t_src and t_build share a buffer */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", src, t_build("kaiji"), args);
    t_run(cmd, &out);
    cr_assert_not_null(out);
    cr_expect_not_null(strstr(out, "1 recorded, 0 already there"), "%s", out);
    free(out);
}
