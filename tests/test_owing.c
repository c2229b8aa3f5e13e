/*
 * tests/test_owing.c - who owes what: which submission counts (the newest by
 * document date, then by time received, in whatever order files are
 * ingested), the older valid one shown beside a newer invalid one, overdue
 * whatever is owed, summary counts that agree with the rows, status --owing
 * in every format, and the date of the last reminder.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kaiji.h"
#include "tests/support/store.h"
#include "tests/support/support.h"

/* ------------------------------------------------------ which one counts */

static const char *claims_csv =
    "契約番号,事業者名,製品名,必要書類,回答期限\n"
    "C-1,架空メディカルシステムズ株式会社,架空電子カルテ MX-7,MDS,2026/12/31\n"
    "C-2,Example Imaging Inc.,SYNTH-CT 9000,MDS,2026/12/31\n";

/* The files of one vendor's replies, with the day each was received (its
 * modification time, November 2026).  C-1: the outdated Ver.4.1 (dated
 * 2023) received last; two Ver.5.0 of one date, the invalid one received
 * after the good one.  C-2: the MDS2 of 2019 (dated 2026) received before
 * the one of 2013 (dated 2016). */
static const struct {
    const char *sample, *name;
    int day;
} claims[] = {
    {"mds-sds/mds-4.1-outdated.xlsx", "C-1_mds-4.1.xlsx", 20},
    {"mds-sds/mds-5.0-good.xlsx", "C-1_mds-good.xlsx", 2},
    {"mds-sds/mds-5.0-invalid-answers.xlsx", "C-1_mds-invalid.xlsx", 3},
    {"mds2/mds2-hn1-2019-good.xlsx", "C-2_mds2-2019.xlsx", 4},
    {"mds2/mds2-hn1-2013-outdated.xlsx", "C-2_mds2-2013.xlsx", 5},
};
#define NCLAIMS (sizeof claims / sizeof claims[0])

/* Copies the claims into e's folder, each with its time received. */
static void write_claims(const ts_env *e)
{
    for (size_t i = 0; i < NCLAIMS; i++) {
        char src[4400];
        size_t len;
        snprintf(src, sizeof src, "samples/%s", claims[i].sample);
        char *data = t_slurp(t_src(src), &len);
        const char *path = ts_write(e, claims[i].name, data, len);
        free(data);
        struct tm tm = {.tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = claims[i].day,
                        .tm_hour = 9};
        struct timespec ts[2] = {{timegm(&tm), 0}, {timegm(&tm), 0}};
        cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0, "cannot set the time of %s", path);
    }
}

/* What a status report says, as one string: state, owes, and for each
 * document its state, SHA-256 and the older valid one's. */
static char *report_digest(const kaiji_status_report *r)
{
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    s[0] = '\0';
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        len += (size_t)snprintf(s + len, cap - len, "%s %s owes=%u;", c->contract.id,
                                kaiji_contract_state_name(c->state), c->owes);
        for (size_t j = 0; j < c->document_count; j++) {
            const kaiji_status_document *d = &c->documents[j];
            len += (size_t)snprintf(s + len, cap - len, " %s %s %.12s prev=%.12s;", d->state,
                                    kaiji_status_name(d->status), d->sha256,
                                    d->previous_valid ? d->previous_valid->sha256 : "-");
        }
        cr_assert_lt(len, cap - 200);
    }
    return s;
}

/* The next permutation of p[0..n-1] in lexicographic order; false after the
 * last. */
static bool next_permutation(size_t *p, size_t n)
{
    size_t i = n - 1;
    while (i > 0 && p[i - 1] >= p[i])
        i--;
    if (i == 0)
        return false;
    size_t j = n - 1;
    while (p[j] <= p[i - 1])
        j--;
    size_t t = p[i - 1];
    p[i - 1] = p[j];
    p[j] = t;
    for (size_t a = i, b = n - 1; a < b; a++, b--) {
        t = p[a];
        p[a] = p[b];
        p[b] = t;
    }
    return true;
}

