#!/usr/bin/python3
"""make_import_fixtures.py - blank MHLW checklist workbooks in the official
layouts, and filled copies that differ from them, for tests/test_import.c.

    /usr/bin/python3 -B tests/make_import_fixtures.py OUTDIR

Writes into OUTDIR the blanks (what `kaiji catalog import` reads), filled
copies of each sheet with one item missing, one item added and one item
reworded, and manifest.json: what each file is and what kaiji must conclude,
derived from how the file was made.  Deterministic: the same bytes each run.

Everything is SYNTHETIC and marked so inside.  The layouts:

- R6 (令和6年5月): one workbook, both sheets (事業者確認用, 医療機関確認用),
  numbering 1(1), 2(1)...; 項番 | 確認項目 | 回答 (サーバ | 端末PC |
  ネットワーク機器) | 確認日 (1回目 | 2回目) | 目標日 | 備考.  A target an item
  asks about has はい・いいえ printed in its cell to be circled; an item with
  one answer has one cell merged over the three target columns.
- R7 (令和7年5月): one workbook, both sheets, circled numbering 1①, 2①...2⑬,
  each question followed by its scope tag on a line of its own
  ((医療情報システム全般) / (サーバ、端末PC) / (ネットワーク機器)); the answer
  cells a target asks for carry a はい/いいえ drop-down list (data
  validation), the others none.
- R8 (令和8年度): two workbooks of one sheet each, titled
  医療機関・薬局におけるサイバーセキュリティ対策チェックリスト, sheets
  医療機関・薬局確認用 and 事業者確認用.  R8's item list is not public
  (DOMAIN.md section 2.2): these use R7's structure with R8's title and
  sheet names; they stand in for 001716187.xlsx and 001716188.xlsx and are
  not those files.
- R9 (令和9年度): an edition kaiji knows nothing of, titled without a month,
  to show that the import then needs --published.
- R7 titled 令和7年度版 (no month): the publication date then comes from the
  built-in R7 catalog.

Item wordings are DOMAIN.md section 2.2's where it gives them; where it does
not (R7 2⑨ is cut in the source, 2⑪ is only named), the text says it is a
stand-in written for this test.
"""

import datetime
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "samples"))
from xlsxgen import Book, write_xlsx  # noqa: E402

D = datetime.date
MARK = ("【架空のサンプル / SYNTHETIC SAMPLE】 kaiji の試験用に作った白紙様式です。"
        "厚生労働省の公式ファイルではありません。 / Made to test kaiji; not an official file.")
STAND_IN = "（試験用の仮の文言）"

ALL3 = ["サーバ", "端末PC", "ネットワーク機器"]
SRV_PC = ["サーバ", "端末PC"]
NW = ["ネットワーク機器"]

H_11 = "医療情報システム安全管理責任者を設置している。"
V_11 = "事業者内に、医療情報システム等の提供に係る管理責任者を設置している。"
H_23 = "事業者から製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)を提出してもらう。"
V_23 = "医療機関に製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)を提出した。"
ITEM_0 = "医療情報システムを導入、運用している。"
INCIDENT = "インシデント発生時における組織内と外部関係機関への連絡体制図がある。"
BACKUP = ("インシデント発生時に診療を継続するために必要な情報を検討し、データやシステムの"
          "バックアップの実施と復旧手順を確認している。")
BCP = "サイバー攻撃を想定した事業継続計画(BCP)を策定している。"

SECTIONS = {"0": "0 医療情報システムの有無", "1": "1 体制構築",
            "2": "2 医療情報システムの管理・運用",
            "3": "3 インシデント発生に備えた対応"}

