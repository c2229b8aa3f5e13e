/*
 * tests/support/serve.c - kaiji serve for a test (tests/support/serve.h).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "serve.h"
#include "support.h"

/* One server for the suite: started in setup, stopped in teardown. */
pid_t t_serve_pid;
char t_base_url[64];   /* http://127.0.0.1:PORT */
char t_entry_url[512]; /* with ?token= */
char t_db_path[512];



size_t t_collect(char *p, size_t size, size_t n, void *userp)
{
    char **buf = userp;
    size_t *len = (size_t *)(buf + 1);
    size_t add = size * n;
    char *grown = realloc(*buf, *len + add + 1);
    cr_assert_not_null(grown);
    memcpy(grown + *len, p, add);
    *len += add;
    grown[*len] = '\0';
    *buf = grown;
    return add;
}



/* A request: method GET unless post (multipart) or custom; cookie jar shared
 * through the handle the caller gives, or a fresh one. */
t_reply t_request(CURL *h, const char *method, const char *path, curl_mime *mime)
{
    char url[1024];
    t_sink body = {0}, head = {0};
    t_reply r = {0};
    snprintf(url, sizeof url, "%s%s", strncmp(path, "http", 4) == 0 ? "" : t_base_url, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
    if (!mime)
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK, "request %s %s failed", method, path);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.code);
    r.body = body.data ? body.data : strdup("");
    r.size = body.len;
    r.headers = head.data ? head.data : strdup("");
    r.hsize = head.len;
    return r;
}

void t_reply_free(t_reply *r)
{
    free(r->body);
    free(r->headers);
}

/* A handle that holds a session: it has opened the printed URL. */
CURL *t_signed_in(void)
{
    CURL *h = curl_easy_init();
    cr_assert_not_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    t_reply r = t_request(h, "GET", t_entry_url, NULL);
    cr_assert_eq(r.code, 303, "the token did not sign in: %ld", r.code);
    t_reply_free(&r);
    return h;
}

/* Starts kaiji serve on the store t_db_path with extra arguments (NULL-ended)
 * and waits for the address it prints. */
void t_serve_launch(const char *const *extra)
{
    t_serve_launch_lang(extra, "ja_JP.UTF-8");
}

void t_serve_launch_lang(const char *const *extra, const char *lang)
{
    char kaiji[512];
    const char *argv[32];
    size_t n = 0;
    int fds[2];
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    argv[n++] = "kaiji";
    argv[n++] = "serve";
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--db";
    argv[n++] = t_db_path;
    argv[n++] = "--as-of";
    argv[n++] = "2026-11-26";
    for (size_t i = 0; extra && extra[i] && n < 31; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    cr_assert_eq(pipe(fds), 0);
    t_serve_pid = fork();
    cr_assert_neq(t_serve_pid, -1);
    if (t_serve_pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        setenv("LANG", lang, 1);
        unsetenv("LANGUAGE");
        unsetenv("LC_ALL");
        setenv("KAIJI_LOCALEDIR", t_build("locale"), 1);
        execv(kaiji, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *out = fdopen(fds[0], "r");
    char line[512];
    t_entry_url[0] = '\0';
    while (!t_entry_url[0] && fgets(line, sizeof line, out)) {
        char *p = strstr(line, "://127.0.0.1:");
        if (p) {
            while (p > line && p[-1] != ' ')
                p--;
            p[strcspn(p, "\n")] = '\0';
            snprintf(t_entry_url, sizeof t_entry_url, "%s", p);
        }
    }
    cr_assert(t_entry_url[0], "kaiji serve printed no address");
    char *q = strchr(strstr(t_entry_url, "://127.0.0.1:") + 3, '/');
    cr_assert_not_null(q);
    snprintf(t_base_url, sizeof t_base_url, "%.*s", (int)(q - t_entry_url), t_entry_url);
    /* The rest of its output is not read: keep the pipe open but idle. */
}

/* A fresh store holding the samples' register. */
void t_serve_make_store(void)
{
    char cmd[2048], kaiji[512];
    snprintf(t_db_path, sizeof t_db_path, "%s/kaiji.db", t_tmpdir());
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "LANG=ja_JP.UTF-8 '%s' register import --db '%s' '%s' >/dev/null",
             kaiji, t_db_path, t_src("samples/register/contracts.csv"));
    cr_assert_eq(system(cmd), 0);
}

void t_serve_start(void)
{
    t_serve_make_store();
    t_serve_launch(NULL);
}

void t_serve_stop(void)
{
    int st;
    if (t_serve_pid > 0) {
        kill(t_serve_pid, SIGTERM);
        cr_assert_eq(waitpid(t_serve_pid, &st, 0), t_serve_pid);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kaiji serve did not stop cleanly");
    }
    t_serve_pid = 0;
}


void t_serve_add_user(const char *name, const char *role, const char *pw)
{
    char cmd[2048], kaiji[512];
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "KAIJI_PASSWORD='%s' '%s' user add --db '%s' --role %s %s >/dev/null",
             pw, kaiji, t_db_path, role, name);
    cr_assert_eq(system(cmd), 0, "kaiji user add %s failed", name);
}

void t_serve_start_team(void)
{
    static const char *const extra[] = {"--accounts", NULL};
    t_serve_make_store();
    t_serve_add_user("kanri", "admin", ADMIN_PW);
    t_serve_add_user("tantou", "staff", STAFF_PW);
    t_serve_add_user("kensa", "viewer", VIEWER_PW);
    t_serve_launch(extra);
}

/* A handle signed in as user with pw; the login's t_reply code in *code. */
CURL *t_login_as(const char *user, const char *pw, long *code)
{
    CURL *h = curl_easy_init();
    char body[256];
    t_sink out = {0};
    cr_assert_not_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    snprintf(body, sizeof body, "user=%s&password=%s", user, pw);
    char url[128];
    snprintf(url, sizeof url, "%s/login", t_base_url);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
    free(out.data);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    return h;
}


t_reply t_serve_get(CURL *h, const char *path, const char *const *headers)
{
    struct curl_slist *list = NULL;
    for (size_t i = 0; headers && headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    t_reply r = t_request(h, "GET", path, NULL);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(list);
    return r;
}

t_reply t_serve_post(CURL *h, const char *path, const char *body)
{
    char url[1024];
    t_sink out = {0}, head = {0};
    t_reply r = {0};
    snprintf(url, sizeof url, "%s%s", strncmp(path, "http", 4) == 0 ? "" : t_base_url, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, t_collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK, "POST %s failed", path);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.code);
    r.body = out.data ? out.data : strdup("");
    r.size = out.len;
    r.headers = head.data ? head.data : strdup("");
    r.hsize = head.len;
    /* nothing of this call's stack stays in the handle */
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, NULL);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    return r;
}

void t_serve_csrf(CURL *h, const char *path, const char *action, char *buf, size_t size)
{
    char want[256];
    t_reply r = t_request(h, "GET", path, NULL);
    snprintf(want, sizeof want, "%s?csrf=", action);
    const char *p = strstr(r.body, want);
    cr_assert_not_null(p, "%s has no form to %s:\n%s", path, action, r.body);
    p += strlen(want);
    size_t n = strcspn(p, "\"");
    cr_assert_lt(n, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    t_reply_free(&r);
}
