/*
 * server/watch.c - kaiji serve's watched folder (server/watch.h): a thread
 * that looks at the folder every interval, walks it by the rule of
 * parser/inputs.h, and takes in each file that is whole and new by the
 * store's two-step ingest, as the upload page and kaiji ingest do.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/base.h"
#include "base/buf.h"
#include "platform/platform.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "parser/inputs.h"
#include "report/words.h"
#include "server/watch.h"
#include "store/watch.h"
#include "text/text.h"

/* A file seen at the last look, not taken in yet: whole when it is the same
 * at the next. */
typedef struct pending {
    char *key; /* path under the folder */
    long long size, mtime;
} pending;

/* A file whole and new at this look, to be taken in. */
typedef struct admitted {
    char *key;
    long long size, mtime;
    char sha256[65]; /* "" when it could not be read */
} admitted;

/* A file known to be taken in: not asked of the store again at each look. */
typedef struct known {
    char *key;
    long long size, mtime;
} known;

struct kaiji_watch {
    kaiji_watch_options opts;
    char *dir, *db_path, *target, *site;
    pthread_t thread;
    bool running, stop;
    pthread_mutex_t look_mu;  /* one look at a time */
    pthread_mutex_t mu;       /* guards what follows, and stop */
    pthread_cond_t wake;
    pending *pend;            /* under look_mu */
    size_t pend_count, pend_cap;
    known *seen;              /* under look_mu; sorted by key, size, mtime */
    size_t seen_count, seen_cap;
    unsigned long looks;
    kaiji_watch_state state;  /* dir NULL: the copy's own is set by state_get */
};

/* One look: what admit sees and gathers. */
typedef struct look {
    kaiji_watch *w;
    kaiji_store *store;
    pending *next;
    size_t next_count, next_cap;
    admitted *adm;
    size_t adm_count, adm_cap;
    size_t waiting;
    struct stat store_files[4]; /* the store, its -wal, -shm, -journal: never taken in */
    char *store_paths[4];       /* their names (NULL: not there) */
    bool store_file[4];
    int rc;
} look;

