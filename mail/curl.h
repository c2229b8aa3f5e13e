/*
 * mail/curl.h - libcurl, loaded when a message is sent or a file fetched
 * (platform/dl.h), for mail/ (SMTP) and fetch/ (HTTPS), the lower of the
 * two layers that speak it.  No command that only reads documents maps
 * libcurl and the twenty-odd libraries it brings.
 *
 * The table lives in the call that uses it (a local kaiji_curl filled by
 * kaiji_curl_load): no global state.  Loading is cheap after the first
 * time (the library stays mapped; the loader finds it by its name).
 * libcurl initialises itself on the first curl_easy_init (thread-safe since
 * libcurl 7.84), so no curl_global_init is needed.
 */
#ifndef KAIJI_MAIL_CURL_H
#define KAIJI_MAIL_CURL_H

#include <stdbool.h>

#include <curl/curl.h>

/* The Debian package that has the library, for the message when it is missing. */
#define KAIJI_CURL_PACKAGE "libcurl4"

/* Every libcurl function kaiji calls: member, symbol. */
#define KAIJI_CURL_FUNCTIONS(X)                                                               \
    X(easy_init, curl_easy_init) X(easy_setopt, curl_easy_setopt)                             \
    X(easy_perform, curl_easy_perform) X(easy_cleanup, curl_easy_cleanup)                     \
    X(easy_getinfo, curl_easy_getinfo) X(easy_strerror, curl_easy_strerror)                   \
    X(easy_header, curl_easy_header) X(slist_append, curl_slist_append)                       \
    X(slist_free_all, curl_slist_free_all) X(url, curl_url) X(url_set, curl_url_set)          \
    X(url_get, curl_url_get) X(url_cleanup, curl_url_cleanup) X(free, curl_free)

/* libcurl's functions, typed by its header: cu->easy_setopt(c, CURLOPT_URL, url). */
typedef struct kaiji_curl {
#define KAIJI_CURL_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_CURL_FUNCTIONS(KAIJI_CURL_MEMBER)
#undef KAIJI_CURL_MEMBER
} kaiji_curl;

/*
 * Fills *out with libcurl's functions.  Returns true; false when libcurl
 * cannot be loaded, with, when err is not NULL, a message for a clerk in
 * *err (naming the package to install; the caller frees it, NULL when
 * memory ran out).
 */
bool kaiji_curl_load(kaiji_curl *out, char **err);

#endif
