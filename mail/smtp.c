/*
 * mail/smtp.c - sending a composed message with libcurl's SMTP: TLS always
 * (smtps:// from the first byte, smtp:// with STARTTLS required), the
 * server's certificate verified, credentials from a netrc file or the
 * environment and never from the URL or the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/curl.h"
#include "mail/mail.h"
#include "model/i18n.h"

void kaiji_mail_smtp_from_env(kaiji_mail_smtp *smtp)
{
    smtp->user = getenv("KAIJI_SMTP_USER");
    smtp->password = getenv("KAIJI_SMTP_PASSWORD");
}

const char *kaiji_mail_smtp_url_problem(const char *url)
{
    const char *why = NULL;
    char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL, *query = NULL,
         *fragment = NULL;
    kaiji_curl curl;
    const kaiji_curl *cu = &curl;
    if (!kaiji_curl_load(&curl, NULL))
        /* TRANSLATORS: libcurl4 is the Debian package (KAIJI_CURL_PACKAGE) */
        return _("cannot load libcurl, which sending mail needs: install the package libcurl4");
    CURLU *u = cu->url();
    if (!u)
        return "out of memory";
    if (!url || cu->url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
        why = "the SMTP URL is not a URL (write smtps://host:port or smtp://host:port)";
        goto done;
    }
    cu->url_get(u, CURLUPART_SCHEME, &scheme, 0);
    cu->url_get(u, CURLUPART_HOST, &host, 0);
    cu->url_get(u, CURLUPART_USER, &user, 0);
    cu->url_get(u, CURLUPART_PASSWORD, &password, 0);
    cu->url_get(u, CURLUPART_QUERY, &query, 0);
    cu->url_get(u, CURLUPART_FRAGMENT, &fragment, 0);
    if (!scheme || (strcasecmp(scheme, "smtps") != 0 && strcasecmp(scheme, "smtp") != 0))
        why = "the SMTP URL must start with smtps:// (TLS) or smtp:// (STARTTLS)";
    else if (!host || !*host)
        why = "the SMTP URL has no host";
    else if (user || password)
        why = "the SMTP URL must not hold a user or password: use a netrc file or "
              "KAIJI_SMTP_USER / KAIJI_SMTP_PASSWORD";
    else if (query || fragment)
        why = "the SMTP URL must not have a query or fragment";
done:
    cu->free(scheme);
    cu->free(host);
    cu->free(user);
    cu->free(password);
    cu->free(query);
    cu->free(fragment);
    cu->url_cleanup(u);
    return why;
}

typedef struct reader {
    const char *data;
    size_t left;
} reader;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
    reader *r = userp;
    size_t room = size * nmemb;
    size_t n = r->left < room ? r->left : room;
    memcpy(dst, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

/* What went wrong, in words a user can act on (never the password). */
static char *describe(const kaiji_curl *cu, CURLcode code, long response, const char *detail)
{
    const char *what;
    switch (code) {
    case CURLE_USE_SSL_FAILED:
        what = "the server does not offer STARTTLS, and kaiji sends mail only over TLS";
        break;
    case CURLE_LOGIN_DENIED:
        what = "the server refused the login (check the netrc file or KAIJI_SMTP_USER / "
               "KAIJI_SMTP_PASSWORD)";
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        what = "the server's certificate is not trusted (a private CA needs --smtp-cacert)";
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        what = "the SMTP server's name cannot be resolved";
        break;
    case CURLE_COULDNT_CONNECT:
        what = "cannot connect to the SMTP server";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        what = "the SMTP server did not answer in time";
        break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SSL_CONNECT_ERROR:
        what = "the connection to the SMTP server failed";
        break;
    default:
        what = cu->easy_strerror(code);
        break;
    }
    size_t n = strlen(what) + strlen(detail) + 64;
    char *s = malloc(n);
    if (!s)
        return NULL;
    if (response > 0 && *detail)
        snprintf(s, n, "%s (server said %ld; %s)", what, response, detail);
    else if (response > 0)
        snprintf(s, n, "%s (server said %ld)", what, response);
    else if (*detail)
        snprintf(s, n, "%s (%s)", what, detail);
    else
        snprintf(s, n, "%s", what);
    return s;
}

int kaiji_mail_send(char **out, const kaiji_mail_message *msg, const kaiji_mail_smtp *smtp)
{
    int rc = KAIJI_ERROR_NOMEM;
    CURL *c = NULL;
    struct curl_slist *rcpt = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    char from[300];
    reader r = {msg->data, msg->size};
    const char *why;
    kaiji_curl curl;
    const kaiji_curl *cu = &curl;

    *out = NULL;
    if ((why = kaiji_mail_smtp_url_problem(smtp->url)) != NULL) {
        *out = strdup(why);
        return *out ? KAIJI_ERROR_INVALID : KAIJI_ERROR_NOMEM;
    }
    if (!kaiji_curl_load(&curl, out))
        return *out ? KAIJI_ERROR_IO : KAIJI_ERROR_NOMEM;
    c = cu->easy_init();
    if (!c)
        goto error;
    for (size_t i = 0; i < msg->rcpt_count; i++) {
        char to[300];
        snprintf(to, sizeof to, "<%s>", msg->rcpt[i]);
        struct curl_slist *l = cu->slist_append(rcpt, to);
        if (!l)
            goto error;
        rcpt = l;
    }
    snprintf(from, sizeof from, "<%s>", msg->from_addr);
    long connect_timeout = smtp->connect_timeout > 0 ? smtp->connect_timeout : 30;
    long timeout = smtp->timeout > 0 ? smtp->timeout : 120;

    CURLcode e = CURLE_OK;
#define SET(opt, val) \
    do { \
        if (e == CURLE_OK) \
            e = cu->easy_setopt(c, opt, val); \
    } while (0)
    SET(CURLOPT_URL, smtp->url);
    SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (smtp->cacert)
        SET(CURLOPT_CAINFO, smtp->cacert);
    if (smtp->netrc_file) {
        SET(CURLOPT_NETRC, (long)CURL_NETRC_REQUIRED);
        SET(CURLOPT_NETRC_FILE, smtp->netrc_file);
    } else if (smtp->user && *smtp->user && smtp->password) {
        SET(CURLOPT_USERNAME, smtp->user);
        SET(CURLOPT_PASSWORD, smtp->password);
    }
    SET(CURLOPT_MAIL_FROM, from);
    SET(CURLOPT_MAIL_RCPT, rcpt);
    SET(CURLOPT_READFUNCTION, read_cb);
    SET(CURLOPT_READDATA, &r);
    SET(CURLOPT_UPLOAD, 1L);
    SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->size);
    SET(CURLOPT_CONNECTTIMEOUT, connect_timeout);
    SET(CURLOPT_TIMEOUT, timeout);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, errbuf);
#undef SET
    if (e == CURLE_OK)
        e = cu->easy_perform(c);
    if (e != CURLE_OK) {
        long response = 0;
        cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
        *out = describe(cu, e, response, errbuf);
        rc = *out ? KAIJI_ERROR_IO : KAIJI_ERROR_NOMEM;
        goto error;
    }
    cu->slist_free_all(rcpt);
    cu->easy_cleanup(c);
    return KAIJI_OK;

error:
    cu->slist_free_all(rcpt);
    cu->easy_cleanup(c);
    return rc;
}
