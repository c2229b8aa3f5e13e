/*
 * parser/gate.c - the one entrance for untrusted XML and JSON: what a file
 * a vendor sent must pass before a parser sees a byte of it.  The UTF-8 BOM
 * is told here, the DTD refused here (in the words of kaiji_gate_dtd_why()),
 * the encoding converted or checked here, the length libxml2 takes checked
 * here.  What each function promises is in parser/readers.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/libxml.h"
#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "text/text.h"
#include "model/i18n.h"

void kaiji_gate_dtd_why(char why[KAIJI_GATE_WHY], const char *part)
{
    if (part)
        snprintf(why, KAIJI_GATE_WHY,
                 _("the workbook part %s declares a DTD, which kaiji refuses for safety"),
                 part);
    else
        snprintf(why, KAIJI_GATE_WHY, "%s",
                 _("the XML file carries a DTD (<!DOCTYPE>), which can make a reader "
                   "fetch other files or expand without end; kaiji refuses it"));
}

int kaiji_gate_refuse_dtd(kaiji_document *doc)
{
    char why[KAIJI_GATE_WHY];

    kaiji_gate_dtd_why(why, NULL);
    return kaiji_document_fail(doc, "file-unsafe", "%s", why);
}

int kaiji_gate_xml(char **out, size_t *out_len, kaiji_document *doc,
                   const unsigned char *data, size_t size)
{
    char *xml = NULL, why[128];
    size_t len = 0;
    int rc = KAIJI_OK;
    kaiji_xml_scan scan = {0};

    *out = NULL;
    *out_len = 0;
    if (!kaiji_xml_to_utf8(data, size, &xml, &len, why)) {
        if (strcmp(why, "out of memory") == 0)
            return KAIJI_ERROR_NOMEM;
        return kaiji_document_fail(doc, "file-corrupt", "%s", why);
    }
    if (kaiji_xml_has_dtd(xml, len)) {
        rc = kaiji_gate_refuse_dtd(doc);
        goto refused;
    }
    if (!kaiji_xml_scan_feed(&scan, xml, len)) {
        rc = kaiji_document_fail(doc, "file-unsafe",
            _("an element of the XML file has more than %u attributes; kaiji refuses it"),
            KAIJI_XML_MAX_ATTRIBUTES);
        goto refused;
    }
    *out = xml;
    *out_len = len;
    return KAIJI_OK;

refused:
    free(xml);
    return rc;
}

bool kaiji_gate_xml_text(kaiji_document *doc, const char **xml, size_t *len, int *rc)
{
    size_t bom = kaiji_text_bom(*xml, *len);

    *xml += bom;
    *len -= bom;
    *rc = KAIJI_OK;
    if (kaiji_xml_has_dtd(*xml, *len)) {
        *rc = kaiji_gate_refuse_dtd(doc);
        return false;
    }
    if (*len > INT_MAX) {
        *rc = kaiji_document_fail(doc, "file-too-large",
                                  _("the XML file is %zu bytes, too large to read"), *len);
        return false;
    }
    return kaiji_gate_libxml(doc, rc);
}

bool kaiji_gate_libxml(kaiji_document *doc, int *rc)
{
    const char *missing = NULL;

    *rc = KAIJI_OK;
    if (kaiji_libxml_load(&missing))
        return true;
    *rc = kaiji_document_fail(doc, "file-unreadable",
                              _("cannot load libxml2 (%s), which reading this file needs: "
                                "install the package %s"),
                              missing, KAIJI_LIBXML_PACKAGE);
    if (*rc == KAIJI_OK)
        *rc = KAIJI_ERROR_IO;
    return false;
}

bool kaiji_gate_json(kaiji_document *doc, const char **json, size_t *len, int *rc)
{
    size_t bom = kaiji_text_bom(*json, *len);

    *json += bom;
    *len -= bom;
    *rc = KAIJI_OK;
    if (!kaiji_text_utf8_valid(*json, *len)) {
        *rc = kaiji_document_fail(doc, "file-corrupt",
                                  _("the JSON file holds bytes that are not valid UTF-8"));
        return false;
    }
    return true;
}
