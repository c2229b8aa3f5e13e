/*
 * tests/test_catalog.c - the catalogs: what the built-in files say, picking
 * the current checklist edition, overriding with a directory, malformed
 * files, the label vocabulary, and importing a blank template.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kaiji.h"
#include "model/model.h"
#include "support/support.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "catalog/prebuilt.h"
#include "formats/embedded.h"
#include "tools/catalog_dump.h"

static kaiji_catalogs *load(const char *dir)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, dir, &err);
    cr_assert_eq(rc, KAIJI_OK, "catalogs: %s", err ? err : kaiji_strerror(rc));
    return cats;
}

/* Loads dir and expects KAIJI_ERROR_CATALOG; returns the message. */
static char *load_fails(const char *dir)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, dir, &err);
    cr_assert_eq(rc, KAIJI_ERROR_CATALOG, "rc %d", rc);
    cr_assert_null(cats);
    cr_assert_not_null(err);
    return err;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    t_spit(path, text, strlen(text));
}

/* A fresh folder holding one file, name, with text; the caller frees the
 * returned path. */
static char *make_catalog_dir(const char *name, const char *text)
{
    char *dir = strdup(t_tmpdir());
    cr_assert_not_null(dir);
    write_file(dir, name, text);
    return dir;
}

static kaiji_date date_of(const char *s)
{
    kaiji_date d;
    cr_assert(kaiji_text_parse_date(s, &d));
    return d;
}

static const kaiji_cat_item *form_item(const kaiji_cat_form *f, const char *id)
{
    char *key = kaiji_text_id_key(id);
    const kaiji_cat_item *found = NULL;
    for (size_t i = 0; i < f->item_count && !found; i++)
        if (strcmp(f->items[i].id_key, key) == 0)
            found = &f->items[i];
    free(key);
    return found;
}

Test(catalog, builtins_load_with_ids_origins_and_certainty)
{
    kaiji_catalogs *cats = load(NULL);
    static const char *const ids[] = {
        "mhlw-checklist-r5", "mhlw-checklist-r6", "mhlw-checklist-r7", "mds2-hn1-2019",
        "mds2-hn1-2013", "mds2-hn1-2008", "jahis-mdssds-versions",
    };
    cr_assert_geq(kaiji_catalogs_count(cats), 7);
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        const kaiji_catalog *c = kaiji_catalogs_find(cats, ids[i]);
        cr_assert_not_null(c, "%s missing", ids[i]);
        cr_assert_str_eq(kaiji_catalog_id(c), ids[i]);
        cr_assert_str_eq(kaiji_catalog_origin(c), "builtin");
        cr_assert(strlen(kaiji_catalog_title(c)) > 0);
        cr_assert(strstr(kaiji_catalog_json(c), ids[i]));
        const char *cert = kaiji_catalog_certainty(c);
        cr_assert(!strcmp(cert, "V") || !strcmp(cert, "2") || !strcmp(cert, "I"), "%s", cert);
    }
    cr_assert_str_eq(kaiji_catalog_certainty(kaiji_catalogs_find(cats, "mhlw-checklist-r7")), "I");
    cr_assert_null(kaiji_catalogs_find(cats, "nothing"));
    cr_assert_null(kaiji_catalogs_get(cats, kaiji_catalogs_count(cats)));
    cr_assert_not_null(kaiji_catalogs_vocab(cats));
    kaiji_catalogs_free(cats);
    kaiji_catalogs_free(NULL);
}

Test(catalog, checklist_editions_have_their_fiscal_years)
{
    kaiji_catalogs *cats = load(NULL);
    static const struct { const char *ed; int fy; } eds[] = {{"R5", 2023}, {"R6", 2024}, {"R7", 2025}};
    for (size_t i = 0; i < 3; i++) {
        const kaiji_catalog *c = kaiji_catalogs_edition(cats, eds[i].ed);
        cr_assert_not_null(c);
        cr_assert_eq(c->fiscal_year, eds[i].fy);
        cr_assert_str_eq(c->guideline, "6.0");
        cr_assert_eq(c->form_count, 2);
    }
    cr_assert_not_null(kaiji_catalogs_edition(cats, "r6"));
    kaiji_catalogs_free(cats);
}

Test(catalog, vendor_sheet_holds_sections_1_2_and_3_1_only)
{
    kaiji_catalogs *cats = load(NULL);
    const char *eds[] = {"R5", "R6"};
    for (size_t e = 0; e < 2; e++) {
        const kaiji_cat_form *v = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, eds[e]);
        const kaiji_cat_form *h = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, eds[e]);
        cr_assert_not_null(v);
        cr_assert_not_null(h);
        cr_assert(v->complete);
        cr_assert_null(form_item(v, "0"));
        cr_assert_not_null(form_item(v, "3(1)"));
        cr_assert_null(form_item(v, "3(2)"));
        cr_assert_not_null(form_item(v, "1(1)"));
        cr_assert_not_null(form_item(v, "2(8)"));
    }
    const kaiji_cat_form *h6 = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R6");
    cr_assert_not_null(form_item(h6, "0"));
    cr_assert_not_null(form_item(h6, "3(3)"));
    const kaiji_cat_form *h5 = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R5");
    cr_assert_null(form_item(h5, "0"), "item 0 is R6+");
    kaiji_catalogs_free(cats);
}

