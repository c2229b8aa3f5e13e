/*
 * parser/labels.c - what a short text of a cell says, looked up in the
 * vocabulary (catalog/vocab.h): the header field or column it labels (as
 * written, or without decorations such as 【】 and ■, a trailing "(...)" or
 * a leading enumerator), the kinds it is a clue to, the MDS2 edition it
 * names, the answer it reads as.  Each distinct text of the workbook is
 * looked at once: what is found is kept in a cache of the texts, which the
 * workbook owns.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/base.h"
#include "parser/choices.h"
#include "parser/recognize_internal.h"
#include "text/text.h"

#define CACHE_MIN_SLOTS 256  /* the first size of the classification cache */
#define CACHE_MAX_PROBES 64

/* An entry of the text cache: text borrowed from the workbook and what is
 * known of it so far. */
struct cache_entry {
    const char *text;
    uint32_t hash;
    bool has_class, has_answer, has_edition, has_item_answer, has_choices, has_target;
    bool choices;         /* kaiji_choice_split(text) (has_choices) */
    classified c;
    kaiji_answer answer;  /* kaiji_text_parse_answer(text, NULL) */
    const char *edition;  /* c.edition, known alone (has_edition) */
    /* What kaiji_item_set_answer_text() makes of text (has_item_answer):
     * the trimmed text, its answer and comment, the strings in the
     * document's arena, shared by the items that answer alike. */
    kaiji_answer item_answer;
    const char *item_text, *item_comment;
    /* What kaiji_item_add_target() makes of text (has_target): the trimmed
     * text in the document's arena and its answer. */
    kaiji_answer target_answer;
    const char *target_text;
};

/* Decorations around labels: 【製造業者名】, ■製品名, 作成日※. */
static const char *const decorations[] = {
    "【", "】", "[", "]", "「", "」", "<", ">", "《", "》", "〈", "〉", "■", "□",
    "●", "◆", "◇", "◎", "・", "*", "※", "★", "☆", "▼", "▶", "►", ":",
};

/* true when the character at p is one of decorations (which are all one
 * character long): a pre-filter, so that keys without decorations are
 * not compared with each of them. */
static bool maybe_decoration(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    switch (u[0]) {
    case '[': case ']': case '<': case '>': case '*': case ':':
        return true;
    case 0xE2:
        switch (u[1]) {
        case 0x80: /* ※ */
            return u[2] == 0xBB;
        case 0x96: /* ■ □ ▶ ► ▼ */
            return u[2] == 0xA0 || u[2] == 0xA1 || u[2] == 0xB6 || u[2] == 0xBA ||
                   u[2] == 0xBC;
        case 0x97: /* ◆ ◇ ◎ ● */
            return u[2] == 0x86 || u[2] == 0x87 || u[2] == 0x8E || u[2] == 0x8F;
        case 0x98: /* ★ ☆ */
            return u[2] == 0x85 || u[2] == 0x86;
        default:
            return false;
        }
    case 0xE3:
        if (u[1] == 0x83) /* ・ */
            return u[2] == 0xBB;
        /* 〈〉《》「」 U+3008..U+300D, 【】 U+3010..U+3011 */
        return u[1] == 0x80 && ((u[2] >= 0x88 && u[2] <= 0x8D) || u[2] == 0x90 ||
                                u[2] == 0x91);
    default:
        return false;
    }
}

/* Removes decorations from both ends of key, in place. */
static void strip_decorations(char *key)
{
    bool changed = true;
    size_t last = strlen(key);

    if (!last)
        return;
    do
        last--;
    while (last > 0 && ((unsigned char)key[last] & 0xC0u) == 0x80u);
    if (!maybe_decoration(key) && !maybe_decoration(key + last))
        return;
    while (changed && *key) {
        size_t i, len = strlen(key);

        changed = false;
        for (i = 0; i < sizeof decorations / sizeof decorations[0]; i++) {
            size_t n = strlen(decorations[i]);

            if (len >= n && memcmp(key, decorations[i], n) == 0) {
                memmove(key, key + n, len - n + 1);
                changed = true;
                break;
            }
            if (len >= n && memcmp(key + len - n, decorations[i], n) == 0) {
                key[len - n] = '\0';
                changed = true;
                break;
            }
        }
    }
}

