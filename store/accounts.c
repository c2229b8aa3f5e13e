/*
 * store/accounts.c - the accounts of kaiji serve and the append-only audit
 * log (include/kaiji/store.h).  Passwords arrive hashed: the store never sees
 * one.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "text/text.h"

static const char *const role_names[] = {"admin", "staff", "viewer"};

const char *kaiji_role_name(kaiji_role role)
{
    return (unsigned)role < 3 ? role_names[role] : "viewer";
}

bool kaiji_role_parse(const char *name, kaiji_role *out)
{
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, role_names[i]) == 0) {
            *out = (kaiji_role)i;
            return true;
        }
    return false;
}

void kaiji_user_free(kaiji_user *user)
{
    if (!user)
        return;
    free(user->name);
    free(user->site_name);
    free(user->password_hash);
    free(user);
}

/* 1-64 bytes of UTF-8 with no control character. */
static bool name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 64 || !kaiji_text_utf8_valid(name, n))
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

int kaiji_store_user_put(kaiji_store *store, const char *name, kaiji_role role,
                         const char *password_hash)
{
    kaiji_stmt *s;
    char now[32], saved[KAIJI_STORE_SITE_SAVED];
    long long site = store->site;
    int rc = KAIJI_OK;
    if (!name_ok(name) || !password_hash || !password_hash[0])
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("an account name is 1 to 64 characters, without control "
                                  "characters"));
    /* Across the sites: a name is the group's, and an account may move. */
    if ((rc = kaiji_store_sites_open(store, saved)) != KAIJI_OK)
        return rc;
    s = kaiji_store_prepare(store,
                            "INSERT INTO users(name, role, password_hash, created_at, site_id)"
                            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                            " role = excluded.role, password_hash = excluded.password_hash,"
                            " site_id = excluded.site_id, failed = 0, locked_until = 0");
    if (!s) {
        kaiji_store_sites_close(store, saved);
        return KAIJI_ERROR_IO;
    }
    kaiji_stmt_bind_text(s, 1, name);
    kaiji_stmt_bind_text(s, 2, kaiji_role_name(role));
    kaiji_stmt_bind_text(s, 3, password_hash);
    kaiji_stmt_bind_text(s, 4, kaiji_store_now(now));
    kaiji_stmt_bind_int64(s, 5, site);
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record the account"));
    kaiji_stmt_finalize(s);
    int back = kaiji_store_sites_close(store, saved);
    return rc != KAIJI_OK ? rc : back;
}

/* Fills u from a row of name, role, failed, locked_until, site_id,
 * sites.name (and password_hash at 6 when hash). */
static int read_user(kaiji_user *u, kaiji_stmt *s, bool hash)
{
    if (!(u->name = strdup(kaiji_store_col(s, 0))) ||
        !(u->site_name = strdup(kaiji_store_col(s, 5))) ||
        !(u->password_hash = strdup(hash ? kaiji_store_col(s, 6) : "")))
        return KAIJI_ERROR_NOMEM;
    if (!kaiji_role_parse(kaiji_store_col(s, 1), &u->role))
        u->role = KAIJI_ROLE_VIEWER; /* an unknown role may only read */
    u->failed = (unsigned)kaiji_stmt_int(s, 2);
    u->locked_until = kaiji_stmt_int64(s, 3);
    u->site = kaiji_stmt_int64(s, 4);
    return KAIJI_OK;
}

#define USER_COLUMNS                                                                          \
    "u.name, u.role, u.failed, u.locked_until, u.site_id, COALESCE(t.name, '')"
#define USER_FROM " FROM users u LEFT JOIN sites t ON t.id = u.site_id"

int kaiji_store_user_get(kaiji_user **out, kaiji_store *store, const char *name)
{
    kaiji_stmt *s;
    kaiji_user *u = NULL;
    char saved[KAIJI_STORE_SITE_SAVED];
    int rc = KAIJI_OK;
    *out = NULL;
    if ((rc = kaiji_store_sites_open(store, saved)) != KAIJI_OK)
        return rc;
    s = kaiji_store_prepare(store, "SELECT " USER_COLUMNS ", u.password_hash" USER_FROM
                                   " WHERE u.name = ?");
    if (!s) {
        kaiji_store_sites_close(store, saved);
        return KAIJI_ERROR_IO;
    }
    kaiji_stmt_bind_text(s, 1, name ? name : "");
    int step = kaiji_stmt_step(s);
    if (step == KAIJI_DB_ROW) {
        if (!(u = calloc(1, sizeof *u)) || read_user(u, s, true) != KAIJI_OK) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
    } else if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the account"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    if ((rc = kaiji_store_sites_close(store, saved)) != KAIJI_OK) {
        kaiji_user_free(u);
        return rc;
    }
    *out = u;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_store_sites_close(store, saved);
    kaiji_user_free(u);
    return rc;
}

