/*
 * catalog/next_steps.c - what a person should do about each finding, by its
 * code (formats/vocab/next-steps.json, entries replaced code by code by a
 * next-steps.json in a --catalog directory), in Japanese and English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

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
        return cJSON_GetErrorPtr() ? refuse(err, _("not JSON, or broken JSON")) : KAIJI_ERROR_NOMEM;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, NEXT_STEPS_FORMAT) != 0) {
        rc = refuse(err, _("\"format\" is not \"kaiji-next-steps\""));
        goto error;
    }
    list = cJSON_GetObjectItemCaseSensitive(root, "steps");
    if (!cJSON_IsObject(list)) {
        rc = refuse(err, _("\"steps\" is not an object"));
        goto error;
    }
    cJSON_ArrayForEach(entry, list) {
        if (++n > MAX_NEXT_STEPS) {
            rc = refuse(err, _("more than 1000 steps"));
            goto error;
        }
        if (!entry->string || !cJSON_IsObject(entry) || !good_text(entry, "ja") ||
            !good_text(entry, "en")) {
            rc = refuse(err, _("each step needs \"ja\" and \"en\" texts"));
            goto error;
        }
        const cJSON *by_kind;
        cJSON_ArrayForEach(by_kind, entry) {
            if (cJSON_IsString(by_kind))
                continue;
            if (!by_kind->string || kaiji_kind_from_name(by_kind->string) == KAIJI_KIND_UNKNOWN ||
                !cJSON_IsObject(by_kind) || !good_text(by_kind, "ja") || !good_text(by_kind, "en")) {
                rc = refuse(err, _("a step for one kind of document needs the kind's code and "
                                   "\"ja\" and \"en\" texts"));
                goto error;
            }
        }
    }
    if (steps->count == KAIJI_NEXT_STEPS_LAYERS) {
        rc = refuse(err, _("too many next-steps files"));
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
    bool ja = lang && strcmp(lang, "ja") == 0;
    const char *which = ja ? "ja" : "en";
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
    /* The built-in steps parsed at build time: the kind's own, else the code's. */
    const kaiji_next_step *any = NULL;
    const char *kind_name = kind != KAIJI_KIND_UNKNOWN ? kaiji_kind_name(kind) : NULL;
    for (size_t i = 0; i < steps->builtin_count; i++) {
        const kaiji_next_step *s = &steps->builtin[i];
        if (strcmp(s->code, code) != 0)
            continue;
        if (!s->kind)
            any = s;
        else if (kind_name && strcmp(s->kind, kind_name) == 0)
            return ja ? s->ja : s->en;
    }
    return any ? (ja ? any->ja : any->en) : NULL;
}

/* The name of the form of kind current on as_of, as printed on it, into
 * buf; false when the catalogs do not know one. */
static bool current_form(char *buf, size_t size, const kaiji_catalogs *cats, kaiji_kind kind,
                         kaiji_date as_of)
{
    switch (kind) {
    case KAIJI_KIND_VENDOR_CHECKLIST:
    case KAIJI_KIND_HOSPITAL_CHECKLIST: {
        const kaiji_catalog *ed = kaiji_catalogs_current_edition(cats, as_of);
        if (!ed || ed->fiscal_year <= 2018)
            return false;
        /* The form's own name (令和8年度版) in every language. */
        snprintf(buf, size, "令和%d年度版", ed->fiscal_year - 2018);
        return true;
    }
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_SDS: {
        const kaiji_cat_version *v = kaiji_catalogs_newest_mds_version(cats, kind, as_of);
        if (!v)
            return false;
        snprintf(buf, size, "Ver.%s", v->version);
        return true;
    }
    case KAIJI_KIND_MDS2: {
        const kaiji_catalog *ed = kaiji_catalogs_mds2(cats, NULL);
        if (!ed || !ed->edition)
            return false;
        snprintf(buf, size, "%s", ed->edition);
        return true;
    }
    default:
        return false;
    }
}

const char *kaiji_catalogs_next_step_text(char *buf, size_t size, const kaiji_catalogs *cats,
                                          const char *code, kaiji_kind kind, kaiji_date as_of,
                                          const char *lang)
{
    const char *step = kaiji_catalogs_next_step(cats, code, kind, lang);
    const char *at = step ? strstr(step, "{form}") : NULL;
    char form[64];
    if (size)
        buf[0] = '\0';
    if (!step || !size)
        return buf;
    if (!at) {
        snprintf(buf, size, "%s", step);
        return buf;
    }
    size_t before = (size_t)(at - step), after_at = before + strlen("{form}");
    if (!current_form(form, sizeof form, cats, kind, as_of)) {
        /* No name to give: the placeholder goes with the brackets around it. */
        static const char *const opens[] = {"\xEF\xBC\x88" /* （ */, "("};
        static const char *const closes[] = {"\xEF\xBC\x89" /* ） */, ")"};
        form[0] = '\0';
        for (size_t i = 0; i < 2; i++) {
            size_t ol = strlen(opens[i]), cl = strlen(closes[i]);
            if (before >= ol && memcmp(step + before - ol, opens[i], ol) == 0 &&
                strncmp(step + after_at, closes[i], cl) == 0) {
                before -= ol;
                after_at += cl;
                break;
            }
        }
    }
    snprintf(buf, size, "%.*s%s%s", (int)before, step, form, step + after_at);
    return buf;
}
