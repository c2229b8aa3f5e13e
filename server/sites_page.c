/*
 * server/sites_page.c - the sites of a hospital group in kaiji serve
 * (server/internal.h): the chooser a group's administrator has in the
 * navigation, the dashboard's look over every site (what each holds, each
 * linking to it), and the page that asks for a site first.  The chosen site
 * is the session's (server.c, /site?id=N).
 */
#include <stdlib.h>
#include <string.h>

#include "kaiji/store.h"
#include "model/i18n.h"
#include "server/internal.h"

const char *srv_site_word(const char *name)
{
    return name && name[0] ? name : _("(the default hospital)");
}

/* The sites the request's connection may work on, or NULL when the store
 * cannot be read. */
static kaiji_site_list *sites_of(const srv_request *req)
{
    kaiji_store *st = NULL;
    kaiji_site_list *l = NULL;
    /* whichever site: the list is the group's */
    if (srv_store_open_site(&st, req, 0) == KAIJI_OK && kaiji_store_sites(&l, st) != KAIJI_OK)
        l = NULL;
    kaiji_store_free(st);
    return l;
}

void srv_site_nav(FILE *fp, const srv_request *req)
{
    if (!req->group)
        return;
    kaiji_site_list *l = sites_of(req);
    if (!l || l->count < 2) {
        kaiji_site_list_free(l);
        return;
    }
    fputs("<form class=\"site-choice\" method=\"get\" action=\"/site\"><label>", fp);
    srv_esc(fp, _("Hospital"));
    fputs(" <select name=\"id\"><option value=\"all\"", fp);
    if (req->site == 0)
        fputs(" selected", fp);
    fputs(">", fp);
    srv_esc(fp, _("All hospitals"));
    fputs("</option>", fp);
    for (size_t i = 0; i < l->count; i++) {
        fprintf(fp, "<option value=\"%lld\"%s>", l->items[i].id,
                l->items[i].id == req->site ? " selected" : "");
        srv_esc(fp, srv_site_word(l->items[i].name));
        fputs("</option>", fp);
    }
    fputs("</select></label> <button type=\"submit\">", fp);
    srv_esc(fp, _("Switch"));
    fputs("</button></form>", fp);
    kaiji_site_list_free(l);
}

/* The table of the sites: each one's name (a link that chooses it), its
 * contracts and documents received. */
static void sites_table(FILE *fp, const kaiji_site_list *l)
{
    fputs("<table class=\"sites\" id=\"sites\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("Hospital"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Contracts"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Documents received"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < l->count; i++) {
        fprintf(fp, "<tr><td><a href=\"/site?id=%lld\">", l->items[i].id);
        srv_esc(fp, srv_site_word(l->items[i].name));
        fprintf(fp, "</a></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
                l->items[i].contracts, l->items[i].submissions);
    }
    fputs("</tbody>\n</table>\n", fp);
}

int srv_page_sites_overview(srv_page *page, const srv_request *req)
{
    FILE *fp = page->fp;
    kaiji_site_list *l = sites_of(req);
    if (!l)
        return -1;
    srv_head(fp, _("All hospitals"), req);
    fputs("<p>", fp);
    srv_esc(fp, _("The hospitals of the group. Choose one to see its contracts and documents."));
    fputs("</p>\n", fp);
    sites_table(fp, l);
    srv_tail(fp);
    kaiji_site_list_free(l);
    return 0;
}

int srv_page_choose_site(srv_page *page, const srv_request *req)
{
    FILE *fp = page->fp;
    kaiji_site_list *l = sites_of(req);
    if (!l)
        return -1;
    page->status = 409;
    srv_head(fp, _("Choose a hospital"), req);
    fputs("<p>", fp);
    srv_esc(fp, _("This page shows one hospital. Choose the hospital first."));
    fputs("</p>\n", fp);
    sites_table(fp, l);
    srv_tail(fp);
    kaiji_site_list_free(l);
    return 0;
}
