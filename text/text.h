/*
 * text/text.h - the ways values are written in real files, made comparable:
 * Unicode normalisation, answers, dates, form versions, item IDs, encodings.
 * Not installed.  Every function is pure and thread-safe.
 *
 * Strings returned through char **out are allocated with malloc() and owned
 * by the caller unless stated otherwise.
 */
#ifndef KAIJI_TEXT_H
#define KAIJI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/document.h"

/* The UTF-8 byte order mark, as Windows editors and Excel write it. */
#define KAIJI_TEXT_BOM "\xEF\xBB\xBF"

/* The length of the UTF-8 BOM at the start of the len bytes at data: 3, or
 * 0 when they do not start with one.  The one test for a BOM: the catalog
 * loader, the gate of every XML and JSON reader and the register skip what
 * it counts. */
size_t kaiji_text_bom(const void *data, size_t len);

/* true when len bytes of s are well-formed UTF-8 (no overlongs, no
 * surrogates). */
bool kaiji_text_utf8_valid(const char *s, size_t len);

/* Makes the NUL-terminated s well-formed UTF-8 in place: each byte that does
 * not start a well-formed sequence (a character cut short by a fixed-size
 * buffer, a stray byte of another encoding) becomes '?'. */
void kaiji_text_utf8_scrub(char *s);

/*
 * The comparison key of a label or value: NFKC (full-width Ａ１ becomes A1,
 * half-width ｶﾅ becomes カナ), case-folded, with every kind of white space
 * removed and ・ ･ kept.  "  製造業者 名 " and "製造業者名" have one key.
 * Returns a malloc'd string, or NULL when out of memory or s is not UTF-8.
 */
char *kaiji_text_key(const char *s);

/* kaiji_text_key(s), written into buf (size bytes) when it fits there and
 * every character of s normalises alone (most cells); else malloc'd.  The
 * caller frees what comes back when it is not buf.  NULL as
 * kaiji_text_key(). */
char *kaiji_text_key_buf(const char *s, char *buf, size_t size);

/* NFKC of s without case folding or space removal (Ｙｅｓ becomes Yes,
 * ﾊｲ becomes ハイ, （ becomes ().  malloc'd, or NULL when out of memory or s
 * is not UTF-8. */
char *kaiji_text_nfkc(const char *s);

/* As kaiji_text_key but keeps single spaces between words (for English
 * labels and question text comparison). */
char *kaiji_text_fold(const char *s);

/* s without its invisible characters, nothing else changed: the format
 * characters (Unicode Cf: zero-width space and joiners, BOM, bidi marks and
 * overrides, soft hyphen, tag characters ...) and the other default-ignorable
 * code points (variation selectors, Hangul fillers, combining grapheme
 * joiner).  malloc'd, or NULL when out of memory or s is not UTF-8. */
char *kaiji_text_strip_invisible(const char *s);

/* kaiji_text_fold of s without its invisible characters: the key of an
 * identifier a person types or copies ("C-001", "c-001", "Ｃ－００１" and
 * "C-<U+200B>001" have one).  malloc'd, or NULL when out of memory or s is
 * not UTF-8. */
char *kaiji_text_visible_fold(const char *s);

/* A copy of s without leading and trailing white space (ASCII, U+3000,
 * NBSP).  malloc'd, or NULL. */
char *kaiji_text_trim(const char *s);
/* The bytes of s[0..len) that kaiji_text_trim() keeps: [*start, returned
 * end), for a caller that copies them where it likes (an arena). */
size_t kaiji_text_trim_range(const char *s, size_t len, size_t *start);

/* true when s holds nothing but white space (or is NULL). */
bool kaiji_text_blank(const char *s);

/*
 * Parses an answer cell: "はい", "ﾊｲ", "Ｙｅｓ", "○", "対象外", "N/A",
 * "See Notes", also with a comment after it: "はい（オプション）",
 * "Yes,optional", "N/A: No default accounts", "No - only in service mode".
 * Returns the answer; when comment is not NULL, *comment receives a malloc'd
 * copy of the comment (or NULL when there is none).  Blank text gives
 * KAIJI_ANSWER_BLANK; text that starts with no answer word gives
 * KAIJI_ANSWER_INVALID.  An answer word must end at a boundary (the end,
 * white space, punctuation): "Yesterday", "Notes", "はいけい" are invalid;
 * so is a choice prompt left as it was ("はい・いいえ", "Yes/No").  A lone
 * dash (-, －, ー) is KAIJI_ANSWER_NA.  The comment is NFKC-normalised,
 * trimmed, without the separator or enclosing brackets.
 */
kaiji_answer kaiji_text_parse_answer(const char *s, char **comment);

/* Fills starts[c] for each ASCII byte c an answer may begin with (an answer
 * word's first letter in either case, the dash): a text whose first two
 * bytes are ASCII, the first printable and not one of them, is
 * KAIJI_ANSWER_INVALID to kaiji_text_parse_answer() (NFKC leaves ASCII as
 * it is), which a caller may tell at once. */
