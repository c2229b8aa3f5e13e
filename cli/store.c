/*
 * cli/store.c - kaiji store: copy a site between stores (SQLite and
 * PostgreSQL), back up an SQLite store, add a site to a group's store.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"
#include "report/words.h"
#include "text/text.h"

/* Chooses the site name on st when it is a PostgreSQL store; on the
 * target (create), a site not there yet is added. */
static bool choose_site(kaiji_store *st, const char *target, const char *site, bool create)
{
    if (!site || !kaiji_store_is_uri(target))
        return true;
    int rc = kaiji_store_site_use(st, site);
    if (rc == KAIJI_ERROR_NOT_FOUND && create) {
        /* Added only if it can be worked on (not by a role that would mix
         * the sites' rows). */
        if ((rc = kaiji_store_begin(st)) == KAIJI_OK &&
            (rc = kaiji_store_site_add(NULL, st, site, NULL)) == KAIJI_OK &&
            (rc = kaiji_store_site_use(st, site)) == KAIJI_OK)
            rc = kaiji_store_commit(st);
        if (rc != KAIJI_OK) {
            char why[512];
            snprintf(why, sizeof why, "%s", kaiji_store_errmsg(st));
            kaiji_store_rollback(st);
            cli_error(_("cannot work on the site %s: %s"), site, why);
            return false;
        }
    }
    if (rc != KAIJI_OK)
        cli_error(_("cannot work on the site %s: %s"), site, kaiji_store_errmsg(st));
    return rc == KAIJI_OK;
}

static int store_copy(const char *from_path, const char *to_path, const char *site)
{
    kaiji_store *from = NULL, *to = NULL;
    kaiji_store_copy_report rep;
    int status = EXIT_FAILURE_;

    if (cli_store_missing(from_path)) {
        cli_error(_("there is no store %s to copy from; check the name given with --from"),
                  from_path);
        return EXIT_USAGE;
    }
    if (!(from = cli_store_open_path(from_path)) || !choose_site(from, from_path, site, false) ||
        !(to = cli_store_open_path(to_path)) || !choose_site(to, to_path, site, true))
        goto done;
    if (kaiji_store_copy(&rep, from, to) != KAIJI_OK) {
        cli_error(_("nothing copied: %s"), kaiji_store_errmsg(from));
        goto done;
    }
    long long rows = 0;
    for (size_t i = 0; i < rep.count; i++) {
        /* the table in words, padded by columns: they may be Japanese */
        const char *word = kaiji_word_store_table(rep.tables[i].table);
        size_t cols = kaiji_text_columns(word);
        printf("  %s%*s %8lld  sha256 %.16s…\n", word, (int)(cols < 26 ? 26 - cols : 0), "",
               rep.tables[i].rows, rep.tables[i].sha256);
        rows += rep.tables[i].rows;
    }
    printf(_("copied and verified (the same counts and hashes on both sides): %lld rows of %zu"
             " tables, from %s to %s\n"),
           rows, rep.count, kaiji_store_name(from), kaiji_store_name(to));
    status = EXIT_OK;

done:
    kaiji_store_free(from);
    kaiji_store_free(to);
    return status;
}

static int store_backup(const char *db, const char *file)
{
    const char *path = cli_db_path(db);
    if (cli_store_missing(path)) {
        cli_error(_("there is no store %s to back up; give the store with --db"), path);
        return EXIT_USAGE;
    }
    kaiji_store *st = cli_store_open(db);
    if (!st)
        return EXIT_FAILURE_;
    int status = EXIT_OK;
    if (kaiji_store_backup(st, file) != KAIJI_OK) {
        cli_error(_("no backup made: %s"), kaiji_store_errmsg(st));
        status = EXIT_FAILURE_;
    } else {
        printf(_("backed up %s to %s\n"), kaiji_store_name(st), file);
    }
    kaiji_store_free(st);
    return status;
}

static int store_site_add(const char *db, const char *name, const char *role)
{
    if (!kaiji_store_is_uri(cli_db_path(db))) {
        /* said before the store is opened: an SQLite file is not made for it */
        cli_error(_("site not added: %s"), kaiji_store_one_site());
        return EXIT_USAGE;
    }
    kaiji_store *st = cli_store_open(db);
    long long id = 0;
    if (!st)
        return EXIT_FAILURE_;
    int status = EXIT_OK;
    if (kaiji_store_begin(st) != KAIJI_OK || kaiji_store_site_add(&id, st, name, role) != KAIJI_OK ||
        kaiji_store_audit(st, cli_actor(), "site-add", name, role ? role : "") != KAIJI_OK ||
        kaiji_store_commit(st) != KAIJI_OK) {
        cli_error(_("site not added: %s"), kaiji_store_errmsg(st));
        status = EXIT_FAILURE_;
    } else if (role) {
        printf(_("added the site %s (id %lld); whoever connects as %s works on it only\n"),
               name, id, role);
    } else {
        printf(_("added the site %s (id %lld)\n"), name, id);
    }
    kaiji_store_free(st);
    return status;
}

int cli_store(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"site", required_argument, NULL, 's'},
        {"role", required_argument, NULL, 'r'},
        {"db", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *from = NULL, *to = NULL, *site = NULL, *role = NULL;
    int opt;
    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "store", &db, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 's': site = optarg; break;
        case 'r': role = optarg; break;
        default: return cli_usage_error("store");
        }
    }
    const char *verb = optind < argc ? argv[optind] : "";
    int rest = argc - optind - 1;
    if (strcmp(verb, "copy") == 0 && rest == 0 && from && to && !db && !role)
        return store_copy(from, to, site);
    if (strcmp(verb, "backup") == 0 && rest == 1 && !from && !to && !site && !role)
        return store_backup(db, argv[optind + 1]);
    if (strcmp(verb, "site") == 0 && rest == 2 && strcmp(argv[optind + 1], "add") == 0 &&
        !from && !to && !site)
        return store_site_add(db, argv[optind + 2], role);
    cli_error(_("usage: kaiji store copy --from STORE --to STORE [--site NAME],"
                " kaiji store backup FILE, or kaiji store site add NAME [--role ROLE]"));
    return EXIT_USAGE;
}
