/*
 * catalog/vocab.c - the label vocabulary (formats/vocab/labels.json) parsed
 * into sorted tables of pre-computed keys, looked up by binary search.
 */
#include "catalog/vocab.h"
#include "catalog/prebuilt.h"
#include "catalog/vocab_internal.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "formats/embedded.h"
#include "kaiji/common.h"
#include "model/model.h"
#include "text/text.h"
#include "model/i18n.h"


/* Parsing state: the vocab being built and the first error met. */
typedef struct builder {
    kaiji_vocab *v;
    int rc;
    char why[256];
} builder;

static void fail(builder *b, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first failure; later ones are ignored. */
static void fail(builder *b, int rc, const char *fmt, ...)
{
    va_list ap;

    if (b->rc != KAIJI_OK)
        return;
    b->rc = rc;
    va_start(ap, fmt);
    vsnprintf(b->why, sizeof b->why, fmt, ap);
    va_end(ap);
}

/* Makes room for one more element of size elem in *arr (count, *cap);
 * records the failure in b when memory runs out. */
static bool make_room(builder *b, void **arr, size_t count, size_t *cap, size_t elem)
{
    if (kaiji_grow(arr, cap, count + 1, elem, 16))
        return true;
    fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
    return false;
}

#define GROW(b, arr, count, cap) \
    make_room((b), (void **)&(arr), (count), &(cap), sizeof *(arr))

/* The key of a label from the JSON, in the vocab's arena; NULL after
 * recording the failure. */
static const char *make_key(builder *b, const cJSON *item, const char *where)
{
    char *k;
    const char *copy;

    if (!cJSON_IsString(item) || !item->valuestring) {
        fail(b, KAIJI_ERROR_CATALOG, _("%s: a label is not a string"), where);
        return NULL;
    }
    k = kaiji_text_key(item->valuestring);
    if (!k) {
        fail(b, KAIJI_ERROR_CATALOG, _("%s: label \"%s\" is not valid text"),
             where, item->valuestring);
        return NULL;
    }
    if (!*k) {
        free(k);
        fail(b, KAIJI_ERROR_CATALOG, _("%s: a label is empty"), where);
        return NULL;
    }
    copy = kaiji_arena_strdup(b->v->arena, k);
    free(k);
    if (!copy)
        fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
    return copy;
}

static const cJSON *need_array(builder *b, const cJSON *obj, const char *name,
                               const char *where)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);

    if (!cJSON_IsArray(a)) {
        fail(b, KAIJI_ERROR_CATALOG, _("%s: \"%s\" must be an array"), where, name);
        return NULL;
    }
    return a;
}

static void parse_fields(builder *b, const cJSON *fields)
{
    const cJSON *f, *label;
    kaiji_vocab *v = b->v;

    if (!cJSON_IsObject(fields)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"fields\" must be an object"));
        return;
    }
    cJSON_ArrayForEach(f, fields) {
        kaiji_field field = kaiji_field_from_name(f->string);

        if (field == KAIJI_FIELD__COUNT) {
            fail(b, KAIJI_ERROR_CATALOG, _("fields: unknown field \"%s\""), f->string);
            return;
        }
        if (!cJSON_IsArray(f)) {
            fail(b, KAIJI_ERROR_CATALOG, _("fields.%s must be an array"), f->string);
            return;
        }
        cJSON_ArrayForEach(label, f) {
            const char *key = make_key(b, label, "fields");

            if (!key || !GROW(b, v->fields, v->field_count, v->field_cap))
                return;
            v->fields[v->field_count].key = key;
            v->fields[v->field_count].field = field;
            v->field_count++;
        }
    }
}

static void add_columns(builder *b, const cJSON *labels, kaiji_column_label lab,
                        const char *where)
{
    const cJSON *label;
    kaiji_vocab *v = b->v;

    if (!cJSON_IsArray(labels)) {
        fail(b, KAIJI_ERROR_CATALOG, _("%s must be an array"), where);
        return;
    }
    cJSON_ArrayForEach(label, labels) {
        const char *key = make_key(b, label, where);

        if (!key || !GROW(b, v->columns, v->column_count, v->column_cap))
            return;
        v->columns[v->column_count].key = key;
        v->columns[v->column_count].label = lab;
        v->column_count++;
    }
}

