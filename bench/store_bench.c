/*
 * bench/store_bench.c - make bench-store: a synthetic hospital group, SITES
 * hospitals of CONTRACTS contracts each, three documents a contract (an MDS,
 * an SDS and a checklist, kaiji's exchange JSON of the samples with the
 * contract's vendor, product and number), ingested by WRITERS processes at
 * once, then the status of one site and of the whole group.
 *
 *   store_bench TARGET SITES CONTRACTS WRITERS
 *
 * TARGET is a folder (SQLite: each hospital its own file, as each keeps its
 * own today) or a postgresql:// URI whose schema is empty (one database, one
 * site a hospital).  Prints one line of figures (see bench/README.md).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"

static const char *const samples[3] = {
    "samples/mds-sds/mds-5.0-good.xlsx",
    "samples/mds-sds/sds-5.0-good.xlsx",
    "samples/checklist/vendor-r8-good.xlsx",
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "store_bench: %s: %s\n", what, why ? why : "failed");
    exit(1);
}

/* The sample at path as exchange JSON, parsed. */
static cJSON *sample_json(const char *path)
{
    kaiji_document *doc = NULL;
    char *json = NULL;
    if (kaiji_read_file(&doc, path, NULL) != KAIJI_OK || !kaiji_document_readable(doc) ||
        kaiji_export_json(&json, doc) != KAIJI_OK)
        die(path, "cannot be read");
    kaiji_document_free(doc);
    cJSON *root = cJSON_Parse(json);
    free(json);
    if (!root)
        die(path, "no JSON");
    cJSON_DeleteItemFromObjectCaseSensitive(root, "source");
    return root;
}

static void set_field(cJSON *root, const char *name, const char *value)
{
    cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    cJSON_DeleteItemFromObjectCaseSensitive(fields, name);
    cJSON *o = cJSON_AddObjectToObject(fields, name);
    cJSON_AddStringToObject(o, "text", value);
}

/* The store of site s: its file in the folder, or the group's database. */
static kaiji_store *open_site(const char *target, int s, bool pg)
{
    char path[4200], name[64], *err = NULL;
    kaiji_store *st = NULL;
    if (pg)
        snprintf(path, sizeof path, "%s", target);
    else
        snprintf(path, sizeof path, "%s/site-%03d.db", target, s);
    if (kaiji_store_open(&st, path, &err) != KAIJI_OK)
        die(path, err);
    snprintf(name, sizeof name, "病院%03d", s);
    if (pg && kaiji_store_site_use(st, name) != KAIJI_OK)
        die(name, kaiji_store_errmsg(st));
    return st;
}

/* Imports site s's register and ingests its documents, one transaction
 * each (as "kaiji register import" and "kaiji ingest FOLDER" do). */
static void fill_site(const char *target, int s, int contracts, bool pg, cJSON *const docs[3],
                      const kaiji_catalogs *cats)
{
    kaiji_store *st = open_site(target, s, pg);
    char csv_path[4300];
    snprintf(csv_path, sizeof csv_path, "%s/register-%03d.csv", pg ? "/tmp" : target, s);
    if (pg)
        snprintf(csv_path, sizeof csv_path, "/tmp/kaiji-bench-register-%d-%03d.csv",
                 (int)getpid(), s);
    FILE *f = fopen(csv_path, "w");
    if (!f)
        die(csv_path, "cannot write");
    fputs("契約番号,事業者名,メール,製品名,契約種別,患者情報の有無,回答期限\n", f);
    for (int c = 0; c < contracts; c++)
        fprintf(f, "C-%04d,事業者%02d株式会社,v%d@example.jp,製品%04d,保守,有,2026/12/31\n", c,
                c % 20, c % 20, c);
    fclose(f);
    kaiji_register *reg = NULL;
    kaiji_change_list *ch = NULL;
    if (kaiji_register_read(&reg, csv_path) != KAIJI_OK || reg->error_count)
        die(csv_path, "register refused");
    if (kaiji_store_begin(st) != KAIJI_OK || kaiji_store_import_register(&ch, st, reg) != KAIJI_OK ||
        kaiji_store_commit(st) != KAIJI_OK)
        die("register import", kaiji_store_errmsg(st));
    kaiji_change_list_free(ch);
    kaiji_register_free(reg);
    unlink(csv_path);

    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.as_of = (kaiji_date){2026, 11, 26};
    if (kaiji_store_begin(st) != KAIJI_OK)
        die("begin", kaiji_store_errmsg(st));
    for (int c = 0; c < contracts; c++)
        for (int d = 0; d < 3; d++) {
            char id[32], vendor[64], product[64], contact[64], name[96];
            snprintf(id, sizeof id, "C-%04d", c);
            snprintf(vendor, sizeof vendor, "事業者%02d株式会社", c % 20);
            snprintf(product, sizeof product, "製品%04d", c);
            snprintf(contact, sizeof contact, "site %d contract %d doc %d", s, c, d);
            snprintf(name, sizeof name, "in/%s-%d.json", id, d);
            set_field(docs[d], "vendor", vendor);
            set_field(docs[d], "product", product);
            set_field(docs[d], "contract", id);
            set_field(docs[d], "contact", contact);
            char *json = cJSON_PrintUnformatted(docs[d]);
            kaiji_ingest_result *r = NULL;
            if (!json ||
                kaiji_store_ingest_memory(&r, st, json, strlen(json), name, &io) != KAIJI_OK)
                die(name, kaiji_store_errmsg(st));
            kaiji_ingest_result_free(r);
            free(json);
        }
    if (kaiji_store_commit(st) != KAIJI_OK)
        die("commit", kaiji_store_errmsg(st));
    kaiji_store_free(st);
}

