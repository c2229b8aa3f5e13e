/*
 * store/db_pg.c - the engine layer over PostgreSQL (libpq): "?"/"?N"
 * placeholders said as "$N", every value sent as text (numbers typed
 * bigint), rows read from one result, statements prepared once a
 * connection, writers kept in order by a transaction-scoped advisory lock.
 * libpq is loaded when a postgresql:// store is first opened
 * (platform/dl.h): a command on an SQLite file never maps it.  The Windows
 * build has no PostgreSQL (the stub at the end).
 */
#ifndef _WIN32
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/buf.h"
#include "kaiji/common.h"
#include "model/i18n.h"
#include "platform/dl.h"
#include "store/db.h"
#include "text/text.h"

/* The Debian package that has libpq, for the message when it is missing. */
#define KAIJI_PQ_PACKAGE "libpq5"

/* Every libpq function kaiji calls: member, symbol. */
#define KAIJI_PQ_FUNCTIONS(X)                                                                  \
    X(connectdb, PQconnectdb) X(status, PQstatus) X(error_message, PQerrorMessage)             \
    X(finish, PQfinish) X(exec, PQexec) X(result_status, PQresultStatus) X(clear, PQclear)     \
    X(result_error_field, PQresultErrorField) X(ntuples, PQntuples)                            \
    X(getisnull, PQgetisnull) X(getvalue, PQgetvalue) X(nfields, PQnfields) X(fname, PQfname) \
    X(exec_params, PQexecParams) X(exec_prepared, PQexecPrepared) X(prepare, PQprepare)        \
    X(set_notice_processor, PQsetNoticeProcessor) X(cmd_tuples, PQcmdTuples)

/* libpq's functions, typed by its header. */
typedef struct kaiji_pq {
#define KAIJI_PQ_MEMBER(m, f) __typeof__(f) *m;
    KAIJI_PQ_FUNCTIONS(KAIJI_PQ_MEMBER)
#undef KAIJI_PQ_MEMBER
} kaiji_pq;


/* PostgreSQL's type ids of the parameters kaiji sends. */
#define OID_UNKNOWN 0
#define OID_INT8 20
#define OID_TEXT 25

/* How many statements a connection keeps prepared (the store has fewer). */
#define PREPARED_MAX 256

typedef struct pg_db {
    kaiji_db base;
    kaiji_pq pq; /* libpq, loaded for this connection (the table lives here) */
    PGconn *conn;
    /* The statements prepared on this connection, by their SQL and the
     * types of their parameters: each is parsed and planned once. */
    char *prepared[PREPARED_MAX];
    int nprepared;
} pg_db;

typedef struct pg_stmt {
    kaiji_stmt base;
    char *sql;       /* with $N */
    int nparams;
    char **values;   /* nparams, malloc'd or NULL */
    unsigned *types; /* Oid */
    bool *used;      /* nparams: the SQL names it (a parameter it skips must be typed) */
    PGresult *res;
    int row, rows;
    int not_utf8;    /* a bound text that is not UTF-8: its parameter number */
} pg_stmt;

#define CONN(db) (((pg_db *)(db))->conn)
#define API(db) (&((pg_db *)(db))->pq)
#define PS(s) ((pg_stmt *)(s))

/* What SQLSTATE state means, in the layer's words. */
static kaiji_db_fault fault_of_state(const char *state)
{
    if (!state)
        return KAIJI_DB_IOERR;
    if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
        return KAIJI_DB_CONSTRAINT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
        return KAIJI_DB_BUSY;
    if (strcmp(state, "53100") == 0)
        return KAIJI_DB_FULL;
    if (strcmp(state, "53200") == 0)
        return KAIJI_DB_NOMEM;
    if (strcmp(state, "42501") == 0 || strncmp(state, "28", 2) == 0)
        return KAIJI_DB_PERM;
    if (strcmp(state, "25006") == 0)
        return KAIJI_DB_READONLY;
    if (strncmp(state, "08", 2) == 0)
        return KAIJI_DB_CANTOPEN;
    if (strncmp(state, "58", 2) == 0)
        return KAIJI_DB_IOERR;
    if (strncmp(state, "XX00", 4) == 0)
        return KAIJI_DB_CORRUPT;
    return KAIJI_DB_OTHER;
}

