/*
 * server/server.c - kaiji serve's daemon (server/server.h): libmicrohttpd's
 * thread pool and limits, the token and the sessions, the security headers
 * every answer carries, and the routes.  The pages are in pages.c.
 *
 * No path from a request ever reaches the file system: the routes are a
 * fixed table, static files come from the data compiled in, and uploads stay
 * in memory until the store holds them.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "base/base.h"
#include "formats/embedded.h"
#include "model/i18n.h"
#include "platform/platform.h"
#include "server/auth.h"
#include "server/internal.h"
#include "server/mhd.h"

/* libmicrohttpd's own bounds for each connection. */
#define CONNECTION_LIMIT 64
#define PER_IP_LIMIT 16
#define CONNECTION_MEMORY (256 * 1024)
#define TOKEN_HEX 64 /* 256 random bits */

/* The policies: the site's pages load only from the site itself; a report,
 * like the report file kaiji writes, loads nothing at all. */
#define CSP_SITE                                                                            \
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "      \
    "object-src 'none'"
#define CSP_REPORT                                                                          \
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; " \
    "form-action 'none'"

typedef struct session {
    char id[TOKEN_HEX + 1];
    char csrf[TOKEN_HEX + 1];
    char user[65];               /* the account, or "local" */
    kaiji_role role;
    long long site;              /* the site it works on; 0: every site, looked over */
    bool group;                  /* a group's administrator: may choose the site once the
                                  * store holds several (decided at each request) */
    char site_name[256];         /* the site's name, "" for the default site */
    time_t last;
} session;

struct kaiji_server {
    struct MHD_Daemon *daemon;
    kaiji_server_options opts;
    char *db_path, *host, *target, *cert, *key, *public_url, *site;
    long long fixed_site;        /* --site's id, or 0: each account's own */
    bool team, tls;
    char dummy_hash[KAIJI_AUTH_HASH_MAX]; /* checked for an unknown name, as long as a real one */
    uint16_t port;
    char token[TOKEN_HEX + 1];
    char url[128];
    kaiji_watch *watch;          /* --watch DIR, or NULL */
    pthread_mutex_t mu;          /* guards sessions */
    session sessions[KAIJI_SERVER_MAX_SESSIONS];
    size_t session_count;
    kaiji_langs *langs;          /* the pages' languages (platform/platform.h) */
};

/* The state of one request across libmicrohttpd's calls. */
typedef struct conn_state {
    struct MHD_PostProcessor *pp;
    const srv_route *route;        /* NULL: the login form */
    srv_file *files;
    size_t count, cap;
    srv_field *fields;
    size_t field_count, field_cap;
    size_t total, limit;           /* bytes taken, and the most the route takes */
    bool take_files;
    bool too_large, too_many, bad;
} conn_state;

void kaiji_server_options_init(kaiji_server_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->host = "127.0.0.1";
}

/* Fills hex (2n+1 bytes) with n random bytes as hexadecimal; false when the
 * system has no randomness to give. */
static bool random_hex(char *hex, size_t n)
{
    unsigned char raw[64];
    static const char digits[] = "0123456789abcdef";
    size_t got = 0;
    if (n > sizeof raw)
        return false;
    while (got < n) {
        ssize_t r = getrandom(raw + got, n - got, 0);
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * n] = '\0';
    return true;
}

