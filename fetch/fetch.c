/*
 * fetch/fetch.c - one conditional GET with libcurl, capped and restricted to
 * https (and http when allowed), turned into a result a clerk can read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "fetch/fetch.h"
#include "mail/curl.h"
#include "model/i18n.h"

/* Longest validator kept or sent; longer ones are ignored. */
#define VALIDATOR_MAX 512

/* What the write callback fills. */
typedef struct sink {
    const kaiji_curl *cu;
    CURL *curl;
    kaiji_buf body;
    uint64_t received; /* every body byte, kept or not */
    uint64_t max;
    bool too_large;
    bool nomem;
} sink;

void kaiji_fetch_options_init(kaiji_fetch_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->connect_timeout = KAIJI_FETCH_DEFAULT_CONNECT_TIMEOUT;
    opts->timeout = KAIJI_FETCH_DEFAULT_TIMEOUT;
    opts->max_size = KAIJI_FETCH_DEFAULT_MAX_SIZE;
    opts->max_redirects = KAIJI_FETCH_DEFAULT_MAX_REDIRECTS;
}

void kaiji_fetch_result_free(kaiji_fetch_result *r)
{
    if (!r)
        return;
    free(r->data);
    free(r->file_name);
    free(r->etag);
    free(r->last_modified);
    free(r->message);
    memset(r, 0, sizeof *r);
}

/* Sets r to FAILED with a formatted message; false when memory ran out. */
static bool fail(kaiji_fetch_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool fail(kaiji_fetch_result *r, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->outcome = KAIJI_FETCH_FAILED;
    free(r->message);
    r->message = strdup(buf);
    return r->message != NULL;
}

/* true when v is a validator worth keeping or sending: printable ASCII,
 * 1..VALIDATOR_MAX bytes (so nothing can smuggle a header line). */
static bool validator_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0 || n > VALIDATOR_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
            return false;
    return true;
}

/* Body bytes: counted against the cap whatever the status; kept only for a
 * 200/203 answer.  Returning less than n stops the transfer. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    sink *s = user;
    size_t n = size * nmemb;
    if (n > s->max || s->received > s->max - n) {
        s->too_large = true;
        return 0;
    }
    s->received += n;
    long code = 0;
    s->cu->easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code != 200 && code != 203)
        return n;
    if (!kaiji_buf_append(&s->body, data, n)) {
        s->nomem = true;
        return 0;
    }
    return n;
}

/* A copy of the last response's header name when it is a fit validator,
 * in *out (NULL when absent or unfit).  false when memory ran out. */
static bool take_validator(const kaiji_curl *cu, CURL *curl, const char *name, char **out)
{
    struct curl_header *h = NULL;
    *out = NULL;
    if (cu->easy_header(curl, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK ||
        !validator_ok(h->value))
        return true;
    *out = strdup(h->value);
    return *out != NULL;
}

/* The scheme of url, lower case, in buf; false when url cannot be parsed. */
static bool url_scheme(const kaiji_curl *cu, const char *url, char *buf, size_t len)
{
    CURLU *u = cu->url();
    char *scheme = NULL;
    bool ok = false;
    if (!u)
        return false;
    if (cu->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        cu->url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        strlen(scheme) < len) {
        for (size_t i = 0; scheme[i]; i++)
            buf[i] = (char)((scheme[i] >= 'A' && scheme[i] <= 'Z') ? scheme[i] + 32 : scheme[i]);
        buf[strlen(scheme)] = '\0';
        ok = true;
    }
    cu->free(scheme);
    cu->url_cleanup(u);
    return ok;
}

/* Which server a URL names: its scheme, host and port. */
typedef struct origin {
    char scheme[16];
    char host[256]; /* without the brackets of an IPv6 address */
    long port;      /* the scheme's default when the URL gives none */
} origin;

/* Copies host into buf (len bytes) without enclosing brackets; false when
 * it does not fit or is empty. */
static bool bare_host(char *buf, size_t len, const char *host, size_t n)
{
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host++;
        n -= 2;
    }
    if (n == 0 || n >= len)
        return false;
    memcpy(buf, host, n);
    buf[n] = '\0';
    return true;
}

