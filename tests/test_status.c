/*
 * tests/test_status.c - contract states as of a date, their precedence, the
 * JSON and CSV reports, exit codes, and the walk-through of samples/.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

/* The state of contract id in a status JSON text, or NULL. */
static const char *state_of(cJSON *root, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts")) {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id")), id) == 0)
            return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "state"));
    }
    return NULL;
}

static cJSON *status_json(const ts_env *e, const char *as_of, int *rc)
{
    char args[128], *out = NULL;
    snprintf(args, sizeof args, "status --format json --as-of %s", as_of);
    *rc = ts_kaiji(e, args, &out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    free(out);
    return root;
}

/* The sample walk-through of the README, in a fresh folder. */
static void walk_through(ts_env *e)
{
    char args[8192], *out = NULL;
    ts_env_init(e);
    snprintf(args, sizeof args, "register import '%s'",
             t_src("samples/register/contracts.csv"));
    cr_assert_eq(ts_kaiji(e, args, &out), 0, "%s", out);
    free(out);
    t_samples_received_together();
    snprintf(args, sizeof args, "ingest '%s'", t_src("samples"));
    cr_assert_eq(ts_kaiji(e, args, &out), 1, "%s", out);
    free(out);
}

Test(status_samples, the_sample_walk_through_shows_every_state, .timeout = 120)
{
    ts_env e;
    walk_through(&e);
    int rc;
    cJSON *root = status_json(&e, "2026-11-26", &rc);
    cr_expect_eq(rc, 1);
    /* Past their due dates, whatever they owe: TST's outdated MDS, KMS-018's
     * invalid checklist, SMP's outdated R7 checklist and EXI's missing SDS. */
    static const char *const want[][2] = {
        {"KMS-2026-017", "complete"}, {"TST-24-001", "overdue"},
        {"KMS-2026-018", "overdue"},  {"SMP-2026-0042", "overdue"},
        {"SMD-2026-001", "missing"},  {"EXI-JP-2026-3", "overdue"},
        {"TST-24-003", "not-required"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *s = state_of(root, want[i][0]);
        cr_expect(s && strcmp(s, want[i][1]) == 0, "%s is %s, not %s", want[i][0],
                  s ? s : "absent", want[i][1]);
    }
    cJSON_Delete(root);

    /* On 2026-09-01 only TST was past its due date: every state shows.
     * sds-5.0-missing-vendor.xlsx names SMP-2026-0042 but no vendor: that
     * reference is refused, so SMP's SDS is a good one and its R7 checklist,
     * outdated since R8, sets its state. */
    root = status_json(&e, "2026-09-01", &rc);
    static const char *const before[][2] = {
        {"KMS-2026-017", "complete"}, {"TST-24-001", "overdue"},
        {"KMS-2026-018", "invalid"},  {"SMP-2026-0042", "outdated"},
        {"SMD-2026-001", "missing"},  {"EXI-JP-2026-3", "missing"},
        {"TST-24-003", "not-required"},
    };
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
        const char *s = state_of(root, before[i][0]);
        cr_expect(s && strcmp(s, before[i][1]) == 0, "%s is %s, not %s on 2026-09-01",
                  before[i][0], s ? s : "absent", before[i][1]);
    }
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
    static const char *const states[] = {"complete", "outdated", "invalid",
                                         "missing", "overdue", "not-required"};
    for (size_t i = 0; i < 6; i++) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(summary, states[i]);
        cr_expect(cJSON_IsNumber(n) && n->valuedouble >= 1, "no %s contract", states[i]);
    }
    cJSON_Delete(root);
}

Test(status_json, keys_are_exactly_those_documented)
{
    ts_env e;
    walk_through(&e);
    int rc;
    cJSON *root = status_json(&e, "2026-11-26", &rc);
    static const char *const top[] = {"as_of", "summary", "owing", "contracts"};
    static const char *const contract[] = {"id", "vendor", "system", "state", "due", "overdue",
                                           "days_overdue", "last_reminder", "owes", "documents"};
    static const char *const document[] = {"type", "state", "path", "sha256", "status",
                                           "form_version", "document_date", "received_at",
                                           "previous_valid"};
    const size_t ncontract = sizeof contract / sizeof contract[0],
                 ndocument = sizeof document / sizeof document[0];
    const cJSON *k;
    size_t i = 0;
    for (k = root->child; k; k = k->next, i++)
        cr_expect(i < 4 && strcmp(k->string, top[i]) == 0, "key %s", k->string);
    cr_expect_eq(i, 4);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "as_of")),
                     "2026-11-26");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "summary")), 6);
    const cJSON *c;
    bool saw_missing = false;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts")) {
        i = 0;
        for (k = c->child; k; k = k->next, i++)
            cr_expect(i < ncontract && strcmp(k->string, contract[i]) == 0, "contract key %s",
                      k->string);
        cr_expect_eq(i, ncontract);
        const cJSON *d;
        cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c, "documents")) {
            i = 0;
            for (k = d->child; k; k = k->next, i++)
                cr_expect(i < ndocument && strcmp(k->string, document[i]) == 0,
                          "document key %s", k->string);
            cr_expect_eq(i, ndocument);
            if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "state")),
                       "missing") == 0) {
                saw_missing = true;
                cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "path")),
                                 "");
                cr_expect_str_eq(
                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "sha256")), "");
            }
        }
    }
    cr_expect(saw_missing);
    cJSON_Delete(root);
}

