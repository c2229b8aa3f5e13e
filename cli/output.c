/*
 * cli/output.c - text, JSON, CSV and HTML results of kaiji validate.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "base/base.h"
#include "base/buf.h"
#include "text/text.h"
#include "model/i18n.h"

/* How wide the question a finding is about is shown in text output. */
#define QUESTION_COLUMNS 30

const char *cli_language(void)
{
    /* TRANSLATORS: the code of the language of this translation ("ja"). */
    const char *lang = C_("language code", "en");
    return strcmp(lang, "ja") == 0 ? "ja" : "en";
}

const char *cli_next_step(char *buf, size_t size, const kaiji_catalogs *cats,
                          const char *code, kaiji_kind kind, kaiji_date as_of)
{
    return kaiji_catalogs_next_step_text(buf, size, cats, code, kind, as_of, cli_language());
}

const char *cli_form_word(char buf[CLI_FORM_WORD_MAX], kaiji_kind kind, const char *version)
{
    if (!version || !*version)
        return C_("value", "not known");
    return kaiji_word_form(buf, kind, version, strcmp(cli_language(), "ja") == 0);
}

/* The question of the item a finding is about: as the catalog words it,
 * else as the document has it; NULL when neither says. */
static const char *finding_question(const kaiji_catalogs *cats, const kaiji_document *doc,
                                    const kaiji_finding *f)
{
    const char *item = kaiji_finding_item(f);
    if (!item || !*item)
        return NULL;
    const char *q = kaiji_catalogs_item_question(cats, kaiji_document_kind(doc),
                                                 kaiji_document_form_version(doc), item);
    if (q && *q)
        return q;
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        if (strcmp(kaiji_item_id(it), item) == 0) {
            q = kaiji_item_question(it);
            return q && *q ? q : NULL;
        }
    }
    return NULL;
}

bool output_format_parse(const char *s, output_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = OUTPUT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = OUTPUT_JSON;
    else if (strcmp(s, "csv") == 0)
        *out = OUTPUT_CSV;
    else if (strcmp(s, "html") == 0)
        *out = OUTPUT_HTML;
    else
        return false;
    return true;
}

typedef struct item_counts {
    size_t total, answered, yes, no, na;
} item_counts;

/* Counts items by answer; a checklist item with per-target answers counts
 * as no when any target says no, as yes when every answered target says
 * yes, and as n/a when every answered target says n/a. */
static item_counts count_items(const kaiji_document *doc)
{
    item_counts c = {0};
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        kaiji_answer a = kaiji_item_answer(it);
        size_t nt = kaiji_item_target_count(it);
        if (nt > 0 && a == KAIJI_ANSWER_BLANK) {
            size_t yes = 0, no = 0, na = 0, answered = 0;
            for (size_t t = 0; t < nt; t++) {
                kaiji_answer ta = kaiji_item_target_answer(it, t);
                if (ta == KAIJI_ANSWER_BLANK)
                    continue;
                answered++;
                yes += ta == KAIJI_ANSWER_YES;
                no += ta == KAIJI_ANSWER_NO;
                na += ta == KAIJI_ANSWER_NA;
            }
            a = !answered ? KAIJI_ANSWER_BLANK
                : no      ? KAIJI_ANSWER_NO
                : yes == answered ? KAIJI_ANSWER_YES
                : na == answered  ? KAIJI_ANSWER_NA
                : yes + na == answered ? KAIJI_ANSWER_YES
                                       : KAIJI_ANSWER_INVALID;
        }
        c.total++;
        c.answered += a != KAIJI_ANSWER_BLANK;
        c.yes += a == KAIJI_ANSWER_YES;
        c.no += a == KAIJI_ANSWER_NO;
        c.na += a == KAIJI_ANSWER_NA;
    }
    return c;
}

static void count_status(output_summary *s, kaiji_status st)
{
    s->documents++;
    switch (st) {
    case KAIJI_STATUS_VALID: s->valid++; break;
    case KAIJI_STATUS_OUTDATED: s->outdated++; break;
    case KAIJI_STATUS_INVALID: s->invalid++; break;
    case KAIJI_STATUS_UNREADABLE: s->unreadable++; break;
    case KAIJI_STATUS_UNCHECKED: break;
    }
}

