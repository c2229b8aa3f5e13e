/*
 * cli/user.c - kaiji user: the accounts of kaiji serve in team mode.
 *   kaiji user add NAME --role admin|staff|viewer [--site NAME]
 *                                  (password asked twice, or $KAIJI_PASSWORD)
 *   kaiji user list [--site NAME]
 * An account of a site (a hospital of a group's store) works on that site
 * only; an admin of no site is the group's and sees every site.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"
#include "report/words.h"
#include "server/auth.h"

#define PASSWORD_MAX 256

/* Reads one line from the terminal without echoing it; false when there is
 * no terminal or nothing was typed. */
static bool ask(const char *prompt, char *buf, size_t size)
{
    FILE *tty = fopen("/dev/tty", "r+");
    struct termios old, quiet;
    bool ok = false;
    if (!tty)
        return false;
    fputs(prompt, tty);
    fflush(tty);
    if (tcgetattr(fileno(tty), &old) == 0) {
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
        ok = fgets(buf, (int)size, tty) != NULL;
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
        fputs("\n", tty);
    }
    fclose(tty);
    if (ok)
        buf[strcspn(buf, "\r\n")] = '\0';
    return ok && buf[0];
}

/* How many sites the store holds that st may work on (1 when unread). */
static size_t site_count(kaiji_store *st)
{
    kaiji_site_list *l = NULL;
    size_t n = 1;
    if (kaiji_store_sites(&l, st) == KAIJI_OK)
        n = l->count;
    kaiji_site_list_free(l);
    return n;
}

static int user_add(const char *db, const char *name, const char *role_arg)
{
    kaiji_role role;
    char pw[PASSWORD_MAX], again[PASSWORD_MAX], hash[KAIJI_AUTH_HASH_MAX];
    const char *env = getenv("KAIJI_PASSWORD");
    kaiji_store *st = NULL;
    int status = EXIT_FAILURE_;

    if (!role_arg || !kaiji_role_parse(role_arg, &role)) {
        cli_error(_("--role must be admin, staff or viewer"));
        return EXIT_USAGE;
    }
    if (env && env[0]) {
        snprintf(pw, sizeof pw, "%s", env);
    } else {
        if (!ask(_("Password: "), pw, sizeof pw) || !ask(_("Password again: "), again, sizeof again)) {
            cli_error(_("no password was typed (on a terminal, or in KAIJI_PASSWORD)"));
            return EXIT_USAGE;
        }
        if (strcmp(pw, again) != 0) {
            cli_error(_("the two passwords differ"));
            return EXIT_USAGE;
        }
    }
    if (strlen(pw) < KAIJI_AUTH_MIN_PASSWORD) {
        cli_error(_("a password has at least %d characters"), KAIJI_AUTH_MIN_PASSWORD);
        return EXIT_USAGE;
    }
    const char *why = NULL;
    if (!kaiji_auth_init(&why)) {
        cli_error("%s", why);
        goto done;
    }
    if (!kaiji_auth_hash(hash, pw)) {
        cli_error(_("cannot hash the password (out of memory?)"));
        goto done;
    }
    if (!(st = cli_store_open(db)))
        goto done;
    if (kaiji_store_begin(st) != KAIJI_OK ||
        kaiji_store_user_put(st, name, role, hash) != KAIJI_OK ||
        kaiji_store_audit(st, cli_actor(), "user-add", name, kaiji_role_name(role)) != KAIJI_OK ||
        kaiji_store_commit(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        kaiji_store_rollback(st);
        status = EXIT_USAGE;
        goto done;
    }
    kaiji_user *u = NULL; /* its site's name: --site's, or the connecting role's */
    if (kaiji_store_site(st) != 1 && kaiji_store_user_get(&u, st, name) == KAIJI_OK && u)
        printf(_("account %s: %s of %s\n"), name, kaiji_word_role(role), u->site_name);
    else if (role == KAIJI_ROLE_ADMIN && site_count(st) > 1)
        printf(_("account %s: %s (of the group: every hospital)\n"), name, kaiji_word_role(role));
    else
        printf(_("account %s: %s\n"), name, kaiji_word_role(role));
    kaiji_user_free(u);
    status = EXIT_OK;
done:
    memset(pw, 0, sizeof pw);
    memset(again, 0, sizeof again);
    kaiji_store_free(st);
    return status;
}

static int user_list(const char *db)
{
    kaiji_store *st = cli_store_open_existing(db);
    kaiji_user_list *l = NULL;
    long long now = (long long)time(NULL);
    if (!st)
        return EXIT_FAILURE_;
    size_t sites = site_count(st);
    if (kaiji_store_users(&l, st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        kaiji_store_free(st);
        return EXIT_FAILURE_;
    }
    if (l->count == 0)
        printf(_("No accounts. Add one with: kaiji user add NAME --role admin\n"));
    /* With --site, that site's accounts; else every one, each with its site. */
    bool one = cli_site() != NULL;
    for (size_t i = 0; i < l->count; i++) {
        const kaiji_user *u = &l->items[i];
        if (one && u->site != kaiji_store_site(st))
            continue;
        printf("%s  %s", u->name, kaiji_word_role(u->role));
        if (u->site_name[0])
            printf("  %s", u->site_name);
        else if (u->site == 1 && u->role == KAIJI_ROLE_ADMIN && sites > 1)
            printf("  %s", _("(the group: every hospital)"));
        printf("%s\n", u->locked_until > now ? _("  (locked after failed logins)") : "");
    }
    kaiji_user_list_free(l);
    kaiji_store_free(st);
    return EXIT_OK;
}

int cli_user(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"role", required_argument, NULL, 'r'},
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *role = NULL;
    int opt;
    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "r:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "user", &db, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'r': role = optarg; break;
        default: return cli_usage_error("user");
        }
    }
    if (optind < argc && strcmp(argv[optind], "add") == 0 && optind + 2 == argc)
        return user_add(db, argv[optind + 1], role);
    if (optind < argc && strcmp(argv[optind], "list") == 0 && optind + 1 == argc)
        return user_list(db);
    cli_error(_("usage: kaiji user add NAME --role admin|staff|viewer [--site NAME], or kaiji"
                " user list [--site NAME]"));
    return EXIT_USAGE;
}
