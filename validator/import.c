/*
 * validator/import.c - `kaiji catalog import`: turning an official blank
 * template into a catalog (type "template") of the layout of the built-in
 * ones, so that documents of its kind and form version are checked against
 * its item list (missing-item, unexpected-item, item-text-changed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "kaiji/read.h"
#include "text/text.h"
#include "validator/catalogs_internal.h"
#include "model/i18n.h"

/* "template-mds-5.0": the kind and version with anything but letters,
 * digits, '.', '-' and '_' made '-'. */
static void derive_id(char *buf, size_t size, const kaiji_document *doc)
{
    snprintf(buf, size, "template-%s-%s", kaiji_kind_name(doc->kind), doc->form_version);
    for (char *p = buf; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_'))
            *p = '-';
    }
}

/* The last component of path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Adds name: s (or null when s is NULL or blank) to obj; false on no memory. */
static bool add_text(cJSON *obj, const char *name, const char *s)
{
    if (!s || kaiji_text_blank(s))
        return cJSON_AddNullToObject(obj, name) != NULL;
    return cJSON_AddStringToObject(obj, name, s) != NULL;
}

/* Appends the template's items (first of each ID) to the items array. */
static int add_items(cJSON *items, const kaiji_document *doc)
{
    char **seen = calloc(doc->item_count + 1, sizeof(*seen));
    size_t nseen = 0;
    int rc = KAIJI_ERROR_NOMEM;
    if (!seen)
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < doc->item_count; i++) {
        const kaiji_item *it = &doc->items[i];
        char *key = kaiji_text_id_key(it->id ? it->id : "");
        bool dupe = false;
        if (!key || !*key) {
            free(key);
            continue;
        }
        for (size_t k = 0; k < nseen && !dupe; k++)
            dupe = strcmp(seen[k], key) == 0;
        if (dupe) {
            free(key);
            continue;
        }
        seen[nseen++] = key;
        cJSON *obj = cJSON_CreateObject();
        if (!obj || !cJSON_AddItemToArray(items, obj))
            goto error;
        if (!cJSON_AddStringToObject(obj, "id", it->id) ||
            !cJSON_AddStringToObject(obj, "section", it->section ? it->section : "") ||
            !add_text(obj, "text", it->question))
            goto error;
        cJSON *targets = cJSON_AddArrayToObject(obj, "targets");
        if (!targets)
            goto error;
        for (size_t t = 0; t < it->target_count && t < KAIJI_MAX_TARGETS; t++) {
            /* A target without a name cannot be asked for again. */
            if (!it->targets[t].name || !*it->targets[t].name)
                continue;
            cJSON *name = cJSON_CreateString(it->targets[t].name);
            if (!name || !cJSON_AddItemToArray(targets, name))
                goto error;
        }
        if (!cJSON_AddStringToObject(obj, "certainty", "template"))
            goto error;
    }
    rc = nseen ? KAIJI_OK : KAIJI_ERROR_UNREADABLE;
error:
    for (size_t k = 0; k < nseen; k++)
        free(seen[k]);
    free(seen);
    return rc;
}

int kaiji_catalog_from_document(char **out, const kaiji_document *doc,
                                const char *id)
{
    cJSON *root = NULL, *forms, *form, *items;
    char idbuf[160], source[80];
    char *text = NULL, *title = NULL;
    int rc = KAIJI_ERROR_UNREADABLE;

    *out = NULL;
    if (!doc || !doc->readable || doc->kind == KAIJI_KIND_UNKNOWN ||
        !doc->form_version || !*doc->form_version || doc->item_count == 0)
        return KAIJI_ERROR_UNREADABLE;
    if (!id || !*id) {
        derive_id(idbuf, sizeof(idbuf), doc);
        id = idbuf;
    }
    /* Whole, however long: a cut could fall inside a UTF-8 character. */
    int tlen = snprintf(NULL, 0, "Imported template: %s form version %s (%s)",
                        kaiji_kind_name(doc->kind), doc->form_version, base_name(doc->path));
    if (tlen < 0 || !(title = malloc((size_t)tlen + 1)))
        return KAIJI_ERROR_NOMEM;
    snprintf(title, (size_t)tlen + 1, "Imported template: %s form version %s (%s)",
             kaiji_kind_name(doc->kind), doc->form_version, base_name(doc->path));
    snprintf(source, sizeof(source), "sha256:%s", doc->sha256[0] ? doc->sha256 : "unknown");

    rc = KAIJI_ERROR_NOMEM;
    if (!(root = cJSON_CreateObject()) ||
        !cJSON_AddStringToObject(root, "id", id) ||
        !cJSON_AddStringToObject(root, "type", "template") ||
        !cJSON_AddStringToObject(root, "title", title) ||
        !cJSON_AddStringToObject(root, "source", source) ||
        !cJSON_AddStringToObject(root, "template_file", base_name(doc->path)) ||
        !cJSON_AddStringToObject(root, "certainty", "template") ||
        !(forms = cJSON_AddArrayToObject(root, "forms")) ||
        !(form = cJSON_CreateObject()) || !cJSON_AddItemToArray(forms, form) ||
        !cJSON_AddStringToObject(form, "kind", kaiji_kind_name(doc->kind)) ||
        !cJSON_AddStringToObject(form, "form_version", doc->form_version) ||
        !cJSON_AddBoolToObject(form, "complete", 1) ||
        !(items = cJSON_AddArrayToObject(form, "items")))
        goto error;
    if (doc->guideline && *doc->guideline &&
        !cJSON_AddStringToObject(root, "guideline", doc->guideline))
        goto error;
    rc = add_items(items, doc);
    if (rc != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    text = cJSON_Print(root);
    if (!text)
        goto error;
    size_t n = strlen(text);
    *out = malloc(n + 2);
    if (!*out)
        goto error;
    memcpy(*out, text, n);
    memcpy(*out + n, "\n", 2);
    rc = KAIJI_OK;
error:
    free(title);
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}

int kaiji_catalog_import(char **out, const char *template_path, const char *id)
{
    kaiji_document *doc = NULL;
    int rc;

    *out = NULL;
    if (!template_path)
        return KAIJI_ERROR_INVALID;
    rc = kaiji_read_file(&doc, template_path, NULL);
    if (rc == KAIJI_OK)
        rc = kaiji_catalog_from_document(out, doc, id);
    kaiji_document_free(doc);
    return rc;
}