/* s in quotes, escaped as cJSON_PrintUnformatted escapes it. */
static void json_string(kaiji_buf *b, const char *s)
{
    kaiji_buf_putc(b, '"');
    kaiji_buf_json_escaped(b, s);
    kaiji_buf_putc(b, '"');
}

/* "key":"value" after a comma unless *first; a NULL value leaves the member
 * out, as cJSON_AddStringToObject() did. */
static void json_member(kaiji_buf *b, bool *first, const char *key, const char *value)
{
    if (!value)
        return;
    if (!*first)
        kaiji_buf_putc(b, ',');
    *first = false;
    kaiji_buf_putc(b, '"');
    kaiji_buf_puts(b, key);
    kaiji_buf_puts(b, "\":");
    json_string(b, value);
}

/* The document as the JSON object of the documents array, appended to b
 * byte for byte as cJSON_PrintUnformatted() printed the tree it was. */
static void document_json(const output *out, const kaiji_document *doc, kaiji_buf *b)
{
    char date[11];
    bool first = true;

    kaiji_buf_putc(b, '{');
    json_member(b, &first, "path", kaiji_document_path(doc));
    json_member(b, &first, "sha256", kaiji_document_sha256(doc));
    json_member(b, &first, "format", kaiji_format_name(kaiji_document_format(doc)));
    json_member(b, &first, "kind", kaiji_kind_name(kaiji_document_kind(doc)));
    json_member(b, &first, "form_version", kaiji_document_form_version(doc));
    json_member(b, &first, "guideline", kaiji_document_guideline(doc));
    json_member(b, &first, "status", kaiji_status_name(kaiji_document_status(doc)));
    json_member(b, &first, "vendor", kaiji_document_field(doc, KAIJI_FIELD_VENDOR));
    json_member(b, &first, "product", kaiji_document_field(doc, KAIJI_FIELD_PRODUCT));
    json_member(b, &first, "document_date", kaiji_date_format(date, kaiji_document_date(doc)));
    json_member(b, &first, "contract", kaiji_document_field(doc, KAIJI_FIELD_CONTRACT));
    item_counts c = count_items(doc);
    kaiji_buf_printf(b, "%s\"items\":{\"total\":%zu,\"answered\":%zu,\"yes\":%zu,"
                     "\"no\":%zu,\"na\":%zu},\"findings\":[",
                     first ? "" : ",", c.total, c.answered, c.yes, c.no, c.na);
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        const char *q = finding_question(out->catalogs, doc, f);
        char step[1024];
        bool ffirst = true;

        kaiji_buf_puts(b, i ? ",{" : "{");
        json_member(b, &ffirst, "severity", kaiji_severity_name(kaiji_finding_severity(f)));
        json_member(b, &ffirst, "code", kaiji_finding_code(f));
        json_member(b, &ffirst, "item", kaiji_finding_item(f));
        json_member(b, &ffirst, "location", kaiji_finding_location(f));
        json_member(b, &ffirst, "message", kaiji_finding_message(f));
        json_member(b, &ffirst, "question", q ? q : "");
        json_member(b, &ffirst, "next_step",
                    cli_next_step(step, sizeof step, out->catalogs, kaiji_finding_code(f),
                                  kaiji_document_kind(doc), out->as_of_date));
        kaiji_buf_putc(b, '}');
    }
    kaiji_buf_puts(b, "]}");
}

static void csv_row(FILE *out, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cli_csv_field(out, fields[i], i + 1 == n);
}

