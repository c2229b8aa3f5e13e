/*
 * parser/readers.h - the readers behind kaiji_read_file(), one per format.
 * Not installed.
 *
 * Each reader takes a document that already has its path (and SHA-256), the
 * file's bytes, and the limits.  It sets the document's format and fills it:
 * kind, header fields, items.  When the bytes cannot be read it marks the
 * document unreadable with kaiji_document_fail() and a finding code
 * (file-corrupt, file-too-large, file-unsafe, ...) and a message a hospital
 * clerk understands; that is still KAIJI_OK.  A reader returns
 * KAIJI_ERROR_NOMEM only when memory runs out.  No reader crashes, loops or
 * reads outside its input on any bytes whatsoever.
 */
#ifndef KAIJI_READERS_H
#define KAIJI_READERS_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/common.h"
#include "model/model.h"

/* libxml2's compiled schema (libxml/xmlschemas.h). */
struct _xmlSchema;
#include "parser/grid.h"
#include "catalog/vocab.h"

/* ---- the gate: untrusted XML and JSON (parser/gate.c) ---------------- */

/*
 * Every XML or JSON text a vendor sent goes through the gate before a
 * parser sees a byte of it, and the gate guarantees, for every reader:
 *
 *  - DTD: a text whose prolog carries a <!DOCTYPE> is refused (file-unsafe)
 *    before it is parsed, in the words of kaiji_gate_dtd_why(); libxml2
 *    reads untrusted text only with kaiji_xml_options() (no network, no
 *    entity expansion, no DTD loading), and a DOCTYPE a parser meets all
 *    the same is refused in the same words (kaiji_gate_refuse_dtd()).
 *  - Size: the whole file is within kaiji_limits.max_file_size (checked by
 *    kaiji_read_memory() for every format, before the gate); an XML text is
 *    at most INT_MAX bytes, what libxml2 takes (file-too-large).
 *  - BOM: a UTF-8 BOM is told by kaiji_text_bom() alone and dropped here;
 *    no reader is handed one.
 *  - Encoding: an XML file is converted to UTF-8 from the encoding it
 *    declares (a BOM or encoding="...": UTF-8, Shift_JIS, CP932, EUC-JP,
 *    UTF-16), a JSON text must be UTF-8; bytes that are not valid in their
 *    encoding are refused (file-corrupt).
 *  - Attributes: an XML file read by content (kaiji_gate_xml()) with a tag
 *    of more than KAIJI_XML_MAX_ATTRIBUTES attributes is refused
 *    (file-unsafe).
 *
 * The parts of an XLSX are not whole texts: they are streamed from the ZIP
 * into libxml2 (parser/xlsx_parts.c) under the ZIP caps, with the same
 * options, their tags' attributes counted as they inflate, and a part with
 * a DOCTYPE is refused in the words kaiji_gate_dtd_why() gives for a part.
 *
 * A refusal fails the document (kaiji_document_fail(): a finding, still
 * KAIJI_OK); KAIJI_ERROR_NOMEM is returned only when memory runs out.
 */

/* The room kaiji_gate_dtd_why() needs. */
#define KAIJI_GATE_WHY 512

/* The words of the DTD refusal into why: of an XML file when part is NULL,
 * else of that part of a workbook.  Cut short as snprintf() does. */
void kaiji_gate_dtd_why(char why[KAIJI_GATE_WHY], const char *part);

/* Fails doc (file-unsafe) for the DTD of an XML file; returns what
 * kaiji_document_fail() returns. */
int kaiji_gate_refuse_dtd(kaiji_document *doc);

/*
 * The bytes of an XML file, as sent, to the text an XML reader is handed:
 * converted to UTF-8, BOM dropped, refused on a DTD or on a tag of too many
 * attributes.  KAIJI_OK with *out the text (malloc'd, NUL-terminated,
 * *out_len bytes; the caller frees it), or KAIJI_OK with *out NULL when doc
 * has been failed; KAIJI_ERROR_NOMEM.
 */
int kaiji_gate_xml(char **out, size_t *out_len, kaiji_document *doc,
                   const unsigned char *data, size_t size);

