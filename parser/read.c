/*
 * parser/read.c - kaiji_read_file(): recognise the format by content and
 * hand the bytes to the right reader.  A ZIP is an OpenDocument spreadsheet
 * when its parts say so (kaiji_ods_sniff()), else an Excel workbook.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "kaiji/read.h"
#include "parser/readers.h"
#include "catalog/vocab.h"
#include "parser/xmlsafe.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

void kaiji_read_options_init(kaiji_read_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    kaiji_limits_init(&opts->limits);
    opts->compute_sha256 = 1;
}

/* The limits in force: opts' where set, the defaults elsewhere. */
static void resolve_limits(kaiji_limits *out, const kaiji_read_options *opts)
{
    kaiji_limits_init(out);
    if (!opts)
        return;
    const kaiji_limits *in = &opts->limits;
#define TAKE(f) if (in->f) out->f = in->f
    TAKE(max_part_size);
    TAKE(max_total_size);
    TAKE(max_ratio);
    TAKE(ratio_min_size);
    TAKE(max_file_size);
    TAKE(max_json_depth);
    TAKE(max_zip_entries);
    TAKE(max_cells);
#undef TAKE
}

/* true when name ends with ext (case-insensitive). */
static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n >= e && strcasecmp(name + n - e, ext) == 0;
}

/* Reads an XML text of any dialect kaiji knows. */
static int read_xml(kaiji_document *doc, const unsigned char *data, size_t size,
                    const kaiji_limits *limits, const kaiji_vocab *vocab,
                    const kaiji_catalogs *cats)
{
    char *xml = NULL;
    size_t len = 0;
    int rc = kaiji_gate_xml(&xml, &len, doc, data, size);
    if (rc != KAIJI_OK || !xml)
        return rc;
    char name[128], ns[128];
    if (!kaiji_xml_root(xml, len, name, ns)) {
        rc = kaiji_document_fail(doc, "file-corrupt",
                                 _("the file starts like XML but has no root element"));
        goto done;
    }
    if (strcmp(name, "kaiji-document") == 0)
        /* The XSD, compiled by the first kaiji XML document the catalogs meet. */
        rc = kaiji_read_kaiji_xml(doc, xml, len, limits, kaiji_catalogs_xml_schema(cats));
    else if (strcmp(name, "Workbook") == 0 &&
             strcmp(ns, "urn:schemas-microsoft-com:office:spreadsheet") == 0)
        rc = kaiji_read_ss2003(doc, xml, len, limits, vocab);
    else if (strcasecmp(name, "mds2") == 0)
        rc = kaiji_read_mds2_xml(doc, xml, len, limits);
    else
        rc = kaiji_document_fail(doc, "unsupported-format",
            _("an XML file of a kind kaiji does not read (root element <%s>)"), name);
done:
    free(xml);
    return rc;
}

/* Dispatches on the first bytes. */
static int dispatch(kaiji_document *doc, const unsigned char *data, size_t size,
                    const kaiji_limits *limits, const kaiji_vocab *vocab,
                    const kaiji_catalogs *cats)
{
    if (size == 0)
        return kaiji_document_fail(doc, "file-corrupt", _("the file is empty (0 bytes)"));
    if (size >= 4 && data[0] == 'P' && data[1] == 'K' &&
        ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6))) {
        if (kaiji_ods_sniff(data, size, limits))
            return kaiji_read_ods(doc, data, size, limits, vocab);
        return kaiji_read_xlsx(doc, data, size, limits, vocab);
    }
    if (size >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return kaiji_read_ole(doc, data, size);

    size_t i = kaiji_text_bom(data, size);
    if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                      (data[0] == 0xFE && data[1] == 0xFF)))
        return read_xml(doc, data, size, limits, vocab, cats);
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                        data[i] == '\n'))
        i++;
    if (i < size && data[i] == '<')
        return read_xml(doc, data, size, limits, vocab, cats);
    if (i < size && (data[i] == '{' || data[i] == '[')) {
        const char *json = (const char *)data;
        size_t len = size;
        int rc;
        if (!kaiji_gate_json(doc, &json, &len, &rc))
            return rc;
        return kaiji_read_kaiji_json(doc, json, len, limits);
    }
    if (has_ext(doc->path, ".xlsx") || has_ext(doc->path, ".xlsm"))
        return kaiji_document_fail(doc, "file-corrupt",
            _("the file is named like an Excel workbook but is not one (it is not a ZIP file)"));
    if (has_ext(doc->path, ".ods") || has_ext(doc->path, ".ots"))
        return kaiji_document_fail(doc, "file-corrupt",
            _("the file is named like an OpenDocument spreadsheet but is not one (it is not a "
              "ZIP file)"));
    if (has_ext(doc->path, ".xls"))
        return kaiji_document_fail(doc, "file-corrupt",
            _("the file is named like an Excel 97-2003 workbook but is not one"));
    return kaiji_document_fail(doc, "unsupported-format",
        _("not a file kaiji reads: expected an Excel workbook (.xlsx, .xlsm), "
        "an OpenDocument spreadsheet (.ods), an XML file or a JSON file"));
}

