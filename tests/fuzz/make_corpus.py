#!/usr/bin/env python3
"""Seed corpora for the kaiji fuzz harnesses.

    make_corpus.py OUTDIR SAMPLES_DIR [KAIJI_BINARY]

Writes OUTDIR/{xlsx,ods,xml,json,read,register,xtok}/: the files under SAMPLES_DIR (each XLSX
and ODS also as a text listing of its parts, the form fuzz_xlsx and fuzz_ods mutate
best), the
exchange-format conversions of a few samples when KAIJI_BINARY is given, and
small documents of every kind and dialect generated here.  Only the standard
library is used.  The register harness gets the registers of SAMPLES_DIR
(CSV as is, XLSX as is and as a listing) and small registers made here.
"""
import hashlib
import os
import subprocess
import sys
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def put(outdir, harness, data, hint):
    """Writes data under outdir/harness, named by its hash."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(outdir, harness)
    os.makedirs(d, exist_ok=True)
    name = hint + "-" + hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def parts_text(parts):
    """The "==> NAME" listing fuzz_xlsx packs into a ZIP."""
    out = []
    for name, body in parts:
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        out.append("==> " + name + "\n" + body)
    return "\n".join(out)


def workbook_parts(sheets, ns=NS, rel=REL, prefix="", absolute=False,
                   date1904=False, hidden=False, strings=None, styles=True):
    """A small workbook: sheets is a list of (name, sheet XML body)."""
    p = (prefix + ":") if prefix else ""
    xmlns = ('xmlns:%s="%s"' % (prefix, ns)) if prefix else ('xmlns="%s"' % ns)
    base = "/xl/" if absolute else ""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '</Types>')
    root_rels = ('<Relationships xmlns="%s"><Relationship Id="rId1" '
                 'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>'
                 % (PKG_REL, rel))
    wb = ['<%sworkbook %s xmlns:r="%s">' % (p, xmlns, rel)]
    if date1904:
        wb.append('<%sworkbookPr date1904="1"/>' % p)
    wb.append("<%ssheets>" % p)
    rels = ['<Relationships xmlns="%s">' % PKG_REL]
    parts = []
    for i, (name, body) in enumerate(sheets, 1):
        state = ' state="hidden"' if hidden and i > 1 else ""
        wb.append('<%ssheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (p, name, i, state, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="%sworksheets/sheet%d.xml"/>'
                    % (i, rel, base, i))
        parts.append(("xl/worksheets/sheet%d.xml" % i,
                      '<%sworksheet %s>%s</%sworksheet>' % (p, xmlns, body.replace("<X", "<" + p).replace("</X", "</" + p), p)))
    wb.append("</%ssheets></%sworkbook>" % (p, p))
    n = len(sheets)
    if strings is not None:
        n += 1
        rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="%ssharedStrings.xml"/>' % (n, rel, base))
        sst = ['<%ssst %s count="%d">' % (p, xmlns, len(strings))]
        for s in strings:
            sst.append("<%ssi>%s</%ssi>" % (p, s.replace("<X", "<" + p).replace("</X", "</" + p), p))
        sst.append("</%ssst>" % p)
        parts.append(("xl/sharedStrings.xml", "".join(sst)))
    if styles:
        n += 1
        rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="%sstyles.xml"/>' % (n, rel, base))
        sty = ('<XstyleSheet XMLNS><XnumFmts count="2">'
               '<XnumFmt numFmtId="176" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
               '<XnumFmt numFmtId="177" formatCode="yyyy/m/d h:mm AM/PM"/></XnumFmts>'
               '<XcellXfs count="4"><Xxf numFmtId="0"/><Xxf numFmtId="14" applyNumberFormat="1"/>'
               '<Xxf numFmtId="176" applyNumberFormat="1"/><Xxf numFmtId="177"/></XcellXfs></XstyleSheet>')
        parts.append(("xl/styles.xml", sty.replace("<X", "<" + p).replace("</X", "</" + p)
                      .replace("XMLNS", xmlns)))
    rels.append("</Relationships>")
    return ([("[Content_Types].xml", ct), ("_rels/.rels", root_rels),
             ("xl/workbook.xml", "".join(wb)), ("xl/_rels/workbook.xml.rels", "".join(rels))]
            + parts)


def inline(ref, text):
    return '<Xc r="%s" t="inlineStr"><Xis><Xt>%s</Xt></Xis></Xc>' % (ref, text)


def row(r, cells):
    return '<Xrow r="%d">%s</Xrow>' % (r, "".join(cells))


MDS_SHEET = (
    "<XsheetData>"
    + row(1, [inline("A1", "製造業者による医療情報セキュリティ開示書 (MDS) Ver.5.0")])
    + row(2, [inline("A2", "製造業者名"), inline("B2", "株式会社テスト")])
    + row(3, [inline("A3", "製品名"), inline("B3", "テストPACS")])
    + row(4, [inline("A4", "作成日"), '<Xc r="B4" s="2"><Xv>45500</Xv></Xc>'])
    + row(5, ['<Xc r="A5" t="s"><Xv>0</Xv></Xc>', '<Xc r="B5" t="s"><Xv>1</Xv></Xc>',
              '<Xc r="C5" t="s"><Xv>2</Xv></Xc>', '<Xc r="D5" t="s"><Xv>3</Xv></Xc>'])
    + row(6, [inline("A6", "1-1"), inline("B6", "管理責任者を置いている"),
              '<Xc r="C6" t="str"><Xf>"はい"</Xf><Xv>はい</Xv></Xc>', inline("D6", "")])
    + row(7, [inline("A7", "1-2"), inline("B7", "台帳がある"), inline("C7", "対象外"),
              inline("D7", "該当機器なし")])
    + '<Xrow><Xc t="inlineStr"><Xis><Xt>1-3</Xt></Xis></Xc><Xc t="inlineStr"><Xis><Xt>ログ</Xt></Xis></Xc>'
      '<Xc t="b"><Xv>1</Xv></Xc><Xc t="e"><Xv>#N/A</Xv></Xc></Xrow>'
    + row(9, [inline("A9", "1-4"), inline("B9", "パッチ"), inline("C9", "Yes,optional"),
              '<Xc r="D9" s="1"><Xv>1.5e3</Xv></Xc>'])
    + "</XsheetData>"
    '<XmergeCells count="1"><XmergeCell ref="A1:D1"/></XmergeCells>'
    '<XdataValidations count="1"><XdataValidation type="list" sqref="C6:C9 E1">'
    '<Xformula1>"はい,いいえ,対象外"</Xformula1></XdataValidation></XdataValidations>')

MDS_STRINGS = ["<Xt>項番</Xt>",
               "<Xr><Xt>確認</Xt></Xr><Xr><XrPr><Xb/></XrPr><Xt xml:space=\"preserve\">項目 </Xt></Xr>"
               "<XrPh sb=\"0\" eb=\"2\"><Xt>カクニン</Xt></XrPh>",
               "<Xt>回答</Xt>", "<Xt>備考</Xt>"]

CHECKLIST_SHEET = (
    "<XsheetData>"
    + row(1, [inline("A1", "医療機関におけるサイバーセキュリティ対策チェックリスト（令和6年5月）【事業者確認用】")])
    + row(2, [inline("A2", "事業者名"), inline("C2", "テスト株式会社")])
    + row(3, [inline("A3", "システム名"), inline("C3", "電子カルテ")])
    + row(5, [inline("A5", "項番"), inline("B5", "チェック項目"), inline("C5", "サーバ"),
              inline("D5", "端末PC"), inline("E5", "ネットワーク機器"), inline("F5", "目標日"),
              inline("G5", "1回目"), inline("H5", "2回目")])
    + row(6, [inline("A6", "1(1)"), inline("B6", "管理責任者を設置している。"), inline("C6", "はい"),
              inline("G6", "令和6年7月1日")])
    + row(7, [inline("A7", "2(1)"), inline("B7", "台帳管理を行っている。"), inline("C7", "いいえ"),
              inline("D7", "○"), inline("E7", "×"), inline("F7", "R7.3.31"),
              '<Xc r="G7" s="3"><Xv>45474.5</Xv></Xc>'])
    + "</XsheetData>")

MDS2_SHEET = (
    "<XsheetData>"
    + row(2, [inline("A2", "Manufacturer Disclosure Statement for Medical Device Security -- MDS2")])
    + row(3, [inline("A3", "ANSI/NEMA HN 1-2019")])
    + row(5, [inline("A5", "Question ID"), inline("B5", "Question"), inline("C5", "Answer"),
              inline("D5", "See note")])
    + row(6, [inline("A6", "DOC-1"), inline("B6", "Manufacturer Name"), inline("C6", "Example")])
    + row(7, [inline("A7", "DOC-7"), inline("B7", "Document Release Date"), '<Xc r="C7" s="1"><Xv>43831</Xv></Xc>'])
    + row(8, [inline("A8", "MPII-1"), inline("B8", "Can this device display PII?"), inline("C8", "Yes"),
              inline("D8", "See Note 1")])
    + row(9, [inline("A9", "SHAD-15"), inline("B9", "typo id "), inline("C9", "N/A: none")])
    + row(10, [inline("A10", "Note 1"), inline("B10", "a note")])
    + "</XsheetData>")


def generated_xlsx():
    """(hint, parts) for small workbooks covering the XLSX variety."""
    yield "mds", workbook_parts([("開示書", MDS_SHEET)], strings=MDS_STRINGS)
    yield "mds-1904-hidden", workbook_parts([("表紙", row(1, [inline("A1", "cover")]).join(["<XsheetData>", "</XsheetData>"])),
                                             ("開示書", MDS_SHEET)], strings=MDS_STRINGS,
                                            date1904=True, hidden=True)
    yield "strict", workbook_parts([("Sheet1", MDS_SHEET)], ns=STRICT,
                                   rel="http://purl.oclc.org/ooxml/officeDocument/relationships",
                                   strings=MDS_STRINGS)
    yield "prefixed-absolute", workbook_parts([("Sheet1", CHECKLIST_SHEET)], prefix="x", absolute=True)
    yield "checklist", workbook_parts([("事業者確認用", CHECKLIST_SHEET)], strings=[])
    yield "mds2", workbook_parts([("mds2-form", MDS2_SHEET)], styles=True)
    yield "nostyles", workbook_parts([("S", MDS2_SHEET)], styles=False)


KAIJI_XML = """<?xml version="1.0" encoding="UTF-8"?>
<kaiji-document kaiji="1" kind="mds" form_version="5.0" guideline="6.0" document_date="2024-09-01" xmlns="urn:kaiji:document:1">
  <source path="x.xlsx" format="xlsx" sha256=""/>
  <fields>
    <field name="vendor" location="S!B2">株式会社テスト</field>
    <field name="product">PACS</field>
    <field name="document_date">2024-09-01</field>
    <field name="form_version">Ver.5.0</field>
  </fields>
  <items>
    <item id="1-1" location="S!C6">
      <section>1</section>
      <question>管理責任者</question>
      <answer value="no" comment="予定">いいえ（予定）</answer>
      <remarks>来年度</remarks>
      <target_date text="令和7年3月31日">2025-03-31</target_date>
    </item>
    <item id="2(1)">
      <question>台帳</question>
      <answer value="yes">はい</answer>
      <target name="サーバ" value="yes">はい</target>
      <target name="端末PC" value="na">対象外</target>
      <confirmation date="2024-07-01">2024/7/1</confirmation>
    </item>
  </items>
