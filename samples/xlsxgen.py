"""xlsxgen - a tiny, deterministic spreadsheet writer for kaiji's samples.

Python 3 standard library only.  A Book holds sheets of cells; write_xlsx()
turns it into the bytes of an XLSX/XLSM written in one of several "writer
styles" (the ways Excel, LibreOffice, the .NET OpenXML SDK and others lay out
the same workbook), write_ss2003() into Excel's "XML Spreadsheet 2003".
Every ZIP entry has a fixed timestamp, so the same Book gives the same bytes.
"""

import datetime
import io
import unicodedata
import zipfile

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MAIN_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR_STRICT = "http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing"
NS_A_STRICT = "http://purl.oclc.org/ooxml/drawingml/main"

# Sizes as kaiji reads them: a column width of w characters is w * 7 pixels,
# a column without one 64 pixels; 9525 EMU a pixel, 12700 EMU a point; a
# half-width character of the default font about 22/3 pixels wide.
EMU_PX = 9525
EMU_PT = 12700
DEFAULT_COL_PX = 64
HALF_WIDTH_PX = 22.0 / 3.0
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"

ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Number formats by style name: (numFmtId, formatCode or None for built-in).
DATE_FORMATS = {
    "date": (177, "yyyy/m/d;@"),
    "era": (176, '[$-411]ggge"年"m"月"d"日";@'),
    "era-plain": (178, "[$-411]ggge年m月d日"),
    "builtin": (14, None),
    "iso": (179, "yyyy-mm-dd"),
}


def col_letter(col):
    """1 -> A, 27 -> AA."""
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def ref(row, col):
    return "%s%d" % (col_letter(col), row)


def esc(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def esc_attr(text):
    return esc(text).replace('"', "&quot;")


class EmptyValue:
    """A cell written with an empty value, as some writers do: xml is the
    whole <c> element after its attributes ("t=\"s\"><v/></c>" ...).  Other
    readers take it as an empty cell."""

    def __init__(self, name, xml):
        self.name = name
        self.xml = xml

    def __repr__(self):
        return self.name


EMPTY_SHARED = EmptyValue("EMPTY_SHARED", ' t="s"><v/></c>')
EMPTY_SHARED_OPEN = EmptyValue("EMPTY_SHARED_OPEN", ' t="s"><v></v></c>')
EMPTY_NUMBER = EmptyValue("EMPTY_NUMBER", "><v/></c>")
EMPTY_BOOL = EmptyValue("EMPTY_BOOL", ' t="b"><v/></c>')
EMPTY_INLINE = EmptyValue("EMPTY_INLINE", ' t="inlineStr"></c>')


class Cell:
    """A value (str, int, float, bool, datetime.date or None) and how it is
    shown: style is None, "date", "era", "era-plain", "builtin", "iso",
    "bold", "grey" or "wrap"; rich is a list of (text, bold) runs; phonetic
    is a list of (start, end, reading) runs; formula is the formula text
    (without "=") whose cached value is value."""

    __slots__ = ("value", "style", "rich", "phonetic", "formula")

    def __init__(self, value, style=None, rich=None, phonetic=None,
                 formula=None):
        self.value = value
        self.style = style
        self.rich = rich
        self.phonetic = phonetic
        self.formula = formula


class Sheet:
    def __init__(self, name, hidden=False):
        self.name = name
        self.hidden = hidden
        self.cells = {}
        self.merges = []
        self.validations = []  # (sqref, formula1)
        self.widths = {}
        # (prst, (col, x, row, f), (col, x, row, f)): 1-based cells, x in
        # pixels from the column's left edge, f a fraction of the row's height
        self.shapes = []

    def col_px(self, col):
        w = self.widths.get(col)
        return w * 7 if w is not None else DEFAULT_COL_PX

    def oval(self, row, col, x1=0.1, x2=0.9, col2=None, prst="ellipse"):
        """An ellipse over row from fraction x1 of column col to fraction x2
        of column col2 (col when None), a little inside the row."""
        col2 = col if col2 is None else col2
        self.shapes.append((prst, (col, x1 * self.col_px(col), row, 0.15),
                            (col2, x2 * self.col_px(col2), row, 0.85)))

    def oval_over_word(self, row, col, col2, text, index, prst="ellipse"):
        """An ellipse over word number index of text ("はい・いいえ") shown
        centred in the cells col..col2 of row."""
        widths = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text]
        seps = set(" ・、,/／|｜\u3000")
        words, start = [], None
        for i, ch in enumerate(text + " "):
            if ch in seps or i == len(text):
                if start is not None:
                    words.append((sum(widths[:start]), sum(widths[:i])))
                    start = None
            elif start is None:
                start = i
        cells = [self.col_px(c) for c in range(col, col2 + 1)]
        total_px = sum(cells)
        text_px = sum(widths) * HALF_WIDTH_PX
        left = (total_px - text_px) / 2
        a, b = words[index]
        x1 = left + a * HALF_WIDTH_PX - 4
        x2 = left + b * HALF_WIDTH_PX + 4

        def at(x):
            c = col
            for w in cells:
                if x < w or c == col2:
                    return c, max(0.0, min(x, w))
                x -= w
                c += 1
        c1, px1 = at(x1)
        c2, px2 = at(x2)
        self.shapes.append((prst, (c1, px1, row, 0.15), (c2, px2, row, 0.85)))

    def set(self, row, col, value, style=None, **kw):
        if value is None or value == "":
            if style is None and not kw:
                self.cells.pop((row, col), None)
                return
        if isinstance(value, datetime.date) and style is None:
            style = "date"
        self.cells[(row, col)] = Cell(value, style, **kw)

    def merge(self, r1, c1, r2, c2):
        self.merges.append((r1, c1, r2, c2))

    def validate_list(self, r1, c1, r2, c2, formula1):
        self.validations.append(("%s:%s" % (ref(r1, c1), ref(r2, c2)),
                                 formula1))

    def max_row(self):
        return max([r for r, _ in self.cells] or [1])

    def max_col(self):
        return max([c for _, c in self.cells] or [1])

    def rows(self):
        out = {}
        for (r, c), cell in self.cells.items():
            out.setdefault(r, {})[c] = cell
        return sorted(out.items())


