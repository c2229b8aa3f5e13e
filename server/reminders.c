/*
 * server/reminders.c - the reminders page of kaiji serve: the vendors that
 * owe something and to whom each mail would go, a preview of each mail,
 * its .eml (the very file kaiji remind --out writes) or all of them as a
 * ZIP, and sending when the server was started with SMTP as kaiji remind
 * --send is.  The mails are built by the same code as kaiji remind's
 * (store/remind.h, mail/mail.h); each one sent is recorded as the command
 * records it, and in the audit log.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "mail/mail.h"
#include "model/i18n.h"
#include "parser/libzip.h"
#include "server/internal.h"
#include "store/remind.h"
#include "text/text.h"

/* The sender of a draft when none was set, as kaiji remind's. */
#define DEFAULT_FROM "kaiji@localhost"
/* "Send all" skips a vendor reminded by mail less than this many days
 * before, as kaiji remind --send does by default. */
#define SEND_ALL_MIN_DAYS 7
/* The largest .eml read back from its temporary file. */
#define EML_MAX (16u * 1024 * 1024)

/* What the page works from: the status, the owing vendors, the store open. */
typedef struct reminders {
    kaiji_store *st;
    kaiji_status_report *report;
    kaiji_remind_list vendors;
    kaiji_date *last;            /* each vendor's last mail (load_last), or NULL */
} reminders;

static void reminders_free(reminders *r)
{
    free(r->last);
    kaiji_remind_list_free(&r->vendors);
    kaiji_status_report_free(r->report);
    kaiji_store_free(r->st);
}

/* Opens the store and groups the owing contracts by vendor (write: in a
 * transaction the caller ends). */
static int reminders_load(reminders *r, const srv_request *req, bool write)
{
    kaiji_status_options so;
    int rc;
    memset(r, 0, sizeof *r);
    if ((rc = srv_store_open(&r->st, req)) != KAIJI_OK)
        return rc;
    kaiji_status_options_init(&so);
    so.catalogs = req->opts->catalogs;
    so.target_guideline = req->opts->target_guideline;
    so.as_of = req->opts->as_of;
    if ((rc = kaiji_store_begin(r->st)) != KAIJI_OK)
        return rc;
    rc = kaiji_store_status(&r->report, r->st, &so);
    if (rc == KAIJI_OK)
        rc = kaiji_remind_group(&r->vendors, r->st, r->report);
    if (rc != KAIJI_OK || !write)
        kaiji_store_rollback(r->st);
    return rc;
}

/* Reads the last mail of every vendor of r by method (NULL: any) in one
 * query, into r->last; a KAIJI_ code. */
static int load_last(reminders *r, const char *method)
{
    if (!(r->last = calloc(r->vendors.count ? r->vendors.count : 1, sizeof *r->last)))
        return KAIJI_ERROR_NOMEM;
    return kaiji_remind_last_mails(r->last, r->st, &r->vendors, method);
}

/* The mail of vendor v as kaiji remind composes it (draft: the .eml for
 * the hospital to open; else the message to send). */
static int compose(kaiji_mail_message **out, const reminders *r, const kaiji_remind_vendor *v,
                   const srv_request *req, bool draft)
{
    kaiji_mail_vendor mv = kaiji_remind_mail_vendor(v);
    kaiji_mail_options mo = {0};
    long day = kaiji_days_from_civil(r->report->as_of.year, r->report->as_of.month,
                                     r->report->as_of.day);
    mo.from = req->opts->mail_from ? req->opts->mail_from : DEFAULT_FROM;
    mo.organization = req->opts->mail_org;
    mo.signer = req->opts->mail_signer;
    mo.draft = draft;
    mo.as_of = r->report->as_of;
    kaiji_civil_from_days(day + KAIJI_REMIND_REPLY_DAYS, &mo.reply_by.year, &mo.reply_by.month,
                          &mo.reply_by.day);
    *out = NULL;
    if (!v->emails.data)
        return KAIJI_ERROR_INVALID;
    return kaiji_mail_compose(out, &mv, &mo);
}