/* The default port of scheme ("https" or "http"). */
static long default_port(const char *scheme)
{
    return strcmp(scheme, "http") == 0 ? 80 : 443;
}

/* Fills o from url; false when url has no scheme, host or port to read. */
static bool url_origin(const kaiji_curl *cu, const char *url, origin *o)
{
    CURLU *u = cu->url();
    char *host = NULL, *port = NULL;
    bool ok = false;
    if (!u)
        return false;
    if (url_scheme(cu, url, o->scheme, sizeof o->scheme) &&
        cu->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        cu->url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        bare_host(o->host, sizeof o->host, host, strlen(host))) {
        o->port = default_port(o->scheme);
        if (cu->url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
            o->port = strtol(port, NULL, 10);
        ok = o->port > 0;
    }
    cu->free(host);
    cu->free(port);
    cu->url_cleanup(u);
    return ok;
}

/* true when an entry of the allowed list ("HOST", "HOST:PORT", "[V6]:PORT")
 * names the server of t. */
static bool host_allowed(const char *entry, const origin *t)
{
    char host[256];
    const char *colon;
    long port = default_port(t->scheme);
    size_t n = strlen(entry);
    if (entry[0] == '[') {
        const char *close = strchr(entry, ']');
        if (!close)
            return false;
        colon = close[1] == ':' ? close + 1 : NULL;
        if (close[1] && !colon)
            return false;
        n = (size_t)(close - entry) + 1;
    } else {
        colon = strchr(entry, ':');
        if (colon && strchr(colon + 1, ':'))
            colon = NULL; /* an IPv6 address without brackets or port */
        if (colon)
            n = (size_t)(colon - entry);
    }
    if (colon) {
        char *end = NULL;
        port = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || port <= 0 || port > 65535)
            return false;
    }
    return bare_host(host, sizeof host, entry, n) && strcasecmp(host, t->host) == 0 &&
           port == t->port;
}

/* true when a redirect from the URL of first may lead to t. */
static bool redirect_allowed(const origin *first, const origin *t, const kaiji_fetch_options *o)
{
    if (strcasecmp(first->host, t->host) == 0 && first->port == t->port)
        return true;
    for (const char *const *h = o->redirect_hosts; h && *h; h++)
        if (host_allowed(*h, t))
            return true;
    return false;
}

/* The words for an HTTP error status. */
static const char *status_words(long code)
{
    switch (code) {
    case 400: return _("bad request");
    case 401: return _("a login is required");
    case 403: return _("access denied");
    case 404: return _("not found");
    case 410: return _("gone");
    case 429: return _("too many requests");
    default: break;
    }
    return code >= 500 ? _("server error") : _("refused");
}

/* The scheme named in curl's "Protocol \"x\" not supported" message, when
 * it is a plain word, in buf; else "another". */
static void refused_scheme(const char *errbuf, char *buf, size_t len)
{
    const char *p = strstr(errbuf, "Protocol \"");
    size_t n = 0;
    snprintf(buf, len, "%s", _("another"));
    if (!p)
        return;
    p += strlen("Protocol \"");
    while (n + 1 < len && p[n] && p[n] != '"' &&
           ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
            (p[n] >= '0' && p[n] <= '9')))
        n++;
    if (n > 0 && p[n] == '"') {
        memcpy(buf, p, n);
        buf[n] = '\0';
    }
}