void kaiji_text_answer_ascii_starts(bool starts[128]);

/* true when s is a mark put in a per-choice column: ○ 〇 ◯ ◎ ● ✓ ✔ ☑ レ v V
 * x X × ✕ ✗ ■ 1 o O, full-width and half-width forms too (after trimming). */
bool kaiji_text_is_mark(const char *s);

/*
 * Parses a written date: 2024/3/31, 2024-03-31, 2024.3.31, 2024年3月31日,
 * 令和6年3月31日, 令和元年5月1日, 平成31年4月30日, R6.3.31, R6/3/31, H31.4.30,
 * all in full-width digits too, with an optional weekday "(日)" or time after.
 * Returns true and sets *out for a real calendar date; false otherwise.
 */
bool kaiji_text_parse_date(const char *s, kaiji_date *out);

/*
 * As kaiji_text_parse_date, and also a month alone: 2024/11, 2024-11,
 * 2024.11, 2024年11月, 令和6年11月, R6.11, R6/11 (full-width too) give a date
 * of month precision (day 0), never a day made up for it.  For the dates of
 * a document (作成日, 目標日, 確認日), not for dates kaiji must count days from.
 */
bool kaiji_text_parse_date_or_month(const char *s, kaiji_date *out);

/*
 * Parses a publication date as kaiji writes and stores it: "YYYY-MM-DD" (a
 * real day) or "YYYY-MM" (day 0), ASCII digits in exactly those places (no
 * sign, space or short field), a year from 1900.  What catalog import takes
 * from --published, its options and a catalog's "published_on".
 */
bool kaiji_text_parse_iso_date_or_month(const char *s, kaiji_date *out);

/*
 * The date of an Excel serial number: 1900 system (serial 1 is 1900-01-01,
 * serial 60 is the phantom 1900-02-29, read as 1900-02-28... see the .c) or
 * 1904 system (serial 0 is 1904-01-01).  Fractions (times) are dropped.
 * Returns false for serials outside 1..2958465 (9999-12-31).
 */
bool kaiji_text_excel_serial_date(double serial, bool date1904, kaiji_date *out);

/*
 * true when the Excel number format code formats a date: it holds y, m, d, e
 * or g outside quotes, brackets and escapes ("yyyy/m/d", "[$-411]ggge年m月d日",
 * "m/d/yy h:mm"), and is not elapsed time only ("[h]:mm").  Built-in format ids
 * are handled by kaiji_text_excel_builtin_date().
 */
bool kaiji_text_excel_format_is_date(const char *format_code);
/* true for the built-in numFmtId values that show a date, as Japanese Excel
 * defines them: 14-17, 22, 27-31, 34-36, 50-58.  The time-only ids 18-21,
 * 32-33 and 45-47 are not dates. */
bool kaiji_text_excel_builtin_date(int num_fmt_id);

/*
 * Normalises a JAHIS MDS/SDS form version: "Ver.5.0", "Ver5.0", "第5.0版",
 * "MDS/SDS Ver.5.0", "5", "Ｖｅｒ．４．１", "3.0a" give "5.0", "5.0", "5.0",
 * "5.0", "5.0", "4.1", "3.0a".  *out is malloc'd; false when no version is
 * found in s.
 */
bool kaiji_text_mds_version(const char *s, char **out);

/*
 * The JAHIS MDS/SDS form version a line of text states, for lines that are
 * not a 開示書の版 field (a subtitle, a note, a document property): only a
 * marked version or an edition ("Ver.5.0", "V5.0", "Ver５．０", "第5.0版",
 * "第5版", "5.0版", "様式 Ver 5.0") gives one, never a number next to a
 * guideline's name ("ガイドライン第6.0版", "6.0版ガイドライン"), a bare
 * number, a date or a year.  *out is malloc'd; false when none.
 */
bool kaiji_text_mds_version_stated(const char *s, char **out);

/*
 * Normalises a checklist edition: "令和6年5月", "令和6年度", "R6", "Ｒ６年度版",
 * "2024年度" give "R6".  false when none is found.
 */
bool kaiji_text_checklist_edition(const char *s, char **out);

/*
 * The publication a checklist title names: "令和7年5月" gives *year 2025,
 * *month 5; "令和8年度" (or "令和8年度版") gives *year 2026 (the fiscal
 * year) and *month 0; "2025年5月" and "2026年度" likewise.  *text gets the
 * phrase as people write it ("令和7年5月", "令和8年度"), malloc'd.  false
 * when s names no such month or fiscal year.
 */
bool kaiji_text_checklist_published(const char *s, char **text, int *year,
                                    int *month);

/* Normalises a guideline edition: "第6.0版", "6.0版", "Ver.6", "6" give "6.0";
 * "5.2" stays "5.2".  false when none is found. */
