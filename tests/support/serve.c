/*
 * tests/support/serve.c - kaiji serve started by a test and driven over
 * loopback (tests/support/serve.h).
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

typedef struct sink {
    char *data;
    size_t len;
} sink;

static size_t collect(char *p, size_t size, size_t n, void *userp)
{
    sink *s = userp;
    size_t add = size * n;
    char *grown = realloc(s->data, s->len + add + 1);
    cr_assert_not_null(grown);
    memcpy(grown + s->len, p, add);
    s->len += add;
    grown[s->len] = '\0';
    s->data = grown;
    return add;
}

const char *t_serve_store(void)
{
    static __thread char db[512];
    char cmd[2048], kaiji[512];
    snprintf(db, sizeof db, "%s/kaiji.db", t_tmpdir());
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "LANG=ja_JP.UTF-8 '%s' register import --db '%s' '%s' >/dev/null",
             kaiji, db, t_src("samples/register/contracts.csv"));
    cr_assert_eq(system(cmd), 0, "kaiji register import failed");
    return db;
}

void t_serve_start(t_serve *s, const char *db, const char *const *extra)
{
    t_serve_start_lang(s, db, extra, "ja_JP.UTF-8");
}

void t_serve_start_lang(t_serve *s, const char *db, const char *const *extra, const char *lang)
{
    char kaiji[512];
    const char *argv[40];
    size_t n = 0;
    int fds[2];
    memset(s, 0, sizeof *s);
    snprintf(kaiji, sizeof kaiji, "%s", t_build("kaiji"));
    argv[n++] = "kaiji";
    argv[n++] = "serve";
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n++] = "--as-of";
    argv[n++] = "2026-11-26";
    for (size_t i = 0; extra && extra[i] && n < 39; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    cr_assert_eq(pipe(fds), 0);
    s->pid = fork();
    cr_assert_neq(s->pid, -1);
    if (s->pid == 0) {
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
    while (!s->entry[0] && fgets(line, sizeof line, out)) {
        char *p = strstr(line, "://127.0.0.1:");
        if (p) {
            while (p > line && p[-1] != ' ')
                p--;
            p[strcspn(p, "\n")] = '\0';
            snprintf(s->entry, sizeof s->entry, "%s", p);
        }
    }
    cr_assert(s->entry[0], "kaiji serve printed no address");
    char *q = strchr(strstr(s->entry, "://127.0.0.1:") + 3, '/');
    cr_assert_not_null(q);
    snprintf(s->base, sizeof s->base, "%.*s", (int)(q - s->entry), s->entry);
    /* The rest of its output is not read: the pipe stays open but idle. */
}

void t_serve_stop(t_serve *s)
{
    int st;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        cr_assert_eq(waitpid(s->pid, &st, 0), s->pid);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "kaiji serve did not stop cleanly");
    }
    s->pid = 0;
}

/* Sends the request h is set up for to path; fills a reply. */
static t_reply perform(const t_serve *s, CURL *h, const char *path)
{
    char url[1024];
    sink body = {0}, head = {0};
    t_reply r = {0};
    snprintf(url, sizeof url, "%s%s", strncmp(path, "http", 4) == 0 ? "" : s->base, path);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    cr_assert_eq(curl_easy_perform(h), CURLE_OK, "request %s failed", path);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.code);
    r.body = body.data ? body.data : strdup("");
    r.size = body.len;
    r.headers = head.data ? head.data : strdup("");
    r.hsize = head.len;
    /* nothing of this call's stack stays in the handle */
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, NULL);
    return r;
}

t_reply t_serve_get(const t_serve *s, CURL *h, const char *path, const char *const *headers)
{
    struct curl_slist *list = NULL;
    for (size_t i = 0; headers && headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    t_reply r = perform(s, h, path);
    curl_slist_free_all(list);
    return r;
}

t_reply t_serve_post(const t_serve *s, CURL *h, const char *path, const char *body)
{
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    t_reply r = perform(s, h, path);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    return r;
}

void t_reply_free(t_reply *r)
{
    free(r->body);
    free(r->headers);
    r->body = r->headers = NULL;
}

CURL *t_serve_session(const t_serve *s)
{
    CURL *h = curl_easy_init();
    cr_assert_not_null(h);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    t_reply r = t_serve_get(s, h, s->entry, NULL);
    cr_assert_eq(r.code, 303, "the printed address did not sign in: %ld", r.code);
    t_reply_free(&r);
    return h;
}

void t_serve_csrf(const t_serve *s, CURL *h, const char *path, const char *action, char *buf,
                  size_t size)
{
    char want[256];
    t_reply r = t_serve_get(s, h, path, NULL);
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