/* Records the error of res (or of the connection) on db; returns -1. */
static int pg_fail(kaiji_db *db, const PGresult *res)
{
    const char *msg = res ? API(db)->result_error_field(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = res ? API(db)->result_error_field(res, PG_DIAG_SQLSTATE) : NULL;
    kaiji_db_fault f = fault_of_state(state);
    if (!msg)
        msg = API(db)->error_message(CONN(db));
    if (!res && API(db)->status(CONN(db)) != CONNECTION_OK)
        f = KAIJI_DB_IOERR;
    kaiji_db_set_fault(db, f, "%s", msg && *msg ? msg : "the server did not answer");
    /* libpq's messages end with a newline. */
    size_t n = strlen(db->errmsg);
    while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
        db->errmsg[--n] = '\0';
    return -1;
}

static void pg_close(kaiji_db *db)
{
    pg_db *p = (pg_db *)db;
    if (p->conn)
        API(db)->finish(p->conn);
    for (int i = 0; i < p->nprepared; i++)
        free(p->prepared[i]);
    free(db);
}

static int pg_exec(kaiji_db *db, const char *sql)
{
    PGresult *res = API(db)->exec(CONN(db), sql);
    ExecStatusType st = API(db)->result_status(res);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : pg_fail(db, res);
    API(db)->clear(res);
    return rc;
}

static int pg_begin(kaiji_db *db, long long lock_key)
{
    char sql[192];
    /* The lock's first key is the store's schema: stores in other schemas of
     * the database (the tests') never wait for each other. */
    snprintf(sql, sizeof sql,
             "BEGIN; SELECT pg_advisory_xact_lock("
             "hashtext('kaiji:' || COALESCE(current_schema(), '')), %d)",
             (int)(lock_key & 0x7fffffff));
    if (pg_exec(db, sql) == 0)
        return 0;
    API(db)->clear(API(db)->exec(CONN(db), "ROLLBACK"));
    return -1;
}

/* The first column of the first row of sql as a number, or -1. */
static long long pg_number(kaiji_db *db, const char *sql)
{
    PGresult *res = API(db)->exec(CONN(db), sql);
    long long v = -1;
    if (API(db)->result_status(res) == PGRES_TUPLES_OK && API(db)->ntuples(res) == 1)
        v = API(db)->getisnull(res, 0, 0) ? 0 : strtoll(API(db)->getvalue(res, 0, 0), NULL, 10);
    else
        pg_fail(db, res);
    API(db)->clear(res);
    return v;
}

static long long pg_last_insert_id(kaiji_db *db)
{
    return pg_number(db, "SELECT lastval()");
}

static int pg_schema_version(kaiji_db *db)
{
    long long have = pg_number(db, "SELECT count(*) FROM pg_catalog.pg_tables"
                                   " WHERE tablename = 'migrations'"
                                   " AND schemaname = current_schema()");
    if (have <= 0)
        return (int)have;
    return (int)pg_number(db, "SELECT max(version) FROM migrations");
}

static int pg_set_schema_version(kaiji_db *db, int version)
{
    (void)db;
    (void)version;
    return 0;
}

/* sql with SQLite's placeholders ("?", "?N") said as "$N", outside quotes
 * and comments; *nparams the highest number.  malloc'd, NULL when out of
 * memory. */
static char *translate(const char *sql, int *nparams, bool **used)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p;) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            kaiji_buf_putc(&b, *p++);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            kaiji_buf_putc(&b, *p++);
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                kaiji_buf_putc(&b, *p++);
        } else if (*p == '?') {
            int n = 0;
            p++;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9' && n < 100000)
                    n = n * 10 + (*p++ - '0');
            }
            if (n < 1)
                n = max + 1; /* "?" (and "?0", which SQLite refuses anyway) */
            if (n > max) {
                bool *u = realloc(*used, (size_t)n * sizeof *u);
                if (!u) {
                    b.failed = true;
                    break;
                }
                memset(u + max, 0, (size_t)(n - max) * sizeof *u);
                *used = u;
                max = n;
            }
            (*used)[n - 1] = true;
            kaiji_buf_printf(&b, "$%d", n);
        } else {
            kaiji_buf_putc(&b, *p++);
        }
    }
    *nparams = max;
    return kaiji_buf_detach(&b, NULL);
}

