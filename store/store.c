/*
 * store/store.c - the store's file: opening it (0600, WAL, busy timeout),
 * the schema and its migrations, transactions, and the small tables the
 * remind and fetch commands use (mails, fetch state).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "store/internal.h"
#include "text/text.h"
#include "model/i18n.h"

/* How long a writer waits for another before giving up, in milliseconds. */
#define BUSY_TIMEOUT_MS 60000
/* PostgreSQL's transaction lock of the migrations (store/db.h); the writers
 * take their site's id. */
#define MIGRATION_LOCK 0x7fffffff

/*
 * The schema, one step per version: step i takes a file from user_version i
 * to i + 1.  Steps are never edited once released; a change is a new step.
 */
static const struct {
    const char *description;
    const char *sql;
} migrations[] = {
    {"contracts, their history, submissions and links",
     "CREATE TABLE migrations(version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
     "  applied_at TEXT NOT NULL);"
     "CREATE TABLE contracts(id TEXT PRIMARY KEY, vendor TEXT NOT NULL DEFAULT '',"
     "  email TEXT NOT NULL DEFAULT '', system TEXT NOT NULL DEFAULT '',"
     "  product TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '',"
     "  patient_data INTEGER NOT NULL DEFAULT 1, required INTEGER NOT NULL DEFAULT 0,"
     "  requested TEXT, due TEXT, url TEXT NOT NULL DEFAULT '',"
     "  active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
     "CREATE TABLE contract_history(id INTEGER PRIMARY KEY, contract_id TEXT NOT NULL,"
     "  at TEXT NOT NULL, change TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT);"
     "CREATE INDEX contract_history_contract ON contract_history(contract_id);"
     "CREATE TABLE submissions(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
     "  path TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,"
     "  ingested_at TEXT NOT NULL, as_of TEXT NOT NULL, format TEXT NOT NULL,"
     "  kind TEXT NOT NULL, doc_type INTEGER NOT NULL, form_version TEXT NOT NULL,"
     "  guideline TEXT NOT NULL, status TEXT NOT NULL, vendor TEXT NOT NULL,"
     "  product TEXT NOT NULL, contract_ref TEXT NOT NULL, document_date TEXT,"
     "  findings TEXT NOT NULL, exchange TEXT);"
     "CREATE TABLE links(submission_id INTEGER NOT NULL REFERENCES submissions(id),"
     "  contract_id TEXT NOT NULL REFERENCES contracts(id), method TEXT NOT NULL,"
     "  linked_at TEXT NOT NULL, PRIMARY KEY(submission_id, contract_id));"
     "CREATE INDEX links_contract ON links(contract_id);"},
    {"requests and reminders sent, fetch state",
     "CREATE TABLE mails(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, vendor TEXT NOT NULL,"
     "  vendor_key TEXT NOT NULL, email TEXT NOT NULL, date TEXT NOT NULL,"
     "  sent_at TEXT NOT NULL, method TEXT NOT NULL, message_id TEXT NOT NULL,"
     "  file TEXT NOT NULL);"
     "CREATE INDEX mails_vendor ON mails(vendor_key, date);"
     "CREATE TABLE mail_contracts(mail_id INTEGER NOT NULL REFERENCES mails(id),"
     "  contract_id TEXT NOT NULL, PRIMARY KEY(mail_id, contract_id));"
     "CREATE TABLE fetch_state(contract_id TEXT PRIMARY KEY, url TEXT NOT NULL,"
     "  etag TEXT NOT NULL, last_modified TEXT NOT NULL, sha256 TEXT NOT NULL,"
     "  fetched_at TEXT NOT NULL);"},
    {"references refused: another vendor's contracts named in a document; URLs kept without"
     " login or query outside the contracts",
     "CREATE TABLE refused_links(submission_id INTEGER NOT NULL REFERENCES submissions(id),"
     "  contract_id TEXT NOT NULL, reason TEXT NOT NULL, document_vendor TEXT NOT NULL,"
     "  contract_vendor TEXT NOT NULL, refused_at TEXT NOT NULL,"
     "  PRIMARY KEY(submission_id, contract_id));"
     /* URLs are kept outside the contract's row without login or query: an
      * older fetch state with either is forgotten (fetched once again), an
      * older history value loses them. */
     "UPDATE fetch_state SET url = '' WHERE url LIKE '%@%' OR url LIKE '%?%';"
     "UPDATE contract_history SET"
     "  old_value = CASE WHEN old_value LIKE '%@%' OR old_value LIKE '%?%'"
     "    THEN '(an address with a login or query, not kept)' ELSE old_value END,"
     "  new_value = CASE WHEN new_value LIKE '%@%' OR new_value LIKE '%?%'"
     "    THEN '(an address with a login or query, not kept)' ELSE new_value END"
     "  WHERE field = 'url';"},
    {"when each submission was received (the file's modification time): it decides between two"
     " documents of one date",
     "ALTER TABLE submissions ADD COLUMN received_at TEXT;"
     "UPDATE submissions SET received_at = ingested_at;"},
    {"accounts of kaiji serve, the append-only audit log",
     "CREATE TABLE users(name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,"
     "  created_at TEXT NOT NULL, failed INTEGER NOT NULL DEFAULT 0,"
     "  locked_until INTEGER NOT NULL DEFAULT 0, last_login TEXT NOT NULL DEFAULT '');"
     "CREATE TABLE audit_log(id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
     "  action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);"
     "CREATE INDEX audit_log_action ON audit_log(action, id);"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"},
    {"the files of kaiji serve's watched folder already taken in (by path, size and time, and"
     " by content)",
     "CREATE TABLE watch_seen(path TEXT NOT NULL, size INTEGER NOT NULL,"
     "  mtime INTEGER NOT NULL, sha256 TEXT NOT NULL, seen_at TEXT NOT NULL,"
     "  PRIMARY KEY(path, size, mtime));"
     "CREATE INDEX watch_seen_sha256 ON watch_seen(sha256);"},
    {"vendor upload links of kaiji serve: the token's hash, expiry, revocation, use",
     "CREATE TABLE vendor_links(id INTEGER PRIMARY KEY, contract_id TEXT NOT NULL,"
     "  hash_key TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL,"
     "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
     "  revoked_at INTEGER NOT NULL DEFAULT 0, last_used_at INTEGER NOT NULL DEFAULT 0,"
     "  files INTEGER NOT NULL DEFAULT 0, window_start INTEGER NOT NULL DEFAULT 0,"
     "  window_files INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX vendor_links_key ON vendor_links(hash_key);"
     "CREATE INDEX vendor_links_contract ON vendor_links(contract_id);"},
    {"the hospital's own answers to its checklist (医療機関確認用), kept by kaiji serve's form",
     "CREATE TABLE checklist_header(name TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "CREATE TABLE checklist_answers(item TEXT PRIMARY KEY, answer TEXT NOT NULL,"
     "  target_date TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);"},
    {"sites: every row belongs to one (a hospital of a group; a store of one hospital has"
     " the one nameless site 1); a version on each contract, for edits made in two places",
     "CREATE TABLE sites(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT UNIQUE,"
     "  created_at TEXT NOT NULL);"
     "INSERT INTO sites(id, name, created_at) VALUES (1, '', '');"
     "ALTER TABLE contracts ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE contract_history ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE submissions ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE links ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE refused_links ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE mails ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE mail_contracts ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE fetch_state ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE users ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE audit_log ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE watch_seen ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE vendor_links ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE checklist_header ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     "ALTER TABLE checklist_answers ADD COLUMN site_id INTEGER NOT NULL DEFAULT 1;"
     /* the order the answers were given in, on both engines (PostgreSQL has
      * no rowid) */
     "ALTER TABLE checklist_answers ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
     "CREATE INDEX contracts_site ON contracts(site_id, id);"
     "CREATE INDEX submissions_site ON submissions(site_id, sha256);"
     "CREATE UNIQUE INDEX fetch_state_site ON fetch_state(site_id, contract_id);"},
    {"the watched folder's files are a site's: two hospitals' folders may each take in a file"
     " of the same name, size and time (the key on PostgreSQL; an SQLite store holds one site)",
     "DROP INDEX watch_seen_sha256;"
     "CREATE INDEX watch_seen_sha256 ON watch_seen(site_id, sha256);"},
};

_Static_assert(sizeof migrations / sizeof migrations[0] == KAIJI_STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* The steps whose SQL PostgreSQL says otherwise, by index in migrations[]
 * (the others run on both engines as written, their types said for
 * PostgreSQL by kaiji_db_exec_schema). */
static const char *const migrations_pg[KAIJI_STORE_SCHEMA_VERSION] = {
    /* The accounts and the audit log: the triggers call a function. */
    [4] =
     "CREATE TABLE users(name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,"
     "  created_at TEXT NOT NULL, failed INTEGER NOT NULL DEFAULT 0,"
     "  locked_until INTEGER NOT NULL DEFAULT 0, last_login TEXT NOT NULL DEFAULT '');"
     "CREATE TABLE audit_log(id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
     "  action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL);"
     "CREATE INDEX audit_log_action ON audit_log(action, id);"
     "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS"
     "  $$BEGIN RAISE EXCEPTION 'the audit log is append-only'; END$$;"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
     "  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
     "  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();",
    /* Sites on PostgreSQL: the site of a row is the connecting role's (the
     * role named in sites.role) or, for a role that is no site's (the
     * group's), the one kaiji.site names ('all': every site); row-level
     * security, forced on the owner too, lets no query see or write
     * another site's rows.  The functions read sites in the store's schema
     * only (never a temporary table of the same name).  Keys that were the
     * store's become the site's. */
    [8] =
     "CREATE TABLE sites(id BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 2) PRIMARY KEY,"
     "  name TEXT NOT NULL UNIQUE, role TEXT UNIQUE, created_at TEXT NOT NULL);"
     "INSERT INTO sites(id, name, created_at) VALUES (1, '', '');"
     "CREATE FUNCTION kaiji_site() RETURNS bigint LANGUAGE sql STABLE AS"
     "  $$SELECT COALESCE((SELECT id FROM sites WHERE role = current_user),"
     "    CASE WHEN current_setting('kaiji.site', true) ~ '^[0-9]+$'"
     "      THEN CAST(current_setting('kaiji.site', true) AS bigint) END, 1)$$;"
     /* The sites the connection sees, an array, so that "site_id = ANY"
      * uses the indexes that begin with site_id (a site's status does not
      * read the other sites' rows). */
     "CREATE FUNCTION kaiji_sites() RETURNS bigint[] LANGUAGE sql STABLE AS"
     "  $$SELECT CASE WHEN EXISTS (SELECT 1 FROM sites WHERE role = current_user)"
     "    THEN ARRAY(SELECT id FROM sites WHERE role = current_user)"
     "    WHEN current_setting('kaiji.site', true) = 'all' THEN ARRAY(SELECT id FROM sites)"
     "    ELSE ARRAY[kaiji_site()] END$$;"
     "DO $$BEGIN"
     "  EXECUTE format('ALTER FUNCTION kaiji_site() SET search_path = %I, pg_temp',"
     "                 current_schema());"
     "  EXECUTE format('ALTER FUNCTION kaiji_sites() SET search_path = %I, pg_temp',"
     "                 current_schema());"
     "END$$;"
     "ALTER TABLE contracts ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE contract_history ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE submissions ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE links ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE refused_links ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE mails ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE mail_contracts ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE fetch_state ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE users ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE audit_log ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE watch_seen ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE vendor_links ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE checklist_header ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE checklist_answers ADD COLUMN site_id BIGINT NOT NULL DEFAULT kaiji_site()"
     "  REFERENCES sites(id);"
     "ALTER TABLE checklist_answers ADD COLUMN position BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE checklist_header DROP CONSTRAINT checklist_header_pkey;"
     "ALTER TABLE checklist_header ADD PRIMARY KEY (site_id, name);"
     "ALTER TABLE checklist_answers DROP CONSTRAINT checklist_answers_pkey;"
     "ALTER TABLE checklist_answers ADD PRIMARY KEY (site_id, item);"
     "ALTER TABLE contracts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;"
     "ALTER TABLE links DROP CONSTRAINT links_contract_id_fkey;"
     "ALTER TABLE contracts DROP CONSTRAINT contracts_pkey;"
     "ALTER TABLE contracts ADD PRIMARY KEY (site_id, id);"
     "ALTER TABLE links ADD FOREIGN KEY (site_id, contract_id) REFERENCES contracts(site_id, id);"
     "ALTER TABLE submissions DROP CONSTRAINT submissions_sha256_key;"
     "ALTER TABLE submissions ADD UNIQUE (site_id, sha256);"
     "ALTER TABLE fetch_state DROP CONSTRAINT fetch_state_pkey;"
     "CREATE UNIQUE INDEX fetch_state_site ON fetch_state(site_id, contract_id);"
     "CREATE INDEX links_site ON links(site_id, contract_id);"
     "CREATE INDEX contract_history_site ON contract_history(site_id, contract_id);"
     "CREATE INDEX mail_contracts_site ON mail_contracts(site_id, contract_id);"
     "CREATE INDEX mails_site ON mails(site_id, vendor_key, date);"
     "CREATE INDEX audit_log_site ON audit_log(site_id, id);"
     "CREATE INDEX vendor_links_site ON vendor_links(site_id, contract_id);"
     "ALTER TABLE contracts ENABLE ROW LEVEL SECURITY; ALTER TABLE contracts FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON contracts USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE contract_history ENABLE ROW LEVEL SECURITY; ALTER TABLE contract_history FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON contract_history USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE submissions ENABLE ROW LEVEL SECURITY; ALTER TABLE submissions FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON submissions USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE links ENABLE ROW LEVEL SECURITY; ALTER TABLE links FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON links USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE refused_links ENABLE ROW LEVEL SECURITY; ALTER TABLE refused_links FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON refused_links USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE mails ENABLE ROW LEVEL SECURITY; ALTER TABLE mails FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON mails USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE mail_contracts ENABLE ROW LEVEL SECURITY; ALTER TABLE mail_contracts FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON mail_contracts USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE fetch_state ENABLE ROW LEVEL SECURITY; ALTER TABLE fetch_state FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON fetch_state USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE users ENABLE ROW LEVEL SECURITY; ALTER TABLE users FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON users USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY; ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON audit_log USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE watch_seen ENABLE ROW LEVEL SECURITY; ALTER TABLE watch_seen FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON watch_seen USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE vendor_links ENABLE ROW LEVEL SECURITY; ALTER TABLE vendor_links FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON vendor_links USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE checklist_header ENABLE ROW LEVEL SECURITY; ALTER TABLE checklist_header FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON checklist_header USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));"
     "ALTER TABLE checklist_answers ENABLE ROW LEVEL SECURITY; ALTER TABLE checklist_answers FORCE ROW LEVEL SECURITY;"
     "CREATE POLICY site ON checklist_answers USING (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])))"
     "  WITH CHECK (site_id = ANY (CAST((SELECT kaiji_sites()) AS bigint[])));",
    /* The watched folder's key per site, as version 9 made the checklist's. */
    [9] =
     "ALTER TABLE watch_seen DROP CONSTRAINT watch_seen_pkey;"
     "ALTER TABLE watch_seen ADD PRIMARY KEY (site_id, path, size, mtime);"
     "DROP INDEX watch_seen_sha256;"
     "CREATE INDEX watch_seen_sha256 ON watch_seen(site_id, sha256);",
};

int kaiji_store_fail(kaiji_store *st, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof st->errmsg, fmt, ap);
    va_end(ap);
    return rc;
}

/* What the engine's fault means for the person at the store, in their
 * language (the engines' own messages are English only). */
static const char *fault_reason(kaiji_db_fault fault, bool pg)
{
    switch (fault) {
    case KAIJI_DB_NOMEM: return _("out of memory");
    case KAIJI_DB_BUSY: return _("another program is using the store; try again when it is done");
    case KAIJI_DB_READONLY: return _("the store may not be written (read-only file or folder)");
    case KAIJI_DB_PERM: return _("no permission to use the store");
    case KAIJI_DB_CANTOPEN:
        return pg ? _("the database server cannot be reached, or refused the connection")
                  : _("the store file cannot be opened (no such folder, or no permission)");
    case KAIJI_DB_FULL: return _("the disk is full");
    case KAIJI_DB_IOERR:
        return pg ? _("the connection to the database server was lost")
                  : _("the disk could not be read or written");
    case KAIJI_DB_CORRUPT: return _("the store file is damaged");
    case KAIJI_DB_NOTADB: return _("the file is not a kaiji store (not an SQLite database)");
    case KAIJI_DB_FOREIGN:
        return _("the file is another program's SQLite database, not a kaiji store; kaiji left "
                 "it unchanged: give the name of a new file for kaiji's store");
    case KAIJI_DB_CONSTRAINT: return _("the change breaks a rule of the store");
    default: return NULL;
    }
}

int kaiji_store_sqlfail(kaiji_store *st, const char *what)
{
    kaiji_db_fault fault = kaiji_db_fault_of(st->db);
    const char *reason =
        fault_reason(fault, st->db && kaiji_db_engine_of(st->db) == KAIJI_DB_PG);
    kaiji_store_fail(st, 0, "%s: %s", what, reason ? reason : kaiji_db_errmsg(st->db));
    return fault == KAIJI_DB_NOMEM ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
}

kaiji_stmt *kaiji_store_prepare(kaiji_store *st, const char *sql)
{
    kaiji_stmt *s = kaiji_db_prepare(st->db, sql);
    if (!s)
        kaiji_store_sqlfail(st, _("cannot prepare a query"));
    return s;
}

int kaiji_store_exec(kaiji_store *st, const char *sql)
{
    if (kaiji_db_exec(st->db, sql) != 0)
        return kaiji_store_sqlfail(st, _("cannot write the store"));
    return KAIJI_OK;
}

char *kaiji_store_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

const char *kaiji_store_col(kaiji_stmt *s, int i)
{
    const char *t = kaiji_stmt_text(s, i);
    return t ? t : "";
}

int kaiji_store_bind_date(kaiji_stmt *s, int i, kaiji_date d)
{
    char buf[11];
    if (!kaiji_date_valid(d))
        return kaiji_stmt_bind_null(s, i);
    return kaiji_stmt_bind_text(s, i, kaiji_date_format(buf, d));
}

kaiji_date kaiji_store_parse_iso(const char *s)
{
    kaiji_date d = {0, 0, 0};
    int y, m, day;
    if (s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d", &y, &m, &day) == 3 && day >= 1) {
        kaiji_date t = {y, m, day};
        if (kaiji_date_valid(t))
            d = t;
    } else if (s && strlen(s) == 7 && s[4] == '-' && sscanf(s, "%4d-%2d", &y, &m) == 2) {
        kaiji_date t = {y, m, 0}; /* a month, as a document may be dated */
        if (kaiji_date_valid(t))
            d = t;
    }
    return d;
}

char *kaiji_store_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = kaiji_vstrprintf(fmt, ap);
    va_end(ap);
    return p;
}

char *kaiji_store_strdup(const char *s)
{
    return strdup(s ? s : "");
}

void kaiji_contract_clear(kaiji_contract *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->vendor);
    free(c->email);
    free(c->system);
    free(c->product);
    free(c->type);
    free(c->url);
    memset(c, 0, sizeof *c);
}

