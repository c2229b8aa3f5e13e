/*
 * kaiji/store.h - the hospital's contracts and every disclosure received,
 * kept in one SQLite file.
 *
 * The store holds: the contracts of the register (kaiji_register_read +
 * kaiji_store_import_register) with the history of their changes; every
 * submission ever ingested (its bytes' SHA-256, original name, when, format,
 * kind, form version, guideline, status, findings, and the document in
 * kaiji's exchange JSON so it can be judged again as of any date); which
 * contracts each submission covers; every request and reminder sent; and, per
 * contract, what the last download from its URL returned.
 *
 *   kaiji_store *st;  char *err;
 *   if (kaiji_store_open(&st, "kaiji.db", &err) != KAIJI_OK) { ...; free(err); }
 *   kaiji_store_begin(st);               one transaction per command
 *   ... kaiji_store_ingest_file(&res, st, "mds.xlsx", &opts) ...
 *   kaiji_store_commit(st);              or kaiji_store_rollback(st)
 *   kaiji_store_free(st);
 *
 * Threads: a kaiji_store is used by one thread at a time.  Processes: several
 * may open the same file; writers wait for each other (busy timeout) instead
 * of failing.
 *
 * Ownership: every pointer returned through an `out` parameter is owned by
 * the caller and freed with the matching _free function (all NULL-safe).  All
 * strings inside the structs below are UTF-8, never NULL ("" when absent), and
 * owned by the struct that holds them.
 *
 * Errors: functions return a kaiji_error.  After a failure,
 * kaiji_store_errmsg() tells what went wrong in words.
 */
#ifndef KAIJI_STORE_H
#define KAIJI_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "common.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (SQLite's PRAGMA user_version; on
 * PostgreSQL the highest version in the migrations table). */
#define KAIJI_STORE_SCHEMA_VERSION 10

typedef struct kaiji_store kaiji_store;

/*
 * Opens the store at path, creating it when it does not exist.  A new file is
 * created with mode 0600 (whatever the umask) before SQLite touches it; the
 * database runs in WAL mode with a busy timeout, so two processes can both
 * write (one waits for the other).  The schema is created or migrated, step
 * by step, up to KAIJI_STORE_SCHEMA_VERSION; a file from a newer kaiji is
 * refused.  A path that is a symbolic link, or whose -wal, -shm or -journal
 * file is one, is refused: nothing is written through a link.  path
 * ":memory:" opens a private in-memory store (nothing on disk).
 * A path that is a URI, postgresql://[user[:password]@]host[:port]/database
 * [?param=value...] (libpq's; "postgres://" too), opens a store in that
 * PostgreSQL database instead, with the same schema, migrations and
 * transactions: the tables live in the connection's current schema
 * (search_path; a URI may choose it with options=-csearch_path%3DNAME).
 * Messages never show a URI's password.
 * On failure *out is NULL and, when err is not NULL, *err receives a message
 * the caller frees with free().  Returns KAIJI_OK, KAIJI_ERROR_IO (cannot
 * create or open, a symbolic link, not a kaiji store, too new),
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_store_open(kaiji_store **out, const char *path, char **err);
/*
 * Sites.  Every row of the store belongs to a site (a hospital of a group);
 * a store of one hospital has one, nameless, and nobody notices.  On
 * PostgreSQL a site may have a role: whoever connects as that role works on
 * that site only, and row-level security in the database lets no query, of
 * kaiji or typed by hand, see or write another site's rows.  A role that is
 * no site's (the group's) works on the site kaiji_store_site_use chooses
 * (the setting kaiji.site: a site's id; "all" lets SQL typed by hand read
 * every site, while kaiji's own queries are always one site's).
 */
/* Adds the site name (UTF-8, not empty) to a PostgreSQL store (an SQLite
 * store holds its one site only: kaiji_store_one_site() says so).  role
 * (NULL for none): the role that acts for the site, which is granted what
 * kaiji needs in the store's schema (the role itself is made by the
 * database's administrator: CREATE ROLE ... LOGIN).  Sets *id (may be NULL)
 * to the new site's id.  KAIJI_OK, KAIJI_ERROR_INVALID (a name or role
 * refused; an SQLite store), KAIJI_ERROR_IO (exists already, or the
 * database refused). */
int kaiji_store_site_add(long long *id, kaiji_store *store, const char *name, const char *role);
/* Why no site is added to an SQLite store, for people (translated; static). */
const char *kaiji_store_one_site(void);
/* Works on the site name from now on ("" the default site).  On SQLite only
 * the store's one site; on PostgreSQL a role that is a site's cannot leave
 * it.  KAIJI_OK, KAIJI_ERROR_NOT_FOUND (no such site), KAIJI_ERROR_INVALID
 * (not allowed), KAIJI_ERROR_IO. */
int kaiji_store_site_use(kaiji_store *store, const char *name);
/* As kaiji_store_site_use, the site by its id (kaiji_store_sites). */
int kaiji_store_site_use_id(kaiji_store *store, long long site);
/* A site the connection may work on, with what it holds. */
typedef struct kaiji_site {
    long long id;
    char *name;          /* "" the default site (the group's own, in a group) */
    size_t contracts;    /* in force */
    size_t submissions;  /* documents received */
} kaiji_site;

typedef struct kaiji_site_list {
    kaiji_site *items;   /* by id: the default site first */
    size_t count;
} kaiji_site_list;

void kaiji_site_list_free(kaiji_site_list *list);
/* The sites the connection may work on, in *out: on SQLite the store's one;
 * on PostgreSQL a site's role its own, the group's role every site (whatever
 * site it works on now, which stays chosen). */
int kaiji_store_sites(kaiji_site_list **out, kaiji_store *store);
/* The store's name as it may be shown: its path, or its URI without the
 * password.  Owned by store. */
const char *kaiji_store_name(const kaiji_store *store);
/* The id of the site the store works on. */
long long kaiji_store_site(const kaiji_store *store);
/* How many sites the store held when it was opened (read with the store's
 * site, no query of its own): 1 on SQLite. */
long long kaiji_store_site_count(const kaiji_store *store);

