/*
 * tests/test_validate.c - the validation rules: one test (at least) per
 * finding code, the status transitions, the checklist edition picked by
 * as_of, and completeness against an imported template.  Documents are built
 * directly with the model's builders.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "model/model.h"
#include "support/support.h"
#include "text/text.h"
#include "catalog/catalogs.h"

static kaiji_catalogs *cats;

static void setup(void)
{
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, NULL, &err);
    cr_assert_eq(rc, KAIJI_OK, "built-in catalogs: %s", err ? err : "?");
}

static void teardown(void)
{
    kaiji_catalogs_free(cats);
    cats = NULL;
}

TestSuite(validate, .init = setup, .fini = teardown);

static kaiji_date date_of(const char *s)
{
    kaiji_date d = {0, 0, 0};
    cr_assert(kaiji_text_parse_date(s, &d), "bad test date %s", s);
    return d;
}

/* A new document of kind at form_version, with its required header. */
static kaiji_document *new_doc(kaiji_kind kind, const char *form_version)
{
    kaiji_document *doc = kaiji_document_new("test.xlsx");
    cr_assert_not_null(doc);
    doc->kind = kind;
    doc->form_version = kaiji_document_strdup(doc, form_version);
    kaiji_document_set_field(doc, KAIJI_FIELD_VENDOR, "株式会社テスト医療システム", "Sheet1!C3");
    kaiji_document_set_field(doc, KAIJI_FIELD_PRODUCT, "電子カルテ Alpha", "Sheet1!C4");
    kaiji_document_set_field(doc, KAIJI_FIELD_PRODUCT_VERSION, "v3.2", "Sheet1!C5");
    kaiji_document_set_field(doc, KAIJI_FIELD_CONTACT, "03-0000-0000", "Sheet1!C6");
    kaiji_document_set_field(doc, KAIJI_FIELD_CONTRACT, "K-2024-001", "Sheet1!C7");
    kaiji_document_set_field(doc, KAIJI_FIELD_FORM_VERSION, form_version, "Sheet1!C2");
    if (kind != KAIJI_KIND_VENDOR_CHECKLIST && kind != KAIJI_KIND_HOSPITAL_CHECKLIST) {
        kaiji_document_set_field(doc, KAIJI_FIELD_DOCUMENT_DATE, "2024/6/1", "Sheet1!C8");
        doc->date = date_of("2024-06-01");
    }
    return doc;
}

/* Gives doc one answered item: a document without any is no-items. */
static void answered_item(kaiji_document *doc)
{
    kaiji_item *it = kaiji_document_add_item(doc);
    cr_assert_not_null(it);
    it->id = doc->kind == KAIJI_KIND_MDS2 ? "AUTH-1" : "1-1";
    it->question = "a question";
    it->location = "Sheet1!C10";
    cr_assert_eq(kaiji_item_set_answer_text(doc, it, doc->kind == KAIJI_KIND_MDS2 ? "Yes" : "はい"),
                 KAIJI_OK);
}

/* A checklist answering はい everywhere, every item of the catalog's form,
 * confirmed on confirmed. */
static kaiji_document *checklist(kaiji_kind kind, const char *edition, const char *confirmed)
{
    kaiji_document *doc = new_doc(kind, edition);
    const kaiji_cat_form *f = kaiji_catalogs_form(cats, kind, edition);
    cr_assert_not_null(f, "no catalog form for %s", edition);
    for (size_t i = 0; i < f->item_count; i++) {
        const kaiji_cat_item *ci = &f->items[i];
        kaiji_item *it = kaiji_document_add_item(doc);
        it->id = ci->id;
        it->section = ci->section;
        it->question = ci->text ? ci->text : "";
        it->location = kaiji_document_strdup(doc, "Sheet1!B10");
        if (ci->target_count)
            for (size_t t = 0; t < ci->target_count; t++)
                kaiji_item_add_target(doc, it, ci->targets[t], "はい");
        else
            kaiji_item_set_answer_text(doc, it, "はい");
        it->confirmation_count = 1;
        it->confirmations[0] = date_of(confirmed);
        it->confirmation_texts[0] = confirmed;
    }
    return doc;
}

static kaiji_item *item(kaiji_document *doc, const char *id)
{
    for (size_t i = 0; i < doc->item_count; i++)
        if (strcmp(doc->items[i].id, id) == 0)
            return &doc->items[i];
    cr_assert_fail("no item %s", id);
    return NULL;
}

static void set_target(kaiji_document *doc, kaiji_item *it, const char *name, const char *raw)
{
    for (size_t t = 0; t < it->target_count; t++)
        if (strcmp(it->targets[t].name, name) == 0) {
            it->targets[t].answer = kaiji_text_parse_answer(raw, NULL);
            it->targets[t].text = kaiji_document_strdup(doc, raw);
            return;
        }
    cr_assert_fail("no target %s", name);
}

static int run_target(kaiji_document *doc, const char *as_of, const char *target)
{
    kaiji_validate_options o;
    kaiji_validate_options_init(&o);
    o.catalogs = cats;
    o.as_of = date_of(as_of ? as_of : "2024-10-01");
    o.target_guideline = target;
    return kaiji_validate(doc, &o);
}

static void run(kaiji_document *doc, const char *as_of)
{
    cr_assert_eq(run_target(doc, as_of, NULL), KAIJI_OK);
}

/* The first finding with code (and item, when not NULL), or NULL. */
static const kaiji_finding *finding(const kaiji_document *doc, const char *code,
                                    const char *item_id)
{
    for (size_t i = 0; i < doc->finding_count; i++) {
        const kaiji_finding *f = &doc->findings[i];
        if (strcmp(f->code, code) == 0 && (!item_id || strcmp(f->item, item_id) == 0))
            return f;
    }
    return NULL;
}

