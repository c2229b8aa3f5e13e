/*
 * store/remind.c - the contracts that owe something, grouped by vendor for
 * the reminder mails (store/remind.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "model/i18n.h"
#include "store/internal.h"
#include "store/remind.h"

void kaiji_remind_list_free(kaiji_remind_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].key);
        kaiji_buf_free(&l->items[i].emails);
        free(l->items[i].contracts);
        free(l->items[i].ids);
    }
    free(l->items);
    free(l->docs);
    free(l->findings);
}

static kaiji_mail_contract_state contract_state(const kaiji_status_contract *c)
{
    bool missing = false, invalid = false;
    for (size_t i = 0; i < c->document_count; i++) {
        missing |= strcmp(c->documents[i].state, "missing") == 0;
        invalid |= strcmp(c->documents[i].state, "invalid") == 0;
    }
    switch (c->state) {
    case KAIJI_CONTRACT_MISSING: return KAIJI_MAIL_CONTRACT_MISSING;
    case KAIJI_CONTRACT_OVERDUE:
        /* Past the due date whatever it owes: the mail says what that is. */
        return missing ? KAIJI_MAIL_CONTRACT_OVERDUE
               : invalid ? KAIJI_MAIL_CONTRACT_INVALID
                         : KAIJI_MAIL_CONTRACT_OUTDATED;
    case KAIJI_CONTRACT_OUTDATED: return KAIJI_MAIL_CONTRACT_OUTDATED;
    case KAIJI_CONTRACT_INVALID: return KAIJI_MAIL_CONTRACT_INVALID;
    default: return KAIJI_MAIL_CONTRACT_SETTLED;
    }
}

static kaiji_mail_doc_state doc_state(const kaiji_status_document *d)
{
    if (!d->present || strcmp(d->state, "missing") == 0)
        return KAIJI_MAIL_DOC_MISSING;
    if (strcmp(d->state, "outdated") == 0)
        return KAIJI_MAIL_DOC_OUTDATED;
    if (strcmp(d->state, "invalid") == 0)
        return d->status == KAIJI_STATUS_UNREADABLE ? KAIJI_MAIL_DOC_UNREADABLE
                                                    : KAIJI_MAIL_DOC_INVALID;
    return KAIJI_MAIL_DOC_OK;
}

/* The file name of a recorded path or URL: the vendor knows its file by it,
 * and the hospital's folders are none of its business. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Appends addr (not empty) to v's ", "-separated list of addresses.  false
 * when out of memory. */
static bool append_email(kaiji_remind_vendor *v, const char *addr)
{
    if (v->emails.len && !kaiji_buf_puts(&v->emails, ", "))
        return false;
    return kaiji_buf_puts(&v->emails, addr);
}

/* true when addr holds a space or a comma, the characters the list of
 * addresses is split and compared by. */
static bool has_separator(const char *addr)
{
    return strpbrk(addr, " ,") != NULL;
}

/* Appends addr to v's list unless the list holds it already: at its start
 * or after a space, followed by a comma or its end.  That is the rule for
 * every address, but the list is scanned only for one holding a space or a
 * comma (the register refuses those; an older store may hold one): a plain
 * one is decided by mark_first_emails.  false when out of memory. */
