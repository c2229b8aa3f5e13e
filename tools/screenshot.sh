#!/bin/sh
# Renders the README's screenshots of the HTML reports with headless Chromium:
#   docs/report-validate.png  kaiji validate --format html samples/
#   docs/report-status.png    kaiji status --format html, after the README's
#                             sample walk-through (register import, ingest)
# Both as of 2026-11-26, the date of the README's examples.  It also keeps
# the two HTML files and their A4 PDFs in build/screenshots/ and prints their
# sizes and page counts.
# Usage: sh tools/screenshot.sh [BUILD]   (BUILD: the build folder, default build)
set -eu
build=${1:-build}
case $build in /*) ;; *) build="$(pwd)/$build" ;; esac
kaiji="$build/kaiji"
chromium=/usr/bin/chromium
as_of=2026-11-26
[ -x "$kaiji" ] || { echo "no $kaiji: run make first" >&2; exit 1; }
[ -x "$chromium" ] || { echo "no $chromium: run tools/install-deps.sh" >&2; exit 1; }

out="$build/screenshots"
rm -rf "$out"
mkdir -p "$out" docs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# In Japanese, as the clerk runs it, with the hospital's name on the report.
export LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE=
org=架空総合病院
"$kaiji" validate --format html --as-of $as_of --org $org samples/ > "$out/validate.html" ||
  [ $? -eq 1 ]
db="$tmp/kaiji.db"
"$kaiji" register import --db "$db" samples/register/contracts.csv > /dev/null
"$kaiji" ingest --db "$db" samples/ > /dev/null || [ $? -eq 1 ]
"$kaiji" status --db "$db" --format html --as-of $as_of --org $org > "$out/status.html" ||
  [ $? -eq 1 ]

# One fresh profile per run; nothing goes to the network.
render() { # render MODE HTML OUT
  profile=$(mktemp -d "$tmp/profile.XXXXXX")
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" "$1=$3" $4 "file://$2" > "$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; exit 1; }
}
for name in validate status; do
  render --screenshot "$out/$name.html" "docs/report-$name.png" "--window-size=1200,1600"
  render --print-to-pdf "$out/$name.html" "$out/$name.pdf" "--no-pdf-header-footer"
  pages=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Pages: *//p')
  size=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Page size: *//p')
  echo "$name: $(wc -c < "$out/$name.html") bytes of HTML, $pages A4 pages ($size), docs/report-$name.png $(wc -c < "docs/report-$name.png") bytes"
done
