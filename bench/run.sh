#!/bin/sh
# bench/run.sh [BUILD_DIR] - the benchmark behind `make bench`.
#
# Generates a corpus of BENCH_N (default 1000) synthetic submissions into
# BUILD_DIR/bench-corpus, then measures, in this one run on this machine:
#   - kaiji validate --format json over the first 100 files and over all of
#     them (wall time: best of BENCH_RUNS, default 3; peak RSS);
#   - openpyxl (python3-openpyxl) merely loading the same files and touching
#     every cell (one run: it is slow).
# Prints a Markdown table, also kept in BUILD_DIR/bench-results.md.
# Wall time and peak RSS come from GNU time: /usr/bin/time -f '%e %M'
# (Debian package "time").  kaiji's exit status (1 when some document is
# invalid) is ignored.
set -eu

BUILD=${1:-build}
N=${BENCH_N:-1000}
RUNS=${BENCH_RUNS:-3}
PY=${PYTHON:-/usr/bin/python3}
KAIJI="$BUILD/kaiji"
CORPUS="$BUILD/bench-corpus"
OUT="$BUILD/bench-results.md"
HERE=$(dirname "$0")

die() { echo "bench: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time as /usr/bin/time (apt-get install time)"
[ -x "$KAIJI" ] || die "no $KAIJI: run make first"
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "needs openpyxl (apt-get install python3-openpyxl)"

"$PY" -B "$HERE/make_corpus.py" "$CORPUS" "$N"
ALL=$(ls "$CORPUS"/*.xlsx | sort)
FIRST100=$(printf '%s\n' "$ALL" | head -n 100)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# measure FILELIST -> "seconds peak_kib" of the best of RUNS runs of kaiji
# (peak RSS is the largest seen over the runs).
measure_kaiji() {
    best=""; peak=0; i=0
    while [ "$i" -lt "$RUNS" ]; do
        # shellcheck disable=SC2086
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$KAIJI" validate --format json \
            --as-of 2026-11-26 $1 >"$TMP/out.json" 2>"$TMP/err" || true
        set -- "$1" $(tail -n 1 "$TMP/time")
        if [ -z "$best" ] || awk "BEGIN{exit !($2 < $best)}"; then best=$2; fi
        [ "$3" -gt "$peak" ] && peak=$3
        i=$((i + 1))
    done
    echo "$best $peak"
}

# The number of documents kaiji reported on, and how they were judged.
summary() {
    "$PY" -c '
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
    print("%d documents: %d valid, %d outdated, %d invalid, %d unreadable%s" % (
        s["documents"], s["valid"], s["outdated"], s["invalid"], s["unreadable"],
        "" if s["documents"] == int(sys.argv[2]) else " (WARNING: not every file)"))
except Exception as e:
    print("WARNING: kaiji output not readable as JSON (%s)" % e)
' "$TMP/out.json" "$1"
}

echo "bench: kaiji on 100 files" >&2
set -- $(measure_kaiji "$FIRST100"); K100_S=$1; K100_M=$2
S100=$(summary 100)
echo "bench: kaiji on $N files" >&2
set -- $(measure_kaiji "$ALL"); KN_S=$1; KN_M=$2
SN=$(summary "$N")
echo "bench: openpyxl on $N files (slow)" >&2
# shellcheck disable=SC2086
/usr/bin/time -f '%e %M' -o "$TMP/time" "$PY" "$HERE/load_openpyxl.py" $ALL >"$TMP/py" 2>&1 ||
    die "openpyxl failed: $(tail -n 3 "$TMP/py")"
set -- $(tail -n 1 "$TMP/time"); PY_S=$1; PY_M=$2

awk -v n="$N" -v k100s="$K100_S" -v k100m="$K100_M" -v kns="$KN_S" -v knm="$KN_M" \
    -v pys="$PY_S" -v pym="$PY_M" -v s100="$S100" -v sn="$SN" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')" '
function rate(docs, s) { return s > 0 ? docs / s : 0 }
BEGIN {
    r100 = rate(100, k100s); rn = rate(n, kns); rp = rate(n, pys)
    print "| run | files | seconds | documents/s | peak RSS (MiB) |"
    print "|---|---:|---:|---:|---:|"
    printf "| kaiji validate --format json | 100 | %.2f | %.0f | %.1f |\n", k100s, r100, k100m / 1024
    printf "| kaiji validate --format json | %d | %.2f | %.0f | %.1f |\n", n, kns, rn, knm / 1024
    printf "| openpyxl load_workbook + every cell | %d | %.2f | %.0f | %.1f |\n", n, pys, rp, pym / 1024
    print ""
    if (rp > 0)
        printf "kaiji / openpyxl: **%.0f×** the documents per second (target: at least 30×).\n", rn / rp
    printf "Peak memory of kaiji: %.1f MiB for 100 files, %.1f MiB for %d files", k100m / 1024, knm / 1024, n
    if (k100m > 0) printf " (×%.2f for %.0f× the files).\n", knm / k100m, n / 100; else print "."
    print ""
    print "kaiji judged the 100: " s100 "; the " n ": " sn "."
    print "Wall time of the whole process (kaiji: best of the runs); " cpu "."
}' | tee "$OUT"