static bool add_email_slow(kaiji_remind_vendor *v, const char *addr)
{
    if (v->emails.data) {
        size_t n = strlen(addr);
        for (const char *p = v->emails.data; (p = strstr(p, addr)) != NULL; p += n)
            if ((p == v->emails.data || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
                return true;
    }
    return append_email(v, addr);
}

/* A word of an e-mail field of an owing contract: a run of characters that
 * are neither space nor comma, begun at the field's start or after a space
 * and ended by a comma or the field's end (what add_email_slow can find of
 * it once it is in the list).  The contracts are numbered in report order. */
typedef struct email_token {
    size_t vendor;   /* index of the vendor in the list */
    size_t contract; /* number of the owing contract */
    const char *text;
    size_t len;
    bool whole;      /* the whole field (which then has no space or comma) */
} email_token;

static int by_vendor_token_contract(const void *pa, const void *pb)
{
    const email_token *a = pa, *b = pb;
    if (a->vendor != b->vendor)
        return a->vendor < b->vendor ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    if (c || a->len != b->len)
        return c ? c : a->len < b->len ? -1 : 1;
    return a->contract < b->contract ? -1 : a->contract > b->contract;
}

/* Adds to t (*n long) the tokens of the e-mail field email of owing contract
 * k of vendor v. */
static void add_tokens(email_token *t, size_t *n, size_t v, size_t k, const char *email)
{
    for (size_t i = 0; email[i];) {
        if (email[i] == ' ' || email[i] == ',') {
            i++;
            continue;
        }
        size_t start = i;
        while (email[i] && email[i] != ' ' && email[i] != ',')
            i++;
        if ((start == 0 || email[start - 1] == ' ') && (email[i] == '\0' || email[i] == ','))
            t[(*n)++] = (email_token){v, k, email + start, i - start,
                                      start == 0 && email[i] == '\0'};
    }
}

/*
 * Sets first[k] for each owing contract k (of count, vendor[k] the index of
 * its vendor, email[k] its e-mail field) whose field is plain (no space nor
 * comma) and not yet in its vendor's list when its turn comes: not a token
 * of the field of an earlier contract of its vendor.  (The list's tokens are
 * those of every field met before, added or not: a field left out was found
 * in the list, tokens and all.)  Sorting makes it n log n, however many
 * addresses a vendor has.  false when out of memory.
 */
static bool mark_first_emails(bool *first, const size_t *vendor, const char *const *email,
                              size_t count)
{
    size_t total = 0, n = 0;
    for (size_t k = 0; k < count; k++)
        total += strlen(email[k]) / 2 + 1; /* at most this many tokens */
    email_token *t = malloc((total ? total : 1) * sizeof *t);
    if (!t)
        return false;
    for (size_t k = 0; k < count; k++)
        add_tokens(t, &n, vendor[k], k, email[k]);
    qsort(t, n, sizeof *t, by_vendor_token_contract);
    for (size_t i = 0, run = 0; i < n; i++) {
        if (i == 0 || t[i].vendor != t[run].vendor || t[i].len != t[run].len ||
            memcmp(t[i].text, t[run].text, t[i].len) != 0)
            run = i;
        if (t[i].whole)
            first[t[i].contract] = t[i].contract == t[run].contract;
    }
    free(t);
    return true;
}

/* Orders the owing contracts by vendor key, then by their number. */
typedef struct keyed {
    const char *key;
    size_t contract;
} keyed;

static int by_key_contract(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : a->contract < b->contract ? -1 : a->contract > b->contract;
}

/* The kaiji_store_name_key of vendor (with st's vocabulary), or a copy of
 * vendor when it is not UTF-8; NULL when out of memory. */
static char *vendor_key(kaiji_store *st, const char *vendor)
{
    char *key = NULL;
    int rc = kaiji_store_name_key_with(&key, st, vendor);
    if (rc == KAIJI_ERROR_NOMEM)
        return NULL;
    if (rc != KAIJI_OK || !key) {
        free(key);
        key = strdup(vendor);
    }
    return key;
}

/* Frees group_by_vendor's scratch arrays (keys: n of them, each key not
 * taken by a vendor). */
static void free_scratch(keyed *keys, keyed *sorted, const kaiji_status_contract **owed,
                         size_t *vendor, const char **email, bool *first, size_t n)
{
    for (size_t k = 0; keys && k < n; k++)
        free((char *)keys[k].key);
    free(keys);
    free(sorted);
    free(owed);
    free(vendor);
    free(email);
    free(first);
}

/*
 * Groups the contracts of report that owe something by vendor (compared by
 * kaiji_store_name_key, with st's vocabulary): the vendors in the order of
 * their first such contract, each with its contracts in report order and
 * its distinct addresses in the order met.  The groups are found by sorting
 * the keys, so time is n log n and memory linear in the contracts.  The mail
 * structs point into report, which must outlive *out.  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_remind_group(kaiji_remind_list *out, kaiji_store *st, const kaiji_status_report *report)
{
    size_t ndocs = 0, nfind = 0, di = 0, fi = 0, owing = 0;
    keyed *keys = NULL, *sorted = NULL;
    const kaiji_status_contract **owed = NULL;
    size_t *vendor = NULL, k;
    const char **email = NULL;
    bool *first = NULL;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < report->count; i++) {
        if (contract_state(&report->contracts[i]) == KAIJI_MAIL_CONTRACT_SETTLED)
            continue;
        owing++;
        for (size_t j = 0; j < report->contracts[i].document_count; j++) {
            ndocs++;
            nfind += report->contracts[i].documents[j].finding_count;
        }
    }
    out->items = calloc(owing ? owing : 1, sizeof *out->items);
    out->docs = calloc(ndocs ? ndocs : 1, sizeof *out->docs);
    out->findings = calloc(nfind ? nfind : 1, sizeof *out->findings);
    keys = calloc(owing ? owing : 1, sizeof *keys);
    sorted = calloc(owing ? owing : 1, sizeof *sorted);
    owed = calloc(owing ? owing : 1, sizeof *owed);
    vendor = calloc(owing ? owing : 1, sizeof *vendor);
    email = calloc(owing ? owing : 1, sizeof *email);
    first = calloc(owing ? owing : 1, sizeof *first);
    if (!out->items || !out->docs || !out->findings || !keys || !sorted || !owed || !vendor ||
        !email || !first)
        goto error;

    /* The owing contracts, numbered k in report order, keyed. */
    k = 0;
    for (size_t i = 0; i < report->count; i++) {
        const kaiji_status_contract *sc = &report->contracts[i];
        if (contract_state(sc) == KAIJI_MAIL_CONTRACT_SETTLED)
            continue;
        if (!(keys[k].key = vendor_key(st, sc->contract.vendor)))
            goto error;
        keys[k].contract = k;
        owed[k++] = sc;
    }
    /* A group is a run of equal keys; its vendor is numbered by its first
     * contract, so vendors come in the order they are first met. */
    memcpy(sorted, keys, owing * sizeof *sorted);
    qsort(sorted, owing, sizeof *sorted, by_key_contract);
    for (size_t i = 0, lead = 0; i < owing; i++) {
        if (i == 0 || strcmp(sorted[i].key, sorted[lead].key) != 0)
            lead = i;
        vendor[sorted[i].contract] = sorted[lead].contract; /* the group's first */
    }
    for (k = 0; k < owing; k++) {
        if (vendor[k] == k) {
            kaiji_remind_vendor *v = &out->items[out->count];
            v->key = (char *)keys[k].key;
            keys[k].key = NULL;
            v->name = owed[k]->contract.vendor;
            vendor[k] = out->count++;
        } else {
            vendor[k] = vendor[vendor[k]]; /* an earlier contract's: renumbered */
        }
        out->items[vendor[k]].count++;
    }
    for (size_t i = 0; i < out->count; i++) {
        kaiji_remind_vendor *v = &out->items[i];
        v->contracts = calloc(v->count, sizeof *v->contracts);
        v->ids = calloc(v->count, sizeof *v->ids);
        v->count = 0;
        if (!v->contracts || !v->ids)
            goto error;
    }

    for (k = 0; k < owing; k++) {
        const kaiji_status_contract *sc = owed[k];
        kaiji_remind_vendor *v = &out->items[vendor[k]];
        kaiji_mail_contract *mc = &v->contracts[v->count];
        v->ids[v->count++] = sc->contract.id;
        mc->id = sc->contract.id;
        mc->system = sc->contract.system;
        mc->product = sc->contract.product;
        mc->state = contract_state(sc);
        mc->due = sc->contract.due;
        mc->documents = &out->docs[di];
        mc->document_count = sc->document_count;
        for (size_t j = 0; j < sc->document_count; j++) {
            const kaiji_status_document *sd = &sc->documents[j];
            kaiji_mail_document *md = &out->docs[di++];
            /* What was received names the document when it is known: an
             * MDS2 in the place of an MDS is an MDS2. */
            md->type = sd->present && sd->kind && *sd->kind && strcmp(sd->kind, "unknown") != 0
                           ? sd->kind
                           : kaiji_doc_type_name(sd->type);
            md->state = doc_state(sd);
            md->name = base_name(sd->path);
            md->form_version = sd->form_version;
            md->findings = &out->findings[fi];
            md->finding_count = sd->finding_count;
            for (size_t f = 0; f < sd->finding_count; f++) {
                kaiji_mail_finding *mf = &out->findings[fi++];
                mf->severity = sd->findings[f].severity;
                mf->code = sd->findings[f].code;
                mf->item = sd->findings[f].item;
                mf->message = sd->findings[f].message;
            }
        }
    }

    /* The addresses, each vendor's in the order met. */
    for (k = 0; k < owing; k++)
        email[k] = owed[k]->contract.email;
    if (!mark_first_emails(first, vendor, email, owing))
        goto error;
    for (k = 0; k < owing; k++) {
        kaiji_remind_vendor *v = &out->items[vendor[k]];
        bool ok = !email[k][0]                 ? true
                  : has_separator(email[k])    ? add_email_slow(v, email[k])
                  : first[k]                   ? append_email(v, email[k])
                                               : true;
        if (!ok)
            goto error;
    }
    free_scratch(keys, sorted, owed, vendor, email, first, owing);
    return KAIJI_OK;

error:
    free_scratch(keys, sorted, owed, vendor, email, first, owing);
    kaiji_remind_list_free(out);
    memset(out, 0, sizeof *out);
    return KAIJI_ERROR_NOMEM;
}

kaiji_mail_vendor kaiji_remind_mail_vendor(const kaiji_remind_vendor *v)
{
    kaiji_mail_vendor mv = {v->name, v->emails.data, v->contracts, v->count};
    return mv;
}

void kaiji_reminder_list_free(kaiji_reminder_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].sent_at);
        free(list->items[i].method);
        free(list->items[i].email);
    }
    free(list->items);
    free(list);
}

