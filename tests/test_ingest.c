/*
 * tests/test_ingest.c - recording submissions and linking them to their
 * contracts: by the reference inside, by a file or folder name, by vendor and
 * product however the company form is written; ambiguity, kaiji link, the
 * same bytes twice, unreadable files.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "tests/support/store.h"
#include "tests/support/support.h"
#include "text/text.h"

static const char *reg_csv =
    "契約番号,事業者名,メール,システム名,製品名,契約種別,患者情報の有無,回答期限\n"
    "C-001,株式会社メディカルＡ,a@example.jp,電子カルテ,MX-7,販売,有,2026/12/31\n"
    "C-002,株式会社メディカルＡ,a@example.jp,電子カルテ,MX-7,保守,有,2026/12/31\n"
    "C-003,サンプル医療情報㈱,b@example.jp,画像保管,PACS クラウド,クラウド,有,2026/12/31\n"
    "C-004,Example Imaging Inc.,c@example.com,SYNTH-CT 9000,,販売,有,2026/12/31\n"
    "C-005,Example Imaging Inc.,c@example.com,SYNTH-CT 9000,,販売,有,2026/12/31\n";

static const char *mds = "mds-sds/mds-5.0-good.xlsx";
static const char *sds = "mds-sds/sds-5.0-good.xlsx";

static bool linked_to(const kaiji_ingest_result *r, const char *id)
{
    for (size_t i = 0; i < r->contract_count; i++)
        if (strcmp(r->contracts[i], id) == 0)
            return true;
    return false;
}

/* Ingests the sample rel with its header fields replaced, named name. */
static kaiji_ingest_result *ingest(const ts_env *e, const char *name, const char *rel,
                                   const char *vendor, const char *product, const char *contract)
{
    kaiji_store *st = ts_open(e);
    char *doc = ts_doc(rel, vendor, product, contract);
    kaiji_ingest_result *r = ts_ingest(st, name, doc, 0, NULL);
    free(doc);
    kaiji_store_free(st);
    return r;
}

Test(ingest_link, by_the_references_inside_the_document_several_at_once)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_ingest_result *r =
        ingest(&e, "x.json", mds, "メディカルＡ株式会社", "Other", "C-001、Ｃ－００２ / c-001");
    cr_expect_eq(r->method, KAIJI_LINK_REFERENCE);
    cr_expect_eq(r->contract_count, 2);
    cr_expect(linked_to(r, "C-001") && linked_to(r, "C-002"));
    cr_expect_eq(r->unknown_count, 0);
    cr_expect_eq(r->refused_count, 0);
    cr_expect_eq(r->kind, KAIJI_KIND_MDS);
    cr_expect_eq(r->status, KAIJI_STATUS_VALID);
    kaiji_ingest_result_free(r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE method = 'reference'"), 2);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE exchange IS NOT NULL"
                              " AND findings LIKE '[%' AND kind = 'mds' AND form_version = '5.0'"),
                 1);
}

/* The register of a hospital with seven vendors, and the contract state
 * of id as of 2026-11-26. */
static kaiji_contract_state state_of(const ts_env *e, const char *id)
{
    kaiji_store *st = ts_open(e);
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_status_options so;
    kaiji_status_report *rep = NULL;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    cr_assert(kaiji_text_parse_date("2026-11-26", &so.as_of));
    cr_assert_eq(kaiji_store_status(&rep, st, &so), KAIJI_OK);
    kaiji_contract_state state = KAIJI_CONTRACT__COUNT;
    for (size_t i = 0; i < rep->count; i++)
        if (strcmp(rep->contracts[i].contract.id, id) == 0)
            state = rep->contracts[i].state;
    kaiji_status_report_free(rep);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
    return state;
}

static const char *many_vendors_csv =
    "契約番号,事業者名,メール,システム名,製品名,契約種別,患者情報の有無,必要書類,回答期限\n"
    "A-1,株式会社エー,a@a.example,電子カルテ,EA-1,保守,有,SDS,2026/10/31\n"
    "G-1,ジー医療株式会社,g@g.example,PACS,GP-1,保守,有,SDS,2026/10/31\n"
    "G-2,ジー医療株式会社,g@g.example,RIS,GR-2,保守,有,SDS,2026/10/31\n"
    "C-1,Sea Systems Inc.,c@c.example,LIS,CL-1,保守,有,SDS,2026/10/31\n";