/* Compares a secret without telling, by its time, how much of it matched. */
static bool secret_equal(const char *a, const char *b)
{
    size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
    unsigned char diff = la != lb || la == 0;
    for (size_t i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* ------------------------------------------------------------- sessions */

/* A new session, in *out (copied), working on site (0: looking over every
 * site) named site_name, group when it may choose: the oldest goes when all
 * are taken. */
static bool session_new(kaiji_server *srv, session *out, const char *user, kaiji_role role,
                        long long site, bool group, const char *site_name)
{
    session s;
    if (!random_hex(s.id, 32) || !random_hex(s.csrf, 32))
        return false;
    snprintf(s.user, sizeof s.user, "%s", user);
    s.role = role;
    s.site = site;
    s.group = group;
    snprintf(s.site_name, sizeof s.site_name, "%s", site_name ? site_name : "");
    s.last = time(NULL);
    pthread_mutex_lock(&srv->mu);
    if (srv->session_count == KAIJI_SERVER_MAX_SESSIONS) {
        size_t oldest = 0;
        for (size_t i = 1; i < srv->session_count; i++)
            if (srv->sessions[i].last < srv->sessions[oldest].last)
                oldest = i;
        srv->sessions[oldest] = srv->sessions[--srv->session_count];
    }
    srv->sessions[srv->session_count++] = s;
    pthread_mutex_unlock(&srv->mu);
    *out = s;
    return true;
}

/* The session of the request's cookie, copied into *out and kept alive;
 * false when there is none or it has expired. */
static bool session_find(kaiji_server *srv, struct MHD_Connection *c, session *out)
{
    const char *id = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "kaiji_session");
    bool found = false;
    time_t now = time(NULL);
    if (!id)
        return false;
    pthread_mutex_lock(&srv->mu);
    for (size_t i = 0; i < srv->session_count; i++) {
        session *s = &srv->sessions[i];
        if (now - s->last > KAIJI_SERVER_SESSION_IDLE) {
            *s = srv->sessions[--srv->session_count];
            i--;
            continue;
        }
        if (!found && secret_equal(s->id, id)) {
            s->last = now;
            *out = *s;
            found = true;
        }
    }
    pthread_mutex_unlock(&srv->mu);
    return found;
}

/* The session id works on site (named name) from now on. */
static void session_set_site(kaiji_server *srv, const char *id, long long site, const char *name)
{
    pthread_mutex_lock(&srv->mu);
    for (size_t i = 0; i < srv->session_count; i++)
        if (secret_equal(srv->sessions[i].id, id)) {
            srv->sessions[i].site = site;
            snprintf(srv->sessions[i].site_name, sizeof srv->sessions[i].site_name, "%s", name);
            break;
        }
    pthread_mutex_unlock(&srv->mu);
}

/* --------------------------------------------------------------- sites */

int srv_store_open_site(kaiji_store **out, const srv_request *req, long long site)
{
    int rc = kaiji_store_open(out, req->opts->db_path, NULL);
    if (rc == KAIJI_OK && site > 0 && (rc = kaiji_store_site_use_id(*out, site)) != KAIJI_OK) {
        kaiji_store_free(*out);
        *out = NULL;
    }
    return rc;
}

int srv_store_open(kaiji_store **out, const srv_request *req)
{
    return srv_store_open_site(out, req, req->site);
}

/* Where a group's administrator begins: the one site when the store holds
 * one (nobody notices sites: no chooser), else looking over them all (0).
 * *name: the site's name. */
static long long first_site(kaiji_store *st, char *name, size_t size)
{
    kaiji_site_list *l = NULL;
    long long site = 1;
    snprintf(name, size, "%s", "");
    if (kaiji_store_sites(&l, st) == KAIJI_OK && l->count == 1) {
        site = l->items[0].id;
        snprintf(name, size, "%s", l->items[0].name);
    } else if (l && l->count > 1) {
        site = 0;
    }
    kaiji_site_list_free(l);
    return site;
}

/* The site id as a group's administrator chooses it ("all": every site,
 * looked over): *site and its name, false when there is no such site. */
static bool site_by_id(kaiji_server *srv, const char *id, long long *site, char *name, size_t size)
{
    kaiji_store *st = NULL;
    kaiji_site_list *l = NULL;
    bool found = false;
    char *end = NULL;
    long long want = id && strcmp(id, "all") == 0 ? 0 : id ? strtoll(id, &end, 10) : -1;
    if (want < 0 || (end && (*end || end == id)))
        return false;
    if (kaiji_store_open(&st, srv->db_path, NULL) == KAIJI_OK && kaiji_store_sites(&l, st) == KAIJI_OK)
        for (size_t i = 0; i < l->count && !found; i++)
            if (want == 0 || l->items[i].id == want) {
                found = true;
                *site = want;
                snprintf(name, size, "%s", want ? l->items[i].name : "");
            }
    kaiji_site_list_free(l);
    kaiji_store_free(st);
    return found;
}

/* Whether the store holds more than one site now (a site added while a
 * group's administrator is signed in brings the chooser at the next page):
 * the count the store reads as it opens, no query of its own. */
static bool several_sites(kaiji_server *srv)
{
    kaiji_store *st = NULL;
    bool several = kaiji_store_open(&st, srv->db_path, NULL) == KAIJI_OK &&
                   kaiji_store_site_count(st) > 1;
    kaiji_store_free(st);
    return several;
}

/* Forgets the session id (signing out). */
static void session_drop(kaiji_server *srv, const char *id)
{
    pthread_mutex_lock(&srv->mu);
    for (size_t i = 0; i < srv->session_count; i++)
        if (secret_equal(srv->sessions[i].id, id)) {
            srv->sessions[i] = srv->sessions[--srv->session_count];
            break;
        }
    pthread_mutex_unlock(&srv->mu);
}

/* ------------------------------------------------------------- answers */

static void secure_headers(struct MHD_Response *r, bool report)
{
    MHD_add_response_header(r, "Content-Security-Policy", report ? CSP_REPORT : CSP_SITE);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result answer_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                    const void *data, size_t size, bool copy, bool report,
                                    const char *disposition)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        size, (void *)(uintptr_t)data, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    if (disposition)
        MHD_add_response_header(r, "Content-Disposition", disposition);
    secure_headers(r, report);
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static bool page_open(srv_page *page)
{
    memset(page, 0, sizeof *page);
    page->status = MHD_HTTP_OK;
    page->content_type = "text/html; charset=utf-8";
    page->fp = open_memstream(&page->body, &page->size);
    return page->fp != NULL;
}

static void page_free(srv_page *page)
{
    if (page->fp)
        fclose(page->fp);
    free(page->body);
    free(page->extra);
}

/* Answers with the page written by fn, or 500 when it failed. */
static enum MHD_Result answer_page(struct MHD_Connection *c, srv_page *page, int rc)
{
    enum MHD_Result ret;
    if (rc != 0) {
        fclose(page->fp);
        free(page->body);
        page->body = NULL;
        if (!(page->fp = open_memstream(&page->body, &page->size)))
            return MHD_NO;
        page->report = false;
        page->content_type = "text/html; charset=utf-8";
        page->disposition = NULL;
        srv_page_message(page, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                         _("The store could not be read. Try again; if it persists, run kaiji "
                           "status on this computer to see the reason."));
    }
    fclose(page->fp);
    page->fp = NULL;
    ret = answer_bytes(c, page->status, page->content_type, page->body, page->size, true,
                       page->report, page->disposition);
    page_free(page);
    return ret;
}

static enum MHD_Result answer_message(struct MHD_Connection *c, unsigned status,
                                      const char *title, const char *text)
{
    srv_page page;
    if (!page_open(&page))
        return MHD_NO;
    srv_page_message(&page, status, title, text);
    return answer_page(c, &page, 0);
}

static enum MHD_Result answer_redirect(struct MHD_Connection *c, const char *to,
                                       const char *cookie)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Location", to);
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    secure_headers(r, false);
    ret = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---------------------------------------------------------------- forms */

/* Appends a chunk of a plain field (a new one unless it continues the last). */
static void take_field(conn_state *st, const char *key, const char *data, uint64_t off,
                       size_t size)
{
    srv_field *f;
    if (off == 0 || st->field_count == 0 ||
        strcmp(st->fields[st->field_count - 1].name, key) != 0) {
        if (st->field_count == SRV_FIELDS_MAX) {
            st->too_many = true;
            return;
        }
        if (!KAIJI_GROW(st->fields, st->field_count, st->field_cap) ||
            !(st->fields[st->field_count].name = strdup(key))) {
            st->bad = true;
            return;
        }
        kaiji_buf_init(&st->fields[st->field_count].value);
        /* an empty value is still a value: "" rather than NULL */
        if (!kaiji_buf_append(&st->fields[st->field_count].value, "", 0)) {
            free(st->fields[st->field_count].name);
            st->bad = true;
            return;
        }
        st->field_count++;
    }
    f = &st->fields[st->field_count - 1];
    if (size > SRV_FIELD_MAX - f->value.len) {
        st->too_large = true;
        return;
    }
    if (!kaiji_buf_append(&f->value, data, size))
        st->bad = true;
}

/* Appends a chunk of an uploaded file (a new one unless it continues the last). */
static void take_file(conn_state *st, const char *key, const char *filename, const char *data,
                      uint64_t off, size_t size)
{
    if (off == 0 || st->count == 0 || strcmp(st->files[st->count - 1].name, filename) != 0) {
        if (st->count == KAIJI_SERVER_MAX_FILES) {
            st->too_many = true;
            return;
        }
        if (!KAIJI_GROW(st->files, st->count, st->cap)) {
            st->bad = true;
            return;
        }
        srv_file *f = &st->files[st->count];
        kaiji_buf_init(&f->body);
        f->name = strdup(filename);
        f->field = strdup(key);
        if (!f->name || !f->field) {
            free(f->name);
            free(f->field);
            st->bad = true;
            return;
        }
        st->count++;
    }
    if (size && !kaiji_buf_append(&st->files[st->count - 1].body, data, size))
        st->bad = true;
}

/* libmicrohttpd's post processor hands every chunk of a form here: plain
 * fields and files are kept, in memory, within the route's bounds. */
static enum MHD_Result post_iterator(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data,
                                     uint64_t off, size_t size)
{
    conn_state *st = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (!key || st->too_large || st->too_many || st->bad)
        return MHD_YES;
    if (size > st->limit - st->total) {
        /* refused: what was taken goes back at once, the rest is read and dropped */
        st->too_large = true;
        for (size_t i = 0; i < st->count; i++)
            kaiji_buf_free(&st->files[i].body);
        return MHD_YES;
    }
    st->total += size;
    if (!filename)
        take_field(st, key, data, off, size);
    else if (st->take_files && filename[0])
        take_file(st, key, filename, data, off, size);
    return MHD_YES; /* a file where none is taken: dropped */
}

const char *srv_arg(const srv_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *srv_field_get(const srv_request *req, const char *name)
{
    for (size_t i = 0; i < req->field_count; i++)
        if (strcmp(req->fields[i].name, name) == 0)
            return req->fields[i].value.data;
    return NULL;
}

static void conn_state_free(conn_state *st)
{
    if (!st)
        return;
    if (st->pp)
        MHD_destroy_post_processor(st->pp);
    for (size_t i = 0; i < st->count; i++) {
        free(st->files[i].name);
        free(st->files[i].field);
        kaiji_buf_free(&st->files[i].body);
    }
    for (size_t i = 0; i < st->field_count; i++) {
        /* a password among them is wiped before its memory goes back */
        if (st->fields[i].value.data)
            kaiji_auth_wipe(st->fields[i].value.data, st->fields[i].value.len);
        free(st->fields[i].name);
        kaiji_buf_free(&st->fields[i].value);
    }
    free(st->fields);
    free(st->files);
    free(st);
}

static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_state_free(*con_cls);
    *con_cls = NULL;
}

/* -------------------------------------------------------------- routes */

static enum MHD_Result static_file(struct MHD_Connection *c, const char *url)
{
    static const struct {
        const char *url, *path, *type;
    } files[] = {
        {"/static/report.css", "formats/report/report.css", "text/css; charset=utf-8"},
        {"/static/serve.css", "formats/serve/serve.css", "text/css; charset=utf-8"},
        {"/static/upload.js", "formats/serve/upload.js", "text/javascript; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (strcmp(url, files[i].url) != 0)
            continue;
        const kaiji_embedded_file *f = kaiji_embedded_find(files[i].path);
        if (f)
            return answer_bytes(c, MHD_HTTP_OK, files[i].type, f->data, f->size, false, false,
                                NULL);
    }
    return answer_message(c, MHD_HTTP_NOT_FOUND, _("Not found"),
                          _("There is no such page. Go back to the dashboard."));
}

/* The first visit: the token of the printed URL becomes a session cookie. */
static enum MHD_Result enter(kaiji_server *srv, struct MHD_Connection *c, const char *token)
{
    session s;
    char cookie[160];
    if (!secret_equal(token, srv->token))
        return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                              _("This link is not valid. Open the URL that kaiji serve printed "
                                "when it started."));
    /* The person at this computer: the group's administrator, unless the
     * server works on one site. */
    long long site = srv->fixed_site;
    char name[256] = "";
    if (!site) {
        kaiji_store *st = NULL;
        if (kaiji_store_open(&st, srv->db_path, NULL) == KAIJI_OK)
            site = first_site(st, name, sizeof name);
        kaiji_store_free(st);
    } else {
        snprintf(name, sizeof name, "%s", srv->site);
    }
    if (!session_new(srv, &s, "local", KAIJI_ROLE_ADMIN, site, !srv->fixed_site, name))
        return MHD_NO;
    snprintf(cookie, sizeof cookie, "kaiji_session=%s; Path=/; HttpOnly; SameSite=Strict", s.id);
    return answer_redirect(c, "/", cookie);
}

/* The client's address, for the audit log. */
static void client_address(struct MHD_Connection *c, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(buf, size, "?");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  buf, (socklen_t)size);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, buf,
                  (socklen_t)size);
}

