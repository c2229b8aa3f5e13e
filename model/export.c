/*
 * model/export.c - a document in kaiji's exchange format, JSON (written as
 * cJSON_Print lays it out) and
 * XML (libxml2's xmlTextWriter).  The format is described, field by field, by
 * formats/schema/kaiji-document.schema.json and formats/schema/kaiji-document.xsd;
 * the readers are parser/kaiji_json.c and parser/kaiji_xml.c.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/libxml.h"

#include "base/buf.h"
#include "kaiji/export.h"
#include "model/model.h"

#define KAIJI_EXCHANGE_VERSION "1"
#define KAIJI_EXCHANGE_NS "urn:kaiji:document:1"

/*
 * The JSON is written straight into a buffer, in the layout cJSON_Print()
 * gives (tabs, "key":<tab>value, objects in arrays as "}, {"), which the
 * export had when it built a cJSON tree first: building and freeing that
 * tree was half of the export's time (tests/test_exchange.c checks that
 * cJSON prints the text again byte for byte).
 */
#define JW_MAX_DEPTH 8

typedef struct jw {
    kaiji_buf b;
    size_t depth;
    bool any[JW_MAX_DEPTH + 1]; /* per depth: a member or element written */
} jw;

static void jw_tabs(jw *w, size_t n)
{
    while (n--)
        kaiji_buf_putc(&w->b, '\t');
}

/* The characters of s (NULL taken as ""), escaped as cJSON escapes them,
 * without the quotes: runs without an escape in one append each. */
static void jw_body(jw *w, const char *s)
{
    kaiji_buf_json_escaped(&w->b, s ? s : "");
}

/* true when s has a character that JSON escapes. */
static bool jw_escapes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 32 || *s == '"' || *s == '\\')
            return true;
    return false;
}

/* The next member's key, of the object open, then quote (the opening quote
 * of a string value, or nothing): ",\n" but for the first, the tabs, "key":
 * and a tab, in one append when the key is short and plain. */
static void jw_key_then(jw *w, const char *key, const char *quote)
{
    char tmp[128];
    size_t n = 0, klen = strlen(key), qlen = strlen(quote);

    if (w->any[w->depth]) {
        tmp[n++] = ',';
        tmp[n++] = '\n';
    }
    w->any[w->depth] = true;
    for (size_t i = 0; i < w->depth; i++)
        tmp[n++] = '\t';
    if (n + klen + 4 + qlen > sizeof tmp || jw_escapes(key)) {
        kaiji_buf_append(&w->b, tmp, n);
        kaiji_buf_putc(&w->b, '"');
        jw_body(w, key);
        kaiji_buf_puts(&w->b, "\":\t");
        kaiji_buf_puts(&w->b, quote);
        return;
    }
    tmp[n++] = '"';
    memcpy(tmp + n, key, klen);
    n += klen;
    tmp[n++] = '"';
    tmp[n++] = ':';
    tmp[n++] = '\t';
    memcpy(tmp + n, quote, qlen);
    n += qlen;
    kaiji_buf_append(&w->b, tmp, n);
}

/* Opens an object (as a value: after a key, or an element). */
static void jw_object(jw *w)
{
    kaiji_buf_puts(&w->b, "{\n");
    w->any[++w->depth] = false;
}

static void jw_end_object(jw *w)
{
    if (w->any[w->depth])
        kaiji_buf_putc(&w->b, '\n');
    jw_tabs(w, w->depth - 1);
    kaiji_buf_putc(&w->b, '}');
    w->depth--;
}

static void jw_array(jw *w)
{
    kaiji_buf_putc(&w->b, '[');
    w->any[++w->depth] = false;
}

static void jw_end_array(jw *w)
{
    kaiji_buf_putc(&w->b, ']');
    w->depth--;
}

/* The next element of the array open. */
static void jw_element(jw *w)
{
    if (w->any[w->depth])
        kaiji_buf_puts(&w->b, ", ");
    w->any[w->depth] = true;
}

/* The next member's key, of the object open. */
static void jw_key(jw *w, const char *key)
{
    jw_key_then(w, key, "");
}

/* key: value (NULL taken as ""). */
static void json_str(jw *w, const char *key, const char *value)
{
    jw_key_then(w, key, "\"");
    jw_body(w, value);
    kaiji_buf_putc(&w->b, '"');
}

