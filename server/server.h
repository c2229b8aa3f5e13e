/*
 * server/server.h - kaiji serve: the hospital's disclosure desk in a browser,
 * over libmicrohttpd, on the same store API as the command.
 *
 * Local mode only for now: the server listens on loopback, and a person gets
 * in with the one-time token of the URL it prints, which becomes a session
 * cookie (HttpOnly, SameSite=Strict).  Every form carries the session's CSRF
 * token.  Each request opens the store for itself, so that a command-line
 * ingest while the server runs is fine.
 *
 * Threads: the server answers on libmicrohttpd's thread pool; its sessions
 * sit behind one mutex inside the kaiji_server object (no global state).
 */
#ifndef KAIJI_SERVER_H
#define KAIJI_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kaiji.h"

/* The largest upload one request may carry, all files together. */
#define KAIJI_SERVER_MAX_UPLOAD (256u * 1024u * 1024u)
/* The most files one upload may carry. */
#define KAIJI_SERVER_MAX_FILES 500
/* How long a session lasts after its last request, in seconds. */
#define KAIJI_SERVER_SESSION_IDLE (8 * 60 * 60)
/* The most sessions held at once; the oldest goes first. */
#define KAIJI_SERVER_MAX_SESSIONS 64

typedef struct kaiji_server_options {
    const char *db_path;             /* required: the store */
    const kaiji_catalogs *catalogs;  /* required; must outlive the server */
    const char *target_guideline;    /* NULL: "6.0" */
    kaiji_date as_of;                /* year 0: today, at each request */
    const char *host;                /* a loopback address: "127.0.0.1" (default) or "::1" */
    uint16_t port;                   /* 0: any free port */
    unsigned threads;                /* 0: 4 */
} kaiji_server_options;

void kaiji_server_options_init(kaiji_server_options *opts);

typedef struct kaiji_server kaiji_server;

/*
 * Starts a server with opts (copied; the strings are copied too) and returns
 * it, listening, in *out.  A host that is not a loopback address is refused
 * with KAIJI_ERROR_INVALID (team mode, with accounts, is not built yet).
 * *err, when err is not NULL and the start fails, says why (malloc'd).
 */
int kaiji_server_start(kaiji_server **out, const kaiji_server_options *opts, char **err);

/* The port it listens on. */
uint16_t kaiji_server_port(const kaiji_server *srv);

/* The URL that lets a person in (with the one-time token); lives as long as
 * srv. */
const char *kaiji_server_url(const kaiji_server *srv);

/* Stops the server (waiting for the requests under way) and frees it; NULL-safe. */
void kaiji_server_free(kaiji_server *srv);

#endif
