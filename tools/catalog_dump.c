/*
 * tools/catalog_dump.c - a parsed catalog written as C initialisers, so that
 * the build can link the built-in catalogs in ready-made (tools/
 * prebuild_catalogs.c; build/formats/prebuilt.c) instead of every command
 * parsing their JSON at start-up.  tests/test_catalog.c writes a prebuilt
 * catalog and the same file parsed from its JSON and compares the two texts.
 * Every member of every struct is written here, so a member added to
 * catalog/catalogs.h or catalog/vocab_internal.h must be added here too (the
 * size checks below stop the build until it is).
 */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/catalog_dump.h"

/* Every member of these structs is written below: one added changes a size
 * here and stops the build until it is written too (and the size updated).
 * Sizes of a 64-bit build. */
#if UINTPTR_MAX == 0xffffffffffffffffu
#define SIZE_IS(t, n) _Static_assert(sizeof(t) == (n), #t " changed: write its new member")
SIZE_IS(kaiji_catalog, 256);
SIZE_IS(kaiji_cat_form, 112);
SIZE_IS(kaiji_cat_item, 168);
SIZE_IS(kaiji_cat_section, 24);
SIZE_IS(kaiji_cat_alias, 16);
SIZE_IS(kaiji_cat_version, 104);
SIZE_IS(kaiji_cat_guideline, 56);
SIZE_IS(kaiji_cat_published, 32);
SIZE_IS(kaiji_vocab, 1552);
SIZE_IS(field_entry, 16);
SIZE_IS(column_entry, 32);
SIZE_IS(kaiji_column_label, 24);
SIZE_IS(title_rule, 40);
SIZE_IS(clue_entry, 16);
SIZE_IS(mds2_field_entry, 16);
SIZE_IS(edition_entry, 16);
SIZE_IS(key_index, 56);
SIZE_IS(clue_label, 16);
#endif

/* s as a C string literal (bytes above 0x7e and controls as octal escapes),
 * or NULL. */
static void str(kaiji_buf *b, const char *s)
{
    if (!s) {
        kaiji_buf_puts(b, "NULL");
        return;
    }
    kaiji_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            kaiji_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20 || *p > 0x7e || *p == '?')
            kaiji_buf_printf(b, "\\%03o", *p);
        else
            kaiji_buf_putc(b, (char)*p);
    }
    kaiji_buf_putc(b, '"');
}

/* A NULL-terminated array of strings named name (its count n), or nothing
 * when list is NULL. */
static void str_list(kaiji_buf *b, const char *name, const char *const *list, size_t n)
{
    if (!list)
        return;
    kaiji_buf_printf(b, "static const char *%s[] = {", name);
    for (size_t i = 0; i < n; i++) {
        str(b, list[i]);
        kaiji_buf_puts(b, ", ");
    }
    kaiji_buf_puts(b, "NULL};\n");
}

static void list_ref(kaiji_buf *b, const char *member, const char *name, const void *list)
{
    kaiji_buf_printf(b, " .%s = %s,", member, list ? name : "NULL");
}

static void published(kaiji_buf *b, const char *member, const kaiji_cat_published *p)
{
    kaiji_buf_printf(b, " .%s = {.on = {%d, %d, %d}, .text = ", member, p->on.year,
                     p->on.month, p->on.day);
    str(b, p->text);
    kaiji_buf_printf(b, ", .certainty = (kaiji_certainty)%d},", (int)p->certainty);
}

static void items(kaiji_buf *b, const char *name, const kaiji_cat_item *it, size_t n)
{
    if (!it)
        return;
    kaiji_buf_printf(b, "static kaiji_cat_item %s[] = {\n", name);
    for (size_t i = 0; i < n; i++) {
        const kaiji_cat_item *x = &it[i];
        kaiji_buf_puts(b, "{.id = ");
        str(b, x->id);
        kaiji_buf_puts(b, ", .id_key = ");
        str(b, x->id_key);
        kaiji_buf_puts(b, ", .section = ");
        str(b, x->section);
        kaiji_buf_puts(b, ", .text = ");
        str(b, x->text);
        kaiji_buf_puts(b, ", .text_fold = ");
        str(b, x->text_fold);
        kaiji_buf_puts(b, ", .name = ");
        str(b, x->name);
        kaiji_buf_puts(b, ", .year = ");
        str(b, x->year);
        kaiji_buf_puts(b, ", .note = ");
        str(b, x->note);
        kaiji_buf_puts(b, ", .scope = ");
        str(b, x->scope);
        kaiji_buf_printf(b, ", .target_count = %zu, .targets = {", x->target_count);
        for (size_t t = 0; t < KAIJI_MAX_TARGETS; t++) {
            str(b, x->targets[t]);
            kaiji_buf_puts(b, ", ");
        }
        kaiji_buf_printf(b,
                         "}, .targets_known = %d, .certainty = (kaiji_certainty)%d,"
                         " .text_certainty = (kaiji_certainty)%d, .required = %d,"
                         " .answer_type = (kaiji_answer_type)%d, .field = (kaiji_field)%d},\n",
                         x->targets_known, (int)x->certainty, (int)x->text_certainty,
                         x->required, (int)x->answer_type, (int)x->field);
    }
    kaiji_buf_puts(b, "};\n");
}

