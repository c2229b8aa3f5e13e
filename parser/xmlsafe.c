/*
 * parser/xmlsafe.c - preparing untrusted XML for libxml2: one encoding
 * (UTF-8), no DTD, and options that keep the parser off the network and
 * away from entity expansion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>

#include "parser/readers.h"
#include "parser/xmlsafe.h"
#include "text/text.h"

int kaiji_xml_options(void)
{
    return XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR |
           XML_PARSE_NOWARNING;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Skips the prolog: white space, the XML declaration, processing
 * instructions and comments.  Returns the offset of the first other '<'
 * construct (a DOCTYPE or the root element), or len.
 */
static size_t skip_prolog(const char *xml, size_t len)
{
    size_t i = kaiji_text_bom(xml, len);
    while (i < len) {
        if (is_space(xml[i])) {
            i++;
        } else if (i + 1 < len && xml[i] == '<' && xml[i + 1] == '?') {
            const char *end = NULL;
            for (size_t j = i + 2; j + 1 < len; j++)
                if (xml[j] == '?' && xml[j + 1] == '>') {
                    end = xml + j;
                    break;
                }
            if (!end)
                return len;
            i = (size_t)(end - xml) + 2;
        } else if (i + 3 < len && memcmp(xml + i, "<!--", 4) == 0) {
            size_t j = i + 4;
            while (j + 2 < len && memcmp(xml + j, "-->", 3) != 0)
                j++;
            if (j + 2 >= len)
                return len;
            i = j + 3;
        } else {
            return i;
        }
    }
    return len;
}

bool kaiji_xml_has_dtd(const char *xml, size_t len)
{
    size_t i = skip_prolog(xml, len);
    return i + 9 <= len && memcmp(xml + i, "<!DOCTYPE", 9) == 0;
}

void kaiji_xml_declared_encoding(const unsigned char *data, size_t len,
                                 char enc[32])
{
    strcpy(enc, "UTF-8");
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
        strcpy(enc, "UTF-16LE");
        return;
    }
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
        strcpy(enc, "UTF-16BE");
        return;
    }
    /* UTF-16 without BOM: "<\0?\0" or "\0<\0?". */
    if (len >= 4 && data[0] == '<' && data[1] == 0 && data[2] == '?' && data[3] == 0) {
        strcpy(enc, "UTF-16LE");
        return;
    }
    if (len >= 4 && data[0] == 0 && data[1] == '<' && data[2] == 0 && data[3] == '?') {
        strcpy(enc, "UTF-16BE");
        return;
    }
    size_t i = kaiji_text_bom(data, len);
    if (len - i < 5 || memcmp(data + i, "<?xml", 5) != 0)
        return;
    size_t end = i + 5;
    while (end + 1 < len && !(data[end] == '?' && data[end + 1] == '>') && end < i + 256)
        end++;
    for (size_t j = i + 5; j + 8 < end; j++) {
        if (memcmp(data + j, "encoding", 8) != 0)
            continue;
        size_t k = j + 8;
        while (k < end && is_space((char)data[k]))
            k++;
        if (k >= end || data[k] != '=')
            return;
        k++;
        while (k < end && is_space((char)data[k]))
            k++;
        if (k >= end || (data[k] != '"' && data[k] != '\''))
            return;
        unsigned char q = data[k++];
        size_t n = 0;
        while (k < end && data[k] != q && n < 31) {
            unsigned char c = data[k++];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
                return;
            enc[n++] = (char)c;
        }
        if (n == 0)
            strcpy(enc, "UTF-8");
        else
            enc[n] = '\0';
        return;
    }
}

bool kaiji_xml_to_utf8(const unsigned char *data, size_t len, char **out,
                       size_t *out_len, char why[128])
{
    char enc[32];
    *out = NULL;
    *out_len = 0;
    kaiji_xml_declared_encoding(data, len, enc);
    bool utf8 = strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0 ||
                strcasecmp(enc, "US-ASCII") == 0 || strcasecmp(enc, "ASCII") == 0;
    if (utf8) {
        size_t skip = kaiji_text_bom(data, len);
        if (!kaiji_text_utf8_valid((const char *)data + skip, len - skip)) {
            snprintf(why, 128, "the file says it is UTF-8 but holds bytes that are not valid UTF-8");
            return false;
        }
        char *copy = malloc(len - skip + 1);
        if (!copy) {
            snprintf(why, 128, "out of memory");
            return false;
        }
        memcpy(copy, data + skip, len - skip);
        copy[len - skip] = '\0';
        *out = copy;
        *out_len = len - skip;
        return true;
    }
    if (!kaiji_text_to_utf8(enc, (const char *)data, len, out, out_len)) {
        snprintf(why, 128, "the file says it is %s but holds bytes that are not valid in that encoding", enc);
        return false;
    }
    /* A BOM that survived the conversion. */
    if (kaiji_text_bom(*out, *out_len)) {
        memmove(*out, *out + 3, *out_len - 3 + 1);
        *out_len -= 3;
    }
    return true;
}