/*
 * Copying a site between stores (an SQLite file to a group's PostgreSQL
 * database and back): every row of from's site (kaiji_store_site_use) goes
 * to to's site, which must hold none yet, in one transaction of to; the
 * numbers the stores give (submissions, mails, history, audit log) are
 * given anew and the rows that name them follow; a text that is not UTF-8
 * (a file name an older SQLite store holds raw) goes in kaiji's shown form
 * (kaiji_text_path_show), which both engines hold.  Then each table is
 * counted and hashed on both sides (SHA-256 of its rows sorted, the numbers
 * the stores give left out): a difference commits nothing.  *out lists the
 * tables with their counts and hashes.  Errors are on from
 * (kaiji_store_errmsg).  KAIJI_OK, KAIJI_ERROR_INVALID (the target site
 * holds rows), KAIJI_ERROR_IO, KAIJI_ERROR_NOMEM.
 */
#define KAIJI_STORE_COPY_TABLES 14
typedef struct kaiji_store_copy_table {
    const char *table;
    long long rows;
    char sha256[65];
} kaiji_store_copy_table;
typedef struct kaiji_store_copy_report {
    kaiji_store_copy_table tables[KAIJI_STORE_COPY_TABLES];
    size_t count;
} kaiji_store_copy_report;
int kaiji_store_copy(kaiji_store_copy_report *out, kaiji_store *from, kaiji_store *to);
/* Copies an SQLite store, while others may write to it, into a new file at
 * path (mode 0600; an existing file is refused) with SQLite's online backup.
 * KAIJI_ERROR_INVALID for a PostgreSQL store (pg_dump backs those up). */
int kaiji_store_backup(kaiji_store *store, const char *path);

/* true when path names a PostgreSQL database (postgresql:// or
 * postgres://) rather than an SQLite file. */
bool kaiji_store_is_uri(const char *path);
/* Closes the store.  An open transaction is rolled back.  NULL is allowed. */
void kaiji_store_free(kaiji_store *store);

/* The last error message of store (static or owned by store; valid until the
 * next call on store).  "" when none. */
const char *kaiji_store_errmsg(const kaiji_store *store);
/* The schema version of the open file (KAIJI_STORE_SCHEMA_VERSION once open). */
int kaiji_store_schema_version(kaiji_store *store);

/*
 * One transaction per command.  begin takes the write lock at once (BEGIN
 * IMMEDIATE), waiting up to the busy timeout for another writer.  Everything a
 * command writes between begin and commit lands together or not at all (a
 * killed process leaves the store as it was).  Functions that write, called
 * outside a transaction, write statement by statement.
 */
int kaiji_store_begin(kaiji_store *store);
int kaiji_store_commit(kaiji_store *store);
int kaiji_store_rollback(kaiji_store *store); /* no-op without a transaction */

/* ---------------------------------------------------------------- contracts */

/* The documents a contract requires: a bit set. */
enum {
    KAIJI_DOC_MDS = 1,       /* JAHIS/JIRA MDS */
    KAIJI_DOC_SDS = 2,       /* JAHIS/JIRA SDS */
    KAIJI_DOC_CHECKLIST = 4  /* MHLW checklist, 事業者確認用 */
};
#define KAIJI_DOC_TYPE_COUNT 3
/* "mds", "sds", "checklist" for one bit; NULL for anything else. */
const char *kaiji_doc_type_name(unsigned type);
/* The bit for the submission kind: MDS and MDS2 give KAIJI_DOC_MDS, SDS gives
 * KAIJI_DOC_SDS, the vendor checklist gives KAIJI_DOC_CHECKLIST, others 0. */
unsigned kaiji_doc_type_of_kind(kaiji_kind kind);

/* One row of the register, one contract. */
typedef struct kaiji_contract {
    char *id;            /* 契約番号, unique */
    char *vendor;        /* 事業者名 as written */
    char *email;         /* vendor's e-mail, "" when none */
    char *system;        /* システム名/機器名 */
    char *product;       /* 製品名 */
    char *type;          /* 契約種別 as written: 保守, 販売, クラウド ... */
    bool patient_data;   /* 患者情報の有無 */
    unsigned required;   /* KAIJI_DOC_* bits (0 when no patient data is fine) */
    kaiji_date requested; /* 依頼日, year 0 when none */
    kaiji_date due;       /* 回答期限, year 0 when none */
    char *url;           /* where the vendor publishes its documents, or "" */
    bool active;         /* false once it left the register */
    unsigned line;       /* register line (CSV) or row (XLSX) it came from; 0 from the store */
    long long version;   /* from the store: 1, then one more at each change; 0 from a register */
} kaiji_contract;

/* A list of contracts; owns them. */
typedef struct kaiji_contract_list {
    kaiji_contract *items;
    size_t count;
} kaiji_contract_list;

void kaiji_contract_list_free(kaiji_contract_list *list);

/* The contracts of the store, sorted by id; inactive ones too when
 * include_inactive. */
int kaiji_store_contracts(kaiji_contract_list **out, kaiji_store *store,
                          bool include_inactive);

/*
 * The comparison key of a vendor or product name: kaiji_text_key (NFKC,
 * width, case folding, no spaces) with the company forms of
 * formats/vocab/register.json (株式会社, (株), ㈱, 有限会社, Inc., Co., Ltd.
 * ...) removed from either end as whole words only.  "株式会社 メディカルＡ"
 * and "ﾒﾃﾞｨｶﾙA㈱" have one key; "Corpus Medical" and "us Medical" have two
 * (a form's letters inside a Latin word are part of the name).  Use it to
 * group contracts by vendor.  *out is malloc'd; KAIJI_ERROR_INVALID when
 * name is not UTF-8.
 */
int kaiji_store_name_key(char **out, const char *name);

/*
 * kaiji_store_name_key with the vocabulary store loaded when it was opened:
 * kaiji_store_name_key loads it at each call, this never does (use it to key
 * many names).  Same results and errors.
 */
int kaiji_store_name_key_with(char **out, const kaiji_store *store, const char *name);

/* ----------------------------------------------------------------- register */

/* A problem with one row of a register file. */
typedef struct kaiji_register_error {
    unsigned line;       /* CSV line (1 = the header line) or XLSX row */
    char *message;       /* "no contract ID", "due date \"2026/13/01\" is not a date" */
} kaiji_register_error;