static void form(kaiji_buf *b, const char *cat, size_t f, const kaiji_cat_form *x)
{
    char name[128];
    snprintf(name, sizeof name, "%s_f%zu_items", cat, f);
    items(b, name, x->items, x->item_count);
    snprintf(name, sizeof name, "%s_f%zu_header", cat, f);
    items(b, name, x->header, x->header_count);
    if (x->sections) {
        kaiji_buf_printf(b, "static kaiji_cat_section %s_f%zu_sections[] = {\n", cat, f);
        for (size_t i = 0; i < x->section_count; i++) {
            kaiji_buf_puts(b, "{.code = ");
            str(b, x->sections[i].code);
            kaiji_buf_puts(b, ", .name = ");
            str(b, x->sections[i].name);
            kaiji_buf_printf(b, ", .count = %d, .free_text = %d},\n", x->sections[i].count,
                             x->sections[i].free_text);
        }
        kaiji_buf_puts(b, "};\n");
    }
    if (x->aliases) {
        kaiji_buf_printf(b, "static kaiji_cat_alias %s_f%zu_aliases[] = {\n", cat, f);
        for (size_t i = 0; i < x->alias_count; i++) {
            kaiji_buf_puts(b, "{.from_key = ");
            str(b, x->aliases[i].from_key);
            kaiji_buf_puts(b, ", .to_key = ");
            str(b, x->aliases[i].to_key);
            kaiji_buf_puts(b, "},\n");
        }
        kaiji_buf_puts(b, "};\n");
    }
}

