/*
 * parser/vocab.h - the label vocabulary recognition works with: document
 * titles, header-field labels, item-table column labels, checklist targets.
 * It is data (formats/vocab/labels.json), parsed once into a kaiji_vocab
 * that the catalogs own and the readers borrow.  Not installed.
 */
#ifndef KAIJI_VOCAB_H
#define KAIJI_VOCAB_H

typedef struct kaiji_vocab kaiji_vocab;

/*
 * Parses the vocabulary JSON (the format of formats/vocab/labels.json).
 * On KAIJI_ERROR_CATALOG, when err is not NULL, *err gets a malloc'd reason.
 * The caller frees *out with kaiji_vocab_free().
 */
int kaiji_vocab_new(kaiji_vocab **out, const char *json, char **err);
void kaiji_vocab_free(kaiji_vocab *vocab); /* NULL-safe */

#endif
