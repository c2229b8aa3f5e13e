/*
 * tests/support/support.c - shared test helpers (see support.h).
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "support.h"
#include "text/text.h"

static _Thread_local char path_buf[4096];

const char *t_src(const char *rel)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", KAIJI_SOURCE_DIR, rel);
    return path_buf;
}

const char *t_build(const char *rel)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", KAIJI_BUILD_DIR, rel);
    return path_buf;
}

const char *t_tmpdir(void)
{
    static _Thread_local char dir[4096];
    snprintf(dir, sizeof dir, "%s/tmp", KAIJI_BUILD_DIR);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/tmp/t-XXXXXX", KAIJI_BUILD_DIR);
    cr_assert_not_null(mkdtemp(dir), "mkdtemp failed");
    return dir;
}

char *t_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

void t_spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Validates doc with the built-in catalogs as of as_of. */
static void validate_doc(kaiji_document *doc, const char *as_of)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, &err), KAIJI_OK,
                 "catalogs: %s", err ? err : "?");
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    kaiji_date d = {2024, 10, 1};
    if (as_of)
        cr_assert(kaiji_text_parse_date(as_of, &d), "bad as_of %s", as_of);
    vo.as_of = d;
    cr_assert_eq(kaiji_validate(doc, &vo), KAIJI_OK);
    kaiji_catalogs_free(cats);
}

kaiji_document *t_validate(const char *path, const char *as_of)
{
    kaiji_document *doc = NULL;
    int rc = kaiji_read_file(&doc, path, NULL);
    cr_assert(rc == KAIJI_OK || rc == KAIJI_ERROR_IO, "read %s: %s", path,
              kaiji_strerror(rc));
    cr_assert_not_null(doc);
    validate_doc(doc, as_of);
    return doc;
}

kaiji_document *t_validate_mem(const void *data, size_t len, const char *name,
                               const char *as_of)
{
    kaiji_document *doc = NULL;
    cr_assert_eq(kaiji_read_memory(&doc, data, len, name, NULL), KAIJI_OK);
    cr_assert_not_null(doc);
    validate_doc(doc, as_of);
    return doc;
}

int t_has_finding(const kaiji_document *doc, const char *code, const char *item)
{
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (strcmp(kaiji_finding_code(f), code) == 0 &&
            (!item || strcmp(kaiji_finding_item(f), item) == 0))
            return 1;
    }
    return 0;
}

const kaiji_item *t_item(const kaiji_document *doc, const char *id)
{
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        if (strcmp(kaiji_item_id(it), id) == 0)
            return it;
    }
    return NULL;
}

const char *t_first_code(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_code(kaiji_document_finding(doc, 0))
               : "(none)";
}

const char *t_first_message(const kaiji_document *doc)
{
    return kaiji_document_finding_count(doc)
               ? kaiji_finding_message(kaiji_document_finding(doc, 0))
               : "(none)";
}

const char *t_expect_refused(const kaiji_document *doc, const char *code, int only,
                             const char *what)
{
    cr_assert_not_null(doc, "%s: no document", what ? what : code);
    if (!what)
        what = kaiji_document_path(doc);
    cr_assert_not(kaiji_document_readable(doc), "%s: read, expected %s", what, code);
    cr_assert_geq(kaiji_document_finding_count(doc), 1, "%s: refused without a finding", what);
    cr_assert_str_eq(t_first_code(doc), code, "%s: refused as %s (%s), expected %s", what,
                     t_first_code(doc), t_first_message(doc), code);
    if (only)
        cr_assert_eq(kaiji_document_finding_count(doc), 1, "%s: %zu findings, expected only %s",
                     what, kaiji_document_finding_count(doc), code);
    return t_first_message(doc);
}

static int locale_loads(const char *locale)
{
    locale_t l = newlocale(LC_ALL_MASK, locale, (locale_t)0);
    if (!l)
        return 0;
    freelocale(l);
    return 1;
}

void t_require_locale(const char *locale)
{
    if (!locale_loads(locale))
        cr_skip_test("skipped: the locale %s is not available (%s)", locale, t_locale_hint());
}

int t_have_locale(const char *locale, const char *what)
{
    if (locale_loads(locale))
        return 1;
    cr_log_info("not checked: %s: the locale %s is not available (%s)", what, locale,
                t_locale_hint());
    return 0;
}

void t_require_file(const char *what, const char *path)
{
    if (access(path, X_OK) != 0 && access(path, R_OK) != 0)
        cr_skip_test("skipped: %s (%s) is missing (tools/install-deps.sh --tests installs it)", what,
                     path);
}

struct t_xlsx {
    zip_source_t *src;
    zip_t *zip;
};

t_xlsx *t_xlsx_new(void)
{
    t_xlsx *x = calloc(1, sizeof(*x));
    cr_assert_not_null(x);
    zip_error_t ze;
    zip_error_init(&ze);
    x->src = zip_source_buffer_create(NULL, 0, 0, &ze);
    cr_assert_not_null(x->src);
    zip_source_keep(x->src);
    x->zip = zip_open_from_source(x->src, ZIP_TRUNCATE, &ze);
    cr_assert_not_null(x->zip, "zip_open_from_source: %s", zip_error_strerror(&ze));
    return x;
}

void t_xlsx_add_bytes(t_xlsx *x, const char *name, const void *data, size_t len)
{
    void *copy = NULL;
    if (len) {
        copy = malloc(len);
        cr_assert_not_null(copy);
        memcpy(copy, data, len);
    }
    zip_source_t *s = zip_source_buffer(x->zip, copy, len, len > 0);
    cr_assert_not_null(s);
    /* A name that is not UTF-8 (CP932, as Japanese Windows writes it) is
     * stored as its bytes, without the UTF-8 flag. */
    zip_flags_t enc = kaiji_text_utf8_valid(name, strlen(name)) ? ZIP_FL_ENC_UTF_8 : ZIP_FL_ENC_CP437;
    cr_assert(zip_file_add(x->zip, name, s, enc) >= 0,
              "zip_file_add %s: %s", name, zip_strerror(x->zip));
}

void t_xlsx_add(t_xlsx *x, const char *name, const char *text)
{
    t_xlsx_add_bytes(x, name, text, strlen(text));
}

void t_xlsx_encrypt(t_xlsx *x, const char *name, const char *password, int aes)
{
    zip_int64_t i = zip_name_locate(x->zip, name, 0);
    cr_assert(i >= 0, "no entry %s", name);
    cr_assert_eq(zip_file_set_encryption(x->zip, (zip_uint64_t)i,
                                         aes ? ZIP_EM_AES_256 : ZIP_EM_TRAD_PKWARE, password),
                 0, "zip_file_set_encryption %s: %s", name, zip_strerror(x->zip));
}

unsigned char *t_xlsx_bytes(t_xlsx *x, size_t *len)
{
    cr_assert_eq(zip_close(x->zip), 0, "zip_close");
    zip_stat_t st;
    cr_assert_eq(zip_source_stat(x->src, &st), 0);
    cr_assert_eq(zip_source_open(x->src), 0);
    unsigned char *buf = malloc(st.size ? st.size : 1);
    cr_assert_not_null(buf);
    zip_int64_t n = zip_source_read(x->src, buf, st.size);
    cr_assert_eq((zip_uint64_t)n, st.size);
    zip_source_close(x->src);
    zip_source_free(x->src);
    free(x);
    *len = (size_t)st.size;
    return buf;
}
