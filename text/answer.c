/*
 * text/answer.c - answer cells: はい / いいえ / 対象外 / See Note, with or
 * without a comment after the answer word, and per-choice marks.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/internal.h"
#include "text/text.h"

/*
 * The answer vocabulary, as it reads after NFKC with ASCII letters in lower
 * case (so Ｙｅｓ, YES and yes meet, and half-width ﾊｲ / ｲｲｴ read as ハイ /
 * イイエ).  A cell answers when it starts with one of these words followed
 * by the end, white space or punctuation: "Yesterday", "Notes", "NAS対応",
 * "はいけい" are not answers.  The longest word that fits wins ("N/A" over
 * "N").  A lone dash (-, －, ー, ―, —, ‐, −) is handled apart: it means
 * 対象外 only when it is the whole cell.
 */
static const struct answer_word {
    const char *word;
    kaiji_answer answer;
} answer_words[] = {
    {"はい", KAIJI_ANSWER_YES},
    {"ハイ", KAIJI_ANSWER_YES},
    {"yes", KAIJI_ANSWER_YES},
    {"y", KAIJI_ANSWER_YES},
    {"○", KAIJI_ANSWER_YES},  /* U+25CB white circle */
    {"〇", KAIJI_ANSWER_YES},  /* U+3007 ideographic zero */
    {"◯", KAIJI_ANSWER_YES},  /* U+25EF large circle */
    {"⭕", KAIJI_ANSWER_YES},  /* U+2B55 heavy large circle */
    {"✓", KAIJI_ANSWER_YES},
    {"✔", KAIJI_ANSWER_YES},
    {"☑", KAIJI_ANSWER_YES},
    {"✅", KAIJI_ANSWER_YES},
    {"いいえ", KAIJI_ANSWER_NO},
    {"イイエ", KAIJI_ANSWER_NO},
    {"no", KAIJI_ANSWER_NO},
    {"n", KAIJI_ANSWER_NO},
    {"×", KAIJI_ANSWER_NO},   /* U+00D7 multiplication sign */
    {"✕", KAIJI_ANSWER_NO},
    {"✖", KAIJI_ANSWER_NO},
    {"✗", KAIJI_ANSWER_NO},
    {"✘", KAIJI_ANSWER_NO},
    {"❌", KAIJI_ANSWER_NO},
    {"対象外", KAIJI_ANSWER_NA},
    {"該当なし", KAIJI_ANSWER_NA},
    {"該当無し", KAIJI_ANSWER_NA},
    {"該当しない", KAIJI_ANSWER_NA},
    {"非該当", KAIJI_ANSWER_NA},
    {"n/a", KAIJI_ANSWER_NA},
    {"n.a", KAIJI_ANSWER_NA},
    {"na", KAIJI_ANSWER_NA},
    {"not applicable", KAIJI_ANSWER_NA},
    {"see note", KAIJI_ANSWER_SEE_NOTE},
    {"see notes", KAIJI_ANSWER_SEE_NOTE},
};

/* Marks put in a per-choice column, after NFKC, ASCII in lower case. */
static const char *const mark_words[] = {
    "○", "〇", "◯", "⭕", "◎", "●", "✓", "✔", "☑", "✅", "レ", "v", "x",
    "×", "✕", "✗", "✘", "✖", "■", "1", "o",
};

static int32_t lower_ascii(int32_t cp)
{
    return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

/* kaiji_text_next_cp() with ASCII decoded in line. */
static int32_t next_cp(const char *s, size_t len, size_t *pos)
{
    if (*pos < len && (unsigned char)s[*pos] < 0x80)
        return (unsigned char)s[(*pos)++];
    return kaiji_text_next_cp(s, len, pos);
}

/* kaiji_text_cp_space() with ASCII decided in line: C0 controls, the space
 * and DEL. */
static bool space_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp <= 0x20 || cp == 0x7F;
    return kaiji_text_cp_space(cp);
}

/* true when cp may follow an answer word: anything but a letter, a digit
 * or a combining mark. */
static bool word_boundary(int32_t cp)
{
    if (cp < 0x80)
        return !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
                 (cp >= 'a' && cp <= 'z'));
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return false;
    default:
        return true;
    }
}

/*
 * Matches word at t[pos..len): ASCII case-insensitive, white space in t
 * skipped between the characters of the word (a space in word matches any
 * run of white space, or none).  Returns the end of the match in t followed
 * by a word boundary, or 0 when word does not match there.
 */
