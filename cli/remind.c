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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "kaiji/store.h"
#include "mail/mail.h"
#include "store/remind.h"
#include "model/i18n.h"
#include "text/text.h"

#define DEFAULT_OUT "reminders"
#define DEFAULT_FROM "kaiji@localhost"

typedef struct remind_options {
    const char *db, *out, *catalog_dir; /* db NULL: $KAIJI_DB, else ./kaiji.db */
    const char *from, *organization, *signer;
    const char *portal_url;             /* kaiji serve's address for vendors, or NULL */
    long link_days;
    char conf_from[320], conf_org[256];
    kaiji_date as_of, reply_by;
    long min_interval;
    bool send, dry_run;
    kaiji_mail_smtp smtp;
} remind_options;

/* Days since 1970-01-01 of a real date (proleptic Gregorian). */
static long day_number(kaiji_date d)
{
    return kaiji_days_from_civil(d.year, d.month, d.day);
}

static kaiji_date add_days(kaiji_date d, long days)
{
    kaiji_date r;
    kaiji_civil_from_days(day_number(d) + days, &r.year, &r.month, &r.day);
    return r;
}

static void print_ids(FILE *f, const kaiji_remind_vendor *v)
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
static int remind_vendor(tally *t, kaiji_store *st, const kaiji_remind_vendor *v,
                         kaiji_date last, const remind_options *o)
{
    const char *method = o->send ? "smtp" : "eml";
    int rc = KAIJI_OK;
    char d[KAIJI_DATE_SHOW_MAX], a[KAIJI_DATE_SHOW_MAX];
    if (last.year && o->min_interval > 0 &&
        day_number(o->as_of) - day_number(last) < o->min_interval) {
        printf(_("skipped %s: reminded on %s, less than %ld days before %s\n"), v->name,
               kaiji_text_date_show(d, sizeof d, last, KAIJI_DATE_LOCALE), o->min_interval,
               kaiji_text_date_show(a, sizeof a, o->as_of, KAIJI_DATE_LOCALE));
        t->skipped++;
        return KAIJI_OK;
    }
    if (!v->emails.data) {
        cli_error(_("no e-mail address for %s in the register; nothing sent about"), v->name);
        print_ids(stderr, v);
        fputc('\n', stderr);
        t->failed++;
        return KAIJI_OK;
    }

    char **urls = NULL;
    if (o->portal_url && !o->dry_run) {
        if (!(urls = calloc(v->count, sizeof *urls)))
            return KAIJI_ERROR_NOMEM;
        rc = kaiji_remind_add_links(urls, v, st, o->portal_url, (unsigned)o->link_days,
                                    cli_actor(), (long long)time(NULL));
        if (rc != KAIJI_OK) {
            cli_error(_("cannot make the upload links of %s: %s"), v->name,
                      kaiji_store_errmsg(st));
            kaiji_remind_drop_links(urls, v);
            free(urls);
            return rc;
        }
    }
    kaiji_mail_vendor mv = kaiji_remind_mail_vendor(v);
    kaiji_mail_options mo = {0};
    mo.from = o->from;
    mo.organization = o->organization;
    mo.signer = o->signer;
    mo.draft = !o->send;
    mo.as_of = o->as_of;
    mo.reply_by = o->reply_by;
    kaiji_mail_message *msg = NULL;
    char *path = NULL, *why = NULL;
    rc = kaiji_mail_compose(&msg, &mv, &mo);
    kaiji_remind_drop_links(urls, v);
    free(urls);
    if (rc == KAIJI_ERROR_INVALID) {
        cli_error(_("the e-mail address of %s is not a plain address: '%s'"), v->name, v->emails.data);
        t->failed++;
        return KAIJI_OK;
    }
    if (rc != KAIJI_OK)
        return rc;

    if (o->dry_run) {
        printf(o->send ? _("would send to %s <%s>") : _("would write for %s <%s>"), v->name, v->emails.data);
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
            cli_error(_("cannot send to %s <%s>: %s"), v->name, v->emails.data, why ? why : "?");
        else
            cli_error(_("cannot write the reminder to %s into %s"), v->name, o->out);
        t->failed++;
        rc = KAIJI_OK;
        goto done;
    }
    kaiji_mail_record rec = {0};
    rec.kind = "reminder";
    rec.vendor = v->name;
    rec.email = v->emails.data;
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
        printf(_("sent to %s <%s>"), v->name, v->emails.data);
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

void cli_mail_sender(const char **from, const char **org, char *conf_from, size_t from_size,
                     char *conf_org, size_t org_size)
{
    if (!*from && getenv("KAIJI_MAIL_FROM") && *getenv("KAIJI_MAIL_FROM"))
        *from = getenv("KAIJI_MAIL_FROM");
    if (!*from && cli_config_value("mail-from", conf_from, from_size) && conf_from[0])
        *from = conf_from;
    if (!*org && cli_config_value("organization", conf_org, org_size) && conf_org[0])
        *org = conf_org;
}

/* Parses the command line into *o; EXIT_OK to go on, else the exit code. */
static int parse(remind_options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
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
        {"portal-url", required_argument, NULL, 'P'},
        {"link-days", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;
    bool reply_set = false;
    memset(o, 0, sizeof *o);
    o->out = DEFAULT_OUT;
    o->as_of = kaiji_date_today();
    o->min_interval = 7;
    o->link_days = KAIJI_VENDOR_LINK_DAYS;
    kaiji_mail_smtp_from_env(&o->smtp);
    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "d:o:c:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "remind", &o->db, &o->as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common == EXIT_OK ? -1 : common;
        switch (opt) {
        case 'r':
            if (!cli_date_option("--reply-by", optarg, &o->reply_by)) {
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
        case 'P': o->portal_url = optarg; break;
        case 'L': {
            char *end;
            o->link_days = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || o->link_days < 1 ||
                o->link_days > KAIJI_VENDOR_LINK_MAX_DAYS) {
                cli_error(_("'%s' is not a number of days from 1 to %d"), optarg,
                          KAIJI_VENDOR_LINK_MAX_DAYS);
                return EXIT_USAGE;
            }
            break;
        }
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
        default: return cli_usage_error("remind");
        }
    }
    if (optind < argc) {
        cli_error(_("unexpected argument '%s'"), argv[optind]);
        return cli_usage_error("remind");
    }
    if (o->portal_url) {
        char *url = NULL, probe[KAIJI_VENDOR_TOKEN_HEX + 1];
        memset(probe, '0', KAIJI_VENDOR_TOKEN_HEX);
        probe[KAIJI_VENDOR_TOKEN_HEX] = '\0';
        if (kaiji_vendor_link_url(&url, o->portal_url, probe) != KAIJI_OK) {
            cli_error(_("--portal-url '%s' is not an http:// or https:// address"), o->portal_url);
            return EXIT_USAGE;
        }
        free(url);
    }
    if (!reply_set)
        o->reply_by = add_days(o->as_of, KAIJI_REMIND_REPLY_DAYS);
    /* The sender: --from, else $KAIJI_MAIL_FROM, else mail-from = in the
     * config file; the hospital: --org, else organization =. */
    cli_mail_sender(&o->from, &o->organization, o->conf_from, sizeof o->conf_from, o->conf_org,
                    sizeof o->conf_org);
    if (o->send) {
        const char *why;
        if (!o->smtp.url || !o->from) {
            cli_error(_("--send needs --smtp-url and --from"));
            return cli_usage_error("remind");
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
    struct stat sb;
    if (!o->send && !o->dry_run && stat(o->out, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        cli_error(_("%s is a file, not a folder: give with -o the folder to write the reminders "
                    "into"),
                  o->out);
        return EXIT_USAGE;
    }
    if (!o->from) {
        o->from = DEFAULT_FROM;
        if (!o->dry_run)
            cli_error(_("warning: no sender address is set, so the drafts are from %s; set "
                        "mail-from = addr@host in the config file (~/.config/kaiji/config or "
                        "$KAIJI_CONFIG), or give --from"),
                      DEFAULT_FROM);
    }
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
    kaiji_remind_list vendors = {0};
    kaiji_date *last = NULL;
    tally t = {0, 0, 0};
    int status = parse(&o, argc, argv);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;

    status = EXIT_FAILURE_;
    if (!(cats = cli_load_catalogs(o.catalog_dir)))
        goto done;
    if (!(st = cli_store_open_existing(o.db)))
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
    if (kaiji_remind_group(&vendors, st, report) != KAIJI_OK) {
        cli_error(_("out of memory"));
        goto done;
    }
    /* the last mail of every vendor in one query, before any is sent */
    if (!(last = calloc(vendors.count ? vendors.count : 1, sizeof *last))) {
        cli_error(_("out of memory"));
        goto done;
    }
    if (kaiji_remind_last_mails(last, st, &vendors, o.send ? "smtp" : "eml") != KAIJI_OK) {
        cli_error(_("cannot read the reminders sent: %s"), kaiji_store_errmsg(st));
        goto done;
    }
    for (size_t i = 0; i < vendors.count; i++)
        if (remind_vendor(&t, st, &vendors.items[i], last[i], &o) != KAIJI_OK)
            goto done;
    /* What was done and what failed, as values the audit page words
     * (server/audit_detail.c); a failure is never counted as done. */
    kaiji_remind_counts counts = {o.send, t.done, t.skipped, t.failed};
    char what[KAIJI_REMIND_DETAIL_MAX];
    kaiji_remind_audit_detail(what, sizeof what, &counts);
    if (o.dry_run) {
        kaiji_store_rollback(st);
    } else if (kaiji_store_audit(st, cli_actor(), kaiji_remind_audit_action(&counts), "",
                                 what) != KAIJI_OK ||
               kaiji_store_commit(st) != KAIJI_OK) {
        cli_error(_("cannot record the reminders: %s"), kaiji_store_errmsg(st));
        goto done;
    }
    char d[KAIJI_DATE_SHOW_MAX];
    if (vendors.count == 0)
        printf(_("no vendor owes anything as of %s\n"),
               kaiji_text_date_show(d, sizeof d, o.as_of, KAIJI_DATE_LOCALE));
    printf(o.dry_run ? _("%zu to do, %zu skipped, %zu failed\n")
           : o.send  ? _("%zu sent, %zu skipped, %zu failed\n")
                     : _("%zu written, %zu skipped, %zu failed\n"),
           t.done, t.skipped, t.failed);
    status = t.failed ? EXIT_FINDINGS : EXIT_OK;

done:
    free(last);
    kaiji_remind_list_free(&vendors);
    kaiji_status_report_free(report);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return status;
}
