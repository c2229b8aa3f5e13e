/*
 * parser/kaiji_json.c - kaiji's exchange format, JSON
 * (formats/schema/kaiji-document.schema.json), read back into a document.
 *
 * The stored normalised values (kind, form version, answers, dates) are taken
 * as they are, never re-derived from the raw texts, so that a document
 * exported and read back is the same document.  Every type is checked against
 * the schema's rules; a value of the wrong type is named by its JSON pointer.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "parser/readers.h"
#include "text/text.h"
#include "model/i18n.h"

/* A problem with the input: the message is in ctx->why. */
#define BAD (-1)

typedef struct json_ctx {
    kaiji_document *doc;
    char why[512];
} json_ctx;

/* Reports that the value at pointer is not what the schema says. */
static int bad(json_ctx *ctx, const char *pointer, const char *what)
{
    snprintf(ctx->why, sizeof ctx->why,
             _("the kaiji document is malformed: %s %s"), pointer[0] ? pointer : _("the top level"),
             what);
    return BAD;
}

/* Appends "/" and key, escaped as RFC 6901 asks, to base into out. */
static void pointer_key(char out[256], const char *base, const char *key)
{
    size_t n = (size_t)snprintf(out, 256, "%s/", base);
    for (const char *k = key; *k && n + 3 < 256; k++) {
        if (*k == '~' || *k == '/') {
            out[n++] = '~';
            out[n++] = *k == '~' ? '0' : '1';
        } else {
            out[n++] = *k;
        }
    }
    out[n < 256 ? n : 255] = '\0';
}

static void pointer_index(char out[256], const char *base, size_t i)
{
    int n = snprintf(out, 256, "%s/%zu", base, i);
    if (n < 0 || n >= 256)
        out[255] = '\0'; /* a pointer that long is cut, not wrong */
}

/* Checks that every member of obj is named in allowed (NULL-terminated). */
static int only_keys(json_ctx *ctx, const cJSON *obj, const char *pointer,
                     const char *const *allowed)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, m->string) == 0;
        if (!ok) {
            char p[256];
            pointer_key(p, pointer, m->string);
            return bad(ctx, p, _("is not a member the format knows"));
        }
    }
    return KAIJI_OK;
}

/*
 * The string member key of obj into *out (borrowed from the cJSON tree):
 * NULL when absent (an error when required), BAD when not a string.
 */
static int get_string(json_ctx *ctx, const cJSON *obj, const char *pointer,
                      const char *key, bool required, const char **out)
{
    *out = NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char p[256];
    pointer_key(p, pointer, key);
    if (!v)
        return required ? bad(ctx, p, _("is missing")) : KAIJI_OK;
    if (!cJSON_IsString(v) || !v->valuestring)
        return bad(ctx, p, _("must be a string"));
    *out = v->valuestring;
    return KAIJI_OK;
}

/*
 * Keeps s (UTF-8, changed in place) to what XML can carry, as the XLSX
 * reader does, so that the document converted to kaiji XML reads back the
 * same: a vertical tab or form feed becomes a line feed, the other control
 * characters XML forbids and the non-characters U+FFFE and U+FFFF are
 * dropped.
 */
