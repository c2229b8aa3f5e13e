/*
 * cli/fetch.c - kaiji fetch: download what vendors publish at their
 * contracts' URLs, keep what changed under a folder per contract, and ingest
 * it linked to that contract.
 *
 * The downloads run first, outside any transaction, so a slow server never
 * holds the store's write lock; then one transaction ingests every new file
 * and records every contract's new validators.  One failing contract never
 * stops the others.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "fetch/fetch.h"
#include "kaiji/store.h"
#include "model/i18n.h"

/* What one contract's download gave, kept until the transaction. */
typedef struct fetched {
    const kaiji_contract *contract;
    kaiji_fetch_outcome outcome;
    char *path;           /* CHANGED: the file saved */
    char *etag;           /* the validators to record next */
    char *last_modified;
    char *message;        /* FAILED: why */
} fetched;

typedef struct fetch_cli {
    kaiji_fetch_options fo;
    const char **redirect_hosts; /* --allow-redirect, NULL-terminated */
    size_t redirect_count;
    const char *db;       /* --db, or NULL: $KAIJI_DB, else kaiji.db */
    const char *dir;
    kaiji_date as_of;
    char **names;         /* the contracts asked for, or none: all */
    size_t name_count;
} fetch_cli;

/* Parses a positive whole number (with K, M or G for binary multiples when
 * units) no larger than max; false when s is anything else. */
static bool parse_count(const char *s, bool units, uint64_t max, uint64_t *out)
{
    char *end = NULL;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || v == 0)
        return false;
    uint64_t mult = 1;
    if (units && *end) {
        switch (*end) {
        case 'k': case 'K': mult = 1024; break;
        case 'm': case 'M': mult = 1024 * 1024; break;
        case 'g': case 'G': mult = 1024 * 1024 * 1024; break;
        default: return false;
        }
        end++;
    }
    if (*end || v > max / mult)
        return false;
    *out = v * mult;
    return true;
}

/* A contract ID made fit to name a folder: no separator, control character
 * or leading dot.  malloc'd; NULL when memory runs out. */
static char *folder_name(const char *id)
{
    size_t n = strlen(id);
    char *s = malloc(n + 2);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        s[i] = (c < 0x20 || c == 0x7f || c == '/' || c == '\\') ? '_' : (char)c;
    }
    s[n] = '\0';
    if (n == 0 || s[0] == '.') {
        memmove(s + 1, s, n + 1);
        s[0] = '_';
    }
    return s;
}

/* The fetch state's validators, when it was fetched from this same URL
 * (the state keeps the URL as printed: without login or query). */
static void stored_validators(kaiji_store *st, const kaiji_contract *c,
                              kaiji_fetch_state **state, const char **etag,
                              const char **last_modified)
{
    char *shown = NULL;
    *etag = *last_modified = NULL;
    *state = NULL;
    if (kaiji_store_fetch_state_get(state, st, c->id) != KAIJI_OK || !*state)
        return;
    bool same = kaiji_fetch_redact_url(&shown, c->url) == KAIJI_OK &&
                strcmp((*state)->url, shown) == 0;
    free(shown);
    if (!same)
        return;
    if ((*state)->etag[0])
        *etag = (*state)->etag;
    if ((*state)->last_modified[0])
        *last_modified = (*state)->last_modified;
}

/*
 * Downloads c's URL into f: the body saved under dir/<id>/, the validators to
 * keep (the new ones, else the stored ones when unchanged).  Returns
 * KAIJI_OK (f says how it went) or KAIJI_ERROR_NOMEM.
 */
