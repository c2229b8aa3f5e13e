/*
 * tests/support/mail.c - certificates, the SMTP server and message
 * decoding for the mail tests.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "mail.h"
#include "support.h"

void t_mail_cert(const char *dir)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "-keyout '%s/key.pem' -out '%s/cert.pem' -days 2 -subj /CN=localhost "
             "-addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1",
             dir, dir);
    t_require_tool("openssl", "command -v openssl");
    cr_assert_eq(t_run(cmd, NULL), 0, "openssl could not make a certificate");
}

t_server t_smtp_start(t_smtp_mode mode, const char *outdir, const char *certdir,
                      const char *user, const char *password)
{
    static char cert[4096], key[4096];
    char script[4096];
    t_require_tool("python3-aiosmtpd", "/usr/bin/python3 -c 'import aiosmtpd'");
    snprintf(script, sizeof script, "%s", t_src("tests/servers/smtp_server.py"));
    snprintf(cert, sizeof cert, "%s/cert.pem", certdir ? certdir : "");
    snprintf(key, sizeof key, "%s/key.pem", certdir ? certdir : "");
    char *argv[16];
    int n = 0;
    argv[n++] = "/usr/bin/python3";
    argv[n++] = script;
    argv[n++] = "--outdir";
    argv[n++] = (char *)outdir;
    if (mode != T_SMTP_PLAIN) {
        argv[n++] = "--cert";
        argv[n++] = cert;
        argv[n++] = "--key";
        argv[n++] = key;
    }
    if (mode == T_SMTP_IMPLICIT_TLS)
        argv[n++] = "--implicit-tls";
    if (user) {
        argv[n++] = "--user";
        argv[n++] = (char *)user;
        argv[n++] = "--password";
        argv[n++] = (char *)password;
    }
    argv[n] = NULL;
    return t_server_start(argv);
}

static int is_eml(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && strcmp(e->d_name + n - 4, ".eml") == 0;
}

size_t t_mail_count(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, is_eml, alphasort);
    if (n < 0)
        return 0;
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return (size_t)n;
}

char *t_mail_header(const char *raw, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = raw;
    while (*p && !(p[0] == '\r' && p[1] == '\n')) {
        const char *eol = strstr(p, "\r\n");
        if (!eol)
            return NULL;
        if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
            size_t cap = strlen(p) + 1, len = 0;
            char *v = malloc(cap);
            cr_assert_not_null(v);
            const char *s = p + nlen + 1;
            for (;;) {
                while (*s == ' ' || *s == '\t')
                    s++;
                const char *e = strstr(s, "\r\n");
                if (len)
                    v[len++] = ' ';
                memcpy(v + len, s, (size_t)(e - s));
                len += (size_t)(e - s);
                if (e[2] != ' ' && e[2] != '\t')
                    break;
                s = e + 2;
            }
            v[len] = '\0';
            return v;
        }
        p = eol + 2;
    }
    return NULL;
}

/* Decodes base64 text (white space ignored) into a malloc'd string. */
static char *unbase64(const char *s, size_t n)
{
    char *clean = malloc(n + 1);
    cr_assert_not_null(clean);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ')
            clean[m++] = s[i];
    if (m % 4 != 0) {
        free(clean);
        return NULL;
    }
    unsigned char *out = malloc(m / 4 * 3 + 1);
    cr_assert_not_null(out);
    int got = m ? EVP_DecodeBlock(out, (unsigned char *)clean, (int)m) : 0;
    if (got < 0) {
        free(clean);
        free(out);
        return NULL;
    }
    size_t len = (size_t)got;
    for (size_t i = m; i > 0 && clean[i - 1] == '='; i--)
        len--;
    free(clean);
    out[len] = '\0';
    return (char *)out;
}

char *t_mail_decode_words(const char *value)
{
    size_t cap = strlen(value) + 1, len = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    const char *p = value;
    bool last_word = false;
    while (*p) {
        if (strncasecmp(p, "=?UTF-8?B?", 10) == 0) {
            const char *end = strstr(p + 10, "?=");
            cr_assert_not_null(end, "unterminated encoded-word in %s", value);
            char *w = unbase64(p + 10, (size_t)(end - p - 10));
            cr_assert_not_null(w, "bad base64 in %s", value);
            if (last_word) {
                while (len > 0 && out[len - 1] == ' ')
                    len--;
            }
            size_t wl = strlen(w);
            if (len + wl + 1 > cap) {
                cap = len + wl + 1;
                out = realloc(out, cap);
            }
            memcpy(out + len, w, wl);
            len += wl;
            free(w);
            p = end + 2;
            last_word = true;
        } else {
            if (*p != ' ')
                last_word = false;
            if (len + 2 > cap) {
                cap = cap * 2 + 2;
                out = realloc(out, cap);
            }
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    return out;
}

char *t_mail_body(const char *raw)
{
    const char *b = strstr(raw, "\r\n\r\n");
    if (!b)
        return NULL;
    b += 4;
    return unbase64(b, strlen(b));
}

bool t_mail_lines_ok(const char *raw, size_t max)
{
    size_t col = 0;
    for (const char *p = raw; *p; p++) {
        if (*p == '\r') {
            if (p[1] != '\n')
                return false;
            p++;
            col = 0;
        } else if (*p == '\n') {
            return false;
        } else if (++col > max) {
            return false;
        }
    }
    return col == 0;
}