int kaiji_contract_copy(kaiji_contract *dst, const kaiji_contract *src)
{
    *dst = *src;
    dst->id = kaiji_store_strdup(src->id);
    dst->vendor = kaiji_store_strdup(src->vendor);
    dst->email = kaiji_store_strdup(src->email);
    dst->system = kaiji_store_strdup(src->system);
    dst->product = kaiji_store_strdup(src->product);
    dst->type = kaiji_store_strdup(src->type);
    dst->url = kaiji_store_strdup(src->url);
    if (!dst->id || !dst->vendor || !dst->email || !dst->system || !dst->product ||
        !dst->type || !dst->url) {
        kaiji_contract_clear(dst);
        return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

int kaiji_store_read_contract(kaiji_contract *c, kaiji_stmt *s)
{
    kaiji_contract row = {
        .id = (char *)kaiji_store_col(s, 0),
        .vendor = (char *)kaiji_store_col(s, 1),
        .email = (char *)kaiji_store_col(s, 2),
        .system = (char *)kaiji_store_col(s, 3),
        .product = (char *)kaiji_store_col(s, 4),
        .type = (char *)kaiji_store_col(s, 5),
        .patient_data = kaiji_stmt_int(s, 6) != 0,
        .required = (unsigned)kaiji_stmt_int(s, 7),
        .requested = kaiji_store_parse_iso(kaiji_store_col(s, 8)),
        .due = kaiji_store_parse_iso(kaiji_store_col(s, 9)),
        .url = (char *)kaiji_store_col(s, 10),
        .active = kaiji_stmt_int(s, 11) != 0,
        .version = kaiji_stmt_int64(s, 12),
    };
    return kaiji_contract_copy(c, &row);
}

/* Creates path with mode 0600 when it does not exist, whatever the umask. */
static int create_private(const char *path, char **err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return KAIJI_OK;
        if (err)
            *err = kaiji_store_printf(_("cannot create the store %s: %s"), path, strerror(errno));
        return KAIJI_ERROR_IO;
    }
    int rc = fchmod(fd, 0600) == 0 ? KAIJI_OK : KAIJI_ERROR_IO;
    if (rc != KAIJI_OK && err)
        *err = kaiji_store_printf(_("cannot make the store %s private: %s"), path,
                                  strerror(errno));
    close(fd);
    return rc;
}

/* Refuses a store whose file, or a file SQLite writes beside it (-wal,
 * -shm, -journal), is a symbolic link: kaiji never writes through one. */
static int refuse_links(const char *path, char **err)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = kaiji_store_printf("%s%s", path, suffixes[i]);
        struct stat sb;
        if (!p)
            return KAIJI_ERROR_NOMEM;
        bool link = lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode);
        if (link && err)
            *err = kaiji_store_printf(_("%s is a symbolic link: kaiji never writes through one;"
                                        " give the store's real path"), p);
        free(p);
        if (link)
            return KAIJI_ERROR_IO;
    }
    return KAIJI_OK;
}