/* Whether a downloaded mail carries upload links, as kaiji remind
 * --portal-url's do: with the vendor portal at a public address (a mail
 * opened elsewhere needs it), made by an account that may make links. */
static bool draft_links(const srv_request *req)
{
    return req->opts->vendor_portal && req->opts->public_url && req->role != KAIJI_ROLE_VIEWER;
}

/* compose, the mail of v carrying a new upload link for each contract when
 * links (in r's transaction, which the caller commits). */
static int compose_linked(kaiji_mail_message **out, const reminders *r,
                          const kaiji_remind_vendor *v, const srv_request *req, bool draft,
                          bool links)
{
    char **urls = NULL;
    int rc;
    *out = NULL;
    if (links && v->emails.data) {
        if (!(urls = calloc(v->count, sizeof *urls)))
            return KAIJI_ERROR_NOMEM;
        if ((rc = srv_vendor_links(urls, r->st, v, req)) != KAIJI_OK) {
            kaiji_remind_drop_links(urls, v);
            free(urls);
            return rc == KAIJI_ERROR_INVALID ? KAIJI_ERROR_IO : rc;
        }
    }
    rc = compose(out, r, v, req, draft);
    kaiji_remind_drop_links(urls, v);
    free(urls);
    return rc;
}

/* The vendor one of whose contracts is id, or NULL. */
static const kaiji_remind_vendor *vendor_of(const reminders *r, const char *id)
{
    for (size_t i = 0; id && i < r->vendors.count; i++)
        for (size_t k = 0; k < r->vendors.items[i].count; k++)
            if (strcmp(r->vendors.items[i].ids[k], id) == 0)
                return &r->vendors.items[i];
    return NULL;
}

static bool smtp_ready(const srv_request *req)
{
    return req->opts->smtp_url && req->opts->mail_from;
}

/* A form with one button, posting to /reminders/send (contract: the vendor
 * of that contract; NULL: every vendor). */
static void send_form(FILE *fp, const srv_request *req, const char *contract, const char *label)
{
    fputs("<form method=\"post\" class=\"inline\" action=\"", fp);
    srv_form_action(fp, req, "/reminders/send");
    fputs("\">", fp);
    if (contract) {
        fputs("<input type=\"hidden\" name=\"contract\" value=\"", fp);
        srv_esc(fp, contract);
        fputs("\">", fp);
    }
    fputs("<button type=\"submit\">", fp);
    srv_esc(fp, label);
    fputs("</button></form>\n", fp);
}

