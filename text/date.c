/*
 * text/date.c - calendar dates: written dates (Western and Japanese era),
 * Excel serial numbers and number formats, fiscal years, and the kaiji_date
 * helpers of kaiji/document.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "model/i18n.h"
#include "text/internal.h"
#include "text/text.h"

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* A day 0 is the whole month: a date of month precision ("2024年11月"). */
bool kaiji_date_valid(kaiji_date date)
{
    return date.year >= 1 && date.year <= 9999 && date.month >= 1 &&
           date.month <= 12 && date.day >= 0 &&
           date.day <= days_in_month(date.year, date.month);
}

bool kaiji_date_is_month(kaiji_date date)
{
    return date.day == 0 && kaiji_date_valid(date);
}

/* Writes "" for no date and for anything kaiji_date_valid() rejects, and
 * "YYYY-MM" for a month. */
char *kaiji_date_format(char buf[11], kaiji_date date)
{
    int v[3];

    if (!kaiji_date_valid(date)) {
        buf[0] = '\0';
        return buf;
    }
    v[0] = date.year;
    v[1] = date.month;
    v[2] = date.day;
    buf[0] = (char)('0' + v[0] / 1000);
    buf[1] = (char)('0' + v[0] / 100 % 10);
    buf[2] = (char)('0' + v[0] / 10 % 10);
    buf[3] = (char)('0' + v[0] % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + v[1] / 10);
    buf[6] = (char)('0' + v[1] % 10);
    if (v[2] == 0) {
        buf[7] = '\0';
        return buf;
    }
    buf[7] = '-';
    buf[8] = (char)('0' + v[2] / 10);
    buf[9] = (char)('0' + v[2] % 10);
    buf[10] = '\0';
    return buf;
}

/* Field by field: a month (day 0) sorts before the days of its month, so
 * that "after as_of" means that the whole month lies after it. */
int kaiji_date_compare(kaiji_date a, kaiji_date b)
{
    bool na = a.year == 0, nb = b.year == 0;

    if (na || nb)
        return (int)nb - (int)na;
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

kaiji_date kaiji_date_today(void)
{
    kaiji_date d = {0, 0, 0};
    time_t now = time(NULL);
    struct tm tm;

    if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
        return d;
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

int kaiji_text_fiscal_year(kaiji_date date)
{
    if (date.year == 0)
        return 0;
    return date.month >= 4 ? date.year : date.year - 1;
}

/* The date days after 1970-01-01. */
static kaiji_date civil_from_days(long days)
{
    kaiji_date out;
    kaiji_civil_from_days(days, &out.year, &out.month, &out.day);
    return out;
}

/*
 * 1900 system: serials 1..59 are 1900-01-01..1900-02-28; 60 is Lotus's
 * phantom 1900-02-29, read here as 1900-02-28 (the day before 1900-03-01,
 * which is serial 61); from 61 on the count is exact.  1904 system: serial
 * 0 is 1904-01-01.  Both end at 9999-12-31.
 */
bool kaiji_text_excel_serial_date(double serial, bool date1904, kaiji_date *out)
{
    long n, base;

    if (!isfinite(serial) || serial < 0 || serial >= 2958466.0)
        return false;
    n = (long)serial; /* serial >= 0: truncation is floor(), without libm */
    if (date1904) {
        base = kaiji_days_from_civil(1904, 1, 1);
        if (base + n > kaiji_days_from_civil(9999, 12, 31))
            return false;
    } else {
        if (n < 1)
            return false;
        if (n == 60)
            n = 59;
        base = n < 60 ? kaiji_days_from_civil(1899, 12, 31) : kaiji_days_from_civil(1899, 12, 30);
    }
    *out = civil_from_days(base + n);
    return true;
}

/* true when the Excel format letter c (lower case) at code[i] is the start
 * of "am/pm" or "a/p", which are not date parts. */
static size_t ampm_length(const char *code, size_t i)
{
    static const char *const words[] = {"am/pm", "a/p", "general"};

    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]), j;
        for (j = 0; j < n && code[i + j] != '\0'; j++) {
            char c = code[i + j];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + ('a' - 'A'));
            if (c != words[k][j])
                break;
        }
        if (j == n)
            return n;
    }
    return 0;
}

/*
 * The next date/time code letter of an Excel format at or after *i, lower
 * case ('y' 'm' 'd' 'h' 's' 'e' 'g' 'b'), with *i moved past it and its
 * repetitions; *elapsed set when it came from an elapsed-time bracket
 * ("[h]", "[mm]", "[ss]").  Quoted text, escapes, fills, padding, other
 * brackets ([Red], [$-411], [>=100]), AM/PM, "General" and exponents are
 * skipped.  Returns 0 at the end.
 */