class Book:
    def __init__(self, date1904=False, title=""):
        self.sheets = []
        self.date1904 = date1904
        self.title = title
        # More document properties (docProps/core.xml), written when set.
        self.subject = None
        self.keywords = None
        # A whole docProps/core.xml (str) written instead of the usual one,
        # and more parts [(name, str or bytes)] with no relationship: what a
        # writer leaves damaged that kaiji does not need.
        self.core_xml = None
        self.extra_parts = []

    def add(self, name, hidden=False):
        s = Sheet(name, hidden)
        self.sheets.append(s)
        return s


def excel_serial(d, date1904=False):
    if date1904:
        return (d - datetime.date(1904, 1, 1)).days
    return (d - datetime.date(1899, 12, 30)).days


def num_text(v):
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    r = repr(float(v))
    return r[:-2] if r.endswith(".0") else r


class WriterStyle:
    """How a workbook is written.

    strings:  "shared" (sharedStrings.xml) or "inline" (t="inlineStr")
    prefix:   "" or "x:" (every SpreadsheetML element prefixed)
    strict:   Strict OOXML namespaces
    absolute: relationship targets as absolute part names (/xl/...)
    no_r:     cells and rows without r attributes (gaps written as empty
              elements, as some writers do)
    app:      "excel" or "libreoffice" (docProps, styles flavour)
    macro:    XLSM content type
    """

    def __init__(self, strings="shared", prefix="", strict=False,
                 absolute=False, no_r=False, app="excel", macro=False):
        self.strings = strings
        self.prefix = prefix
        self.strict = strict
        self.absolute = absolute
        self.no_r = no_r
        self.app = app
        self.macro = macro


EXCEL = WriterStyle()
LIBREOFFICE = WriterStyle(app="libreoffice")
INLINE = WriterStyle(strings="inline")
DOTNET = WriterStyle(strings="inline", prefix="x:", absolute=True, no_r=True)
PREFIXED = WriterStyle(prefix="x:")
STRICT = WriterStyle(strict=True)
XLSM = WriterStyle(macro=True)

STYLE_INDEX = {None: 0, "date": 1, "era": 2, "bold": 3, "grey": 4,
               "builtin": 5, "wrap": 6, "era-plain": 7, "iso": 8, "center": 9}


