/*
 * store/status.c - contract by contract, which disclosures the hospital
 * holds, each judged again as of the status date.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "base/base.h"
#include "store/internal.h"
#include "text/text.h"
#include "model/i18n.h"

const char *kaiji_contract_state_name(kaiji_contract_state state)
{
    static const char *const names[KAIJI_CONTRACT__COUNT] = {
        "complete", "outdated", "invalid", "missing", "overdue", "not-required",
    };
    return (unsigned)state < KAIJI_CONTRACT__COUNT ? names[state] : "unknown";
}

void kaiji_status_options_init(kaiji_status_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

static void document_clear(kaiji_status_document *d)
{
    if (d->previous_valid) {
        document_clear(d->previous_valid);
        free(d->previous_valid);
    }
    free(d->path);
    free(d->sha256);
    free(d->form_version);
    free(d->kind);
    free(d->ingested_at);
    free(d->received_at);
    for (size_t i = 0; i < d->finding_count; i++) {
        free(d->findings[i].code);
        free(d->findings[i].item);
        free(d->findings[i].location);
        free(d->findings[i].message);
    }
    free(d->findings);
    memset(d, 0, sizeof *d);
}

void kaiji_status_report_free(kaiji_status_report *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->count; i++) {
        kaiji_status_contract *c = &report->contracts[i];
        kaiji_contract_clear(&c->contract);
        for (size_t j = 0; j < c->document_count; j++)
            document_clear(&c->documents[j]);
        free(c->documents);
    }
    free(report->contracts);
    free(report);
}

static kaiji_status status_from_name(const char *name)
{
    for (int i = KAIJI_STATUS_UNCHECKED; i <= KAIJI_STATUS_UNREADABLE; i++)
        if (strcmp(kaiji_status_name((kaiji_status)i), name) == 0)
            return (kaiji_status)i;
    return KAIJI_STATUS_UNREADABLE;
}

static kaiji_severity severity_from_name(const char *name)
{
    for (int i = KAIJI_SEVERITY_INFO; i <= KAIJI_SEVERITY_ERROR; i++)
        if (strcmp(kaiji_severity_name((kaiji_severity)i), name) == 0)
            return (kaiji_severity)i;
    return KAIJI_SEVERITY_ERROR;
}

static int add_finding(kaiji_status_document *d, kaiji_severity sev, const char *code,
                       const char *item, const char *location, const char *message)
{
    kaiji_status_finding *p = realloc(d->findings, (d->finding_count + 1) * sizeof *p);
    if (!p)
        return KAIJI_ERROR_NOMEM;
    d->findings = p;
    kaiji_status_finding *f = &p[d->finding_count];
    f->severity = sev;
    f->code = kaiji_store_strdup(code);
    f->item = kaiji_store_strdup(item);
    f->location = kaiji_store_strdup(location);
    f->message = kaiji_store_strdup(message);
    d->finding_count++;
    return f->code && f->item && f->location && f->message ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* The findings stored at ingest (a JSON array), for a file kept without an
 * exchange document (an unreadable one): each message in the language of
 * the calling thread's messages when it was kept in both ("messages",
 * store/ingest.c), else as it was written. */
static int stored_findings(kaiji_status_document *d, const char *json)
{
    cJSON *arr = cJSON_Parse(json);
    const cJSON *e;
    int rc = KAIJI_OK;
    /* the language messages are in now, as an HTML lang: "ja" or "en" */
    const char *lang = C_("html lang", "en");
    cJSON_ArrayForEach(e, arr) {
        const char *sev = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "severity"));
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "code"));
        const char *item = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "item"));
        const char *loc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "location"));
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(e, "messages"), lang));
        if (!msg)
            msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
        if ((rc = add_finding(d, severity_from_name(sev ? sev : ""), code, item, loc, msg)) !=
            KAIJI_OK)
            break;
    }
    cJSON_Delete(arr);
    return rc;
}

/* Validates the stored exchange document again as of opts->as_of and takes
 * its status, form version and findings. */
