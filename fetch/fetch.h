/*
 * fetch/fetch.h - download one published document over HTTPS with libcurl.
 *
 * Every byte that comes back is hostile: the size is capped on the bytes
 * actually received (a Content-Length is never trusted), only https (and
 * http when allowed) is spoken, redirects included, a redirect is followed
 * only to the same host and port (or to a host the caller allows), and the
 * file name a server suggests is sanitised before it names anything on
 * disk.  The URL's user name, password and query are never in a message.
 *
 * Conditional requests: pass the ETag and Last-Modified stored from the
 * previous download; an unchanged file comes back as KAIJI_FETCH_UNCHANGED
 * without its body.  Keep the validators of a KAIJI_FETCH_CHANGED result
 * for the next time.
 *
 * libcurl is loaded by the call that needs it (mail/curl.h); without it a
 * fetch fails with a message naming the package to install.
 *
 * Thread safety: no global state here.  The program calls
 * kaiji_global_init() once, before any thread, and kaiji_global_shutdown()
 * once at the end.  Separate calls of kaiji_fetch_url may run in parallel.
 */
#ifndef KAIJI_FETCH_H
#define KAIJI_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kaiji/common.h"

#define KAIJI_FETCH_DEFAULT_CONNECT_TIMEOUT 15  /* seconds */
#define KAIJI_FETCH_DEFAULT_TIMEOUT 120         /* seconds, whole transfer */
#define KAIJI_FETCH_DEFAULT_MAX_SIZE (64u << 20) /* bytes */
#define KAIJI_FETCH_DEFAULT_MAX_REDIRECTS 5

/* How to fetch.  Initialise with kaiji_fetch_options_init(); a zero number
 * means the default above. */
typedef struct kaiji_fetch_options {
    bool allow_http;        /* also plain http:// (and redirects to it) */
    const char *cacert;     /* PEM file of the CAs to trust, NULL: the system's */
    long connect_timeout;   /* seconds */
    long timeout;           /* seconds for the whole transfer */
    uint64_t max_size;      /* bytes of body received */
    long max_redirects;
    /* Where a redirect may lead besides the URL's own host and port: each
     * "HOST" (on the default port of the redirect's scheme) or "HOST:PORT"
     * ("[::1]:8443" for IPv6).  NULL-terminated; NULL: nowhere else. */
    const char *const *redirect_hosts;
} kaiji_fetch_options;

void kaiji_fetch_options_init(kaiji_fetch_options *opts);

typedef enum kaiji_fetch_outcome {
    KAIJI_FETCH_CHANGED,   /* a new body was downloaded */
    KAIJI_FETCH_UNCHANGED, /* the server said 304 Not Modified */
    KAIJI_FETCH_FAILED     /* see message */
} kaiji_fetch_outcome;

/*
 * The result of one fetch.  Every pointer is owned by the result (freed by
 * kaiji_fetch_result_free) and may be NULL unless said otherwise.
 */
typedef struct kaiji_fetch_result {
    kaiji_fetch_outcome outcome;
    long http_status;       /* the last HTTP status, 0 when none came */
    unsigned char *data;    /* CHANGED: the body (size bytes, NUL after it) */
    size_t size;
    char *file_name;        /* CHANGED: a safe file name, never NULL/empty */
    char *etag;             /* CHANGED/UNCHANGED: the server's validators, */
    char *last_modified;    /*   as sent, when printable and short */
    char *message;          /* FAILED: what went wrong, for a clerk, never NULL */
} kaiji_fetch_result;

/*
 * Fetches url with GET, sending If-None-Match: etag and If-Modified-Since:
 * last_modified when they are not NULL (validators with control characters
 * are not sent).  opts may be NULL for the defaults.  Fills *out (which the
 * caller then frees with kaiji_fetch_result_free, whatever the outcome).
 * Returns KAIJI_OK whenever *out says what happened (including FAILED),
 * KAIJI_ERROR_NOMEM when memory runs out, KAIJI_ERROR_INVALID on a NULL
 * argument.  Redirects are followed one by one, at most max_redirects: each
 * must stay on the URL's host and port, or go to one of redirect_hosts, else
 * the fetch fails without asking it.  The URL's user name and password are
 * sent again only to its own host and port.  The message never contains the
 * URL's (or a redirect's) user name, password, path or query.
 */
int kaiji_fetch_url(kaiji_fetch_result *out, const char *url, const char *etag,
                    const char *last_modified, const kaiji_fetch_options *opts);

/* Frees what *r owns and zeroes it; NULL-safe. */
void kaiji_fetch_result_free(kaiji_fetch_result *r);

/*
 * A safe file name (malloc'd in *out) made from what a server suggested:
 * the file name in a Content-Disposition header value (filename*=UTF-8''...
 * preferred over filename=), else the last segment of url's path
 * (percent-decoded), else "download".  Path separators and control
 * characters become '_', leading dots and spaces are removed, invalid UTF-8
 * is replaced, the length is capped at 200 bytes keeping the extension.
 * content_disposition and url may be NULL.  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_fetch_file_name(char **out, const char *content_disposition, const char *url);

/*
 * url with any user name and password removed and the query replaced by
 * "?...", for printing (malloc'd in *out).  An unparsable url gives
 * "(an address that cannot be read)".  Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_fetch_redact_url(char **out, const char *url);

/*
 * Saves size bytes of data as file_name inside dir (created, with its
 * parents, when missing) and puts the path written in *out (malloc'd).
 * file_name must be a plain name (as made by kaiji_fetch_file_name): one
 * with '/', a leading '.', or empty is refused with KAIJI_ERROR_INVALID.
 * Nothing is ever overwritten and no symbolic link followed: dir's last
 * folder (the contract's) must not be a link (KAIJI_ERROR_IO), the file is
 * created beside it with O_EXCL | O_NOFOLLOW; when the name is taken by a
 * file with the same bytes, that file's path is given; when by other bytes
 * or by a link, "NAME-2.EXT", "NAME-3.EXT", ... is used.  Returns KAIJI_OK,
 * KAIJI_ERROR_IO (the folder or file cannot be written; nothing is left
 * half-written), KAIJI_ERROR_INVALID or KAIJI_ERROR_NOMEM.
 */
int kaiji_fetch_save(char **out, const char *dir, const char *file_name,
                     const void *data, size_t size);

#endif
