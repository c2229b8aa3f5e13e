/*
 * cli/store_cli.h - what the subcommands that use the store share: where the
 * store is (--db, else $KAIJI_DB, else ./kaiji.db) and opening it with a
 * message a user understands.
 */
#ifndef KAIJI_CLI_STORE_H
#define KAIJI_CLI_STORE_H

#include "cli/cli.h"
#include "kaiji.h"

/* db when not NULL, else $KAIJI_DB when set and not empty, else "kaiji.db". */
const char *cli_db_path(const char *db);

/* The site --site named (kept for the command's run), else $KAIJI_SITE when
 * set and not empty, else NULL (the connection's own: the default site, or
 * a site's role's). */
void cli_site_set(const char *name);
const char *cli_site(void);

/* true when path names a store file that does not exist (not a URI, not
 * ":memory:"): a command that only reads a store creates none. */
bool cli_store_missing(const char *path);

/* Opens the store at path (a file or a URI) as it is, on the connection's
 * own site; on failure prints why and returns NULL. */
kaiji_store *cli_store_open_path(const char *path);

/* cli_store_open_path(cli_db_path(db)), then working on cli_site(); on
 * failure prints why and returns NULL. */
kaiji_store *cli_store_open(const char *db);

/*
 * cli_store_open for a command that has nothing to keep without a store
 * (status, link, remind, fetch, checklist draft, user list): a store file
 * that does not exist yet is not created (no kaiji.db left in the folder the
 * command ran in); a note on stderr names it, and an empty store in memory
 * stands in for it.
 */
kaiji_store *cli_store_open_existing(const char *db);

/*
 * What ingest, status and checklist draft begin with: the catalogs (built-in,
 * then catalog_dir), the target guideline (cli_target_guideline, into target)
 * and the store (created when it does not exist yet only with create, else
 * cli_store_open_existing).  Returns EXIT_OK, or the exit status after saying
 * what went wrong (*cats and *st NULL or for the caller to free).
 */
int cli_open_for_store(kaiji_catalogs **cats, kaiji_store **st, char target[CLI_GUIDELINE_MAX],
                       const char *catalog_dir, const char *target_opt, const char *db,
                       bool create);

#endif