Test(status_csv, one_row_per_contract_document_with_a_bom)
{
    ts_env e;
    walk_through(&e);
    char *out = NULL;
    cr_expect_eq(ts_kaiji(&e, "status --format csv --as-of 2026-11-26", &out), 1);
    cr_assert(strncmp(out, "\xEF\xBB\xBF" "contract,vendor,system,contract_state,due,type,state,",
                      strlen("\xEF\xBB\xBF" "contract,vendor,system,contract_state,due,type,state,")) == 0,
              "%.200s", out);
    cr_expect(strstr(out, "\r\nEXI-JP-2026-3,Example Imaging Inc.,SYNTH-CT 9000,overdue,2026-10-31,"
                          "sds,missing,,,,,,,yes,26,,,,\r\n"),
              "%s", out);
    cr_expect(strstr(out, "\r\nTST-24-003,"), "%s", out);
    size_t rows = 0;
    for (const char *p = out; (p = strstr(p, "\r\n")); p += 2)
        rows++;
    /* 1 header + EXI 3 + KMS-017 2 + KMS-018 2 + SMD 2 + SMP 2 + TST-001 2 + TST-003 1. */
    cr_expect_eq(rows, 15, "%s", out);
    free(out);
}

Test(status_csv, a_register_value_that_excel_would_run_is_written_as_text)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, "契約番号,事業者名,製品名,契約種別,患者情報の有無\n"
                  "=HYPERLINK(\"http://x.example\"),@SUM(A1),-2+3,保守,有\n"
                  "C-2,+cmd|' /C calc'!A0,\tTab,保守,有\n");
    char *out = NULL;
    ts_kaiji(&e, "status --format csv --as-of 2026-11-26", &out);
    cr_expect(strstr(out, "\"'=HYPERLINK(\"\"http://x.example\"\")\",\"'@SUM(A1)\""), "%s", out);
    cr_expect(strstr(out, "\"'+cmd|' /C calc'!A0\""), "%s", out);
    for (const char *p = out; (p = strstr(p, "\r\n")); p += 2)
        cr_expect(p[2] != '=' && p[2] != '+' && p[2] != '-' && p[2] != '@',
                  "a row begins with a formula: %.40s", p + 2);
    cr_expect_null(strstr(out, ",=") ? strstr(out, ",=") : strstr(out, ",@"), "%s", out);
    free(out);
}

static const char *one_csv =
    "契約番号,事業者名,製品名,契約種別,必要書類,患者情報の有無,回答期限\n"
    "C-1,株式会社テスト電子カルテ,テスト部門システム TS-3,保守,チェックリスト,有,2024/09/30\n";

Test(status_dates, whether_a_document_is_current_is_judged_as_of_the_status_date)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, one_csv);
    kaiji_store *st = ts_open(&e);
    char *doc = ts_doc("checklist/vendor-r6.xlsx", NULL, NULL, "C-1");
    kaiji_ingest_result_free(ts_ingest(st, "r6.json", doc, 0, "2024-08-01"));
    free(doc);
    kaiji_store_free(st);
    int rc;
    cJSON *root = status_json(&e, "2024-08-01", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "complete");
    cr_expect_eq(rc, 0, "every contract complete: exit 0");
    cJSON_Delete(root);
    root = status_json(&e, "2024-09-30", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "complete", "R6 is current on its due date");
    cJSON_Delete(root);
    root = status_json(&e, "2026-11-26", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "overdue", "outdated and past the due date");
    cr_expect_eq(rc, 1);
    cJSON_Delete(root);
}

static const char *two_csv =
    "契約番号,事業者名,製品名,必要書類,回答期限\n"
    "C-1,A社,X,MDS,2026/10/31\n"
    "C-2,A社,Y,MDS+SDS,\n";

Test(status_states, missing_becomes_overdue_after_the_due_date_and_none_never_does)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, two_csv);
    int rc;
    cJSON *root = status_json(&e, "2026-10-31", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "missing");
    cJSON_Delete(root);
    root = status_json(&e, "2026-11-01", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "overdue");
    cr_expect_str_eq(state_of(root, "C-2"), "missing");
    cJSON_Delete(root);
}

