/*
 * store/audit.c - the audit log read through a filter (kaiji/store.h): by
 * person, action and a range of days, for kaiji serve's audit page and its
 * CSV.  Plain SQL (string comparison of the log's ISO times); the days of
 * the filter in UTC or in this computer's local time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"

/* The start of day d, or of the day after it, as the log writes times
 * ("YYYY-MM-DD", which sorts before that day's "YYYY-MM-DDT…"; with local,
 * the UTC time at which that day of local time begins), into buf. */
static void day_start(char buf[24], kaiji_date d, int add, bool local)
{
    int y, m, dd;
    kaiji_civil_from_days(kaiji_days_from_civil(d.year, d.month, d.day) + add, &y, &m, &dd);
    if (local) {
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd, .tm_isdst = -1};
        struct tm utc;
        time_t t = mktime(&tm);
        if (t != (time_t)-1 && gmtime_r(&t, &utc) &&
            strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &utc))
            return;
    }
    snprintf(buf, 24, "%04d-%02d-%02d", y, m, dd);
}

int kaiji_store_audit_find(kaiji_audit_list **out, kaiji_store *store,
                           const kaiji_audit_filter *filter)
{
    kaiji_stmt *s;
    kaiji_audit_list *l;
    size_t cap = 0;
    char from[24] = "", to[24] = "";
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if ((filter->from.year && !kaiji_date_valid(filter->from)) ||
        (filter->to.year && !kaiji_date_valid(filter->to)))
        return KAIJI_ERROR_INVALID;
    if (filter->from.year)
        day_start(from, filter->from, 0, filter->local_days);
    if (filter->to.year)
        day_start(to, filter->to, 1, filter->local_days); /* before the next day: the whole of the last */
    if (!(l = calloc(1, sizeof *l)))
        return KAIJI_ERROR_NOMEM;
    s = kaiji_store_prepare(store, "SELECT id, at, actor, action, target, detail FROM audit_log"
                                   " WHERE (CAST(?1 AS TEXT) IS NULL OR actor = ?1)"
                                   " AND (CAST(?2 AS TEXT) IS NULL OR action = ?2)"
                                   " AND (CAST(?3 AS TEXT) IS NULL OR at >= ?3)"
                                   " AND (CAST(?4 AS TEXT) IS NULL OR at < ?4)"
                                   " ORDER BY id DESC LIMIT ?5");
    if (!s) {
        free(l);
        return KAIJI_ERROR_IO;
    }
    if (filter->actor && filter->actor[0])
        kaiji_stmt_bind_text(s, 1, filter->actor);
    if (filter->action && filter->action[0])
        kaiji_stmt_bind_text(s, 2, filter->action);
    if (from[0])
        kaiji_stmt_bind_text(s, 3, from);
    if (to[0])
        kaiji_stmt_bind_text(s, 4, to);
    /* No limit: the largest (PostgreSQL refuses SQLite's -1). */
    kaiji_stmt_bind_int64(s, 5, filter->limit ? (long long)filter->limit : 9223372036854775807LL);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        kaiji_audit_entry *e = &l->items[l->count];
        memset(e, 0, sizeof *e);
        l->count++;
        e->id = kaiji_stmt_int64(s, 0);
        if (!(e->at = strdup(kaiji_store_col(s, 1))) ||
            !(e->actor = strdup(kaiji_store_col(s, 2))) ||
            !(e->action = strdup(kaiji_store_col(s, 3))) ||
            !(e->target = strdup(kaiji_store_col(s, 4))) ||
            !(e->detail = strdup(kaiji_store_col(s, 5))))
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the audit log"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
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
    kaiji_stmt *s = kaiji_store_prepare(store, sql);
    size_t cap = 0;
    int step, rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(*out, *count, cap) ||
            !((*out)[*count] = strdup(kaiji_store_col(s, 0)))) {
            rc = KAIJI_ERROR_NOMEM;
            break;
        }
        (*count)++;
    }
    if (rc == KAIJI_OK && step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot read the audit log"));
    kaiji_stmt_finalize(s);
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
