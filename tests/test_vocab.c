/*
 * tests/test_vocab.c - the label vocabulary: the built-in labels.json loads
 * and answers lookups by key (so full-width and spaced spellings meet), and
 * malformed vocabularies are refused with a reason.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "catalog/vocab.h"
#include "text/text.h"

static kaiji_vocab *builtin(void)
{
    kaiji_vocab *v = NULL;

    cr_assert_eq(kaiji_vocab_builtin(&v), KAIJI_OK);
    cr_assert_not_null(v);
    return v;
}

static kaiji_field field(const kaiji_vocab *v, const char *label)
{
    char *key = kaiji_text_key(label);
    kaiji_field f = kaiji_vocab_field(v, key);

    free(key);
    return f;
}

static bool column(const kaiji_vocab *v, const char *label, kaiji_column_label *out)
{
    char *key = kaiji_text_key(label);
    bool ok = kaiji_vocab_column(v, key, out);

    free(key);
    return ok;
}

Test(vocab, header_field_labels_map_to_fields)
{
    static const struct {
        const char *label;
        kaiji_field field;
    } cases[] = {
        { "製造業者名", KAIJI_FIELD_VENDOR },
        { " 製造業者 名 ", KAIJI_FIELD_VENDOR },
        { "貴社名", KAIJI_FIELD_VENDOR },
        { "サービス名", KAIJI_FIELD_PRODUCT },
        { "製品・サービス名", KAIJI_FIELD_PRODUCT },
        { "型番・バージョン", KAIJI_FIELD_PRODUCT_VERSION },
        { "記入日", KAIJI_FIELD_DOCUMENT_DATE },
        { "開示書の版", KAIJI_FIELD_FORM_VERSION },
        { "対応ガイドライン", KAIJI_FIELD_GUIDELINE },
        { "契約番号", KAIJI_FIELD_CONTRACT },
        { "問い合わせ先", KAIJI_FIELD_CONTACT },
        { "確認項目", KAIJI_FIELD__COUNT },
    };
    kaiji_vocab *v = builtin();
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(field(v, cases[i].label), cases[i].field, "%s", cases[i].label);
    kaiji_vocab_free(v);
}

Test(vocab, column_labels_give_roles_rounds_choices_and_targets)
{
    kaiji_vocab *v = builtin();
    kaiji_column_label l;

    cr_assert(column(v, "Ｎｏ．", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_ID);
    cr_assert(column(v, "Question ID", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_ID);
    cr_assert(column(v, "チェック項目", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_QUESTION);
    cr_assert(column(v, "回答欄", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_ANSWER);
    cr_assert(column(v, "See note", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_REMARKS);
    cr_assert(column(v, "対応予定日", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_TARGET_DATE);
    cr_assert(column(v, "2回目", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_CONFIRMATION);
    cr_assert_eq(l.round, 2);
    cr_assert(column(v, "対象外", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_CHOICE);
    cr_assert_eq(l.answer, KAIJI_ANSWER_NA);
    cr_assert(column(v, "サーバー", &l));
    cr_assert_eq(l.role, KAIJI_COLUMN_TARGET);
    cr_assert_str_eq(l.name, "サーバ");
    cr_assert(column(v, "端末", &l));
    cr_assert_str_eq(l.name, "端末PC");
    cr_assert_not(column(v, "製造業者名", &l));
    kaiji_vocab_free(v);
}

Test(vocab, title_rules_and_clues)
{
    kaiji_vocab *v = builtin();
    char *key = kaiji_text_key("医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）");
    uint64_t found = kaiji_vocab_title_phrases(v, key);
    size_t i, matched = 0;
    kaiji_kind kinds[KAIJI_KIND__COUNT];

    for (i = 0; i < kaiji_vocab_title_rule_count(v); i++) {
        uint64_t need = kaiji_vocab_title_rule_mask(v, i);

        if ((found & need) == need && kaiji_vocab_title_rule_kinds(v, i, kinds) == 1 &&
            kinds[0] == KAIJI_KIND_VENDOR_CHECKLIST)
            matched++;
    }
    cr_assert_eq(matched, 1);
    free(key);
    key = kaiji_text_key("MDS/SDS Ver.5.0");
    cr_assert_eq(kaiji_vocab_clues(v, key) & ((1u << KAIJI_KIND_MDS) | (1u << KAIJI_KIND_SDS)), 0,
                 "MDS/SDS names both kinds, so neither");
    free(key);
    key = kaiji_text_key("■SDS □MDS");
    cr_assert_eq(kaiji_vocab_clues(v, key) & ((1u << KAIJI_KIND_MDS) | (1u << KAIJI_KIND_SDS)),
                 1u << KAIJI_KIND_SDS);
    free(key);
    kaiji_vocab_free(v);
}

Test(vocab, mds2_doc_questions_and_editions)
{
    kaiji_vocab *v = builtin();
    char *key = kaiji_text_key("ANSI/NEMA HN 1-2019");

    cr_assert_eq(kaiji_vocab_mds2_field(v, "DOC-1"), KAIJI_FIELD_VENDOR);
    cr_assert_eq(kaiji_vocab_mds2_field(v, "doc-7"), KAIJI_FIELD_DOCUMENT_DATE);
    cr_assert_eq(kaiji_vocab_mds2_field(v, "DOC-4"), KAIJI_FIELD__COUNT);
    cr_assert_str_eq(kaiji_vocab_mds2_edition(v, key), "HN 1-2019");
    cr_assert_str_eq(kaiji_vocab_mds2_default_edition(v, "SBOM"), "HN 1-2019");
    cr_assert_null(kaiji_vocab_mds2_default_edition(v, "AUDT"));
    free(key);
    kaiji_vocab_free(v);
}

Test(vocab, malformed_vocabularies_are_refused_with_a_reason)
{
    static const char *const bad[] = {
        "not json",
        "{\"format\": \"something-else\"}",
        "{\"titles\": [], \"fields\": {\"colour\": [\"色\"]}, \"columns\": {}}",
        "{\"titles\": [], \"fields\": {\"vendor\": [\"会社名\", \"会 社 名\"]}, \"columns\": {}}",
        "{\"titles\": [{\"kinds\": [\"nope\"], \"all\": [\"x\"]}], \"fields\": {}, \"columns\": {}}",
        "{\"titles\": [], \"fields\": {}, \"columns\": {\"id\": [\"No\"]}, \"choices\": {\"no\": [\"No\"]}}",
    };
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kaiji_vocab *v = NULL;
        char *err = NULL;

        cr_expect_eq(kaiji_vocab_new(&v, bad[i], &err), KAIJI_ERROR_CATALOG, "case %zu", i);
        cr_expect_null(v);
        cr_expect(err && *err, "case %zu has a reason", i);
        free(err);
    }
}

Test(vocab, a_minimal_vocabulary_loads)
{
    kaiji_vocab *v = NULL;
    char *err = NULL;

    cr_assert_eq(kaiji_vocab_new(&v, "{\"titles\": [], \"fields\": {\"vendor\": [\"Maker\"]},"
                                     " \"columns\": {\"id\": [\"Ref\"]}}", &err),
                 KAIJI_OK, "%s", err ? err : "");
    cr_assert_eq(kaiji_vocab_field(v, "maker"), KAIJI_FIELD_VENDOR);
    cr_assert_eq(kaiji_vocab_label_max(v), 5);
    kaiji_vocab_free(v);
    kaiji_vocab_free(NULL);
}

/* Keys asked of the phrase lists: titles, clues, other documents, editions,
 * with and without the phrases, full-width and spaced spellings. */
