/*
 * parser/choices.c - several answer words in one text ("はい・いいえ").
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parser/choices.h"
#include "text/text.h"

#define MAX_TEXT 256
#define MAX_TOKENS (2 * KAIJI_MAX_CHOICE_WORDS)

typedef struct token {
    size_t off, len, pos, width;
    bool slash_after; /* one "/" or "／" and nothing else before the next */
} token;

static bool separator(utf8proc_int32_t cp)
{
    switch (cp) {
    case ' ': case '\t': case '\r': case '\n': case ',': case '|': case '/':
    case 0x3000: /* ideographic space */
    case 0x30FB: /* ・ */
    case 0xFF65: /* ･ */
    case 0x3001: /* 、 */
    case 0xFF0C: /* ， */
    case 0xFF5C: /* ｜ */
    case 0xFF0F: /* ／ */
        return true;
    default:
        return false;
    }
}

static bool slash(utf8proc_int32_t cp)
{
    return cp == '/' || cp == 0xFF0F;
}

/* The answer len bytes at s stand for alone (no comment), or BLANK when
 * they are no answer word. */
static kaiji_answer word_answer(const char *s, size_t len)
{
    char buf[MAX_TEXT + 1];
    char *comment = NULL;
    kaiji_answer a;

    memcpy(buf, s, len);
    buf[len] = '\0';
    a = kaiji_text_parse_answer(buf, &comment);
    if (comment && !kaiji_text_blank(comment))
        a = KAIJI_ANSWER_INVALID;
    free(comment);
    if (a == KAIJI_ANSWER_INVALID || a == KAIJI_ANSWER__COUNT)
        return KAIJI_ANSWER_BLANK;
    return a;
}

bool kaiji_choice_split(const char *text, kaiji_choice_set *out)
{
    token tok[MAX_TOKENS];
    size_t ntok = 0, len, i = 0, pos = 0, k;
    bool in_token = false;
    unsigned seen = 0;

    memset(out, 0, sizeof *out);
    if (!text)
        return false;
    len = strlen(text);
    if (len == 0 || len > MAX_TEXT)
        return false;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        int w;

        if (n <= 0)
            return false;
        w = utf8proc_charwidth(cp);
        if (w < 0)
            w = 0;
        if (separator(cp)) {
            if (in_token) {
                in_token = false;
                tok[ntok - 1].slash_after = slash(cp);
            } else if (ntok > 0) {
                tok[ntok - 1].slash_after = false;
            }
        } else if (!in_token) {
            if (ntok == MAX_TOKENS)
                return false;
            tok[ntok++] = (token){ i, (size_t)n, pos, (size_t)w, false };
            in_token = true;
        } else {
            tok[ntok - 1].len += (size_t)n;
            tok[ntok - 1].width += (size_t)w;
        }
        i += (size_t)n;
        pos += (size_t)w;
    }
    out->width = pos;
    if (ntok < 2)
        return false;
    for (k = 0; k < ntok; k++) {
        token t = tok[k];
        kaiji_answer a = word_answer(text + t.off, t.len);

        /* "N/A" was split at its slash: joined again when that reads. */
        if (t.slash_after && k + 1 < ntok) {
            const token *next = &tok[k + 1];
            size_t jl = next->off + next->len - t.off;
            kaiji_answer j = word_answer(text + t.off, jl);

            if (j != KAIJI_ANSWER_BLANK &&
                (a == KAIJI_ANSWER_BLANK ||
                 word_answer(text + next->off, next->len) == KAIJI_ANSWER_BLANK)) {
                t.len = jl;
                t.width = next->pos + next->width - t.pos;
                a = j;
                k++;
            }
        }
        if (a == KAIJI_ANSWER_BLANK || out->count == KAIJI_MAX_CHOICE_WORDS)
            return false;
        out->words[out->count++] = (kaiji_choice_word){ t.off, t.len, t.pos, t.width, a };
        seen |= 1u << a;
    }
    /* two different answers at least */
    return out->count >= 2 && (seen & (seen - 1)) != 0;
}
