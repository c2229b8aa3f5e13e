/* inflate_floor.c [--parse | --parse-expat | --parse-expat-ns] FILE... - the
 * floors of the benchmark: the least
 * any XLSX reader must do.  Reads each file whole into memory, opens it with
 * libzip from that buffer and inflates every entry with zip_fread into a
 * scratch buffer, which is then dropped.  No XML, no cells.  With --parse,
 * every .xml and .rels entry is also fed, as it is inflated, to one libxml2
 * SAX2 push parser (reset for each entry) whose callbacks do nothing: the
 * least a reader built on libxml2, as kaiji is, must do.  With --parse-expat
 * (when built with -DFLOOR_EXPAT and expat), the same through one expat
 * parser (reset for each entry, fed each piece as it is inflated, handlers
 * that do nothing): what a reader built on expat would have to do;
 * --parse-expat-ns the same with expat's namespace processing on, which a
 * reader of OOXML's prefixed names needs.  Files are read one after another
 * on one thread.  A file libzip cannot open or inflate, or whose XML expat
 * refuses, is counted, not fatal.  Prints one line:
 * "<documents> <seconds> <entries> <inflated bytes> <failed>"
 * (seconds: the reading and inflating alone, monotonic clock).
 * Built by bench/run.sh: cc -O2 inflate_floor.c $(pkg-config --cflags --libs
 * libzip libxml-2.0), with -DFLOOR_EXPAT and expat's flags when pkg-config
 * finds expat. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <zip.h>

#ifdef FLOOR_EXPAT
#include <expat.h>

/* Handlers that do nothing, set again after each reset. */
static void XMLCALL x_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
    (void)ctx, (void)name, (void)attrs;
}

static void XMLCALL x_end(void *ctx, const XML_Char *name)
{
    (void)ctx, (void)name;
}

static void XMLCALL x_chars(void *ctx, const XML_Char *text, int len)
{
    (void)ctx, (void)text, (void)len;
}
#else
typedef void *XML_Parser;
#endif

enum { SCRATCH = 64 * 1024 };

/* Reads the whole of PATH into a new buffer; *out owns it (free), *len gets
 * its size.  Returns 0, or -1 (nothing to free) when the file cannot be read. */
static int read_file(unsigned char **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto error;
    buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size)
        goto error;
    fclose(f);
    *out = buf;
    *len = (size_t)size;
    return 0;
error:
    free(buf);
    fclose(f);
    return -1;
}

/* true when NAME ends with SUFFIX. */
static int ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n >= m && strcmp(name + n - m, suffix) == 0;
}

/* Inflates every entry of the ZIP archive in BUF (LEN bytes; BUF stays the
 * caller's) into SCRATCH, adding to *entries and *bytes; when PARSER (libxml2)
 * or EXPAT is not NULL, each XML entry also goes through it.  Returns 0, or
 * -1 when the archive or one of its entries cannot be read. */
static int inflate_all(long *entries, long long *bytes, const unsigned char *buf,
                       size_t len, char *scratch, xmlParserCtxtPtr parser,
                       XML_Parser expat)
{
    zip_error_t zerr;
    zip_source_t *src;
    zip_t *za = NULL;
    zip_int64_t n, i;
    int rc = -1, bad = 0;

    zip_error_init(&zerr);
    src = zip_source_buffer_create(buf, len, 0, &zerr);
    if (src == NULL)
        goto error;
    za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (za == NULL) {
        zip_source_free(src);
        goto error;
    }
    n = zip_get_num_entries(za, 0);
    for (i = 0; i < n; i++) {
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        int xml = (parser != NULL || expat != NULL) && name != NULL &&
                  (ends_with(name, ".xml") || ends_with(name, ".rels"));
        zip_int64_t got;

        if (zf == NULL)
            goto error;
        if (xml && parser != NULL)
            xmlCtxtResetPush(parser, NULL, 0, name, NULL);
#ifdef FLOOR_EXPAT
        if (xml && expat != NULL) {
            XML_ParserReset(expat, "UTF-8");
            XML_SetElementHandler(expat, x_start, x_end);
            XML_SetCharacterDataHandler(expat, x_chars);
        }
#endif
        while ((got = zip_fread(zf, scratch, SCRATCH)) > 0) {
            *bytes += got;
            if (xml && parser != NULL)
                xmlParseChunk(parser, scratch, (int)got, 0);
#ifdef FLOOR_EXPAT
            if (xml && expat != NULL && XML_Parse(expat, scratch, (int)got, 0) != XML_STATUS_OK)
                bad = 1;
#endif
        }
        if (xml && parser != NULL)
            xmlParseChunk(parser, NULL, 0, 1);
#ifdef FLOOR_EXPAT
        if (xml && expat != NULL && XML_Parse(expat, NULL, 0, 1) != XML_STATUS_OK)
            bad = 1;
#endif
        zip_fclose(zf);
        if (got < 0)
            goto error;
        (*entries)++;
    }
    rc = bad ? -1 : 0;
error:
    if (za != NULL)
        zip_discard(za);
    zip_error_fini(&zerr);
    return rc;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                     int nb_defaulted, const xmlChar **attrs)
{
    (void)ctx, (void)localname, (void)prefix, (void)uri, (void)nb_ns, (void)ns;
    (void)nb_attrs, (void)nb_defaulted, (void)attrs;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    (void)ctx, (void)localname, (void)prefix, (void)uri;
}

static void on_chars(void *ctx, const xmlChar *text, int len)
{
    (void)ctx, (void)text, (void)len;
}

int main(int argc, char **argv)
{
    static char scratch[SCRATCH];
    struct timespec t0, t1;
    long entries = 0, failed = 0;
    long long bytes = 0;
    xmlParserCtxtPtr parser = NULL;
    XML_Parser expat = NULL;
    int i = 1;

    if (argc > 1 && strcmp(argv[1], "--parse") == 0) {
        xmlSAXHandler sax;
        memset(&sax, 0, sizeof sax);
        sax.initialized = XML_SAX2_MAGIC;
        sax.startElementNs = on_start;
        sax.endElementNs = on_end;
        sax.characters = on_chars;
        parser = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
        if (parser == NULL)
            return 1;
        xmlCtxtUseOptions(parser, XML_PARSE_NONET);
        i = 2;
    } else if (argc > 1 && strncmp(argv[1], "--parse-expat", 13) == 0) {
#ifdef FLOOR_EXPAT
        int ns = strcmp(argv[1], "--parse-expat-ns") == 0;
        expat = ns ? XML_ParserCreateNS("UTF-8", '\x01') : XML_ParserCreate("UTF-8");
        if (expat == NULL)
            return 1;
        i = 2;
#else
        fprintf(stderr, "inflate_floor: built without expat (-DFLOOR_EXPAT)\n");
        return 2;
#endif
    }
    int first = i;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (; i < argc; i++) {
        unsigned char *buf;
        size_t len;

        if (read_file(&buf, &len, argv[i]) != 0 ||
            inflate_all(&entries, &bytes, buf, len, scratch, parser, expat) != 0) {
            if (++failed <= 3)
                fprintf(stderr, "inflate_floor: %s: cannot read or inflate\n", argv[i]);
        }
        free(buf);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (parser != NULL)
        xmlFreeParserCtxt(parser);
#ifdef FLOOR_EXPAT
    if (expat != NULL)
        XML_ParserFree(expat);
#endif
    printf("%d %.3f %ld %lld %ld\n", argc - first,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           entries, bytes, failed);
    return 0;
}
