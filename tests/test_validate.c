/*
 * tests/test_validate.c - the validation rules: one case (at least) per
 * finding code, the status transitions, the checklist edition picked by
 * as_of, and completeness against an imported template.  Documents are built
 * directly with the model's builders.
 *
 * The rules are data: rule_cases[] below, one case a row (the document it
 * starts from, the changes made to it, as_of and target, the findings and
 * status that must follow), each run as a test of its own.  What data cannot
 * say (validating twice, a profile loaded from a file, an imported template,
 * a huge document, the list of codes) stays as tests in code.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
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

/* ---- the rules as data -------------------------------------------------
 * Each case: the document it starts from (a builder below), what is changed
 * in it, the as_of date and target guideline it is validated at, and what
 * must follow: findings with their code, item, severity, words of the
 * message and location; findings that must not be there; counts; the
 * status, guideline, form version and date the document ends with.  One
 * Criterion test a case (ParameterizedTest over the indexes of the table);
 * every assertion names the case. */

typedef enum base_kind {
    B_CHECKLIST,      /* checklist(kind, version, confirmed): はい everywhere */
    B_DOC,            /* new_doc(kind, version): the header, no item */
    B_ANSWERED,       /* new_doc(kind, version) and one answered item */
    B_MDS_WITH_A_NO,  /* mds_with_a_no(): MDS 5.0, 1-1 いいえ, 1-2 はい */
    B_MDS2_FULL,      /* mds2_doc(): a whole MDS2 HN 1-2019, Yes */
    B_BLANK,          /* kaiji_document_new("x.xlsx"): nothing known */
} base_kind;

typedef enum edit_op {
    E_END = 0,
    E_ANSWER,            /* item's answer set from the text a */
    E_ANSWER_NO,         /* item's answer set to いいえ directly */
    E_TARGET,            /* item's target a answered with the text b */
    E_TARGETS,           /* item keeps its first atoi(a) targets */
    E_REMARKS,           /* item's remarks a */
    E_TARGET_DATE,       /* item's 目標日 the date a */
    E_TARGET_DATE_TEXT,  /* item's 目標日 written as a */
    E_NO_CONFIRMATION,   /* item without 確認日 */
    E_CONFIRMATION_TEXT, /* item's first 確認日 written a, no date */
    E_NO_CONFIRMATIONS,  /* no item has a 確認日 */
    E_DROP_ITEM,         /* item taken out of the document */
    E_DROP_LAST,         /* the last item taken out */
    E_DROP_ALL,          /* every item taken out */
    E_BLANK_AFTER_FIRST, /* every item after the first blank, no target, no date */
    E_ADD_ITEM,          /* a new item: ID item, answer a, 確認日 b, location c */
    E_QUESTION,          /* item's question a */
    E_RENAME,            /* item's ID becomes a */
    E_FIELD,             /* header field set to a at location b */
    E_FORM_VERSION,      /* the document's form version a */
    E_GUIDELINE,         /* the guideline the document states, a */
    E_DATE,              /* the document's date a: YYYY-MM-DD, YYYY-MM, "" none */
    E_FAIL,              /* the document refused with code a, message b */
} edit_op;

typedef struct edit {
    edit_op op;
    const char *item;
    const char *a, *b, *c;
    kaiji_field field;
} edit;

#define ANSWER(id, text) {E_ANSWER, id, text, NULL, NULL, 0}
#define ANSWER_NO(id) {E_ANSWER_NO, id, NULL, NULL, NULL, 0}
#define TARGET(id, name, text) {E_TARGET, id, name, text, NULL, 0}
#define TARGETS(id, n) {E_TARGETS, id, #n, NULL, NULL, 0}
#define REMARKS(id, text) {E_REMARKS, id, text, NULL, NULL, 0}
#define TARGET_DATE(id, date) {E_TARGET_DATE, id, date, NULL, NULL, 0}
#define TARGET_DATE_TEXT(id, text) {E_TARGET_DATE_TEXT, id, text, NULL, NULL, 0}
#define NO_CONFIRMATION(id) {E_NO_CONFIRMATION, id, NULL, NULL, NULL, 0}
#define CONFIRMATION_TEXT(id, text) {E_CONFIRMATION_TEXT, id, text, NULL, NULL, 0}
#define NO_CONFIRMATIONS {E_NO_CONFIRMATIONS, NULL, NULL, NULL, NULL, 0}
#define DROP_ITEM(id) {E_DROP_ITEM, id, NULL, NULL, NULL, 0}
#define DROP_LAST {E_DROP_LAST, NULL, NULL, NULL, NULL, 0}
#define DROP_ALL {E_DROP_ALL, NULL, NULL, NULL, NULL, 0}
#define BLANK_AFTER_FIRST {E_BLANK_AFTER_FIRST, NULL, NULL, NULL, NULL, 0}
#define ADD_ITEM(id, answer, confirmed, location) {E_ADD_ITEM, id, answer, confirmed, location, 0}
#define QUESTION(id, text) {E_QUESTION, id, text, NULL, NULL, 0}
#define RENAME(id, to) {E_RENAME, id, to, NULL, NULL, 0}
#define FIELD(f, value, location) {E_FIELD, NULL, value, location, NULL, KAIJI_FIELD_##f}
#define FORM_VERSION(v) {E_FORM_VERSION, NULL, v, NULL, NULL, 0}
#define GUIDELINE(g) {E_GUIDELINE, NULL, g, NULL, NULL, 0}
#define DATE(d) {E_DATE, NULL, d, NULL, NULL, 0}
#define FAIL(code, message) {E_FAIL, NULL, code, message, NULL, 0}

