/*
 * tests/test_install.c - kaiji installs like a Unix tool: make install with
 * DESTDIR and PREFIX puts the command, both libraries, the headers, the man
 * page and libkaiji.pc in place; docs/example.c (the README's program)
 * builds against the installed tree through pkg-config, linked with the
 * shared and with the static library, and runs; make uninstall takes it all
 * away.  Also: libkaiji.so exports exactly the functions include/ declares,
 * and the man page renders without a warning and names every command,
 * option and finding code.
 *
 * The build tree and CFLAGS are those this test was built with, so under
 * make asan the example is built with the sanitizers too.
 */
#define _GNU_SOURCE /* vasprintf */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaiji.h"
#include "support/support.h"

#ifndef KAIJI_TEST_CFLAGS
#define KAIJI_TEST_CFLAGS "-O2 -g"
#endif
#ifndef KAIJI_TEST_CC
#define KAIJI_TEST_CC "cc"
#endif

#define PREFIX "/usr/local"
#define SO_FILE "libkaiji.so." KAIJI_VERSION_STRING
#define SAMPLE "samples/mds-sds/mds-5.0-missing-answers.xlsx"

/* printf into a malloc'd string; aborts the test when memory runs out. */
__attribute__((format(printf, 1, 2))) static char *fmt(const char *f, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, f);
    int n = vasprintf(&s, f, ap);
    va_end(ap);
    cr_assert_geq(n, 0);
    return s;
}

/* Runs cmd (through sh), returns its status; *out gets stdout and stderr. */
static int sh(char **out, const char *cmd)
{
    char *full = fmt("{ %s ; } 2>&1", cmd);
    int rc = t_run(full, out);
    free(full);
    return rc;
}

/* The build tree as make knows it: relative to the source tree when inside. */
static const char *build_arg(void)
{
    size_t n = strlen(KAIJI_SOURCE_DIR);
    const char *b = KAIJI_BUILD_DIR;
    if (strncmp(b, KAIJI_SOURCE_DIR, n) == 0 && b[n] == '/')
        return b + n + 1;
    return b;
}

/* Runs make TARGET with DESTDIR=dest PREFIX=/usr/local in the source tree,
 * with this test's build tree, compiler and flags; asserts it succeeds.  One
 * make at a time (the tests run in parallel): should a source have changed
 * since the build, two makes would rebuild the same objects at once. */
static void make(const char *target, const char *dest)
{
    char *out = NULL;
    char *cmd = fmt("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL flock '%s/.install-test.lock'"
                    " make -s --no-print-directory -C '%s'"
                    " BUILD='%s' CC='%s' CFLAGS='%s' %s DESTDIR='%s' PREFIX=" PREFIX,
                    KAIJI_BUILD_DIR, KAIJI_SOURCE_DIR, build_arg(), KAIJI_TEST_CC,
                    KAIJI_TEST_CFLAGS, target, dest);
    int rc = sh(&out, cmd);
    cr_assert_eq(rc, 0, "%s failed (%d):\n%s", cmd, rc, out);
    free(cmd);
    free(out);
}

/* A fresh DESTDIR with kaiji installed in it. */
static char *installed(void)
{
    char *dest = strdup(t_tmpdir());
    cr_assert_not_null(dest);
    make("install", dest);
    return dest;
}

static char *under(const char *dest, const char *rel)
{
    return fmt("%s" PREFIX "/%s", dest, rel);
}

/* The installed path rel: asserts it is a regular file with mode bits mode. */
static void assert_file(const char *dest, const char *rel, mode_t mode)
{
    char *p = under(dest, rel);
    struct stat st;
    cr_assert_eq(lstat(p, &st), 0, "%s is not installed", p);
    cr_assert(S_ISREG(st.st_mode), "%s is not a regular file", p);
    cr_assert_eq(st.st_mode & 0777, mode, "%s has mode %o, not %o", p,
                 (unsigned)(st.st_mode & 0777), (unsigned)mode);
    free(p);
}

/* The installed path rel: asserts it is a symbolic link to target. */
static void assert_link(const char *dest, const char *rel, const char *target)
{
    char *p = under(dest, rel), buf[256];
    ssize_t n = readlink(p, buf, sizeof buf - 1);
    cr_assert_gt(n, 0, "%s is not a symbolic link", p);
    buf[n] = '\0';
    cr_assert_str_eq(buf, target, "%s points to %s", p, buf);
    free(p);
}

