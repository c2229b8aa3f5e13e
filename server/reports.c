/*
 * server/reports.c - kaiji serve's reports page (server/internal.h): the
 * print-ready status report, the status workbook (the writer of `kaiji
 * status --format xlsx`), and the draft of the hospital's own checklist
 * (医療機関確認用, as `kaiji checklist draft` makes it) with a form for what
 * only the hospital can answer: the items no vendor checklist covers, their
 * 目標日 chosen in 和暦 (era, year, month, day; a date field in English),
 * kept in the store so the form comes back filled.  A viewer reads, prints
 * and downloads; staff and administrators edit the form, each save written
 * in the audit log.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/checklist.h"
#include "report/xlsx.h"
#include "server/internal.h"
#include "store/details.h"
#include "text/text.h"

/* The largest workbook the server writes and sends back. */
#define REPORT_MAX (64u * 1024u * 1024u)
/* The most items the checklist form holds (a form has under a hundred). */
#define FORM_ITEMS_MAX 200
/* The first day of 令和; 平成 before it. */
#define REIWA_FIRST_YEAR 2019
#define REIWA_FIRST_MONTH 5

static const char xlsx_type[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* ------------------------------------------------------------ workbooks */

/* A writer of a workbook at a path. */
typedef int (*workbook_writer)(const char *path, const void *arg);

/* Writes a workbook with write into a private temporary file (the server
 * chooses its name; nothing of the request reaches it), then into page as an
 * attachment called name (copied).  Returns 0, or -1 when it failed. */
static int send_workbook(srv_page *page, workbook_writer write, const void *arg,
                         const char *name)
{
    const char *dir = getenv("TMPDIR");
    char *path = kaiji_strprintf("%s/kaiji-serve-XXXXXX", dir && dir[0] ? dir : "/tmp");
    char *data = NULL;
    size_t len = 0;
    int fd, rc = -1;
    if (!path || (fd = mkstemp(path)) < 0) {
        free(path);
        return -1;
    }
    close(fd);
    if (write(path, arg) == KAIJI_OK &&
        kaiji_file_read(&data, &len, path, REPORT_MAX, NULL, NULL) == KAIJI_OK &&
        (page->extra = kaiji_strprintf("attachment; filename=\"%s\"", name))) {
        fwrite(data, 1, len, page->fp);
        page->content_type = xlsx_type;
        page->disposition = page->extra;
        rc = 0;
    }
    unlink(path);
    free(path);
    free(data);
    return rc;
}

typedef struct status_book {
    const kaiji_status_report *report;
    const kaiji_submission_details *details;
    kaiji_lang lang; /* the page's */
} status_book;

static int write_status(const char *path, const void *arg)
{
    const status_book *b = arg;
    return kaiji_xlsx_write_status(path, b->report, b->details, b->lang);
}

typedef struct draft_book {
    const kaiji_checklist_draft *draft;
    kaiji_lang lang; /* the page's */
} draft_book;

static int write_draft(const char *path, const void *arg)
{
    const draft_book *b = arg;
    return kaiji_checklist_write_xlsx(path, b->draft, b->lang);
}

int srv_page_status_xlsx(srv_page *page, const srv_request *req)
{
    kaiji_status_report *r = NULL;
    kaiji_submission_details *details = NULL;
    kaiji_store *st = NULL;
    char date[11], name[64];
    int rc = -1;
    if (srv_load_status(&r, req) != KAIJI_OK)
        return -1;
    if (srv_store_open(&st, req) == KAIJI_OK &&
        kaiji_store_submission_details(&details, st, r) == KAIJI_OK) {
        status_book b = {r, details, req->lang};
        snprintf(name, sizeof name, "kaiji-status-%s.xlsx", kaiji_date_format(date, r->as_of));
        rc = send_workbook(page, write_status, &b, name);
    }
    kaiji_submission_details_free(details);
    kaiji_store_free(st);
    kaiji_status_report_free(r);
    return rc;
}

/* ------------------------------------------------------ the draft itself */

/* The hospital's answers kept in the store, in *out. */
static int load_answers(kaiji_hospital_answers **out, const srv_request *req)
{
    kaiji_store *st = NULL;
    int rc = srv_store_open(&st, req);
    if (rc == KAIJI_OK)
        rc = kaiji_store_hospital_answers_get(out, st);
    kaiji_store_free(st);
    return rc;
}

/*
 * The draft as of the server's date with the hospital's answers a (NULL:
 * none) as overrides, in *out.  An answer to an item the current edition no
 * longer has makes the draft without them (*dropped true).  Returns a
 * KAIJI_ code; *err as kaiji_store_checklist_draft's.
 */
static int make_draft(kaiji_checklist_draft **out, const srv_request *req,
                      const kaiji_hospital_answers *a, bool *dropped, char **err)
{
    kaiji_store *st = NULL;
    kaiji_draft_override *ovs = NULL;
    size_t n = a ? a->count : 0;
    int rc;
    *out = NULL;
    *dropped = false;
    if (n && !(ovs = calloc(n, sizeof *ovs)))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        ovs[i].item = a->items[i].item;
        ovs[i].answer = a->items[i].answer;
        ovs[i].target_date = a->items[i].target_date;
        ovs[i].origin = "kaiji serve";
    }
    kaiji_draft_options o = {req->opts->catalogs,
                             req->opts->target_guideline,
                             req->opts->as_of,
                             a && a->organisation[0] ? a->organisation : NULL,
                             a && a->author[0] ? a->author : NULL,
                             ovs,
                             n};
    if ((rc = srv_store_open(&st, req)) != KAIJI_OK)
        goto done;
    /* One transaction: a consistent view while a command or another page writes. */
    if ((rc = kaiji_store_begin(st)) != KAIJI_OK)
        goto done;
    rc = kaiji_store_checklist_draft(out, st, &o, err);
    if (rc == KAIJI_ERROR_NOT_FOUND && n) {
        free(*err);
        *err = NULL;
        o.overrides = NULL;
        o.override_count = 0;
        *dropped = true;
        rc = kaiji_store_checklist_draft(out, st, &o, err);
    }
    kaiji_store_rollback(st);
done:
    kaiji_store_free(st);
    free(ovs);
    return rc;
}

