/*
 * server/pages.c - the pages of kaiji serve (server/internal.h): the
 * dashboard, a contract, the upload form and its results, the print-ready
 * status report.  Every page is whole without JavaScript; the upload page's
 * small script only adds dropping files onto it.  Every value from the store
 * or from an upload is escaped (srv_esc) before it reaches the page.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/csv.h"
#include "report/html.h"
#include "report/words.h"
#include "server/internal.h"
#include "text/text.h"

void srv_url_esc(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '_' || *p == '~' || *p == '-')
            fputc(*p, fp);
        else
            fprintf(fp, "%%%02X", *p);
    }
}

void srv_head(FILE *fp, const char *title, const srv_request *req)
{
    fputs("<!DOCTYPE html>\n<html lang=\"", fp);
    srv_esc(fp, C_("html lang", "en"));
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          fp);
    srv_esc(fp, title);
    fputs(" — kaiji</title>\n<link rel=\"stylesheet\" href=\"/static/report.css\">\n"
          "<link rel=\"stylesheet\" href=\"/static/serve.css\">\n</head>\n<body>\n"
          "<nav class=\"site\"><span class=\"brand\">kaiji</span>",
          fp);
    if (req) {
        fprintf(fp, "<a href=\"/\">");
        srv_esc(fp, _("Dashboard"));
        fputs("</a>", fp);
        if (req->role != KAIJI_ROLE_VIEWER) {
            fprintf(fp, "<a href=\"/upload\">");
            srv_esc(fp, _("Add documents"));
            fputs("</a>", fp);
        }
        static const struct {
            const char *href, *word;
        } groups[] = {{"/register", N_("Register")},
                      {"/reminders", N_("Reminders")},
                      {"/catalogs", N_("Catalogs")}};
        for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
            fprintf(fp, "<a href=\"%s\">", groups[i].href);
            srv_esc(fp, _(groups[i].word));
            fputs("</a>", fp);
        }
        fprintf(fp, "<a href=\"/reports\">");
        srv_esc(fp, _("Reports"));
        fputs("</a>", fp);
        if (req->role == KAIJI_ROLE_ADMIN) {
            fprintf(fp, "<a href=\"/audit\">");
            srv_esc(fp, _("Audit log"));
            fputs("</a>", fp);
        }
        if (req->group)
            srv_site_nav(fp, req);
        else if (req->site_name && req->site_name[0]) {
            fputs("<span class=\"site-name\">", fp);
            srv_esc(fp, req->site_name);
            fputs("</span>", fp);
        }
        if (req->team) {
            fputs("<span class=\"who\">", fp);
            srv_esc(fp, req->user);
            fputs("（", fp);
            srv_esc(fp, kaiji_word_role(req->role));
            fputs("）</span><form class=\"logout\" method=\"post\" action=\"/logout?csrf=", fp);
            srv_esc(fp, req->csrf);
            fputs("\"><button type=\"submit\">", fp);
            srv_esc(fp, _("Sign out"));
            fputs("</button></form>", fp);
        }
    }
    fputs("</nav>\n<main>\n<h1>", fp);
    srv_esc(fp, title);
    fputs("</h1>\n", fp);
}

void srv_form_action(FILE *fp, const srv_request *req, const char *path)
{
    srv_esc(fp, path);
    fputs("?csrf=", fp);
    srv_url_esc(fp, req->csrf);
}

void srv_tail(FILE *fp)
{
    fputs("</main>\n</body>\n</html>\n", fp);
}

void srv_page_message(srv_page *page, unsigned status, const char *title, const char *text)
{
    page->status = status;
    srv_head(page->fp, title, NULL);
    fputs("<p>", page->fp);
    srv_esc(page->fp, text);
    fputs("</p>\n<p><a href=\"/\">", page->fp);
    srv_esc(page->fp, _("Back to the dashboard"));
    fputs("</a></p>\n", page->fp);
    srv_tail(page->fp);
}

/* The status options of the server's catalogs, guideline and date. */
static void status_options(kaiji_status_options *so, const srv_request *req)
{
    kaiji_status_options_init(so);
    so->catalogs = req->opts->catalogs;
    so->target_guideline = req->opts->target_guideline;
    so->as_of = req->opts->as_of;
}