/* The names of the headers in include/kaiji/ of the source, one a line. */
static char *public_headers(void)
{
    char *list = NULL;
    char *cmd = fmt("cd '%s/include/kaiji' && ls *.h", KAIJI_SOURCE_DIR);
    cr_assert_eq(t_run(cmd, &list), 0);
    free(cmd);
    cr_assert_gt(strlen(list), 0);
    return list;
}

Test(install, puts_every_file_under_destdir_and_prefix)
{
    char *dest = installed();
    assert_file(dest, "bin/kaiji", 0755);
    assert_file(dest, "lib/libkaiji.a", 0644);
    assert_file(dest, "lib/" SO_FILE, 0755);
    assert_link(dest, "lib/libkaiji.so.0", SO_FILE);
    assert_link(dest, "lib/libkaiji.so", "libkaiji.so.0");
    assert_file(dest, "include/kaiji.h", 0644);
    char *headers = public_headers(), *save = NULL;
    size_t count = 0;
    for (char *h = strtok_r(headers, "\n", &save); h; h = strtok_r(NULL, "\n", &save), count++) {
        char *rel = fmt("include/kaiji/%s", h);
        assert_file(dest, rel, 0644);
        free(rel);
    }
    cr_assert_geq(count, 7, "every public header: %zu", count);
    assert_file(dest, "share/man/man1/kaiji.1", 0644);
    assert_file(dest, "lib/pkgconfig/libkaiji.pc", 0644);

    /* Nothing is installed outside DESTDIR/PREFIX. */
    char *out = NULL, *cmd = fmt("cd '%s' && find . -mindepth 1 -maxdepth 1", dest);
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_assert_str_eq(out, "./usr\n");
    free(out);
    free(cmd);
    free(headers);
    free(dest);
}

Test(install, gives_a_command_that_runs_and_a_man_page_man_finds)
{
    char *dest = installed(), *out = NULL;
    char *cmd = fmt("'%s" PREFIX "/bin/kaiji' --version", dest);
    cr_assert_eq(sh(&out, cmd), 0);
    cr_assert_str_eq(out, "kaiji " KAIJI_VERSION_STRING "\n");
    free(out);
    free(cmd);
    t_require_tool("man-db's man", "command -v man");
    cmd = fmt("MANWIDTH=80 man -M '%s" PREFIX "/share/man' kaiji | head -n 5", dest);
    cr_assert_eq(sh(&out, cmd), 0);
    cr_assert_not_null(strstr(out, "kaiji - check the security disclosures"), "%s", out);
    free(out);
    free(cmd);
    free(dest);
}

Test(install, writes_a_pc_file_with_the_prefix_and_the_dependencies)
{
    char *dest = installed();
    char *pc = under(dest, "lib/pkgconfig/libkaiji.pc");
    char *text = t_slurp(pc, NULL);
    cr_assert_not_null(strstr(text, "prefix=" PREFIX "\n"), "%s", text);
    cr_assert_not_null(strstr(text, "Version: " KAIJI_VERSION_STRING "\n"), "%s", text);
    cr_assert_not_null(strstr(text, "Libs: -L${libdir} -lkaiji\n"), "%s", text);
    static const char *deps[] = {"libxml-2.0", "libzip", "libcjson", "libutf8proc", "nettle", "zlib",
                                 "sqlite3", "libcurl"};
    for (size_t i = 0; i < sizeof deps / sizeof deps[0]; i++)
        cr_assert_not_null(strstr(strstr(text, "Requires.private:"), deps[i]), "%s", deps[i]);
    char *out = NULL;
    char *cmd = fmt("PKG_CONFIG_PATH='%s" PREFIX "/lib/pkgconfig' PKG_CONFIG_SYSROOT_DIR='%s'"
                    " pkg-config --validate libkaiji && PKG_CONFIG_PATH='%s" PREFIX
                    "/lib/pkgconfig' PKG_CONFIG_SYSROOT_DIR='%s' pkg-config --libs libkaiji",
                    dest, dest, dest, dest);
    cr_assert_eq(sh(&out, cmd), 0, "%s", out);
    char *want = fmt("-L%s" PREFIX "/lib -lkaiji", dest);
    cr_assert_not_null(strstr(out, want), "pkg-config --libs: %s", out);
    free(want);
    free(out);
    free(cmd);
    free(text);
    free(pc);
    free(dest);
}