static void keep_to_xml_chars(char *s)
{
    unsigned char *in = (unsigned char *)s, *out = in;
    while (*in) {
        if (*in == 0x0B || *in == 0x0C) {
            *out++ = '\n';
            in++;
        } else if (*in < 0x20 && *in != '\t' && *in != '\n' && *in != '\r') {
            in++;
        } else if (in[0] == 0xEF && in[1] == 0xBF && (in[2] == 0xBE || in[2] == 0xBF)) {
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
}

/* As get_string, copied into the document ("" when absent). */
static int copy_string(json_ctx *ctx, const cJSON *obj, const char *pointer,
                       const char *key, const char **out)
{
    const char *s;
    int rc = get_string(ctx, obj, pointer, key, false, &s);
    if (rc != KAIJI_OK)
        return rc;
    char *copy = kaiji_arena_strdup(ctx->doc->arena, s ? s : "");
    if (!copy)
        return KAIJI_ERROR_NOMEM;
    keep_to_xml_chars(copy);
    *out = copy;
    return KAIJI_OK;
}

/* A date member: "YYYY-MM-DD", "YYYY-MM" (a month: day 0) or "" (or
 * absent) for no date. */
static int get_date(json_ctx *ctx, const cJSON *obj, const char *pointer,
                    const char *key, kaiji_date *out)
{
    const char *s;
    *out = (kaiji_date){0, 0, 0};
    int rc = get_string(ctx, obj, pointer, key, false, &s);
    if (rc != KAIJI_OK || !s || !*s)
        return rc;
    char p[256];
    pointer_key(p, pointer, key);
    size_t len = strlen(s);
    bool shape = (len == 10 && s[4] == '-' && s[7] == '-') || (len == 7 && s[4] == '-');
    for (size_t i = 0; shape && i < len; i++)
        shape = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
    if (shape) {
        out->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        out->month = (s[5] - '0') * 10 + (s[6] - '0');
        out->day = len == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
    }
    if (!shape || !kaiji_date_valid(*out) || (len == 10 && out->day == 0)) {
        *out = (kaiji_date){0, 0, 0};
        return bad(ctx, p, _("must be a date written YYYY-MM-DD (or YYYY-MM for a month)"));
    }
    return KAIJI_OK;
}

/* An answer name member into *out; *present tells whether it was there. */
static int get_answer(json_ctx *ctx, const cJSON *obj, const char *pointer,
                      const char *key, bool required, kaiji_answer *out,
                      bool *present)
{
    const char *s;
    *out = KAIJI_ANSWER_BLANK;
    *present = false;
    int rc = get_string(ctx, obj, pointer, key, required, &s);
    if (rc != KAIJI_OK || !s)
        return rc;
    for (int a = 0; a < KAIJI_ANSWER__COUNT; a++) {
        if (strcmp(s, kaiji_answer_name((kaiji_answer)a)) == 0) {
            *out = (kaiji_answer)a;
            *present = true;
            return KAIJI_OK;
        }
    }
    char p[256];
    pointer_key(p, pointer, key);
    return bad(ctx, p, _("must be one of blank, yes, no, na, see-note, invalid"));
}

/* An optional array member: NULL when absent, BAD when not an array. */
static int get_array(json_ctx *ctx, const cJSON *obj, const char *pointer,
                     const char *key, size_t max, const cJSON **out)
{
    *out = NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return KAIJI_OK;
    char p[256];
    pointer_key(p, pointer, key);
    if (!cJSON_IsArray(v))
        return bad(ctx, p, _("must be an array"));
    if (max && (size_t)cJSON_GetArraySize(v) > max) {
        char what[64];
        snprintf(what, sizeof what, _("holds more than %zu entries"), max);
        return bad(ctx, p, what);
    }
    *out = v;
    return KAIJI_OK;
}

static const char *const field_keys[] = {"text", "location", NULL};
static const char *const target_keys[] = {"name", "answer", "text", NULL};
static const char *const confirmation_keys[] = {"date", "text", NULL};
static const char *const item_keys[] = {
    "id", "section", "question", "answer", "answer_text", "answer_comment",
    "remarks", "targets", "target_date", "target_date_text", "confirmations",
    "location", NULL};
static const char *const root_keys[] = {
    "kaiji", "kind", "form_version", "guideline", "document_date", "source",
    "fields", "items", NULL};

/* The "fields" object into the document's header fields. */
static int read_fields(json_ctx *ctx, const cJSON *fields)
{
    if (!cJSON_IsObject(fields))
        return bad(ctx, "/fields", _("must be an object"));
    for (const cJSON *m = fields->child; m; m = m->next) {
        char p[256];
        pointer_key(p, "/fields", m->string);
        kaiji_field f = kaiji_field_from_name(m->string);
        if (f == KAIJI_FIELD__COUNT)
            return bad(ctx, p, _("is not a header field the format knows"));
        if (!cJSON_IsObject(m))
            return bad(ctx, p, _("must be an object"));
        const char *text, *loc;
        int rc = only_keys(ctx, m, p, field_keys);
        if (rc == KAIJI_OK)
            rc = get_string(ctx, m, p, "text", true, &text);
        if (rc == KAIJI_OK)
            rc = get_string(ctx, m, p, "location", false, &loc);
        if (rc == KAIJI_OK)
            rc = kaiji_document_set_field(ctx->doc, f, text, loc);
        if (rc != KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

static int read_targets(json_ctx *ctx, kaiji_item *item, const cJSON *arr,
                        const char *pointer)
{
    size_t i = 0;
    for (const cJSON *t = arr ? arr->child : NULL; t; t = t->next, i++) {
        char p[256];
        pointer_index(p, pointer, i);
        if (!cJSON_IsObject(t))
            return bad(ctx, p, _("must be an object"));
        kaiji_target_answer *ta = &item->targets[item->target_count];
        bool present;
        const char *name;
        int rc = only_keys(ctx, t, p, target_keys);
        if (rc == KAIJI_OK)
            rc = get_answer(ctx, t, p, "answer", true, &ta->answer, &present);
        if (rc == KAIJI_OK)
            rc = get_string(ctx, t, p, "name", true, &name);
        if (rc == KAIJI_OK)
            rc = copy_string(ctx, t, p, "name", &ta->name);
        if (rc == KAIJI_OK)
            rc = copy_string(ctx, t, p, "text", &ta->text);
        if (rc != KAIJI_OK)
            return rc;
        item->target_count++;
    }
    return KAIJI_OK;
}

static int read_confirmations(json_ctx *ctx, kaiji_item *item, const cJSON *arr,
                              const char *pointer)
{
    size_t i = 0;
    for (const cJSON *c = arr ? arr->child : NULL; c; c = c->next, i++) {
        char p[256];
        pointer_index(p, pointer, i);
        if (!cJSON_IsObject(c))
            return bad(ctx, p, _("must be an object"));
        size_t n = item->confirmation_count;
        int rc = only_keys(ctx, c, p, confirmation_keys);
        if (rc == KAIJI_OK)
            rc = get_date(ctx, c, p, "date", &item->confirmations[n]);
        if (rc == KAIJI_OK)
            rc = copy_string(ctx, c, p, "text", &item->confirmation_texts[n]);
        if (rc != KAIJI_OK)
            return rc;
        item->confirmation_count++;
    }
    return KAIJI_OK;
}

/* One element of "items" (at index i) appended to the document. */
static int read_item(json_ctx *ctx, const cJSON *obj, size_t i)
{
    char p[256], sub[256];
    pointer_index(p, "/items", i);
    if (!cJSON_IsObject(obj))
        return bad(ctx, p, _("must be an object"));
    int rc = only_keys(ctx, obj, p, item_keys);
    const char *id;
    if (rc == KAIJI_OK)
        rc = get_string(ctx, obj, p, "id", true, &id);
    if (rc != KAIJI_OK)
        return rc;
    kaiji_item *item = kaiji_document_add_item(ctx->doc);
    if (!item)
        return KAIJI_ERROR_NOMEM;
    kaiji_answer answer;
    bool has_answer;
    const char *loc;
    const cJSON *targets, *confs;
    if ((rc = copy_string(ctx, obj, p, "id", &item->id)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "section", &item->section)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "question", &item->question)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "remarks", &item->remarks)) != KAIJI_OK ||
        (rc = get_answer(ctx, obj, p, "answer", false, &answer, &has_answer)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "answer_text", &item->answer_text)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "answer_comment", &item->answer_comment)) != KAIJI_OK ||
        (rc = get_array(ctx, obj, p, "targets", KAIJI_MAX_TARGETS, &targets)) != KAIJI_OK ||
        (rc = get_date(ctx, obj, p, "target_date", &item->target_date)) != KAIJI_OK ||
        (rc = copy_string(ctx, obj, p, "target_date_text", &item->target_date_text)) != KAIJI_OK ||
        (rc = get_array(ctx, obj, p, "confirmations", KAIJI_MAX_CONFIRMATIONS, &confs)) != KAIJI_OK ||
        (rc = get_string(ctx, obj, p, "location", false, &loc)) != KAIJI_OK)
        return rc;
    if (has_answer)
        item->answer = answer;
    else if ((rc = kaiji_item_set_answer_text(ctx->doc, item, item->answer_text)) != KAIJI_OK)
        return rc;
    item->location = kaiji_document_strdup(ctx->doc, loc ? loc : p);
    if (!item->location)
        return KAIJI_ERROR_NOMEM;
    pointer_key(sub, p, "targets");
    if ((rc = read_targets(ctx, item, targets, sub)) != KAIJI_OK)
        return rc;
    pointer_key(sub, p, "confirmations");
    return read_confirmations(ctx, item, confs, sub);
}

