/*
 * cli/catalog.c - kaiji catalog list|show|import.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/cli.h"
#include "report/words.h"
#include "text/text.h"
#include "model/i18n.h"

static int list(const kaiji_catalogs *cats)
{
    /* TRANSLATORS: the headings of kaiji catalog list; the columns are 34,
     * 9 and 9 characters wide (a Japanese character takes two). */
    printf(_("ID                                 CERTAINTY ORIGIN    TITLE\n"));
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        bool builtin = strcmp(kaiji_catalog_origin(c), "builtin") == 0;
        const char *origin = builtin ? C_("catalog origin", "built in")
                                     : C_("catalog origin", "file");
        /* padded by columns, not bytes: the word may be Japanese */
        size_t cols = kaiji_text_columns(origin);
        char title[600];
        printf("%-34s %-9s %s%*s %s\n", kaiji_catalog_id(c), kaiji_catalog_certainty(c),
               origin, (int)(cols < 9 ? 9 - cols : 0), "",
               kaiji_word_catalog_title(title, sizeof title, c));
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

/* The string member name of obj, or "". */
static const char *json_text(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

/* Where an imported checklist's publication date came from, for people. */
static const char *published_from(const char *from)
{
    if (strcmp(from, "title") == 0)
        return _("the month in the workbook's title");
    if (strcmp(from, "catalog") == 0)
        return _("kaiji's catalog of that edition");
    return _("--published");
}

/*
 * Tells on stderr what an import found, from the catalog it wrote: the
 * checklist edition, fiscal year and publication, or the template's kind
 * and version; each sheet and its items; whether the file is an official
 * one.
 */
static void report_import(const char *path, const char *json)
{
    cJSON *root = cJSON_Parse(json);
    const cJSON *forms, *form;
    if (!root)
        return;
    forms = cJSON_GetObjectItemCaseSensitive(root, "forms");
    if (strcmp(json_text(root, "type"), "mhlw-checklist") == 0) {
        const cJSON *fy = cJSON_GetObjectItemCaseSensitive(root, "fiscal_year");
        const char *published = json_text(root, "published");
        fprintf(stderr, _("kaiji: %s: MHLW checklist %s (%s), fiscal year %d\n"), path,
                json_text(root, "edition"), *published ? published : "?",
                cJSON_IsNumber(fy) ? fy->valueint : 0);
        const char *on = json_text(root, "published_on");
        char shown[KAIJI_DATE_SHOW_MAX];
        kaiji_date day;
        if (kaiji_text_parse_date(on, &day) && kaiji_date_valid(day))
            on = kaiji_text_date_show(shown, sizeof shown, day, KAIJI_DATE_LOCALE);
        fprintf(stderr, _("kaiji:   current from %s (certainty %s), taken from %s\n"), on,
                json_text(root, "published_certainty"),
                published_from(json_text(root, "published_from")));
        cJSON_ArrayForEach(form, forms) {
            const cJSON *items = cJSON_GetObjectItemCaseSensitive(form, "items");
            int n = cJSON_GetArraySize(items);
            fprintf(stderr, dngettext(KAIJI_TEXTDOMAIN, "kaiji:   sheet %s (%s): %d item\n",
                                      "kaiji:   sheet %s (%s): %d items\n", (unsigned long)n),
                    json_text(form, "title"),
                    kaiji_word_kind(kaiji_kind_from_name(json_text(form, "kind"))), n);
        }
    } else {
        cJSON_ArrayForEach(form, forms) {
            const cJSON *items = cJSON_GetObjectItemCaseSensitive(form, "items");
            int n = cJSON_GetArraySize(items);
            fprintf(stderr, dngettext(KAIJI_TEXTDOMAIN,
                                      "kaiji: %s: %s form version %s: %d item\n",
                                      "kaiji: %s: %s form version %s: %d items\n",
                                      (unsigned long)n),
                    path, kaiji_word_kind(kaiji_kind_from_name(json_text(form, "kind"))),
                    json_text(form, "form_version"), n);
        }
    }
    if (*json_text(root, "official_file"))
        fprintf(stderr, _("kaiji: %s is the official file %s (%s): its SHA-256 is on the list "
                          "of official files (%s, certainty %s)\n"),
                path, json_text(root, "official_file"), json_text(root, "official_file_what"),
                json_text(root, "official_file_source"),
                json_text(root, "official_file_certainty"));
    else
        fprintf(stderr, _("kaiji: %s is not an official file kaiji knows by its SHA-256: "
                          "the catalog says it was taken from your file\n"), path);
    cJSON_Delete(root);
}

/* Says why an import made no catalog; returns the exit status. */
static int import_failed(const char *path, int rc, kaiji_import_problem problem)
{
    switch (problem) {
    case KAIJI_IMPORT_NO_PUBLISHED:
        cli_error(_("%s: kaiji cannot tell from when this checklist edition is current: its "
                    "title gives no month and no catalog of that edition gives the day it was "
                    "published; give it with --published YYYY-MM-DD"), path);
        return EXIT_USAGE;
    case KAIJI_IMPORT_BAD_PUBLISHED:
        cli_error(_("%s: the publication date is not a date (YYYY-MM-DD) of the edition's "
                    "fiscal year or the year before it"), path);
        return EXIT_USAGE;
    case KAIJI_IMPORT_NO_EDITION:
        cli_error(_("%s: cannot make a catalog of it: %s"), path,
                  _("it is an MHLW checklist, but its title names no edition "
                    "(such as 令和8年度 or R8)"));
        return EXIT_FINDINGS;
    case KAIJI_IMPORT_MIXED_EDITIONS:
        cli_error(_("%s: cannot make a catalog of it: %s"), path,
                  _("its sheets name different checklist editions"));
        return EXIT_FINDINGS;
    default:
        cli_error(_("%s: cannot make a catalog of it: %s"), path,
                  rc == KAIJI_ERROR_UNREADABLE || rc == KAIJI_ERROR_IO
                      ? _("no form with an item table was found in it")
                      : kaiji_strerror(rc));
        return rc == KAIJI_ERROR_NOMEM ? EXIT_FAILURE_ : EXIT_FINDINGS;
    }
}

static int import(const char *path, const kaiji_import_options *opts, const char *output_path)
{
    char *json = NULL;
    kaiji_import_problem problem = KAIJI_IMPORT_NO_PROBLEM;
    if (!cli_input_file_ok(path) || (output_path && !cli_output_ok(output_path)))
        return EXIT_USAGE;
    int rc = kaiji_catalog_import_with(&json, path, opts, &problem);
    if (rc != KAIJI_OK)
        return import_failed(path, rc, problem);
    report_import(path, json);
    FILE *f = output_path ? fopen(output_path, "wb") : cli_raw_stdout();
    int status = EXIT_OK;
    if (!f || fputs(json, f) < 0 || (output_path ? fclose(f) : fflush(f)) != 0) {
        cli_error(_("cannot write %s"), output_path ? output_path : _("the standard output"));
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
        {"published", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *id = NULL, *output_path = NULL, *published = NULL;
    char published_iso[11];
    int opt;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "c:i:o:p:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "catalog", NULL, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'c': dir = optarg; break;
        case 'i': id = optarg; break;
        case 'o': output_path = optarg; break;
        case 'p': {
            /* a day, or a month, as the library takes them (YYYY-MM-DD,
             * YYYY-MM), or a day written otherwise (2026/12/1, 令和8年12月1日)
             * that, written so, the library takes */
            kaiji_date date = {0, 0, 0}, written;
            char iso[11];
            bool ok = kaiji_text_parse_iso_date_or_month(optarg, &date) ||
                      (kaiji_text_parse_date(optarg, &written) &&
                       kaiji_text_parse_iso_date_or_month(kaiji_date_format(iso, written), &date));
            if (!ok) {
                cli_error(_("%s '%s' is not a date: write it as 2026-12-01, 2026/12/1 or "
                            "令和8年12月1日"),
                          "--published", optarg);
                return EXIT_USAGE;
            }
            published = kaiji_date_format(published_iso, date);
            break;
        }
        default: return cli_usage_error("catalog");
        }
    }
    const char *action = optind < argc ? argv[optind] : NULL;
    int nargs = argc - optind - 1;
    if (action && strcmp(action, "import") == 0) {
        if (nargs != 1) {
            cli_error(_("import takes one template file"));
            return EXIT_USAGE;
        }
        kaiji_catalogs *cats = cli_load_catalogs(dir);
        if (!cats)
            return EXIT_USAGE;
        kaiji_import_options opts = {.id = id, .published = published, .catalogs = cats};
        int status = import(argv[optind + 1], &opts, output_path);
        kaiji_catalogs_free(cats);
        return status;
    }
    if (!action || (strcmp(action, "list") != 0 && strcmp(action, "show") != 0) ||
        (strcmp(action, "list") == 0 && nargs != 0) ||
        (strcmp(action, "show") == 0 && nargs != 1)) {
        if (action)
            cli_error(_("'%s' is not what catalog does"), action);
        else
            cli_error(_("catalog needs what to do: list, show ID or import FILE"));
        fprintf(stderr, _("usage: kaiji %s\n"), _(cli_find_command("catalog")->usage));
        return EXIT_USAGE;
    }
    kaiji_catalogs *cats = cli_load_catalogs(dir);
    if (!cats)
        return EXIT_USAGE;
    int status = strcmp(action, "list") == 0 ? list(cats) : show(cats, argv[optind + 1]);
    kaiji_catalogs_free(cats);
    return status;
}