static void pg_finalize(kaiji_stmt *s)
{
    pg_stmt *p = PS(s);
    API(s->db)->clear(p->res);
    for (int i = 0; i < p->nparams; i++)
        free(p->values[i]);
    free(p->values);
    free(p->types);
    free(p->used);
    free(p->sql);
    free(p);
}

static kaiji_stmt *pg_prepare(kaiji_db *db, const char *sql)
{
    pg_stmt *p = calloc(1, sizeof *p);
    if (!p || !(p->sql = translate(sql, &p->nparams, &p->used)))
        goto nomem;
    p->base.db = db;
    if (p->nparams && (!(p->values = calloc((size_t)p->nparams, sizeof *p->values)) ||
                       !(p->types = calloc((size_t)p->nparams, sizeof *p->types))))
        goto nomem;
    return &p->base;

nomem:
    if (p)
        pg_finalize(&p->base);
    kaiji_db_set_fault(db, KAIJI_DB_NOMEM, "out of memory");
    return NULL;
}

/* Sets parameter i to a copy of v (NULL: SQL NULL) typed type. */
static int set_param(kaiji_stmt *s, int i, const char *v, unsigned type)
{
    pg_stmt *p = PS(s);
    char *copy = NULL;
    if (i < 1 || i > p->nparams)
        return 0; /* as SQLite: a parameter the SQL does not have is no failure here */
    if (v && !(copy = strdup(v)))
        return kaiji_db_set_fault(s->db, KAIJI_DB_NOMEM, "out of memory");
    free(p->values[i - 1]);
    p->values[i - 1] = copy;
    p->types[i - 1] = type;
    if (p->not_utf8 == i)
        p->not_utf8 = 0;
    if (v && !kaiji_text_utf8_valid(v, strlen(v)))
        p->not_utf8 = i;
    return 0;
}

static int pg_bind_text(kaiji_stmt *s, int i, const char *text)
{
    return set_param(s, i, text, OID_UNKNOWN);
}

static int pg_bind_int64(kaiji_stmt *s, int i, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    return set_param(s, i, buf, OID_INT8);
}

static int pg_bind_null(kaiji_stmt *s, int i)
{
    return set_param(s, i, NULL, OID_UNKNOWN);
}

/* The name of p's statement prepared on db ("k" and its number), preparing
 * it the first time; NULL when it cannot be kept (then it runs unprepared;
 * a failure to prepare is the statement's own and shows when it runs). */
static const char *prepared(kaiji_db *db, const pg_stmt *p)
{
    static _Thread_local char name[16];
    pg_db *d = (pg_db *)db;
    kaiji_buf key = KAIJI_BUF_INIT;
    for (int i = 0; i < p->nparams; i++)
        kaiji_buf_printf(&key, "%u,", p->types[i]);
    kaiji_buf_putc(&key, '|');
    kaiji_buf_puts(&key, p->sql);
    if (key.failed) {
        kaiji_buf_free(&key);
        return NULL;
    }
    for (int i = 0; i < d->nprepared; i++)
        if (strcmp(d->prepared[i], key.data) == 0) {
            kaiji_buf_free(&key);
            snprintf(name, sizeof name, "k%d", i);
            return name;
        }
    if (d->nprepared == PREPARED_MAX) {
        kaiji_buf_free(&key);
        return NULL;
    }
    snprintf(name, sizeof name, "k%d", d->nprepared);
    PGresult *res = API(db)->prepare(d->conn, name, p->sql, p->nparams, p->types);
    bool ok = API(db)->result_status(res) == PGRES_COMMAND_OK;
    API(db)->clear(res);
    if (!ok) {
        kaiji_buf_free(&key);
        return NULL;
    }
    d->prepared[d->nprepared++] = kaiji_buf_detach(&key, NULL);
    return name;
}

