/*
 * store/links.c - the vendor upload links of kaiji serve
 * (include/kaiji/store.h): made with a random token of which only the
 * SHA-256 is kept, found again by the token (hashes compared in constant
 * time), counted per hour, revoked.  Times are Unix seconds, given by the
 * caller.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "store/remind.h"
#include "text/text.h"

/* The first hex digits of a token's hash, by which its row is looked up;
 * the whole hash is then compared in constant time. */
#define HASH_KEY_LEN 16
#define WINDOW_SECONDS 3600

void kaiji_vendor_link_free(kaiji_vendor_link *link)
{
    if (!link)
        return;
    free(link->contract_id);
    free(link->created_by);
    free(link);
}

void kaiji_vendor_link_list_free(kaiji_vendor_link_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].contract_id);
        free(list->items[i].created_by);
    }
    free(list->items);
    free(list);
}

/* Compares two hashes without telling, by its time, how much matched. */
static bool hash_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb || la == 0;
    for (size_t i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* true when token is KAIJI_VENDOR_TOKEN_HEX lowercase hex digits. */
static bool token_form(const char *token)
{
    size_t n = 0;
    for (; token && token[n]; n++)
        if (!((token[n] >= '0' && token[n] <= '9') || (token[n] >= 'a' && token[n] <= 'f')))
            return false;
    return n == KAIJI_VENDOR_TOKEN_HEX;
}

/* Fills token with KAIJI_VENDOR_TOKEN_HEX / 2 random bytes in hex. */
static bool random_token(char token[KAIJI_VENDOR_TOKEN_HEX + 1])
{
    unsigned char raw[KAIJI_VENDOR_TOKEN_HEX / 2];
    static const char digits[] = "0123456789abcdef";
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t r = getrandom(raw + got, sizeof raw - got, 0);
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    for (size_t i = 0; i < sizeof raw; i++) {
        token[2 * i] = digits[raw[i] >> 4];
        token[2 * i + 1] = digits[raw[i] & 15];
    }
    token[KAIJI_VENDOR_TOKEN_HEX] = '\0';
    return true;
}

int kaiji_store_vendor_link_new(char token[KAIJI_VENDOR_TOKEN_HEX + 1], long long *expires_at,
                                kaiji_store *store, const char *contract_id, unsigned days,
                                const char *actor, long long now)
{
    char hash[65];
    kaiji_stmt *s = NULL;
    int rc = KAIJI_OK, step;
    token[0] = '\0';
    if (days < 1 || days > KAIJI_VENDOR_LINK_MAX_DAYS)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("a link lasts from 1 to %d days"), KAIJI_VENDOR_LINK_MAX_DAYS);
    if (!(s = kaiji_store_prepare(store, "SELECT 1 FROM contracts WHERE id = ? AND active = 1")))
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, contract_id ? contract_id : "");
    step = kaiji_stmt_step(s);
    kaiji_stmt_finalize(s);
    if (step == KAIJI_DB_DONE)
        return kaiji_store_fail(store, KAIJI_ERROR_NOT_FOUND,
                                _("no contract %s in force in the register"), contract_id);
    if (step != KAIJI_DB_ROW)
        return kaiji_store_sqlfail(store, _("cannot read the contracts"));
    if (!random_token(token))
        return kaiji_store_fail(store, KAIJI_ERROR_IO,
                                _("the system gave no random numbers for the link"));
    kaiji_text_sha256(token, KAIJI_VENDOR_TOKEN_HEX, hash);
    long long until = now + (long long)days * 86400;
    s = kaiji_store_prepare(store, "INSERT INTO vendor_links(contract_id, hash_key, token_hash,"
                                   " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!s) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    kaiji_stmt_bind_text(s, 1, contract_id);
    char key[HASH_KEY_LEN + 1];
    memcpy(key, hash, HASH_KEY_LEN);
    key[HASH_KEY_LEN] = '\0';
    kaiji_stmt_bind_text(s, 2, key);
    kaiji_stmt_bind_text(s, 3, hash);
    kaiji_stmt_bind_text(s, 4, actor ? actor : "");
    kaiji_stmt_bind_int64(s, 5, now);
    kaiji_stmt_bind_int64(s, 6, until);
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot record the link"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    if (expires_at)
        *expires_at = until;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    memset(token, 0, KAIJI_VENDOR_TOKEN_HEX + 1);
    return rc;
}

