/*
 * cli/ingest.c - kaiji ingest PATH...: validate each file, record it in the
 * store and link it to the contracts it covers.  The files are read and
 * validated first, outside any transaction; then all are recorded in one
 * short transaction, so the write lock is held only to record.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "cli/store_cli.h"
#include "model/i18n.h"

#ifdef KAIJI_TEST_HOOKS
/*
 * Test hook, only in build/kaiji-test (compiled with -DKAIJI_TEST_HOOKS, see
 * docs/conventions.md): with KAIJI_TEST_INGEST_READ_GATE naming a file,
 * waits, once the first file is read (before the write lock), as long as that
 * file exists (at most two minutes), to show what other commands can do while
 * an ingest reads.
 */
static void read_gate(void)
{
    const char *gate = getenv("KAIJI_TEST_INGEST_READ_GATE");
    if (!gate || !*gate)
        return;
    fprintf(stderr, _("kaiji: waiting while %s exists (KAIJI_TEST_INGEST_READ_GATE)\n"), gate);
    fflush(NULL);
    for (int i = 0; i < 2400 && access(gate, F_OK) == 0; i++)
        usleep(50000);
}

/* Test hook, only in build/kaiji-test: with KAIJI_TEST_PAUSE_INGEST=N, a
 * pause of N seconds after writing, before COMMIT, to kill the process in. */
static void pause_before_commit(void)
{
    const char *pause = getenv("KAIJI_TEST_PAUSE_INGEST");
    if (pause && atoi(pause) > 0) {
        fprintf(stderr, _("kaiji: pausing %d s before commit (KAIJI_TEST_PAUSE_INGEST)\n"),
                atoi(pause));
        fflush(NULL);
        sleep((unsigned)atoi(pause));
    }
}
#else
static void read_gate(void) {}
static void pause_before_commit(void) {}
#endif

/* One file of the command line, read: the item to record, or why it could
 * not be read. */
typedef struct read_file {
    kaiji_ingest_item *item;
    char *why;
} read_file;

/* Prints a list of IDs, comma-separated. */
static void print_ids(char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", ids[i]);
}

/* ids[0..n) joined by ", " (malloc'd), or NULL when out of memory. */
static char *join_ids(char *const *ids, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(ids[i]) + 2;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, ids[i]);
    }
    return s;
}

/* Prints, below a file's line, the contracts it names that were not linked
 * because they are not its vendor's. */
static void report_refused(const kaiji_ingest_result *r)
{
    if (!r->refused_count)
        return;
    char *ids = join_ids(r->refused, r->refused_count);
    if (r->vendor[0])
        printf(_("  refused: it names %s, contracts of another vendor than its own (%s); a"
                 " document links only to its vendor's contracts\n"),
               ids ? ids : "?", r->vendor);
    else
        printf(_("  refused: it names %s but no vendor of its own; a document links only to"
                 " its vendor's contracts\n"),
               ids ? ids : "?");
    printf(_("  if it is truly for them, link it by hand: kaiji link %.12s CONTRACT...\n"),
           r->sha256);
    free(ids);
}

/* How a file was linked, in words (kaiji_link_method_name is the code). */
static const char *link_method_word(kaiji_link_method method)
{
    switch (method) {
    case KAIJI_LINK_REFERENCE: return C_("link method", "by the contract ID it names");
    case KAIJI_LINK_PATH: return C_("link method", "by its file or folder name");
    case KAIJI_LINK_NAME: return C_("link method", "by vendor and product");
    case KAIJI_LINK_HINT: return C_("link method", "as fetched for the contract");
    case KAIJI_LINK_MANUAL: return C_("link method", "by hand");
    default: return C_("link method", "not linked");
    }
}

/* What became of one file, as report() printed it. */
typedef enum { REPORT_LINKED, REPORT_UNLINKED, REPORT_UNREADABLE } report_outcome;

/* Prints what became of one file (a duplicate too: what it became when first
 * ingested); returns whether it is linked, left unlinked, or left unlinked
 * because nothing in it can be read (not for kaiji link: a file no one can
 * read is linked to nothing). */
