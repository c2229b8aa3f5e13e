#!/usr/bin/python3
"""make_samples.py - writes kaiji's synthetic sample submissions.

    /usr/bin/python3 samples/make_samples.py [OUTDIR]     (default: samples/)

Every file is SYNTHETIC: fictional vendors, fictional products, questions
written for these samples (the official JAHIS item list is not public).  Each
is marked 【架空のサンプル / SYNTHETIC SAMPLE】 inside.  The MHLW checklist item
texts are those DOMAIN.md section 2.2 gives.

Output is deterministic (fixed ZIP timestamps, fixed dates, seeded bytes):
running this twice gives the same bytes.  Besides the files it writes
tests/samples-manifest.json (what kaiji must conclude about each file, derived from how the
file was made) and README.md (what each file shows).

The functions here are reused by bench/make_corpus.py.
"""

import datetime
import json
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsxgen  # noqa: E402
import make_register  # noqa: E402
from odsgen import write_ods  # noqa: E402
from xlsxgen import (Book, DOTNET, EXCEL, INLINE, LIBREOFFICE,  # noqa: E402
                     PREFIXED, STRICT, XLSM, write_ss2003, write_xlsx)
from xlsxgen import (EMPTY_BOOL, EMPTY_INLINE, EMPTY_NUMBER, EMPTY_SHARED,  # noqa: E402
                     EMPTY_SHARED_OPEN)

D = datetime.date
AS_OF = "2026-11-26"
TARGET_GUIDELINE = "6.0"
MARK = "【架空のサンプル / SYNTHETIC SAMPLE】"
MARK_NOTE = MARK + " この文書は kaiji の試験用に作った架空のものです。実在の企業・製品とは関係ありません。" \
    " / Fictional document made to test kaiji; not a real disclosure."

# --------------------------------------------------------------------------
# JAHIS MDS/SDS: synthetic items (the official list is not public).

MDS_SECTIONS = [
    ("管理体制", [
        "製品のセキュリティに関する責任者を定めている。",
        "製品の脆弱性情報を収集し、医療機関へ通知する体制がある。",
        "セキュリティインシデント発生時の医療機関向け連絡窓口を定めている。",
        "本開示書の内容を年1回以上見直している。",
    ]),
    ("アクセス制御", [
        "利用者ごとに固有の利用者IDを付与できる。",
        "パスワードの長さ・文字種・有効期限を設定できる。",
        "二要素認証に対応している。",
        "一定回数の認証失敗でアカウントをロックできる。",
        "職種・担当業務別にアクセス権限を設定できる。",
        "一定時間操作がない場合に自動ログオフまたは画面ロックする。",
        "初期パスワードの変更を利用者に強制できる。",
    ]),
    ("ログ・監査", [
        "ログイン・ログアウトの記録を残す。",
        "患者情報の参照・更新・削除の記録を残す。",
        "ログの改ざんを防止する仕組みがある。",
        "時刻同期(NTP)に対応している。",
        "ログを外部のログ管理システムへ出力できる。",
    ]),
    ("データ保護", [
        "保存データを暗号化している。",
        "通信経路をTLS1.2以上で暗号化している。",
        "バックアップ機能を備えている。",
        "バックアップからの復旧手順書を提供している。",
        "外部記録媒体への書き出しを制限できる。",
        "機器廃棄時のデータ消去手順を提供している。",
    ]),
    ("脆弱性対策", [
        "OS・ミドルウェアのセキュリティパッチ適用手順を提供している。",
        "マルウェア対策ソフトの導入を許容している。",
        "不要なサービス・ポートを停止した状態で出荷している。",
        "ソフトウェア部品表(SBOM)を提供できる。",
    ]),
    ("リモートメンテナンス", [
        "リモートメンテナンスを利用する。",
        "リモート接続は医療機関の承認を得てから開始する。",
        "リモート接続の記録を医療機関に提供できる。",
        "リモート接続にはVPN等の安全な経路を用いる。",
    ]),
]

SDS_SECTIONS = [
    ("管理体制", [
        "サービスの安全管理責任者を定めている。",
        "従業者に情報セキュリティ教育を年1回以上実施している。",
        "再委託先の安全管理を契約で定め、監督している。",
        "ISMS等の第三者認証を取得している。",
    ]),
    ("サービス提供環境", [
        "医療情報を国内のデータセンターに保存する。",
        "データセンターは入退室管理を行っている。",
        "サービス基盤を冗長化している。",
        "サービスレベル(SLA)を契約で定めている。",
    ]),
    ("アクセス制御", [
        "利用者ごとに固有の利用者IDを付与できる。",
        "二要素認証に対応している。",
        "事業者の運用担当者の特権アクセスを記録している。",
        "不要になったアカウントを速やかに削除している。",
        "管理画面への接続元を制限している。",
    ]),
    ("ログ・監視", [
        "アクセスログを1年以上保存している。",
        "不正アクセスを24時間監視している。",
        "ログを医療機関に提供できる。",
        "時刻同期を行っている。",
    ]),
    ("データ保護", [
        "保存データを暗号化している。",
        "通信経路を暗号化している。",
        "日次でバックアップを取得している。",
        "バックアップを別拠点に保管している。",
        "ランサムウェア対策としてオフラインバックアップを保持している。",
    ]),
    ("事故対応・契約終了", [
        "インシデント発生時、医療機関へ速やかに連絡する。",
        "復旧目標時間を定めている。",
        "契約終了時にデータを医療機関へ返却する。",
        "契約終了時にデータを消去し、消去証明書を発行する。",
    ]),
]


class Item:
    """One question of a document and its answer as the vendor wrote it."""

    def __init__(self, iid, section, question, answer="", remarks="",
                 targets=None, conf=(None, None), target_date=None):
        self.id = iid
        self.section = section
        self.question = question
        self.answer = answer          # raw text (MDS/SDS, MDS2) or ""
        self.remarks = remarks
        self.targets = targets        # checklist: {target: raw} or None
        self.conf = conf              # checklist: (1回目, 2回目) dates/text
        self.target_date = target_date


class Disclosure:
    """A JAHIS MDS or SDS as filled by a vendor."""

    def __init__(self, kind, vendor, product, product_version, date,
                 form_version, guideline, contact, contract, items):
        self.kind = kind
        self.vendor = vendor
        self.product = product
        self.product_version = product_version
        self.date = date              # datetime.date or text
        self.form_version = form_version
        self.guideline = guideline
        self.contact = contact
        self.contract = contract
        self.items = items

    def title(self):
        if self.kind == "mds":
            return "製造業者による医療情報セキュリティ開示書 (MDS)"
        return "サービス事業者による医療情報セキュリティ開示書 (SDS)"

    def header(self):
        """(label, value) pairs in the form's order; value None = absent."""
        vlabel = "製造業者名" if self.kind == "mds" else "サービス事業者名"
        plabel = "製品名" if self.kind == "mds" else "サービス名"
        pairs = [(vlabel, self.vendor), (plabel, self.product),
                 ("型番・バージョン", self.product_version),
                 ("作成日", self.date), ("開示書の版", self.form_version),
                 ("対応ガイドライン", self.guideline), ("連絡先", self.contact)]
        if self.kind == "sds":
            pairs.append(("契約番号", self.contract))
        return pairs


def disclosure_items(kind, rng=None, answers=None):
    """The synthetic items of an MDS or SDS with realistic answers.  With rng
    the answers vary (for the benchmark corpus); otherwise they are fixed."""
    sections = MDS_SECTIONS if kind == "mds" else SDS_SECTIONS
    items = []
    for si, (sname, questions) in enumerate(sections, 1):
        for qi, q in enumerate(questions, 1):
            iid = "%d-%d" % (si, qi)
            ans, rem = "はい", ""
            if "二要素認証" in q:
                ans, rem = "いいえ", "次期バージョン(2027年度)で対応予定"
            elif "SBOM" in q:
                ans, rem = "いいえ", "要望があれば個別に対応を検討"
            elif kind == "mds" and si == 6 and qi > 1:
                ans, rem = "はい", "保守契約締結時に手順書を提示"
            elif "ISMS" in q:
                ans, rem = "はい", "ISO/IEC 27001 認証取得済(架空)"
            elif "外部記録媒体" in q:
                ans, rem = "対象外", "本製品は外部記録媒体の接続口を持たないため"
            elif "オフラインバックアップ" in q:
                ans, rem = "対象外", "本サービスは参照系のみで医療情報の原本を保持しないため"
            if rng is not None:
                r = rng.random()
                if r < 0.08:
                    ans, rem = "いいえ", "次回更新時に対応予定"
                elif r < 0.12:
                    ans, rem = "対象外", "本製品では該当する機能を持たないため"
                elif r < 0.14:
                    ans, rem = rng.choice(["", "未定", "はい"]), ""
            items.append(Item(iid, sname, q, ans, rem))
    if answers:
        for it in items:
            if it.id in answers:
                it.answer, it.remarks = answers[it.id]
    return items


def base_mds():
    return Disclosure(
        "mds", "架空メディカルシステムズ株式会社", "架空電子カルテ MX-7",
        "MX-7 Ver.7.2.1", D(2026, 4, 1), "Ver.5.0", "第6.0版",
        "品質保証部 セキュリティ窓口 03-0000-0000 (架空)", "", disclosure_items("mds"))


def base_sds():
    return Disclosure(
        "sds", "(株)サンプル医療情報", "サンプル画像保管クラウド",
        "2026年度版", D(2026, 7, 15), "第5.0版", "医療情報システムの安全管理に関するガイドライン第6.0版",
        "カスタマーサポート support@example.jp", "SMP-2026-0042",
        disclosure_items("sds"))


# --------------------------------------------------------------------------
# JAHIS MDS/SDS layouts.  Each returns a Book; all give the same items.

def _put_header_vertical(sh, row, doc, label_col=1, value_col=3, merge=True,
                         date_style="date"):
    for label, value in doc.header():
        if value is None:
            continue
        sh.set(row, label_col, label, "bold")
        if isinstance(value, D):
            sh.set(row, value_col, value, date_style)
        else:
            sh.set(row, value_col, value)
        if merge:
            sh.merge(row, label_col, row, value_col - 1)
            sh.merge(row, value_col, row, value_col + 1)
        row += 1
    return row


def mds_standard(doc, date_style="era", lists_sheet=False, phonetic=False,
                 dup_row=None):
    """The plain form: marker, title, header block, 項番|確認項目|回答|備考."""
    b = Book(title=doc.title())
    sh = b.add("開示書")
    sh.widths = {1: 8, 2: 60, 3: 12, 4: 40}
    sh.set(1, 1, MARK_NOTE)
    sh.merge(1, 1, 1, 4)
    sh.set(2, 1, doc.title(), "bold")
    sh.merge(2, 1, 2, 4)
    row = _put_header_vertical(sh, 4, doc, date_style=date_style)
    if phonetic:
        # Japanese Excel keeps the reading of typed labels as phonetic runs.
        for (r, c), cell in list(sh.cells.items()):
            if cell.value == "製造業者名":
                cell.phonetic = [(0, 4, "セイゾウギョウシャ"), (4, 5, "メイ")]
            elif cell.value == "作成日":
                cell.phonetic = [(0, 3, "サクセイビ")]
    row += 1
    hdr = row
    for c, label in enumerate(["項番", "確認項目", "回答", "備考"], 1):
        sh.set(row, c, label, "bold")
    if phonetic:
        sh.cells[(row, 2)].phonetic = [(0, 2, "カクニン"), (2, 4, "コウモク")]
        sh.cells[(row, 3)].rich = [("回答", True)]
    row += 1
    first = row
    section = None
    for it in doc.items:
        if it.section != section:
            section = it.section
            sh.set(row, 1, "%s. %s" % (it.id.split("-")[0], section), "grey")
            sh.merge(row, 1, row, 4)
            row += 1
        for _ in range(2 if it.id == dup_row else 1):
            sh.set(row, 1, it.id)
            sh.set(row, 2, it.question, "wrap")
            sh.set(row, 3, it.answer)
            sh.set(row, 4, it.remarks, "wrap")
            row += 1
    if lists_sheet:
        ls = b.add("Lists", hidden=True)
        for i, v in enumerate(["はい", "いいえ", "対象外"], 1):
            ls.set(i, 1, v)
        sh.validate_list(first, 3, row - 1, 3, "Lists!$A$1:$A$3")
    else:
        sh.validate_list(first, 3, row - 1, 3, '"はい,いいえ,対象外"')
    sh.set(row + 1, 1, "※ 回答欄には「はい」「いいえ」「対象外」のいずれかを記入し、"
           "「対象外」の場合は備考欄に理由を記入してください。")
    sh.merge(row + 1, 1, row + 1, 4)
    del hdr
    return b


def mds_columns_moved(doc):
    """Columns in another order with an extra column, header fields side by
    side (label, value, label, value)."""
    b = Book(title=doc.title())
    sh = b.add("Sheet1")
    sh.set(1, 2, MARK_NOTE)
    sh.set(2, 2, doc.title(), "bold")
    pairs = [p for p in doc.header() if p[1] is not None]
    row = 4
    for i in range(0, len(pairs), 2):
        for j, (label, value) in enumerate(pairs[i:i + 2]):
            sh.set(row, 2 + 3 * j, label, "bold")
            sh.set(row, 3 + 3 * j, value, "date" if isinstance(value, D) else None)
        row += 1
    row += 2
    cols = ["回答", "関連するガイドライン項目", "項番", "確認項目", "補足"]
    for c, label in enumerate(cols, 2):
        sh.set(row, c, label, "bold")
    row += 1
    for it in doc.items:
        sh.set(row, 2, it.answer)
        sh.set(row, 3, "企画管理編 %s" % it.id.split("-")[0])
        sh.set(row, 4, it.id)
        sh.set(row, 5, it.question)
        sh.set(row, 6, it.remarks)
        row += 1
    return b