static void parse_columns(builder *b, const cJSON *columns)
{
    static const struct {
        const char *name;
        kaiji_column_role role;
        int round;
    } roles[] = {
        { "id", KAIJI_COLUMN_ID, 0 },
        { "question", KAIJI_COLUMN_QUESTION, 0 },
        { "answer", KAIJI_COLUMN_ANSWER, 0 },
        { "remarks", KAIJI_COLUMN_REMARKS, 0 },
        { "target_date", KAIJI_COLUMN_TARGET_DATE, 0 },
        { "confirmation", KAIJI_COLUMN_CONFIRMATION, 0 },
        { "confirmation_1", KAIJI_COLUMN_CONFIRMATION, 1 },
        { "confirmation_2", KAIJI_COLUMN_CONFIRMATION, 2 },
        { "confirmation_3", KAIJI_COLUMN_CONFIRMATION, 3 },
        { "confirmation_4", KAIJI_COLUMN_CONFIRMATION, 4 },
        { "section", KAIJI_COLUMN_SECTION, 0 },
    };
    const cJSON *c;

    if (!cJSON_IsObject(columns)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"columns\" must be an object"));
        return;
    }
    cJSON_ArrayForEach(c, columns) {
        size_t i;

        for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
            if (strcmp(roles[i].name, c->string) == 0)
                break;
        if (i == sizeof roles / sizeof roles[0]) {
            fail(b, KAIJI_ERROR_CATALOG, _("columns: unknown role \"%s\""), c->string);
            return;
        }
        add_columns(b, c, (kaiji_column_label){ .role = roles[i].role,
                                                .round = roles[i].round },
                    "columns");
    }
}

static void parse_choices(builder *b, const cJSON *choices)
{
    static const struct {
        const char *name;
        kaiji_answer answer;
    } kinds[] = {
        { "yes", KAIJI_ANSWER_YES },
        { "no", KAIJI_ANSWER_NO },
        { "na", KAIJI_ANSWER_NA },
    };
    size_t i;

    if (!choices)
        return;
    if (!cJSON_IsObject(choices)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"choices\" must be an object"));
        return;
    }
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(choices, kinds[i].name);
        const cJSON *first;
        const char *name;

        if (!a)
            continue;
        first = cJSON_IsArray(a) ? a->child : NULL;
        name = kaiji_arena_strdup(b->v->arena,
                                  cJSON_IsString(first) ? first->valuestring : "");
        if (!name) {
            fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
            return;
        }
        add_columns(b, a, (kaiji_column_label){ .role = KAIJI_COLUMN_CHOICE,
                                                .answer = kinds[i].answer,
                                                .name = name },
                    "choices");
    }
}

static void parse_targets(builder *b, const cJSON *targets)
{
    const cJSON *t;

    if (!targets)
        return;
    if (!cJSON_IsArray(targets)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"targets\" must be an array"));
        return;
    }
    cJSON_ArrayForEach(t, targets) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
        const cJSON *labels = need_array(b, t, "labels", "targets");
        const char *copy;

        if (!cJSON_IsString(name) || !labels) {
            fail(b, KAIJI_ERROR_CATALOG, _("targets: each needs \"name\" and \"labels\""));
            return;
        }
        copy = kaiji_arena_strdup(b->v->arena, name->valuestring);
        if (!copy) {
            fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
            return;
        }
        add_columns(b, labels, (kaiji_column_label){ .role = KAIJI_COLUMN_TARGET,
                                                     .name = copy },
                    "targets");
    }
}

/* The bit of the phrase with this key, adding it when new; -1 on failure. */
static int phrase_bit(builder *b, const char *key)
{
    kaiji_vocab *v = b->v;
    size_t i;

    for (i = 0; i < v->phrase_count; i++)
        if (strcmp(v->phrases[i], key) == 0)
            return (int)i;
    if (v->phrase_count == MAX_PHRASES) {
        fail(b, KAIJI_ERROR_CATALOG, _("titles: more than %d phrases"), MAX_PHRASES);
        return -1;
    }
    v->phrases[v->phrase_count] = key;
    return (int)v->phrase_count++;
}