static report_outcome report(const kaiji_ingest_result *r)
{
    char form[CLI_FORM_WORD_MAX];
    printf("%s: ", r->path);
    if (r->duplicate)
        printf(_("already ingested (sha256 %.12s), nothing changed"), r->sha256);
    else if (r->kind == KAIJI_KIND_UNKNOWN)
        printf("%s", cli_status_word(r->status));
    else
        printf("%s%s%s %s", cli_kind_word(r->kind), r->form_version[0] ? " " : "",
               r->form_version[0] ? cli_form_word(form, r->kind, r->form_version) : "",
               cli_status_word(r->status));
    if (r->contract_count) {
        printf(" → ");
        print_ids(r->contracts, r->contract_count);
        /* TRANSLATORS: how a file was linked to its contracts, after them */
        printf(_(" (linked %s)\n"), link_method_word(r->method));
        report_refused(r);
        return REPORT_LINKED;
    }
    if (r->not_disclosure) {
        printf(_(", not a vendor disclosure: recorded, not linked\n"));
        return REPORT_LINKED;
    }
    if (r->status == KAIJI_STATUS_UNREADABLE && !r->ambiguous &&
        !r->unknown_count && !r->refused_count) {
        /* nothing in it to match a contract by: say why that is */
        printf(_(" → not linked: nothing in it can be read to find its contract (kaiji validate"
                 " \"%s\" says why; ask the vendor to send it again)\n"),
               r->path);
        return REPORT_UNREADABLE;
    }
    if (r->ambiguous) {
        printf(_(" → ambiguous: it may be for "));
        print_ids(r->candidates, r->candidate_count);
        printf("\n");
    } else if (r->unknown_count) {
        printf(_(" → not linked: it names "));
        print_ids(r->unknown_references, r->unknown_count);
        printf(_(", not in the register\n"));
    } else if (r->refused_count) {
        printf(_(" → not linked\n"));
    } else {
        printf(_(" → not linked: no contract matches it\n"));
    }
    report_refused(r);
    return REPORT_UNLINKED;
}