#define LINK_COLUMNS                                                                        \
    "l.id, l.contract_id, l.created_by, l.created_at, l.expires_at, l.revoked_at,"         \
    " l.last_used_at, l.files"

/* Fills l from a row of LINK_COLUMNS. */
static int read_link(kaiji_vendor_link *l, kaiji_stmt *s)
{
    l->id = kaiji_stmt_int64(s, 0);
    l->created_at = kaiji_stmt_int64(s, 3);
    l->expires_at = kaiji_stmt_int64(s, 4);
    l->revoked_at = kaiji_stmt_int64(s, 5);
    l->last_used_at = kaiji_stmt_int64(s, 6);
    l->files = kaiji_stmt_int64(s, 7);
    if (!(l->contract_id = strdup(kaiji_store_col(s, 1))) ||
        !(l->created_by = strdup(kaiji_store_col(s, 2))))
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

int kaiji_store_vendor_link_find(kaiji_vendor_link **out, kaiji_store *store, const char *token,
                                 long long now)
{
    char hash[65], saved[KAIJI_STORE_SITE_SAVED];
    kaiji_stmt *s;
    kaiji_vendor_link *found = NULL;
    int rc = KAIJI_OK, step;
    *out = NULL;
    /* Hashed whatever its form, so that a malformed token costs the same. */
    kaiji_text_sha256(token ? token : "", token ? strlen(token) : 0, hash);
    /* A link opens its own site's contract, whichever site it is. */
    if ((rc = kaiji_store_sites_open(store, saved)) != KAIJI_OK)
        return rc;
    if (!(s = kaiji_store_prepare(store, "SELECT " LINK_COLUMNS ", l.token_hash, l.site_id"
                                         " FROM vendor_links l JOIN contracts c"
                                         " ON c.id = l.contract_id AND c.site_id = l.site_id"
                                         " WHERE l.hash_key = ?"
                                         " AND l.revoked_at = 0 AND l.expires_at > ?"
                                         " AND c.active = 1"))) {
        kaiji_store_sites_close(store, saved);
        return KAIJI_ERROR_IO;
    }
    char key[HASH_KEY_LEN + 1];
    memcpy(key, hash, HASH_KEY_LEN);
    key[HASH_KEY_LEN] = '\0';
    kaiji_stmt_bind_text(s, 1, key);
    kaiji_stmt_bind_int64(s, 2, now);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (found || !hash_equal(kaiji_store_col(s, 8), hash) || !token_form(token))
            continue;
        if (!(found = calloc(1, sizeof *found)) || (rc = read_link(found, s)) != KAIJI_OK) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        found->site = kaiji_stmt_int64(s, 9);
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the links"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    if ((rc = kaiji_store_sites_close(store, saved)) != KAIJI_OK) {
        kaiji_vendor_link_free(found);
        return rc;
    }
    *out = found;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_store_sites_close(store, saved);
    kaiji_vendor_link_free(found);
    return rc;
}

int kaiji_store_vendor_link_use(bool *allowed, kaiji_store *store, long long id, unsigned files,
                                long long now)
{
    /* One statement: a new hour starts the count again; over the limit,
     * nothing changes. */
    kaiji_stmt *s = kaiji_store_prepare(
        store,
        "UPDATE vendor_links SET last_used_at = ?2, files = files + ?3,"
        " window_start = CASE WHEN ?2 - window_start >= ?4 THEN ?2 ELSE window_start END,"
        " window_files = CASE WHEN ?2 - window_start >= ?4 THEN ?3 ELSE window_files + ?3 END"
        " WHERE id = ?1 AND (?2 - window_start >= ?4 OR window_files + ?3 <= ?5)");
    int rc = KAIJI_OK;
    *allowed = false;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_int64(s, 1, id);
    kaiji_stmt_bind_int64(s, 2, now);
    kaiji_stmt_bind_int64(s, 3, files);
    kaiji_stmt_bind_int64(s, 4, WINDOW_SECONDS);
    kaiji_stmt_bind_int64(s, 5, KAIJI_VENDOR_LINK_FILES_PER_HOUR);
    if (files > KAIJI_VENDOR_LINK_FILES_PER_HOUR)
        kaiji_stmt_bind_int64(s, 4, (long long)1 << 62); /* never within a window */
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record the use of the link"));
    else
        *allowed = kaiji_stmt_changes(s) > 0;
    kaiji_stmt_finalize(s);
    return rc;
}