typedef struct kaiji_register {
    kaiji_contract_list contracts;   /* the good rows, in file order */
    kaiji_register_error *errors;    /* every bad row, in file order */
    size_t error_count;
    char *encoding;                  /* "UTF-8", "UTF-8 (BOM)", "CP932", "XLSX" */
} kaiji_register;

/*
 * Reads a register file: CSV (UTF-8 with or without BOM, else CP932; RFC 4180
 * quoting, CRLF, newlines inside quotes) or XLSX (first sheet with a header
 * row; recognised by content).  Columns are found by their header labels,
 * Japanese or English (formats/vocab/register.json).  Required documents come
 * from their column, else from the contract type (the mapping is in
 * register.json).  Rows in error are listed in (*out)->errors, with their line
 * numbers, and left out of contracts; a register with any error must not be
 * imported.  Returns KAIJI_OK (perhaps with row errors), KAIJI_ERROR_IO
 * (cannot read; *out NULL), KAIJI_ERROR_INVALID (not a register at all: no
 * header with a contract ID column; *out holds one error saying so),
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_register_read(kaiji_register **out, const char *path);
void kaiji_register_free(kaiji_register *reg);

typedef enum kaiji_change_kind {
    KAIJI_CHANGE_ADDED = 0,
    KAIJI_CHANGE_UPDATED,
    KAIJI_CHANGE_DEACTIVATED,  /* left the register: kept, marked inactive */
    KAIJI_CHANGE_REACTIVATED   /* came back (perhaps updated too) */
} kaiji_change_kind;

/* "added", "updated", "deactivated", "reactivated". */
const char *kaiji_change_kind_name(kaiji_change_kind kind);

typedef struct kaiji_change {
    kaiji_change_kind kind;
    char *contract_id;
    char **details;      /* "due: 2026-09-30 → 2026-10-31", one per field changed */
    size_t detail_count;
} kaiji_change;

typedef struct kaiji_change_list {
    kaiji_change *items;
    size_t count;
    size_t unchanged;    /* contracts present and identical */
} kaiji_change_list;

void kaiji_change_list_free(kaiji_change_list *list);

/*
 * Makes the store's contracts those of reg (which must have no errors:
 * KAIJI_ERROR_INVALID otherwise): adds new ones, updates changed ones,
 * marks the ones no longer listed inactive (their submissions, links and
 * reminders are kept), and records each change in the contract history.
 * *out lists the changes.  For a dry run, call it inside a transaction and
 * roll back.
 */
int kaiji_store_import_register(kaiji_change_list **out, kaiji_store *store,
                                const kaiji_register *reg);

/* ------------------------------------------------------------------- ingest */

typedef struct kaiji_ingest_options {
    const kaiji_catalogs *catalogs;  /* required */
    const char *target_guideline;    /* NULL: "6.0" */
    kaiji_date as_of;                /* judged as of; year 0: today */
    /* The name to record as the submission's original path (fetch: the URL);
     * NULL: the path given. */
    const char *original_name;
    /* A contract the file is known to be for (fetch: the contract whose URL
     * gave it); always linked, also when the same bytes were ingested
     * before.  NULL: none. */
    const char *contract_hint;
    /* With contract_hint: linked to that contract alone, whatever the
     * document names (a file sent through a vendor's upload link). */
    bool hint_only;
    /* When the file reached the hospital, "YYYY-MM-DDTHH:MM:SSZ" (a mail's
     * date, a download's Last-Modified).  NULL or "": the file's
     * modification time (kaiji_store_ingest_read), else the time of the
     * ingest.  Decides between two documents of one date (kaiji_store_status).
     * Another form is refused (KAIJI_ERROR_INVALID). */
    const char *received_at;
} kaiji_ingest_options;

void kaiji_ingest_options_init(kaiji_ingest_options *opts);

/* How a submission was linked to its contracts. */
typedef enum kaiji_link_method {
    KAIJI_LINK_NONE = 0,       /* unmatched or ambiguous */
    KAIJI_LINK_REFERENCE,      /* 契約番号 inside the document */
    KAIJI_LINK_PATH,           /* folder or file-name prefix equal to an ID */
    KAIJI_LINK_NAME,           /* vendor and product/system names */
    KAIJI_LINK_HINT,           /* options.contract_hint (always linked) */
    KAIJI_LINK_MANUAL          /* kaiji_store_link */
} kaiji_link_method;

/* "none", "reference", "path", "name", "hint", "manual". */
const char *kaiji_link_method_name(kaiji_link_method method);

typedef struct kaiji_ingest_result {
    char *path;               /* as given */
    char *sha256;
    long long submission_id;
    bool duplicate;           /* these bytes were ingested before: nothing changed */
    kaiji_kind kind;
    kaiji_status status;      /* as of options.as_of */
    char *form_version;
    kaiji_link_method method;
    /* Readable but no vendor disclosure (unknown kind, hospital checklist):
     * recorded, never linked. */
    bool not_disclosure;
    char **contracts;         /* the contracts it is linked to (for a duplicate:
                                 those it was linked to before) */
    size_t contract_count;
    bool ambiguous;           /* several contracts matched by name: not linked */
    char **candidates;        /* the ambiguous candidates */
    size_t candidate_count;
    char **unknown_references; /* contract IDs the document names that the
                                  register does not hold */
    size_t unknown_count;
    char *vendor;             /* the vendor the document names, as written */
    /* Contracts the document names by reference that are not its vendor's
     * (or it names no vendor): not linked, recorded with the submission
     * (kaiji link can still link them). */
    char **refused;
    size_t refused_count;
} kaiji_ingest_result;

void kaiji_ingest_result_free(kaiji_ingest_result *res);