static void json_date(jw *w, const char *key, kaiji_date date)
{
    char buf[11];
    json_str(w, key, kaiji_date_valid(date) ? kaiji_date_format(buf, date) : "");
}

/* The "fields" object: every field that has a text or a location. */
static void json_fields(jw *w, const kaiji_document *doc)
{
    jw_key(w, "fields");
    jw_object(w);
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        const char *text = kaiji_document_field(doc, (kaiji_field)f);
        const char *loc = kaiji_document_field_location(doc, (kaiji_field)f);
        if (!*text && !*loc)
            continue;
        jw_key(w, kaiji_field_name((kaiji_field)f));
        jw_object(w);
        json_str(w, "text", text);
        if (*loc)
            json_str(w, "location", loc);
        jw_end_object(w);
    }
    jw_end_object(w);
}

/* One item as a JSON object, the next element of the items array. */
static void json_item(jw *w, const kaiji_item *item)
{
    jw_element(w);
    jw_object(w);
    json_str(w, "id", kaiji_item_id(item));
    json_str(w, "section", kaiji_item_section(item));
    json_str(w, "question", kaiji_item_question(item));
    json_str(w, "answer", kaiji_answer_name(kaiji_item_answer(item)));
    json_str(w, "answer_text", kaiji_item_answer_text(item));
    json_str(w, "answer_comment", kaiji_item_answer_comment(item));
    json_str(w, "remarks", kaiji_item_remarks(item));
    size_t nt = kaiji_item_target_count(item);
    if (nt > 0) {
        jw_key(w, "targets");
        jw_array(w);
        for (size_t i = 0; i < nt; i++) {
            jw_element(w);
            jw_object(w);
            json_str(w, "name", kaiji_item_target_name(item, i));
            json_str(w, "answer", kaiji_answer_name(kaiji_item_target_answer(item, i)));
            json_str(w, "text", kaiji_item_target_text(item, i));
            jw_end_object(w);
        }
        jw_end_array(w);
    }
    json_date(w, "target_date", kaiji_item_target_date(item));
    json_str(w, "target_date_text", kaiji_item_target_date_text(item));
    size_t nc = kaiji_item_confirmation_count(item);
    if (nc > 0) {
        jw_key(w, "confirmations");
        jw_array(w);
        for (size_t i = 0; i < nc; i++) {
            jw_element(w);
            jw_object(w);
            json_date(w, "date", kaiji_item_confirmation_date(item, i));
            json_str(w, "text", kaiji_item_confirmation_text(item, i));
            jw_end_object(w);
        }
        jw_end_array(w);
    }
    json_str(w, "location", kaiji_item_location(item));
    jw_end_object(w);
}

/*
 * Writes doc as pretty-printed JSON into *out (malloc'd, caller frees).
 * Findings and status are not written.  KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_export_json(char **out, const kaiji_document *doc)
{
    jw w = {.depth = 0};

    *out = NULL;
    kaiji_buf_init(&w.b);
    jw_object(&w);
    json_str(&w, "kaiji", KAIJI_EXCHANGE_VERSION);
    json_str(&w, "kind", kaiji_kind_name(kaiji_document_kind(doc)));
    json_str(&w, "form_version", kaiji_document_form_version(doc));
    json_str(&w, "guideline", kaiji_document_guideline(doc));
    json_date(&w, "document_date", kaiji_document_date(doc));
    jw_key(&w, "source");
    jw_object(&w);
    json_str(&w, "path", kaiji_document_path(doc));
    json_str(&w, "format", kaiji_format_name(kaiji_document_format(doc)));
    json_str(&w, "sha256", kaiji_document_sha256(doc));
    jw_end_object(&w);
    json_fields(&w, doc);
    jw_key(&w, "items");
    jw_array(&w);
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++)
        json_item(&w, kaiji_document_item(doc, i));
    jw_end_array(&w);
    jw_end_object(&w);
    /* A failed append sticks: one check for them all. */
    *out = kaiji_buf_detach(&w.b, NULL);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/*
 * s made fit for XML 1.0 text: characters XML cannot carry (C0 controls but
 * tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD.  Returns s itself when it is
 * fit, else a malloc'd copy in *copy (NULL when memory runs out: then the
 * result is NULL).
 */