int srv_status_of(kaiji_status_report **out, const srv_request *req, kaiji_store *st)
{
    kaiji_status_options so;
    int rc;
    *out = NULL;
    status_options(&so, req);
    /* One transaction: a consistent view while a command or another page writes. */
    if ((rc = kaiji_store_begin(st)) == KAIJI_OK) {
        rc = kaiji_store_status(out, st, &so);
        kaiji_store_rollback(st);
    }
    return rc;
}

int srv_load_status(kaiji_status_report **out, const srv_request *req)
{
    kaiji_store *st = NULL;
    int rc;
    *out = NULL;
    if ((rc = srv_store_open(&st, req)) != KAIJI_OK)
        return rc;
    rc = srv_status_of(out, req, st);
    kaiji_store_free(st);
    return rc;
}

void srv_badge(FILE *fp, const char *cls, const char *word)
{
    fputs("<span class=\"badge s-", fp);
    srv_esc(fp, cls);
    fputs("\">", fp);
    srv_esc(fp, word);
    fputs("</span>", fp);
}

bool srv_japanese(void)
{
    return strcmp(C_("html lang", "en"), "ja") == 0;
}

kaiji_date_style srv_date_style(void)
{
    return srv_japanese() ? KAIJI_DATE_WAREKI : KAIJI_DATE_ISO;
}

void srv_date_cell(FILE *fp, kaiji_date d)
{
    char buf[KAIJI_DATE_SHOW_MAX];
    if (kaiji_date_valid(d))
        srv_esc(fp, kaiji_text_date_show(buf, sizeof buf, d, srv_date_style()));
    else
        fputs("—", fp);
}

/* The order the dashboard lists contracts in: those that owe something first. */
static int urgency(kaiji_contract_state s)
{
    static const int rank[KAIJI_CONTRACT__COUNT] = {
        [KAIJI_CONTRACT_OVERDUE] = 0, [KAIJI_CONTRACT_INVALID] = 1,
        [KAIJI_CONTRACT_MISSING] = 2, [KAIJI_CONTRACT_OUTDATED] = 3,
        [KAIJI_CONTRACT_COMPLETE] = 4, [KAIJI_CONTRACT_NOT_REQUIRED] = 5};
    return (unsigned)s < KAIJI_CONTRACT__COUNT ? rank[s] : 6;
}

/* The dashboard's filter, from the query: a contract state (an unknown
 * name is ignored), a text matched against the contract's number, vendor,
 * system and product after folding (kaiji_text_visible_fold: NFKC, width,
 * case, invisible characters), and "owes something" only. */
typedef struct dash_filter {
    int state;         /* a kaiji_contract_state, or -1 */
    const char *text;  /* as typed, or NULL */
    char *key;         /* its fold, or NULL: no text filter */
    bool owes;
} dash_filter;

static void dash_filter_read(dash_filter *f, const srv_request *req)
{
    const char *state = srv_arg(req, "state"), *q = srv_arg(req, "q"), *owes = srv_arg(req, "owes");
    f->state = -1;
    for (int s = 0; state && s < KAIJI_CONTRACT__COUNT; s++)
        if (strcmp(state, kaiji_contract_state_name((kaiji_contract_state)s)) == 0)
            f->state = s;
    f->text = NULL;
    f->key = q ? kaiji_text_visible_fold(q) : NULL;
    if (f->key && !f->key[0]) {
        free(f->key);
        f->key = NULL;
    }
    if (f->key)
        f->text = q;
    f->owes = owes && strcmp(owes, "1") == 0;
}

static bool dash_filter_active(const dash_filter *f)
{
    return f->state >= 0 || f->key || f->owes;
}