int cli_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"as-of", required_argument, NULL, 'd'},
        {"catalog", required_argument, NULL, 'c'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"ask-password", no_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *catalog_dir = NULL, *target_opt = NULL;
    char target[CLI_GUIDELINE_MAX], password[256];
    bool ask_password = false;
    kaiji_date as_of = {0, 0, 0};
    cli_paths paths = {0};
    kaiji_catalogs *cats = NULL;
    kaiji_store *st = NULL;
    cli_progress *progress = NULL;
    read_file *read = NULL;
    int opt, status = EXIT_FAILURE_;
    size_t recorded = 0, dup = 0, linked = 0, unlinked = 0, failed = 0, other = 0, refused = 0;
    size_t unreadable = 0; /* of the unlinked: not to be linked by hand */

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "+D:d:c:g:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "ingest", &db, &as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'c': catalog_dir = optarg; break;
        case 'g': target_opt = optarg; break;
        case 'P': ask_password = true; break;
        default: return cli_usage_error("ingest");
        }
    }
    if (optind >= argc) {
        cli_error(_("usage: kaiji ingest [OPTION]... PATH..."));
        return EXIT_USAGE;
    }
    if (!cli_check_option_args(argc, argv, optind))
        return EXIT_USAGE;
    if (!cli_zip_password(&paths.password, ask_password, password, sizeof password)) {
        status = EXIT_USAGE;
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        int added = cli_paths_add(&paths, argv[i]);
        if (added == EXIT_FAILURE_) {
            cli_error(_("out of memory"));
            goto done;
        }
        if (added == EXIT_USAGE)
            status = EXIT_USAGE;
    }
    if (status == EXIT_USAGE)
        goto done;
    if (cli_paths_none(&paths)) {
        status = EXIT_USAGE;
        goto done;
    }
    if ((status = cli_open_for_store(&cats, &st, target, catalog_dir, target_opt, db, true)) != EXIT_OK)
        goto done;
    status = EXIT_FAILURE_;
    kaiji_ingest_options io;
    kaiji_ingest_options_init(&io);
    io.catalogs = cats;
    io.target_guideline = target;
    io.as_of = as_of;
    if (!(read = calloc(paths.count + 1, sizeof *read))) {
        cli_error(_("out of memory"));
        goto done;
    }
    /* Reading and validating, the slow part, before the write lock: other
     * commands go on meanwhile. */
    (void)cli_progress_start(&progress, STDERR_FILENO, paths.count); /* none: no bar */
    for (size_t i = 0; i < paths.count; i++) {
        const cli_input *in = &paths.items[i];
        cli_progress_update(progress, i, kaiji_input_name(in));
        int rc;
        if (!in->shown) {
            rc = kaiji_store_ingest_read(&read[i].item, st, in->path, &io);
        } else {
            /* A member of a ZIP: recorded under its name ZIP!/NAME. */
            unsigned char *data = NULL;
            size_t size = 0;
            const char *code;
            char why[KAIJI_ZIP_WHY];
            rc = kaiji_input_bytes(&data, &size, &paths, in, &code, why);
            if (rc == KAIJI_OK)
                rc = kaiji_store_ingest_read_memory(&read[i].item, st, data, size, in->shown,
                                                    &io);
            else if (rc == KAIJI_ERROR_UNREADABLE &&
                     !(read[i].why = kaiji_strprintf("%s: %s", in->shown, why)))
                rc = KAIJI_ERROR_NOMEM;
            free(data);
        }
        cli_progress_hide(progress);
        if (read[i].why)
            continue;
        if (i == 0)
            read_gate();
        if (rc == KAIJI_ERROR_UNREADABLE) {
            if (!(read[i].why = strdup(kaiji_store_errmsg(st)))) {
                cli_error(_("out of memory"));
                goto done;
            }
            continue;
        }
        if (rc != KAIJI_OK) {
            cli_error("%s: %s", kaiji_input_name(&paths.items[i]),
                      kaiji_store_errmsg(st)[0] ? kaiji_store_errmsg(st) : kaiji_strerror(rc));
            goto done;
        }
    }
    cli_progress_free(progress);
    progress = NULL;

    /* Recording, in one short transaction: what another command wrote since
     * counts (the same bytes recorded meanwhile are a duplicate). */
    if (kaiji_store_begin(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    for (size_t i = 0; i < paths.count; i++) {
        kaiji_ingest_result *r = NULL;
        if (read[i].why) {
            cli_error("%s", read[i].why);
            failed++;
            continue;
        }
        int rc = kaiji_store_ingest_record(&r, st, read[i].item);
        kaiji_ingest_item_free(read[i].item);
        read[i].item = NULL;
        if (rc != KAIJI_OK) {
            cli_error("%s: %s", kaiji_input_name(&paths.items[i]),
                      kaiji_store_errmsg(st)[0] ? kaiji_store_errmsg(st) : kaiji_strerror(rc));
            kaiji_store_rollback(st);
            goto done;
        }
        if (r->duplicate)
            dup++;
        else
            recorded++;
        refused += r->refused_count;
        report_outcome outcome = report(r);
        if (r->not_disclosure)
            other++;
        else if (outcome == REPORT_LINKED)
            linked++;
        else
            unlinked++;
        unreadable += outcome == REPORT_UNREADABLE;
        kaiji_ingest_result_free(r);
    }
    char what[160];
    snprintf(what, sizeof what, "files %zu: recorded %zu, already there %zu, linked %zu, not linked %zu",
             paths.count, recorded, dup, linked, unlinked);
    if (kaiji_store_audit(st, cli_actor(), "ingest", "", what) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        kaiji_store_rollback(st);
        goto done;
    }
    pause_before_commit();
    if (kaiji_store_commit(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    /* Every file given appears: those not read, with what to do. */
    size_t archives = 0;
    if (paths.not_read_count)
        printf(_("Files not read:\n"));
    for (size_t i = 0; i < paths.not_read_count; i++) {
        cli_not_read_print(stdout, &paths.not_read[i]);
        archives += strncmp(paths.not_read[i].reason, "archive-", 8) == 0;
    }
    printf(_("%zu file%s: %zu recorded, %zu already there; %zu linked, %zu not linked, %zu not"
           " vendor disclosures\n"),
           paths.count, paths.count == 1 ? "" : "s", recorded, dup, linked, unlinked, other);
    if (paths.not_read_count)
        printf(_("%zu files not read (listed above with what to do)\n"), paths.not_read_count);
    if (refused)
        printf(_("%zu references to another vendor's contracts refused (see above)\n"), refused);
    if (unlinked > unreadable)
        printf(_("Link the others with: kaiji link FILE CONTRACT...\n"));
    status = unlinked || failed || refused || archives ? EXIT_FINDINGS : EXIT_OK;

done:
    for (size_t i = 0; read && i < paths.count; i++) {
        kaiji_ingest_item_free(read[i].item);
        free(read[i].why);
    }
    free(read);
    cli_progress_free(progress);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    kaiji_inputs_free(&paths);
    memset(password, 0, sizeof password);
    return status;
}