static size_t count_code(const kaiji_document *doc, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->finding_count; i++)
        n += strcmp(doc->findings[i].code, code) == 0;
    return n;
}

static void dump(const kaiji_document *doc)
{
    for (size_t i = 0; i < doc->finding_count; i++)
        cr_log_info("%s %s [%s] %s: %s", kaiji_severity_name(doc->findings[i].severity),
                    doc->findings[i].code, doc->findings[i].item, doc->findings[i].location,
                    doc->findings[i].message);
}

static const kaiji_finding *expect(const kaiji_document *doc, const char *code,
                                   const char *item_id, kaiji_severity sev)
{
    const kaiji_finding *f = finding(doc, code, item_id);
    if (!f)
        dump(doc);
    cr_assert_not_null(f, "no %s finding for %s", code, item_id ? item_id : "(any)");
    cr_assert_eq(f->severity, sev, "%s has severity %s", code, kaiji_severity_name(f->severity));
    cr_assert(f->message && *f->message, "finding without message");
    size_t n = strlen(f->message);
    cr_assert(f->message[n - 1] != '.', "message ends with a full stop: %s", f->message);
    return f;
}

/* ---- baseline and statuses -------------------------------------------- */

Test(validate, complete_r6_vendor_checklist_is_valid)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    run(doc, "2024-10-01");
    dump(doc);
    cr_assert_eq(doc->finding_count, 0);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    cr_assert_str_eq(doc->guideline, "6.0");
    cr_assert_eq(doc->date.year, 2024, "checklist date is its latest 確認日");
    kaiji_document_free(doc);
}

Test(validate, complete_r6_hospital_checklist_is_valid)
{
    kaiji_document *doc = checklist(KAIJI_KIND_HOSPITAL_CHECKLIST, "R6", "2024-06-01");
    run(doc, "2024-10-01");
    dump(doc);
    cr_assert_eq(doc->finding_count, 0);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, unknown_kind_gives_unknown_form_and_invalid)
{
    kaiji_document *doc = kaiji_document_new("x.xlsx");
    run(doc, NULL);
    expect(doc, "unknown-form", NULL, KAIJI_SEVERITY_ERROR);
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, unreadable_document_is_unreadable_without_new_findings)
{
    kaiji_document *doc = kaiji_document_new("x.xls");
    kaiji_document_fail(doc, "file-legacy-xls", "an old .xls workbook");
    run(doc, NULL);
    cr_assert_eq(doc->status, KAIJI_STATUS_UNREADABLE);
    cr_assert_eq(doc->finding_count, 1);
    kaiji_document_free(doc);
}

Test(validate, validating_twice_is_refused)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    run(doc, NULL);
    cr_assert_eq(run_target(doc, NULL, NULL), KAIJI_ERROR_INVALID);
    kaiji_document_free(doc);
}

Test(validate, error_beats_outdated_and_outdated_beats_valid)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R5", "2023-06-01");
    run(doc, "2024-10-01");
    cr_assert_eq(doc->status, KAIJI_STATUS_OUTDATED);
    kaiji_document_free(doc);

    doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R5", "2023-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "1(1)"), "");
    run(doc, "2024-10-01");
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);

    doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R5", "2023-06-01");
    run(doc, "2023-10-01");
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, warnings_alone_leave_a_document_valid)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "2(2)"), "対象外");
    run(doc, NULL);
    cr_assert_not_null(finding(doc, "na-without-reason", "2(2)"));
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

/* ---- as_of picks the checklist edition -------------------------------- */

typedef struct edition_case {
    const char *edition, *as_of;
    kaiji_status status;
} edition_case;

Test(validate, as_of_picks_the_current_edition)
{
    /* An edition is current from its publication (R6 2024-05, read as
     * 2024-05-31; R7 2025-05-16; R8 2026-06-29) until the next one's, not
     * from the start of its fiscal year; the target guideline plays no part. */
    static const edition_case cases[] = {
        {"R5", "2023-10-01", KAIJI_STATUS_VALID},
        {"R5", "2024-04-01", KAIJI_STATUS_VALID},
        {"R5", "2024-05-30", KAIJI_STATUS_VALID},
        {"R5", "2024-05-31", KAIJI_STATUS_OUTDATED},
        {"R6", "2024-04-01", KAIJI_STATUS_VALID},   /* newer than current: fine */
        {"R6", "2025-05-15", KAIJI_STATUS_VALID},
        {"R6", "2025-05-16", KAIJI_STATUS_OUTDATED},
        {"R7", "2025-06-01", KAIJI_STATUS_VALID},
        {"R7", "2026-04-01", KAIJI_STATUS_VALID},   /* FY2026 began, R8 not yet out */
        {"R7", "2026-05-01", KAIJI_STATUS_VALID},
        {"R7", "2026-06-28", KAIJI_STATUS_VALID},
        {"R7", "2026-06-29", KAIJI_STATUS_OUTDATED},
        {"R7", "2026-12-01", KAIJI_STATUS_OUTDATED},
        {"R6", "2031-01-01", KAIJI_STATUS_OUTDATED},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const edition_case *c = &cases[i];
        /* every answer is はい, so no 目標日 is at stake */
        kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, c->edition, "2023-06-01");
        run(doc, c->as_of);
        if (doc->status != c->status)
            dump(doc);
        cr_assert_eq(doc->status, c->status, "%s at %s: %s", c->edition, c->as_of,
                     kaiji_status_name(doc->status));
        if (c->status == KAIJI_STATUS_OUTDATED)
            expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
        kaiji_document_free(doc);
    }
}

/* ---- form version ----------------------------------------------------- */

