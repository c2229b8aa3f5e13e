/*
 * server/vendor.c - the vendor upload links of kaiji serve (--vendor-portal):
 * the one page a link opens (/v/TOKEN: what the hospital asks for, an upload
 * field, kaiji's findings at once, in Japanese or, when the browser prefers
 * it, English), and the staff's side on a contract's page (the links' state,
 * a new link, revoking them).  The token in the path is the vendor's only
 * credential: an unknown, expired or revoked one gets one neutral answer; a
 * vendor sees its contract and nothing else, and what it sends is linked to
 * that contract alone.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/words.h"
#include "server/internal.h"
#include "server/mhd.h"
#include "store/remind.h"

/* --------------------------------------------------------------- helpers */

static long long now_s(void)
{
    return (long long)time(NULL);
}

/* A Unix time's day (UTC), as the people's locale writes it. */
static void time_cell(FILE *fp, long long t)
{
    kaiji_date d = {0, 0, 0};
    if (t > 0)
        kaiji_civil_from_days((long)(t / 86400), &d.year, &d.month, &d.day);
    srv_date_cell(fp, d);
}

/* The one answer to a token that opens nothing: unknown, expired, revoked. */
static void neutral(srv_page *page)
{
    page->status = 404;
    srv_head(page->fp, _("This link does not work"), NULL);
    fputs("<p>", page->fp);
    srv_esc(page->fp, _("This link is not valid, or no longer valid. Ask the hospital that sent "
                        "it for a new one."));
    fputs("</p>\n", page->fp);
    srv_tail(page->fp);
}

/* The portal is off: as for any page that does not exist. */
static void not_found(srv_page *page)
{
    srv_page_message(page, 404, _("Not found"), _("There is no such page. Go back to the dashboard."));
}

/* Whether the link may be opened here: any site's, unless the server
 * works on one site (--site: an anonymous request's req->site). */
static bool own_site(const srv_request *req, const kaiji_vendor_link *link)
{
    return req->site == 0 || link->site == req->site;
}

/* The live link of the request's token in *out (NULL: none), its use
 * recorded (files sent, 0 for opening the page) in *allowed. */
static int find_link(kaiji_vendor_link **out, bool *allowed, const srv_request *req,
                     unsigned files)
{
    kaiji_store *st = NULL;
    int rc = srv_store_open(&st, req);
    *out = NULL;
    *allowed = false;
    if (rc == KAIJI_OK)
        rc = kaiji_store_vendor_link_find(out, st, req->query_id, now_s());
    if (rc == KAIJI_OK && *out && !own_site(req, *out)) {
        kaiji_vendor_link_free(*out);
        *out = NULL;
    }
    /* the link's own site: its contract's, whichever hospital of the group */
    if (rc == KAIJI_OK && *out && (rc = kaiji_store_site_use_id(st, (*out)->site)) == KAIJI_OK)
        rc = kaiji_store_vendor_link_use(allowed, st, (*out)->id, files, now_s());
    kaiji_store_free(st);
    return rc;
}

/* What one file sent through the link became. */
typedef struct sent {
    const char *name;
    bool ok;
    kaiji_kind kind;
    kaiji_status status;
    bool duplicate;
} sent;

/* Reads, records and links each file of req to the link's contract alone,
 * each written in the audit log as the vendor's; results into out[]. */
