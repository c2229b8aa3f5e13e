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
    st->site_total = 1;
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
    else {
        st->site = kaiji_stmt_int64(s, 0);
        st->site_total = kaiji_stmt_int64(s, 1);
    }
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

long long kaiji_store_site_count(const kaiji_store *store)
{
    return store->site_total;
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

const char *kaiji_store_one_site(void)
{
    return _("an SQLite store holds one hospital: sites are added to a group's PostgreSQL"
             " store (--db postgresql://...)");
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
    if (!pg)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, "%s", kaiji_store_one_site());
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
    if (rc != KAIJI_OK)
        return rc;
    return kaiji_store_site_use_id(store, site);
}

int kaiji_store_site_use_id(kaiji_store *store, long long site)
{
    int rc;
    if (site == store->site)
        return KAIJI_OK;
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

int kaiji_store_sites_open(kaiji_store *st, char saved[KAIJI_STORE_SITE_SAVED])
{
    saved[0] = '\0';
    if (kaiji_db_engine_of(st->db) != KAIJI_DB_PG)
        return KAIJI_OK;
    /* Read, then set: two statements, so that the order is sure (the
     * setting put back must be the one before "all"). */
    kaiji_stmt *s = kaiji_store_prepare(st, "SELECT current_setting('kaiji.site', true)");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW)
        snprintf(saved, KAIJI_STORE_SITE_SAVED, "%s", kaiji_store_col(s, 0));
    else
        rc = kaiji_store_sqlfail(st, _("cannot read the sites"));
    kaiji_stmt_finalize(s);
    if (rc == KAIJI_OK)
        rc = kaiji_store_exec(st, "SELECT set_config('kaiji.site', 'all', false)");
    return rc;
}

int kaiji_store_sites_close(kaiji_store *st, const char saved[KAIJI_STORE_SITE_SAVED])
{
    if (kaiji_db_engine_of(st->db) != KAIJI_DB_PG)
        return KAIJI_OK;
    kaiji_stmt *s = kaiji_store_prepare(st, "SELECT set_config('kaiji.site', ?, false)");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, saved);
    if (kaiji_stmt_step(s) != KAIJI_DB_ROW)
        rc = kaiji_store_sqlfail(st, _("cannot read the sites"));
    kaiji_stmt_finalize(s);
    return rc;
}

void kaiji_site_list_free(kaiji_site_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].name);
    free(list->items);
    free(list);
}

int kaiji_store_sites(kaiji_site_list **out, kaiji_store *store)
{
    bool pg = kaiji_db_engine_of(store->db) == KAIJI_DB_PG;
    kaiji_site_list *l = calloc(1, sizeof *l);
    kaiji_stmt *s = NULL;
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
    /* Only the sites the connection may work on: on SQLite the one, on
     * PostgreSQL a site's role its own, the group's role every site. */
    s = kaiji_store_prepare(
        store, pg ? "SELECT t.id, t.name,"
                    " (SELECT count(*) FROM contracts c WHERE c.site_id = t.id AND c.active = 1),"
                    " (SELECT count(*) FROM submissions u WHERE u.site_id = t.id)"
                    " FROM sites t WHERE t.id = ANY (kaiji_sites()) ORDER BY t.id"
                  : "SELECT t.id, t.name,"
                    " (SELECT count(*) FROM contracts c WHERE c.site_id = t.id AND c.active = 1),"
                    " (SELECT count(*) FROM submissions u WHERE u.site_id = t.id)"
                    " FROM sites t WHERE t.id = 1");
    rc = KAIJI_ERROR_IO;
    if (!s)
        goto error;
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        rc = KAIJI_ERROR_NOMEM;
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        kaiji_site *t = &l->items[l->count];
        memset(t, 0, sizeof *t);
        t->id = kaiji_stmt_int64(s, 0);
        t->contracts = (size_t)kaiji_stmt_int64(s, 2);
        t->submissions = (size_t)kaiji_stmt_int64(s, 3);
        if (!(t->name = strdup(kaiji_store_col(s, 1))))
            goto error;
        l->count++;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the sites"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    if ((rc = kaiji_store_sites_close(store, saved)) != KAIJI_OK) {
        kaiji_site_list_free(l);
        return rc;
    }
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_store_sites_close(store, saved);
    kaiji_site_list_free(l);
    return rc;
}