/* A finding that must be there: the first with code (and item, when not
 * NULL) has this severity, a message without a full stop holding each of
 * says ("x|y": x or y), and this location when one is given. */
typedef struct wanted {
    const char *code, *item, *severity;
    const char *says[2];
    const char *location;
} wanted;

/* A finding that must not be there (item NULL: for no item). */
typedef struct unwanted {
    const char *code, *item;
} unwanted;

/* How many findings of code ("*": of any code) and, when not NULL, of
 * severity; exactly n, or at least n. */
typedef struct tally {
    const char *code, *severity;
    size_t n;
    int at_least;
} tally;

typedef struct rule_case {
    const char *name;
    base_kind base;
    kaiji_kind kind;
    const char *version, *confirmed;
    const char *as_of, *target; /* NULL: 2024-10-01, the default target */
    edit edits[6];
    wanted wants[3];
    unwanted unwanted[4];
    tally tallies[2];
    const char *status;       /* kaiji_status_name() after, NULL unchecked */
    const char *guideline;    /* doc->guideline after */
    const char *form_version; /* doc->form_version after */
    int year;                 /* doc->date.year after, 0 unchecked */
} rule_case;

#define CHECKLIST(ed, on) .base = B_CHECKLIST, .kind = KAIJI_KIND_VENDOR_CHECKLIST, \
    .version = ed, .confirmed = on
#define HOSPITAL(ed, on) .base = B_CHECKLIST, .kind = KAIJI_KIND_HOSPITAL_CHECKLIST, \
    .version = ed, .confirmed = on
#define DOC(k, v) .base = B_DOC, .kind = KAIJI_KIND_##k, .version = v
#define ANSWERED(k, v) .base = B_ANSWERED, .kind = KAIJI_KIND_##k, .version = v
#define R6 CHECKLIST("R6", "2024-06-01")
#define R6_HOSPITAL HOSPITAL("R6", "2024-06-01")
#define NO_FINDINGS .tallies = {{"*", NULL, 0, 0}}

