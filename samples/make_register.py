#!/usr/bin/python3
"""The template contract register of samples/register/ (kaiji register import):
contracts.csv (UTF-8 with BOM, CRLF, as Excel's "CSV UTF-8" saves it),
contracts-cp932.csv (the same in CP932, as Japanese Excel's plain "CSV" saves
it) and contracts.xlsx (the same as a workbook, dates as date cells).

Everything is synthetic.  The contracts are chosen to fit the sample
submissions of samples/ so that

    kaiji register import samples/register/contracts.csv
    kaiji ingest samples/
    kaiji status --as-of 2026-11-26

shows every contract state:

  KMS-2026-017   complete      its newest checklist (R8, current) names it; its
                               MDS is matched by vendor and product (the newest
                               is valid); its older R7 checklist no longer counts
  TST-24-001     outdated      R6 checklist and MDS Ver.4.1, both outdated
  KMS-2026-018   invalid       its checklist (いいえ without 目標日) is invalid
  SMP-2026-0042  invalid       the newest SDS naming it lacks the vendor name
  SMD-2026-001   missing       MDS2 received, checklist not yet, due 2026-12-25
  EXI-JP-2026-3  overdue       MDS2 and checklist received, SDS not, due 2026-10-31
  TST-24-003     not-required  no patient data

Used by make_samples.py (write()), or run alone: make_register.py OUTDIR.
Python 3 standard library only.
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsxgen import Book, EXCEL, write_xlsx  # noqa: E402

D = datetime.date

HEADER = ["契約番号", "事業者名", "メール", "システム名/機器名", "製品名", "契約種別",
          "患者情報の有無", "依頼日", "回答期限", "URL", "備考"]

# id, vendor, e-mail, system, product, type, patient data, requested, due,
# URL, note.  Vendor names are written as a hospital clerk would, not always
# as the vendor's own forms spell them (㈱, (株), 株式会社 ...).
CONTRACTS = [
    ("EXI-JP-2026-3", "Example Imaging Inc.", "disclosure@example-imaging.example",
     "SYNTH-CT 9000", "SYNTH-CT 9000 computed tomography system", "保守(機器)", "有",
     D(2026, 9, 15), D(2026, 10, 31), "https://example-imaging.example/disclosures/",
     "CT装置の保守。SDS 未着"),
    ("KMS-2026-017", "架空メディカルシステムズ(株)", "kaiji-sample@kms.example",
     "電子カルテ", "架空電子カルテ MX-7", "販売", "有",
     D(2026, 9, 1), D(2026, 10, 31), "", "電子カルテ更新"),
    ("KMS-2026-018", "架空メディカルシステムズ(株)", "kaiji-sample@kms.example",
     "電子カルテ", "架空電子カルテ MX-7", "保守", "有",
     D(2026, 9, 1), D(2026, 10, 31), "", "電子カルテ保守\n(年間契約)"),
    ("SMD-2026-001", "株式会社サンプル医療機器", "security@sample-iryoukiki.example",
     "超音波診断装置", "サンプル超音波診断装置 SU-5", "販売", "あり",
     D(2026, 11, 2), D(2026, 12, 25), "", ""),
    ("SMP-2026-0042", "サンプル医療情報㈱", "pacs-support@sample-iryou.example",
     "画像保管(PACS)", "サンプル画像保管クラウド", "クラウド", "○",
     D(2026, 8, 3), D(2026, 9, 30), "", "クラウド型 PACS"),
    ("TST-24-001", "株式会社テスト電子カルテ", "info@test-karte.example",
     "部門システム", "テスト部門システム TS-3", "販売", "有",
     D(2024, 6, 3), D(2024, 7, 31), "", ""),
    ("TST-24-003", "㈱テスト電子カルテ", "info@test-karte.example",
     "部門システム(閲覧端末)", "テスト部門システム TS-3", "保守", "無",
     None, None, "", "患者情報を扱わない"),
]


def _date_text(d, era):
    if d is None:
        return ""
    if era:
        return "令和%d年%d月%d日" % (d.year - 2018, d.month, d.day)
    return "%d/%d/%d" % (d.year, d.month, d.day)


def _csv_field(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv_text():
    """The register as CSV text (CRLF line ends); the due date of every other
    row is written in the Japanese era, as some clerks type it."""
    lines = [",".join(_csv_field(h) for h in HEADER)]
    for i, c in enumerate(CONTRACTS):
        row = list(c[:7]) + [_date_text(c[7], False), _date_text(c[8], i % 2 == 1),
                             c[9], c[10]]
        lines.append(",".join(_csv_field(v) for v in row))
    return "\r\n".join(lines) + "\r\n"


def xlsx_bytes():
    book = Book(title="契約台帳 (架空)")
    sh = book.add("契約台帳")
    sh.set(1, 1, "医療情報システム 契約台帳 【架空のサンプル / SYNTHETIC SAMPLE】", style="bold")
    for col, h in enumerate(HEADER, start=1):
        sh.set(3, col, h, style="bold")
    for r, c in enumerate(CONTRACTS, start=4):
        for col, v in enumerate(c, start=1):
            if v is not None and v != "":
                sh.set(r, col, v)
    return write_xlsx(book, EXCEL)


def write(outdir):
    os.makedirs(outdir, exist_ok=True)
    text = csv_text()
    with open(os.path.join(outdir, "contracts.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open(os.path.join(outdir, "contracts-cp932.csv"), "wb") as f:
        f.write(text.encode("cp932"))
    with open(os.path.join(outdir, "contracts.xlsx"), "wb") as f:
        f.write(xlsx_bytes())


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else
          os.path.join(os.path.dirname(os.path.abspath(__file__)), "register"))