/* Whether the folded s holds the filter's folded text. */
static bool dash_text_in(const char *key, const char *s)
{
    char *k = s && s[0] ? kaiji_text_visible_fold(s) : NULL;
    bool in = k && strstr(k, key) != NULL;
    free(k);
    return in;
}

static bool dash_filter_match(const dash_filter *f, const kaiji_status_contract *c)
{
    if (f->state >= 0 && (int)c->state != f->state)
        return false;
    if (f->owes && (c->state == KAIJI_CONTRACT_COMPLETE || c->state == KAIJI_CONTRACT_NOT_REQUIRED))
        return false;
    if (f->key && !dash_text_in(f->key, c->contract.id) &&
        !dash_text_in(f->key, c->contract.vendor) && !dash_text_in(f->key, c->contract.system) &&
        !dash_text_in(f->key, c->contract.product))
        return false;
    return true;
}

/* The filter's form (a GET: works without JavaScript), and what it shows. */
static void dash_filter_form(FILE *fp, const dash_filter *f, size_t shown, size_t total)
{
    fputs("<form method=\"get\" action=\"/\" class=\"filter\" id=\"filter\">\n<label>", fp);
    srv_esc(fp, _("Contract number, vendor or product"));
    fputs(" <input type=\"search\" name=\"q\" maxlength=\"200\" value=\"", fp);
    srv_esc(fp, f->text ? f->text : "");
    fputs("\"></label>\n", fp);
    if (f->state >= 0) {
        fputs("<input type=\"hidden\" name=\"state\" value=\"", fp);
        srv_esc(fp, kaiji_contract_state_name((kaiji_contract_state)f->state));
        fputs("\">\n", fp);
    }
    fputs("<label><input type=\"checkbox\" name=\"owes\" value=\"1\"", fp);
    if (f->owes)
        fputs(" checked", fp);
    fputs("> ", fp);
    srv_esc(fp, _("Only those that owe something"));
    fputs("</label>\n<button type=\"submit\">", fp);
    srv_esc(fp, _("Show"));
    fputs("</button>\n</form>\n", fp);
    if (!dash_filter_active(f))
        return;
    fputs("<p class=\"filtered\" id=\"filtered\">", fp);
    srv_esc(fp, _("Filtered:"));
    if (f->state >= 0) {
        fputs(" ", fp);
        srv_badge(fp, kaiji_contract_state_name((kaiji_contract_state)f->state),
                  kaiji_word_contract_state((kaiji_contract_state)f->state));
    }
    if (f->key) {
        fputs(" <q>", fp);
        srv_esc(fp, f->text);
        fputs("</q>", fp);
    }
    if (f->owes) {
        fputs(" ", fp);
        srv_esc(fp, _("those that owe something"));
    }
    fputs(" — ", fp);
    char *n = kaiji_strprintf(_("%zu of %zu contracts"), shown, total);
    srv_esc(fp, n ? n : "");
    free(n);
    fputs(" <a href=\"/\">", fp);
    srv_esc(fp, _("Clear the filter"));
    fputs("</a></p>\n", fp);
}