static const rule_case rule_cases[] = {
    /* ---- baseline and statuses ---- */
    {"a complete R6 vendor checklist is valid", R6, .as_of = "2024-10-01", NO_FINDINGS,
     .status = "valid", .guideline = "6.0", .year = 2024 /* its latest 確認日 */},
    {"a complete R6 hospital checklist is valid", R6_HOSPITAL, .as_of = "2024-10-01",
     NO_FINDINGS, .status = "valid"},
    {"an unknown kind gives unknown-form and invalid", .base = B_BLANK,
     .wants = {{"unknown-form", NULL, "error"}}, .status = "invalid"},
    {"an unreadable document is unreadable without new findings", .base = B_BLANK,
     .edits = {FAIL("file-legacy-xls", "an old .xls workbook")},
     .tallies = {{"*", NULL, 1, 0}}, .status = "unreadable"},
    {"an outdated R5 is outdated", CHECKLIST("R5", "2023-06-01"), .as_of = "2024-10-01",
     .status = "outdated"},
    {"an error beats outdated", CHECKLIST("R5", "2023-06-01"), .as_of = "2024-10-01",
     .edits = {ANSWER("1(1)", "")}, .status = "invalid"},
    {"R5 while current is valid", CHECKLIST("R5", "2023-06-01"), .as_of = "2023-10-01",
     .status = "valid"},
    {"warnings alone leave a document valid", R6, .edits = {ANSWER("2(2)", "対象外")},
     .wants = {{"na-without-reason", "2(2)", "warning"}}, .status = "valid"},

    /* ---- as_of picks the checklist edition: an edition is current from
     * its publication (R6 2024-05, read as 2024-05-31; R7 2025-05-16; R8
     * 2026-06-29) until the next one's, not from the start of its fiscal
     * year; the target guideline plays no part.  Every answer is はい, so
     * no 目標日 is at stake. ---- */
#define CURRENT(ed, as_of_date)                                                            \
    {"edition " ed " as of " as_of_date " is current", CHECKLIST(ed, "2023-06-01"),        \
     .as_of = as_of_date, .status = "valid"}
#define OUTDATED(ed, as_of_date)                                                           \
    {"edition " ed " as of " as_of_date " is outdated", CHECKLIST(ed, "2023-06-01"),       \
     .as_of = as_of_date, .status = "outdated",                                            \
     .wants = {{"outdated-form-version", NULL, "warning"}}}
    CURRENT("R5", "2023-10-01"),
    CURRENT("R5", "2024-04-01"),
    CURRENT("R5", "2024-05-30"),
    OUTDATED("R5", "2024-05-31"),
    CURRENT("R6", "2024-04-01"), /* newer than current: fine */
    CURRENT("R6", "2025-05-15"),
    OUTDATED("R6", "2025-05-16"),
    CURRENT("R7", "2025-06-01"),
    CURRENT("R7", "2026-04-01"), /* FY2026 began, R8 not yet out */
    CURRENT("R7", "2026-05-01"),
    CURRENT("R7", "2026-06-28"),
    OUTDATED("R7", "2026-06-29"),
    OUTDATED("R7", "2026-12-01"),
    OUTDATED("R6", "2031-01-01"),

    /* ---- form version ---- */
    {"a checklist without edition gives missing-form-version", R6,
     .edits = {FORM_VERSION(""), FIELD(FORM_VERSION, "", NULL)},
     .wants = {{"missing-form-version", NULL, "error"}}, .status = "invalid"},
    {"an MDS without version gives missing-form-version", DOC(MDS, ""),
     .wants = {{"missing-form-version", NULL, "error"}}},
    {"MDS 9.9 is an unknown form version", DOC(MDS, "9.9"),
     .wants = {{"unknown-form-version", NULL, "warning"}}},
    {"checklist R9 is an unknown form version", R6, .edits = {FORM_VERSION("R9")},
     .wants = {{"unknown-form-version", NULL, "warning"}}},
    {"MDS2 HN 1-2031 is an unknown form version", DOC(MDS2, "HN 1-2031"),
     .wants = {{"unknown-form-version", NULL, "warning"}}},
    {"an SDS before 4.0 is an unknown form version", DOC(SDS, "3.0a"),
     .wants = {{"unknown-form-version", NULL, "warning", {"4.0"}}}},
    {"MDS 5.0 is current and made for 6.0", ANSWERED(MDS, "5.0"), .status = "valid",
     .guideline = "6.0"},
    {"MDS 4.1 is outdated under 6.0", ANSWERED(MDS, "4.1"),
     .wants = {{"outdated-form-version", NULL, "warning", {"5.2", "5.0"}, "Sheet1!C2"}},
     .status = "outdated", .guideline = "5.2"},
    {"an MDS version alias is recognised", DOC(MDS, ""),
     .edits = {FIELD(FORM_VERSION, "JAHIS 13-003", NULL)},
     .wants = {{"outdated-form-version", NULL, "warning"}},
     .unwanted = {{"missing-form-version"}}, .form_version = "1st"},
    {"under 7.0 the newest form 5.0 stays current with an info", ANSWERED(SDS, "5.0"),
     .as_of = "2026-12-01", .target = "7.0",
     .wants = {{"form-made-for-older-guideline", NULL, "info", {"6.0", "7.0"}}},
     .unwanted = {{"outdated-form-version"}},
     .tallies = {{"form-made-for-older-guideline", NULL, 1, 0}}, .status = "valid"},
    {"under 7.0 a 4.1 form is outdated", ANSWERED(MDS, "4.1"), .as_of = "2026-12-01",
     .target = "7.0", .wants = {{"outdated-form-version", NULL, "warning"}},
     .status = "outdated"},
    /* Ver.5.0 was published in 2024-09 (read as 2024-09-30). */
#define BEFORE_5_0(as_of_date)                                                             \
    {"a 4.1 form as of " as_of_date " is current", ANSWERED(MDS, "4.1"),                   \
     .edits = {DATE("2023-12-01")}, .as_of = as_of_date, .status = "valid",                \
     .wants = {{"form-made-for-older-guideline", NULL, "info"}}}
#define AFTER_5_0(as_of_date)                                                              \
    {"a 4.1 form as of " as_of_date " is outdated", ANSWERED(MDS, "4.1"),                  \
     .edits = {DATE("2023-12-01")}, .as_of = as_of_date, .status = "outdated"}
    BEFORE_5_0("2024-01-10"),
    BEFORE_5_0("2024-09-29"),
    AFTER_5_0("2024-09-30"),
    AFTER_5_0("2026-12-01"),
    {"a stated 6.0 under 7.0 is only noted", ANSWERED(MDS, "5.0"), .edits = {GUIDELINE("6.0")},
     .as_of = "2026-12-01", .target = "7.0", .unwanted = {{"outdated-form-version"}},
     .tallies = {{"form-made-for-older-guideline", NULL, 1, 0}}, .status = "valid"},
    {"checklist editions follow the date under target 6.0", CHECKLIST("R7", "2025-06-01"),
     .as_of = "2026-12-01", .target = "6.0",
     .wants = {{"outdated-form-version", NULL, "warning", {"R8", "令和8年度版"}}}},
    {"checklist editions follow the date under target 7.0", CHECKLIST("R7", "2025-06-01"),
     .as_of = "2026-12-01", .target = "7.0",
     .wants = {{"outdated-form-version", NULL, "warning", {"R8", "令和8年度版"}}}},
    /* R8's item list is not known: the items the document has are checked. */
    {"an R8 checklist is current and its unknown items are noted",
     CHECKLIST("R7", "2026-08-01"), .as_of = "2026-12-01",
     .edits = {FORM_VERSION("R8"), ANSWER_NO("2⑦"), TARGET_DATE("2⑦", "2027-04-01")},
     .wants = {{"item-list-unknown", NULL, "info"},
               {"target-date-outside-fiscal-year", "2⑦", "error"}},
     .unwanted = {{"outdated-form-version"}, {"missing-item"}}},
#define FILLED(filled, target_date, ok, why)                                                \
    {"R7 filled " filled ", 目標日 " target_date ": " why, CHECKLIST("R7", filled),          \
     .as_of = "2026-06-01", .edits = {ANSWER_NO("2⑧"), TARGET_DATE("2⑧", target_date)},   \
     .wants = {{ok ? NULL : "target-date-outside-fiscal-year", "2⑧", "error"}},            \
     .unwanted = {{ok ? "target-date-outside-fiscal-year" : NULL, "2⑧"}}}
    FILLED("2026-05-20", "2027-02-26", 1, "R7 newest then: FY2026"),
    FILLED("2026-05-20", "2026-03-31", 0, "before FY2026"),
    FILLED("2025-06-01", "2026-03-31", 1, "the edition's own year"),
    FILLED("2025-06-01", "2026-04-01", 0, "after the edition's own year"),
    FILLED("2026-07-10", "2027-02-26", 0, "after R8: FY2025 still"),
    {"under 7.0 a no gets the annex note", .base = B_MDS_WITH_A_NO, .as_of = "2026-12-01",
     .target = "7.0", .wants = {{"annex-item-no", "1-1", "info", {"--profile"}}},
     .unwanted = {{"annex-item-no", "1-2"}}},
    {"under 6.0 a no gets no annex note: 6.0 has no annex", .base = B_MDS_WITH_A_NO,
     .as_of = "2026-12-01", .target = "6.0", .unwanted = {{"annex-item-no"}}},
    {"a stated old guideline is outdated", ANSWERED(MDS, "5.0"), .edits = {GUIDELINE("5.2")},
     .wants = {{"outdated-form-version", NULL, "warning"}}, .status = "outdated"},
    {"MDS2 2013 is outdated", ANSWERED(MDS2, "HN 1-2013"),
     .wants = {{"outdated-form-version", NULL, "warning"}}, .status = "outdated"},

    /* ---- header ---- */
    {"a missing vendor is an error and a missing contact a warning", DOC(MDS, "5.0"),
     .edits = {FIELD(VENDOR, "  ", "Sheet1!C3"), FIELD(CONTACT, "", NULL)},
     .wants = {{"missing-header-field", NULL, "error", {"製造業者名"}, "Sheet1!C3"}},
     .tallies = {{"missing-header-field", NULL, 2, 0}, {"*", "warning", 1, 0}},
     .status = "invalid"},
    {"optional fields alone never make a document invalid", ANSWERED(SDS, "5.0"),
     .edits = {FIELD(CONTACT, "", NULL), FIELD(CONTRACT, "", NULL),
               FIELD(PRODUCT_VERSION, "", NULL)},
     .tallies = {{"missing-header-field", NULL, 1, 1}}, .status = "valid"},
    {"a document date that is not a date is reported", DOC(MDS, "5.0"),
     .edits = {DATE(""), FIELD(DOCUMENT_DATE, "近日中", "Sheet1!C8")},
     .wants = {{"missing-header-field", NULL, "error", {"近日中"}}}},
    {"an MDS2 missing its manufacturer names DOC-1", DOC(MDS2, "HN 1-2019"),
     .edits = {FIELD(VENDOR, "", NULL)},
     .wants = {{"missing-header-field", "DOC-1", "error", {"Manufacturer Name"}}}},
    {"a checklist without any confirmation date has no date", R6,
     .edits = {NO_CONFIRMATIONS}, .wants = {{"missing-header-field", NULL, "error"}}},
    {"a document dated after as_of is in the future", DOC(MDS, "5.0"),
     .edits = {DATE("2025-01-10")}, .as_of = "2024-10-01",
     .wants = {{"document-date-in-future", NULL, "warning", {"2025-01-10"}}}},
#define MONTH(as_of_date, future, what)                                                    \
    {"a document of 2024-11 as of " as_of_date " is " what,                                \
     ANSWERED(MDS, "5.0"), .as_of = as_of_date,                                            \
     .edits = {FIELD(DOCUMENT_DATE, "2024年11月", "Sheet1!C8"), DATE("2024-11")},          \
     .wants = {{future ? "document-date-in-future" : NULL, NULL, "warning",               \
                {"2024-11 |2024-11,"}}},                                                   \
     .unwanted = {{future ? "missing-header-field" : "document-date-in-future"},           \
                  {"missing-header-field"}},                                               \
     .status = "valid"}
    MONTH("2024-10-31", 1, "in the future"),
    MONTH("2024-11-01", 0, "not in the future: a month is within its own month"),
    MONTH("2024-11-30", 0, "not in the future: a month is within its own month"),
    MONTH("2025-01-01", 0, "not in the future"),
#define NO_ITEMS(k, v)                                                                     \
    {"a " #k " without an item table is never valid", DOC(k, v),                          \
     .wants = {{"no-items", NULL, "error", {"nothing in it was checked"}}},              \
     .status = "invalid"}
    NO_ITEMS(MDS, "5.0"),
    NO_ITEMS(SDS, "5.0"),
    NO_ITEMS(MDS2, "HN 1-2019"),
    {"a checklist without items is never valid", R6, .as_of = "2024-10-01",
     .edits = {DROP_ALL}, .wants = {{"no-items", NULL, "error"}}, .status = "invalid"},
    {"a form with items has no no-items finding", R6, .unwanted = {{"no-items"}}},

    /* ---- answers ---- */
    {"a blank answer is missing", R6, .edits = {ANSWER("2(2)", "")},
     .wants = {{"missing-answer", "2(2)", "error", {NULL}, "Sheet1!B10"}},
     .status = "invalid"},
    {"a checklist item needs an answer for each target", R6,
     .edits = {TARGET("2(7)", "ネットワーク機器", "")},
     .wants = {{"missing-answer", "2(7)", "error", {"ネットワーク機器"}}},
     .tallies = {{"missing-answer", NULL, 1, 0}}},
    {"a target the document lacks is missing", R6,
     .edits = {TARGETS("2(4)", 1)}, /* サーバ, 端末PC: only サーバ left */
     .wants = {{"missing-answer", "2(4)", "error", {"端末PC"}}}},
    {"one answer column covers every target", R6,
     .edits = {TARGETS("2(7)", 0), ANSWER("2(7)", "はい")}, .unwanted = {{"missing-answer"}}},
    {"an unreadable answer is invalid", R6, .edits = {ANSWER("1(1)", "たぶん")},
     .wants = {{"invalid-answer", "1(1)", "error", {"たぶん"}}}},
    {"See Note is not an answer outside MDS2", DOC(MDS, "5.0"),
     .edits = {ADD_ITEM("1-1", "See Note", NULL, NULL)},
     .wants = {{"invalid-answer", "1-1", "error"}}},
    {"not applicable without a reason is a warning; remarks or a comment is a reason", R6,
     .edits = {ANSWER("2(2)", "対象外"), TARGET("2(8)", "ネットワーク機器", "対象外"),
               REMARKS("2(8)", "ネットワーク機器は納入していない"),
               ANSWER("2(3)", "対象外（MDSは別途提出）"),
               TARGET("2(6)", "サーバ", "該当なし（サーバなし）")},
     .wants = {{"na-without-reason", "2(2)", "warning", {"対象外"}}},
     .tallies = {{"na-without-reason", NULL, 1, 0}}},
    {"an SDS not applicable without a reason is reported", DOC(SDS, "5.0"),
     .edits = {ADD_ITEM("A-1", "対象外", NULL, NULL)},
     .wants = {{"na-without-reason", "A-1", "warning"}}},
    {"an MDS2 N/A without a reason is not reported", DOC(MDS2, "HN 1-2019"),
     .edits = {ADD_ITEM("ALOF-1", "N/A", NULL, NULL)}, .unwanted = {{"na-without-reason"}}},
    {"no without a target date is an error", R6,
     .edits = {TARGET("2(5)", "端末PC", "いいえ"), ANSWER("3(1)", "いいえ"),
               TARGET_DATE_TEXT("3(1)", "未定")},
     .wants = {{"no-without-target-date", "2(5)", "error", {"目標日"}},
               {"no-without-target-date", "3(1)", "error", {"未定"}}}},
    {"a target date must fall in the edition's fiscal year", R6,
     .edits = {ANSWER("2(2)", "いいえ"), TARGET_DATE("2(2)", "2025-04-01"),
               ANSWER("3(1)", "いいえ"), TARGET_DATE("3(1)", "2025-03-31")},
     .wants = {{"target-date-outside-fiscal-year", "2(2)", "error", {"2024"}}},
     .unwanted = {{"target-date-outside-fiscal-year", "3(1)"}, {"no-without-target-date"}}},
    {"an item without its first confirmation date is reported", R6,
     .edits = {NO_CONFIRMATION("2(1)"), CONFIRMATION_TEXT("2(2)", "そのうち")},
     .wants = {{"missing-confirmation-date", "2(1)", "error"},
               {"missing-confirmation-date", "2(2)", "error", {"そのうち"}}}},
    {"hospital item 0 answered no ends the sheet", R6_HOSPITAL,
     .edits = {ANSWER("0", "いいえ"), BLANK_AFTER_FIRST}, .status = "valid"},

    /* ---- completeness ---- */
    {"an item missing from the form is reported", R6, .edits = {DROP_ITEM("2(3)")},
     .wants = {{"missing-item", "2(3)", "error", {"item 2(3)", "missing"}}}},
    {"an inferred item missing is only a warning", R6,
     .edits = {DROP_LAST}, /* 3(1): on the vendor sheet by inference */
     .wants = {{"missing-item", "3(1)", "warning"}}, .status = "valid"},
    {"an item not on the form is unexpected", R6,
     .edits = {ADD_ITEM("2(10)", "はい", "2024-06-01", NULL), QUESTION("2(10)", "独自の項目")},
     .wants = {{"unexpected-item", "2(10)", "warning"}}},
    {"item 0 on the vendor sheet is unexpected", R6,
     .edits = {ADD_ITEM("0", "はい", NULL, NULL)},
     .wants = {{"unexpected-item", "0", "warning"}}},
    {"an incomplete R7 list reports no unexpected items", CHECKLIST("R7", "2025-06-01"),
     .as_of = "2025-10-01", .edits = {ADD_ITEM("2⑫", "はい", "2025-06-01", NULL)},
     .unwanted = {{"unexpected-item"}}, .status = "valid"},
    {"a reworded question is item-text-changed", R6_HOSPITAL,
     .edits = {QUESTION("2(1)", "サーバの台帳を作っている。")},
     .wants = {{"item-text-changed", "2(1)", "warning", {"サーバの台帳"}}}},
    {"width and space differences are not rewording", R6_HOSPITAL,
     .edits = {QUESTION("2(2)", "リモートメンテナンス（保守）を利用している 機器の有無を事業者等に確認した"),
               QUESTION("2(8)", "  接続元制限を実施している。 ")},
     .unwanted = {{"item-text-changed"}}},
    {"unknown wording is never item-text-changed; inferred wording is an info",
     CHECKLIST("R7", "2025-06-01"), .as_of = "2025-10-01",
     .edits = {QUESTION("2⑨", "USBストレージ等の外部記録媒体の使用を制限している。"),
               QUESTION("2①", "機器の台帳を作っている。")},
     .wants = {{"item-text-changed", "2①", "info"}},
     .unwanted = {{"item-text-changed", "2⑨"}}},
    {"item IDs written differently still match", R6,
     .edits = {RENAME("2(1)", "２（１）"), RENAME("2(2)", "(2)") /* section "2" apart */},
     .unwanted = {{"missing-item"}, {"unexpected-item"}}},
    {"the same item twice is duplicate-item", R6,
     .edits = {ADD_ITEM("２（２）", "はい", "2024-06-01", "Sheet1!A40")},
     .wants = {{"duplicate-item", "２（２）", "warning", {NULL}, "Sheet1!A40"}},
     .tallies = {{"duplicate-item", NULL, 1, 0}}},

    /* ---- MDS2 ---- */
    {"a full MDS2 2019 is valid", .base = B_MDS2_FULL, NO_FINDINGS, .status = "valid"},
    {"an MDS2 section short of questions is missing-item", .base = B_MDS2_FULL,
     .edits = {RENAME("AUTH-7", "XAUTH"), RENAME("AUTH-8", "XAUTH")},
     .wants = {{"missing-item", "AUTH", "error", {"6", "8"}},
               {"unexpected-item", "XAUTH", "warning"}}},
    {"MDS2 SHAD-15 counts as SAHD-15", .base = B_MDS2_FULL,
     .edits = {RENAME("SAHD-15", "SHAD-15")}, NO_FINDINGS},
    {"MDS2 See Note needs a note", .base = B_MDS2_FULL,
     .edits = {ANSWER("MPII-1", "See Notes"), ANSWER("MPII-2", "See Note"),
               REMARKS("MPII-2", "Note 3: encryption is optional")},
     .wants = {{"missing-answer", "MPII-1", "warning"}},
     .unwanted = {{"missing-answer", "MPII-2"}}},
    {"an MDS2 blank heading question is not missing", .base = B_MDS2_FULL,
     .edits = {ANSWER("CONN-1", ""), RENAME("CONN-2", "CONN-1.1"), ANSWER("CONN-1.1", "____"),
               RENAME("CONN-3", "CONN-1.1.1"), ANSWER("CONN-4", "")},
     .wants = {{"missing-answer", "CONN-4", "error"}},
     .unwanted = {{"missing-answer", "CONN-1"}, {"missing-answer", "CONN-1.1"},
                  {"invalid-answer"}}},
    {"MDS2 DOC questions with choices are checked and free text is not", .base = B_MDS2_FULL,
     .edits = {ADD_ITEM("DOC-8", "Perhaps", NULL, NULL),
               ADD_ITEM("DOC-6", "Imaging of patients", NULL, NULL)},
     .wants = {{"invalid-answer", "DOC-8", "error"}},
     .unwanted = {{"invalid-answer", "DOC-6"}, {"invalid-answer", "DOC-1"},
                  {"invalid-answer", "OTHR-1"}}},

    /* ---- templates ---- */
    {"an MDS without a template checks only answers", DOC(MDS, "5.0"),
     .edits = {ADD_ITEM("99-99", "はい", NULL, NULL)},
     .unwanted = {{"unexpected-item"}, {"missing-item"}}, .status = "valid"},
};
#define RULE_CASES (sizeof rule_cases / sizeof rule_cases[0])