static int revalidate(kaiji_status_document *d, const char *exchange,
                      const kaiji_status_options *opts, kaiji_date as_of)
{
    kaiji_document *doc = NULL;
    kaiji_read_options ro;
    kaiji_validate_options vo;
    int rc;

    kaiji_read_options_init(&ro);
    ro.catalogs = opts->catalogs;
    rc = kaiji_read_memory(&doc, exchange, strlen(exchange), d->path, &ro);
    if (!doc)
        return rc;
    kaiji_validate_options_init(&vo);
    vo.catalogs = opts->catalogs;
    vo.target_guideline = opts->target_guideline;
    vo.as_of = as_of;
    if ((rc = kaiji_validate(doc, &vo)) != KAIJI_OK)
        goto done;
    d->status = kaiji_document_status(doc);
    if (kaiji_document_form_version(doc)[0]) {
        char *fv = strdup(kaiji_document_form_version(doc));
        if (!fv) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        free(d->form_version);
        d->form_version = fv;
    }
    for (size_t i = 0; i < kaiji_document_finding_count(doc) && rc == KAIJI_OK; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        rc = add_finding(d, kaiji_finding_severity(f), kaiji_finding_code(f),
                         kaiji_finding_item(f), kaiji_finding_location(f),
                         kaiji_finding_message(f));
    }
done:
    kaiji_document_free(doc);
    return rc;
}

/* The columns of a submission that status shows, as fill_meta takes them. */
enum {
    COL_PATH, COL_SHA256, COL_FORM_VERSION, COL_KIND, COL_INGESTED, COL_STATUS, COL_DATE,
    COL_RECEIVED, COL__COUNT
};

/* Fills d (its type set) from a submission's columns (see COL_*), all but
 * its bodies. */
static int fill_meta(kaiji_status_document *d, const char *const *cols)
{
    d->present = true;
    /* In the shown form (text/path.c) even when a store written before it
     * holds a name's raw bytes: JSON, CSV and XLSX need UTF-8. */
    d->path = kaiji_text_path_utf8(cols[COL_PATH]);
    d->sha256 = kaiji_store_strdup(cols[COL_SHA256]);
    d->form_version = kaiji_store_strdup(cols[COL_FORM_VERSION]);
    d->kind = kaiji_store_strdup(cols[COL_KIND]);
    d->ingested_at = kaiji_store_strdup(cols[COL_INGESTED]);
    d->status = status_from_name(cols[COL_STATUS] ? cols[COL_STATUS] : "");
    d->document_date = kaiji_store_parse_iso(cols[COL_DATE]);
    d->received_at = kaiji_store_strdup(cols[COL_RECEIVED]);
    return d->path && d->sha256 && d->form_version && d->kind && d->ingested_at &&
                   d->received_at
               ? KAIJI_OK
               : KAIJI_ERROR_NOMEM;
}

/* Judges d (fill_meta done) from its bodies: the stored exchange document
 * (NULL when none) validated again as of as_of, else the findings stored at
 * ingest (findings, a JSON array). */
static int fill_body(kaiji_status_document *d, const char *exchange, const char *findings,
                     const kaiji_status_options *opts, kaiji_date as_of)
{
    int rc;
    if (exchange) {
        rc = revalidate(d, exchange, opts, as_of);
        if (rc == KAIJI_ERROR_NOMEM)
            return rc;
        if (rc != KAIJI_OK) {
            /* A stored document that no longer reads is reported as it was. */
            rc = stored_findings(d, findings);
        }
    } else {
        rc = stored_findings(d, findings);
    }
    switch (d->status) {
    case KAIJI_STATUS_VALID: d->state = "current"; break;
    case KAIJI_STATUS_OUTDATED: d->state = "outdated"; break;
    default: d->state = "invalid"; break;
    }
    return rc;
}

/* Fills d (its type set) from the current row of a SUBMISSIONS_SQL query,
 * the document validated again as of as_of. */