/* A vendor's key and its place in the list, sorted by key. */
typedef struct key_at {
    const char *key;
    size_t at;
} key_at;

static int by_key_at(const void *pa, const void *pb)
{
    return strcmp(((const key_at *)pa)->key, ((const key_at *)pb)->key);
}

int kaiji_remind_last_mails(kaiji_date *out, kaiji_store *st, const kaiji_remind_list *list,
                            const char *method)
{
    key_at *order = NULL;
    kaiji_stmt *s = NULL;
    int rc = KAIJI_OK, step;
    memset(out, 0, list->count * sizeof *out);
    if (list->count == 0)
        return KAIJI_OK;
    if (!(order = malloc(list->count * sizeof *order)))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < list->count; i++)
        order[i] = (key_at){list->items[i].key, i};
    /* The keys are distinct (kaiji_remind_group): sorted here, not by the
     * engine, whose collation may differ. */
    qsort(order, list->count, sizeof *order, by_key_at);
    if (!(s = kaiji_store_prepare(st, "SELECT vendor_key, max(date) FROM mails"
                                      " WHERE CAST(?1 AS TEXT) IS NULL OR method = ?1"
                                      " GROUP BY vendor_key"))) {
        free(order);
        return KAIJI_ERROR_IO;
    }
    if (method)
        kaiji_stmt_bind_text(s, 1, method);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        key_at want = {kaiji_store_col(s, 0), 0};
        const key_at *hit = bsearch(&want, order, list->count, sizeof *order, by_key_at);
        if (hit && !kaiji_stmt_is_null(s, 1))
            out[hit->at] = kaiji_store_parse_iso(kaiji_store_col(s, 1));
    }
    if (step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot read the mails"));
    kaiji_stmt_finalize(s);
    free(order);
    return rc;
}