/* The document case c starts from. */
static kaiji_document *base_document(const rule_case *c)
{
    switch (c->base) {
    case B_CHECKLIST:
        return checklist(c->kind, c->version, c->confirmed);
    case B_DOC:
        return new_doc(c->kind, c->version);
    case B_ANSWERED: {
        kaiji_document *doc = new_doc(c->kind, c->version);
        answered_item(doc);
        return doc;
    }
    case B_MDS_WITH_A_NO:
        return mds_with_a_no();
    case B_MDS2_FULL:
        return mds2_doc();
    case B_BLANK:
        break;
    }
    kaiji_document *doc = kaiji_document_new("x.xlsx");
    cr_assert_not_null(doc);
    return doc;
}

/* The item of doc with this ID, named after the case in the failure. */
static kaiji_item *case_item(kaiji_document *doc, const rule_case *c, const char *id)
{
    for (size_t i = 0; i < doc->item_count; i++)
        if (strcmp(doc->items[i].id, id) == 0)
            return &doc->items[i];
    cr_assert_fail("%s: the document has no item %s", c->name, id);
    return NULL;
}

static void apply(kaiji_document *doc, const rule_case *c, const edit *e)
{
    kaiji_item *it = e->item && e->op != E_ADD_ITEM ? case_item(doc, c, e->item) : NULL;

    switch (e->op) {
    case E_END:
        break;
    case E_ANSWER:
        kaiji_item_set_answer_text(doc, it, e->a);
        break;
    case E_ANSWER_NO:
        it->answer = KAIJI_ANSWER_NO;
        it->answer_text = "いいえ";
        break;
    case E_TARGET:
        set_target(doc, it, e->a, e->b);
        break;
    case E_TARGETS:
        it->target_count = (size_t)atoi(e->a);
        break;
    case E_REMARKS:
        it->remarks = e->a;
        break;
    case E_TARGET_DATE:
        it->target_date = date_of(e->a);
        break;
    case E_TARGET_DATE_TEXT:
        it->target_date_text = e->a;
        break;
    case E_NO_CONFIRMATION:
        it->confirmation_count = 0;
        break;
    case E_CONFIRMATION_TEXT:
        it->confirmations[0] = (kaiji_date){0, 0, 0};
        it->confirmation_texts[0] = e->a;
        break;
    case E_NO_CONFIRMATIONS:
        for (size_t i = 0; i < doc->item_count; i++)
            doc->items[i].confirmation_count = 0;
        break;
    case E_DROP_ITEM: {
        size_t at = (size_t)(it - doc->items);
        memmove(it, it + 1, (doc->item_count - at - 1) * sizeof(*it));
        doc->item_count--;
        break;
    }
    case E_DROP_LAST:
        doc->item_count--;
        break;
    case E_DROP_ALL:
        doc->item_count = 0;
        break;
    case E_BLANK_AFTER_FIRST:
        for (size_t i = 1; i < doc->item_count; i++) {
            doc->items[i].answer = KAIJI_ANSWER_BLANK;
            doc->items[i].target_count = 0;
            doc->items[i].confirmation_count = 0;
        }
        break;
    case E_ADD_ITEM:
        it = kaiji_document_add_item(doc);
        cr_assert_not_null(it);
        it->id = e->item;
        if (e->c)
            it->location = e->c;
        kaiji_item_set_answer_text(doc, it, e->a);
        if (e->b) {
            it->confirmation_count = 1;
            it->confirmations[0] = date_of(e->b);
        }
        break;
    case E_QUESTION:
        it->question = e->a;
        break;
    case E_RENAME:
        it->id = e->a;
        break;
    case E_FIELD:
        kaiji_document_set_field(doc, e->field, e->a, e->b);
        break;
    case E_FORM_VERSION:
        doc->form_version = e->a;
        break;
    case E_GUIDELINE:
        doc->guideline = e->a;
        break;
    case E_DATE:
        if (!*e->a)
            doc->date = (kaiji_date){0, 0, 0};
        else if (strlen(e->a) == 7)
            doc->date = (kaiji_date){atoi(e->a), atoi(e->a + 5), 0};
        else
            doc->date = date_of(e->a);
        break;
    case E_FAIL:
        kaiji_document_fail(doc, e->a, "%s", e->b);
        break;
    }
}