/*
 * Reads, validates and records the file at path (an unreadable one too, with
 * status unreadable), then links it to the contracts it covers: by the
 * contract reference inside it (KAIJI_FIELD_CONTRACT, several IDs separated by
 * 、 , ／ / or spaces), else by a folder or file-name prefix equal to a
 * contract ID (C-001_mds.xlsx, C-001/mds.xlsx), else by vendor and
 * product/system names (kaiji_store_name_key); several name matches that
 * cannot be told apart are ambiguous and left unlinked.  Contract IDs are
 * compared without case, width or invisible characters.  A reference links
 * only a contract of the document's own vendor (their kaiji_store_name_key
 * equal): a reference to another vendor's contract, or any reference in a
 * document that names no vendor, is refused (res->refused, recorded in the
 * store), and names are then not used.  The hint always links (a fetch knows
 * which contract it downloaded for).  The same bytes ingested again change
 * nothing (res->duplicate) but for a link to the hint's contract.  Returns KAIJI_OK,
 * KAIJI_ERROR_NOMEM, KAIJI_ERROR_UNREADABLE (the file cannot be opened or
 * read: nothing recorded, kaiji_store_errmsg says why), KAIJI_ERROR_IO (the
 * store could not be written).  path is recorded (and shown in res->path) in
 * kaiji's shown form: well-formed UTF-8, each byte that is not part of a
 * UTF-8 character written \xHH and a backslash \\, so that the bytes come
 * back exactly (a CP932 name from a ZIP made on Windows included).
 */
int kaiji_store_ingest_file(kaiji_ingest_result **out, kaiji_store *store,
                            const char *path, const kaiji_ingest_options *opts);

/* As kaiji_store_ingest_file, from size bytes at data; name is the path to
 * record and to match prefixes against: as it is when it is well-formed UTF-8
 * (a name in the shown form), else in the shown form of those bytes. */
int kaiji_store_ingest_memory(kaiji_ingest_result **out, kaiji_store *store,
                              const void *data, size_t size, const char *name,
                              const kaiji_ingest_options *opts);

/*
 * An ingest in two steps, so that the write lock is held only to record: the
 * slow part (reading and validating a file) needs no transaction and writes
 * nothing; recording it is quick and is done in the caller's transaction.
 * kaiji_store_ingest_file is the two one after the other.
 */
typedef struct kaiji_ingest_item kaiji_ingest_item;

/*
 * Reads and validates the file at path for kaiji_store_ingest_record, with
 * opts (copied: the item keeps what it needs).  The store is only read: bytes
 * it holds already (by SHA-256) are not read again.  Opens no transaction and
 * writes nothing.  Returns KAIJI_OK, KAIJI_ERROR_NOMEM, KAIJI_ERROR_UNREADABLE
 * (the file cannot be opened or read, or libxml2, which reading it needs,
 * cannot be loaded: kaiji_store_errmsg says why),
 * KAIJI_ERROR_IO (the store could not be read), KAIJI_ERROR_INVALID (no
 * catalogs, or opts->received_at not in its form).  Free *out with kaiji_ingest_item_free.
 */
int kaiji_store_ingest_read(kaiji_ingest_item **out, kaiji_store *store, const char *path,
                            const kaiji_ingest_options *opts);

/* As kaiji_store_ingest_read, from size bytes at data (copied as needed);
 * name is the path to record and to match prefixes against. */
int kaiji_store_ingest_read_memory(kaiji_ingest_item **out, kaiji_store *store,
                                   const void *data, size_t size, const char *name,
                                   const kaiji_ingest_options *opts);

/*
 * Records item and links it to its contracts, as kaiji_store_ingest_file
 * does, in the caller's transaction.  What another process wrote since item
 * was read counts: the same bytes recorded meanwhile make it a duplicate
 * (res->duplicate), and it is linked against the register as the store holds
 * it now.  Returns KAIJI_OK, KAIJI_ERROR_NOMEM, KAIJI_ERROR_IO.
 */
int kaiji_store_ingest_record(kaiji_ingest_result **out, kaiji_store *store,
                              const kaiji_ingest_item *item);

void kaiji_ingest_item_free(kaiji_ingest_item *item);

/*
 * Links an ingested submission to the contracts ids[0..count-1] (added to
 * its links; method manual).  file is a SHA-256 (full, or a unique prefix of
 * at least 8 hex digits), the path of a file on disk (hashed), or a recorded
 * path.  KAIJI_ERROR_NOT_FOUND when no submission or a contract is unknown
 * (kaiji_store_errmsg says which).
 */
int kaiji_store_link(kaiji_store *store, const char *file,
                     const char *const *ids, size_t count);

/* ------------------------------------------------------------------- status */

typedef enum kaiji_contract_state {
    KAIJI_CONTRACT_COMPLETE = 0,  /* every required document current and valid */
    KAIJI_CONTRACT_OUTDATED,      /* owes only outdated documents; due date not passed */
    KAIJI_CONTRACT_INVALID,       /* one invalid or unreadable; due date not passed */
    KAIJI_CONTRACT_MISSING,       /* one not received, none invalid; due date not passed */
    KAIJI_CONTRACT_OVERDUE,       /* owes anything (missing, outdated, invalid) past the due date */
    KAIJI_CONTRACT_NOT_REQUIRED,  /* no patient data */
    KAIJI_CONTRACT__COUNT
} kaiji_contract_state;

/* "complete", "outdated", "invalid", "missing", "overdue", "not-required". */
const char *kaiji_contract_state_name(kaiji_contract_state state);

typedef struct kaiji_status_finding {
    kaiji_severity severity;
    char *code, *item, *location, *message;
} kaiji_status_finding;

/*
 * One required document of a contract: the vendor's current claim, i.e. the
 * newest submission of its type linked to the contract, judged as of the
 * status date.  Newest is by document date (the date written in the
 * document; a document without one counts as of the day it was received),
 * then by the time received (kaiji_ingest_options.received_at), then by the
 * order of ingest: the order in which files are ingested does not matter
 * unless two have the same dates and the same time received.
 */
typedef struct kaiji_status_document {
    unsigned type;            /* one KAIJI_DOC_* bit */
    bool present;             /* false: nothing received; the strings are "" */
    /* "current" (valid), "outdated", "invalid" (also unreadable), "missing". */
    const char *state;        /* static */
    kaiji_status status;      /* the validator's verdict as of the status date */
    char *path;               /* original name/path recorded at ingest */
    char *sha256;
    char *form_version;
    char *kind;               /* kaiji_kind_name */
    char *ingested_at;        /* "YYYY-MM-DDTHH:MM:SSZ" */
    char *received_at;        /* "YYYY-MM-DDTHH:MM:SSZ" (see kaiji_ingest_options) */
    kaiji_date document_date; /* as written in the document; year 0 when none */
    kaiji_status_finding *findings;
    size_t finding_count;
    /* When this document is invalid (or unreadable): the newest older
     * submission of the type that is valid as of the status date, shown
     * beside it; NULL when there is none or this one is not invalid.  Its own
     * previous_valid is NULL. */
    struct kaiji_status_document *previous_valid;
} kaiji_status_document;