def mds_rows_added(doc):
    """Instructions above, the table header repeated per section, blank rows
    between sections."""
    b = Book(title=doc.title())
    sh = b.add("開示書")
    sh.set(1, 1, MARK_NOTE)
    sh.set(2, 1, doc.title(), "bold")
    notes = ["【記入要領】",
             "1. 回答欄には「はい」「いいえ」「対象外」のいずれかを記入してください。",
             "2. 計画中の対策は、次回システム更新までに実施するものに限り「はい」としてください。",
             "3. 「対象外」とした場合は、備考欄にその理由を記入してください。",
             "4. 本開示書の記載内容について、医療機関から説明を求められた場合は対応してください。"]
    row = 4
    for n in notes:
        sh.set(row, 1, n)
        sh.merge(row, 1, row, 4)
        row += 1
    row += 1
    row = _put_header_vertical(sh, row, doc, value_col=2, merge=False,
                               date_style="builtin")
    section = None
    for it in doc.items:
        if it.section != section:
            section = it.section
            row += 1
            sh.set(row, 1, "■ %s" % section, "bold")
            row += 1
            for c, label in enumerate(["項番", "確認項目", "回答", "備考"], 1):
                sh.set(row, c, label, "bold")
            row += 1
        sh.set(row, 1, it.id)
        sh.set(row, 2, it.question)
        sh.set(row, 3, it.answer)
        sh.set(row, 4, it.remarks)
        row += 1
    return b


def mds_renamed_with_cover(doc):
    """A cover sheet first holding the header fields; the answer sheet
    renamed, its header cells formulas referring to the cover; a hidden
    Lists sheet feeding the data validation."""
    b = Book(title=doc.title())
    cover = b.add("表紙")
    cover.set(1, 1, MARK_NOTE)
    cover.set(3, 1, doc.title(), "bold")
    row = _put_header_vertical(cover, 5, doc, label_col=1, value_col=2,
                               merge=False, date_style="era")
    sh = b.add("回答（ご提出用）")
    sh.set(1, 1, MARK)
    sh.set(2, 1, doc.title(), "bold")
    r = 4
    for i, (label, value) in enumerate([p for p in doc.header() if p[1] is not None]):
        sh.set(r, 1, label, "bold")
        sh.set(r, 2, value, "era" if isinstance(value, D) else None,
               formula="表紙!B%d" % (5 + i))
        r += 1
    r += 1
    for c, label in enumerate(["No.", "チェック項目", "回答欄", "備考"], 1):
        sh.set(r, c, label, "bold")
    r += 1
    first = r
    for it in doc.items:
        sh.set(r, 1, it.id)
        sh.set(r, 2, it.question)
        sh.set(r, 3, it.answer)
        sh.set(r, 4, it.remarks)
        r += 1
    ls = b.add("Lists", hidden=True)
    for i, v in enumerate(["はい", "いいえ", "対象外"], 1):
        ls.set(i, 1, v)
    sh.validate_list(first, 3, r - 1, 3, "Lists!$A$1:$A$3")
    del row
    return b


def mds_per_choice(doc, mark="○"):
    """One column per choice (はい | いいえ | 対象外) with a mark in one."""
    b = Book(title=doc.title())
    sh = b.add("開示書")
    sh.set(1, 1, MARK_NOTE)
    sh.set(2, 1, doc.title(), "bold")
    row = _put_header_vertical(sh, 4, doc, value_col=3, merge=False)
    row += 1
    sh.set(row, 1, "項番", "bold")
    sh.set(row, 2, "確認項目", "bold")
    sh.set(row, 3, "回答", "bold")
    sh.merge(row, 3, row, 5)
    sh.set(row, 6, "備考", "bold")
    row += 1
    for c, label in enumerate(["はい", "いいえ", "対象外"], 3):
        sh.set(row, c, label, "bold")
    row += 1
    col = {"はい": 3, "いいえ": 4, "対象外": 5}
    for it in doc.items:
        sh.set(row, 1, it.id)
        sh.set(row, 2, it.question)
        if it.answer in col:
            sh.set(row, col[it.answer], mark)
        elif it.answer == BOTH:
            sh.set(row, col["はい"], mark)
            sh.set(row, col["いいえ"], mark)
        sh.set(row, 6, it.remarks)
        row += 1
    return b


# --------------------------------------------------------------------------
# MHLW checklist.  Texts exactly as DOMAIN.md section 2.2 gives them.

ALL3 = ["サーバ", "端末PC", "ネットワーク機器"]
SRV_PC = ["サーバ", "端末PC"]

HOSPITAL_11 = "医療情報システム安全管理責任者を設置している。"
VENDOR_11 = "事業者内に、医療情報システム等の提供に係る管理責任者を設置している。"
HOSPITAL_23 = "事業者から製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)を提出してもらう。"
VENDOR_23 = "医療機関に製造業者/サービス事業者による医療情報セキュリティ開示書(MDS/SDS)を提出した。"