Test(owing_claims, every_order_of_ingest_gives_the_same_status, .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    write_claims(&e);
    const char *reg_path = ts_write(&e, "register.csv", claims_csv, 0);
    kaiji_register *reg = NULL;
    cr_assert_eq(kaiji_register_read(&reg, reg_path), KAIJI_OK);
    kaiji_catalogs *cats = ts_catalogs();

    /* Each file read and validated once; recorded in every order into a
     * fresh store. */
    kaiji_store *scratch = NULL;
    cr_assert_eq(kaiji_store_open(&scratch, ":memory:", NULL), KAIJI_OK);
    kaiji_ingest_item *items[NCLAIMS];
    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.as_of = (kaiji_date){2026, 11, 26};
    for (size_t i = 0; i < NCLAIMS; i++) {
        char path[8400];
        snprintf(path, sizeof path, "%s/%s", e.dir, claims[i].name);
        cr_assert_eq(kaiji_store_ingest_read(&items[i], scratch, path, &io), KAIJI_OK, "%s",
                     kaiji_store_errmsg(scratch));
    }
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 11, 26};

    size_t order[NCLAIMS], orders = 0;
    for (size_t i = 0; i < NCLAIMS; i++)
        order[i] = i;
    char *first = NULL;
    do {
        kaiji_store *st = NULL;
        kaiji_change_list *changes = NULL;
        kaiji_status_report *r = NULL;
        cr_assert_eq(kaiji_store_open(&st, ":memory:", NULL), KAIJI_OK);
        cr_assert_eq(kaiji_store_import_register(&changes, st, reg), KAIJI_OK);
        kaiji_change_list_free(changes);
        cr_assert_eq(kaiji_store_begin(st), KAIJI_OK);
        for (size_t i = 0; i < NCLAIMS; i++) {
            kaiji_ingest_result *res = NULL;
            cr_assert_eq(kaiji_store_ingest_record(&res, st, items[order[i]]), KAIJI_OK);
            cr_assert_eq(res->contract_count, 1, "%s is not linked", claims[order[i]].name);
            kaiji_ingest_result_free(res);
        }
        cr_assert_eq(kaiji_store_commit(st), KAIJI_OK);
        cr_assert_eq(kaiji_store_status(&r, st, &so), KAIJI_OK);
        char *digest = report_digest(r);
        if (!first) {
            first = digest;
            /* C-1: the invalid Ver.5.0 received last of its date counts;
             * the good one of the same date is shown beside it; the
             * Ver.4.1, received after both, is older by its date. */
            cr_assert_eq(r->count, 2);
            const kaiji_status_document *d = &r->contracts[0].documents[0];
            cr_expect_eq(r->contracts[0].state, KAIJI_CONTRACT_INVALID);
            cr_expect_str_eq(d->state, "invalid");
            cr_expect(strstr(d->path, "C-1_mds-invalid.xlsx"), "%s", d->path);
            cr_assert_not_null(d->previous_valid, "no older valid one beside the invalid one");
            cr_expect(strstr(d->previous_valid->path, "C-1_mds-good.xlsx"), "%s",
                      d->previous_valid->path);
            cr_expect_eq(d->previous_valid->document_date.year, 2026);
            cr_expect_null(d->previous_valid->previous_valid);
            /* C-2: the 2019 MDS2 is newer by its date though received first. */
            d = &r->contracts[1].documents[0];
            cr_expect_eq(r->contracts[1].state, KAIJI_CONTRACT_COMPLETE);
            cr_expect(strstr(d->path, "C-2_mds2-2019.xlsx"), "%s", d->path);
            cr_expect_null(d->previous_valid, "a valid document needs none beside it");
        } else {
            cr_expect_str_eq(digest, first, "order %zu %zu %zu %zu %zu", order[0], order[1],
                             order[2], order[3], order[4]);
            free(digest);
        }
        kaiji_status_report_free(r);
        kaiji_store_free(st);
        orders++;
    } while (next_permutation(order, NCLAIMS));
    cr_expect_eq(orders, 120);

    free(first);
    for (size_t i = 0; i < NCLAIMS; i++)
        kaiji_ingest_item_free(items[i]);
    kaiji_store_free(scratch);
    kaiji_register_free(reg);
    kaiji_catalogs_free(cats);
}