/* Brings the schema from its version to KAIJI_STORE_SCHEMA_VERSION, in one
 * writing transaction (so two processes opening a new store do not both
 * create it). */
static int migrate(kaiji_store *st)
{
    kaiji_stmt *s = NULL;
    bool pg = kaiji_db_engine_of(st->db) == KAIJI_DB_PG;
    int rc = KAIJI_OK;
    int version;
    char now[32];

    if (kaiji_db_begin(st->db, MIGRATION_LOCK) != 0)
        return kaiji_store_sqlfail(st, _("cannot write the store"));
    if ((version = kaiji_db_schema_version(st->db)) < 0) {
        rc = kaiji_store_sqlfail(st, _("cannot read the schema version"));
        goto error;
    }
    if (version > KAIJI_STORE_SCHEMA_VERSION) {
        rc = kaiji_store_fail(st, KAIJI_ERROR_IO,
                              _("the store has schema version %d, newer than this kaiji knows (%d):"
                              " use a newer kaiji"), version, KAIJI_STORE_SCHEMA_VERSION);
        goto error;
    }
    for (; version < KAIJI_STORE_SCHEMA_VERSION; version++) {
        const char *sql = pg && migrations_pg[version] ? migrations_pg[version]
                                                       : migrations[version].sql;
        if (kaiji_db_exec_schema(st->db, sql) != 0) {
            rc = kaiji_store_sqlfail(st, _("cannot write the store"));
            goto error;
        }
        if (!(s = kaiji_store_prepare(st, "INSERT INTO migrations(version, description,"
                                          " applied_at) VALUES (?, ?, ?)"))) {
            rc = KAIJI_ERROR_IO;
            goto error;
        }
        kaiji_stmt_bind_int64(s, 1, version + 1);
        kaiji_stmt_bind_text(s, 2, migrations[version].description);
        kaiji_stmt_bind_text(s, 3, kaiji_store_now(now));
        if (kaiji_stmt_step(s) != KAIJI_DB_DONE) {
            rc = kaiji_store_sqlfail(st, _("cannot record a migration"));
            goto error;
        }
        kaiji_stmt_finalize(s);
        s = NULL;
        if (kaiji_db_set_schema_version(st->db, version + 1) != 0) {
            rc = kaiji_store_sqlfail(st, _("cannot record a migration"));
            goto error;
        }
    }
    return kaiji_store_exec(st, "COMMIT");

error:
    kaiji_stmt_finalize(s);
    kaiji_db_rollback(st->db);
    return rc;
}

