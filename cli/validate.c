/*
 * cli/validate.c - kaiji validate: read, check and report every file given.
 * One bad file never stops the batch.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/inputs.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "model/i18n.h"

/* true when doc fails the check: invalid or unreadable, and with strict
 * also outdated or carrying a warning. */
static bool fails(const kaiji_document *doc, bool strict)
{
    kaiji_status st = kaiji_document_status(doc);
    if (st == KAIJI_STATUS_INVALID || st == KAIJI_STATUS_UNREADABLE)
        return true;
    if (!strict)
        return false;
    if (st == KAIJI_STATUS_OUTDATED)
        return true;
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++)
        if (kaiji_finding_severity(kaiji_document_finding(doc, i)) >= KAIJI_SEVERITY_WARNING)
            return true;
    return false;
}

/*
 * What reading a file may take at its peak, as a multiple of its size, and
 * the memory the files being read at once may take together: a worker
 * starts a file only when its estimate fits in what the others hold (a file
 * alone always starts).  So a run's peak stays near the budget whatever -j
 * is: eight 15 MB workbooks of a million rows, each read at about 250 MiB,
 * are read two at a time, not eight.
 */
#define READ_COST_FACTOR 16
#define READ_COST_BASE (4u << 20)
#define READ_BUDGET ((size_t)512 << 20)

/*
 * One document of a batch, read and validated.  For JSON the worker also
 * writes its object (json) and frees it: the writer then writes bytes, and
 * the document's memory goes back to the thread that took it.
 */
typedef struct done_doc {
    kaiji_document *doc;   /* NULL once made into json, or when rc is NOMEM */
    bool read;             /* a document came back (rc is not NOMEM) */
    bool made;             /* json holds it: doc was freed */
    kaiji_status status;   /* when made: its status */
    bool fails;            /* when made: fails(doc, strict) */
    kaiji_buf json;
    int rc;
} done_doc;

/*
 * A batch read and validated by worker threads and written in order by the
 * calling thread.  Workers run at most `window` documents ahead of the
 * writer and read at once only what fits in the memory budget, so memory
 * stays bounded whatever the number of files and of jobs.
 */
typedef struct batch {
    const cli_paths *paths;
    const kaiji_read_options *ro;
    const kaiji_validate_options *vo;
    const output *out;     /* JSON: documents are made into bytes as read */
    bool strict;
    size_t window;
    done_doc *slot;        /* [window]: document i sits in slot i % window */
    bool *slot_ready;
    bool inline_;          /* one job: no workers, the writer reads itself */
    size_t next;           /* the next index a worker takes */
    size_t written;        /* how many the writer has taken */
    bool stop;
    size_t reserved;       /* the estimates of the files being read now */
    pthread_mutex_t mu;
    pthread_cond_t worker_cv, writer_cv;
} batch;

/* The memory reading path may take at its peak, by its size. */
static size_t read_cost(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
        return READ_COST_BASE;
    unsigned long long c = (unsigned long long)st.st_size * READ_COST_FACTOR + READ_COST_BASE;
    return c > READ_BUDGET ? READ_BUDGET : (size_t)c;
}

/* Reads and validates one input; *out is NULL only when rc is NOMEM. */
static int check_one(kaiji_document **out, const cli_paths *paths, const cli_input *in,
                     const kaiji_read_options *ro, const kaiji_validate_options *vo)
{
    int rc = kaiji_input_read(out, paths, in, ro);
    if (!*out)
        return rc;
    return kaiji_validate(*out, vo);
}

/* Reads and validates input i of b into *d; for JSON also makes the
 * document's object and frees the document. */
static void check_into(done_doc *d, const batch *b, size_t i)
{
    kaiji_document *doc = NULL;

    memset(d, 0, sizeof *d);
    d->rc = check_one(&doc, b->paths, &b->paths->items[i], b->ro, b->vo);
    d->read = doc != NULL;
    if (doc && b->out->format == OUTPUT_JSON && (d->rc == KAIJI_OK || d->rc == KAIJI_ERROR_IO)) {
        output_document_json(b->out, doc, &d->json);
        d->status = kaiji_document_status(doc);
        d->fails = fails(doc, b->strict);
        d->made = true;
        kaiji_document_free(doc);
        doc = NULL;
    }
    d->doc = doc;
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        while (!b->stop && b->next < b->paths->count && b->next >= b->written + b->window)
            pthread_cond_wait(&b->worker_cv, &b->mu);
        if (b->stop || b->next >= b->paths->count) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        size_t i = b->next++;
        pthread_mutex_unlock(&b->mu);

        size_t cost = read_cost(b->paths->items[i].path);
        pthread_mutex_lock(&b->mu);
        while (!b->stop && b->reserved > 0 && b->reserved + cost > READ_BUDGET)
            pthread_cond_wait(&b->worker_cv, &b->mu);
        b->reserved += cost;
        pthread_mutex_unlock(&b->mu);

        done_doc d;
        check_into(&d, b, i);

        pthread_mutex_lock(&b->mu);
        b->reserved -= cost;
        pthread_cond_broadcast(&b->worker_cv);
        b->slot[i % b->window] = d;
        b->slot_ready[i % b->window] = true;
        pthread_cond_broadcast(&b->writer_cv);
        pthread_mutex_unlock(&b->mu);
    }
}