/* true for the bytes of an XML name (ASCII letters, digits, _-.: and any
 * byte of a multi-byte UTF-8 sequence). */
static bool is_name_byte(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == ':' || c >= 0x80;
}

bool kaiji_xml_root(const char *xml, size_t len, char name[128], char ns[128])
{
    size_t i = skip_prolog(xml, len);
    name[0] = ns[0] = '\0';
    if (i >= len || xml[i] != '<' || i + 1 >= len || !is_name_byte((unsigned char)xml[i + 1]))
        return false;
    size_t start = ++i;
    while (i < len && is_name_byte((unsigned char)xml[i]))
        i++;
    size_t qlen = i - start;
    if (qlen == 0 || qlen >= 128)
        return false;
    char qname[128];
    memcpy(qname, xml + start, qlen);
    qname[qlen] = '\0';
    const char *colon = strchr(qname, ':');
    char prefix[128] = "";
    if (colon) {
        memcpy(prefix, qname, (size_t)(colon - qname));
        prefix[colon - qname] = '\0';
        snprintf(name, 128, "%s", colon + 1);
    } else {
        snprintf(name, 128, "%s", qname);
    }
    /* The namespace declaration for the prefix, within the start tag. */
    char attr[160];
    if (prefix[0])
        snprintf(attr, sizeof attr, "xmlns:%s", prefix);
    else
        snprintf(attr, sizeof attr, "xmlns");
    size_t alen = strlen(attr);
    size_t end = i;
    while (end < len && xml[end] != '>')
        end++;
    for (size_t j = i + 1; j + alen < end; j++) {
        if (!is_space(xml[j - 1]))
            continue;
        if (memcmp(xml + j, attr, alen) != 0)
            continue;
        size_t k = j + alen;
        while (k < end && is_space(xml[k]))
            k++;
        if (k >= end || xml[k] != '=')
            continue;
        k++;
        while (k < end && is_space(xml[k]))
            k++;
        if (k >= end || (xml[k] != '"' && xml[k] != '\''))
            continue;
        char q = xml[k++];
        size_t n = 0;
        while (k < end && xml[k] != q && n < 127)
            ns[n++] = xml[k++];
        ns[n] = '\0';
        break;
    }
    return true;
}

/* In text; just past a '<'; in a tag; in a quoted value; in a comment,
 * CDATA section or declaration ("<!"), which ends at the first '>': that may
 * end a comment early, and what follows is then scanned as text and tags,
 * which only counts more, never fewer, '=' than libxml2 will see. */
enum { SCAN_TEXT = 0, SCAN_OPEN, SCAN_TAG, SCAN_QUOTED, SCAN_BANG };

/* The bytes a tag's scan stops at: a table lookup a byte. */
static const unsigned char stop_tag[256] = {['>'] = 1, ['"'] = 1, ['\''] = 1, ['='] = 1};

/* The first c in [p, end), or end: a few bytes looked at in line (the text
 * between two tags of a sheet and most attribute values are that short),
 * then memchr, which takes long ones many bytes at a time. */
static inline const unsigned char *find_byte(const unsigned char *p, const unsigned char *end,
                                             unsigned char c)
{
    for (int i = 0; i < 8 && p < end; i++, p++)
        if (*p == c)
            return p;
    if (p == end)
        return end;
    const unsigned char *q = memchr(p, c, (size_t)(end - p));
    return q ? q : end;
}

/* One pass over the bytes as a state machine of gotos: the state is kept in
 * s only where a piece ends, and a stop byte costs a branch or two, not a
 * dispatch on the state (this runs on every byte of every part). */
bool kaiji_xml_scan_feed(kaiji_xml_scan *s, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    unsigned attrs = s->attrs;
    unsigned char c;

    switch (s->state) {
    case SCAN_OPEN:
        goto open;
    case SCAN_TAG:
        goto tag;
    case SCAN_QUOTED:
        goto quoted;
    case SCAN_BANG:
        goto bang;
    default:
        break;
    }
text:
    p = find_byte(p, end, '<');
    if (p == end) {
        s->state = SCAN_TEXT;
        goto out;
    }
    p++;
    attrs = 0;
open:
    if (p == end) {
        s->state = SCAN_OPEN;
        goto out;
    }
    if (*p == '!')
        goto bang;
tag:
    for (;;) {
        while (p < end && !stop_tag[*p])
            p++;
        if (p == end) {
            s->state = SCAN_TAG;
            goto out;
        }
        c = *p++;
        if (c == '>')
            goto text;
        if (c == '=') {
            if (++attrs > KAIJI_XML_MAX_ATTRIBUTES) {
                s->attrs = attrs;
                return false;
            }
            continue;
        }
        s->quote = (char)c;
    quoted:
        p = find_byte(p, end, (unsigned char)s->quote);
        if (p == end) {
            s->state = SCAN_QUOTED;
            goto out;
        }
        p++;
    }
bang:
    p = find_byte(p, end, '>');
    if (p == end) {
        s->state = SCAN_BANG;
        goto out;
    }
    p++;
    goto text;
out:
    s->attrs = attrs;
    return true;
}
