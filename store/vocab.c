/*
 * store/vocab.c - formats/vocab/register.json: the register's column labels,
 * yes/no words, document names, contract types and company forms, keyed for
 * comparison; and the name key used to compare vendors and products.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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

/* true for the punctuation left at the edges when a company form is cut:
 * "Example Imaging, Inc." leaves "exampleimaging,". */
static bool edge_punct(char c)
{
    return c == ',' || c == '.' || c == '-' || c == '_' || c == '&';
}

char *kaiji_regvocab_name_key(const kaiji_regvocab *v, const char *name)
{
    char *key = kaiji_text_key(name ? name : "");
    if (!key)
        return NULL;
    bool changed = true;
    while (changed) {
        size_t n = strlen(key);
        changed = false;
        for (size_t i = 0; i < v->company_forms.count && !changed; i++) {
            const char *f = v->company_forms.keys[i];
            size_t fl = strlen(f);
            if (fl >= n)
                continue;
            if (strncmp(key, f, fl) == 0) {
                memmove(key, key + fl, n - fl + 1);
                changed = true;
            } else if (strcmp(key + n - fl, f) == 0) {
                key[n - fl] = '\0';
                changed = true;
            }
        }
        n = strlen(key);
        while (n > 0 && edge_punct(key[n - 1])) {
            key[--n] = '\0';
            changed = true;
        }
        size_t lead = 0;
        while (lead < n && edge_punct(key[lead]))
            lead++;
        if (lead) {
            memmove(key, key + lead, n - lead + 1);
            changed = true;
        }
    }
    return key;
}