</kaiji-document>
"""

SS2003 = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Styles><Style ss:ID="d"><NumberFormat ss:Format="yyyy/m/d"/></Style></Styles>
<Worksheet ss:Name="開示書"><Table>
<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">サービス事業者による医療情報セキュリティ開示書 (SDS) 第5.0版</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">事業者名</Data></Cell><Cell><Data ss:Type="String">テスト</Data></Cell></Row>
<Row ss:Index="4"><Cell><Data ss:Type="String">記入日</Data></Cell><Cell ss:StyleID="d"><Data ss:Type="DateTime">2024-09-01T00:00:00.000</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">項番</Data></Cell><Cell><Data ss:Type="String">確認項目</Data></Cell><Cell><Data ss:Type="String">回答</Data></Cell><Cell><Data ss:Type="String">備考</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">1-1</Data></Cell><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>太字</B>質問</ss:Data></Cell><Cell ss:Index="3"><Data ss:Type="String">はい</Data></Cell></Row>
<Row><Cell><Data ss:Type="Number">2</Data></Cell><Cell ss:MergeDown="1"><Data ss:Type="String">q</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
</Table></Worksheet>
<Worksheet ss:Name="空"/>
</Workbook>
"""

MDS2_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mds2><title>Manufacturer Disclosure Statement for Medical Device Security -- MDS2</title>
<standard>ANSI/NEMA HN 1-2019</standard>
<sections>
<section name="DOCUMENT INFORMATION"><questions>
<questionID id="DOC-1"><question>Manufacturer Name</question><response>Example</response><note/></questionID>
<questionID id="DOC-7"><question>Document Release Date</question><response>2020-01-01</response><note/></questionID>
</questions></section>
<section name="MPII"><questions>
<questionID id="MPII-1"><question>Can this device display, transmit, store, or modify personally identifiable information?</question><response>See Notes</response><note>Note 1</note></questionID>
<questionID id="MPII-2"><question>q</question><response>No,Option to disable</response><note></note></questionID>
</questions></section>
</sections></mds2>
"""

KAIJI_JSON = """{"kaiji":"1","kind":"vendor-checklist","form_version":"R6","guideline":"","document_date":"2024-07-01",
"source":{"path":"x","format":"xlsx","sha256":""},
"fields":{"vendor":{"text":"テスト","location":"S!C5"},"product":{"text":"p"},"document_date":{"text":"2024-07-01"}},
"items":[{"id":"1(1)","section":"","question":"責任者","answer":"yes","answer_text":"はい","answer_comment":"",
"remarks":"","target_date":"","target_date_text":"","targets":[{"name":"サーバ","answer":"no","text":"いいえ"}],
"confirmations":[{"date":"2024-07-01","text":"2024/7/1"},{"date":"","text":""}],"location":"S!C13"},
{"id":"2(1)","answer":"no","answer_text":"×","target_date":"2025-04-01","target_date_text":"令和7年4月1日"}]}
"""


def generated_xml():
    yield "kaiji", KAIJI_XML
    yield "ss2003", SS2003
    yield "mds2", MDS2_XML
    yield "dtd", '<?xml version="1.0"?><!DOCTYPE mds2 [<!ENTITY x SYSTEM "file:///etc/passwd">]><mds2>&x;</mds2>'
    yield "sjis", MDS2_XML.replace('encoding="UTF-8"', 'encoding="Shift_JIS"').encode("utf-8").decode("utf-8") \
        .replace("Example", "テスト株式会社").encode("cp932")
    yield "eucjp", SS2003.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="EUC-JP"?>').encode("euc_jp")
    yield "utf16", ("\ufeff" + KAIJI_XML.replace('encoding="UTF-8"', 'encoding="UTF-16"')).encode("utf-16-le")
    yield "bom-unknown-root", b"\xef\xbb\xbf<?xml version='1.0'?><root xmlns='urn:x'/>"
    yield "cp932-declared", ('<?xml version="1.0" encoding="CP932"?>' + KAIJI_XML.split("?>", 1)[1]).encode("cp932")


def generated_json():
    yield "checklist", KAIJI_JSON
    yield "bom", "\ufeff" + KAIJI_JSON
    yield "deep", "[" * 100 + "]" * 100
    yield "mds2", '{"kaiji":"1","kind":"mds2","form_version":"HN 1-2019","items":[{"id":"DOC-1","answer_text":"x"},{"id":"MPII-1","answer":"see-note"}]}'
    yield "wrong-types", '{"kaiji":1,"kind":null,"items":{"id":[]},"fields":[],"document_date":"2024-02-30"}'


def generated_register():
    head = "契約番号,事業者名,メール,システム名/機器名,製品名,契約種別,患者情報の有無,必要書類,依頼日,回答期限,URL\r\n"
    yield "ja", head + ("A-1,架空(株),a@b.example,電子カルテ,MX-7,保守,有,MDS・SDS,2026/9/1,令和8年10月31日,https://x.example/\r\n"
                        'A-2,"株式会社 ""架空""",,PACS,"P\r\nS",販売,無,,R8.9.1,2026-10-31,\r\n')
    yield "en", ("Contract ID,Vendor,Email,System,Product,Contract Type,Patient data,Due date\n"
                 "C-1,Example Inc.,x@example.com,CT,CT 9000,Maintenance,yes,2026-12-01\n"
                 "C-1,Example Inc.,bad-mail,CT,CT 9000,Unknown,maybe,2026-13-01\n"
                 ",Example Inc.,,,,,,\n")
    yield "bom", "\ufeff" + head + "B-1,ﾃｽﾄ㈱,,,,クラウド,○,CL+MDS,,,http://y.example/\n"
    yield "cp932", (head + "S-1,テスト電子カルテ株式会社,,部門,TS-3,販売,あり,,令和6年6月3日,,\r\n").encode("cp932")
    yield "unclosed", head + 'U-1,"never closed,\n'
    yield "noheader", "a,b,c\n1,2,3\n"
    yield "late-header", "病院契約台帳\n\n" + head + "L-1,X,,,,保守,有,,,,\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, samples = sys.argv[1], sys.argv[2]
    kaiji = sys.argv[3] if len(sys.argv) > 3 else None
    for top, _, files in os.walk(samples):
        for fn in sorted(files):
            path = os.path.join(top, fn)
            with open(path, "rb") as f:
                data = f.read()
            if fn.endswith((".py", ".md")) or fn == "manifest.json":
                continue
            hint = "sample-" + os.path.splitext(fn)[0]
            put(out, "read", data, hint)
            if "register" in top:
                put(out, "register", data, hint)
                if data[:2] == b"PK":
                    with zipfile.ZipFile(path) as z:
                        parts = [(n, z.read(n)) for n in z.namelist()]
                    put(out, "register", parts_text(parts), hint + "-parts")
            if data[:2] == b"PK" and fn.endswith(".ods"):
                with zipfile.ZipFile(path) as z:
                    parts = [(n, z.read(n)) for n in z.namelist()]
                put(out, "ods", data, hint)
                put(out, "ods", parts_text(parts), hint + "-parts")
            elif data[:2] == b"PK":
                put(out, "xlsx", data, hint)
                try:
                    with zipfile.ZipFile(path) as z:
                        parts = [(n, z.read(n)) for n in z.namelist()]
                    put(out, "xlsx", parts_text(parts), hint + "-parts")
                    put_xtok(out, parts, hint)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError):
                    pass
            elif fn.endswith(".xml"):
                put(out, "xml", data, hint)
            elif fn.endswith(".json"):
                put(out, "json", data, hint)
            if kaiji and fn.endswith((".xlsx", ".xml")) and "broken" not in top:
                for to, harness in (("json", "json"), ("xml", "xml")):
                    r = subprocess.run([kaiji, "convert", "--to", to, path],
                                       capture_output=True)
                    if r.returncode == 0 and r.stdout:
                        put(out, harness, r.stdout, hint + "-conv")
                        put(out, "read", r.stdout, hint + "-conv")
    for hint, parts in generated_xlsx():
        text = parts_text(parts)
        put(out, "xlsx", text, "gen-" + hint)
        buf = zip_bytes(parts)
        put(out, "xlsx", buf, "gen-zip-" + hint)
        put(out, "read", buf, "gen-zip-" + hint)
        put_xtok(out, parts, "gen-" + hint)
    for hint, text in generated_xml():
        put(out, "xml", text, "gen-" + hint)
        put(out, "read", text, "gen-" + hint)
    for hint, text in generated_register():
        put(out, "register", text, "gen-" + hint)
    for hint, text in generated_json():
        put(out, "json", text, "gen-" + hint)
        put(out, "read", text, "gen-" + hint)


def put_xtok(out, parts, hint):
    """Each XML part for fuzz_xtok: a byte that picks how it is cut, then the part."""
    for i, (name, body) in enumerate(parts):
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        if isinstance(body, str):
            body = body.encode("utf-8")
        put(out, "xtok", bytes([i % 8]) + body, hint + "-" + os.path.basename(name))


def zip_bytes(parts):
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts:
            z.writestr(name, body)
    return b.getvalue()


if __name__ == "__main__":
    main()