static int fetch_one(fetched *f, kaiji_store *st, const kaiji_contract *c,
                     const fetch_cli *o)
{
    kaiji_fetch_state *state = NULL;
    kaiji_fetch_result r;
    const char *etag, *lm;
    char *folder = NULL, *sub = NULL;
    int rc = KAIJI_ERROR_NOMEM;

    memset(&r, 0, sizeof r);
    f->contract = c;
    stored_validators(st, c, &state, &etag, &lm);
    if (kaiji_fetch_url(&r, c->url, etag, lm, &o->fo) != KAIJI_OK)
        goto cleanup;
    f->outcome = r.outcome;
    if (r.outcome == KAIJI_FETCH_FAILED) {
        f->message = r.message;
        r.message = NULL;
        rc = KAIJI_OK;
        goto cleanup;
    }
    if (r.outcome == KAIJI_FETCH_UNCHANGED) {
        /* a 304 need not repeat the validators: keep the stored ones then */
        if (!r.etag && etag && !(r.etag = strdup(etag)))
            goto cleanup;
        if (!r.last_modified && lm && !(r.last_modified = strdup(lm)))
            goto cleanup;
    }
    f->etag = r.etag;
    f->last_modified = r.last_modified;
    r.etag = r.last_modified = NULL;
    if (r.outcome == KAIJI_FETCH_CHANGED) {
        folder = folder_name(c->id);
        size_t n = folder ? strlen(o->dir) + strlen(folder) + 2 : 0;
        sub = folder ? malloc(n) : NULL;
        if (!sub)
            goto cleanup;
        snprintf(sub, n, "%s/%s", o->dir, folder);
        int saved = kaiji_fetch_save(&f->path, sub, r.file_name, r.data, r.size);
        if (saved == KAIJI_ERROR_NOMEM)
            goto cleanup;
        if (saved != KAIJI_OK) {
            size_t m = strlen(sub) + 64;
            f->outcome = KAIJI_FETCH_FAILED;
            f->message = malloc(m);
            if (!f->message)
                goto cleanup;
            snprintf(f->message, m, _("the download cannot be saved in %s"), sub);
        }
    }
    rc = KAIJI_OK;
cleanup:
    kaiji_fetch_result_free(&r);
    kaiji_fetch_state_free(state);
    free(folder);
    free(sub);
    return rc;
}

static void fetched_free(fetched *f)
{
    free(f->path);
    free(f->etag);
    free(f->last_modified);
    free(f->message);
}

/* The list of ids in ids[0..count) joined by ", " into buf. */
static void join_ids(char *buf, size_t len, char *const *ids, size_t count)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", ids[i]);
}

/*
 * Records f in the store (inside the run's transaction): ingests a saved
 * download linked to its contract and keeps the validators, then prints the
 * contract's line.  Returns KAIJI_OK or the store's error.
 */
static int record_one(kaiji_store *st, const fetched *f, const kaiji_catalogs *cats,
                      const fetch_cli *o)
{
    const kaiji_contract *c = f->contract;
    kaiji_ingest_result *res = NULL;
    char *shown = NULL;
    int rc = KAIJI_OK;

    if (f->outcome == KAIJI_FETCH_FAILED) {
        printf(_("%s: failed: %s\n"), c->id, f->message);
        return KAIJI_OK;
    }
    /* The URL is recorded as printed: its login and query stay out of the
     * store, but for the contract's own row. */
    rc = kaiji_fetch_redact_url(&shown, c->url);
    if (rc != KAIJI_OK)
        return rc;
    kaiji_fetch_state state = {
        /* read only by kaiji_store_fetch_state_set: the casts write nothing */
        .url = shown, .etag = (char *)(f->etag ? f->etag : ""),
        .last_modified = (char *)(f->last_modified ? f->last_modified : ""),
        .sha256 = (char *)"",
        .fetched_at = NULL,
    };
    kaiji_fetch_state *old = NULL;
    if (f->outcome == KAIJI_FETCH_UNCHANGED) {
        if (kaiji_store_fetch_state_get(&old, st, c->id) == KAIJI_OK && old)
            state.sha256 = old->sha256;
        rc = kaiji_store_fetch_state_set(st, c->id, &state);
        if (rc == KAIJI_OK)
            printf(_("%s: unchanged\n"), c->id);
        goto cleanup;
    }

    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.as_of = o->as_of;
    io.original_name = shown;
    io.contract_hint = c->id;
    rc = kaiji_store_ingest_file(&res, st, f->path, &io);
    if (rc != KAIJI_OK)
        goto cleanup;
    state.sha256 = res->sha256;
    rc = kaiji_store_fetch_state_set(st, c->id, &state);
    if (rc != KAIJI_OK)
        goto cleanup;
    char linked[512];
    join_ids(linked, sizeof linked, res->contracts, res->contract_count);
    if (!res->contract_count)
        printf(_("%s: downloaded %s (%s, %s; not linked to any contract)\n"), c->id, f->path,
               cli_kind_word(res->kind), cli_status_word(res->status));
    else if (res->duplicate)
        printf(_("%s: downloaded %s (%s, %s, already held; for %s)\n"), c->id, f->path,
               cli_kind_word(res->kind), cli_status_word(res->status), linked);
    else
        printf(_("%s: downloaded %s (%s, %s; for %s)\n"), c->id, f->path,
               cli_kind_word(res->kind), cli_status_word(res->status), linked);
    if (res->refused_count) {
        join_ids(linked, sizeof linked, res->refused, res->refused_count);
        printf(_("  refused: it also names %s, contracts of another vendor than its own; a"
                 " document links only to its vendor's contracts\n"),
               linked);
    }
cleanup:
    kaiji_ingest_result_free(res);
    kaiji_fetch_state_free(old);
    free(shown);
    return rc;
}