int srv_page_checklist_xlsx(srv_page *page, const srv_request *req)
{
    kaiji_hospital_answers *a = NULL;
    kaiji_checklist_draft *d = NULL;
    char *err = NULL, date[11], name[80];
    bool dropped;
    int rc = -1;
    if (load_answers(&a, req) != KAIJI_OK)
        return -1;
    int made = make_draft(&d, req, a, &dropped, &err);
    if (made == KAIJI_OK) {
        snprintf(name, sizeof name, "kaiji-checklist-%s-%s.xlsx", d->edition,
                 kaiji_date_format(date, d->as_of));
        draft_book b = {d, req->lang};
        rc = send_workbook(page, write_draft, &b, name);
    } else if (made != KAIJI_ERROR_NOMEM && made != KAIJI_ERROR_IO) {
        srv_page_message(page, 404, _("No checklist draft"),
                         err ? err : _("kaiji cannot make the checklist draft."));
        rc = 0;
    }
    free(err);
    kaiji_checklist_draft_free(d);
    kaiji_hospital_answers_free(a);
    return rc;
}

/* ------------------------------------------------------------- the page */

/* Whether the hospital answers item it itself: no vendor checklist covers
 * it (item 0 comes from the register), or it already did. */
static bool hospital_item(const kaiji_draft_item *it)
{
    if (strcmp(it->id, "0") == 0)
        return false;
    if (it->hospital_answer)
        return true;
    for (size_t k = 0; k < KAIJI_DRAFT_TARGETS; k++)
        if (it->answers[k].covered)
            return false;
    return true;
}

static const kaiji_hospital_answer *kept(const kaiji_hospital_answers *a, const char *id)
{
    for (size_t i = 0; a && i < a->count; i++)
        if (strcmp(a->items[i].item, id) == 0)
            return &a->items[i];
    return NULL;
}

