/*
 * validator/official.c - the list of official blank forms kaiji names by
 * their SHA-256 (formats/vocab/official-files.json, extended by
 * official-files.json in a --catalog directory), and finding a file in it.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

/* A malloc'd copy of msg for *err (when err is not NULL); returns
 * KAIJI_ERROR_CATALOG, or KAIJI_ERROR_NOMEM when the copy fails. */
static int refuse(char **err, const char *msg)
{
    if (!err)
        return KAIJI_ERROR_CATALOG;
    *err = strdup(msg);
    return *err ? KAIJI_ERROR_CATALOG : KAIJI_ERROR_NOMEM;
}

/* The string member name of obj copied into the arena, "" when absent (or
 * not a string); NULL when memory runs out. */
static const char *member(kaiji_arena *arena, const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    const char *s = cJSON_IsString(v) && v->valuestring &&
                            kaiji_text_utf8_valid(v->valuestring, strlen(v->valuestring))
                        ? v->valuestring
                        : "";
    return kaiji_arena_strdup(arena, s);
}

/* hex, lower-cased into out[65], when it is 64 hexadecimal digits. */
static bool sha256_of(const char *hex, char out[65])
{
    if (strlen(hex) != 64)
        return false;
    for (size_t i = 0; i < 64; i++) {
        char c = hex[i];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
        out[i] = c;
    }
    out[64] = '\0';
    return true;
}

int kaiji_official_list_add(kaiji_official_list *list, const char *json, char **err)
{
    cJSON *root = NULL;
    const cJSON *files, *v;
    size_t n, k = 0;
    int rc = KAIJI_ERROR_NOMEM;

    if (err)
        *err = NULL;
    if (!list->arena && !(list->arena = kaiji_arena_new()))
        return KAIJI_ERROR_NOMEM;
    root = cJSON_Parse(json ? json : "");
    files = root ? cJSON_GetObjectItemCaseSensitive(root, "files") : NULL;
    if (!cJSON_IsObject(root) || !cJSON_IsArray(files)) {
        rc = refuse(err, _("not a JSON object with a \"files\" array"));
        goto error;
    }
    n = (size_t)cJSON_GetArraySize(files);
    if (n) {
        kaiji_official_file *grown = realloc(list->files, (list->count + n) * sizeof(*grown));
        if (!grown)
            goto error;
        list->files = grown;
    }
    cJSON_ArrayForEach(v, files) {
        kaiji_official_file *f = &list->files[list->count + k];
        const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(v, "bytes");
        const char *hex;
        memset(f, 0, sizeof(*f));
        if (!cJSON_IsObject(v))
            goto malformed;
        if (!(f->file = member(list->arena, v, "file")) ||
            !(hex = member(list->arena, v, "sha256")))
            goto error;
        if (!*f->file || !sha256_of(hex, f->sha256))
            goto malformed;
        if (!(f->what = member(list->arena, v, "what")) ||
            !(f->edition = member(list->arena, v, "edition")) ||
            !(f->sheet = member(list->arena, v, "sheet")) ||
            !(f->certainty = member(list->arena, v, "certainty")) ||
            !(f->source = member(list->arena, v, "source")) ||
            !(f->kind_name = member(list->arena, v, "kind")))
            goto error;
        f->kind = kaiji_kind_from_name(f->kind_name);
        f->bytes = cJSON_IsNumber(bytes) && bytes->valuedouble >= 0
                       ? (long long)bytes->valuedouble : -1;
        k++;
    }
    list->count += k;
    cJSON_Delete(root);
    return KAIJI_OK;
malformed:
    rc = refuse(err, _("an entry of \"files\" lacks \"file\" or a \"sha256\" of "
                       "64 hexadecimal digits"));
error:
    cJSON_Delete(root);
    return rc;
}

void kaiji_official_list_clear(kaiji_official_list *list)
{
    if (!list)
        return;
    kaiji_arena_free(list->arena);
    free(list->files);
    memset(list, 0, sizeof(*list));
}

const kaiji_official_file *kaiji_official_list_match(const kaiji_official_list *list,
                                                     const char *sha256)
{
    char key[65];
    if (!list || !sha256 || !sha256_of(sha256, key))
        return NULL;
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->files[i].sha256, key) == 0)
            return &list->files[i];
    return NULL;
}
