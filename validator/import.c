/*
 * validator/import.c - `kaiji catalog import`: turning a blank form the user
 * holds into a catalog of the layout of the built-in ones, so that
 * documents of its kind and version are checked against its item list
 * (missing-item, unexpected-item, item-text-changed).
 *
 * An MHLW checklist workbook (any edition, one sheet or both) becomes a
 * catalog of "type": "mhlw-checklist": the edition, fiscal year and
 * publication from its title, one form per sheet, each item's targets from
 * the sheet's cells.  Any other form (a JAHIS MDS/SDS blank) becomes a
 * "type": "template" catalog.  A file whose SHA-256 is that of an official
 * file (formats/vocab/official-files.json) is named as such.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "base/base.h"
#include "kaiji/read.h"
#include "parser/readers.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

/* What one import works from. */
typedef struct import_ctx {
    kaiji_document *const *docs; /* the forms read, at least one */
    size_t count;
    const kaiji_workbook *wb;    /* their cells, or NULL */
    const kaiji_catalogs *cats;  /* NULL only for kaiji_catalog_from_document */
    const kaiji_official_file *official; /* the file is this official one */
    kaiji_target_headers headers;        /* of the sheet last looked at */
    const char *id;              /* the user's, or NULL */
    const char *published;       /* the user's --published, or NULL */
    kaiji_import_problem problem;
} import_ctx;

/* Makes id safe as a catalog id: anything but letters, digits, '.', '-'
 * and '_' becomes '-', capitals small. */
static void clean_id(char *id)
{
    for (char *p = id; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 'A' && ch <= 'Z')
            *p = (char)(ch - 'A' + 'a');
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                   ch == '-' || ch == '_'))
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

/* Adds name: a copy of len bytes at s to obj; false on no memory. */
static bool add_textn(cJSON *obj, const char *name, const char *s, size_t len)
{
    char *copy = strndup(s, len);
    bool ok = copy && add_text(obj, name, copy);
    free(copy);
    return ok;
}

/* The section an ID numbers: its leading digits ("2" of 2⑦, 2(4), ２－（４）),
 * into buf; false when it starts with none. */
static bool section_of_id(const char *id, char *buf, size_t size)
{
    char *key = kaiji_text_id_key(id);
    size_t n = 0;
    while (key && key[n] >= '0' && key[n] <= '9' && n + 1 < size)
        n++;
    if (n)
        memcpy(buf, key, n);
    buf[n] = '\0';
    free(key);
    return n > 0;
}

/*
 * Adds the targets of item it to obj: a checklist's from its cells in the
 * workbook when they say ([] for one answer), else the names its answers
 * carry; null when neither says.
 */
static bool add_targets(cJSON *obj, import_ctx *ctx, const kaiji_item *it, bool checklist)
{
    const char *names[KAIJI_MAX_TARGETS];
    size_t n = 0;
    bool known = false;
    const kaiji_vocab *v = ctx->cats ? kaiji_catalogs_vocab(ctx->cats) : NULL;

    if (checklist && ctx->wb && v &&
        kaiji_blank_targets(ctx->wb, v, &ctx->headers, it, names, &n, &known) != KAIJI_OK)
        return false;
    if (!known) {
        for (size_t t = 0; t < it->target_count && t < KAIJI_MAX_TARGETS; t++)
            /* A target without a name cannot be asked for again. */
            if (it->targets[t].name && *it->targets[t].name)
                names[n++] = it->targets[t].name;
        known = n > 0 || !checklist;
    }
    if (!known)
        return cJSON_AddNullToObject(obj, "targets") != NULL;
    cJSON *targets = cJSON_AddArrayToObject(obj, "targets");
    if (!targets)
        return false;
    for (size_t t = 0; t < n; t++) {
        cJSON *name = cJSON_CreateString(names[t]);
        if (!name || !cJSON_AddItemToArray(targets, name)) {
            cJSON_Delete(name);
            return false;
        }
    }
    return true;
}