Test(validate, checklist_without_edition_gives_missing_form_version)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    doc->form_version = "";
    kaiji_document_set_field(doc, KAIJI_FIELD_FORM_VERSION, "", NULL);
    run(doc, NULL);
    expect(doc, "missing-form-version", NULL, KAIJI_SEVERITY_ERROR);
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, mds_without_version_gives_missing_form_version)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "");
    run(doc, NULL);
    expect(doc, "missing-form-version", NULL, KAIJI_SEVERITY_ERROR);
    kaiji_document_free(doc);
}

Test(validate, unknown_versions_give_unknown_form_version)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "9.9");
    run(doc, NULL);
    expect(doc, "unknown-form-version", NULL, KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);

    doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    doc->form_version = "R9";
    run(doc, NULL);
    expect(doc, "unknown-form-version", NULL, KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);

    doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2031");
    run(doc, NULL);
    expect(doc, "unknown-form-version", NULL, KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);
}

Test(validate, sds_before_4_0_is_an_unknown_form_version)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_SDS, "3.0a");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "unknown-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert(strstr(f->message, "4.0"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, mds_5_0_is_current_and_made_for_6_0)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    answered_item(doc);
    run(doc, NULL);
    dump(doc);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    cr_assert_str_eq(doc->guideline, "6.0");
    kaiji_document_free(doc);
}

Test(validate, mds_4_1_is_outdated_under_6_0)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "4.1");
    answered_item(doc);
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert(strstr(f->message, "5.2") && strstr(f->message, "5.0"), "%s", f->message);
    cr_assert_eq(doc->status, KAIJI_STATUS_OUTDATED);
    cr_assert_str_eq(doc->guideline, "5.2");
    cr_assert_str_eq(f->location, "Sheet1!C2");
    kaiji_document_free(doc);
}

Test(validate, mds_version_alias_is_recognised)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "");
    kaiji_document_set_field(doc, KAIJI_FIELD_FORM_VERSION, "JAHIS 13-003", NULL);
    run(doc, NULL);
    cr_assert_null(finding(doc, "missing-form-version", NULL));
    expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert_str_eq(doc->form_version, "1st");
    kaiji_document_free(doc);
}

Test(validate, under_7_0_the_newest_form_5_0_stays_current_with_an_info)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_SDS, "5.0");
    answered_item(doc);
    cr_assert_eq(run_target(doc, "2026-12-01", "7.0"), KAIJI_OK);
    cr_assert_null(finding(doc, "outdated-form-version", NULL));
    const kaiji_finding *f =
        expect(doc, "form-made-for-older-guideline", NULL, KAIJI_SEVERITY_INFO);
    cr_assert(strstr(f->message, "6.0") && strstr(f->message, "7.0"), "%s", f->message);
    cr_assert_eq(count_code(doc, "form-made-for-older-guideline"), 1);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, under_7_0_a_4_1_form_is_outdated)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "4.1");
    answered_item(doc);
    cr_assert_eq(run_target(doc, "2026-12-01", "7.0"), KAIJI_OK);
    expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert_eq(doc->status, KAIJI_STATUS_OUTDATED);
    kaiji_document_free(doc);
}

Test(validate, a_form_is_outdated_from_the_publication_of_a_newer_one)
{
    /* Ver.5.0 was published in 2024-09 (read as 2024-09-30). */
    static const struct { const char *as_of; kaiji_status status; } cases[] = {
        {"2024-01-10", KAIJI_STATUS_VALID}, {"2024-09-29", KAIJI_STATUS_VALID},
        {"2024-09-30", KAIJI_STATUS_OUTDATED}, {"2026-12-01", KAIJI_STATUS_OUTDATED},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "4.1");
        answered_item(doc);
        doc->date = date_of("2023-12-01");
        run(doc, cases[i].as_of);
        cr_assert_eq(doc->status, cases[i].status, "%s: %s", cases[i].as_of,
                     kaiji_status_name(doc->status));
        if (cases[i].status == KAIJI_STATUS_VALID)
            expect(doc, "form-made-for-older-guideline", NULL, KAIJI_SEVERITY_INFO);
        kaiji_document_free(doc);
    }
}

Test(validate, stated_6_0_under_7_0_is_only_noted)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    answered_item(doc);
    doc->guideline = "6.0";
    cr_assert_eq(run_target(doc, "2026-12-01", "7.0"), KAIJI_OK);
    cr_assert_null(finding(doc, "outdated-form-version", NULL));
    cr_assert_eq(count_code(doc, "form-made-for-older-guideline"), 1);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, checklist_editions_follow_the_date_whatever_the_target)
{
    for (int t = 0; t < 2; t++) {
        kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R7", "2025-06-01");
        cr_assert_eq(run_target(doc, "2026-12-01", t ? "7.0" : "6.0"), KAIJI_OK);
        const kaiji_finding *f = expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
        cr_assert(strstr(f->message, "R8") && strstr(f->message, "令和8年度版"), "%s", f->message);
        kaiji_document_free(doc);
    }
}

Test(validate, r8_checklist_is_current_and_its_unknown_items_are_noted)
{
    /* R8's item list is not known: the items the document has are checked. */
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R7", "2026-08-01");
    doc->form_version = "R8";
    item(doc, "2⑦")->answer = KAIJI_ANSWER_NO;
    item(doc, "2⑦")->answer_text = "いいえ";
    item(doc, "2⑦")->target_date = date_of("2027-04-01");
    run(doc, "2026-12-01");
    expect(doc, "item-list-unknown", NULL, KAIJI_SEVERITY_INFO);
    expect(doc, "target-date-outside-fiscal-year", "2⑦", KAIJI_SEVERITY_ERROR);
    cr_assert_null(finding(doc, "outdated-form-version", NULL));
    cr_assert_null(finding(doc, "missing-item", NULL));
    kaiji_document_free(doc);
}