Test(ingest_link, a_document_links_only_to_contracts_of_its_own_vendor)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, many_vendors_csv);
    /* An SDS of エー (valid) that lists other vendors' contracts too. */
    kaiji_ingest_result *r = ingest(&e, "sds.json", sds, "(株)エー", "EA-1", "A-1, G-1, G-2, C-1");
    cr_expect_eq(r->status, KAIJI_STATUS_VALID);
    cr_expect_eq(r->contract_count, 1);
    cr_expect(linked_to(r, "A-1"));
    cr_expect_eq(r->method, KAIJI_LINK_REFERENCE);
    cr_assert_eq(r->refused_count, 3);
    cr_expect_str_eq(r->refused[0], "C-1");
    cr_expect_str_eq(r->refused[1], "G-1");
    cr_expect_str_eq(r->refused[2], "G-2");
    cr_expect_str_eq(r->vendor, "(株)エー");
    kaiji_ingest_result_free(r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM refused_links WHERE reason = 'other-vendor'"
                              " AND document_vendor = '(株)エー'"),
                 3);
    cr_expect_eq(state_of(&e, "A-1"), KAIJI_CONTRACT_COMPLETE);
    cr_expect_eq(state_of(&e, "G-1"), KAIJI_CONTRACT_OVERDUE, "G-1's standing was changed");
    cr_expect_eq(state_of(&e, "C-1"), KAIJI_CONTRACT_OVERDUE, "C-1's standing was changed");

    /* The same bytes again: the refusal is told again, nothing linked. */
    r = ingest(&e, "again.json", sds, "(株)エー", "EA-1", "A-1, G-1, G-2, C-1");
    cr_expect(r->duplicate);
    cr_expect_eq(r->refused_count, 3);
    char sha[65];
    snprintf(sha, sizeof sha, "%s", r->sha256);
    kaiji_ingest_result_free(r);

    /* The user may still link it by hand. */
    char args[128], *out = NULL;
    snprintf(args, sizeof args, "link %.12s G-1", sha);
    cr_expect_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    cr_expect_eq(state_of(&e, "G-1"), KAIJI_CONTRACT_COMPLETE);
    r = ingest(&e, "again.json", sds, "(株)エー", "EA-1", "A-1, G-1, G-2, C-1");
    cr_expect_eq(r->refused_count, 2, "a refusal the user overruled is still told");
    kaiji_ingest_result_free(r);
}

Test(ingest_link, a_document_that_names_no_vendor_links_to_no_contract_it_names)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, many_vendors_csv);
    kaiji_ingest_result *r = ingest(&e, "sds.json", sds, "", "GP-1", "G-1 G-2");
    cr_expect_eq(r->contract_count, 0);
    cr_expect_eq(r->refused_count, 2);
    cr_expect(!r->ambiguous);
    kaiji_ingest_result_free(r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 0);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM refused_links WHERE reason = 'no-vendor'"),
                 2);
    /* Another vendor's name written with another company form is still that
     * vendor: ジー医療株式会社 and (株)ジー医療 are one. */
    r = ingest(&e, "g.json", sds, "(株)ジー医療", "GP-1", "G-1 G-2");
    cr_expect_eq(r->contract_count, 2);
    cr_expect_eq(r->refused_count, 0);
    kaiji_ingest_result_free(r);
}

Test(ingest_link, ingest_tells_the_refusal_in_english_and_in_japanese)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, many_vendors_csv);
    char *doc = ts_doc(sds, "(株)エー", "EA-1", "A-1, G-1, G-2, C-1");
    ts_write(&e, "in/sds.json", doc, 0);
    free(doc);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest in", &out), 1, "a refusal must exit 1: %s", out);
    cr_expect(strstr(out, "→ A-1 (linked by the contract ID it names)"), "%s", out);
    cr_expect(strstr(out, "refused: it names C-1, G-1, G-2, contracts of another vendor than its"
                          " own ((株)エー)"),
              "%s", out);
    cr_expect(strstr(out, "kaiji link "), "%s", out);
    cr_expect(strstr(out, "3 references to another vendor's contracts refused"), "%s", out);
    free(out);
    if (!t_have_locale("ja_JP.UTF-8", "the refusal in Japanese"))
        return;
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8"
             " KAIJI_LOCALEDIR='%s/locale' '%s' ingest --db '%s' in 2>&1",
             e.dir, KAIJI_BUILD_DIR, t_build("kaiji"), e.db);
    cr_expect_eq(t_run(cmd, &out), 1, "%s", out);
    cr_expect(strstr(out, "C-1, G-1, G-2"), "%s", out);
    cr_expect(strstr(out, "事業者"), "the refusal is not in Japanese: %s", out);
    cr_expect_null(strstr(out, "refused:"), "the refusal is not in Japanese: %s", out);
    free(out);
}