int srv_page_dashboard(srv_page *page, const srv_request *req)
{
    kaiji_status_report *r = NULL;
    FILE *fp = page->fp;
    char date[KAIJI_DATE_SHOW_MAX];
    dash_filter f;
    if (req->site == 0)
        return srv_page_sites_overview(page, req);
    if (srv_load_status(&r, req) != KAIJI_OK)
        return -1;
    dash_filter_read(&f, req);
    srv_head(fp, _("Dashboard"), req);
    fprintf(fp, "<p class=\"muted\">");
    srv_esc(fp, _("As of"));
    fputs(" ", fp);
    srv_esc(fp, kaiji_text_date_show(date, sizeof date, r->as_of, srv_date_style()));
    fputs("</p>\n", fp);
    srv_watch_note(fp, req);
    if (r->count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No contracts yet. Import the hospital's register first (kaiji register "
                      "import), then add the documents vendors sent."));
        fputs("</p>\n", fp);
        srv_tail(fp);
        free(f.key);
        kaiji_status_report_free(r);
        return 0;
    }
    fputs("<section class=\"counts\">\n", fp);
    for (int rank = 0; rank < 6; rank++)
        for (int s = 0; s < KAIJI_CONTRACT__COUNT; s++) {
            if (urgency((kaiji_contract_state)s) != rank)
                continue;
            const char *name = kaiji_contract_state_name((kaiji_contract_state)s);
            fprintf(fp, "<div class=\"count%s\"><a href=\"/?state=%s\">",
                    f.state == s ? " chosen" : "", name);
            srv_badge(fp, name, kaiji_word_contract_state((kaiji_contract_state)s));
            fprintf(fp, "<strong>%zu</strong></a></div>\n", r->summary[s]);
        }
    fputs("</section>\n", fp);
    size_t shown = 0;
    for (size_t i = 0; i < r->count; i++)
        shown += dash_filter_match(&f, &r->contracts[i]);
    dash_filter_form(fp, &f, shown, r->count);
    if (shown == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No contract matches the filter."));
        fputs("</p>\n", fp);
        srv_tail(fp);
        free(f.key);
        kaiji_status_report_free(r);
        return 0;
    }
    fputs("<table class=\"contracts\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("Contract"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Vendor"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("System"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("State"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Due"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Documents"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    for (int rank = 0; rank < 7; rank++)
        for (size_t i = 0; i < r->count; i++) {
            const kaiji_status_contract *c = &r->contracts[i];
            if (urgency(c->state) != rank || !dash_filter_match(&f, c))
                continue;
            fputs("<tr><td><a href=\"/contract/", fp);
            srv_url_esc(fp, c->contract.id);
            fputs("\">", fp);
            srv_esc(fp, c->contract.id);
            fputs("</a></td><td>", fp);
            srv_esc(fp, c->contract.vendor);
            fputs("</td><td>", fp);
            srv_esc(fp, c->contract.system[0] ? c->contract.system : c->contract.product);
            fputs("</td><td>", fp);
            srv_badge(fp, kaiji_contract_state_name(c->state), kaiji_word_contract_state(c->state));
            fputs("</td><td class=\"nowrap\">", fp);
            srv_date_cell(fp, c->contract.due);
            fputs("</td><td>", fp);
            for (size_t j = 0; j < c->document_count; j++) {
                const kaiji_status_document *d = &c->documents[j];
                fputs("<span class=\"doc\">", fp);
                srv_esc(fp, kaiji_word_doc_type(d->type));
                fputs(" ", fp);
                srv_badge(fp, d->state, kaiji_word_document_state(d->state));
                fputs("</span> ", fp);
            }
            fputs("</td></tr>\n", fp);
        }
    fputs("</tbody>\n</table>\n", fp);
    srv_tail(fp);
    free(f.key);
    kaiji_status_report_free(r);
    return 0;
}

void srv_findings(FILE *fp, const kaiji_status_document *d, bool items)
{
    if (d->finding_count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No findings."));
        fputs("</p>\n", fp);
        return;
    }
    fputs("<ul class=\"findings\">\n", fp);
    for (size_t k = 0; k < d->finding_count; k++) {
        const kaiji_status_finding *f = &d->findings[k];
        fputs("<li>", fp);
        srv_badge(fp, kaiji_severity_name(f->severity), kaiji_word_severity(f->severity));
        fputs(" ", fp);
        if (items && f->item[0]) {
            srv_esc(fp, f->item);
            fputs(" ", fp);
        }
        srv_esc(fp, f->message);
        fputs("</li>\n", fp);
    }
    fputs("</ul>\n", fp);
}

void srv_contract_rows(FILE *fp, const kaiji_status_contract *c)
{
    fputs("<tr><th>", fp);
    srv_esc(fp, _("Vendor"));
    fputs("</th><td>", fp);
    srv_esc(fp, c->contract.vendor);
    fputs("</td></tr>\n<tr><th>", fp);
    srv_esc(fp, _("System"));
    fputs("</th><td>", fp);
    srv_esc(fp, c->contract.system[0] ? c->contract.system : c->contract.product);
    fputs("</td></tr>\n<tr><th>", fp);
    srv_esc(fp, _("State"));
    fputs("</th><td id=\"contract-state\">", fp);
    srv_badge(fp, kaiji_contract_state_name(c->state), kaiji_word_contract_state(c->state));
    fputs("</td></tr>\n<tr><th>", fp);
    srv_esc(fp, _("Due"));
    fputs("</th><td>", fp);
    srv_date_cell(fp, c->contract.due);
    fputs("</td></tr>\n", fp);
}

/* The day of a stored time ("YYYY-MM-DDT…"), as dates are shown. */
static void stored_day(FILE *fp, const char *iso)
{
    kaiji_date d = {0, 0, 0};
    int y, m, dd;
    if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) == 3)
        d = (kaiji_date){y, m, dd};
    srv_date_cell(fp, d);
}

