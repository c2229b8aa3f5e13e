/*
 * report/template.h - the blank contract register a new user starts from
 * (kaiji register template).  Not installed.
 */
#ifndef KAIJI_REPORT_TEMPLATE_H
#define KAIJI_REPORT_TEMPLATE_H

#include <stdio.h>

#include "kaiji.h"

/*
 * Writes at path a workbook with one sheet, the register kaiji register
 * import reads: a header row (frozen, bold) with the first label of each
 * column of formats/vocab/register.json and a notes column, one example row
 * that imports as it is, drop-down lists for 契約種別, 患者情報 and 必要書類
 * (from the same vocabulary; other words may still be typed, with a
 * warning), dates shown yyyy/mm/dd, and columns wide enough for their
 * headers and the example.  Returns KAIJI_OK, KAIJI_ERROR_IO (path cannot be
 * written), KAIJI_ERROR_NOMEM or KAIJI_ERROR_CATALOG (the vocabulary lacks
 * what the template needs).
 */
int kaiji_register_template_write(const char *path);

/*
 * Writes to out the same register as CSV for Excel: UTF-8 with a BOM, CRLF,
 * the header row and the example row (no drop-down lists, no notes).
 * Returns KAIJI_OK, KAIJI_ERROR_IO, KAIJI_ERROR_NOMEM or KAIJI_ERROR_CATALOG.
 */
int kaiji_register_template_csv(FILE *out);

#endif