/* The root object (already known to carry "kaiji": "1") into the document. */
static int read_root(json_ctx *ctx, const cJSON *root)
{
    kaiji_document *doc = ctx->doc;
    const char *kind;
    const cJSON *items;
    int rc = only_keys(ctx, root, "", root_keys);
    if (rc == KAIJI_OK)
        rc = get_string(ctx, root, "", "kind", true, &kind);
    if (rc != KAIJI_OK)
        return rc;
    int k = 0;
    while (k < KAIJI_KIND__COUNT && strcmp(kind, kaiji_kind_name((kaiji_kind)k)) != 0)
        k++;
    if (k == KAIJI_KIND__COUNT)
        return bad(ctx, "/kind",
                   _("must be one of unknown, mds, sds, vendor-checklist, hospital-checklist, mds2"));
    doc->kind = (kaiji_kind)k;
    if ((rc = copy_string(ctx, root, "", "form_version", &doc->form_version)) != KAIJI_OK ||
        (rc = copy_string(ctx, root, "", "guideline", &doc->guideline)) != KAIJI_OK ||
        (rc = get_date(ctx, root, "", "document_date", &doc->date)) != KAIJI_OK)
        return rc;
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (source && !cJSON_IsObject(source))
        return bad(ctx, "/source", _("must be an object"));
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (fields && (rc = read_fields(ctx, fields)) != KAIJI_OK)
        return rc;
    if ((rc = get_array(ctx, root, "", "items", 0, &items)) != KAIJI_OK)
        return rc;
    size_t i = 0;
    for (const cJSON *it = items ? items->child : NULL; it; it = it->next, i++)
        if ((rc = read_item(ctx, it, i)) != KAIJI_OK)
            return rc;
    return KAIJI_OK;
}