static size_t match_word(const char *t, size_t len, size_t pos, const char *word)
{
    size_t wlen = strlen(word), wpos = 0, k;
    bool first = true;

    /* Most cells write the word as it is: then no white space is skipped
     * and only the boundary after it is left to check. */
    for (k = 0; k < wlen && pos + k < len; k++)
        if ((unsigned char)lower_ascii((unsigned char)t[pos + k]) != (unsigned char)word[k])
            break;
    if (k == wlen) {
        size_t save = pos + wlen;
        int32_t next;

        if (save == len)
            return save;
        next = next_cp(t, len, &save);
        return next >= 0 && word_boundary(next) ? pos + wlen : 0;
    }

    while (wpos < wlen) {
        int32_t wc = next_cp(word, wlen, &wpos);
        size_t save;
        int32_t tc;

        if (wc < 0)
            return 0;
        if (!first || wc == ' ') {
            for (;;) {
                save = pos;
                tc = next_cp(t, len, &save);
                if (tc < 0 || !space_cp(tc))
                    break;
                pos = save;
            }
        }
        first = false;
        if (wc == ' ')
            continue;
        tc = next_cp(t, len, &pos);
        if (tc < 0 || lower_ascii(tc) != wc)
            return 0;
    }
    if (pos < len) {
        size_t save = pos;
        int32_t next = next_cp(t, len, &save);
        if (next < 0 || !word_boundary(next))
            return 0;
    }
    return pos;
}

/* true when word may match at t[pos] (pos < len): its first character is
 * the one there, ASCII letters compared in lower case.  A pre-filter only:
 * match_word decides. */
static bool first_char_fits(const char *t, size_t len, size_t pos, const char *word)
{
    unsigned char c = (unsigned char)t[pos];
    size_t n;

    if (c < 0x80)
        return (unsigned char)lower_ascii(c) == (unsigned char)word[0];
    if ((unsigned char)word[0] != c)
        return false;
    n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    return len - pos >= n && memcmp(t + pos, word, n) == 0;
}

/* The longest answer word at t[pos..len): its answer, and *end past it;
 * KAIJI_ANSWER_INVALID when none fits. */
static kaiji_answer match_answer(const char *t, size_t len, size_t pos, size_t *end)
{
    kaiji_answer best = KAIJI_ANSWER_INVALID;
    size_t best_end = 0;

    if (pos >= len) {
        *end = 0;
        return best;
    }
    for (size_t i = 0; i < sizeof answer_words / sizeof answer_words[0]; i++) {
        size_t e;

        if (!first_char_fits(t, len, pos, answer_words[i].word))
            continue;
        e = match_word(t, len, pos, answer_words[i].word);
        if (e > best_end) {
            best_end = e;
            best = answer_words[i].answer;
        }
    }
    *end = best_end;
    return best;
}

static bool is_dash(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2012 || cp == 0x2013 ||
           cp == 0x2014 || cp == 0x2015 || cp == 0x2212 || cp == 0x30FC;
}

/* true for separators skipped between an answer and its comment. */
static bool comment_separator(int32_t cp)
{
    return kaiji_text_cp_space(cp) || is_dash(cp) || cp == ',' || cp == '.' ||
           cp == ';' || cp == ':' || cp == '/' || cp == '!' || cp == '?' ||
           cp == 0x3001 || cp == 0x3002 || cp == 0x30FB || cp == '~' ||
           cp == 0x301C;
}

/* The closing bracket of an opening one (after NFKC), or 0. */
static int32_t closing_bracket(int32_t cp)
{
    switch (cp) {
    case '(': return ')';
    case '[': return ']';
    case '{': return '}';
    case 0x300C: return 0x300D; /* 「」 */
    case 0x300E: return 0x300F; /* 『』 */
    case 0x3010: return 0x3011; /* 【】 */
    case 0x3014: return 0x3015; /* 〔〕 */
    case 0x3008: return 0x3009; /* 〈〉 */
    case 0x300A: return 0x300B; /* 《》 */
    default: return 0;
    }
}

/* Skips white space and separators from t[*pos]. */
static void skip_separators(const char *t, size_t len, size_t *pos)
{
    while (*pos < len) {
        size_t next = *pos;
        int32_t cp = kaiji_text_next_cp(t, len, &next);
        if (cp < 0 || !comment_separator(cp))
            break;
        *pos = next;
    }
}

/* The byte range [*start, *end) of the comment in t[pos..len): separators
 * skipped, one enclosing bracket pair removed, white space trimmed. */
static void comment_range(const char *t, size_t len, size_t pos,
                          size_t *start, size_t *end)
{
    size_t s = pos, e = len, next;
    int32_t open, close;

    skip_separators(t, len, &s);
    while (e > s && (t[e - 1] == ' ' || (t[e - 1] >= '\t' && t[e - 1] <= '\r')))
        e--;
    next = s;
    open = kaiji_text_next_cp(t, e, &next);
    close = open < 0 ? 0 : closing_bracket(open);
    if (close != 0 && e > next) {
        /* Find the last code point of the range. */
        size_t last = e - 1;
        while (last > next && ((unsigned char)t[last] & 0xC0u) == 0x80u)
            last--;
        size_t p2 = last;
        if (kaiji_text_next_cp(t, e, &p2) == close) {
            s = next;
            e = last;
        }
    }
    while (s < e && (t[s] == ' ' || (t[s] >= '\t' && t[s] <= '\r')))
        s++;
    while (e > s && (t[e - 1] == ' ' || (t[e - 1] >= '\t' && t[e - 1] <= '\r')))
        e--;
    *start = s;
    *end = e;
}