static char next_code(const char *code, size_t *i, bool *elapsed)
{
    *elapsed = false;
    while (code[*i] != '\0') {
        char c = code[*i];
        size_t skip;

        if (c == '"') {
            const char *q = strchr(code + *i + 1, '"');
            *i = q == NULL ? strlen(code) : (size_t)(q - code) + 1;
            continue;
        }
        if (c == '\\' || c == '_' || c == '*') {
            (*i)++;
            if (code[*i] != '\0')
                (*i)++;
            continue;
        }
        if (c == '[') {
            const char *q = strchr(code + *i + 1, ']');
            size_t start = *i + 1, end = q == NULL ? strlen(code) : (size_t)(q - code);
            char first = code[start];
            bool same = end > start;

            if (first >= 'A' && first <= 'Z')
                first = (char)(first + ('a' - 'A'));
            for (size_t k = start; k < end; k++) {
                char ck = code[k];
                if (ck >= 'A' && ck <= 'Z')
                    ck = (char)(ck + ('a' - 'A'));
                if (ck != first)
                    same = false;
            }
            *i = q == NULL ? end : end + 1;
            if (same && (first == 'h' || first == 'm' || first == 's')) {
                *elapsed = true;
                return first;
            }
            continue;
        }
        skip = ampm_length(code, *i);
        if (skip > 0) {
            *i += skip;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + ('a' - 'A'));
        if (c == 'e' && (code[*i + 1] == '+' || code[*i + 1] == '-')) {
            *i += 2;
            continue;
        }
        if (strchr("ymdhsegb", c) != NULL) {
            char lc;
            do {
                (*i)++;
                lc = code[*i];
                if (lc >= 'A' && lc <= 'Z')
                    lc = (char)(lc + ('a' - 'A'));
            } while (lc == c);
            return c;
        }
        (*i)++;
    }
    return 0;
}

/*
 * A format is a date when it holds a year, day, era or month part.  "m" is
 * minutes, not month, right after an hour or right before seconds, as Excel
 * reads it; so "h:mm:ss" and "[h]:mm" are times, which are not dates.
 */
bool kaiji_text_excel_format_is_date(const char *format_code)
{
    size_t i = 0;
    char prev = 0, c;
    bool elapsed;

    if (format_code == NULL)
        return false;
    while ((c = next_code(format_code, &i, &elapsed)) != 0) {
        if (elapsed) {
            prev = c;
            continue;
        }
        if (c == 'y' || c == 'd' || c == 'e' || c == 'g' || c == 'b')
            return true;
        if (c == 'm') {
            size_t j = i;
            bool el2;
            char next = next_code(format_code, &j, &el2);
            if (prev != 'h' && next != 's')
                return true;
        }
        prev = c;
    }
    return false;
}

/*
 * Japanese Excel's built-in formats: 14-17, 22, 27-31, 34-36 and 50-58 are
 * dates (22 with a time).  18-21 (h:mm AM/PM ...), 32-33 (h"時"mm"分"...)
 * and 45-47 (mm:ss, [h]:mm:ss, mmss.0) are times only, so not dates.
 */
bool kaiji_text_excel_builtin_date(int num_fmt_id)
{
    return (num_fmt_id >= 14 && num_fmt_id <= 17) || num_fmt_id == 22 ||
           (num_fmt_id >= 27 && num_fmt_id <= 31) ||
           (num_fmt_id >= 34 && num_fmt_id <= 36) ||
           (num_fmt_id >= 50 && num_fmt_id <= 58);
}

/* A Japanese era: names after NFKC (㋿ reads 令和), its Latin initial, the
 * Western year of its first year, and its first and last days. */
static const struct era {
    const char *name;
    char initial;
    int offset;
    kaiji_date first, last;
} eras[] = {
    {"令和", 'r', 2018, {2019, 5, 1}, {9999, 12, 31}},
    {"平成", 'h', 1988, {1989, 1, 8}, {2019, 4, 30}},
    {"昭和", 's', 1925, {1926, 12, 25}, {1989, 1, 7}},
    {"大正", 't', 1911, {1912, 7, 30}, {1926, 12, 25}},
    {"明治", 'm', 1867, {1868, 10, 23}, {1912, 7, 30}},
};

/* A cursor over the NFKC text of a date. */
typedef struct cursor {
    const char *s;
    size_t pos;
} cursor;

static void skip_spaces(cursor *c)
{
    while (c->s[c->pos] == ' ' || c->s[c->pos] == '\t')
        c->pos++;
}

static bool accept(cursor *c, const char *lit)
{
    size_t n = strlen(lit);

    if (strncmp(c->s + c->pos, lit, n) != 0)
        return false;
    c->pos += n;
    return true;
}

/* Reads 1..max_digits digits; returns the count read (0 when none or more
 * than max_digits). */