/* The submissions of cur's type other than cur, newest claim first, folded
 * away: what the vendor sent before (or sent that does not count). */
static void older_submissions(FILE *fp, const kaiji_submission_list *subs,
                              const kaiji_status_document *cur)
{
    size_t n = 0;
    for (size_t i = 0; subs && i < subs->count; i++)
        n += (subs->items[i].type & cur->type) && strcmp(subs->items[i].sha256, cur->sha256);
    if (n == 0)
        return;
    fputs("<details class=\"older\"><summary>", fp);
    fprintf(fp, _("Other submissions received (%zu)"), n);
    fputs("</summary>\n", fp);
    for (size_t i = 0; i < subs->count; i++) {
        const kaiji_status_document *o = &subs->items[i];
        if (!(o->type & cur->type) || strcmp(o->sha256, cur->sha256) == 0)
            continue;
        fputs("<div class=\"submission\"><p><span class=\"path\">", fp);
        srv_esc(fp, o->path);
        fputs("</span> ", fp);
        srv_badge(fp, o->state, kaiji_word_document_state(o->state));
        fputs(" <span class=\"muted\">", fp);
        srv_esc(fp, _("received"));
        fputs(" ", fp);
        stored_day(fp, o->received_at);
        fputs(" ", fp);
        srv_esc(fp, o->form_version);
        fputs("</span></p>\n", fp);
        srv_findings(fp, o, false);
        fputs("</div>\n", fp);
    }
    fputs("</details>\n", fp);
}