static int pg_step(kaiji_stmt *s)
{
    pg_stmt *p = PS(s);
    if (!p->res && p->not_utf8) {
        /* PostgreSQL's text is UTF-8: such a value matches nothing and may
         * not be written; refused here, the transaction goes on. */
        kaiji_db_set_fault(s->db, KAIJI_DB_OTHER, "parameter %d is not UTF-8", p->not_utf8);
        return KAIJI_DB_ERROR;
    }
    if (!p->res) {
        /* A parameter the SQL skips (?1 and ?3 only) has no type to be
         * inferred: text. */
        for (int i = 0; i < p->nparams; i++)
            if (!p->used[i] && p->types[i] == OID_UNKNOWN)
                p->types[i] = OID_TEXT;
        const char *name = prepared(s->db, p);
        p->res = name ? API(s->db)->exec_prepared(CONN(s->db), name, p->nparams,
                                       (const char *const *)p->values, NULL, NULL, 0)
                      : API(s->db)->exec_params(CONN(s->db), p->sql, p->nparams, p->types,
                                     (const char *const *)p->values, NULL, NULL, 0);
        ExecStatusType st = API(s->db)->result_status(p->res);
        if (st == PGRES_TUPLES_OK) {
            p->rows = API(s->db)->ntuples(p->res);
        } else if (st == PGRES_COMMAND_OK) {
            p->rows = 0;
        } else {
            pg_fail(s->db, p->res);
            API(s->db)->clear(p->res);
            p->res = NULL;
            return KAIJI_DB_ERROR;
        }
        p->row = -1;
    }
    if (p->row + 1 < p->rows) {
        p->row++;
        return KAIJI_DB_ROW;
    }
    p->row = p->rows;
    return KAIJI_DB_DONE;
}

static long long pg_changes(kaiji_stmt *s)
{
    return PS(s)->res ? strtoll(API(s->db)->cmd_tuples(PS(s)->res), NULL, 10) : 0;
}

static void pg_reset(kaiji_stmt *s)
{
    API(s->db)->clear(PS(s)->res);
    PS(s)->res = NULL;
}

/* true when the current row has column i. */
static bool has(const pg_stmt *p, int i)
{
    return p->res && p->row >= 0 && p->row < p->rows && i >= 0 && i < API(p->base.db)->nfields(p->res);
}

static const char *pg_text(kaiji_stmt *s, int i)
{
    pg_stmt *p = PS(s);
    if (!has(p, i) || API(s->db)->getisnull(p->res, p->row, i))
        return NULL;
    return API(s->db)->getvalue(p->res, p->row, i);
}

static long long pg_number_of(kaiji_stmt *s, int i)
{
    const char *v = pg_text(s, i);
    if (!v)
        return 0;
    if (strcmp(v, "t") == 0)
        return 1;
    if (strcmp(v, "f") == 0)
        return 0;
    return strtoll(v, NULL, 10);
}

static bool pg_is_null(kaiji_stmt *s, int i)
{
    return pg_text(s, i) == NULL;
}

static int pg_column_count(kaiji_stmt *s)
{
    return PS(s)->res ? API(s->db)->nfields(PS(s)->res) : 0;
}

static const char *pg_column_name(kaiji_stmt *s, int i)
{
    return PS(s)->res ? API(s->db)->fname(PS(s)->res, i) : NULL;
}

