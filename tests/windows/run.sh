#!/bin/sh
# make check-windows: the Windows build (kaiji.exe from the zip's folder, its
# Japanese messages beside it) run under wine64, checked against the Linux
# build on the same inputs.  Each check prints "ok"/"not ok" and a reason;
# the last line is "N passed, N failed".
#   tests/windows/run.sh WINBUILD BUILD
set -u
WIN=${1:-build/windows}
BUILD=${2:-build}
ASOF=2026-11-26
stage=$(ls -d "$WIN"/stage/kaiji-*-win64 2>/dev/null | head -1)
if [ -z "$stage" ] || [ ! -f "$stage/kaiji.exe" ]; then
  echo "check-windows: no kaiji.exe under $WIN/stage (make windows first)"
  echo "0 passed, 1 failed"
  exit 1
fi
# Debian's wine64 puts its loader in /usr/lib/wine (the package wine adds
# /usr/bin/wine in front of it).
WINE=$(command -v wine64 || ls /usr/lib/wine/wine64 2>/dev/null || command -v wine || true)
if [ -z "$WINE" ]; then
  echo "check-windows: wine64 is missing (sh tools/install-deps.sh --windows)"
  echo "0 passed, 1 failed"
  exit 1
fi
T=$(cd "$WIN" && pwd)/tmp
rm -rf "$T" && mkdir -p "$T"
export WINEPREFIX="$(cd "$WIN" && pwd)/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree="
unset LC_ALL LANGUAGE XDG_CONFIG_HOME KAIJI_CONFIG KAIJI_DB KAIJI_TARGET_GUIDELINE KAIJI_LOCALEDIR
export LANG=C.UTF-8
exe=$(cd "$stage" && pwd)/kaiji.exe
linux=$(cd "$BUILD" && pwd)/kaiji
passed=0 failed=0
win() { "$WINE" "$exe" "$@"; }
ok() { passed=$((passed + 1)); printf 'ok - %s\n' "$1"; }
bad() { failed=$((failed + 1)); printf 'not ok - %s\n' "$1"; }
# JSON with its paths' separators made /, and the Windows build's
# (Z:-drive or \\?\) prefixes gone: what the two builds must agree on.
# The browser is started in the background (ShellExecute, start): wait for
# its record, at most 20 s.
opened() {
  i=0
  while [ $i -lt 40 ] && ! grep -q '確認結果.html' "$T/opened.txt" 2>/dev/null; do
    sleep 0.5; i=$((i + 1))
  done
  grep -q '確認結果.html' "$T/opened.txt" 2>/dev/null
}
norm() { python3 "$(dirname "$0")/normalize.py" "$1"; }

t0=$(date +%s)
# The first run makes the wine prefix (about half a minute).
win --version > "$T/version.txt" 2>&1
if grep -q '^kaiji ' "$T/version.txt"; then ok "kaiji.exe runs under wine64 ($(grep '^kaiji ' "$T/version.txt" | tr -d '\r'))"
else bad "kaiji.exe runs under wine64: $(head -3 "$T/version.txt")"; fi

# kaiji.exe needs no DLL beside it: it imports only Windows' own.
dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/.*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
extra=$(printf '%s\n' $dlls | grep -vxE 'kernel32.dll|advapi32.dll|crypt32.dll|shell32.dll|ws2_32.dll|bcrypt.dll|msvcrt.dll|user32.dll|secur32.dll|iphlpapi.dll' || true)
if [ -n "$dlls" ] && [ -z "$extra" ]; then ok "kaiji.exe needs only Windows' own DLLs ($dlls)"
else bad "kaiji.exe needs DLLs Windows has not: $extra"; fi

# The zip holds what the guide says, the batch file in CP932 and both texts with CRLF.
zip=$(ls "$WIN"/kaiji-*-win64.zip | head -1)
if python3 - "$zip" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
top = names[0].split("/")[0]
need = ["kaiji.exe", "開示書をチェック.bat", "はじめにお読みください.txt",
        "locale/ja/LC_MESSAGES/kaiji.mo", "契約台帳.xlsx", "samples/README.md"]