/* true when message holds one of the alternatives of says ("x|y"). */
static bool says(const char *message, const char *alternatives)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", alternatives);
    for (char *save = NULL, *p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
        if (strstr(message, p))
            return true;
    return false;
}

static void check_want(const kaiji_document *doc, const rule_case *c, const wanted *w)
{
    const kaiji_finding *f = finding(doc, w->code, w->item);
    if (!f)
        dump(doc);
    cr_assert_not_null(f, "%s: no %s finding for %s", c->name, w->code,
                       w->item ? w->item : "(any)");
    cr_assert_str_eq(kaiji_severity_name(f->severity), w->severity, "%s: %s has severity %s",
                     c->name, w->code, kaiji_severity_name(f->severity));
    cr_assert(f->message && *f->message, "%s: %s without message", c->name, w->code);
    cr_assert(f->message[strlen(f->message) - 1] != '.',
              "%s: the message ends with a full stop: %s", c->name, f->message);
    for (size_t k = 0; k < 2; k++)
        if (w->says[k])
            cr_assert(says(f->message, w->says[k]), "%s: %s says \"%s\", not \"%s\"", c->name,
                      w->code, f->message, w->says[k]);
    if (w->location)
        cr_assert_str_eq(f->location, w->location, "%s: %s at %s", c->name, w->code,
                         f->location);
}