def _styles_xml(ws, ns, center=False):
    fmts = [DATE_FORMATS[k] for k in ("era", "date", "era-plain", "iso")]
    if ws.app == "libreoffice":
        # LibreOffice numbers its own formats from 164 and writes upper case.
        fmts = [(164, "[$-411]GGGE\"年\"M\"月\"D\"日\""), (165, "YYYY/M/D"),
                (166, "[$-411]GGGE年M月D日"), (167, "YYYY\\-MM\\-DD")]
    by_name = {"era": fmts[0][0], "date": fmts[1][0],
               "era-plain": fmts[2][0], "iso": fmts[3][0]}
    nf = "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (i, esc_attr(c))
                 for i, c in fmts)
    font = ('<font><sz val="11"/><color theme="1"/><name val="游ゴシック"/>'
            '<family val="3"/><charset val="128"/><scheme val="minor"/></font>')
    bold = ('<font><b/><sz val="11"/><color theme="1"/><name val="游ゴシック"/>'
            '<family val="3"/><charset val="128"/><scheme val="minor"/></font>')
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="%d" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyNumberFormat="1"/>' % by_name["date"],
        '<xf numFmtId="%d" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyNumberFormat="1"/>' % by_name["era"],
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" '
        'applyFont="1"/>',
        '<xf numFmtId="0" fontId="0" fillId="2" borderId="1" xfId="0" '
        'applyFill="1"/>',
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyNumberFormat="1"/>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>',
        '<xf numFmtId="%d" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyNumberFormat="1"/>' % by_name["era-plain"],
        '<xf numFmtId="%d" fontId="0" fillId="0" borderId="1" xfId="0" '
        'applyNumberFormat="1"/>' % by_name["iso"],
    ]
    if center:
        # only in books that use it, so that the others stay as they were
        xfs.append('<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" '
                   'applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>')
    body = (
        '<numFmts count="%d">%s</numFmts>'
        '<fonts count="2">%s%s</fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/>'
        '</border><border><left style="thin"/><right style="thin"/>'
        '<top style="thin"/><bottom style="thin"/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs>'
        '<cellXfs count="%d">%s</cellXfs>'
        '<cellStyles count="1"><cellStyle name="標準" xfId="0" builtinId="0"/>'
        '</cellStyles>' % (len(fmts), nf, font, bold, len(xfs), "".join(xfs)))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="%s">%s</styleSheet>' % (ns, body))


def _prefix_xml(xml, p):
    """Adds the prefix p ("x:") to every element name of a SpreadsheetML
    part written without one, and binds it instead of the default namespace."""
    if not p:
        return xml
    out = []
    i = 0
    while True:
        j = xml.find("<", i)
        if j < 0:
            out.append(xml[i:])
            break
        out.append(xml[i:j])
        k = j + 1
        if xml.startswith("?", k) or xml.startswith("!", k):
            out.append("<")
            i = k
            continue
        if xml.startswith("/", k):
            out.append("</" + p)
            i = k + 1
            continue
        out.append("<" + p)
        i = k
    s = "".join(out)
    return s.replace(' xmlns="', ' xmlns:%s="' % p[:-1], 1)


def _string_xml(cell):
    """The <si>/<is> content of a text cell: plain <t>, or rich runs, with
    phonetic runs after them."""
    text = str(cell.value)
    if cell.rich:
        runs = []
        for t, b in cell.rich:
            rpr = ('<rPr>%s<sz val="11"/><color theme="1"/>'
                   '<rFont val="游ゴシック"/><family val="3"/><charset val="128"/>'
                   '</rPr>' % ("<b/>" if b else ""))
            runs.append('<r>%s<t xml:space="preserve">%s</t></r>'
                        % (rpr, esc(t)))
        body = "".join(runs)
    else:
        sp = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        body = "<t%s>%s</t>" % (sp, esc(text))
    if cell.phonetic:
        for sb, eb, reading in cell.phonetic:
            body += '<rPh sb="%d" eb="%d"><t>%s</t></rPh>' % (sb, eb, esc(reading))
        body += '<phoneticPr fontId="1"/>'
    return body


def _row_pt(ws):
    """The height of a row of the sheets ws writes, in points."""
    return 13.8 if ws.app == "libreoffice" else 18.75


