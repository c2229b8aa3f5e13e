/*
 * text/version.c - form versions (JAHIS MDS/SDS "Ver.5.0"), checklist
 * editions ("令和6年5月" → "R6") and guideline editions ("第6.0版" → "6.0").
 * All work on the NFKC, case-folded text, so full-width digits and letters
 * read as ASCII.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/internal.h"
#include "text/text.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A version number found in text: [start, end) in the text, its dotted
 * components (1..3) and an optional letter suffix ("3.0a"). */
typedef struct number {
    size_t start, end;
    int parts;
    long part[3];
    char suffix;
} number;

/*
 * Reads digits ("." digits)* at t[pos]; false when there is no digit there,
 * a part has more than 4 digits, or there are more than 3 parts.  A single
 * lower-case letter right after the last part, not followed by another
 * letter, is the suffix.
 */
static bool read_version_number(const char *t, size_t pos, number *out)
{
    size_t i = pos;

    memset(out, 0, sizeof *out);
    out->start = pos;
    for (;;) {
        int digits = 0;
        long v = 0;
        while (is_digit(t[i])) {
            if (++digits > 4)
                return false;
            v = v * 10 + (t[i] - '0');
            i++;
        }
        if (digits == 0)
            return false;
        if (out->parts == 3)
            return false;
        out->part[out->parts++] = v;
        if (t[i] == '.' && is_digit(t[i + 1]))
            i++;
        else
            break;
    }
    if (is_alpha(t[i]) && !is_alpha(t[i + 1])) {
        out->suffix = t[i];
        i++;
    }
    out->end = i;
    return true;
}

/* "5.0", "4.1", "3.0a"; a lone major gets ".0".  malloc'd into *out. */
static bool format_number(const number *num, bool keep_suffix, char **out)
{
    char buf[64];
    int n;

    if (num->parts == 1)
        n = snprintf(buf, sizeof buf, "%ld.0", num->part[0]);
    else if (num->parts == 2)
        n = snprintf(buf, sizeof buf, "%ld.%ld", num->part[0], num->part[1]);
    else
        n = snprintf(buf, sizeof buf, "%ld.%ld.%ld", num->part[0], num->part[1],
                     num->part[2]);
    if (n < 0 || (size_t)n + 2 > sizeof buf)
        return false;
    if (keep_suffix && num->suffix != 0) {
        buf[n] = num->suffix;
        buf[n + 1] = '\0';
    }
    *out = strdup(buf);
    return *out != NULL;
}

/* The position after a "ver", "ver.", "version", "v" marker at t[i], its
 * dots and spaces skipped; 0 when there is none.  A lone "v" must not end
 * a word ("dev5" is not a version). */
static size_t version_marker(const char *t, size_t i)
{
    size_t j;

    if (i > 0 && is_alpha(t[i - 1]))
        return 0;
    if (starts_with(t + i, "version"))
        j = i + 7;
    else if (starts_with(t + i, "ver"))
        j = i + 3;
    else if (t[i] == 'v')
        j = i + 1;
    else
        return 0;
    while (t[j] == '.' || t[j] == ' ' || t[j] == ':')
        j++;
    return is_digit(t[j]) ? j : 0;
}

/* true when the text before t[pos] names a guideline ("ガイドライン第6.0版",
 * "guideline ver.6"): such a number is not the form's own version. */
static bool after_guideline(const char *t, size_t pos)
{
    static const char *const skip[] = {" ", "第", "の", "ver", "version", "v", ".", ":"};
    static const char *const names[] = {"ガイドライン", "guideline", "gl"};
    bool moved = true;

    while (moved && pos > 0) {
        moved = false;
        for (size_t k = 0; k < sizeof skip / sizeof skip[0]; k++) {
            size_t n = strlen(skip[k]);
            if (pos >= n && strncmp(t + pos - n, skip[k], n) == 0) {
                pos -= n;
                moved = true;
                break;
            }
        }
    }
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (pos >= n && strncmp(t + pos - n, names[k], n) == 0)
            return true;
    }
    return false;
}

