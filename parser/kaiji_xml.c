/*
 * parser/kaiji_xml.c - kaiji's exchange format, XML
 * (formats/schema/kaiji-document.xsd, namespace urn:kaiji:document:1), read
 * back into a document.
 *
 * The text is parsed into a small tree (the format holds one element per
 * item, not a worksheet), validated against the XSD compiled into the
 * library, then walked.  As in parser/kaiji_json.c, the stored normalised
 * values are taken as they are so that a round trip is exact.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/libxml.h"

#include "formats/embedded.h"
#include "model/model.h"
#include "catalog/schema.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "text/text.h"
#include "model/i18n.h"

#define KAIJI_NS "urn:kaiji:document:1"

/* A problem with the input: the message is in ctx->why. */
#define BAD (-1)

/* The most '<' (elements, comments, declarations) a kaiji XML document may
 * hold: it is read as a tree. */
#define MAX_XML_MARKUP 100000u

typedef struct xml_ctx {
    kaiji_document *doc;
    int line;          /* of the first schema error, 0 when none */
    char why[512];
} xml_ctx;

/*
 * Keeps the first schema error (line and libxml2's reason, tidied: the
 * namespace braces dropped, no trailing full stop or newline).
 */
static void on_schema_error(void *data, xmlErrorPtr err)
{
    xml_ctx *ctx = data;
    if (ctx->line || !err || err->level < XML_ERR_ERROR)
        return;
    ctx->line = err->line > 0 ? err->line : 1;
    const char *msg = err->message ? err->message : "invalid";
    const char *strip = "{" KAIJI_NS "}";
    size_t sl = strlen(strip), n = 0;
    for (const char *m = msg; *m && n + 1 < sizeof ctx->why;) {
        if (strncmp(m, strip, sl) == 0) {
            m += sl;
            continue;
        }
        ctx->why[n++] = *m++;
    }
    while (n > 0 && (ctx->why[n - 1] == '\n' || ctx->why[n - 1] == ' ' ||
                     ctx->why[n - 1] == '.'))
        n--;
    ctx->why[n] = '\0';
}

/*
 * Keeps the first well-formedness error of the parser context whose
 * _private is an xml_ctx (the last one, which xmlCtxtGetLastError gives, is
 * often a consequence: "Premature end of data").
 */
static void on_parse_error(void *data, xmlErrorPtr err)
{
    (void)data;
    xmlParserCtxtPtr p = err ? err->ctxt : NULL;
    xml_ctx *ctx = p ? p->_private : NULL;
    if (!ctx || ctx->line || err->level < XML_ERR_ERROR)
        return;
    ctx->line = err->line > 0 ? err->line : 1;
    snprintf(ctx->why, sizeof ctx->why, "%s", err->message ? err->message : "not well-formed");
    size_t n = strlen(ctx->why);
    while (n > 0 && (ctx->why[n - 1] == '\n' || ctx->why[n - 1] == ' ' ||
                     ctx->why[n - 1] == '.'))
        ctx->why[--n] = '\0';
}

