/*
 * server/internal.h - what server.c (the daemon, sessions, security, the
 * forms' parsing), routes.c (the route table) and the pages (pages.c and one
 * file per group of pages) share.  Module-internal: nothing outside server/.
 */
#ifndef KAIJI_SERVER_INTERNAL_H
#define KAIJI_SERVER_INTERNAL_H

#include <stdio.h>

#include "base/buf.h"
#include "kaiji/store.h"
#include "platform/platform.h"
#include "report/html.h"
#include "server/server.h"
#include "server/watch.h"
#include "text/text.h"

/* One uploaded file, held in memory until the upload ends. */
typedef struct srv_file {
    char *name;    /* as the browser sent it (never used as a path) */
    char *field;   /* the form's field it came in ("files") */
    kaiji_buf body; /* its bytes */
} srv_file;

/* One plain field of a form sent (urlencoded or multipart): its value is
 * NUL-terminated, at most SRV_FIELD_MAX bytes. */
typedef struct srv_field {
    char *name;
    kaiji_buf value;
} srv_field;

/* The bounds of a form without files: each value, the fields, all of it. */
#define SRV_FIELD_MAX (64 * 1024)
#define SRV_FIELDS_MAX 512
#define SRV_FORM_MAX (1024 * 1024)

struct MHD_Connection;
typedef struct srv_page srv_page;

/* What a page needs to know of its request. */
typedef struct srv_request {
    const kaiji_server_options *opts;
    const char *csrf;             /* the session's CSRF token */
    const char *user;             /* the account, or "local" in local mode */
    kaiji_role role;
    long long site;               /* the site the request works on (sites.id), or 0: a
                                   * group's administrator looking over every site */
    const char *site_name;        /* its name, "" for the default site */
    bool group;                   /* the account sees every site: it may choose */
    bool team;                    /* accounts: show who is signed in, and sign out */
    const char *query_id;         /* a route ending in '/': the rest of the path, decoded */
    const char *client;           /* the client's address, for the audit log */
    kaiji_watch *watch;           /* the watched folder (--watch), or NULL */
    struct MHD_Connection *conn;  /* for srv_arg */
    const srv_file *files;        /* a POST's files (routes that take files) */
    size_t file_count;
    const srv_field *fields;      /* a POST's plain fields */
    size_t field_count;
    kaiji_lang lang;              /* the page's language (the browser's Accept-Language) */
} srv_request;

/* Opens the store for req, working on the request's site (req->site; the
 * server's --site, or the account's); a KAIJI_ code. */
int srv_store_open(kaiji_store **out, const srv_request *req);
/* As srv_store_open, on the site site (a vendor link's). */
int srv_store_open_site(kaiji_store **out, const srv_request *req, long long site);
/* The name a page shows for a site: its name, or the default site's word. */
const char *srv_site_word(const char *name);

/* The query argument name of the request's URL, decoded, or NULL. */
const char *srv_arg(const srv_request *req, const char *name);

/* The first plain field name of the form sent, or NULL. */
const char *srv_field_get(const srv_request *req, const char *name);

/* A page's handler: writes into page (opened by the caller) and returns 0,
 * or -1 when the store or memory failed (the caller answers 500). */
typedef int (*srv_handler)(srv_page *page, const srv_request *req);

/* One route of the site (server/routes.c): what a request may reach. */
typedef struct srv_route {
    const char *path;     /* exact, or a prefix when it ends in '/' (the rest: query_id;
                           * "/" alone is exact) */
    bool post;            /* POST (a form; CSRF checked) or GET/HEAD */
    bool files;           /* POST: takes files (up to KAIJI_SERVER_MAX_UPLOAD) */
    kaiji_role least;     /* the least role that may use it (ADMIN < STAFF < VIEWER) */
    bool anonymous;       /* reachable without a session: the handler checks its own
                           * credential (a vendor link's token), and a POST its own
                           * CSRF token; least is then unused */
    srv_handler run;
    const char *refused;  /* what a person of a lesser role is told (NULL: a default) */
} srv_route;

