/*
 * report/csv.h - one CSV field as Excel reads it safely; every CSV kaiji
 * writes (the command's outputs, the server's audit log) goes through it.
 */
#ifndef KAIJI_REPORT_CSV_H
#define KAIJI_REPORT_CSV_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Writes s as one CSV field for Excel, then "," or, after the last field,
 * CRLF: quoted when it holds a comma, quote, CR or LF (RFC 4180), and, when
 * it begins with = + - @ TAB or CR, quoted behind an apostrophe so that
 * Excel shows it as text and never runs it as a formula (OWASP's rule).
 */
void kaiji_csv_field(FILE *out, const char *s, bool last);

#endif