# (R6 id, text, R5 targets, R6 targets, first edition)
CHECKLIST_BASE = [
    ("0", "医療情報システムを導入、運用している。", None, [], "R6"),
    ("1(1)", None, [], [], "R5"),
    # R6 2(1) takes one answer (R6 counts 14 management items [2]).
    ("2(1)", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", ALL3, [], "R5"),
    ("2(2)", "リモートメンテナンス(保守)を利用している機器の有無を事業者等に確認した。", [], [], "R5"),
    ("2(3)", None, [], [], "R5"),
    ("2(4)", "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。",
     ["サーバ"], SRV_PC, "R5"),
    ("2(5)", "退職者や使用していないアカウント等、不要なアカウントを削除している。",
     ["サーバ"], SRV_PC, "R5"),
    ("2(6)", "アクセスログを管理している。", ["サーバ"], ["サーバ"], "R5"),
    ("2(7)", "セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している。",
     ["ネットワーク機器"], ALL3, "R5"),
    ("2(8)", "接続元制限を実施している。", ["ネットワーク機器"], ["ネットワーク機器"], "R5"),
    ("2(9)", "バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。",
     None, SRV_PC, "R6"),
    ("3(1)", "インシデント発生時における組織内と外部関係機関への連絡体制図がある。", [], [], "R5"),
    ("3(2)", "インシデント発生時に診療を継続するために必要な情報を検討し、データやシステムの"
     "バックアップの実施と復旧手順を確認している。", None, [], "R6"),
    ("3(3)", "サイバー攻撃を想定した事業継続計画(BCP)を策定している。", None, [], "R6"),
]

# R7 (令和7年5月): circled numbers, 13 items in section 2: 2⑦ 2⑧ 2⑨ added,
# patching (2⑥) covering all systems, 2⑫ background services and 2⑬
# connection limits [V, draft]; 2⑩ and 2⑪ access logs and two-factor
# authentication in an order not known (this fictional form picks one, the
# catalog keeps their wording null).  The rest as R6 [I].
R7_VENDOR = [
    ("1①", VENDOR_11, []),
    ("2①", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", ALL3),
    ("2②", "リモートメンテナンス(保守)を利用している機器の有無を事業者に確認した。", []),
    ("2③", VENDOR_23, []),
    ("2④", "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。", SRV_PC),
    ("2⑤", "退職者や使用していないアカウント等、不要なアカウントを削除している。", SRV_PC),
    ("2⑥", "セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している。", ALL3),
    ("2⑦", "パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。", SRV_PC),
    ("2⑧", "パスワードの使い回しを禁止している。", SRV_PC),
    ("2⑨", "USBストレージ等の外部記録媒体の使用を制限している。", SRV_PC),
    ("2⑩", "アクセスログを管理している。", ["サーバ"]),
    ("2⑪", "サーバ及び端末PCへのログインに二要素認証を導入している。", SRV_PC),
    ("2⑫", "バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。", SRV_PC),
    ("2⑬", "接続元制限を実施している。", ["ネットワーク機器"]),
    ("3①", "インシデント発生時における組織内と外部関係機関への連絡体制図がある。", []),
]
R7_SCOPE = {"サーバ": "(サーバ、端末PC)", "ネットワーク機器": "(ネットワーク機器)"}

SECTION_TITLES = {"0": "0 医療情報システムの有無", "1": "1 体制構築",
                  "2": "2 医療情報システムの管理・運用",
                  "3": "3 インシデント発生に備えた対応"}
EDITION_TITLE = {"R5": "令和5年6月", "R6": "令和6年5月", "R7": "令和7年5月", "R8": "令和8年度"}
# R8 (令和8年度) is retitled and its hospital sheet renamed [2]; its items are
# not public, so the fictional R8 samples reuse R7's list.
CHECKLIST_TITLE = {"R8": "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト"}
HOSPITAL_SHEET = {"R8": "医療機関・薬局確認用"}


def checklist_items(edition, sheet, conf1, conf2=None, answers=None):
    """The items of a checklist edition ("R5", "R6", "R7") for sheet
    ("vendor" or "hospital"), all answered はい and confirmed on conf1
    (and conf2).  answers maps an item ID to a dict of overrides:
    {"targets": {...}, "target_date": d, "remarks": s, "conf": (a, b)}."""
    items = []
    if edition in ("R7", "R8"):
        rows = list(R7_VENDOR)
        if sheet == "hospital":
            rows = [("0", CHECKLIST_BASE[0][1], [])] + \
                [("1①", HOSPITAL_11, [])] + rows[1:2] + rows[2:3] + \
                [("2③", HOSPITAL_23, [])] + rows[4:] + \
                [("3②", CHECKLIST_BASE[12][1], []), ("3③", CHECKLIST_BASE[13][1], [])]
        for iid, text, targets in rows:
            items.append(Item(iid, SECTION_TITLES[iid[0]], text,
                              targets=_all_yes(targets), conf=(conf1, conf2)))
    else:
        for iid, text, t5, t6, first in CHECKLIST_BASE:
            if edition == "R5" and first == "R6":
                continue
            if sheet == "vendor" and iid in ("0", "3(2)", "3(3)"):
                continue
            if text is None:
                text = {("1(1)", "vendor"): VENDOR_11, ("1(1)", "hospital"): HOSPITAL_11,
                        ("2(3)", "vendor"): VENDOR_23,
                        ("2(3)", "hospital"): HOSPITAL_23}[(iid, sheet)]
            targets = t5 if edition == "R5" else t6
            items.append(Item(iid, SECTION_TITLES[iid[0]], text,
                              targets=_all_yes(targets), conf=(conf1, conf2)))
    for it in items:
        o = (answers or {}).get(it.id)
        if not o:
            continue
        if "targets" in o:
            it.targets.update(o["targets"])
        it.target_date = o.get("target_date", it.target_date)
        it.remarks = o.get("remarks", it.remarks)
        it.conf = o.get("conf", it.conf)
    return items


def _all_yes(targets):
    if not targets:
        return {"": "はい"}
    return {t: "はい" for t in targets}


class Checklist:
    def __init__(self, edition, sheet, vendor, system, contract, contact,
                 items, hospital=None):
        self.edition = edition
        self.sheet = sheet
        self.vendor = vendor
        self.system = system
        self.contract = contract
        self.contact = contact
        self.items = items
        self.hospital = hospital

    def sheet_name(self):
        if self.sheet == "vendor":
            return "事業者確認用"
        return HOSPITAL_SHEET.get(self.edition, "医療機関確認用")

    def title(self):
        return CHECKLIST_TITLE.get(self.edition,
                                   "医療機関におけるサイバーセキュリティ対策チェックリスト")


def checklist_book(cl, date_style="date", circled_scope=False):
    """The checklist as the MHLW form lays it out: 項番 | 確認項目 | 回答
    (サーバ|端末PC|ネットワーク機器, merged header) | 確認日 (1回目|2回目) |
    目標日 | 備考; an item without targets answers once in a cell merged
    over the three target columns."""
    b = Book(title=cl.title())
    sh = b.add(cl.sheet_name())
    sh.widths = {1: 7, 2: 58, 3: 9, 4: 9, 5: 11, 6: 12, 7: 12, 8: 12, 9: 30}
    sh.set(1, 1, MARK_NOTE)
    sh.merge(1, 1, 1, 9)
    sh.set(2, 1, "%s（%s）【%s】" % (cl.title(), EDITION_TITLE[cl.edition], cl.sheet_name()),
           "bold")
    sh.merge(2, 1, 2, 9)
    row = 5
    if cl.sheet == "vendor":
        fields = [("事業者名", cl.vendor), ("システム名", cl.system),
                  ("契約番号", cl.contract), ("記入者", cl.contact)]
    else:
        fields = [("医療機関名", cl.hospital), ("記入者", cl.contact)]
    for label, value in fields:
        if value is None:
            continue
        sh.set(row, 1, label, "bold")
        sh.merge(row, 1, row, 2)
        sh.set(row, 3, value)
        sh.merge(row, 3, row, 7)
        row += 1
    row += 1
    h1, h2 = row, row + 1
    sh.set(h1, 1, "項番", "bold")
    sh.merge(h1, 1, h2, 1)
    sh.set(h1, 2, "確認項目", "bold")
    sh.merge(h1, 2, h2, 2)
    sh.set(h1, 3, "回答", "bold")
    sh.merge(h1, 3, h1, 5)
    sh.set(h1, 6, "確認日", "bold")
    sh.merge(h1, 6, h1, 7)
    sh.set(h1, 8, "目標日", "bold")
    sh.merge(h1, 8, h2, 8)
    sh.set(h1, 9, "備考", "bold")
    sh.merge(h1, 9, h2, 9)
    for c, t in enumerate(ALL3, 3):
        sh.set(h2, c, t, "bold")
    sh.set(h2, 6, "1回目", "bold")
    sh.set(h2, 7, "2回目", "bold")
    row = h2 + 1
    first = row
    section = None
    for it in cl.items:
        if it.section != section:
            section = it.section
            sh.set(row, 1, section, "grey")
            sh.merge(row, 1, row, 9)
            row += 1
        sh.set(row, 1, it.id)
        q = it.question
        if circled_scope:
            scope = "(医療情報システム全般)"
            if set(it.targets) == set(SRV_PC):
                scope = "(サーバ、端末PC)"
            elif set(it.targets) == {"ネットワーク機器"}:
                scope = "(ネットワーク機器)"
            q = "%s\n%s" % (q, scope)
        sh.set(row, 2, q, "wrap")
        if "" in it.targets:
            sh.set(row, 3, it.targets[""])
            sh.merge(row, 3, row, 5)
        else:
            for c, t in enumerate(ALL3, 3):
                if t in it.targets:
                    sh.set(row, c, it.targets[t])
                else:
                    sh.set(row, c, None, "grey")
        for c, v in ((6, it.conf[0]), (7, it.conf[1]), (8, it.target_date)):
            if isinstance(v, D):
                sh.set(row, c, v, date_style)
            elif v:
                sh.set(row, c, v)
        sh.set(row, 9, it.remarks)
        row += 1
    sh.validate_list(first, 3, row - 1, 5, '"はい,いいえ"')
    sh.set(row + 1, 1, "※ はい・いいえで回答し、確認日を記入してください。「いいえ」の場合は"
           "年度内の目標日を記入してください。")
    sh.merge(row + 1, 1, row + 1, 9)
    return b


CHOICE_PAIR = "はい・いいえ"
BOTH = "both"  # in Item.targets: はい and いいえ both circled


def checklist_book_ovals(cl, one_cell=False):
    """The checklist as printed for circling, answers as ovals drawn over
    the words (the way a paper form is filled, in an Excel copy of it).

    one_cell=False: 回答 has two cells per target, はい | いいえ (サーバ C:D,
    端末PC E:F, ネットワーク機器 G:H); an item without targets has はい over
    C:E and いいえ over F:H.  one_cell=True: each target's cell holds
    "はい・いいえ" (centred) and the oval is drawn over one word.  A target
    answered "" has no oval; BOTH has one over each word."""
    b = Book(title=cl.title())
    sh = b.add(cl.sheet_name())
    tw = 14 if one_cell else 6
    first_t, ncols = 3, 1 if one_cell else 2
    span = [(first_t + k * ncols, first_t + k * ncols + ncols - 1) for k in range(3)]
    c_conf, c_target, c_rem = first_t + 3 * ncols, first_t + 3 * ncols + 2, first_t + 3 * ncols + 3
    last = c_rem
    sh.widths = {1: 7, 2: 58, c_conf: 12, c_conf + 1: 12, c_target: 12, c_rem: 30}
    for c in range(first_t, c_conf):
        sh.widths[c] = tw
    sh.set(1, 1, MARK_NOTE)
    sh.merge(1, 1, 1, last)
    sh.set(2, 1, "%s（%s）【%s】" % (cl.title(), EDITION_TITLE[cl.edition], cl.sheet_name()),
           "bold")
    sh.merge(2, 1, 2, last)
    row = 5
    for label, value in [("事業者名", cl.vendor), ("システム名", cl.system),
                         ("契約番号", cl.contract), ("記入者", cl.contact)]:
        sh.set(row, 1, label, "bold")
        sh.merge(row, 1, row, 2)
        sh.set(row, 3, value)
        sh.merge(row, 3, row, c_conf - 1)
        row += 1
    sh.set(row, 1, "※ 該当する「はい」または「いいえ」を○で囲んでください。")
    sh.merge(row, 1, row, last)
    row += 2
    h1, h2 = row, row + 1
    for c, label in ((1, "項番"), (2, "確認項目"), (c_target, "目標日"), (c_rem, "備考")):
        sh.set(h1, c, label, "bold")
        sh.merge(h1, c, h2, c)
    sh.set(h1, first_t, "回答", "bold")
    sh.merge(h1, first_t, h1, c_conf - 1)
    sh.set(h1, c_conf, "確認日", "bold")
    sh.merge(h1, c_conf, h1, c_conf + 1)
    for (c1, c2), t in zip(span, ALL3):
        sh.set(h2, c1, t, "bold")
        if c2 > c1:
            sh.merge(h2, c1, h2, c2)
    sh.set(h2, c_conf, "1回目", "bold")
    sh.set(h2, c_conf + 1, "2回目", "bold")
    row = h2 + 1
    section = None

    def circle(r, c1, c2, answer):
        words = ["はい", "いいえ"] if answer == BOTH else [answer] if answer else []
        for w in words:
            k = 0 if w == "はい" else 1
            if one_cell:
                sh.oval_over_word(r, c1, c2, CHOICE_PAIR, k)
            else:
                half = (c2 - c1 + 1) // 2
                a = c1 + k * half
                sh.oval(r, a, 0.08, 0.92, col2=a + half - 1)

    for it in cl.items:
        if it.section != section:
            section = it.section
            sh.set(row, 1, section, "grey")
            sh.merge(row, 1, row, last)
            row += 1
        sh.set(row, 1, it.id)
        sh.set(row, 2, it.question, "wrap")
        if "" in it.targets:
            c1, c2 = span[0][0], span[2][1]
            if one_cell:
                sh.set(row, c1, CHOICE_PAIR, "center")
                sh.merge(row, c1, row, c2)
            else:
                sh.set(row, c1, "はい", "center")
                sh.merge(row, c1, row, c1 + 2)
                sh.set(row, c1 + 3, "いいえ", "center")
                sh.merge(row, c1 + 3, row, c2)
            circle(row, c1, c2, it.targets[""])
        else:
            for (c1, c2), t in zip(span, ALL3):
                if t not in it.targets:
                    for c in range(c1, c2 + 1):
                        sh.set(row, c, None, "grey")
                    continue
                if one_cell:
                    sh.set(row, c1, CHOICE_PAIR, "center")
                else:
                    sh.set(row, c1, "はい", "center")
                    sh.set(row, c2, "いいえ", "center")
                circle(row, c1, c2, it.targets[t])
        for c, v in ((c_conf, it.conf[0]), (c_conf + 1, it.conf[1]), (c_target, it.target_date)):
            if isinstance(v, D):
                sh.set(row, c, v, "date")
            elif v:
                sh.set(row, c, v)
        sh.set(row, c_rem, it.remarks)
        row += 1
    return b


# --------------------------------------------------------------------------
# NEMA MDS2.

MDS2_SECTIONS = [
    ("MPII", "MANAGEMENT OF PERSONALLY IDENTIFIABLE INFORMATION", 22,
     ["Does the device {v} personally identifiable information?",
      "Can personally identifiable information be {v} by the device?"],
     ["display", "store", "transmit", "modify", "export", "print", "back up"]),
    ("ALOF", "AUTOMATIC LOGOFF", 2,
     ["Can the device be configured to {v} after a predetermined length of inactivity?"],
     ["force reauthorization", "lock the screen"]),
    ("AUDT", "AUDIT CONTROLS", 30,
     ["Does the audit log record {v}?", "Can the device {v} audit events?"],
     ["login and logout", "display of data", "creation of data", "modification of data",
      "export of data", "remote service activity", "security events", "time stamps"]),
    ("AUTH", "AUTHORIZATION", 8,
     ["Does the device support {v}?"],
     ["role-based access", "unique user accounts", "administrator privileges",
      "least privilege", "account lockout"]),
    ("CSUP", "CYBER SECURITY PRODUCT UPGRADES", 34,
     ["Does the device contain {v}?", "Does the manufacturer provide {v}?",
      "Can the customer install {v}?"],
     ["an operating system", "drivers and firmware", "anti-malware software",
      "non-operating system commercial off-the-shelf components", "security patches",
      "approved updates"]),
    ("DIDT", "HEALTH DATA DE-IDENTIFICATION", 2,
     ["Does the device provide {v}?"], ["an integral capability to de-identify data",
                                        "configurable de-identification"]),
    ("DTBK", "DATA BACKUP AND DISASTER RECOVERY", 6,
     ["Does the device have {v}?"], ["an integral data backup capability",
                                     "the ability to restore from backup",
                                     "backup integrity checks"]),
    ("EMRG", "EMERGENCY ACCESS", 1,
     ["Does the device incorporate {v}?"], ["an emergency access (break-glass) feature"]),
    ("IGAU", "HEALTH DATA INTEGRITY AND AUTHENTICITY", 2,
     ["Does the device provide {v}?"], ["data integrity checking", "RAID or equivalent"]),
    ("MLDP", "MALWARE DETECTION/PROTECTION", 15,
     ["Does the device support {v}?", "Is {v} installed by default?"],
     ["anti-malware software", "application allow-listing", "host-based intrusion detection",
      "automatic signature updates", "alerts for detected malware"]),
    ("NAUT", "NODE AUTHENTICATION", 4,
     ["Does the device provide {v}?"], ["node authentication", "a host-based firewall",
                                        "network access control", "certificate validation"]),
    ("CONN", "CONNECTIVITY CAPABILITIES", 19,
     ["Does the device support {v}?"], ["wireless connectivity", "Wi-Fi", "Bluetooth",
                                        "wired network ports", "USB", "serial ports",
                                        "cloud connectivity", "remote connections"]),
    ("PAUT", "PERSON AUTHENTICATION", 16,
     ["Does the device support {v}?"], ["user login", "password complexity rules",
                                        "multi-factor authentication", "shared accounts",
                                        "changing default passwords", "single sign-on"]),
    ("PLOK", "PHYSICAL LOCKS", 4,
     ["Are {v} physically secured?"], ["data storage components", "service ports",
                                       "removable media", "the enclosure"]),
    ("RDMP", "ROADMAP FOR THIRD PARTY COMPONENTS IN DEVICE LIFE CYCLE", 4,
     ["Does the manufacturer have {v}?"], ["a plan for third-party component support",
                                            "a secure development process",
                                            "an end-of-support notice process",
                                            "a vulnerability handling process"]),
    ("SBOM", "SOFTWARE BILL OF MATERIALS", 8,
     ["Is {v} available?"], ["an SBOM for this product", "the SBOM in a machine-readable format",
                             "version information of each component",
                             "a list of open source components"]),
    ("SAHD", "SYSTEM AND APPLICATION HARDENING", 22,
     ["Is the device hardened by {v}?", "Does the device restrict {v}?"],
     ["disabling unused services", "removing default accounts", "secure boot",
      "file system permissions", "removable media", "software installation",
      "access to the BIOS"]),
    ("SGUD", "SECURITY GUIDANCE", 5,
     ["Does the manufacturer provide {v}?"], ["security documentation",
                                              "instructions for secure configuration",
                                              "instructions for data disposal"]),
    ("STCF", "HEALTH DATA STORAGE CONFIDENTIALITY", 7,
     ["Can the device encrypt {v}?"], ["data at rest", "removable media", "backups",
                                       "database files"]),
    ("TXCF", "TRANSMISSION CONFIDENTIALITY", 6,
     ["Is data transmitted {v}?"], ["only via a point-to-point connection",
                                    "encrypted", "over a restricted network"]),
    ("TXIG", "TRANSMISSION INTEGRITY", 2,
     ["Does the device support {v}?"], ["transmission integrity checks",
                                        "message authentication"]),
    ("RMOT", "REMOTE SERVICE", 6,
     ["Does the device permit {v}?"], ["remote service connections",
                                       "remote access initiated by the customer only",
                                       "remote software updates", "logging of remote sessions"]),
]

MDS2_HEADINGS = {"CONN-1", "CONN-1.1"}


def mds2_ids(code, count):
    """count plausible question IDs for a section: CODE-1, CODE-2,
    CODE-2.1 ...; CONN has the nested headings CONN-1 and CONN-1.1 of the
    form.  Deterministic."""
    ids = []
    if code == "CONN":
        ids = ["CONN-1", "CONN-1.1"] + ["CONN-1.1.%d" % i for i in range(1, 5)] + \
              ["CONN-1.2"] + ["CONN-1.2.%d" % i for i in range(1, 3)]
        n = 2
        while len(ids) < count:
            ids.append("CONN-%d" % n)
            n += 1
        return ids
    n = 1
    while len(ids) < count:
        ids.append("%s-%d" % (code, n))
        if n % 3 == 2 and (code != "SAHD" or n == 2):
            for k in (1, 2):
                if len(ids) < count:
                    ids.append("%s-%d.%d" % (code, n, k))
        n += 1
    return ids


def mds2_questions(rng=None, blank=()):
    """[(section code, section title, [Item])] of an HN 1-2019 form with
    realistic answers and quirks: SHAD-15, See Note vs See Notes, blank
    heading questions, "Yes,optional", trailing spaces."""
    out = []
    note_no = 0
    for code, title, count, stems, topics in MDS2_SECTIONS:
        items = []
        for k, iid in enumerate(mds2_ids(code, count)):
            q = stems[k % len(stems)].format(v=topics[k % len(topics)])
            if k % 5 == 4:
                q += " "   # trailing space, as in real files
            ans, note = "Yes", "__"
            if iid in MDS2_HEADINGS:
                ans, q = "", "Does the device have the following connectivity (see below)?"
            elif code in ("DIDT", "EMRG") or (code == "CONN" and "Bluetooth" in q):
                ans = "No"
            elif code == "SBOM" and k > 1:
                ans = "N/A"
            elif k % 11 == 7:
                note_no += 1
                ans, note = ("See Notes", "See Note %d" % note_no) if note_no % 2 \
                    else ("See Note", "See Note %d" % note_no)
            elif code == "MPII" and k == 0:
                ans = "Yes,optional"
            elif code == "PAUT" and k == 3:
                ans = "No,Option to disable shared accounts"
            if rng is not None and iid not in MDS2_HEADINGS and rng.random() < 0.1:
                ans = rng.choice(["No", "N/A", "Yes", "Yes "])
            if iid == "SAHD-15":
                iid = "SHAD-15"
            if iid in blank:
                ans = ""
            items.append(Item(iid, code, q, ans, note))
        out.append((code, title, items))
    return out, note_no


def mds2_header(vendor="Example Imaging Inc.", device="SYNTH-CT 9000 computed tomography system "
                "【架空のサンプル / SYNTHETIC SAMPLE】", model="SCT-9000 rev. B",
                doc_id="EXI-MDS2-0001", date=D(2026, 2, 10)):
    return [("DOC-1", "Manufacturer Name", vendor),
            ("DOC-2", "Device Description", device),
            ("DOC-3", "Device Model", model),
            ("DOC-4", "Document ID", doc_id),
            ("DOC-5", "Manufacturer Contact Information", "psirt@example.com (fictional)"),
            ("DOC-6", "Intended use of device in network-connected environment:",
             "Acquires CT images and sends them to PACS over DICOM."),
            ("DOC-7", "Document Release Date", date),
            ("DOC-8", "Coordinated Vulnerability Disclosure: Does the manufacturer have a "
             "vulnerability disclosure program for this device?", "Yes"),
            ("DOC-9", "ISAO: Is the manufacturer part of an Information Sharing and "
             "Analysis Organization?", "No"),
            ("DOC-10", "Diagram: Is a network or data flow diagram available that indicates "
             "connections to other system components or expected external resources?", "Yes"),
            ("DOC-11", "SaMD: Is the device Software as a Medical Device (i.e. software-only, "
             "no hardware)?", "No"),
            ("DOC-11.1", "Does the SaMD contain an operating system?", "N/A"),
            ("DOC-11.2", "Does the SaMD rely on an owner/operator provided operating system?",
             "N/A"),
            ("DOC-11.3", "Is the SaMD hosted by the manufacturer?", "N/A"),
            ("DOC-11.4", "Is the SaMD hosted by the customer?", "N/A")]


def mds2_book(header, sections, notes, edition="HN 1-2019", answer_label=None):
    """The mds2-form sheet as NEMA lays it out."""
    b = Book(title="MDS2")
    sh = b.add("mds2-form")
    sh.widths = {1: 12, 2: 70, 3: 18, 4: 12, 5: 14, 6: 14, 7: 14}
    sh.set(1, 1, MARK_NOTE)
    sh.set(2, 1, "Manufacturer Disclosure Statement for Medical Device Security -- MDS2",
           "bold")
    sh.merge(2, 1, 2, 7)
    sh.set(3, 1, "ANSI/NEMA %s" % edition if edition == "HN 1-2019"
           else "ANSI/HIMSS/NEMA %s" % edition)
    row = 5
    hdr = ["Question ID", "Question", answer_label or header[0][2], "See note",
           "IEC TR 80001-2-2:2012", "NIST SP 800-53 Rev. 4", "ISO 27002:2013"]
    for c, label in enumerate(hdr, 1):
        sh.set(row, c, label, "bold")
    row += 1
    first = row
    for iid, q, a in header:
        sh.set(row, 1, iid)
        sh.set(row, 2, q)
        sh.set(row, 3, a, "date" if isinstance(a, D) else None)
        sh.set(row, 4, "__")
        row += 1
    for code, title, items in sections:
        sh.set(row, 1, "%s (%s)" % (title, code), "grey")
        sh.merge(row, 1, row, 7)
        row += 1
        for it in items:
            sh.set(row, 1, it.id)
            sh.set(row, 2, it.question)
            sh.set(row, 3, it.answer)
            sh.set(row, 4, it.remarks)
            sh.set(row, 5, "Section 5.%s" % code)
            sh.set(row, 6, "AC-%d" % (1 + row % 20))
            sh.set(row, 7, "A.%d.%d" % (9 + row % 5, 1 + row % 3))
            row += 1
    sh.validate_list(first, 3, row - 1, 3, '"Yes,No,N/A,See Notes"')
    sh.set(row, 1, "OTHER SECURITY CONSIDERATIONS (OTHR)", "grey")
    row += 1
    sh.set(row, 1, "OTHR")
    sh.set(row, 2, "Additional security notes: the device is designed to be operated on an "
           "isolated modality network. (synthetic)")
    row += 2
    for i, text in enumerate(notes, 1):
        sh.set(row, 1, "Note %d" % i)
        sh.set(row, 2, text)
        row += 1
    return b


def mds2_notes(n):
    base = ["Configurable by the site administrator; disabled by default.",
            "Available as a paid option; contact service.",
            "Only during on-site service with a service key.",
            "Documented in the security white paper (fictional document EXI-SEC-01)."]
    return [base[i % len(base)] for i in range(n)]


def mds2_2013_book():
    """An HN 1-2013 form (outdated): the older sections and numbering."""
    b = Book(title="MDS2 2013")
    sh = b.add("MDS2 Form")
    sh.set(1, 1, MARK_NOTE)
    sh.set(2, 1, "Manufacturer Disclosure Statement for Medical Device Security – MDS2",
           "bold")
    sh.set(3, 1, "ANSI/HIMSS/NEMA HN 1-2013")
    hdr = [("DOC-1", "Manufacturer Name", "Example Imaging Inc."),
           ("DOC-2", "Device Description", "SYNTH-US 300 ultrasound 【架空のサンプル / SYNTHETIC SAMPLE】"),
           ("DOC-3", "Device Model", "SUS-300"),
           ("DOC-7", "Document Release Date", D(2016, 5, 20))]
    row = 5
    for c, label in enumerate(["Question ID", "Question", "Answer", "Note #"], 1):
        sh.set(row, c, label, "bold")
    row += 1
    for iid, q, a in hdr:
        sh.set(row, 1, iid)
        sh.set(row, 2, q)
        sh.set(row, 3, a)
        row += 1
    codes = ["ALOF", "AUDT", "AUTH", "CNFS", "CSUP", "DIDT", "DTBK", "EMRG", "IGAU",
             "MLDP", "NAUT", "PAUT", "PLOK", "RDMP", "SAHD", "SGUD", "STCF", "TXCF", "TXIG"]
    first = row
    for code in codes:
        for n in range(1, 4):
            sh.set(row, 1, "%s-%d" % (code, n))
            sh.set(row, 2, "Synthetic %s question %d: does the device provide this "
                   "security capability?" % (code, n))
            sh.set(row, 3, "Yes" if (n + len(code)) % 4 else "No")
            row += 1
    sh.validate_list(first, 3, row - 1, 3, '"Yes,No,N/A"')
    return b


def mds2_xml(header, sections, encoding="UTF-8", edition="HN 1-2019"):
    """The XML the parseMDS2 tool writes for an MDS2, as text."""
    from xlsxgen import esc, esc_attr
    out = ['<?xml version="1.0" encoding="%s"?>\n' % encoding,
           "<!-- %s -->\n" % MARK_NOTE.replace("--", "-"),
           "<mds2>\n  <title>Manufacturer Disclosure Statement for Medical Device "
           "Security -- MDS2</title>\n  <standard>ANSI/NEMA %s</standard>\n"
           "  <sections>\n" % edition,
           '    <section name="DOCUMENT INFORMATION">\n      <questions>\n']
    for iid, q, a in header:
        if isinstance(a, D):
            a = a.isoformat()
        out.append('        <questionID id="%s"><question>%s</question>'
                   "<response>%s</response><note/></questionID>\n"
                   % (esc_attr(iid), esc(q), esc(a)))
    out.append("      </questions>\n    </section>\n")
    for code, title, items in sections:
        out.append('    <section name="%s">\n      <questions>\n'
                   % esc_attr("%s (%s)" % (title, code)))
        for it in items:
            note = "" if it.remarks == "__" else it.remarks
            out.append('        <questionID id="%s"><question>%s</question>'
                       "<response>%s</response><note>%s</note></questionID>\n"
                       % (esc_attr(it.id), esc(it.question), esc(it.answer), esc(note)))
        out.append("      </questions>\n    </section>\n")
    out.append("  </sections>\n</mds2>\n")
    return "".join(out)


# --------------------------------------------------------------------------
# Files that cannot be read.

def ole_file(streams):
    """A minimal but well-formed OLE2 compound file (version 3, 512-byte
    sectors) holding the named streams (each padded to >= 4096 bytes so it
    lives in regular sectors): what a legacy .xls or a password-protected
    OOXML workbook is."""
    sec = 512
    free, eoc, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    datas = [(n, d + b"\0" * (-len(d) % sec)) for n, d in streams]
    fat = [fatsect, eoc]       # sector 0: FAT, sector 1: directory
    starts = []
    nxt = 2
    for _, d in datas:
        k = len(d) // sec
        starts.append(nxt)
        fat += [nxt + i + 1 for i in range(k - 1)] + [eoc]
        nxt += k
    assert len(fat) <= sec // 4
    fat += [free] * (sec // 4 - len(fat))

    def dirent(name, typ, left, right, child, start, size):
        n = (name + "\0").encode("utf-16-le")
        return (n + b"\0" * (64 - len(n)) + struct.pack("<HBB", len(n), typ, 1) +
                struct.pack("<III", left, right, child) + b"\0" * 16 +
                struct.pack("<I", 0) + b"\0" * 16 +
                struct.pack("<IQ", start, size))

    nostream = 0xFFFFFFFF
    ents = [dirent("Root Entry", 5, nostream, nostream, 1 if datas else nostream,
                   eoc, 0)]
    for i, (name, d) in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else nostream
        ents.append(dirent(name, 2, nostream, right, nostream, starts[i],
                           len(datas[i][1])))
    while len(ents) % 4:
        ents.append(b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) +
                    struct.pack("<III", nostream, nostream, nostream) + b"\0" * 48)
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16 +
              struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
              struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, eoc, 0, eoc, 0) +
              struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sec
    body = struct.pack("<%dI" % len(fat), *fat) + b"".join(ents)
    body += b"\0" * (-len(body) % sec)
    return header + body + b"".join(d for _, d in datas)


def biff_stub():
    """A few BIFF8 records (BOF, a label, EOF) as a Workbook stream starts."""
    rng = random.Random(1997)
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206)
    eof = struct.pack("<HH", 0x000A, 0)
    return bof + bytes(rng.randrange(256) for _ in range(4000)) + eof


