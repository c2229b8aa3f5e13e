/*
 * server/audit_page.c - the audit log page of kaiji serve and its CSV
 * (server/internal.h), filtered by person, action and a range of days.  The
 * filter is a GET form: it works without JavaScript, a filtered page can be
 * bookmarked, and its CSV button sends the same fields to /audit.csv.
 */
#include <stdlib.h>
#include <string.h>

#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/csv.h"
#include "server/internal.h"
#include "text/text.h"

/* The most entries the page shows; the CSV holds every one. */
#define AUDIT_PAGE_MAX 500

/* An action of the log in words; NULL for one not known (shown as its code). */
static const char *action_word(const char *code)
{
    static const struct {
        const char *code, *word;
    } words[] = {
        {"login", N_("signed in")},
        {"login-failed", N_("sign-in failed")},
        {"logout", N_("signed out")},
        {"upload", N_("added documents in the browser")},
        {"ingest", N_("recorded documents")},
        {"link", N_("linked a document by hand")},
        {"register-import", N_("imported the register")},
        {"remind-drafts", N_("wrote reminder mails")},
        {"remind-sent", N_("sent reminder mails")},
        {"user-add", N_("added or changed an account")},
        {"contract-edit", N_("edited a contract")},
        {"catalog-import", N_("imported an official blank form")},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(code, words[i].code) == 0)
            return _(words[i].word);
    return NULL;
}

/* The filter the query asks for; *bad_date set when a date given is not one
 * (that bound is then left out, and the page says so). */
static kaiji_audit_filter query_filter(const srv_request *req, bool *bad_date)
{
    kaiji_audit_filter f = {0};
    const char *from = srv_arg(req, "from"), *to = srv_arg(req, "to");
    f.actor = srv_arg(req, "actor");
    f.action = srv_arg(req, "action");
    *bad_date = false;
    if (from && from[0] && !kaiji_text_parse_date(from, &f.from))
        *bad_date = true, f.from = (kaiji_date){0, 0, 0};
    if (to && to[0] && !kaiji_text_parse_date(to, &f.to))
        *bad_date = true, f.to = (kaiji_date){0, 0, 0};
    return f;
}

static int load(kaiji_audit_list **list, kaiji_audit_names **names, const srv_request *req,
                const kaiji_audit_filter *f)
{
    kaiji_store *st = NULL;
    int rc = srv_store_open(&st, req);
    if (rc == KAIJI_OK)
        rc = kaiji_store_audit_find(list, st, f);
    if (rc == KAIJI_OK && names)
        rc = kaiji_store_audit_names(names, st);
    kaiji_store_free(st);
    return rc;
}

/* A <select> of name: "" (every one, in words) and each value. */
static void choice(FILE *fp, const char *label, const char *name, const char *any,
                   char *const *values, size_t count, const char *chosen, bool actions)
{
    fputs("<label>", fp);
    srv_esc(fp, label);
    fputs(" <select name=\"", fp);
    srv_esc(fp, name);
    fputs("\"><option value=\"\">", fp);
    srv_esc(fp, any);
    fputs("</option>", fp);
    for (size_t i = 0; i < count; i++) {
        const char *word = actions ? action_word(values[i]) : NULL;
        fputs("<option value=\"", fp);
        srv_esc(fp, values[i]);
        fputs(chosen && strcmp(chosen, values[i]) == 0 ? "\" selected>" : "\">", fp);
        srv_esc(fp, word ? word : values[i]);
        fputs("</option>", fp);
    }
    fputs("</select></label>\n", fp);
}

static void date_field(FILE *fp, const char *label, const char *name, const char *value)
{
    fputs("<label>", fp);
    srv_esc(fp, label);
    fputs(" <input type=\"date\" name=\"", fp);
    srv_esc(fp, name);
    fputs("\" value=\"", fp);
    srv_esc(fp, value ? value : "");
    fputs("\"></label>\n", fp);
}