static int ingest_files(sent *out, const srv_request *req, const kaiji_vendor_link *link)
{
    kaiji_store *st = NULL;
    kaiji_ingest_options io;
    char actor[300];
    if (srv_store_open_site(&st, req, link->site) != KAIJI_OK)
        return -1;
    snprintf(actor, sizeof actor, "vendor:%s", link->contract_id);
    kaiji_ingest_options_init(&io);
    io.catalogs = req->opts->catalogs;
    io.target_guideline = req->opts->target_guideline;
    io.as_of = req->opts->as_of;
    io.contract_hint = link->contract_id;
    io.hint_only = true;
    for (size_t i = 0; i < req->file_count; i++) {
        const srv_file *f = &req->files[i];
        kaiji_ingest_item *item = NULL;
        kaiji_ingest_result *res = NULL;
        int rc = kaiji_store_ingest_read_memory(&item, st, f->body.data, f->body.len, f->name,
                                                &io);
        if (rc == KAIJI_OK && (rc = kaiji_store_begin(st)) == KAIJI_OK) {
            rc = kaiji_store_ingest_record(&res, st, item);
            if (rc == KAIJI_OK) {
                char detail[1024];
                snprintf(detail, sizeof detail, "%s sha256:%.12s %s%s", f->name, res->sha256,
                         kaiji_status_name(res->status),
                         res->duplicate ? " (received before)" : "");
                rc = kaiji_store_audit(st, actor, "upload", link->contract_id, detail);
            }
            if (rc == KAIJI_OK)
                rc = kaiji_store_commit(st);
            else
                kaiji_store_rollback(st);
        }
        kaiji_ingest_item_free(item);
        out[i].name = f->name;
        out[i].ok = rc == KAIJI_OK && res;
        if (out[i].ok) {
            out[i].kind = res->kind;
            out[i].status = res->status;
            out[i].duplicate = res->duplicate;
        }
        kaiji_ingest_result_free(res);
    }
    kaiji_store_free(st);
    return 0;
}

/* The last part of a recorded path: the hospital's folders are not the
 * vendor's business. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/'), *back = strrchr(path, '\\');
    const char *last = slash > back ? slash : back;
    return last ? last + 1 : path;
}

/* The vendor's page: the contract's documents and findings, what was just
 * sent (results, count; NULL when nothing), the upload form. */