Test(ingest_link, contract_ids_differing_in_case_width_or_invisible_characters_are_one)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    /* c<ZWSP>-００１ and C<SOFT HYPHEN>-002<LRM> are C-001 and C-002. */
    kaiji_ingest_result *r = ingest(&e, "x.json", mds, "株式会社メディカルＡ", "MX-7",
                                    "c\u200b-\uff10\uff10\uff11, C\u00ad-002\u200e");
    cr_expect_eq(r->contract_count, 2);
    cr_expect(linked_to(r, "C-001") && linked_to(r, "C-002"));
    cr_expect_eq(r->unknown_count, 0, "%s", r->unknown_count ? r->unknown_references[0] : "");
    kaiji_ingest_result_free(r);
    /* kaiji link takes the ID as typed: c-００３ is C-003. */
    r = ingest(&e, "y.json", sds, "誰か", "何か", "");
    char sha[65];
    snprintf(sha, sizeof sha, "%s", r->sha256);
    kaiji_ingest_result_free(r);
    char args[256], *out = NULL;
    snprintf(args, sizeof args, "link %.12s 'c-\xef\xbc\x90\xef\xbc\x90\xef\xbc\x93'", sha);
    cr_expect_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE contract_id = 'C-003'"
                              " AND method = 'manual'"),
                 1);
    /* A file name prefix with a zero-width space is the ID too. */
    r = ingest(&e, "inbox/C-\xe2\x80\x8b" "004_mds.json", mds, "Nobody", "Nothing", "");
    cr_expect(linked_to(r, "C-004") && r->method == KAIJI_LINK_PATH);
    kaiji_ingest_result_free(r);
}

Test(ingest_link, a_reference_to_an_unknown_contract_is_listed_not_guessed)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_ingest_result *r =
        ingest(&e, "x.json", sds, "サンプル医療情報株式会社", "PACS クラウド", "C-999");
    cr_expect_eq(r->contract_count, 0, "linked by name although it names C-999");
    cr_assert_eq(r->unknown_count, 1);
    cr_expect_str_eq(r->unknown_references[0], "C-999");
    kaiji_ingest_result_free(r);
}

Test(ingest_link, by_a_file_name_or_folder_prefix)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_ingest_result *r = ingest(&e, "inbox/C-002_mds.json", mds, "Nobody", "Nothing", "");
    cr_expect_eq(r->method, KAIJI_LINK_PATH);
    cr_expect_eq(r->contract_count, 1);
    cr_expect(linked_to(r, "C-002"));
    kaiji_ingest_result_free(r);
    r = ingest(&e, "inbox/C-003/reply.json", sds, "Nobody", "Nothing", "");
    cr_expect(linked_to(r, "C-003") && r->method == KAIJI_LINK_PATH);
    kaiji_ingest_result_free(r);
    /* C-0012 is not C-001. */
    r = ingest(&e, "inbox/C-0012.json", sds, "Nobody else", "Nothing", "");
    cr_expect_eq(r->contract_count, 0);
    kaiji_ingest_result_free(r);
}