assert all(top + "/" + n in names for n in need), [n for n in need if top + "/" + n not in names]
assert sum(n.startswith(top + "/samples/") for n in names) > 50
bat = z.read(top + "/開示書をチェック.bat")
bat.decode("cp932")
guide = z.read(top + "/はじめにお読みください.txt")
for text in (bat, guide):
    assert text.count(b"\r\n") == text.count(b"\n") > 10
assert "確認結果.html" in bat.decode("cp932")
PY
then ok "the zip holds kaiji.exe, the batch file (CP932, CRLF), the guide (CRLF), the messages, the samples and a blank register"
else bad "the zip's contents"; fi

# 1. Every sample, validated with the same JSON as the Linux build and as
# tests/samples-golden.json (the readers' and the validator's results that
# tests/test_golden.c holds the Linux build to; the Criterion suites
# themselves do not run under wine, docs/reference.md says why).
win validate --format json -j 1 --as-of $ASOF samples/ > "$T/samples-win.json" 2> "$T/samples-win.err"
rw=$?
"$linux" validate --format json -j 1 --as-of $ASOF samples/ > "$T/samples-linux.json" 2>/dev/null
rl=$?
if [ $rw -eq $rl ] && norm "$T/samples-win.json" > "$T/a" && norm "$T/samples-linux.json" > "$T/b" && cmp -s "$T/a" "$T/b"; then
  ok "every sample gives the same JSON as on Linux (exit $rw, $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["documents"]))' "$T/samples-linux.json") documents)"
else
  bad "every sample gives the same JSON as on Linux (exit $rw vs $rl): $(diff "$T/a" "$T/b" | head -5)"
fi
if norm tests/samples-golden.json > "$T/g" && cmp -s "$T/a" "$T/g"; then
  ok "every sample gives the JSON of tests/samples-golden.json"
else
  bad "every sample against tests/samples-golden.json: $(diff "$T/a" "$T/g" | head -5)"
fi

# 2. Japanese file and folder names.
mkdir -p "$T/開示書 2026年/東京メディカル"
cp samples/mds-sds/$(ls samples/mds-sds | head -1) "$T/開示書 2026年/東京メディカル/製品Ａ_MDS・SDS.xlsx"
cp samples/checklist/$(ls samples/checklist | head -1) "$T/開示書 2026年/チェックリスト①.xlsx"
(cd "$T" && "$WINE" "$exe" validate --format json --as-of $ASOF "開示書 2026年") > "$T/ja-win.json" 2> "$T/ja-win.err"
rw=$?
(cd "$T" && "$linux" validate --format json --as-of $ASOF "開示書 2026年") > "$T/ja-linux.json" 2>/dev/null
if [ $rw -le 1 ] && grep -q '製品Ａ_MDS・SDS.xlsx' "$T/ja-win.json" && grep -q 'チェックリスト①.xlsx' "$T/ja-win.json" &&
   norm "$T/ja-win.json" > "$T/a" && norm "$T/ja-linux.json" > "$T/b" && cmp -s "$T/a" "$T/b"; then
  ok "Japanese file and folder names are read, and named as on Linux"
else
  bad "Japanese file and folder names (exit $rw): $(head -3 "$T/ja-win.err") $(diff "$T/a" "$T/b" | head -3)"
fi

# 3. A ZIP of disclosures.
python3 - "$T/開示書一式.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d in ("samples/mds-sds", "samples/checklist"):
        for f in sorted(os.listdir(d)):
            z.write(os.path.join(d, f), os.path.join(os.path.basename(d), f))
PY
(cd "$T" && "$WINE" "$exe" validate --format json --as-of $ASOF 開示書一式.zip) > "$T/zip-win.json" 2>/dev/null
rw=$?
(cd "$T" && "$linux" validate --format json --as-of $ASOF 開示書一式.zip) > "$T/zip-linux.json" 2>/dev/null
if [ $rw -le 1 ] && norm "$T/zip-win.json" > "$T/a" && norm "$T/zip-linux.json" > "$T/b" && cmp -s "$T/a" "$T/b" &&
   grep -q '開示書一式.zip!/' "$T/zip-win.json"; then
  ok "a ZIP of disclosures is opened and read as on Linux"
