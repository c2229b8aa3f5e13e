/*
 * kaiji/document.h - the one document model shared by every kind of
 * disclosure (JAHIS MDS/SDS, the MHLW checklists, NEMA MDS2) and every file
 * format (XLSX, XML, JSON).
 *
 * A kaiji_document is opaque.  It is made by kaiji_read_file() (kaiji/read.h),
 * judged by kaiji_validate() (kaiji/validate.h) and freed with
 * kaiji_document_free().  Every string returned by an accessor is UTF-8, is
 * owned by the document and lives as long as it does; accessors never return
 * NULL for strings (an absent value is "").
 */
#ifndef KAIJI_DOCUMENT_H
#define KAIJI_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kaiji_kind {
    KAIJI_KIND_UNKNOWN = 0,
    KAIJI_KIND_MDS,                /* JAHIS/JIRA 製造業者による…開示書 */
    KAIJI_KIND_SDS,                /* JAHIS/JIRA サービス事業者による…開示書 */
    KAIJI_KIND_VENDOR_CHECKLIST,   /* MHLW チェックリスト 事業者確認用 */
    KAIJI_KIND_HOSPITAL_CHECKLIST, /* MHLW チェックリスト 医療機関確認用 */
    KAIJI_KIND_MDS2,               /* NEMA/HIMSS MDS2 */
    KAIJI_KIND__COUNT
} kaiji_kind;

/* "unknown", "mds", "sds", "vendor-checklist", "hospital-checklist", "mds2". */
const char *kaiji_kind_name(kaiji_kind kind);
/* The kind named name (as kaiji_kind_name spells it), or KAIJI_KIND_UNKNOWN. */
kaiji_kind kaiji_kind_from_name(const char *name);

/* The file format a document was read from. */
typedef enum kaiji_format {
    KAIJI_FORMAT_UNKNOWN = 0,
    KAIJI_FORMAT_XLSX,        /* Office Open XML workbook (also .xlsm, Strict) */
    KAIJI_FORMAT_SS2003,      /* Excel "XML Spreadsheet 2003" */
    KAIJI_FORMAT_KAIJI_XML,   /* kaiji's exchange format, XML */
    KAIJI_FORMAT_KAIJI_JSON,  /* kaiji's exchange format, JSON */
    KAIJI_FORMAT_MDS2_XML,    /* the XML written by the parseMDS2 tool */
    KAIJI_FORMAT_XLS,         /* legacy OLE compound file (not read) */
    KAIJI_FORMAT_ODS,         /* OpenDocument spreadsheet (.ods, LibreOffice) */
    KAIJI_FORMAT__COUNT
} kaiji_format;

/* "unknown", "xlsx", "spreadsheetml-2003", "kaiji-xml", "kaiji-json",
 * "mds2-xml", "xls", "ods". */
const char *kaiji_format_name(kaiji_format format);

/* A normalised answer.  The text as written is kept beside it. */
typedef enum kaiji_answer {
    KAIJI_ANSWER_BLANK = 0, /* nothing written */
    KAIJI_ANSWER_YES,       /* はい, Yes, ○ … */
    KAIJI_ANSWER_NO,        /* いいえ, No, × … */
    KAIJI_ANSWER_NA,        /* 対象外, N/A, 該当なし … */
    KAIJI_ANSWER_SEE_NOTE,  /* MDS2 "See Note(s)" */
    KAIJI_ANSWER_INVALID,   /* something written that is none of the above */
    KAIJI_ANSWER__COUNT
} kaiji_answer;

/* "blank", "yes", "no", "na", "see-note", "invalid". */
const char *kaiji_answer_name(kaiji_answer answer);
kaiji_answer kaiji_answer_from_name(const char *name);

/* A calendar date; year == 0 means "no date".  day == 0 means a date of
 * month precision: the document says only the month ("2024年11月", "R6.11"),
 * and no day is invented for it. */
typedef struct kaiji_date {
    int year;  /* 1..9999, or 0 */
    int month; /* 1..12 */
    int day;   /* 1..31, or 0 for the whole month */
} kaiji_date;

/* Writes date as "YYYY-MM-DD", a month as "YYYY-MM" (or "" for no date)
 * into buf, which must hold at least 11 bytes.  Returns buf. */
char *kaiji_date_format(char buf[11], kaiji_date date);
/* true when date holds a real calendar date, or a real month (day 0). */
bool kaiji_date_valid(kaiji_date date);
/* true when date is a real month without a day (day 0). */
bool kaiji_date_is_month(kaiji_date date);
/* <0, 0, >0 as a is before, equal to, after b.  No date sorts first; a
 * month sorts before the first day of that month (so a month is "after" a
 * day only when the whole month is). */
int kaiji_date_compare(kaiji_date a, kaiji_date b);
/* Today's local date. */
kaiji_date kaiji_date_today(void);

/* Header fields.  The labels vary by vendor; these are what they mean. */
typedef enum kaiji_field {
    KAIJI_FIELD_VENDOR = 0,      /* 製造業者名 / 事業者名 / DOC-1 */
    KAIJI_FIELD_PRODUCT,         /* 製品名 / サービス名 / システム名 / DOC-2 */
    KAIJI_FIELD_PRODUCT_VERSION, /* 型番・バージョン / DOC-3 */
    KAIJI_FIELD_DOCUMENT_DATE,   /* 作成日 / 記入日 / DOC-7 */
    KAIJI_FIELD_FORM_VERSION,    /* 開示書の版 / チェックリストの版 */
    KAIJI_FIELD_GUIDELINE,       /* 対応ガイドライン */
    KAIJI_FIELD_CONTRACT,        /* 契約番号 / 契約名 */
    KAIJI_FIELD_CONTACT,         /* 連絡先 / DOC-5 */
    KAIJI_FIELD__COUNT
} kaiji_field;

