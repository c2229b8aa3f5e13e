/*
 * tests/fuzz/fuzz_common.c - the shared half of the harnesses (see
 * fuzz_common.h).  The catalogs are loaded once per process and kept: a
 * harness is a test program, not library code.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzz_common.h"
#include "text/text.h"
#include "catalog/catalogs.h"

static kaiji_catalogs *fuzz_cats;

/* Reports a broken contract and aborts, so libFuzzer saves the input. */
static void die(const char *what, const char *name)
{
    fprintf(stderr, "kaiji fuzz: contract broken on %s: %s\n", name, what);
    abort();
}

/* s is a string, and well-formed UTF-8: every output (JSON, XML, HTML, a
 * terminal) must be able to carry it. */
static void need_str(const char *s, const char *what, const char *name)
{
    if (!s)
        die(what, name);
    if (!kaiji_text_utf8_valid(s, strlen(s))) {
        fprintf(stderr, "not UTF-8: %s\n", s);
        die(what, name);
    }
}

/* Walks every accessor of doc, so each string is read to its end. */
static size_t touch_document(const kaiji_document *doc, const char *name)
{
    size_t sum = 0;
    need_str(kaiji_document_path(doc), "path is NULL", name);
    need_str(kaiji_document_sha256(doc), "sha256 is NULL", name);
    need_str(kaiji_document_form_version(doc), "form_version is NULL", name);
    need_str(kaiji_document_guideline(doc), "guideline is NULL", name);
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        const char *v = kaiji_document_field(doc, (kaiji_field)f);
        const char *l = kaiji_document_field_location(doc, (kaiji_field)f);
        need_str(v, "field is NULL or not UTF-8", name);
        need_str(l, "field location is NULL or not UTF-8", name);
        sum += strlen(v) + strlen(l);
    }
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        if (!it)
            die("item in range is NULL", name);
        const char *s[] = {kaiji_item_id(it), kaiji_item_section(it),
                           kaiji_item_question(it), kaiji_item_answer_text(it),
                           kaiji_item_answer_comment(it), kaiji_item_remarks(it),
                           kaiji_item_target_date_text(it),
                           kaiji_item_location(it)};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++) {
            need_str(s[k], "item string is NULL or not UTF-8", name);
            sum += strlen(s[k]);
        }
        if ((unsigned)kaiji_item_answer(it) >= KAIJI_ANSWER__COUNT)
            die("item answer out of range", name);
        for (size_t t = 0; t < kaiji_item_target_count(it); t++) {
            need_str(kaiji_item_target_name(it, t), "target name is NULL or not UTF-8", name);
            need_str(kaiji_item_target_text(it, t), "target text is NULL or not UTF-8", name);
            sum += strlen(kaiji_item_target_name(it, t));
        }
        for (size_t c = 0; c < kaiji_item_confirmation_count(it); c++) {
            need_str(kaiji_item_confirmation_text(it, c),
                     "confirmation text is NULL or not UTF-8", name);
            sum += strlen(kaiji_item_confirmation_text(it, c));
        }
    }
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (!f)
            die("finding in range is NULL", name);
        const char *s[] = {kaiji_finding_code(f), kaiji_finding_item(f),
                           kaiji_finding_location(f), kaiji_finding_message(f)};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++) {
            need_str(s[k], "finding string is NULL or not UTF-8", name);
            sum += strlen(s[k]);
        }
        if (kaiji_finding_code(f)[0] == '\0')
            die("finding without a code", name);
    }
    if (!kaiji_document_readable(doc) && kaiji_document_finding_count(doc) == 0)
        die("unreadable document without a finding", name);
    return sum;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *err = NULL;
    if (kaiji_catalogs_load(&fuzz_cats, NULL, &err) != KAIJI_OK) {
        fprintf(stderr, "kaiji fuzz: built-in catalogs: %s\n", err ? err : "?");
        free(err);
        exit(2);
    }
    return 0;
}

