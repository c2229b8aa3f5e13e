/*
 * store/internal.h - what the store's modules share.  Not installed.
 */
#ifndef KAIJI_STORE_INTERNAL_H
#define KAIJI_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/store.h"
#include "store/db.h"

/* A list of comparison keys (kaiji_text_key of each label). */
typedef struct kaiji_keylist {
    char **keys;
    size_t count;
} kaiji_keylist;

/* The register's columns, in the order of formats/vocab/register.json. */
typedef enum kaiji_reg_column {
    KAIJI_REG_ID = 0,
    KAIJI_REG_VENDOR,
    KAIJI_REG_EMAIL,
    KAIJI_REG_SYSTEM,
    KAIJI_REG_PRODUCT,
    KAIJI_REG_TYPE,
    KAIJI_REG_PATIENT,
    KAIJI_REG_REQUIRED,
    KAIJI_REG_REQUESTED,
    KAIJI_REG_DUE,
    KAIJI_REG_URL,
    KAIJI_REG__COUNT
} kaiji_reg_column;

typedef struct kaiji_reg_type {
    kaiji_keylist labels;
    unsigned documents; /* KAIJI_DOC_* bits */
} kaiji_reg_type;

/* formats/vocab/register.json, parsed and keyed. */
typedef struct kaiji_regvocab {
    kaiji_keylist columns[KAIJI_REG__COUNT];
    kaiji_keylist yes, no;
    kaiji_keylist documents[KAIJI_DOC_TYPE_COUNT]; /* mds, sds, checklist */
    char **separators;                             /* raw UTF-8 */
    size_t separator_count;
    kaiji_reg_type *types;
    size_t type_count;
    kaiji_keylist company_forms;                   /* longest first */
} kaiji_regvocab;

/* The built-in register vocabulary.  *out freed with kaiji_regvocab_free. */
int kaiji_regvocab_load(kaiji_regvocab **out);
void kaiji_regvocab_free(kaiji_regvocab *v);
/* kaiji_register_read() of len bytes at data (CSV or XLSX) already in
 * memory, with the vocabulary v; name is only used to name the workbook.
 * The caller keeps data and v. */
int kaiji_register_read_memory(kaiji_register **out, const kaiji_regvocab *v, const char *name,
                               const char *data, size_t len);
/* true when key is one of list. */
bool kaiji_keylist_has(const kaiji_keylist *list, const char *key);
/* The name key of name (see kaiji_store_name_key), malloc'd; NULL when out of
 * memory or not UTF-8. */
char *kaiji_regvocab_name_key(const kaiji_regvocab *v, const char *name);

/* What ingest keeps of the register while a transaction records many
 * files (store/ingest.c). */
typedef struct kaiji_link_cache kaiji_link_cache;

struct kaiji_store {
    kaiji_db *db;
    char *path; /* as it may be shown: a URI without its password */
    long long site; /* the site the store works on (sites.id; 1 the default) */
    long long site_total; /* the sites in the store when it was opened (1 on SQLite) */
    bool in_tx;
    kaiji_regvocab *vocab;
    /* Changes whenever the contracts may have: at each transaction's start
     * and end and when the register is imported.  link_cache holds for one
     * value only. */
    unsigned long contracts_serial;
    kaiji_link_cache *link_cache;
    char errmsg[512];
};

/* Which of a contract's submissions counts, the current claim first: newest
 * by document date (else the day received), then by time received, then by
 * order of ingest.  An ORDER BY over "submissions s" (the time received is
 * COALESCE(s.received_at, s.ingested_at), said in full: PostgreSQL takes no
 * alias of the select list inside an expression); status and the checklist
 * draft both take it. */
#define KAIJI_STORE_RECEIVED "COALESCE(s.received_at, s.ingested_at)"
#define KAIJI_STORE_CLAIM_ORDER                                                          \
    " ORDER BY COALESCE(NULLIF(s.document_date, ''), substr(" KAIJI_STORE_RECEIVED       \
    ", 1, 10)) DESC, " KAIJI_STORE_RECEIVED " DESC, s.id DESC"

/* The contracts may have changed (a transaction begins or ends, the
 * register is written): drops link_cache.  Called by the store itself. */
void kaiji_store_contracts_changed(kaiji_store *st);

/* Reads which site the connection works on into st->site (store/sites.c):
 * 1 on SQLite; on PostgreSQL the role's site, else the one kaiji.site names. */
int kaiji_store_site_init(kaiji_store *st);
/* The length of the site setting kept by kaiji_store_sites_open. */
#define KAIJI_STORE_SITE_SAVED 32
/* Lets the connection read every site it may see, for one look-up across
 * the sites (an account, a vendor link, the sites' counts); the setting it
 * had goes into saved, which kaiji_store_sites_close puts back.  Nothing on
 * SQLite (one site). */
int kaiji_store_sites_open(kaiji_store *st, char saved[KAIJI_STORE_SITE_SAVED]);
int kaiji_store_sites_close(kaiji_store *st, const char saved[KAIJI_STORE_SITE_SAVED]);

/* Sets the store's error message (printf) and returns rc. */
int kaiji_store_fail(kaiji_store *st, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets the error message from the engine ("what: reason") and returns the
 * matching kaiji_error (NOMEM or IO). */
int kaiji_store_sqlfail(kaiji_store *st, const char *what);
/* Prepares sql on st; on failure sets the error and returns NULL. */
kaiji_stmt *kaiji_store_prepare(kaiji_store *st, const char *sql);
/* Runs sql (no result rows); KAIJI_OK or the error. */
int kaiji_store_exec(kaiji_store *st, const char *sql);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf. */
char *kaiji_store_now(char buf[32]);
/* Column i of a row as a string ("" for NULL); owned by the statement. */
const char *kaiji_store_col(kaiji_stmt *s, int i);
/* Binds a date as "YYYY-MM-DD" (a month as "YYYY-MM"), or NULL for no date. */
int kaiji_store_bind_date(kaiji_stmt *s, int i, kaiji_date d);
/* Parses a stored "YYYY-MM-DD", or "YYYY-MM" (a month: day 0); "" gives no
 * date. */
kaiji_date kaiji_store_parse_iso(const char *s);
/* Fills c from a row of "SELECT id, vendor, email, system, product, type,
 * patient_data, required, requested, due, url, active, version FROM contracts".
 * Strings malloc'd into c; KAIJI_ERROR_NOMEM when out of memory. */
int kaiji_store_read_contract(kaiji_contract *c, kaiji_stmt *s);
#define KAIJI_STORE_CONTRACT_COLUMNS \
    "id, vendor, email, system, product, type, patient_data, required, requested, due, url, active," \
    " version"
/* true when s is one e-mail address as the register takes it. */
bool kaiji_store_email_ok(const char *s);
/* Writes c over old (the same contract, as the store holds it now), each
 * field changed a line of its history, as a register import does; *out
 * lists the change (or unchanged 1).  In the caller's transaction. */
int kaiji_store_contract_update(kaiji_change_list **out, kaiji_store *st,
                                const kaiji_contract *old, const kaiji_contract *c);
/* Frees the strings of c (not c itself). */
void kaiji_contract_clear(kaiji_contract *c);
/* A deep copy of src into dst; KAIJI_ERROR_NOMEM. */
int kaiji_contract_copy(kaiji_contract *dst, const kaiji_contract *src);
/* kaiji_strprintf (base/base.h), kept for the store's callers. */
char *kaiji_store_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* strdup that accepts NULL (giving ""). */
char *kaiji_store_strdup(const char *s);

#endif
