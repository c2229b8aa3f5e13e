/*
 * model/document.c - building and reading the document model.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "model/model.h"
#include "text/text.h"

kaiji_document *kaiji_document_new(const char *path)
{
    kaiji_document *doc = calloc(1, sizeof(*doc));
    if (!doc)
        return NULL;
    doc->arena = kaiji_arena_new();
    if (!doc->arena)
        goto error;
    doc->readable = true;
    doc->path = kaiji_arena_strdup(doc->arena, path);
    doc->form_version = "";
    doc->guideline = "";
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        doc->fields[f] = "";
        doc->field_locations[f] = "";
    }
    if (!doc->path)
        goto error;
    return doc;
error:
    kaiji_document_free(doc);
    return NULL;
}

void kaiji_document_free(kaiji_document *doc)
{
    if (!doc)
        return;
    free(doc->items);
    free(doc->findings);
    kaiji_arena_free(doc->arena);
    free(doc);
}

const char *kaiji_document_strdup(kaiji_document *doc, const char *s)
{
    return kaiji_arena_strdup(doc->arena, s);
}

kaiji_item *kaiji_document_add_item(kaiji_document *doc)
{
    if (!kaiji_grow((void **)&doc->items, &doc->item_cap,
                    doc->item_count + 1, sizeof(kaiji_item), 16))
        return NULL;
    kaiji_item *item = &doc->items[doc->item_count++];
    memset(item, 0, sizeof(*item));
    item->id = item->section = item->question = "";
    item->answer_text = item->answer_comment = item->remarks = "";
    item->target_date_text = item->location = "";
    return item;
}

int kaiji_document_reserve_items(kaiji_document *doc, size_t n)
{
    if (n > SIZE_MAX - doc->item_count ||
        !kaiji_grow((void **)&doc->items, &doc->item_cap, doc->item_count + n,
                    sizeof(kaiji_item), 16))
        return KAIJI_ERROR_NOMEM;
    return KAIJI_OK;
}

int kaiji_document_set_field(kaiji_document *doc, kaiji_field field,
                             const char *text, const char *location)
{
    assert((unsigned)field < KAIJI_FIELD__COUNT);
    char *trimmed = kaiji_text_trim(text ? text : "");
    if (!trimmed)
        return KAIJI_ERROR_NOMEM;
    const char *t = kaiji_arena_strdup(doc->arena, trimmed);
    free(trimmed);
    const char *l = kaiji_arena_strdup(doc->arena, location);
    if (!t || !l)
        return KAIJI_ERROR_NOMEM;
    doc->fields[field] = t;
    doc->field_locations[field] = l;
    return KAIJI_OK;
}

/* Appends a finding whose message is already formatted in ap. */
static int add_finding_v(kaiji_document *doc, kaiji_severity severity,
                         const char *code, const char *item,
                         const char *location, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* A message quotes what the file holds, cut to fit: it must stay text
     * every output (JSON, XML, HTML, the terminal) can carry. */
    kaiji_text_utf8_scrub(msg);
    if (!kaiji_grow((void **)&doc->findings, &doc->finding_cap,
                    doc->finding_count + 1, sizeof(kaiji_finding), 16))
        return KAIJI_ERROR_NOMEM;
    kaiji_finding f = {
        .severity = severity,
        .code = kaiji_arena_strdup(doc->arena, code),
        .item = kaiji_arena_strdup(doc->arena, item),
        .location = kaiji_arena_strdup(doc->arena, location),
        .message = kaiji_arena_strdup(doc->arena, msg),
    };
    if (!f.code || !f.item || !f.location || !f.message)
        return KAIJI_ERROR_NOMEM;
    doc->findings[doc->finding_count++] = f;
    return KAIJI_OK;
}

int kaiji_document_add_finding(kaiji_document *doc, kaiji_severity severity,
                               const char *code, const char *item,
                               const char *location, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_finding_v(doc, severity, code, item, location, fmt, ap);
    va_end(ap);
    return rc;
}

