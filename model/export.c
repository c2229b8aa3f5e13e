/*
 * model/export.c - a document in kaiji's exchange format, JSON (cJSON) and
 * XML (libxml2's xmlTextWriter).  The format is described, field by field, by
 * formats/schema/kaiji-document.schema.json and formats/schema/kaiji-document.xsd;
 * the readers are parser/kaiji_json.c and parser/kaiji_xml.c.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/xmlwriter.h>

#include "kaiji/export.h"
#include "model/model.h"

#define KAIJI_EXCHANGE_VERSION "1"
#define KAIJI_EXCHANGE_NS "urn:kaiji:document:1"

/* Adds key: value (NULL taken as "") to obj; false when memory runs out. */
static bool json_str(cJSON *obj, const char *key, const char *value)
{
    return cJSON_AddStringToObject(obj, key, value ? value : "") != NULL;
}

static bool json_date(cJSON *obj, const char *key, kaiji_date date)
{
    char buf[11];
    return json_str(obj, key, kaiji_date_valid(date) ? kaiji_date_format(buf, date) : "");
}

/* The "fields" object: every field that has a text or a location. */
static bool json_fields(cJSON *root, const kaiji_document *doc)
{
    cJSON *fields = cJSON_AddObjectToObject(root, "fields");
    if (!fields)
        return false;
    for (int f = 0; f < KAIJI_FIELD__COUNT; f++) {
        const char *text = kaiji_document_field(doc, (kaiji_field)f);
        const char *loc = kaiji_document_field_location(doc, (kaiji_field)f);
        if (!*text && !*loc)
            continue;
        cJSON *field = cJSON_AddObjectToObject(fields, kaiji_field_name((kaiji_field)f));
        if (!field || !json_str(field, "text", text))
            return false;
        if (*loc && !json_str(field, "location", loc))
            return false;
    }
    return true;
}


/* A new empty object appended to array, or NULL when memory runs out. */
static cJSON *json_push_object(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddItemToArray(array, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}
/* One item as a JSON object appended to items. */
static bool json_item(cJSON *items, const kaiji_item *item)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return false;
    if (!cJSON_AddItemToArray(items, obj)) {
        cJSON_Delete(obj);
        return false;
    }
    if (!json_str(obj, "id", kaiji_item_id(item)) ||
        !json_str(obj, "section", kaiji_item_section(item)) ||
        !json_str(obj, "question", kaiji_item_question(item)) ||
        !json_str(obj, "answer", kaiji_answer_name(kaiji_item_answer(item))) ||
        !json_str(obj, "answer_text", kaiji_item_answer_text(item)) ||
        !json_str(obj, "answer_comment", kaiji_item_answer_comment(item)) ||
        !json_str(obj, "remarks", kaiji_item_remarks(item)))
        return false;
    size_t nt = kaiji_item_target_count(item);
    if (nt > 0) {
        cJSON *targets = cJSON_AddArrayToObject(obj, "targets");
        if (!targets)
            return false;
        for (size_t i = 0; i < nt; i++) {
            cJSON *t = json_push_object(targets);
            if (!t ||
                !json_str(t, "name", kaiji_item_target_name(item, i)) ||
                !json_str(t, "answer", kaiji_answer_name(kaiji_item_target_answer(item, i))) ||
                !json_str(t, "text", kaiji_item_target_text(item, i)))
                return false;
        }
    }
    if (!json_date(obj, "target_date", kaiji_item_target_date(item)) ||
        !json_str(obj, "target_date_text", kaiji_item_target_date_text(item)))
        return false;
    size_t nc = kaiji_item_confirmation_count(item);
    if (nc > 0) {
        cJSON *confs = cJSON_AddArrayToObject(obj, "confirmations");
        if (!confs)
            return false;
        for (size_t i = 0; i < nc; i++) {
            cJSON *c = json_push_object(confs);
            if (!c ||
                !json_date(c, "date", kaiji_item_confirmation_date(item, i)) ||
                !json_str(c, "text", kaiji_item_confirmation_text(item, i)))
                return false;
        }
    }
    return json_str(obj, "location", kaiji_item_location(item));
}

/*
 * Writes doc as pretty-printed JSON into *out (malloc'd, caller frees).
 * Findings and status are not written.  KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_export_json(char **out, const kaiji_document *doc)
{
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        goto error;
    if (!json_str(root, "kaiji", KAIJI_EXCHANGE_VERSION) ||
        !json_str(root, "kind", kaiji_kind_name(kaiji_document_kind(doc))) ||
        !json_str(root, "form_version", kaiji_document_form_version(doc)) ||
        !json_str(root, "guideline", kaiji_document_guideline(doc)) ||
        !json_date(root, "document_date", kaiji_document_date(doc)))
        goto error;
    cJSON *source = cJSON_AddObjectToObject(root, "source");
    if (!source || !json_str(source, "path", kaiji_document_path(doc)) ||
        !json_str(source, "format", kaiji_format_name(kaiji_document_format(doc))) ||
        !json_str(source, "sha256", kaiji_document_sha256(doc)))
        goto error;
    if (!json_fields(root, doc))
        goto error;
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    if (!items)
        goto error;
    for (size_t i = 0; i < kaiji_document_item_count(doc); i++)
        if (!json_item(items, kaiji_document_item(doc, i)))
            goto error;
    *out = cJSON_Print(root);
    if (!*out)
        goto error;
    cJSON_Delete(root);
    return KAIJI_OK;
error:
    cJSON_Delete(root);
    return KAIJI_ERROR_NOMEM;
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
 * (malloc'd, caller frees).  KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_export_xml(char **out, const kaiji_document *doc)
{
    *out = NULL;
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