int kaiji_store_user_count(size_t *all, size_t *admins, kaiji_store *store)
{
    char saved[KAIJI_STORE_SITE_SAVED];
    int rc = kaiji_store_sites_open(store, saved);
    if (rc != KAIJI_OK)
        return rc;
    kaiji_stmt *s = kaiji_store_prepare(
        store, "SELECT count(*), coalesce(sum(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) FROM users");
    if (!s) {
        kaiji_store_sites_close(store, saved);
        return KAIJI_ERROR_IO;
    }
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW) {
        *all = (size_t)kaiji_stmt_int64(s, 0);
        *admins = (size_t)kaiji_stmt_int64(s, 1);
    } else {
        rc = kaiji_store_sqlfail(store, _("cannot read the accounts"));
    }
    kaiji_stmt_finalize(s);
    int back = kaiji_store_sites_close(store, saved);
    return rc != KAIJI_OK ? rc : back;
}

void kaiji_user_list_free(kaiji_user_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].site_name);
        free(list->items[i].password_hash);
    }
    free(list->items);
    free(list);
}

int kaiji_store_users(kaiji_user_list **out, kaiji_store *store)
{
    kaiji_stmt *s = NULL;
    kaiji_user_list *l = calloc(1, sizeof *l);
    char saved[KAIJI_STORE_SITE_SAVED];
    size_t cap = 0;
    int rc, step;
    *out = NULL;
    if (!l)
        return KAIJI_ERROR_NOMEM;
    if ((rc = kaiji_store_sites_open(store, saved)) != KAIJI_OK) {
        free(l);
        return rc;
    }
    rc = KAIJI_ERROR_IO;
    if (!(s = kaiji_store_prepare(store, "SELECT " USER_COLUMNS USER_FROM " ORDER BY u.name")))
        goto error;
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        rc = KAIJI_ERROR_NOMEM;
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        kaiji_user *u = &l->items[l->count];
        memset(u, 0, sizeof *u);
        l->count++;
        if (read_user(u, s, false) != KAIJI_OK)
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the accounts"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    if ((rc = kaiji_store_sites_close(store, saved)) != KAIJI_OK) {
        kaiji_user_list_free(l);
        return rc;
    }
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_store_sites_close(store, saved);
    kaiji_user_list_free(l);
    return rc;
}

int kaiji_store_user_login(kaiji_store *store, const char *name, bool ok, long long now,
                           unsigned max_failures, long long lock_seconds)
{
    char at[32];
    kaiji_stmt *s = kaiji_store_prepare(
        store, ok ? "UPDATE users SET failed = 0, locked_until = 0, last_login = ?3"
                    " WHERE name = ?1"
                  : "UPDATE users SET failed = failed + 1, locked_until = CASE"
                    " WHEN failed + 1 >= ?4 THEN ?2 + ?5 ELSE locked_until END WHERE name = ?1");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, name ? name : "");
    kaiji_stmt_bind_int64(s, 2, now);
    kaiji_stmt_bind_text(s, 3, kaiji_store_now(at));
    kaiji_stmt_bind_int64(s, 4, (long long)max_failures);
    kaiji_stmt_bind_int64(s, 5, lock_seconds);
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record the login"));
    kaiji_stmt_finalize(s);
    return rc;
}

int kaiji_store_audit(kaiji_store *store, const char *actor, const char *action,
                      const char *target, const char *detail)
{
    char now[32];
    int rc = KAIJI_OK;
    /* Kept as UTF-8 on both engines: a file name's other bytes in the shown
     * form (kaiji_text_path_utf8). */
    char *t = kaiji_text_path_utf8(target ? target : "");
    char *d = kaiji_text_path_utf8(detail ? detail : "");
    kaiji_stmt *s = NULL;
    if (!t || !d) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    if (!(s = kaiji_store_prepare(store, "INSERT INTO audit_log(at, actor, action,"
                                         " target, detail) VALUES (?, ?, ?, ?, ?)"))) {
        rc = KAIJI_ERROR_IO;
        goto done;
    }
    kaiji_stmt_bind_text(s, 1, kaiji_store_now(now));
    kaiji_stmt_bind_text(s, 2, actor ? actor : "");
    kaiji_stmt_bind_text(s, 3, action ? action : "");
    kaiji_stmt_bind_text(s, 4, t);
    kaiji_stmt_bind_text(s, 5, d);
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot write the audit log"));
done:
    kaiji_stmt_finalize(s);
    free(t);
    free(d);
    return rc;
}

void kaiji_audit_list_free(kaiji_audit_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        kaiji_audit_entry *e = &list->items[i];
        free(e->at);
        free(e->actor);
        free(e->action);
        free(e->target);
        free(e->detail);
    }
    free(list->items);
    free(list);
}

int kaiji_store_audit_list(kaiji_audit_list **out, kaiji_store *store, const char *action,
                           size_t limit)
{
    kaiji_audit_filter f;
    memset(&f, 0, sizeof f);
    f.action = action;
    f.limit = limit;
    return kaiji_store_audit_find(out, store, &f);
}
