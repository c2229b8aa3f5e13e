/*
 * text/normalize.c - UTF-8 validation, NFKC keys, trimming and item-ID keys.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/internal.h"
#include "text/text.h"

size_t kaiji_text_utf8_seq_len(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t need;
    uint32_t cp, min;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1Fu;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0Fu;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07u;
        min = 0x10000;
    } else {
        return 0;
    }
    if (left <= need)
        return 0;
    for (size_t k = 1; k <= need; k++) {
        if ((p[k] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        return 0;
    return need + 1;
}

bool kaiji_text_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL)
        return len == 0;
    for (size_t i = 0, n; i < len; i += n)
        if (!(n = kaiji_text_utf8_seq_len(p + i, len - i)))
            return false;
    return true;
}

void kaiji_text_utf8_scrub(char *s)
{
    unsigned char *p = (unsigned char *)s;
    size_t len = strlen(s);

    for (size_t i = 0, n; i < len; i += n)
        if (!(n = kaiji_text_utf8_seq_len(p + i, len - i))) {
            p[i] = '?';
            n = 1;
        }
}

int32_t kaiji_text_next_cp(const char *s, size_t len, size_t *pos)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n;

    if (*pos >= len)
        return -1;
    n = utf8proc_iterate((const utf8proc_uint8_t *)s + *pos,
                         (utf8proc_ssize_t)(len - *pos), &cp);
    if (n <= 0 || cp < 0)
        return -1;
    *pos += (size_t)n;
    return cp;
}

void kaiji_text_put_cp(char *buf, size_t *n, int32_t cp)
{
    *n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + *n);
}

static bool zero_width(int32_t cp)
{
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
           cp == 0xFEFF;
}

bool kaiji_text_cp_space(int32_t cp)
{
    if (zero_width(cp))
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return true;
    default:
        return false;
    }
}

/*
 * The code points that NFKC, case folding and the canonical composition of
 * a neighbour leave alone, or map to one code point without context: the
 * code points of [lo, hi] become cp + delta.  Every one has combining class
 * 0, no decomposition (or a singleton one), and never composes with a
 * neighbour from this table, so a text made only of them normalises code
 * point by code point (tests/test_fastpath.c checks every entry against
 * utf8proc).  Left out on purpose: U+3099/U+309A and the spacing marks
 * U+309B/U+309C (they compose with kana), half-width katakana, circled
 * numbers, compatibility ideographs, ellipses and other multi-character
 * compatibility forms.  Sorted by lo.  Every mapping (delta not 0) gives an
 * ASCII code point: fast_nfkc() relies on it.
 */
static const struct fast_range {
    int32_t lo, hi, delta;
} fast_ranges[] = {
    {0x00A0, 0x00A0, 0x0020 - 0x00A0}, /* no-break space */
    {0x00D7, 0x00D7, 0},               /* × */
    {0x2010, 0x2010, 0},               /* hyphen */
    {0x2012, 0x2016, 0},               /* dashes, ‖ */
    {0x2018, 0x2023, 0},               /* quotes, daggers, bullets */
    {0x2030, 0x2030, 0},               /* ‰ */
    {0x203B, 0x203B, 0},               /* ※ */
    {0x2190, 0x21FF, 0},               /* arrows */
    {0x24EB, 0x24FF, 0},               /* negative circled numbers ⓫ */
    {0x2500, 0x27BF, 0},               /* box drawing, shapes ○■, symbols */
    {0x3000, 0x3000, 0x0020 - 0x3000}, /* ideographic space */
    {0x3001, 0x3029, 0},               /* 、。〃〆〇「」【】〒〜... */
    {0x3030, 0x3035, 0},
    {0x3037, 0x3037, 0},
    {0x303B, 0x3098, 0},               /* hiragana ぁ..ゖ */
    {0x309D, 0x309E, 0},               /* ゝゞ */
    {0x30A0, 0x30FE, 0},               /* katakana ァ..ヺ, ・ ー ヽヾ */
    {0x4E00, 0x9FFF, 0},               /* CJK unified ideographs */
    {0xFF01, 0xFF5E, 0x0021 - 0xFF01}, /* full-width ASCII ！..～ */
};

/* The code point cp normalises to when it is in fast_ranges, else -1. */
static int32_t fast_map(int32_t cp)
{
    size_t lo = 0, hi = sizeof fast_ranges / sizeof fast_ranges[0];

    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x30A0 && cp <= 0x30FE) ||
        (cp >= 0x303B && cp <= 0x3098))
        return cp; /* kanji, katakana, hiragana: the most common */

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cp < fast_ranges[mid].lo)
            hi = mid;
        else if (cp > fast_ranges[mid].hi)
            lo = mid + 1;
        else
            return cp + fast_ranges[mid].delta;
    }
    return -1;
}

