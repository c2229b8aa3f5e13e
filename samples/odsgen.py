"""odsgen - writes an xlsxgen.Book as an OpenDocument spreadsheet (.ods).

Python 3 standard library only, deterministic (fixed ZIP timestamps).  The
content.xml is laid out as LibreOffice Calc lays it out: identical cells side
by side written once with table:number-columns-repeated, identical rows with
table:number-rows-repeated, gaps as repeated empty cells and rows, merged
cells as table:number-columns-spanned / -rows-spanned followed by
table:covered-table-cell, dates as office:date-value, several lines as
several text:p, runs of spaces as text:s, tabs as text:tab, and (tail=True)
every sheet closed with the 1,048,576 - n empty rows of 1,024 empty cells
LibreOffice writes.  Hidden sheets use a table style with
table:display="false"; data-validation lists become table:content-validation.
"""

import datetime
import io
import re
import zipfile

from xlsxgen import ZIP_TIME, EmptyValue, esc, esc_attr, num_text, _split_ref

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MAX_ROW = 1048576
TAIL_COLS = 1024
# Sizes as LibreOffice writes them: lengths in cm; a row 0.6 cm tall (about
# the 17 pt row of the XLSX the same book gives), columns as wide as xlsxgen
# makes them (a character 7 pixels, 96 pixels an inch).
ROW_CM = 0.6


def _cm(px):
    return "%.4fcm" % (px * 2.54 / 96.0)

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def _xmlns(*names):
    return " ".join('xmlns:%s="%s"' % (n, NS[n]) for n in names)


def _paragraphs(text):
    """text:p elements showing text: a line each, runs of spaces as text:s,
    tabs as text:tab."""
    out = []
    for line in str(text).split("\n"):
        parts = []
        for tok in re.split(r"( {2,}|\t|^ | $)", line):
            if not tok:
                continue
            if tok == "\t":
                parts.append("<text:tab/>")
            elif tok.strip(" ") == "":
                n = len(tok)
                # one space stays text where it is not at an edge
                parts.append('<text:s/>' if n == 1 else '<text:s text:c="%d"/>' % n)
            else:
                parts.append(esc(tok))
        out.append("<text:p>%s</text:p>" % "".join(parts))
    return "".join(out)


def _rich_paragraphs(runs):
    inner = "".join('<text:span text:style-name="T1">%s</text:span>' % esc(t) if bold
                    else esc(t) for t, bold in runs)
    return "<text:p>%s</text:p>" % inner


def _cell_xml(cell, span, validation):
    """The attributes and content of a table:table-cell (without the
    repeat count)."""
    a = ""
    if span:
        rows, cols = span
        if cols > 1:
            a += ' table:number-columns-spanned="%d"' % cols
        if rows > 1:
            a += ' table:number-rows-spanned="%d"' % rows
    if validation:
        a += ' table:content-validation-name="%s"' % validation
    if cell is None:
        return a, ""
    v = cell.value
    if cell.formula:
        a += ' table:formula="of:=%s"' % esc_attr(cell.formula)
    if v is None or v == "" or isinstance(v, EmptyValue):
        return a, ""
    if isinstance(v, bool):
        a += ' office:value-type="boolean" office:boolean-value="%s"' % ("true" if v else "false")
        return a, "<text:p>%s</text:p>" % ("TRUE" if v else "FALSE")
    if isinstance(v, datetime.date):
        a += (' table:style-name="ce_date" office:value-type="date" office:date-value="%s"'
              % v.isoformat())
        return a, "<text:p>%d/%d/%d</text:p>" % (v.year, v.month, v.day)
    if isinstance(v, (int, float)):
        a += ' office:value-type="float" office:value="%s"' % num_text(v)
        return a, "<text:p>%s</text:p>" % num_text(v)
    a += ' office:value-type="string"'
    if cell.rich:
        return a, _rich_paragraphs(cell.rich)
    return a, _paragraphs(v)