bool catalog_dump_c(kaiji_buf *b, const kaiji_catalog *c, const char *name)
{
    char ref[160];

    kaiji_buf_printf(b, "static kaiji_catalog %s;\n", name);
    snprintf(ref, sizeof ref, "%s_edition_alias_keys", name);
    str_list(b, ref, c->edition_alias_keys, c->edition_alias_count);
    snprintf(ref, sizeof ref, "%s_annex_mds", name);
    str_list(b, ref, c->annex_mds, c->annex_mds_count);
    snprintf(ref, sizeof ref, "%s_annex_sds", name);
    str_list(b, ref, c->annex_sds, c->annex_sds_count);
    if (c->guidelines) {
        kaiji_buf_printf(b, "static kaiji_cat_guideline %s_guidelines[] = {\n", name);
        for (size_t i = 0; i < c->guideline_count; i++) {
            const kaiji_cat_guideline *g = &c->guidelines[i];
            kaiji_buf_puts(b, "{.edition = ");
            str(b, g->edition);
            kaiji_buf_puts(b, ", .title = ");
            str(b, g->title);
            kaiji_buf_puts(b, ", .notice = ");
            str(b, g->notice);
            kaiji_buf_puts(b, ",");
            published(b, "published", &g->published);
            kaiji_buf_puts(b, "},\n");
        }
        kaiji_buf_puts(b, "};\n");
    }
    if (c->versions) {
        for (size_t i = 0; i < c->version_count; i++) {
            snprintf(ref, sizeof ref, "%s_v%zu_alias_keys", name, i);
            str_list(b, ref, c->versions[i].alias_keys, c->versions[i].alias_count);
        }
        kaiji_buf_printf(b, "static kaiji_cat_version %s_versions[] = {\n", name);
        for (size_t i = 0; i < c->version_count; i++) {
            const kaiji_cat_version *v = &c->versions[i];
            kaiji_buf_puts(b, "{.version = ");
            str(b, v->version);
            snprintf(ref, sizeof ref, "%s_v%zu_alias_keys", name, i);
            kaiji_buf_puts(b, ",");
            list_ref(b, "alias_keys", ref, v->alias_keys);
            kaiji_buf_printf(b, " .alias_count = %zu, .jahis = ", v->alias_count);
            str(b, v->jahis);
            kaiji_buf_puts(b, ", .date = ");
            str(b, v->date);
            kaiji_buf_puts(b, ", .guideline = ");
            str(b, v->guideline);
            kaiji_buf_puts(b, ", .guideline_text = ");
            str(b, v->guideline_text);
            kaiji_buf_printf(b,
                             ", .mds = %d, .sds = %d, .certainty = (kaiji_certainty)%d,"
                             " .guideline_certainty = (kaiji_certainty)%d,",
                             v->mds, v->sds, (int)v->certainty, (int)v->guideline_certainty);
            published(b, "published", &v->published);
            kaiji_buf_puts(b, "},\n");
        }
        kaiji_buf_puts(b, "};\n");
    }
    for (size_t f = 0; c->forms && f < c->form_count; f++)
        form(b, name, f, &c->forms[f]);
    if (c->forms) {
        kaiji_buf_printf(b, "static kaiji_cat_form %s_forms[] = {\n", name);
        for (size_t f = 0; f < c->form_count; f++) {
            const kaiji_cat_form *x = &c->forms[f];
            /* Every form of a parsed catalog is its own (catalog.c); one that
             * is not is written so that the comparison in the tests fails. */
            if (x->catalog == c)
                kaiji_buf_printf(b, "{.catalog = &%s,", name);
            else
                kaiji_buf_puts(b, "{.catalog = NULL /* another catalog's */,");
            kaiji_buf_printf(b, " .kind = (kaiji_kind)%d, .form_version = ", (int)x->kind);
            str(b, x->form_version);
            kaiji_buf_puts(b, ", .form_version_key = ");
            str(b, x->form_version_key);
            kaiji_buf_puts(b, ", .title = ");
            str(b, x->title);
            kaiji_buf_printf(b, ", .complete = %d,", x->complete);
            snprintf(ref, sizeof ref, "%s_f%zu_items", name, f);
            list_ref(b, "items", ref, x->items);
            kaiji_buf_printf(b, " .item_count = %zu,", x->item_count);
            snprintf(ref, sizeof ref, "%s_f%zu_header", name, f);
            list_ref(b, "header", ref, x->header);
            kaiji_buf_printf(b, " .header_count = %zu,", x->header_count);
            snprintf(ref, sizeof ref, "%s_f%zu_sections", name, f);
            list_ref(b, "sections", ref, x->sections);
            kaiji_buf_printf(b, " .section_count = %zu,", x->section_count);
            snprintf(ref, sizeof ref, "%s_f%zu_aliases", name, f);
            list_ref(b, "aliases", ref, x->aliases);
            kaiji_buf_printf(b, " .alias_count = %zu},\n", x->alias_count);
        }
        kaiji_buf_puts(b, "};\n");
    }
    /* The catalog itself: no arena (nothing to free), its JSON text found
     * among the embedded files when asked for (kaiji_catalog_json). */
    kaiji_buf_printf(b, "static kaiji_catalog %s = {\n .arena = NULL, .prebuilt = true,"
                        " .type = (kaiji_catalog_type)%d,"
                        " .id = ", name, (int)c->type);
    str(b, c->id);
    kaiji_buf_puts(b, ", .title = ");
    str(b, c->title);
    kaiji_buf_puts(b, ",\n .source = ");
    str(b, c->source);
    kaiji_buf_puts(b, ",\n .origin = ");
    str(b, c->origin);
    kaiji_buf_puts(b, ", .certainty_text = ");
    str(b, c->certainty_text);
    kaiji_buf_puts(b, ", .json = NULL, .basename = ");
    str(b, c->basename);
    kaiji_buf_printf(b, ", .certainty = (kaiji_certainty)%d, .edition = ", (int)c->certainty);
    str(b, c->edition);
    kaiji_buf_puts(b, ",");
    snprintf(ref, sizeof ref, "%s_edition_alias_keys", name);
    list_ref(b, "edition_alias_keys", ref, c->edition_alias_keys);
    kaiji_buf_printf(b, " .edition_alias_count = %zu, .fiscal_year = %d, .guideline = ",
                     c->edition_alias_count, c->fiscal_year);
    str(b, c->guideline);
    kaiji_buf_printf(b, ", .current = %d,", c->current);
    published(b, "published", &c->published);
    snprintf(ref, sizeof ref, "%s_guidelines", name);
    list_ref(b, "guidelines", ref, c->guidelines);
    kaiji_buf_printf(b, " .guideline_count = %zu,", c->guideline_count);
    snprintf(ref, sizeof ref, "%s_annex_mds", name);
    list_ref(b, "annex_mds", ref, c->annex_mds);
    snprintf(ref, sizeof ref, "%s_annex_sds", name);
    list_ref(b, "annex_sds", ref, c->annex_sds);
    kaiji_buf_printf(b, " .annex_mds_count = %zu, .annex_sds_count = %zu,", c->annex_mds_count,
                     c->annex_sds_count);
    snprintf(ref, sizeof ref, "%s_forms", name);
    list_ref(b, "forms", ref, c->forms);
    kaiji_buf_printf(b, " .form_count = %zu,", c->form_count);
    snprintf(ref, sizeof ref, "%s_versions", name);
    list_ref(b, "versions", ref, c->versions);
    kaiji_buf_printf(b, " .version_count = %zu,\n .template_file = ", c->version_count);
    str(b, c->template_file);
    kaiji_buf_puts(b, ", .official_file = ");
    str(b, c->official_file);
    return kaiji_buf_puts(b, "};\n");
}