int srv_page_reminders(srv_page *page, const srv_request *req)
{
    reminders r;
    FILE *fp = page->fp;
    char date[KAIJI_DATE_SHOW_MAX];
    bool may_send = smtp_ready(req) && req->role != KAIJI_ROLE_VIEWER;
    if (reminders_load(&r, req, false) != KAIJI_OK) {
        reminders_free(&r);
        return -1;
    }
    srv_head(fp, _("Reminders"), req);
    fputs("<p class=\"muted\">", fp);
    srv_esc(fp, _("As of"));
    fputs(" ", fp);
    srv_esc(fp, kaiji_text_date_show(date, sizeof date, r.report->as_of, KAIJI_DATE_LOCALE));
    fputs("</p>\n", fp);
    if (r.vendors.count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No vendor owes anything: there is nobody to remind."));
        fputs("</p>\n", fp);
        srv_tail(fp);
        reminders_free(&r);
        return 0;
    }
    fputs("<p>", fp);
    srv_esc(fp, _("One mail per vendor that still owes something, as kaiji remind writes it. "
                  "Download a mail (.eml) to open it in Outlook, check it and send it from "
                  "there."));
    fputs("</p>\n", fp);
    if (draft_links(req)) {
        fputs("<p class=\"muted\" id=\"draft-links\">", fp);
        srv_esc(fp, _("Each mail downloaded carries a new upload link for each of its contracts "
                      "(the preview below shows none)."));
        fputs("</p>\n", fp);
    }
    fputs("<p><a href=\"/reminders.zip\">", fp);
    srv_esc(fp, _("Download every mail (ZIP)"));
    fputs("</a></p>\n", fp);
    if (may_send) {
        send_form(fp, req, NULL, _("Send every mail now"));
        fputs("<p class=\"muted\">", fp);
        srv_esc(fp, _("Sending every mail skips a vendor reminded by mail in the last 7 days."));
        fputs("</p>\n", fp);
    } else if (!smtp_ready(req)) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Sending from this page is off. To send, start kaiji serve with the "
                      "mail server as for kaiji remind --send: --smtp-url smtps://HOST --from "
                      "ADDRESS (the login in --netrc-file FILE, or in KAIJI_SMTP_USER and "
                      "KAIJI_SMTP_PASSWORD)."));
        fputs("</p>\n", fp);
    }
    if (load_last(&r, NULL) != KAIJI_OK) {
        reminders_free(&r);
        return -1;
    }
    for (size_t i = 0; i < r.vendors.count; i++) {
        const kaiji_remind_vendor *v = &r.vendors.items[i];
        kaiji_mail_message *msg = NULL;
        kaiji_date last = r.last[i];
        fputs("<section class=\"reminder\">\n<h2>", fp);
        srv_esc(fp, v->name);
        fputs("</h2>\n<table class=\"meta\">\n<tr><th>", fp);
        srv_esc(fp, _("Contracts"));
        fputs("</th><td>", fp);
        for (size_t k = 0; k < v->count; k++) {
            fputs("<a href=\"/contract/", fp);
            srv_url_esc(fp, v->ids[k]);
            fputs("\">", fp);
            srv_esc(fp, v->ids[k]);
            fputs("</a> ", fp);
        }
        fputs("</td></tr>\n<tr><th>", fp);
        srv_esc(fp, _("To"));
        fputs("</th><td>", fp);
        srv_esc(fp, v->emails.data ? v->emails.data : "—");
        fputs("</td></tr>\n<tr><th>", fp);
        srv_esc(fp, _("Last reminded"));
        fputs("</th><td>", fp);
        if (last.year)
            srv_date_cell(fp, last);
        else
            fputs("—", fp);
        fputs("</td></tr>\n", fp);
        int rc = compose(&msg, &r, v, req, true);
        if (rc == KAIJI_ERROR_NOMEM) {
            reminders_free(&r);
            return -1;
        }
        if (rc != KAIJI_OK) {
            fputs("</table>\n<p class=\"notice\">", fp);
            srv_esc(fp, v->emails.data ? _("The e-mail address in the register is not a plain "
                                          "address: correct it in the register.")
                                       : _("The register has no e-mail address for this "
                                           "vendor: add it in the register."));
            fputs("</p>\n</section>\n", fp);
            continue;
        }
        fputs("<tr><th>", fp);
        srv_esc(fp, _("Subject"));
        fputs("</th><td>", fp);
        srv_esc(fp, msg->subject);
        fputs("</td></tr>\n</table>\n<pre class=\"mail\">", fp);
        srv_esc(fp, msg->body);
        fputs("</pre>\n<p><a href=\"/reminders/eml/", fp);
        srv_url_esc(fp, v->ids[0]);
        fputs("\">", fp);
        srv_esc(fp, _("Download this mail (.eml)"));
        fputs("</a></p>\n", fp);
        if (may_send)
            send_form(fp, req, v->ids[0], _("Send this mail now"));
        fputs("</section>\n", fp);
        kaiji_mail_message_free(msg);
    }
    srv_tail(fp);
    reminders_free(&r);
    return 0;
}

/* The .eml of msg as kaiji remind --out writes it: written by the same
 * function into a private temporary folder, read back, removed.  *name is
 * its file name (malloc'd). */
