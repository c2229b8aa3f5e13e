/*
 * cli/link.c - kaiji link FILE CONTRACT...: say which contracts an ingested
 * submission covers, when ingest could not tell.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"

int cli_link(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    kaiji_store *st = NULL;
    int opt, status = EXIT_FAILURE_, rc;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "D:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "link", &db, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        return cli_usage_error("link");
    }
    if (argc - optind < 2) {
        cli_error(_("usage: kaiji link FILE CONTRACT..."));
        return EXIT_USAGE;
    }
    const char *file = argv[optind];
    const char *const *ids = (const char *const *)&argv[optind + 1];
    size_t count = (size_t)(argc - optind - 1);

    if (!(st = cli_store_open_existing(db)))
        return EXIT_FAILURE_;
    if ((rc = kaiji_store_begin(st)) == KAIJI_OK)
        rc = kaiji_store_link(st, file, ids, count);
    for (size_t i = 0; rc == KAIJI_OK && i < count; i++)
        rc = kaiji_store_audit(st, cli_actor(), "link", ids[i], file);
    if (rc == KAIJI_OK)
        rc = kaiji_store_commit(st);
    if (rc != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        kaiji_store_rollback(st);
        status = rc == KAIJI_ERROR_NOT_FOUND ? EXIT_FINDINGS : EXIT_FAILURE_;
        goto done;
    }
    printf(_("linked %s to"), file);
    for (size_t i = 0; i < count; i++)
        printf("%s %s", i ? "," : "", ids[i]);
    putchar('\n');
    status = EXIT_OK;
done:
    kaiji_store_free(st);
    return status;
}
