/*
 * server/catalogs.c - the catalogs page of kaiji serve: every form edition
 * kaiji knows (kind, version, in force from and until, which is current on
 * the server's date), and an official blank imported as kaiji catalog
 * import does (administrators only), written into the --catalog folder
 * when the server has one.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/base.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"
#include "report/words.h"
#include "server/internal.h"
#include "text/text.h"

/* The largest blank form an import takes. */
#define CATALOG_MAX_BYTES (32u * 1024 * 1024)

static kaiji_date as_of_of(const srv_request *req)
{
    return req->opts->as_of.year ? req->opts->as_of : kaiji_date_today();
}

static bool before(kaiji_date a, kaiji_date b)
{
    return kaiji_date_compare(a, b) < 0;
}

/* One row: what, version, made for, from, until, current. */
static void row(FILE *fp, const char *kind, const char *version, const char *guideline,
                kaiji_date from, kaiji_date until, bool current, const char *origin)
{
    fputs("<tr><td>", fp);
    srv_esc(fp, kind);
    fputs("</td><td>", fp);
    srv_esc(fp, version);
    fputs("</td><td>", fp);
    srv_esc(fp, guideline && *guideline ? guideline : "—");
    fputs("</td><td class=\"nowrap\">", fp);
    srv_date_cell(fp, from);
    fputs("</td><td class=\"nowrap\">", fp);
    srv_date_cell(fp, until);
    fputs("</td><td>", fp);
    if (current)
        srv_badge(fp, "complete", _("current"));
    fputs("</td><td>", fp);
    srv_esc(fp, strcmp(origin, "builtin") == 0 ? C_("catalog origin", "built in")
                                               : C_("catalog origin", "file"));
    fputs("</td></tr>\n", fp);
}

/* The first publication after d among the checklist editions, or year 0. */
static kaiji_date next_edition(const kaiji_catalogs *cats, kaiji_date d)
{
    kaiji_date best = {0, 0, 0};
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        if (c->type == KAIJI_CATALOG_CHECKLIST && c->published.on.year &&
            before(d, c->published.on) && (!best.year || before(c->published.on, best)))
            best = c->published.on;
    }
    return best;
}

/* The first publication after row v of a version of the same kind, or year 0. */
static kaiji_date next_version(const kaiji_catalog *c, const kaiji_cat_version *v, bool mds)
{
    kaiji_date best = {0, 0, 0};
    for (size_t i = 0; i < c->version_count; i++) {
        const kaiji_cat_version *w = &c->versions[i];
        if ((mds ? w->mds : w->sds) && w->published.on.year &&
            before(v->published.on, w->published.on) &&
            (!best.year || before(w->published.on, best)))
            best = w->published.on;
    }
    return best;
}

