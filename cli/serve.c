/*
 * cli/serve.c - kaiji serve: the disclosure desk in a browser
 * (server/server.h), on this computer only, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "mail/mail.h"
#include "cli/store_cli.h"
#include "model/i18n.h"
#include "base/base.h"
#include "server/auth.h"
#include "server/server.h"
#include "platform/platform.h"
#include "text/text.h"

/* Splits "HOST:PORT", "[V6]:PORT" or ":PORT" into host (in buf) and port. */
static bool parse_listen(const char *arg, char *buf, size_t size, uint16_t *port)
{
    const char *colon = strrchr(arg, ':');
    const char *host = arg, *host_end = colon;
    char *end;
    if (!colon)
        return false;
    if (arg[0] == '[') {
        const char *close = strchr(arg, ']');
        if (!close || close + 1 != colon)
            return false;
        host = arg + 1;
        host_end = close;
    }
    long p = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || p < 0 || p > 65535)
        return false;
    if ((size_t)(host_end - host) >= size)
        return false;
    memcpy(buf, host, (size_t)(host_end - host));
    buf[host_end - host] = '\0';
    if (!buf[0])
        snprintf(buf, size, "127.0.0.1");
    *port = (uint16_t)p;
    return true;
}

/* Seconds ("2", "0.5") into milliseconds, 50 ms to an hour. */
static bool parse_interval(const char *arg, unsigned *ms)
{
    unsigned long whole = 0, frac = 0, scale = 1000;
    const char *p = arg;
    if (*p < '0' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((whole = whole * 10 + (unsigned long)(*p - '0')) > 3600)
            return false;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale > 1)
                frac += (unsigned long)(*p - '0') * (scale /= 10);
    if (*p || whole * 1000 + frac < 50 || whole * 1000 + frac > 3600000)
        return false;
    *ms = (unsigned)(whole * 1000 + frac);
    return true;
}

