/*
 * validator/catalog.c - loading the catalogs: the built-in JSON files of
 * formats/catalogs/ (compiled in), overridden or extended by the *.json of a
 * directory, plus the label vocabulary (formats/vocab/labels.json).  The
 * JSON layout is described in formats/catalogs/README.md.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>
#include "model/libxml.h"

#include "formats/embedded.h"
#include "base/base.h"
#include "catalog/schema.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "catalog/prebuilt.h"
#include "model/i18n.h"

#define CATALOG_PREFIX "formats/catalogs/"
#define OFFICIAL_FILES "official-files.json"
#define OFFICIAL_BUILTIN "formats/vocab/" OFFICIAL_FILES
#define NEXT_STEPS "next-steps.json"
#define NEXT_STEPS_BUILTIN "formats/vocab/" NEXT_STEPS
#define MAX_CATALOG_FILE (16u * 1024u * 1024u)
#define MAX_CATALOG_FILES 1000
#define MAX_ANNEX_ITEMS 10000

/* What the catalogs make when first asked, under the lock (worker threads
 * share the catalogs), apart from them so that a const kaiji_catalogs can
 * fill it: the compiled XSD of kaiji's XML format (the first read of a kaiji
 * XML document), and the built-in lists of official files (the first
 * catalog import) and of next steps (the first finding shown), each on its
 * own: a validate that shows a finding does not parse the official files'
 * JSON.  A directory that has its own official-files.json or
 * next-steps.json has both lists loaded at once instead, so that a
 * malformed file is said when loading. */
typedef struct lazy_schema {
    pthread_mutex_t mu;
    bool done;
    xmlSchemaPtr schema; /* NULL when this build lacks the XSD or memory ran out */
    bool official_done, steps_done;
    kaiji_official_list official; /* official blank forms by SHA-256 */
    kaiji_next_steps next_steps;  /* what to do about each finding code */
} lazy_schema;

/* The catalogs, with what every read needs and should not make again for
 * each document: the label vocabulary and the compiled XSD of kaiji's XML
 * format (compiling it was 40% of reading a kaiji XML document, and 8% of
 * starting a command that reads none: compiled when first needed). */
struct kaiji_catalogs {
    kaiji_catalog **cats;
    size_t count;
    kaiji_vocab *vocab;
    lazy_schema *xml_schema; /* and the lists made when first needed */
};

/* A catalog file found while loading: where it came from and its text. */
typedef struct source_file {
    char *basename;
    char *origin; /* "builtin" or the path */
    char *json;   /* malloc'd (directory files) or NULL (built-in) */
    const char *text;
} source_file;

/*
 * The length of s without a scope tag on a line of its own at its end, as
 * R7 prints one under each question ("…している。\n(サーバ、端末PC)"): the
 * last line, trimmed, is one bracketed group and something comes before it.
 * strlen(s) when there is none.
 */
size_t kaiji_catalog_scope_tag(const char *s, const char **tag, size_t *tag_len)
{
    size_t n = strlen(s);
    const char *nl = strrchr(s, '\n');
    if (tag)
        *tag = NULL;
    if (tag_len)
        *tag_len = 0;
    if (!nl)
        return n;
    const char *a = nl + 1, *b = s + n;
    while (*a == ' ' || *a == '\t' || *a == '\r' || strncmp(a, "\xe3\x80\x80", 3) == 0)
        a += *a == '\xe3' ? 3 : 1;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
        b--;
    while (b - a >= 3 && memcmp(b - 3, "\xe3\x80\x80", 3) == 0)
        b -= 3;
    bool open = *a == '(' || strncmp(a, "（", strlen("（")) == 0;
    size_t olen = *a == '(' ? 1 : strlen("（");
    bool close = (b - a >= 1 && b[-1] == ')') ||
                 (b - a >= 3 && memcmp(b - 3, "）", strlen("）")) == 0);
    size_t clen = b[-1] == ')' ? 1 : strlen("）");
    if (!open || !close || (size_t)(b - a) <= olen + clen)
        return n;
    for (const char *p = a + olen; p < b - clen; p++)
        if (*p == '(' || *p == ')' || strncmp(p, "（", 3) == 0 || strncmp(p, "）", 3) == 0)
            return n; /* one group only */
    bool before = false;
    for (const char *p = s; p < nl && !before; p++)
        before = !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n');
    if (!before)
        return n;
    if (tag)
        *tag = a + olen;
    if (tag_len)
        *tag_len = (size_t)(b - clen - (a + olen));
    return (size_t)(nl - s);
}

char *kaiji_catalog_fold_text(const char *s)
{
    char *head = NULL;
    if (s) {
        size_t keep = kaiji_catalog_scope_tag(s, NULL, NULL);
        if (keep < strlen(s) && !(s = head = strndup(s, keep)))
            return NULL;
    }
    char *f = kaiji_text_fold(s ? s : "");
    free(head);
    if (!f)
        return NULL;
    size_t n = 0;
    for (const char *p = f; *p; p++)
        if (*p != ' ')
            f[n++] = *p;
    while (n > 0) {
        if (f[n - 1] == '.') {
            n--;
        } else if (n >= 3 && memcmp(f + n - 3, "\xe3\x80\x82", 3) == 0) { /* 。 */
            n -= 3;
        } else {
            break;
        }
    }
    f[n] = '\0';
    return f;
}

int kaiji_guideline_compare(const char *a, const char *b)
{
    long pa[2] = {0, 0}, pb[2] = {0, 0};
    const char *s[2] = {a ? a : "", b ? b : ""};
    long *p[2] = {pa, pb};
    for (int k = 0; k < 2; k++) {
        const char *c = s[k];
        for (int part = 0; part < 2; part++) {
            long v = 0;
            int digits = 0;
            while (*c >= '0' && *c <= '9' && digits < 6) {
                v = v * 10 + (*c - '0');
                c++;
                digits++;
            }
            p[k][part] = v;
            if (*c != '.' || !(c[1] >= '0' && c[1] <= '9'))
                break;
            c++;
        }
    }
    for (int part = 0; part < 2; part++)
        if (pa[part] != pb[part])
            return pa[part] < pb[part] ? -1 : 1;
    return 0;
}

/* ---- parsing one catalog ---------------------------------------------- */

/* The state of one parse: the catalog being filled and the first error. */
typedef struct parse_ctx {
    kaiji_catalog *cat;
    char *err;
    bool nomem;
} parse_ctx;

static bool fail(parse_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records the first error (a malloc'd message); always returns false. */
static bool fail(parse_ctx *ctx, const char *fmt, ...)
{
    if (ctx->err || ctx->nomem)
        return false;
    va_list ap;
    va_start(ap, fmt);
    ctx->err = kaiji_vstrprintf(fmt, ap);
    va_end(ap);
    if (!ctx->err)
        ctx->nomem = true;
    return false;
}

/* An arena copy of s, recording out-of-memory. */
static const char *ctx_dup(parse_ctx *ctx, const char *s)
{
    char *d = kaiji_arena_strdup(ctx->cat->arena, s);
    if (!d)
        ctx->nomem = true;
    return d;
}

/* An arena copy of the malloc'd s (which is freed), or NULL. */
static const char *adopt(parse_ctx *ctx, char *s)
{
    if (!s) {
        ctx->nomem = true;
        return NULL;
    }
    const char *d = ctx_dup(ctx, s);
    free(s);
    return d;
}

/*
 * Reads obj's member name as a string into *out.  Absent or null gives
 * *out = NULL, which fails when required.  what names obj in messages.
 */
static bool get_string(parse_ctx *ctx, const cJSON *obj, const char *name,
                       bool required, const char *what, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!v || cJSON_IsNull(v)) {
        if (required)
            return fail(ctx, _("%s has no \"%s\""), what, name);
        return true;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return fail(ctx, _("\"%s\" of %s is not a string"), name, what);
    if (!kaiji_text_utf8_valid(v->valuestring, strlen(v->valuestring)))
        return fail(ctx, _("\"%s\" of %s is not UTF-8"), name, what);
    if (required && kaiji_text_blank(v->valuestring))
        return fail(ctx, _("\"%s\" of %s is empty"), name, what);
    *out = ctx_dup(ctx, v->valuestring);
    return *out != NULL;
}

/* Reads an optional boolean; absent gives dflt. */
static bool get_bool(parse_ctx *ctx, const cJSON *obj, const char *name,
                     bool dflt, const char *what, bool *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = dflt;
    if (!v || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsBool(v))
        return fail(ctx, _("\"%s\" of %s is not true or false"), name, what);
    *out = cJSON_IsTrue(v);
    return true;
}

/* Reads an optional array member; absent or null gives NULL. */
static bool get_array(parse_ctx *ctx, const cJSON *obj, const char *name,
                      const char *what, const cJSON **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsArray(v))
        return fail(ctx, _("\"%s\" of %s is not an array"), name, what);
    *out = v;
    return true;
}

static bool parse_certainty(parse_ctx *ctx, const char *s, const char *what,
                            kaiji_certainty *out)
{
    static const struct { const char *name; kaiji_certainty c; } names[] = {
        {"V", KAIJI_CERTAINTY_V}, {"2", KAIJI_CERTAINTY_2},
        {"I", KAIJI_CERTAINTY_I}, {"template", KAIJI_CERTAINTY_TEMPLATE},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].c;
            return true;
        }
    return fail(ctx, _("certainty \"%s\" of %s is not V, 2, I or template"), s, what);
}

