/*
 * cli/store_cli.h - what the subcommands that use the store share: where the
 * store is (--db, else $KAIJI_DB, else ./kaiji.db) and opening it with a
 * message a user understands.
 */
#ifndef KAIJI_CLI_STORE_H
#define KAIJI_CLI_STORE_H

#include "kaiji.h"

/* db when not NULL, else $KAIJI_DB when set and not empty, else "kaiji.db". */
const char *cli_db_path(const char *db);

/* Opens the store at cli_db_path(db); on failure prints why and returns NULL. */
kaiji_store *cli_store_open(const char *db);

#endif
