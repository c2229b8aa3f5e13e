/*
 * parser/mds2_xml.c - the XML the public parseMDS2 tool writes for a NEMA
 * MDS2 form, read with libxml2's streaming xmlTextReader:
 *
 *   <mds2><sections><section name="...">
 *     <questions><questionID id="DOC-1">
 *       <question>...</question><response>...</response><note>...</note>
 *     </questionID>...</questions></section>...</sections></mds2>
 *
 * Leniently: element names in any case, children in any order, unknown
 * elements skipped, empty responses, "See Notes", an answer and a comment in
 * one response ("Yes,optional").  The edition is HN 1-2019 unless the root's
 * version attribute, a <standard> (or <version>, <edition>) element or a
 * mention in the text names another.  The DOC questions are the header (DOC-1
 * vendor, DOC-2 product, DOC-3 product version, DOC-5 contact, DOC-7 date)
 * and stay items as well.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/libxml.h"

#include "model/model.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define MDS2_DEFAULT_EDITION "HN 1-2019"

/* The DOC questions that are header fields. */
static const struct {
    const char *id;
    kaiji_field field;
} doc_fields[] = {
    {"DOC-1", KAIJI_FIELD_VENDOR},
    {"DOC-2", KAIJI_FIELD_PRODUCT},
    {"DOC-3", KAIJI_FIELD_PRODUCT_VERSION},
    {"DOC-5", KAIJI_FIELD_CONTACT},
    {"DOC-7", KAIJI_FIELD_DOCUMENT_DATE},
};

/* The MDS2 editions and how documents name them. */
static const struct {
    const char *edition;
    const char *phrases[3];
} editions[] = {
    {"HN 1-2019", {"HN 1-2019", "HN1-2019", "2019"}},
    {"HN 1-2013", {"HN 1-2013", "HN1-2013", "2013"}},
    {"HN 1-2008", {"HN 1-2008", "HN1-2008", "2008"}},
};

/* What a questionID element holds, collected until its end tag. */
typedef struct pending {
    bool open;
    int depth;      /* of the questionID element */
    long line;
    char *id, *question, *response, *note;
} pending;

typedef struct mds2_ctx {
    kaiji_document *doc;
    char *section;
    int section_depth;
    pending q;
    int err_line;
    char err[256];
} mds2_ctx;

static void pending_clear(pending *q)
{
    free(q->id);
    free(q->question);
    free(q->response);
    free(q->note);
    memset(q, 0, sizeof(*q));
}

/* Keeps the first error the reader reports (line and reason). */
static void on_error(void *data, xmlErrorPtr err)
{
    mds2_ctx *ctx = data;
    if (ctx->err_line || !err || err->level < XML_ERR_ERROR)
        return;
    ctx->err_line = err->line > 0 ? err->line : 1;
    snprintf(ctx->err, sizeof ctx->err, "%s", err->message ? err->message : "not well-formed");
    size_t n = strlen(ctx->err);
    while (n > 0 && (ctx->err[n - 1] == '\n' || ctx->err[n - 1] == ' ' ||
                     ctx->err[n - 1] == '.'))
        ctx->err[--n] = '\0';
}

/* The edition named by text ("HN 1-2013", "2013"), or NULL. */
static const char *edition_of(const char *text, bool bare_year)
{
    for (size_t e = 0; e < sizeof editions / sizeof editions[0]; e++)
        for (size_t p = 0; p < (bare_year ? 3u : 2u); p++)
            if (strstr(text, editions[e].phrases[p]))
                return editions[e].edition;
    return NULL;
}

/* true when the len bytes at s hold the NUL-free string needle. */
static bool contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
            return true;
    return false;
}

/* The edition the len bytes of xml mention by its full name, or NULL.  A
 * mention of an older edition wins over 2019, which a document may cite
 * as the successor. */
static const char *edition_mentioned(const char *xml, size_t len)
{
    for (size_t e = sizeof editions / sizeof editions[0]; e-- > 0;)
        for (size_t p = 0; p < 2; p++)
            if (contains(xml, len, editions[e].phrases[p]))
                return editions[e].edition;
    return NULL;
}

/* Sets a header field and, for DOC-7, the document date: a written date, or
 * an Excel serial number as the tool copies it from the cell. */
static int set_doc_field(mds2_ctx *ctx, kaiji_field field, const char *text,
                         const char *location)
{
    int rc = kaiji_document_set_field(ctx->doc, field, text, location);
    if (rc != KAIJI_OK || field != KAIJI_FIELD_DOCUMENT_DATE)
        return rc;
    const char *t = ctx->doc->fields[field];
    kaiji_date d;
    if (kaiji_text_parse_date(t, &d)) {
        ctx->doc->date = d;
    } else if (*t) {
        char *end = NULL;
        double serial = strtod(t, &end);
        while (end && (*end == ' ' || *end == '\t'))
            end++;
        bool numeric = end && end != t && *end == '\0' &&
                       strspn(t, "0123456789.") == strlen(t);
        if (numeric && kaiji_text_excel_serial_date(serial, false, &d))
            ctx->doc->date = d;
    }
    return KAIJI_OK;
}