else
  bad "a ZIP of disclosures (exit $rw): $(diff "$T/a" "$T/b" | head -3)"
fi

# 4. The register from a CP932 CSV, submissions, and the status as on Linux.
win register import --db "$T/win.db" samples/register/contracts-cp932.csv > "$T/reg-win.txt" 2>&1
rw=$?
"$linux" register import --db "$T/linux.db" samples/register/contracts-cp932.csv > "$T/reg-linux.txt" 2>&1
if [ $rw -eq 0 ] && cmp -s "$T/reg-win.txt" "$T/reg-linux.txt"; then
  ok "a register in CP932 (Excel's CSV) is imported as on Linux"
else
  bad "a register in CP932 (exit $rw): $(diff "$T/reg-win.txt" "$T/reg-linux.txt" | head -3)"
fi
win ingest --db "$T/win.db" --as-of $ASOF samples/mds-sds samples/checklist samples/mds2 > /dev/null 2>&1
"$linux" ingest --db "$T/linux.db" --as-of $ASOF samples/mds-sds samples/checklist samples/mds2 > /dev/null 2>&1
win status --db "$T/win.db" --as-of $ASOF --format json > "$T/status-win.json" 2>/dev/null
"$linux" status --db "$T/linux.db" --as-of $ASOF --format json > "$T/status-linux.json" 2>/dev/null
if [ -s "$T/status-win.json" ] && norm "$T/status-win.json" > "$T/a" && norm "$T/status-linux.json" > "$T/b" && cmp -s "$T/a" "$T/b"; then
  ok "ingest and status give the same contracts' states as on Linux"
else
  bad "ingest and status: $(diff "$T/a" "$T/b" | head -3)"
fi

# 5. The status workbook, under a Japanese name.
win status --db "$T/win.db" --as-of $ASOF --format xlsx -o "$T/状況 2026.xlsx" > /dev/null 2>&1
if python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert "xl/workbook.xml" in z.namelist()' "$T/状況 2026.xlsx" 2>/dev/null; then
  ok "status --format xlsx writes a workbook under a Japanese name"
else
  bad "status --format xlsx writes a workbook under a Japanese name"
fi

# 6. The checklist draft (read back and checked by kaiji.exe itself).
win checklist draft --db "$T/win.db" --as-of $ASOF --answer 3②=はい -o "$T/下書き.xlsx" > /dev/null 2>&1
rw=$?
if [ $rw -le 1 ] && [ -s "$T/下書き.xlsx" ]; then ok "checklist draft writes the hospital's checklist (exit $rw)"
else bad "checklist draft (exit $rw)"; fi

# 7. Japanese messages from the catalog beside kaiji.exe.
LANG=ja_JP.UTF-8 win validate --help > "$T/help-ja.txt" 2>&1
if grep -q '使い方' "$T/help-ja.txt"; then ok "messages are in Japanese under LANG=ja_JP.UTF-8"
else bad "messages are in Japanese: $(head -2 "$T/help-ja.txt")"; fi

# 8. A file that does not exist: the same message and exit status.
win validate "$T/ない.xlsx" > /dev/null 2> "$T/missing.txt"
rw=$?
if [ $rw -eq 2 ] && grep -q 'ない.xlsx' "$T/missing.txt"; then ok "a missing file is named in the error, exit 2"
else bad "a missing file (exit $rw): $(head -2 "$T/missing.txt")"; fi

