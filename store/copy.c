/*
 * store/copy.c - one site's rows from one store into another (SQLite to
 * PostgreSQL and back), verified by counts and content hashes; the online
 * backup of an SQLite store.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "base/buf.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "text/text.h"

/* The tables of a site, parents first: every table of the schema with a
 * site_id column (store/store.c's migrations; tests/test_store.c checks the
 * list against the schema of both engines).  key: a column numbered by the
 * store (the target gives new numbers, kept in a map); ref: a column holding
 * the number of the table at ref_table, said again with the target's. */
static const struct copy_table {
    const char *name;
    const char *key;
    const char *ref;
    int ref_table;
    const char *order;
} tables[KAIJI_STORE_COPY_TABLES] = {
    {"contracts", NULL, NULL, -1, "id"},
    {"contract_history", "id", NULL, -1, "id"},
    {"submissions", "id", NULL, -1, "id"},
    {"links", NULL, "submission_id", 2, "submission_id, contract_id"},
    {"refused_links", NULL, "submission_id", 2, "submission_id, contract_id"},
    {"mails", "id", NULL, -1, "id"},
    {"mail_contracts", NULL, "mail_id", 5, "mail_id, contract_id"},
    {"fetch_state", NULL, NULL, -1, "contract_id"},
    {"users", NULL, NULL, -1, "name"},
    {"audit_log", "id", NULL, -1, "id"},
    {"watch_seen", NULL, NULL, -1, "path, size, mtime"},
    {"vendor_links", "id", NULL, -1, "id"},
    {"checklist_header", NULL, NULL, -1, "name"},
    {"checklist_answers", NULL, NULL, -1, "position, item"},
};

/* Old numbers to new, in the order the rows were copied (old ascending). */
typedef struct idmap {
    long long *old, *new_;
    size_t count, cap;
} idmap;

static long long map_find(const idmap *m, long long old)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->old[mid] < old)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->count && m->old[lo] == old ? m->new_[lo] : -1;
}

static int map_add(idmap *m, long long old, long long nw)
{
    size_t cap = m->cap;
    if (!KAIJI_GROW(m->old, m->count, cap))
        return KAIJI_ERROR_NOMEM;
    cap = m->cap;
    if (!KAIJI_GROW(m->new_, m->count, cap))
        return KAIJI_ERROR_NOMEM;
    m->cap = cap;
    m->old[m->count] = old;
    m->new_[m->count++] = nw;
    return KAIJI_OK;
}

/* v as a copy keeps it: well-formed UTF-8 as it is; other bytes (a file
 * name an older SQLite store holds raw) in kaiji's shown form
 * (kaiji_text_path_show), which PostgreSQL's text takes and status shows
 * alike.  *owned is what to free (NULL when v is kept); NULL when out of
 * memory. */
