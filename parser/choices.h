/*
 * parser/choices.h - several answer words in one text: the "はい・いいえ"
 * printed in one cell of a form for the vendor to circle one, or the
 * "はい / いいえ" recognition writes when both are circled or marked.
 * Not installed.
 */
#ifndef KAIJI_CHOICES_H
#define KAIJI_CHOICES_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/document.h"

#define KAIJI_MAX_CHOICE_WORDS 8

typedef struct kaiji_choice_word {
    size_t off, len;      /* the word's bytes in the text */
    size_t pos, width;    /* where it is shown, in half-width columns */
    kaiji_answer answer;  /* YES, NO, NA or SEE_NOTE */
} kaiji_choice_word;

typedef struct kaiji_choice_set {
    size_t count;
    size_t width;         /* of the whole text, in half-width columns */
    kaiji_choice_word words[KAIJI_MAX_CHOICE_WORDS];
} kaiji_choice_set;

/*
 * Splits text at ・ / ／ 、 , | and spaces into words.  true, with *out
 * filled, when there are two to KAIJI_MAX_CHOICE_WORDS words, each one an
 * answer word alone (はい, いいえ, 対象外, Yes, N/A ..., no comment) and at
 * least two of them different answers; false for anything else (one
 * answer, a comment, other text, more than 256 bytes).
 */
bool kaiji_choice_split(const char *text, kaiji_choice_set *out);

#endif
