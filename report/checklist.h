/*
 * report/checklist.h - the draft of the hospital's own checklist
 * (医療機関確認用) as a workbook: it writes the kaiji_checklist_draft the store
 * made (kaiji_store_checklist_draft, kaiji/store.h) and nothing else; the
 * command is `kaiji checklist draft`.  Not installed.
 */
#ifndef KAIJI_REPORT_CHECKLIST_H
#define KAIJI_REPORT_CHECKLIST_H

#include "kaiji/store.h"
#include "platform/platform.h"

/*
 * Writes draft at path as the MHLW form lays out the 医療機関確認用 sheet:
 * title, 医療機関名, 記入日 and 記入者, then 項番 | 確認項目 | 回答 (サーバ |
 * 端末PC | ネットワーク機器) | 確認日 (1回目 | 2回目) | 目標日 | 備考 | 根拠, so
 * that kaiji_read_file() reads it back as a hospital checklist of the
 * draft's edition.  The 1回目 確認日 of every answered item is the draft's
 * date.  Dates are Excel dates shown in 和暦 (令和8年3月31日).  根拠 is short
 * (「株式会社アルファ：alpha.xlsx 2④」, one line for each); a second sheet,
 * 根拠の詳細, gives each one in full (path, SHA-256, where in the file, the
 * option or file behind a hospital's answer).  Row heights follow the lines
 * the wrapped text takes, so that nothing overlaps in Excel.  kaiji's own
 * words (the notes, 根拠, the second sheet, the file's properties) are in
 * lang (formats/report/labels.json's checklist_draft group, or
 * labels-en.json's: kaiji serve's pages read in English); the form's stay
 * the form's.  Returns KAIJI_OK, KAIJI_ERROR_IO, KAIJI_ERROR_CATALOG (the
 * glossary lacks a word) or KAIJI_ERROR_NOMEM.
 */
int kaiji_checklist_write_xlsx(const char *path, const kaiji_checklist_draft *draft,
                               kaiji_lang lang);

/*
 * The height in points of a row whose wrapped cells hold texts[i] in columns
 * widths[i] characters wide (Excel's unit, the width of a digit), n of them:
 * the most lines any of them takes, a character of East Asian width wide or
 * ambiguous (漢字, ①, ※) counting two, every other one, and each "\n" a new
 * line.  Exposed for the tests.
 */
double kaiji_checklist_row_height(const char *const *texts, const double *widths, size_t n);

#endif