/* "vendor", "product", "product_version", "document_date", "form_version",
 * "guideline", "contract", "contact". */
const char *kaiji_field_name(kaiji_field field);
kaiji_field kaiji_field_from_name(const char *name); /* KAIJI_FIELD__COUNT if none */

typedef enum kaiji_severity {
    KAIJI_SEVERITY_INFO = 0,
    KAIJI_SEVERITY_WARNING,
    KAIJI_SEVERITY_ERROR
} kaiji_severity;

/* "info", "warning", "error". */
const char *kaiji_severity_name(kaiji_severity severity);

/* A document's verdict, set by kaiji_validate(). */
typedef enum kaiji_status {
    KAIJI_STATUS_UNCHECKED = 0, /* not validated yet */
    KAIJI_STATUS_VALID,
    KAIJI_STATUS_OUTDATED,      /* made for an older guideline or fiscal year */
    KAIJI_STATUS_INVALID,       /* at least one error finding */
    KAIJI_STATUS_UNREADABLE     /* the file could not be read as a document */
} kaiji_status;

/* "unchecked", "valid", "outdated", "invalid", "unreadable". */
const char *kaiji_status_name(kaiji_status status);

typedef struct kaiji_document kaiji_document;
typedef struct kaiji_item kaiji_item;
typedef struct kaiji_finding kaiji_finding;

/* Frees doc and everything it owns.  NULL is allowed. */
void kaiji_document_free(kaiji_document *doc);

/* false when the file could not be read; its findings say why. */
bool kaiji_document_readable(const kaiji_document *doc);
const char *kaiji_document_path(const kaiji_document *doc);
kaiji_format kaiji_document_format(const kaiji_document *doc);
kaiji_kind kaiji_document_kind(const kaiji_document *doc);
/* Lower-case hex SHA-256 of the file's bytes ("" when not computed). */
const char *kaiji_document_sha256(const kaiji_document *doc);
/* Normalised form version: "5.0" (MDS/SDS), "R6" (checklist), "HN 1-2019"
 * (MDS2); "" when not found.  The raw text is kaiji_document_field(FORM_VERSION). */
const char *kaiji_document_form_version(const kaiji_document *doc);
/* The guideline edition the document was made for ("6.0"), as stated in the
 * document or, after validation, as the catalogs derive it; "" if unknown. */
const char *kaiji_document_guideline(const kaiji_document *doc);
/* The header field as written (trimmed), "" when absent. */
const char *kaiji_document_field(const kaiji_document *doc, kaiji_field field);
/* Where the field was found ("Sheet1!C4", "12:5"), "" when absent. */
const char *kaiji_document_field_location(const kaiji_document *doc, kaiji_field field);
/* The document date (作成日; for a checklist its latest 確認日). */
kaiji_date kaiji_document_date(const kaiji_document *doc);
kaiji_status kaiji_document_status(const kaiji_document *doc);

size_t kaiji_document_item_count(const kaiji_document *doc);
/* The i-th item in document order; NULL when i is out of range. */
const kaiji_item *kaiji_document_item(const kaiji_document *doc, size_t i);

size_t kaiji_document_finding_count(const kaiji_document *doc);
const kaiji_finding *kaiji_document_finding(const kaiji_document *doc, size_t i);

/* An item: one question of the form and what the document answered. */
const char *kaiji_item_id(const kaiji_item *item);       /* as the form numbers it */
const char *kaiji_item_section(const kaiji_item *item);
const char *kaiji_item_question(const kaiji_item *item);
kaiji_answer kaiji_item_answer(const kaiji_item *item);
const char *kaiji_item_answer_text(const kaiji_item *item); /* raw */
/* A comment written in the answer cell beside the answer ("オプション" of
 * "はい（オプション）", "optional" of "Yes,optional"). */
const char *kaiji_item_answer_comment(const kaiji_item *item);
const char *kaiji_item_remarks(const kaiji_item *item);
/* Per-target answers of a checklist item (サーバ, 端末PC, ネットワーク機器). */
size_t kaiji_item_target_count(const kaiji_item *item);
const char *kaiji_item_target_name(const kaiji_item *item, size_t i);
kaiji_answer kaiji_item_target_answer(const kaiji_item *item, size_t i);
const char *kaiji_item_target_text(const kaiji_item *item, size_t i);
kaiji_date kaiji_item_target_date(const kaiji_item *item);      /* 目標日 */
const char *kaiji_item_target_date_text(const kaiji_item *item);
/* 確認日: index 0 is 1回目, 1 is 2回目. */
size_t kaiji_item_confirmation_count(const kaiji_item *item);
kaiji_date kaiji_item_confirmation_date(const kaiji_item *item, size_t i);
const char *kaiji_item_confirmation_text(const kaiji_item *item, size_t i);
/* "Sheet!C14", "line:column" or a JSON pointer. */
const char *kaiji_item_location(const kaiji_item *item);

/* A finding: something wrong or worth knowing about a document. */
kaiji_severity kaiji_finding_severity(const kaiji_finding *f);
const char *kaiji_finding_code(const kaiji_finding *f);     /* "missing-answer" */
const char *kaiji_finding_item(const kaiji_finding *f);     /* item ID or "" */
const char *kaiji_finding_location(const kaiji_finding *f); /* or "" */
const char *kaiji_finding_message(const kaiji_finding *f);

#ifdef __cplusplus
}
#endif
#endif
