#!/bin/sh
# bench/run_serve.sh [BUILD_DIR] - the benchmark behind `make bench-serve`
# (bench/README.md): writes BENCH_N (default 500) files of the bench corpus
# into BUILD_DIR/bench-serve-corpus (bench/make_corpus.py, once for a given
# N), then runs BUILD_DIR/bench/bench_serve: BENCH_SERVE_CLIENTS (default 8)
# clients uploading them to a kaiji serve it starts, against kaiji ingest of
# the same files, in the same run.  Bounded by BENCH_SERVE_SECONDS (default
# 300).  Prints a Markdown table, also kept in BUILD_DIR/bench-serve-results.md.
set -eu

BUILD=${1:-build}
N=${BENCH_N:-500}
PY=${PYTHON:-/usr/bin/python3}
CORPUS="$BUILD/bench-serve-corpus"
HERE=$(dirname "$0")

die() { echo "bench-serve: $*" >&2; exit 1; }
[ -x "$BUILD/kaiji" ] || die "no $BUILD/kaiji: run make first"
[ -x "$BUILD/bench/bench_serve" ] || die "no $BUILD/bench/bench_serve: run make bench-serve"
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "needs openpyxl for $PY (Debian: apt-get install python3-openpyxl)"

# shellcheck disable=SC2012 # the corpus names are plain ASCII
if [ "$(ls "$CORPUS"/*.xlsx 2>/dev/null | wc -l)" -ne "$N" ]; then
    "$PY" -B "$HERE/make_corpus.py" "$CORPUS" "$N"
fi
{
    echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
    echo
    "$BUILD/bench/bench_serve" "$BUILD/kaiji" "$CORPUS" "$BUILD"
    echo
    echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$BUILD/bench-serve-results.md"
