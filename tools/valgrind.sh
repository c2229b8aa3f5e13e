#!/bin/sh
# Runs the test binaries under valgrind memcheck, two at a time (the library
# code runs in the test workers; binaries that only drive the command are
# left out), then the kaiji command itself on the samples and kaiji serve;
# fails on any memory error or leak.
# Usage: sh tools/valgrind.sh BUILD TEST...
# (KAIJI_VALGRIND_ONLY="test_x test_y" runs only those binaries.)
set -u
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C.UTF-8
build=${1:-build}
# Without valgrind, a skip with its reason, as the tests skip (support.h).
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind: skipped: valgrind is missing (tools/install-deps.sh --tests installs it)"
  exit 0
fi
logs=$build/valgrind
rm -rf "$logs"; mkdir -p "$logs"
# The tests' folders of an earlier run (see tests/run-all.sh).
rm -rf "$build"/tmp/t-*
# Criterion runs each test in a worker it forks and re-executes, so children
# are traced; the programs tests start (the kaiji command, servers, system
# tools) are not: the command is checked on its own below.
vg="valgrind --trace-children=yes --trace-children-skip=*/kaiji,/usr/*,/bin/*,/sbin/* --leak-check=full --show-leak-kinds=definite,indirect \
 --errors-for-leak-kinds=definite,indirect --suppressions=tests/valgrind.supp --num-callers=30"
status=0
list=""
[ $# -gt 0 ] && shift
# The test binaries the Makefile names (a stale one in the build folder is not run).
for t in "$@"; do
  case "$(basename "$t")" in
    # The hostile-file tests time and measure child processes: not under valgrind.
    test_hostile_*) continue ;;
    # These only drive the kaiji command, a browser or the build (no library
    # code runs in them): the command is checked on its own below.
    test_browser|test_folders|test_golden|test_install|test_layers|test_progress|test_remind|test_serve*) continue ;;
  esac
  # KAIJI_VALGRIND_ONLY="test_a test_b": only these (while working on them).
  if [ -n "${KAIJI_VALGRIND_ONLY:-}" ]; then
    case " $KAIJI_VALGRIND_ONLY " in *" $(basename "$t") "*) ;; *) continue ;; esac
  fi
  list="$list $t"
done
# Two test binaries at a time (the machine's two cores), each in one worker.
export VG="$vg" LOGS="$logs"
printf '%s\n' $list | xargs -P 2 -n 1 sh -c '
  name=$(basename "$1")
  KAIJI_UNDER_VALGRIND=1 $VG --log-file="$LOGS/$name.%p.log" "$1" --jobs 1 --no-early-exit >"$LOGS/$name.out" 2>&1
  rc=$?
  tail -n 1 "$LOGS/$name.out" | grep Synthesis || echo "$name: exited $rc"
  exit $((rc != 0))' sh || status=1
tmp=$(mktemp -d)
$vg --log-file="$logs/cli-validate.%p.log" "$build"/kaiji validate -j 2 --as-of 2026-11-26 samples/ >/dev/null
$vg --log-file="$logs/cli-json.%p.log" "$build"/kaiji validate --format json samples/ >/dev/null
$vg --log-file="$logs/cli-register.%p.log" "$build"/kaiji register import --db "$tmp/k.db" samples/register/contracts.csv >/dev/null
$vg --log-file="$logs/cli-ingest.%p.log" "$build"/kaiji ingest --db "$tmp/k.db" samples/ >/dev/null
$vg --log-file="$logs/cli-status.%p.log" "$build"/kaiji status --db "$tmp/k.db" --as-of 2026-11-26 >/dev/null
$vg --log-file="$logs/cli-remind.%p.log" "$build"/kaiji remind --db "$tmp/k.db" --as-of 2026-11-26 --out "$tmp/mail" >/dev/null
# kaiji serve: its pages and an upload, a watched folder, then SIGTERM.
mkdir -p "$tmp/watch/sub"
cp samples/mds-sds/mds-5.0-good.xlsx "$tmp/watch/sub/"
cp samples/broken/truncated.xlsx "$tmp/watch/"
$vg --log-file="$logs/cli-serve.%p.log" "$build"/kaiji serve --listen 127.0.0.1:0 --db "$tmp/k.db" \
  --as-of 2026-11-26 --watch "$tmp/watch" --watch-interval 0.2 >"$tmp/serve.out" 2>/dev/null &
pid=$!
url=""
for _ in $(seq 120); do
  url=$(grep -o 'http://127[^ ]*' "$tmp/serve.out" 2>/dev/null) && break
  sleep 0.5
done
if [ -n "$url" ]; then
  base=${url%%/\?*}
  curl -s -c "$tmp/jar" "$url" >/dev/null
  for p in / /contract/KMS-2026-017 /upload /report/status.html /nowhere \
    "/audit?actor=watch&from=2026-01-01&to=2030-12-31" "/audit.csv?action=upload"; do
    curl -s -b "$tmp/jar" "$base$p" >/dev/null
  done
  csrf=$(curl -s -b "$tmp/jar" "$base/upload" | grep -o 'csrf=[0-9a-f]*' | head -1)
  curl -s -b "$tmp/jar" -F "files=@samples/mds-sds/mds-5.0-good.xlsx" \
    -F "files=@samples/broken/truncated.xlsx" "$base/upload?$csrf" >/dev/null
  # The watched folder's files, taken in (at most a minute under valgrind).
  for _ in $(seq 120); do
    curl -s -b "$tmp/jar" "$base/" | grep -q 'truncated.xlsx' && break
    sleep 0.5
  done
else
  echo "valgrind: kaiji serve printed no address"; status=1
fi
kill -TERM $pid; wait $pid
rm -rf "$tmp"
# A log without its summary is of a process that went on into a program
# valgrind does not trace (the kaiji command, a server, a system tool).
bad=$(grep -lE "ERROR SUMMARY: [1-9]|^==[0-9]+== (Invalid|Conditional jump|Use of uninit|Syscall param)" "$logs"/*.log 2>/dev/null)
cut=$(grep -L "ERROR SUMMARY" "$logs"/*.log 2>/dev/null)
[ -n "$cut" ] && echo "valgrind: $(echo "$cut" | wc -l) processes went on into untraced programs"
if [ -n "$bad" ]; then
  for f in $bad; do echo "== $f"; grep -A40 -m3 -E "^==[0-9]+== (Invalid|Conditional|Use of|[0-9,]+ bytes in)" "$f" | head -80; done
  status=1
fi
n=$(ls "$logs"/*.log | wc -l)
echo "valgrind: $n processes checked, $(echo "$bad" | grep -c .) with errors or leaks"
exit $status