/* true when a number at t[pos] starts a token (not inside another number). */
static bool token_start(const char *t, size_t pos)
{
    return pos == 0 || (!is_digit(t[pos - 1]) && t[pos - 1] != '.');
}

/* Finds "第 N 版" (with_dai) or "N 版" at or after the start of t; skips
 * guideline editions when skip_guideline. */
static bool find_edition(const char *t, bool with_dai, bool skip_guideline,
                         number *num)
{
    for (size_t i = 0; t[i] != '\0'; i++) {
        size_t j = i;
        if (with_dai) {
            if (!starts_with(t + i, "第"))
                continue;
            j += strlen("第");
            while (t[j] == ' ')
                j++;
        } else if (!is_digit(t[i]) || !token_start(t, i)) {
            continue;
        }
        if (!read_version_number(t, j, num))
            continue;
        j = num->end;
        while (t[j] == ' ')
            j++;
        if (!starts_with(t + j, "版"))
            continue;
        if (skip_guideline && after_guideline(t, i))
            continue;
        return true;
    }
    return false;
}

/* Finds the first "Ver.N" (any marker form) in t. */
static bool find_marked(const char *t, bool skip_guideline, number *num)
{
    for (size_t i = 0; t[i] != '\0'; i++) {
        size_t j = version_marker(t, i);
        if (j == 0 || !read_version_number(t, j, num))
            continue;
        if (skip_guideline && after_guideline(t, i))
            continue;
        return true;
    }
    return false;
}

/* true when the number num in t looks part of a date or time: next to
 * "/", "-", ":" or followed by 年 月 日. */
static bool in_date(const char *t, const number *num)
{
    char before = num->start > 0 ? t[num->start - 1] : ' ';
    const char *after = t + num->end;

    return before == '/' || before == '-' || before == ':' || *after == '/' ||
           *after == '-' || *after == ':' || starts_with(after, "年") ||
           starts_with(after, "月") || starts_with(after, "日");
}

/* Finds the first free-standing number "N.M" (two parts, N < 100, not part
 * of a date such as 2024.3.31). */
static bool find_dotted(const char *t, number *num)
{
    for (size_t i = 0; t[i] != '\0'; i++) {
        if (!is_digit(t[i]) || !token_start(t, i) || !read_version_number(t, i, num))
            continue;
        if (num->parts == 2 && num->part[0] < 100 && !in_date(t, num))
            return true;
        i = num->end - 1;
    }
    return false;
}

/* true when all of t is one number ("5", "3.0a"), major below 100. */
static bool whole_number(const char *t, number *num)
{
    return read_version_number(t, 0, num) && t[num->end] == '\0' &&
           num->part[0] < 100;
}

/* The NFKC, case-folded, trimmed text of s, malloc'd, or NULL. */
static char *folded(const char *s)
{
    char *norm = kaiji_text_nfkc_fold(s, true);
    char *trimmed;

    if (norm == NULL)
        return NULL;
    trimmed = kaiji_text_trim(norm);
    free(norm);
    return trimmed;
}

/*
 * Order: a marked version ("Ver.5.0", never one that follows ガイドライン);
 * then "第5.0版" and "5.0版"; then "JIRA 1st" / "初版" (the first edition,
 * "1.0"); then the first "N.M" in the text; then a bare number.
 */
bool kaiji_text_mds_version(const char *s, char **out)
{
    char *t = folded(s);
    number num;
    bool ok = false;

    *out = NULL;
    if (t == NULL)
        return false;
    if (find_marked(t, true, &num) || find_edition(t, true, true, &num) ||
        find_edition(t, false, true, &num)) {
        ok = format_number(&num, true, out);
    } else if (strstr(t, "1st") != NULL || strstr(t, "初版") != NULL) {
        *out = strdup("1.0");
        ok = *out != NULL;
    } else if (find_dotted(t, &num) || whole_number(t, &num)) {
        ok = format_number(&num, true, out);
    }
    free(t);
    return ok;
}

/* true when the text from t[pos] on names a guideline ("6.0版ガイドライン",
 * "6.0版のガイドライン"): the number before it is the guideline's. */
