/*
 * cli/store_cli.c - finding and opening the store for the subcommands.
 */
#include <stdlib.h>

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

kaiji_store *cli_store_open(const char *db)
{
    kaiji_store *st = NULL;
    char *err = NULL;
    int rc = kaiji_store_open(&st, cli_db_path(db), &err);
    if (rc != KAIJI_OK) {
        cli_error(_("cannot open the store %s"), err ? err : kaiji_strerror(rc));
        free(err);
        return NULL;
    }
    return st;
}