int kaiji_store_open(kaiji_store **out, const char *path, char **err)
{
    kaiji_store *st = NULL;
    bool file = strcmp(path, ":memory:") != 0 && !kaiji_db_is_uri(path);
    int rc;

    *out = NULL;
    if (err)
        *err = NULL;
    struct stat sb;
    if (file && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (err)
            *err = kaiji_store_printf(_("%s is a folder, not a store: give the store's file in "
                                        "it (such as %s/kaiji.db)"),
                                      path, path);
        return KAIJI_ERROR_IO;
    }
    if (file && ((rc = refuse_links(path, err)) != KAIJI_OK ||
                 (rc = create_private(path, err)) != KAIJI_OK))
        return rc;
    st = calloc(1, sizeof *st);
    if (!st || !(st->path = kaiji_db_display_name(path))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    if ((rc = kaiji_regvocab_load(&st->vocab)) != KAIJI_OK) {
        kaiji_store_fail(st, rc, _("the built-in register vocabulary does not load"));
        goto error;
    }
    if ((rc = kaiji_db_open(&st->db, path, BUSY_TIMEOUT_MS, NULL)) != KAIJI_OK) {
        rc = kaiji_store_sqlfail(st, _("cannot open the store"));
        goto error;
    }
    if ((rc = migrate(st)) != KAIJI_OK || (rc = kaiji_store_site_init(st)) != KAIJI_OK)
        goto error;
    *out = st;
    return KAIJI_OK;

error:
    if (err && !*err)
        *err = kaiji_store_printf("%s: %s", st && st->path ? st->path : path,
                                  st && st->errmsg[0] ? st->errmsg : kaiji_strerror(rc));
    kaiji_store_free(st);
    return rc;
}

bool kaiji_store_is_uri(const char *path)
{
    return kaiji_db_is_uri(path);
}

void kaiji_store_free(kaiji_store *store)
{
    if (!store)
        return;
    if (store->in_tx)
        kaiji_db_rollback(store->db);
    kaiji_store_contracts_changed(store);
    kaiji_db_close(store->db);
    kaiji_regvocab_free(store->vocab);
    free(store->path);
    free(store);
}

const char *kaiji_store_errmsg(const kaiji_store *store)
{
    return store ? store->errmsg : "";
}

int kaiji_store_schema_version(kaiji_store *store)
{
    int v = kaiji_db_schema_version(store->db);
    if (v < 0)
        kaiji_store_sqlfail(store, _("cannot read the schema version"));
    return v;
}

int kaiji_store_begin(kaiji_store *store)
{
    if (store->in_tx)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("a transaction is already open"));
    /* Writers of one site wait for each other (PostgreSQL; SQLite's file
     * has one writer at a time anyway). */
    int rc = kaiji_db_begin(store->db, store->site) == 0
                 ? KAIJI_OK
                 : kaiji_store_sqlfail(store, _("cannot write the store"));
    kaiji_store_contracts_changed(store);
    if (rc == KAIJI_OK)
        store->in_tx = true;
    return rc;
}

