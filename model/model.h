/*
 * model/model.h - the document model's insides, for the library's own
 * modules (readers, recognition, validator, export).  Not installed.
 *
 * A document owns one arena; every string and array hanging off it is
 * allocated there and freed with it.  Builders copy what they are given.
 */
#ifndef KAIJI_MODEL_H
#define KAIJI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/document.h"

/* A bump allocator: many small allocations, one free. */
typedef struct kaiji_arena kaiji_arena;

kaiji_arena *kaiji_arena_new(void);
void kaiji_arena_free(kaiji_arena *arena); /* NULL-safe */
/* size bytes aligned for any type, or NULL when memory runs out. */
void *kaiji_arena_alloc(kaiji_arena *arena, size_t size);
/* A NUL-terminated copy of len bytes of s (s may be NULL when len is 0). */
char *kaiji_arena_strndup(kaiji_arena *arena, const char *s, size_t len);
char *kaiji_arena_strdup(kaiji_arena *arena, const char *s); /* NULL gives "" */
/* printf into the arena. */
char *kaiji_arena_printf(kaiji_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define KAIJI_MAX_TARGETS 8
#define KAIJI_MAX_CONFIRMATIONS 4

typedef struct kaiji_target_answer {
    const char *name;   /* "サーバ" */
    kaiji_answer answer;
    const char *text;   /* raw */
} kaiji_target_answer;

struct kaiji_item {
    const char *id;
    const char *section;
    const char *question;
    kaiji_answer answer;
    const char *answer_text;
    const char *answer_comment;
    const char *remarks;
    size_t target_count;
    kaiji_target_answer targets[KAIJI_MAX_TARGETS];
    kaiji_date target_date;
    const char *target_date_text;
    size_t confirmation_count;
    kaiji_date confirmations[KAIJI_MAX_CONFIRMATIONS];
    const char *confirmation_texts[KAIJI_MAX_CONFIRMATIONS];
    const char *location;
};

struct kaiji_finding {
    kaiji_severity severity;
    const char *code;
    const char *item;
    const char *location;
    const char *message;
};

struct kaiji_document {
    kaiji_arena *arena;
    bool readable;
    const char *path;
    kaiji_format format;
    kaiji_kind kind;
    char sha256[65];
    const char *form_version;  /* normalised */
    const char *guideline;     /* normalised */
    const char *fields[KAIJI_FIELD__COUNT];
    const char *field_locations[KAIJI_FIELD__COUNT];
    kaiji_date date;
    kaiji_status status;
    bool validated;

    kaiji_item *items;
    size_t item_count, item_cap;
    kaiji_finding *findings;
    size_t finding_count, finding_cap;
};

/* A new, empty, readable document of unknown kind, or NULL (no memory). */
kaiji_document *kaiji_document_new(const char *path);

/* Appends a zeroed item (all strings "") and returns it, or NULL (no memory).
 * The pointer is valid until the next kaiji_document_add_item(). */
kaiji_item *kaiji_document_add_item(kaiji_document *doc);

/* Makes room for n more items at once (a reader that knows how many it will
 * add), so that adding them moves none.  KAIJI_OK or KAIJI_ERROR_NOMEM. */
int kaiji_document_reserve_items(kaiji_document *doc, size_t n);

/* Sets a header field's text (trimmed copy) and location (may be NULL). */
int kaiji_document_set_field(kaiji_document *doc, kaiji_field field,
                             const char *text, const char *location);

/* Appends a finding; item and location may be NULL.  The message is a
 * printf format.  Returns KAIJI_OK or KAIJI_ERROR_NOMEM. */
int kaiji_document_add_finding(kaiji_document *doc, kaiji_severity severity,
                               const char *code, const char *item,
                               const char *location, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Marks doc unreadable with one error finding code/message (printf), and
 * drops whatever the reader had filled in (kind, versions, fields, items). */
int kaiji_document_fail(kaiji_document *doc, const char *code,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies s into the document's arena ("" for NULL); NULL when out of memory. */
const char *kaiji_document_strdup(kaiji_document *doc, const char *s);

/* Sets an item's answer from its raw text: parses it (kaiji_text_parse_answer)
 * and fills answer, answer_text and answer_comment. */
int kaiji_item_set_answer_text(kaiji_document *doc, kaiji_item *item,
                               const char *raw);

/* Appends a per-target answer parsed from raw. */
int kaiji_item_add_target(kaiji_document *doc, kaiji_item *item,
                          const char *name, const char *raw);

#endif