/* The contracts to fetch, in *out (pointers into list): those named, or
 * every active one with a URL.  false (after saying why) when a named one
 * is not in the store. */
static bool choose(const kaiji_contract **out, size_t *count,
                   const kaiji_contract_list *list, const fetch_cli *o)
{
    *count = 0;
    if (o->name_count == 0) {
        for (size_t i = 0; i < list->count; i++)
            if (list->items[i].active && list->items[i].url[0])
                out[(*count)++] = &list->items[i];
        return true;
    }
    for (size_t n = 0; n < o->name_count; n++) {
        const kaiji_contract *found = NULL;
        for (size_t i = 0; i < list->count && !found; i++)
            if (strcmp(list->items[i].id, o->names[n]) == 0)
                found = &list->items[i];
        if (!found) {
            cli_error(_("no contract '%s' in the register"), o->names[n]);
            return false;
        }
        out[(*count)++] = found;
    }
    return true;
}

/* true when s reads as HOST, HOST:PORT or [IPV6]:PORT (not a URL). */
static bool server_ok(const char *s)
{
    const char *port = NULL;
    if (!s[0] || strpbrk(s, "/@?# \t"))
        return false;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close == s + 1 || (close[1] && close[1] != ':'))
            return false;
        port = close[1] ? close + 2 : NULL;
    } else {
        const char *colon = strchr(s, ':');
        if (colon == s)
            return false;
        if (colon && !strchr(colon + 1, ':'))
            port = colon + 1;
    }
    if (!port)
        return true;
    char *end = NULL;
    long p = strtol(port, &end, 10);
    return *port >= '0' && *port <= '9' && !*end && p > 0 && p <= 65535;
}

/* Parses the command line into o; returns -1 to go on, else an exit status. */
static int parse_args(fetch_cli *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"as-of", required_argument, NULL, 'd'},
        {"allow-http", no_argument, NULL, 'H'},
        {"cacert", required_argument, NULL, 'C'},
        {"timeout", required_argument, NULL, 't'},
        {"max-size", required_argument, NULL, 'm'},
        {"dir", required_argument, NULL, 'o'},
        {"allow-redirect", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t v;
    int opt;
    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "fetch", &o->db, &o->as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'H':
            o->fo.allow_http = true;
            break;
        case 'C':
            o->fo.cacert = optarg;
            break;
        case 't':
            if (!parse_count(optarg, false, 86400, &v)) {
                cli_error(_("'%s' is not a timeout; give whole seconds, 1 to 86400"), optarg);
                return EXIT_USAGE;
            }
            o->fo.timeout = (long)v;
            if (o->fo.connect_timeout > o->fo.timeout)
                o->fo.connect_timeout = o->fo.timeout;
            break;
        case 'm':
            if (!parse_count(optarg, true, (uint64_t)1 << 40, &v)) {
                cli_error(_("'%s' is not a size; give bytes, or a number with K, M or G"), optarg);
                return EXIT_USAGE;
            }
            o->fo.max_size = v;
            break;
        case 'o':
            o->dir = optarg;
            break;
        case 'R': {
            if (!server_ok(optarg)) {
                cli_error(_("'%s' is not a server; give HOST or HOST:PORT"), optarg);
                return EXIT_USAGE;
            }
            const char **p = realloc(o->redirect_hosts, (o->redirect_count + 2) * sizeof *p);
            if (!p) {
                cli_error(_("out of memory"));
                return EXIT_FAILURE_;
            }
            o->redirect_hosts = p;
            p[o->redirect_count++] = optarg;
            p[o->redirect_count] = NULL;
            o->fo.redirect_hosts = p;
            break;
        }
        default:
            return cli_usage_error("fetch");
        }
    }
    if (o->dir[0] == '\0') {
        cli_error(_("the download folder cannot be empty"));
        return EXIT_USAGE;
    }
    o->names = argv + optind;
    o->name_count = (size_t)(argc - optind);
    return -1;
}

