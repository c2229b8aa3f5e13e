/*
 * tests/support/serve.h - kaiji serve started by a test and driven over
 * loopback with libcurl: start it on a store, sign in with the address it
 * prints, GET and POST, read a form's CSRF token.
 */
#ifndef KAIJI_TEST_SERVE_H
#define KAIJI_TEST_SERVE_H

#include <curl/curl.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct t_serve {
    pid_t pid;
    char base[64];    /* http://127.0.0.1:PORT */
    char entry[512];  /* the address it printed: ?token= (local) or /login (accounts) */
} t_serve;

/* What the server answered: status, body and headers (NUL-terminated). */
typedef struct t_reply {
    long code;
    char *body;
    size_t size;
    char *headers;
    size_t hsize;
} t_reply;

/* A fresh store (in a new folder of t_tmpdir) holding the samples' register;
 * its path, in a static buffer of the calling thread. */
const char *t_serve_store(void);

/* Starts build/kaiji serve on 127.0.0.1, any port, on the store db, as of
 * 2026-11-26, under LANG=ja_JP.UTF-8 (the build's translations), with
 * extra arguments (NULL-ended, or NULL); waits for the address it prints.
 * Aborts the test when it prints none. */
void t_serve_start(t_serve *s, const char *db, const char *const *extra);
/* As t_serve_start, the server's own LANG being lang. */
void t_serve_start_lang(t_serve *s, const char *db, const char *const *extra, const char *lang);
/* Stops it (SIGTERM) and expects a clean exit; NULL-safe on a stopped one. */
void t_serve_stop(t_serve *s);

/* A new handle with its own cookie jar, signed in through the printed
 * address (local mode). */
CURL *t_serve_session(const t_serve *s);

/* GET path (or a whole URL) with handle h and the extra request headers
 * (NULL-ended, or NULL).  Aborts the test when the request fails. */
t_reply t_serve_get(const t_serve *s, CURL *h, const char *path, const char *const *headers);
/* POST the urlencoded body to path with handle h. */
t_reply t_serve_post(const t_serve *s, CURL *h, const char *path, const char *body);
void t_reply_free(t_reply *r);

/* The CSRF token of the first form of the page at path whose action is
 * action ("/reports/checklist"), copied into buf. */
void t_serve_csrf(const t_serve *s, CURL *h, const char *path, const char *action, char *buf,
                  size_t size);

#endif
