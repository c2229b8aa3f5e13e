/*
 * report/words.c - the words people read for kaiji's codes: one glossary for
 * the command's text, the server's pages and the mails (report/words.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalogs.h"
#include "model/i18n.h"
#include "report/words.h"

const char *kaiji_word_status(kaiji_status st)
{
    switch (st) {
    case KAIJI_STATUS_VALID: return C_("document status", "valid");
    case KAIJI_STATUS_OUTDATED: return C_("document status", "outdated");
    case KAIJI_STATUS_INVALID: return C_("document status", "invalid");
    case KAIJI_STATUS_UNREADABLE: return C_("document status", "unreadable");
    default: return C_("document status", "unchecked");
    }
}

const char *kaiji_word_severity(kaiji_severity sev)
{
    switch (sev) {
    case KAIJI_SEVERITY_ERROR: return C_("severity", "error");
    case KAIJI_SEVERITY_WARNING: return C_("severity", "warning");
    default: return C_("severity", "info");
    }
}

const char *kaiji_word_kind(kaiji_kind kind)
{
    switch (kind) {
    case KAIJI_KIND_MDS: return C_("kind", "MDS");
    case KAIJI_KIND_SDS: return C_("kind", "SDS");
    case KAIJI_KIND_VENDOR_CHECKLIST: return C_("kind", "vendor checklist");
    case KAIJI_KIND_HOSPITAL_CHECKLIST: return C_("kind", "hospital checklist");
    case KAIJI_KIND_MDS2: return C_("kind", "MDS2");
    default: return C_("kind", "unknown");
    }
}

const char *kaiji_word_contract_state(kaiji_contract_state state)
{
    switch (state) {
    case KAIJI_CONTRACT_COMPLETE: return C_("contract state", "complete");
    case KAIJI_CONTRACT_OUTDATED: return C_("contract state", "outdated");
    case KAIJI_CONTRACT_INVALID: return C_("contract state", "invalid");
    case KAIJI_CONTRACT_MISSING: return C_("contract state", "missing");
    case KAIJI_CONTRACT_OVERDUE: return C_("contract state", "overdue");
    default: return C_("contract state", "not-required");
    }
}

const char *kaiji_word_document_state(const char *state)
{
    static const char *const codes[] = {"current", "outdated", "invalid", "unreadable",
                                        "missing", "not-required"};
    const char *words[] = {C_("document state", "current"), C_("document state", "outdated"),
                           C_("document state", "invalid"), C_("document state", "unreadable"),
                           C_("document state", "missing"), C_("document state", "not-required")};
    for (size_t i = 0; state && i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(state, codes[i]) == 0)
            return words[i];
    return state ? state : "";
}

const char *kaiji_word_doc_type(unsigned type)
{
    const char *code = kaiji_doc_type_name(type);
    if (strcmp(code, "checklist") == 0)
        return C_("document type", "checklist");
    if (strcmp(code, "mds") == 0)
        return "MDS"; /* the same in every language */
    if (strcmp(code, "sds") == 0)
        return "SDS";
    return code;
}

const char *kaiji_word_role(kaiji_role role)
{
    switch (role) {
    case KAIJI_ROLE_ADMIN: return C_("role", "admin");
    case KAIJI_ROLE_STAFF: return C_("role", "staff");
    default: return C_("role", "viewer");
    }
}

const char *kaiji_word_form(char buf[KAIJI_WORD_FORM_MAX], kaiji_kind kind, const char *version,
                            bool reiwa)
{
    if (!version || !*version)
        return "";
    bool checklist = kind == KAIJI_KIND_VENDOR_CHECKLIST || kind == KAIJI_KIND_HOSPITAL_CHECKLIST;
    if (reiwa && checklist && version[0] == 'R' && version[1] >= '1' && version[1] <= '9') {
        char *end;
        long year = strtol(version + 1, &end, 10);
        if (*end == '\0' && year < 100) {
            snprintf(buf, KAIJI_WORD_FORM_MAX, "令和%ld年度版", year);
            return buf;
        }
    }
    if ((kind == KAIJI_KIND_MDS || kind == KAIJI_KIND_SDS) && version[0] >= '0' &&
        version[0] <= '9') {
        snprintf(buf, KAIJI_WORD_FORM_MAX, "Ver.%s", version);
        return buf;
    }
    return version;
}