int srv_page_audit(srv_page *page, const srv_request *req)
{
    kaiji_audit_list *l = NULL;
    kaiji_audit_names *names = NULL;
    FILE *fp = page->fp;
    bool bad_date;
    kaiji_audit_filter f = query_filter(req, &bad_date);
    f.limit = AUDIT_PAGE_MAX;
    if (load(&l, &names, req, &f) != KAIJI_OK)
        return -1;
    srv_head(fp, _("Audit log"), req);
    fputs("<form method=\"get\" action=\"/audit\" class=\"filter\">\n", fp);
    choice(fp, _("Who"), "actor", _("everyone"), names->actors, names->actor_count, f.actor,
           false);
    choice(fp, _("What"), "action", _("every action"), names->actions, names->action_count,
           f.action, true);
    date_field(fp, _("From (UTC)"), "from", srv_arg(req, "from"));
    date_field(fp, _("To (UTC)"), "to", srv_arg(req, "to"));
    fputs("<button type=\"submit\">", fp);
    srv_esc(fp, _("Show"));
    fputs("</button>\n<button type=\"submit\" formaction=\"/audit.csv\">", fp);
    srv_esc(fp, _("Download these as CSV"));
    fputs("</button>\n<a href=\"/audit\">", fp);
    srv_esc(fp, _("Show all"));
    fputs("</a>\n</form>\n", fp);
    if (bad_date) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("A date was not understood and is left out of the filter. Write it as "
                      "2026-12-01."));
        fputs("</p>\n", fp);
    }
    fputs("<p class=\"muted\">", fp);
    if (l->count == AUDIT_PAGE_MAX)
        srv_esc(fp, _("The newest 500 entries are shown; the CSV holds every one."));
    else if (l->count == 0)
        srv_esc(fp, _("No entry matches."));
    else
        fprintf(fp, "%zu", l->count);
    fputs("</p>\n<table class=\"audit\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("When (UTC)"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Who"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("What"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("To what"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Detail"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < l->count; i++) {
        const kaiji_audit_entry *e = &l->items[i];
        const char *word = action_word(e->action);
        fputs("<tr><td class=\"nowrap\">", fp);
        srv_esc(fp, e->at);
        fputs("</td><td>", fp);
        srv_esc(fp, e->actor);
        fputs("</td><td>", fp);
        if (word) {
            srv_esc(fp, word);
            fputs(" ", fp);
        }
        fputs("<span class=\"code muted\">", fp);
        srv_esc(fp, e->action);
        fputs("</span></td><td>", fp);
        srv_esc(fp, e->target);
        fputs("</td><td>", fp);
        srv_esc(fp, e->detail);
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
    srv_tail(fp);
    kaiji_audit_list_free(l);
    kaiji_audit_names_free(names);
    return 0;
}

int srv_page_audit_csv(srv_page *page, const srv_request *req)
{
    kaiji_audit_list *l = NULL;
    bool bad_date;
    kaiji_audit_filter f = query_filter(req, &bad_date);
    if (bad_date) {
        srv_page_message(page, 400, _("Bad request"),
                         _("A date was not understood. Write it as 2026-12-01."));
        return 0;
    }
    if (load(&l, NULL, req, &f) != KAIJI_OK)
        return -1;
    page->content_type = "text/csv; charset=utf-8";
    page->disposition = "attachment; filename=\"kaiji-audit.csv\"";
    fputs(KAIJI_TEXT_BOM "id,at,actor,action,target,detail\r\n", page->fp);
    for (size_t i = 0; i < l->count; i++) {
        const kaiji_audit_entry *e = &l->items[i];
        fprintf(page->fp, "%lld,", e->id);
        kaiji_csv_field(page->fp, e->at, false);
        kaiji_csv_field(page->fp, e->actor, false);
        kaiji_csv_field(page->fp, e->action, false);
        kaiji_csv_field(page->fp, e->target, false);
        kaiji_csv_field(page->fp, e->detail, true);
    }
    kaiji_audit_list_free(l);
    return 0;
}