/* Reads an optional certainty member; absent gives dflt. */
static bool get_certainty(parse_ctx *ctx, const cJSON *obj, const char *name,
                          kaiji_certainty dflt, const char *what,
                          kaiji_certainty *out)
{
    const char *s;
    *out = dflt;
    if (!get_string(ctx, obj, name, false, what, &s))
        return false;
    return s ? parse_certainty(ctx, s, what, out) : true;
}

/* Reads an array of strings into arena copies (keys when as_keys). */
static bool get_strings(parse_ctx *ctx, const cJSON *obj, const char *name,
                        const char *what, bool as_keys, const char ***out,
                        size_t *count)
{
    const cJSON *arr, *v;
    *out = NULL;
    *count = 0;
    if (!get_array(ctx, obj, name, what, &arr))
        return false;
    if (!arr)
        return true;
    size_t n = (size_t)cJSON_GetArraySize(arr);
    const char **list = kaiji_arena_alloc(ctx->cat->arena, (n + 1) * sizeof(*list));
    if (!list) {
        ctx->nomem = true;
        return false;
    }
    size_t i = 0;
    cJSON_ArrayForEach(v, arr) {
        if (!cJSON_IsString(v) || !v->valuestring ||
            !kaiji_text_utf8_valid(v->valuestring, strlen(v->valuestring)))
            return fail(ctx, _("\"%s\" of %s holds something other than text"), name, what);
        list[i] = as_keys ? adopt(ctx, kaiji_text_key(v->valuestring))
                          : ctx_dup(ctx, v->valuestring);
        if (!list[i])
            return false;
        i++;
    }
    *out = list;
    *count = i;
    return true;
}

static bool parse_answer_type(parse_ctx *ctx, const char *s, const char *what,
                              kaiji_answer_type *out)
{
    static const char *const names[] = {"choice", "text", "date"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (kaiji_answer_type)i;
            return true;
        }
    return fail(ctx, _("answer \"%s\" of %s is not choice, text or date"), s, what);
}

/* Parses one item object (of items or header) into *it. */
static bool parse_item(parse_ctx *ctx, const cJSON *obj, const char *what,
                       kaiji_certainty dflt, kaiji_cat_item *it)
{
    const char *s;
    const cJSON *targets, *v;

    memset(it, 0, sizeof(*it));
    it->field = KAIJI_FIELD__COUNT;
    if (!cJSON_IsObject(obj))
        return fail(ctx, _("%s is not an object"), what);
    if (!get_string(ctx, obj, "id", true, what, &it->id))
        return false;
    if (!(it->id_key = adopt(ctx, kaiji_text_id_key(it->id))))
        return false;
    if (!get_string(ctx, obj, "section", false, what, &it->section) ||
        !get_string(ctx, obj, "text", false, what, &it->text) ||
        !get_string(ctx, obj, "name", false, what, &it->name) ||
        !get_string(ctx, obj, "year", false, what, &it->year) ||
        !get_string(ctx, obj, "note", false, what, &it->note) ||
        !get_string(ctx, obj, "scope", false, what, &it->scope))
        return false;
    if (!it->section)
        it->section = "";
    if (!it->year)
        it->year = "";
    if (it->text && !(it->text_fold = adopt(ctx, kaiji_catalog_fold_text(it->text))))
        return false;
    if (!get_certainty(ctx, obj, "certainty", dflt, what, &it->certainty) ||
        !get_certainty(ctx, obj, "text_certainty", it->certainty, what,
                       &it->text_certainty) ||
        !get_bool(ctx, obj, "required", true, what, &it->required))
        return false;
    if (!get_string(ctx, obj, "answer", false, what, &s))
        return false;
    if (s && !parse_answer_type(ctx, s, what, &it->answer_type))
        return false;
    if (!get_string(ctx, obj, "field", false, what, &s))
        return false;
    if (s && (it->field = kaiji_field_from_name(s)) == KAIJI_FIELD__COUNT)
        return fail(ctx, _("field \"%s\" of %s is not a header field"), s, what);

    targets = cJSON_GetObjectItemCaseSensitive(obj, "targets");
    it->targets_known = !(targets && cJSON_IsNull(targets));
    if (targets && !cJSON_IsNull(targets)) {
        if (!cJSON_IsArray(targets))
            return fail(ctx, _("\"targets\" of %s is not an array or null"), what);
        cJSON_ArrayForEach(v, targets) {
            if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring)
                return fail(ctx, _("\"targets\" of %s holds something other than a name"), what);
            if (it->target_count == KAIJI_MAX_TARGETS)
                return fail(ctx, _("%s has more than %d targets"), what, KAIJI_MAX_TARGETS);
            if (!(it->targets[it->target_count++] = ctx_dup(ctx, v->valuestring)))
                return false;
        }
    }
    return true;
}

/* Parses an array of items into an arena array. */
static bool parse_items(parse_ctx *ctx, const cJSON *form, const char *name,
                        const char *form_what, kaiji_certainty dflt,
                        kaiji_cat_item **out, size_t *count)
{
    const cJSON *arr, *v;
    char what[160];
    *out = NULL;
    *count = 0;
    if (!get_array(ctx, form, name, form_what, &arr))
        return false;
    if (!arr)
        return true;
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n == 0)
        return true;
    kaiji_cat_item *items = kaiji_arena_alloc(ctx->cat->arena, n * sizeof(*items));
    if (!items) {
        ctx->nomem = true;
        return false;
    }
    size_t i = 0;
    cJSON_ArrayForEach(v, arr) {
        snprintf(what, sizeof(what), "%s %s %zu", form_what, name, i + 1);
        if (!parse_item(ctx, v, what, dflt, &items[i]))
            return false;
        for (size_t j = 0; j < i; j++)
            if (strcmp(items[j].id_key, items[i].id_key) == 0)
                return fail(ctx, _("%s: item \"%s\" is listed twice"), form_what,
                            items[i].id);
        i++;
    }
    *out = items;
    *count = i;
    return true;
}