def _drawing_xml(sheet, ws):
    """The DrawingML part of the shapes of sheet: one twoCellAnchor each."""
    xdr, a = (NS_XDR_STRICT, NS_A_STRICT) if ws.strict else (NS_XDR, NS_A)
    row_emu = _row_pt(ws) * EMU_PT
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<xdr:wsDr xmlns:xdr="%s" xmlns:a="%s">' % (xdr, a)]

    def edge(col):
        return sum(sheet.col_px(c) for c in range(1, col)) * EMU_PX

    for n, (prst, frm, to) in enumerate(sheet.shapes, 1):
        (c1, x1, r1, y1), (c2, x2, r2, y2) = frm, to
        off1, off2 = int(x1 * EMU_PX), int(x2 * EMU_PX)
        roff1, roff2 = int(y1 * row_emu), int(y2 * row_emu)
        left, top = edge(c1) + off1, int((r1 - 1) * row_emu) + roff1
        right, bottom = edge(c2) + off2, int((r2 - 1) * row_emu) + roff2
        out.append(
            '<xdr:twoCellAnchor><xdr:from><xdr:col>%d</xdr:col><xdr:colOff>%d</xdr:colOff>'
            '<xdr:row>%d</xdr:row><xdr:rowOff>%d</xdr:rowOff></xdr:from><xdr:to>'
            '<xdr:col>%d</xdr:col><xdr:colOff>%d</xdr:colOff><xdr:row>%d</xdr:row>'
            '<xdr:rowOff>%d</xdr:rowOff></xdr:to><xdr:sp macro="" textlink="">'
            '<xdr:nvSpPr><xdr:cNvPr id="%d" name="楕円 %d"/><xdr:cNvSpPr/></xdr:nvSpPr>'
            '<xdr:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
            '<a:prstGeom prst="%s"><a:avLst/></a:prstGeom><a:noFill/>'
            '<a:ln w="15875"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>'
            '</xdr:spPr></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>'
            % (c1 - 1, off1, r1 - 1, roff1, c2 - 1, off2, r2 - 1, roff2, n + 1, n,
               left, top, max(0, right - left), max(0, bottom - top), prst))
    out.append("</xdr:wsDr>")
    return "".join(out)


