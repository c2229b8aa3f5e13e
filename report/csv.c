/*
 * report/csv.c - one CSV field as Excel reads it safely (report/csv.h).
 */
#include <string.h>

#include "report/csv.h"

/* Characters that make Excel read a field as a formula (OWASP's list). */
static bool formula_lead(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void kaiji_csv_field(FILE *out, const char *s, bool last)
{
    bool formula = formula_lead(*s);
    if (formula || strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        if (formula)
            fputc('\'', out); /* shown as text, the apostrophe hidden */
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : ",", out);
}