/* Document i of the batch into *d, read by a worker (or here, with one
 * job). */
static void take(batch *b, size_t i, done_doc *d)
{
    if (b->inline_) {
        check_into(d, b, i);
        return;
    }
    pthread_mutex_lock(&b->mu);
    while (!b->slot_ready[i % b->window])
        pthread_cond_wait(&b->writer_cv, &b->mu);
    *d = b->slot[i % b->window];
    b->slot_ready[i % b->window] = false;
    b->written++;
    pthread_cond_broadcast(&b->worker_cv);
    pthread_mutex_unlock(&b->mu);
}

/* Frees what d holds. */
static void done_doc_free(done_doc *d)
{
    kaiji_document_free(d->doc);
    d->doc = NULL;
    kaiji_buf_free(&d->json);
}

/* The number of worker threads to use by default: the cores online. */
static long default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

/*
 * Runs the batch on jobs threads, writing each document to o in the order
 * of paths.  Returns the exit status.
 */
static int run_batch(output *o, const cli_paths *paths, const kaiji_read_options *ro,
                     const kaiji_validate_options *vo, long jobs, bool strict)
{
    batch b = {.paths = paths, .ro = ro, .vo = vo, .out = o, .strict = strict};
    pthread_t *threads = NULL;
    cli_progress *progress = NULL;
    long started = 0;
    int status = EXIT_OK;

    if (jobs > (long)paths->count)
        jobs = paths->count ? (long)paths->count : 1;
    b.inline_ = jobs == 1;
    b.window = (size_t)jobs * 4;
    b.slot = calloc(b.window, sizeof *b.slot);
    b.slot_ready = calloc(b.window, sizeof *b.slot_ready);
    threads = calloc((size_t)jobs, sizeof *threads);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.worker_cv, NULL);
    pthread_cond_init(&b.writer_cv, NULL);
    if (!b.slot || !b.slot_ready || !threads) {
        cli_error(_("out of memory"));
        status = EXIT_FAILURE_;
        goto done;
    }
    for (; !b.inline_ && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    if (!b.inline_ && started == 0) {
        cli_error(_("cannot start a worker thread"));
        status = EXIT_FAILURE_;
        goto done;
    }

    (void)cli_progress_start(&progress, STDERR_FILENO, paths->count); /* none: no bar */
    for (size_t i = 0; i < paths->count; i++) {
        cli_progress_update(progress, i, kaiji_input_name(&paths->items[i]));
        done_doc d;
        take(&b, i, &d);

        cli_progress_hide(progress);
        if (!d.read || (d.rc != KAIJI_OK && d.rc != KAIJI_ERROR_IO)) {
            cli_error("%s: %s", kaiji_input_name(&paths->items[i]), kaiji_strerror(d.rc));
            done_doc_free(&d);
            status = EXIT_FAILURE_;
            break;
        }
        if (d.made)
            output_document_made(o, d.status, &d.json);
        else
            output_document(o, d.doc);
        if ((d.made ? d.fails : fails(d.doc, strict)) && status == EXIT_OK)
            status = EXIT_FINDINGS;
        done_doc_free(&d);
    }

done:
    cli_progress_free(progress);
    pthread_mutex_lock(&b.mu);
    b.stop = true;
    pthread_cond_broadcast(&b.worker_cv);
    pthread_mutex_unlock(&b.mu);
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    /* Documents finished after the writer stopped early. */
    for (size_t k = 0; b.slot_ready && k < b.window; k++)
        if (b.slot_ready[k])
            done_doc_free(&b.slot[k]);
    pthread_cond_destroy(&b.writer_cv);
    pthread_cond_destroy(&b.worker_cv);
    pthread_mutex_destroy(&b.mu);
    free(threads);
    free(b.slot);
    free(b.slot_ready);
    return status;
}

