/*
 * parser/xmlsafe.h - what every XML reader does before libxml2 sees a byte.
 * Not installed.
 *
 * Untrusted XML is read only as UTF-8 text without a DTD: no DTD is loaded,
 * no entity expanded, no network touched.  The readers do not call these
 * checks one by one: they pass through the gate (parser/gate.c), whose
 * guarantees parser/readers.h states.
 */
#ifndef KAIJI_XMLSAFE_H
#define KAIJI_XMLSAFE_H

#include <stdbool.h>
#include <stddef.h>

/* libxml2 parser options for untrusted input: XML_PARSE_NONET,
 * XML_PARSE_NOCDATA off, XML_PARSE_IGNORE_ENC (the text is UTF-8 already),
 * XML_PARSE_NOERROR | XML_PARSE_NOWARNING (errors are collected, not
 * printed), and never XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
int kaiji_xml_options(void);

/* true when the prolog of len bytes of xml carries a <!DOCTYPE>. */
bool kaiji_xml_has_dtd(const char *xml, size_t len);

/*
 * The encoding an XML text declares: from a BOM (UTF-8, UTF-16LE/BE) or the
 * encoding="..." of its XML declaration, into enc (at least 32 bytes); "UTF-8"
 * when it declares none.
 */
void kaiji_xml_declared_encoding(const unsigned char *data, size_t len,
                                 char enc[32]);

/*
 * Converts an XML file's bytes to UTF-8 text without BOM, whatever encoding
 * it declares (UTF-8, Shift_JIS, CP932, EUC-JP, UTF-16).  *out is malloc'd
 * and NUL-terminated.  Returns false (and *out NULL) when the bytes are not
 * valid in that encoding, writing a reason into why (at least 128 bytes).
 */
bool kaiji_xml_to_utf8(const unsigned char *data, size_t len, char **out,
                       size_t *out_len, char why[128]);

/*
 * The most attributes (namespace declarations included) one start tag may
 * carry.  libxml2 2.9 looks for a repeated attribute by comparing each with
 * every one before it, so a tag of n attributes costs n^2: one element of a
 * million took minutes.  No tag of OOXML, XML Spreadsheet 2003, parseMDS2 or
 * kaiji's XML comes near this.
 */
#define KAIJI_XML_MAX_ATTRIBUTES 128u

/* Where a scan of XML text stands between two pieces of it. */
typedef struct kaiji_xml_scan {
    int state;       /* in text, in a tag, in a quoted value */
    char quote;      /* the quote that opened the value */
    unsigned attrs;  /* '=' seen in the tag so far */
} kaiji_xml_scan;

/*
 * Scans the next len bytes of an XML text read in pieces (s zeroed before the
 * first) for a start tag with more than KAIJI_XML_MAX_ATTRIBUTES attributes;
 * false once one is found.  Counts '=' outside quoted values between '<' and
 * '>'; comments and CDATA sections are passed over.
 */
bool kaiji_xml_scan_feed(kaiji_xml_scan *s, const char *p, size_t len);

/* The local name and namespace URI of the root element of xml, into name and
 * ns (at least 128 bytes each); false when no element is found. */
bool kaiji_xml_root(const char *xml, size_t len, char name[128], char ns[128]);

#endif