Test(catalog, checklist_items_carry_targets_years_and_wording)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_cat_form *h6 = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R6");
    const kaiji_cat_item *i27 = form_item(h6, "2(7)");
    cr_assert_eq(i27->target_count, 3);
    const kaiji_cat_item *i24 = form_item(h6, "2(4)");
    cr_assert_eq(i24->target_count, 2);
    cr_assert_str_eq(i24->targets[1], "端末PC");
    cr_assert_str_eq(form_item(h6, "2(9)")->year, "R6");
    cr_assert_str_eq(form_item(h6, "2(6)")->text, "アクセスログを管理している。");
    cr_assert_eq(form_item(h6, "2(6)")->certainty, KAIJI_CERTAINTY_V);

    const kaiji_cat_form *h5 = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R5");
    cr_assert_eq(form_item(h5, "2(4)")->target_count, 1, "端末PC joins 2(4) in R6");
    cr_assert_not(form_item(h5, "2(9)")->required, "2(9) is a 参考項目 in R5");

    const kaiji_cat_form *v6 = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6");
    cr_assert_eq(form_item(v6, "1(1)")->text_certainty, KAIJI_CERTAINTY_I);
    cr_assert(strstr(form_item(v6, "2(3)")->text, "提出した"));
    kaiji_catalogs_free(cats);
}

Test(catalog, r7_keeps_unknown_wording_null_and_circled_ids)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_cat_form *v7 = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R7");
    cr_assert_not(v7->complete);
    const kaiji_cat_item *usb = form_item(v7, "2(9)");
    cr_assert_not_null(usb, "2⑨ and 2(9) share a key");
    cr_assert_str_eq(usb->id, "2⑨");
    cr_assert_null(usb->text);
    cr_assert_str_eq(usb->year, "R7");
    const kaiji_cat_item *pw = form_item(v7, "2⑦");
    cr_assert(strstr(pw->text, "8文字以上"));
    cr_assert_eq(pw->certainty, KAIJI_CERTAINTY_V);
    cr_assert_not(pw->targets_known);
    cr_assert_eq(form_item(v7, "2①")->certainty, KAIJI_CERTAINTY_I);
    kaiji_catalogs_free(cats);
}

Test(catalog, current_edition_is_the_newest_published_by_the_date)
{
    kaiji_catalogs *cats = load(NULL);
    /* R5 published 2023-06 (read as 2023-06-30), R6 2024-05 (2024-05-31),
     * R7 2025-05-16, R8 2026-06-29: an edition is current from its
     * publication, not from the start of its fiscal year. */
    static const struct { const char *as_of, *edition; } cases[] = {
        {"2020-01-01", NULL}, {"2023-06-29", NULL}, {"2023-06-30", "R5"},
        {"2024-04-01", "R5"}, {"2024-05-30", "R5"}, {"2024-05-31", "R6"},
        {"2025-04-01", "R6"}, {"2025-05-15", "R6"}, {"2025-05-16", "R7"},
        {"2026-04-01", "R7"}, {"2026-05-01", "R7"}, {"2026-06-28", "R7"},
        {"2026-06-29", "R8"}, {"2026-12-01", "R8"}, {"2031-01-01", "R8"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const kaiji_catalog *c = kaiji_catalogs_current_edition(cats, date_of(cases[i].as_of));
        if (!cases[i].edition)
            cr_assert_null(c, "%s", cases[i].as_of);
        else
            cr_assert_str_eq(c ? c->edition : "(none)", cases[i].edition, "%s", cases[i].as_of);
    }
    kaiji_catalogs_free(cats);
}

Test(catalog, r8_is_fiscal_2026_published_on_the_day_of_guideline_7)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_catalog *r8 = kaiji_catalogs_edition(cats, "R8");
    cr_assert_not_null(r8);
    cr_assert_str_eq(r8->edition, "R8");
    cr_assert_eq(r8->fiscal_year, 2026);
    cr_assert_str_eq(r8->guideline, "7.0");
    cr_assert_eq(r8->published.certainty, KAIJI_CERTAINTY_2);
    cr_assert_eq(kaiji_date_compare(r8->published.on, date_of("2026-06-29")), 0);
    const kaiji_cat_form *v = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R8");
    cr_assert_not_null(v);
    cr_assert_eq(v->item_count, 0, "R8's items are not known: nothing is invented");
    cr_assert_not_null(kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R8"));
    kaiji_catalogs_free(cats);
}

Test(catalog, r7_has_thirteen_items_in_section_2)
{
    kaiji_catalogs *cats = load(NULL);
    for (int k = 0; k < 2; k++) {
        const kaiji_cat_form *f = kaiji_catalogs_form(
            cats, k ? KAIJI_KIND_HOSPITAL_CHECKLIST : KAIJI_KIND_VENDOR_CHECKLIST, "R7");
        size_t in2 = 0;
        for (size_t i = 0; i < f->item_count; i++)
            in2 += strcmp(f->items[i].section, "2") == 0;
        cr_assert_eq(in2, 13, "%s", f->title);
        const kaiji_cat_item *bg = form_item(f, "2⑫");
        cr_assert_str_eq(bg->scope, "サーバ、端末PC");
        cr_assert_eq(bg->certainty, KAIJI_CERTAINTY_V);
        cr_assert_str_eq(form_item(f, "2⑬")->text, "接続元制限を実施している。");
        cr_assert_null(form_item(f, "2⑩")->text, "order of 2⑩/2⑪ unknown: no wording");
        cr_assert(strstr(form_item(f, "2②")->text, "事業者に確認した"));
    }
    kaiji_catalogs_free(cats);
}

Test(catalog, r6_ledger_item_takes_one_answer)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_cat_form *f = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6");
    const kaiji_cat_item *ledger = form_item(f, "2(1)");
    cr_assert(ledger->targets_known);
    cr_assert_eq(ledger->target_count, 0);
    kaiji_catalogs_free(cats);
}