static void parse_titles(builder *b, const cJSON *titles)
{
    const cJSON *t;
    kaiji_vocab *v = b->v;

    if (!cJSON_IsArray(titles)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"titles\" must be an array"));
        return;
    }
    cJSON_ArrayForEach(t, titles) {
        const cJSON *kinds = need_array(b, t, "kinds", "titles");
        const cJSON *all = need_array(b, t, "all", "titles");
        const cJSON *x;
        title_rule r = { 0 };

        if (!kinds || !all)
            return;
        cJSON_ArrayForEach(x, kinds) {
            kaiji_kind k = cJSON_IsString(x) ? kaiji_kind_from_name(x->valuestring)
                                              : KAIJI_KIND_UNKNOWN;

            if (k == KAIJI_KIND_UNKNOWN || r.kind_count == KAIJI_KIND__COUNT) {
                fail(b, KAIJI_ERROR_CATALOG, _("titles: bad kind in \"kinds\""));
                return;
            }
            r.kinds[r.kind_count++] = k;
        }
        cJSON_ArrayForEach(x, all) {
            const char *key = make_key(b, x, "titles");
            int bit = key ? phrase_bit(b, key) : -1;

            if (bit < 0)
                return;
            r.mask |= (uint64_t)1 << bit;
        }
        if (!r.kind_count || !r.mask) {
            fail(b, KAIJI_ERROR_CATALOG, _("titles: a rule needs kinds and phrases"));
            return;
        }
        if (!GROW(b, v->rules, v->rule_count, v->rule_cap))
            return;
        v->rules[v->rule_count++] = r;
    }
}

static void add_keys(builder *b, const cJSON *a, const char ***arr,
                     size_t *count, size_t *cap, const char *where)
{
    const cJSON *x;

    if (!a)
        return;
    if (!cJSON_IsArray(a)) {
        fail(b, KAIJI_ERROR_CATALOG, _("%s must be an array"), where);
        return;
    }
    cJSON_ArrayForEach(x, a) {
        const char *key = make_key(b, x, where);

        if (!key || !make_room(b, (void **)arr, *count, cap, sizeof **arr))
            return;
        (*arr)[(*count)++] = key;
    }
}

static void parse_clues(builder *b, const cJSON *clues)
{
    const cJSON *c;
    kaiji_vocab *v = b->v;

    if (!clues)
        return;
    if (!cJSON_IsObject(clues)) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"clues\" must be an object"));
        return;
    }
    cJSON_ArrayForEach(c, clues) {
        kaiji_kind kind;
        int w;

        if (strcmp(c->string, "about") == 0)
            continue;
        if (strcmp(c->string, "ignore") == 0) {
            add_keys(b, c, &v->ignore, &v->ignore_count, &v->ignore_cap,
                     "clues.ignore");
            continue;
        }
        kind = kaiji_kind_from_name(c->string);
        if (kind == KAIJI_KIND_UNKNOWN || !cJSON_IsObject(c)) {
            fail(b, KAIJI_ERROR_CATALOG, _("clues: unknown kind \"%s\""), c->string);
            return;
        }
        for (w = 0; w < 2; w++) {
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, w ? "words" : "labels");
            const cJSON *x;

            if (!a)
                continue;
            if (!cJSON_IsArray(a)) {
                fail(b, KAIJI_ERROR_CATALOG, _("clues.%s: labels and words are arrays"),
                     c->string);
                return;
            }
            cJSON_ArrayForEach(x, a) {
                const char *key = make_key(b, x, "clues");

                if (!key || !GROW(b, v->clues, v->clue_count, v->clue_cap))
                    return;
                v->clues[v->clue_count].key = key;
                v->clues[v->clue_count].kind = kind;
                v->clues[v->clue_count].word = w != 0;
                v->clue_count++;
            }
        }
    }
}

/* "form_version": {"words": [...], "guideline_words": [...]} and
 * "other_documents": {"titles": [...], "columns": [...]}: keys to look for. */
static void parse_word_lists(builder *b, const cJSON *form, const cJSON *other)
{
    kaiji_vocab *v = b->v;

    if ((form && !cJSON_IsObject(form)) || (other && !cJSON_IsObject(other))) {
        fail(b, KAIJI_ERROR_CATALOG, _("\"form_version\" and \"other_documents\" must be objects"));
        return;
    }
    add_keys(b, cJSON_GetObjectItemCaseSensitive(form, "words"), &v->words[KAIJI_WORDS_FORM],
             &v->word_count[KAIJI_WORDS_FORM], &v->word_cap[KAIJI_WORDS_FORM],
             "form_version.words");
    add_keys(b, cJSON_GetObjectItemCaseSensitive(form, "guideline_words"),
             &v->words[KAIJI_WORDS_GUIDELINE], &v->word_count[KAIJI_WORDS_GUIDELINE],
             &v->word_cap[KAIJI_WORDS_GUIDELINE], "form_version.guideline_words");
    add_keys(b, cJSON_GetObjectItemCaseSensitive(other, "titles"),
             &v->words[KAIJI_WORDS_OTHER_TITLE], &v->word_count[KAIJI_WORDS_OTHER_TITLE],
             &v->word_cap[KAIJI_WORDS_OTHER_TITLE], "other_documents.titles");
    add_keys(b, cJSON_GetObjectItemCaseSensitive(other, "columns"), &v->line_columns,
             &v->line_column_count, &v->line_column_cap, "other_documents.columns");
}