/* Puts into r the clerk's words for a transfer that ended with rc. */
static bool explain_curl_error(kaiji_fetch_result *r, CURLcode rc, const sink *s,
                               const kaiji_fetch_options *o, const char *errbuf)
{
    const kaiji_curl *cu = s->cu;
    char scheme[16];
    switch (rc) {
    case CURLE_FILESIZE_EXCEEDED:
        return fail(r, _("too large: the file is over the limit of %llu bytes"),
                    (unsigned long long)o->max_size);
    case CURLE_WRITE_ERROR:
        if (s->too_large)
            return fail(r, _("too large: the file is over the limit of %llu bytes"),
                        (unsigned long long)o->max_size);
        return fail(r, _("the download could not be kept"));
    case CURLE_OPERATION_TIMEDOUT:
        return fail(r, _("timed out: no complete answer within %ld seconds"), o->timeout);
    case CURLE_UNSUPPORTED_PROTOCOL:
        refused_scheme(errbuf, scheme, sizeof scheme);
        return fail(r, _("refused: the server redirected to a %s address; only %s is fetched"),
                    scheme, o->allow_http ? _("https or http") : "https");
    case CURLE_TOO_MANY_REDIRECTS:
        return fail(r, _("too many redirects (more than %ld)"), o->max_redirects);
    case CURLE_COULDNT_RESOLVE_HOST:
        return fail(r, _("the server's name is not known (DNS)"));
    case CURLE_COULDNT_RESOLVE_PROXY:
        return fail(r, _("the proxy's name is not known (DNS)"));
    case CURLE_COULDNT_CONNECT:
        return fail(r, _("cannot connect to the server"));
    case CURLE_PEER_FAILED_VERIFICATION:
        return fail(r, _("TLS failure: the server's certificate is not trusted or not for this name"));
    case CURLE_SSL_CACERT_BADFILE:
        return fail(r, _("TLS failure: the CA file cannot be read"));
    case CURLE_SSL_CONNECT_ERROR:
        return fail(r, _("TLS failure: a secure connection could not be set up"));
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return fail(r, _("TLS failure (%s)"), cu->easy_strerror(rc));
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        return fail(r, _("the connection broke before the file was complete"));
    case CURLE_WEIRD_SERVER_REPLY:
        return fail(r, _("the server's answer is not HTTP"));
    case CURLE_URL_MALFORMAT:
        return fail(r, _("the address cannot be read"));
    default:
        break;
    }
    return fail(r, _("download failed (%s)"), cu->easy_strerror(rc));
}

/* Sets the options of one transfer on curl; false when one is refused. */
static bool configure(const kaiji_curl *cu, CURL *curl, const char *url, const kaiji_fetch_options *o,
                      struct curl_slist *headers, sink *s, char *errbuf)
{
    const char *protocols = o->allow_http ? "https,http" : "https";
    bool ok = cu->easy_setopt(curl, CURLOPT_URL, url) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols) == CURLE_OK &&
        /* Redirects are followed by hand, each checked (follow_redirect). */
        cu->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o->connect_timeout) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_TIMEOUT, o->timeout) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_HTTPGET, 1L) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_USERAGENT, "kaiji/" KAIJI_VERSION_STRING) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_WRITEDATA, s) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
        cu->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
    if (ok && o->cacert)
        ok = cu->easy_setopt(curl, CURLOPT_CAINFO, o->cacert) == CURLE_OK;
    return ok;
}

/* Appends "Name: value" to *list; false when memory ran out. */
static bool add_header(const kaiji_curl *cu, struct curl_slist **list, const char *name,
                       const char *value)
{
    size_t n = strlen(name) + strlen(value) + 3;
    char *line = malloc(n);
    if (!line)
        return false;
    snprintf(line, n, "%s: %s", name, value);
    struct curl_slist *l = cu->slist_append(*list, line);
    free(line);
    if (!l)
        return false;
    *list = l;
    return true;
}

/* Fills r from a transfer that completed (rc == CURLE_OK). */
static bool read_answer(kaiji_fetch_result *r, CURL *curl, sink *s)
{
    const kaiji_curl *cu = s->cu;
    long code = 0;
    cu->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    r->http_status = code;
    if (code == 304) {
        r->outcome = KAIJI_FETCH_UNCHANGED;
        return take_validator(cu, curl, "ETag", &r->etag) &&
               take_validator(cu, curl, "Last-Modified", &r->last_modified);
    }
    if (code >= 400)
        return fail(r, _("the server answered HTTP %ld (%s)"), code, status_words(code));
    if (code != 200 && code != 203)
        return fail(r, _("unexpected answer from the server (HTTP %ld)"), code);

    struct curl_header *cd = NULL;
    const char *disposition = NULL;
    char *effective = NULL;
    if (cu->easy_header(curl, "Content-Disposition", 0, CURLH_HEADER, -1, &cd) == CURLHE_OK)
        disposition = cd->value;
    cu->easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    if (kaiji_fetch_file_name(&r->file_name, disposition, effective) != KAIJI_OK)
        return false;
    size_t size;
    char *body = kaiji_buf_detach(&s->body, &size);
    if (!body)
        return false;
    r->outcome = KAIJI_FETCH_CHANGED;
    r->data = (unsigned char *)body;
    r->size = size;
    return take_validator(cu, curl, "ETag", &r->etag) &&
           take_validator(cu, curl, "Last-Modified", &r->last_modified);
}