void output_begin(output *o)
{
    kaiji_date as_of;
    memset(&o->summary, 0, sizeof o->summary);
    memset(&o->to_request, 0, sizeof o->to_request);
    memset(&o->to_check, 0, sizeof o->to_check);
    memset(&o->unread, 0, sizeof o->unread);
    memset(&o->own, 0, sizeof o->own);
    o->written = 0;
    o->notice[0] = '\0';
    memset(&o->as_of_date, 0, sizeof o->as_of_date);
    if (o->as_of)
        (void)kaiji_text_parse_date(o->as_of, &o->as_of_date);
    if (o->catalogs && o->as_of && kaiji_text_parse_date(o->as_of, &as_of))
        (void)cli_guideline_notice(o->notice, sizeof o->notice, o->target_guideline, as_of,
                                   o->catalogs, o->wareki);
    switch (o->format) {
    case OUTPUT_JSON: {
        cJSON *head = cJSON_CreateObject();
        cJSON_AddStringToObject(head, "tool", "kaiji");
        cJSON_AddStringToObject(head, "version", kaiji_version());
        cJSON_AddStringToObject(head, "as_of", o->as_of);
        cJSON_AddStringToObject(head, "target_guideline", o->target_guideline);
        if (o->notice[0]) {
            kaiji_date since;
            char d[11];
            const char *g = kaiji_catalogs_newer_guideline(o->catalogs, o->target_guideline,
                                                           as_of, &since);
            cJSON *n = cJSON_CreateObject();
            cJSON_AddStringToObject(n, "code", "newer-guideline-in-force");
            cJSON_AddStringToObject(n, "guideline", g);
            cJSON_AddStringToObject(n, "since", kaiji_date_format(d, since));
            cJSON_AddStringToObject(n, "message", o->notice);
            cJSON_AddItemToObject(head, "notice", n);
        }
        char *s = cJSON_PrintUnformatted(head);
        /* The head without its closing brace; documents follow. */
        if (s) {
            s[strlen(s) - 1] = '\0';
            fprintf(o->out, "%s,\"documents\":[", s);
        }
        free(s);
        cJSON_Delete(head);
        break;
    }
    case OUTPUT_CSV: {
        static const char *const head[] = {
            "path", "kind", "form_version", "guideline", "status", "vendor",
            "product", "document_date", "severity", "code", "item",
            "location", "message", "question", "next_step"};
        fputs(KAIJI_TEXT_BOM, o->out); /* so Japanese Excel reads UTF-8 */
        csv_row(o->out, head, sizeof head / sizeof head[0]);
        break;
    }
    case OUTPUT_HTML: {
        /* The report's words and style may be corrected without a rebuild:
         * see formats/report/labels.json. */
        kaiji_html_options ho;
        kaiji_html_options_init(&ho);
        ho.as_of = o->as_of;
        ho.wareki = o->wareki;
        ho.organization = o->organization;
        ho.author = o->author;
        ho.reviewer = o->reviewer;
        ho.target_guideline = o->target_guideline;
        ho.notice = o->notice[0] ? o->notice : NULL;
        ho.catalogs = o->catalogs;
        ho.data_dir = getenv("KAIJI_REPORT_DIR");
        int rc = kaiji_html_begin(&o->html, o->out, &ho);
        o->failed = rc != KAIJI_OK;
        if (rc == KAIJI_ERROR_CATALOG)
            cli_error(_("KAIJI_REPORT_DIR: its labels.json or report.css is malformed or unsafe"));
        else if (rc != KAIJI_OK)
            cli_error(_("cannot start the HTML report: %s"), kaiji_strerror(rc));
        break;
    }
    case OUTPUT_TEXT:
        break;
    }
}

/* A date of the text output: as the messages' language writes it, or 和暦. */
static const char *text_date(char buf[KAIJI_DATE_SHOW_MAX], kaiji_date d, bool wareki)
{
    return kaiji_text_date_show(buf, KAIJI_DATE_SHOW_MAX, d,
                                wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_LOCALE);
}

/* true when message already quotes the question shown (shortened, its
 * ellipsis aside). */
static bool says_question(const char *message, const char *shown)
{
    size_t n = strlen(shown);
    if (n >= 3 && strcmp(shown + n - 3, "\xE2\x80\xA6") == 0)
        n -= 3;
    for (const char *p = message; n && *p; p++)
        if (strncmp(p, shown, n) == 0)
            return true;
    return false;
}

/* Writes one finding for people: its severity and message in words, the
 * question it is about (shortened), where it is, and what to do next. */
