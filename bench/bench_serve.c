/*
 * bench/bench_serve.c - the benchmark behind `make bench-serve` (see
 * bench/README.md): N concurrent clients on loopback upload every file of
 * the bench corpus, one file a request, to a `kaiji serve` this program
 * starts itself on a fresh store; then `kaiji ingest` of the same files into
 * another fresh store, in the same run.  Prints documents per second, the
 * p50/p99 latency of an upload, the server's peak memory (VmHWM of
 * /proc/PID/status) and the ratio to the command line.  The run is bounded:
 * no new upload starts after BENCH_SERVE_SECONDS (default 300), and each
 * request gives up after 120 s.
 *
 * Usage: bench_serve KAIJI CORPUS_DIR WORK_DIR [CLIENTS]
 *   KAIJI       the command (build/kaiji)
 *   CORPUS_DIR  the files to upload (every *.xlsx in it; bench/make_corpus.py)
 *   WORK_DIR    where the two stores go (emptied of them first)
 *   CLIENTS     concurrent clients (default $BENCH_SERVE_CLIENTS, else 8)
 * Exit status 0, or 1 when something failed (said on stderr).
 */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define AS_OF "2026-11-26"
#define REQUEST_TIMEOUT_S 120L

typedef struct bench {
    const char *kaiji;
    char **files;
    size_t count;
    char base[128];     /* http://127.0.0.1:PORT */
    char cookie[160];   /* kaiji_session=... */
    char csrf[80];
    double deadline;    /* no new upload after this (monotonic seconds) */
    pthread_mutex_t mu;
    size_t next;        /* the next file to upload */
    double *latency;    /* per file, seconds; < 0 when not sent */
    size_t failed;      /* answers other than 200, or a row that could not be recorded */
} bench;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench-serve: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ the corpus */

static int xlsx_only(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 5 && strcmp(e->d_name + n - 5, ".xlsx") == 0;
}

static void list_corpus(bench *b, const char *dir)
{
    struct dirent **e = NULL;
    int n = scandir(dir, &e, xlsx_only, alphasort);
    if (n <= 0)
        die("no .xlsx file in %s (bench/make_corpus.py writes them)", dir);
    b->files = calloc((size_t)n, sizeof *b->files);
    if (!b->files)
        die("out of memory");
    for (int i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(e[i]->d_name) + 2;
        if (!(b->files[i] = malloc(len)))
            die("out of memory");
        snprintf(b->files[i], len, "%s/%s", dir, e[i]->d_name);
        free(e[i]);
    }
    free(e);
    b->count = (size_t)n;
}

static unsigned long long corpus_bytes(const bench *b)
{
    unsigned long long total = 0;
    struct stat st;
    for (size_t i = 0; i < b->count; i++)
        if (stat(b->files[i], &st) == 0)
            total += (unsigned long long)st.st_size;
    return total;
}

/* -------------------------------------------------------------- requests */

typedef struct text {
    char *data;
    size_t len;
} text;

static size_t collect(char *p, size_t size, size_t n, void *userp)
{
    text *t = userp;
    size_t add = size * n;
    char *grown = realloc(t->data, t->len + add + 1);
    if (!grown)
        return 0;
    memcpy(grown + t->len, p, add);
    t->len += add;
    grown[t->len] = '\0';
    t->data = grown;
    return add;
}

/* GET url (with the session's cookie when it is known); the body and the
 * headers are the caller's to free. */
static long get(bench *b, const char *url, text *body, text *head)
{
    CURL *h = curl_easy_init();
    long code = 0;
    if (!h)
        die("curl_easy_init failed");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, head);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, REQUEST_TIMEOUT_S);
    if (b->cookie[0])
        curl_easy_setopt(h, CURLOPT_COOKIE, b->cookie);
    if (curl_easy_perform(h) != CURLE_OK)
        die("GET %s failed", url);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(h);
    return code;
}

/* Signs in with the printed URL's token and takes the upload form's CSRF token. */
static void sign_in(bench *b, const char *entry)
{
    text body = {0}, head = {0};
    if (get(b, entry, &body, &head) != 303 || !head.data)
        die("the token of %s did not sign in", entry);
    const char *c = strstr(head.data, "kaiji_session=");
    if (!c)
        die("no session cookie");
    snprintf(b->cookie, sizeof b->cookie, "%.*s", (int)strcspn(c, ";\r\n"), c);
    free(body.data);
    free(head.data);
    body = (text){0};
    head = (text){0};
    char url[256];
    snprintf(url, sizeof url, "%s/upload", b->base);
    if (get(b, url, &body, &head) != 200 || !body.data)
        die("the upload page did not answer");
    const char *p = strstr(body.data, "/upload?csrf=");
    if (!p)
        die("the upload page has no CSRF token");
    p += strlen("/upload?csrf=");
    snprintf(b->csrf, sizeof b->csrf, "%.*s", (int)strcspn(p, "\""), p);
    free(body.data);
    free(head.data);
}