/* The route table, ended by a route with path NULL. */
extern const srv_route srv_routes[];

/* A page being written: its body (an open_memstream), its status and type. */
struct srv_page {
    FILE *fp;
    char *body;
    size_t size;
    unsigned status;              /* HTTP status; 200 unless a page says */
    const char *content_type;     /* static */
    const char *disposition;      /* Content-Disposition, or NULL (static or owned by extra) */
    char *extra;                  /* freed with the page */
    bool report;                  /* a report page: the stricter report CSP */
};

/* Writes s to fp escaped for HTML text and quoted attributes: the report's
 * escaper (kaiji_html_escape, report/html.h), under the pages' short name. */
static inline void srv_esc(FILE *fp, const char *s)
{
    kaiji_html_escape(fp, s);
}

/* Writes s escaped for a URL's path segment or query value (every byte
 * outside [A-Za-z0-9._~-] as %XX), which needs no HTML escaping after. */
void srv_url_esc(FILE *fp, const char *s);

/* The page's frame up to its main content, with the site's navigation
 * (req NULL: a page before signing in, with none), and its end. */
void srv_head(FILE *fp, const char *title, const srv_request *req);
void srv_tail(FILE *fp);

/* Writes a form's action: path, with the session's CSRF token as its
 * query ("path?csrf=…"); path must not hold a query. */
void srv_form_action(FILE *fp, const srv_request *req, const char *path);

/* A badge of a state: the report's .s-CLS classes, word escaped. */
void srv_badge(FILE *fp, const char *cls, const char *word);

/* Whether the page is being written in Japanese (the request's language,
 * server.c), and the style its dates take: 和暦 in Japanese, else ISO. */
bool srv_japanese(void);
kaiji_date_style srv_date_style(void);

/* A date in the page's style (srv_date_style: 和暦 in Japanese), or "—". */
void srv_date_cell(FILE *fp, kaiji_date d);

/* A document's findings (severity as a word, then the message; with items,
 * the item's number before it), or that it has none. */
void srv_findings(FILE *fp, const kaiji_status_document *d, bool items);

/* A contract's rows of a .meta table: vendor, system, state (its cell
 * id="contract-state"), due date. */
void srv_contract_rows(FILE *fp, const kaiji_status_contract *c);

/* The status of every contract as of the server's date, in *out (one
 * transaction: a consistent view); a KAIJI_ code. */
int srv_load_status(kaiji_status_report **out, const srv_request *req);
/* As srv_load_status, on the site st works on (a store the caller opened). */
int srv_status_of(kaiji_status_report **out, const srv_request *req, kaiji_store *st);

/* The sites (server/sites_page.c): the navigation's site and the link to
 * the chooser of a group's administrator (nothing for others, or a store of
 * one site); the dashboard's look over every site; the chooser, which is
 * also the page that asks for a site first (409; req->query_id set: a page
 * of one site was asked for while looking over all). */
void srv_site_nav(FILE *fp, const srv_request *req);
int srv_page_sites_overview(srv_page *page, const srv_request *req);
int srv_page_choose_site(srv_page *page, const srv_request *req);

/* The pages (the handlers of srv_routes, and the login form). */
int srv_page_dashboard(srv_page *page, const srv_request *req);
int srv_page_contract(srv_page *page, const srv_request *req);
int srv_page_upload_form(srv_page *page, const srv_request *req);
int srv_page_upload_done(srv_page *page, const srv_request *req);
int srv_page_status_report(srv_page *page, const srv_request *req);
/* The login form; message (or NULL) says why the last try failed. */
void srv_page_login(srv_page *page, const char *message);
/* A field of a contract as the history names it ("due", "patient_data") in
 * words; NULL for one it does not know.  (server/contract_words.c) */
const char *srv_field_word(const char *field);
/* The len bytes of v, a value of field as the register's history writes it
 * ("yes", "mds+sds", "2026-10-31", "(none)", "" for none), in words into b:
 * a date in the page's style (srv_date_style), any other value as it is. */