/* Turns the collected questionID into an item (and a header field). */
static int finish_question(mds2_ctx *ctx)
{
    pending *q = &ctx->q;
    int rc = KAIJI_ERROR_NOMEM;
    char *id = kaiji_text_trim(q->id ? q->id : "");
    char *question = kaiji_text_trim(q->question ? q->question : "");
    char *note = kaiji_text_trim(q->note ? q->note : "");
    if (!id || !question || !note)
        goto done;
    kaiji_item *item = kaiji_document_add_item(ctx->doc);
    if (!item)
        goto done;
    item->id = kaiji_document_strdup(ctx->doc, id);
    item->section = kaiji_document_strdup(ctx->doc, ctx->section ? ctx->section : "");
    item->question = kaiji_document_strdup(ctx->doc, question);
    item->remarks = kaiji_document_strdup(ctx->doc, note);
    item->location = kaiji_arena_printf(ctx->doc->arena, "line %ld", q->line);
    if (!item->id || !item->section || !item->question || !item->remarks ||
        !item->location)
        goto done;
    rc = kaiji_item_set_answer_text(ctx->doc, item, q->response ? q->response : "");
    if (rc != KAIJI_OK)
        goto done;
    for (size_t i = 0; i < sizeof doc_fields / sizeof doc_fields[0]; i++)
        if (strcasecmp(id, doc_fields[i].id) == 0 &&
            !*ctx->doc->fields[doc_fields[i].field])
            rc = set_doc_field(ctx, doc_fields[i].field, item->answer_text, item->location);
done:
    free(id);
    free(question);
    free(note);
    pending_clear(q);
    return rc;
}

/* The attribute name (any case of it) of the reader's current element,
 * malloc'd, or NULL. */
static char *attr_any_case(xmlTextReaderPtr r, const char *name)
{
    char *found = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            const char *n = (const char *)xmlTextReaderConstLocalName(r);
            if (n && strcasecmp(n, name) == 0) {
                const char *v = (const char *)xmlTextReaderConstValue(r);
                found = strdup(v ? v : "");
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return found;
}

/* The text inside the current element, malloc'd ("" when empty). */
static char *element_text(xmlTextReaderPtr r)
{
    if (xmlTextReaderIsEmptyElement(r))
        return strdup("");
    xmlChar *s = xmlTextReaderReadString(r);
    if (!s)
        return strdup("");
    char *copy = strdup((const char *)s);
    xmlFree(s);
    return copy;
}

/* Replaces *slot with text (taking it); a second <note> is appended. */
static bool keep(char **slot, char *text, bool append)
{
    if (!text)
        return false;
    if (append && *slot && **slot && *text) {
        size_t a = strlen(*slot), b = strlen(text);
        char *joined = malloc(a + b + 2);
        if (!joined) {
            free(text);
            return false;
        }
        memcpy(joined, *slot, a);
        joined[a] = '\n';
        memcpy(joined + a + 1, text, b + 1);
        free(text);
        text = joined;
    }
    free(*slot);
    *slot = text;
    return true;
}

/* Handles the start of an element at depth. */
static int on_start(mds2_ctx *ctx, xmlTextReaderPtr r, int depth, bool *version_set)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(r);
    if (!name)
        return KAIJI_OK;
    pending *q = &ctx->q;
    if (depth == 0) {
        char *v = attr_any_case(r, "version");
        if (!v)
            v = attr_any_case(r, "edition");
        const char *ed = v ? edition_of(v, true) : NULL;
        int rc = KAIJI_OK;
        if (ed) {
            xmlNodePtr node = xmlTextReaderCurrentNode(r);
            char loc[32];
            snprintf(loc, sizeof loc, "line %ld", node ? xmlGetLineNo(node) : 1L);
            *version_set = true;
            ctx->doc->form_version = kaiji_document_strdup(ctx->doc, ed);
            rc = ctx->doc->form_version
                     ? kaiji_document_set_field(ctx->doc, KAIJI_FIELD_FORM_VERSION, v, loc)
                     : KAIJI_ERROR_NOMEM;
        }
        free(v);
        return rc;
    }
    if (depth == 1 && !*version_set &&
        (strcasecmp(name, "standard") == 0 || strcasecmp(name, "version") == 0 ||
         strcasecmp(name, "edition") == 0 || strcasecmp(name, "form_version") == 0)) {
        xmlNodePtr node = xmlTextReaderCurrentNode(r);
        long line = node ? xmlGetLineNo(node) : 1L;
        char *text = element_text(r);
        if (!text)
            return KAIJI_ERROR_NOMEM;
        const char *ed = edition_of(text, true);
        int rc = KAIJI_OK;
        if (ed) {
            char loc[32];
            snprintf(loc, sizeof loc, "line %ld", line);
            *version_set = true;
            ctx->doc->form_version = kaiji_document_strdup(ctx->doc, ed);
            rc = ctx->doc->form_version
                     ? kaiji_document_set_field(ctx->doc, KAIJI_FIELD_FORM_VERSION, text, loc)
                     : KAIJI_ERROR_NOMEM;
        }
        free(text);
        return rc;
    }
    if (q->open && depth == q->depth + 1) {
        bool ok = true;
        if (strcasecmp(name, "question") == 0 || strcasecmp(name, "text") == 0)
            ok = keep(&q->question, element_text(r), false);
        else if (strcasecmp(name, "response") == 0 || strcasecmp(name, "answer") == 0)
            ok = keep(&q->response, element_text(r), false);
        else if (strcasecmp(name, "note") == 0 || strcasecmp(name, "notes") == 0 ||
                 strcasecmp(name, "comment") == 0)
            ok = keep(&q->note, element_text(r), true);
        else if (strcasecmp(name, "id") == 0 && !q->id)
            ok = keep(&q->id, element_text(r), false);
        return ok ? KAIJI_OK : KAIJI_ERROR_NOMEM;
    }
    if (!q->open && (strcasecmp(name, "questionID") == 0 ||
                     strcasecmp(name, "question_id") == 0)) {
        q->open = true;
        q->depth = depth;
        xmlNodePtr node = xmlTextReaderCurrentNode(r);
        q->line = node ? xmlGetLineNo(node) : xmlTextReaderGetParserLineNumber(r);
        q->id = attr_any_case(r, "id");
        if (xmlTextReaderIsEmptyElement(r))
            return finish_question(ctx);
        return KAIJI_OK;
    }
    if (!q->open && strcasecmp(name, "section") == 0) {
        char *s = attr_any_case(r, "name");
        if (!s)
            s = attr_any_case(r, "title");
        char *t = kaiji_text_trim(s ? s : "");
        free(s);
        if (!t)
            return KAIJI_ERROR_NOMEM;
        free(ctx->section);
        ctx->section = t;
        ctx->section_depth = depth;
        if (xmlTextReaderIsEmptyElement(r)) {
            free(ctx->section);
            ctx->section = NULL;
        }
    }
    return KAIJI_OK;
}

