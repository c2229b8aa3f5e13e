/*
 * cli/validate.c - kaiji validate: read, check and report every file given.
 * One bad file never stops the batch.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"

/* true when guideline looks like an edition number: "6.0", "5.2", "7". */
static bool guideline_ok(const char *g)
{
    size_t n = strlen(g);
    if (n == 0 || n > 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((g[i] >= '0' && g[i] <= '9') || (g[i] == '.' && i > 0)))
            return false;
    return true;
}

/* true when doc fails the check: invalid or unreadable, and with strict
 * also outdated or carrying a warning. */
static bool fails(const kaiji_document *doc, bool strict)
{
    kaiji_status st = kaiji_document_status(doc);
    if (st == KAIJI_STATUS_INVALID || st == KAIJI_STATUS_UNREADABLE)
        return true;
    if (!strict)
        return false;
    if (st == KAIJI_STATUS_OUTDATED)
        return true;
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++)
        if (kaiji_finding_severity(kaiji_document_finding(doc, i)) >= KAIJI_SEVERITY_WARNING)
            return true;
    return false;
}

int cli_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"as-of", required_argument, NULL, 'd'},
        {"strict", no_argument, NULL, 's'},
        {"catalog", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    output o = {.out = stdout, .format = OUTPUT_TEXT, .target_guideline = "6.0"};
    const char *catalog_dir = NULL;
    bool strict = false;
    kaiji_date as_of = kaiji_date_today();
    cli_paths paths = {0};
    kaiji_catalogs *cats = NULL;
    int status = EXIT_OK, opt;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "f:g:d:sc:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (!output_format_parse(optarg, &o.format)) {
                cli_error("unknown format '%s'; use text, json or csv", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'g':
            if (!guideline_ok(optarg)) {
                cli_error("'%s' is not a guideline edition; write it like 6.0", optarg);
                return EXIT_USAGE;
            }
            o.target_guideline = optarg;
            break;
        case 'd':
            if (!cli_parse_date(optarg, &as_of)) {
                cli_error("'%s' is not a date; write it as YYYY-MM-DD", optarg);
                return EXIT_USAGE;
            }
            break;
        case 's': strict = true; break;
        case 'c': catalog_dir = optarg; break;
        case 'h': cli_print_help(cli_find_command("validate")); return EXIT_OK;
        default:
            fprintf(stderr, "usage: kaiji %s\n", cli_find_command("validate")->usage);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("no file or folder to validate");
        fprintf(stderr, "usage: kaiji %s\n", cli_find_command("validate")->usage);
        return EXIT_USAGE;
    }
    cats = cli_load_catalogs(catalog_dir);
    if (!cats)
        return EXIT_USAGE;
    for (int i = optind; i < argc; i++)
        if (!cli_paths_add(&paths, argv[i])) {
            cli_error("out of memory");
            status = EXIT_FAILURE_;
            goto done;
        }

    char as_of_text[11];
    o.as_of = kaiji_date_format(as_of_text, as_of);
    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = as_of;
    vo.target_guideline = o.target_guideline;

    output_begin(&o);
    for (size_t i = 0; i < paths.count; i++) {
        kaiji_document *doc = NULL;
        int rc = kaiji_read_file(&doc, paths.paths[i], &ro);
        if (!doc) {
            cli_error("%s: %s", paths.paths[i], kaiji_strerror(rc));
            status = EXIT_FAILURE_;
            break;
        }
        rc = kaiji_validate(doc, &vo);
        if (rc != KAIJI_OK) {
            cli_error("%s: %s", paths.paths[i], kaiji_strerror(rc));
            kaiji_document_free(doc);
            status = EXIT_FAILURE_;
            break;
        }
        output_document(&o, doc);
        if (fails(doc, strict) && status == EXIT_OK)
            status = EXIT_FINDINGS;
        kaiji_document_free(doc);
    }
    output_end(&o);
    if (fflush(stdout) != 0) {
        cli_error("cannot write the results");
        status = EXIT_FAILURE_;
    }
done:
    cli_paths_free(&paths);
    kaiji_catalogs_free(cats);
    return status;
}