/* Adds one item object to items; false on no memory. */
static bool add_item(cJSON *items, import_ctx *ctx, const kaiji_item *it, bool checklist)
{
    char section[32];
    const char *question = it->question ? it->question : "", *tag = NULL;
    size_t tag_len = 0, text_len = strlen(question);
    cJSON *obj = cJSON_CreateObject();

    if (!obj || !cJSON_AddItemToArray(items, obj)) {
        cJSON_Delete(obj);
        return false;
    }
    if (checklist)
        text_len = kaiji_catalog_scope_tag(question, &tag, &tag_len);
    if (!checklist || !section_of_id(it->id, section, sizeof(section)))
        snprintf(section, sizeof(section), "%s", "");
    if (!cJSON_AddStringToObject(obj, "id", it->id) ||
        !cJSON_AddStringToObject(obj, "section",
                                 *section ? section : (it->section ? it->section : "")) ||
        !add_textn(obj, "text", question, text_len) ||
        (tag && !add_textn(obj, "scope", tag, tag_len)) ||
        !add_targets(obj, ctx, it, checklist) ||
        !cJSON_AddStringToObject(obj, "certainty", "template"))
        return false;
    return true;
}

/* Appends the form's items (the first of each ID) to items. */
static int add_items(cJSON *items, import_ctx *ctx, const kaiji_document *doc,
                     bool checklist)
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
        if (!add_item(items, ctx, it, checklist))
            goto error;
    }
    rc = nseen ? KAIJI_OK : KAIJI_ERROR_UNREADABLE;
error:
    for (size_t k = 0; k < nseen; k++)
        free(seen[k]);
    free(seen);
    return rc;
}

/* The name of the sheet doc's items come from, or NULL. */
static const char *sheet_name(const import_ctx *ctx, const kaiji_document *doc)
{
    const kaiji_sheet *sh = doc->item_count
                                ? kaiji_location_sheet(ctx->wb, doc->items[0].location, NULL)
                                : NULL;
    return sh ? sh->name : NULL;
}

/*
 * Adds where the catalog comes from: "source" (the file's SHA-256),
 * "template_file", "taken_from" ("official-file" or "user-file") and, for
 * an official file, "official_file" with its certainty and source.
 */
static bool add_provenance(cJSON *root, const import_ctx *ctx)
{
    const kaiji_document *doc = ctx->docs[0];
    char source[80];
    snprintf(source, sizeof(source), "sha256:%s", doc->sha256[0] ? doc->sha256 : "unknown");
    if (!cJSON_AddStringToObject(root, "source", source) ||
        !cJSON_AddStringToObject(root, "certainty", "template") ||
        !cJSON_AddStringToObject(root, "taken_from",
                                 ctx->official ? "official-file" : "user-file") ||
        !cJSON_AddStringToObject(root, "template_file", base_name(doc->path)))
        return false;
    if (!ctx->official)
        return true;
    return cJSON_AddStringToObject(root, "official_file", ctx->official->file) &&
           cJSON_AddStringToObject(root, "official_file_what", ctx->official->what) &&
           cJSON_AddStringToObject(root, "official_file_certainty",
                                   *ctx->official->certainty ? ctx->official->certainty
                                                             : "I") &&
           cJSON_AddStringToObject(root, "official_file_source", ctx->official->source);
}

/* The catalog's title: what it is and, 公式ファイル / official file or
 * 利用者のファイル / the user's file, where it was taken from. */
static char *make_title(const import_ctx *ctx, const char *what)
{
    const char *file = base_name(ctx->docs[0]->path);
    if (ctx->official)
        return kaiji_strprintf("%s — 公式ファイル %s から取り込み / imported from the official file %s",
                          what, ctx->official->file, file);
    return kaiji_strprintf("%s — 利用者のファイル %s から取り込み / imported from the user's file %s",
                      what, file, file);
}

/* The text of root as the catalog's file: printed, ending in a newline. */
static int finish(char **out, cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text)
        return KAIJI_ERROR_NOMEM;
    size_t n = strlen(text);
    *out = malloc(n + 2);
    if (*out) {
        memcpy(*out, text, n);
        memcpy(*out + n, "\n", 2);
    }
    cJSON_free(text);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* ---- JAHIS and other forms: "type": "template" ------------------------- */

/*
 * Writes the "type": "template" catalog of ctx's forms (each must have a
 * kind, a form version and items: else KAIJI_ERROR_UNREADABLE, problem
 * NO_FORM), one form each, into *out.
 */