/*
 * Reads len bytes of xml (UTF-8, the parseMDS2 tool's XML) into doc: kind
 * mds2, form version HN 1-2019 unless the document names another edition,
 * one item per questionID.  Broken XML fails doc with file-corrupt (line and
 * reason); a DTD with file-unsafe.  KAIJI_ERROR_NOMEM when memory runs out.
 */
int kaiji_read_mds2_xml(kaiji_document *doc, const char *xml, size_t len,
                        const kaiji_limits *limits)
{
    int rc = KAIJI_OK;
    xmlTextReaderPtr r = NULL;
    mds2_ctx ctx = {.doc = doc, .section_depth = -1};
    bool version_set = false;
    (void)limits;

    doc->format = KAIJI_FORMAT_MDS2_XML;
    if (!kaiji_gate_xml_text(doc, &xml, &len, &rc))
        goto done;
    xmlInitParser();
    r = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8", kaiji_xml_options());
    if (!r) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &ctx);
    doc->kind = KAIJI_KIND_MDS2;
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = kaiji_gate_refuse_dtd(doc);
            goto done;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            rc = on_start(&ctx, r, depth, &version_set);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (ctx.q.open && depth == ctx.q.depth)
                rc = finish_question(&ctx);
            else if (ctx.section && depth == ctx.section_depth) {
                free(ctx.section);
                ctx.section = NULL;
            }
        }
        if (rc != KAIJI_OK)
            goto done;
    }
    if (ret < 0 || ctx.err_line) {
        rc = kaiji_document_fail(doc, "file-corrupt", _("the XML is broken at line %d: %s"),
                                 ctx.err_line ? ctx.err_line : 1,
                                 ctx.err[0] ? ctx.err : _("not well-formed"));
        goto done;
    }
    if (!version_set) {
        const char *ed = edition_mentioned(xml, len);
        doc->form_version = kaiji_document_strdup(doc, ed ? ed : MDS2_DEFAULT_EDITION);
        if (!doc->form_version)
            rc = KAIJI_ERROR_NOMEM;
    }
done:
    pending_clear(&ctx.q);
    free(ctx.section);
    if (r) /* else libxml2 may not be loaded */
        xmlFreeTextReader(r);
    return rc;
}
