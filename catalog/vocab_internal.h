/*
 * catalog/vocab_internal.h - the label vocabulary's tables, for vocab.c and
 * for the build's tools/catalog_dump.c, which writes the built-in one as C
 * data (catalog/prebuilt.h).  Nobody else looks inside a kaiji_vocab.
 */
#ifndef KAIJI_CATALOG_VOCAB_INTERNAL_H
#define KAIJI_CATALOG_VOCAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/vocab.h"
#include "model/model.h"

#define MAX_PHRASES 64

typedef struct field_entry {
    const char *key;
    kaiji_field field;
} field_entry;

typedef struct column_entry {
    const char *key;
    kaiji_column_label label;
} column_entry;

typedef struct title_rule {
    uint64_t mask;
    kaiji_kind kinds[KAIJI_KIND__COUNT];
    size_t kind_count;
} title_rule;

typedef struct clue_entry {
    const char *key;
    kaiji_kind kind;
    bool word;
} clue_entry;

typedef struct mds2_field_entry {
    const char *id;
    kaiji_field field;
} mds2_field_entry;

typedef struct edition_entry {
    const char *version;
    const char *key;
} edition_entry;

/* The keys of a table by hash: open addressing, slots hold index + 1 of an
 * entry whose first member is its key (0 is empty).  mask + 1 slots, a
 * power of two at least twice the entry count.  lengths has bit n set when
 * some key is n bytes long (n < 256; long_keys when one is longer): most
 * texts looked up are no label, and their length tells it. */
typedef struct key_index {
    uint32_t *slots;
    size_t mask;
    uint64_t lengths[4];
    bool long_keys;
} key_index;

typedef struct clue_label {
    const char *key;
    unsigned kinds;
} clue_label;

struct kaiji_vocab {
    kaiji_arena *arena;
    /* Parsed at build time (catalog/prebuilt.h): static data, never freed. */
    bool prebuilt;
    field_entry *fields;
    size_t field_count, field_cap;
    column_entry *columns;
    size_t column_count, column_cap;
    const char *phrases[MAX_PHRASES];
    size_t phrase_count;
    title_rule *rules;
    size_t rule_count, rule_cap;
    clue_entry *clues;
    size_t clue_count, clue_cap;
    const char **ignore;
    size_t ignore_count, ignore_cap;
    mds2_field_entry *mds2_fields;
    size_t mds2_field_count, mds2_field_cap;
    edition_entry *editions;
    size_t edition_count, edition_cap;
    const char *default_edition;
    const char **default_sections;
    size_t default_section_count, default_section_cap;
    /* Word lists looked for inside keys (kaiji_vocab_words), and the column
     * labels of tables of line items (equal keys). */
    const char **words[KAIJI_WORDS__COUNT];
    size_t word_count[KAIJI_WORDS__COUNT], word_cap[KAIJI_WORDS__COUNT];
    const char **line_columns;
    size_t line_column_count, line_column_cap;
    /* Built by finish() for lookups without bsearch or strstr over every
     * entry: */
    key_index field_index, column_index;
    clue_label *clue_labels;  /* the distinct clue labels and their kinds */
    size_t clue_label_count;
    key_index clue_label_index;
    size_t *clue_word_len;    /* per clue entry: strlen of a word, 0 else */
    size_t *edition_len;      /* per edition phrase */
    size_t phrase_len[MAX_PHRASES];
    size_t label_max;
};

#endif
