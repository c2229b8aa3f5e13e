/*
 * tests/support/store.c - helpers of the store's tests (see store.h).
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/support/store.h"
#include "tests/support/support.h"
#include "store/db.h"
#include "text/text.h"

/* Opens the store's database of e raw (no migration); aborts on failure. */
static kaiji_db *raw_open(const char *target)
{
    kaiji_db *db = NULL;
    int rc = kaiji_db_open(&db, target, 60000, NULL);
    cr_assert_eq(rc, KAIJI_OK, "cannot open %s: %s", target, kaiji_db_errmsg(db));
    return db;
}

void ts_env_init(ts_env *e)
{
    const char *pg = getenv("KAIJI_TEST_DB");
    snprintf(e->dir, sizeof e->dir, "%s", t_tmpdir());
    e->pg = pg && kaiji_db_is_uri(pg);
    if (!e->pg) {
        snprintf(e->db, sizeof e->db, "%s/kaiji.db", e->dir);
        return;
    }
    /* One schema for each test (criterion runs each in a process of its
     * own), owned by a role that is no superuser, as a group's would be:
     * row-level security holds for it. */
    static unsigned serial;
    char schema[64], sql[512];
    snprintf(schema, sizeof schema, "t_%ld_%ld_%u", (long)getpid(), (long)time(NULL), serial++);
    snprintf(sql, sizeof sql,
             "DO $$BEGIN CREATE ROLE " TS_PG_ROLE " LOGIN CREATEROLE;"
             " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;"
             "CREATE SCHEMA %s AUTHORIZATION " TS_PG_ROLE, schema);
    kaiji_db *db = raw_open(pg);
    cr_assert_eq(kaiji_db_exec(db, sql), 0, "%s: %s", sql, kaiji_db_errmsg(db));
    kaiji_db_close(db);
    const char *auth = strstr(pg, "://") + 3, *at = strchr(auth, '@');
    cr_assert_not_null(at, "KAIJI_TEST_DB names no user: %s", pg);
    snprintf(e->db, sizeof e->db, "%.*s" TS_PG_ROLE "%s%soptions=-csearch_path%%3D%s",
             (int)(auth - pg), pg, at, strchr(pg, '?') ? "&" : "?", schema);
}

void ts_env_all_sites(ts_env *out, const ts_env *e)
{
    static const char all[] = "%20-ckaiji.site%3Dall";
    *out = *e;
    size_t n = strlen(e->db);
    if (e->pg) {
        cr_assert_lt(n + sizeof all, sizeof out->db);
        memcpy(out->db + n, all, sizeof all);
    }
}

void ts_sqlite_only(const ts_env *e, const char *why)
{
    if (e->pg)
        cr_skip_test("SQLite only (%s): the store is PostgreSQL here", why);
}

bool ts_store_written(const ts_env *e)
{
    struct stat sb;
    if (!e->pg)
        return stat(e->db, &sb) == 0;
    if (ts_count(e, "SELECT count(*) FROM information_schema.tables"
                    " WHERE table_schema = current_schema()") == 0)
        return false;
    return ts_count(e, "SELECT (SELECT count(*) FROM contracts) + (SELECT count(*) FROM"
                       " submissions) + (SELECT count(*) FROM mails)") > 0;
}

char *ts_try_exec(const ts_env *e, const char *sql)
{
    kaiji_db *db = raw_open(e->db);
    char *err = kaiji_db_exec(db, sql) == 0 ? NULL : strdup(kaiji_db_errmsg(db));
    kaiji_db_close(db);
    return err;
}

void ts_exec(const ts_env *e, const char *sql)
{
    char *err = ts_try_exec(e, sql);
    cr_assert_null(err, "%s: %s", sql, err);
}

char *ts_text(const ts_env *e, const char *sql)
{
    kaiji_db *db = raw_open(e->db);
    kaiji_stmt *s = kaiji_db_prepare(db, sql);
    char *v = NULL;
    cr_assert_not_null(s, "%s: %s", sql, kaiji_db_errmsg(db));
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW && kaiji_stmt_text(s, 0))
        v = strdup(kaiji_stmt_text(s, 0));
    kaiji_stmt_finalize(s);
    kaiji_db_close(db);
    return v;
}