/* The PEM file at path, whole, in *out; says what is wrong when it cannot. */
static bool read_pem(char **out, const char *path)
{
    size_t len = 0;
    *out = NULL;
    if (kaiji_file_read(out, &len, path, 1024 * 1024, NULL, NULL) != KAIJI_OK || !*out ||
        !strstr(*out, "-----BEGIN ")) {
        cli_error(_("%s is not a readable PEM file"), path);
        free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

/* false, after saying so on stderr, when dir, given with --watch, is a file
 * or lies under one.  A folder that is not there yet (a network drive not
 * yet connected when the server starts) is only warned of: the watcher looks
 * for it again at each turn and its page says so, as for a folder that
 * cannot be read or goes away later (server/watch.c). */
static bool watch_folder_ok(const char *dir)
{
    struct stat sb;
    char *shown = kaiji_text_path_show(dir);
    const char *d = shown ? shown : dir;
    bool ok = true;
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT)
            cli_error(_("warning: the folder %s given with --watch is not there yet: kaiji "
                        "serve starts, and looks for it again at each turn"),
                      d);
        else if (errno == ENOTDIR) {
            cli_error(_("the folder %s given with --watch does not exist"), d);
            ok = false;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        cli_error(_("%s, given with --watch, is not a folder: give the folder the attachments"
                    " are saved in"), d);
        ok = false;
    }
    free(shown);
    return ok;
}

int cli_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"as-of", required_argument, NULL, 'd'},
        {"catalog", required_argument, NULL, 'c'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"open", no_argument, NULL, 'O'},
        {"accounts", no_argument, NULL, 'A'},
        {"tls-cert", required_argument, NULL, 'C'},
        {"tls-key", required_argument, NULL, 'K'},
        {"watch", required_argument, NULL, 'W'},
        {"watch-interval", required_argument, NULL, 'I'},
        {"from", required_argument, NULL, 'F'},
        {"org", required_argument, NULL, 'R'},
        {"signer", required_argument, NULL, 'S'},
        {"smtp-url", required_argument, NULL, 'U'},
        {"smtp-cacert", required_argument, NULL, 'T'},
        {"netrc-file", required_argument, NULL, 'N'},
        {"vendor-portal", no_argument, NULL, 'V'},
        {"public-url", required_argument, NULL, 'P'},
        {"link-days", required_argument, NULL, 'L'},
        {"timeout", required_argument, NULL, 'X'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *catalog_dir = NULL, *target_opt = NULL;
    const char *from = NULL, *org = NULL, *signer = NULL, *smtp_url = NULL, *cacert = NULL,
               *netrc = NULL;
    char conf_from[320], conf_org[256];
    char target[CLI_GUIDELINE_MAX], host[64] = "127.0.0.1";
    uint16_t port = 8470;
    kaiji_date as_of = {0, 0, 0};
    bool open = false, accounts = false, portal = false;
    const char *public_url = NULL;
    long link_days = 0;
    const char *cert_path = NULL, *key_path = NULL, *watch = NULL;
    unsigned watch_ms = 0;
    unsigned timeout = 0;
    char *cert = NULL, *key = NULL;
    kaiji_catalogs *cats = NULL;
    kaiji_store *st = NULL;
    kaiji_server *srv = NULL;
    kaiji_server_options so;
    char *err = NULL;
    int opt, status;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "l:D:d:c:g:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "serve", &db, &as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'l':
            if (!parse_listen(optarg, host, sizeof host, &port)) {
                cli_error(_("--listen '%s' is not HOST:PORT (for example 127.0.0.1:8470)"),
                          optarg);
                return EXIT_USAGE;
            }
            break;
        case 'c': catalog_dir = optarg; break;
        case 'g': target_opt = optarg; break;
        case 'O': open = true; break;
        case 'A': accounts = true; break;
        case 'C': cert_path = optarg; break;
        case 'K': key_path = optarg; break;
        case 'X': {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || end == optarg || t < 1 || t > 3600) {
                cli_error(_("--timeout '%s' is not a number of seconds from 1 to 3600"), optarg);
                return EXIT_USAGE;
            }
            timeout = (unsigned)t;
            break;
        }
        case 'W': watch = optarg; break;
        case 'I':
            if (!parse_interval(optarg, &watch_ms)) {
                cli_error(_("--watch-interval '%s' is not a number of seconds between 0.05 and "
                            "3600 (for example 2)"),
                          optarg);
                return EXIT_USAGE;
            }
            break;
        case 'F': from = optarg; break;
        case 'R': org = optarg; break;
        case 'S': signer = optarg; break;
        case 'U': smtp_url = optarg; break;
        case 'T': cacert = optarg; break;
        case 'N': netrc = optarg; break;
        case 'V': portal = true; break;
        case 'P': public_url = optarg; break;
        case 'L': {
            char *end;
            link_days = strtol(optarg, &end, 10);
            if (!*optarg || *end || link_days < 1 || link_days > KAIJI_VENDOR_LINK_MAX_DAYS) {
                cli_error(_("'%s' is not a number of days from 1 to %d"), optarg,
                          KAIJI_VENDOR_LINK_MAX_DAYS);
                return EXIT_USAGE;
            }
            break;
        }
        default: return cli_usage_error("serve");
        }
    }
    if (optind != argc) {
        cli_error(_("serve takes no file: '%s'"), argv[optind]);
        return EXIT_USAGE;
    }
    if ((public_url || link_days) && !portal) {
        cli_error(_("--public-url and --link-days are for --vendor-portal"));
        return EXIT_USAGE;
    }
    if (public_url) {
        char probe[KAIJI_VENDOR_TOKEN_HEX + 1], *url = NULL;
        memset(probe, '0', KAIJI_VENDOR_TOKEN_HEX);
        probe[KAIJI_VENDOR_TOKEN_HEX] = '\0';
        if (kaiji_vendor_link_url(&url, public_url, probe) != KAIJI_OK) {
            cli_error(_("--public-url '%s' is not an http:// or https:// address"), public_url);
            return EXIT_USAGE;
        }
        free(url);
    }
    if (!cert_path != !key_path) {
        cli_error(_("--tls-cert and --tls-key go together"));
        return EXIT_USAGE;
    }
    if (watch && !watch_folder_ok(watch))
        return EXIT_USAGE;
    /* The reminders' sender and hospital as kaiji remind finds them. */
    cli_mail_sender(&from, &org, conf_from, sizeof conf_from, conf_org, sizeof conf_org);
    if (from && !kaiji_mail_sender_valid(from)) {
        cli_error(_("'%s' is not a sender address; write it as addr@host or \"Name <addr@host>\""),
                  from);
        return EXIT_USAGE;
    }
    if (smtp_url) {
        const char *why;
        if (!from) {
            cli_error(_("--smtp-url needs --from (or mail-from = in the config file)"));
            return EXIT_USAGE;
        }
        if ((why = kaiji_mail_smtp_url_problem(smtp_url)) != NULL) {
            cli_error("%s", why);
            return EXIT_USAGE;
        }
    }
    if (cert_path && (!read_pem(&cert, cert_path) || !read_pem(&key, key_path))) {
        status = EXIT_USAGE;
        goto done;
    }
    /* The store is opened once here so that a wrong path is said at once;
     * each request then opens its own. */
    if ((status = cli_open_for_store(&cats, &st, target, catalog_dir, target_opt, db, true)) != EXIT_OK)
        goto done;
    kaiji_store_free(st);
    st = NULL;

    /* Ctrl+C (and SIGTERM) are waited for, not handled: prepared before
     * the server's threads start. */
    kaiji_platform_stop_prepare();

    kaiji_server_options_init(&so);
    so.db_path = cli_db_path(db);
    so.site = cli_site();
    so.catalogs = cats;
    so.target_guideline = target;
    so.as_of = as_of;
    so.host = host;
    so.port = port;
    so.accounts = accounts;
    so.tls_cert_pem = cert;
    so.tls_key_pem = key;
    so.connection_timeout = timeout;
    so.watch_dir = watch;
    so.watch_interval_ms = watch_ms;
    so.watch_log = stderr;
    so.mail_from = from;
    so.mail_org = org;
    so.mail_signer = signer;
    so.smtp_url = smtp_url;
    so.smtp_cacert = cacert;
    so.smtp_netrc = netrc;
    so.catalog_dir = catalog_dir;
    so.vendor_portal = portal;
    so.public_url = public_url;
    so.vendor_link_days = (unsigned)link_days;
    status = EXIT_FAILURE_;
    int rc = kaiji_server_start(&srv, &so, &err);
    if (rc != KAIJI_OK) {
        cli_error("%s", err ? err : kaiji_strerror(rc));
        status = rc == KAIJI_ERROR_INVALID ? EXIT_USAGE : EXIT_FAILURE_;
        goto done;
    }
    printf(_("kaiji serve: open this address in the browser (Edge, Chrome, Firefox):\n"));
    printf("  %s\n", kaiji_server_url(srv));
    if (watch)
        printf(_("Files saved in %s are checked and recorded as they arrive.\n"), watch);
    if (portal)
        printf(_("Vendor upload links are on: make one on a contract's page, or with kaiji "
                 "remind --portal-url.\n"));
    printf(_("Stop with Ctrl+C.\n"));
    fflush(stdout);
    fflush(cli_raw_stdout()); /* under the filter: the stream it writes to */
    if (open)
        kaiji_platform_open_url(kaiji_server_url(srv));
    kaiji_platform_wait_for_stop();
    status = EXIT_OK;
done:
    kaiji_server_free(srv);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    free(err);
    free(cert);
    if (key)
        kaiji_auth_wipe(key, strlen(key));
    free(key);
    return status;
}