/* The most values (objects, arrays, members and elements) a kaiji JSON
 * document may hold.  cJSON takes about 30 bytes of memory for each byte of
 * "[0,0,0,...]": a 30 MB file took 855 MiB.  A form's export holds a few
 * thousand. */
#define MAX_JSON_VALUES 100000u

/*
 * The deepest nesting of objects and arrays in len bytes of json, and the
 * number of values (each '{', '[' and ',' outside strings, and one), into
 * *values; stops counting once either passes its limit.
 */
static unsigned json_shape(const char *json, size_t len, unsigned limit, size_t *values)
{
    unsigned depth = 0, deepest = 0;
    size_t n = 1;
    bool in_string = false;
    for (size_t i = 0; i < len && deepest <= limit && n <= MAX_JSON_VALUES; i++) {
        char c = json[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            n++;
            if (++depth > deepest)
                deepest = depth;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        } else if (c == ',') {
            n++;
        }
    }
    *values = n;
    return deepest;
}

/* Line and column (1-based, columns in characters) of offset in text. */
static void line_column(const char *text, size_t offset, unsigned *line,
                        unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/*
 * Reads len bytes of json (kaiji's exchange format) into doc.  A file that
 * is too deep, of more than MAX_JSON_VALUES values, not JSON, not UTF-8 or
 * not a kaiji document fails doc with file-unsafe, file-too-large,
 * file-corrupt or unsupported-format; KAIJI_ERROR_NOMEM only when memory
 * runs out.
 */
int kaiji_read_kaiji_json(kaiji_document *doc, const char *json, size_t len,
                          const kaiji_limits *limits)
{
    int rc = KAIJI_OK;
    char *text = NULL;
    cJSON *root = NULL;
    json_ctx ctx = {.doc = doc, .why = ""};
    unsigned max_depth = limits && limits->max_json_depth ? limits->max_json_depth : 64;

    doc->format = KAIJI_FORMAT_KAIJI_JSON;
    if (!kaiji_gate_json(doc, &json, &len, &rc))
        goto done;
    if (memchr(json, '\0', len)) {
        rc = kaiji_document_fail(doc, "file-corrupt",
                                 _("the JSON file holds a NUL byte, so it is not text"));
        goto done;
    }
    size_t values;
    if (json_shape(json, len, max_depth, &values) > max_depth) {
        rc = kaiji_document_fail(doc, "file-unsafe",
                                 _("the JSON nests deeper than %u levels"), max_depth);
        goto done;
    }
    if (values > MAX_JSON_VALUES) {
        rc = kaiji_document_fail(doc, "file-too-large",
                                 _("the JSON holds more than %u values; a kaiji document "
                                   "holds a few thousand"),
                                 MAX_JSON_VALUES);
        goto done;
    }
    text = malloc(len + 1);
    if (!text) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    memcpy(text, json, len);
    text[len] = '\0';
    /* return_parse_end, not cJSON_GetErrorPtr(): the latter is global state. */
    const char *end = NULL;
    root = cJSON_ParseWithOpts(text, &end, 1);
    if (!root) {
        unsigned line, col;
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        line_column(text, off, &line, &col);
        rc = kaiji_document_fail(doc, "file-corrupt",
                                 _("the JSON is broken at line %u, column %u"), line, col);
        goto done;
    }
    const cJSON *version = cJSON_IsObject(root)
                               ? cJSON_GetObjectItemCaseSensitive(root, "kaiji") : NULL;
    if (!version) {
        rc = kaiji_document_fail(doc, "unsupported-format",
                                 _("the JSON file is not a kaiji document (it has no \"kaiji\" version)"));
        goto done;
    }
    if (!cJSON_IsString(version) || strcmp(version->valuestring, "1") != 0) {
        rc = kaiji_document_fail(doc, "unsupported-format",
                                 _("the kaiji document is of a format version this kaiji cannot read (only \"1\")"));
        goto done;
    }
    rc = read_root(&ctx, root);
    if (rc == BAD) {
        rc = kaiji_document_fail(doc, "file-corrupt", "%s", ctx.why);
    }
done:
    cJSON_Delete(root);
    free(text);
    return rc;
}