static enum MHD_Result answer_login(struct MHD_Connection *c, unsigned status, const char *why)
{
    srv_page page;
    if (!page_open(&page))
        return MHD_NO;
    srv_page_login(&page, why);
    page.status = status;
    return answer_page(c, &page, 0);
}

/* The login form sent: the account's password checked (the same work for an
 * unknown name), the outcome counted and written in the audit log. */
static enum MHD_Result login(kaiji_server *srv, struct MHD_Connection *c, const srv_request *req)
{
    const char *name = srv_field_get(req, "user"), *password = srv_field_get(req, "password");
    kaiji_store *store = NULL;
    kaiji_user *u = NULL;
    long long now = (long long)time(NULL);
    bool ok = false, locked = false;
    char from[64], cookie[200];
    session s;
    enum MHD_Result ret;
    client_address(c, from, sizeof from);
    if (kaiji_store_open(&store, srv->db_path, NULL) != KAIJI_OK ||
        kaiji_store_user_get(&u, store, name ? name : "") != KAIJI_OK) {
        kaiji_store_free(store);
        return answer_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, _("Something went wrong"),
                              _("The store could not be read. Try again; if it persists, run "
                                "kaiji status on this computer to see the reason."));
    }
    /* A group's administrator is an admin of no site (the default one);
     * a server of one site (--site) lets in its accounts and the group's. */
    bool group = u && u->site == 1 && u->role == KAIJI_ROLE_ADMIN;
    bool elsewhere = u && srv->fixed_site && u->site != srv->fixed_site && !group;
    if (u && u->locked_until > now)
        locked = true;
    else
        ok = kaiji_auth_verify(u ? u->password_hash : srv->dummy_hash, password ? password : "") && u &&
             !elsewhere;
    /* the attempt is the account's site's: its count, its audit line */
    if (u && kaiji_store_site_use_id(store, u->site) != KAIJI_OK)
        ok = false;
    if (!locked && u)
        kaiji_store_user_login(store, u->name, ok, now, KAIJI_SERVER_LOGIN_FAILURES,
                               KAIJI_SERVER_LOCK_SECONDS);
    kaiji_store_audit(store, name ? name : "", ok ? "login" : "login-failed", from,
                      locked ? "locked" : elsewhere ? "another site's account"
                                        : u ? "" : "unknown account");
    long long site = 0;
    char site_name[256] = "";
    if (ok && srv->fixed_site) {
        site = srv->fixed_site;
        snprintf(site_name, sizeof site_name, "%s", srv->site);
    } else if (ok && group) {
        site = first_site(store, site_name, sizeof site_name);
    } else if (ok) {
        site = u->site;
        snprintf(site_name, sizeof site_name, "%s", u->site_name);
    }
    kaiji_store_free(store);
    if (!ok) {
        kaiji_user_free(u);
        return answer_login(c, MHD_HTTP_FORBIDDEN,
                            locked ? _("After repeated failures this account is locked for 15 "
                                       "minutes. Try again later, or ask an administrator.")
                                   : _("The name or the password is wrong."));
    }
    if (!session_new(srv, &s, u->name, u->role, site, group && !srv->fixed_site, site_name)) {
        kaiji_user_free(u);
        return MHD_NO;
    }
    kaiji_user_free(u);
    snprintf(cookie, sizeof cookie, "kaiji_session=%s; Path=/; HttpOnly; SameSite=Strict%s", s.id,
             srv->tls ? "; Secure" : "");
    ret = answer_redirect(c, "/", cookie);
    return ret;
}