typedef struct kaiji_status_contract {
    kaiji_contract contract;          /* the register's row */
    kaiji_contract_state state;
    kaiji_status_document *documents; /* one per required type, mds, sds, checklist order */
    size_t document_count;
    /* The KAIJI_DOC_* bits of the required documents still owed: missing,
     * outdated or invalid (their documents[].state says which). */
    unsigned owes;
    bool overdue;                     /* owes something and the due date is before as_of */
    long days_overdue;                /* as_of minus the due date, in days, when overdue; else 0 */
    /* The date of the last reminder recorded for this contract
     * (kaiji_store_record_mail, kind "reminder", any method); year 0: none. */
    kaiji_date last_reminder;
} kaiji_status_contract;

typedef struct kaiji_status_report {
    kaiji_date as_of;
    /* Contracts per state: they add up to count. */
    size_t summary[KAIJI_CONTRACT__COUNT];
    /* Contracts that owe something: summary's overdue, invalid, missing and
     * outdated together. */
    size_t owing;
    kaiji_status_contract *contracts;      /* active contracts, by id */
    size_t count;
} kaiji_status_report;

typedef struct kaiji_status_options {
    const kaiji_catalogs *catalogs;   /* required */
    const char *target_guideline;     /* NULL: "6.0" */
    kaiji_date as_of;                 /* year 0: today */
    /* Only the contracts that owe something (owes != 0); the summary counts
     * those reported. */
    bool owing_only;
} kaiji_status_options;

void kaiji_status_options_init(kaiji_status_options *opts);

/*
 * The state of every active contract as of opts->as_of, each stored document
 * validated again as of that date (see kaiji_status_document for which
 * submission counts).  A contract owes a required document that is missing,
 * outdated or invalid (unreadable included).  Its state, first that applies:
 * not-required (no patient data); overdue (owes something and the due date
 * is before as_of, whatever is wrong); invalid (one invalid or unreadable);
 * missing (one not received); outdated (one outdated); complete.
 */
int kaiji_store_status(kaiji_status_report **out, kaiji_store *store,
                       const kaiji_status_options *opts);
void kaiji_status_report_free(kaiji_status_report *report);

/* Every submission linked to one contract, for its page: each a
 * kaiji_status_document (type: the KAIJI_DOC_* bits it covers; state and
 * findings validated again as of opts->as_of, as kaiji_store_status does),
 * newest claim first (the order that decides which one counts).  Its
 * previous_valid is NULL. */
typedef struct kaiji_submission_list {
    kaiji_status_document *items;
    size_t count;
} kaiji_submission_list;

/*
 * The submissions linked to contract id into *out (the caller's, freed with
 * kaiji_submission_list_free); none is an empty list, an unknown contract
 * too.  Returns KAIJI_OK, KAIJI_ERROR_INVALID (no catalogs), KAIJI_ERROR_NOMEM
 * or KAIJI_ERROR_IO (kaiji_store_errmsg says why).
 */
int kaiji_store_contract_submissions(kaiji_submission_list **out, kaiji_store *store,
                                     const char *id, const kaiji_status_options *opts);
void kaiji_submission_list_free(kaiji_submission_list *list);

/* One change of a contract as the register's history keeps it. */
typedef struct kaiji_contract_change {
    char *at;        /* "YYYY-MM-DDTHH:MM:SSZ" */
    char *change;    /* "added", "changed", "ended", … as recorded */
    char *field;     /* the field changed, "" for the contract as a whole */
    char *old_value; /* "" when none */
    char *new_value; /* "" when none */
} kaiji_contract_change;

typedef struct kaiji_contract_history {
    kaiji_contract_change *items; /* newest first */
    size_t count;
} kaiji_contract_history;

/*
 * The register's history of contract id into *out (the caller's, freed with
 * kaiji_contract_history_free), newest first, at most limit changes (0: all).
 * Returns KAIJI_OK, KAIJI_ERROR_NOMEM or KAIJI_ERROR_IO.
 */
int kaiji_store_contract_history(kaiji_contract_history **out, kaiji_store *store,
                                 const char *id, size_t limit);
void kaiji_contract_history_free(kaiji_contract_history *history);

/* ------------------------------------------------------ requests, reminders */

/* A request or reminder e-mail, written or sent. */
typedef struct kaiji_mail_record {
    const char *kind;          /* "request" or "reminder" */
    const char *vendor;        /* as in the register */
    const char *email;         /* the address written to */
    const char *const *contract_ids; /* the contracts it is about */
    size_t contract_count;
    kaiji_date date;           /* the date it counts for (the command's as-of) */
    const char *method;        /* "eml" (written to a file) or "smtp" (sent) */
    const char *message_id;    /* the Message-ID header, or NULL */
    const char *file;          /* the .eml written, or NULL */
} kaiji_mail_record;

/* Records one mail; the real time is recorded beside date. */
int kaiji_store_record_mail(kaiji_store *store, const kaiji_mail_record *rec);

/*
 * The date of the last mail to vendor (compared by kaiji_store_name_key),
 * sent by method ("smtp", "eml") or by any method when method is NULL.
 * KAIJI_ERROR_NOT_FOUND when there is none (*out is then year 0).
 */
int kaiji_store_last_mail(kaiji_date *out, kaiji_store *store,
                          const char *vendor, const char *method);

/* ------------------------------------------------------------- fetch state */

/* What the last download from a contract's URL returned. */
typedef struct kaiji_fetch_state {
    char *url;            /* as printed (kaiji_fetch_redact_url): no login, no query */
    char *etag;           /* "" when none */
    char *last_modified;  /* the Last-Modified header as sent, "" when none */
    char *sha256;         /* of the bytes last downloaded, "" when none */
    char *fetched_at;     /* "YYYY-MM-DDTHH:MM:SSZ" */
} kaiji_fetch_state;

void kaiji_fetch_state_free(kaiji_fetch_state *state);

/* The fetch state of contract_id; KAIJI_ERROR_NOT_FOUND (and *out NULL) when
 * it was never fetched. */
int kaiji_store_fetch_state_get(kaiji_fetch_state **out, kaiji_store *store,
                                const char *contract_id);