static void parse_mds2(builder *b, const cJSON *mds2)
{
    const cJSON *fields, *editions, *x, *def;
    kaiji_vocab *v = b->v;

    if (!mds2)
        return;
    fields = cJSON_GetObjectItemCaseSensitive(mds2, "fields");
    cJSON_ArrayForEach(x, fields) {
        kaiji_field field = cJSON_IsString(x) ? kaiji_field_from_name(x->valuestring)
                                               : KAIJI_FIELD__COUNT;
        const char *id = kaiji_arena_strdup(v->arena, x->string);

        if (field == KAIJI_FIELD__COUNT) {
            fail(b, KAIJI_ERROR_CATALOG, _("mds2.fields: unknown field for \"%s\""),
                 x->string ? x->string : "");
            return;
        }
        if (!id) {
            fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
            return;
        }
        if (!GROW(b, v->mds2_fields, v->mds2_field_count, v->mds2_field_cap))
            return;
        v->mds2_fields[v->mds2_field_count].id = id;
        v->mds2_fields[v->mds2_field_count].field = field;
        v->mds2_field_count++;
    }
    editions = cJSON_GetObjectItemCaseSensitive(mds2, "editions");
    cJSON_ArrayForEach(x, editions) {
        const cJSON *version = cJSON_GetObjectItemCaseSensitive(x, "version");
        const cJSON *phrases = need_array(b, x, "phrases", "mds2.editions");
        const cJSON *p;
        const char *copy;

        if (!cJSON_IsString(version) || !phrases) {
            fail(b, KAIJI_ERROR_CATALOG, _("mds2.editions: each needs version and phrases"));
            return;
        }
        copy = kaiji_arena_strdup(v->arena, version->valuestring);
        if (!copy) {
            fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
            return;
        }
        cJSON_ArrayForEach(p, phrases) {
            const char *key = make_key(b, p, "mds2.editions");

            if (!key || !GROW(b, v->editions, v->edition_count, v->edition_cap))
                return;
            v->editions[v->edition_count].version = copy;
            v->editions[v->edition_count].key = key;
            v->edition_count++;
        }
    }
    def = cJSON_GetObjectItemCaseSensitive(mds2, "default_edition");
    if (cJSON_IsString(def)) {
        v->default_edition = kaiji_arena_strdup(v->arena, def->valuestring);
        if (!v->default_edition) {
            fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
            return;
        }
    }
    add_keys(b, cJSON_GetObjectItemCaseSensitive(mds2, "default_edition_sections"),
             &v->default_sections, &v->default_section_count,
             &v->default_section_cap, "mds2.default_edition_sections");
}

/* A hash of the len bytes of key from its length and its first and last
 * (up to) 8 bytes.  The keys indexed are the vocabulary's own, so a weak
 * hash cannot be abused: a lookup probes at most the whole small table. */
static uint32_t key_hash(const char *key, size_t len)
{
    uint64_t a = 0, b = 0, h;

    memcpy(&a, key, len < 8 ? len : 8);
    if (len > 8)
        memcpy(&b, key + len - 8, 8);
    h = (a ^ (b * 0x9E3779B97F4A7C15u) ^ len) * 0xFF51AFD7ED558CCDu;
    return (uint32_t)(h >> 32);
}

/* The key of entry i of a table of entries of size stride whose first
 * member is the key. */
static const char *key_at(const void *base, size_t stride, size_t i)
{
    const char *const *k = (const void *)((const char *)base + i * stride);

    return *k;
}

/* The slot of key in ix over the table (base, stride): the one holding it,
 * or the empty one where it would go. */
static size_t index_slot(const key_index *ix, const void *base, size_t stride,
                         const char *key, size_t len)
{
    size_t i = key_hash(key, len) & ix->mask;

    while (ix->slots[i] &&
           strcmp(key_at(base, stride, ix->slots[i] - 1), key) != 0)
        i = (i + 1) & ix->mask;
    return i;
}