int kaiji_store_commit(kaiji_store *store)
{
    if (!store->in_tx)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("no transaction is open"));
    int rc = kaiji_store_exec(store, "COMMIT");
    kaiji_store_contracts_changed(store);
    if (rc == KAIJI_OK)
        store->in_tx = false;
    return rc;
}

int kaiji_store_rollback(kaiji_store *store)
{
    if (!store->in_tx)
        return KAIJI_OK;
    store->in_tx = false;
    kaiji_store_contracts_changed(store);
    return kaiji_store_exec(store, "ROLLBACK");
}

const char *kaiji_doc_type_name(unsigned type)
{
    switch (type) {
    case KAIJI_DOC_MDS: return "mds";
    case KAIJI_DOC_SDS: return "sds";
    case KAIJI_DOC_CHECKLIST: return "checklist";
    default: return NULL;
    }
}

unsigned kaiji_doc_type_of_kind(kaiji_kind kind)
{
    switch (kind) {
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_MDS2: return KAIJI_DOC_MDS;
    case KAIJI_KIND_SDS: return KAIJI_DOC_SDS;
    case KAIJI_KIND_VENDOR_CHECKLIST: return KAIJI_DOC_CHECKLIST;
    default: return 0;
    }
}

void kaiji_contract_list_free(kaiji_contract_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        kaiji_contract_clear(&list->items[i]);
    free(list->items);
    free(list);
}

