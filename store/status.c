/*
 * store/status.c - contract by contract, which disclosures the hospital
 * holds, each judged again as of the status date.
 */
#include <cjson/cJSON.h>
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

/* The submissions of a type linked to a contract, the current claim first:
 * newest by document date (else the day received), then by time received,
 * then by order of ingest.  ?1 the contract, ?2 the KAIJI_DOC_* bit. */
#define CLAIMS_SQL                                                                          \
    "SELECT s.path, s.sha256, s.form_version, s.kind, s.ingested_at, s.status, s.findings," \
    " s.exchange, s.document_date, COALESCE(s.received_at, s.ingested_at) AS received"     \
    " FROM submissions s JOIN links l ON l.submission_id = s.id"                            \
    " WHERE l.contract_id = ?1 AND (s.doc_type & ?2) != 0" KAIJI_STORE_CLAIM_ORDER

/* Fills d (its type set) from the current row of a CLAIMS_SQL query, the
 * document validated again as of as_of. */
static int fill_from_row(kaiji_stmt *q, kaiji_status_document *d,
                         const kaiji_status_options *opts, kaiji_date as_of)
{
    int rc;
    d->present = true;
    /* In the shown form (text/path.c) even when a store written before it
     * holds a name's raw bytes: JSON, CSV and XLSX need UTF-8. */
    d->path = kaiji_text_path_utf8(kaiji_store_col(q, 0));
    d->sha256 = kaiji_store_strdup(kaiji_store_col(q, 1));
    d->form_version = kaiji_store_strdup(kaiji_store_col(q, 2));
    d->kind = kaiji_store_strdup(kaiji_store_col(q, 3));
    d->ingested_at = kaiji_store_strdup(kaiji_store_col(q, 4));
    d->status = status_from_name(kaiji_store_col(q, 5));
    d->document_date = kaiji_store_parse_iso(kaiji_store_col(q, 8));
    d->received_at = kaiji_store_strdup(kaiji_store_col(q, 9));
    if (!d->path || !d->sha256 || !d->form_version || !d->kind || !d->ingested_at ||
        !d->received_at)
        return KAIJI_ERROR_NOMEM;
    if (!kaiji_stmt_is_null(q, 7)) {
        rc = revalidate(d, kaiji_store_col(q, 7), opts, as_of);
        if (rc == KAIJI_ERROR_NOMEM)
            return rc;
        if (rc != KAIJI_OK) {
            /* A stored document that no longer reads is reported as it was. */
            rc = stored_findings(d, kaiji_store_col(q, 6));
        }
    } else {
        rc = stored_findings(d, kaiji_store_col(q, 6));
    }
    switch (d->status) {
    case KAIJI_STATUS_VALID: d->state = "current"; break;
    case KAIJI_STATUS_OUTDATED: d->state = "outdated"; break;
    default: d->state = "invalid"; break;
    }
    return rc;
}

/* Fills d with the current claim of its type for contract id and, when that
 * one is invalid, the newest older one valid as of as_of. */