bool kaiji_text_guideline(const char *s, char **out);

/*
 * The comparison key of an item ID: circled numbers become "(n)" (2⑦ and
 * 2(7) and ２（７） and 2-(7) meet), NFKC, case-folded, spaces and the
 * separators "-", "－", "." between a number and "(" removed.  malloc'd.
 */
char *kaiji_text_id_key(const char *id);

/* kaiji_text_id_key(id), written into buf (size bytes) when id is ASCII and
 * fits (most IDs); else malloc'd.  The caller frees what comes back when it
 * is not buf. */
char *kaiji_text_id_key_buf(const char *id, char *buf, size_t size);

/*
 * Converts len bytes of s in the named encoding (Shift_JIS, CP932, EUC-JP,
 * UTF-16, ...; Shift_JIS is read as CP932, its superset as Windows writes it)
 * to UTF-8.  *out is malloc'd and NUL-terminated, *out_len its length.
 * Returns false on an unknown encoding or a byte sequence invalid in it.
 */
bool kaiji_text_to_utf8(const char *encoding, const char *s, size_t len,
                        char **out, size_t *out_len);

/* The fiscal year (年度) a date falls in: 2024-04-01..2025-03-31 is 2024. */
int kaiji_text_fiscal_year(kaiji_date date);

/* How a date is shown to people (kaiji_text_date_show). */
typedef enum {
    KAIJI_DATE_ISO,    /* 2024-10-01 */
    KAIJI_DATE_LOCALE, /* as the messages' language writes it: 2024年10月1日 in Japanese */
    KAIJI_DATE_WAREKI  /* 令和6年10月1日 */
} kaiji_date_style;

#define KAIJI_DATE_SHOW_MAX 40

/* Writes d in style into buf (size bytes); a month without a day (2024-10,
 * 2024年10月, 令和6年10月); "?" for an invalid date.  Returns buf. */
const char *kaiji_text_date_show(char *buf, size_t size, kaiji_date d,
                                 kaiji_date_style style);

/* The lower-case hex SHA-256 of len bytes at data, into hex[65]. */
void kaiji_text_sha256(const void *data, size_t len, char hex[65]);

/*
 * The form in which kaiji shows and records the file name path (its bytes as
 * the system gives them): well-formed UTF-8 and lossless.  Each well-formed
 * UTF-8 character is kept; each byte that is not part of one (a CP932 name
 * from a ZIP made on Japanese Windows, a stray 0xFF) is written \xHH, two
 * upper-case hexadecimal digits (80..FF); a backslash is written \\.  So
 * 8A 4A 8E A6 8F 91 ".xlsx" (開示書 in CP932) is "\x8AJ\x8E\xA6\x8F\x91.xlsx"
 * and a\b is a\\b.  malloc'd, or NULL when out of memory.
 */
char *kaiji_text_path_show(const char *path);

/* The bytes of the file name whose shown form is shown: the reverse of
 * kaiji_text_path_show (\\ is a backslash, \x80..\xFF a byte; a backslash
 * that starts neither is kept, as typed).  What opens a file named in the
 * shown form opens this.  malloc'd, or NULL when out of memory. */
char *kaiji_text_path_bytes(const char *shown);

/* A name that may already be in the shown form: a copy of name when it is
 * well-formed UTF-8 (taken as shown), else kaiji_text_path_show(name).
 * malloc'd, or NULL when out of memory. */
char *kaiji_text_path_utf8(const char *name);

/* The longest visible form kaiji_text_next_shown writes, with its NUL. */
#define KAIJI_TEXT_ESC_MAX 12
/*
 * Looks at the character at s (left bytes): returns how many bytes it takes
 * and, when it must not reach a terminal as it is, writes its visible form
 * into esc ("\x1B" for ESC or CR, "\u202E" for a bidi override, "\xFF" for
 * a byte that is not UTF-8); esc is "" otherwise.  What must not: control
 * characters but newline and tab, C1 controls, format characters (bidi
 * controls, zero-width characters), line and paragraph separators,
 * surrogates and unassigned code points.  When s holds only the start of a
 * character whose rest may follow, returns 0 with *partial true.
 */
size_t kaiji_text_next_shown(const char *s, size_t left, char esc[KAIJI_TEXT_ESC_MAX],
                             bool *partial);

/*
 * s on one line and at most columns wide on a terminal (a wide character
 * takes two): white space runs become one space, control and format
 * characters and bytes that are not UTF-8 are left out, and a text too long
 * is cut and ends in "…" (counted as two columns).  malloc'd, or NULL when
 * out of memory; s NULL gives "".
 */
char *kaiji_text_shorten(const char *s, size_t columns);
/* The columns s takes on a terminal (a wide character two); bytes that are
 * not UTF-8 count one each. */
size_t kaiji_text_columns(const char *s);

#endif