static int fill_from_row(kaiji_stmt *q, kaiji_status_document *d,
                         const kaiji_status_options *opts, kaiji_date as_of)
{
    const char *cols[COL__COUNT] = {
        kaiji_store_col(q, 0), kaiji_store_col(q, 1), kaiji_store_col(q, 2),
        kaiji_store_col(q, 3), kaiji_store_col(q, 4), kaiji_store_col(q, 5),
        kaiji_store_col(q, 8), kaiji_store_col(q, 9),
    };
    int rc = fill_meta(d, cols);
    if (rc != KAIJI_OK)
        return rc;
    return fill_body(d, kaiji_stmt_is_null(q, 7) ? NULL : kaiji_store_col(q, 7),
                     kaiji_store_col(q, 6), opts, as_of);
}

/* The contract's state and what it owes, from its documents; see
 * kaiji_store_status. */
static void contract_state(kaiji_status_contract *c, kaiji_date as_of)
{
    bool invalid = false, missing = false, outdated = false;
    c->owes = 0;
    c->overdue = false;
    c->days_overdue = 0;
    if (!c->contract.patient_data) {
        c->state = KAIJI_CONTRACT_NOT_REQUIRED;
        return;
    }
    for (size_t i = 0; i < c->document_count; i++) {
        const char *s = c->documents[i].state;
        bool inv = strcmp(s, "invalid") == 0, mis = strcmp(s, "missing") == 0,
             out = strcmp(s, "outdated") == 0;
        if (inv || mis || out)
            c->owes |= c->documents[i].type;
        invalid |= inv;
        missing |= mis;
        outdated |= out;
    }
    kaiji_date due = c->contract.due;
    if (c->owes && kaiji_date_valid(due) && kaiji_date_compare(due, as_of) < 0) {
        c->overdue = true;
        c->days_overdue = kaiji_days_from_civil(as_of.year, as_of.month, as_of.day) -
                          kaiji_days_from_civil(due.year, due.month, due.day ? due.day : 1);
        c->state = KAIJI_CONTRACT_OVERDUE;
    } else if (invalid) {
        c->state = KAIJI_CONTRACT_INVALID;
    } else if (missing) {
        c->state = KAIJI_CONTRACT_MISSING;
    } else if (outdated) {
        c->state = KAIJI_CONTRACT_OUTDATED;
    } else {
        c->state = KAIJI_CONTRACT_COMPLETE;
    }
}

/*
 * The status of a site is read in a number of queries that does not grow
 * with its contracts (a round trip each on PostgreSQL): the contracts; every
 * linked submission without its bodies (CLAIM_ROWS_SQL), in claim order, kept
 * in C by contract; the bodies of the submissions that count, BODY_BATCH at a
 * time (bodies_sql), each validated again as its row comes and let go; the
 * same for the older ones beside an invalid one, a round for each step back;
 * the last reminders (REMINDERS_SQL).  Memory: a site's submissions without
 * their bodies, and one batch of bodies.
 */

/* Every submission linked to a contract, without its bodies, each
 * contract's newest claim first (the order of KAIJI_STORE_CLAIM_ORDER). */
#define CLAIM_ROWS_SQL                                                                       \
    "SELECT l.contract_id, s.id, s.doc_type, s.path, s.sha256, s.form_version, s.kind,"     \
    " s.ingested_at, s.status, s.document_date, COALESCE(s.received_at, s.ingested_at)"     \
    " FROM submissions s JOIN links l ON l.submission_id = s.id" KAIJI_STORE_CLAIM_ORDER

/* How many submissions' bodies one BODIES_SQL query reads. */
#define BODY_BATCH 256

/* The bodies of up to BODY_BATCH submissions by id (?1 … ?BODY_BATCH) into
 * sql: "SELECT s.id, s.exchange, s.findings FROM submissions s WHERE s.id
 * IN (?1, ?2, …)". */