/* The status of one store (the site it works on, or every site): its
 * contracts counted into *n. */
static void status_of(kaiji_store *st, const kaiji_catalogs *cats, size_t *n)
{
    kaiji_status_options so;
    kaiji_status_report *rep = NULL;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = (kaiji_date){2026, 12, 1};
    if (kaiji_store_status(&rep, st, &so) != KAIJI_OK)
        die("status", kaiji_store_errmsg(st));
    *n += rep->count;
    kaiji_status_report_free(rep);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: store_bench TARGET SITES CONTRACTS WRITERS\n");
        return 2;
    }
    const char *target = argv[1];
    int sites = atoi(argv[2]), contracts = atoi(argv[3]), writers = atoi(argv[4]);
    bool pg = kaiji_store_is_uri(target);
    kaiji_catalogs *cats = NULL;
    kaiji_global_init();
    if (kaiji_catalogs_load(&cats, NULL, NULL) != KAIJI_OK)
        die("catalogs", NULL);
    cJSON *docs[3];
    for (int d = 0; d < 3; d++)
        docs[d] = sample_json(samples[d]);

    /* The sites of the group's database, added by its administrator. */
    if (pg) {
        kaiji_store *st = NULL;
        char *err = NULL;
        if (kaiji_store_open(&st, target, &err) != KAIJI_OK)
            die(target, err);
        for (int s = 0; s < sites; s++) {
            char name[64];
            snprintf(name, sizeof name, "病院%03d", s);
            if (kaiji_store_site_add(NULL, st, name, NULL) != KAIJI_OK)
                die(name, kaiji_store_errmsg(st));
        }
        kaiji_store_free(st);
    } else {
        mkdir(target, 0700);
    }

    double t0 = now_s();
    for (int w = 0; w < writers; w++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork", NULL);
        if (pid == 0) {
            for (int s = w; s < sites; s += writers)
                fill_site(target, s, contracts, pg, docs, cats);
            _exit(0);
        }
    }
    int failed = 0, status;
    while (wait(&status) > 0)
        failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double ingest = now_s() - t0;
    if (failed)
        die("ingest", "a writer failed");

    /* One site's status, then the whole group's. */
    size_t n_one = 0, n_all = 0;
    kaiji_store *st = open_site(target, 0, pg);
    t0 = now_s();
    status_of(st, cats, &n_one);
    double one = now_s() - t0;
    kaiji_store_free(st);
    t0 = now_s();
    if (pg) {
        /* The group's role, one site after the other on one connection
         * (kaiji's queries are a site's). */
        st = open_site(target, 0, pg);
        for (int s = 0; s < sites; s++) {
            char name[64];
            snprintf(name, sizeof name, "病院%03d", s);
            if (kaiji_store_site_use(st, name) != KAIJI_OK)
                die(name, kaiji_store_errmsg(st));
            status_of(st, cats, &n_all);
        }
        kaiji_store_free(st);
    } else {
        for (int s = 0; s < sites; s++) {
            st = open_site(target, s, pg);
            status_of(st, cats, &n_all);
            kaiji_store_free(st);
        }
    }
    double all = now_s() - t0;
    long docs_n = (long)sites * contracts * 3;
    printf("| %s | %d | %d × %d × 3 = %ld | %.1f s | %.0f | %.2f s (%zu contracts) | %.1f s (%zu "
           "contracts) |\n",
           pg ? "PostgreSQL" : "SQLite", writers, sites, contracts, docs_n, ingest,
           (double)docs_n / ingest, one, n_one, all, n_all);
    for (int d = 0; d < 3; d++)
        cJSON_Delete(docs[d]);
    kaiji_catalogs_free(cats);
    return 0;
}
