/*
 * cli/remind.c - kaiji remind: one e-mail per vendor that still owes
 * something (a contract missing, overdue, outdated or invalid as of the
 * status date), written as .eml files for review or sent through SMTP, each
 * recorded in the store; a vendor reminded (the same way) less than
 * --min-interval days before is skipped.  The whole command is one
 * transaction.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "kaiji/store.h"
#include "mail/mail.h"
#include "model/i18n.h"

#define DEFAULT_OUT "reminders"
#define DEFAULT_FROM "kaiji@localhost"
#define REPLY_DAYS 14

typedef struct remind_options {
    const char *db, *out, *catalog_dir; /* db NULL: $KAIJI_DB, else ./kaiji.db */
    const char *from, *organization, *signer;
    kaiji_date as_of, reply_by;
    long min_interval;
    bool send, dry_run;
    kaiji_mail_smtp smtp;
} remind_options;

/* Days since 1970-01-01 of a real date (proleptic Gregorian). */
static long day_number(kaiji_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static kaiji_date add_days(kaiji_date d, long days)
{
    long z = day_number(d) + days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    kaiji_date r;
    r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.year = (int)(yoe + era * 400 + (r.month <= 2));
    return r;
}

/* One vendor's contracts that owe something, as the mail module reads them. */
typedef struct vendor_mail {
    char *key;                      /* kaiji_store_name_key of the vendor */
    const char *name;               /* as in the register (first contract) */
    char *emails;                   /* the distinct addresses, ", " between */
    kaiji_mail_contract *contracts;
    const char **ids;
    size_t count;
} vendor_mail;

typedef struct vendor_list {
    vendor_mail *items;
    size_t count;
    /* Storage for the documents and findings the contracts point into. */
    kaiji_mail_document *docs;
    kaiji_mail_finding *findings;
} vendor_list;

static void vendor_list_free(vendor_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].key);
        free(l->items[i].emails);
        free(l->items[i].contracts);
        free(l->items[i].ids);
    }
    free(l->items);
    free(l->docs);
    free(l->findings);
}

static kaiji_mail_contract_state contract_state(kaiji_contract_state s)
{
    switch (s) {
    case KAIJI_CONTRACT_MISSING: return KAIJI_MAIL_CONTRACT_MISSING;
    case KAIJI_CONTRACT_OVERDUE: return KAIJI_MAIL_CONTRACT_OVERDUE;
    case KAIJI_CONTRACT_OUTDATED: return KAIJI_MAIL_CONTRACT_OUTDATED;
    case KAIJI_CONTRACT_INVALID: return KAIJI_MAIL_CONTRACT_INVALID;
    default: return KAIJI_MAIL_CONTRACT_SETTLED;
    }
}

static kaiji_mail_doc_state doc_state(const kaiji_status_document *d)
{
    if (!d->present || strcmp(d->state, "missing") == 0)
        return KAIJI_MAIL_DOC_MISSING;
    if (strcmp(d->state, "outdated") == 0)
        return KAIJI_MAIL_DOC_OUTDATED;
    if (strcmp(d->state, "invalid") == 0)
        return d->status == KAIJI_STATUS_UNREADABLE ? KAIJI_MAIL_DOC_UNREADABLE
                                                    : KAIJI_MAIL_DOC_INVALID;
    return KAIJI_MAIL_DOC_OK;
}

/* The file name of a recorded path or URL: the vendor knows its file by it,
 * and the hospital's folders are none of its business. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Appends addr to the ", "-separated list *emails when it is not there yet. */
