/*
 * store/ingest.c - recording a submission (validated by the same engine as
 * kaiji validate) and linking it to the contracts it covers; kaiji link.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/base.h"
#include "kaiji.h"
#include "platform/platform.h"
#include "store/internal.h"
#include "text/text.h"
#include "model/i18n.h"

/* The largest file ingested (the readers have their own, finer limits). */
#define MAX_INGEST_BYTES (512ull * 1024 * 1024)

/* A file read and validated, to be recorded (see kaiji_store_ingest_read):
 * what recording and linking need of it, the document itself freed. */
struct kaiji_ingest_item {
    char *path;          /* as given: matched against contract IDs */
    char *recorded;      /* the path to record (options.original_name or path) */
    char *sha256;
    char *hint;          /* options.contract_hint, or NULL */
    bool hint_only;      /* options.hint_only */
    /* When the file was received ("YYYY-MM-DDTHH:MM:SSZ"): options.received_at,
     * else the file's modification time; NULL: the time it is recorded. */
    char *received_at;
    size_t size;
    kaiji_date as_of;    /* judged as of */
    /* false: the store held these bytes when the file was read, which was
     * then not read again; nothing below is set. */
    bool read;
    kaiji_kind kind;
    kaiji_status status;
    unsigned doc_type;   /* KAIJI_DOC_* it stands for; 0: not a disclosure */
    const char *format;  /* kaiji_format_name */
    char *form_version, *guideline, *vendor, *product, *contract_ref;
    kaiji_date document_date;
    char *findings;      /* JSON array */
    char *exchange;      /* kaiji's exchange JSON, NULL when unreadable */
};

void kaiji_ingest_item_free(kaiji_ingest_item *item)
{
    if (!item)
        return;
    free(item->path);
    free(item->recorded);
    free(item->sha256);
    free(item->hint);
    free(item->received_at);
    free(item->form_version);
    free(item->guideline);
    free(item->vendor);
    free(item->product);
    free(item->contract_ref);
    free(item->findings);
    free(item->exchange);
    free(item);
}

void kaiji_ingest_options_init(kaiji_ingest_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

const char *kaiji_link_method_name(kaiji_link_method method)
{
    switch (method) {
    case KAIJI_LINK_NONE: return "none";
    case KAIJI_LINK_REFERENCE: return "reference";
    case KAIJI_LINK_PATH: return "path";
    case KAIJI_LINK_NAME: return "name";
    case KAIJI_LINK_HINT: return "hint";
    case KAIJI_LINK_MANUAL: return "manual";
    }
    return "none";
}

static kaiji_link_method method_from_name(const char *name)
{
    for (int m = KAIJI_LINK_NONE; m <= KAIJI_LINK_MANUAL; m++)
        if (strcmp(kaiji_link_method_name((kaiji_link_method)m), name) == 0)
            return (kaiji_link_method)m;
    return KAIJI_LINK_NONE;
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void kaiji_ingest_result_free(kaiji_ingest_result *res)
{
    if (!res)
        return;
    free(res->path);
    free(res->sha256);
    free(res->form_version);
    strv_free(res->contracts, res->contract_count);
    strv_free(res->candidates, res->candidate_count);
    strv_free(res->unknown_references, res->unknown_count);
    strv_free(res->refused, res->refused_count);
    free(res->vendor);
    free(res);
}

/* Appends a copy of s to *v unless it is there already. */
static int strv_add(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return KAIJI_OK;
    char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return KAIJI_ERROR_NOMEM;
    *v = p;
    if (!(p[*n] = strdup(s)))
        return KAIJI_ERROR_NOMEM;
    (*n)++;
    return KAIJI_OK;
}

/* ------------------------------------------------------------- matching */

/* A contract with its comparison keys. */
typedef struct keyed_contract {
    const kaiji_contract *c;
    char *id_key, *vendor_key, *product_key, *system_key;
} keyed_contract;

typedef struct matcher {
    keyed_contract *items;
    size_t count;
} matcher;

static void matcher_free(matcher *m)
{
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].id_key);
        free(m->items[i].vendor_key);
        free(m->items[i].product_key);
        free(m->items[i].system_key);
    }
    free(m->items);
}

static int matcher_init(matcher *m, const kaiji_regvocab *v, const kaiji_contract_list *l)
{
    m->count = 0;
    if (!(m->items = calloc(l->count + 1, sizeof *m->items)))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < l->count; i++) {
        keyed_contract *k = &m->items[m->count++];
        k->c = &l->items[i];
        k->id_key = kaiji_text_visible_fold(k->c->id);
        k->vendor_key = kaiji_regvocab_name_key(v, k->c->vendor);
        k->product_key = kaiji_regvocab_name_key(v, k->c->product);
        k->system_key = kaiji_regvocab_name_key(v, k->c->system);
        if (!k->id_key || !k->vendor_key || !k->product_key || !k->system_key)
            return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

/* The register keyed for linking, kept while one transaction records many
 * files: every contract (all_m, which owns the keys) and those in force
 * (active_m: the same keys).  serial is the store's contracts_serial when it
 * was built; see kaiji_store_contracts_changed. */
struct kaiji_link_cache {
    unsigned long serial;
    kaiji_contract_list *all;
    matcher all_m, active_m;
};

static void link_cache_free(kaiji_link_cache *c)
{
    if (!c)
        return;
    matcher_free(&c->all_m);
    free(c->active_m.items);
    kaiji_contract_list_free(c->all);
    free(c);
}

void kaiji_store_contracts_changed(kaiji_store *st)
{
    link_cache_free(st->link_cache);
    st->link_cache = NULL;
    st->contracts_serial++;
}

/* The register keyed for linking into *out (owned by st): the one built
 * earlier in this transaction when the contracts have not changed since,
 * else built now from the store.  Outside a transaction it is always built
 * anew (another process may change the register between two calls). */
static int link_register(const kaiji_link_cache **out, kaiji_store *st)
{
    kaiji_link_cache *c = st->link_cache;
    int rc;

    *out = NULL;
    if (c && st->in_tx && c->serial == st->contracts_serial) {
        *out = c;
        return KAIJI_OK;
    }
    link_cache_free(c);
    st->link_cache = NULL;
    if (!(c = calloc(1, sizeof *c)))
        return KAIJI_ERROR_NOMEM;
    c->serial = st->contracts_serial;
    if ((rc = kaiji_store_contracts(&c->all, st, true)) != KAIJI_OK ||
        (rc = matcher_init(&c->all_m, st->vocab, c->all)) != KAIJI_OK)
        goto error;
    if (!(c->active_m.items = calloc(c->all_m.count + 1, sizeof *c->active_m.items))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    for (size_t i = 0; i < c->all_m.count; i++)
        if (c->all_m.items[i].c->active)
            c->active_m.items[c->active_m.count++] = c->all_m.items[i];
    st->link_cache = c;
    *out = c;
    return KAIJI_OK;

error:
    link_cache_free(c);
    return rc;
}

/* The ID of the contract of m that id names: the one with this ID, else the
 * one whose ID differs only in case, width or invisible characters; NULL
 * when none. */
static const char *find_keyed_id(const matcher *m, const char *id)
{
    if (!id || !id[0])
        return NULL;
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->items[i].c->id, id) == 0)
            return m->items[i].c->id;
    char *ik = kaiji_text_visible_fold(id);
    const char *found = NULL;
    for (size_t i = 0; ik && i < m->count && !found; i++)
        if (strcmp(m->items[i].id_key, ik) == 0)
            found = m->items[i].c->id;
    free(ik);
    return found;
}