/* Decodes the code point at s[*i] (len bytes) as fast_nfkc reads them:
 * one to three bytes, well-formed; -1 otherwise. */
static inline int32_t fast_decode(const unsigned char *p, size_t len, size_t *i)
{
    int32_t cp = p[*i];

    if (cp < 0x80) {
        *i += 1;
        return cp;
    }
    if (cp >= 0xC2 && cp <= 0xDF && *i + 1 < len && (p[*i + 1] & 0xC0u) == 0x80u) {
        cp = ((cp & 0x1F) << 6) | (p[*i + 1] & 0x3F);
        *i += 2;
        return cp;
    }
    if (cp >= 0xE0 && cp <= 0xEF && *i + 2 < len && (p[*i + 1] & 0xC0u) == 0x80u &&
        (p[*i + 2] & 0xC0u) == 0x80u) {
        cp = ((cp & 0x0F) << 12) | ((p[*i + 1] & 0x3F) << 6) | (p[*i + 2] & 0x3F);
        if (cp < 0x800)
            return -1;
        *i += 3;
        return cp;
    }
    return -1;
}

static size_t lead_space(const char *s, size_t len);

int32_t kaiji_text_nfkc_first(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len, i = 0;
    int32_t first, second;

    if (s == NULL)
        return -1;
    len = strlen(s);
    i = lead_space(s, len);
    if (i >= len)
        return -1;
    first = fast_decode(p, len, &i);
    if (first >= 0x80)
        first = fast_map(first);
    if (first <= 0x20 || first == 0x7F)
        return -1;
    if (i < len) {
        second = fast_decode(p, len, &i);
        if (second < 0 || (second >= 0x80 && fast_map(second) < 0))
            return -1;
    }
    return first;
}

/* What fast_nfkc does with white space. */
typedef enum space_mode {
    SPACE_KEEP,     /* NFKC only */
    SPACE_REMOVE,   /* kaiji_text_key */
    SPACE_COLLAPSE  /* kaiji_text_fold */
} space_mode;

/*
 * NFKC of s[0..len) (case-folded when casefold), with its white space kept,
 * removed or collapsed, written to out (room for len + 1 bytes: no mapping
 * of fast_ranges makes a code point longer) when every code point of s is an
 * ASCII one or in fast_ranges.  false when one is not, or s is not UTF-8:
 * the caller then goes the general way, through utf8proc.  After mapping,
 * the only white space left is ASCII: C0 controls, DEL and the space.
 */
static bool fast_nfkc(const char *s, size_t len, bool casefold, space_mode mode,
                      char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;
    bool pending = false;

    while (i < len) {
        int32_t cp = p[i];

        if (cp < 0x80) {
            i++;
        } else {
            size_t start = i;
            int32_t mapped;

            if ((cp = fast_decode(p, len, &i)) < 0 || (mapped = fast_map(cp)) < 0)
                return false;
            if (mapped == cp) {
                /* Kept as it is: none of these is white space. */
                if (pending) {
                    out[n++] = ' ';
                    pending = false;
                }
                /* two or three bytes: copied in line, not by a call */
                out[n++] = s[start];
                out[n++] = s[start + 1];
                if (i - start == 3)
                    out[n++] = s[start + 2];
                continue;
            }
            cp = mapped; /* every mapping of the table gives ASCII */
        }
        if (cp <= 0x20 || cp == 0x7F) {
            if (mode == SPACE_KEEP)
                out[n++] = (char)cp;
            else if (mode == SPACE_COLLAPSE && n > 0)
                pending = true;
            continue;
        }
        if (pending) {
            out[n++] = ' ';
            pending = false;
        }
        out[n++] = (char)(casefold && cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    }
    out[n] = '\0';
    return true;
}

char *kaiji_text_nfkc_utf8proc(const char *s, bool casefold)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n;
    int options = UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                  UTF8PROC_COMPAT;

    if (s == NULL || !kaiji_text_utf8_valid(s, strlen(s)))
        return NULL;
    if (casefold)
        options |= UTF8PROC_CASEFOLD;
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &dst,
                     (utf8proc_option_t)options);
    if (n < 0)
        return NULL;
    return (char *)dst;
}

/* Most cells are ASCII, kana and kanji: those go the fast way. */
char *kaiji_text_nfkc_fold(const char *s, bool casefold)
{
    size_t len;
    char *out;

    if (s == NULL)
        return NULL;
    len = strlen(s);
    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    if (fast_nfkc(s, len, casefold, SPACE_KEEP, out))
        return out;
    free(out);
    return kaiji_text_nfkc_utf8proc(s, casefold);
}

char *kaiji_text_nfkc(const char *s)
{
    return kaiji_text_nfkc_fold(s, false);
}