Test(ingest_link, by_vendor_and_product_however_the_company_form_is_written)
{
    static const char *const vendors[] = {"(株)メディカルA", "㈱メディカルＡ", "ﾒﾃﾞｨｶﾙA株式会社",
                                          "株式会社　メディカルA"};
    for (size_t i = 0; i < sizeof vendors / sizeof vendors[0]; i++) {
        ts_env e;
        ts_env_init(&e);
        ts_import(&e, reg_csv);
        /* An MDS goes to the contract that requires one (C-001), not C-002. */
        kaiji_ingest_result *r = ingest(&e, "x.json", mds, vendors[i], "ＭＸ－７", "");
        cr_expect_eq(r->method, KAIJI_LINK_NAME, "%s", vendors[i]);
        cr_expect_eq(r->contract_count, 1, "%s", vendors[i]);
        cr_expect(linked_to(r, "C-001"), "%s", vendors[i]);
        kaiji_ingest_result_free(r);
    }
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_ingest_result *r = ingest(&e, "x.json", mds, "Example Imaging, Inc.",
                                    "SYNTH-CT 9000 computed tomography system", "");
    cr_expect(!linked_to(r, "C-004"));
    kaiji_ingest_result_free(r);
    r = ingest(&e, "y.json", sds, "(株)サンプル医療情報", "PACS クラウド", "");
    cr_expect(linked_to(r, "C-003"));
    kaiji_ingest_result_free(r);
    r = ingest(&e, "z.json", sds, "(株)サンプル医療情報", "全く別の製品", "");
    cr_expect_eq(r->contract_count, 0);
    cr_expect(!r->ambiguous);
    kaiji_ingest_result_free(r);
}

Test(ingest_link, an_ambiguous_match_is_listed_and_kaiji_link_settles_it)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_ingest_result *r = ingest(&e, "inbox/ct.json", mds, "Example Imaging Inc.",
                                    "SYNTH-CT 9000 computed tomography system", "");
    cr_expect_eq(r->contract_count, 0);
    cr_expect(r->ambiguous);
    cr_assert_eq(r->candidate_count, 2);
    cr_expect_str_eq(r->candidates[0], "C-004");
    cr_expect_str_eq(r->candidates[1], "C-005");
    char sha[65];
    snprintf(sha, sizeof sha, "%s", r->sha256);
    kaiji_ingest_result_free(r);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 0);

    char args[256], *out = NULL;
    snprintf(args, sizeof args, "link %.10s C-004 C-005", sha);
    cr_expect_eq(ts_kaiji(&e, args, &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links WHERE method = 'manual'"), 2);
    cr_expect_eq(ts_kaiji(&e, "link inbox/ct.json C-999", &out), 1);
    cr_expect(strstr(out, "C-999 is not in the register"), "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "link nothing.json C-001", NULL), 1);
    cr_expect_eq(ts_kaiji(&e, "link inbox/ct.json", NULL), 2);

    kaiji_store *st = ts_open(&e);
    const char *ids[] = {"C-001"};
    cr_expect_eq(kaiji_store_link(st, "inbox/ct.json", ids, 1), KAIJI_OK, "%s",
                 kaiji_store_errmsg(st));
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 3);
}

Test(ingest_files, the_same_bytes_twice_change_nothing)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    char *doc = ts_doc(mds, "株式会社メディカルＡ", "", "C-001");
    ts_write(&e, "a/one.json", doc, 0);
    ts_write(&e, "b/copy.json", doc, 0);
    free(doc);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest a", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "ingest b a", &out), 0, "%s", out);
    cr_expect(strstr(out, "b/copy.json: already ingested"), "%s", out);
    cr_expect(strstr(out, "0 recorded, 2 already there"), "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 1);
}

Test(ingest_files, unreadable_files_are_recorded_and_not_disclosures_are_not_linked)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    ts_write(&e, "C-001_mds.xlsx", "PK\x03\x04 this is cut short", 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest C-001_mds.xlsx", &out), 0, "%s", out);
    cr_expect(strstr(out, "unreadable → C-001 (linked by its file or folder name)"), "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE status = 'unreadable'"
                              " AND exchange IS NULL AND findings LIKE '%file-%'"),
                 1);
    /* A mistyped path is a usage error, never an unreadable document. */
    cr_expect_eq(ts_kaiji(&e, "ingest missing-file.xlsx", &out), 2);
    cr_expect(strstr(out, "missing-file.xlsx does not exist"), "%s", out);
    free(out);

    char path[4400];
    snprintf(path, sizeof path, "ingest '%s'", t_src("samples/checklist/hospital-r6.xlsx"));
    cr_expect_eq(ts_kaiji(&e, path, &out), 0, "%s", out);
    cr_expect(strstr(out, "not a vendor disclosure"), "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 2);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 1);
}

Test(ingest_files, exit_status_says_whether_everything_was_linked)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    char *a = ts_doc(mds, "株式会社メディカルＡ", "", "C-001");
    char *b = ts_doc(sds, "誰か", "何か", "");
    ts_write(&e, "in/a.json", a, 0);
    ts_write(&e, "in2/b.json", b, 0);
    free(a);
    free(b);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest --as-of 2026-11-26 in", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "ingest in2", &out), 1, "%s", out);
    cr_expect(strstr(out, "not linked: no contract matches it"), "%s", out);
    cr_expect(strstr(out, "kaiji link FILE CONTRACT"), "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "ingest", NULL), 2);
    cr_expect_eq(ts_kaiji(&e, "ingest --as-of tomorrow in", NULL), 2);
}

/* An unreadable file left unlinked says why it could not be linked (nothing
 * in it could be read) and where to see why, not "no contract matches it". */
Test(ingest_files, an_unreadable_file_says_it_cannot_be_linked_because_it_cannot_be_read)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    ts_write(&e, "in/broken.xlsx", "PK\003\004 not really a workbook", 0);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest --as-of 2026-11-26 in", &out), 1, "%s", out);
    cr_expect(out && strstr(out, "nothing in it can be read to find its contract"), "%s", out);
    cr_expect(out && strstr(out, "kaiji validate \"in/broken.xlsx\" says why"), "%s", out);
    cr_expect(out && !strstr(out, "no contract matches it"), "%s", out);
    free(out);
}