/* Removes a trailing "(...)" from key, in place; false when there is none. */
static bool strip_paren_suffix(char *key)
{
    size_t len = strlen(key);
    char *open;

    if (len < 3 || key[len - 1] != ')')
        return false;
    open = strrchr(key, '(');
    if (!open || open == key)
        return false;
    *open = '\0';
    return true;
}

/* Removes a leading enumerator ("1.", "1)", "(1)", "①") from key, in place;
 * false when there is none. */
static bool strip_enumerator(char *key)
{
    size_t i = 0, len = strlen(key);
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;

    if (key[0] == '(') {
        for (i = 1; isdigit((unsigned char)key[i]); i++)
            ;
        if (i == 1 || key[i] != ')')
            return false;
        i++;
    } else if (isdigit((unsigned char)key[0])) {
        while (isdigit((unsigned char)key[i]))
            i++;
        if (key[i] != '.' && key[i] != ')')
            return false;
        i++;
    } else {
        n = utf8proc_iterate((const utf8proc_uint8_t *)key, (utf8proc_ssize_t)len, &cp);
        if (n <= 0 || !((cp >= 0x2460 && cp <= 0x2473) || (cp >= 0x2776 && cp <= 0x2793)))
            return false;
        i = (size_t)n;
    }
    if (i >= len)
        return false;
    memmove(key, key + i, len - i + 1);
    return true;
}

kaiji_field kaiji_rec_field_of(const kaiji_vocab *v, char *key)
{
    kaiji_field f = kaiji_vocab_field(v, key);

    if (f != KAIJI_FIELD__COUNT)
        return f;
    strip_decorations(key);
    if ((f = kaiji_vocab_field(v, key)) != KAIJI_FIELD__COUNT)
        return f;
    if (strip_paren_suffix(key)) {
        strip_decorations(key);
        if ((f = kaiji_vocab_field(v, key)) != KAIJI_FIELD__COUNT)
            return f;
    }
    if (strip_enumerator(key))
        f = kaiji_vocab_field(v, key);
    return f;
}

/* As field_of, for column labels.  key is changed. */
static bool column_of(const kaiji_vocab *v, char *key, kaiji_column_label *out)
{
    if (kaiji_vocab_column(v, key, out))
        return true;
    strip_decorations(key);
    if (kaiji_vocab_column(v, key, out))
        return true;
    if (strip_paren_suffix(key)) {
        strip_decorations(key);
        if (kaiji_vocab_column(v, key, out))
            return true;
    }
    return false;
}

/* A hash of the NUL-terminated text, eight bytes at a time. */
static uint32_t text_hash(const char *text)
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    size_t len = strlen(text), i;

    for (i = 0; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
    }
    if (i < len) {
        uint64_t w = 0;

        memcpy(&w, text + i, len - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    }
    h = (h ^ len) * 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h >> 32);
}

/* Doubles the slots of the text cache; false (and the cache as it was)
 * when memory runs out. */
static bool cache_rehash(rec *r)
{
    size_t size = (r->cache_mask + 1) * 2, i;
    uint32_t *slots = calloc(size, sizeof *slots);

    if (!slots)
        return false;
    for (i = 0; i < r->entry_count; i++) {
        size_t k;

        for (k = r->entries[i].hash & (size - 1); slots[k]; k = (k + 1) & (size - 1))
            ;
        slots[k] = (uint32_t)i + 1;
    }
    free(r->cache);
    r->cache = slots;
    r->cache_mask = size - 1;
    return true;
}

bool kaiji_rec_cache_init(rec *r)
{
    r->cache = calloc(CACHE_MIN_SLOTS, sizeof *r->cache);
    r->cache_mask = CACHE_MIN_SLOTS - 1;
    return r->cache != NULL;
}

void kaiji_rec_cache_off(rec *r)
{
    free(r->cache);
    free(r->entries);
    r->cache = NULL;
    r->entries = NULL;
    r->entry_count = r->entry_cap = 0;
    r->last_text = NULL;
}

/*
 * The cache entry of text: the one holding it, or a new one holding it with
 * nothing known yet; NULL when it is not cached (no memory for the cache,
 * or too many texts collide).  Each distinct text of the workbook is looked
 * at once: the cache borrows text, which the workbook owns for the whole
 * recognition.  The entry stays valid until the next call.
 */
