/*
 * store/sites.c - the sites of a store (a hospital group's hospitals): adding
 * one, with the PostgreSQL role that acts for it, and choosing the site a
 * group's connection works on.  Row-level security itself is in the schema
 * (store/store.c, step 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "text/text.h"

/* Longest role name PostgreSQL keeps (NAMEDATALEN - 1). */
#define ROLE_MAX 63

int kaiji_store_site_init(kaiji_store *st)
{
    st->site = 1;
    if (kaiji_db_engine_of(st->db) != KAIJI_DB_PG)
        return KAIJI_OK;
    /* A role that bypasses row-level security (a superuser) would see every
     * site's rows as its own: refused once the store holds more than one. */
    kaiji_stmt *s = kaiji_store_prepare(
        st, "SELECT kaiji_site(), (SELECT count(*) FROM sites),"
            " (SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles"
            "  WHERE rolname = current_user)");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    if (kaiji_stmt_step(s) != KAIJI_DB_ROW)
        rc = kaiji_store_sqlfail(st, _("cannot read the store's site"));
    else if (kaiji_stmt_int64(s, 1) > 1 && kaiji_stmt_int(s, 2))
        rc = kaiji_store_fail(st, KAIJI_ERROR_INVALID,
                              _("this role bypasses row-level security (a superuser), and the"
                                " store holds several sites whose rows it would mix: connect as"
                                " a site's role or as the group's role"));
    else
        st->site = kaiji_stmt_int64(s, 0);
    kaiji_stmt_finalize(s);
    return rc;
}

const char *kaiji_store_name(const kaiji_store *store)
{
    return store->path;
}

long long kaiji_store_site(const kaiji_store *store)
{
    return store->site;
}

/* true when role is a plain PostgreSQL name: lower-case letters, digits and
 * "_", not starting with a digit (so it needs no quoting anywhere). */
static bool plain_role(const char *role)
{
    size_t n = strlen(role);
    if (n == 0 || n > ROLE_MAX || (role[0] >= '0' && role[0] <= '9'))
        return false;
    for (const char *p = role; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

/* Grants role what kaiji needs in the store's schema: to read and write the
 * rows of its site (row-level security keeps the others away), to append to
 * the audit log, to read the sites and migrations. */
static int grant(kaiji_store *st, const char *role)
{
    char *sql = kaiji_strprintf(
        "DO $$BEGIN"
        " EXECUTE format('GRANT USAGE ON SCHEMA %%I TO %s', current_schema());"
        " EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %%I TO %s', current_schema());"
        " END$$;"
        "GRANT SELECT, INSERT, UPDATE, DELETE ON contracts, contract_history, submissions,"
        " links, refused_links, mails, mail_contracts, fetch_state, users, watch_seen,"
        " vendor_links, checklist_header, checklist_answers TO %s;"
        "GRANT SELECT, INSERT ON audit_log TO %s;"
        "GRANT SELECT ON sites, migrations TO %s",
        role, role, role, role, role);
    if (!sql)
        return KAIJI_ERROR_NOMEM;
    int rc = kaiji_store_exec(st, sql);
    free(sql);
    return rc;
}

int kaiji_store_site_add(long long *id, kaiji_store *store, const char *name, const char *role)
{
    bool pg = kaiji_db_engine_of(store->db) == KAIJI_DB_PG;
    char now[32];
    int rc = KAIJI_OK;

    if (id)
        *id = 0;
    if (!name || !name[0] || !kaiji_text_utf8_valid(name, strlen(name)))
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("a site needs a name (UTF-8)"));
    if (role && !pg)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("a site's role is PostgreSQL's: an SQLite store has none"));
    if (role && !plain_role(role))
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("role \"%s\": use lower-case letters, digits and _"), role);
    kaiji_stmt *s = kaiji_store_prepare(store, "INSERT INTO sites(name, role, created_at)"
                                               " VALUES (?, ?, ?)");
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, name);
    kaiji_stmt_bind_text(s, 2, role);
    kaiji_stmt_bind_text(s, 3, kaiji_store_now(now));
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot add the site"));
    kaiji_stmt_finalize(s);
    if (rc == KAIJI_OK && id)
        *id = kaiji_db_last_insert_id(store->db);
    if (rc == KAIJI_OK && role)
        rc = grant(store, role);
    return rc;
}

int kaiji_store_site_use(kaiji_store *store, const char *name)
{
    long long site = 0;
    int rc = KAIJI_OK;
    kaiji_stmt *s = kaiji_store_prepare(store, "SELECT id FROM sites WHERE name = ?");
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, name ? name : "");
    int step = kaiji_stmt_step(s);
    if (step == KAIJI_DB_ROW)
        site = kaiji_stmt_int64(s, 0);
    else if (step == KAIJI_DB_DONE)
        rc = kaiji_store_fail(store, KAIJI_ERROR_NOT_FOUND, _("no site is named \"%s\""), name);
    else
        rc = kaiji_store_sqlfail(store, _("cannot read the sites"));
    kaiji_stmt_finalize(s);
    if (rc != KAIJI_OK || site == store->site)
        return rc;
    if (kaiji_db_engine_of(store->db) != KAIJI_DB_PG)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("an SQLite store holds one site: copy the site into a store"
                                  " of its own (kaiji store copy --site)"));
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT set_config('kaiji.site', '%lld', false)", site);
    if ((rc = kaiji_store_exec(store, sql)) != KAIJI_OK ||
        (rc = kaiji_store_site_init(store)) != KAIJI_OK)
        return rc;
    if (store->site != site)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("this connection's role acts for another site: connect as the"
                                  " group's role to choose a site"));
    kaiji_store_contracts_changed(store);
    return KAIJI_OK;
}