void srv_field_value_words(kaiji_buf *b, const char *field, const char *v, size_t len);
/* A contract's changes as the register and the audit log write them
 * ("due: 2026-09-30 → 2026-10-31; patient_data: no → yes") in words into
 * b ("Due: … → …, Patient data: not held → held"); false, b as it was, for
 * a detail of another form. */
bool srv_contract_changes_words(kaiji_buf *b, const char *detail);

/* An audit entry's time ("YYYY-MM-DDTHH:MM:SSZ") as this computer's local
 * time, its date in the page's style (srv_date_style), into buf; a time of
 * another form as it is.  Returns buf. (server/audit_detail.c) */
const char *srv_audit_when(char *buf, size_t size, const char *at);
/* An audit entry's detail in the page's words, built from the values it
 * holds (a detail of no known form: as recorded, under a label); malloc'd,
 * NULL when memory runs out. */
char *srv_audit_detail(const kaiji_audit_entry *e);

/* The audit log (server/audit_page.c), filtered by the query's actor,
 * action, from and to; and the same entries as CSV. */
int srv_page_audit(srv_page *page, const srv_request *req);
/* server/reports.c: the reports page, its form, its workbooks. */
int srv_page_reports(srv_page *page, const srv_request *req);
int srv_page_reports_save(srv_page *page, const srv_request *req);
int srv_page_status_xlsx(srv_page *page, const srv_request *req);
int srv_page_checklist_xlsx(srv_page *page, const srv_request *req);
int srv_page_audit_csv(srv_page *page, const srv_request *req);
/* The dashboard's note of the watched folder (server/watch_page.c): that it
 * is watched, when it last looked, what is wrong, the last files taken in.
 * Nothing when req has no watcher. */
void srv_watch_note(FILE *fp, const srv_request *req);
/* The register (server/register.c). */
int srv_page_register(srv_page *page, const srv_request *req);
int srv_page_register_import(srv_page *page, const srv_request *req);
int srv_page_contract_edit(srv_page *page, const srv_request *req);
int srv_page_contract_save(srv_page *page, const srv_request *req);
int srv_page_register_template_csv(srv_page *page, const srv_request *req);
int srv_page_register_template_xlsx(srv_page *page, const srv_request *req);
/* The reminders (server/reminders.c); srv_reminders_sent writes the
 * reminders sent about contract id, for its page. */
int srv_page_reminders(srv_page *page, const srv_request *req);
int srv_page_reminder_eml(srv_page *page, const srv_request *req);
int srv_page_reminders_zip(srv_page *page, const srv_request *req);
int srv_page_reminders_send(srv_page *page, const srv_request *req);
void srv_reminders_sent(FILE *fp, const srv_request *req, const char *id);
/* The catalogs (server/catalogs.c). */
int srv_page_catalogs(srv_page *page, const srv_request *req);
int srv_page_catalog_import(srv_page *page, const srv_request *req);
/* Vendor upload links (vendor.c): the page a link opens and its upload,
 * the staff's new link or revocation, and the links' state on a contract's
 * page (nothing when the portal is off). */
int srv_vendor_page(srv_page *page, const srv_request *req);
int srv_vendor_upload(srv_page *page, const srv_request *req);
int srv_vendor_link_action(srv_page *page, const srv_request *req);
void srv_vendor_section(FILE *fp, const srv_request *req, const char *contract_id);
/* Before the body of a POST to an anonymous route is read: true when its
 * credential (a vendor link's token) opens something; else false, page
 * holding the answer (the same as the handler's). */
bool srv_anonymous_admit(srv_page *page, const srv_request *req);
/* A new upload link for each contract of v, into its mail (store/remind.h's
 * kaiji_remind_add_links, at the portal's address), made by the request's
 * user in st's transaction; urls as there. */
struct kaiji_remind_vendor;
int srv_vendor_links(char **urls, kaiji_store *st, const struct kaiji_remind_vendor *v,
                     const srv_request *req);
/* A short page in the site's frame: title and one paragraph. */
void srv_page_message(srv_page *page, unsigned status, const char *title, const char *text);

#endif