static void bodies_sql(char *sql, size_t size)
{
    size_t len = (size_t)snprintf(sql, size, "%s",
                                  "SELECT s.id, s.exchange, s.findings FROM submissions s"
                                  " WHERE s.id IN (");
    for (int i = 1; i <= BODY_BATCH && len < size; i++)
        len += (size_t)snprintf(sql + len, size - len, i < BODY_BATCH ? "?%d, " : "?%d)", i);
}

/* The date of the last reminder of each contract for a date not after ?1. */
#define REMINDERS_SQL                                                                        \
    "SELECT mc.contract_id, max(m.date) FROM mails m"                                        \
    " JOIN mail_contracts mc ON mc.mail_id = m.id"                                           \
    " WHERE m.kind = 'reminder' AND m.date <= ?1 GROUP BY mc.contract_id"

/* One row of CLAIM_ROWS_SQL. */
typedef struct claim_row {
    long long id;
    unsigned type;       /* the KAIJI_DOC_* bits it covers */
    size_t next;         /* the next older claim of the same contract ID; SIZE_MAX: none */
    char *cols[COL__COUNT];
} claim_row;

/* A document waiting for the bodies of submission id (rows[row]). */
typedef struct pending {
    long long id;
    size_t row, contract, doc;
    bool older; /* looking for the valid one before an invalid current claim */
    bool got, again;
} pending;

/* A contract of the report by its ID. */
typedef struct id_ref {
    const char *id;
    size_t index;
} id_ref;

/* What kaiji_store_status works with. */
typedef struct status_work {
    kaiji_status_report *r;
    const kaiji_status_options *opts;
    id_ref *by_id;    /* r->count, by ID (strcmp), then by index */
    size_t *key;      /* r->count: the by_id position of the first with its ID */
    size_t *head;     /* by that position: the newest claim; SIZE_MAX: none */
    size_t *tail;
    claim_row *rows;
    size_t row_count, row_cap;
    pending *pend, *next;
    size_t pend_count, next_count, pend_cap, next_cap;
} status_work;

static int by_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_pending_id(const void *a, const void *b)
{
    long long x = ((const pending *)a)->id, y = ((const pending *)b)->id;
    return (x > y) - (x < y);
}