static void text_finding(const output *o, const kaiji_document *doc, const kaiji_finding *f)
{
    FILE *out = o->out;
    const char *item = kaiji_finding_item(f);
    const char *loc = kaiji_finding_location(f);
    const char *question = finding_question(o->catalogs, doc, f);
    char *shown = question ? kaiji_text_shorten(question, QUESTION_COLUMNS) : NULL;
    char step[1024];

    fprintf(out, "  %s %s", cli_severity_word(kaiji_finding_severity(f)),
            kaiji_finding_message(f));
    if (shown && *shown && !says_question(kaiji_finding_message(f), shown))
        /* TRANSLATORS: an item's ID and its question, shortened, after a
         * finding's message: 2⑤ バックアップを… */
        fprintf(out, _(" (%s %s)"), item, shown);
    if (strncmp(loc, "line ", 5) == 0 && loc[5] >= '0' && loc[5] <= '9')
        /* TRANSLATORS: where in an XML file a finding is: its line */
        fprintf(out, _(" [line %s]"), loc + 5);
    else if (*loc)
        /* TRANSLATORS: where in the file a finding is: 事業者確認用!C18 */
        fprintf(out, _(" [%s]"), loc);
    fputc('\n', out);
    cli_next_step(step, sizeof step, o->catalogs, kaiji_finding_code(f),
                  kaiji_document_kind(doc), o->as_of_date);
    if (*step)
        fprintf(out, "    \xE2\x86\x92 %s\n", step); /* → */
    free(shown);
}

static void text_document(const output *o, const kaiji_document *doc)
{
    FILE *out = o->out;
    bool wareki = o->wareki;
    char date[KAIJI_DATE_SHOW_MAX], form[CLI_FORM_WORD_MAX], guideline[64];
    const char *g = kaiji_document_guideline(doc);
    if (*g && strcmp(cli_language(), "ja") == 0)
        snprintf(guideline, sizeof guideline, "第%s版", g); /* as the guideline is named */
    else if (*g)
        snprintf(guideline, sizeof guideline, "%s", g);
    else
        snprintf(guideline, sizeof guideline, "-");
    item_counts c = count_items(doc);
    kaiji_status st = kaiji_document_status(doc);
    fprintf(out, "%s\n", kaiji_document_path(doc));
    if (st == KAIJI_STATUS_UNREADABLE) {
        fprintf(out, _("  status: %s\n"), cli_status_word(st));
    } else {
        fprintf(out, _("  status: %s   kind: %s   form: %s   guideline: %s\n"),
                cli_status_word(st), cli_kind_word(kaiji_document_kind(doc)),
                cli_form_word(form, kaiji_document_kind(doc), kaiji_document_form_version(doc)),
                guideline);
        /* What the form says of its maker, product and date: none for a
         * document of no known kind (what a cell beside a label says there is
         * no vendor's), no vendor or product on the hospital's own checklist. */
        const char *none = C_("value", "(not given)");
        const char *vendor = kaiji_document_field(doc, KAIJI_FIELD_VENDOR);
        const char *product = kaiji_document_field(doc, KAIJI_FIELD_PRODUCT);
        const char *day = kaiji_document_date(doc).year
                              ? text_date(date, kaiji_document_date(doc), wareki)
                              : none;
        kaiji_kind kind = kaiji_document_kind(doc);
        if (kind == KAIJI_KIND_HOSPITAL_CHECKLIST)
            fprintf(out, _("  date: %s\n"), day);
        else if (kind != KAIJI_KIND_UNKNOWN)
            fprintf(out, _("  vendor: %s   product: %s   date: %s\n"), *vendor ? vendor : none,
                    *product ? product : none, day);
        fprintf(out, _("  items: %zu (answered %zu: yes %zu, no %zu, n/a %zu)\n"),
                c.total, c.answered, c.yes, c.no, c.na);
    }
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++)
        text_finding(o, doc, kaiji_document_finding(doc, i));
}

static void csv_document(const output *o, const kaiji_document *doc)
{
    FILE *out = o->out;
    char date[11], step[1024];
    const char *fields[15] = {
        kaiji_document_path(doc),
        kaiji_kind_name(kaiji_document_kind(doc)),
        kaiji_document_form_version(doc),
        kaiji_document_guideline(doc),
        kaiji_status_name(kaiji_document_status(doc)),
        kaiji_document_field(doc, KAIJI_FIELD_VENDOR),
        kaiji_document_field(doc, KAIJI_FIELD_PRODUCT),
        kaiji_date_format(date, kaiji_document_date(doc)),
        "", "", "", "", "", "", ""};
    size_t n = kaiji_document_finding_count(doc);
    if (n == 0)
        csv_row(out, fields, 15);
    for (size_t i = 0; i < n; i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        fields[8] = kaiji_severity_name(kaiji_finding_severity(f));
        fields[9] = kaiji_finding_code(f);
        fields[10] = kaiji_finding_item(f);
        fields[11] = kaiji_finding_location(f);
        fields[12] = kaiji_finding_message(f);
        const char *q = finding_question(o->catalogs, doc, f);
        fields[13] = q ? q : "";
        fields[14] = cli_next_step(step, sizeof step, o->catalogs, kaiji_finding_code(f),
                                   kaiji_document_kind(doc), o->as_of_date);
        csv_row(out, fields, 15);
    }
}