/* s with every PKGCONFIG in it replaced by pc, malloc'd. */
static char *with_pkg_config(const char *s, const char *pc)
{
    static const char word[] = "PKGCONFIG";
    char *out = strdup("");
    cr_assert_not_null(out);
    for (const char *hit; (hit = strstr(s, word)); s = hit + sizeof word - 1) {
        char *next = fmt("%s%.*s%s", out, (int)(hit - s), s, pc);
        free(out);
        out = next;
    }
    char *next = fmt("%s%s", out, s);
    free(out);
    return next;
}

/* Builds docs/example.c against the tree installed in dest with link (the
 * libraries part of the command line, PKGCONFIG standing for pkg-config
 * looking into dest), runs it on the sample with env, and checks what it
 * prints.  Returns the dynamic section of the program. */
static char *build_and_run_example(const char *dest, const char *link, const char *env)
{
    char *out = NULL, *exe = fmt("%s/example", dest);
    char *pc = fmt("PKG_CONFIG_PATH='%s" PREFIX "/lib/pkgconfig' PKG_CONFIG_SYSROOT_DIR='%s'"
                   " pkg-config", dest, dest);
    char *link_cmd = with_pkg_config(link, pc);
    char *cmd = fmt("%s %s '%s/docs/example.c' -o '%s' %s", KAIJI_TEST_CC, KAIJI_TEST_CFLAGS,
                    KAIJI_SOURCE_DIR, exe, link_cmd);
    cr_assert_eq(sh(&out, cmd), 0, "%s:\n%s", cmd, out);
    free(out);
    free(cmd);

    cmd = fmt("cd '%s' && %s '%s' " SAMPLE, KAIJI_SOURCE_DIR, env, exe);
    cr_assert_eq(sh(&out, cmd), 0, "%s:\n%s", cmd, out);
    cr_assert_not_null(strstr(out, SAMPLE ": invalid\n"), "%s", out);
    cr_assert_not_null(strstr(out, "  missing-answer item 2-4 has no answer\n"), "%s", out);
    cr_assert_not_null(strstr(out, "  missing-answer item 4-2 has no answer\n"), "%s", out);
    free(out);
    free(cmd);

    cmd = fmt("readelf -d '%s'", exe);
    cr_assert_eq(sh(&out, cmd), 0);
    free(cmd);
    free(link_cmd);
    free(pc);
    free(exe);
    return out;
}

Test(install, example_builds_and_runs_with_the_shared_library)
{
    char *dest = installed();
    char *ld = fmt("LD_LIBRARY_PATH='%s" PREFIX "/lib'", dest);
    char *dyn = build_and_run_example(dest, "$(PKGCONFIG --cflags --libs libkaiji)", ld);
    cr_assert_not_null(strstr(dyn, "[libkaiji.so.0]"), "linked with the shared library:\n%s", dyn);
    free(dyn);
    free(ld);
    free(dest);
}

Test(install, example_builds_and_runs_with_the_static_library)
{
    char *dest = installed();
    char *dyn = build_and_run_example(
        dest,
        "$(PKGCONFIG --cflags libkaiji) -Wl,-Bstatic $(PKGCONFIG --libs libkaiji) -Wl,-Bdynamic"
        " $(PKGCONFIG --libs $(PKGCONFIG --print-requires-private libkaiji)) -lpthread -lm",
        "");
    cr_assert_null(strstr(dyn, "libkaiji"), "linked with the static library:\n%s", dyn);
    free(dyn);
    free(dest);
}

Test(install, uninstall_removes_every_file_install_put)
{
    char *dest = installed(), *out = NULL;
    make("uninstall", dest);
    char *cmd = fmt("cd '%s' && find . ! -type d", dest);
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_assert_str_eq(out, "", "left behind:\n%s", out);
    free(out);
    free(cmd);
    free(dest);
}

/* The lines of the output of cmd, sorted, as one string. */
static char *sorted_lines(const char *cmd)
{
    char *out = NULL, *full = fmt("%s | LC_ALL=C sort -u", cmd);
    cr_assert_eq(t_run(full, &out), 0, "%s", full);
    free(full);
    return out;
}

