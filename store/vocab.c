/*
 * store/vocab.c - formats/vocab/register.json: the register's column labels,
 * yes/no words, document names, contract types and company forms, keyed for
 * comparison; and the name key used to compare vendors and products.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "formats/embedded.h"
#include "store/internal.h"
#include "text/text.h"

static const char *const column_names[KAIJI_REG__COUNT] = {
    "id", "vendor", "email", "system", "product", "type",
    "patient_data", "required", "requested", "due", "url",
};

static void keylist_clear(kaiji_keylist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->keys[i]);
    free(l->keys);
    l->keys = NULL;
    l->count = 0;
}

/* Fills l with the keys of the strings of the JSON array arr. */
static int keylist_fill(kaiji_keylist *l, const cJSON *arr)
{
    const cJSON *e;
    if (!cJSON_IsArray(arr))
        return KAIJI_ERROR_CATALOG;
    l->keys = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
    if (!l->keys)
        return KAIJI_ERROR_NOMEM;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsString(e))
            return KAIJI_ERROR_CATALOG;
        char *k = kaiji_text_key(e->valuestring);
        if (!k)
            return KAIJI_ERROR_NOMEM;
        if (!k[0]) {
            free(k);
            continue;
        }
        l->keys[l->count++] = k;
    }
    return KAIJI_OK;
}

bool kaiji_keylist_has(const kaiji_keylist *list, const char *key)
{
    for (size_t i = 0; key && i < list->count; i++)
        if (strcmp(list->keys[i], key) == 0)
            return true;
    return false;
}

static int by_length_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : 0;
}

/* The KAIJI_DOC_* bits of a JSON array of "mds", "sds", "checklist". */
static unsigned doc_bits(const cJSON *arr)
{
    unsigned bits = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
            if (cJSON_IsString(e) && strcmp(e->valuestring, kaiji_doc_type_name(t)) == 0)
                bits |= t;
    }
    return bits;
}