static const char *xml_fit(const char *s, char **copy)
{
    *copy = NULL;
    size_t bad = 0, len = strlen(s);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r') ||
            (u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBF &&
             (u[i + 2] == 0xBE || u[i + 2] == 0xBF)))
            bad++;
    }
    if (!bad)
        return s;
    char *o = malloc(len + bad * 3 + 1);
    if (!o)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        bool ctl = u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r';
        bool nonchar = u[i] == 0xEF && i + 2 < len && u[i + 1] == 0xBF &&
                       (u[i + 2] == 0xBE || u[i + 2] == 0xBF);
        if (ctl || nonchar) {
            memcpy(o + n, "\xEF\xBF\xBD", 3);
            n += 3;
            if (nonchar)
                i += 2;
        } else {
            o[n++] = s[i];
        }
    }
    o[n] = '\0';
    *copy = o;
    return o;
}

/* Writes attribute name="value" (value made XML-fit); false on failure. */
static bool xml_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *copy;
    const char *v = xml_fit(value ? value : "", &copy);
    if (!v)
        return false;
    int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
    free(copy);
    return rc >= 0;
}

static bool xml_text(xmlTextWriterPtr w, const char *text)
{
    char *copy;
    const char *v = xml_fit(text ? text : "", &copy);
    if (!v)
        return false;
    int rc = *v ? xmlTextWriterWriteString(w, BAD_CAST v) : 0;
    free(copy);
    return rc >= 0;
}

/* <name>text</name>, left out when text is "". */
static bool xml_elem(xmlTextWriterPtr w, const char *name, const char *text)
{
    if (!text || !*text)
        return true;
    return xmlTextWriterStartElement(w, BAD_CAST name) >= 0 &&
           xml_text(w, text) && xmlTextWriterEndElement(w) >= 0;
}

static bool xml_date_attr(xmlTextWriterPtr w, const char *name, kaiji_date date)
{
    char buf[11];
    if (!kaiji_date_valid(date))
        return true;
    return xml_attr(w, name, kaiji_date_format(buf, date));
}

static bool xml_fields(xmlTextWriterPtr w, const kaiji_document *doc)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "fields") < 0)
        return false;
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        const char *text = kaiji_document_field(doc, (kaiji_field)f);
        const char *loc = kaiji_document_field_location(doc, (kaiji_field)f);
        if (!*text && !*loc)
            continue;
        if (xmlTextWriterStartElement(w, BAD_CAST "field") < 0 ||
            !xml_attr(w, "name", kaiji_field_name((kaiji_field)f)) ||
            (*loc && !xml_attr(w, "location", loc)) || !xml_text(w, text) ||
            xmlTextWriterEndElement(w) < 0)
            return false;
    }
    return xmlTextWriterEndElement(w) >= 0;
}

/* One <item>, in the element order the XSD fixes. */
static bool xml_item(xmlTextWriterPtr w, const kaiji_item *item)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "item") < 0 ||
        !xml_attr(w, "id", kaiji_item_id(item)) ||
        !xml_attr(w, "location", kaiji_item_location(item)) ||
        !xml_elem(w, "section", kaiji_item_section(item)) ||
        !xml_elem(w, "question", kaiji_item_question(item)))
        return false;
    if (xmlTextWriterStartElement(w, BAD_CAST "answer") < 0 ||
        !xml_attr(w, "value", kaiji_answer_name(kaiji_item_answer(item))) ||
        !xml_text(w, kaiji_item_answer_text(item)) ||
        xmlTextWriterEndElement(w) < 0)
        return false;
    if (!xml_elem(w, "answer_comment", kaiji_item_answer_comment(item)) ||
        !xml_elem(w, "remarks", kaiji_item_remarks(item)))
        return false;
    size_t nt = kaiji_item_target_count(item);
    if (nt > 0) {
        if (xmlTextWriterStartElement(w, BAD_CAST "targets") < 0)
            return false;
        for (size_t i = 0; i < nt; i++) {
            if (xmlTextWriterStartElement(w, BAD_CAST "target") < 0 ||
                !xml_attr(w, "name", kaiji_item_target_name(item, i)) ||
                !xml_attr(w, "answer", kaiji_answer_name(kaiji_item_target_answer(item, i))) ||
                !xml_text(w, kaiji_item_target_text(item, i)) ||
                xmlTextWriterEndElement(w) < 0)
                return false;
        }
        if (xmlTextWriterEndElement(w) < 0)
            return false;
    }
    kaiji_date td = kaiji_item_target_date(item);
    const char *tdt = kaiji_item_target_date_text(item);
    if (kaiji_date_valid(td) || *tdt) {
        if (xmlTextWriterStartElement(w, BAD_CAST "target_date") < 0 ||
            !xml_date_attr(w, "date", td) || !xml_text(w, tdt) ||
            xmlTextWriterEndElement(w) < 0)
            return false;
    }
    size_t nc = kaiji_item_confirmation_count(item);
    if (nc > 0) {
        if (xmlTextWriterStartElement(w, BAD_CAST "confirmations") < 0)
            return false;
        for (size_t i = 0; i < nc; i++) {
            if (xmlTextWriterStartElement(w, BAD_CAST "confirmation") < 0 ||
                !xml_date_attr(w, "date", kaiji_item_confirmation_date(item, i)) ||
                !xml_text(w, kaiji_item_confirmation_text(item, i)) ||
                xmlTextWriterEndElement(w) < 0)
                return false;
        }
        if (xmlTextWriterEndElement(w) < 0)
            return false;
    }
    return xmlTextWriterEndElement(w) >= 0;
}