/* The same unreadable file ingested again says so, and still why it is not
 * linked; neither run invites the clerk to link a file no one can read. */
Test(ingest_files, an_unreadable_file_ingested_twice_is_not_offered_for_linking)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    ts_write(&e, "in/broken.xlsx", "PK\003\004 not really a workbook", 0);
    for (int run = 0; run < 2; run++) {
        char *out = NULL;
        cr_expect_eq(ts_kaiji(&e, "ingest --as-of 2026-11-26 in", &out), 1, "%s", out);
        cr_expect(out && strstr(out, "nothing in it can be read to find its contract"),
                  "run %d: %s", run, out);
        cr_expect(out && !strstr(out, "no contract matches it"), "run %d: %s", run, out);
        cr_expect(out && !strstr(out, "kaiji link FILE CONTRACT"), "run %d: %s", run, out);
        if (run == 1)
            cr_expect(out && strstr(out, "already ingested"), "%s", out);
        free(out);
    }
}

Test(ingest_files, a_hint_links_what_a_fetch_downloaded)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_store *st = ts_open(&e);
    kaiji_catalogs *cats = ts_catalogs();
    char *doc = ts_doc(sds, "誰か", "何か", "");
    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.contract_hint = "C-003";
    io.original_name = "https://v.example/docs/sds.json";
    kaiji_ingest_result *r = NULL;
    cr_assert_eq(kaiji_store_ingest_memory(&r, st, doc, strlen(doc), "/tmp/dl/sds.json", &io),
                 KAIJI_OK);
    cr_expect_eq(r->method, KAIJI_LINK_HINT);
    cr_expect(linked_to(r, "C-003"));
    kaiji_ingest_result_free(r);
    free(doc);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"
                              " WHERE path = 'https://v.example/docs/sds.json'"),
                 1);
}

Test(ingest_files, a_document_dated_by_its_month_is_stored_and_reported_without_a_made_up_day)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    char *doc = ts_doc("mds-sds/sds-5.0-month-only-date.xlsx", "(株)サンプル医療情報",
                       "サンプル画像保管クラウド", "C-003");
    ts_write(&e, "in/month.json", doc, 0);
    free(doc);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "ingest --as-of 2026-11-26 in", &out), 0, "%s", out);
    free(out);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE document_date = '2026-11'"
                              " AND status = 'valid'"), 1);
    cr_expect_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format xlsx -o st.xlsx", &out), 1,
                 "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format html", &out), 1);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --as-of 2026-11-26 --format json", &out), 1);
    free(out);
}

/* Reads doc (named name) for ingest with the built-in catalogs, as of
 * 2026-11-26, outside any transaction. */
