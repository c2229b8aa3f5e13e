/*
 * cli/convert.c - kaiji convert: a document in kaiji's exchange format.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/i18n.h"
#include "model/libxml.h"

/* Writes text to path, or to stdout when path is NULL. */
static bool write_out(const char *path, const char *text)
{
    FILE *f = path ? fopen(path, "wb") : cli_raw_stdout();
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    if (path)
        ok = (fclose(f) == 0) && ok;
    else
        ok = (fflush(f) == 0) && ok;
    return ok;
}

int cli_convert(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *to = "json", *output_path = NULL;
    kaiji_document *doc = NULL;
    char *text = NULL;
    int opt, status = EXIT_OK;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "t:o:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "convert", NULL, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 't':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "xml") != 0) {
                cli_error(_("cannot convert to '%s'; use json or xml"), optarg);
                return EXIT_USAGE;
            }
            to = optarg;
            break;
        case 'o': output_path = optarg; break;
        default: return cli_usage_error("convert");
        }
    }
    if (argc - optind != 1) {
        cli_error("%s", optind >= argc ? _("no file to convert") : _("convert takes one file"));
        fprintf(stderr, _("usage: kaiji %s\n"), _(cli_find_command("convert")->usage));
        return EXIT_USAGE;
    }
    if (output_path && !cli_output_ok(output_path))
        return EXIT_USAGE;
    const char *path = argv[optind];
    int rc = kaiji_read_file(&doc, path, NULL);
    if (!doc) {
        cli_error("%s: %s", path, kaiji_strerror(rc));
        return EXIT_FAILURE_;
    }
    if (!kaiji_document_readable(doc)) {
        const kaiji_finding *f = kaiji_document_finding(doc, 0);
        cli_error(_("%s: cannot read it: %s"), path,
                  f ? kaiji_finding_message(f) : _("the reason is not known"));
        status = EXIT_FINDINGS;
        goto done;
    }
    rc = strcmp(to, "xml") == 0 ? kaiji_export_xml(&text, doc)
                                : kaiji_export_json(&text, doc);
    const char *missing = NULL;
    if (rc == KAIJI_ERROR_IO && strcmp(to, "xml") == 0 && !kaiji_libxml_load(&missing)) {
        cli_error(_("cannot load libxml2 (%s), which writing XML needs: install the package %s"),
                  missing, KAIJI_LIBXML_PACKAGE);
        status = EXIT_FAILURE_;
        goto done;
    }
    if (rc != KAIJI_OK) {
        cli_error("%s: %s", path, kaiji_strerror(rc));
        status = EXIT_FAILURE_;
        goto done;
    }
    if (!write_out(output_path, text)) {
        cli_error(_("cannot write %s"), output_path ? output_path : _("the standard output"));
        status = EXIT_FAILURE_;
    }
done:
    free(text);
    kaiji_document_free(doc);
    return status;
}