/* The by_id position of the first contract with ID id, or SIZE_MAX. */
static size_t find_key(const status_work *w, const char *id)
{
    size_t lo = 0, hi = w->r->count;
    if (!id)
        return SIZE_MAX;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(w->by_id[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->r->count && strcmp(w->by_id[lo].id, id) == 0 ? lo : SIZE_MAX;
}

/* The first claim from row on (row itself included) of the same contract
 * that covers type, or SIZE_MAX. */
static size_t next_claim(const status_work *w, size_t row, unsigned type)
{
    while (row != SIZE_MAX && !(w->rows[row].type & type))
        row = w->rows[row].next;
    return row;
}

/* Adds to the next round: document doc of contract waits for row. */
static int want(status_work *w, size_t row, size_t contract, size_t doc, bool older)
{
    if (!KAIJI_GROW(w->next, w->next_count, w->next_cap))
        return KAIJI_ERROR_NOMEM;
    w->next[w->next_count++] =
        (pending){.id = w->rows[row].id, .row = row, .contract = contract, .doc = doc,
                  .older = older};
    return KAIJI_OK;
}

/* Reads the contracts' claims (CLAIM_ROWS_SQL) into w->rows, linked by
 * contract ID in claim order. */
static int read_claims(status_work *w, kaiji_store *st)
{
    kaiji_stmt *q = kaiji_store_prepare(st, CLAIM_ROWS_SQL);
    int step, rc = KAIJI_OK;
    if (!q)
        return KAIJI_ERROR_IO;
    while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
        size_t k = find_key(w, kaiji_stmt_text(q, 0));
        if (k == SIZE_MAX)
            continue; /* an inactive contract's */
        if (!KAIJI_GROW(w->rows, w->row_count, w->row_cap)) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        claim_row *c = &w->rows[w->row_count];
        memset(c, 0, sizeof *c);
        c->id = kaiji_stmt_int64(q, 1);
        c->type = (unsigned)kaiji_stmt_int(q, 2);
        c->next = SIZE_MAX;
        w->row_count++;
        for (int i = 0; i < COL__COUNT; i++)
            if (!(c->cols[i] = kaiji_store_strdup(kaiji_store_col(q, 3 + i)))) {
                rc = KAIJI_ERROR_NOMEM;
                goto done;
            }
        if (w->head[k] == SIZE_MAX)
            w->head[k] = w->row_count - 1;
        else
            w->rows[w->tail[k]].next = w->row_count - 1;
        w->tail[k] = w->row_count - 1;
    }
    if (step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot read the submissions"));
done:
    kaiji_stmt_finalize(q);
    return rc;
}

/* Fills the document p waits for from its bodies (exchange NULL when none)
 * and says whether an older claim is still wanted (p->again). */
static int take(status_work *w, pending *p, const char *exchange, const char *findings)
{
    kaiji_status_document *d = &w->r->contracts[p->contract].documents[p->doc];
    kaiji_status_document *older = NULL;
    kaiji_date as_of = w->r->as_of;
    int rc;
    p->got = true;
    if (!p->older) {
        if ((rc = fill_meta(d, (const char *const *)w->rows[p->row].cols)) != KAIJI_OK ||
            (rc = fill_body(d, exchange, findings, w->opts, as_of)) != KAIJI_OK)
            return rc;
        /* The newest that is invalid: the valid one before it is shown beside it. */
        p->again = strcmp(d->state, "invalid") == 0;
        return KAIJI_OK;
    }
    if (!(older = calloc(1, sizeof *older)))
        return KAIJI_ERROR_NOMEM;
    older->type = d->type;
    if ((rc = fill_meta(older, (const char *const *)w->rows[p->row].cols)) != KAIJI_OK ||
        (rc = fill_body(older, exchange, findings, w->opts, as_of)) != KAIJI_OK)
        goto error;
    if (older->status == KAIJI_STATUS_VALID) {
        d->previous_valid = older;
        p->again = false;
        return KAIJI_OK;
    }
    p->again = true;
    rc = KAIJI_OK;
error:
    document_clear(older);
    free(older);
    return rc;
}

/* Reads the bodies of the documents w->pend waits for, BODY_BATCH
 * submissions a query, and fills each document as its row comes. */
static int read_bodies(status_work *w, kaiji_store *st, kaiji_stmt *q)
{
    size_t k = 0;
    qsort(w->pend, w->pend_count, sizeof *w->pend, by_pending_id);
    while (k < w->pend_count) {
        size_t end = k;
        int n = 0, step, rc;
        long long last = 0;
        kaiji_stmt_reset(q);
        while (end < w->pend_count) {
            if (n == 0 || w->pend[end].id != last) {
                if (n == BODY_BATCH)
                    break;
                last = w->pend[end].id;
                if (kaiji_stmt_bind_int64(q, ++n, last) != 0)
                    return KAIJI_ERROR_NOMEM;
            }
            end++;
        }
        for (int i = n + 1; i <= BODY_BATCH; i++) /* the last again: one statement */
            if (kaiji_stmt_bind_int64(q, i, last) != 0)
                return KAIJI_ERROR_NOMEM;
        while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
            pending key = {.id = kaiji_stmt_int64(q, 0)};
            pending *p = bsearch(&key, w->pend + k, end - k, sizeof *p, by_pending_id);
            if (!p)
                continue;
            while (p > w->pend + k && p[-1].id == key.id)
                p--;
            for (; p < w->pend + end && p->id == key.id; p++)
                if ((rc = take(w, p, kaiji_stmt_is_null(q, 1) ? NULL : kaiji_store_col(q, 1),
                               kaiji_store_col(q, 2))) != KAIJI_OK)
                    return rc;
        }
        if (step != KAIJI_DB_DONE)
            return kaiji_store_sqlfail(st, _("cannot read the submissions"));
        /* Gone since its row was read (another process removed it): judged
         * without its bodies. */
        for (size_t i = k; i < end; i++)
            if (!w->pend[i].got && (rc = take(w, &w->pend[i], NULL, "[]")) != KAIJI_OK)
                return rc;
        k = end;
    }
    return KAIJI_OK;
}

/* Judges every required document of every contract in w->r: the claim that
 * counts, then, round by round, the older ones beside an invalid one. */
static int judge_documents(status_work *w, kaiji_store *st)
{
    kaiji_stmt *q = NULL;
    char sql[8 * BODY_BATCH + 128];
    int rc = KAIJI_OK;
    for (size_t i = 0; i < w->r->count; i++) {
        kaiji_status_contract *c = &w->r->contracts[i];
        for (size_t j = 0; j < c->document_count; j++) {
            kaiji_status_document *d = &c->documents[j];
            size_t row = next_claim(w, w->head[w->key[i]], d->type);
            if (row != SIZE_MAX) {
                if ((rc = want(w, row, i, j, false)) != KAIJI_OK)
                    return rc;
                continue;
            }
            d->present = false;
            d->state = "missing";
            d->path = strdup("");
            d->sha256 = strdup("");
            d->form_version = strdup("");
            d->kind = strdup("");
            d->ingested_at = strdup("");
            d->received_at = strdup("");
            if (!d->path || !d->sha256 || !d->form_version || !d->kind || !d->ingested_at ||
                !d->received_at)
                return KAIJI_ERROR_NOMEM;
        }
    }
    while (w->next_count) {
        pending *t = w->pend;
        size_t cap = w->pend_cap;
        w->pend = w->next;
        w->pend_count = w->next_count;
        w->pend_cap = w->next_cap;
        w->next = t;
        w->next_cap = cap;
        w->next_count = 0;
        if (!q) {
            bodies_sql(sql, sizeof sql);
            if (!(q = kaiji_store_prepare(st, sql)))
                return KAIJI_ERROR_IO;
        }
        if ((rc = read_bodies(w, st, q)) != KAIJI_OK)
            goto done;
        for (size_t i = 0; i < w->pend_count; i++) {
            const pending *p = &w->pend[i];
            if (!p->again)
                continue;
            size_t row = next_claim(w, w->rows[p->row].next,
                                    w->r->contracts[p->contract].documents[p->doc].type);
            if (row != SIZE_MAX && (rc = want(w, row, p->contract, p->doc, true)) != KAIJI_OK)
                goto done;
        }
    }
done:
    kaiji_stmt_finalize(q);
    return rc;
}

/* The date of the last reminder recorded for each contract for a date not
 * after the status date into its last_reminder (year 0 when none). */
static int read_reminders(status_work *w, kaiji_store *st)
{
    kaiji_stmt *q = kaiji_store_prepare(st, REMINDERS_SQL);
    int step, rc = KAIJI_OK;
    if (!q)
        return KAIJI_ERROR_IO;
    kaiji_store_bind_date(q, 1, w->r->as_of);
    while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
        size_t k = find_key(w, kaiji_stmt_text(q, 0));
        if (k == SIZE_MAX || kaiji_stmt_is_null(q, 1))
            continue;
        kaiji_date date = kaiji_store_parse_iso(kaiji_store_col(q, 1));
        for (size_t i = k; i < w->r->count && strcmp(w->by_id[i].id, w->by_id[k].id) == 0; i++)
            w->r->contracts[w->by_id[i].index].last_reminder = date;
    }
    if (step != KAIJI_DB_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot read the mails"));
    kaiji_stmt_finalize(q);
    return rc;
}

static void status_work_clear(status_work *w)
{
    for (size_t i = 0; i < w->row_count; i++)
        for (int j = 0; j < COL__COUNT; j++)
            free(w->rows[i].cols[j]);
    free(w->rows);
    free(w->by_id);
    free(w->key);
    free(w->head);
    free(w->tail);
    free(w->pend);
    free(w->next);
}

static void status_contract_clear(kaiji_status_contract *c)
{
    kaiji_contract_clear(&c->contract);
    for (size_t j = 0; j < c->document_count; j++)
        document_clear(&c->documents[j]);
    free(c->documents);
    memset(c, 0, sizeof *c);
}

int kaiji_store_status(kaiji_status_report **out, kaiji_store *store,
                       const kaiji_status_options *opts)
{
    kaiji_status_report *r = calloc(1, sizeof *r);
    kaiji_contract_list *list = NULL;
    status_work w = {.r = r, .opts = opts};
    size_t n, kept = 0;
    int rc;

    *out = NULL;
    if (!r)
        return KAIJI_ERROR_NOMEM;
    if (!opts || !opts->catalogs) {
        rc = kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("status needs the catalogs"));
        goto error;
    }
    r->as_of = kaiji_date_valid(opts->as_of) ? opts->as_of : kaiji_date_today();
    if ((rc = kaiji_store_contracts(&list, store, false)) != KAIJI_OK)
        goto error;
    n = list->count;
    rc = KAIJI_ERROR_NOMEM;
    if (!(r->contracts = calloc(n + 1, sizeof *r->contracts)) ||
        !(w.by_id = calloc(n + 1, sizeof *w.by_id)) || !(w.key = calloc(n + 1, sizeof *w.key)) ||
        !(w.head = calloc(n + 1, sizeof *w.head)) || !(w.tail = calloc(n + 1, sizeof *w.tail)))
        goto error;
    for (size_t i = 0; i < n; i++) {
        kaiji_status_contract *c = &r->contracts[r->count++];
        c->contract = list->items[i];
        memset(&list->items[i], 0, sizeof list->items[i]);
        unsigned required = c->contract.patient_data ? c->contract.required : 0;
        if (!(c->documents = calloc(KAIJI_DOC_TYPE_COUNT, sizeof *c->documents)))
            goto error;
        for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
            if (required & t)
                c->documents[c->document_count++].type = t;
        w.by_id[i] = (id_ref){.id = c->contract.id, .index = i};
        w.head[i] = w.tail[i] = SIZE_MAX;
    }
    qsort(w.by_id, n, sizeof *w.by_id, by_id_ref);
    for (size_t k = 0; k < n; k++)
        w.key[w.by_id[k].index] =
            k > 0 && strcmp(w.by_id[k].id, w.by_id[k - 1].id) == 0 ? w.key[w.by_id[k - 1].index]
                                                                    : k;
    if ((rc = read_claims(&w, store)) != KAIJI_OK ||
        (rc = judge_documents(&w, store)) != KAIJI_OK ||
        (rc = read_reminders(&w, store)) != KAIJI_OK)
        goto error;
    for (size_t i = 0; i < r->count; i++) {
        kaiji_status_contract *c = &r->contracts[i];
        contract_state(c, r->as_of);
        if (opts->owing_only && !c->owes) {
            status_contract_clear(c);
            continue;
        }
        if (kept != i) {
            r->contracts[kept] = *c;
            memset(c, 0, sizeof *c);
        }
        c = &r->contracts[kept++];
        r->summary[c->state]++;
        if (c->owes)
            r->owing++;
    }
    r->count = kept;
    status_work_clear(&w);
    kaiji_contract_list_free(list);
    *out = r;
    return KAIJI_OK;

error:
    status_work_clear(&w);
    kaiji_contract_list_free(list);
    kaiji_status_report_free(r);
    return rc;
}