# --------------------------------------------------------------------------
# The sample set.

class Samples:
    def __init__(self, outdir):
        self.outdir = outdir
        self.entries = []

    def write(self, rel, data, expect, ja, en):
        path = os.path.join(self.outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        e = {"path": rel}
        e.update(expect)
        e["about_ja"] = ja
        e["about_en"] = en
        self.entries.append(e)


def codes(*specs):
    """Expected findings: "code", ("code", "item") or ["a", "b"] (any of)."""
    out = []
    for s in specs:
        if isinstance(s, tuple):
            out.append({"code": s[0], "item": s[1]})
        elif isinstance(s, list):
            out.append({"any_of": s})
        else:
            out.append({"code": s})
    return out


def good(kind, version, fmt, status="valid", **kw):
    e = {"kind": kind, "form_version": version, "format": fmt, "status": status,
         "no_errors": True}
    if status == "outdated":
        e["findings"] = codes("outdated-form-version")
    e.update(kw)
    return e


def bad(kind, version, fmt, findings, status="invalid", **kw):
    e = {"kind": kind, "form_version": version, "format": fmt, "status": status,
         "findings": findings}
    e.update(kw)
    return e


def make_mds_sds(s):
    mds = base_mds()
    n_mds = len(mds.items)
    s.write("mds-sds/mds-5.0-good.xlsx",
            write_xlsx(mds_standard(mds, date_style="era", lists_sheet=True, phonetic=True)),
            good("mds", "5.0", "xlsx", items=n_mds, vendor=mds.vendor,
                 document_date="2026-04-01",
                 expect_items=[{"id": "1-1", "answer": "yes"},
                               {"id": "2-3", "answer": "no"},
                               {"id": "4-5", "answer": "na"}]),
            "MDS Ver.5.0 正しく記入済み。Excel形式(共有文字列・ふりがな・和暦書式の日付・非表示のLists"
            "シートによる入力規則)",
            "MDS Ver.5.0, complete. Excel style: shared strings with phonetic runs, era-format "
            "date serial, hidden Lists sheet feeding the data validation")

    sds = base_sds()
    s.write("mds-sds/sds-5.0-good.xlsx", write_xlsx(mds_standard(sds, date_style="date"),
                                                    LIBREOFFICE),
            good("sds", "5.0", "xlsx", items=len(sds.items), vendor=sds.vendor,
                 document_date="2026-07-15"),
            "SDS 第5.0版 正しく記入済み。LibreOffice形式",
            "SDS 第5.0版 (Ver.5.0), complete. Written LibreOffice style")

    old = Disclosure("mds", "㈱テスト電子カルテ", "テスト部門システム TS-3", "TS-3 2.4",
                     D(2023, 3, 1), "MDS/SDS Ver.4.1", "第5.2版", "営業部 06-0000-0000 (架空)",
                     "", disclosure_items("mds"))
    b = mds_standard(old, date_style="date")
    b.date1904 = True
    s.write("mds-sds/mds-4.1-outdated.xlsx", write_xlsx(b),
            good("mds", "4.1", "xlsx", status="outdated", vendor=old.vendor,
                 document_date="2023-03-01"),
            "MDS Ver.4.1 (ガイドライン5.2向け、旧版)。1904年日付システムのブック",
            "MDS Ver.4.1 (made for guideline 5.2: outdated). Workbook in the 1904 date system")

    older = Disclosure("mds", "Example Imaging Inc.", "SYNTH-XR 100 X線撮影装置", "XR-100",
                       "2019年6月10日", "Ver.3.0a", "第5版", "service@example.com (fictional)",
                       "", disclosure_items("mds"))
    s.write("mds-sds/mds-3.0a-outdated.xlsm", write_xlsx(mds_standard(older), XLSM),
            good("mds", "3.0a", "xlsx", status="outdated", vendor=older.vendor,
                 document_date="2019-06-10"),
            "MDS Ver.3.0a (旧版)。マクロ有効ブック(.xlsm)、作成日は文字列",
            "MDS Ver.3.0a (outdated). Macro-enabled workbook (.xlsm), date written as text")

    m = base_mds()
    for it in m.items:
        if it.id in ("2-4", "4-2"):
            it.answer = ""
    s.write("mds-sds/mds-5.0-missing-answers.xlsx", write_xlsx(mds_standard(m)),
            bad("mds", "5.0", "xlsx", codes(("missing-answer", "2-4"),
                                             ("missing-answer", "4-2"))),
            "回答欄が空の項目がある (2-4, 4-2)", "Two items left unanswered (2-4, 4-2)")

    m = base_mds()
    for it in m.items:
        if it.id == "6-4":
            it.answer, it.remarks = "対象外", ""
    s.write("mds-sds/mds-5.0-na-without-reason.xlsx", write_xlsx(mds_standard(m)),
            bad("mds", "5.0", "xlsx", codes(("na-without-reason", "6-4")), status="valid",
                no_errors=True, note="na-without-reason is a warning"),
            "対象外なのに理由(備考)がない (6-4)。警告のみ", "対象外 (N/A) without a reason in 備考 (6-4): a warning")

    m = base_mds()
    for it in m.items:
        if it.id == "2-3":
            it.answer, it.remarks = "未定", ""
        elif it.id == "5-4":
            it.answer, it.remarks = "検討中", ""
    s.write("mds-sds/mds-5.0-invalid-answers.xlsx", write_xlsx(mds_standard(m)),
            bad("mds", "5.0", "xlsx", codes(("invalid-answer", "2-3"),
                                             ("invalid-answer", "5-4"))),
            "はい/いいえ/対象外 以外の回答 (「未定」「検討中」)",
            "Answers that are none of はい/いいえ/対象外 (未定, 検討中)")

    sd = base_sds()
    sd.vendor = None
    s.write("mds-sds/sds-5.0-missing-vendor.xlsx", write_xlsx(mds_standard(sd), LIBREOFFICE),
            bad("sds", "5.0", "xlsx", codes("missing-header-field")),
            "ヘッダーに事業者名がない", "The header lacks the vendor name (サービス事業者名)")

    sd = base_sds()
    sd.date = "令和9年1月15日"
    s.write("mds-sds/sds-5.0-future-date.xlsx", write_xlsx(mds_standard(sd)),
            bad("sds", "5.0", "xlsx", codes("document-date-in-future"), status="valid",
                no_errors=True, document_date="2027-01-15",
                note="document-date-in-future is a warning"),
            "作成日が未来の日付 (令和9年1月15日)。警告のみ", "Document date in the future (令和9年1月15日 = 2027-01-15)")

    s.write("mds-sds/mds-5.0-duplicate-item.xlsx",
            write_xlsx(mds_standard(base_mds(), dup_row="3-2")),
            bad("mds", "5.0", "xlsx", codes(("duplicate-item", "3-2")), status="valid",
                no_errors=True, note="duplicate-item is a warning"),
            "同じ項番 (3-2) が2回ある。警告のみ", "The same item (3-2) appears twice: a warning")

    m = base_mds()
    for it in m.items:
        if it.id == "3-5":
            it.answer, it.remarks = "はい（オプション）", "syslog 転送オプション"
    s.write("mds-sds/mds-5.0-answer-with-comment.xlsx", write_xlsx(mds_standard(m), INLINE),
            good("mds", "5.0", "xlsx", items=n_mds,
                 expect_items=[{"id": "3-5", "answer": "yes", "comment": "オプション"}]),
            "回答とコメントが同じセルにある「はい（オプション）」(有効)。インライン文字列",
            "Answer and comment in one cell, はい（オプション）: still valid. Inline strings")


def make_checklists(s):
    vend = "架空メディカルシステムズ株式会社"
    sysname = "架空電子カルテ MX-7"
    # Filled in fiscal year 2025, the year of the R7 edition.  On AS_OF
    # (2026-11-26) R8 has been published (2026-06-29), so R7 is outdated.
    c1, c2 = D(2025, 6, 10), D(2025, 10, 5)
    r7_note = "R7 (FY2025) is outdated on 2026-11-26: R8 was published on 2026-06-29"

    items = checklist_items("R7", "vendor", c1, c2)
    cl = Checklist("R7", "vendor", vend, sysname, "KMS-2026-017", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-good.xlsx",
            write_xlsx(checklist_book(cl, date_style="era"), INLINE),
            good("vendor-checklist", "R7", "xlsx", status="outdated", items=len(items),
                 vendor=vend, document_date="2025-10-05", note=r7_note,
                 expect_items=[{"id": "2⑦", "targets": {"サーバ": "yes", "端末PC": "yes"}}]),
            "事業者確認用 令和7年5月版 (丸数字の項番)。全項目はい、確認日2回、和暦書式の日付。インライン文字列",
            "Vendor checklist R7 (circled numbering). All はい, both confirmation "
            "dates in era format. Inline strings")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑦": {"targets": {"サーバ": "いいえ"}, "target_date": D(2026, 3, 31),
               "remarks": "年度末のシステム更新でパスワード規則を強化予定"},
        "2⑨": {"targets": {"端末PC": "いいえ"}, "target_date": "令和8年1月31日",
               "remarks": "USB制御ソフトを導入予定"}})
    cl = Checklist("R7", "vendor", "(株)サンプル医療情報", "サンプル画像保管クラウド",
                   "SMP-2026-0042", "佐藤 花子(架空)", items)
    s.write("checklist/vendor-r7-good-with-no.xlsx", write_xlsx(checklist_book(cl)),
            good("vendor-checklist", "R7", "xlsx", status="outdated", items=len(items),
                 document_date="2025-06-10",
                 expect_items=[{"id": "2⑦", "targets": {"サーバ": "no", "端末PC": "yes"},
                                "target_date": "2026-03-31"},
                               {"id": "2⑨", "target_date": "2026-01-31"}],
                 note="いいえ items carry a 目標日 inside the fiscal year of the edition "
                      "and of the check (FY2025: 2025-04-01..2026-03-31); " + r7_note),
            "事業者確認用 R7。いいえ の項目に年度内の目標日あり(R8 公表後なので旧版)",
            "Vendor checklist R7 with いいえ answers, each with a 目標日 inside the fiscal year "
            "(outdated since R8)")

    # Filled on R7 in May 2026, before R8 was published: R7 was then the
    # newest edition, so its 目標日 fall in FY2026, the year it was filled.
    items = checklist_items("R7", "vendor", D(2026, 5, 20), None, answers={
        "2⑪": {"targets": {"サーバ": "いいえ", "端末PC": "いいえ"},
               "target_date": D(2027, 2, 26), "remarks": "次回保守で二要素認証を導入予定"}})
    cl = Checklist("R7", "vendor", vend, sysname, "KMS-2026-021", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-filled-fy2026.xlsx", write_xlsx(checklist_book(cl)),
            good("vendor-checklist", "R7", "xlsx", status="outdated", items=len(items),
                 document_date="2026-05-20",
                 expect_items=[{"id": "2⑪", "target_date": "2027-02-26"}],
                 note="filled 2026-05-20 on R7, then the newest edition: its 目標日 fall in "
                      "FY2026 (2026-04-01..2027-03-31); " + r7_note),
            "令和8年5月(R8公表前)に R7 様式で記入。目標日は記入した年度(令和8年度)内",
            "R7 form filled in May 2026, before R8 was published: 目標日 in FY2026, the year "
            "it was filled")

    # R8 (令和8年度): its items are not public, so kaiji checks every item the
    # document has and says completeness needs the official workbook.
    c8 = D(2026, 8, 3)
    items = checklist_items("R8", "vendor", c8, None, answers={
        "2⑪": {"targets": {"サーバ": "いいえ"}, "target_date": D(2027, 3, 31),
               "remarks": "令和9年4月までに二要素認証を導入"}})
    cl = Checklist("R8", "vendor", vend, sysname, "KMS-2026-017", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r8-good.xlsx", write_xlsx(checklist_book(cl), EXCEL),
            good("vendor-checklist", "R8", "xlsx", items=len(items), vendor=vend,
                 document_date="2026-08-03", findings=codes("item-list-unknown"),
                 expect_items=[{"id": "2⑪", "targets": {"サーバ": "no", "端末PC": "yes"},
                                "target_date": "2027-03-31"}],
                 note="R8 (FY2026, published 2026-06-29) is current on 2026-11-26; its "
                      "items are not known without an imported catalog (info)"),
            "事業者確認用 令和8年度版 (医療機関・薬局におけるサイバーセキュリティ対策チェックリスト)。"
            "現行の版。項目一覧は公式様式の取り込みで確認",
            "Vendor checklist R8 (the current edition, retitled); completeness needs the "
            "official workbook imported")

    items = checklist_items("R8", "vendor", c8, None, answers={
        "2⑧": {"targets": {"サーバ": "いいえ"}, "target_date": D(2027, 4, 30),
               "remarks": "次期更新で対応"}})
    cl = Checklist("R8", "vendor", vend, sysname, "KMS-2026-031", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r8-target-outside-fiscal-year.xlsx",
            write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R8", "xlsx",
                codes(("target-date-outside-fiscal-year", "2⑧"), "item-list-unknown")),
            "R8 の目標日が令和8年度外 (2027-04-30)", "R8 目標日 outside FY2026 (2027-04-30)")

    c6 = D(2024, 7, 1)
    items = checklist_items("R6", "vendor", c6)
    cl = Checklist("R6", "vendor", "㈱テスト電子カルテ", "テスト部門システム TS-3",
                   "TST-24-001", "鈴木 一郎(架空)", items)
    s.write("checklist/vendor-r6.xlsx", write_xlsx(checklist_book(cl), PREFIXED),
            good("vendor-checklist", "R6", "xlsx", status="outdated", items=len(items),
                 document_date="2024-07-01",
                 note="R6 is the FY2024 edition; on 2026-11-26 the current edition is R8, "
                      "so R6 is outdated"),
            "事業者確認用 令和6年5月版 (旧版)。要素名に x: 接頭辞",
            "Vendor checklist R6 (outdated). Prefixed x: element names")

    items = checklist_items("R5", "vendor", D(2023, 8, 1))
    cl = Checklist("R5", "vendor", vend, sysname, "KMS-2023-005", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r5.xlsx", write_xlsx(checklist_book(cl), EXCEL),
            good("vendor-checklist", "R5", "xlsx", status="outdated", items=len(items),
                 document_date="2023-08-01"),
            "事業者確認用 令和5年6月版 (旧版)", "Vendor checklist R5 (outdated)")

    items = checklist_items("R6", "hospital", D(2024, 9, 2), D(2025, 2, 3))
    cl = Checklist("R6", "hospital", None, None, None, "医療情報システム安全管理責任者(架空)",
                   items, hospital="架空市立さくら病院")
    s.write("checklist/hospital-r6.xlsx", write_xlsx(checklist_book(cl), LIBREOFFICE),
            good("hospital-checklist", "R6", "xlsx", status="outdated", items=len(items),
                 document_date="2025-02-03"),
            "医療機関確認用 令和6年5月版 (項目0〜3(3))。LibreOffice形式",
            "Hospital checklist R6 (items 0 to 3(3)). LibreOffice style")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑤": {"targets": {"端末PC": "いいえ"}, "remarks": "端末の棚卸しを実施中"}})
    cl = Checklist("R7", "vendor", vend, sysname, "KMS-2026-018", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-no-without-target-date.xlsx", write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R7", "xlsx", codes("no-without-target-date")),
            "いいえ なのに目標日がない (2⑤)", "いいえ without a 目標日 (2⑤)")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑧": {"targets": {"サーバ": "いいえ", "端末PC": "いいえ"},
               "target_date": D(2027, 6, 30), "remarks": "次々期システム更新時に対応"}})
    cl = Checklist("R7", "vendor", vend, sysname, "KMS-2026-019", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-target-outside-fiscal-year.xlsx",
            write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R7", "xlsx", codes("target-date-outside-fiscal-year")),
            "目標日が年度外 (2027-06-30)", "目標日 outside the fiscal year (2027-06-30)")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2②": {"conf": (None, None)}, "3①": {"conf": (None, None)}})
    cl = Checklist("R7", "vendor", vend, sysname, "KMS-2026-020", "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-missing-confirmation-date.xlsx",
            write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R7", "xlsx", codes("missing-confirmation-date")),
            "確認日(1回目)が空の項目がある (2②, 3①)", "確認日 (1回目) missing on 2② and 3①")

    items = checklist_items("R6", "vendor", c6, answers={
        "2(4)": {"targets": {"端末PC": ""}},
        "2(7)": {"targets": {"端末PC": ""}}})
    cl = Checklist("R6", "vendor", "㈱テスト電子カルテ", "テスト部門システム TS-3",
                   "TST-24-002", "鈴木 一郎(架空)", items)
    s.write("checklist/vendor-r6-missing-target-answers.xlsx", write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R6", "xlsx",
                codes(("missing-answer", "2(4)"), ("missing-answer", "2(7)"))),
            "対象(端末PC)の回答が空 (2(4), 2(7))",
            "Target answers left blank (2(4) 端末PC, 2(7) 端末PC)")

    items = [it for it in checklist_items("R6", "vendor", c6) if it.id != "2(6)"]
    cl = Checklist("R6", "vendor", "㈱テスト電子カルテ", "テスト部門システム TS-3",
                   "TST-24-003", "鈴木 一郎(架空)", items)
    s.write("checklist/vendor-r6-missing-item.xlsx", write_xlsx(checklist_book(cl)),
            bad("vendor-checklist", "R6", "xlsx", codes(("missing-item", "2(6)"))),
            "項目 2(6) (アクセスログ) の行が削除されている", "Item 2(6) (access logs) deleted")

    items = checklist_items("R7", "vendor", D(2025, 5, 20), D(2025, 9, 30))
    cl = Checklist("R7", "vendor", "Example Imaging Inc.", "SYNTH-CT 9000 保守サービス",
                   "EXI-JP-2026-3", "Service Desk (fictional)", items)
    s.write("checklist/vendor-r7-ss2003.xml", write_ss2003(checklist_book(cl)),
            good("vendor-checklist", "R7", "spreadsheetml-2003", status="outdated",
                 items=len(items), document_date="2025-09-30"),
            "事業者確認用 R7 を「XML スプレッドシート 2003」形式で保存したもの",
            "Vendor checklist R7 saved as Excel XML Spreadsheet 2003")