static bool parse_sections(parse_ctx *ctx, const cJSON *form, const char *what,
                           kaiji_cat_form *f)
{
    const cJSON *arr, *v;
    char swhat[160];
    if (!get_array(ctx, form, "sections", what, &arr))
        return false;
    if (!arr)
        return true;
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n == 0)
        return true;
    f->sections = kaiji_arena_alloc(ctx->cat->arena, n * sizeof(*f->sections));
    if (!f->sections) {
        ctx->nomem = true;
        return false;
    }
    cJSON_ArrayForEach(v, arr) {
        kaiji_cat_section *s = &f->sections[f->section_count];
        snprintf(swhat, sizeof(swhat), "%s section %zu", what, f->section_count + 1);
        if (!cJSON_IsObject(v))
            return fail(ctx, _("%s is not an object"), swhat);
        if (!get_string(ctx, v, "code", true, swhat, &s->code) ||
            !get_string(ctx, v, "name", false, swhat, &s->name) ||
            !get_bool(ctx, v, "free_text", false, swhat, &s->free_text))
            return false;
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "count");
        s->count = -1;
        if (c && !cJSON_IsNull(c)) {
            if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > 100000 ||
                c->valuedouble != (double)(int)c->valuedouble)
                return fail(ctx, _("\"count\" of %s is not a whole number"), swhat);
            s->count = (int)c->valuedouble;
        }
        f->section_count++;
    }
    return true;
}

static bool parse_aliases(parse_ctx *ctx, const cJSON *form, const char *what,
                          kaiji_cat_form *f)
{
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(form, "id_aliases"), *v;
    if (!obj || cJSON_IsNull(obj))
        return true;
    if (!cJSON_IsObject(obj))
        return fail(ctx, _("\"id_aliases\" of %s is not an object"), what);
    size_t n = (size_t)cJSON_GetArraySize(obj);
    if (n == 0)
        return true;
    f->aliases = kaiji_arena_alloc(ctx->cat->arena, n * sizeof(*f->aliases));
    if (!f->aliases) {
        ctx->nomem = true;
        return false;
    }
    cJSON_ArrayForEach(v, obj) {
        if (!cJSON_IsString(v) || !v->valuestring || !v->string)
            return fail(ctx, _("\"id_aliases\" of %s maps to something other than an ID"), what);
        kaiji_cat_alias *a = &f->aliases[f->alias_count];
        if (!(a->from_key = adopt(ctx, kaiji_text_id_key(v->string))) ||
            !(a->to_key = adopt(ctx, kaiji_text_id_key(v->valuestring))))
            return false;
        f->alias_count++;
    }
    return true;
}

/* Parses the "forms" array of a checklist, MDS2 or template catalog. */
static bool parse_forms(parse_ctx *ctx, const cJSON *root, bool required)
{
    kaiji_catalog *cat = ctx->cat;
    const cJSON *arr, *v;
    char what[96];
    if (!get_array(ctx, root, "forms", "the catalog", &arr))
        return false;
    if (!arr) {
        if (required)
            return fail(ctx, _("the catalog has no \"forms\""));
        return true;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n == 0)
        return true;
    cat->forms = kaiji_arena_alloc(cat->arena, n * sizeof(*cat->forms));
    if (!cat->forms) {
        ctx->nomem = true;
        return false;
    }
    memset(cat->forms, 0, n * sizeof(*cat->forms));
    cJSON_ArrayForEach(v, arr) {
        kaiji_cat_form *f = &cat->forms[cat->form_count];
        const char *kind;
        snprintf(what, sizeof(what), "form %zu", cat->form_count + 1);
        f->catalog = cat;
        if (!cJSON_IsObject(v))
            return fail(ctx, _("%s is not an object"), what);
        if (!get_string(ctx, v, "kind", true, what, &kind))
            return false;
        f->kind = kaiji_kind_from_name(kind);
        if (f->kind == KAIJI_KIND_UNKNOWN)
            return fail(ctx, _("kind \"%s\" of %s is not mds, sds, vendor-checklist, "
                        "hospital-checklist or mds2"), kind, what);
        if (!get_string(ctx, v, "title", false, what, &f->title) ||
            !get_string(ctx, v, "form_version", false, what, &f->form_version) ||
            !get_bool(ctx, v, "complete", cat->type == KAIJI_CATALOG_TEMPLATE,
                      what, &f->complete))
            return false;
        if (!f->title)
            f->title = cat->title;
        if (!f->form_version)
            f->form_version = cat->edition;
        if (!f->form_version)
            return fail(ctx, _("%s has no \"form_version\""), what);
        if (!(f->form_version_key = adopt(ctx, kaiji_text_key(f->form_version))))
            return false;
        if (!parse_items(ctx, v, "items", what, cat->certainty, &f->items, &f->item_count) ||
            !parse_items(ctx, v, "header", what, cat->certainty, &f->header,
                         &f->header_count) ||
            !parse_sections(ctx, v, what, f) || !parse_aliases(ctx, v, what, f))
            return false;
        cat->form_count++;
    }
    return true;
}

/* Parses "fiscal_year" and checks "effective" against it. */
static bool parse_fiscal_year(parse_ctx *ctx, const cJSON *root)
{
    const cJSON *fy = cJSON_GetObjectItemCaseSensitive(root, "fiscal_year");
    if (!cJSON_IsNumber(fy) || fy->valuedouble < 1900 || fy->valuedouble > 9998 ||
        fy->valuedouble != (double)(int)fy->valuedouble)
        return fail(ctx, _("the catalog has no \"fiscal_year\" (a year such as 2024)"));
    ctx->cat->fiscal_year = (int)fy->valuedouble;

    const cJSON *eff = cJSON_GetObjectItemCaseSensitive(root, "effective");
    if (!eff || cJSON_IsNull(eff))
        return true;
    const char *from, *to;
    kaiji_date df, dt;
    if (!cJSON_IsObject(eff))
        return fail(ctx, _("\"effective\" is not an object"));
    if (!get_string(ctx, eff, "from", true, "\"effective\"", &from) ||
        !get_string(ctx, eff, "to", true, "\"effective\"", &to))
        return false;
    if (!kaiji_text_parse_date(from, &df) || !kaiji_text_parse_date(to, &dt))
        return fail(ctx, _("\"effective\" holds a value that is not a date"));
    int y = ctx->cat->fiscal_year;
    if (df.year != y || df.month != 4 || df.day != 1 || dt.year != y + 1 ||
        dt.month != 3 || dt.day != 31)
        return fail(ctx, _("\"effective\" %s..%s is not fiscal year %d (%d-04-01..%d-03-31)"),
                    from, to, y, y, y + 1);
    return true;
}

/*
 * Parses a publication date "YYYY-MM-DD", "YYYY-MM" or "YYYY" into *out as
 * the last day of that period.  false when text is none of these.
 */