/* ------------------------------------------------- one contract's page */

/* Every submission linked to a contract, in the order of CLAIMS_SQL, with
 * the document types each covers (column 10). */
#define SUBMISSIONS_SQL                                                                     \
    "SELECT s.path, s.sha256, s.form_version, s.kind, s.ingested_at, s.status, s.findings," \
    " s.exchange, s.document_date, COALESCE(s.received_at, s.ingested_at) AS received,"    \
    " s.doc_type FROM submissions s JOIN links l ON l.submission_id = s.id"                 \
    " WHERE l.contract_id = ?1" KAIJI_STORE_CLAIM_ORDER

int kaiji_store_contract_submissions(kaiji_submission_list **out, kaiji_store *store,
                                     const char *id, const kaiji_status_options *opts)
{
    kaiji_submission_list *l = NULL;
    kaiji_stmt *q = NULL;
    kaiji_date as_of;
    size_t cap = 0;
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if (!opts || !opts->catalogs)
        return kaiji_store_fail(store, KAIJI_ERROR_INVALID, _("status needs the catalogs"));
    as_of = kaiji_date_valid(opts->as_of) ? opts->as_of : kaiji_date_today();
    if (!(l = calloc(1, sizeof *l)))
        return KAIJI_ERROR_NOMEM;
    if (!(q = kaiji_store_prepare(store, SUBMISSIONS_SQL))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    kaiji_stmt_bind_text(q, 1, id);
    while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(l->items, l->count, cap)) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        kaiji_status_document *d = &l->items[l->count++];
        memset(d, 0, sizeof *d);
        d->type = (unsigned)kaiji_stmt_int(q, 10);
        if ((rc = fill_from_row(q, d, opts, as_of)) != KAIJI_OK)
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the submissions"));
        goto error;
    }
    kaiji_stmt_finalize(q);
    *out = l;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(q);
    kaiji_submission_list_free(l);
    return rc;
}