/* Characters that belong to an ID: a match must not continue into one. */
static bool id_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* true when needle occurs in hay as a whole token (not inside a longer ID). */
static bool has_token(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return false;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
        bool before = p == hay || !id_char(p[-1]);
        bool after = !id_char(p[n]);
        if (before && after)
            return true;
    }
    return false;
}

/* Appends i to the index list *v (n long) unless it is there already. */
static int index_add(size_t **v, size_t *n, size_t i)
{
    for (size_t k = 0; k < *n; k++)
        if ((*v)[k] == i)
            return KAIJI_OK;
    size_t *p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return KAIJI_ERROR_NOMEM;
    *v = p;
    p[(*n)++] = i;
    return KAIJI_OK;
}

/*
 * The contracts the reference text names: the index in m of each known one
 * into *found (n long, malloc'd), ID-like tokens naming no contract into
 * res->unknown_references.  IDs are compared by kaiji_text_visible_fold:
 * case, width and invisible characters do not count.
 */
static int match_reference(kaiji_ingest_result *res, const matcher *m, const char *ref,
                           size_t **found, size_t *nfound)
{
    char *visible = kaiji_text_strip_invisible(ref);
    char *key = visible ? kaiji_text_fold(visible) : NULL;
    char *norm = visible ? kaiji_text_nfkc(visible) : NULL;
    int rc = KAIJI_OK;
    if (!key || !norm) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < m->count && rc == KAIJI_OK; i++)
        if (has_token(key, m->items[i].id_key))
            rc = index_add(found, nfound, i);
    /* Tokens: runs of ID characters; those with a digit look like IDs. */
    for (char *p = norm; *p && rc == KAIJI_OK;) {
        if (!id_char(*p)) {
            p++;
            continue;
        }
        char *start = p;
        bool digit = false;
        while (*p && id_char(*p)) {
            digit |= isdigit((unsigned char)*p) != 0;
            p++;
        }
        char save = *p;
        *p = '\0';
        if (digit && strlen(start) >= 3) {
            char *tk = kaiji_text_fold(start);
            bool known = false;
            for (size_t i = 0; tk && i < m->count && !known; i++)
                known = has_token(tk, m->items[i].id_key);
            if (!tk)
                rc = KAIJI_ERROR_NOMEM;
            else if (!known)
                rc = strv_add(&res->unknown_references, &res->unknown_count, start);
            free(tk);
        }
        *p = save;
    }
done:
    free(visible);
    free(key);
    free(norm);
    return rc;
}

/* The key of a path component starts with the ID key, and what follows is
 * not part of an ID ("c-001_mds.xlsx", "c-001 mds", "c-001.xlsx"). */
static bool prefix_matches(const char *comp_key, const char *id_key)
{
    size_t n = strlen(id_key);
    return n && strncmp(comp_key, id_key, n) == 0 &&
           (comp_key[n] == '\0' || comp_key[n] == '_' || !id_char(comp_key[n]) ||
            (comp_key[n] == '-' && !isdigit((unsigned char)comp_key[n + 1])));
}

/* The contract whose ID prefixes the file name, else the nearest folder. */
static int match_path(kaiji_ingest_result *res, const matcher *m, const char *path)
{
    char *copy = strdup(path);
    int rc = KAIJI_OK;
    if (!copy)
        return KAIJI_ERROR_NOMEM;
    for (;;) {
        char *slash = strrchr(copy, '/');
        char *comp = slash ? slash + 1 : copy;
        char *ck = kaiji_text_visible_fold(comp);
        const keyed_contract *best = NULL;
        for (size_t i = 0; ck && i < m->count; i++)
            if (prefix_matches(ck, m->items[i].id_key) &&
                (!best || strlen(m->items[i].id_key) > strlen(best->id_key)))
                best = &m->items[i];
        free(ck);
        if (best) {
            rc = strv_add(&res->contracts, &res->contract_count, best->c->id);
            break;
        }
        if (!slash)
            break;
        *slash = '\0';
    }
    free(copy);
    return rc;
}

/* One name key holds the other (a register's "SYNTH-CT 9000" and a form's
 * "SYNTH-CT 9000 computed tomography system"). */
static bool names_meet(const char *a, const char *b)
{
    return a[0] && b[0] && (strstr(a, b) || strstr(b, a));
}