/* The register's changes of the contract, newest first. */
static void history_section(FILE *fp, const kaiji_contract_history *h)
{
    if (!h || h->count == 0)
        return;
    fputs("<section class=\"history\">\n<h2>", fp);
    srv_esc(fp, _("Changes in the register"));
    fputs("</h2>\n<table>\n<thead><tr><th>", fp);
    srv_esc(fp, _("Date"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Change"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Field"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Before"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("After"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < h->count; i++) {
        const kaiji_contract_change *c = &h->items[i];
        const char *change = strcmp(c->change, "added") == 0         ? _("added")
                             : strcmp(c->change, "updated") == 0     ? _("changed")
                             : strcmp(c->change, "deactivated") == 0 ? _("ended")
                             : strcmp(c->change, "reactivated") == 0 ? _("resumed")
                                                                     : c->change;
        fputs("<tr><td class=\"nowrap\">", fp);
        stored_day(fp, c->at);
        fputs("</td><td>", fp);
        srv_esc(fp, change);
        const char *field = srv_field_word(c->field);
        fputs("</td><td>", fp);
        srv_esc(fp, field ? field : c->field);
        /* the values in words, as the audit page shows them; a change of
         * the whole contract (added, ended) has none */
        for (int k = 0; k < 2; k++) {
            const char *v = k ? c->new_value : c->old_value;
            fputs("</td><td>", fp);
            if (c->field[0]) {
                kaiji_buf b;
                kaiji_buf_init(&b);
                srv_field_value_words(&b, c->field, v, strlen(v));
                srv_esc(fp, b.data ? b.data : v);
                kaiji_buf_free(&b);
            } else {
                srv_esc(fp, v);
            }
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n</section>\n", fp);
}

/* Every submission of contract id and its register history, read in one
 * transaction; *subs and *hist the caller's. */
static int load_contract_extra(kaiji_submission_list **subs, kaiji_contract_history **hist,
                               const srv_request *req, const char *id)
{
    kaiji_store *st = NULL;
    kaiji_status_options so;
    int rc;
    *subs = NULL;
    *hist = NULL;
    if ((rc = srv_store_open(&st, req)) != KAIJI_OK)
        return rc;
    status_options(&so, req);
    if ((rc = kaiji_store_begin(st)) == KAIJI_OK) {
        rc = kaiji_store_contract_submissions(subs, st, id, &so);
        if (rc == KAIJI_OK)
            rc = kaiji_store_contract_history(hist, st, id, 200);
        kaiji_store_rollback(st);
    }
    kaiji_store_free(st);
    return rc;
}

int srv_page_contract(srv_page *page, const srv_request *req)
{
    kaiji_status_report *r = NULL;
    kaiji_submission_list *subs = NULL;
    kaiji_contract_history *hist = NULL;
    const kaiji_status_contract *c = NULL;
    FILE *fp = page->fp;
    if (srv_load_status(&r, req) != KAIJI_OK)
        return -1;
    for (size_t i = 0; i < r->count && !c; i++)
        if (strcmp(r->contracts[i].contract.id, req->query_id) == 0)
            c = &r->contracts[i];
    if (c && load_contract_extra(&subs, &hist, req, c->contract.id) != KAIJI_OK) {
        kaiji_status_report_free(r);
        return -1;
    }
    if (!c) {
        kaiji_status_report_free(r);
        srv_page_message(page, 404, _("Not found"), _("There is no contract with that number."));
        return 0;
    }
    srv_head(fp, c->contract.id, req);
    fputs("<table class=\"meta\">\n", fp);
    srv_contract_rows(fp, c);
    fputs("</table>\n", fp);
    for (size_t j = 0; j < c->document_count; j++) {
        const kaiji_status_document *d = &c->documents[j];
        fputs("<section class=\"document\">\n<h2>", fp);
        srv_esc(fp, kaiji_word_doc_type(d->type));
        fputs(" ", fp);
        srv_badge(fp, d->state, kaiji_word_document_state(d->state));
        fputs("</h2>\n", fp);
        if (!d->present) {
            fputs("<p>", fp);
            srv_esc(fp, _("Not received yet."));
            fputs("</p>\n</section>\n", fp);
            continue;
        }
        fputs("<p class=\"path\">", fp);
        srv_esc(fp, d->path);
        fputs(" <span class=\"muted\">", fp);
        srv_esc(fp, d->form_version);
        fputs("</span></p>\n", fp);
        srv_findings(fp, d, false);
        older_submissions(fp, subs, d);
        fputs("</section>\n", fp);
    }
    history_section(fp, hist);
    srv_reminders_sent(fp, req, c->contract.id);
    srv_vendor_section(fp, req, c->contract.id);
    srv_tail(fp);
    kaiji_submission_list_free(subs);
    kaiji_contract_history_free(hist);
    kaiji_status_report_free(r);
    return 0;
}

/* The results table's head: the upload's answer and the upload page's
 * table the script fills (one row a file, as each answer comes). */
static void results_head(FILE *fp)
{
    fputs("<thead><tr><th>", fp);
    srv_esc(fp, _("File"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Kind"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("State"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Contract"));
    fputs("</th></tr></thead>\n", fp);
}

int srv_page_upload_form(srv_page *page, const srv_request *req)
{
    FILE *fp = page->fp;
    srv_head(fp, _("Add documents"), req);
    /* The words the script shows, in the page's language (it has none of
     * its own): while a file is sent, and when sending failed. */
    fputs("<form id=\"upload\" method=\"post\" enctype=\"multipart/form-data\" data-sending=\"",
          fp);
    srv_esc(fp, _("Sending…"));
    fputs("\" data-checking=\"", fp);
    srv_esc(fp, _("Checking…"));
    fputs("\" data-failed=\"", fp);
    srv_esc(fp, _("Could not be sent; try again."));
    fputs("\" action=\"", fp);
    srv_form_action(fp, req, "/upload");
    fputs("\">\n<div class=\"drop\" id=\"drop\"><p>", fp);
    srv_esc(fp, _("Choose the files vendors sent (Excel, XML or JSON), or drop them or a folder "
                  "here."));
    fputs("</p>\n<p><label>", fp);
    srv_esc(fp, _("Files"));
    fputs(" <input type=\"file\" name=\"files\" multiple id=\"files\" "
          "accept=\".xlsx,.xlsm,.xls,.xml,.json,.ods,.zip\"></label></p>\n<p><label>",
          fp);
    srv_esc(fp, _("A folder"));
    fputs(" <input type=\"file\" name=\"files\" multiple id=\"folder\" webkitdirectory>"
          "</label></p>\n</div>\n<p><button type=\"submit\">",
          fp);
    srv_esc(fp, _("Check and record"));
    fputs("</button></p>\n</form>\n<table class=\"results\" id=\"results\" hidden>\n", fp);
    results_head(fp);
    fputs("<tbody>\n</tbody>\n</table>\n<script src=\"/static/upload.js\"></script>\n", fp);
    srv_tail(fp);
    return 0;
}

/* The audit log's line for an uploaded file: who, which contracts, what. */
static void audit_upload(kaiji_store *st, const srv_request *req, const char *name,
                         const kaiji_ingest_result *res)
{
    char target[512] = "", detail[1024];
    size_t used = 0;
    for (size_t k = 0; k < res->contract_count && used < sizeof target; k++)
        used += (size_t)snprintf(target + used, sizeof target - used, "%s%s", k ? " " : "",
                                 res->contracts[k]);
    snprintf(detail, sizeof detail, "%s sha256:%.12s %s%s", name, res->sha256,
             kaiji_status_name(res->status), res->duplicate ? " (received before)" : "");
    kaiji_store_audit(st, req->user, "upload", target, detail);
}

/* Checks, records and links one uploaded file (its audit line in the same
 * transaction: one commit a file) and writes its row of the results table. */
static void upload_row(FILE *fp, kaiji_store *st, const srv_request *req, const srv_file *file,
                       const kaiji_ingest_options *io)
{
    kaiji_ingest_item *item = NULL;
    kaiji_ingest_result *res = NULL;
    int rc = kaiji_store_ingest_read_memory(&item, st, file->body.data, file->body.len,
                                            file->name, io);
    if (rc == KAIJI_OK && (rc = kaiji_store_begin(st)) == KAIJI_OK) {
        rc = kaiji_store_ingest_record(&res, st, item);
        if (rc == KAIJI_OK)
            audit_upload(st, req, file->name, res);
        if (rc == KAIJI_OK)
            rc = kaiji_store_commit(st);
        else
            kaiji_store_rollback(st);
    }
    kaiji_ingest_item_free(item);
    fputs("<tr><td class=\"path\">", fp);
    srv_esc(fp, file->name);
    fputs("</td>", fp);
    if (rc != KAIJI_OK || !res) {
        fputs("<td colspan=\"3\">", fp);
        srv_esc(fp, _("Could not be recorded; try again."));
        fputs("</td></tr>\n", fp);
        kaiji_ingest_result_free(res);
        return;
    }
    fputs("<td>", fp);
    srv_esc(fp, kaiji_word_kind(res->kind));
    fputs("</td><td>", fp);
    srv_badge(fp, kaiji_status_name(res->status), kaiji_word_status(res->status));
    if (res->duplicate) {
        fputs(" <span class=\"muted\">", fp);
        srv_esc(fp, _("(received before)"));
        fputs("</span>", fp);
    }
    fputs("</td><td>", fp);
    for (size_t k = 0; k < res->contract_count; k++) {
        fputs("<a href=\"/contract/", fp);
        srv_url_esc(fp, res->contracts[k]);
        fputs("\">", fp);
        srv_esc(fp, res->contracts[k]);
        fputs("</a> ", fp);
    }
    if (res->contract_count == 0)
        srv_esc(fp, res->not_disclosure ? _("not a vendor disclosure") : _("not linked"));
    fputs("</td></tr>\n", fp);
    kaiji_ingest_result_free(res);
}

int srv_page_upload_done(srv_page *page, const srv_request *req)
{
    const srv_file *files = req->files;
    size_t count = req->file_count;
    kaiji_store *st = NULL;
    kaiji_ingest_options io;
    FILE *fp = page->fp;
    const char *one = srv_arg(req, "one");
    if (srv_store_open(&st, req) != KAIJI_OK)
        return -1;
    kaiji_ingest_options_init(&io);
    io.catalogs = req->opts->catalogs;
    io.target_guideline = req->opts->target_guideline;
    io.as_of = req->opts->as_of;
    if (one && strcmp(one, "1") == 0) {
        /* The upload page's script sends one request a file and puts each
         * answer, the rows alone, into its results table as it comes. */
        for (size_t i = 0; i < count; i++)
            upload_row(fp, st, req, &files[i], &io);
        kaiji_store_free(st);
        return 0;
    }
    srv_head(fp, _("Documents added"), req);
    if (count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No file was chosen."));
        fputs("</p>\n", fp);
    }
    fputs("<table class=\"results\">\n", fp);
    results_head(fp);
    fputs("<tbody>\n", fp);
    for (size_t i = 0; i < count; i++)
        upload_row(fp, st, req, &files[i], &io);
    fputs("</tbody>\n</table>\n<p><a href=\"/upload\">", fp);
    srv_esc(fp, _("Add more"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
    kaiji_store_free(st);
    return 0;
}

int srv_page_status_report(srv_page *page, const srv_request *req)
{
    kaiji_status_report *r = NULL;
    kaiji_html_options ho;
    char *html = NULL;
    size_t len = 0;
    if (srv_load_status(&r, req) != KAIJI_OK)
        return -1;
    kaiji_html_options_init(&ho);
    ho.target_guideline = req->opts->target_guideline;
    ho.lang = req->lang; /* the page's words: the findings are already in its language */
    int rc = kaiji_html_status_string(&html, &len, r, &ho);
    kaiji_status_report_free(r);
    if (rc != KAIJI_OK)
        return -1;
    fwrite(html, 1, len, page->fp);
    free(html);
    page->report = true;
    return 0;
}

void srv_page_login(srv_page *page, const char *message)
{
    FILE *fp = page->fp;
    srv_head(fp, _("Sign in"), NULL);
    if (message) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, message);
        fputs("</p>\n", fp);
    }
    fputs("<form method=\"post\" action=\"/login\" class=\"login\">\n<p><label>", fp);
    srv_esc(fp, _("Name"));
    fputs("<br><input name=\"user\" autocomplete=\"username\" required maxlength=\"64\">"
          "</label></p>\n<p><label>",
          fp);
    srv_esc(fp, _("Password"));
    fputs("<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" "
          "required maxlength=\"256\"></label></p>\n<p><button type=\"submit\">",
          fp);
    srv_esc(fp, _("Sign in"));
    fputs("</button></p>\n</form>\n", fp);
    srv_tail(fp);
}