static bool is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           strcmp((const char *)n->ns->href, KAIJI_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *first_child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

/*
 * A copy in the document of the text of n (or "" when n is NULL): all
 * character data inside it, as written.
 */
static int node_text(xml_ctx *ctx, const xmlNode *n, const char **out)
{
    *out = "";
    if (!n)
        return KAIJI_OK;
    xmlChar *s = xmlNodeGetContent(n);
    if (!s && n->children)
        return KAIJI_ERROR_NOMEM;
    *out = kaiji_document_strdup(ctx->doc, s ? (const char *)s : "");
    xmlFree(s);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* A copy of attribute name of n; *present says whether it was there. */
static int attr_text(xml_ctx *ctx, const xmlNode *n, const char *name,
                     const char **out, bool *present)
{
    *out = "";
    if (present)
        *present = false;
    xmlChar *s = xmlGetNoNsProp(n, BAD_CAST name);
    if (!s)
        return KAIJI_OK;
    if (present)
        *present = true;
    *out = kaiji_document_strdup(ctx->doc, (const char *)s);
    xmlFree(s);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* A date attribute (YYYY-MM-DD, or YYYY-MM for a month: day 0) of n. */
static int attr_date(xml_ctx *ctx, const xmlNode *n, const char *name,
                     kaiji_date *out)
{
    *out = (kaiji_date){0, 0, 0};
    xmlChar *s = xmlGetNoNsProp(n, BAD_CAST name);
    if (!s || !*s) {
        xmlFree(s);
        return KAIJI_OK;
    }
    int y = 0, m = 0, d = 0;
    size_t len = strlen((const char *)s);
    bool ok = len == 7 ? s[4] == '-' && sscanf((const char *)s, "%4d-%2d", &y, &m) == 2
                       : sscanf((const char *)s, "%4d-%2d-%2d", &y, &m, &d) == 3 && d >= 1;
    *out = (kaiji_date){y, m, d};
    if (!ok || !kaiji_date_valid(*out)) {
        *out = (kaiji_date){0, 0, 0};
        snprintf(ctx->why, sizeof ctx->why,
                 _("the kaiji document is malformed at line %ld: %s=\"%.20s\" is not a calendar date"),
                 xmlGetLineNo(n), name, (const char *)s);
        xmlFree(s);
        return BAD;
    }
    xmlFree(s);
    return KAIJI_OK;
}

/* The normalised answer named by attribute name of n (the schema allows
 * only the names kaiji_answer_name() gives). */
static kaiji_answer attr_answer(const xmlNode *n, const char *name, bool *present)
{
    xmlChar *s = xmlGetNoNsProp(n, BAD_CAST name);
    *present = s != NULL;
    kaiji_answer a = s ? kaiji_answer_from_name((const char *)s) : KAIJI_ANSWER_BLANK;
    xmlFree(s);
    return a;
}

static int read_fields(xml_ctx *ctx, const xmlNode *fields)
{
    for (const xmlNode *f = fields ? fields->children : NULL; f; f = f->next) {
        if (!is_elem(f, "field"))
            continue;
        const char *name, *loc, *text;
        int rc;
        if ((rc = attr_text(ctx, f, "name", &name, NULL)) != KAIJI_OK ||
            (rc = attr_text(ctx, f, "location", &loc, NULL)) != KAIJI_OK ||
            (rc = node_text(ctx, f, &text)) != KAIJI_OK)
            return rc;
        kaiji_field field = kaiji_field_from_name(name);
        if (field == KAIJI_FIELD__COUNT)
            continue; /* the schema lets none through */
        if ((rc = kaiji_document_set_field(ctx->doc, field, text, loc)) != KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

static int read_targets(xml_ctx *ctx, kaiji_item *item, const xmlNode *targets)
{
    for (const xmlNode *t = targets ? targets->children : NULL; t; t = t->next) {
        if (!is_elem(t, "target") || item->target_count >= KAIJI_MAX_TARGETS)
            continue;
        kaiji_target_answer *ta = &item->targets[item->target_count];
        bool present;
        int rc;
        ta->answer = attr_answer(t, "answer", &present);
        if ((rc = attr_text(ctx, t, "name", &ta->name, NULL)) != KAIJI_OK ||
            (rc = node_text(ctx, t, &ta->text)) != KAIJI_OK)
            return rc;
        item->target_count++;
    }
    return KAIJI_OK;
}

static int read_confirmations(xml_ctx *ctx, kaiji_item *item, const xmlNode *confs)
{
    for (const xmlNode *c = confs ? confs->children : NULL; c; c = c->next) {
        if (!is_elem(c, "confirmation") ||
            item->confirmation_count >= KAIJI_MAX_CONFIRMATIONS)
            continue;
        size_t i = item->confirmation_count;
        int rc;
        if ((rc = attr_date(ctx, c, "date", &item->confirmations[i])) != KAIJI_OK ||
            (rc = node_text(ctx, c, &item->confirmation_texts[i])) != KAIJI_OK)
            return rc;
        item->confirmation_count++;
    }
    return KAIJI_OK;
}

/* One <item> appended to the document. */
static int read_item(xml_ctx *ctx, const xmlNode *n)
{
    kaiji_item *item = kaiji_document_add_item(ctx->doc);
    if (!item)
        return KAIJI_ERROR_NOMEM;
    const xmlNode *answer = first_child(n, "answer");
    const xmlNode *tdate = first_child(n, "target_date");
    bool has_loc, has_value;
    int rc;
    if ((rc = attr_text(ctx, n, "id", &item->id, NULL)) != KAIJI_OK ||
        (rc = attr_text(ctx, n, "location", &item->location, &has_loc)) != KAIJI_OK ||
        (rc = node_text(ctx, first_child(n, "section"), &item->section)) != KAIJI_OK ||
        (rc = node_text(ctx, first_child(n, "question"), &item->question)) != KAIJI_OK ||
        (rc = node_text(ctx, answer, &item->answer_text)) != KAIJI_OK ||
        (rc = node_text(ctx, first_child(n, "answer_comment"), &item->answer_comment)) != KAIJI_OK ||
        (rc = node_text(ctx, first_child(n, "remarks"), &item->remarks)) != KAIJI_OK ||
        (rc = node_text(ctx, tdate, &item->target_date_text)) != KAIJI_OK)
        return rc;
    if (tdate && (rc = attr_date(ctx, tdate, "date", &item->target_date)) != KAIJI_OK)
        return rc;
    item->answer = answer ? attr_answer(answer, "value", &has_value) : KAIJI_ANSWER_BLANK;
    if (answer && !has_value &&
        (rc = kaiji_item_set_answer_text(ctx->doc, item, item->answer_text)) != KAIJI_OK)
        return rc;
    if (!has_loc) {
        item->location = kaiji_arena_printf(ctx->doc->arena, "line %ld", xmlGetLineNo(n));
        if (!item->location)
            return KAIJI_ERROR_NOMEM;
    }
    if ((rc = read_targets(ctx, item, first_child(n, "targets"))) != KAIJI_OK)
        return rc;
    return read_confirmations(ctx, item, first_child(n, "confirmations"));
}

/* The validated tree under root into the document. */
static int read_tree(xml_ctx *ctx, const xmlNode *root)
{
    kaiji_document *doc = ctx->doc;
    const char *kind;
    int rc;
    if ((rc = attr_text(ctx, root, "kind", &kind, NULL)) != KAIJI_OK ||
        (rc = attr_text(ctx, root, "form_version", &doc->form_version, NULL)) != KAIJI_OK ||
        (rc = attr_text(ctx, root, "guideline", &doc->guideline, NULL)) != KAIJI_OK ||
        (rc = attr_date(ctx, root, "document_date", &doc->date)) != KAIJI_OK)
        return rc;
    doc->kind = kaiji_kind_from_name(kind);
    if ((rc = read_fields(ctx, first_child(root, "fields"))) != KAIJI_OK)
        return rc;
    const xmlNode *items = first_child(root, "items");
    for (const xmlNode *n = items ? items->children : NULL; n; n = n->next)
        if (is_elem(n, "item") && (rc = read_item(ctx, n)) != KAIJI_OK)
            return rc;
    return KAIJI_OK;
}

/*
 * Validates tree against shared (the compiled XSD), or against the XSD built
 * into the library, compiled here, when shared is NULL.  Returns KAIJI_OK
 * (valid), BAD (ctx->line and ctx->why say where and why), or
 * KAIJI_ERROR_NOMEM.
 */
static int validate_tree(xml_ctx *ctx, xmlDocPtr tree, const xmlSchema *shared)
{
    int rc;
    xmlSchemaPtr own = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;

    if (!shared) {
        rc = kaiji_xml_schema_compile(&own);
        if (rc == KAIJI_ERROR_NOT_FOUND) {
            snprintf(ctx->why, sizeof ctx->why,
                     _("this build of kaiji lacks the schema of its own XML format"));
            return BAD;
        }
        if (rc != KAIJI_OK)
            return rc;
        shared = own;
    }
    rc = KAIJI_ERROR_NOMEM;
    /* libxml2 only reads the schema while validating; the cast drops a
     * const its API does not carry. */
    vctxt = xmlSchemaNewValidCtxt((xmlSchemaPtr)shared);
    if (!vctxt)
        goto done;
    xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, ctx);
    int v = xmlSchemaValidateDoc(vctxt, tree);
    if (v == 0)
        rc = KAIJI_OK;
    else if (v > 0 || ctx->line)
        rc = BAD;
done:
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(own);
    return rc;
}

/*
 * Reads len bytes of xml (UTF-8, kaiji's exchange format) into doc.  Text
 * that is not well-formed or not valid against the schema fails doc with
 * file-corrupt (line and reason); a DTD with file-unsafe; more than
 * MAX_XML_MARKUP elements with file-too-large; another root element or
 * format version with unsupported-format.  schema is the compiled XSD to
 * share, or NULL.  KAIJI_ERROR_NOMEM only when memory runs out.
 */
int kaiji_read_kaiji_xml(kaiji_document *doc, const char *xml, size_t len,
                         const kaiji_limits *limits, const xmlSchema *schema)
{
    int rc = KAIJI_OK;
    xmlParserCtxtPtr pctxt = NULL;
    xmlDocPtr tree = NULL;
    xml_ctx ctx = {.doc = doc, .line = 0, .why = ""};
    (void)limits;

    doc->format = KAIJI_FORMAT_KAIJI_XML;
    if (!kaiji_gate_xml_text(doc, &xml, &len, &rc))
        goto done;
    /* The document is read as a tree (the schema needs one): about 36 bytes
     * of memory a byte of "<x/>" (a 12 MB file took 437 MiB).  A form's
     * export has a few thousand elements; count the '<' first. */
    size_t marks = 0;
    for (const char *p = xml, *end = xml + len;
         marks <= MAX_XML_MARKUP && (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
        marks++;
    if (marks > MAX_XML_MARKUP) {
        rc = kaiji_document_fail(doc, "file-too-large",
                                 _("the kaiji document holds more than %u elements; a form "
                                   "holds a few thousand"),
                                 MAX_XML_MARKUP);
        goto done;
    }
    xmlInitParser();
    pctxt = xmlNewParserCtxt();
    if (!pctxt) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    pctxt->_private = &ctx;
    pctxt->sax->serror = on_parse_error;
    tree = xmlCtxtReadMemory(pctxt, xml, (int)len, NULL, "UTF-8", kaiji_xml_options());
    if (!tree || !pctxt->wellFormed) {
        xmlErrorPtr err = xmlCtxtGetLastError(pctxt);
        if (err && err->code == XML_ERR_NO_MEMORY) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        rc = kaiji_document_fail(doc, "file-corrupt", _("the XML is broken at line %d: %s"),
                                 ctx.line ? ctx.line : 1,
                                 ctx.why[0] ? ctx.why : _("not well-formed"));
        goto done;
    }
    ctx.line = 0;
    ctx.why[0] = '\0';
    if (tree->intSubset || tree->extSubset) {
        rc = kaiji_gate_refuse_dtd(doc);
        goto done;
    }
    const xmlNode *root = xmlDocGetRootElement(tree);
    if (!is_elem(root, "kaiji-document")) {
        rc = kaiji_document_fail(doc, "unsupported-format",
                                 "the XML file is not a kaiji document (its root is not "
                                 "<kaiji-document> in namespace " KAIJI_NS ")");
        goto done;
    }
    xmlChar *version = xmlGetNoNsProp(root, BAD_CAST "kaiji");
    bool known = version && strcmp((const char *)version, "1") == 0;
    xmlFree(version);
    if (!known) {
        rc = kaiji_document_fail(doc, "unsupported-format",
                                 _("the kaiji document is of a format version this kaiji "
                                 "cannot read (only kaiji=\"1\")"));
        goto done;
    }
    rc = validate_tree(&ctx, tree, schema);
    if (rc == BAD) {
        rc = kaiji_document_fail(doc, "file-corrupt",
                                 _("the kaiji document does not follow its schema at line %d: %s"),
                                 ctx.line ? ctx.line : 1, ctx.why);
        goto done;
    }
    if (rc != KAIJI_OK)
        goto done;
    rc = read_tree(&ctx, root);
    if (rc == BAD) {
        rc = kaiji_document_fail(doc, "file-corrupt", "%s", ctx.why);
    }
done:
    if (tree) /* else libxml2 may not be loaded */
        xmlFreeDoc(tree);
    if (pctxt)
        xmlFreeParserCtxt(pctxt);
    return rc;
}