static void check_tally(const kaiji_document *doc, const rule_case *c, const tally *t)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->finding_count; i++)
        n += (strcmp(t->code, "*") == 0 || strcmp(doc->findings[i].code, t->code) == 0) &&
             (!t->severity ||
              strcmp(kaiji_severity_name(doc->findings[i].severity), t->severity) == 0);
    if (n != t->n)
        dump(doc);
    if (t->at_least)
        cr_assert_geq(n, t->n, "%s: %zu findings %s %s, expected at least %zu", c->name, n,
                      t->code, t->severity ? t->severity : "", t->n);
    else
        cr_assert_eq(n, t->n, "%s: %zu findings %s %s, expected %zu", c->name, n, t->code,
                     t->severity ? t->severity : "", t->n);
}

ParameterizedTestParameters(validate, each_rule_case_gives_the_findings_it_states)
{
    static size_t indexes[RULE_CASES];
    for (size_t i = 0; i < RULE_CASES; i++)
        indexes[i] = i;
    return cr_make_param_array(size_t, indexes, RULE_CASES);
}

ParameterizedTest(size_t *index, validate, each_rule_case_gives_the_findings_it_states)
{
    const rule_case *c = &rule_cases[*index];
    kaiji_document *doc = base_document(c);

    for (size_t i = 0; i < sizeof c->edits / sizeof c->edits[0] && c->edits[i].op; i++)
        apply(doc, c, &c->edits[i]);
    cr_assert_eq(run_target(doc, c->as_of, c->target), KAIJI_OK, "%s: validate failed",
                 c->name);
    for (size_t i = 0; i < sizeof c->wants / sizeof c->wants[0]; i++)
        if (c->wants[i].code)
            check_want(doc, c, &c->wants[i]);
    for (size_t i = 0; i < sizeof c->unwanted / sizeof c->unwanted[0]; i++)
        if (c->unwanted[i].code)
            cr_assert_null(finding(doc, c->unwanted[i].code, c->unwanted[i].item),
                           "%s: an unwanted %s finding for %s", c->name, c->unwanted[i].code,
                           c->unwanted[i].item ? c->unwanted[i].item : "(any)");
    for (size_t i = 0; i < sizeof c->tallies / sizeof c->tallies[0]; i++)
        if (c->tallies[i].code)
            check_tally(doc, c, &c->tallies[i]);
    if (c->status) {
        if (strcmp(kaiji_status_name(doc->status), c->status) != 0)
            dump(doc);
        cr_assert_str_eq(kaiji_status_name(doc->status), c->status, "%s: %s", c->name,
                         kaiji_status_name(doc->status));
    }
    if (c->guideline)
        cr_assert_str_eq(doc->guideline, c->guideline, "%s: guideline %s", c->name,
                         doc->guideline);
    if (c->form_version)
        cr_assert_str_eq(doc->form_version, c->form_version, "%s: form version %s", c->name,
                         doc->form_version);
    if (c->year)
        cr_assert_eq(doc->date.year, c->year, "%s: dated %d", c->name, doc->date.year);
    kaiji_document_free(doc);
}

/* ---- what the table cannot say ---------------------------------------- */

Test(validate, validating_twice_is_refused)
{
    kaiji_document *doc = checklist(KAIJI_KIND_VENDOR_CHECKLIST, "R6", "2024-06-01");
    run(doc, NULL);
    cr_assert_eq(run_target(doc, NULL, NULL), KAIJI_ERROR_INVALID);
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