static int read_number(cursor *c, int max_digits, int *value)
{
    int n = 0, v = 0;

    while (c->s[c->pos + (size_t)n] >= '0' && c->s[c->pos + (size_t)n] <= '9') {
        if (n == max_digits)
            return 0;
        v = v * 10 + (c->s[c->pos + (size_t)n] - '0');
        n++;
    }
    c->pos += (size_t)n;
    *value = v;
    return n;
}

/* The era at the cursor (by name or initial followed by a digit, a space
 * or 元), or NULL. */
static const struct era *read_era(cursor *c)
{
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        char ch = c->s[c->pos], after;
        if (accept(c, eras[i].name))
            return &eras[i];
        if (ch == '\0')
            return NULL;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch + ('a' - 'A'));
        after = c->s[c->pos + 1];
        if (ch == eras[i].initial &&
            ((after >= '0' && after <= '9') || after == ' ' ||
             strncmp(c->s + c->pos + 1, "元", strlen("元")) == 0)) {
            c->pos++;
            return &eras[i];
        }
    }
    return NULL;
}

/* Skips a weekday in brackets: "(日)", "(月曜)", "(月曜日)", "(Sun)". */
static void skip_weekday(cursor *c)
{
    static const char *const days[] = {"日", "月", "火", "水", "木", "金", "土"};
    size_t save = c->pos, start;

    skip_spaces(c);
    if (!accept(c, "("))
        goto none;
    start = c->pos;
    while ((c->s[c->pos] >= 'a' && c->s[c->pos] <= 'z') ||
           (c->s[c->pos] >= 'A' && c->s[c->pos] <= 'Z'))
        c->pos++;
    if (c->pos - start > 9)
        goto none;
    if (c->pos == start) {
        bool found = false;
        for (size_t i = 0; i < sizeof days / sizeof days[0] && !found; i++)
            found = accept(c, days[i]);
        if (!found)
            goto none;
        if (accept(c, "曜"))
            accept(c, "日");
    }
    if (!accept(c, ")"))
        goto none;
    return;
none:
    c->pos = save;
}

/* Skips a time after the date: " 10:30", " 10:30:00", "T10:30:00.000Z",
 * " 0:00:00", " 10:30:00 AM". */
static void skip_time(cursor *c)
{
    size_t save = c->pos;
    int v;

    if (c->s[c->pos] == 'T' || c->s[c->pos] == 't')
        c->pos++;
    else
        skip_spaces(c);
    if (read_number(c, 2, &v) == 0 || !accept(c, ":") || read_number(c, 2, &v) != 2)
        goto none;
    if (accept(c, ":")) {
        if (read_number(c, 2, &v) != 2)
            goto none;
        if (accept(c, ".") && read_number(c, 9, &v) == 0)
            goto none;
    }
    if (!accept(c, "Z")) {
        size_t before = c->pos;
        skip_spaces(c);
        if (!accept(c, "AM") && !accept(c, "PM") && !accept(c, "am") && !accept(c, "pm"))
            c->pos = before;
    }
    return;
none:
    c->pos = save;
}

/* true when the era holds some day of d: d itself, or for a month (day 0)
 * one of its days. */
static bool in_era(const struct era *era, kaiji_date d)
{
    kaiji_date first = d, last = d;

    if (d.day == 0) {
        first.day = 1;
        last.day = days_in_month(d.year, d.month);
    }
    return kaiji_date_compare(last, era->first) >= 0 &&
           kaiji_date_compare(first, era->last) <= 0;
}

/*
 * Accepted (after NFKC and trimming): [era] year SEP month SEP day, where
 * SEP is one of / - . used twice, or 年 月 日; the year has four digits
 * without an era, one or two digits (or 元) with one; then an optional
 * weekday and time, and nothing else.  With month, [era] year SEP month
 * (2024/11, 2024年11月, R6.11) alone is a month: day 0.  An era date must
 * fall inside the era (令和1年4月1日 and 平成31年5月1日 are rejected).
 */
