/*
 * report/xlsx.h - Excel workbooks a hospital can hand on or file: the status
 * of every contract (kaiji status --format xlsx).  Written with
 * libxlsxwriter.  Not installed.  The checklist draft is report/checklist.h.
 *
 * Every state is written as a word and shown with a fill colour (never by
 * colour alone); dates are Excel dates shown yyyy-mm-dd.
 */
#ifndef KAIJI_REPORT_XLSX_H
#define KAIJI_REPORT_XLSX_H

#include "kaiji/store.h"
#include "platform/platform.h"
#include "store/details.h"

/*
 * Writes report as a workbook at path, with three sheets, each with a bold
 * header row that is frozen and filtered: 契約 (one row per contract: ID,
 * vendor, system, contract type, patient data, state, due date, and the state
 * of each required document), 書類 (one row per required document: contract,
 * type, state, file, sha256, status, form version, guideline, document date,
 * ingested at) and 指摘 (one row per finding: contract, file, severity, item,
 * location, message).  People's cells, the sheets' names and headers and
 * the title hold the words of the glossary of lang (formats/report/
 * labels.json, Japanese, the command's; labels-en.json, English, kaiji
 * serve's pages read in English); findings' messages are as the report
 * holds them.  The last column of each sheet, コード, holds
 * the row's codes for programs ("state=overdue mds=current sds=missing
 * checklist=not-required", "type=mds state=current status=valid",
 * "severity=error finding=missing-answer").  details, when not NULL, gives
 * each document's guideline and document date (left blank otherwise).
 * Returns KAIJI_OK, KAIJI_ERROR_IO (path cannot be written),
 * KAIJI_ERROR_CATALOG (no glossary built in, or one without its workbook's
 * words) or KAIJI_ERROR_NOMEM.
 */
int kaiji_xlsx_write_status(const char *path, const kaiji_status_report *report,
                            const kaiji_submission_details *details, kaiji_lang lang);

#endif