Test(catalog, guideline_editions_are_dated)
{
    kaiji_catalogs *cats = load(NULL);
    static const struct { const char *as_of, *edition; } cases[] = {
        {"2022-03-30", "5.1"}, {"2022-03-31", "5.2"}, {"2023-05-30", "5.2"},
        {"2023-05-31", "6.0"}, {"2026-06-28", "6.0"}, {"2026-06-29", "7.0"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const kaiji_cat_guideline *g = kaiji_catalogs_guideline_at(cats, date_of(cases[i].as_of));
        cr_assert_str_eq(g ? g->edition : "(none)", cases[i].edition, "%s", cases[i].as_of);
    }
    cr_assert_eq(kaiji_catalogs_guideline(cats, "第7.0版")->published.certainty, KAIJI_CERTAINTY_2);
    cr_assert(kaiji_catalogs_knows_guideline(cats, "7"));
    cr_assert_not(kaiji_catalogs_knows_guideline(cats, "8.0"));
    kaiji_date since;
    cr_assert_null(kaiji_catalogs_newer_guideline(cats, "6.0", date_of("2026-06-28"), &since));
    cr_assert_str_eq(kaiji_catalogs_newer_guideline(cats, "6.0", date_of("2026-06-29"), &since),
                     "7.0");
    cr_assert_eq(kaiji_date_compare(since, date_of("2026-06-29")), 0);
    cr_assert_null(kaiji_catalogs_newer_guideline(cats, "7.0", date_of("2026-12-01"), NULL));
    kaiji_catalogs_free(cats);
}

Test(catalog, newest_form_version_is_the_newest_published_by_the_date)
{
    kaiji_catalogs *cats = load(NULL);
    static const struct { const char *as_of, *mds, *sds; } cases[] = {
        {"2019-12-31", "3.0a", NULL}, {"2020-12-31", "4.0", "4.0"},
        {"2021-12-31", "4.1", "4.1"}, {"2024-09-29", "4.1", "4.1"},
        {"2024-09-30", "5.0", "5.0"}, {"2026-12-01", "5.0", "5.0"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const kaiji_cat_version *m =
            kaiji_catalogs_newest_mds_version(cats, KAIJI_KIND_MDS, date_of(cases[i].as_of));
        const kaiji_cat_version *s =
            kaiji_catalogs_newest_mds_version(cats, KAIJI_KIND_SDS, date_of(cases[i].as_of));
        cr_assert_str_eq(m ? m->version : "(none)", cases[i].mds, "%s", cases[i].as_of);
        cr_assert_str_eq(s ? s->version : "(none)", cases[i].sds ? cases[i].sds : "(none)", "%s",
                         cases[i].as_of);
    }
    kaiji_catalogs_free(cats);
}

Test(catalog, a_new_jahis_form_is_one_row_of_data)
{
    const char *six =
        "{\"id\": \"jahis-ver6\", \"type\": \"mds-sds-versions\", \"title\": \"Ver.6\","
        " \"source\": \"test\", \"certainty\": \"I\", \"versions\": [{\"version\": \"6.0\","
        " \"aliases\": [\"Ver.6.0\"], \"guideline\": \"7.0\", \"kinds\": [\"mds\", \"sds\"],"
        " \"published_on\": \"2027-04-01\"}]}";
    char *dir = make_catalog_dir("jahis-ver6.json", six);
    kaiji_catalogs *cats = load(dir);
    cr_assert_str_eq(kaiji_catalogs_newest_mds_version(cats, KAIJI_KIND_MDS,
                                                       date_of("2027-03-31"))->version, "5.0");
    cr_assert_str_eq(kaiji_catalogs_newest_mds_version(cats, KAIJI_KIND_SDS,
                                                       date_of("2027-04-01"))->version, "6.0");
    kaiji_catalogs_free(cats);
    free(dir);
}

Test(catalog, publication_dates_must_be_dates)
{
    static const char *const bad[] = {"2024-13", "24-05", "2024-02-30", "令和6年", "2024/05"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"id\": \"x\", \"type\": \"mhlw-checklist\", \"title\": \"x\", \"source\": \"x\","
                 " \"certainty\": \"I\", \"edition\": \"R9\", \"fiscal_year\": 2027,"
                 " \"guideline\": \"7.0\", \"published_on\": \"%s\", \"forms\": []}", bad[i]);
        kaiji_catalog *cat = NULL;
        char *err = NULL;
        cr_assert_eq(kaiji_catalog_parse(&cat, json, "test", "x.json", &err), KAIJI_ERROR_CATALOG,
                     "%s", bad[i]);
        cr_assert(strstr(err, "published_on"), "%s", err);
        free(err);
    }
}

Test(catalog, the_annex_ships_empty_and_a_profile_fills_it)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_catalog *ax = kaiji_catalogs_annex(cats, "7.0");
    cr_assert_not_null(ax);
    cr_assert_eq(ax->annex_mds_count + ax->annex_sds_count, 0);
    cr_assert_null(kaiji_catalogs_annex(cats, "6.0"));
    char *dir = make_catalog_dir("annex.json",
        "{\"id\": \"my-annex\", \"type\": \"annex\", \"title\": \"ours\", \"source\": \"hospital\","
        " \"certainty\": \"2\", \"guideline\": \"7.0\", \"items\": {\"mds\": [\"１－２\", \"2-3\"],"
        " \"sds\": [\"S1-1\"]}}");
    char path[4096], *err = NULL;
    snprintf(path, sizeof path, "%s/annex.json", dir);
    cr_assert_eq(kaiji_catalogs_add_file(cats, path, &err), KAIJI_OK, "%s", err ? err : "");
    ax = kaiji_catalogs_annex(cats, "7.0");
    cr_assert_str_eq(ax->id, "my-annex");
    cr_assert_eq(ax->annex_mds_count, 2);
    char *key = kaiji_text_id_key("1-2");
    cr_assert_str_eq(ax->annex_mds[0], key);
    free(key);
    kaiji_catalogs_free(cats);
    free(dir);
}