/* Records the fetch state of contract_id (fetched_at may be "" or NULL: now).
 * The strings are copied. */
int kaiji_store_fetch_state_set(kaiji_store *store, const char *contract_id,
                                const kaiji_fetch_state *state);

/* ------------------------------------------- the hospital's checklist draft */

/*
 * The draft of the hospital's own checklist (医療機関確認用) made from what
 * every vendor said in its checklist (事業者確認用); `kaiji checklist draft`
 * writes it as a workbook (report/checklist.h).
 *
 * The rule, for each item of the 医療機関確認用 form of the edition current on
 * the draft's date, and for each target (サーバ, 端末PC, ネットワーク機器) or the
 * item's one answer: はい only when every contract that covers it said はい;
 * いいえ, with the earliest 目標日 among the いいえ answers and the vendors
 * behind them, when one said いいえ; blank when no contract covers it.  A
 * contract covers a target when its vendor checklist answers it はい or いいえ
 * (対象外 does not cover).  Item 0 (医療情報システムを導入、運用している) is はい
 * when any active contract handles patient data.  The hospital answers items
 * itself (overrides): what no vendor can say about the hospital.
 */

/* The target columns of the form, in its order. */
#define KAIJI_DRAFT_TARGETS 3

/* "サーバ", "端末PC", "ネットワーク機器" for 0, 1, 2; NULL otherwise. */
const char *kaiji_draft_target_name(size_t i);

/*
 * An answer the hospital gives itself: on the command line (kaiji checklist
 * draft --answer, --target-date), or kept from an earlier draft it filled in
 * (--from).  The strings are borrowed.
 */
typedef struct kaiji_draft_override {
    const char *item;        /* item ID in any written form: "3②", "3-2", "３（２）" */
    kaiji_answer answer;     /* YES or NO for the whole item; BLANK: keep */
    /* per target, as the earlier draft's cells say (kept only): BLANK: keep */
    kaiji_answer target_answers[KAIJI_DRAFT_TARGETS];
    kaiji_date target_date;  /* 目標日 of the item; year 0: keep */
    /* true: from an earlier draft; each of its answers and its 目標日 counts
     * only where it differs from what the vendors say now (the hospital's
     * edit), and the command line's overrides come after it. */
    bool kept;
    const char *origin;      /* what gave it, for the details: "--answer 3-2=はい",
                                a file's path; NULL: "" */
} kaiji_draft_override;

typedef struct kaiji_draft_options {
    const kaiji_catalogs *catalogs;  /* required */
    const char *target_guideline;    /* NULL: "6.0" */
    kaiji_date as_of;                /* the 確認日 and the edition's date; year 0: today */
    const char *organisation;        /* 医療機関名, or NULL */
    const char *author;              /* 記入者, or NULL */
    const kaiji_draft_override *overrides;
    size_t override_count;
} kaiji_draft_options;

/* One answer of the draft: a target's, or the item's only one. */
typedef struct kaiji_draft_answer {
    bool applies;            /* false: not a target of this item (grey cell) */
    kaiji_answer answer;     /* YES, NO, or BLANK when no contract covers it */
    kaiji_date target_date;  /* NO: the earliest 目標日 of the いいえ answers */
    char *no_vendors;        /* NO: "vendor (contract)、..." */
    size_t covered;          /* how many contracts answered it */
} kaiji_draft_answer;

/* What an answer of the draft rests on. */
typedef enum kaiji_evidence_kind {
    KAIJI_EVIDENCE_VENDOR = 0, /* a vendor checklist's answer (source) */
    KAIJI_EVIDENCE_REGISTER,   /* the register: contracts handling patient data */
    KAIJI_EVIDENCE_HOSPITAL    /* the hospital's own answer (an override) */
} kaiji_evidence_kind;

typedef struct kaiji_draft_evidence {
    kaiji_evidence_kind kind;
    kaiji_answer answer;     /* what it says (YES or NO); BLANK: a 目標日 only */
    size_t source;           /* VENDOR: index into the draft's sources */
    char *item_id;           /* VENDOR: the item as the vendor's file numbers it */
    char *location;          /* VENDOR: where in the file ("Sheet1!C12"), or "" */
    char *targets;           /* the targets it answers ("サーバ、端末PC"), "" for all */
    char *detail;            /* REGISTER: "患者情報を扱う契約 5 件"; HOSPITAL: the
                                origin (the option as written, the file read) */
} kaiji_draft_evidence;

typedef struct kaiji_draft_item {
    char *id;                /* as the form numbers it */
    char *question;          /* the catalog's wording, else a vendor's */
    bool per_target;         /* answers[0..2] per target; else answers[0] only */
    kaiji_draft_answer answers[KAIJI_DRAFT_TARGETS];
    kaiji_answer answer;     /* the item's: NO when one is, YES when all are, BLANK */
    kaiji_date target_date;  /* the 目標日 written: earliest of the いいえ answers */
    bool target_date_past;   /* NO, and target_date is before the draft's date */
    bool hospital_answer;    /* answered (or dated) by an override */
    char *remarks;           /* 備考: who said いいえ, for what, until when */
    kaiji_draft_evidence *evidence;  /* 根拠: what each answer rests on */
    size_t evidence_count;
} kaiji_draft_item;

/* A vendor checklist looked at: used, or why not. */
typedef struct kaiji_draft_source {
    char *contract;
    char *vendor;
    char *path;              /* as recorded at ingest */
    char *sha256;
    char *form_version;
    kaiji_status status;     /* judged again as of the draft's date */
    bool used;
    char *reason;            /* when not used: why ("edition R6, not R7") */
} kaiji_draft_source;

typedef struct kaiji_checklist_draft {
    kaiji_date as_of;
    char *edition;           /* "R7" */
    /* "R8" when that edition is current but its 医療機関確認用 items are not
     * known (no imported workbook), so the draft is on edition; else NULL. */
    char *current_edition;
    int fiscal_year;
    char *title;             /* "医療機関における…（令和7年5月）【医療機関確認用】" */
    char *organisation;
    char *author;            /* 記入者 */
    size_t patient_contracts;     /* active contracts handling patient data */
    kaiji_draft_item *items;
    size_t item_count;
    size_t past_target_dates;     /* items whose 目標日 is before as_of */
    kaiji_draft_source *sources;  /* one per contract with a vendor checklist */
    size_t source_count;
    char **without_checklist;     /* contracts (handling patient data) with none */
    size_t without_count;
} kaiji_checklist_draft;