int kaiji_document_fail(kaiji_document *doc, const char *code,
                        const char *fmt, ...)
{
    /* An unreadable document shows nothing of what was read before the
     * failure: a half-read file must not pass for a short one. */
    doc->readable = false;
    doc->kind = KAIJI_KIND_UNKNOWN;
    doc->item_count = 0;
    doc->form_version = doc->guideline = "";
    doc->date = (kaiji_date){0, 0, 0};
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++)
        doc->fields[f] = doc->field_locations[f] = "";
    va_list ap;
    va_start(ap, fmt);
    int rc = add_finding_v(doc, KAIJI_SEVERITY_ERROR, code, NULL, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int kaiji_item_set_answer_text(kaiji_document *doc, kaiji_item *item,
                               const char *raw)
{
    char *comment = NULL;
    size_t start, end;
    if (!raw)
        raw = "";
    /* Trimmed straight into the arena, and parsed from there: no copy. */
    end = kaiji_text_trim_range(raw, strlen(raw), &start);
    item->answer_text = kaiji_arena_strndup(doc->arena, raw + start, end - start);
    if (!item->answer_text)
        return KAIJI_ERROR_NOMEM;
    item->answer = kaiji_text_parse_answer(item->answer_text, &comment);
    item->answer_comment = kaiji_arena_strdup(doc->arena, comment);
    free(comment);
    return item->answer_text && item->answer_comment ? KAIJI_OK
                                                     : KAIJI_ERROR_NOMEM;
}

int kaiji_item_add_target(kaiji_document *doc, kaiji_item *item,
                          const char *name, const char *raw)
{
    if (item->target_count >= KAIJI_MAX_TARGETS)
        return KAIJI_OK;
    size_t start, end;
    if (!raw)
        raw = "";
    end = kaiji_text_trim_range(raw, strlen(raw), &start);
    kaiji_target_answer *t = &item->targets[item->target_count];
    t->name = kaiji_arena_strdup(doc->arena, name);
    t->text = kaiji_arena_strndup(doc->arena, raw + start, end - start);
    if (!t->name || !t->text)
        return KAIJI_ERROR_NOMEM;
    t->answer = kaiji_text_parse_answer(t->text, NULL);
    item->target_count++;
    return KAIJI_OK;
}

/* Accessors. */

bool kaiji_document_readable(const kaiji_document *doc) { return doc->readable; }
const char *kaiji_document_path(const kaiji_document *doc) { return doc->path; }
kaiji_format kaiji_document_format(const kaiji_document *doc) { return doc->format; }
kaiji_kind kaiji_document_kind(const kaiji_document *doc) { return doc->kind; }
const char *kaiji_document_sha256(const kaiji_document *doc) { return doc->sha256; }
const char *kaiji_document_form_version(const kaiji_document *doc) { return doc->form_version; }
const char *kaiji_document_guideline(const kaiji_document *doc) { return doc->guideline; }
kaiji_date kaiji_document_date(const kaiji_document *doc) { return doc->date; }
kaiji_status kaiji_document_status(const kaiji_document *doc) { return doc->status; }
size_t kaiji_document_item_count(const kaiji_document *doc) { return doc->item_count; }
size_t kaiji_document_finding_count(const kaiji_document *doc) { return doc->finding_count; }

const char *kaiji_document_field(const kaiji_document *doc, kaiji_field field)
{
    return (unsigned)field < KAIJI_FIELD__COUNT ? doc->fields[field] : "";
}

const char *kaiji_document_field_location(const kaiji_document *doc, kaiji_field field)
{
    return (unsigned)field < KAIJI_FIELD__COUNT ? doc->field_locations[field] : "";
}

const kaiji_item *kaiji_document_item(const kaiji_document *doc, size_t i)
{
    return i < doc->item_count ? &doc->items[i] : NULL;
}

const kaiji_finding *kaiji_document_finding(const kaiji_document *doc, size_t i)
{
    return i < doc->finding_count ? &doc->findings[i] : NULL;
}

const char *kaiji_item_id(const kaiji_item *item) { return item->id; }
const char *kaiji_item_section(const kaiji_item *item) { return item->section; }
const char *kaiji_item_question(const kaiji_item *item) { return item->question; }
kaiji_answer kaiji_item_answer(const kaiji_item *item) { return item->answer; }
const char *kaiji_item_answer_text(const kaiji_item *item) { return item->answer_text; }
const char *kaiji_item_answer_comment(const kaiji_item *item) { return item->answer_comment; }
const char *kaiji_item_remarks(const kaiji_item *item) { return item->remarks; }
size_t kaiji_item_target_count(const kaiji_item *item) { return item->target_count; }
kaiji_date kaiji_item_target_date(const kaiji_item *item) { return item->target_date; }
const char *kaiji_item_target_date_text(const kaiji_item *item) { return item->target_date_text; }
size_t kaiji_item_confirmation_count(const kaiji_item *item) { return item->confirmation_count; }
const char *kaiji_item_location(const kaiji_item *item) { return item->location; }

const char *kaiji_item_target_name(const kaiji_item *item, size_t i)
{
    return i < item->target_count ? item->targets[i].name : "";
}

kaiji_answer kaiji_item_target_answer(const kaiji_item *item, size_t i)
{
    return i < item->target_count ? item->targets[i].answer : KAIJI_ANSWER_BLANK;
}

const char *kaiji_item_target_text(const kaiji_item *item, size_t i)
{
    return i < item->target_count ? item->targets[i].text : "";
}

kaiji_date kaiji_item_confirmation_date(const kaiji_item *item, size_t i)
{
    kaiji_date none = {0, 0, 0};
    return i < item->confirmation_count ? item->confirmations[i] : none;
}

const char *kaiji_item_confirmation_text(const kaiji_item *item, size_t i)
{
    return i < item->confirmation_count && item->confirmation_texts[i]
               ? item->confirmation_texts[i]
               : "";
}

kaiji_severity kaiji_finding_severity(const kaiji_finding *f) { return f->severity; }
const char *kaiji_finding_code(const kaiji_finding *f) { return f->code; }
const char *kaiji_finding_item(const kaiji_finding *f) { return f->item; }
const char *kaiji_finding_location(const kaiji_finding *f) { return f->location; }
const char *kaiji_finding_message(const kaiji_finding *f) { return f->message; }