Test(validate, target_dates_fall_in_the_year_filled_when_the_edition_was_then_newest)
{
    static const struct { const char *filled, *target; bool ok; } cases[] = {
        {"2026-05-20", "2027-02-26", true},  /* R7 newest then: FY2026 */
        {"2026-05-20", "2026-03-31", false},
        {"2025-06-01", "2026-03-31", true},  /* the edition's own year */
        {"2025-06-01", "2026-04-01", false},
        {"2026-07-10", "2027-02-26", false}, /* after R8: FY2025 still */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R7", cases[i].filled);
        kaiji_item *it = item(doc, "2⑧");
        it->answer = KAIJI_ANSWER_NO;
        it->answer_text = "いいえ";
        it->target_date = date_of(cases[i].target);
        run(doc, "2026-06-01");
        cr_assert_eq(finding(doc, "target-date-outside-fiscal-year", "2⑧") == NULL, cases[i].ok,
                     "filled %s, 目標日 %s", cases[i].filled, cases[i].target);
        kaiji_document_free(doc);
    }
}

/* An MDS of Ver.5.0 with item 1-1 answered いいえ and 1-2 はい. */
static kaiji_document *mds_with_a_no(void)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    const char *ids[] = {"1-1", "1-2"}, *answers[] = {"いいえ", "はい"};
    for (int k = 0; k < 2; k++) {
        kaiji_item *it = kaiji_document_add_item(doc);
        it->id = ids[k];
        it->question = "テスト項目";
        it->remarks = "次期更新で対応";
        kaiji_item_set_answer_text(doc, it, answers[k]);
    }
    return doc;
}

Test(validate, under_7_0_a_no_gets_the_annex_note)
{
    kaiji_document *doc = mds_with_a_no();
    cr_assert_eq(run_target(doc, "2026-12-01", "7.0"), KAIJI_OK);
    const kaiji_finding *f = expect(doc, "annex-item-no", "1-1", KAIJI_SEVERITY_INFO);
    cr_assert(strstr(f->message, "--profile"), "%s", f->message);
    cr_assert_null(finding(doc, "annex-item-no", "1-2"));
    kaiji_document_free(doc);

    doc = mds_with_a_no();
    cr_assert_eq(run_target(doc, "2026-12-01", "6.0"), KAIJI_OK);
    cr_assert_null(finding(doc, "annex-item-no", NULL), "6.0 has no annex");
    kaiji_document_free(doc);
}

Test(validate, a_profile_makes_a_no_to_a_listed_item_a_warning)
{
    const char *dir = t_tmpdir();
    char path[4096], *err = NULL;
    snprintf(path, sizeof path, "%s/annex.json", dir);
    const char *json =
        "{\"id\": \"mhlw-gl7-annex\", \"type\": \"annex\", \"title\": \"filled\","
        " \"source\": \"hospital\", \"certainty\": \"2\", \"guideline\": \"7.0\","
        " \"items\": {\"mds\": [\"１－１\"], \"sds\": []}}";
    t_spit(path, json, strlen(json));
    cr_assert_eq(kaiji_catalogs_add_file(cats, path, &err), KAIJI_OK, "%s", err ? err : "");
    kaiji_document *doc = mds_with_a_no();
    item(doc, "1-2")->answer = KAIJI_ANSWER_NO;
    cr_assert_eq(run_target(doc, "2026-12-01", "7.0"), KAIJI_OK);
    expect(doc, "annex-item-no", "1-1", KAIJI_SEVERITY_WARNING);
    cr_assert_null(finding(doc, "annex-item-no", "1-2"), "not in the list: nothing to say");
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, stated_old_guideline_is_outdated)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    answered_item(doc);
    doc->guideline = "5.2";
    run(doc, NULL);
    expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert_eq(doc->status, KAIJI_STATUS_OUTDATED);
    kaiji_document_free(doc);
}

Test(validate, mds2_2013_is_outdated)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2013");
    answered_item(doc);
    run(doc, NULL);
    expect(doc, "outdated-form-version", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert_eq(doc->status, KAIJI_STATUS_OUTDATED);
    kaiji_document_free(doc);
}

/* ---- header ----------------------------------------------------------- */

Test(validate, missing_vendor_is_an_error_and_missing_contact_a_warning)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    kaiji_document_set_field(doc, KAIJI_FIELD_VENDOR, "  ", "Sheet1!C3");
    kaiji_document_set_field(doc, KAIJI_FIELD_CONTACT, "", NULL);
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-header-field", NULL, KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "製造業者名"), "%s", f->message);
    cr_assert_str_eq(f->location, "Sheet1!C3");
    cr_assert_eq(count_code(doc, "missing-header-field"), 2);
    int warnings = 0;
    for (size_t i = 0; i < doc->finding_count; i++)
        warnings += doc->findings[i].severity == KAIJI_SEVERITY_WARNING;
    cr_assert_eq(warnings, 1);
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, optional_fields_alone_never_make_a_document_invalid)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_SDS, "5.0");
    answered_item(doc);
    kaiji_document_set_field(doc, KAIJI_FIELD_CONTACT, "", NULL);
    kaiji_document_set_field(doc, KAIJI_FIELD_CONTRACT, "", NULL);
    kaiji_document_set_field(doc, KAIJI_FIELD_PRODUCT_VERSION, "", NULL);
    run(doc, NULL);
    cr_assert_geq(count_code(doc, "missing-header-field"), 1);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, document_date_that_is_not_a_date_is_reported)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    doc->date = (kaiji_date){0, 0, 0};
    kaiji_document_set_field(doc, KAIJI_FIELD_DOCUMENT_DATE, "近日中", "Sheet1!C8");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-header-field", NULL, KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "近日中"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, mds2_missing_manufacturer_names_doc_1)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2019");
    kaiji_document_set_field(doc, KAIJI_FIELD_VENDOR, "", NULL);
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-header-field", "DOC-1", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "Manufacturer Name"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, checklist_without_any_confirmation_date_has_no_date)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    for (size_t i = 0; i < doc->item_count; i++)
        doc->items[i].confirmation_count = 0;
    run(doc, NULL);
    expect(doc, "missing-header-field", NULL, KAIJI_SEVERITY_ERROR);
    kaiji_document_free(doc);
}