/* The URL's user name and password (decoded, malloc'd; NULL when none). */
static void url_login(const kaiji_curl *cu, const char *url, char **user, char **password)
{
    CURLU *u = cu->url();
    char *p = NULL;
    *user = *password = NULL;
    if (!u)
        return;
    if (cu->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
        if (cu->url_get(u, CURLUPART_USER, &p, CURLU_URLDECODE) == CURLUE_OK)
            *user = strdup(p);
        cu->free(p);
        p = NULL;
        if (cu->url_get(u, CURLUPART_PASSWORD, &p, CURLU_URLDECODE) == CURLUE_OK)
            *password = strdup(p);
        cu->free(p);
    }
    cu->url_cleanup(u);
}

/* How a redirect went. */
typedef enum hop {
    HOP_FOLLOWED, /* curl is set to ask the new address */
    HOP_REFUSED,  /* r says why */
    HOP_NOMEM
} hop;

/*
 * Checks the redirect to next (hops already followed) and, when it may be
 * followed, sets curl to ask it: the URL's login goes along only to the
 * URL's own server.  Otherwise fills r with the reason, naming the server
 * asked for by host and port alone (never its login, path or query).
 */
static hop follow_redirect(const kaiji_curl *cu, kaiji_fetch_result *r, CURL *curl, const char *next, long hops,
                           const origin *first, const char *user, const char *password,
                           const kaiji_fetch_options *o)
{
    origin t;
    if (hops >= o->max_redirects)
        return fail(r, _("too many redirects (more than %ld)"), o->max_redirects) ? HOP_REFUSED
                                                                                 : HOP_NOMEM;
    if (!url_scheme(cu, next, t.scheme, sizeof t.scheme))
        return fail(r, _("refused: the server redirected to an address that cannot be read"))
                   ? HOP_REFUSED
                   : HOP_NOMEM;
    if (strcmp(t.scheme, "https") != 0 && (strcmp(t.scheme, "http") != 0 || !o->allow_http)) {
        bool plain = true;
        for (const char *c = t.scheme; *c; c++)
            plain &= (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
        return fail(r, _("refused: the server redirected to a %s address; only %s is fetched"),
                    plain && t.scheme[0] ? t.scheme : _("another"),
                    o->allow_http ? _("https or http") : "https")
                   ? HOP_REFUSED
                   : HOP_NOMEM;
    }
    if (!url_origin(cu, next, &t))
        return fail(r, _("refused: the server redirected to an address that cannot be read"))
                   ? HOP_REFUSED
                   : HOP_NOMEM;
    if (!redirect_allowed(first, &t, o)) {
        bool v6 = strchr(t.host, ':') != NULL;
        return fail(r, _("refused: the server redirected to another server (%s%.100s%s:%ld);"
                         " a redirect is followed only on the same server, or to one allowed"
                         " with --allow-redirect"),
                    v6 ? "[" : "", t.host, v6 ? "]" : "", t.port)
                   ? HOP_REFUSED
                   : HOP_NOMEM;
    }
    bool same = strcasecmp(first->host, t.host) == 0 && first->port == t.port;
    if (cu->easy_setopt(curl, CURLOPT_URL, next) != CURLE_OK ||
        cu->easy_setopt(curl, CURLOPT_USERNAME, same ? user : NULL) != CURLE_OK ||
        cu->easy_setopt(curl, CURLOPT_PASSWORD, same ? password : NULL) != CURLE_OK)
        return HOP_NOMEM;
    return HOP_FOLLOWED;
}

int kaiji_fetch_url(kaiji_fetch_result *out, const char *url, const char *etag,
                    const char *last_modified, const kaiji_fetch_options *opts)
{
    kaiji_fetch_options o;
    struct curl_slist *headers = NULL;
    CURL *curl = NULL;
    sink s = {0};
    char errbuf[CURL_ERROR_SIZE] = "";
    char scheme[16];
    char *user = NULL, *password = NULL;
    int rc = KAIJI_ERROR_NOMEM;
    kaiji_curl curl_fns;
    const kaiji_curl *cu = &curl_fns;

    if (!out || !url)
        return KAIJI_ERROR_INVALID;
    memset(out, 0, sizeof *out);
    kaiji_fetch_options_init(&o);
    if (opts) {
        o.allow_http = opts->allow_http;
        o.cacert = opts->cacert;
        if (opts->connect_timeout > 0)
            o.connect_timeout = opts->connect_timeout;
        if (opts->timeout > 0)
            o.timeout = opts->timeout;
        if (opts->max_size > 0)
            o.max_size = opts->max_size;
        if (opts->max_redirects > 0)
            o.max_redirects = opts->max_redirects;
        o.redirect_hosts = opts->redirect_hosts;
    }
    char *why = NULL;
    if (!kaiji_curl_load(&curl_fns, &why)) {
        out->outcome = KAIJI_FETCH_FAILED;
        out->message = why;
        return why ? KAIJI_OK : KAIJI_ERROR_NOMEM;
    }

    if (!url_scheme(cu, url, scheme, sizeof scheme)) {
        if (!fail(out, _("the address cannot be read; write it as https://host/path")))
            goto error;
        return KAIJI_OK;
    }
    if (strcmp(scheme, "http") == 0 && !o.allow_http) {
        if (!fail(out, _("refused: plain http:// is not encrypted; ask the vendor for "
                       "https://, or allow http (--allow-http)")))
            goto error;
        return KAIJI_OK;
    }
    if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
        if (!fail(out, _("refused: only https:// addresses are fetched, not %s:"), scheme))
            goto error;
        return KAIJI_OK;
    }

    if (validator_ok(etag) && !add_header(cu, &headers, "If-None-Match", etag))
        goto error;
    if (validator_ok(last_modified) &&
        !add_header(cu, &headers, "If-Modified-Since", last_modified))
        goto error;
    curl = cu->easy_init();
    if (!curl)
        goto error;
    s.cu = cu;
    s.curl = curl;
    s.max = o.max_size;
    if (!configure(cu, curl, url, &o, headers, &s, errbuf)) {
        if (!fail(out, _("this libcurl cannot fetch safely (it lacks an option kaiji needs)")))
            goto error;
        rc = KAIJI_OK;
        goto done;
    }

    origin first;
    if (!url_origin(cu, url, &first))
        memset(&first, 0, sizeof first); /* curl tells what is wrong with it */
    url_login(cu, url, &user, &password);
    for (long hops = 0;; hops++) {
        CURLcode res = cu->easy_perform(curl);
        long code = 0;
        char *next = NULL;
        if (s.nomem || res == CURLE_OUT_OF_MEMORY)
            goto error;
        cu->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        if (res != CURLE_OK) {
            out->http_status = code;
            if (!explain_curl_error(out, res, &s, &o, errbuf))
                goto error;
            break;
        }
        if (code >= 300 && code <= 399 && code != 304 &&
            cu->easy_getinfo(curl, CURLINFO_REDIRECT_URL, &next) == CURLE_OK && next) {
            char *copy = strdup(next);
            if (!copy)
                goto error;
            hop h = follow_redirect(cu, out, curl, copy, hops, &first, user, password, &o);
            free(copy);
            if (h == HOP_NOMEM)
                goto error;
            if (h == HOP_REFUSED) {
                out->http_status = code;
                break;
            }
            continue;
        }
        if (!read_answer(out, curl, &s))
            goto error;
        break;
    }
    rc = KAIJI_OK;
    goto done;

error:
    kaiji_fetch_result_free(out);
    rc = KAIJI_ERROR_NOMEM;
done:
    kaiji_buf_free(&s.body);
    free(user);
    if (password)
        explicit_bzero(password, strlen(password));
    free(password);
    cu->slist_free_all(headers);
    if (curl)
        cu->easy_cleanup(curl);
    return rc;
}