/* A client: uploads the next file, one a request, until none is left or
 * the deadline has passed. */
static void *client(void *arg)
{
    bench *b = arg;
    CURL *h = curl_easy_init();
    char url[256];
    if (!h)
        die("curl_easy_init failed");
    snprintf(url, sizeof url, "%s/upload?csrf=%s", b->base, b->csrf);
    for (;;) {
        size_t i;
        pthread_mutex_lock(&b->mu);
        i = b->next < b->count && now() < b->deadline ? b->next++ : b->count;
        pthread_mutex_unlock(&b->mu);
        if (i == b->count)
            break;
        text body = {0};
        curl_mime *m = curl_mime_init(h);
        curl_mimepart *part = curl_mime_addpart(m);
        curl_mime_name(part, "files");
        curl_mime_filedata(part, b->files[i]);
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_COOKIE, b->cookie);
        curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, REQUEST_TIMEOUT_S);
        double t0 = now();
        CURLcode rc = curl_easy_perform(h);
        double t1 = now();
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        bool ok = rc == CURLE_OK && code == 200 && body.data &&
                  !strstr(body.data, "colspan=\"3\""); /* "could not be recorded" */
        pthread_mutex_lock(&b->mu);
        b->latency[i] = t1 - t0;
        if (!ok)
            b->failed++;
        pthread_mutex_unlock(&b->mu);
        curl_mime_free(m);
        free(body.data);
    }
    curl_easy_cleanup(h);
    return NULL;
}

/* ------------------------------------------------------------ processes */

/* Starts kaiji serve on db; its pid, and the URL it prints in entry. */
static pid_t start_server(bench *b, const char *db, char *entry, size_t size)
{
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        freopen("/dev/null", "w", stderr);
        setenv("LANG", "C.UTF-8", 1);
        unsetenv("LC_ALL");
        execl(b->kaiji, "kaiji", "serve", "--listen", "127.0.0.1:0", "--db", db, "--as-of",
              AS_OF, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    FILE *out = fdopen(fds[0], "r");
    char line[512];
    entry[0] = '\0';
    while (!entry[0] && out && fgets(line, sizeof line, out)) {
        char *p = strstr(line, "http://127.0.0.1:");
        if (p) {
            p[strcspn(p, "\r\n")] = '\0';
            snprintf(entry, size, "%s", p);
        }
    }
    if (!entry[0])
        die("kaiji serve printed no address");
    char *slash = strchr(entry + strlen("http://"), '/');
    snprintf(b->base, sizeof b->base, "%.*s", (int)(slash - entry), entry);
    /* The rest of its output is not read; the pipe stays open. */
    return pid;
}

/* VmHWM of pid, in KiB; 0 when it cannot be read. */
static unsigned long vm_hwm(pid_t pid)
{
    char path[64], line[256];
    unsigned long kib = 0;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lu kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

/* kaiji ingest of corpus into db: its wall time, peak RSS (KiB) and exit status. */
static double run_ingest(const bench *b, const char *db, const char *corpus, long *maxrss,
                         int *status)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        setenv("LANG", "C.UTF-8", 1);
        unsetenv("LC_ALL");
        execl(b->kaiji, "kaiji", "ingest", "--db", db, "--as-of", AS_OF, corpus, (char *)NULL);
        _exit(127);
    }
    struct rusage ru;
    int st = 0;
    if (wait4(pid, &st, 0, &ru) != pid)
        die("wait4: %s", strerror(errno));
    *maxrss = ru.ru_maxrss;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return now() - t0;
}

static long long submissions(const char *db)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    long long n = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT count(*) FROM submissions", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return n;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of the sorted v[0..n), nearest rank. */
static double percentile(const double *v, size_t n, double p)
{
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    return v[rank > n ? n - 1 : rank - 1];
}

