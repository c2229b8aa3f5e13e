/*
 * store/hospital_answers.c - the hospital's own answers to its checklist
 * (医療機関確認用), as kaiji serve's reports page keeps them between visits
 * (include/kaiji/store.h).  Plain SQL: two small tables, replaced whole.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "text/text.h"

void kaiji_hospital_answers_free(kaiji_hospital_answers *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->count; i++)
        free(a->items[i].item);
    free(a->items);
    free(a->organisation);
    free(a->author);
    free(a->updated_at);
    free(a->updated_by);
    free(a);
}

static const char *answer_code(kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES ? "yes" : a == KAIJI_ANSWER_NO ? "no" : "";
}

static kaiji_answer answer_of(const char *code)
{
    return strcmp(code, "yes") == 0  ? KAIJI_ANSWER_YES
           : strcmp(code, "no") == 0 ? KAIJI_ANSWER_NO
                                     : KAIJI_ANSWER_BLANK;
}

int kaiji_store_hospital_answers_get(kaiji_hospital_answers **out, kaiji_store *store)
{
    kaiji_hospital_answers *a = calloc(1, sizeof *a);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if (!a || !(a->organisation = strdup("")) || !(a->author = strdup("")) ||
        !(a->updated_at = strdup("")) || !(a->updated_by = strdup("")))
        goto error;
    if (!(s = kaiji_store_prepare(store, "SELECT name, value FROM checklist_header"))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = kaiji_store_col(s, 0);
        char **to = strcmp(name, "organisation") == 0 ? &a->organisation
                    : strcmp(name, "author") == 0     ? &a->author
                                                      : NULL;
        char *v;
        if (!to)
            continue;
        if (!(v = strdup(kaiji_store_col(s, 1))))
            goto error;
        free(*to);
        *to = v;
    }
    if (step != SQLITE_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the hospital's checklist answers"));
        goto error;
    }
    sqlite3_finalize(s);
    if (!(s = kaiji_store_prepare(store, "SELECT item, answer, target_date, updated_at,"
                                         " updated_by FROM checklist_answers ORDER BY rowid"))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        kaiji_hospital_answer *h;
        if (!KAIJI_GROW(a->items, a->count, cap))
            goto error;
        h = &a->items[a->count];
        memset(h, 0, sizeof *h);
        if (!(h->item = strdup(kaiji_store_col(s, 0))))
            goto error;
        a->count++;
        h->answer = answer_of(kaiji_store_col(s, 1));
        if (!kaiji_text_parse_date(kaiji_store_col(s, 2), &h->target_date))
            memset(&h->target_date, 0, sizeof h->target_date);
        if (strcmp(kaiji_store_col(s, 3), a->updated_at) > 0) {
            char *at = strdup(kaiji_store_col(s, 3)), *by = strdup(kaiji_store_col(s, 4));
            if (!at || !by) {
                free(at);
                free(by);
                goto error;
            }
            free(a->updated_at);
            free(a->updated_by);
            a->updated_at = at;
            a->updated_by = by;
        }
    }
    if (step != SQLITE_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the hospital's checklist answers"));
        goto error;
    }
    sqlite3_finalize(s);
    *out = a;
    return KAIJI_OK;
error:
    sqlite3_finalize(s);
    kaiji_hospital_answers_free(a);
    return rc;
}

/* Runs one statement with up to five text parameters (NULL binds NULL). */
static int run(kaiji_store *store, const char *sql, const char *const p[5], const char *what)
{
    sqlite3_stmt *s = kaiji_store_prepare(store, sql);
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    for (int i = 0; p && i < 5 && i < sqlite3_bind_parameter_count(s); i++)
        if (p[i])
            sqlite3_bind_text(s, i + 1, p[i], -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = kaiji_store_sqlfail(store, what);
    sqlite3_finalize(s);
    return rc;
}

int kaiji_store_hospital_answers_set(kaiji_store *store, const kaiji_hospital_answers *a,
                                     const char *by)
{
    const char *what = _("cannot record the hospital's checklist answers");
    char now[32], date[11];
    int rc;
    kaiji_store_now(now);
    if ((rc = run(store, "DELETE FROM checklist_header", NULL, what)) != KAIJI_OK ||
        (rc = run(store, "DELETE FROM checklist_answers", NULL, what)) != KAIJI_OK)
        return rc;
    const char *org[5] = {"organisation", a->organisation ? a->organisation : ""};
    const char *author[5] = {"author", a->author ? a->author : ""};
    if ((rc = run(store, "INSERT INTO checklist_header(name, value) VALUES (?, ?)", org,
                  what)) != KAIJI_OK ||
        (rc = run(store, "INSERT INTO checklist_header(name, value) VALUES (?, ?)", author,
                  what)) != KAIJI_OK)
        return rc;
    for (size_t i = 0; i < a->count; i++) {
        const kaiji_hospital_answer *h = &a->items[i];
        bool dated = kaiji_date_valid(h->target_date);
        if (h->answer == KAIJI_ANSWER_BLANK && !dated)
            continue;
        const char *p[5] = {h->item, answer_code(h->answer),
                            dated ? kaiji_date_format(date, h->target_date) : NULL, now,
                            by ? by : ""};
        if ((rc = run(store,
                      "INSERT INTO checklist_answers(item, answer, target_date, updated_at,"
                      " updated_by) VALUES (?, ?, ?, ?, ?)",
                      p, what)) != KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}
