/*
 * cli/store_cli.c - finding and opening the store for the subcommands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"

const char *cli_db_path(const char *db)
{
    if (db && db[0])
        return db;
    const char *env = getenv("KAIJI_DB");
    return env && env[0] ? env : "kaiji.db";
}

/* The command's --site, as the command may keep (docs/conventions.md): set
 * while its options are read, read after. */
static const char *site_option;

void cli_site_set(const char *name)
{
    site_option = name;
}

const char *cli_site(void)
{
    if (site_option && site_option[0])
        return site_option;
    const char *env = getenv("KAIJI_SITE");
    return env && env[0] ? env : NULL;
}

bool cli_store_missing(const char *path)
{
    struct stat sb;
    return !kaiji_store_is_uri(path) && strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0 &&
           errno == ENOENT;
}

kaiji_store *cli_store_open_path(const char *path)
{
    kaiji_store *st = NULL;
    char *err = NULL;
    int rc = kaiji_store_open(&st, path, &err);
    if (rc != KAIJI_OK) {
        /* err names the store and says what could not be done */
        if (err)
            cli_error("%s", err);
        else
            cli_error(_("cannot open the store: %s"), kaiji_strerror(rc));
        free(err);
        return NULL;
    }
    return st;
}

kaiji_store *cli_store_open(const char *db)
{
    kaiji_store *st = cli_store_open_path(cli_db_path(db));
    if (!st)
        return NULL;
    /* A group's role chooses its hospital by name (PostgreSQL, docs/reference.md). */
    const char *site = cli_site();
    if (site && kaiji_store_site_use(st, site) != KAIJI_OK) {
        cli_error(_("cannot work on the site %s: %s"), site, kaiji_store_errmsg(st));
        kaiji_store_free(st);
        return NULL;
    }
    return st;
}

kaiji_store *cli_store_open_existing(const char *db)
{
    const char *path = cli_db_path(db);
    if (!cli_store_missing(path))
        return cli_store_open(path);
    fprintf(stderr, _("kaiji: note: there is no store %s yet (nothing was imported into it); "
                      "if the store is elsewhere, give it with --db\n"),
            path);
    return cli_store_open(":memory:");
}

int cli_open_for_store(kaiji_catalogs **cats, kaiji_store **st, char target[CLI_GUIDELINE_MAX],
                       const char *catalog_dir, const char *target_opt, const char *db,
                       bool create)
{
    *st = NULL;
    if (!(*cats = cli_load_catalogs(catalog_dir)))
        return EXIT_FAILURE_;
    if (!cli_target_guideline(target, target_opt, *cats))
        return EXIT_USAGE;
    *st = create ? cli_store_open(db) : cli_store_open_existing(db);
    return *st ? EXIT_OK : EXIT_FAILURE_;
}