def _validation_names(book):
    """{(sheet index, row, col): name} and the content-validations XML."""
    at, xml = {}, []
    for si, sheet in enumerate(book.sheets):
        for vi, (sq, f1) in enumerate(sheet.validations):
            name = "val%d_%d" % (si + 1, vi + 1)
            a, b = sq.split(":")
            r1, c1 = _split_ref(a)
            r2, c2 = _split_ref(b)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    at[(si, r, c)] = name
            if f1.startswith('"'):
                items = ";".join('&quot;%s&quot;' % esc(x) for x in f1.strip('"').split(","))
            else:
                sh, rng = f1.split("!")
                p, q = rng.replace("$", "").split(":")
                items = "[$%s.$%s:.$%s]" % (esc(sh), p, q)
            xml.append('<table:content-validation table:name="%s" '
                       'table:condition="of:cell-content-is-in-list(%s)" '
                       'table:allow-empty-cell="true" table:display-list="unsorted" '
                       'table:base-cell-address="%s.%s"/>'
                       % (name, items, esc_attr(sheet.name), a))
    if not xml:
        return at, ""
    return at, "<table:content-validations>%s</table:content-validations>" % "".join(xml)


def _shapes_at(sheet):
    """{(row, col): xml of the shapes anchored in that cell}: an ellipse (or
    a rounded box) from (col, x px, row, fraction) to (col2, x2, row2, f2),
    as LibreOffice anchors a shape to a cell: table:end-cell-address with
    the offsets in the end cell, svg:x/y from the sheet's corner."""
    at = {}
    row_px = ROW_CM / 2.54 * 96.0

    def edge(col):
        return sum(sheet.col_px(c) for c in range(1, col))

    for n, (prst, (c1, x1, r1, f1), (c2, x2, r2, f2)) in enumerate(sheet.shapes, 1):
        left, top = edge(c1) + x1, (r1 - 1 + f1) * row_px
        right, bottom = edge(c2) + x2, (r2 - 1 + f2) * row_px
        geometry = {"ellipse": "ellipse", "roundRect": "round-rectangle"}.get(prst, "rectangle")
        xml = ('<draw:custom-shape table:end-cell-address="%s.%s" table:end-x="%s" '
               'table:end-y="%s" draw:z-index="%d" draw:name="楕円 %d" svg:width="%s" '
               'svg:height="%s" svg:x="%s" svg:y="%s"><text:p/>'
               '<draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="%s"/>'
               '</draw:custom-shape>'
               % (esc_attr(sheet.name), "%s%d" % (_col_letter(c2), r2), _cm(x2),
                  _cm(f2 * row_px), n - 1, n, _cm(right - left), _cm(bottom - top),
                  _cm(left), _cm(top), geometry))
        at[(r1, c1)] = at.get((r1, c1), "") + xml
    return at


def _col_letter(col):
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def _sheet_xml(si, sheet, vnames, tail):
    merges = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in sheet.merges}
    covered = set()
    for r1, c1, r2, c2 in sheet.merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    covered.add((r, c))
    max_row = max([r for r, _ in sheet.cells] + [r2 for _, _, r2, _ in sheet.merges] + [1])
    max_col = max([c for _, c in sheet.cells] + [c2 for _, _, _, c2 in sheet.merges] + [1])
    shapes = _shapes_at(sheet)
    out = ['<table:table table:name="%s" table:style-name="%s">'
           % (esc_attr(sheet.name), "ta_hidden" if sheet.hidden else "ta1")]
    widths = [sheet.col_px(c) for c in range(1, max_col + 1)]
    c = 0
    while c < len(widths):
        n = 1
        while c + n < len(widths) and widths[c + n] == widths[c]:
            n += 1
        out.append('<table:table-column table:style-name="co%d"%s/>'
                   % (widths[c], ' table:number-columns-repeated="%d"' % n if n > 1 else ""))
        c += n
    if tail:
        out.append('<table:table-column table:style-name="co%d" '
                   'table:number-columns-repeated="%d"/>' % (64, TAIL_COLS - max_col))

    def row_xml(r):
        cells = []  # [key, xml] with key to merge identical neighbours
        for c in range(1, max_col + 1):
            drawn = shapes.get((r, c), "")
            if (r, c) in covered:
                if drawn:
                    cells.append([("covered", drawn), ("<table:covered-table-cell",
                                                       ">" + drawn + "</table:covered-table-cell>")])
                else:
                    cells.append([("covered",), ("<table:covered-table-cell", "/>")])
                continue
            cell = sheet.cells.get((r, c))
            a, body = _cell_xml(cell, merges.get((r, c)), vnames.get((si, r, c)))
            body = drawn + body
            if body:
                cells.append([(a, body), ("<table:table-cell",
                                          a + ">" + body + "</table:table-cell>")])
            else:
                cells.append([("empty", a), ("<table:table-cell", a + "/>")])
        if tail:
            cells.append([("empty", ""), ("<table:table-cell", "/>"), TAIL_COLS - max_col])
        parts, i = [], 0
        while i < len(cells):
            n = cells[i][2] if len(cells[i]) > 2 else 1
            j = i + 1
            while j < len(cells) and cells[j][0] == cells[i][0] and len(cells[j]) == 2:
                n += 1
                j += 1
            rep = ' table:number-columns-repeated="%d"' % n if n > 1 else ""
            parts.append(cells[i][1][0] + rep + cells[i][1][1])
            i = j
        return "".join(parts)

    rows = [row_xml(r) for r in range(1, max_row + 1)]
    i = 0
    while i < len(rows):
        j = i + 1
        while j < len(rows) and rows[j] == rows[i]:
            j += 1
        rep = ' table:number-rows-repeated="%d"' % (j - i) if j - i > 1 else ""
        out.append('<table:table-row table:style-name="ro1"%s>%s</table:table-row>'
                   % (rep, rows[i]))
        i = j
    if tail:
        out.append('<table:table-row table:style-name="ro1" table:number-rows-repeated="%d">'
                   '<table:table-cell table:number-columns-repeated="%d"/></table:table-row>'
                   % (MAX_ROW - max_row, TAIL_COLS))
    out.append("</table:table>")
    return "".join(out)