Test(catalog, mds2_2019_has_23_sections_and_15_doc_questions)
{
    kaiji_catalogs *cats = load(NULL);
    const kaiji_catalog *c = kaiji_catalogs_mds2(cats, NULL);
    cr_assert_not_null(c);
    cr_assert_str_eq(c->edition, "HN 1-2019");
    cr_assert(c->current);
    const kaiji_cat_form *f = &c->forms[0];
    cr_assert_eq(f->section_count, 23);
    int total = 0;
    for (size_t s = 0; s < f->section_count; s++)
        if (f->sections[s].count > 0)
            total += f->sections[s].count;
    cr_assert_eq(total, 225);
    cr_assert_str_eq(f->sections[0].code, "MPII");
    cr_assert_eq(f->sections[0].count, 22);
    cr_assert(f->sections[22].free_text);
    cr_assert_eq(f->header_count, 15);
    cr_assert_str_eq(f->header[0].id, "DOC-1");
    cr_assert_str_eq(f->header[0].name, "Manufacturer Name");
    cr_assert_eq(f->header[6].field, KAIJI_FIELD_DOCUMENT_DATE);
    cr_assert_eq(f->alias_count, 1);
    char *shad = kaiji_text_id_key("SHAD-15"), *sahd = kaiji_text_id_key("SAHD-15");
    cr_assert_str_eq(f->aliases[0].from_key, shad);
    cr_assert_str_eq(f->aliases[0].to_key, sahd);
    free(shad);
    free(sahd);

    const kaiji_catalog *old = kaiji_catalogs_mds2(cats, "HN1-2013");
    cr_assert_not_null(old);
    cr_assert_not(old->current);
    cr_assert_not_null(kaiji_catalogs_mds2(cats, "HN 1-2008"));
    cr_assert_eq(kaiji_catalogs_form(cats, KAIJI_KIND_MDS2, "HN 1-2019"), f);
    kaiji_catalogs_free(cats);
}