static void option(FILE *fp, const char *value, const char *label, bool selected)
{
    fputs("<option value=\"", fp);
    srv_esc(fp, value);
    fputs(selected ? "\" selected>" : "\">", fp);
    srv_esc(fp, label);
    fputs("</option>", fp);
}

/* The 目標日 picker of row n, holding d (year 0: empty).  In Japanese: era,
 * year, month and day (和暦), which need no script; else a date field. */
static void date_picker(FILE *fp, size_t n, kaiji_date d, bool disabled)
{
    const char *off = disabled ? " disabled" : "";
    bool has = kaiji_date_valid(d);
    if (!srv_japanese()) {
        char iso[11];
        fprintf(fp, "<input type=\"date\" name=\"date_%zu\" value=\"%s\"%s>", n,
                has ? kaiji_date_format(iso, d) : "", off);
        return;
    }
    bool reiwa = !has || d.year > REIWA_FIRST_YEAR ||
                 (d.year == REIWA_FIRST_YEAR && d.month >= REIWA_FIRST_MONTH);
    int year = has ? d.year - (reiwa ? 2018 : 1988) : 0;
    char num[12];
    fprintf(fp, "<span class=\"wareki\"><select name=\"era_%zu\" aria-label=\"元号\"%s>", n, off);
    option(fp, "R", "令和", reiwa);
    option(fp, "H", "平成", !reiwa);
    fprintf(fp, "</select><input name=\"year_%zu\" type=\"number\" min=\"1\" max=\"99\" "
                "size=\"3\" aria-label=\"年\" value=\"",
            n);
    if (has)
        fprintf(fp, "%d", year);
    fprintf(fp, "\"%s>年<select name=\"month_%zu\" aria-label=\"月\"%s>", off, n, off);
    option(fp, "", "", !has);
    for (int m = 1; m <= 12; m++) {
        snprintf(num, sizeof num, "%d", m);
        option(fp, num, num, has && d.month == m);
    }
    fprintf(fp, "</select>月<select name=\"day_%zu\" aria-label=\"日\"%s>", n, off);
    option(fp, "", "", !has);
    for (int m = 1; m <= 31; m++) {
        snprintf(num, sizeof num, "%d", m);
        option(fp, num, num, has && d.day == m);
    }
    fputs("</select>日</span>", fp);
}