def make_ovals(s):
    """Checklists filled the paper way: ovals drawn over はい / いいえ."""
    vend = "架空ヘルスケアソリューションズ株式会社"
    sysname = "架空検査部門システム LX-2"
    c1 = D(2025, 7, 15)
    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑦": {"targets": {"サーバ": "いいえ"}, "target_date": D(2026, 2, 27),
               "remarks": "パスワード規則の変更を次回保守で実施"},
        "3①": {"targets": {"": "いいえ"}, "target_date": D(2026, 3, 31),
               "remarks": "連絡体制図を作成中"}})
    cl = Checklist("R7", "vendor", vend, sysname, "KHS-2026-031", "高橋 次郎(架空)", items)
    s.write("checklist/vendor-r7-ovals.xlsx", write_xlsx(checklist_book_ovals(cl)),
            good("vendor-checklist", "R7", "xlsx", status="outdated", items=len(items),
                 vendor=vend, document_date="2025-07-15",
                 expect_items=[{"id": "1①", "answer": "yes"},
                               {"id": "2⑦", "targets": {"サーバ": "no", "端末PC": "yes"},
                                "target_date": "2026-02-27"},
                               {"id": "3①", "answer": "no"}],
                 note="answers are ovals (ellipse shapes in the drawing part) over はい or "
                      "いいえ printed in two cells per target"),
            "紙の様式どおり、はい|いいえ を印字した2つのセルのどちらかを楕円(図形)で囲んで回答",
            "Answers circled the paper way: an oval shape drawn over はい or いいえ, "
            "printed in two cells per target")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑨": {"targets": {"端末PC": "いいえ"}, "target_date": D(2026, 1, 30),
               "remarks": "USB制御を導入予定"}})
    cl = Checklist("R7", "vendor", vend, sysname, "KHS-2026-032", "高橋 次郎(架空)", items)
    s.write("checklist/vendor-r7-ovals-one-cell.xlsx",
            write_xlsx(checklist_book_ovals(cl, one_cell=True)),
            good("vendor-checklist", "R7", "xlsx", status="outdated", items=len(items),
                 vendor=vend, document_date="2025-07-15",
                 expect_items=[{"id": "2⑨", "targets": {"サーバ": "yes", "端末PC": "no"},
                                "target_date": "2026-01-30"},
                               {"id": "2②", "answer": "yes"}],
                 note="each answer cell holds 「はい・いいえ」; the oval is drawn over one word"),
            "1つのセルに「はい・いいえ」と印字し、どちらかの語を楕円で囲んで回答",
            "「はい・いいえ」 printed in one cell, an oval drawn over one of the words")

    items = checklist_items("R7", "vendor", c1, None, answers={
        "2⑤": {"targets": {"端末PC": BOTH}}})
    cl = Checklist("R7", "vendor", vend, sysname, "KHS-2026-033", "高橋 次郎(架空)", items)
    s.write("checklist/vendor-r7-ovals-both-circled.xlsx", write_xlsx(checklist_book_ovals(cl)),
            bad("vendor-checklist", "R7", "xlsx", codes(("ambiguous-answer", "2⑤"))),
            "2⑤ の端末PC で はい と いいえ の両方を囲んでいる (ambiguous-answer)",
            "Both はい and いいえ circled for 2⑤ 端末PC (ambiguous-answer)")

    doc = base_mds()
    for it in doc.items:
        if it.id == "2-3":
            it.answer = BOTH
    s.write("mds-sds/mds-5.0-two-choices-marked.xlsx", write_xlsx(mds_per_choice(doc)),
            bad("mds", "5.0", "xlsx", codes(("ambiguous-answer", "2-3"))),
            "はい|いいえ|対象外 の列の様式で、2-3 の はい と いいえ の両方に ○",
            "Per-choice columns: both はい and いいえ marked ○ for 2-3 (ambiguous-answer)")