static cache_entry *cache_entry_of(rec *r, const char *text)
{
    uint32_t h;
    size_t i, probes = 0;
    cache_entry *e;

    if (!r->cache)
        return NULL;
    if (text == r->last_text)
        return &r->entries[r->last_entry];
    if ((r->entry_count + 1) * 2 > r->cache_mask + 1 && !cache_rehash(r)) {
        kaiji_rec_cache_off(r);
        return NULL;
    }
    if (r->entry_count == r->entry_cap &&
        !KAIJI_GROW(r->entries, r->entry_count, r->entry_cap)) {
        kaiji_rec_cache_off(r);
        return NULL;
    }
    h = text_hash(text);
    for (i = h & r->cache_mask; r->cache[i]; i = (i + 1) & r->cache_mask) {
        e = &r->entries[r->cache[i] - 1];
        if (e->hash == h && strcmp(e->text, text) == 0) {
            r->last_text = text;
            r->last_entry = r->cache[i] - 1;
            return e;
        }
        /* Texts made to collide are looked at uncached, in bounded time. */
        if (++probes == CACHE_MAX_PROBES)
            return NULL;
    }
    e = &r->entries[r->entry_count];
    memset(e, 0, sizeof *e);
    e->text = text;
    e->hash = h;
    r->last_text = text;
    r->last_entry = r->entry_count;
    r->cache[i] = (uint32_t)++r->entry_count;
    return e;
}

bool kaiji_rec_classify_text(rec *r, const char *text, classified *out)
{
    return kaiji_rec_classify_key(r, text, NULL, out);
}

bool kaiji_rec_classify_key(rec *r, const char *text, const char *text_key,
                            classified *out)
{
    cache_entry *slot = cache_entry_of(r, text);
    char *key, *copy, buf[256], keybuf[256];
    size_t klen;
    kaiji_vocab_key kv;

    if (slot && slot->has_class) {
        *out = slot->c;
        return true;
    }
    memset(out, 0, sizeof *out);
    out->field = KAIJI_FIELD__COUNT;
    key = text_key ? (char *)text_key : kaiji_text_key_buf(text, keybuf, sizeof keybuf);
    if (!key)
        return false;
    klen = strlen(key);
    copy = klen < sizeof buf ? buf : malloc(klen + 1);
    if (!copy) {
        if (key != keybuf && key != text_key)
            free(key);
        return false;
    }
    memcpy(copy, key, klen + 1);
    kaiji_vocab_key_of(&kv, key);
    out->edition = kaiji_vocab_mds2_edition_k(r->v, &kv);
    out->clues = kaiji_vocab_clues_k(r->v, &kv);
    out->is_column = column_of(r->v, copy, &out->col);
    memcpy(copy, key, klen + 1);
    out->field = kaiji_rec_field_of(r->v, copy);
    if (strcmp(copy, key) != 0)
        out->clues |= kaiji_vocab_clues(r->v, copy);
    if (copy != buf)
        free(copy);
    if (key != keybuf && key != text_key)
        free(key);
    if (slot) {
        slot->c = *out;
        slot->has_class = slot->has_edition = true;
        slot->edition = out->edition;
    }
    return true;
}

void kaiji_rec_edition_filter_init(rec *r)
{
    char chars[9];
    unsigned bit = 0;

    memset(r->edition_bits, 0, sizeof r->edition_bits);
    r->edition_all = 0;
    r->edition_filter = kaiji_vocab_mds2_edition_chars(r->v, chars);
    for (const char *c = chars; r->edition_filter && *c; c++, bit++) {
        r->edition_bits[(unsigned char)*c] = (uint8_t)(1u << bit);
        r->edition_bits[toupper((unsigned char)*c)] = (uint8_t)(1u << bit);
        r->edition_all |= (uint8_t)(1u << bit);
    }
}