Test(status_states, the_newest_submission_counts_and_invalid_comes_before_missing)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, two_csv);
    kaiji_store *st = ts_open(&e);
    char *bad = ts_doc("mds-sds/mds-5.0-missing-answers.xlsx", "A社", NULL, "C-1 C-2");
    char *good = ts_doc("mds-sds/mds-5.0-good.xlsx", "A社", NULL, "C-1");
    kaiji_ingest_result_free(ts_ingest(st, "bad.json", bad, 0, NULL));
    int rc;
    kaiji_store_free(st);
    cJSON *root = status_json(&e, "2026-10-15", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "invalid");
    cr_expect_str_eq(state_of(root, "C-2"), "invalid", "invalid comes before missing");
    cJSON_Delete(root);
    st = ts_open(&e);
    kaiji_ingest_result_free(ts_ingest(st, "good.json", good, 0, NULL));
    kaiji_store_free(st);
    root = status_json(&e, "2026-10-15", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "complete");
    cr_expect_eq(rc, 1, "C-2 is still not complete");
    cJSON_Delete(root);
    free(bad);
    free(good);

    /* An unreadable reply, newer, makes it invalid again. */
    ts_write(&e, "C-1_mds.xlsx", "PK\x03\x04 broken", 0);
    cr_expect_eq(ts_kaiji(&e, "ingest C-1_mds.xlsx", NULL), 0);
    root = status_json(&e, "2026-10-15", &rc);
    cr_expect_str_eq(state_of(root, "C-1"), "invalid");
    cJSON_Delete(root);
}

Test(status_states, the_report_api_gives_findings_as_of_the_date_and_skips_inactive_contracts)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, two_csv);
    kaiji_store *st = ts_open(&e);
    char *bad = ts_doc("mds-sds/mds-5.0-missing-answers.xlsx", "A社", NULL, "C-1");
    kaiji_ingest_result_free(ts_ingest(st, "bad.json", bad, 0, NULL));
    free(bad);
    kaiji_store_free(st);
    ts_import(&e, "契約番号,事業者名,製品名,必要書類,回答期限\nC-1,A社,X,MDS,2026/10/31\n");

    st = ts_open(&e);
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 10, 15};
    kaiji_status_report *r = NULL;
    cr_assert_eq(kaiji_store_status(&r, st, &so), KAIJI_OK);
    cr_assert_eq(r->count, 1, "the inactive C-2 is not reported");
    const kaiji_status_contract *c = &r->contracts[0];
    cr_expect_eq(c->state, KAIJI_CONTRACT_INVALID);
    cr_assert_eq(c->document_count, 1);
    cr_expect(c->documents[0].present);
    cr_expect_eq(c->documents[0].status, KAIJI_STATUS_INVALID);
    cr_expect_str_eq(c->documents[0].path, "bad.json");
    bool missing_answer = false;
    for (size_t i = 0; i < c->documents[0].finding_count; i++)
        missing_answer |= strcmp(c->documents[0].findings[i].code, "missing-answer") == 0;
    cr_expect(missing_answer);
    cr_expect_eq(r->summary[KAIJI_CONTRACT_INVALID], 1);
    kaiji_status_report_free(r);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
}

Test(status_states, a_contracts_submissions_come_newest_claim_first_and_its_history_newest_first)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, two_csv);
    kaiji_store *st = ts_open(&e);
    char *bad = ts_doc("mds-sds/mds-5.0-missing-answers.xlsx", "A社", NULL, "C-1");
    char *good = ts_doc("mds-sds/mds-5.0-good.xlsx", "A社", NULL, "C-1");
    kaiji_ingest_result_free(ts_ingest(st, "bad.json", bad, 0, NULL));
    kaiji_ingest_result_free(ts_ingest(st, "good.json", good, 0, NULL));
    free(bad);
    free(good);
    kaiji_store_free(st);
    ts_import(&e, "契約番号,事業者名,製品名,必要書類,回答期限\nC-1,A社,Y,MDS,2026/10/31\n");

    st = ts_open(&e);
    kaiji_catalogs *cats = ts_catalogs();
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 10, 15};
    kaiji_submission_list *l = NULL;
    cr_assert_eq(kaiji_store_contract_submissions(&l, st, "C-1", &so), KAIJI_OK);
    cr_assert_eq(l->count, 2);
    cr_expect_str_eq(l->items[0].path, "good.json", "the newer claim first");
    cr_expect_eq(l->items[0].status, KAIJI_STATUS_VALID);
    cr_expect_str_eq(l->items[1].path, "bad.json");
    cr_expect_eq(l->items[1].status, KAIJI_STATUS_INVALID);
    cr_expect(l->items[1].finding_count > 0, "the older one keeps its findings");
    cr_expect(l->items[1].type & KAIJI_DOC_MDS);
    kaiji_submission_list_free(l);
    cr_assert_eq(kaiji_store_contract_submissions(&l, st, "NO-SUCH", &so), KAIJI_OK);
    cr_expect_eq(l->count, 0);
    kaiji_submission_list_free(l);

    kaiji_contract_history *h = NULL;
    cr_assert_eq(kaiji_store_contract_history(&h, st, "C-1", 0), KAIJI_OK);
    cr_assert(h->count >= 2, "added, then the product changed");
    cr_expect_str_eq(h->items[0].change, "updated", "newest first");
    cr_expect_str_eq(h->items[h->count - 1].change, "added");
    kaiji_contract_history_free(h);
    cr_assert_eq(kaiji_store_contract_history(&h, st, "C-1", 1), KAIJI_OK);
    cr_expect_eq(h->count, 1, "the limit holds");
    kaiji_contract_history_free(h);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
}