static bool published_date(const char *text, kaiji_date *out)
{
    int y = 0, m = 12, d = 31, n = 0;
    size_t len = strlen(text);
    if (len == 4 && sscanf(text, "%4d%n", &y, &n) == 1 && n == 4)
        ;
    else if (len == 7 && sscanf(text, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7)
        d = 31;
    else if (len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
        ;
    else
        return false;
    kaiji_date date = {y, m, d};
    /* "YYYY-MM": the month's last day. */
    while (len == 7 && date.day > 28 && !kaiji_date_valid(date))
        date.day--;
    if (y < 1900 || !kaiji_date_valid(date))
        return false;
    *out = date;
    return true;
}

/* Reads "published_on" and "published_certainty" of obj (certainty
 * defaulting to def) into *out; absent, out->on stays year 0. */
static bool parse_published(parse_ctx *ctx, const cJSON *obj, const char *what,
                            kaiji_certainty def, kaiji_cat_published *out)
{
    memset(out, 0, sizeof(*out));
    if (!get_string(ctx, obj, "published_on", false, what, &out->text) ||
        !get_certainty(ctx, obj, "published_certainty", def, what, &out->certainty))
        return false;
    if (out->text && !published_date(out->text, &out->on))
        return fail(ctx, _("\"published_on\" of %s is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
                    what);
    return true;
}

/* The array root.name, which must hold something, as *arr, and zeroed room
 * for its entries (elem bytes each) in the catalog's arena as *out. */
static bool alloc_entries(parse_ctx *ctx, const cJSON *root, const char *name, size_t elem,
                          const cJSON **arr, void **out)
{
    if (!get_array(ctx, root, name, "the catalog", arr))
        return false;
    if (!*arr || cJSON_GetArraySize(*arr) == 0)
        return fail(ctx, _("the catalog has no \"%s\""), name);
    size_t n = (size_t)cJSON_GetArraySize(*arr);
    if (!(*out = kaiji_arena_alloc(ctx->cat->arena, n * elem))) {
        ctx->nomem = true;
        return false;
    }
    memset(*out, 0, n * elem);
    return true;
}

/* Parses the editions of a "guideline-editions" catalog. */
static bool parse_guidelines(parse_ctx *ctx, const cJSON *root)
{
    kaiji_catalog *cat = ctx->cat;
    const cJSON *arr, *v;
    char what[64];
    if (!alloc_entries(ctx, root, "editions", sizeof(*cat->guidelines), &arr,
                       (void **)&cat->guidelines))
        return false;
    cJSON_ArrayForEach(v, arr) {
        kaiji_cat_guideline *g = &cat->guidelines[cat->guideline_count];
        const char *edition;
        char *norm = NULL;
        snprintf(what, sizeof(what), "edition %zu", cat->guideline_count + 1);
        if (!cJSON_IsObject(v))
            return fail(ctx, _("%s is not an object"), what);
        if (!get_string(ctx, v, "edition", true, what, &edition) ||
            !get_string(ctx, v, "title", false, what, &g->title) ||
            !get_string(ctx, v, "notice", false, what, &g->notice) ||
            !parse_published(ctx, v, what, cat->certainty, &g->published))
            return false;
        if (!kaiji_text_guideline(edition, &norm))
            return fail(ctx, _("%s: \"%s\" is not a guideline edition"), what, edition);
        if (!(g->edition = adopt(ctx, norm)))
            return false;
        if (!g->published.on.year)
            return fail(ctx, _("%s has no \"published_on\""), what);
        cat->guideline_count++;
    }
    return true;
}

/* Reads one list of an annex ("mds" or "sds") as ID keys. */
static bool parse_annex_list(parse_ctx *ctx, const cJSON *items, const char *name,
                             const char ***out, size_t *count)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(items, name), *v;
    *out = NULL;
    *count = 0;
    if (!arr || cJSON_IsNull(arr))
        return true;
    if (!cJSON_IsArray(arr))
        return fail(ctx, _("\"items\".\"%s\" of the annex is not an array"), name);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n > MAX_ANNEX_ITEMS)
        return fail(ctx, _("\"items\".\"%s\" of the annex lists more than %d items"), name,
                    MAX_ANNEX_ITEMS);
    if (n && !(*out = kaiji_arena_alloc(ctx->cat->arena, n * sizeof(**out)))) {
        ctx->nomem = true;
        return false;
    }
    cJSON_ArrayForEach(v, arr) {
        if (!cJSON_IsString(v) || !v->valuestring || kaiji_text_blank(v->valuestring))
            return fail(ctx, _("\"items\".\"%s\" of the annex holds something other than an item ID"),
                        name);
        const char *key = adopt(ctx, kaiji_text_id_key(v->valuestring));
        if (!key)
            return false;
        (*out)[(*count)++] = key;
    }
    return true;
}

/* Parses an "annex" catalog: the guideline it belongs to and its lists. */
static bool parse_annex(parse_ctx *ctx, const cJSON *root)
{
    kaiji_catalog *cat = ctx->cat;
    const char *g;
    char *norm = NULL;
    if (!get_string(ctx, root, "guideline", true, "the catalog", &g))
        return false;
    if (!kaiji_text_guideline(g, &norm))
        return fail(ctx, _("\"guideline\" \"%s\" is not a guideline edition"), g);
    if (!(cat->guideline = adopt(ctx, norm)))
        return false;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!cJSON_IsObject(items))
        return fail(ctx, _("the annex has no \"items\" object (with \"mds\" and \"sds\" lists)"));
    return parse_annex_list(ctx, items, "mds", &cat->annex_mds, &cat->annex_mds_count) &&
           parse_annex_list(ctx, items, "sds", &cat->annex_sds, &cat->annex_sds_count);
}

static bool parse_versions(parse_ctx *ctx, const cJSON *root)
{
    kaiji_catalog *cat = ctx->cat;
    const cJSON *arr, *v, *k;
    char what[64];
    if (!alloc_entries(ctx, root, "versions", sizeof(*cat->versions), &arr,
                       (void **)&cat->versions))
        return false;
    cJSON_ArrayForEach(v, arr) {
        kaiji_cat_version *r = &cat->versions[cat->version_count];
        const cJSON *kinds;
        snprintf(what, sizeof(what), "version %zu", cat->version_count + 1);
        if (!cJSON_IsObject(v))
            return fail(ctx, _("%s is not an object"), what);
        if (!get_string(ctx, v, "version", true, what, &r->version) ||
            !get_strings(ctx, v, "aliases", what, true, &r->alias_keys, &r->alias_count) ||
            !get_string(ctx, v, "jahis", false, what, &r->jahis) ||
            !get_string(ctx, v, "date", false, what, &r->date) ||
            !get_string(ctx, v, "guideline", true, what, &r->guideline) ||
            !get_string(ctx, v, "guideline_text", false, what, &r->guideline_text) ||
            !get_certainty(ctx, v, "certainty", cat->certainty, what, &r->certainty) ||
            !get_certainty(ctx, v, "guideline_certainty", r->certainty, what,
                           &r->guideline_certainty) ||
            !get_array(ctx, v, "kinds", what, &kinds) ||
            !parse_published(ctx, v, what, r->certainty, &r->published))
            return false;
        if (!r->guideline_text)
            r->guideline_text = r->guideline;
        if (!kinds)
            return fail(ctx, _("%s has no \"kinds\""), what);
        cJSON_ArrayForEach(k, kinds) {
            if (cJSON_IsString(k) && k->valuestring && strcmp(k->valuestring, "mds") == 0)
                r->mds = true;
            else if (cJSON_IsString(k) && k->valuestring && strcmp(k->valuestring, "sds") == 0)
                r->sds = true;
            else
                return fail(ctx, _("\"kinds\" of %s holds something other than mds or sds"), what);
        }
        cat->version_count++;
    }
    return true;
}

/* Fills ctx->cat from the parsed root object. */
static bool parse_root(parse_ctx *ctx, const cJSON *root)
{
    static const struct { const char *name; kaiji_catalog_type type; } types[] = {
        {"mhlw-checklist", KAIJI_CATALOG_CHECKLIST},
        {"mds2", KAIJI_CATALOG_MDS2},
        {"mds-sds-versions", KAIJI_CATALOG_MDS_VERSIONS},
        {"template", KAIJI_CATALOG_TEMPLATE},
        {"guideline-editions", KAIJI_CATALOG_GUIDELINES},
        {"annex", KAIJI_CATALOG_ANNEX},
    };
    kaiji_catalog *cat = ctx->cat;
    const char *type;
    size_t t;

    if (!cJSON_IsObject(root))
        return fail(ctx, _("the file does not hold a JSON object"));
    if (!get_string(ctx, root, "id", true, "the catalog", &cat->id) ||
        !get_string(ctx, root, "type", true, "the catalog", &type) ||
        !get_string(ctx, root, "title", true, "the catalog", &cat->title) ||
        !get_string(ctx, root, "source", true, "the catalog", &cat->source) ||
        !get_string(ctx, root, "certainty", true, "the catalog", &cat->certainty_text))
        return false;
    if (!parse_certainty(ctx, cat->certainty_text, "the catalog", &cat->certainty))
        return false;
    for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
        if (strcmp(type, types[t].name) == 0)
            break;
    if (t == sizeof(types) / sizeof(types[0]))
        return fail(ctx, _("type \"%s\" is not mhlw-checklist, mds2, mds-sds-versions, "
                    "template, guideline-editions or annex"), type);
    cat->type = types[t].type;

    switch (cat->type) {
    case KAIJI_CATALOG_CHECKLIST:
        if (!get_string(ctx, root, "edition", true, "the catalog", &cat->edition) ||
            !get_string(ctx, root, "guideline", true, "the catalog", &cat->guideline) ||
            !parse_fiscal_year(ctx, root) ||
            !parse_published(ctx, root, "the catalog", cat->certainty, &cat->published))
            return false;
        cat->current = false;
        break;
    case KAIJI_CATALOG_MDS2:
        if (!get_string(ctx, root, "edition", true, "the catalog", &cat->edition) ||
            !get_strings(ctx, root, "aliases", "the catalog", true,
                         &cat->edition_alias_keys, &cat->edition_alias_count) ||
            !get_bool(ctx, root, "current", false, "the catalog", &cat->current))
            return false;
        break;
    case KAIJI_CATALOG_MDS_VERSIONS:
        return parse_versions(ctx, root);
    case KAIJI_CATALOG_GUIDELINES:
        return parse_guidelines(ctx, root);
    case KAIJI_CATALOG_ANNEX:
        return parse_annex(ctx, root);
    case KAIJI_CATALOG_TEMPLATE:
        if (!get_string(ctx, root, "template_file", false, "the catalog", &cat->template_file) ||
            !get_string(ctx, root, "official_file", false, "the catalog", &cat->official_file))
            return false;
        break;
    }
    return parse_forms(ctx, root, cat->type == KAIJI_CATALOG_TEMPLATE);
}