/* Validates doc as of as_of; NOMEM is tolerated, nothing else. */
static void validate(kaiji_document *doc, kaiji_date as_of, const char *name)
{
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = fuzz_cats;
    vo.as_of = as_of;
    int rc = kaiji_validate(doc, &vo);
    if (rc == KAIJI_ERROR_NOMEM)
        return;
    if (rc != KAIJI_OK)
        die("kaiji_validate returned an error other than NOMEM", name);
    if (kaiji_document_status(doc) == KAIJI_STATUS_UNCHECKED)
        die("validated document is still unchecked", name);
    if (!kaiji_document_readable(doc) &&
        kaiji_document_status(doc) != KAIJI_STATUS_UNREADABLE)
        die("unreadable document has a status other than unreadable", name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The findings of doc as sorted "severity code item" lines, one string
 * (malloc'd), or NULL when memory runs out. */
static char *finding_lines(const kaiji_document *doc)
{
    size_t n = kaiji_document_finding_count(doc), total = 1;
    char **lines = calloc(n ? n : 1, sizeof(*lines));
    char *out = NULL;
    if (!lines)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        size_t len = strlen(kaiji_finding_code(f)) + strlen(kaiji_finding_item(f)) + 16;
        if (!(lines[i] = malloc(len)))
            goto done;
        snprintf(lines[i], len, "%s %s %s\n",
                 kaiji_severity_name(kaiji_finding_severity(f)),
                 kaiji_finding_code(f), kaiji_finding_item(f));
        total += strlen(lines[i]);
    }
    qsort(lines, n, sizeof(*lines), cmp_str);
    if (!(out = malloc(total)))
        goto done;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        memcpy(out + at, lines[i], len);
        at += len;
    }
    out[at] = '\0';
done:
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return out;
}

/*
 * Reads text (an export of orig, made before orig was validated) back,
 * validates it, and checks it gives orig's kind and, when compare is set,
 * its status and findings, as `kaiji convert` then `kaiji validate` must.
 */
static void read_back(const char *text, const kaiji_document *orig,
                      kaiji_date as_of, const char *name, bool compare)
{
    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = fuzz_cats;
    ro.compute_sha256 = 0;
    kaiji_document *doc = NULL;
    char *want = NULL, *got = NULL;
    int rc = kaiji_read_memory(&doc, text, strlen(text), name, &ro);
    if (rc == KAIJI_ERROR_NOMEM)
        return;
    if (rc != KAIJI_OK || !doc)
        die("reading an export back failed", name);
    if (!kaiji_document_readable(doc)) {
        fprintf(stderr, "export:\n%s\nreason: %s\n", text,
                kaiji_document_finding_count(doc)
                    ? kaiji_finding_message(kaiji_document_finding(doc, 0)) : "?");
        die("an export reads back unreadable", name);
    }
    if (kaiji_document_kind(doc) != kaiji_document_kind(orig))
        die("an export reads back as another kind", name);
    touch_document(doc, name);
    validate(doc, as_of, name);
    want = finding_lines(orig);
    got = finding_lines(doc);
    if (compare && want && got && (strcmp(want, got) != 0 ||
                        kaiji_document_status(doc) != kaiji_document_status(orig))) {
        fprintf(stderr, "export:\n%s\noriginal (%s):\n%sexport (%s):\n%s", text,
                kaiji_status_name(kaiji_document_status(orig)), want,
                kaiji_status_name(kaiji_document_status(doc)), got);
        die("an export validates differently from the original", name);
    }
    free(want);
    free(got);
    kaiji_document_free(doc);
}

/*
 * Turns doc into a template catalog, as `kaiji catalog import` does, and
 * parses that catalog back: what kaiji writes as a catalog it must load.
 */
static void import_template(const kaiji_document *doc, const char *name)
{
    char *json = NULL, *err = NULL;
    kaiji_catalog *cat = NULL;
    int rc = kaiji_catalog_from_document(&json, doc, NULL);
    if (rc == KAIJI_OK) {
        rc = kaiji_catalog_parse(&cat, json, "fuzz", "fuzz.json", &err);
        if (rc == KAIJI_ERROR_CATALOG) {
            fprintf(stderr, "catalog:\n%s\nreason: %s\n", json, err ? err : "?");
            die("a template catalog made from a document does not load", name);
        }
    }
    if (rc != KAIJI_OK && rc != KAIJI_ERROR_UNREADABLE && rc != KAIJI_ERROR_NOMEM)
        die("kaiji_catalog_from_document returned an unexpected error", name);
    kaiji_catalog_free(cat);
    free(err);
    free(json);
}

void fuzz_dump(const uint8_t *data, size_t size)
{
    const char *path = getenv("KAIJI_FUZZ_DUMP");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

void fuzz_read_bytes(const uint8_t *data, size_t size, const char *name,
                     int roundtrip)
{
    fuzz_read_bytes_limited(data, size, name, roundtrip, 0);
}

void fuzz_read_bytes_limited(const uint8_t *data, size_t size,
                             const char *name, int roundtrip, int tight)
{
    kaiji_read_options ro;
    kaiji_document *doc = NULL;
    char *json = NULL, *xml = NULL;

    fuzz_dump(data, size);
    kaiji_read_options_init(&ro);
    ro.catalogs = fuzz_cats;
    if (tight) {
        ro.limits.max_part_size = 4096;
        ro.limits.max_total_size = 16384;
        ro.limits.max_zip_entries = 8;
        ro.limits.max_ratio = 4;
        ro.limits.ratio_min_size = 1024;
        ro.limits.max_json_depth = 8;
        ro.limits.max_cells = 64;
    }
    int rc = kaiji_read_memory(&doc, data, size, name, &ro);
    if (rc == KAIJI_ERROR_NOMEM && !doc)
        return;
    if (rc != KAIJI_OK)
        die("kaiji_read_memory returned an error other than NOMEM", name);
    if (!doc)
        die("kaiji_read_memory returned KAIJI_OK without a document", name);
    touch_document(doc, name);
    if (roundtrip && kaiji_document_readable(doc)) {
        import_template(doc, name);
        if (kaiji_export_json(&json, doc) != KAIJI_OK)
            json = NULL;
        if (kaiji_export_xml(&xml, doc) != KAIJI_OK)
            xml = NULL;
    }
    /* The date picks the checklist edition and fiscal year: vary it. */
    static const kaiji_date dates[] = {
        {2024, 10, 1}, {2023, 7, 1}, {2025, 10, 1}, {2027, 4, 1}};
    kaiji_date as_of = dates[(size >> 1) % 4];
    validate(doc, as_of, name);
    touch_document(doc, name);
    if (json)
        read_back(json, doc, as_of, "export.json", true);
    if (xml)
        read_back(xml, doc, as_of, "export.xml", true);
    free(json);
    free(xml);
    kaiji_document_free(doc);
}

/* The next "\n==> " at or after from, or end.  Compares byte by byte after
 * memchr: a memcmp here would be traced by libFuzzer at every offset. */
static size_t next_marker(const uint8_t *data, size_t size, size_t from)
{
    for (size_t i = from; i + 5 <= size; i++) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        if (!nl)
            break;
        i = (size_t)(nl - data);
        if (i + 5 <= size && nl[1] == '=' && nl[2] == '=' && nl[3] == '>' && nl[4] == ' ')
            return i;
    }
    return size;
}

unsigned char *fuzz_pack_parts(const uint8_t *data, size_t size,
                               size_t *out_len)
{
    zip_error_t ze;
    zip_t *zip = NULL;
    unsigned char *buf = NULL;
    zip_stat_t st;

    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        goto error;
    zip_source_keep(src);
    zip = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!zip)
        goto error;
    /* The first marker may start the input without a newline before it. */
    size_t pos = (size >= 4 && memcmp(data, "==> ", 4) == 0) ? 0
                                                              : next_marker(data, size, 0);
    while (pos < size) {
        size_t name_at = pos + (data[pos] == '\n' ? 5 : 4);
        size_t eol = name_at;
        while (eol < size && data[eol] != '\n')
            eol++;
        size_t body = eol < size ? eol + 1 : size;
        size_t end = next_marker(data, size, eol < size ? eol : size);
        char name[256];
        size_t nlen = eol - name_at < sizeof name - 1 ? eol - name_at : sizeof name - 1;
        memcpy(name, data + name_at, nlen);
        name[nlen] = '\0';
        size_t blen = end > body ? end - body : 0;
        /* libzip does not take ownership of an empty buffer. */
        void *copy = NULL;
        if (blen) {
            copy = malloc(blen);
            if (!copy)
                goto error;
            memcpy(copy, data + body, blen);
        }
        zip_source_t *s = zip_source_buffer(zip, copy, blen, blen > 0);
        if (!s) {
            free(copy);
            goto error;
        }
        zip_int64_t idx = zip_file_add(zip, name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0)
            zip_source_free(s);
        else
            zip_set_file_compression(zip, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        pos = end;
    }
    if (zip_close(zip) != 0) {
        zip_discard(zip);
        zip = NULL;
        goto error;
    }
    zip = NULL;
    if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
        goto error;
    buf = malloc(st.size ? st.size : 1);
    if (!buf || zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
        zip_source_close(src);
        goto error;
    }
    zip_source_close(src);
    zip_source_free(src);
    *out_len = (size_t)st.size;
    return buf;
error:
    free(buf);
    if (zip)
        zip_discard(zip);
    if (src)
        zip_source_free(src);
    return NULL;
}