# R6: (id, hospital text, vendor text or None when the vendor sheet lacks
# it, targets).  2(1) takes one answer (DOMAIN.md: R6 counts 14 items).
R6 = [
    ("0", ITEM_0, None, []),
    ("1(1)", H_11, V_11, []),
    ("2(1)", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", "=", []),
    ("2(2)", "リモートメンテナンス(保守)を利用している機器の有無を事業者等に確認した。", "=", []),
    ("2(3)", H_23, V_23, []),
    ("2(4)", "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。", "=", SRV_PC),
    ("2(5)", "退職者や使用していないアカウント等、不要なアカウントを削除している。", "=", SRV_PC),
    ("2(6)", "アクセスログを管理している。", "=", ["サーバ"]),
    ("2(7)", "セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している。", "=", ALL3),
    ("2(8)", "接続元制限を実施している。", "=", NW),
    ("2(9)", "バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。", "=",
     SRV_PC),
    ("3(1)", INCIDENT, "=", []),
    ("3(2)", BACKUP, None, []),
    ("3(3)", BCP, None, []),
]

# R7: 13 items in section 2 (DOMAIN.md section 2.2).
R7 = [
    ("0", ITEM_0, None, []),
    ("1①", H_11, V_11, []),
    ("2①", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", "=", []),
    ("2②", "リモートメンテナンス(保守)を利用している機器の有無を事業者に確認した。", "=", []),
    ("2③", H_23, V_23, []),
    ("2④", "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。", "=", SRV_PC),
    ("2⑤", "退職者や使用していないアカウント等、不要なアカウントを削除している。", "=", SRV_PC),
    ("2⑥", "セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している。", "=", ALL3),
    ("2⑦", "パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。", "=", SRV_PC),
    ("2⑧", "パスワードの使い回しを禁止している。", "=", SRV_PC),
    ("2⑨", "USBストレージ等の外部記録媒体の利用を管理している。" + STAND_IN, "=", SRV_PC),
    ("2⑩", "アクセスログを管理している。", "=", SRV_PC),
    ("2⑪", "二要素認証を導入している。" + STAND_IN, "=", SRV_PC),
    ("2⑫", "バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。", "=",
     SRV_PC),
    ("2⑬", "接続元制限を実施している。", "=", NW),
    ("3①", INCIDENT, "=", []),
    ("3②", BACKUP, None, []),
    ("3③", BCP, None, []),
]


def scope_of(targets):
    if targets == SRV_PC:
        return "(サーバ、端末PC)"
    if targets == NW:
        return "(ネットワーク機器)"
    return "(医療情報システム全般)"


def items_of(rows, sheet):
    """[(id, text, targets)] of a sheet ("vendor" or "hospital")."""
    out = []
    for iid, htext, vtext, targets in rows:
        if sheet == "hospital":
            out.append((iid, htext, targets))
        elif vtext is not None:
            out.append((iid, htext if vtext == "=" else vtext, targets))
    return out


class Edition:
    def __init__(self, name, fy, rows, title, edition_text, sheet_names,
                 style, scope_tags, edition_cell=False):
        self.name = name
        self.fy = fy
        self.rows = rows
        self.title = title                # the checklist's title
        self.edition_text = edition_text  # 令和7年5月, 令和8年度版
        self.sheet_names = sheet_names    # {"vendor": ..., "hospital": ...}
        self.style = style                # "printed" or "dropdown"
        self.scope_tags = scope_tags
        self.edition_cell = edition_cell  # the edition in a cell of its own


def write_sheet(book, ed, sheet, items, answers=None):
    """A checklist sheet; answers (a dict id -> date) fills it in: はい for
    every target asked, 確認日 1回目 the date."""
    name = ed.sheet_names[sheet]
    sh = book.add(name)
    sh.widths = {1: 7, 2: 60, 3: 10, 4: 10, 5: 12, 6: 12, 7: 12, 8: 12, 9: 30}
    sh.set(1, 1, MARK)
    sh.merge(1, 1, 1, 9)
    if ed.edition_cell:
        sh.set(2, 1, "%s【%s】" % (ed.title, name), "bold")
        sh.merge(2, 1, 2, 9)
        sh.set(3, 9, ed.edition_text)
    else:
        sh.set(2, 1, "%s（%s）【%s】" % (ed.title, ed.edition_text, name), "bold")
        sh.merge(2, 1, 2, 9)
    row = 5
    filled_in = answers is not None
    fields = ([("事業者名", "架空システム株式会社"), ("システム名", "架空電子カルテ"),
               ("契約番号", "C-0001"), ("記入者", "架空 太郎")] if sheet == "vendor"
              else [("医療機関名", "架空総合病院"), ("記入者", "架空 花子")])
    if not filled_in:
        fields = [(label, None) for label, _ in fields]
    for label, value in fields:
        sh.set(row, 1, label, "bold")
        sh.merge(row, 1, row, 2)
        sh.set(row, 3, value)
        sh.merge(row, 3, row, 7)
        row += 1
    row += 1
    h1, h2 = row, row + 1
    for col, label in ((1, "項番"), (2, "確認項目"), (8, "目標日"), (9, "備考")):
        sh.set(h1, col, label, "bold")
        sh.merge(h1, col, h2, col)
    sh.set(h1, 3, "回答", "bold")
    sh.merge(h1, 3, h1, 5)
    sh.set(h1, 6, "確認日", "bold")
    sh.merge(h1, 6, h1, 7)
    for c, t in enumerate(ALL3, 3):
        sh.set(h2, c, t, "bold")
    sh.set(h2, 6, "1回目", "bold")
    sh.set(h2, 7, "2回目", "bold")
    row = h2 + 1
    section = None
    for iid, text, targets in items:
        if iid[0] != section:
            section = iid[0]
            sh.set(row, 1, SECTIONS[section], "grey")
            sh.merge(row, 1, row, 9)
            row += 1
        sh.set(row, 1, iid)
        q = "%s\n%s" % (text, scope_of(targets)) if ed.scope_tags else text
        sh.set(row, 2, q, "wrap")
        spans = [(3, 5)] if not targets else \
            [(c, c) for c, t in enumerate(ALL3, 3) if t in targets]
        for c1, c2 in spans:
            if c2 > c1:
                sh.merge(row, c1, row, c2)
            if answers:
                sh.set(row, c1, "はい")
            elif ed.style == "printed":
                sh.set(row, c1, "はい・いいえ")
            if ed.style == "dropdown":
                sh.validate_list(row, c1, row, c2, '"はい,いいえ"')
        for c, t in enumerate(ALL3, 3):
            if targets and t not in targets:
                sh.set(row, c, None, "grey")
        if answers:
            sh.set(row, 6, answers, "date")
        row += 1
    sh.set(row + 1, 1, "※ はい・いいえで回答し、確認日を記入してください。「いいえ」の場合は"
           "年度内の目標日を記入してください。")
    sh.merge(row + 1, 1, row + 1, 9)


def blank(ed, sheets):
    b = Book(title=ed.title)
    for sheet in sheets:
        write_sheet(b, ed, sheet, items_of(ed.rows, sheet))
    return b


def filled(ed, sheet, missing, extra, reworded, day):
    """One sheet filled in, with item missing left out, an item extra added
    after the last item of section 2 and item reworded's text changed."""
    items = []
    for iid, text, targets in items_of(ed.rows, sheet):
        if iid == missing:
            continue
        if iid == reworded:
            text = "【文言を変えた項目】" + text
        items.append((iid, text, targets))
    last2 = max(i for i, it in enumerate(items) if it[0].startswith("2"))
    items.insert(last2 + 1, (extra, "【架空の追加項目】ブックにない項目を足した。", []))
    b = Book(title=ed.title)
    write_sheet(b, ed, sheet, items, answers=day)
    return b


def main(argv):
    out = argv[1] if len(argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    hospital_r8 = "医療機関・薬局確認用"
    eds = {
        "R6": Edition("R6", 2024, R6, "医療機関におけるサイバーセキュリティ対策チェックリスト",
                      "令和6年5月", {"vendor": "事業者確認用", "hospital": "医療機関確認用"},
                      "printed", False),
        "R7": Edition("R7", 2025, R7, "医療機関におけるサイバーセキュリティ対策チェックリスト",
                      "令和7年5月", {"vendor": "事業者確認用", "hospital": "医療機関確認用"},
                      "dropdown", True),
        "R8": Edition("R8", 2026, R7,
                      "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト",
                      "令和8年度版", {"vendor": "事業者確認用", "hospital": hospital_r8},
                      "dropdown", True, edition_cell=True),
        "R9": Edition("R9", 2027, R7,
                      "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト",
                      "令和9年度版", {"vendor": "事業者確認用", "hospital": hospital_r8},
                      "dropdown", True, edition_cell=True),
        "R7-no-month": Edition("R7", 2025, R7,
                               "医療機関におけるサイバーセキュリティ対策チェックリスト",
                               "令和7年度版", {"vendor": "事業者確認用", "hospital": "医療機関確認用"},
                               "dropdown", True, edition_cell=True),
    }
    manifest = {"blanks": [], "filled": []}

    def put(name, book):
        with open(os.path.join(out, name), "wb") as f:
            f.write(write_xlsx(book))

    def forms(ed, sheets):
        return [{"kind": "%s-checklist" % s, "title": ed.sheet_names[s],
                 "items": [[iid, text, targets] for iid, text, targets in items_of(ed.rows, s)]}
                for s in sheets]

    published = {"R6": "2024-05", "R7": "2025-05"}
    for key, name, sheets in (("R6", "r6-checklist-blank.xlsx", ["vendor", "hospital"]),
                              ("R7", "r7-checklist-blank.xlsx", ["vendor", "hospital"]),
                              ("R8", "r8-hospital-blank.xlsx", ["hospital"]),
                              ("R8", "r8-vendor-blank.xlsx", ["vendor"]),
                              ("R9", "r9-vendor-blank.xlsx", ["vendor"]),
                              ("R7-no-month", "r7-vendor-blank-no-month.xlsx", ["vendor"])):
        ed = eds[key]
        put(name, blank(ed, sheets))
        manifest["blanks"].append({
            "file": name, "edition": ed.name, "fiscal_year": ed.fy,
            "published": ed.edition_text.replace("版", ""),
            "published_on": published.get(key), "forms": forms(ed, sheets)})

    # (edition, sheet, missing, extra, reworded, date confirmed, as-of, blank)
    cases = [
        ("R6", "vendor", "2(6)", "2(10)", "2(2)", D(2024, 9, 2), "2024-10-01",
         "r6-checklist-blank.xlsx"),
        ("R6", "hospital", "3(2)", "2(10)", "2(4)", D(2024, 9, 2), "2024-10-01",
         "r6-checklist-blank.xlsx"),
        ("R7", "vendor", "2⑩", "2⑭", "2②", D(2025, 9, 1), "2025-10-01",
         "r7-checklist-blank.xlsx"),
        ("R7", "hospital", "2⑪", "2⑭", "3③", D(2025, 9, 1), "2025-10-01",
         "r7-checklist-blank.xlsx"),
        ("R8", "vendor", "2⑫", "2⑭", "1①", D(2026, 9, 1), "2026-10-01",
         "r8-vendor-blank.xlsx"),
        ("R8", "hospital", "2⑬", "2⑭", "2⑦", D(2026, 9, 1), "2026-10-01",
         "r8-hospital-blank.xlsx"),
    ]
    for key, sheet, missing, extra, reworded, day, as_of, source in cases:
        ed = eds[key]
        name = "%s-%s-filled.xlsx" % (key.lower(), sheet)
        put(name, filled(ed, sheet, missing, extra, reworded, day))
        manifest["filled"].append({
            "file": name, "blank": source, "kind": "%s-checklist" % sheet,
            "edition": ed.name, "as_of": as_of, "missing": missing, "extra": extra,
            "reworded": reworded})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv)