/*
 * What an XML reader does first with the UTF-8 text it is handed (*xml,
 * *len bytes): a BOM is skipped (*xml and *len moved past it), a DTD and a
 * text longer than INT_MAX bytes are refused, libxml2 is loaded
 * (kaiji_gate_libxml).  true when the text may be parsed; false when doc
 * has been failed, with *rc KAIJI_OK, KAIJI_ERROR_IO (libxml2 missing) or
 * KAIJI_ERROR_NOMEM.
 */
bool kaiji_gate_xml_text(kaiji_document *doc, const char **xml, size_t *len, int *rc);

/*
 * What a reader that parses with libxml2 does before its first libxml2
 * call (kaiji_gate_xml_text does it last): loads libxml2
 * (model/libxml.h).  true when it is loaded; false when it cannot be, doc
 * then failed (file-unreadable, the message naming the package to
 * install) and *rc KAIJI_ERROR_IO, as for a file that cannot be opened
 * (kaiji_read_file), or KAIJI_ERROR_NOMEM.
 */
bool kaiji_gate_libxml(kaiji_document *doc, int *rc);

/*
 * A JSON text (*json, *len bytes), as sent: a BOM is skipped (*json and
 * *len moved past it), bytes that are not UTF-8 are refused.  true when the
 * text may be parsed; false when doc has been failed, with *rc KAIJI_OK or
 * KAIJI_ERROR_NOMEM.
 */
bool kaiji_gate_json(kaiji_document *doc, const char **json, size_t *len, int *rc);

/* XLSX / XLSM / Strict OOXML (a ZIP). */
int kaiji_read_xlsx(kaiji_document *doc, const unsigned char *data,
                    size_t size, const kaiji_limits *limits,
                    const kaiji_vocab *vocab);

/* The XLSX reader's first half: the workbook's cells, without recognition.
 * On unreadable input, doc is failed and *out is NULL (KAIJI_ERROR_IO when
 * libxml2 cannot be loaded: kaiji_gate_libxml).  Used by tests and by
 * catalog import. */
int kaiji_xlsx_workbook(kaiji_workbook **out, kaiji_document *doc,
                        const unsigned char *data, size_t size,
                        const kaiji_limits *limits);

/* An OpenDocument spreadsheet (.ods, a ZIP; parser/ods.c): content.xml
 * streamed through libxml2's xmlTextReader under the gate's rules, the
 * same caps as an XLSX, the same grid for recognition. */
int kaiji_read_ods(kaiji_document *doc, const unsigned char *data, size_t size,
                   const kaiji_limits *limits, const kaiji_vocab *vocab);

/* The ODS reader's first half: the spreadsheet's cells, without
 * recognition.  On unreadable input, doc is failed and *out is NULL
 * (KAIJI_ERROR_IO when libxml2 cannot be loaded: kaiji_gate_libxml). */
int kaiji_ods_workbook(kaiji_workbook **out, kaiji_document *doc,
                       const unsigned char *data, size_t size,
                       const kaiji_limits *limits);

/* true when the size bytes at data are a ZIP that is an OpenDocument
 * package, by content: its mimetype entry first (as OpenDocument writes
 * it); not when its first entry is [Content_Types].xml (as OOXML writers
 * put it); else a mimetype entry or META-INF/manifest.xml and no
 * [Content_Types].xml.  A ZIP that cannot be opened is not (the XLSX
 * reader says why). */
bool kaiji_ods_sniff(const unsigned char *data, size_t size, const kaiji_limits *limits);

/* An OLE compound file: a legacy .xls (file-legacy-xls) or a
 * password-protected OOXML workbook holding EncryptedPackage
 * (file-encrypted).  Always leaves doc unreadable. */
int kaiji_read_ole(kaiji_document *doc, const unsigned char *data, size_t size);

/* The XML readers take UTF-8 text; each passes it through
 * kaiji_gate_xml_text() before its parser sees a byte. */
int kaiji_read_ss2003(kaiji_document *doc, const char *xml, size_t len,
                      const kaiji_limits *limits, const kaiji_vocab *vocab);
int kaiji_ss2003_workbook(kaiji_workbook **out, kaiji_document *doc,
                          const char *xml, size_t len,
                          const kaiji_limits *limits);