static const kaiji_db_ops pg_ops = {
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .last_insert_id = pg_last_insert_id,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .changes = pg_changes,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .text = pg_text,
    .int64 = pg_number_of,
    .is_null = pg_is_null,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
};

/* The server's notices (an index that exists already) are not for the
 * person at the terminal. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Fills *out with libpq's functions; false with the reason in *err. */
static bool pq_load(kaiji_pq *out, char **err)
{
#ifdef KAIJI_DL_LINKED
    kaiji_pq *table = out;
    KAIJI_PQ_FUNCTIONS(KAIJI_DL_LINK)
    (void)err;
    return true;
#else
    static const char *const names[] = {"libpq.so.5", "libpq.so", NULL};
    static const kaiji_dl_symbol syms[] = {
#define KAIJI_PQ_SYMBOL(m, f) KAIJI_DL_SYMBOL(kaiji_pq, m, f),
        KAIJI_PQ_FUNCTIONS(KAIJI_PQ_SYMBOL)
#undef KAIJI_PQ_SYMBOL
    };
    const char *missing = NULL;
    if (kaiji_dl_load(out, names, syms, sizeof syms / sizeof syms[0], &missing))
        return true;
    if (err)
        *err = kaiji_strprintf(_("cannot load libpq (%s), which a postgresql:// store needs:"
                                 " install the package %s"),
                               missing, KAIJI_PQ_PACKAGE);
    return false;
#endif
}

int kaiji_db_pg_open(kaiji_db **out, const char *uri, int busy_ms, char **err)
{
    pg_db *db = calloc(1, sizeof *db);
    char set[160];

    *out = NULL;
    if (!db)
        return KAIJI_ERROR_NOMEM;
    db->base.ops = &pg_ops;
    db->base.engine = KAIJI_DB_PG;
    *out = &db->base;
    char *why = NULL;
    if (!pq_load(&db->pq, &why)) {
        kaiji_db_set_fault(&db->base, KAIJI_DB_OTHER, "%s", why ? why : "libpq");
        free(why);
        return KAIJI_ERROR_IO;
    }
    db->conn = API(&db->base)->connectdb(uri);
    if (!db->conn) {
        kaiji_db_set_fault(&db->base, KAIJI_DB_NOMEM, "out of memory");
        return KAIJI_ERROR_NOMEM;
    }
    if (API(&db->base)->status(db->conn) != CONNECTION_OK) {
        pg_fail(&db->base, NULL);
        db->base.fault = KAIJI_DB_CANTOPEN;
        return KAIJI_ERROR_IO;
    }
    API(&db->base)->set_notice_processor(db->conn, quiet, NULL);
    snprintf(set, sizeof set,
             "SET client_encoding TO 'UTF8'; SET client_min_messages TO warning;"
             " SET lock_timeout TO %d",
             busy_ms);
    if (pg_exec(&db->base, set) != 0)
        return KAIJI_ERROR_IO;
    (void)err;
    return KAIJI_OK;
}

#else /* _WIN32: the Windows build has no PostgreSQL */

#include <stdlib.h>

#include "kaiji/common.h"
#include "model/i18n.h"
#include "store/db.h"

static void none_close(kaiji_db *db)
{
    free(db);
}

static const kaiji_db_ops none_ops = {.close = none_close};

int kaiji_db_pg_open(kaiji_db **out, const char *uri, int busy_ms, char **err)
{
    kaiji_db *db = calloc(1, sizeof *db);
    (void)uri;
    (void)busy_ms;
    (void)err;
    if (!(*out = db))
        return KAIJI_ERROR_NOMEM;
    db->ops = &none_ops;
    db->engine = KAIJI_DB_PG;
    kaiji_db_set_fault(db, KAIJI_DB_OTHER, "%s",
                       _("this build of kaiji has no PostgreSQL: use a store file"));
    return KAIJI_ERROR_IO;
}

#endif