/* Indexes the count entries at base (keys distinct); false on no memory. */
static bool index_build(key_index *ix, const void *base, size_t stride, size_t count)
{
    size_t size = 16, i;

    while (size < count * 2)
        size *= 2;
    ix->slots = calloc(size, sizeof *ix->slots);
    if (!ix->slots)
        return false;
    ix->mask = size - 1;
    for (i = 0; i < count; i++) {
        const char *key = key_at(base, stride, i);
        size_t len = strlen(key);

        ix->slots[index_slot(ix, base, stride, key, len)] = (uint32_t)i + 1;
        if (len < 256)
            ix->lengths[len / 64] |= (uint64_t)1 << (len % 64);
        else
            ix->long_keys = true;
    }
    return true;
}

/* The entry of key in ix, or SIZE_MAX. */
static size_t index_find(const key_index *ix, const void *base, size_t stride,
                         const char *key)
{
    size_t slot, len;

    if (!ix->slots)
        return SIZE_MAX;
    len = strlen(key);
    if (len < 256 ? !(ix->lengths[len / 64] & ((uint64_t)1 << (len % 64))) : !ix->long_keys)
        return SIZE_MAX;
    slot = index_slot(ix, base, stride, key, len);
    return ix->slots[slot] ? ix->slots[slot] - 1 : SIZE_MAX;
}

/* The lookup structures of a parsed vocab: hash indexes of the field and
 * column labels, the clue labels merged by key, the lengths of the words
 * and phrases looked for inside keys. */
static void build_indexes(builder *b)
{
    kaiji_vocab *v = b->v;
    size_t i, k;

    v->clue_labels = calloc(v->clue_count ? v->clue_count : 1, sizeof *v->clue_labels);
    v->clue_word_len = calloc(v->clue_count ? v->clue_count : 1, sizeof *v->clue_word_len);
    v->edition_len = calloc(v->edition_count ? v->edition_count : 1, sizeof *v->edition_len);
    if (!v->clue_labels || !v->clue_word_len || !v->edition_len ||
        !index_build(&v->field_index, v->fields, sizeof *v->fields, v->field_count) ||
        !index_build(&v->column_index, v->columns, sizeof *v->columns, v->column_count)) {
        fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
        return;
    }
    for (i = 0; i < v->clue_count; i++) {
        const clue_entry *c = &v->clues[i];

        if (c->word) {
            v->clue_word_len[i] = strlen(c->key);
            continue;
        }
        for (k = 0; k < v->clue_label_count; k++)
            if (strcmp(v->clue_labels[k].key, c->key) == 0)
                break;
        if (k == v->clue_label_count)
            v->clue_labels[v->clue_label_count++].key = c->key;
        v->clue_labels[k].kinds |= 1u << c->kind;
    }
    if (!index_build(&v->clue_label_index, v->clue_labels, sizeof *v->clue_labels,
                     v->clue_label_count)) {
        fail(b, KAIJI_ERROR_NOMEM, _("out of memory"));
        return;
    }
    for (i = 0; i < v->edition_count; i++)
        v->edition_len[i] = strlen(v->editions[i].key);
    for (i = 0; i < v->phrase_count; i++)
        v->phrase_len[i] = strlen(v->phrases[i]);
    for (i = 0; i < v->field_count; i++)
        if (strlen(v->fields[i].key) > v->label_max)
            v->label_max = strlen(v->fields[i].key);
    for (i = 0; i < v->column_count; i++)
        if (strlen(v->columns[i].key) > v->label_max)
            v->label_max = strlen(v->columns[i].key);
}

static int cmp_field(const void *a, const void *b)
{
    return strcmp(((const field_entry *)a)->key, ((const field_entry *)b)->key);
}

static int cmp_column(const void *a, const void *b)
{
    return strcmp(((const column_entry *)a)->key, ((const column_entry *)b)->key);
}

/* Sorts the label tables and refuses a label listed twice. */
static void finish(builder *b)
{
    kaiji_vocab *v = b->v;
    size_t i;

    if (v->field_count)
        qsort(v->fields, v->field_count, sizeof *v->fields, cmp_field);
    if (v->column_count)
        qsort(v->columns, v->column_count, sizeof *v->columns, cmp_column);
    for (i = 1; i < v->field_count; i++)
        if (strcmp(v->fields[i - 1].key, v->fields[i].key) == 0)
            fail(b, KAIJI_ERROR_CATALOG, _("fields: label \"%s\" is listed twice"),
                 v->fields[i].key);
    for (i = 1; i < v->column_count; i++)
        if (strcmp(v->columns[i - 1].key, v->columns[i].key) == 0)
            fail(b, KAIJI_ERROR_CATALOG,
                 _("columns/choices/targets: label \"%s\" is listed twice"),
                 v->columns[i].key);
    if (b->rc == KAIJI_OK)
        build_indexes(b);
}

