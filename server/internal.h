/*
 * server/internal.h - what server.c (the daemon, sessions, security) and
 * pages.c (the pages) share.  Module-internal: nothing outside server/.
 */
#ifndef KAIJI_SERVER_INTERNAL_H
#define KAIJI_SERVER_INTERNAL_H

#include <stdio.h>

#include "base/buf.h"
#include "server/server.h"
#include "server/watch.h"

/* One uploaded file, held in memory until the upload ends. */
typedef struct srv_file {
    char *name;    /* as the browser sent it (never used as a path) */
    kaiji_buf body; /* its bytes */
} srv_file;

/* What a page needs to know of its request. */
typedef struct srv_request {
    const kaiji_server_options *opts;
    const char *csrf;             /* the session's CSRF token */
    const char *user;             /* the account, or "local" in local mode */
    kaiji_role role;
    bool team;                    /* accounts: show who is signed in, and sign out */
    const char *query_id;         /* /contract/ID: ID, decoded */
    kaiji_watch *watch;           /* the watched folder, or NULL */
    void *conn;                   /* the request's connection, for srv_arg */
} srv_request;

/* The value of the query argument name of req's URL (decoded), or NULL. */
const char *srv_arg(const srv_request *req, const char *name);

/* A page being written: its body (an open_memstream), its status and type. */
typedef struct srv_page {
    FILE *fp;
    char *body;
    size_t size;
    unsigned status;              /* HTTP status; 200 unless a page says */
    const char *content_type;     /* static */
    const char *disposition;      /* Content-Disposition, or NULL (static or owned by extra) */
    char *extra;                  /* freed with the page */
    bool report;                  /* a report page: the stricter report CSP */
} srv_page;

/* Writes s to fp with &, <, >, " and ' escaped. */
void srv_esc(FILE *fp, const char *s);

/* The page's frame up to its main content and its <h1>, with the site's
 * navigation for req; and its end. */
void srv_head(FILE *fp, const char *title, const srv_request *req);
void srv_tail(FILE *fp);

/* The pages.  Each writes into page (opened by the caller) and returns 0, or
 * -1 when the store or memory failed (the caller answers 500). */
int srv_page_dashboard(srv_page *page, const srv_request *req);
int srv_page_contract(srv_page *page, const srv_request *req);
int srv_page_upload_form(srv_page *page, const srv_request *req);
int srv_page_upload_done(srv_page *page, const srv_request *req, const srv_file *files,
                         size_t count);
int srv_page_status_report(srv_page *page, const srv_request *req);
/* The login form; message (or NULL) says why the last try failed. */
void srv_page_login(srv_page *page, const char *message);
/* The audit log (server/audit_page.c), filtered by the query's actor,
 * action, from and to; and the same entries as CSV. */
int srv_page_audit(srv_page *page, const srv_request *req);
int srv_page_audit_csv(srv_page *page, const srv_request *req);
/* The dashboard's note of the watched folder (server/watch_page.c): that it
 * is watched, when it last looked, what is wrong, the last files taken in.
 * Nothing when req has no watcher. */
void srv_watch_note(FILE *fp, const srv_request *req);
/* A short page in the site's frame: title and one paragraph. */
void srv_page_message(srv_page *page, unsigned status, const char *title, const char *text);

#endif