/* The output of `kaiji status --format json` after ingesting the claims
 * one command each, in the order given. */
static char *status_after(const size_t *order)
{
    ts_env e;
    char args[256], *out = NULL;
    ts_env_init(&e);
    write_claims(&e);
    ts_import(&e, claims_csv);
    for (size_t i = 0; i < NCLAIMS; i++) {
        snprintf(args, sizeof args, "ingest --as-of 2026-11-26 '%s'", claims[order[i]].name);
        int rc = ts_kaiji(&e, args, &out);
        cr_assert(rc == 0 || rc == 1, "%s", out);
        free(out);
    }
    cr_assert_eq(ts_kaiji(&e, "status --format json --as-of 2026-11-26", &out), 1);
    return out;
}

Test(owing_claims, the_status_json_is_the_same_ingested_forwards_or_backwards, .timeout = 120)
{
    static const size_t forwards[NCLAIMS] = {0, 1, 2, 3, 4}, backwards[NCLAIMS] = {4, 3, 2, 1, 0};
    char *a = status_after(forwards), *b = status_after(backwards);
    cr_expect_str_eq(a, b);
    cJSON *root = cJSON_Parse(a);
    cr_assert_not_null(root, "%s", a);
    const cJSON *doc = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                                                                root, "contracts"),
                                                            0),
                                         "documents"),
        0);
    const cJSON *prev = cJSON_GetObjectItemCaseSensitive(doc, "previous_valid");
    cr_assert(cJSON_IsObject(prev), "%s", a);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(prev, "path")),
                     "C-1_mds-good.xlsx");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(prev, "status")),
                     "valid");
    cr_expect_str_eq(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(prev, "received_at")),
        "2026-11-02T09:00:00Z");
    cJSON_Delete(root);
    free(a);
    free(b);
}

/* ---------------------------------------------------------- who owes what */

/*
 * As of 2026-11-26, one contract per case: past due with the SDS missing,
 * with an outdated MDS, with an invalid MDS; an invalid MDS not yet due;
 * complete though past due; no patient data; missing with no due date.
 */
static const char *mixed_csv =
    "契約番号,事業者名,メールアドレス,製品名,必要書類,患者情報の有無,回答期限\n"
    "A-MISS,X社,x@vendor.example,P,MDS+SDS,有,2026/10/31\n"
    "A-OLD,X社,x@vendor.example,P,MDS,有,2026/10/31\n"
    "A-BAD,X社,x@vendor.example,P,MDS,有,2026/10/31\n"
    "A-LATER,X社,x@vendor.example,P,MDS,有,2026/12/31\n"
    "A-OK,X社,x@vendor.example,P,MDS,有,2026/10/31\n"
    "A-NONE,X社,x@vendor.example,P,,無,\n"
    "A-WAIT,Y社,,P,MDS,有,\n";

static void build_mixed(ts_env *e)
{
    static const char *const links[][2] = {
        {"mds-sds/mds-5.0-good.xlsx", "A-MISS"},
        {"mds-sds/mds-4.1-outdated.xlsx", "A-OLD"},
        {"mds-sds/mds-5.0-missing-answers.xlsx", "A-BAD"},
        {"mds-sds/mds-5.0-invalid-answers.xlsx", "A-LATER"},
        {"mds-sds/mds-5.0-good.xlsx", "A-OK"},
    };
    ts_env_init(e);
    ts_import(e, mixed_csv);
    kaiji_store *st = ts_open(e);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        char *doc = ts_doc(links[i][0], "X社", NULL, links[i][1]);
        kaiji_ingest_result *r = ts_ingest(st, links[i][1], doc, 0, NULL);
        cr_assert_eq(r->contract_count, 1, "%s is not linked", links[i][1]);
        kaiji_ingest_result_free(r);
        free(doc);
    }
    kaiji_store_free(st);
}

static cJSON *json_of(const ts_env *e, const char *args)
{
    char *out = NULL;
    ts_kaiji(e, args, &out);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    free(out);
    return root;
}