int cli_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"as-of", required_argument, NULL, 'd'},
        {"strict", no_argument, NULL, 's'},
        {"catalog", required_argument, NULL, 'c'},
        {"jobs", required_argument, NULL, 'j'},
        {"wareki", no_argument, NULL, 'W'},
        {"profile", required_argument, NULL, 'p'},
        {"ask-password", no_argument, NULL, 'P'},
        CLI_REPORT_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    output o = {.out = stdout, .format = OUTPUT_TEXT};
    const char *catalog_dir = NULL, *target_opt = NULL, *profile = NULL;
    char target[CLI_GUIDELINE_MAX];
    bool strict = false, ask_password = false;
    char password[256];
    long jobs = 0;                  /* -j, else default_jobs() for more than one file */
    kaiji_date as_of = {0, 0, 0}; /* --as-of, else today (the time zone read then) */
    cli_paths paths = {0};
    cli_report rep = {0};
    kaiji_catalogs *cats = NULL;
    int status = EXIT_OK, opt;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "+f:g:d:sc:j:p:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "validate", NULL, &as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'f':
            if (!output_format_parse(optarg, &o.format)) {
                cli_error(_("unknown format '%s'; use text, json, csv or html"), optarg);
                return EXIT_USAGE;
            }
            break;
        case 'g': target_opt = optarg; break;
        case 'p': profile = optarg; break;
        case 's': strict = true; break;
        case 'P': ask_password = true; break;
        case 'W':
        case CLI_OPT_ORG:
        case CLI_OPT_AUTHOR:
        case CLI_OPT_REVIEWER:
        case CLI_OPT_DATES:
            if (!cli_report_option(&rep, opt, optarg))
                return EXIT_USAGE;
            break;
        case 'c': catalog_dir = optarg; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || jobs < 1 || jobs > 256) {
                cli_error(_("'%s' is not a number of jobs from 1 to 256"), optarg);
                return EXIT_USAGE;
            }
            break;
        }
        default: return cli_usage_error("validate");
        }
    }
    if (optind >= argc) {
        cli_error(_("no file or folder to validate"));
        fprintf(stderr, _("usage: kaiji %s\n"), _(cli_find_command("validate")->usage));
        return EXIT_USAGE;
    }
    if (!cli_check_option_args(argc, argv, optind) || !cli_report_finish(&rep))
        return EXIT_USAGE;
    /* The report follows the language (和暦 in Japanese); text only when asked. */
    o.wareki = o.format == OUTPUT_HTML ? cli_report_wareki(&rep) : rep.dates == CLI_DATES_WAREKI;
    o.organization = rep.organization;
    o.author = rep.author;
    o.reviewer = rep.reviewer;
    cats = cli_load_catalogs(catalog_dir);
    if (!cats)
        return EXIT_USAGE;
    if (!cli_target_guideline(target, target_opt, cats) ||
        (profile && !cli_add_profile(cats, profile))) {
        status = EXIT_USAGE;
        goto done;
    }
    o.target_guideline = target;
    o.catalogs = cats;
    /* Machine formats keep their bytes; text goes through the filter. */
    if (o.format != OUTPUT_TEXT)
        o.out = cli_raw_stdout();
    if (!cli_zip_password(&paths.password, ask_password, password, sizeof password)) {
        status = EXIT_USAGE;
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        int added = cli_paths_add(&paths, argv[i]);
        if (added == EXIT_FAILURE_)
            cli_error(_("out of memory"));
        if (added != EXIT_OK && status == EXIT_OK)
            status = added;
    }
    if (status != EXIT_OK || cli_paths_none(&paths)) {
        if (status == EXIT_OK)
            status = EXIT_USAGE;
        goto done;
    }

    if (!jobs)
        jobs = paths.count > 1 ? default_jobs() : 1;
    if (!as_of.year)
        as_of = kaiji_date_today();
    char as_of_text[11];
    o.as_of = kaiji_date_format(as_of_text, as_of);
    kaiji_read_options ro;
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    /* Only the JSON and the HTML report show a document's SHA-256. */
    ro.compute_sha256 = o.format == OUTPUT_JSON || o.format == OUTPUT_HTML;
    kaiji_validate_options vo;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.as_of = as_of;
    vo.target_guideline = o.target_guideline;
    vo.wareki = o.wareki; /* the messages' dates as the report's */

    output_begin(&o);
    status = run_batch(&o, &paths, &ro, &vo, jobs, strict);
    /* An archive not opened holds documents nobody checked. */
    for (size_t i = 0; status != EXIT_FAILURE_ && i < paths.not_read_count; i++) {
        output_not_read(&o, &paths.not_read[i]);
        if (status == EXIT_OK && strncmp(paths.not_read[i].reason, "archive-", 8) == 0)
            status = EXIT_FINDINGS;
    }
    output_end(&o);
    if (o.failed)
        status = EXIT_FAILURE_;
    if (fflush(stdout) != 0 || fflush(cli_raw_stdout()) != 0) {
        cli_error(_("cannot write the results"));
        status = EXIT_FAILURE_;
    }
done:
    memset(password, 0, sizeof password);
    kaiji_inputs_free(&paths);
    kaiji_catalogs_free(cats);
    return status;
}