def make_mds2(s):
    hdr = mds2_header()
    secs, nn = mds2_questions()
    s.write("mds2/mds2-hn1-2019-good.xlsx", write_xlsx(mds2_book(hdr, secs, mds2_notes(nn))),
            good("mds2", "HN 1-2019", "xlsx", vendor="Example Imaging Inc.",
                 document_date="2026-02-10",
                 expect_items=[{"id": "MPII-1", "answer": "yes", "comment": "optional"},
                               {"id": "DIDT-1", "answer": "no"},
                               {"id": "SBOM-3", "answer": "na"},
                               {"id": "AUDT-5.1", "answer": "see-note"},
                               {"id": "AUDT-11.2", "answer": "see-note"},
                               {"id": "PAUT-2.2", "answer": "no",
                                "comment": "Option to disable shared accounts"}],
                 note="quirks: SHAD-15 for SAHD-15, 'See Note' and 'See Notes', blank heading "
                      "questions CONN-1 and CONN-1.1, 'Yes,optional', trailing spaces"),
            "NEMA MDS2 HN 1-2019 (mds2-form シート、入力規則 Yes,No,N/A,See Notes、実ファイルの癖を再現)",
            "NEMA MDS2 HN 1-2019 (sheet mds2-form, data validation Yes,No,N/A,See Notes, "
            "real-file quirks: SHAD-15, See Note/See Notes, blank headings, Yes,optional)")

    s.write("mds2/mds2-hn1-2013-outdated.xlsx", write_xlsx(mds2_2013_book(), LIBREOFFICE),
            good("mds2", "HN 1-2013", "xlsx", status="outdated",
                 vendor="Example Imaging Inc."),
            "MDS2 HN 1-2013 (旧版)", "MDS2 HN 1-2013 (outdated)")

    secs_b, nn_b = mds2_questions(blank={"AUDT-3", "CSUP-10", "SAHD-3"})
    s.write("mds2/mds2-hn1-2019-missing-answers.xlsx",
            write_xlsx(mds2_book(hdr, secs_b, mds2_notes(nn_b))),
            bad("mds2", "HN 1-2019", "xlsx",
                codes(("missing-answer", "AUDT-3"), ("missing-answer", "CSUP-10"),
                      ("missing-answer", "SAHD-3"))),
            "MDS2 で回答が空の質問がある (AUDT-3, CSUP-10, SAHD-3)",
            "MDS2 with unanswered questions (AUDT-3, CSUP-10, SAHD-3)")

    s.write("mds2/mds2-hn1-2019-parsemds2.xml", mds2_xml(hdr, secs),
            good("mds2", "HN 1-2019", "mds2-xml", vendor="Example Imaging Inc.",
                 document_date="2026-02-10",
                 expect_items=[{"id": "DIDT-1", "answer": "no"}]),
            "同じ MDS2 を parseMDS2 ツールの XML 形式にしたもの",
            "The same MDS2 in the XML the parseMDS2 tool writes")

    hdr_j = mds2_header(vendor="株式会社サンプル医療機器",
                        device="サンプル超音波診断装置 SU-5 【架空のサンプル / SYNTHETIC SAMPLE】",
                        model="SU-5", doc_id="SMP-MDS2-005", date=D(2025, 12, 1))
    secs_j, _ = mds2_questions()
    s.write("mds2/mds2-hn1-2019-shift_jis.xml",
            mds2_xml(hdr_j, secs_j, encoding="Shift_JIS").encode("shift_jis"),
            good("mds2", "HN 1-2019", "mds2-xml", vendor="株式会社サンプル医療機器",
                 document_date="2025-12-01"),
            "parseMDS2 XML を Shift_JIS で保存したもの (XML 宣言に encoding=\"Shift_JIS\")",
            "parseMDS2 XML encoded in Shift_JIS, declared in the XML declaration")


LAYOUT_GROUP = "mds-5.0-layouts"


def make_layouts(s):
    doc = base_mds()
    n = len(doc.items)

    def e(fmt="xlsx"):
        return good("mds", "5.0", fmt, items=n, vendor=doc.vendor,
                    document_date="2026-04-01", group=LAYOUT_GROUP)

    s.write("layouts/a-standard.xlsx", write_xlsx(mds_standard(doc, date_style="date")), e(),
            "基準: 標準的な配置 (以下はすべて同じ内容)",
            "Reference: the plain layout (every file below holds the same answers)")
    s.write("layouts/b-columns-moved.xlsx", write_xlsx(mds_columns_moved(doc)), e(),
            "列の順序を変更・列を追加、ヘッダー欄を横並びに",
            "Columns reordered and one added; header fields side by side")
    s.write("layouts/c-rows-added.xlsx", write_xlsx(mds_rows_added(doc)), e(),
            "記入要領の行を追加、章ごとに見出し行と表の見出しを繰り返す",
            "Instruction rows added; table header repeated per section")
    s.write("layouts/d-renamed-sheets-cover.xlsx", write_xlsx(mds_renamed_with_cover(doc)), e(),
            "表紙シートを追加、回答シート名を変更、ヘッダーは数式で表紙を参照",
            "Cover sheet added, answer sheet renamed, header cells are formulas "
            "referring to the cover")
    s.write("layouts/e-per-choice-columns.xlsx", write_xlsx(mds_per_choice(doc)), e(),
            "はい|いいえ|対象外 の列に ○ を付ける様式", "One column per choice with a ○ mark")
    s.write("layouts/f-strict-ooxml.xlsx", write_xlsx(mds_standard(doc), STRICT), e(),
            "Strict OOXML 名前空間で保存", "Saved in the Strict OOXML namespace")
    s.write("layouts/g-dotnet-style.xlsx", write_xlsx(mds_standard(doc), DOTNET), e(),
            ".NET OpenXML SDK 風 (x: 接頭辞、インライン文字列、絶対パスの関係、r 属性なし)",
            ".NET OpenXML SDK style: x: prefix, inline strings, absolute relationship "
            "targets, cells without r")
    s.write("layouts/h-spreadsheetml-2003.xml", write_ss2003(mds_standard(doc)),
            e("spreadsheetml-2003"),
            "同じ内容を XML スプレッドシート 2003 形式で", "The same as XML Spreadsheet 2003")
    s.write("layouts/i-opendocument.ods", write_ods(mds_columns_moved(doc)), e("ods"),
            "列を動かした様式を LibreOffice の .ods 形式で",
            "The moved-columns layout as an OpenDocument spreadsheet (.ods)")


def make_ods(s):
    """OpenDocument spreadsheets (.ods) as LibreOffice Calc writes them:
    repeated rows and cells, merged cells, typed dates, the empty rows and
    columns to the sheet's end.  Each holds the same workbook as the .xlsx
    of the same name, and kaiji must conclude the same."""
    mds = base_mds()
    s.write("mds-sds/mds-5.0-good.ods",
            write_ods(mds_standard(mds, date_style="era", lists_sheet=True)),
            good("mds", "5.0", "ods", items=len(mds.items), vendor=mds.vendor,
                 document_date="2026-04-01",
                 expect_items=[{"id": "1-1", "answer": "yes"},
                               {"id": "2-3", "answer": "no"},
                               {"id": "4-5", "answer": "na"}]),
            "MDS Ver.5.0 正しく記入済み。LibreOffice の .ods 形式(結合セル、繰り返し行・セル、"
            "日付型の作成日、非表示の Lists シート)",
            "MDS Ver.5.0, complete, as an OpenDocument spreadsheet (.ods): merged cells, "
            "repeated rows and cells, a typed date, a hidden Lists sheet")

    m = base_mds()
    for it in m.items:
        if it.id in ("2-4", "4-2"):
            it.answer = ""
    s.write("mds-sds/mds-5.0-missing-answers.ods", write_ods(mds_standard(m)),
            bad("mds", "5.0", "ods", codes(("missing-answer", "2-4"),
                                            ("missing-answer", "4-2"))),
            "回答欄が空の項目がある (2-4, 4-2)。.ods 形式",
            "Two items left unanswered (2-4, 4-2), as an .ods")

    c1, c2 = D(2025, 6, 10), D(2025, 10, 5)
    items = checklist_items("R7", "vendor", c1, c2)
    vend = "架空メディカルシステムズ株式会社"
    cl = Checklist("R7", "vendor", vend, "架空電子カルテ MX-7", "KMS-2026-017",
                   "山田 太郎(架空)", items)
    s.write("checklist/vendor-r7-good.ods", write_ods(checklist_book(cl, date_style="era")),
            good("vendor-checklist", "R7", "ods", status="outdated", items=len(items),
                 vendor=vend, document_date="2025-10-05",
                 note="R7 (FY2025) is outdated on 2026-11-26: R8 was published on 2026-06-29",
                 expect_items=[{"id": "2⑦", "targets": {"サーバ": "yes", "端末PC": "yes"}}]),
            "事業者確認用 令和7年5月版 を .ods 形式で。全項目はい、確認日2回(日付型)",
            "Vendor checklist R7 as an OpenDocument spreadsheet: all はい, both "
            "confirmation dates typed as dates")

    items = checklist_items("R7", "vendor", D(2025, 7, 15), None, answers={
        "2⑨": {"targets": {"端末PC": "いいえ"}, "target_date": D(2026, 1, 30),
               "remarks": "USB制御を導入予定"}})
    vend = "架空ヘルスケアソリューションズ株式会社"
    cl = Checklist("R7", "vendor", vend, "架空検査部門システム LX-2", "KHS-2026-032",
                   "高橋 次郎(架空)", items)
    s.write("checklist/vendor-r7-ovals-one-cell.ods",
            write_ods(checklist_book_ovals(cl, one_cell=True)),
            good("vendor-checklist", "R7", "ods", status="outdated", items=len(items),
                 vendor=vend, document_date="2025-07-15",
                 expect_items=[{"id": "2⑨", "targets": {"サーバ": "yes", "端末PC": "no"},
                                "target_date": "2026-01-30"},
                               {"id": "2②", "answer": "yes"}],
                 note="each answer cell holds 「はい・いいえ」; the oval (a custom shape anchored "
                      "to a cell) is drawn over one word"),
            "1つのセルに「はい・いいえ」と印字し、どちらかの語を楕円で囲んで回答。.ods 形式",
            "「はい・いいえ」 printed in one cell, an oval drawn over one of the words, as an .ods")


