/*
 * catalog/vocab.h - the label vocabulary recognition works with: document
 * titles, header-field labels, item-table column labels, checklist targets.
 * It is data (formats/vocab/labels.json), parsed once into a kaiji_vocab
 * that the catalogs own and the readers borrow.  Not installed.
 *
 * Every lookup takes a key made by kaiji_text_key() (text/text.h): NFKC,
 * case-folded, without white space.  A vocab is immutable once made, so one
 * vocab may serve many threads.
 */
#ifndef KAIJI_VOCAB_H
#define KAIJI_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kaiji/document.h"

typedef struct kaiji_vocab kaiji_vocab;

/*
 * Parses the vocabulary JSON (the format of formats/vocab/labels.json).
 * On KAIJI_ERROR_CATALOG, when err is not NULL, *err gets a malloc'd reason.
 * The caller frees *out with kaiji_vocab_free().
 */
int kaiji_vocab_new(kaiji_vocab **out, const char *json, char **err);
void kaiji_vocab_free(kaiji_vocab *vocab); /* NULL-safe */

/* The vocabulary compiled into the library (formats/vocab/labels.json).
 * KAIJI_ERROR_NOMEM, or KAIJI_ERROR_CATALOG when the embedded copy is
 * missing or malformed (a build error).  Free with kaiji_vocab_free(). */
int kaiji_vocab_builtin(kaiji_vocab **out);

/* What a column header says its column holds. */
typedef enum kaiji_column_role {
    KAIJI_COLUMN_NONE = 0,
    KAIJI_COLUMN_ID,           /* 項番, No., Question ID */
    KAIJI_COLUMN_QUESTION,     /* 確認項目, Question */
    KAIJI_COLUMN_ANSWER,       /* 回答, Answer */
    KAIJI_COLUMN_REMARKS,      /* 備考, Note */
    KAIJI_COLUMN_TARGET_DATE,  /* 目標日 */
    KAIJI_COLUMN_CONFIRMATION, /* 確認日, 1回目, 2回目 (see round) */
    KAIJI_COLUMN_SECTION,      /* 大項目, 分類 */
    KAIJI_COLUMN_CHOICE,       /* はい | いいえ | 対象外 (see answer) */
    KAIJI_COLUMN_TARGET        /* サーバ | 端末PC | ネットワーク機器 (see name) */
} kaiji_column_role;

typedef struct kaiji_column_label {
    kaiji_column_role role;
    int round;           /* CONFIRMATION: 1 for 1回目, 2 for 2回目, 0 unsaid */
    kaiji_answer answer; /* CHOICE: the answer a mark in this column gives */
    const char *name;    /* TARGET: the target's name ("サーバ"); CHOICE: the
                            label's first spelling ("はい"); owned by vocab */
} kaiji_column_label;

/* The length in bytes of the longest field or column label key: a cell
 * whose text is much longer is no label. */
size_t kaiji_vocab_label_max(const kaiji_vocab *vocab);

/* A key asked of several of the lists below: made once by
 * kaiji_vocab_key_of() (key is borrowed), it tells the phrases that cannot
 * occur in it (a byte they hold it lacks) before strstr() is asked.  The
 * functions ending in _k take it; each gives what its plain form gives. */
typedef struct kaiji_vocab_key {
    const char *key;
    size_t len;
    uint64_t bytes[4];  /* the byte values key holds */
} kaiji_vocab_key;

void kaiji_vocab_key_of(kaiji_vocab_key *out, const char *key);

/* The header field whose label has this key, or KAIJI_FIELD__COUNT. */
kaiji_field kaiji_vocab_field(const kaiji_vocab *vocab, const char *key);

/* true and *out filled when key is a column label; false otherwise. */
bool kaiji_vocab_column(const kaiji_vocab *vocab, const char *key,
                        kaiji_column_label *out);

/*
 * Titles.  Each title rule lists phrases that must all appear (in one cell or
 * several cells of a sheet's head) and the kinds it may mean.  Phrases are
 * numbered 0..63 over all rules.
 */
/* The bits of the title phrases that key contains. */
uint64_t kaiji_vocab_title_phrases(const kaiji_vocab *vocab, const char *key);
uint64_t kaiji_vocab_title_phrases_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k);
size_t kaiji_vocab_title_rule_count(const kaiji_vocab *vocab);
/* The phrases rule i needs (a mask) and the kinds it may mean (into kinds,
 * at most KAIJI_KIND__COUNT; returns how many, the first being the default). */
uint64_t kaiji_vocab_title_rule_mask(const kaiji_vocab *vocab, size_t i);
size_t kaiji_vocab_title_rule_kinds(const kaiji_vocab *vocab, size_t i,
                                    kaiji_kind kinds[KAIJI_KIND__COUNT]);

/* The kinds (bit 1 << kind) whose clues key holds: a clue label equal to
 * key, or a clue word inside key (not after an empty check box □). */
unsigned kaiji_vocab_clues(const kaiji_vocab *vocab, const char *key);
unsigned kaiji_vocab_clues_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k);

/* Word lists, each looked for inside a key. */
typedef enum kaiji_vocab_words {
    KAIJI_WORDS_FORM = 0,    /* form_version.words: names a disclosure form (開示書, MDS) */
    KAIJI_WORDS_GUIDELINE,   /* form_version.guideline_words: names a guideline */
    KAIJI_WORDS_OTHER_TITLE, /* other_documents.titles: a document that is no
                                disclosure (見積書, 請求書, 機器台帳) */
    KAIJI_WORDS__COUNT
} kaiji_vocab_words;

/* true when key holds one of the words of list. */
bool kaiji_vocab_has_word(const kaiji_vocab *vocab, kaiji_vocab_words list,
                          const char *key);
bool kaiji_vocab_has_word_k(const kaiji_vocab *vocab, kaiji_vocab_words list,
                            const kaiji_vocab_key *k);

/* true when key is a column label of a table of line items (品名, 数量,
 * 単価, 金額: other_documents.columns), which no disclosure's table has. */
bool kaiji_vocab_line_column(const kaiji_vocab *vocab, const char *key);

/* MDS2: the header field a DOC question gives ("DOC-1" -> VENDOR), or
 * KAIJI_FIELD__COUNT.  id is compared case-insensitively. */
kaiji_field kaiji_vocab_mds2_field(const kaiji_vocab *vocab, const char *id);
/* MDS2: the edition ("HN 1-2019") named inside key, or NULL. */
const char *kaiji_vocab_mds2_edition(const kaiji_vocab *vocab, const char *key);
const char *kaiji_vocab_mds2_edition_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k);
/* MDS2: letters and digits (in lower case) that the key of every edition
 * phrase holds, into out (NUL-terminated, at most 8); false when they have
 * none in common.  A key without all of them names no edition. */
bool kaiji_vocab_mds2_edition_chars(const kaiji_vocab *vocab, char out[9]);
/* MDS2: the edition a form with no edition text has when it holds a section
 * with this ID prefix ("SBOM"), or NULL. */
const char *kaiji_vocab_mds2_default_edition(const kaiji_vocab *vocab,
                                             const char *prefix);

#endif