static int template_catalog(char **out, import_ctx *ctx)
{
    const kaiji_document *doc = ctx->docs[0];
    cJSON *root = NULL, *forms;
    char idbuf[160], *title = NULL, *what = NULL;
    int rc = KAIJI_ERROR_UNREADABLE;

    for (size_t i = 0; i < ctx->count; i++)
        if (!ctx->docs[i]->readable || ctx->docs[i]->kind == KAIJI_KIND_UNKNOWN ||
            !ctx->docs[i]->form_version || !*ctx->docs[i]->form_version ||
            ctx->docs[i]->item_count == 0) {
            ctx->problem = KAIJI_IMPORT_NO_FORM;
            return KAIJI_ERROR_UNREADABLE;
        }
    const char *id = ctx->id;
    if (!id || !*id) {
        snprintf(idbuf, sizeof(idbuf), "template-%s-%s", kaiji_kind_name(doc->kind),
                 doc->form_version);
        clean_id(idbuf);
        id = idbuf;
    }
    rc = KAIJI_ERROR_NOMEM;
    if (!(what = kaiji_strprintf(KAIJI_IMPORTED_TITLE_PREFIX "%s form version %s (%s)",
                            kaiji_kind_name(doc->kind), doc->form_version,
                            base_name(doc->path))))
        goto error;
    if (ctx->official && !(title = make_title(ctx, what)))
        goto error;
    if (!(root = cJSON_CreateObject()) || !cJSON_AddStringToObject(root, "id", id) ||
        !cJSON_AddStringToObject(root, "type", "template") ||
        !cJSON_AddStringToObject(root, "title", title ? title : what) ||
        !add_provenance(root, ctx))
        goto error;
    if (doc->guideline && *doc->guideline &&
        !cJSON_AddStringToObject(root, "guideline", doc->guideline))
        goto error;
    if (!(forms = cJSON_AddArrayToObject(root, "forms")))
        goto error;
    for (size_t i = 0; i < ctx->count; i++) {
        const kaiji_document *d = ctx->docs[i];
        cJSON *form = cJSON_CreateObject(), *items;
        if (!form || !cJSON_AddItemToArray(forms, form)) {
            cJSON_Delete(form);
            goto error;
        }
        if (!cJSON_AddStringToObject(form, "kind", kaiji_kind_name(d->kind)) ||
            !cJSON_AddStringToObject(form, "form_version", d->form_version) ||
            !cJSON_AddBoolToObject(form, "complete", 1) ||
            !(items = cJSON_AddArrayToObject(form, "items")))
            goto error;
        if ((rc = add_items(items, ctx, d, false)) != KAIJI_OK)
            goto error;
        rc = KAIJI_ERROR_NOMEM;
    }
    rc = finish(out, root);
error:
    if (rc == KAIJI_ERROR_UNREADABLE)
        ctx->problem = KAIJI_IMPORT_NO_FORM;
    free(what);
    free(title);
    cJSON_Delete(root);
    return rc;
}

/* ---- MHLW checklists: "type": "mhlw-checklist" ------------------------- */

/* The facts of an edition the catalog states, with where each comes from. */
typedef struct edition_facts {
    const char *edition;  /* "R8" */
    int fiscal_year;
    char *published;      /* "令和8年度", or NULL */
    char published_on[11]; /* "2026-06-29" or "2026-06", or "" */
    const char *published_certainty;
    const char *published_from; /* "title", "catalog", "user" */
    const char *guideline;
    const char *guideline_certainty;
    const char *guideline_from; /* "workbook", "catalog", "newest-known" */
} edition_facts;

/* Writes d (day 0: month precision) as "YYYY-MM-DD" or "YYYY-MM". */
static void format_published(char buf[11], kaiji_date d)
{
    kaiji_date full = {d.year, d.month, d.day ? d.day : 1};
    kaiji_date_format(buf, full);
    if (!d.day)
        buf[7] = '\0';
}

/*
 * From the built-in (or hand-written) catalog of the edition, when there is
 * one: its "published_on" and "published_certainty", else the month its
 * "published" text names; and its "published" text.  Read from the
 * catalog's JSON: those members are the edition's data, not the loader's.
 */