/* Contracts whose vendor and product or system match the document's (vendor
 * and product as it names them). */
static int match_names(kaiji_ingest_result *res, const matcher *m, const kaiji_regvocab *v,
                       const char *vendor, const char *product, unsigned doc_type)
{
    char *vk = kaiji_regvocab_name_key(v, vendor);
    char *pk = kaiji_regvocab_name_key(v, product);
    char **found = NULL;
    size_t nfound = 0;
    int rc = KAIJI_OK;

    if (!vk || !pk) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    if (!vk[0] || !pk[0])
        goto done;
    /* Two passes: contracts that require this kind of document first. */
    for (int pass = 0; pass < 2 && nfound == 0 && rc == KAIJI_OK; pass++)
        for (size_t i = 0; i < m->count && rc == KAIJI_OK; i++) {
            const keyed_contract *k = &m->items[i];
            if (!k->c->active || strcmp(k->vendor_key, vk) != 0 ||
                !(names_meet(k->product_key, pk) || names_meet(k->system_key, pk)))
                continue;
            if (pass == 0 && doc_type && !(k->c->required & doc_type))
                continue;
            rc = strv_add(&found, &nfound, k->c->id);
        }
    if (rc != KAIJI_OK)
        goto done;
    if (nfound == 1) {
        rc = strv_add(&res->contracts, &res->contract_count, found[0]);
        res->method = KAIJI_LINK_NAME;
    } else if (nfound > 1) {
        res->ambiguous = true;
        res->candidates = found;
        res->candidate_count = nfound;
        found = NULL;
        nfound = 0;
    }
done:
    strv_free(found, nfound);
    free(vk);
    free(pk);
    return rc;
}

/* --------------------------------------------------------------- storage */

/* The findings of doc as a JSON array (malloc'd), or NULL.  in[0] and in[1]
 * (NULL: none), doc read again in Japanese and in English: where they have
 * the same findings, each also keeps its message in both ("messages": {"ja",
 * "en"}), for stored_findings (store/status.c) to show in the reader's. */
static char *findings_json(const kaiji_document *doc, kaiji_document *const in[2])
{
    static const char *const langs[2] = {"ja", "en"};
    size_t n = kaiji_document_finding_count(doc);
    bool both = in[0] && in[1];
    for (size_t k = 0; both && k < 2; k++) {
        both = kaiji_document_finding_count(in[k]) == n;
        for (size_t i = 0; both && i < n; i++)
            both = strcmp(kaiji_finding_code(kaiji_document_finding(in[k], i)),
                          kaiji_finding_code(kaiji_document_finding(doc, i))) == 0;
    }
    cJSON *arr = cJSON_CreateArray();
    char *out = NULL;
    if (!arr)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        cJSON *o = cJSON_CreateObject(), *m = NULL;
        if (!o || !cJSON_AddItemToArray(arr, o) ||
            !cJSON_AddStringToObject(o, "severity", kaiji_severity_name(kaiji_finding_severity(f))) ||
            !cJSON_AddStringToObject(o, "code", kaiji_finding_code(f)) ||
            !cJSON_AddStringToObject(o, "item", kaiji_finding_item(f)) ||
            !cJSON_AddStringToObject(o, "location", kaiji_finding_location(f)) ||
            !cJSON_AddStringToObject(o, "message", kaiji_finding_message(f)) ||
            (both && !(m = cJSON_AddObjectToObject(o, "messages"))))
            goto done;
        for (size_t k = 0; m && k < 2; k++)
            if (!cJSON_AddStringToObject(
                    m, langs[k], kaiji_finding_message(kaiji_document_finding(in[k], i))))
                goto done;
    }
    out = cJSON_PrintUnformatted(arr);
done:
    cJSON_Delete(arr);
    return out;
}

/* An unreadable file's findings are kept as text (no exchange document is
 * stored to validate again when they are shown): the bytes are read again
 * in Japanese and in English into in[0] and in[1] (each NULL when it could
 * not be), so that its findings are shown in the language of whoever reads
 * them, not of whoever ingested the file.  KAIJI_ERROR_NOMEM or KAIJI_OK. */
static int read_in_languages(kaiji_document *in[2], const void *data, size_t size,
                             const char *name, const kaiji_read_options *ro)
{
    static const kaiji_lang langs[2] = {KAIJI_LANG_JA, KAIJI_LANG_EN};
    kaiji_langs *l = NULL;
    in[0] = in[1] = NULL;
    if (!kaiji_langs_new(&l, KAIJI_TEXTDOMAIN))
        return KAIJI_ERROR_NOMEM;
    for (size_t k = 0; k < 2; k++) {
        kaiji_lang_saved was = kaiji_lang_begin(l, langs[k]);
        kaiji_read_memory(&in[k], data, size, name, ro);
        kaiji_lang_end(was);
        if (in[k] && kaiji_document_readable(in[k])) {
            kaiji_document_free(in[k]); /* read this time: not the same reading */
            in[k] = NULL;
        }
    }
    kaiji_langs_free(l);
    return KAIJI_OK;
}

/* For an unreadable file, the document type its name suggests, else every
 * type (it may stand for whatever the vendor meant to send). */
static unsigned type_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    char *k = kaiji_text_key(base ? base + 1 : path);
    unsigned t = 0;
    if (k) {
        if (strstr(k, "sds"))
            t |= KAIJI_DOC_SDS;
        else if (strstr(k, "mds"))
            t |= KAIJI_DOC_MDS;
        if (strstr(k, "checklist") || strstr(k, "チェックリスト") || strstr(k, "確認用"))
            t |= KAIJI_DOC_CHECKLIST;
    }
    free(k);
    return t ? t : (KAIJI_DOC_MDS | KAIJI_DOC_SDS | KAIJI_DOC_CHECKLIST);
}

