/*
 * server/register.c - the register pages of kaiji serve: the contracts, a
 * register imported through an upload (a preview first, as kaiji register
 * import --dry-run), one contract edited in a form (refused, with the other
 * person's values, when someone changed it meanwhile), and the blank
 * register to download.  Every write goes into the audit log.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/base64.h>

#include "base/base.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/template.h"
#include "report/words.h"
#include "server/internal.h"
#include "store/edit.h"
#include "text/text.h"

/* The largest register an upload may be, as kaiji register import reads. */
#define REGISTER_MAX_BYTES (64u * 1024 * 1024)

/* A previewed register up to this size comes back with the confirming
 * form (in base64, CONFIRM_CHUNK bytes a field), so that it is not chosen
 * again; a larger one is. */
#define CONFIRM_MAX_BYTES (16u * 1024 * 1024)
#define CONFIRM_CHUNK 45000 /* a multiple of 3: 60000 base64 characters */

/* Writes a change's detail ("due: 2026-09-30 → 2026-10-31") in words
 * (srv_contract_changes_words); one of another form as it is. */
static void detail_cell(FILE *fp, const char *detail)
{
    kaiji_buf b;
    kaiji_buf_init(&b);
    if (srv_contract_changes_words(&b, detail) && b.data)
        srv_esc(fp, b.data);
    else
        srv_esc(fp, detail);
    kaiji_buf_free(&b);
}