int kaiji_store_vendor_links(kaiji_vendor_link_list **out, kaiji_store *store,
                             const char *contract_id)
{
    kaiji_stmt *s;
    kaiji_vendor_link_list *l = calloc(1, sizeof *l);
    size_t cap = 0;
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if (!l)
        return KAIJI_ERROR_NOMEM;
    if (!(s = kaiji_store_prepare(store, "SELECT " LINK_COLUMNS " FROM vendor_links l"
                                         " WHERE l.contract_id = ? ORDER BY l.id DESC"))) {
        free(l);
        return KAIJI_ERROR_IO;
    }
    kaiji_stmt_bind_text(s, 1, contract_id ? contract_id : "");
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        memset(&l->items[l->count], 0, sizeof l->items[0]);
        if (read_link(&l->items[l->count++], s) != KAIJI_OK)
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the links"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_vendor_link_list_free(l);
    return rc;
}

int kaiji_store_vendor_link_revoke(size_t *count, kaiji_store *store, const char *contract_id,
                                   long long now)
{
    kaiji_stmt *s = kaiji_store_prepare(store, "UPDATE vendor_links SET revoked_at = ?"
                                                 " WHERE contract_id = ? AND revoked_at = 0");
    int rc = KAIJI_OK;
    if (count)
        *count = 0;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_int64(s, 1, now);
    kaiji_stmt_bind_text(s, 2, contract_id ? contract_id : "");
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot revoke the links"));
    else if (count)
        *count = (size_t)kaiji_stmt_changes(s);
    kaiji_stmt_finalize(s);
    return rc;
}

int kaiji_vendor_link_url(char **out, const char *base, const char *token)
{
    size_t n;
    *out = NULL;
    if (!base || !token_form(token) ||
        (strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0))
        return KAIJI_ERROR_INVALID;
    for (const unsigned char *p = (const unsigned char *)base; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '?' || *p == '#' || *p == '"' || *p == '<' ||
            *p == '>' || *p == '\\')
            return KAIJI_ERROR_INVALID;
    n = strlen(base);
    *out = kaiji_strprintf("%s%sv/%s", base, n && base[n - 1] == '/' ? "" : "/", token);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

int kaiji_remind_add_links(char **urls, const kaiji_remind_vendor *v, kaiji_store *st,
                           const char *portal_url, unsigned days, const char *actor,
                           long long now)
{
    char token[KAIJI_VENDOR_TOKEN_HEX + 1];
    long long until = 0;
    int rc = KAIJI_OK;
    for (size_t k = 0; k < v->count && rc == KAIJI_OK; k++) {
        kaiji_mail_contract *mc = &v->contracts[k];
        rc = kaiji_store_vendor_link_new(token, &until, st, v->ids[k], days, actor, now);
        if (rc == KAIJI_ERROR_NOT_FOUND) {
            rc = KAIJI_OK; /* no longer in force: reminded without a link */
            continue;
        }
        if (rc == KAIJI_OK && (rc = kaiji_vendor_link_url(&urls[k], portal_url, token)) != KAIJI_OK)
            rc = rc == KAIJI_ERROR_INVALID
                     ? kaiji_store_fail(st, rc, _("'%s' is not an http:// or https:// address"),
                                        portal_url)
                     : rc;
        memset(token, 0, sizeof token);
        if (rc != KAIJI_OK)
            break;
        mc->upload_url = urls[k];
        /* the last day it works (UTC) */
        kaiji_civil_from_days((long)((until - 1) / 86400), &mc->upload_until.year,
                              &mc->upload_until.month, &mc->upload_until.day);
        rc = kaiji_store_audit(st, actor, "vendor-link", v->ids[k], "reminder");
    }
    return rc;
}

void kaiji_remind_drop_links(char **urls, const kaiji_remind_vendor *v)
{
    for (size_t k = 0; urls && k < v->count; k++) {
        free(urls[k]);
        urls[k] = NULL;
        v->contracts[k].upload_url = NULL;
        memset(&v->contracts[k].upload_until, 0, sizeof v->contracts[k].upload_until);
    }
}