Test(shared_library, exports_exactly_the_functions_the_headers_declare)
{
    char *nm = fmt("nm -D --defined-only '%s/" SO_FILE "' | awk '{print $3}' | sed 's/@.*//'",
                   KAIJI_BUILD_DIR);
    char *exported = sorted_lines(nm);
    char *decl = fmt("cd '%s' && sh tools/exports.sh cc include/kaiji.h include/kaiji/*.h",
                     KAIJI_SOURCE_DIR);
    char *declared = sorted_lines(decl);
    cr_assert_gt(strlen(declared), 1000, "the headers declare the API: %s", declared);
    cr_assert_str_eq(exported, declared);

    /* Each name is written "name(" in a public header, and is kaiji_. */
    char *headers = NULL, *cat = fmt("cat '%s'/include/kaiji.h '%s'/include/kaiji/*.h",
                                     KAIJI_SOURCE_DIR, KAIJI_SOURCE_DIR);
    cr_assert_eq(t_run(cat, &headers), 0);
    char *save = NULL;
    for (char *name = strtok_r(exported, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
        cr_assert_eq(strncmp(name, "kaiji_", 6), 0, "%s is exported", name);
        char *call = fmt("%s(", name);
        cr_assert_not_null(strstr(headers, call), "%s is not declared in include/", name);
        free(call);
    }
    free(cat);
    free(headers);
    free(exported);
    free(declared);
    free(decl);
    free(nm);
}

Test(shared_library, hides_the_internal_functions_the_static_library_has)
{
    static const char *internal[] = {"kaiji_arena_alloc", "kaiji_text_nfkc", "kaiji_zip_open",
                                     "kaiji_recognize", "kaiji_mail_send"};
    char *out = NULL;
    for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++) {
        char *cmd = fmt("nm '%s/libkaiji.a' 2>/dev/null | grep -c ' T %s$'", KAIJI_BUILD_DIR,
                        internal[i]);
        t_run(cmd, &out);
        cr_assert_eq(atoi(out), 1, "%s is in libkaiji.a", internal[i]);
        free(out);
        free(cmd);
        cmd = fmt("nm -D --defined-only '%s/" SO_FILE "' | grep -c ' %s$'", KAIJI_BUILD_DIR,
                  internal[i]);
        t_run(cmd, &out);
        cr_assert_eq(atoi(out), 0, "%s is exported by libkaiji.so", internal[i]);
        free(out);
        free(cmd);
    }
}

Test(shared_library, has_the_soname_of_its_major_version)
{
    char *out = NULL, *cmd = fmt("readelf -d '%s/" SO_FILE "'", KAIJI_BUILD_DIR);
    cr_assert_eq(sh(&out, cmd), 0);
    cr_assert_not_null(strstr(out, "Library soname: [libkaiji.so.0]"), "%s", out);
    free(out);
    free(cmd);
}

/* The man page, rendered by man as text 80 columns wide. */
static char *man_text(void)
{
    t_require_tool("man-db's man", "command -v man");
    char *out = NULL, *cmd = fmt("MANWIDTH=80 man -l '%s/docs/kaiji.1'",
                                 KAIJI_SOURCE_DIR);
    cr_assert_eq(t_run(cmd, &out), 0);
    free(cmd);
    return out;
}

Test(man_page, renders_without_a_warning)
{
    char *out = NULL;
    t_require_tool("groff", "command -v groff");
    t_require_tool("man-db's man", "command -v man");
    /* -k: the page is UTF-8 (preconv), as man reads it. */
    char *cmd = fmt("groff -k -man -Tutf8 -ww -z '%s/docs/kaiji.1'", KAIJI_SOURCE_DIR);
    cr_assert_eq(sh(&out, cmd), 0);
    cr_assert_str_eq(out, "", "groff says:\n%s", out);
    free(out);
    free(cmd);
    cmd = fmt("MANWIDTH=80 man --warnings=w -l '%s/docs/kaiji.1' 2>&1 >/dev/null", KAIJI_SOURCE_DIR);
    cr_assert_eq(t_run(cmd, &out), 0);
    cr_assert_str_eq(out, "", "man says:\n%s", out);
    free(out);
    free(cmd);
}

