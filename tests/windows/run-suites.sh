#!/bin/sh
# make windows-tests: each Criterion suite built for Windows
# (WINBUILD/tests/NAME.exe) run under wine64, one after the other, from the
# source tree (the tests find it by its Linux path: wine's Z: drive is /).
# Prints what failed, each skipped test with its reason, each suite's
# Criterion line, the suites tests/windows/suites.txt leaves out with their
# reason, and last "N passed, N failed, N skipped" over all suites.
#   tests/windows/run-suites.sh WINBUILD EXE...
set -u
WIN=${1:-build/windows}
shift
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
list=$here/suites.txt
WINE=$(command -v wine64 || ls /usr/lib/wine/wine64 2>/dev/null || command -v wine || true)
if [ -z "$WINE" ]; then
  echo "windows-tests: wine64 is missing (sh tools/install-deps.sh --windows)"
  echo "0 passed, 1 failed"
  exit 1
fi
WINEPREFIX="$(cd "$WIN" && pwd)/wineprefix"
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree="
unset LC_ALL LC_MESSAGES LANGUAGE XDG_CONFIG_HOME KAIJI_CONFIG KAIJI_DB KAIJI_TARGET_GUIDELINE KAIJI_LOCALEDIR
export LANG=C.UTF-8
passed=0 failed=0 skipped=0 status=0
t0=$(date +%s)

# Every suite has its line in the list.
for f in "$src"/tests/test_*.c; do
  n=$(basename "$f" .c)
  n=${n#test_}
  if ! grep -qE "^(run|out)[[:space:]]+$n([[:space:]]|\$)" "$list"; then
    echo "windows-tests: $n is not in tests/windows/suites.txt (run or out, with a reason)"
    failed=$((failed + 1)) status=1
  fi
done

cd "$src" || exit 1
for t in "$@"; do
  name=$(basename "$t" .exe)
  s0=$(date +%s)
  # The tests the list leaves out of this suite: a filter without them
  # (Criterion reports each as skipped, "disabled"; its reason is printed here).
  left=$(sed -n "s|^skip[[:space:]]\{1,\}${name#test_}[[:space:]]\{1,\}\([a-z0-9_]*/[a-z0-9_]*\)[[:space:]].*|\1|p" "$list" | paste -sd'|' -)
  for l in $(printf '%s' "$left" | tr '|' ' '); do
    printf '[SKIP] %s: skipped on Windows: %s\n' "$l" \
      "$(sed -n "s|^skip[[:space:]]\{1,\}${name#test_}[[:space:]]\{1,\}${l}[[:space:]]\{1,\}||p" "$list")"
  done
  if [ -n "$left" ]; then
    out=$("$WINE" "$t" --jobs 2 --verbose --filter "!($left)" 2>&1 | tr -d '\r'); rc=$?
  else
    out=$("$WINE" "$t" --jobs 2 --verbose 2>&1 | tr -d '\r'); rc=$?
  fi
  printf '%s\n' "$out" | grep -vE '^\[(----|RUN |PASS|SKIP|====)\]' | tail -n 30 | grep -E 'FAIL|CRASH|Assertion|Warning' || true
  printf '%s\n' "$out" | grep -E '^\[SKIP\]|^\[----\] not checked:' | grep -v ': Test is disabled$' || true
  skipped=$((skipped + $(printf '%s\n' "$out" | grep -cE '^\[SKIP\]')))
  line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
  printf '%s %s (%ss)\n' "$name" "${line#\[====\] }" $(($(date +%s) - s0))
  p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
  f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p')
  passed=$((passed + ${p:-0}))
  for x in $f; do failed=$((failed + x)); done
  if [ $rc -ne 0 ]; then
    status=1
    echo "$name.exe: exited $rc"
    printf '%s\n' "$out" | grep -vE '^\[(RUN |PASS|SKIP|====)\]|^\[----\]   <' | tail -n 20
    [ -z "$line" ] && failed=$((failed + 1))
  fi
done

echo "left out under Windows (tests/windows/suites.txt):"
sed -n 's/^out[[:space:]]\{1,\}\([a-z0-9_]*\)[[:space:]]*\(.*\)/  test_\1: \2/p' "$list"
echo "windows-tests: $# suites under wine64 in $(($(date +%s) - t0)) s"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