int kaiji_catalog_parse(kaiji_catalog **out, const char *json,
                        const char *origin, const char *basename, char **err)
{
    parse_ctx ctx = {0};
    cJSON *root = NULL;
    int rc = KAIJI_ERROR_NOMEM;

    *out = NULL;
    if (err)
        *err = NULL;
    ctx.cat = calloc(1, sizeof(*ctx.cat));
    if (!ctx.cat || !(ctx.cat->arena = kaiji_arena_new()))
        goto error;
    if (!(ctx.cat->json = ctx_dup(&ctx, json)) || !(ctx.cat->origin = ctx_dup(&ctx, origin)) ||
        !(ctx.cat->basename = ctx_dup(&ctx, basename)))
        goto error;
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(json, strlen(json) + 1, &end, 1);
    if (!root) {
        size_t at = end && end >= json ? (size_t)(end - json) : 0;
        fail(&ctx, _("not valid JSON (near byte %zu)"), at);
    } else {
        parse_root(&ctx, root);
    }
    if (ctx.nomem)
        goto error;
    if (ctx.err) {
        rc = KAIJI_ERROR_CATALOG;
        goto error;
    }
    cJSON_Delete(root);
    *out = ctx.cat;
    return KAIJI_OK;
error:
    cJSON_Delete(root);
    if (err && rc == KAIJI_ERROR_CATALOG)
        *err = ctx.err;
    else
        free(ctx.err);
    kaiji_catalog_free(ctx.cat);
    return rc;
}

void kaiji_catalog_free(kaiji_catalog *cat)
{
    if (!cat || cat->prebuilt)
        return;
    kaiji_arena_free(cat->arena);
    free(cat);
}

/* ---- loading the set -------------------------------------------------- */

/* Reads the regular file at path (at most MAX_CATALOG_FILE bytes) into a
 * malloc'd NUL-terminated string, a UTF-8 BOM dropped; *why says what went
 * wrong. */
static int read_catalog_file(char **out, const char *path, const char **why)
{
    kaiji_file_problem problem;
    size_t n;
    char *buf = NULL;
    int rc = kaiji_file_read(&buf, &n, path, MAX_CATALOG_FILE, &problem, NULL);

    *out = NULL;
    if (rc == KAIJI_ERROR_IO) {
        static const char *const reasons[] = {
            [KAIJI_FILE_CANNOT_OPEN] = N_("the file cannot be opened (no such file, or no permission)"),
            [KAIJI_FILE_NOT_REGULAR] = N_("not a regular file (a folder?)"),
            [KAIJI_FILE_TOO_LARGE] = N_("the file is larger than 16 MiB"),
            [KAIJI_FILE_CANNOT_READ] = N_("the file cannot be read"),
        };
        *why = _(reasons[problem]);
        return KAIJI_ERROR_CATALOG;
    }
    if (rc != KAIJI_OK)
        return rc;
    if (memchr(buf, '\0', n)) {
        *why = _("the file holds a NUL byte: not a JSON text file");
        free(buf);
        return KAIJI_ERROR_CATALOG;
    }
    /* A UTF-8 BOM, as some editors write, is dropped. */
    size_t bom = kaiji_text_bom(buf, n);
    if (bom)
        memmove(buf, buf + bom, n - bom + 1);
    *out = buf;
    return KAIJI_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void free_sources(source_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].basename);
        free(files[i].origin);
        free(files[i].json);
    }
    free(files);
}

/*
 * Adds the *.json of dir to files (replacing a built-in of the same name);
 * labels.json becomes *vocab_json, official-files.json *official_json,
 * next-steps.json *steps_json.  *err gets "path: reason" on failure.
 */