static int eml_file(char **data, size_t *len, char **name, const kaiji_mail_message *msg,
                    kaiji_date as_of)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    char *path = NULL;
    int rc;
    *data = *name = NULL;
    snprintf(dir, sizeof dir, "%s/kaiji-eml-XXXXXX", tmp && *tmp && strlen(tmp) < 400 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return KAIJI_ERROR_IO;
    rc = kaiji_mail_write_eml(&path, msg, dir, as_of);
    if (rc == KAIJI_OK)
        rc = kaiji_file_read(data, len, path, EML_MAX, NULL, NULL);
    if (rc == KAIJI_OK) {
        const char *slash = strrchr(path, '/');
        if (!(*name = strdup(slash ? slash + 1 : path)))
            rc = KAIJI_ERROR_NOMEM;
    }
    if (path)
        unlink(path);
    rmdir(dir);
    free(path);
    if (rc != KAIJI_OK) {
        free(*data);
        *data = NULL;
    }
    return rc;
}

int srv_page_reminder_eml(srv_page *page, const srv_request *req)
{
    reminders r;
    kaiji_mail_message *msg = NULL;
    char *data = NULL, *name = NULL;
    size_t len = 0;
    int status = -1;
    bool links = draft_links(req);
    if (reminders_load(&r, req, links) != KAIJI_OK)
        goto done;
    const kaiji_remind_vendor *v = vendor_of(&r, req->query_id);
    if (!v || !v->emails.data) {
        srv_page_message(page, 404, _("Not found"),
                         _("No reminder is due for that contract, or its vendor has no e-mail "
                           "address."));
        status = 0;
        goto done;
    }
    int rc = compose_linked(&msg, &r, v, req, true, links);
    if (rc == KAIJI_ERROR_INVALID) {
        srv_page_message(page, 404, _("Not found"),
                         _("No reminder is due for that contract, or its vendor has no e-mail "
                           "address."));
        status = 0;
        goto done;
    }
    if (!msg || eml_file(&data, &len, &name, msg, r.report->as_of) != KAIJI_OK)
        goto done;
    if (links && kaiji_store_commit(r.st) != KAIJI_OK) /* the links made: live once sent */
        goto done;
    fwrite(data, 1, len, page->fp);
    page->content_type = "message/rfc822";
    page->extra = kaiji_strprintf("attachment; filename=\"%s\"", name);
    page->disposition = page->extra;
    status = page->extra ? 0 : -1;
done:
    if (links && r.st)
        kaiji_store_rollback(r.st); /* nothing when committed */
    free(data);
    free(name);
    kaiji_mail_message_free(msg);
    reminders_free(&r);
    return status;
}