def _sheet_xml(book, sheet, ws, ns, nsr, sst):
    rows_xml = []
    prev_row = 0
    for r, cells in sheet.rows():
        if ws.no_r:
            for _ in range(prev_row + 1, r):
                rows_xml.append("<row/>")
        prev_row = r
        cx = []
        prev_col = 0
        for c in sorted(cells):
            cell = cells[c]
            if ws.no_r:
                for _ in range(prev_col + 1, c):
                    cx.append("<c/>")
            prev_col = c
            attrs = "" if ws.no_r else ' r="%s"' % ref(r, c)
            si = STYLE_INDEX.get(cell.style, 0)
            v = cell.value
            if isinstance(v, datetime.date) and si == 0:
                si = STYLE_INDEX["date"]
            if si:
                attrs += ' s="%d"' % si
            f = "<f>%s</f>" % esc(cell.formula) if cell.formula else ""
            if isinstance(v, EmptyValue):
                cx.append("<c%s%s" % (attrs, v.xml))
            elif v is None or v == "":
                if f:
                    cx.append('<c%s t="str">%s<v></v></c>' % (attrs, f))
                else:
                    cx.append("<c%s/>" % attrs)
            elif isinstance(v, bool):
                cx.append('<c%s t="b">%s<v>%d</v></c>' % (attrs, f, int(v)))
            elif isinstance(v, datetime.date):
                cx.append("<c%s>%s<v>%d</v></c>"
                          % (attrs, f, excel_serial(v, book.date1904)))
            elif isinstance(v, (int, float)):
                cx.append("<c%s>%s<v>%s</v></c>" % (attrs, f, num_text(v)))
            elif f:
                cx.append('<c%s t="str">%s<v>%s</v></c>' % (attrs, f, esc(v)))
            elif ws.strings == "inline":
                cx.append('<c%s t="inlineStr"><is>%s</is></c>'
                          % (attrs, _string_xml(cell)))
            else:
                key = _string_xml(cell)
                if key not in sst[1]:
                    sst[1][key] = len(sst[0])
                    sst[0].append(key)
                sst[2] += 1
                cx.append('<c%s t="s"><v>%d</v></c>' % (attrs, sst[1][key]))
        rattr = "" if ws.no_r else ' r="%d"' % r
        if ws.app == "libreoffice":
            rattr += ' customFormat="false" ht="13.8" hidden="false" ' \
                     'customHeight="false" outlineLevel="0" collapsed="false"'
        rows_xml.append("<row%s>%s</row>" % (rattr, "".join(cx)))
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
             '<worksheet xmlns="%s" xmlns:r="%s">' % (ns, nsr)]
    if ws.app == "libreoffice":
        parts.append('<sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/>'
                     '</sheetPr>')
    if not ws.no_r:
        parts.append('<dimension ref="A1:%s"/>'
                     % ref(sheet.max_row(), sheet.max_col()))
    parts.append('<sheetViews><sheetView workbookViewId="0"%s/></sheetViews>'
                 % (' tabSelected="1"' if sheet is book.sheets[0] else ""))
    parts.append('<sheetFormatPr defaultRowHeight="18.75"/>')
    if sheet.widths:
        parts.append("<cols>%s</cols>" % "".join(
            '<col min="%d" max="%d" width="%s" customWidth="1"/>' % (c, c, w)
            for c, w in sorted(sheet.widths.items())))
    parts.append("<sheetData>%s</sheetData>" % "".join(rows_xml))
    if sheet.merges:
        parts.append('<mergeCells count="%d">%s</mergeCells>' % (
            len(sheet.merges), "".join(
                '<mergeCell ref="%s:%s"/>' % (ref(a, b), ref(c, d))
                for a, b, c, d in sheet.merges)))
    if sheet.validations:
        parts.append('<dataValidations count="%d">%s</dataValidations>' % (
            len(sheet.validations), "".join(
                '<dataValidation type="list" allowBlank="1" showInputMessage="1" '
                'showErrorMessage="1" sqref="%s"><formula1>%s</formula1>'
                '</dataValidation>' % (sq, esc(f1))
                for sq, f1 in sheet.validations)))
    parts.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                 'header="0.3" footer="0.3"/>')
    parts.append('<pageSetup paperSize="9" orientation="portrait"/>')
    if sheet.shapes:
        parts.append('<drawing r:id="rId1"/>')
    parts.append("</worksheet>")
    return _prefix_xml("".join(parts), ws.prefix)


def _zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            if isinstance(data, str):
                data = data.encode("utf-8")
            z.writestr(zi, data, compresslevel=6)
    return buf.getvalue()