static const cJSON *contract_of(const cJSON *root, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts")) {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id")), id) == 0)
            return c;
    }
    return NULL;
}

static const char *str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "(none)";
}

static double num(const cJSON *o, const char *key)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* "type:reason,..." of a contract's owes. */
static void owes_of(const cJSON *c, char *buf, size_t size)
{
    const cJSON *w;
    size_t len = 0;
    buf[0] = '\0';
    cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(c, "owes"))
        len += (size_t)snprintf(buf + len, size - len, "%s%s:%s", len ? "," : "", str(w, "type"),
                                str(w, "reason"));
}

/* The summary adds up to the rows, state by state, and owing counts the
 * rows that owe something. */
static void expect_summary_agrees(const cJSON *root)
{
    static const char *const states[] = {"complete", "outdated", "invalid",
                                         "missing", "overdue", "not-required"};
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary"), *c;
    int rows = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "contracts"));
    double total = 0;
    for (size_t i = 0; i < 6; i++) {
        int n = 0;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts"))
            n += strcmp(str(c, "state"), states[i]) == 0;
        cr_expect_eq((int)num(summary, states[i]), n, "summary %s says %d, the rows %d",
                     states[i], (int)num(summary, states[i]), n);
        total += num(summary, states[i]);
    }
    cr_expect_eq((int)total, rows, "the summary counts %d contracts, the rows %d", (int)total,
                 rows);
    int owing = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts"))
        owing += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "owes")) > 0;
    cr_expect_eq((int)num(root, "owing"), owing);
}

Test(owing_states, past_the_due_date_what_is_missing_outdated_or_invalid_is_overdue,
     .timeout = 120)
{
    ts_env e;
    build_mixed(&e);
    cJSON *root = json_of(&e, "status --format json --as-of 2026-11-26");
    static const struct {
        const char *id, *state, *owes;
        int days;
    } want[] = {
        {"A-MISS", "overdue", "sds:missing", 26},  {"A-OLD", "overdue", "mds:outdated", 26},
        {"A-BAD", "overdue", "mds:invalid", 26},   {"A-LATER", "invalid", "mds:invalid", 0},
        {"A-OK", "complete", "", 0},               {"A-NONE", "not-required", "", 0},
        {"A-WAIT", "missing", "mds:missing", 0},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const cJSON *c = contract_of(root, want[i].id);
        char owes[256];
        cr_assert_not_null(c, "%s is not reported", want[i].id);
        owes_of(c, owes, sizeof owes);
        cr_expect_str_eq(str(c, "state"), want[i].state, "%s", want[i].id);
        cr_expect_str_eq(owes, want[i].owes, "%s", want[i].id);
        cr_expect_eq((int)num(c, "days_overdue"), want[i].days, "%s", want[i].id);
        cr_expect_eq(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "overdue")),
                     want[i].days > 0, "%s", want[i].id);
    }
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
    cr_expect_eq((int)num(summary, "overdue"), 3, "the summary hides the overdue");
    cr_expect_eq((int)num(root, "owing"), 5);
    expect_summary_agrees(root);
    cJSON_Delete(root);
}