const char *kaiji_word_store_table(const char *table)
{
    static const char *const codes[] = {
        "contracts", "contract_history", "submissions", "links", "refused_links",
        "mails", "mail_contracts", "fetch_state", "users", "audit_log",
        "watch_seen", "vendor_links", "checklist_header", "checklist_answers"};
    const char *words[] = {
        C_("store table", "contracts"), C_("store table", "contract history"),
        C_("store table", "submissions"), C_("store table", "links"),
        C_("store table", "refused links"), C_("store table", "reminder mails"),
        C_("store table", "reminder mails' contracts"), C_("store table", "fetch state"),
        C_("store table", "accounts"), C_("store table", "audit log"),
        C_("store table", "watched folder's files"), C_("store table", "vendor links"),
        C_("store table", "checklist header"), C_("store table", "checklist answers")};
    _Static_assert(sizeof codes / sizeof codes[0] == sizeof words / sizeof words[0],
                   "a word for each table");
    for (size_t i = 0; table && i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(table, codes[i]) == 0)
            return words[i];
    return table ? table : "";
}

const char *kaiji_word_catalog_title(char *buf, size_t size, const kaiji_catalog *cat)
{
    const char *title = kaiji_catalog_title(cat);
    if (!cat || cat->type != KAIJI_CATALOG_TEMPLATE || cat->form_count == 0 ||
        !cat->template_file || !cat->forms[0].form_version ||
        strncmp(title, KAIJI_IMPORTED_TITLE_PREFIX, strlen(KAIJI_IMPORTED_TITLE_PREFIX)) != 0 ||
        size == 0)
        return title;
    const kaiji_cat_form *f = &cat->forms[0];
    /* the version as people name it: Ver.5.0, 令和6年度版, HN 1-2019 */
    char form[KAIJI_WORD_FORM_MAX];
    const char *version = kaiji_word_form(form, f->kind, f->form_version,
                                          strcmp(C_("language code", "en"), "ja") == 0);
    if (cat->official_file)
        snprintf(buf, size, _("Imported form: %s %s (from the official file %s)"),
                 kaiji_word_kind(f->kind), version, cat->official_file);
    else
        snprintf(buf, size, _("Imported form: %s %s (from the file %s)"),
                 kaiji_word_kind(f->kind), version, cat->template_file);
    return buf;
}

const char *kaiji_word_audit_action(const char *code)
{
    static const struct {
        const char *code, *word;
    } words[] = {
        {"login", N_("signed in")},
        {"login-failed", N_("sign-in failed")},
        {"logout", N_("signed out")},
        {"upload", N_("added documents in the browser")},
        {"ingest", N_("recorded documents")},
        {"link", N_("linked a document by hand")},
        {"register-import", N_("imported the register")},
        {"remind-drafts", N_("wrote reminder mails")},
        {"remind-sent", N_("sent reminder mails")},
        {"user-add", N_("added or changed an account")},
        {"contract-edit", N_("edited a contract")},
        {"catalog-import", N_("imported an official blank form")},
        {"vendor-link", N_("made an upload link for a vendor")},
        {"vendor-link-revoke", N_("revoked a vendor's upload links")},
        {"checklist-answers", N_("saved the hospital's checklist answers")},
        {"site-add", N_("added a site")},
    };
    for (size_t i = 0; code && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(code, words[i].code) == 0)
            return _(words[i].word);
    return NULL;
}

const char *kaiji_word_audit_actor(char *buf, size_t size, const char *actor)
{
    static const char vendor[] = "vendor:";
    if (actor && strcmp(actor, "local") == 0)
        return C_("audit actor", "this computer (local mode)");
    if (actor && strcmp(actor, "watch") == 0)
        return C_("audit actor", "the watched folder");
    /* server/vendor.c: an upload through a contract's link */
    if (actor && strncmp(actor, vendor, sizeof vendor - 1) == 0 && actor[sizeof vendor - 1]) {
        snprintf(buf, size, C_("audit actor", "the vendor (the upload link of %s)"),
                 actor + sizeof vendor - 1);
        return buf;
    }
    return actor ? actor : "";
}