/*
 * Parses json into a new vocab (*out, caller frees with kaiji_vocab_free).
 * On KAIJI_ERROR_CATALOG *err (when err is not NULL) gets a malloc'd reason.
 */
int kaiji_vocab_new(kaiji_vocab **out, const char *json, char **err)
{
    builder b = { 0 };
    cJSON *root = NULL;
    const cJSON *fmt;

    *out = NULL;
    if (err)
        *err = NULL;
    b.v = calloc(1, sizeof *b.v);
    if (!b.v || !(b.v->arena = kaiji_arena_new())) {
        fail(&b, KAIJI_ERROR_NOMEM, _("out of memory"));
        goto error;
    }
    root = json ? cJSON_Parse(json) : NULL;
    if (!cJSON_IsObject(root)) {
        fail(&b, KAIJI_ERROR_CATALOG, _("the vocabulary is not a JSON object"));
        goto error;
    }
    fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (fmt && !(cJSON_IsString(fmt) && strcmp(fmt->valuestring, "kaiji-vocab") == 0)) {
        fail(&b, KAIJI_ERROR_CATALOG, _("\"format\" is not \"kaiji-vocab\""));
        goto error;
    }
    parse_titles(&b, cJSON_GetObjectItemCaseSensitive(root, "titles"));
    parse_clues(&b, cJSON_GetObjectItemCaseSensitive(root, "clues"));
    parse_fields(&b, cJSON_GetObjectItemCaseSensitive(root, "fields"));
    parse_columns(&b, cJSON_GetObjectItemCaseSensitive(root, "columns"));
    parse_choices(&b, cJSON_GetObjectItemCaseSensitive(root, "choices"));
    parse_targets(&b, cJSON_GetObjectItemCaseSensitive(root, "targets"));
    parse_mds2(&b, cJSON_GetObjectItemCaseSensitive(root, "mds2"));
    parse_word_lists(&b, cJSON_GetObjectItemCaseSensitive(root, "form_version"),
                     cJSON_GetObjectItemCaseSensitive(root, "other_documents"));
    if (b.rc == KAIJI_OK)
        finish(&b);
    if (b.rc != KAIJI_OK)
        goto error;
    cJSON_Delete(root);
    *out = b.v;
    return KAIJI_OK;

error:
    if (err && b.rc == KAIJI_ERROR_CATALOG)
        *err = strdup(b.why);
    cJSON_Delete(root);
    kaiji_vocab_free(b.v);
    return b.rc;
}

void kaiji_vocab_free(kaiji_vocab *vocab)
{
    if (!vocab || vocab->prebuilt)
        return;
    free(vocab->fields);
    free(vocab->columns);
    free(vocab->rules);
    free(vocab->clues);
    free(vocab->ignore);
    free(vocab->mds2_fields);
    free(vocab->editions);
    free(vocab->default_sections);
    for (int w = 0; w < KAIJI_WORDS__COUNT; w++)
        free(vocab->words[w]);
    free(vocab->line_columns);
    free(vocab->field_index.slots);
    free(vocab->column_index.slots);
    free(vocab->clue_labels);
    free(vocab->clue_label_index.slots);
    free(vocab->clue_word_len);
    free(vocab->edition_len);
    kaiji_arena_free(vocab->arena);
    free(vocab);
}

/* The built-in vocabulary: the one parsed at build time, else the embedded
 * file, which must parse. */
int kaiji_vocab_builtin(kaiji_vocab **out)
{
    const kaiji_embedded_file *f = kaiji_embedded_find("formats/vocab/labels.json");

    *out = kaiji_prebuilt_vocab;
    if (*out)
        return KAIJI_OK;
    if (!f)
        return KAIJI_ERROR_CATALOG;
    return kaiji_vocab_new(out, f->data, NULL);
}

size_t kaiji_vocab_label_max(const kaiji_vocab *vocab)
{
    return vocab ? vocab->label_max : 0;
}

kaiji_field kaiji_vocab_field(const kaiji_vocab *vocab, const char *key)
{
    size_t i;

    if (!vocab || !key)
        return KAIJI_FIELD__COUNT;
    i = index_find(&vocab->field_index, vocab->fields, sizeof *vocab->fields, key);
    return i == SIZE_MAX ? KAIJI_FIELD__COUNT : vocab->fields[i].field;
}

