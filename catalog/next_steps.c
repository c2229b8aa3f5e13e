/*
 * catalog/next_steps.c - what a person should do about each finding, by its
 * code (formats/vocab/next-steps.json, entries replaced code by code by a
 * next-steps.json in a --catalog directory), in Japanese and English.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "text/text.h"
#include "catalog/catalogs.h"

#define NEXT_STEPS_FORMAT "kaiji-next-steps"
#define MAX_NEXT_STEPS 1000
#define MAX_NEXT_STEP_LEN 1000

/* *err = a malloc'd copy of msg (when err is not NULL); returns
 * KAIJI_ERROR_CATALOG, or KAIJI_ERROR_NOMEM when the copy fails. */
static int refuse(char **err, const char *msg)
{
    if (!err)
        return KAIJI_ERROR_CATALOG;
    *err = strdup(msg);
    return *err ? KAIJI_ERROR_CATALOG : KAIJI_ERROR_NOMEM;
}

/* true when member name of entry is a UTF-8 string of at most
 * MAX_NEXT_STEP_LEN bytes, not blank. */
static bool good_text(const cJSON *entry, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, name);
    if (!cJSON_IsString(v) || !v->valuestring)
        return false;
    size_t n = strlen(v->valuestring);
    return n > 0 && n <= MAX_NEXT_STEP_LEN && kaiji_text_utf8_valid(v->valuestring, n) &&
           !kaiji_text_blank(v->valuestring);
}

int kaiji_next_steps_add(kaiji_next_steps *steps, const char *json, char **err)
{
    cJSON *root = NULL;
    const cJSON *list, *entry;
    size_t n = 0;
    int rc;

    if (err)
        *err = NULL;
    root = cJSON_Parse(json);
    if (!root)
        return cJSON_GetErrorPtr() ? refuse(err, "malformed JSON") : KAIJI_ERROR_NOMEM;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, NEXT_STEPS_FORMAT) != 0) {
        rc = refuse(err, "\"format\" is not \"" NEXT_STEPS_FORMAT "\"");
        goto error;
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "steps");
    if (!cJSON_IsObject(list)) {
        rc = refuse(err, "\"steps\" is not an object");
        goto error;
    }
    cJSON_ArrayForEach(entry, list) {
        if (++n > MAX_NEXT_STEPS) {
            rc = refuse(err, "more than 1000 steps");
            goto error;
        }
        if (!entry->string || !cJSON_IsObject(entry) || !good_text(entry, "ja") ||
            !good_text(entry, "en")) {
            rc = refuse(err, "each step needs \"ja\" and \"en\" texts");
            goto error;
        }
        const cJSON *by_kind;
        cJSON_ArrayForEach(by_kind, entry) {
            if (cJSON_IsString(by_kind))
                continue;
            if (!by_kind->string || kaiji_kind_from_name(by_kind->string) == KAIJI_KIND_UNKNOWN ||
                !cJSON_IsObject(by_kind) || !good_text(by_kind, "ja") || !good_text(by_kind, "en")) {
                rc = refuse(err, "a step for one kind of document needs the kind's code and "
                                 "\"ja\" and \"en\" texts");
                goto error;
            }
        }
    }
    if (steps->count == KAIJI_NEXT_STEPS_LAYERS) {
        rc = refuse(err, "too many next-steps files");
        goto error;
    }
    steps->layers[steps->count++] = root;
    return KAIJI_OK;
error:
    cJSON_Delete(root);
    return rc;
}

void kaiji_next_steps_clear(kaiji_next_steps *steps)
{
    if (!steps)
        return;
    for (size_t i = 0; i < KAIJI_NEXT_STEPS_LAYERS; i++)
        cJSON_Delete(steps->layers[i]);
    memset(steps, 0, sizeof(*steps));
}

const char *kaiji_next_steps_find(const kaiji_next_steps *steps, const char *code,
                                  kaiji_kind kind, const char *lang)
{
    if (!steps || !code)
        return NULL;
    const char *which = lang && strcmp(lang, "ja") == 0 ? "ja" : "en";
    for (size_t i = steps->count; i-- > 0;) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(steps->layers[i], "steps");
        const cJSON *entry = cJSON_GetObjectItemCaseSensitive(list, code);
        if (!entry)
            continue;
        const cJSON *own = cJSON_GetObjectItemCaseSensitive(entry, kaiji_kind_name(kind));
        if (kind != KAIJI_KIND_UNKNOWN && cJSON_IsObject(own))
            entry = own;
        return cJSON_GetObjectItemCaseSensitive(entry, which)->valuestring;
    }
    return NULL;
}