static bool before_guideline(const char *t, size_t pos)
{
    static const char *const names[] = {"ガイドライン", "guideline"};

    while (t[pos] == ' ')
        pos++;
    if (starts_with(t + pos, "の"))
        pos += strlen("の");
    while (t[pos] == ' ')
        pos++;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (starts_with(t + pos, names[k]))
            return true;
    return false;
}

/*
 * The first version written as a person states a form's version: a marked
 * one (Ver.5.0, V5.0, Ver 5.0, Version 5) or an edition (第5.0版, 第5版,
 * 5.0版), its major below 100; never one next to a guideline's name, never a
 * bare number, a date or a year.
 */
bool kaiji_text_mds_version_stated(const char *s, char **out)
{
    char *t = folded(s);
    bool ok = false;

    *out = NULL;
    if (t == NULL)
        return false;
    for (size_t i = 0; t[i] != '\0' && !ok; i++) {
        number num;
        size_t j, end;

        if ((j = version_marker(t, i)) != 0 && read_version_number(t, j, &num)) {
            end = num.end;
        } else {
            j = i;
            if (starts_with(t + i, "第")) {
                j += strlen("第");
                while (t[j] == ' ')
                    j++;
            } else if (!is_digit(t[i]) || !token_start(t, i)) {
                continue;
            }
            if (!read_version_number(t, j, &num))
                continue;
            end = num.end;
            while (t[end] == ' ')
                end++;
            if (!starts_with(t + end, "版"))
                continue;
            end += strlen("版");
        }
        if (num.part[0] >= 100 || after_guideline(t, i) || before_guideline(t, end))
            continue;
        ok = format_number(&num, true, out);
    }
    free(t);
    return ok;
}

/* A 令和 year from a Western year (2019 is R1), or 0 outside 2019..2117. */
static int reiwa_of(long year)
{
    return year >= 2019 && year <= 2117 ? (int)(year - 2018) : 0;
}

/*
 * Accepted anywhere in s (first one wins): 令和N / 令和元 (with 年, 年度,
 * 年5月 or nothing after), RN (R not inside a word), a Western year written
 * "2024年度", "2024年5月", "FY2024".
 */
bool kaiji_text_checklist_edition(const char *s, char **out)
{
    char *t = folded(s);
    char buf[16];
    int year = 0;

    *out = NULL;
    if (t == NULL)
        return false;
    for (size_t i = 0; t[i] != '\0' && year == 0; i++) {
        number num;
        if (starts_with(t + i, "令和")) {
            size_t j = i + strlen("令和");
            while (t[j] == ' ')
                j++;
            if (starts_with(t + j, "元"))
                year = 1;
            else if (is_digit(t[j]) && read_version_number(t, j, &num) &&
                     num.parts == 1 && num.part[0] >= 1 && num.part[0] < 100)
                year = (int)num.part[0];
        } else if (t[i] == 'r' && (i == 0 || !is_alpha(t[i - 1])) &&
                   is_digit(t[i + 1])) {
            size_t j = i + 1;
            long v = 0;
            while (is_digit(t[j]) && j - i <= 3)
                v = v * 10 + (t[j++] - '0');
            if (!is_digit(t[j]) && !is_alpha(t[j]) && v >= 1 && v < 100)
                year = (int)v;
        } else if (starts_with(t + i, "fy") && (i == 0 || !is_alpha(t[i - 1]))) {
            size_t j = i + 2;
            while (t[j] == ' ')
                j++;
            if (read_version_number(t, j, &num) && num.end - j == 4 && num.parts == 1)
                year = reiwa_of(num.part[0]);
        } else if (is_digit(t[i]) && token_start(t, i) &&
                   read_version_number(t, i, &num) && num.parts == 1 &&
                   num.end - i == 4 && starts_with(t + num.end, "年")) {
            year = reiwa_of(num.part[0]);
        }
    }
    free(t);
    if (year == 0)
        return false;
    snprintf(buf, sizeof buf, "R%d", year);
    *out = strdup(buf);
    return *out != NULL;
}