static int facts_from_catalog(edition_facts *f, const kaiji_catalog *cat)
{
    cJSON *root = cJSON_Parse(kaiji_catalog_json(cat));
    const cJSON *on, *cert, *pub;
    kaiji_date d;
    if (!root)
        return KAIJI_ERROR_NOMEM; /* it loaded, so it parses: no memory */
    on = cJSON_GetObjectItemCaseSensitive(root, "published_on");
    cert = cJSON_GetObjectItemCaseSensitive(root, "published_certainty");
    pub = cJSON_GetObjectItemCaseSensitive(root, "published");
    if (!f->published && cJSON_IsString(pub) && !kaiji_text_blank(pub->valuestring) &&
        !(f->published = strdup(pub->valuestring))) {
        cJSON_Delete(root);
        return KAIJI_ERROR_NOMEM;
    }
    if (!f->published_on[0] && cJSON_IsString(on) &&
        kaiji_text_parse_iso_date_or_month(on->valuestring, &d)) {
        static const char *const certainties[] = {"V", "2", "I"};
        format_published(f->published_on, d);
        f->published_certainty = kaiji_catalog_certainty(cat);
        for (size_t i = 0; i < 3 && cJSON_IsString(cert); i++)
            if (strcmp(cert->valuestring, certainties[i]) == 0)
                f->published_certainty = certainties[i];
        f->published_from = "catalog";
    }
    if (!f->published_on[0] && cJSON_IsString(pub)) {
        char *text = NULL;
        int y, m;
        if (kaiji_text_checklist_published(pub->valuestring, &text, &y, &m) && m) {
            format_published(f->published_on, (kaiji_date){y, m, 0});
            f->published_certainty = kaiji_catalog_certainty(cat);
            f->published_from = "catalog";
        }
        free(text);
    }
    cJSON_Delete(root);
    return KAIJI_OK;
}

/* The newest guideline edition any catalog knows (a checklist edition's or
 * a JAHIS version row's), or NULL. */
static const char *newest_guideline(const kaiji_catalogs *cats)
{
    const char *best = NULL;
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        if (c->type == KAIJI_CATALOG_CHECKLIST && c->guideline &&
            (!best || kaiji_guideline_compare(c->guideline, best) > 0))
            best = c->guideline;
        for (size_t j = 0; c->type == KAIJI_CATALOG_MDS_VERSIONS && j < c->version_count; j++)
            if (!best || kaiji_guideline_compare(c->versions[j].guideline, best) > 0)
                best = c->versions[j].guideline;
    }
    return best;
}

/*
 * Works out the edition's facts: edition and fiscal year from the title
 * (the form version recognition found there), the publication from the
 * user's --published, else the title's month, else the edition's catalog,
 * and the guideline from the workbook, else the edition's catalog, else the
 * newest known.  Sets ctx->problem and returns an error when a fact is
 * missing or the user's date does not fit.
 */
static int edition_of(import_ctx *ctx, edition_facts *f)
{
    const kaiji_document *first = NULL;
    const kaiji_catalog *known;
    kaiji_date d;
    int rc;

    memset(f, 0, sizeof(*f));
    for (size_t i = 0; i < ctx->count; i++) {
        const kaiji_document *doc = ctx->docs[i];
        if (!doc->form_version || !*doc->form_version)
            continue;
        if (!first)
            first = doc;
        else if (strcmp(first->form_version, doc->form_version) != 0) {
            ctx->problem = KAIJI_IMPORT_MIXED_EDITIONS;
            return KAIJI_ERROR_UNREADABLE;
        }
    }
    if (!first || first->form_version[0] != 'R' || atoi(first->form_version + 1) < 1) {
        ctx->problem = KAIJI_IMPORT_NO_EDITION;
        return KAIJI_ERROR_UNREADABLE;
    }
    f->edition = first->form_version;
    f->fiscal_year = 2018 + atoi(first->form_version + 1);

    /* The title: its text as written, and its month. */
    const char *title = first->fields[KAIJI_FIELD_FORM_VERSION];
    int y, m;
    if (title && kaiji_text_checklist_published(title, &f->published, &y, &m) && m) {
        format_published(f->published_on, (kaiji_date){y, m, 0});
        f->published_certainty = "I";
        f->published_from = "title";
    }
    known = kaiji_catalogs_edition(ctx->cats, f->edition);
    if (known && (rc = facts_from_catalog(f, known)) != KAIJI_OK)
        return rc;
    if (ctx->published) {
        if (!kaiji_text_parse_iso_date_or_month(ctx->published, &d)) {
            ctx->problem = KAIJI_IMPORT_BAD_PUBLISHED;
            return KAIJI_ERROR_INVALID;
        }
        format_published(f->published_on, d);
        f->published_certainty = "2";
        f->published_from = "user";
    }
    if (!f->published_on[0]) {
        ctx->problem = KAIJI_IMPORT_NO_PUBLISHED;
        return KAIJI_ERROR_NOT_FOUND;
    }
    /* An edition is published a little before or during its fiscal year. */
    kaiji_text_parse_iso_date_or_month(f->published_on, &d);
    int fy_of = d.month >= 4 ? d.year : d.year - 1;
    if (fy_of < f->fiscal_year - 1 || fy_of > f->fiscal_year) {
        ctx->problem = KAIJI_IMPORT_BAD_PUBLISHED;
        return KAIJI_ERROR_INVALID;
    }

    for (size_t i = 0; i < ctx->count && !f->guideline; i++)
        if (ctx->docs[i]->guideline && *ctx->docs[i]->guideline) {
            f->guideline = ctx->docs[i]->guideline;
            f->guideline_certainty = "template";
            f->guideline_from = "workbook";
        }
    if (!f->guideline && known && known->guideline) {
        f->guideline = known->guideline;
        f->guideline_certainty = kaiji_catalog_certainty(known);
        f->guideline_from = "catalog";
    }
    if (!f->guideline && (f->guideline = newest_guideline(ctx->cats))) {
        f->guideline_certainty = "I";
        f->guideline_from = "newest-known";
    }
    if (!f->guideline) {
        f->guideline = "6.0"; /* no catalog at all: the project's target */
        f->guideline_certainty = "I";
        f->guideline_from = "newest-known";
    }
    return KAIJI_OK;
}

