/*
 * store/audit.c - the audit log read through a filter (kaiji/store.h): by
 * person, action and a range of days, for kaiji serve's audit page and its
 * CSV.  Plain SQL (string comparison of the log's ISO times).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"

/* "YYYY-MM-DD" of d, or of the day after it, into buf. */
static void iso_day(char buf[16], kaiji_date d, int add)
{
    int y, m, dd;
    kaiji_civil_from_days(kaiji_days_from_civil(d.year, d.month, d.day) + add, &y, &m, &dd);
    snprintf(buf, 16, "%04d-%02d-%02d", y, m, dd);
}

int kaiji_store_audit_find(kaiji_audit_list **out, kaiji_store *store,
                           const kaiji_audit_filter *filter)
{
    sqlite3_stmt *s;
    kaiji_audit_list *l;
    size_t cap = 0;
    char from[16] = "", to[16] = "";
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if ((filter->from.year && !kaiji_date_valid(filter->from)) ||
        (filter->to.year && !kaiji_date_valid(filter->to)))
        return KAIJI_ERROR_INVALID;
    if (filter->from.year)
        iso_day(from, filter->from, 0);
    if (filter->to.year)
        iso_day(to, filter->to, 1); /* before the next day: the whole of the last */
    if (!(l = calloc(1, sizeof *l)))
        return KAIJI_ERROR_NOMEM;
    s = kaiji_store_prepare(store, "SELECT id, at, actor, action, target, detail FROM audit_log"
                                   " WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2)"
                                   " AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)"
                                   " ORDER BY id DESC LIMIT ?5");
    if (!s) {
        free(l);
        return KAIJI_ERROR_IO;
    }
    if (filter->actor && filter->actor[0])
        sqlite3_bind_text(s, 1, filter->actor, -1, SQLITE_STATIC);
    if (filter->action && filter->action[0])
        sqlite3_bind_text(s, 2, filter->action, -1, SQLITE_STATIC);
    if (from[0])
        sqlite3_bind_text(s, 3, from, -1, SQLITE_STATIC);
    if (to[0])
        sqlite3_bind_text(s, 4, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, filter->limit ? (sqlite3_int64)filter->limit : -1);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        kaiji_audit_entry *e = &l->items[l->count];
        memset(e, 0, sizeof *e);
        l->count++;
        e->id = sqlite3_column_int64(s, 0);
        if (!(e->at = strdup(kaiji_store_col(s, 1))) ||
            !(e->actor = strdup(kaiji_store_col(s, 2))) ||
            !(e->action = strdup(kaiji_store_col(s, 3))) ||
            !(e->target = strdup(kaiji_store_col(s, 4))) ||
            !(e->detail = strdup(kaiji_store_col(s, 5))))
            goto error;
    }
    if (step != SQLITE_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the audit log"));
        goto error;
    }
    sqlite3_finalize(s);
    *out = l;
    return KAIJI_OK;
error:
    sqlite3_finalize(s);
    kaiji_audit_list_free(l);
    return rc;
}

void kaiji_audit_names_free(kaiji_audit_names *names)
{
    if (!names)
        return;
    for (size_t i = 0; i < names->actor_count; i++)
        free(names->actors[i]);
    for (size_t i = 0; i < names->action_count; i++)
        free(names->actions[i]);
    free(names->actors);
    free(names->actions);
    free(names);
}

/* The distinct values of one column (actor or action, a fixed SQL text). */
static int distinct(char ***out, size_t *count, kaiji_store *store, const char *sql)
{
    sqlite3_stmt *s = kaiji_store_prepare(store, sql);
    size_t cap = 0;
    int step, rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (!KAIJI_GROW(*out, *count, cap) ||
            !((*out)[*count] = strdup(kaiji_store_col(s, 0)))) {
            rc = KAIJI_ERROR_NOMEM;
            break;
        }
        (*count)++;
    }
    if (rc == KAIJI_OK && step != SQLITE_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot read the audit log"));
    sqlite3_finalize(s);
    return rc;
}

int kaiji_store_audit_names(kaiji_audit_names **out, kaiji_store *store)
{
    kaiji_audit_names *n = calloc(1, sizeof *n);
    int rc;
    *out = NULL;
    if (!n)
        return KAIJI_ERROR_NOMEM;
    rc = distinct(&n->actors, &n->actor_count, store,
                  "SELECT DISTINCT actor FROM audit_log ORDER BY actor");
    if (rc == KAIJI_OK)
        rc = distinct(&n->actions, &n->action_count, store,
                      "SELECT DISTINCT action FROM audit_log ORDER BY action");
    if (rc != KAIJI_OK) {
        kaiji_audit_names_free(n);
        return rc;
    }
    *out = n;
    return KAIJI_OK;
}