static int fill_document(kaiji_store *st, kaiji_stmt *q, kaiji_status_document *d,
                         const char *id, const kaiji_status_options *opts, kaiji_date as_of)
{
    kaiji_status_document *older = NULL;
    int rc = KAIJI_OK, step;
    kaiji_stmt_reset(q);
    kaiji_stmt_bind_text(q, 1, id);
    kaiji_stmt_bind_int64(q, 2, (int)d->type);
    step = kaiji_stmt_step(q);
    if (step == KAIJI_DB_DONE) {
        d->present = false;
        d->state = "missing";
        d->path = strdup("");
        d->sha256 = strdup("");
        d->form_version = strdup("");
        d->kind = strdup("");
        d->ingested_at = strdup("");
        d->received_at = strdup("");
        return d->path && d->sha256 && d->form_version && d->kind && d->ingested_at &&
                       d->received_at
                   ? KAIJI_OK
                   : KAIJI_ERROR_NOMEM;
    }
    if (step != KAIJI_DB_ROW)
        return kaiji_store_sqlfail(st, _("cannot read the submissions"));
    if ((rc = fill_from_row(q, d, opts, as_of)) != KAIJI_OK)
        return rc;
    if (strcmp(d->state, "invalid") != 0)
        return KAIJI_OK;
    /* The newest that is invalid: the valid one before it is shown beside it. */
    while ((step = kaiji_stmt_step(q)) == KAIJI_DB_ROW) {
        if (!(older = calloc(1, sizeof *older)))
            return KAIJI_ERROR_NOMEM;
        older->type = d->type;
        if ((rc = fill_from_row(q, older, opts, as_of)) != KAIJI_OK)
            goto error;
        if (older->status == KAIJI_STATUS_VALID) {
            d->previous_valid = older;
            return KAIJI_OK;
        }
        document_clear(older);
        free(older);
        older = NULL;
    }
    if (step != KAIJI_DB_DONE)
        return kaiji_store_sqlfail(st, _("cannot read the submissions"));
    return KAIJI_OK;

error:
    document_clear(older);
    free(older);
    return rc;
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

/* The date of the last reminder recorded for contract id for a date not
 * after as_of into *out (year 0 when none). */
static int last_reminder(kaiji_store *st, kaiji_stmt *q, const char *id, kaiji_date as_of,
                         kaiji_date *out)
{
    int step;
    *out = (kaiji_date){0, 0, 0};
    kaiji_stmt_reset(q);
    kaiji_stmt_bind_text(q, 1, id);
    kaiji_store_bind_date(q, 2, as_of);
    step = kaiji_stmt_step(q);
    if (step == KAIJI_DB_ROW) {
        if (!kaiji_stmt_is_null(q, 0))
            *out = kaiji_store_parse_iso(kaiji_store_col(q, 0));
        return KAIJI_OK;
    }
    return kaiji_store_sqlfail(st, _("cannot read the mails"));
}

int kaiji_store_status(kaiji_status_report **out, kaiji_store *store,
                       const kaiji_status_options *opts)
{
    kaiji_status_report *r = calloc(1, sizeof *r);
    kaiji_contract_list *list = NULL;
    kaiji_stmt *q = NULL, *m = NULL;
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
    if (!(q = kaiji_store_prepare(store, CLAIMS_SQL)) ||
        !(m = kaiji_store_prepare(store,
                                  "SELECT max(m.date) FROM mails m"
                                  " JOIN mail_contracts mc ON mc.mail_id = m.id"
                                  " WHERE mc.contract_id = ?1 AND m.kind = 'reminder'"
                                  " AND m.date <= ?2"))) {
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    if (!(r->contracts = calloc(list->count + 1, sizeof *r->contracts))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    for (size_t i = 0; i < list->count; i++) {
        kaiji_status_contract *c = &r->contracts[r->count++];
        c->contract = list->items[i];
        memset(&list->items[i], 0, sizeof list->items[i]);
        unsigned required = c->contract.patient_data ? c->contract.required : 0;
        if (!(c->documents = calloc(KAIJI_DOC_TYPE_COUNT, sizeof *c->documents))) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1) {
            if (!(required & t))
                continue;
            kaiji_status_document *d = &c->documents[c->document_count++];
            d->type = t;
            if ((rc = fill_document(store, q, d, c->contract.id, opts, r->as_of)) != KAIJI_OK)
                goto error;
        }
        contract_state(c, r->as_of);
        if (opts->owing_only && !c->owes) {
            kaiji_contract_clear(&c->contract);
            for (size_t j = 0; j < c->document_count; j++)
                document_clear(&c->documents[j]);
            free(c->documents);
            memset(c, 0, sizeof *c);
            r->count--;
            continue;
        }
        if ((rc = last_reminder(store, m, c->contract.id, r->as_of, &c->last_reminder)) != KAIJI_OK)
            goto error;
        r->summary[c->state]++;
        if (c->owes)
            r->owing++;
    }
    kaiji_stmt_finalize(q);
    kaiji_stmt_finalize(m);
    kaiji_contract_list_free(list);
    *out = r;
    return KAIJI_OK;

error:
    kaiji_stmt_finalize(q);
    kaiji_stmt_finalize(m);
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
