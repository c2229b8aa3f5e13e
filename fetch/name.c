/*
 * fetch/name.c - a safe file name from what a server suggests, and an
 * address fit to print.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "fetch/fetch.h"
#include "mail/curl.h"

#define NAME_MAX_BYTES 200
#define EXT_MAX_BYTES 16

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Appends s[0..n) to b with %XX sequences decoded. */
static void put_decoded(kaiji_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            kaiji_buf_append(b, &c, 1);
            i += 2;
        } else {
            kaiji_buf_append(b, &s[i], 1);
        }
    }
}

/* true when the code point must not appear in a file name: controls (C0,
 * DEL, C1), and the invisible marks that reorder text ("evil\u202Efdp.exe"). */
static bool unwanted(utf8proc_int32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e || c == 0x200f ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/*
 * The clean form of raw[0..n) (already decoded bytes) in *out, malloc'd, or
 * NULL when nothing usable is left.  Only the last path segment counts; the
 * characters Windows and shells treat specially become '_'.  false when
 * memory ran out.
 */
static bool clean(const char *raw, size_t n, char **out)
{
    kaiji_buf b = {0};
    *out = NULL;
    for (size_t i = n; i > 0; i--)
        if (raw[i - 1] == '/' || raw[i - 1] == '\\') {
            raw += i;
            n -= i;
            break;
        }
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)raw + i,
                                                (utf8proc_ssize_t)(n - i), &c);
        if (len <= 0) {
            kaiji_buf_append(&b, "_", 1);
            i++;
            continue;
        }
        if (unwanted(c) || (c < 0x80 && strchr(":*?\"<>|", (int)c)))
            kaiji_buf_append(&b, "_", 1);
        else
            kaiji_buf_append(&b, raw + i, (size_t)len);
        i += (size_t)len;
    }
    if (b.failed) {
        free(b.data);
        return false;
    }
    if (!b.data)
        return true;
    size_t start = 0, end = b.len;
    while (start < end && (b.data[start] == '.' || b.data[start] == ' '))
        start++;
    while (end > start && (b.data[end - 1] == '.' || b.data[end - 1] == ' '))
        end--;
    if (end - start > NAME_MAX_BYTES) {
        const char *dot = NULL;
        for (size_t k = end; k > start; k--)
            if (b.data[k - 1] == '.') {
                dot = b.data + k - 1;
                break;
            }
        size_t ext = dot && (size_t)(b.data + end - dot) <= EXT_MAX_BYTES ? (size_t)(b.data + end - dot) : 0;
        size_t keep = NAME_MAX_BYTES - ext;
        while (keep > 0 && ((unsigned char)b.data[start + keep] & 0xc0) == 0x80)
            keep--;
        memmove(b.data + start + keep, b.data + end - ext, ext);
        end = start + keep + ext;
    }
    if (end == start) {
        free(b.data);
        return true;
    }
    memmove(b.data, b.data + start, end - start);
    b.data[end - start] = '\0';
    *out = b.data;
    return true;
}

/*
 * The raw value of parameter name (case-insensitive) in a Content-Disposition
 * value, unquoted, in *out (malloc'd; NULL when absent).  false on NOMEM.
 */
static bool cd_param(const char *cd, const char *name, char **out)
{
    size_t nlen = strlen(name);
    const char *p = strchr(cd, ';');
    *out = NULL;
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *eq = strchr(p, '=');
        if (!eq)
            return true;
        const char *ne = eq;
        while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
            ne--;
        bool match = (size_t)(ne - p) == nlen && strncasecmp(p, name, nlen) == 0;
        const char *v = eq + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        kaiji_buf b = {0};
        if (*v == '"') {
            v++;
            while (*v && *v != '"') {
                if (*v == '\\' && v[1])
                    v++;
                kaiji_buf_append(&b, v, 1);
                v++;
            }
            if (*v == '"')
                v++;
        } else {
            const char *e = v;
            while (*e && *e != ';')
                e++;
            while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            kaiji_buf_append(&b, v, (size_t)(e - v));
            v = e;
        }
        if (b.failed) {
            free(b.data);
            return false;
        }
        if (match) {
            if (!b.data) {
                b.data = strdup("");
                if (!b.data)
                    return false;
            }
            *out = b.data;
            return true;
        }
        free(b.data);
        p = strchr(v, ';');
    }
    return true;
}