Test(validate, document_dated_after_as_of_is_in_the_future)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    doc->date = date_of("2025-01-10");
    run(doc, "2024-10-01");
    const kaiji_finding *f = expect(doc, "document-date-in-future", NULL, KAIJI_SEVERITY_WARNING);
    cr_assert(strstr(f->message, "2025-01-10"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, a_month_is_not_in_the_future_within_its_own_month)
{
    static const struct {
        const char *as_of;
        bool future;
    } cases[] = {
        {"2024-10-31", true}, {"2024-11-01", false}, {"2024-11-30", false}, {"2025-01-01", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
        answered_item(doc);
        kaiji_document_set_field(doc, KAIJI_FIELD_DOCUMENT_DATE, "2024年11月", "Sheet1!C8");
        doc->date = (kaiji_date){2024, 11, 0};
        run(doc, cases[i].as_of);
        const kaiji_finding *f = finding(doc, "document-date-in-future", NULL);
        cr_expect_eq(f != NULL, cases[i].future, "as of %s", cases[i].as_of);
        if (f)
            cr_expect(strstr(f->message, "2024-11 ") || strstr(f->message, "2024-11,"), "%s",
                      f->message);
        cr_expect(!finding(doc, "missing-header-field", NULL), "a month is a date");
        cr_expect_eq(doc->status, KAIJI_STATUS_VALID, "as of %s", cases[i].as_of);
        kaiji_document_free(doc);
    }
}

Test(validate, a_form_without_an_item_table_is_never_valid)
{
    static const kaiji_kind kinds[] = {KAIJI_KIND_MDS, KAIJI_KIND_SDS, KAIJI_KIND_MDS2};
    static const char *const versions[] = {"5.0", "5.0", "HN 1-2019"};
    for (size_t i = 0; i < 3; i++) {
        kaiji_document *doc = new_doc(kinds[i], versions[i]);
        run(doc, NULL);
        const kaiji_finding *f = expect(doc, "no-items", NULL, KAIJI_SEVERITY_ERROR);
        cr_expect(strstr(f->message, "nothing in it was checked"), "%s", f->message);
        cr_expect_eq(doc->status, KAIJI_STATUS_INVALID);
        kaiji_document_free(doc);
    }
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    doc->item_count = 0;
    run(doc, "2024-10-01");
    expect(doc, "no-items", NULL, KAIJI_SEVERITY_ERROR);
    cr_expect_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, a_form_with_items_has_no_no_items_finding)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    run(doc, NULL);
    cr_expect_null(finding(doc, "no-items", NULL));
    kaiji_document_free(doc);
}

/* ---- answers ---------------------------------------------------------- */

Test(validate, blank_answer_is_missing)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "2(2)"), "");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-answer", "2(2)", KAIJI_SEVERITY_ERROR);
    cr_assert_str_eq(f->location, "Sheet1!B10");
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, checklist_item_needs_an_answer_for_each_target)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    set_target(doc, item(doc, "2(7)"), "ネットワーク機器", "");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-answer", "2(7)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "ネットワーク機器"), "%s", f->message);
    cr_assert_eq(count_code(doc, "missing-answer"), 1);
    kaiji_document_free(doc);
}

Test(validate, target_the_document_lacks_is_missing)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = item(doc, "2(4)"); /* サーバ, 端末PC */
    it->target_count = 1;               /* only サーバ left */
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-answer", "2(4)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "端末PC"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, one_answer_column_covers_every_target)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = item(doc, "2(7)");
    it->target_count = 0;
    kaiji_item_set_answer_text(doc, it, "はい");
    run(doc, NULL);
    cr_assert_null(finding(doc, "missing-answer", NULL));
    kaiji_document_free(doc);
}

Test(validate, unreadable_answer_is_invalid)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "1(1)"), "たぶん");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "invalid-answer", "1(1)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "たぶん"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, see_note_is_not_an_answer_outside_mds2)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "1-1";
    kaiji_item_set_answer_text(doc, it, "See Note");
    run(doc, NULL);
    expect(doc, "invalid-answer", "1-1", KAIJI_SEVERITY_ERROR);
    kaiji_document_free(doc);
}

Test(validate, not_applicable_without_reason_is_a_warning)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "2(2)"), "対象外");
    set_target(doc, item(doc, "2(8)"), "ネットワーク機器", "対象外");
    item(doc, "2(8)")->remarks = "ネットワーク機器は納入していない";
    kaiji_item_set_answer_text(doc, item(doc, "2(3)"), "対象外（MDSは別途提出）");
    set_target(doc, item(doc, "2(6)"), "サーバ", "該当なし（サーバなし）");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "na-without-reason", "2(2)", KAIJI_SEVERITY_WARNING);
    cr_assert(strstr(f->message, "対象外"), "%s", f->message);
    cr_assert_eq(count_code(doc, "na-without-reason"), 1, "remarks or a comment is a reason");
    kaiji_document_free(doc);
}

Test(validate, mds_na_without_reason_is_reported_but_not_mds2)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_SDS, "5.0");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "A-1";
    kaiji_item_set_answer_text(doc, it, "対象外");
    run(doc, NULL);
    expect(doc, "na-without-reason", "A-1", KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);

    doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2019");
    it = kaiji_document_add_item(doc);
    it->id = "ALOF-1";
    kaiji_item_set_answer_text(doc, it, "N/A");
    run(doc, NULL);
    cr_assert_null(finding(doc, "na-without-reason", NULL));
    kaiji_document_free(doc);
}