def make_template(s):
    blank = base_mds()
    blank.vendor = blank.product = blank.product_version = ""
    blank.date = blank.contact = ""
    for it in blank.items:
        it.answer, it.remarks = "", ""
    b = mds_standard(blank, date_style="era", lists_sheet=True)
    sh = b.sheets[0]
    sh.set(1, 1, MARK + " 公式様式ではありません (not the official JAHIS form): "
           "kaiji catalog import の試験用の空の様式")
    s.write("template/mds-5.0-blank-template.xlsx", write_xlsx(b),
            bad("mds", "5.0", "xlsx", codes("missing-answer", "missing-header-field"),
                template=True, items=len(blank.items)),
            "空の様式 (公式テンプレートの代わり)。kaiji catalog import で取り込める",
            "A blank form standing in for the official template, for kaiji catalog import")

    m = base_mds()
    items = [it for it in m.items if it.id != "4-6"]
    for it in items:
        if it.id == "2-2":
            it.question = "パスワードは8文字以上とすること。"
    items.append(Item("7-1", "その他", "独自の追加項目: クラウド連携機能を提供している。",
                      "はい", ""))
    m.items = items
    s.write("template/mds-5.0-differs-from-template.xlsx", write_xlsx(mds_standard(m)),
            bad("mds", "5.0", "xlsx",
                codes(("missing-item", "4-6"), ("unexpected-item", "7-1"),
                      ("item-text-changed", "2-2")),
                catalog_from="template/mds-5.0-blank-template.xlsx",
                note="status and findings when validated against the catalog imported "
                     "from the blank template; without it the file is valid"),
            "テンプレートと比べて項目の欠落(4-6)・追加(7-1)・文言変更(2-2)がある",
            "Against the imported template: an item missing (4-6), one added (7-1), "
            "one reworded (2-2)")


# --------------------------------------------------------------------------
# kaiji's exchange format, as a vendor's own tooling might write it (the
# layout of formats/schema/kaiji-document.schema.json and .xsd).

EXCHANGE_ANSWERS = {"はい": "yes", "いいえ": "no", "対象外": "na", "": "blank"}


def _iso(d):
    return d.isoformat() if isinstance(d, datetime.date) else (d or "")


def exchange_disclosure(doc):
    """An MDS/SDS as an exchange-format JSON text."""
    labels = ["vendor", "product", "product_version", "document_date",
              "form_version", "guideline", "contact", "contract"]
    values = [doc.vendor, doc.product, doc.product_version, _iso(doc.date),
              doc.form_version, doc.guideline, doc.contact, doc.contract]
    fields = {k: {"text": v} for k, v in zip(labels, values) if v}
    items = []
    for it in doc.items:
        items.append({"id": it.id, "section": it.section, "question": it.question,
                      "answer": EXCHANGE_ANSWERS.get(it.answer, "invalid"),
                      "answer_text": it.answer, "remarks": it.remarks})
    out = {"kaiji": "1", "kind": doc.kind, "form_version": "5.0", "guideline": "6.0",
           "document_date": _iso(doc.date), "fields": fields, "items": items}
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def exchange_checklist_xml(cl, edition_text):
    """A checklist as an exchange-format XML text."""
    from xlsxgen import esc, esc_attr
    dates = [c for it in cl.items for c in it.conf if isinstance(c, datetime.date)]
    latest = max(dates).isoformat() if dates else ""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<kaiji-document xmlns="urn:kaiji:document:1" kaiji="1" kind="%s-checklist" '
           'form_version="%s" guideline="6.0" document_date="%s">\n'
           % (cl.sheet, cl.edition, latest),
           '  <fields>\n']
    for name, value in (("vendor", cl.vendor), ("product", cl.system),
                        ("document_date", latest), ("form_version", edition_text),
                        ("contract", cl.contract), ("contact", cl.contact)):
        out.append('    <field name="%s">%s</field>\n' % (name, esc(value)))
    out.append('  </fields>\n  <items>\n')
    for it in cl.items:
        out.append('    <item id="%s">\n      <section>%s</section>\n      <question>%s</question>\n'
                   % (esc_attr(it.id), esc(it.section), esc(it.question)))
        targets = it.targets or {}
        if "" in targets:
            a = targets[""]
            out.append('      <answer value="%s">%s</answer>\n' % (EXCHANGE_ANSWERS.get(a, "invalid"), esc(a)))
        if it.remarks:
            out.append('      <remarks>%s</remarks>\n' % esc(it.remarks))
        if targets and "" not in targets:
            out.append('      <targets>\n')
            for t, a in targets.items():
                out.append('        <target name="%s" answer="%s">%s</target>\n'
                           % (esc_attr(t), EXCHANGE_ANSWERS.get(a, "invalid"), esc(a)))
            out.append('      </targets>\n')
        if it.target_date:
            out.append('      <target_date date="%s">%s</target_date>\n'
                       % (_iso(it.target_date), _iso(it.target_date)))
        out.append('      <confirmations>\n')
        for c in it.conf:
            if c:
                out.append('        <confirmation date="%s">%s</confirmation>\n' % (_iso(c), _iso(c)))
            else:
                out.append('        <confirmation/>\n')
        out.append('      </confirmations>\n    </item>\n')
    out.append('  </items>\n</kaiji-document>\n')
    return "".join(out)


def make_exchange(s):
    sds = base_sds()
    s.write("exchange/sds-5.0-good.json", exchange_disclosure(sds),
            good("sds", "5.0", "kaiji-json", items=len(sds.items), vendor=sds.vendor,
                 document_date="2026-07-15"),
            "SDS Ver.5.0 を kaiji の交換形式 (JSON) で書いたもの。問題なし",
            "An SDS Ver.5.0 in kaiji's exchange format (JSON); valid")
    items = checklist_items("R7", "vendor", D(2025, 6, 10), None, answers={
        "2⑤": {"targets": {"端末PC": "いいえ"}, "remarks": "端末の棚卸しを実施中"}})
    cl = Checklist("R7", "vendor", "架空メディカルシステムズ株式会社", "架空電子カルテ MX-7",
                   "KMS-2026-021", "山田 太郎(架空)", items)
    s.write("exchange/vendor-r7-no-without-target-date.xml",
            exchange_checklist_xml(cl, "令和7年5月版 " + MARK),
            bad("vendor-checklist", "R7", "kaiji-xml", codes(("no-without-target-date", "2⑤"))),
            "事業者確認用 R7 を kaiji の交換形式 (XML) で書いたもの。いいえ なのに目標日がない (2⑤)",
            "An R7 vendor checklist in kaiji's exchange format (XML); いいえ without a 目標日 (2⑤)")