/* Adds path to list: named when there is room, counted always. */
static void list_add(output_list *list, const char *path)
{
    if (list->count < OUTPUT_NAMED)
        list->paths[list->count] = strdup(path); /* NULL: counted, not named */
    list->count++;
}

static void list_free(output_list *list)
{
    for (size_t i = 0; i < list->count && i < OUTPUT_NAMED; i++)
        free(list->paths[i]);
    memset(list, 0, sizeof *list);
}

/* Notes doc for the closing "what to do now" of the text output. */
static void note_for_the_end(output *o, const kaiji_document *doc)
{
    kaiji_status st = kaiji_document_status(doc);
    bool warned = false;
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++)
        warned |= kaiji_finding_severity(kaiji_document_finding(doc, i)) >= KAIJI_SEVERITY_WARNING;
    if (st == KAIJI_STATUS_UNREADABLE)
        list_add(&o->unread, kaiji_document_path(doc));
    else if ((st == KAIJI_STATUS_INVALID || st == KAIJI_STATUS_OUTDATED) &&
             kaiji_document_kind(doc) == KAIJI_KIND_HOSPITAL_CHECKLIST)
        list_add(&o->own, kaiji_document_path(doc));
    else if (st == KAIJI_STATUS_INVALID || st == KAIJI_STATUS_OUTDATED)
        list_add(&o->to_request, kaiji_document_path(doc));
    else if (warned)
        list_add(&o->to_check, kaiji_document_path(doc));
}

/* Writes the files of list under its heading, one a line. */
static void text_list(FILE *out, const output_list *list)
{
    for (size_t i = 0; i < list->count && i < OUTPUT_NAMED; i++)
        if (list->paths[i])
            fprintf(out, "    %s\n", list->paths[i]);
    if (list->count > OUTPUT_NAMED)
        fprintf(out, _("    and %zu more\n"), list->count - OUTPUT_NAMED);
}

/* The end of the text output: what to do now. */
static void text_next(const output *o)
{
    FILE *out = o->out;
    fprintf(out, _("\nWhat to do now:\n"));
    if (o->to_request.count) {
        fprintf(out,
                _("  documents to take up with their vendors (the steps are above): %zu\n"),
                o->to_request.count);
        text_list(out, &o->to_request);
    }
    if (o->unread.count) {
        fprintf(out,
                _("  files that could not be read (what to do is above): %zu\n"),
                o->unread.count);
        text_list(out, &o->unread);
    }
    if (o->own.count) {
        fprintf(out, _("  the hospital's own checklists to complete (the steps are above): %zu\n"),
                o->own.count);
        text_list(out, &o->own);
    }
    if (o->to_check.count) {
        fprintf(out,
                _("  valid documents with a warning worth a look: %zu\n"),
                o->to_check.count);
        text_list(out, &o->to_check);
    }
    if (!o->to_request.count && !o->unread.count && !o->to_check.count && !o->own.count)
        fprintf(out, o->summary.documents ? _("  Nothing: every document is in order.\n")
                                          : _("  Nothing was checked.\n"));
}

void output_document_json(const output *o, const kaiji_document *doc, kaiji_buf *b)
{
    document_json(o, doc, b);
}

void output_document_made(output *o, kaiji_status st, const kaiji_buf *b)
{
    count_status(&o->summary, st);
    if (!b->failed && b->len) {
        if (o->written)
            fputc(',', o->out);
        fwrite(b->data, 1, b->len, o->out);
    }
    o->written++;
}