/*
 * false when the key of text cannot hold an edition phrase: text lacks one
 * of the letters and digits every phrase holds (r->edition_bits, in either
 * case), and each of its characters is ASCII, a CJK symbol, kana
 * (U+3000..U+30FF) or a CJK ideograph (U+4000..U+9FFF), none of which NFKC
 * and case folding make an ASCII letter or digit (so the key's letters and
 * digits are the text's ASCII ones).  true when it may (then its key
 * decides), for anything else too: full-width letters, compatibility forms,
 * text that is not UTF-8.
 */
static bool may_name_edition(const rec *r, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned found = 0;

    if (!r->edition_filter)
        return true;
    for (;;) {
        unsigned char c = *p;

        if (c < 0x80) {
            if (!c)
                return found == r->edition_all;
            found |= r->edition_bits[c];
            p++;
        } else if (c == 0xE3 ? p[1] >= 0x80 && p[1] <= 0x83
                             : c >= 0xE4 && c <= 0xE9 && (p[1] & 0xC0u) == 0x80u) {
            if ((p[2] & 0xC0u) != 0x80u)
                return true;
            p += 3;
        } else {
            return true;
        }
    }
}

bool kaiji_rec_text_edition(rec *r, const char *text, const char **out)
{
    cache_entry *slot;
    char *key, buf[256];

    if (!may_name_edition(r, text)) {
        *out = NULL;
        return true;
    }
    slot = cache_entry_of(r, text);
    if (slot && slot->has_edition) {
        *out = slot->edition;
        return true;
    }
    key = kaiji_text_key_buf(text, buf, sizeof buf);
    if (!key)
        return false;
    *out = kaiji_vocab_mds2_edition(r->v, key);
    if (key != buf)
        free(key);
    if (slot) {
        slot->edition = *out;
        slot->has_edition = true;
    }
    return true;
}

kaiji_answer kaiji_rec_text_answer(rec *r, const char *text)
{
    cache_entry *slot = cache_entry_of(r, text);
    kaiji_answer a;

    if (slot && slot->has_answer)
        return slot->answer;
    a = kaiji_text_parse_answer(text, NULL);
    if (slot) {
        slot->answer = a;
        slot->has_answer = true;
    }
    return a;
}

int kaiji_rec_set_answer(rec *r, kaiji_item *item, const char *raw)
{
    cache_entry *slot;
    int rc;

    if (!raw)
        raw = "";
    slot = cache_entry_of(r, raw);
    if (slot && slot->has_item_answer) {
        item->answer = slot->item_answer;
        item->answer_text = slot->item_text;
        item->answer_comment = slot->item_comment;
        return KAIJI_OK;
    }
    if ((rc = kaiji_item_set_answer_text(r->doc, item, raw)) != KAIJI_OK)
        return rc;
    if (slot) { /* still valid: nothing above looked a text up */
        slot->item_answer = item->answer;
        slot->item_text = item->answer_text;
        slot->item_comment = item->answer_comment;
        slot->has_item_answer = true;
    }
    return KAIJI_OK;
}

bool kaiji_rec_text_choices(rec *r, const char *text)
{
    cache_entry *slot = cache_entry_of(r, text);
    kaiji_choice_set set;
    bool split;

    if (slot && slot->has_choices)
        return slot->choices;
    split = kaiji_choice_split(text, &set);
    if (slot) {
        slot->choices = split;
        slot->has_choices = true;
    }
    return split;
}

int kaiji_rec_add_target(rec *r, kaiji_item *item, const char *name, const char *raw)
{
    cache_entry *slot;
    kaiji_target_answer *t;
    int rc;

    if (item->target_count >= KAIJI_MAX_TARGETS)
        return KAIJI_OK;
    if (!raw)
        raw = "";
    slot = cache_entry_of(r, raw);
    t = &item->targets[item->target_count];
    if (slot && slot->has_target) {
        t->name = kaiji_arena_strdup(r->doc->arena, name);
        if (!t->name)
            return KAIJI_ERROR_NOMEM;
        t->text = slot->target_text;
        t->answer = slot->target_answer;
        item->target_count++;
        return KAIJI_OK;
    }
    if ((rc = kaiji_item_add_target(r->doc, item, name, raw)) != KAIJI_OK)
        return rc;
    if (slot) { /* still valid: nothing above looked a text up */
        slot->target_text = t->text;
        slot->target_answer = t->answer;
        slot->has_target = true;
    }
    return KAIJI_OK;
}
