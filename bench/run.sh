#!/bin/sh
# bench/run.sh [BUILD_DIR] - the benchmark behind `make bench`.
#
# Generates a corpus of BENCH_N (default 1000) synthetic submissions into
# BUILD_DIR/bench-corpus, then measures over those same files, in this one
# run on this machine (bench/measure.py; bench/README.md explains):
#   - kaiji validate --format json with -j 1 and with its default -j (the
#     number of cores), and the default over the first 100 files (memory);
#   - openpyxl (python3-openpyxl), exceljs and SheetJS xlsx (npm) merely
#     loading every workbook and touching every cell value;
#   - the floor: libzip inflating every entry of every file (bench/inflate_floor.c,
#     built here with cc and pkg-config libzip), and the same with every XML
#     part parsed by libxml2 and, when expat is installed, by expat.
# Then the same over a second corpus of BENCH_LARGE_N (default 200) long
# MDS/SDS (bench/make_large_corpus.py), and bench/percall.py: start-up and one
# process per file over the first BENCH_PERFILE (default 100) of each corpus,
# against the libc-only floor (bench/read_floor.c).
# The npm packages are installed into BUILD_DIR/bench-node with `npm ci` from
# bench/package.json and bench/package-lock.json (pinned versions); without
# node or npm, or when the install fails, those two readers are reported as
# not measured.  Each reader runs BENCH_RUNS times (default 3); best times.
# Prints a Markdown table, also kept in BUILD_DIR/bench-results.md.
set -eu

BUILD=${1:-build}
N=${BENCH_N:-1000}
NL=${BENCH_LARGE_N:-200}
NP=${BENCH_PERFILE:-100}
PY=${PYTHON:-/usr/bin/python3}
export PYTHON="$PY"
KAIJI="$BUILD/kaiji"
CORPUS="$BUILD/bench-corpus"
NODEDIR="$BUILD/bench-node"
HERE=$(dirname "$0")

die() { echo "bench: $*" >&2; exit 1; }
warn() { echo "bench: WARNING: $*" >&2; }
[ -x /usr/bin/time ] ||
    die "needs GNU time as /usr/bin/time for peak memory (Debian: apt-get install time)"
[ -x "$KAIJI" ] || die "no $KAIJI: run make first"
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "needs openpyxl for $PY (Debian: apt-get install python3-openpyxl)"
[ "$N" -ge 100 ] || die "BENCH_N must be at least 100"

[ "$NL" -ge 100 ] || die "BENCH_LARGE_N must be at least 100"

# The floors, built like the project (C11, -O2, warnings as errors): libzip
# inflating (and libxml2 parsing), and a libc-only read for start-up.
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$BUILD/read_floor" "$HERE/read_floor.c" ||
    die "cannot build bench/read_floor.c"
# With expat (libexpat1-dev) at hand, the floor can also parse with expat:
# the parse floor of a reader built on it, measured beside libxml2's.
FLOOR_PKGS="libzip libxml-2.0"
FLOOR_DEFS=""
BENCH_EXPAT=""
if pkg-config --exists expat 2>/dev/null; then
    FLOOR_PKGS="$FLOOR_PKGS expat"
    FLOOR_DEFS="-DFLOOR_EXPAT"
    BENCH_EXPAT=$(pkg-config --modversion expat)
fi
export BENCH_EXPAT
# shellcheck disable=SC2046,SC2086 # pkg-config's flags are meant to be split
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror $FLOOR_DEFS $(pkg-config --cflags $FLOOR_PKGS) \
    -o "$BUILD/inflate_floor" "$HERE/inflate_floor.c" $(pkg-config --libs $FLOOR_PKGS) ||
    die "cannot build bench/inflate_floor.c (needs cc, libzip-dev and libxml2-dev)"

# The npm readers, at the versions of bench/package-lock.json.
NODE_MODULES=""
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    warn "node or npm not found: exceljs and SheetJS not measured"
elif [ -f "$NODEDIR/node_modules/.package-lock.json" ] &&
    cmp -s "$HERE/package-lock.json" "$NODEDIR/package-lock.json"; then
    NODE_MODULES=$(cd "$NODEDIR/node_modules" && pwd)
else
    mkdir -p "$NODEDIR"
    cp "$HERE/package.json" "$HERE/package-lock.json" "$NODEDIR/"
    echo "bench: npm ci exceljs and xlsx into $NODEDIR" >&2
    if npm ci --no-audit --no-fund --prefix "$NODEDIR" >"$NODEDIR/npm.log" 2>&1; then
        NODE_MODULES=$(cd "$NODEDIR/node_modules" && pwd)
    else
        rm -f "$NODEDIR/package-lock.json"
        warn "npm ci failed (see $NODEDIR/npm.log): exceljs and SheetJS not measured"
    fi
fi

"$PY" -B "$HERE/make_corpus.py" "$CORPUS" "$N"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck disable=SC2012 # the corpus names are plain ASCII
ls "$CORPUS"/*.xlsx | sort | head -n "$N" >"$TMP/all"
head -n 100 "$TMP/all" >"$TMP/100"
[ "$(wc -l <"$TMP/all")" -eq "$N" ] || die "$CORPUS does not hold $N files"

BENCH_CORPUS="the mix" "$PY" -B "$HERE/measure.py" "$BUILD" "$TMP/100" "$TMP/all" "$NODE_MODULES"

# The second corpus: long MDS/SDS (60-140 items, long questions, remarks).
LARGE="$BUILD/bench-large"
"$PY" -B "$HERE/make_large_corpus.py" "$LARGE" "$NL"
# shellcheck disable=SC2012 # the corpus names are plain ASCII
ls "$LARGE"/*.xlsx | sort | head -n "$NL" >"$TMP/large"
head -n 100 "$TMP/large" >"$TMP/large100"
echo
BENCH_CORPUS="long MDS/SDS, 60-140 items each" BENCH_RESULTS=bench-results-large.md \
    "$PY" -B "$HERE/measure.py" "$BUILD" "$TMP/large100" "$TMP/large" "$NODE_MODULES"

# Start-up and one process per file (the first BENCH_PERFILE files of each corpus).
head -n "$NP" "$TMP/all" >"$TMP/pf-mix"
head -n "$NP" "$TMP/large" >"$TMP/pf-large"
echo
"$PY" -B "$HERE/percall.py" "$BUILD" "$TMP/pf-mix" "the mix" "$TMP/pf-large" "long MDS/SDS" |
    tee "$BUILD/bench-results-percall.md"