void output_document(output *o, const kaiji_document *doc)
{
    if (o->format == OUTPUT_JSON) {
        kaiji_buf b = KAIJI_BUF_INIT;
        document_json(o, doc, &b);
        output_document_made(o, kaiji_document_status(doc), &b);
        kaiji_buf_free(&b);
        return;
    }
    count_status(&o->summary, kaiji_document_status(doc));
    switch (o->format) {
    case OUTPUT_JSON: /* above */
        break;
    case OUTPUT_CSV:
        csv_document(o, doc);
        break;
    case OUTPUT_HTML:
        if (o->html)
            kaiji_html_document(o->html, doc);
        break;
    case OUTPUT_TEXT:
        text_document(o, doc);
        fputc('\n', o->out);
        note_for_the_end(o, doc);
        break;
    }
    o->written++;
}

/* The not-read record as the JSON object of the not_read array. */
static cJSON *not_read_json(const cli_not_read *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "path", r->path);
    cJSON_AddStringToObject(o, "kind", r->kind);
    cJSON_AddStringToObject(o, "reason", r->reason);
    cJSON_AddStringToObject(o, "detail", r->detail ? r->detail : "");
    cJSON_AddStringToObject(o, "message", kaiji_not_read_reason(r));
    cJSON_AddStringToObject(o, "next_step", kaiji_not_read_next_step(r));
    return o;
}

void output_not_read(output *o, const cli_not_read *r)
{
    switch (o->format) {
    case OUTPUT_JSON: {
        cJSON *d = not_read_json(r);
        char *s = d ? cJSON_PrintUnformatted(d) : NULL;
        /* The documents array closes before the first. */
        if (s)
            fprintf(o->out, "%s%s", o->summary.not_read ? "," : "],\"not_read\":[", s);
        free(s);
        cJSON_Delete(d);
        break;
    }
    case OUTPUT_CSV: {
        char *message = kaiji_strprintf("%s%s%s%s", kaiji_not_read_reason(r),
                                        r->detail ? " (" : "", r->detail ? r->detail : "",
                                        r->detail ? ")" : "");
        const char *fields[15] = {r->path, "", "", "", "not-read", "", "", "",
                                  "", r->reason, "", "", message ? message : "", "",
                                  kaiji_not_read_next_step(r)};
        csv_row(o->out, fields, 15);
        free(message);
        break;
    }
    case OUTPUT_HTML:
        if (o->html)
            kaiji_html_not_read(o->html, r->path, kaiji_not_read_reason(r), r->detail,
                                kaiji_not_read_next_step(r));
        break;
    case OUTPUT_TEXT:
        if (!o->summary.not_read)
            fprintf(o->out, _("Files not read:\n"));
        cli_not_read_print(o->out, r);
        break;
    }
    o->summary.not_read++;
}

void output_end(output *o)
{
    const output_summary *s = &o->summary;
    switch (o->format) {
    case OUTPUT_JSON:
        fprintf(o->out,
                "%s],\"summary\":{\"documents\":%zu,\"valid\":%zu,\"outdated\":%zu,"
                "\"invalid\":%zu,\"unreadable\":%zu,\"not_read\":%zu}}\n",
                s->not_read ? "" : "],\"not_read\":[", s->documents, s->valid, s->outdated,
                s->invalid, s->unreadable, s->not_read);
        break;
    case OUTPUT_CSV:
        break;
    case OUTPUT_HTML:
        if (o->html && kaiji_html_end(o->html) != KAIJI_OK) {
            cli_error(_("cannot write the HTML report"));
            o->failed = true;
        }
        kaiji_html_free(o->html);
        o->html = NULL;
        break;
    case OUTPUT_TEXT: {
        char date[KAIJI_DATE_SHOW_MAX];
        kaiji_date as_of;
        const char *shown = o->as_of;
        if (kaiji_text_parse_date(o->as_of, &as_of))
            shown = text_date(date, as_of, o->wareki);
        if (s->not_read)
            fputc('\n', o->out);
        fprintf(o->out,
                _("%zu documents: %zu valid, %zu outdated, %zu invalid, %zu unreadable "
                "(as of %s, guideline %s)\n"),
                s->documents, s->valid, s->outdated, s->invalid, s->unreadable,
                shown, o->target_guideline);
        if (s->not_read)
            fprintf(o->out, _("%zu files not read (listed above with what to do)\n"),
                    s->not_read);
        if (o->notice[0])
            fprintf(o->out, _("note: %s\n"), o->notice);
        text_next(o);
        break;
    }
    }
    list_free(&o->to_request);
    list_free(&o->to_check);
    list_free(&o->unread);
    list_free(&o->own);
}