/* schema: the compiled XSD of kaiji's XML format, shared (see
 * kaiji_xml_schema_compile in catalog/schema.h), or NULL to compile it for
 * this one read. */
int kaiji_read_kaiji_xml(kaiji_document *doc, const char *xml, size_t len,
                         const kaiji_limits *limits, const struct _xmlSchema *schema);
int kaiji_read_mds2_xml(kaiji_document *doc, const char *xml, size_t len,
                        const kaiji_limits *limits);

/* kaiji's exchange format, JSON; the text passes kaiji_gate_json() first. */
int kaiji_read_kaiji_json(kaiji_document *doc, const char *json, size_t len,
                          const kaiji_limits *limits);


/* ---- a workbook read sheet by sheet (parser/sheets.c) ---------------- */

#include "kaiji/read.h"

/* The forms of one file: a document per form, and the cells they came from. */
typedef struct kaiji_forms {
    kaiji_document **docs; /* in sheet order; at least one after success */
    size_t count;
    kaiji_workbook *wb;    /* the workbook's cells, or NULL (not an XLSX) */
} kaiji_forms;

/*
 * Reads the file at path as kaiji_read_file() does and, when it is an XLSX or ODS
 * workbook, recognises each visible sheet by itself with vocab: when two
 * sheets or more read as forms of different kinds (the checklist's
 * 事業者確認用 and 医療機関確認用), each becomes a document of its own (a
 * sheet that names no form version takes the workbook's); otherwise *out
 * holds the one document kaiji_read_file() gives.  Returns as
 * kaiji_read_file() does (KAIJI_ERROR_IO with *out holding the unreadable
 * document); free *out with kaiji_forms_free() in every case.
 */
int kaiji_read_forms(kaiji_forms *out, const char *path, const kaiji_read_options *opts,
                     const kaiji_vocab *vocab);
void kaiji_forms_free(kaiji_forms *forms); /* NULL-safe; leaves *forms empty */

/* The sheet of wb a location ("Sheet!C14", "'My Sheet'!C14") names, with
 * its row into *row (when not NULL); NULL when it names none. */
const kaiji_sheet *kaiji_location_sheet(const kaiji_workbook *wb, const char *location,
                                        uint32_t *row);

/* A row of target labels (サーバ | 端末PC | ネットワーク機器) heading a
 * checklist table's answer columns. */
typedef struct kaiji_target_header {
    uint32_t row;
    size_t count;
    uint32_t c1[KAIJI_MAX_TARGETS], c2[KAIJI_MAX_TARGETS]; /* each label's columns */
    const char *names[KAIJI_MAX_TARGETS];                 /* owned by the vocab */
    /* Whether the drop-down lists under it tell the targets asked: some row
     * has a list in some target cells and not in others (a list over the
     * whole block says nothing).  -1 until looked at. */
    int lists_tell;
} kaiji_target_header;

/* The target headers of one sheet, found once for all its items.  Start
 * zeroed; free with kaiji_target_headers_free(). */
typedef struct kaiji_target_headers {
    const kaiji_sheet *sheet;
    kaiji_target_header *rows; /* in row order */
    size_t count;
} kaiji_target_headers;
void kaiji_target_headers_free(kaiji_target_headers *cache); /* leaves it zeroed */

/*
 * The targets a blank checklist offers item (read from wb) answers for,
 * from the cells of its row under the nearest target header above it (kept
 * in cache, for the sheet last asked about): a cell merged over two targets
 * or more is one answer for the item (*count 0); a cell holding text
 * (はい・いいえ printed to be circled, or an answer) is a target asked, and
 * then only those are; in a row without text, a cell with a drop-down list
 * is one asked when the lists of the table tell targets apart; a stroke,
 * 斜線 or 対象外 is one not asked.  *known is true with
 * names[0..*count) (owned by vocab) when the cells say, also true with
 * *count 0 when no target header lies above; false when they do not say
 * (every target cell empty).  KAIJI_OK, or KAIJI_ERROR_NOMEM.
 */
int kaiji_blank_targets(const kaiji_workbook *wb, const kaiji_vocab *vocab,
                        kaiji_target_headers *cache, const kaiji_item *item,
                        const char *names[KAIJI_MAX_TARGETS], size_t *count, bool *known);

#endif