int kaiji_regvocab_load(kaiji_regvocab **out)
{
    const kaiji_embedded_file *f = kaiji_embedded_find("formats/vocab/register.json");
    cJSON *root = NULL;
    kaiji_regvocab *v = NULL;
    const cJSON *cols, *docs, *types, *seps, *e;
    int rc = KAIJI_ERROR_CATALOG;

    *out = NULL;
    if (!f || !(root = cJSON_Parse(f->data)))
        goto error;
    if (!(v = calloc(1, sizeof *v))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    cols = cJSON_GetObjectItemCaseSensitive(root, "columns");
    for (int c = 0; c < KAIJI_REG__COUNT; c++)
        if ((rc = keylist_fill(&v->columns[c],
                               cJSON_GetObjectItemCaseSensitive(cols, column_names[c]))) != KAIJI_OK)
            goto error;
    if ((rc = keylist_fill(&v->yes, cJSON_GetObjectItemCaseSensitive(root, "yes"))) != KAIJI_OK ||
        (rc = keylist_fill(&v->no, cJSON_GetObjectItemCaseSensitive(root, "no"))) != KAIJI_OK ||
        (rc = keylist_fill(&v->company_forms,
                           cJSON_GetObjectItemCaseSensitive(root, "company_forms"))) != KAIJI_OK)
        goto error;
    qsort(v->company_forms.keys, v->company_forms.count, sizeof(char *), by_length_desc);
    docs = cJSON_GetObjectItemCaseSensitive(root, "documents");
    for (unsigned i = 0; i < KAIJI_DOC_TYPE_COUNT; i++)
        if ((rc = keylist_fill(&v->documents[i], cJSON_GetObjectItemCaseSensitive(
                                                     docs, kaiji_doc_type_name(1u << i)))) !=
            KAIJI_OK)
            goto error;
    seps = cJSON_GetObjectItemCaseSensitive(root, "document_separators");
    rc = KAIJI_ERROR_CATALOG;
    if (!cJSON_IsArray(seps))
        goto error;
    if (!(v->separators = calloc((size_t)cJSON_GetArraySize(seps) + 1, sizeof(char *)))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    cJSON_ArrayForEach(e, seps) {
        if (!cJSON_IsString(e) || !e->valuestring[0])
            goto error;
        if (!(v->separators[v->separator_count++] = strdup(e->valuestring))) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
    }
    types = cJSON_GetObjectItemCaseSensitive(root, "types");
    if (!cJSON_IsArray(types))
        goto error;
    if (!(v->types = calloc((size_t)cJSON_GetArraySize(types) + 1, sizeof *v->types))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    cJSON_ArrayForEach(e, types) {
        kaiji_reg_type *t = &v->types[v->type_count++];
        if ((rc = keylist_fill(&t->labels, cJSON_GetObjectItemCaseSensitive(e, "labels"))) !=
            KAIJI_OK)
            goto error;
        t->documents = doc_bits(cJSON_GetObjectItemCaseSensitive(e, "documents"));
    }
    cJSON_Delete(root);
    *out = v;
    return KAIJI_OK;

error:
    cJSON_Delete(root);
    kaiji_regvocab_free(v);
    return rc;
}

void kaiji_regvocab_free(kaiji_regvocab *v)
{
    if (!v)
        return;
    for (int c = 0; c < KAIJI_REG__COUNT; c++)
        keylist_clear(&v->columns[c]);
    keylist_clear(&v->yes);
    keylist_clear(&v->no);
    keylist_clear(&v->company_forms);
    for (int i = 0; i < KAIJI_DOC_TYPE_COUNT; i++)
        keylist_clear(&v->documents[i]);
    for (size_t i = 0; i < v->separator_count; i++)
        free(v->separators[i]);
    free(v->separators);
    for (size_t i = 0; i < v->type_count; i++)
        keylist_clear(&v->types[i].labels);
    free(v->types);
    free(v);
}

/* true for what is left at the edges of a name when a company form is cut:
 * "Example Imaging, Inc." leaves "example imaging, ". */
static bool edge_punct(char c)
{
    return c == ',' || c == '.' || c == '-' || c == '_' || c == '&' || c == ' ';
}

/* true when cp goes on a Latin word: ASCII letters and digits, and the
 * Latin letters with marks (U+00C0..U+024F, but × and ÷).  Between two of
 * these there is no word break; beside anything else (a space, punctuation,
 * kana, kanji) there is. */
static bool latin_word_cp(int32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* The code point at s[pos] (len bytes in all), or -1. */
static int32_t cp_at(const char *s, size_t pos, size_t len)
{
    utf8proc_int32_t cp = -1;
    if (pos >= len ||
        utf8proc_iterate((const utf8proc_uint8_t *)s + pos, (utf8proc_ssize_t)(len - pos), &cp) <= 0)
        return -1;
    return cp;
}

/* true when s[0..pos) and s[pos..) meet at a word break (0 < pos < len). */
static bool word_break(const char *s, size_t pos)
{
    size_t start = pos - 1;
    while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
        start--;
    return !(latin_word_cp(cp_at(s, start, pos)) && latin_word_cp(cp_at(s, pos, strlen(s))));
}

/* Where the company form f (a key: no spaces) ends when it begins s (a
 * fold: single spaces, which f may skip: "co., ltd." is "co.,ltd."), or 0. */
static size_t form_prefix(const char *s, const char *f)
{
    size_t i = 0;
    for (const char *p = f; *p; p++) {
        while (s[i] == ' ' && *p != ' ')
            i++;
        if (s[i] != *p)
            return 0;
        i++;
    }
    return i;
}

/* Where the company form f begins when it ends s (as form_prefix), or
 * SIZE_MAX. */
static size_t form_suffix(const char *s, const char *f)
{
    size_t i = strlen(s), k = strlen(f);
    while (k > 0) {
        while (i > 0 && s[i - 1] == ' ' && f[k - 1] != ' ')
            i--;
        if (i == 0 || s[i - 1] != f[k - 1])
            return SIZE_MAX;
        i--;
        k--;
    }
    return i;
}

/* true when s holds something besides spaces and edge punctuation. */
static bool has_name(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!edge_punct(s[i]))
            return true;
    return false;
}

/*
 * The company forms are cut at either end of the name as whole words only:
 * "Corpus Medical" keeps its "corp" ("us Medical" is another company),
 * "Example Imaging, Inc." and "株式会社メディカルA" lose theirs (a form next
 * to kana or kanji needs no space).  The cutting is done on the fold of the
 * name, where the spaces still tell the words apart; the key is that fold
 * without its spaces.
 */
char *kaiji_regvocab_name_key(const kaiji_regvocab *v, const char *name)
{
    char *s = kaiji_text_fold(name ? name : "");
    if (!s)
        return NULL;
    bool changed = true;
    while (changed) {
        size_t n = strlen(s);
        changed = false;
        for (size_t i = 0; i < v->company_forms.count && !changed; i++) {
            const char *f = v->company_forms.keys[i];
            size_t end = form_prefix(s, f), begin;
            if (end && end < n && has_name(s + end, n - end) && word_break(s, end)) {
                memmove(s, s + end, n - end + 1);
                changed = true;
            } else if ((begin = form_suffix(s, f)) != SIZE_MAX && begin > 0 &&
                       has_name(s, begin) && word_break(s, begin)) {
                s[begin] = '\0';
                changed = true;
            }
        }
        n = strlen(s);
        while (n > 0 && edge_punct(s[n - 1])) {
            s[--n] = '\0';
            changed = true;
        }
        size_t lead = 0;
        while (lead < n && edge_punct(s[lead]))
            lead++;
        if (lead) {
            memmove(s, s + lead, n - lead + 1);
            changed = true;
        }
    }
    size_t k = 0;
    for (size_t i = 0; s[i]; i++)
        if (s[i] != ' ')
            s[k++] = s[i];
    s[k] = '\0';
    return s;
}