Test(catalog, jahis_version_table_maps_versions_to_guidelines)
{
    kaiji_catalogs *cats = load(NULL);
    static const struct { const char *asked, *version, *guideline; bool sds; } cases[] = {
        {"5.0", "5.0", "6.0", true}, {"4.1", "4.1", "5.2", true},
        {"4.0", "4.0", "5.1", true}, {"3.0a", "3.0a", "5", false},
        {"Ver.3.0", "3.0a", "5", false}, {"JAHIS 13-003", "1st", "4", false},
        {"JIRA 1st", "1st", "4", false}, {"14-008", "2.0", "4", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const kaiji_cat_version *r = kaiji_catalogs_mds_version(cats, cases[i].asked);
        cr_assert_not_null(r, "%s", cases[i].asked);
        cr_assert_str_eq(r->version, cases[i].version);
        cr_assert_str_eq(r->guideline, cases[i].guideline);
        cr_assert_eq(r->sds, cases[i].sds, "%s", cases[i].asked);
        cr_assert(r->mds);
    }
    cr_assert_null(kaiji_catalogs_mds_version(cats, "9.9"));
    cr_assert_str_eq(kaiji_catalogs_mds_version(cats, "4.1")->guideline_text, "5.2");
    cr_assert_eq(kaiji_catalogs_mds_version(cats, "4.1")->guideline_certainty, KAIJI_CERTAINTY_2);
    cr_assert_str_eq(kaiji_catalogs_newest_mds_version(cats, KAIJI_KIND_SDS,
                                                       date_of("2026-12-01"))->version, "5.0");
    kaiji_catalogs_free(cats);
}

Test(catalog, guideline_editions_compare_by_number)
{
    cr_assert_lt(kaiji_guideline_compare("5.2", "6.0"), 0);
    cr_assert_eq(kaiji_guideline_compare("6", "6.0"), 0);
    cr_assert_gt(kaiji_guideline_compare("7.0", "6.0"), 0);
    cr_assert_lt(kaiji_guideline_compare("4.x", "5"), 0);
    cr_assert_gt(kaiji_guideline_compare("5.10", "5.2"), 0);
}

static const char *const small_r6 =
    "{\"id\": \"mhlw-checklist-r6\", \"type\": \"mhlw-checklist\", \"title\": \"R6 (local copy)\","
    " \"source\": \"hospital\", \"certainty\": \"V\", \"edition\": \"R6\", \"fiscal_year\": 2024,"
    " \"guideline\": \"6.0\", \"forms\": [{\"kind\": \"vendor-checklist\", \"complete\": true,"
    " \"items\": [{\"id\": \"1(1)\", \"section\": \"1\", \"text\": null, \"targets\": []}]}]}";

Test(catalog, directory_file_replaces_builtin_of_the_same_name)
{
    const char *dir = t_tmpdir();
    write_file(dir, "mhlw-checklist-r6.json", small_r6);
    kaiji_catalogs *base = load(NULL);
    kaiji_catalogs *cats = load(dir);
    cr_assert_eq(kaiji_catalogs_count(cats), kaiji_catalogs_count(base));
    const kaiji_catalog *c = kaiji_catalogs_find(cats, "mhlw-checklist-r6");
    cr_assert_str_eq(kaiji_catalog_title(c), "R6 (local copy)");
    cr_assert(strstr(kaiji_catalog_origin(c), dir));
    const kaiji_cat_form *f = kaiji_catalogs_form(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6");
    cr_assert_eq(f->item_count, 1);
    cr_assert_null(kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, "R6"));
    kaiji_catalogs_free(cats);
    kaiji_catalogs_free(base);
}

Test(catalog, directory_file_of_a_new_name_is_added)
{
    const char *dir = t_tmpdir();
    const char *r9 =
        "{\"id\": \"mhlw-checklist-r9\", \"type\": \"mhlw-checklist\", \"title\": \"R9\","
        " \"source\": \"user\", \"certainty\": \"2\", \"edition\": \"R9\", \"fiscal_year\": 2027,"
        " \"effective\": {\"from\": \"2027-04-01\", \"to\": \"2028-03-31\"},"
        " \"published_on\": \"2027-06-01\", \"guideline\": \"7.0\", \"forms\": []}";
    write_file(dir, "mhlw-checklist-r9.json", r9);
    write_file(dir, "notes.txt", "not a catalog");
    kaiji_catalogs *base = load(NULL);
    kaiji_catalogs *cats = load(dir);
    cr_assert_eq(kaiji_catalogs_count(cats), kaiji_catalogs_count(base) + 1);
    const kaiji_catalog *cur = kaiji_catalogs_current_edition(cats, date_of("2027-05-31"));
    cr_assert_str_eq(cur->edition, "R8");
    cur = kaiji_catalogs_current_edition(cats, date_of("2027-06-01"));
    cr_assert_str_eq(cur->edition, "R9");
    kaiji_catalogs_free(cats);
    kaiji_catalogs_free(base);
}

typedef struct bad_case {
    const char *text;
    const char *reason; /* a piece of the message */
} bad_case;

Test(catalog, malformed_files_are_refused_with_file_and_reason)
{
    static const bad_case cases[] = {
        {"{ not json", "not valid JSON"},
        {"[1, 2]", "JSON object"},
        {"{\"type\": \"mds2\", \"title\": \"t\", \"source\": \"s\", \"certainty\": \"V\"}", "\"id\""},
        {"{\"id\": \"x\", \"type\": \"mds3\", \"title\": \"t\", \"source\": \"s\", \"certainty\": \"V\"}",
         "type"},
        {"{\"id\": \"x\", \"type\": \"mds2\", \"title\": \"t\", \"source\": \"s\", \"certainty\": \"maybe\"}",
         "certainty"},
        {"{\"id\": \"x\", \"type\": \"mhlw-checklist\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"V\", \"edition\": \"R9\", \"guideline\": \"6.0\"}", "fiscal_year"},
        {"{\"id\": \"x\", \"type\": \"mhlw-checklist\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"V\", \"edition\": \"R9\", \"guideline\": \"6.0\", \"fiscal_year\": 2027,"
         " \"effective\": {\"from\": \"2027-01-01\", \"to\": \"2027-12-31\"}, \"forms\": []}",
         "effective"},
        {"{\"id\": \"x\", \"type\": \"template\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"template\", \"forms\": [{\"kind\": \"mds\", \"form_version\": \"5.0\","
         " \"items\": [{\"id\": \"1\", \"targets\": \"サーバ\"}]}]}", "targets"},
        {"{\"id\": \"x\", \"type\": \"template\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"template\", \"forms\": [{\"kind\": \"mds\", \"form_version\": \"5.0\","
         " \"items\": [{\"id\": \"1-1\"}, {\"id\": \"１－１\"}]}]}", "twice"},
        {"{\"id\": \"x\", \"type\": \"template\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"template\", \"forms\": [{\"kind\": \"fax\", \"form_version\": \"5.0\"}]}",
         "kind"},
        {"{\"id\": \"x\", \"type\": \"template\", \"title\": \"t\", \"source\": \"s\","
         " \"certainty\": \"template\", \"forms\": [{\"kind\": \"mds\"}]}", "form_version"},
        {"{\"id\": \"jahis-mdssds-versions\", \"type\": \"mds-sds-versions\", \"title\": \"t\","
         " \"source\": \"s\", \"certainty\": \"V\", \"versions\": [{\"version\": \"6.0\"}]}",
         "guideline"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *dir = t_tmpdir();
        write_file(dir, "bad.json", cases[i].text);
        char *err = load_fails(dir);
        cr_assert(strstr(err, "bad.json"), "case %zu: %s", i, err);
        cr_assert(strstr(err, cases[i].reason), "case %zu: %s", i, err);
        free(err);
    }
}

Test(catalog, two_files_with_one_id_are_refused)
{
    const char *dir = t_tmpdir();
    char *copy = strdup(small_r6);
    write_file(dir, "my-r6.json", copy);
    free(copy);
    char *err = load_fails(dir);
    cr_assert(strstr(err, "mhlw-checklist-r6"), "%s", err);
    free(err);
}

Test(catalog, missing_directory_is_a_catalog_error)
{
    char *err = load_fails("/nonexistent/kaiji-catalogs");
    cr_assert(strstr(err, "/nonexistent/kaiji-catalogs"), "%s", err);
    free(err);
}

Test(catalog, malformed_labels_json_in_the_directory_is_refused)
{
    const char *dir = t_tmpdir();
    write_file(dir, "labels.json", "{ broken");
    char *err = load_fails(dir);
    cr_assert(strstr(err, "labels.json"), "%s", err);
    free(err);
}

Test(catalog, labels_json_in_the_directory_replaces_the_vocabulary)
{
    const char *dir = t_tmpdir();
    size_t len;
    char *builtin = t_slurp(t_src("formats/vocab/labels.json"), &len);
    write_file(dir, "labels.json", builtin);
    free(builtin);
    kaiji_catalogs *base = load(NULL);
    kaiji_catalogs *cats = load(dir);
    cr_assert_not_null(kaiji_catalogs_vocab(cats));
    cr_assert_eq(kaiji_catalogs_count(cats), kaiji_catalogs_count(base),
                 "labels.json is not a catalog");
    kaiji_catalogs_free(cats);
    kaiji_catalogs_free(base);
}

/* ---- import ----------------------------------------------------------- */

/* A blank SDS Ver.5.0 template as a reader would give it. */
static kaiji_document *blank_template(const char *path)
{
    kaiji_document *doc = kaiji_document_new(path);
    doc->kind = KAIJI_KIND_SDS;
    doc->form_version = "5.0";
    strcpy(doc->sha256, "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12");
    static const char *const rows[][3] = {
        {"1-1", "1", "サービスの管理責任者を定めている。"},
        {"1-2", "1", "委託先を管理している。"},
        {"1-2", "1", "委託先を管理している。"}, /* a repeated row is kept once */
        {"", "", "注記"},                       /* no ID: not an item */
        {"2-1", "2", ""},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kaiji_item *it = kaiji_document_add_item(doc);
        it->id = rows[i][0];
        it->section = rows[i][1];
        it->question = rows[i][2];
    }
    return doc;
}

Test(catalog, template_becomes_a_catalog_of_the_builtin_layout)
{
    kaiji_document *doc = blank_template("/data/SDS_Ver5.0_blank.xlsx");
    char *json = NULL;
    cr_assert_eq(kaiji_catalog_from_document(&json, doc, NULL), KAIJI_OK);
    kaiji_catalog *cat = NULL;
    char *err = NULL;
    cr_assert_eq(kaiji_catalog_parse(&cat, json, "x", "x.json", &err), KAIJI_OK, "%s\n%s",
                 err ? err : "", json);
    cr_assert_str_eq(cat->id, "template-sds-5.0");
    cr_assert_str_eq(cat->certainty_text, "template");
    cr_assert(strstr(cat->source, "ab12ab12"));
    cr_assert(strstr(cat->title, "SDS_Ver5.0_blank.xlsx"));
    cr_assert_eq(cat->type, KAIJI_CATALOG_TEMPLATE);
    cr_assert_eq(cat->form_count, 1);
    const kaiji_cat_form *f = &cat->forms[0];
    cr_assert_eq(f->kind, KAIJI_KIND_SDS);
    cr_assert_str_eq(f->form_version, "5.0");
    cr_assert(f->complete);
    cr_assert_eq(f->item_count, 3);
    cr_assert_str_eq(f->items[0].text, "サービスの管理責任者を定めている。");
    cr_assert_null(f->items[2].text, "a blank question gives null, never invented text");
    cr_assert_eq(f->items[1].certainty, KAIJI_CERTAINTY_TEMPLATE);
    kaiji_catalog_free(cat);
    free(json);

    cr_assert_eq(kaiji_catalog_from_document(&json, doc, "my-sds"), KAIJI_OK);
    cr_assert(strstr(json, "\"my-sds\""));
    free(json);
    kaiji_document_free(doc);
}

Test(catalog, document_without_kind_or_items_is_no_template)
{
    char *json = NULL;
    kaiji_document *doc = kaiji_document_new("x.xlsx");
    cr_assert_eq(kaiji_catalog_from_document(&json, doc, NULL), KAIJI_ERROR_UNREADABLE);
    doc->kind = KAIJI_KIND_MDS;
    doc->form_version = "5.0";
    cr_assert_eq(kaiji_catalog_from_document(&json, doc, NULL), KAIJI_ERROR_UNREADABLE);
    cr_assert_null(json);
    kaiji_document_free(doc);
}

Test(catalog, import_reads_the_template_file)
{
    /* The template on disk in kaiji's exchange format, read back by the
     * JSON reader, then imported. */
    kaiji_document *doc = blank_template("SDS_template.json");
    char *exported = NULL;
    cr_assert_eq(kaiji_export_json(&exported, doc), KAIJI_OK);
    kaiji_document_free(doc);
    const char *dir = t_tmpdir();
    char path[4200];
    snprintf(path, sizeof(path), "%s/SDS_template.json", dir);
    t_spit(path, exported, strlen(exported));
    free(exported);

    char *json = NULL;
    int rc = kaiji_catalog_import(&json, path, NULL);
    cr_assert_eq(rc, KAIJI_OK, "%s", kaiji_strerror(rc));
    cr_assert(strstr(json, "\"template-sds-5.0\""), "%s", json);
    cr_assert(strstr(json, "委託先を管理している。"), "%s", json);
    cr_assert(strstr(json, "\"sha256:"), "%s", json);
    cr_assert_null(strstr(json, "sha256:ab12"), "the sha256 is the file's own");
    free(json);

    rc = kaiji_catalog_import(&json, "/nonexistent/template.xlsx", NULL);
    cr_assert_neq(rc, KAIJI_OK);
    cr_assert_null(json);
}

/* ---- next steps (formats/vocab/next-steps.json) ----------------------- */

Test(catalog, every_finding_code_has_a_next_step_in_japanese_and_english)
{
    kaiji_catalogs *cats = load(NULL);
    for (const char *const *code = kaiji_finding_codes(); *code; code++) {
        const char *ja = kaiji_catalogs_next_step(cats, *code, KAIJI_KIND_UNKNOWN, "ja");
        const char *en = kaiji_catalogs_next_step(cats, *code, KAIJI_KIND_UNKNOWN, "en");
        cr_expect(ja && *ja, "%s has no next step in Japanese", *code);
        cr_expect(en && *en, "%s has no next step in English", *code);
        cr_expect(ja && en && strcmp(ja, en) != 0, "%s: the same text in both", *code);
    }
    cr_expect_null(kaiji_catalogs_next_step(cats, "no-such-code", KAIJI_KIND_MDS, "ja"));
    kaiji_catalogs_free(cats);
}

Test(catalog, every_finding_code_of_the_reference_is_one_the_validator_knows)
{
    size_t n = 0;
    char *doc = t_slurp(t_src("docs/reference.md"), &n);
    cr_assert_not_null(doc);
    const char *table = strstr(doc, "### Finding codes");
    cr_assert_not_null(table);
    table = strstr(table, "\n|");
    cr_assert_not_null(table);
    char *table_end = strstr(table, "\n\n");
    if (table_end)
        *table_end = '\0'; /* the table ends at the first blank line */
    size_t listed = 0;
    for (const char *p = table; (p = strstr(p, "\n| `")) != NULL;) {
        p += 4;
        const char *end = strchr(p, '`');
        bool known = false;
        for (const char *const *code = kaiji_finding_codes(); *code; code++)
            known |= strlen(*code) == (size_t)(end - p) && strncmp(*code, p, (size_t)(end - p)) == 0;
        cr_expect(known, "%.*s is in docs/reference.md but not in kaiji_finding_codes()",
                  (int)(end - p), p);
        listed++;
    }
    size_t codes = 0;
    for (const char *const *code = kaiji_finding_codes(); *code; code++)
        codes++;
    cr_expect_eq(listed, codes, "docs/reference.md lists %zu codes, the validator %zu", listed,
                 codes);
    free(doc);
}

Test(catalog, the_hospital_fills_its_own_checklist_so_its_next_step_is_its_own)
{
    kaiji_catalogs *cats = load(NULL);
    const char *vendor = kaiji_catalogs_next_step(cats, "missing-answer",
                                                  KAIJI_KIND_VENDOR_CHECKLIST, "ja");
    const char *own = kaiji_catalogs_next_step(cats, "missing-answer",
                                               KAIJI_KIND_HOSPITAL_CHECKLIST, "ja");
    cr_expect(strstr(vendor, "事業者"), "%s", vendor);
    cr_expect_null(strstr(own, "事業者"), "%s", own);
    kaiji_catalogs_free(cats);
}

Test(catalog, a_next_steps_file_in_the_catalog_folder_replaces_steps_code_by_code)
{
    char *dir = make_catalog_dir("next-steps.json",
                                 "{\"format\":\"kaiji-next-steps\",\"version\":1,\"steps\":{"
                                 "\"missing-answer\":{\"ja\":\"担当の田中さんに電話\","
                                 "\"en\":\"Call Tanaka\"}}}");
    kaiji_catalogs *cats = load(dir);
    cr_expect_str_eq(kaiji_catalogs_next_step(cats, "missing-answer", KAIJI_KIND_MDS, "ja"),
                     "担当の田中さんに電話");
    cr_expect_str_eq(kaiji_catalogs_next_step(cats, "missing-answer", KAIJI_KIND_MDS, "en"),
                     "Call Tanaka");
    cr_expect_str_eq(kaiji_catalogs_next_step(cats, "file-corrupt", KAIJI_KIND_MDS, "ja"),
                     "事業者にファイルの再送を依頼してください");
    kaiji_catalogs_free(cats);
    write_file(dir, "next-steps.json",
               "{\"format\":\"kaiji-next-steps\",\"steps\":{\"missing-answer\":{\"ja\":\"x\"}}}");
    char *err = load_fails(dir);
    cr_expect(strstr(err, "next-steps.json"), "%s", err);
    free(err);
    free(dir);
}

Test(catalog, an_items_question_comes_from_the_catalog_of_its_form)
{
    kaiji_catalogs *cats = load(NULL);
    const char *q = kaiji_catalogs_item_question(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2(6)");
    cr_assert_not_null(q);
    cr_expect_str_eq(q, "アクセスログを管理している。");
    cr_expect_null(kaiji_catalogs_item_question(cats, KAIJI_KIND_VENDOR_CHECKLIST, "R6", "9(9)"));
    cr_expect_null(kaiji_catalogs_item_question(cats, KAIJI_KIND_MDS, "", "1"));
    kaiji_catalogs_free(cats);
}

Test(catalog, a_question_is_shortened_to_its_columns_with_an_ellipsis)
{
    static const struct { const char *in; size_t cols; const char *out; } cases[] = {
        {"アクセスログを管理している。", 30, "アクセスログを管理している。"},
        {"アクセスログを管理している。", 10, "アクセス…"},
        {"Is the device hardened?", 12, "Is the dev…"},
        {"a\n  b\t c", 30, "a b c"},
        {"", 10, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = kaiji_text_shorten(cases[i].in, cases[i].cols);
        cr_expect_str_eq(s, cases[i].out, "case %zu", i);
        free(s);
    }
}

/* ---- the built-in catalogs, parsed at build time (catalog/prebuilt.h) ---- */


/* c written as C data (tools/catalog_dump.c), malloc'd. */
static char *dumped(const kaiji_catalog *c)
{
    kaiji_buf b;
    kaiji_buf_init(&b);
    cr_assert(catalog_dump_c(&b, c, "c"));
    char *text = kaiji_buf_detach(&b, NULL);
    cr_assert_not_null(text);
    return text;
}

Test(catalog, every_prebuilt_catalog_holds_what_its_json_parses_to)
{
    size_t n = 0;
    for (const kaiji_prebuilt_catalog *p = kaiji_prebuilt_catalogs; p->basename; p++, n++) {
        char path[256];
        snprintf(path, sizeof path, "formats/catalogs/%s", p->basename);
        const kaiji_embedded_file *e = kaiji_embedded_find(path);
        cr_assert_not_null(e, "%s is not embedded", path);
        kaiji_catalog *parsed = NULL;
        char *err = NULL;
        cr_assert_eq(kaiji_catalog_parse(&parsed, e->data, "builtin", p->basename, &err),
                     KAIJI_OK, "%s: %s", path, err ? err : "");
        cr_expect(p->catalog->prebuilt && !parsed->prebuilt);
        char *want = dumped(parsed), *got = dumped(p->catalog);
        cr_expect_str_eq(got, want, "%s differs from its prebuilt catalog", p->basename);
        cr_expect_str_eq(kaiji_catalog_json(p->catalog), e->data);
        free(want);
        free(got);
        kaiji_catalog_free(parsed);
    }
    /* Every built-in catalog file is prebuilt. */
    size_t files = 0;
    for (const kaiji_embedded_file *e = kaiji_embedded_files; e->path; e++)
        if (strncmp(e->path, "formats/catalogs/", 17) == 0 && strstr(e->path, ".json") &&
            !strchr(e->path + 17, '/'))
            files++;
    cr_expect_eq(n, files);
    cr_expect_gt(n, 0);
}

Test(catalog, the_prebuilt_vocabulary_holds_what_labels_json_parses_to)
{
    const kaiji_embedded_file *e = kaiji_embedded_find("formats/vocab/labels.json");
    cr_assert_not_null(e);
    cr_assert_not_null(kaiji_prebuilt_vocab);
    kaiji_vocab *parsed = NULL, *builtin = NULL;
    cr_assert_eq(kaiji_vocab_new(&parsed, e->data, NULL), KAIJI_OK);
    cr_assert_eq(kaiji_vocab_builtin(&builtin), KAIJI_OK);
    cr_expect_eq(builtin, kaiji_prebuilt_vocab, "the built-in vocabulary is parsed at start-up");
    kaiji_buf want, got;
    kaiji_buf_init(&want);
    kaiji_buf_init(&got);
    cr_assert(vocab_dump_c(&want, parsed, "v") && vocab_dump_c(&got, builtin, "v"));
    char *w = kaiji_buf_detach(&want, NULL), *g = kaiji_buf_detach(&got, NULL);
    cr_expect_str_eq(g, w);
    free(w);
    free(g);
    kaiji_vocab_free(parsed);
    kaiji_vocab_free(builtin); /* static: nothing happens */
}

Test(catalog, loading_takes_the_prebuilt_catalogs_and_parses_a_directory_s_file)
{
    kaiji_catalogs *cats = load(NULL);
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++)
        cr_expect(kaiji_catalogs_get(cats, i)->prebuilt, "%s is parsed at start-up",
                  kaiji_catalogs_get(cats, i)->basename);
    kaiji_catalogs_free(cats);

    /* A file of a built-in's name in the directory replaces it, parsed. */
    char dir[1024], path[1100];
    snprintf(dir, sizeof dir, "%s", t_tmpdir());
    snprintf(path, sizeof path, "%s/mhlw-guidelines.json", dir);
    const kaiji_embedded_file *e = kaiji_embedded_find("formats/catalogs/mhlw-guidelines.json");
    cr_assert_not_null(e);
    t_spit(path, e->data, e->size);
    cats = load(dir);
    const kaiji_catalog *g = NULL;
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++)
        if (strcmp(kaiji_catalogs_get(cats, i)->basename, "mhlw-guidelines.json") == 0)
            g = kaiji_catalogs_get(cats, i);
    cr_assert_not_null(g);
    cr_expect_not(g->prebuilt);
    cr_expect_str_eq(g->origin, path);
    kaiji_catalogs_free(cats);
}

Test(catalog, the_prebuilt_next_steps_say_what_next_steps_json_says)
{
    const kaiji_embedded_file *e = kaiji_embedded_find("formats/vocab/next-steps.json");
    cr_assert_not_null(e);
    cr_assert_gt(kaiji_prebuilt_next_step_count, 0);
    kaiji_next_steps parsed = {0}, prebuilt = {0};
    cr_assert_eq(kaiji_next_steps_add(&parsed, e->data, NULL), KAIJI_OK);
    prebuilt.builtin = kaiji_prebuilt_next_steps;
    prebuilt.builtin_count = kaiji_prebuilt_next_step_count;
    cJSON *root = cJSON_Parse(e->data);
    const cJSON *entry;
    size_t codes = 0;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(root, "steps")) {
        codes++;
        for (int k = 0; k < KAIJI_KIND__COUNT; k++)
            for (int ja = 0; ja < 2; ja++) {
                const char *want = kaiji_next_steps_find(&parsed, entry->string, (kaiji_kind)k,
                                                         ja ? "ja" : "en");
                const char *got = kaiji_next_steps_find(&prebuilt, entry->string,
                                                        (kaiji_kind)k, ja ? "ja" : "en");
                cr_assert_not_null(want);
                cr_assert_not_null(got, "%s", entry->string);
                cr_expect_str_eq(got, want, "%s, %s", entry->string,
                                 kaiji_kind_name((kaiji_kind)k));
            }
    }
    cr_expect_gt(codes, 10);
    cr_expect_null(kaiji_next_steps_find(&prebuilt, "no-such-code", KAIJI_KIND_MDS, "ja"));
    /* The catalogs take them without parsing the file. */
    kaiji_catalogs *cats = load(NULL);
    cr_expect_not_null(kaiji_catalogs_next_step(cats, "file-corrupt", KAIJI_KIND_MDS, "ja"));
    kaiji_catalogs_free(cats);
    cJSON_Delete(root);
    kaiji_next_steps_clear(&parsed);
}