static bool add_email(char **emails, const char *addr)
{
    if (!*addr)
        return true;
    if (*emails) {
        size_t n = strlen(addr);
        for (const char *p = *emails; (p = strstr(p, addr)) != NULL; p += n)
            if ((p == *emails || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
                return true;
    }
    size_t old = *emails ? strlen(*emails) : 0;
    char *e = realloc(*emails, old + strlen(addr) + 3);
    if (!e)
        return false;
    snprintf(e + old, strlen(addr) + 3, "%s%s", old ? ", " : "", addr);
    *emails = e;
    return true;
}

/*
 * Groups the contracts of report that owe something by vendor (compared by
 * kaiji_store_name_key), in report order.  The mail structs point into
 * report, which must outlive *out.  Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
static int group_by_vendor(vendor_list *out, const kaiji_status_report *report)
{
    size_t ndocs = 0, nfind = 0, di = 0, fi = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < report->count; i++)
        for (size_t j = 0; j < report->contracts[i].document_count; j++) {
            ndocs++;
            nfind += report->contracts[i].documents[j].finding_count;
        }
    out->items = calloc(report->count ? report->count : 1, sizeof *out->items);
    out->docs = calloc(ndocs ? ndocs : 1, sizeof *out->docs);
    out->findings = calloc(nfind ? nfind : 1, sizeof *out->findings);
    if (!out->items || !out->docs || !out->findings)
        goto error;
    for (size_t i = 0; i < report->count; i++) {
        const kaiji_status_contract *sc = &report->contracts[i];
        kaiji_mail_contract_state st = contract_state(sc->state);
        if (st == KAIJI_MAIL_CONTRACT_SETTLED)
            continue;
        char *key = NULL;
        int rc = kaiji_store_name_key(&key, sc->contract.vendor);
        if (rc == KAIJI_ERROR_NOMEM)
            goto error;
        if (rc != KAIJI_OK || !key) {
            free(key);
            key = strdup(sc->contract.vendor);
            if (!key)
                goto error;
        }
        vendor_mail *v = NULL;
        for (size_t k = 0; k < out->count && !v; k++)
            if (strcmp(out->items[k].key, key) == 0)
                v = &out->items[k];
        if (v) {
            free(key);
        } else {
            v = &out->items[out->count++];
            v->key = key;
            v->name = sc->contract.vendor;
            v->contracts = calloc(report->count, sizeof *v->contracts);
            v->ids = calloc(report->count, sizeof *v->ids);
            if (!v->contracts || !v->ids)
                goto error;
        }
        if (!add_email(&v->emails, sc->contract.email))
            goto error;
        kaiji_mail_contract *mc = &v->contracts[v->count];
        v->ids[v->count++] = sc->contract.id;
        mc->id = sc->contract.id;
        mc->system = sc->contract.system;
        mc->product = sc->contract.product;
        mc->state = st;
        mc->due = sc->contract.due;
        mc->documents = &out->docs[di];
        mc->document_count = sc->document_count;
        for (size_t j = 0; j < sc->document_count; j++) {
            const kaiji_status_document *sd = &sc->documents[j];
            kaiji_mail_document *md = &out->docs[di++];
            md->type = kaiji_doc_type_name(sd->type);
            md->state = doc_state(sd);
            md->name = base_name(sd->path);
            md->form_version = sd->form_version;
            md->findings = &out->findings[fi];
            md->finding_count = sd->finding_count;
            for (size_t f = 0; f < sd->finding_count; f++) {
                kaiji_mail_finding *mf = &out->findings[fi++];
                mf->severity = sd->findings[f].severity;
                mf->code = sd->findings[f].code;
                mf->item = sd->findings[f].item;
                mf->message = sd->findings[f].message;
            }
        }
    }
    return KAIJI_OK;

error:
    vendor_list_free(out);
    memset(out, 0, sizeof *out);
    return KAIJI_ERROR_NOMEM;
}

static void print_ids(FILE *f, const vendor_mail *v)
{
    fputs(" (", f);
    for (size_t i = 0; i < v->count; i++)
        fprintf(f, "%s%s", i ? ", " : "", v->ids[i]);
    fputs(")", f);
}

typedef struct tally {
    size_t done, skipped, failed;
} tally;

/*
 * Reminds one vendor: skips it when reminded by the same method less than
 * min_interval days before as_of, else composes, writes or sends, and
 * records the mail.  Counts the outcome in *t.  Returns KAIJI_OK, or
 * KAIJI_ERROR_NOMEM / KAIJI_ERROR_IO when the store or memory fails (the
 * command stops).
 */
static int remind_vendor(tally *t, kaiji_store *st, const vendor_mail *v,
                         const remind_options *o)
{
    const char *method = o->send ? "smtp" : "eml";
    kaiji_date last;
    int rc = kaiji_store_last_mail(&last, st, v->name, method);
    char d[11], a[11];
    if (rc == KAIJI_OK && o->min_interval > 0 &&
        day_number(o->as_of) - day_number(last) < o->min_interval) {
        printf(_("skipped %s: reminded on %s, less than %ld days before %s\n"), v->name,
               kaiji_date_format(d, last), o->min_interval, kaiji_date_format(a, o->as_of));
        t->skipped++;
        return KAIJI_OK;
    }
    if (rc != KAIJI_OK && rc != KAIJI_ERROR_NOT_FOUND) {
        cli_error(_("cannot read the reminders sent: %s"), kaiji_store_errmsg(st));
        return rc;
    }
    if (!v->emails) {
        cli_error(_("no e-mail address for %s in the register; nothing sent about"), v->name);
        print_ids(stderr, v);
        fputc('\n', stderr);
        t->failed++;
        return KAIJI_OK;
    }

    kaiji_mail_vendor mv = {v->name, v->emails, v->contracts, v->count};
    kaiji_mail_options mo = {0};
    mo.from = o->from;
    mo.organization = o->organization;
    mo.signer = o->signer;
    mo.as_of = o->as_of;
    mo.reply_by = o->reply_by;
    kaiji_mail_message *msg = NULL;
    char *path = NULL, *why = NULL;
    rc = kaiji_mail_compose(&msg, &mv, &mo);
    if (rc == KAIJI_ERROR_INVALID) {
        cli_error(_("the e-mail address of %s is not a plain address: '%s'"), v->name, v->emails);
        t->failed++;
        return KAIJI_OK;
    }
    if (rc != KAIJI_OK)
        return rc;

    if (o->dry_run) {
        printf(o->send ? _("would send to %s <%s>") : _("would write for %s <%s>"), v->name, v->emails);
        print_ids(stdout, v);
        putchar('\n');
        t->done++;
        kaiji_mail_message_free(msg);
        return KAIJI_OK;
    }
    if (o->send)
        rc = kaiji_mail_send(&why, msg, &o->smtp);
    else
        rc = kaiji_mail_write_eml(&path, msg, o->out, o->as_of);
    if (rc == KAIJI_ERROR_NOMEM)
        goto done;
    if (rc != KAIJI_OK) {
        if (o->send)
            cli_error(_("cannot send to %s <%s>: %s"), v->name, v->emails, why ? why : "?");
        else
            cli_error(_("cannot write the reminder to %s into %s"), v->name, o->out);
        t->failed++;
        rc = KAIJI_OK;
        goto done;
    }
    kaiji_mail_record rec = {0};
    rec.kind = "reminder";
    rec.vendor = v->name;
    rec.email = v->emails;
    rec.contract_ids = v->ids;
    rec.contract_count = v->count;
    rec.date = o->as_of;
    rec.method = method;
    rec.message_id = msg->message_id;
    rec.file = path;
    rc = kaiji_store_record_mail(st, &rec);
    if (rc != KAIJI_OK) {
        cli_error(_("cannot record the reminder to %s: %s"), v->name, kaiji_store_errmsg(st));
        goto done;
    }
    if (o->send)
        printf(_("sent to %s <%s>"), v->name, v->emails);
    else
        printf(_("wrote %s for %s"), path, v->name);
    print_ids(stdout, v);
    putchar('\n');
    t->done++;
done:
    free(why);
    free(path);
    kaiji_mail_message_free(msg);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, _("usage: kaiji %s\n"), cli_find_command("remind")->usage);
    return EXIT_USAGE;
}

/* Parses the command line into *o; EXIT_OK to go on, else the exit code. */
static int parse(remind_options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"as-of", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"send", no_argument, NULL, 'S'},
        {"smtp-url", required_argument, NULL, 'U'},
        {"from", required_argument, NULL, 'F'},
        {"smtp-cacert", required_argument, NULL, 'C'},
        {"netrc-file", required_argument, NULL, 'N'},
        {"min-interval", required_argument, NULL, 'm'},
        {"reply-by", required_argument, NULL, 'r'},
        {"org", required_argument, NULL, 'O'},
        {"signer", required_argument, NULL, 'n'},
        {"catalog", required_argument, NULL, 'c'},
        {"dry-run", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    bool reply_set = false;
    memset(o, 0, sizeof *o);
    o->out = DEFAULT_OUT;
    o->as_of = kaiji_date_today();
    o->min_interval = 7;
    kaiji_mail_smtp_from_env(&o->smtp);
    optind = 0;
    while ((opt = getopt_long(argc, argv, "d:o:c:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'D': o->db = optarg; break;
        case 'd':
            if (!cli_parse_date(optarg, &o->as_of)) {
                cli_error(_("'%s' is not a date; write it as YYYY-MM-DD"), optarg);
                return EXIT_USAGE;
            }
            break;
        case 'r':
            if (!cli_parse_date(optarg, &o->reply_by)) {
                cli_error(_("'%s' is not a date; write it as YYYY-MM-DD"), optarg);
                return EXIT_USAGE;
            }
            reply_set = true;
            break;
        case 'o': o->out = optarg; break;
        case 'S': o->send = true; break;
        case 'U': o->smtp.url = optarg; break;
        case 'F': o->from = optarg; break;
        case 'C': o->smtp.cacert = optarg; break;
        case 'N': o->smtp.netrc_file = optarg; break;
        case 'O': o->organization = optarg; break;
        case 'n': o->signer = optarg; break;
        case 'c': o->catalog_dir = optarg; break;
        case 'x': o->dry_run = true; break;
        case 'm': {
            char *end;
            o->min_interval = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || o->min_interval < 0 ||
                o->min_interval > 3650) {
                cli_error(_("'%s' is not a number of days from 0 to 3650"), optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case 'h': cli_print_help(cli_find_command("remind")); return -1;
        default: return usage();
        }
    }
    if (optind < argc) {
        cli_error(_("unexpected argument '%s'"), argv[optind]);
        return usage();
    }
    if (!reply_set)
        o->reply_by = add_days(o->as_of, REPLY_DAYS);
    if (o->send) {
        const char *why;
        if (!o->smtp.url || !o->from) {
            cli_error(_("--send needs --smtp-url and --from"));
            return usage();
        }
        if ((why = kaiji_mail_smtp_url_problem(o->smtp.url)) != NULL) {
            cli_error("%s", why);
            return EXIT_USAGE;
        }
        if (o->smtp.netrc_file && access(o->smtp.netrc_file, R_OK) != 0) {
            cli_error(_("cannot read the netrc file %s"), o->smtp.netrc_file);
            return EXIT_USAGE;
        }
        if (o->smtp.cacert && access(o->smtp.cacert, R_OK) != 0) {
            cli_error(_("cannot read the CA file %s"), o->smtp.cacert);
            return EXIT_USAGE;
        }
    } else if (o->smtp.url) {
        cli_error(_("--smtp-url is for --send; without it the reminders are written to %s"),
                  o->out);
        return EXIT_USAGE;
    }
    if (!o->from)
        o->from = getenv("KAIJI_MAIL_FROM") && *getenv("KAIJI_MAIL_FROM")
                      ? getenv("KAIJI_MAIL_FROM")
                      : DEFAULT_FROM;
    if (!kaiji_mail_sender_valid(o->from)) {
        cli_error(_("'%s' is not a sender address; write it as addr@host or \"Name <addr@host>\""),
                  o->from);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_remind(int argc, char **argv)
{
    remind_options o;
    kaiji_store *st = NULL;
    kaiji_catalogs *cats = NULL;
    kaiji_status_report *report = NULL;
    vendor_list vendors = {0};
    tally t = {0, 0, 0};
    int status = parse(&o, argc, argv);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;

    status = EXIT_FAILURE_;
    if (!(cats = cli_load_catalogs(o.catalog_dir)))
        goto done;
    if (!(st = cli_store_open(o.db)))
        goto done;
    if (kaiji_store_begin(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.as_of = o.as_of;
    if (kaiji_store_status(&report, st, &so) != KAIJI_OK) {
        cli_error(_("cannot read the status of the contracts: %s"), kaiji_store_errmsg(st));
        goto done;
    }
    if (group_by_vendor(&vendors, report) != KAIJI_OK) {
        cli_error(_("out of memory"));
        goto done;
    }
    for (size_t i = 0; i < vendors.count; i++)
        if (remind_vendor(&t, st, &vendors.items[i], &o) != KAIJI_OK)
            goto done;
    if (o.dry_run) {
        kaiji_store_rollback(st);
    } else if (kaiji_store_commit(st) != KAIJI_OK) {
        cli_error(_("cannot record the reminders: %s"), kaiji_store_errmsg(st));
        goto done;
    }
    char d[11];
    if (vendors.count == 0)
        printf(_("no vendor owes anything as of %s\n"), kaiji_date_format(d, o.as_of));
    printf(o.dry_run ? _("%zu to do, %zu skipped, %zu failed\n")
           : o.send  ? _("%zu sent, %zu skipped, %zu failed\n")
                     : _("%zu written, %zu skipped, %zu failed\n"),
           t.done, t.skipped, t.failed);
    status = t.failed ? EXIT_FINDINGS : EXIT_OK;

done:
    vendor_list_free(&vendors);
    kaiji_status_report_free(report);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return status;
}