int cli_fetch(int argc, char **argv)
{
    fetch_cli o = {.dir = "downloads", .as_of = kaiji_date_today()};
    kaiji_store *st = NULL;
    kaiji_catalogs *cats = NULL;
    kaiji_contract_list *list = NULL;
    const kaiji_contract **chosen = NULL;
    fetched *done = NULL;
    size_t count = 0, failed = 0, downloaded = 0, unchanged = 0;
    int status = EXIT_FAILURE_;

    kaiji_fetch_options_init(&o.fo);
    int parsed = parse_args(&o, argc, argv);
    if (parsed >= 0) {
        free(o.redirect_hosts);
        return parsed;
    }

    st = cli_store_open_existing(o.db);
    if (!st)
        goto cleanup;
    cats = cli_load_catalogs(NULL);
    if (!cats)
        goto cleanup;
    if (kaiji_store_contracts(&list, st, o.name_count > 0) != KAIJI_OK) {
        cli_error(_("cannot read the contracts: %s"), kaiji_store_errmsg(st));
        goto cleanup;
    }
    chosen = calloc(list->count + 1, sizeof *chosen);
    done = calloc(list->count + 1, sizeof *done);
    if (!chosen || !done) {
        cli_error(_("out of memory"));
        goto cleanup;
    }
    if (!choose(chosen, &count, list, &o)) {
        status = EXIT_USAGE;
        goto cleanup;
    }

    for (size_t i = 0; i < count; i++) {
        if (!chosen[i]->url[0]) {
            done[i].contract = chosen[i];
            done[i].outcome = KAIJI_FETCH_FAILED;
            done[i].message = strdup(_("the register gives no URL for this contract"));
            if (!done[i].message) {
                cli_error(_("out of memory"));
                goto cleanup;
            }
        } else if (fetch_one(&done[i], st, chosen[i], &o) != KAIJI_OK) {
            cli_error(_("out of memory"));
            goto cleanup;
        }
    }

    if (kaiji_store_begin(st) != KAIJI_OK) {
        cli_error(_("cannot write to the store: %s"), kaiji_store_errmsg(st));
        goto cleanup;
    }
    for (size_t i = 0; i < count; i++) {
        if (record_one(st, &done[i], cats, &o) != KAIJI_OK) {
            cli_error(_("cannot record %s in the store: %s"), done[i].contract->id,
                      kaiji_store_errmsg(st));
            kaiji_store_rollback(st);
            goto cleanup;
        }
        failed += done[i].outcome == KAIJI_FETCH_FAILED;
        downloaded += done[i].outcome == KAIJI_FETCH_CHANGED;
        unchanged += done[i].outcome == KAIJI_FETCH_UNCHANGED;
    }
    if (kaiji_store_commit(st) != KAIJI_OK) {
        cli_error(_("cannot write to the store: %s"), kaiji_store_errmsg(st));
        goto cleanup;
    }
    if (count == 0)
        printf(_("no contract has a URL to fetch from\n"));
    else
        printf(_("%zu downloaded, %zu unchanged, %zu failed\n"), downloaded, unchanged, failed);
    status = failed ? EXIT_FINDINGS : EXIT_OK;

cleanup:
    if (done)
        for (size_t i = 0; i < count; i++)
            fetched_free(&done[i]);
    free(done);
    free(chosen);
    kaiji_contract_list_free(list);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
    free(o.redirect_hosts);
    return status;
}