Test(owing_states, owing_lists_only_contracts_that_owe_and_its_summary_agrees, .timeout = 120)
{
    ts_env e;
    build_mixed(&e);
    char *out = NULL;
    cJSON *root = json_of(&e, "status --owing --format json --as-of 2026-11-26");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "contracts")), 5);
    cr_expect_null(contract_of(root, "A-OK"));
    cr_expect_null(contract_of(root, "A-NONE"));
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "contracts"))
        cr_expect_gt(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "owes")), 0,
                     "%s owes nothing", str(c, "id"));
    expect_summary_agrees(root);
    cJSON_Delete(root);

    /* CSV: one row per document owed. */
    cr_expect_eq(ts_kaiji(&e, "status --owing --format csv --as-of 2026-11-26", &out), 1);
    size_t rows = 0;
    for (const char *p = out; (p = strstr(p, "\r\n")); p += 2)
        rows++;
    cr_expect_eq(rows, 1 + 5, "%s", out);
    cr_expect(strstr(out, "\r\nA-MISS,X社,P,overdue,2026-10-31,sds,missing,"), "%s", out);
    cr_expect_null(strstr(out, "A-MISS,X社,P,overdue,2026-10-31,mds,"), "%s", out);
    cr_expect(strstr(out, ",yes,26,,"), "%s", out);
    free(out);

    /* HTML: as many contract rows as the summary counts. */
    cr_expect_eq(ts_kaiji(&e, "status --owing --format html --as-of 2026-11-26", &out), 1);
    size_t shown = 0, counted = 0;
    for (const char *p = out; (p = strstr(p, "<td class=\"id")); p++)
        shown++;
    for (const char *p = out; (p = strstr(p, "<td class=\"count\">")); p++)
        counted += strtoul(p + strlen("<td class=\"count\">"), NULL, 10);
    cr_expect_eq(shown, 5, "%s", out);
    cr_expect_eq(counted, shown, "the summary counts %zu, the table shows %zu", counted, shown);
    cr_expect(strstr(out, "26日超過"), "no days overdue in the report");
    free(out);

    /* Nothing owed: said so, exit 0. */
    ts_env none;
    ts_env_init(&none);
    ts_import(&none, "契約番号,事業者名,製品名,必要書類,患者情報の有無\nN-1,X社,P,,無\n");
    cr_expect_eq(ts_kaiji(&none, "status --owing --as-of 2026-11-26", &out), 0, "%s", out);
    cr_expect(strstr(out, "No contract owes a document."), "%s", out);
    free(out);
}

/* Runs kaiji in e's folder under LANG=ja_JP.UTF-8 (with the built
 * catalogue of messages). */
static int kaiji_ja(const ts_env *e, const char *args, char **out)
{
    char cmd[32768], loc[4400], exe[4400];
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8 "
             "KAIJI_LOCALEDIR='%s' KAIJI_DB='%s' '%s' %s 2>&1",
             e->dir, loc, e->db, exe, args);
    return t_run(cmd, out);
}

Test(owing_reminders, the_last_reminder_appears_once_kaiji_remind_has_written_one,
     .timeout = 120)
{
    ts_env e;
    build_mixed(&e);
    cJSON *root = json_of(&e, "status --owing --format json --as-of 2026-11-26");
    cr_expect_str_eq(str(contract_of(root, "A-MISS"), "last_reminder"), "");
    cJSON_Delete(root);

    char *out = NULL;
    /* Y社 has no address: that one fails, the others are written. */
    ts_kaiji(&e, "remind --as-of 2026-11-20 --out reminders", &out);
    cr_assert(strstr(out, "X社"), "no reminder for X社: %s", out);
    free(out);

    root = json_of(&e, "status --owing --format json --as-of 2026-11-26");
    static const char *const reminded[] = {"A-MISS", "A-OLD", "A-BAD", "A-LATER"};
    for (size_t i = 0; i < sizeof reminded / sizeof reminded[0]; i++)
        cr_expect_str_eq(str(contract_of(root, reminded[i]), "last_reminder"), "2026-11-20",
                         "%s", reminded[i]);
    cr_expect_str_eq(str(contract_of(root, "A-WAIT"), "last_reminder"), "",
                     "Y社 has no address: never reminded");
    cJSON_Delete(root);

    /* Not yet on a date before it. */
    root = json_of(&e, "status --owing --format json --as-of 2026-11-19");
    cr_expect_str_eq(str(contract_of(root, "A-MISS"), "last_reminder"), "");
    cJSON_Delete(root);

    cr_expect_eq(ts_kaiji(&e, "status --owing --format csv --as-of 2026-11-26", &out), 1);
    cr_expect(strstr(out, "\r\nA-MISS,X社,P,overdue,2026-10-31,sds,missing,,,,,,,yes,26,2026-11-20,"),
              "%s", out);
    free(out);

    if (!t_have_locale("ja_JP.UTF-8", "the Japanese words of status --owing"))
        return;
    cr_expect_eq(kaiji_ja(&e, "status --owing --as-of 2026-11-26", &out), 1);
    cr_expect(strstr(out, "A-MISS  期限超過"), "%s", out);
    cr_expect(strstr(out, "26日超過"), "%s", out);
    cr_expect(strstr(out, "最終督促日 2026年11月20日"), "%s", out);
    cr_expect(strstr(out, "督促なし"), "A-WAIT was never reminded: %s", out);
    cr_expect(strstr(out, "SDS  未提出"), "%s", out);
    cr_expect_null(strstr(out, "A-OK"), "%s", out);
    free(out);
}