def make_broken(s):
    good_bytes = write_xlsx(mds_standard(base_mds()))
    unreadable = {"kind": "unknown", "form_version": "", "status": "unreadable"}

    def u(findings, fmt=None):
        e = dict(unreadable, findings=findings)
        if fmt:
            e["format"] = fmt
        return e

    s.write("broken/legacy.xls",
            ole_file([("Workbook", biff_stub())]),
            u(codes("file-legacy-xls"), "xls"),
            "旧形式の Excel ファイル (.xls, OLE 複合文書)",
            "Legacy Excel file (.xls, an OLE compound file)")
    s.write("broken/password-protected.xlsx",
            ole_file([("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 600),
                      ("EncryptedPackage", struct.pack("<Q", 8000) +
                       bytes(random.Random(42).randrange(256) for _ in range(4096)))]),
            u(codes("file-encrypted")),
            "パスワード付きのブック (OLE 複合文書の中に EncryptedPackage)",
            "Password-protected workbook (an OLE compound file holding EncryptedPackage)")
    s.write("broken/truncated.xlsx", good_bytes[:len(good_bytes) // 2],
            u(codes("file-corrupt")),
            "途中で切れた .xlsx", "An .xlsx cut in half")
    s.write("broken/empty.xlsx", b"",
            u(codes(["file-corrupt", "unsupported-format"])),
            "0 バイトのファイル", "A 0-byte file")
    s.write("broken/random-bytes.xlsx", bytes(random.Random(7).randrange(256)
                                              for _ in range(2048)),
            u(codes(["unsupported-format", "file-corrupt"])),
            "ランダムなバイト列に .xlsx の名前を付けたもの", "Random bytes named .xlsx")
    s.write("broken/not-a-disclosure.json",
            json.dumps({"name": "kaiji-sample", "note": MARK, "items": [1, 2, 3]},
                       ensure_ascii=False, indent=2) + "\n",
            u(codes(["unsupported-format", "file-corrupt"])),
            "kaiji の文書ではない JSON", "A JSON file that is not a kaiji document")
    s.write("broken/external-entity.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE mds2 [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
            "<!-- %s -->\n<mds2><sections><section name=\"DOC\"><questions>"
            '<questionID id="DOC-1"><question>Manufacturer Name</question>'
            "<response>&xxe;</response><note/></questionID></questions></section>"
            "</sections></mds2>\n" % MARK,
            u(codes("file-unsafe")),
            "DTD と外部実体を含む XML (読み込みを拒否すべき)",
            "XML carrying a DTD with an external entity (must be refused)")


# --------------------------------------------------------------------------
# Recognition, generalised: the form version wherever a person sees it, item
# IDs with prefixes and in full width, no item table, a month for a date,
# documents that only mention a form, cells written empty.

GUIDELINE_LINE = "（医療情報システムの安全管理に関するガイドライン第6.0版対応）"


def mds_lines(doc, title=None, above=(), corner=None, header_lines=(), below=(),
              idfmt=None, sectfmt=None, empty_cells=False, table=True):
    """mds_standard's form with lines a person writes around it: the title
    (merged A2:D2, or A2:C2 with corner in D2), lines under it (above), lines
    in the header block, lines under the table (below).  idfmt(section no,
    item no) and sectfmt(section no, name) write the item IDs and section
    rows.  empty_cells writes the blank cells of the table as empty values
    (<c t="s"><v/></c> and the like), as some writers do.  table=False writes
    the answers as sentences, with no item table."""
    b = Book(title=doc.title())
    sh = b.add("開示書")
    sh.widths = {1: 10, 2: 60, 3: 12, 4: 40}
    sh.set(1, 1, MARK_NOTE)
    sh.merge(1, 1, 1, 4)
    sh.set(2, 1, title or doc.title(), "bold")
    if corner:
        sh.merge(2, 1, 2, 3)
        sh.set(2, 4, corner)
    else:
        sh.merge(2, 1, 2, 4)
    row = 3
    for line in above:
        sh.set(row, 1, line)
        sh.merge(row, 1, row, 4)
        row += 1
    row = _put_header_vertical(sh, row + 1, doc, date_style="date")
    for line in header_lines:
        sh.set(row, 1, line)
        sh.merge(row, 1, row, 4)
        row += 1
    row += 1
    if not table:
        sh.set(row, 1, "回答は以下のとおりです。")
        row += 1
        for it in doc.items:
            sh.set(row, 1, "%s %s → %s %s" % (it.id, it.question, it.answer, it.remarks))
            sh.merge(row, 1, row, 4)
            row += 1
    else:
        for c, label in enumerate(["項番", "確認項目", "回答", "備考"], 1):
            sh.set(row, c, label, "bold")
        row += 1
        section = None
        for it in doc.items:
            si, qi = (int(x) for x in it.id.split("-"))
            if it.section != section:
                section = it.section
                sh.set(row, 1, sectfmt(si, section) if sectfmt else "%d. %s" % (si, section),
                       "grey")
                sh.merge(row, 1, row, 4)
                row += 1
            sh.set(row, 1, idfmt(si, qi) if idfmt else it.id)
            sh.set(row, 2, it.question, "wrap")
            sh.set(row, 3, it.answer)
            if it.remarks:
                sh.set(row, 4, it.remarks, "wrap")
            elif empty_cells:
                sh.set(row, 4, [EMPTY_SHARED, EMPTY_SHARED_OPEN][row % 2])
            if empty_cells:
                sh.set(row, 5, [EMPTY_NUMBER, EMPTY_BOOL, EMPTY_INLINE][row % 3])
            row += 1
    row += 1
    for line in below:
        sh.set(row, 1, line)
        sh.merge(row, 1, row, 4)
        row += 1
    return b


def without_version(doc):
    """doc with no 開示書の版 field: the version is to be found elsewhere."""
    doc.form_version = None
    return doc


def rec_mds():
    """base_mds from a vendor of its own, in no contract of the sample
    register: these samples must not change the walk-through's states."""
    d = base_mds()
    d.vendor, d.product = "架空ヘルスケアソリューションズ株式会社", "架空検体検査システム LX-2"
    d.product_version = "LX-2 Ver.2.0"
    return d


def rec_sds():
    """base_sds likewise, with a contract reference the register lacks."""
    d = base_sds()
    d.vendor, d.product = "架空クラウドサービス株式会社", "架空遠隔読影サービス"
    d.contract = "RCG-2026-0001"
    return d


def make_recognition(s):
    n_mds, n_sds = len(rec_mds().items), len(rec_sds().items)

    def ok(kind, **kw):
        return good(kind, "5.0", "xlsx", items=n_mds if kind == "mds" else n_sds, **kw)

    # The form version outside a 開示書の版 field, in each written form.
    s.write("mds-sds/mds-5.0-version-in-subtitle.xlsx",
            write_xlsx(mds_lines(without_version(rec_mds()), above=["（Ver.5.0）"])),
            ok("mds"),
            "様式の版 (Ver.5.0) はタイトルの下の行にだけ書かれている。開示書の版の欄はない",
            "The form version (Ver.5.0) is only in a line under the title; no 開示書の版 field")
    s.write("mds-sds/mds-5.0-version-in-title-V5.0.xlsx",
            write_xlsx(mds_lines(without_version(rec_mds()),
                                 title=rec_mds().title() + " V5.0")),
            ok("mds"),
            "様式の版はタイトル (結合セル) の中に V5.0 と書かれている",
            "The form version is in the merged title cell, written V5.0")
    s.write("mds-sds/mds-5.0-version-fullwidth.xlsx",
            write_xlsx(mds_lines(without_version(rec_mds()),
                                 above=[GUIDELINE_LINE, "様式 Ver５．０"])),
            ok("mds"),
            "様式の版は全角で「様式 Ver５．０」。その上の行のガイドライン第6.0版を版と取り違えない",
            "The form version in full width, 様式 Ver５．０; the guideline edition (第6.0版) "
            "in the line above is not taken for it")
    s.write("mds-sds/mds-5.0-version-in-header-block.xlsx",
            write_xlsx(mds_lines(without_version(rec_mds()),
                                 header_lines=["様式：5.0版"])),
            ok("mds"),
            "様式の版はヘッダー欄の中の行に「様式：5.0版」と書かれている",
            "The form version is a line of the header block, 様式：5.0版")
    s.write("mds-sds/mds-5.0-version-dai-5-han.xlsx",
            write_xlsx(mds_lines(without_version(rec_mds()), above=["（第5版）"])),
            ok("mds"),
            "様式の版はタイトルの下に「（第5版）」", "The form version under the title, （第5版）")
    s.write("mds-sds/sds-5.0-version-in-title-corner.xlsx",
            write_xlsx(mds_lines(without_version(rec_sds()), corner="Ver 5.0"), LIBREOFFICE),
            ok("sds", document_date="2026-07-15"),
            "様式の版はタイトル行の右端のセルに「Ver 5.0」。LibreOffice形式",
            "The form version in the title row's right-hand cell, Ver 5.0. LibreOffice style")
    s.write("mds-sds/sds-5.0-version-in-closing-note.xlsx",
            write_xlsx(mds_lines(without_version(rec_sds()), above=[GUIDELINE_LINE],
                                 below=["※ 回答欄には「はい」「いいえ」「対象外」のいずれかを記入してください。",
                                        "本様式は JAHIS 標準 24-005 第5.0版 に準拠しています。"])),
            ok("sds"),
            "様式の版は表の下の最後の行「本様式は JAHIS 標準 24-005 第5.0版 に準拠」にだけある",
            "The form version is only in the closing note under the table (本様式は JAHIS "
            "標準 24-005 第5.0版 に準拠)")
    b = mds_lines(without_version(rec_mds()))
    b.title = "製造業者による医療情報セキュリティ開示書 (MDS) Ver.5.0"
    b.keywords = "JAHIS; MDS"
    s.write("mds-sds/mds-5.0-version-only-in-properties.xlsx", write_xlsx(b),
            ok("mds"),
            "様式の版はブックのプロパティ (タイトル) にだけ書かれている",
            "The form version is only in the workbook's document properties (its title)")

    # Item IDs with prefixes and in full width.
    s.write("mds-sds/mds-5.0-prefixed-ids.xlsx",
            write_xlsx(mds_lines(rec_mds(), idfmt=lambda a, b: "MDS-%d-%d" % (a, b),
                                 sectfmt=lambda a, n: "MDS-%d %s" % (a, n))),
            ok("mds", expect_items=[{"id": "MDS-1-1", "answer": "yes"},
                                    {"id": "MDS-2-3", "answer": "no"},
                                    {"id": "MDS-4-5", "answer": "na"}]),
            "項番が MDS-1-1 の形", "Item IDs written MDS-1-1")
    s.write("mds-sds/mds-5.0-letter-ids.xlsx",
            write_xlsx(mds_lines(rec_mds(), idfmt=lambda a, b: "%s-%d" % ("ABCDEF"[a - 1], b),
                                 sectfmt=lambda a, n: "%s %s" % ("ABCDEF"[a - 1], n))),
            ok("mds", expect_items=[{"id": "B-3", "answer": "no"}, {"id": "D-5", "answer": "na"}]),
            "項番が A-1 の形 (章が英字)", "Item IDs written A-1 (sections lettered)")
    s.write("mds-sds/sds-5.0-prefixed-ids.xlsx",
            write_xlsx(mds_lines(rec_sds(), idfmt=lambda a, b: "S%d-%d" % (a, b),
                                 sectfmt=lambda a, n: "S%d %s" % (a, n))),
            ok("sds", expect_items=[{"id": "S3-2", "answer": "no"},
                                    {"id": "S5-5", "answer": "na"}]),
            "項番が S1-1 の形", "Item IDs written S1-1")
    s.write("mds-sds/sds-5.0-fullwidth-ids.xlsx",
            write_xlsx(mds_lines(rec_sds(), idfmt=lambda a, b: "Ｓ%s－%s" % (
                chr(0xFF10 + a), chr(0xFF10 + b)), sectfmt=lambda a, n: "Ｓ%s %s" % (
                chr(0xFF10 + a), n)), INLINE),
            ok("sds", expect_items=[{"id": "S3-2", "answer": "no"},
                                    {"id": "S1-4", "answer": "yes"}]),
            "項番が全角で Ｓ１－１ の形。インライン文字列",
            "Item IDs in full width, Ｓ１－１. Inline strings")

    # No item table: nothing could be checked.
    s.write("mds-sds/mds-5.0-no-item-table.xlsx",
            write_xlsx(mds_lines(rec_mds(), table=False)),
            bad("mds", "5.0", "xlsx", codes("no-items"), items=0),
            "項目の表がなく、回答が文章で書かれている。何も確認できないので有効にならない",
            "No item table: the answers are written as sentences. Nothing could be checked, "
            "so it is not valid")

    # A month for the document date, this very month: not in the future.
    sd = rec_sds()
    sd.date = "令和8年11月"
    s.write("mds-sds/sds-5.0-month-only-date.xlsx", write_xlsx(mds_standard(sd)),
            ok("sds", document_date="2026-11",
               note="a month is a date of month precision (day 0); the check's own month is "
                    "not the future"),
            "作成日が月まで (令和8年11月)。月の精度の日付として読み、同じ月なので未来ではない",
            "The document date is a month (令和8年11月 = 2026-11), kept as a month; "
            "the month of the check is not in the future")

    # Cells written empty, parts kaiji does not need damaged.
    s.write("mds-sds/mds-5.0-empty-shared-string-cells.xlsx",
            write_xlsx(mds_lines(rec_mds(), empty_cells=True)),
            ok("mds", vendor=rec_mds().vendor),
            "空の値のセル (<c t=\"s\"><v/></c>, <v></v>, 空の数値・真偽値・インライン文字列)。"
            "空のセルとして読む",
            "Cells written with empty values (<c t=\"s\"><v/></c>, <v></v>, empty number, "
            "boolean and inline string cells): read as empty cells")
    b = mds_standard(rec_mds())
    b.core_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                  'metadata/core-properties"><dc:title>壊れたプロパティ')
    b.extra_parts = [("xl/theme/theme1.xml", "<a:theme><a:themeElements><broken"),
                     ("xl/calcChain.xml", "<calcChain><c r=\"A1\" i=\"1\"></calcChain"),
                     ("xl/printerSettings/printerSettings1.bin",
                      bytes(random.Random(2024).randrange(256) for _ in range(512)))]
    s.write("mds-sds/mds-5.0-broken-unneeded-parts.xlsx", write_xlsx(b),
            ok("mds"),
            "読まなくてよい部品 (docProps/core.xml, テーマ, calcChain, プリンター設定) が壊れている。"
            "ブックは読める",
            "Parts kaiji does not need are damaged (docProps/core.xml, theme, calcChain, "
            "printer settings): the workbook is still read")

    # Documents that only mention a form.
    unknown = {"kind": "unknown", "form_version": "", "format": "xlsx", "status": "invalid",
               "findings": codes("unknown-form")}
    b = Book(title="御見積書")
    sh = b.add("見積書")
    sh.widths = {1: 6, 2: 64, 3: 8, 4: 6, 5: 12, 6: 12, 7: 20}
    sh.set(1, 1, MARK_NOTE)
    sh.merge(1, 1, 1, 7)
    sh.set(2, 1, "御見積書", "bold")
    sh.merge(2, 1, 2, 7)
    sh.set(4, 1, "架空総合病院 御中")
    sh.set(4, 5, "見積日")
    sh.set(4, 6, D(2026, 11, 2))
    sh.set(5, 5, "架空メディカルシステムズ株式会社")
    for c, label in enumerate(["No.", "品名", "数量", "単位", "単価", "金額", "備考"], 1):
        sh.set(7, c, label, "bold")
    lines = [("医療機関におけるサイバーセキュリティ対策チェックリスト（事業者確認用）記入支援",
              1, "式", 50000),
             ("製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）作成", 1, "式",
              80000),
             ("電子カルテサーバ保守（年間）", 1, "年", 600000)]
    row = 8
    for i, (name, qty, unit, price) in enumerate(lines, 1):
        sh.set(row, 1, i)
        sh.set(row, 2, name)
        sh.set(row, 3, qty)
        sh.set(row, 4, unit)
        sh.set(row, 5, price)
        sh.set(row, 6, qty * price)
        row += 1
    sh.set(row, 5, "合計")
    sh.set(row, 6, sum(q * p for _, q, _, p in lines))
    s.write("other/quotation-mentions-checklist.xlsx", write_xlsx(b), unknown,
            "見積書。明細行に「チェックリスト（事業者確認用）」「MDS/SDS」とあるが、様式ではない",
            "A quotation whose line items name the checklist (事業者確認用) and the MDS/SDS: "
            "no form")
    b = Book(title="医療情報システム機器台帳")
    sh = b.add("台帳")
    sh.set(1, 1, MARK_NOTE)
    sh.set(2, 1, "医療情報システム機器台帳", "bold")
    for c, label in enumerate(["管理番号", "機器名", "設置場所", "台数", "提出書類"], 1):
        sh.set(4, c, label, "bold")
    rows = [("A-001", "電子カルテサーバ", "サーバ室", 2,
             "製造業者による医療情報セキュリティ開示書 受領済"),
            ("A-002", "PACS", "放射線科", 1, "サービス事業者による医療情報セキュリティ開示書 依頼中"),
            ("A-003", "端末PC", "各病棟", 40, "")]
    for r, values in enumerate(rows, 5):
        for c, v in enumerate(values, 1):
            sh.set(r, c, v)
    s.write("other/inventory-mentions-mds-sds.xlsx", write_xlsx(b), unknown,
            "機器台帳。行に開示書の名前が書かれているが、様式ではない",
            "An inventory of devices whose rows name the MDS and the SDS: no form")


README_HEAD = """# samples/ — 架空の提出書類 / synthetic submissions

**すべて架空です。** 実在の企業・製品・開示書とは関係ありません。各ファイルの中に
「%s」と書いてあります。JAHIS MDS/SDS の公式項目は公開されていないため、確認項目は
このサンプルのために書いたものです。MHLW チェックリストの項目文は DOMAIN.md §2.2 の
とおりです。

**Everything here is synthetic**: fictional vendors and products, each file marked
inside. The MDS/SDS questions are written for these samples (the official JAHIS list
is not public); the MHLW checklist items are as DOMAIN.md §2.2 gives them.

Regenerate with `make samples` (`/usr/bin/python3 samples/make_samples.py samples`);
the output is byte-for-byte deterministic. `tests/samples-manifest.json` says, for each file, what
kaiji must conclude under `--as-of %s` and target guideline %s: kind, form
version, format, status, the findings that must appear (and for good files, that no
error appears). `tests/test_samples.c` checks it.

The programs: `make_samples.py` (the documents, the manifest and this README) and
`xlsxgen.py` (a small deterministic XLSX / XML Spreadsheet 2003 writer with several
"writer styles": Excel, LibreOffice, inline strings, `x:` prefixes, Strict OOXML,
absolute relationship targets, cells without `r`, `.xlsm`) and `odsgen.py` (the same
workbooks as OpenDocument spreadsheets, laid out as LibreOffice Calc lays them out).
Python 3 standard library only. `bench/make_corpus.py` reuses them for the benchmark corpus.

`register/` holds a template contract register (契約台帳) for `kaiji register import`, in
CSV UTF-8 with BOM, CSV CP932 and XLSX, written by `make_register.py`: its contracts fit
these submissions so that `kaiji status --as-of %s` shows every contract state.

Status: valid 有効 / outdated 旧版 / invalid 不備あり / unreadable 読めない.

| file | status | findings | 内容 | what it shows |
|---|---|---|---|---|
"""


def write_manifest_and_readme(s):
    manifest = {
        "about": "What kaiji must conclude about each sample, derived from how "
                 "make_samples.py generated it (not from running kaiji). 'findings': "
                 "each {code[, item]} must be reported, or one of 'any_of'; 'no_errors': "
                 "no finding of severity error; 'items': number of items; "
                 "'expect_items': answers of given items; 'group': files holding the same "
                 "document in different layouts (same item IDs and answers); "
                 "'catalog_from': validate with the catalog imported from that template.",
        "synthetic": True,
        "as_of": AS_OF,
        "target_guideline": TARGET_GUIDELINE,
        "samples": s.entries,
    }
    with open(s.manifest, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    lines = [README_HEAD % (MARK, AS_OF, TARGET_GUIDELINE, AS_OF)]
    for e in s.entries:
        found = []
        for f in e.get("findings", []):
            if "any_of" in f:
                found.append(" or ".join(f["any_of"]))
            else:
                found.append(f["code"] + (" (%s)" % f["item"] if "item" in f else ""))
        lines.append("| `%s` | %s | %s | %s | %s |\n" % (
            e["path"], e["status"], ", ".join(found) or "—", e["about_ja"], e["about_en"]))
    size = sum(os.path.getsize(os.path.join(s.outdir, e["path"])) for e in s.entries)
    lines.append("\n%d files, %d KiB in all.\n" % (len(s.entries), (size + 1023) // 1024))
    with open(os.path.join(s.outdir, "README.md"), "w", encoding="utf-8") as f:
        f.write("".join(lines))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = argv[1] if len(argv) > 1 else here
    # The manifest lives with the tests, so that `kaiji validate samples/`
    # sees only submissions.
    manifest = argv[2] if len(argv) > 2 else os.path.join(here, "..", "tests", "samples-manifest.json")
    s = Samples(outdir)
    s.manifest = manifest
    make_mds_sds(s)
    make_checklists(s)
    make_ovals(s)
    make_mds2(s)
    make_layouts(s)
    make_ods(s)
    make_template(s)
    make_exchange(s)
    make_broken(s)
    make_recognition(s)
    # The template contract register (not a submission: not in the manifest).
    make_register.write(os.path.join(outdir, "register"))
    write_manifest_and_readme(s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