int kaiji_store_contracts(kaiji_contract_list **out, kaiji_store *store, bool include_inactive)
{
    kaiji_contract_list *list = calloc(1, sizeof *list);
    kaiji_stmt *s = NULL;
    size_t cap = 0;
    int rc = KAIJI_OK, step;

    *out = NULL;
    if (!list)
        return KAIJI_ERROR_NOMEM;
    s = kaiji_store_prepare(store, include_inactive
                                       ? "SELECT " KAIJI_STORE_CONTRACT_COLUMNS
                                         " FROM contracts ORDER BY id"
                                       : "SELECT " KAIJI_STORE_CONTRACT_COLUMNS
                                         " FROM contracts WHERE active <> 0 ORDER BY id");
    if (!s) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(list->items, list->count, cap)) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        if ((rc = kaiji_store_read_contract(&list->items[list->count], s)) != KAIJI_OK)
            goto error;
        list->count++;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the contracts"));
        goto error;
    }
    kaiji_stmt_finalize(s);
    *out = list;
    return KAIJI_OK;

error:
    kaiji_stmt_finalize(s);
    kaiji_contract_list_free(list);
    return rc;
}

int kaiji_store_name_key(char **out, const char *name)
{
    kaiji_regvocab *v = NULL;
    int rc = kaiji_regvocab_load(&v);
    *out = NULL;
    if (rc != KAIJI_OK)
        return rc;
    if (!kaiji_text_utf8_valid(name, strlen(name)))
        rc = KAIJI_ERROR_INVALID;
    else if (!(*out = kaiji_regvocab_name_key(v, name)))
        rc = KAIJI_ERROR_NOMEM;
    kaiji_regvocab_free(v);
    return rc;
}

