/*
 * report/checklist.h - the draft of the hospital's own checklist (医療機関確認用)
 * made from what every vendor said in its checklist (事業者確認用).  Not
 * installed; the command is `kaiji checklist draft`, the workbook is written
 * by kaiji_xlsx_write_checklist() (report/xlsx.h).
 *
 * The rule, for each item of the 医療機関確認用 form of the edition current at
 * the draft's date, and for each target (サーバ, 端末PC, ネットワーク機器) or the
 * item's one answer: はい only when every contract that covers it said はい;
 * いいえ, with the earliest 目標日 among the いいえ answers and the vendors behind
 * them, when one said いいえ; blank when no contract covers it.  A contract
 * covers a target when its vendor checklist answers it はい or いいえ (対象外 does
 * not cover).  Item 0 (医療情報システムを導入、運用している) is はい when any
 * active contract handles patient data.  The hospital may answer items
 * itself (overrides): what no vendor can say about the hospital.
 *
 * Ownership: the caller frees a draft with kaiji_checklist_draft_free; every
 * string in it is malloc'd, UTF-8, never NULL ("" when absent).
 */
#ifndef KAIJI_REPORT_CHECKLIST_H
#define KAIJI_REPORT_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/catalog.h"
#include "kaiji/document.h"
#include "kaiji/store.h"

/* The target columns of the form, in its order. */
#define KAIJI_DRAFT_TARGETS 3

/* "サーバ", "端末PC", "ネットワーク機器" for 0, 1, 2; NULL otherwise. */
const char *kaiji_draft_target_name(size_t i);

/* An answer the hospital gives itself (kaiji checklist draft --answer,
 * --target-date).  The strings are borrowed. */
typedef struct kaiji_draft_override {
    const char *item;        /* item ID as the user wrote it: "3②", "3(2)" */
    kaiji_answer answer;     /* YES or NO for the whole item; BLANK: keep */
    kaiji_date target_date;  /* 目標日 of the item; year 0: keep */
} kaiji_draft_override;

typedef struct kaiji_draft_options {
    const kaiji_catalogs *catalogs;  /* required */
    const char *target_guideline;    /* NULL: "6.0" */
    kaiji_date as_of;                /* the 確認日 and the edition's date; year 0: today */
    const char *organisation;        /* 医療機関名, or NULL */
    const kaiji_draft_override *overrides;
    size_t override_count;
} kaiji_draft_options;

/* One answer of the draft: a target's, or the item's only one. */
typedef struct kaiji_draft_answer {
    bool applies;            /* false: not a target of this item (grey cell) */
    kaiji_answer answer;     /* YES, NO, or BLANK when no contract covers it */
    kaiji_date target_date;  /* NO: the earliest 目標日 of the いいえ answers */
    char *no_vendors;        /* NO: "vendor (contract)、..." */
    size_t covered;          /* how many contracts answered it */
} kaiji_draft_answer;

typedef struct kaiji_draft_item {
    char *id;                /* as the form numbers it */
    char *question;          /* the catalog's wording, else a vendor's */
    bool per_target;         /* answers[0..2] per target; else answers[0] only */
    kaiji_draft_answer answers[KAIJI_DRAFT_TARGETS];
    kaiji_answer answer;     /* the item's: NO when one is, YES when all are, BLANK */
    kaiji_date target_date;  /* the 目標日 written: earliest of the いいえ answers */
    bool hospital_answer;    /* answered (or dated) by an override */
    char *remarks;           /* 備考: who said いいえ, for what, until when */
    char *evidence;          /* 根拠: file (sha256 prefix) behind each answer */
} kaiji_draft_item;

/* A vendor checklist looked at: used, or why not. */
typedef struct kaiji_draft_source {
    char *contract;
    char *vendor;
    char *path;              /* as recorded at ingest */
    char *sha256;
    char *form_version;
    kaiji_status status;     /* judged again as of the draft's date */
    bool used;
    char *reason;            /* when not used: why ("edition R6, not R7") */
} kaiji_draft_source;

typedef struct kaiji_checklist_draft {
    kaiji_date as_of;
    char *edition;           /* "R7" */
    /* "R8" when that edition is current but its 医療機関確認用 items are not
     * known (no imported workbook), so the draft is on edition; else NULL. */
    char *current_edition;
    int fiscal_year;
    char *title;             /* "医療機関における…（令和7年5月）【医療機関確認用】" */
    char *organisation;
    size_t patient_contracts;     /* active contracts handling patient data */
    kaiji_draft_item *items;
    size_t item_count;
    kaiji_draft_source *sources;  /* one per contract with a vendor checklist */
    size_t source_count;
    char **without_checklist;     /* contracts (handling patient data) with none */
    size_t without_count;
} kaiji_checklist_draft;

/*
 * Makes the draft from the store: the newest vendor checklist linked to each
 * active contract that handles patient data, read again from its stored
 * exchange JSON and judged as of opts->as_of.  Checklists of another edition
 * than the current one, or unreadable, are listed in sources but not used.
 * Returns KAIJI_OK; KAIJI_ERROR_NOT_FOUND when no checklist edition is
 * current at the date or an override names an item the form lacks;
 * KAIJI_ERROR_IO when the store cannot be read; KAIJI_ERROR_NOMEM.  On an
 * error other than NOMEM, *err (when err is not NULL) receives a malloc'd
 * message.
 */
int kaiji_checklist_draft_make(kaiji_checklist_draft **out, kaiji_store *store,
                               const kaiji_draft_options *opts, char **err);
void kaiji_checklist_draft_free(kaiji_checklist_draft *draft); /* NULL-safe */

#endif