void kaiji_watch_options_init(kaiji_watch_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

static void event_clear(kaiji_watch_event *e)
{
    free(e->name);
    free(e->contracts);
    free(e->detail);
    memset(e, 0, sizeof *e);
}

void kaiji_watch_state_free(kaiji_watch_state *state)
{
    if (!state)
        return;
    free(state->dir);
    for (size_t i = 0; i < state->recent_count; i++)
        event_clear(&state->recent[i]);
    memset(state, 0, sizeof *state);
}

static void say(kaiji_watch *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A line in the log: "kaiji serve: ...". */
static void say(kaiji_watch *w, const char *fmt, ...)
{
    va_list ap;
    char *line;
    if (!w->opts.log)
        return;
    va_start(ap, fmt);
    line = kaiji_vstrprintf(fmt, ap);
    va_end(ap);
    if (line) {
        fprintf(w->opts.log, "kaiji serve: %s\n", line);
        fflush(w->opts.log);
    }
    free(line);
}

int kaiji_watch_new(kaiji_watch **out, const kaiji_watch_options *opts)
{
    kaiji_watch *w;
    *out = NULL;
    if (!opts || !opts->dir || !opts->dir[0] || !opts->db_path || !opts->catalogs)
        return KAIJI_ERROR_INVALID;
    if (!(w = calloc(1, sizeof *w)))
        return KAIJI_ERROR_NOMEM;
    w->opts = *opts;
    if (!w->opts.interval_ms)
        w->opts.interval_ms = KAIJI_WATCH_INTERVAL_MS;
    pthread_mutex_init(&w->look_mu, NULL);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (!(w->dir = strdup(opts->dir)) || !(w->db_path = strdup(opts->db_path)) ||
        (opts->target_guideline && !(w->target = strdup(opts->target_guideline))) ||
        (opts->site && !(w->site = strdup(opts->site)))) {
        kaiji_watch_free(w);
        return KAIJI_ERROR_NOMEM;
    }
    /* "DIR/" and "DIR" are one folder: the keys are the paths under it. */
    for (size_t n = strlen(w->dir); n > 1 && w->dir[n - 1] == '/'; n--)
        w->dir[n - 1] = '\0';
    w->opts.dir = w->dir;
    w->opts.db_path = w->db_path;
    w->opts.target_guideline = w->target;
    w->opts.site = w->site;
    *out = w;
    return KAIJI_OK;
}

/* ------------------------------------------------------------- state */

/* Adds an event (its strings taken), newest first; the oldest goes. */
static void remember_event(kaiji_watch *w, kaiji_watch_event *e)
{
    pthread_mutex_lock(&w->mu);
    kaiji_watch_state *s = &w->state;
    if (s->recent_count == KAIJI_WATCH_RECENT)
        event_clear(&s->recent[--s->recent_count]);
    memmove(&s->recent[1], &s->recent[0], s->recent_count * sizeof s->recent[0]);
    s->recent[0] = *e;
    s->recent_count++;
    if (e->outcome != KAIJI_WATCH_NOT_READ)
        s->taken++;
    pthread_mutex_unlock(&w->mu);
    memset(e, 0, sizeof *e);
}

/* Sets the folder's problem; says it in the log when it changed. */
static void set_problem(kaiji_watch *w, kaiji_watch_problem p, int err, size_t waiting,
                        size_t folders)
{
    pthread_mutex_lock(&w->mu);
    kaiji_watch_problem was = w->state.problem;
    size_t folders_was = w->state.folders_unreadable;
    w->state.problem = p;
    w->state.problem_errno = err;
    w->state.last_look = time(NULL);
    w->state.waiting = waiting;
    w->state.folders_unreadable = folders;
    w->looks++;
    pthread_mutex_unlock(&w->mu);
    if (p != was || (p == KAIJI_WATCH_OK && folders != folders_was)) {
        char *shown = kaiji_text_path_show(w->dir);
        const char *d = shown ? shown : w->dir;
        switch (p) {
        case KAIJI_WATCH_OK:
            if (folders)
                say(w, _("%zu folders under the watched folder %s cannot be opened"), folders,
                    d);
            else if (was != KAIJI_WATCH_OK)
                say(w, _("the watched folder %s can be read again"), d);
            break;
        case KAIJI_WATCH_MISSING:
            say(w, _("the watched folder %s is not there (%s); looking again"), d,
                strerror(err));
            break;
        case KAIJI_WATCH_NOT_FOLDER:
            say(w, _("the watched folder %s is a file, not a folder; looking again"), d);
            break;
        case KAIJI_WATCH_UNREADABLE:
            say(w, _("the watched folder %s cannot be opened (%s); looking again"), d,
                strerror(err));
            break;
        case KAIJI_WATCH_STORE:
            say(w, _("the store cannot be written; the files of the watched folder wait"));
            break;
        }
        free(shown);
    }
}

unsigned long kaiji_watch_looks(kaiji_watch *w)
{
    pthread_mutex_lock(&w->mu);
    unsigned long n = w->looks;
    pthread_mutex_unlock(&w->mu);
    return n;
}

bool kaiji_watch_state_get(kaiji_watch_state *out, kaiji_watch *w)
{
    bool ok = true;
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&w->mu);
    *out = w->state;
    out->recent_count = 0;
    ok = (out->dir = strdup(w->dir)) != NULL;
    for (size_t i = 0; ok && i < w->state.recent_count; i++) {
        const kaiji_watch_event *e = &w->state.recent[i];
        kaiji_watch_event *c = &out->recent[i];
        *c = *e;
        c->name = strdup(e->name);
        c->contracts = strdup(e->contracts);
        c->detail = strdup(e->detail);
        out->recent_count++;
        ok = c->name && c->contracts && c->detail;
    }
    pthread_mutex_unlock(&w->mu);
    if (!ok)
        kaiji_watch_state_free(out);
    return ok;
}

/* -------------------------------------------------------------- a look */

static long long mtime_ns(const struct stat *st)
{
    return kaiji_platform_mtime_ns(st);
}

/* The path under the folder of a path the walk gives (DIR/sub/x.xlsx). */
static const char *key_of(const kaiji_watch *w, const char *path)
{
    size_t n = strlen(w->dir);
    if (strncmp(path, w->dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* The SHA-256 of the file at path into hex, under the size cap; false when
 * it cannot be read (the ingest then says why). */
static bool file_sha256(const char *path, size_t max, char hex[65])
{
    char *data = NULL;
    size_t len = 0;
    bool ok = kaiji_file_read(&data, &len, path, max, NULL, NULL) == KAIJI_OK;
    if (ok)
        kaiji_text_sha256(data, len, hex);
    free(data);
    return ok;
}

static int known_cmp(const known *a, const char *key, long long size, long long mtime)
{
    int c = strcmp(a->key, key);
    if (c)
        return c;
    if (a->size != size)
        return a->size < size ? -1 : 1;
    return a->mtime < mtime ? -1 : a->mtime > mtime;
}

/* Where key, size, mtime is or would go in w->seen; *found when it is there. */
static size_t known_find(const kaiji_watch *w, const char *key, long long size, long long mtime,
                         bool *found)
{
    size_t lo = 0, hi = w->seen_count;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = known_cmp(&w->seen[mid], key, size, mtime);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds a file taken in to w->seen; false when memory ran out (it is then
 * asked of the store again, no more). */
static bool known_add(kaiji_watch *w, const char *key, long long size, long long mtime)
{
    bool found;
    size_t at = known_find(w, key, size, mtime, &found);
    char *copy;
    if (found)
        return true;
    if (!KAIJI_GROW(w->seen, w->seen_count, w->seen_cap) || !(copy = strdup(key)))
        return false;
    memmove(&w->seen[at + 1], &w->seen[at], (w->seen_count - at) * sizeof w->seen[0]);
    w->seen[at] = (known){copy, size, mtime};
    w->seen_count++;
    return true;
}

/* Whether st is the store's own file (the folder may hold the store). */
static bool store_own(const look *l, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < 4; i++)
        if (l->store_file[i] && kaiji_platform_same_file(l->store_paths[i], &l->store_files[i],
                                                         path, st))
            return true;
    return false;
}

/* kaiji_inputs.admit: a file is walked into (opened, listed, read) only
 * when it is the same as at the last look and not taken in before. */
static bool admit(void *ctx, const char *path, const struct stat *st)
{
    look *l = ctx;
    kaiji_watch *w = l->w;
    const char *key = key_of(w, path);
    long long size = (long long)st->st_size, mtime = mtime_ns(st);
    bool seen = false, same = false;
    if (l->rc != KAIJI_OK || store_own(l, path, st))
        return false;
    (void)known_find(w, key, size, mtime, &seen);
    if (seen)
        return false;
    if ((l->rc = kaiji_store_watch_seen(&seen, l->store, key, size, mtime, NULL)) != KAIJI_OK)
        return false;
    if (seen) {
        (void)known_add(w, key, size, mtime);
        return false;
    }
    for (size_t i = 0; i < w->pend_count; i++)
        if (strcmp(w->pend[i].key, key) == 0) {
            same = w->pend[i].size == size && w->pend[i].mtime == mtime;
            break;
        }
    if (!same) {
        /* New or still being written: looked at again next time. */
        if (!KAIJI_GROW(l->next, l->next_count, l->next_cap) ||
            !(l->next[l->next_count].key = strdup(key))) {
            l->rc = KAIJI_ERROR_NOMEM;
            return false;
        }
        l->next[l->next_count].size = size;
        l->next[l->next_count].mtime = mtime;
        l->next_count++;
        l->waiting++;
        return false;
    }
    if (!KAIJI_GROW(l->adm, l->adm_count, l->adm_cap) ||
        !(l->adm[l->adm_count].key = strdup(key))) {
        l->rc = KAIJI_ERROR_NOMEM;
        return false;
    }
    admitted *a = &l->adm[l->adm_count++];
    a->size = size;
    a->mtime = mtime;
    a->sha256[0] = '\0';
    kaiji_limits lim;
    kaiji_limits_init(&lim);
    if (file_sha256(path, (size_t)lim.max_file_size, a->sha256)) {
        /* The same bytes under another name (a second copy): seen. */
        if ((l->rc = kaiji_store_watch_seen(&seen, l->store, key, size, mtime, a->sha256)) !=
            KAIJI_OK)
            return false;
        if (seen) {
            kaiji_watch_event e = {.at = time(NULL), .outcome = KAIJI_WATCH_DUPLICATE};
            e.name = kaiji_text_path_show(key);
            e.contracts = strdup("");
            e.detail = strdup("");
            if (!e.name || !e.contracts || !e.detail) {
                event_clear(&e);
                l->rc = KAIJI_ERROR_NOMEM;
                return false;
            }
            char *detail = kaiji_strprintf("%s sha256:%.12s (received before)", e.name,
                                           a->sha256);
            kaiji_store_audit(l->store, "watch", "ingest", "", detail ? detail : e.name);
            free(detail);
            say(w, _("%s: received before, nothing changed"), e.name);
            remember_event(w, &e);
            return false; /* remembered with the others at the end of the look */
        }
    }
    return true;
}

/* Contracts joined by spaces (malloc'd). */
static char *join(char *const *ids, size_t n)
{
    kaiji_buf b;
    kaiji_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (i)
            kaiji_buf_putc(&b, ' ');
        kaiji_buf_puts(&b, ids[i]);
    }
    return kaiji_buf_detach(&b, NULL);
}

/* Takes in one document the walk found: read outside the write lock,
 * recorded with its audit line in one short transaction. */
static int take_in(look *l, const kaiji_inputs *list, const kaiji_input *in)
{
    kaiji_watch *w = l->w;
    kaiji_ingest_options io;
    kaiji_ingest_item *item = NULL;
    kaiji_ingest_result *res = NULL;
    kaiji_watch_event e = {.at = time(NULL)};
    char why[KAIJI_ZIP_WHY] = "";
    int rc;
    kaiji_ingest_options_init(&io);
    io.catalogs = w->opts.catalogs;
    io.target_guideline = w->opts.target_guideline;
    io.as_of = w->opts.as_of;
    /* A member's name is in the shown form already. */
    e.name = in->shown ? strdup(key_of(w, in->shown)) : kaiji_text_path_show(key_of(w, in->path));
    if (!e.name)
        return KAIJI_ERROR_NOMEM;
    if (!in->shown) {
        rc = kaiji_store_ingest_read(&item, l->store, in->path, &io);
        if (rc == KAIJI_ERROR_UNREADABLE)
            snprintf(why, sizeof why, "%s", kaiji_store_errmsg(l->store));
    } else {
        unsigned char *data = NULL;
        size_t size = 0;
        const char *code;
        rc = kaiji_input_bytes(&data, &size, list, in, &code, why);
        if (rc == KAIJI_OK &&
            (rc = kaiji_store_ingest_read_memory(&item, l->store, data, size, in->shown,
                                                 &io)) == KAIJI_ERROR_UNREADABLE)
            snprintf(why, sizeof why, "%s", kaiji_store_errmsg(l->store));
        free(data);
    }
    if (rc == KAIJI_ERROR_UNREADABLE) {
        e.outcome = KAIJI_WATCH_NOT_READ;
        e.contracts = strdup("");
        e.detail = strdup(why);
        char *detail = kaiji_strprintf("%s not read: %s", e.name, why);
        kaiji_store_audit(l->store, "watch", "ingest", "", detail ? detail : e.name);
        free(detail);
        say(w, _("%s: cannot be read: %s"), e.name, why);
        rc = e.contracts && e.detail ? KAIJI_OK : KAIJI_ERROR_NOMEM;
        if (rc == KAIJI_OK)
            remember_event(w, &e);
        event_clear(&e);
        return rc;
    }
    if (rc == KAIJI_OK && (rc = kaiji_store_begin(l->store)) == KAIJI_OK) {
        rc = kaiji_store_ingest_record(&res, l->store, item);
        if (rc == KAIJI_OK) {
            char *target = join(res->contracts, res->contract_count);
            char *detail = kaiji_strprintf("%s sha256:%.12s %s%s", e.name, res->sha256,
                                           kaiji_status_name(res->status),
                                           res->duplicate ? " (received before)" : "");
            rc = target && detail ? kaiji_store_audit(l->store, "watch", "ingest", target, detail)
                                  : KAIJI_ERROR_NOMEM;
            e.contracts = target;
            free(detail);
        }
        if (rc == KAIJI_OK)
            rc = kaiji_store_commit(l->store);
        else
            kaiji_store_rollback(l->store);
    }
    kaiji_ingest_item_free(item);
    if (rc == KAIJI_OK) {
        e.outcome = res->duplicate ? KAIJI_WATCH_DUPLICATE : KAIJI_WATCH_TAKEN;
        e.kind = res->kind;
        e.status = res->status;
        e.not_disclosure = res->not_disclosure;
        if (!(e.detail = strdup("")))
            rc = KAIJI_ERROR_NOMEM;
    }
    if (rc == KAIJI_OK) {
        if (res->duplicate)
            say(w, _("%s: received before, nothing changed"), e.name);
        else if (res->contract_count)
            say(w, _("%s: recorded (%s) for %s"), e.name, kaiji_word_status(res->status),
                e.contracts);
        else
            say(w, _("%s: recorded (%s), not linked"), e.name, kaiji_word_status(res->status));
        remember_event(w, &e);
    }
    kaiji_ingest_result_free(res);
    event_clear(&e);
    return rc;
}

/* A not-read record of the walk (a PDF, an archive that cannot be opened). */
static int not_read(look *l, const kaiji_not_read *r)
{
    kaiji_watch_event e = {.at = time(NULL), .outcome = KAIJI_WATCH_NOT_READ};
    e.name = strdup(key_of(l->w, r->path));
    e.contracts = strdup("");
    e.detail = strdup(r->detail ? r->detail : "");
    e.reason = r->reason;
    if (!e.name || !e.contracts || !e.detail) {
        event_clear(&e);
        return KAIJI_ERROR_NOMEM;
    }
    char *detail = kaiji_strprintf("%s not read: %s", e.name, r->reason);
    kaiji_store_audit(l->store, "watch", "ingest", "", detail ? detail : e.name);
    free(detail);
    say(l->w, _("%s: not read: %s"), e.name, kaiji_not_read_reason(r));
    remember_event(l->w, &e);
    return KAIJI_OK;
}

static void look_free(look *l)
{
    for (size_t i = 0; i < l->next_count; i++)
        free(l->next[i].key);
    for (size_t i = 0; i < l->adm_count; i++)
        free(l->adm[i].key);
    free(l->next);
    free(l->adm);
    for (size_t i = 0; i < 4; i++)
        free(l->store_paths[i]);
    kaiji_store_free(l->store);
}

/* Whether the folder is there and can be opened; the problem when not. */
static kaiji_watch_problem folder_state(const char *dir, int *err)
{
    struct stat st;
    DIR *d;
    *err = 0;
    if (stat(dir, &st) != 0) {
        *err = errno;
        return KAIJI_WATCH_MISSING;
    }
    if (!S_ISDIR(st.st_mode))
        return KAIJI_WATCH_NOT_FOLDER;
    if (!(d = opendir(dir))) {
        *err = errno;
        return KAIJI_WATCH_UNREADABLE;
    }
    closedir(d);
    return KAIJI_WATCH_OK;
}

int kaiji_watch_poll(kaiji_watch *w)
{
    look l = {.w = w, .rc = KAIJI_OK};
    kaiji_inputs list = {0};
    int err;
    size_t folders = 0;
    pthread_mutex_lock(&w->look_mu);
    kaiji_watch_problem p = folder_state(w->dir, &err);
    if (p != KAIJI_WATCH_OK) {
        set_problem(w, p, err, 0, 0);
        pthread_mutex_unlock(&w->look_mu);
        return KAIJI_OK;
    }
    if ((l.rc = kaiji_store_open(&l.store, w->db_path, NULL)) != KAIJI_OK ||
        (w->site && (l.rc = kaiji_store_site_use(l.store, w->site)) != KAIJI_OK))
        goto done;
    static const char *const sides[4] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char *path = kaiji_strprintf("%s%s", w->db_path, sides[i]);
        l.store_file[i] = path && stat(path, &l.store_files[i]) == 0;
        l.store_paths[i] = path;
    }
    list.admit = admit;
    list.admit_ctx = &l;
    int rc = kaiji_inputs_add(&list, w->dir);
    if (l.rc == KAIJI_OK && rc == KAIJI_ERROR_NOMEM)
        l.rc = rc;
    if (l.rc == KAIJI_OK && rc == KAIJI_ERROR_NOT_FOUND) {
        /* It went between the two looks: said at the next. */
        goto done;
    }
    for (size_t i = 0; l.rc == KAIJI_OK && i < list.count; i++)
        l.rc = take_in(&l, &list, &list.items[i]);
    for (size_t i = 0; l.rc == KAIJI_OK && i < list.not_read_count; i++) {
        if (strcmp(list.not_read[i].reason, "folder-unreadable") == 0)
            folders++; /* not a file: said as the folder's state, not once a look */
        else
            l.rc = not_read(&l, &list.not_read[i]);
    }
    /* Every file taken in, whatever became of it, is remembered. */
    if (l.rc == KAIJI_OK && l.adm_count && (l.rc = kaiji_store_begin(l.store)) == KAIJI_OK) {
        for (size_t i = 0; l.rc == KAIJI_OK && i < l.adm_count; i++)
            l.rc = kaiji_store_watch_remember(l.store, l.adm[i].key, l.adm[i].size,
                                              l.adm[i].mtime,
                                              l.adm[i].sha256[0] ? l.adm[i].sha256 : NULL);
        if (l.rc == KAIJI_OK)
            l.rc = kaiji_store_commit(l.store);
        else
            kaiji_store_rollback(l.store);
        for (size_t i = 0; l.rc == KAIJI_OK && i < l.adm_count; i++)
            (void)known_add(w, l.adm[i].key, l.adm[i].size, l.adm[i].mtime);
    }
done:
    if (l.rc == KAIJI_OK || l.rc == KAIJI_ERROR_NOMEM) {
        /* What was seen now is compared with the next look. */
        for (size_t i = 0; i < w->pend_count; i++)
            free(w->pend[i].key);
        free(w->pend);
        w->pend = l.next;
        w->pend_count = l.next_count;
        w->pend_cap = l.next_cap;
        l.next = NULL;
        l.next_count = 0;
    }
    set_problem(w, l.rc == KAIJI_OK ? KAIJI_WATCH_OK : KAIJI_WATCH_STORE, 0, l.waiting,
                folders);
    kaiji_inputs_free(&list);
    look_free(&l);
    pthread_mutex_unlock(&w->look_mu);
    return l.rc;
}

/* ------------------------------------------------------------ the thread */

static void *run(void *arg)
{
    kaiji_watch *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        pthread_mutex_unlock(&w->mu);
        (void)kaiji_watch_poll(w);
        pthread_mutex_lock(&w->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)(w->opts.interval_ms / 1000);
        until.tv_nsec += (long)(w->opts.interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!w->stop && pthread_cond_timedwait(&w->wake, &w->mu, &until) == 0)
            ;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int kaiji_watch_start(kaiji_watch *w)
{
    if (w->running)
        return KAIJI_OK;
    if (pthread_create(&w->thread, NULL, run, w) != 0)
        return KAIJI_ERROR_NOMEM;
    w->running = true;
    return KAIJI_OK;
}

void kaiji_watch_free(kaiji_watch *w)
{
    if (!w)
        return;
    if (w->running) {
        pthread_mutex_lock(&w->mu);
        w->stop = true;
        pthread_cond_broadcast(&w->wake);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
    }
    for (size_t i = 0; i < w->pend_count; i++)
        free(w->pend[i].key);
    free(w->pend);
    for (size_t i = 0; i < w->seen_count; i++)
        free(w->seen[i].key);
    free(w->seen);
    kaiji_watch_state_free(&w->state);
    pthread_mutex_destroy(&w->look_mu);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->wake);
    free(w->dir);
    free(w->db_path);
    free(w->target);
    free(w->site);
    free(w);
}