static kaiji_ingest_item *read_item(kaiji_store *st, const char *name, const char *doc)
{
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_ingest_options io;
    kaiji_ingest_item *item = NULL;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    cr_assert(kaiji_text_parse_date("2026-11-26", &io.as_of));
    cr_assert_eq(kaiji_store_ingest_read_memory(&item, st, doc, strlen(doc), name, &io),
                 KAIJI_OK, "%s", kaiji_store_errmsg(st));
    kaiji_catalogs_free(cats);
    return item;
}

Test(ingest_steps, a_file_is_read_without_writing_and_recorded_later_in_a_transaction)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc(sds, "(株)サンプル医療情報", "PACS クラウド", "C-003");
    kaiji_ingest_item *item = read_item(st, "in/sds.json", doc);
    free(doc);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 0, "reading wrote");
    kaiji_ingest_result *r = NULL;
    cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
    cr_assert_eq(kaiji_store_ingest_record(&r, st, item), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
    cr_expect_not(r->duplicate);
    cr_expect_eq(r->kind, KAIJI_KIND_SDS);
    cr_expect_eq(r->method, KAIJI_LINK_REFERENCE);
    cr_expect(linked_to(r, "C-003"));
    kaiji_ingest_result_free(r);
    kaiji_ingest_item_free(item);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions WHERE path = 'in/sds.json'"
                              " AND kind = 'sds' AND exchange IS NOT NULL"), 1);
}

Test(ingest_steps, bytes_another_process_recorded_after_they_were_read_are_a_duplicate)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc(sds, "(株)サンプル医療情報", "PACS クラウド", "C-003");
    kaiji_ingest_item *item = read_item(st, "mine/sds.json", doc);

    kaiji_store *other = ts_open(&e);
    kaiji_ingest_result *r = ts_ingest(other, "theirs/sds.json", doc, 0, NULL);
    cr_expect_not(r->duplicate);
    kaiji_ingest_result_free(r);
    kaiji_store_free(other);
    free(doc);

    cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
    cr_assert_eq(kaiji_store_ingest_record(&r, st, item), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
    cr_expect(r->duplicate);
    cr_expect(linked_to(r, "C-003"));
    kaiji_ingest_result_free(r);
    kaiji_ingest_item_free(item);
    kaiji_store_free(st);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq(ts_count(&e, "SELECT count(*) FROM links"), 1);
}

/* One transaction records many files against the register keyed once; a
 * register imported in the middle of it is the one the next file sees. */
Test(ingest_steps, a_register_imported_between_two_files_of_one_transaction_is_the_one_the_second_sees)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, reg_csv);
    kaiji_store *st = ts_open(&e);
    char *d1 = ts_doc(sds, "(株)サンプル医療情報", "PACS クラウド", "C-003");
    char *d2 = ts_doc(mds, "(株)サンプル医療情報", "PACS クラウド", "C-006");
    kaiji_ingest_item *i1 = read_item(st, "one.json", d1), *i2 = read_item(st, "two.json", d2);
    free(d1);
    free(d2);
    char *csv = malloc(strlen(reg_csv) + 256);
    cr_assert_not_null(csv);
    sprintf(csv, "%sC-006,サンプル医療情報㈱,b@example.jp,画像保管,PACS クラウド,保守,有,"
                 "2026/12/31\n", reg_csv);
    kaiji_register *reg = NULL;
    cr_assert_eq(kaiji_register_read(&reg, ts_write(&e, "register2.csv", csv, 0)), KAIJI_OK);
    free(csv);

    kaiji_ingest_result *r1 = NULL, *r2 = NULL;
    kaiji_change_list *ch = NULL;
    cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
    cr_assert_eq(kaiji_store_ingest_record(&r1, st, i1), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_import_register(&ch, st, reg), KAIJI_OK, "%s",
                 kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_ingest_record(&r2, st, i2), KAIJI_OK, "%s", kaiji_store_errmsg(st));
    cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
    cr_expect(linked_to(r1, "C-003"));
    cr_expect(linked_to(r2, "C-006"), "the second file saw the register before the import");
    cr_expect_eq(r2->unknown_count, 0);
    kaiji_ingest_result_free(r1);
    kaiji_ingest_result_free(r2);
    kaiji_change_list_free(ch);
    kaiji_register_free(reg);
    kaiji_ingest_item_free(i1);
    kaiji_ingest_item_free(i2);
    kaiji_store_free(st);
}