/* The whole document through w. */
static bool xml_document(xmlTextWriterPtr w, const kaiji_document *doc)
{
    if (xmlTextWriterSetIndent(w, 1) < 0 ||
        xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElementNS(w, NULL, BAD_CAST "kaiji-document",
                                    BAD_CAST KAIJI_EXCHANGE_NS) < 0 ||
        !xml_attr(w, "kaiji", KAIJI_EXCHANGE_VERSION) ||
        !xml_attr(w, "kind", kaiji_kind_name(kaiji_document_kind(doc))) ||
        !xml_attr(w, "form_version", kaiji_document_form_version(doc)) ||
        !xml_attr(w, "guideline", kaiji_document_guideline(doc)) ||
        !xml_date_attr(w, "document_date", kaiji_document_date(doc)))
        return false;
    if (xmlTextWriterStartElement(w, BAD_CAST "source") < 0 ||
        !xml_attr(w, "path", kaiji_document_path(doc)) ||
        !xml_attr(w, "format", kaiji_format_name(kaiji_document_format(doc))) ||
        (*kaiji_document_sha256(doc) && !xml_attr(w, "sha256", kaiji_document_sha256(doc))) ||
        xmlTextWriterEndElement(w) < 0)
        return false;
    if (!xml_fields(w, doc) || xmlTextWriterStartElement(w, BAD_CAST "items") < 0)
        return false;
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++)
        if (!xml_item(w, kaiji_document_item(doc, i)))
            return false;
    return xmlTextWriterEndElement(w) >= 0 && /* items */
           xmlTextWriterEndDocument(w) >= 0;
}

/*
 * Writes doc as XML in the urn:kaiji:document:1 namespace into *out
 * (malloc'd, caller frees).  KAIJI_OK, KAIJI_ERROR_NOMEM, or KAIJI_ERROR_IO
 * when libxml2 cannot be loaded (model/libxml.h).
 */
int kaiji_export_xml(char **out, const kaiji_document *doc)
{
    *out = NULL;
    if (!kaiji_libxml_load(NULL))
        return KAIJI_ERROR_IO;
    int rc = KAIJI_ERROR_NOMEM;
    xmlTextWriterPtr w = NULL;
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        goto error;
    w = xmlNewTextWriterMemory(buf, 0);
    if (!w)
        goto error;
    if (!xml_document(w, doc))
        goto error;
    xmlFreeTextWriter(w); /* flushes into buf */
    w = NULL;
    const char *content = (const char *)xmlBufferContent(buf);
    size_t len = (size_t)xmlBufferLength(buf);
    *out = malloc(len + 1);
    if (!*out)
        goto error;
    memcpy(*out, content, len);
    (*out)[len] = '\0';
    rc = KAIJI_OK;
error:
    xmlFreeTextWriter(w);
    xmlBufferFree(buf);
    return rc;
}