/* The reports page, with notice (or NULL) above the form. */
static int reports_page(srv_page *page, const srv_request *req, const char *notice)
{
    FILE *fp = page->fp;
    kaiji_hospital_answers *a = NULL;
    kaiji_checklist_draft *d = NULL;
    char *err = NULL, date[KAIJI_DATE_SHOW_MAX];
    bool dropped = false, readonly = req->role == KAIJI_ROLE_VIEWER;
    const char *off = readonly ? " disabled" : "";
    if (load_answers(&a, req) != KAIJI_OK)
        return -1;
    int made = make_draft(&d, req, a, &dropped, &err);
    if (made == KAIJI_ERROR_NOMEM || made == KAIJI_ERROR_IO) {
        free(err);
        kaiji_hospital_answers_free(a);
        return -1;
    }
    srv_head(fp, _("Reports"), req);
    if (notice) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, notice);
        fputs("</p>\n", fp);
    }
    fputs("<section class=\"reports\">\n<h2>", fp);
    srv_esc(fp, _("Status of every contract"));
    fputs("</h2>\n<ul>\n<li><a href=\"/report/status.html\">", fp);
    srv_esc(fp, _("The report to print (HTML)"));
    fputs("</a></li>\n<li><a href=\"/reports/status.xlsx\">", fp);
    srv_esc(fp, _("The status workbook (Excel)"));
    fputs("</a></li>\n</ul>\n</section>\n<section class=\"checklist\">\n<h2>", fp);
    srv_esc(fp, _("The hospital's checklist (医療機関確認用)"));
    fputs("</h2>\n", fp);
    if (made != KAIJI_OK) {
        fputs("<p>", fp);
        srv_esc(fp, err ? err : _("kaiji cannot make the checklist draft."));
        fputs("</p>\n</section>\n", fp);
        goto end;
    }
    fputs("<p>", fp);
    srv_esc(fp, d->title);
    fputs("</p>\n<p class=\"muted\">", fp);
    srv_esc(fp, _("As of"));
    fputs(" ", fp);
    srv_esc(fp, kaiji_text_date_show(date, sizeof date, d->as_of, srv_date_style()));
    if (a->updated_at[0]) {
        fputs(" · ", fp);
        srv_esc(fp, _("answers saved"));
        fputs(" ", fp);
        srv_esc(fp, a->updated_at);
        fputs(" (", fp);
        srv_esc(fp, a->updated_by);
        fputs(")", fp);
    }
    fputs("</p>\n", fp);
    if (dropped) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Some answers saved before name items the current edition does not "
                      "have: the draft is made without the saved answers. Check them and save "
                      "again."));
        fputs("</p>\n", fp);
    }
    fputs("<p><a href=\"/reports/checklist.xlsx\">", fp);
    srv_esc(fp, _("Download the draft (Excel)"));
    fputs("</a></p>\n<p>", fp);
    srv_esc(fp, readonly ? _("The items below are the hospital's own: no vendor checklist "
                             "answers them. This account can read them, not change them.")
                         : _("The items below are the hospital's own: no vendor checklist "
                             "answers them. Answer them here; the answers are kept and go "
                             "into the draft."));
    fputs("</p>\n<form method=\"post\" class=\"checklist\" action=\"", fp);
    srv_form_action(fp, req, "/reports/checklist");
    fputs("\">\n<p><label>", fp);
    srv_esc(fp, _("Hospital (医療機関名)"));
    fprintf(fp, "<br><input name=\"organisation\" maxlength=\"200\"%s value=\"", off);
    srv_esc(fp, a->organisation);
    fputs("\"></label></p>\n<p><label>", fp);
    srv_esc(fp, _("Filled in by (記入者)"));
    fprintf(fp, "<br><input name=\"author\" maxlength=\"200\"%s value=\"", off);
    srv_esc(fp, a->author);
    fputs("\"></label></p>\n<table class=\"checklist\">\n<thead><tr><th>", fp);
    srv_esc(fp, _("Item"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Question"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Answer"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Target date (目標日)"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    size_t n = 0;
    for (size_t i = 0; i < d->item_count && n < FORM_ITEMS_MAX; i++) {
        const kaiji_draft_item *it = &d->items[i];
        if (!hospital_item(it))
            continue;
        const kaiji_hospital_answer *k = kept(a, it->id);
        kaiji_answer ans = k ? k->answer : KAIJI_ANSWER_BLANK;
        kaiji_date td = k ? k->target_date : (kaiji_date){0, 0, 0};
        fprintf(fp, "<tr><td class=\"nowrap\"><input type=\"hidden\" name=\"item_%zu\" value=\"",
                n);
        srv_esc(fp, it->id);
        fputs("\">", fp);
        srv_esc(fp, it->id);
        fputs("</td><td>", fp);
        srv_esc(fp, it->question ? it->question : "");
        fprintf(fp, "</td><td><select name=\"answer_%zu\"%s>", n, off);
        option(fp, "", "—", ans == KAIJI_ANSWER_BLANK);
        option(fp, "yes", C_("checklist answer", "Yes"), ans == KAIJI_ANSWER_YES);
        option(fp, "no", C_("checklist answer", "No"), ans == KAIJI_ANSWER_NO);
        fputs("</select></td><td class=\"nowrap\">", fp);
        date_picker(fp, n, td, readonly);
        if (kaiji_date_valid(td)) {
            fputs(" <span class=\"muted\">", fp);
            srv_date_cell(fp, td);
            fputs("</span>", fp);
        }
        fputs("</td></tr>\n", fp);
        n++;
    }
    fputs("</tbody>\n</table>\n", fp);
    if (!readonly) {
        fputs("<p><button type=\"submit\">", fp);
        srv_esc(fp, _("Save the answers"));
        fputs("</button></p>\n", fp);
    }
    fputs("</form>\n</section>\n", fp);
end:
    srv_tail(fp);
    free(err);
    kaiji_checklist_draft_free(d);
    kaiji_hospital_answers_free(a);
    return 0;
}

int srv_page_reports(srv_page *page, const srv_request *req)
{
    return reports_page(page, req, NULL);
}

/* The field name_N of the form sent. */
static const char *field_n(const srv_request *req, const char *name, size_t n)
{
    char key[32];
    snprintf(key, sizeof key, "%s_%zu", name, n);
    return srv_field_get(req, key);
}

/* A number of 1 to 4 digits, or -1. */
static int small_number(const char *s)
{
    int v = 0;
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > 4)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The 目標日 of row n in *out (year 0 when none was given); false when what
 * was given is not a date. */
static bool read_date(const srv_request *req, size_t n, kaiji_date *out)
{
    const char *iso = field_n(req, "date", n), *era = field_n(req, "era", n);
    const char *y = field_n(req, "year", n), *m = field_n(req, "month", n);
    const char *dd = field_n(req, "day", n);
    *out = (kaiji_date){0, 0, 0};
    if (iso && iso[0])
        return kaiji_text_parse_date(iso, out) && kaiji_date_valid(*out);
    if ((!y || !y[0]) && (!m || !m[0]) && (!dd || !dd[0]))
        return true;
    int year = small_number(y), month = small_number(m), day = small_number(dd);
    if (year < 1 || year > 99 || month < 1 || day < 1 || !era)
        return false;
    if (strcmp(era, "R") == 0)
        year += 2018;
    else if (strcmp(era, "H") == 0 && year <= 31)
        year += 1988;
    else
        return false;
    *out = (kaiji_date){year, month, day};
    return kaiji_date_valid(*out);
}

int srv_page_reports_save(srv_page *page, const srv_request *req)
{
    kaiji_hospital_answers a = {0};
    kaiji_hospital_answer items[FORM_ITEMS_MAX];
    kaiji_store *st = NULL;
    char detail[64], *wrong = NULL;
    const char *org = srv_field_get(req, "organisation"), *author = srv_field_get(req, "author");
    a.organisation = (char *)(org ? org : "");
    a.author = (char *)(author ? author : "");
    a.items = items;
    for (size_t n = 0; n < FORM_ITEMS_MAX; n++) {
        const char *id = field_n(req, "item", n), *ans = field_n(req, "answer", n);
        if (!id)
            break;
        items[n].item = (char *)id;
        items[n].answer = ans && strcmp(ans, "yes") == 0  ? KAIJI_ANSWER_YES
                          : ans && strcmp(ans, "no") == 0 ? KAIJI_ANSWER_NO
                                                          : KAIJI_ANSWER_BLANK;
        if (!read_date(req, n, &items[n].target_date)) {
            free(wrong);
            wrong = kaiji_strprintf(_("The target date of item %s is not a date. Nothing was "
                                      "saved; correct it and save again."),
                                    id);
            page->status = 400;
            int rc = reports_page(page, req, wrong ? wrong : _("A target date is not a date."));
            free(wrong);
            return rc;
        }
        a.count = n + 1;
    }
    if (srv_store_open(&st, req) != KAIJI_OK)
        return -1;
    int rc = kaiji_store_begin(st);
    if (rc == KAIJI_OK)
        rc = kaiji_store_hospital_answers_set(st, &a, req->user);
    if (rc == KAIJI_OK) {
        size_t answered = 0;
        for (size_t i = 0; i < a.count; i++)
            answered += items[i].answer != KAIJI_ANSWER_BLANK ||
                        kaiji_date_valid(items[i].target_date);
        snprintf(detail, sizeof detail, "%zu answered", answered);
        rc = kaiji_store_audit(st, req->user, "checklist-answers", "", detail);
    }
    if (rc == KAIJI_OK)
        rc = kaiji_store_commit(st);
    else
        kaiji_store_rollback(st);
    kaiji_store_free(st);
    if (rc != KAIJI_OK)
        return -1;
    return reports_page(page, req, _("The answers are saved."));
}
