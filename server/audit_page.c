/*
 * server/audit_page.c - the audit log page of kaiji serve and its CSV
 * (server/internal.h), filtered by person, action and a range of days.  The
 * filter is a GET form: it works without JavaScript, a filtered page can be
 * bookmarked, and its CSV button sends the same fields to /audit.csv.  Its
 * days and times are this computer's local time, its actions and details
 * in words (server/audit_detail.c); the CSV keeps the codes, the UTC times
 * and the details as recorded, for programs, with the words after them.
 */
#include <stdlib.h>
#include <string.h>

#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/csv.h"
#include "report/words.h"
#include "server/internal.h"
#include "text/text.h"

/* The most entries the page shows; the CSV holds every one. */
#define AUDIT_PAGE_MAX 500

/* The filter the query asks for; *bad_date set when a date given is not one
 * (that bound is then left out, and the page says so). */
static kaiji_audit_filter query_filter(const srv_request *req, bool *bad_date)
{
    kaiji_audit_filter f = {.local_days = true};
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
        char who[KAIJI_AUDIT_ACTOR_MAX];
        const char *word = actions ? kaiji_word_audit_action(values[i])
                                   : kaiji_word_audit_actor(who, sizeof who, values[i]);
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
    date_field(fp, C_("audit filter", "From"), "from", srv_arg(req, "from"));
    date_field(fp, C_("audit filter", "To"), "to", srv_arg(req, "to"));
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
    srv_esc(fp, _("When"));
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
        const char *word = kaiji_word_audit_action(e->action);
        char when[KAIJI_DATE_SHOW_MAX + 32], who[KAIJI_AUDIT_ACTOR_MAX];
        char *detail = srv_audit_detail(e);
        /* the time in UTC, as recorded, on hovering */
        fputs("<tr><td class=\"nowrap\"><time datetime=\"", fp);
        srv_esc(fp, e->at);
        fputs("\">", fp);
        srv_esc(fp, srv_audit_when(when, sizeof when, e->at));
        fputs("</time></td><td>", fp);
        srv_esc(fp, kaiji_word_audit_actor(who, sizeof who, e->actor));
        fputs("</td><td>", fp);
        /* an action this version has no word for: its code, as recorded */
        srv_esc(fp, word ? word : e->action);
        fputs("</td><td>", fp);
        srv_esc(fp, e->target);
        fputs("</td><td>", fp);
        srv_esc(fp, detail ? detail : e->detail);
        fputs("</td></tr>\n", fp);
        free(detail);
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
    /* The columns of before, for programs (codes, UTC, the detail as
     * recorded), then the same in the page's words. */
    fputs(KAIJI_TEXT_BOM "id,at,actor,action,target,detail,when_local,action_words,"
                         "detail_words\r\n",
          page->fp);
    for (size_t i = 0; i < l->count; i++) {
        const kaiji_audit_entry *e = &l->items[i];
        const char *word = kaiji_word_audit_action(e->action);
        char when[KAIJI_DATE_SHOW_MAX + 32];
        char *detail = srv_audit_detail(e);
        fprintf(page->fp, "%lld,", e->id);
        kaiji_csv_field(page->fp, e->at, false);
        kaiji_csv_field(page->fp, e->actor, false);
        kaiji_csv_field(page->fp, e->action, false);
        kaiji_csv_field(page->fp, e->target, false);
        kaiji_csv_field(page->fp, e->detail, false);
        kaiji_csv_field(page->fp, srv_audit_when(when, sizeof when, e->at), false);
        kaiji_csv_field(page->fp, word ? word : e->action, false);
        kaiji_csv_field(page->fp, detail ? detail : e->detail, true);
        free(detail);
    }
    kaiji_audit_list_free(l);
    return 0;
}