void kaiji_submission_list_free(kaiji_submission_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        document_clear(&list->items[i]);
    free(list->items);
    free(list);
}

int kaiji_store_contract_history(kaiji_contract_history **out, kaiji_store *store,
                                 const char *id, size_t limit)
{
    kaiji_contract_history *h = NULL;
    kaiji_stmt *q = NULL;
    size_t cap = 0;
    int rc = KAIJI_ERROR_NOMEM, step;
    *out = NULL;
    if (!(h = calloc(1, sizeof *h)))
        return KAIJI_ERROR_NOMEM;
    if (!(q = kaiji_store_prepare(store, "SELECT at, change, field, old_value, new_value"
                                         " FROM contract_history WHERE contract_id = ?1"
                                         " ORDER BY id DESC LIMIT ?2"))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    kaiji_stmt_bind_text(q, 1, id);
    /* No limit: the largest (PostgreSQL refuses SQLite's -1). */
    kaiji_stmt_bind_int64(q, 2, limit ? (long long)limit : 9223372036854775807LL);
    while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
        if (!KAIJI_GROW(h->items, h->count, cap))
            goto error;
        kaiji_contract_change *c = &h->items[h->count++];
        c->at = kaiji_store_strdup(kaiji_store_col(q, 0));
        c->change = kaiji_store_strdup(kaiji_store_col(q, 1));
        c->field = kaiji_store_strdup(kaiji_store_col(q, 2));
        c->old_value = kaiji_store_strdup(kaiji_store_col(q, 3));
        c->new_value = kaiji_store_strdup(kaiji_store_col(q, 4));
        if (!c->at || !c->change || !c->field || !c->old_value || !c->new_value)
            goto error;
    }
    if (step != KAIJI_DB_DONE) {
        rc = kaiji_store_sqlfail(store, _("cannot read the contract history"));
        goto error;
    }
    kaiji_stmt_finalize(q);
    *out = h;
    return KAIJI_OK;
error:
    kaiji_stmt_finalize(q);
    kaiji_contract_history_free(h);
    return rc;
}

void kaiji_contract_history_free(kaiji_contract_history *history)
{
    if (!history)
        return;
    for (size_t i = 0; i < history->count; i++) {
        kaiji_contract_change *c = &history->items[i];
        free(c->at);
        free(c->change);
        free(c->field);
        free(c->old_value);
        free(c->new_value);
    }
    free(history->items);
    free(history);
}