struct kaiji_db *ts_db(const ts_env *e)
{
    return raw_open(e->db);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ts_tables(const ts_env *e, const char *with_column)
{
    const char *sql =
        e->pg ? (with_column ? "SELECT table_name FROM information_schema.columns"
                               " WHERE table_schema = current_schema() AND column_name = ?"
                             : "SELECT table_name FROM information_schema.tables"
                               " WHERE table_schema = current_schema()")
              : (with_column ? "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c"
                               " WHERE m.type = 'table' AND c.name = ?"
                             : "SELECT name FROM sqlite_master WHERE type = 'table'");
    kaiji_db *db = raw_open(e->db);
    kaiji_stmt *s = kaiji_db_prepare(db, sql);
    cr_assert_not_null(s, "%s: %s", sql, kaiji_db_errmsg(db));
    if (with_column)
        kaiji_stmt_bind_text(s, 1, with_column);
    char **v = NULL;
    size_t n = 0;
    while (kaiji_stmt_step(s) == KAIJI_DB_ROW) {
        v = realloc(v, (n + 2) * sizeof *v);
        cr_assert_not_null(v);
        v[n++] = strdup(kaiji_stmt_text(s, 0));
    }
    kaiji_stmt_finalize(s);
    kaiji_db_close(db);
    if (!v)
        v = calloc(1, sizeof *v);
    cr_assert_not_null(v);
    qsort(v, n, sizeof *v, cmp_name);
    v[n] = NULL;
    return v;
}

void ts_strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static const char fill_site[] =
    "INSERT INTO refused_links(submission_id, contract_id, reason, document_vendor,"
    "  contract_vendor, refused_at) SELECT max(id), 'C-002', 'vendor', '株式会社メディカルA',"
    "  'サンプル医療情報㈱', '2026-11-26T09:00:00Z' FROM submissions;"
    "INSERT INTO mails(kind, vendor, vendor_key, email, date, sent_at, method, message_id, file)"
    "  VALUES ('remind', '株式会社メディカルA', 'メディカルa', 'a@example.jp', '2026-11-20',"
    "  '2026-11-20T10:00:00Z', 'smtp', '<1@kaiji>', 'mail/1.eml');"
    "INSERT INTO mail_contracts(mail_id, contract_id) SELECT max(id), 'C-001' FROM mails;"
    "INSERT INTO fetch_state(contract_id, url, etag, last_modified, sha256, fetched_at)"
    "  VALUES ('C-001', 'https://vendor.example.jp/mds.xlsx', '\"e1\"', 'Thu, 26 Nov 2026',"
    "  'ab12', '2026-11-26T08:00:00Z');"
    "INSERT INTO users(name, role, password_hash, created_at) VALUES ('事務員', 'clerk',"
    "  '$argon2id$v=19$x', '2026-11-01T00:00:00Z');"
    "INSERT INTO audit_log(at, actor, action, target, detail) VALUES ('2026-11-26T09:00:00Z',"
    "  '事務員', 'login', '', '');"
    "INSERT INTO watch_seen(path, size, mtime, sha256, seen_at) VALUES"
    "  ('inbox/mds.xlsx', 99, 1764100001, 'ef56', '2026-11-26T09:01:00Z');"
    "INSERT INTO vendor_links(contract_id, hash_key, token_hash, created_by, created_at,"
    "  expires_at, files) VALUES ('C-001', '0123456789abcdef', '0123456789abcdef0123', '事務員',"
    "  1764100000, 1764704800, 2);"
    "INSERT INTO checklist_header(name, value) VALUES ('hospital', '県立病院'), ('date', '2026-11-26');"
    "INSERT INTO checklist_answers(item, answer, target_date, updated_at, updated_by, position)"
    "  VALUES ('1-1', 'yes', NULL, '2026-11-26T09:00:00Z', '事務員', 0),"
    "  ('1-2', 'planned', '2027-03-31', '2026-11-26T09:00:00Z', '事務員', 1);";

void ts_fill_site(const ts_env *e)
{
    ts_exec(e, fill_site);
}

/* mkdir -p of the folders above path. */
static void make_parents(const char *path)
{
    char buf[4400];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
}

const char *ts_write(const ts_env *e, const char *name, const void *data, size_t len)
{
    static _Thread_local char path[4400];
    snprintf(path, sizeof path, "%s/%s", e->dir, name);
    make_parents(path);
    t_spit(path, data, len ? len : strlen(data));
    return path;
}

int ts_kaiji(const ts_env *e, const char *args, char **out)
{
    size_t n = strlen(args) + 3 * 4400;
    char *cmd = malloc(n);
    cr_assert_not_null(cmd);
    /* The store by KAIJI_DB: options after a path are paths to ingest. */
    snprintf(cmd, n, "cd '%s' && KAIJI_DB='%s' '%s' %s 2>&1", e->dir, e->db, t_build("kaiji"), args);
    int rc = t_run(cmd, out);
    free(cmd);
    return rc;
}

kaiji_catalogs *ts_catalogs(void)
{
    kaiji_catalogs *cats = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    return cats;
}

kaiji_store *ts_open(const ts_env *e)
{
    kaiji_store *st = NULL;
    char *err = NULL;
    int rc = kaiji_store_open(&st, e->db, &err);
    cr_assert_eq(rc, KAIJI_OK, "cannot open the store: %s", err ? err : "?");
    return st;
}

void ts_import(const ts_env *e, const char *csv)
{
    kaiji_register *reg = NULL;
    kaiji_change_list *ch = NULL;
    const char *path = ts_write(e, "register.csv", csv, 0);
    cr_assert_eq(kaiji_register_read(&reg, path), KAIJI_OK);
    cr_assert_eq(reg->error_count, 0, "register refused: line %u: %s",
                 reg->errors[0].line, reg->errors[0].message);
    kaiji_store *st = ts_open(e);
    cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
    cr_assert_eq(kaiji_store_import_register(&ch, st, reg), KAIJI_OK, "%s",
                 kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
    kaiji_change_list_free(ch);
    kaiji_store_free(st);
    kaiji_register_free(reg);
}

/* Sets (or, for "", removes) fields.name.text of the exchange JSON. */
static void set_field(cJSON *root, const char *name, const char *value)
{
    cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!value)
        return;
    cr_assert_not_null(fields);
    cJSON_DeleteItemFromObjectCaseSensitive(fields, name);
    if (value[0]) {
        cJSON *o = cJSON_AddObjectToObject(fields, name);
        cr_assert_not_null(cJSON_AddStringToObject(o, "text", value));
    }
}

char *ts_doc(const char *rel, const char *vendor, const char *product, const char *contract)
{
    char path[4400];
    kaiji_document *doc = NULL;
    char *json = NULL;
    snprintf(path, sizeof path, "samples/%s", rel);
    cr_assert_eq(kaiji_read_file(&doc, t_src(path), NULL), KAIJI_OK);
    cr_assert(kaiji_document_readable(doc), "%s is not readable", rel);
    cr_assert_eq(kaiji_export_json(&json, doc), KAIJI_OK);
    kaiji_document_free(doc);
    cJSON *root = cJSON_Parse(json);
    free(json);
    cr_assert_not_null(root);
    cJSON_DeleteItemFromObjectCaseSensitive(root, "source");
    set_field(root, "vendor", vendor);
    set_field(root, "product", product);
    set_field(root, "contract", contract);
    json = cJSON_Print(root);
    cJSON_Delete(root);
    cr_assert_not_null(json);
    return json;
}

kaiji_ingest_result *ts_ingest(kaiji_store *st, const char *name, const char *data, size_t len,
                               const char *as_of)
{
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_ingest_options io;
    kaiji_ingest_result *r = NULL;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    cr_assert(kaiji_text_parse_date(as_of ? as_of : "2026-11-26", &io.as_of));
    cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
    int rc = kaiji_store_ingest_memory(&r, st, data, len ? len : strlen(data), name, &io);
    cr_assert_eq(rc, KAIJI_OK, "ingest %s: %s", name, kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
    kaiji_catalogs_free(cats);
    return r;
}

long long ts_count(const ts_env *e, const char *sql)
{
    kaiji_db *db = raw_open(e->db);
    kaiji_stmt *s = kaiji_db_prepare(db, sql);
    long long n = -1;
    cr_assert_not_null(s, "%s: %s", sql, kaiji_db_errmsg(db));
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW)
        n = kaiji_stmt_int64(s, 0);
    kaiji_stmt_finalize(s);
    kaiji_db_close(db);
    return n;
}
