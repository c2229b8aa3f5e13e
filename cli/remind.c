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
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "base/buf.h"
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

/* One vendor's contracts that owe something, as the mail module reads them. */
typedef struct vendor_mail {
    char *key;                      /* kaiji_store_name_key of the vendor */
    const char *name;               /* as in the register (first contract) */
    kaiji_buf emails;               /* the distinct addresses, ", " between */
    kaiji_mail_contract *contracts; /* count of them */
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
        kaiji_buf_free(&l->items[i].emails);
        free(l->items[i].contracts);
        free(l->items[i].ids);
    }
    free(l->items);
    free(l->docs);
    free(l->findings);
}

static kaiji_mail_contract_state contract_state(const kaiji_status_contract *c)
{
    bool missing = false, invalid = false;
    for (size_t i = 0; i < c->document_count; i++) {
        missing |= strcmp(c->documents[i].state, "missing") == 0;
        invalid |= strcmp(c->documents[i].state, "invalid") == 0;
    }
    switch (c->state) {
    case KAIJI_CONTRACT_MISSING: return KAIJI_MAIL_CONTRACT_MISSING;
    case KAIJI_CONTRACT_OVERDUE:
        /* Past the due date whatever it owes: the mail says what that is. */
        return missing ? KAIJI_MAIL_CONTRACT_OVERDUE
               : invalid ? KAIJI_MAIL_CONTRACT_INVALID
                         : KAIJI_MAIL_CONTRACT_OUTDATED;
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

/* Appends addr (not empty) to v's ", "-separated list of addresses.  false
 * when out of memory. */
static bool append_email(vendor_mail *v, const char *addr)
{
    if (v->emails.len && !kaiji_buf_puts(&v->emails, ", "))
        return false;
    return kaiji_buf_puts(&v->emails, addr);
}

/* true when addr holds a space or a comma, the characters the list of
 * addresses is split and compared by. */
static bool has_separator(const char *addr)
{
    return strpbrk(addr, " ,") != NULL;
}

/* Appends addr to v's list unless the list holds it already: at its start
 * or after a space, followed by a comma or its end.  That is the rule for
 * every address, but the list is scanned only for one holding a space or a
 * comma (the register refuses those; an older store may hold one): a plain
 * one is decided by mark_first_emails.  false when out of memory. */
static bool add_email_slow(vendor_mail *v, const char *addr)
{
    if (v->emails.data) {
        size_t n = strlen(addr);
        for (const char *p = v->emails.data; (p = strstr(p, addr)) != NULL; p += n)
            if ((p == v->emails.data || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
                return true;
    }
    return append_email(v, addr);
}

/* A word of an e-mail field of an owing contract: a run of characters that
 * are neither space nor comma, begun at the field's start or after a space
 * and ended by a comma or the field's end (what add_email_slow can find of
 * it once it is in the list).  The contracts are numbered in report order. */
typedef struct email_token {
    size_t vendor;   /* index of the vendor in the list */
    size_t contract; /* number of the owing contract */
    const char *text;
    size_t len;
    bool whole;      /* the whole field (which then has no space or comma) */
} email_token;

static int by_vendor_token_contract(const void *pa, const void *pb)
{
    const email_token *a = pa, *b = pb;
    if (a->vendor != b->vendor)
        return a->vendor < b->vendor ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    if (c || a->len != b->len)
        return c ? c : a->len < b->len ? -1 : 1;
    return a->contract < b->contract ? -1 : a->contract > b->contract;
}

/* Adds to t (*n long) the tokens of the e-mail field email of owing contract
 * k of vendor v. */
static void add_tokens(email_token *t, size_t *n, size_t v, size_t k, const char *email)
{
    for (size_t i = 0; email[i];) {
        if (email[i] == ' ' || email[i] == ',') {
            i++;
            continue;
        }
        size_t start = i;
        while (email[i] && email[i] != ' ' && email[i] != ',')
            i++;
        if ((start == 0 || email[start - 1] == ' ') && (email[i] == '\0' || email[i] == ','))
            t[(*n)++] = (email_token){v, k, email + start, i - start,
                                      start == 0 && email[i] == '\0'};
    }
}

/*
 * Sets first[k] for each owing contract k (of count, vendor[k] the index of
 * its vendor, email[k] its e-mail field) whose field is plain (no space nor
 * comma) and not yet in its vendor's list when its turn comes: not a token
 * of the field of an earlier contract of its vendor.  (The list's tokens are
 * those of every field met before, added or not: a field left out was found
 * in the list, tokens and all.)  Sorting makes it n log n, however many
 * addresses a vendor has.  false when out of memory.
 */
static bool mark_first_emails(bool *first, const size_t *vendor, const char *const *email,
                              size_t count)
{
    size_t total = 0, n = 0;
    for (size_t k = 0; k < count; k++)
        total += strlen(email[k]) / 2 + 1; /* at most this many tokens */
    email_token *t = malloc((total ? total : 1) * sizeof *t);
    if (!t)
        return false;
    for (size_t k = 0; k < count; k++)
        add_tokens(t, &n, vendor[k], k, email[k]);
    qsort(t, n, sizeof *t, by_vendor_token_contract);
    for (size_t i = 0, run = 0; i < n; i++) {
        if (i == 0 || t[i].vendor != t[run].vendor || t[i].len != t[run].len ||
            memcmp(t[i].text, t[run].text, t[i].len) != 0)
            run = i;
        if (t[i].whole)
            first[t[i].contract] = t[i].contract == t[run].contract;
    }
    free(t);
    return true;
}

/* Orders the owing contracts by vendor key, then by their number. */
typedef struct keyed {
    const char *key;
    size_t contract;
} keyed;

static int by_key_contract(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : a->contract < b->contract ? -1 : a->contract > b->contract;
}

/* The kaiji_store_name_key of vendor (with st's vocabulary), or a copy of
 * vendor when it is not UTF-8; NULL when out of memory. */
static char *vendor_key(kaiji_store *st, const char *vendor)
{
    char *key = NULL;
    int rc = kaiji_store_name_key_with(&key, st, vendor);
    if (rc == KAIJI_ERROR_NOMEM)
        return NULL;
    if (rc != KAIJI_OK || !key) {
        free(key);
        key = strdup(vendor);
    }
    return key;
}

/* Frees group_by_vendor's scratch arrays (keys: n of them, each key not
 * taken by a vendor). */
static void free_scratch(keyed *keys, keyed *sorted, const kaiji_status_contract **owed,
                         size_t *vendor, const char **email, bool *first, size_t n)
{
    for (size_t k = 0; keys && k < n; k++)
        free((char *)keys[k].key);
    free(keys);
    free(sorted);
    free(owed);
    free(vendor);
    free(email);
    free(first);
}

/*
 * Groups the contracts of report that owe something by vendor (compared by
 * kaiji_store_name_key, with st's vocabulary): the vendors in the order of
 * their first such contract, each with its contracts in report order and
 * its distinct addresses in the order met.  The groups are found by sorting
 * the keys, so time is n log n and memory linear in the contracts.  The mail
 * structs point into report, which must outlive *out.  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM.
 */
static int group_by_vendor(vendor_list *out, kaiji_store *st, const kaiji_status_report *report)
{
    size_t ndocs = 0, nfind = 0, di = 0, fi = 0, owing = 0;
    keyed *keys = NULL, *sorted = NULL;
    const kaiji_status_contract **owed = NULL;
    size_t *vendor = NULL, k;
    const char **email = NULL;
    bool *first = NULL;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < report->count; i++) {
        if (contract_state(&report->contracts[i]) == KAIJI_MAIL_CONTRACT_SETTLED)
            continue;
        owing++;
        for (size_t j = 0; j < report->contracts[i].document_count; j++) {
            ndocs++;
            nfind += report->contracts[i].documents[j].finding_count;
        }
    }
    out->items = calloc(owing ? owing : 1, sizeof *out->items);
    out->docs = calloc(ndocs ? ndocs : 1, sizeof *out->docs);
    out->findings = calloc(nfind ? nfind : 1, sizeof *out->findings);
    keys = calloc(owing ? owing : 1, sizeof *keys);
    sorted = calloc(owing ? owing : 1, sizeof *sorted);
    owed = calloc(owing ? owing : 1, sizeof *owed);
    vendor = calloc(owing ? owing : 1, sizeof *vendor);
    email = calloc(owing ? owing : 1, sizeof *email);
    first = calloc(owing ? owing : 1, sizeof *first);
    if (!out->items || !out->docs || !out->findings || !keys || !sorted || !owed || !vendor ||
        !email || !first)
        goto error;

    /* The owing contracts, numbered k in report order, keyed. */
    k = 0;
    for (size_t i = 0; i < report->count; i++) {
        const kaiji_status_contract *sc = &report->contracts[i];
        if (contract_state(sc) == KAIJI_MAIL_CONTRACT_SETTLED)
            continue;
        if (!(keys[k].key = vendor_key(st, sc->contract.vendor)))
            goto error;
        keys[k].contract = k;
        owed[k++] = sc;
    }
    /* A group is a run of equal keys; its vendor is numbered by its first
     * contract, so vendors come in the order they are first met. */
    memcpy(sorted, keys, owing * sizeof *sorted);
    qsort(sorted, owing, sizeof *sorted, by_key_contract);
    for (size_t i = 0, lead = 0; i < owing; i++) {
        if (i == 0 || strcmp(sorted[i].key, sorted[lead].key) != 0)
            lead = i;
        vendor[sorted[i].contract] = sorted[lead].contract; /* the group's first */
    }
    for (k = 0; k < owing; k++) {
        if (vendor[k] == k) {
            vendor_mail *v = &out->items[out->count];
            v->key = (char *)keys[k].key;
            keys[k].key = NULL;
            v->name = owed[k]->contract.vendor;
            vendor[k] = out->count++;
        } else {
            vendor[k] = vendor[vendor[k]]; /* an earlier contract's: renumbered */
        }
        out->items[vendor[k]].count++;
    }
    for (size_t i = 0; i < out->count; i++) {
        vendor_mail *v = &out->items[i];
        v->contracts = calloc(v->count, sizeof *v->contracts);
        v->ids = calloc(v->count, sizeof *v->ids);
        v->count = 0;
        if (!v->contracts || !v->ids)
            goto error;
    }

    for (k = 0; k < owing; k++) {
        const kaiji_status_contract *sc = owed[k];
        vendor_mail *v = &out->items[vendor[k]];
        kaiji_mail_contract *mc = &v->contracts[v->count];
        v->ids[v->count++] = sc->contract.id;
        mc->id = sc->contract.id;
        mc->system = sc->contract.system;
        mc->product = sc->contract.product;
        mc->state = contract_state(sc);
        mc->due = sc->contract.due;
        mc->documents = &out->docs[di];
        mc->document_count = sc->document_count;
        for (size_t j = 0; j < sc->document_count; j++) {
            const kaiji_status_document *sd = &sc->documents[j];
            kaiji_mail_document *md = &out->docs[di++];
            /* What was received names the document when it is known: an
             * MDS2 in the place of an MDS is an MDS2. */
            md->type = sd->present && sd->kind && *sd->kind && strcmp(sd->kind, "unknown") != 0
                           ? sd->kind
                           : kaiji_doc_type_name(sd->type);
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

    /* The addresses, each vendor's in the order met. */
    for (k = 0; k < owing; k++)
        email[k] = owed[k]->contract.email;
    if (!mark_first_emails(first, vendor, email, owing))
        goto error;
    for (k = 0; k < owing; k++) {
        vendor_mail *v = &out->items[vendor[k]];
        bool ok = !email[k][0]                 ? true
                  : has_separator(email[k])    ? add_email_slow(v, email[k])
                  : first[k]                   ? append_email(v, email[k])
                                               : true;
        if (!ok)
            goto error;
    }
    free_scratch(keys, sorted, owed, vendor, email, first, owing);
    return KAIJI_OK;

error:
    free_scratch(keys, sorted, owed, vendor, email, first, owing);
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

/*
 * Gives each contract of v an upload link of kaiji serve's vendor portal
 * (o->portal_url), made in the command's transaction; urls[k] holds contract
 * k's URL (freed by the caller, count of them).  Returns KAIJI_OK, or the
 * store's or memory's failure.
 */
static int make_links(char **urls, const vendor_mail *v, kaiji_store *st, const remind_options *o)
{
    char token[KAIJI_VENDOR_TOKEN_HEX + 1];
    long long now = (long long)time(NULL), until = 0;
    for (size_t k = 0; k < v->count; k++) {
        int rc = kaiji_store_vendor_link_new(token, &until, st, v->ids[k],
                                             (unsigned)o->link_days, cli_actor(), now);
        if (rc == KAIJI_ERROR_NOT_FOUND)
            continue; /* a contract no longer in force: reminded without a link */
        if (rc != KAIJI_OK) {
            cli_error(_("cannot make the upload link of %s: %s"), v->ids[k],
                      kaiji_store_errmsg(st));
            return rc;
        }
        rc = kaiji_vendor_link_url(&urls[k], o->portal_url, token);
        memset(token, 0, sizeof token);
        if (rc != KAIJI_OK)
            return rc;
        v->contracts[k].upload_url = urls[k];
        /* the last day it works (UTC) */
        kaiji_civil_from_days((long)((until - 1) / 86400), &v->contracts[k].upload_until.year,
                              &v->contracts[k].upload_until.month,
                              &v->contracts[k].upload_until.day);
        if (kaiji_store_audit(st, cli_actor(), "vendor-link", v->ids[k], "reminder") != KAIJI_OK)
            return KAIJI_ERROR_IO;
    }
    return KAIJI_OK;
}

/* Frees the URLs of make_links and forgets them in v's contracts. */
static void free_urls(char **urls, const vendor_mail *v)
{
    for (size_t k = 0; urls && k < v->count; k++) {
        free(urls[k]);
        v->contracts[k].upload_url = NULL;
    }
    free(urls);
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
        if ((rc = make_links(urls, v, st, o)) != KAIJI_OK) {
            free_urls(urls, v);
            return rc;
        }
    }
    kaiji_mail_vendor mv = {v->name, v->emails.data, v->contracts, v->count};
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
    free_urls(urls, v);
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
    while ((opt = getopt_long(argc, argv, "d:o:c:h", longopts, NULL)) != -1) {
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
        o->reply_by = add_days(o->as_of, REPLY_DAYS);
    /* The sender: --from, else $KAIJI_MAIL_FROM, else mail-from = in the
     * config file; the hospital: --org, else organization =. */
    if (!o->from && getenv("KAIJI_MAIL_FROM") && *getenv("KAIJI_MAIL_FROM"))
        o->from = getenv("KAIJI_MAIL_FROM");
    if (!o->from && cli_config_value("mail-from", o->conf_from, sizeof o->conf_from) &&
        o->conf_from[0])
        o->from = o->conf_from;
    if (!o->organization && cli_config_value("organization", o->conf_org, sizeof o->conf_org) &&
        o->conf_org[0])
        o->organization = o->conf_org;
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
    if (group_by_vendor(&vendors, st, report) != KAIJI_OK) {
        cli_error(_("out of memory"));
        goto done;
    }
    for (size_t i = 0; i < vendors.count; i++)
        if (remind_vendor(&t, st, &vendors.items[i], &o) != KAIJI_OK)
            goto done;
    char what[64];
    snprintf(what, sizeof what, "vendors %zu", vendors.count);
    if (o.dry_run) {
        kaiji_store_rollback(st);
    } else if (kaiji_store_audit(st, cli_actor(), o.send ? "remind-sent" : "remind-drafts", "",
                                 what) != KAIJI_OK ||
               kaiji_store_commit(st) != KAIJI_OK) {
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