# 9. A path past Windows' 260 characters.
deep=$T/長いパス/$(python3 -c "print('/'.join(['長いフォルダー名長いフォルダー名'] * 16))")
mkdir -p "$deep" && cp samples/mds-sds/mds-4.1-outdated.xlsx "$deep/開示書.xlsx"
win validate --format json --as-of $ASOF "$T/長いパス" > "$T/long.json" 2> "$T/long.err"
rw=$?
if [ $rw -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["documents"]
assert len(d) == 1 and d[0]["path"].endswith("/開示書.xlsx") and len(d[0]["path"]) > 300 and d[0]["status"] == "outdated"
' "$T/long.json" 2>/dev/null; then ok "a file under a path of more than 260 characters is read"
else bad "a path of more than 260 characters (exit $rw): $(head -2 "$T/long.err")"; fi

# 10. The configuration from %APPDATA%\kaiji\config.
appdata=$("$WINE" cmd /c echo %APPDATA% 2>/dev/null | tr -d '\r')
conf=$("$WINE" winepath -u "$appdata" 2>/dev/null | tr -d '\r')
if [ -n "$conf" ] && mkdir -p "$conf/kaiji" && printf 'organization = テスト総合病院\n' > "$conf/kaiji/config"; then
  win validate --format html --as-of $ASOF samples/mds-sds/mds-4.1-outdated.xlsx > "$T/conf.html" 2>/dev/null
  rm -rf "$conf/kaiji"
  if grep -q 'テスト総合病院' "$T/conf.html"; then ok "the configuration is read from %APPDATA%\\kaiji\\config"
  else bad "the configuration is read from %APPDATA%\\kaiji\\config"; fi
else
  bad "the configuration: wine gave no %APPDATA% ($appdata)"
fi

# 11. 開示書をチェック.bat: a folder dropped on it (cmd.exe in a Japanese
# locale, as on a Japanese Windows) writes 確認結果.html beside the folder and
# asks the browser to open it (wine's browser is xdg-open: BROWSER records).
mkdir -p "$T/bat/届いた開示書"
cp samples/mds-sds/*.xlsx "$T/bat/届いた開示書/"
printf '#!/bin/sh\nprintf "%%s\\n" "$1" > "%s/opened.txt"\n' "$T" > "$T/browser.sh"
chmod +x "$T/browser.sh"
batdir=$("$WINE" winepath -w "$T/bat/届いた開示書" 2>/dev/null | tr -d '\r')
(cd "$stage" && LANG=ja_JP.UTF-8 BROWSER="$T/browser.sh" \
   timeout 120 "$WINE" cmd /c 開示書をチェック.bat "$batdir") > "$T/bat.txt" 2>&1
if python3 -c '
import sys
html = open(sys.argv[1], encoding="utf-8").read()
assert "<html" in html and "mds-5.0-missing-answers.xlsx" in html
 ' "$T/bat/確認結果.html" 2>/dev/null && opened; then
  ok "a folder dropped on 開示書をチェック.bat gives 確認結果.html beside it, opened in the browser"
else
  bad "開示書をチェック.bat: $(iconv -f CP932 -t UTF-8 -c "$T/bat.txt" | head -3)"
fi

# 12. A folder dropped on kaiji.exe itself (Explorer passes its absolute
# path alone): the same report beside it, opened in the browser.
mkdir -p "$T/drop/届いた開示書"
cp samples/checklist/*.xlsx "$T/drop/届いた開示書/"
rm -f "$T/opened.txt"
dropdir=$("$WINE" winepath -w "$T/drop/届いた開示書" 2>/dev/null | tr -d '\r')
BROWSER="$T/browser.sh" timeout 120 "$WINE" "$exe" "$dropdir" > "$T/drop.txt" 2>&1
rw=$?
if [ $rw -le 1 ] && grep -q '<html' "$T/drop/確認結果.html" 2>/dev/null && opened; then
  ok "a folder dropped on kaiji.exe gives 確認結果.html beside it, opened in the browser (exit $rw)"
else
  bad "a folder dropped on kaiji.exe (exit $rw): $(head -3 "$T/drop.txt")"
fi

# 13. kaiji user: an administrator's account (Argon2id through libsodium).
KAIJI_PASSWORD=correct-horse-battery win user add kanri --role admin --db "$T/team.db" > "$T/user.txt" 2>&1
rw=$?
win user list --db "$T/team.db" > "$T/users.txt" 2>&1
if [ $rw -eq 0 ] && grep -q kanri "$T/users.txt"; then ok "kaiji user adds an administrator and lists it"
else bad "kaiji user (exit $rw): $(head -2 "$T/user.txt" "$T/users.txt" | tr '\n' ' ')"; fi

# 14. kaiji serve under wine: the dashboard on 127.0.0.1 in Japanese, its
# address with the one-time key, an upload checked and recorded, then
# stopped with Ctrl+C (wine turns SIGINT into the console's Ctrl+C).
win register import --db "$T/serve.db" samples/register/contracts-cp932.csv > /dev/null 2>&1
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rm -f "$T/opened.txt"
LANG=ja_JP.UTF-8 BROWSER="$T/browser.sh" "$WINE" "$exe" serve --open --db "$T/serve.db" --as-of $ASOF --listen 127.0.0.1:$port \
  > "$T/serve.txt" 2> "$T/serve.err" &
spid=$!
i=0
while [ $i -lt 120 ] && ! grep -q "token=" "$T/serve.txt" 2>/dev/null; do
  sleep 0.5; i=$((i + 1))
done
url=$(grep -o "http://127.0.0.1:$port/?token=[0-9a-f]*" "$T/serve.txt" | head -1)
jar=$T/serve.cookies
if [ -n "$url" ] && grep -q 'ブラウザー\|ブラウザ' "$T/serve.txt" &&
   curl -s -m 30 -c "$jar" -b "$jar" -L "$url" -o "$T/dash.html" &&
   grep -q '<html lang="ja"' "$T/dash.html" && grep -q 'KMS-2026-017' "$T/dash.html"; then
  ok "kaiji serve answers on 127.0.0.1 with the dashboard in Japanese, its address with the key"
else
  bad "kaiji serve's dashboard (url '$url'): $(head -3 "$T/serve.txt" "$T/serve.err" | tr '\n' ' ')"
fi
csrf=$(curl -s -m 30 -b "$jar" "http://127.0.0.1:$port/upload" | grep -o '/upload?csrf=[0-9a-f]*' | head -1)
if [ -n "$csrf" ] &&
   curl -s -m 60 -b "$jar" -F "files=@samples/mds-sds/mds-5.0-good.xlsx" \
        -H "Origin: http://127.0.0.1:$port" "http://127.0.0.1:$port$csrf" -o "$T/upload.html" &&
   grep -q 'mds-5.0-good.xlsx' "$T/upload.html" && grep -q '有効' "$T/upload.html" &&
   ! grep -q '受領済み' "$T/upload.html" &&
   curl -s -m 30 -b "$jar" "http://127.0.0.1:$port/contract/KMS-2026-017" -o "$T/contract.html" &&
   grep -q 'mds-5.0-good.xlsx' "$T/contract.html"; then
  ok "an upload to kaiji serve is checked and recorded on its contract"
else
  bad "an upload to kaiji serve (csrf '$csrf'): $(sed 's/<[^>]*>/ /g' "$T/upload.html" 2>/dev/null | tr -s ' \n' | tail -c 300)"
fi
i=0
while [ $i -lt 40 ] && ! grep -q "127.0.0.1:$port/?token=" "$T/opened.txt" 2>/dev/null; do
  sleep 0.5; i=$((i + 1))
done
if grep -q "127.0.0.1:$port/?token=" "$T/opened.txt" 2>/dev/null; then
  ok "kaiji serve --open opens its address in the default browser"
else
  bad "kaiji serve --open: the browser was not asked for the address ($(cat "$T/opened.txt" 2>/dev/null))"
fi
kill -INT $spid 2>/dev/null
i=0
while [ $i -lt 40 ] && kill -0 $spid 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
if ! kill -0 $spid 2>/dev/null; then
  ok "kaiji serve stops on Ctrl+C"
else
  kill $spid 2>/dev/null
  bad "kaiji serve did not stop on Ctrl+C"
fi
wait $spid 2>/dev/null

# HTTPS is not in the Windows build: --tls-cert is refused, saying so, exit 2.
if command -v openssl > /dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 1 \
    -subj /CN=localhost > /dev/null 2>&1
  LANG=ja_JP.UTF-8 timeout 60 "$WINE" "$exe" serve --db "$T/serve.db" --listen 127.0.0.1:0 \
    --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" > "$T/tls.txt" 2>&1
  rw=$?
  if [ $rw -eq 2 ] && grep -q 'HTTPS がありません' "$T/tls.txt"; then ok "kaiji serve --tls-cert is refused: the Windows build has no HTTPS (exit 2)"
  else bad "kaiji serve --tls-cert (exit $rw): $(head -2 "$T/tls.txt")"; fi
else
  bad "openssl is missing (it makes the certificate of the HTTPS check)"
fi

# 15. The output filter (cli/safeout.c over platform/windows.c's streams
# made of functions): a register's escape codes and a file name's bidi
# override are shown (\x1B, \u202E), never sent to the console, and the
# JSON keeps the name as it is (its own escapes, \u001b).
python3 - "$T/evil.csv" <<'PY'
import sys
t = open("samples/register/contracts.csv", encoding="utf-8-sig").read()
t = t.replace("Example Imaging Inc.", "Evil\x1b]0;pwned\x07\x1b[2J Imaging", 1)
open(sys.argv[1], "w", encoding="utf-8").write(t)
PY
mkdir -p "$T/evil"
cp samples/mds-sds/mds-5.0-good.xlsx "$T/evil/$(printf 'invoice\342\200\256xslx.exe').xlsx"
win register import --db "$T/evil.db" "$T/evil.csv" > /dev/null 2>&1
win status --db "$T/evil.db" --as-of $ASOF > "$T/evil-status.txt" 2>&1
win validate --as-of $ASOF "$T/evil" > "$T/evil-validate.txt" 2>&1
win status --db "$T/evil.db" --as-of $ASOF --format json > "$T/evil-status.json" 2>/dev/null
if grep -q 'Evil\\x1B\]0;pwned\\x07\\x1B\[2J Imaging' "$T/evil-status.txt" &&
   ! grep -q "$(printf '\033')" "$T/evil-status.txt" "$T/evil-validate.txt" &&
   grep -q 'invoice\\u202Exslx.exe.xlsx' "$T/evil-validate.txt" &&
   grep -q 'Evil\\u001b\]0;pwned\\u0007\\u001b\[2J Imaging' "$T/evil-status.json"; then
  ok "hostile escape codes and bidi overrides are shown, not sent to the console (the JSON keeps the name)"
else
  bad "the output filter: $(grep -a Evil "$T/evil-status.txt" | head -1 | od -c | head -2 | tr '\n' ' ')"
fi

# 16. kaiji serve's language per request, whatever the process's (a server
# started under LANG=C.UTF-8): Japanese by default, English for a browser
# that prefers it (Accept-Language), each request in its own language while
# the other threads keep theirs (platform/windows.c's thread-local choice).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LANG=C.UTF-8 "$WINE" "$exe" serve --db "$T/serve.db" --as-of $ASOF --listen 127.0.0.1:$port \
  > "$T/lang.txt" 2> "$T/lang.err" &
spid=$!
i=0
while [ $i -lt 120 ] && ! grep -q "token=" "$T/lang.txt" 2>/dev/null; do
  sleep 0.5; i=$((i + 1))
done
url=$(grep -o "http://127.0.0.1:$port/?token=[0-9a-f]*" "$T/lang.txt" | head -1)
jar=$T/lang.cookies
if [ -n "$url" ] && curl -s -m 30 -c "$jar" -b "$jar" -L "$url" -o "$T/lang-ja.html" &&
   curl -s -m 30 -b "$jar" -H 'Accept-Language: en-US,en;q=0.9,ja;q=0.8' "http://127.0.0.1:$port/" -o "$T/lang-en.html" &&
   curl -s -m 30 -b "$jar" -H 'Accept-Language: ja,en;q=0.9' "http://127.0.0.1:$port/" -o "$T/lang-ja2.html" &&
   grep -q '<html lang="ja"' "$T/lang-ja.html" && grep -q 'ダッシュボード' "$T/lang-ja.html" &&
   grep -q '<html lang="en"' "$T/lang-en.html" && grep -q '<title>Dashboard' "$T/lang-en.html" &&
   ! grep -q 'ダッシュボード' "$T/lang-en.html" &&
   grep -q '<html lang="ja"' "$T/lang-ja2.html" && grep -q 'ダッシュボード' "$T/lang-ja2.html"; then
  ok "kaiji serve under LANG=C.UTF-8 answers in Japanese, and in English where Accept-Language prefers it"
else
  bad "kaiji serve's language per request (url '$url'): $(grep -o '<title>[^<]*' "$T/lang-ja.html" "$T/lang-en.html" "$T/lang-ja2.html" 2>/dev/null | tr '\n' ' ')"
fi
# The print-ready report of an English page is in English, of a Japanese one in Japanese.
if curl -s -m 30 -b "$jar" -H 'Accept-Language: en' "http://127.0.0.1:$port/report/status.html" -o "$T/lang-report-en.html" &&
   curl -s -m 30 -b "$jar" "http://127.0.0.1:$port/report/status.html" -o "$T/lang-report-ja.html" &&
   grep -q '<h1>Documents received, contract by contract</h1>' "$T/lang-report-en.html" &&
   ! grep -q '期限超過' "$T/lang-report-en.html" &&
   grep -q '<h1>契約ごとの提出状況</h1>' "$T/lang-report-ja.html"; then
  ok "kaiji serve's report to print follows the page's language (English, Japanese)"
else
  bad "kaiji serve's report to print in the page's language: $(grep -o '<h1>[^<]*' "$T/lang-report-en.html" "$T/lang-report-ja.html" 2>/dev/null | tr '\n' ' ')"
fi
kill -INT $spid 2>/dev/null
i=0
while [ $i -lt 40 ] && kill -0 $spid 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
kill $spid 2>/dev/null
wait $spid 2>/dev/null

# 17. No HTTPS in the Windows build: listening beyond this computer is
# refused in Japanese, saying why, exit 2 (an administrator's account exists).
KAIJI_PASSWORD=correct-horse-battery win user add kanri --role admin --db "$T/serve.db" > /dev/null 2>&1
LANG=ja_JP.UTF-8 timeout 60 "$WINE" "$exe" serve --db "$T/serve.db" --listen 0.0.0.0:0 > "$T/lan.txt" 2>&1
rw=$?
if [ $rw -eq 2 ] && grep -q 'HTTPS がないため、このコンピューターの中だけで使えます' "$T/lan.txt" &&
   grep -q '127.0.0.1' "$T/lan.txt"; then
  ok "kaiji serve --listen 0.0.0.0 is refused in Japanese: no HTTPS in the Windows build (exit 2)"
else
  bad "kaiji serve --listen 0.0.0.0 (exit $rw): $(head -2 "$T/lan.txt")"
fi

# 18. An unreadable file's findings are kept in both languages: ingested in
# Japanese, told in English under LANG=C.UTF-8 (read again under each
# language through the thread's choice of platform/windows.c).
mkdir -p "$T/unread"
cp samples/broken/truncated.xlsx "$T/unread/KMS-2026-017_MDS.xlsx"
win register import --db "$T/unread.db" samples/register/contracts.csv > /dev/null 2>&1
LANG=ja_JP.UTF-8 win ingest --db "$T/unread.db" --as-of $ASOF "$T/unread" > /dev/null 2>&1
LANG=C.UTF-8 win status --db "$T/unread.db" --as-of $ASOF > "$T/unread-en.txt" 2>&1
LANG=ja_JP.UTF-8 win status --db "$T/unread.db" --as-of $ASOF > "$T/unread-ja.txt" 2>&1
if grep -q 'the file is not a complete ZIP archive' "$T/unread-en.txt" &&
   grep -q '完全な ZIP アーカイブではありません' "$T/unread-ja.txt"; then
  ok "an unreadable file ingested in Japanese is told in English under LANG=C.UTF-8, and in Japanese"
else
  bad "an unreadable file's findings in both languages: $(grep -a -A1 KMS-2026-017_MDS "$T/unread-en.txt" | head -2 | tr '\n' ' ')"
fi

t1=$(date +%s)
echo "check-windows: $((t1 - t0)) s under wine64"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