/* The file name a Content-Disposition value gives, cleaned, or NULL. */
static bool name_from_disposition(const char *cd, char **out)
{
    char *ext = NULL, *plain = NULL;
    bool ok = false;
    *out = NULL;
    if (!cd_param(cd, "filename*", &ext) || !cd_param(cd, "filename", &plain))
        goto cleanup;
    if (ext) {
        /* charset'language'percent-encoded; only UTF-8 (and its ASCII subset) */
        char *q1 = strchr(ext, '\'');
        char *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (q2 && ((q1 - ext == 5 && strncasecmp(ext, "UTF-8", 5) == 0) ||
                   (q1 - ext == 8 && strncasecmp(ext, "us-ascii", 8) == 0))) {
            kaiji_buf b = {0};
            put_decoded(&b, q2 + 1, strlen(q2 + 1));
            if (b.failed)
                goto cleanup;
            bool cleaned = !b.data || clean(b.data, b.len, out);
            free(b.data);
            if (!cleaned)
                goto cleanup;
        }
    }
    if (!*out && plain && !clean(plain, strlen(plain), out))
        goto cleanup;
    ok = true;
cleanup:
    free(ext);
    free(plain);
    return ok;
}

/* The last segment of url's path, decoded and cleaned, or NULL. */
static bool name_from_url(const kaiji_curl *cu, const char *url, char **out)
{
    CURLU *u = cu->url();
    char *path = NULL;
    bool ok = false;
    *out = NULL;
    if (!u)
        return false;
    if (cu->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        cu->url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
        ok = true;
        goto cleanup;
    }
    const char *seg = strrchr(path, '/');
    seg = seg ? seg + 1 : path;
    kaiji_buf b = {0};
    put_decoded(&b, seg, strlen(seg));
    if (b.failed)
        goto cleanup;
    ok = !b.data || clean(b.data, b.len, out);
    free(b.data);
cleanup:
    cu->free(path);
    cu->url_cleanup(u);
    return ok;
}

int kaiji_fetch_file_name(char **out, const char *content_disposition, const char *url)
{
    if (!out)
        return KAIJI_ERROR_INVALID;
    *out = NULL;
    if (content_disposition && !name_from_disposition(content_disposition, out))
        return KAIJI_ERROR_NOMEM;
    kaiji_curl cu;
    /* Without libcurl (never the case after a download) the URL names nothing. */
    if (!*out && url && kaiji_curl_load(&cu, NULL) && !name_from_url(&cu, url, out))
        return KAIJI_ERROR_NOMEM;
    if (!*out) {
        *out = strdup("download");
        if (!*out)
            return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

int kaiji_fetch_redact_url(char **out, const char *url)
{
    static const char unreadable[] = "(an address that cannot be read)";
    CURLU *u = NULL;
    char *printed = NULL;
    int rc = KAIJI_ERROR_NOMEM;
    kaiji_curl curl;
    const kaiji_curl *cu = &curl;
    if (!out)
        return KAIJI_ERROR_INVALID;
    *out = NULL;
    /* Without libcurl nothing of the address is shown: it may hold a password. */
    if (!kaiji_curl_load(&curl, NULL)) {
        *out = strdup(unreadable);
        return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
    }
    u = cu->url();
    if (!u)
        goto cleanup;
    char *query = NULL;
    if (!url ||
        cu->url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        cu->url_set(u, CURLUPART_USER, NULL, 0) != CURLUE_OK ||
        cu->url_set(u, CURLUPART_PASSWORD, NULL, 0) != CURLUE_OK ||
        cu->url_set(u, CURLUPART_OPTIONS, NULL, 0) != CURLUE_OK ||
        cu->url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK) {
        *out = strdup(unreadable);
        rc = *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
        goto cleanup;
    }
    if (cu->url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
        cu->free(query);
        if (cu->url_set(u, CURLUPART_QUERY, "...", 0) != CURLUE_OK)
            goto cleanup;
    }
    if (cu->url_get(u, CURLUPART_URL, &printed, 0) != CURLUE_OK) {
        *out = strdup(unreadable);
    } else {
        *out = strdup(printed);
    }
    rc = *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
cleanup:
    cu->free(printed);
    cu->url_cleanup(u);
    return rc;
}