/*
 * Makes the draft from the store: the current vendor checklist linked to
 * each active contract that handles patient data (newest by document date,
 * then time received, as kaiji_store_status counts), read again from its stored
 * exchange JSON and judged as of opts->as_of.  Checklists of another edition
 * than the current one, or unreadable, are listed in sources but not used.
 * Overrides name items in any written form (kaiji_text_id_key, and "3-2" for
 * "3②").  Returns KAIJI_OK; KAIJI_ERROR_NOT_FOUND when no checklist edition
 * is current at the date or an override names an item the form lacks;
 * KAIJI_ERROR_IO when the store cannot be read; KAIJI_ERROR_NOMEM.  On an
 * error other than NOMEM, *err (when err is not NULL) receives a malloc'd
 * message.  The caller frees *out with kaiji_checklist_draft_free.
 */
int kaiji_store_checklist_draft(kaiji_checklist_draft **out, kaiji_store *store,
                                const kaiji_draft_options *opts, char **err);
void kaiji_checklist_draft_free(kaiji_checklist_draft *draft); /* NULL-safe */

/*
 * The hospital's answers in doc, a 医療機関確認用 checklist it filled in (an
 * earlier draft, read with kaiji_read_file): one kept override per item with
 * an answer or a 目標日.  They borrow doc's strings and origin, which must
 * outlive them.  *out is malloc'd (free it), *count overrides in it.
 * Returns KAIJI_OK; KAIJI_ERROR_INVALID when doc is not a hospital
 * checklist; KAIJI_ERROR_NOMEM.
 */
int kaiji_draft_overrides_from_document(kaiji_draft_override **out, size_t *count,
                                        const kaiji_document *doc, const char *origin);

#ifdef __cplusplus
}
#endif
/* ------------------------------------------------ accounts and audit log */

/* What a kaiji serve account may do: admin everything; staff add documents
 * and read; viewer (the inspector) read and print only. */
typedef enum kaiji_role {
    KAIJI_ROLE_ADMIN = 0,
    KAIJI_ROLE_STAFF,
    KAIJI_ROLE_VIEWER
} kaiji_role;

/* "admin", "staff", "viewer". */
const char *kaiji_role_name(kaiji_role role);
/* The role named name (as kaiji_role_name writes it) in *out; false when none. */
bool kaiji_role_parse(const char *name, kaiji_role *out);

typedef struct kaiji_user {
    char *name;
    kaiji_role role;
    long long site;          /* the site the account works on (kaiji_store_sites); 1, the
                              * default site, for an account of no site: the group's */
    char *site_name;         /* its name ("" for the default site) */
    char *password_hash;     /* libsodium's crypto_pwhash_str (Argon2id) */
    unsigned failed;         /* failed logins since the last success */
    long long locked_until;  /* Unix time; 0 when not locked */
} kaiji_user;

void kaiji_user_free(kaiji_user *user);

/* Adds the account name, or gives an existing one this role and password
 * hash (its failures and lock cleared), on the site the store works on
 * (kaiji_store_site_use; the default site: an account of the group, which
 * as an admin sees every site in kaiji serve).  Names are unique across the
 * sites.  name is 1-64 bytes of UTF-8 without control characters:
 * KAIJI_ERROR_INVALID otherwise. */
int kaiji_store_user_put(kaiji_store *store, const char *name, kaiji_role role,
                         const char *password_hash);

/* The account name, of any site the connection may see, in *out (free with
 * kaiji_user_free), or *out NULL when there is none. */
int kaiji_store_user_get(kaiji_user **out, kaiji_store *store, const char *name);

/* How many accounts there are, and how many of them are admins, over the
 * sites the connection may see. */
int kaiji_store_user_count(size_t *all, size_t *admins, kaiji_store *store);

/* A list of accounts of every site the connection may see, by name; the
 * hashes are not read (password_hash ""). */
typedef struct kaiji_user_list {
    kaiji_user *items;
    size_t count;
} kaiji_user_list;

int kaiji_store_users(kaiji_user_list **out, kaiji_store *store);
void kaiji_user_list_free(kaiji_user_list *list);

/* Records a login of name at Unix time now: a success clears the failures;
 * a failure counts one more and, at max_failures, locks the account until
 * now + lock_seconds.  An unknown name changes nothing. */
int kaiji_store_user_login(kaiji_store *store, const char *name, bool ok, long long now,
                           unsigned max_failures, long long lock_seconds);

/* Appends to the audit log: who (an account, "local", or the system user of
 * a command), did what (a code: "login", "upload", "ingest", "link",
 * "register-import", "remind-sent" …), to what, with what detail: values
 * for a program to read ("sent=2 skipped=0 failed=1"), which kaiji serve's
 * audit page puts in words, never a sentence.  The log cannot be changed or
 * shortened through SQL (triggers refuse it). */
int kaiji_store_audit(kaiji_store *store, const char *actor, const char *action,
                      const char *target, const char *detail);

typedef struct kaiji_audit_entry {
    long long id;
    char *at;      /* "YYYY-MM-DDTHH:MM:SSZ" */
    char *actor, *action, *target, *detail;
} kaiji_audit_entry;

typedef struct kaiji_audit_list {
    kaiji_audit_entry *items;  /* newest first */
    size_t count;
} kaiji_audit_list;

/* The newest limit entries (0: all), of one action when action is not NULL. */
int kaiji_store_audit_list(kaiji_audit_list **out, kaiji_store *store, const char *action,
                           size_t limit);
void kaiji_audit_list_free(kaiji_audit_list *list);

/* Which entries of the audit log: every field NULL or "" is no condition. */
typedef struct kaiji_audit_filter {
    const char *actor;   /* exactly this person (account, "local", "watch" ...) */
    const char *action;  /* exactly this action code */
    kaiji_date from;     /* from this day on (UTC, as the log's times, unless local_days);
                            year 0: no bound */
    kaiji_date to;       /* up to this day, inclusive; year 0: no bound */
    size_t limit;        /* the newest limit entries; 0: all */
    bool local_days;     /* from and to are days of this computer's local time, not UTC */
} kaiji_audit_filter;

