/*
 * cli/catalog.c - kaiji catalog list|show|import.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/i18n.h"

static int list(const kaiji_catalogs *cats)
{
    printf("%-34s %-9s %-9s %s\n", "ID", "CERTAINTY", "ORIGIN", "TITLE");
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        printf("%-34s %-9s %-9s %s\n", kaiji_catalog_id(c), kaiji_catalog_certainty(c),
               strcmp(kaiji_catalog_origin(c), "builtin") == 0 ? "builtin" : "file",
               kaiji_catalog_title(c));
    }
    return EXIT_OK;
}

static int show(const kaiji_catalogs *cats, const char *id)
{
    const kaiji_catalog *c = kaiji_catalogs_find(cats, id);
    if (!c) {
        cli_error(_("no catalog named '%s'; see 'kaiji catalog list'"), id);
        return EXIT_USAGE;
    }
    FILE *out = cli_raw_stdout();
    fputs(kaiji_catalog_json(c), out);
    size_t n = strlen(kaiji_catalog_json(c));
    if (n == 0 || kaiji_catalog_json(c)[n - 1] != '\n')
        fputc('\n', out);
    return EXIT_OK;
}

static int import(const char *template_path, const char *id, const char *output_path)
{
    char *json = NULL;
    int rc = kaiji_catalog_import(&json, template_path, id);
    if (rc != KAIJI_OK) {
        cli_error(_("%s: cannot make a catalog of it: %s"), template_path,
                  rc == KAIJI_ERROR_UNREADABLE ? "no form with an item table was found in it"
                                               : kaiji_strerror(rc));
        return rc == KAIJI_ERROR_NOMEM ? EXIT_FAILURE_ : EXIT_FINDINGS;
    }
    FILE *f = output_path ? fopen(output_path, "wb") : cli_raw_stdout();
    int status = EXIT_OK;
    if (!f || fputs(json, f) < 0 || (output_path ? fclose(f) : fflush(f)) != 0) {
        cli_error(_("cannot write %s"), output_path ? output_path : "the catalog");
        status = EXIT_FAILURE_;
    } else if (output_path) {
        fprintf(stderr, _("kaiji: wrote %s; pass its folder with --catalog to use it\n"),
                output_path);
    }
    free(json);
    return status;
}

int cli_catalog(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"catalog", required_argument, NULL, 'c'},
        {"id", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *id = NULL, *output_path = NULL;
    int opt;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "c:i:o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': dir = optarg; break;
        case 'i': id = optarg; break;
        case 'o': output_path = optarg; break;
        case 'h': cli_print_help(cli_find_command("catalog")); return EXIT_OK;
        default:
            fprintf(stderr, _("usage: kaiji %s\n"), cli_find_command("catalog")->usage);
            return EXIT_USAGE;
        }
    }
    const char *action = optind < argc ? argv[optind] : NULL;
    int nargs = argc - optind - 1;
    if (action && strcmp(action, "import") == 0) {
        if (nargs != 1) {
            cli_error(_("import takes one template file"));
            return EXIT_USAGE;
        }
        return import(argv[optind + 1], id, output_path);
    }
    if (!action || (strcmp(action, "list") != 0 && strcmp(action, "show") != 0) ||
        (strcmp(action, "list") == 0 && nargs != 0) ||
        (strcmp(action, "show") == 0 && nargs != 1)) {
        if (action)
            cli_error(_("'%s' is not what catalog does"), action);
        fprintf(stderr, _("usage: kaiji %s\n"), cli_find_command("catalog")->usage);
        return EXIT_USAGE;
    }
    kaiji_catalogs *cats = cli_load_catalogs(dir);
    if (!cats)
        return EXIT_USAGE;
    int status = strcmp(action, "list") == 0 ? list(cats) : show(cats, argv[optind + 1]);
    kaiji_catalogs_free(cats);
    return status;
}