bool kaiji_vocab_column(const kaiji_vocab *vocab, const char *key,
                        kaiji_column_label *out)
{
    size_t i;

    if (!vocab || !key)
        return false;
    i = index_find(&vocab->column_index, vocab->columns, sizeof *vocab->columns, key);
    if (i == SIZE_MAX)
        return false;
    if (out)
        *out = vocab->columns[i].label;
    return true;
}

void kaiji_vocab_key_of(kaiji_vocab_key *out, const char *key)
{
    const unsigned char *p = (const unsigned char *)key;

    memset(out, 0, sizeof *out);
    out->key = key;
    for (; *p; p++)
        out->bytes[*p >> 6] |= (uint64_t)1 << (*p & 63);
    out->len = (size_t)((const char *)p - key);
}

/* false when phrase has a byte that k lacks: then it is not inside k. */
static bool may_occur(const kaiji_vocab_key *k, const char *phrase)
{
    for (const unsigned char *p = (const unsigned char *)phrase; *p; p++)
        if (!(k->bytes[*p >> 6] & ((uint64_t)1 << (*p & 63))))
            return false;
    return true;
}

uint64_t kaiji_vocab_title_phrases_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k)
{
    uint64_t mask = 0;
    size_t i;

    if (!vocab || !k->key)
        return 0;
    for (i = 0; i < vocab->phrase_count; i++)
        if (vocab->phrase_len[i] <= k->len && may_occur(k, vocab->phrases[i]) &&
            strstr(k->key, vocab->phrases[i]))
            mask |= (uint64_t)1 << i;
    return mask;
}

uint64_t kaiji_vocab_title_phrases(const kaiji_vocab *vocab, const char *key)
{
    uint64_t mask = 0;
    size_t i, len;

    if (!vocab || !key)
        return 0;
    len = strlen(key);
    for (i = 0; i < vocab->phrase_count; i++)
        if (vocab->phrase_len[i] <= len && strstr(key, vocab->phrases[i]))
            mask |= (uint64_t)1 << i;
    return mask;
}

size_t kaiji_vocab_title_rule_count(const kaiji_vocab *vocab)
{
    return vocab ? vocab->rule_count : 0;
}

uint64_t kaiji_vocab_title_rule_mask(const kaiji_vocab *vocab, size_t i)
{
    return vocab && i < vocab->rule_count ? vocab->rules[i].mask : 0;
}

size_t kaiji_vocab_title_rule_kinds(const kaiji_vocab *vocab, size_t i,
                                    kaiji_kind kinds[KAIJI_KIND__COUNT])
{
    if (!vocab || i >= vocab->rule_count)
        return 0;
    memcpy(kinds, vocab->rules[i].kinds,
           vocab->rules[i].kind_count * sizeof kinds[0]);
    return vocab->rules[i].kind_count;
}

/* true when the word at pos (inside key) is ticked off as not chosen: the
 * character before it is an empty check box. */
static bool after_empty_box(const char *key, const char *pos)
{
    static const char *const boxes[] = { "\u25a1", "\u2610" }; /* □ ☐ */
    size_t i;

    for (i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        size_t n = strlen(boxes[i]);

        if ((size_t)(pos - key) >= n && memcmp(pos - n, boxes[i], n) == 0)
            return true;
    }
    return false;
}

/* true when word occurs in key outside every ignored phrase and not after
 * an empty check box. */
static bool word_in(const kaiji_vocab *v, const char *key, const char *word)
{
    size_t wlen = strlen(word);
    const char *p = key;

    while ((p = strstr(p, word)) != NULL) {
        bool ignored = after_empty_box(key, p);
        size_t i;

        for (i = 0; i < v->ignore_count && !ignored; i++) {
            const char *ig = v->ignore[i];
            size_t glen = strlen(ig);
            const char *q = key;

            /* Is [p, p+wlen) inside an occurrence of ig? */
            while ((q = strstr(q, ig)) != NULL && q <= p) {
                if (p + wlen <= q + glen) {
                    ignored = true;
                    break;
                }
                q++;
            }
        }
        if (!ignored)
            return true;
        p++;
    }
    return false;
}