int main(int argc, char **argv)
{
    bench b = {0};
    char serve_db[4096], cli_db[4096], entry[512];
    unsigned clients;
    const char *env = getenv("BENCH_SERVE_CLIENTS");
    const char *secs = getenv("BENCH_SERVE_SECONDS");
    if (argc < 4 || argc > 5)
        die("usage: bench_serve KAIJI CORPUS_DIR WORK_DIR [CLIENTS]");
    b.kaiji = argv[1];
    clients = (unsigned)atoi(argc == 5 ? argv[4] : env ? env : "8");
    if (clients < 1 || clients > 64)
        die("CLIENTS must be 1 to 64");
    list_corpus(&b, argv[2]);
    snprintf(serve_db, sizeof serve_db, "%s/bench-serve.db", argv[3]);
    snprintf(cli_db, sizeof cli_db, "%s/bench-ingest.db", argv[3]);
    for (int i = 0; i < 2; i++) {
        const char *db = i ? cli_db : serve_db;
        char side[4200];
        unlink(db);
        snprintf(side, sizeof side, "%s-wal", db);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", db);
        unlink(side);
    }
    if (!(b.latency = malloc(b.count * sizeof *b.latency)))
        die("out of memory");
    for (size_t i = 0; i < b.count; i++)
        b.latency[i] = -1;
    pthread_mutex_init(&b.mu, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    signal(SIGPIPE, SIG_IGN);

    /* The server, N clients, one file a request. */
    pid_t server = start_server(&b, serve_db, entry, sizeof entry);
    sign_in(&b, entry);
    double limit = secs ? atof(secs) : 300.0;
    double t0 = now();
    b.deadline = t0 + limit;
    pthread_t *threads = calloc(clients, sizeof *threads);
    if (!threads)
        die("out of memory");
    for (unsigned i = 0; i < clients; i++)
        if (pthread_create(&threads[i], NULL, client, &b) != 0)
            die("cannot start a client thread");
    for (unsigned i = 0; i < clients; i++)
        pthread_join(threads[i], NULL);
    double serve_wall = now() - t0;
    unsigned long hwm = vm_hwm(server);
    kill(server, SIGTERM);
    int st = 0;
    waitpid(server, &st, 0);

    size_t sent = 0;
    double *lat = malloc(b.count * sizeof *lat);
    if (!lat)
        die("out of memory");
    for (size_t i = 0; i < b.count; i++)
        if (b.latency[i] >= 0)
            lat[sent++] = b.latency[i];
    if (sent == 0)
        die("no upload was sent");
    qsort(lat, sent, sizeof *lat, by_value);
    long long serve_rows = submissions(serve_db);

    /* The command line, the same files, in this run. */
    long cli_rss = 0;
    int cli_status = 0;
    double cli_wall = run_ingest(&b, cli_db, argv[2], &cli_rss, &cli_status);
    long long cli_rows = submissions(cli_db);

    double mb = (double)corpus_bytes(&b) / 1e6;
    double serve_rate = (double)sent / serve_wall, cli_rate = (double)b.count / cli_wall;
    printf("## kaiji serve: %u clients uploading %zu files (%.1f MB), one a request\n\n", clients,
           b.count, mb);
    printf("| | documents | wall s | documents/s | p50 ms | p99 ms | peak memory |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    printf("| kaiji serve, %u clients | %zu | %.2f | %.1f | %.1f | %.1f | %.1f MiB (VmHWM) |\n",
           clients, sent, serve_wall, serve_rate, percentile(lat, sent, 50) * 1000,
           percentile(lat, sent, 99) * 1000, (double)hwm / 1024.0);
    printf("| kaiji ingest, one process | %zu | %.2f | %.1f | | | %.1f MiB (max RSS) |\n\n",
           b.count, cli_wall, cli_rate, (double)cli_rss / 1024.0);
    printf("Ratio, documents per second: serve / ingest = %.2f\n", serve_rate / cli_rate);
    printf("Recorded: serve %lld, ingest %lld (of %zu files); failed uploads %zu; "
           "ingest exit status %d; uploads stopped by the %.0f s bound: %s\n",
           serve_rows, cli_rows, b.count, b.failed, cli_status, limit,
           sent < b.count ? "yes" : "no");
    for (size_t i = 0; i < b.count; i++)
        free(b.files[i]);
    free(b.files);
    free(b.latency);
    free(lat);
    free(threads);
    curl_global_cleanup();
    bool ok = b.failed == 0 && serve_rows == (long long)sent && cli_rows == (long long)b.count &&
              cli_status <= 1;
    if (!ok)
        fprintf(stderr, "bench-serve: some uploads or the ingest failed (see above)\n");
    return ok ? 0 : 1;
}