int kaiji_store_reminders_sent(kaiji_reminder_list **out, kaiji_store *store,
                               const char *contract_id)
{
    kaiji_reminder_list *l = calloc(1, sizeof *l);
    size_t cap = 0;
    kaiji_stmt *s = NULL;
    int rc = KAIJI_ERROR_NOMEM, step;

    *out = NULL;
    if (!l)
        return KAIJI_ERROR_NOMEM;
    if (!(s = kaiji_store_prepare(store, "SELECT m.date, m.sent_at, m.method, m.email"
                                         " FROM mails m JOIN mail_contracts c ON c.mail_id = m.id"
                                         " WHERE c.contract_id = ? AND m.kind = 'reminder'"
                                         " ORDER BY m.id DESC"))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    kaiji_stmt_bind_text(s, 1, contract_id);
    while ((step = kaiji_stmt_step(s)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(l->items, l->count, cap))
            goto error;
        kaiji_reminder_sent *r = &l->items[l->count];
        memset(r, 0, sizeof *r);
        l->count++;
        r->date = kaiji_store_parse_iso(kaiji_store_col(s, 0));
        if (!(r->sent_at = strdup(kaiji_store_col(s, 1))) ||
            !(r->method = strdup(kaiji_store_col(s, 2))) ||
            !(r->email = strdup(kaiji_store_col(s, 3))))
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, "cannot read the reminders sent");
        goto error;
    }
    kaiji_stmt_finalize(s);
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(s);
    kaiji_reminder_list_free(l);
    return rc;
}

const char *kaiji_remind_audit_action(const kaiji_remind_counts *c)
{
    return c->sent ? "remind-sent" : "remind-drafts";
}

const char *kaiji_remind_audit_detail(char *buf, size_t size, const kaiji_remind_counts *c)
{
    snprintf(buf, size, "%s=%zu skipped=%zu failed=%zu", c->sent ? "sent" : "drafted", c->done,
             c->skipped, c->failed);
    return buf;
}

bool kaiji_remind_audit_parse(kaiji_remind_counts *out, const char *detail)
{
    kaiji_remind_counts c = {0};
    char key[8];
    int used = -1;
    /* the digits checked apart: sscanf's %zu would take "-1" or " 2" */
    for (const char *p = strchr(detail, '='); p; p = strchr(p + 1, '='))
        if (p[1] < '0' || p[1] > '9')
            return false;
    if (sscanf(detail, "%7[a-z]=%zu skipped=%zu failed=%zu%n", key, &c.done, &c.skipped,
               &c.failed, &used) != 4 ||
        used != (int)strlen(detail))
        return false;
    if (strcmp(key, "sent") == 0)
        c.sent = true;
    else if (strcmp(key, "drafted") != 0)
        return false;
    *out = c;
    return true;
}