unsigned kaiji_vocab_clues_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k)
{
    unsigned kinds = 0;
    size_t i;

    if (!vocab || !k->key || !*k->key)
        return 0;
    i = index_find(&vocab->clue_label_index, vocab->clue_labels,
                   sizeof *vocab->clue_labels, k->key);
    if (i != SIZE_MAX)
        kinds = vocab->clue_labels[i].kinds;
    for (i = 0; i < vocab->clue_count; i++) {
        const clue_entry *c = &vocab->clues[i];

        if (!c->word || (kinds & (1u << c->kind)) || vocab->clue_word_len[i] > k->len ||
            !may_occur(k, c->key))
            continue;
        if (word_in(vocab, k->key, c->key))
            kinds |= 1u << c->kind;
    }
    return kinds;
}

unsigned kaiji_vocab_clues(const kaiji_vocab *vocab, const char *key)
{
    kaiji_vocab_key k;

    if (!vocab || !key)
        return 0;
    kaiji_vocab_key_of(&k, key);
    return kaiji_vocab_clues_k(vocab, &k);
}

kaiji_field kaiji_vocab_mds2_field(const kaiji_vocab *vocab, const char *id)
{
    size_t i;

    if (!vocab || !id)
        return KAIJI_FIELD__COUNT;
    for (i = 0; i < vocab->mds2_field_count; i++) {
        const char *f = vocab->mds2_fields[i].id;

        /* the first letter first: strcasecmp only on a likely match */
        if (f[0] && (f[0] | 0x20) != (id[0] | 0x20))
            continue;
        if (strcasecmp(f, id) == 0)
            return vocab->mds2_fields[i].field;
    }
    return KAIJI_FIELD__COUNT;
}

const char *kaiji_vocab_mds2_edition_k(const kaiji_vocab *vocab, const kaiji_vocab_key *k)
{
    size_t i;

    if (!vocab || !k->key)
        return NULL;
    for (i = 0; i < vocab->edition_count; i++)
        if (vocab->edition_len[i] <= k->len && may_occur(k, vocab->editions[i].key) &&
            strstr(k->key, vocab->editions[i].key))
            return vocab->editions[i].version;
    return NULL;
}

const char *kaiji_vocab_mds2_edition(const kaiji_vocab *vocab, const char *key)
{
    size_t i, len;

    if (!vocab || !key)
        return NULL;
    len = strlen(key);
    for (i = 0; i < vocab->edition_count; i++)
        if (vocab->edition_len[i] <= len && strstr(key, vocab->editions[i].key))
            return vocab->editions[i].version;
    return NULL;
}

bool kaiji_vocab_mds2_edition_chars(const kaiji_vocab *vocab, char out[9])
{
    size_t i, n = 0;
    const char *k;

    out[0] = '\0';
    if (!vocab || !vocab->edition_count)
        return false;
    /* The letters and digits of the first phrase that every other holds. */
    for (k = vocab->editions[0].key; *k && n < 8; k++) {
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9')) ||
            memchr(out, *k, n))
            continue;
        for (i = 1; i < vocab->edition_count; i++)
            if (!strchr(vocab->editions[i].key, *k))
                break;
        if (i == vocab->edition_count)
            out[n++] = *k;
    }
    out[n] = '\0';
    return n > 0;
}

const char *kaiji_vocab_mds2_default_edition(const kaiji_vocab *vocab,
                                             const char *prefix)
{
    size_t i;

    if (!vocab || !prefix || !vocab->default_edition)
        return NULL;
    for (i = 0; i < vocab->default_section_count; i++)
        if (strcasecmp(vocab->default_sections[i], prefix) == 0)
            return vocab->default_edition;
    return NULL;
}

bool kaiji_vocab_has_word_k(const kaiji_vocab *vocab, kaiji_vocab_words list,
                            const kaiji_vocab_key *k)
{
    size_t i;

    if (!vocab || !k->key || list < 0 || list >= KAIJI_WORDS__COUNT)
        return false;
    for (i = 0; i < vocab->word_count[list]; i++)
        if (may_occur(k, vocab->words[list][i]) && strstr(k->key, vocab->words[list][i]))
            return true;
    return false;
}

bool kaiji_vocab_has_word(const kaiji_vocab *vocab, kaiji_vocab_words list, const char *key)
{
    kaiji_vocab_key k;

    if (!vocab || !key)
        return false;
    kaiji_vocab_key_of(&k, key);
    return kaiji_vocab_has_word_k(vocab, list, &k);
}

bool kaiji_vocab_line_column(const kaiji_vocab *vocab, const char *key)
{
    size_t i;

    if (!vocab || !key)
        return false;
    for (i = 0; i < vocab->line_column_count; i++)
        if (key[0] == vocab->line_columns[i][0] && strcmp(key, vocab->line_columns[i]) == 0)
            return true;
    return false;
}