Test(owing_reminders, status_text_shows_the_older_valid_one_beside_a_newer_invalid_one,
     .timeout = 120)
{
    ts_env e;
    ts_env_init(&e);
    write_claims(&e);
    ts_import(&e, claims_csv);
    char *out = NULL;
    int rc = ts_kaiji(&e, "ingest --as-of 2026-11-26 C-1_mds-good.xlsx C-1_mds-invalid.xlsx", &out);
    cr_assert(rc == 0 || rc == 1, "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --as-of 2026-11-26", &out), 1);
    cr_expect(strstr(out, "previous valid one: C-1_mds-good.xlsx (dated 2026-04-01)"), "%s", out);
    free(out);
    cr_expect_eq(ts_kaiji(&e, "status --format html --as-of 2026-11-26", &out), 1);
    cr_expect(strstr(out, "以前の有効な書類"), "%s", out);
    free(out);
    if (!t_have_locale("ja_JP.UTF-8", "the Japanese words of the older valid one"))
        return;
    cr_expect_eq(kaiji_ja(&e, "status --as-of 2026-11-26", &out), 1);
    cr_expect(strstr(out, "以前の有効な書類: C-1_mds-good.xlsx（作成日 2026年4月1日）"), "%s", out);
    free(out);
}

Test(owing_claims, a_time_received_given_by_the_caller_decides_between_two_of_one_date)
{
    ts_env e;
    ts_env_init(&e);
    ts_import(&e, claims_csv);
    kaiji_store *st = ts_open(&e);
    kaiji_catalogs *cats = ts_catalogs();
    char *good = ts_doc("mds-sds/mds-5.0-good.xlsx", NULL, NULL, "C-1");
    char *bad = ts_doc("mds-sds/mds-5.0-invalid-answers.xlsx", NULL, NULL, "C-1");
    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.as_of = (kaiji_date){2026, 11, 26};
    kaiji_ingest_result *r = NULL;

    io.received_at = "2026/11/02 09:00";
    cr_expect_eq(kaiji_store_ingest_memory(&r, st, good, strlen(good), "good.json", &io),
                 KAIJI_ERROR_INVALID, "a time in another form is refused");
    cr_expect_null(r);
    cr_expect(strstr(kaiji_store_errmsg(st), "2026/11/02 09:00"), "%s", kaiji_store_errmsg(st));

    /* The invalid one is ingested last but was received first. */
    io.received_at = "2026-11-02T09:00:00Z";
    cr_assert_eq(kaiji_store_ingest_memory(&r, st, good, strlen(good), "good.json", &io),
                 KAIJI_OK);
    kaiji_ingest_result_free(r);
    io.received_at = "2026-11-01T09:00:00Z";
    cr_assert_eq(kaiji_store_ingest_memory(&r, st, bad, strlen(bad), "bad.json", &io), KAIJI_OK);
    kaiji_ingest_result_free(r);

    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 11, 26};
    so.owing_only = true;
    kaiji_status_report *rep = NULL;
    cr_assert_eq(kaiji_store_status(&rep, st, &so), KAIJI_OK);
    cr_assert_eq(rep->count, 1, "C-1's current claim is the good one: it owes nothing");
    cr_expect_str_eq(rep->contracts[0].contract.id, "C-2");
    cr_expect_eq(rep->owing, 1);
    kaiji_status_report_free(rep);
    free(good);
    free(bad);
    kaiji_catalogs_free(cats);
    kaiji_store_free(st);
}