Test(validate, no_without_target_date_is_an_error)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    set_target(doc, item(doc, "2(5)"), "端末PC", "いいえ");
    kaiji_item_set_answer_text(doc, item(doc, "3(1)"), "いいえ");
    item(doc, "3(1)")->target_date_text = "未定";
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "no-without-target-date", "2(5)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "目標日"), "%s", f->message);
    f = expect(doc, "no-without-target-date", "3(1)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "未定"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, target_date_must_fall_in_the_editions_fiscal_year)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = item(doc, "2(2)");
    kaiji_item_set_answer_text(doc, it, "いいえ");
    it->target_date = date_of("2025-04-01");
    it = item(doc, "3(1)");
    kaiji_item_set_answer_text(doc, it, "いいえ");
    it->target_date = date_of("2025-03-31");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "target-date-outside-fiscal-year", "2(2)",
                                    KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "2024"), "%s", f->message);
    cr_assert_null(finding(doc, "target-date-outside-fiscal-year", "3(1)"));
    cr_assert_null(finding(doc, "no-without-target-date", NULL));
    kaiji_document_free(doc);
}

Test(validate, item_without_first_confirmation_date_is_reported)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    item(doc, "2(1)")->confirmation_count = 0;
    kaiji_item *it = item(doc, "2(2)");
    it->confirmations[0] = (kaiji_date){0, 0, 0};
    it->confirmation_texts[0] = "そのうち";
    run(doc, NULL);
    expect(doc, "missing-confirmation-date", "2(1)", KAIJI_SEVERITY_ERROR);
    const kaiji_finding *f = expect(doc, "missing-confirmation-date", "2(2)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "そのうち"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, hospital_item_0_no_ends_the_sheet)
{
    kaiji_document *doc = checklist(KAIJI_KIND_HOSPITAL_CHECKLIST, "R6", "2024-06-01");
    kaiji_item_set_answer_text(doc, item(doc, "0"), "いいえ");
    for (size_t i = 1; i < doc->item_count; i++) {
        doc->items[i].answer = KAIJI_ANSWER_BLANK;
        doc->items[i].target_count = 0;
        doc->items[i].confirmation_count = 0;
    }
    run(doc, NULL);
    dump(doc);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, messages_stay_utf8_when_a_long_value_is_cut)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    kaiji_item *it = kaiji_document_add_item(doc);
    char id[700] = "";
    for (int i = 0; i < 200; i++)
        strcat(id, "あ");
    it->id = kaiji_document_strdup(doc, id);
    kaiji_item_set_answer_text(doc, it, "いいかげんな回答いいかげんな回答いいかげんな回答いいかげんな回答");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "invalid-answer", NULL, KAIJI_SEVERITY_ERROR);
    cr_assert(kaiji_text_utf8_valid(f->message, strlen(f->message)), "%s", f->message);
    cr_assert_lt(strlen(f->message), 400);
    kaiji_document_free(doc);
}

/* ---- completeness ----------------------------------------------------- */

Test(validate, item_missing_from_the_form_is_reported)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = item(doc, "2(3)");
    size_t at = (size_t)(it - doc->items);
    memmove(it, it + 1, (doc->item_count - at - 1) * sizeof(*it));
    doc->item_count--;
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-item", "2(3)", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "item 2(3)") && strstr(f->message, "missing"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, inferred_item_missing_is_only_a_warning)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    doc->item_count--; /* 3(1): on the vendor sheet by inference */
    run(doc, NULL);
    expect(doc, "missing-item", "3(1)", KAIJI_SEVERITY_WARNING);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, item_not_on_the_form_is_unexpected)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "2(10)";
    it->question = "独自の項目";
    kaiji_item_set_answer_text(doc, it, "はい");
    it->confirmation_count = 1;
    it->confirmations[0] = date_of("2024-06-01");
    run(doc, NULL);
    expect(doc, "unexpected-item", "2(10)", KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);
}

Test(validate, item_0_on_the_vendor_sheet_is_unexpected)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "0";
    kaiji_item_set_answer_text(doc, it, "はい");
    run(doc, NULL);
    expect(doc, "unexpected-item", "0", KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);
}

Test(validate, incomplete_r7_list_reports_no_unexpected_items)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R7", "2025-06-01");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "2⑫";
    kaiji_item_set_answer_text(doc, it, "はい");
    it->confirmation_count = 1;
    it->confirmations[0] = date_of("2025-06-01");
    run(doc, "2025-10-01");
    cr_assert_null(finding(doc, "unexpected-item", NULL));
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, reworded_question_is_item_text_changed)
{
    kaiji_document *doc = checklist(KAIJI_KIND_HOSPITAL_CHECKLIST, "R6", "2024-06-01");
    item(doc, "2(1)")->question = "サーバの台帳を作っている。";
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "item-text-changed", "2(1)", KAIJI_SEVERITY_WARNING);
    cr_assert(strstr(f->message, "サーバの台帳"), "%s", f->message);
    kaiji_document_free(doc);
}

Test(validate, width_and_space_differences_are_not_rewording)
{
    kaiji_document *doc = checklist(KAIJI_KIND_HOSPITAL_CHECKLIST, "R6", "2024-06-01");
    item(doc, "2(2)")->question = "リモートメンテナンス（保守）を利用している 機器の有無を事業者等に確認した";
    item(doc, "2(8)")->question = "  接続元制限を実施している。 ";
    run(doc, NULL);
    dump(doc);
    cr_assert_null(finding(doc, "item-text-changed", NULL));
    kaiji_document_free(doc);
}