int kaiji_store_name_key_with(char **out, const kaiji_store *store, const char *name)
{
    *out = NULL;
    if (!kaiji_text_utf8_valid(name, strlen(name)))
        return KAIJI_ERROR_INVALID;
    return (*out = kaiji_regvocab_name_key(store->vocab, name)) ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* --------------------------------------------------------------- mails */

int kaiji_store_record_mail(kaiji_store *store, const kaiji_mail_record *rec)
{
    kaiji_stmt *s = NULL;
    char *key = NULL;
    char now[32];
    int rc = KAIJI_OK;

    if (!rec || !rec->vendor || !rec->kind || !rec->method || !kaiji_date_valid(rec->date))
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                                _("a mail record needs a kind, vendor, method and date"));
    if (!(key = kaiji_regvocab_name_key(store->vocab, rec->vendor)))
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("the vendor name is not UTF-8"));
    s = kaiji_store_prepare(store, "INSERT INTO mails(kind, vendor, vendor_key, email, date,"
                                   " sent_at, method, message_id, file)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) {
        rc = KAIJI_ERROR_IO;
        goto done;
    }
    kaiji_stmt_bind_text(s, 1, rec->kind);
    kaiji_stmt_bind_text(s, 2, rec->vendor);
    kaiji_stmt_bind_text(s, 3, key);
    kaiji_stmt_bind_text(s, 4, rec->email ? rec->email : "");
    kaiji_store_bind_date(s, 5, rec->date);
    kaiji_stmt_bind_text(s, 6, kaiji_store_now(now));
    kaiji_stmt_bind_text(s, 7, rec->method);
    kaiji_stmt_bind_text(s, 8, rec->message_id ? rec->message_id : "");
    kaiji_stmt_bind_text(s, 9, rec->file ? rec->file : "");
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot record the mail"));
        goto done;
    }
    kaiji_stmt_finalize(s);
    long long id = kaiji_db_last_insert_id(store->db);
    s = kaiji_store_prepare(store, "INSERT INTO mail_contracts(mail_id, contract_id)"
                                   " VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!s) {
        rc = KAIJI_ERROR_IO;
        goto done;
    }
    for (size_t i = 0; i < rec->contract_count; i++) {
        kaiji_stmt_reset(s);
        kaiji_stmt_bind_int64(s, 1, id);
        kaiji_stmt_bind_text(s, 2, rec->contract_ids[i]);
        if (kaiji_stmt_step(s) != KAIJI_DB_DONE) {
            rc = kaiji_store_sqlfail(store, _("cannot record the mail's contracts"));
            goto done;
        }
    }