/* ---- the label vocabulary ---------------------------------------------- */

/* A string array of n named name_suffix, or NULL (nothing written) when
 * list is NULL or empty; writes the reference into ref. */
static void vocab_strs(kaiji_buf *b, char *ref, size_t size, const char *name,
                       const char *suffix, const char *const *list, size_t n)
{
    if (!list || !n) {
        snprintf(ref, size, "NULL");
        return;
    }
    snprintf(ref, size, "%s_%s", name, suffix);
    kaiji_buf_printf(b, "static const char *%s[] = {", ref);
    for (size_t i = 0; i < n; i++) {
        str(b, list[i]);
        kaiji_buf_puts(b, ", ");
    }
    kaiji_buf_puts(b, "};\n");
}

/* A key index's slots as an array named name_suffix; its initialiser into
 * init. */
static void vocab_index(kaiji_buf *b, kaiji_buf *init, const char *name, const char *suffix,
                        const key_index *ix)
{
    if (ix->slots) {
        kaiji_buf_printf(b, "static uint32_t %s_%s[] = {", name, suffix);
        for (size_t i = 0; i <= ix->mask; i++)
            kaiji_buf_printf(b, "%" PRIu32 ",", ix->slots[i]);
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(init, " .%s = {.slots = %s_%s,", suffix, name, suffix);
    } else {
        kaiji_buf_printf(init, " .%s = {.slots = NULL,", suffix);
    }
    kaiji_buf_printf(init,
                     " .mask = %zu, .lengths = {0x%" PRIx64 "u, 0x%" PRIx64 "u, 0x%" PRIx64
                     "u, 0x%" PRIx64 "u}, .long_keys = %d},\n",
                     ix->mask, ix->lengths[0], ix->lengths[1], ix->lengths[2], ix->lengths[3],
                     ix->long_keys);
}

static void sizes(kaiji_buf *b, const char *name, const size_t *v, size_t n)
{
    kaiji_buf_printf(b, "static size_t %s[] = {", name);
    for (size_t i = 0; i < n; i++)
        kaiji_buf_printf(b, "%zu,", v[i]);
    kaiji_buf_puts(b, "};\n");
}