def _length_styles(book):
    widths = {64}
    for sheet in book.sheets:
        max_col = max([c for _, c in sheet.cells] + [c2 for _, _, _, c2 in sheet.merges] + [1])
        widths.update(sheet.col_px(c) for c in range(1, max_col + 1))
    return "".join('<style:style style:name="co%d" style:family="table-column">'
                   '<style:table-column-properties style:column-width="%s"/></style:style>'
                   % (w, _cm(w)) for w in sorted(widths)) + (
        '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
        'style:row-height="%.3fcm" style:use-optimal-row-height="false"/></style:style>'
        % ROW_CM)


def content_xml(book, tail=True):
    vnames, validations = _validation_names(book)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-content %s office:version="1.3">'
            '<office:automatic-styles>%s'
            '<style:style style:name="ta1" style:family="table">'
            '<style:table-properties table:display="true"/></style:style>'
            '<style:style style:name="ta_hidden" style:family="table">'
            '<style:table-properties table:display="false"/></style:style>'
            '<style:style style:name="T1" style:family="text">'
            '<style:text-properties fo:font-weight="bold"/></style:style>'
            '</office:automatic-styles>'
            '<office:body><office:spreadsheet>%s%s</office:spreadsheet></office:body>'
            '</office:document-content>'
            % (_xmlns("office", "style", "text", "table", "fo", "number", "of", "calcext",
                      "draw", "svg"),
               _length_styles(book), validations,
               "".join(_sheet_xml(i, s, vnames, tail) for i, s in enumerate(book.sheets))))


def meta_xml(book):
    props = ""
    if book.title:
        props += "<dc:title>%s</dc:title>" % esc(book.title)
    if book.subject:
        props += "<dc:subject>%s</dc:subject>" % esc(book.subject)
    if book.keywords:
        props += "<meta:keyword>%s</meta:keyword>" % esc(book.keywords)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-meta %s office:version="1.3"><office:meta>'
            '<meta:generator>kaiji samples/odsgen.py</meta:generator>'
            '<meta:initial-creator>SYNTHETIC SAMPLE (kaiji)</meta:initial-creator>'
            '<meta:creation-date>2024-09-01T00:00:00</meta:creation-date>%s'
            '</office:meta></office:document-meta>'
            % (_xmlns("office", "dc", "meta"), props))


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
            'manifest:media-type="%s"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>' % MIMETYPE)


def write_ods(book, tail=True, parts=None):
    """The bytes of book as an .ods.  parts replaces or adds entries
    ({name: str or bytes}; None as a value leaves the entry out)."""
    entries = [("mimetype", MIMETYPE, zipfile.ZIP_STORED),
               ("content.xml", content_xml(book, tail), zipfile.ZIP_DEFLATED),
               ("meta.xml", meta_xml(book), zipfile.ZIP_DEFLATED),
               ("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)]
    parts = dict(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, how in entries:
            if name in parts:
                data = parts.pop(name)
            if data is None:
                continue
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = how
            zi.create_system = 0
            zi.external_attr = 0
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
        for name, data in sorted(parts.items()):
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()