/*
 * true when t[pos..len) is nothing but answer words of another answer than
 * first ("はい・いいえ", "Yes/No"): a choice prompt left unanswered, not a
 * comment.
 */
static bool other_answers_only(const char *t, size_t len, size_t pos,
                               kaiji_answer first)
{
    bool differs = false;

    for (;;) {
        size_t end;
        kaiji_answer a;

        skip_separators(t, len, &pos);
        if (pos >= len)
            return differs;
        a = match_answer(t, len, pos, &end);
        if (a == KAIJI_ANSWER_INVALID)
            return false;
        if (a != first)
            differs = true;
        pos = end;
    }
}

/* true when t[0..len) is one to three dashes and nothing else. */
static bool lone_dash(const char *t, size_t len)
{
    size_t pos = 0;
    int count = 0;
    int32_t cp;

    while ((cp = kaiji_text_next_cp(t, len, &pos)) >= 0) {
        if (!is_dash(cp))
            return false;
        count++;
    }
    return count >= 1 && count <= 3 && pos == len;
}

/* s without its leading and trailing white space (as kaiji_text_trim()
 * cuts it): s is cut at its end and the result points into it. */
static char *trim_in_place(char *s)
{
    size_t start, end = kaiji_text_trim_range(s, strlen(s), &start);

    s[end] = '\0';
    return s + start;
}

/* true when an answer word or a lone dash may start with cp (a code point
 * of NFKC text): most cells tell from their first character that they are
 * no answer, without being normalised whole. */
static bool may_start_answer(int32_t cp)
{
    char buf[8];
    size_t n = 0;

    if (is_dash(cp))
        return true;
    kaiji_text_put_cp(buf, &n, lower_ascii(cp));
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof answer_words / sizeof answer_words[0]; i++)
        if (answer_words[i].word[0] == buf[0] && strncmp(answer_words[i].word, buf, n) == 0)
            return true;
    return false;
}

void kaiji_text_answer_ascii_starts(bool starts[128])
{
    memset(starts, 0, 128 * sizeof *starts);
    starts['-'] = true; /* a lone dash */
    for (size_t i = 0; i < sizeof answer_words / sizeof answer_words[0]; i++) {
        unsigned char c = (unsigned char)answer_words[i].word[0];

        if (c < 0x80) {
            starts[c] = true;
            if (c >= 'a' && c <= 'z')
                starts[c - ('a' - 'A')] = true;
        }
    }
}

/*
 * The comment is taken from the NFKC form of the cell (full-width letters
 * and brackets made ASCII, case kept).  Text that is not UTF-8, and running
 * out of memory, give KAIJI_ANSWER_INVALID.
 */
kaiji_answer kaiji_text_parse_answer(const char *s, char **comment)
{
    char *norm = NULL, *trimmed = NULL;
    kaiji_answer answer = KAIJI_ANSWER_INVALID;
    size_t len, end, cs, ce;
    int32_t first;

    if (comment != NULL)
        *comment = NULL;
    if (kaiji_text_blank(s))
        return KAIJI_ANSWER_BLANK;
    first = kaiji_text_nfkc_first(s);
    if (first >= 0 && !may_start_answer(first))
        return KAIJI_ANSWER_INVALID;
    norm = kaiji_text_nfkc(s);
    if (norm == NULL)
        goto done;
    trimmed = trim_in_place(norm);
    len = strlen(trimmed);
    if (len == 0) {
        answer = KAIJI_ANSWER_BLANK;
        goto done;
    }
    if (lone_dash(trimmed, len)) {
        answer = KAIJI_ANSWER_NA;
        goto done;
    }
    answer = match_answer(trimmed, len, 0, &end);
    if (answer == KAIJI_ANSWER_INVALID)
        goto done;
    if (other_answers_only(trimmed, len, end, answer)) {
        answer = KAIJI_ANSWER_INVALID;
        goto done;
    }
    comment_range(trimmed, len, end, &cs, &ce);
    if (comment != NULL && ce > cs) {
        *comment = malloc(ce - cs + 1);
        if (*comment == NULL) {
            answer = KAIJI_ANSWER_INVALID;
            goto done;
        }
        memcpy(*comment, trimmed + cs, ce - cs);
        (*comment)[ce - cs] = '\0';
    }
done:
    free(norm);
    return answer;
}

bool kaiji_text_is_mark(const char *s)
{
    char *norm, *trimmed = NULL;
    bool mark = false;

    if (kaiji_text_blank(s))
        return false;
    norm = kaiji_text_nfkc(s);
    if (norm == NULL)
        return false;
    trimmed = kaiji_text_trim(norm);
    if (trimmed == NULL)
        goto done;
    if (trimmed[0] >= 'A' && trimmed[0] <= 'Z' && trimmed[1] == '\0')
        trimmed[0] = (char)(trimmed[0] + ('a' - 'A'));
    for (size_t i = 0; i < sizeof mark_words / sizeof mark_words[0]; i++) {
        if (strcmp(trimmed, mark_words[i]) == 0) {
            mark = true;
            break;
        }
    }
done:
    free(norm);
    free(trimmed);
    return mark;
}