bool vocab_dump_c(kaiji_buf *b, const kaiji_vocab *v, const char *name)
{
    kaiji_buf init;
    char ref[160];

    kaiji_buf_init(&init);
    kaiji_buf_printf(&init, "static kaiji_vocab %s = {\n .arena = NULL, .prebuilt = true,\n",
                     name);
    if (v->fields && v->field_count) {
        kaiji_buf_printf(b, "static field_entry %s_fields[] = {\n", name);
        for (size_t i = 0; i < v->field_count; i++) {
            kaiji_buf_puts(b, "{");
            str(b, v->fields[i].key);
            kaiji_buf_printf(b, ", (kaiji_field)%d},\n", (int)v->fields[i].field);
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .fields = %s_fields,", name);
    }
    kaiji_buf_printf(&init, " .field_count = %zu, .field_cap = %zu,\n", v->field_count,
                     v->field_count);
    if (v->columns && v->column_count) {
        kaiji_buf_printf(b, "static column_entry %s_columns[] = {\n", name);
        for (size_t i = 0; i < v->column_count; i++) {
            const kaiji_column_label *l = &v->columns[i].label;
            kaiji_buf_puts(b, "{");
            str(b, v->columns[i].key);
            kaiji_buf_printf(b, ", {(kaiji_column_role)%d, %d, (kaiji_answer)%d, ", (int)l->role,
                             l->round, (int)l->answer);
            str(b, l->name);
            kaiji_buf_puts(b, "}},\n");
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .columns = %s_columns,", name);
    }
    kaiji_buf_printf(&init, " .column_count = %zu, .column_cap = %zu,\n", v->column_count,
                     v->column_count);
    kaiji_buf_puts(&init, " .phrases = {");
    for (size_t i = 0; i < v->phrase_count; i++) {
        str(&init, v->phrases[i]);
        kaiji_buf_puts(&init, ", ");
    }
    kaiji_buf_printf(&init, "}, .phrase_count = %zu,\n", v->phrase_count);
    if (v->rules && v->rule_count) {
        kaiji_buf_printf(b, "static title_rule %s_rules[] = {\n", name);
        for (size_t i = 0; i < v->rule_count; i++) {
            kaiji_buf_printf(b, "{0x%" PRIx64 "u, {", v->rules[i].mask);
            for (size_t k = 0; k < v->rules[i].kind_count; k++)
                kaiji_buf_printf(b, "(kaiji_kind)%d,", (int)v->rules[i].kinds[k]);
            kaiji_buf_printf(b, "}, %zu},\n", v->rules[i].kind_count);
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .rules = %s_rules,", name);
    }
    kaiji_buf_printf(&init, " .rule_count = %zu, .rule_cap = %zu,\n", v->rule_count,
                     v->rule_count);
    if (v->clues && v->clue_count) {
        kaiji_buf_printf(b, "static clue_entry %s_clues[] = {\n", name);
        for (size_t i = 0; i < v->clue_count; i++) {
            kaiji_buf_puts(b, "{");
            str(b, v->clues[i].key);
            kaiji_buf_printf(b, ", (kaiji_kind)%d, %d},\n", (int)v->clues[i].kind,
                             v->clues[i].word);
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .clues = %s_clues,", name);
    }
    kaiji_buf_printf(&init, " .clue_count = %zu, .clue_cap = %zu,\n", v->clue_count,
                     v->clue_count);
    vocab_strs(b, ref, sizeof ref, name, "ignore", v->ignore, v->ignore_count);
    kaiji_buf_printf(&init, " .ignore = %s, .ignore_count = %zu, .ignore_cap = %zu,\n", ref,
                     v->ignore_count, v->ignore_count);
    if (v->mds2_fields && v->mds2_field_count) {
        kaiji_buf_printf(b, "static mds2_field_entry %s_mds2_fields[] = {\n", name);
        for (size_t i = 0; i < v->mds2_field_count; i++) {
            kaiji_buf_puts(b, "{");
            str(b, v->mds2_fields[i].id);
            kaiji_buf_printf(b, ", (kaiji_field)%d},\n", (int)v->mds2_fields[i].field);
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .mds2_fields = %s_mds2_fields,", name);
    }
    kaiji_buf_printf(&init, " .mds2_field_count = %zu, .mds2_field_cap = %zu,\n",
                     v->mds2_field_count, v->mds2_field_count);
    if (v->editions && v->edition_count) {
        kaiji_buf_printf(b, "static edition_entry %s_editions[] = {\n", name);
        for (size_t i = 0; i < v->edition_count; i++) {
            kaiji_buf_puts(b, "{");
            str(b, v->editions[i].version);
            kaiji_buf_puts(b, ", ");
            str(b, v->editions[i].key);
            kaiji_buf_puts(b, "},\n");
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .editions = %s_editions,", name);
    }
    kaiji_buf_printf(&init, " .edition_count = %zu, .edition_cap = %zu,\n", v->edition_count,
                     v->edition_count);
    kaiji_buf_puts(&init, " .default_edition = ");
    str(&init, v->default_edition);
    vocab_strs(b, ref, sizeof ref, name, "default_sections", v->default_sections,
               v->default_section_count);
    kaiji_buf_printf(&init,
                     ", .default_sections = %s, .default_section_count = %zu,"
                     " .default_section_cap = %zu,\n",
                     ref, v->default_section_count, v->default_section_count);
    kaiji_buf_puts(&init, " .words = {");
    for (int w = 0; w < KAIJI_WORDS__COUNT; w++) {
        char suffix[32];
        snprintf(suffix, sizeof suffix, "words%d", w);
        vocab_strs(b, ref, sizeof ref, name, suffix, v->words[w], v->word_count[w]);
        kaiji_buf_printf(&init, "%s, ", ref);
    }
    kaiji_buf_puts(&init, "}, .word_count = {");
    for (int w = 0; w < KAIJI_WORDS__COUNT; w++)
        kaiji_buf_printf(&init, "%zu, ", v->word_count[w]);
    kaiji_buf_puts(&init, "}, .word_cap = {");
    for (int w = 0; w < KAIJI_WORDS__COUNT; w++)
        kaiji_buf_printf(&init, "%zu, ", v->word_count[w]);
    kaiji_buf_puts(&init, "},\n");
    vocab_strs(b, ref, sizeof ref, name, "line_columns", v->line_columns,
               v->line_column_count);
    kaiji_buf_printf(&init, " .line_columns = %s, .line_column_count = %zu,"
                            " .line_column_cap = %zu,\n",
                     ref, v->line_column_count, v->line_column_count);
    vocab_index(b, &init, name, "field_index", &v->field_index);
    vocab_index(b, &init, name, "column_index", &v->column_index);
    if (v->clue_labels && v->clue_label_count) {
        kaiji_buf_printf(b, "static clue_label %s_clue_labels[] = {\n", name);
        for (size_t i = 0; i < v->clue_label_count; i++) {
            kaiji_buf_puts(b, "{");
            str(b, v->clue_labels[i].key);
            kaiji_buf_printf(b, ", %uu},\n", v->clue_labels[i].kinds);
        }
        kaiji_buf_puts(b, "};\n");
        kaiji_buf_printf(&init, " .clue_labels = %s_clue_labels,", name);
    }
    kaiji_buf_printf(&init, " .clue_label_count = %zu,\n", v->clue_label_count);
    vocab_index(b, &init, name, "clue_label_index", &v->clue_label_index);
    if (v->clue_word_len && v->clue_count) {
        snprintf(ref, sizeof ref, "%s_clue_word_len", name);
        sizes(b, ref, v->clue_word_len, v->clue_count);
        kaiji_buf_printf(&init, " .clue_word_len = %s,", ref);
    }
    if (v->edition_len && v->edition_count) {
        snprintf(ref, sizeof ref, "%s_edition_len", name);
        sizes(b, ref, v->edition_len, v->edition_count);
        kaiji_buf_printf(&init, " .edition_len = %s,", ref);
    }
    kaiji_buf_puts(&init, "\n .phrase_len = {");
    for (size_t i = 0; i < v->phrase_count; i++)
        kaiji_buf_printf(&init, "%zu, ", v->phrase_len[i]);
    kaiji_buf_printf(&init, "}, .label_max = %zu};\n", v->label_max);
    size_t len = 0;
    char *text = kaiji_buf_detach(&init, &len);
    bool ok = text && kaiji_buf_append(b, text, len);
    free(text);
    return ok;
}

/* ---- the next steps ----------------------------------------------------- */

bool next_steps_dump_c(kaiji_buf *b, const char *json)
{
    cJSON *root = cJSON_Parse(json);
    const cJSON *entry, *by_kind;
    size_t n = 0;

    if (!root)
        return false;
    kaiji_buf_puts(b, "const kaiji_next_step kaiji_prebuilt_next_steps[] = {\n");
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(root, "steps")) {
        const cJSON *text = entry;
        const char *kind = NULL;
        /* The code's own texts, then each kind's. */
        by_kind = NULL;
        for (;;) {
            kaiji_buf_puts(b, "{");
            str(b, entry->string);
            kaiji_buf_puts(b, ", ");
            str(b, kind);
            kaiji_buf_puts(b, ", ");
            str(b, cJSON_GetObjectItemCaseSensitive(text, "ja")->valuestring);
            kaiji_buf_puts(b, ", ");
            str(b, cJSON_GetObjectItemCaseSensitive(text, "en")->valuestring);
            kaiji_buf_puts(b, "},\n");
            n++;
            by_kind = by_kind ? by_kind->next : entry->child;
            while (by_kind && !cJSON_IsObject(by_kind))
                by_kind = by_kind->next;
            if (!by_kind)
                break;
            text = by_kind;
            kind = by_kind->string;
        }
    }
    kaiji_buf_printf(b, "};\nconst size_t kaiji_prebuilt_next_step_count = %zu;\n", n);
    cJSON_Delete(root);
    return true;
}
