#!/bin/sh
# Packs build/windows/kaiji-VERSION-win64.zip (make windows): one folder,
# kaiji-VERSION-win64/, holding
#   kaiji.exe                 the command (static: no DLL beside it)
#   開示書をチェック.bat      drop a folder on it: 確認結果.html beside the folder
#   はじめにお読みください.txt the Japanese quick guide (docs/windows-guide-ja.md, CRLF)
#   locale/ja/LC_MESSAGES/kaiji.mo  the Japanese messages
#   samples/                  the sample disclosures (samples/, without their generators)
#   契約台帳.xlsx             a blank register (kaiji register template)
# The .bat is written in CP932 with CRLF, as cmd.exe reads it on a Japanese
# Windows.
#   tools/package-windows.sh WINBUILD VERSION BUILD
set -eu
WIN=$1 VERSION=$2 BUILD=$3
NAME=kaiji-$VERSION-win64
STAGE=$WIN/stage/$NAME
rm -rf "$WIN/stage" && mkdir -p "$STAGE/locale/ja/LC_MESSAGES"
cp "$WIN/kaiji.exe" "$STAGE/"
cp "$BUILD/locale/ja/LC_MESSAGES/kaiji.mo" "$STAGE/locale/ja/LC_MESSAGES/"
# The guide and the batch file: CRLF; the batch file in CP932.
{ printf '\357\273\277'; sed 's/$/\r/' docs/windows-guide-ja.md; } > "$STAGE/はじめにお読みください.txt"
sed 's/$/\r/' packaging/windows/check.bat | iconv -f UTF-8 -t CP932 > "$STAGE/開示書をチェック.bat"
mkdir -p "$STAGE/samples"
for d in samples/*/; do
  cp -r "$d" "$STAGE/samples/"
done
cp samples/README.md "$STAGE/samples/"
LANG=ja_JP.UTF-8 LANGUAGE= "$BUILD/kaiji" register template -o "$STAGE/契約台帳.xlsx" >/dev/null
rm -f "$WIN/$NAME.zip"
python3 - "$WIN/stage" "$NAME" "$WIN/$NAME.zip" <<'PY'
import os, sys, zipfile
stage, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(os.path.join(stage, name)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            z.write(p, os.path.relpath(p, stage))
PY
echo "  ZIP    $WIN/$NAME.zip ($(du -k "$WIN/$NAME.zip" | cut -f1) KB)"