/* Reads up to 4 digits at t[*i] into *v (advancing *i); false when none. */
static bool read_small(const char *t, size_t *i, int *v)
{
    int digits = 0;

    *v = 0;
    while (is_digit(t[*i]) && digits < 4) {
        *v = *v * 10 + (t[*i] - '0');
        (*i)++;
        digits++;
    }
    return digits > 0 && !is_digit(t[*i]);
}

/*
 * At t[i]: "N年M月" (a month) or "N年度" (a fiscal year), spaces allowed
 * around the parts; N is read by the caller.  Sets *month (0 for a fiscal
 * year); false when neither follows.
 */
static bool month_or_fiscal(const char *t, size_t i, int *month)
{
    while (t[i] == ' ')
        i++;
    if (!starts_with(t + i, "年"))
        return false;
    i += strlen("年");
    while (t[i] == ' ')
        i++;
    if (starts_with(t + i, "度")) {
        *month = 0;
        return true;
    }
    if (!read_small(t, &i, month) || *month < 1 || *month > 12)
        return false;
    while (t[i] == ' ')
        i++;
    return starts_with(t + i, "月");
}

/*
 * The first "令和N年M月", "令和N年度" (令和元 too) or "YYYY年M月", "YYYY年度"
 * in s: its Western year, month (0 for a fiscal year) and the phrase as
 * people write it ("令和7年5月", "令和元年度", "2025年5月").
 */
bool kaiji_text_checklist_published(const char *s, char **text, int *year,
                                    int *month)
{
    char *t = folded(s);
    char buf[48];
    bool found = false;
    int n = 0, m = 0;
    bool reiwa = false;

    *text = NULL;
    *year = 0;
    *month = 0;
    if (t == NULL)
        return false;
    for (size_t i = 0; t[i] != '\0' && !found; i++) {
        size_t j = i;
        if (starts_with(t + i, "令和")) {
            j += strlen("令和");
            while (t[j] == ' ')
                j++;
            if (starts_with(t + j, "元")) {
                n = 1;
                j += strlen("元");
            } else if (!read_small(t, &j, &n) || n < 1 || n > 99) {
                continue;
            }
            reiwa = true;
            found = month_or_fiscal(t, j, &m);
        } else if (is_digit(t[i]) && (i == 0 || !is_digit(t[i - 1])) &&
                   read_small(t, &j, &n) && j - i == 4 && n >= 2019 && n <= 2117) {
            reiwa = false;
            found = month_or_fiscal(t, j, &m);
        }
    }
    free(t);
    if (!found)
        return false;
    *year = reiwa ? n + 2018 : n;
    *month = m;
    if (reiwa && n == 1)
        snprintf(buf, sizeof buf, "令和元年");
    else if (reiwa)
        snprintf(buf, sizeof buf, "令和%d年", n);
    else
        snprintf(buf, sizeof buf, "%d年", n);
    if (m)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%d月", m);
    else
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "度");
    *text = strdup(buf);
    return *text != NULL;
}

/* Finds the first number in t that could be a guideline edition: major
 * 1..99, one or two parts, not part of a date. */
static bool find_plain(const char *t, number *num)
{
    for (size_t i = 0; t[i] != '\0'; i++) {
        if (!is_digit(t[i]) || !token_start(t, i) || !read_version_number(t, i, num))
            continue;
        if (num->parts <= 2 && num->part[0] >= 1 && num->part[0] < 100 &&
            num->suffix == 0 && !in_date(t, num))
            return true;
        i = num->end - 1;
    }
    return false;
}

/* Order: "Ver.6", "第6.0版", "6.0版", then the first plain number. */
bool kaiji_text_guideline(const char *s, char **out)
{
    char *t = folded(s);
    number num;
    bool ok = false;

    *out = NULL;
    if (t == NULL)
        return false;
    if (find_marked(t, false, &num) || find_edition(t, true, false, &num) ||
        find_edition(t, false, false, &num) || find_plain(t, &num)) {
        if (num.parts <= 2)
            ok = format_number(&num, false, out);
    }
    free(t);
    return ok;
}