static const char *const phrase_texts[] = {
    "製造業者による医療情報セキュリティ開示書",
    "サービス事業者による医療情報セキュリティ開示書（MDS/SDS）",
    "サイバーセキュリティ対策チェックリスト（事業者確認用）",
    "□事業者確認用 ■医療機関確認用",
    "Manufacturer Disclosure Statement for Medical Device Security -- MDS2",
    "HN 1-2019", "ＨＮ　１－２０１３", "hn1-2008 form", "HN 1-2020",
    "見積書", "請求書（控）", "Invoice No. 12", "品名", "",
    "ログの取得・保管について記載してください", "製造業者名", "SDS",
};

Test(vocab, a_key_made_once_for_several_lists_finds_what_each_plain_lookup_finds)
{
    kaiji_vocab *v = builtin();

    for (size_t i = 0; i < sizeof phrase_texts / sizeof phrase_texts[0]; i++) {
        char *key = kaiji_text_key(phrase_texts[i]);
        kaiji_vocab_key k;
        const char *e1, *e2;

        cr_assert_not_null(key);
        kaiji_vocab_key_of(&k, key);
        cr_expect_eq(k.len, strlen(key));
        cr_expect_eq(kaiji_vocab_title_phrases_k(v, &k), kaiji_vocab_title_phrases(v, key),
                     "title phrases of \"%s\"", phrase_texts[i]);
        cr_expect_eq(kaiji_vocab_clues_k(v, &k), kaiji_vocab_clues(v, key),
                     "clues of \"%s\"", phrase_texts[i]);
        cr_expect_eq(kaiji_vocab_has_word_k(v, KAIJI_WORDS_OTHER_TITLE, &k),
                     kaiji_vocab_has_word(v, KAIJI_WORDS_OTHER_TITLE, key),
                     "other-document words of \"%s\"", phrase_texts[i]);
        e1 = kaiji_vocab_mds2_edition_k(v, &k);
        e2 = kaiji_vocab_mds2_edition(v, key);
        cr_expect(e1 == e2, "MDS2 edition of \"%s\"", phrase_texts[i]);
        free(key);
    }
    kaiji_vocab_free(v);
}

Test(vocab, every_mds2_edition_phrase_holds_the_letters_and_digits_they_share)
{
    static const char *const named[] = { "HN 1-2019", "hn1-2013", "ＨＮ１－２００８" };
    kaiji_vocab *v = builtin();
    char chars[9];

    cr_assert(kaiji_vocab_mds2_edition_chars(v, chars));
    cr_expect(strlen(chars) >= 1 && strlen(chars) <= 8);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        char *key = kaiji_text_key(named[i]);

        cr_assert_not_null(kaiji_vocab_mds2_edition(v, key), "%s names an edition", named[i]);
        for (const char *c = chars; *c; c++)
            cr_expect_not_null(strchr(key, *c), "%s holds '%c'", named[i], *c);
        free(key);
    }
    kaiji_vocab_free(v);
}
