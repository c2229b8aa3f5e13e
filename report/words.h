/*
 * report/words.h - the words a person reads for a status, severity, kind,
 * contract state, document state ("current", "missing" …) or document type:
 * translated, and under a Japanese locale the words of the HTML report's
 * formats/report/labels.json (tests/test_i18n.c holds them equal).  Codes
 * (kaiji_status_name …) stay for JSON and CSV.  Each returns a string that
 * lives as long as the program (gettext's, or a static one).
 */
#ifndef KAIJI_REPORT_WORDS_H
#define KAIJI_REPORT_WORDS_H

#include "kaiji.h"

const char *kaiji_word_status(kaiji_status st);
const char *kaiji_word_severity(kaiji_severity sev);
const char *kaiji_word_kind(kaiji_kind kind);
const char *kaiji_word_contract_state(kaiji_contract_state state);
/* state a kaiji_status_document state code; an unknown one comes back as it is. */
const char *kaiji_word_document_state(const char *state);
const char *kaiji_word_doc_type(unsigned type);

#define KAIJI_WORD_FORM_MAX 64
/*
 * A form version of a document of kind as people name it, made into buf
 * (KAIJI_WORD_FORM_MAX bytes) when it differs from the code: a checklist
 * edition "R6" is 令和6年度版 when reiwa (the Japanese words), an MDS/SDS
 * version "5.0" is Ver.5.0; any other (an MDS2 edition "HN 1-2019", "R6"
 * in English) comes back as it is, NULL or "" as "".
 */
const char *kaiji_word_form(char buf[KAIJI_WORD_FORM_MAX], kaiji_kind kind, const char *version,
                            bool reiwa);
/* An account's role in kaiji serve. */
const char *kaiji_word_role(kaiji_role role);
/* A table of the store a site's rows are kept in (kaiji_store_copy_table's
 * table: "contracts", "contract_history" …); an unknown one comes back as it is. */
const char *kaiji_word_store_table(const char *table);
/*
 * A catalog's title for people.  An imported template's title as kaiji
 * catalog import writes it ("Imported template: …", kept so for older
 * kaiji) is made again from the catalog's facts in the calling thread's
 * language (取り込んだ様式: MDS Ver.5.0（利用者のファイル X.xlsx から）) into buf
 * (size bytes); any other title (a built-in catalog's, one a person wrote
 * into the file) comes back as it is.  Returns buf or the title.
 */
const char *kaiji_word_catalog_title(char *buf, size_t size, const kaiji_catalog *cat);
/* An action code of the audit log ("login", "ingest", "remind-sent" ...,
 * kaiji_store_audit) in words; NULL for a code it does not know. */
const char *kaiji_word_audit_action(const char *code);
/* Room enough for kaiji_word_audit_actor's words of a vendor's contract. */
#define KAIJI_AUDIT_ACTOR_MAX 512
/* Who did it in the audit log: "local", "watch" and "vendor:CONTRACT" (an
 * upload through a vendor's link) in words, an account or a system user's
 * name as it is.  Returns a constant, actor, or buf (size bytes) holding
 * the words, cut to fit. */
const char *kaiji_word_audit_actor(char *buf, size_t size, const char *actor);

#endif