/* The title a form of kind has when its sheet's name is not known. */
static const char *kind_title(kaiji_kind kind)
{
    return kind == KAIJI_KIND_VENDOR_CHECKLIST ? "事業者確認用" : "医療機関確認用";
}

/*
 * Writes the "type": "mhlw-checklist" catalog of ctx's checklist sheets
 * into *out: the edition's facts (edition_of()), then one form per sheet
 * with its items, sections, scope tags and targets.  On failure
 * ctx->problem says why.
 */
static int checklist_catalog(char **out, import_ctx *ctx)
{
    edition_facts f;
    cJSON *root = NULL, *forms;
    char idbuf[160], *title = NULL, *what = NULL, *notes = NULL;
    int rc = edition_of(ctx, &f);

    if (rc != KAIJI_OK)
        goto error;
    const char *id = ctx->id;
    if (!id || !*id) {
        snprintf(idbuf, sizeof(idbuf), "mhlw-checklist-%s-%s", f.edition,
                 ctx->count > 1 ? "imported"
                 : ctx->docs[0]->kind == KAIJI_KIND_VENDOR_CHECKLIST ? "vendor"
                                                                     : "hospital");
        clean_id(idbuf);
        id = idbuf;
    }
    rc = KAIJI_ERROR_NOMEM;
    if (!(what = kaiji_strprintf("MHLW checklist %s%s%s%s", f.edition, f.published ? " (" : "",
                            f.published ? f.published : "", f.published ? ")" : "")) ||
        !(title = make_title(ctx, what)) ||
        !(notes = kaiji_strprintf("Made by kaiji catalog import from %s: items, sections and targets "
                             "as the workbook gives them, one form per sheet; text null where "
                             "its cell is empty. published_on from %s, guideline from %s.",
                             base_name(ctx->docs[0]->path),
                             strcmp(f.published_from, "user") == 0 ? "--published"
                                                                   : f.published_from,
                             f.guideline_from)))
        goto error;
    if (!(root = cJSON_CreateObject()) || !cJSON_AddStringToObject(root, "id", id) ||
        !cJSON_AddStringToObject(root, "type", "mhlw-checklist") ||
        !cJSON_AddStringToObject(root, "title", title) || !add_provenance(root, ctx) ||
        !cJSON_AddStringToObject(root, "notes", notes) ||
        !cJSON_AddStringToObject(root, "edition", f.edition) ||
        !add_text(root, "published", f.published) ||
        !cJSON_AddStringToObject(root, "published_on", f.published_on) ||
        !cJSON_AddStringToObject(root, "published_certainty", f.published_certainty) ||
        !cJSON_AddStringToObject(root, "published_from", f.published_from) ||
        !cJSON_AddNumberToObject(root, "fiscal_year", f.fiscal_year) ||
        !cJSON_AddStringToObject(root, "guideline", f.guideline) ||
        !cJSON_AddStringToObject(root, "guideline_certainty", f.guideline_certainty) ||
        !cJSON_AddStringToObject(root, "guideline_from", f.guideline_from) ||
        !(forms = cJSON_AddArrayToObject(root, "forms")))
        goto error;
    for (size_t i = 0; i < ctx->count; i++) {
        const kaiji_document *d = ctx->docs[i];
        const char *sheet = sheet_name(ctx, d);
        cJSON *form = cJSON_CreateObject(), *items;
        if (!form || !cJSON_AddItemToArray(forms, form)) {
            cJSON_Delete(form);
            goto error;
        }
        if (!cJSON_AddStringToObject(form, "kind", kaiji_kind_name(d->kind)) ||
            !cJSON_AddStringToObject(form, "title", sheet ? sheet : kind_title(d->kind)) ||
            (sheet && !cJSON_AddStringToObject(form, "sheet", sheet)) ||
            !cJSON_AddBoolToObject(form, "complete", 1) ||
            !(items = cJSON_AddArrayToObject(form, "items")))
            goto error;
        if ((rc = add_items(items, ctx, d, true)) != KAIJI_OK)
            goto error;
        rc = KAIJI_ERROR_NOMEM;
    }
    rc = finish(out, root);
error:
    if (rc == KAIJI_ERROR_UNREADABLE && !ctx->problem)
        ctx->problem = KAIJI_IMPORT_NO_FORM;
    free(f.published);
    free(what);
    free(title);
    free(notes);
    cJSON_Delete(root);
    return rc;
}