static const char *as_utf8(const char *v, char **owned)
{
    *owned = NULL;
    if (!v || kaiji_text_utf8_valid(v, strlen(v)))
        return v;
    return *owned = kaiji_text_path_utf8(v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Counts the rows of site in table t of st and hashes them: each row's
 * columns but the numbers the store gives (key, ref, site_id), "\N" for
 * NULL, the rows sorted, so both engines give the same. */
static int digest(kaiji_store *st, const struct copy_table *t, long long site,
                  kaiji_store_copy_table *out)
{
    char *sql = kaiji_strprintf("SELECT * FROM %s WHERE site_id = ?", t->name);
    kaiji_stmt *s = sql ? kaiji_store_prepare(st, sql) : NULL;
    char **rows = NULL;
    size_t n = 0, cap = 0;
    kaiji_buf row = KAIJI_BUF_INIT, all = KAIJI_BUF_INIT;
    int rc = KAIJI_OK, step;

    if (!s) {
        rc = sql ? KAIJI_ERROR_IO : KAIJI_ERROR_NOMEM;
        goto done;
    }
    kaiji_stmt_bind_int64(s, 1, site);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        kaiji_buf_reset(&row);
        for (int c = 0; c < kaiji_stmt_column_count(s); c++) {
            const char *col = kaiji_stmt_column_name(s, c);
            if (strcmp(col, "site_id") == 0 || (t->key && strcmp(col, t->key) == 0) ||
                (t->ref && strcmp(col, t->ref) == 0))
                continue;
            char *owned;
            const char *v = as_utf8(kaiji_stmt_text(s, c), &owned);
            if (!v && kaiji_stmt_text(s, c)) {
                rc = KAIJI_ERROR_NOMEM;
                goto done;
            }
            kaiji_buf_printf(&row, "%s=%s\x1f", col, v ? v : "\\N");
            free(owned);
        }
        char *r = kaiji_buf_detach(&row, NULL);
        if (!r || !KAIJI_GROW(rows, n, cap)) {
            free(r);
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        rows[n++] = r;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(st, _("cannot read the store"));
        goto done;
    }
    if (n)
        qsort(rows, n, sizeof *rows, cmp_str);
    for (size_t i = 0; i < n; i++) {
        kaiji_buf_puts(&all, rows[i]);
        kaiji_buf_putc(&all, '\x1e');
    }
    if (all.failed) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    out->table = t->name;
    out->rows = (long long)n;
    kaiji_text_sha256(all.data ? all.data : "", all.len, out->sha256);

done:
    for (size_t i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
    kaiji_buf_free(&row);
    kaiji_buf_free(&all);
    kaiji_stmt_finalize(s);
    free(sql);
    return rc;
}

/* Copies table t's rows of from's site into to's site. */
static int copy_table(kaiji_store *from, kaiji_store *to, const struct copy_table *t,
                      idmap maps[KAIJI_STORE_COPY_TABLES])
{
    char *sql = kaiji_strprintf("SELECT * FROM %s WHERE site_id = ? ORDER BY %s", t->name,
                                t->order);
    kaiji_stmt *r = sql ? kaiji_store_prepare(from, sql) : NULL, *w = NULL;
    kaiji_buf ins = KAIJI_BUF_INIT;
    int rc = !sql ? KAIJI_ERROR_NOMEM : !r ? KAIJI_ERROR_IO : KAIJI_OK;
    int step, ncols = 0, key_col = -1, ref_col = -1;

    free(sql);
    if (rc != KAIJI_OK)
        return rc;
    kaiji_stmt_bind_int64(r, 1, from->site);
    while ((step = kaiji_stmt_step(r)) == KAIJI_DB_ROW) {
        if (!w) {
            /* The INSERT, from the columns the first row has: the site's
             * column is the target's, a key column the target numbers. */
            ncols = kaiji_stmt_column_count(r);
            int params = 0;
            kaiji_buf_printf(&ins, "INSERT INTO %s(site_id", t->name);
            for (int c = 0; c < ncols; c++) {
                const char *col = kaiji_stmt_column_name(r, c);
                if (t->key && strcmp(col, t->key) == 0)
                    key_col = c;
                if (t->ref && strcmp(col, t->ref) == 0)
                    ref_col = c;
                if (strcmp(col, "site_id") != 0 && c != key_col) {
                    kaiji_buf_printf(&ins, ", %s", col);
                    params++;
                }
            }
            kaiji_buf_puts(&ins, ") VALUES (?");
            for (int i = 0; i < params; i++)
                kaiji_buf_puts(&ins, ", ?");
            kaiji_buf_puts(&ins, ")");
            if (ins.failed) {
                rc = KAIJI_ERROR_NOMEM;
                goto done;
            }
            if (!(w = kaiji_store_prepare(to, ins.data))) {
                rc = KAIJI_ERROR_IO;
                goto done;
            }
        }
        kaiji_stmt_reset(w);
        kaiji_stmt_bind_int64(w, 1, to->site);
        int p = 2;
        for (int c = 0; c < ncols; c++) {
            const char *col = kaiji_stmt_column_name(r, c);
            if (strcmp(col, "site_id") == 0 || c == key_col)
                continue;
            if (c == ref_col) {
                long long nw = map_find(&maps[t->ref_table], kaiji_stmt_int64(r, c));
                if (nw < 0) {
                    rc = kaiji_store_fail(from, KAIJI_ERROR_IO,
                                          _("%s: a row names %s %lld, which is not there"),
                                          t->name, t->ref, kaiji_stmt_int64(r, c));
                    goto done;
                }
                kaiji_stmt_bind_int64(w, p++, nw);
            } else {
                char *owned;
                const char *v = as_utf8(kaiji_stmt_text(r, c), &owned);
                int bound = v || !kaiji_stmt_text(r, c) ? kaiji_stmt_bind_text(w, p++, v) : -1;
                free(owned);
                if (bound != 0) {
                    rc = KAIJI_ERROR_NOMEM;
                    goto done;
                }
            }
        }
        if (kaiji_stmt_step(w) != KAIJI_DB_DONE) {
            rc = kaiji_store_sqlfail(to, _("cannot write the store"));
            kaiji_store_fail(from, rc, "%s: %s", t->name, kaiji_store_errmsg(to));
            goto done;
        }
        if (key_col >= 0) {
            long long nw = kaiji_db_last_insert_id(to->db);
            if (nw < 0 || (rc = map_add(&maps[t - tables], kaiji_stmt_int64(r, key_col), nw)) !=
                              KAIJI_OK) {
                rc = nw < 0 ? kaiji_store_sqlfail(to, _("cannot write the store")) : rc;
                goto done;
            }
        }
    }
    if (step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(from, _("cannot read the store"));

done:
    kaiji_buf_free(&ins);
    kaiji_stmt_finalize(w);
    kaiji_stmt_finalize(r);
    return rc;
}

int kaiji_store_copy(kaiji_store_copy_report *out, kaiji_store *from, kaiji_store *to)
{
    idmap maps[KAIJI_STORE_COPY_TABLES];
    int rc = KAIJI_OK;

    memset(out, 0, sizeof *out);
    memset(maps, 0, sizeof maps);
    /* Into an empty site only: what is there is never mixed with a copy. */
    for (size_t i = 0; i < KAIJI_STORE_COPY_TABLES; i++) {
        kaiji_store_copy_table d;
        if ((rc = digest(to, &tables[i], to->site, &d)) != KAIJI_OK) {
            kaiji_store_fail(from, rc, "%s", kaiji_store_errmsg(to));
            return rc;
        }
        if (d.rows)
            return kaiji_store_fail(from, KAIJI_ERROR_INVALID,
                                    _("the target already holds rows of this site (%s): copy"
                                      " into an empty store or a new site"), tables[i].name);
    }
    if ((rc = kaiji_store_begin(to)) != KAIJI_OK) {
        kaiji_store_fail(from, rc, "%s", kaiji_store_errmsg(to));
        return rc;
    }
    for (size_t i = 0; i < KAIJI_STORE_COPY_TABLES && rc == KAIJI_OK; i++)
        rc = copy_table(from, to, &tables[i], maps);
    /* Verified inside the transaction: a difference commits nothing. */
    for (size_t i = 0; i < KAIJI_STORE_COPY_TABLES && rc == KAIJI_OK; i++) {
        kaiji_store_copy_table a, b;
        if ((rc = digest(from, &tables[i], from->site, &a)) != KAIJI_OK)
            break;
        if ((rc = digest(to, &tables[i], to->site, &b)) != KAIJI_OK) {
            kaiji_store_fail(from, rc, "%s", kaiji_store_errmsg(to));
            break;
        }
        if (a.rows != b.rows || strcmp(a.sha256, b.sha256) != 0) {
            rc = kaiji_store_fail(from, KAIJI_ERROR_IO,
                                  _("%s: the copy differs (%lld rows, %lld copied): nothing"
                                    " copied"), tables[i].name, a.rows, b.rows);
            break;
        }
        out->tables[out->count++] = a;
    }
    if (rc == KAIJI_OK && (rc = kaiji_store_commit(to)) != KAIJI_OK)
        kaiji_store_fail(from, rc, "%s", kaiji_store_errmsg(to));
    if (rc != KAIJI_OK)
        kaiji_store_rollback(to);
    for (size_t i = 0; i < KAIJI_STORE_COPY_TABLES; i++) {
        free(maps[i].old);
        free(maps[i].new_);
    }
    return rc;
}

int kaiji_store_backup(kaiji_store *store, const char *path)
{
    if (kaiji_db_engine_of(store->db) != KAIJI_DB_SQLITE)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("kaiji store backup copies an SQLite store: back up a"
                                  " PostgreSQL database with pg_dump"));
    /* A new private file: never over another, never through a link. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return kaiji_store_fail(store, KAIJI_ERROR_IO, _("cannot create %s: %s"), path,
                                strerror(errno));
    close(fd);
    if (kaiji_db_backup(store->db, path) != 0) {
        int rc = kaiji_store_sqlfail(store, _("cannot back up the store"));
        unlink(path);
        return rc;
    }
    return KAIJI_OK;
}