int kaiji_read_memory(kaiji_document **out, const void *data, size_t size,
                      const char *name, const kaiji_read_options *opts)
{
    kaiji_limits limits;
    kaiji_vocab *own_vocab = NULL;
    const kaiji_vocab *vocab = NULL;
    int rc;

    *out = NULL;
    resolve_limits(&limits, opts);
    /* A name that is not UTF-8 is a file name's bytes: named in the shown
     * form (text/path.c), as kaiji_read_file names it. */
    char *shown = kaiji_text_path_utf8(name ? name : "");
    kaiji_document *doc = shown ? kaiji_document_new(shown) : NULL;
    free(shown);
    if (!doc)
        return KAIJI_ERROR_NOMEM;
    if (!opts || opts->compute_sha256)
        kaiji_text_sha256(data, size, doc->sha256);

    if (opts && opts->catalogs)
        vocab = kaiji_catalogs_vocab(opts->catalogs);
    if (!vocab) {
        rc = kaiji_vocab_builtin(&own_vocab);
        if (rc != KAIJI_OK)
            goto error;
        vocab = own_vocab;
    }
    if (size > limits.max_file_size)
        rc = kaiji_document_fail(doc, "file-too-large",
            _("the file is %zu bytes, over the limit of %llu bytes"), size,
            (unsigned long long)limits.max_file_size);
    else
        rc = dispatch(doc, data, size, &limits, vocab, opts ? opts->catalogs : NULL);
    /* KAIJI_ERROR_IO: a library the reader needs cannot be loaded
     * (kaiji_gate_libxml); the document says so, as for a file that cannot
     * be opened. */
    if (rc != KAIJI_OK && rc != KAIJI_ERROR_IO)
        goto error;
    kaiji_vocab_free(own_vocab);
    *out = doc;
    return rc;
error:
    kaiji_vocab_free(own_vocab);
    kaiji_document_free(doc);
    return rc;
}

/* kaiji_read_file() of the file at path, the document named shown. */
static int read_file_named(kaiji_document **out, const char *path, const char *shown,
                           const kaiji_read_options *opts)
{
    kaiji_limits limits;
    kaiji_file_problem problem = KAIJI_FILE_CANNOT_OPEN;
    unsigned long long size = 0;
    char *data = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    resolve_limits(&limits, opts);
    /* kaiji_file_read never blocks on a named pipe put where a file was, and
     * refuses it as not a regular file. */
    size_t max = limits.max_file_size > SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)limits.max_file_size;
    rc = kaiji_file_read(&data, &len, path, max, &problem, &size);
    if (rc == KAIJI_ERROR_NOMEM)
        return rc;
    if (rc != KAIJI_OK) {
        int e = errno;
        kaiji_document *doc = kaiji_document_new(shown);
        if (!doc)
            return KAIJI_ERROR_NOMEM;
        if (problem == KAIJI_FILE_TOO_LARGE)
            rc = kaiji_document_fail(doc, "file-too-large",
                _("the file is %lld bytes, over the limit of %llu bytes"),
                (long long)size, (unsigned long long)limits.max_file_size);
        else
            rc = kaiji_document_fail(doc, "file-unreadable", _("cannot open the file: %s"),
                                     strerror(e));
        if (rc != KAIJI_OK) {
            kaiji_document_free(doc);
            return rc;
        }
        *out = doc;
        return problem == KAIJI_FILE_TOO_LARGE ? KAIJI_OK : KAIJI_ERROR_IO;
    }
    rc = kaiji_read_memory(out, data, len, shown, opts);
    free(data);
    return rc;
}

/* The document is named in the shown form, lossless and well-formed UTF-8
 * whatever bytes the name holds (text/path.c); path itself opens the file. */
int kaiji_read_file(kaiji_document **out, const char *path,
                    const kaiji_read_options *opts)
{
    char *shown = kaiji_text_path_show(path);
    *out = NULL;
    if (!shown)
        return KAIJI_ERROR_NOMEM;
    int rc = read_file_named(out, path, shown, opts);
    free(shown);
    return rc;
}