static int scan_dir(source_file **files, size_t *n, const char *dir,
                    char **vocab_json, char **official_json, char **steps_json, char **err)
{
    struct dirent **names = NULL;
    int count = scandir(dir, &names, NULL, alphasort);
    int rc = KAIJI_OK;

    if (count < 0) {
        *err = kaiji_strprintf(_("%s: cannot read the catalog folder: %s"), dir,
                               strerror(errno));
        return *err ? KAIJI_ERROR_CATALOG : KAIJI_ERROR_NOMEM;
    }
    for (int i = 0; i < count && rc == KAIJI_OK; i++) {
        const char *name = names[i]->d_name;
        char *path = NULL, *text = NULL;
        const char *why = NULL;
        if (name[0] == '.' || !ends_with(name, ".json"))
            continue;
        if (*n >= MAX_CATALOG_FILES) {
            *err = kaiji_strprintf(_("%s: more than %d catalog files"), dir, MAX_CATALOG_FILES);
            rc = *err ? KAIJI_ERROR_CATALOG : KAIJI_ERROR_NOMEM;
            break;
        }
        path = kaiji_strprintf("%s/%s", dir, name);
        if (!path) {
            rc = KAIJI_ERROR_NOMEM;
            break;
        }
        rc = read_catalog_file(&text, path, &why);
        if (rc == KAIJI_ERROR_CATALOG) {
            *err = kaiji_strprintf("%s: %s", path, why);
            if (!*err)
                rc = KAIJI_ERROR_NOMEM;
        }
        if (rc != KAIJI_OK) {
            free(path);
            break;
        }
        if (strcmp(name, "labels.json") == 0) {
            free(*vocab_json);
            *vocab_json = text;
            free(path);
            continue;
        }
        if (strcmp(name, OFFICIAL_FILES) == 0) {
            free(*official_json);
            *official_json = text;
            free(path);
            continue;
        }
        if (strcmp(name, NEXT_STEPS) == 0) {
            free(*steps_json);
            *steps_json = text;
            free(path);
            continue;
        }
        size_t j;
        for (j = 0; j < *n; j++)
            if (strcmp((*files)[j].basename, name) == 0)
                break;
        if (j == *n) {
            source_file *grown = realloc(*files, (*n + 1) * sizeof(**files));
            if (!grown) {
                free(path);
                free(text);
                rc = KAIJI_ERROR_NOMEM;
                break;
            }
            *files = grown;
            memset(&grown[j], 0, sizeof(grown[j]));
            if (!(grown[j].basename = strdup(name))) {
                free(path);
                free(text);
                rc = KAIJI_ERROR_NOMEM;
                break;
            }
            (*n)++;
        }
        source_file *sf = &(*files)[j];
        free(sf->origin);
        free(sf->json);
        sf->origin = path;
        sf->json = text;
        sf->text = text;
    }
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* The built-in catalog files, as source_files with borrowed text. */
static int builtin_sources(source_file **out, size_t *n)
{
    size_t cap = 0;
    for (const kaiji_embedded_file *e = kaiji_embedded_files; e->path; e++)
        cap++;
    *n = 0;
    *out = calloc(cap + 1, sizeof(**out));
    if (!*out)
        return KAIJI_ERROR_NOMEM;
    for (const kaiji_embedded_file *e = kaiji_embedded_files; e->path; e++) {
        size_t plen = strlen(CATALOG_PREFIX);
        if (strncmp(e->path, CATALOG_PREFIX, plen) != 0 || !ends_with(e->path, ".json") ||
            strchr(e->path + plen, '/'))
            continue;
        source_file *sf = &(*out)[(*n)++];
        sf->basename = strdup(e->path + plen);
        sf->origin = strdup("builtin");
        sf->text = e->data;
        if (!sf->basename || !sf->origin)
            return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

/*
 * Loads the official-file list into cats: the built-in one, then the
 * entries of dir's official-files.json (official_json, or NULL).  On
 * KAIJI_ERROR_CATALOG *msg gets "FILE: reason".
 */
static int load_official(kaiji_official_list *list, const char *dir,
                         const char *official_json, char **msg)
{
    const kaiji_embedded_file *e = kaiji_embedded_find(OFFICIAL_BUILTIN);
    char *why = NULL;
    int rc = KAIJI_OK;

    if (e)
        rc = kaiji_official_list_add(list, e->data, &why);
    if (rc == KAIJI_ERROR_CATALOG)
        *msg = kaiji_strprintf("%s (built in): %s", OFFICIAL_FILES, why ? why : "malformed");
    if (rc == KAIJI_OK && official_json) {
        rc = kaiji_official_list_add(list, official_json, &why);
        if (rc == KAIJI_ERROR_CATALOG)
            *msg = kaiji_strprintf("%s/%s: %s", dir, OFFICIAL_FILES, why ? why : "malformed");
    }
    free(why);
    return rc;
}

/*
 * Loads the next steps into cats: the built-in file, then dir's
 * next-steps.json (steps_json, or NULL).  On KAIJI_ERROR_CATALOG *msg gets
 * "FILE: reason".
 */
static int load_next_steps(kaiji_next_steps *steps, const char *dir,
                           const char *steps_json, char **msg)
{
    const kaiji_embedded_file *e = kaiji_embedded_find(NEXT_STEPS_BUILTIN);
    char *why = NULL;
    int rc = KAIJI_OK;

    /* The built-in file as parsed at build time, else parsed now. */
    if (kaiji_prebuilt_next_step_count) {
        steps->builtin = kaiji_prebuilt_next_steps;
        steps->builtin_count = kaiji_prebuilt_next_step_count;
    } else if (e) {
        rc = kaiji_next_steps_add(steps, e->data, &why);
    }
    if (rc == KAIJI_ERROR_CATALOG)
        *msg = kaiji_strprintf("%s (built in): %s", NEXT_STEPS, why ? why : "malformed");
    if (rc == KAIJI_OK && steps_json) {
        rc = kaiji_next_steps_add(steps, steps_json, &why);
        if (rc == KAIJI_ERROR_CATALOG)
            *msg = kaiji_strprintf("%s/%s: %s", dir, NEXT_STEPS, why ? why : "malformed");
    }
    free(why);
    return rc;
}

/* The built-in catalog file basename as parsed at build time, or NULL. */
static kaiji_catalog *prebuilt(const char *basename)
{
    for (const kaiji_prebuilt_catalog *p = kaiji_prebuilt_catalogs; p->basename; p++)
        if (strcmp(p->basename, basename) == 0)
            return p->catalog;
    return NULL;
}

int kaiji_catalogs_load(kaiji_catalogs **out, const char *dir, char **err)
{
    kaiji_catalogs *cats = NULL;
    source_file *files = NULL;
    size_t n = 0;
    char *vocab_json = NULL, *official_json = NULL, *steps_json = NULL, *why = NULL,
         *msg = NULL;
    int rc;

    *out = NULL;
    if (err)
        *err = NULL;
    rc = builtin_sources(&files, &n);
    if (rc == KAIJI_OK && dir)
        rc = scan_dir(&files, &n, dir, &vocab_json, &official_json, &steps_json, &msg);
    if (rc != KAIJI_OK)
        goto error;

    rc = KAIJI_ERROR_NOMEM;
    cats = calloc(1, sizeof(*cats));
    if (!cats || (n && !(cats->cats = calloc(n, sizeof(*cats->cats)))))
        goto error;
    for (size_t i = 0; i < n; i++) {
        const char *shown = strcmp(files[i].origin, "builtin") == 0 ? files[i].basename
                                                                      : files[i].origin;
        kaiji_catalog *ready = files[i].json ? NULL : prebuilt(files[i].basename);
        if (ready) {
            cats->cats[cats->count] = ready;
            rc = KAIJI_OK;
        } else {
            rc = kaiji_catalog_parse(&cats->cats[cats->count], files[i].text,
                                     files[i].origin, files[i].basename, &why);
        }
        if (rc == KAIJI_ERROR_CATALOG)
            msg = kaiji_strprintf("%s: %s", shown, why);
        if (rc != KAIJI_OK)
            goto error;
        const kaiji_catalog *added = cats->cats[cats->count++];
        for (size_t j = 0; j + 1 < cats->count; j++)
            if (strcmp(cats->cats[j]->id, added->id) == 0) {
                msg = kaiji_strprintf("%s: catalog id \"%s\" is also the id of %s", shown,
                                 added->id, cats->cats[j]->basename);
                rc = KAIJI_ERROR_CATALOG;
                goto error;
            }
    }
    if (vocab_json) {
        rc = kaiji_vocab_new(&cats->vocab, vocab_json, &why);
        if (rc == KAIJI_ERROR_CATALOG)
            msg = kaiji_strprintf("%s/labels.json: %s", dir, why ? why : "malformed");
    } else {
        rc = kaiji_vocab_builtin(&cats->vocab);
        if (rc == KAIJI_ERROR_CATALOG)
            msg = kaiji_strprintf("labels.json (built in): malformed");
    }
    if (rc != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    if (!(cats->xml_schema = calloc(1, sizeof *cats->xml_schema)))
        goto error;
    if (pthread_mutex_init(&cats->xml_schema->mu, NULL) != 0) {
        free(cats->xml_schema);
        cats->xml_schema = NULL;
        goto error;
    }
    /* The built-in lists alone wait until first needed (lazy_schema). */
    if (official_json || steps_json) {
        lazy_schema *l = cats->xml_schema;
        rc = load_official(&l->official, dir, official_json, &msg);
        if (rc == KAIJI_OK)
            rc = load_next_steps(&l->next_steps, dir, steps_json, &msg);
        if (rc != KAIJI_OK)
            goto error;
        l->official_done = l->steps_done = true;
    }
    rc = KAIJI_OK;
    free_sources(files, n);
    free(vocab_json);
    free(official_json);
    free(steps_json);
    *out = cats;
    return KAIJI_OK;
error:
    if (rc == KAIJI_ERROR_CATALOG && !msg)
        rc = KAIJI_ERROR_NOMEM;
    if (err && rc == KAIJI_ERROR_CATALOG)
        *err = msg;
    else
        free(msg);
    free(why);
    free_sources(files, n);
    free(vocab_json);
    free(official_json);
    free(steps_json);
    kaiji_catalogs_free(cats);
    return rc;
}

int kaiji_catalogs_add_file(kaiji_catalogs *cats, const char *path, char **err)
{
    char *text = NULL, *why = NULL;
    const char *reason = NULL;
    kaiji_catalog *cat = NULL;
    int rc;

    if (err)
        *err = NULL;
    if (!cats || !path)
        return KAIJI_ERROR_INVALID;
    rc = read_catalog_file(&text, path, &reason);
    if (rc == KAIJI_ERROR_CATALOG && err)
        *err = kaiji_strprintf("%s: %s", path, reason);
    if (rc != KAIJI_OK)
        goto error;
    const char *slash = strrchr(path, '/');
    rc = kaiji_catalog_parse(&cat, text, path, slash ? slash + 1 : path, &why);
    if (rc == KAIJI_ERROR_CATALOG && err)
        *err = kaiji_strprintf("%s: %s", path, why ? why : _("not a catalog kaiji can read"));
    if (rc != KAIJI_OK)
        goto error;
    size_t i;
    for (i = 0; i < cats->count; i++)
        if (strcmp(cats->cats[i]->id, cat->id) == 0)
            break;
    if (i < cats->count) {
        /* The same id: the file given replaces what was loaded, and goes last
         * so that lookups where the last added wins find it. */
        kaiji_catalog_free(cats->cats[i]);
        memmove(&cats->cats[i], &cats->cats[i + 1],
                (cats->count - i - 1) * sizeof(*cats->cats));
        cats->count--;
    }
    kaiji_catalog **grown = realloc(cats->cats, (cats->count + 1) * sizeof(*grown));
    rc = KAIJI_ERROR_NOMEM;
    if (!grown)
        goto error;
    cats->cats = grown;
    cats->cats[cats->count++] = cat;
    cat = NULL;
    rc = KAIJI_OK;
error:
    if (rc == KAIJI_ERROR_CATALOG && err && !*err)
        rc = KAIJI_ERROR_NOMEM;
    kaiji_catalog_free(cat);
    free(why);
    free(text);
    return rc;
}

void kaiji_catalogs_free(kaiji_catalogs *cats)
{
    if (!cats)
        return;
    for (size_t i = 0; i < cats->count; i++)
        kaiji_catalog_free(cats->cats[i]);
    free(cats->cats);
    kaiji_vocab_free(cats->vocab);
    if (cats->xml_schema) {
        if (cats->xml_schema->schema) /* else libxml2 may not be loaded */
            xmlSchemaFree(cats->xml_schema->schema);
        kaiji_official_list_clear(&cats->xml_schema->official);
        kaiji_next_steps_clear(&cats->xml_schema->next_steps);
        pthread_mutex_destroy(&cats->xml_schema->mu);
        free(cats->xml_schema);
    }
    free(cats);
}

size_t kaiji_catalogs_count(const kaiji_catalogs *cats)
{
    return cats ? cats->count : 0;
}

const kaiji_catalog *kaiji_catalogs_get(const kaiji_catalogs *cats, size_t i)
{
    return cats && i < cats->count ? cats->cats[i] : NULL;
}

const kaiji_catalog *kaiji_catalogs_find(const kaiji_catalogs *cats, const char *id)
{
    for (size_t i = 0; cats && id && i < cats->count; i++)
        if (strcmp(cats->cats[i]->id, id) == 0)
            return cats->cats[i];
    return NULL;
}

const char *kaiji_catalog_id(const kaiji_catalog *cat) { return cat ? cat->id : ""; }
const char *kaiji_catalog_title(const kaiji_catalog *cat) { return cat ? cat->title : ""; }
const char *kaiji_catalog_origin(const kaiji_catalog *cat) { return cat ? cat->origin : ""; }
const char *kaiji_catalog_certainty(const kaiji_catalog *cat)
{
    return cat ? cat->certainty_text : "";
}
const char *kaiji_catalog_json(const kaiji_catalog *cat)
{
    if (cat && cat->prebuilt) {
        char path[256];
        snprintf(path, sizeof path, "%s%s", CATALOG_PREFIX, cat->basename);
        const kaiji_embedded_file *e = kaiji_embedded_find(path);
        return e ? e->data : "";
    }
    return cat ? cat->json : "";
}

const struct _xmlSchema *kaiji_catalogs_xml_schema(const kaiji_catalogs *cats)
{
    if (!cats || !cats->xml_schema)
        return NULL;
    lazy_schema *l = cats->xml_schema;
    pthread_mutex_lock(&l->mu);
    if (!l->done) {
        /* Failure (no XSD built in, no memory) leaves NULL: the reader then
         * compiles its own and says what is wrong. */
        if (kaiji_xml_schema_compile(&l->schema) != KAIJI_OK)
            l->schema = NULL;
        l->done = true;
    }
    xmlSchemaPtr s = l->schema;
    pthread_mutex_unlock(&l->mu);
    return s;
}

const kaiji_vocab *kaiji_catalogs_vocab(const kaiji_catalogs *cats)
{
    return cats ? cats->vocab : NULL;
}

/* The lists of cats, with the built-in list of next steps (steps) or of
 * official files (!steps) loaded by the first call that asks for it (under
 * the lock; on a malformed built-in list, none), or NULL when cats is. */
static lazy_schema *lists(const kaiji_catalogs *cats, bool steps)
{
    if (!cats || !cats->xml_schema)
        return NULL;
    lazy_schema *l = cats->xml_schema;
    bool *done = steps ? &l->steps_done : &l->official_done;
    pthread_mutex_lock(&l->mu);
    if (!*done) {
        char *msg = NULL;
        if (steps && load_next_steps(&l->next_steps, NULL, NULL, &msg) != KAIJI_OK)
            kaiji_next_steps_clear(&l->next_steps);
        if (!steps && load_official(&l->official, NULL, NULL, &msg) != KAIJI_OK)
            kaiji_official_list_clear(&l->official);
        *done = true;
        free(msg);
    }
    pthread_mutex_unlock(&l->mu);
    return l;
}

const kaiji_official_list *kaiji_catalogs_official(const kaiji_catalogs *cats)
{
    lazy_schema *l = lists(cats, false);
    return l ? &l->official : NULL;
}

/* ---- lookups ---------------------------------------------------------- */

const char *kaiji_catalogs_next_step(const kaiji_catalogs *cats, const char *code,
                                     kaiji_kind kind, const char *lang)
{
    lazy_schema *l = lists(cats, true);
    return l ? kaiji_next_steps_find(&l->next_steps, code, kind, lang) : NULL;
}

/* true when key names the catalog's edition or one of its aliases. */
static bool edition_matches(const kaiji_catalog *cat, const char *key)
{
    if (!cat->edition)
        return false;
    char *own = kaiji_text_key(cat->edition);
    bool hit = own && strcmp(own, key) == 0;
    free(own);
    for (size_t i = 0; !hit && i < cat->edition_alias_count; i++)
        hit = strcmp(cat->edition_alias_keys[i], key) == 0;
    return hit;
}

/* true when cat was made by `kaiji catalog import` from a blank form. */
static bool imported(const kaiji_catalog *cat)
{
    return cat->type == KAIJI_CATALOG_TEMPLATE || cat->certainty == KAIJI_CERTAINTY_TEMPLATE;
}

const kaiji_cat_form *kaiji_catalogs_form(const kaiji_catalogs *cats,
                                          kaiji_kind kind,
                                          const char *form_version)
{
    const kaiji_cat_form *found = NULL;
    if (!cats || !form_version || !*form_version)
        return NULL;
    char *key = kaiji_text_key(form_version);
    if (!key)
        return NULL;
    /* pass 0: catalogs the user imported (any type); pass 1: the others. */
    for (int pass = 0; pass < 2 && !found; pass++)
        for (size_t i = 0; i < cats->count && !found; i++) {
            const kaiji_catalog *cat = cats->cats[i];
            if (imported(cat) != (pass == 0))
                continue;
            for (size_t j = 0; j < cat->form_count && !found; j++) {
                const kaiji_cat_form *f = &cat->forms[j];
                if (f->kind != kind)
                    continue;
                if (strcmp(f->form_version_key, key) == 0 ||
                    (f->form_version == cat->edition && edition_matches(cat, key)))
                    found = f;
            }
        }
    free(key);
    return found;
}

const char *kaiji_catalogs_item_question(const kaiji_catalogs *cats, kaiji_kind kind,
                                         const char *form_version, const char *item_id)
{
    const kaiji_cat_form *f = kaiji_catalogs_form(cats, kind, form_version);
    const char *found = NULL;
    if (!f || !item_id || !*item_id)
        return NULL;
    char *key = kaiji_text_id_key(item_id);
    if (!key)
        return NULL;
    const char *k = key;
    for (size_t i = 0; i < f->alias_count; i++)
        if (strcmp(f->aliases[i].from_key, key) == 0)
            k = f->aliases[i].to_key;
    for (size_t i = 0; !found && i < f->item_count; i++)
        if (strcmp(f->items[i].id_key, k) == 0)
            found = f->items[i].text ? f->items[i].text : f->items[i].name;
    for (size_t i = 0; !found && i < f->header_count; i++)
        if (strcmp(f->header[i].id_key, k) == 0)
            found = f->header[i].text ? f->header[i].text : f->header[i].name;
    free(key);
    return found;
}

const kaiji_catalog *kaiji_catalogs_edition(const kaiji_catalogs *cats,
                                            const char *edition)
{
    const kaiji_catalog *found = NULL;
    if (!cats || !edition || !*edition)
        return NULL;
    char *key = kaiji_text_key(edition);
    /* pass 0: built-in and hand-written editions; pass 1: imported ones. */
    for (int pass = 0; pass < 2 && !found; pass++)
        for (size_t i = 0; key && i < cats->count && !found; i++) {
            const kaiji_catalog *cat = cats->cats[i];
            if (cat->type == KAIJI_CATALOG_CHECKLIST && imported(cat) == (pass == 1) &&
                edition_matches(cat, key))
                found = cat;
        }
    free(key);
    return found;
}

/* The day from which checklist edition c is current: its publication, or
 * the first day of its fiscal year when the catalog gives none. */
static kaiji_date edition_from(const kaiji_catalog *c)
{
    if (c->published.on.year)
        return c->published.on;
    return (kaiji_date){c->fiscal_year, 4, 1};
}

const kaiji_catalog *kaiji_catalogs_current_edition(const kaiji_catalogs *cats,
                                                    kaiji_date as_of)
{
    const kaiji_catalog *best = NULL;
    for (size_t i = 0; cats && i < cats->count; i++) {
        const kaiji_catalog *c = cats->cats[i];
        if (c->type != KAIJI_CATALOG_CHECKLIST ||
            kaiji_date_compare(edition_from(c), as_of) > 0)
            continue;
        if (!best || c->fiscal_year > best->fiscal_year ||
            (c->fiscal_year == best->fiscal_year &&
             kaiji_date_compare(edition_from(c), edition_from(best)) > 0))
            best = c;
    }
    return best;
}

const kaiji_catalog *kaiji_catalogs_mds2(const kaiji_catalogs *cats,
                                         const char *edition)
{
    const kaiji_catalog *found = NULL;
    char *key = NULL;
    if (!cats)
        return NULL;
    if (edition && !(key = kaiji_text_key(edition)))
        return NULL;
    for (size_t i = 0; i < cats->count && !found; i++) {
        const kaiji_catalog *c = cats->cats[i];
        if (c->type != KAIJI_CATALOG_MDS2)
            continue;
        if (key ? edition_matches(c, key) : c->current)
            found = c;
    }
    free(key);
    return found;
}

/* true when key names version row r. */
static bool version_matches(const kaiji_cat_version *r, const char *key)
{
    char *own = kaiji_text_key(r->version);
    bool hit = own && strcmp(own, key) == 0;
    free(own);
    for (size_t i = 0; !hit && i < r->alias_count; i++)
        hit = strcmp(r->alias_keys[i], key) == 0;
    return hit;
}

const kaiji_cat_version *kaiji_catalogs_mds_version(const kaiji_catalogs *cats,
                                                    const char *version)
{
    const kaiji_cat_version *found = NULL;
    if (!cats || !version || !*version)
        return NULL;
    char *key = kaiji_text_key(version);
    /* A user's catalog (loaded later) wins over the built-in table. */
    for (size_t i = cats->count; key && i-- > 0 && !found;) {
        const kaiji_catalog *c = cats->cats[i];
        for (size_t j = 0; c->type == KAIJI_CATALOG_MDS_VERSIONS && j < c->version_count &&
                           !found; j++)
            if (version_matches(&c->versions[j], key))
                found = &c->versions[j];
    }
    free(key);
    return found;
}

int kaiji_cat_version_order(const kaiji_cat_version *a, const kaiji_cat_version *b)
{
    int d = kaiji_date_compare(a->published.on, b->published.on);
    return d ? d : kaiji_guideline_compare(a->version, b->version);
}

const kaiji_cat_version *kaiji_catalogs_newest_mds_version(
    const kaiji_catalogs *cats, kaiji_kind kind, kaiji_date as_of)
{
    const kaiji_cat_version *best = NULL;
    for (size_t i = 0; cats && i < cats->count; i++) {
        const kaiji_catalog *c = cats->cats[i];
        for (size_t j = 0; c->type == KAIJI_CATALOG_MDS_VERSIONS && j < c->version_count; j++) {
            const kaiji_cat_version *r = &c->versions[j];
            if ((kind == KAIJI_KIND_SDS && !r->sds) || (kind != KAIJI_KIND_SDS && !r->mds))
                continue;
            if (kaiji_date_compare(r->published.on, as_of) > 0)
                continue;
            if (!best || kaiji_cat_version_order(r, best) > 0)
                best = r;
        }
    }
    return best;
}

const kaiji_cat_guideline *kaiji_catalogs_guideline(const kaiji_catalogs *cats,
                                                    const char *edition)
{
    const kaiji_cat_guideline *found = NULL;
    char *norm = NULL;
    if (!cats || !edition || !kaiji_text_guideline(edition, &norm))
        return NULL;
    /* A user's catalog (loaded later) wins over the built-in one. */
    for (size_t i = cats->count; i-- > 0 && !found;) {
        const kaiji_catalog *c = cats->cats[i];
        for (size_t j = 0; c->type == KAIJI_CATALOG_GUIDELINES && j < c->guideline_count &&
                           !found; j++)
            if (strcmp(c->guidelines[j].edition, norm) == 0)
                found = &c->guidelines[j];
    }
    free(norm);
    return found;
}

const kaiji_cat_guideline *kaiji_catalogs_guideline_at(const kaiji_catalogs *cats,
                                                       kaiji_date as_of)
{
    const kaiji_cat_guideline *best = NULL;
    for (size_t i = 0; cats && i < cats->count; i++) {
        const kaiji_catalog *c = cats->cats[i];
        for (size_t j = 0; c->type == KAIJI_CATALOG_GUIDELINES && j < c->guideline_count; j++) {
            const kaiji_cat_guideline *g = &c->guidelines[j];
            if (kaiji_date_compare(g->published.on, as_of) > 0)
                continue;
            if (!best || kaiji_guideline_compare(g->edition, best->edition) > 0)
                best = g;
        }
    }
    return best;
}

const kaiji_catalog *kaiji_catalogs_annex(const kaiji_catalogs *cats,
                                          const char *guideline)
{
    for (size_t i = cats ? cats->count : 0; guideline && i-- > 0;) {
        const kaiji_catalog *c = cats->cats[i];
        if (c->type == KAIJI_CATALOG_ANNEX && kaiji_guideline_compare(c->guideline, guideline) == 0)
            return c;
    }
    return NULL;
}

const char *kaiji_catalogs_newer_guideline(const kaiji_catalogs *cats, const char *target,
                                           kaiji_date as_of, kaiji_date *since)
{
    const kaiji_cat_guideline *g = kaiji_catalogs_guideline_at(cats, as_of);
    if (g && target && kaiji_guideline_compare(g->edition, target) <= 0)
        g = NULL;
    if (since)
        *since = g ? g->published.on : (kaiji_date){0, 0, 0};
    return g ? g->edition : NULL;
}

bool kaiji_catalogs_knows_guideline(const kaiji_catalogs *cats, const char *edition)
{
    return kaiji_catalogs_guideline(cats, edition) != NULL;
}