/* The documents of bits in words, the language's list separator between. */
static void docs_words(FILE *fp, unsigned bits)
{
    bool first = true;
    for (unsigned t = KAIJI_DOC_MDS; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
        if (bits & t) {
            if (!first)
                fputs(C_("list separator", ", "), fp);
            srv_esc(fp, kaiji_word_doc_type(t));
            first = false;
        }
    if (first)
        fputs("—", fp);
}

static bool may_write(const srv_request *req)
{
    return req->role != KAIJI_ROLE_VIEWER;
}

/* The import form: a file, and "preview only" (checked unless after a preview). */
static void import_form(FILE *fp, const srv_request *req, bool preview)
{
    fputs("<form method=\"post\" enctype=\"multipart/form-data\" action=\"", fp);
    srv_form_action(fp, req, "/register/import");
    fputs("\">\n<p><input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required></p>\n"
          "<p><label><input type=\"checkbox\" name=\"preview\" value=\"1\"",
          fp);
    if (preview)
        fputs(" checked", fp);
    fputs("> ", fp);
    srv_esc(fp, _("Preview only: show what would change and write nothing"));
    fputs("</label></p>\n<p><button type=\"submit\">", fp);
    srv_esc(fp, _("Import the register"));
    fputs("</button></p>\n</form>\n", fp);
}

/* The form that imports the previewed file: its bytes in hidden fields. */
static void confirm_form(FILE *fp, const srv_request *req, const char *name,
                         const unsigned char *data, size_t len)
{
    char b64[BASE64_ENCODE_RAW_LENGTH(CONFIRM_CHUNK) + 1];
    fputs("<form method=\"post\" enctype=\"multipart/form-data\" action=\"", fp);
    srv_form_action(fp, req, "/register/import");
    fputs("\">\n<input type=\"hidden\" name=\"name\" value=\"", fp);
    srv_esc(fp, name);
    fputs("\">\n", fp);
    for (size_t off = 0; off < len; off += CONFIRM_CHUNK) {
        size_t n = len - off < CONFIRM_CHUNK ? len - off : CONFIRM_CHUNK;
        base64_encode_raw(b64, n, data + off);
        b64[BASE64_ENCODE_RAW_LENGTH(n)] = '\0';
        fputs("<input type=\"hidden\" name=\"data\" value=\"", fp);
        fputs(b64, fp);
        fputs("\">\n", fp);
    }
    fputs("<p><button type=\"submit\">", fp);
    srv_esc(fp, _("Import it as previewed"));
    fputs("</button></p>\n</form>\n", fp);
}

/* The bytes of a confirming form's "data" fields, decoded into out; false
 * when one is not base64 or it is over CONFIRM_MAX_BYTES. */
static bool confirmed_data(kaiji_buf *out, const srv_request *req)
{
    for (size_t i = 0; i < req->field_count; i++) {
        const srv_field *f = &req->fields[i];
        if (strcmp(f->name, "data") != 0)
            continue;
        size_t n = f->value.len, got = 0;
        uint8_t raw[BASE64_DECODE_LENGTH(SRV_FIELD_MAX)];
        struct base64_decode_ctx ctx;
        if (n == 0 || n % 4 != 0 || n > SRV_FIELD_MAX ||
            out->len + n / 4 * 3 > CONFIRM_MAX_BYTES)
            return false;
        base64_decode_init(&ctx);
        if (!base64_decode_update(&ctx, &got, raw, n, f->value.data) ||
            !base64_decode_final(&ctx) || !kaiji_buf_append(out, raw, got))
            return false;
    }
    return out->len > 0;
}

int srv_page_register(srv_page *page, const srv_request *req)
{
    kaiji_store *st = NULL;
    kaiji_contract_list *l = NULL;
    FILE *fp = page->fp;
    if (srv_store_open(&st, req) != KAIJI_OK)
        return -1;
    int rc = kaiji_store_contracts(&l, st, false);
    kaiji_store_free(st);
    if (rc != KAIJI_OK)
        return -1;
    srv_head(fp, _("Register"), req);
    fputs("<p><a href=\"/register/template.xlsx\">", fp);
    srv_esc(fp, _("Blank register (Excel)"));
    fputs("</a> · <a href=\"/register/template.csv\">", fp);
    srv_esc(fp, _("Blank register (CSV)"));
    fputs("</a></p>\n", fp);
    if (may_write(req)) {
        fputs("<h2>", fp);
        srv_esc(fp, _("Import the register"));
        fputs("</h2>\n<p>", fp);
        srv_esc(fp, _("The hospital's contract list as CSV (UTF-8 or Shift_JIS) or Excel, as "
                      "kaiji register import reads it. Contracts no longer in it are kept but "
                      "marked as ended."));
        fputs("</p>\n", fp);
        import_form(fp, req, true);
    }
    fputs("<h2>", fp);
    srv_esc(fp, _("Contracts"));
    fputs("</h2>\n", fp);
    if (l->count == 0) {
        fputs("<p>", fp);
        srv_esc(fp, _("No contracts yet."));
        fputs("</p>\n", fp);
    } else {
        fputs("<table class=\"contracts\">\n<thead><tr><th>", fp);
        srv_esc(fp, _("Contract"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Vendor"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Product"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Required documents"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Due"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Contact e-mail"));
        fputs("</th>", fp);
        if (may_write(req))
            fputs("<th></th>", fp);
        fputs("</tr></thead>\n<tbody>\n", fp);
        for (size_t i = 0; i < l->count; i++) {
            const kaiji_contract *c = &l->items[i];
            fputs("<tr><td><a href=\"/contract/", fp);
            srv_url_esc(fp, c->id);
            fputs("\">", fp);
            srv_esc(fp, c->id);
            fputs("</a></td><td>", fp);
            srv_esc(fp, c->vendor);
            fputs("</td><td>", fp);
            srv_esc(fp, c->product[0] ? c->product : c->system);
            fputs("</td><td>", fp);
            docs_words(fp, c->required);
            fputs("</td><td class=\"nowrap\">", fp);
            srv_date_cell(fp, c->due);
            fputs("</td><td>", fp);
            srv_esc(fp, c->email);
            fputs("</td>", fp);
            if (may_write(req)) {
                fputs("<td><a href=\"/register/edit/", fp);
                srv_url_esc(fp, c->id);
                fputs("\">", fp);
                srv_esc(fp, _("Edit"));
                fputs("</a></td>", fp);
            }
            fputs("</tr>\n", fp);
        }
        fputs("</tbody>\n</table>\n", fp);
    }
    srv_tail(fp);
    kaiji_contract_list_free(l);
    return 0;
}

int srv_page_register_import(srv_page *page, const srv_request *req)
{
    static const char *const done[] = {N_("added"), N_("updated"), N_("deactivated"),
                                       N_("reactivated")};
    static const char *const would[] = {N_("would add"), N_("would update"),
                                        N_("would deactivate"), N_("would reactivate")};
    const srv_file *f = NULL;
    kaiji_register *reg = NULL;
    kaiji_store *st = NULL;
    kaiji_change_list *changes = NULL;
    FILE *fp = page->fp;
    bool preview = srv_field_get(req, "preview") != NULL;
    int rc, status = -1;

    kaiji_buf confirmed;
    const char *name;
    const unsigned char *bytes;
    size_t size;

    kaiji_buf_init(&confirmed);
    for (size_t i = 0; i < req->file_count && !f; i++)
        if (strcmp(req->files[i].field, "file") == 0)
            f = &req->files[i];
    if (f && f->body.len) {
        name = f->name;
        bytes = (const unsigned char *)f->body.data;
        size = f->body.len;
    } else if (srv_field_get(req, "data") && confirmed_data(&confirmed, req)) {
        /* the file previewed, sent back by the confirming form */
        name = srv_field_get(req, "name") ? srv_field_get(req, "name") : "";
        bytes = (const unsigned char *)confirmed.data;
        size = confirmed.len;
    } else {
        kaiji_buf_free(&confirmed);
        srv_page_message(page, 400, _("Import the register"), _("No file was chosen."));
        return 0;
    }
    if (size > REGISTER_MAX_BYTES) {
        kaiji_buf_free(&confirmed);
        srv_page_message(page, 413, _("Too large"), _("A register may be at most 64 MiB."));
        return 0;
    }
    rc = kaiji_register_read_data(&reg, name, bytes, size);
    if (rc == KAIJI_ERROR_NOMEM) {
        kaiji_buf_free(&confirmed);
        return -1;
    }
    srv_head(fp, preview ? _("Register: preview") : _("Register imported"), req);
    fputs("<p class=\"path\">", fp);
    srv_esc(fp, name);
    if (reg && reg->encoding) {
        fputs(" <span class=\"muted\">", fp);
        srv_esc(fp, reg->encoding);
        fputs("</span>", fp);
    }
    fputs("</p>\n", fp);
    if (!reg || reg->error_count) {
        page->status = 422;
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Nothing was imported: correct these rows and import the file again."));
        fputs("</p>\n<table>\n<thead><tr><th>", fp);
        srv_esc(fp, _("Row"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("What is wrong"));
        fputs("</th></tr></thead>\n<tbody>\n", fp);
        for (size_t i = 0; reg && i < reg->error_count; i++) {
            fprintf(fp, "<tr><td>%u</td><td>", reg->errors[i].line);
            srv_esc(fp, reg->errors[i].message);
            fputs("</td></tr>\n", fp);
        }
        if (!reg) {
            fputs("<tr><td>—</td><td>", fp);
            srv_esc(fp, _("The file cannot be read as a register."));
            fputs("</td></tr>\n", fp);
        }
        fputs("</tbody>\n</table>\n", fp);
        import_form(fp, req, true);
        srv_tail(fp);
        status = 0;
        goto done;
    }
    if (srv_store_open(&st, req) != KAIJI_OK ||
        kaiji_store_begin(st) != KAIJI_OK ||
        kaiji_store_import_register(&changes, st, reg) != KAIJI_OK)
        goto done;
    if (preview) {
        kaiji_store_rollback(st);
    } else if (kaiji_store_audit(st, req->user, "register-import", name, reg->encoding) !=
                   KAIJI_OK ||
               kaiji_store_commit(st) != KAIJI_OK) {
        goto done;
    }
    size_t n[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < changes->count; i++)
        n[changes->items[i].kind]++;
    fputs("<p>", fp);
    srv_esc(fp, _("Contracts in the file"));
    fprintf(fp, ": <strong>%zu</strong> — ", reg->contracts.count);
    for (int k = 0; k < 4; k++) {
        srv_esc(fp, _((preview ? would : done)[k]));
        fprintf(fp, " %zu%s", n[k], C_("list separator", ", "));
    }
    srv_esc(fp, _("unchanged"));
    fprintf(fp, " %zu</p>\n", changes->unchanged);
    if (changes->count) {
        fputs("<table class=\"changes\">\n<thead><tr><th>", fp);
        srv_esc(fp, _("Change"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Contract"));
        fputs("</th><th>", fp);
        srv_esc(fp, _("Detail"));
        fputs("</th></tr></thead>\n<tbody>\n", fp);
        for (size_t i = 0; i < changes->count; i++) {
            const kaiji_change *c = &changes->items[i];
            fputs("<tr><td>", fp);
            srv_esc(fp, _((preview ? would : done)[c->kind]));
            fputs("</td><td>", fp);
            srv_esc(fp, c->contract_id);
            fputs("</td><td>", fp);
            if (c->kind == KAIJI_CHANGE_DEACTIVATED)
                srv_esc(fp, _("no longer in the register (its submissions, links and reminders "
                              "are kept)"));
            for (size_t j = 0; j < c->detail_count; j++) {
                if (j)
                    fputs("<br>", fp);
                detail_cell(fp, c->details[j]);
            }
            fputs("</td></tr>\n", fp);
        }
        fputs("</tbody>\n</table>\n", fp);
    }
    if (preview && size <= CONFIRM_MAX_BYTES) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Nothing was written yet. If this is right, import it."));
        fputs("</p>\n", fp);
        confirm_form(fp, req, name, bytes, size);
    } else if (preview) {
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Nothing was written. If this is right, choose the same file again and "
                      "import it without the preview."));
        fputs("</p>\n", fp);
        import_form(fp, req, false);
    }
    fputs("<p><a href=\"/register\">", fp);
    srv_esc(fp, _("Back to the register"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
    status = 0;
done:
    kaiji_change_list_free(changes);
    kaiji_store_free(st);
    kaiji_register_free(reg);
    kaiji_buf_free(&confirmed);
    return status;
}

/* "/register/edit/ID" with the ID escaped, malloc'd; NULL when out of memory. */
static char *edit_path(const char *id)
{
    char *s = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&s, &n);
    if (!fp)
        return NULL;
    fputs("/register/edit/", fp);
    srv_url_esc(fp, id);
    if (fclose(fp) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* One text input of the edit form. */
static void text_input(FILE *fp, const char *label, const char *name, const char *value,
                       const char *type)
{
    fputs("<p><label>", fp);
    srv_esc(fp, label);
    fprintf(fp, "<br><input type=\"%s\" name=\"%s\" value=\"", type, name);
    srv_esc(fp, value);
    fputs("\" maxlength=\"500\"></label></p>\n", fp);
}

/* The edit form of c with stamp, its due date as the people's locale writes
 * it (due_text: as typed, when it is shown again). */
static void edit_form(FILE *fp, const srv_request *req, const kaiji_contract *c,
                      const char *stamp, const char *due_text)
{
    char due[KAIJI_DATE_SHOW_MAX] = "";
    char *path = edit_path(c->id);
    if (due_text)
        snprintf(due, sizeof due, "%s", due_text);
    else if (kaiji_date_valid(c->due))
        kaiji_text_date_show(due, sizeof due, c->due, KAIJI_DATE_WAREKI);
    fputs("<form method=\"post\" class=\"edit\" action=\"", fp);
    srv_form_action(fp, req, path ? path : "/register");
    free(path);
    fputs("\">\n<input type=\"hidden\" name=\"stamp\" value=\"", fp);
    srv_esc(fp, stamp);
    fputs("\">\n", fp);
    text_input(fp, _("Vendor"), "vendor", c->vendor, "text");
    text_input(fp, _("Product"), "product", c->product, "text");
    fputs("<fieldset><legend>", fp);
    srv_esc(fp, _("Required documents"));
    fputs("</legend>\n", fp);
    for (unsigned t = KAIJI_DOC_MDS; t <= KAIJI_DOC_CHECKLIST; t <<= 1) {
        fprintf(fp, "<label><input type=\"checkbox\" name=\"doc\" value=\"%s\"%s> ",
                kaiji_doc_type_name(t), (c->required & t) ? " checked" : "");
        srv_esc(fp, kaiji_word_doc_type(t));
        fputs("</label>\n", fp);
    }
    fputs("</fieldset>\n", fp);
    text_input(fp, _("Due (for example 令和8年3月31日 or 2026/3/31)"), "due", due, "text");
    text_input(fp, _("Contact e-mail"), "email", c->email, "email");
    fputs("<p><button type=\"submit\">", fp);
    srv_esc(fp, _("Save"));
    fputs("</button></p>\n</form>\n", fp);
}

/* Opens the store and reads the contract of the request's path. */
static int load_contract(kaiji_contract **out, char stamp[KAIJI_CONTRACT_STAMP_SIZE],
                         const srv_request *req)
{
    kaiji_store *st = NULL;
    int rc = srv_store_open(&st, req);
    if (rc == KAIJI_OK)
        rc = kaiji_store_contract_get(out, stamp, st, req->query_id);
    kaiji_store_free(st);
    return rc;
}

int srv_page_contract_edit(srv_page *page, const srv_request *req)
{
    kaiji_contract *c = NULL;
    char stamp[KAIJI_CONTRACT_STAMP_SIZE];
    int rc = load_contract(&c, stamp, req);
    if (rc == KAIJI_ERROR_NOT_FOUND) {
        srv_page_message(page, 404, _("Not found"), _("There is no contract with that number."));
        return 0;
    }
    if (rc != KAIJI_OK)
        return -1;
    srv_head(page->fp, c->id, req);
    edit_form(page->fp, req, c, stamp, NULL);
    srv_tail(page->fp);
    kaiji_contract_free(c);
    return 0;
}

/* A field of the form, "" when absent. */
static const char *field(const srv_request *req, const char *name)
{
    const char *v = srv_field_get(req, name);
    return v ? v : "";
}

/* The values of the two versions side by side: the other person's and this one's. */
static void conflict_table(FILE *fp, const kaiji_contract *theirs, const kaiji_contract *mine,
                           const char *due_text)
{
    char due[KAIJI_DATE_SHOW_MAX] = "—";
    if (kaiji_date_valid(theirs->due))
        kaiji_text_date_show(due, sizeof due, theirs->due, KAIJI_DATE_WAREKI);
    fputs("<table class=\"conflict\">\n<thead><tr><th></th><th>", fp);
    srv_esc(fp, _("Saved meanwhile"));
    fputs("</th><th>", fp);
    srv_esc(fp, _("Your values (not saved)"));
    fputs("</th></tr></thead>\n<tbody>\n", fp);
    const struct {
        const char *word, *theirs, *mine;
    } rows[] = {
        {_("Vendor"), theirs->vendor, mine->vendor},
        {_("Product"), theirs->product, mine->product},
        {_("Due"), due, due_text},
        {_("Contact e-mail"), theirs->email, mine->email},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fputs("<tr><th>", fp);
        srv_esc(fp, rows[i].word);
        fputs("</th><td class=\"theirs\">", fp);
        srv_esc(fp, rows[i].theirs);
        fputs("</td><td>", fp);
        srv_esc(fp, rows[i].mine);
        fputs("</td></tr>\n", fp);
    }
    fputs("<tr><th>", fp);
    srv_esc(fp, _("Required documents"));
    fputs("</th><td class=\"theirs\">", fp);
    docs_words(fp, theirs->required);
    fputs("</td><td>", fp);
    docs_words(fp, mine->required);
    fputs("</td></tr>\n</tbody>\n</table>\n", fp);
}

int srv_page_contract_save(srv_page *page, const srv_request *req)
{
    kaiji_contract *now = NULL, *theirs = NULL;
    kaiji_store *st = NULL;
    kaiji_change_list *changes = NULL;
    char stamp[KAIJI_CONTRACT_STAMP_SIZE];
    const char *due_text = field(req, "due"), *email = field(req, "email");
    const char *problem = NULL;
    FILE *fp = page->fp;
    bool conflict = false;
    int status = -1;

    int rc = load_contract(&now, stamp, req);
    if (rc == KAIJI_ERROR_NOT_FOUND) {
        srv_page_message(page, 404, _("Not found"), _("There is no contract with that number."));
        return 0;
    }
    if (rc != KAIJI_OK)
        return -1;
    /* The person's values over the contract as it is: what the form does not
     * hold (system, type, URL …) stays. */
    kaiji_contract mine = *now;
    mine.vendor = (char *)field(req, "vendor");
    mine.product = (char *)field(req, "product");
    mine.email = (char *)email;
    mine.required = 0;
    for (size_t i = 0; i < req->field_count; i++)
        if (strcmp(req->fields[i].name, "doc") == 0)
            for (unsigned t = KAIJI_DOC_MDS; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
                if (strcmp(req->fields[i].value.data, kaiji_doc_type_name(t)) == 0)
                    mine.required |= t;
    mine.due = (kaiji_date){0, 0, 0};
    if (!mine.vendor[0])
        problem = _("The vendor's name is empty.");
    else if (due_text[0] && !kaiji_text_parse_date(due_text, &mine.due))
        problem = _("The due date is not a date: write it as 令和8年3月31日, R8.3.31 or "
                    "2026/3/31.");
    else if (email[0] && !kaiji_contract_email_ok(email))
        problem = _("The contact e-mail is not one address (name@example.jp).");
    else if (mine.patient_data && mine.required == 0)
        problem = _("A contract with patient data needs at least one document.");
    if (problem) {
        page->status = 400;
        srv_head(fp, now->id, req);
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, problem);
        fputs("</p>\n", fp);
        edit_form(fp, req, &mine, field(req, "stamp"), due_text);
        srv_tail(fp);
        status = 0;
        goto done;
    }
    if (srv_store_open(&st, req) != KAIJI_OK ||
        kaiji_store_begin(st) != KAIJI_OK)
        goto done;
    rc = kaiji_store_contract_edit(&changes, &conflict, &theirs, st, &mine, field(req, "stamp"));
    if (rc == KAIJI_ERROR_NOT_FOUND) {
        kaiji_store_rollback(st);
        srv_page_message(page, 404, _("Not found"), _("There is no contract with that number."));
        status = 0;
        goto done;
    }
    if (rc != KAIJI_OK)
        goto done;
    if (conflict) {
        kaiji_store_rollback(st);
        char fresh[KAIJI_CONTRACT_STAMP_SIZE];
        kaiji_contract *again = NULL;
        if (kaiji_store_contract_get(&again, fresh, st, now->id) != KAIJI_OK)
            goto done;
        page->status = 409;
        srv_head(fp, now->id, req);
        fputs("<p class=\"notice\">", fp);
        srv_esc(fp, _("Not saved: someone else changed this contract after you opened it. "
                      "Their values are below; the form now holds them. Enter your change "
                      "again and save."));
        fputs("</p>\n", fp);
        conflict_table(fp, theirs, &mine, due_text);
        edit_form(fp, req, again, fresh, NULL);
        srv_tail(fp);
        kaiji_contract_free(again);
        status = 0;
        goto done;
    }
    kaiji_buf detail;
    kaiji_buf_init(&detail);
    for (size_t i = 0; i < changes->count; i++)
        for (size_t j = 0; j < changes->items[i].detail_count; j++)
            kaiji_buf_printf(&detail, "%s%s", detail.len ? "; " : "",
                             changes->items[i].details[j]);
    rc = changes->count ? kaiji_store_audit(st, req->user, "contract-edit", now->id,
                                            detail.data ? detail.data : "")
                        : KAIJI_OK;
    kaiji_buf_free(&detail);
    if (rc != KAIJI_OK || kaiji_store_commit(st) != KAIJI_OK)
        goto done;
    srv_head(fp, now->id, req);
    fputs("<p class=\"notice\">", fp);
    srv_esc(fp, changes->count ? _("Saved.") : _("Nothing changed."));
    fputs("</p>\n", fp);
    if (changes->count) {
        fputs("<ul>\n", fp);
        for (size_t j = 0; j < changes->items[0].detail_count; j++) {
            fputs("<li>", fp);
            detail_cell(fp, changes->items[0].details[j]);
            fputs("</li>\n", fp);
        }
        fputs("</ul>\n", fp);
    }
    fputs("<p><a href=\"/contract/", fp);
    srv_url_esc(fp, now->id);
    fputs("\">", fp);
    srv_esc(fp, _("Open the contract"));
    fputs("</a> · <a href=\"/register\">", fp);
    srv_esc(fp, _("Back to the register"));
    fputs("</a></p>\n", fp);
    srv_tail(fp);
    status = 0;
done:
    kaiji_change_list_free(changes);
    kaiji_store_free(st);
    kaiji_contract_free(theirs);
    kaiji_contract_free(now);
    return status;
}

int srv_page_register_template_csv(srv_page *page, const srv_request *req)
{
    (void)req;
    page->content_type = "text/csv; charset=utf-8";
    page->disposition = "attachment; filename=\"contracts.csv\"";
    return kaiji_register_template_csv(page->fp) == KAIJI_OK ? 0 : -1;
}

int srv_page_register_template_xlsx(srv_page *page, const srv_request *req)
{
    char path[] = "/tmp/kaiji-template-XXXXXX";
    char *data = NULL;
    size_t len = 0;
    int fd;
    (void)req;
    const char *tmp = getenv("TMPDIR");
    char buf[512];
    if (tmp && *tmp && strlen(tmp) < 400) {
        snprintf(buf, sizeof buf, "%s/kaiji-template-XXXXXX", tmp);
        fd = mkstemp(buf);
    } else {
        fd = mkstemp(path);
        snprintf(buf, sizeof buf, "%s", path);
    }
    if (fd < 0)
        return -1;
    close(fd);
    int rc = kaiji_register_template_write(buf);
    if (rc == KAIJI_OK)
        rc = kaiji_file_read(&data, &len, buf, REGISTER_MAX_BYTES, NULL, NULL);
    unlink(buf);
    if (rc != KAIJI_OK)
        return -1;
    fwrite(data, 1, len, page->fp);
    free(data);
    page->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    page->disposition = "attachment; filename=\"contracts.xlsx\"";
    return 0;
}