/* A form sent from another site is refused: its Origin, when the browser
 * gives one, must be this server. */
static bool same_origin(kaiji_server *srv, struct MHD_Connection *c)
{
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    char want[300];
    if (!origin)
        return true;
    if (!host)
        return false;
    snprintf(want, sizeof want, "%s://%s", srv->tls ? "https" : "http", host);
    return strcmp(origin, want) == 0;
}

/* The route for url and the method, or NULL; *rest is the part of the path
 * after a prefix route's '/' ("/" itself is exact). */
static const srv_route *find_route(const char *url, bool post, const char **rest)
{
    for (const srv_route *r = srv_routes; r->path; r++) {
        size_t n = strlen(r->path);
        if (r->post != post)
            continue;
        if (n > 1 && r->path[n - 1] == '/' ? strncmp(url, r->path, n) == 0 && url[n]
                                  : strcmp(url, r->path) == 0) {
            *rest = url + n;
            return r;
        }
    }
    return NULL;
}

/* The first call of a POST: the form's state, within the route's bounds
 * (route NULL: the login form). */
static enum MHD_Result post_begin(struct MHD_Connection *c, const srv_route *r, void **con_cls)
{
    conn_state *st = calloc(1, sizeof *st);
    if (!st)
        return MHD_NO;
    st->route = r;
    st->take_files = r && r->files;
    st->limit = !r ? 4096 : r->files ? KAIJI_SERVER_MAX_UPLOAD : SRV_FORM_MAX;
    if (!(st->pp = MHD_create_post_processor(c, 64 * 1024, post_iterator, st))) {
        free(st);
        return answer_message(c, MHD_HTTP_BAD_REQUEST, _("Bad request"),
                              _("The form must be sent from its page."));
    }
    *con_cls = st;
    return MHD_YES;
}