/* true when kind is a sheet of the MHLW checklist. */
static bool is_checklist(kaiji_kind kind)
{
    return kind == KAIJI_KIND_VENDOR_CHECKLIST || kind == KAIJI_KIND_HOSPITAL_CHECKLIST;
}

/* Writes the catalog of ctx's forms: the checklist's when any form is a
 * checklist sheet (of the forms, those), a template's otherwise. */
static int build(char **out, import_ctx *ctx)
{
    kaiji_document *sheets[KAIJI_KIND__COUNT];
    size_t n = 0;

    for (size_t i = 0; i < ctx->count && n < KAIJI_KIND__COUNT; i++)
        if (ctx->docs[i]->readable && is_checklist(ctx->docs[i]->kind) &&
            ctx->docs[i]->item_count)
            sheets[n++] = ctx->docs[i];
    if (n == 0)
        return template_catalog(out, ctx);
    ctx->docs = sheets;
    ctx->count = n;
    return checklist_catalog(out, ctx);
}

int kaiji_catalog_from_document(char **out, const kaiji_document *doc,
                                const char *id)
{
    kaiji_document *one = (kaiji_document *)doc;
    import_ctx ctx = {.docs = &one, .count = 1, .id = id};

    *out = NULL;
    if (!doc)
        return KAIJI_ERROR_UNREADABLE;
    return template_catalog(out, &ctx);
}

int kaiji_catalog_import_with(char **out, const char *path,
                              const kaiji_import_options *opts,
                              kaiji_import_problem *problem)
{
    kaiji_catalogs *own = NULL;
    kaiji_forms forms = {0};
    kaiji_read_options ro;
    import_ctx ctx = {0};
    int rc;

    *out = NULL;
    if (problem)
        *problem = KAIJI_IMPORT_NO_PROBLEM;
    if (!path)
        return KAIJI_ERROR_INVALID;
    ctx.cats = opts ? opts->catalogs : NULL;
    if (!ctx.cats) {
        rc = kaiji_catalogs_load(&own, NULL, NULL);
        if (rc != KAIJI_OK)
            return rc;
        ctx.cats = own;
    }
    ctx.id = opts ? opts->id : NULL;
    ctx.published = opts ? opts->published : NULL;
    kaiji_read_options_init(&ro);
    ro.catalogs = ctx.cats;
    rc = kaiji_read_forms(&forms, path, &ro, kaiji_catalogs_vocab(ctx.cats));
    if (rc == KAIJI_ERROR_IO)
        ctx.problem = KAIJI_IMPORT_NO_FORM;
    if (rc != KAIJI_OK)
        goto error;
    ctx.docs = forms.docs;
    ctx.count = forms.count;
    ctx.wb = forms.wb;
    ctx.official = kaiji_official_list_match(kaiji_catalogs_official(ctx.cats),
                                             forms.docs[0]->sha256);
    rc = build(out, &ctx);
error:
    if (problem)
        *problem = ctx.problem;
    kaiji_target_headers_free(&ctx.headers);
    kaiji_forms_free(&forms);
    kaiji_catalogs_free(own);
    return rc;
}

int kaiji_catalog_import(char **out, const char *template_path, const char *id)
{
    kaiji_import_options opts = {.id = id};
    return kaiji_catalog_import_with(out, template_path, &opts, NULL);
}