/*
 * NFKC + case fold of s, then white space removed (collapse false) or
 * collapsed to single spaces between words (collapse true).  malloc'd.
 */
static char *key_or_fold(const char *s, bool collapse)
{
    char *norm = NULL;
    char *out = NULL;
    size_t len, pos = 0, n = 0;
    bool pending_space = false;
    int32_t cp;

    if (s == NULL)
        return NULL;
    len = strlen(s);
    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    if (fast_nfkc(s, len, true, collapse ? SPACE_COLLAPSE : SPACE_REMOVE, out))
        return out;
    free(out);
    out = NULL;
    norm = kaiji_text_nfkc_utf8proc(s, true);
    if (norm == NULL)
        return NULL;
    len = strlen(norm);
    out = malloc(len + 1);
    if (out == NULL)
        goto error;
    while ((cp = kaiji_text_next_cp(norm, len, &pos)) >= 0) {
        if (kaiji_text_cp_space(cp)) {
            /* Zero-width characters join; they never make a word break. */
            if (!zero_width(cp))
                pending_space = collapse && n > 0;
            continue;
        }
        if (pending_space)
            out[n++] = ' ';
        pending_space = false;
        kaiji_text_put_cp(out, &n, cp);
    }
    out[n] = '\0';
    free(norm);
    return out;
error:
    free(norm);
    free(out);
    return NULL;
}

char *kaiji_text_key(const char *s)
{
    return key_or_fold(s, false);
}

char *kaiji_text_key_buf(const char *s, char *buf, size_t size)
{
    size_t len;

    if (s == NULL)
        return NULL;
    len = strlen(s);
    if (len < size && fast_nfkc(s, len, true, SPACE_REMOVE, buf))
        return buf;
    return key_or_fold(s, false);
}

char *kaiji_text_fold(const char *s)
{
    return key_or_fold(s, true);
}

/* true for a code point nobody sees (see kaiji_text_strip_invisible). */
static bool invisible(int32_t cp)
{
    if (cp < 0x80)
        return false;
    if (zero_width(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_CF)
        return true;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p && p->ignorable;
}

char *kaiji_text_strip_invisible(const char *s)
{
    size_t len, pos = 0, n = 0;
    char *out;
    int32_t cp;

    if (s == NULL || !kaiji_text_utf8_valid(s, (len = strlen(s))))
        return NULL;
    if (!(out = malloc(len + 1)))
        return NULL;
    while (pos < len) {
        size_t at = pos;
        if ((cp = kaiji_text_next_cp(s, len, &pos)) < 0)
            break;
        if (!invisible(cp)) {
            memcpy(out + n, s + at, pos - at);
            n += pos - at;
        }
    }
    out[n] = '\0';
    return out;
}

char *kaiji_text_visible_fold(const char *s)
{
    char *visible = kaiji_text_strip_invisible(s);
    char *out = visible ? kaiji_text_fold(visible) : NULL;
    free(visible);
    return out;
}

/* Length of the trimmable white space (ASCII, NBSP, U+3000) at s[0..len). */
static size_t lead_space(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            i++;
        else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
            i += 2;
        else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                 (unsigned char)s[i + 2] == 0x80)
            i += 3;
        else
            break;
    }
    return i;
}

/* Length of s[0..len) without its trailing trimmable white space. */
static size_t trail_trimmed(const char *s, size_t len)
{
    while (len > 0) {
        unsigned char c = (unsigned char)s[len - 1];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            len--;
        else if (c == 0xA0 && len >= 2 && (unsigned char)s[len - 2] == 0xC2)
            len -= 2;
        else if (c == 0x80 && len >= 3 && (unsigned char)s[len - 2] == 0x80 &&
                 (unsigned char)s[len - 3] == 0xE3)
            len -= 3;
        else
            break;
    }
    return len;
}

size_t kaiji_text_trim_range(const char *s, size_t len, size_t *start)
{
    *start = lead_space(s, len);
    return trail_trimmed(s + *start, len - *start) + *start;
}

char *kaiji_text_trim(const char *s)
{
    size_t start, end;
    char *out;

    if (s == NULL)
        return NULL;
    end = kaiji_text_trim_range(s, strlen(s), &start);
    out = malloc(end - start + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, s + start, end - start);
    out[end - start] = '\0';
    return out;
}

/* As lead_space() over the whole of s, without measuring it first: most
 * texts asked about are not blank and tell it by their first bytes. */
bool kaiji_text_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL)
        return true;
    for (;;) {
        if (*p == '\0')
            return true;
        if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
            p++;
        else if (p[0] == 0xC2 && p[1] == 0xA0)
            p += 2;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            p += 3;
        else
            return false;
    }
}

/* The number of a circled or similar enclosed number (① ㉑ ㊱ ❶ ➀ ➊ ⓫ ⓵),
 * or -1 for any other code point. */