Test(validate, unknown_wording_is_never_item_text_changed)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R7", "2025-06-01");
    item(doc, "2⑨")->question = "USBストレージ等の外部記録媒体の使用を制限している。";
    item(doc, "2①")->question = "機器の台帳を作っている。"; /* inferred wording: info */
    run(doc, "2025-10-01");
    cr_assert_null(finding(doc, "item-text-changed", "2⑨"));
    expect(doc, "item-text-changed", "2①", KAIJI_SEVERITY_INFO);
    kaiji_document_free(doc);
}

Test(validate, item_ids_written_differently_still_match)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    item(doc, "2(1)")->id = "２（１）";
    kaiji_item *it = item(doc, "2(2)");
    it->id = "(2)"; /* section "2" given apart */
    run(doc, NULL);
    dump(doc);
    cr_assert_null(finding(doc, "missing-item", NULL));
    cr_assert_null(finding(doc, "unexpected-item", NULL));
    kaiji_document_free(doc);
}

Test(validate, same_item_twice_is_duplicate)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "２（２）";
    it->location = "Sheet1!A40";
    kaiji_item_set_answer_text(doc, it, "はい");
    it->confirmation_count = 1;
    it->confirmations[0] = date_of("2024-06-01");
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "duplicate-item", "２（２）", KAIJI_SEVERITY_WARNING);
    cr_assert_str_eq(f->location, "Sheet1!A40");
    cr_assert_eq(count_code(doc, "duplicate-item"), 1);
    kaiji_document_free(doc);
}

/* ---- MDS2 ------------------------------------------------------------- */

/* An MDS2 HN 1-2019 form with every counted section full, answered Yes. */
static kaiji_document *mds2_doc(void)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2019");
    const kaiji_catalog *cat = kaiji_catalogs_mds2(cats, "HN 1-2019");
    cr_assert_not_null(cat);
    const kaiji_cat_form *f = &cat->forms[0];
    for (size_t s = 0; s < f->section_count; s++) {
        const kaiji_cat_section *sec = &f->sections[s];
        for (int q = 1; q <= sec->count; q++) {
            kaiji_item *it = kaiji_document_add_item(doc);
            it->id = kaiji_arena_printf(doc->arena, "%s-%d", sec->code, q);
            it->section = sec->code;
            kaiji_item_set_answer_text(doc, it, "Yes");
        }
    }
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "OTHR-1";
    kaiji_item_set_answer_text(doc, it, "Free text about other considerations");
    it = kaiji_document_add_item(doc);
    it->id = "DOC-1";
    kaiji_item_set_answer_text(doc, it, "ACME Medical");
    return doc;
}

Test(validate, full_mds2_2019_is_valid)
{
    kaiji_document *doc = mds2_doc();
    run(doc, NULL);
    dump(doc);
    cr_assert_eq(doc->finding_count, 0);
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

Test(validate, mds2_section_short_of_questions_is_missing_item)
{
    kaiji_document *doc = mds2_doc();
    for (size_t i = 0; i < doc->item_count; i++)
        if (strcmp(doc->items[i].id, "AUTH-7") == 0 || strcmp(doc->items[i].id, "AUTH-8") == 0)
            doc->items[i].id = "XAUTH";
    run(doc, NULL);
    const kaiji_finding *f = expect(doc, "missing-item", "AUTH", KAIJI_SEVERITY_ERROR);
    cr_assert(strstr(f->message, "6") && strstr(f->message, "8"), "%s", f->message);
    expect(doc, "unexpected-item", "XAUTH", KAIJI_SEVERITY_WARNING);
    kaiji_document_free(doc);
}

Test(validate, mds2_shad_15_counts_as_sahd_15)
{
    kaiji_document *doc = mds2_doc();
    for (size_t i = 0; i < doc->item_count; i++)
        if (strcmp(doc->items[i].id, "SAHD-15") == 0)
            doc->items[i].id = "SHAD-15";
    run(doc, NULL);
    dump(doc);
    cr_assert_eq(doc->finding_count, 0);
    kaiji_document_free(doc);
}

Test(validate, mds2_see_note_needs_a_note)
{
    kaiji_document *doc = mds2_doc();
    kaiji_item *it = &doc->items[0];
    kaiji_item_set_answer_text(doc, it, "See Notes");
    kaiji_item *other = &doc->items[1];
    kaiji_item_set_answer_text(doc, other, "See Note");
    other->remarks = "Note 3: encryption is optional";
    run(doc, NULL);
    expect(doc, "missing-answer", it->id, KAIJI_SEVERITY_WARNING);
    cr_assert_null(finding(doc, "missing-answer", other->id));
    kaiji_document_free(doc);
}

Test(validate, mds2_blank_heading_question_is_not_missing)
{
    kaiji_document *doc = mds2_doc();
    for (size_t i = 0; i < doc->item_count; i++) {
        if (strcmp(doc->items[i].id, "CONN-1") == 0)
            kaiji_item_set_answer_text(doc, &doc->items[i], "");
        if (strcmp(doc->items[i].id, "CONN-2") == 0) {
            doc->items[i].id = "CONN-1.1";
            kaiji_item_set_answer_text(doc, &doc->items[i], "____");
        }
        if (strcmp(doc->items[i].id, "CONN-3") == 0)
            doc->items[i].id = "CONN-1.1.1";
        if (strcmp(doc->items[i].id, "CONN-4") == 0)
            kaiji_item_set_answer_text(doc, &doc->items[i], "");
    }
    run(doc, NULL);
    cr_assert_null(finding(doc, "missing-answer", "CONN-1"));
    cr_assert_null(finding(doc, "missing-answer", "CONN-1.1"));
    cr_assert_null(finding(doc, "invalid-answer", NULL));
    expect(doc, "missing-answer", "CONN-4", KAIJI_SEVERITY_ERROR);
    kaiji_document_free(doc);
}

Test(validate, mds2_doc_questions_with_choices_are_checked_and_free_text_is_not)
{
    kaiji_document *doc = mds2_doc();
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "DOC-8";
    kaiji_item_set_answer_text(doc, it, "Perhaps");
    it = kaiji_document_add_item(doc);
    it->id = "DOC-6";
    kaiji_item_set_answer_text(doc, it, "Imaging of patients");
    run(doc, NULL);
    expect(doc, "invalid-answer", "DOC-8", KAIJI_SEVERITY_ERROR);
    cr_assert_null(finding(doc, "invalid-answer", "DOC-6"));
    cr_assert_null(finding(doc, "invalid-answer", "DOC-1"));
    cr_assert_null(finding(doc, "invalid-answer", "OTHR-1"));
    kaiji_document_free(doc);
}

Test(validate, huge_blank_mds2_is_judged_in_reasonable_time, .timeout = 20)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS2, "HN 1-2019");
    for (int i = 0; i < 100000; i++) {
        kaiji_item *it = kaiji_document_add_item(doc);
        it->id = kaiji_arena_printf(doc->arena, "AUTH-%d", i % 2 ? i - 1 : i);
        if (i % 2)
            it->id = kaiji_arena_printf(doc->arena, "%s.1", it->id);
    }
    run(doc, NULL);
    cr_assert_eq(count_code(doc, "missing-answer"), 50000, "children are missing, headings not");
    kaiji_document_free(doc);
}

