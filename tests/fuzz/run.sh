#!/bin/sh
# Runs the fuzz harnesses: run.sh BUILD_DIR SECONDS NAME...
#
# Seeds BUILD_DIR/seeds/NAME from samples/, tests/fuzz/make_corpus.py and the
# regression files (tests/fuzz/regressions/NAME-*; every one of them seeds
# "read"), keeps the growing corpus in BUILD_DIR/corpus/NAME, runs
# BUILD_DIR/fuzz/fuzz_NAME for SECONDS, and prints each harness's executions
# (from libFuzzer's last "Done N runs" line).  Exit status 1 when any harness
# crashed, leaked, timed out or tripped a sanitizer; its input is kept under
# BUILD_DIR/artifacts/.
set -u
build=$1; secs=$2; shift 2
python=${PYTHON:-python3}
rm -rf "$build/seeds"
"$python" tests/fuzz/make_corpus.py "$build/seeds" samples "$build/kaiji" || exit 1
for f in tests/fuzz/regressions/*; do
  [ -f "$f" ] || continue
  h=$(basename "$f" | cut -d- -f1)
  mkdir -p "$build/seeds/$h"
  cp "$f" "$build/seeds/$h/"
  cp "$f" "$build/seeds/read/"
done
# fuzz_zip: every ZIP among the workbook and package seeds, as it is.
mkdir -p "$build/seeds/zip"
for f in "$build"/seeds/xlsx/* "$build"/seeds/ods/*; do
  [ "$(head -c 2 "$f" 2>/dev/null)" = PK ] && cp "$f" "$build/seeds/zip/"
done
mkdir -p "$build/artifacts"
# A 32 MiB quarantine (ASan's default is 256 MiB) still holds every block
# freed during several inputs, so a use after free is caught; with the default
# most of the time went to cache misses on cold chunks (30% more executions
# per second).  Shorter allocation stacks in reports, for the same reason.
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=32:malloc_context_size=10}"
# Leaks inside libraries kaiji cannot fix (tests/fuzz/lsan.supp says which).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/fuzz/lsan.supp}"
status=0
summary=""
for h in "$@"; do
  case $h in json) dict=tests/fuzz/json.dict ;; register) dict=tests/fuzz/register.dict ;; read|zip) dict= ;; *) dict=tests/fuzz/xml.dict ;; esac
  mkdir -p "$build/corpus/$h"
  log="$build/fuzz-$h.log"
  echo "fuzz_$h: ${secs}s (log: $log)"
  "$build/fuzz/fuzz_$h" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 ${dict:+-dict=$dict} -artifact_prefix="$build/artifacts/$h-" \
    "$build/corpus/$h" "$build/seeds/$h" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz_$h FAILED (exit $rc):"
    grep -E 'ERROR:|SUMMARY:|^ +#[0-9]+ |Test unit written|contract broken' "$log" | head -n 40
    summary="$summary$(printf '%-14s FAILED, input in %s/artifacts/' "fuzz_$h" "$build")
"
  else
    summary="$summary$(printf '%-14s %12s executions in %ss' "fuzz_$h" "${runs:-?}" "$secs")
"
  fi
done
printf '\n%s' "$summary"
exit $status