/* The entries of the audit log that filter lets through, newest first.
 * KAIJI_ERROR_INVALID for a date that is not one; else as
 * kaiji_store_audit_list. */
int kaiji_store_audit_find(kaiji_audit_list **out, kaiji_store *store,
                           const kaiji_audit_filter *filter);

/* The people and the actions the audit log holds, each sorted and once, for
 * a filter's choices; free both with kaiji_audit_names_free. */
typedef struct kaiji_audit_names {
    char **actors;
    size_t actor_count;
    char **actions;
    size_t action_count;
} kaiji_audit_names;

int kaiji_store_audit_names(kaiji_audit_names **out, kaiji_store *store);
void kaiji_audit_names_free(kaiji_audit_names *names);
/* ------------------------------------------------------ vendor upload links */

/*
 * A vendor upload link of kaiji serve (--vendor-portal): a URL holding a
 * random token that lets a vendor upload to one contract, and see kaiji's
 * findings, until it expires or is revoked.  The store keeps only the token's
 * SHA-256, so a link's URL is known once, when it is made: each reminder and
 * each "new link" makes its own (a contract may have several live links).
 */
#define KAIJI_VENDOR_TOKEN_HEX 64             /* 256 random bits, in hexadecimal */
#define KAIJI_VENDOR_LINK_DAYS 30             /* how long a link lasts, unless told */
#define KAIJI_VENDOR_LINK_MAX_DAYS 365
#define KAIJI_VENDOR_LINK_FILES_PER_HOUR 60   /* files one link may send in an hour */

typedef struct kaiji_vendor_link {
    long long id;
    char *contract_id;
    char *created_by;        /* who made it: an account, "local", or a command's user */
    long long created_at;    /* Unix times; 0 when not (yet) */
    long long expires_at;
    long long revoked_at;
    long long last_used_at;  /* the last page opened or file sent through it */
    long long files;         /* files received through it */
    long long site;          /* the contract's site (kaiji_store_vendor_link_find) */
} kaiji_vendor_link;

void kaiji_vendor_link_free(kaiji_vendor_link *link);

typedef struct kaiji_vendor_link_list {
    kaiji_vendor_link *items; /* newest first */
    size_t count;
} kaiji_vendor_link_list;

void kaiji_vendor_link_list_free(kaiji_vendor_link_list *list);

/*
 * Makes a new link to the contract contract_id (one the register holds, in
 * force: else KAIJI_ERROR_NOT_FOUND) that lasts days days (1 to
 * KAIJI_VENDOR_LINK_MAX_DAYS, else KAIJI_ERROR_INVALID) from Unix time now,
 * made by actor.  token receives its secret (KAIJI_VENDOR_TOKEN_HEX hex
 * digits and a NUL), which the store does not keep; *expires_at (when not
 * NULL) the time it ends.  KAIJI_ERROR_IO when the system gives no random
 * numbers or the store cannot be written.
 */
int kaiji_store_vendor_link_new(char token[KAIJI_VENDOR_TOKEN_HEX + 1], long long *expires_at,
                                kaiji_store *store, const char *contract_id, unsigned days,
                                const char *actor, long long now);

/*
 * The live link whose secret is token, in *out (free with
 * kaiji_vendor_link_free); *out NULL when there is none: an unknown, expired
 * (as of now) or revoked token, or its contract no longer in force, all
 * alike.  The secrets' hashes are compared in constant time.  Any site the
 * connection may see: the link's site in (*out)->site, to work on with
 * kaiji_store_site_use_id.
 */
int kaiji_store_vendor_link_find(kaiji_vendor_link **out, kaiji_store *store, const char *token,
                                 long long now);

/*
 * Counts files sent through the link id at now (0: the page opened), within
 * KAIJI_VENDOR_LINK_FILES_PER_HOUR in an hour: *allowed false (and nothing
 * counted) when they would go over.  Records the time of last use.
 */
int kaiji_store_vendor_link_use(bool *allowed, kaiji_store *store, long long id, unsigned files,
                                long long now);

/* The links of contract_id, newest first (live or not). */
int kaiji_store_vendor_links(kaiji_vendor_link_list **out, kaiji_store *store,
                             const char *contract_id);

/* Revokes every live link of contract_id at now; *count (when not NULL)
 * says how many. */
int kaiji_store_vendor_link_revoke(size_t *count, kaiji_store *store, const char *contract_id,
                                   long long now);

/* The URL of a link: base (an http(s) URL; a trailing '/' or not) then
 * "v/" and the token, in *out (malloc'd, the caller's).  KAIJI_ERROR_INVALID
 * when base is not http:// or https:// or holds a query, a fragment, a
 * space or a control character. */
int kaiji_vendor_link_url(char **out, const char *base, const char *token);

/* ------------------------------- the hospital's own checklist answers */

/* One item the hospital answers itself on kaiji serve's checklist form. */
typedef struct kaiji_hospital_answer {
    char *item;               /* as the form numbers it: "3②" */
    kaiji_answer answer;      /* YES, NO, or BLANK (a 目標日 only) */
    kaiji_date target_date;   /* 目標日; year 0: none */
} kaiji_hospital_answer;

/* What the form holds: the header of the draft and the items answered. */
typedef struct kaiji_hospital_answers {
    char *organisation;       /* 医療機関名, "" when none */
    char *author;             /* 記入者, "" when none */
    kaiji_hospital_answer *items;
    size_t count;
    char *updated_at;         /* when the answers were last saved, "" when never */
    char *updated_by;         /* and by whom */
} kaiji_hospital_answers;

/* The answers kept, in *out (all empty when none were ever saved); free it
 * with kaiji_hospital_answers_free.  KAIJI_OK, KAIJI_ERROR_IO, _NOMEM. */
int kaiji_store_hospital_answers_get(kaiji_hospital_answers **out, kaiji_store *store);
/* Replaces the answers kept with a (items with neither an answer nor a
 * 目標日 are dropped), saved by the account by.  Call it in a transaction.
 * KAIJI_OK or KAIJI_ERROR_IO. */
int kaiji_store_hospital_answers_set(kaiji_store *store, const kaiji_hospital_answers *a,
                                     const char *by);
void kaiji_hospital_answers_free(kaiji_hospital_answers *a); /* NULL-safe */

#endif