static int vendor_page(srv_page *page, const srv_request *req, const kaiji_vendor_link *link,
                       const sent *results, size_t count, bool over_limit)
{
    kaiji_status_report *r = NULL;
    const kaiji_status_contract *c = NULL;
    FILE *fp = page->fp;
    srv_request on_site = *req; /* the link's site, not the server's default */
    on_site.site = link->site;
    if (srv_load_status(&r, &on_site) != KAIJI_OK)
        return -1;
    for (size_t i = 0; i < r->count && !c; i++)
        if (strcmp(r->contracts[i].contract.id, link->contract_id) == 0)
            c = &r->contracts[i];
    if (!c) {
        kaiji_status_report_free(r);
        neutral(page);
        return 0;
    }
    srv_head(fp, _("Security disclosure documents"), NULL);
    fputs("<p>", fp);
    if (req->opts->mail_org && req->opts->mail_org[0]) {
        srv_esc(fp, req->opts->mail_org);
        fputs(": ", fp);
    }
    srv_esc(fp, _("Please send the documents below. Each file is checked as soon as it arrives "
                  "and what needs fixing is shown here; fix it and send it again."));
    fputs("</p>\n<table class=\"meta\">\n<tr><th>", fp);
    srv_esc(fp, _("Contract"));
    fputs("</th><td>", fp);
    srv_esc(fp, c->contract.id);
    fputs("</td></tr>\n", fp);
    srv_contract_rows(fp, c);
    fputs("<tr><th>", fp);
    srv_esc(fp, _("This link works until"));
    fputs("</th><td>", fp);
    time_cell(fp, link->expires_at - 1);
    fputs("</td></tr>\n</table>\n", fp);

    if (over_limit) {
        fputs("<p class=\"notice\" id=\"results\">", fp);
        srv_esc(fp, _("Too many files were sent through this link in the last hour. Wait a "
                      "while and send them again."));
        fputs("</p>\n", fp);
    } else if (results) {
        fputs("<table class=\"results\" id=\"results\">\n<thead><tr><th>", fp);
        srv_esc(fp, _("File"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Kind"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("State"));
        fputs("</th></tr></thead>\n<tbody>\n", fp);
        if (count == 0) {
            fputs("<tr><td colspan=\"3\">", fp);
            srv_esc(fp, _("No file was chosen."));
            fputs("</td></tr>\n", fp);
        }
        for (size_t i = 0; i < count; i++) {
            fputs("<tr><td class=\"path\">", fp);
            srv_esc(fp, base_name(results[i].name));
            fputs("</td>", fp);
            if (!results[i].ok) {
                fputs("<td colspan=\"2\">", fp);
                srv_esc(fp, _("Could not be recorded; try again."));
                fputs("</td></tr>\n", fp);
                continue;
            }
            fputs("<td>", fp);
            srv_esc(fp, kaiji_word_kind(results[i].kind));
            fputs("</td><td>", fp);
            srv_badge(fp, kaiji_status_name(results[i].status),
                      kaiji_word_status(results[i].status));
            if (results[i].duplicate) {
                fputs(" <span class=\"muted\">", fp);
                srv_esc(fp, _("(received before)"));
                fputs("</span>", fp);
            }
            fputs("</td></tr>\n", fp);
        }
        fputs("</tbody>\n</table>\n", fp);
    }

    fputs("<form id=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"/v/", fp);
    srv_url_esc(fp, req->query_id);
    fputs("\">\n<div class=\"drop\" id=\"drop\"><p>", fp);
    srv_esc(fp, _("Choose the files to send (Excel, XML or JSON)."));
    fputs("</p>\n<input type=\"file\" name=\"files\" multiple "
          "accept=\".xlsx,.xlsm,.xls,.xml,.json,.ods,.zip\">\n</div>\n<p><button "
          "type=\"submit\">",
          fp);
    srv_esc(fp, _("Send and check"));
    fputs("</button></p>\n</form>\n", fp);

    fputs("<h2>", fp);
    srv_esc(fp, _("What the hospital asks for"));
    fputs("</h2>\n", fp);
    for (size_t j = 0; j < c->document_count; j++) {
        const kaiji_status_document *d = &c->documents[j];
        fputs("<section class=\"document\">\n<h3>", fp);
        srv_esc(fp, kaiji_word_doc_type(d->type));
        fputs(" ", fp);
        srv_badge(fp, d->state, kaiji_word_document_state(d->state));
        fputs("</h3>\n", fp);
        if (!d->present) {
            fputs("<p>", fp);
            srv_esc(fp, _("Not received yet."));
            fputs("</p>\n</section>\n", fp);
            continue;
        }
        fputs("<p class=\"path\">", fp);
        srv_esc(fp, base_name(d->path));
        fputs(" <span class=\"muted\">", fp);
        srv_esc(fp, d->form_version);
        fputs("</span></p>\n", fp);
        srv_findings(fp, d, true);
        fputs("</section>\n", fp);
    }
    if (c->document_count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("Nothing is owed for this contract."));
        fputs("</p>\n", fp);
    }
    srv_tail(fp);
    kaiji_status_report_free(r);
    return 0;
}

/* ---------------------------------------------------------- the vendor's */

int srv_vendor_page(srv_page *page, const srv_request *req)
{
    kaiji_vendor_link *link = NULL;
    bool allowed;
    int rc = 0;
    if (!req->opts->vendor_portal) {
        not_found(page);
        return 0;
    }
    if (find_link(&link, &allowed, req, 0) != KAIJI_OK)
        rc = -1;
    else if (!link)
        neutral(page);
    else
        rc = vendor_page(page, req, link, NULL, 0, false);
    kaiji_vendor_link_free(link);
    return rc;
}

bool srv_anonymous_admit(srv_page *page, const srv_request *req)
{
    kaiji_store *st = NULL;
    kaiji_vendor_link *link = NULL;
    bool live = false;
    if (!req->opts->vendor_portal) {
        not_found(page);
        return false;
    }
    if (srv_store_open(&st, req) == KAIJI_OK &&
        kaiji_store_vendor_link_find(&link, st, req->query_id, now_s()) == KAIJI_OK)
        live = link != NULL && own_site(req, link);
    kaiji_store_free(st);
    kaiji_vendor_link_free(link);
    if (!live) {
        neutral(page);
    }
    return live;
}

int srv_vendor_upload(srv_page *page, const srv_request *req)
{
    kaiji_vendor_link *link = NULL;
    sent *results = NULL;
    bool allowed;
    int rc = 0;
    if (!req->opts->vendor_portal) {
        not_found(page);
        return 0;
    }
    if (find_link(&link, &allowed, req, (unsigned)req->file_count) != KAIJI_OK) {
        rc = -1;
    } else if (!link) {
        neutral(page);
    } else if (!allowed) {
        rc = vendor_page(page, req, link, NULL, 0, true);
        if (page->status == 200)
            page->status = 429;
    } else if (!(results = calloc(req->file_count + 1, sizeof *results)) ||
               ingest_files(results, req, link) != 0) {
        rc = -1;
    } else {
        rc = vendor_page(page, req, link, results, req->file_count, false);
    }
    free(results);
    kaiji_vendor_link_free(link);
    return rc;
}

/* ------------------------------------------------------------ the staff's */

/* The address vendors reach: --public-url, else this request's Host. */
static char *public_base(const srv_request *req)
{
    const char *host;
    if (req->opts->public_url)
        return strdup(req->opts->public_url);
    host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Host");
    return kaiji_strprintf("%s://%s/", req->opts->tls_cert_pem ? "https" : "http",
                           host ? host : "localhost");
}

void srv_vendor_section(FILE *fp, const srv_request *req, const char *contract_id)
{
    kaiji_store *st = NULL;
    kaiji_vendor_link_list *l = NULL;
    long long now = now_s();
    size_t live = 0;
    if (!req->opts->vendor_portal)
        return;
    if (srv_store_open(&st, req) == KAIJI_OK)
        kaiji_store_vendor_links(&l, st, contract_id);
    kaiji_store_free(st);
    fputs("<section class=\"vendor-link\" id=\"vendor-link\">\n<h2>", fp);
    srv_esc(fp, _("Vendor's upload link"));
    fputs("</h2>\n", fp);
    for (size_t i = 0; l && i < l->count; i++) {
        const kaiji_vendor_link *k = &l->items[i];
        if (k->revoked_at || k->expires_at <= now)
            continue;
        if (live++ == 0)
            fputs("<ul class=\"links\">\n", fp);
        fputs("<li>", fp);
        srv_esc(fp, _("Active until"));
        fputs(" ", fp);
        time_cell(fp, k->expires_at - 1);
        fputs("; ", fp);
        srv_esc(fp, _("last used"));
        fputs(" ", fp);
        if (k->last_used_at)
            time_cell(fp, k->last_used_at);
        else
            srv_esc(fp, _("never"));
        fprintf(fp, "; %lld ", k->files);
        srv_esc(fp, _("files received"));
        fputs("</li>\n", fp);
    }
    if (live)
        fputs("</ul>\n", fp);
    else {
        fputs("<p>", fp);
        srv_esc(fp, _("No link in force. A reminder made with the portal's address, or the "
                      "button below, makes one."));
        fputs("</p>\n", fp);
    }
    if (req->role != KAIJI_ROLE_VIEWER) {
        fputs("<form method=\"post\" class=\"inline\" action=\"/vendor-link/", fp);
        srv_url_esc(fp, contract_id);
        fputs("?csrf=", fp);
        srv_url_esc(fp, req->csrf);
        fputs("\"><button type=\"submit\" name=\"do\" value=\"new\">", fp);
        srv_esc(fp, _("Make a link to copy"));
        fputs("</button>", fp);
        if (live) {
            fputs(" <button type=\"submit\" name=\"do\" value=\"revoke\">", fp);
            srv_esc(fp, _("Revoke the links"));
            fputs("</button>", fp);
        }
        fputs("</form>\n", fp);
    }
    fputs("</section>\n", fp);
    kaiji_vendor_link_list_free(l);
}

int srv_vendor_link_action(srv_page *page, const srv_request *req)
{
    const char *what = srv_field_get(req, "do");
    const char *id = req->query_id;
    kaiji_store *st = NULL;
    char token[KAIJI_VENDOR_TOKEN_HEX + 1];
    char *base = NULL, *url = NULL;
    long long until = 0;
    size_t revoked = 0;
    int rc;
    FILE *fp = page->fp;
    if (!req->opts->vendor_portal) {
        not_found(page);
        return 0;
    }
    if (!what || (strcmp(what, "new") != 0 && strcmp(what, "revoke") != 0)) {
        srv_page_message(page, 400, _("Bad request"), _("The form must be sent from its page."));
        return 0;
    }
    if (srv_store_open(&st, req) != KAIJI_OK)
        return -1;
    if ((rc = kaiji_store_begin(st)) != KAIJI_OK)
        goto done;
    if (strcmp(what, "new") == 0) {
        unsigned days = req->opts->vendor_link_days ? req->opts->vendor_link_days
                                                    : KAIJI_VENDOR_LINK_DAYS;
        rc = kaiji_store_vendor_link_new(token, &until, st, id, days, req->user, now_s());
        if (rc == KAIJI_OK)
            rc = kaiji_store_audit(st, req->user, "vendor-link", id, "new");
    } else {
        rc = kaiji_store_vendor_link_revoke(&revoked, st, id, now_s());
        if (rc == KAIJI_OK) {
            char detail[32];
            snprintf(detail, sizeof detail, "revoked %zu", revoked);
            rc = kaiji_store_audit(st, req->user, "vendor-link-revoke", id, detail);
        }
    }
    if (rc == KAIJI_OK)
        rc = kaiji_store_commit(st);
    else
        kaiji_store_rollback(st);
    if (rc == KAIJI_ERROR_NOT_FOUND) {
        srv_page_message(page, 404, _("Not found"), _("There is no contract with that number."));
        rc = KAIJI_OK;
        goto done;
    }
    if (rc != KAIJI_OK)
        goto done;
    if (strcmp(what, "revoke") == 0) {
        srv_head(fp, _("Links revoked"), req);
        fputs("<p>", fp);
        srv_esc(fp, _("The vendor's links of this contract no longer open anything."));
        fputs("</p>\n", fp);
    } else {
        if (!(base = public_base(req))) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        if (kaiji_vendor_link_url(&url, base, token) != KAIJI_OK) {
            rc = KAIJI_ERROR_INVALID;
            goto done;
        }
        srv_head(fp, _("A new link for the vendor"), req);
        fputs("<p>", fp);
        srv_esc(fp, _("Copy this link and send it to the vendor. It is shown only now: the "
                      "store keeps only a fingerprint of it."));
        fputs("</p>\n<p><input id=\"vendor-url\" class=\"url\" readonly size=\"90\" value=\"", fp);
        srv_esc(fp, url);
        fputs("\"></p>\n<p>", fp);
        srv_esc(fp, _("Active until"));
        fputs(" ", fp);
        time_cell(fp, until - 1);
        fputs("</p>\n", fp);
    }
    fputs("<p><a href=\"/contract/", fp);
    srv_url_esc(fp, id);
    fputs("\">", fp);
    srv_esc(fp, _("Back to the contract"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
done:
    memset(token, 0, sizeof token);
    free(base);
    free(url);
    kaiji_store_free(st);
    return rc == KAIJI_OK ? 0 : -1;
}

int srv_vendor_links(char **urls, kaiji_store *st, const kaiji_remind_vendor *v,
                     const srv_request *req)
{
    unsigned days = req->opts->vendor_link_days ? req->opts->vendor_link_days
                                                : KAIJI_VENDOR_LINK_DAYS;
    char *base = public_base(req);
    int rc;
    if (!base)
        return KAIJI_ERROR_NOMEM;
    rc = kaiji_remind_add_links(urls, v, st, base, days, req->user, now_s());
    free(base);
    return rc;
}