int srv_page_reminders_zip(srv_page *page, const srv_request *req)
{
    reminders r;
    kaiji_libzip lz;
    zip_error_t ze;
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    char **datas = NULL;
    int status = -1;
    bool links = draft_links(req);
    char *err = NULL;
    if (!kaiji_libzip_load(&lz, &err)) {
        /* the page says it could not be made; the reason goes to the log */
        fprintf(stderr, "kaiji: %s\n", err ? err : "libzip");
        free(err);
        return -1;
    }
    lz.error_init(&ze);
    if (reminders_load(&r, req, links) != KAIJI_OK)
        goto done;
    if (!(datas = calloc(r.vendors.count + 1, sizeof *datas)) ||
        !(src = lz.source_buffer_create(NULL, 0, 0, &ze)))
        goto done;
    lz.source_keep(src);
    if (!(za = lz.open_from_source(src, ZIP_TRUNCATE, &ze))) {
        lz.source_free(src); /* the reference the archive did not take */
        goto done;
    }
    for (size_t i = 0; i < r.vendors.count; i++) {
        kaiji_mail_message *msg = NULL;
        char *name = NULL;
        size_t len = 0;
        if (!r.vendors.items[i].emails.data)
            continue; /* no address: said on the page */
        int rc = compose_linked(&msg, &r, &r.vendors.items[i], req, true, links);
        if (rc == KAIJI_ERROR_INVALID)
            continue; /* not a plain address: said on the page */
        if (rc == KAIJI_OK)
            rc = eml_file(&datas[i], &len, &name, msg, r.report->as_of);
        kaiji_mail_message_free(msg);
        zip_source_t *s = rc == KAIJI_OK ? lz.source_buffer(za, datas[i], len, 0) : NULL;
        if (!s || lz.file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
            lz.source_free(s);
            free(name);
            goto done;
        }
        free(name);
    }
    if (lz.archive_close(za) < 0)
        goto done;
    za = NULL;
    if (links && kaiji_store_commit(r.st) != KAIJI_OK)
        goto done;
    if (lz.source_open(src) < 0)
        goto done;
    char buf[16384];
    zip_int64_t n;
    while ((n = lz.source_read(src, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)n, page->fp);
    lz.source_close(src);
    if (n < 0)
        goto done;
    page->content_type = "application/zip";
    page->disposition = "attachment; filename=\"reminders.zip\"";
    status = 0;
done:
    if (links && r.st)
        kaiji_store_rollback(r.st); /* nothing when committed */
    if (za)
        lz.discard(za);
    lz.source_free(src);
    for (size_t i = 0; datas && i < r.vendors.count; i++)
        free(datas[i]);
    free(datas);
    reminders_free(&r);
    lz.error_fini(&ze);
    return status;
}

/* Sends the mail of v and records it as kaiji remind --send does; false
 * when it could not be sent (*why: the reason, malloc'd). */
static int send_one(bool *sent, char **why, reminders *r, const kaiji_remind_vendor *v,
                    const srv_request *req)
{
    kaiji_mail_message *msg = NULL;
    kaiji_mail_smtp smtp = {0};
    int rc;
    *sent = false;
    *why = NULL;
    kaiji_mail_smtp_from_env(&smtp);
    smtp.url = req->opts->smtp_url;
    smtp.cacert = req->opts->smtp_cacert;
    smtp.netrc_file = req->opts->smtp_netrc;
    /* With the vendor portal, each contract's mail carries a new upload link. */
    rc = compose_linked(&msg, r, v, req, false, req->opts->vendor_portal);
    if (rc != KAIJI_OK)
        return rc == KAIJI_ERROR_INVALID ? KAIJI_OK : rc;
    rc = kaiji_mail_send(why, msg, &smtp);
    if (rc == KAIJI_OK) {
        kaiji_mail_record rec = {0};
        rec.kind = "reminder";
        rec.vendor = v->name;
        rec.email = v->emails.data;
        rec.contract_ids = v->ids;
        rec.contract_count = v->count;
        rec.date = r->report->as_of;
        rec.method = "smtp";
        rec.message_id = msg->message_id;
        rc = kaiji_store_record_mail(r->st, &rec);
        *sent = rc == KAIJI_OK;
    } else if (rc != KAIJI_ERROR_NOMEM) {
        rc = KAIJI_OK; /* not sent: said on the page */
    }
    kaiji_mail_message_free(msg);
    return rc;
}

int srv_page_reminders_send(srv_page *page, const srv_request *req)
{
    reminders r;
    FILE *fp = page->fp;
    const char *contract = srv_field_get(req, "contract");
    size_t sent = 0, skipped = 0, failed = 0;
    if (!smtp_ready(req)) {
        srv_page_message(page, 409, _("Reminders"),
                         _("Sending is off: kaiji serve was started without a mail server "
                           "(--smtp-url and --from)."));
        return 0;
    }
    if (reminders_load(&r, req, true) != KAIJI_OK) {
        reminders_free(&r);
        return -1;
    }
    const kaiji_remind_vendor *only = contract ? vendor_of(&r, contract) : NULL;
    if (contract && !only) {
        kaiji_store_rollback(r.st);
        reminders_free(&r);
        srv_page_message(page, 404, _("Not found"), _("No reminder is due for that contract."));
        return 0;
    }
    if (load_last(&r, "smtp") != KAIJI_OK) {
        kaiji_store_rollback(r.st);
        reminders_free(&r);
        return -1;
    }
    srv_head(fp, _("Reminders sent"), req);
    fputs("<ul>\n", fp);
    for (size_t i = 0; i < r.vendors.count; i++) {
        const kaiji_remind_vendor *v = &r.vendors.items[i];
        kaiji_date last = r.last[i];
        bool ok = false;
        char *why = NULL;
        if (only && v != only)
            continue;
        if (!only && last.year &&
            kaiji_days_from_civil(r.report->as_of.year, r.report->as_of.month,
                                  r.report->as_of.day) -
                    kaiji_days_from_civil(last.year, last.month, last.day) <
                SEND_ALL_MIN_DAYS) {
            skipped++;
            continue;
        }
        if (send_one(&ok, &why, &r, v, req) != KAIJI_OK) {
            free(why);
            kaiji_store_rollback(r.st);
            reminders_free(&r);
            return -1;
        }
        fputs("<li>", fp);
        srv_esc(fp, v->name);
        fputs(" — ", fp);
        srv_esc(fp, ok ? _("sent") : _("not sent"));
        if (why) {
            fputs(" <span class=\"muted\">", fp);
            srv_esc(fp, why);
            fputs("</span>", fp);
        }
        fputs("</li>\n", fp);
        ok ? sent++ : failed++;
        free(why);
    }
    fputs("</ul>\n<p>", fp);
    const char *sep = C_("list separator", ", ");
    fprintf(fp, "%s %zu%s%s %zu%s%s %zu", _("sent"), sent, sep, _("skipped"), skipped, sep,
            _("not sent"), failed);
    fputs("</p>\n<p><a href=\"/reminders\">", fp);
    srv_esc(fp, _("Back to the reminders"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
    /* as kaiji remind --send records it: sent, skipped and failed apart */
    kaiji_remind_counts counts = {true, sent, skipped, failed};
    char what[KAIJI_REMIND_DETAIL_MAX];
    kaiji_remind_audit_detail(what, sizeof what, &counts);
    if (kaiji_store_audit(r.st, req->user, kaiji_remind_audit_action(&counts),
                          only ? only->ids[0] : "", what) != KAIJI_OK ||
        kaiji_store_commit(r.st) != KAIJI_OK) {
        reminders_free(&r);
        return -1;
    }
    reminders_free(&r);
    return 0;
}

void srv_reminders_sent(FILE *fp, const srv_request *req, const char *id)
{
    kaiji_store *st = NULL;
    kaiji_reminder_list *l = NULL;
    if (srv_store_open(&st, req) != KAIJI_OK ||
        kaiji_store_reminders_sent(&l, st, id) != KAIJI_OK) {
        kaiji_store_free(st);
        return;
    }
    kaiji_store_free(st);
    fputs("<section class=\"reminders\">\n<h2>", fp);
    srv_esc(fp, _("Reminders sent"));
    fputs("</h2>\n", fp);
    if (l->count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("None yet."));
        fputs("</p>\n", fp);
    } else {
        fputs("<ul>\n", fp);
        for (size_t i = 0; i < l->count; i++) {
            fputs("<li>", fp);
            srv_date_cell(fp, l->items[i].date);
            fputs(" ", fp);
            srv_esc(fp, strcmp(l->items[i].method, "smtp") == 0 ? _("sent by mail")
                                                                : _("written as a draft (.eml)"));
            fputs(" → ", fp);
            srv_esc(fp, l->items[i].email);
            fputs("</li>\n", fp);
        }
        fputs("</ul>\n", fp);
    }
    fputs("</section>\n", fp);
    kaiji_reminder_list_free(l);
}