/* The last call of a POST: refused when it went over its bounds; else the
 * form's fields and files into req. */
static bool post_end(struct MHD_Connection *c, conn_state *st, srv_request *req,
                     enum MHD_Result *ret)
{
    if (st->too_large) {
        *ret = answer_message(c, MHD_HTTP_CONTENT_TOO_LARGE, _("Too large"),
                              st->take_files ? _("The files sent at once are over 256 MiB. Send "
                                                 "them in smaller groups.")
                                             : _("The form sent is too large."));
        return false;
    }
    if (st->too_many) {
        *ret = answer_message(c, MHD_HTTP_CONTENT_TOO_LARGE, _("Too many files"),
                              _("Send at most 500 files at once."));
        return false;
    }
    if (st->bad) {
        *ret = MHD_NO;
        return false;
    }
    req->files = st->files;
    req->file_count = st->count;
    req->fields = st->fields;
    req->field_count = st->field_count;
    return true;
}

static enum MHD_Result route(kaiji_server *srv, struct MHD_Connection *c, kaiji_lang lang,
                             const char *url, const char *method, const char *upload_data,
                             size_t *upload_data_size, void **con_cls)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    conn_state *st = *con_cls;
    const srv_route *r = NULL;
    const char *rest = NULL;
    char from[64];
    session s;
    srv_request req = {.opts = &srv->opts, .conn = c, .client = from, .watch = srv->watch,
                       .lang = lang};
    srv_page page;
    enum MHD_Result ret;

    if (!get && !post)
        return answer_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, _("Not allowed"),
                              _("This page cannot be used that way."));
    if (get && strncmp(url, "/static/", 8) == 0)
        return static_file(c, url);
    if (post && !st && !same_origin(srv, c))
        return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                              _("The form was sent from another site."));
    client_address(c, from, sizeof from);
    if (!srv->team && get && strcmp(url, "/") == 0) {
        const char *token = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
        if (token)
            return enter(srv, c, token);
    }
    if (srv->team && strcmp(url, "/login") == 0) {
        if (get)
            return answer_login(c, MHD_HTTP_OK, NULL);
        if (!st)
            return post_begin(c, NULL, con_cls);
        if (*upload_data_size != 0) {
            MHD_post_process(st->pp, upload_data, *upload_data_size);
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (!post_end(c, st, &req, &ret))
            return ret;
        return login(srv, c, &req);
    }
    r = find_route(url, post, &rest);
    if (!r || !r->anonymous) {
        if (!session_find(srv, c, &s)) {
            if (srv->team && get)
                return answer_redirect(c, "/login", NULL);
            return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                                  srv->team ? _("Sign in first.")
                                            : _("Open the URL that kaiji serve printed when it "
                                                "started (it holds a one-time key); after that "
                                                "this browser stays signed in."));
        }
        req.csrf = s.csrf;
        req.user = s.user;
        req.role = s.role;
        req.team = srv->team;
        req.site = s.site;
        req.site_name = s.site_name;
        /* A POST's body passes through here a piece at a time: the store is
         * asked only by the calls that begin or answer, not for each piece. */
        bool piece = post && st && *upload_data_size != 0;
        req.group = s.group && !piece && several_sites(srv);
    } else {
        req.site = srv->fixed_site; /* a vendor link's: any site, unless --site */
        req.site_name = srv->site ? srv->site : "";
    }
    if (get && strcmp(url, "/site") == 0) {
        /* a group's administrator chooses the site (or all of them) */
        long long site = 0;
        char name[256];
        if (!req.group)
            return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                                  _("This account works on its own hospital only."));
        if (!MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "id")) {
            if (!page_open(&page))
                return MHD_NO;
            return answer_page(c, &page, srv_page_choose_site(&page, &req));
        }
        if (!site_by_id(srv, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "id"), &site,
                        name, sizeof name))
            return answer_message(c, MHD_HTTP_NOT_FOUND, _("Not found"),
                                  _("There is no such hospital in the store."));
        session_set_site(srv, s.id, site, name);
        /* &state=NAME (the overview's counts): the site's dashboard so filtered */
        const char *state = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "state");
        char to[64] = "/";
        for (int k = 0; state && site > 0 && k < KAIJI_CONTRACT__COUNT; k++)
            if (strcmp(state, kaiji_contract_state_name((kaiji_contract_state)k)) == 0)
                snprintf(to, sizeof to, "/?state=%s", state);
        return answer_redirect(c, to, NULL);
    }
    if (post && !st && (!r || !r->anonymous)) {
        const char *csrf = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "csrf");
        if (!secret_equal(csrf, s.csrf))
            return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                                  _("The form has expired. Open the page again and send it from "
                                    "there."));
    }
    if (post && strcmp(url, "/logout") == 0) {
        session_drop(srv, s.id);
        kaiji_store *store = NULL;
        if (srv_store_open(&store, &req) == KAIJI_OK)
            kaiji_store_audit(store, s.user, "logout", from, "");
        kaiji_store_free(store);
        return answer_redirect(c, srv->team ? "/login" : "/",
                               "kaiji_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
    if (!r)
        return answer_message(c, MHD_HTTP_NOT_FOUND, _("Not found"),
                              _("There is no such page. Go back to the dashboard."));
    if (!r->anonymous && (int)s.role > (int)r->least)
        return answer_message(c, MHD_HTTP_FORBIDDEN, _("Access denied"),
                              r->refused ? _(r->refused)
                                         : _("This account may not use this page."));
    req.query_id = rest && *rest ? rest : NULL;
    if (!r->anonymous && req.site == 0 && r->run != srv_page_dashboard) {
        /* looking over every site: a page of one site needs its site */
        if (!page_open(&page))
            return MHD_NO;
        req.query_id = url;
        return answer_page(c, &page, srv_page_choose_site(&page, &req));
    }
    if (post && !st && r->anonymous) { /* its credential checked before its body is read */
        if (!page_open(&page))
            return MHD_NO;
        if (!srv_anonymous_admit(&page, &req))
            return answer_page(c, &page, 0);
        page_free(&page);
    }
    if (post) {
        if (!st)
            return post_begin(c, r, con_cls);
        if (*upload_data_size != 0) {
            MHD_post_process(st->pp, upload_data, *upload_data_size);
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (!post_end(c, st, &req, &ret))
            return ret;
    }
    if (!page_open(&page))
        return MHD_NO;
    return answer_page(c, &page, r->run(&page, &req));
}

/* Whether the Accept-Language header accept ranks a language other than
 * Japanese above Japanese (q-values honoured; "*" and q=0 rank nothing; a
 * tie is Japanese): such a browser reads English, the pages' other language
 * (the foreign makers, English-speaking staff). */
static bool prefers_english(const char *accept)
{
    int ja = 0, other = 0;
    for (const char *p = accept; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        int q = 1000;
        const char *semi = memchr(p, ';', len);
        size_t tag = semi ? (size_t)(semi - p) : len;
        while (tag && (p[tag - 1] == ' ' || p[tag - 1] == '\t'))
            tag--;
        if (semi) {
            const char *qs = strstr(semi, "q=");
            if (qs && qs < p + len) {
                double v = strtod(qs + 2, NULL);
                q = v <= 0 ? 0 : v >= 1 ? 1000 : (int)(v * 1000 + 0.5);
            }
        }
        bool is_ja = tag >= 2 && strncasecmp(p, "ja", 2) == 0 && (tag == 2 || p[2] == '-');
        if (tag && !(tag == 1 && p[0] == '*')) {
            if (is_ja && q > ja)
                ja = q;
            else if (!is_ja && q > other)
                other = q;
        }
        p = end ? end + 1 : NULL;
    }
    return other > ja;
}

/* The language a request's pages are written in: English when its browser
 * prefers another language to Japanese, else Japanese. */
static kaiji_lang page_lang(struct MHD_Connection *c)
{
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
    return accept && prefers_english(accept) ? KAIJI_LANG_EN : KAIJI_LANG_JA;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    kaiji_server *srv = cls;
    kaiji_lang lang = page_lang(c);
    (void)version;
    /* The pages' words and dates follow the thread's language, for this
     * request only (platform/platform.h: uselocale, or on Windows the
     * thread's choice of catalog). */
    kaiji_lang_saved was = kaiji_lang_begin(srv->langs, lang);
    enum MHD_Result ret = route(srv, c, lang, url, method, upload_data, upload_data_size, con_cls);
    kaiji_lang_end(was);
    return ret;
}

/* ------------------------------------------------------------ lifetime */

static bool loopback(const char *host, struct sockaddr_storage *sa, socklen_t *len, bool *v6)
{
    struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
    memset(sa, 0, sizeof *sa);
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        *len = sizeof *a4;
        *v6 = false;
        return (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        *len = sizeof *a6;
        *v6 = true;
        return IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
    }
    return false;
}

static void set_err(char **err, const char *msg)
{
    if (err)
        *err = strdup(msg);
}

/* The watched folder's thread, started with the server (server/watch.h). */
static int watch_start(kaiji_server *srv, char **err)
{
    kaiji_watch_options wo;
    int rc;
    kaiji_watch_options_init(&wo);
    wo.dir = srv->opts.watch_dir;
    wo.db_path = srv->db_path;
    wo.site = srv->site;
    wo.catalogs = srv->opts.catalogs;
    wo.target_guideline = srv->target;
    wo.as_of = srv->opts.as_of;
    wo.interval_ms = srv->opts.watch_interval_ms;
    wo.log = srv->opts.watch_log;
    if ((rc = kaiji_watch_new(&srv->watch, &wo)) == KAIJI_OK &&
        (rc = kaiji_watch_start(srv->watch)) != KAIJI_OK)
        set_err(err, _("cannot start watching the folder"));
    srv->opts.watch_dir = NULL; /* the watcher holds its own copy */
    return rc;
}

int kaiji_server_start(kaiji_server **out, const kaiji_server_options *opts, char **err)
{
    kaiji_server *srv = NULL;
    struct sockaddr_storage sa;
    socklen_t salen;
    bool v6 = false;
    const char *host = opts->host ? opts->host : "127.0.0.1";
    int rc = KAIJI_ERROR_INVALID;
    *out = NULL;
    if (err)
        *err = NULL;
    if (!opts->db_path || !opts->catalogs)
        return KAIJI_ERROR_INVALID;
    if (!(srv = calloc(1, sizeof *srv)))
        return KAIJI_ERROR_NOMEM;
    bool beyond = !loopback(host, &sa, &salen, &v6); /* other computers may connect */
    srv->team = beyond || opts->accounts;
    if (!sa.ss_family) {
        set_err(err, _("the address to listen on is not an IP address (for example 0.0.0.0, "
                       "192.168.1.10 or ::)"));
        goto error;
    }
    const char *why = NULL;
    if (!kaiji_mhd_load(&why) || !kaiji_auth_init(&why)) {
        set_err(err, why);
        goto error;
    }
    /* Passwords and pages never cross the network in clear text: a build
     * whose libmicrohttpd has no HTTPS (the Windows build's) serves this
     * computer only. */
    if (beyond && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        set_err(err, _("this build of kaiji has no HTTPS, so it serves this computer only "
                       "(passwords and pages would cross the network unencrypted): start it "
                       "without --listen, or on 127.0.0.1"));
        goto error;
    }
    if (opts->site) {
        kaiji_store *store = NULL;
        rc = kaiji_store_open(&store, opts->db_path, NULL);
        if (rc == KAIJI_OK && (rc = kaiji_store_site_use(store, opts->site)) == KAIJI_OK)
            srv->fixed_site = kaiji_store_site(store);
        else
            set_err(err, store ? kaiji_store_errmsg(store) : _("cannot open the store"));
        kaiji_store_free(store);
        if (rc != KAIJI_OK)
            goto error;
    }
    /* A watched folder records into one site: in a group's store (the
     * group's connection, several sites) it must be named. */
    if (opts->watch_dir && !opts->site) {
        kaiji_store *store = NULL;
        rc = kaiji_store_open(&store, opts->db_path, NULL);
        if (rc != KAIJI_OK)
            set_err(err, store ? kaiji_store_errmsg(store) : _("cannot open the store"));
        else if (kaiji_store_site_count(store) > 1 && kaiji_store_site(store) == 1) {
            set_err(err, _("the store holds several hospitals, and --watch records into one: "
                           "name it with --site"));
            rc = KAIJI_ERROR_INVALID;
        }
        kaiji_store_free(store);
        if (rc != KAIJI_OK)
            goto error;
    }
    if (srv->team) {
        kaiji_store *store = NULL;
        size_t all = 0, admins = 0;
        rc = kaiji_store_open(&store, opts->db_path, NULL);
        if (rc == KAIJI_OK)
            rc = kaiji_store_user_count(&all, &admins, store);
        kaiji_store_free(store);
        if (rc != KAIJI_OK) {
            set_err(err, _("cannot read the accounts in the store"));
            goto error;
        }
        rc = KAIJI_ERROR_INVALID;
        if (admins == 0) {
            set_err(err, _("a server for several people needs an administrator's account "
                           "first: kaiji user add NAME --role admin"));
            goto error;
        }
        char pw[TOKEN_HEX + 1];
        rc = KAIJI_ERROR_NOMEM;
        if (!random_hex(pw, 32) || !kaiji_auth_hash(srv->dummy_hash, pw))
            goto error;
    }
    if (!opts->tls_cert_pem != !opts->tls_key_pem) {
        set_err(err, _("HTTPS needs both the certificate and its key"));
        rc = KAIJI_ERROR_INVALID;
        goto error;
    }
    srv->tls = opts->tls_cert_pem != NULL;
    if (srv->tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        set_err(err, _("this build of kaiji has no HTTPS (the Windows build serves this "
                       "computer only): start it without --tls-cert and --tls-key"));
        rc = KAIJI_ERROR_INVALID;
        goto error;
    }
    /* Japanese by default, English where the browser prefers it */
    rc = KAIJI_ERROR_NOMEM;
    if (!kaiji_langs_new(&srv->langs, KAIJI_TEXTDOMAIN))
        goto error;
    pthread_mutex_init(&srv->mu, NULL);
    srv->opts = *opts;
    rc = KAIJI_ERROR_NOMEM;
    if (!(srv->db_path = strdup(opts->db_path)) || !(srv->host = strdup(host)) ||
        (opts->target_guideline && !(srv->target = strdup(opts->target_guideline))) ||
        (srv->tls && (!(srv->cert = strdup(opts->tls_cert_pem)) ||
                      !(srv->key = strdup(opts->tls_key_pem)))) ||
        (opts->public_url && !(srv->public_url = strdup(opts->public_url))) ||
        (opts->site && !(srv->site = strdup(opts->site))))
        goto error;
    srv->opts.site = srv->site;
    srv->opts.public_url = srv->public_url; /* NULL: the Host a page was asked by */
    srv->opts.tls_cert_pem = srv->cert;
    srv->opts.tls_key_pem = srv->key;
    srv->opts.db_path = srv->db_path;
    srv->opts.host = srv->host;
    srv->opts.target_guideline = srv->target;
    rc = KAIJI_ERROR_IO;
    if (!random_hex(srv->token, 32)) {
        set_err(err, _("the system gave no random numbers for the access key"));
        goto error;
    }
    if (v6)
        ((struct sockaddr_in6 *)&sa)->sin6_port = htons(opts->port);
    else
        ((struct sockaddr_in *)&sa)->sin_port = htons(opts->port);
    /* The certificate and key only with HTTPS: a libmicrohttpd built
     * without it (the Windows build's) refuses the options themselves. */
    struct MHD_OptionItem tls_opts[] = {
        {srv->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, srv->key},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, srv->cert},
        {MHD_OPTION_END, 0, NULL},
    };
    srv->daemon = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0) | (srv->tls ? MHD_USE_TLS : 0),
        opts->port, NULL, NULL, handle, srv, MHD_OPTION_ARRAY, tls_opts,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)(opts->threads ? opts->threads : 4), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)PER_IP_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)(opts->connection_timeout ? opts->connection_timeout
                                                : KAIJI_SERVER_TIMEOUT), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONNECTION_MEMORY, MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
        MHD_OPTION_END);
    if (!srv->daemon) {
        set_err(err, _("cannot listen on that address and port (is another program using it?)"));
        goto error;
    }
    if (opts->watch_dir && (rc = watch_start(srv, err)) != KAIJI_OK)
        goto error;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : opts->port;
    if (srv->team)
        snprintf(srv->url, sizeof srv->url, v6 ? "%s://[%s]:%u/login" : "%s://%s:%u/login",
                 srv->tls ? "https" : "http", srv->host, (unsigned)srv->port);
    else
        snprintf(srv->url, sizeof srv->url,
                 v6 ? "%s://[%s]:%u/?token=%s" : "%s://%s:%u/?token=%s",
                 srv->tls ? "https" : "http", srv->host, (unsigned)srv->port, srv->token);
    *out = srv;
    return KAIJI_OK;
error:
    kaiji_server_free(srv);
    return rc;
}

uint16_t kaiji_server_port(const kaiji_server *srv)
{
    return srv->port;
}

const char *kaiji_server_url(const kaiji_server *srv)
{
    return srv->url;
}

void kaiji_server_free(kaiji_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    kaiji_watch_free(srv->watch);
    pthread_mutex_destroy(&srv->mu);
    kaiji_langs_free(srv->langs);
    free(srv->db_path);
    free(srv->host);
    free(srv->target);
    free(srv->cert);
    free(srv->public_url);
    free(srv->site);
    if (srv->key)
        kaiji_auth_wipe(srv->key, strlen(srv->key));
    free(srv->key);
    free(srv);
}