def write_xlsx(book, ws=EXCEL):
    """The bytes of book as an XLSX (or XLSM) written in writer style ws."""
    ns = NS_MAIN_STRICT if ws.strict else NS_MAIN
    nsr = NS_REL_STRICT if ws.strict else NS_REL
    reltype = (NS_REL_STRICT if ws.strict else NS_REL)
    base = "/xl/" if ws.absolute else ""
    sst = [[], {}, 0]
    sheet_parts = [_sheet_xml(book, s, ws, ns, nsr, sst) for s in book.sheets]

    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
          '<workbook xmlns="%s" xmlns:r="%s"%s>' % (
              ns, nsr, ' conformance="strict"' if ws.strict else "")]
    if ws.app == "libreoffice":
        wb.append('<fileVersion appName="Calc"/>')
    else:
        wb.append('<fileVersion appName="xl" lastEdited="7" lowestEdited="7" '
                  'rupBuild="27328"/>')
    wb.append('<workbookPr%s defaultThemeVersion="166925"/>'
              % (' date1904="1"' if book.date1904 else ""))
    first_visible = next(i for i, s in enumerate(book.sheets) if not s.hidden)
    wb.append('<bookViews><workbookView xWindow="0" yWindow="0" '
              'windowWidth="28800" windowHeight="12300" activeTab="%d"/>'
              '</bookViews><sheets>' % first_visible)
    for i, s in enumerate(book.sheets):
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (
            esc_attr(s.name), i + 1, ' state="hidden"' if s.hidden else "",
            i + 1))
    wb.append("</sheets><calcPr calcId=\"191029\"/></workbook>")
    workbook_xml = _prefix_xml("".join(wb), ws.prefix)

    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="%s">' % NS_PKG_REL]
    for i, _ in enumerate(book.sheets):
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                    'Target="%sworksheets/sheet%d.xml"/>'
                    % (i + 1, reltype, base, i + 1))
    n = len(book.sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="%sstyles.xml"/>'
                % (n + 1, reltype, base))
    if ws.strings == "shared":
        rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" '
                    'Target="%ssharedStrings.xml"/>' % (n + 2, reltype, base))
    rels.append("</Relationships>")

    main_ct = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml"
               if ws.macro else
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="%s">' % NS_CT,
          '<Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Override PartName="/xl/workbook.xml" ContentType="%s"/>' % main_ct]
    for i, _ in enumerate(book.sheets):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.'
                  'spreadsheetml.worksheet+xml"/>' % (i + 1))
    ct.append('<Override PartName="/xl/styles.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    if ws.strings == "shared":
        ct.append('<Override PartName="/xl/sharedStrings.xml" ContentType="'
                  'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                  'sharedStrings+xml"/>')
    drawings = [i for i, s in enumerate(book.sheets) if s.shapes]
    for k, _ in enumerate(drawings, 1):
        ct.append('<Override PartName="/xl/drawings/drawing%d.xml" ContentType="'
                  'application/vnd.openxmlformats-officedocument.drawing+xml"/>' % k)
    ct.append('<Override PartName="/docProps/core.xml" ContentType="application/'
              'vnd.openxmlformats-package.core-properties+xml"/>'
              '<Override PartName="/docProps/app.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
              "</Types>")

    doc_type = (NS_REL_STRICT if ws.strict else NS_REL) + "/officeDocument"
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="%s">'
                 '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/extended-properties" '
                 'Target="docProps/app.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                 'package/2006/relationships/metadata/core-properties" '
                 'Target="docProps/core.xml"/>'
                 '<Relationship Id="rId1" Type="%s" Target="%s"/>'
                 '</Relationships>' % (NS_PKG_REL, doc_type,
                                       "/xl/workbook.xml" if ws.absolute
                                       else "xl/workbook.xml"))
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title>%s%s<dc:creator>SYNTHETIC SAMPLE (kaiji)</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-09-01T00:00:00Z'
            '</dcterms:created></cp:coreProperties>'
            % (esc(book.title),
               "<dc:subject>%s</dc:subject>" % esc(book.subject) if book.subject else "",
               "<cp:keywords>%s</cp:keywords>" % esc(book.keywords) if book.keywords else ""))
    if book.core_xml is not None:
        core = book.core_xml
    app_name = "LibreOffice/7.4.7.2$Linux_X86_64" if ws.app == "libreoffice" \
        else "Microsoft Excel"
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
           '2006/extended-properties"><Application>%s</Application>'
           '</Properties>' % app_name)

    entries = [("[Content_Types].xml", "".join(ct)),
               ("_rels/.rels", root_rels),
               ("docProps/app.xml", app),
               ("docProps/core.xml", core),
               ("xl/workbook.xml", workbook_xml),
               ("xl/_rels/workbook.xml.rels", "".join(rels))]
    for i, part in enumerate(sheet_parts):
        entries.append(("xl/worksheets/sheet%d.xml" % (i + 1), part))
    for k, i in enumerate(drawings, 1):
        target = ("/xl/drawings/drawing%d.xml" if ws.absolute
                  else "../drawings/drawing%d.xml") % k
        entries.append(("xl/worksheets/_rels/sheet%d.xml.rels" % (i + 1),
                        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        '<Relationships xmlns="%s"><Relationship Id="rId1" '
                        'Type="%s/drawing" Target="%s"/></Relationships>'
                        % (NS_PKG_REL, reltype, target)))
        entries.append(("xl/drawings/drawing%d.xml" % k,
                        _drawing_xml(book.sheets[i], ws)))
    center = any(c.style == "center" for sh in book.sheets for c in sh.cells.values())
    entries.append(("xl/styles.xml",
                    _prefix_xml(_styles_xml(ws, ns, center), ws.prefix)))
    if ws.strings == "shared":
        sx = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
                  ns, sst[2], len(sst[0]),
                  "".join("<si>%s</si>" % s for s in sst[0])))
        entries.append(("xl/sharedStrings.xml", _prefix_xml(sx, ws.prefix)))
    entries.extend(book.extra_parts)
    return _zip(entries)


