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
#include "report/words.h"
#include "server/internal.h"

const char *srv_site_word(const char *name)
{
    return name && name[0] ? name : _("(the default hospital)");
}

void srv_site_nav(FILE *fp, const srv_request *req)
{
    /* No store here: a page may be writing its site's in a transaction. */
    if (!req->group)
        return;
    fputs("<span class=\"site-name\">", fp);
    srv_esc(fp, req->site == 0 ? _("All hospitals") : srv_site_word(req->site_name));
    fputs("</span><a href=\"/site\" id=\"site-choice\">", fp);
    srv_esc(fp, _("Choose the hospital"));
    fputs("</a>", fp);
}

/* The states the table counts for each site: what a group's office chases. */
static const kaiji_contract_state chased[] = {KAIJI_CONTRACT_OVERDUE, KAIJI_CONTRACT_MISSING,
                                              KAIJI_CONTRACT_OUTDATED};
#define CHASED (sizeof chased / sizeof chased[0])

/* The sites the request's connection may work on into *l, and each site's
 * contracts in the chased states into *counts (counts[i * CHASED + k],
 * calloc'd, (*l)->count rows), read with each site's status on one
 * connection.  The caller frees both.  false (both NULL) when the store or
 * a site's status cannot be read. */
static bool sites_read(kaiji_site_list **l, size_t **counts, const srv_request *req)
{
    kaiji_store *st = NULL;
    kaiji_status_report *r = NULL;
    *l = NULL;
    *counts = NULL;
    /* whichever site: the list is the group's */
    if (srv_store_open_site(&st, req, 0) != KAIJI_OK || kaiji_store_sites(l, st) != KAIJI_OK)
        goto error;
    if (!(*counts = calloc((*l)->count ? (*l)->count * CHASED : 1, sizeof **counts)))
        goto error;
    for (size_t i = 0; i < (*l)->count; i++) {
        if (kaiji_store_site_use_id(st, (*l)->items[i].id) != KAIJI_OK ||
            srv_status_of(&r, req, st) != KAIJI_OK)
            goto error;
        for (size_t k = 0; k < CHASED; k++)
            (*counts)[i * CHASED + k] = r->summary[chased[k]];
        kaiji_status_report_free(r);
        r = NULL;
    }
    kaiji_store_free(st);
    return true;
error:
    kaiji_status_report_free(r);
    kaiji_store_free(st);
    kaiji_site_list_free(*l);
    free(*counts);
    *l = NULL;
    *counts = NULL;
    return false;
}

/* A chased count's cell: a link to the site's dashboard filtered by the
 * state (site > 0 and n > 0), else the number alone. */
static void chased_cell(FILE *fp, long long site, kaiji_contract_state s, size_t n)
{
    const char *name = kaiji_contract_state_name(s);
    fprintf(fp, "<td class=\"num %s\">", name);
    if (site > 0 && n > 0)
        fprintf(fp, "<a href=\"/site?id=%lld&amp;state=%s\">%zu</a></td>", site, name, n);
    else
        fprintf(fp, "%zu</td>", n);
}

/* The table of the sites: each one's name (a link that chooses it), its
 * contracts, documents received, and the contracts overdue, missing a
 * document and outdated (each a link to the site's dashboard so filtered);
 * with all, a row of the sums that looks over every site. */
static void sites_table(FILE *fp, const kaiji_site_list *l, const size_t *counts, bool all)
{
    fputs("<table class=\"sites\" id=\"sites\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("Hospital"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Contracts"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Documents received"));
    fputs("</th>", fp);
    for (size_t k = 0; k < CHASED; k++) {
        fputs("<th>", fp);
        srv_esc(fp, kaiji_word_contract_state(chased[k]));
        fputs("</th>", fp);
    }
    fputs("</tr></thead>\n<tbody>\n", fp);
    size_t contracts = 0, submissions = 0, sums[CHASED] = {0};
    for (size_t i = 0; i < l->count; i++) {
        fprintf(fp, "<tr><td><a href=\"/site?id=%lld\">", l->items[i].id);
        srv_esc(fp, srv_site_word(l->items[i].name));
        fprintf(fp, "</a></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
                l->items[i].contracts, l->items[i].submissions);
        for (size_t k = 0; k < CHASED; k++) {
            chased_cell(fp, l->items[i].id, chased[k], counts[i * CHASED + k]);
            sums[k] += counts[i * CHASED + k];
        }
        fputs("</tr>\n", fp);
        contracts += l->items[i].contracts;
        submissions += l->items[i].submissions;
    }
    if (all) {
        fputs("<tr><td><a href=\"/site?id=all\">", fp);
        srv_esc(fp, _("All hospitals"));
        fprintf(fp, "</a></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
                contracts, submissions);
        for (size_t k = 0; k < CHASED; k++)
            chased_cell(fp, 0, chased[k], sums[k]);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
}

int srv_page_sites_overview(srv_page *page, const srv_request *req)
{
    FILE *fp = page->fp;
    kaiji_site_list *l;
    size_t *counts;
    if (!sites_read(&l, &counts, req))
        return -1;
    srv_head(fp, _("All hospitals"), req);
    fputs("<p>", fp);
    srv_esc(fp, _("The hospitals of the group. Choose one to see its contracts and documents."));
    fputs("</p>\n", fp);
    sites_table(fp, l, counts, false);
    srv_tail(fp);
    free(counts);
    kaiji_site_list_free(l);
    return 0;
}

int srv_page_choose_site(srv_page *page, const srv_request *req)
{
    FILE *fp = page->fp;
    kaiji_site_list *l;
    size_t *counts;
    if (!sites_read(&l, &counts, req))
        return -1;
    bool asked = req->site == 0 && req->query_id; /* a page of one site, not the chooser */
    if (asked)
        page->status = 409;
    srv_head(fp, _("Choose the hospital"), req);
    fputs("<p>", fp);
    srv_esc(fp, asked ? _("This page shows one hospital. Choose the hospital first.")
                      : _("Choose the hospital to work on, or all of them for the counts of each."));
    fputs("</p>\n", fp);
    sites_table(fp, l, counts, true);
    srv_tail(fp);
    free(counts);
    kaiji_site_list_free(l);
    return 0;
}
