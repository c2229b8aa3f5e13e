/*
 * tests/support/serve.h - kaiji serve started by a test over loopback and
 * driven with libcurl: the server on a fresh store holding the samples'
 * register (local mode, or team mode with three accounts), requests with
 * their status, headers and body, a session by the printed URL or a login.
 * Used by tests/test_serve.c and tests/test_serve_pages.c.
 */
#ifndef KAIJI_TEST_SERVE_H
#define KAIJI_TEST_SERVE_H

#include <curl/curl.h>
#include <sys/types.h>

/* The server of the suite: its process, its address, the store it serves. */
extern pid_t t_serve_pid;
extern char t_base_url[64];   /* http://127.0.0.1:PORT */
extern char t_entry_url[512]; /* local mode: with ?token=; team mode: the login page */
extern char t_db_path[512];

/* The passwords of the team mode's accounts kanri (admin), tantou (staff), kensa (viewer). */
#define ADMIN_PW "admin-password-1"
#define STAFF_PW "staff-password-1"
#define VIEWER_PW "viewer-password-1"

typedef struct t_reply {
    long code;
    char *body;
    size_t size;
    char *headers;
    size_t hsize;
} t_reply;

typedef struct t_sink {
    char *data;
    size_t len;
} t_sink;

/* libcurl's write function into a t_sink (userp). */
size_t t_collect(char *p, size_t size, size_t n, void *userp);
/* A request with h (its cookies kept): GET unless mime (multipart POST) or
 * another method; path relative to t_base_url or a whole URL. */
t_reply t_request(CURL *h, const char *method, const char *path, curl_mime *mime);
void t_reply_free(t_reply *r);
/* A handle that holds a session: it has opened the printed URL (local mode). */
CURL *t_signed_in(void);
/* A handle signed in as user with pw (team mode); the login's code in *code. */
CURL *t_login_as(const char *user, const char *pw, long *code);
/* Starts kaiji serve (ja_JP, as of 2026-11-26) on t_db_path with extra
 * arguments (NULL-ended), and waits for the address it prints. */
void t_serve_launch(const char *const *extra);
/* A fresh t_db_path holding the samples' register. */
void t_serve_make_store(void);
/* Adds an account to t_db_path. */
void t_serve_add_user(const char *name, const char *role, const char *pw);
/* Suite set-ups: local mode; team mode with kanri, tantou and kensa. */
void t_serve_start(void);
void t_serve_start_team(void);
/* Stops the server and checks it stopped cleanly. */
void t_serve_stop(void);
/* As t_serve_launch, the server's own LANG being lang ("C", "ja_JP.UTF-8"). */
void t_serve_launch_lang(const char *const *extra, const char *lang);

/* GET path with h and the extra request headers (NULL-ended, or NULL). */
t_reply t_serve_get(CURL *h, const char *path, const char *const *headers);
/* POST the urlencoded body to path with h. */
t_reply t_serve_post(CURL *h, const char *path, const char *body);
/* The CSRF token of the form to action ("/reports/checklist") on the page
 * at path, copied into buf. */
void t_serve_csrf(CURL *h, const char *path, const char *action, char *buf, size_t size);

#endif