static int insert_links(kaiji_store *st, long long sub, char *const *ids, size_t n,
                        kaiji_link_method method)
{
    char now[32];
    kaiji_stmt *s = kaiji_store_prepare(st, "INSERT INTO links(submission_id,"
                                              " contract_id, method, linked_at)"
                                              " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_store_now(now);
    for (size_t i = 0; i < n && rc == KAIJI_OK; i++) {
        kaiji_stmt_reset(s);
        kaiji_stmt_bind_int64(s, 1, sub);
        kaiji_stmt_bind_text(s, 2, ids[i]);
        kaiji_stmt_bind_text(s, 3, kaiji_link_method_name(method));
        kaiji_stmt_bind_text(s, 4, now);
        if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
            rc = kaiji_store_sqlfail(st, _("cannot link the submission"));
    }
    kaiji_stmt_finalize(s);
    return rc;
}

/* Links res's submission to contract id by method (unless it is linked to it
 * already) and lists id in res->contracts; res->method is the first method
 * that linked it. */
static int add_link(kaiji_store *st, kaiji_ingest_result *res, const char *id,
                    kaiji_link_method method)
{
    for (size_t i = 0; i < res->contract_count; i++)
        if (strcmp(res->contracts[i], id) == 0)
            return KAIJI_OK;
    char *one[] = {(char *)id};
    int rc = insert_links(st, res->submission_id, one, 1, method);
    if (rc == KAIJI_OK)
        rc = strv_add(&res->contracts, &res->contract_count, id);
    if (rc == KAIJI_OK && res->method == KAIJI_LINK_NONE)
        res->method = method;
    return rc;
}

/* Records that res's submission names contract c by reference and was not
 * linked to it: its vendor is not the document's (or the document names
 * none); lists c in res->refused. */
static int refuse_link(kaiji_store *st, kaiji_ingest_result *res, const kaiji_contract *c)
{
    char now[32];
    kaiji_stmt *s = kaiji_store_prepare(st, "INSERT INTO refused_links("
                                              "submission_id, contract_id, reason,"
                                              " document_vendor, contract_vendor, refused_at)"
                                              " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_int64(s, 1, res->submission_id);
    kaiji_stmt_bind_text(s, 2, c->id);
    kaiji_stmt_bind_text(s, 3, res->vendor[0] ? "other-vendor" : "no-vendor");
    kaiji_stmt_bind_text(s, 4, res->vendor);
    kaiji_stmt_bind_text(s, 5, c->vendor);
    kaiji_stmt_bind_text(s, 6, kaiji_store_now(now));
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot record a refused link"));
    kaiji_stmt_finalize(s);
    return rc == KAIJI_OK ? strv_add(&res->refused, &res->refused_count, c->id) : rc;
}

/* The ID of the contract of all that id names: the one with this ID, else
 * the one whose ID differs only in case, width or invisible characters; NULL
 * when none. */
static const char *find_contract_id(const kaiji_contract_list *all, const char *id)
{
    if (!id || !id[0])
        return NULL;
    for (size_t i = 0; i < all->count; i++)
        if (strcmp(all->items[i].id, id) == 0)
            return all->items[i].id;
    char *ik = kaiji_text_visible_fold(id);
    const char *found = NULL;
    for (size_t i = 0; ik && i < all->count && !found; i++) {
        char *k = kaiji_text_visible_fold(all->items[i].id);
        if (k && strcmp(k, ik) == 0)
            found = all->items[i].id;
        free(k);
    }
    free(ik);
    return found;
}

/* Fills res from the stored submission with this sha256 (a duplicate).
 * KAIJI_ERROR_NOT_FOUND when there is none. */
static int load_existing(kaiji_store *st, kaiji_ingest_result *res)
{
    kaiji_stmt *s = kaiji_store_prepare(st, "SELECT id, kind, status, form_version,"
                                              " doc_type, vendor FROM submissions"
                                              " WHERE sha256 = ?");
    int rc = KAIJI_OK, step;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, res->sha256);
    step = kaiji_stmt_step(s);
    if (step == KAIJI_DB_DONE) {
        kaiji_stmt_finalize(s);
        return KAIJI_ERROR_NOT_FOUND;
    }
    if (step != KAIJI_DB_ROW) {
        kaiji_stmt_finalize(s);
        return kaiji_store_sqlfail(st, _("cannot read the submissions"));
    }
    res->duplicate = true;
    res->submission_id = kaiji_stmt_int64(s, 0);
    res->kind = kaiji_kind_from_name(kaiji_store_col(s, 1));
    const char *status = kaiji_store_col(s, 2);
    for (int i = KAIJI_STATUS_UNCHECKED; i <= KAIJI_STATUS_UNREADABLE; i++)
        if (strcmp(kaiji_status_name((kaiji_status)i), status) == 0)
            res->status = (kaiji_status)i;
    res->form_version = kaiji_store_strdup(kaiji_store_col(s, 3));
    res->not_disclosure = kaiji_stmt_int(s, 4) == 0;
    res->vendor = kaiji_store_strdup(kaiji_store_col(s, 5));
    kaiji_stmt_finalize(s);
    if (!res->form_version || !res->vendor)
        return KAIJI_ERROR_NOMEM;
    if (!(s = kaiji_store_prepare(st, "SELECT contract_id, method FROM links"
                                      " WHERE submission_id = ? ORDER BY contract_id")))
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_int64(s, 1, res->submission_id);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW && rc == KAIJI_OK) {
        rc = strv_add(&res->contracts, &res->contract_count, kaiji_store_col(s, 0));
        res->method = method_from_name(kaiji_store_col(s, 1));
    }
    if (rc == KAIJI_OK && step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot read the links"));
    kaiji_stmt_finalize(s);
    if (rc != KAIJI_OK)
        return rc;
    /* The refusals still standing: not linked by hand since. */
    if (!(s = kaiji_store_prepare(st, "SELECT r.contract_id FROM refused_links r"
                                      " WHERE r.submission_id = ?1 AND NOT EXISTS (SELECT 1"
                                      " FROM links l WHERE l.submission_id = ?1"
                                      " AND l.contract_id = r.contract_id)"
                                      " ORDER BY r.contract_id")))
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_int64(s, 1, res->submission_id);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW && rc == KAIJI_OK)
        rc = strv_add(&res->refused, &res->refused_count, kaiji_store_col(s, 0));
    if (rc == KAIJI_OK && step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot read the refused links"));
    kaiji_stmt_finalize(s);
    return rc;
}

/* Inserts the submission row for item; sets res->submission_id. */
static int insert_submission(kaiji_store *st, kaiji_ingest_result *res,
                             const kaiji_ingest_item *item)
{
    char now[32], date[11];
    const char *recorded = item->recorded;
    const char *base = strrchr(recorded, '/');
    kaiji_stmt *s = kaiji_store_prepare(
        st, "INSERT INTO submissions(sha256, path, name, size, ingested_at, as_of, format, kind,"
            " doc_type, form_version, guideline, status, vendor, product, contract_ref,"
            " document_date, findings, exchange, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    kaiji_stmt_bind_text(s, 1, res->sha256);
    kaiji_stmt_bind_text(s, 2, recorded);
    kaiji_stmt_bind_text(s, 3, base ? base + 1 : recorded);
    kaiji_stmt_bind_int64(s, 4, (long long)item->size);
    kaiji_stmt_bind_text(s, 5, kaiji_store_now(now));
    kaiji_stmt_bind_text(s, 6, kaiji_date_format(date, item->as_of));
    kaiji_stmt_bind_text(s, 7, item->format);
    kaiji_stmt_bind_text(s, 8, kaiji_kind_name(item->kind));
    kaiji_stmt_bind_int64(s, 9, (int)item->doc_type);
    kaiji_stmt_bind_text(s, 10, item->form_version);
    kaiji_stmt_bind_text(s, 11, item->guideline);
    kaiji_stmt_bind_text(s, 12, kaiji_status_name(item->status));
    kaiji_stmt_bind_text(s, 13, item->vendor);
    kaiji_stmt_bind_text(s, 14, item->product);
    kaiji_stmt_bind_text(s, 15, item->contract_ref);
    kaiji_store_bind_date(s, 16, item->document_date);
    kaiji_stmt_bind_text(s, 17, item->findings);
    if (item->exchange)
        kaiji_stmt_bind_text(s, 18, item->exchange);
    kaiji_stmt_bind_text(s, 19, item->received_at ? item->received_at : now);
    if (kaiji_stmt_step(s) != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot record the submission"));
    else
        res->submission_id = kaiji_db_last_insert_id(st->db);
    kaiji_stmt_finalize(s);
    return rc;
}

/*
 * Links the new submission.  A contract the document names by reference is
 * linked only when its vendor is the document's (kaiji_regvocab_name_key);
 * the others are refused and recorded.  Without a reference linked, the
 * path's ID prefix links it.  The hint (the contract a fetch downloaded it
 * for) always links it.  Without any of these, and when the document names
 * no contract at all, vendor and product names do.  With hint_only (a
 * vendor's upload link) the hint alone links it.
 */
static int link_new(kaiji_store *st, kaiji_ingest_result *res, const kaiji_ingest_item *item)
{
    const kaiji_link_cache *reg = NULL;
    size_t *found = NULL, nfound = 0;
    char *doc_vendor = NULL;
    int rc;

    if ((rc = link_register(&reg, st)) != KAIJI_OK)
        goto done;
    if (item->hint_only) {
        const char *only = find_keyed_id(&reg->all_m, item->hint);
        rc = only ? add_link(st, res, only, KAIJI_LINK_HINT) : KAIJI_OK;
        goto done;
    }
    if (!(doc_vendor = kaiji_regvocab_name_key(st->vocab, res->vendor))) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    const char *ref = item->contract_ref;
    if (ref[0] && (rc = match_reference(res, &reg->all_m, ref, &found, &nfound)) != KAIJI_OK)
        goto done;
    for (size_t i = 0; i < nfound && rc == KAIJI_OK; i++) {
        const keyed_contract *k = &reg->all_m.items[found[i]];
        if (doc_vendor[0] && strcmp(k->vendor_key, doc_vendor) == 0)
            rc = add_link(st, res, k->c->id, KAIJI_LINK_REFERENCE);
        else
            rc = refuse_link(st, res, k->c);
    }
    if (rc != KAIJI_OK)
        goto done;
    /* Path prefixes and names look at the contracts in force only. */
    if (!res->contract_count) {
        kaiji_ingest_result path = {0};
        if ((rc = match_path(&path, &reg->active_m, item->path)) == KAIJI_OK &&
            path.contract_count)
            rc = add_link(st, res, path.contracts[0], KAIJI_LINK_PATH);
        strv_free(path.contracts, path.contract_count);
        if (rc != KAIJI_OK)
            goto done;
    }
    const char *hint = find_keyed_id(&reg->all_m, item->hint);
    if (hint && (rc = add_link(st, res, hint, KAIJI_LINK_HINT)) != KAIJI_OK)
        goto done;
    /* A document that names contracts the register lacks, or another
     * vendor's, is not linked by a guess from names: the vendor said which
     * contract. */
    if (!res->contract_count && !res->unknown_count && !res->refused_count) {
        kaiji_ingest_result byname = {0};
        rc = match_names(&byname, &reg->active_m, st->vocab, item->vendor, item->product,
                         kaiji_doc_type_of_kind(item->kind));
        for (size_t i = 0; rc == KAIJI_OK && i < byname.contract_count; i++)
            rc = add_link(st, res, byname.contracts[i], KAIJI_LINK_NAME);
        res->ambiguous = byname.ambiguous;
        res->candidates = byname.candidates;
        res->candidate_count = byname.candidate_count;
        strv_free(byname.contracts, byname.contract_count);
    }
done:
    free(found);
    free(doc_vendor);
    return rc;
}

/* Links res's stored submission to the contract hint names, when it names
 * one. */
static int link_hint(kaiji_store *st, kaiji_ingest_result *res, const char *hint)
{
    const kaiji_link_cache *reg = NULL;
    int rc = KAIJI_OK;
    if (!hint || !hint[0])
        return KAIJI_OK;
    if ((rc = link_register(&reg, st)) != KAIJI_OK)
        return rc;
    const char *id = find_keyed_id(&reg->all_m, hint);
    return id ? add_link(st, res, id, KAIJI_LINK_HINT) : KAIJI_OK;
}

/* true when the store holds a submission of these bytes (sha256); sets
 * *rc to the error when it cannot be read. */
static bool known_bytes(kaiji_store *st, const char *sha256, int *rc)
{
    kaiji_stmt *s = kaiji_store_prepare(st, "SELECT 1 FROM submissions WHERE sha256 = ?");
    int step;
    *rc = KAIJI_OK;
    if (!s) {
        *rc = KAIJI_ERROR_IO;
        return false;
    }
    kaiji_stmt_bind_text(s, 1, sha256);
    step = kaiji_stmt_step(s);
    if (step != KAIJI_DB_ROW && step != KAIJI_DB_DONE)
        *rc = kaiji_store_sqlfail(st, _("cannot read the submissions"));
    kaiji_stmt_finalize(s);
    return step == KAIJI_DB_ROW;
}

/* Copies into item what recording needs of the validated doc; in: doc
 * read again in Japanese and English (read_in_languages), or NULLs. */
static int keep_document(kaiji_ingest_item *item, const kaiji_document *doc,
                         kaiji_document *const in[2])
{
    item->read = true;
    item->kind = kaiji_document_kind(doc);
    item->status = kaiji_document_status(doc);
    item->format = kaiji_format_name(kaiji_document_format(doc));
    item->document_date = kaiji_document_date(doc);
    item->doc_type = kaiji_document_readable(doc) ? kaiji_doc_type_of_kind(item->kind)
                                                  : type_from_name(item->recorded);
    if (!(item->form_version = strdup(kaiji_document_form_version(doc))) ||
        !(item->guideline = strdup(kaiji_document_guideline(doc))) ||
        !(item->vendor = strdup(kaiji_document_field(doc, KAIJI_FIELD_VENDOR))) ||
        !(item->product = strdup(kaiji_document_field(doc, KAIJI_FIELD_PRODUCT))) ||
        !(item->contract_ref = strdup(kaiji_document_field(doc, KAIJI_FIELD_CONTRACT))) ||
        !(item->findings = findings_json(doc, in)))
        return KAIJI_ERROR_NOMEM;
    if (kaiji_document_readable(doc))
        return kaiji_export_json(&item->exchange, doc);
    return KAIJI_OK;
}

/* true when s is "YYYY-MM-DDTHH:MM:SSZ" (digits where the pattern has them). */
static bool is_utc_time(const char *s)
{
    static const char pattern[] = "0000-00-00T00:00:00Z";
    for (size_t i = 0; i < sizeof pattern - 1; i++)
        if (pattern[i] == '0' ? !isdigit((unsigned char)s[i]) : s[i] != pattern[i])
            return false;
    return s[sizeof pattern - 1] == '\0';
}

/* kaiji_store_ingest_read_memory, name in the shown form (well-formed
 * UTF-8, text/path.c). */
static int read_named(kaiji_ingest_item **out, kaiji_store *store, const void *data,
                      size_t size, const char *name, const kaiji_ingest_options *opts)
{
    kaiji_ingest_item *item = calloc(1, sizeof *item);
    kaiji_document *doc = NULL, *in[2] = {NULL, NULL};
    char hex[65];
    int rc;

    *out = NULL;
    if (!item)
        return KAIJI_ERROR_NOMEM;
    if (!opts || !opts->catalogs) {
        rc = kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("ingest needs the catalogs"));
        goto error;
    }
    if (opts->received_at && opts->received_at[0] && !is_utc_time(opts->received_at)) {
        rc = kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                              _("the time received '%s' is not YYYY-MM-DDTHH:MM:SSZ"),
                              opts->received_at);
        goto error;
    }
    kaiji_text_sha256(data, size, hex);
    const char *recorded = opts->original_name && opts->original_name[0] ? opts->original_name
                                                                         : name;
    item->size = size;
    item->hint_only = opts->hint_only && opts->contract_hint;
    item->as_of = kaiji_date_valid(opts->as_of) ? opts->as_of : kaiji_date_today();
    if (!(item->path = strdup(name)) || !(item->recorded = strdup(recorded)) ||
        !(item->sha256 = strdup(hex)) ||
        (opts->contract_hint && !(item->hint = strdup(opts->contract_hint))) ||
        (opts->received_at && opts->received_at[0] &&
         !(item->received_at = strdup(opts->received_at)))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    /* Bytes recorded already are not read again (recording checks again). */
    if (known_bytes(store, hex, &rc) || rc != KAIJI_OK) {
        if (rc != KAIJI_OK)
            goto error;
        *out = item;
        return KAIJI_OK;
    }

    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = opts->catalogs;
    rc = kaiji_read_memory(&doc, data, size, name, &ro);
    if (!doc)
        goto error;
    if (rc == KAIJI_ERROR_IO) {
        /* A library its reading needs cannot be loaded (libxml2): the fault
         * is the machine's, not the file's, so nothing is recorded. */
        const kaiji_finding *f = kaiji_document_finding(doc, 0);
        rc = kaiji_store_fail(store, KAIJI_ERROR_UNREADABLE, "%s: %s", name,
                              f ? kaiji_finding_message(f) : kaiji_strerror(rc));
        goto error;
    }
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = opts->catalogs;
    vo.target_guideline = opts->target_guideline;
    vo.as_of = item->as_of;
    if ((rc = kaiji_validate(doc, &vo)) != KAIJI_OK ||
        (!kaiji_document_readable(doc) &&
         (rc = read_in_languages(in, data, size, name, &ro)) != KAIJI_OK) ||
        (rc = keep_document(item, doc, in)) != KAIJI_OK)
        goto error;
    kaiji_document_free(doc);
    kaiji_document_free(in[0]);
    kaiji_document_free(in[1]);
    *out = item;
    return KAIJI_OK;

error:
    kaiji_document_free(doc);
    kaiji_document_free(in[0]);
    kaiji_document_free(in[1]);
    kaiji_ingest_item_free(item);
    return rc;
}

/* A name that is not UTF-8 is a file name's bytes: recorded in the shown
 * form (text/path.c), as kaiji_store_ingest_read records a path. */
int kaiji_store_ingest_read_memory(kaiji_ingest_item **out, kaiji_store *store, const void *data,
                                   size_t size, const char *name,
                                   const kaiji_ingest_options *opts)
{
    char *shown = kaiji_text_path_utf8(name);
    *out = NULL;
    if (!shown)
        return KAIJI_ERROR_NOMEM;
    int rc = read_named(out, store, data, size, shown, opts);
    free(shown);
    return rc;
}

int kaiji_store_ingest_record(kaiji_ingest_result **out, kaiji_store *store,
                              const kaiji_ingest_item *item)
{
    kaiji_ingest_result *res = calloc(1, sizeof *res);
    int rc;

    *out = NULL;
    if (!res)
        return KAIJI_ERROR_NOMEM;
    if (!(res->path = strdup(item->path)) || !(res->sha256 = strdup(item->sha256))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    /* Looked up again here, in the transaction: another ingest may have
     * recorded the same bytes since they were read. */
    rc = load_existing(store, res);
    if (rc == KAIJI_OK) {
        /* The same bytes fetched for another contract are its too. */
        if (!res->not_disclosure && (rc = link_hint(store, res, item->hint)) != KAIJI_OK)
            goto error;
        *out = res;
        return KAIJI_OK;
    }
    if (rc != KAIJI_ERROR_NOT_FOUND)
        goto error;
    if (!item->read) {
        /* Submissions are never deleted: this is not expected. */
        rc = kaiji_store_fail(store, KAIJI_ERROR_IO,
                              _("%s: the store no longer holds these bytes; ingest it again"),
                              item->path);
        goto error;
    }
    res->kind = item->kind;
    res->status = item->status;
    res->not_disclosure = item->doc_type == 0;
    if (!(res->form_version = strdup(item->form_version)) ||
        !(res->vendor = strdup(item->vendor))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    if ((rc = insert_submission(store, res, item)) != KAIJI_OK ||
        (!res->not_disclosure && (rc = link_new(store, res, item)) != KAIJI_OK))
        goto error;
    *out = res;
    return KAIJI_OK;

error:
    kaiji_ingest_result_free(res);
    return rc;
}

int kaiji_store_ingest_memory(kaiji_ingest_result **out, kaiji_store *store, const void *data,
                              size_t size, const char *name, const kaiji_ingest_options *opts)
{
    kaiji_ingest_item *item = NULL;
    int rc = kaiji_store_ingest_read_memory(&item, store, data, size, name, opts);
    *out = NULL;
    if (rc == KAIJI_OK)
        rc = kaiji_store_ingest_record(out, store, item);
    kaiji_ingest_item_free(item);
    return rc;
}

/* Reads the whole file at path (at most MAX_INGEST_BYTES) with
 * kaiji_file_read, and when it was last modified into *mtime (0 when
 * unknown); on KAIJI_ERROR_IO, why says what went wrong. */
static int ingest_file_read(const char *path, unsigned char **out, size_t *len, time_t *mtime,
                            char *why, size_t whylen)
{
    char *data = NULL;
    kaiji_file_problem problem = KAIJI_FILE_CANNOT_OPEN;
    int rc = kaiji_file_read(&data, len, path, (size_t)MAX_INGEST_BYTES, &problem, NULL);
    struct stat st;
    *out = (unsigned char *)data;
    *mtime = rc == KAIJI_OK && stat(path, &st) == 0 ? st.st_mtime : 0;
    if (rc != KAIJI_ERROR_IO)
        return rc;
    switch (problem) {
    case KAIJI_FILE_NOT_REGULAR: snprintf(why, whylen, _("%s is not a regular file"), path); break;
    case KAIJI_FILE_TOO_LARGE: snprintf(why, whylen, _("%s is too large (over 512 MiB)"), path); break;
    case KAIJI_FILE_CANNOT_READ: snprintf(why, whylen, _("cannot read %s"), path); break;
    default: snprintf(why, whylen, _("cannot open %s"), path); break;
    }
    return rc;
}

int kaiji_store_ingest_read(kaiji_ingest_item **out, kaiji_store *store, const char *path,
                            const kaiji_ingest_options *opts)
{
    unsigned char *data = NULL;
    size_t len = 0;
    time_t mtime = 0;
    char why[512], received[32];
    int rc = ingest_file_read(path, &data, &len, &mtime, why, sizeof why);
    *out = NULL;
    if (rc == KAIJI_ERROR_IO)
        return kaiji_store_fail(store, KAIJI_ERROR_UNREADABLE, "%s", why);
    if (rc != KAIJI_OK)
        return rc;
    /* Received when it was saved, unless the caller knows better. */
    kaiji_ingest_options o;
    struct tm tm;
    if (opts)
        o = *opts;
    else
        kaiji_ingest_options_init(&o);
    if ((!o.received_at || !o.received_at[0]) && gmtime_r(&mtime, &tm) &&
        strftime(received, sizeof received, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
        o.received_at = received;
    /* Recorded and matched in the shown form: lossless, well-formed UTF-8
     * whatever bytes the name holds (text/path.c). */
    char *shown = kaiji_text_path_show(path);
    rc = shown ? read_named(out, store, data, len, shown, &o) : KAIJI_ERROR_NOMEM;
    free(shown);
    free(data);
    return rc;
}

int kaiji_store_ingest_file(kaiji_ingest_result **out, kaiji_store *store, const char *path,
                            const kaiji_ingest_options *opts)
{
    kaiji_ingest_item *item = NULL;
    int rc = kaiji_store_ingest_read(&item, store, path, opts);
    *out = NULL;
    if (rc == KAIJI_OK)
        rc = kaiji_store_ingest_record(out, store, item);
    kaiji_ingest_item_free(item);
    return rc;
}

/* ------------------------------------------------------------------ link */

static bool all_hex(const char *s)
{
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s))
            return false;
    return true;
}

/* The id of the one submission s (prepared, one text parameter) finds:
 * 0 for none, -1 for several. */
static long long one_submission(kaiji_stmt *s, const char *arg)
{
    long long id = 0;
    kaiji_stmt_bind_text(s, 1, arg);
    while (kaiji_stmt_step(s) == KAIJI_DB_ROW) {
        if (id) {
            id = -1;
            break;
        }
        id = kaiji_stmt_int64(s, 0);
    }
    kaiji_stmt_reset(s);
    return id;
}

/* Sets *id to the one submission whose column (path or name) is file as
 * typed or, when that differs, file's shown form: 0 for none, -1 for several.
 * Returns KAIJI_OK, KAIJI_ERROR_NOMEM or KAIJI_ERROR_IO. */
static int submission_named(kaiji_store *st, const char *column, const char *file,
                            long long *id)
{
    char sql[64];
    int rc = KAIJI_OK;
    snprintf(sql, sizeof sql, "SELECT id FROM submissions WHERE %s = ?", column);
    kaiji_stmt *s = kaiji_store_prepare(st, sql);
    char *shown = kaiji_text_path_show(file);
    if (!s || !shown) {
        rc = s ? KAIJI_ERROR_NOMEM : KAIJI_ERROR_IO;
        goto error;
    }
    *id = one_submission(s, file);
    if (*id == 0 && strcmp(shown, file) != 0)
        *id = one_submission(s, shown);
error:
    kaiji_stmt_finalize(s);
    free(shown);
    return rc;
}

/* Finds the submission file names: a SHA-256 or a prefix of one, a file on
 * disk (hashed; a path in the shown form opens the file it stands for), or a
 * recorded path or file name, typed as kaiji shows it or as the name's
 * bytes. */
static int find_submission(kaiji_store *st, const char *file, long long *out)
{
    kaiji_stmt *s = NULL;
    long long id = 0;
    struct stat sb;
    int rc = KAIJI_OK;
    char *bytes = NULL;

    *out = 0;
    if (strlen(file) >= 8 && strlen(file) <= 64 && all_hex(file)) {
        char pattern[80];
        snprintf(pattern, sizeof pattern, "%s%%", file);
        for (char *p = pattern; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (!(s = kaiji_store_prepare(st, "SELECT id FROM submissions WHERE sha256 LIKE ?")))
            return KAIJI_ERROR_IO;
        id = one_submission(s, pattern);
        kaiji_stmt_finalize(s);
        s = NULL;
    }
    const char *disk = file;
    if (id == 0 && !(stat(file, &sb) == 0 && S_ISREG(sb.st_mode))) {
        if (!(bytes = kaiji_text_path_bytes(file)))
            return KAIJI_ERROR_NOMEM;
        disk = bytes;
    }
    if (id == 0 && stat(disk, &sb) == 0 && S_ISREG(sb.st_mode)) {
        unsigned char *data = NULL;
        size_t len = 0;
        time_t mtime;
        char why[512], hex[65];
        if ((rc = ingest_file_read(disk, &data, &len, &mtime, why, sizeof why)) != KAIJI_OK) {
            rc = rc == KAIJI_ERROR_IO ? kaiji_store_fail(st, rc, "%s", why) : rc;
            goto done;
        }
        kaiji_text_sha256(data, len, hex);
        free(data);
        if (!(s = kaiji_store_prepare(st, "SELECT id FROM submissions WHERE sha256 = ?"))) {
            rc = KAIJI_ERROR_IO;
            goto done;
        }
        id = one_submission(s, hex);
        kaiji_stmt_finalize(s);
        s = NULL;
    }
    if (id == 0 && (rc = submission_named(st, "path", file, &id)) != KAIJI_OK)
        goto done;
    if (id == 0 && (rc = submission_named(st, "name", file, &id)) != KAIJI_OK)
        goto done;
    if (id == 0)
        rc = kaiji_store_fail(st, KAIJI_ERROR_NOT_FOUND,
                              _("no ingested submission is %s: ingest it first, or give its"
                              " sha256"), file);
    else if (id < 0)
        rc = kaiji_store_fail(st, KAIJI_ERROR_NOT_FOUND,
                              _("several submissions match %s: give its full sha256"), file);
    else
        *out = id;
done:
    free(bytes);
    return rc;
}

int kaiji_store_link(kaiji_store *store, const char *file, const char *const *ids, size_t count)
{
    kaiji_contract_list *all = NULL;
    const char **found = NULL;
    long long sub;
    int rc;

    if ((rc = find_submission(store, file, &sub)) != KAIJI_OK)
        return rc;
    if ((rc = kaiji_store_contracts(&all, store, true)) != KAIJI_OK)
        return rc;
    if (!(found = calloc(count + 1, sizeof *found))) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    /* "c-001" or "Ｃ－００１" typed for the register's C-001 is C-001. */
    for (size_t i = 0; i < count; i++) {
        if (!(found[i] = find_contract_id(all, ids[i]))) {
            rc = kaiji_store_fail(store, KAIJI_ERROR_NOT_FOUND,
                                  _("contract %s is not in the register"), ids[i]);
            goto done;
        }
    }
    rc = insert_links(store, sub, (char *const *)found, count, KAIJI_LINK_MANUAL);
done:
    free(found);
    kaiji_contract_list_free(all);
    return rc;
}
