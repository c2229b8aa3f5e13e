/*
 * server/server.h - kaiji serve: the hospital's disclosure desk in a browser,
 * over libmicrohttpd, on the same store API as the command.
 *
 * Local mode (loopback, the default): a person gets in with the one-time
 * token of the URL it prints, which becomes a session cookie (HttpOnly,
 * SameSite=Strict).  Team mode (any other address, or accounts asked for):
 * a login page against the store's accounts (Argon2id, lockout after
 * repeated failures), roles (a viewer only reads), HTTPS when given a
 * certificate (the cookie then Secure).  Every form carries the session's
 * CSRF token; every login, upload and logout goes into the audit log.  Each request opens the store for itself, so that a command-line
 * ingest while the server runs is fine.
 *
 * Language: every page is in Japanese (the people kaiji is for), whatever
 * the server's own LANG, unless the browser's Accept-Language prefers
 * English over Japanese (q-values honoured): then in English.  Each request
 * is answered under its own thread locale (uselocale), made once per server;
 * where ja_JP.UTF-8 is not installed, Japanese pages fall back to the
 * process's language.
 *
 * Threads: the server answers on libmicrohttpd's thread pool; its sessions
 * sit behind one mutex inside the kaiji_server object (no global state).
 */
#ifndef KAIJI_SERVER_H
#define KAIJI_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kaiji.h"

/* The largest upload one request may carry, all files together. */
#define KAIJI_SERVER_MAX_UPLOAD (256u * 1024u * 1024u)
/* The most files one upload may carry. */
#define KAIJI_SERVER_MAX_FILES 500
/* Failed logins that lock an account, and for how long (seconds). */
#define KAIJI_SERVER_LOGIN_FAILURES 5
#define KAIJI_SERVER_LOCK_SECONDS (15 * 60)
/* How long a session lasts after its last request, in seconds. */
#define KAIJI_SERVER_SESSION_IDLE (8 * 60 * 60)
/* How long a connection may stay silent before it is dropped, in seconds. */
#define KAIJI_SERVER_TIMEOUT 30
/* The most sessions held at once; the oldest goes first. */
#define KAIJI_SERVER_MAX_SESSIONS 64

typedef struct kaiji_server_options {
    const char *db_path;             /* required: the store */
    /* The one site (a hospital of a group's store, by name) every request
     * works on, the watched folder's too; NULL: each account's own, a
     * group's administrator choosing among them (copied). */
    const char *site;
    const kaiji_catalogs *catalogs;  /* required; must outlive the server */
    const char *target_guideline;    /* NULL: "6.0" */
    kaiji_date as_of;                /* year 0: today, at each request */
    const char *host;                /* a loopback address: "127.0.0.1" (default) or "::1" */
    uint16_t port;                   /* 0: any free port */
    unsigned threads;                /* 0: 4 */
    /* Team mode: accounts and a login page instead of the one-time key.
     * Always on for an address other than loopback; true: on loopback too. */
    bool accounts;
    const char *tls_cert_pem;        /* both or neither: HTTPS (copied) */
    const char *tls_key_pem;
    /* A folder whose new files are taken in without anyone pressing a
     * button (server/watch.h), or NULL; looked at every watch_interval_ms
     * (0: KAIJI_WATCH_INTERVAL_MS), what happens said on watch_log (NULL:
     * nowhere). */
    const char *watch_dir;
    unsigned watch_interval_ms;
    FILE *watch_log;
    /* The reminders, as kaiji remind writes them (borrowed: must outlive the
     * server): the sender (NULL: kaiji@localhost), the hospital, the
     * signature; sending only with smtp_url (and the login of netrc_file or
     * $KAIJI_SMTP_USER/$KAIJI_SMTP_PASSWORD, as kaiji remind --send). */
    const char *mail_from, *mail_org, *mail_signer;
    const char *smtp_url, *smtp_cacert, *smtp_netrc;
    /* Where an imported catalog is written (--catalog DIR), or NULL. */
    const char *catalog_dir;
    /* Vendor upload links (/v/TOKEN): off unless asked for.  public_url is
     * the address vendors reach (NULL: the server's own); links made on a
     * contract's page last vendor_link_days (0: KAIJI_VENDOR_LINK_DAYS).
     * mail_org (or NULL) names the hospital to the vendor. */
    bool vendor_portal;
    const char *public_url;          /* copied */
    unsigned vendor_link_days;
    /* Seconds a connection may stay silent (a client that sends half a
     * request and stalls) before it is dropped; 0: KAIJI_SERVER_TIMEOUT. */
    unsigned connection_timeout;
} kaiji_server_options;

void kaiji_server_options_init(kaiji_server_options *opts);

typedef struct kaiji_server kaiji_server;

/*
 * Starts a server with opts (copied; the strings are copied too) and returns
 * it, listening, in *out.  Team mode without an admin account in the store
 * is refused with KAIJI_ERROR_INVALID.
 * *err, when err is not NULL and the start fails, says why (malloc'd).
 */
int kaiji_server_start(kaiji_server **out, const kaiji_server_options *opts, char **err);

/* The port it listens on. */
uint16_t kaiji_server_port(const kaiji_server *srv);

/* The URL that lets a person in (local mode: with the one-time token; team
 * mode: the login page); lives as long as srv. */
const char *kaiji_server_url(const kaiji_server *srv);

/* Stops the server (waiting for the requests under way) and frees it; NULL-safe. */
void kaiji_server_free(kaiji_server *srv);

#endif
