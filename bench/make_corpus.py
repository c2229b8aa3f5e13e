#!/usr/bin/python3
"""make_corpus.py OUTDIR [N] - writes N (default 1000) realistic synthetic
submissions into OUTDIR for the benchmark (bench/run.sh).

A mix like the one a hospital collects: JAHIS MDS and SDS, MHLW 事業者確認用
checklists, NEMA MDS2, all XLSX, written in the writer styles and layouts of
samples/ (the functions of samples/make_samples.py are reused), with varied
vendors, products, dates and answers.  Deterministic: a fixed seed, fixed ZIP
timestamps; the same N gives the same files.  Every file is marked
【架空のサンプル / SYNTHETIC SAMPLE】 like the samples.
"""

import datetime
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "samples"))
import make_samples as ms  # noqa: E402
import xlsxgen as xg  # noqa: E402

D = datetime.date
SEED = 20261126

VENDORS = ["架空メディカルシステムズ株式会社", "(株)サンプル医療情報", "㈱テスト電子カルテ",
           "Example Imaging Inc.", "架空ヘルスケア・ソリューションズ株式会社",
           "株式会社ダミー検査システム", "架空放射線機器株式会社", "サンプル薬局システム合同会社",
           "Fictional Devices GmbH", "架空クラウドサービス株式会社"]
PRODUCTS = ["電子カルテ", "オーダリング", "PACS", "部門検査システム", "レセプトコンピュータ",
            "内視鏡画像ファイリング", "透析管理", "調剤支援", "遠隔読影サービス", "給食管理"]
STYLES = [xg.EXCEL, xg.LIBREOFFICE, xg.INLINE, xg.DOTNET, xg.PREFIXED, xg.EXCEL]
MDS_LAYOUTS = [ms.mds_standard, ms.mds_columns_moved, ms.mds_rows_added,
               ms.mds_per_choice, ms.mds_renamed_with_cover, ms.mds_standard]


def disclosure(rng, kind, i):
    vendor = rng.choice(VENDORS)
    product = "%s %s-%d" % (rng.choice(PRODUCTS), "MX" if kind == "mds" else "SV", i % 97)
    date = D(2025, 4, 1) + datetime.timedelta(days=rng.randrange(600))
    version = rng.choice(["Ver.5.0", "Ver.5.0", "第5.0版", "MDS/SDS Ver.5.0", "Ver.4.1"])
    doc = ms.Disclosure(kind, vendor, product, "Ver.%d.%d" % (rng.randrange(1, 9), rng.randrange(10)),
                        date, version, "第6.0版" if "5.0" in version else "第5.2版",
                        "窓口 03-0000-%04d (架空)" % rng.randrange(10000),
                        "C-%05d" % i, ms.disclosure_items(kind, rng=rng))
    layout = MDS_LAYOUTS[i % len(MDS_LAYOUTS)]
    return xg.write_xlsx(layout(doc), STYLES[i % len(STYLES)])


def checklist(rng, i):
    c1 = D(2025, 4, 1) + datetime.timedelta(days=rng.randrange(300))
    answers = {}
    ids = [x[0] for x in ms.R7_VENDOR]
    for iid in rng.sample(ids, rng.randrange(3)):
        targets = {x[0]: x[2] for x in ms.R7_VENDOR}[iid]
        t = targets[0] if targets else ""
        answers[iid] = {"targets": {t: "いいえ"}, "remarks": "年度内に対応予定",
                        "target_date": D(2026, 3, rng.randrange(1, 31))}
    items = ms.checklist_items("R7", "vendor", c1, None, answers=answers)
    cl = ms.Checklist("R7", "vendor", rng.choice(VENDORS),
                      "%s システム" % rng.choice(PRODUCTS), "K-%05d" % i,
                      "担当者%d(架空)" % (i % 50), items)
    return xg.write_xlsx(ms.checklist_book(cl, date_style=rng.choice(["date", "era"])),
                         STYLES[i % len(STYLES)])


def mds2(rng, i):
    hdr = ms.mds2_header(vendor=rng.choice(VENDORS), model="M-%d" % i,
                         doc_id="DOC-%05d" % i,
                         date=D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(900)))
    secs, nn = ms.mds2_questions(rng=rng)
    return xg.write_xlsx(ms.mds2_book(hdr, secs, ms.mds2_notes(nn)), STYLES[i % len(STYLES)])


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: make_corpus.py OUTDIR [N]\n")
        return 2
    out = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 1000
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".xlsx"):
            os.remove(os.path.join(out, name))
    rng = random.Random(SEED)
    kinds = {"mds": 0, "sds": 0, "checklist": 0, "mds2": 0}
    for i in range(n):
        r = rng.random()
        if r < 0.35:
            kind, data = "mds", disclosure(rng, "mds", i)
        elif r < 0.60:
            kind, data = "sds", disclosure(rng, "sds", i)
        elif r < 0.85:
            kind, data = "checklist", checklist(rng, i)
        else:
            kind, data = "mds2", mds2(rng, i)
        kinds[kind] += 1
        with open(os.path.join(out, "%04d-%s.xlsx" % (i, kind)), "wb") as f:
            f.write(data)
    sys.stderr.write("corpus: %d files in %s (%s)\n" % (
        n, out, ", ".join("%s %d" % kv for kv in kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