int srv_page_catalogs(srv_page *page, const srv_request *req)
{
    const kaiji_catalogs *cats = req->opts->catalogs;
    kaiji_date today = as_of_of(req), none = {0, 0, 0};
    const kaiji_catalog *edition = kaiji_catalogs_current_edition(cats, today);
    const kaiji_cat_guideline *gl = kaiji_catalogs_guideline_at(cats, today);
    FILE *fp = page->fp;
    char date[KAIJI_DATE_SHOW_MAX];

    srv_head(fp, _("Catalogs"), req);
    fputs("<p class=\"muted\">", fp);
    srv_esc(fp, _("As of"));
    fputs(" ", fp);
    srv_esc(fp, kaiji_text_date_show(date, sizeof date, today, KAIJI_DATE_LOCALE));
    fputs(" · ", fp);
    srv_esc(fp, _("Target guideline"));
    fputs(" ", fp);
    srv_esc(fp, req->opts->target_guideline ? req->opts->target_guideline : "6.0");
    fputs("</p>\n<table class=\"catalogs\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("Form"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Version"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Made for guideline"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("In force from"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Until"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Current"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Origin"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        switch (c->type) {
        case KAIJI_CATALOG_CHECKLIST:
            row(fp, _("MHLW checklist"), c->edition ? c->edition : "", c->guideline,
                c->published.on, c->published.on.year ? next_edition(cats, c->published.on) : none,
                c == edition, c->origin);
            break;
        case KAIJI_CATALOG_MDS2:
            row(fp, kaiji_word_kind(KAIJI_KIND_MDS2), c->edition ? c->edition : "", NULL, none,
                none, c->current, c->origin);
            break;
        case KAIJI_CATALOG_MDS_VERSIONS:
            for (size_t k = 0; k < 2; k++) {
                bool mds = k == 0;
                const kaiji_cat_version *cur = kaiji_catalogs_newest_mds_version(
                    cats, mds ? KAIJI_KIND_MDS : KAIJI_KIND_SDS, today);
                for (size_t j = 0; j < c->version_count; j++) {
                    const kaiji_cat_version *v = &c->versions[j];
                    if (!(mds ? v->mds : v->sds))
                        continue;
                    row(fp, kaiji_word_kind(mds ? KAIJI_KIND_MDS : KAIJI_KIND_SDS), v->version,
                        v->guideline_text, v->published.on, next_version(c, v, mds), v == cur,
                        c->origin);
                }
            }
            break;
        case KAIJI_CATALOG_GUIDELINES:
            for (size_t j = 0; j < c->guideline_count; j++) {
                const kaiji_cat_guideline *g = &c->guidelines[j];
                kaiji_date until = none;
                for (size_t k = 0; k < c->guideline_count; k++)
                    if (before(g->published.on, c->guidelines[k].published.on) &&
                        (!until.year || before(c->guidelines[k].published.on, until)))
                        until = c->guidelines[k].published.on;
                row(fp, _("MHLW guideline"), g->edition, NULL, g->published.on, until, g == gl,
                    c->origin);
            }
            break;
        case KAIJI_CATALOG_TEMPLATE: {
            char title[600];
            row(fp, kaiji_word_catalog_title(title, sizeof title, c), c->id, NULL, none, none,
                false, c->origin);
            break;
        }
        default:
            break;
        }
    }
    fputs("</tbody>\n</table>\n", fp);
    if (req->role == KAIJI_ROLE_ADMIN) {
        fputs("<h2>", fp);
        srv_esc(fp, _("Import an official blank form"));
        fputs("</h2>\n<p>", fp);
        srv_esc(fp, _("The official blank workbook of a new edition (an MHLW checklist, a "
                      "JAHIS MDS or SDS template), as kaiji catalog import reads it."));
        fputs("</p>\n<form method=\"post\" enctype=\"multipart/form-data\" action=\"", fp);
        srv_form_action(fp, req, "/catalogs/import");
        fputs("\">\n<p><input type=\"file\" name=\"file\" accept=\".xlsx,.xlsm\" required></p>\n"
              "<p><label>",
              fp);
        srv_esc(fp, _("Published on (only when kaiji cannot tell; YYYY-MM-DD)"));
        fputs("<br><input type=\"text\" name=\"published\" maxlength=\"10\"></label></p>\n"
              "<p><button type=\"submit\">",
              fp);
        srv_esc(fp, _("Import the form"));
        fputs("</button></p>\n</form>\n", fp);
    }
    srv_tail(fp);
    return 0;
}

/* Why an import made no catalog, in words. */
static const char *import_problem(int rc, kaiji_import_problem problem)
{
    switch (problem) {
    case KAIJI_IMPORT_NO_PUBLISHED:
        return _("kaiji cannot tell from when this checklist edition is current: give the day "
                 "it was published.");
    case KAIJI_IMPORT_BAD_PUBLISHED:
        return _("The publication date is not a date (YYYY-MM-DD) of the edition's fiscal year "
                 "or the year before it.");
    case KAIJI_IMPORT_NO_EDITION:
        return _("It is an MHLW checklist, but its title names no edition (such as 令和8年度 or "
                 "R8).");
    case KAIJI_IMPORT_MIXED_EDITIONS:
        return _("Its sheets name different checklist editions.");
    default:
        return rc == KAIJI_ERROR_UNREADABLE || rc == KAIJI_ERROR_IO
                   ? _("No form with an item table was found in it.")
                   : kaiji_strerror(rc);
    }
}

/* Writes json as DIR/ID.json, never over a file already there; true when written. */
static bool write_catalog(const char *dir, const char *id, const char *json)
{
    char *path = kaiji_strprintf("%s/%s.json", dir, id);
    bool ok = false;
    if (!path || strchr(id, '/'))
        goto done;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
    if (fd < 0)
        goto done;
    size_t n = strlen(json);
    ok = write(fd, json, n) == (ssize_t)n;
    ok = close(fd) == 0 && ok;
    if (!ok)
        unlink(path);
done:
    free(path);
    return ok;
}