/* ---- templates -------------------------------------------------------- */

/* A blank MDS Ver.5.0 template of three items, as a reader would give it. */
static kaiji_document *mds_template(void)
{
    static const char *const rows[][3] = {
        {"1-1", "1", "製品にウイルス対策ソフトを導入できる。"},
        {"1-2", "1", "製品のパスワードは変更できる。"},
        {"2-1", "2", "通信は暗号化されている。"},
    };
    kaiji_document *doc = kaiji_document_new("/tmp/MDS_Ver5.0_blank.xlsx");
    doc->kind = KAIJI_KIND_MDS;
    doc->form_version = "5.0";
    strcpy(doc->sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    for (size_t i = 0; i < 3; i++) {
        kaiji_item *it = kaiji_document_add_item(doc);
        it->id = rows[i][0];
        it->section = rows[i][1];
        it->question = rows[i][2];
    }
    return doc;
}

Test(validate, imported_template_checks_mds_completeness)
{
    kaiji_document *tpl = mds_template();
    char *json = NULL;
    cr_assert_eq(kaiji_catalog_from_document(&json, tpl, NULL), KAIJI_OK);
    const char *dir = t_tmpdir();
    char path[4200];
    snprintf(path, sizeof(path), "%s/template-mds-5.0.json", dir);
    t_spit(path, json, strlen(json));
    free(json);
    kaiji_document_free(tpl);

    teardown();
    char *err = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, dir, &err), KAIJI_OK, "%s", err ? err : "");

    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "Ver.5.0");
    doc->form_version = "5.0";
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "1-1";
    it->question = "製品にウイルス対策ソフトを導入できる";
    kaiji_item_set_answer_text(doc, it, "はい");
    it = kaiji_document_add_item(doc);
    it->id = "2-1";
    it->question = "通信は暗号化されていることがある。";
    kaiji_item_set_answer_text(doc, it, "はい");
    it = kaiji_document_add_item(doc);
    it->id = "3-1";
    kaiji_item_set_answer_text(doc, it, "はい");
    run(doc, NULL);
    expect(doc, "missing-item", "1-2", KAIJI_SEVERITY_ERROR);
    expect(doc, "unexpected-item", "3-1", KAIJI_SEVERITY_WARNING);
    expect(doc, "item-text-changed", "2-1", KAIJI_SEVERITY_WARNING);
    cr_assert_null(finding(doc, "item-text-changed", "1-1"));
    cr_assert_eq(doc->status, KAIJI_STATUS_INVALID);
    kaiji_document_free(doc);
}

Test(validate, mds_without_template_checks_only_answers)
{
    kaiji_document *doc = new_doc(KAIJI_KIND_MDS, "5.0");
    kaiji_item *it = kaiji_document_add_item(doc);
    it->id = "99-99";
    kaiji_item_set_answer_text(doc, it, "はい");
    run(doc, NULL);
    cr_assert_null(finding(doc, "unexpected-item", NULL));
    cr_assert_null(finding(doc, "missing-item", NULL));
    cr_assert_eq(doc->status, KAIJI_STATUS_VALID);
    kaiji_document_free(doc);
}

/* ---- codes ------------------------------------------------------------ */

Test(validate, finding_codes_list_every_code)
{
    static const char *const want[] = {
        "file-corrupt", "file-encrypted", "file-legacy-xls", "file-too-large",
        "file-unsafe", "unsupported-format", "unknown-form", "missing-form-version",
        "unknown-form-version", "outdated-form-version", "missing-header-field",
        "missing-answer", "invalid-answer", "na-without-reason", "no-without-target-date",
        "target-date-outside-fiscal-year", "missing-confirmation-date", "missing-item",
        "unexpected-item", "item-text-changed", "duplicate-item", "document-date-in-future",
        "form-made-for-older-guideline", "item-list-unknown", "annex-item-no", "no-items",
    };
    const char *const *codes = kaiji_finding_codes();
    for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
        bool found = false;
        for (size_t i = 0; codes[i]; i++)
            found = found || strcmp(codes[i], want[w]) == 0;
        cr_assert(found, "%s is not listed", want[w]);
    }
}