done:
    kaiji_stmt_finalize(s);
    free(key);
    return rc;
}

int kaiji_store_last_mail(kaiji_date *out, kaiji_store *store, const char *vendor,
                          const char *method)
{
    kaiji_stmt *s = NULL;
    char *key = NULL;
    int rc = KAIJI_ERROR_NOT_FOUND;

    out->year = out->month = out->day = 0;
    if (!vendor || !(key = kaiji_regvocab_name_key(store->vocab, vendor)))
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("the vendor name is not UTF-8"));
    s = kaiji_store_prepare(store, "SELECT max(date) FROM mails WHERE vendor_key = ?"
                                   " AND (CAST(?2 AS TEXT) IS NULL OR method = ?2)");
    if (!s) {
        free(key);
        return KAIJI_ERROR_IO;
    }
    kaiji_stmt_bind_text(s, 1, key);
    if (method)
        kaiji_stmt_bind_text(s, 2, method);
    if (kaiji_stmt_step(s) == KAIJI_DB_ROW) {
        if (!kaiji_stmt_is_null(s, 0)) {
            *out = kaiji_store_parse_iso(kaiji_store_col(s, 0));
            rc = KAIJI_OK;
        }
    } else {
        rc = kaiji_store_sqlfail(store, _("cannot read the mails"));
    }
    kaiji_stmt_finalize(s);
    free(key);
    return rc;
}

/* ---------------------------------------------------------- fetch state */

void kaiji_fetch_state_free(kaiji_fetch_state *state)
{
    if (!state)
        return;
    free(state->url);
    free(state->etag);
    free(state->last_modified);
    free(state->sha256);
    free(state->fetched_at);
    free(state);
}

int kaiji_store_fetch_state_get(kaiji_fetch_state **out, kaiji_store *store,
                                const char *contract_id)
{
    kaiji_stmt *s = kaiji_store_prepare(store, "SELECT url, etag, last_modified, sha256,"
                                                 " fetched_at FROM fetch_state"
                                                 " WHERE contract_id = ?");
    kaiji_fetch_state *fs = NULL;
    int rc = KAIJI_OK, step;

    *out = NULL;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, contract_id);
    step = kaiji_stmt_step(s);
    if (step == KAIJI_DB_DONE) {
        rc = KAIJI_ERROR_NOT_FOUND;
    } else if (step != KAIJI_DB_ROW) {
        rc = kaiji_store_sqlfail(store, _("cannot read the fetch state"));
    } else if (!(fs = calloc(1, sizeof *fs)) ||
               !(fs->url = kaiji_store_strdup(kaiji_store_col(s, 0))) ||
               !(fs->etag = kaiji_store_strdup(kaiji_store_col(s, 1))) ||
               !(fs->last_modified = kaiji_store_strdup(kaiji_store_col(s, 2))) ||
               !(fs->sha256 = kaiji_store_strdup(kaiji_store_col(s, 3))) ||
               !(fs->fetched_at = kaiji_store_strdup(kaiji_store_col(s, 4)))) {
        rc = KAIJI_ERROR_NOMEM;
    }
    kaiji_stmt_finalize(s);
    if (rc == KAIJI_OK)
        *out = fs;
    else
        kaiji_fetch_state_free(fs);
    return rc;
}

int kaiji_store_fetch_state_set(kaiji_store *store, const char *contract_id,
                                const kaiji_fetch_state *state)
{
    char now[32];
    kaiji_stmt *s = kaiji_store_prepare(store, "INSERT INTO fetch_state(contract_id,"
                                                 " url, etag, last_modified, sha256, fetched_at)"
                                                 " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(site_id, contract_id)"
                                                 " DO UPDATE SET url = excluded.url,"
                                                 " etag = excluded.etag,"
                                                 " last_modified = excluded.last_modified,"
                                                 " sha256 = excluded.sha256,"
                                                 " fetched_at = excluded.fetched_at");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, contract_id);
    kaiji_stmt_bind_text(s, 2, state->url ? state->url : "");
    kaiji_stmt_bind_text(s, 3, state->etag ? state->etag : "");
    kaiji_stmt_bind_text(s, 4, state->last_modified ? state->last_modified : "");
    kaiji_stmt_bind_text(s, 5, state->sha256 ? state->sha256 : "");
    kaiji_stmt_bind_text(s, 6, state->fetched_at && state->fetched_at[0] ? state->fetched_at
                                                                         : kaiji_store_now(now));
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(store, _("cannot record the fetch state"));
    kaiji_stmt_finalize(s);
    return rc;
}