static int circled_number(int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return cp - 0x2460 + 1;
    if (cp >= 0x3251 && cp <= 0x325F)
        return cp - 0x3251 + 21;
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return cp - 0x32B1 + 36;
    if (cp == 0x24EA || cp == 0x24FF)
        return 0;
    if (cp >= 0x24EB && cp <= 0x24F4)
        return cp - 0x24EB + 11;
    if (cp >= 0x24F5 && cp <= 0x24FE)
        return cp - 0x24F5 + 1;
    if (cp >= 0x2776 && cp <= 0x277F)
        return cp - 0x2776 + 1;
    if (cp >= 0x2780 && cp <= 0x2789)
        return cp - 0x2780 + 1;
    if (cp >= 0x278A && cp <= 0x2793)
        return cp - 0x278A + 1;
    return -1;
}

/* true for a separator dropped when it stands right before "(" in an ID
 * key (after NFKC): - . and the Unicode dashes. */
static bool id_separator(int32_t cp)
{
    return cp == '-' || cp == '.' || cp == 0x2010 || cp == 0x2012 ||
           cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212 ||
           cp == 0x30FC;
}

/*
 * Circled numbers become "(n)" before NFKC (which would make ① a bare "1");
 * then the key is NFKC + case fold without white space, and a run of
 * separators right before "(" is dropped.  "1-1" and "MPII-2.1" keep theirs.
 */
/*
 * kaiji_text_id_key() of an ID that is all ASCII (most are: "1-1",
 * "AUDT-1.2", "2(3)"), in one pass into key (len + 1 bytes): lower case,
 * without white space and controls, a run of "-" and "." right before "("
 * dropped.  false when id holds a byte that is not ASCII: the general way
 * then.
 */
static bool ascii_id_key(const char *id, size_t len, char *key)
{
    size_t i, n = 0, run = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)id[i];

        if (c >= 0x80)
            return false;
        if (c <= 0x20 || c == 0x7F)
            continue;
        if (c == '(' && run > 0)
            n -= run; /* the separators just before "(" go */
        run = c == '-' || c == '.' ? run + 1 : 0;
        key[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    key[n] = '\0';
    return true;
}

char *kaiji_text_id_key_buf(const char *id, char *buf, size_t size)
{
    size_t len;

    if (id == NULL)
        return NULL;
    len = strlen(id);
    if (len < size && ascii_id_key(id, len, buf))
        return buf;
    return kaiji_text_id_key(id);
}

char *kaiji_text_id_key(const char *id)
{
    char *expanded = NULL, *key = NULL, *out = NULL;
    size_t len, pos = 0, n = 0, klen;
    int32_t cp;

    if (id == NULL)
        return NULL;
    len = strlen(id);
    if ((key = malloc(len + 1)) == NULL)
        return NULL;
    if (ascii_id_key(id, len, key))
        return key;
    free(key);
    key = NULL;
    if (!kaiji_text_utf8_valid(id, len))
        return NULL;
    /* "(nn)" is at most 4 bytes per code point of at least 3 bytes. */
    expanded = malloc(len * 2 + 1);
    if (expanded == NULL)
        goto error;
    while ((cp = kaiji_text_next_cp(id, len, &pos)) >= 0) {
        int num = circled_number(cp);
        if (num < 0) {
            kaiji_text_put_cp(expanded, &n, cp);
            continue;
        }
        expanded[n++] = '(';
        if (num >= 10)
            expanded[n++] = (char)('0' + num / 10);
        expanded[n++] = (char)('0' + num % 10);
        expanded[n++] = ')';
    }
    expanded[n] = '\0';
    key = kaiji_text_key(expanded);
    if (key == NULL)
        goto error;
    klen = strlen(key);
    out = malloc(klen + 1);
    if (out == NULL)
        goto error;
    n = 0;
    pos = 0;
    while (pos < klen) {
        size_t start = pos, run_end;
        cp = kaiji_text_next_cp(key, klen, &pos);
        if (cp < 0)
            goto error;
        if (!id_separator(cp)) {
            memcpy(out + n, key + start, pos - start);
            n += pos - start;
            continue;
        }
        run_end = pos;
        while (run_end < klen) {
            size_t next = run_end;
            int32_t c2 = kaiji_text_next_cp(key, klen, &next);
            if (c2 < 0 || !id_separator(c2))
                break;
            run_end = next;
        }
        if (run_end < klen && key[run_end] == '(') {
            pos = run_end;
            continue;
        }
        memcpy(out + n, key + start, run_end - start);
        n += run_end - start;
        pos = run_end;
    }
    out[n] = '\0';
    free(expanded);
    free(key);
    return out;
error:
    free(expanded);
    free(key);
    free(out);
    return NULL;
}
