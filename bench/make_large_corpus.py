#!/usr/bin/python3
"""make_large_corpus.py OUTDIR [N] - writes N (default 200) long synthetic
JAHIS MDS and SDS disclosures into OUTDIR, the second corpus of the benchmark
(bench/run.sh): 60 to 140 items a form, question text of two to four
sentences (as the real forms word them, with the guideline's conditions and
examples), remarks on most いいえ and 対象外 answers, and on some はい.

Same writers, writer styles and layouts as bench/make_corpus.py (the
functions of samples/make_samples.py); deterministic (a fixed seed, fixed
ZIP timestamps).  Every file is marked 【架空のサンプル / SYNTHETIC SAMPLE】.
"""

import datetime
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "samples"))
import make_corpus as mc  # noqa: E402
import make_samples as ms  # noqa: E402
import xlsxgen as xg  # noqa: E402

D = datetime.date
SEED = 20261203

# Clauses that lengthen a question the way the published forms do.
CONDITIONS = [
    "医療情報システムの安全管理に関するガイドライン第6.0版の企画管理編・システム運用編に照らし、",
    "製品の出荷時設定だけでなく、医療機関が運用中に設定を変更した場合も含めて、",
    "オンプレミス型・クラウド型のいずれの提供形態においても、",
    "保守作業のために事業者が医療機関のネットワークへ接続する場合を含め、",
    "製品を構成する第三者製のソフトウェア部品(OS・ミドルウェア・ライブラリ)についても、",
]
EXAMPLES = [
    "(例: 利用者ID・パスワードに加えてICカードや生体情報を用いる方式)",
    "(例: 管理者権限での操作、設定の変更、データの一括出力)",
    "(例: 医療機関の情報システム担当者への書面による通知、専用の問い合わせ窓口)",
    "(例: 暗号化方式、鍵の長さ、鍵の管理方法を仕様書に明記している)",
    "(例: 年次の脆弱性診断、第三者によるペネトレーションテスト)",
]
NOTES = [
    "該当する機能・手順がある場合は、その概要と資料名を備考欄に記入してください。",
    "製品のバージョンにより対応が異なる場合は、対応するバージョンを備考欄に記入してください。",
    "医療機関の設定に依存する場合は、その旨と推奨設定を備考欄に記入してください。",
    "",
]
NO_REMARKS = [
    "現行バージョンでは未対応。次期メジャーバージョン(2027年度リリース予定)で対応を計画しており、"
    "それまでの間は運用手順書の第4章に記載の代替策で対応いただく。",
    "医療機関側の認証基盤との連携により実現可能。単体では未対応のため、導入時に個別に協議する。",
    "要望があれば個別に見積もりのうえ対応を検討する。現時点で提供予定はない。",
    "保守契約の範囲外。別途スポット契約により対応可能(費用は別途見積もり)。",
]
NA_REMARKS = [
    "本製品は外部記録媒体の接続口を持たず、データの書き出し機能も提供しないため該当しない。",
    "本サービスは参照系のみで医療情報の原本を保持せず、バックアップの対象となるデータがないため。",
    "リモートメンテナンスを行わない契約形態(オンサイト保守のみ)のため該当しない。",
    "クラウド型での提供のみであり、医療機関内に設置する機器がないため。",
]
YES_REMARKS = [
    "製品仕様書 第3章「セキュリティ機能」に記載。",
    "保守契約締結時に手順書を提示する。",
    "ISO/IEC 27001 認証取得済(架空)。",
]


def long_items(kind, rng):
    sections = ms.MDS_SECTIONS if kind == "mds" else ms.SDS_SECTIONS
    want = rng.randrange(60, 141)
    per = [want // len(sections)] * len(sections)
    for i in range(want - sum(per)):
        per[i] += 1
    items = []
    for si, ((sname, questions), count) in enumerate(zip(sections, per), 1):
        for qi in range(1, count + 1):
            base = questions[(qi - 1) % len(questions)]
            q = rng.choice(CONDITIONS) + base
            if rng.random() < 0.6:
                q += rng.choice(EXAMPLES)
            note = rng.choice(NOTES)
            if note:
                q += " " + note
            r = rng.random()
            if r < 0.72:
                ans = "はい"
                rem = rng.choice(YES_REMARKS) if rng.random() < 0.2 else ""
            elif r < 0.86:
                ans = "いいえ"
                rem = rng.choice(NO_REMARKS) if rng.random() < 0.85 else ""
            elif r < 0.97:
                ans = "対象外"
                rem = rng.choice(NA_REMARKS) if rng.random() < 0.85 else ""
            else:
                ans, rem = rng.choice(["", "未定", "一部対応"]), ""
            items.append(ms.Item("%d-%d" % (si, qi), sname, q, ans, rem))
    return items


def disclosure(rng, kind, i):
    vendor = rng.choice(mc.VENDORS)
    product = "%s %s-%d" % (rng.choice(mc.PRODUCTS), "MX" if kind == "mds" else "SV", i % 97)
    date = D(2025, 4, 1) + datetime.timedelta(days=rng.randrange(600))
    doc = ms.Disclosure(kind, vendor, product, "Ver.%d.%d" % (rng.randrange(1, 9), rng.randrange(10)),
                        date, "Ver.5.0", "第6.0版", "窓口 03-0000-%04d (架空)" % rng.randrange(10000),
                        "C-%05d" % i, long_items(kind, rng))
    layout = mc.MDS_LAYOUTS[i % len(mc.MDS_LAYOUTS)]
    return xg.write_xlsx(layout(doc), mc.STYLES[i % len(mc.STYLES)]), len(doc.items)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: make_large_corpus.py OUTDIR [N]\n")
        return 2
    out = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 200
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".xlsx"):
            os.remove(os.path.join(out, name))
    rng = random.Random(SEED)
    items = 0
    for i in range(n):
        kind = "mds" if rng.random() < 0.55 else "sds"
        data, count = disclosure(rng, kind, i)
        items += count
        with open(os.path.join(out, "%04d-%s-long.xlsx" % (i, kind)), "wb") as f:
            f.write(data)
    sys.stderr.write("large corpus: %d files in %s, %d items (%.0f a form)\n" % (
        n, out, items, items / max(n, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