Test(man_page, has_every_section_a_man_page_needs)
{
    static const char *sections[] = {"\nNAME\n", "\nSYNOPSIS\n", "\nDESCRIPTION\n",
                                     "\nOPTIONS\n", "\nEXIT STATUS\n", "\nFINDING CODES\n",
                                     "\nENVIRONMENT\n", "\nFILES\n", "\nEXAMPLES\n"};
    char *text = man_text();
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        cr_assert_not_null(strstr(text, sections[i]), "no section%s", sections[i]);
    static const char *words[] = {"KAIJI_DB", "KAIJI_SMTP_USER", "KAIJI_SMTP_PASSWORD", "LANG",
                                  "kaiji.db", "医療情報セキュリティ開示書", "事業者確認用",
                                  "医療機関確認用", "MDS2"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        cr_assert_not_null(strstr(text, words[i]), "%s is not in the man page", words[i]);
    free(text);
}

Test(man_page, shows_every_command_in_the_synopsis)
{
    char *text = man_text(), *help = NULL;
    char *synopsis = strstr(text, "\nSYNOPSIS\n"), *end = strstr(text, "\nDESCRIPTION\n");
    cr_assert(synopsis && end && synopsis < end);
    *end = '\0';
    char *cmd = fmt("'%s/kaiji' --help | sed -n 's/^  \\([a-z][a-z-]*\\) .*/\\1/p'",
                    KAIJI_BUILD_DIR);
    cr_assert_eq(t_run(cmd, &help), 0);
    size_t count = 0;
    char *save = NULL;
    for (char *name = strtok_r(help, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
        char *want = fmt("kaiji %s", name);
        cr_assert_not_null(strstr(synopsis, want), "%s is not in the SYNOPSIS", want);
        free(want);
        count++;
    }
    cr_assert_geq(count, 9, "kaiji --help lists the commands");
    free(cmd);
    free(help);
    free(text);
}

Test(man_page, describes_every_option_of_every_command)
{
    char *page = t_slurp(t_src("docs/kaiji.1"), NULL), *names = NULL;
    char *cmd = fmt("'%s/kaiji' --help | sed -n 's/^  \\([a-z][a-z-]*\\) .*/\\1/p'",
                    KAIJI_BUILD_DIR);
    cr_assert_eq(t_run(cmd, &names), 0);
    free(cmd);
    char *save = NULL;
    for (char *name = strtok_r(names, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
        char *opts = NULL;
        cmd = fmt("'%s/kaiji' %s --help | grep -o -- '--[a-z][a-z-]*' | sort -u", KAIJI_BUILD_DIR,
                  name);
        cr_assert_eq(t_run(cmd, &opts), 0);
        char *save2 = NULL;
        for (char *o = strtok_r(opts, "\n", &save2); o; o = strtok_r(NULL, "\n", &save2)) {
            /* In the page's source every '-' of an option is written \-. */
            char escaped[128];
            size_t n = 0;
            for (const char *p = o; *p && n + 3 < sizeof escaped; p++) {
                if (*p == '-')
                    escaped[n++] = '\\';
                escaped[n++] = *p;
            }
            escaped[n] = '\0';
            cr_assert_not_null(strstr(page, escaped), "kaiji %s %s is not in the man page", name, o);
        }
        free(opts);
        free(cmd);
    }
    free(names);
    free(page);
}

Test(man_page, lists_every_finding_code)
{
    char *text = man_text();
    char *codes = strstr(text, "\nFINDING CODES\n");
    cr_assert_not_null(codes);
    size_t n = 0;
    for (const char *const *c = kaiji_finding_codes(); *c; c++, n++) {
        char *want = fmt("\n       %s\n", *c);
        cr_assert_not_null(strstr(codes, want), "%s is not in FINDING CODES", *c);
        free(want);
    }
    cr_assert_geq(n, 20);
    free(text);
}

Test(readme, shows_docs_example_c_as_it_is)
{
    char *readme = t_slurp(t_src("docs/reference.md"), NULL);
    char *example = t_slurp(t_src("docs/example.c"), NULL);
    char *section = strstr(readme, "### Using the library\n");
    cr_assert_not_null(section);
    char *code = strstr(section, "```c\n");
    cr_assert_not_null(code);
    code += 5;
    char *end = strstr(code, "\n```\n");
    cr_assert_not_null(end);
    end[1] = '\0';
    cr_assert_str_eq(code, example, "the reference's program differs from docs/example.c");
    free(example);
    free(readme);
}