static bool parse_date(const char *s, kaiji_date *out, bool month)
{
    char *norm = NULL, *trimmed = NULL;
    const struct era *era;
    cursor c;
    kaiji_date d = {0, 0, 0};
    char sep = 0;
    bool ok = false;
    int n;

    norm = kaiji_text_nfkc(s);
    if (norm == NULL)
        goto done;
    trimmed = kaiji_text_trim(norm);
    if (trimmed == NULL)
        goto done;
    c.s = trimmed;
    c.pos = 0;
    era = read_era(&c);
    skip_spaces(&c);
    if (era != NULL && accept(&c, "元"))
        d.year = 1;
    else if ((n = read_number(&c, era != NULL ? 2 : 4, &d.year)) == 0 ||
             (era == NULL && n != 4) || (era != NULL && d.year == 0))
        goto done;
    skip_spaces(&c);
    if (accept(&c, "年"))
        sep = 'j';
    else if (c.s[c.pos] == '/' || c.s[c.pos] == '-' || c.s[c.pos] == '.')
        sep = c.s[c.pos++];
    else
        goto done;
    skip_spaces(&c);
    if (read_number(&c, 2, &d.month) == 0)
        goto done;
    skip_spaces(&c);
    if (sep == 'j' && !accept(&c, "月"))
        goto done;
    skip_spaces(&c);
    if (month && c.s[c.pos] == '\0') {
        d.day = 0; /* the whole month */
    } else {
        if (sep != 'j' && c.s[c.pos++] != sep)
            goto done;
        skip_spaces(&c);
        if (read_number(&c, 2, &d.day) == 0 || d.day == 0)
            goto done;
        if (sep == 'j') {
            skip_spaces(&c);
            if (!accept(&c, "日"))
                goto done;
        }
        skip_weekday(&c);
        skip_time(&c);
        skip_spaces(&c);
        if (c.s[c.pos] != '\0')
            goto done;
    }
    if (era != NULL) {
        d.year += era->offset;
        if (d.year > 9999 || !kaiji_date_valid(d) || !in_era(era, d))
            goto done;
    }
    if (!kaiji_date_valid(d))
        goto done;
    *out = d;
    ok = true;
done:
    free(norm);
    free(trimmed);
    return ok;
}

bool kaiji_text_parse_date(const char *s, kaiji_date *out)
{
    return parse_date(s, out, false);
}

bool kaiji_text_parse_iso_date_or_month(const char *s, kaiji_date *out)
{
    static const char *const shapes[] = {"dddd-dd-dd", "dddd-dd"};
    for (size_t k = 0; s && k < sizeof shapes / sizeof shapes[0]; k++) {
        const char *shape = shapes[k];
        int v[3] = {0, 0, 0}, n = 0;
        size_t i = 0;
        for (; shape[i] && s[i]; i++) {
            if (shape[i] == '-') {
                if (s[i] != '-')
                    break;
                n++;
            } else if (s[i] >= '0' && s[i] <= '9') {
                v[n] = v[n] * 10 + (s[i] - '0');
            } else {
                break;
            }
        }
        if (shape[i] || s[i])
            continue;
        kaiji_date d = {v[0], v[1], v[2]};
        if (d.year < 1900 || !kaiji_date_valid(d) || (k == 0 && d.day == 0))
            return false;
        *out = d;
        return true;
    }
    return false;
}

bool kaiji_text_parse_date_or_month(const char *s, kaiji_date *out)
{
    return parse_date(s, out, true);
}

/*
 * Writes date d for people into buf (size bytes, KAIJI_DATE_SHOW_MAX is
 * enough): ISO (2024-10-01), as the language of the messages writes it (the
 * translated pattern: 2024年10月1日 in Japanese, 2024-10-01 in English), or
 * in the Japanese era (令和6年10月1日, 令和元年 for an era's first year;
 * ISO before 明治).  A month (day 0) is shown without a day: 2024-10,
 * 2024年10月, 令和6年10月 (its era the one of its last day).  An invalid
 * date gives "?".  Returns buf.
 */
const char *kaiji_text_date_show(char *buf, size_t size, kaiji_date d,
                                 kaiji_date_style style)
{
    bool month = d.day == 0;

    if (!buf || size == 0)
        return "";
    if (!kaiji_date_valid(d)) {
        snprintf(buf, size, "?");
        return buf;
    }
    if (style == KAIJI_DATE_WAREKI) {
        kaiji_date last = d;

        if (month)
            last.day = days_in_month(d.year, d.month);
        for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
            if (kaiji_date_compare(last, eras[i].first) < 0)
                continue;
            int y = d.year - eras[i].offset;
            char year[16];

            if (y == 1)
                snprintf(year, sizeof year, "元");
            else
                snprintf(year, sizeof year, "%d", y);
            if (month)
                snprintf(buf, size, "%s%s年%d月", eras[i].name, year, d.month);
            else
                snprintf(buf, size, "%s%s年%d月%d日", eras[i].name, year, d.month, d.day);
            return buf;
        }
    }
    if (style == KAIJI_DATE_LOCALE) {
        if (month)
            /* TRANSLATORS: a month (a date without its day); %1$d year, %2$d month (Japanese: %1$d年%2$d月). */
            snprintf(buf, size, _("%1$04d-%2$02d"), d.year, d.month);
        else
            /* TRANSLATORS: a date; %1$d year, %2$d month, %3$d day (Japanese: %1$d年%2$d月%3$d日). */
            snprintf(buf, size, _("%1$04d-%2$02d-%3$02d"), d.year, d.month, d.day);
        return buf;
    }
    if (month)
        snprintf(buf, size, "%04d-%02d", d.year, d.month);
    else
        snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}