int srv_page_catalog_import(srv_page *page, const srv_request *req)
{
    const srv_file *f = NULL;
    const char *published = srv_field_get(req, "published");
    char path[512];
    const char *tmp = getenv("TMPDIR");
    char *json = NULL;
    kaiji_import_problem problem = KAIJI_IMPORT_NO_PROBLEM;
    FILE *fp = page->fp;
    for (size_t i = 0; i < req->file_count && !f; i++)
        if (strcmp(req->files[i].field, "file") == 0)
            f = &req->files[i];
    if (!f || f->body.len == 0) {
        srv_page_message(page, 400, _("Import an official blank form"), _("No file was chosen."));
        return 0;
    }
    if (f->body.len > CATALOG_MAX_BYTES) {
        srv_page_message(page, 413, _("Too large"), _("A blank form may be at most 32 MiB."));
        return 0;
    }
    /* The importer reads a file: the upload goes to a private temporary one
     * (its name is never the one sent). */
    snprintf(path, sizeof path, "%s/kaiji-catalog-XXXXXX",
             tmp && *tmp && strlen(tmp) < 400 ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    bool written = write(fd, f->body.data, f->body.len) == (ssize_t)f->body.len;
    written = close(fd) == 0 && written;
    kaiji_import_options io = {.id = NULL,
                               .published = published && *published ? published : NULL,
                               .catalogs = req->opts->catalogs};
    int rc = written ? kaiji_catalog_import_with(&json, path, &io, &problem) : KAIJI_ERROR_IO;
    unlink(path);
    if (rc == KAIJI_ERROR_NOMEM)
        return -1;
    srv_head(fp, _("Import an official blank form"), req);
    fputs("<p class=\"path\">", fp);
    srv_esc(fp, f->name);
    fputs("</p>\n", fp);
    if (rc != KAIJI_OK) {
        page->status = 422;
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("No catalog was made of it."));
        fputs(" ", fp);
        srv_esc(fp, import_problem(rc, problem));
        fputs("</p>\n<p><a href=\"/catalogs\">", fp);
        srv_esc(fp, _("Back to the catalogs"));
        fputs("</a></p>\n", fp);
        srv_tail(fp);
        return 0;
    }
    cJSON *root = cJSON_Parse(json);
    const char *id = root ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "id"))
                          : NULL;
    const char *official =
        root ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "official_file"))
             : NULL;
    const cJSON *form;
    fputs("<p>", fp);
    srv_esc(fp, _("Catalog"));
    fputs(": <code>", fp);
    srv_esc(fp, id ? id : "?");
    fputs("</code></p>\n<ul>\n", fp);
    const cJSON *forms = root ? cJSON_GetObjectItemCaseSensitive(root, "forms") : NULL;
    cJSON_ArrayForEach(form, forms) {
        const char *title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(form, "title"));
        const char *version =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(form, "form_version"));
        fputs("<li>", fp);
        srv_esc(fp, title ? title : version ? version : "");
        fprintf(fp, "：%d ", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(form, "items")));
        srv_esc(fp, _("items"));
        fputs("</li>\n", fp);
    }
    fputs("</ul>\n<p>", fp);
    srv_esc(fp, official && *official ? _("It is an official file: its SHA-256 is on kaiji's "
                                          "list of official files.")
                                      : _("It is not an official file kaiji knows by its "
                                          "SHA-256: the catalog says it was taken from your "
                                          "file."));
    fputs("</p>\n", fp);
    bool saved = req->opts->catalog_dir && id && write_catalog(req->opts->catalog_dir, id, json);
    fputs("<p class=\"notice\">", fp);
    if (saved)
        srv_esc(fp, _("Written into the catalog folder of this server; it is used from the next "
                      "start of kaiji serve."));
    else
        srv_esc(fp, req->opts->catalog_dir
                        ? _("A catalog of that name is already in the catalog folder: nothing "
                            "was written.")
                        : _("This server has no catalog folder (--catalog DIR): save the "
                            "catalog below as a .json file in a folder and start kaiji serve "
                            "with --catalog on it."));
    fputs("</p>\n", fp);
    if (!saved) {
        fputs("<textarea readonly rows=\"12\" cols=\"100\">", fp);
        srv_esc(fp, json);
        fputs("</textarea>\n", fp);
    }
    kaiji_store *st = NULL;
    if (srv_store_open(&st, req) == KAIJI_OK)
        kaiji_store_audit(st, req->user, "catalog-import", f->name,
                          id ? (saved ? id : "not written") : "");
    kaiji_store_free(st);
    fputs("<p><a href=\"/catalogs\">", fp);
    srv_esc(fp, _("Back to the catalogs"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
    cJSON_Delete(root);
    free(json);
    return 0;
}