def write_ss2003(book):
    """The bytes (UTF-8) of book as Excel's XML Spreadsheet 2003."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:html="http://www.w3.org/TR/REC-html40">\n'
           '<DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">'
           '<Title>%s</Title><Author>SYNTHETIC SAMPLE (kaiji)</Author>'
           '<Created>2024-09-01T00:00:00Z</Created></DocumentProperties>\n'
           '<Styles><Style ss:ID="Default" ss:Name="Normal">'
           '<Alignment ss:Vertical="Center"/><Font ss:FontName="游ゴシック" '
           'x:CharSet="128" ss:Size="11"/></Style>'
           '<Style ss:ID="sDate"><NumberFormat ss:Format="yyyy/m/d"/></Style>'
           '<Style ss:ID="sEra"><NumberFormat ss:Format="[$-411]ggge&quot;年&quot;'
           'm&quot;月&quot;d&quot;日&quot;"/></Style>'
           '<Style ss:ID="sBold"><Font ss:Bold="1"/></Style>'
           '<Style ss:ID="sGrey"><Interior ss:Color="#D9D9D9" ss:Pattern="Solid"/>'
           '</Style></Styles>\n' % esc(book.title)]
    for sheet in book.sheets:
        merges = {(a, b): (c - a, d - b) for a, b, c, d in sheet.merges}
        out.append('<Worksheet ss:Name="%s">\n<Table>\n' % esc_attr(sheet.name))
        prev_r = 0
        for r, cells in sheet.rows():
            ra = ' ss:Index="%d"' % r if r != prev_r + 1 else ""
            prev_r = r
            out.append("<Row%s>" % ra)
            prev_c = 0
            for c in sorted(cells):
                cell = cells[c]
                a = ' ss:Index="%d"' % c if c != prev_c + 1 else ""
                down, across = merges.get((r, c), (0, 0))
                if across:
                    a += ' ss:MergeAcross="%d"' % across
                if down:
                    a += ' ss:MergeDown="%d"' % down
                prev_c = c + across
                v = cell.value
                st = {"date": "sDate", "builtin": "sDate", "iso": "sDate",
                      "era": "sEra", "era-plain": "sEra", "bold": "sBold",
                      "grey": "sGrey"}.get(cell.style)
                if isinstance(v, datetime.date) and not st:
                    st = "sDate"
                if st:
                    a += ' ss:StyleID="%s"' % st
                if cell.formula:
                    a += ' ss:Formula="=%s"' % esc_attr(cell.formula)
                if v is None or v == "":
                    out.append("<Cell%s/>" % a)
                    continue
                if isinstance(v, bool):
                    data = '<Data ss:Type="Boolean">%d</Data>' % int(v)
                elif isinstance(v, datetime.date):
                    data = ('<Data ss:Type="DateTime">%sT00:00:00.000</Data>'
                            % v.isoformat())
                elif isinstance(v, (int, float)):
                    data = '<Data ss:Type="Number">%s</Data>' % num_text(v)
                else:
                    data = '<Data ss:Type="String">%s</Data>' % esc(v)
                out.append("<Cell%s>%s</Cell>" % (a, data))
            out.append("</Row>\n")
        out.append("</Table>\n")
        out.append('<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:'
                   'excel">%s</WorksheetOptions>\n'
                   % ("<Visible>SheetHidden</Visible>" if sheet.hidden else ""))
        for sq, f1 in sheet.validations:
            a, b = sq.split(":")
            out.append('<DataValidation xmlns="urn:schemas-microsoft-com:office:'
                       'excel"><Range>%s</Range><Type>List</Type><Value>%s'
                       '</Value></DataValidation>\n'
                       % (_r1c1_range(a, b), esc(f1)))
        out.append("</Worksheet>\n")
    out.append("</Workbook>\n")
    return "".join(out).encode("utf-8")


def _split_ref(a):
    i = 0
    while a[i].isalpha():
        i += 1
    col = 0
    for ch in a[:i]:
        col = col * 26 + ord(ch) - 64
    return int(a[i:]), col


def _r1c1_range(a, b):
    r1, c1 = _split_ref(a)
    r2, c2 = _split_ref(b)
    return "R%dC%d:R%dC%d" % (r1, c1, r2, c2)
